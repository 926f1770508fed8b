import Foundation

/// The MPS reader's state machine: walks the lines of the (already decompressed) bytes, splits each
/// into tokens (free format) or fields (fixed format), and hands them to the section handlers in
/// MPSReaderSections.swift and MPSReaderBounds.swift. MPSModelAssembly.swift builds the ``Model``.
struct MPSParser {
    enum Section { case none, name, objsense, objname, rows, columns, rhs, ranges, bounds }

    /// Values at or beyond this magnitude in bounds, RHS and RANGES mean infinity (as in HiGHS's and
    /// CPLEX's readers, whose infinity is 1e20).
    static let infinity = 1e20

    let p: UnsafeBufferPointer<UInt8>
    let file: String
    let fixed: Bool
    var warnings = MPSWarnings()

    // Current line: bytes [lineStart, lineEnd) with CR and trailing blanks removed.
    var position = 0
    var lineNumber = 0
    var lineStart = 0
    var lineEnd = 0
    // Tokens of the current line (at most `maxTokens` kept; tokenCount counts all).
    static let maxTokens = 8
    var tokenStart = [Int](repeating: 0, count: MPSParser.maxTokens)
    var tokenEnd = [Int](repeating: 0, count: MPSParser.maxTokens)
    var tokenCount = 0

    // Header data.
    var modelName = ""
    var sense = ObjectiveSense.minimize
    var requestedObjective: String? = nil
    var objectiveName: String? = nil
    var objectiveConstant = 0.0
    var objectiveConstantLine = 0

    // Rows: every ROWS name gets a code: >= 0 a constraint index, objectiveCode, or droppedCode.
    static let objectiveCode: Int32 = -1
    static let droppedCode: Int32 = -2
    var rowTable = NameTable()
    var rowCode: [Int32] = []
    var rowDefinedOn: [Int32] = []
    var rowNames: [String] = []
    var rowType: [UInt8] = []  // 'E', 'L', 'G'
    var rhs: [Double] = []
    var range: [Double] = []  // NaN: no range
    var rhsLine: [Int32] = []
    var rangeLine: [Int32] = []
    var rowMark: [Int32] = []  // last column with an entry in the row (duplicate detection)

    // Columns.
    var columnTable = NameTable()
    var columnNames: [String] = []
    var columnObjective: [Double] = []
    var columnObjectiveSet: [Bool] = []
    var columnInteger: [Bool] = []
    var columnLower: [Double] = []
    var columnUpper: [Double] = []
    var columnBoundFlags: [UInt8] = []
    var currentColumn = -1
    var currentColumnStart = 0
    var currentColumnEnd = 0
    var inIntegerBlock = false

    // Matrix entries in column order (explicit zeros dropped).
    var entryRow: [Int32] = []
    var entryColumn: [Int32] = []
    var entryValue: [Double] = []

    init(bytes: UnsafeBufferPointer<UInt8>, file: String, fixed: Bool) {
        self.p = bytes
        self.file = file
        self.fixed = fixed
        entryRow.reserveCapacity(bytes.count / 40)
        entryColumn.reserveCapacity(bytes.count / 40)
        entryValue.reserveCapacity(bytes.count / 40)
    }

    // MARK: Errors

    func error(_ text: String, _ problem: String, expected: String = "") -> ParseError {
        ParseError(file: file, line: lineNumber, text: text, problem: problem, expected: expected)
    }

    func token(_ k: Int) -> String { MPSBytes.string(p, tokenStart[k], tokenEnd[k]) }

    var lineText: String { MPSBytes.string(p, lineStart, lineEnd) }

    // MARK: Lines and tokens

    /// Advances to the next line; false at the end of the input.
    mutating func nextLine() -> Bool {
        let n = p.count
        guard position < n else { return false }
        lineNumber += 1
        lineStart = position
        var i = n
        if let base = p.baseAddress, let hit = memchr(base + position, 10, n - position) {
            i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
        var end = i
        position = i < n ? i + 1 : n
        while end > lineStart && (p[end - 1] == 13 || p[end - 1] == 32 || p[end - 1] == 9) { end -= 1 }
        lineEnd = end
        return true
    }

    /// Splits the current line at spaces and tabs.
    mutating func tokenizeFree() {
        tokenCount = 0
        var i = lineStart
        while i < lineEnd {
            while i < lineEnd && (p[i] == 32 || p[i] == 9) { i += 1 }
            if i >= lineEnd { break }
            let s = i
            while i < lineEnd && p[i] != 32 && p[i] != 9 { i += 1 }
            if tokenCount < MPSParser.maxTokens {
                tokenStart[tokenCount] = s
                tokenEnd[tokenCount] = i
            }
            tokenCount += 1
        }
    }

    /// Splits the current line into the non-empty fixed-format fields (names may hold spaces). In ROWS
    /// the name runs to the end of the line. A number in field 4 that runs past column 36 ends at the
    /// first blank (the name fields after it move right); the number in field 6 runs to the line's end.
    mutating func tokenizeFixed(rows: Bool) {
        tokenCount = 0
        let end = lineEnd
        var shift = 0
        let fieldCount = rows ? 2 : 6
        for f in 0..<fieldCount {
            var s = lineStart + FixedFields.starts[f] + shift
            if s >= end { break }
            var e: Int
            if (rows && f == 1) || f == 5 {
                e = end
            } else if f == 3 {
                while s < end && s < lineStart + 36 && (p[s] == 32 || p[s] == 9) { s += 1 }
                e = s
                while e < end && p[e] != 32 && p[e] != 9 { e += 1 }
                if e > lineStart + 39 { shift = e + 1 - (lineStart + 39) }
            } else {
                e = min(lineStart + FixedFields.ends[f] + shift, end)
            }
            while s < e && (p[s] == 32 || p[s] == 9) { s += 1 }
            while e > s && (p[e - 1] == 32 || p[e - 1] == 9) { e -= 1 }
            if s == e { continue }
            tokenStart[tokenCount] = s
            tokenEnd[tokenCount] = e
            tokenCount += 1
        }
    }

    // MARK: Main loop

    mutating func parse() throws {
        var section = Section.none
        var sawContent = false
        var sawEnd = false
        var lastContentLine = 0
        while nextLine() {
            if lineEnd == lineStart || p[lineStart] == 42 { continue }  // blank or '*' comment
            sawContent = true
            lastContentLine = lineNumber
            let first = p[lineStart]
            if first != 32 && first != 9 {
                tokenizeFree()
                if MPSBytes.equalsIgnoringCase(p, tokenStart[0], tokenEnd[0], "ENDATA") {
                    sawEnd = true
                    break
                }
                section = try header()
                continue
            }
            switch section {
            case .rows, .columns, .rhs, .ranges, .bounds:
                if fixed { tokenizeFixed(rows: section == .rows) } else { tokenizeFree() }
            default:
                tokenizeFree()
            }
            if tokenCount == 0 { continue }
            if tokenCount > MPSParser.maxTokens {
                throw error(lineText, "has \(tokenCount) fields", expected: "at most 6 fields on an MPS data line")
            }
            switch section {
            case .none, .name:
                throw error(lineText, "is a data line outside any section",
                            expected: "a section header in column 1 such as NAME, ROWS or COLUMNS")
            case .objsense:
                try readSense(0)
                section = .none
            case .objname:
                requestedObjective = token(0)
                section = .none
            case .rows: try readRow()
            case .columns: try readColumnLine()
            case .rhs: try readRHSLine()
            case .ranges: try readRangeLine()
            case .bounds: try readBoundLine()
            }
        }
        if !sawContent {
            lineNumber = max(lineNumber, 1)
            throw error("", p.isEmpty ? "is empty" : "holds only blank and comment lines",
                        expected: "an MPS model: NAME, ROWS, COLUMNS, RHS, BOUNDS, ENDATA")
        }
        if !sawEnd {
            lineNumber = lastContentLine
            throw error("", "the file ends without ENDATA (it may be truncated)",
                        expected: "an ENDATA line after the last section")
        }
        if let requested = requestedObjective, objectiveName != requested {
            lineNumber = 0
            throw error(requested, "is named by OBJNAME but is not an N row", expected: "the name of an N row in ROWS")
        }
    }

    /// Handles a section header line (first token in column 1).
    mutating func header() throws -> Section {
        let s = tokenStart[0], e = tokenEnd[0]
        if MPSBytes.equalsIgnoringCase(p, s, e, "NAME") {
            // The name is the rest of the line (it may contain spaces in fixed format).
            var k = e
            while k < lineEnd && (p[k] == 32 || p[k] == 9) { k += 1 }
            modelName = MPSBytes.string(p, k, lineEnd)
            return .name
        }
        if MPSBytes.equalsIgnoringCase(p, s, e, "ROWS") { return .rows }
        if MPSBytes.equalsIgnoringCase(p, s, e, "COLUMNS") { return .columns }
        if MPSBytes.equalsIgnoringCase(p, s, e, "RHS") { return .rhs }
        if MPSBytes.equalsIgnoringCase(p, s, e, "RANGES") { return .ranges }
        if MPSBytes.equalsIgnoringCase(p, s, e, "BOUNDS") { return .bounds }
        if MPSBytes.equalsIgnoringCase(p, s, e, "OBJSENSE") || MPSBytes.equalsIgnoringCase(p, s, e, "OBJSENS") {
            if tokenCount >= 2 {
                try readSense(1)
                return .none
            }
            return .objsense
        }
        if MPSBytes.equalsIgnoringCase(p, s, e, "OBJNAME") {
            if tokenCount >= 2 {
                requestedObjective = token(1)
                return .none
            }
            return .objname
        }
        let word = token(0)
        let unsupported = ["QUADOBJ", "QMATRIX", "QSECTION", "QCMATRIX", "CSECTION", "SOS", "SETS", "INDICATORS",
                           "LAZYCONS", "USERCUTS", "GENCONS", "PWLOBJ", "BRANCH", "OBJECTIVE"]
        if unsupported.contains(word.uppercased()) {
            throw error(word, "is a section SwiftMIP does not support (it reads linear models only)",
                        expected: "NAME, OBJSENSE, ROWS, COLUMNS, RHS, RANGES, BOUNDS or ENDATA")
        }
        throw error(word, "is not an MPS section",
                    expected: "NAME, OBJSENSE, ROWS, COLUMNS, RHS, RANGES, BOUNDS or ENDATA; data lines must be indented")
    }

    /// Reads MAX / MIN (and their long forms) from token k.
    mutating func readSense(_ k: Int) throws {
        let s = tokenStart[k], e = tokenEnd[k]
        if MPSBytes.equalsIgnoringCase(p, s, e, "MAX") || MPSBytes.equalsIgnoringCase(p, s, e, "MAXIMIZE")
            || MPSBytes.equalsIgnoringCase(p, s, e, "MAXIMISE") {
            sense = .maximize
        } else if MPSBytes.equalsIgnoringCase(p, s, e, "MIN") || MPSBytes.equalsIgnoringCase(p, s, e, "MINIMIZE")
            || MPSBytes.equalsIgnoringCase(p, s, e, "MINIMISE") {
            sense = .minimize
        } else {
            throw error(token(k), "is not an objective sense", expected: "MAX or MIN after OBJSENSE")
        }
    }

    /// Parses token k as a number, or throws naming what it should have been.
    func number(_ k: Int, _ what: @autoclosure () -> String) throws -> Double {
        guard let v = MPSBytes.parseDouble(p, tokenStart[k], tokenEnd[k]) else {
            throw error(token(k), "is not a number", expected: what())
        }
        return v
    }

    /// A bound, RHS or range value: magnitudes of 1e20 and more mean infinity.
    static func clampInfinite(_ v: Double) -> Double {
        if v >= infinity { return .infinity }
        if v <= -infinity { return -.infinity }
        return v
    }
}
