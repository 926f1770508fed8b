import Foundation
import Testing
@testable import SwiftMIP

@Suite struct VNNLIBTests {
    @Test(.enabled(if: TestPaths.hasShared)) func everyVNNLIBFileLoads() throws {
        let files = NeuralTestData.files("vnnlib")
        #expect(files.count >= 100)
        for url in files {
            let p = try VNNProperty(contentsOf: url)
            #expect(!p.regions.isEmpty, "\(url.lastPathComponent)")
            for r in p.regions {
                #expect(r.isBounded && r.inputLower.count == p.inputCount)
                #expect(!r.disjuncts.isEmpty)
            }
        }
    }

    @Test(.enabled(if: TestPaths.hasShared)) func shapesOfTheBenchmarkProperties() throws {
        guard let nn = NeuralTestData.nn else { return }
        let p6 = try VNNProperty(contentsOf: nn.appendingPathComponent("acasxu/vnnlib/prop_6.vnnlib"))
        #expect(p6.inputCount == 5 && p6.outputCount == 5)
        #expect(p6.regions.count == 2 && p6.regions.allSatisfy { $0.disjuncts.count == 4 })
        #expect(p6.regions[0].inputLower[1] == 0.11140846 && p6.regions[1].inputUpper[1] == -0.11140846)
        let p1 = try VNNProperty(contentsOf: nn.appendingPathComponent("acasxu/vnnlib/prop_1.vnnlib"))
        #expect(p1.regions.count == 1 && p1.regions[0].disjuncts == [[OutputConstraint(outputs: [0], coefficients: [-1], rhs: -3.991125645861615)]])
        let p3 = try VNNProperty(contentsOf: nn.appendingPathComponent("acasxu/vnnlib/prop_3.vnnlib"))
        #expect(p3.regions[0].disjuncts.count == 1 && p3.regions[0].disjuncts[0].count == 4)
        let m = try VNNProperty(contentsOf: nn.appendingPathComponent("mnistfc/vnnlib_2022/prop_0_0.05.vnnlib"))
        #expect(m.inputCount == 784 && m.outputCount == 10 && m.regions.count == 1 && m.regions[0].disjuncts.count == 9)
        let tiny = try VNNProperty(contentsOf: nn.appendingPathComponent("extra/test/test_tiny.vnnlib"))
        #expect(tiny.regions[0].inputLower == [-1] && tiny.regions[0].inputUpper == [1])
        #expect(tiny.regions[0].disjuncts == [[OutputConstraint(outputs: [0], coefficients: [-1], rhs: -100)]])
    }

    @Test func parsesTheSyntaxThatOccurs() throws {
        let text = """
        ; comment (with parens
        (declare-const X_0 Real)
        (declare-const X_1 Real)
        (declare-const Y_0 Real)
        (declare-const Y_1 Real)
        (declare-const Y_2 Real)
        (assert (<= X_0 1e-1))   ; trailing comment
        (assert (>= X_0 -0.5))
        (assert (<= -2 X_1))
        (assert (>= 3 X_1))
        (assert
        (<= Y_0 Y_1)
        )
        (assert (or
        \t(and (<= Y_1 Y_2)(>= Y_0 4))
        \t(and (>= Y_2 -1))
        ))
        """
        let p = try VNNProperty(vnnlib: text)
        #expect(p.inputCount == 2 && p.outputCount == 3 && p.regions.count == 1)
        let r = p.regions[0]
        #expect(r.inputLower == [-0.5, -2] && r.inputUpper == [0.1, 3])
        #expect(r.disjuncts.count == 2)
        #expect(r.disjuncts[0].count == 3 && r.disjuncts[1].count == 2)
        #expect(p.isViolated(input: [0, 0], output: [-5, 0, 0]))      // second disjunct
        #expect(!p.isViolated(input: [0, 0], output: [5, 0, -2]))      // Y_0 <= Y_1 fails
        #expect(!p.isViolated(input: [1, 0], output: [-5, 0, 0]))      // outside the box
    }

    @Test func inputDisjunctionsBecomeRegions() throws {
        let text = """
        (declare-const X_0 Real)
        (declare-const Y_0 Real)
        (declare-const Y_1 Real)
        (assert (or (and (>= X_0 0) (<= X_0 1)) (and (>= X_0 2) (<= X_0 3))))
        (assert (or (and (<= Y_0 Y_1)) (and (<= Y_1 0))))
        """
        let p = try VNNProperty(vnnlib: text)
        #expect(p.regions.count == 2 && p.regions.allSatisfy { $0.disjuncts.count == 2 })
        #expect(p.inputHullLower == [0] && p.inputHullUpper == [3])
    }

    @Test func malformedFilesGiveErrorsWithLineNumbers() throws {
        let header = "(declare-const X_0 Real)\n(declare-const Y_0 Real)\n"
        let cases: [(String, Int?)] = [
            (header + "(assert (<= X_0 1)\n", 3),                       // unclosed
            (header + "(assert (< X_0 1))", 3),                          // strict
            (header + "(assert (<= X_0 Y_0))", 3),                       // mixed
            (header + "(assert (<= X_1 1))", 3),                         // undeclared
            (header + "(assert (<= X_0 abc))", 3),                       // not a number
            (header + "(assert (<= (+ X_0 Y_0) 1))", 3),                 // arithmetic
            (header + ")", 3),
            ("(declare-const X_0 Int)", 1),
            ("(declare-const Z Real)", 1),
            (header + "(assert (<= X_0 1 2))", 3),
            (header + "(frobnicate)", 3),
            (header + "(assert (or))", 3),
        ]
        for (text, line) in cases {
            do {
                _ = try VNNProperty(vnnlib: text, name: "bad.vnnlib")
                Issue.record("accepted: \(text)")
            } catch let e as NeuralInputError {
                #expect(e.line == line, "\(e)")
                #expect(e.description.hasPrefix("bad.vnnlib:"))
            }
        }
        // Random garbage and truncations never crash.
        var g = SplitMix64(seed: 3)
        let sample = header + "(assert (or (and (<= X_0 1) (>= X_0 -1)) (and (>= Y_0 2))))\n"
        let alphabet = Array("()XY_ 0123456789.-e<=>andor;\n\t".utf8)
        for _ in 0..<2000 {
            var bytes = Array(sample.utf8)
            for _ in 0..<(1 + Int(g.next() % 4)) {
                let k = Int(g.next() % UInt64(bytes.count))
                switch g.next() % 3 {
                case 0: bytes[k] = alphabet[Int(g.next() % UInt64(alphabet.count))]
                case 1: bytes.remove(at: k)
                default: bytes = Array(bytes[..<k])
                }
                if bytes.isEmpty { break }
            }
            _ = try? VNNProperty(vnnlib: String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test(.enabled(if: TestPaths.hasShared)) func publishedCounterexamplesViolateTheirProperties() throws {
        guard let nn = NeuralTestData.nn else { return }
        for c in SampleCounterexamples.all {
            let ce = try VNNCounterexample(text: String(contentsOf: nn.appendingPathComponent(c.file), encoding: .utf8))
            let net = try NeuralTestData.networkCache.network(c.onnx)
            let p = try VNNProperty(contentsOf: nn.appendingPathComponent(c.vnnlib))
            #expect(ce.inputs.count == net.inputSize)
            let y = net.evaluate(ce.inputs)
            #expect(p.isViolated(input: ce.inputs, output: y, inputTolerance: 1e-4, outputTolerance: 1e-4), "\(c.file)")
        }
    }
}

/// The counterexample files in ../shared/nn/results/sample_counterexamples with their instances.
enum SampleCounterexamples {
    struct Entry { let file: String, onnx: String, vnnlib: String }
    static let all: [Entry] = [
        Entry(file: "results/sample_counterexamples/2022_nnenum_acasxu_ACASXU_run2a_1_2_batch_2000_prop_2.counterexample",
              onnx: "acasxu/onnx/ACASXU_run2a_1_2_batch_2000.onnx", vnnlib: "acasxu/vnnlib/prop_2.vnnlib"),
        Entry(file: "results/sample_counterexamples/2023_pyrat_acasxu_ACASXU_run2a_1_3_batch_2000_prop_2.counterexample",
              onnx: "acasxu/onnx/ACASXU_run2a_1_3_batch_2000.onnx", vnnlib: "acasxu/vnnlib/prop_2.vnnlib"),
        Entry(file: "results/sample_counterexamples/2022_mn_bab_mnist_fc_mnist-net_256x2_prop_0_0.05.counterexample",
              onnx: "mnistfc/onnx/mnist-net_256x2.onnx", vnnlib: "mnistfc/vnnlib_2022/prop_0_0.05.vnnlib"),
    ]
}
