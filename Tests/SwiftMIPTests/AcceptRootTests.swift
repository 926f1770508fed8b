import Foundation
import Testing
@testable import SwiftMIP

/// The root cut loop's stopping rule (``RootCutStall``) and its effect on a catalog MIP whose LP is
/// degenerate at the root (p2756: the bound stays flat for two rounds before the covers bite).
@Suite struct AcceptRootCutLoopTests {
    @Test func risingBoundNeverStalls() {
        var stall = RootCutStall(firstPoint: [0, 0], firstObjective: 10, rounds: 3)
        for k in 1...20 {
            #expect(!stall.observe(point: [0, 0], objective: 10 + Double(k), progress: 1, minimumProgress: 1e-4))
        }
    }

    @Test func flatBoundWithMovingPointContinues() {
        var stall = RootCutStall(firstPoint: [0, 0], firstObjective: 5, rounds: 3)
        // The point moves further from the first LP point every round: no stall although the bound is flat.
        for k in 1...10 {
            let point = [Double(k) * Double(k), 0]
            #expect(!stall.observe(point: point, objective: 5, progress: 0, minimumProgress: 1e-4))
        }
    }

    @Test func flatBoundAndStillPointStopsAfterTheStallRounds() {
        var stall = RootCutStall(firstPoint: [0, 0], firstObjective: 5, rounds: 3)
        #expect(!stall.observe(point: [1, 0], objective: 5, progress: 0, minimumProgress: 1e-4))  // first move
        #expect(!stall.observe(point: [1, 0], objective: 5, progress: 0, minimumProgress: 1e-4))
        #expect(!stall.observe(point: [1, 0], objective: 5, progress: 0, minimumProgress: 1e-4))
        #expect(stall.observe(point: [1, 0], objective: 5, progress: 0, minimumProgress: 1e-4))
    }

    @Test func aTinyRiseAfterALargeOneCountsAsStalled() {
        var stall = RootCutStall(firstPoint: [0], firstObjective: 0, rounds: 1)
        #expect(!stall.observe(point: [1], objective: 100, progress: 100, minimumProgress: 1e-4))
        // 1e-5 of the total rise and the point does not move on: stop.
        #expect(stall.observe(point: [1], objective: 100.001, progress: 0.001, minimumProgress: 1e-4))
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
