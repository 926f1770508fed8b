import Foundation
import Testing
@testable import SwiftMIP

/// One line of ../shared/instances/catalog.csv (the fields the reader tests need).
struct CatalogEntry: Sendable, CustomStringConvertible {
    let name: String, kind: String, file: String
    let rows: Int, columns: Int, nonzeros: Int, integers: Int
    var description: String { name }

    /// Every catalog line, or [] when ../shared is absent.
    static let all: [CatalogEntry] = {
        guard let shared = TestPaths.shared,
              let text = try? String(contentsOf: shared.appendingPathComponent("instances/catalog.csv"), encoding: .utf8)
        else { return [] }
        return text.split(separator: "\n").dropFirst().compactMap { line in
            // The first seven fields are never quoted.
            let f = line.split(separator: ",", maxSplits: 7, omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 7, let r = Int(f[3]), let c = Int(f[4]), let z = Int(f[5]), let i = Int(f[6]) else { return nil }
            return CatalogEntry(name: f[0], kind: f[1], file: f[2], rows: r, columns: c, nonzeros: z, integers: i)
        }
    }()

    var path: String { TestPaths.shared!.appendingPathComponent("instances").appendingPathComponent(file).path }
}

/// Reads an inline MPS text, failing the test on errors.
func readMPS(_ text: String, format: MPSFormat = .automatic) throws -> (model: Model, warnings: [String]) {
    try MPSReader.read(string: text, fileName: "t.mps", format: format)
}

/// The ParseError an inline text produces, or nil when it reads.
func mpsError(_ text: String, format: MPSFormat = .automatic) -> ParseError? {
    do {
        _ = try MPSReader.read(string: text, fileName: "t.mps", format: format)
        return nil
    } catch let e as ParseError {
        return e
    } catch {
        return nil
    }
}

@Suite("MPSReader")
struct MPSReaderTests {
    @Test(.enabled(if: TestPaths.hasShared), arguments: CatalogEntry.all)
    func catalogInstanceParsesWithListedCounts(_ entry: CatalogEntry) throws {
        let (model, _) = try MPSReader.read(contentsOf: entry.path)
        #expect(model.numberOfConstraints == entry.rows, "rows of \(entry.name)")
        #expect(model.numberOfVariables == entry.columns, "columns of \(entry.name)")
        #expect(model.numberOfNonzeros == entry.nonzeros, "nonzeros of \(entry.name)")
        #expect(model.numberOfIntegerVariables == entry.integers, "integers of \(entry.name)")
    }

    @Test func catalogIsPresentWhenSharedIs() {
        if TestPaths.hasShared { #expect(CatalogEntry.all.count > 100) }
    }

    @Test func smallFreeModel() throws {
        let (m, w) = try readMPS("""
        NAME demo
        ROWS
         N obj
         L c1
         G c2
         E c3
        COLUMNS
         x obj 1 c1 2
         x c2 1
         y obj -1 c3 1
        RHS
         rhs c1 4 c2 1
         rhs c3 2
        ENDATA
        """)
        #expect(w.isEmpty)
        #expect(m.name == "demo" && m.objectiveName == "obj" && m.sense == .minimize)
        #expect(m.variables.map(\.name) == ["x", "y"])
        #expect(m.variables.map(\.objective) == [1, -1])
        #expect(m.constraints.map(\.name) == ["c1", "c2", "c3"])
        #expect(m.constraints[0].lowerBound == -.infinity && m.constraints[0].upperBound == 4)
        #expect(m.constraints[1].lowerBound == 1 && m.constraints[1].upperBound == .infinity)
        #expect(m.constraints[2].lowerBound == 2 && m.constraints[2].upperBound == 2)
        #expect(m.constraints[0].terms == [LinearTerm(2, Variable(index: 0))])
        #expect(m.constraints[2].terms == [LinearTerm(1, Variable(index: 1))])
    }
}

// MARK: - Conventions, one tiny model each

@Suite("MPSReader rules")
struct MPSReaderRuleTests {
    @Test func fixedFormatNamesWithSpaces() throws {
        let text = """
        NAME          SPACES IN NAME
        ROWS
         N  COST
         L  ROW 1
         G  ROW 2
        COLUMNS
            COL A     COST               1.5   ROW 1                1
            COL A     ROW 2                2
            COL B     ROW 1               -1
        RHS
            RHS 1     ROW 1                4   ROW 2                1
        BOUNDS
         UP BND 1     COL B                3
        ENDATA
        """
        for format in [MPSFormat.automatic, .fixed] {
            let (m, _) = try readMPS(text, format: format)
            #expect(m.name == "SPACES IN NAME")
            #expect(m.variables.map(\.name) == ["COL A", "COL B"])
            #expect(m.constraints.map(\.name) == ["ROW 1", "ROW 2"])
            #expect(m.variables[1].upperBound == 3 && m.variables[0].objective == 1.5)
            #expect(m.constraints[0].upperBound == 4 && m.constraints[1].lowerBound == 1)
        }
        #expect(mpsError(text, format: .free)?.line == 4)  // " L  ROW 1": three fields in free format
    }

    @Test func objectiveSenseLayouts() throws {
        let body = "ROWS\n N obj\nCOLUMNS\n x obj 1\nENDATA\n"
        #expect(try readMPS("NAME a\nOBJSENSE\n    MAX\n" + body).model.sense == .maximize)
        #expect(try readMPS("NAME a\nOBJSENSE MAXIMIZE\n" + body).model.sense == .maximize)
        #expect(try readMPS("NAME a\nOBJSENSE\n  MIN\n" + body).model.sense == .minimize)
        #expect(try readMPS("OBJSENSE\n\tmax\n" + body).model.sense == .maximize)
        #expect(try readMPS(body).model.sense == .minimize)
        #expect(mpsError("NAME a\nOBJSENSE\n    UP\n" + body)?.line == 3)
    }

    @Test func firstNRowIsTheObjectiveOthersDropped() throws {
        let (m, w) = try readMPS("""
        NAME t
        ROWS
         L c1
         N cost
         N other
        COLUMNS
         x cost 2 other 5
         x c1 1
        RHS
         rhs other 100 c1 3
        ENDATA
        """)
        #expect(m.objectiveName == "cost" && m.variables[0].objective == 2)
        #expect(m.constraints.count == 1 && m.objectiveConstant == 0)
        #expect(w.count == 2, "\(w)")  // the dropped row, the RHS on it
        #expect(w.contains { $0.contains("other") && $0.contains("dropped") })
    }

    @Test func objnameChoosesTheObjective() throws {
        let (m, w) = try readMPS("NAME t\nOBJNAME second\nROWS\n N first\n N second\nCOLUMNS\n x first 1 second 2\nENDATA\n")
        #expect(m.objectiveName == "second" && m.variables[0].objective == 2 && w.count == 1)
    }

    @Test func markerIntegersDefaultToBinaryUnlessBounded() throws {
        let (m, _) = try readMPS("""
        NAME t
        ROWS
         N obj
         L c
        COLUMNS
            MARKER    'MARKER'    'INTORG'
         a obj 1 c 1
         b obj 1 c 1
         c obj 1 c 1
         d obj 1 c 1
            MARKER    'MARKER'    'INTEND'
         e obj 1 c 1
        RHS
         rhs c 3
        BOUNDS
         UP bnd b 5
         PL bnd c
         LO bnd d -2
        ENDATA
        """)
        let v = m.variables
        #expect(v[0].kind == .binary && v[0].lowerBound == 0 && v[0].upperBound == 1)
        #expect(v[1].kind == .integer && v[1].lowerBound == 0 && v[1].upperBound == 5)  // UP only: [0, 5]
        #expect(v[2].kind == .integer && v[2].upperBound == .infinity)
        #expect(v[3].kind == .integer && v[3].lowerBound == -2 && v[3].upperBound == .infinity)
        #expect(v[4].kind == .continuous)
    }

    @Test func rhsOnObjectiveIsMinusTheConstant() throws {
        let (m, _) = try readMPS("NAME t\nROWS\n N obj\n G c\nCOLUMNS\n x obj 1 c 1\nRHS\n rhs obj 10 c 2\nENDATA\n")
        #expect(m.objectiveConstant == -10 && m.constraints[0].lowerBound == 2)
    }

    @Test func rangesSignRules() throws {
        let (m, _) = try readMPS("""
        NAME t
        ROWS
         N obj
         E e1
         E e2
         E e3
         L l1
         G g1
        COLUMNS
         x obj 1 e1 1
         x e2 1 e3 1
         x l1 1 g1 1
        RHS
         rhs e1 4 e2 5
         rhs e3 1 l1 6
         rhs g1 1
        RANGES
         rng e1 3 e2 -2
         rng e3 0 l1 -4
         rng g1 -2
        ENDATA
        """)
        let b = m.constraints.map { [$0.lowerBound, $0.upperBound] }
        #expect(b == [[4, 7], [3, 5], [1, 1], [2, 6], [1, 3]])
    }

    @Test func everyBoundType() throws {
        let (m, w) = try readMPS("""
        NAME t
        ROWS
         N obj
        COLUMNS
         up obj 1
         lo obj 1
         fx obj 1
         fr obj 1
         mi obj 1
         pl obj 1
         bv obj 1
         li obj 1
         ui obj 1
         neg obj 1
         neglo obj 1
         noset obj 1
        BOUNDS
         UP b up 4
         LO b lo -1.5
         FX b fx 2.5
         FR b fr
         MI b mi
         PL b pl
         BV b bv
         LI b li -3
         UI b ui 7
         UP b neg -3
         LO b neglo -5
         UP b neglo -3
         UP noset 9
        ENDATA
        """)
        let v = m.variables
        func bounds(_ j: Int) -> [Double] { [v[j].lowerBound, v[j].upperBound] }
        #expect(bounds(0) == [0, 4] && bounds(1) == [-1.5, .infinity] && bounds(2) == [2.5, 2.5])
        #expect(bounds(3) == [-.infinity, .infinity] && bounds(4) == [-.infinity, .infinity] && bounds(5) == [0, .infinity])
        #expect(bounds(6) == [0, 1] && v[6].kind == .binary)
        #expect(bounds(7) == [-3, .infinity] && v[7].kind == .integer)
        #expect(bounds(8) == [0, 7] && v[8].kind == .integer)
        #expect(bounds(9) == [-.infinity, -3])  // UP < 0, no lower bound: lower -inf
        #expect(bounds(10) == [-5, -3])
        #expect(bounds(11) == [0, 9])  // bound set name left out
        #expect(w.count == 1 && w[0].contains("'neg'"), "\(w)")
    }

    @Test func unsupportedAndUnknownBoundTypes() {
        let head = "NAME t\nROWS\n N obj\nCOLUMNS\n x obj 1\nBOUNDS\n"
        let sc = mpsError(head + " SC b x 4\nENDATA\n")
        #expect(sc?.line == 7 && sc?.text == "SC" && sc?.description.contains("semi-continuous") == true)
        let xx = mpsError(head + " XX b x 4\nENDATA\n")
        #expect(xx?.line == 7 && xx?.expected.contains("UP, LO, FX") == true)
    }

    @Test func commentsBlankLinesTabsCRLFAndTrailingBlanks() throws {
        let text = "* a comment\r\nNAME  t   \r\n\r\nROWS\r\n N\tobj  \r\n* another\r\n L\tc\r\nCOLUMNS\r\n\tx\tobj\t1\tc\t2   \r\n\r\nRHS\r\n rhs c 4\t\r\nENDATA\r\n"
        let (m, w) = try readMPS(text)
        #expect(w.isEmpty && m.name == "t")
        #expect(m.constraints[0].terms == [LinearTerm(2, Variable(index: 0))] && m.constraints[0].upperBound == 4)
    }

    @Test func infinityValuesAndNumberForms() throws {
        let (m, _) = try readMPS("""
        NAME t
        ROWS
         N obj
         L c
         G d
        COLUMNS
         x obj 1.5D+01 c 1e0
         y obj -.5 d 2.
         z obj +3E-2 c 1
        RHS
         rhs c 1e30 d -Infinity
        BOUNDS
         UP b x 1e20
         LO b y -1.0e+25
         UP b z inf
        ENDATA
        """)
        #expect(m.variables.map(\.objective) == [15, -0.5, 0.03])
        #expect(m.variables[0].upperBound == .infinity && m.variables[1].lowerBound == -.infinity && m.variables[2].upperBound == .infinity)
        #expect(m.constraints[0].upperBound == .infinity && m.constraints[1].lowerBound == -.infinity)
    }

    @Test func numberParserIsCorrectlyRounded() {
        var rng = SplitMix64(seed: 3)
        var texts = ["0", "-0", "1", "1.", ".5", "0.1", "0.30000000000000004", "123456789012345678901234567890",
                     "9007199254740993", "1e-320", "2.2250738585072014e-308", "1.7976931348623157e308", "4.9e-324",
                     "0.000001234", "1e22", "1e23", "12345678901234567e10"]
        for _ in 0..<3000 {
            let d = Double(bitPattern: rng.next())
            if d.isFinite { texts.append("\(d)") }
            texts.append("\(Double(rng.next() % 100_000_000) / 1000)")
        }
        for t in texts {
            let bytes = Array(t.utf8)
            let parsed = bytes.withUnsafeBufferPointer { MPSBytes.parseDouble($0, 0, $0.count) }
            #expect(parsed == Double(t), "\(t)")
        }
        for bad in ["", "-", "e5", "1e", "1.2.3", "nan", "1x", "--1", "in"] {
            let bytes = Array(bad.utf8)
            #expect(bytes.withUnsafeBufferPointer { MPSBytes.parseDouble($0, 0, $0.count) } == nil, "\(bad)")
        }
    }

    @Test func explicitZerosDroppedDuplicatesRejected() throws {
        let (m, _) = try readMPS("NAME t\nROWS\n N obj\n L c\n L d\nCOLUMNS\n x obj 1 c 0\n x d 3\nENDATA\n")
        #expect(m.constraints[0].terms.isEmpty && m.constraints[1].terms.count == 1)
        let dup = mpsError("NAME t\nROWS\n N obj\n L c\nCOLUMNS\n x obj 1 c 1\n x c 2\nENDATA\n")
        #expect(dup?.line == 7 && dup?.text == "c")
        let dupObj = mpsError("NAME t\nROWS\n N obj\nCOLUMNS\n x obj 1 obj 2\nENDATA\n")
        #expect(dupObj?.line == 5)
        let split = mpsError("NAME t\nROWS\n N obj\n L c\nCOLUMNS\n x obj 1\n y c 1\n x c 2\nENDATA\n")
        #expect(split?.line == 8 && split?.text == "x")
    }

    @Test func repeatedBoundsAndRHSWarnAndLastWins() throws {
        let (m, w) = try readMPS("NAME t\nROWS\n N obj\n L c\nCOLUMNS\n x c 1\nRHS\n r c 1\n r c 2\nBOUNDS\n UP b x 1\n UP b x 2\nENDATA\n")
        #expect(m.constraints[0].upperBound == 2 && m.variables[0].upperBound == 2 && w.count == 2)
    }

    @Test func emptyAndTinyModels() throws {
        let (m, _) = try readMPS("NAME\nENDATA\n")
        #expect(m.numberOfVariables == 0 && m.numberOfConstraints == 0)
        let (e, _) = try readMPS("NAME e\nROWS\n N c\nCOLUMNS\nRHS\nENDATA\n")
        #expect(e.objectiveName == "c" && e.numberOfVariables == 0)
    }

    // MARK: Malformed input: the right line number

    @Test func malformedInputsNameTheLine() {
        let ok = "NAME t\nROWS\n N obj\n L c\nCOLUMNS\n x obj 1 c 1\nRHS\n rhs c 4\nBOUNDS\n UP b x 4\nENDATA\n"
        #expect(mpsError(ok) == nil)
        // Truncated: no ENDATA (the last line is named), or a line cut short.
        let truncated = mpsError("NAME t\nROWS\n N obj\n L c\nCOLUMNS\n x obj 1 c 1\n")
        #expect(truncated?.line == 6 && truncated?.problem.contains("ENDATA") == true)
        #expect(mpsError("NAME t\nROWS\n N obj\n L c\nCOLUMNS\n x obj 1 c")?.line == 6)
        // Bad number.
        let bad = mpsError(ok.replacingOccurrences(of: "x obj 1 c 1", with: "x obj 1 c 1.x"))
        #expect(bad?.line == 6 && bad?.text == "1.x" && bad?.expected == "the coefficient of column x in row c")
        #expect(bad?.description == "t.mps:6: '1.x' is not a number (expected the coefficient of column x in row c)")
        #expect(mpsError(ok.replacingOccurrences(of: "rhs c 4", with: "rhs c four"))?.line == 8)
        #expect(mpsError(ok.replacingOccurrences(of: "UP b x 4", with: "UP b x 4e"))?.line == 10)
        // Unknown section.
        let section = mpsError(ok.replacingOccurrences(of: "RHS\n", with: "RHSS\n"))
        #expect(section?.line == 7 && section?.text == "RHSS")
        #expect(mpsError(ok.replacingOccurrences(of: "BOUNDS\n", with: "QUADOBJ\n"))?.line == 9)
        // Entry naming an unknown row (COLUMNS, RHS, RANGES).
        #expect(mpsError(ok.replacingOccurrences(of: "x obj 1 c 1", with: "x obj 1 d 1"))?.line == 6)
        #expect(mpsError(ok.replacingOccurrences(of: "rhs c 4", with: "rhs d 4"))?.line == 8)
        #expect(mpsError(ok.replacingOccurrences(of: "BOUNDS\n", with: "RANGES\n r zz 1\nBOUNDS\n"))?.line == 10)
        // Bound on an unknown column; bad bound type.
        let column = mpsError(ok.replacingOccurrences(of: "UP b x 4", with: "UP b y 4"))
        #expect(column?.line == 10 && column?.text == "y")
        #expect(mpsError(ok.replacingOccurrences(of: "UP b x 4", with: "UX b x 4"))?.line == 10)
        let noValue = mpsError(ok.replacingOccurrences(of: "UP b x 4", with: "UP b x"))
        #expect(noValue?.line == 10 && noValue?.problem == "has no bound value")
        // Duplicate row name.
        let dup = mpsError(ok.replacingOccurrences(of: " L c\n", with: " L c\n G c\n"))
        #expect(dup?.line == 5 && dup?.text == "c" && dup?.expected.contains("line 4") == true)
        // Bad row type, wrong field counts, a data line before any section.
        #expect(mpsError(ok.replacingOccurrences(of: " L c\n", with: " X c\n"))?.line == 4)
        #expect(mpsError(ok.replacingOccurrences(of: "x obj 1 c 1", with: "x obj 1 c 1 d"))?.line == 6)
        #expect(mpsError(" x obj 1\n" + ok)?.line == 1)
        // Empty file, comments only.
        #expect(mpsError("")?.line == 1)
        #expect(mpsError("* nothing\n\n")?.line == 2)
    }

    @Test func corruptGzipNamesTheFile() throws {
        var gz = GzipFixtures.bytes(GzipFixtures.dynamic)
        gz[40] ^= 0x55
        do {
            _ = try MPSReader.read(bytes: gz, fileName: "broken.mps.gz")
            Issue.record("corrupt gzip accepted")
        } catch let e as ParseError {
            #expect(e.file == "broken.mps.gz" && e.description.hasPrefix("broken.mps.gz: is not a valid gzip file"))
        }
        let truncated = Array(GzipFixtures.bytes(GzipFixtures.dynamic).prefix(100))
        #expect(throws: ParseError.self) { try MPSReader.read(bytes: truncated, fileName: "cut.mps.gz") }
    }

    @Test func missingFileIsAParseError() {
        #expect(throws: ParseError.self) { try MPSReader.read(contentsOf: "/nonexistent/model.mps") }
    }
}

// MARK: - The edge files give the models their header comments describe

@Suite("MPSReader edge files")
struct MPSEdgeFileTests {
    static func edge(_ name: String) throws -> (model: Model, warnings: [String]) {
        try MPSReader.read(contentsOf: TestPaths.shared!.appendingPathComponent("instances/edge/\(name)").path)
    }

    /// The optimum the header states must be a feasible point with the stated objective.
    static func expectOptimum(_ m: Model, _ point: [String: Double], _ objective: Double) {
        let values = m.variables.map { point[$0.name] ?? 0 }
        let check = m.check(values)
        #expect(check.isFeasible, "\(check)")
        #expect(abs(check.objective - objective) < 1e-12, "\(check.objective) vs \(objective)")
    }

    @Test(.enabled(if: TestPaths.hasShared)) func bvLiUi() throws {
        let (m, w) = try MPSEdgeFileTests.edge("bv_li_ui.mps")
        #expect(w.isEmpty)
        let v = Dictionary(uniqueKeysWithValues: m.variables.map { ($0.name, $0) })
        #expect(v["B1"]?.kind == .binary && v["B2"]?.kind == .binary)
        #expect(v["K"]?.kind == .integer && v["K"]?.lowerBound == -3 && v["K"]?.upperBound == 5)
        #expect(v["Z"]?.kind == .continuous && v["Z"]?.lowerBound == 0)
        #expect(v["M"]?.kind == .integer && v["M"]?.upperBound == 4)
        #expect(v["W"]?.kind == .integer && v["W"]?.lowerBound == 1 && v["W"]?.upperBound == 3)
        MPSEdgeFileTests.expectOptimum(m, ["B1": 1, "B2": 0, "K": -2, "Z": 0, "M": 4, "W": 1], -8)
    }

    @Test(.enabled(if: TestPaths.hasShared)) func empty() throws {
        let (m, w) = try MPSEdgeFileTests.edge("empty.mps")
        #expect(w.isEmpty && m.numberOfConstraints == 0 && m.numberOfVariables == 0 && m.objectiveName == "COST")
    }

    @Test(.enabled(if: TestPaths.hasShared)) func freeNames() throws {
        let (m, _) = try MPSEdgeFileTests.edge("free_names.mps")
        #expect(m.constraints.map(\.name) == ["capacity[plant_A]", "demand(market#1)", "balance_{x,y}"])
        let v = Dictionary(uniqueKeysWithValues: m.variables.map { ($0.name, $0) })
        #expect(v["free_variable_FR"]?.lowerBound == -.infinity && v["free_variable_FR"]?.upperBound == .infinity)
        #expect(v["minus_infinity_MI"]?.lowerBound == -.infinity)
        #expect(v["plus_infinity_PL"]?.lowerBound == 0 && v["plus_infinity_PL"]?.upperBound == .infinity)
        MPSEdgeFileTests.expectOptimum(m, ["free_variable_FR": -2, "minus_infinity_MI": -10, "plus_infinity_PL": 4], -8)
    }

    @Test(.enabled(if: TestPaths.hasShared)) func freeRowOnly() throws {
        let (m, w) = try MPSEdgeFileTests.edge("free_row_only.mps")
        #expect(m.numberOfConstraints == 0 && m.numberOfVariables == 3 && m.objectiveConstant == 0)
        #expect(w.count == 2)
        MPSEdgeFileTests.expectOptimum(m, ["X": 0, "Y": 3, "Z": -2], -4)
    }

    @Test(.enabled(if: TestPaths.hasShared)) func intNoBounds() throws {
        let (m, _) = try MPSEdgeFileTests.edge("int_no_bounds.mps")
        #expect(m.variables.allSatisfy { $0.kind == .binary && $0.lowerBound == 0 && $0.upperBound == 1 })
        MPSEdgeFileTests.expectOptimum(m, ["X": 1, "Y": 1], -2)
    }

    @Test(.enabled(if: TestPaths.hasShared)) func negUpper() throws {
        let (m, w) = try MPSEdgeFileTests.edge("neg_upper.mps")
        #expect(m.variables[0].lowerBound == -.infinity && m.variables[0].upperBound == -3 && w.count == 1)
        MPSEdgeFileTests.expectOptimum(m, ["X": -10, "Y": 0], -10)
    }

    @Test(.enabled(if: TestPaths.hasShared)) func objConstant() throws {
        let (m, _) = try MPSEdgeFileTests.edge("obj_constant.mps")
        #expect(m.objectiveConstant == -10)
        MPSEdgeFileTests.expectOptimum(m, ["X": 2, "Y": 0], -8)
    }

    @Test(.enabled(if: TestPaths.hasShared)) func objsenseMax() throws {
        let (m, _) = try MPSEdgeFileTests.edge("objsense_max.mps")
        #expect(m.sense == .maximize)
        MPSEdgeFileTests.expectOptimum(m, ["x": 3, "y": 1], 11)
    }

    @Test(.enabled(if: TestPaths.hasShared)) func rangesEq() throws {
        let (m, _) = try MPSEdgeFileTests.edge("ranges_eq.mps")
        #expect(m.constraints.map { [$0.lowerBound, $0.upperBound] } == [[4, 7], [3, 5], [2, 6], [1, 3]])
        MPSEdgeFileTests.expectOptimum(m, ["X1": 7, "X2": 3, "X3": 2, "X4": 3], -5)
    }

    @Test(.enabled(if: TestPaths.hasShared)) func infeasibleAndUnbounded() throws {
        let (inf, _) = try MPSEdgeFileTests.edge("infeasible.mps")
        #expect(inf.constraints.map { [$0.lowerBound, $0.upperBound] } == [[5, .infinity], [0, 0]])
        #expect(inf.variables.map(\.upperBound) == [1, 2])
        let (unb, _) = try MPSEdgeFileTests.edge("unbounded.mps")
        #expect(unb.constraints.map(\.upperBound) == [2, 3] && unb.variables.map(\.objective) == [-2, 1])
    }

    @Test(.enabled(if: TestPaths.hasShared)) func forplanIsFixedWithSpaces() throws {
        let path = TestPaths.shared!.appendingPathComponent("instances/lp/forplan.mps").path
        let (m, _) = try MPSReader.read(contentsOf: path)
        #expect(m.constraints.contains { $0.name == "DEDO3 1R" })
        #expect(m.objectiveName == "OB1PNW20" && m.name == "FORPLAN  (FORPLAN1)")
        #expect(throws: ParseError.self) { try MPSReader.read(contentsOf: path, format: .free) }
    }
}

@Suite("MPSReader fuzz")
struct MPSReaderFuzzTests {
    /// Random byte edits, insertions, deletions and truncations of a small model, in both layouts:
    /// the reader must return a model or throw a ParseError, never trap or hang.
    @Test func mutatedInputNeverTraps() {
        let seeds = [
            "NAME t\nOBJSENSE\n MAX\nROWS\n N obj\n L c\n E e\nCOLUMNS\n MARKER 'MARKER' 'INTORG'\n x obj 1 c 1\n MARKER 'MARKER' 'INTEND'\n y e 2\nRHS\n rhs c 4 e 1\nRANGES\n r e -2\nBOUNDS\n UP b x 4\n MI b y\nENDATA\n",
            "NAME          FX\nROWS\n N  COST\n L  ROW 1\nCOLUMNS\n    COL A     COST               1.5   ROW 1                1\nRHS\n    RHS       ROW 1                4\nBOUNDS\n UP BND       COL A                3\nENDATA\n",
        ]
        let alphabet = Array(" \t\n\r*-+.0123456789eEDNLGMAXRHSUPLOFBVIKmarkerINTORGEND'".utf8)
        var rng = SplitMix64(seed: 11)
        for seed in seeds {
            let base = Array(seed.utf8)
            for _ in 0..<1500 {
                var b = base
                for _ in 0..<(1 + Int(rng.next() % 4)) {
                    let at = Int(rng.next() % UInt64(b.count + 1))
                    switch rng.next() % 4 {
                    case 0 where at < b.count: b[at] = alphabet[Int(rng.next() % UInt64(alphabet.count))]
                    case 1: b.insert(alphabet[Int(rng.next() % UInt64(alphabet.count))], at: at)
                    case 2 where at < b.count: b.remove(at: at)
                    default: b = Array(b.prefix(at))
                    }
                }
                for format in [MPSFormat.automatic, .fixed, .free] {
                    do { _ = try MPSReader.read(bytes: b, fileName: "fuzz.mps", format: format) } catch is ParseError {} catch {
                        Issue.record("unexpected error type \(error)")
                    }
                }
            }
        }
    }
}
