import Testing
@testable import SwiftMIP

/// Answers strong-branching probes from a table: (column, up) → objective.
struct Tree6TableProbe: LPProbe {
    let objectives: [Int: (down: Double, up: Double)]
    mutating func probe(_ changes: [BoundChange], iterationLimit: Int) -> ProbeResult {
        guard let c = changes.first, let o = objectives[Int(c.column)] else {
            return ProbeResult(status: .numericalTrouble, objective: .infinity, iterations: 1, values: nil)
        }
        return ProbeResult(status: .optimal, objective: c.isUpper ? o.down : o.up, iterations: 1, values: nil)
    }
}

@Suite struct Tree6StrongBranchingBoundTests {
    @Test func childrenGetTheBestTwoSidedBound() {
        var model = Model(name: "sb")
        let x = (0..<2).map { model.addVariable(name: "x\($0)", kind: .binary) }
        model.addConstraint(1 * x[0] + 1 * x[1] <= 1)
        model.minimize(1 * x[0] + 1 * x[1])
        let compressed = CompressedModel(model)
        let context = BranchingContext(model: compressed, values: [0.5, 0.5], lower: [0, 0], upper: [1, 1],
                                       lpObjective: 0, fractional: [0, 1], depth: 1, cutoff: .infinity,
                                       integralityTolerance: 1e-6, nodeLPIterations: 100, nodeLPSolves: 1)
        // Column 0 scores best (0.1·100) but column 1 proves the node bound min(3, 3) = 3.
        var probe: any LPProbe = Tree6TableProbe(objectives: [0: (0.1, 100), 1: (3, 3)])
        let rule = ReliabilityBranching(columnCount: 2)
        guard case .branch(let children) = rule.branch(context, probe: &probe) else {
            Issue.record("expected a branching")
            return
        }
        #expect(children.count == 2)
        #expect(children.allSatisfy { $0.changes.first?.column == 0 })
        if strongBranchingNodeBound {
            #expect(children[0].lowerBound == 3)
            #expect(children[1].lowerBound == 100)
        }
    }
}
