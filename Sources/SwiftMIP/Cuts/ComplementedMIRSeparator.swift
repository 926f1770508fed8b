// Complemented mixed-integer rounding cuts (Marchand & Wolsey 2001, "Aggregation and mixed integer
// rounding to solve MIPs"; the aggregation heuristic follows Achterberg's thesis §8.3 / SCIP's cmir).
//
// For a start row (taken as a `≤` inequality) the separator
//  1. substitutes every continuous variable by its distance to the closest simple or variable bound
//     (x = l + y, x = u − y, x = d·v + e ± y for a variable bound on an integer v), so y ≥ 0;
//  2. complements every integer variable to its closest bound (z = x − l or z = u − x), so z ≥ 0;
//  3. divides by δ ∈ {|α_j| of integers strictly inside their bounds} (then δ/2, δ/4, δ/8) and applies
//     the MIR function  Σ (⌊ᾱ_j⌋ + max(0, f_j − f₀)/(1 − f₀)) z_j + Σ_{c_k<0} c_k/(δ(1 − f₀)) y_k ≤ ⌊β̄⌋,
//     keeping the δ of highest efficacy, then tries flipping the complementation of single integers;
//  4. maps the result back to the original columns.
// When no violated cut comes out, a continuous variable strictly inside its bounds is eliminated by adding
// a multiple of another row that contains it (smallest slack first), up to `maxAggregations` times.

/// Complemented MIR cuts on single rows and on aggregations of rows along continuous variables.
struct ComplementedMIRSeparator: CutSeparator {
    var name: String { "cmir" }
    /// Rows added to a start row to eliminate continuous variables, at most.
    var maxAggregations = 5
    /// Start rows tried per round, at most (lowest normalised slack first).
    var maxStartRows = 400
    /// Cuts returned per round, at most (highest efficacy first).
    var maxCuts = 150
    /// Rough budget of nonzero operations per round.
    var workLimit = 6_000_000
    /// Aggregate along paths of tight rows (Cuts/PathAggregation.swift) instead of the plain step.
    var pathAggregation = pathAggregationDefault
    /// Also try the lifted mixed-binary cover of each aggregate (Cuts/LiftedCover.swift).
    var liftedCover = liftedCoverEnabled
    /// Also start from and aggregate the cuts already in the LP (Cuts/PathAggregation.swift).
    var aggregateLPCuts = aggregateLPCutsDefault

    func separate(_ context: CutContext) -> [Cut] {
        var engine = MIREngine(context: context, origin: name, aggregateLPCuts: aggregateLPCuts)
        engine.pathAggregation = pathAggregation
        engine.liftedCover = liftedCover
        return selectCuts(engine.run(maxAggregations: maxAggregations, maxStartRows: maxStartRows,
                                     workLimit: workLimit), limit: maxCuts,
                          model: context.model, allowRowLength: false)
    }
}

/// The cut an `MIREngine` derives from an aggregated row.
enum MIRCutGenerator: UInt8 { case cmir, flowCover }

/// How a continuous column is replaced by a non-negative variable y.
enum MIRBoundKind: UInt8 { case simpleLower, simpleUpper, variableLower, variableUpper }

/// A variable bound x ≥ d·v + e (lower) or x ≤ d·v + e (upper) on an integer column v, read from a row
/// with exactly one continuous and one integer entry.
struct MIRVariableBound {
    var column: Int32 = -1
    var coefficient = 0.0
    var constant = 0.0
}

/// Work arrays of one separation call.
struct MIREngine {
    let model: CompressedModel
    let x: [Double]
    let lower: [Double]     // separator bounds (integers rounded inwards, infinite as ±inf)
    let upper: [Double]
    let origin: String
    /// Which cut the engine derives from each aggregate: c-MIR (closest-bound substitution) or a flow
    /// cover cut (Cuts/FlowCoverSeparator.swift); the start rows and the aggregation are shared.
    var generator: MIRCutGenerator = .cmir
    /// Keep aggregating a start row after a cut was found (one cut per aggregation step).
    var keepAggregating = false
    /// Never eliminate a column with a two-entry (variable-bound) row, and pick the column to eliminate
    /// by its distance to its simple bounds only; otherwise (flow cover generator) a column at its
    /// variable upper bound is not eliminated.
    var eliminateArcs = false
    /// Path aggregation (Cuts/PathAggregation.swift): eliminate the continuous column farthest from its
    /// closest simple or variable bound, only with rows tight at the LP point (equations or active sides).
    var pathAggregation = false
    /// Per column: distance of x* to its closest simple or variable bound (continuous columns; filled
    /// when `pathAggregation` is set).
    var boundDistance: [Double] = []
    /// Per row: continuous columns strictly inside their bounds (filled with `boundDistance`).
    var badColumnsInRow: [Int32] = []
    /// Try the lifted mixed-binary cover of each aggregate too (c-MIR generator).
    var liftedCover = false
    var vlb: [MIRVariableBound]
    var vub: [MIRVariableBound]
    var aggregate: CutScratchRow
    var cutRow: CutScratchRow
    /// Scratch for the flow cover generator (the cut in the original columns).
    var flowRow: CutScratchRow
    var rowUsed: [Bool]
    var work = 0
    /// The path aggregation's random row choices (PathAggregation.swift), seeded by the cut round so
    /// that runs repeat exactly.
    var random: SplitMix64
    /// Row slack terms of the aggregate next to its columns (Cuts/TableauMIRSeparator.swift): the
    /// aggregate reads `Σ aggregate·x + Σ_t slackCoefficient[t]·r_{slackRows[t]} ≤ rhs`, with
    /// r_i = (A x)_i the activity of LP row i (`rows` numbering) within its sides. Empty for the
    /// row-based generators.
    var slackRows: [Int32] = []
    var slackCoefficients: [Double] = []
    /// Activities of `rows` at the LP point (needed with slack terms).
    var slackActivities: [Double] = []
    /// Per row of `rows`: its activity is integral at every integer point (integer columns with
    /// integer coefficients); such a slack is an integer variable between its rounded sides.
    var rowIsIntegral: [Bool] = []
    /// The rows the engine starts from and aggregates: the model's rows, then (with
    /// `aggregateLPCuts`) the cuts in the LP, as SCIP's and HiGHS's aggregation use every LP row: a
    /// path through earlier cuts gives the deeper rank-2 cuts.
    let rows: SparseMatrix
    let rowLower: [Double]
    let rowUpper: [Double]
    var rowCount: Int { rows.rowCount }

    init(context: CutContext, origin: String, aggregateLPCuts: Bool = aggregateLPCutsDefault) {
        model = context.model
        x = context.values
        let n = model.columnCount
        (lower, upper) = cutBounds(context)
        self.origin = origin
        if aggregateLPCuts, !context.existingCuts.isEmpty {
            (rows, rowLower, rowUpper) = lpRowMatrix(model: model, cuts: context.existingCuts)
        } else {
            (rows, rowLower, rowUpper) = (model.matrix, model.rowLower, model.rowUpper)
        }
        vlb = [MIRVariableBound](repeating: MIRVariableBound(), count: n)
        vub = vlb
        aggregate = CutScratchRow(columnCount: n)
        cutRow = CutScratchRow(columnCount: n)
        flowRow = CutScratchRow(columnCount: n)
        rowUsed = [Bool](repeating: false, count: rows.rowCount)
        random = SplitMix64(seed: pathAggregationSeed &+ UInt64(truncatingIfNeeded: context.round) &* 0x9E37_79B9)
        findVariableBounds()
    }

    /// Rows a_x·x + a_v·v (≤ or ≥) with x continuous, v integer give x ≤/≥ d·v + e. Keeps, per column,
    /// the bound closest to the LP point.
    private mutating func findVariableBounds() {
        let m = model.matrix
        for i in 0..<model.rowCount where m.rowStart[i + 1] - m.rowStart[i] == 2 {
            let k = m.rowStart[i]
            var c = Int(m.columnIndex[k]), v = Int(m.columnIndex[k + 1])
            var ac = m.rowValue[k], av = m.rowValue[k + 1]
            if model.isInteger[c] { swap(&c, &v); swap(&ac, &av) }
            guard !model.isInteger[c], model.isInteger[v], ac != 0, lower[v].isFinite, upper[v].isFinite else { continue }
            for side in 0..<2 {
                // side 0: ac x + av v ≤ U;  side 1: −ac x − av v ≤ −L.
                let rhs = side == 0 ? model.rowUpper[i] : -model.rowLower[i]
                guard abs(rhs) < mipInfinity else { continue }
                let a = side == 0 ? ac : -ac, b = side == 0 ? av : -av
                // a x ≤ rhs − b v  →  x ≤ rhs/a − (b/a) v  (a > 0)  or  x ≥ … (a < 0).
                let bound = MIRVariableBound(column: Int32(v), coefficient: -b / a, constant: rhs / a)
                let value = bound.coefficient * x[v] + bound.constant
                if a > 0 {
                    let old = vub[c]
                    if old.column < 0 || value < old.coefficient * x[Int(old.column)] + old.constant { vub[c] = bound }
                } else {
                    let old = vlb[c]
                    if old.column < 0 || value > old.coefficient * x[Int(old.column)] + old.constant { vlb[c] = bound }
                }
            }
        }
    }

    /// Normalised slack of row i on one side (side +1: ≤ rowUpper, −1: ≥ rowLower); infinite if that side is.
    func slack(_ i: Int, side: Double, activity: Double) -> Double {
        let bound = side > 0 ? rowUpper[i] : rowLower[i]
        guard abs(bound) < mipInfinity else { return .infinity }
        let m = rows
        var norm = 0.0
        for k in m.rowStart[i]..<m.rowStart[i + 1] { norm += m.rowValue[k] * m.rowValue[k] }
        return max(0, side > 0 ? bound - activity : activity - bound) / max(1e-9, norm.squareRoot())
    }

    mutating func run(maxAggregations: Int, maxStartRows: Int, workLimit: Int) -> [(Cut, Double)] {
        let m = rows
        let activities = rows.multiply(x)
        // Start candidates: rows holding an integer column with a fractional LP value or a continuous
        // column strictly inside its bounds; tightest first.
        var starts: [(row: Int, side: Double, slack: Double)] = []
        for i in 0..<rowCount {
            var interesting = false
            for k in m.rowStart[i]..<m.rowStart[i + 1] {
                let j = Int(m.columnIndex[k])
                if model.isInteger[j] {
                    if abs(x[j] - x[j].rounded()) > 1e-6 { interesting = true; break }
                } else if x[j] > lower[j] + 1e-6 && x[j] < upper[j] - 1e-6 {
                    interesting = true; break
                }
            }
            guard interesting else { continue }
            for side in [1.0, -1.0] {
                let s = slack(i, side: side, activity: activities[i])
                if s.isFinite { starts.append((i, side, s)) }
            }
        }
        starts.sort { $0.slack < $1.slack }
        if starts.count > maxStartRows { starts.removeLast(starts.count - maxStartRows) }

        var found: [(Cut, Double)] = []
        var used: [Int] = []
        for start in starts {
            if work > workLimit { break }
            aggregate.clear()
            for r in used { rowUsed[r] = false }
            used.removeAll(keepingCapacity: true)
            var rhs = 0.0
            addRow(start.row, weight: start.side, rhs: &rhs)
            rowUsed[start.row] = true
            used.append(start.row)
            for step in 0...maxAggregations {
                if let cut = generator == .cmir ? mirCut(rhs: rhs) : flowCoverCut(rhs: rhs) {
                    found.append(cut)
                    if !keepAggregating { break }
                }
                if step == maxAggregations || !aggregateStep(rhs: &rhs, activities: activities, used: &used) { break }
            }
        }
        for r in used { rowUsed[r] = false }
        return found
    }

    /// Adds weight·(row i) to the aggregate; the right-hand side uses rowUpper for weight > 0, rowLower otherwise.
    mutating func addRow(_ i: Int, weight: Double, rhs: inout Double) {
        work += aggregate.add(row: i, of: rows, scale: weight)
        rhs += weight * (weight > 0 ? rowUpper[i] : rowLower[i])
    }

    /// Eliminates the continuous column of the aggregate farthest inside its bounds with the row of
    /// smallest slack that contains it. False when no such column or row exists.
    private mutating func aggregateStep(rhs: inout Double, activities: [Double], used: inout [Int]) -> Bool {
        if pathAggregation { return pathStep(rhs: &rhs, activities: activities, used: &used) }
        var best = -1, bestDistance = 1e-6
        for j32 in aggregate.support {
            let j = Int(j32)
            guard !model.isInteger[j], abs(aggregate.value[j]) > 1e-9 else { continue }
            var distance = min(x[j] - lower[j], upper[j] - x[j])
            if generator == .flowCover, !eliminateArcs, vub[j].column >= 0 {
                // A flow with a variable upper bound is an arc of the flow set, not a column to eliminate.
                let b = vub[j]
                distance = min(distance, b.coefficient * x[Int(b.column)] + b.constant - x[j])
            }
            if distance > bestDistance { best = j; bestDistance = distance }
        }
        guard best >= 0 else { return false }
        let m = rows
        let c = aggregate.value[best]
        var bestRow = -1, bestWeight = 0.0, bestSlack = Double.infinity
        for k in m.columnStart[best]..<m.columnStart[best + 1] {
            let i = Int(m.rowIndex[k])
            guard !rowUsed[i], !eliminateArcs || m.rowStart[i + 1] - m.rowStart[i] > 2 else { continue }
            let a = m.columnValue[k]
            let weight = -c / a
            guard abs(weight) >= 1e-4, abs(weight) <= 1e4 else { continue }
            let s = slack(i, side: weight > 0 ? 1 : -1, activity: activities[i])
            if s < bestSlack { bestSlack = s; bestRow = i; bestWeight = weight }
        }
        work += m.columnStart[best + 1] - m.columnStart[best]
        guard bestRow >= 0 else { return false }
        eliminate(best, row: bestRow, weight: bestWeight, rhs: &rhs, used: &used)
        return true
    }

    /// Adds weight·(row) to the aggregate, which cancels `column` (set to exactly 0), and marks the row used.
    mutating func eliminate(_ column: Int, row: Int, weight: Double, rhs: inout Double, used: inout [Int]) {
        addRow(row, weight: weight, rhs: &rhs)
        aggregate.value[column] = 0   // exact cancellation
        rowUsed[row] = true
        used.append(row)
    }

    /// The best c-MIR cut of the current aggregate `Σ aggregate·x ≤ rhs`, or nil.
    mutating func mirCut(rhs rhsIn: Double) -> (Cut, Double)? {
        guard rhsIn.isFinite, abs(rhsIn) < mipInfinity else { return nil }
        var beta = rhsIn
        // Integer coefficients after variable-bound substitution, accumulated in cutRow as scratch.
        cutRow.clear()
        var contColumns: [Int32] = []
        var contKinds: [MIRBoundKind] = []
        var contCoefficients: [Double] = []   // coefficient of y_k
        var contValues: [Double] = []         // y*_k
        work += aggregate.support.count
        for j32 in aggregate.support {
            let j = Int(j32)
            let c = aggregate.value[j]
            if model.isInteger[j] {
                if c != 0 { cutRow.add(j, c) }
                continue
            }
            if abs(c) <= 1e-9 {
                // Drop a negligible continuous term by relaxing with its bound.
                if c == 0 { continue }
                let bound = c > 0 ? lower[j] : upper[j]
                guard bound.isFinite else { return nil }
                beta -= c * bound
                continue
            }
            // Closest bound; variable bounds win ties (they are what makes c-MIR strong on flow models).
            var kind = MIRBoundKind.simpleLower
            var distance = x[j] - lower[j]
            if upper[j] - x[j] < distance { kind = .simpleUpper; distance = upper[j] - x[j] }
            let lb = vlb[j], ub = vub[j]
            if lb.column >= 0 {
                let d = x[j] - (lb.coefficient * x[Int(lb.column)] + lb.constant)
                if d <= distance + 1e-9 { kind = .variableLower; distance = d }
            }
            if ub.column >= 0 {
                let d = ub.coefficient * x[Int(ub.column)] + ub.constant - x[j]
                if d <= distance + 1e-9 { kind = .variableUpper; distance = d }
            }
            guard distance.isFinite else { return nil }
            switch kind {
            case .simpleLower:     // x = l + y
                beta -= c * lower[j]
                contCoefficients.append(c)
            case .simpleUpper:     // x = u − y
                beta -= c * upper[j]
                contCoefficients.append(-c)
            case .variableLower:   // x = d v + e + y
                beta -= c * lb.constant
                cutRow.add(Int(lb.column), c * lb.coefficient)
                contCoefficients.append(c)
            case .variableUpper:   // x = d v + e − y
                beta -= c * ub.constant
                cutRow.add(Int(ub.column), c * ub.coefficient)
                contCoefficients.append(-c)
            }
            contColumns.append(j32)
            contKinds.append(kind)
            contValues.append(max(0, distance))
        }
        // Row slack terms: r_i is a continuous variable within the row's sides, substituted by its
        // distance y to the closer side (index n + t in `contColumns` marks slack term t).
        let n = model.columnCount
        for t in slackRows.indices {
            let i = Int(slackRows[t])
            if !rowIsIntegral.isEmpty && rowIsIntegral[i] { continue }   // with the integers below
            let c = slackCoefficients[t]
            let l = rowLower[i] > -mipInfinity ? rowLower[i] : -Double.infinity
            let u = rowUpper[i] < mipInfinity ? rowUpper[i] : Double.infinity
            if abs(c) <= 1e-9 {
                if c == 0 { continue }
                let bound = c > 0 ? l : u
                guard bound.isFinite else { return nil }
                beta -= c * bound
                continue
            }
            let r = slackActivities[i]
            let useUpper = !l.isFinite || (u.isFinite && u - r < r - l)
            let bound = useUpper ? u : l
            guard bound.isFinite else { return nil }
            beta -= c * bound
            contCoefficients.append(useUpper ? -c : c)
            contColumns.append(Int32(n + t))
            contKinds.append(useUpper ? .simpleUpper : .simpleLower)
            contValues.append(max(0, useUpper ? u - r : r - l))
        }
        work += slackRows.count
        // Continuous part of the MIR cut: only negative coefficients survive.
        var contNegative = 0.0, contNorm = 0.0
        for k in contCoefficients.indices where contCoefficients[k] < 0 {
            contNegative += contCoefficients[k] * contValues[k]
            contNorm += contCoefficients[k] * contCoefficients[k]
        }
        // Integer part: complement to the closest bound.
        var intColumns: [Int32] = []
        var alpha: [Double] = []
        var zValue: [Double] = []
        var zRange: [Double] = []
        var complemented: [Bool] = []
        for j32 in cutRow.support {
            let j = Int(j32)
            let a = cutRow.value[j]
            guard abs(a) > 1e-9 else {
                if a == 0 { continue }
                let bound = a > 0 ? lower[j] : upper[j]
                guard bound.isFinite else { return nil }
                beta -= a * bound
                continue
            }
            let l = lower[j], u = upper[j]
            guard l.isFinite || u.isFinite else { return nil }
            let useUpper = !l.isFinite || (u.isFinite && u - x[j] < x[j] - l)
            intColumns.append(j32)
            zRange.append(u - l)
            if useUpper {
                alpha.append(-a); zValue.append(max(0, u - x[j])); beta -= a * u; complemented.append(true)
            } else {
                alpha.append(a); zValue.append(max(0, x[j] - l)); beta -= a * l; complemented.append(false)
            }
        }
        // Integral row slacks: r_i integer within its rounded sides, complemented to the closer one.
        if !rowIsIntegral.isEmpty {
            for t in slackRows.indices where rowIsIntegral[Int(slackRows[t])] {
                let i = Int(slackRows[t])
                let a = slackCoefficients[t]
                let l = rowLower[i] > -mipInfinity ? (rowLower[i] - 1e-6).rounded(.up) : -Double.infinity
                let u = rowUpper[i] < mipInfinity ? (rowUpper[i] + 1e-6).rounded(.down) : Double.infinity
                guard abs(a) > 1e-9 else {
                    if a == 0 { continue }
                    let bound = a > 0 ? l : u
                    guard bound.isFinite else { return nil }
                    beta -= a * bound
                    continue
                }
                guard l.isFinite || u.isFinite else { return nil }
                let r = slackActivities[i]
                let useUpper = !l.isFinite || (u.isFinite && u - r < r - l)
                intColumns.append(Int32(n + t))
                zRange.append(u - l)
                if useUpper {
                    alpha.append(-a); zValue.append(max(0, u - r)); beta -= a * u; complemented.append(true)
                } else {
                    alpha.append(a); zValue.append(max(0, r - l)); beta -= a * l; complemented.append(false)
                }
            }
        }
        guard !intColumns.isEmpty, abs(beta) < 1e12 else { return nil }
        work += intColumns.count * 12

        // Efficacy of the MIR cut for divisor δ (in the substituted space, a close estimate).
        func evaluate(_ delta: Double, _ alpha: [Double], _ beta: Double) -> Double {
            let bb = beta / delta
            guard abs(bb) < 1e9 else { return -.infinity }
            let f0 = bb - bb.rounded(.down)
            guard f0 >= 0.01, f0 <= 0.99 else { return -.infinity }
            var lhs = contNegative / (1 - f0), norm = contNorm / ((1 - f0) * (1 - f0))
            for t in alpha.indices {
                let ab = alpha[t] / delta
                let fl = ab.rounded(.down)
                let g = delta * (fl + max(0, ab - fl - f0) / (1 - f0))
                lhs += g * zValue[t]
                norm += g * g
            }
            guard norm > 0 else { return -.infinity }
            return (lhs - delta * bb.rounded(.down)) / norm.squareRoot()
        }

        var candidates: [Double] = []
        for t in intColumns.indices where zValue[t] > 1e-6 && zValue[t] < zRange[t] - 1e-6 {
            let d = abs(alpha[t])
            if d > 1e-6, !candidates.contains(where: { abs($0 - d) <= 1e-9 * d }) { candidates.append(d) }
            if candidates.count >= 8 { break }
        }
        var bestDelta = 0.0, bestEfficacy = -Double.infinity
        for d in candidates {
            let e = evaluate(d, alpha, beta)
            if e > bestEfficacy + 1e-9 { bestEfficacy = e; bestDelta = d }
        }
        if bestDelta > 0 {
            let base = bestDelta
            for divisor in [2.0, 4.0, 8.0] {
                let e = evaluate(base / divisor, alpha, beta)
                if e > bestEfficacy + 1e-9 { bestEfficacy = e; bestDelta = base / divisor }
            }
            // Try complementing single integers strictly inside finite bounds (Marchand & Wolsey step 3).
            var flips = 0
            for t in intColumns.indices where flips < 10 && zRange[t].isFinite
                && zValue[t] > 1e-6 && zValue[t] < zRange[t] - 1e-6 {
                flips += 1
                let oldAlpha = alpha[t], oldZ = zValue[t]
                alpha[t] = -oldAlpha
                zValue[t] = zRange[t] - oldZ
                let newBeta = beta - oldAlpha * zRange[t]
                let e = evaluate(bestDelta, alpha, newBeta)
                if e > bestEfficacy + 1e-9 {
                    bestEfficacy = e
                    beta = newBeta
                    complemented[t].toggle()
                } else {
                    alpha[t] = oldAlpha
                    zValue[t] = oldZ
                }
            }
        }

        // The cut in the substituted space: Σ g_t z_t + contScale·Σ_{c_k<0} c_k y_k ≤ zRhs.
        var g = [Double](repeating: 0, count: intColumns.count)
        var contScale = 1.0, zRhs = 0.0
        if bestDelta > 0 {
            let delta = bestDelta
            let bb = beta / delta
            let f0 = bb - bb.rounded(.down)
            zRhs = delta * bb.rounded(.down)
            contScale = 1 / (1 - f0)
            for t in intColumns.indices {
                let ab = alpha[t] / delta
                let fl = ab.rounded(.down)
                g[t] = delta * (fl + max(0, ab - fl - f0) / (1 - f0))
            }
        }
        // The lifted mixed-binary cover of the same row (Cuts/LiftedCover.swift) when it cuts deeper.
        // Only on mixed rows (a continuous part s > 0 possible): pure binary rows are the knapsack
        // cover separator's, and there the cover replaced useful c-MIR cuts (dsbmip lost its incumbent).
        if liftedCover, contNorm > 0, zRange.allSatisfy({ $0 == 1 }),
           let cover = liftedMixedBinaryCover(alpha: alpha, value: zValue, beta: beta) {
            var lhs = contNegative - cover.rhs, norm = contNorm
            for t in intColumns.indices {
                lhs += cover.coefficients[t] * zValue[t]
                norm += cover.coefficients[t] * cover.coefficients[t]
            }
            let e = norm > 0 ? lhs / norm.squareRoot() : -.infinity
            work += intColumns.count * 4
            if e > bestEfficacy + 1e-9 {
                bestEfficacy = e
                g = cover.coefficients
                contScale = 1
                zRhs = cover.rhs
            }
        }
        guard bestEfficacy >= CutLimits.minimumEfficacy else { return nil }

        // Build the cut in the original columns.
        var cutRhs = zRhs
        cutRow.clear()
        for t in intColumns.indices {
            let j = Int(intColumns[t])
            if g[t] == 0 { continue }
            if j >= n {
                // z = r_i − l_i or u_i − r_i with r_i = (A x)_i (integral row): substitute the row.
                let i = Int(slackRows[j - n])
                let sign = complemented[t] ? -1.0 : 1.0
                work += cutRow.add(row: i, of: rows, scale: sign * g[t])
                let l = (rowLower[i] - 1e-6).rounded(.up), u = (rowUpper[i] + 1e-6).rounded(.down)
                cutRhs += complemented[t] ? -g[t] * u : g[t] * l
                continue
            }
            if complemented[t] {          // z = u − x
                cutRow.add(j, -g[t]); cutRhs -= g[t] * upper[j]
            } else {                      // z = x − l
                cutRow.add(j, g[t]); cutRhs += g[t] * lower[j]
            }
        }
        for k in contColumns.indices where contCoefficients[k] < 0 {
            let j = Int(contColumns[k])
            let h = contCoefficients[k] * contScale
            if j >= n {
                // y = r_i − l_i or u_i − r_i with r_i = (A x)_i: substitute the row.
                let i = Int(slackRows[j - n])
                let sign = contKinds[k] == .simpleLower ? 1.0 : -1.0
                work += cutRow.add(row: i, of: rows, scale: sign * h)
                cutRhs += sign * h * (sign > 0 ? rowLower[i] : rowUpper[i])
                continue
            }
            switch contKinds[k] {
            case .simpleLower:       // y = x − l
                cutRow.add(j, h); cutRhs += h * lower[j]
            case .simpleUpper:       // y = u − x
                cutRow.add(j, -h); cutRhs -= h * upper[j]
            case .variableLower:     // y = x − d v − e
                let b = vlb[j]
                cutRow.add(j, h); cutRow.add(Int(b.column), -h * b.coefficient); cutRhs += h * b.constant
            case .variableUpper:     // y = d v + e − x
                let b = vub[j]
                cutRow.add(j, -h); cutRow.add(Int(b.column), h * b.coefficient); cutRhs -= h * b.constant
            }
        }
        var indices: [Int32] = []
        var values: [Double] = []
        for j32 in cutRow.support where cutRow.value[Int(j32)] != 0 {
            indices.append(j32)
            values.append(cutRow.value[Int(j32)])
        }
        return finishLessEqualCut(indices: indices, values: values, rhs: cutRhs, x: x,
                                  lower: lower, upper: upper, origin: origin)
    }
}
