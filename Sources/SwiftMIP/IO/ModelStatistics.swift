/// Size and number-range summary of a model, as `swiftmip stats` prints it.
public struct ModelStatistics: Sendable {
    /// The smallest and largest absolute value of a set of nonzero finite numbers (nil when the set is empty).
    public struct Range: Sendable, Hashable {
        public var min: Double
        public var max: Double
    }

    public var rows = 0, columns = 0, nonzeros = 0
    /// Rows by kind: equality, `<=` only, `>=` only, ranged (both finite, different), free (neither).
    public var equalityRows = 0, lessRows = 0, greaterRows = 0, rangedRows = 0, freeRows = 0
    /// Rows and columns without any matrix coefficient.
    public var emptyRows = 0, emptyColumns = 0
    public var continuous = 0, integers = 0, binaries = 0
    /// Columns with both bounds infinite, with equal bounds, with an infinite bound on one side only.
    public var freeColumns = 0, fixedColumns = 0
    /// Nonzero objective coefficients.
    public var objectiveNonzeros = 0
    /// Absolute ranges of matrix coefficients, objective coefficients, finite nonzero row bounds and
    /// finite nonzero column bounds.
    public var matrixRange: Range? = nil, objectiveRange: Range? = nil, rhsRange: Range? = nil, boundRange: Range? = nil

    /// Computes the statistics of `model`.
    public init(_ model: Model) {
        func widen(_ r: inout Range?, _ v: Double) {
            let a = abs(v)
            guard a != 0, a.isFinite else { return }
            if let old = r { r = Range(min: Swift.min(old.min, a), max: Swift.max(old.max, a)) } else { r = Range(min: a, max: a) }
        }
        rows = model.constraints.count
        columns = model.variables.count
        var columnCount = [Int](repeating: 0, count: columns)
        for row in model.constraints {
            nonzeros += row.terms.count
            if row.terms.isEmpty { emptyRows += 1 }
            for t in row.terms {
                widen(&matrixRange, t.coefficient)
                if t.variable.index < columns { columnCount[t.variable.index] += 1 }
            }
            let lo = row.lowerBound, up = row.upperBound
            if lo == up { equalityRows += 1 }
            else if lo.isFinite && up.isFinite { rangedRows += 1 }
            else if up.isFinite { lessRows += 1 }
            else if lo.isFinite { greaterRows += 1 }
            else { freeRows += 1 }
            widen(&rhsRange, lo)
            widen(&rhsRange, up)
        }
        for (j, v) in model.variables.enumerated() {
            switch v.kind {
            case .continuous: continuous += 1
            case .integer: integers += 1
            case .binary: binaries += 1
            }
            if columnCount[j] == 0 { emptyColumns += 1 }
            if v.lowerBound == -.infinity && v.upperBound == .infinity { freeColumns += 1 }
            if v.lowerBound == v.upperBound { fixedColumns += 1 }
            if v.objective != 0 { objectiveNonzeros += 1 }
            widen(&objectiveRange, v.objective)
            widen(&boundRange, v.lowerBound)
            widen(&boundRange, v.upperBound)
        }
    }
}
