/// LU factorisation of a simplex basis with a product-form (eta file) update.
///
/// The factorisation is left-looking (Gilbert & Peierls 1988): the basis columns are taken in
/// order of increasing count (so unit/slack columns and other column singletons come first, as in
/// Suhl & Suhl 1990), each is eliminated against the previous L columns in pivot order (a heap keeps
/// the order, so only the rows actually reached are visited), and its pivot is chosen among the
/// remaining rows by threshold partial pivoting (|v| ≥ 0.1·max), preferring the row with the fewest
/// remaining entries (a Markowitz-style tie break). Columns without an acceptable pivot are rejected;
/// the caller replaces them with the slack of a row left without a pivot (basis repair).
///
/// With `B Q = L̂ U` (L̂ column k = e_{p_k} + L_k), FTRAN solves L̂ then U, BTRAN solves Uᵀ then L̂ᵀ.
/// Updates append eta columns (product form, Dantzig & Orchard-Hays); the caller refactorises
/// periodically. Vectors are dense, indexed by row (input of FTRAN, output of BTRAN) or by basis
/// slot (output of FTRAN, input of BTRAN).
struct BasisFactor {
    private(set) var m = 0
    /// pivotRow[k]: the row pivoted at step k; slotOf[k]: the basis slot of the column of step k.
    private var pivotRow: [Int32] = []
    private var slotOfStep: [Int32] = []
    private var stepOfRow: [Int32] = []
    private var lStart: [Int] = [0]
    private var lIndex: [Int32] = []
    private var lValue: [Double] = []
    private var uStart: [Int] = [0]
    private var uIndex: [Int32] = []   // step indices j < k
    private var uValue: [Double] = []
    private var uDiag: [Double] = []
    // Eta file.
    private var etaSlot: [Int32] = []
    private var etaPivot: [Double] = []
    private var etaStart: [Int] = [0]
    private var etaIndex: [Int32] = []
    private var etaValue: [Double] = []
    // Work.
    private var work: [Double] = []
    private var mark: [Int32] = []
    private var touched: [Int32] = []
    private var heap: [Int32] = []

    /// Number of eta columns since the last factorisation.
    var updateCount: Int { etaSlot.count }
    /// Nonzeros in L, U and the eta file.
    var nonzeroCount: Int { lIndex.count + uIndex.count + etaIndex.count + m }
    var factorNonzeros: Int { lIndex.count + uIndex.count + m }
    var etaNonzeros: Int { etaIndex.count }

    /// Result of a factorisation: columns (input positions) without a pivot, rows without a pivot.
    struct Deficiency {
        var rejectedColumns: [Int] = []
        var unpivotedRows: [Int] = []
        var isEmpty: Bool { rejectedColumns.isEmpty && unpivotedRows.isEmpty }
    }

    /// Factorises the `m × k` matrix given in CSC form (column c is slot c). When the result is not
    /// empty the factor is unusable: the caller must repair the basis and factorise again.
    mutating func factorize(rowCount: Int, columnStart: [Int], rowIndex: [Int32], values: [Double],
                            pivotThreshold: Double = 0.1, absoluteTolerance: Double = 1e-9) -> Deficiency {
        m = rowCount
        let k = columnStart.count - 1
        pivotRow = []; pivotRow.reserveCapacity(m)
        slotOfStep = []; slotOfStep.reserveCapacity(m)
        stepOfRow = [Int32](repeating: -1, count: m)
        lStart = [0]; lStart.reserveCapacity(m + 1)
        lIndex.removeAll(keepingCapacity: true)
        lValue.removeAll(keepingCapacity: true)
        uStart = [0]; uStart.reserveCapacity(m + 1)
        uIndex.removeAll(keepingCapacity: true)
        uValue.removeAll(keepingCapacity: true)
        uDiag = []; uDiag.reserveCapacity(m)
        etaSlot.removeAll(keepingCapacity: true)
        etaPivot.removeAll(keepingCapacity: true)
        etaStart = [0]
        etaIndex.removeAll(keepingCapacity: true)
        etaValue.removeAll(keepingCapacity: true)
        work = [Double](repeating: 0, count: m)
        mark = [Int32](repeating: 0, count: m)
        var deficiency = Deficiency()
        // Column order: increasing count (stable).
        var order = Array(0..<k)
        order.sort { (a, b) in
            let ca = columnStart[a + 1] - columnStart[a], cb = columnStart[b + 1] - columnStart[b]
            return ca != cb ? ca < cb : a < b
        }
        // Remaining entries per row over the columns not yet processed.
        var rowRemaining = [Int32](repeating: 0, count: m)
        for r in rowIndex { rowRemaining[Int(r)] += 1 }
        var stamp: Int32 = 0
        for c in order {
            stamp += 1
            if stamp == Int32.max {
                for i in 0..<m { mark[i] = 0 }
                stamp = 1
            }
            touched.removeAll(keepingCapacity: true)
            heap.removeAll(keepingCapacity: true)
            for p in columnStart[c]..<columnStart[c + 1] {
                let r = Int(rowIndex[p])
                rowRemaining[r] -= 1
                if mark[r] != stamp {
                    mark[r] = stamp
                    touched.append(Int32(r))
                    work[r] = values[p]
                    if stepOfRow[r] >= 0 { heapPush(stepOfRow[r]) }
                } else {
                    work[r] += values[p]
                }
            }
            let stepIndex = pivotRow.count
            // Eliminate with earlier L columns in increasing step order.
            while let j = heapPop() {
                let jj = Int(j)
                let v = work[Int(pivotRow[jj])]
                if v == 0 { continue }
                uIndex.append(j)
                uValue.append(v)
                for p in lStart[jj]..<lStart[jj + 1] {
                    let r = Int(lIndex[p])
                    if mark[r] != stamp {
                        mark[r] = stamp
                        touched.append(Int32(r))
                        work[r] = -lValue[p] * v
                        if stepOfRow[r] >= 0 { heapPush(stepOfRow[r]) }
                    } else {
                        work[r] -= lValue[p] * v
                    }
                }
            }
            // Pivot choice among unpivoted touched rows.
            var maxAbs = 0.0
            for t in touched where stepOfRow[Int(t)] < 0 { maxAbs = max(maxAbs, abs(work[Int(t)])) }
            var best = -1
            if maxAbs > absoluteTolerance {
                let threshold = pivotThreshold * maxAbs
                var bestCount = Int32.max
                var bestAbs = 0.0
                for t in touched where stepOfRow[Int(t)] < 0 {
                    let a = abs(work[Int(t)])
                    if a >= threshold {
                        let cnt = rowRemaining[Int(t)]
                        if cnt < bestCount || (cnt == bestCount && a > bestAbs) {
                            best = Int(t); bestCount = cnt; bestAbs = a
                        }
                    }
                }
            }
            if best < 0 {
                // Rejected: undo the U entries of this column.
                uIndex.removeSubrange(uStart[stepIndex]..<uIndex.count)
                uValue.removeSubrange(uStart[stepIndex]..<uValue.count)
                deficiency.rejectedColumns.append(c)
                for t in touched { work[Int(t)] = 0 }
                continue
            }
            let pivot = work[best]
            uDiag.append(pivot)
            uStart.append(uIndex.count)
            pivotRow.append(Int32(best))
            slotOfStep.append(Int32(c))
            stepOfRow[best] = Int32(stepIndex)
            let inv = 1.0 / pivot
            for t in touched {
                let r = Int(t)
                if stepOfRow[r] < 0 {
                    let v = work[r]
                    if v != 0 {
                        lIndex.append(t)
                        lValue.append(v * inv)
                    }
                }
                work[r] = 0
            }
            lStart.append(lIndex.count)
        }
        for r in 0..<m where stepOfRow[r] < 0 { deficiency.unpivotedRows.append(r) }
        return deficiency
    }

    private mutating func heapPush(_ v: Int32) {
        heap.append(v)
        var i = heap.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            if heap[p] <= heap[i] { break }
            heap.swapAt(p, i)
            i = p
        }
    }

    /// Pops the smallest step; duplicates are skipped by the caller through the mark of their row
    /// (a step pushed twice is popped twice, the second time its pivot value has been used: we
    /// skip equal consecutive values here).
    private mutating func heapPop() -> Int32? {
        guard let top = heapPopRaw() else { return nil }
        // Drop duplicates of the same step.
        while let f = heap.first, f == top { _ = heapPopRaw() }
        return top
    }

    private mutating func heapPopRaw() -> Int32? {
        guard let top = heap.first else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var i = 0
            let n = heap.count
            while true {
                let l = 2 * i + 1, r = l + 1
                var s = i
                if l < n && heap[l] < heap[s] { s = l }
                if r < n && heap[r] < heap[s] { s = r }
                if s == i { break }
                heap.swapAt(s, i)
                i = s
            }
        }
        return top
    }

    /// Solves B x = b in place: `rhs` comes in indexed by row and leaves indexed by basis slot.
    mutating func ftran(_ rhs: inout [Double]) {
        let m = self.m
        if m == 0 { return }
        work.withUnsafeMutableBufferPointer { y in
            rhs.withUnsafeMutableBufferPointer { b in
                pivotRow.withUnsafeBufferPointer { pr in
                lStart.withUnsafeBufferPointer { ls in
                lIndex.withUnsafeBufferPointer { li in
                lValue.withUnsafeBufferPointer { lv in
                    // L̂ y = b (y by step).
                    for k in 0..<m {
                        let v = b[Int(pr[k])]
                        y[k] = v
                        if v != 0 {
                            for p in ls[k]..<ls[k + 1] { b[Int(li[p])] -= lv[p] * v }
                        }
                    }
                }}}}
                // U z = y, backward by columns.
                uStart.withUnsafeBufferPointer { us in
                uIndex.withUnsafeBufferPointer { ui in
                uValue.withUnsafeBufferPointer { uv in
                uDiag.withUnsafeBufferPointer { ud in
                slotOfStep.withUnsafeBufferPointer { sl in
                    for k in stride(from: m - 1, through: 0, by: -1) {
                        var z = y[k]
                        if z != 0 {
                            z /= ud[k]
                            for p in us[k]..<us[k + 1] { y[Int(ui[p])] -= uv[p] * z }
                        }
                        b[Int(sl[k])] = z
                    }
                }}}}}
                // Etas in order.
                etaSlot.withUnsafeBufferPointer { es in
                etaPivot.withUnsafeBufferPointer { ep in
                etaStart.withUnsafeBufferPointer { est in
                etaIndex.withUnsafeBufferPointer { ei in
                etaValue.withUnsafeBufferPointer { ev in
                    for e in 0..<es.count {
                        let r = Int(es[e])
                        let xr = b[r] / ep[e]
                        b[r] = xr
                        if xr != 0 {
                            for p in est[e]..<est[e + 1] { b[Int(ei[p])] -= ev[p] * xr }
                        }
                    }
                }}}}}
            }
        }
    }

    /// Solves Bᵀ π = c in place: `rhs` comes in indexed by basis slot and leaves indexed by row.
    mutating func btran(_ rhs: inout [Double]) {
        let m = self.m
        if m == 0 { return }
        work.withUnsafeMutableBufferPointer { w in
            rhs.withUnsafeMutableBufferPointer { c in
                // Etas in reverse: Eᵀ y = c.
                etaSlot.withUnsafeBufferPointer { es in
                etaPivot.withUnsafeBufferPointer { ep in
                etaStart.withUnsafeBufferPointer { est in
                etaIndex.withUnsafeBufferPointer { ei in
                etaValue.withUnsafeBufferPointer { ev in
                    var e = es.count - 1
                    while e >= 0 {
                        let r = Int(es[e])
                        var s = c[r]
                        for p in est[e]..<est[e + 1] { s -= ev[p] * c[Int(ei[p])] }
                        c[r] = s / ep[e]
                        e -= 1
                    }
                }}}}}
                // Uᵀ w = c_Q, forward.
                uStart.withUnsafeBufferPointer { us in
                uIndex.withUnsafeBufferPointer { ui in
                uValue.withUnsafeBufferPointer { uv in
                uDiag.withUnsafeBufferPointer { ud in
                slotOfStep.withUnsafeBufferPointer { sl in
                    for k in 0..<m {
                        var s = c[Int(sl[k])]
                        for p in us[k]..<us[k + 1] { s -= uv[p] * w[Int(ui[p])] }
                        w[k] = s / ud[k]
                    }
                }}}}}
                // L̂ᵀ π = w, backward.
                pivotRow.withUnsafeBufferPointer { pr in
                lStart.withUnsafeBufferPointer { ls in
                lIndex.withUnsafeBufferPointer { li in
                lValue.withUnsafeBufferPointer { lv in
                    for j in stride(from: m - 1, through: 0, by: -1) {
                        var s = w[j]
                        for p in ls[j]..<ls[j + 1] { s -= lv[p] * c[Int(li[p])] }
                        c[Int(pr[j])] = s
                    }
                }}}}
            }
        }
    }

    /// Records the replacement of the column in basis slot `slot` by a column whose FTRAN result
    /// (indexed by slot) is `alpha`.
    mutating func update(slot: Int, alpha: [Double]) {
        etaSlot.append(Int32(slot))
        etaPivot.append(alpha[slot])
        for i in 0..<m where i != slot {
            let v = alpha[i]
            if v != 0 && abs(v) > 1e-14 {
                etaIndex.append(Int32(i))
                etaValue.append(v)
            }
        }
        etaStart.append(etaIndex.count)
    }
}
