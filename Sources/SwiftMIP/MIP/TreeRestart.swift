import Foundation
import Synchronization

/// Restarts during the tree search (as HiGHS and SCIP do; Achterberg 2007, §10.9 for the root case):
/// a better incumbent found in the tree lowers the cutoff, so the root LP's reduced costs may now fix
/// many integer columns that they could not fix when the root finished. When enough are fixed and the
/// tree still looks far from finished, it is cheaper to presolve the model again with those bounds and
/// search it from a fresh root (new LP, cuts with the better cutoff, heuristics) than to go on.
///
/// The test runs every ``SearchSettings/treeRestartCheckInterval`` nodes (one worker at a time):
/// - fixings: root reduced-cost fixing against the current cutoff plus propagation
///   (``TreeSearch/rootReducedCostFixings(afterNodes:)``); `s` = share of the free integer columns fixed;
/// - tree size: the explored share `w` of the tree is 1 − Σ 2^−depth over the open nodes that can still
///   beat the cutoff (binary branching); from the nodes spent per explored weight since the last reset,
///   the estimated size of the whole tree. As in HiGHS (HighsMipSolver::run, "huge tree" votes), a check
///   votes "huge tree" when that estimate is at least 20·r times the nodes done and the gap has shrunk by
///   less than a factor 1 + 0.05/r since the last reset, with r = (1 − s)²; a check that does not vote
///   resets the votes and the reference point. No check votes once half the tree is explored
///   (``treeRestartMaximumExploredWeight``): on a bound plateau the weight gained between checks is ~0,
///   so the estimate explodes even when only a few hundred open nodes remain, and a restart then throws
///   away most of a finished search (neos-911880 restarted at 83 % and 98 % explored, "estimated 1e10
///   nodes", and its bound fell from 54.705 to 54.63 behind the thrown-away tree's);
/// - restart when `s` ≥ ``SearchSettings/treeRestartFraction`` and the votes reach
///   r·(10 + leaves/1000)·1.5^(earlier tree restarts), leaves ≈ nodes/2 — more fixings, fewer votes.
///
/// Validity is the root restart's (RootRestart.swift): the fixings only remove points worse than the
/// cutoff and the incumbent is carried over; the tree's proven dual bound stays in the reported bound.
struct TreeRestartMonitor: Sendable {
    var votes = 0
    var nodesAtReset = 0
    var weightAtReset = 0.0
    var gapAtReset = Double.infinity
}

/// `SWIFTMIP_TREE_RESTART=0` turns tree restarts off; `SWIFTMIP_TREE_RESTART_FRACTION` sets the share of
/// the free integer columns root reduced costs must fix (default 0.025, HiGHS's root threshold; 0: the votes
/// alone decide, as in HiGHS);
/// `SWIFTMIP_TREE_RESTART_LOG=1` logs every test.
let treeRestartEnabled: Bool = ProcessInfo.processInfo.environment["SWIFTMIP_TREE_RESTART"] != "0"
let treeRestartMinimumFixedFraction: Double = {
    if let s = ProcessInfo.processInfo.environment["SWIFTMIP_TREE_RESTART_FRACTION"], let v = Double(s), v >= 0 { return v }
    return 0.025
}()
/// `SWIFTMIP_TREE_RESTART_MAX_EXPLORED` sets the explored share of the tree from which no check votes
/// for a restart (default 0.5; 1 turns the guard off).
let treeRestartMaximumExploredWeight: Double = {
    if let s = ProcessInfo.processInfo.environment["SWIFTMIP_TREE_RESTART_MAX_EXPLORED"], let v = Double(s), v > 0 { return v }
    return 0.5
}()
let treeRestartLogTests: Bool = ProcessInfo.processInfo.environment["SWIFTMIP_TREE_RESTART_LOG"] == "1"

extension TreeSearch {
    /// The explored share of the tree: 1 − Σ 2^−depth over the open and held nodes below the cutoff.
    func exploredTreeWeight() -> Double {
        let cutoff = store.cutoff
        return state.withLock { s in
            var open = s.pool.openWeight(below: cutoff)
            for w in 0..<s.inflight.count where s.inflight[w] < cutoff {
                open += exp2(-Double(min(s.inflightDepth[w], 1000)))
            }
            return max(0, min(1, 1 - open))
        }
    }

    /// Called by a worker after each node: every `treeRestartCheckInterval` nodes one worker runs the
    /// restart test and, when it passes, stops the search with ``SearchStop/restart``.
    func considerTreeRestart() {
        guard settings.treeRestart || settings.treeRestartForceAfterNodes > 0, !settings.isSubMIP else { return }
        let n = nodeCount.load(ordering: .relaxed)
        let next = nextTreeRestartCheck.load(ordering: .relaxed)
        guard n >= next, !isStopped else { return }
        let interval = max(1, settings.treeRestartCheckInterval)
        guard nextTreeRestartCheck.compareExchange(expected: next, desired: n + interval, ordering: .relaxed).exchanged else { return }
        guard rootDuals != nil else { return }
        let incumbent = store.objective
        guard incumbent < mipInfinity else {
            treeRestartMonitor.withLock { $0 = TreeRestartMonitor() }
            return
        }
        let weight = exploredTreeWeight()
        let gap = incumbent - dualBound
        guard let point = rootReducedCostFixings(afterNodes: n) else { return }
        let s = point.share
        let r = max(1e-3, (1 - s) * (1 - s))
        let (votes, needed, estimate) = treeRestartMonitor.withLock { m -> (Int, Int, Double) in
            // Nodes spent per unit of explored weight since the reset, times the weight left.
            let rate = Double(n - m.nodesAtReset) / max(weight - m.weightAtReset, 1e-12)
            let estimate = Double(m.nodesAtReset) + rate * (1 - weight)
            let gapReduction = m.gapAtReset.isFinite && gap > 0 ? m.gapAtReset / gap : .infinity
            if weight < treeRestartMaximumExploredWeight && gapReduction < 1 + 0.05 / r && estimate >= 20 * r * Double(n) {
                m.votes += 1
            } else {
                m = TreeRestartMonitor(votes: 0, nodesAtReset: n, weightAtReset: weight, gapAtReset: gap)
            }
            let leaves = Double(n) / 2
            let needed = Int((r * (10 + leaves / 1000) * pow(1.5, Double(settings.treeRestartsBefore))).rounded())
            return (m.votes, max(1, needed), estimate)
        }
        let forced = settings.treeRestartForceAfterNodes > 0 && n >= settings.treeRestartForceAfterNodes
        if treeRestartLogTests {
            log?.message(String(format: "Tree restart test after %d nodes: fixes %d of %d (%.1f%%), explored %.3g%%, "
                                + "estimate %.3g nodes, votes %d of %d", n, point.newlyFixed, point.freeIntegers,
                                100 * s, 100 * weight, estimate, votes, needed))
        }
        guard forced || (s >= settings.treeRestartFraction && votes >= needed) else { return }
        var chosen = point
        chosen.note = String(format: "tree explored %.2g%%, estimated %.3g nodes", 100 * weight, estimate)
        restartPoint.withLock { $0 = chosen }
        requestStop(.restart)
    }
}
