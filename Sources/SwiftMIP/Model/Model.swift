/// Whether the objective is minimised or maximised.
public enum ObjectiveSense: String, Sendable, Hashable {
    case minimize
    case maximize
}

/// A linear or mixed-integer linear program:
///
///     minimise / maximise  cᵀx + constant
///     subject to           rowLower ≤ A x ≤ rowUpper
///                          lower ≤ x ≤ upper,  x_j integer for integer and binary columns
///
/// `Model` is a value type: copies are independent. Build it in code with the builder API or read it
/// from MPS (see `MPSReader`).
///
/// ```swift
/// var model = Model(name: "knapsack")
/// let x = (0..<3).map { model.addVariable(name: "x\($0)", kind: .binary) }
/// model.addConstraint(3 * x[0] + 4 * x[1] + 2 * x[2] <= 6)
/// model.maximize(5 * x[0] + 6 * x[1] + 3 * x[2])
/// ```
public struct Model: Sendable {
    /// The model's name (MPS `NAME`).
    public var name: String
    /// The variables (columns), indexed by ``Variable/index``.
    public internal(set) var variables: [VariableInfo]
    /// The constraints (rows).
    public internal(set) var constraints: [ConstraintInfo]
    /// Minimise or maximise.
    public var sense: ObjectiveSense
    /// Constant added to the objective value.
    public var objectiveConstant: Double
    /// Name of the objective row (MPS `N` row).
    public var objectiveName: String

    /// Creates an empty model.
    public init(name: String = "model") {
        self.name = name
        self.variables = []
        self.constraints = []
        self.sense = .minimize
        self.objectiveConstant = 0
        self.objectiveName = "obj"
    }

    // MARK: Sizes

    /// Number of variables (columns).
    public var numberOfVariables: Int { variables.count }
    /// Number of constraints (rows), the objective excluded.
    public var numberOfConstraints: Int { constraints.count }
    /// Number of nonzero coefficients in the constraint rows.
    public var numberOfNonzeros: Int { constraints.reduce(0) { $0 + $1.terms.count } }
    /// Number of integer and binary variables.
    public var numberOfIntegerVariables: Int { variables.reduce(0) { $0 + ($1.kind.isIntegral ? 1 : 0) } }
    /// True when at least one variable is integer or binary.
    public var isMIP: Bool { variables.contains { $0.kind.isIntegral } }
    /// Handles of all variables, in column order.
    public var allVariables: [Variable] { (0..<variables.count).map(Variable.init(index:)) }

    // MARK: Building

    /// Adds a variable and returns its handle. A `.binary` variable gets its bounds clipped to [0, 1].
    @discardableResult
    public mutating func addVariable(name: String? = nil, lowerBound: Double = 0, upperBound: Double = .infinity,
                                     kind: VariableKind = .continuous, objective: Double = 0) -> Variable {
        var lower = lowerBound, upper = upperBound
        if kind == .binary {
            lower = max(lower, 0)
            upper = min(upper, 1)
        }
        let v = Variable(index: variables.count)
        variables.append(VariableInfo(name: name ?? "x\(v.index)", lowerBound: lower, upperBound: upper,
                                      kind: kind, objective: objective))
        return v
    }

    /// Adds a variable with bounds given as a closed range, e.g. `bounds: 0...1`.
    @discardableResult
    public mutating func addVariable(name: String? = nil, bounds: ClosedRange<Double>, integer: Bool = false,
                                     objective: Double = 0) -> Variable {
        addVariable(name: name, lowerBound: bounds.lowerBound, upperBound: bounds.upperBound,
                    kind: integer ? .integer : .continuous, objective: objective)
    }

    /// Adds a variable from a full description.
    @discardableResult
    public mutating func addVariable(_ info: VariableInfo) -> Variable {
        let v = Variable(index: variables.count)
        variables.append(info)
        return v
    }

    /// Adds the constraint `lowerBound <= expression <= upperBound` (repeated variables merged) and
    /// returns its row index.
    @discardableResult
    public mutating func addConstraint(_ constraint: LinearConstraint, name: String? = nil) -> Int {
        let row = constraints.count
        constraints.append(ConstraintInfo(name: name ?? "c\(row)", lowerBound: constraint.lowerBound,
                                          upperBound: constraint.upperBound,
                                          terms: constraint.expression.mergedTerms))
        return row
    }

    /// Adds a row from a full description and returns its index.
    @discardableResult
    public mutating func addConstraint(_ info: ConstraintInfo) -> Int {
        constraints.append(info)
        return constraints.count - 1
    }

    /// Sets the objective to minimise `expression` (its constant becomes the objective constant).
    public mutating func minimize(_ expression: LinearExpression) { setObjective(expression, sense: .minimize) }
    /// Sets the objective to maximise `expression` (its constant becomes the objective constant).
    public mutating func maximize(_ expression: LinearExpression) { setObjective(expression, sense: .maximize) }

    /// Replaces the objective.
    public mutating func setObjective(_ expression: LinearExpression, sense: ObjectiveSense) {
        for j in variables.indices { variables[j].objective = 0 }
        for term in expression.mergedTerms where term.variable.index < variables.count {
            variables[term.variable.index].objective = term.coefficient
        }
        objectiveConstant = expression.constant
        self.sense = sense
    }

    // MARK: Editing

    /// Sets the bounds of a variable.
    public mutating func setBounds(of variable: Variable, lower: Double, upper: Double) {
        variables[variable.index].lowerBound = lower
        variables[variable.index].upperBound = upper
    }

    /// Sets the kind of a variable (bounds unchanged).
    public mutating func setKind(of variable: Variable, to kind: VariableKind) {
        variables[variable.index].kind = kind
    }

    /// Sets a variable's objective coefficient.
    public mutating func setObjectiveCoefficient(of variable: Variable, to value: Double) {
        variables[variable.index].objective = value
    }

    /// Sets the bounds of a row.
    public mutating func setRowBounds(_ row: Int, lower: Double, upper: Double) {
        constraints[row].lowerBound = lower
        constraints[row].upperBound = upper
    }

    /// The first variable with this name, if any (linear search; build a dictionary for many look-ups).
    public func variable(named name: String) -> Variable? {
        variables.firstIndex { $0.name == name }.map(Variable.init(index:))
    }

    /// The objective value `cᵀx + constant` at a point given by one value per variable.
    public func objectiveValue(at values: [Double]) -> Double {
        var total = objectiveConstant
        for (j, v) in variables.enumerated() where j < values.count { total += v.objective * values[j] }
        return total
    }
}
