/// A cutting-plane separator for the root node.
protocol CutSeparator: Sendable {
    var name: String { get }
    /// Cuts violated by `context.values`; each must be valid for all integer-feasible points.
    func separate(_ context: CutContext) -> [Cut]
}

/// What a separator sees: the LP solution at the root and the rows already in the LP.
///
/// The LP's rows are the model's rows (`0..<model.rowCount`) followed by `existingCuts` in order;
/// `rowActivities` and `basis.rows` follow the same numbering.
struct CutContext {
    let model: CompressedModel
    let values: [Double]
    let lower: [Double]
    let upper: [Double]
    let lpObjective: Double
    let rowActivities: [Double]
    let basis: LPBasis
    /// Cuts currently in the LP (their rows follow the model's rows in the LP).
    let existingCuts: [Cut]
    let round: Int
    /// The optimal simplex tableau of the LP this context describes (nil when unavailable, e.g. in
    /// tests that build a context by hand). Tableau-based separators (Gomory) need it; row-based ones
    /// ignore it.
    var tableau: LPTableau? = nil
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

    /// Whether the cut's LP row is slack: its logical basic and its activity strictly inside both sides
    /// (relative tolerance 1e-6). Slack rows age out of an LP.
    func isSlack(activity a: Double, status: BasisStatus) -> Bool {
        let tol = 1e-6 * max(1, abs(a))
        return status == .basic && a > lower + tol && a < upper - tol
    }
}
