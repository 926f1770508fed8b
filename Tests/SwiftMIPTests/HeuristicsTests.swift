import Foundation
import Testing
@testable import SwiftMIP

/// Generalised assignment: every job goes to exactly one machine (equality rows), machine capacities
/// (knapsack rows); simple rounding cannot repair the LP point, so a solution needs diving or search.
func heurAssignment(jobs n: Int, machines m: Int, seed: UInt64, slack: Double = 0.8) -> Model {
    var rng = TestRandom(state: seed)
    var model = Model(name: "gap")
    var x: [[Variable]] = []
    for i in 0..<m { x.append((0..<n).map { j in model.addVariable(name: "x\(i)_\(j)", kind: .binary) }) }
    for j in 0..<n { model.addConstraint((0..<m).map { LinearExpression(x[$0][j]) }.sum() == 1) }
    var objective: [LinearExpression] = []
    for i in 0..<m {
        let w = (0..<n).map { _ in Double(rng.int(5...25)) }
        model.addConstraint((0..<n).map { w[$0] * x[i][$0] }.sum() <= (slack * w.reduce(0, +) / Double(m)).rounded(.up))
        for j in 0..<n { objective.append(Double(rng.int(1...40)) * x[i][j]) }
    }
    model.minimize(objective.sum())
    return model
}

/// A worker of a fresh one-thread search over `model` (no presolve), with its root LP solved.
private struct HeurRootFixture {
    let model: Model
    let store: IncumbentStore
    let worker: SearchWorker
    let x: [Double]

    init(_ model: Model, adjust: (inout SearchSettings) -> Void = { _ in }) {
        self.model = model
        let compressed = CompressedModel(model)
        store = IncumbentStore(original: model, searchModel: compressed, postsolve: { $0 })
        var settings = SearchSettings()
        settings.divingOffset = 100_000
        adjust(&settings)
        let search = TreeSearch(model: compressed, rootLower: compressed.columnLower, rootUpper: compressed.columnUpper,
                                settings: settings, store: store, rule: MostFractionalBranching(), log: nil)
        worker = SearchWorker(search: search, id: 0)
        _ = worker.solveLP()
        x = worker.lp.columnValues
    }

    var lower: [Double] { worker.search.rootLower }
    var upper: [Double] { worker.search.rootUpper }

    /// The incumbent, which must pass the independent checker on the original model.
    func expectCheckedIncumbent(sourceLocation: SourceLocation = #_sourceLocation) {
        let incumbent = store.incumbent
        #expect(incumbent != nil, sourceLocation: sourceLocation)
        if let incumbent {
            #expect(model.check(incumbent.originalValues).isFeasible, sourceLocation: sourceLocation)
        }
    }
}

@Suite("Heur diving")
struct HeurDivingTests {
    @Test(arguments: [DivingRule.fractional, .coefficient])
    func divingFindsACheckedSolution(_ rule: DivingRule) {
        for seed: UInt64 in [1, 2, 3] {
            let fixture = HeurRootFixture(heurAssignment(jobs: 12, machines: 4, seed: seed, slack: 1.2))
            fixture.worker.dive(rule, x: fixture.x, lower: fixture.lower, upper: fixture.upper)
            fixture.expectCheckedIncumbent()
        }
    }

    @Test func coefficientDivingOnAMixedModel() {
        let fixture = HeurRootFixture(facilityLocation(facilities: 8, customers: 12, seed: 3))
        fixture.worker.dive(.coefficient, x: fixture.x, lower: fixture.lower, upper: fixture.upper)
        fixture.expectCheckedIncumbent()
    }

    @Test func guidedDivingImprovesOnAPoorIncumbent() {
        let model = heurAssignment(jobs: 12, machines: 4, seed: 5)
        let fixture = HeurRootFixture(model)
        // A first feasible solution from a one-solution search.
        let first = solveMIP(model, options: SolverOptions(solutionLimit: 1, threads: 1)) { $0.heuristics = false }
        guard let values = first.values else { Issue.record("no first solution"); return }
        #expect(fixture.store.submit(values, source: .user) == .accepted)
        #expect(fixture.worker.divingRulesForNode(isRoot: false).count == 1)
        fixture.worker.dive(.guided, x: fixture.x, lower: fixture.lower, upper: fixture.upper)
        fixture.expectCheckedIncumbent()
        #expect(fixture.store.solutionCount >= 1)
    }

    @Test func guidedDivingNeedsAnIncumbent() {
        let fixture = HeurRootFixture(heurAssignment(jobs: 8, machines: 3, seed: 1))
        fixture.worker.dive(.guided, x: fixture.x, lower: fixture.lower, upper: fixture.upper)
        #expect(fixture.store.incumbent == nil)
        // The rotation skips guided diving without an incumbent.
        for _ in 0..<3 {
            #expect(!fixture.worker.divingRulesForNode(isRoot: false).contains(.guided))
            fixture.worker.heuristicState.dives += 1
        }
    }
}

@Suite("Heur RINS")
struct HeurRINSTests {
    @Test func rinsImprovesAFirstSolution() {
        var improved = 0
        let models = [UInt64(5), 6, 7].map { heurAssignment(jobs: 14, machines: 4, seed: $0, slack: 1.2) }
            + [UInt64(3), 4, 5].map { multiKnapsack(items: 30, rows: 3, seed: $0) }
        for model in models {
            let fixture = HeurRootFixture(model) { $0.rinsMinimumFixingRate = 0 }
            let first = solveMIP(model, options: SolverOptions(solutionLimit: 1, threads: 1)) { $0.heuristics = false }
            guard let values = first.values, let firstObjective = first.objectiveValue else {
                Issue.record("no first solution"); continue
            }
            #expect(fixture.store.submit(values, source: .user) == .accepted)
            #expect(fixture.worker.rins(x: fixture.x))
            fixture.expectCheckedIncumbent()
            let exact = solveMIP(model, options: SolverOptions(threads: 1, relativeGap: 0))
            let now = fixture.store.incumbent.map { fixture.store.original.check($0.originalValues).objective } ?? .nan
            // Compare in minimisation form: RINS only ever improves, and never beyond the optimum.
            let sign = model.sense == .minimize ? 1.0 : -1.0
            #expect(sign * now >= sign * (exact.objectiveValue ?? 0) - 1e-6)
            #expect(sign * now <= sign * firstObjective + 1e-9)
            if sign * now < sign * firstObjective - 1e-9 { improved += 1 }
        }
        #expect(improved >= 1)
    }

    @Test func rinsSkipsWithTooFewAgreeingColumns() {
        let model = heurAssignment(jobs: 10, machines: 3, seed: 2)
        let fixture = HeurRootFixture(model) { $0.rinsMinimumFixingRate = 1.01 }
        let first = solveMIP(model, options: SolverOptions(solutionLimit: 1, threads: 1))
        guard let values = first.values else { Issue.record("no first solution"); return }
        fixture.store.submit(values, source: .user)
        #expect(!fixture.worker.rins(x: fixture.x))
    }

    @Test func forcedHeuristicsStayDeterministicWithOneThread() {
        let model = heurAssignment(jobs: 16, machines: 4, seed: 9)
        let force: (inout SearchSettings) -> Void = { s in
            s.rinsFrequency = 3
            s.rinsMinimumInterval = 1
            s.rinsMinimumFixingRate = 0
            s.divingFrequency = 2
        }
        let a = solveMIP(model, options: SolverOptions(threads: 1, relativeGap: 0), adjust: force)
        let b = solveMIP(model, options: SolverOptions(threads: 1, relativeGap: 0), adjust: force)
        let plain = solveMIP(model, options: SolverOptions(threads: 1, relativeGap: 0)) { $0.heuristics = false }
        #expect(a.status == .optimal && plain.status == .optimal)
        #expect(a.nodes == b.nodes && a.iterations == b.iterations && a.values == b.values)
        expectValid(a, model, optimum: nil)
        #expect(abs((a.objectiveValue ?? 0) - (plain.objectiveValue ?? 1)) <= 1e-6)
    }
}

@Suite("Heur catalog")
struct HeurCatalogTests {
    static let names: Set<String> = ["p0033", "flugpl", "gr4x6", "egout", "lseu", "misc03", "stein27"]

    /// Catalog MIPs solved with every tree heuristic forced to run often: the answers stay the catalog's.
    @Test(.enabled(if: TestPaths.hasShared), arguments: catalogMIPs().filter { names.contains($0.name) })
    func forcedHeuristicsKeepCatalogAnswers(_ entry: CatalogMIP) throws {
        guard let shared = TestPaths.shared, let optimum = entry.optimum else { return }
        let model = try readCatalogModel(shared.appendingPathComponent("instances").appendingPathComponent(entry.file))
        let result = solveMIP(model, options: SolverOptions(timeLimit: 20, threads: 1, relativeGap: 1e-7)) { s in
            s.rinsFrequency = 10
            s.rinsMinimumInterval = 2
            s.rinsMinimumFixingRate = 0.1
            s.divingFrequency = 3
        }
        #expect(result.status == .optimal, "\(entry.name): \(result.status)")
        expectValid(result, model, optimum: optimum)
        if let value = result.objectiveValue {
            #expect(abs(value - optimum) <= 1e-6 * max(1, abs(optimum)), "\(entry.name): \(value) vs \(optimum)")
        }
    }
}
