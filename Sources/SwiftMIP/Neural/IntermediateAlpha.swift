extension NeuralNetwork {
    /// alpha-CROWN on the intermediate layers (Xu et al., ICLR 2021, §3.2): the bounds of each unstable
    /// ReLU of layers 1, 2, … are tightened, layer by layer, by optimising the lower slopes of the earlier
    /// layers separately for each bound. Each neuron's lower bound is the property row `e_p` (upper: `−e_p`)
    /// of the network cut after layer k (its ReLU dropped), bounded by `alphaSpecificationBounds`, so it is
    /// exactly as sound in floating point as the property bounds; the result is intersected with `bounds`.
    /// Layer k+1 is optimised with the tightened layer k. Meant for the root of a ReLU-splitting search,
    /// whose children keep these bounds.
    func alphaIntermediateBounds(_ bounds: NetworkBounds, lower: [Double], upper: [Double],
                                 iterations: Int, deadline: Double) -> NetworkBounds {
        var b = bounds
        guard !b.isInfeasible, layers.count > 2 else { return b }
        for k in 1..<(layers.count - 1) where layers[k].activation == .relu {
            if monotonicSeconds() > deadline { break }
            var unstable: [Int] = []
            for p in 0..<layers[k].outputSize where b.lower[k][p] < 0 && b.upper[k][p] > 0 { unstable.append(p) }
            if unstable.isEmpty { continue }
            var cut = Array(layers[0...k])
            cut[k].activation = .identity
            guard let sub = try? NeuralNetwork(layers: cut, name: name) else { return b }
            let n = layers[k].outputSize
            var spec = RegionSpec(region: 0, .init(inputLower: lower, inputUpper: upper, disjuncts: []), outputCount: n)
            for p in unstable {
                for sign in [1.0, -1.0] {
                    var row = [Double](repeating: 0, count: n)
                    row[p] = sign
                    spec.rows.append(contentsOf: row)
                    spec.rhs.append(0)
                }
            }
            let cutBounds = NetworkBounds(method: b.method, inputLower: lower, inputUpper: upper,
                                          lower: Array(b.lower[0...k]), upper: Array(b.upper[0...k]), isInfeasible: false)
            let rows = Array(0..<spec.rowCount)
            let plain = sub.specificationBounds(spec, rows: rows, bounds: cutBounds, lower: lower, upper: upper)
            let (opt, _) = sub.alphaSpecificationBounds(spec, rows: rows, bounds: cutBounds, lower: lower, upper: upper,
                                                        start: nil, baselineLower: plain.lower,
                                                        options: AlphaOptions(iterations: iterations))
            for (i, p) in unstable.enumerated() {
                b.lower[k][p] = max(b.lower[k][p], opt.lower[2 * i])
                b.upper[k][p] = min(b.upper[k][p], -opt.lower[2 * i + 1])
                if !(b.lower[k][p] <= b.upper[k][p]) { b.isInfeasible = true; return b }
            }
        }
        return b
    }
}
