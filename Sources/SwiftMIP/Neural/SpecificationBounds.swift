/// Linear lower bounds on the property's output constraints over an input box, by back-substituting
/// each constraint row `c·y − rhs` through the network (CROWN, Zhang et al. 2018, §3; the same
/// relaxations as ``BoundMethod/symbolic``), given sound bounds on every pre-activation.
///
/// Bounding `c·y` directly instead of each `y_j` lets the relaxation of each neuron follow the sign of
/// that neuron's coefficient in the *combination* (Y_0 − Y_1 is far tighter than bounds of Y_0 and Y_1
/// taken apart).
///
/// Floating point: the same a-priori error budget as `BoundComputer.backSubstitute` (Higham §3.1): every
/// step charges |coefficient|·(u·max|z| + γₙ·Σ_q|W_pq|·max|a_q|), constants are charged γ of their
/// absolute sum, the upper-line slopes and intercepts are rounded up, and the final budget is doubled.
/// The result `lower[r]` is a lower bound of the exact real value of row r at every point of the box.

/// The constraint rows of one region of a property: `value_r(y) = Σ_j rows[r·m + j]·y_j − rhs[r]`; the
/// violation of disjunct d needs `value_r ≤ 0` for every r in `disjuncts[d]`.
struct RegionSpec: Sendable {
    let region: Int
    let inputLower: [Double]
    let inputUpper: [Double]
    let outputCount: Int
    var rows: [Double] = []
    var rhs: [Double] = []
    var disjuncts: [[Int]] = []
    var rowCount: Int { rhs.count }

    init(region index: Int, _ region: VNNProperty.Region, outputCount m: Int) {
        self.region = index
        inputLower = region.inputLower
        inputUpper = region.inputUpper
        outputCount = m
        var seen: [OutputConstraint: Int] = [:]
        for conj in region.disjuncts {
            var ids: [Int] = []
            for c in conj {
                if let r = seen[c] { if !ids.contains(r) { ids.append(r) }; continue }
                let r = rhs.count
                seen[c] = r
                var dense = [Double](repeating: 0, count: m)
                for (k, j) in c.outputs.enumerated() where j < m { dense[j] += c.coefficients[k] }
                rows.append(contentsOf: dense)
                rhs.append(c.rhs)
                ids.append(r)
            }
            disjuncts.append(ids)
        }
    }

    /// The exact-as-computed values of all rows at output vector y.
    func values(_ y: [Double]) -> [Double] {
        var v = [Double](repeating: 0, count: rowCount)
        for r in 0..<rowCount {
            var s = -rhs[r]
            for j in 0..<outputCount { s += rows[r * outputCount + j] * y[j] }
            v[r] = s
        }
        return v
    }
}

/// Per row: a sound lower bound on the box, and the linear function it came from:
/// `value_r(x) ≥ Σ_q coefficients[r·n+q]·x_q + constant[r] − margin[r]` for every x in the box.
struct SpecBounds {
    var lower: [Double]
    var coefficients: [Double]
    var constant: [Double]
    var margin: [Double]
    /// The box corner minimising each row's linear function (an attack candidate), row-major.
    var minimizer: [Double]
    /// When requested, for one row: the coefficient on each ReLU layer's activation before the
    /// relaxation was applied (`layerCoefficients[k][p]`), for branching scores.
    var layerCoefficients: [[Double]] = []
    /// When requested (`trace`): per row, the coefficient on every ReLU output before its relaxation,
    /// laid out as the lower slopes (`ReLULayout`), for the gradient of alpha-CROWN.
    var trace: [Double] = []
    let inputCount: Int

    func linear(_ r: Int) -> ArraySlice<Double> { coefficients[(r * inputCount)..<((r + 1) * inputCount)] }
    func point(_ r: Int) -> [Double] { Array(minimizer[(r * inputCount)..<((r + 1) * inputCount)]) }
}

extension NeuralNetwork {
    /// CROWN lower bounds of the rows `rowIDs` of `spec` over `[lower, upper]`, from pre-activation bounds
    /// `bounds` computed over (a superset of) that box. `recordRow`: index into `rowIDs` of a row whose
    /// per-layer coefficients are kept.
    ///
    /// `alpha`: per row, the lower slope of every ReLU (`rowIDs.count × relu.count`, layout of `relu`),
    /// used for the unstable ones instead of the CROWN choice (alpha-CROWN, Xu et al. 2021). Any slope in
    /// [0, 1] gives a valid lower line `α·z ≤ relu(z)`, and the rounding of `c·α` is charged by the same
    /// per-coefficient budget (u·max|z|), so the result stays sound for every alpha in [0, 1] (values
    /// outside are clamped). `trace`: keep the coefficients before each ReLU relaxation (`SpecBounds.trace`).
    func specificationBounds(_ spec: RegionSpec, rows rowIDs: [Int], bounds: NetworkBounds,
                             lower: [Double], upper: [Double], recordRow: Int? = nil,
                             alpha: [Double]? = nil, relu: ReLULayout? = nil, trace: Bool = false,
                             beta: [Double]? = nil, splitSign: [Double]? = nil,
                             magnitudes: [[Double]]? = nil) -> SpecBounds {
        let m = outputSize, n0 = inputSize
        let R = rowIDs.count
        let maxWidth = layers.reduce(n0) { max($0, $1.outputSize) }
        var lam = [Double](repeating: 0, count: R * maxWidth)
        var z = lam
        var constant = [Double](repeating: 0, count: R)
        var cmag = constant, err = constant
        for (t, r) in rowIDs.enumerated() {
            for j in 0..<m { lam[t * maxWidth + j] = spec.rows[r * m + j] }
            constant[t] = -spec.rhs[r]
            cmag[t] = abs(spec.rhs[r])
        }
        var record: [[Double]] = recordRow == nil ? [] : Array(repeating: [], count: layers.count)
        let layout = relu ?? ReLULayout(self)
        let useAlpha = alpha != nil && alpha!.count == R * layout.count
        let useBeta = beta != nil && beta!.count == R * layout.count && splitSign != nil && splitSign!.count == layout.count
        let betaValues = beta ?? [], signs = splitSign ?? []
        var traceValues = trace ? [Double](repeating: 0, count: R * layout.count) : []
        var unstable = [Bool](repeating: false, count: maxWidth)
        var additions = 2
        let u = 0x1p-53 * 1.01
        var lowSlope = [Double](repeating: 0, count: maxWidth)
        var upSlope = lowSlope, upIntercept = lowSlope, errFactor = lowSlope
        let useMagnitudes = magnitudes.map { $0.count == layers.count } ?? false
        for j in stride(from: layers.count - 1, through: 0, by: -1) {
            let layer = layers[j]
            let n = layer.outputSize, nIn = layer.inputSize
            let lo = bounds.lower[j], hi = bounds.upper[j]
            let magnitude = useMagnitudes && magnitudes![j].count == n ? magnitudes![j]
                : specLayerMagnitudes(j, bounds: bounds, lower: lower, upper: upper)
            let gammaW = roundingGamma(n + 2)
            for p in 0..<n {
                let l = lo[p], h = hi[p]
                if layer.activation == .identity || l >= 0 {
                    lowSlope[p] = 1; upSlope[p] = 1; upIntercept[p] = 0
                } else if h <= 0 {
                    lowSlope[p] = 0; upSlope[p] = 0; upIntercept[p] = 0
                } else {
                    let s = (h / (h - l)).nextUp.nextUp.nextUp
                    upSlope[p] = s
                    upIntercept[p] = (s * (-l)).nextUp
                    lowSlope[p] = h > -l ? 1 : 0
                }
                unstable[p] = layer.activation == .relu && l < 0 && h > 0
                errFactor[p] = u * max(abs(l), abs(h)) + gammaW * magnitude[p] * (1 + 4 * u)
            }
            if let rr = recordRow, layer.activation == .relu {
                record[j] = Array(lam[(rr * maxWidth)..<(rr * maxWidth + n)])
            }
            additions += 2 * n + 2
            let aOff = layout.offset[j]
            if trace && layer.activation == .relu {
                for t in 0..<R { for p in 0..<n { traceValues[t * layout.count + aOff + p] = lam[t * maxWidth + p] } }
            }
            let alphaLayer = useAlpha && layer.activation == .relu
            let betaLayer = useBeta && layer.activation == .relu
            let alphaValues = alpha ?? []
            lam.withUnsafeMutableBufferPointer { L in
                z.withUnsafeMutableBufferPointer { Z in
                    layer.weights.withUnsafeBufferPointer { w in
                        layer.bias.withUnsafeBufferPointer { b in
                            for t in 0..<R {
                                let base = t * maxWidth
                                var c0 = constant[t], cm = cmag[t], e = err[t]
                                for p in 0..<n {
                                    let c = L[base + p]
                                    // beta-CROWN (Wang et al. 2021, Thm 3.1): a split s·z_p ≥ 0 (s = +1 active,
                                    // −1 inactive) enters as the Lagrangian term −β·s·z_p, β ≥ 0, valid on the
                                    // subdomain where the split holds. Rounding: the subtraction is charged
                                    // again with the same per-coefficient factor (|z_p| bounded on the subdomain).
                                    var betaTerm = 0.0
                                    if betaLayer {
                                        let sg = signs[aOff + p]
                                        if sg != 0 { betaTerm = sg * max(0, betaValues[t * layout.count + aOff + p]) }
                                    }
                                    if c == 0 && betaTerm == 0 { Z[base + p] = 0; continue }
                                    var nc: Double
                                    if c == 0 {
                                        nc = 0
                                    } else if c > 0 {
                                        if alphaLayer && unstable[p] {
                                            nc = c * min(1, max(0, alphaValues[t * layout.count + aOff + p]))
                                        } else {
                                            nc = c * lowSlope[p]
                                        }
                                    } else {
                                        nc = c * upSlope[p]
                                        if upIntercept[p] != 0 {
                                            let add = c * upIntercept[p]
                                            c0 += add; cm += abs(add)
                                        }
                                    }
                                    if betaTerm != 0 {
                                        e += (abs(nc) + abs(betaTerm)) * errFactor[p]
                                        nc -= betaTerm
                                    }
                                    Z[base + p] = nc
                                    if nc != 0 {
                                        let add = nc * b[p]
                                        c0 += add; cm += abs(add)
                                        e += abs(nc) * errFactor[p]
                                    }
                                }
                                constant[t] = c0; cmag[t] = cm; err[t] = e
                                for q in 0..<nIn { L[base + q] = 0 }
                                guard let wp = w.baseAddress, let lp = L.baseAddress else { continue }
                                let lt = lp + base
                                for p in 0..<n {
                                    let c = Z[base + p]
                                    if c == 0 { continue }
                                    let wr = wp + p * nIn
                                    for q in 0..<nIn { lt[q] += c * wr[q] }
                                }
                            }
                        }
                    }
                }
            }
        }
        var result = SpecBounds(lower: [Double](repeating: 0, count: R), coefficients: [Double](repeating: 0, count: R * n0),
                                constant: constant, margin: [Double](repeating: 0, count: R),
                                minimizer: [Double](repeating: 0, count: R * n0), inputCount: n0)
        let gammaIn = roundingGamma(n0 + 2), gammaC = roundingGamma(additions + 2)
        let eta = Double(additions + n0 + 4) * underflowAllowance
        for t in 0..<R {
            var s = 0.0, mag = 0.0
            for q in 0..<n0 {
                let c = lam[t * maxWidth + q]
                result.coefficients[t * n0 + q] = c
                let a = c * lower[q], b = c * upper[q]
                s += min(a, b)
                mag += max(abs(a), abs(b))
                result.minimizer[t * n0 + q] = c > 0 ? lower[q] : (c < 0 ? upper[q] : 0.5 * (lower[q] + upper[q]))
            }
            let linMargin = 2 * (err[t] + gammaC * cmag[t]) + eta
            result.margin[t] = linMargin
            result.lower[t] = constant[t] + s - (linMargin + 2 * gammaIn * (mag + abs(constant[t])))
        }
        if recordRow != nil { result.layerCoefficients = record }
        result.trace = traceValues
        return result
    }
}

extension NeuralNetwork {
    /// v_p = Σ_q |W_j[p,q]|·max|a_{j−1,q}| for layer j (inputs: post-activations of layer j−1 under
    /// `bounds`, or the box): the magnitude of neuron p's linear part, used by the rounding budget of
    /// `specificationBounds`. Bounds of a superset (e.g. before a ReLU is clamped) give larger values,
    /// so they may be passed for a subdomain (`magnitudes:`) and stay sound.
    func specLayerMagnitudes(_ j: Int, bounds: NetworkBounds, lower: [Double], upper: [Double]) -> [Double] {
        let layer = layers[j]
        let nIn = layer.inputSize
        var amax = [Double](repeating: 0, count: nIn)
        if j == 0 {
            for q in 0..<nIn { amax[q] = max(abs(lower[q]), abs(upper[q])) }
        } else {
            let pl = bounds.lower[j - 1], ph = bounds.upper[j - 1]
            let act = layers[j - 1].activation
            for q in 0..<nIn { amax[q] = max(abs(act.apply(pl[q])), abs(act.apply(ph[q]))) }
        }
        var v = [Double](repeating: 0, count: layer.outputSize)
        layer.weights.withUnsafeBufferPointer { w in
            for p in 0..<layer.outputSize {
                var s = 0.0
                let row = p * nIn
                for q in 0..<nIn { s += abs(w[row + q]) * amax[q] }
                v[p] = s
            }
        }
        return v
    }

    /// `specLayerMagnitudes` of every layer.
    func specMagnitudes(bounds: NetworkBounds, lower: [Double], upper: [Double]) -> [[Double]] {
        layers.indices.map { specLayerMagnitudes($0, bounds: bounds, lower: lower, upper: upper) }
    }
}

/// Tries to prove that no x in the box satisfies `f_r(x) ≤ 0` for all rows r of `rows` (indices into
/// `sb`), where f_r is the row's sound linear lower function: finds λ ≥ 0, Σλ = 1, with
/// `min_x Σ λ_r f_r(x) > 0` by projected supergradient ascent (the concave dual of that tiny LP).
/// Returns (proven, the last minimising corner, the weights of the best combination found).
func proveConjunction(_ sb: SpecBounds, rows: [Int], lower: [Double], upper: [Double],
                      iterations: Int = 40) -> (Bool, [Double], [Double]) {
    let n = sb.inputCount, k = rows.count
    var lambda = [Double](repeating: 1 / Double(k), count: k)
    // Start from weights favouring rows whose lower bound is closest to positive.
    var g = [Double](repeating: 0, count: n)
    var x = [Double](repeating: 0, count: n)
    var best = -Double.infinity
    var bestLambda = lambda
    var xmax = [Double](repeating: 0, count: n)
    for q in 0..<n { xmax[q] = max(abs(lower[q]), abs(upper[q])) }
    var scale = 0.0
    for r in rows { scale = max(scale, abs(sb.lower[r])) }
    if scale == 0 { scale = 1 }
    for it in 0..<iterations {
        for q in 0..<n { g[q] = 0 }
        var c = 0.0, mag = 0.0
        for (t, r) in rows.enumerated() where lambda[t] > 0 {
            let l = lambda[t]
            for q in 0..<n {
                let a = sb.coefficients[r * n + q] * l
                g[q] += a
                mag += abs(a) * xmax[q]
            }
            c += l * (sb.constant[r] - sb.margin[r])
            mag += l * (abs(sb.constant[r]) + sb.margin[r])
        }
        var value = c
        for q in 0..<n {
            x[q] = g[q] > 0 ? lower[q] : (g[q] < 0 ? upper[q] : 0.5 * (lower[q] + upper[q]))
            value += g[q] * x[q]
        }
        // Rounding of the combination, the products and the sums.
        let safe = value - 4 * roundingGamma(k + n + 4) * mag - Double(k * n + 8) * underflowAllowance
        if safe > 0 { return (true, x, lambda) }
        if value > best { best = value; bestLambda = lambda }
        // Supergradient: f_r(x).
        var sub = [Double](repeating: 0, count: k)
        for (t, r) in rows.enumerated() {
            var f = sb.constant[r] - sb.margin[r]
            for q in 0..<n { f += sb.coefficients[r * n + q] * x[q] }
            sub[t] = f
        }
        let step = 0.5 / (Double(it) + 1) / scale
        for t in 0..<k { lambda[t] = max(0, lambda[t] + step * sub[t]) }
        let total = lambda.reduce(0, +)
        if total <= 0 { return (false, x, bestLambda) }
        for t in 0..<k { lambda[t] /= total }
    }
    return (false, x, bestLambda)
}
