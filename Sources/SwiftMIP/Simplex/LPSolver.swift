import Foundation

/// A bounded simplex solver for `min cᵀx, rowLower ≤ Ax ≤ rowUpper, lower ≤ x ≤ upper`, with
/// warm starts for branch-and-bound. One instance per thread.
///
/// Internally every row i gets a logical variable s_i = −(Ax)_i with bounds [−rowUpper, −rowLower]
/// so that the constraints read `A x + s = 0` (Koberstein 2005, §2.1); variables 0..<n are the
/// columns, n..<n+m the logicals. The problem is scaled (geometric mean passes, then
/// equilibration); every public value is unscaled.
///
/// `solve()` runs the dual simplex when the basis is dual feasible (after bound changes and added
/// rows), after shifting costs to make it so otherwise, and finishes with the primal simplex when
/// removing the shifts leaves dual infeasibilities (or after cost changes).
final class LPSolver {
    var options: LPOptions

    // Problem, scaled. Column-wise matrix of the structural columns.
    var n: Int
    var m: Int
    var aStart: [Int]
    var aIndex: [Int32]
    var aValue: [Double]
    var colScale: [Double]
    var rowScale: [Double]
    /// Row-wise copy of the scaled A (see ``ensureRowCopy()``); invalid after row changes.
    var rowStart: [Int] = []
    var rowColumn: [Int32] = []
    var rowValue: [Double] = []
    var rowCopyValid = false
    /// Bounds and costs of all n + m variables (scaled).
    var lower: [Double]
    var upper: [Double]
    var cost: [Double]
    /// Cost shifts (perturbation and dual-feasibility shifts) active in the dual simplex.
    var shift: [Double]
    var shifted = false

    // Basis.
    var status: [BasisStatus]
    var head: [Int]
    var x: [Double]
    var d: [Double]
    var pi: [Double]
    var factor = BasisFactor()
    var needFactor = true
    var dualWeight: [Double]
    var costChanged = false

    // Results.
    var iterations = 0
    var lastStatus: LPStatus = .numericalTrouble
    var farkasScaled: [Double]? = nil
    var rayScaled: [Double]? = nil
    var lastLog = 0.0
    var solveStartIterations = 0
    var startTime = 0.0

    // Work vectors.
    var workRow: [Double]
    var workCol: [Double]
    var alphaRow: [Double]

    init(model: CompressedModel, options: LPOptions = LPOptions()) {
        self.options = options
        n = model.columnCount
        m = model.rowCount
        let A = model.matrix
        aStart = A.columnStart
        aIndex = A.rowIndex
        aValue = A.columnValue
        colScale = [Double](repeating: 1, count: n)
        rowScale = [Double](repeating: 1, count: m)
        lower = [Double](repeating: 0, count: n + m)
        upper = [Double](repeating: 0, count: n + m)
        cost = [Double](repeating: 0, count: n + m)
        shift = [Double](repeating: 0, count: n + m)
        status = [BasisStatus](repeating: .atLower, count: n + m)
        head = []
        x = [Double](repeating: 0, count: n + m)
        d = [Double](repeating: 0, count: n + m)
        pi = [Double](repeating: 0, count: m)
        dualWeight = [Double](repeating: 1, count: m)
        workRow = [Double](repeating: 0, count: m)
        workCol = [Double](repeating: 0, count: m)
        alphaRow = [Double](repeating: 0, count: n + m)
        computeScaling()
        for j in 0..<n {
            let s = colScale[j]
            lower[j] = model.columnLower[j] / s
            upper[j] = model.columnUpper[j] / s
            cost[j] = model.cost[j] * s
        }
        for i in 0..<m {
            lower[n + i] = -model.rowUpper[i] * rowScale[i]
            upper[n + i] = -model.rowLower[i] * rowScale[i]
        }
        setSlackBasis()
    }

    // MARK: Scaling

    /// Geometric-mean scaling passes (rows then columns), then equilibration of the columns
    /// (largest entry 1). Factors are powers of two so scaling is exact.
    private func computeScaling() {
        guard n > 0, m > 0, !aValue.isEmpty else { return }
        var amin = Double.infinity, amax = 0.0
        for v in aValue { let a = abs(v); amin = min(amin, a); amax = max(amax, a) }
        if amax / amin < 20 { return }
        var rScale = [Double](repeating: 1, count: m)
        var cScale = [Double](repeating: 1, count: n)
        var rMin = [Double](repeating: 0, count: m), rMax = [Double](repeating: 0, count: m)
        for _ in 0..<6 {
            for i in 0..<m { rMin[i] = .infinity; rMax[i] = 0 }
            for j in 0..<n {
                for p in aStart[j]..<aStart[j + 1] {
                    let i = Int(aIndex[p])
                    let a = abs(aValue[p]) * cScale[j]
                    rMin[i] = min(rMin[i], a); rMax[i] = max(rMax[i], a)
                }
            }
            for i in 0..<m where rMax[i] > 0 { rScale[i] = 1 / (rMin[i] * rMax[i]).squareRoot() }
            for j in 0..<n {
                var lo = Double.infinity, hi = 0.0
                for p in aStart[j]..<aStart[j + 1] {
                    let a = abs(aValue[p]) * rScale[Int(aIndex[p])]
                    lo = min(lo, a); hi = max(hi, a)
                }
                if hi > 0 { cScale[j] = 1 / (lo * hi).squareRoot() }
            }
        }
        // Equilibrate columns.
        for j in 0..<n {
            var hi = 0.0
            for p in aStart[j]..<aStart[j + 1] { hi = max(hi, abs(aValue[p]) * rScale[Int(aIndex[p])] * cScale[j]) }
            if hi > 0 { cScale[j] /= hi }
        }
        func pow2(_ v: Double) -> Double { v.isFinite && v > 0 ? Double(sign: .plus, exponent: Int((log2(v)).rounded()), significand: 1) : 1 }
        for i in 0..<m { rowScale[i] = pow2(rScale[i]) }
        for j in 0..<n { colScale[j] = pow2(cScale[j]) }
        for j in 0..<n {
            for p in aStart[j]..<aStart[j + 1] { aValue[p] *= rowScale[Int(aIndex[p])] * colScale[j] }
        }
    }

    // MARK: Basis set-up

    /// The natural nonbasic status of variable j given its bounds and cost.
    func nonbasicStatus(_ j: Int) -> BasisStatus {
        let l = lower[j], u = upper[j]
        if l == u { return .fixed }
        if l.isFinite && u.isFinite { return cost[j] >= 0 ? .atLower : .atUpper }
        if l.isFinite { return .atLower }
        if u.isFinite { return .atUpper }
        return .free
    }

    func setSlackBasis() {
        head = (0..<m).map { n + $0 }
        for j in 0..<n { status[j] = nonbasicStatus(j) }
        for i in 0..<m { status[n + i] = .basic }
        for j in 0..<n { x[j] = nonbasicValue(j) }
        dualWeight = [Double](repeating: 1, count: m)
        needFactor = true
    }

    @inline(__always) func nonbasicValue(_ j: Int) -> Double {
        switch status[j] {
        case .atLower, .fixed: return lower[j]
        case .atUpper: return upper[j]
        case .free: return 0
        case .basic: return x[j]
        }
    }

    /// Makes each nonbasic status consistent with the current bounds and sets its value.
    func normalizeNonbasic() {
        for j in 0..<(n + m) where status[j] != .basic {
            let l = lower[j], u = upper[j]
            var s = status[j]
            if l == u { s = .fixed }
            else {
                switch s {
                case .fixed: s = l.isFinite ? .atLower : (u.isFinite ? .atUpper : .free)
                case .atLower: if !l.isFinite { s = u.isFinite ? .atUpper : .free }
                case .atUpper: if !u.isFinite { s = l.isFinite ? .atLower : .free }
                case .free: if l.isFinite { s = .atLower } else if u.isFinite { s = .atUpper }
                case .basic: break
                }
            }
            status[j] = s
            x[j] = nonbasicValue(j)
        }
    }

    // MARK: Factorisation and recomputation

    /// The basis matrix [A I]_B in CSC form, column s = basis slot s (scaled).
    func basisMatrix() -> (start: [Int], index: [Int32], value: [Double]) {
        var start = [Int](); start.reserveCapacity(head.count + 1)
        start.append(0)
        var idx = [Int32](), val = [Double]()
        for j in head {
            if j < n {
                for p in aStart[j]..<aStart[j + 1] { idx.append(aIndex[p]); val.append(aValue[p]) }
            } else {
                idx.append(Int32(j - n)); val.append(1)
            }
            start.append(idx.count)
        }
        return (start, idx, val)
    }

    /// Factorises the basis, repairing a singular one by slacks. Returns false on failure.
    @discardableResult
    func refactor() -> Bool {
        for _ in 0..<4 {
            let (start, idx, val) = basisMatrix()
            let def = factor.factorize(rowCount: m, columnStart: start, rowIndex: idx, values: val)
            if def.isEmpty && head.count == m {
                if LPSolver.debugEnabled { print("refactor at \(iterations): basis nnz \(idx.count), LU nnz \(factor.factorNonzeros)") }
                needFactor = false
                return true
            }
            // Rejected columns leave the basis (at the bound nearest their value); the slacks of
            // the rows left without a pivot enter.
            var rejected = [Bool](repeating: false, count: head.count)
            for c in def.rejectedColumns { rejected[c] = true }
            var newHead: [Int] = []
            var newWeight: [Double] = []
            for (slot, j) in head.enumerated() {
                if rejected[slot] {
                    status[j] = nonbasicStatus(j)
                    if lower[j].isFinite && upper[j].isFinite && lower[j] != upper[j] {
                        status[j] = abs(x[j] - lower[j]) <= abs(x[j] - upper[j]) ? .atLower : .atUpper
                    }
                    x[j] = nonbasicValue(j)
                } else {
                    newHead.append(j)
                    newWeight.append(slot < dualWeight.count ? dualWeight[slot] : 1)
                }
            }
            for r in def.unpivotedRows {
                newHead.append(n + r)
                status[n + r] = .basic
                newWeight.append(1)
            }
            head = newHead
            dualWeight = newWeight
        }
        return false
    }

    /// x_B = −B⁻¹ N x_N.
    func computePrimal() {
        for i in 0..<m { workCol[i] = 0 }
        for j in 0..<(n + m) where status[j] != .basic {
            let v = x[j]
            if v == 0 { continue }
            if j < n {
                for p in aStart[j]..<aStart[j + 1] { workCol[Int(aIndex[p])] -= aValue[p] * v }
            } else {
                workCol[j - n] -= v
            }
        }
        factor.ftran(&workCol)
        for s in 0..<m { x[head[s]] = workCol[s] }
    }

    /// π = B⁻ᵀ c_B and d = c + shift − Aᵀπ.
    func computeDual() {
        for s in 0..<m {
            let j = head[s]
            workRow[s] = cost[j] + shift[j]
        }
        factor.btran(&workRow)
        for i in 0..<m { pi[i] = workRow[i] }
        let n = self.n, m = self.m
        pi.withUnsafeBufferPointer { pv in
        status.withUnsafeBufferPointer { st in
        cost.withUnsafeBufferPointer { c in
        shift.withUnsafeBufferPointer { sh in
        aStart.withUnsafeBufferPointer { as_ in
        aIndex.withUnsafeBufferPointer { ai in
        aValue.withUnsafeBufferPointer { av in
        d.withUnsafeMutableBufferPointer { dv in
            for j in 0..<n {
                if st[j] == .basic { dv[j] = 0; continue }
                var s = c[j] + sh[j]
                for p in as_[j]..<as_[j + 1] { s -= av[p] * pv[Int(ai[p])] }
                dv[j] = s
            }
            for i in 0..<m {
                let j = n + i
                dv[j] = st[j] == .basic ? 0 : c[j] + sh[j] - pv[i]
            }
        }}}}}}}}
    }

    /// FTRAN of column j of [A I] into `out` (slot-indexed), with the nonzero slots of the result
    /// in index[0..<count] (hypersparse when the result stays sparse).
    func ftranColumn(_ j: Int, into out: inout [Double], index: inout [Int32], count: inout Int) {
        for i in 0..<m { out[i] = 0 }
        count = 0
        if j < n {
            for p in aStart[j]..<aStart[j + 1] { out[Int(aIndex[p])] = aValue[p]; index[count] = aIndex[p]; count += 1 }
        } else {
            out[j - n] = 1; index[0] = Int32(j - n); count = 1
        }
        factor.ftran(&out, index: &index, count: &count)
    }

    /// The row-wise copy of the scaled A (for pivot rows from a sparse ρ), built on first use.
    func ensureRowCopy() {
        if rowCopyValid { return }
        (rowStart, rowColumn, rowValue) = transposeCompressed(majorCount: n, minorCount: m, start: aStart,
                                                              index: aIndex, value: aValue)
        rowCopyValid = true
    }

    /// FTRAN of column j of [A I] into `out` (slot-indexed).
    func ftranColumn(_ j: Int, into out: inout [Double]) {
        for i in 0..<m { out[i] = 0 }
        if j < n {
            for p in aStart[j]..<aStart[j + 1] { out[Int(aIndex[p])] = aValue[p] }
        } else {
            out[j - n] = 1
        }
        factor.ftran(&out)
    }

    /// Largest primal infeasibility of the basic variables (scaled).
    func primalInfeasibility() -> (max: Double, sum: Double) {
        var mx = 0.0, sum = 0.0
        for s in 0..<m {
            let j = head[s]
            let v = x[j]
            let inf = v < lower[j] ? lower[j] - v : (v > upper[j] ? v - upper[j] : 0)
            if inf > mx { mx = inf }
            sum += inf
        }
        return (mx, sum)
    }

    /// Dual infeasibility of nonbasic j (positive when its reduced cost has the wrong sign).
    @inline(__always) func dualInfeasibility(_ j: Int) -> Double {
        switch status[j] {
        case .atLower: return -d[j]
        case .atUpper: return d[j]
        case .free: return abs(d[j])
        case .fixed, .basic: return 0
        }
    }

    func dualInfeasibilityTotal() -> (max: Double, sum: Double) {
        var mx = 0.0, sum = 0.0
        for j in 0..<(n + m) {
            let v = dualInfeasibility(j)
            if v > 0 { mx = max(mx, v); sum += v }
        }
        return (mx, sum)
    }

    /// cᵀx (scaled = unscaled objective) over the structural columns with the true costs.
    func currentObjective(withShift: Bool = false) -> Double {
        var s = 0.0
        for j in 0..<n { s += (cost[j] + (withShift ? shift[j] : 0)) * x[j] }
        return s
    }

    static let debugEnabled = ProcessInfo.processInfo.environment["SWIFTMIP_LPDEBUG"] != nil
    static let debugRefactorInterval = Int(ProcessInfo.processInfo.environment["SWIFTMIP_REFACTOR"] ?? "") ?? 100

    func debugTrouble(_ site: String) {
        if ProcessInfo.processInfo.environment["SWIFTMIP_LPDEBUG"] != nil { print("numerical trouble at \(site), iteration \(iterations)") }
    }

    func limitReached() -> LPStatus? {
        // The limit counts this `solve()` call's iterations (a warm-started re-solve gets its own budget).
        if iterations - solveStartIterations >= options.iterationLimit { return .iterationLimit }
        // Safety net against cycling: far more iterations than any sane run needs.
        if iterations - solveStartIterations > 50 * (n + m) + 200_000 { debugTrouble("iteration guard"); return .numericalTrouble }
        if let c = options.cancellation, c.isCancelled { return .interrupted }
        if options.deadline.isFinite {
            let now = LPClock.now()
            if now >= options.deadline { return .timeLimit }
        }
        return nil
    }

    func logProgress(_ phase: String, force: Bool = false) {
        guard let log = options.log else { return }
        let now = LPClock.now()
        if !force && now - lastLog < options.logInterval { return }
        lastLog = now
        let p = primalInfeasibility(), dinf = dualInfeasibilityTotal()
        let obj = currentObjective(withShift: false)
        log(String(format: "%8d  ", iterations) + phase + String(format: "  obj %.10e  pinf %.2e  dinf %.2e  %.1fs", obj, p.sum, dinf.sum, now - startTime))
    }
}

