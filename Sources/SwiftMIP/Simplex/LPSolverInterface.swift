import Foundation

/// The warm-start interface of ``LPSolver``: modifications, the solve driver and the (unscaled)
/// results.
extension LPSolver {
    var rowCount: Int { m }
    var columnCount: Int { n }

    // MARK: Modifications

    /// Sets the bounds of column j (unscaled).
    func setColumnBounds(_ j: Int, lower l: Double, upper u: Double) {
        lower[j] = l / colScale[j]
        upper[j] = u / colScale[j]
    }

    /// Sets the bounds of every column (unscaled).
    func setColumnBounds(lower l: [Double], upper u: [Double]) {
        for j in 0..<min(n, l.count, u.count) { setColumnBounds(j, lower: l[j], upper: u[j]) }
    }

    /// Sets the minimisation cost of column j (unscaled).
    func setCost(_ j: Int, _ c: Double) {
        cost[j] = c * colScale[j]
    }

    /// Sets the bounds of row i (unscaled).
    func setRowBounds(_ i: Int, lower l: Double, upper u: Double) {
        lower[n + i] = -u * rowScale[i]
        upper[n + i] = -l * rowScale[i]
    }

    /// Appends rows `lower ≤ row·x ≤ upper`; their logicals enter the basis (dual feasibility kept).
    func addRows(_ rows: [SparseRow], lower rl: [Double], upper ru: [Double]) {
        guard !rows.isEmpty else { return }
        let k = rows.count
        // Scale each new row by a power of two making its largest scaled entry about 1.
        var scales = [Double](repeating: 1, count: k)
        var counts = [Int](repeating: 0, count: n)
        for (t, row) in rows.enumerated() {
            var hi = 0.0
            for (c, v) in zip(row.indices, row.values) where Int(c) < n && v != 0 {
                hi = max(hi, abs(v) * colScale[Int(c)])
                counts[Int(c)] += 1
            }
            if hi > 0 && hi.isFinite { scales[t] = Double(sign: .plus, exponent: -Int(log2(hi).rounded()), significand: 1) }
        }
        var newStart = [Int](repeating: 0, count: n + 1)
        for j in 0..<n { newStart[j + 1] = newStart[j] + (aStart[j + 1] - aStart[j]) + counts[j] }
        var newIndex = [Int32](repeating: 0, count: newStart[n])
        var newValue = [Double](repeating: 0, count: newStart[n])
        var fill = newStart
        for j in 0..<n {
            for p in aStart[j]..<aStart[j + 1] {
                newIndex[fill[j]] = aIndex[p]; newValue[fill[j]] = aValue[p]; fill[j] += 1
            }
        }
        for (t, row) in rows.enumerated() {
            let i = m + t
            for (c, v) in zip(row.indices, row.values) where Int(c) < n && v != 0 {
                let j = Int(c)
                newIndex[fill[j]] = Int32(i); newValue[fill[j]] = v * colScale[j] * scales[t]; fill[j] += 1
            }
        }
        aStart = newStart; aIndex = newIndex; aValue = newValue
        rowCopyValid = false
        for t in 0..<k {
            let s = scales[t]
            lower.append(-(t < ru.count ? ru[t] : .infinity) * s)
            upper.append(-(t < rl.count ? rl[t] : -.infinity) * s)
            cost.append(0); shift.append(0); status.append(.basic)
            x.append(0); d.append(0); alphaRow.append(0)
            rowScale.append(s)
            head.append(n + m + t)
            dualWeight.append(1)
        }
        m += k
        pi = [Double](repeating: 0, count: m)
        workRow = [Double](repeating: 0, count: m)
        workCol = [Double](repeating: 0, count: m)
        needFactor = true
    }

    /// Removes rows (indices into the current rows); the remaining rows keep their order.
    func removeRows(_ rows: [Int]) {
        var remove = [Bool](repeating: false, count: m)
        for r in rows where r >= 0 && r < m { remove[r] = true }
        var newRow = [Int32](repeating: -1, count: m)
        var count = 0
        for i in 0..<m where !remove[i] { newRow[i] = Int32(count); count += 1 }
        if count == m { return }
        var newStart = [Int](repeating: 0, count: n + 1)
        var newIndex: [Int32] = [], newValue: [Double] = []
        for j in 0..<n {
            for p in aStart[j]..<aStart[j + 1] where newRow[Int(aIndex[p])] >= 0 {
                newIndex.append(newRow[Int(aIndex[p])]); newValue.append(aValue[p])
            }
            newStart[j + 1] = newIndex.count
        }
        aStart = newStart; aIndex = newIndex; aValue = newValue
        rowCopyValid = false
        func keep<T>(_ a: [T]) -> [T] {
            var out = Array(a[0..<n])
            for i in 0..<m where !remove[i] { out.append(a[n + i]) }
            return out
        }
        // Map the basis head: drop removed logicals, renumber the others.
        var newHead: [Int] = []
        for j in head {
            if j < n { newHead.append(j) } else if !remove[j - n] { newHead.append(n + Int(newRow[j - n])) }
        }
        lower = keep(lower); upper = keep(upper); cost = keep(cost); shift = keep(shift)
        status = keep(status); x = keep(x); d = keep(d); alphaRow = keep(alphaRow)
        rowScale = (0..<m).filter { !remove[$0] }.map { rowScale[$0] }
        m = count
        head = newHead
        dualWeight = [Double](repeating: 1, count: head.count)
        pi = [Double](repeating: 0, count: m)
        workRow = [Double](repeating: 0, count: m)
        workCol = [Double](repeating: 0, count: m)
        needFactor = true
    }

    /// The basis statuses (columns, then the rows' logicals). Setting it makes the next solve start
    /// from that basis (repaired by slacks when it is singular or has the wrong size).
    var basis: LPBasis {
        get { LPBasis(columns: Array(status[0..<n]), rows: Array(status[n..<(n + m)])) }
        set {
            for j in 0..<n { status[j] = j < newValue.columns.count ? newValue.columns[j] : nonbasicStatus(j) }
            for i in 0..<m { status[n + i] = i < newValue.rows.count ? newValue.rows[i] : .basic }
            head = (0..<(n + m)).filter { status[$0] == .basic }
            dualWeight = [Double](repeating: 1, count: head.count)
            normalizeNonbasic()
            needFactor = true
        }
    }

    // MARK: Solve

    /// Re-optimises from the current basis: dual simplex if the basis is primal infeasible (after
    /// making it dual feasible by flips and cost shifts), then primal simplex for what the removal of
    /// the shifts leaves (or after cost changes).
    func solve() -> LPStatus {
        startTime = LPClock.now()
        lastLog = startTime
        solveStartIterations = iterations
        farkasScaled = nil
        rayScaled = nil
        for j in 0..<shift.count { shift[j] = 0 }
        shifted = false
        // Crossing bounds: infeasible without simplex work (the Farkas ray is then all zero).
        for j in 0..<(n + m) where lower[j] > upper[j] + options.primalTolerance || lower[j] == .infinity || upper[j] == -.infinity {
            farkasScaled = [Double](repeating: 0, count: m)
            return finish(.infeasible)
        }
        normalizeNonbasic()
        if head.count != m { needFactor = true }
        let tolP = options.primalTolerance, tolD = options.dualTolerance
        var rounds = 0
        while rounds < 10 {
            rounds += 1
            if needFactor || factor.updateCount > 20 {
                guard refactor() else { debugTrouble("LPSolverInterface.swift:160"); return finish(.numericalTrouble) }
            }
            computePrimal()
            computeDual()
            if primalInfeasibility().max > tolP {
                if rounds == 1 && needsDualPhaseOne() {
                    if let st = dualPhaseOne() { return finish(st) }
                    computePrimal()
                    computeDual()
                }
                makeDualFeasible()
                let st = dualSimplex()
                switch st {
                case .optimal: break
                case .infeasible: return finish(.infeasible)
                default: return finish(st)
                }
            }
            if shifted {
                for j in 0..<shift.count { shift[j] = 0 }
                shifted = false
                computeDual()
            }
            if dualInfeasibilityTotal().max > tolD {
                guard let st = primalSimplex() else { continue }
                switch st {
                case .optimal: continue
                default: return finish(st)
                }
            }
            if factor.updateCount > 0 && rounds < 10 {
                needFactor = true
                guard refactor() else { debugTrouble("LPSolverInterface.swift:187"); return finish(.numericalTrouble) }
                computePrimal()
                computeDual()
                if primalInfeasibility().max > tolP || dualInfeasibilityTotal().max > tolD { continue }
            }
            return finish(.optimal)
        }
        debugTrouble("LPSolverInterface.swift:194"); return finish(.numericalTrouble)
    }

    /// True when dual infeasibilities sit on variables that a flip cannot fix (not boxed).
    func needsDualPhaseOne() -> Bool {
        let tol = options.dualTolerance
        var count = 0
        for j in 0..<(n + m) where status[j] != .basic && status[j] != .fixed && dualInfeasibility(j) > tol {
            if !(lower[j].isFinite && upper[j].isFinite) { count += 1 }
        }
        return count > 0
    }

    /// Dual phase 1 by the auxiliary problem (Koberstein 2005, §4.1.2): same matrix and costs,
    /// bounds replaced by [0,0] (boxed), [0,1] (lower only), [−1,0] (upper only), [−1000,1000]
    /// (free). Every variable is boxed, so flips make any basis dual feasible; an optimal basis of
    /// the auxiliary problem with no remaining infeasibility is dual feasible for the original one.
    /// Returns a status only when a limit stopped it.
    func dualPhaseOne() -> LPStatus? {
        let savedLower = lower, savedUpper = upper
        let savedCutoff = options.objectiveCutoff
        options.objectiveCutoff = .infinity
        for j in 0..<(n + m) {
            let l = lower[j], u = upper[j]
            if l.isFinite && u.isFinite { lower[j] = 0; upper[j] = 0 }
            else if l.isFinite { lower[j] = 0; upper[j] = 1 }
            else if u.isFinite { lower[j] = -1; upper[j] = 0 }
            else { lower[j] = -1000; upper[j] = 1000 }
        }
        normalizeNonbasic()
        computePrimal()
        computeDual()
        makeDualFeasible()
        let st = dualSimplex()
        lower = savedLower
        upper = savedUpper
        options.objectiveCutoff = savedCutoff
        for j in 0..<shift.count { shift[j] = 0 }
        shifted = false
        // Nonbasic statuses back on the true bounds, chosen by the sign of the reduced cost.
        for j in 0..<(n + m) where status[j] != .basic {
            let l = lower[j], u = upper[j]
            if l == u { status[j] = .fixed }
            else if l.isFinite && u.isFinite { status[j] = d[j] >= 0 ? .atLower : .atUpper }
            else if l.isFinite { status[j] = .atLower }
            else if u.isFinite { status[j] = .atUpper }
            else { status[j] = .free }
            x[j] = nonbasicValue(j)
        }
        switch st {
        case .timeLimit, .iterationLimit, .interrupted: return st
        default: return nil
        }
    }

    private func finish(_ st: LPStatus) -> LPStatus {
        lastStatus = st
        logProgress(st == .optimal ? "done" : "stop", force: true)
        return st
    }

    // MARK: Results (unscaled)

    /// cᵀx in minimisation form, without the objective constant.
    var objectiveValue: Double { currentObjective() }

    var columnValues: [Double] { (0..<n).map { x[$0] * colScale[$0] } }

    var rowActivities: [Double] {
        var act = [Double](repeating: 0, count: m)
        for j in 0..<n {
            let v = x[j]
            if v == 0 { continue }
            for p in aStart[j]..<aStart[j + 1] { act[Int(aIndex[p])] += aValue[p] * v }
        }
        for i in 0..<m { act[i] /= rowScale[i] }
        return act
    }

    /// Row duals y with reducedCosts = c − Aᵀy.
    var rowDuals: [Double] { (0..<m).map { pi[$0] * rowScale[$0] } }

    var reducedCosts: [Double] { (0..<n).map { status[$0] == .basic ? 0 : d[$0] / colScale[$0] } }

    /// The largest dual infeasibility of the unscaled problem: a nonbasic column's reduced cost or
    /// a nonbasic row's dual with the wrong sign for the bound it sits at (|·| when free).
    var maxDualInfeasibility: Double {
        var worst = 0.0
        for j in 0..<(n + m) where status[j] != .basic && status[j] != .fixed {
            worst = max(worst, dualInfeasibility(j) * (j < n ? 1 / colScale[j] : rowScale[j - n]))
        }
        return worst
    }

    /// Row multipliers y proving infeasibility: no x within the column bounds gives yᵀAx within
    /// the range of yᵀr over the row bounds (the maximum of (yᵀA)x − yᵀr is negative).
    /// All zero when a column's or row's own bounds cross (lower > upper).
    var farkasRay: [Double]? {
        guard lastStatus == .infeasible, let y = farkasScaled else { return nil }
        return (0..<m).map { y[$0] * rowScale[$0] }
    }

    /// A column direction d with c·d < 0 along which every row and bound stays satisfied.
    var primalRay: [Double]? {
        guard lastStatus == .unbounded, let r = rayScaled else { return nil }
        return (0..<n).map { r[$0] * colScale[$0] }
    }
}
