import Foundation
import Testing
@testable import SwiftMIP

/// The root cut loop's stopping rule (``RootCutStall``) and its effect on a catalog MIP whose LP is
/// degenerate at the root (p2756: the bound stays flat for two rounds before the covers bite).
@Suite struct AcceptRootCutLoopTests {
    private func observe(_ stall: inout RootCutStall, point: [Double], objective: Double, progress: Double,
                         minimumProgress: Double) -> Bool {
        stall.observe(point: point, objective: objective, progress: progress, minimumProgress: minimumProgress)
    }

    @Test func risingBoundNeverStalls() {
        var stall = RootCutStall(firstPoint: [0, 0], firstObjective: 10, rounds: 3)
        for k in 1...20 {
            let stop = observe(&stall, point: [0, 0], objective: 10 + Double(k), progress: 1, minimumProgress: 1e-4)
            #expect(!stop)
        }
    }

    @Test func flatBoundWithMovingPointContinues() {
        var stall = RootCutStall(firstPoint: [0, 0], firstObjective: 5, rounds: 3)
        // The point moves further from the first LP point every round: no stall although the bound is flat.
        for k in 1...10 {
            let point = [Double(k) * Double(k), 0]
            let stop = observe(&stall, point: point, objective: 5, progress: 0, minimumProgress: 1e-4)
            #expect(!stop)
        }
    }

    @Test func flatBoundAndStillPointStopsAfterTheStallRounds() {
        var stall = RootCutStall(firstPoint: [0, 0], firstObjective: 5, rounds: 3)
        var stops: [Bool] = []
        for _ in 0..<4 { stops.append(observe(&stall, point: [1, 0], objective: 5, progress: 0, minimumProgress: 1e-4)) }
        // The first round moves the point; the next three stall.
        #expect(stops == [false, false, false, true])
    }

    @Test func aTinyRiseAfterALargeOneCountsAsStalled() {
        var stall = RootCutStall(firstPoint: [0], firstObjective: 0, rounds: 1)
        let first = observe(&stall, point: [1], objective: 100, progress: 100, minimumProgress: 1e-4)
        // 1e-5 of the total rise and the point does not move on: stop.
        let second = observe(&stall, point: [1], objective: 100.001, progress: 0.001, minimumProgress: 1e-4)
        #expect(!first && second)
    }

    /// p2756 (optimum 3124, LP 2688.75): the old rule stopped after two flat rounds at 2702.7; the
    /// covers on the tightened rows then raise the bound past 3100.
    @Test(.enabled(if: TestPaths.hasShared))
    func p2756RootBoundPassesTheFlatRounds() throws {
        guard let shared = TestPaths.shared else { return }
        let model = try readCatalogModel(shared.appendingPathComponent("instances/mip/p2756.mps"))
        let result = solveMIP(model, options: SolverOptions(timeLimit: 60, nodeLimit: 1, threads: 1))
        expectValid(result, model, optimum: 3124)
        guard let cut = result.rootCutBound else { Issue.record("no root bound"); return }
        #expect(cut >= 3050 && cut <= 3124 + 1e-6, "root bound after cuts \(cut)")
    }
}

/// Root probing (MIP/RootProbing.swift) on tiny models where the outcome is known by hand.
@Suite struct AcceptRootProbingTests {
    /// x + y <= 1, x + y >= 1 is fine; x forces z: z >= x, and y forces z: z >= y → z = 1 on both sides.
    @Test func bothSidesImplyTheSameBound() {
        var m = Model(name: "probe-hull")
        let x = m.addVariable(name: "x", lowerBound: 0, upperBound: 1, kind: .integer)
        let y = m.addVariable(name: "y", lowerBound: 0, upperBound: 1, kind: .integer)
        let z = m.addVariable(name: "z", lowerBound: 0, upperBound: 1, kind: .continuous)
        m.addConstraint(x + y == 1, name: "one")
        m.addConstraint(z - x >= 0, name: "zx")
        m.addConstraint(z - y >= 0, name: "zy")
        m.minimize(1 * z)
        let c = CompressedModel(m)
        var lower = c.columnLower, upper = c.columnUpper
        let report = probeBinaries(model: c, lower: &lower, upper: &upper, workBudget: 1_000_000, deadline: .infinity)
        #expect(!report.infeasible)
        #expect(lower[2] >= 1 - 1e-5, "z's lower bound \(lower[2])")
    }

    /// 3x + 3y <= 4 with x = 1 forcing y = 1 (y - x >= 0): x = 1 is infeasible, so x is fixed at 0.
    @Test func infeasibleSideFixesTheBinary() {
        var m = Model(name: "probe-fix")
        let x = m.addVariable(name: "x", lowerBound: 0, upperBound: 1, kind: .integer)
        let y = m.addVariable(name: "y", lowerBound: 0, upperBound: 1, kind: .integer)
        m.addConstraint(3 * x + 3 * y <= 4, name: "knap")
        m.addConstraint(y - x >= 0, name: "imp")
        m.maximize(x + y)
        let c = CompressedModel(m)
        var lower = c.columnLower, upper = c.columnUpper
        let report = probeBinaries(model: c, lower: &lower, upper: &upper, workBudget: 1_000_000, deadline: .infinity)
        #expect(report.fixed >= 1 && upper[0] == 0)
        let result = solveMIP(m, options: SolverOptions(timeLimit: 10))
        #expect(result.status == .optimal && abs((result.objectiveValue ?? 0) - 1) < 1e-9)
    }

    /// Catalog MIPs that probing changes must keep their optimum (checked on the original model).
    @Test(.enabled(if: TestPaths.hasShared), arguments: ["p0033", "lseu", "p0201", "vpm1"])
    func catalogOptimaKept(_ name: String) throws {
        guard let entry = catalogMIPs().first(where: { $0.name == name }), let shared = TestPaths.shared else { return }
        let model = try readCatalogModel(shared.appendingPathComponent("instances").appendingPathComponent(entry.file))
        let result = solveMIP(model, options: SolverOptions(timeLimit: 30, threads: 1))
        #expect(result.status == .optimal, "\(name): \(result.status)")
        expectValid(result, model, optimum: entry.optimum)
    }
}
