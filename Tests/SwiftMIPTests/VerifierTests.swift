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
        try Self.checkAgainstReference(cases)
    }

    /// Verifies each (onnx, vnnlib) with the default options and compares with the reference verdict;
    /// counterexamples are forward-checked (and by check_counterexample.py when onnxruntime is present).
    static func checkAgainstReference(_ cases: [(String, String)], timeLimit: Double = 60) throws {
        for (onnx, vnnlib) in cases {
            guard let (net, prop) = try Self.load(onnx, vnnlib) else { return }
            let expected = Self.reference(onnx, vnnlib)
            let r = verify(network: net, property: prop, options: VerificationOptions(timeLimit: timeLimit, threads: 2))
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

/// alpha-CROWN on the property rows, input-split lookahead (branch `verify`, issue #7).
@Suite struct Ver2AlphaTests {
    /// A random 4-input, 3×8-ReLU, 3-output network (weights in [−1, 1]).
    static func randomNetwork(seed: UInt64) throws -> NeuralNetwork {
        var rng = SplitMix64(seed: seed)
        var layers: [Layer] = []
        let sizes = [4, 8, 8, 8, 3]
        for k in 0..<(sizes.count - 1) {
            let w = (0..<(sizes[k] * sizes[k + 1])).map { _ in Double.random(in: -1...1, using: &rng) }
            let b = (0..<sizes[k + 1]).map { _ in Double.random(in: -0.5...0.5, using: &rng) }
            layers.append(try Layer(inputSize: sizes[k], outputSize: sizes[k + 1], weights: w, bias: b,
                                    activation: k == sizes.count - 2 ? .identity : .relu))
        }
        return try NeuralNetwork(layers: layers, name: "random\(seed)")
    }

    /// Rows Y_1 − Y_0 ≤ 0 and Y_2 − Y_0 ≤ 0 (one conjunction), Y_0 ≤ −1 (another).
    static func property() -> VNNProperty {
        let r1 = OutputConstraint(outputs: [1, 0], coefficients: [1, -1], rhs: 0)
        let r2 = OutputConstraint(outputs: [2, 0], coefficients: [1, -1], rhs: 0)
        let r3 = OutputConstraint(outputs: [0], coefficients: [1], rhs: -1)
        return VNNProperty(inputCount: 4, outputCount: 3,
                           regions: [.init(inputLower: [-1, -1, -1, -1], inputUpper: [1, 1, 1, 1], disjuncts: [[r1, r2], [r3]])])
    }

    @Test func optimisedSlopesAreSoundAndNoWorse() throws {
        let prop = Self.property()
        var improved = 0
        for seed in UInt64(1)...8 {
            let net = try Self.randomNetwork(seed: seed)
            let spec = RegionSpec(region: 0, prop.regions[0], outputCount: 3)
            let b = try net.bounds(inputLower: spec.inputLower, inputUpper: spec.inputUpper, method: .symbolic)
            let rows = Array(0..<spec.rowCount)
            let crown = net.specificationBounds(spec, rows: rows, bounds: b, lower: spec.inputLower, upper: spec.inputUpper)
            let (opt, store) = net.alphaSpecificationBounds(spec, rows: rows, bounds: b, lower: spec.inputLower,
                                                            upper: spec.inputUpper, start: AlphaStore(),
                                                            baselineLower: crown.lower, options: AlphaOptions(iterations: 20))
            #expect(store.rows.count == rows.count)
            // Random slopes in [0, 1] must give sound bounds too.
            var rng = SplitMix64(seed: seed &* 31)
            let layout = ReLULayout(net)
            let randomAlpha = (0..<(rows.count * layout.count)).map { _ in Double.random(in: 0...1, using: &rng) }
            let rnd = net.specificationBounds(spec, rows: rows, bounds: b, lower: spec.inputLower, upper: spec.inputUpper,
                                              alpha: randomAlpha, relu: layout)
            for t in rows {
                #expect(opt.lower[t] >= crown.lower[t], "seed \(seed) row \(t): \(opt.lower[t]) < CROWN \(crown.lower[t])")
                if opt.lower[t] > crown.lower[t] + 1e-9 { improved += 1 }
            }
            // Sampled points (and the corners of each row's linear function) are never below the bounds.
            for _ in 0..<300 {
                let x = (0..<4).map { _ in Double.random(in: -1...1, using: &rng) }
                let v = spec.values(net.evaluate(x))
                for t in rows {
                    #expect(v[t] >= opt.lower[t] && v[t] >= rnd.lower[t], "seed \(seed) row \(t): value \(v[t]) below bound")
                    var lin = opt.constant[t] - opt.margin[t]
                    for q in 0..<4 { lin += opt.coefficients[t * 4 + q] * x[q] }
                    #expect(v[t] >= lin, "seed \(seed) row \(t): value \(v[t]) below the linear lower function \(lin)")
                }
            }
        }
        #expect(improved > 0, "alpha-CROWN never improved on CROWN")
    }

    /// On six random networks, every option set gives a definite verdict, the same one, and every `sat`
    /// carries a confirmed counterexample.
    static func expectVerdictsAgree(_ settings: [VerificationOptions]) throws {
        let prop = property()
        for seed in UInt64(1)...6 {
            let net = try randomNetwork(seed: seed)
            var verdicts: Set<VerificationVerdict> = []
            for o in settings {
                let r = verify(network: net, property: prop, options: o)
                #expect(r.verdict == .sat || r.verdict == .unsat, "seed \(seed): \(r.verdict) \(r.note)")
                if r.verdict == .sat { VerifierTests.checkCounterexample(r, net, prop) }
                verdicts.insert(r.verdict)
            }
            #expect(verdicts.count == 1, "seed \(seed): verdicts differ \(verdicts)")
        }
    }

    @Test func verdictsAgreeAcrossSettings() throws {
        // The same verdicts with alpha on/off and lookahead on/off, on both strategies.
        try Self.expectVerdictsAgree([(0, 1, true), (8, 3, true), (0, 1, false), (8, 1, false)].map { alpha, look, input in
            var o = VerificationOptions(timeLimit: 20, threads: 2, useInputSplitting: input)
            o.alphaIterations = alpha
            o.inputLookahead = look
            return o
        })
    }

    @Test(.enabled(if: TestPaths.hasShared)) func sanityInstancesWithoutAlphaOrLookahead() throws {
        let cases: [(String, String, VerificationVerdict)] = [
            ("extra/test/test_small.onnx", "extra/test/test_small.vnnlib", .unsat),
            ("extra/test/test_sat.onnx", "extra/test/test_prop.vnnlib", .sat),
            ("extra/test/test_unsat.onnx", "extra/test/test_prop.vnnlib", .unsat),
        ]
        for (onnx, vnnlib, expected) in cases {
            guard let (net, prop) = try VerifierTests.load(onnx, vnnlib) else { return }
            var o = VerificationOptions(timeLimit: 30, threads: 2)
            o.alphaIterations = 0
            o.inputLookahead = 1
            let r = verify(network: net, property: prop, options: o)
            #expect(r.verdict == expected, "\(onnx): \(r.verdict) \(r.note)")
            if r.verdict == .sat { VerifierTests.checkCounterexample(r, net, prop); try VerifierTests.pythonCheck(onnx, vnnlib, r) }
        }
    }

    @Test(.enabled(if: TestPaths.hasShared)) func formerAcasTimeoutsAreDecided() throws {
        // 1-4 prop 1 timed out without the lookahead (unsat); 1-9 prop 7 (sat) is found by branching.
        let cases = [("acasxu/onnx/ACASXU_run2a_1_4_batch_2000.onnx", "acasxu/vnnlib/prop_1.vnnlib"),
                     ("acasxu/onnx/ACASXU_run2a_1_9_batch_2000.onnx", "acasxu/vnnlib/prop_7.vnnlib")]
        try VerifierTests.checkAgainstReference(cases)
    }
}
