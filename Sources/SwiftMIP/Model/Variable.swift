/// A handle to a decision variable of a ``Model``: its position among the model's columns.
///
/// Handles are cheap value types; they stay valid as long as no variable is removed from the model.
public struct Variable: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Zero-based column index of the variable in its model.
    public let index: Int

    /// Creates a handle for column `index`. Normally obtained from ``Model/addVariable(name:lowerBound:upperBound:kind:objective:)``.
    public init(index: Int) { self.index = index }

    public static func < (a: Variable, b: Variable) -> Bool { a.index < b.index }
    public var description: String { "x\(index)" }
}

/// What values a variable may take besides its bounds.
public enum VariableKind: String, Sendable, Hashable, CaseIterable {
    /// Any real value within the bounds.
    case continuous
    /// Any integer value within the bounds.
    case integer
    /// 0 or 1 (an integer variable whose bounds lie within [0, 1]).
    case binary

    /// True for `integer` and `binary`.
    public var isIntegral: Bool { self != .continuous }
}

/// Everything the model stores about one variable.
public struct VariableInfo: Sendable, Hashable {
    /// The variable's name (unique names are recommended; MPS output needs them).
    public var name: String
    /// Lower bound; `-Double.infinity` for none.
    public var lowerBound: Double
    /// Upper bound; `Double.infinity` for none.
    public var upperBound: Double
    /// Continuous, integer or binary.
    public var kind: VariableKind
    /// Coefficient of the variable in the objective function.
    public var objective: Double

    /// Creates a variable description.
    public init(name: String, lowerBound: Double = 0, upperBound: Double = .infinity,
                kind: VariableKind = .continuous, objective: Double = 0) {
        self.name = name
        self.lowerBound = lowerBound
        self.upperBound = upperBound
        self.kind = kind
        self.objective = objective
    }
}
