/// LP diving (Achterberg 2007, §9.2; Berthold 2006, "Primal heuristics for mixed integer programs",
/// §3): starting from a node's LP point, repeatedly bound one fractional integer column to an integer,
/// propagate and re-solve the LP (warm-started by the dual simplex), backtracking once per step by
/// trying the other direction. The rules differ only in which column they round and in which direction.
enum DivingRule: Int, CaseIterable, Sendable {
    /// The least fractional column, to its nearer integer.
    case fractional
    /// Coefficient diving: the column with the fewest locks in one direction, in that direction (ties:
    /// the smaller move); columns that can be rounded without locks are left for the rounding heuristics.
    case coefficient
    /// Guided diving (Danna, Rothberg & Le Pape 2005, §4): the column closest to the incumbent's value,
    /// towards it. Needs an incumbent.
    case guided
}

/// Per-worker state of the heuristics that run inside the tree (diving rotation, RINS frequency).
struct WorkerHeuristicState {
    /// Dives started by this worker (the periodic dive rotates through the rules).
    var dives = 0
    /// `processed` at this worker's last RINS run, and the incumbent count it had seen then.
    var rinsLastNode = 0
    var rinsSolutionsSeen = 0
    /// RINS runs of this worker that found nothing in a row (the frequency backs off).
    var rinsFailures = 0
}

extension SearchWorker {
    /// The rules a dive at this node uses: the root tries fractional and coefficient diving (the budget
    /// decides how far they get); later dives rotate through the rules, guided diving only with an incumbent.
    func divingRulesForNode(isRoot: Bool) -> [DivingRule] {
        if isRoot { return [.coefficient, .fractional] }
        let all = DivingRule.allCases
        for k in 0..<all.count {
            let rule = all[(heuristicState.dives + k) % all.count]
            if rule == .guided && search.store.objective >= mipInfinity { continue }
            return [rule]
        }
        return []
    }

    /// One dive from the node point `start` within the node's bounds. Changes the LP's bounds and basis
    /// (the caller restores them). Every point found goes through ``submit(_:_:)``.
    func dive(_ rule: DivingRule, x start: [Double], lower: [Double], upper: [Double]) {
        heuristicState.dives += 1
        let incumbent = rule == .guided ? search.store.incumbent?.searchValues : nil
        if rule == .guided && incumbent == nil { return }
        var dl = lower, du = upper
        var x = start
        let maxSteps = min(integerColumns.count, 300)
        var budget = divingBudget()
        for _ in 0..<maxSteps {
            if budget <= 0 || search.checkLimits() { return }
            let fractional = fractionalColumns(x)
            if fractional.isEmpty {
                submit(x, .diving)
                return
            }
            if let y = rounding.simpleRounding(values: x, fractional: fractional), submit(y, .diving) == .accepted {
                return
            }
            if let y = rounding.ziRounding(values: x, fractional: fractional, lower: dl, upper: du),
               submit(y, .diving) == .accepted {
                return
            }
            guard let (pick, roundUp) = divingCandidate(rule, x: x, fractional: fractional, incumbent: incumbent) else {
                return
            }
            let v = x[pick]
            var solved = false
            for attempt in 0..<2 {
                let up = attempt == 0 ? roundUp : !roundUp
                var tl = dl, tu = du
                if up { tl[pick] = v.rounded(.up) } else { tu[pick] = v.rounded(.down) }
                if tl[pick] > tu[pick] { continue }
                if propagator.propagate(lower: &tl, upper: &tu, workLimit: settings.propagationWorkLimit / 4,
                                        startColumns: [pick]) == .infeasible {
                    continue
                }
                lp.setColumnBounds(lower: tl, upper: tu)
                let before = lp.iterations
                let status = solveLP(iterationLimit: max(10, budget), diving: true)
                budget -= lp.iterations - before
                if status == .optimal && lp.objectiveValue < search.store.cutoff {
                    dl = tl
                    du = tu
                    x = lp.columnValues
                    solved = true
                    break
                }
                if status != .infeasible && status != .cutoff && status != .optimal { return }
            }
            if !solved { return }
        }
    }

    /// The column a dive bounds next and whether it rounds up; nil when the rule has no candidate.
    func divingCandidate(_ rule: DivingRule, x: [Double], fractional: [Int], incumbent: [Double]?) -> (Int, Bool)? {
        guard let first = fractional.first else { return nil }
        var pick = first
        var pickUp = false
        // Lexicographic score (primary, secondary): smaller is better.
        var best = (Double.infinity, Double.infinity)
        for j in fractional {
            let f = x[j] - x[j].rounded(.down)
            let score: (Double, Double)
            let up: Bool
            switch rule {
            case .fractional:
                up = f >= 0.5
                score = (min(f, 1 - f), 0)
            case .coefficient:
                let down = Int(rounding.downLocks[j]), upLocks = Int(rounding.upLocks[j])
                // Trivially roundable columns rank after every locked one.
                let trivial = down == 0 || upLocks == 0 ? 1e9 : 0
                if upLocks < down || (upLocks == down && f >= 0.5) {
                    up = true
                    score = (trivial + Double(upLocks), 1 - f)
                } else {
                    up = false
                    score = (trivial + Double(down), f)
                }
            case .guided:
                guard let incumbent else { return nil }
                up = incumbent[j] > x[j]
                score = (abs(x[j] - incumbent[j]), min(f, 1 - f))
            }
            if score < best {
                best = score
                pick = j
                pickUp = up
            }
        }
        return (pick, pickUp)
    }
}
