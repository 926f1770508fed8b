// Flow cover cuts (Van Roy & Wolsey 1986; Gu, Nemhauser & Savelsbergh 1999), derived as c-MIR
// inequalities of the single-node flow set as in Marchand & Wolsey 2001 §4 (SCIP reads flow covers the
// same way). The start rows and the aggregation along continuous columns are the c-MIR separator's
// (`MIREngine` with `generator == .flowCover`).
//
// An aggregated row Σ c_j x_j ≤ β is read as a single-node flow set Σ_{N+} f_k − Σ_{N−} f_k ≤ b,
// 0 ≤ f_k ≤ u_k y_k, one arc per column:
//  - continuous x with a variable upper bound x ≤ d·v + e (d > 0, v integer with finite bounds; read from
//    a two-entry model row): f = |c|(x − l), capacity |c|(d·v_max + e − l), y* = v* scaled to [0, 1];
//  - other continuous x: f = |c|(x − l), capacity |c|(u − l), always open (y* = 1); when only the upper
//    bound is finite f = |c|(u − x) with the direction reversed and infinite capacity;
//  - integer x: f = |c|(x − l), capacity |c|(u − l), y* = x* scaled to [0, 1].
// N+ holds the arcs whose flow enters with a positive sign; b is β after these shifts.
// A flow cover C+ ⊆ N+ has excess λ = Σ_{C+} u_k − b > 0. It is chosen greedily at the LP point (the
// knapsack of Marchand–Wolsey and SCIP's getFlowCover: minimise Σ_{C+}(1 − y*_k) subject to the cover
// condition): open arcs first, then by (1 − y*)/u; tried as found, pruned to a minimal cover, and as
// "every arc with y* > 0".
// The cut is the MIR inequality (δ, f₀ = frac(β'/δ)) of the row after a cover-guided substitution:
//  - arcs in C+: x = d·v + e − t (or x = u − t) and v complemented to its upper bound;
//  - arcs outside: x = l + f, or x = d·v + e − t with v not complemented where that raises the violation
//    (these give the lifted terms of the extended flow cover inequality, L+ and L−);
//  - δ ∈ {integer coefficients |α| > λ}: δ ≥ max_{C+} u_k gives the simple generalised flow cover inequality
//    Σ_{C+} x_k + Σ_{C+} (u_k − λ)⁺(1 − y_k) ≤ b + … .
// Validity never depends on the cover: every substitution is exact (t, f, z ≥ 0 hold at every feasible
// point; z integer) and the MIR inequality is valid for any δ > 0, so the cover only selects which valid
// cut is tried. `finishLessEqualCut` adds the usual safeguards (dynamism, rhs slack, efficacy).

/// Lifted flow cover cuts from single-node flow sets read from rows and short aggregations.
struct FlowCoverSeparator: CutSeparator {
    var name: String { "flowcover" }
    /// Rows added to a start row to eliminate continuous columns without a variable bound, at most.
    var maxAggregations = 5
    /// Start rows tried per round, at most (lowest normalised slack first).
    var maxStartRows = 400
    /// Cuts returned per round, at most (highest efficacy first).
    var maxCuts = 150
    /// Rough budget of nonzero operations per round.
    var workLimit = 6_000_000
    /// Keep aggregating a start row after a cut was found (cut-set and path aggregations).
    var keepAggregating = false
    /// Aggregate along flow columns inside their simple bounds too (through the rows of the arc's
    /// other end, never its variable-bound row), as for cut-set inequalities of networks.
    var eliminateArcs = false

    func separate(_ context: CutContext) -> [Cut] {
        var engine = MIREngine(context: context, origin: name)
        engine.generator = .flowCover
        engine.keepAggregating = keepAggregating
        engine.eliminateArcs = eliminateArcs
        return selectCuts(engine.run(maxAggregations: maxAggregations, maxStartRows: maxStartRows,
                                     workLimit: workLimit), limit: maxCuts,
                          model: context.model, allowRowLength: false)
    }
}

/// One arc of the single-node flow set read from an aggregated row (see the file header).
struct FlowArc {
    enum Kind: UInt8 { case variableBound, lowerBounded, upperBounded, integer }
    var column: Int32
    var kind: Kind
    /// c_j, the column's coefficient in the aggregate.
    var coefficient: Double
    /// u_k (+∞ when unbounded).
    var capacity: Double
    /// y*_k in [0, 1].
    var open: Double
    /// The arc's flow enters with a positive sign (N+).
    var inflow: Bool
}

extension MIREngine {
    /// The best flow cover cut of the current aggregate `Σ aggregate·x ≤ rhs`, or nil.
    mutating func flowCoverCut(rhs: Double) -> (Cut, Double)? {
        guard rhs.isFinite, abs(rhs) < mipInfinity else { return nil }
        guard let (arcs, b) = flowArcs(rhs: rhs) else { return nil }
        work += arcs.count
        var best: (indices: [Int32], values: [Double], rhs: Double)? = nil
        var bestEfficacy = CutLimits.minimumEfficacy
        var tried: [[Bool]] = []
        for cover in flowCovers(arcs, b: b) where !tried.contains(cover) {
            tried.append(cover)
            var lambda = -b
            for k in arcs.indices where cover[k] { lambda += arcs[k].capacity }
            guard lambda > 1e-6 * max(1, abs(b)) else { continue }
            for delta in flowDivisors(arcs, cover: cover, lambda: lambda) {
                work += 2 * arcs.count
                guard let (efficacy, cutRhs) = flowMIR(arcs, cover: cover, lambda: lambda, rhs: rhs, delta: delta),
                      efficacy > bestEfficacy else { continue }
                bestEfficacy = efficacy
                var indices: [Int32] = [], values: [Double] = []
                for j in flowRow.support where flowRow.value[Int(j)] != 0 {
                    indices.append(j)
                    values.append(flowRow.value[Int(j)])
                }
                best = (indices, values, cutRhs)
            }
        }
        flowRow.clear()
        guard let cut = best else { return nil }
        return finishLessEqualCut(indices: cut.indices, values: cut.values, rhs: cut.rhs, x: x,
                                  lower: lower, upper: upper, origin: origin)
    }

    /// The arcs of the aggregate and the shifted right-hand side b; nil when a column is free.
    private func flowArcs(rhs: Double) -> ([FlowArc], Double)? {
        var arcs: [FlowArc] = []
        arcs.reserveCapacity(aggregate.support.count)
        var b = rhs
        for j32 in aggregate.support {
            let j = Int(j32)
            let c = aggregate.value[j]
            if c == 0 { continue }
            let l = lower[j], u = upper[j]
            if model.isInteger[j] {
                guard l.isFinite || u.isFinite else { return nil }
                // Integers with one infinite bound stay in the row (complemented to the finite bound) but
                // cannot be arcs of a cover.
                let range = u - l
                let open = range.isFinite && range > 0 ? min(1, max(0, (x[j] - l) / range)) : 1
                if l.isFinite { b -= c * l } else { b -= c * u }
                arcs.append(FlowArc(column: j32, kind: .integer, coefficient: c,
                                    capacity: l.isFinite ? abs(c) * range : .infinity, open: open,
                                    inflow: l.isFinite ? c > 0 : c < 0))
                continue
            }
            if l.isFinite {
                b -= c * l
                let vb = vub[j]
                if vb.column >= 0, vb.coefficient > 0 {
                    let v = Int(vb.column)
                    let capacity = abs(c) * (vb.coefficient * upper[v] + vb.constant - l)
                    if capacity > 0, capacity.isFinite {
                        let range = upper[v] - lower[v]
                        let open = range > 0 ? min(1, max(0, (x[v] - lower[v]) / range)) : 1
                        arcs.append(FlowArc(column: j32, kind: .variableBound, coefficient: c,
                                            capacity: min(capacity, abs(c) * (u - l)), open: open, inflow: c > 0))
                        continue
                    }
                }
                arcs.append(FlowArc(column: j32, kind: .lowerBounded, coefficient: c,
                                    capacity: abs(c) * (u - l), open: 1, inflow: c > 0))
            } else if u.isFinite {
                b -= c * u
                arcs.append(FlowArc(column: j32, kind: .upperBounded, coefficient: c,
                                    capacity: .infinity, open: 1, inflow: c < 0))
            } else {
                return nil
            }
        }
        guard b.isFinite, abs(b) < 1e12 else { return nil }
        return (arcs, b)
    }

    /// Candidate covers (a flag per arc): greedy by (1 − y*)/u with open arcs first, that cover pruned to
    /// a minimal one (dropping the least open arcs first), and every arc with y* > 0.
    private func flowCovers(_ arcs: [FlowArc], b: Double) -> [[Bool]] {
        let tolerance = 1e-6 * max(1, abs(b))
        var eligible: [Int] = []
        for k in arcs.indices where arcs[k].inflow && arcs[k].capacity.isFinite && arcs[k].capacity > 1e-9 {
            eligible.append(k)
        }
        func cost(_ k: Int) -> Double { arcs[k].open >= 1 - 1e-6 ? 0 : (1 - arcs[k].open) / arcs[k].capacity }
        eligible.sort { cost($0) < cost($1) }
        var covers: [[Bool]] = []
        var cover = [Bool](repeating: false, count: arcs.count)
        var total = 0.0
        var order: [Int] = []
        for k in eligible where total <= b + tolerance {
            cover[k] = true
            total += arcs[k].capacity
            order.append(k)
        }
        if total > b + tolerance {
            covers.append(cover)
            // Minimal: drop the least open arcs while the rest still covers b.
            order.sort { arcs[$0].open < arcs[$1].open }
            for k in order where total - arcs[k].capacity > b + tolerance {
                cover[k] = false
                total -= arcs[k].capacity
            }
            covers.append(cover)
        }
        var positive = [Bool](repeating: false, count: arcs.count)
        total = 0
        for k in eligible where arcs[k].open > 1e-6 {
            positive[k] = true
            total += arcs[k].capacity
        }
        if total > b + tolerance { covers.append(positive) }
        return covers
    }

    /// Divisors δ: the distinct integer coefficients above λ of the cover's arcs, then of the others
    /// (at most 8).
    private func flowDivisors(_ arcs: [FlowArc], cover: [Bool], lambda: Double) -> [Double] {
        var divisors: [Double] = []
        for pass in 0..<2 {
            for k in arcs.indices where cover[k] == (pass == 0) && divisors.count < 8 {
                let arc = arcs[k]
                let alpha: Double
                switch arc.kind {
                case .integer: alpha = abs(arc.coefficient)
                case .variableBound: alpha = abs(arc.coefficient * vub[Int(arc.column)].coefficient)
                case .lowerBounded, .upperBounded: continue
                }
                guard alpha > lambda * (1 + 1e-9), alpha.isFinite,
                      !divisors.contains(where: { abs($0 - alpha) <= 1e-9 * alpha }) else { continue }
                divisors.append(alpha)
            }
        }
        return divisors
    }

    /// Writes the MIR cut `flowRow·x ≤ rhs` of the cover-guided substitution with divisor δ into `flowRow`
    /// and returns its efficacy at x and its right-hand side, or nil when the numbers are doubtful.
    private mutating func flowMIR(_ arcs: [FlowArc], cover: [Bool], lambda: Double, rhs: Double,
                                  delta: Double) -> (Double, Double)? {
        // f₀ of the plain flow cover row (β' = −λ), to choose the substitution of arcs outside the cover.
        let f0Guess = -lambda / delta - (-lambda / delta).rounded(.down)
        guard f0Guess > 0.01, f0Guess < 0.99 else { return nil }
        // Integer columns complemented to their upper bound: those of the cover's arcs (marked in
        // flowRow.touched until the cut is built).
        flowRow.clear()
        for k in arcs.indices where cover[k] {
            switch arcs[k].kind {
            case .integer: flowRow.add(Int(arcs[k].column), 0)
            case .variableBound: flowRow.add(Int(vub[Int(arcs[k].column)].column), 0)
            case .lowerBounded, .upperBounded: break
            }
        }

        // The substituted row: integer coefficients in cutRow, continuous parts (s ≥ 0) in the lists.
        var beta = rhs
        cutRow.clear()
        var contColumns: [Int32] = [], contKinds: [MIRBoundKind] = [], contGamma: [Double] = []
        for (k, arc) in arcs.enumerated() {
            let j = Int(arc.column), c = arc.coefficient
            switch arc.kind {
            case .integer:
                cutRow.add(j, c)
                continue
            case .upperBounded:
                beta -= c * upper[j]
                contColumns.append(arc.column); contKinds.append(.simpleUpper); contGamma.append(-c)
                continue
            case .lowerBounded:
                if cover[k] {
                    beta -= c * upper[j]
                    contColumns.append(arc.column); contKinds.append(.simpleUpper); contGamma.append(-c)
                } else {
                    beta -= c * lower[j]
                    contColumns.append(arc.column); contKinds.append(.simpleLower); contGamma.append(c)
                }
                continue
            case .variableBound:
                break
            }
            let vb = vub[j]
            let v = Int(vb.column)
            var useBound = cover[k]
            if !useBound {
                // Contribution to the cut's left-hand side at x (δ-scaled) of each substitution.
                let alpha = c * vb.coefficient
                let z = flowComplemented(v) ? upper[v] - x[v] : x[v] - lower[v]
                let a = (flowComplemented(v) ? -alpha : alpha) / delta
                let fa = a - a.rounded(.down)
                var viaBound = delta * (a.rounded(.down) + max(0, fa - f0Guess) / (1 - f0Guess)) * max(0, z)
                if c > 0 { viaBound -= c * max(0, vb.coefficient * x[v] + vb.constant - x[j]) / (1 - f0Guess) }
                let viaLower = c < 0 ? c * max(0, x[j] - lower[j]) / (1 - f0Guess) : 0
                useBound = viaBound > viaLower + 1e-12
            }
            if useBound {   // x = d v + e − t
                beta -= c * vb.constant
                cutRow.add(v, c * vb.coefficient)
                contColumns.append(arc.column); contKinds.append(.variableUpper); contGamma.append(-c)
            } else {        // x = l + f
                beta -= c * lower[j]
                contColumns.append(arc.column); contKinds.append(.simpleLower); contGamma.append(c)
            }
        }
        // Complement the integers: z = x − l or z = u − x.
        var intColumns: [Int32] = [], alphas: [Double] = [], flips: [Bool] = []
        for j32 in cutRow.support {
            let j = Int(j32)
            let a = cutRow.value[j]
            if a == 0 { continue }
            let flip = flowComplemented(j)
            let bound = flip ? upper[j] : lower[j]
            guard bound.isFinite else { return nil }
            beta -= a * bound
            intColumns.append(j32); alphas.append(flip ? -a : a); flips.append(flip)
        }
        let bb = beta / delta
        guard beta.isFinite, abs(bb) < 1e9 else { return nil }
        let f0 = bb - bb.rounded(.down)
        guard f0 >= 0.01, f0 <= 0.99 else { return nil }

        // The MIR inequality mapped back to the original columns.
        flowRow.clear()
        var cutRhs = delta * bb.rounded(.down)
        for t in intColumns.indices {
            let j = Int(intColumns[t])
            let ab = alphas[t] / delta
            let fl = ab.rounded(.down)
            let g = delta * (fl + max(0, ab - fl - f0) / (1 - f0))
            if g == 0 { continue }
            if flips[t] { flowRow.add(j, -g); cutRhs -= g * upper[j] } else { flowRow.add(j, g); cutRhs += g * lower[j] }
        }
        for k in contColumns.indices where contGamma[k] < 0 {
            let j = Int(contColumns[k])
            let h = contGamma[k] / (1 - f0)
            switch contKinds[k] {
            case .simpleLower:       // s = x − l
                flowRow.add(j, h); cutRhs += h * lower[j]
            case .simpleUpper:       // s = u − x
                flowRow.add(j, -h); cutRhs -= h * upper[j]
            case .variableUpper:     // s = d v + e − x
                let vb = vub[j]
                flowRow.add(j, -h); flowRow.add(Int(vb.column), h * vb.coefficient); cutRhs -= h * vb.constant
            case .variableLower:
                return nil
            }
        }
        guard cutRhs.isFinite else { return nil }
        var activity = 0.0, norm = 0.0
        for j32 in flowRow.support {
            let v = flowRow.value[Int(j32)]
            activity += v * x[Int(j32)]
            norm += v * v
        }
        guard norm > 0 else { return nil }
        return ((activity - cutRhs) / norm.squareRoot(), cutRhs)
    }

    /// Whether integer column v is complemented to its upper bound (marked by `flowMIR`, or no finite lower bound).
    private func flowComplemented(_ v: Int) -> Bool {
        if !lower[v].isFinite { return true }
        return upper[v].isFinite && flowRow.touched[v]
    }
}
