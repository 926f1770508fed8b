import Foundation

/// The primal heuristics a worker runs at a node: simple and ZI rounding at every node, diving
/// (DivingHeuristic.swift) at the root and periodically, RINS (RINSHeuristic.swift) at tree nodes,
/// the feasibility pump and RENS at the root of the main search.
extension SearchWorker {
    func runNodeHeuristics(x: [Double], z: Double, fractional: [Int], lower: [Double], upper: [Double],
                           basis: LPBasis, node: SearchNode, isRoot: Bool) {
        if let y = rounding.simpleRounding(values: x, fractional: fractional) {
            submit(y, .rounding)
        } else if let y = rounding.ziRounding(values: x, fractional: fractional, lower: lower, upper: upper) {
            submit(y, .ziRounding)
        }
        let diveNow = isRoot || (settings.divingFrequency > 0 && processed % settings.divingFrequency == 0)
        if diveNow && divingBudget() > 0 {
            for rule in divingRulesForNode(isRoot: isRoot) where divingBudget() > 0 && !search.isStopped {
                dive(rule, x: x, lower: lower, upper: upper)
            }
            lp.setColumnBounds(lower: lower, upper: upper)
            lp.basis = basis
            lpHoldsSequence = node.sequence
        }
        if !isRoot && !search.isStopped {
            maybeRunRINS(x: x, node: node)
        }
        if isRoot && !settings.isSubMIP {
            // The feasibility pump and RENS run once the root's children are in the pool (``SearchWorker/run()``).
            deferredRootHeuristics = DeferredRootHeuristics(x: x, lower: lower, upper: upper)
        }
    }

    /// The root heuristics deferred past the root's branching: the feasibility pump (without an
    /// incumbent) and RENS. They leave this worker's LP with the root's bounds and costs but another basis.
    func runDeferredRootHeuristics(_ root: DeferredRootHeuristics) {
        if search.store.objective >= mipInfinity && !search.isStopped {
            feasibilityPump(x: root.x, lower: root.lower, upper: root.upper)
            lpHoldsSequence = -1
        }
        if settings.rens && !search.isStopped {
            rens(x: root.x, lower: root.lower, upper: root.upper)
        }
    }

    /// LP iterations diving may still spend.
    func divingBudget() -> Int {
        let total = search.lpIterationCount.load(ordering: .relaxed)
        let used = search.divingIterations.load(ordering: .relaxed)
        return Int(settings.divingQuotient * Double(total)) + settings.divingOffset - used
    }

    /// The objective feasibility pump (Fischetti, Glover & Lodi 2005; Achterberg & Berthold 2007):
    /// alternate between rounding the LP point and solving the LP that minimises the L1 distance to the
    /// rounding (mixed with a fading share of the objective), flipping the most distant columns on short
    /// cycles and perturbing at random (seeded: deterministic) on longer ones. A rounding that survives
    /// propagation with its integers fixed is completed by an LP over the continuous columns.
    /// Costs are restored afterwards; bounds and basis are not (the caller resets them).
    private func feasibilityPump(x start: [Double], lower: [Double], upper: [Double]) {
        guard !integerColumns.isEmpty else { return }
        let n = model.columnCount
        let hasContinuous = integerColumns.count < n
        var costNorm = 0.0
        for j in 0..<n { costNorm += model.cost[j] * model.cost[j] }
        costNorm = costNorm.squareRoot()
        let objectiveScale = costNorm > 0 ? Double(integerColumns.count).squareRoot() / costNorm : 0
        var alpha = 1.0
        var x = start
        var history: [[Double]] = []
        var rng = SplitMix64(seed: 0x5EED_F00D)
        // The pump runs only while there is no incumbent: it may use as many iterations as the root
        // took (strong branching included), at least 10000, on top of the diving budget.
        var budget = max(10_000, divingBudget() + search.lpIterationCount.load(ordering: .relaxed))
        let started = LPClock.now()
        var rounds = 0, completions = 0
        var outcome = "no solution"
        defer {
            for j in 0..<n { lp.setCost(j, model.cost[j]) }
            if !settings.isSubMIP {
                search.log?.message(String(format: "Feasibility pump: %@ after %d rounds, %d LP completions, %.2fs",
                                           outcome, rounds, completions, LPClock.now() - started))
            }
        }
        let restoreBounds = { [self] in lp.setColumnBounds(lower: lower, upper: upper) }
        for round in 0..<100 {
            rounds = round + 1
            if budget <= 0 || search.checkLimits() { outcome = "budget spent"; return }
            // Round, and try the rounded point with the continuous part of the LP point.
            var rounded = x
            for j in integerColumns { rounded[j] = min(max(x[j].rounded(), lower[j]), upper[j]) }
            let ints = integerColumns
            let sameAs = { (a: [Double], b: [Double]) in ints.allSatisfy { a[$0] == b[$0] } }
            if let last = history.last, sameAs(rounded, last) {
                // Short cycle: flip the integer columns farthest from their rounding.
                let order = integerColumns.sorted { abs(x[$0] - rounded[$0]) > abs(x[$1] - rounded[$1]) }
                let flips = 10 + rng.int(20)
                for j in order.prefix(flips) where abs(x[j] - rounded[j]) > 1e-9 {
                    if rounded[j] < upper[j] && x[j] >= rounded[j] { rounded[j] += 1 }
                    else if rounded[j] > lower[j] { rounded[j] -= 1 }
                }
            }
            if history.dropLast().contains(where: { sameAs(rounded, $0) }) {
                // Longer cycle: perturb (Fischetti, Glover & Lodi 2005, §3): move columns whose
                // fractionality exceeds a random threshold to the other side.
                for j in integerColumns {
                    let f = abs(x[j] - rounded[j]) + max(0, rng.nextUnit() - 0.3)
                    if f > 0.5 {
                        if rounded[j] < upper[j] && x[j] >= rounded[j] { rounded[j] += 1 }
                        else if rounded[j] > lower[j] { rounded[j] -= 1 }
                    }
                }
            }
            if submit(rounded, .pump) == .accepted { outcome = "solution"; return }
            if hasContinuous && completeByLP(rounded, lower: lower, upper: upper, budget: &budget) {
                completions += 1
                outcome = "solution"
                return
            }
            history.append(rounded)
            if history.count > 5 { history.removeFirst() }
            // Distance objective: +1 towards a rounding at the lower bound, -1 at the upper bound; general
            // integers strictly inside their domain are not pulled (their distance needs extra columns).
            for j in 0..<n {
                var c = alpha * objectiveScale * model.cost[j]
                if model.isInteger[j] {
                    if rounded[j] <= lower[j] { c += 1 - alpha }
                    else if rounded[j] >= upper[j] { c -= 1 - alpha }
                }
                lp.setCost(j, c)
            }
            restoreBounds()
            alpha *= 0.9
            if alpha < 1e-3 { alpha = 0 }
            let before = lp.iterations
            let status = solveLP(iterationLimit: budget, diving: true, useCutoff: false)
            budget -= lp.iterations - before
            guard status == .optimal else { outcome = "LP \(status)"; return }
            x = lp.columnValues
            if fractionalColumns(x).isEmpty {
                if submit(x, .pump) == .accepted { outcome = "solution"; return }
            }
        }
    }

    /// Fixes the integer columns at `point`, propagates, and solves the LP over the continuous columns
    /// (with the true objective); submits its solution. True when a solution was accepted.
    /// Leaves the true costs in the LP only if it solved it; the caller resets bounds.
    private func completeByLP(_ point: [Double], lower: [Double], upper: [Double], budget: inout Int) -> Bool {
        var fl = lower, fu = upper
        for j in integerColumns {
            fl[j] = point[j]
            fu[j] = point[j]
        }
        if propagator.propagate(lower: &fl, upper: &fu, workLimit: settings.propagationWorkLimit) == .infeasible {
            return false
        }
        for j in 0..<model.columnCount { lp.setCost(j, model.cost[j]) }
        lp.setColumnBounds(lower: fl, upper: fu)
        let before = lp.iterations
        let status = solveLP(iterationLimit: max(100, budget), diving: true)
        budget -= lp.iterations - before
        guard status == .optimal else { return false }
        return submit(lp.columnValues, .pump) == .accepted
    }

    /// RENS (Berthold 2014): a sub-MIP over the rounding neighbourhood of the root LP solution — integer
    /// columns integral in the LP are fixed, the others restricted to ⌊x⌋..⌈x⌉ — solved with a node limit.
    /// Found solutions go straight into the shared incumbent store.
    private func rens(x: [Double], lower: [Double], upper: [Double]) {
        guard !integerColumns.isEmpty else { return }
        var sl = lower, su = upper
        var fixed = 0
        let tol = settings.integralityTolerance
        for j in integerColumns {
            let v = x[j]
            if abs(v - v.rounded()) <= tol {
                sl[j] = max(sl[j], v.rounded())
                su[j] = min(su[j], v.rounded())
                fixed += 1
            } else {
                sl[j] = max(sl[j], v.rounded(.down))
                su[j] = min(su[j], v.rounded(.up))
            }
        }
        // Too few fixings: the sub-MIP would be nearly as hard as the MIP.
        guard Double(fixed) >= 0.5 * Double(integerColumns.count) else { return }
        var sub = DomainPropagator(model: model)
        if sub.propagate(lower: &sl, upper: &su) == .infeasible { return }
        let outcome = runSubMIP(lower: sl, upper: su, settings: subMIPSettings(nodeLimit: 300, source: .rens))
        search.divingIterations.wrappingAdd(outcome.lpIterations, ordering: .relaxed)
        if let log = search.log {
            log.message("RENS: \(fixed) of \(integerColumns.count) integers fixed, \(outcome.nodes) nodes, " +
                        "\(outcome.lpIterations) LP iterations")
        }
    }
}

/// The root LP point for the heuristics that run after the root has been branched.
struct DeferredRootHeuristics {
    var x: [Double]
    var lower: [Double]
    var upper: [Double]
}
