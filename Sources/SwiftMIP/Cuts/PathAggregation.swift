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

/// The LP's rows as one matrix: the model's rows, then the cuts (indices outside the columns dropped).
func lpRowMatrix(model: CompressedModel, cuts: [Cut]) -> (SparseMatrix, [Double], [Double]) {
    let a = model.matrix
    var rowOf: [Int32] = [], columnOf: [Int32] = [], values: [Double] = []
    rowOf.reserveCapacity(a.nonzeroCount)
    for i in 0..<model.rowCount {
        for k in a.rowStart[i]..<a.rowStart[i + 1] {
            rowOf.append(Int32(i)); columnOf.append(a.columnIndex[k]); values.append(a.rowValue[k])
        }
    }
    var lower = model.rowLower, upper = model.rowUpper
    for (t, cut) in cuts.enumerated() {
        let i = Int32(model.rowCount + t)
        for (k, j) in cut.row.indices.enumerated() where j >= 0 && Int(j) < model.columnCount {
            rowOf.append(i); columnOf.append(j); values.append(cut.row.values[k])
        }
        lower.append(cut.lower.isFinite ? cut.lower : -mipInfinity)
        upper.append(cut.upper.isFinite ? cut.upper : mipInfinity)
    }
    let matrix = SparseMatrix(rowCount: model.rowCount + cuts.count, columnCount: model.columnCount,
                              rows: rowOf, columns: columnOf, values: values)
    return (matrix, lower, upper)
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
