/// The nonlinearity applied element-wise after a layer's affine map.
///
/// Only `identity` and `relu` exist today; the bound propagation and the encoder switch over this enum,
/// so a new activation (sigmoid, tanh, sign, step) is added here and then handled (or refused) there.
public enum Activation: String, Sendable, Hashable {
    /// No nonlinearity: the layer's output is its pre-activation.
    case identity
    /// max(0, z).
    case relu

    /// The activation applied to one value.
    @inlinable
    public func apply(_ z: Double) -> Double {
        switch self {
        case .identity: return z
        case .relu: return z > 0 ? z : 0
        }
    }
}

/// One layer of a ``NeuralNetwork``: `output = activation(weights · input + bias)`.
///
/// `weights` is dense and row-major: the coefficient of input `j` in output `i` is
/// `weights[i * inputSize + j]`. (A convolution, when supported, is stored as its dense matrix here; a
/// structured representation can be added as another case without changing the callers' view.)
public struct Layer: Sendable {
    /// Number of inputs (the previous layer's outputs, or the network inputs).
    public let inputSize: Int
    /// Number of outputs (neurons).
    public let outputSize: Int
    /// Row-major `outputSize × inputSize` weight matrix.
    public let weights: [Double]
    /// One bias per output.
    public let bias: [Double]
    /// The element-wise nonlinearity after the affine map.
    public var activation: Activation
    /// A compressed-row copy of `weights` when at most a quarter of them are nonzero (convolutions):
    /// the forward pass and the bound propagation then touch only the nonzeros.
    let sparseRows: SparseRows?

    /// Creates a layer; `weights.count` must be `outputSize * inputSize` and `bias.count` `outputSize`.
    public init(inputSize: Int, outputSize: Int, weights: [Double], bias: [Double], activation: Activation) throws {
        guard inputSize > 0, outputSize > 0 else {
            throw NeuralInputError(file: nil, line: nil, message: "layer of size \(outputSize)×\(inputSize)")
        }
        guard weights.count == inputSize * outputSize, bias.count == outputSize else {
            throw NeuralInputError(file: nil, line: nil,
                message: "layer \(outputSize)×\(inputSize) given \(weights.count) weights and \(bias.count) biases")
        }
        self.inputSize = inputSize
        self.outputSize = outputSize
        self.weights = weights
        self.bias = bias
        self.activation = activation
        self.sparseRows = SparseRows(weights, rows: outputSize, columns: inputSize)
    }

    /// The pre-activation `weights · input + bias` of one input vector.
    public func preActivation(_ input: [Double]) -> [Double] {
        var out = bias
        if let sp = sparseRows {
            for i in 0..<outputSize {
                var s = out[i]
                for k in sp.start[i]..<sp.start[i + 1] { s += sp.value[k] * input[Int(sp.column[k])] }
                out[i] = s
            }
            return out
        }
        weights.withUnsafeBufferPointer { w in
            input.withUnsafeBufferPointer { x in
                out.withUnsafeMutableBufferPointer { o in
                    for i in 0..<outputSize {
                        var s = o[i]
                        let row = i * inputSize
                        for j in 0..<inputSize { s += w[row + j] * x[j] }
                        o[i] = s
                    }
                }
            }
        }
        return out
    }
}

/// A feed-forward network as a chain of affine layers with element-wise activations, as read from ONNX
/// (``NeuralNetwork/init(contentsOf:)``) or built in code. Input normalisation (ONNX `Sub`/`Div` by
/// constants) is already folded into the first layer.
///
/// Input `i` is the `i`-th element of the ONNX input tensor in row-major order (VNNLIB `X_i`), output `j`
/// likewise (`Y_j`).
public struct NeuralNetwork: Sendable {
    /// The layers, first to last; the network's output is the last layer's output (after its activation).
    public var layers: [Layer]
    /// Where the network came from (file name), for messages.
    public var name: String
    /// Shape of the ONNX input tensor (symbolic dimensions as 1); `[inputSize]` when built in code.
    public var inputShape: [Int]

    /// Creates a network from layers whose sizes chain.
    public init(layers: [Layer], name: String = "network", inputShape: [Int]? = nil) throws {
        guard let first = layers.first else {
            throw NeuralInputError(file: name, line: nil, message: "a network needs at least one layer")
        }
        for k in 1..<layers.count where layers[k].inputSize != layers[k - 1].outputSize {
            throw NeuralInputError(file: name, line: nil,
                message: "layer \(k) takes \(layers[k].inputSize) inputs but layer \(k - 1) has \(layers[k - 1].outputSize) outputs")
        }
        self.layers = layers
        self.name = name
        self.inputShape = inputShape ?? [first.inputSize]
    }

    /// Number of network inputs.
    public var inputSize: Int { layers[0].inputSize }
    /// Number of network outputs.
    public var outputSize: Int { layers[layers.count - 1].outputSize }
    /// Number of neurons with a ReLU activation.
    public var reluCount: Int { layers.reduce(0) { $0 + ($1.activation == .relu ? $1.outputSize : 0) } }

    /// The outputs for one input vector.
    public func evaluate(_ input: [Double]) -> [Double] {
        var x = input
        for layer in layers {
            var z = layer.preActivation(x)
            if layer.activation != .identity {
                for i in z.indices { z[i] = layer.activation.apply(z[i]) }
            }
            x = z
        }
        return x
    }

    /// Every layer's pre-activation values for one input (`result[k]` has `layers[k].outputSize` values);
    /// the outputs are `layers.last.activation` applied to the last entry.
    public func preActivations(_ input: [Double]) -> [[Double]] {
        var x = input
        var result: [[Double]] = []
        result.reserveCapacity(layers.count)
        for layer in layers {
            let z = layer.preActivation(x)
            result.append(z)
            x = layer.activation == .identity ? z : z.map(layer.activation.apply)
        }
        return result
    }

    /// The outputs for many inputs at once: `inputs` holds `count` input vectors one after another
    /// (row-major `count × inputSize`); the result holds `count` output vectors the same way.
    /// Works a block of points at a time so each weight row is reused from cache.
    public func evaluateBatch(_ inputs: [Double], count: Int) -> [Double] {
        guard count > 0, inputs.count == count * inputSize else { return [] }
        var x = inputs
        var width = inputSize
        for layer in layers {
            let n = layer.outputSize
            if layer.sparseRows != nil {
                var y: [Double] = []
                y.reserveCapacity(count * n)
                for p in 0..<count {
                    y += layer.preActivation(Array(x[(p * width)..<((p + 1) * width)])).map(layer.activation.apply)
                }
                x = y
                width = n
                continue
            }
            var y = [Double](repeating: 0, count: count * n)
            layer.weights.withUnsafeBufferPointer { w in
                layer.bias.withUnsafeBufferPointer { b in
                    x.withUnsafeBufferPointer { xs in
                        y.withUnsafeMutableBufferPointer { ys in
                            for p in 0..<count {
                                let xr = p * width, yr = p * n
                                for i in 0..<n {
                                    let row = i * width
                                    var s = b[i]
                                    for j in 0..<width { s += w[row + j] * xs[xr + j] }
                                    ys[yr + i] = layer.activation.apply(s)
                                }
                            }
                        }
                    }
                }
            }
            x = y
            width = n
        }
        return x
    }
}

/// A file (ONNX, VNNLIB, counterexample) that cannot be read or is outside the supported subset: the file,
/// the line when it has lines, and what was wrong.
public struct NeuralInputError: Error, CustomStringConvertible, Sendable {
    /// The file, if known.
    public var file: String?
    /// One-based line number (text formats).
    public var line: Int?
    /// What was wrong and what was expected.
    public var message: String

    /// Creates an error.
    public init(file: String?, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        var prefix = file ?? ""
        if let line { prefix += (prefix.isEmpty ? "line " : ":") + "\(line)" }
        return prefix.isEmpty ? message : "\(prefix): \(message)"
    }
}

/// Compressed sparse rows of a weight matrix (row i's nonzeros are `start[i]..<start[i+1]`).
struct SparseRows: Sendable {
    let start: [Int]
    let column: [Int32]
    let value: [Double]

    /// nil when more than a quarter of the entries are nonzero (dense loops are faster then).
    init?(_ weights: [Double], rows: Int, columns: Int) {
        var nonzeros = 0
        for w in weights where w != 0 { nonzeros += 1 }
        guard nonzeros * 4 <= weights.count, columns <= Int(Int32.max) else { return nil }
        var start = [Int](repeating: 0, count: rows + 1)
        var column: [Int32] = [], value: [Double] = []
        column.reserveCapacity(nonzeros)
        value.reserveCapacity(nonzeros)
        for i in 0..<rows {
            for j in 0..<columns where weights[i * columns + j] != 0 {
                column.append(Int32(j))
                value.append(weights[i * columns + j])
            }
            start[i + 1] = column.count
        }
        self.start = start
        self.column = column
        self.value = value
    }
}
