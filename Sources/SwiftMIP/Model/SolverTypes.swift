/// The outcome of a solve, in the words the CLI prints.
public enum SolveStatus: String, Sendable, Hashable, CaseIterable {
    /// Proven optimal (for a MIP: within the gap tolerance).
    case optimal = "optimal"
    /// Proven to have no feasible point.
    case infeasible = "infeasible"
    /// Feasible with an objective that improves without limit.
    case unbounded = "unbounded"
    /// Either infeasible or unbounded; which one was not determined.
    case infeasibleOrUnbounded = "infeasible or unbounded"
    /// Stopped by the time limit.
    case timeLimit = "time limit"
    /// Stopped by the simplex iteration limit.
    case iterationLimit = "iteration limit"
    /// Stopped by the node limit.
    case nodeLimit = "node limit"
    /// Stopped by the solution-count limit.
    case solutionLimit = "solution limit"
    /// Stopped because the user's gap limit (looser than the default) was reached.
    case gapLimit = "gap limit reached"
    /// Stopped by a user interrupt or cancellation.
    case interrupted = "interrupted"
    /// The solver lost numerical control and cannot vouch for an answer.
    case numericalTrouble = "numerical trouble"

    /// True for the statuses that prove something about the model.
    public var isProof: Bool { self == .optimal || self == .infeasible || self == .unbounded || self == .infeasibleOrUnbounded }
}

/// A message from a running solver, for ``SolverOptions/log``.
public typealias LogHandler = @Sendable (String) -> Void
