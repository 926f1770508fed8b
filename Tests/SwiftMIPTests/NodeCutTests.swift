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

    /// The default decides from the root: node cuts only where the root cuts raised the bound by at least
    /// 0.1 % of its magnitude (never for a zero, negative or non-finite gain).
    @Test func rootGainDecidesNodeCuts() {
        #expect(rootCutGainWarrantsNodeCuts(lpBound: 28694, cutBound: 534330, minimumShare: 1e-3))
        #expect(rootCutGainWarrantsNodeCuts(lpBound: -74325169, cutBound: -74061621, minimumShare: 1e-3))
        #expect(!rootCutGainWarrantsNodeCuts(lpBound: 1000, cutBound: 1000.5, minimumShare: 1e-3))
        #expect(!rootCutGainWarrantsNodeCuts(lpBound: 1000, cutBound: 1000, minimumShare: 0))
        #expect(!rootCutGainWarrantsNodeCuts(lpBound: 0.2, cutBound: 0.2005, minimumShare: 1e-3))
        #expect(rootCutGainWarrantsNodeCuts(lpBound: 0.2, cutBound: 0.3, minimumShare: 1e-3))
        #expect(!rootCutGainWarrantsNodeCuts(lpBound: nil, cutBound: 5, minimumShare: 1e-3))
        #expect(!rootCutGainWarrantsNodeCuts(lpBound: -.infinity, cutBound: 5, minimumShare: 1e-3))
    }

    /// Uncapacitated lot sizing with several items sharing a machine's capacity: produce x_it ≤ M y_it
    /// (setup y_it binary, M the item's remaining demand), stock s_it, s_i,t-1 + x_it = d_it + s_it,
    /// Σ_i x_it ≤ C_t. The big-M rows make the LP weak, and path c-MIR and flow cover cuts close much of
    /// the gap at the root (the (l,S) inequalities of Barany, Van Roy & Wolsey 1984).
    static func lotSizing(seed: UInt64, items: Int = 3, periods: Int = 12) -> Model {
        var rng = SplitMix64(seed: seed)
        var model = Model(name: "lot-\(seed)")
        var objective: [LinearExpression] = []
        var production = [[LinearTerm]](repeating: [], count: periods)
        var totalDemand = 0.0
        for i in 0..<items {
            let demand = (0..<periods).map { _ in Double(10 + rng.int(40)) }
            totalDemand += demand.reduce(0, +)
            let setup = Double(150 + rng.int(300)), holding = Double(1 + rng.int(3))
            var stockBefore: Variable? = nil
            for t in 0..<periods {
                let remaining = demand[t...].reduce(0, +)
                let y = model.addVariable(name: "y\(i)_\(t)", kind: .binary)
                let x = model.addVariable(name: "x\(i)_\(t)", lowerBound: 0, upperBound: remaining, kind: .continuous)
                let s = model.addVariable(name: "s\(i)_\(t)", lowerBound: 0, upperBound: remaining, kind: .continuous)
                objective.append(setup * y)
                objective.append(holding * s)
                production[t].append(LinearTerm(1, x))
                model.addConstraint(ConstraintInfo(name: "m\(i)_\(t)", lowerBound: -.infinity, upperBound: 0,
                                                   terms: [LinearTerm(1, x), LinearTerm(-remaining, y)]))
                var balance = [LinearTerm(1, x), LinearTerm(-1, s)]
                if let before = stockBefore { balance.append(LinearTerm(1, before)) }
                model.addConstraint(ConstraintInfo(name: "b\(i)_\(t)", lowerBound: demand[t], upperBound: demand[t],
                                                   terms: balance))
                stockBefore = s
            }
        }
        let capacity = (1.15 * totalDemand / Double(periods)).rounded()
        for t in 0..<periods {
            model.addConstraint(ConstraintInfo(name: "c\(t)", lowerBound: -.infinity, upperBound: capacity, terms: production[t]))
        }
        model.minimize(objective.sum())
        return model
    }

    /// With the default settings the root's decision is logged, and where it says "on" the tree separates
    /// (lot sizing: the root cuts raise the bound by far more than 0.1 %); the answer stays the checked optimum.
    @Test func defaultSettingsSeparateInTheTreeWhereRootCutsPay() {
        let model = Self.lotSizing(seed: 1, items: 4, periods: 14)
        let lines = Guarded<[String]>([])
        let options = SolverOptions(timeLimit: 60, threads: 1, relativeGap: 0, absoluteGap: 1e-9, logInterval: 0,
                                    log: { line in lines.withLock { $0.append(line) } })
        let on = solveMIP(model, options: options, adjust: { s in s.restartFraction = 0; s.treeRestart = false })
        let log = lines.withLock { $0 }
        let decision = log.first { $0.hasPrefix("Root cuts: ") }
        #expect(decision?.hasSuffix("; node cuts on") == true, "\(decision ?? "no root cut line")")
        let tree = log.first { $0.hasPrefix("Tree cuts: ") }
        let separated = tree.flatMap { Int($0.dropFirst("Tree cuts: ".count).prefix { $0.isNumber }) } ?? 0
        #expect(separated > 0, "the tree separated nothing: \(tree ?? "no tree cut line")")
        let (off, _) = Self.solve(model, nodeCuts: false, threads: 1)
        _ = RestartTests.expectSameCheckedOptimum(model, off: off, on: on, "lot sizing, default node cuts")
    }
}
