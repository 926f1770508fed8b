/// Solves an LP with presolve: the reduced LP by the simplex method, then the primal and the dual
/// postsolve, so the result carries values, row duals and reduced costs of the ORIGINAL model.
///
/// Without `options.presolve` (or for a model with integer columns) this is ``solveLP(_:options:)``.
/// The postsolved point must pass ``Model/check(_:tolerances:)``; if round-off spoiled it, the original
/// LP is solved without presolve. The postsolved duals must pass ``Model/checkDuals`` (within 1e-6);
/// otherwise the result has no duals and `message` says why: duals are never reported unchecked.
func solvePresolvedLP(_ model: Model, options: SolverOptions) -> SolveResult {
    guard options.presolve, !model.isMIP else { return solveLP(model, options: options) }
    let start = LPClock.now()
    func elapsed() -> Double { LPClock.now() - start }
    func remaining() -> Double { max(0, options.timeLimit - elapsed()) }
    let reduced: Model, postsolve: Postsolve, stats: PresolveStats
    switch presolve(model, options: options) {
    case let .infeasible(message):
        return SolveResult(status: .infeasible, time: elapsed(), message: "presolve: \(message)")
    case let .unbounded(message):
        return SolveResult(status: .unbounded, time: elapsed(), message: "presolve: \(message)")
    case let .reduced(m, p, s):
        (reduced, postsolve, stats) = (m, p, s)
    }
    var reducedOptions = options
    reducedOptions.timeLimit = remaining()
    if stats.rowsRemoved == 0 && stats.columnsRemoved == 0 && stats.nonzerosRemoved == 0 && postsolve.steps.isEmpty {
        // Nothing removed: the original LP (row sides may have been found redundant; keep them).
        var result = solveLP(model, options: reducedOptions)
        result.time = elapsed()
        return result
    }
    let sign: Double = model.sense == .minimize ? 1 : -1
    let solved: SolveResult
    if reduced.numberOfVariables == 0 && reduced.numberOfConstraints == 0 {
        solved = SolveResult(status: .optimal, values: [], duals: [], reducedCosts: [])
    } else {
        solved = solveLP(reduced, options: reducedOptions)
    }
    guard solved.status == .optimal, let reducedValues = solved.values else {
        // Infeasible or unbounded carry over (presolve keeps both); limits report no point.
        var result = solved
        result.time = elapsed()
        return result
    }
    // The postsolve works in minimisation form, like the presolver.
    let solution = postsolve.originalSolution(values: reducedValues,
                                              rowDuals: (solved.duals ?? []).map { sign * $0 },
                                              reducedCosts: (solved.reducedCosts ?? []).map { sign * $0 })
    let check = model.check(solution.values)
    guard check.isFeasible else {
        var plain = options
        plain.presolve = false
        plain.timeLimit = remaining()
        var result = solveLP(model, options: plain)
        result.iterations += solved.iterations
        result.time = elapsed()
        result.message = "postsolved point rejected (\(check)); solved again without presolve"
        return result
    }
    var duals = solution.rowDuals.map { $0.map { sign * $0 } }
    var reducedCosts = solution.reducedCosts.map { $0.map { sign * $0 } }
    var message: String? = nil
    if let y = duals, let z = reducedCosts {
        let dualCheck = model.checkDuals(values: solution.values, duals: y, reducedCosts: z)
        if !dualCheck.isOptimal(tolerance: 1e-6) {
            duals = nil
            reducedCosts = nil
            message = "duals unavailable: the postsolved duals failed the check (\(dualCheck))"
        }
    } else {
        message = "duals unavailable: \(postsolve.dualsUnavailable ?? "not recovered by postsolve")"
    }
    return SolveResult(status: .optimal, objectiveValue: check.objective, bestBound: check.objective,
                       values: solution.values, duals: duals, reducedCosts: reducedCosts,
                       iterations: solved.iterations, time: elapsed(), message: message)
}
