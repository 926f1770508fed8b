/// One coefficient–variable product in a linear expression or a constraint row.
public struct LinearTerm: Sendable, Hashable {
    /// The variable.
    public var variable: Variable
    /// Its coefficient.
    public var coefficient: Double

    /// Creates the term `coefficient * variable`.
    public init(_ coefficient: Double, _ variable: Variable) {
        self.variable = variable
        self.coefficient = coefficient
    }
}

/// An affine expression `Σ cᵢ·xᵢ + constant`, built with the usual operators:
///
/// ```swift
/// let e = 2 * x + 3 * y - z + 1
/// let total = items.map { weight[$0] * x[$0] }.sum()
/// ```
///
/// Terms may repeat a variable; ``Model`` merges them when the expression is used.
public struct LinearExpression: Sendable {
    /// The terms, in the order they were added (a variable may appear more than once).
    public var terms: [LinearTerm]
    /// The constant part.
    public var constant: Double

    /// Creates `Σ terms + constant`.
    public init(terms: [LinearTerm] = [], constant: Double = 0) {
        self.terms = terms
        self.constant = constant
    }

    /// The expression `1 * variable`.
    public init(_ variable: Variable) { self.init(terms: [LinearTerm(1, variable)]) }


    /// The terms with repeated variables merged and zero coefficients dropped, sorted by variable.
    public var mergedTerms: [LinearTerm] {
        let sorted = terms.sorted { $0.variable.index < $1.variable.index }
        var merged: [LinearTerm] = []
        merged.reserveCapacity(sorted.count)
        for term in sorted {
            if let last = merged.last, last.variable == term.variable {
                merged[merged.count - 1].coefficient += term.coefficient
            } else {
                merged.append(term)
            }
        }
        return merged.filter { $0.coefficient != 0 }
    }

    /// Evaluates the expression at a point given by one value per model variable.
    public func value(at values: [Double]) -> Double {
        var total = constant
        for term in terms where term.variable.index < values.count {
            total += term.coefficient * values[term.variable.index]
        }
        return total
    }
}

// MARK: - Operators

public func + (a: LinearExpression, b: LinearExpression) -> LinearExpression {
    LinearExpression(terms: a.terms + b.terms, constant: a.constant + b.constant)
}
public func + (a: LinearExpression, b: Variable) -> LinearExpression { a + LinearExpression(b) }
public func + (a: Variable, b: LinearExpression) -> LinearExpression { LinearExpression(a) + b }
public func + (a: Variable, b: Variable) -> LinearExpression { LinearExpression(a) + LinearExpression(b) }
public func + (a: LinearExpression, b: Double) -> LinearExpression {
    LinearExpression(terms: a.terms, constant: a.constant + b)
}
public func + (a: Double, b: LinearExpression) -> LinearExpression { b + a }
public func + (a: Variable, b: Double) -> LinearExpression { LinearExpression(a) + b }
public func + (a: Double, b: Variable) -> LinearExpression { LinearExpression(b) + a }

public prefix func - (a: LinearExpression) -> LinearExpression { -1 * a }
public prefix func - (a: Variable) -> LinearExpression { -1 * a }

public func - (a: LinearExpression, b: LinearExpression) -> LinearExpression { a + (-1 * b) }
public func - (a: LinearExpression, b: Variable) -> LinearExpression { a + (-1 * b) }
public func - (a: Variable, b: LinearExpression) -> LinearExpression { LinearExpression(a) + (-1 * b) }
public func - (a: Variable, b: Variable) -> LinearExpression { LinearExpression(a) + (-1 * b) }
public func - (a: LinearExpression, b: Double) -> LinearExpression { a + (-b) }
public func - (a: Double, b: LinearExpression) -> LinearExpression { a + (-1 * b) }
public func - (a: Variable, b: Double) -> LinearExpression { LinearExpression(a) + (-b) }
public func - (a: Double, b: Variable) -> LinearExpression { a + (-1 * b) }

public func * (a: Double, b: LinearExpression) -> LinearExpression {
    LinearExpression(terms: b.terms.map { LinearTerm(a * $0.coefficient, $0.variable) }, constant: a * b.constant)
}
public func * (a: LinearExpression, b: Double) -> LinearExpression { b * a }
public func * (a: Double, b: Variable) -> LinearExpression { LinearExpression(terms: [LinearTerm(a, b)]) }
public func * (a: Variable, b: Double) -> LinearExpression { b * a }

public func += (a: inout LinearExpression, b: LinearExpression) {
    a.terms += b.terms
    a.constant += b.constant
}
public func += (a: inout LinearExpression, b: Variable) { a.terms.append(LinearTerm(1, b)) }
public func -= (a: inout LinearExpression, b: LinearExpression) { a += -1 * b }

extension Sequence where Element == LinearExpression {
    /// The sum of the expressions.
    public func sum() -> LinearExpression {
        var total = LinearExpression()
        for e in self { total += e }
        return total
    }
}

extension Sequence where Element == Variable {
    /// The sum of the variables.
    public func sum() -> LinearExpression {
        LinearExpression(terms: map { LinearTerm(1, $0) })
    }
}
