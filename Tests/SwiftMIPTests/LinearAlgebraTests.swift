import Foundation
import Testing
@testable import SwiftMIP

@Suite struct LinearAlgebraTests {
    /// A random sparse m×m matrix (CSC) with a dominant-ish diagonal and some slack columns.
    static func randomMatrix(m: Int, density: Double, seed: UInt64) -> (start: [Int], index: [Int32], value: [Double]) {
        var rng = SplitMix64(seed: seed)
        var start = [0], index: [Int32] = [], value: [Double] = []
        for j in 0..<m {
            if rng.nextUnit() < 0.2 {
                index.append(Int32(j)); value.append(1)
            } else {
                for i in 0..<m where i == j || rng.nextUnit() < density {
                    index.append(Int32(i)); value.append(i == j ? 4 + rng.nextUnit() : rng.nextUnit() * 2 - 1)
                }
            }
            start.append(index.count)
        }
        return (start, index, value)
    }

    static func multiply(_ a: (start: [Int], index: [Int32], value: [Double]), _ x: [Double]) -> [Double] {
        var y = [Double](repeating: 0, count: a.start.count - 1)
        for j in 0..<(a.start.count - 1) {
            for p in a.start[j]..<a.start[j + 1] { y[Int(a.index[p])] += a.value[p] * x[j] }
        }
        return y
    }

    static func multiplyTransposed(_ a: (start: [Int], index: [Int32], value: [Double]), _ y: [Double]) -> [Double] {
        (0..<(a.start.count - 1)).map { j in
            var s = 0.0
            for p in a.start[j]..<a.start[j + 1] { s += a.value[p] * y[Int(a.index[p])] }
            return s
        }
    }

    @Test(arguments: [BasisFactor.Kernel.sparse, .dense])
    func luSolvesHaveSmallResiduals(_ kernel: BasisFactor.Kernel) {
        for seed in 1...20 {
            let m = 30 + Int(seed) * 7
            let a = Self.randomMatrix(m: m, density: 0.05, seed: UInt64(seed))
            var f = BasisFactor()
            f.forcedKernel = kernel
            let def = f.factorize(rowCount: m, columnStart: a.start, rowIndex: a.index, values: a.value)
            #expect(def.isEmpty)
            var rng = SplitMix64(seed: UInt64(seed) + 100)
            let b = (0..<m).map { _ in rng.nextUnit() - 0.5 }
            var x = b
            f.ftran(&x)
            let r = Self.multiply(a, x)
            #expect(zip(r, b).map { abs($0 - $1) }.max()! < 1e-10)
            var y = b
            f.btran(&y)
            let r2 = Self.multiplyTransposed(a, y)
            #expect(zip(r2, b).map { abs($0 - $1) }.max()! < 1e-10)
        }
    }

    @Test(arguments: [BasisFactor.Kernel.sparse, .dense])
    func updatesMatchRefactorisation(_ kernel: BasisFactor.Kernel) {
        let m = 60
        var a = Self.randomMatrix(m: m, density: 0.08, seed: 7)
        var f = BasisFactor()
        f.forcedKernel = kernel
        #expect(f.factorize(rowCount: m, columnStart: a.start, rowIndex: a.index, values: a.value).isEmpty)
        var rng = SplitMix64(seed: 8)
        for step in 0..<25 {
            // Replace column `slot` by a random sparse column with a nonzero pivot.
            let slot = Int(rng.next() % UInt64(m))
            var col = [Double](repeating: 0, count: m)
            col[slot] = 3 + rng.nextUnit()
            for i in 0..<m where rng.nextUnit() < 0.1 { col[i] += rng.nextUnit() - 0.5 }
            var alpha = col
            f.ftran(&alpha)
            guard abs(alpha[slot]) > 1e-3 else { continue }
            f.update(slot: slot, alpha: alpha)
            // Rebuild the CSC with the new column.
            var start = [0], index: [Int32] = [], value: [Double] = []
            for j in 0..<m {
                if j == slot {
                    for i in 0..<m where col[i] != 0 { index.append(Int32(i)); value.append(col[i]) }
                } else {
                    for p in a.start[j]..<a.start[j + 1] { index.append(a.index[p]); value.append(a.value[p]) }
                }
                start.append(index.count)
            }
            a = (start, index, value)
            let b = (0..<m).map { _ in rng.nextUnit() - 0.5 }
            var x = b
            f.ftran(&x)
            var y = b
            f.btran(&y)
            var g = BasisFactor()
            g.forcedKernel = kernel == .dense ? .sparse : .dense
            #expect(g.factorize(rowCount: m, columnStart: a.start, rowIndex: a.index, values: a.value).isEmpty)
            var x2 = b
            g.ftran(&x2)
            var y2 = b
            g.btran(&y2)
            #expect(zip(x, x2).map { abs($0 - $1) }.max()! < 1e-8, "step \(step)")
            #expect(zip(y, y2).map { abs($0 - $1) }.max()! < 1e-8, "step \(step)")
        }
    }

    @Test(arguments: [BasisFactor.Kernel.sparse, .dense])
    func singularBasisIsReportedForRepair(_ kernel: BasisFactor.Kernel) {
        // Columns 0 and 1 equal: one is rejected and one row stays without a pivot.
        let start = [0, 2, 4, 5]
        let index: [Int32] = [0, 1, 0, 1, 2]
        let value: [Double] = [1, 2, 1, 2, 1]
        var f = BasisFactor()
        f.forcedKernel = kernel
        let def = f.factorize(rowCount: 3, columnStart: start, rowIndex: index, values: value)
        #expect(def.rejectedColumns.count == 1)
        #expect(def.unpivotedRows.count == 1)
        #expect(Set(def.unpivotedRows).isSubset(of: [0, 1]))
    }

    /// The sparse-rhs solves (hypersparse DFS, or the dense loops when they fill in) give the same
    /// vectors as the dense solves, with every nonzero listed, before and after eta updates.
    @Test(arguments: [BasisFactor.Kernel.sparse, .dense])
    func sparseRightHandSidesMatchDenseSolves(_ kernel: BasisFactor.Kernel) {
        let m = 300
        let a = Self.randomMatrix(m: m, density: 0.004, seed: 11)
        var f = BasisFactor()
        f.forcedKernel = kernel
        #expect(f.factorize(rowCount: m, columnStart: a.start, rowIndex: a.index, values: a.value).isEmpty)
        var rng = SplitMix64(seed: 12)
        var index = [Int32](repeating: 0, count: m)
        func check(_ step: Int) {
            for trial in 0..<20 {
                var b = [Double](repeating: 0, count: m)
                var count = 0
                for _ in 0..<(1 + trial % 4) {
                    let i = Int(rng.next() % UInt64(m))
                    if b[i] == 0 { index[count] = Int32(i); count += 1 }
                    b[i] += rng.nextUnit() + 0.5
                }
                for transpose in [false, true] {
                    var dense = b, sparse = b
                    var c = count
                    var ix = index
                    if transpose { f.btran(&dense); f.btran(&sparse, index: &ix, count: &c) } else { f.ftran(&dense); f.ftran(&sparse, index: &ix, count: &c) }
                    #expect(zip(dense, sparse).map { abs($0 - $1) }.max()! < 1e-12, "step \(step) transpose \(transpose)")
                    var listed = [Bool](repeating: false, count: m)
                    for t in 0..<c { listed[Int(ix[t])] = true }
                    #expect((0..<m).allSatisfy { sparse[$0] == 0 || listed[$0] }, "unlisted nonzero, step \(step)")
                }
            }
        }
        check(0)
        for step in 1...30 {
            let slot = Int(rng.next() % UInt64(m))
            var col = [Double](repeating: 0, count: m)
            col[slot] = 2 + rng.nextUnit()
            for _ in 0..<3 { col[Int(rng.next() % UInt64(m))] += rng.nextUnit() - 0.5 }
            f.ftran(&col)
            guard abs(col[slot]) > 1e-3 else { continue }
            f.update(slot: slot, alpha: col)
            if step % 10 == 0 { check(step) }
        }
    }

    @Test func kernelChoiceFollowsSizeAndDensity() {
        #expect(BasisFactor.chooseKernel(rows: 2000, nonzeros: 6000) == .sparse)
        #expect(BasisFactor.chooseKernel(rows: 10, nonzeros: 100) == .sparse)
        #expect(BasisFactor.chooseKernel(rows: 200, nonzeros: 200 * 200 / 2) == .dense)
        #expect(BasisFactor.chooseKernel(rows: 200, nonzeros: 200 * 4) == .sparse)
    }

    /// Cut-over measurement (not a check): SWIFTMIP_LU_BENCH=1 swift test -c release -Xswiftc
    /// -enable-testing --filter LUCutover. Prints factor and solve times of both kernels on random
    /// bases over a grid of sizes and densities, and on the optimal bases of netlib models.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["SWIFTMIP_LU_BENCH"] != nil))
    func LUCutoverMeasurement() throws {
        func time(_ body: () -> Void) -> Double {
            let t0 = LPClock.now(); body(); return LPClock.now() - t0
        }
        func measure(_ name: String, _ m: Int, _ a: (start: [Int], index: [Int32], value: [Double])) {
            var line = name + String(format: " m=%d density=%.4f", m, Double(a.index.count) / Double(m * m))
            var rng = SplitMix64(seed: 3)
            let solves = 50
            let rhsCols = (0..<solves).map { _ in Int(rng.next() % UInt64(m)) }
            for kernel in [BasisFactor.Kernel.sparse, .dense] {
                var f = BasisFactor()
                f.forcedKernel = kernel
                var reps = 0
                var tf = 0.0
                repeat {
                    tf += time { _ = f.factorize(rowCount: m, columnStart: a.start, rowIndex: a.index, values: a.value) }
                    reps += 1
                } while tf < 0.05 && reps < 1000
                tf /= Double(reps)
                var v = [Double](repeating: 0, count: m)
                let ts = time {
                    for c in rhsCols {
                        // FTRAN of a basis column (sparse, like an entering column) and BTRAN of a unit vector.
                        for i in 0..<m { v[i] = 0 }
                        for p in a.start[c]..<a.start[c + 1] { v[Int(a.index[p])] = a.value[p] }
                        f.ftran(&v)
                        for i in 0..<m { v[i] = 0 }
                        v[c] = 1
                        f.btran(&v)
                    }
                } / Double(solves)
                line += String(format: "  %@ factor %.3e ftran+btran %.3e", kernel == .dense ? "dense" : "sparse", tf, ts)
                if kernel == .sparse {
                    // The same solves through the sparse-rhs entry points (hypersparse when they stay sparse).
                    var index = [Int32](repeating: 0, count: m)
                    let th = time {
                        for c in rhsCols {
                            for i in 0..<m { v[i] = 0 }
                            var count = 0
                            for p in a.start[c]..<a.start[c + 1] { v[Int(a.index[p])] = a.value[p]; index[count] = a.index[p]; count += 1 }
                            f.ftran(&v, index: &index, count: &count)
                            for i in 0..<m { v[i] = 0 }
                            v[c] = 1; index[0] = Int32(c); count = 1
                            f.btran(&v, index: &index, count: &count)
                        }
                    } / Double(solves)
                    line += String(format: " (sparse rhs %.3e)", th)
                }
            }
            print(line)
        }
        for m in [10, 25, 50, 100, 200, 400, 800] {
            for density in [0.01, 0.05, 0.1, 0.2, 0.5] {
                let a = Self.randomMatrix(m: m, density: density, seed: UInt64(m))
                measure("random", m, a)
            }
        }
        guard let shared = TestPaths.shared else { return }
        for name in ["afiro", "sc105", "kb2", "israel", "scsd1", "agg", "bandm", "share1b", "ship04s", "stair",
                     "pilot4", "25fv47", "czprob", "degen3", "d2q06c"] {
            let file = shared.appendingPathComponent("instances/lp/\(name).mps").path
            guard let model = try? MPSReader.read(contentsOf: file).model else { continue }
            let solver = LPSolver(model: CompressedModel(model))
            _ = solver.solve()
            measure(name, solver.rowCount, solver.basisMatrix())
        }
    }
}
