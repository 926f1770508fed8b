/// The hook points where presolve and root cutting planes plug into the search (the root-strengthening
/// issue fills them in; the search only calls them).
///
/// 1. `presolve` runs on the user's ``Model`` before anything else when ``SolverOptions/presolve`` is
///    set. It returns a reduced model and a postsolve map from reduced-model values back to the
///    original columns. The search works on the reduced model; every incumbent is mapped back and
///    checked against the ORIGINAL model before it is accepted.
/// 2. `separators` run at the root in rounds when ``SolverOptions/cuts`` is set: each round solves the
///    LP, asks every separator for cuts violated by the LP solution, adds them with
///    `LPSolver.addRows`, and re-solves. Cuts must be valid for every integer-feasible point of the
///    model the search works on; they are added to every worker's LP.
struct RootStrengthening: Sendable {
    var presolve: (@Sendable (Model, SolverOptions) -> PresolveOutcome)?
    var separators: [any CutSeparator]
    /// At most this many separation rounds at the root.
    var maxRounds: Int
    /// Stop when a round raises the root bound by less than this fraction of |bound| (or 1e-6 absolute).
    var minimumProgress: Double

    init(presolve: (@Sendable (Model, SolverOptions) -> PresolveOutcome)? = nil,
         separators: [any CutSeparator] = [], maxRounds: Int = 50, minimumProgress: Double = 1e-4) {
        self.presolve = presolve
        self.separators = separators
        self.maxRounds = maxRounds
        self.minimumProgress = minimumProgress
    }

    /// What `Model.solve` uses. The root-strengthening issue replaces this with real presolve and
    /// separators (e.g. in a file of Presolve/ or MIP/ that defines them).
    static var standard: RootStrengthening { RootStrengthening(presolve: standardPresolveHook,
                                                               separators: tableauCutSeparators + standardCutSeparators) }
}

/// The result of a presolve hook.
enum PresolveOutcome: Sendable {
    /// Solve `model` instead; `postsolve` maps its values (one per reduced column) to the original columns.
    case reduced(model: Model, postsolve: @Sendable ([Double]) -> [Double])
    /// Presolve proved the model infeasible.
    case infeasible(reason: String)
    /// Presolve proved the model unbounded (only when it also knows a feasible point).
    case unbounded(reason: String)
    /// Nothing to do.
    case unchanged
}

// `CutSeparator`, `CutContext` and `Cut` live in Cuts/CutTypes.swift.
