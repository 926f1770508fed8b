/// What a branching rule sees at a node whose LP relaxation is solved and not integral.
struct BranchingContext {
    /// The search's model (after presolve and with the search's minimisation costs).
    let model: CompressedModel
    /// The LP solution at the node (one value per column).
    let values: [Double]
    /// The node's local bounds (after propagation).
    let lower: [Double]
    let upper: [Double]
    /// The LP objective at the node (minimisation, without the objective constant).
    let lpObjective: Double
    /// Integer columns whose LP value is fractional beyond the integrality tolerance.
    let fractional: [Int]
    /// Depth of the node (root = 0).
    let depth: Int
    /// Current cutoff: nodes whose bound reaches it are pruned (`.infinity` without an incumbent).
    let cutoff: Double
    let integralityTolerance: Double
    /// LP iterations spent on node LPs so far (all workers; strong branching and heuristics not
    /// counted) and the number of node LPs solved, for rules that budget strong branching.
    let nodeLPIterations: Int
    let nodeLPSolves: Int
}

/// One child of a branching disjunction.
struct BranchChild: Sendable {
    /// The bound changes that define the child (tightenings of the node's local bounds).
    var changes: [BoundChange]
    /// Estimated objective of the best solution in the child, if the rule has one.
    var estimate: Double? = nil
    /// A proven lower bound for the child (e.g. from a strong-branching LP solved to optimality).
    var lowerBound: Double? = nil
    /// For pseudocost updates: the column and the distance the branch moved its LP value.
    var record: BranchRecord? = nil
}

/// Which variable a child branched on and how far, so a rule can learn from the child's LP.
struct BranchRecord: Sendable, Hashable {
    var column: Int32
    var up: Bool
    /// Distance between the parent's LP value and the new bound (the fractionality moved over).
    var distance: Double
}

/// A rule's answer at a node.
enum BranchingDecision {
    /// Branch into these children. Together they must cover every integer-feasible point of the node
    /// that could beat the cutoff; each child must tighten at least one bound. More than two children,
    /// and splits of continuous columns (e.g. a network input interval), are allowed.
    case branch([BranchChild])
    /// Tighten the node's domain by these changes and solve its LP again (e.g. strong branching found
    /// one side infeasible).
    case tighten([BoundChange])
    /// The node cannot contain a solution better than the cutoff.
    case prune
    /// The rule has no opinion: the search falls back to most-fractional branching.
    case abstain
}

/// Lets a rule try bound changes on the node's LP (strong branching, lookahead) without disturbing the
/// search: every probe starts from the node's bounds and basis, which are restored afterwards.
protocol LPProbe {
    /// Solves the node LP with `changes` applied, at most `iterationLimit` simplex iterations.
    mutating func probe(_ changes: [BoundChange], iterationLimit: Int) -> ProbeResult
}

struct ProbeResult {
    var status: LPStatus
    /// LP objective (minimisation, no constant) when status is optimal or the iteration limit was hit.
    var objective: Double
    var iterations: Int
    /// LP solution, when solved to optimality.
    var values: [Double]?
}

/// A branching rule: the search asks it how to split each node whose LP solution is fractional.
///
/// One instance is shared by all workers, so it must be `Sendable` (keep learned state such as
/// pseudocosts behind a `Mutex`). The Neural component implements this protocol to branch on ReLU
/// phase indicators or to split input intervals.
protocol BranchingRule: Sendable {
    /// Short name for the log.
    var name: String { get }
    /// Chooses a disjunction at a node.
    func branch(_ context: BranchingContext, probe: inout any LPProbe) -> BranchingDecision
    /// Called when the LP of a child created with `record` is solved: `childObjective` is nil when the
    /// child was infeasible or cut off.
    func observe(_ record: BranchRecord, parentObjective: Double, childObjective: Double?)
    /// Called when propagation at a child created with `record` made `count` bound changes.
    func observeInferences(_ record: BranchRecord, count: Int)
    /// Estimated objective change for rounding column `j` down/up by `fraction`, for node estimates
    /// and guided heuristics; nil when the rule has no estimate.
    func pseudocostEstimate(column: Int, down: Bool, distance: Double) -> Double?
}

extension BranchingRule {
    func observe(_ record: BranchRecord, parentObjective: Double, childObjective: Double?) {}
    func observeInferences(_ record: BranchRecord, count: Int) {}
    func pseudocostEstimate(column: Int, down: Bool, distance: Double) -> Double? { nil }

    /// For each column, the pseudocost estimates of rounding `values[j]` down and up (nil when unknown).
    /// Rules with shared tables should override this to read them under one lock.
    func roundingEstimates(columns: [Int], values: [Double]) -> [(down: Double, up: Double)]? {
        var result: [(down: Double, up: Double)] = []
        result.reserveCapacity(columns.count)
        for j in columns {
            let f = values[j] - values[j].rounded(.down)
            guard let d = pseudocostEstimate(column: j, down: true, distance: f),
                  let u = pseudocostEstimate(column: j, down: false, distance: 1 - f) else { return nil }
            result.append((d, u))
        }
        return result
    }
}

/// The two children `x_j <= ⌊v⌋` and `x_j >= ⌈v⌉` of the usual variable dichotomy.
func variableDichotomy(column j: Int, value v: Double, estimateDown: Double? = nil,
                       estimateUp: Double? = nil) -> [BranchChild] {
    let down = v.rounded(.down), up = v.rounded(.up)
    return [
        BranchChild(changes: [.upper(j, down)], estimate: estimateDown,
                    record: BranchRecord(column: Int32(j), up: false, distance: v - down)),
        BranchChild(changes: [.lower(j, up)], estimate: estimateUp,
                    record: BranchRecord(column: Int32(j), up: true, distance: up - v)),
    ]
}
