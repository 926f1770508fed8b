import Foundation

/// One thread of the tree search: owns an LP solver, a propagator and heuristic scratch space, and
/// processes nodes drawn from (or plunged past) the shared pool of its ``TreeSearch``.
final class SearchWorker {
    let search: TreeSearch
    let id: Int
    let model: CompressedModel
    let settings: SearchSettings
    let lp: LPSolver
    var propagator: DomainPropagator
    var rounding: RoundingHeuristics
    /// How many of the search's root cuts this worker's LP holds.
    var cutsAdded = 0
    /// Tree-pool cut rows in this worker's LP after the shared cuts (NodeCutLoop.swift).
    var dynamicCuts = DynamicCutRows()
    /// Whether the node being processed came from the open-node pool (not a plunge child).
    private var nodeFromPool = false
    /// Sequence number of the node whose optimal basis the LP currently holds (-1: unknown).
    var lpHoldsSequence = -1
    private var lastIterations = 0
    var processed = 0
    var rootUnbounded = false
    private var lastValues: [Double] = []
    /// Children created so far (for their sequence numbers).
    private var childrenCreated = 0
    /// Root point for the heuristics that run after the root has been branched (see ``run()``).
    var deferredRootHeuristics: DeferredRootHeuristics? = nil
    /// Diving rotation and RINS frequency (DivingHeuristic.swift, RINSHeuristic.swift).
    var heuristicState = WorkerHeuristicState()
    let integerColumns: [Int]

    init(search: TreeSearch, id: Int) {
        self.search = search
        self.id = id
        self.model = search.model
        self.settings = search.settings
        var options = LPOptions()
        options.primalTolerance = settings.primalTolerance
        options.dualTolerance = settings.dualTolerance
        options.iterationLimit = settings.lpIterationLimit
        options.deadline = settings.deadline
        options.cancellation = settings.cancellation
        lp = LPSolver(model: search.model, options: options)
        lp.setColumnBounds(lower: search.rootLower, upper: search.rootUpper)
        propagator = DomainPropagator(model: search.model)
        rounding = RoundingHeuristics(model: search.model)
        integerColumns = (0..<search.model.columnCount).filter { search.model.isInteger[$0] }
    }

    // MARK: Main loop

    func run() {
        var local: SearchNode? = nil
        var plungeDepth = 0
        var idleSpins = 0
        while true {
            let node: SearchNode
            if let l = local {
                node = l
                local = nil
            } else {
                switch search.acquire(worker: id) {
                case .done: return
                case .wait:
                    if search.checkLimits() { return }
                    // Back off while the other workers hold every open node (e.g. the root).
                    idleSpins += 1
                    usleep(UInt32(min(2000, 50 << min(idleSpins, 6))))
                    continue
                case .node(let n):
                    node = n
                    plungeDepth = 0
                    idleSpins = 0
                }
            }
            if search.checkLimits() || !beginNode() {
                search.returnNode(worker: id, node)
                continue
            }
            syncCuts()
            nodeFromPool = plungeDepth == 0
            switch process(node) {
            case .requeue:
                search.returnNode(worker: id, node)
            case .children(let children):
                local = search.finishNode(worker: id, children: children, plungeDepth: plungeDepth, mayPlunge: true)
                plungeDepth += 1
            }
            search.considerTreeRestart()
            // Root heuristics that need no LP of this worker's node run after the root's children are in
            // the pool, so that other workers are not idle meanwhile.
            if let deferred = deferredRootHeuristics {
                deferredRootHeuristics = nil
                runDeferredRootHeuristics(deferred)
                search.considerRestart()
            }
            if let log = search.log, log.due(now: LPClock.now()) { search.logLine(source: "") }
        }
    }

    /// Counts the node against the node limit; false when the limit is reached.
    private func beginNode() -> Bool {
        let n = search.nodeCount.wrappingAdd(1, ordering: .relaxed).newValue
        if n > settings.nodeLimit {
            search.nodeCount.wrappingSubtract(1, ordering: .relaxed)
            search.requestStop(.nodeLimit)
            return false
        }
        processed += 1
        return true
    }

    private func syncCuts() {
        let missing: [Cut] = search.cuts.withLock { all in
            all.count > cutsAdded ? Array(all[cutsAdded...]) : []
        }
        guard !missing.isEmpty else { return }
        // The shared cuts come first in the LP: node cut rows leave (the pool keeps them) to make room.
        dropAgedCuts(all: true)
        lp.addRows(missing.map(\.row), lower: missing.map(\.lower), upper: missing.map(\.upper))
        cutsAdded += missing.count
        lpHoldsSequence = -1
    }

    // MARK: LP helpers

    /// Solves the LP with the current bounds; counts iterations. `diving` also counts them as diving work.
    func solveLP(iterationLimit: Int? = nil, diving: Bool = false, useCutoff: Bool = true) -> LPStatus {
        lp.options.iterationLimit = min(iterationLimit ?? settings.lpIterationLimit, settings.lpIterationLimit)
        lp.options.objectiveCutoff = useCutoff ? search.store.cutoff : .infinity
        let status = lp.solve()
        let total = lp.iterations
        let spent = total - lastIterations
        lastIterations = total
        search.lpIterationCount.wrappingAdd(spent, ordering: .relaxed)
        if diving { search.divingIterations.wrappingAdd(spent, ordering: .relaxed) }
        return status
    }

    /// A basis with every column nonbasic at a finite bound (or free) and every row basic.
    func slackBasis(lower: [Double], upper: [Double]) -> LPBasis {
        var columns = [BasisStatus](repeating: .atLower, count: model.columnCount)
        for j in 0..<model.columnCount {
            if lower[j] == upper[j] { columns[j] = .fixed }
            else if lower[j] > -mipInfinity { columns[j] = .atLower }
            else if upper[j] < mipInfinity { columns[j] = .atUpper }
            else { columns[j] = .free }
        }
        return LPBasis(columns: columns, rows: [BasisStatus](repeating: .basic, count: lp.rowCount))
    }

    /// Offers a point to the shared incumbent store (sub-MIPs report under their own source letter).
    @discardableResult
    func submit(_ x: [Double], _ source: SolutionSource) -> IncumbentStore.SubmitResult {
        search.store.submit(x, source: settings.solutionSource ?? source)
    }

    func fractionalColumns(_ x: [Double]) -> [Int] {
        let tol = settings.integralityTolerance
        var result: [Int] = []
        for j in integerColumns {
            let v = x[j]
            if abs(v - v.rounded()) > tol { result.append(j) }
        }
        return result
    }

    // MARK: Node processing

    enum NodeResult { case children([SearchNode]), requeue }

    func process(_ node: SearchNode) -> NodeResult {
        var lower = search.rootLower, upper = search.rootUpper
        node.changes.apply(lower: &lower, upper: &upper)
        let tol = settings.primalTolerance
        for j in 0..<model.columnCount where lower[j] > upper[j] {
            if lower[j] > upper[j] + tol * max(1, abs(lower[j])) {
                observeInfeasible(node)
                return .children([])
            }
            upper[j] = lower[j]  // crossed by round-off only
        }
        if node.lowerBound >= search.store.cutoff { return .children([]) }
        // Reduced-cost fixing with the root LP's reduced costs and the current cutoff (valid globally).
        if let root = search.rootDuals, search.store.objective < mipInfinity {
            _ = reducedCostFixing(model: model, lpObjective: root.objective, reducedCosts: root.reducedCosts,
                                  cutoff: search.store.cutoff, lower: &lower, upper: &upper)
            for j in 0..<model.columnCount where lower[j] > upper[j] {
                return .children([])
            }
        }
        // The root bounds are already propagated: start from the rows of the columns branching changed.
        var touched: [Int]? = nil
        if !node.changes.isEmpty {
            var seen = Set<Int32>()
            touched = node.changes.compactMap { seen.insert($0.column).inserted ? Int($0.column) : nil }
        }
        switch propagator.propagate(lower: &lower, upper: &upper, workLimit: settings.propagationWorkLimit,
                                    startColumns: touched) {
        case .infeasible:
            observeInfeasible(node)
            return .children([])
        case .feasible(let changes):
            if let record = node.record { search.rule.observeInferences(record, count: changes) }
        }
        var extra: [BoundChange] = []
        var tightenRounds = 0
        // The root cut loop's bound (it may beat the final root LP: RootCutLoop.swift); −∞ elsewhere.
        var rootCutBound = -Double.infinity
        var nodeCutRounds = 0
        var retried = false
        while true {
            let restore = tightenRounds == 0 && nodeCutRounds == 0 && lpHoldsSequence != node.parentSequence
                ? node.basis : nil
            if tightenRounds == 0 && nodeCutRounds == 0 {
                // The parent's basis describes the parent's node cut rows: install those; a plunge child
                // keeps the LP's rows less the ones that aged out.
                if restore != nil { installCutRows(node.cutRows) } else { dropAgedCuts() }
            }
            lp.setColumnBounds(lower: lower, upper: upper)
            if let basis = restore { lp.basis = basis }
            lpHoldsSequence = -1
            var status = solveLP()
            if (status == .numericalTrouble || status == .iterationLimit || (status == .unbounded && node.depth > 0)) && !retried {
                // One retry from a slack basis.
                retried = true
                lp.basis = slackBasis(lower: lower, upper: upper)
                status = solveLP()
            }
            switch status {
            case .optimal:
                break
            case .infeasible, .cutoff:
                observeInfeasible(node)
                return .children([])
            case .timeLimit, .interrupted:
                _ = search.checkLimits()
                if !search.isStopped { search.requestStop(status == .timeLimit ? .timeLimit : .interrupted) }
                return .requeue
            case .unbounded where node.depth == 0:
                rootUnbounded = true
                search.requestStop(.unboundedRoot)
                return .requeue
            default:
                return fallbackBranch(node, lower: lower, upper: upper, extra: extra)
            }
            search.nodeLPSolves.wrappingAdd(1, ordering: .relaxed)
            var z = lp.objectiveValue
            if tightenRounds == 0, nodeCutRounds == 0, let record = node.record {
                search.rule.observe(record, parentObjective: node.parentObjective, childObjective: z)
            }
            let isRoot = node.depth == 0 && node.changes.isEmpty && tightenRounds == 0
            if isRoot {
                if !settings.isSubMIP {
                    search.log?.message(String(format: "Root LP: objective %@, %d iterations, %.2fs",
                                               formatObjective(model.reportedObjective(fromMinimization: z)),
                                               lp.iterations, LPClock.now() - (search.log?.start ?? 0)))
                }
                if !settings.separators.isEmpty && !settings.isSubMIP {
                    switch separateRootCuts(lower: lower, upper: upper) {
                    case .infeasible: return .children([])
                    case .stopped: return .requeue
                    case .solved(let lpValue, let bound): z = lpValue; rootCutBound = bound
                    }
                } else {
                    search.rootCutReport.withLock { [z] in $0.lpBound = z; $0.cutBound = z }
                }
                search.setRootBound(max(z, rootCutBound))
                search.setRootDuals(objective: z, reducedCosts: lp.reducedCosts, rowDuals: lp.rowDuals)
            }
            let bound = max(z, node.lowerBound, rootCutBound)
            if bound >= search.store.cutoff { return .children([]) }
            // Held nodes count in the global dual bound with their parent's bound; only the root (which
            // may take long) reports its own, to keep the pool lock out of every node.
            if node.depth == 0 { search.updateInflight(worker: id, bound: bound) }
            let x = lp.columnValues
            lastValues = x
            let fractional = fractionalColumns(x)
            if fractional.isEmpty {
                lpHoldsSequence = node.sequence
                let verdict = submit(x, .tree)
                if verdict == .rejected || verdict == .infeasible {
                    if repairIntegralPoint(x, bound: bound, lower: lower, upper: upper) {
                        search.recordSettledWithinGap(bound: bound)
                    } else {
                        search.recordUnresolved(bound: bound)
                    }
                }
                return .children([])
            }
            // Node cuts (NodeCutLoop.swift): add violated pool cuts (and separate at pool nodes), re-solve.
            // The root cut loop switched them on (never in a sub-MIP, never with zero rounds).
            if node.depth > 0, search.nodeCutsActive.load(ordering: .relaxed) {
                if nodeCutRounds < settings.nodeCutRounds, nodeFromPool || settings.nodeCutsInPlunges {
                    nodeCutRounds += 1
                    if addNodeCuts(values: x, objective: z, separate: nodeFromPool && settings.nodeSeparation) { continue }
                    nodeCutRounds = settings.nodeCutRounds
                }
                ageDynamicCuts()
            }
            let nodeBasis = lp.basis
            let reducedCosts = lp.reducedCosts
            lpHoldsSequence = node.sequence

            if settings.heuristics {
                runNodeHeuristics(x: x, z: z, fractional: fractional, lower: lower, upper: upper,
                                  basis: nodeBasis, node: node, isRoot: isRoot)
                if search.isStopped { return .requeue }
            }
            let cutoff = search.store.cutoff
            if bound >= cutoff { return .children([]) }
            if search.store.objective < mipInfinity {
                extra += reducedCostFixing(model: model, lpObjective: z, reducedCosts: reducedCosts, cutoff: cutoff,
                                           lower: &lower, upper: &upper)
            }

            // Branching.
            let context = BranchingContext(model: model, values: x, lower: lower, upper: upper, lpObjective: z,
                                           fractional: fractional, depth: node.depth, cutoff: cutoff,
                                           integralityTolerance: settings.integralityTolerance,
                                           nodeLPIterations: search.nodeLPIterationCount,
                                           nodeLPSolves: search.nodeLPSolves.load(ordering: .relaxed))
            var probe: any LPProbe = NodeProbe(worker: self, lower: lower, upper: upper, basis: nodeBasis)
            let decision = search.rule.branch(context, probe: &probe)
            if (probe as? NodeProbe)?.used == true {
                // Every probe restored the basis and its columns' bounds; a child sets all bounds anyway,
                // so a further basis reset (a refactorisation) is not needed.
                lpHoldsSequence = node.sequence
            }
            if search.isStopped && LPClock.now() >= settings.deadline { return .requeue }
            switch decision {
            case .prune:
                return .children([])
            case .tighten(let changes) where tightenRounds < 5:
                changes.apply(lower: &lower, upper: &upper)
                extra += changes
                for j in 0..<model.columnCount where lower[j] > upper[j] + tol * max(1, abs(lower[j])) {
                    return .children([])
                }
                if propagator.propagate(lower: &lower, upper: &upper, workLimit: settings.propagationWorkLimit) == .infeasible {
                    return .children([])
                }
                tightenRounds += 1
                continue
            case .branch(let kids):
                if let children = makeChildren(kids, node: node, bound: bound, z: z, lower: lower, upper: upper,
                                               extra: extra, basis: nodeBasis) {
                    return .children(children)
                }
            default:
                break
            }
            // Fallback: most fractional.
            guard let j = mostFractional(fractional, values: x) else { return .children([]) }
            let kids = variableDichotomy(column: j, value: x[j])
            return .children(makeChildren(kids, node: node, bound: bound, z: z, lower: lower, upper: upper,
                                          extra: extra, basis: nodeBasis) ?? [])
        }
    }

    private func observeInfeasible(_ node: SearchNode) {
        if let record = node.record {
            search.rule.observe(record, parentObjective: node.parentObjective, childObjective: nil)
        }
    }

    /// Turns a disjunction into nodes; nil when some child does not tighten the node's domain
    /// (such a disjunction would not make progress).
    /// The LP solution of the node being branched (for child estimates).
    private var currentValues: [Double] { lastValues }

    private func makeChildren(_ kids: [BranchChild], node: SearchNode, bound: Double, z: Double,
                              lower: [Double], upper: [Double], extra: [BoundChange], basis: LPBasis) -> [SearchNode]? {
        guard !kids.isEmpty else { return nil }
        let cutoff = search.store.cutoff
        var base = node.changes + extra
        if base.count > 32 && !extra.isEmpty { base = compactChanges(base) }
        let firstChild = childrenCreated
        childrenCreated += kids.count
        var result: [SearchNode] = []
        let keepBasis = !search.memoryPressure
        // Best-estimate (Bénichou et al. 1971; Achterberg 2007, §6.4): the node's LP value plus, for each
        // fractional column, the cheaper pseudocost rounding; a child replaces its branching column's term.
        var roundingCost = 0.0
        var estimateColumns: [Int] = []
        var estimateTerms: [Double] = []
        if kids.contains(where: { $0.record != nil }) {
            let fractional = fractionalColumns(currentValues)
            if let estimates = search.rule.roundingEstimates(columns: fractional, values: currentValues) {
                estimateColumns = fractional
                estimateTerms = estimates.map { min($0.down, $0.up) }
                roundingCost = estimateTerms.reduce(0, +)
            }
        }
        var kids = kids
        if let symmetry = search.symmetry {
            orbitalDisjunction(&kids, symmetry: symmetry, node: node)
        }
        for (k, kid) in kids.enumerated() {
            var tightens = false, empty = false
            for c in kid.changes {
                let j = Int(c.column)
                guard j >= 0 && j < model.columnCount && !c.value.isNaN else { return nil }
                if c.isUpper {
                    if c.value < upper[j] - 1e-9 { tightens = true }
                    if c.value < lower[j] - settings.primalTolerance { empty = true }
                } else {
                    if c.value > lower[j] + 1e-9 { tightens = true }
                    if c.value > upper[j] + settings.primalTolerance { empty = true }
                }
            }
            if empty { continue }
            guard tightens else { return nil }
            let lb = max(bound, kid.lowerBound ?? -.infinity)
            if lb >= cutoff { continue }
            var estimate = kid.estimate ?? bound
            if let r = kid.record, let at = estimateColumns.firstIndex(of: Int(r.column)),
               case let term = estimateTerms[at],
               let own = search.rule.pseudocostEstimate(column: Int(r.column), down: !r.up, distance: r.distance) {
                estimate = z + roundingCost - term + own
            }
            estimate = max(estimate, lb)
            result.append(SearchNode(changes: base + kid.changes, basis: keepBasis ? basis : nil, lowerBound: lb,
                                     estimate: estimate, depth: node.depth + 1, record: kid.record,
                                     parentObjective: z, sequence: search.sequence(worker: id, index: firstChild + k), parentSequence: node.sequence,
                                     decisions: search.symmetry == nil ? [] : node.decisions + kid.changes,
                                     cutRows: keepBasis ? dynamicCuts.poolIndex.map { Int32($0) } : []))
        }
        return result
    }

    /// Orbital branching (OrbitalBranching.swift): a binary dichotomy x_c ≤ 0 | x_c ≥ 1 becomes
    /// "the whole orbit of c at 0" | x_c ≥ 1.
    private func orbitalDisjunction(_ kids: inout [BranchChild], symmetry: ModelSymmetry, node: SearchNode) {
        guard kids.count == 2, kids[0].changes.count == 1, kids[1].changes.count == 1 else { return }
        let down = kids[0].changes[0], up = kids[1].changes[0]
        let j = Int(down.column)
        guard down.isUpper, down.value == 0, !up.isUpper, up.value == 1, up.column == down.column,
              j >= 0, j < model.columnCount, model.isInteger[j], model.columnLower[j] == 0, model.columnUpper[j] == 1 else { return }
        let orbit = symmetry.orbit(of: j, decisions: node.decisions)
        guard orbit.count > 1 else { return }
        kids[0].changes = orbit.map { BoundChange.upper(Int($0), 0) }
        search.orbitalBranchings.wrappingAdd(1, ordering: .relaxed)
    }

    /// The LP at this node could not be solved reliably: split the widest integer domain without LP
    /// information (children keep the node's bound), or keep the node's bound as unresolved.
    private func fallbackBranch(_ node: SearchNode, lower: [Double], upper: [Double], extra: [BoundChange]) -> NodeResult {
        var best = -1
        var bestWidth = 0.0
        for j in integerColumns where upper[j] > lower[j] {
            let width = upper[j] - lower[j]
            if width > bestWidth { bestWidth = width; best = j }
        }
        guard best >= 0 else {
            search.recordUnresolved(bound: node.lowerBound)
            return .children([])
        }
        let l = lower[best], u = upper[best]
        let split: Double
        if l > -mipInfinity && u < mipInfinity { split = ((l + u) / 2).rounded(.down) }
        else if l > -mipInfinity { split = l }
        else if u < mipInfinity { split = u - 1 }
        else { split = 0 }
        let kids = [BranchChild(changes: [.upper(best, split)]), BranchChild(changes: [.lower(best, split + 1)])]
        let basis = slackBasis(lower: lower, upper: upper)
        return .children(makeChildren(kids, node: node, bound: node.lowerBound, z: node.lowerBound,
                                      lower: lower, upper: upper, extra: extra, basis: basis) ?? [])
    }

    // Root cuts: RootCutLoop.swift.
}

/// Strong-branching probes on a worker's LP: bounds and basis are restored after every probe.
struct NodeProbe: LPProbe {
    let worker: SearchWorker
    let lower: [Double]
    let upper: [Double]
    let basis: LPBasis
    var used = false

    mutating func probe(_ changes: [BoundChange], iterationLimit: Int) -> ProbeResult {
        used = true
        let lp = worker.lp
        var touched: [(Int, Double, Double)] = []
        for c in changes {
            let j = Int(c.column)
            guard j >= 0 && j < lower.count else { continue }
            var l = touched.last(where: { $0.0 == j })?.1 ?? lower[j]
            var u = touched.last(where: { $0.0 == j })?.2 ?? upper[j]
            if c.isUpper { u = min(u, c.value) } else { l = max(l, c.value) }
            if l > u + 1e-9 { return ProbeResult(status: .infeasible, objective: .infinity, iterations: 0, values: nil) }
            touched.append((j, l, max(l, u)))
        }
        for (j, l, u) in touched { lp.setColumnBounds(j, lower: l, upper: u) }
        defer {
            for (j, _, _) in touched { lp.setColumnBounds(j, lower: lower[j], upper: upper[j]) }
            lp.basis = basis
        }
        let before = lp.iterations
        let status = worker.solveLP(iterationLimit: iterationLimit)
        let spent = lp.iterations - before
        worker.search.strongBranchingIterations.wrappingAdd(spent, ordering: .relaxed)
        switch status {
        case .optimal:
            return ProbeResult(status: status, objective: lp.objectiveValue, iterations: spent, values: lp.columnValues)
        case .iterationLimit:
            return ProbeResult(status: status, objective: lp.objectiveValue, iterations: spent, values: nil)
        default:
            return ProbeResult(status: status, objective: .infinity, iterations: spent, values: nil)
        }
    }
}
