import Foundation
import Testing
import Synchronization
@testable import SwiftMIP

/// A small random MIP with integer columns in short ranges, optional continuous columns, ranged and
/// one-sided rows with integer or fractional coefficients, and a known feasible point.
private func gmiRandomMIP(seed: UInt64, integers: Int, continuous: Int, rows: Int) -> Model {
    var rng = SplitMix64(seed: seed)
    func uniform(_ r: ClosedRange<Int>) -> Int { Int.random(in: r, using: &rng) }
    var model = Model(name: "gmi\(seed)")
    var vars: [Variable] = []
    var point: [Double] = []
    for k in 0..<integers {
        let lo = Double(uniform(-1...0))
        vars.append(model.addVariable(name: "i\(k)", bounds: lo...(lo + 3), integer: true))
        point.append(lo + Double(uniform(0...3)))
    }
    for k in 0..<continuous {
        vars.append(model.addVariable(name: "c\(k)", bounds: 0...4))
        point.append(Double(uniform(0...8)) / 2)
    }
    for r in 0..<rows {
        let fractional = r % 2 == 1
        var terms: [LinearTerm] = []
        var activity = 0.0
        for (k, v) in vars.enumerated() {
            var a = Double(uniform(-6...6))
            if fractional { a += Double(uniform(0...3)) / 4 }
            if a == 0 { continue }
            terms.append(LinearTerm(a, v))
            activity += a * point[k]
        }
        let slack = Double(uniform(0...4)) / 2
        let kind = uniform(0...2)
        let lower = kind == 0 ? -Double.infinity : activity - slack
        let upper = kind == 1 ? Double.infinity : activity + slack
        _ = model.addConstraint(ConstraintInfo(name: "r\(r)", lowerBound: lower, upperBound: upper, terms: terms))
    }
    var objective = LinearExpression()
    for v in vars { objective = objective + Double(uniform(-5...5)) * v }
    if seed % 2 == 0 { model.minimize(objective) } else { model.maximize(objective) }
    return model
}

/// Up to three rounds of a tableau separator (GMI by default) at the root LP of `model` (cuts added
/// to the LP between rounds).
private func gmiRounds(_ cm: CompressedModel, rounds: Int = 3,
                       separator: any CutSeparator = GomoryMixedIntegerSeparator()) -> [Cut] {
    let lp = LPSolver(model: cm)
    guard lp.solve() == .optimal else { return [] }
    var cuts: [Cut] = []
    for round in 0..<rounds {
        let x = lp.columnValues
        let context = CutContext(model: cm, values: x, lower: cm.columnLower, upper: cm.columnUpper,
                                 lpObjective: lp.objectiveValue, rowActivities: lp.rowActivities, basis: lp.basis,
                                 existingCuts: cuts, round: round, tableau: lp.tableau())
        let fresh = separator.separate(context)
        for c in fresh { #expect(c.efficacy(at: x) > 0, "a \(separator.name) cut must be violated at the LP point") }
        if fresh.isEmpty { break }
        lp.addRows(fresh.map(\.row), lower: fresh.map(\.lower), upper: fresh.map(\.upper))
        cuts += fresh
        guard lp.solve() == .optimal else { break }
    }
    return cuts
}

/// Checks every cut against every integer-feasible point of a small model: integer columns are
/// enumerated, continuous ones minimise the cut's activity by LP (so the check is exact).
private func expectCutsValid(_ cm: CompressedModel, _ cuts: [Cut]) -> Int {
    let n = cm.columnCount
    let ints = (0..<n).filter { cm.isInteger[$0] }
    let conts = (0..<n).filter { !cm.isInteger[$0] }
    var point = cm.columnLower
    var feasiblePoints = 0
    let lp = LPSolver(model: cm)
    func visit(_ k: Int) {
        if k < ints.count {
            let j = ints[k]
            var v = cm.columnLower[j]
            while v <= cm.columnUpper[j] { point[j] = v; visit(k + 1); v += 1 }
            return
        }
        if conts.isEmpty {
            let act = cm.matrix.multiply(point)
            for i in 0..<cm.rowCount where act[i] < cm.rowLower[i] - 1e-9 || act[i] > cm.rowUpper[i] + 1e-9 { return }
            feasiblePoints += 1
            for c in cuts {
                var a = 0.0
                for (t, j) in c.row.indices.enumerated() { a += c.row.values[t] * point[Int(j)] }
                #expect(a >= c.lower - 1e-7 * max(1, abs(c.lower)), "cut violated at an integer point \(point)")
                #expect(a <= c.upper + 1e-7 * max(1, abs(c.upper)), "cut violated at an integer point \(point)")
            }
            return
        }
        // Integers fixed; the continuous columns free within their bounds.
        for j in ints { lp.setColumnBounds(j, lower: point[j], upper: point[j]) }
        for j in 0..<n { lp.setCost(j, 0) }
        guard lp.solve() == .optimal else { return }
        feasiblePoints += 1
        for c in cuts {
            // The least and the greatest activity over the continuous columns (costs ±row).
            for sense in [1.0, -1.0] where sense > 0 ? c.lower.isFinite : c.upper.isFinite {
                var constant = 0.0
                for j in 0..<n { lp.setCost(j, 0) }
                for (t, j) in c.row.indices.enumerated() {
                    if cm.isInteger[Int(j)] { constant += c.row.values[t] * point[Int(j)] } else { lp.setCost(Int(j), sense * c.row.values[t]) }
                }
                guard lp.solve() == .optimal else { continue }
                if sense > 0 {
                    let least = constant + lp.objectiveValue
                    #expect(least >= c.lower - 1e-6 * max(1, abs(c.lower)), "cut violated at a mixed-integer point")
                } else {
                    let greatest = constant - lp.objectiveValue
                    #expect(greatest <= c.upper + 1e-6 * max(1, abs(c.upper)), "cut violated at a mixed-integer point")
                }
            }
        }
    }
    visit(0)
    return feasiblePoints
}

@Suite("Cuts: Gomory mixed-integer (gmi)")
struct GMICutsTests {
    @Test func tableauRowsAreIdentitiesAtTheLPPoint() {
        for seed in 1...6 {
            let cm = CompressedModel(gmiRandomMIP(seed: UInt64(seed), integers: 4, continuous: 2, rows: 4))
            let lp = LPSolver(model: cm)
            guard lp.solve() == .optimal, let tableau = lp.tableau() else { continue }
            let x = lp.columnValues, r = lp.rowActivities
            for slot in 0..<tableau.rowCount {
                guard let row = tableau.row(slot: slot) else { Issue.record("no tableau row"); continue }
                let b = row.basicVariable
                var s = b < cm.columnCount ? x[b] : r[b - cm.columnCount]
                for (k, j) in row.columnIndices.enumerated() { s += row.columnValues[k] * x[Int(j)] }
                for (k, i) in row.rowIndices.enumerated() { s += row.rowValues[k] * r[Int(i)] }
                #expect(abs(s) < 1e-7, "tableau identity residual \(s)")
            }
        }
    }

    @Test func cutsHoldAtEveryIntegerPoint() {
        var total = 0
        for seed in 1...24 {
            let continuous = seed % 3 == 0 ? 2 : 0
            let cm = CompressedModel(gmiRandomMIP(seed: UInt64(seed), integers: 4, continuous: continuous, rows: 4))
            let cuts = gmiRounds(cm)
            total += cuts.count
            if !cuts.isEmpty { _ = expectCutsValid(cm, cuts) }
        }
        #expect(total > 10, "the random models should give some cuts (got \(total))")
    }

    /// c-MIR on tableau aggregations (Cuts/TableauMIRSeparator.swift): rows of earlier rounds' cuts
    /// enter the aggregations as LP rows; row slacks continuous, or (every other seed) integer for
    /// integral rows.
    @Test func tableauCMIRCutsHoldAtEveryIntegerPoint() {
        var total = 0
        for seed in 1...24 {
            let continuous = seed % 3 == 0 ? 2 : 0
            let cm = CompressedModel(gmiRandomMIP(seed: UInt64(seed), integers: 4, continuous: continuous, rows: 4))
            var separator = TableauMIRSeparator()
            separator.integerSlacks = seed % 2 == 0
            let cuts = gmiRounds(cm, rounds: 4, separator: separator)
            total += cuts.count
            if !cuts.isEmpty { _ = expectCutsValid(cm, cuts) }
        }
        #expect(total > 10, "the random models should give some cuts (got \(total))")
    }

    @Test func knapsackRootBoundImprovesAndAnswersStay() {
        for seed in 1...3 {
            let (model, best) = knapsack(items: 12, seed: UInt64(seed))
            let on = solveMIP(model, options: SolverOptions(threads: seed == 3 ? 2 : 1, relativeGap: 0, cuts: true))
            let off = solveMIP(model, options: SolverOptions(relativeGap: 0, cuts: false))
            for r in [on, off] {
                #expect(r.status == .optimal)
                expectValid(r, model, optimum: best)
            }
            guard let lpBound = on.rootLPBound, let cutBound = on.rootCutBound else {
                Issue.record("root bounds missing"); continue
            }
            // Maximisation: cuts can only lower the root bound, never below the optimum.
            #expect(cutBound <= lpBound + 1e-9)
            #expect(cutBound >= best - 1e-6)
            #expect(off.rootCutBound == off.rootLPBound)
        }
    }

    /// The path aggregation draws its rows at random and the root cut loop runs a refresh pass: the root
    /// must still repeat exactly run after run, stay a valid bound, and answers must not change.
    @Test func randomPathsAndRefreshRepeatAndStayValid() {
        var refreshes = 0
        for seed: UInt64 in [3, 4] {
            let model = facilityLocation(facilities: 8, customers: 14, seed: seed)
            let lines = Mutex<[String]>([])
            let options = SolverOptions(nodeLimit: 1, threads: 1, log: { l in lines.withLock { $0.append(l) } })
            let first = solveMIP(model, options: options)
            let second = solveMIP(model, options: SolverOptions(nodeLimit: 1, threads: 1))
            let full = solveMIP(model, options: SolverOptions(threads: 2, relativeGap: 0))
            #expect(full.status == .optimal)
            expectValid(full, model, optimum: nil)
            guard let a = first.rootCutBound, let b = second.rootCutBound, let lp = first.rootLPBound,
                  let best = full.objectiveValue else { Issue.record("root bounds missing"); continue }
            #expect(a == b, "root bound \(a) then \(b)")
            #expect(a >= lp - 1e-9 && a <= best + 1e-6 * max(1, abs(best)), "root \(a), LP \(lp), optimum \(best)")
            if lines.withLock({ $0 }).contains(where: { $0.hasPrefix("Cut loop refresh") }) { refreshes += 1 }
        }
        #expect(refreshes >= 1, "a root loop of several rounds refreshes once")
    }

    @Test(.enabled(if: TestPaths.hasShared))
    func p0033RootGapClosedByGomory() throws {
        guard let shared = TestPaths.shared else { return }
        let model = try readCatalogModel(shared.appendingPathComponent("instances/mip/p0033.mps"))
        let result = solveMIP(model, options: SolverOptions(timeLimit: 20, threads: 1))
        expectValid(result, model, optimum: 3089)
        #expect(result.status == .optimal)
        guard let lp = result.rootLPBound, let cut = result.rootCutBound else { Issue.record("no root bounds"); return }
        let closed = (cut - lp) / (3089 - lp)
        #expect(closed > 0.2 && closed <= 1 + 1e-9, "root gap closed \(closed)")
    }

    @Test(.enabled(if: TestPaths.hasShared), arguments: ["p0033", "egout", "gt2", "flugpl", "gen"])
    func catalogWithCutsOff(_ name: String) throws {
        guard let entry = catalogMIPs().first(where: { $0.name == name }), let shared = TestPaths.shared else { return }
        let model = try readCatalogModel(shared.appendingPathComponent("instances").appendingPathComponent(entry.file))
        let result = solveMIP(model, options: SolverOptions(timeLimit: 20, threads: 1, relativeGap: 1e-7, cuts: false))
        #expect(result.status == .optimal, "\(name): \(result.status)")
        expectValid(result, model, optimum: entry.optimum)
    }
}
