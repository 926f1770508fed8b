/// The bounded dual simplex (Koberstein 2005, Algorithm 7 with the refinements of ch. 3):
/// dual steepest-edge pricing (Forrest & Goldfarb 1992, weights updated with one extra FTRAN),
/// a bound-flipping ratio test with Harris' two passes, cost shifting to keep small dual
/// infeasibilities out, random cost perturbation when the method stalls.
extension LPSolver {
    /// Flips boxed nonbasic variables with a wrong-signed reduced cost and shifts the costs of the
    /// others so that the basis is dual feasible. Recomputes the primal values after flips.
    func makeDualFeasible() {
        let tol = options.dualTolerance
        var flipped = false
        for j in 0..<(n + m) where status[j] != .basic && status[j] != .fixed {
            guard dualInfeasibility(j) > tol else { continue }
            if lower[j].isFinite && upper[j].isFinite {
                status[j] = d[j] >= 0 ? .atLower : .atUpper
                x[j] = nonbasicValue(j)
                flipped = true
            } else {
                shift[j] -= d[j]
                d[j] = 0
                shifted = true
            }
        }
        if flipped { computePrimal() }
    }

    /// Adds a small random shift to the costs of nonbasic columns, in the direction that makes
    /// their reduced costs more dual feasible (Koberstein 2005, §6.2.2).
    func perturbCosts() {
        var rng = SplitMix64(seed: UInt64(iterations &+ 12345))
        for j in 0..<n where status[j] == .atLower || status[j] == .atUpper {
            let xi = (1 + abs(cost[j])) * 1e-6 * (0.5 + rng.nextUnit())
            let delta = status[j] == .atLower ? xi : -xi
            shift[j] += delta
            d[j] += delta
        }
        shifted = true
    }

    /// Runs the dual simplex from a dual feasible basis (after `makeDualFeasible`).
    /// Returns `.optimal` when the basis is primal feasible for the (possibly shifted) costs.
    func dualSimplex() -> LPStatus {
        let tolP = options.primalTolerance
        let tolD = options.dualTolerance
        let pivotTol = 1e-9
        var rho = [Double](repeating: 0, count: m)
        var tau = [Double](repeating: 0, count: m)
        var alphaQ = [Double](repeating: 0, count: m)
        // Nonzero lists of ρ_r, τ and α_q for the sparse-rhs solves (Gilbert & Peierls).
        var rhoIndex = [Int32](repeating: 0, count: m), rhoCount = 0
        var tauIndex = [Int32](repeating: 0, count: m), tauCount = 0
        var alphaIndex = [Int32](repeating: 0, count: m), alphaCount = 0
        // Pricing: dual steepest edge, or dual devex (Forrest & Goldfarb 1992, §3) when asked for
        // or when the updated DSE weights keep disagreeing with the exact ‖ρ_r‖² (checked for free
        // each iteration, as ρ_r is computed anyway).
        var devex = options.dualPricing == .devex
        var weightChecks = 0, weightMisses = 0
        var candidates: [Int] = []
        var group: [Int] = []
        var flips: [Int] = []
        var inGroup = [Bool](repeating: false, count: n + m)
        var excluded = [Bool](repeating: false, count: m)
        var excludedCount = 0
        var degenerate = 0
        var perturbations = 0
        var freshFactor = false
        while true {
            if needFactor || factor.updateCount >= refactorInterval {
                guard refactor() else { debugTrouble("DualSimplex.swift:58"); return .numericalTrouble }
                computePrimal()
                computeDual()
                makeDualFeasible()
                freshFactor = true
            }
            if let st = limitReached() { return st }
            logProgress("dual")
            if !shifted && options.objectiveCutoff < .infinity {
                let obj = currentObjective()
                if obj > options.objectiveCutoff + 1e-9 * max(1, abs(obj)) && cutoffIsProven(obj) {
                    // The updated x and d drift from the basis they belong to (after many updates with
                    // dense cut rows, by far more than the objective's scale): claim the cutoff only
                    // from values recomputed with a fresh factorisation.
                    if freshFactor || factor.updateCount == 0 { return .cutoff }
                    needFactor = true
                    guard refactor() else { debugTrouble("DualSimplex.swift:cutoff"); return .numericalTrouble }
                    computePrimal()
                    computeDual()
                    freshFactor = true
                    if cutoffIsProven(currentObjective()) { return .cutoff }
                    if LPSolver.debugEnabled { print("dual simplex: cutoff refuted after recomputation, iteration \(iterations)") }
                    makeDualFeasible()
                    continue
                }
            }
            // Pricing: dual steepest edge.
            let r = priceDual(excluded, tolP)
            if r < 0 {
                if excludedCount > 0 { debugTrouble("DualSimplex.swift:84"); return .numericalTrouble }
                return .optimal
            }
            let p = head[r]
            let toLower = x[p] < lower[p]
            let delta = toLower ? x[p] - lower[p] : x[p] - upper[p]
            let sgn: Double = delta < 0 ? -1 : 1
            // ρ_r = B⁻ᵀ e_r and the pivot row α_r = ρ_rᵀ [A I]_N.
            for i in 0..<m { rho[i] = 0 }
            rho[r] = 1
            rhoIndex[0] = Int32(r); rhoCount = 1
            factor.btran(&rho, index: &rhoIndex, count: &rhoCount)
            var rhoNorm = 0.0
            for t in 0..<rhoCount { let v = rho[Int(rhoIndex[t])]; rhoNorm += v * v }
            if !devex {
                // Reliability of the updated weight: off by more than 4x counts as a miss; mostly
                // misses over a window of 100 iterations switches this solve to devex.
                let w = dualWeight[r]
                weightChecks += 1
                if w > 4 * rhoNorm || 4 * w < rhoNorm { weightMisses += 1 }
                if weightChecks >= 100 {
                    if weightMisses * 2 > weightChecks && options.dualPricing == .automatic {
                        devex = true
                        for s in 0..<m { dualWeight[s] = 1 }
                        if LPSolver.debugEnabled { print("dual pricing: DSE weights unreliable, devex from iteration \(iterations)") }
                    }
                    weightChecks = 0; weightMisses = 0
                }
                if !devex { dualWeight[r] = max(rhoNorm, 1e-12) }
            }
            candidates.removeAll(keepingCapacity: true)
            computePivotRow(rho, index: rhoIndex, count: rhoCount)
            collectCandidates(sgn: sgn, pivotTol: pivotTol, into: &candidates)
            if candidates.isEmpty {
                // Dual unbounded: ρ_r proves primal infeasibility; check it independently.
                if let ray = verifiedFarkas(rho) {
                    farkasScaled = ray
                    return .infeasible
                }
                if !freshFactor { needFactor = true; continue }
                excluded[r] = true
                excludedCount += 1
                continue
            }
            // Bound-flipping ratio test with Harris' tolerance.
            var slope = abs(delta)
            flips.removeAll(keepingCapacity: true)
            var q = -1
            while true {
                var thetaMax = Double.infinity
                for j in candidates {
                    let at = sgn * alphaRow[j]
                    let bound = at > 0 ? (d[j] + tolD) / at : (d[j] - tolD) / at
                    if bound < thetaMax { thetaMax = bound }
                }
                group.removeAll(keepingCapacity: true)
                var bestAlpha = 0.0
                var allBoxed = true
                var groupSlope = 0.0
                for j in candidates {
                    let at = sgn * alphaRow[j]
                    let ratio = d[j] / at
                    if ratio <= thetaMax {
                        group.append(j)
                        if abs(at) > bestAlpha { bestAlpha = abs(at); q = j }
                        if lower[j].isFinite && upper[j].isFinite {
                            groupSlope += abs(at) * (upper[j] - lower[j])
                        } else {
                            allBoxed = false
                        }
                    }
                }
                if allBoxed && slope - groupSlope > 0 && group.count < candidates.count {
                    slope -= groupSlope
                    flips.append(contentsOf: group)
                    for j in group { inGroup[j] = true }
                    candidates.removeAll { j in inGroup[j] }
                    for j in group { inGroup[j] = false }
                    q = -1
                    continue
                }
                break
            }
            guard q >= 0 else { debugTrouble("DualSimplex.swift:157"); return .numericalTrouble }
            let aq = sgn * alphaRow[q]
            let t = d[q] / aq
            // Entering column.
            ftranColumn(q, into: &alphaQ, index: &alphaIndex, count: &alphaCount)
            let pivot = alphaQ[r]
            if abs(pivot - alphaRow[q]) > 1e-7 * max(1, abs(pivot)) || abs(pivot) < 1e-11 {
                if !freshFactor { needFactor = true; continue }
                if abs(pivot) < 1e-11 {
                    excluded[r] = true
                    excludedCount += 1
                    continue
                }
            }
            // Update reduced costs: d_j −= t·α̃_j.
            if t != 0 { updateReducedCosts(t * sgn) }
            d[q] = 0
            d[p] = -sgn * t
            // Variables passed in the ratio test: boxed ones flip, others get their cost shifted.
            for j in flips { status[j] = status[j] == .atLower ? .atUpper : .atLower }
            for j in candidates where j != q && dualInfeasibility(j) > tolD {
                if lower[j].isFinite && upper[j].isFinite {
                    status[j] = status[j] == .atLower ? .atUpper : .atLower
                    flips.append(j)
                } else {
                    shift[j] -= d[j]
                    d[j] = 0
                    shifted = true
                }
            }
            if !flips.isEmpty {
                for i in 0..<m { workCol[i] = 0 }
                for j in flips {
                    let old = x[j]
                    x[j] = nonbasicValue(j)
                    let change = x[j] - old
                    if j < n {
                        for k in aStart[j]..<aStart[j + 1] { workCol[Int(aIndex[k])] += aValue[k] * change }
                    } else {
                        workCol[j - n] += change
                    }
                }
                factor.ftran(&workCol)
                updateBasicValues(-1, workCol)
            }
            let wr = dualWeight[r]
            if devex {
                // Dual devex: w_s = max(w_s, (α_s/α_r)² w_r), w_r = max(w_r/α_r², 1); no FTRAN.
                for t in 0..<alphaCount {
                    let s = Int(alphaIndex[t])
                    if s == r { continue }
                    let ratio = alphaQ[s] / pivot
                    dualWeight[s] = max(dualWeight[s], ratio * ratio * wr)
                }
                dualWeight[r] = max(wr / (pivot * pivot), 1)
            } else {
                // Dual steepest-edge weights (Forrest & Goldfarb): τ = B⁻¹ρ_r.
                for t in 0..<rhoCount { let i = Int(rhoIndex[t]); tau[i] = rho[i]; tauIndex[t] = rhoIndex[t] }
                tauCount = rhoCount
                factor.ftran(&tau, index: &tauIndex, count: &tauCount)
                for t in 0..<alphaCount {
                    let s = Int(alphaIndex[t])
                    if s == r { continue }
                    let a = alphaQ[s]
                    if a == 0 { continue }
                    let ratio = a / pivot
                    let w = dualWeight[s] - 2 * ratio * tau[s] + ratio * ratio * wr
                    dualWeight[s] = max(w, ratio * ratio, 1e-8)
                }
                dualWeight[r] = max(wr / (pivot * pivot), 1e-8)
                for t in 0..<tauCount { tau[Int(tauIndex[t])] = 0 }
            }
            // Primal step: the leaving variable goes to its violated bound.
            let target = toLower ? lower[p] : upper[p]
            let theta = (x[p] - target) / pivot
            if theta != 0 { updateBasicValues(-theta, alphaQ) }
            x[q] += theta
            x[p] = target
            status[p] = lower[p] == upper[p] ? .fixed : (toLower ? .atLower : .atUpper)
            head[r] = q
            status[q] = .basic
            factor.update(slot: r, alpha: alphaQ)
            iterations += 1
            freshFactor = false
            if excludedCount > 0 {
                for s in 0..<m { excluded[s] = false }
                excludedCount = 0
            }
            // Stalling: perturb the costs.
            if abs(t) < 1e-12 { degenerate += 1 } else { degenerate = 0 }
            if degenerate > 50 && perturbations < 3 {
                perturbCosts()
                perturbations += 1
                degenerate = 0
            }
        }
    }

    /// The basic row with the largest squared infeasibility over its DSE weight, or −1.
    func priceDual(_ excluded: [Bool], _ tolP: Double) -> Int {
        var r = -1
        var best = 0.0
        head.withUnsafeBufferPointer { hd in
        x.withUnsafeBufferPointer { xv in
        lower.withUnsafeBufferPointer { lo in
        upper.withUnsafeBufferPointer { up in
        dualWeight.withUnsafeBufferPointer { w in
        excluded.withUnsafeBufferPointer { ex in
            for s in 0..<hd.count where !ex[s] {
                let j = hd[s]
                let v = xv[j]
                var inf = 0.0
                if v < lo[j] - tolP { inf = lo[j] - v } else if v > up[j] + tolP { inf = v - up[j] }
                if inf > 0 {
                    let score = inf * inf / w[s]
                    if score > best { best = score; r = s }
                }
            }
        }}}}}}
        return r
    }

    /// Nonbasic, non-fixed j whose reduced cost moves towards infeasibility along the dual ray.
    func collectCandidates(sgn: Double, pivotTol: Double, into candidates: inout [Int]) {
        status.withUnsafeBufferPointer { st in
        alphaRow.withUnsafeBufferPointer { ar in
            for j in 0..<st.count {
                let sj = st[j]
                if sj == .basic || sj == .fixed { continue }
                let at = sgn * ar[j]
                switch sj {
                case .atLower: if at > pivotTol { candidates.append(j) }
                case .atUpper: if at < -pivotTol { candidates.append(j) }
                case .free: if abs(at) > pivotTol { candidates.append(j) }
                default: break
                }
            }
        }}
    }

    /// d_j −= step·α_j over the nonbasic variables.
    func updateReducedCosts(_ step: Double) {
        status.withUnsafeBufferPointer { st in
        alphaRow.withUnsafeBufferPointer { ar in
        d.withUnsafeMutableBufferPointer { dv in
            for j in 0..<st.count where st[j] != .basic {
                let a = ar[j]
                if a != 0 { dv[j] -= step * a }
            }
        }}}
    }

    /// x_B += factor·v (v indexed by slot).
    func updateBasicValues(_ factor: Double, _ v: [Double]) {
        head.withUnsafeBufferPointer { hd in
        v.withUnsafeBufferPointer { vv in
        x.withUnsafeMutableBufferPointer { xv in
            for s in 0..<hd.count {
                let a = vv[s]
                if a != 0 { xv[hd[s]] += factor * a }
            }
        }}}
    }

    var refactorInterval: Int { LPSolver.debugRefactorInterval }

    /// α_j = ρᵀ a_j for every nonbasic j: row-wise over the nonzeros of ρ when they cover a small
    /// part of A (hypersparse ρ), column-wise dot products otherwise.
    func computePivotRow(_ rho: [Double], index: [Int32], count: Int) {
        guard count <= m / 4 else { computePivotRow(rho); return }
        ensureRowCopy()
        var work = 0
        for t in 0..<count { let i = Int(index[t]); work += rowStart[i + 1] - rowStart[i] }
        guard work * 3 < aIndex.count else { computePivotRow(rho); return }
        let n = self.n
        rho.withUnsafeBufferPointer { r in
        index.withUnsafeBufferPointer { ix in
        rowStart.withUnsafeBufferPointer { rs in
        rowColumn.withUnsafeBufferPointer { rc in
        rowValue.withUnsafeBufferPointer { rv in
        head.withUnsafeBufferPointer { hd in
        alphaRow.withUnsafeMutableBufferPointer { out in
            for j in 0..<out.count { out[j] = 0 }
            for t in 0..<count {
                let i = Int(ix[t])
                let v = r[i]
                if v == 0 { continue }
                for p in rs[i]..<rs[i + 1] { out[Int(rc[p])] += v * rv[p] }
                out[n + i] = v
            }
            for s in 0..<hd.count { out[hd[s]] = 0 }
        }}}}}}}
    }

    /// α_j = ρᵀ a_j for every nonbasic j (column-wise dot products).
    func computePivotRow(_ rho: [Double]) {
        rho.withUnsafeBufferPointer { r in
            aStart.withUnsafeBufferPointer { st in
                aIndex.withUnsafeBufferPointer { ix in
                    aValue.withUnsafeBufferPointer { av in
                        alphaRow.withUnsafeMutableBufferPointer { out in
                            status.withUnsafeBufferPointer { stat in
                                for j in 0..<n {
                                    if stat[j] == .basic { out[j] = 0; continue }
                                    var s = 0.0
                                    for k in st[j]..<st[j + 1] { s += av[k] * r[Int(ix[k])] }
                                    out[j] = s
                                }
                                for i in 0..<m { out[n + i] = stat[n + i] == .basic ? 0 : r[i] }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Checks that y (row multipliers, scaled space) proves infeasibility: with z = yᵀ[A I],
    /// zᵀ(x, s) = 0 for every solution, but the maximum of zᵀ(x, s) over the bounds is negative
    /// (or the minimum positive, then y is negated). Returns the oriented ray, or nil.
    func verifiedFarkas(_ yIn: [Double]) -> [Double]? {
        // Multipliers that are round-off (tiny next to the largest) are dropped first, so the ray
        // reported is the one verified and carries no spurious wrong-signed entries.
        var big = 0.0
        for v in yIn { big = max(big, abs(v)) }
        let y = yIn.map { abs($0) <= 1e-11 * big ? 0 : $0 }
        var maxF = 0.0, minF = 0.0, magnitude = 0.0
        var maxInf = false, minInf = false
        func add(_ z: Double, _ l: Double, _ u: Double) {
            if abs(z) < 1e-9 { return }
            let hi = z > 0 ? u : l, lo = z > 0 ? l : u
            if hi.isFinite { maxF += z * hi; magnitude += abs(z * hi) } else { maxInf = true }
            if lo.isFinite { minF += z * lo; magnitude += abs(z * lo) } else { minInf = true }
        }
        for j in 0..<n {
            var z = 0.0
            for k in aStart[j]..<aStart[j + 1] { z += aValue[k] * y[Int(aIndex[k])] }
            add(z, lower[j], upper[j])
        }
        for i in 0..<m { add(y[i], lower[n + i], upper[n + i]) }
        let margin = max(1e-9 * magnitude, 1e-9)
        if !maxInf && maxF < -margin { return y }
        if !minInf && minF > margin { return y.map { -$0 } }
        return nil
    }
}

extension LPSolver {
    /// cᵀx at a dual simplex basis is a lower bound on the LP optimum only when the basis is dual
    /// feasible; a reduced cost of the wrong sign by e_j on a nonbasic column with bound range r_j can
    /// make it too high by e_j·r_j (unbounded with an infinite range). A cutoff is claimed only when
    /// the objective minus that error (infinite ranges: only infeasibilities beyond the dual tolerance)
    /// still exceeds the cutoff (after cut rows were added, bases with
    /// such infeasibilities gave objectives of 1.6·10⁷ against a true optimum of 51.8).
    func cutoffIsProven(_ objective: Double) -> Bool {
        var error = 0.0
        for j in 0..<(n + m) {
            let e = dualInfeasibility(j)
            guard e > 0 else { continue }
            let range = upper[j] - lower[j]
            if range.isFinite {
                error += e * range
            } else if e > options.dualTolerance {
                // Infeasibilities within the dual tolerance count as zero (as at optimality).
                return false
            }
        }
        return objective - error > options.objectiveCutoff + 1e-9 * max(1, abs(objective))
    }
}
