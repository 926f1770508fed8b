import Foundation

/// Leaf LP: a complete search of one small input box by LP with ReLU splitting, for input-splitting
/// nodes whose box has become small enough that only a few ReLUs are still unstable.
///
/// Input splitting alone stalls where the property's margin is almost zero: the CROWN relaxation error
/// of the few ReLUs that stay unstable around that point shrinks only with the box width, and every
/// bisection leaves one child on the point (ACAS Xu property 2, networks 3-3 and 4-2). The exact
/// minimum there is a piecewise-linear problem over few pieces, which nnenum and Marabou decide by
/// splitting ReLUs over exact polytopes; this is the LP form of that idea.
///
/// For one open disjunct with rows r: minimise `s` subject to `s ≥ value_r(y)` for every row over the
/// big-M encoding of the network with the node's bounds (`NetworkEncoder.swift`; with the indicators
/// relaxed its projection is the triangle relaxation of each unstable ReLU). A ReLU is split by fixing
/// its indicator to 0 or 1 (then `a = 0, z ≤ 0` or `a = z ≥ 0`: exact), depth-first, taking the child
/// on the LP point's side first. A branch is closed when a rigorous lower bound of its LP value is
/// positive (Neumaier–Shcherbina from the row duals, `safeLowerBound`) or when its infeasibility is
/// certified the same way from the Farkas ray (a positive safe lower bound of the zero objective).
/// Every LP point's input is checked by `confirm` (the forward pass decides `sat`). With every ReLU
/// fixed the LP is exact, so the search is complete up to its LP budget.
///
/// Soundness of `s`: its column bounds are [min_r lo_r − 1, max_r hi_r + 1] with lo_r, hi_r interval
/// bounds of row r over the output bounds (widened), so every network point has a feasible `s`
/// (= max_r value_r) and the LP minimum is a lower bound of the true minimum of max_r value_r.

/// Settings of the leaf LP in input splitting.
struct LeafLPSettings: Sendable {
    /// Run the leaf LP on a node with at most this many unstable ReLUs (0: never).
    var maxUnstable = 40
    /// ... and at least this depth in the input-splitting tree.
    var minDepth = 20
    /// LPs per node and disjunct before giving up (the node is then bisected as before).
    var lpLimit = 300
}

/// What the leaf LP decided for one disjunct on one box.
enum LeafLPOutcome {
    case proven
    case counterexample(VerificationCounterexample)
    case undecided
}

extension NeuralNetwork {
    /// Decides disjunct `d` of `spec` on the box of `bounds` by LP with ReLU splitting (see the file's
    /// description), within `lpLimit` LPs and `deadline` (monotonic seconds).
    func leafLPSearch(spec: RegionSpec, disjunct d: Int, bounds: NetworkBounds, lpLimit: Int,
                      deadline: Double) -> (outcome: LeafLPOutcome, lps: Int) {
        guard !bounds.isInfeasible, var enc = try? encode(bounds: bounds) else { return (.undecided, 0) }
        let rows = spec.disjuncts[d]
        guard !rows.isEmpty else { return (.undecided, 0) }
        let m = outputSize
        // Interval bounds of each row over the output columns' bounds.
        var sLower = Double.infinity, sUpper = -Double.infinity
        for r in rows {
            var lo = -spec.rhs[r], hi = -spec.rhs[r], magnitude = abs(spec.rhs[r])
            for j in 0..<m {
                let c = spec.rows[r * m + j]
                if c == 0 { continue }
                let v = enc.model.variables[enc.outputVariables[j].index]
                let p = c * v.lowerBound, q = c * v.upperBound
                lo += min(p, q); hi += max(p, q)
                magnitude += max(abs(p), abs(q))
            }
            guard lo.isFinite, hi.isFinite else { return (.undecided, 0) }
            // Generous widening: only the containment matters, not the tightness.
            sLower = min(sLower, lo - 1 - 1e-6 * magnitude)
            sUpper = max(sUpper, hi + 1 + 1e-6 * magnitude)
        }
        let s = enc.model.addVariable(name: "leaf_s", lowerBound: sLower, upperBound: sUpper)
        for r in rows {
            // s − Σ c_j y_j ≥ −rhs_r
            var terms: [LinearTerm] = []
            for j in 0..<m where spec.rows[r * m + j] != 0 {
                terms.append(LinearTerm(-spec.rows[r * m + j], enc.outputVariables[j]))
            }
            terms.sort { $0.variable.index < $1.variable.index }
            terms.append(LinearTerm(1, s))
            enc.model.addConstraint(ConstraintInfo(name: "leaf_row_\(r)", lowerBound: -spec.rhs[r], upperBound: .infinity,
                                                   terms: terms))
        }
        enc.model.setObjective(LinearExpression(terms: [LinearTerm(1, s)]), sense: .minimize)
        var model = CompressedModel(enc.model)
        var lpOptions = LPOptions()
        // `deadline` is on `monotonicSeconds()`; the LP solver's is on `LPClock`.
        lpOptions.deadline = deadline.isFinite ? LPClock.now() + (deadline - monotonicSeconds()) : .infinity
        let leafIterationBudget = 20_000
        lpOptions.iterationLimit = leafIterationBudget
        // A branch whose dual objective passes this is closed by its safe bound without finishing the LP
        // (the bound only needs to be positive; below that margin the LP is solved to the end).
        let cutoff = 1e-6
        lpOptions.objectiveCutoff = cutoff
        let solver = LPSolver(model: model, options: lpOptions)
        // Crash basis: every pre-activation basic in its own (equality) layer row, every other row's
        // logical basic, the rest nonbasic at a bound. Its matrix is unit lower block-triangular (layer
        // by layer), and with the only cost on `s` (nonbasic at its lower bound) it is dual feasible, so
        // the dual simplex starts from it instead of from the all-logical basis (≈ 400 pivots less).
        var crashColumns = [BasisStatus](repeating: .atLower, count: model.columnCount)
        var basicCount = 0
        for layer in enc.preActivationVariables { for z in layer { crashColumns[z.index] = .basic; basicCount += 1 } }
        var crashRows = [BasisStatus](repeating: .basic, count: model.rowCount)
        var fixedRows = 0
        for i in 0..<model.rowCount where model.rowLower[i] == model.rowUpper[i] { crashRows[i] = .fixed; fixedRows += 1 }
        if fixedRows == basicCount { solver.basis = LPBasis(columns: crashColumns, rows: crashRows) }
        let indicators = enc.reluIndicators
        let sColumn = s.index
        // Phases per indicator: −1 free, 0 inactive, 1 active.
        var stack: [[Int8]] = [[Int8](repeating: -1, count: indicators.count)]
        var lps = 0
        while let fix = stack.popLast() {
            if lps >= lpLimit || monotonicSeconds() > deadline { return (.undecided, lps) }
            for (t, ind) in indicators.enumerated() {
                let c = ind.variable.index
                let (l, h) = fix[t] < 0 ? (0.0, 1.0) : (Double(fix[t]), Double(fix[t]))
                if model.columnLower[c] != l || model.columnUpper[c] != h {
                    solver.setColumnBounds(c, lower: l, upper: h)
                    model.columnLower[c] = l
                    model.columnUpper[c] = h
                }
            }
            // 20 000 iterations for all leaves together, as this code was tuned with (the solver's limit
            // is per solve); a leaf past it is decided by its safe dual bound or stays undecided.
            solver.options.iterationLimit = max(0, leafIterationBudget - solver.iterations)
            var status = solver.solve()
            lps += 1
            if status == .cutoff {
                if Self.safeLeafBound(model, column: sColumn, direction: 1, duals: solver.rowDuals) > 0 { continue }
                solver.options.objectiveCutoff = .infinity
                solver.options.iterationLimit = max(0, leafIterationBudget - solver.iterations)
                status = solver.solve()
                solver.options.objectiveCutoff = cutoff
            }
            if status == .infeasible {
                // Certified emptiness: some multipliers make the zero objective's safe bound positive.
                guard let ray = solver.farkasRay else { return (.undecided, lps) }
                let certified = Self.safeLeafBound(model, column: sColumn, direction: 0, duals: ray) > 0
                if certified { continue }
                return (.undecided, lps)
            }
            guard status == .optimal || status == .iterationLimit else { return (.undecided, lps) }
            let y = solver.rowDuals
            let bound = Self.safeLeafBound(model, column: sColumn, direction: 1, duals: y)
            if bound > 0 { continue }
            guard status == .optimal else { return (.undecided, lps) }
            let x = solver.columnValues
            let input = enc.inputVariables.map { x[$0.index] }
            if let ce = confirm(input, spec: spec) { return (.counterexample(ce), lps) }
            // Split the free ReLU with the largest relaxation gap a − max(z, 0) at the LP point.
            var best = -1, bestGap = 0.0
            for (t, ind) in indicators.enumerated() where fix[t] < 0 {
                guard let av = enc.activationVariables[ind.layer][ind.neuron] else { continue }
                let z = x[enc.preActivationVariables[ind.layer][ind.neuron].index]
                let gap = x[av.index] - max(z, 0)
                if gap > bestGap { bestGap = gap; best = t }
            }
            // No gap: the LP point is a network point whose margin the forward pass did not confirm.
            guard best >= 0, bestGap > 1e-12 else { return (.undecided, lps) }
            let ind = indicators[best]
            let zBest = x[enc.preActivationVariables[ind.layer][ind.neuron].index]
            var active = fix, inactive = fix
            active[best] = 1
            inactive[best] = 0
            // Depth-first, the LP point's side first (it is where a counterexample would be).
            if zBest > 0 { stack.append(inactive); stack.append(active) } else { stack.append(active); stack.append(inactive) }
        }
        return (.proven, lps)
    }

    /// `safeLowerBound` with the multipliers `±duals` first projected onto the rows' finite sides: a
    /// multiplier whose row has no bound on the side it needs (a tiny wrong-signed dual of an
    /// inequality, within the solver's tolerance) is set to 0 — the bound holds for any multipliers, so
    /// this costs nothing in soundness and avoids a useless −∞. The better of the two signs.
    static func safeLeafBound(_ m: CompressedModel, column: Int, direction: Double, duals: [Double]) -> Double {
        guard duals.count == m.rowCount else { return -.infinity }
        var best = -Double.infinity
        for sign in [1.0, -1.0] {
            var y = duals
            for i in y.indices {
                y[i] *= sign
                if (y[i] > 0 && !m.rowLower[i].isFinite) || (y[i] < 0 && !m.rowUpper[i].isFinite) { y[i] = 0 }
            }
            best = max(best, safeLowerBound(m, column: column, direction: direction, duals: y, sign: 1))
        }
        return best
    }
}
