import Foundation

/// Reads an ONNX file and reduces its graph to a ``NeuralNetwork``.
///
/// The graph must be a chain: each node's one non-constant input is an earlier node's output (or the
/// graph input). Linear operators with constant operands (Sub, Add, Mul, Div, MatMul, Gemm, Flatten,
/// Reshape, Identity) are composed into one pending affine map of the last activation's output; each
/// `Relu` closes a layer. So `Sub`/`Div` normalisation ends up folded into the first layer's weights.
/// Everything else (operator, attribute, non-chain graph) is refused with an error naming the node,
/// the operator and the file.
enum ONNXReader {
    static func read(contentsOf url: URL) throws -> NeuralNetwork {
        let file = url.path
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw NeuralInputError(file: file, line: nil, message: "cannot read the file: \(error.localizedDescription)")
        }
        return try read(bytes: [UInt8](data), file: file)
    }

    static func read(bytes: [UInt8], file: String) throws -> NeuralNetwork {
        var reader = ProtobufReader(bytes)
        let proto: ONNXModelProto
        do { proto = try ONNXDecoder.model(&reader) } catch let e as ProtobufError {
            throw NeuralInputError(file: file, line: nil, message: "not a valid ONNX (protobuf) file: \(e)")
        }
        guard let graph = proto.graph else {
            throw NeuralInputError(file: file, line: nil, message: "the ONNX model has no graph")
        }
        if proto.hasFunctions {
            throw NeuralInputError(file: file, line: nil, message: "model-local functions are not supported")
        }
        if graph.hasSparseInitializers {
            throw NeuralInputError(file: file, line: nil, message: "sparse initializers are not supported")
        }
        var builder = ChainBuilder(file: file, opset: proto.opsetVersion ?? 0)
        return try builder.build(graph)
    }
}

/// The symbolic value of a tensor on the chain: `value = M · h + c`, where `h` is the output of the last
/// closed layer (or the network input) and the tensor has shape `shape` (flattened row-major).
/// `M` is either a diagonal scaling of `h` (same size) or a dense row-major matrix.
fileprivate struct AffineTensor {
    enum Linear {
        case diagonal([Double])
        case dense([Double])
    }
    var linear: Linear
    var offset: [Double]
    var shape: [Int]
    /// Size of `h`.
    let sourceSize: Int
    /// The number of layers closed when this value was made; a use after another layer closed is a non-chain graph.
    let generation: Int

    var size: Int { offset.count }

    /// Row `i` of M as a dense vector.
    func row(_ i: Int) -> [Double] {
        switch linear {
        case .diagonal(let d):
            var r = [Double](repeating: 0, count: sourceSize)
            r[i] = d[i]
            return r
        case .dense(let m): return Array(m[(i * sourceSize)..<((i + 1) * sourceSize)])
        }
    }

    /// A new tensor whose element `(i)` is `Σ_k coefficients(i)[k] · self[k]` plus `constant[i]`: the
    /// general linear map, given sparsely as (index, coefficient) lists per output element.
    func mapped(outputs: Int, shape: [Int], terms: (Int) -> [(Int, Double)], constant: [Double]) -> AffineTensor {
        var m = [Double](repeating: 0, count: outputs * sourceSize)
        var c = constant
        m.withUnsafeMutableBufferPointer { mp in
            for i in 0..<outputs {
                let base = i * sourceSize
                for (k, a) in terms(i) where a != 0 {
                    c[i] += a * offset[k]
                    switch linear {
                    case .diagonal(let d): mp[base + k] += a * d[k]
                    case .dense(let old):
                        old.withUnsafeBufferPointer { op in
                            let ob = k * sourceSize
                            for j in 0..<sourceSize { mp[base + j] += a * op[ob + j] }
                        }
                    }
                }
            }
        }
        return AffineTensor(linear: .dense(m), offset: c, shape: shape, sourceSize: sourceSize, generation: generation)
    }

    /// Element-wise `a[i] * self[i] + b[i]` (keeps a diagonal diagonal).
    func scaled(by a: [Double], plus b: [Double]) -> AffineTensor {
        var t = self
        switch linear {
        case .diagonal(let d): t.linear = .diagonal(zip(d, a).map { $0 * $1 })
        case .dense(var m):
            for i in 0..<size where a[i] != 1 {
                for j in 0..<sourceSize { m[i * sourceSize + j] *= a[i] }
            }
            t.linear = .dense(m)
        }
        for i in 0..<size { t.offset[i] = a[i] * offset[i] + b[i] }
        return t
    }

    /// Element-wise division by `d[i]`, done as a true division (not by a rounded reciprocal).
    func divided(by d: [Double]) -> AffineTensor {
        var t = self
        switch linear {
        case .diagonal(let s): t.linear = .diagonal(zip(s, d).map { $0 / $1 })
        case .dense(var m):
            for i in 0..<size {
                for j in 0..<sourceSize { m[i * sourceSize + j] /= d[i] }
            }
            t.linear = .dense(m)
        }
        for i in 0..<size { t.offset[i] = offset[i] / d[i] }
        return t
    }

    /// The layer `M h + c` as row-major weights.
    func denseWeights() -> [Double] {
        switch linear {
        case .dense(let m): return m
        case .diagonal(let d):
            var m = [Double](repeating: 0, count: size * sourceSize)
            for i in 0..<size { m[i * sourceSize + i] = d[i] }
            return m
        }
    }
}

private enum ChainValue {
    case constant(ONNXTensor)
    case affine(AffineTensor)
}

fileprivate struct ChainBuilder {
    let file: String
    let opset: Int64
    var values: [String: ChainValue] = [:]
    var layers: [Layer] = []

    init(file: String, opset: Int64) {
        self.file = file
        self.opset = opset
    }

    func fail(_ node: ONNXNode, _ message: String) -> NeuralInputError {
        let label = node.name.isEmpty ? "producing '\(node.outputs.first ?? "?")'" : "'\(node.name)'"
        return NeuralInputError(file: file, line: nil, message: "node \(label) (operator \(node.opType)): \(message)")
    }

    mutating func build(_ graph: ONNXGraph) throws -> NeuralNetwork {
        for t in graph.initializers { values[t.name] = .constant(t) }
        let realInputs = graph.inputs.filter { values[$0.name] == nil }
        guard realInputs.count == 1, let input = realInputs.first else {
            throw NeuralInputError(file: file, line: nil,
                message: "expected exactly one graph input that is not an initializer, found \(realInputs.count)")
        }
        guard input.elementType == 1 || input.elementType == 11 || input.elementType == 0 else {
            throw NeuralInputError(file: file, line: nil, message: "graph input '\(input.name)' has element type \(input.elementType); only FLOAT is supported")
        }
        let inputShape = input.shape.map { $0 ?? 1 }
        guard let inputSize = checkedProduct(inputShape), inputSize <= maximumDimension else {
            throw NeuralInputError(file: file, line: nil, message: "graph input '\(input.name)' has shape \(inputShape), too large")
        }
        guard inputSize > 0 else {
            throw NeuralInputError(file: file, line: nil, message: "graph input '\(input.name)' has shape \(inputShape) with no elements")
        }
        values[input.name] = .affine(AffineTensor(linear: .diagonal([Double](repeating: 1, count: inputSize)),
                                                  offset: [Double](repeating: 0, count: inputSize),
                                                  shape: inputShape, sourceSize: inputSize, generation: 0))
        for node in graph.nodes { try apply(node) }
        guard graph.outputs.count == 1, let outputName = graph.outputs.first?.name else {
            throw NeuralInputError(file: file, line: nil, message: "expected exactly one graph output, found \(graph.outputs.count)")
        }
        guard case .affine(let out)? = values[outputName] else {
            throw NeuralInputError(file: file, line: nil, message: "graph output '\(outputName)' is not computed from the input by the supported nodes")
        }
        guard out.generation == layers.count else {
            throw NeuralInputError(file: file, line: nil, message: "graph output '\(outputName)' is not the end of the chain")
        }
        if case .diagonal(let d) = out.linear, !layers.isEmpty, d.allSatisfy({ $0 == 1 }), out.offset.allSatisfy({ $0 == 0 }) {
            // The graph ends with an activation: the last layer's output is the network output.
        } else {
            layers.append(try Layer(inputSize: out.sourceSize, outputSize: out.size, weights: out.denseWeights(),
                                    bias: out.offset, activation: .identity))
        }
        let name = URL(fileURLWithPath: file).lastPathComponent
        return try NeuralNetwork(layers: layers, name: name, inputShape: inputShape)
    }

    // MARK: Size guards (a corrupt file must not make us allocate without limit)

    /// Largest number of elements of one tensor on the chain.
    var maximumDimension: Int { 1 << 26 }

    func checkedProduct(_ dims: [Int]) -> Int? {
        var p = 1
        for d in dims {
            guard d >= 0 else { return nil }
            let (q, overflow) = p.multipliedReportingOverflow(by: d)
            if overflow || q > 1 << 40 { return nil }
            p = q
        }
        return p
    }

    /// `x.mapped(...)` after checking that the dense matrix it builds stays reasonable (2²⁸ entries).
    func checkedMap(_ node: ONNXNode, _ x: AffineTensor, outputs: Int, shape: [Int], terms: (Int) -> [(Int, Double)],
                    constant: [Double]) throws -> AffineTensor {
        let (entries, overflow) = outputs.multipliedReportingOverflow(by: x.sourceSize)
        guard !overflow, entries <= 1 << 28, outputs >= 1 else {
            throw fail(node, "the layer would have \(outputs) × \(x.sourceSize) weights; too large or empty")
        }
        return x.mapped(outputs: outputs, shape: shape, terms: terms, constant: constant)
    }

    // MARK: Operand access

    func constant(_ node: ONNXNode, _ k: Int) -> ONNXTensor? {
        guard k < node.inputs.count, case .constant(let t)? = values[node.inputs[k]] else { return nil }
        return t
    }

    func affine(_ node: ONNXNode, _ k: Int) throws -> AffineTensor? {
        guard k < node.inputs.count, !node.inputs[k].isEmpty else { return nil }
        guard let v = values[node.inputs[k]] else { throw fail(node, "input '\(node.inputs[k])' is not defined before this node") }
        guard case .affine(let a) = v else { return nil }
        guard a.generation == layers.count else {
            throw fail(node, "input '\(node.inputs[k])' is used after a later activation: only chain-structured graphs are supported")
        }
        return a
    }

    func intAttribute(_ node: ONNXNode, _ name: String, default value: Int64) throws -> Int64 {
        guard let a = node.attribute(name) else { return value }
        guard let i = a.int else { throw fail(node, "attribute '\(name)' should be an integer") }
        return i
    }

    func floatAttribute(_ node: ONNXNode, _ name: String, default value: Double) throws -> Double {
        guard let a = node.attribute(name) else { return value }
        guard let f = a.float else { throw fail(node, "attribute '\(name)' should be a float") }
        return Double(f)
    }

    func checkAttributes(_ node: ONNXNode, allowed: Set<String>) throws {
        for a in node.attributes where !allowed.contains(a.name) {
            throw fail(node, "attribute '\(a.name)' is not supported")
        }
    }

    /// numpy broadcasting of a constant to `shape` (the result must have exactly `shape`).
    func broadcast(_ t: ONNXTensor, to shape: [Int], _ node: ONNXNode) throws -> [Double] {
        let n = shape.reduce(1, *)
        if t.values.count == 1 { return [Double](repeating: t.values[0], count: n) }
        let rank = max(shape.count, t.dims.count)
        let s = [Int](repeating: 1, count: rank - shape.count) + shape
        let d = [Int](repeating: 1, count: rank - t.dims.count) + t.dims
        for k in 0..<rank where d[k] != s[k] && d[k] != 1 {
            throw fail(node, "constant '\(t.name)' of shape \(t.dims) does not broadcast to the activation's shape \(shape)")
        }
        guard s.reduce(1, *) == n else { throw fail(node, "broadcasting changes the activation's shape") }
        var out = [Double](repeating: 0, count: n)
        var strides = [Int](repeating: 0, count: rank)
        var running = 1
        for k in stride(from: rank - 1, through: 0, by: -1) {
            strides[k] = d[k] == 1 ? 0 : running
            running *= d[k]
        }
        var index = [Int](repeating: 0, count: rank)
        for i in 0..<n {
            var src = 0
            for k in 0..<rank { src += index[k] * strides[k] }
            out[i] = t.values[src]
            var k = rank - 1
            while k >= 0 {
                index[k] += 1
                if index[k] < s[k] { break }
                index[k] = 0
                k -= 1
            }
        }
        return out
    }

    // MARK: Operators

    mutating func apply(_ node: ONNXNode) throws {
        guard node.domain.isEmpty || node.domain == "ai.onnx" else {
            throw fail(node, "operator domain '\(node.domain)' is not supported")
        }
        guard node.outputs.count == 1, let output = node.outputs.first else {
            throw fail(node, "expected one output, found \(node.outputs.count)")
        }
        switch node.opType {
        case "Constant":
            guard node.attributes.count == 1, let a = node.attributes.first else {
                throw fail(node, "expected one attribute")
            }
            if let t = a.tensor, a.name == "value" {
                var t = t
                t.name = output
                values[output] = .constant(t)
            } else if a.name == "value_float", let f = a.float {
                values[output] = .constant(ONNXTensor(name: output, dims: [], values: [Double(f)]))
            } else if a.name == "value_floats" {
                values[output] = .constant(ONNXTensor(name: output, dims: [a.floats.count], values: a.floats.map(Double.init)))
            } else if a.name == "value_int", let i = a.int {
                values[output] = .constant(ONNXTensor(name: output, dims: [], values: [Double(i)]))
            } else if a.name == "value_ints" {
                values[output] = .constant(ONNXTensor(name: output, dims: [a.ints.count], values: a.ints.map(Double.init)))
            } else {
                throw fail(node, "attribute '\(a.name)' is not supported")
            }
            return
        case "Identity", "Dropout":
            try checkAttributes(node, allowed: node.opType == "Dropout" ? ["ratio", "is_test", "seed"] : [])
            guard let first = node.inputs.first, let v = values[first] else { throw fail(node, "missing input") }
            values[output] = v
            return
        default: break
        }
        guard let x = try affine(node, 0) ?? affine(node, 1) else {
            throw fail(node, "no input is computed from the network input (constant folding of this operator is not supported)")
        }
        let result: AffineTensor
        switch node.opType {
        case "Relu":
            try checkAttributes(node, allowed: [])
            layers.append(try Layer(inputSize: x.sourceSize, outputSize: x.size, weights: x.denseWeights(),
                                    bias: x.offset, activation: .relu))
            result = AffineTensor(linear: .diagonal([Double](repeating: 1, count: x.size)),
                                  offset: [Double](repeating: 0, count: x.size), shape: x.shape,
                                  sourceSize: x.size, generation: layers.count)
        case "Flatten":
            try checkAttributes(node, allowed: ["axis"])
            var axis = Int(try intAttribute(node, "axis", default: 1))
            if axis < 0 { axis += x.shape.count }
            guard axis >= 0 && axis <= x.shape.count else { throw fail(node, "axis \(axis) out of range for shape \(x.shape)") }
            var t = x
            t.shape = [x.shape[..<axis].reduce(1, *), x.shape[axis...].reduce(1, *)]
            result = t
        case "Reshape":
            try checkAttributes(node, allowed: ["allowzero"])
            guard let s = constant(node, 1) else { throw fail(node, "the target shape must be a constant") }
            var shape = s.values.map { Int(exactly: $0) ?? -2 }
            for (k, d) in shape.enumerated() where d == 0 {
                guard k < x.shape.count else { throw fail(node, "shape entry 0 at axis \(k) beyond the input's rank") }
                shape[k] = x.shape[k]
            }
            let known = shape.filter { $0 != -1 }
            guard known.allSatisfy({ $0 >= 1 }), shape.filter({ $0 == -1 }).count <= 1 else {
                throw fail(node, "invalid target shape \(s.values)")
            }
            guard let product = checkedProduct(known) else { throw fail(node, "invalid target shape \(s.values)") }
            if let k = shape.firstIndex(of: -1) {
                guard product > 0, x.size % product == 0 else { throw fail(node, "cannot reshape \(x.shape) to \(s.values)") }
                shape[k] = x.size / product
            }
            guard checkedProduct(shape) == x.size else { throw fail(node, "cannot reshape \(x.shape) to \(s.values)") }
            var t = x
            t.shape = shape
            result = t
        case "Add", "Sub", "Mul", "Div":
            try checkAttributes(node, allowed: [])
            guard node.inputs.count == 2 else { throw fail(node, "expected two inputs") }
            let first = try affine(node, 0) != nil
            guard let c = constant(node, first ? 1 : 0) else {
                throw fail(node, "both operands depend on the network input; only a constant second operand is supported")
            }
            let k = try broadcast(c, to: x.shape, node)
            let ones = [Double](repeating: 1, count: x.size)
            let zeros = [Double](repeating: 0, count: x.size)
            switch (node.opType, first) {
            case ("Add", _): result = x.scaled(by: ones, plus: k)
            case ("Sub", true): result = x.scaled(by: ones, plus: k.map { -$0 })
            case ("Sub", false): result = x.scaled(by: ones.map { -$0 }, plus: k)
            case ("Mul", _): result = x.scaled(by: k, plus: zeros)
            case ("Div", true):
                guard k.allSatisfy({ $0 != 0 && $0.isFinite }) else { throw fail(node, "division by zero or a non-finite constant") }
                result = x.divided(by: k)
            default: throw fail(node, "dividing a constant by the activation is not linear")
            }
        case "MatMul":
            try checkAttributes(node, allowed: [])
            guard node.inputs.count == 2 else { throw fail(node, "expected two inputs") }
            if try affine(node, 0) != nil {
                guard let w = constant(node, 1), w.dims.count == 2 else {
                    throw fail(node, "the second operand must be a constant matrix")
                }
                let n = w.dims[0], m = w.dims[1]
                guard let last = x.shape.last, last == n else {
                    throw fail(node, "shapes \(x.shape) and \(w.dims) do not match")
                }
                let rows = x.size / n
                guard let count = checkedProduct([rows, m]), count <= maximumDimension else { throw fail(node, "result too large") }
                var shape = x.shape
                shape[shape.count - 1] = m
                result = try checkedMap(node, x, outputs: rows * m, shape: shape, terms: { i in
                    let b = i / m, j = i % m
                    return (0..<n).map { k in (b * n + k, w.values[k * m + j]) }
                }, constant: [Double](repeating: 0, count: rows * m))
            } else {
                guard let w = constant(node, 0), w.dims.count == 2 else {
                    throw fail(node, "the first operand must be a constant matrix")
                }
                let m = w.dims[0], n = w.dims[1]
                guard x.shape.count <= 2, let first = x.shape.first, first == n else {
                    throw fail(node, "shapes \(w.dims) and \(x.shape) do not match")
                }
                let p = x.shape.count == 2 ? x.shape[1] : 1
                guard let count = checkedProduct([m, p]), count <= maximumDimension else { throw fail(node, "result too large") }
                let shape = x.shape.count == 2 ? [m, p] : [m]
                result = try checkedMap(node, x, outputs: m * p, shape: shape, terms: { i in
                    let r = i / p, q = i % p
                    return (0..<n).map { k in (k * p + q, w.values[r * n + k]) }
                }, constant: [Double](repeating: 0, count: m * p))
            }
        case "Gemm":
            try checkAttributes(node, allowed: ["alpha", "beta", "transA", "transB"])
            guard try affine(node, 0) != nil else { throw fail(node, "the first operand (A) must be the activation") }
            guard let b = constant(node, 1), b.dims.count == 2 else { throw fail(node, "B must be a constant matrix") }
            let alpha = try floatAttribute(node, "alpha", default: 1)
            let beta = try floatAttribute(node, "beta", default: 1)
            let transA = try intAttribute(node, "transA", default: 0) != 0
            let transB = try intAttribute(node, "transB", default: 0) != 0
            guard x.shape.count == 2 else { throw fail(node, "A has shape \(x.shape); Gemm needs a matrix") }
            // A is x viewed as [r, s] (or its transpose), B' = B or Bᵀ is [n, m].
            let r = transA ? x.shape[1] : x.shape[0], n = transA ? x.shape[0] : x.shape[1]
            let bn = transB ? b.dims[1] : b.dims[0], m = transB ? b.dims[0] : b.dims[1]
            guard bn == n else { throw fail(node, "shapes of A \(x.shape) and B \(b.dims) do not match (transA \(transA), transB \(transB))") }
            guard let count = checkedProduct([r, m]), count <= maximumDimension else { throw fail(node, "result too large") }
            var cTerm = [Double](repeating: 0, count: r * m)
            if let c = constant(node, 2) {
                cTerm = try broadcast(c, to: [r, m], node).map { beta * $0 }
            } else if node.inputs.count > 2 && !node.inputs[2].isEmpty {
                throw fail(node, "C must be a constant")
            }
            let xCols = x.shape[1]
            result = try checkedMap(node, x, outputs: r * m, shape: [r, m], terms: { i in
                let row = i / m, j = i % m
                return (0..<n).map { k in
                    let xi = transA ? k * xCols + row : row * xCols + k
                    let bv = transB ? b.values[j * n + k] : b.values[k * m + j]
                    return (xi, alpha * bv)
                }
            }, constant: cTerm)
        case "Conv":
            result = try convolution(node, x)
        default:
            throw fail(node, "operator not supported (supported: Sub, Add, Mul, Div, MatMul, Gemm, Conv, Relu, Flatten, Reshape, Constant, Identity)")
        }
        values[output] = .affine(result)
    }
}

extension ChainBuilder {
    /// A 2-D convolution (NCHW, batch 1, group 1) as a linear map: output (m, oh, ow) =
    /// b[m] + Σ_{c,i,j} W[m,c,i,j] · x[c, oh·s_h − p_top + i·d_h, ow·s_w − p_left + j·d_w] (zero padding).
    fileprivate func convolution(_ node: ONNXNode, _ x: AffineTensor) throws -> AffineTensor {
        try checkAttributes(node, allowed: ["kernel_shape", "strides", "pads", "dilations", "group", "auto_pad"])
        guard let w = constant(node, 1), w.dims.count == 4 else { throw fail(node, "the weights must be a constant [M, C, kh, kw] tensor") }
        guard x.shape.count == 4, x.shape[0] == 1 else { throw fail(node, "input of shape \(x.shape); only [1, C, H, W] is supported") }
        if let autoPad = node.attribute("auto_pad")?.string, autoPad != "NOTSET" {
            throw fail(node, "auto_pad '\(autoPad)' is not supported")
        }
        guard try intAttribute(node, "group", default: 1) == 1 else { throw fail(node, "grouped convolution is not supported") }
        let (m, c, kh, kw) = (w.dims[0], w.dims[1], w.dims[2], w.dims[3])
        let (channels, h, wd) = (x.shape[1], x.shape[2], x.shape[3])
        guard c == channels else { throw fail(node, "weights \(w.dims) do not match input channels \(channels)") }
        func ints(_ name: String, _ count: Int, _ value: Int) throws -> [Int] {
            guard let a = node.attribute(name) else { return [Int](repeating: value, count: count) }
            guard a.ints.count == count, a.ints.allSatisfy({ $0 >= 0 && $0 < 1 << 20 }) else {
                throw fail(node, "attribute '\(name)' = \(a.ints), expected \(count) non-negative values")
            }
            return a.ints.map { Int($0) }
        }
        if let k = node.attribute("kernel_shape"), k.ints.map({ Int($0) }) != [kh, kw] {
            throw fail(node, "kernel_shape \(k.ints) does not match the weights \(w.dims)")
        }
        let strides = try ints("strides", 2, 1), dilations = try ints("dilations", 2, 1), pads = try ints("pads", 4, 0)
        guard strides.allSatisfy({ $0 >= 1 }), dilations.allSatisfy({ $0 >= 1 }) else { throw fail(node, "strides and dilations must be positive") }
        let oh = (h + pads[0] + pads[2] - dilations[0] * (kh - 1) - 1) / strides[0] + 1
        let ow = (wd + pads[1] + pads[3] - dilations[1] * (kw - 1) - 1) / strides[1] + 1
        guard oh >= 1, ow >= 1 else { throw fail(node, "the output would be empty") }
        var bias = [Double](repeating: 0, count: m)
        if let b = constant(node, 2) {
            guard b.values.count == m else { throw fail(node, "bias of \(b.values.count) values for \(m) output channels") }
            bias = b.values
        } else if node.inputs.count > 2 && !node.inputs[2].isEmpty {
            throw fail(node, "the bias must be a constant")
        }
        guard let outputs = checkedProduct([m, oh, ow]), outputs <= maximumDimension else { throw fail(node, "result too large") }
        let constantTerm = (0..<outputs).map { bias[$0 / (oh * ow)] }
        return try checkedMap(node, x, outputs: outputs, shape: [1, m, oh, ow], terms: { o in
            let mo = o / (oh * ow), r = o % (oh * ow), y0 = r / ow, x0 = r % ow
            var terms: [(Int, Double)] = []
            terms.reserveCapacity(c * kh * kw)
            for ci in 0..<c {
                for i in 0..<kh {
                    let yy = y0 * strides[0] - pads[0] + i * dilations[0]
                    if yy < 0 || yy >= h { continue }
                    for j in 0..<kw {
                        let xx = x0 * strides[1] - pads[1] + j * dilations[1]
                        if xx < 0 || xx >= wd { continue }
                        terms.append(((ci * h + yy) * wd + xx, w.values[((mo * c + ci) * kh + i) * kw + j]))
                    }
                }
            }
            return terms
        }, constant: constantTerm)
    }
}

extension NeuralNetwork {
    /// Reads a network from an ONNX file (the subset described in the Neural README). Throws a
    /// ``NeuralInputError`` naming the file (and the node and operator) when the file is corrupt or uses
    /// something unsupported.
    public init(contentsOf url: URL) throws {
        self = try ONNXReader.read(contentsOf: url)
    }

    /// Reads a network from the bytes of an ONNX file; `name` is used in messages.
    public init(onnxBytes: [UInt8], name: String = "network.onnx") throws {
        self = try ONNXReader.read(bytes: onnxBytes, file: name)
    }
}
