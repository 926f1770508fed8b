import Dispatch

/// How an LP solve ended.
enum LPStatus: Sendable, Equatable {
    case optimal, infeasible, unbounded, cutoff, timeLimit, iterationLimit, numericalTrouble, interrupted
}

/// The status of a column or of a row's logical in a simplex basis.
enum BasisStatus: UInt8, Sendable {
    case basic, atLower, atUpper
    /// Nonbasic free variable at 0.
    case free
    /// Nonbasic with lower == upper.
    case fixed
}

/// A simplex basis: one status per column and one per row (the row's logical variable).
/// Cheap to copy; store one per branch-and-bound node and assign it to ``LPSolver/basis``.
struct LPBasis: Sendable, Equatable {
    var columns: [BasisStatus]
    var rows: [BasisStatus]
}

/// Settings of one LP solve.
struct LPOptions: Sendable {
    var primalTolerance = 1e-7
    var dualTolerance = 1e-7
    /// Simplex iterations one `solve()` call may make (each re-solve of a warm-started solver has its
    /// own budget; `LPSolver.iterations` counts the total).
    var iterationLimit = Int.max
    /// Absolute deadline on the ``LPClock`` (seconds).
    var deadline: Double = .infinity
    /// The dual simplex may stop with `.cutoff` once the (minimisation) dual objective exceeds it.
    var objectiveCutoff: Double = .infinity
    var cancellation: CancellationToken? = nil
    var log: LogHandler? = nil
    /// Seconds between log lines.
    var logInterval: Double = 1
    /// Pricing rule of the dual simplex.
    var dualPricing: DualPricing = .automatic
}

/// Pricing rule of the dual simplex (choice of the leaving row).
enum DualPricing: Sendable, Equatable {
    /// Dual steepest edge, switching to devex for the rest of a solve when the updated weights keep
    /// disagreeing with the exact ones.
    case automatic
    /// Dual steepest edge only (Forrest & Goldfarb 1992).
    case steepestEdge
    /// Dual devex reference weights (no extra FTRAN per iteration).
    case devex
}

/// Monotonic clock in seconds, for ``LPOptions/deadline``.
enum LPClock {
    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 }
}

/// A sparse row for ``LPSolver/addRows(_:lower:upper:)``.
struct SparseRow: Sendable {
    var indices: [Int32]
    var values: [Double]
}
