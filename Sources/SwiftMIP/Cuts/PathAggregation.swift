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
//    one of its tight rows drawn at random (as HiGHS's path separator does). The random draw matters:
//    a fixed choice (the row with the fewest other columns strictly inside their bounds, then the
//    shortest) walks the same paths round after round. On timtab1 the root bound rose from 484.6k to
//    497k–520k over five seeds, and HiGHS's own separator loses 112k of its root bound when its draw is
//    replaced by the first row. The generator is seeded by the cut round, so runs repeat exactly.

import Foundation

/// Whether the c-MIR separator aggregates along paths (`SWIFTMIP_PATHAGG=0` turns it off: benchmarking).
let pathAggregationDefault: Bool = ProcessInfo.processInfo.environment["SWIFTMIP_PATHAGG"] != "0"

/// Whether the c-MIR and flow cover separators also start from and aggregate the cuts already in the LP,
/// as HiGHS's path separator does (`SWIFTMIP_AGGREGATE_CUTS=0` turns it off: benchmarking). Off until
/// the path rows were drawn at random: the root loops then ran longer on slowly creeping rank-2 cuts
/// (rgn 0.1 s → 1.8 s) for little gain. With the random draw it closes 1.4 points more of the root gap
/// over the MIPLIB set (57.3 % → 58.7 %, root only, 1 thread) at 11 % more root time; timtab1's root
/// bound goes from 497k–520k to 499k–539k over five seeds.
let aggregateLPCutsDefault: Bool = ProcessInfo.processInfo.environment["SWIFTMIP_AGGREGATE_CUTS"] != "0"

/// Whether a path step draws its row at random (`SWIFTMIP_PATHRANDOM=0`: the fixed choice; benchmarking)
/// and the seed of the draws (`SWIFTMIP_PATHSEED=k` shifts it, to measure how much a result owes to it).
let pathRandomRowChoice: Bool = ProcessInfo.processInfo.environment["SWIFTMIP_PATHRANDOM"] != "0"
let pathAggregationSeed: UInt64 = 0x5EED &+ (UInt64(ProcessInfo.processInfo.environment["SWIFTMIP_PATHSEED"] ?? "0") ?? 0)

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

    /// The weight of the row of column entry k (of `rows`) that cancels the aggregate's coefficient c of
    /// that column, when the row may join the path: not used yet, a weight within [1e-4, 1e4], and tight at
    /// the LP point on the side the weight's sign uses (rowUpper for w > 0, rowLower for w < 0).
    func pathWeight(cancelling c: Double, entry k: Int, activities: [Double]) -> Double? {
        let i = Int(rows.rowIndex[k])
        guard !rowUsed[i] else { return nil }
        let w = -c / rows.columnValue[k]
        guard abs(w) >= 1e-4, abs(w) <= 1e4, slack(i, side: w > 0 ? 1 : -1, activity: activities[i]) <= 1e-6 else { return nil }
        return w
    }

    /// One path step: eliminates the continuous column of the aggregate farthest from its closest simple
    /// or variable bound, with a row tight at the LP point that contains it: drawn at random, or (with
    /// `SWIFTMIP_PATHRANDOM=0`) the row bringing the fewest columns strictly inside their bounds (SCIP's
    /// `nbadvarsinrow` preference, `sepa_aggregation.c`), then the shortest. False when there is none.
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
                guard let w = pathWeight(cancelling: c, entry: k, activities: activities) else { continue }
                let i = Int(m.rowIndex[k])
                let len = m.rowStart[i + 1] - m.rowStart[i]
                let b = badColumnsInRow[i]
                if b < bad || (b == bad && len < length) { row = i; weight = w; bad = b; length = len }
            }
            work += m.columnStart[j + 1] - m.columnStart[j]
            if row >= 0 { bestColumn = j; bestRow = row; bestWeight = weight; bestDistance = boundDistance[j] }
        }
        guard bestColumn >= 0 else { return false }
        if pathRandomRowChoice {
            // The k-th (random) of the best column's eligible rows: count them, draw, find it again.
            let j = bestColumn, c = aggregate.value[j]
            var count = 0
            for k in m.columnStart[j]..<m.columnStart[j + 1]
            where pathWeight(cancelling: c, entry: k, activities: activities) != nil { count += 1 }
            work += 2 * (m.columnStart[j + 1] - m.columnStart[j])
            var pick = random.int(count)
            for k in m.columnStart[j]..<m.columnStart[j + 1] {
                guard let w = pathWeight(cancelling: c, entry: k, activities: activities) else { continue }
                if pick == 0 { bestRow = Int(m.rowIndex[k]); bestWeight = w; break }
                pick -= 1
            }
        }
        eliminate(bestColumn, row: bestRow, weight: bestWeight, rhs: &rhs, used: &used)
        return true
    }
}
