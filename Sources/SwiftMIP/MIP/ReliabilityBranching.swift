import Foundation
import Synchronization

/// Reliability branching (Achterberg, Koch & Martin, "Branching rules revisited", 2005): pseudocost
/// branching whose pseudocosts are initialised by strong branching on candidates with fewer than
/// `reliability` observations in either direction. Strong branching is limited by a per-LP iteration
/// limit, a lookahead (stop after `lookahead` candidates without improvement), a candidate count, and a
/// total budget proportional to the node-LP iterations.
final class ReliabilityBranching: BranchingRule {
    var name: String { "reliability" }

    /// Observations per direction after which a pseudocost is trusted.
    let reliability: Int
    /// Stop strong branching after this many candidates without a better score.
    let lookahead: Int
    /// At most this many strong-branching candidates per node (root: `rootCandidates`).
    let maxCandidates: Int
    let rootCandidates: Int
    /// Strong-branching iterations may reach `iterationQuotient` × node-LP iterations + `iterationOffset`.
    let iterationQuotient: Double
    let iterationOffset: Int

    private struct State {
        var table: PseudocostTable
        var strongIterations = 0
    }
    private let state: Guarded<State>

    init(columnCount: Int, reliability: Int = 4, lookahead: Int = 8, maxCandidates: Int = 20,
         rootCandidates: Int = 100, iterationQuotient: Double = 0.5, iterationOffset: Int = 2000,
         pseudocosts: PseudocostTable? = nil) {
        self.reliability = reliability
        self.lookahead = lookahead
        self.maxCandidates = maxCandidates
        self.rootCandidates = rootCandidates
        self.iterationQuotient = iterationQuotient
        self.iterationOffset = iterationOffset
        let carried = pseudocosts.flatMap { $0.sumDown.count == columnCount ? $0 : nil }
        state = Guarded(State(table: carried ?? PseudocostTable(columnCount: columnCount)))
    }

    /// The pseudocosts learnt so far (a restart carries them to the next search).
    var pseudocosts: PseudocostTable { state.withLock { $0.table } }

    func observe(_ record: BranchRecord, parentObjective: Double, childObjective: Double?) {
        guard let childObjective else {
            if branchingHistoryEnabled { state.withLock { $0.table.recordCutoff(column: Int(record.column), up: record.up) } }
            return
        }
        state.withLock {
            $0.table.record(column: Int(record.column), up: record.up, distance: record.distance,
                            gain: childObjective - parentObjective)
        }
    }

    func observeInferences(_ record: BranchRecord, count: Int) {
        guard branchingHistoryEnabled else { return }
        state.withLock { $0.table.recordInferences(column: Int(record.column), up: record.up, count: count) }
    }

    func pseudocostEstimate(column: Int, down: Bool, distance: Double) -> Double? {
        state.withLock { $0.table.unitCost(column: column, up: !down) } * distance
    }

    func roundingEstimates(columns: [Int], values: [Double]) -> [(down: Double, up: Double)]? {
        state.withLock { s in
            columns.map { j in
                let f = values[j] - values[j].rounded(.down)
                return (s.table.unitCost(column: j, up: false) * f, s.table.unitCost(column: j, up: true) * (1 - f))
            }
        }
    }

    func branch(_ context: BranchingContext, probe: inout any LPProbe) -> BranchingDecision {
        let candidates = context.fractional
        guard !candidates.isEmpty else { return .abstain }
        let values = context.values
        // Pseudocost scores and reliabilities, read under one lock.
        var scored: [(column: Int, score: Double, reliable: Bool, down: Double, up: Double)] = []
        scored.reserveCapacity(candidates.count)
        var budgetLeft = 0
        state.withLock { s in
            for j in candidates {
                let f = values[j] - values[j].rounded(.down)
                let down = s.table.unitCost(column: j, up: false) * f
                let up = s.table.unitCost(column: j, up: true) * (1 - f)
                let score = branchingHistoryEnabled
                    ? s.table.score(column: j, down: down, up: up) : productScore(down, up)
                scored.append((j, score, s.table.reliability(column: j) >= reliability, down, up))
            }
            budgetLeft = Int(iterationQuotient * Double(context.nodeLPIterations)) + iterationOffset - s.strongIterations
        }
        // Best score first; ties by column index for determinism.
        scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.column < $1.column }

        var bestIndex = 0
        var bestScore = -1.0
        var bestDownBound: Double? = nil, bestUpBound: Double? = nil
        // The most promising reliable candidate is the baseline strong branching must beat.
        if let first = scored.firstIndex(where: { $0.reliable }) {
            bestIndex = first
            bestScore = scored[first].score
        }
        let averageIterations = context.nodeLPSolves > 0 ? context.nodeLPIterations / context.nodeLPSolves : 50
        let iterationLimit = min(500, max(15, 2 * averageIterations))
        let candidateLimit = context.depth == 0 ? rootCandidates : maxCandidates
        var tried = 0, sinceImprovement = 0
        var spent = 0
        var tightenings: [BoundChange] = []
        // Every candidate whose two sides were solved gives the node the bound min(down, up) (each point of
        // the node lies on one side); the best of these is a bound for both children.
        var strongBound = -Double.infinity
        for (index, c) in scored.enumerated() where !c.reliable {
            if tried >= candidateLimit || sinceImprovement >= lookahead || spent >= budgetLeft { break }
            tried += 1
            let j = c.column
            let v = values[j]
            let downChange = BoundChange.upper(j, v.rounded(.down))
            let upChange = BoundChange.lower(j, v.rounded(.up))
            let down = probe.probe([downChange], iterationLimit: iterationLimit)
            let up = probe.probe([upChange], iterationLimit: iterationLimit)
            spent += down.iterations + up.iterations
            let downDead = isDead(down, cutoff: context.cutoff)
            let upDead = isDead(up, cutoff: context.cutoff)
            if downDead && upDead { recordSpent(spent); return .prune }
            if downDead { tightenings.append(upChange); continue }
            if upDead { tightenings.append(downChange); continue }
            guard usable(down), usable(up) else { continue }
            if down.status == .optimal && up.status == .optimal && strongBranchingNodeBound {
                strongBound = max(strongBound, min(down.objective, up.objective))
            }
            let downGain = max(0, down.objective - context.lpObjective)
            let upGain = max(0, up.objective - context.lpObjective)
            let score = state.withLock { s in
                s.table.record(column: j, up: false, distance: v - v.rounded(.down), gain: downGain)
                s.table.record(column: j, up: true, distance: v.rounded(.up) - v, gain: upGain)
                return branchingHistoryEnabled
                    ? s.table.score(column: j, down: downGain, up: upGain)
                    : productScore(downGain, upGain)
            }
            if score > bestScore {
                bestScore = score
                bestIndex = index
                bestDownBound = down.status == .optimal ? down.objective : nil
                bestUpBound = up.status == .optimal ? up.objective : nil
                sinceImprovement = 0
            } else {
                sinceImprovement += 1
            }
        }
        recordSpent(spent)
        if !tightenings.isEmpty { return .tighten(tightenings) }
        let best = scored[bestIndex]
        let v = values[best.column]
        var children = variableDichotomy(column: best.column, value: v,
                                         estimateDown: context.lpObjective + best.down,
                                         estimateUp: context.lpObjective + best.up)
        // Strong-branching objectives solved to optimality are valid bounds for the children.
        children[0].lowerBound = max(bestDownBound ?? -.infinity, strongBound)
        children[1].lowerBound = max(bestUpBound ?? -.infinity, strongBound)
        return .branch(children)
    }

    private func recordSpent(_ n: Int) {
        state.withLock { $0.strongIterations += n }
    }

    private func isDead(_ r: ProbeResult, cutoff: Double) -> Bool {
        switch r.status {
        case .infeasible, .cutoff: return true
        case .optimal: return r.objective >= cutoff
        default: return false
        }
    }

    private func usable(_ r: ProbeResult) -> Bool { r.status == .optimal || r.status == .iterationLimit }
}

/// `SWIFTMIP_BRANCH_HISTORY=0` scores candidates by the pseudocost product alone, without the inference
/// and cut-off histories as a tie-break (benchmarking switch).
let branchingHistoryEnabled: Bool = ProcessInfo.processInfo.environment["SWIFTMIP_BRANCH_HISTORY"] != "0"

/// Strong branching raises the children's bound to the node bound it proves unless
/// `SWIFTMIP_SB_BOUND=0` (benchmarking switch).
let strongBranchingNodeBound: Bool = ProcessInfo.processInfo.environment["SWIFTMIP_SB_BOUND"] != "0"

/// `SWIFTMIP_RELIABILITY=k` sets the reliability threshold of the default rule (benchmarking switch;
/// default 4).
let reliabilityThresholdOverride: Int? = ProcessInfo.processInfo.environment["SWIFTMIP_RELIABILITY"].flatMap { Int($0) }
