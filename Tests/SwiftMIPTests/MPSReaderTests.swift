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
