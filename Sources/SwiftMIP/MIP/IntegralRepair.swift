// Repair of a node LP point that is integral within the integrality tolerance but rejected by the
// checker on the original model: an integer at 1e-5 rounds to 0, and the continuous columns that
// rested on it (x ≤ u·y) then violate their rows. The integers are fixed to their rounded values and the
// LP is solved again for the continuous columns; the result is offered to the incumbent store.

extension SearchWorker {
    /// Fixes the integer columns at their rounded values of `x`, re-solves, offers the point, and
    /// restores the node's bounds and basis. True when the node is settled: the repaired point is
    /// feasible and within the gap tolerances of the node's bound `bound` (so dropping the node loses
    /// nothing the gap allows; the caller keeps `bound` in the global dual bound); false otherwise (the
    /// caller keeps the node unresolved).
    func repairIntegralPoint(_ x: [Double], bound: Double, lower: [Double], upper: [Double]) -> Bool {
        let basis = lp.basis
        for j in integerColumns {
            let v = min(max(x[j].rounded(), lower[j]), upper[j])
            lp.setColumnBounds(j, lower: v, upper: v)
        }
        defer {
            for j in integerColumns { lp.setColumnBounds(j, lower: lower[j], upper: upper[j]) }
            lp.basis = basis
        }
        guard solveLP(useCutoff: false) == .optimal else { return false }
        var verdict = submit(lp.columnValues, .tree)
        if verdict == .rejected || verdict == .infeasible {
            // Rows violated by round-off within the LP's primal tolerance (fixnet6 after a restart:
            // 1.06e-6 on one row at the optimum): once more with a 100 times tighter one.
            let tolerance = lp.options.primalTolerance
            lp.options.primalTolerance = tolerance / 100
            defer { lp.options.primalTolerance = tolerance }
            guard solveLP(useCutoff: false) == .optimal else { return false }
            verdict = submit(lp.columnValues, .tree)
        }
        let z = lp.objectiveValue
        guard verdict == .accepted || verdict == .notBetter else { return false }
        let tolerance = max(settings.absoluteGap, settings.relativeGap * max(1, abs(z)))
        return z <= bound + tolerance
    }
}
