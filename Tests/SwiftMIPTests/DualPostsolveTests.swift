import Foundation
import Testing
@testable import SwiftMIP

/// Solves `model` with presolve on and off; both must be optimal with the same objective, and the
/// presolved solve must return values that pass `Model.check` and duals that pass `Model.checkDuals`.
/// Returns the presolve statistics (to see which reductions ran) and the dual check.
@discardableResult
func dualPostsolveAndVerify(_ model: Model, tolerance: Double = 1e-6, name: String = "",
                            sourceLocation: SourceLocation = #_sourceLocation) -> (stats: PresolveStats?, check: DualCheck?) {
    var stats: PresolveStats? = nil
    if case let .reduced(_, _, s) = presolve(model) { stats = s }
    let on = solvePresolvedLP(model, options: SolverOptions(timeLimit: 60, presolve: true))
    let off = solvePresolvedLP(model, options: SolverOptions(timeLimit: 60, presolve: false))
    #expect(on.status == off.status, "\(name): presolve on \(on.status) \(on.message ?? ""), off \(off.status)", sourceLocation: sourceLocation)
    guard on.status == .optimal, off.status == .optimal, let values = on.values,
          let onObjective = on.objectiveValue, let offObjective = off.objectiveValue else { return (stats, nil) }
    #expect(abs(onObjective - offObjective) <= 1e-6 * max(1, abs(offObjective)),
            "\(name): objective \(onObjective) with presolve, \(offObjective) without", sourceLocation: sourceLocation)
    let check = model.check(values)
    #expect(check.isFeasible, "\(name): \(check)", sourceLocation: sourceLocation)
    guard let duals = on.duals, let reducedCosts = on.reducedCosts else {
        Issue.record("\(name): no duals with presolve: \(on.message ?? "")", sourceLocation: sourceLocation)
        return (stats, nil)
    }
    let dualCheck = model.checkDuals(values: values, duals: duals, reducedCosts: reducedCosts)
    #expect(dualCheck.isOptimal(tolerance: tolerance), "\(name): \(dualCheck)", sourceLocation: sourceLocation)
    #expect(abs(dualCheck.dualObjective - onObjective) <= tolerance * max(1, abs(onObjective)),
            "\(name): dual objective \(dualCheck.dualObjective) vs \(onObjective)", sourceLocation: sourceLocation)
    return (stats, dualCheck)
}

@Suite("DualPostReductions")
struct DualPostReductionTests {
    /// A fixed column turns its row into a singleton row; the bound the row implies carries the
    /// reduced cost, which moves back to the row's dual.
    @Test func fixedColumnAndSingletonRow() {
        var m = Model()
        let x = m.addVariable(name: "x", lowerBound: 2, upperBound: 2)
        let y = m.addVariable(name: "y", lowerBound: 0, upperBound: 10)
        let w = m.addVariable(name: "w", lowerBound: -1, upperBound: 5)   // empty column
        m.addConstraint(x + y >= 3, name: "r")
        m.addConstraint(2 * y <= 7, name: "s")
        m.addConstraint(ConstraintInfo(name: "empty", lowerBound: -1, upperBound: 1, terms: []))
        m.minimize(x + y - w)
        let (s, _) = dualPostsolveAndVerify(m)
        #expect(s?[.fixedColumn] ?? 0 >= 1)
        #expect(s?[.singletonRow] ?? 0 >= 1)
        #expect(s?[.emptyColumn] ?? 0 >= 1)
        // y = 1 rests on the row r: its dual is 1, and y's reduced cost 0.
        let r = try? m.solve(options: SolverOptions(presolve: true))
        #expect(r?.duals.map { abs($0[0] - 1) < 1e-9 } == true)
        #expect(r?.reducedCosts.map { abs($0[1]) < 1e-9 && abs($0[2] + 1) < 1e-9 } == true)
    }

    @Test func singletonRowsBothSides() {
        var m = Model()
        let x = m.addVariable(name: "x", lowerBound: 0, upperBound: 10)
        let y = m.addVariable(name: "y", lowerBound: 0, upperBound: 10)
        m.addConstraint(2 * x <= 7, name: "s1")       // x <= 3.5
        m.addConstraint(-3 * y <= -4, name: "s2")     // y >= 4/3
        m.addConstraint(x + y <= 6, name: "r")
        m.addConstraint(x - y <= 4, name: "r2")
        m.maximize(2 * x - y)
        #expect(dualPostsolveAndVerify(m).stats?[.singletonRow] ?? 0 >= 2)
        m.maximize(2 * x + y)   // r binds instead
        dualPostsolveAndVerify(m)
    }

    /// A forcing row fixes its columns; their reduced costs get the right signs from the row's dual.
    @Test func forcingRow() {
        var m = Model()
        let x = m.addVariable(name: "x", lowerBound: 0, upperBound: 3)
        let y = m.addVariable(name: "y", lowerBound: 0, upperBound: 2)
        let z = m.addVariable(name: "z", lowerBound: 0, upperBound: 5)
        m.addConstraint(x + y <= 0, name: "force")      // forces x = y = 0
        m.addConstraint(x + y + z >= 1, name: "r")
        m.addConstraint(z - x <= 4, name: "r2")
        m.minimize(-x - 2 * y + z)
        #expect(dualPostsolveAndVerify(m).stats?[.forcingRow] == 1)
        // Maximum-activity side: -x - y >= 0.
        var n = Model()
        let a = n.addVariable(name: "a", lowerBound: 0, upperBound: 3)
        let b = n.addVariable(name: "b", lowerBound: 0, upperBound: 2)
        let c = n.addVariable(name: "c", lowerBound: 0, upperBound: 5)
        n.addConstraint(-1 * a - b >= 0, name: "force")
        n.addConstraint(a + b + c >= 1, name: "r")
        n.addConstraint(c - a <= 4, name: "r2")
        n.maximize(a + 3 * b - c)
        #expect(dualPostsolveAndVerify(n).stats?[.forcingRow] == 1)
    }

    @Test func redundantAndDominated() {
        var m = Model()
        let x = m.addVariable(name: "x", lowerBound: 0, upperBound: 4)
        let y = m.addVariable(name: "y", lowerBound: 0, upperBound: 4)
        let w = m.addVariable(name: "w", lowerBound: 1, upperBound: 3)
        m.addConstraint(x + y <= 50, name: "redundant")
        m.addConstraint(x + y + w <= 6, name: "r")
        m.addConstraint(x - y + 2 * w <= 5, name: "r2")
        m.addConstraint(x + 2 * y >= 1, name: "r3")
        m.maximize(x + y - w)   // w only in <= rows with positive coefficients and cost pushes it down
        let s = dualPostsolveAndVerify(m).stats
        #expect(s?[.dominatedColumn] ?? 0 >= 1)
        #expect(s?[.redundantRow] ?? 0 >= 1)
    }

    /// Free column singletons: substituted out of an equation, out of an inequality tight on the side its
    /// cost pushes to, and (zero cost) absorbing a ranged row.
    @Test func freeColumnSingletons() {
        var m = Model()
        let x = m.addVariable(name: "x", lowerBound: 0, upperBound: 3)
        let y = m.addVariable(name: "y", lowerBound: 0, upperBound: 3)
        let s = m.addVariable(name: "s", lowerBound: -.infinity, upperBound: .infinity)
        m.addConstraint(x + 2 * y + s == 4, name: "def")
        m.addConstraint(x + y <= 4, name: "r")
        m.addConstraint(x - y <= 2, name: "r2")
        m.minimize(-x - y + 3 * s)
        #expect(dualPostsolveAndVerify(m).stats?[.freeColumnSingleton] == 1)

        var n = Model()
        let a = n.addVariable(name: "a", lowerBound: 0, upperBound: 2)
        let b = n.addVariable(name: "b", lowerBound: 0, upperBound: 2)
        let t = n.addVariable(name: "t", lowerBound: -10, upperBound: 10)
        n.addConstraint(LinearConstraint(a + b + t, lowerBound: 1, upperBound: 5), name: "range")
        n.addConstraint(a + b <= 3, name: "r")
        n.addConstraint(b - a <= 1, name: "r2")
        n.minimize(t - 2 * a - b)
        #expect(dualPostsolveAndVerify(n).stats?[.freeColumnSingleton] == 1)
        n.minimize(-1 * t - 2 * a - b)   // the other side
        dualPostsolveAndVerify(n)
        n.minimize(-2 * a - b)           // zero cost: t absorbs the row
        dualPostsolveAndVerify(n)
    }

    /// Doubleton equations: the kept column's reduced cost rests on its own bound, or on a bound the
    /// eliminated column implied (then it moves to the eliminated column).
    @Test func doubletonEquations() {
        for (upperY, cost) in [(3.0, 1.0), (10.0, 1.0), (3.0, -1.0), (10.0, -1.0)] {
            var m = Model()
            let x = m.addVariable(name: "x", lowerBound: 0, upperBound: 8)
            let y = m.addVariable(name: "y", lowerBound: 0.5, upperBound: upperY)
            let z = m.addVariable(name: "z", lowerBound: 0, upperBound: 5)
            m.addConstraint(x - 2 * y == 0, name: "doubleton")
            m.addConstraint(x + y + z <= 12, name: "r")
            m.addConstraint(y - z >= -2, name: "r2")
            m.maximize(cost * x + 0.5 * y + z)
            #expect(dualPostsolveAndVerify(m, name: "\(upperY) \(cost)").stats?[.doubletonEquation] == 1)
        }
    }

    /// Parallel rows: the dual moves to the row that gave the binding side.
    @Test func duplicateRows() {
        for objective in [1.0, -1.0] {
            var m = Model()
            let x = m.addVariable(name: "x", lowerBound: 0, upperBound: 5)
            let y = m.addVariable(name: "y", lowerBound: 0, upperBound: 5)
            let z = m.addVariable(name: "z", lowerBound: 0, upperBound: 5)
            m.addConstraint(x + 2 * y + z <= 8, name: "a")
            m.addConstraint(-2 * x - 4 * y - 2 * z <= -3, name: "b")   // x + 2y + z >= 1.5
            m.addConstraint(x - y + z <= 3, name: "c")
            m.maximize(objective * (x + y + z))
            #expect(dualPostsolveAndVerify(m).stats?[.duplicateRow] == 1)
        }
    }

    @Test func duplicateColumns() {
        for sense in [ObjectiveSense.maximize, .minimize] {
            var m = Model()
            // y is 3·x in every row and in the cost (negative factors: w is −x).
            let x = m.addVariable(name: "x", lowerBound: -1, upperBound: 2)
            let y = m.addVariable(name: "y", lowerBound: 0, upperBound: 1)
            let w = m.addVariable(name: "w", lowerBound: 0, upperBound: 4)
            let z = m.addVariable(name: "z", lowerBound: 0, upperBound: 6)
            m.addConstraint(2 * x + 6 * y - 2 * w + z <= 9, name: "a")
            m.addConstraint(x + 3 * y - w - z >= -1, name: "b")
            m.addConstraint(z - 0.5 * x - 1.5 * y + 0.5 * w <= 2, name: "c")
            let cost = -2 * x - 6 * y + 2 * w + 0.25 * z
            if sense == .maximize { m.maximize(cost) } else { m.minimize(cost) }
            #expect(dualPostsolveAndVerify(m).stats?[.duplicateColumn] ?? 0 >= 1)
        }
    }

    /// Presolve removes everything: the duals come from the postsolve alone.
    @Test func fullySolvedByPresolve() {
        var m = Model()
        let x = m.addVariable(name: "x", lowerBound: 0, upperBound: 10)
        let y = m.addVariable(name: "y", lowerBound: 0, upperBound: 10)
        m.addConstraint(x <= 4, name: "s1")
        m.addConstraint(3 * y >= 2, name: "s2")
        m.maximize(x - y)
        let r = dualPostsolveAndVerify(m)
        #expect(r.check != nil)
    }

    /// MIP presolve changes the LP relaxation: its postsolve refuses duals rather than guessing.
    @Test func mipPresolveHasNoDuals() {
        var m = Model()
        let x = m.addVariable(name: "x", lowerBound: 0, upperBound: 10, kind: .integer)
        let y = m.addVariable(name: "y", lowerBound: 0, upperBound: 10)
        m.addConstraint(2 * x + y <= 7, name: "r")
        m.addConstraint(x - y <= 1, name: "r2")
        m.maximize(x + y)
        guard case let .reduced(_, post, _) = presolve(m) else { Issue.record("presolve failed"); return }
        #expect(post.dualsUnavailable != nil)
        let s = post.originalSolution(values: [Double](repeating: 0, count: post.columnMap.count),
                                      rowDuals: [Double](repeating: 0, count: post.rowMap.count),
                                      reducedCosts: [Double](repeating: 0, count: post.columnMap.count))
        #expect(s.rowDuals == nil && s.reducedCosts == nil)
    }

    /// Random small LPs (the presolve tests' generator, every column continuous): with presolve, every
    /// optimal solve carries duals that pass the check (the solve drops duals that fail it, so a
    /// missing dual here is a postsolve bug).
    @Test func randomLPs() {
        let env = ProcessInfo.processInfo.environment
        var rng = SplitMix64(seed: UInt64(env["DUALPOST_SEED"] ?? "") ?? 20261123)
        let trials = Int(env["DUALPOST_TRIALS"] ?? "") ?? 400
        var optimal = 0
        for trial in 0..<trials {
            var m = PresolveTests().randomModel(&rng, trial: trial)
            for j in m.variables.indices { m.variables[j].kind = .continuous }
            let (_, check) = dualPostsolveAndVerify(m, name: "random \(trial)")
            if check != nil { optimal += 1 }
        }
        #expect(optimal > trials / 3)
    }
}

@Suite("DualPostCatalog")
struct DualPostCatalogTests {
    /// Netlib LPs solved with presolve on: the postsolved point passes `Model.check`, the duals pass
    /// the dual check within 1e-6 and the objective matches the catalog and the solve without presolve.
    /// Prints, per model, whether full duals came back and the times with and without presolve.
    @Test(.enabled(if: TestPaths.hasShared))
    func netlibDuals() throws {
        var lines: [String] = []
        var withDuals = 0, total = 0
        let limit = Double(ProcessInfo.processInfo.environment["DUALPOST_TIME_LIMIT"] ?? "") ?? 20
        for entry in PresolveCatalogEntry.all where entry.kind == "lp" && entry.status == "optimal" {
            guard let (model, _) = try? MPSReader.read(contentsOf: entry.path) else { continue }
            // Keep the test quick: the larger netlib models only with DUALPOST_ALL=1.
            guard model.numberOfNonzeros <= 12_000 || ProcessInfo.processInfo.environment["DUALPOST_ALL"] == "1" else { continue }
            total += 1
            let t0 = Date()
            let on = solvePresolvedLP(model, options: SolverOptions(timeLimit: limit, presolve: true))
            let t1 = Date()
            let off = solvePresolvedLP(model, options: SolverOptions(timeLimit: limit, presolve: false))
            let t2 = Date()
            var line = "\(entry.name): \(on.status)"
            defer { lines.append(line) }
            guard on.status == .optimal, let values = on.values, let objective = on.objectiveValue else {
                #expect(on.status == .timeLimit, "\(entry.name): \(on.status) \(on.message ?? "")")
                continue
            }
            #expect(model.check(values).isFeasible, "\(entry.name): \(model.check(values))")
            if let opt = entry.optimum {
                #expect(abs(objective - opt) <= 1e-6 * max(1, abs(opt)), "\(entry.name): \(objective) vs \(opt)")
            }
            if let offObjective = off.objectiveValue {
                #expect(abs(objective - offObjective) <= 1e-6 * max(1, abs(offObjective)))
            }
            if let y = on.duals, let z = on.reducedCosts {
                let check = model.checkDuals(values: values, duals: y, reducedCosts: z)
                #expect(check.isOptimal(), "\(entry.name): \(check)")
                withDuals += 1
                line += " duals ok (\(check))"
            } else {
                line += " NO duals: \(on.message ?? "")"
            }
            if let y = off.duals, let z = off.reducedCosts, let x = off.values {
                line += "; without presolve: \(model.checkDuals(values: x, duals: y, reducedCosts: z).isOptimal() ? "ok" : "FAILS")"
            }
            line += String(format: "; %.3f s with presolve, %.3f s without", t1.timeIntervalSince(t0), t2.timeIntervalSince(t1))
        }
        print(lines.joined(separator: "\n"))
        print("netlib with full duals after presolve: \(withDuals) of \(total)")
        #expect(withDuals == total)
    }
}
