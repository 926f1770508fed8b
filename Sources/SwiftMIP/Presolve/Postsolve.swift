/// One undo record of the postsolve stack. Column indices are those of the ORIGINAL model.
enum PostsolveStep: Sendable {
    /// The column was removed at a fixed value.
    case fixColumn(column: Int, value: Double)
    /// The column was substituted out through an equality: `x = (rhs - Σ values[k]·x[columns[k]]) / coefficient`.
    case substituteColumn(column: Int, coefficient: Double, rhs: Double, columns: [Int32], values: [Double])
    /// A zero-cost continuous column singleton absorbed its ranged row: pick `x` in [lower, upper] with
    /// `rowLower <= coefficient·x + Σ values[k]·x[columns[k]] <= rowUpper`.
    case absorbRow(column: Int, coefficient: Double, rowLower: Double, rowUpper: Double,
                   lower: Double, upper: Double, columns: [Int32], values: [Double])
    /// Two parallel columns were merged: `x[kept] + scale·x[removed]` became column `kept` with bounds
    /// derived from both; split it back within the original bounds of each.
    case mergeColumns(kept: Int, removed: Int, scale: Double, keptLower: Double, keptUpper: Double,
                      removedLower: Double, removedUpper: Double, keptInteger: Bool, removedInteger: Bool)
}

/// Maps solutions of a presolved model back to the original model.
///
/// `originalValues(from:)` takes one value per column of the reduced model and returns one value per
/// column of the original model, undoing the reductions in reverse order.
struct Postsolve: Sendable {
    /// Number of columns of the original model.
    let originalColumnCount: Int
    /// Original index of each column of the reduced model.
    let columnMap: [Int]
    /// Original index of each row of the reduced model.
    let rowMap: [Int]
    /// Undo records, in the order the reductions were made.
    let steps: [PostsolveStep]

    /// The original model's values for a solution of the reduced model.
    func originalValues(from reduced: [Double]) -> [Double] {
        var x = [Double](repeating: 0, count: originalColumnCount)
        for (k, j) in columnMap.enumerated() where k < reduced.count { x[j] = reduced[k] }
        for step in steps.reversed() {
            switch step {
            case let .fixColumn(column, value):
                x[column] = value
            case let .substituteColumn(column, coefficient, rhs, columns, values):
                var sum = 0.0
                for k in columns.indices { sum += values[k] * x[Int(columns[k])] }
                x[column] = (rhs - sum) / coefficient
            case let .absorbRow(column, coefficient, rowLower, rowUpper, lower, upper, columns, values):
                var sum = 0.0
                for k in columns.indices { sum += values[k] * x[Int(columns[k])] }
                // coefficient·x must lie in [rowLower - sum, rowUpper - sum].
                var lo = (rowLower - sum) / coefficient, up = (rowUpper - sum) / coefficient
                if coefficient < 0 { swap(&lo, &up) }
                lo = max(lo, lower)
                up = min(up, upper)
                // Prefer a value near zero inside [lo, up]; the interval is non-empty by construction.
                var value = min(max(0, lo), up)
                if !value.isFinite { value = lo.isFinite ? lo : (up.isFinite ? up : 0) }
                x[column] = value
            case let .mergeColumns(kept, removed, scale, keptLower, keptUpper, removedLower, removedUpper,
                                   keptInteger, removedInteger):
                let z = x[kept]
                // Choose x_r within its bounds so that x_k = z - scale·x_r is within its bounds.
                var lo = removedLower, up = removedUpper
                // keptLower <= z - scale·x_r <= keptUpper
                var a = (z - keptUpper) / scale, b = (z - keptLower) / scale
                if scale < 0 { swap(&a, &b) }
                lo = max(lo, a)
                up = min(up, b)
                if removedInteger {
                    lo = (lo - 1e-9).rounded(.up)
                    up = (up + 1e-9).rounded(.down)
                }
                var xr = min(max(0, lo), up)
                if !xr.isFinite { xr = lo.isFinite ? lo : (up.isFinite ? up : 0) }
                if removedInteger { xr = xr.rounded() }
                var xk = z - scale * xr
                if keptInteger { xk = xk.rounded() }
                x[removed] = xr
                x[kept] = xk
            }
        }
        return x
    }
}
