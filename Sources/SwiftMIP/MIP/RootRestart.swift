import Foundation

/// Root restart (Achterberg 2007, §10.9; as HiGHS and SCIP do): once the root is done — cuts, diving,
/// RENS — and an incumbent exists, reduced-cost fixing with the root LP's reduced costs against the
/// incumbent cutoff, followed by propagation, may fix many integer columns. When at least
/// ``restartMinimumFixedFraction`` of the integer columns not fixed at the start are fixed, the search
/// stops (``SearchStop/restart``), `solveMIP` presolves the model again with those bounds and solves the
/// reduced model from a fresh root (LP, cuts, heuristics), keeping the incumbent.
///
/// Validity: reduced-cost fixing only removes points whose objective exceeds the cutoff, which lies
/// below the incumbent by at most one lattice step (ObjectiveLattice.swift); the incumbent is carried
/// over, so the optimum of the restarted model, or the incumbent, is an optimum of the original.
struct RestartPoint: Sendable {
    var lower: [Double]
    var upper: [Double]
    /// Integer columns fixed by the restart test (not fixed before it) and integer columns not fixed
    /// before it.
    var newlyFixed: Int
    var freeIntegers: Int
    /// nil: the root restart; else a tree restart after this many nodes of the search (TreeRestart.swift).
    var afterNodes: Int? = nil
    /// What the tree restart test saw (for the log).
    var note = ""

    var share: Double { freeIntegers > 0 ? Double(newlyFixed) / Double(freeIntegers) : 0 }
}

/// `SWIFTMIP_RESTART=0` turns the root restart off (benchmarking); `SWIFTMIP_RESTART_FRACTION` sets the
/// share of the free integer columns that must be fixed (default 0.025, as HiGHS at the end of its root).
let restartEnabled: Bool = ProcessInfo.processInfo.environment["SWIFTMIP_RESTART"] != "0"
let restartMinimumFixedFraction: Double = {
    if let s = ProcessInfo.processInfo.environment["SWIFTMIP_RESTART_FRACTION"], let v = Double(s), v > 0 { return v }
    return 0.025
}()
/// The default reliability branching of a restarted search starts from the pseudocosts of the finished one
/// (mapped through the presolve's column map), as HiGHS does; `SWIFTMIP_RESTART_PSEUDOCOSTS=0` disables.
let restartPseudocostsEnabled: Bool = ProcessInfo.processInfo.environment["SWIFTMIP_RESTART_PSEUDOCOSTS"] != "0"
/// `SWIFTMIP_RESTART_CUTS=0`: the restarted model does not get the root cuts as rows.
let restartCutsEnabled: Bool = ProcessInfo.processInfo.environment["SWIFTMIP_RESTART_CUTS"] != "0"
/// Restarts per solve: the root restart (first search only) and tree restarts (TreeRestart.swift) count.
let maximumRestarts = 3

extension TreeSearch {
    /// Called by the worker that processed the root, after the deferred root heuristics: fixes integer
    /// columns by the root reduced costs and propagation, and stops the search for a restart when
    /// enough are fixed. Never when another stop is pending or the search has gone far already.
    func considerRestart() {
        guard settings.restartFraction > 0, !settings.isSubMIP, !isStopped else { return }
        guard let point = rootReducedCostFixings(afterNodes: nil) else { return }
        let share = point.share
        log?.message(String(format: "Restart test: root reduced costs fix %d of %d free integer columns (%.1f%%, threshold %.1f%%)",
                            point.newlyFixed, point.freeIntegers, 100 * share, 100 * settings.restartFraction))
        guard share >= settings.restartFraction else { return }
        restartPoint.withLock { $0 = point }
        requestStop(.restart)
    }

    /// Root reduced-cost fixing with the root LP's reduced costs against the current cutoff, then
    /// propagation, on the root bounds: the bounds and how many free integer columns they fix. nil
    /// without an incumbent or root duals, when nothing is fixed, or when propagation finds no point
    /// better than the cutoff (the tree will find that out itself, cheaply).
    func rootReducedCostFixings(afterNodes: Int?) -> RestartPoint? {
        guard store.objective < mipInfinity, let root = rootDuals else { return nil }
        var lower = rootLower, upper = rootUpper
        var free = 0
        for j in 0..<model.columnCount where model.isInteger[j] && lower[j] < upper[j] { free += 1 }
        guard free > 0 else { return nil }
        let changes = reducedCostFixing(model: model, lpObjective: root.objective, reducedCosts: root.reducedCosts,
                                        cutoff: store.cutoff, lower: &lower, upper: &upper)
        guard !changes.isEmpty || afterNodes != nil else { return nil }
        var propagator = DomainPropagator(model: model)
        if propagator.propagate(lower: &lower, upper: &upper, workLimit: 10 * max(1, model.matrix.nonzeroCount)) == .infeasible {
            return nil
        }
        var fixed = 0
        for j in 0..<model.columnCount where model.isInteger[j] && rootLower[j] < rootUpper[j] && lower[j] >= upper[j] {
            fixed += 1
        }
        return RestartPoint(lower: lower, upper: upper, newlyFixed: fixed, freeIntegers: free, afterNodes: afterNodes)
    }
}

extension IncumbentStore {
    /// Carries an incumbent of an earlier search into this store (a restart): `originalValues` are
    /// checked on the original model again; `searchValues` is this search's guess of the same point
    /// (used by RINS and guided diving only). Not counted as a new solution, no callbacks.
    func seed(originalValues: [Double], searchValues: [Double], source: SolutionSource) -> Bool {
        let check = original.check(originalValues, tolerances: tolerances)
        guard check.isFeasible, searchValues.count == searchModel.columnCount else { return false }
        let v = searchModel.objectiveSign * (check.objective - searchModel.objectiveConstant)
        adopt(Incumbent(originalValues: originalValues, searchValues: searchValues, objective: v, source: source))
        return true
    }
}

/// The model a restart searches: `source` (the model the finished phase searched) with the restart's
/// column bounds, presolved again when `presolve` is set. `postsolve` maps its values to `source`'s
/// columns; `searchValues` is the incumbent's point guessed in its columns (through the column map).
/// nil when presolve proves that no point satisfies the bounds, i.e. none beats the incumbent's cutoff.
let restartCutPrefix = "restart_cut"

struct RestartedModel: Sendable {
    var model: Model
    var postsolve: @Sendable ([Double]) -> [Double]
    var searchValues: [Double]
    /// Column `k` of `model` is column `columnMap[k]` of `source` (identity without presolve).
    var columnMap: [Int]
}

func restartedModel(_ source: Model, lower: [Double], upper: [Double], cuts: [Cut], incumbent: IncumbentStore.Incumbent,
                    rootRowDuals: [Double] = [], dropCarriedCuts: Bool = false, presolve usePresolve: Bool,
                    options: SolverOptions) -> RestartedModel? {
    var restricted = source
    // Cut rows carried by an earlier restart that are slack at this search's root LP (zero dual) are
    // dropped — a relaxation, so always valid — lest the rows pile up over several restarts; with
    // `dropCarriedCuts`, all of them are.
    if dropCarriedCuts || rootRowDuals.count == restricted.constraints.count {
        var kept: [ConstraintInfo] = []
        kept.reserveCapacity(restricted.constraints.count)
        for (i, row) in restricted.constraints.enumerated()
        where !(row.name.hasPrefix(restartCutPrefix) && (dropCarriedCuts || abs(rootRowDuals[i]) <= 1e-9)) {
            kept.append(row)
        }
        restricted.constraints = kept
    }
    let n = restricted.variables.count
    for j in 0..<min(n, lower.count, upper.count) {
        restricted.variables[j].lowerBound = lower[j]
        restricted.variables[j].upperBound = upper[j]
    }
    // The root cuts kept at the end of the cut loop are valid for every integer point of `source`:
    // they become rows of the restarted model (as HiGHS keeps its cut pool across a restart), so the
    // new root starts from the old bound instead of separating everything again.
    if restartCutsEnabled {
        for (k, cut) in cuts.enumerated() {
            guard cut.row.indices.allSatisfy({ $0 >= 0 && Int($0) < n }) else { continue }
            var terms: [LinearTerm] = []
            for (t, j) in cut.row.indices.enumerated() where cut.row.values[t] != 0 {
                terms.append(LinearTerm(cut.row.values[t], Variable(index: Int(j))))
            }
            terms.sort { $0.variable.index < $1.variable.index }
            guard !terms.isEmpty, zip(terms, terms.dropFirst()).allSatisfy({ $0.variable.index < $1.variable.index }) else { continue }
            restricted.constraints.append(ConstraintInfo(name: "\(restartCutPrefix)\(k)", lowerBound: cut.lower,
                                                         upperBound: cut.upper, terms: terms))
        }
    }
    let unchanged = RestartedModel(model: restricted, postsolve: { $0 }, searchValues: incumbent.searchValues,
                                   columnMap: Array(0..<n))
    guard usePresolve else { return unchanged }
    switch presolve(restricted, options: options) {
    case let .reduced(reduced, map, _):
        let old = incumbent.searchValues
        let guess = map.columnMap.map { $0 < old.count ? old[$0] : 0 }
        return RestartedModel(model: reduced, postsolve: { map.originalValues(from: $0) }, searchValues: guess,
                              columnMap: map.columnMap)
    case .infeasible:
        return nil
    case .unbounded:
        // Cannot happen with a bounded LP at the root; search the restricted model as it is.
        return unchanged
    }
}
