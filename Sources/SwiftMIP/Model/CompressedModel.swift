/// The model in the arrays the solvers work on, built once from a ``Model``:
/// column data, row bounds and the constraint matrix in CSC and CSR form.
///
/// The objective is always stored for *minimisation*: `cost = objectiveSign * c`, where
/// `objectiveSign` is -1 for a maximisation model. Multiply a minimisation objective by
/// `objectiveSign` (and add `objectiveConstant`) to report it in the model's own sense.
struct CompressedModel: Sendable {
    let rowCount: Int
    let columnCount: Int
    var columnLower: [Double]
    var columnUpper: [Double]
    /// Minimisation costs (sign already applied).
    var cost: [Double]
    var isInteger: [Bool]
    var rowLower: [Double]
    var rowUpper: [Double]
    let matrix: SparseMatrix
    /// +1 for minimisation, -1 for maximisation.
    let objectiveSign: Double
    let objectiveConstant: Double

    init(_ model: Model) {
        rowCount = model.constraints.count
        columnCount = model.variables.count
        columnLower = model.variables.map(\.lowerBound)
        columnUpper = model.variables.map(\.upperBound)
        objectiveSign = model.sense == .minimize ? 1 : -1
        cost = model.variables.map { (model.sense == .minimize ? 1 : -1) * $0.objective }
        isInteger = model.variables.map { $0.kind.isIntegral }
        rowLower = model.constraints.map(\.lowerBound)
        rowUpper = model.constraints.map(\.upperBound)
        objectiveConstant = model.objectiveConstant
        var rows: [Int32] = [], cols: [Int32] = [], vals: [Double] = []
        let nnz = model.numberOfNonzeros
        rows.reserveCapacity(nnz)
        cols.reserveCapacity(nnz)
        vals.reserveCapacity(nnz)
        for (i, row) in model.constraints.enumerated() {
            for t in row.terms {
                rows.append(Int32(i))
                cols.append(Int32(t.variable.index))
                vals.append(t.coefficient)
            }
        }
        matrix = SparseMatrix(rowCount: rowCount, columnCount: columnCount, rows: rows, columns: cols, values: vals)
    }

    /// The objective in the model's own sense, from a minimisation objective value.
    func reportedObjective(fromMinimization value: Double) -> Double {
        objectiveSign * value + objectiveConstant
    }
}
