/// Thrown by ``Model/solve(options:)`` for what this build cannot solve yet.
public struct SolveNotAvailable: Error, CustomStringConvertible {
    public let description: String
}

extension Model {
    /// Solves the model: an LP by the simplex method. (The MIP search lands with the MIP component.)
    public func solve(options: SolverOptions = SolverOptions()) throws -> SolveResult {
        if isMIP {
            throw SolveNotAvailable(description: "the model has \(numberOfIntegerVariables) integer variables, but the MIP search is not available yet in this build")
        }
        return solveLP(self, options: options)
    }
}
