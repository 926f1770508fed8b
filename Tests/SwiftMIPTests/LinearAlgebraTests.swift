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

    @Test func luSolvesHaveSmallResiduals() {
        for seed in 1...20 {
            let m = 30 + Int(seed) * 7
            let a = Self.randomMatrix(m: m, density: 0.05, seed: UInt64(seed))
            var f = BasisFactor()
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

    @Test func updatesMatchRefactorisation() {
        let m = 60
        var a = Self.randomMatrix(m: m, density: 0.08, seed: 7)
        var f = BasisFactor()
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
            #expect(g.factorize(rowCount: m, columnStart: a.start, rowIndex: a.index, values: a.value).isEmpty)
            var x2 = b
            g.ftran(&x2)
            var y2 = b
            g.btran(&y2)
            #expect(zip(x, x2).map { abs($0 - $1) }.max()! < 1e-8, "step \(step)")
            #expect(zip(y, y2).map { abs($0 - $1) }.max()! < 1e-8, "step \(step)")
        }
    }

    @Test func singularBasisIsReportedForRepair() {
        // Columns 0 and 1 equal: one is rejected and one row stays without a pivot.
        let start = [0, 2, 4, 5]
        let index: [Int32] = [0, 1, 0, 1, 2]
        let value: [Double] = [1, 2, 1, 2, 1]
        var f = BasisFactor()
        let def = f.factorize(rowCount: 3, columnStart: start, rowIndex: index, values: value)
        #expect(def.rejectedColumns.count == 1)
        #expect(def.unpivotedRows.count == 1)
    }
}
