import Foundation

/// The verdict on one run.
public enum Outcome: String, Sendable {
    /// The answer agrees with what is known (or nothing contradicts it).
    case ok
    /// The answer contradicts the known answer, or its solution / counterexample is rejected.
    case wrong
    /// No answer within the limit (limit, timeout, unknown, numerical trouble, killed).
    case unsolved
    /// The solver failed (crash, input error, unreadable output).
    case error
}

/// An outcome with the reasons behind it.
public struct Judgement: Sendable {
    public var outcome: Outcome
    public var notes: [String]
}

/// What the independent checker said about a solution file or a counterexample.
public enum AnswerFileCheck: Sendable, Equatable {
    case accepted
    case rejected(String)
    /// No checker could run (e.g. the command does not exist yet): the answer stays unverified.
    case unavailable(String)
}

/// Tolerances for comparing objectives with known optima.
public struct CheckTolerances: Sendable {
    /// Objectives agree when they differ by at most max(absolute, relative·|known|).
    public var relative = 1e-6
    public var absolute = 1e-6
    /// An `optimal` MIP may stop within this relative gap of the optimum (HiGHS's default 1e-4).
    public var mipGap = 1e-4

    public init() {}

    func tolerance(_ known: Double) -> Double { max(absolute, relative * abs(known)) }
}

/// Judges a run against the known answer. Pure: the runner supplies the checker's verdict on the
/// solution file or counterexample (`fileCheck`), or nil when none was produced or checked.
public func judge(_ r: RunRecord, case c: BenchmarkCase, tolerances: CheckTolerances = CheckTolerances(),
                  fileCheck: AnswerFileCheck? = nil) -> Judgement {
    c.kind == .neural ? judgeVerdict(r, c, fileCheck) : judgeSolve(r, c, tolerances, fileCheck)
}

func judgeSolve(_ r: RunRecord, _ c: BenchmarkCase, _ tol: CheckTolerances, _ fileCheck: AnswerFileCheck?) -> Judgement {
    var notes: [String] = []
    var outcome: Outcome
    let expected = c.expected
    switch r.status {
    case .error:
        return Judgement(outcome: .error, notes: [r.message])
    case .sat, .unsat, .timeout, .unknown:
        return Judgement(outcome: .error, notes: ["a verdict word '\(r.rawStatus)' from solve"])
    case .killed:
        return Judgement(outcome: .unsolved, notes: [r.message])
    case .numericalTrouble:
        outcome = .unsolved
        notes.append("numerical trouble")
    case .optimal:
        outcome = .ok
        switch expected {
        case .optimal(let z):
            guard let obj = r.objective else {
                return Judgement(outcome: .wrong, notes: ["status optimal without an objective value"])
            }
            let t = tol.tolerance(z)
            let diff = abs(obj - z)
            if diff > t || !diff.isFinite {
                let gapAllowance = tol.mipGap * max(abs(z), abs(obj)) + t
                if c.kind != .lp, diff <= gapAllowance {
                    notes.append("objective within the MIP gap (\(String(format: "%.1e", diff / max(abs(z), 1e-9))) relative)")
                } else {
                    outcome = .wrong
                    notes.append("objective \(formatNumber(obj)) but the known optimum is \(formatNumber(z)) (off by \(String(format: "%.3g", diff)))")
                }
            }
            if outcome == .ok, let b = r.bound, let cut = cutsOff(objective: obj, bound: b, known: z, tolerance: t) {
                outcome = .wrong
                notes.append(cut)
            }
        case .infeasible, .unbounded:
            outcome = .wrong
            notes.append("optimal\(r.objective.map { " (\(formatNumber($0)))" } ?? ""), but the model is \(expected)")
        case .sat, .unsat:
            return Judgement(outcome: .error, notes: ["a verdict was expected"])
        case .unknown:
            notes.append("no known answer")
        }
    case .infeasible, .unbounded, .infeasibleOrUnbounded:
        outcome = .ok
        let said = r.status == .infeasibleOrUnbounded ? "infeasible or unbounded" : r.status.rawValue
        switch expected {
        case .optimal(let z):
            outcome = .wrong
            notes.append("\(said), but the known optimum is \(formatNumber(z))")
        case .infeasible where r.status == .unbounded, .unbounded where r.status == .infeasible:
            outcome = .wrong
            notes.append("\(said), but the model is \(expected)")
        case .unknown:
            notes.append("no known answer")
        default:
            break
        }
    case .limit:
        outcome = .unsolved
        notes.append(r.rawStatus)
        switch expected {
        case .optimal(let z):
            if let obj = r.objective, let b = r.bound, let cut = cutsOff(objective: obj, bound: b, known: z, tolerance: tol.tolerance(z)) {
                outcome = .wrong
                notes.append(cut)
            }
        case .infeasible:
            if let obj = r.objective, obj.isFinite {
                outcome = .wrong
                notes.append("reports a feasible objective \(formatNumber(obj)), but the model is infeasible")
            }
        default:
            break
        }
    }
    switch fileCheck {
    case .rejected(let why)?:
        outcome = .wrong
        notes.append("the checker rejects the solution: \(why)")
    case .unavailable(let why)?:
        notes.append("solution not checked: \(why)")
    case .accepted?:
        break
    case nil:
        if r.status == .optimal, r.solver == "swiftmip", case .optimal = expected { notes.append("no solution file written") }
    }
    return Judgement(outcome: outcome, notes: notes)
}

/// An incumbent `objective` and a proven `bound` enclose the optimum whatever the sense:
/// min(objective, bound) ≤ optimum ≤ max(objective, bound). A known optimum outside is cut off.
func cutsOff(objective: Double, bound: Double, known: Double, tolerance: Double) -> String? {
    guard objective.isFinite || bound.isFinite else { return nil }
    let lo = min(objective, bound), hi = max(objective, bound)
    if known < lo - tolerance || known > hi + tolerance {
        return "objective \(formatNumber(objective)) and bound \(formatNumber(bound)) exclude the known optimum \(formatNumber(known))"
    }
    return nil
}

func judgeVerdict(_ r: RunRecord, _ c: BenchmarkCase, _ fileCheck: AnswerFileCheck?) -> Judgement {
    switch r.status {
    case .error:
        return Judgement(outcome: .error, notes: [r.message])
    case .killed:
        return Judgement(outcome: .unsolved, notes: [r.message])
    case .timeout, .unknown:
        return Judgement(outcome: .unsolved, notes: [])
    case .unsat:
        if c.expected == .sat {
            return Judgement(outcome: .wrong, notes: ["unsat, but the reference verdict is sat (a counterexample is known)"])
        }
        if case .unknown(let why) = c.expected { return Judgement(outcome: .ok, notes: [why]) }
        return Judgement(outcome: .ok, notes: [])
    case .sat:
        guard r.answerFile != nil else {
            return Judgement(outcome: .wrong, notes: ["sat without a counterexample file"])
        }
        switch fileCheck {
        case .rejected(let why)?:
            return Judgement(outcome: .wrong, notes: ["counterexample rejected: \(why)"])
        case .accepted?:
            if c.expected == .unsat {
                return Judgement(outcome: .ok, notes: ["counterexample confirmed; the reference (tools' consensus) says unsat"])
            }
            return Judgement(outcome: .ok, notes: ["counterexample confirmed"])
        case .unavailable(let why)?:
            if c.expected == .unsat {
                return Judgement(outcome: .wrong, notes: ["sat, but the reference says unsat and the counterexample could not be checked (\(why))"])
            }
            return Judgement(outcome: .ok, notes: ["unverified counterexample (\(why))"])
        case nil:
            if c.expected == .unsat {
                return Judgement(outcome: .wrong, notes: ["sat, but the reference says unsat and the counterexample was not checked"])
            }
            return Judgement(outcome: .ok, notes: ["unverified counterexample"])
        }
    default:
        return Judgement(outcome: .error, notes: ["status '\(r.rawStatus)' is not a verdict"])
    }
}
