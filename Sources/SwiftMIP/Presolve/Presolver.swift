import Foundation

/// Presolves `model`: applies reductions in rounds until little changes and returns the reduced model
/// with its postsolve map, or a proof of infeasibility or unboundedness.
///
/// The reductions follow Andersen & Andersen, *Presolving in linear programming* (Math. Prog. 1995) and
/// Achterberg et al., *Presolve reductions in mixed integer programming* (INFORMS J. Comput. 2020).
/// Bounds of continuous columns are only changed by singleton rows and doubleton substitutions (never
/// by activity-based tightening), so the reduced LP is the original LP with rows and columns taken out.
///
/// With `options.presolve == false` the model comes back unchanged with an identity postsolve. The
/// summary line (or the proof) goes to `options.log`.
func presolve(_ model: Model, options: SolverOptions = SolverOptions()) -> PresolveResult {
    guard options.presolve else {
        var stats = PresolveStats()
        stats.originalRows = model.numberOfConstraints
        stats.originalColumns = model.numberOfVariables
        stats.originalNonzeros = model.numberOfNonzeros
        stats.reducedRows = stats.originalRows
        stats.reducedColumns = stats.originalColumns
        stats.reducedNonzeros = stats.originalNonzeros
        var identity = Postsolve(originalColumnCount: model.numberOfVariables, columnMap: Array(0..<model.numberOfVariables),
                                 rowMap: Array(0..<model.numberOfConstraints), steps: [])
        identity.originalRowCount = model.numberOfConstraints
        return .reduced(model, identity, stats)
    }
    var presolver = Presolver(model: model, options: options)
    let outcome = presolver.run()
    if let log = options.log {
        switch outcome {
        case let .reduced(_, _, stats): log(stats.description)
        case let .infeasible(message): log("Presolve: infeasible (\(message))")
        case let .unbounded(message): log("Presolve: unbounded (\(message))")
        }
    }
    return outcome
}

/// The presolve driver. One value per call of ``presolve(_:options:)``.
struct Presolver {
    let model: Model
    let options: SolverOptions
    var p: PresolveProblem
    var steps: [PostsolveStep] = []
    var stats = PresolveStats()
    let isMIP: Bool
    /// Largest number of rounds.
    var maxRounds = 40

    init(model: Model, options: SolverOptions) {
        self.model = model
        self.options = options
        self.p = PresolveProblem(model)
        self.isMIP = model.isMIP
        stats.originalRows = p.rowCount
        stats.originalColumns = p.columnCount
        stats.originalNonzeros = p.activeNonzeros
    }

    // MARK: Tolerances

    /// Violations beyond this prove infeasibility (relative to the size of the numbers involved).
    /// Deliberately loose: a wrong "infeasible" is the worst possible bug.
    @inline(__always) func infeasibilityMargin(_ b: Double, scale: Double = 0) -> Double {
        1e-6 * max(1, abs(b)) + 1e-9 * scale
    }
    /// Differences below this are floating-point noise.
    @inline(__always) func noise(_ b: Double, scale: Double = 0) -> Double {
        1e-9 * max(1, abs(b)) + 1e-12 * scale
    }
    /// Rounding tolerance for integer bounds.
    let integerTolerance = 1e-6

    func columnName(_ j: Int) -> String { model.variables[j].name }
    func rowName(_ i: Int) -> String { model.constraints[i].name }

    // MARK: Driver

    mutating func run() -> PresolveResult {
        let start = Date()
        do {
            try initialBounds()
            var round = 0
            while round < maxRounds {
                round += 1
                if options.cancellation?.isCancelled == true { break }
                // Work limit: presolve may use a fifth of the time limit at most.
                if round > 1 && Date().timeIntervalSince(start) > 0.2 * options.timeLimit { break }
                var changed = false
                changed = try fixedColumns() || changed
                changed = try rowReductions() || changed
                changed = try fixedColumns() || changed
                changed = try columnReductions() || changed
                changed = try doubletonEquations() || changed
                if round <= 3 || !changed {
                    changed = try duplicateRows() || changed
                    changed = duplicateColumns() || changed
                }
                if isMIP { changed = coefficientTightening() || changed }
                if !changed { break }
            }
            stats.rounds = round
            try unboundedCheck()
        } catch let stop as PresolveStop {
            return stop.kind == .infeasible ? .infeasible(stop.message) : .unbounded(stop.message)
        } catch {
            return .infeasible("presolve: unexpected error \(error)")
        }
        if isMIP { detectImpliedIntegers() }
        let (reduced, postsolve) = buildReducedModel()
        stats.time = Date().timeIntervalSince(start)
        return .reduced(reduced, postsolve, stats)
    }

    func infeasible(_ message: String) -> PresolveStop { PresolveStop(kind: .infeasible, message: message) }

    // MARK: Bounds and fixed columns

    /// Rounds integer bounds and checks lower <= upper.
    mutating func initialBounds() throws {
        for j in 0..<p.columnCount {
            if p.isInteger[j] {
                if p.columnLower[j] > -.infinity { p.columnLower[j] = (p.columnLower[j] - integerTolerance).rounded(.up) }
                if p.columnUpper[j] < .infinity { p.columnUpper[j] = (p.columnUpper[j] + integerTolerance).rounded(.down) }
            }
            try checkColumnBounds(j, reduction: "bounds of the input")
        }
        for i in 0..<p.rowCount where p.rowLower[i] > p.rowUpper[i] {
            if p.rowLower[i] - p.rowUpper[i] > infeasibilityMargin(p.rowUpper[i]) {
                throw infeasible("row \(rowName(i)) has lower bound \(p.rowLower[i]) above its upper bound \(p.rowUpper[i])")
            }
            p.rowLower[i] = p.rowUpper[i]
        }
    }

    /// Throws when the bounds of column `j` cross by more than noise; repairs crossings within noise.
    mutating func checkColumnBounds(_ j: Int, reduction: String) throws {
        let lo = p.columnLower[j], up = p.columnUpper[j]
        guard lo > up else { return }
        let margin = p.isInteger[j] ? 0.5 : infeasibilityMargin(up)
        if lo - up > margin {
            throw infeasible("\(reduction): column \(columnName(j)) needs \(lo) <= x <= \(up)")
        }
        // Within noise: fix at the upper bound (both bounds are within the margin of it).
        p.columnLower[j] = up
    }

    /// Tightens the bounds of column `j` to [lo, up] (intersected with the current ones), rounding for
    /// integer columns. Returns true when a bound moved.
    mutating func tightenColumn(_ j: Int, lower lo: Double, upper up: Double, reduction: String) throws -> Bool {
        var lo = lo, up = up
        if p.isInteger[j] || p.isImpliedInteger[j] {
            if lo > -.infinity { lo = (lo - integerTolerance).rounded(.up) }
            if up < .infinity { up = (up + integerTolerance).rounded(.down) }
        }
        var changed = false
        if lo > p.columnLower[j] { p.columnLower[j] = lo; changed = true }
        if up < p.columnUpper[j] { p.columnUpper[j] = up; changed = true }
        if changed { try checkColumnBounds(j, reduction: reduction) }
        return changed
    }

    /// Removes columns whose bounds are equal (up to noise).
    mutating func fixedColumns() throws -> Bool {
        var changed = false
        for j in 0..<p.columnCount where p.columnActive[j] {
            let lo = p.columnLower[j], up = p.columnUpper[j]
            guard lo.isFinite && up.isFinite && up - lo <= 1e-12 * max(1, abs(lo)) else { continue }
            removeFixed(j, at: p.isInteger[j] ? lo.rounded() : lo)
            stats[.fixedColumn] += 1
            changed = true
        }
        return changed
    }

    mutating func removeFixed(_ j: Int, at value: Double) {
        p.columnLower[j] = value
        p.columnUpper[j] = value
        steps.append(.fixColumn(column: j, value: value, cost: p.cost[j], rows: p.columnRows[j], values: p.columnValues[j]))
        p.fixColumn(j, at: value)
    }

    // MARK: Row reductions

    /// Empty, singleton, infeasible, forcing and redundant rows; integer bound tightening from rows.
    mutating func rowReductions() throws -> Bool {
        var changed = false
        for i in 0..<p.rowCount where p.rowActive[i] {
            let length = p.rowColumns[i].count
            if length == 0 {
                let lo = p.rowLower[i], up = p.rowUpper[i]
                if lo > infeasibilityMargin(lo) || up < -infeasibilityMargin(up) {
                    throw infeasible("empty row \(rowName(i)) requires \(lo) <= 0 <= \(up)")
                }
                p.removeRow(i)
                stats[.emptyRow] += 1
                changed = true
                continue
            }
            if length == 1 {
                try singletonRow(i)
                changed = true
                continue
            }
            if try activityReductions(i) { changed = true }
        }
        return changed
    }

    /// A row `a·x_j ∈ [l, u]` becomes bounds on x_j.
    mutating func singletonRow(_ i: Int) throws {
        let j = Int(p.rowColumns[i][0])
        let a = p.rowValues[i][0]
        var lo = p.rowLower[i] / a, up = p.rowUpper[i] / a
        if a < 0 { swap(&lo, &up) }
        steps.append(.singletonRow(row: i, column: j, coefficient: a, rowLower: p.rowLower[i], rowUpper: p.rowUpper[i],
                                   lower: p.columnLower[j], upper: p.columnUpper[j]))
        _ = try tightenColumn(j, lower: lo, upper: up, reduction: "singleton row \(rowName(i))")
        p.removeRow(i)
        stats[.singletonRow] += 1
    }

    /// Activity-based tests on row `i`: infeasibility, forcing, redundancy, integer bound tightening.
    mutating func activityReductions(_ i: Int) throws -> Bool {
        let act = p.activity(i)
        let lo = p.rowLower[i], up = p.rowUpper[i]
        let minAct = act.minimumValue, maxAct = act.maximumValue
        // Infeasibility.
        if minAct > up + infeasibilityMargin(up, scale: act.scale) {
            throw infeasible("activity bounds of row \(rowName(i)): minimum activity \(minAct) exceeds upper bound \(up)")
        }
        if maxAct < lo - infeasibilityMargin(lo, scale: act.scale) {
            throw infeasible("activity bounds of row \(rowName(i)): maximum activity \(maxAct) is below lower bound \(lo)")
        }
        // Forcing: the only feasible activity is an extreme one, so every column sits at a bound.
        if minAct.isFinite && minAct >= up - noise(up, scale: act.scale) {
            forceRow(i, atMinimum: true)
            return true
        }
        if maxAct.isFinite && maxAct <= lo + noise(lo, scale: act.scale) {
            forceRow(i, atMinimum: false)
            return true
        }
        // Redundancy.
        let lowerRedundant = lo == -.infinity || minAct >= lo - noise(lo, scale: act.scale)
        let upperRedundant = up == .infinity || maxAct <= up + noise(up, scale: act.scale)
        if lowerRedundant && upperRedundant {
            p.removeRow(i)
            stats[.redundantRow] += 1
            return true
        }
        var changed = false
        if lowerRedundant && lo > -.infinity {
            p.rowLower[i] = -.infinity
            stats[.redundantRowSide] += 1
            changed = true
        }
        if upperRedundant && up < .infinity {
            p.rowUpper[i] = .infinity
            stats[.redundantRowSide] += 1
            changed = true
        }
        if isMIP, act.minimumInfinite <= 1 || act.maximumInfinite <= 1 {
            changed = try tightenIntegerBounds(row: i, activity: act) || changed
        }
        return changed
    }

    /// Fixes every column of row `i` at the bound that gives the minimum (or maximum) activity.
    mutating func forceRow(_ i: Int, atMinimum: Bool) {
        let cols = p.rowColumns[i], vals = p.rowValues[i]
        steps.append(.forcingRow(row: i, atMinimum: atMinimum, columns: cols, values: vals,
                                 flexible: cols.map { p.columnLower[Int($0)] < p.columnUpper[Int($0)] }))
        p.removeRow(i)
        for k in cols.indices {
            let j = Int(cols[k])
            guard p.columnActive[j] else { continue }
            let useLower = (vals[k] > 0) == atMinimum
            removeFixed(j, at: useLower ? p.columnLower[j] : p.columnUpper[j])
        }
        stats[.forcingRow] += 1
    }

    /// Bounds of integer columns implied by row `i` (Achterberg et al. 2020, §3.2); continuous bounds
    /// are left alone so the LP keeps its own bounds.
    mutating func tightenIntegerBounds(row i: Int, activity act: RowActivity) throws -> Bool {
        let lo = p.rowLower[i], up = p.rowUpper[i]
        let cols = p.rowColumns[i], vals = p.rowValues[i]
        var changed = false
        for k in cols.indices {
            let j = Int(cols[k])
            guard p.isInteger[j] else { continue }
            let a = vals[k]
            let cl = p.columnLower[j], cu = p.columnUpper[j]
            let tol = 1e-9 * (act.scale + abs(lo.isFinite ? lo : 0) + abs(up.isFinite ? up : 0)) / abs(a)
            var newLower = -Double.infinity, newUpper = Double.infinity
            if up < .infinity {
                let others = act.minimumWithout(value: a, lower: cl, upper: cu)
                if others > -.infinity {
                    let bound = (up - others) / a
                    if a > 0 { newUpper = bound + tol } else { newLower = bound - tol }
                }
            }
            if lo > -.infinity {
                let others = act.maximumWithout(value: a, lower: cl, upper: cu)
                if others < .infinity {
                    let bound = (lo - others) / a
                    if a > 0 { newLower = max(newLower, bound - tol) } else { newUpper = min(newUpper, bound + tol) }
                }
            }
            // Ignore huge implied bounds: they help nothing and invite round-off.
            if abs(newLower) > 1e12 { newLower = -.infinity }
            if abs(newUpper) > 1e12 { newUpper = .infinity }
            if try tightenColumn(j, lower: newLower, upper: newUpper, reduction: "bound tightening on row \(rowName(i))") {
                stats[.boundTightening] += 1
                changed = true
            }
        }
        return changed
    }

    // MARK: Column reductions

    /// Empty columns, dominated columns (dual fixing) and free column singletons.
    mutating func columnReductions() throws -> Bool {
        var changed = false
        for j in 0..<p.columnCount where p.columnActive[j] {
            let c = p.cost[j]
            let lo = p.columnLower[j], up = p.columnUpper[j]
            if p.columnRows[j].isEmpty {
                if c > 0 && lo > -.infinity {
                    removeFixed(j, at: lo)
                } else if c < 0 && up < .infinity {
                    removeFixed(j, at: up)
                } else if c == 0 {
                    removeFixed(j, at: min(max(0, lo), up))
                } else {
                    continue  // improving direction without bound: left for the unboundedness check
                }
                stats[.emptyColumn] += 1
                changed = true
                continue
            }
            // Dual fixing: if moving x_j down never hurts a row and does not raise the cost, x_j = lower.
            var downSafe = true, upSafe = true
            for k in p.columnRows[j].indices {
                let i = Int(p.columnRows[j][k])
                let a = p.columnValues[j][k]
                if a > 0 {
                    if p.rowLower[i] > -.infinity { downSafe = false }
                    if p.rowUpper[i] < .infinity { upSafe = false }
                } else {
                    if p.rowUpper[i] < .infinity { downSafe = false }
                    if p.rowLower[i] > -.infinity { upSafe = false }
                }
                if !downSafe && !upSafe { break }
            }
            if c >= 0 && downSafe && lo > -.infinity {
                removeFixed(j, at: lo)
                stats[.dominatedColumn] += 1
                changed = true
                continue
            }
            if c <= 0 && upSafe && up < .infinity {
                removeFixed(j, at: up)
                stats[.dominatedColumn] += 1
                changed = true
                continue
            }
            if p.columnRows[j].count == 1 && !p.isInteger[j] {
                if try freeColumnSingleton(j) { changed = true }
            }
        }
        return changed
    }

    /// A continuous column x_j with a single entry a in row i whose bounds are implied by that row
    /// (Andersen & Andersen 1995, §3.4): the row then defines x_j, and both leave the model.
    mutating func freeColumnSingleton(_ j: Int) throws -> Bool {
        let i = Int(p.columnRows[j][0])
        let a = p.columnValues[j][0]
        // A small pivot would spread large multiples of the row into the objective.
        let largest = p.rowValues[i].reduce(0.0) { max($0, abs($1)) }
        guard abs(a) >= 1e-3 * largest, abs(a) > 1e-9 else { return false }
        let act = p.activity(i)
        let cl = p.columnLower[j], cu = p.columnUpper[j]
        let minOthers = act.minimumWithout(value: a, lower: cl, upper: cu)
        let maxOthers = act.maximumWithout(value: a, lower: cl, upper: cu)
        let rl = p.rowLower[i], ru = p.rowUpper[i]
        // Bounds on x_j implied by the row: a·x_j ∈ [rl - maxOthers, ru - minOthers].
        var impliedLo = (rl - maxOthers) / a, impliedUp = (ru - minOthers) / a
        if a < 0 { swap(&impliedLo, &impliedUp) }
        if impliedLo.isNaN || impliedUp.isNaN { return false }
        let lowerImplied = cl == -.infinity || impliedLo >= cl + 1e-12 * max(1, abs(cl))
        let upperImplied = cu == .infinity || impliedUp <= cu - 1e-12 * max(1, abs(cu))
        guard lowerImplied && upperImplied else { return false }
        let c = p.cost[j]
        var rhs: Double
        if rl == ru {
            rhs = rl
            guard rhs.isFinite else { return false }
        } else if c == 0 {
            // x_j absorbs the row: any activity of the other columns can be matched.
            var cols: [Int32] = [], vals: [Double] = []
            for k in p.rowColumns[i].indices where Int(p.rowColumns[i][k]) != j {
                cols.append(p.rowColumns[i][k])
                vals.append(p.rowValues[i][k])
            }
            steps.append(.absorbRow(column: j, row: i, coefficient: a, rowLower: rl, rowUpper: ru, lower: cl, upper: cu,
                                    columns: cols, values: vals))
            p.removeRow(i)
            p.removeColumn(j)
            stats[.freeColumnSingleton] += 1
            return true
        } else {
            // At an optimum the row is tight on the side x_j's cost pushes it to (its dual is c_j / a).
            let activityFalls = (c > 0) == (a > 0)
            rhs = activityFalls ? rl : ru
            if !rhs.isFinite { return false }
        }
        // Substitute x_j = (rhs - Σ a_k x_k) / a into the objective.
        var cols: [Int32] = [], vals: [Double] = []
        for k in p.rowColumns[i].indices where Int(p.rowColumns[i][k]) != j {
            let col = Int(p.rowColumns[i][k]), v = p.rowValues[i][k]
            cols.append(Int32(col))
            vals.append(v)
            p.cost[col] -= c * v / a
        }
        p.offset += c * rhs / a
        steps.append(.substituteColumn(column: j, row: i, coefficient: a, rhs: rhs, cost: c, columns: cols, values: vals))
        p.removeRow(i)
        p.removeColumn(j)
        stats[.freeColumnSingleton] += 1
        return true
    }

    // MARK: Doubleton equations

    /// An equation `a_q x_q + a_e x_e = b` eliminates x_e = (b - a_q x_q) / a_e everywhere; x_e's bounds
    /// become bounds on x_q. Integer x_e only when x_q is integer and the substitution keeps x_e integral.
    mutating func doubletonEquations() throws -> Bool {
        var changed = false
        for i in 0..<p.rowCount where p.rowActive[i] && p.rowColumns[i].count == 2 && p.rowLower[i] == p.rowUpper[i] {
            let j0 = Int(p.rowColumns[i][0]), j1 = Int(p.rowColumns[i][1])
            let a0 = p.rowValues[i][0], a1 = p.rowValues[i][1]
            let b = p.rowLower[i]
            func allowed(eliminate e: Int, ae: Double, keep q: Int, aq: Double) -> Bool {
                let ratio = aq / ae
                if abs(ratio) > 1e3 || abs(ratio) < 1e-3 { return false }
                if !p.isInteger[e] { return true }
                guard p.isInteger[q] else { return false }
                let r = b / ae
                return abs(ratio - ratio.rounded()) < 1e-12 && abs(r - r.rounded()) < 1e-9
            }
            // Prefer eliminating a continuous column, then the one with the larger coefficient.
            var order = [(j0, a0, j1, a1), (j1, a1, j0, a0)]
            let firstContinuous = !p.isInteger[j0], secondContinuous = !p.isInteger[j1]
            if (secondContinuous && !firstContinuous) || (secondContinuous == firstContinuous && abs(a1) > abs(a0)) {
                order.swapAt(0, 1)
            }
            guard let choice = order.first(where: { allowed(eliminate: $0.0, ae: $0.1, keep: $0.2, aq: $0.3) }) else { continue }
            let (e, ae, q, aq) = choice
            // x_q = (b - a_e x_e) / a_q over x_e's bounds.
            let el = p.columnLower[e], eu = p.columnUpper[e]
            let keptLower = p.columnLower[q], keptUpper = p.columnUpper[q]
            var lo = (b - ae * (ae / aq > 0 ? eu : el)) / aq
            var up = (b - ae * (ae / aq > 0 ? el : eu)) / aq
            if lo.isNaN { lo = -.infinity }
            if up.isNaN { up = .infinity }
            _ = try tightenColumn(q, lower: lo, upper: up, reduction: "doubleton equation \(rowName(i))")
            // Substitute into the other rows of x_e.
            let rows = p.columnRows[e], rvals = p.columnValues[e]
            var otherRows: [Int32] = [], otherValues: [Double] = []
            for k in rows.indices where Int(rows[k]) != i {
                otherRows.append(rows[k])
                otherValues.append(rvals[k])
            }
            steps.append(.doubletonEquation(column: e, row: i, coefficient: ae, rhs: b, kept: q, keptCoefficient: aq,
                                            cost: p.cost[e], lower: el, upper: eu, keptLower: keptLower,
                                            keptUpper: keptUpper, rows: otherRows, values: otherValues))
            p.removeRow(i)
            for k in rows.indices {
                let r = Int(rows[k])
                guard r != i, p.rowActive[r] else { continue }
                let are = rvals[k]
                let shift = are * b / ae
                if p.rowLower[r] > -.infinity { p.rowLower[r] -= shift }
                if p.rowUpper[r] < .infinity { p.rowUpper[r] -= shift }
                let delta = -are * aq / ae
                let old = p.positionInRow(r, column: q).map { p.rowValues[r][$0] } ?? 0
                var updated = old + delta
                if abs(updated) <= 1e-12 * max(abs(old), abs(delta)) { updated = 0 }
                p.setEntry(row: r, column: q, value: updated)
            }
            p.cost[q] -= p.cost[e] * aq / ae
            p.offset += p.cost[e] * b / ae
            p.removeColumn(e)
            stats[.doubletonEquation] += 1
            changed = true
        }
        return changed
    }

    // MARK: Duplicates

    /// A key under which parallel vectors collide: the sorted indices and the values scaled by the first
    /// one, rounded to about 9 significant digits.
    static func parallelKey(_ idx: [Int32], _ val: [Double]) -> (key: [Int64], indices: [Int32], values: [Double]) {
        let order = idx.indices.sorted { idx[$0] < idx[$1] }
        let sortedIdx = order.map { idx[$0] }
        let sortedVal = order.map { val[$0] }
        let first = sortedVal[0]
        var key: [Int64] = []
        key.reserveCapacity(2 * sortedIdx.count)
        for k in sortedIdx.indices {
            key.append(Int64(sortedIdx[k]))
            let s = sortedVal[k] / first
            key.append(Int64((s * 1e9).rounded()))
        }
        return (key, sortedIdx, sortedVal)
    }

    /// The factor λ with `v2 = λ·v1` if the sorted vectors are parallel within 1e-12 relative.
    static func parallelFactor(_ i1: [Int32], _ v1: [Double], _ i2: [Int32], _ v2: [Double]) -> Double? {
        guard i1 == i2, !v1.isEmpty else { return nil }
        let lambda = v2[0] / v1[0]
        for k in v1.indices where abs(v2[k] - lambda * v1[k]) > 1e-12 * max(abs(v2[k]), 1e-300) * 10 {
            return nil
        }
        return lambda
    }

    /// Rows that are multiples of one another merge into one row with the intersected bounds.
    mutating func duplicateRows() throws -> Bool {
        var groups: [[Int64]: [(row: Int, idx: [Int32], val: [Double])]] = [:]
        var changed = false
        for i in 0..<p.rowCount where p.rowActive[i] && p.rowColumns[i].count >= 2 {
            let (key, idx, val) = Self.parallelKey(p.rowColumns[i], p.rowValues[i])
            var found = false
            if let candidates = groups[key] {
                for cand in candidates where p.rowActive[cand.row] {
                    guard let lambda = Self.parallelFactor(cand.idx, cand.val, idx, val) else { continue }
                    // Row i = λ·row cand: its bounds in cand's scale.
                    var lo = p.rowLower[i] / lambda, up = p.rowUpper[i] / lambda
                    if lambda < 0 { swap(&lo, &up) }
                    let r = cand.row
                    steps.append(.mergeRows(kept: r, removed: i, scale: lambda, keptLower: p.rowLower[r],
                                            keptUpper: p.rowUpper[r], removedLower: p.rowLower[i],
                                            removedUpper: p.rowUpper[i]))
                    var newLo = max(p.rowLower[r], lo), newUp = min(p.rowUpper[r], up)
                    if newLo > newUp {
                        if newLo - newUp > infeasibilityMargin(newUp) {
                            throw infeasible("duplicate rows \(rowName(r)) and \(rowName(i)) have disjoint ranges")
                        }
                        newLo = newUp
                    }
                    p.rowLower[r] = newLo
                    p.rowUpper[r] = newUp
                    p.removeRow(i)
                    stats[.duplicateRow] += 1
                    changed = true
                    found = true
                    break
                }
            }
            if !found { groups[key, default: []].append((i, idx, val)) }
        }
        return changed
    }

    /// Parallel columns with proportional costs merge: x_k + λ·x_r becomes one column (both continuous,
    /// or both integer with λ = ±1 so the merged column stays integral and splits back integrally).
    mutating func duplicateColumns() -> Bool {
        var groups: [[Int64]: [(column: Int, idx: [Int32], val: [Double])]] = [:]
        var changed = false
        for j in 0..<p.columnCount where p.columnActive[j] && !p.columnRows[j].isEmpty {
            let (key, idx, val) = Self.parallelKey(p.columnRows[j], p.columnValues[j])
            var found = false
            if let candidates = groups[key] {
                for cand in candidates where p.columnActive[cand.column] {
                    let k = cand.column
                    guard let lambda = Self.parallelFactor(cand.idx, cand.val, idx, val) else { continue }
                    guard p.isInteger[k] == p.isInteger[j], !p.isImpliedInteger[k], !p.isImpliedInteger[j] else { continue }
                    if p.isInteger[k] && abs(lambda) != 1 { continue }
                    // Costs must be proportional too: c_j = λ·c_k.
                    guard abs(p.cost[j] - lambda * p.cost[k]) <= 1e-12 * max(1, abs(p.cost[j])) else { continue }
                    let kl = p.columnLower[k], ku = p.columnUpper[k]
                    let jl = p.columnLower[j], ju = p.columnUpper[j]
                    let addLo = lambda > 0 ? lambda * jl : lambda * ju
                    let addUp = lambda > 0 ? lambda * ju : lambda * jl
                    steps.append(.mergeColumns(kept: k, removed: j, scale: lambda, keptLower: kl, keptUpper: ku,
                                               removedLower: jl, removedUpper: ju,
                                               keptInteger: p.isInteger[k], removedInteger: p.isInteger[j]))
                    p.columnLower[k] = kl + addLo
                    p.columnUpper[k] = ku + addUp
                    if p.columnLower[k].isNaN { p.columnLower[k] = -.infinity }
                    if p.columnUpper[k].isNaN { p.columnUpper[k] = .infinity }
                    p.removeColumn(j)
                    stats[.duplicateColumn] += 1
                    changed = true
                    found = true
                    break
                }
            }
            if !found { groups[key, default: []].append((j, idx, val)) }
        }
        return changed
    }

    // MARK: Coefficient tightening

    /// For one-sided rows, shrinks the coefficient of a 0/1-range integer column when the row is
    /// redundant at one of its two values (Savelsbergh 1994; Achterberg et al. 2020, §3.5). The integer
    /// points stay the same; the LP relaxation gets tighter.
    mutating func coefficientTightening() -> Bool {
        var changed = false
        // Continuous columns count with the bounds other rows imply (Presolve/ImpliedBounds.swift).
        var implied = impliedContinuousBounds()
        for i in 0..<p.rowCount where p.rowActive[i] && p.rowColumns[i].count >= 2 {
            let lower = p.rowLower[i], upper = p.rowUpper[i]
            // Work on the form Σ s·a x <= s·bound.
            let s: Double
            if lower == -.infinity && upper < .infinity { s = 1 } else if upper == .infinity && lower > -.infinity { s = -1 } else { continue }
            var rhs = s == 1 ? upper : -lower
            let act = p.activity(i)
            var maxAct = min(s == 1 ? act.maximumValue : -act.minimumValue,
                             maximumActivity(row: i, sign: s, implied: implied))
            guard maxAct.isFinite else { continue }
            var rowChanged = false
            for k in p.rowColumns[i].indices {
                let j = Int(p.rowColumns[i][k])
                guard p.isInteger[j], p.columnUpper[j] - p.columnLower[j] == 1 else { continue }
                guard maxAct > rhs + noise(rhs, scale: act.scale) else { break }  // row redundant now
                let a = s * p.rowValues[i][k]
                let lj = p.columnLower[j], uj = p.columnUpper[j]
                if a > 0 {
                    let d = rhs - (maxAct - a)
                    guard d > 1e-7 * max(1, abs(a)) && d < a else { continue }
                    p.rowValues[i][k] = s * (a - d)
                    rhs -= d * uj
                    maxAct -= d * uj
                } else {
                    let d = rhs - (maxAct + a)
                    guard d > 1e-7 * max(1, abs(a)) && d < -a else { continue }
                    p.rowValues[i][k] = s * (a + d)
                    rhs += d * lj
                    maxAct += d * lj
                }
                if let q = p.positionInColumn(j, row: i) { p.columnValues[j][q] = p.rowValues[i][k] }
                stats[.coefficientTightening] += 1
                rowChanged = true
            }
            if rowChanged {
                implied.changedRows[i] = true
                if s == 1 { p.rowUpper[i] = rhs } else { p.rowLower[i] = -rhs }
                changed = true
            }
        }
        return changed
    }

    // MARK: Implied integers

    /// A continuous column in an equation whose other columns are integer, with coefficient ratios and
    /// right-hand side integral multiples of its own coefficient, takes integer values in every
    /// feasible point.
    mutating func detectImpliedIntegers() {
        for j in 0..<p.columnCount where p.columnActive[j] && !p.isInteger[j] {
            var implied = false
            for k in p.columnRows[j].indices {
                let i = Int(p.columnRows[j][k])
                guard p.rowLower[i] == p.rowUpper[i] else { continue }
                let a = p.columnValues[j][k]
                let r = p.rowLower[i] / a
                guard abs(r - r.rounded()) < 1e-9 else { continue }
                var ok = true
                for m in p.rowColumns[i].indices {
                    let col = Int(p.rowColumns[i][m])
                    if col == j { continue }
                    let ratio = p.rowValues[i][m] / a
                    if !p.isInteger[col] || abs(ratio - ratio.rounded()) > 1e-9 { ok = false; break }
                }
                if ok { implied = true; break }
            }
            if implied {
                p.isImpliedInteger[j] = true
                if p.columnLower[j] > -.infinity { p.columnLower[j] = (p.columnLower[j] - integerTolerance).rounded(.up) }
                if p.columnUpper[j] < .infinity { p.columnUpper[j] = (p.columnUpper[j] + integerTolerance).rounded(.down) }
                stats[.impliedInteger] += 1
            }
        }
    }

    // MARK: Unboundedness and output

    /// With no rows left, a remaining column with an improving direction and no bound in it proves
    /// unboundedness (every other remaining column has a feasible value, as its bounds do not cross).
    mutating func unboundedCheck() throws {
        guard !p.rowActive.contains(true) else { return }
        for j in 0..<p.columnCount where p.columnActive[j] {
            let c = p.cost[j]
            if (c > 0 && p.columnLower[j] == -.infinity) || (c < 0 && p.columnUpper[j] == .infinity) {
                throw PresolveStop(kind: .unbounded, message: "empty column \(columnName(j)) has objective \(model.variables[j].objective) and no bound in its improving direction; all rows were removed")
            }
        }
    }

    /// The reduced model (original names, sense and objective constant adjusted) and the postsolve map.
    mutating func buildReducedModel() -> (Model, Postsolve) {
        var reduced = Model(name: model.name)
        reduced.sense = model.sense
        reduced.objectiveName = model.objectiveName
        let sign: Double = model.sense == .minimize ? 1 : -1
        reduced.objectiveConstant = model.objectiveConstant + sign * p.offset
        var newIndex = [Int](repeating: -1, count: p.columnCount)
        var columnMap: [Int] = []
        for j in 0..<p.columnCount where p.columnActive[j] {
            newIndex[j] = columnMap.count
            columnMap.append(j)
            let original = model.variables[j]
            var kind = original.kind
            if kind == .binary && (p.columnLower[j] < 0 || p.columnUpper[j] > 1) { kind = .integer }
            reduced.addVariable(VariableInfo(name: original.name, lowerBound: p.columnLower[j],
                                             upperBound: p.columnUpper[j], kind: kind,
                                             objective: sign * p.cost[j]))
            if p.isImpliedInteger[j] { stats.impliedIntegerColumns.append(newIndex[j]) }
        }
        var rowMap: [Int] = []
        for i in 0..<p.rowCount where p.rowActive[i] {
            rowMap.append(i)
            var terms: [LinearTerm] = []
            terms.reserveCapacity(p.rowColumns[i].count)
            for k in p.rowColumns[i].indices {
                terms.append(LinearTerm(p.rowValues[i][k], Variable(index: newIndex[Int(p.rowColumns[i][k])])))
            }
            terms.sort { $0.variable.index < $1.variable.index }
            reduced.addConstraint(ConstraintInfo(name: model.constraints[i].name, lowerBound: p.rowLower[i],
                                                 upperBound: p.rowUpper[i], terms: terms))
        }
        stats.reducedRows = rowMap.count
        stats.reducedColumns = columnMap.count
        stats.reducedNonzeros = reduced.numberOfNonzeros
        var postsolve = Postsolve(originalColumnCount: p.columnCount, columnMap: columnMap, rowMap: rowMap, steps: steps)
        postsolve.originalRowCount = p.rowCount
        // Integer rounding, integer bound and coefficient tightening change the LP relaxation: its duals
        // do not carry back.
        if isMIP { postsolve.dualsUnavailable = "presolve of a model with integer columns changes its LP relaxation" }
        return (reduced, postsolve)
    }
}
