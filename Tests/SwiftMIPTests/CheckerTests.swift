import Foundation
import Testing
@testable import SwiftMIP

/// One line of Instances/answers.csv.
struct InstanceAnswer: Sendable, CustomStringConvertible {
    let name: String, kind: String, file: String, status: String
    let objective: Double?
    var description: String { name }

    static let all: [InstanceAnswer] = {
        guard let text = try? String(contentsOf: TestPaths.instances.appendingPathComponent("answers.csv"), encoding: .utf8)
        else { return [] }
        return text.split(separator: "\n").dropFirst().compactMap { line in
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 5 else { return nil }
            return InstanceAnswer(name: f[0], kind: f[1], file: f[2], status: f[3], objective: Double(f[4]))
        }
    }()

    var modelPath: String { TestPaths.instances.appendingPathComponent(file).path }
    var solutionPath: String { TestPaths.instances.appendingPathComponent("\(name).sol").path }
}

@Suite("Checker")
struct CheckerTests {
    @Test func answersListTheGeneratedInstances() {
        #expect(InstanceAnswer.all.map(\.name).sorted() ==
            ["assignment_6", "infeasible_lp", "knapsack_12", "ranged_lp", "setcover_20", "transport_4x5", "unbounded_lp"])
    }

    @Test(arguments: InstanceAnswer.all.filter { $0.status == "optimal" })
    func acceptsTheKnownOptimum(_ answer: InstanceAnswer) throws {
        let (model, warnings) = try MPSReader.read(contentsOf: answer.modelPath)
        #expect(warnings.isEmpty)
        #expect(model.isMIP == (answer.kind == "mip"))
        let solution = try SolutionFile.read(contentsOf: answer.solutionPath, for: model)
        let check = model.check(solution.values)
        #expect(check.isFeasible, "\(check)")
        #expect(check.objective == answer.objective, "\(answer.name): \(check.objective)")
        #expect(solution.objective == answer.objective)
    }

    /// Perturbs each known optimum three ways and expects the checker to name the violated part.
    @Test(arguments: InstanceAnswer.all.filter { $0.status == "optimal" })
    func rejectsPerturbedSolutions(_ answer: InstanceAnswer) throws {
        let (model, _) = try MPSReader.read(contentsOf: answer.modelPath)
        let values = try SolutionFile.read(contentsOf: answer.solutionPath, for: model).values

        // A bound: push the first variable with a finite upper bound (or a finite lower bound) out by 0.5.
        if let j = model.variables.indices.first(where: { model.variables[$0].upperBound.isFinite }) {
            var v = values
            v[j] = model.variables[j].upperBound + 0.5
            let check = model.check(v)
            #expect(!check.isFeasible)
            #expect(check.worstBound == model.variables[j].name && check.maxBoundViolation == 0.5)
        }
        // Integrality: half a unit on an integer variable, kept within its bounds.
        if let j = model.variables.indices.first(where: { model.variables[$0].kind.isIntegral }) {
            var v = values
            v[j] = v[j] == 0 ? 0.5 : v[j] - 0.5
            let check = model.check(v)
            #expect(!check.isFeasible)
            #expect(check.worstInteger == model.variables[j].name && check.maxIntegralityViolation == 0.5)
        }
        // A row: move every variable to its bound that makes the first bounded row's activity worst.
        var v = values
        let row = model.constraints[0]
        for t in row.terms {
            let info = model.variables[t.variable.index]
            let pushUp = row.upperBound.isFinite == (t.coefficient > 0)
            let target = pushUp ? info.upperBound : info.lowerBound
            v[t.variable.index] = target.isFinite ? target : (pushUp ? 1e6 : -1e6)
        }
        let check = model.check(v)
        #expect(check.maxRowViolation > 0 && check.worstRow != nil, "\(answer.name): \(check)")
        #expect(!check.isFeasible)
    }

    @Test func rowViolationNamesTheRow() throws {
        let answer = try #require(InstanceAnswer.all.first { $0.name == "knapsack_12" })
        let (model, _) = try MPSReader.read(contentsOf: answer.modelPath)
        let check = model.check([Double](repeating: 1, count: model.numberOfVariables))
        #expect(!check.isFeasible && check.worstRow == "capacity")
        #expect(check.maxIntegralityViolation == 0 && check.maxBoundViolation == 0)
    }

    @Test func malformedPointsAreRejected() throws {
        let answer = try #require(InstanceAnswer.all.first { $0.name == "transport_4x5" })
        let (model, _) = try MPSReader.read(contentsOf: answer.modelPath)
        #expect(model.check([1, 2]).malformed != nil)
        var v = [Double](repeating: 0, count: model.numberOfVariables)
        v[3] = .nan
        #expect(model.check(v).malformed != nil && !model.check(v).isFeasible)
    }

    @Test func toleranceIsHonoured() throws {
        let answer = try #require(InstanceAnswer.all.first { $0.name == "ranged_lp" })
        let (model, _) = try MPSReader.read(contentsOf: answer.modelPath)
        var v = try SolutionFile.read(contentsOf: answer.solutionPath, for: model).values
        v[0] -= 1e-7  // x1 = 2 - 1e-7 violates range_a (2 x1 >= 4) by 2e-7
        #expect(model.check(v).isFeasible)
        #expect(!model.check(v, tolerances: CheckTolerances(primal: 1e-8)).isFeasible)
        #expect(model.check(v, tolerances: CheckTolerances(primal: 1e-8)).worstRow == "range_a")
    }
}
