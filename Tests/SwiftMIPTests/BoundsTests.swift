import Foundation
import Testing
@testable import SwiftMIP

@Suite struct BoundsTests {
    /// Samples points in the box (corners included) and checks every pre-activation against the bounds.
    static func checkSampled(_ net: NeuralNetwork, _ b: NetworkBounds, lower: [Double], upper: [Double],
                             samples: Int, seed: UInt64, phases: [[ReLUPhase]]? = nil) -> Int {
        var g = SplitMix64(seed: seed)
        var inside = 0
        for s in 0..<samples {
            let x = (0..<net.inputSize).map { i -> Double in
                let t = s < 4 ? Double((s >> (i % 2)) & 1) : g.nextUnit()
                return lower[i] + t * (upper[i] - lower[i])
            }
            let z = net.preActivations(x)
            if let phases {
                // Only points that respect the fixed phases must lie within the bounds.
                var ok = true
                for k in z.indices where !phases[k].isEmpty {
                    for i in z[k].indices where (phases[k][i] == .active && z[k][i] < 0) || (phases[k][i] == .inactive && z[k][i] > 0) { ok = false }
                }
                if !ok { continue }
            }
            inside += 1
            for k in z.indices {
                for i in z[k].indices {
                    #expect(z[k][i] >= b.lower[k][i] && z[k][i] <= b.upper[k][i],
                            "layer \(k) neuron \(i): \(z[k][i]) outside [\(b.lower[k][i]), \(b.upper[k][i])]")
                }
            }
        }
        return inside
    }

    @Test(.enabled(if: TestPaths.hasShared)) func sampledForwardPassesStayInsideBounds() throws {
        guard let nn = NeuralTestData.nn else { return }
        let cases = [("acasxu/onnx/ACASXU_run2a_1_1_batch_2000.onnx", "acasxu/vnnlib/prop_1.vnnlib"),
                     ("acasxu/onnx/ACASXU_run2a_3_3_batch_2000.onnx", "acasxu/vnnlib/prop_3.vnnlib"),
                     ("acasxu/onnx/ACASXU_run2a_1_1_batch_2000.onnx", "acasxu/vnnlib/prop_6.vnnlib"),
                     ("mnistfc/onnx/mnist-net_256x2.onnx", "mnistfc/vnnlib_2021/prop_1_0.03.vnnlib"),
                     ("mnistfc/onnx/mnist-net_256x4.onnx", "mnistfc/vnnlib_2022/prop_3_0.05.vnnlib"),
                     ("extra/test/test_small.onnx", "extra/test/test_small.vnnlib"),
                     ("extra/oval21/onnx/cifar_base_kw.onnx", "extra/oval21/vnnlib/cifar_base_kw-img2578-eps0.021176470588235297.vnnlib")]
        for (onnx, vnnlib) in cases {
            let net = try NeuralTestData.networkCache.network(onnx)
            let p = try VNNProperty(contentsOf: nn.appendingPathComponent(vnnlib))
            for region in p.regions {
                let bi = try net.bounds(inputLower: region.inputLower, inputUpper: region.inputUpper, method: .interval)
                let bs = try net.bounds(inputLower: region.inputLower, inputUpper: region.inputUpper, method: .symbolic)
                #expect(!bi.isInfeasible && !bs.isInfeasible)
                _ = Self.checkSampled(net, bi, lower: region.inputLower, upper: region.inputUpper, samples: 100, seed: 1)
                _ = Self.checkSampled(net, bs, lower: region.inputLower, upper: region.inputUpper, samples: 100, seed: 2)
                for k in net.layers.indices {
                    for i in bi.lower[k].indices {
                        #expect(bs.lower[k][i] >= bi.lower[k][i] && bs.upper[k][i] <= bi.upper[k][i])
                    }
                }
                #expect(bs.unstableCount(of: net) <= bi.unstableCount(of: net))
            }
        }
    }

    @Test(.enabled(if: TestPaths.hasShared)) func symbolicLeavesFewerUnstableReLUsOnACASXu() throws {
        guard let nn = NeuralTestData.nn else { return }
        let instances = try String(contentsOf: nn.appendingPathComponent("acasxu/instances.csv"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        var intervalTotal = 0, symbolicTotal = 0, count = 0
        for (n, row) in instances.enumerated() where n % 12 == 0 && row.count >= 2 {
            let net = try NeuralTestData.networkCache.network("acasxu/" + row[0])
            let p = try VNNProperty(contentsOf: nn.appendingPathComponent("acasxu/" + row[1]))
            for region in p.regions {
                let bi = try net.bounds(inputLower: region.inputLower, inputUpper: region.inputUpper, method: .interval)
                let bs = try net.bounds(inputLower: region.inputLower, inputUpper: region.inputUpper, method: .symbolic)
                intervalTotal += bi.unstableCount(of: net)
                symbolicTotal += bs.unstableCount(of: net)
                count += 1
            }
        }
        #expect(count > 10)
        #expect(symbolicTotal < intervalTotal)
    }

    @Test(.enabled(if: TestPaths.hasShared)) func fixedPhasesOnASubBox() throws {
        let net = try NeuralTestData.networkCache.network("acasxu/onnx/ACASXU_run2a_2_1_batch_2000.onnx")
        let lower = [-0.3, -0.2, -0.5, 0.1, 0.2], upper = [0.1, 0.2, -0.1, 0.4, 0.5]
        let base = try net.bounds(inputLower: lower, inputUpper: upper, method: .symbolic)
        // Fix the first three unstable ReLUs of layer 0 and two of layer 1 to the phase of the box centre.
        let centre = zip(lower, upper).map { ($0 + $1) / 2 }
        let z = net.preActivations(centre)
        var phases = net.layers.map { [ReLUPhase](repeating: .unfixed, count: $0.outputSize) }
        for k in 0..<2 {
            var fixed = 0
            for i in z[k].indices where base.lower[k][i] < 0 && base.upper[k][i] > 0 && fixed < 3 {
                phases[k][i] = z[k][i] >= 0 ? .active : .inactive
                fixed += 1
            }
        }
        for method in BoundMethod.allCases {
            let b = try net.bounds(inputLower: lower, inputUpper: upper, method: method, phases: phases)
            #expect(!b.isInfeasible)
            let inside = Self.checkSampled(net, b, lower: lower, upper: upper, samples: 400, seed: 5, phases: phases)
            #expect(inside > 0)
            for k in 0..<2 {
                for i in phases[k].indices where phases[k][i] == .active { #expect(b.lower[k][i] >= 0) }
                for i in phases[k].indices where phases[k][i] == .inactive { #expect(b.upper[k][i] <= 0) }
            }
        }
        // Reusing the unchanged first layer of the parent gives the same bounds as recomputing.
        var layerOne = net.layers.map { [ReLUPhase](repeating: .unfixed, count: $0.outputSize) }
        layerOne[1] = phases[1]
        let full = try net.bounds(inputLower: lower, inputUpper: upper, method: .symbolic, phases: layerOne)
        let reused = try net.bounds(inputLower: lower, inputUpper: upper, method: .symbolic, phases: layerOne,
                                    reusing: base, fromLayer: 1)
        #expect(full.lower == reused.lower && full.upper == reused.upper)
        #expect(throws: NeuralInputError.self) {
            try net.bounds(inputLower: lower, inputUpper: upper, method: .interval, reusing: base, fromLayer: 1)
        }
        // Contradictory phases are detected.
        var contradictory = phases
        if let i = base.lower[0].indices.first(where: { base.upper[0][$0] < 0 }) {
            contradictory[0][i] = .active
            let b = try net.bounds(inputLower: lower, inputUpper: upper, phases: contradictory)
            #expect(b.isInfeasible)
        }
    }

    @Test(.enabled(if: TestPaths.hasShared)) func outputConstraintBoundsAreSoundAndTighter() throws {
        guard let nn = NeuralTestData.nn else { return }
        for (onnx, vnnlib) in [("acasxu/onnx/ACASXU_run2a_1_1_batch_2000.onnx", "acasxu/vnnlib/prop_3.vnnlib"),
                               ("acasxu/onnx/ACASXU_run2a_1_9_batch_2000.onnx", "acasxu/vnnlib/prop_7.vnnlib"),
                               ("mnistfc/onnx/mnist-net_256x2.onnx", "mnistfc/vnnlib_2022/prop_2_0.03.vnnlib")] {
            let net = try NeuralTestData.networkCache.network(onnx)
            let p = try VNNProperty(contentsOf: nn.appendingPathComponent(vnnlib))
            let region = p.regions[0]
            let constraints = region.disjuncts.flatMap { $0 }
            let bi = try net.bounds(inputLower: region.inputLower, inputUpper: region.inputUpper, method: .interval)
            let bs = try net.bounds(inputLower: region.inputLower, inputUpper: region.inputUpper, method: .symbolic)
            let ci = try net.outputConstraintBounds(constraints, bounds: bi)
            let cs = try net.outputConstraintBounds(constraints, bounds: bs)
            var g = SplitMix64(seed: 11)
            for _ in 0..<200 {
                let x = (0..<net.inputSize).map { region.inputLower[$0] + g.nextUnit() * (region.inputUpper[$0] - region.inputLower[$0]) }
                let y = net.evaluate(x)
                for (t, c) in constraints.enumerated() {
                    let v = c.value(y)
                    #expect(v >= cs[t].lower && v <= cs[t].upper && v >= ci[t].lower && v <= ci[t].upper)
                }
            }
            for t in constraints.indices { #expect(cs[t].lower >= ci[t].lower && cs[t].upper <= ci[t].upper) }
            let combined = try net.outputConstraintBounds(constraints, bounds: bs)
            let fromOutputs = bs.outputBounds(of: net)
            for (t, c) in constraints.enumerated() where c.outputs.count == 2 {
                // At least as tight as subtracting the two output intervals.
                let a = c.coefficients[0] > 0 ? fromOutputs.lower[c.outputs[0]] : -fromOutputs.upper[c.outputs[0]]
                let b = c.coefficients[1] > 0 ? fromOutputs.lower[c.outputs[1]] : -fromOutputs.upper[c.outputs[1]]
                #expect(combined[t].lower >= a + b - 1e-9 * (abs(a) + abs(b)))
            }
        }
    }

    @Test(.enabled(if: TestPaths.hasShared)) func lpTighteningIsSoundAndTighter() throws {
        guard let nn = NeuralTestData.nn else { return }
        let net = try NeuralTestData.networkCache.network("acasxu/onnx/ACASXU_run2a_1_1_batch_2000.onnx")
        let p = try VNNProperty(contentsOf: nn.appendingPathComponent("acasxu/vnnlib/prop_3.vnnlib"))
        let region = p.regions[0]
        let bs = try net.bounds(inputLower: region.inputLower, inputUpper: region.inputUpper, method: .symbolic)
        let bl = try net.lpTightenedBounds(inputLower: region.inputLower, inputUpper: region.inputUpper,
                                           options: LPTighteningOptions(iterationLimitPerLP: 500, timeLimit: 20))
        _ = Self.checkSampled(net, bl, lower: region.inputLower, upper: region.inputUpper, samples: 300, seed: 8)
        var improved = 0
        for k in net.layers.indices {
            for i in bs.lower[k].indices {
                #expect(bl.lower[k][i] >= bs.lower[k][i] && bl.upper[k][i] <= bs.upper[k][i])
                if bl.upper[k][i] - bl.lower[k][i] < 0.99 * (bs.upper[k][i] - bs.lower[k][i]) { improved += 1 }
            }
        }
        #expect(improved > 20)
        #expect(bl.unstableCount(of: net) < bs.unstableCount(of: net))
    }

    @Test func safeDualBoundOnATinyLP() throws {
        // min x0 + x1 s.t. x0 + 2 x1 >= 2, 0 <= x <= 3: optimum 1 at (0, 1).
        var m = Model()
        let x0 = m.addVariable(name: "x0", lowerBound: 0, upperBound: 3)
        let x1 = m.addVariable(name: "x1", lowerBound: 0, upperBound: 3)
        m.addConstraint(x0 + 2 * x1 >= 2)
        let c = CompressedModel(m)
        // With column 1 as the target and cost on x0 folded in through the dual y = 0.5:
        // bound of x1 alone (direction 1): any y in [0, 0.5] is valid; y = 0.5 gives 1 − 0.5·x0 ≥ ... ≥ 1 - 1.5.
        let b = NeuralNetwork.safeLowerBound(c, column: 1, direction: 1, duals: [0.5], sign: 1)
        #expect(b <= 0 && b >= -0.5 - 1e-12)   // true minimum of x1 is 0 (x0 = 2... 3)
        // An invalid sign needs the infinite upper row bound: −∞.
        #expect(NeuralNetwork.safeLowerBound(c, column: 1, direction: 1, duals: [0.5], sign: -1) == -.infinity)
    }

    @Test func exactOnASingleNeuronAndRefusesBadBoxes() throws {
        // z = x0 - 2 x1 + 0.5 over [0,1]²: exactly [-1.5, 1.5]; y = relu(z) - relu(-z) = z.
        let l1 = try Layer(inputSize: 2, outputSize: 2, weights: [1, -2, -1, 2], bias: [0.5, -0.5], activation: .relu)
        let l2 = try Layer(inputSize: 2, outputSize: 1, weights: [1, -1], bias: [0], activation: .identity)
        let net = try NeuralNetwork(layers: [l1, l2])
        let bi = try net.bounds(inputLower: [0, 0], inputUpper: [1, 1], method: .interval)
        #expect(abs(bi.lower[0][0] + 1.5) < 1e-12 && abs(bi.upper[0][0] - 1.5) < 1e-12)
        #expect(bi.lower[0][0] <= -1.5 && bi.upper[0][0] >= 1.5)   // outward
        let bs = try net.bounds(inputLower: [0, 0], inputUpper: [1, 1], method: .symbolic)
        #expect(bs.lower[1][0] <= -1.5 && bs.upper[1][0] >= 1.5)
        #expect(bs.upper[1][0] - bs.lower[1][0] <= bi.upper[1][0] - bi.lower[1][0])
        #expect(throws: NeuralInputError.self) { try net.bounds(inputLower: [0], inputUpper: [1]) }
        #expect(throws: NeuralInputError.self) { try net.bounds(inputLower: [0, -.infinity], inputUpper: [1, 1]) }
    }
}
