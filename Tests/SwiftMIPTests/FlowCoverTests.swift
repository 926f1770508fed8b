import Foundation
import Testing
@testable import SwiftMIP

// Validity tests for the flow cover separator (Cuts/FlowCoverSeparator.swift): on random single-node
// flow sets and small fixed-charge networks every cut must hold at every feasible point (integer columns
// enumerated, the continuous part checked by maximising the cut's left-hand side by LP), and on catalog
// flow models the root bound with flow covers must stay below the optimum.

/// The largest excess `activity − upper` (and `lower − activity`) of each cut over the feasible points
/// of a small mixed model: every assignment of the integer columns, the continuous columns by LP.
/// Also returns the MIP optimum (minimisation form), nil when infeasible.
func flowWorstExcess(_ model: CompressedModel, _ cuts: [Cut]) -> (excess: [Double], optimum: Double?) {
    let n = model.columnCount
    let ints = (0..<n).filter { model.isInteger[$0] }
    var excess = [Double](repeating: -.infinity, count: cuts.count)
    var optimum: Double? = nil
    let lp = LPSolver(model: model)
    var point = model.columnLower
    func visit(_ k: Int) {
        if k < ints.count {
            let j = ints[k]
            var v = model.columnLower[j]
            while v <= model.columnUpper[j] { point[j] = v; visit(k + 1); v += 1 }
            return
        }
        for j in ints { lp.setColumnBounds(j, lower: point[j], upper: point[j]) }
        for j in 0..<n { lp.setCost(j, model.cost[j]) }
        guard lp.solve() == .optimal else { return }
        optimum = min(optimum ?? .infinity, lp.objectiveValue)
        for (t, cut) in cuts.enumerated() {
            for side in [1.0, -1.0] {   // maximise, then minimise the cut's activity
                let bound = side > 0 ? cut.upper : cut.lower
                guard bound.isFinite else { continue }
                for j in 0..<n { lp.setCost(j, 0) }
                var constant = 0.0
                for (q, j) in cut.row.indices.enumerated() {
                    if model.isInteger[Int(j)] { constant += cut.row.values[q] * point[Int(j)] }
                    else { lp.setCost(Int(j), -side * cut.row.values[q]) }
                }
                guard lp.solve() == .optimal else { continue }
                let extreme = constant - side * lp.objectiveValue
                excess[t] = max(excess[t], side * (extreme - bound))
            }
        }
    }
    visit(0)
    return (excess, optimum)
}

/// The cuts `separator` returns at `points` points of `model`: a random point on every `randomEvery`-th,
/// an LP vertex of a random objective (integer costs in −`costShift`…10−`costShift`) on the others;
/// each cut must be violated at its point.
func flowCollectCuts(_ model: CompressedModel, _ separator: some CutSeparator, points: Int, randomEvery: Int,
                     costShift: Int, rng: inout SplitMix64, sourceLocation: SourceLocation = #_sourceLocation) -> [Cut] {
    var cuts: [Cut] = []
    let lp = LPSolver(model: model)
    for point in 0..<points {
        let x: [Double]
        if point % randomEvery == 0 {
            x = sepRandomPoint(&rng, model)
        } else {
            for j in 0..<model.columnCount { lp.setCost(j, Double(rng.int(11) - costShift)) }
            guard lp.solve() == .optimal else { continue }
            x = lp.columnValues
        }
        for cut in separator.separate(sepContext(model, x)) {
            #expect(sepActivity(cut, x) > cut.upper, "\(cut.origin) cut not violated at its point", sourceLocation: sourceLocation)
            cuts.append(cut)
        }
    }
    return cuts
}

/// Expects every cut to hold at every feasible point (tolerance relative to the right-hand side and the
/// row's size).
func flowExpectValid(_ model: CompressedModel, _ cuts: [Cut], sourceLocation: SourceLocation = #_sourceLocation) -> Double? {
    let (excess, optimum) = flowWorstExcess(model, cuts)
    for (t, cut) in cuts.enumerated() {
        let scale = max(1, abs(cut.upper.isFinite ? cut.upper : cut.lower), cut.row.values.map(abs).max() ?? 1)
        #expect(excess[t] <= 1e-7 * scale, "\(cut.origin) cut \(cut.row) ≤ \(cut.upper) cuts off a feasible point by \(excess[t])",
                sourceLocation: sourceLocation)
    }
    return optimum
}

/// A random single-node flow set: 4–5 arcs in or out of the node, most with a binary (sometimes a
/// {0,1,2} integer) and a variable upper bound row x ≤ u·y, some only with simple bounds, sometimes a
/// binary directly in the node row; the node row is ≤, ≥ or = a demand.
func flowRandomNode(_ rng: inout SplitMix64) -> Model {
    var m = Model()
    var node: [LinearTerm] = []
    var scale = 0.0
    for k in 0..<(4 + rng.int(2)) {
        let cap = Double(2 + rng.int(9)) + (rng.int(3) == 0 ? 0.5 : 0)
        let sign: Double = rng.int(3) == 0 ? -1 : 1
        let coefficient = sign * (rng.int(4) == 0 ? Double(1 + rng.int(3)) : 1)
        let kind = rng.int(6)
        if kind == 0 {   // a binary in the node row itself
            let y = m.addVariable(name: "b\(k)", lowerBound: 0, upperBound: 1, kind: .binary)
            node.append(LinearTerm(coefficient * cap, y))
        } else {
            let upperBound = kind == 1 ? cap : cap * 2 + Double(rng.int(3))
            let x = m.addVariable(name: "x\(k)", lowerBound: 0, upperBound: upperBound, kind: .continuous)
            node.append(LinearTerm(coefficient, x))
            if kind > 1 {
                let general = kind == 2
                let y = m.addVariable(name: "y\(k)", lowerBound: 0, upperBound: general ? 2 : 1,
                                      kind: general ? .integer : .binary)
                m.addConstraint(ConstraintInfo(name: "vub\(k)", lowerBound: -.infinity, upperBound: 0,
                                               terms: [LinearTerm(1, x), LinearTerm(-cap, y)]))
            }
        }
        scale += cap * abs(coefficient)
    }
    let demand = Double(rng.int(Int(scale * 0.6) + 1)) - (rng.int(3) == 0 ? 0 : scale * 0.2).rounded()
    let sense = rng.int(3)
    m.addConstraint(ConstraintInfo(name: "node", lowerBound: sense == 0 ? -.infinity : demand,
                                   upperBound: sense == 1 ? .infinity : demand, terms: node))
    m.minimize(LinearExpression())
    return m
}

/// A small fixed-charge network: 4 nodes, 6 random arcs with capacity u and fixed cost on y, flow
/// conservation = supply/demand at every node.
func flowRandomNetwork(_ rng: inout SplitMix64) -> Model {
    var m = Model()
    let nodes = 4
    var balance = [[LinearTerm]](repeating: [], count: nodes)
    var objective: [LinearExpression] = []
    var arcs: Set<Int> = [1, 2, 3]   // 0 → i for every i: always feasible (capacity ≥ 3 ≥ demand)
    while arcs.count < 6 {
        let a = rng.int(nodes), b = rng.int(nodes)
        if a != b { arcs.insert(a * nodes + b) }
    }
    for code in arcs.sorted() {
        let a = code / nodes, b = code % nodes
        let cap = Double(3 + rng.int(8))
        let x = m.addVariable(name: "x\(a)\(b)", lowerBound: 0, upperBound: cap + Double(rng.int(3)), kind: .continuous)
        let y = m.addVariable(name: "y\(a)\(b)", lowerBound: 0, upperBound: 1, kind: .binary)
        m.addConstraint(ConstraintInfo(name: "vub\(a)\(b)", lowerBound: -.infinity, upperBound: 0,
                                       terms: [LinearTerm(1, x), LinearTerm(-cap, y)]))
        balance[a].append(LinearTerm(-1, x))
        balance[b].append(LinearTerm(1, x))
        objective.append(Double(1 + rng.int(3)) * x)
        objective.append(Double(5 + rng.int(20)) * y)
    }
    // Node 0 supplies, the others demand (inflow − outflow = demand).
    var demands = (1..<nodes).map { _ in Double(rng.int(4)) }
    demands.insert(-demands.reduce(0, +), at: 0)
    for i in 0..<nodes where !balance[i].isEmpty {
        m.addConstraint(ConstraintInfo(name: "n\(i)", lowerBound: demands[i], upperBound: demands[i], terms: balance[i]))
    }
    m.minimize(objective.sum())
    return m
}

@Suite("Flow cover cuts on small models")
struct FlowCoverSmallModelTests {
    /// Textbook: x1 + x2 ≤ 4, x_j ≤ 3 y_j; the flow cover C+ = {1, 2}, λ = 2 gives
    /// x1 + x2 − y1 − y2 ≤ 2, violated at x = (3, 1), y = (1, 1/3).
    @Test func flowTextbookCover() {
        var m = Model()
        let x1 = m.addVariable(name: "x1", lowerBound: 0, upperBound: 10, kind: .continuous)
        let x2 = m.addVariable(name: "x2", lowerBound: 0, upperBound: 10, kind: .continuous)
        let y1 = m.addVariable(name: "y1", lowerBound: 0, upperBound: 1, kind: .binary)
        let y2 = m.addVariable(name: "y2", lowerBound: 0, upperBound: 1, kind: .binary)
        m.addConstraint(ConstraintInfo(name: "node", lowerBound: -.infinity, upperBound: 4,
                                       terms: [LinearTerm(1, x1), LinearTerm(1, x2)]))
        m.addConstraint(ConstraintInfo(name: "v1", lowerBound: -.infinity, upperBound: 0, terms: [LinearTerm(1, x1), LinearTerm(-3, y1)]))
        m.addConstraint(ConstraintInfo(name: "v2", lowerBound: -.infinity, upperBound: 0, terms: [LinearTerm(1, x2), LinearTerm(-3, y2)]))
        m.minimize(LinearExpression())
        let model = CompressedModel(m)
        let point = [3.0, 1.0, 1.0, 1.0 / 3.0]
        let cuts = FlowCoverSeparator().separate(sepContext(model, point))
        #expect(cuts.count == 1)
        guard let cut = cuts.first else { return }
        #expect(sepActivity(cut, point) > cut.upper + 0.1)
        // The cut is a positive multiple of x1 + x2 − y1 − y2 ≤ 2.
        var coefficient = [Double](repeating: 0, count: 4)
        for (k, j) in cut.row.indices.enumerated() { coefficient[Int(j)] = cut.row.values[k] }
        let s = coefficient[0]
        #expect(s > 0)
        for (j, expected) in [1.0, 1, -1, -1].enumerated() { #expect(abs(coefficient[j] - s * expected) <= 1e-9 * s) }
        #expect(abs(cut.upper - 2 * s) <= 1e-6 * s)
        _ = flowExpectValid(model, cuts)
    }

    /// Random single-node flow sets, separated at random points and at LP vertices of random objectives.
    @Test func flowCutsValidOnRandomNodes() {
        var rng = SplitMix64(seed: 606)
        var cutCount = 0
        for _ in 0..<60 {
            let model = CompressedModel(flowRandomNode(&rng))
            let cuts = flowCollectCuts(model, FlowCoverSeparator(), points: 12, randomEvery: 2, costShift: 5, rng: &rng)
            cutCount += cuts.count
            _ = flowExpectValid(model, cuts)
        }
        #expect(cutCount > 40, "only \(cutCount) flow cover cuts")
    }

    /// Fixed-charge network pieces: rounds of flow cover (and all standard) cuts stay valid, the bound
    /// never passes the MIP optimum, and flow covers raise it on most networks.
    @Test func flowCutsValidOnFixedChargeNetworks() {
        var rng = SplitMix64(seed: 77)
        var raised = 0, tried = 0, cutCount = 0
        for _ in 0..<25 {
            let model = CompressedModel(flowRandomNetwork(&rng))
            let flow = sepRootRounds(model, [FlowCoverSeparator()], rounds: 5)
            let all = sepRootRounds(model, standardCutSeparators, rounds: 5)
            cutCount += flow.cuts.count
            let optimum = flowExpectValid(model, flow.cuts + all.cuts)
            guard let optimum, let before = flow.before else { continue }
            tried += 1
            for bound in [flow.after, all.after].compactMap({ $0 }) {
                #expect(bound <= optimum + 1e-6 * max(1, abs(optimum)), "bound \(bound) above the optimum \(optimum)")
            }
            if let after = flow.after, after > before + 1e-6 { raised += 1 }
        }
        #expect(tried > 10 && cutCount > 20, "\(tried) feasible networks, \(cutCount) cuts")
        #expect(raised * 3 >= tried, "flow covers raised the bound on only \(raised) of \(tried) networks")
    }

    /// Pure integer rows read as flow sets of integer arcs: cuts hold at every feasible point.
    @Test func flowCutsValidOnPureIntegerModels() {
        var rng = SplitMix64(seed: 61)
        for trial in 0..<30 {
            let model = CompressedModel(sepRandomPureModel(&rng, binaries: 6, integers: trial % 3 == 0 ? 2 : 0, rows: 3))
            let points = sepFeasiblePoints(model)
            for _ in 0..<15 {
                let x = sepRandomPoint(&rng, model)
                for cut in FlowCoverSeparator().separate(sepContext(model, x)) {
                    #expect(sepActivity(cut, x) > cut.upper)
                    for p in points {
                        #expect(sepActivity(cut, p) <= cut.upper + 1e-7 * max(1, abs(cut.upper)),
                                "flow cover cut \(cut.row) ≤ \(cut.upper) cuts off \(p)")
                    }
                }
            }
        }
    }
}

@Suite("Flow cover cuts on catalog models")
struct FlowCoverCatalogTests {
    static let names: Set<String> = ["fixnet6", "set1ch", "modglob"]

    /// Root rounds with the standard separators (flow covers included) on the model without presolve:
    /// the bound never passes the catalog optimum (minimisation form: max models are negated).
    @Test(.enabled(if: TestPaths.hasShared), arguments: catalogMIPs().filter { names.contains($0.name) })
    func flowRootBoundBelowOptimum(_ entry: CatalogMIP) throws {
        guard let shared = TestPaths.shared, let optimum = entry.optimum else { return }
        let url = shared.appendingPathComponent("instances").appendingPathComponent(entry.file)
        let model = CompressedModel(try readCatalogModel(url))
        let target = model.objectiveSign * (optimum - model.objectiveConstant)
        let result = sepRootRounds(model, standardCutSeparators, rounds: 15)
        let flowCuts = result.cuts.filter { $0.origin == "flowcover" }.count
        #expect(flowCuts > 0, "\(entry.name): no flow cover cut")
        guard let before = result.before, let after = result.after else {
            Issue.record("\(entry.name): root LP not optimal")
            return
        }
        #expect(after <= target + 1e-6 * max(1, abs(target)), "\(entry.name): bound \(after) above optimum \(target)")
        let closed = target - before > 1e-9 ? (after - before) / (target - before) : 1
        print("Flow \(entry.name): \(result.cuts.count) cuts (\(flowCuts) flow cover), root gap closed "
              + String(format: "%.1f%%", 100 * closed))
    }
}
