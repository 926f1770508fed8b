import Foundation

/// The cuts a worker's LP holds beyond the model's rows and the shared root cuts: rows taken from the
/// search's tree cut pool, aged out again when they stay slack (the node-local LP management of SCIP
/// and HiGHS, where the LP of a tree node carries the pool cuts its point violates).
struct DynamicCutRows {
    /// Pool index of each dynamic row, in LP row order (after the shared cuts).
    var poolIndex: [Int] = []
    /// Consecutive node LPs at whose end the row was slack.
    var age: [Int] = []
    /// Whether the pool cut is in the LP (indexed by pool index).
    var inLP: [Bool] = []
    /// The worker's copy of the tree cut pool (append-only, so only new cuts are copied).
    var pool: [Cut] = []

    /// Records pool cut `k` as the next row of the LP.
    mutating func append(_ k: Int) {
        poolIndex.append(k)
        age.append(0)
        inLP[k] = true
    }

    /// Forgets the rows at `positions` (ascending; the caller removes them from the LP).
    mutating func remove(_ positions: [Int]) {
        var keep = [Bool](repeating: true, count: poolIndex.count)
        for t in positions { keep[t] = false; inLP[poolIndex[t]] = false }
        let kept = poolIndex.indices.filter { keep[$0] }
        poolIndex = kept.map { poolIndex[$0] }
        age = kept.map { age[$0] }
    }
}

extension SearchWorker {
    /// The LP row where the node cut rows start (after the model's rows and the shared cuts); nil when
    /// the LP does not hold exactly those rows and the node cut rows (then nothing is changed).
    private var nodeCutRowStart: Int? {
        let start = model.rowCount + cutsAdded
        return lp.rowCount == start + dynamicCuts.poolIndex.count ? start : nil
    }

    /// Node cuts: the tree cut pool's cuts violated at the node's LP point enter the LP at every node,
    /// and at a node taken from the open-node pool the separators run as well (HiGHS separates at the
    /// nodes it installs from its queue, `HighsMipSolver::run`, `separateAndStoreBasis`; SCIP separates
    /// at tree nodes by depth frequency). The separators see the search's global bounds, not the node's,
    /// so every cut is globally valid and goes to the shared tree pool. GMI is left out: it complements
    /// each column at the bound its nonbasic status names, a local bound at a node; the tableau c-MIR
    /// rebuilds its aggregation from the rows and substitutes the bounds it is given.
    /// True when rows were added (the caller re-solves the node's LP).
    func addNodeCuts(values x: [Double], objective z: Double, separate: Bool) -> Bool {
        guard nodeCutRowStart != nil else { return false }
        refreshPoolCopy()
        var candidates: [Cut] = []
        var candidatePool: [Int] = []
        let minimum = settings.cutManagement.minimumEfficacy
        for (k, cut) in dynamicCuts.pool.enumerated() where !dynamicCuts.inLP[k] {
            if cut.efficacy(at: x) >= minimum { candidates.append(cut); candidatePool.append(k) }
        }
        let fromPool = candidates.count
        if separate, search.treeCutCount.load(ordering: .relaxed) < settings.treeCutPoolLimit {
            let held = cutsAdded
            let shared: [Cut] = search.cuts.withLock { Array($0.prefix(held)) }
            let context = CutContext(model: model, values: x, lower: search.rootLower, upper: search.rootUpper,
                                     lpObjective: z, rowActivities: lp.rowActivities, basis: lp.basis,
                                     existingCuts: shared + dynamicCuts.poolIndex.map { dynamicCuts.pool[$0] },
                                     round: 0, tableau: lp.tableau())
            for separator in settings.separators where !(separator is GomoryMixedIntegerSeparator) {
                candidates += separator.separate(context)
            }
        }
        guard !candidates.isEmpty else { return false }
        let selection = CutPool(settings: settings.cutManagement, columnCount: model.columnCount)
        let chosen = selection.choose(candidates, at: x, limit: settings.nodeCutsPerNode)
        guard !chosen.isEmpty else { return false }
        var rows: [Cut] = []
        var newCuts: [Cut] = []
        var newRowsAt: [Int] = []   // positions in `rows` of the fresh cuts
        var indices: [Int] = []     // pool index of each row (fresh cuts: filled in below)
        for t in chosen {
            rows.append(candidates[t])
            if t < fromPool {
                indices.append(candidatePool[t])
            } else {
                newRowsAt.append(rows.count - 1)
                newCuts.append(candidates[t])
                indices.append(-1)
            }
        }
        if !newCuts.isEmpty {
            let first = search.treeCuts.withLock { pool -> Int in
                let start = pool.count
                pool += newCuts
                return start
            }
            search.treeCutCount.wrappingAdd(newCuts.count, ordering: .relaxed)
            search.nodeCutNodes.wrappingAdd(1, ordering: .relaxed)
            for (k, at) in newRowsAt.enumerated() { indices[at] = first + k }
            refreshPoolCopy()
        }
        lp.addRows(rows.map(\.row), lower: rows.map(\.lower), upper: rows.map(\.upper))
        for k in indices { dynamicCuts.append(k) }
        search.nodeCutRows.wrappingAdd(rows.count, ordering: .relaxed)
        return true
    }

    /// Makes the LP's node cut rows exactly `target` (pool indices in row order), keeping the common
    /// prefix. The LP's basis is meant to be replaced right after (by the basis stored with `target`).
    func installCutRows(_ target: [Int32]) {
        let current = dynamicCuts.poolIndex
        if current.isEmpty && target.isEmpty { return }
        guard let start = nodeCutRowStart else { return }
        var common = 0
        while common < min(current.count, target.count) && current[common] == Int(target[common]) { common += 1 }
        if common == current.count && common == target.count { return }
        if common < current.count {
            lp.removeRows(Array((start + common)..<(start + current.count)))
            dynamicCuts.remove(Array(common..<current.count))
        }
        guard common < target.count else { return }
        refreshPoolCopy()
        var rows: [Cut] = []
        for k32 in target[common...] {
            let k = Int(k32)
            guard k >= 0, k < dynamicCuts.pool.count, !dynamicCuts.inLP[k] else { break }
            rows.append(dynamicCuts.pool[k])
            dynamicCuts.append(k)
        }
        guard !rows.isEmpty else { return }
        lp.addRows(rows.map(\.row), lower: rows.map(\.lower), upper: rows.map(\.upper))
    }

    /// Copies the tree pool's cuts this worker has not seen yet.
    private func refreshPoolCopy() {
        let have = dynamicCuts.pool.count
        let fresh: [Cut] = search.treeCuts.withLock { $0.count > have ? Array($0[have...]) : [] }
        guard !fresh.isEmpty else { return }
        dynamicCuts.pool += fresh
        dynamicCuts.inLP += [Bool](repeating: false, count: fresh.count)
    }

    /// After a node's last LP solve: each dynamic row that is slack (its logical basic, strictly
    /// between its sides) ages by one, a tight one is reset.
    func ageDynamicCuts() {
        let count = dynamicCuts.poolIndex.count
        guard count > 0, let start = nodeCutRowStart else { return }
        let rows = lp.basis.rows
        let activity = lp.rowActivities
        for t in 0..<count {
            let slack = dynamicCuts.pool[dynamicCuts.poolIndex[t]].isSlack(activity: activity[start + t], status: rows[start + t])
            dynamicCuts.age[t] = slack ? dynamicCuts.age[t] + 1 : 0
        }
    }

    /// Before a node's LP: dynamic rows that reached the age limit (all of them when `all`) leave the LP.
    /// Only rows whose logical is basic go when the LP holds a basis (removing them keeps it a basis).
    func dropAgedCuts(all: Bool = false) {
        let count = dynamicCuts.poolIndex.count
        guard count > 0, let start = nodeCutRowStart else { return }
        let rows = lp.basis.rows
        let drop = (0..<count).filter { t in
            all || (dynamicCuts.age[t] >= settings.nodeCutAgeLimit && rows[start + t] == .basic)
        }
        guard !drop.isEmpty else { return }
        lp.removeRows(drop.map { start + $0 })
        dynamicCuts.remove(drop)
    }
}
