/// The bounded primal simplex (phase 2) from a primal feasible basis: Dantzig pricing on the
/// scaled problem, Harris' two-pass ratio test (Harris 1973) with bound flips of the entering
/// variable, Bland's rule after a long run of degenerate steps.
extension LPSolver {
    /// Returns nil when the basis lost primal feasibility (the caller goes back to the dual).
    func primalSimplex() -> LPStatus? {
        let tolP = options.primalTolerance
        let tolD = options.dualTolerance
        var alphaQ = [Double](repeating: 0, count: m)
        var degenerate = 0
        var bland = false
        while true {
            if needFactor || factor.updateCount >= refactorInterval {
                guard refactor() else { debugTrouble("PrimalSimplex.swift:14"); return .numericalTrouble }
                computePrimal()
                if primalInfeasibility().max > tolP { return nil }
            }
            computeDual()
            if let st = limitReached() { return st }
            logProgress("primal")
            // Pricing.
            var q = -1
            var best = 0.0
            for j in 0..<(n + m) where status[j] != .basic && status[j] != .fixed {
                let inf = dualInfeasibility(j)
                if inf > tolD {
                    if bland { q = j; break }
                    if inf > best { best = inf; q = j }
                }
            }
            if q < 0 { return .optimal }
            let dir: Double = d[q] < 0 ? 1 : -1
            ftranColumn(q, into: &alphaQ)
            // Harris pass 1.
            let range = upper[q] - lower[q]
            var thetaMax = range
            for s in 0..<m {
                let a = alphaQ[s]
                if abs(a) < 1e-9 { continue }
                let g = -dir * a
                let j = head[s]
                if g < 0 {
                    if lower[j].isFinite { thetaMax = min(thetaMax, max(0, x[j] - lower[j] + (bland ? 0 : tolP)) / -g) }
                } else if upper[j].isFinite {
                    thetaMax = min(thetaMax, max(0, upper[j] - x[j] + (bland ? 0 : tolP)) / g)
                }
            }
            if !thetaMax.isFinite {
                // Unbounded ray: x_q moves by dir, x_B by −dir·α_q.
                var ray = [Double](repeating: 0, count: n)
                if q < n { ray[q] = dir }
                for s in 0..<m where head[s] < n { ray[head[s]] = -dir * alphaQ[s] }
                rayScaled = ray
                return .unbounded
            }
            // Pass 2: largest |g| among the rows whose exact ratio is within thetaMax.
            var r = -1
            var bestG = 0.0
            var rTheta = 0.0
            for s in 0..<m {
                let a = alphaQ[s]
                if abs(a) < 1e-9 { continue }
                let g = -dir * a
                let j = head[s]
                var ratio = Double.infinity
                if g < 0 {
                    if lower[j].isFinite { ratio = max(0, (x[j] - lower[j]) / -g) }
                } else if upper[j].isFinite {
                    ratio = max(0, (upper[j] - x[j]) / g)
                }
                if ratio <= thetaMax && abs(g) > bestG {
                    bestG = abs(g); r = s; rTheta = ratio
                }
            }
            if r < 0 || range <= rTheta {
                // Bound flip of the entering variable.
                let theta = range
                guard theta.isFinite else { debugTrouble("PrimalSimplex.swift:78"); return .numericalTrouble }
                updateBasicValues(-dir * theta, alphaQ)
                status[q] = status[q] == .atLower ? .atUpper : .atLower
                x[q] = nonbasicValue(q)
                iterations += 1
                continue
            }
            let theta = rTheta
            updateBasicValues(-dir * theta, alphaQ)
            x[q] += dir * theta
            let leaving = head[r]
            let g = -dir * alphaQ[r]
            if lower[leaving] == upper[leaving] {
                status[leaving] = .fixed
            } else {
                status[leaving] = g < 0 ? .atLower : .atUpper
            }
            x[leaving] = nonbasicValue(leaving)
            head[r] = q
            status[q] = .basic
            factor.update(slot: r, alpha: alphaQ)
            dualWeight[r] = 1
            iterations += 1
            if theta * bestG < 1e-12 { degenerate += 1 } else { degenerate = 0; bland = false }
            if degenerate > 100 { bland = true }
        }
    }
}
