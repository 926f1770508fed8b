import Foundation

/// The primal heuristics a worker runs at a node: simple and ZI rounding at every node, fractional
/// diving at the root and periodically, RENS at the root of the main search.
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
            fractionalDive(x: x, lower: lower, upper: upper)
            lp.setColumnBounds(lower: lower, upper: upper)
            lp.basis = basis
            lpHoldsSequence = node.sequence
        }
        if isRoot && !settings.isSubMIP && search.store.objective >= mipInfinity && !search.isStopped {
            feasibilityPump(x: x, lower: lower, upper: upper)
            lp.setColumnBounds(lower: lower, upper: upper)
            lp.basis = basis
            lpHoldsSequence = node.sequence
        }
        if isRoot && settings.rens && !settings.isSubMIP && !search.isStopped {
            rens(x: x, lower: lower, upper: upper)
        }
    }

    /// LP iterations diving may still spend.
    private func divingBudget() -> Int {
        let total = search.lpIterationCount.load(ordering: .relaxed)
        let used = search.divingIterations.load(ordering: .relaxed)
        return Int(settings.divingQuotient * Double(total)) + settings.divingOffset - used
    }

    /// Fractional diving (Achterberg 2007, §9.2): repeatedly rounds the least fractional column to its
    /// nearer integer, propagates and re-solves the LP, with one backtrack per step.
    private func fractionalDive(x start: [Double], lower: [Double], upper: [Double]) {
        var dl = lower, du = upper
        var x = start
        let maxSteps = min(integerColumns.count, 300)
        var budget = divingBudget()
        for _ in 0..<maxSteps {
            if budget <= 0 || search.checkLimits() { return }
            let fractional = fractionalColumns(x)
            if fractional.isEmpty {
                submit(x, .diving)
                return
            }
            if let y = rounding.simpleRounding(values: x, fractional: fractional),
               submit(y, .diving) == .accepted {
                return
            }
            // The least fractional column.
            var pick = fractional[0]
            var pickDistance = 1.0
            for j in fractional {
                let f = x[j] - x[j].rounded(.down)
                let d = min(f, 1 - f)
                if d < pickDistance { pickDistance = d; pick = j }
            }
            let v = x[pick]
            let roundUp = v - v.rounded(.down) >= 0.5
            var solved = false
            for attempt in 0..<2 {
                let up = attempt == 0 ? roundUp : !roundUp
                var tl = dl, tu = du
                if up { tl[pick] = v.rounded(.up) } else { tu[pick] = v.rounded(.down) }
                if tl[pick] > tu[pick] { continue }
                if propagator.propagate(lower: &tl, upper: &tu, workLimit: settings.propagationWorkLimit / 4) == .infeasible {
                    continue
                }
                lp.setColumnBounds(lower: tl, upper: tu)
                let before = lp.iterations
                let status = solveLP(iterationLimit: max(10, budget), diving: true)
                budget -= lp.iterations - before
                if status == .optimal && lp.objectiveValue < search.store.cutoff {
                    dl = tl
                    du = tu
                    x = lp.columnValues
                    solved = true
                    break
                }
                if status != .infeasible && status != .cutoff && status != .optimal { return }
            }
            if !solved { return }
        }
    }

    /// The objective feasibility pump (Fischetti, Glover & Lodi 2005; Achterberg & Berthold 2007):
    /// alternate between rounding the LP point and solving the LP that minimises the L1 distance to the
    /// rounding (mixed with a fading share of the objective), flipping the most distant columns on cycles.
    /// Costs, bounds and basis are restored afterwards.
    private func feasibilityPump(x start: [Double], lower: [Double], upper: [Double]) {
        guard !integerColumns.isEmpty else { return }
        let n = model.columnCount
        var costNorm = 0.0
        for j in 0..<n { costNorm += model.cost[j] * model.cost[j] }
        costNorm = costNorm.squareRoot()
        let objectiveScale = costNorm > 0 ? Double(integerColumns.count).squareRoot() / costNorm : 0
        var alpha = 1.0
        var x = start
        var previous: [Double] = []
        var budget = max(500, divingBudget())
        defer {
            for j in 0..<n { lp.setCost(j, model.cost[j]) }
        }
        for _ in 0..<30 {
            if budget <= 0 || search.checkLimits() { return }
            // Round, and try the rounded point with the continuous part of the LP point.
            var rounded = x
            for j in integerColumns { rounded[j] = min(max(x[j].rounded(), lower[j]), upper[j]) }
            if submit(rounded, .pump) == .accepted { return }
            if !previous.isEmpty && integerColumns.allSatisfy({ rounded[$0] == previous[$0] }) {
                // Cycle: flip the integer columns farthest from their rounding.
                let order = integerColumns.sorted { abs(x[$0] - rounded[$0]) > abs(x[$1] - rounded[$1]) }
                for j in order.prefix(10) {
                    if rounded[j] < upper[j] && x[j] >= rounded[j] { rounded[j] += 1 }
                    else if rounded[j] > lower[j] { rounded[j] -= 1 }
                }
            }
            previous = rounded
            // Distance objective: +1 towards a rounding at the lower bound, -1 at the upper bound.
            for j in 0..<n {
                var c = alpha * objectiveScale * model.cost[j]
                if model.isInteger[j] {
                    if rounded[j] <= lower[j] { c += 1 - alpha }
                    else if rounded[j] >= upper[j] { c -= 1 - alpha }
                }
                lp.setCost(j, c)
            }
            alpha *= 0.9
            let before = lp.iterations
            let status = solveLP(iterationLimit: budget, diving: true, useCutoff: false)
            budget -= lp.iterations - before
            guard status == .optimal else { return }
            x = lp.columnValues
            if fractionalColumns(x).isEmpty {
                submit(x, .pump)
                return
            }
        }
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
        var subSettings = settings
        subSettings.threads = 1
        subSettings.nodeLimit = 300
        subSettings.solutionLimit = Int.max
        subSettings.rens = false
        subSettings.isSubMIP = true
        subSettings.separators = []
        subSettings.divingFrequency = 0
        subSettings.solutionSource = .rens
        let subSearch = TreeSearch(model: model, rootLower: sl, rootUpper: su, settings: subSettings,
                                   store: search.store, rule: ReliabilityBranching(columnCount: model.columnCount),
                                   log: nil)
        let outcome = subSearch.run()
        search.lpIterationCount.wrappingAdd(outcome.lpIterations, ordering: .relaxed)
        search.divingIterations.wrappingAdd(outcome.lpIterations, ordering: .relaxed)
        if let log = search.log {
            log.message("RENS: \(fixed) of \(integerColumns.count) integers fixed, \(outcome.nodes) nodes, " +
                        "\(outcome.lpIterations) LP iterations")
        }
    }
}
