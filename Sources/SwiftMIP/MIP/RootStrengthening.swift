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
         separators: [any CutSeparator] = [], maxRounds: Int = 20, minimumProgress: Double = 1e-4) {
        self.presolve = presolve
        self.separators = separators
        self.maxRounds = maxRounds
        self.minimumProgress = minimumProgress
    }

    /// What `Model.solve` uses. The root-strengthening issue replaces this with real presolve and
    /// separators (e.g. in a file of Presolve/ or MIP/ that defines them).
    static var standard: RootStrengthening { RootStrengthening(presolve: standardPresolveHook,
                                                               separators: standardCutSeparators) }
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

/// A cutting-plane separator for the root node.
protocol CutSeparator: Sendable {
    var name: String { get }
    /// Cuts violated by `context.values`; each must be valid for all integer-feasible points.
    func separate(_ context: CutContext) -> [Cut]
}

/// What a separator sees: the LP solution at the root and the rows already in the LP.
struct CutContext {
    let model: CompressedModel
    let values: [Double]
    let lower: [Double]
    let upper: [Double]
    let lpObjective: Double
    let rowActivities: [Double]
    let basis: LPBasis
    /// Cuts added in earlier rounds (their rows follow the model's rows in the LP).
    let existingCuts: [Cut]
    let round: Int
}

/// A cut `lower <= Σ values[k] x[indices[k]] <= upper`.
struct Cut: Sendable {
    var row: SparseRow
    var lower: Double
    var upper: Double
    /// Which separator made it (for statistics).
    var origin: String

    /// How far `x` violates the cut, divided by the Euclidean norm of the row (the efficacy).
    func efficacy(at x: [Double]) -> Double {
        var activity = 0.0, norm = 0.0
        for (k, j) in row.indices.enumerated() {
            let a = row.values[k]
            activity += a * x[Int(j)]
            norm += a * a
        }
        guard norm > 0 else { return 0 }
        let violation = max(lower - activity, activity - upper, 0)
        return violation / norm.squareRoot()
    }
}
