/// Activity-based bound tightening on the rows of a ``CompressedModel`` (Achterberg 2007, §7.1;
/// Savelsbergh 1994): for a row `lo <= Σ a_j x_j <= up` with minimum activity `minAct` (computed from
/// the bounds, counting infinite contributions separately), every column gets
/// `a_j x_j <= up - (minAct - minContribution_j)` and `a_j x_j >= lo - (maxAct - maxContribution_j)`.
/// Integer columns round the new bound inward. A row whose minimum activity exceeds its upper side
/// (or maximum activity falls below its lower side) proves the domain infeasible.
///
/// The propagator owns scratch arrays, so use one per worker thread.
struct DomainPropagator {
    let model: CompressedModel
    /// Feasibility tolerance for infeasibility proofs and integer rounding.
    var feasibilityTolerance = 1e-6
    /// Continuous bounds only move when they tighten by more than this fraction of the domain
    /// (and never to within tolerance of an infinity), to avoid endless tiny steps.
    var continuousImprovement = 1e-3

    private var minActivity: [Double]
    private var maxActivity: [Double]
    private var minInfinite: [Int32]
    private var maxInfinite: [Int32]
    private var inQueue: [Bool]
    private var queue: [Int32]

    init(model: CompressedModel) {
        self.model = model
        minActivity = Array(repeating: 0, count: model.rowCount)
        maxActivity = minActivity
        minInfinite = Array(repeating: 0, count: model.rowCount)
        maxInfinite = minInfinite
        inQueue = Array(repeating: false, count: model.rowCount)
        queue = []
        queue.reserveCapacity(model.rowCount)
    }

    enum Result: Equatable {
        /// The domain may have been tightened; `changes` tightenings were made.
        case feasible(changes: Int)
        /// A row cannot be satisfied within the bounds.
        case infeasible
    }

    /// Tightens `lower`/`upper` in place until nothing changes or `workLimit` nonzeros were visited.
    /// When `record` is true, every tightening is appended to `changed`.
    /// `startColumns`: if given, only rows containing these columns are queued at first (incremental use
    /// after branching); otherwise every row is.
    mutating func propagate(lower: inout [Double], upper: inout [Double], workLimit: Int = 200_000,
                            startColumns: [Int]? = nil, record: Bool = false, changed: inout [BoundChange]) -> Result {
        let m = model.rowCount
        if m == 0 { return .feasible(changes: 0) }
        let matrix = model.matrix
        var work = 0
        var changes = 0
        // Compute activities from scratch (robust against drift).
        for i in 0..<m { recomputeRow(i, lower: lower, upper: upper) }
        work += matrix.nonzeroCount
        queue.removeAll(keepingCapacity: true)
        if let startColumns {
            for j in startColumns {
                for k in matrix.columnStart[j]..<matrix.columnStart[j + 1] {
                    let i = Int(matrix.rowIndex[k])
                    if !inQueue[i] { inQueue[i] = true; queue.append(Int32(i)) }
                }
            }
        } else {
            for i in 0..<m { inQueue[i] = true; queue.append(Int32(i)) }
        }
        var head = 0
        let tol = feasibilityTolerance
        while head < queue.count {
            let i = Int(queue[head])
            head += 1
            inQueue[i] = false
            if head > 4 * m { // compact the queue occasionally
                queue.removeFirst(head)
                head = 0
            }
            let rowLo = model.rowLower[i], rowUp = model.rowUpper[i]
            // Infeasibility test.
            if minInfinite[i] == 0 && rowUp < mipInfinity
                && minActivity[i] > rowUp + tol * max(1, abs(rowUp), abs(minActivity[i])) { return finish(.infeasible) }
            if maxInfinite[i] == 0 && rowLo > -mipInfinity
                && maxActivity[i] < rowLo - tol * max(1, abs(rowLo), abs(maxActivity[i])) { return finish(.infeasible) }
            let hasUp = rowUp < mipInfinity && minInfinite[i] <= 1
            let hasLo = rowLo > -mipInfinity && maxInfinite[i] <= 1
            if !hasUp && !hasLo { continue }
            let start = matrix.rowStart[i], end = matrix.rowStart[i + 1]
            work += end - start
            if work > workLimit { break }
            for k in start..<end {
                let j = Int(matrix.columnIndex[k])
                let a = matrix.rowValue[k]
                let lj = lower[j], uj = upper[j]
                var newLower = -Double.infinity, newUpper = Double.infinity
                // From the upper side: a x_j <= rowUp - (minAct without j).
                if hasUp {
                    // j's own contribution to the min activity.
                    let contribution = a > 0 ? lj : uj
                    let contributionInfinite = abs(contribution) >= mipInfinity
                    var residual = Double.nan
                    if minInfinite[i] == 0 { residual = minActivity[i] - a * contribution }
                    else if minInfinite[i] == 1 && contributionInfinite { residual = minActivity[i] }
                    if !residual.isNaN {
                        let bound = (rowUp - residual) / a
                        if a > 0 { newUpper = bound } else { newLower = bound }
                    }
                }
                if hasLo {
                    let contribution = a > 0 ? uj : lj
                    let contributionInfinite = abs(contribution) >= mipInfinity
                    var residual = Double.nan
                    if maxInfinite[i] == 0 { residual = maxActivity[i] - a * contribution }
                    else if maxInfinite[i] == 1 && contributionInfinite { residual = maxActivity[i] }
                    if !residual.isNaN {
                        let bound = (rowLo - residual) / a
                        if a > 0 { newLower = max(newLower, bound) } else { newUpper = min(newUpper, bound) }
                    }
                }
                var tightenedLower = false, tightenedUpper = false
                var nl = lj, nu = uj
                if newUpper < uj {
                    if model.isInteger[j] {
                        let r = (newUpper + tol * max(1, abs(newUpper))).rounded(.down)
                        if r < uj { nu = r; tightenedUpper = true }
                    } else if newUpper < mipInfinity {
                        // Relax slightly so round-off in the activity never cuts off a feasible point.
                        let relaxed = newUpper + tol * max(1, abs(newUpper))
                        let range = uj - lj
                        if relaxed < uj && (range >= mipInfinity || uj - relaxed > continuousImprovement * max(1, range)) {
                            nu = relaxed; tightenedUpper = true
                        }
                    }
                }
                if newLower > lj {
                    if model.isInteger[j] {
                        let r = (newLower - tol * max(1, abs(newLower))).rounded(.up)
                        if r > lj { nl = r; tightenedLower = true }
                    } else if newLower > -mipInfinity {
                        let relaxed = newLower - tol * max(1, abs(newLower))
                        let range = uj - lj
                        if relaxed > lj && (range >= mipInfinity || relaxed - lj > continuousImprovement * max(1, range)) {
                            nl = relaxed; tightenedLower = true
                        }
                    }
                }
                if !tightenedLower && !tightenedUpper { continue }
                if nl > nu {
                    if nl - nu > tol * max(1, abs(nl)) { return finish(.infeasible) }
                    // Crossed by round-off only: meet in the middle (integers: the integer value).
                    if model.isInteger[j] { let v = nl.rounded(); nl = v; nu = v }
                    else { let v = 0.5 * (nl + nu); nl = v; nu = v }
                }
                changes += 1
                if record {
                    if tightenedLower || nl != lj { changed.append(.lower(j, nl)) }
                    if tightenedUpper || nu != uj { changed.append(.upper(j, nu)) }
                }
                updateActivities(column: j, oldLower: lj, oldUpper: uj, newLower: nl, newUpper: nu)
                lower[j] = nl
                upper[j] = nu
                // Queue the rows of column j.
                for kk in matrix.columnStart[j]..<matrix.columnStart[j + 1] {
                    let r = Int(matrix.rowIndex[kk])
                    if !inQueue[r] { inQueue[r] = true; queue.append(Int32(r)) }
                }
                work += matrix.columnStart[j + 1] - matrix.columnStart[j]
            }
        }
        return finish(.feasible(changes: changes))
    }

    private mutating func finish(_ r: Result) -> Result {
        for q in queue { inQueue[Int(q)] = false }
        queue.removeAll(keepingCapacity: true)
        return r
    }

    private mutating func recomputeRow(_ i: Int, lower: [Double], upper: [Double]) {
        let matrix = model.matrix
        var minA = 0.0, maxA = 0.0
        var minInf: Int32 = 0, maxInf: Int32 = 0
        for k in matrix.rowStart[i]..<matrix.rowStart[i + 1] {
            let j = Int(matrix.columnIndex[k])
            let a = matrix.rowValue[k]
            let lo = lower[j], up = upper[j]
            if a > 0 {
                if lo <= -mipInfinity { minInf += 1 } else { minA += a * lo }
                if up >= mipInfinity { maxInf += 1 } else { maxA += a * up }
            } else {
                if up >= mipInfinity { minInf += 1 } else { minA += a * up }
                if lo <= -mipInfinity { maxInf += 1 } else { maxA += a * lo }
            }
        }
        minActivity[i] = minA; maxActivity[i] = maxA
        minInfinite[i] = minInf; maxInfinite[i] = maxInf
    }

    private mutating func updateActivities(column j: Int, oldLower: Double, oldUpper: Double, newLower: Double, newUpper: Double) {
        let matrix = model.matrix
        for k in matrix.columnStart[j]..<matrix.columnStart[j + 1] {
            let i = Int(matrix.rowIndex[k])
            let a = matrix.columnValue[k]
            // The min activity uses lower for a > 0, upper for a < 0; the max activity the other.
            let (oldMin, newMin, oldMax, newMax) = a > 0 ? (oldLower, newLower, oldUpper, newUpper)
                                                         : (oldUpper, newUpper, oldLower, newLower)
            if oldMin != newMin {
                if abs(oldMin) >= mipInfinity { minInfinite[i] -= 1 } else { minActivity[i] -= a * oldMin }
                if abs(newMin) >= mipInfinity { minInfinite[i] += 1 } else { minActivity[i] += a * newMin }
            }
            if oldMax != newMax {
                if abs(oldMax) >= mipInfinity { maxInfinite[i] -= 1 } else { maxActivity[i] -= a * oldMax }
                if abs(newMax) >= mipInfinity { maxInfinite[i] += 1 } else { maxActivity[i] += a * newMax }
            }
        }
    }
}

extension DomainPropagator {
    /// Propagation without recording the changes.
    mutating func propagate(lower: inout [Double], upper: inout [Double], workLimit: Int = 200_000,
                            startColumns: [Int]? = nil) -> Result {
        var unused: [BoundChange] = []
        return propagate(lower: &lower, upper: &upper, workLimit: workLimit, startColumns: startColumns,
                         record: false, changed: &unused)
    }
}
