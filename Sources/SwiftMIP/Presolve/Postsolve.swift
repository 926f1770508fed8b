/// One undo record of the postsolve stack. Row and column indices are those of the ORIGINAL model.
///
/// Besides the primal undo each record keeps what the dual postsolve needs: the cost and the column
/// entries a removed column had when it left (its reduced cost is recomputed from them), and for every
/// removed row enough to choose its dual so that the signs and complementary slackness hold again
/// (the scheme of Andersen & Andersen 1995, §4, as HiGHS's `HighsPostsolveStack` does it).
enum PostsolveStep: Sendable {
    /// The column was removed at a fixed value. `cost` and the entries (`rows`, `values`) are those
    /// it had when it left, so its reduced cost is `cost − Σ values[k]·y[rows[k]]`. Every way presolve
    /// fixes a column (equal bounds, empty column, dual fixing, forcing row) leaves that reduced cost
    /// with a sign that fits the value, once the rows removed later have their duals.
    case fixColumn(column: Int, value: Double, cost: Double, rows: [Int32], values: [Double])
    /// A free column singleton in `row` was substituted out through that row, tight at `rhs`:
    /// `x = (rhs − Σ values[k]·x[columns[k]]) / coefficient`. The row's dual is `cost / coefficient`
    /// (the column's reduced cost is 0; the others are unchanged because their costs absorbed it).
    case substituteColumn(column: Int, row: Int, coefficient: Double, rhs: Double, cost: Double,
                          columns: [Int32], values: [Double])
    /// The equation `row`: `coefficient·x[column] + keptCoefficient·x[kept] = rhs` eliminated `column`.
    /// `cost` and the other entries (`rows`, `values`) are the eliminated column's when it left;
    /// `keptLower`/`keptUpper` are the kept column's bounds before the eliminated column's bounds
    /// (`lower`, `upper`) were moved onto it.
    case doubletonEquation(column: Int, row: Int, coefficient: Double, rhs: Double, kept: Int, keptCoefficient: Double,
                           cost: Double, lower: Double, upper: Double, keptLower: Double, keptUpper: Double,
                           rows: [Int32], values: [Double])
    /// A zero-cost continuous column singleton absorbed its ranged `row`: pick `x` in [lower, upper] with
    /// `rowLower <= coefficient·x + Σ values[k]·x[columns[k]] <= rowUpper`. Row dual and reduced cost 0.
    case absorbRow(column: Int, row: Int, coefficient: Double, rowLower: Double, rowUpper: Double,
                   lower: Double, upper: Double, columns: [Int32], values: [Double])
    /// Two parallel columns were merged: `x[kept] + scale·x[removed]` became column `kept` with bounds
    /// derived from both; split it back within the original bounds of each. The removed column's
    /// reduced cost is `scale` times the kept one's.
    case mergeColumns(kept: Int, removed: Int, scale: Double, keptLower: Double, keptUpper: Double,
                      removedLower: Double, removedUpper: Double, keptInteger: Bool, removedInteger: Bool)
    /// The singleton `row` `coefficient·x[column] ∈ [rowLower, rowUpper]` became bounds of the column,
    /// whose bounds were [lower, upper] before. A reduced cost that rests on a bound the row implied
    /// moves to the row's dual.
    case singletonRow(row: Int, column: Int, coefficient: Double, rowLower: Double, rowUpper: Double,
                      lower: Double, upper: Double)
    /// `row` forced every column to the bound of its minimum (`atMinimum`, the row at its upper side) or
    /// maximum activity and was removed; the `fixColumn` records of its columns follow it. `flexible[k]`
    /// says the column's bounds differed (a fixed column's reduced cost may have either sign).
    case forcingRow(row: Int, atMinimum: Bool, columns: [Int32], values: [Double], flexible: [Bool])
    /// `removed` was `scale` times row `kept`; kept's bounds [keptLower, keptUpper] were intersected with
    /// removed's [removedLower, removedUpper] (divided by `scale`). A dual resting on a side that came
    /// from `removed` moves back to it.
    case mergeRows(kept: Int, removed: Int, scale: Double, keptLower: Double, keptUpper: Double,
                   removedLower: Double, removedUpper: Double)
}

/// A solution of the original LP recovered from one of the reduced LP: values, and when they could be
/// recovered, row duals and reduced costs (minimisation form: `reducedCosts = c − Aᵀ·rowDuals`).
struct PostsolvedSolution: Sendable {
    var values: [Double]
    var rowDuals: [Double]?
    var reducedCosts: [Double]?
}

/// Maps solutions of a presolved model back to the original model.
///
/// `originalValues(from:)` takes one value per column of the reduced model and returns one value per
/// column of the original model, undoing the reductions in reverse order. `originalSolution` does the
/// same for an optimal primal–dual pair of the reduced LP.
struct Postsolve: Sendable {
    /// Number of columns of the original model.
    let originalColumnCount: Int
    /// Original index of each column of the reduced model.
    let columnMap: [Int]
    /// Original index of each row of the reduced model.
    let rowMap: [Int]
    /// Undo records, in the order the reductions were made.
    let steps: [PostsolveStep]
    /// Number of rows of the original model.
    var originalRowCount: Int = 0
    /// Why duals cannot be postsolved (a reduction that changes the LP relaxation, e.g. integer bound or
    /// coefficient tightening), or nil when they can.
    var dualsUnavailable: String? = nil

    /// The original model's values for a solution of the reduced model.
    func originalValues(from reduced: [Double]) -> [Double] {
        var x = [Double](repeating: 0, count: originalColumnCount)
        for (k, j) in columnMap.enumerated() where k < reduced.count { x[j] = reduced[k] }
        func dot(_ columns: [Int32], _ values: [Double]) -> Double {
            var sum = 0.0
            for k in columns.indices { sum += values[k] * x[Int(columns[k])] }
            return sum
        }
        for step in steps.reversed() {
            switch step {
            case let .fixColumn(column, value, _, _, _):
                x[column] = value
            case let .substituteColumn(column, _, coefficient, rhs, _, columns, values):
                x[column] = (rhs - dot(columns, values)) / coefficient
            case let .doubletonEquation(column, _, coefficient, rhs, kept, keptCoefficient, _, _, _, _, _, _, _):
                x[column] = (rhs - keptCoefficient * x[kept]) / coefficient
            case let .absorbRow(column, _, coefficient, rowLower, rowUpper, lower, upper, columns, values):
                let sum = dot(columns, values)
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
            case .singletonRow, .forcingRow, .mergeRows:
                break  // rows only: nothing to do for the values
            }
        }
        return x
    }

    /// The original LP's values, row duals and reduced costs (minimisation form) for an optimal solution
    /// of the reduced LP. The duals are nil when `dualsUnavailable` says so; they are NOT checked here
    /// (see `Model.checkDuals`).
    func originalSolution(values: [Double], rowDuals: [Double], reducedCosts: [Double]) -> PostsolvedSolution {
        let x = originalValues(from: values)
        guard dualsUnavailable == nil, rowDuals.count == rowMap.count, reducedCosts.count == columnMap.count else {
            return PostsolvedSolution(values: x, rowDuals: nil, reducedCosts: nil)
        }
        var y = [Double](repeating: 0, count: originalRowCount)
        var z = [Double](repeating: 0, count: originalColumnCount)
        for (k, i) in rowMap.enumerated() { y[i] = rowDuals[k] }
        for (k, j) in columnMap.enumerated() { z[j] = reducedCosts[k] }
        for step in steps.reversed() { Self.undoDual(step, y: &y, z: &z) }
        return PostsolvedSolution(values: x, rowDuals: y, reducedCosts: z)
    }

    /// Undoes one step on the duals. Before the call (y, z) is optimal for the problem after the step,
    /// after it for the problem before: z_j = c_j − Σ a_ij y_i over the rows and costs that problem has,
    /// and every sign fits the bound its variable rests on. Removed rows start with dual 0, removed
    /// columns get their reduced cost here.
    private static func undoDual(_ step: PostsolveStep, y: inout [Double], z: inout [Double]) {
        switch step {
        case let .fixColumn(column, _, cost, rows, values):
            var sum = 0.0
            for k in rows.indices { sum += values[k] * y[Int(rows[k])] }
            z[column] = cost - sum
        case let .substituteColumn(column, row, coefficient, _, cost, _, _):
            y[row] = cost / coefficient
            z[column] = 0
        case let .doubletonEquation(column, row, coefficient, rhs, kept, keptCoefficient, cost, lower, upper,
                                    keptLower, keptUpper, rows, values):
            // Without the row x_e's reduced cost would be ze0; whatever the row's dual, the kept column's
            // reduced cost after the step was z'_q = z_q − (a_q/a_e)·z_e.
            var ze0 = cost
            for k in rows.indices { ze0 -= values[k] * y[Int(rows[k])] }
            let zq = z[kept], ratio = keptCoefficient / coefficient
            // The bounds of x_q that x_e's bounds implied (x_q = (b − a_e x_e)/a_q).
            let eAtUpperForLower = coefficient / keptCoefficient > 0
            var impliedLower = (rhs - coefficient * (eAtUpperForLower ? upper : lower)) / keptCoefficient
            var impliedUpper = (rhs - coefficient * (eAtUpperForLower ? lower : upper)) / keptCoefficient
            if impliedLower.isNaN { impliedLower = -.infinity }
            if impliedUpper.isNaN { impliedUpper = .infinity }
            // A reduced cost of x_q resting on a bound only x_e implied belongs to x_e (then at its bound).
            let fromEliminated = restsOnSupplied(zq, supplied: (impliedLower, impliedUpper), own: (keptLower, keptUpper))
            let ze = fromEliminated ? -zq / ratio : 0
            y[row] = (ze0 - ze) / coefficient
            z[column] = ze
            z[kept] = fromEliminated ? 0 : zq
        case let .absorbRow(column, row, _, _, _, _, _, _, _):
            y[row] = 0
            z[column] = 0
        case let .mergeColumns(kept, removed, scale, _, _, _, _, _, _):
            // Same column and cost up to the factor: z_r = scale·z_k.
            z[removed] = scale * z[kept]
        case let .singletonRow(row, column, coefficient, rowLower, rowUpper, lower, upper):
            let zj = z[column]
            // The column rests on a bound only the row gave: the row carries the reduced cost.
            if restsOnSupplied(zj, supplied: divided(rowLower, rowUpper, by: coefficient), own: (lower, upper)) {
                y[row] = zj / coefficient
                z[column] = 0
            }
        case let .forcingRow(row, atMinimum, columns, values, flexible):
            // Each column sits at the bound of the extreme activity; the row's dual (≤ 0 at the upper
            // side, ≥ 0 at the lower) is the one closest to 0 that gives every reduced cost the sign of its bound.
            var dual = 0.0
            for k in columns.indices where flexible[k] {
                let ratio = z[Int(columns[k])] / values[k]
                dual = atMinimum ? min(dual, ratio) : max(dual, ratio)
            }
            y[row] = dual
            if dual != 0 {
                for k in columns.indices { z[Int(columns[k])] -= values[k] * dual }
            }
        case let .mergeRows(kept, removed, scale, keptLower, keptUpper, removedLower, removedUpper):
            let yk = y[kept]
            // A dual on a side the removed row supplied moves to it (scaled): Σ a·y is unchanged.
            if restsOnSupplied(yk, supplied: divided(removedLower, removedUpper, by: scale), own: (keptLower, keptUpper)) {
                y[removed] = yk / scale
                y[kept] = 0
            }
        }
    }

    /// [lower, upper] divided by `scale` (the sides swap for a negative scale).
    private static func divided(_ lower: Double, _ upper: Double, by scale: Double) -> (Double, Double) {
        scale > 0 ? (lower / scale, upper / scale) : (upper / scale, lower / scale)
    }

    /// True when the multiplier `m` (minimisation form: > 0 rests on the lower side, < 0 on the upper)
    /// rests on a side that only `supplied` gave, i.e. one strictly tighter than the `own` side.
    private static func restsOnSupplied(_ m: Double, supplied: (lower: Double, upper: Double),
                                        own: (lower: Double, upper: Double)) -> Bool {
        (m > 0 && supplied.lower > own.lower) || (m < 0 && supplied.upper < own.upper)
    }
}
