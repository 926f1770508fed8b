/// Turns the parser's arrays into a ``Model``: the conventions that need the whole file are applied
/// here (binary default for MARKER integers, negative upper bounds, ranges).
extension MPSParser {
    mutating func makeModel() -> Model {
        var model = Model(name: modelName)
        model.sense = sense
        model.objectiveConstant = objectiveConstant
        if let objectiveName { model.objectiveName = objectiveName }

        let n = columnNames.count
        var variables = [VariableInfo]()
        variables.reserveCapacity(n)
        for j in 0..<n {
            var lower = columnLower[j], upper = columnUpper[j]
            let flags = columnBoundFlags[j]
            if columnInteger[j] && flags & MPSParser.hasAnyBound == 0 {
                // A MARKER integer column without any bound is binary (CPLEX, HiGHS, SCIP, CBC, GLPK).
                lower = 0
                upper = 1
            }
            if flags & MPSParser.hasUpper != 0 && flags & MPSParser.hasLower == 0 && upper < 0 && lower == 0 {
                // UP < 0 and no lower bound: the lower bound becomes -inf (CPLEX, CBC).
                lower = -.infinity
                warnings.add("negative upper bound",
                             "\(file): column '\(columnNames[j])' has upper bound \(upper) < 0 and no lower bound: lower bound set to -infinity")
            }
            let kind: VariableKind = columnInteger[j] ? (lower == 0 && upper == 1 ? .binary : .integer) : .continuous
            variables.append(VariableInfo(name: columnNames[j], lowerBound: lower, upperBound: upper,
                                          kind: kind, objective: columnObjective[j]))
        }
        model.variables = variables

        // Rows: counting sort of the entries by row keeps each row's terms in column order.
        let m = rowNames.count
        var start = [Int](repeating: 0, count: m + 1)
        for r in entryRow { start[Int(r) + 1] += 1 }
        for i in 0..<m { start[i + 1] += start[i] }
        var fill = start
        var terms = [LinearTerm](repeating: LinearTerm(0, Variable(index: 0)), count: entryRow.count)
        for k in 0..<entryRow.count {
            let r = Int(entryRow[k])
            terms[fill[r]] = LinearTerm(entryValue[k], Variable(index: Int(entryColumn[k])))
            fill[r] += 1
        }
        var constraints = [ConstraintInfo]()
        constraints.reserveCapacity(m)
        for i in 0..<m {
            let b = rhs[i]
            let r = range[i]
            var lower = -Double.infinity, upper = Double.infinity
            switch rowType[i] {
            case 69:  // E: R > 0 gives [rhs, rhs + |R|], R < 0 gives [rhs - |R|, rhs]
                lower = b
                upper = b
                if r > 0 { upper = b + r } else if r < 0 { lower = b + r }
            case 76:  // L: [rhs - |R|, rhs]
                upper = b
                if !r.isNaN { lower = b - abs(r) }
            default:  // G: [rhs, rhs + |R|]
                lower = b
                if !r.isNaN { upper = b + abs(r) }
            }
            constraints.append(ConstraintInfo(name: rowNames[i], lowerBound: lower, upperBound: upper,
                                              terms: Array(terms[start[i]..<start[i + 1]])))
        }
        model.constraints = constraints
        return model
    }
}
