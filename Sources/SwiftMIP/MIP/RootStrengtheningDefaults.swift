// The default root-strengthening stages. The root-strengthening issue (presolve + cuts) replaces these
// two definitions with its implementations; the search itself does not change.

/// Presolve used by `Model.solve` when `SolverOptions.presolve` is set (none yet).
let standardPresolveHook: (@Sendable (Model, SolverOptions) -> PresolveOutcome)? = nil

/// Root separators used by `Model.solve` when `SolverOptions.cuts` is set (none yet).
let standardCutSeparators: [any CutSeparator] = []
