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
        var subSettings = settings
        subSettings.threads = 1
        subSettings.nodeLimit = settings.rinsNodeLimit
        subSettings.totalIterationLimit = budget
        subSettings.lpIterationLimit = min(settings.lpIterationLimit, budget)
        subSettings.solutionLimit = Int.max
        subSettings.rens = false
        subSettings.rins = false
        subSettings.isSubMIP = true
        subSettings.separators = []
        subSettings.divingFrequency = 0
        subSettings.solutionSource = .rins
        let subSearch = TreeSearch(model: model, rootLower: sl, rootUpper: su, settings: subSettings,
                                   store: search.store, rule: ReliabilityBranching(columnCount: model.columnCount),
                                   log: nil)
        let before = search.store.objective
        let outcome = subSearch.run()
        search.lpIterationCount.wrappingAdd(outcome.lpIterations, ordering: .relaxed)
        search.rinsIterations.wrappingAdd(outcome.lpIterations, ordering: .relaxed)
        if let log = search.log, search.store.objective < before {
            log.message("RINS: \(fixed) of \(integerColumns.count) integers fixed, \(outcome.nodes) nodes, " +
                        "\(outcome.lpIterations) LP iterations, improved")
        }
        return true
    }
}
