import Foundation
import Testing
@testable import SwiftMIP

@Suite struct VerifierTests {
    /// y = relu(x0 − x1) + relu(x1 − x0) = |x0 − x1| on [0, 1]²: the maximum is exactly 1.
    static func absoluteDifference() throws -> NeuralNetwork {
        let hidden = try Layer(inputSize: 2, outputSize: 2, weights: [1, -1, -1, 1], bias: [0, 0], activation: .relu)
        let out = try Layer(inputSize: 2, outputSize: 1, weights: [1, 1], bias: [0], activation: .identity)
        return try NeuralNetwork(layers: [hidden, out], name: "absdiff")
    }

    /// The property "y ≥ threshold" on [0, 1]² (violation form: −y ≤ −threshold).
    static func atLeast(_ threshold: Double) -> VNNProperty {
        let c = OutputConstraint(outputs: [0], coefficients: [-1], rhs: -threshold)
        return VNNProperty(inputCount: 2, outputCount: 1,
                           regions: [.init(inputLower: [0, 0], inputUpper: [1, 1], disjuncts: [[c]])])
    }

    static func options(_ strategy: Bool?, threads: Int = 1) -> VerificationOptions {
        VerificationOptions(timeLimit: 20, threads: threads, useInputSplitting: strategy)
    }

    /// Every sat answer must come with a point that is in the box and violates the property in Double.
    static func checkCounterexample(_ r: VerificationResult, _ net: NeuralNetwork, _ p: VNNProperty) {
        guard let ce = r.counterexample else { Issue.record("sat without a counterexample"); return }
        let y = net.evaluate(ce.input)
        #expect(p.isViolated(input: ce.input, output: y), "counterexample does not violate the property")
        #expect(p.regions[ce.region].contains(ce.input), "counterexample outside the box")
        #expect(ce.margin <= 0)
    }

    @Test func handBuiltNetworkBothStrategies() throws {
        let net = try Self.absoluteDifference()
        for strategy in [true, false] {
            for threads in [1, 2] {
                let unsat = verify(network: net, property: Self.atLeast(1.001), options: Self.options(strategy, threads: threads))
                #expect(unsat.verdict == .unsat, "strategy \(strategy) threads \(threads): \(unsat.verdict) \(unsat.note)")
                let sat = verify(network: net, property: Self.atLeast(0.999), options: Self.options(strategy, threads: threads))
                #expect(sat.verdict == .sat)
                if sat.verdict == .sat { Self.checkCounterexample(sat, net, Self.atLeast(0.999)) }
            }
        }
    }

    @Test func needsBranchingWithoutCounterexample() throws {
        // y ≤ −0.01 is impossible (y ≥ 0) but the root relaxation of a ReLU with l < 0 < u allows it only
        // through the input box, so the search must close it; the conjunction with y ≥ 0.5 too.
        let net = try Self.absoluteDifference()
        let neg = OutputConstraint(outputs: [0], coefficients: [1], rhs: -0.01)
        let both = [OutputConstraint(outputs: [0], coefficients: [-1], rhs: -0.6),
                    OutputConstraint(outputs: [0], coefficients: [1], rhs: 0.55)]
        let p = VNNProperty(inputCount: 2, outputCount: 1,
                            regions: [.init(inputLower: [0, 0], inputUpper: [1, 1], disjuncts: [[neg], both])])
        for strategy in [true, false] {
            let r = verify(network: net, property: p, options: Self.options(strategy))
            #expect(r.verdict == .unsat, "\(r.verdict) \(r.note)")
        }
    }

    @Test func cancelledRunIsTimeout() throws {
        let net = try Self.absoluteDifference()
        let token = CancellationToken()
        token.cancel()
        var o = Self.options(nil)
        o.cancellation = token
        let r = verify(network: net, property: Self.atLeast(1.001), options: o)
        #expect(r.verdict == .timeout || r.verdict == .unsat)
    }

    @Test func counterexampleText() {
        let ce = VerificationCounterexample(input: [0.5, -1], output: [2.25], region: 0, disjunct: 0, margin: -1)
        #expect(ce.vnnText == "((X_0 0.5)\n (X_1 -1.0)\n (Y_0 2.25))\n")
        let parsed = try? VNNCounterexample(text: "sat\n" + ce.vnnText)
        #expect(parsed?.inputs == [0.5, -1])
        #expect(parsed?.outputs == [2.25])
    }

    @Test func float32PointStaysInBox() {
        let lo = [0.1, -0.30353115613746867, 0.49999999998567607]
        let hi = [0.1, -0.29855281193475053, 0.5]
        let p = float32Point([0.1, -0.3, 0.6], lower: lo, upper: hi)
        for i in p.indices { #expect(p[i] >= lo[i] && p[i] <= hi[i]) }
        #expect(Double(Float(p[1])) == p[1])
    }

    // MARK: - Shared data (skipped when ../shared is absent)

    static func load(_ onnx: String, _ vnnlib: String) throws -> (NeuralNetwork, VNNProperty)? {
        guard let nn = NeuralTestData.nn else { return nil }
        let net = try NeuralNetwork(contentsOf: nn.appendingPathComponent(onnx))
        let prop = try VNNProperty(contentsOf: nn.appendingPathComponent(vnnlib))
        return (net, prop)
    }

    /// The reference verdict of `results/reference.csv` for an instance (paths there are relative to the
    /// benchmark folder named in the first column).
    static func reference(_ onnx: String, _ vnnlib: String) -> String? {
        guard let nn = NeuralTestData.nn,
              let text = try? String(contentsOf: nn.appendingPathComponent("results/reference.csv"), encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            if f.count > 4 && "\(f[0])/\(f[1])" == onnx && "\(f[0])/\(f[2])" == vnnlib { return String(f[4]) }
        }
        return nil
    }

    @Test(.enabled(if: TestPaths.hasShared)) func sanityInstances() throws {
        let cases: [(String, String, VerificationVerdict)] = [
            ("extra/test/test_nano.onnx", "extra/test/test_nano.vnnlib", .unsat),
            ("extra/test/test_tiny.onnx", "extra/test/test_tiny.vnnlib", .unsat),
            ("extra/test/test_small.onnx", "extra/test/test_small.vnnlib", .unsat),
            ("extra/test/test_sat.onnx", "extra/test/test_prop.vnnlib", .sat),
            ("extra/test/test_unsat.onnx", "extra/test/test_prop.vnnlib", .unsat),
        ]
        for (onnx, vnnlib, expected) in cases {
            guard let (net, prop) = try Self.load(onnx, vnnlib) else { return }
            let r = verify(network: net, property: prop, options: VerificationOptions(timeLimit: 30, threads: 2))
            #expect(r.verdict == expected, "\(onnx): \(r.verdict) \(r.note)")
            if r.verdict == .sat { Self.checkCounterexample(r, net, prop) }
        }
    }

    @Test(.enabled(if: TestPaths.hasShared)) func acasXuMatchesReference() throws {
        // One found by branching (1-2 prop 2), one by the attack (4-5 prop 2), two proofs.
        let cases = [("acasxu/onnx/ACASXU_run2a_1_2_batch_2000.onnx", "acasxu/vnnlib/prop_2.vnnlib"),
                     ("acasxu/onnx/ACASXU_run2a_4_5_batch_2000.onnx", "acasxu/vnnlib/prop_2.vnnlib"),
                     ("acasxu/onnx/ACASXU_run2a_1_1_batch_2000.onnx", "acasxu/vnnlib/prop_1.vnnlib"),
                     ("acasxu/onnx/ACASXU_run2a_3_3_batch_2000.onnx", "acasxu/vnnlib/prop_4.vnnlib")]
        for (onnx, vnnlib) in cases {
            guard let (net, prop) = try Self.load(onnx, vnnlib) else { return }
            let expected = Self.reference(onnx, vnnlib)
            let r = verify(network: net, property: prop, options: VerificationOptions(timeLimit: 60, threads: 2))
            #expect(r.verdict.rawValue == expected, "\(onnx) \(vnnlib): \(r.verdict), reference \(expected ?? "-")")
            if r.verdict == .sat {
                Self.checkCounterexample(r, net, prop)
                try Self.pythonCheck(onnx, vnnlib, r)
            }
        }
    }

    /// Runs ../shared/nn/tools/check_counterexample.py when python3 with onnxruntime is present.
    static func pythonCheck(_ onnx: String, _ vnnlib: String, _ r: VerificationResult) throws {
        guard let nn = NeuralTestData.nn, let ce = r.counterexample else { return }
        func run(_ args: [String]) -> Int32? {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = args
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            do { try p.run() } catch { return nil }
            p.waitUntilExit()
            return p.terminationStatus
        }
        guard run(["python3", "-c", "import onnxruntime, numpy"]) == 0 else { return }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("swiftmip-ce-\(UUID().uuidString).txt")
        try ("sat\n" + ce.vnnText).write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let status = run(["python3", nn.appendingPathComponent("tools/check_counterexample.py").path,
                          nn.appendingPathComponent(onnx).path, nn.appendingPathComponent(vnnlib).path, file.path])
        #expect(status == 0, "check_counterexample.py rejected the counterexample of \(onnx) \(vnnlib)")
    }
}
