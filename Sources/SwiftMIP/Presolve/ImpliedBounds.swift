// Bounds of continuous columns implied by single rows, for coefficient tightening only (Achterberg et
// al. 2020, "Presolve reductions in mixed integer programming", §3.2 and §3.5; HiGHS uses implied
// bounds the same way). The column bounds themselves stay as they are (the LP keeps its own bounds).
//
// Example (fixed-charge networks such as fixnet6): a sink v without outgoing arcs has the balance
// Σ_in x_a = d_v, so x_a ≤ d_v; the variable upper bound row x_a − 500·y_a ≤ 0 then tightens to
// x_a − d_v·y_a ≤ 0, which lifts the LP bound of fixnet6 from 1210 to about 3190.
//
// A bound implied by row r holds at every point that satisfies row r and the column bounds. Row i is
// tightened only with bounds implied by OTHER rows in their current form (a row must not be tightened
// by its own consequence, nor by a row changed since the bounds were computed), so each tightening
// keeps the integer points of the whole system.

import Foundation

/// Whether coefficient tightening uses implied continuous bounds (`SWIFTMIP_IMPLIEDCOEF=0` turns it
/// off: benchmarking).
let impliedCoefficientTightening: Bool = ProcessInfo.processInfo.environment["SWIFTMIP_IMPLIEDCOEF"] != "0"

/// Per column: the tightest lower/upper bound implied by one row, and that row (−1: none).
struct ImpliedColumnBounds {
    var lower: [Double]
    var upper: [Double]
    var lowerRow: [Int32]
    var upperRow: [Int32]

    /// Rows whose coefficients changed since the bounds were computed: they may no longer imply them.
    var changedRows: [Bool]

    /// The upper bound of column j usable for row i: the implied one unless it came from row i or from
    /// a row changed since.
    @inline(__always) func upper(_ j: Int, own: Double, row i: Int) -> Double {
        let r = Int(upperRow[j])
        return r >= 0 && r != i && !changedRows[r] ? min(own, upper[j]) : own
    }

    @inline(__always) func lower(_ j: Int, own: Double, row i: Int) -> Double {
        let r = Int(lowerRow[j])
        return r >= 0 && r != i && !changedRows[r] ? max(own, lower[j]) : own
    }
}

extension Presolver {
    /// Implied bounds of the continuous columns from every active row (integer columns are tightened
    /// by `tightenIntegerBounds` already). Each bound is relaxed by a relative 1e-9 against round-off.
    func impliedContinuousBounds() -> ImpliedColumnBounds {
        let n = p.columnCount
        var implied = ImpliedColumnBounds(lower: [Double](repeating: -.infinity, count: n),
                                          upper: [Double](repeating: .infinity, count: n),
                                          lowerRow: [Int32](repeating: -1, count: n),
                                          upperRow: [Int32](repeating: -1, count: n),
                                          changedRows: [Bool](repeating: false, count: p.rowCount))
        for i in 0..<p.rowCount where p.rowActive[i] && impliedCoefficientTightening {
            let lo = p.rowLower[i], up = p.rowUpper[i]
            let cols = p.rowColumns[i], vals = p.rowValues[i]
            guard cols.count >= 2, cols.contains(where: { !p.isInteger[Int($0)] }) else { continue }
            let act = p.activity(i)
            for k in cols.indices {
                let j = Int(cols[k])
                guard !p.isInteger[j] else { continue }
                let a = vals[k]
                let cl = p.columnLower[j], cu = p.columnUpper[j]
                var newLower = -Double.infinity, newUpper = Double.infinity
                if up < .infinity {
                    let others = act.minimumWithout(value: a, lower: cl, upper: cu)
                    if others > -.infinity {
                        let bound = (up - others) / a
                        if a > 0 { newUpper = bound } else { newLower = bound }
                    }
                }
                if lo > -.infinity {
                    let others = act.maximumWithout(value: a, lower: cl, upper: cu)
                    if others < .infinity {
                        let bound = (lo - others) / a
                        if a > 0 { newLower = max(newLower, bound) } else { newUpper = min(newUpper, bound) }
                    }
                }
                let tol = 1e-9 * (act.scale / abs(a) + abs(lo.isFinite ? lo : 0) / abs(a) + abs(up.isFinite ? up : 0) / abs(a))
                if newUpper.isFinite, abs(newUpper) < 1e12 {
                    let b = newUpper + tol + 1e-9 * max(1, abs(newUpper))
                    if b < implied.upper[j] { implied.upper[j] = b; implied.upperRow[j] = Int32(i) }
                }
                if newLower.isFinite, abs(newLower) < 1e12 {
                    let b = newLower - tol - 1e-9 * max(1, abs(newLower))
                    if b > implied.lower[j] { implied.lower[j] = b; implied.lowerRow[j] = Int32(i) }
                }
            }
        }
        return implied
    }

    /// The largest value of `s·(row i)` over the column bounds, continuous columns within the bounds
    /// implied by other rows; +∞ when unbounded.
    func maximumActivity(row i: Int, sign s: Double, implied: ImpliedColumnBounds) -> Double {
        var total = 0.0
        let cols = p.rowColumns[i], vals = p.rowValues[i]
        for k in cols.indices {
            let j = Int(cols[k])
            let a = s * vals[k]
            var lo = p.columnLower[j], up = p.columnUpper[j]
            if !p.isInteger[j] {
                lo = implied.lower(j, own: lo, row: i)
                up = implied.upper(j, own: up, row: i)
            }
            let bound = a > 0 ? up : lo
            guard bound.isFinite else { return .infinity }
            total += a * bound
        }
        return total
    }
}
