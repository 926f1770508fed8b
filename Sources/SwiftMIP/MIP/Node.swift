/// An open subproblem of the search: the bound changes from the root that define it (not a copy of the
/// model), a warm-start basis from its parent, and what the parent's LP said about it.
struct SearchNode: Sendable {
    /// Tightenings applied, in order, on top of the search's root bounds.
    var changes: [BoundChange]
    /// The parent's optimal basis (nil: start from whatever the worker's LP holds).
    var basis: LPBasis?
    /// A valid lower bound on the node's LP value (minimisation, no constant): the parent's LP value, or
    /// better when strong branching solved the child.
    var lowerBound: Double
    /// Estimated objective of the best solution in the subtree (for tie-breaks and plunging).
    var estimate: Double
    var depth: Int
    /// What branching did to create this node, for pseudocost learning.
    var record: BranchRecord?
    /// The parent's LP value (for pseudocost gains).
    var parentObjective: Double
    /// Creation order, the last tie-break (keeps `threads: 1` deterministic).
    var sequence: Int
    /// The parent's sequence number (a worker that just solved the parent still holds its basis).
    var parentSequence: Int
    /// The branching decisions alone (no implied tightenings), kept only when the search uses
    /// symmetries (orbital branching, OrbitalBranching.swift).
    var decisions: [BoundChange] = []
    /// The tree-pool cuts (pool indices, in row order) in the parent's LP after its shared cuts: the
    /// rows `basis` describes past the shared cuts (NodeCutLoop.swift).
    var cutRows: [Int32] = []

    /// Rough size in bytes, for the memory-pressure switch to depth-first search.
    var approximateBytes: Int {
        96 + (changes.count + decisions.count) * MemoryLayout<BoundChange>.stride + 4 * cutRows.count
            + (basis.map { $0.columns.count + $0.rows.count } ?? 0)
    }
}
