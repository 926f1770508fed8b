/// ROWS, COLUMNS, RHS and RANGES lines.
extension MPSParser {
    /// ROWS: `type name`. The first N row (or the one OBJNAME names) is the objective; further N rows
    /// are free rows and are dropped with a warning, together with their entries.
    mutating func readRow() throws {
        guard tokenCount == 2 else {
            throw error(lineText, "has \(tokenCount) field(s)", expected: "a row type (N, E, L, G) and a row name")
        }
        let ts = tokenStart[0], te = tokenEnd[0]
        var type: UInt8 = 0
        if te - ts == 1 {
            type = p[ts]
            if type >= 97 && type <= 122 { type -= 32 }
        }
        guard type == 78 || type == 69 || type == 76 || type == 71 else {  // N E L G
            throw error(token(0), "is not a row type", expected: "N, E, L or G")
        }
        let (index, inserted) = rowTable.insert(p, tokenStart[1], tokenEnd[1])
        guard inserted else {
            throw error(token(1), "is a duplicate row name", expected: "each row name once (first defined on line \(rowDefinedOn[index]))")
        }
        rowDefinedOn.append(Int32(truncatingIfNeeded: lineNumber))
        if type == 78 {
            let name = token(1)
            let isObjective = objectiveName == nil && (requestedObjective == nil || requestedObjective == name)
            if isObjective {
                objectiveName = name
                rowCode.append(MPSParser.objectiveCode)
            } else {
                rowCode.append(MPSParser.droppedCode)
                warnings.add("extra N rows dropped",
                             "\(file):\(lineNumber): free row '\(name)' dropped: only the objective N row '\(objectiveName ?? requestedObjective ?? "")' is kept")
            }
            return
        }
        rowCode.append(Int32(rowNames.count))
        rowNames.append(token(1))
        rowType.append(type)
        rhs.append(0)
        range.append(.nan)
        rhsLine.append(0)
        rangeLine.append(0)
        rowMark.append(-1)
    }

    /// COLUMNS: `column row value [row value]`, or an integer MARKER line.
    mutating func readColumnLine() throws {
        if tokenCount >= 3 && isMarkerKeyword(1) {
            let s = tokenStart[2], e = tokenEnd[2]
            if isQuoted(s, e, "INTORG") {
                inIntegerBlock = true
            } else if isQuoted(s, e, "INTEND") {
                inIntegerBlock = false
            } else {
                throw error(token(2), "is not a known marker", expected: "'INTORG' or 'INTEND'")
            }
            return
        }
        guard tokenCount == 3 || tokenCount == 5 else {
            throw error(lineText, "has \(tokenCount) field(s)",
                        expected: "a column name followed by one or two (row name, value) pairs")
        }
        let cs = tokenStart[0], ce = tokenEnd[0]
        if currentColumn < 0 || !sameBytes(cs, ce, currentColumnStart, currentColumnEnd) {
            try startColumn(cs, ce)
        }
        let column = currentColumn
        var k = 1
        while k + 1 < tokenCount {
            let index = rowTable.find(p, tokenStart[k], tokenEnd[k])
            guard index >= 0 else {
                throw error(token(k), "is not a row defined in ROWS", expected: "a row name for column \(columnNames[column])")
            }
            let value = try number(k + 1, "the coefficient of column \(columnNames[column]) in row \(token(k))")
            guard value.isFinite else {
                throw error(token(k + 1), "is not a finite coefficient", expected: "a finite coefficient of column \(columnNames[column]) in row \(token(k))")
            }
            let code = rowCode[index]
            if code >= 0 {
                let row = Int(code)
                if rowMark[row] == Int32(column) {
                    throw error(token(k), "appears twice in column \(columnNames[column])",
                                expected: "each (column, row) entry once")
                }
                rowMark[row] = Int32(column)
                if value != 0 {
                    entryRow.append(code)
                    entryColumn.append(Int32(column))
                    entryValue.append(value)
                }
            } else if code == MPSParser.objectiveCode {
                if columnObjectiveSet[column] {
                    throw error(token(k), "appears twice in column \(columnNames[column])",
                                expected: "each (column, row) entry once")
                }
                columnObjectiveSet[column] = true
                columnObjective[column] = value
            }
            k += 2
        }
    }

    private mutating func startColumn(_ s: Int, _ e: Int) throws {
        let (index, inserted) = columnTable.insert(p, s, e)
        guard inserted else {
            throw error(MPSBytes.string(p, s, e), "appears again after other columns",
                        expected: "all entries of a column on consecutive lines")
        }
        currentColumn = index
        currentColumnStart = s
        currentColumnEnd = e
        columnNames.append(MPSBytes.string(p, s, e))
        columnObjective.append(0)
        columnObjectiveSet.append(false)
        columnInteger.append(inIntegerBlock)
        columnLower.append(0)
        columnUpper.append(.infinity)
        columnBoundFlags.append(0)
    }

    /// RHS: `[set] row value [row value]`. An RHS on the objective row is minus the objective constant.
    mutating func readRHSLine() throws {
        try readPairs("RHS") { parser, code, value, k in
            let v = MPSParser.clampInfinite(value)
            if code >= 0 {
                let row = Int(code)
                if parser.rhsLine[row] != 0 {
                    parser.warnings.add("repeated RHS",
                                        "\(parser.file):\(parser.lineNumber): second RHS for row '\(parser.rowNames[row])' replaces the one on line \(parser.rhsLine[row])")
                }
                parser.rhs[row] = v
                parser.rhsLine[row] = Int32(truncatingIfNeeded: parser.lineNumber)
            } else if code == MPSParser.objectiveCode {
                guard v.isFinite else {
                    throw parser.error(parser.token(k + 1), "is not a finite objective constant", expected: "a finite RHS on the objective row")
                }
                if parser.objectiveConstantLine != 0 {
                    parser.warnings.add("repeated RHS",
                                        "\(parser.file):\(parser.lineNumber): second RHS on the objective row replaces the one on line \(parser.objectiveConstantLine)")
                }
                parser.objectiveConstant = -v
                parser.objectiveConstantLine = parser.lineNumber
            } else {
                parser.warnings.add("RHS on a dropped N row",
                                    "\(parser.file):\(parser.lineNumber): RHS on the dropped free row '\(parser.token(k))' ignored")
            }
        }
    }

    /// RANGES: `[set] row value [row value]`; applied to the row bounds after reading (see assembly).
    mutating func readRangeLine() throws {
        try readPairs("RANGES") { parser, code, value, k in
            if code >= 0 {
                let row = Int(code)
                if parser.rangeLine[row] != 0 {
                    parser.warnings.add("repeated RANGES",
                                        "\(parser.file):\(parser.lineNumber): second range for row '\(parser.rowNames[row])' replaces the one on line \(parser.rangeLine[row])")
                }
                parser.range[row] = MPSParser.clampInfinite(value)
                parser.rangeLine[row] = Int32(truncatingIfNeeded: parser.lineNumber)
            } else {
                parser.warnings.add("RANGES on an N row",
                                    "\(parser.file):\(parser.lineNumber): range on the N row '\(parser.token(k))' ignored")
            }
        }
    }

    /// Walks the (row, value) pairs of an RHS or RANGES line; the set name is optional (an odd count of
    /// fields means it is there).
    private mutating func readPairs(_ section: String,
                                    _ apply: (inout MPSParser, Int32, Double, Int) throws -> Void) throws {
        guard tokenCount >= 2 && tokenCount <= 5 else {
            throw error(lineText, "has \(tokenCount) field(s)",
                        expected: "an optional \(section) set name and one or two (row name, value) pairs")
        }
        var k = tokenCount % 2 == 1 ? 1 : 0
        while k + 1 < tokenCount {
            let index = rowTable.find(p, tokenStart[k], tokenEnd[k])
            guard index >= 0 else {
                throw error(token(k), "is not a row defined in ROWS", expected: "a row name in the \(section) section")
            }
            let value = try number(k + 1, "the \(section) value of row \(token(k))")
            try apply(&self, rowCode[index], value, k)
            k += 2
        }
    }

    // MARK: Byte helpers

    func sameBytes(_ a: Int, _ b: Int, _ c: Int, _ d: Int) -> Bool {
        guard b - a == d - c else { return false }
        for k in 0..<(b - a) where p[a + k] != p[c + k] { return false }
        return true
    }

    /// Token k is `'MARKER'` (quotes optional).
    func isMarkerKeyword(_ k: Int) -> Bool { isQuoted(tokenStart[k], tokenEnd[k], "MARKER") }

    /// Bytes [s, e) spell `word`, with or without single quotes around it.
    func isQuoted(_ s: Int, _ e: Int, _ word: StaticString) -> Bool {
        if e - s >= 2 && p[s] == 39 && p[e - 1] == 39 {
            return MPSBytes.equalsIgnoringCase(p, s + 1, e - 1, word)
        }
        return MPSBytes.equalsIgnoringCase(p, s, e, word)
    }
}
