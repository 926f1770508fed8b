/// Tolerances of the independent solution checker.
public struct CheckTolerances: Sendable, Hashable {
    /// Largest bound or row violation accepted (absolute, or relative to the row's scale: see ``SolutionCheck``).
    public var primal: Double
    /// Largest distance from the nearest integer accepted for integer variables.
    public var integrality: Double

    /// Defaults: primal 1e-6, integrality 1e-5.
    public init(primal: Double = 1e-6, integrality: Double = 1e-5) {
        self.primal = primal
        self.integrality = integrality
    }
}

/// The verdict of the independent solution checker: the largest violations it found, recomputed from
/// the ``Model`` alone (never from a solver's internal state), and the objective.
///
/// A bound or row violation counts as accepted when it is within the tolerance either absolutely or
/// relative to `max(1, |bound|)` for bounds and `max(1, |rhs|, Σ|aᵢ xᵢ|)` for rows.
public struct SolutionCheck: Sendable, CustomStringConvertible {
    /// Largest violation of a variable bound (absolute) and the variable's name.
    public var maxBoundViolation: Double = 0
    public var worstBound: String? = nil
    /// Largest violation of a row bound (absolute), its relative size and the row's name.
    public var maxRowViolation: Double = 0
    public var maxRelativeRowViolation: Double = 0
    public var worstRow: String? = nil
    /// Largest distance of an integer variable from the nearest integer, and the variable's name.
    public var maxIntegralityViolation: Double = 0
    public var worstInteger: String? = nil
    /// The objective value at the point, in the model's sense, constant included.
    public var objective: Double = 0
    /// A value that is NaN or infinite, or a wrong number of values, if any.
    public var malformed: String? = nil
    /// True when every violation is within the tolerances (and nothing is malformed).
    public var isFeasible: Bool = true

    public var description: String {
        if let malformed { return "rejected: \(malformed)" }
        var parts = [isFeasible ? "accepted" : "rejected"]
        parts.append("objective \(objective)")
        parts.append("max bound violation \(maxBoundViolation)" + (worstBound.map { " (\($0))" } ?? ""))
        parts.append("max row violation \(maxRowViolation), relative \(maxRelativeRowViolation)" + (worstRow.map { " (\($0))" } ?? ""))
        parts.append("max integrality violation \(maxIntegralityViolation)" + (worstInteger.map { " (\($0))" } ?? ""))
        return parts.joined(separator: "; ")
    }
}

extension Model {
    /// Checks a point against every bound, row and integrality requirement of the model, independently of
    /// any solver. `values` holds one value per variable, in column order.
    public func check(_ values: [Double], tolerances: CheckTolerances = CheckTolerances()) -> SolutionCheck {
        var result = SolutionCheck()
        guard values.count == variables.count else {
            result.malformed = "expected \(variables.count) values, got \(values.count)"
            result.isFeasible = false
            return result
        }
        for (j, v) in variables.enumerated() {
            let x = values[j]
            guard x.isFinite else {
                result.malformed = "value of \(v.name) is \(x)"
                result.isFeasible = false
                return result
            }
            let below = v.lowerBound - x, above = x - v.upperBound
            let violation = max(0, below, above)
            if violation > result.maxBoundViolation {
                result.maxBoundViolation = violation
                result.worstBound = v.name
            }
            let scale = max(1, abs(below > 0 ? v.lowerBound : v.upperBound))
            if violation > tolerances.primal && violation > tolerances.primal * scale { result.isFeasible = false }
            if v.kind.isIntegral {
                let frac = abs(x - x.rounded())
                if frac > result.maxIntegralityViolation {
                    result.maxIntegralityViolation = frac
                    result.worstInteger = v.name
                }
                if frac > tolerances.integrality { result.isFeasible = false }
            }
        }
        for row in constraints {
            var activity = 0.0, magnitude = 0.0
            for t in row.terms where t.variable.index < values.count {
                let p = t.coefficient * values[t.variable.index]
                activity += p
                magnitude += abs(p)
            }
            let below = row.lowerBound - activity, above = activity - row.upperBound
            let violation = max(0, below, above)
            guard violation > 0 else { continue }
            let bound = below > 0 ? row.lowerBound : row.upperBound
            let relative = violation / max(1, abs(bound), magnitude)
            if violation > result.maxRowViolation {
                result.maxRowViolation = violation
                result.worstRow = row.name
            }
            result.maxRelativeRowViolation = max(result.maxRelativeRowViolation, relative)
            if violation > tolerances.primal && relative > tolerances.primal { result.isFeasible = false }
        }
        result.objective = objectiveValue(at: values)
        return result
    }
}
