/// Internal settings of one tree search (the main search or a sub-MIP such as RENS).
struct SearchSettings: Sendable {
    var threads = 1
    var nodeLimit = Int.max
    var solutionLimit = Int.max
    /// Absolute deadline on `LPClock.now()`.
    var deadline = Double.infinity
    var relativeGap = 1e-4
    var absoluteGap = 1e-6
    var integralityTolerance = 1e-6
    var primalTolerance = 1e-7
    var dualTolerance = 1e-7
    /// Simplex iteration limit per LP.
    var lpIterationLimit = Int.max
    var cancellation: CancellationToken?
    /// Rounding heuristics at every node, diving and RENS at the root.
    var heuristics = true
    var rens = true
    /// Dive from every `divingFrequency`-th node of a worker (0: root only).
    var divingFrequency = 10
    /// Diving may use this fraction of the node-LP iterations (plus `divingOffset`).
    var divingQuotient = 0.1
    var divingOffset = 1000
    /// RINS at tree nodes (RINSHeuristic.swift): after a new incumbent (at least `rinsMinimumInterval`
    /// nodes of the worker since its last run) or every `rinsFrequency` nodes (backing off on failures);
    /// budget `rinsQuotient` × tree LP iterations + `rinsOffset`, at most `rinsNodeLimit` sub-MIP nodes.
    var rins = true
    var rinsFrequency = 100
    var rinsMinimumInterval = 10
    var rinsNodeLimit = 500
    var rinsQuotient = 0.1
    var rinsOffset = 5000
    var rinsMinimumBudget = 1000
    var rinsMinimumFixingRate = 0.3
    /// LP iterations the whole search may spend (sub-MIPs; stops like the node limit).
    var totalIterationLimit = Int.max
    /// Nonzeros a propagation call may visit.
    var propagationWorkLimit = 100_000
    /// Above this many bytes in open nodes the search plunges depth-first and stops storing bases.
    var memoryLimitBytes = 2 << 30
    /// Root cutting planes.
    var separators: [any CutSeparator] = []
    var cutRounds = 50
    var cutMinimumProgress = 1e-4
    /// The root cut loop stops after this many stalled rounds in a row (``RootCutStall``).
    var cutStallRounds = 3
    /// Passes of root cut rounds after the first: when a pass ends, its cuts go back to the pool and the
    /// next starts from the LP without them (RootCutLoop.swift). Each pass has `cutRounds` rounds.
    var cutLoopRefreshes = 1
    /// Cut selection and ageing (Cuts/CutPool.swift).
    var cutManagement = CutManagementSettings()
    /// Node cut rounds (NodeCutLoop.swift): at most this many LP re-solves per tree node after adding
    /// violated tree-pool cuts (and, at nodes taken from the open-node pool, freshly separated ones); 0: off.
    var nodeCutRounds = 2
    /// Node cuts run only when the root cut loop raised the LP bound by at least this share of the bound's
    /// magnitude (``rootCutGainWarrantsNodeCuts``); 0: whenever the root cuts raised it at all.
    var nodeCutMinimumRootGain = 1e-3
    /// After a restart: the first search's node cut decision, which the restarted search keeps.
    var nodeCutsDecidedEarlier: Bool? = nil
    /// Whether the cuts that aged out of the root LP start the tree cut pool.
    var seedTreePoolWithRootCuts = true
    /// Whether nodes taken from the open-node pool run the separators (else only pool cuts enter).
    var nodeSeparation = true
    /// Whether plunge children (not only nodes taken from the open-node pool) take violated pool cuts.
    var nodeCutsInPlunges = true
    /// Rows one node cut round may add, at most.
    var nodeCutsPerNode = 20
    /// The tree cut pool stops growing at this many cuts (violated pool cuts still enter node LPs).
    var treeCutPoolLimit = 5000
    /// A dynamic cut row leaves a worker's LP after staying slack at the end of this many node LPs.
    var nodeCutAgeLimit = 10
    /// Root restart (RootRestart.swift): stop for a restart when the root reduced costs fix at least
    /// this share of the free integer columns (0: never).
    var restartFraction = 0.0
    /// Tree restart (TreeRestart.swift): checked every `treeRestartCheckInterval` nodes when on; a restart
    /// needs at least `treeRestartFraction` of the free integer columns fixed by root reduced costs.
    var treeRestart = false
    var treeRestartFraction = 0.025
    var treeRestartCheckInterval = 100
    /// Tree restarts of the earlier phases of this solve (each one makes the next harder to trigger).
    var treeRestartsBefore = 0
    /// Tests: restart at the first check after this many nodes whenever an incumbent exists (0: off).
    var treeRestartForceAfterNodes = 0
    /// Sub-MIPs skip the root extras (cuts, RENS) and the log.
    var isSubMIP = false
    /// Detect column symmetries and branch on orbits (OrbitalBranching.swift); sub-MIPs never do.
    var symmetry = true
    /// Report every solution under this source (e.g. RENS for its sub-MIP).
    var solutionSource: SolutionSource? = nil
}

/// Why a search stopped before exhausting the tree.
enum SearchStop: Int, Sendable {
    case none = 0, nodeLimit, timeLimit, solutionLimit, gap, interrupted
    /// The root LP relaxation is unbounded.
    case unboundedRoot
    /// Stopped after the root for a restart (RootRestart.swift).
    case restart
}

/// The result of a tree search, in the search model's minimisation form (no objective constant).
struct SearchOutcome: Sendable {
    var stop: SearchStop
    /// Proven lower bound on the search model's optimum (`.infinity` when proven infeasible).
    var dualBound: Double
    var nodes: Int
    var lpIterations: Int
    /// The root LP relaxation is unbounded (the MIP is unbounded or infeasible).
    var rootUnbounded: Bool
    /// Nodes whose LP could not be solved reliably and could not be branched on; their bounds are in `dualBound`.
    var unresolvedNodes: Int
    var rootBound: Double
}
