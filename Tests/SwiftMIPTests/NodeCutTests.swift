import Foundation
import Testing
import Synchronization
@testable import SwiftMIP

/// Node cuts (MIP/NodeCutLoop.swift): with separation at tree nodes, the tree cut pool and the node
/// LPs' dynamic rows switched on (and a short age limit, so rows come and go), every solve must give the
/// optimum of the solve without them and a point that passes `Model.check` on the original model.
@Suite("Node cuts")
struct NodeCutTests {
    /// A capacitated facility location: open facility i (binary y_i, fixed cost) to serve customers
    /// from it (continuous x_ij ≤ d_j y_i, Σ_j x_ij ≤ cap_i y_i, Σ_i x_ij = d_j): mixed rows for the
    /// c-MIR and flow cover separators at tree nodes.
    static func facilityLocation(seed: UInt64, facilities: Int = 12, customers: Int = 20) -> Model {
        var rng = SplitMix64(seed: seed)
        var model = Model(name: "cfl-\(seed)")
        let demand = (0..<customers).map { _ in Double(5 + rng.int(20)) }
        let total = demand.reduce(0, +)
        var objective: [LinearExpression] = []
        var served = [[LinearTerm]](repeating: [], count: customers)
        for i in 0..<facilities {
            let y = model.addVariable(name: "y\(i)", kind: .binary)
            let capacity = (total * Double(2 + rng.int(3)) / Double(facilities)).rounded()
            objective.append(Double(80 + rng.int(120)) * y)
            var load: [LinearTerm] = [LinearTerm(-capacity, y)]
            for j in 0..<customers {
                let x = model.addVariable(name: "x\(i)_\(j)", lowerBound: 0, upperBound: demand[j], kind: .continuous)
                objective.append(Double(1 + rng.int(9)) * x)
                load.append(LinearTerm(1, x))
                served[j].append(LinearTerm(1, x))
                model.addConstraint(ConstraintInfo(name: "v\(i)_\(j)", lowerBound: -.infinity, upperBound: 0,
                                                   terms: [LinearTerm(1, x), LinearTerm(-demand[j], y)]))
            }
            model.addConstraint(ConstraintInfo(name: "cap\(i)", lowerBound: -.infinity, upperBound: 0, terms: load))
        }
        for j in 0..<customers {
            model.addConstraint(ConstraintInfo(name: "d\(j)", lowerBound: demand[j], upperBound: demand[j], terms: served[j]))
        }
        model.minimize(objective.sum())
        return model
    }

    /// Solves with node cuts on (two rounds a node, age limit 1) or off; returns the result and the
    /// number of tree cuts the log reports.
    static func solve(_ model: Model, nodeCuts: Bool, threads: Int) -> (SolveResult, Int) {
        let separated = Atomic<Int>(0)
        let options = SolverOptions(timeLimit: 60, threads: threads, relativeGap: 0, absoluteGap: 1e-9, logInterval: 0,
                                    log: { line in
            if line.hasPrefix("Tree cuts: "), let n = Int(line.dropFirst("Tree cuts: ".count).prefix { $0.isNumber }) {
                separated.wrappingAdd(n, ordering: .relaxed)
            }
        })
        let result = solveMIP(model, options: options, adjust: { s in
            s.nodeCutRounds = nodeCuts ? 2 : 0
            s.nodeCutAgeLimit = 1
            s.nodeCutsPerNode = 5
            s.restartFraction = 0
            s.treeRestart = false
        })
        return (result, separated.load(ordering: .relaxed))
    }

    @Test(arguments: [1, 2])
    func nodeCutsKeepTheOptimum(threads: Int) {
        var separated = 0
        var models: [Model] = (UInt64(1)...3).map { Self.facilityLocation(seed: $0) }
        models += (UInt64(1)...3).map { RestartTests.knapsack(seed: $0, items: 50) }
        for (k, model) in models.enumerated() {
            let (off, offCuts) = Self.solve(model, nodeCuts: false, threads: threads)
            let (on, onCuts) = Self.solve(model, nodeCuts: true, threads: threads)
            #expect(offCuts == 0)
            separated += onCuts
            _ = RestartTests.expectSameCheckedOptimum(model, off: off, on: on, "model \(k), \(threads) threads")
        }
        #expect(separated > 0, "no node cut was separated")
    }
}
