import Foundation

/// A solver's answer, normalised across SwiftMIP's JSON, refsolve's JSON and verifier verdicts.
public enum RunStatus: String, Sendable, CaseIterable {
    case optimal, infeasible, unbounded
    case infeasibleOrUnbounded = "inf-or-unbd"
    /// A time, node, iteration, gap or solution limit, or an interrupt, stopped the solver.
    case limit
    case numericalTrouble = "numerics"
    case sat, unsat
    /// The verifier's own `timeout`.
    case timeout
    case unknown
    /// Killed by the runner at the hard deadline (time limit + grace).
    case killed
    /// A crash, a non-zero exit without an answer, or unreadable output.
    case error

    /// Maps a status word of either solver (`time limit`, `time_limit`, `infeasible_or_unbounded`, ...).
    static func parse(_ raw: String) -> RunStatus {
        let s = raw.lowercased().replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "-", with: " ")
            .trimmingCharacters(in: .whitespaces)
        switch s {
        case "optimal": return .optimal
        case "infeasible": return .infeasible
        case "unbounded": return .unbounded
        case "infeasible or unbounded", "inf or unbd": return .infeasibleOrUnbounded
        case "numerical trouble", "numerics": return .numericalTrouble
        case "sat": return .sat
        case "unsat": return .unsat
        case "timeout": return .timeout
        case "unknown": return .unknown
        default:
            if s.contains("limit") || s == "interrupted" { return .limit }
            return .error
        }
    }

    /// Statuses that answer the question (a proof or a verdict).
    var isAnswer: Bool {
        switch self {
        case .optimal, .infeasible, .unbounded, .infeasibleOrUnbounded, .sat, .unsat: return true
        default: return false
        }
    }
}

/// One run of one solver on one case.
public struct RunRecord: Sendable {
    /// "swiftmip", "highs", "scip", ...
    public var solver: String
    public var status: RunStatus
    /// The status word as the solver printed it.
    public var rawStatus: String
    public var objective: Double?
    public var bound: Double?
    public var nodes: Int?
    public var iterations: Int?
    /// The time the solver reported (`time_s`, or `time`), if any.
    public var reportedSeconds: Double?
    /// Which JSON field `reportedSeconds` came from ("time_s" or "time").
    public var reportedField: String?
    /// refsolve's `total_s` (reading included), if given.
    public var reportedTotalSeconds: Double?
    /// Wall time of the whole process (start-up and reading included).
    public var wallSeconds: Double
    public var peakMemoryMiB: Double
    public var exitCode: Int32?
    /// A short explanation for errors (the last line of stderr, the signal, ...).
    public var message: String
    /// The solution or counterexample file the solver wrote (nil when absent or empty).
    public var answerFile: String?
    /// SwiftMIP MIPs: the root LP relaxation's value (`root_lp_bound`) and the root bound after cuts (`root_bound`).
    public var rootLPBound: Double? = nil
    public var rootCutBound: Double? = nil

    /// Root gap closed by cuts, (cutBound − lpBound)/(optimum − lpBound), when both root bounds are
    /// known and the LP bound differs from the optimum.
    public func rootGapClosed(optimum: Double?) -> Double? {
        guard let opt = optimum, let lp = rootLPBound, let cut = rootCutBound, opt.isFinite, lp.isFinite, cut.isFinite else { return nil }
        let gap = opt - lp
        guard abs(gap) > 1e-9 * max(1, abs(opt)) else { return nil }
        return (cut - lp) / gap
    }
    /// User + system CPU time of the process (all its threads), from wait4's rusage.
    public var cpuSeconds: Double = 0

    /// The time used for tables and means: the reported solve time when `reported` and present, else the wall time.
    public func seconds(_ timing: TimingMethod) -> Double {
        switch timing {
        case .wall: return wallSeconds
        case .reported: return reportedSeconds ?? wallSeconds
        }
    }
}

/// Which clock the tables use.
public enum TimingMethod: String, Sendable {
    /// The solver's own `time_s` (the solve, reading excluded for refsolve), wall time when it gives none.
    case reported
    /// Wall time of the fresh process, spawn to exit (start-up, reading and writing included).
    case wall
}

/// How to run SwiftMIP or a reference solver on a case.
public struct SolverCommand: Sendable {
    public enum Kind: Sendable {
        /// The `swiftmip` binary (`solve` for MPS, `verify` for neural cases).
        case swiftmip(binary: String)
        /// `refsolve --solver NAME` (HiGHS, SCIP, CBC, GLPK through Python).
        case reference(tool: String, solver: String)
    }

    public var kind: Kind
    public var threads: Int?
    /// Extra arguments appended to `swiftmip solve` / `verify`.
    public var extraArguments: [String] = []
    /// The options `swiftmip solve` / `verify` accept (from their --help); nil: assume all.
    /// An option the binary does not know (e.g. --threads before the MIP solver lands) is left out.
    public var solveOptions: Set<String>?
    public var verifyOptions: Set<String>?

    public init(kind: Kind, threads: Int?, extraArguments: [String] = [], solveOptions: Set<String>? = nil,
                verifyOptions: Set<String>? = nil) {
        self.kind = kind
        self.threads = threads
        self.extraArguments = extraArguments
        self.solveOptions = solveOptions
        self.verifyOptions = verifyOptions
    }

    public var label: String {
        switch kind {
        case .swiftmip: return "swiftmip"
        case .reference(_, let solver): return solver
        }
    }

    /// The executable and its arguments for `c`, writing answers into `answerFile`.
    func commandLine(for c: BenchmarkCase, timeLimit: Double, answerFile: String) -> (String, [String]) {
        let limit = formatNumber(timeLimit)
        switch kind {
        case .swiftmip(let binary):
            let neural = c.kind == .neural
            let known = neural ? verifyOptions : solveOptions
            var args = neural ? ["verify", c.file, c.property ?? ""] : ["solve", c.file]
            func add(_ option: String, _ value: String?) {
                guard known?.contains(option) ?? true else { return }
                args.append("--" + option)
                if let value { args.append(value) }
            }
            if neural {
                add("timeout", limit)
                add("counterexample", answerFile)
            } else {
                add("json", nil)
                add("time-limit", limit)
                add("solution", answerFile)
            }
            if let threads { add("threads", String(threads)) }
            return (binary, args + extraArguments)
        case .reference(let tool, let solver):
            return (tool, ["--solver", solver, "--threads", String(threads ?? 1), "--time-limit", limit, c.file])
        }
    }

    /// Runs the case in a fresh process, killed at `timeLimit + grace`.
    public func run(_ c: BenchmarkCase, timeLimit: Double, grace: Double, answerFile: String) -> RunRecord {
        try? FileManager.default.removeItem(atPath: answerFile)
        let (exe, args) = commandLine(for: c, timeLimit: timeLimit, answerFile: answerFile)
        let outcome: ProcessOutcome
        do {
            outcome = try ProcessRunner.run(exe, args, hardLimit: timeLimit + grace)
        } catch {
            return RunRecord(solver: label, status: .error, rawStatus: "error", wallSeconds: 0, peakMemoryMiB: 0,
                             exitCode: nil, message: "\(error)")
        }
        var record = c.kind == .neural ? Self.parseVerdict(outcome) : Self.parseJSON(outcome)
        record.solver = label
        record.cpuSeconds = outcome.cpuSeconds
        if outcome.killedAtDeadline {
            record.status = .killed
            record.rawStatus = "killed"
            record.message = "killed after \(formatSeconds(timeLimit + grace)) s (time limit \(formatNumber(timeLimit)) s + grace \(formatNumber(grace)) s)"
        }
        if let size = (try? FileManager.default.attributesOfItem(atPath: answerFile))?[.size] as? Int, size > 0 {
            record.answerFile = answerFile
        }
        return record
    }

    /// Reads the last JSON object with a `status` on stdout (`swiftmip solve --json`, refsolve).
    static func parseJSON(_ o: ProcessOutcome) -> RunRecord {
        var r = RunRecord(solver: "", status: .error, rawStatus: "error", wallSeconds: o.wallSeconds,
                          peakMemoryMiB: o.peakMemoryMiB, exitCode: o.exitCode, message: "")
        let lines = o.stdout.split(whereSeparator: \.isNewline).reversed()
        var found = false
        for line in lines where line.hasPrefix("{") {
            guard let data = line.data(using: .utf8),
                  let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let status = obj["status"] as? String else { continue }
            found = true
            r.rawStatus = status
            r.status = RunStatus.parse(status)
            r.objective = number(obj["objective"])
            r.bound = number(obj["bound"])
            r.nodes = number(obj["nodes"]).map { Int($0) }
            r.iterations = number(obj["iterations"]).map { Int($0) }
            if let t = number(obj["time_s"]) {
                r.reportedSeconds = t
                r.reportedField = "time_s"
            } else if let t = number(obj["time"]) {
                r.reportedSeconds = t
                r.reportedField = "time"
            }
            r.reportedTotalSeconds = number(obj["total_s"])
            r.rootLPBound = number(obj["root_lp_bound"])
            r.rootCutBound = number(obj["root_bound"])
            if r.status == .error {
                r.message = (obj["error"] as? String) ?? (obj["note"] as? String) ?? "status '\(status)'"
            }
            break
        }
        if !found {
            r.message = describeFailure(o, what: "no JSON result line on stdout")
        }
        return r
    }

    /// Reads a verdict word (`sat`, `unsat`, `timeout`, `unknown`, `error`): the last line of stdout that starts with one.
    static func parseVerdict(_ o: ProcessOutcome) -> RunRecord {
        var r = RunRecord(solver: "", status: .error, rawStatus: "error", wallSeconds: o.wallSeconds,
                          peakMemoryMiB: o.peakMemoryMiB, exitCode: o.exitCode, message: "")
        let words: Set<String> = ["sat", "unsat", "timeout", "unknown", "error"]
        for line in o.stdout.split(whereSeparator: \.isNewline).reversed() {
            let first = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == ":" || $0 == "," }).first.map { $0.lowercased() } ?? ""
            if words.contains(first) {
                r.rawStatus = first
                r.status = RunStatus.parse(first)
                if r.status == .error { r.message = String(line) }
                return r
            }
        }
        r.message = describeFailure(o, what: "no verdict word on stdout")
        return r
    }

    static func describeFailure(_ o: ProcessOutcome, what: String) -> String {
        let lastErr = o.stderr.split(whereSeparator: \.isNewline).last.map(String.init) ?? ""
        var parts: [String] = []
        if let s = o.signal { parts.append("crashed with signal \(s)") } else if let e = o.exitCode { parts.append("exit \(e)") }
        parts.append(what)
        if !lastErr.isEmpty { parts.append(String(lastErr.prefix(200))) }
        return parts.joined(separator: ": ")
    }

    static func number(_ any: Any?) -> Double? {
        switch any {
        case let n as NSNumber: return n.doubleValue
        case let s as String:
            switch s.lowercased() {
            case "inf", "+inf", "infinity": return .infinity
            case "-inf", "-infinity": return -.infinity
            default: return Double(s)
            }
        default: return nil
        }
    }
}
