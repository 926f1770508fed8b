import Foundation
import Testing
@testable import SwiftMIP

/// The leaf LP of input splitting (`LeafLP.swift`): LP with ReLU splitting on one box (issue #7, ACAS Xu
/// property 2 on networks 3-3, 4-2, 5-3).
@Suite struct Acas7LeafLPTests {
    @Test func exactOnAbsoluteDifference() throws {
        // max |x0 − x1| on [0, 1]² is exactly 1: "y ≥ 1.001" is unsat, "y ≥ 0.999" has a counterexample.
        let net = try VerifierTests.absoluteDifference()
        for (threshold, expectProven) in [(1.001, true), (0.999, false)] {
            let p = VerifierTests.atLeast(threshold)
            let spec = RegionSpec(region: 0, p.regions[0], outputCount: 1)
            let b = try net.bounds(inputLower: spec.inputLower, inputUpper: spec.inputUpper, method: .symbolic)
            let (outcome, lps) = net.leafLPSearch(spec: spec, disjunct: 0, bounds: b, lpLimit: 100, deadline: .infinity)
            #expect(lps >= 1)
            switch outcome {
            case .proven: #expect(expectProven, "threshold \(threshold): proven")
            case .counterexample(let ce):
                #expect(!expectProven, "threshold \(threshold): counterexample")
                #expect(p.isViolated(input: ce.input, output: net.evaluate(ce.input)))
            case .undecided: Issue.record("threshold \(threshold): undecided")
            }
        }
    }

    /// On random networks and random sub-boxes, every disjunct is decided (the search is complete), a proof
    /// is never contradicted by sampled points, and a counterexample violates the disjunct in Double.
    @Test func decidesAndAgreesWithSampling() throws {
        let prop = Ver2AlphaTests.property()
        var proven = 0, found = 0
        for seed in UInt64(1)...6 {
            let net = try Ver2AlphaTests.randomNetwork(seed: seed)
            var rng = SplitMix64(seed: seed &* 977)
            for box in 0..<3 {
                var lo = [Double](repeating: -1, count: 4), hi = [Double](repeating: 1, count: 4)
                if box > 0 {
                    for i in 0..<4 {
                        let w = Double.random(in: 0.1...0.8, using: &rng)
                        lo[i] = Double.random(in: -1...(1 - w), using: &rng)
                        hi[i] = lo[i] + w
                    }
                }
                let region = VNNProperty.Region(inputLower: lo, inputUpper: hi, disjuncts: prop.regions[0].disjuncts)
                let spec = RegionSpec(region: 0, region, outputCount: 3)
                let b = try net.bounds(inputLower: lo, inputUpper: hi, method: .symbolic)
                for d in spec.disjuncts.indices {
                    let (outcome, _) = net.leafLPSearch(spec: spec, disjunct: d, bounds: b, lpLimit: 5000, deadline: .infinity)
                    switch outcome {
                    case .proven:
                        proven += 1
                        for _ in 0..<400 {
                            let x = (0..<4).map { Double.random(in: lo[$0]...hi[$0], using: &rng) }
                            let v = spec.values(net.evaluate(x))
                            #expect(!spec.disjuncts[d].allSatisfy { v[$0] <= 0 },
                                    "seed \(seed) box \(box) disjunct \(d): proven but \(x) violates it")
                        }
                    case .counterexample(let ce):
                        found += 1
                        let v = spec.values(net.evaluate(ce.input))
                        #expect(spec.disjuncts[ce.disjunct].allSatisfy { v[$0] <= 0 })
                        #expect((0..<4).allSatisfy { ce.input[$0] >= lo[$0] && ce.input[$0] <= hi[$0] })
                    case .undecided:
                        Issue.record("seed \(seed) box \(box) disjunct \(d): undecided")
                    }
                }
            }
        }
        #expect(proven > 0 && found > 0, "proven \(proven), found \(found)")
    }

    @Test func verdictsAgreeWithAndWithoutLeafLP() throws {
        // Input splitting with the leaf LP on every node (K = 30 > the 24 ReLUs), off, and at depth ≥ 2.
        try Ver2AlphaTests.expectVerdictsAgree([(0, 0), (30, 0), (10, 2)].map { k, depth in
            var o = VerificationOptions(timeLimit: 20, threads: 2, useInputSplitting: true)
            o.leafLPMaxUnstable = k
            o.leafLPMinDepth = depth
            return o
        })
    }
}
