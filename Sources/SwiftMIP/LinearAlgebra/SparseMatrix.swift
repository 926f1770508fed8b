/// A sparse matrix stored column-wise (CSC) with a row-wise copy (CSR), in contiguous
/// `[Int32]`/`[Double]` arrays for the solvers' hot loops. Built once; not meant for editing.
struct SparseMatrix: Sendable {
    /// Number of rows and columns.
    let rowCount: Int
    let columnCount: Int
    /// CSC: entries of column j are `columnStart[j] ..< columnStart[j+1]` in `rowIndex`/`columnValue`.
    let columnStart: [Int]
    let rowIndex: [Int32]
    let columnValue: [Double]
    /// CSR: entries of row i are `rowStart[i] ..< rowStart[i+1]` in `columnIndex`/`rowValue`.
    let rowStart: [Int]
    let columnIndex: [Int32]
    let rowValue: [Double]

    var nonzeroCount: Int { columnValue.count }

    /// Builds both copies from triplets; duplicate (row, column) entries are summed, explicit zeros kept out.
    init(rowCount: Int, columnCount: Int, rows: [Int32], columns: [Int32], values: [Double]) {
        self.rowCount = rowCount
        self.columnCount = columnCount
        // Counting sort by column, then by row inside each column via a row-major pass.
        var rowCounts = [Int](repeating: 0, count: rowCount + 1)
        for r in rows { rowCounts[Int(r) + 1] += 1 }
        for i in 0..<rowCount { rowCounts[i + 1] += rowCounts[i] }
        var byRowCol = [Int32](repeating: 0, count: values.count)
        var byRowVal = [Double](repeating: 0, count: values.count)
        var next = rowCounts
        for k in values.indices {
            let r = Int(rows[k])
            byRowCol[next[r]] = columns[k]
            byRowVal[next[r]] = values[k]
            next[r] += 1
        }
        // Row-major to column-major (rows come out sorted inside each column).
        let (colCounts, cscRow, cscVal) = transposeCompressed(majorCount: rowCount, minorCount: columnCount,
                                                              start: rowCounts, index: byRowCol, value: byRowVal)
        // Merge duplicates and drop zeros, column by column.
        var start = [Int](repeating: 0, count: columnCount + 1)
        var outRow: [Int32] = []
        var outVal: [Double] = []
        outRow.reserveCapacity(values.count)
        outVal.reserveCapacity(values.count)
        for j in 0..<columnCount {
            var k = colCounts[j]
            let end = colCounts[j + 1]
            while k < end {
                let r = cscRow[k]
                var v = cscVal[k]
                k += 1
                while k < end && cscRow[k] == r {
                    v += cscVal[k]
                    k += 1
                }
                if v != 0 {
                    outRow.append(r)
                    outVal.append(v)
                }
            }
            start[j + 1] = outRow.count
        }
        self.columnStart = start
        self.rowIndex = outRow
        self.columnValue = outVal
        // CSR copy from the merged CSC.
        let csr = transposeCompressed(majorCount: columnCount, minorCount: rowCount, start: start,
                                       index: outRow, value: outVal)
        self.rowStart = csr.start
        self.columnIndex = csr.index
        self.rowValue = csr.value
    }

    /// y = A x.
    func multiply(_ x: [Double]) -> [Double] {
        var y = [Double](repeating: 0, count: rowCount)
        for j in 0..<columnCount where x[j] != 0 {
            let xj = x[j]
            for k in columnStart[j]..<columnStart[j + 1] { y[Int(rowIndex[k])] += columnValue[k] * xj }
        }
        return y
    }

    /// y = Aᵀ x.
    func multiplyTransposed(_ x: [Double]) -> [Double] {
        var y = [Double](repeating: 0, count: columnCount)
        for i in 0..<rowCount where x[i] != 0 {
            let xi = x[i]
            for k in rowStart[i]..<rowStart[i + 1] { y[Int(columnIndex[k])] += rowValue[k] * xi }
        }
        return y
    }
}

/// The transpose of a compressed sparse pattern (CSC ↔ CSR): entries of major vector `k` are
/// `start[k] ..< start[k+1]` in `index` (minor indices in `0..<minorCount`) and `value`. The result
/// lists, for every minor index, the major indices holding it in increasing order. O(nnz + counts).
func transposeCompressed(majorCount: Int, minorCount: Int, start: [Int], index: [Int32],
                         value: [Double]) -> (start: [Int], index: [Int32], value: [Double]) {
    var outStart = [Int](repeating: 0, count: minorCount + 1)
    for i in index { outStart[Int(i) + 1] += 1 }
    for i in 0..<minorCount { outStart[i + 1] += outStart[i] }
    var outIndex = [Int32](repeating: 0, count: index.count)
    var outValue = [Double](repeating: 0, count: index.count)
    var fill = outStart
    for k in 0..<majorCount {
        for p in start[k]..<start[k + 1] {
            let i = Int(index[p])
            outIndex[fill[i]] = Int32(k)
            outValue[fill[i]] = value[p]
            fill[i] += 1
        }
    }
    return (outStart, outIndex, outValue)
}
