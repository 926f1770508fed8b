/// The working copy of a model during presolve: bounds, minimisation costs and the matrix held both
/// row-wise and column-wise as editable lists, with active flags for rows and columns.
///
/// Entries are removed from both copies together; the order inside a row or a column is not kept.
/// Costs are in minimisation form (`objectiveSign` applied); `offset` collects the constant that
/// removed columns contribute to the minimisation objective.
struct PresolveProblem {
    let columnCount: Int
    let rowCount: Int
    var columnLower: [Double]
    var columnUpper: [Double]
    var cost: [Double]
    var isInteger: [Bool]
    /// Continuous columns that take integer values in every feasible point (see `detectImpliedIntegers`).
    var isImpliedInteger: [Bool]
    var rowLower: [Double]
    var rowUpper: [Double]
    var rowColumns: [[Int32]]
    var rowValues: [[Double]]
    var columnRows: [[Int32]]
    var columnValues: [[Double]]
    var rowActive: [Bool]
    var columnActive: [Bool]
    /// Constant of the minimisation objective collected from removed columns.
    var offset: Double = 0
    var activeNonzeros: Int

    init(_ model: Model) {
        columnCount = model.variables.count
        rowCount = model.constraints.count
        let sign: Double = model.sense == .minimize ? 1 : -1
        columnLower = model.variables.map(\.lowerBound)
        columnUpper = model.variables.map(\.upperBound)
        cost = model.variables.map { sign * $0.objective }
        isInteger = model.variables.map { $0.kind.isIntegral }
        isImpliedInteger = [Bool](repeating: false, count: columnCount)
        rowLower = model.constraints.map(\.lowerBound)
        rowUpper = model.constraints.map(\.upperBound)
        rowColumns = []
        rowValues = []
        rowColumns.reserveCapacity(rowCount)
        rowValues.reserveCapacity(rowCount)
        columnRows = [[Int32]](repeating: [], count: columnCount)
        columnValues = [[Double]](repeating: [], count: columnCount)
        var nnz = 0
        for (i, row) in model.constraints.enumerated() {
            // Merge repeated columns defensively (terms should already be merged).
            var cols: [Int32] = []
            var vals: [Double] = []
            cols.reserveCapacity(row.terms.count)
            vals.reserveCapacity(row.terms.count)
            for t in row.terms.sorted(by: { $0.variable.index < $1.variable.index }) {
                let j = t.variable.index
                guard j >= 0 && j < columnCount, t.coefficient.isFinite else { continue }
                if let last = cols.last, Int(last) == j {
                    vals[vals.count - 1] += t.coefficient
                } else {
                    cols.append(Int32(j))
                    vals.append(t.coefficient)
                }
            }
            var k = 0
            while k < cols.count {
                if vals[k] == 0 {
                    cols.remove(at: k)
                    vals.remove(at: k)
                } else {
                    k += 1
                }
            }
            for k in cols.indices {
                columnRows[Int(cols[k])].append(Int32(i))
                columnValues[Int(cols[k])].append(vals[k])
            }
            nnz += cols.count
            rowColumns.append(cols)
            rowValues.append(vals)
        }
        activeNonzeros = nnz
        rowActive = [Bool](repeating: true, count: rowCount)
        columnActive = [Bool](repeating: true, count: columnCount)
    }

    // MARK: Editing

    /// Position of column `j` in row `i`'s list, if present.
    func positionInRow(_ i: Int, column j: Int) -> Int? {
        let target = Int32(j)
        return rowColumns[i].firstIndex(of: target)
    }

    /// Position of row `i` in column `j`'s list, if present.
    func positionInColumn(_ j: Int, row i: Int) -> Int? {
        let target = Int32(i)
        return columnRows[j].firstIndex(of: target)
    }

    /// Removes the entry (i, j) from both copies.
    mutating func removeEntry(row i: Int, column j: Int) {
        if let p = positionInRow(i, column: j) {
            rowColumns[i].swapAt(p, rowColumns[i].count - 1)
            rowValues[i].swapAt(p, rowValues[i].count - 1)
            rowColumns[i].removeLast()
            rowValues[i].removeLast()
            activeNonzeros -= 1
        }
        if let p = positionInColumn(j, row: i) {
            columnRows[j].swapAt(p, columnRows[j].count - 1)
            columnValues[j].swapAt(p, columnValues[j].count - 1)
            columnRows[j].removeLast()
            columnValues[j].removeLast()
        }
    }

    /// Sets the coefficient of (i, j), inserting or removing the entry as needed.
    mutating func setEntry(row i: Int, column j: Int, value: Double) {
        if value == 0 {
            removeEntry(row: i, column: j)
            return
        }
        if let p = positionInRow(i, column: j) {
            rowValues[i][p] = value
            if let q = positionInColumn(j, row: i) { columnValues[j][q] = value }
        } else {
            rowColumns[i].append(Int32(j))
            rowValues[i].append(value)
            columnRows[j].append(Int32(i))
            columnValues[j].append(value)
            activeNonzeros += 1
        }
    }

    /// Removes entry `p` of a (indices, values) list in O(1) by swapping it with the last entry.
    private static func swapRemove(_ p: Int, _ indices: inout [Int32], _ values: inout [Double]) {
        indices.swapAt(p, indices.count - 1)
        values.swapAt(p, values.count - 1)
        indices.removeLast()
        values.removeLast()
    }

    /// Deactivates row `i` and removes its entries from the column lists.
    mutating func removeRow(_ i: Int) {
        guard rowActive[i] else { return }
        for k in rowColumns[i].indices {
            let j = Int(rowColumns[i][k])
            if let p = positionInColumn(j, row: i) { Self.swapRemove(p, &columnRows[j], &columnValues[j]) }
        }
        activeNonzeros -= rowColumns[i].count
        rowColumns[i] = []
        rowValues[i] = []
        rowActive[i] = false
    }

    /// Deactivates column `j` and removes its entries from the row lists (row bounds untouched).
    mutating func removeColumn(_ j: Int) {
        guard columnActive[j] else { return }
        for k in columnRows[j].indices {
            let i = Int(columnRows[j][k])
            if let p = positionInRow(i, column: j) { Self.swapRemove(p, &rowColumns[i], &rowValues[i]) }
        }
        activeNonzeros -= columnRows[j].count
        columnRows[j] = []
        columnValues[j] = []
        columnActive[j] = false
    }

    /// Removes column `j` at the fixed value `value`: row bounds and the objective offset absorb it.
    mutating func fixColumn(_ j: Int, at value: Double) {
        for k in columnRows[j].indices {
            let i = Int(columnRows[j][k])
            let shift = columnValues[j][k] * value
            if rowLower[i] > -.infinity { rowLower[i] -= shift }
            if rowUpper[i] < .infinity { rowUpper[i] -= shift }
        }
        offset += cost[j] * value
        removeColumn(j)
    }

    // MARK: Activity bounds

    /// Bounds on the activity of row `i` from the column bounds: finite parts and counts of infinite
    /// contributions, plus the sum of |a·bound| over finite contributions as a scale for tolerances.
    func activity(_ i: Int) -> RowActivity {
        var a = RowActivity()
        let cols = rowColumns[i], vals = rowValues[i]
        for k in cols.indices {
            let j = Int(cols[k])
            let v = vals[k]
            let lo = columnLower[j], up = columnUpper[j]
            if v > 0 {
                if lo > -.infinity { a.minimum += v * lo; a.scale += abs(v * lo) } else { a.minimumInfinite += 1 }
                if up < .infinity { a.maximum += v * up; a.scale += abs(v * up) } else { a.maximumInfinite += 1 }
            } else {
                if up < .infinity { a.minimum += v * up; a.scale += abs(v * up) } else { a.minimumInfinite += 1 }
                if lo > -.infinity { a.maximum += v * lo; a.scale += abs(v * lo) } else { a.maximumInfinite += 1 }
            }
        }
        return a
    }
}

/// Activity bounds of one row: `minimum`/`maximum` sum the finite contributions; the counts say how
/// many contributions are infinite (the bound is infinite unless the count is 0).
struct RowActivity {
    var minimum: Double = 0
    var maximum: Double = 0
    var minimumInfinite: Int = 0
    var maximumInfinite: Int = 0
    var scale: Double = 0

    var minimumValue: Double { minimumInfinite == 0 ? minimum : -.infinity }
    var maximumValue: Double { maximumInfinite == 0 ? maximum : .infinity }

    /// The minimum activity of the row without the contribution `v·x_j` of one column with bounds [lo, up].
    func minimumWithout(value v: Double, lower lo: Double, upper up: Double) -> Double {
        let bound = v > 0 ? lo : up
        if bound.isInfinite { return minimumInfinite == 1 ? minimum : -.infinity }
        return minimumInfinite == 0 ? minimum - v * bound : -.infinity
    }

    /// The maximum activity of the row without the contribution `v·x_j` of one column with bounds [lo, up].
    func maximumWithout(value v: Double, lower lo: Double, upper up: Double) -> Double {
        let bound = v > 0 ? up : lo
        if bound.isInfinite { return maximumInfinite == 1 ? maximum : .infinity }
        return maximumInfinite == 0 ? maximum - v * bound : .infinity
    }
}
