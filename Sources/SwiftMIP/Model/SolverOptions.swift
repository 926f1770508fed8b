import Synchronization

/// A flag another thread can raise to stop a running solve; the solver then returns
/// ``SolveStatus/interrupted`` with the best solution found so far.
public final class CancellationToken: Sendable {
    private let flag = Atomic<Bool>(false)
    /// Creates a token that is not cancelled.
    public init() {}
    /// Asks the solve to stop as soon as it can.
    public func cancel() { flag.store(true, ordering: .relaxed) }
    /// True once ``cancel()`` was called.
    public var isCancelled: Bool { flag.load(ordering: .relaxed) }
}

/// Settings of a solve. Defaults follow HiGHS: feasibility tolerances 1e-7, integrality 1e-6,
/// relative MIP gap 1e-4.
public struct SolverOptions: Sendable {
    /// Wall-clock limit in seconds (`.infinity` for none).
    public var timeLimit: Double
    /// Limit on simplex iterations (for an LP solve; per LP in a MIP).
    public var iterationLimit: Int
    /// Limit on branch-and-bound nodes.
    public var nodeLimit: Int
    /// Stop after this many improving solutions.
    public var solutionLimit: Int
    /// Worker threads for the branch-and-bound search.
    public var threads: Int
    /// Stop when (primal − dual) / max(|primal|, tiny) is at most this.
    public var relativeGap: Double
    /// Stop when primal − dual is at most this.
    public var absoluteGap: Double
    /// Largest bound or row violation accepted as feasible.
    public var primalTolerance: Double
    /// Largest reduced-cost sign violation accepted as dual feasible.
    public var dualTolerance: Double
    /// Largest distance from an integer accepted as integral.
    public var integralityTolerance: Double
    /// Run presolve before the search.
    public var presolve: Bool
    /// Separate cutting planes at the root.
    public var cuts: Bool
    /// Seconds between progress lines.
    public var logInterval: Double
    /// Receives progress lines; `nil` for a silent solve.
    public var log: LogHandler?
    /// Called with (objective, values) at each new incumbent.
    public var onIncumbent: (@Sendable (Double, [Double]) -> Void)?
    /// Raise it from another thread to stop the solve.
    public var cancellation: CancellationToken?

    /// Creates options; every argument has the default described on its property.
    public init(timeLimit: Double = .infinity, iterationLimit: Int = .max, nodeLimit: Int = .max,
                solutionLimit: Int = .max, threads: Int = 1, relativeGap: Double = 1e-4,
                absoluteGap: Double = 1e-6, primalTolerance: Double = 1e-7, dualTolerance: Double = 1e-7,
                integralityTolerance: Double = 1e-6, presolve: Bool = true, cuts: Bool = true,
                logInterval: Double = 5, log: LogHandler? = nil,
                onIncumbent: (@Sendable (Double, [Double]) -> Void)? = nil,
                cancellation: CancellationToken? = nil) {
        self.timeLimit = timeLimit
        self.iterationLimit = iterationLimit
        self.nodeLimit = nodeLimit
        self.solutionLimit = solutionLimit
        self.threads = threads
        self.relativeGap = relativeGap
        self.absoluteGap = absoluteGap
        self.primalTolerance = primalTolerance
        self.dualTolerance = dualTolerance
        self.integralityTolerance = integralityTolerance
        self.presolve = presolve
        self.cuts = cuts
        self.logInterval = logInterval
        self.log = log
        self.onIncumbent = onIncumbent
        self.cancellation = cancellation
    }
}

/// What a solve returns.
public struct SolveResult: Sendable {
    /// How the solve ended.
    public var status: SolveStatus
    /// Objective of the best solution found (in the model's sense, constant included), if any.
    public var objectiveValue: Double?
    /// Proven bound on the optimum (lower for minimisation, upper for maximisation).
    public var bestBound: Double
    /// Values of the best solution, one per variable, if any.
    public var values: [Double]?
    /// Row duals (LP only), one per constraint, if available.
    public var duals: [Double]?
    /// Reduced costs (LP only), one per variable, if available.
    public var reducedCosts: [Double]?
    /// Branch-and-bound nodes explored (0 for an LP).
    public var nodes: Int
    /// Simplex iterations in total.
    public var iterations: Int
    /// Wall-clock seconds.
    public var time: Double
    /// Free-form notes (e.g. which reduction proved infeasibility).
    public var message: String?
    /// MIP: value of the root LP relaxation before any cutting plane (the model's sense, objective
    /// constant included; after presolve when it ran); nil for an LP or when the root LP was not solved.
    public var rootLPBound: Double? = nil
    /// MIP: value of the root LP after the cutting-plane rounds (equal to ``rootLPBound`` when cuts
    /// are off or none were added); nil when the root was not finished.
    public var rootCutBound: Double? = nil

    /// Creates a result.
    public init(status: SolveStatus, objectiveValue: Double? = nil, bestBound: Double = .nan,
                values: [Double]? = nil, duals: [Double]? = nil, reducedCosts: [Double]? = nil,
                nodes: Int = 0, iterations: Int = 0, time: Double = 0, message: String? = nil) {
        self.status = status
        self.objectiveValue = objectiveValue
        self.bestBound = bestBound
        self.values = values
        self.duals = duals
        self.reducedCosts = reducedCosts
        self.nodes = nodes
        self.iterations = iterations
        self.time = time
        self.message = message
    }

    /// Relative gap |objective − bound| / max(|objective|, 1e-10), or infinity without a solution.
    public var gap: Double {
        guard let obj = objectiveValue, bestBound.isFinite else { return objectiveValue == nil ? .infinity : (status == .optimal ? 0 : .infinity) }
        let diff = abs(obj - bestBound)
        if diff == 0 { return 0 }
        return diff / max(abs(obj), 1e-10)
    }

    /// The value of `variable` in the best solution, if any.
    public subscript(variable: Variable) -> Double? {
        guard let values, variable.index < values.count else { return nil }
        return values[variable.index]
    }
}
