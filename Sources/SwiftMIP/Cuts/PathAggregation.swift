// Path aggregation for the c-MIR and flow cover generators (the idea of HiGHS's path separator and of
// Achterberg 2007 §8.3, written for `MIREngine`).
//
// On flow and lot-sizing models the strong MIR cuts (cut-set, (l,S) inequalities) come from rows
// summed along a path of continuous columns: flow conservation rows joined by a flow strictly inside its
// bounds, inventory balances joined by the stock between two periods. The plain aggregation step
// measures a column's distance to its SIMPLE bounds only, so a flow sitting on its variable upper bound
// x = u·y (which the MIR step substitutes exactly and must NOT be eliminated) looks far from its bounds
// and is eliminated through its own two-entry bound row: the aggregation budget goes to substitutions
// the bound step does anyway. Here
//  - a continuous column's distance is to its closest simple OR variable bound (the bound the MIR
//    step will substitute); columns at such a bound are never eliminated;
//  - only rows tight at the LP point are added (equations, or the active side of an inequality): a
//    slack row would weaken the aggregate by its slack;
//  - among the columns of the aggregate with a tight row left, the farthest from its bounds goes, with
//    the shortest such row (fewest entries, then lowest index: deterministic).

import Foundation

/// Whether the c-MIR separator aggregates along paths (`SWIFTMIP_PATHAGG=0` turns it off: benchmarking).
let pathAggregationDefault: Bool = ProcessInfo.processInfo.environment["SWIFTMIP_PATHAGG"] != "0"

/// Whether the c-MIR and flow cover separators also start from and aggregate the cuts already in the LP
/// (`SWIFTMIP_AGGREGATE_CUTS=1`; off by default: timtab1's root bound rises from 412k to 485k, but on
/// MIPLIB as a whole the root loops run longer on slowly creeping rank-2 cuts (rgn 0.1 s → 1.8 s,
/// vpm2, dcmulti twice as slow) and fixnet6 once ended in numerical trouble).
let aggregateLPCutsDefault: Bool = ProcessInfo.processInfo.environment["SWIFTMIP_AGGREGATE_CUTS"] == "1"

/// The LP's rows (``LPRows``) as one matrix with both copies, for the aggregation engine; infinite
/// cut sides as ±mipInfinity.
func lpRowMatrix(model: CompressedModel, cuts: [Cut]) -> (SparseMatrix, [Double], [Double]) {
    let rows = LPRows(model: model, cuts: cuts)
    var rowOf = [Int32](repeating: 0, count: rows.column.count)
    for i in 0..<rows.count {
        for p in rows.start[i]..<rows.start[i + 1] { rowOf[p] = Int32(i) }
    }
    let matrix = SparseMatrix(rowCount: rows.count, columnCount: model.columnCount,
                              rows: rowOf, columns: rows.column, values: rows.value)
    // The engine's row sides are finite or ±mipInfinity, as the model's are.
    return (matrix, rows.lower.map { max($0, -mipInfinity) }, rows.upper.map { min($0, mipInfinity) })
}

extension MIREngine {
    /// Fills `boundDistance` for the continuous columns (distance of x* to the closest simple or
    /// variable bound, 0 within 1e-6) and, per row, how many such columns strictly inside their bounds
    /// it holds (`badColumnsInRow`).
    mutating func computeBoundDistances() {
        let n = model.columnCount
        boundDistance = [Double](repeating: 0, count: n)
        badColumnsInRow = [Int32](repeating: 0, count: rowCount)
        let m = rows
        for j in 0..<n where !model.isInteger[j] {
            var d = min(x[j] - lower[j], upper[j] - x[j])
            let lb = vlb[j], ub = vub[j]
            if lb.column >= 0 { d = min(d, x[j] - (lb.coefficient * x[Int(lb.column)] + lb.constant)) }
            if ub.column >= 0 { d = min(d, ub.coefficient * x[Int(ub.column)] + ub.constant - x[j]) }
            boundDistance[j] = d > 1e-6 ? d : 0
            if boundDistance[j] > 0 {
                for k in m.columnStart[j]..<m.columnStart[j + 1] { badColumnsInRow[Int(m.rowIndex[k])] += 1 }
            }
        }
    }

    /// One path step: eliminates the continuous column of the aggregate farthest from its closest simple
    /// or variable bound, with a row tight at the LP point that contains it: the row bringing the fewest
    /// columns strictly inside their bounds (SCIP's `nbadvarsinrow` preference, `sepa_aggregation.c`),
    /// then the shortest. False when there is none.
    mutating func pathStep(rhs: inout Double, activities: [Double], used: inout [Int]) -> Bool {
        if boundDistance.count != model.columnCount { computeBoundDistances() }
        let m = rows
        var bestColumn = -1, bestRow = -1, bestWeight = 0.0, bestDistance = 0.0
        for j32 in aggregate.support {
            let j = Int(j32)
            let c = aggregate.value[j]
            guard !model.isInteger[j], abs(c) > 1e-9, boundDistance[j] > bestDistance else { continue }
            var row = -1, weight = 0.0, bad = Int32.max, length = Int.max
            for k in m.columnStart[j]..<m.columnStart[j + 1] {
                let i = Int(m.rowIndex[k])
                guard !rowUsed[i] else { continue }
                let w = -c / m.columnValue[k]
                guard abs(w) >= 1e-4, abs(w) <= 1e4 else { continue }
                // Tight on the side the weight's sign uses (rowUpper for w > 0, rowLower for w < 0).
                guard slack(i, side: w > 0 ? 1 : -1, activity: activities[i]) <= 1e-6 else { continue }
                let len = m.rowStart[i + 1] - m.rowStart[i]
                let b = badColumnsInRow[i]
                if b < bad || (b == bad && len < length) { row = i; weight = w; bad = b; length = len }
            }
            work += m.columnStart[j + 1] - m.columnStart[j]
            if row >= 0 { bestColumn = j; bestRow = row; bestWeight = weight; bestDistance = boundDistance[j] }
        }
        guard bestColumn >= 0 else { return false }
        eliminate(bestColumn, row: bestRow, weight: bestWeight, rhs: &rhs, used: &used)
        return true
    }
}
