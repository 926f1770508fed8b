import Foundation

/// The answer of ``verify(network:property:options:)``.
///
/// A VNNLIB property describes a *violation*; `sat` means a violating input exists (with a
/// forward-checked counterexample), `unsat` means the safety property holds on the whole input region.
public enum VerificationVerdict: String, Sendable, Hashable {
    /// A counterexample was found and confirmed by a forward pass in Double.
    case sat
    /// Every subproblem was proven free of violations with floating-point-safe bounds.
    case unsat
    /// The time limit (or a cancellation) stopped the search before a verdict.
    case timeout
    /// The search ended without a verdict (e.g. unbounded inputs, subproblem limit).
    case unknown
}

/// A confirmed counterexample: an input in one of the property's boxes whose outputs satisfy one of the
/// output disjuncts.
public struct VerificationCounterexample: Sendable {
    /// The input (each value Float32-representable when the box allows it, and inside the box).
    public var input: [Double]
    /// The network's outputs at `input`, from a forward pass in Double.
    public var output: [Double]
    /// The region and disjunct of the property that the point satisfies.
    public var region: Int
    public var disjunct: Int
    /// The largest value of `c·y − rhs` over the disjunct's constraints (≤ 0; more negative = more robust).
    public var margin: Double

    /// The VNN-COMP text form `((X_0 v)\n (X_1 v)\n … (Y_0 v) …)`.
    public var vnnText: String {
        var lines: [String] = []
        for (i, v) in input.enumerated() { lines.append("(X_\(i) \(formatNumber(v)))") }
        for (j, v) in output.enumerated() { lines.append("(Y_\(j) \(formatNumber(v)))") }
        return "(" + lines.joined(separator: "\n ") + ")\n"
    }
}

/// Shortest round-trip decimal form of a Double (never `inf`/`nan` for the values written here).
func formatNumber(_ v: Double) -> String {
    if v == v.rounded(), abs(v) < 1e15 { return String(format: "%.1f", v) }
    return "\(v)"
}

/// Counters of a verification run.
public struct VerificationStatistics: Sendable {
    /// Subproblems whose bounds were computed (the root included).
    public var subproblems: Int = 0
    /// Subproblems closed by a proof.
    public var provenLeaves: Int = 0
    /// Largest number of open subproblems at once.
    public var maxOpen: Int = 0
    /// Forward passes spent by attacks.
    public var attackEvaluations: Int = 0
    /// Fraction of the input volume proven safe (input splitting) or of the leaves' weight (ReLU splitting).
    public var provenFraction: Double = 0
    /// Wall-clock seconds.
    public var time: Double = 0
    /// Which strategy ran: "input", "relu" or "none" (decided at the root or by attack).
    public var strategy: String = "none"
}

/// The result of ``verify(network:property:options:)``.
public struct VerificationResult: Sendable {
    /// sat / unsat / timeout / unknown.
    public var verdict: VerificationVerdict
    /// The counterexample when `verdict == .sat`.
    public var counterexample: VerificationCounterexample?
    /// Counters and time.
    public var statistics: VerificationStatistics
    /// A short reason for `unknown` (or a note).
    public var note: String = ""
}

/// Settings of ``verify(network:property:options:)``.
public struct VerificationOptions: Sendable {
    /// Wall-clock limit in seconds (the verdict is `timeout` when reached).
    public var timeLimit: Double
    /// Worker threads for the subproblem queue.
    public var threads: Int
    /// Progress and diagnostics, one line per call.
    public var log: LogHandler?
    /// Seconds between progress lines.
    public var logInterval: Double
    /// Raise it from another thread to stop (verdict `timeout`).
    public var cancellation: CancellationToken?
    /// Random seed of the attacks.
    public var seed: UInt64
    /// `nil`: choose by input dimension (input splitting for at most `inputSplitMaxDimension` inputs).
    public var useInputSplitting: Bool?
    /// Input dimension up to which input splitting is chosen automatically.
    public var inputSplitMaxDimension: Int
    /// Stop with `unknown` after this many subproblems.
    public var subproblemLimit: Int
    /// alpha-CROWN on the property rows: projected-gradient steps on the ReLU lower slopes per subproblem
    /// that plain CROWN leaves open (three times as many at the root), warm-started from the parent's
    /// slopes; 0 turns it off. ReLU splitting runs three times as many per node (slopes and split multipliers).
    public var alphaIterations: Int = 8
    /// Input splitting: how many of the best-scored inputs are tried by computing both children's bounds
    /// (the bisection with the best children wins; its children keep those bounds), one more when the
    /// region has a single disjunct. 0 or 1: the score alone.
    public var inputLookahead: Int = 2
    /// ReLU splitting: beta-CROWN (Wang et al. 2021) — multipliers β ≥ 0 of the split constraints,
    /// optimised with the alpha slopes and inherited by the children (needs `alphaIterations > 0`).
    public var betaCROWN: Bool = true
    /// ReLU splitting: recompute the CROWN bounds of the layers after each split (true), or keep the
    /// parent's with the split ReLU clamped (false; cheaper per subproblem, relies on beta-CROWN).
    public var recomputeIntermediateBounds: Bool = false
    /// ReLU splitting: filtered smart branching (De Palma et al. 2021) over this many best-scored ReLUs
    /// (both children of each bounded on the hardest row); 0 or 1: the BaBSR-style score alone.
    public var reluBranchingCandidates: Int = 8
    /// ReLU splitting: alpha-CROWN steps on the intermediate-layer bounds of the root subproblem (kept by
    /// the whole tree); 0: CROWN only.
    public var rootIntermediateAlphaIterations: Int = 0
    /// Input splitting: a node with at most this many unstable ReLUs (and at least `leafLPMinDepth` deep)
    /// is decided by LP with ReLU splitting on its box (`LeafLP.swift`) before it is bisected; 0: never.
    public var leafLPMaxUnstable: Int = 40
    /// Input splitting: the least depth at which the leaf LP is tried.
    public var leafLPMinDepth: Int = 20

    /// Creates options; defaults: no time limit, 2 threads, no log, progress every 5 s.
    public init(timeLimit: Double = .infinity, threads: Int = 2, log: LogHandler? = nil, logInterval: Double = 5,
                cancellation: CancellationToken? = nil, seed: UInt64 = 20240601, useInputSplitting: Bool? = nil,
                inputSplitMaxDimension: Int = 20, subproblemLimit: Int = .max) {
        self.timeLimit = timeLimit
        self.threads = threads
        self.log = log
        self.logInterval = logInterval
        self.cancellation = cancellation
        self.seed = seed
        self.useInputSplitting = useInputSplitting
        self.inputSplitMaxDimension = inputSplitMaxDimension
        self.subproblemLimit = subproblemLimit
    }
}
