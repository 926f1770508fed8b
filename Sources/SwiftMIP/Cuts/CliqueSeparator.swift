// Clique cuts from a conflict graph on binary literals (Johnson & Padberg 1982; Atamtürk, Nemhauser &
// Savelsbergh 2000, "Conflict graphs in solving integer programming problems").
//
// Literal 2j is x_j, literal 2j+1 is 1 − x_j. Every row side is read as a knapsack over literals (see
// `KnapsackItems`); with the weights sorted w_1 ≥ w_2 ≥ …, the literals {1..p} with w_{p−1} + w_p > b
// pairwise exclude each other (a clique), and every later literal k forms a clique with the prefix
// {1..m} where w_m + w_k > b. The graph is the union of these row cliques (two literals conflict when
// some stored clique holds both). Separation grows a clique greedily from each fractional literal over
// its neighbours in decreasing LP value and returns Σ literals ≤ 1 when the LP point exceeds 1.

/// Clique cuts Σ_{literals in K} ≤ 1 from the conflict graph of the binary columns.
struct CliqueSeparator: CutSeparator {
    var name: String { "clique" }
    /// Cuts returned per round, at most.
    var maxCuts = 150
    /// Start literals per round, at most (highest LP value first).
    var maxStarts = 500
    /// Stored clique entries, at most (the graph build stops adding rows beyond this).
    var maxCliqueEntries = 2_000_000
    /// Extra cliques {prefix, k} per row side, at most.
    var maxExtraPerRow = 50

    func separate(_ context: CutContext) -> [Cut] {
        let model = context.model
        let x = context.values
        let (lower, upper) = cutBounds(context)
        guard let graph = ConflictGraph(model: model, x: x, lower: lower, upper: upper,
                                        maxEntries: maxCliqueEntries, maxExtraPerRow: maxExtraPerRow)
        else { return [] }
        return selectCuts(graph.separate(x: x, lower: lower, upper: upper, maxStarts: maxStarts, origin: name),
                          limit: maxCuts, model: model, allowRowLength: true)
    }
}

/// Row cliques over literals, stored CSR both ways (clique → literals, literal → cliques).
struct ConflictGraph {
    var cliqueStart: [Int] = [0]
    var cliqueLiteral: [Int32] = []
    var literalStart: [Int] = []
    var literalClique: [Int32] = []
    let literalCount: Int

    /// nil when no row yields a clique.
    init?(model: CompressedModel, x: [Double], lower: [Double], upper: [Double], maxEntries: Int, maxExtraPerRow: Int) {
        literalCount = 2 * model.columnCount
        var items = KnapsackItems()
        var order: [Int] = []
        func literal(_ k: Int) -> Int32 { 2 * items.column[k] + (items.negated[k] ? 1 : 0) }
        rows: for i in 0..<model.rowCount {
            for side in 0..<2 {
                let bound = side == 0 ? model.rowUpper[i] : -model.rowLower[i]
                guard abs(bound) < mipInfinity else { continue }
                guard items.load(row: i, sign: side == 0 ? 1 : -1, rhs: bound, model: model, x: x,
                                 lower: lower, upper: upper, requireFractional: false) else { continue }
                let cap = items.capacity + 1e-6 * max(1, abs(items.capacity))
                order = Array(items.weight.indices)
                order.sort { items.weight[$0] > items.weight[$1] }
                // Longest prefix that is pairwise conflicting.
                var p = 1
                while p < order.count && items.weight[order[p - 1]] + items.weight[order[p]] > cap { p += 1 }
                guard p >= 2 else { continue }
                for t in 0..<p { cliqueLiteral.append(literal(order[t])) }
                cliqueStart.append(cliqueLiteral.count)
                // Later literals that conflict with a shorter prefix.
                var extra = 0
                var mEnd = p
                for t in p..<order.count where extra < maxExtraPerRow {
                    let w = items.weight[order[t]]
                    while mEnd > 0 && items.weight[order[mEnd - 1]] + w <= cap { mEnd -= 1 }
                    guard mEnd >= 1 else { break }
                    for s in 0..<mEnd { cliqueLiteral.append(literal(order[s])) }
                    cliqueLiteral.append(literal(order[t]))
                    cliqueStart.append(cliqueLiteral.count)
                    extra += 1
                }
                if cliqueLiteral.count > maxEntries { break rows }
            }
        }
        guard cliqueStart.count > 1 else { return nil }
        // Invert: literal → cliques.
        var start = [Int](repeating: 0, count: literalCount + 1)
        for l in cliqueLiteral { start[Int(l) + 1] += 1 }
        for l in 0..<literalCount { start[l + 1] += start[l] }
        var next = start
        var owner = [Int32](repeating: 0, count: cliqueLiteral.count)
        for c in 0..<(cliqueStart.count - 1) {
            for k in cliqueStart[c]..<cliqueStart[c + 1] {
                let l = Int(cliqueLiteral[k])
                owner[next[l]] = Int32(c)
                next[l] += 1
            }
        }
        literalStart = start
        literalClique = owner
    }

    /// Greedy clique growth from fractional literals; the violated ones as cuts in the columns.
    func separate(x: [Double], lower: [Double], upper: [Double], maxStarts: Int, origin: String) -> [(Cut, Double)] {
        @inline(__always) func value(_ l: Int) -> Double { l & 1 == 0 ? x[l >> 1] : 1 - x[l >> 1] }
        var starts: [Int] = []
        for l in 0..<literalCount where literalStart[l + 1] > literalStart[l] {
            let v = value(l)
            if v > 1e-6 && v < 1 - 1e-6 { starts.append(l) }
        }
        starts.sort { value($0) > value($1) }
        if starts.count > maxStarts { starts.removeLast(starts.count - maxStarts) }
        // adjacentCount[l] = members of the current clique adjacent to l (valid when stamp[l] == run).
        var adjacentCount = [Int32](repeating: 0, count: literalCount)
        var stamp = [Int32](repeating: -1, count: literalCount)
        var seenBy = [Int32](repeating: -1, count: literalCount)
        var candidateOf = [Int32](repeating: -1, count: literalCount)
        var found: [(Cut, Double)] = []
        var candidates: [Int] = []
        var members: [Int] = []
        var memberId: Int32 = 0
        for (run32, s) in starts.enumerated() {
            let run = Int32(run32)
            // Count adjacency to member u for every literal in u's cliques (once per literal).
            func absorb(_ u: Int) {
                memberId += 1
                for c in literalClique[literalStart[u]..<literalStart[u + 1]] {
                    for k in cliqueStart[Int(c)]..<cliqueStart[Int(c) + 1] {
                        let l = Int(cliqueLiteral[k])
                        if l == u || seenBy[l] == memberId { continue }
                        seenBy[l] = memberId
                        if stamp[l] != run { stamp[l] = run; adjacentCount[l] = 0 }
                        adjacentCount[l] += 1
                    }
                }
            }
            members = [s]
            absorb(s)
            candidates.removeAll(keepingCapacity: true)
            for c in literalClique[literalStart[s]..<literalStart[s + 1]] {
                for k in cliqueStart[Int(c)]..<cliqueStart[Int(c) + 1] {
                    let l = Int(cliqueLiteral[k])
                    if l != s && l != s ^ 1 && value(l) > 1e-6 && candidateOf[l] != run {
                        candidateOf[l] = run
                        candidates.append(l)
                    }
                }
                if candidates.count > 400 { break }
            }
            candidates.sort { value($0) > value($1) }
            var total = value(s)
            for l in candidates where stamp[l] == run && Int(adjacentCount[l]) == members.count {
                if members.contains(l ^ 1) { continue }
                members.append(l)
                total += value(l)
                absorb(l)
            }
            guard total > 1 + 1e-4, members.count >= 2 else { continue }
            members.sort()
            var indices: [Int32] = []
            var values: [Double] = []
            var rhs = 1.0
            for l in members {
                indices.append(Int32(l >> 1))
                if l & 1 == 0 { values.append(1) } else { values.append(-1); rhs -= 1 }
            }
            if let cut = finishLessEqualCut(indices: indices, values: values, rhs: rhs, x: x,
                                            lower: lower, upper: upper, origin: origin) {
                found.append(cut)
            }
        }
        return found
    }
}
