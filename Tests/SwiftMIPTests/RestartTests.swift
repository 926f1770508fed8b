import Foundation
import Testing
import Synchronization
@testable import SwiftMIP

/// Root restart (MIP/RootRestart.swift): forced with a tiny fixing threshold, the restarted solve must
/// give the same optimum as the solve without restart, and its point must pass `Model.check` on the
/// ORIGINAL model.
@Suite("Restart")
struct RestartTests {
    /// A multi-dimensional knapsack (maximise) with some poor items that root reduced costs fix at 0.
    /// Both runs optimal with the same objective, and the second run's point passes `Model.check` with
    /// that objective; returns (objective without, objective with) or nil (recorded) when a run has no
    /// solution.
    static func expectSameCheckedOptimum(_ model: Model, off: SolveResult, on: SolveResult,
                                         _ label: String) -> (Double, Double)? {
        #expect(off.status == .optimal && on.status == .optimal, "\(label): \(off.status) \(on.status)")
        guard let a = off.objectiveValue, let b = on.objectiveValue, let values = on.values else {
            Issue.record("\(label): no solution")
            return nil
        }
        #expect(abs(a - b) <= 1e-6 * max(1, abs(a)), "\(label): \(a) without the restart, \(b) with")
        let check = model.check(values)
        #expect(check.isFeasible, "\(label): \(check)")
        #expect(abs(check.objective - b) <= 1e-6 * max(1, abs(b)))
        return (a, b)
    }

    static func knapsack(seed: UInt64, items: Int = 36) -> Model {
        var rng = SplitMix64(seed: seed)
        var model = Model(name: "restart-knapsack-\(seed)")
        let x = (0..<items).map { j -> Variable in
            let value = j % 4 == 0 ? Double(1 + rng.int(5)) : Double(20 + rng.int(40))
            return model.addVariable(name: "x\(j)", kind: .binary, objective: value)
        }
        for _ in 0..<3 {
            let w = (0..<items).map { _ in Double(5 + rng.int(30)) }
            model.addConstraint((0..<items).map { w[$0] * x[$0] }.sum() <= (w.reduce(0, +) / 3).rounded(.down))
        }
        model.maximize((0..<items).map { model.variables[$0].objective * x[$0] }.sum())
        return model
    }

    /// Solves with the restart forced (any fixing triggers it) or off; returns the result and whether a
    /// restart happened (from the log).
    static func solve(_ model: Model, restart: Bool, threads: Int = 1) -> (SolveResult, Bool) {
        let restarted = Atomic<Bool>(false)
        let options = SolverOptions(timeLimit: 30, threads: threads, relativeGap: 0, absoluteGap: 1e-9,
                                    log: { line in if line.hasPrefix("Restart 1:") { restarted.store(true, ordering: .relaxed) } })
        let result = solveMIP(model, options: options, adjust: { $0.restartFraction = restart ? 1e-9 : 0 })
        return (result, restarted.load(ordering: .relaxed))
    }

    @Test func restartKeepsTheOptimumOnKnapsacks() {
        var triggered = 0
        for seed in UInt64(1)...6 {
            let model = Self.knapsack(seed: seed)
            let (off, offRestarted) = Self.solve(model, restart: false)
            let (on, onRestarted) = Self.solve(model, restart: true)
            #expect(!offRestarted)
            if onRestarted { triggered += 1 }
            guard let b = Self.expectSameCheckedOptimum(model, off: off, on: on, "seed \(seed)")?.1 else { continue }
            #expect(on.bestBound >= b - 1e-6 * max(1, abs(b)))
        }
        #expect(triggered > 0, "the forced restart never triggered")
    }

    @Test func restartWithTwoThreads() {
        let model = Self.knapsack(seed: 11, items: 40)
        let (off, _) = Self.solve(model, restart: false, threads: 2)
        let (on, _) = Self.solve(model, restart: true, threads: 2)
        #expect(off.status == .optimal && on.status == .optimal)
        if let a = off.objectiveValue, let b = on.objectiveValue, let values = on.values {
            #expect(abs(a - b) <= 1e-6 * max(1, abs(a)))
            #expect(model.check(values).isFeasible)
        }
    }

    /// Catalog MIPs with the restart forced: the answer matches the catalog and passes the checker.
    @Test(.enabled(if: TestPaths.hasShared),
          arguments: catalogMIPs().filter { ["p0033", "gt2", "p0548", "vpm1", "egout", "flugpl", "p2756"].contains($0.name) })
    func restartOnCatalogMIP(_ entry: CatalogMIP) throws {
        guard let shared = TestPaths.shared else { return }
        let model = try readCatalogModel(shared.appendingPathComponent("instances").appendingPathComponent(entry.file))
        let (result, _) = Self.solve(model, restart: true)
        #expect(result.status == .optimal, "\(entry.name): \(result.status)")
        expectValid(result, model, optimum: entry.optimum)
        if let optimum = entry.optimum, let value = result.objectiveValue {
            #expect(abs(value - optimum) <= 1e-6 * max(1, abs(optimum)), "\(entry.name): \(value) vs \(optimum)")
        }
        // The first root's bounds are reported in the model's own objective (presolve moves constants).
        if let optimum = entry.optimum, let cut = result.rootCutBound {
            let slack = 1e-6 * max(1, abs(optimum))
            #expect(model.sense == .minimize ? cut <= optimum + slack : cut >= optimum - slack, "\(entry.name): root bound \(cut)")
        }
    }
}
