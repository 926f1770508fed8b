import Foundation
import Dispatch
import Synchronization

/// A branch-and-bound search over a ``CompressedModel``: `threads` workers on Dispatch queues draw nodes
/// from one best-bound node pool (behind a Mutex), share the incumbent and cutoff (``IncumbentStore``,
/// Atomic), and each owns its LP solver. With one thread the search is deterministic.
///
/// The global dual bound is the smallest lower bound among the open nodes and the nodes the workers
/// hold, so it is valid at every moment.
final class TreeSearch: Sendable {
    let model: CompressedModel
    let rootLower: [Double]
    let rootUpper: [Double]
    let settings: SearchSettings
    let store: IncumbentStore
    let rule: any BranchingRule
    let log: SearchLog?

    struct PoolState {
        var pool = NodePool()
        var active = 0
        /// Lower bound of the node each worker holds (`.infinity` when idle).
        var inflight: [Double]
        /// Depth of the node each worker holds (for the tree weight, TreeRestart.swift).
        var inflightDepth: [Int]
        var finished = false
        var unresolvedBound = Double.infinity
        var unresolvedCount = 0
        var rootBound = -Double.infinity
        var rootDone = false
    }
    let state: Guarded<PoolState>
    /// Cuts found at the root (then at tree nodes, NodeCutLoop.swift); workers add the ones they have
    /// not added yet to their LP.
    let cuts = Guarded<[Cut]>([])
    /// The tree cut pool: globally valid cuts separated at tree nodes (append-only; NodeCutLoop.swift).
    let treeCuts = Guarded<[Cut]>([])
    /// Cuts in the tree pool, nodes that separated some, and pool rows added to node LPs.
    let treeCutCount = Atomic<Int>(0)
    let nodeCutNodes = Atomic<Int>(0)
    let nodeCutRows = Atomic<Int>(0)
    /// Cuts that aged out of the root LP and seeded the tree pool.
    let treeCutSeeded = Atomic<Int>(0)
    /// Whether tree nodes run node cut rounds: decided by the root cut loop (``rootCutGainWarrantsNodeCuts``).
    let nodeCutsActive = Atomic<Bool>(false)
    /// What the root cut loop did (RootCutLoop.swift).
    let rootCutReport = Guarded<RootCutReport>(RootCutReport())
    let nodeCount = Atomic<Int>(0)
    let lpIterationCount = Atomic<Int>(0)
    let nodeLPSolves = Atomic<Int>(0)
    let divingIterations = Atomic<Int>(0)
    let rinsIterations = Atomic<Int>(0)
    let strongBranchingIterations = Atomic<Int>(0)
    /// Verified column symmetries of the model (nil: none found, or not looked for); orbital branching.
    let symmetry: ModelSymmetry?
    /// Dichotomies whose down child fixed a whole orbit.
    let orbitalBranchings = Atomic<Int>(0)

    /// LP iterations of node LPs only: all of them minus strong branching, diving, RENS and RINS (the
    /// base strong branching's budget and per-probe limit are measured against).
    var nodeLPIterationCount: Int {
        let all = lpIterationCount.load(ordering: .relaxed)
        let other = strongBranchingIterations.load(ordering: .relaxed) + divingIterations.load(ordering: .relaxed)
            + rinsIterations.load(ordering: .relaxed)
        return max(0, all - other)
    }
    /// Set with ``SearchStop/restart`` by ``considerRestart()``.
    let restartPoint = Guarded<RestartPoint?>(nil)
    /// Tree restart bookkeeping (TreeRestart.swift): the node count of the next check, and the votes.
    let nextTreeRestartCheck = Atomic<Int>(0)
    let treeRestartMonitor = Guarded<TreeRestartMonitor>(TreeRestartMonitor())
    private let stopReason = Atomic<Int>(0)
    /// Mirrors `pool.bytes > memoryLimitBytes`, updated under the pool lock, read without it.
    private let memoryPressureFlag = Atomic<Bool>(false)

    init(model: CompressedModel, rootLower: [Double], rootUpper: [Double], settings: SearchSettings,
         store: IncumbentStore, rule: any BranchingRule, log: SearchLog?) {
        self.model = model
        self.rootLower = rootLower
        self.rootUpper = rootUpper
        self.settings = settings
        self.store = store
        self.rule = rule
        self.log = log
        state = Guarded(PoolState(inflight: Array(repeating: .infinity, count: max(1, settings.threads)),
                                  inflightDepth: Array(repeating: 0, count: max(1, settings.threads))))
        nextTreeRestartCheck.store(max(1, settings.treeRestartCheckInterval), ordering: .relaxed)
        if settings.symmetry && !settings.isSubMIP && symmetryEnabled {
            let started = LPClock.now()
            let found = detectSymmetry(model)
            symmetry = found.isEmpty ? nil : found
            if !found.isEmpty, let log {
                log.message(String(format: "Symmetry: %d generators moving %d columns (%.2fs); orbital branching on",
                                   found.generators.count, found.movedColumnCount, LPClock.now() - started))
            }
        } else {
            symmetry = nil
        }
    }

    // MARK: Stopping

    var stop: SearchStop { SearchStop(rawValue: stopReason.load(ordering: .acquiring)) ?? .none }
    var isStopped: Bool { stopReason.load(ordering: .relaxed) != 0 }

    func requestStop(_ reason: SearchStop) {
        _ = stopReason.compareExchange(expected: 0, desired: reason.rawValue, ordering: .acquiringAndReleasing)
    }

    /// Checks time, cancellation and the solution limit; returns true when the search must stop.
    func checkLimits() -> Bool {
        if isStopped { return true }
        if settings.cancellation?.isCancelled == true { requestStop(.interrupted); return true }
        if LPClock.now() >= settings.deadline { requestStop(.timeLimit); return true }
        if store.solutionCount >= settings.solutionLimit { requestStop(.solutionLimit); return true }
        if lpIterationCount.load(ordering: .relaxed) >= settings.totalIterationLimit { requestStop(.nodeLimit); return true }
        return false
    }

    // MARK: Pool access

    enum Acquired { case node(SearchNode), wait, done }

    /// Takes the best open node for worker `w`, or says to wait or that the search is over.
    func acquire(worker w: Int) -> Acquired {
        let cutoff = store.cutoff
        let incumbent = store.objective
        return state.withLock { s -> Acquired in
            if s.finished || isStopped { return .done }
            while let node = s.pool.pop() {
                if node.lowerBound >= cutoff { continue }
                // Gap test on the global dual bound (this node is the best open one).
                var dual = node.lowerBound
                for b in s.inflight { dual = min(dual, b) }
                dual = min(dual, s.unresolvedBound)
                if gapClosed(primal: incumbent, dual: dual) {
                    s.pool.push(node)
                    requestStop(.gap)
                    return .done
                }
                s.active += 1
                s.inflight[w] = node.lowerBound
                s.inflightDepth[w] = node.depth
                memoryPressureFlag.store(s.pool.bytes > settings.memoryLimitBytes, ordering: .relaxed)
                return .node(node)
            }
            if s.active == 0 { s.finished = true; return .done }
            return .wait
        }
    }

    func gapClosed(primal: Double, dual: Double) -> Bool {
        guard primal < mipInfinity, dual > -mipInfinity else { return false }
        let diff = primal - dual
        if diff <= settings.absoluteGap { return true }
        return diff <= settings.relativeGap * max(abs(primal + offsetForGap), 1e-10)
    }

    /// The objective constant in minimisation form, so that gaps are relative to the reported objective.
    var offsetForGap: Double { model.objectiveSign * model.objectiveConstant }

    /// Worker `w` is done with its node: pushes `children` except the one it keeps to plunge into (if
    /// any), and otherwise becomes idle. Everything happens under one lock acquisition: the plunging test
    /// needs the global dual bound, which the pool's state gives.
    ///
    /// Plunging keeps the most promising child (best estimate, then bound) while it stays close to the
    /// global dual bound: depth-first without an incumbent (up to depth 500 of the plunge), always under
    /// memory pressure, and otherwise within a quarter of the gap for at most 50 levels.
    func finishNode(worker w: Int, children: [SearchNode], plungeDepth: Int, mayPlunge: Bool) -> SearchNode? {
        var plunge: SearchNode? = nil
        var bestIndex = -1
        if mayPlunge && !children.isEmpty && !isStopped {
            bestIndex = 0
            for (k, c) in children.enumerated().dropFirst() {
                let b = children[bestIndex]
                if c.estimate < b.estimate || (c.estimate == b.estimate && c.lowerBound < b.lowerBound) { bestIndex = k }
            }
        }
        let incumbent = store.objective
        return state.withLock { s -> SearchNode? in
            if bestIndex >= 0 {
                let best = children[bestIndex]
                if s.pool.bytes > settings.memoryLimitBytes {
                    plunge = best
                } else if incumbent >= mipInfinity {
                    if plungeDepth < 500 { plunge = best }
                } else if plungeDepth < 50 {
                    var dual = min(s.pool.bestBound, s.unresolvedBound)
                    for b in s.inflight { dual = min(dual, b) }
                    dual = min(dual, incumbent)
                    if best.lowerBound - dual <= 0.25 * (incumbent - dual) { plunge = best }
                }
            }
            for (k, var c) in children.enumerated() where !(plunge != nil && k == bestIndex) {
                if s.pool.bytes > settings.memoryLimitBytes { c.basis = nil }
                s.pool.push(c)
            }
            if let plunge {
                s.inflight[w] = plunge.lowerBound
                s.inflightDepth[w] = plunge.depth
            } else {
                s.inflight[w] = .infinity
                s.active -= 1
            }
            memoryPressureFlag.store(s.pool.bytes > settings.memoryLimitBytes, ordering: .relaxed)
            return plunge
        }
    }

    /// Worker `w` gives its node back unprocessed (a limit was reached) and becomes idle.
    func returnNode(worker w: Int, _ node: SearchNode) {
        _ = finishNode(worker: w, children: [node], plungeDepth: 0, mayPlunge: false)
    }

    /// Sequence number of the `k`-th child worker `w` creates: workers number in disjoint residue
    /// classes, so no lock is needed, and with one thread the numbers are 1, 2, 3, ... (creation order).
    func sequence(worker w: Int, index k: Int) -> Int {
        1 + k * max(1, settings.threads) + w
    }

    /// A node whose LP could not be solved and which could not be branched on: keep its bound.
    func recordUnresolved(bound: Double) {
        state.withLock { s in
            s.unresolvedBound = min(s.unresolvedBound, bound)
            s.unresolvedCount += 1
        }
    }

    /// A node closed by a solution within the gap tolerances of its bound (not by its bound): the bound
    /// still counts in the global dual bound, so the reported bound stays a proven one, but the node
    /// does not make the search unresolved.
    func recordSettledWithinGap(bound: Double) {
        state.withLock { s in s.unresolvedBound = min(s.unresolvedBound, bound) }
    }

    /// Worker `w` learned a better bound for the node it holds.
    func updateInflight(worker w: Int, bound: Double) {
        state.withLock { s in s.inflight[w] = max(s.inflight[w], bound) }
    }

    /// The root LP's value and reduced costs (after cuts), for global reduced-cost fixing.
    /// `rowDuals`: the model rows' duals (a restart drops carried cut rows that are slack there).
    struct RootDuals: Sendable { var objective: Double; var reducedCosts: [Double]; var rowDuals: [Double] = [] }
    private let rootDualStore = Guarded<RootDuals?>(nil)
    var rootDuals: RootDuals? { rootDualStore.withLock { $0 } }
    func setRootDuals(objective: Double, reducedCosts: [Double], rowDuals: [Double] = []) {
        guard reducedCosts.count == model.columnCount else { return }
        let rows = rowDuals.count >= model.rowCount ? Array(rowDuals.prefix(model.rowCount)) : []
        rootDualStore.withLock { $0 = RootDuals(objective: objective, reducedCosts: reducedCosts, rowDuals: rows) }
    }

    func setRootBound(_ b: Double) { state.withLock { $0.rootBound = b; $0.rootDone = true } }

    /// The global dual bound (minimisation form, no constant): open nodes, held nodes, unresolved nodes.
    var dualBound: Double {
        let incumbent = store.objective
        return state.withLock { s in
            var d = min(s.pool.bestBound, s.unresolvedBound)
            for b in s.inflight { d = min(d, b) }
            return min(d, incumbent)
        }
    }

    var memoryPressure: Bool { memoryPressureFlag.load(ordering: .relaxed) }

    // MARK: Log

    func progress(now: Double) -> SearchLog.Progress {
        let (open, dual) = state.withLock { s -> (Int, Double) in
            var d = min(s.pool.bestBound, s.unresolvedBound)
            for b in s.inflight { d = min(d, b) }
            return (s.pool.count + s.active, d)
        }
        let inc = store.objective
        let dualMin = min(dual, inc)
        let sign = model.objectiveSign, c = model.objectiveConstant
        let primal: Double? = inc < .infinity ? sign * inc + c : nil
        let dualReported = dualMin == .infinity ? sign * .infinity : (dualMin == -.infinity ? -sign * .infinity : sign * dualMin + c)
        return SearchLog.Progress(nodes: nodeCount.load(ordering: .relaxed), open: open,
                                  lpIterations: lpIterationCount.load(ordering: .relaxed),
                                  dualBound: dualReported, primalBound: primal,
                                  gap: relativeGap(primal: primal, dual: dualReported),
                                  time: now - (log?.start ?? now))
    }

    func logLine(source: String) {
        guard let log, log.isOn else { return }
        let now = LPClock.now()
        log.line(progress(now: now), source: source, now: now)
    }

    // MARK: Running

    /// A search stopped by a limit may leave millions of open nodes (three heap blocks each): freeing them
    /// takes seconds, which would push the answer past the time limit. They are freed on a background
    /// queue instead (the process may exit first).
    private func releaseOpenNodesInBackground() {
        let open = state.withLock { s -> [SearchNode] in s.pool.count > 10_000 ? s.pool.drain() : [] }
        guard !open.isEmpty else { return }
        DispatchQueue.global(qos: .utility).async { withExtendedLifetime(open) {} }
    }

    /// Runs the search from the root node to the end (or a limit).
    func run() -> SearchOutcome {
        let root = SearchNode(changes: [], basis: nil, lowerBound: -.infinity, estimate: -.infinity, depth: 0,
                              record: nil, parentObjective: -.infinity, sequence: 0, parentSequence: -1)
        state.withLock { s in s.pool.push(root) }
        if !settings.isSubMIP, log != nil {
            store.setListener { [weak self] inc in self?.logLine(source: inc.source.rawValue) }
        }
        let threads = max(1, settings.threads)
        let unboundedFlag = Atomic<Bool>(false)
        if threads == 1 {
            let worker = SearchWorker(search: self, id: 0)
            worker.run()
            if worker.rootUnbounded { unboundedFlag.store(true, ordering: .relaxed) }
        } else {
            let group = DispatchGroup()
            for w in 0..<threads {
                let queue = DispatchQueue(label: "swiftmip.worker.\(w)", qos: .userInitiated)
                queue.async(group: group) { [self] in
                    let worker = SearchWorker(search: self, id: w)
                    worker.run()
                    if worker.rootUnbounded { unboundedFlag.store(true, ordering: .relaxed) }
                }
            }
            group.wait()
        }
        if !settings.isSubMIP { store.setListener(nil) }
        let (bound, unresolved, rootBound) = state.withLock { s -> (Double, Int, Double) in
            var d = min(s.pool.bestBound, s.unresolvedBound)
            for b in s.inflight { d = min(d, b) }
            return (d, s.unresolvedCount, s.rootBound)
        }
        // The closing progress line is taken before the open nodes are released (after that the pool
        // is empty and its bound would read as the incumbent's).
        let closing = log.map { _ in progress(now: LPClock.now()) }
        releaseOpenNodesInBackground()
        if !settings.isSubMIP, let log {
            log.message("LP iterations: \(lpIterationCount.load(ordering: .relaxed)) in this search, of which strong branching "
                        + "\(strongBranchingIterations.load(ordering: .relaxed)), diving and RENS "
                        + "\(divingIterations.load(ordering: .relaxed)), RINS \(rinsIterations.load(ordering: .relaxed))"
                        + (symmetry == nil ? "" : "; orbital branchings \(orbitalBranchings.load(ordering: .relaxed))"))
            let seeded = treeCutSeeded.load(ordering: .relaxed)
            let separated = treeCutCount.load(ordering: .relaxed) - seeded
            if separated + seeded > 0 {
                log.message("Tree cuts: \(separated) separated at \(nodeCutNodes.load(ordering: .relaxed)) nodes, "
                            + "\(seeded) from the root in the pool, \(nodeCutRows.load(ordering: .relaxed)) rows added to node LPs")
            }
        }
        if let log, log.isOn, let closing { log.line(closing, source: "", now: LPClock.now()) }
        return SearchOutcome(stop: stop, dualBound: min(bound, store.objective),
                             nodes: nodeCount.load(ordering: .relaxed),
                             lpIterations: lpIterationCount.load(ordering: .relaxed),
                             rootUnbounded: unboundedFlag.load(ordering: .relaxed),
                             unresolvedNodes: unresolved, rootBound: rootBound)
    }
}
