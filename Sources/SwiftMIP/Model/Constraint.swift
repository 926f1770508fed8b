/// A ranged linear constraint `lowerBound <= Σ aᵢ·xᵢ <= upperBound`, as built by the comparison
/// operators on expressions (`2 * x + y <= 4`, `x - y == 0`, `e >= 1`).
///
/// Equality rows have equal bounds; one-sided rows have an infinite bound; a free row has both infinite.
/// The constant part of the expression is moved into the bounds.
public struct LinearConstraint: Sendable {
    /// The left-hand side (its constant is always zero).
    public var expression: LinearExpression
    /// Lower bound of the row activity; `-Double.infinity` for none.
    public var lowerBound: Double
    /// Upper bound of the row activity; `Double.infinity` for none.
    public var upperBound: Double

    /// Creates `lowerBound <= expression <= upperBound`, moving the expression's constant into the bounds.
    public init(_ expression: LinearExpression, lowerBound: Double = -.infinity, upperBound: Double = .infinity) {
        var e = expression
        let c = e.constant
        e.constant = 0
        self.expression = e
        self.lowerBound = lowerBound - c
        self.upperBound = upperBound - c
    }
}

/// Everything the model stores about one constraint row.
public struct ConstraintInfo: Sendable, Hashable {
    /// The row's name.
    public var name: String
    /// Lower bound of the activity; `-Double.infinity` for none.
    public var lowerBound: Double
    /// Upper bound of the activity; `Double.infinity` for none.
    public var upperBound: Double
    /// The row's nonzero coefficients, one per variable, sorted by variable.
    public var terms: [LinearTerm]

    /// Creates a row description; `terms` should name each variable at most once.
    public init(name: String, lowerBound: Double, upperBound: Double, terms: [LinearTerm]) {
        self.name = name
        self.lowerBound = lowerBound
        self.upperBound = upperBound
        self.terms = terms
    }

    /// The sense of the row as MPS understands it.
    public var isEquality: Bool { lowerBound == upperBound }
}

public func <= (a: LinearExpression, b: LinearExpression) -> LinearConstraint {
    LinearConstraint(a - b, upperBound: 0)
}
public func >= (a: LinearExpression, b: LinearExpression) -> LinearConstraint {
    LinearConstraint(a - b, lowerBound: 0)
}
public func == (a: LinearExpression, b: LinearExpression) -> LinearConstraint {
    LinearConstraint(a - b, lowerBound: 0, upperBound: 0)
}
public func <= (a: LinearExpression, b: Double) -> LinearConstraint { LinearConstraint(a, upperBound: b) }
public func >= (a: LinearExpression, b: Double) -> LinearConstraint { LinearConstraint(a, lowerBound: b) }
public func == (a: LinearExpression, b: Double) -> LinearConstraint { LinearConstraint(a, lowerBound: b, upperBound: b) }
public func <= (a: Double, b: LinearExpression) -> LinearConstraint { b >= a }
public func >= (a: Double, b: LinearExpression) -> LinearConstraint { b <= a }
public func <= (a: Variable, b: Double) -> LinearConstraint { LinearExpression(a) <= b }
public func >= (a: Variable, b: Double) -> LinearConstraint { LinearExpression(a) >= b }
public func == (a: Variable, b: Double) -> LinearConstraint { LinearExpression(a) == b }
public func <= (a: Variable, b: Variable) -> LinearConstraint { LinearExpression(a) <= LinearExpression(b) }
public func >= (a: Variable, b: Variable) -> LinearConstraint { LinearExpression(a) >= LinearExpression(b) }
public func <= (a: LinearExpression, b: Variable) -> LinearConstraint { a <= LinearExpression(b) }
public func >= (a: LinearExpression, b: Variable) -> LinearConstraint { a >= LinearExpression(b) }
public func == (a: LinearExpression, b: Variable) -> LinearConstraint { a == LinearExpression(b) }
