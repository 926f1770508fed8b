// Lifted knapsack cover cuts (Balas 1975; Wolsey, Integer Programming §9.3; lifting as in
// Gu, Nemhauser & Savelsbergh 1998, "Lifted cover inequalities for 0-1 integer programs").
//
// A row side Σ a_j x_j ≤ b becomes a knapsack over binary literals: binaries with a negative
// coefficient are complemented (x̄ = 1 − x), binaries fixed by the bounds and all non-binary columns
// are moved to the right-hand side at the bound that minimises their contribution (valid because every
// feasible point has at least that much activity there). A cover C (Σ_C a > b) is chosen greedily by
// (1 − x*_j)/a_j, made minimal, and the cover inequality Σ_C x ≤ |C| − 1 is lifted sequentially upward
// for the other literals (largest LP value first) with an exact dynamic programme over the lifted
// values (values are integers 0…|C|−1, so the table has |C|+1 entries).

/// Lifted knapsack cover cuts on rows whose binary part forms a knapsack.
struct KnapsackCoverSeparator: CutSeparator {
    var name: String { "knapsack" }
    /// Cuts returned per round, at most.
    var maxCuts = 150
    /// Rows with more entries are skipped.
    var maxRowLength = 5000

    func separate(_ context: CutContext) -> [Cut] {
        let model = context.model
        let m = model.matrix
        let x = context.values
        let (lower, upper) = cutBounds(context)
        var found: [(Cut, Double)] = []
        var items = KnapsackItems()
        for i in 0..<model.rowCount where m.rowStart[i + 1] - m.rowStart[i] <= maxRowLength {
            for side in 0..<2 {
                let bound = side == 0 ? model.rowUpper[i] : -model.rowLower[i]
                guard abs(bound) < mipInfinity else { continue }
                let sign = side == 0 ? 1.0 : -1.0
                guard items.load(row: i, sign: sign, rhs: bound, model: model, x: x, lower: lower, upper: upper)
                else { continue }
                if let cut = items.liftedCover(x: x, lower: lower, upper: upper, origin: name) { found.append(cut) }
            }
        }
        return selectCuts(found, limit: maxCuts, model: model, allowRowLength: true)
    }
}

/// The knapsack Σ weight·literal ≤ capacity of one row side; literal k is x[column[k]] or 1 − x[column[k]].
struct KnapsackItems {
    var column: [Int32] = []
    var negated: [Bool] = []
    var weight: [Double] = []
    var value: [Double] = []      // LP value of the literal
    var capacity = 0.0

    /// Reads `sign`·(row i) ≤ rhs. False when the row has no knapsack (a non-binary column without the
    /// needed bound, fewer than two literals, total weight within the capacity) or, with
    /// `requireFractional`, no fractional literal.
    mutating func load(row i: Int, sign: Double, rhs: Double, model: CompressedModel, x: [Double],
                       lower: [Double], upper: [Double], requireFractional: Bool = true) -> Bool {
        column.removeAll(keepingCapacity: true)
        negated.removeAll(keepingCapacity: true)
        weight.removeAll(keepingCapacity: true)
        value.removeAll(keepingCapacity: true)
        var b = rhs
        var fractional = false
        let m = model.matrix
        for k in m.rowStart[i]..<m.rowStart[i + 1] {
            let j = Int(m.columnIndex[k])
            let a = sign * m.rowValue[k]
            let binary = model.isInteger[j] && lower[j] >= 0 && upper[j] <= 1
            if !binary || lower[j] == upper[j] {
                // Replace a·x_j by its smallest value over the bounds.
                let bound = a > 0 ? lower[j] : upper[j]
                guard bound.isFinite else { return false }
                b -= a * bound
                continue
            }
            if abs(a) <= 1e-12 {
                // Drop the term: a·x ≥ min(0, a), so the rest is at most b − min(0, a).
                if a < 0 { b -= a }
                continue
            }
            let v = a > 0 ? x[j] : 1 - x[j]
            if a < 0 { b -= a }                  // a x = a − a(1 − x)
            column.append(Int32(j))
            negated.append(a < 0)
            weight.append(abs(a))
            value.append(min(1, max(0, v)))
            if v > 1e-6 && v < 1 - 1e-6 { fractional = true }
        }
        capacity = b
        guard fractional || !requireFractional, column.count >= 2, b >= 0 else { return false }
        var total = 0.0
        for w in weight { total += w }
        return total > b + 1e-6 * max(1, abs(b))
    }

    /// A minimal cover by the greedy ratio (1 − x*)/a, lifted; the cut if it is violated enough.
    func liftedCover(x: [Double], lower: [Double], upper: [Double], origin: String) -> (Cut, Double)? {
        let count = column.count
        let margin = 1e-6 * max(1, abs(capacity))
        let order = (0..<count).sorted {
            let r0 = (1 - value[$0]) / weight[$0], r1 = (1 - value[$1]) / weight[$1]
            return r0 != r1 ? r0 < r1 : weight[$0] > weight[$1]
        }
        var inCover = [Bool](repeating: false, count: count)
        var coverWeight = 0.0
        var cover: [Int] = []
        for k in order {
            inCover[k] = true
            cover.append(k)
            coverWeight += weight[k]
            if coverWeight > capacity + margin { break }
        }
        guard coverWeight > capacity + margin else { return nil }
        // Make it minimal: drop members with the smallest LP value while it stays a cover.
        for k in cover.sorted(by: { value[$0] < value[$1] }) where coverWeight - weight[k] > capacity + margin {
            inCover[k] = false
            coverWeight -= weight[k]
        }
        cover = cover.filter { inCover[$0] }
        var coverSlack = 0.0
        for k in cover { coverSlack += 1 - value[k] }
        // The lifted cut can only be violated when the plain cover nearly is; skip hopeless rows early.
        if coverSlack >= 1.5 { return nil }
        let top = cover.count - 1
        // minWeight[v] = least weight of a set of processed literals with lifted value ≥ v (v ≤ top + 1).
        var minWeight = [Double](repeating: 0, count: top + 2)
        let coverWeights = cover.map { weight[$0] }.sorted()
        for v in 1...(top + 1) { minWeight[v] = minWeight[v - 1] + coverWeights[v - 1] }
        var alpha = [Int](repeating: 0, count: count)
        for k in cover { alpha[k] = 1 }
        let rest = (0..<count).filter { !inCover[$0] }.sorted { value[$0] > value[$1] }
        for k in rest {
            let room = capacity - weight[k]
            var best = 0
            if room < -margin {
                best = -1       // the literal can never be 1: any coefficient is valid; use the largest
            } else {
                // Generous comparison: counting borderline sets as feasible only lowers the coefficient.
                while best < top && minWeight[best + 1] <= room + margin { best += 1 }
            }
            let a = best < 0 ? top : top - best
            guard a > 0 else { continue }
            alpha[k] = a
            for v in stride(from: top + 1, through: 1, by: -1) {
                minWeight[v] = min(minWeight[v], weight[k] + minWeight[max(0, v - a)])
            }
        }
        var indices: [Int32] = []
        var values: [Double] = []
        var rhs = Double(top)
        for k in 0..<count where alpha[k] > 0 {
            let a = Double(alpha[k])
            indices.append(column[k])
            if negated[k] { values.append(-a); rhs -= a } else { values.append(a) }
        }
        return finishLessEqualCut(indices: indices, values: values, rhs: rhs, x: x, lower: lower, upper: upper,
                                  origin: origin)
    }
}
