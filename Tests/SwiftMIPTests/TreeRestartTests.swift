import Foundation
import Testing
import Synchronization
@testable import SwiftMIP

/// Tree restarts (MIP/TreeRestart.swift), forced after a few nodes whenever an incumbent exists: the
/// restarted solves must give the catalog optimum, a point that passes `Model.check` on the ORIGINAL
/// model, and a dual bound that never passes the optimum — neither in the progress log nor at the end.
@Suite("TreeRestart")
struct TreeRestartTests {
    struct Run {
        var result: SolveResult
        var treeRestarts: Int
        /// Dual bounds of the progress lines.
        var bounds: [Double]
    }

    /// Solves with tree restarts forced at the first check after `forceAfter` nodes (checks every
    /// `interval` nodes; no root restart), or with tree restarts off when `forceAfter` is 0.
    static func solve(_ model: Model, forceAfter: Int, interval: Int = 10, threads: Int = 1) -> Run {
        let restarts = Atomic<Int>(0)
        let bounds = Guarded<[Double]>([])   // Guarded: TSan sees its ordering (Guarded.swift)
        let options = SolverOptions(timeLimit: 60, threads: threads, relativeGap: 0, absoluteGap: 1e-9, logInterval: 0,
                                    log: { line in
            if line.hasPrefix("Restart "), line.contains("(tree, after") { restarts.wrappingAdd(1, ordering: .relaxed) }
            // Progress lines: Src Nodes Open LpIters DualBound PrimalBound Gap Time.
            let tokens = line.split(separator: " ")
            if tokens.count >= 7, tokens[tokens.count - 1].hasSuffix("s"), tokens[tokens.count - 2].hasSuffix("%") || tokens[tokens.count - 2] == "inf",
               Int(tokens[tokens.count - 6]) != nil, let bound = Double(tokens[tokens.count - 4]) {
                bounds.withLock { $0.append(bound) }
            }
        })
        let result = solveMIP(model, options: options, adjust: { s in
            s.restartFraction = 0
            s.treeRestart = false
            s.treeRestartForceAfterNodes = forceAfter
            s.treeRestartCheckInterval = interval
        })
        return Run(result: result, treeRestarts: restarts.load(ordering: .relaxed), bounds: bounds.withLock { $0 })
    }

    static func expectBoundsValid(_ run: Run, _ model: Model, optimum: Double, _ label: String,
                                  sourceLocation: SourceLocation = #_sourceLocation) {
        let slack = 1e-6 * max(1, abs(optimum))
        let minimize = model.sense == .minimize
        for b in run.bounds + [run.result.bestBound] {
            #expect(minimize ? b <= optimum + slack : b >= optimum - slack, "\(label): bound \(b) vs optimum \(optimum)",
                    sourceLocation: sourceLocation)
        }
    }

    @Test func forcedTreeRestartsKeepTheOptimumOnKnapsacks() {
        var triggered = 0
        for seed in UInt64(1)...5 {
            let model = RestartTests.knapsack(seed: seed, items: 40)
            let off = Self.solve(model, forceAfter: 0)
            let on = Self.solve(model, forceAfter: 20)
            #expect(off.treeRestarts == 0)
            triggered += on.treeRestarts
            #expect(on.treeRestarts <= maximumRestarts)
            guard let a = RestartTests.expectSameCheckedOptimum(model, off: off.result, on: on.result,
                                                                "seed \(seed)")?.0 else { continue }
            Self.expectBoundsValid(on, model, optimum: a, "seed \(seed)")
        }
        #expect(triggered > 0, "the forced tree restart never triggered")
    }

    @Test func forcedTreeRestartWithTwoThreads() {
        let model = RestartTests.knapsack(seed: 21, items: 44)
        let off = Self.solve(model, forceAfter: 0, threads: 2)
        let on = Self.solve(model, forceAfter: 20, threads: 2)
        #expect(off.result.status == .optimal && on.result.status == .optimal)
        if let a = off.result.objectiveValue, let b = on.result.objectiveValue, let values = on.result.values {
            #expect(abs(a - b) <= 1e-6 * max(1, abs(a)))
            #expect(model.check(values).isFeasible)
            Self.expectBoundsValid(on, model, optimum: a, "two threads")
        }
    }

    /// One thread: the same answer and node count on every run (restarts included).
    @Test func forcedTreeRestartIsDeterministic() {
        let model = RestartTests.knapsack(seed: 3, items: 40)
        let a = Self.solve(model, forceAfter: 20)
        let b = Self.solve(model, forceAfter: 20)
        #expect(a.result.objectiveValue == b.result.objectiveValue)
        #expect(a.result.nodes == b.result.nodes)
        #expect(a.treeRestarts == b.treeRestarts)
    }

    /// Catalog MIPs with tree restarts forced, one and two threads.
    @Test(.enabled(if: TestPaths.hasShared),
          arguments: catalogMIPs().filter { ["stein27", "bell5", "misc03", "mod008", "p0548"].contains($0.name) }, [1, 2])
    func forcedTreeRestartOnCatalogMIP(_ entry: CatalogMIP, threads: Int) throws {
        guard let shared = TestPaths.shared, let optimum = entry.optimum else { return }
        let model = try readCatalogModel(shared.appendingPathComponent("instances").appendingPathComponent(entry.file))
        let run = Self.solve(model, forceAfter: 30, interval: 10, threads: threads)
        #expect(run.result.status == .optimal, "\(entry.name): \(run.result.status)")
        expectValid(run.result, model, optimum: optimum)
        if let value = run.result.objectiveValue {
            #expect(abs(value - optimum) <= 1e-6 * max(1, abs(optimum)), "\(entry.name): \(value) vs \(optimum)")
        }
        Self.expectBoundsValid(run, model, optimum: optimum, entry.name)
        if let cut = run.result.rootCutBound {
            let slack = 1e-6 * max(1, abs(optimum))
            #expect(model.sense == .minimize ? cut <= optimum + slack : cut >= optimum - slack, "\(entry.name): root bound \(cut)")
        }
    }

    /// Pseudocosts carried through a restart's column map keep each kept column's observations.
    @Test func pseudocostsMapThroughTheColumnMap() {
        var table = PseudocostTable(columnCount: 4)
        table.record(column: 1, up: true, distance: 0.5, gain: 2)
        table.record(column: 3, up: false, distance: 0.25, gain: 1)
        table.record(column: 0, up: true, distance: 1, gain: 100)
        let mapped = table.mapped(through: [3, 1])
        #expect(mapped.sumDown.count == 2)
        #expect(mapped.unitCost(column: 1, up: true) == 4)
        #expect(mapped.unitCost(column: 0, up: false) == 4)
        #expect(mapped.reliability(column: 0) == 0)
        // Column 0 (dropped) no longer counts in the average of the unobserved directions.
        #expect(mapped.unitCost(column: 0, up: true) == 4)
    }
}
