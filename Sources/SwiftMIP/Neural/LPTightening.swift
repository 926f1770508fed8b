/// LP-based bound tightening: each unstable neuron of a ReLU layer is minimised and maximised over the
/// LP relaxation of the earlier layers (the big-M encoding with the phase indicators relaxed to [0, 1],
/// whose projection is the triangle relaxation of every unstable ReLU), built from the bounds computed so
/// far. Layers are processed in order and each later layer is recomputed (symbolically) from the tightened
/// ones, so the improvements compound.
///
/// Soundness: the simplex result is not trusted. From the solver's row duals y, the bound is recomputed
/// rigorously as in Neumaier & Shcherbina (Math. Prog. 2004): for any y,
/// `cᵀx = yᵀ(Ax) + (c − Aᵀy)ᵀx ≥ Σ_i min(y_i·rowLower_i, y_i·rowUpper_i) + Σ_j min(r_j·l_j, r_j·u_j)`
/// over the box of the (all bounded) columns, evaluated in Double and widened by the a-priori rounding
/// bound 2·γ_N·(sum of the absolute values involved). Both y and −y are tried (so the solver's sign
/// convention does not matter) and the result is intersected with the previous bounds.

/// Work limits of LP tightening.
public struct LPTighteningOptions: Sendable {
    /// Simplex iterations allowed per LP.
    public var iterationLimitPerLP: Int
    /// Wall-clock budget for the whole tightening, in seconds; the remaining neurons keep their
    /// symbolic bounds when it runs out.
    public var timeLimit: Double

    /// Creates options (1000 iterations per LP, 60 s by default).
    public init(iterationLimitPerLP: Int = 1000, timeLimit: Double = 60) {
        self.iterationLimitPerLP = iterationLimitPerLP
        self.timeLimit = timeLimit
    }
}

extension NeuralNetwork {
    /// Symbolic bounds tightened by LP (see the file's description). The result has `method == .symbolic`
    /// (it is at least as tight as the symbolic bounds) and the same shape as any other bounds.
    public func lpTightenedBounds(inputLower: [Double], inputUpper: [Double], phases: [[ReLUPhase]]? = nil,
                                  options: LPTighteningOptions = LPTighteningOptions()) throws -> NetworkBounds {
        let deadline = LPClock.now() + options.timeLimit
        final class Store: @unchecked Sendable {
            var lower: [[Double]] = [], upper: [[Double]] = []
        }
        let store = Store()
        let network = self
        // Plain symbolic bounds first: every layer is intersected with them, so the result is never looser
        // (recomputing a later layer from tightened earlier ones can change DeepPoly's adaptive slopes).
        let symbolic = try bounds(inputLower: inputLower, inputUpper: inputUpper, method: .symbolic, phases: phases)
        if symbolic.isInfeasible { return symbolic }
        return try bounds(inputLower: inputLower, inputUpper: inputUpper, method: .symbolic, phases: phases) { k, lo, hi in
            for i in lo.indices {
                lo[i] = max(lo[i], symbolic.lower[k][i])
                hi[i] = min(hi[i], symbolic.upper[k][i])
            }
            defer {
                // What the computation will store for layer k (fixed phases are clamped after this hook).
                var l = lo, h = hi
                if let p = phases?[k], !p.isEmpty, network.layers[k].activation == .relu {
                    for i in l.indices {
                        if p[i] == .active { l[i] = max(l[i], 0) }
                        if p[i] == .inactive { h[i] = min(h[i], 0) }
                    }
                }
                store.lower.append(l)
                store.upper.append(h)
            }
            guard k > 0, network.layers[k].activation == .relu, LPClock.now() < deadline else { return }
            let targets = (0..<lo.count).filter { i in
                let fixed = phases?[k].isEmpty == false && phases?[k][i] != .unfixed
                return !fixed && lo[i] < 0 && hi[i] > 0
            }
            guard !targets.isEmpty else { return }
            network.tightenLayer(k, targets: targets, lower: store.lower + [lo], upper: store.upper + [hi],
                                 inputLower: inputLower, inputUpper: inputUpper, lo: &lo, hi: &hi,
                                 iterationLimit: options.iterationLimitPerLP, deadline: deadline)
        }
    }

    /// Minimises and maximises each target neuron of layer k over the LP relaxation of layers 0…k.
    func tightenLayer(_ k: Int, targets: [Int], lower: [[Double]], upper: [[Double]], inputLower: [Double],
                      inputUpper: [Double], lo: inout [Double], hi: inout [Double], iterationLimit: Int, deadline: Double) {
        // The network truncated after layer k (its activation dropped) with the current bounds.
        var truncated = Array(layers[0...k])
        truncated[k].activation = .identity
        guard let sub = try? NeuralNetwork(layers: truncated, name: name) else { return }
        let subBounds = NetworkBounds(method: .symbolic, inputLower: inputLower, inputUpper: inputUpper,
                                      lower: Array(lower[0...k]), upper: Array(upper[0...k]), isInfeasible: false)
        guard let encoding = try? sub.encode(bounds: subBounds) else { return }
        let compressed = CompressedModel(encoding.model)
        var lpOptions = LPOptions()
        lpOptions.iterationLimit = iterationLimit
        lpOptions.deadline = deadline
        let solver = LPSolver(model: compressed, options: lpOptions)
        for i in targets {
            let column = encoding.preActivationVariables[k][i].index
            for direction in [1.0, -1.0] {
                guard LPClock.now() < deadline else { return }
                solver.setCost(column, direction)
                // One budget for the whole layer, as this code was tuned with (the solver's limit is per
                // solve): once it is spent, each LP keeps its warm-start duals, whose bound is still safe.
                solver.options.iterationLimit = max(0, iterationLimit - solver.iterations)
                let status = solver.solve()
                if status == .optimal || status == .iterationLimit || status == .timeLimit {
                    // A rigorous lower bound on direction · z from the duals.
                    let y = solver.rowDuals
                    let bound = max(Self.safeLowerBound(compressed, column: column, direction: direction, duals: y, sign: 1),
                                    Self.safeLowerBound(compressed, column: column, direction: direction, duals: y, sign: -1))
                    if direction > 0 { lo[i] = max(lo[i], bound) } else { hi[i] = min(hi[i], -bound) }
                }
                solver.setCost(column, 0)
            }
        }
    }

    /// A rigorous lower bound of `direction · x[column]` over the LP's rows and column bounds, from
    /// multipliers `sign · duals` (Neumaier–Shcherbina), or −∞ when an infinite bound would be needed.
    static func safeLowerBound(_ m: CompressedModel, column: Int, direction: Double, duals: [Double], sign: Double) -> Double {
        guard duals.count == m.rowCount else { return -.infinity }
        let a = m.matrix
        var total = 0.0, magnitude = 0.0, terms = 0, extra = 0.0
        // Row part: y_i · (A x)_i ≥ y_i·rowLower_i (y_i > 0) or y_i·rowUpper_i (y_i < 0).
        for i in 0..<m.rowCount {
            let yi = sign * duals[i]
            if yi == 0 { continue }
            let b = yi > 0 ? m.rowLower[i] : m.rowUpper[i]
            guard b.isFinite else { return -.infinity }
            let t = yi * b
            total += t
            magnitude += abs(t)
            terms += 1
        }
        // Column part: r_j = c_j − (Aᵀy)_j, r_j·x_j ≥ r_j·l_j (r_j > 0) or r_j·u_j (r_j < 0).
        for j in 0..<m.columnCount {
            var r = j == column ? direction : 0
            var rMagnitude = abs(r)
            var count = 1
            for p in a.columnStart[j]..<a.columnStart[j + 1] {
                let v = a.columnValue[p] * sign * duals[Int(a.rowIndex[p])]
                r -= v
                rMagnitude += abs(v)
                count += 1
            }
            let l = m.columnLower[j], u = m.columnUpper[j]
            guard l.isFinite && u.isFinite else {
                if r == 0 && rMagnitude == 0 { continue }
                return -.infinity
            }
            let reach = max(abs(l), abs(u))
            // The rounding error of r, times the largest |x_j|, is charged to the magnitude.
            extra += roundingGamma(count + 2) * rMagnitude * reach
            let t = r > 0 ? r * l : r * u
            total += t
            magnitude += abs(t)
            terms += 1
        }
        return total - 2 * (roundingGamma(terms + 2) * magnitude + extra) - Double(terms + 2) * underflowAllowance
    }
}
