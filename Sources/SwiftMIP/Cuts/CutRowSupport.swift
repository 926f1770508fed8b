// Shared pieces of the row-based separators (c-MIR, knapsack cover, clique): a dense scratch row with
// a support list, the finishing step that turns a `≤` inequality into a checked `Cut`, and the top-k
// selection by efficacy. See Cuts/README.md.

/// A dense row of length `columnCount` with the list of touched columns, for building and aggregating
/// inequalities without dictionaries. `clear()` costs O(support), not O(columnCount).
struct CutScratchRow {
    var value: [Double]
    var touched: [Bool]
    var support: [Int32] = []

    init(columnCount: Int) {
        value = [Double](repeating: 0, count: columnCount)
        touched = [Bool](repeating: false, count: columnCount)
    }

    @inline(__always) mutating func add(_ j: Int, _ v: Double) {
        if !touched[j] {
            touched[j] = true
            support.append(Int32(j))
        }
        value[j] += v
    }

    /// Adds scale·(row i of `matrix`); returns the row's length (for work counts).
    @discardableResult
    mutating func add(row i: Int, of matrix: SparseMatrix, scale: Double) -> Int {
        let start = matrix.rowStart[i], end = matrix.rowStart[i + 1]
        for k in start..<end { add(Int(matrix.columnIndex[k]), scale * matrix.rowValue[k]) }
        return end - start
    }

    mutating func clear() {
        for j in support {
            value[Int(j)] = 0
            touched[Int(j)] = false
        }
        support.removeAll(keepingCapacity: true)
    }
}

/// Every LP row row-wise with its sides: the model's rows, then the cuts in the LP (entries outside the
/// columns dropped; a cut's infinite side stays infinite). The tableau (Gomory) and aggregation (c-MIR)
/// separators read the LP's rows through this.
struct LPRows {
    var start: [Int]
    var column: [Int32]
    var value: [Double]
    var lower: [Double]
    var upper: [Double]

    init(model: CompressedModel, cuts: [Cut]) {
        let a = model.matrix
        start = a.rowStart
        column = a.columnIndex
        value = a.rowValue
        lower = model.rowLower
        upper = model.rowUpper
        let n = model.columnCount
        for cut in cuts {
            lower.append(cut.lower)
            upper.append(cut.upper)
            for (k, j) in cut.row.indices.enumerated() where Int(j) >= 0 && Int(j) < n {
                column.append(j)
                value.append(cut.row.values[k])
            }
            start.append(column.count)
        }
    }

    var count: Int { lower.count }
}

/// Column bounds as the separators use them: ±`mipInfinity` or beyond count as infinite, and integer
/// bounds are rounded inwards (an integer variable with lower 0.9999999 is at least 1).
@inline(__always) func cutLowerBound(_ l: Double, integer: Bool) -> Double {
    if l <= -mipInfinity { return -.infinity }
    return integer ? (l - 1e-6).rounded(.up) : l
}

@inline(__always) func cutUpperBound(_ u: Double, integer: Bool) -> Double {
    if u >= mipInfinity { return .infinity }
    return integer ? (u + 1e-6).rounded(.down) : u
}

/// The context's column bounds read with `cutLowerBound`/`cutUpperBound`.
func cutBounds(_ context: CutContext) -> (lower: [Double], upper: [Double]) {
    let model = context.model
    var lower = [Double](repeating: 0, count: model.columnCount)
    var upper = lower
    for j in 0..<model.columnCount {
        lower[j] = cutLowerBound(context.lower[j], integer: model.isInteger[j])
        upper[j] = cutUpperBound(context.upper[j], integer: model.isInteger[j])
    }
    return (lower, upper)
}

/// The limits every separator uses when it finishes a cut.
enum CutLimits {
    /// Cuts with a smaller efficacy (violation over Euclidean norm) are not returned.
    static let minimumEfficacy = 1e-4
    /// Largest ratio between the largest and smallest absolute coefficient of a returned cut.
    static let maximumDynamism = 1e7
    /// Coefficients below this fraction of the largest one are removed (relaxing with a bound).
    static let dropFraction = 1e-9
}

/// Turns `Σ values[k] x[indices[k]] ≤ rhs` (valid for every integer-feasible point) into a `Cut`:
/// removes tiny coefficients by relaxing the right-hand side with the column's bound (fails when that
/// bound is infinite), rejects numerically wide rows, and returns nil unless the cut is violated at
/// `x` with efficacy at least `CutLimits.minimumEfficacy`. The returned pair is (cut, efficacy).
func finishLessEqualCut(indices: [Int32], values: [Double], rhs: Double, x: [Double],
                        lower: [Double], upper: [Double], origin: String) -> (Cut, Double)? {
    guard rhs.isFinite else { return nil }
    var maxAbs = 0.0
    for v in values { maxAbs = max(maxAbs, abs(v)) }
    guard maxAbs > 0, maxAbs.isFinite else { return nil }
    var rhs = rhs
    var outIndices: [Int32] = []
    var outValues: [Double] = []
    outIndices.reserveCapacity(indices.count)
    outValues.reserveCapacity(indices.count)
    var minAbs = Double.infinity
    for k in indices.indices {
        let v = values[k]
        let j = Int(indices[k])
        if abs(v) <= CutLimits.dropFraction * maxAbs {
            // v x_j ≥ v·l_j (v > 0) or v·u_j (v < 0): moving it to the right-hand side relaxes the cut.
            if v == 0 { continue }
            let bound = v > 0 ? lower[j] : upper[j]
            guard abs(bound) < mipInfinity else { return nil }
            rhs -= v * bound
            continue
        }
        minAbs = min(minAbs, abs(v))
        outIndices.append(indices[k])
        outValues.append(v)
    }
    guard !outIndices.isEmpty, maxAbs / minAbs <= CutLimits.maximumDynamism else { return nil }
    // A hair of slack against round-off in the arithmetic that produced the row.
    rhs += 1e-9 * max(1, abs(rhs))
    var activity = 0.0, norm = 0.0
    for k in outIndices.indices {
        activity += outValues[k] * x[Int(outIndices[k])]
        norm += outValues[k] * outValues[k]
    }
    let efficacy = (activity - rhs) / norm.squareRoot()
    guard efficacy >= CutLimits.minimumEfficacy else { return nil }
    let cut = Cut(row: SparseRow(indices: outIndices, values: outValues), lower: -.infinity, upper: rhs, origin: origin)
    return (cut, efficacy)
}

/// The `limit` cuts of highest efficacy for `model`, skipping exact duplicates (same support,
/// coefficients and right-hand side up to 1e-9 relative) and dense cuts: a cut may have as support at
/// most 20 + 10% of the columns (or, with `allowRowLength`, the longest model row if that is more:
/// cover and clique cuts live on one row's support), and the chosen cuts together at most half the model's nonzeros
/// (at least 2000) — dense cut rows slow every LP of the tree far more than their bound gain repays.
func selectCuts(_ found: [(Cut, Double)], limit: Int, model: CompressedModel, allowRowLength: Bool) -> [Cut] {
    var maxSupport = 20 + model.columnCount / 10
    if allowRowLength {
        for i in 0..<model.rowCount { maxSupport = max(maxSupport, model.matrix.rowStart[i + 1] - model.matrix.rowStart[i]) }
    }
    var budget = max(2000, model.matrix.nonzeroCount / 2)
    let order = found.indices.sorted { found[$0].1 > found[$1].1 }
    var chosen: [Cut] = []
    for k in order {
        if chosen.count >= limit || budget <= 0 { break }
        let cut = found[k].0
        guard cut.row.indices.count <= maxSupport else { continue }
        let duplicate = chosen.contains { other in
            guard other.row.indices == cut.row.indices, abs(other.upper - cut.upper) <= 1e-9 * max(1, abs(cut.upper))
            else { return false }
            for t in other.row.values.indices
            where abs(other.row.values[t] - cut.row.values[t]) > 1e-9 * max(1, abs(cut.row.values[t])) {
                return false
            }
            return true
        }
        if !duplicate {
            chosen.append(cut)
            budget -= cut.row.indices.count
        }
    }
    return chosen
}
