import Foundation

/// Where each ReLU layer's neurons sit in a flat per-row vector of lower slopes: `offset[k]` for layer k
/// (0 and unused for layers without ReLU), `count` in all.
struct ReLULayout: Sendable {
    let offset: [Int]
    let count: Int
    init(_ network: NeuralNetwork) {
        var off = [Int](repeating: 0, count: network.layers.count)
        var c = 0
        for (k, layer) in network.layers.enumerated() where layer.activation == .relu {
            off[k] = c
            c += layer.outputSize
        }
        offset = off
        count = c
    }
}

/// Lower slopes of the ReLU relaxation per property row, kept across branch-and-bound nodes (a child
/// starts from its parent's optimised slopes: any slope in [0, 1] is valid on any sub-box or phase
/// subset). Float32 storage: the values only steer the relaxation, soundness does not depend on them.
struct AlphaStore: Sendable {
    /// Spec row id → slopes (`layout.count` values), for the rows optimised so far.
    var rows: [Int: [Float]] = [:]
    /// Spec row id → split multipliers β (beta-CROWN, `layout.count` values, nonzero only at split
    /// ReLUs); a child's new split starts at 0.
    var betaRows: [Int: [Float]] = [:]
}

extension AlphaStore {
    /// The slopes of `rowIDs` as one flat array (rows without stored slopes get `fallback`).
    func flat(rows rowIDs: [Int], count: Int, fallback: [Double]) -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(rowIDs.count * count)
        for r in rowIDs {
            if let s = rows[r], s.count == count { out.append(contentsOf: s.map { Double($0) }) } else { out.append(contentsOf: fallback) }
        }
        return out
    }

    /// The split multipliers of `rowIDs` as one flat array (0 for rows without stored values).
    func flatBeta(rows rowIDs: [Int], count: Int) -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(rowIDs.count * count)
        for r in rowIDs {
            if let s = betaRows[r], s.count == count { out.append(contentsOf: s.map { Double($0) }) } else {
                out.append(contentsOf: repeatElement(0, count: count))
            }
        }
        return out
    }
}

/// Settings of the slope optimisation.
struct AlphaOptions: Sendable {
    var iterations = 12
    var learningRate = 0.15
    /// Adam step of the split multipliers β relative to `learningRate` (β is of the order of the row's
    /// coefficients, about 1 on the VNN-COMP properties).
    /// 2 proved more of MNIST FC 256x4 prop_5_0.05 in 40 s than 0.5 (54% vs 50%; 60% vs 53% with 3× steps).
    var betaStepScale = 2.0
}

extension NeuralNetwork {
    /// The CROWN lower slopes (1 when u > −l, else 0) in the layout of `layout`.
    func crownSlopes(_ bounds: NetworkBounds, layout: ReLULayout) -> [Double] {
        var a = [Double](repeating: 0, count: layout.count)
        for (k, layer) in layers.enumerated() where layer.activation == .relu {
            for p in 0..<layer.outputSize {
                a[layout.offset[k] + p] = bounds.upper[k][p] > -bounds.lower[k][p] ? 1 : 0
            }
        }
        return a
    }

    /// alpha-CROWN (Xu et al., ICLR 2021, §3.1) on the property rows only: the lower slope α of each
    /// unstable ReLU, separately for each row, is optimised by projected gradient ascent (Adam) on the
    /// row's CROWN lower bound over the box, the pre-activation bounds `bounds` being fixed.
    ///
    /// Gradient: the CROWN bound equals the row evaluated on the *relaxed* network at the minimising box
    /// corner x* (each ReLU replaced by the line its coefficient sign selects), so ∂bound/∂α_p =
    /// λ_p·ẑ_p for a neuron whose coefficient λ_p before relaxation is positive, ẑ_p its pre-activation
    /// on that relaxed forward pass at x*, and 0 otherwise.
    ///
    /// Soundness: every evaluation is the ordinary sound `specificationBounds` with the given slopes
    /// (clamped to [0, 1]); the result is a fresh evaluation with the best slopes found per row, so it is
    /// exactly as safe in floating point as the CROWN bound. Returns the bounds (with `recordRow` when
    /// asked) and the slopes used, per row.
    func alphaSpecificationBounds(_ spec: RegionSpec, rows rowIDs: [Int], bounds: NetworkBounds,
                                  lower: [Double], upper: [Double], start: AlphaStore?,
                                  baselineLower: [Double], recordRow: Int? = nil,
                                  options: AlphaOptions = AlphaOptions(),
                                  splitSign: [Double]? = nil) -> (SpecBounds, AlphaStore) {
        let layout = ReLULayout(self)
        let A = layout.count, R = rowIDs.count, n0 = inputSize
        let defaultAlpha = crownSlopes(bounds, layout: layout)
        var alpha = [Double](repeating: 0, count: R * A)
        for (t, r) in rowIDs.enumerated() {
            if let s = start?.rows[r], s.count == A {
                for i in 0..<A { alpha[t * A + i] = Double(s[i]) }
            } else {
                for i in 0..<A { alpha[t * A + i] = defaultAlpha[i] }
            }
        }
        // Best so far per row: the baseline (CROWN slopes) first.
        // beta-CROWN: multipliers of the split constraints, optimised with the slopes (only with splits).
        let signs = splitSign.flatMap { $0.count == A && $0.contains(where: { $0 != 0 }) ? $0 : nil }
        var beta = [Double](repeating: 0, count: signs == nil ? 0 : R * A)
        if let signs {
            for (t, r) in rowIDs.enumerated() {
                if let s = start?.betaRows[r], s.count == A {
                    for i in 0..<A where signs[i] != 0 { beta[t * A + i] = max(0, Double(s[i])) }
                }
            }
        }
        var bestBeta = [Double](repeating: 0, count: beta.count)
        var b1 = beta.map { _ in 0.0 }, b2 = b1
        var bgrad = [Double](repeating: 0, count: signs == nil ? 0 : A)
        var bestLower = baselineLower
        var bestAlpha = alpha
        for t in 0..<R { for i in 0..<A { bestAlpha[t * A + i] = defaultAlpha[i] } }
        var m1 = [Double](repeating: 0, count: R * A), m2 = m1
        var grad = [Double](repeating: 0, count: A)
        let maxWidth = layers.reduce(n0) { max($0, $1.outputSize) }
        var act = [Double](repeating: 0, count: maxWidth), pre = act
        let beta1 = 0.9, beta2 = 0.999
        // The rounding-budget magnitudes depend on the bounds only: once for all evaluations.
        let magnitudes = specMagnitudes(bounds: bounds, lower: lower, upper: upper)
        for it in 0..<options.iterations {
            let sb = specificationBounds(spec, rows: rowIDs, bounds: bounds, lower: lower, upper: upper,
                                         alpha: alpha, relu: layout, trace: true,
                                         beta: signs == nil ? nil : beta, splitSign: signs, magnitudes: magnitudes)
            var allPositive = true
            for t in 0..<R {
                if sb.lower[t] > bestLower[t] {
                    bestLower[t] = sb.lower[t]
                    for i in 0..<A { bestAlpha[t * A + i] = alpha[t * A + i] }
                    if signs != nil { for i in 0..<A { bestBeta[t * A + i] = beta[t * A + i] } }
                }
                if bestLower[t] <= 0 { allPositive = false }
            }
            if allPositive || it == options.iterations - 1 { break }
            let lr = options.learningRate * (1 - 0.6 * Double(it) / Double(max(1, options.iterations)))
            let bc1 = 1 - pow(beta1, Double(it + 1)), bc2 = 1 - pow(beta2, Double(it + 1))
            for t in 0..<R where bestLower[t] <= 0 {
                // Relaxed forward pass at the row's minimising corner.
                for q in 0..<n0 { act[q] = sb.minimizer[t * n0 + q] }
                for i in 0..<A { grad[i] = 0 }
                for i in bgrad.indices { bgrad[i] = 0 }
                for (k, layer) in layers.enumerated() {
                    let n = layer.outputSize, nIn = layer.inputSize
                    layer.weights.withUnsafeBufferPointer { w in
                        act.withUnsafeBufferPointer { ap in
                            guard let wp = w.baseAddress, let xp = ap.baseAddress else { return }
                            for p in 0..<n { pre[p] = layer.bias[p] + denseDot(wp + p * nIn, xp, nIn) }
                        }
                    }
                    if layer.activation == .relu {
                        let off = layout.offset[k]
                        let lo = bounds.lower[k], hi = bounds.upper[k]
                        if let signs {
                            // ∂bound/∂β_p = −s_p·ẑ_p (the Lagrangian term −β·s·z at the relaxed point).
                            for p in 0..<n where signs[off + p] != 0 { bgrad[off + p] = -signs[off + p] * pre[p] }
                        }
                        for p in 0..<n {
                            let l = lo[p], h = hi[p], z = pre[p]
                            if l >= 0 { act[p] = z; continue }
                            if h <= 0 { act[p] = 0; continue }
                            let lam = sb.trace[t * A + off + p]
                            if lam < 0 {
                                let s = h / (h - l)
                                act[p] = s * (z - l)
                            } else {
                                let a = min(1, max(0, alpha[t * A + off + p]))
                                grad[off + p] = lam * z
                                act[p] = a * z
                            }
                        }
                    } else {
                        for p in 0..<n { act[p] = pre[p] }
                    }
                }
                // Adam ascent step, projected on [0, 1].
                for i in 0..<A where grad[i] != 0 {
                    let j = t * A + i
                    m1[j] = beta1 * m1[j] + (1 - beta1) * grad[i]
                    m2[j] = beta2 * m2[j] + (1 - beta2) * grad[i] * grad[i]
                    let step = lr * (m1[j] / bc1) / ((m2[j] / bc2).squareRoot() + 1e-12)
                    alpha[j] = min(1, max(0, alpha[j] + step))
                }
                for i in bgrad.indices where bgrad[i] != 0 {
                    let j = t * A + i
                    b1[j] = beta1 * b1[j] + (1 - beta1) * bgrad[i]
                    b2[j] = beta2 * b2[j] + (1 - beta2) * bgrad[i] * bgrad[i]
                    // Absolute Adam steps (the property rows have unit coefficients, so β is of order 1).
                    let step = options.betaStepScale * lr * (b1[j] / bc1) / ((b2[j] / bc2).squareRoot() + 1e-12)
                    beta[j] = max(0, beta[j] + step)
                }
            }
        }
        var store = start ?? AlphaStore()
        for (t, r) in rowIDs.enumerated() {
            store.rows[r] = (0..<A).map { Float(bestAlpha[t * A + $0]) }
            if signs != nil { store.betaRows[r] = (0..<A).map { Float(bestBeta[t * A + $0]) } }
        }
        // A fresh evaluation with the best slopes: this is the bound that is used.
        let final = specificationBounds(spec, rows: rowIDs, bounds: bounds, lower: lower, upper: upper,
                                        recordRow: recordRow, alpha: bestAlpha, relu: layout,
                                        beta: signs == nil ? nil : bestBeta, splitSign: signs, magnitudes: magnitudes)
        return (final, store)
    }

    /// Tries to exclude a conjunction `value_r ≤ 0 (r in rows)` with one row: the combination
    /// `Σ w_r·value_r` (w ≥ 0 from `proveConjunction`) back-substituted as a whole with optimised slopes
    /// (tighter than combining the rows' separate bounds: each ReLU's relaxation follows the sign of its
    /// coefficient in the combination). The combined coefficients are rounded, so the bound must exceed
    /// the rounding error of the combination over the output box: with c' = fl(Σ w_r c_r),
    /// |c'·y − rhs' − Σ w_r value_r(y)| ≤ 2γ_{k+1}(Σ_j Σ_r |w_r c_rj|·max|y_j| + Σ_r |w_r rhs_r|).
    /// `key`: where the combination's slopes are kept in `store`.
    func proveCombination(_ spec: RegionSpec, rows: [Int], weights: [Double], key: Int, bounds: NetworkBounds,
                          lower: [Double], upper: [Double], store: inout AlphaStore, options: AlphaOptions) -> Bool {
        let m = spec.outputCount, k = rows.count
        guard weights.count == k, let last = bounds.lower.indices.last,
              bounds.lower[last].count == m else { return false }
        var combo = spec
        var c = [Double](repeating: 0, count: m), mag = [Double](repeating: 0, count: m)
        var rhs = 0.0, rhsMag = 0.0
        for (t, r) in rows.enumerated() {
            let w = max(0, weights[t])
            for j in 0..<m {
                let a = w * spec.rows[r * m + j]
                c[j] += a; mag[j] += abs(a)
            }
            rhs += w * spec.rhs[r]; rhsMag += abs(w * spec.rhs[r])
        }
        var err = rhsMag
        for j in 0..<m {
            let ymax = max(abs(bounds.lower[last][j]), abs(bounds.upper[last][j]))
            guard ymax.isFinite else { return false }
            err += mag[j] * ymax
        }
        err *= 2 * roundingGamma(k + 2)
        err += Double(k * m + 4) * underflowAllowance
        combo.rows.append(contentsOf: c)
        combo.rhs.append(rhs)
        let id = spec.rowCount
        var local = AlphaStore()
        if let s = store.rows[key] { local.rows[id] = s }
        let (sb, s2) = alphaSpecificationBounds(combo, rows: [id], bounds: bounds, lower: lower, upper: upper,
                                                start: local, baselineLower: [-Double.infinity], options: options)
        if let s = s2.rows[id] { store.rows[key] = s }
        // The rounding of `sb.lower` itself is covered by its own margins; the error of the combination
        // is subtracted here (computed with a relative slack of 4u).
        return sb.lower[0] - err * (1 + 4 * 0x1p-53) > 0
    }
}
