import Foundation
import Testing
@testable import SwiftMIP

@Suite struct EncoderTests {
    /// Forward-check rows grouped by (onnx, vnnlib).
    static var instances: [(onnx: String, vnnlib: String, points: [[Double]])] {
        var order: [String] = []
        var groups: [String: (String, String, [[Double]])] = [:]
        for r in NeuralTestData.forwardChecks {
            let key = r.onnx + "|" + r.vnnlib
            if groups[key] == nil { order.append(key); groups[key] = (r.onnx, r.vnnlib, []) }
            groups[key]?.2.append(r.inputs)
        }
        return order.compactMap { groups[$0] }.map { (onnx: $0.0, vnnlib: $0.1, points: $0.2) }
    }

    @Test(.enabled(if: TestPaths.hasShared)) func encodingIsExactAtForwardCheckPoints() throws {
        guard let nn = NeuralTestData.nn else { return }
        var checkedInside = 0, checkedViolating = 0
        // Every ACAS Xu net is the same shape, so every 4th suffices; one conv net (the encodings of the
        // larger ones take seconds to build).
        for (n, instance) in Self.instances.enumerated()
        where (!instance.onnx.hasPrefix("acasxu") || n % 4 == 0) && (!instance.onnx.contains("oval21") || instance.onnx.contains("base")) {
            let net = try NeuralTestData.networkCache.network(instance.onnx)
            let property = try VNNProperty(contentsOf: nn.appendingPathComponent(instance.vnnlib))
            let method: BoundMethod = n % 2 == 0 ? .symbolic : .interval
            let encoding = try net.encode(property: property, options: EncodingOptions(boundMethod: method))
            let networkOnly = try net.encode(bounds: encoding.bounds)
            for x in instance.points {
                let inside = property.regions.contains { $0.contains(x) }
                let y = net.evaluate(x)
                let violated = property.isViolated(input: x, output: y)
                let check = encoding.model.check(encoding.assignment(network: net, property: property, input: x))
                if inside {
                    checkedInside += 1
                    let plain = networkOnly.model.check(networkOnly.assignment(network: net, property: nil, input: x))
                    #expect(plain.isFeasible, "\(instance.onnx) \(instance.vnnlib): \(plain)")
                    #expect(check.isFeasible == violated, "\(instance.onnx) \(instance.vnnlib) violated=\(violated): \(check)")
                    if violated { checkedViolating += 1 }
                } else {
                    #expect(!check.isFeasible)
                }
                // A point pushed out of the box is rejected.
                var outside = x
                outside[0] = property.inputHullUpper[0] + 0.01 * max(1, abs(property.inputHullUpper[0]))
                #expect(!encoding.model.check(encoding.assignment(network: net, property: property, input: outside)).isFeasible)
            }
        }
        #expect(checkedInside > 40)
    }

    @Test(.enabled(if: TestPaths.hasShared)) func publishedCounterexamplesSatisfyTheEncoding() throws {
        guard let nn = NeuralTestData.nn else { return }
        for c in SampleCounterexamples.all {
            let ce = try VNNCounterexample(text: String(contentsOf: nn.appendingPathComponent(c.file), encoding: .utf8))
            let net = try NeuralTestData.networkCache.network(c.onnx)
            let property = try VNNProperty(contentsOf: nn.appendingPathComponent(c.vnnlib))
            let encoding = try net.encode(property: property)
            let values = encoding.assignment(network: net, property: property, input: ce.inputs)
            let y = net.evaluate(ce.inputs)
            // Strict counterexamples are accepted at the default tolerance; the nnenum one is only valid
            // within the VNN-COMP tolerance 1e-4 (README of sample_counterexamples).
            let strict = property.isViolated(input: ce.inputs, output: y)
            let tolerance = strict ? CheckTolerances() : CheckTolerances(primal: 1e-4)
            let check = encoding.model.check(values, tolerances: tolerance)
            #expect(check.isFeasible, "\(c.file): \(check)")
            // Against a property it does not violate (mnist 2022 counterexample against the 2021 set).
            if c.vnnlib.contains("vnnlib_2022") {
                let other = try VNNProperty(contentsOf: nn.appendingPathComponent(c.vnnlib.replacingOccurrences(of: "2022", with: "2021")))
                let e2 = try net.encode(property: other)
                #expect(!e2.model.check(e2.assignment(network: net, property: other, input: ce.inputs)).isFeasible)
            }
        }
    }

    @Test func smallNetworkModelShape() throws {
        // y0 = relu(x0 + x1) − relu(x0 − x1), y1 = relu(x0 + x1) over [−1, 1]²: both ReLUs unstable.
        let l1 = try Layer(inputSize: 2, outputSize: 3, weights: [1, 1, 1, -1, 1, 0], bias: [0, 0, 2], activation: .relu)
        let l2 = try Layer(inputSize: 3, outputSize: 2, weights: [1, -1, 0, 1, 0, 0], bias: [0, 0], activation: .identity)
        let net = try NeuralNetwork(layers: [l1, l2])
        let property = try VNNProperty(vnnlib: """
            (declare-const X_0 Real)(declare-const X_1 Real)(declare-const Y_0 Real)(declare-const Y_1 Real)
            (assert (>= X_0 -1))(assert (<= X_0 1))(assert (>= X_1 -1))(assert (<= X_1 1))
            (assert (or (and (>= Y_0 1.5)) (and (<= Y_1 Y_0) (>= Y_1 0.5))))
            """)
        let e = try net.encode(property: property, options: EncodingOptions(boundMethod: .interval, objective: .maximizeOutput(0)))
        #expect(e.reluIndicators.map { [$0.layer, $0.neuron] } == [[0, 0], [0, 1]])   // neuron 2 is stably active
        #expect(e.activationVariables[0][2] == e.preActivationVariables[0][2])
        #expect(e.disjunctIndicators.count == 2)
        #expect(e.model.sense == .maximize && e.model.numberOfIntegerVariables == 4)
        let margin = try net.encode(inputLower: [-1, -1], inputUpper: [1, 1],
                                    options: EncodingOptions(objective: .minimizeLinear(outputs: [0, 1], coefficients: [1, -1])))
        #expect(margin.model.sense == .minimize && margin.disjunctIndicators.isEmpty)
        let point = margin.assignment(network: net, property: nil, input: [0.3, -0.2])
        let yPoint = net.evaluate([0.3, -0.2])
        #expect(margin.model.check(point).isFeasible && abs(margin.model.objectiveValue(at: point) - (yPoint[0] - yPoint[1])) < 1e-12)
        #expect(throws: NeuralInputError.self) { try net.encode(inputLower: [-1, -1], inputUpper: [1, 1], options: EncodingOptions(objective: .maximizeOutput(5))) }
        for (x, expected) in [([1.0, 0.5], false), ([0.0, 0.0], false), ([1, 1], true), ([0.2, 0.4], true)] {
            let y = net.evaluate(x)
            #expect(property.isViolated(input: x, output: y) == expected)
            #expect(e.model.check(e.assignment(network: net, property: property, input: x)).isFeasible == expected, "\(x) → \(y)")
        }
    }

    @Test func multipleRegionsTieInputsToTheChosenBox() throws {
        let l1 = try Layer(inputSize: 1, outputSize: 1, weights: [1], bias: [0], activation: .relu)
        let net = try NeuralNetwork(layers: [l1, try Layer(inputSize: 1, outputSize: 1, weights: [1], bias: [0], activation: .identity)])
        let property = try VNNProperty(vnnlib: """
            (declare-const X_0 Real)(declare-const Y_0 Real)
            (assert (or (and (>= X_0 -2) (<= X_0 -1)) (and (>= X_0 1) (<= X_0 2))))
            (assert (>= Y_0 0.5))
            """)
        let e = try net.encode(property: property)
        #expect(e.disjunctIndicators.count == 2)
        for (x, expected) in [(1.5, true), (-1.5, false), (0.7, false), (2.5, false)] {
            #expect(e.model.check(e.assignment(network: net, property: property, input: [x])).isFeasible == expected, "\(x)")
        }
    }

    static var refsolve: URL? {
        guard let url = TestPaths.shared?.appendingPathComponent("tools/refsolve"),
              FileManager.default.isExecutableFile(atPath: url.path) else { return nil }
        return url
    }

    /// Writes the encoding as MPS and returns HiGHS's status word via ../shared/tools/refsolve.
    static func highsStatus(_ model: Model) throws -> String? {
        guard let refsolve else { return nil }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("swiftmip-encode-\(UUID().uuidString).mps").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try MPSWriter.write(model, to: path)
        let process = Process()
        process.executableURL = refsolve
        process.arguments = ["--solver", "highs", "--time-limit", "20", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = Pipe()
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        return json["status"] as? String
    }

    @Test(.enabled(if: refsolve != nil)) func highsDecidesSmallEncodingsCorrectly() throws {
        // y = relu(x0 + x1 − 1) − relu(x0 − x1) − 0.5·relu(−x0) over [−1, 1]²; its maximum is 1 at (1, 1).
        let l1 = try Layer(inputSize: 2, outputSize: 3, weights: [1, 1, 1, -1, -1, 0], bias: [-1, 0, 0], activation: .relu)
        let l2 = try Layer(inputSize: 3, outputSize: 1, weights: [1, -1, -0.5], bias: [0], activation: .identity)
        let net = try NeuralNetwork(layers: [l1, l2])
        let header = "(declare-const X_0 Real)(declare-const X_1 Real)(declare-const Y_0 Real)(assert (>= X_0 -1))(assert (<= X_0 1))(assert (>= X_1 -1))(assert (<= X_1 1))"
        for (threshold, sat) in [(0.9, true), (1.1, false)] {
            let property = try VNNProperty(vnnlib: header + "(assert (>= Y_0 \(threshold)))")
            for method in BoundMethod.allCases {
                let e = try net.encode(property: property, options: EncodingOptions(boundMethod: method))
                let status = try Self.highsStatus(e.model)
                #expect(status == (sat ? "optimal" : "infeasible"), "threshold \(threshold) \(method): \(status ?? "nil")")
            }
        }
        // Two disjuncts, only the second reachable (Y_0 >= −2 everywhere on the box).
        let property = try VNNProperty(vnnlib: header + "(assert (or (and (<= Y_0 -3)) (and (>= Y_0 0.95))))")
        #expect(try Self.highsStatus(try net.encode(property: property).model) == "optimal")
        let none = try VNNProperty(vnnlib: header + "(assert (or (and (<= Y_0 -3)) (and (>= Y_0 1.05))))")
        #expect(try Self.highsStatus(try net.encode(property: none).model) == "infeasible")
    }

    @Test(.enabled(if: TestPaths.hasShared)) func symbolicBoundsGiveFewerBinaries() throws {
        guard let nn = NeuralTestData.nn else { return }
        let net = try NeuralTestData.networkCache.network("acasxu/onnx/ACASXU_run2a_1_1_batch_2000.onnx")
        let property = try VNNProperty(contentsOf: nn.appendingPathComponent("acasxu/vnnlib/prop_3.vnnlib"))
        let a = try net.encode(property: property, options: EncodingOptions(boundMethod: .interval))
        let b = try net.encode(property: property, options: EncodingOptions(boundMethod: .symbolic))
        #expect(b.reluIndicators.count < a.reluIndicators.count)
        #expect(b.model.numberOfIntegerVariables == b.reluIndicators.count)
    }
}
