import Foundation
import Testing
@testable import SwiftMIP

/// Describes the first difference between two models, or nil when every field is identical.
func modelDifference(_ a: Model, _ b: Model) -> String? {
    if a.name != b.name { return "name \(a.name) vs \(b.name)" }
    if a.sense != b.sense { return "sense" }
    if a.objectiveConstant != b.objectiveConstant { return "constant \(a.objectiveConstant) vs \(b.objectiveConstant)" }
    if a.objectiveName != b.objectiveName { return "objective name \(a.objectiveName) vs \(b.objectiveName)" }
    if a.variables.count != b.variables.count { return "column count" }
    if a.constraints.count != b.constraints.count { return "row count" }
    for (x, y) in zip(a.variables, b.variables) where x != y { return "column \(x) vs \(y)" }
    for (x, y) in zip(a.constraints, b.constraints) where x != y {
        return "row \(x.name) [\(x.lowerBound), \(x.upperBound)] \(x.terms.count) terms vs \(y.name) [\(y.lowerBound), \(y.upperBound)] \(y.terms.count) terms"
    }
    return nil
}

@Suite("MPSWriter")
struct MPSWriterTests {
    @Test(.enabled(if: TestPaths.hasShared), arguments: CatalogEntry.all)
    func sharedInstanceRoundTrips(_ entry: CatalogEntry) throws {
        let (model, _) = try MPSReader.read(contentsOf: entry.path)
        var formats: [MPSFormat] = [.automatic]
        if MPSWriter.namesFitFree(model) { formats.append(.free) }
        if MPSWriter.canWriteFixed(model) { formats.append(.fixed) }
        for format in formats {
            let text = MPSWriter.write(model, format: format)
            let (again, warnings) = try MPSReader.read(string: text, fileName: "\(entry.name).\(format)")
            #expect(modelDifference(model, again) == nil, "\(entry.name) written as \(format): \(modelDifference(model, again) ?? "")")
            #expect(warnings.isEmpty, "\(entry.name) \(format): \(warnings)")
        }
    }

    @Test func everyBoundKindAndRowKindRoundTrips() throws {
        var m = Model(name: "kinds")
        let values: [Double] = [0.1, 1.0 / 3.0, 1e-300, 123456789.123456789, -2.5e17, Double.leastNonzeroMagnitude, 0.30000000000000004]
        var vars: [Variable] = []
        let bounds: [(Double, Double, VariableKind)] = [
            (0, .infinity, .continuous), (-.infinity, .infinity, .continuous), (-.infinity, 3, .continuous),
            (-.infinity, -3, .continuous), (0, -2, .continuous), (2, 2, .continuous), (1.5, .infinity, .continuous),
            (0, 1, .binary), (0, .infinity, .integer), (-3, 5, .integer), (0, 0, .integer), (-.infinity, 7, .integer),
            (1, 1, .integer), (0, 10, .integer), (-1, -1, .continuous),
        ]
        for (k, (l, u, kind)) in bounds.enumerated() {
            vars.append(m.addVariable(name: "v\(k)", lowerBound: l, upperBound: u, kind: kind,
                                      objective: values[k % values.count] * (k % 2 == 0 ? 1 : -1)))
        }
        m.addConstraint(LinearConstraint(values[0] * vars[0] + values[1] * vars[1], lowerBound: 1, upperBound: 1), name: "eq")
        m.addConstraint(LinearConstraint(values[2] * vars[2] + vars[3], lowerBound: -.infinity, upperBound: values[3]), name: "le")
        m.addConstraint(LinearConstraint(vars[4] + values[4] * vars[5], lowerBound: values[5], upperBound: .infinity), name: "ge")
        m.addConstraint(LinearConstraint(vars[6] - vars[7], lowerBound: 0.1, upperBound: 0.7), name: "ranged")
        m.addConstraint(LinearConstraint(vars[8] + vars[9], lowerBound: -1e15 - 0.5, upperBound: 1e-3), name: "ranged2")
        m.addConstraint(LinearConstraint(vars[10] + vars[11]), name: "free")
        m.addConstraint(LinearConstraint(vars[12] + vars[13], lowerBound: -7, upperBound: -7), name: "eq2")
        m.maximize(LinearExpression(terms: vars.enumerated().map { LinearTerm(values[$0.offset % values.count], $0.element) }, constant: -42.25))
        for format in [MPSFormat.free, .fixed, .automatic] {
            let text = MPSWriter.write(m, format: format)
            let (again, warnings) = try MPSReader.read(string: text, fileName: "kinds.\(format)")
            #expect(modelDifference(m, again) == nil, "\(format): \(modelDifference(m, again) ?? "")\n\(text)")
            #expect(warnings.isEmpty, "\(warnings)")
        }
    }

    @Test func fixedOutputUsesTheFixedColumns() {
        var m = Model(name: "FIX")
        let x = m.addVariable(name: "X", lowerBound: 0, upperBound: 4)
        m.addConstraint(2 * x <= 3, name: "R1")
        m.minimize(1 * x)
        let text = MPSWriter.write(m, format: .fixed)
        // Fields start in columns 2, 5, 15, 25, 40, 50.
        #expect(text.contains("\n    X         obj       1              R1        2\n"), "\(text)")
        #expect(text.contains(" UP BND       X         4\n"), "\(text)")
    }

    @Test func namesWithSpacesGoFixed() throws {
        var m = Model(name: "spaces")
        let x = m.addVariable(name: "X 1", upperBound: 2)
        m.addConstraint(1 * x >= 1, name: "ROW A")
        m.minimize(1 * x)
        m.objectiveName = "COST"
        #expect(!MPSWriter.namesFitFree(m) && MPSWriter.canWriteFixed(m))
        let (again, _) = try MPSReader.read(string: MPSWriter.write(m), fileName: "s.mps")
        #expect(modelDifference(m, again) == nil)
    }

    @Test func objectiveNameClashIsRenamed() throws {
        var m = Model(name: "clash")
        let x = m.addVariable(name: "x")
        m.addConstraint(1 * x >= 1, name: "obj")
        m.minimize(1 * x)
        let (again, _) = try MPSReader.read(string: MPSWriter.write(m), fileName: "c.mps")
        #expect(again.constraints[0].name == "obj" && again.objectiveName != "obj")
        #expect(again.variables[0].objective == 1)
    }

    @Test func writesToAFileAndReadsBack() throws {
        var m = Model(name: "file")
        let x = m.addVariable(name: "x", upperBound: 1, kind: .integer)
        m.addConstraint(1 * x <= 1, name: "c")
        m.maximize(3 * x)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("swiftmip-writer-\(getpid()).mps").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try MPSWriter.write(m, to: path)
        let (again, _) = try MPSReader.read(contentsOf: path)
        #expect(again.variables[0].kind == .binary)  // integer [0, 1] normalises to binary
        #expect(again.sense == .maximize && again.variables[0].objective == 3)
    }
}
