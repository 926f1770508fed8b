extension NeuralNetwork {
    /// The value of `Σ_j c[j] · Y_j` at `input` and its gradient with respect to the input (reverse-mode
    /// differentiation through the layers; a ReLU's derivative is taken as 1 for z > 0 and 0 otherwise).
    /// For gradient-based attacks (PGD) and input-split scores. `c` has one entry per output.
    public func gradient(of c: [Double], at input: [Double]) -> (value: Double, gradient: [Double]) {
        guard c.count == outputSize, input.count == inputSize else { return (.nan, []) }
        let z = preActivations(input)
        let last = layers.count - 1
        var value = 0.0
        for j in 0..<outputSize { value += c[j] * layers[last].activation.apply(z[last][j]) }
        // g holds d value / d (output of layer k), walked backwards.
        var g = c
        for k in stride(from: last, through: 0, by: -1) {
            let layer = layers[k]
            // Through the activation.
            if layer.activation == .relu {
                for i in 0..<layer.outputSize where !(z[k][i] > 0) { g[i] = 0 }
            }
            // Through the affine map: d/d input = Wᵀ g.
            var next = [Double](repeating: 0, count: layer.inputSize)
            let n = layer.inputSize
            if let sp = layer.sparseRows {
                for i in 0..<layer.outputSize where g[i] != 0 {
                    for t in sp.start[i]..<sp.start[i + 1] { next[Int(sp.column[t])] += g[i] * sp.value[t] }
                }
            } else {
                layer.weights.withUnsafeBufferPointer { w in
                    next.withUnsafeMutableBufferPointer { out in
                        for i in 0..<layer.outputSize where g[i] != 0 {
                            let gi = g[i], row = i * n
                            for q in 0..<n { out[q] += gi * w[row + q] }
                        }
                    }
                }
            }
            g = next
        }
        return (value, g)
    }
}
