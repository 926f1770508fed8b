/// BOUNDS lines: `type [set] column [value]`.
extension MPSParser {
    /// Bits of `columnBoundFlags`.
    static let hasLower: UInt8 = 1
    static let hasUpper: UInt8 = 2
    static let hasAnyBound: UInt8 = 4

    private enum BoundType { case up, lo, fx, fr, mi, pl, bv, li, ui }

    mutating func readBoundLine() throws {
        guard tokenCount >= 2 else {
            throw error(lineText, "has \(tokenCount) field(s)", expected: "a bound type, an optional bound set name, a column name and a value")
        }
        let s = tokenStart[0], e = tokenEnd[0]
        let type: BoundType
        if MPSBytes.equalsIgnoringCase(p, s, e, "UP") { type = .up }
        else if MPSBytes.equalsIgnoringCase(p, s, e, "LO") { type = .lo }
        else if MPSBytes.equalsIgnoringCase(p, s, e, "FX") { type = .fx }
        else if MPSBytes.equalsIgnoringCase(p, s, e, "FR") { type = .fr }
        else if MPSBytes.equalsIgnoringCase(p, s, e, "MI") { type = .mi }
        else if MPSBytes.equalsIgnoringCase(p, s, e, "PL") { type = .pl }
        else if MPSBytes.equalsIgnoringCase(p, s, e, "BV") { type = .bv }
        else if MPSBytes.equalsIgnoringCase(p, s, e, "LI") { type = .li }
        else if MPSBytes.equalsIgnoringCase(p, s, e, "UI") { type = .ui }
        else if MPSBytes.equalsIgnoringCase(p, s, e, "SC") || MPSBytes.equalsIgnoringCase(p, s, e, "SI") {
            throw error(token(0), "is a semi-continuous/semi-integer bound, which SwiftMIP does not support",
                        expected: "UP, LO, FX, FR, MI, PL, BV, LI or UI")
        } else {
            throw error(token(0), "is not a bound type", expected: "UP, LO, FX, FR, MI, PL, BV, LI or UI")
        }

        let needsValue: Bool
        switch type {
        case .up, .lo, .fx, .li, .ui: needsValue = true
        case .fr, .mi, .pl, .bv: needsValue = false
        }
        // Locate the column token: the bound set name is optional.
        var columnToken: Int
        var valueToken = -1
        if needsValue {
            switch tokenCount {
            case 3:
                columnToken = 1; valueToken = 2
                if MPSBytes.parseDouble(p, tokenStart[2], tokenEnd[2]) == nil
                    && columnTable.find(p, tokenStart[2], tokenEnd[2]) >= 0 {
                    throw error(lineText, "has no bound value", expected: "a value for the \(token(0)) bound of column \(token(2))")
                }
            case 4: columnToken = 2; valueToken = 3
            case 2:
                throw error(lineText, "has no bound value", expected: "a value for the \(token(0)) bound of column \(token(1))")
            default:
                throw error(lineText, "has \(tokenCount) fields", expected: "\(token(0)) [set name] column value")
            }
        } else {
            switch tokenCount {
            case 2: columnToken = 1
            case 3:
                // `BV set column` or `BV column value`: prefer the reading that names a column.
                columnToken = 2
                if columnTable.find(p, tokenStart[2], tokenEnd[2]) < 0
                    && columnTable.find(p, tokenStart[1], tokenEnd[1]) >= 0 {
                    columnToken = 1
                }
            case 4: columnToken = 2
            default:
                throw error(lineText, "has \(tokenCount) fields", expected: "\(token(0)) [set name] column")
            }
        }
        let column = columnTable.find(p, tokenStart[columnToken], tokenEnd[columnToken])
        guard column >= 0 else {
            throw error(token(columnToken), "is not a column defined in COLUMNS", expected: "a column name in the BOUNDS section")
        }
        var value = 0.0
        if valueToken >= 0 {
            value = MPSParser.clampInfinite(try number(valueToken, "the \(token(0)) bound of column \(columnNames[column])"))
        }

        var setsLower = false, setsUpper = false
        switch type {
        case .up:
            columnUpper[column] = value; setsUpper = true
        case .lo:
            columnLower[column] = value; setsLower = true
        case .fx:
            columnLower[column] = value; columnUpper[column] = value; setsLower = true; setsUpper = true
        case .fr:
            columnLower[column] = -.infinity; columnUpper[column] = .infinity; setsLower = true; setsUpper = true
        case .mi:
            columnLower[column] = -.infinity; setsLower = true
        case .pl:
            columnUpper[column] = .infinity; setsUpper = true
        case .bv:
            columnLower[column] = 0; columnUpper[column] = 1; columnInteger[column] = true
            setsLower = true; setsUpper = true
        case .li:
            columnLower[column] = value; columnInteger[column] = true; setsLower = true
        case .ui:
            columnUpper[column] = value; columnInteger[column] = true; setsUpper = true
        }
        let flags = columnBoundFlags[column]
        if (setsLower && flags & MPSParser.hasLower != 0) || (setsUpper && flags & MPSParser.hasUpper != 0) {
            warnings.add("repeated bounds",
                         "\(file):\(lineNumber): column '\(columnNames[column])' gets a second \(setsLower && flags & MPSParser.hasLower != 0 ? "lower" : "upper") bound; the later one (\(token(0))) is used")
        }
        columnBoundFlags[column] = flags | MPSParser.hasAnyBound
            | (setsLower ? MPSParser.hasLower : 0) | (setsUpper ? MPSParser.hasUpper : 0)
    }
}
