import Testing
@testable import SwiftMIP

@Suite("Propagation")
struct PropagationTests {
    @Test func knapsackRowTightensIntegerBounds() {
        // 3x + 5y <= 10, x, y integer in [0, 10]: x <= 3, y <= 2.
        var model = Model()
        let x = model.addVariable(lowerBound: 0, upperBound: 10, kind: .integer)
        let y = model.addVariable(lowerBound: 0, upperBound: 10, kind: .integer)
        model.addConstraint(3 * x + 5 * y <= 10)
        let c = CompressedModel(model)
        var p = DomainPropagator(model: c)
        var lower = c.columnLower, upper = c.columnUpper
        var changes: [BoundChange] = []
        let r = p.propagate(lower: &lower, upper: &upper, record: true, changed: &changes)
        #expect(r == .feasible(changes: 2))
        #expect(upper == [3, 2])
        #expect(lower == [0, 0])
        #expect(changes.contains(.upper(0, 3)) && changes.contains(.upper(1, 2)))
    }

    @Test func equalityChainsPropagate() {
        // x + y == 4, y - z == 0, z >= 3 (continuous), x integer in [0, 10] -> x <= 1.
        var model = Model()
        let x = model.addVariable(lowerBound: 0, upperBound: 10, kind: .integer)
        let y = model.addVariable(lowerBound: 0, upperBound: 100)
        let z = model.addVariable(lowerBound: 3, upperBound: 100)
        model.addConstraint(x + y == 4)
        model.addConstraint(y - z == 0)
        let c = CompressedModel(model)
        var p = DomainPropagator(model: c)
        var lower = c.columnLower, upper = c.columnUpper
        #expect(p.propagate(lower: &lower, upper: &upper) != .infeasible)
        #expect(upper[0] == 1)
        #expect(lower[1] >= 3 - 1e-5)
        #expect(upper[1] <= 4 + 1e-5)
    }

    @Test func infiniteBoundsUseInfinityCounts() {
        // x - y >= 0 with y >= 2 and x free above: x >= 2; x <= 5 then gives y <= 5.
        var model = Model()
        let x = model.addVariable(lowerBound: -.infinity, upperBound: 5, kind: .integer)
        let y = model.addVariable(lowerBound: 2, upperBound: .infinity, kind: .integer)
        model.addConstraint(x - y >= 0)
        let c = CompressedModel(model)
        var p = DomainPropagator(model: c)
        var lower = c.columnLower, upper = c.columnUpper
        #expect(p.propagate(lower: &lower, upper: &upper) != .infeasible)
        #expect(lower[0] == 2)
        #expect(upper[1] == 5)
    }

    @Test func detectsInfeasibility() {
        var model = Model()
        let x = model.addVariable(lowerBound: 0, upperBound: 1, kind: .binary)
        let y = model.addVariable(lowerBound: 0, upperBound: 1, kind: .binary)
        model.addConstraint(x + y >= 3)
        let c = CompressedModel(model)
        var p = DomainPropagator(model: c)
        var lower = c.columnLower, upper = c.columnUpper
        #expect(p.propagate(lower: &lower, upper: &upper) == .infeasible)
    }

    @Test func integerRoundingMakesParityInfeasible() {
        // 2x == 3 has no integer solution: propagation gives 1.5 <= x <= 1.5, rounded to x >= 2, x <= 1.
        var model = Model()
        let x = model.addVariable(lowerBound: 0, upperBound: 10, kind: .integer)
        model.addConstraint(2 * x == 3)
        let c = CompressedModel(model)
        var p = DomainPropagator(model: c)
        var lower = c.columnLower, upper = c.columnUpper
        #expect(p.propagate(lower: &lower, upper: &upper) == .infeasible)
    }

    @Test func workLimitStopsEarlyButStaysValid() {
        var model = Model()
        let xs = (0..<50).map { _ in model.addVariable(lowerBound: 0, upperBound: 100, kind: .integer) }
        for k in 0..<49 { model.addConstraint(xs[k] - xs[k + 1] <= -1) }  // x_k + 1 <= x_{k+1}
        let c = CompressedModel(model)
        var p = DomainPropagator(model: c)
        var lower = c.columnLower, upper = c.columnUpper
        _ = p.propagate(lower: &lower, upper: &upper, workLimit: 10)
        // Whatever was derived must hold for the feasible point x_k = k.
        for k in 0..<50 { #expect(lower[k] <= Double(k) && upper[k] >= Double(k)) }
        var full = DomainPropagator(model: c)
        var l2 = c.columnLower, u2 = c.columnUpper
        _ = full.propagate(lower: &l2, upper: &u2, workLimit: 1_000_000)
        #expect(l2[49] == 49 && u2[0] == 51)
    }

    @Test func reducedCostFixingTightensAgainstCutoff() {
        var model = Model()
        let x = model.addVariable(lowerBound: 0, upperBound: 10, kind: .integer)
        let y = model.addVariable(lowerBound: 0, upperBound: 10, kind: .integer)
        model.minimize(3 * x - 2 * y)
        let c = CompressedModel(model)
        var lower = c.columnLower, upper = c.columnUpper
        // LP value -20 at x = 0, y = 10; reduced costs (3, -2); cutoff -15: x <= 5/3 -> 1, y >= 10 - 2.5 -> 8.
        let changes = reducedCostFixing(model: c, lpObjective: -20, reducedCosts: [3, -2], cutoff: -15,
                                        lower: &lower, upper: &upper)
        #expect(upper[0] == 1)
        #expect(lower[1] == 8)
        #expect(changes.count == 2)
    }

    @Test func nodePoolIsBestBoundWithEstimateTieBreak() {
        var pool = NodePool()
        func node(_ bound: Double, _ estimate: Double, _ seq: Int) -> SearchNode {
            SearchNode(changes: [], basis: nil, lowerBound: bound, estimate: estimate, depth: 0, record: nil,
                       parentObjective: 0, sequence: seq, parentSequence: -1)
        }
        pool.push(node(3, 5, 0))
        pool.push(node(1, 9, 1))
        pool.push(node(1, 2, 2))
        pool.push(node(2, 0, 3))
        #expect(pool.bestBound == 1)
        #expect(pool.pop()?.sequence == 2)
        #expect(pool.pop()?.sequence == 1)
        #expect(pool.prune(cutoff: 3) == 1)
        #expect(pool.pop()?.sequence == 3)
        #expect(pool.isEmpty)
    }
}
