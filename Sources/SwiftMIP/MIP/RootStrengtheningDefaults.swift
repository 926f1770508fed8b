// The default root-strengthening stages: presolve (Presolve/) before the search, and the row-based
// root cut separators of Cuts/ (the tableau-based Gomory separator is in `tableauCutSeparators`).

/// Presolve used by `Model.solve` when `SolverOptions.presolve` is set: the reductions of
/// Presolve/Presolver.swift, whose postsolve maps a reduced solution back to the original columns.
let standardPresolveHook: (@Sendable (Model, SolverOptions) -> PresolveOutcome)? = { model, options in
    switch presolve(model, options: options) {
    case let .reduced(reduced, postsolve, _):
        return .reduced(model: reduced, postsolve: { postsolve.originalValues(from: $0) })
    case let .infeasible(reason):
        return .infeasible(reason: reason)
    case let .unbounded(reason):
        return .unbounded(reason: reason)
    }
}

/// Whether `standardCutSeparators` includes the flow cover separator (Cuts/FlowCoverSeparator.swift).
let flowCoverCutsEnabled = true

/// Root separators used by `Model.solve` when `SolverOptions.cuts` is set.
let standardCutSeparators: [any CutSeparator] = [
    ComplementedMIRSeparator(),
    KnapsackCoverSeparator(),
    CliqueSeparator(),
] + (flowCoverCutsEnabled ? [FlowCoverSeparator()] : [])
  + (pathInequalitiesEnabled ? [PathInequalitySeparator()] : [])
