/// Thrown by ``Model/solve(options:)`` for what this build cannot solve.
public struct SolveNotAvailable: Error, CustomStringConvertible {
    public let description: String
}

extension Model {
    /// Solves the model: an LP by the simplex method, a MIP by branch and bound (``SolverOptions``
    /// sets threads, limits, gaps, the log and an incumbent callback; a ``CancellationToken`` stops it
    /// from another thread). Every returned MIP solution has passed ``Model/check(_:tolerances:)``.
    ///
    /// ```swift
    /// let result = try model.solve(options: SolverOptions(timeLimit: 10, threads: 2))
    /// print(result.status, result.objectiveValue ?? .nan, result.bestBound, result.gap, result.nodes)
    /// ```
    public func solve(options: SolverOptions = SolverOptions()) throws -> SolveResult {
        if isMIP {
            return solveMIP(self, options: options)
        }
        return solvePresolvedLP(self, options: options)
    }
}
