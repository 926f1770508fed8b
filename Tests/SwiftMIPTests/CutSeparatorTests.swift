import Foundation
import Testing
@testable import SwiftMIP

// Validity tests for the row-based separators of Cuts/ (c-MIR, knapsack cover, clique): every cut must
// hold at every integer-feasible point, be violated by the point it was separated from, and never push
// the root bound of a catalog model past its optimum.

/// A separation context at `x` with the model's own bounds.
func sepContext(_ model: CompressedModel, _ x: [Double], round: Int = 0) -> CutContext {
    CutContext(model: model, values: x, lower: model.columnLower, upper: model.columnUpper, lpObjective: 0,
               rowActivities: model.matrix.multiply(x),
               basis: LPBasis(columns: [BasisStatus](repeating: .atLower, count: model.columnCount),
                              rows: [BasisStatus](repeating: .basic, count: model.rowCount)),
               existingCuts: [], round: round)
}

/// Activity of a cut at `x`.
func sepActivity(_ cut: Cut, _ x: [Double]) -> Double {
    var s = 0.0
    for (k, j) in cut.row.indices.enumerated() { s += cut.row.values[k] * x[Int(j)] }
    return s
}

/// Root rounds of `separators` on the LP of `model` without ageing (up to `rounds`, each cut checked to
/// be violated at its point); returns every cut added and the LP bounds before and after (nil when an
/// LP is not solved to optimality).
func sepRootRounds(_ model: CompressedModel, _ separators: [any CutSeparator], rounds: Int)
    -> (cuts: [Cut], before: Double?, after: Double?) {
    let lp = LPSolver(model: model)
    guard lp.solve() == .optimal else { return ([], nil, nil) }
    let before = lp.objectiveValue
    var all: [Cut] = []
    for round in 0..<rounds {
        let x = lp.columnValues
        let context = CutContext(model: model, values: x, lower: model.columnLower, upper: model.columnUpper,
                                 lpObjective: lp.objectiveValue, rowActivities: lp.rowActivities, basis: lp.basis,
                                 existingCuts: all, round: round)
        var fresh: [Cut] = []
        for separator in separators { fresh += separator.separate(context) }
        for cut in fresh { #expect(sepActivity(cut, x) > cut.upper, "\(cut.origin) cut not violated at its point") }
        if fresh.isEmpty { break }
        lp.addRows(fresh.map(\.row), lower: fresh.map(\.lower), upper: fresh.map(\.upper))
        all += fresh
        guard lp.solve() == .optimal else { return (all, before, nil) }
    }
    return (all, before, lp.objectiveValue)
}

/// All integer points of the box of a pure-integer model that satisfy every row.
func sepFeasiblePoints(_ model: CompressedModel) -> [[Double]] {
    var points: [[Double]] = []
    var x = model.columnLower
    func rowsHold(_ x: [Double]) -> Bool {
        let act = model.matrix.multiply(x)
        for i in 0..<model.rowCount where act[i] < model.rowLower[i] - 1e-9 || act[i] > model.rowUpper[i] + 1e-9 {
            return false
        }
        return true
    }
    func walk(_ j: Int) {
        if j == model.columnCount {
            if rowsHold(x) { points.append(x) }
            return
        }
        var v = model.columnLower[j]
        while v <= model.columnUpper[j] {
            x[j] = v
            walk(j + 1)
            v += 1
        }
    }
    walk(0)
    return points
}

/// A random model over `binaries` 0/1 columns and `integers` columns in [-2, 2], with `rows` rows of
/// random integer coefficients and a right-hand side that keeps some points feasible.
func sepRandomPureModel(_ rng: inout SplitMix64, binaries: Int, integers: Int, rows: Int) -> Model {
    var model = Model()
    var vars: [Variable] = []
    for _ in 0..<binaries { vars.append(model.addVariable(lowerBound: 0, upperBound: 1, kind: .binary)) }
    for _ in 0..<integers { vars.append(model.addVariable(lowerBound: -2, upperBound: 2, kind: .integer)) }
    for _ in 0..<rows {
        var terms: [LinearTerm] = []
        var positive = 0.0
        for v in vars where rng.int(3) != 0 {
            let a = Double(rng.int(19) - 9)
            if a != 0 {
                terms.append(LinearTerm(a, v))
                positive += abs(a)
            }
        }
        guard !terms.isEmpty else { continue }
        let rhs = (0.2 + 0.5 * rng.nextUnit()) * positive
        let kind = rng.int(4)
        model.addConstraint(ConstraintInfo(name: "r\(model.constraints.count)",
                                           lowerBound: kind == 0 ? -rhs : -.infinity,
                                           upperBound: kind == 1 ? .infinity : rhs.rounded(.down), terms: terms))
    }
    model.minimize(LinearExpression())
    return model
}

/// A random point in the box, mostly fractional.
func sepRandomPoint(_ rng: inout SplitMix64, _ model: CompressedModel) -> [Double] {
    (0..<model.columnCount).map { j in
        let l = max(model.columnLower[j], -5), u = min(model.columnUpper[j], 5)
        let t = rng.nextUnit()
        return rng.int(4) == 0 ? (t < 0.5 ? l : u) : l + t * (u - l)
    }
}

@Suite("Sep separators on small models")
struct SepSmallModelTests {
    static let separators: [any CutSeparator] = [ComplementedMIRSeparator(), KnapsackCoverSeparator(), CliqueSeparator()]

    /// Every cut from a random point holds at every feasible integer point and is violated at its point.
    @Test func sepCutsValidOnPureIntegerModels() {
        var rng = SplitMix64(seed: 6)
        var cutCount = [String: Int]()
        for trial in 0..<60 {
            let model = CompressedModel(sepRandomPureModel(&rng, binaries: 7, integers: trial % 3 == 0 ? 2 : 0,
                                                           rows: 3))
            let points = sepFeasiblePoints(model)
            for _ in 0..<25 {
                let x = sepRandomPoint(&rng, model)
                for separator in Self.separators {
                    for cut in separator.separate(sepContext(model, x)) {
                        cutCount[cut.origin, default: 0] += 1
                        #expect(sepActivity(cut, x) > cut.upper, "\(cut.origin) cut not violated at its point")
                        for p in points {
                            let a = sepActivity(cut, p)
                            #expect(a <= cut.upper + 1e-7 && a >= cut.lower - 1e-7,
                                    "\(cut.origin) cut \(cut.row) ≤ \(cut.upper) cuts off \(p)")
                        }
                    }
                }
            }
        }
        // The random models must actually exercise every separator.
        #expect(cutCount["cmir", default: 0] > 20, "\(cutCount)")
        #expect(cutCount["knapsack", default: 0] > 20, "\(cutCount)")
        #expect(cutCount["clique", default: 0] > 20, "\(cutCount)")
    }

    /// c-MIR on mixed rows with variable upper bounds (x_c ≤ u·y): for every integer assignment the cut
    /// holds at the LP maximum of its left-hand side over the continuous part.
    @Test func sepMIRValidOnMixedModels() {
        var rng = SplitMix64(seed: 17)
        var cuts = 0
        for _ in 0..<40 {
            var m = Model()
            let ints = (0..<3).map { _ in m.addVariable(lowerBound: 0, upperBound: 3, kind: .integer) }
            let ys = (0..<2).map { _ in m.addVariable(lowerBound: 0, upperBound: 1, kind: .binary) }
            let cs = (0..<2).map { _ in m.addVariable(lowerBound: 0, upperBound: 10, kind: .continuous) }
            for k in 0..<2 {   // variable upper bounds c_k ≤ u_k y_k
                m.addConstraint(ConstraintInfo(name: "vub\(k)", lowerBound: -.infinity, upperBound: 0,
                                               terms: [LinearTerm(1, cs[k]), LinearTerm(-Double(2 + rng.int(6)), ys[k])]))
            }
            for r in 0..<2 {
                var terms: [LinearTerm] = []
                for v in ints + ys + cs where rng.int(3) != 0 {
                    let a = Double(rng.int(13) - 6) + (rng.int(2) == 0 ? 0.5 : 0)
                    if a != 0 { terms.append(LinearTerm(a, v)) }
                }
                if terms.isEmpty { continue }
                let rhs = Double(rng.int(12)) + 0.5
                m.addConstraint(ConstraintInfo(name: "r\(r)", lowerBound: r == 1 ? -rhs : -.infinity,
                                               upperBound: rhs, terms: terms))
            }
            m.minimize(LinearExpression())
            let model = CompressedModel(m)
            let lp = LPSolver(model: model)
            for _ in 0..<20 {
                let x = sepRandomPoint(&rng, model)
                for cut in ComplementedMIRSeparator().separate(sepContext(model, x)) {
                    cuts += 1
                    #expect(sepActivity(cut, x) > cut.upper)
                    // Maximise the cut's activity for each integer assignment (4³·2² of them).
                    var coefficient = [Double](repeating: 0, count: model.columnCount)
                    for (k, j) in cut.row.indices.enumerated() { coefficient[Int(j)] = cut.row.values[k] }
                    for j in 0..<model.columnCount { lp.setCost(j, model.isInteger[j] ? 0 : -coefficient[j]) }
                    for code in 0..<(64 * 4) {
                        var c = code
                        var intPart = 0.0
                        for j in 0..<5 {
                            let range = j < 3 ? 4 : 2
                            let v = Double(c % range)
                            c /= range
                            lp.setColumnBounds(j, lower: v, upper: v)
                            intPart += coefficient[j] * v
                        }
                        guard lp.solve() == .optimal else { continue }
                        let best = intPart - lp.objectiveValue
                        #expect(best <= cut.upper + 1e-6 * max(1, abs(cut.upper)),
                                "cmir cut \(cut.row) ≤ \(cut.upper) cuts off a point with activity \(best)")
                    }
                }
            }
        }
        #expect(cuts > 20, "only \(cuts) c-MIR cuts")
    }

    /// Textbook cases: a knapsack cover and a clique merged from three pair rows.
    @Test func sepTextbookCoverAndClique() {
        var m = Model()
        let x = (0..<4).map { _ in m.addVariable(lowerBound: 0, upperBound: 1, kind: .binary) }
        // 5x0 + 5x1 + 5x2 + 3x3 ≤ 9: cover {0,1}, lifted it becomes x0 + x1 + x2 ≤ 1.
        m.addConstraint(ConstraintInfo(name: "k", lowerBound: -.infinity, upperBound: 9,
                                       terms: [LinearTerm(5, x[0]), LinearTerm(5, x[1]), LinearTerm(5, x[2]), LinearTerm(3, x[3])]))
        m.minimize(LinearExpression())
        let knap = CompressedModel(m)
        let cuts = KnapsackCoverSeparator().separate(sepContext(knap, [0.6, 0.6, 0.6, 0]))
        #expect(cuts.count == 1)
        if let cut = cuts.first { #expect(cut.upper.rounded() == 1 && cut.row.values.prefix(3).allSatisfy { $0 == 1 }) }

        var g = Model()
        let y = (0..<3).map { _ in g.addVariable(lowerBound: 0, upperBound: 1, kind: .binary) }
        for (a, b) in [(0, 1), (1, 2), (0, 2)] {
            g.addConstraint(ConstraintInfo(name: "p\(a)\(b)", lowerBound: -.infinity, upperBound: 1,
                                           terms: [LinearTerm(1, y[a]), LinearTerm(1, y[b])]))
        }
        g.minimize(LinearExpression())
        let pairs = CompressedModel(g)
        let cliques = CliqueSeparator().separate(sepContext(pairs, [0.5, 0.5, 0.5]))
        #expect(cliques.contains { $0.row.indices.count == 3 && abs($0.upper - 1) < 1e-6 })
    }
}

@Suite("Sep separators on catalog models")
struct SepCatalogTests {
    static let names: Set<String> = ["p0033", "p0201", "lseu", "mod008", "p0548", "vpm1"]

    /// Root rounds with the standard separators on the model without presolve: the bound never passes
    /// the catalog optimum (minimisation form); then the full solve (presolve and cuts on) finds it
    /// (or, on p0548, stops at the limit with a valid bound).
    @Test(.enabled(if: TestPaths.hasShared), arguments: catalogMIPs().filter { names.contains($0.name) })
    func sepRootBoundBelowOptimum(_ entry: CatalogMIP) throws {
        guard let shared = TestPaths.shared, let optimum = entry.optimum else { return }
        let url = shared.appendingPathComponent("instances").appendingPathComponent(entry.file)
        let original = try readCatalogModel(url)
        let model = CompressedModel(original)
        let target = model.objectiveSign * (optimum - model.objectiveConstant)
        let rounds = sepRootRounds(model, standardCutSeparators, rounds: 15)
        #expect(rounds.before != nil)
        // Rows are only added, so the bound never decreases: the last one is the largest.
        if let rootLP = rounds.before, let bound = rounds.after {
            #expect(bound <= target + 1e-6 * max(1, abs(target)), "\(entry.name): bound \(bound) above optimum \(target)")
            let closed = target - rootLP > 1e-9 ? (bound - rootLP) / (target - rootLP) : 1
            print("Sep \(entry.name): \(rounds.cuts.count) cuts, root gap closed \(String(format: "%.1f%%", 100 * closed))")
        }
        // Quiet, each model closes in a few seconds; the limit leaves room for a loaded CI machine. A
        // time-limit stop (p0548 formerly) must still report a valid bound.
        let result = solveMIP(original, options: SolverOptions(timeLimit: 60, threads: 1))
        #expect(result.status == .optimal || (entry.name == "p0548" && result.status == .timeLimit),
                "\(entry.name): \(result.status)")
        expectValid(result, original, optimum: optimum)
    }
}
