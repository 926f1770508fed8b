import Foundation

// Probing on binary columns at the root (Savelsbergh 1994, "Preprocessing and probing techniques
// for mixed integer programming problems", §3; Achterberg 2007, §10.6): each binary x_j is set to 0
// and to 1 in turn and the domain propagated.
// - One side infeasible: x_j takes the other value (and that side's propagated bounds hold).
// - Both sides infeasible: the model is infeasible.
// - Otherwise every column's bounds may shrink to the hull of the two sides' bounds: a feasible point
//   has x_j = 0 or x_j = 1, so it lies within one of the two propagated boxes.
// Only the root bounds change (valid for every feasible point); the model stays the same.

/// What probing did.
struct RootProbingReport: Sendable {
    var probed = 0
    /// Binaries fixed because one value was infeasible.
    var fixed = 0
    /// Bounds of other columns tightened by the hull of the two sides.
    var tightened = 0
    var infeasible = false
    /// The work or time budget ran out before every binary was probed.
    var stoppedEarly = false

    var description: String {
        "Probing: \(probed) binaries probed, \(fixed) fixed, \(tightened) bounds tightened"
            + (stoppedEarly ? " (budget reached)" : "")
    }
}

/// Probes the binaries of `model` on the root domain `lower`/`upper` (tightened in place), most
/// connected columns first, until about `workBudget` nonzeros were visited or `deadline` (on
/// `LPClock.now()`) passes.
func probeBinaries(model: CompressedModel, lower: inout [Double], upper: inout [Double],
                   workBudget: Int, deadline: Double) -> RootProbingReport {
    var report = RootProbingReport()
    let n = model.columnCount
    let columnStart = model.matrix.columnStart
    var candidates = (0..<n).filter { model.isInteger[$0] && lower[$0] == 0 && upper[$0] == 1 }
    guard !candidates.isEmpty, model.rowCount > 0 else { return report }
    candidates.sort { columnStart[$0 + 1] - columnStart[$0] > columnStart[$1 + 1] - columnStart[$1] }
    var propagator = DomainPropagator(model: model)
    // One probe: a full activity recomputation plus the propagation (limited to a few sweeps).
    let perProbeLimit = 2 * max(1, model.matrix.nonzeroCount) + 1000
    let probeCost = 2 * model.matrix.nonzeroCount + 2 * n
    var work = 0
    var changedDown: [BoundChange] = [], changedUp: [BoundChange] = []
    for j in candidates {
        if work > workBudget || (report.probed % 16 == 0 && LPClock.now() > deadline) {
            report.stoppedEarly = true
            break
        }
        guard lower[j] == 0 && upper[j] == 1 else { continue }
        report.probed += 1
        work += 2 * probeCost
        var downLower = lower, downUpper = upper
        downUpper[j] = 0
        changedDown.removeAll(keepingCapacity: true)
        let down = propagator.propagate(lower: &downLower, upper: &downUpper, workLimit: perProbeLimit,
                                        startColumns: [j], record: true, changed: &changedDown)
        var upLower = lower, upUpper = upper
        upLower[j] = 1
        changedUp.removeAll(keepingCapacity: true)
        let up = propagator.propagate(lower: &upLower, upper: &upUpper, workLimit: perProbeLimit,
                                      startColumns: [j], record: true, changed: &changedUp)
        switch (down, up) {
        case (.infeasible, .infeasible):
            report.infeasible = true
            return report
        case (.infeasible, _):
            lower = upLower; upper = upUpper
            report.fixed += 1
        case (_, .infeasible):
            lower = downLower; upper = downUpper
            report.fixed += 1
        default:
            // Hull of the two sides: only columns both sides changed can tighten.
            for c in changedDown {
                let k = Int(c.column)
                if c.isUpper {
                    let hull = max(downUpper[k], upUpper[k])
                    if hull < upper[k] { upper[k] = hull; report.tightened += 1 }
                } else {
                    let hull = min(downLower[k], upLower[k])
                    if hull > lower[k] { lower[k] = hull; report.tightened += 1 }
                }
            }
        }
    }
    if report.fixed + report.tightened > 0 {
        // Let the new bounds reach the rest of the model.
        if propagator.propagate(lower: &lower, upper: &upper, workLimit: 10 * max(1, model.matrix.nonzeroCount)) == .infeasible {
            report.infeasible = true
        }
    }
    return report
}

/// Root probing runs with presolve unless `SWIFTMIP_PROBING=0` (benchmarking switch).
let rootProbingEnabled: Bool = ProcessInfo.processInfo.environment["SWIFTMIP_PROBING"] != "0"
