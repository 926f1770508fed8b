import Foundation
import Testing
@testable import SwiftMIP

@Suite("SolutionFile")
struct SolutionFileTests {
    static func smallModel() -> Model {
        var m = Model(name: "small")
        let x = m.addVariable(name: "x", upperBound: 10)
        let y = m.addVariable(name: "y", upperBound: 1, kind: .integer)
        let z = m.addVariable(name: "z", lowerBound: -5, upperBound: 5)
        m.addConstraint(x + y + z <= 7, name: "c")
        m.maximize(0.1 * x + 2 * y - z)
        return m
    }

    @Test func writeThenReadIsExact() throws {
        let m = SolutionFileTests.smallModel()
        let values = [1.0 / 3.0, 1, -2.5e-7]
        let text = SolutionFile.write(values: values, for: m)
        #expect(text.hasPrefix("=obj= "))
        let back = try SolutionFile.read(string: text, fileName: "s.sol", for: m)
        #expect(back.values == values)
        #expect(back.objective == m.objectiveValue(at: values))
        #expect(back.missing.isEmpty)
    }

    @Test func dualFileListsEveryRowAndColumnOfAnLP() throws {
        var m = Model(name: "dual")
        let x = m.addVariable(name: "x", upperBound: 4)
        let y = m.addVariable(name: "x2")
        m.addConstraint(x + y >= 2, name: "x")          // a row named like a column
        m.addConstraint(x - y <= 1, name: "r2")
        m.minimize(3 * x + 2 * y)
        let result = try m.solve()
        #expect(result.status == .optimal)
        let duals = try #require(result.duals), reducedCosts = try #require(result.reducedCosts)
        let lines = SolutionFile.writeDuals(duals: duals, reducedCosts: reducedCosts, for: m)
            .split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(lines.count == 4)
        #expect(lines[0] == "row x \(MPSWriter.number(duals[0]))")
        #expect(lines[1] == "row r2 \(MPSWriter.number(duals[1]))")
        #expect(lines[2] == "column x \(MPSWriter.number(reducedCosts[0]))")
        #expect(lines[3] == "column x2 \(MPSWriter.number(reducedCosts[1]))")
        // min 3x + 2y with x + y >= 2: y = 2 carries the row, whose dual is 2 per unit of rhs.
        #expect(abs(duals[0] - 2) < 1e-9)
    }

    @Test func toleratesCommentsBlankLinesAndSCIPHeaders() throws {
        let m = SolutionFileTests.smallModel()
        let text = """
        # written by hand
        solution status: optimal solution found
        objective value:                   2.5

        x 5   # five
        y 1 (obj:2)
        z\t0.5\r
        """
        let s = try SolutionFile.read(string: text, fileName: "h.sol", for: m)
        #expect(s.values == [5, 1, 0.5])
        #expect(s.objective == 2.5)
    }

    @Test func namesWithSpacesRoundTrip() throws {
        var m = Model(name: "spaces")
        let a = m.addVariable(name: "DEDO3 11 0", upperBound: 10)
        let b = m.addVariable(name: "b", upperBound: 10)
        m.minimize(a + b)
        let text = SolutionFile.write(values: [2, 3], for: m)
        let back = try SolutionFile.read(string: text, fileName: "s.sol", for: m)
        #expect(back.values == [2, 3])
        #expect(throws: ParseError.self) { try SolutionFile.read(string: "DEDO3 1 0 2\nb 1\n", for: m) }
    }

    @Test func missingVariablesAreAnErrorUnlessAskedFor() throws {
        let m = SolutionFileTests.smallModel()
        let text = "=obj= 1\nx 1\n"
        do {
            _ = try SolutionFile.read(string: text, fileName: "m.sol", for: m)
            Issue.record("missing variables accepted silently")
        } catch let e as ParseError {
            #expect(e.description.contains("y, z"), "\(e)")
        }
        let s = try SolutionFile.read(string: text, fileName: "m.sol", for: m, missing: .zero)
        #expect(s.values == [1, 0, 0] && s.missing == ["y", "z"])
    }

    @Test func errorsNameTheLine() {
        let m = SolutionFileTests.smallModel()
        func line(_ text: String) -> Int? {
            do { _ = try SolutionFile.read(string: text, fileName: "e.sol", for: m, missing: .zero); return nil } catch let e as ParseError { return e.line } catch { return nil }
        }
        #expect(line("=obj= 1\nx 1\nw 2\n") == 3)  // unknown variable
        #expect(line("=obj= 1\nx 1\nx 2\n") == 3)  // listed twice
        #expect(line("=obj= 1\n\nx one\n") == 3)  // bad number
        #expect(line("=obj= abc\n") == 1)
        #expect(line("x\n") == 1)
        #expect(line("=infeas=\n") == 1)
    }

    @Test func jsonRecordEscapesAndNulls() {
        let r = SolveResult(status: .optimal, objectiveValue: 3089, bestBound: 3089, nodes: 12, iterations: 345, time: 0.5)
        #expect(ResultRecord.json(r, model: "p0033") ==
            #"{"solver":"swiftmip","model":"p0033","status":"optimal","objective":3089,"bound":3089,"gap":0,"nodes":12,"iterations":345,"time_s":0.5}"#)
        let none = SolveResult(status: .timeLimit, objectiveValue: nil, bestBound: -.infinity, time: 1)
        let j = ResultRecord.json(none, model: "a \"quoted\"\\name\n\u{1}")
        #expect(j.contains(#""model":"a \"quoted\"\\name\n\u0001""#), "\(j)")
        #expect(j.contains(#""status":"time limit","objective":null,"bound":null,"gap":null"#), "\(j)")
        let data = Data(j.utf8)
        #expect((try? JSONSerialization.jsonObject(with: data)) != nil)
    }
}
