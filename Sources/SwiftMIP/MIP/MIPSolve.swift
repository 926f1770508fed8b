import Foundation

/// Solves a mixed-integer program by branch and bound (also works, less efficiently, for an LP):
/// presolve hook → root propagation → parallel tree search → status, objective, bound and values of
/// the ORIGINAL model. Every returned solution has passed ``Model/check`` on `model`.
///
/// - Parameters:
///   - rule: the branching rule (default: reliability branching).
///   - strengthening: presolve and root cut hooks (default: ``RootStrengthening/standard``).
///   - adjust: changes the internal search settings (tests and experiments).
func solveMIP(_ model: Model, options: SolverOptions, rule: (any BranchingRule)? = nil,
              strengthening: RootStrengthening = .standard,
              adjust: ((inout SearchSettings) -> Void)? = nil) -> SolveResult {
    let start = LPClock.now()
    let log = SearchLog(handler: options.log, interval: options.logInterval, start: start)
    let deadline = options.timeLimit.isFinite ? start + max(0, options.timeLimit) : .infinity
    logHeader(model, options: options, rule: rule, log: log)

    // Presolve.
    var searchSource = model
    var postsolve: @Sendable ([Double]) -> [Double] = { $0 }
    if options.presolve, let presolve = strengthening.presolve {
        switch presolve(model, options) {
        case .reduced(let reduced, let map):
            searchSource = reduced
            postsolve = map
        case .infeasible(let reason):
            return finish(SolveResult(status: .infeasible, bestBound: model.sense == .minimize ? .infinity : -.infinity,
                                      time: LPClock.now() - start, message: "presolve: \(reason)"), log: log)
        case .unbounded(let reason):
            return finish(SolveResult(status: .unbounded, bestBound: model.sense == .minimize ? -.infinity : .infinity,
                                      time: LPClock.now() - start, message: "presolve: \(reason)"), log: log)
        case .unchanged:
            break
        }
    }
    // The search, and at most `maximumRestarts` restarts from a presolved model with the root's
    // reduced-cost fixings (RootRestart.swift).
    var phase = 0
    var carried: (incumbent: IncumbentStore.Incumbent, searchValues: [Double])? = nil
    var previousNodes = 0, previousIterations = 0, previousSolutions = 0
    /// The first root's LP bound and bound after cuts, in the model's own objective (constants differ
    /// between phases).
    var firstRootBounds: (lp: Double?, cut: Double?)? = nil
    /// Best root bound of the earlier phases, minimisation form with the objective constant.
    var restartBound = -Double.infinity
    var treeRestarts = 0
    var carriedPseudocosts: PseudocostTable? = nil
    /// The first search's node cut decision (a restarted root starts from the cut bound, so its own
    /// cut loop cannot tell whether cuts pay).
    var firstNodeCutDecision: Bool? = nil
    while true {
        let compressed = CompressedModel(searchSource)
        let sign = compressed.objectiveSign
        func reported(_ minForm: Double) -> Double {
            if minForm == .infinity { return sign * .infinity }
            if minForm == -.infinity { return -sign * .infinity }
            return compressed.reportedObjective(fromMinimization: minForm)
        }
        // Root bounds: integer columns rounded inward, then propagation.
        var lower = compressed.columnLower, upper = compressed.columnUpper
        var malformed: String? = nil
        for j in 0..<compressed.columnCount {
            if lower[j].isNaN || upper[j].isNaN { malformed = "column \(j) has a NaN bound" }
            if compressed.isInteger[j] {
                if lower[j] > -mipInfinity { lower[j] = (lower[j] - 1e-9).rounded(.up) }
                if upper[j] < mipInfinity { upper[j] = (upper[j] + 1e-9).rounded(.down) }
            }
        }
        if let malformed {
            return finish(SolveResult(status: .numericalTrouble, time: LPClock.now() - start, message: malformed), log: log)
        }
        let infeasibleResult = { [carried, previousNodes, previousIterations] (why: String) -> SolveResult in
            // After a restart "infeasible" means: no point better than the carried incumbent's cutoff.
            if let c = carried?.incumbent {
                let value = model.objectiveValue(at: c.originalValues)
                return SolveResult(status: .optimal, objectiveValue: value, bestBound: value, values: c.originalValues,
                                   nodes: previousNodes, iterations: previousIterations,
                                   time: LPClock.now() - start, message: "after the restart: \(why)")
            }
            return SolveResult(status: .infeasible, bestBound: reported(.infinity), time: LPClock.now() - start, message: why)
        }
        if let j = (0..<compressed.columnCount).first(where: { lower[$0] > upper[$0] + 1e-9 }) {
            return finish(infeasibleResult("column \(j) has an empty domain"), log: log)
        }
        var propagator = DomainPropagator(model: compressed)
        if propagator.propagate(lower: &lower, upper: &upper, workLimit: 10 * max(1, compressed.matrix.nonzeroCount)) == .infeasible {
            return finish(infeasibleResult("root propagation proved infeasibility"), log: log)
        }
        if options.presolve && rootProbingEnabled {
            // Probing (RootProbing.swift): about 3·10⁸ nonzeros visited at most, within 5 % of the time limit.
            let budget = 300_000_000
            let probeDeadline = deadline.isFinite ? LPClock.now() + 0.05 * (deadline - LPClock.now()) : LPClock.now() + 5
            let probing = probeBinaries(model: compressed, lower: &lower, upper: &upper, workBudget: budget,
                                        deadline: probeDeadline)
            if probing.probed > 0 { log.message(probing.description) }
            if probing.infeasible {
                return finish(infeasibleResult("probing proved infeasibility"), log: log)
            }
        }

        let store = IncumbentStore(original: model, searchModel: compressed, postsolve: postsolve,
                                   onIncumbent: options.onIncumbent)
        if let c = carried {
            _ = store.seed(originalValues: c.incumbent.originalValues, searchValues: c.searchValues, source: c.incumbent.source)
        }
        if store.objectiveStep > 0 && phase == 0 {
            log.message("Objective lattice: every optimum is a multiple of \(formatObjective(store.objectiveStep))")
        }
        var settings = SearchSettings()
        settings.threads = max(1, options.threads)
        settings.nodeLimit = options.nodeLimit
        settings.solutionLimit = options.solutionLimit == Int.max ? Int.max : max(1, options.solutionLimit - previousSolutions)
        settings.deadline = deadline
        settings.relativeGap = max(0, options.relativeGap)
        settings.absoluteGap = max(0, options.absoluteGap)
        settings.integralityTolerance = options.integralityTolerance
        settings.primalTolerance = options.primalTolerance
        settings.dualTolerance = options.dualTolerance
        settings.lpIterationLimit = options.iterationLimit
        settings.cancellation = options.cancellation
        if options.cuts {
            settings.separators = strengthening.separators
            settings.cutRounds = strengthening.maxRounds
            settings.cutMinimumProgress = strengthening.minimumProgress
            applyRootCutOverrides(&settings)
        }
        // Node-limited runs do not restart: the limit counts the nodes of one search.
        // The root restart is tested in the first search only; tree restarts (TreeRestart.swift) in every
        // search while fewer than `maximumRestarts` restarts happened.
        let mayRestart = options.presolve && options.nodeLimit == Int.max && phase < maximumRestarts
        if restartEnabled && mayRestart && phase == 0 {
            settings.restartFraction = restartMinimumFixedFraction
        }
        if treeRestartEnabled && mayRestart {
            settings.treeRestart = true
            settings.treeRestartFraction = treeRestartMinimumFixedFraction
        }
        settings.treeRestartsBefore = treeRestarts
        settings.nodeCutsDecidedEarlier = firstNodeCutDecision
        adjust?(&settings)
        if phase >= maximumRestarts {
            settings.restartFraction = 0
            settings.treeRestart = false
            settings.treeRestartForceAfterNodes = 0
        }
        let branching = rule ?? ReliabilityBranching(columnCount: compressed.columnCount,
                                                     reliability: reliabilityThresholdOverride ?? 4,
                                                     pseudocosts: carriedPseudocosts)
        let search = TreeSearch(model: compressed, rootLower: lower, rootUpper: upper, settings: settings,
                                store: store, rule: branching, log: log.isOn ? log : nil)
        let outcome = search.run()
        if outcome.stop == .restart, let point = search.restartPoint.withLock({ $0 }), let inc = store.incumbent {
            phase += 1
            if firstNodeCutDecision == nil { firstNodeCutDecision = search.nodeCutsActive.load(ordering: .relaxed) }
            previousNodes += outcome.nodes
            previousIterations += outcome.lpIterations
            previousSolutions += store.solutionCount
            if firstRootBounds == nil {
                let report = search.rootCutReport.withLock { $0 }
                firstRootBounds = (report.lpBound.map(reported), report.cutBound.map(reported))
            }
            // The root bound, and after a tree restart the tree's bound (open and held nodes, never above
            // the incumbent), are proven bounds of this phase's model, hence of the original.
            let proven = point.afterNodes == nil ? outcome.rootBound : max(outcome.rootBound, outcome.dualBound)
            restartBound = max(restartBound, sign * reported(proven))
            if let nodes = point.afterNodes {
                treeRestarts += 1
                log.message("Restart \(phase) (tree, after \(nodes) nodes): root reduced costs fixed \(point.newlyFixed) of "
                            + "\(point.freeIntegers) free integer columns (\(String(format: "%.1f%%", 100 * point.share))), "
                            + "\(point.note); presolving the reduced model")
            } else {
                log.message("Restart \(phase): root reduced costs fixed \(point.newlyFixed) of \(point.freeIntegers) free integer "
                            + "columns; presolving the reduced model")
            }
            // With symmetries, the fixings are closed under the group and no cut rows are carried, so
            // that the restarted model keeps the symmetry (OrbitalBranching.swift).
            var (restartLower, restartUpper) = (point.lower, point.upper)
            if let symmetry = search.symmetry {
                let closed = symmetry.symmetrize(lower: &restartLower, upper: &restartUpper)
                if closed > 0 { log.message("Symmetry: \(closed) more bounds fixed on the orbits of the restart's fixings") }
            }
            let next = restartedModel(searchSource, lower: restartLower, upper: restartUpper,
                                      cuts: search.symmetry == nil ? search.cuts.withLock { $0 } : [], incumbent: inc,
                                      rootRowDuals: search.rootDuals?.rowDuals ?? [],
                                      dropCarriedCuts: search.symmetry != nil,
                                      presolve: options.presolve && strengthening.presolve != nil, options: options)
            guard let next else {
                let c = (incumbent: inc, searchValues: inc.searchValues)
                carried = c
                return finish(infeasibleResult("presolve proved that no point beats the incumbent's cutoff"), log: log,
                              source: inc.source, solutions: previousSolutions)
            }
            let outer = postsolve
            let inner = next.postsolve
            postsolve = { outer(inner($0)) }
            searchSource = next.model
            carried = (incumbent: inc, searchValues: next.searchValues)
            if restartPseudocostsEnabled, rule == nil, let reliability = branching as? ReliabilityBranching {
                carriedPseudocosts = reliability.pseudocosts.mapped(through: next.columnMap)
            }
            continue
        }

        if outcome.rootUnbounded {
            // LP relaxation unbounded: the MIP is unbounded if it has any feasible point (Meyer 1974), so
            // search for one with a zero objective.
            var feasibility = compressed
            feasibility.cost = Array(repeating: 0, count: compressed.columnCount)
            let feasibleStore = IncumbentStore(original: model, searchModel: feasibility, postsolve: postsolve)
            var feasibilitySettings = settings
            feasibilitySettings.solutionLimit = 1
            let probe = TreeSearch(model: feasibility, rootLower: lower, rootUpper: upper, settings: feasibilitySettings,
                                   store: feasibleStore, rule: MostFractionalBranching(), log: nil)
            let found = probe.run()
            let time = LPClock.now() - start
            if let point = feasibleStore.incumbent {
                return finish(SolveResult(status: .unbounded, bestBound: reported(-.infinity), values: point.originalValues,
                                          nodes: outcome.nodes + found.nodes,
                                          iterations: outcome.lpIterations + found.lpIterations, time: time,
                                          message: "the LP relaxation is unbounded and the point given is feasible"), log: log)
            }
            if found.stop == .none && found.unresolvedNodes == 0 {
                return finish(infeasibleResult("no feasible point (the LP relaxation is unbounded)"), log: log)
            }
            let status: SolveStatus = found.stop == .timeLimit ? .timeLimit : (found.stop == .interrupted ? .interrupted : .infeasibleOrUnbounded)
            return finish(SolveResult(status: status, nodes: outcome.nodes + found.nodes,
                                      iterations: outcome.lpIterations + found.lpIterations, time: time,
                                      message: "the LP relaxation is unbounded; feasibility undecided"), log: log)
        }

        let incumbent = store.incumbent
        // A restart's earlier root bound stays valid (it may beat the restarted search's bound).
        let dual = min(max(outcome.dualBound, restartBound - sign * compressed.objectiveConstant),
                       incumbent?.objective ?? .infinity)
        var status: SolveStatus
        let closedAtDefault: Bool = {
            guard let inc = incumbent else { return false }
            let diff = inc.objective - dual
            let scale = max(abs(reported(inc.objective)), 1e-10)
            return diff <= max(options.absoluteGap, 1e-6) || diff <= min(options.relativeGap, 1e-4) * scale
        }()
        switch outcome.stop {
        case .none:
            if outcome.unresolvedNodes > 0 && !closedAtDefault {
                status = .numericalTrouble
            } else {
                status = incumbent == nil ? .infeasible : .optimal
            }
        case .gap:
            status = closedAtDefault ? .optimal : .gapLimit
        case .nodeLimit: status = closedAtDefault ? .optimal : .nodeLimit
        case .timeLimit: status = closedAtDefault ? .optimal : .timeLimit
        case .solutionLimit: status = closedAtDefault ? .optimal : .solutionLimit
        case .interrupted: status = .interrupted
        case .unboundedRoot: status = .infeasibleOrUnbounded
        case .restart: status = closedAtDefault ? .optimal : .numericalTrouble
        }
        var notes: [String] = []
        if store.rejectedCount > 0 {
            notes.append("\(store.rejectedCount) candidate solutions rejected by the checker (first: "
                         + (store.firstRejection.withLock { $0 } ?? "?") + ")")
        }
        if outcome.unresolvedNodes > 0 { notes.append("\(outcome.unresolvedNodes) nodes with unsolved LPs kept their parent's bound") }
        var result = SolveResult(status: status,
                                 objectiveValue: incumbent.map { model.objectiveValue(at: $0.originalValues) },
                                 bestBound: status == .infeasible ? reported(.infinity) : reported(dual),
                                 values: incumbent?.originalValues, nodes: previousNodes + outcome.nodes,
                                 iterations: previousIterations + outcome.lpIterations, time: LPClock.now() - start,
                                 message: notes.isEmpty ? nil : notes.joined(separator: "; "))
        if let first = firstRootBounds {
            result.rootLPBound = first.lp
            result.rootCutBound = first.cut
        } else {
            let rootReport = search.rootCutReport.withLock { $0 }
            result.rootLPBound = rootReport.lpBound.map(reported)
            result.rootCutBound = rootReport.cutBound.map(reported)
        }
        return finish(result, log: log, source: incumbent?.source, solutions: previousSolutions + store.solutionCount)
    }
}

private func logHeader(_ model: Model, options: SolverOptions, rule: (any BranchingRule)?, log: SearchLog) {
    guard log.isOn else { return }
    log.message("SwiftMIP \(SwiftMIPVersion.string): MIP \(model.name): \(model.numberOfConstraints) rows, "
                + "\(model.numberOfVariables) columns (\(model.numberOfIntegerVariables) integer), "
                + "\(model.numberOfNonzeros) nonzeros")
    var parts = ["threads \(max(1, options.threads))"]
    parts.append(options.timeLimit.isFinite ? "time limit \(options.timeLimit) s" : "no time limit")
    if options.nodeLimit < Int.max { parts.append("node limit \(options.nodeLimit)") }
    if options.solutionLimit < Int.max { parts.append("solution limit \(options.solutionLimit)") }
    parts.append("relative gap \(options.relativeGap)")
    parts.append("absolute gap \(options.absoluteGap)")
    parts.append("presolve \(options.presolve ? "on" : "off")")
    parts.append("cuts \(options.cuts ? "on" : "off")")
    parts.append("branching \(rule?.name ?? "reliability")")
    log.message("Options: " + parts.joined(separator: ", "))
}

private func finish(_ result: SolveResult, log: SearchLog, source: SolutionSource? = nil, solutions: Int = 0) -> SolveResult {
    guard log.isOn else { return result }
    log.message("")
    log.message("Status            \(result.status.rawValue)")
    log.message("Primal bound      \(result.objectiveValue.map(formatObjective) ?? "inf")")
    log.message("Dual bound        \(formatObjective(result.bestBound))")
    log.message("Gap               " + (result.gap.isFinite ? String(format: "%.4g%%", 100 * result.gap) : "inf"))
    log.message("Solutions         \(solutions)" + (source.map { " (best found by \($0.description))" } ?? ""))
    log.message("Nodes             \(result.nodes)")
    log.message("LP iterations     \(result.iterations)")
    log.message(String(format: "Time              %.2fs", result.time))
    if let message = result.message { log.message("Note              \(message)") }
    return result
}
