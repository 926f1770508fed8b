/// The LP entry point used by ``Model/solve(options:)`` for models without integer variables.
func solveLP(_ model: Model, options: SolverOptions) -> SolveResult {
    let start = LPClock.now()
    let compressed = CompressedModel(model)
    var lpOptions = LPOptions()
    lpOptions.primalTolerance = options.primalTolerance
    lpOptions.dualTolerance = options.dualTolerance
    lpOptions.iterationLimit = options.iterationLimit
    lpOptions.deadline = options.timeLimit.isFinite ? start + max(0, options.timeLimit) : .infinity
    lpOptions.cancellation = options.cancellation
    lpOptions.log = options.log
    lpOptions.logInterval = options.logInterval
    // Bounds that cross make the model infeasible before any simplex work.
    for (j, v) in model.variables.enumerated() where v.lowerBound > v.upperBound || v.lowerBound == .infinity || v.upperBound == -.infinity {
        return SolveResult(status: .infeasible, iterations: 0, time: LPClock.now() - start,
                           message: "variable \(v.name) (column \(j)) has bounds [\(v.lowerBound), \(v.upperBound)]")
    }
    for c in model.constraints where c.lowerBound > c.upperBound || c.lowerBound == .infinity || c.upperBound == -.infinity {
        return SolveResult(status: .infeasible, iterations: 0, time: LPClock.now() - start,
                           message: "constraint \(c.name) has bounds [\(c.lowerBound), \(c.upperBound)]")
    }
    let solver = LPSolver(model: compressed, options: lpOptions)
    let status = solver.solve()
    let time = LPClock.now() - start
    let sign = compressed.objectiveSign
    switch status {
    case .optimal:
        let obj = compressed.reportedObjective(fromMinimization: solver.objectiveValue)
        return SolveResult(status: .optimal, objectiveValue: obj, bestBound: obj, values: solver.columnValues,
                           duals: solver.rowDuals.map { $0 * sign }, reducedCosts: solver.reducedCosts.map { $0 * sign },
                           iterations: solver.iterations, time: time)
    case .infeasible:
        return SolveResult(status: .infeasible, iterations: solver.iterations, time: time)
    case .unbounded:
        return SolveResult(status: .unbounded, iterations: solver.iterations, time: time)
    case .timeLimit, .cutoff:
        return SolveResult(status: .timeLimit, iterations: solver.iterations, time: time)
    case .iterationLimit:
        return SolveResult(status: .iterationLimit, iterations: solver.iterations, time: time)
    case .interrupted:
        return SolveResult(status: .interrupted, iterations: solver.iterations, time: time)
    case .numericalTrouble:
        return SolveResult(status: .numericalTrouble, iterations: solver.iterations, time: time)
    }
}
