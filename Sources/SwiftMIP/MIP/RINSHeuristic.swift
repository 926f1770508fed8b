import Foundation

/// RINS, relaxation induced neighbourhood search (Danna, Rothberg & Le Pape 2005, §3): at a tree node,
/// fix the integer columns on which the incumbent and the node's LP point agree and solve the sub-MIP
/// over the rest with a node and LP-iteration budget. Found solutions go into the shared incumbent store
/// (and through its checker); the sub-MIP prunes against the shared cutoff, so it only finds improvements.
///
/// Frequency: a worker runs RINS when the incumbent changed since its last run (at least
/// `rinsMinimumInterval` nodes later), or every `rinsFrequency` nodes, backing off after failures.
/// The budget is a share of the tree's LP iterations (`rinsQuotient`, plus `rinsOffset`), as in SCIP.
extension SearchWorker {
    func maybeRunRINS(x: [Double], node: SearchNode) {
        guard settings.rins, !settings.isSubMIP, node.depth > 0, !integerColumns.isEmpty,
              search.store.objective < mipInfinity else { return }
        let solutions = search.store.solutionCount
        let since = processed - heuristicState.rinsLastNode
        let newIncumbent = solutions != heuristicState.rinsSolutionsSeen
        let due = newIncumbent ? since >= settings.rinsMinimumInterval
                               : since >= settings.rinsFrequency * (1 + min(heuristicState.rinsFailures, 8))
        guard due, rinsBudget() >= settings.rinsMinimumBudget else { return }
        heuristicState.rinsLastNode = processed
        heuristicState.rinsSolutionsSeen = solutions
        let before = search.store.objective
        rins(x: x)
        if search.store.objective < before {
            heuristicState.rinsFailures = 0
        } else {
            heuristicState.rinsFailures += 1
        }
        // The improvement (if any) is this run's own: do not count it as a new incumbent for the next run.
        heuristicState.rinsSolutionsSeen = search.store.solutionCount
    }

    /// LP iterations RINS may still spend.
    func rinsBudget() -> Int {
        let total = search.lpIterationCount.load(ordering: .relaxed)
        let used = search.rinsIterations.load(ordering: .relaxed)
        return Int(settings.rinsQuotient * Double(total)) + settings.rinsOffset - used
    }

    /// Builds and solves the RINS sub-MIP for the node point `x`; true when it ran.
    @discardableResult
    func rins(x: [Double]) -> Bool {
        guard let incumbent = search.store.incumbent?.searchValues else { return false }
        var sl = search.rootLower, su = search.rootUpper
        var fixed = 0
        let tol = settings.integralityTolerance
        for j in integerColumns {
            let v = incumbent[j].rounded()
            if abs(x[j] - v) <= tol && v >= sl[j] && v <= su[j] {
                sl[j] = v
                su[j] = v
                fixed += 1
            }
        }
        // Too few fixings: the sub-MIP would be nearly as hard as the MIP.
        guard Double(fixed) >= settings.rinsMinimumFixingRate * Double(integerColumns.count) else { return false }
        if propagator.propagate(lower: &sl, upper: &su, workLimit: settings.propagationWorkLimit) == .infeasible {
            return false
        }
        let budget = rinsBudget()
        var subSettings = subMIPSettings(nodeLimit: settings.rinsNodeLimit, source: .rins)
        subSettings.totalIterationLimit = budget
        subSettings.lpIterationLimit = min(settings.lpIterationLimit, budget)
        let before = search.store.objective
        let outcome = runSubMIP(lower: sl, upper: su, settings: subSettings)
        search.rinsIterations.wrappingAdd(outcome.lpIterations, ordering: .relaxed)
        if let log = search.log, search.store.objective < before {
            log.message("RINS: \(fixed) of \(integerColumns.count) integers fixed, \(outcome.nodes) nodes, " +
                        "\(outcome.lpIterations) LP iterations, improved")
        }
        return true
    }

    /// Settings of a one-thread sub-MIP (RENS, RINS): no root extras, no log, dives at its root only;
    /// its solutions are reported under `source`.
    func subMIPSettings(nodeLimit: Int, source: SolutionSource) -> SearchSettings {
        var s = settings
        s.threads = 1
        s.nodeLimit = nodeLimit
        s.solutionLimit = Int.max
        s.rens = false
        s.rins = false
        s.isSubMIP = true
        s.separators = []
        s.divingFrequency = 0
        s.solutionSource = source
        return s
    }

    /// Runs a sub-MIP over the bounds `lower`/`upper` that shares this search's incumbent store (and
    /// so its cutoff and checker) and its root cuts; its LP iterations are added to this search's count.
    func runSubMIP(lower: [Double], upper: [Double], settings subSettings: SearchSettings) -> SearchOutcome {
        let subSearch = TreeSearch(model: model, rootLower: lower, rootUpper: upper, settings: subSettings,
                                   store: search.store, rule: subMIPBranchingRule(), log: nil)
        if subMIPInheritsCuts {
            // The root cuts are valid for the sub-MIP (its bounds are tighter): its node LPs start from
            // the main search's root bound instead of the plain LP's, so it prunes far more.
            let parentCuts = search.cuts.withLock { $0 }
            subSearch.cuts.withLock { $0 = parentCuts }
        }
        let outcome = subSearch.run()
        search.lpIterationCount.wrappingAdd(outcome.lpIterations, ordering: .relaxed)
        return outcome
    }

    /// Branching for the RENS and RINS sub-MIPs: reliability branching with little strong branching
    /// (each probe costs a refactorisation of the full LP, which a node-limited sub-MIP cannot repay).
    func subMIPBranchingRule() -> ReliabilityBranching {
        ReliabilityBranching(columnCount: model.columnCount, reliability: 1, lookahead: 4, maxCandidates: 8,
                             rootCandidates: 20, iterationQuotient: 0.25, iterationOffset: 500)
    }
}

/// Sub-MIPs (RENS, RINS) add the main search's root cuts to their LP unless `SWIFTMIP_SUBMIP_CUTS=0`
/// (benchmarking switch).
let subMIPInheritsCuts: Bool = ProcessInfo.processInfo.environment["SWIFTMIP_SUBMIP_CUTS"] != "0"
