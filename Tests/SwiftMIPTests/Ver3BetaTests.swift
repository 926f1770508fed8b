import Foundation
import Testing
@testable import SwiftMIP

/// beta-CROWN, kept intermediate bounds and filtered smart branching on the ReLU-splitting path.
@Suite struct Ver3BetaTests {
    /// Random phases for up to `count` unstable ReLUs of `b` (layers with ReLU only).
    static func randomPhases(_ net: NeuralNetwork, _ b: NetworkBounds, count: Int, rng: inout SplitMix64) -> [[ReLUPhase]] {
        var phases = net.layers.map { $0.activation == .relu ? [ReLUPhase](repeating: .unfixed, count: $0.outputSize) : [] }
        var candidates: [(Int, Int)] = []
        for (k, layer) in net.layers.enumerated() where layer.activation == .relu {
            for p in 0..<layer.outputSize where b.lower[k][p] < 0 && b.upper[k][p] > 0 { candidates.append((k, p)) }
        }
        for _ in 0..<min(count, candidates.count) {
            let i = Int(rng.next() % UInt64(candidates.count))
            let (k, p) = candidates.remove(at: i)
            phases[k][p] = rng.next() % 2 == 0 ? .active : .inactive
        }
        return phases
    }

    /// Whether the pre-activations of x satisfy the fixed phases.
    static func satisfies(_ net: NeuralNetwork, _ x: [Double], _ phases: [[ReLUPhase]]) -> Bool {
        let z = net.preActivations(x)
        for k in phases.indices {
            for (p, ph) in phases[k].enumerated() {
                if ph == .active && z[k][p] < 0 { return false }
                if ph == .inactive && z[k][p] > 0 { return false }
            }
        }
        return true
    }

    @Test func betaBoundsAreSoundOnTheSubdomain() throws {
        let prop = Ver2AlphaTests.property()
        var checked = 0, improved = 0
        for seed in UInt64(1)...10 {
            let net = try Ver2AlphaTests.randomNetwork(seed: seed)
            let spec = RegionSpec(region: 0, prop.regions[0], outputCount: 3)
            let root = try net.bounds(inputLower: spec.inputLower, inputUpper: spec.inputUpper, method: .symbolic)
            var rng = SplitMix64(seed: seed &* 977)
            let phases = Self.randomPhases(net, root, count: 3, rng: &rng)
            let signs = splitSigns(network: net, phases: phases)
            // Kept (clamped) and recomputed intermediate bounds: both hold on the subdomain.
            let kept = clampedToPhases(root, phases: phases)
            let recomputed = try net.bounds(inputLower: spec.inputLower, inputUpper: spec.inputUpper, method: .symbolic,
                                            phases: phases)
            for b in [kept, recomputed] where !b.isInfeasible {
                let rows = Array(0..<spec.rowCount)
                let layout = ReLULayout(net)
                let plain = net.specificationBounds(spec, rows: rows, bounds: b, lower: spec.inputLower, upper: spec.inputUpper)
                let (opt, store) = net.alphaSpecificationBounds(spec, rows: rows, bounds: b, lower: spec.inputLower,
                                                                upper: spec.inputUpper, start: AlphaStore(),
                                                                baselineLower: plain.lower,
                                                                options: AlphaOptions(iterations: 20), splitSign: signs)
                #expect(store.betaRows.count == rows.count)
                // Random multipliers (large ones too) and slopes must be sound as well.
                let randomBeta = (0..<(rows.count * layout.count)).map { _ in Double.random(in: 0...3, using: &rng) }
                let randomAlpha = (0..<(rows.count * layout.count)).map { _ in Double.random(in: 0...1, using: &rng) }
                let rnd = net.specificationBounds(spec, rows: rows, bounds: b, lower: spec.inputLower, upper: spec.inputUpper,
                                                  alpha: randomAlpha, relu: layout, beta: randomBeta, splitSign: signs)
                for t in rows {
                    #expect(opt.lower[t] >= plain.lower[t])
                    if opt.lower[t] > plain.lower[t] + 1e-9 { improved += 1 }
                }
                for _ in 0..<400 {
                    let x = (0..<4).map { _ in Double.random(in: -1...1, using: &rng) }
                    guard Self.satisfies(net, x, phases) else { continue }
                    checked += 1
                    let v = spec.values(net.evaluate(x))
                    for t in rows {
                        #expect(v[t] >= opt.lower[t], "seed \(seed) row \(t): \(v[t]) below beta bound \(opt.lower[t])")
                        #expect(v[t] >= rnd.lower[t], "seed \(seed) row \(t): \(v[t]) below random-beta bound \(rnd.lower[t])")
                    }
                }
            }
        }
        #expect(checked > 200, "too few sampled points in the subdomains (\(checked))")
        #expect(improved > 0, "alpha/beta never improved on the plain bound")
    }

    @Test func intermediateAlphaBoundsAreSoundAndNoLooser() throws {
        var tightened = 0
        for seed in UInt64(1)...8 {
            let net = try Ver2AlphaTests.randomNetwork(seed: seed)
            let lo = [Double](repeating: -1, count: 4), hi = [Double](repeating: 1, count: 4)
            let crown = try net.bounds(inputLower: lo, inputUpper: hi, method: .symbolic)
            let opt = net.alphaIntermediateBounds(crown, lower: lo, upper: hi, iterations: 15, deadline: .infinity)
            #expect(!opt.isInfeasible)
            for k in crown.lower.indices {
                for p in crown.lower[k].indices {
                    #expect(opt.lower[k][p] >= crown.lower[k][p] && opt.upper[k][p] <= crown.upper[k][p])
                    if opt.upper[k][p] - opt.lower[k][p] < crown.upper[k][p] - crown.lower[k][p] - 1e-9 { tightened += 1 }
                }
            }
            var rng = SplitMix64(seed: seed &* 13)
            for _ in 0..<300 {
                let x = (0..<4).map { _ in Double.random(in: -1...1, using: &rng) }
                let z = net.preActivations(x)
                for k in z.indices {
                    for p in z[k].indices {
                        #expect(z[k][p] >= opt.lower[k][p] && z[k][p] <= opt.upper[k][p],
                                "seed \(seed) layer \(k) neuron \(p): \(z[k][p]) outside [\(opt.lower[k][p]), \(opt.upper[k][p])]")
                    }
                }
            }
        }
        #expect(tightened > 0, "intermediate alpha never tightened a bound")
    }

    @Test func verdictsAgreeAcrossReLUSettings() throws {
        try Ver2AlphaTests.expectVerdictsAgree([(false, true, 0, 0), (true, true, 0, 0), (true, false, 0, 0),
                                                (true, false, 4, 0), (true, true, 4, 0), (true, false, 8, 10)]
            .map { beta, recompute, fsb, rootAlpha in
                var o = VerificationOptions(timeLimit: 20, threads: 2, useInputSplitting: false)
                o.rootIntermediateAlphaIterations = rootAlpha
                o.betaCROWN = beta
                o.recomputeIntermediateBounds = recompute
                o.reluBranchingCandidates = fsb
                return o
            })
    }
}
