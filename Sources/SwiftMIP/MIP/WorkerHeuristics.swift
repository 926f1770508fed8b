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
