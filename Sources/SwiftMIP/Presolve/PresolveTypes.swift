/// The reductions presolve performs, in the order the log lists them.
enum PresolveReduction: Int, CaseIterable, Sendable {
    case emptyRow, emptyColumn, fixedColumn, singletonRow, forcingRow, redundantRow, redundantRowSide,
         boundTightening, dominatedColumn, freeColumnSingleton, doubletonEquation, duplicateRow,
         duplicateColumn, coefficientTightening, impliedInteger

    /// Short name used in the log and in messages.
    var label: String {
        switch self {
        case .emptyRow: "empty rows"
        case .emptyColumn: "empty columns"
        case .fixedColumn: "fixed columns"
        case .singletonRow: "singleton rows"
        case .forcingRow: "forcing rows"
        case .redundantRow: "redundant rows"
        case .redundantRowSide: "redundant row sides"
        case .boundTightening: "integer bounds tightened"
        case .dominatedColumn: "dominated columns"
        case .freeColumnSingleton: "free column singletons"
        case .doubletonEquation: "doubleton equations"
        case .duplicateRow: "duplicate rows"
        case .duplicateColumn: "duplicate columns"
        case .coefficientTightening: "coefficients tightened"
        case .impliedInteger: "implied integers"
        }
    }
}

/// What presolve did: sizes before and after and how often each reduction applied.
struct PresolveStats: Sendable, CustomStringConvertible {
    var originalRows = 0, originalColumns = 0, originalNonzeros = 0
    var reducedRows = 0, reducedColumns = 0, reducedNonzeros = 0
    /// Count per reduction, indexed by `PresolveReduction.rawValue`.
    var counts = [Int](repeating: 0, count: PresolveReduction.allCases.count)
    /// Presolve rounds run.
    var rounds = 0
    /// Seconds spent.
    var time = 0.0
    /// Reduced-model indices of continuous columns proven to take integer values in every feasible
    /// point (they stay continuous in the reduced model; the search may round their bounds).
    var impliedIntegerColumns: [Int] = []

    subscript(_ r: PresolveReduction) -> Int {
        get { counts[r.rawValue] }
        set { counts[r.rawValue] = newValue }
    }

    var rowsRemoved: Int { originalRows - reducedRows }
    var columnsRemoved: Int { originalColumns - reducedColumns }
    var nonzerosRemoved: Int { originalNonzeros - reducedNonzeros }

    /// The log line: `Presolve: removed R rows, C columns, N nonzeros (…)`.
    var description: String {
        let details = PresolveReduction.allCases.compactMap { r in counts[r.rawValue] > 0 ? "\(r.label) \(counts[r.rawValue])" : nil }
        var line = "Presolve: removed \(rowsRemoved) rows, \(columnsRemoved) columns, \(nonzerosRemoved) nonzeros"
        if !details.isEmpty { line += " (" + details.joined(separator: ", ") + ")" }
        line += "; \(reducedRows) rows, \(reducedColumns) columns, \(reducedNonzeros) nonzeros left"
        return line
    }
}

/// The result of ``presolve(_:options:)``.
enum PresolveResult: Sendable {
    /// A reduced model (same sense; its objective value at any point equals the original objective at the
    /// postsolved point) and the postsolve map back to the original model. When presolve removed
    /// everything the reduced model is empty (no rows, no columns; its objective constant is the optimum)
    /// and `postsolve.originalValues(from: [])` is an optimal point of the original.
    case reduced(Model, Postsolve, PresolveStats)
    /// The model has no feasible point; the message names the reduction that proved it.
    case infeasible(String)
    /// The model is feasible and its objective is unbounded; the message says why.
    case unbounded(String)
}

/// Thrown inside the presolver to stop with a proof.
struct PresolveStop: Error {
    enum Kind { case infeasible, unbounded }
    let kind: Kind
    let message: String
}
