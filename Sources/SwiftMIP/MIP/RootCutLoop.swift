import Foundation

/// What the root cut loop did (minimisation form, no objective constant), for the log and ``SolveResult``.
struct RootCutReport: Sendable {
    /// The root LP relaxation's value before any cut.
    var lpBound: Double? = nil
    /// The root LP's value after the last cut round.
    var cutBound: Double? = nil
    var rounds = 0
    /// Cuts that entered the LP, by separator name.
    var addedByOrigin: [String: Int] = [:]
    /// Cuts removed from the LP by ageing or the final clean-up.
    var removed = 0
    /// Cuts left in the LP (and shared with every worker).
    var finalCount = 0
}

extension SearchWorker {
    /// `solved`: the last root LP's value and the root's bound (the better of it and an earlier pass's).
    enum CutRoundResult { case solved(lpValue: Double, bound: Double), infeasible, stopped }

    /// Root cutting-plane rounds: separate at the LP point, select (efficacy, parallelism), add the
    /// rows, re-solve, age out cuts that stay slack, and stop when the bound stalls, nothing is
    /// separated, the round limit or the time budget is reached. The cuts left at the end are
    /// published so that every worker's LP gets them (``SearchWorker/syncCuts``).
    func separateRootCuts(lower: [Double], upper: [Double]) -> CutRoundResult {
        let baseRows = lp.rowCount
        // Cuts this LP already holds (only when the root is processed again after a requeue).
        let held = cutsAdded
        let inLP: [Cut] = search.cuts.withLock { Array($0.prefix(held)) }
        let management = settings.cutManagement
        var cutPool = CutPool(settings: management, columnCount: model.columnCount)
        var report = RootCutReport()
        var z = lp.objectiveValue
        report.lpBound = z
        let started = LPClock.now()
        let budget = settings.deadline.isFinite ? max(1, management.timeFraction * (settings.deadline - started)) : .infinity
        let perRound = management.perRoundLimit(rows: model.rowCount)
        var result: CutRoundResult? = nil
        var stall = RootCutStall(firstPoint: lp.columnValues, firstObjective: z, rounds: settings.cutStallRounds)

        var refreshesLeft = settings.cutLoopRefreshes
        let minimumRoundsBeforeRefresh = 2
        var passBound = -Double.infinity   // the best LP value an earlier pass ended with
        var passStart = 0
        /// Ends a pass of rounds. With a refresh left, every cut goes back to the pool and the LP is
        /// re-solved without them, and the next pass starts from that fresh LP point (HiGHS gets the same
        /// effect from its root restart): the pool cuts violated there come back, and the separators see a
        /// point the previous pass never reached. False when the loop is over.
        func refresh(_ round: Int) -> Bool {
            // A pass that ended within a few rounds found what there was to find at this LP.
            guard refreshesLeft > 0, round - passStart >= minimumRoundsBeforeRefresh, !cutPool.active.isEmpty,
                  lp.rowCount == baseRows + cutPool.active.count else { return false }
            refreshesLeft -= 1
            passBound = max(passBound, z)
            let count = cutPool.active.count
            moveCutsToPool(Array(0..<count), &cutPool, baseRows: baseRows)
            guard resolveAfterRemoval(lower: lower, upper: upper) else { result = .stopped; return false }
            z = lp.objectiveValue
            stall = RootCutStall(firstPoint: lp.columnValues, firstObjective: z, rounds: settings.cutStallRounds)
            passStart = round + 1
            if !settings.isSubMIP, let log = search.log {
                log.message("Cut loop refresh: \(count) cuts back to the pool, LP bound "
                            + formatObjective(model.reportedObjective(fromMinimization: z)))
            }
            return true
        }

        rounds: for round in 0..<(settings.cutRounds * (1 + max(0, settings.cutLoopRefreshes))) {
            if LPClock.now() - started > budget || search.isStopped { break }
            if round - passStart >= settings.cutRounds { if refresh(round) { continue } else { break } }
            let x = lp.columnValues
            if fractionalColumns(x).isEmpty { break }
            let context = CutContext(model: model, values: x, lower: lower, upper: upper, lpObjective: z,
                                     rowActivities: lp.rowActivities, basis: lp.basis, existingCuts: inLP + cutPool.active,
                                     round: round, tableau: lp.tableau())
            var fresh: [Cut] = []
            for separator in settings.separators { fresh += separator.separate(context) }
            let selected = cutPool.select(fresh, at: x, limit: perRound)
            if selected.isEmpty { if refresh(round) { continue } else { break } }
            lp.addRows(selected.map(\.row), lower: selected.map(\.lower), upper: selected.map(\.upper))
            cutPool.added(selected)
            var counts: [String: Int] = [:]
            for c in selected { counts[c.origin, default: 0] += 1 }
            for (k, v) in counts { report.addedByOrigin[k, default: 0] += v }
            report.rounds = round + 1
            switch solveLP() {
            case .optimal: break
            case .infeasible, .cutoff:
                result = .infeasible
                break rounds
            case .timeLimit, .interrupted:
                result = .stopped
                break rounds
            default:
                // Keep the cuts (they are valid) but stop separating.
                lp.basis = slackBasis(lower: lower, upper: upper)
                if solveLP() != .optimal { result = .stopped; break rounds }
                z = lp.objectiveValue
                break rounds
            }
            // Ageing: cuts whose rows stay slack leave the LP.
            let removed = removeSlackCuts(&cutPool, baseRows: baseRows, all: false)
            report.removed += removed
            if removed > 0, !resolveAfterRemoval(lower: lower, upper: upper) { result = .stopped; break rounds }
            let newZ = lp.objectiveValue
            let progress = newZ - z
            z = newZ
            if !settings.isSubMIP, let log = search.log {
                let parts = counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                log.message("Cut round \(round + 1): \(selected.count) added (\(parts)), \(removed) aged out, "
                            + "\(cutPool.active.count) in LP, bound "
                            + formatObjective(model.reportedObjective(fromMinimization: z)))
            }
            if stall.observe(point: lp.columnValues, objective: z, progress: progress,
                             minimumProgress: settings.cutMinimumProgress) {
                if refresh(round) { continue } else { break }
            }
        }
        if result == nil {
            // Final clean-up (SCIP's cleanup of root rows): cuts that are slack at the final root LP go.
            let removed = removeSlackCuts(&cutPool, baseRows: baseRows, all: true)
            report.removed += removed
            if removed > 0, !resolveAfterRemoval(lower: lower, upper: upper) { result = .stopped }
            if result == nil { z = lp.objectiveValue }
        }
        let cuts = cutPool.active
        // An earlier pass's LP was a valid relaxation too: the root keeps the better of the two bounds.
        let bound = max(z, passBound)
        report.cutBound = bound
        let nodeCuts = result == nil && settings.nodeCutRounds > 0 && !settings.isSubMIP
            && (settings.nodeCutsDecidedEarlier
                ?? rootCutGainWarrantsNodeCuts(lpBound: report.lpBound, cutBound: report.cutBound,
                                               minimumShare: settings.nodeCutMinimumRootGain))
        search.nodeCutsActive.store(nodeCuts, ordering: .relaxed)
        if nodeCuts && settings.seedTreePoolWithRootCuts {
            // The cuts that aged out of the root LP seed the tree cut pool (NodeCutLoop.swift).
            let aged = cutPool.pool
            search.treeCuts.withLock { $0 += aged }
            search.treeCutCount.wrappingAdd(aged.count, ordering: .relaxed)
            search.treeCutSeeded.wrappingAdd(aged.count, ordering: .relaxed)
        }
        search.cuts.withLock { $0 += cuts }
        cutsAdded += cuts.count
        report.finalCount = cuts.count
        search.rootCutReport.withLock { $0 = report }
        if let log = search.log, report.rounds > 0 {
            let origins = report.addedByOrigin.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            let added = report.addedByOrigin.values.reduce(0, +)
            log.message("Root cuts: \(added) added (\(origins)) in \(report.rounds) rounds, \(report.removed) removed, "
                        + "\(cuts.count) kept; bound " + formatObjective(model.reportedObjective(fromMinimization: z))
                        + " (LP " + formatObjective(model.reportedObjective(fromMinimization: report.lpBound ?? z)) + ")"
                        + (settings.nodeCutRounds > 0 ? "; node cuts " + (nodeCuts ? "on" : "off") : ""))
        }
        return result ?? .solved(lpValue: z, bound: bound)
    }

    /// Re-solves after rows left the LP (the basis stays optimal, so this only refactorises); falls back
    /// to a slack basis. False when the LP cannot be solved to optimality.
    private func resolveAfterRemoval(lower: [Double], upper: [Double]) -> Bool {
        if solveLP() == .optimal { return true }
        lp.basis = slackBasis(lower: lower, upper: upper)
        return solveLP() == .optimal
    }

    /// Removes cut rows whose logical is basic with a positive slack: those that reached the age limit
    /// (or all of them when `all`). Returns how many went.
    private func removeSlackCuts(_ cutPool: inout CutPool, baseRows: Int, all: Bool) -> Int {
        let count = cutPool.active.count
        guard count > 0, lp.rowCount == baseRows + count else { return 0 }
        let rows = lp.basis.rows
        let activity = lp.rowActivities
        var slack = [Bool](repeating: false, count: count)
        for t in 0..<count {
            slack[t] = cutPool.active[t].isSlack(activity: activity[baseRows + t], status: rows[baseRows + t])
        }
        var positions = cutPool.ageCuts(slack: slack)
        if all { positions = (0..<count).filter { slack[$0] } }
        guard !positions.isEmpty else { return 0 }
        moveCutsToPool(positions, &cutPool, baseRows: baseRows)
        return positions.count
    }

    /// Takes the cuts at `positions` (in `cutPool.active`) out of the LP, back into the pool.
    private func moveCutsToPool(_ positions: [Int], _ cutPool: inout CutPool, baseRows: Int) {
        lp.removeRows(positions.map { baseRows + $0 })
        cutPool.remove(positions)
    }
}

/// When the root cut loop stops for lack of progress (as HiGHS's root separation, `evaluateRootNode`):
/// a round stalls when the bound rose by less than the minimum progress (relative to |bound|, or
/// 0.1 % of the total rise so far) AND the LP point did not move on (its smoothed distance from the first
/// root LP point grew by less than 1 %). The loop stops after `rounds` stalled rounds in a row; on
/// degenerate LPs the bound often stays flat for a round or two while the cuts move the point.
struct RootCutStall {
    let firstPoint: [Double]
    let firstObjective: Double
    let rounds: Int
    private var smoothDistance = -1.0
    private var stalled = 0

    init(firstPoint: [Double], firstObjective: Double, rounds: Int) {
        self.firstPoint = firstPoint
        self.firstObjective = firstObjective
        self.rounds = max(1, rounds)
    }

    /// Records a round that ended at `point` with bound `objective` (a rise of `progress`); true: stop.
    mutating func observe(point: [Double], objective: Double, progress: Double, minimumProgress: Double) -> Bool {
        var squared = 0.0
        for j in 0..<min(point.count, firstPoint.count) {
            let d = point[j] - firstPoint[j]
            squared += d * d
        }
        let distance = squared.squareRoot()
        let total = objective - firstObjective
        let boundMoved = progress >= minimumProgress * max(1, abs(objective)) && progress > 1e-3 * total
        var pointMoved = false
        if smoothDistance < 0 {
            smoothDistance = distance
            pointMoved = distance > 1e-6
        } else {
            let next = (2 * smoothDistance + distance) / 3
            pointMoved = next >= 1.01 * smoothDistance && next > 1e-6
            smoothDistance = next
        }
        stalled = boundMoved || pointMoved ? 0 : stalled + 1
        return stalled >= rounds
    }
}

/// Whether the tree runs node cut rounds (NodeCutLoop.swift): only where the root cuts raised the LP
/// bound from `lpBound` to `cutBound` by at least `minimumShare` of the bound's magnitude. Where root
/// separation found nothing that moves the bound (stein27/45, qiu, misc07, mas76, l152lav), separating
/// at every node costs LP re-solves and pool scans for nothing; where it did (timtab1, neos-911880,
/// 10teams), node cuts carry the gain on through the tree, as SCIP and HiGHS do by separating at nodes.
func rootCutGainWarrantsNodeCuts(lpBound: Double?, cutBound: Double?, minimumShare: Double) -> Bool {
    guard let lpBound, let cutBound, lpBound.isFinite, cutBound.isFinite else { return false }
    let gain = cutBound - lpBound
    return gain > 0 && gain >= minimumShare * max(1, abs(lpBound), abs(cutBound))
}

/// Experiment overrides of the root cut loop from the environment (benchmarking only):
/// `SWIFTMIP_CUTROUNDS` (round limit per pass), `SWIFTMIP_CUTSTALL` (stalled rounds before stopping),
/// `SWIFTMIP_CUTREFRESH` (refresh passes), `SWIFTMIP_CUTPAR` (maximum parallelism of the cuts of a round),
/// `SWIFTMIP_CUTAGE` (LP solves a cut may stay slack),
/// `SWIFTMIP_SEPARATORS` (comma-separated separator names to keep, e.g. `cmir,gomory`),
/// `SWIFTMIP_NODECUTS` (node cut rounds; 0 = off) and `SWIFTMIP_NODECUT_POOL`, `_PERNODE`, `_AGE`, `_SEED`,
/// `_SEPARATE`, `_PLUNGE`, `_ROOTGAIN` (the other node cut settings, SearchSettings.swift).
func applyRootCutOverrides(_ settings: inout SearchSettings) {
    let environment = ProcessInfo.processInfo.environment
    if let names = environment["SWIFTMIP_SEPARATORS"] {
        let keep = Set(names.split(separator: ",").map { String($0) })
        settings.separators = settings.separators.filter { keep.contains($0.name) }
    }
    if let v = environment["SWIFTMIP_CUTROUNDS"].flatMap({ Int($0) }), v >= 0 { settings.cutRounds = v }
    if let v = environment["SWIFTMIP_CUTREFRESH"].flatMap({ Int($0) }), v >= 0 { settings.cutLoopRefreshes = v }
    if let v = environment["SWIFTMIP_CUTPAR"].flatMap({ Double($0) }), v > 0 { settings.cutManagement.maximumParallelism = v }
    if let v = environment["SWIFTMIP_CUTAGE"].flatMap({ Int($0) }), v >= 1 { settings.cutManagement.ageLimit = v }
    if let v = environment["SWIFTMIP_CUTSTALL"].flatMap({ Int($0) }), v >= 1 { settings.cutStallRounds = v }
    if let v = environment["SWIFTMIP_NODECUTS"].flatMap({ Int($0) }), v >= 0 { settings.nodeCutRounds = v }
    if let v = environment["SWIFTMIP_NODECUT_POOL"].flatMap({ Int($0) }), v >= 0 { settings.treeCutPoolLimit = v }
    if let v = environment["SWIFTMIP_NODECUT_PERNODE"].flatMap({ Int($0) }), v >= 1 { settings.nodeCutsPerNode = v }
    if let v = environment["SWIFTMIP_NODECUT_SEED"] { settings.seedTreePoolWithRootCuts = v != "0" }
    if let v = environment["SWIFTMIP_NODECUT_SEPARATE"] { settings.nodeSeparation = v != "0" }
    if let v = environment["SWIFTMIP_NODECUT_PLUNGE"] { settings.nodeCutsInPlunges = v != "0" }
    if let v = environment["SWIFTMIP_NODECUT_AGE"].flatMap({ Int($0) }), v >= 1 { settings.nodeCutAgeLimit = v }
    if let v = environment["SWIFTMIP_NODECUT_ROOTGAIN"].flatMap({ Double($0) }), v >= 0 { settings.nodeCutMinimumRootGain = v }
}
