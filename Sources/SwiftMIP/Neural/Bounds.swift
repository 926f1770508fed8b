/// Sound bounds on every pre-activation of a ``NeuralNetwork`` over an input box.
///
/// ## Methods
/// * `interval`: interval arithmetic, layer by layer (Gowal et al. 2018, "IBP").
/// * `symbolic`: linear back-substitution as in DeepPoly (Singh et al. 2019) and CROWN (Zhang et al.
///   2018): each neuron's bounds are obtained by expressing it as a linear function of the previous
///   layer's activations and substituting, layer by layer down to the input, a linear lower and upper
///   relaxation of each activation: for an unstable ReLU with pre-activation bounds l < 0 < u, the upper
///   line `a <= u/(u-l) · (z - l)` and the lower line `a >= α z` with the adaptive slope α = 1 if u > -l
///   else 0 (DeepPoly's choice of the smaller-area triangle side); stable ReLUs are the identity (l >= 0)
///   or zero (u <= 0). The result is intersected with the interval bounds, so it is never looser.
///   Only neurons that interval arithmetic (from the already tightened previous layer) leaves unstable,
///   and every neuron of a layer without ReLU, are back-substituted: a stable neuron's relaxation does
///   not depend on its bounds.
/// * LP-based tightening (optimising each neuron over the LP relaxation of the earlier layers) needs the
///   simplex; it plugs in through the `refine` hook of ``NeuralNetwork/bounds(inputLower:inputUpper:method:phases:refine:)``,
///   which is called with each layer's bounds before the next layer is computed.
///
/// ## Soundness in floating point
/// The bounds hold for the network evaluated in exact real arithmetic on its stored (Double) weights.
/// All arithmetic is in Double with round-to-nearest, and every computed bound is widened outward by an
/// explicit a-priori bound on the rounding error (Higham, *Accuracy and Stability of Numerical
/// Algorithms*, §3.1: a sum of n products computed in any order is within γₙ·Σ|aᵢbᵢ| of the exact value,
/// γₙ = n·u/(1 − n·u), u = 2⁻⁵³):
/// * interval: `lower = fl(b + Σ_{w>0} w·l + Σ_{w<0} w·u) − 2·γ_{n+2}·(|b| + Σ|w|·max(|l|,|u|)) − η`;
/// * symbolic: each back-substitution step replaces the exact coefficient row by the computed one; the
///   difference is charged to a per-row error budget using bounds on the magnitude of the quantity it
///   multiplies (|z| ≤ max(|l|,|u|) of that layer, and for the matrix product the vector
///   v_p = Σ_q |W_pq|·max|a_q|, so the charge costs O(n) per row and step); the relaxation slopes of
///   unstable ReLUs are rounded *up* (three ulps above the computed u/(u−l)), which keeps the upper line
///   valid; the constants accumulated along the way are charged γ_N of their absolute sum. The budget is
///   doubled and subtracted from (added to) the final lower (upper) bound.
/// η = (n+2)·2⁻¹⁰⁷³ covers underflow. The doubling covers the rounding in the error estimates themselves.
/// Every margin is relative to the magnitudes involved (about 1e-13 relative for these networks), far
/// below the checker's tolerances, so tightness is not affected in practice.
public enum BoundMethod: String, Sendable, CaseIterable {
    /// Interval arithmetic.
    case interval
    /// DeepPoly/CROWN back-substitution with adaptive lower slopes (intersected with interval).
    case symbolic
}

/// A phase constraint on one ReLU, as fixed by a branch-and-bound on ReLU phases.
public enum ReLUPhase: Int8, Sendable, Hashable {
    /// No constraint.
    case unfixed = 0
    /// Pre-activation >= 0: the ReLU is the identity.
    case active = 1
    /// Pre-activation <= 0: the ReLU outputs zero.
    case inactive = -1
}

/// Bounds on every pre-activation of a network over an input box (see ``BoundMethod``).
public struct NetworkBounds: Sendable {
    /// The method that produced the bounds.
    public var method: BoundMethod
    /// The input box.
    public var inputLower: [Double]
    public var inputUpper: [Double]
    /// `lower[k][i]` and `upper[k][i]`: bounds on neuron `i`'s pre-activation in layer `k` (after any
    /// fixed phase was imposed: an active ReLU has lower >= 0, an inactive one upper <= 0).
    public var lower: [[Double]]
    public var upper: [[Double]]
    /// True when the fixed phases contradict the bounds (some lower > upper): no input of the box
    /// satisfies them. The remaining layers are then left at their last computed values.
    public var isInfeasible: Bool

    /// The stable phase a ReLU neuron is proven to have, or `.unfixed` when it is unstable. Always `.active`
    /// (identity) for a layer without ReLU.
    public func phase(layer k: Int, neuron i: Int, activation: Activation) -> ReLUPhase {
        guard activation == .relu else { return .active }
        if lower[k][i] >= 0 { return .active }
        if upper[k][i] <= 0 { return .inactive }
        return .unfixed
    }

    /// Counts of stably active, stably inactive and unstable ReLUs in layer `k` of `network` (all zero for
    /// a layer without ReLU).
    public func phaseCounts(layer k: Int, of network: NeuralNetwork) -> (active: Int, inactive: Int, unstable: Int) {
        guard network.layers[k].activation == .relu else { return (0, 0, 0) }
        var a = 0, n = 0, u = 0
        for i in lower[k].indices {
            if lower[k][i] >= 0 { a += 1 } else if upper[k][i] <= 0 { n += 1 } else { u += 1 }
        }
        return (a, n, u)
    }

    /// Number of unstable ReLUs over the whole network.
    public func unstableCount(of network: NeuralNetwork) -> Int {
        network.layers.indices.reduce(0) { $0 + phaseCounts(layer: $1, of: network).unstable }
    }

    /// Mean of `upper − lower` over layer `k`'s neurons.
    public func averageWidth(layer k: Int) -> Double {
        guard !lower[k].isEmpty else { return 0 }
        var s = 0.0
        for i in lower[k].indices { s += upper[k][i] - lower[k][i] }
        return s / Double(lower[k].count)
    }

    /// Bounds on the network outputs (the last layer after its activation).
    public func outputBounds(of network: NeuralNetwork) -> (lower: [Double], upper: [Double]) {
        let k = lower.count - 1
        let act = network.layers[k].activation
        return (lower[k].map(act.apply), upper[k].map(act.apply))
    }
}

/// The unit roundoff of Double and the γₙ of Higham §3.1.
@inline(__always)
func roundingGamma(_ n: Int) -> Double {
    let nu = Double(n) * 0x1p-53
    return nu / (1 - nu)
}

/// Smallest positive subnormal, times a small factor: the underflow allowance per operation.
let underflowAllowance = 0x1p-1073

extension NeuralNetwork {
    /// Sound bounds on every pre-activation over the box `[inputLower, inputUpper]`, optionally with
    /// ReLU phases fixed (`phases[k][i]` for layer `k`, neuron `i`; layers without ReLU are ignored).
    ///
    /// `refine`, if given, is called with each layer's index and bounds as soon as they are computed and
    /// may tighten them (it must stay sound); the next layer is computed from the refined bounds. This is
    /// the hook for LP-based tightening.
    ///
    /// `reusing` (with `fromLayer`): bounds computed earlier by the same method over the same box whose
    /// layers `0..<fromLayer` are still valid (no phase fixed there since); those layers are copied, not
    /// recomputed. A branch-and-bound child that fixes a ReLU of layer k passes its parent's bounds and k.
    ///
    /// Throws when the box has the wrong size or an infinite or NaN bound.
    public func bounds(inputLower: [Double], inputUpper: [Double], method: BoundMethod = .symbolic,
                       phases: [[ReLUPhase]]? = nil, reusing parent: NetworkBounds? = nil, fromLayer: Int = 0,
                       refine: ((Int, inout [Double], inout [Double]) -> Void)? = nil) throws -> NetworkBounds {
        guard inputLower.count == inputSize, inputUpper.count == inputSize else {
            throw NeuralInputError(file: name, line: nil,
                message: "input box has \(inputLower.count)/\(inputUpper.count) bounds for \(inputSize) inputs")
        }
        for i in 0..<inputSize where !(inputLower[i].isFinite && inputUpper[i].isFinite) {
            throw NeuralInputError(file: name, line: nil, message: "input X_\(i) has no finite bounds [\(inputLower[i]), \(inputUpper[i])]")
        }
        if let phases {
            guard phases.count == layers.count, zip(phases, layers).allSatisfy({ $0.isEmpty || $0.count == $1.outputSize }) else {
                throw NeuralInputError(file: name, line: nil, message: "phases do not match the layer sizes")
            }
        }
        var computer = BoundComputer(network: self, inputLower: inputLower, inputUpper: inputUpper)
        if let parent, fromLayer > 0 {
            guard parent.lower.count == layers.count, !parent.isInfeasible, parent.method == method,
                  parent.inputLower == inputLower, parent.inputUpper == inputUpper else {
                throw NeuralInputError(file: name, line: nil, message: "the reused bounds are for another box, method or network")
            }
            computer.reuse(parent, layers: min(fromLayer, layers.count))
        }
        return computer.run(method: method, phases: phases, refine: refine)
    }
}

/// The work arrays of one bound computation.
struct BoundComputer {
    let network: NeuralNetwork
    let inputLower: [Double]
    let inputUpper: [Double]
    var lower: [[Double]] = []
    var upper: [[Double]] = []
    /// v[k][p] = Σ_q |W_k[p,q]| · max|a_{k-1,q}|: bounds the magnitude of the linear part of neuron p.
    var magnitudeSum: [[Double]] = []
    /// Post-activation bounds of each layer (index k = output of layer k).
    var postLower: [[Double]] = []
    var postUpper: [[Double]] = []

    init(network: NeuralNetwork, inputLower: [Double], inputUpper: [Double]) {
        self.network = network
        self.inputLower = inputLower
        self.inputUpper = inputUpper
    }

    /// Copies the first `count` layers of `parent` (recomputing only the cheap magnitude sums).
    mutating func reuse(_ parent: NetworkBounds, layers count: Int) {
        for k in 0..<count {
            let layer = network.layers[k]
            let (pl, pu) = k == 0 ? (inputLower, inputUpper) : (postLower[k - 1], postUpper[k - 1])
            magnitudeSum.append(BoundComputer.magnitudes(layer, pl, pu))
            lower.append(parent.lower[k])
            upper.append(parent.upper[k])
            postLower.append(layer.activation == .identity ? parent.lower[k] : parent.lower[k].map(layer.activation.apply))
            postUpper.append(layer.activation == .identity ? parent.upper[k] : parent.upper[k].map(layer.activation.apply))
        }
    }

    /// v[p] = Σ_q |W[p,q]|·max(|l_q|, |u_q|).
    static func magnitudes(_ layer: Layer, _ pl: [Double], _ pu: [Double]) -> [Double] {
        let n = layer.inputSize
        var m = [Double](repeating: 0, count: n)
        for q in 0..<n { m[q] = max(abs(pl[q]), abs(pu[q])) }
        var v = [Double](repeating: 0, count: layer.outputSize)
        if let sp = layer.sparseRows {
            for i in 0..<layer.outputSize {
                var s = 0.0
                for k in sp.start[i]..<sp.start[i + 1] { s += abs(sp.value[k]) * m[Int(sp.column[k])] }
                v[i] = s
            }
            return v
        }
        layer.weights.withUnsafeBufferPointer { w in
            for i in 0..<layer.outputSize {
                var s = 0.0
                for q in 0..<n { s += abs(w[i * n + q]) * m[q] }
                v[i] = s
            }
        }
        return v
    }

    mutating func run(method: BoundMethod, phases: [[ReLUPhase]]?,
                      refine: ((Int, inout [Double], inout [Double]) -> Void)?) -> NetworkBounds {
        var infeasible = false
        for k in lower.count..<network.layers.count {
            let layer = network.layers[k]
            let (pl, pu) = k == 0 ? (inputLower, inputUpper) : (postLower[k - 1], postUpper[k - 1])
            let (intervalLower, intervalUpper, v) = BoundComputer.interval(layer, pl, pu)
            var lo = intervalLower, hi = intervalUpper
            magnitudeSum.append(v)
            let phase = phases?[k] ?? []
            if method == .symbolic && k > 0 {
                var rows: [Int] = []
                for i in 0..<layer.outputSize {
                    let fixed = !phase.isEmpty && phase[i] != .unfixed
                    if layer.activation != .relu || (!fixed && lo[i] < 0 && hi[i] > 0) { rows.append(i) }
                }
                if !rows.isEmpty {
                    let (sl, su) = backSubstitute(layer: k, rows: rows)
                    for (r, i) in rows.enumerated() {
                        lo[i] = max(lo[i], sl[r])
                        hi[i] = min(hi[i], su[r])
                    }
                }
            }
            refine?(k, &lo, &hi)
            if layer.activation == .relu && !phase.isEmpty {
                for i in 0..<layer.outputSize {
                    switch phase[i] {
                    case .active: lo[i] = max(lo[i], 0)
                    case .inactive: hi[i] = min(hi[i], 0)
                    case .unfixed: break
                    }
                }
            }
            for i in 0..<layer.outputSize where !(lo[i] <= hi[i]) { infeasible = true }
            lower.append(lo)
            upper.append(hi)
            postLower.append(layer.activation == .identity ? lo : lo.map(layer.activation.apply))
            postUpper.append(layer.activation == .identity ? hi : hi.map(layer.activation.apply))
            if infeasible {
                // Fill the remaining layers with the empty interval so the arrays keep their shape.
                for j in (k + 1)..<network.layers.count {
                    let n = network.layers[j].outputSize
                    lower.append([Double](repeating: .infinity, count: n))
                    upper.append([Double](repeating: -.infinity, count: n))
                }
                break
            }
        }
        return NetworkBounds(method: method, inputLower: inputLower, inputUpper: inputUpper, lower: lower,
                             upper: upper, isInfeasible: infeasible)
    }

    /// Interval arithmetic for one layer from bounds on its inputs; also returns v (see `magnitudeSum`).
    static func interval(_ layer: Layer, _ pl: [Double], _ pu: [Double]) -> ([Double], [Double], [Double]) {
        let n = layer.inputSize, m = layer.outputSize
        var lo = [Double](repeating: 0, count: m), hi = lo, v = lo
        let gamma = 2 * roundingGamma(n + 2)
        let eta = Double(n + 2) * underflowAllowance
        if let sp = layer.sparseRows {
            for i in 0..<m {
                var sl = layer.bias[i], su = sl, mag = 0.0
                for k in sp.start[i]..<sp.start[i + 1] {
                    let wq = sp.value[k], q = Int(sp.column[k])
                    let a = wq * pl[q], b = wq * pu[q]
                    sl += min(a, b)
                    su += max(a, b)
                    mag += max(abs(a), abs(b))
                }
                let margin = gamma * (mag + abs(layer.bias[i])) + eta
                lo[i] = sl - margin
                hi[i] = su + margin
                v[i] = mag
            }
            return (lo, hi, v)
        }
        layer.weights.withUnsafeBufferPointer { w in
            pl.withUnsafeBufferPointer { l in
                pu.withUnsafeBufferPointer { u in
                    for i in 0..<m {
                        let row = i * n
                        var sl = layer.bias[i], su = sl, mag = 0.0
                        for q in 0..<n {
                            let wq = w[row + q]
                            let a = wq * l[q], b = wq * u[q]
                            sl += min(a, b)
                            su += max(a, b)
                            mag += max(abs(a), abs(b))
                        }
                        let margin = gamma * (mag + abs(layer.bias[i])) + eta
                        lo[i] = sl - margin
                        hi[i] = su + margin
                        v[i] = mag
                    }
                }
            }
        }
        return (lo, hi, v)
    }

    /// DeepPoly/CROWN bounds of the given neurons of layer `k` by back-substitution to the input, using
    /// the final bounds of layers 0..<k. Returns (lower, upper) per requested row.
    func backSubstitute(layer k: Int, rows: [Int]) -> ([Double], [Double]) {
        let top = network.layers[k]
        let width = top.inputSize
        var initial = [Double](repeating: 0, count: rows.count * width)
        for (t, i) in rows.enumerated() {
            for q in 0..<width { initial[t * width + q] = top.weights[i * width + q] }
        }
        return backSubstitute(initial: initial, bias: rows.map { top.bias[$0] },
                              error: [Double](repeating: 0, count: rows.count), below: k)
    }

    /// Lower and upper bounds of the `r` linear functions `initial[t,:] · a_{k-1} + bias[t]` of layer
    /// k−1's outputs (of the inputs when k = 0), each already uncertain by `error[t]`, by
    /// back-substitution through layers k−1 … 0.
    func backSubstitute(initial: [Double], bias: [Double], error initialError: [Double], below k: Int) -> ([Double], [Double]) {
        let r = bias.count
        let total = 2 * r                   // rows 0..<r bound from below, r..<2r from above
        var width = k == 0 ? network.inputSize : network.layers[k - 1].outputSize
        let maxWidth = network.layers[..<k].reduce(network.inputSize) { max($0, $1.outputSize) }
        var lam = [Double](repeating: 0, count: total * maxWidth)   // coefficients on the current activations
        var lamZ = [Double](repeating: 0, count: total * maxWidth)  // coefficients on the current pre-activations
        var constant = [Double](repeating: 0, count: total)
        var constantMagnitude = [Double](repeating: 0, count: total)
        var error = initialError + initialError
        var additions = 2
        for t in 0..<r {
            for q in 0..<width {
                lam[t * maxWidth + q] = initial[t * width + q]
                lam[(t + r) * maxWidth + q] = initial[t * width + q]
            }
            constant[t] = bias[t]
            constant[t + r] = bias[t]
            constantMagnitude[t] = abs(bias[t])
            constantMagnitude[t + r] = abs(bias[t])
        }
        let u = 0x1p-53 * 1.01
        var lowSlope = [Double](repeating: 0, count: maxWidth)
        var upSlope = lowSlope, upIntercept = lowSlope, zMagnitude = lowSlope, errorFactor = lowSlope
        for j in stride(from: k - 1, through: 0, by: -1) {
            let layer = network.layers[j]
            let n = layer.outputSize            // == width
            let nIn = layer.inputSize
            // Relaxation of layer j's activation: lowSlope·z <= a <= upSlope·z + upIntercept.
            for p in 0..<n {
                let l = lower[j][p], h = upper[j][p]
                zMagnitude[p] = max(abs(l), abs(h))
                switch layer.activation {
                case .identity:
                    lowSlope[p] = 1; upSlope[p] = 1; upIntercept[p] = 0
                case .relu:
                    if l >= 0 {
                        lowSlope[p] = 1; upSlope[p] = 1; upIntercept[p] = 0
                    } else if h <= 0 {
                        lowSlope[p] = 0; upSlope[p] = 0; upIntercept[p] = 0
                    } else {
                        let s = (h / (h - l)).nextUp.nextUp.nextUp
                        upSlope[p] = s
                        upIntercept[p] = s * (-l)
                        lowSlope[p] = h > -l ? 1 : 0
                    }
                }
            }
            additions += 2 * n + 2
            let gammaW = roundingGamma(n + 2)
            let v = magnitudeSum[j]
            lam.withUnsafeMutableBufferPointer { L in
                lamZ.withUnsafeMutableBufferPointer { Z in
                    layer.weights.withUnsafeBufferPointer { w in
                        lowSlope.withUnsafeBufferPointer { ls in
                            upSlope.withUnsafeBufferPointer { us in
                                upIntercept.withUnsafeBufferPointer { ui in
                                    zMagnitude.withUnsafeBufferPointer { zm in
                                        v.withUnsafeBufferPointer { vp in
                                            layer.bias.withUnsafeBufferPointer { b in
                                            errorFactor.withUnsafeMutableBufferPointer { ef in
                    // Per neuron: the rounding charge per unit of |coefficient on z| (rounding of the
                    // product with the slope, times |z|, and of the product with W, times v).
                    for p in 0..<n { ef[p] = u * zm[p] + gammaW * vp[p] }
                    guard let lp = L.baseAddress, let zp = Z.baseAddress, let lsp = ls.baseAddress,
                          let usp = us.baseAddress, let uip = ui.baseAddress, let bp = b.baseAddress,
                          let efp = ef.baseAddress else { return }
                    for t in 0..<total {
                        let isUpper = t >= r
                        let lt = lp + t &* maxWidth, zt = zp + t &* maxWidth
                        var c0 = constant[t], cm = constantMagnitude[t], err = error[t]
                        // Through the activation (branch-free: the sign of c picks the relaxation side),
                        // then the bias of z_j = W_j a_{j-1} + b_j.
                        let posSlope = isUpper ? usp : lsp, negSlope = isUpper ? lsp : usp
                        for p in 0..<n {
                            let c = lt[p]
                            let pos = max(c, 0), neg = min(c, 0)
                            let nc = pos * posSlope[p] + neg * negSlope[p]
                            zt[p] = nc
                            let add = (isUpper ? pos : neg) * uip[p]
                            let biasPart = nc * bp[p]
                            c0 += add + biasPart
                            cm += abs(add) + abs(biasPart)
                            err += abs(nc) * efp[p]
                        }
                        constant[t] = c0
                        constantMagnitude[t] = cm
                        error[t] = err
                    }
                    // The linear part, L = Z · W_j, four rows at a time so each weight row is loaded once.
                    // Raw pointers with unchecked offsets keep these loops vectorisable.
                    guard let wp = w.baseAddress else { return }
                    var t = 0
                    while t < total {
                        let rowsHere = min(4, total - t)
                        let l0 = lp + t * maxWidth
                        let z0 = zp + t * maxWidth
                        (l0).update(repeating: 0, count: rowsHere * maxWidth)
                        if let sp = layer.sparseRows {
                            sp.start.withUnsafeBufferPointer { st in
                                sp.column.withUnsafeBufferPointer { col in
                                    sp.value.withUnsafeBufferPointer { val in
                                        for s in 0..<rowsHere {
                                            let ls = l0 + s &* maxWidth, zs = z0 + s &* maxWidth
                                            for p in 0..<n {
                                                let c = zs[p]
                                                if c == 0 { continue }
                                                for k in st[p]..<st[p &+ 1] { ls[Int(col[k])] += c * val[k] }
                                            }
                                        }
                                    }
                                }
                            }
                        } else if rowsHere == 4 {
                            let l1 = l0 + maxWidth, l2 = l1 + maxWidth, l3 = l2 + maxWidth
                            for p in 0..<n {
                                let c0 = z0[p], c1 = z0[maxWidth &+ p], c2 = z0[2 &* maxWidth &+ p], c3 = z0[3 &* maxWidth &+ p]
                                if c0 == 0 && c1 == 0 && c2 == 0 && c3 == 0 { continue }
                                let wr = wp + p &* nIn
                                for q in 0..<nIn {
                                    let wq = wr[q]
                                    l0[q] += c0 * wq
                                    l1[q] += c1 * wq
                                    l2[q] += c2 * wq
                                    l3[q] += c3 * wq
                                }
                            }
                        } else {
                            for s in 0..<rowsHere {
                                let ls = l0 + s &* maxWidth, zs = z0 + s &* maxWidth
                                for p in 0..<n {
                                    let c = zs[p]
                                    if c == 0 { continue }
                                    let wr = wp + p &* nIn
                                    for q in 0..<nIn { ls[q] += c * wr[q] }
                                }
                            }
                        }
                        t += rowsHere
                    }
                                            }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            width = nIn
        }
        // Concretise over the input box.
        var outLower = [Double](repeating: 0, count: r), outUpper = outLower
        let n0 = network.inputSize
        let gammaIn = roundingGamma(n0 + 2), gammaC = roundingGamma(additions + 2)
        let eta = Double(additions + n0 + 4) * underflowAllowance
        lam.withUnsafeBufferPointer { L in
            inputLower.withUnsafeBufferPointer { xl in
                inputUpper.withUnsafeBufferPointer { xu in
                    for t in 0..<total {
                        let isUpper = t >= r
                        let base = t * maxWidth
                        var s = 0.0, mag = 0.0
                        for q in 0..<n0 {
                            let c = L[base + q]
                            let a = c * xl[q], b = c * xu[q]
                            s += isUpper ? max(a, b) : min(a, b)
                            mag += max(abs(a), abs(b))
                        }
                        let value = constant[t] + s
                        let margin = 2 * (error[t] + gammaIn * (mag + abs(constant[t])) + gammaC * constantMagnitude[t]) + eta
                        if isUpper { outUpper[t - r] = value + margin } else { outLower[t] = value - margin }
                    }
                }
            }
        }
        return (outLower, outUpper)
    }
}

extension NeuralNetwork {
    /// Sound bounds on the left-hand side `Σ c_j Y_j` of each output constraint over the box of `bounds`
    /// (with its fixed phases). With symbolic bounds and a last layer without activation, each
    /// constraint is back-substituted as one more linear neuron, which is tighter than combining the
    /// output intervals (the cancellations between outputs are kept); otherwise, and always as a
    /// fallback, interval arithmetic on the output bounds. Empty (`+∞, −∞`) when `bounds.isInfeasible`.
    public func outputConstraintBounds(_ constraints: [OutputConstraint], bounds: NetworkBounds) throws -> [(lower: Double, upper: Double)] {
        guard bounds.lower.count == layers.count, bounds.inputLower.count == inputSize else {
            throw NeuralInputError(file: name, line: nil, message: "the bounds do not match the network")
        }
        for c in constraints where c.outputs.contains(where: { $0 < 0 || $0 >= outputSize }) || c.outputs.count != c.coefficients.count {
            throw NeuralInputError(file: name, line: nil, message: "an output constraint refers to outputs outside 0..<\(outputSize)")
        }
        if bounds.isInfeasible { return constraints.map { _ in (Double.infinity, -Double.infinity) } }
        let (yl, yu) = bounds.outputBounds(of: self)
        var result: [(lower: Double, upper: Double)] = constraints.map { c in
            var lo = 0.0, hi = 0.0, mag = 0.0
            for (k, j) in c.outputs.enumerated() {
                let a = c.coefficients[k] * yl[j], b = c.coefficients[k] * yu[j]
                lo += min(a, b)
                hi += max(a, b)
                mag += max(abs(a), abs(b))
            }
            let margin = 2 * roundingGamma(c.outputs.count + 2) * mag + Double(c.outputs.count + 2) * underflowAllowance
            return (lo - margin, hi + margin)
        }
        let last = layers.count - 1
        guard bounds.method == .symbolic, layers[last].activation == .identity, !constraints.isEmpty else { return result }
        var computer = BoundComputer(network: self, inputLower: bounds.inputLower, inputUpper: bounds.inputUpper)
        computer.reuse(bounds, layers: layers.count)
        let top = layers[last]
        let width = top.inputSize
        var initial = [Double](repeating: 0, count: constraints.count * width)
        var bias = [Double](repeating: 0, count: constraints.count)
        var error = bias
        let v = computer.magnitudeSum[last]
        for (t, c) in constraints.enumerated() {
            var charge = 0.0
            for (k, j) in c.outputs.enumerated() {
                let a = c.coefficients[k]
                for q in 0..<width { initial[t * width + q] += a * top.weights[j * width + q] }
                bias[t] += a * top.bias[j]
                charge += abs(a) * (v[j] + abs(top.bias[j]))
            }
            // Rounding of the composed row (a sum of |outputs| products per entry), times max|a|.
            error[t] = 2 * roundingGamma(c.outputs.count + 2) * charge
        }
        let (sl, su) = computer.backSubstitute(initial: initial, bias: bias, error: error, below: last)
        for t in result.indices {
            result[t] = (max(result[t].lower, sl[t]), min(result[t].upper, su[t]))
        }
        return result
    }
}
