import Foundation
import Testing
@testable import SwiftMIP

/// Exhaustive solver for tiny models with finite bounds: enumerates the integer box and, for each
/// integer point, every vertex of the continuous part (n_c active hyperplanes solved by elimination).
enum PresolveBruteForce {
    struct Solution { var objective: Double; var values: [Double] }

    static func solve(_ model: Model, tolerance: Double = 1e-7) -> Solution? {
        let n = model.numberOfVariables
        let vars = model.variables
        let intIdx = (0..<n).filter { vars[$0].kind.isIntegral }
        let conIdx = (0..<n).filter { !vars[$0].kind.isIntegral }
        let sign: Double = model.sense == .minimize ? 1 : -1
        var best: Solution? = nil
        var x = [Double](repeating: 0, count: n)
        // Hyperplanes over the continuous columns: (coefficients over conIdx, value, source).
        func consider(_ point: [Double]) {
            guard model.check(point, tolerances: CheckTolerances(primal: tolerance, integrality: 1e-9)).isFeasible else { return }
            let obj = model.objectiveValue(at: point)
            if best == nil || sign * obj < sign * best!.objective - 1e-12 { best = Solution(objective: obj, values: point) }
        }
        func continuousPart() {
            let nc = conIdx.count
            if nc == 0 { consider(x); return }
            var planes: [([Double], Double)] = []
            for (k, j) in conIdx.enumerated() {
                var e = [Double](repeating: 0, count: nc); e[k] = 1
                if vars[j].lowerBound.isFinite { planes.append((e, vars[j].lowerBound)) }
                if vars[j].upperBound.isFinite && vars[j].upperBound != vars[j].lowerBound { planes.append((e, vars[j].upperBound)) }
            }
            for row in model.constraints {
                var coef = [Double](repeating: 0, count: nc)
                var fixedPart = 0.0
                for t in row.terms {
                    if let k = conIdx.firstIndex(of: t.variable.index) { coef[k] += t.coefficient } else { fixedPart += t.coefficient * x[t.variable.index] }
                }
                if coef.allSatisfy({ $0 == 0 }) { continue }
                if row.lowerBound.isFinite { planes.append((coef, row.lowerBound - fixedPart)) }
                if row.upperBound.isFinite && row.upperBound != row.lowerBound { planes.append((coef, row.upperBound - fixedPart)) }
            }
            var chosen: [Int] = []
            func recurse(_ start: Int) {
                if chosen.count == nc {
                    // Solve the nc x nc system by Gaussian elimination with partial pivoting.
                    var a = chosen.map { planes[$0].0 }
                    var b = chosen.map { planes[$0].1 }
                    for c in 0..<nc {
                        var piv = c
                        for r in c..<nc where abs(a[r][c]) > abs(a[piv][c]) { piv = r }
                        if abs(a[piv][c]) < 1e-12 { return }
                        a.swapAt(c, piv); b.swapAt(c, piv)
                        for r in 0..<nc where r != c {
                            let f = a[r][c] / a[c][c]
                            if f == 0 { continue }
                            for cc in c..<nc { a[r][cc] -= f * a[c][cc] }
                            b[r] -= f * b[c]
                        }
                    }
                    for (k, j) in conIdx.enumerated() { x[j] = b[k] / a[k][k] }
                    consider(x)
                    return
                }
                if start >= planes.count { return }
                for p in start..<planes.count {
                    chosen.append(p)
                    recurse(p + 1)
                    chosen.removeLast()
                }
            }
            recurse(0)
        }
        func enumerate(_ k: Int) {
            if k == intIdx.count { continuousPart(); return }
            let j = intIdx[k]
            let lo = vars[j].lowerBound.rounded(.up), up = vars[j].upperBound.rounded(.down)
            guard lo <= up else { return }
            var v = lo
            while v <= up {
                x[j] = v
                enumerate(k + 1)
                v += 1
            }
        }
        enumerate(0)
        return best
    }
}

/// Presolves, solves the reduced model by brute force, maps back and checks against the original.
/// Returns the outcome for further assertions.
@discardableResult
func presolveAndVerify(_ model: Model, sourceLocation: SourceLocation = #_sourceLocation) -> PresolveResult {
    let outcome = presolve(model)
    let original = PresolveBruteForce.solve(model)
    switch outcome {
    case let .reduced(reduced, postsolve, _):
        let r = PresolveBruteForce.solve(reduced)
        #expect((r == nil) == (original == nil), "feasibility changed by presolve", sourceLocation: sourceLocation)
        guard let r, let original else { return outcome }
        #expect(abs(r.objective - original.objective) <= 1e-6 * max(1, abs(original.objective)),
                "reduced optimum \(r.objective) vs original \(original.objective)", sourceLocation: sourceLocation)
        let values = postsolve.originalValues(from: r.values)
        let check = model.check(values)
        #expect(check.isFeasible, "postsolved point rejected: \(check)", sourceLocation: sourceLocation)
        #expect(abs(check.objective - original.objective) <= 1e-6 * max(1, abs(original.objective)),
                "postsolved objective \(check.objective) vs \(original.objective)", sourceLocation: sourceLocation)
    case let .infeasible(message):
        #expect(original == nil, "presolve wrongly declared infeasible: \(message)", sourceLocation: sourceLocation)
    case let .unbounded(message):
        Issue.record("unexpected unbounded: \(message)", sourceLocation: sourceLocation)
    }
    return outcome
}

func presolveStats(of outcome: PresolveResult) -> PresolveStats? {
    switch outcome {
    case let .reduced(_, _, s): s
    default: nil
    }
}

@Suite("Presolve")
struct PresolveTests {
    @Test func emptyRowAndColumnAndFixed() {
        var m = Model()
        let x = m.addVariable(name: "x", lowerBound: 0, upperBound: 4, kind: .integer)
        let y = m.addVariable(name: "y", lowerBound: 2, upperBound: 2)
        let z = m.addVariable(name: "z", lowerBound: -1, upperBound: 5)  // empty column
        m.addConstraint(ConstraintInfo(name: "empty", lowerBound: -1, upperBound: 1, terms: []))
        m.addConstraint(x + y + 0.5 * x <= 5, name: "r")
        m.addConstraint(x - y >= -3, name: "r2")
        m.maximize(3 * x + y - 2 * z)
        let out = presolveAndVerify(m)
        let s = presolveStats(of: out)
        #expect(s?[.emptyRow] == 1)
        #expect(s?[.fixedColumn] ?? 0 >= 1)
        #expect(s?[.emptyColumn] ?? 0 >= 1)
    }

    @Test func singletonRowsBecomeBounds() {
        var m = Model()
        let x = m.addVariable(name: "x", lowerBound: 0, upperBound: 10, kind: .integer)
        let y = m.addVariable(name: "y", lowerBound: 0, upperBound: 10, kind: .integer)
        m.addConstraint(2 * x <= 7, name: "s1")       // x <= 3
        m.addConstraint(-3 * y <= -4, name: "s2")     // y >= 2
        m.addConstraint(x + y <= 6, name: "r")
        m.addConstraint(x - y <= 4, name: "r2")
        m.maximize(2 * x + y)
        let out = presolveAndVerify(m)
        #expect((presolveStats(of: out)?[.singletonRow] ?? 0) == 2)
        if case let .reduced(r, _, _) = out, let j = r.variable(named: "x") {
            #expect(r.variables[j.index].upperBound == 3)
        }
    }

    @Test func forcingRowFixesColumns() {
        var m = Model()
        let x = m.addVariable(name: "x", lowerBound: 0, upperBound: 3)
        let y = m.addVariable(name: "y", lowerBound: 0, upperBound: 2, kind: .integer)
        let z = m.addVariable(name: "z", lowerBound: 0, upperBound: 5)
        m.addConstraint(x + y <= 0, name: "force")      // forces x = y = 0
        m.addConstraint(x + y + z >= 1, name: "r")
        m.addConstraint(z - x <= 4, name: "r2")
        m.minimize(x - y + z)
        let out = presolveAndVerify(m)
        #expect((presolveStats(of: out)?[.forcingRow] ?? 0) == 1)
    }

    @Test func redundantRowRemoved() {
        var m = Model()
        let x = m.addVariable(name: "x", lowerBound: 0, upperBound: 1, kind: .binary)
        let y = m.addVariable(name: "y", lowerBound: 0, upperBound: 1, kind: .binary)
        let z = m.addVariable(name: "z", lowerBound: 0, upperBound: 3, kind: .integer)
        m.addConstraint(x + y <= 5, name: "redundant")
        m.addConstraint(x + y + z >= 2, name: "r")
        m.addConstraint(x - z <= 0, name: "r2")
        m.minimize(x + 2 * y + z)
        let out = presolveAndVerify(m)
        #expect((presolveStats(of: out)?[.redundantRow] ?? 0) >= 1)
    }

    @Test func dominatedColumnFixed() {
        var m = Model()
        let x = m.addVariable(name: "x", lowerBound: 0, upperBound: 4)
        let y = m.addVariable(name: "y", lowerBound: 0, upperBound: 4, kind: .integer)
        let w = m.addVariable(name: "w", lowerBound: 1, upperBound: 3, kind: .integer)
        m.addConstraint(x + y + w <= 6, name: "r")
        m.addConstraint(x - y + 2 * w <= 5, name: "r2")
        m.addConstraint(x + 2 * y >= 1, name: "r3")
        m.maximize(x + y)   // w has cost 0 and only <= rows with positive coefficients: w = 1
        let out = presolveAndVerify(m)
        #expect((presolveStats(of: out)?[.dominatedColumn] ?? 0) >= 1)
    }

    @Test func freeColumnSingletonInEquation() {
        var m = Model()
        let x = m.addVariable(name: "x", lowerBound: 0, upperBound: 3, kind: .integer)
        let y = m.addVariable(name: "y", lowerBound: 0, upperBound: 3, kind: .integer)
        let s = m.addVariable(name: "s", lowerBound: -.infinity, upperBound: .infinity)
        m.addConstraint(x + 2 * y + s == 4, name: "def")
        m.addConstraint(x + y <= 4, name: "r")
        m.addConstraint(x - y <= 2, name: "r2")
        m.minimize(-x - y + 3 * s)
        let out = presolveAndVerify(m)
        #expect((presolveStats(of: out)?[.freeColumnSingleton] ?? 0) == 1)
    }

    @Test func impliedFreeColumnSingletonInInequality() {
        // s in [0, 10] but the row bounds it tighter: x + y + s <= 5 with x, y >= 0 gives s <= 5;
        // with cost +1 on s the row side "s >= 1 - x - y" is the tight one.
        var m = Model()
        let x = m.addVariable(name: "x", lowerBound: 0, upperBound: 2, kind: .integer)
        let y = m.addVariable(name: "y", lowerBound: 0, upperBound: 2)
        let s = m.addVariable(name: "s", lowerBound: -10, upperBound: 10)
        m.addConstraint(LinearConstraint(x + y + s, lowerBound: 1, upperBound: 5), name: "range")
        m.addConstraint(x + y <= 3, name: "r")
        m.addConstraint(y - x <= 1, name: "r2")
        m.minimize(s - 2 * x - y)
        let out = presolveAndVerify(m)
        #expect((presolveStats(of: out)?[.freeColumnSingleton] ?? 0) == 1)
        // Zero cost: the column absorbs the row.
        m.minimize(-2 * x - y)
        presolveAndVerify(m)
    }

    @Test func doubletonEquation() {
        var m = Model()
        let x = m.addVariable(name: "x", lowerBound: 0, upperBound: 5, kind: .integer)
        let y = m.addVariable(name: "y", lowerBound: 0, upperBound: 4)
        let z = m.addVariable(name: "z", lowerBound: 0, upperBound: 5, kind: .integer)
        m.addConstraint(2 * x - 4 * y == 1, name: "doubleton")
        m.addConstraint(x + y + z <= 6, name: "r")
        m.addConstraint(y - z >= -2, name: "r2")
        m.addConstraint(x + 3 * y - z <= 7, name: "r3")
        m.maximize(x + 2 * y + z)
        let out = presolveAndVerify(m)
        #expect((presolveStats(of: out)?[.doubletonEquation] ?? 0) == 1)
    }

    @Test func duplicateRowsMerge() {
        var m = Model()
        let x = m.addVariable(name: "x", lowerBound: 0, upperBound: 5, kind: .integer)
        let y = m.addVariable(name: "y", lowerBound: 0, upperBound: 5, kind: .integer)
        let z = m.addVariable(name: "z", lowerBound: 0, upperBound: 5)
        m.addConstraint(x + 2 * y + z <= 8, name: "a")
        m.addConstraint(-2 * x - 4 * y - 2 * z <= -3, name: "b")   // x + 2y + z >= 1.5
        m.addConstraint(x - y + z <= 3, name: "c")
        m.maximize(x + y + z)
        let out = presolveAndVerify(m)
        #expect((presolveStats(of: out)?[.duplicateRow] ?? 0) == 1)
    }

    @Test func duplicateColumnsMerge() {
        var m = Model()
        let x = m.addVariable(name: "x", lowerBound: 0, upperBound: 2)
        let y = m.addVariable(name: "y", lowerBound: 0, upperBound: 3)
        let z = m.addVariable(name: "z", lowerBound: 0, upperBound: 5)
        m.addConstraint(x + 2 * y + z <= 7, name: "a")
        m.addConstraint(x + 2 * y - z >= 1, name: "b")
        m.addConstraint(z - x - 2 * y <= 3, name: "c")
        m.maximize(x + 2 * y + 0.5 * z)
        let out = presolveAndVerify(m)
        #expect((presolveStats(of: out)?[.duplicateColumn] ?? 0) == 1)

        var n = Model()
        let a = n.addVariable(name: "a", lowerBound: 0, upperBound: 2, kind: .integer)
        let b = n.addVariable(name: "b", lowerBound: 0, upperBound: 3, kind: .integer)
        let c = n.addVariable(name: "c", lowerBound: 0, upperBound: 5, kind: .integer)
        n.addConstraint(2 * a + 2 * b + 3 * c <= 11, name: "a")
        n.addConstraint(a + b - c >= 1, name: "b")
        n.maximize(3 * a + 3 * b + 2 * c)
        let out2 = presolveAndVerify(n)
        #expect((presolveStats(of: out2)?[.duplicateColumn] ?? 0) == 1)
    }

    @Test func coefficientTightening() {
        var m = Model()
        let x = m.addVariable(name: "x", kind: .binary)
        let y = m.addVariable(name: "y", lowerBound: 0, upperBound: 3)
        let z = m.addVariable(name: "z", kind: .binary)
        m.addConstraint(10 * x + y + z <= 11, name: "bigM")   // max act 14: x coefficient shrinks
        m.addConstraint(y - 2 * z >= -1, name: "r")
        m.addConstraint(x + z <= 1.5, name: "r2")
        m.maximize(2 * x + y + z)
        let out = presolveAndVerify(m)
        #expect((presolveStats(of: out)?[.coefficientTightening] ?? 0) >= 1)
    }

    @Test func impliedIntegerDetected() {
        var m = Model()
        let x = m.addVariable(name: "x", lowerBound: 0, upperBound: 3, kind: .integer)
        let y = m.addVariable(name: "y", lowerBound: 0, upperBound: 3, kind: .integer)
        let s = m.addVariable(name: "s", lowerBound: 0.5, upperBound: 4.5)
        m.addConstraint(x + 2 * y + s == 6, name: "eq")
        m.addConstraint(x + s >= 2, name: "r")
        m.addConstraint(2 * x + y - s <= 3, name: "r2")
        m.maximize(x + y + 0.1 * s)
        let out = presolveAndVerify(m)
        if case let .reduced(r, _, st) = out, st[.impliedInteger] > 0 {
            for j in st.impliedIntegerColumns {
                #expect(r.variables[j].lowerBound == r.variables[j].lowerBound.rounded())
            }
        }
    }

    @Test func infeasibilityNamesTheReduction() {
        var m = Model()
        let x = m.addVariable(name: "x", lowerBound: 0, upperBound: 3, kind: .integer)
        m.addConstraint(2 * x >= 7, name: "single")
        m.addConstraint(x + x <= 10, name: "other")
        guard case let .infeasible(msg) = presolve(m) else { Issue.record("expected infeasible"); return }
        #expect(msg.contains("singleton row single"))

        var m2 = Model()
        let a = m2.addVariable(name: "a", lowerBound: 0, upperBound: 1)
        let b = m2.addVariable(name: "b", lowerBound: 0, upperBound: 1)
        m2.addConstraint(a + b >= 2.5, name: "toobig")
        guard case let .infeasible(msg2) = presolve(m2) else { Issue.record("expected infeasible"); return }
        #expect(msg2.contains("toobig"))

        var m3 = Model()
        _ = m3.addVariable(name: "a")
        m3.addConstraint(ConstraintInfo(name: "empty", lowerBound: 1, upperBound: 2, terms: []))
        guard case let .infeasible(msg3) = presolve(m3) else { Issue.record("expected infeasible"); return }
        #expect(msg3.contains("empty row"))
    }

    @Test func noiseIsNotInfeasibility() {
        // Bounds that cross by 1e-12 and a row violated by round-off must not be called infeasible.
        var m = Model()
        let x = m.addVariable(name: "x", lowerBound: 0.1 + 0.2, upperBound: 0.3)
        let y = m.addVariable(name: "y", lowerBound: 0, upperBound: 1)
        m.addConstraint(x + y >= 0.3 + 1e-12, name: "tight")
        m.addConstraint(3 * x <= 0.9, name: "single")
        m.minimize(x + y)
        let out = presolve(m)
        if case let .infeasible(msg) = out { Issue.record("noise called infeasible: \(msg)") }
        presolveAndVerify(m)
    }

    @Test func unboundedDetected() {
        var m = Model()
        let x = m.addVariable(name: "x", lowerBound: 0, upperBound: 2)
        let y = m.addVariable(name: "y", lowerBound: 0, upperBound: .infinity)
        m.addConstraint(x <= 1, name: "single")
        m.maximize(x + y)
        guard case let .unbounded(msg) = presolve(m) else { Issue.record("expected unbounded"); return }
        #expect(msg.contains("y"))
    }

    @Test func fullySolvedByPresolve() {
        var m = Model()
        let x = m.addVariable(name: "x", lowerBound: 0, upperBound: 5, kind: .integer)
        let y = m.addVariable(name: "y", lowerBound: 0, upperBound: 5)
        m.addConstraint(x <= 3.5, name: "a")
        m.addConstraint(y >= 1, name: "b")
        m.minimize(-x + y + 7)
        guard case let .reduced(r, post, s) = presolve(m), r.numberOfVariables == 0 else { Issue.record("expected solved"); return }
        #expect(r.numberOfConstraints == 0 && r.objectiveConstant == 5)
        let values = post.originalValues(from: [])
        #expect(values == [3, 1])
        #expect(m.check(values).objective == 5)
        #expect(s.description.hasPrefix("Presolve: removed 2 rows, 2 columns"))
    }

    /// Random tiny MIPs and LPs: presolve must keep the brute-force optimum, and the postsolved optimum
    /// of the reduced model must be accepted by the checker on the original.
    @Test func randomModelsKeepTheirOptimum() {
        // PRESOLVE_SEED / PRESOLVE_TRIALS allow longer local stress runs.
        let env = ProcessInfo.processInfo.environment
        var rng = SplitMix64(seed: UInt64(env["PRESOLVE_SEED"] ?? "") ?? 20261123)
        let trials = Int(env["PRESOLVE_TRIALS"] ?? "") ?? 1500
        var counts = [Int](repeating: 0, count: PresolveReduction.allCases.count)
        var outcomes = [0, 0, 0]
        for trial in 0..<trials {
            let m = randomModel(&rng, trial: trial)
            let out = presolveAndVerify(m)
            switch out {
            case let .reduced(r, _, s):
                outcomes[r.numberOfVariables == 0 ? 1 : 0] += 1
                for k in counts.indices { counts[k] += s.counts[k] }
            default: outcomes[2] += 1
            }
        }
        // Every reduction kind should be exercised by the random models at least a little.
        let used = PresolveReduction.allCases.filter { counts[$0.rawValue] > 0 }.map(\.label)
        #expect(used.count >= 8, "reductions used: \(used)")
        print("random presolve: outcomes reduced/solved/stopped \(outcomes); " + PresolveReduction.allCases.map { "\($0.label) \(counts[$0.rawValue])" }.joined(separator: ", "))
    }

    func randomModel(_ rng: inout SplitMix64, trial: Int) -> Model {
        var m = Model(name: "random\(trial)")
        let n = 2 + rng.int(6)            // 2...7 columns
        let continuous = min(n, rng.int(n <= 4 ? 4 : 3))  // few continuous columns (vertex enumeration stays cheap)
        var vars: [Variable] = []
        for j in 0..<n {
            let isInt = j >= continuous
            let wide = !isInt && rng.int(3) == 0
            let lo = wide ? -20 : Double(rng.int(4) - 2)
            let up = wide ? 20 : lo + Double(rng.int(4))
            vars.append(m.addVariable(name: "v\(j)", lowerBound: lo, upperBound: up, kind: isInt ? .integer : .continuous))
        }
        // A reference point to make most models feasible.
        let point = vars.map { v in m.variables[v.index].lowerBound + Double(rng.int(Int(m.variables[v.index].upperBound - m.variables[v.index].lowerBound) + 1)) }
        let rows = 1 + rng.int(7)
        var previous: [LinearTerm]? = nil
        for i in 0..<rows {
            var terms: [LinearTerm] = []
            let style = rng.int(10)
            if style == 0, let prev = previous {
                let f = Double(rng.int(3) + 1) * (rng.int(2) == 0 ? 1 : -1)
                terms = prev.map { LinearTerm($0.coefficient * f, $0.variable) }   // duplicate row
            } else {
                let len = style == 1 ? 1 : (style == 2 ? 2 : 1 + rng.int(n))
                var chosen = Set<Int>()
                while chosen.count < len { chosen.insert(rng.int(n)) }
                for j in chosen.sorted() {
                    var c = Double(rng.int(7) - 3)
                    if c == 0 { c = 1 }
                    if rng.int(8) == 0 { c *= 0.5 }
                    terms.append(LinearTerm(c, vars[j]))
                }
            }
            previous = terms
            let act = terms.reduce(0.0) { $0 + $1.coefficient * point[$1.variable.index] }
            let slack = Double(rng.int(3))
            let (lo, up): (Double, Double)
            switch rng.int(5) {
            case 0: (lo, up) = (act, act)                                 // equation through the point
            case 1: (lo, up) = (-.infinity, act + slack)
            case 2: (lo, up) = (act - slack, .infinity)
            case 3: (lo, up) = (act - slack, act + Double(rng.int(3)))
            default: (lo, up) = (-.infinity, act + slack - Double(rng.int(6)))  // may cut the point off
            }
            m.addConstraint(ConstraintInfo(name: "r\(i)", lowerBound: lo, upperBound: up, terms: terms.sorted { $0.variable < $1.variable }))
        }
        // Occasionally make a continuous column (half-)free, bounded only through an equation with
        // bounded columns, so the feasible region stays a polytope the brute force can enumerate.
        if continuous > 0 && n >= 2 && rng.int(3) == 0 {
            let j = rng.int(continuous)
            let other = continuous + rng.int(n - continuous) < n ? continuous + rng.int(n - continuous) : (j + 1) % n
            if other != j {
                var terms = [LinearTerm(Double(rng.int(3) + 1) * (rng.int(2) == 0 ? 1 : -1), vars[j]),
                             LinearTerm(Double(rng.int(5) - 2 == 0 ? 1 : rng.int(5) - 2), vars[other])]
                terms.sort { $0.variable < $1.variable }
                let act = terms.reduce(0.0) { $0 + $1.coefficient * point[$1.variable.index] }
                m.addConstraint(ConstraintInfo(name: "link", lowerBound: act, upperBound: act, terms: terms))
                if rng.int(2) == 0 {
                    m.setBounds(of: vars[j], lower: -.infinity, upper: .infinity)
                } else {
                    m.setBounds(of: vars[j], lower: m.variables[j].lowerBound, upper: .infinity)
                }
            }
        }
        var obj = LinearExpression()
        for v in vars where rng.int(4) != 0 { obj += Double(rng.int(7) - 3) * v }
        if rng.int(2) == 0 { m.maximize(obj) } else { m.minimize(obj) }
        // Occasionally a duplicate column: copy column 0 into the last one (scaled), with proportional cost.
        if rng.int(6) == 0 && n >= 3 && m.variables[0].kind == m.variables[n - 1].kind {
            let f: Double = m.variables[0].kind.isIntegral ? 1 : 2
            for i in m.constraints.indices {
                var terms = m.constraints[i].terms.filter { $0.variable.index != n - 1 }
                if let t = terms.first(where: { $0.variable.index == 0 }) { terms.append(LinearTerm(f * t.coefficient, vars[n - 1])) }
                m.constraints[i].terms = terms.sorted { $0.variable < $1.variable }
            }
            m.setObjectiveCoefficient(of: vars[n - 1], to: f * m.variables[0].objective)
        }
        return m
    }
}


/// A catalog line with the answer fields the presolve tests need.
struct PresolveCatalogEntry: Sendable, CustomStringConvertible {
    let name: String, kind: String, file: String
    let optimum: Double?
    let status: String
    var description: String { name }

    /// Splits one CSV line, honouring double-quoted fields.
    static func fields(_ line: Substring) -> [String] {
        var out: [String] = [], cur = "", quoted = false
        var it = line.makeIterator()
        while let ch = it.next() {
            if ch == "\"" { quoted.toggle() } else if ch == "," && !quoted { out.append(cur); cur = "" } else { cur.append(ch) }
        }
        out.append(cur)
        return out
    }

    static let all: [PresolveCatalogEntry] = {
        guard let shared = TestPaths.shared,
              let text = try? String(contentsOf: shared.appendingPathComponent("instances/catalog.csv"), encoding: .utf8)
        else { return [] }
        let lines = text.split(separator: "\n")
        guard let header = lines.first.map(fields),
              let iObj = header.firstIndex(of: "optimal_objective"), let iStatus = header.firstIndex(of: "highs_status")
        else { return [] }
        return lines.dropFirst().compactMap { line in
            let f = fields(line)
            guard f.count > max(iObj, iStatus) else { return nil }
            return PresolveCatalogEntry(name: f[0], kind: f[1], file: f[2], optimum: Double(f[iObj]), status: f[iStatus])
        }
    }()

    var path: String { TestPaths.shared!.appendingPathComponent("instances").appendingPathComponent(file).path }
}

@Suite("PresolveCatalog")
struct PresolveCatalogTests {
    /// Every catalog model presolves without a false proof. LPs: the reduced LP is solved, its solution
    /// postsolved and checked on the original, and the objective must match the catalog. Prints the
    /// reductions per model.
    @Test(.enabled(if: TestPaths.hasShared))
    func catalogModelsPresolve() throws {
        var lines: [String] = []
        for entry in PresolveCatalogEntry.all {
            guard let (model, _) = try? MPSReader.read(contentsOf: entry.path) else { continue }
            let start = Date()
            let outcome = presolve(model)
            let time = Date().timeIntervalSince(start)
            switch outcome {
            case let .reduced(reduced, postsolve, s):
                var line = "\(entry.name): \(s.description) [\(String(format: "%.3f", time)) s]"
                // LPs (and models presolve emptied): solve the reduced model, postsolve, check.
                if (!model.isMIP || reduced.numberOfVariables == 0), let opt = entry.optimum {
                    let values: [Double]?
                    if reduced.numberOfVariables == 0 {
                        values = postsolve.originalValues(from: [])
                    } else {
                        let r = solveLP(reduced, options: SolverOptions(timeLimit: 3))
                        // A time limit is the LP's business, not presolve's: skip the comparison then.
                        #expect(r.status == .optimal || r.status == .timeLimit, "\(entry.name): reduced LP \(r.status) \(r.message ?? "")")
                        values = r.status == .optimal ? r.values.map { postsolve.originalValues(from: $0) } : nil
                        if r.status == .timeLimit { line += " (reduced LP hit the test's time limit)" }
                    }
                    if let values {
                        let check = model.check(values)
                        #expect(check.isFeasible, "\(entry.name): postsolved point \(check)")
                        #expect(abs(check.objective - opt) <= 1e-6 * max(1, abs(opt)), "\(entry.name): \(check.objective) vs \(opt)")
                        line += String(format: " objective %.9g (catalog %.9g)", check.objective, opt)
                    }
                }
                lines.append(line)
            case let .infeasible(msg):
                lines.append("\(entry.name): infeasible: \(msg)")
                #expect(entry.status.contains("infeasible"), "\(entry.name) wrongly infeasible: \(msg)")
            case let .unbounded(msg):
                lines.append("\(entry.name): unbounded: \(msg)")
                #expect(entry.status.contains("unbounded"), "\(entry.name) wrongly unbounded: \(msg)")
            }
        }
        print(lines.joined(separator: "\n"))
    }

    /// Small catalog MIPs: search the reduced model (without a second presolve), postsolve, check on the
    /// original and compare the objective with the catalog.
    @Test(.enabled(if: TestPaths.hasShared))
    func catalogMIPsKeepTheirOptimum() throws {
        let names = ["egout", "gr4x6", "p0033", "flugpl", "lseu", "gt2"]
        var lines: [String] = []
        for entry in PresolveCatalogEntry.all where names.contains(entry.name) {
            guard let (model, _) = try? MPSReader.read(contentsOf: entry.path), let opt = entry.optimum else { continue }
            guard case let .reduced(reduced, postsolve, stats) = presolve(model) else {
                Issue.record("\(entry.name): presolve claimed a proof")
                continue
            }
            var options = SolverOptions(timeLimit: 5, threads: 1)
            options.presolve = false
            let r = solveMIP(reduced, options: options, strengthening: RootStrengthening())
            guard r.status == .optimal, let values = r.values else {
                lines.append("\(entry.name): search ended \(r.status) (not compared)")
                continue
            }
            let check = model.check(postsolve.originalValues(from: values))
            #expect(check.isFeasible, "\(entry.name): \(check)")
            #expect(abs(check.objective - opt) <= 1e-4 * max(1, abs(opt)), "\(entry.name): \(check.objective) vs \(opt)")
            lines.append("\(entry.name): objective \(check.objective) (catalog \(opt)), \(r.nodes) nodes; \(stats.description)")
        }
        print(lines.joined(separator: "\n"))
    }
}
