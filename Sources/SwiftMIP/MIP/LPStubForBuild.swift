// TEMPORARY: the agreed LP API with a slow dense-tableau bounded primal simplex (Bland's rule), so MIP/
// can be built and tested before Simplex/ lands on main. Deleted when `git merge main` brings
// Sources/SwiftMIP/Simplex/LPSolver.swift.
import Foundation

enum LPStatus { case optimal, infeasible, unbounded, cutoff, timeLimit, iterationLimit, numericalTrouble, interrupted }
enum BasisStatus: UInt8 { case basic, atLower, atUpper, free, fixed }
struct LPBasis: Sendable { var columns: [BasisStatus]; var rows: [BasisStatus] }
struct SparseRow: Sendable { var indices: [Int32]; var values: [Double] }
enum LPClock { static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 } }
struct LPOptions: Sendable {
    var primalTolerance = 1e-7; var dualTolerance = 1e-7; var iterationLimit = Int.max
    var deadline: Double = .infinity; var objectiveCutoff: Double = .infinity
    var cancellation: CancellationToken? = nil; var log: LogHandler? = nil; var logInterval: Double = 1
}
final class LPSolver {
    var options: LPOptions
    private var n: Int
    private var rows: [[(Int, Double)]]
    private var rowLo: [Double], rowUp: [Double]
    private var colLo: [Double], colUp: [Double]
    private var cost: [Double]
    private(set) var objectiveValue = 0.0
    private(set) var columnValues: [Double] = []
    private(set) var rowActivities: [Double] = []
    private(set) var rowDuals: [Double] = []
    private(set) var reducedCosts: [Double] = []
    private(set) var iterations = 0
    var basis: LPBasis
    var farkasRay: [Double]? { nil }
    var primalRay: [Double]? { nil }
    var rowCount: Int { rows.count }

    init(model: CompressedModel, options: LPOptions = LPOptions()) {
        self.options = options
        n = model.columnCount
        rows = (0..<model.rowCount).map { i in
            (model.matrix.rowStart[i]..<model.matrix.rowStart[i + 1]).map { (Int(model.matrix.columnIndex[$0]), model.matrix.rowValue[$0]) }
        }
        rowLo = model.rowLower; rowUp = model.rowUpper
        colLo = model.columnLower; colUp = model.columnUpper
        cost = model.cost
        basis = LPBasis(columns: [], rows: [])
    }
    func setColumnBounds(_ j: Int, lower: Double, upper: Double) { colLo[j] = lower; colUp[j] = upper }
    func setColumnBounds(lower: [Double], upper: [Double]) { colLo = lower; colUp = upper }
    func setCost(_ j: Int, _ c: Double) { cost[j] = c }
    func setRowBounds(_ i: Int, lower: Double, upper: Double) { rowLo[i] = lower; rowUp[i] = upper }
    func addRows(_ new: [SparseRow], lower: [Double], upper: [Double]) {
        for (k, r) in new.enumerated() {
            rows.append(zip(r.indices, r.values).map { (Int($0.0), $0.1) })
            rowLo.append(lower[k]); rowUp.append(upper[k])
        }
    }
    func removeRows(_ list: [Int]) {
        let drop = Set(list)
        let keep = (0..<rows.count).filter { !drop.contains($0) }
        rows = keep.map { rows[$0] }; rowLo = keep.map { rowLo[$0] }; rowUp = keep.map { rowUp[$0] }
    }

    func solve() -> LPStatus {
        let m = rows.count
        let big = 1e20
        func fin(_ v: Double) -> Bool { abs(v) < big }
        // Variables: x (n), s (m), a (m). Rows: A x - s + D a = 0.
        let N = n + 2 * m
        var lo = [Double](repeating: 0, count: N), up = [Double](repeating: 0, count: N)
        for j in 0..<n { lo[j] = colLo[j]; up[j] = colUp[j] }
        for i in 0..<m { lo[n + i] = rowLo[i]; up[n + i] = rowUp[i]; lo[n + m + i] = 0; up[n + m + i] = big * 10 }
        for j in 0..<(n + m) where lo[j] > up[j] + 1e-9 { return finish(.infeasible) }
        var value = [Double](repeating: 0, count: N)
        for j in 0..<n { value[j] = fin(lo[j]) ? lo[j] : (fin(up[j]) ? up[j] : 0) }
        var T = [[Double]](repeating: [Double](repeating: 0, count: N), count: m)
        var basic = [Int](repeating: 0, count: m)
        var isBasic = [Bool](repeating: false, count: N)
        for i in 0..<m {
            var act = 0.0
            for (j, a) in rows[i] { T[i][j] = a; act += a * value[j] }
            T[i][n + i] = -1
            if act >= lo[n + i] - 1e-9 && act <= up[n + i] + 1e-9 {
                // s_i basic: row / (-1).
                for j in 0..<N { T[i][j] = -T[i][j] }
                basic[i] = n + i; value[n + i] = act
                up[n + m + i] = 0
            } else {
                let target = act < lo[n + i] ? lo[n + i] : up[n + i]
                value[n + i] = target
                let d: Double = act - target > 0 ? -1 : 1   // D a = -(act - target) with a >= 0
                T[i][n + m + i] = d
                if d == -1 { for j in 0..<N { T[i][j] = -T[i][j] } }
                basic[i] = n + m + i; value[n + m + i] = abs(act - target)
            }
            isBasic[basic[i]] = true
        }
        var iterationsHere = 0
        func run(_ c: [Double]) -> LPStatus {
            while true {
                if iterationsHere >= options.iterationLimit { return .iterationLimit }
                if options.cancellation?.isCancelled == true { return .interrupted }
                if LPClock.now() > options.deadline { return .timeLimit }
                // Reduced costs.
                var enter = -1, dir = 0.0
                for j in 0..<N where !isBasic[j] && up[j] > lo[j] {
                    var d = c[j]
                    for i in 0..<m where T[i][j] != 0 { d -= c[basic[i]] * T[i][j] }
                    let atLo = fin(lo[j]) && value[j] <= lo[j] + 1e-12
                    let atUp = fin(up[j]) && value[j] >= up[j] - 1e-12
                    if d < -1e-9 && !atUp { enter = j; dir = 1; break }
                    if d > 1e-9 && !atLo { enter = j; dir = -1; break }
                }
                if enter < 0 { return .optimal }
                var t = fin(up[enter]) && fin(lo[enter]) ? up[enter] - lo[enter] : Double.infinity
                var leave = -1
                for i in 0..<m {
                    let alpha = T[i][enter] * dir
                    if abs(alpha) < 1e-11 { continue }
                    let b = basic[i]
                    let limit: Double
                    if alpha > 0 { limit = fin(lo[b]) ? max(0, (value[b] - lo[b]) / alpha) : .infinity }
                    else { limit = fin(up[b]) ? max(0, (up[b] - value[b]) / -alpha) : .infinity }
                    if limit < t - 1e-12 || (limit <= t + 1e-12 && leave >= 0 && b < basic[leave]) { t = limit; leave = i }
                }
                if t == .infinity { return .unbounded }
                iterationsHere += 1
                value[enter] += dir * t
                for i in 0..<m { value[basic[i]] -= dir * t * T[i][enter] }
                if leave < 0 { continue }
                let b = basic[leave]
                let alpha = T[leave][enter] * dir
                value[b] = alpha > 0 ? lo[b] : up[b]
                isBasic[b] = false
                let p = T[leave][enter]
                for j in 0..<N { T[leave][j] /= p }
                for i in 0..<m where i != leave && T[i][enter] != 0 {
                    let f = T[i][enter]
                    for j in 0..<N where T[leave][j] != 0 { T[i][j] -= f * T[leave][j] }
                }
                basic[leave] = enter
                isBasic[enter] = true
            }
        }
        var c1 = [Double](repeating: 0, count: N)
        for i in 0..<m { c1[n + m + i] = 1 }
        let s1 = run(c1)
        iterations += iterationsHere
        if s1 != .optimal { return finish(s1 == .unbounded ? .numericalTrouble : s1) }
        var infeas = 0.0
        for i in 0..<m { infeas += value[n + m + i] }
        if infeas > 1e-7 { return finish(.infeasible) }
        for i in 0..<m { up[n + m + i] = 0; if !isBasic[n + m + i] { value[n + m + i] = 0 } }
        var c2 = [Double](repeating: 0, count: N)
        for j in 0..<n { c2[j] = cost[j] }
        iterationsHere = 0
        let s2 = run(c2)
        iterations += iterationsHere
        columnValues = Array(value[0..<n])
        rowActivities = rows.map { r in r.reduce(0) { $0 + $1.1 * columnValues[$1.0] } }
        objectiveValue = (0..<n).reduce(0) { $0 + cost[$1] * columnValues[$1] }
        reducedCosts = (0..<n).map { j in
            if isBasic[j] { return 0 }
            var d = c2[j]
            for i in 0..<m where T[i][j] != 0 { d -= c2[basic[i]] * T[i][j] }
            return d
        }
        basis = LPBasis(columns: (0..<n).map { isBasic[$0] ? .basic : .atLower },
                        rows: (0..<m).map { isBasic[n + $0] ? .basic : .atLower })
        if s2 == .optimal && objectiveValue > options.objectiveCutoff { return .cutoff }
        return s2
    }
    private func finish(_ s: LPStatus) -> LPStatus { s }
}
