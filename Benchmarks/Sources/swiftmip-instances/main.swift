import Foundation
import SwiftMIP

// swiftmip-instances: writes small deterministic models with known optima into Instances/ (or the folder
// given as the first argument): the .mps files, a .sol file with an optimal solution for each model that
// has one, and answers.csv (name,kind,file,status,objective). Every answer is computed here, by
// dynamic programming, enumeration, a min-cost-flow algorithm or by construction; no solver is needed.
//
//   swift run -c release swiftmip-instances [folder]

/// A 64-bit linear congruential generator (Knuth's MMIX constants): the same numbers on every platform.
struct LCG {
    var state: UInt64
    mutating func next(_ range: ClosedRange<Int>) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return range.lowerBound + Int((state >> 33) % UInt64(range.count))
    }
}

struct Instance {
    let name: String
    let kind: String
    let status: String
    let objective: Double?
    let model: Model
    let solution: [Double]?
}

/// 0/1 knapsack with 12 items, solved by dynamic programming over the capacity.
func knapsack() -> Instance {
    var rng = LCG(state: 12)
    let n = 12
    let weight = (0..<n).map { _ in rng.next(10...60) }
    let value = (0..<n).map { _ in rng.next(10...90) }
    let capacity = weight.reduce(0, +) / 2
    // best[i][c]: the largest value from items i... within capacity c.
    var best = [[Int]](repeating: [Int](repeating: 0, count: capacity + 1), count: n + 1)
    for i in stride(from: n - 1, through: 0, by: -1) {
        for c in 0...capacity {
            best[i][c] = best[i + 1][c]
            if weight[i] <= c { best[i][c] = max(best[i][c], value[i] + best[i + 1][c - weight[i]]) }
        }
    }
    var take = [Double](repeating: 0, count: n)
    var c = capacity
    for i in 0..<n where best[i][c] != best[i + 1][c] {
        take[i] = 1
        c -= weight[i]
    }
    var m = Model(name: "knapsack_12")
    let x = (0..<n).map { m.addVariable(name: "x\($0 + 1)", kind: .binary) }
    m.addConstraint((0..<n).map { Double(weight[$0]) * x[$0] }.sum() <= Double(capacity), name: "capacity")
    m.maximize((0..<n).map { Double(value[$0]) * x[$0] }.sum())
    m.objectiveName = "value"
    return Instance(name: "knapsack_12", kind: "mip", status: "optimal", objective: Double(best[0][capacity]),
                    model: m, solution: take)
}

/// 6×6 assignment, solved by enumerating all 720 permutations.
func assignment() -> Instance {
    var rng = LCG(state: 6)
    let n = 6
    let cost = (0..<n).map { _ in (0..<n).map { _ in rng.next(1...50) } }
    var bestCost = Int.max
    var bestPermutation: [Int] = []
    func search(_ prefix: [Int], _ used: Set<Int>, _ total: Int) {
        if total >= bestCost { return }
        if prefix.count == n {
            bestCost = total
            bestPermutation = prefix
            return
        }
        let i = prefix.count
        for j in 0..<n where !used.contains(j) { search(prefix + [j], used.union([j]), total + cost[i][j]) }
    }
    search([], [], 0)
    var m = Model(name: "assignment_6")
    var x: [[Variable]] = []
    for i in 0..<n { x.append((0..<n).map { j in m.addVariable(name: "x_\(i + 1)_\(j + 1)", kind: .binary) }) }
    for i in 0..<n { m.addConstraint(x[i].sum() == 1, name: "worker_\(i + 1)") }
    for j in 0..<n { m.addConstraint((0..<n).map { x[$0][j] }.sum() == 1, name: "task_\(j + 1)") }
    m.minimize((0..<n).flatMap { i in (0..<n).map { j in Double(cost[i][j]) * x[i][j] } }.sum())
    m.objectiveName = "cost"
    var solution = [Double](repeating: 0, count: n * n)
    for i in 0..<n { solution[i * n + bestPermutation[i]] = 1 }
    return Instance(name: "assignment_6", kind: "mip", status: "optimal", objective: Double(bestCost),
                    model: m, solution: solution)
}

/// Set cover of 20 elements by 16 weighted sets, solved by enumerating all 65536 selections.
func setCover() -> Instance {
    var rng = LCG(state: 20)
    let elements = 20, sets = 16
    var members = [UInt32](repeating: 0, count: sets)
    for s in 0..<sets { for e in 0..<elements where rng.next(0...3) == 0 { members[s] |= 1 << UInt32(e) } }
    for e in 0..<elements where !members.contains(where: { $0 & (1 << UInt32(e)) != 0 }) {
        members[rng.next(0...(sets - 1))] |= 1 << UInt32(e)
    }
    let cost = (0..<sets).map { _ in rng.next(1...10) }
    let all: UInt32 = (1 << UInt32(elements)) - 1
    var bestCost = Int.max, bestMask = 0
    for mask in 0..<(1 << sets) {
        var covered: UInt32 = 0, total = 0
        for s in 0..<sets where mask & (1 << s) != 0 {
            covered |= members[s]
            total += cost[s]
        }
        if covered == all && total < bestCost {
            bestCost = total
            bestMask = mask
        }
    }
    var m = Model(name: "setcover_20")
    let y = (0..<sets).map { m.addVariable(name: "set\($0 + 1)", kind: .binary) }
    for e in 0..<elements {
        m.addConstraint((0..<sets).filter { members[$0] & (1 << UInt32(e)) != 0 }.map { 1 * y[$0] }.sum() >= 1,
                        name: "element\(e + 1)")
    }
    m.minimize((0..<sets).map { Double(cost[$0]) * y[$0] }.sum())
    m.objectiveName = "cost"
    let solution = (0..<sets).map { bestMask & (1 << $0) != 0 ? 1.0 : 0.0 }
    return Instance(name: "setcover_20", kind: "mip", status: "optimal", objective: Double(bestCost), model: m,
                    solution: solution)
}

/// A balanced 4×5 transportation LP, solved exactly by successive shortest paths (integer data:
/// the min-cost flow is an optimal vertex of the LP).
func transportation() -> Instance {
    var rng = LCG(state: 45)
    let sources = 4, sinks = 5
    let supply = (0..<sources).map { _ in rng.next(20...50) }
    var demand = (0..<sinks).map { _ in rng.next(10...40) }
    // Balance: the last sink takes what is left (or the others shrink).
    let difference = supply.reduce(0, +) - demand.reduce(0, +)
    demand[sinks - 1] += difference
    var k = 0
    while demand[sinks - 1] < 1 { demand[k] -= 1; demand[sinks - 1] += 1; k = (k + 1) % (sinks - 1) }
    let cost = (0..<sources).map { _ in (0..<sinks).map { _ in rng.next(1...20) } }
    // Flow network: s -> source i (cap supply), source i -> sink j (cap inf, cost), sink j -> t (cap demand).
    let nodeCount = 2 + sources + sinks, s = 0, t = 1
    struct Arc { var to: Int; var capacity: Int; var cost: Int; var reverse: Int }
    var arcs = [[Arc]](repeating: [], count: nodeCount)
    func add(_ a: Int, _ b: Int, _ cap: Int, _ c: Int) {
        arcs[a].append(Arc(to: b, capacity: cap, cost: c, reverse: arcs[b].count))
        arcs[b].append(Arc(to: a, capacity: 0, cost: -c, reverse: arcs[a].count - 1))
    }
    for i in 0..<sources { add(s, 2 + i, supply[i], 0) }
    for i in 0..<sources { for j in 0..<sinks { add(2 + i, 2 + sources + j, Int.max / 4, cost[i][j]) } }
    for j in 0..<sinks { add(2 + sources + j, t, demand[j], 0) }
    var totalCost = 0
    while true {
        // Bellman-Ford on the residual graph (no negative cycles: SSP keeps the residual graph free of them).
        var distance = [Int](repeating: Int.max, count: nodeCount)
        var via = [(Int, Int)](repeating: (-1, -1), count: nodeCount)
        distance[s] = 0
        var changed = true
        while changed {
            changed = false
            for a in 0..<nodeCount where distance[a] != Int.max {
                for (e, arc) in arcs[a].enumerated() where arc.capacity > 0 && distance[a] + arc.cost < distance[arc.to] {
                    distance[arc.to] = distance[a] + arc.cost
                    via[arc.to] = (a, e)
                    changed = true
                }
            }
        }
        if distance[t] == Int.max { break }
        var push = Int.max, v = t
        while v != s { let (a, e) = via[v]; push = min(push, arcs[a][e].capacity); v = a }
        v = t
        while v != s {
            let (a, e) = via[v]
            arcs[a][e].capacity -= push
            arcs[v][arcs[a][e].reverse].capacity += push
            v = a
        }
        totalCost += push * distance[t]
    }
    var m = Model(name: "transport_4x5")
    var x: [[Variable]] = []
    for i in 0..<sources { x.append((0..<sinks).map { j in m.addVariable(name: "ship_\(i + 1)_\(j + 1)") }) }
    for i in 0..<sources { m.addConstraint(x[i].sum() <= Double(supply[i]), name: "supply_\(i + 1)") }
    for j in 0..<sinks { m.addConstraint((0..<sources).map { x[$0][j] }.sum() >= Double(demand[j]), name: "demand_\(j + 1)") }
    m.minimize((0..<sources).flatMap { i in (0..<sinks).map { j in Double(cost[i][j]) * x[i][j] } }.sum())
    m.objectiveName = "cost"
    var solution = [Double](repeating: 0, count: sources * sinks)
    for i in 0..<sources {
        for arc in arcs[2 + i] where arc.to >= 2 + sources {
            let j = arc.to - 2 - sources
            solution[i * sinks + j] = Double(arcs[arc.to][arc.reverse].capacity)  // flow = reverse residual
        }
    }
    return Instance(name: "transport_4x5", kind: "lp", status: "optimal", objective: Double(totalCost), model: m,
                    solution: solution)
}

/// Ranged, equality and one-sided rows with a free and a minus-infinity column, and an objective
/// constant: each row involves its own variables, so the optimum is read off row by row.
func rangedLP() -> Instance {
    var m = Model(name: "ranged_lp")
    let x1 = m.addVariable(name: "x1")
    let x2 = m.addVariable(name: "x2", lowerBound: -.infinity)
    let x3 = m.addVariable(name: "x3")
    let x4 = m.addVariable(name: "x4")
    let x5 = m.addVariable(name: "x5", lowerBound: -.infinity, upperBound: 10)
    m.addConstraint(LinearConstraint(2 * x1, lowerBound: 4, upperBound: 12), name: "range_a")  // 2 <= x1 <= 6
    m.addConstraint(LinearConstraint(1 * x2, lowerBound: -3, upperBound: 4), name: "range_b")
    m.addConstraint(x3 + x4 == 5, name: "balance")
    m.addConstraint(1 * x5 >= -1, name: "floor")
    // min x1 - 2 x2 + x3 + 3 x4 + x5 + 0.5  ->  x1 = 2, x2 = 4, x3 = 5, x4 = 0, x5 = -1: 2 - 8 + 5 - 1 + 0.5
    m.minimize(x1 - 2 * x2 + x3 + 3 * x4 + x5 + 0.5)
    m.objectiveName = "cost"
    return Instance(name: "ranged_lp", kind: "lp", status: "optimal", objective: -1.5, model: m,
                    solution: [2, 4, 5, 0, -1])
}

/// x + y >= 10 with x = y and x <= 3: infeasible.
func infeasibleLP() -> Instance {
    var m = Model(name: "infeasible_lp")
    let x = m.addVariable(name: "x", upperBound: 3)
    let y = m.addVariable(name: "y", upperBound: 4)
    m.addConstraint(x + y >= 10, name: "demand")
    m.addConstraint(x - y == 0, name: "equal")
    m.minimize(x + y)
    m.objectiveName = "cost"
    return Instance(name: "infeasible_lp", kind: "lp", status: "infeasible", objective: nil, model: m, solution: nil)
}

/// max x + y with x - y <= 1: unbounded along x = y.
func unboundedLP() -> Instance {
    var m = Model(name: "unbounded_lp")
    let x = m.addVariable(name: "x")
    let y = m.addVariable(name: "y")
    m.addConstraint(x - y <= 1, name: "gap")
    m.addConstraint(x + 2 * y >= 2, name: "least")
    m.maximize(x + y)
    m.objectiveName = "profit"
    return Instance(name: "unbounded_lp", kind: "lp", status: "unbounded", objective: nil, model: m, solution: nil)
}

let folder = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "Instances"
try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
let instances = [knapsack(), assignment(), setCover(), transportation(), rangedLP(), infeasibleLP(), unboundedLP()]
var csv = "name,kind,file,status,objective\n"
for instance in instances {
    let file = "\(instance.name).mps"
    try MPSWriter.write(instance.model, to: "\(folder)/\(file)", format: .free)
    if let solution = instance.solution {
        // Sanity: the generator's own solution must pass the independent checker with the stated objective.
        let check = instance.model.check(solution)
        guard check.isFeasible, let objective = instance.objective, abs(check.objective - objective) <= 1e-9 * max(1, abs(objective)) else {
            FileHandle.standardError.write(Data("swiftmip-instances: \(instance.name): generated solution fails the checker: \(check)\n".utf8))
            exit(1)
        }
        try SolutionFile.write(values: solution, for: instance.model, to: "\(folder)/\(instance.name).sol")
    }
    csv += "\(instance.name),\(instance.kind),\(file),\(instance.status),\(instance.objective.map { MPSWriter.number($0) } ?? "")\n"
    print("\(folder)/\(file): \(instance.status)\(instance.objective.map { " \(MPSWriter.number($0))" } ?? "")")
}
try Data(csv.utf8).write(to: URL(fileURLWithPath: "\(folder)/answers.csv"))
print("\(folder)/answers.csv")
