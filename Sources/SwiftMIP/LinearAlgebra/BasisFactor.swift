import Foundation

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
    /// Which LU kernel holds the current factorisation.
    enum Kernel: Sendable { case sparse, dense }

    private(set) var m = 0
    /// The kernel of the current factorisation (chosen by ``chooseKernel(rows:nonzeros:)`` unless
    /// ``forcedKernel`` is set).
    private(set) var kernel: Kernel = .sparse
    /// Forces one kernel (tests and measurements); nil chooses by size and density.
    var forcedKernel: Kernel? = nil
    private var dense = DenseLU()
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
    // Hypersparse solves: step-indexed L, transposed U and L, DFS work (see buildSparseSolveGraphs).
    private var hyperReady = false
    private var stepOfSlot: [Int32] = []
    private var lStep: [Int32] = []
    private var utStart: [Int] = []
    private var utIndex: [Int32] = []
    private var utValue: [Double] = []
    private var ltStart: [Int] = []
    private var ltIndex: [Int32] = []
    private var ltValue: [Double] = []
    private var hyperWork: [Double] = []
    private var dfsMark: [Int32] = []
    private var dfsStamp: Int32 = 0
    private var dfsStack: [Int32] = []
    private var dfsPos: [Int] = []
    private var reachList: [Int32] = []
    private var seedBuffer: [Int32] = []

    /// The kernel for an m-row basis with the given number of nonzeros: dense when the basis is
    /// small or its density is high (the cut-over measured in LinearAlgebra/README.md).
    static func chooseKernel(rows m: Int, nonzeros: Int) -> Kernel {
        if m >= denseMinRows && m <= denseMaxRows && Double(nonzeros) >= denseMinDensity * Double(m) * Double(m) {
            return .dense
        }
        return .sparse
    }
    /// Below this size both kernels cost microseconds; the sparse one keeps its faster solves.
    static let denseMinRows = 50
    /// Above this size the O(m³) dense factor and its 8m² bytes are not worth it.
    static let denseMaxRows = 1500
    /// Basis density (nonzeros / m²) from which the dense kernel wins over a refactor cycle.
    static let denseMinDensity = 0.15

    /// Number of eta columns since the last factorisation.
    var updateCount: Int { etaSlot.count }
    /// Nonzeros in L, U and the eta file.
    var nonzeroCount: Int { factorNonzeros + etaIndex.count }
    var factorNonzeros: Int { kernel == .dense ? m * m : lIndex.count + uIndex.count + m }
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
        kernel = forcedKernel ?? BasisFactor.chooseKernel(rows: rowCount, nonzeros: rowIndex.count)
        hyperReady = false
        if kernel == .dense {
            m = rowCount
            clearEtas()
            let r = dense.factorize(rowCount: rowCount, columnStart: columnStart, rowIndex: rowIndex, values: values,
                                    absoluteTolerance: absoluteTolerance)
            return Deficiency(rejectedColumns: r.rejectedColumns, unpivotedRows: r.unpivotedRows)
        }
        return factorizeSparse(rowCount: rowCount, columnStart: columnStart, rowIndex: rowIndex, values: values,
                               pivotThreshold: pivotThreshold, absoluteTolerance: absoluteTolerance)
    }

    private mutating func clearEtas() {
        etaSlot.removeAll(keepingCapacity: true)
        etaPivot.removeAll(keepingCapacity: true)
        etaStart = [0]
        etaIndex.removeAll(keepingCapacity: true)
        etaValue.removeAll(keepingCapacity: true)
    }

    private mutating func factorizeSparse(rowCount: Int, columnStart: [Int], rowIndex: [Int32], values: [Double],
                                          pivotThreshold: Double, absoluteTolerance: Double) -> Deficiency {
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
        clearEtas()
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
        if deficiency.isEmpty { buildSparseSolveGraphs() }
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
        if m == 0 { return }
        if kernel == .dense { dense.ftran(&rhs) } else { ftranLU(&rhs) }
        applyEtas(&rhs)
    }

    /// FTRAN through the sparse L and U only.
    private mutating func ftranLU(_ rhs: inout [Double]) {
        let m = self.m
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
            }
        }
        // U z = y, backward by columns.
        var y: [Double] = []
        swap(&y, &work)
        backSolveU(&y, into: &rhs)
        swap(&y, &work)
    }

    /// U z = y backwards by columns: `y` by step (left all zero), z into `b` by slot.
    private func backSolveU(_ y: inout [Double], into b: inout [Double]) {
        let m = self.m
        y.withUnsafeMutableBufferPointer { y in
        b.withUnsafeMutableBufferPointer { b in
        uStart.withUnsafeBufferPointer { us in
        uIndex.withUnsafeBufferPointer { ui in
        uValue.withUnsafeBufferPointer { uv in
        uDiag.withUnsafeBufferPointer { ud in
        slotOfStep.withUnsafeBufferPointer { sl in
            for k in stride(from: m - 1, through: 0, by: -1) {
                var z = y[k]
                y[k] = 0
                if z != 0 {
                    z /= ud[k]
                    for p in us[k]..<us[k + 1] { y[Int(ui[p])] -= uv[p] * z }
                }
                b[Int(sl[k])] = z
            }
        }}}}}}}
    }

    /// L̂ᵀ π = w backwards: `w` by step (left all zero), π into `c` by row (read back as it is
    /// written: an L column holds only rows pivoted later).
    private func backSolveLTransposed(_ w: inout [Double], into c: inout [Double]) {
        let m = self.m
        w.withUnsafeMutableBufferPointer { w in
        c.withUnsafeMutableBufferPointer { c in
        pivotRow.withUnsafeBufferPointer { pr in
        lStart.withUnsafeBufferPointer { ls in
        lIndex.withUnsafeBufferPointer { li in
        lValue.withUnsafeBufferPointer { lv in
            for j in stride(from: m - 1, through: 0, by: -1) {
                var s = w[j]
                w[j] = 0
                for p in ls[j]..<ls[j + 1] { s -= lv[p] * c[Int(li[p])] }
                c[Int(pr[j])] = s
            }
        }}}}}}
    }

    /// Applies the eta file in order (the FTRAN of the product-form update).
    private func applyEtas(_ b: inout [Double]) {
        b.withUnsafeMutableBufferPointer { b in
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

    /// Solves Bᵀ π = c in place: `rhs` comes in indexed by basis slot and leaves indexed by row.
    mutating func btran(_ rhs: inout [Double]) {
        if m == 0 { return }
        applyEtasTransposed(&rhs)
        if kernel == .dense { dense.btran(&rhs) } else { btranLU(&rhs) }
    }

    /// Applies the transposed eta file in reverse order (the first part of BTRAN).
    private func applyEtasTransposed(_ c: inout [Double]) {
        c.withUnsafeMutableBufferPointer { c in
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
        }
    }

    /// BTRAN through the sparse U and L only.
    private mutating func btranLU(_ rhs: inout [Double]) {
        let m = self.m
        work.withUnsafeMutableBufferPointer { w in
            rhs.withUnsafeMutableBufferPointer { c in
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
            }
        }
        // L̂ᵀ π = w, backward.
        var w: [Double] = []
        swap(&w, &work)
        backSolveLTransposed(&w, into: &rhs)
        swap(&w, &work)
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

    // MARK: Hypersparse solves (Gilbert & Peierls 1988)

    /// Builds the step-indexed adjacency the hypersparse solves walk: L with row indices mapped to
    /// steps, and the row-wise (transposed) copies of U and L for BTRAN. O(nnz), after a sparse
    /// factorisation that pivoted every row.
    private mutating func buildSparseSolveGraphs() {
        hyperReady = false
        guard kernel == .sparse, pivotRow.count == m else { return }
        stepOfSlot = [Int32](repeating: -1, count: m)
        for k in 0..<m { stepOfSlot[Int(slotOfStep[k])] = Int32(k) }
        lStep = lIndex.map { stepOfRow[Int($0)] }
        // Uᵀ: for step j the steps k > j whose U column holds j.
        (utStart, utIndex, utValue) = transposeCompressed(majorCount: m, minorCount: m, start: uStart,
                                                          index: uIndex, value: uValue)
        // Lᵀ: for step k (row pivotRow[k]) the steps j < k whose L column holds that row.
        (ltStart, ltIndex, ltValue) = transposeCompressed(majorCount: m, minorCount: m, start: lStart,
                                                          index: lStep, value: lValue)
        hyperWork = [Double](repeating: 0, count: m)
        dfsMark = [Int32](repeating: 0, count: m)
        dfsStamp = 0
        reachList = [Int32](repeating: 0, count: m)
        dfsStack = [Int32](repeating: 0, count: m)
        dfsPos = [Int](repeating: 0, count: m)
        seedBuffer = [Int32](repeating: 0, count: m)
        hyperReady = true
    }

    /// Depth-first search from `seeds` (steps) over the graph (adjStart, adjIndex): the reached
    /// steps in postorder in reachList[0..<count] (reverse postorder is a topological order).
    /// Returns −1 as soon as more than `limit` steps are discovered (the caller then solves densely),
    /// so a search that fills in costs at most about `limit` nodes' edges.
    private mutating func reach(seeds: UnsafeBufferPointer<Int32>, seedCount: Int, adjStart: [Int], adjIndex: [Int32],
                                limit: Int) -> Int {
        dfsStamp &+= 1
        if dfsStamp == Int32.max {
            for i in 0..<m { dfsMark[i] = 0 }
            dfsStamp = 1
        }
        let stamp = dfsStamp
        var count = 0
        var discovered = 0
        dfsMark.withUnsafeMutableBufferPointer { mark in
        dfsStack.withUnsafeMutableBufferPointer { stack in
        dfsPos.withUnsafeMutableBufferPointer { pos in
        reachList.withUnsafeMutableBufferPointer { out in
        adjStart.withUnsafeBufferPointer { st in
        adjIndex.withUnsafeBufferPointer { ix in
            outer: for t in 0..<seedCount {
                let s = Int(seeds[t])
                if mark[s] == stamp { continue }
                mark[s] = stamp
                discovered += 1
                if discovered > limit { count = -1; break outer }
                var top = 0
                stack[0] = Int32(s)
                pos[s] = st[s]
                while top >= 0 {
                    let v = Int(stack[top])
                    var p = pos[v]
                    let end = st[v + 1]
                    var pushed = false
                    while p < end {
                        let w = Int(ix[p])
                        p += 1
                        if mark[w] != stamp {
                            mark[w] = stamp
                            discovered += 1
                            if discovered > limit { count = -1; break outer }
                            pos[v] = p
                            top += 1
                            stack[top] = Int32(w)
                            pos[w] = st[w]
                            pushed = true
                            break
                        }
                    }
                    if !pushed {
                        out[count] = Int32(v)
                        count += 1
                        top -= 1
                    }
                }
            }
        }}}}}}
        return count
    }

    /// The largest number of reached steps for which a hypersparse solve is attempted.
    private var hyperLimit: Int { max(8, Int(BasisFactor.hyperDensity * Double(m))) }
    /// Fraction of m above which the solves use the plain loops (measured in the README).
    static let hyperDensity = 0.10

    /// FTRAN with a sparse right-hand side: `rhs` by row with its nonzeros at index[0..<count];
    /// on return `rhs` is by slot and index[0..<count] lists (a superset of) its nonzeros.
    /// Falls back to the dense loops when the rhs or the result is not sparse.
    mutating func ftran(_ rhs: inout [Double], index: inout [Int32], count: inout Int) {
        if m == 0 { count = 0; return }
        defer { ftranDensity = 0.9 * ftranDensity + 0.1 * Double(count) / Double(m) }
        if kernel == .sparse && hyperReady && count <= hyperLimit && ftranDensity <= BasisFactor.hyperDensity
            && BasisFactor.hypersparseEnabled, ftranLUHyper(&rhs, index: &index, count: &count) {
            applyEtasSparse(&rhs, index: &index, count: &count)
            return
        }
        ftran(&rhs)
        count = gatherNonzeros(rhs, into: &index)
    }

    /// Running averages of the result densities (count / m) of the sparse-rhs solves: when recent
    /// results filled in, the next solve skips the search and uses the plain loops (the prediction
    /// of HiGHS's HFactor, Huangfu & Hall 2015, in its simplest form).
    private var ftranDensity = 0.0
    private var btranDensity = 0.0

    /// BTRAN with a sparse right-hand side: `rhs` by slot with its nonzeros at index[0..<count];
    /// on return `rhs` is by row and index[0..<count] lists (a superset of) its nonzeros.
    mutating func btran(_ rhs: inout [Double], index: inout [Int32], count: inout Int) {
        if m == 0 { count = 0; return }
        defer { btranDensity = 0.9 * btranDensity + 0.1 * Double(count) / Double(m) }
        if kernel == .sparse && hyperReady && count <= hyperLimit && btranDensity <= BasisFactor.hyperDensity
            && BasisFactor.hypersparseEnabled {
            applyEtasTransposedSparse(&rhs, index: &index, count: &count)
            if count <= hyperLimit, btranLUHyper(&rhs, index: &index, count: &count) { return }
            btranLU(&rhs)
        } else {
            btran(&rhs)
        }
        count = gatherNonzeros(rhs, into: &index)
    }

    private func gatherNonzeros(_ v: [Double], into index: inout [Int32]) -> Int {
        var c = 0
        v.withUnsafeBufferPointer { vv in
        index.withUnsafeMutableBufferPointer { ix in
            for i in 0..<vv.count where vv[i] != 0 { ix[c] = Int32(i); c += 1 }
        }}
        return c
    }

    /// Switch for measurements (SWIFTMIP_NOHYPER=1 disables the hypersparse paths).
    static let hypersparseEnabled = ProcessInfo.processInfo.environment["SWIFTMIP_NOHYPER"] == nil

    /// L̂ then U by depth-first reach; false (rhs untouched) when the reach exceeds the limit.
    private mutating func ftranLUHyper(_ rhs: inout [Double], index: inout [Int32], count: inout Int) -> Bool {
        // Seeds: the steps of the nonzero rows (the seed buffer is swapped out, not copied).
        var seeds: [Int32] = []
        swap(&seeds, &seedBuffer)
        defer { swap(&seeds, &seedBuffer) }
        for t in 0..<count { seeds[t] = stepOfRow[Int(index[t])] }
        let limit = hyperLimit
        let nL = seeds.withUnsafeBufferPointer { reach(seeds: $0, seedCount: count, adjStart: lStart, adjIndex: lStep, limit: limit) }
        if nL < 0 { return false }
        // Numeric L̂ phase in topological order; values move from rhs (by row) to hyperWork (by step).
        hyperWork.withUnsafeMutableBufferPointer { y in
        rhs.withUnsafeMutableBufferPointer { b in
        reachList.withUnsafeBufferPointer { order in
        pivotRow.withUnsafeBufferPointer { pr in
        lStart.withUnsafeBufferPointer { ls in
        lIndex.withUnsafeBufferPointer { li in
        lValue.withUnsafeBufferPointer { lv in
            var t = nL - 1
            while t >= 0 {
                let k = Int(order[t])
                let r = Int(pr[k])
                let v = b[r]
                b[r] = 0
                y[k] = v
                if v != 0 { for p in ls[k]..<ls[k + 1] { b[Int(li[p])] -= lv[p] * v } }
                t -= 1
            }
        }}}}}}}
        for t in 0..<nL { seeds[t] = reachList[t] }
        let nU = seeds.withUnsafeBufferPointer { reach(seeds: $0, seedCount: nL, adjStart: uStart, adjIndex: uIndex, limit: limit) }
        if nU < 0 {
            // The result fills in: the plain backward U loop on the step vector.
            var y: [Double] = []
            swap(&y, &hyperWork)
            backSolveU(&y, into: &rhs)
            swap(&y, &hyperWork)
            count = gatherNonzeros(rhs, into: &index)
            return true
        }
        // Numeric U phase; results leave hyperWork (kept all zero) for rhs by slot.
        var c = 0
        hyperWork.withUnsafeMutableBufferPointer { y in
        rhs.withUnsafeMutableBufferPointer { b in
        index.withUnsafeMutableBufferPointer { ix in
        reachList.withUnsafeBufferPointer { order in
        uStart.withUnsafeBufferPointer { us in
        uIndex.withUnsafeBufferPointer { ui in
        uValue.withUnsafeBufferPointer { uv in
        uDiag.withUnsafeBufferPointer { ud in
        slotOfStep.withUnsafeBufferPointer { sl in
            var t = nU - 1
            while t >= 0 {
                let k = Int(order[t])
                var z = y[k]
                y[k] = 0
                if z != 0 {
                    z /= ud[k]
                    for p in us[k]..<us[k + 1] { y[Int(ui[p])] -= uv[p] * z }
                    let s = Int(sl[k])
                    b[s] = z
                    ix[c] = Int32(s); c += 1
                }
                t -= 1
            }
        }}}}}}}}}
        count = c
        return true
    }

    /// Uᵀ then L̂ᵀ by depth-first reach over the transposed copies; false (rhs untouched) when the
    /// reach exceeds the limit.
    private mutating func btranLUHyper(_ rhs: inout [Double], index: inout [Int32], count: inout Int) -> Bool {
        var seeds: [Int32] = []
        swap(&seeds, &seedBuffer)
        defer { swap(&seeds, &seedBuffer) }
        for t in 0..<count { seeds[t] = stepOfSlot[Int(index[t])] }
        let limit = hyperLimit
        let n1 = seeds.withUnsafeBufferPointer { reach(seeds: $0, seedCount: count, adjStart: utStart, adjIndex: utIndex, limit: limit) }
        if n1 < 0 { return false }
        // Uᵀ w = c: values move from rhs (by slot) to hyperWork (by step).
        hyperWork.withUnsafeMutableBufferPointer { w in
        rhs.withUnsafeMutableBufferPointer { c in
        index.withUnsafeBufferPointer { ix in
        stepOfSlot.withUnsafeBufferPointer { sos in
            for t in 0..<count {
                let s = Int(ix[t])
                w[Int(sos[s])] = c[s]
                c[s] = 0
            }
        }}}}
        hyperWork.withUnsafeMutableBufferPointer { w in
        reachList.withUnsafeBufferPointer { order in
        utStart.withUnsafeBufferPointer { us in
        utIndex.withUnsafeBufferPointer { ui in
        utValue.withUnsafeBufferPointer { uv in
        uDiag.withUnsafeBufferPointer { ud in
            var t = n1 - 1
            while t >= 0 {
                let j = Int(order[t])
                let v = w[j]
                if v != 0 {
                    let z = v / ud[j]
                    w[j] = z
                    for p in us[j]..<us[j + 1] { w[Int(ui[p])] -= uv[p] * z }
                }
                t -= 1
            }
        }}}}}}
        for t in 0..<n1 { seeds[t] = reachList[t] }
        let n2 = seeds.withUnsafeBufferPointer { reach(seeds: $0, seedCount: n1, adjStart: ltStart, adjIndex: ltIndex, limit: limit) }
        if n2 < 0 {
            // The result fills in: the plain backward L̂ᵀ loop from the step vector.
            var w: [Double] = []
            swap(&w, &hyperWork)
            backSolveLTransposed(&w, into: &rhs)
            swap(&w, &hyperWork)
            count = gatherNonzeros(rhs, into: &index)
            return true
        }
        // L̂ᵀ π = w: each finished step scatters into the earlier steps whose L column holds its row.
        var c = 0
        hyperWork.withUnsafeMutableBufferPointer { w in
        rhs.withUnsafeMutableBufferPointer { out in
        index.withUnsafeMutableBufferPointer { ix in
        reachList.withUnsafeBufferPointer { order in
        ltStart.withUnsafeBufferPointer { ls in
        ltIndex.withUnsafeBufferPointer { li in
        ltValue.withUnsafeBufferPointer { lv in
        pivotRow.withUnsafeBufferPointer { pr in
            var t = n2 - 1
            while t >= 0 {
                let k = Int(order[t])
                let v = w[k]
                w[k] = 0
                if v != 0 {
                    for p in ls[k]..<ls[k + 1] { w[Int(li[p])] -= lv[p] * v }
                    let r = Int(pr[k])
                    out[r] = v
                    ix[c] = Int32(r); c += 1
                }
                t -= 1
            }
        }}}}}}}}
        count = c
        return true
    }

    /// The eta file in order on a sparse vector (slot-indexed), keeping the nonzero list.
    private mutating func applyEtasSparse(_ b: inout [Double], index: inout [Int32], count: inout Int) {
        if etaSlot.isEmpty { return }
        var c = count
        dfsStamp &+= 1
        if dfsStamp == Int32.max { for i in 0..<m { dfsMark[i] = 0 }; dfsStamp = 1 }
        let stamp = dfsStamp
        dfsMark.withUnsafeMutableBufferPointer { mark in
        index.withUnsafeMutableBufferPointer { ix in
        b.withUnsafeMutableBufferPointer { b in
        etaSlot.withUnsafeBufferPointer { es in
        etaPivot.withUnsafeBufferPointer { ep in
        etaStart.withUnsafeBufferPointer { est in
        etaIndex.withUnsafeBufferPointer { ei in
        etaValue.withUnsafeBufferPointer { ev in
            for t in 0..<c { mark[Int(ix[t])] = stamp }
            for e in 0..<es.count {
                let r = Int(es[e])
                let xr = b[r] / ep[e]
                b[r] = xr
                if xr != 0 {
                    for p in est[e]..<est[e + 1] {
                        let i = Int(ei[p])
                        b[i] -= ev[p] * xr
                        if mark[i] != stamp { mark[i] = stamp; ix[c] = Int32(i); c += 1 }
                    }
                }
            }
        }}}}}}}}
        count = c
    }

    /// The transposed eta file in reverse on a sparse vector (slot-indexed), keeping the list.
    private mutating func applyEtasTransposedSparse(_ cvec: inout [Double], index: inout [Int32], count: inout Int) {
        if etaSlot.isEmpty { return }
        var c = count
        dfsStamp &+= 1
        if dfsStamp == Int32.max { for i in 0..<m { dfsMark[i] = 0 }; dfsStamp = 1 }
        let stamp = dfsStamp
        dfsMark.withUnsafeMutableBufferPointer { mark in
        index.withUnsafeMutableBufferPointer { ix in
        cvec.withUnsafeMutableBufferPointer { cv in
        etaSlot.withUnsafeBufferPointer { es in
        etaPivot.withUnsafeBufferPointer { ep in
        etaStart.withUnsafeBufferPointer { est in
        etaIndex.withUnsafeBufferPointer { ei in
        etaValue.withUnsafeBufferPointer { ev in
            for t in 0..<c { mark[Int(ix[t])] = stamp }
            var e = es.count - 1
            while e >= 0 {
                let r = Int(es[e])
                var s = cv[r]
                for p in est[e]..<est[e + 1] { s -= ev[p] * cv[Int(ei[p])] }
                let v = s / ep[e]
                cv[r] = v
                if v != 0 && mark[r] != stamp { mark[r] = stamp; ix[c] = Int32(r); c += 1 }
                e -= 1
            }
        }}}}}}}}
        count = c
    }
}
