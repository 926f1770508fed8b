import Foundation
import Synchronization
import Testing
@testable import SwiftMIP

/// A seeded generator so test models are the same every run.
struct TestRandom {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        var z = state
        z = (z ^ (z >> 33)) &* 0xff51afd7ed558ccd
        return z ^ (z >> 29)
    }
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }
}

/// A 0/1 knapsack, its optimum by brute force.
func knapsack(items n: Int, seed: UInt64) -> (Model, Double) {
    var rng = TestRandom(state: seed)
    let weights = (0..<n).map { _ in Double(rng.int(5...40)) }
    let values = (0..<n).map { _ in Double(rng.int(3...50)) }
    let capacity = (weights.reduce(0, +) / 2).rounded(.down)
    var model = Model(name: "knapsack\(n)")
    let x = (0..<n).map { model.addVariable(name: "x\($0)", kind: .binary) }
    model.addConstraint((0..<n).map { weights[$0] * x[$0] }.sum() <= capacity)
    model.maximize((0..<n).map { values[$0] * x[$0] }.sum())
    var best = 0.0
    for mask in 0..<(1 << n) {
        var w = 0.0, v = 0.0
        for i in 0..<n where mask & (1 << i) != 0 { w += weights[i]; v += values[i] }
        if w <= capacity { best = max(best, v) }
    }
    return (model, best)
}

/// A multi-dimensional knapsack big enough for a tree of some hundreds of nodes.
func multiKnapsack(items n: Int, rows m: Int, seed: UInt64) -> Model {
    var rng = TestRandom(state: seed)
    var model = Model(name: "mkp")
    let x = (0..<n).map { model.addVariable(name: "x\($0)", kind: .binary) }
    for _ in 0..<m {
        let w = (0..<n).map { _ in Double(rng.int(1...100)) }
        model.addConstraint((0..<n).map { w[$0] * x[$0] }.sum() <= (w.reduce(0, +) / 2).rounded(.down))
    }
    model.maximize((0..<n).map { Double(rng.int(10...100)) * x[$0] }.sum())
    return model
}

/// Solves `model` twice with one thread and expects the same search: optimal, same nodes, iterations and values.
@discardableResult
func expectDeterministicWithOneThread(_ model: Model, sourceLocation: SourceLocation = #_sourceLocation) -> (SolveResult, SolveResult) {
    let a = solveMIP(model, options: SolverOptions(threads: 1, relativeGap: 0))
    let b = solveMIP(model, options: SolverOptions(threads: 1, relativeGap: 0))
    #expect(a.status == .optimal, sourceLocation: sourceLocation)
    #expect(a.nodes == b.nodes, sourceLocation: sourceLocation)
    #expect(a.iterations == b.iterations, sourceLocation: sourceLocation)
    #expect(a.values == b.values, sourceLocation: sourceLocation)
    return (a, b)
}

func expectValid(_ result: SolveResult, _ model: Model, optimum: Double?, sourceLocation: SourceLocation = #_sourceLocation) {
    if let values = result.values {
        let check = model.check(values)
        #expect(check.isFeasible, "checker: \(check)", sourceLocation: sourceLocation)
        if let obj = result.objectiveValue {
            #expect(abs(check.objective - obj) <= 1e-6 * max(1, abs(obj)), sourceLocation: sourceLocation)
        }
    }
    if let optimum {
        // The bound never cuts off the optimum.
        let slack = 1e-6 * max(1, abs(optimum))
        if model.sense == .minimize { #expect(result.bestBound <= optimum + slack, sourceLocation: sourceLocation) }
        else { #expect(result.bestBound >= optimum - slack, sourceLocation: sourceLocation) }
        if result.status == .optimal {
            #expect(abs((result.objectiveValue ?? .nan) - optimum) <= 1e-6 * max(1, abs(optimum)),
                    "objective \(String(describing: result.objectiveValue)) vs \(optimum)", sourceLocation: sourceLocation)
        }
    }
}

@Suite("MIP")
struct MIPTests {
    @Test func knapsacksMatchBruteForce() {
        for seed in 1...6 {
            let (model, best) = knapsack(items: 12, seed: UInt64(seed))
            let result = solveMIP(model, options: SolverOptions(relativeGap: 0))
            #expect(result.status == .optimal)
            expectValid(result, model, optimum: best)
        }
    }

    @Test func mostFractionalRuleAgrees() {
        let (model, best) = knapsack(items: 12, seed: 42)
        let result = solveMIP(model, options: SolverOptions(relativeGap: 0), rule: MostFractionalBranching())
        #expect(result.status == .optimal)
        expectValid(result, model, optimum: best)
    }

    @Test func infeasibleMIP() {
        // 2x + 2y == 3 has no integer solution; the LP relaxation is feasible.
        var model = Model()
        let x = model.addVariable(lowerBound: 0, upperBound: 5, kind: .integer)
        let y = model.addVariable(lowerBound: 0, upperBound: 5, kind: .integer)
        let z = model.addVariable(lowerBound: 0, upperBound: 1)
        model.addConstraint(2 * x + 2 * y + 0 * z == 3)
        model.addConstraint(x - y + z <= 4)
        model.minimize(x + y)
        let result = solveMIP(model, options: SolverOptions())
        #expect(result.status == .infeasible)
        #expect(result.values == nil)
    }

    @Test func infeasibleNeedsBranching() {
        // x1 + x2 + x3 == 1.5 * 2 - 1 with odd-cycle constraints: x_i + x_j <= 1 for all pairs and sum >= 2.
        var model = Model()
        let x = (0..<3).map { _ in model.addVariable(kind: .binary) }
        model.addConstraint(x[0] + x[1] <= 1)
        model.addConstraint(x[1] + x[2] <= 1)
        model.addConstraint(x[0] + x[2] <= 1)
        model.addConstraint(x.sum() >= 1.5)
        model.maximize(x.sum())
        let result = solveMIP(model, options: SolverOptions(presolve: false))
        #expect(result.status == .infeasible)
    }

    @Test func unboundedMIP() {
        var model = Model()
        let x = model.addVariable(lowerBound: 0, upperBound: .infinity, kind: .integer)
        let y = model.addVariable(lowerBound: 0, upperBound: .infinity, kind: .integer)
        model.addConstraint(x - 2 * y <= 1)
        model.addConstraint(x + y >= 2)
        model.maximize(x + y)
        let result = solveMIP(model, options: SolverOptions())
        #expect(result.status == .unbounded)
        if let values = result.values { #expect(model.check(values).isFeasible) }
    }

    @Test func unboundedRelaxationButInfeasibleMIP() {
        // 2x - 2y == 1 over integers is infeasible, although the LP is unbounded in x + y.
        var model = Model()
        let x = model.addVariable(lowerBound: 0, upperBound: .infinity, kind: .integer)
        let y = model.addVariable(lowerBound: 0, upperBound: .infinity, kind: .integer)
        model.addConstraint(2 * x - 2 * y == 1)
        model.maximize(x + y)
        let result = solveMIP(model, options: SolverOptions(timeLimit: 1))
        #expect(result.status == .infeasible || result.status == .infeasibleOrUnbounded || result.status == .timeLimit)
        #expect(result.status != .unbounded)
    }

    @Test func equalityConstrainedIntegers() {
        // min x + y + z  s.t. 3x + 5y + 7z == 101, integers >= 0 -> brute force.
        var model = Model()
        let x = model.addVariable(lowerBound: 0, upperBound: 100, kind: .integer)
        let y = model.addVariable(lowerBound: 0, upperBound: 100, kind: .integer)
        let z = model.addVariable(lowerBound: 0, upperBound: 100, kind: .integer)
        model.addConstraint(3 * x + 5 * y + 7 * z == 101)
        model.addConstraint(x - y <= 3)
        model.minimize(2 * x + y + 1.5 * z + 4)
        var best = Double.infinity
        for a in 0...34 { for b in 0...20 { for c in 0...14 where 3 * a + 5 * b + 7 * c == 101 && a - b <= 3 {
            best = min(best, 2 * Double(a) + Double(b) + 1.5 * Double(c) + 4)
        } } }
        let result = solveMIP(model, options: SolverOptions(relativeGap: 0))
        #expect(result.status == .optimal)
        expectValid(result, model, optimum: best)
    }

    @Test func mixedIntegerWithContinuous() {
        // Facility-style: y_i binary opens capacity, x_ij continuous flow.
        var model = Model()
        let open = (0..<3).map { model.addVariable(name: "open\($0)", kind: .binary) }
        let cap = [10.0, 15.0, 8.0], fixed = [20.0, 30.0, 12.0]
        let demand = [6.0, 7.0, 5.0]
        var flows: [[Variable]] = []
        for i in 0..<3 {
            flows.append((0..<3).map { j in model.addVariable(name: "f\(i)\(j)", lowerBound: 0, upperBound: 100) })
            model.addConstraint(flows[i].sum() - cap[i] * open[i] <= 0)
        }
        for j in 0..<3 { model.addConstraint((0..<3).map { LinearExpression(flows[$0][j]) }.sum() >= demand[j]) }
        var objective = (0..<3).map { fixed[$0] * open[$0] }.sum()
        for i in 0..<3 { for j in 0..<3 { objective += Double(1 + (i + 2 * j) % 4) * flows[i][j] } }
        model.minimize(objective)
        // Brute force over the 8 openings with a tiny transport LP by enumeration is awkward; instead compare
        // with most-fractional branching and with relativeGap 0 (two independent searches).
        let a = solveMIP(model, options: SolverOptions(relativeGap: 0))
        let b = solveMIP(model, options: SolverOptions(relativeGap: 0), rule: MostFractionalBranching())
        #expect(a.status == .optimal && b.status == .optimal)
        expectValid(a, model, optimum: nil)
        #expect(abs((a.objectiveValue ?? 0) - (b.objectiveValue ?? 1)) <= 1e-6)
    }

    @Test func deterministicWithOneThread() {
        let (a, b) = expectDeterministicWithOneThread(multiKnapsack(items: 30, rows: 3, seed: 7))
        #expect(a.objectiveValue == b.objectiveValue)
    }

    @Test func nodeLimitOneGivesValidBound() {
        let model = multiKnapsack(items: 30, rows: 3, seed: 7)
        let exact = solveMIP(model, options: SolverOptions(relativeGap: 0))
        let limited = solveMIP(model, options: SolverOptions(nodeLimit: 1))
        #expect(limited.status == .nodeLimit || limited.status == .optimal)
        #expect(limited.nodes <= 1)
        expectValid(limited, model, optimum: exact.objectiveValue)
    }

    /// A market-split-like model (Cornuéjols & Dawande 1999): equality knapsacks with penalised slacks,
    /// whose tree keeps tens of thousands of nodes open.
    static func marketSplit(rows m: Int, columns n: Int, seed: UInt64) -> Model {
        var rng = TestRandom(state: seed)
        var model = Model(name: "market-split")
        let x = (0..<n).map { model.addVariable(name: "x\($0)", kind: .binary) }
        var penalties: [LinearExpression] = []
        for i in 0..<m {
            let a = (0..<n).map { _ in Double(rng.int(1...99)) }
            let over = model.addVariable(name: "o\(i)", lowerBound: 0, upperBound: .infinity, kind: .continuous)
            let under = model.addVariable(name: "u\(i)", lowerBound: 0, upperBound: .infinity, kind: .continuous)
            let rhs = (a.reduce(0, +) / 2).rounded(.down)
            model.addConstraint((0..<n).map { a[$0] * x[$0] }.sum() - 1 * over + 1 * under == rhs)
            penalties.append(1 * over)
            penalties.append(1 * under)
        }
        model.minimize(penalties.sum())
        return model
    }

    /// The last progress line of a limited search shows the search's final bound, also when more than
    /// 10 000 open nodes are freed in the background at the end (the line once showed the incumbent as
    /// the bound and a 0 % gap).
    @Test func closingProgressLineShowsTheFinalBound() {
        let lines = Mutex<[String]>([])
        let options = SolverOptions(nodeLimit: 40_000, threads: 1, logInterval: 0,
                                    log: { line in lines.withLock { $0.append(line) } })
        let model = Self.marketSplit(rows: 4, columns: 30, seed: 3)
        let result = solveMIP(model, options: options)
        guard result.status == .nodeLimit else { return }   // solved within the limit: nothing to check
        let progress = lines.withLock { $0 }.compactMap { line -> (open: Int, bound: Double)? in
            let t = line.split(separator: " ")
            guard t.count >= 7, t[t.count - 1].hasSuffix("s"), t[t.count - 2].hasSuffix("%") || t[t.count - 2] == "inf",
                  let open = Int(t[t.count - 6]), let bound = Double(t[t.count - 4]) else { return nil }
            return (open, bound)
        }
        guard let last = progress.last else { Issue.record("no progress line"); return }
        #expect(last.open > 0, "the closing line counts the open nodes")
        #expect(abs(last.bound - result.bestBound) <= 1e-6 * max(1, abs(result.bestBound)),
                "closing line bound \(last.bound), result \(result.bestBound)")
    }

    @Test func solutionLimitAndGapLimit() {
        let model = multiKnapsack(items: 30, rows: 3, seed: 11)
        let exact = solveMIP(model, options: SolverOptions(relativeGap: 0))
        let one = solveMIP(model, options: SolverOptions(solutionLimit: 1))
        #expect(one.status == .solutionLimit || one.status == .optimal)
        expectValid(one, model, optimum: exact.objectiveValue)
        let loose = solveMIP(model, options: SolverOptions(relativeGap: 0.2))
        #expect(loose.status == .gapLimit || loose.status == .optimal)
        #expect(loose.gap <= 0.2 + 1e-9)
        expectValid(loose, model, optimum: exact.objectiveValue)
    }

    @Test func cancellationStopsWithIncumbent() {
        let model = multiKnapsack(items: 60, rows: 5, seed: 3)
        let token = CancellationToken()
        let seen = Atomic<Int>(0)
        let result = solveMIP(model, options: SolverOptions(relativeGap: 0, onIncumbent: { _, _ in
            if seen.wrappingAdd(1, ordering: .relaxed).newValue >= 1 { token.cancel() }
        }, cancellation: token))
        #expect(result.status == .interrupted || result.status == .optimal)
        #expect(result.values != nil)
        expectValid(result, model, optimum: nil)
    }

    @Test func parallelSearchAgrees() {
        let model = multiKnapsack(items: 35, rows: 4, seed: 5)
        let one = solveMIP(model, options: SolverOptions(threads: 1, relativeGap: 0))
        let two = solveMIP(model, options: SolverOptions(threads: 2, relativeGap: 0))
        #expect(one.status == .optimal && two.status == .optimal)
        #expect(abs((one.objectiveValue ?? 0) - (two.objectiveValue ?? 1)) <= 1e-6)
        expectValid(two, model, optimum: one.objectiveValue)
    }

    @Test func logHasHeaderLinesAndSummary() {
        let model = multiKnapsack(items: 20, rows: 2, seed: 9)
        let lines = Mutex<[String]>([])
        _ = solveMIP(model, options: SolverOptions(logInterval: 0.05, log: { line in lines.withLock { $0.append(line) } }))
        let text = lines.withLock { $0 }.joined(separator: "\n")
        #expect(text.contains("SwiftMIP"))
        #expect(text.contains("DualBound"))
        #expect(text.contains("Status            optimal"))
    }
}

/// A separator for the tests: the clique cut x0 + x1 + x2 <= 1 of the odd-cycle model.
struct TriangleCliqueSeparator: CutSeparator {
    var name: String { "triangle" }
    func separate(_ context: CutContext) -> [Cut] {
        guard context.values[0] + context.values[1] + context.values[2] > 1 + 1e-6 else { return [] }
        return [Cut(row: SparseRow(indices: [0, 1, 2], values: [1, 1, 1]), lower: -.infinity, upper: 1, origin: name)]
    }
}

@Suite("MIP hooks")
struct MIPHookTests {
    @Test func cutSeparatorHookAddsRootCuts() {
        var model = Model()
        let x = (0..<4).map { _ in model.addVariable(kind: .binary) }
        model.addConstraint(x[0] + x[1] <= 1)
        model.addConstraint(x[1] + x[2] <= 1)
        model.addConstraint(x[0] + x[2] <= 1)
        model.addConstraint(x[2] + x[3] <= 1.5)
        model.maximize(2 * x[0] + 2 * x[1] + 2 * x[2] + x[3])
        let lines = Mutex<[String]>([])
        let result = solveMIP(model, options: SolverOptions(relativeGap: 0, log: { l in lines.withLock { $0.append(l) } }),
                              strengthening: RootStrengthening(separators: [TriangleCliqueSeparator()]))
        #expect(result.status == .optimal)
        expectValid(result, model, optimum: 3)
        #expect(lines.withLock { $0 }.contains { $0.hasPrefix("Root cuts: 1 added") })
    }

    @Test func presolveHookResultsAreCheckedOnTheOriginalModel() {
        // x0 is fixed at 2 by its bounds; the "presolve" removes it and shifts rows and objective.
        var model = Model(name: "fixed")
        let x0 = model.addVariable(name: "x0", lowerBound: 2, upperBound: 2, kind: .integer)
        let x1 = model.addVariable(name: "x1", lowerBound: 0, upperBound: 10, kind: .integer)
        let x2 = model.addVariable(name: "x2", lowerBound: 0, upperBound: 10, kind: .integer)
        model.addConstraint(3 * x0 + 2 * x1 + 3 * x2 <= 19)
        model.maximize(x0 + 3 * x1 + 4 * x2)
        let hook: @Sendable (Model, SolverOptions) -> PresolveOutcome = { original, _ in
            var reduced = Model(name: "reduced")
            let y1 = reduced.addVariable(name: "x1", lowerBound: 0, upperBound: 10, kind: .integer)
            let y2 = reduced.addVariable(name: "x2", lowerBound: 0, upperBound: 10, kind: .integer)
            reduced.addConstraint(2 * y1 + 3 * y2 <= 13)
            reduced.maximize(3 * y1 + 4 * y2 + 2)
            return .reduced(model: reduced, postsolve: { [2, $0[0], $0[1]] })
        }
        var best = -Double.infinity
        for a in 0...10 { for b in 0...10 where 6 + 2 * a + 3 * b <= 19 { best = max(best, 2 + 3 * Double(a) + 4 * Double(b)) } }
        let result = solveMIP(model, options: SolverOptions(relativeGap: 0), strengthening: RootStrengthening(presolve: hook))
        #expect(result.status == .optimal)
        #expect(result.values?.count == 3)
        expectValid(result, model, optimum: best)
    }

    @Test func wrongPostsolveIsRejectedByTheChecker() {
        // A broken presolve whose postsolve violates the original row: no solution may be accepted.
        var model = Model()
        let x = model.addVariable(lowerBound: 0, upperBound: 5, kind: .integer)
        model.addConstraint(x <= 3)
        model.maximize(LinearExpression(x))
        let hook: @Sendable (Model, SolverOptions) -> PresolveOutcome = { original, _ in
            .reduced(model: original, postsolve: { [$0[0] + 10] })
        }
        let result = solveMIP(model, options: SolverOptions(), strengthening: RootStrengthening(presolve: hook))
        #expect(result.values == nil)
        #expect(result.status != .optimal && result.status != .infeasible)
    }
}

@Suite("MIP search modes")
struct MIPSearchModeTests {
    @Test func depthFirstUnderMemoryPressureStaysCorrect() {
        let model = multiKnapsack(items: 30, rows: 3, seed: 13)
        let exact = solveMIP(model, options: SolverOptions(relativeGap: 0))
        let tight = solveMIP(model, options: SolverOptions(relativeGap: 0)) { $0.memoryLimitBytes = 0 }
        #expect(tight.status == .optimal)
        expectValid(tight, model, optimum: exact.objectiveValue)
    }

    @Test func withoutHeuristicsStaysCorrect() {
        let model = multiKnapsack(items: 30, rows: 3, seed: 17)
        let exact = solveMIP(model, options: SolverOptions(relativeGap: 0))
        let bare = solveMIP(model, options: SolverOptions(relativeGap: 0)) { $0.heuristics = false }
        #expect(bare.status == .optimal)
        expectValid(bare, model, optimum: exact.objectiveValue)
    }

    @Test func generalIntegersWithNegativeBounds() {
        // min |x - 2.5| style model over integers in [-5, 5] with a coupling row.
        var model = Model()
        let x = model.addVariable(lowerBound: -5, upperBound: 5, kind: .integer)
        let y = model.addVariable(lowerBound: -5, upperBound: 5, kind: .integer)
        let t = model.addVariable(lowerBound: 0, upperBound: 100)
        model.addConstraint(t - 2 * x + 3 * y >= -1.5)
        model.addConstraint(t + 2 * x - 3 * y >= 1.5)
        model.addConstraint(x + y <= 3.5)
        model.minimize(t + 0.1 * x)
        var best = Double.infinity
        for a in -5...5 { for b in -5...5 where Double(a + b) <= 3.5 {
            let tv = max(0, -1.5 + 2 * Double(a) - 3 * Double(b), 1.5 - 2 * Double(a) + 3 * Double(b))
            best = min(best, tv + 0.1 * Double(a))
        } }
        let result = solveMIP(model, options: SolverOptions(relativeGap: 0))
        #expect(result.status == .optimal)
        expectValid(result, model, optimum: best)
    }
}

/// Capacitated facility location: open facilities (binary, fixed cost) serve every customer's demand
/// through continuous flows; a mixed model on which roundings need an LP over the flows to complete.
func facilityLocation(facilities f: Int, customers c: Int, seed: UInt64) -> Model {
    var rng = TestRandom(state: seed)
    var model = Model(name: "cfl")
    let open = (0..<f).map { model.addVariable(name: "y\($0)", kind: .binary) }
    let demand = (0..<c).map { _ in Double(rng.int(5...30)) }
    let capacity = (0..<f).map { _ in Double(rng.int(40...90)) }
    var flows: [[Variable]] = []
    for i in 0..<f {
        flows.append((0..<c).map { k in model.addVariable(name: "x\(i)_\(k)", lowerBound: 0, upperBound: demand[k]) })
        model.addConstraint((0..<c).map { 1.0 * flows[i][$0] }.sum() <= capacity[i] * open[i])
    }
    for k in 0..<c { model.addConstraint((0..<f).map { 1.0 * flows[$0][k] }.sum() == demand[k]) }
    var objective: [LinearExpression] = (0..<f).map { Double(rng.int(60...150)) * open[$0] }
    for i in 0..<f { for k in 0..<c { objective.append(Double(rng.int(1...9)) * flows[i][k]) } }
    model.minimize(objective.sum())
    return model
}

@Suite("Mip2 parallel search")
struct Mip2ParallelTests {
    @Test func childNumbersAreDistinctAcrossWorkers() {
        var settings = SearchSettings()
        settings.threads = 3
        let model = CompressedModel(multiKnapsack(items: 5, rows: 1, seed: 1))
        let store = IncumbentStore(original: multiKnapsack(items: 5, rows: 1, seed: 1), searchModel: model, postsolve: { $0 })
        let search = TreeSearch(model: model, rootLower: model.columnLower, rootUpper: model.columnUpper,
                                settings: settings, store: store, rule: MostFractionalBranching(), log: nil)
        var seen = Set<Int>([0])  // the root
        for w in 0..<3 { for k in 0..<50 { #expect(seen.insert(search.sequence(worker: w, index: k)).inserted) } }
        settings.threads = 1
        let single = TreeSearch(model: model, rootLower: model.columnLower, rootUpper: model.columnUpper,
                                settings: settings, store: store, rule: MostFractionalBranching(), log: nil)
        #expect((0..<5).map { single.sequence(worker: 0, index: $0) } == [1, 2, 3, 4, 5])
    }

    @Test func twoAndThreeThreadsAgreeWithOne() {
        for seed: UInt64 in [21, 22] {
            let model = multiKnapsack(items: 30, rows: 3, seed: seed)
            let one = solveMIP(model, options: SolverOptions(threads: 1, relativeGap: 0))
            #expect(one.status == .optimal)
            for threads in [2, 3] {
                let many = solveMIP(model, options: SolverOptions(threads: threads, relativeGap: 0))
                #expect(many.status == .optimal)
                expectValid(many, model, optimum: one.objectiveValue)
            }
        }
    }

    @Test func mixedModelInParallelUnderMemoryPressure() {
        let model = facilityLocation(facilities: 8, customers: 12, seed: 4)
        let one = solveMIP(model, options: SolverOptions(threads: 1, relativeGap: 0))
        #expect(one.status == .optimal)
        let two = solveMIP(model, options: SolverOptions(threads: 2, relativeGap: 0)) { $0.memoryLimitBytes = 0 }
        #expect(two.status == .optimal)
        expectValid(two, model, optimum: one.objectiveValue)
    }

    @Test func nodeLimitCountsEveryWorker() {
        let model = multiKnapsack(items: 60, rows: 5, seed: 3)
        let result = solveMIP(model, options: SolverOptions(nodeLimit: 40, threads: 2, relativeGap: 0))
        #expect(result.nodes <= 40)
        #expect(result.status == .nodeLimit || result.status == .optimal)
        expectValid(result, model, optimum: nil)
    }
}

@Suite("Mip2 primal heuristics")
struct Mip2HeuristicTests {
    @Test func rootHeuristicsGiveACheckedIncumbentOnAMixedModel() {
        let model = facilityLocation(facilities: 10, customers: 15, seed: 8)
        // One node: only the root's heuristics (dive, pump with LP completion, RENS) can find a solution.
        let result = solveMIP(model, options: SolverOptions(nodeLimit: 1, threads: 1))
        #expect(result.values != nil)
        expectValid(result, model, optimum: nil)
    }

    @Test func oneThreadStaysDeterministicOnAMixedModel() {
        let model = facilityLocation(facilities: 8, customers: 10, seed: 5)
        let (a, _) = expectDeterministicWithOneThread(model)
        expectValid(a, model, optimum: nil)
    }
}
