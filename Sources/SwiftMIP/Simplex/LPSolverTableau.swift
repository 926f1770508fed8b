/// Rows of the simplex tableau of the current (optimal) basis, unscaled, for tableau cuts (Gomory).
///
/// Internally the solver keeps `A x + s = 0` with s_i = −(A x)_i (scaled). Row r of the tableau is
/// ρᵀ[A I] with ρ = B⁻ᵀ e_r (one BTRAN), an identity over all variables. Here it is returned in the
/// ORIGINAL space: structural columns x_j and row activities r_i = (A x)_i, normalised so the basic
/// variable has coefficient 1:
///
///     x_B + Σ_{j nonbasic} ā_j x_j + Σ_{i nonbasic} ḡ_i r_i = 0
///
/// (with x_B = r_i0 when the basic variable is the activity of row i0). Basic variables other than
/// x_B have coefficient 0 and are left out. Which bound each nonbasic variable sits at is in
/// ``LPSolver/basis`` (or follows from the LP values).
struct LPTableauRow: Sendable {
    /// The basic variable: a column j (< columnCount) or row i's activity (columnCount + i).
    var basicVariable: Int
    var columnIndices: [Int32]
    var columnValues: [Double]
    var rowIndices: [Int32]
    var rowValues: [Double]
}

/// Access to the tableau rows of an ``LPSolver`` whose last solve ended optimal. Holds a row-wise
/// copy of the scaled matrix (built once) and scratch space; valid until the solver's basis, bounds
/// or rows change. Not for sharing between threads (it uses the solver's factorisation).
final class LPTableau {
    let solver: LPSolver
    let columnCount: Int
    let rowCount: Int
    /// Variable index (column j, or columnCount + i for row i) of each basis slot.
    let basicVariables: [Int]
    private let rowStart: [Int]
    private let rowColumn: [Int32]
    private let rowValue: [Double]
    private var rho: [Double]
    private var accumulator: [Double]
    private var mark: [Bool]
    private var touched: [Int32] = []

    fileprivate init(solver: LPSolver) {
        self.solver = solver
        let n = solver.n, m = solver.m
        columnCount = n
        rowCount = m
        basicVariables = solver.head
        // Row-wise copy of the scaled matrix (counting sort of the column-wise one).
        var start = [Int](repeating: 0, count: m + 1)
        for p in 0..<solver.aStart[n] { start[Int(solver.aIndex[p]) + 1] += 1 }
        for i in 0..<m { start[i + 1] += start[i] }
        var fill = start
        var column = [Int32](repeating: 0, count: start[m])
        var value = [Double](repeating: 0, count: start[m])
        for j in 0..<n {
            for p in solver.aStart[j]..<solver.aStart[j + 1] {
                let i = Int(solver.aIndex[p])
                column[fill[i]] = Int32(j)
                value[fill[i]] = solver.aValue[p]
                fill[i] += 1
            }
        }
        rowStart = start
        rowColumn = column
        rowValue = value
        rho = [Double](repeating: 0, count: m)
        accumulator = [Double](repeating: 0, count: n)
        mark = [Bool](repeating: false, count: n)
    }

    /// The basis slot holding column j, if it is basic.
    func slot(ofColumn j: Int) -> Int? { basicVariables.firstIndex(of: j) }

    /// The tableau row of basis slot `slot` in original (unscaled) space; entries with a scaled
    /// magnitude below `dropTolerance` are treated as zero (round-off of the BTRAN).
    func row(slot: Int, dropTolerance: Double = 1e-11) -> LPTableauRow? {
        let n = columnCount, m = rowCount
        guard slot >= 0 && slot < m, solver.m == m, solver.n == n, solver.head.count == m else { return nil }
        let basic = basicVariables[slot]
        // ρ = B⁻ᵀ e_slot.
        for i in 0..<m { rho[i] = 0 }
        rho[slot] = 1
        solver.factor.btran(&rho)
        // Scale that turns the scaled identity into one with unit coefficient on the basic variable:
        // z_j = x_j / cs_j (column), z_{n+i} = −rs_i r_i (logical).
        let basicFactor = basic < n ? solver.colScale[basic] : -1 / solver.rowScale[basic - n]
        var result = LPTableauRow(basicVariable: basic, columnIndices: [], columnValues: [], rowIndices: [], rowValues: [])
        touched.removeAll(keepingCapacity: true)
        rho.withUnsafeBufferPointer { r in
        rowStart.withUnsafeBufferPointer { rs in
        rowColumn.withUnsafeBufferPointer { rc in
        rowValue.withUnsafeBufferPointer { rv in
        accumulator.withUnsafeMutableBufferPointer { acc in
        mark.withUnsafeMutableBufferPointer { mk in
            // Row-wise product αᵀ = ρᵀ A over the rows where ρ is nonzero.
            for i in 0..<m {
                let ri = r[i]
                if ri == 0 { continue }
                for p in rs[i]..<rs[i + 1] {
                    let j = Int(rc[p])
                    if !mk[j] { mk[j] = true; touched.append(Int32(j)); acc[j] = 0 }
                    acc[j] += ri * rv[p]
                }
            }
        }}}}}}
        let status = solver.status
        for t in touched {
            let j = Int(t)
            mark[j] = false
            let a = accumulator[j]
            guard status[j] != .basic, abs(a) > dropTolerance else { continue }
            result.columnIndices.append(t)
            result.columnValues.append(a * basicFactor / solver.colScale[j])
        }
        for i in 0..<m {
            let a = rho[i]
            guard status[n + i] != .basic, abs(a) > dropTolerance else { continue }
            result.rowIndices.append(Int32(i))
            result.rowValues.append(-a * solver.rowScale[i] * basicFactor)
        }
        return result
    }
}

extension LPSolver {
    /// Tableau access for the current basis, or nil unless the last solve ended optimal with a
    /// current factorisation.
    func tableau() -> LPTableau? {
        guard lastStatus == .optimal, !needFactor, head.count == m else { return nil }
        return LPTableau(solver: self)
    }
}
