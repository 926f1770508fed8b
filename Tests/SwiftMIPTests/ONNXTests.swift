import Foundation
import Testing
@testable import SwiftMIP

/// Shared helpers for the neural tests: the benchmark folder and the forward-check rows.
enum NeuralTestData {
    static var nn: URL? { TestPaths.shared?.appendingPathComponent("nn") }

    /// Every file under ../shared/nn with the given extension, sorted.
    static func files(_ ext: String) -> [URL] {
        guard let nn, let e = FileManager.default.enumerator(at: nn, includingPropertiesForKeys: nil) else { return [] }
        var out: [URL] = []
        for case let url as URL in e where url.pathExtension == ext { out.append(url) }
        return out.sorted { $0.path < $1.path }
    }

    struct ForwardCheck {
        let onnx: String, vnnlib: String, point: Int
        let inputs: [Double], outputs32: [Double], outputs64: [Double]
    }

    static let forwardChecks: [ForwardCheck] = {
        guard let nn, let text = try? String(contentsOf: nn.appendingPathComponent("forward_checks.csv"), encoding: .utf8) else { return [] }
        var rows: [ForwardCheck] = []
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 6 else { continue }
            let nums = { (s: String) in s.split(separator: " ").compactMap { Double($0) } }
            rows.append(ForwardCheck(onnx: f[0], vnnlib: f[1], point: Int(f[2]) ?? 0, inputs: nums(f[3]),
                                     outputs32: nums(f[4]), outputs64: nums(f[5])))
        }
        return rows
    }()

    /// Networks are loaded once per test process.
    static let networkCache = NetworkCache()
    final class NetworkCache: @unchecked Sendable {
        private var cache: [String: NeuralNetwork] = [:]
        private let lock = NSLock()
        func network(_ relative: String) throws -> NeuralNetwork {
            lock.lock(); defer { lock.unlock() }
            if let n = cache[relative] { return n }
            guard let nn else { throw NeuralInputError(file: relative, line: nil, message: "no shared data") }
            let n = try NeuralNetwork(contentsOf: nn.appendingPathComponent(relative))
            cache[relative] = n
            return n
        }
    }
}

@Suite struct ONNXTests {
    @Test(.enabled(if: TestPaths.hasShared)) func everyONNXFileLoads() throws {
        let files = NeuralTestData.files("onnx")
        #expect(files.count >= 50)
        for url in files {
            // Every network of the folder is in the supported subset (the oval21 ones through Conv).
            let net = try NeuralNetwork(contentsOf: url)
            #expect(net.layers.count >= 1, "\(url.lastPathComponent)")
        }
    }

    @Test(.enabled(if: TestPaths.hasShared)) func convolutionalNetworksMatchOnnxruntimeFloat32() throws {
        var checked = 0
        var worst = 0.0
        for r in NeuralTestData.forwardChecks where r.outputs64.isEmpty {
            let net = try NeuralTestData.networkCache.network(r.onnx)
            let y = net.evaluate(r.inputs)
            let scale = max(1, r.outputs32.map(abs).max() ?? 0)
            for j in y.indices { worst = max(worst, abs(y[j] - r.outputs32[j]) / scale) }
            checked += 1
        }
        // onnxruntime has no float64 Conv kernel: compare with its float32 outputs.
        #expect(checked >= 15)
        #expect(worst <= 1e-5, "largest relative difference \(worst)")
    }

    @Test(.enabled(if: TestPaths.hasShared)) func architecturesMatchFormatsDocument() throws {
        let acas = try NeuralTestData.networkCache.network("acasxu/onnx/ACASXU_run2a_1_1_batch_2000.onnx")
        #expect(acas.layers.map(\.outputSize) == [50, 50, 50, 50, 50, 50, 5])
        #expect(acas.reluCount == 300 && acas.inputSize == 5)
        let mnist = try NeuralTestData.networkCache.network("mnistfc/onnx/mnist-net_256x4.onnx")
        #expect(mnist.inputSize == 784 && mnist.outputSize == 10 && mnist.reluCount == 1024)
        let conv = try NeuralTestData.networkCache.network("extra/oval21/onnx/cifar_deep_kw.onnx")
        #expect(conv.layers.map(\.outputSize) == [2048, 2048, 2048, 512, 100, 10] && conv.inputSize == 3072)
        let nano = try NeuralTestData.networkCache.network("extra/test/test_nano.onnx")
        #expect(nano.inputSize == 1 && nano.evaluate([2]) == [1])   // relu(0.5 x)
    }

    @Test(.enabled(if: TestPaths.hasShared)) func forwardPassMatchesOnnxruntime() throws {
        let rows = NeuralTestData.forwardChecks
        #expect(rows.count >= 280)
        var checked = 0
        var byNet: [String: [NeuralTestData.ForwardCheck]] = [:]
        for r in rows where !r.outputs64.isEmpty { byNet[r.onnx, default: []].append(r) }
        for (onnx, group) in byNet {
            let net = try NeuralTestData.networkCache.network(onnx)
            let batch = net.evaluateBatch(group.flatMap(\.inputs), count: group.count)
            #expect(batch.count == group.count * net.outputSize)
            for (p, r) in group.enumerated() {
                let y = net.evaluate(r.inputs)
                let scale = max(1, r.outputs64.map(abs).max() ?? 0)
                for j in 0..<net.outputSize {
                    #expect(abs(y[j] - r.outputs64[j]) <= 1e-9 * scale, "\(onnx) point \(r.point) output \(j)")
                    #expect(abs(y[j] - r.outputs32[j]) <= 1e-5 * scale, "\(onnx) point \(r.point) output \(j)")
                    #expect(batch[p * net.outputSize + j] == y[j])
                }
                checked += 1
            }
        }
        #expect(checked >= 250)
    }

    @Test func hiddenLayersByHand() throws {
        // y = relu(2 x0 - x1 + 1) - 3
        let l1 = try Layer(inputSize: 2, outputSize: 1, weights: [2, -1], bias: [1], activation: .relu)
        let l2 = try Layer(inputSize: 1, outputSize: 1, weights: [1], bias: [-3], activation: .identity)
        let net = try NeuralNetwork(layers: [l1, l2])
        #expect(net.evaluate([1, 1]) == [-1])
        #expect(net.evaluate([-1, 1]) == [-3])
        #expect(net.evaluateBatch([1, 1, -1, 1], count: 2) == [-1, -3])
        #expect(throws: NeuralInputError.self) { try Layer(inputSize: 2, outputSize: 1, weights: [1], bias: [0], activation: .relu) }
    }

    @Test(.enabled(if: TestPaths.hasShared)) func gradientMatchesFiniteDifferences() throws {
        for onnx in ["acasxu/onnx/ACASXU_run2a_2_3_batch_2000.onnx", "extra/oval21/onnx/cifar_base_kw.onnx"] {
            let net = try NeuralTestData.networkCache.network(onnx)
            var g = SplitMix64(seed: 4)
            let c = (0..<net.outputSize).map { _ in g.nextUnit() - 0.5 }
            let x = (0..<net.inputSize).map { _ in g.nextUnit() * 0.5 }
            let (value, gradient) = net.gradient(of: c, at: x)
            let f = { (x: [Double]) in zip(c, net.evaluate(x)).reduce(0) { $0 + $1.0 * $1.1 } }
            #expect(abs(value - f(x)) < 1e-12)
            for i in stride(from: 0, to: net.inputSize, by: max(1, net.inputSize / 7)) {
                var xp = x, xm = x
                let h = 1e-6
                xp[i] += h
                xm[i] -= h
                let fd = (f(xp) - f(xm)) / (2 * h)
                #expect(abs(fd - gradient[i]) <= 1e-5 * max(1, abs(fd)), "\(onnx) input \(i): \(fd) vs \(gradient[i])")
            }
        }
    }

    @Test func protobufPrimitives() throws {
        var r = ProtobufReader([0x96, 0x01, 0x0d, 0x00, 0x00, 0x80, 0x3f, 0x12, 0x02, 0x08, 0x05])
        #expect(try r.readVarint() == 150)
        let (f, w) = try r.readKey()
        #expect(f == 1 && w == .fixed32)
        #expect(try r.readFloat() == 1)
        let (f2, w2) = try r.readKey()
        #expect(f2 == 2 && w2 == .lengthDelimited)
        var sub = try r.readMessage()
        #expect(r.isAtEnd)
        let (f3, w3) = try sub.readKey()
        var values: [Int64] = []
        try sub.readRepeatedInt64(w3, into: &values)
        #expect(f3 == 1 && values == [5] && sub.isAtEnd)
        var packed = ProtobufReader([0x03, 0x01, 0x96, 0x01])   // packed [1, 150]
        try packed.readRepeatedInt64(.lengthDelimited, into: &values)
        #expect(values == [5, 1, 150])
        var truncated = ProtobufReader([0x96])
        #expect(throws: ProtobufError.self) { try truncated.readVarint() }
        var long = ProtobufReader([UInt8](repeating: 0xff, count: 11))
        #expect(throws: ProtobufError.self) { try long.readVarint() }
        var badLength = ProtobufReader([0x0a, 0x05, 0x01])
        _ = try badLength.readKey()
        #expect(throws: ProtobufError.self) { try badLength.readMessage() }
        var group = ProtobufReader([0x0b, 0x10, 0x01, 0x0c, 0x18, 0x02])   // group 1 { field 2 = 1 }, field 3 = 2
        let (gf, gw) = try group.readKey()
        try group.skip(gw, field: gf)
        #expect(try group.readKey().field == 3)
    }

    @Test func handBuiltOnnxWithNormalisationAndGemm() throws {
        // input x[1,2] → Sub(mean) → Div(std) → Gemm(W[3,2], b, transB=1) → Relu → MatMul(W2[3,1]) → Add(b2)
        let bytes = TinyONNX.model(nodes: [
            TinyONNX.node("Sub", ["x", "mean"], "a"),
            TinyONNX.node("Div", ["a", "std"], "b"),
            TinyONNX.node("Gemm", ["b", "W", "c"], "g", attributes: [TinyONNX.intAttribute("transB", 1), TinyONNX.floatAttribute("alpha", 2)]),
            TinyONNX.node("Relu", ["g"], "r"),
            TinyONNX.node("MatMul", ["r", "W2"], "m"),
            TinyONNX.node("Add", ["m", "b2"], "y"),
        ], initializers: [
            TinyONNX.tensor("mean", [2], [1, -1]),
            TinyONNX.tensor("std", [2], [2, 4], packed: true),
            TinyONNX.tensor("W", [3, 2], [1, 0, 0, 1, 1, -1]),
            TinyONNX.tensor("c", [3], [0, 0.5, -1]),
            TinyONNX.tensor("W2", [3, 1], [1, -1, 2]),
            TinyONNX.tensor("b2", [1], [0.25]),
        ], input: ("x", [1, 2]), output: "y")
        let net = try NeuralNetwork(onnxBytes: bytes)
        #expect(net.layers.count == 2)
        func reference(_ x: [Double]) -> Double {
            let n = [(x[0] - 1) / 2, (x[1] + 1) / 4]
            let g = [2 * n[0], 2 * n[1] + 0.5, 2 * (n[0] - n[1]) - 1].map { max(0, $0) }
            return g[0] - g[1] + 2 * g[2] + 0.25
        }
        for x in [[0.0, 0.0], [3, -2], [5, 1], [-1, 7]] {
            #expect(abs(net.evaluate(x)[0] - reference(x)) < 1e-12)
        }
        // An unsupported operator is named with its node.
        let bad = TinyONNX.model(nodes: [TinyONNX.node("Sigmoid", ["x"], "y", name: "act1")], initializers: [],
                                 input: ("x", [1, 2]), output: "y")
        do {
            _ = try NeuralNetwork(onnxBytes: bad, name: "bad.onnx")
            Issue.record("Sigmoid should be refused")
        } catch let e as NeuralInputError {
            #expect(e.description.contains("Sigmoid") && e.description.contains("act1") && e.description.contains("bad.onnx"))
        }
        let badAttribute = TinyONNX.model(nodes: [
            TinyONNX.node("Flatten", ["x"], "y", attributes: [TinyONNX.intAttribute("axis", 1), TinyONNX.intAttribute("foo", 2)])],
            initializers: [], input: ("x", [1, 2]), output: "y")
        #expect(throws: NeuralInputError.self) { try NeuralNetwork(onnxBytes: badAttribute) }
    }

    static func convModel() -> [UInt8] {
        // x[1,1,4,4] → Conv(W[2,1,2,2], b[2], stride 2, pads 1) → [1,2,3,3] → Relu → Reshape([1,-1]) → MatMul(W2[18,1])
        let ints = { (name: String, v: [Int]) -> [UInt8] in
            TinyONNX.stringField(1, name) + v.flatMap { TinyONNX.key(8, 0) + TinyONNX.varint(UInt64($0)) } + TinyONNX.key(20, 0) + TinyONNX.varint(7)
        }
        var shape = TinyONNX.key(1, 0) + TinyONNX.varint(2) + TinyONNX.key(2, 0) + TinyONNX.varint(7)
        shape += TinyONNX.stringField(8, "shape") + TinyONNX.bytesField(9, [1, -1].flatMap { (v: Int64) in withUnsafeBytes(of: v.littleEndian) { Array($0) } })
        return TinyONNX.model(nodes: [
            TinyONNX.node("Conv", ["x", "W", "b"], "c", attributes: [ints("kernel_shape", [2, 2]), ints("strides", [2, 2]), ints("pads", [1, 1, 1, 1])]),
            TinyONNX.node("Relu", ["c"], "r"),
            TinyONNX.node("Reshape", ["r", "shape"], "f"),
            TinyONNX.node("MatMul", ["f", "W2"], "y"),
        ], initializers: [
            TinyONNX.tensor("W", [2, 1, 2, 2], [1, -1, 0.5, 2, -1, 1, 1, -0.5]),
            TinyONNX.tensor("b", [2], [0.1, -0.2]),
            shape,
            TinyONNX.tensor("W2", [18, 1], (0..<18).map { Float($0 % 5) - 2 }),
        ], input: ("x", [1, 1, 4, 4]), output: "y")
    }

    @Test func handBuiltConvolution() throws {
        let net = try NeuralNetwork(onnxBytes: Self.convModel())
        #expect(net.layers.map(\.outputSize) == [18, 1])
        let w: [Double] = [1, -1, 0.5, 2, -1, 1, 1, -0.5], b = [Double(Float(0.1)), Double(Float(-0.2))]
        var g = SplitMix64(seed: 9)
        for _ in 0..<20 {
            let x = (0..<16).map { _ in g.nextUnit() * 2 - 1 }
            var y = 0.0
            for m in 0..<2 {
                for oy in 0..<3 {
                    for ox in 0..<3 {
                        var s = b[m]
                        for i in 0..<2 {
                            for j in 0..<2 {
                                let yy = oy * 2 - 1 + i, xx = ox * 2 - 1 + j
                                if yy >= 0 && yy < 4 && xx >= 0 && xx < 4 { s += w[m * 4 + i * 2 + j] * x[yy * 4 + xx] }
                            }
                        }
                        y += max(0, s) * (Double((m * 9 + oy * 3 + ox) % 5) - 2)
                    }
                }
            }
            #expect(abs(net.evaluate(x)[0] - y) < 1e-12)
        }
    }

    @Test func bitFlippedHandBuiltModelsGiveErrorsNotCrashes() throws {
        var g = SplitMix64(seed: 21)
        for bytes in [Self.convModel()] {
            for _ in 0..<3000 {
                var flipped = bytes
                for _ in 0..<(1 + Int(g.next() % 4)) {
                    let position = Int(g.next() % UInt64(bytes.count))
                    if g.next() % 4 == 0 { flipped[position] = UInt8(truncatingIfNeeded: g.next()) } else { flipped[position] ^= UInt8(1 << (g.next() % 8)) }
                }
                if let net = try? NeuralNetwork(onnxBytes: flipped) {
                    _ = net.evaluate([Double](repeating: 0.5, count: net.inputSize))
                }
            }
        }
    }

    @Test(.enabled(if: TestPaths.hasShared)) func truncatedAndBitFlippedFilesGiveErrorsNotCrashes() throws {
        guard let nn = NeuralTestData.nn else { return }
        let candidates = ["extra/test/test_small.onnx", "extra/test/test_nano.onnx",
                          "acasxu/onnx/ACASXU_run2a_1_1_batch_2000.onnx"]
        var generator = SplitMix64(seed: 7)
        for relative in candidates {
            let bytes = [UInt8](try Data(contentsOf: nn.appendingPathComponent(relative)))
            // Every truncation length for the small files, a sample for the big one.
            let step = max(1, bytes.count / 400)
            for length in stride(from: 0, to: bytes.count, by: step) {
                do {
                    _ = try NeuralNetwork(onnxBytes: Array(bytes[..<length]), name: relative)
                    // A truncation that happens to end on a field boundary may still form a valid graph.
                } catch is NeuralInputError {}
            }
            for _ in 0..<300 {
                var flipped = bytes
                for _ in 0..<(1 + Int(generator.next() % 3)) {
                    let position = Int(generator.next() % UInt64(bytes.count))
                    flipped[position] ^= UInt8(1 << (generator.next() % 8))
                }
                do {
                    let net = try NeuralNetwork(onnxBytes: flipped, name: relative)
                    _ = net.evaluate([Double](repeating: 0.1, count: net.inputSize))
                } catch is NeuralInputError {}
            }
        }
    }
}


/// Writes small ONNX files for tests (protobuf encoding by hand).
enum TinyONNX {
    static func varint(_ v: UInt64) -> [UInt8] {
        var v = v, out: [UInt8] = []
        repeat {
            var b = UInt8(v & 0x7f)
            v >>= 7
            if v != 0 { b |= 0x80 }
            out.append(b)
        } while v != 0
        return out
    }
    static func key(_ field: Int, _ wire: Int) -> [UInt8] { varint(UInt64(field << 3 | wire)) }
    static func bytesField(_ field: Int, _ payload: [UInt8]) -> [UInt8] { key(field, 2) + varint(UInt64(payload.count)) + payload }
    static func stringField(_ field: Int, _ s: String) -> [UInt8] { bytesField(field, Array(s.utf8)) }
    static func float32(_ f: Float) -> [UInt8] { withUnsafeBytes(of: f.bitPattern.littleEndian) { Array($0) } }

    static func tensor(_ name: String, _ dims: [Int], _ values: [Float], packed: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        for d in dims { out += key(1, 0) + varint(UInt64(d)) }
        out += key(2, 0) + varint(1)
        if packed {
            out += bytesField(4, values.flatMap(float32))
        }
        out += stringField(8, name)
        if !packed { out += bytesField(9, values.flatMap(float32)) }
        return out
    }
    static func intAttribute(_ name: String, _ v: Int) -> [UInt8] {
        stringField(1, name) + key(3, 0) + varint(UInt64(v)) + key(20, 0) + varint(2)
    }
    static func floatAttribute(_ name: String, _ v: Float) -> [UInt8] {
        stringField(1, name) + key(2, 5) + float32(v) + key(20, 0) + varint(1)
    }
    static func node(_ op: String, _ inputs: [String], _ output: String, name: String? = nil, attributes: [[UInt8]] = []) -> [UInt8] {
        var out: [UInt8] = []
        for i in inputs { out += stringField(1, i) }
        out += stringField(2, output)
        if let name { out += stringField(3, name) }
        out += stringField(4, op)
        for a in attributes { out += bytesField(5, a) }
        return out
    }
    static func valueInfo(_ name: String, _ shape: [Int]) -> [UInt8] {
        var dims: [UInt8] = []
        for d in shape { dims += bytesField(1, key(1, 0) + varint(UInt64(d))) }
        let tensorType = key(1, 0) + varint(1) + bytesField(2, dims)
        return stringField(1, name) + bytesField(2, bytesField(1, tensorType))
    }
    static func model(nodes: [[UInt8]], initializers: [[UInt8]], input: (String, [Int]), output: String) -> [UInt8] {
        var graph: [UInt8] = []
        for n in nodes { graph += bytesField(1, n) }
        graph += stringField(2, "g")
        for t in initializers { graph += bytesField(5, t) }
        graph += bytesField(11, valueInfo(input.0, input.1))
        graph += bytesField(12, valueInfo(output, []))
        return key(1, 0) + varint(7) + bytesField(7, graph) + bytesField(8, key(2, 0) + varint(13))
    }
}
