import Foundation
import Testing
@testable import SwiftMIP

// Tests of the (l,S) path inequality separator (Cuts/PathInequalitySeparator.swift): the textbook cut
// on a 3-period lot-sizing model, validity on random small lot-sizing models with the structure's
// variants (rows negated or scaled, negative demands, productions without a set-up, integer set-ups,
// initial and final stocks, a shared capacity with overtime) checked at every feasible point, and the
// catalog model set1ch solved to its optimum.

/// A random small lot-sizing model: `items` items over `periods` periods, stock s_t ≥ 0 between
/// periods, production x_t ≤ u·y_t with a set-up y_t (binary, sometimes integer 0…2), sometimes a
/// second production without set-up (bounded purchase), a shared capacity Σ_i x_it ≤ C + o_t.
/// Balance rows are negated or scaled at random.
func setchRandomLotSizing(_ rng: inout SplitMix64, items: Int, periods: Int) -> Model {
    var m = Model()
    var objective: [LinearExpression] = []
    var production = [[Variable]](repeating: [], count: periods)
    for item in 0..<items {
        var previous: Variable? = nil
        if rng.int(3) == 0 {   // an initial stock
            let s0 = m.addVariable(name: "s\(item)_0", lowerBound: 0, upperBound: Double(rng.int(4)), kind: .continuous)
            previous = s0
        }
        for t in 0..<periods {
            var terms: [LinearTerm] = []
            if let previous { terms.append(LinearTerm(1, previous)) }
            let cap = Double(3 + rng.int(8))
            let x = m.addVariable(name: "x\(item)_\(t)", lowerBound: 0, upperBound: cap + Double(rng.int(3)), kind: .continuous)
            let general = rng.int(5) == 0
            let y = m.addVariable(name: "y\(item)_\(t)", lowerBound: 0, upperBound: general ? 2 : 1,
                                  kind: general ? .integer : .binary)
            m.addConstraint(ConstraintInfo(name: "vub\(item)_\(t)", lowerBound: -.infinity, upperBound: 0,
                                           terms: [LinearTerm(1, x), LinearTerm(-cap, y)]))
            terms.append(LinearTerm(1, x))
            production[t].append(x)
            objective.append(Double(1 + rng.int(3)) * x)
            objective.append(Double(4 + rng.int(12)) * y)
            if rng.int(4) == 0 {   // a purchase without set-up
                let p = m.addVariable(name: "p\(item)_\(t)", lowerBound: 0, upperBound: Double(1 + rng.int(3)), kind: .continuous)
                terms.append(LinearTerm(1, p))
                objective.append(Double(3 + rng.int(4)) * p)
            }
            var stock: Variable? = nil
            if t + 1 < periods || rng.int(2) == 0 {
                let s = m.addVariable(name: "s\(item)_\(t + 1)", lowerBound: 0, upperBound: .infinity, kind: .continuous)
                terms.append(LinearTerm(-1, s))
                objective.append(Double(rng.int(2)) * s)
                stock = s
            }
            var demand = Double(rng.int(7))
            if rng.int(6) == 0 { demand = -Double(1 + rng.int(2)) }   // a return
            let factor: Double = (rng.int(2) == 0 ? -1 : 1) * (rng.int(3) == 0 ? 2 : 1)
            m.addConstraint(ConstraintInfo(name: "bal\(item)_\(t)", lowerBound: factor * demand, upperBound: factor * demand,
                                           terms: terms.map { LinearTerm(factor * $0.coefficient, $0.variable) }))
            previous = stock
        }
    }
    if items > 1 {
        for t in 0..<periods {
            let o = m.addVariable(name: "o\(t)", lowerBound: 0, upperBound: .infinity, kind: .continuous)
            objective.append(5 * o)
            m.addConstraint(ConstraintInfo(name: "cap\(t)", lowerBound: -.infinity, upperBound: Double(4 + rng.int(6)),
                                           terms: production[t].map { LinearTerm(1, $0) } + [LinearTerm(-1, o)]))
        }
    }
    m.minimize(objective.sum())
    return m
}

@Suite("Setch path inequalities")
struct SetchPathInequalityTests {
    /// Uncapacitated 3-period lot sizing, demands (2, 3, 4), no initial stock: at x = (9, 0, 0),
    /// y = (9/10, 0, 0) (the LP point for capacity 10) the (3, {1}) inequality x1 ≤ 9·y1 + s3 is cut, and
    /// the chain is found whatever the orientation of the balance rows.
    @Test func setchTextbookCut() {
        for negate in [false, true] {
            var m = Model()
            var x: [Variable] = [], y: [Variable] = [], s: [Variable] = []
            for t in 0..<3 {
                x.append(m.addVariable(name: "x\(t)", lowerBound: 0, upperBound: 10, kind: .continuous))
                y.append(m.addVariable(name: "y\(t)", lowerBound: 0, upperBound: 1, kind: .binary))
                s.append(m.addVariable(name: "s\(t)", lowerBound: 0, upperBound: .infinity, kind: .continuous))
                m.addConstraint(ConstraintInfo(name: "v\(t)", lowerBound: -.infinity, upperBound: 0,
                                               terms: [LinearTerm(1, x[t]), LinearTerm(-10, y[t])]))
            }
            let demand = [2.0, 3, 4]
            let f: Double = negate ? -1 : 1
            for t in 0..<3 {
                var terms = [LinearTerm(f, x[t]), LinearTerm(-f, s[t])]
                if t > 0 { terms.append(LinearTerm(f, s[t - 1])) }
                m.addConstraint(ConstraintInfo(name: "b\(t)", lowerBound: f * demand[t], upperBound: f * demand[t], terms: terms))
            }
            m.minimize(LinearExpression())
            let model = CompressedModel(m)
            // Columns: x0 y0 s0 x1 y1 s1 x2 y2 s2; stocks s0 = 7, s1 = 4, s2 = 0.
            let point = [9.0, 0.9, 7, 0, 0, 4, 0, 0, 0]
            let cuts = PathInequalitySeparator().separate(sepContext(model, point))
            #expect(cuts.count == 3, "negate \(negate): \(cuts.count) cuts")
            // The end l = 3 cut: x0 − 9 y0 − s2 ≤ 0.
            let last = cuts.first { cut in cut.row.indices.contains(8) }
            #expect(last != nil)
            if let cut = last {
                var coefficient = [Double](repeating: 0, count: 9)
                for (k, j) in cut.row.indices.enumerated() { coefficient[Int(j)] = cut.row.values[k] }
                #expect(coefficient == [1, -9, 0, 0, 0, 0, 0, 0, -1])
                #expect(abs(cut.upper) <= 1e-8)
            }
            _ = flowExpectValid(model, cuts)
        }
    }

    /// Random lot-sizing models: every cut separated at random points and at LP vertices holds at every
    /// feasible point (set-ups enumerated, the continuous part by LP).
    @Test func setchCutsValidOnRandomLotSizing() {
        var rng = SplitMix64(seed: 2026)
        var cutCount = 0
        for trial in 0..<40 {
            let model = CompressedModel(setchRandomLotSizing(&rng, items: trial % 3 == 0 ? 2 : 1,
                                                             periods: trial % 3 == 0 ? 3 : 4 + rng.int(2)))
            let cuts = flowCollectCuts(model, PathInequalitySeparator(), points: 10, randomEvery: 2, costShift: 3, rng: &rng)
            cutCount += cuts.count
            _ = flowExpectValid(model, cuts)
        }
        #expect(cutCount > 100, "only \(cutCount) path cuts")
    }

    /// Root rounds with every standard separator on random lot-sizing models never pass the optimum.
    @Test func setchRootBoundBelowOptimum() {
        var rng = SplitMix64(seed: 7)
        var raised = 0, tried = 0
        for _ in 0..<15 {
            let model = CompressedModel(setchRandomLotSizing(&rng, items: 1, periods: 6))
            let path = sepRootRounds(model, [PathInequalitySeparator()], rounds: 5)
            let all = sepRootRounds(model, standardCutSeparators, rounds: 5)
            let optimum = flowExpectValid(model, path.cuts + all.cuts)
            guard let optimum, let before = path.before else { continue }
            tried += 1
            for bound in [path.after, all.after].compactMap({ $0 }) {
                #expect(bound <= optimum + 1e-6 * max(1, abs(optimum)), "bound \(bound) above the optimum \(optimum)")
            }
            if let after = path.after, after > before + 1e-6 { raised += 1 }
        }
        #expect(tried >= 8 && raised * 2 >= tried, "path cuts raised the bound on \(raised) of \(tried) models")
    }

    /// set1ch (capacitated lot sizing; HiGHS 0.4 s): solved to the catalog optimum within seconds, the
    /// root bound after cuts within 0.1 % of it.
    @Test(.enabled(if: TestPaths.hasShared)) func setchSet1chSolves() throws {
        guard let shared = TestPaths.shared,
              let entry = catalogMIPs().first(where: { $0.name == "set1ch" }), let optimum = entry.optimum else { return }
        let model = try readCatalogModel(shared.appendingPathComponent("instances").appendingPathComponent(entry.file))
        let result = solveMIP(model, options: SolverOptions(timeLimit: 60, threads: 1))
        #expect(result.status == .optimal)
        expectValid(result, model, optimum: optimum)
        if let root = result.rootCutBound {
            #expect(root <= optimum + 1e-6 * abs(optimum))
            #expect(root >= optimum * 0.999, "root bound \(root)")
        }
    }
}
