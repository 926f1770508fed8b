/// Dense LU factorisation of a square basis with partial (row) pivoting, for small or dense bases.
///
/// Right-looking Gaussian elimination (Golub & Van Loan, Matrix Computations, §3.4.1) on a
/// column-major m×m array whose rows and columns are physically permuted into step order, so the
/// factor is stored packed: position (k, k') holds L (k > k', unit diagonal implicit) or U (k ≤ k').
/// A column whose largest remaining entry is below the absolute tolerance is dependent on the
/// earlier ones: it is moved to the end and reported, together with the rows left without a pivot,
/// for the caller's slack repair (the same contract as the sparse factor).
///
/// FTRAN and BTRAN walk contiguous columns of the packed array (column-oriented forward/back
/// substitution for FTRAN, dot products for BTRAN), which the compiler vectorises.
struct DenseLU {
    private(set) var m = 0
    /// Packed L\U in step order, column-major (entry (i, k) at i + m·k).
    private var lu: [Double] = []
    /// rowOfStep[k]: the original row pivoted at step k; slotOfStep[k]: the basis slot of step k.
    private(set) var rowOfStep: [Int32] = []
    private(set) var slotOfStep: [Int32] = []
    private var work: [Double] = []

    /// Factorises the m × m matrix given in CSC form (column c is basis slot c). Returns the
    /// rejected columns (slots) and the unpivoted rows; both empty when the factor is usable.
    mutating func factorize(rowCount: Int, columnStart: [Int], rowIndex: [Int32], values: [Double],
                            absoluteTolerance: Double = 1e-9) -> (rejectedColumns: [Int], unpivotedRows: [Int]) {
        let m = rowCount
        self.m = m
        let k = columnStart.count - 1
        lu = [Double](repeating: 0, count: m * m)
        work = [Double](repeating: 0, count: m)
        var rowAt = (0..<m).map { Int32($0) }
        var colAt = (0..<min(k, m)).map { Int32($0) }
        var extra: [Int] = k > m ? Array(m..<k) : []   // more columns than rows: the surplus is rejected
        let cols = colAt.count
        var rank = 0
        lu.withUnsafeMutableBufferPointer { a in
            for c in 0..<cols {
                for p in columnStart[c]..<columnStart[c + 1] { a[Int(rowIndex[p]) + m * c] += values[p] }
            }
            var end = cols        // columns [step, end) are still candidates
            var step = 0
            while step < end {
                let colBase = m * step
                // Pivot: the largest remaining entry of the column.
                var best = -1
                var bestAbs = absoluteTolerance
                for i in step..<m {
                    let v = abs(a[colBase + i])
                    if v > bestAbs { bestAbs = v; best = i }
                }
                if best < 0 {
                    // Dependent column: swap it to the end of the candidates and retry this step.
                    end -= 1
                    if end != step {
                        let other = m * end
                        for i in 0..<m { let t = a[colBase + i]; a[colBase + i] = a[other + i]; a[other + i] = t }
                        colAt.swapAt(step, end)
                    }
                    continue
                }
                if best != step {
                    // Swap whole rows (strided) so the packed layout stays in step order.
                    var p = 0
                    while p < m * m {
                        let t = a[p + step]; a[p + step] = a[p + best]; a[p + best] = t
                        p += m
                    }
                    rowAt.swapAt(step, best)
                }
                let inv = 1 / a[colBase + step]
                for i in (step + 1)..<m { a[colBase + i] *= inv }
                // Rank-one update of the remaining candidate columns.
                for j in (step + 1)..<end {
                    let base = m * j
                    let f = a[base + step]
                    if f == 0 { continue }
                    for i in (step + 1)..<m { a[base + i] -= f * a[colBase + i] }
                }
                step += 1
            }
            rank = step
        }
        // Columns after the rank are rejected (the caller repairs the basis and factorises again).
        for c in rank..<cols { extra.append(Int(colAt[c])) }
        rowOfStep = Array(rowAt[0..<rank])
        slotOfStep = Array(colAt[0..<rank])
        return (extra, rowAt[rank..<m].map { Int($0) })
    }

    /// Solves B x = b in place: `rhs` comes in indexed by row and leaves indexed by basis slot.
    mutating func ftran(_ rhs: inout [Double]) {
        let m = self.m
        if m == 0 { return }
        work.withUnsafeMutableBufferPointer { y in
        rhs.withUnsafeMutableBufferPointer { b in
        lu.withUnsafeBufferPointer { a in
        rowOfStep.withUnsafeBufferPointer { rs in
        slotOfStep.withUnsafeBufferPointer { ss in
            for k in 0..<m { y[k] = b[Int(rs[k])] }
            // L y = P b, column-oriented.
            for k in 0..<m {
                let v = y[k]
                if v == 0 { continue }
                let base = m * k
                for i in (k + 1)..<m { y[i] -= a[base + i] * v }
            }
            // U z = y, column-oriented backwards.
            var k = m - 1
            while k >= 0 {
                let base = m * k
                let z = y[k] / a[base + k]
                y[k] = z
                if z != 0 { for i in 0..<k { y[i] -= a[base + i] * z } }
                k -= 1
            }
            for k in 0..<m { b[Int(ss[k])] = y[k] }
        }}}}}
    }

    /// Solves Bᵀ π = c in place: `rhs` comes in indexed by basis slot and leaves indexed by row.
    mutating func btran(_ rhs: inout [Double]) {
        let m = self.m
        if m == 0 { return }
        work.withUnsafeMutableBufferPointer { w in
        rhs.withUnsafeMutableBufferPointer { c in
        lu.withUnsafeBufferPointer { a in
        rowOfStep.withUnsafeBufferPointer { rs in
        slotOfStep.withUnsafeBufferPointer { ss in
            for k in 0..<m { w[k] = c[Int(ss[k])] }
            // Uᵀ w' = w: dot products with the columns of U.
            for k in 0..<m {
                let base = m * k
                var s = w[k]
                for i in 0..<k { s -= a[base + i] * w[i] }
                w[k] = s / a[base + k]
            }
            // Lᵀ π' = w', backwards.
            var k = m - 1
            while k >= 0 {
                let base = m * k
                var s = w[k]
                for i in (k + 1)..<m { s -= a[base + i] * w[i] }
                w[k] = s
                k -= 1
            }
            for k in 0..<m { c[Int(rs[k])] = w[k] }
        }}}}}
    }
}
