import Synchronization

/// Which part of the search found a solution (the first column of the log, as in HiGHS).
enum SolutionSource: String, Sendable {
    case tree = "T"          // a node LP solution was integral
    case rounding = "R"      // simple rounding
    case ziRounding = "Z"    // ZI rounding
    case diving = "D"        // diving (fractional, coefficient, guided)
    case rins = "I"          // RINS sub-MIP
    case rens = "N"          // RENS sub-MIP
    case pump = "F"          // feasibility pump
    case user = "U"          // given by the caller

    var description: String {
        switch self {
        case .tree: return "node LP"
        case .rounding: return "simple rounding"
        case .ziRounding: return "ZI rounding"
        case .diving: return "diving"
        case .rens: return "RENS"
        case .rins: return "RINS"
        case .pump: return "feasibility pump"
        case .user: return "user"
        }
    }
}

/// The best solution found so far, shared by all workers: values under a Mutex, the pruning cutoff in
/// an Atomic so that workers read it without locking.
///
/// Every candidate is mapped back to the ORIGINAL model (postsolve) and must pass ``Model/check`` there
/// before it is accepted.
final class IncumbentStore: Sendable {
    struct Incumbent: Sendable {
        /// Values in the original model's columns.
        var originalValues: [Double]
        /// Values in the search model's columns.
        var searchValues: [Double]
        /// Objective in the search's minimisation form (no constant).
        var objective: Double
        var source: SolutionSource
    }

    let original: Model
    /// The model the search works on (after presolve).
    let searchModel: CompressedModel
    let postsolve: @Sendable ([Double]) -> [Double]
    let tolerances: CheckTolerances
    /// The step of the objective lattice (ObjectiveLattice.swift; 0: none): whenever a solution better
    /// than a value exists, an optimal one has an objective that is a multiple of the step.
    let objectiveStep: Double
    let onIncumbent: (@Sendable (Double, [Double]) -> Void)?

    private let best = Guarded<Incumbent?>(nil)
    private let cutoffBits: Atomic<UInt64>
    private let objectiveBits: Atomic<UInt64>
    private let accepted = Atomic<Int>(0)
    private let rejectedByChecker = Atomic<Int>(0)
    /// Called (outside the lock) after each accepted improvement; set once before the search starts.
    /// Why the first rejected candidate was rejected (for the result's message).
    let firstRejection = Guarded<String?>(nil)
    private let listener = Guarded<(@Sendable (Incumbent) -> Void)?>(nil)

    init(original: Model, searchModel: CompressedModel, postsolve: @escaping @Sendable ([Double]) -> [Double],
         tolerances: CheckTolerances = CheckTolerances(),
         onIncumbent: (@Sendable (Double, [Double]) -> Void)? = nil) {
        self.original = original
        self.searchModel = searchModel
        self.postsolve = postsolve
        self.tolerances = tolerances
        self.onIncumbent = onIncumbent
        objectiveStep = objectiveLatticeStep(searchModel)?.value ?? 0
        cutoffBits = Atomic(Double.infinity.bitPattern)
        objectiveBits = Atomic(Double.infinity.bitPattern)
    }

    func setListener(_ f: (@Sendable (Incumbent) -> Void)?) { listener.withLock { $0 = f } }

    /// `infeasible`: the point violates the search model (normal for heuristic candidates);
    /// `rejected`: it satisfies the search model but the checker rejected it on the original model.
    enum SubmitResult { case accepted, notBetter, infeasible, rejected }

    private func satisfiesSearchRows(_ x: [Double]) -> Bool {
        let m = searchModel.matrix
        let tol = tolerances.primal
        for j in 0..<x.count {
            let v = x[j]
            if v < searchModel.columnLower[j] - tol * max(1, abs(searchModel.columnLower[j])) { return false }
            if v > searchModel.columnUpper[j] + tol * max(1, abs(searchModel.columnUpper[j])) { return false }
            if searchModel.isInteger[j] && abs(v - v.rounded()) > tolerances.integrality { return false }
        }
        for i in 0..<searchModel.rowCount {
            var activity = 0.0, magnitude = 0.0
            for k in m.rowStart[i]..<m.rowStart[i + 1] {
                let p = m.rowValue[k] * x[Int(m.columnIndex[k])]
                activity += p
                magnitude += abs(p)
            }
            let lo = searchModel.rowLower[i], up = searchModel.rowUpper[i]
            let violation = max(0, lo - activity, activity - up)
            if violation > tol {
                let bound = activity < lo ? lo : up
                if violation / max(1, abs(bound), magnitude) > tol { return false }
            }
        }
        return true
    }

    /// Nodes whose lower bound reaches this value cannot contain a better solution.
    var cutoff: Double { Double(bitPattern: cutoffBits.load(ordering: .acquiring)) }
    /// The incumbent objective (search minimisation form), `.infinity` without one.
    var objective: Double { Double(bitPattern: objectiveBits.load(ordering: .acquiring)) }
    var solutionCount: Int { accepted.load(ordering: .relaxed) }
    var rejectedCount: Int { rejectedByChecker.load(ordering: .relaxed) }
    var incumbent: Incumbent? { best.withLock { $0 } }

    /// The cutoff implied by an incumbent of objective `v`.
    func cutoff(for v: Double) -> Double {
        let plain = v - 1e-9 * max(1, abs(v))
        guard objectiveStep > 0 else { return plain }
        // The next better optimum is a multiple of the step below v.
        return min(plain, latticeCutoff(incumbent: v, step: objectiveStep))
    }

    /// Makes `inc` the incumbent if it is better (no counting, no callbacks): a restart's carried-over point.
    func adopt(_ inc: Incumbent) {
        best.withLock { current in
            if let current, inc.objective >= current.objective { return }
            current = inc
            objectiveBits.store(inc.objective.bitPattern, ordering: .releasing)
            cutoffBits.store(cutoff(for: inc.objective).bitPattern, ordering: .releasing)
        }
    }

    /// Offers a point of the search model. Integer columns are rounded, the point is mapped to the
    /// original model and checked there; it becomes the incumbent if it is accepted and improves.
    /// Says whether it became the incumbent, was feasible but not better, or was rejected by the checker.
    @discardableResult
    func submit(_ point: [Double], source: SolutionSource) -> SubmitResult {
        guard point.count == searchModel.columnCount else { return .rejected }
        var x = point
        var quick = 0.0
        for j in 0..<x.count {
            if searchModel.isInteger[j] { x[j] = x[j].rounded() }
            // Clip into the bounds (LP values may sit a tolerance outside).
            x[j] = min(max(x[j], searchModel.columnLower[j]), searchModel.columnUpper[j])
            quick += searchModel.cost[j] * x[j]
        }
        // Cheap rejection before the full check.
        if quick >= cutoff + 1e-9 * max(1, abs(quick)) { return .notBetter }
        // Heuristic candidates are often infeasible: test the rows of the search model first, so that
        // only points the search believes feasible reach (and can be counted as rejected by) the checker.
        if !satisfiesSearchRows(x) && !satisfiesSearchRows(point) { return .infeasible }
        var originalValues = postsolve(x)
        var check = original.check(originalValues, tolerances: tolerances)
        if !check.isFeasible {
            // Try the unrounded point (rounding integers can push a tight row over its side).
            let raw = postsolve(point)
            let rawCheck = original.check(raw, tolerances: tolerances)
            if rawCheck.isFeasible { originalValues = raw; check = rawCheck; x = point }
        }
        guard check.isFeasible else {
            if rejectedByChecker.wrappingAdd(1, ordering: .relaxed).oldValue == 0 {
                firstRejection.withLock { $0 = "\(source.description): \(check)" }
            }
            return .rejected
        }
        let sign = searchModel.objectiveSign
        // Objective in search form, from the original model's value (the checker's number is the truth).
        let v = sign * (check.objective - searchModel.objectiveConstant)
        let improved: Incumbent? = best.withLock { current in
            if let current, v >= current.objective - 1e-9 * max(1, abs(v)) { return nil }
            let inc = Incumbent(originalValues: originalValues, searchValues: x, objective: v, source: source)
            current = inc
            objectiveBits.store(v.bitPattern, ordering: .releasing)
            cutoffBits.store(cutoff(for: v).bitPattern, ordering: .releasing)
            accepted.add(1, ordering: .relaxed)
            return inc
        }
        guard let improved else { return .notBetter }
        onIncumbent?(check.objective, originalValues)
        if let f = listener.withLock({ $0 }) { f(improved) }
        return .accepted
    }
}
