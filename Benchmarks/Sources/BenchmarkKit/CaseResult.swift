import Foundation

/// Everything measured and decided for one case.
public struct CaseResult: Sendable {
    public var benchCase: BenchmarkCase
    public var timeLimit: Double
    /// runs[0] is SwiftMIP; then the reference solvers in --compare order (MPS cases only).
    public var runs: [RunRecord]
    public var judgements: [Judgement]
    /// The solver that ran first on this case (the order alternates).
    public var firstSolver: String
    /// Flags from the baseline comparison ("slower", "answer changed", ...).
    public var baselineFlags: [String] = []

    public var swiftmip: RunRecord { runs[0] }
    /// The known optimal objective, if the case has one.
    public var knownOptimum: Double? {
        if case .optimal(let v) = benchCase.expected { return v }
        return nil
    }
    public var outcome: Outcome { judgements[0].outcome }

    /// The time of run i for means: its time when solved correctly, nil otherwise.
    func solvedTime(_ i: Int, _ timing: TimingMethod) -> Double? {
        judgements[i].outcome == .ok && runs[i].status.isAnswer ? runs[i].seconds(timing) : nil
    }

    /// The time of run i counted at the time limit when unsolved or failed; nil for wrong answers
    /// (a wrong answer is never averaged into a time).
    func penalisedTime(_ i: Int, _ timing: TimingMethod) -> Double? {
        switch judgements[i].outcome {
        case .wrong: return nil
        case .ok where runs[i].status.isAnswer: return runs[i].seconds(timing)
        default: return timeLimit
        }
    }

    /// SwiftMIP's time over the reference's (run i), when both solved it.
    func ratio(_ i: Int, _ timing: TimingMethod) -> Double? {
        guard let a = solvedTime(0, timing), let b = solvedTime(i, timing) else { return nil }
        return a / max(b, 1e-6)
    }
}

/// Counts and means for one solver over a run.
public struct SolverSummary: Sendable {
    public var label: String
    public var models = 0
    public var solved = 0
    public var wrong = 0
    public var unsolved = 0
    public var errors = 0
    /// Shifted geometric mean (shift 1 s) over all models but the wrong ones, unsolved counted at the limit.
    public var sgmAll = Double.nan
}

/// SwiftMIP against one reference solver.
public struct PairSummary: Sendable {
    public var reference: String
    /// Models both solved correctly (the means below are over these).
    public var bothSolved = 0
    public var sgmSwiftMIP = Double.nan
    public var sgmReference = Double.nan
    /// Geometric mean of (t_swiftmip + 1)/(t_reference + 1) over models both solved; > 1: SwiftMIP slower.
    public var shiftedRatio = Double.nan
}

/// The summary of a run.
public struct RunSummary: Sendable {
    public var solvers: [SolverSummary]
    public var pairs: [PairSummary]
    /// Models without a known answer where SwiftMIP and a reference solver disagree.
    public var disagreements: Int

    public init(results: [CaseResult], labels: [String], timing: TimingMethod) {
        solvers = labels.indices.map { i in
            var s = SolverSummary(label: labels[i])
            var penalised: [Double] = []
            for r in results where i < r.runs.count {
                s.models += 1
                switch r.judgements[i].outcome {
                case .ok: if r.runs[i].status.isAnswer { s.solved += 1 } else { s.unsolved += 1 }
                case .wrong: s.wrong += 1
                case .unsolved: s.unsolved += 1
                case .error: s.errors += 1
                }
                if let t = r.penalisedTime(i, timing) { penalised.append(t) }
            }
            s.sgmAll = Statistics.shiftedGeometricMean(penalised)
            return s
        }
        pairs = labels.indices.dropFirst().map { i in
            var p = PairSummary(reference: labels[i])
            var a: [Double] = [], b: [Double] = []
            for r in results where i < r.runs.count {
                if let x = r.solvedTime(0, timing), let y = r.solvedTime(i, timing) {
                    a.append(x)
                    b.append(y)
                }
            }
            p.bothSolved = a.count
            p.sgmSwiftMIP = Statistics.shiftedGeometricMean(a)
            p.sgmReference = Statistics.shiftedGeometricMean(b)
            p.shiftedRatio = Statistics.shiftedRatio(a, b)
            return p
        }
        disagreements = results.filter { $0.judgements[0].notes.contains { $0.hasPrefix("disagrees with") } }.count
    }
}
