import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Set by SIGINT: the run stops after killing the current child and still writes its reports.
let interruptRequested = Atomic<Bool>(false)
/// The process group of the child being run, for the interrupt handler (0: none).
let currentChildGroup = Atomic<Int32>(0)

/// The `swiftmip-bench` command: parse, load suites, run, check, report.
public enum BenchmarkMain {
    /// Handles Ctrl-C: kills the running solver's process group and stops after the current model.
    public static func installInterruptHandler() {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            interruptRequested.store(true, ordering: .sequentiallyConsistent)
            let pid = currentChildGroup.load(ordering: .sequentiallyConsistent)
            if pid > 0 { kill(-pid, SIGKILL) }
        }
        source.resume()
        interruptSource = source
    }

    /// Kept alive for the whole run; set once, from the main thread, before any run starts.
    nonisolated(unsafe) private static var interruptSource: DispatchSourceSignal?

    /// Runs the command; `say` receives every console line. Returns the exit status.
    public static func run(_ args: [String], say: @escaping @Sendable (String) -> Void = { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) }) -> Int32 {
        let options: BenchOptions
        do {
            options = try BenchOptions.parse(args)
        } catch {
            say("swiftmip-bench: \(error)")
            say("Run 'swiftmip-bench --help' for the options.")
            return 2
        }
        if options.help {
            say(BenchOptions.helpText)
            return 0
        }
        do {
            return try Runner(options: options, say: say).run()
        } catch {
            say("swiftmip-bench: \(error)")
            return 2
        }
    }
}

/// One benchmark run.
struct Runner {
    let options: BenchOptions
    let say: @Sendable (String) -> Void

    func locatePaths() throws -> BenchmarkPaths {
        let fm = FileManager.default
        var paths: BenchmarkPaths
        if let root = options.repositoryRoot {
            let url = URL(fileURLWithPath: root).standardizedFileURL
            paths = BenchmarkPaths(repositoryRoot: url, shared: BenchmarkPaths.sharedBeside(url))
        } else {
            var starts = [URL(fileURLWithPath: fm.currentDirectoryPath)]
            #if os(Linux)
            starts.append(URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent())
            #endif
            starts.append(URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent())
            guard let found = BenchmarkPaths.locate(from: starts) else {
                throw BenchUsageError(message: "cannot find the repository (a folder with Package.swift and Benchmarks/suites); run from it or pass --repo DIR")
            }
            paths = found
        }
        if let shared = options.sharedFolder {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: shared, isDirectory: &isDir), isDir.boolValue else {
                throw BenchUsageError(message: "--shared \(shared): no such folder")
            }
            paths.shared = URL(fileURLWithPath: shared).standardizedFileURL
        }
        return paths
    }

    func run() throws -> Int32 {
        let paths = try locatePaths()
        let loader = SuiteLoader(paths: paths)
        if options.list { return list(loader) }

        // Suites → cases (a model in two suites runs once).
        var cases: [BenchmarkCase] = []
        var skipped: [String] = []
        var seen = Set<String>()
        for spec in options.suites {
            let suite = try loader.load(spec)
            skipped += suite.skipped
            for var c in suite.cases {
                let key = c.file + "|" + (c.property ?? "")
                if seen.contains(key) { continue }
                seen.insert(key)
                if c.timeLimit == nil || suite.timeLimit != nil { c.timeLimit = suite.timeLimit ?? c.timeLimit }
                cases.append(c)
            }
        }
        if !options.filter.isEmpty {
            cases = cases.filter { c in options.filter.contains { c.name.localizedCaseInsensitiveContains($0) } }
        }
        if let m = options.maxModels { cases = Array(cases.prefix(m)) }
        for s in skipped { say("note: \(s)") }
        if cases.isEmpty {
            say(skipped.isEmpty ? "swiftmip-bench: no models selected" : "swiftmip-bench: nothing to run (everything was skipped)")
            return skipped.isEmpty ? 2 : 0
        }

        // The solvers.
        guard let binary = options.solverBinary ?? SwiftMIPBinary.besideExecutable() else {
            throw BenchUsageError(message: "no swiftmip binary beside swiftmip-bench; build it (swift build -c release) or pass --solver PATH")
        }
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw BenchUsageError(message: "--solver \(binary): not an executable file")
        }
        if cases.contains(where: { $0.kind.isMPS }), !SwiftMIPBinary.supports(binary, command: "solve") {
            throw BenchUsageError(message: "\(binary) has no 'solve' command yet (swiftmip solve --help fails); MPS suites cannot run")
        }
        if cases.contains(where: { $0.kind == .neural }), !SwiftMIPBinary.supports(binary, command: "verify") {
            throw BenchUsageError(message: "\(binary) has no 'verify' command yet (swiftmip verify --help fails); neural suites cannot run")
        }
        let solveOptions = cases.contains(where: { $0.kind.isMPS }) ? SwiftMIPBinary.options(binary, command: "solve") : nil
        let verifyOptions = cases.contains(where: { $0.kind == .neural }) ? SwiftMIPBinary.options(binary, command: "verify") : nil
        for (command, known) in [("solve", solveOptions), ("verify", verifyOptions)] {
            guard let known else { continue }
            let wanted = command == "solve" ? ["json", "time-limit", "solution"] : ["timeout", "counterexample"]
            let missing = wanted.filter { !known.contains($0) } + (options.threads != nil && !known.contains("threads") ? ["threads"] : [])
            if !missing.isEmpty {
                say("note: swiftmip \(command) has no --\(missing.joined(separator: ", --")) yet; running without")
            }
        }
        if !options.threadsCompare.isEmpty {
            return try threadsCompare(cases.filter { $0.kind.isMPS }, binary: binary, solveOptions: solveOptions, paths: paths)
        }
        var solvers = [SolverCommand(kind: .swiftmip(binary: binary), threads: options.threads, extraArguments: options.solverArguments,
                                     solveOptions: solveOptions, verifyOptions: verifyOptions)]
        var referenceVersions: [String: String] = [:]
        if !options.compare.isEmpty {
            guard let tool = options.referenceTool ?? paths.shared?.appendingPathComponent("tools/refsolve").path,
                  FileManager.default.isExecutableFile(atPath: tool) else {
                throw BenchUsageError(message: "--compare needs ../shared/tools/refsolve (or --refsolve PATH); it was not found")
            }
            for s in options.compare {
                solvers.append(SolverCommand(kind: .reference(tool: tool, solver: s), threads: options.threads ?? 1))
            }
            if !cases.contains(where: { $0.kind.isMPS }) { say("note: --compare applies to MPS models only; neural suites run SwiftMIP alone") }
        }
        let labels = solvers.map(\.label)
        let baseline = try options.baseline.map { try Baseline.load($0, paths: paths) }
        let pythonTool = paths.shared?.appendingPathComponent("nn/tools/check_counterexample.py").path
        let ceTool = cases.contains(where: { $0.kind == .neural }) && pythonTool.map { FileManager.default.fileExists(atPath: $0) } == true
            && AnswerFileChecker.pythonHasOnnxRuntime(options.python) ? pythonTool : nil
        let hasCheck = SwiftMIPBinary.supports(binary, command: "check")
        if !hasCheck && cases.contains(where: { $0.kind.isMPS }) {
            say("note: \(binary) has no 'check' command yet: solution files are not checked independently")
        }
        if cases.contains(where: { $0.kind == .neural }) {
            say(ceTool != nil ? "counterexamples are checked by \(options.python) \(ceTool ?? "")"
                : "note: no onnxruntime for ../shared/nn/tools/check_counterexample.py; counterexamples are checked by 'swiftmip check NET PROP CE' if it exists, else stay unverified")
        }
        let fileChecker = AnswerFileChecker(binary: binary, pythonCounterexampleTool: ceTool, binaryHasCheck: hasCheck,
                                            python: options.python)

        let work = FileManager.default.temporaryDirectory.appendingPathComponent("swiftmip-bench-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { if !options.keepFiles { try? FileManager.default.removeItem(at: work) } }

        let suiteLabel = options.suites.map { s in
            s.contains("/") || s.hasSuffix(".csv") ? URL(fileURLWithPath: s).deletingPathExtension().lastPathComponent : s
        }.joined(separator: "+")
        let started = Date()
        let defaultLimit = 60.0
        func limit(_ c: BenchmarkCase) -> Double { options.timeLimit ?? c.timeLimit ?? defaultLimit }
        say("swiftmip-bench \(suiteLabel): \(cases.count) models, solvers \(labels.joined(separator: ", ")), timing \(options.timing.rawValue), threads \(options.threads.map(String.init) ?? "default")")
        if let p = options.perturbObjective { say("TEST DOUBLE: SwiftMIP's objective is perturbed by \(p)·max(1,|obj|) before checking") }

        // Where the results go. A partial CSV is rewritten after every model, so a run that is killed
        // (not interrupted: that still writes the full report) keeps the answers it reached.
        let resultsDir = options.resultsFolder.map { URL(fileURLWithPath: $0) }
            ?? paths.repositoryRoot.appendingPathComponent("Benchmarks/results")
        let stamp = { () -> String in
            let f = DateFormatter()
            f.dateFormat = "yyyyMMdd-HHmmss"
            f.timeZone = TimeZone(identifier: "UTC")
            return f.string(from: started)
        }()
        let base = "\(suiteLabel.replacingOccurrences(of: "/", with: "_"))-\(stamp)"
        let partialURL = resultsDir.appendingPathComponent(base + ".partial.csv")
        let commit = gitCommit(paths)
        let version = SwiftMIPBinary.version(binary)
        func runContext(referenceVersions: [String: String], interrupted: Bool) -> RunContext {
            RunContext(
                suiteLabel: suiteLabel, commandLine: options.commandLine.joined(separator: " "), started: started,
                swiftmipBinary: binary, swiftmipVersion: version, referenceVersions: referenceVersions,
                labels: labels, timing: options.timing, threads: options.threads, grace: options.grace,
                host: ProcessInfo.processInfo.hostName + ", \(ProcessInfo.processInfo.activeProcessorCount) cores",
                gitCommit: commit, perturbObjective: options.perturbObjective, skipped: skipped,
                interrupted: interrupted, baselineName: baseline?.name, baselineHeader: baseline?.header)
        }

        let nameWidth = min(max(cases.map(\.name.count).max() ?? 8, 8), 34)
        let countWidth = String(cases.count).count
        var results: [CaseResult] = []
        var interrupted = false
        let clockStart = ProcessRunner.monotonicSeconds()
        for (k, c) in cases.enumerated() {
            let t = limit(c)
            let active = c.kind.isMPS ? solvers : [solvers[0]]
            let n = active.count
            let order = (0..<n).map { (k + $0) % n }
            var runs = [RunRecord?](repeating: nil, count: n)
            for i in order {
                let ext = c.kind == .neural ? "ce.txt" : "sol"
                runs[i] = active[i].run(c, timeLimit: t, grace: options.grace,
                                        answerFile: work.appendingPathComponent("\(k)-\(active[i].label).\(ext)").path)
                if interruptRequested.load(ordering: .sequentiallyConsistent) { break }
            }
            if interruptRequested.load(ordering: .sequentiallyConsistent) {
                interrupted = true
                say("interrupted: stopping after \(results.count) of \(cases.count) models")
                break
            }
            var records = runs.compactMap { $0 }
            // Like with like: when SwiftMIP's reported time includes reading the file (`time`),
            // compare it with refsolve's `total_s` (reading included), not its solve-only `time_s`.
            if records[0].reportedField == "time" {
                for i in records.indices.dropFirst() where records[i].reportedTotalSeconds != nil {
                    records[i].reportedSeconds = records[i].reportedTotalSeconds
                    records[i].reportedField = "total_s"
                }
            }
            if let p = options.perturbObjective, let obj = records[0].objective {
                records[0].objective = obj + p * max(1, abs(obj))
            }
            var judgements: [Judgement] = []
            for (i, r) in records.enumerated() {
                var fileCheck: AnswerFileCheck? = nil
                if i == 0, let file = r.answerFile {
                    if c.kind == .neural, r.status == .sat, let prop = c.property {
                        fileCheck = fileChecker.checkCounterexample(network: c.file, property: prop, counterexample: file)
                    } else if c.kind.isMPS, r.status == .optimal || r.status == .limit {
                        fileCheck = fileChecker.checkSolution(model: c.file, solution: file)
                    }
                }
                judgements.append(judge(r, case: c, tolerances: options.tolerances, fileCheck: fileCheck))
            }
            if case .unknown = c.expected {
                for i in records.indices.dropFirst() {
                    if let d = disagreement(records[0], records[i], kind: c.kind) {
                        judgements[0].notes.append("disagrees with \(records[i].solver): \(d)")
                    }
                }
            }
            var result = CaseResult(benchCase: c, timeLimit: t, runs: records, judgements: judgements,
                                    firstSolver: active[order[0]].label)
            if let baseline {
                result.baselineFlags = baseline.compare(result, timing: options.timing, slowerRatio: options.slowerRatio,
                                                        slowerSeconds: options.slowerSeconds, tolerances: options.tolerances)
            }
            results.append(result)
            if (try? FileManager.default.createDirectory(at: resultsDir, withIntermediateDirectories: true)) != nil {
                try? Report.csv(results, context: runContext(referenceVersions: referenceVersions, interrupted: true))
                    .write(to: partialURL, atomically: true, encoding: .utf8)
            }

            // Progress: one line per model, with the remaining-time estimate.
            let elapsed = ProcessRunner.monotonicSeconds() - clockStart
            let remaining = cases.count - results.count
            let worst = cases[results.count...].reduce(0.0) { $0 + Double($1.kind.isMPS ? solvers.count : 1) * (limit($1) + options.grace) }
            let estimate = min(elapsed / Double(results.count) * Double(remaining), worst)
            say(progressLine(result, index: k + 1, total: cases.count, countWidth: countWidth, nameWidth: nameWidth,
                             remaining: remaining == 0 ? nil : (estimate, worst)))
            for (i, j) in result.judgements.enumerated() where j.outcome != .ok && !j.notes.isEmpty {
                let who = i == 0 ? "" : "\(result.runs[i].solver) "
                switch j.outcome {
                case .wrong: say(i == 0 ? "    *** WRONG: \(j.notes.joined(separator: "; "))" : "    (\(who)wrong: \(j.notes.joined(separator: "; ")))")
                case .error: say("    \(who)error: \(j.notes.joined(separator: "; "))")
                default: break
                }
            }
            for note in result.judgements[0].notes where note.hasPrefix("disagrees") { say("    \(note)") }
            for f in result.baselineFlags where Baseline.isRegression(f) { say("    baseline: \(f)") }
        }

        // Summary, reports, baseline.
        let summary = RunSummary(results: results, labels: labels, timing: options.timing)
        if !options.compare.isEmpty, let tool = options.referenceTool ?? paths.shared?.appendingPathComponent("tools/refsolve").path {
            referenceVersions = referenceSolverVersions(tool: tool, solvers: options.compare, cases: cases)
        }
        let context = runContext(referenceVersions: referenceVersions, interrupted: interrupted)
        printSummary(summary, results: results)

        do {
            try FileManager.default.createDirectory(at: resultsDir, withIntermediateDirectories: true)
            let csvURL = resultsDir.appendingPathComponent(base + ".csv")
            try Report.csv(results, context: context).write(to: csvURL, atomically: true, encoding: .utf8)
            try? FileManager.default.removeItem(at: partialURL)
            var profileName: String? = nil
            if let (series, times) = profileSeries(results, labels: labels, baseline: baseline), series.count >= 2 {
                profileName = base + "-profile.svg"
                let svg = PerformanceProfile.svg(labels: series, times: times, title: "Performance profile: \(suiteLabel) (\(options.timing.rawValue) times)")
                try svg.write(to: resultsDir.appendingPathComponent(profileName!), atomically: true, encoding: .utf8)
            }
            let mdURL = resultsDir.appendingPathComponent(base + ".md")
            try Report.markdown(results, summary: summary, context: context, profileFile: profileName)
                .write(to: mdURL, atomically: true, encoding: .utf8)
            say("results: \(csvURL.path)")
            say("report:  \(mdURL.path)\(profileName.map { " (profile: \($0))" } ?? "")")
        } catch {
            say("swiftmip-bench: could not write the results: \(error)")
        }
        if let name = options.saveBaseline {
            if interrupted {
                say("baseline '\(name)' not saved: the run was interrupted")
            } else {
                let header = "swiftmip-bench baseline '\(name)': suite \(suiteLabel), \(ISO8601DateFormatter().string(from: started)), commit \(context.gitCommit), \(context.swiftmipVersion), timing \(options.timing.rawValue), threads \(options.threads.map(String.init) ?? "default"), time limit \(options.timeLimit.map(formatNumber) ?? "suite"), host \(context.host)"
                let url = try Baseline.save(name, results: results, header: header, labels: labels, timing: options.timing, paths: paths)
                say("baseline saved: \(url.path)")
            }
        }

        let wrong = summary.solvers[0].wrong
        let regressions = results.reduce(0) { $0 + $1.baselineFlags.filter(Baseline.isRegression).count }
        if wrong > 0 { return 1 }
        if interrupted { return 130 }
        if options.failOnRegression && regressions > 0 { return 3 }
        if options.failOnError && summary.solvers[0].errors > 0 { return 4 }
        return 0
    }

    func list(_ loader: SuiteLoader) -> Int32 {
        let names = options.suites.isEmpty ? loader.suiteNames() : options.suites
        for name in names {
            do {
                let s = try loader.load(name)
                let d = (try? loader.definition(name))?.description ?? ""
                say("\(name): \(s.cases.count) models\(s.timeLimit.map { ", time limit \(formatNumber($0)) s" } ?? "")\(d.isEmpty ? "" : " — \(d)")")
                for m in s.skipped { say("  note: \(m)") }
                if !options.suites.isEmpty {
                    for c in s.cases { say("  \(c.name)  [\(c.kind.rawValue)]  known: \(c.expected)") }
                }
            } catch {
                say("\(name): \(error)")
            }
        }
        return 0
    }

    /// For models without a known answer: a reason when two proofs contradict each other.
    func disagreement(_ a: RunRecord, _ b: RunRecord, kind: ModelKind) -> String? {
        guard a.status.isAnswer, b.status.isAnswer else { return nil }
        let infeasibleSide: Set<RunStatus> = [.infeasible, .infeasibleOrUnbounded]
        let unboundedSide: Set<RunStatus> = [.unbounded, .infeasibleOrUnbounded]
        switch (a.status, b.status) {
        case (.optimal, .optimal):
            guard let x = a.objective, let y = b.objective else { return nil }
            let tol = options.tolerances
            let allowed = tol.tolerance(y) + (kind == .lp ? 0 : tol.mipGap * max(abs(x), abs(y)))
            return abs(x - y) > allowed ? "objective \(formatNumber(x)) vs \(formatNumber(y))" : nil
        case let (s, t) where (infeasibleSide.contains(s) && infeasibleSide.contains(t)) || (unboundedSide.contains(s) && unboundedSide.contains(t)):
            return nil
        default:
            return "\(a.status.rawValue) vs \(b.status.rawValue)"
        }
    }

    /// Series for the performance profile: SwiftMIP and each reference solver over the MPS models
    /// all of them ran; without references, SwiftMIP against the baseline.
    func profileSeries(_ results: [CaseResult], labels: [String], baseline: Baseline?) -> ([String], [[Double?]])? {
        if labels.count >= 2 {
            let rows = results.filter { $0.runs.count == labels.count }
            guard !rows.isEmpty else { return nil }
            return (labels, labels.indices.map { i in rows.map { $0.solvedTime(i, options.timing) } })
        }
        if let baseline {
            let rows = results.filter { baseline.entries[$0.benchCase.name] != nil }
            guard !rows.isEmpty else { return nil }
            let old = rows.map { r -> Double? in
                guard let e = baseline.entries[r.benchCase.name], e.outcome == "ok",
                      (RunStatus(rawValue: e.status) ?? .error).isAnswer else { return nil }
                return e.seconds
            }
            return (["swiftmip (now)", "baseline \(baseline.name)"], [rows.map { $0.solvedTime(0, options.timing) }, old])
        }
        return nil
    }

    func progressLine(_ r: CaseResult, index: Int, total: Int, countWidth: Int, nameWidth: Int, remaining: (Double, Double)?) -> String {
        func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : s + String(repeating: " ", count: w - s.count) }
        func lpad(_ s: String, _ w: Int) -> String { s.count >= w ? s : String(repeating: " ", count: w - s.count) + s }
        var line = "[\(lpad(String(index), countWidth))/\(total)] \(pad(String(r.benchCase.name.prefix(nameWidth)), nameWidth))"
        for (i, run) in r.runs.enumerated() {
            let label = i == 0 ? "" : " | \(run.solver) "
            line += "\(label) \(pad(run.status.rawValue, 10)) \(lpad(formatSeconds(run.seconds(options.timing)), 7))s"
        }
        for i in r.runs.indices.dropFirst() {
            line += "  ratio " + (r.ratio(i, options.timing).map { lpad(String(format: "%.2f", $0), 6) } ?? "     -")
        }
        let mark: String = switch r.outcome {
        case .ok: "ok"
        case .wrong: "WRONG"
        case .unsolved: "unsolved"
        case .error: "ERROR"
        }
        line += "  " + pad(mark, 8)
        if r.judgements.dropFirst().contains(where: { $0.outcome == .wrong }) { line += " (ref wrong)" }
        if let (estimate, worst) = remaining {
            line += "  ~\(duration(estimate)) left (at most \(duration(worst)))"
        }
        return line
    }

    func duration(_ s: Double) -> String {
        let t = Int(s.rounded())
        if t < 60 { return "\(t)s" }
        if t < 3600 { return "\(t / 60)m\(String(format: "%02d", t % 60))s" }
        return "\(t / 3600)h\(String(format: "%02d", (t % 3600) / 60))m"
    }

    func printSummary(_ s: RunSummary, results: [CaseResult]) {
        say("")
        say("== summary (\(options.timing.rawValue) times; shifted geometric means, shift 1 s; wrong answers never averaged)")
        for x in s.solvers {
            say("\(x.label): solved \(x.solved)/\(x.models), wrong \(x.wrong), unsolved \(x.unsolved), errors \(x.errors); sgm \(formatSeconds(x.sgmAll)) s over the \(x.models - x.wrong) models not wrong (unsolved counted at the time limit)")
        }
        for p in s.pairs {
            say("swiftmip vs \(p.reference) over the \(p.bothSolved) models both solved: sgm \(formatSeconds(p.sgmSwiftMIP)) s vs \(formatSeconds(p.sgmReference)) s, shifted ratio \(p.shiftedRatio.isNaN ? "-" : String(format: "%.2f", p.shiftedRatio)) (> 1: SwiftMIP slower)")
        }
        if s.disagreements > 0 { say("\(s.disagreements) model(s) without a known answer where the solvers disagree") }
        let wrong = results.filter { $0.outcome == .wrong }
        if !wrong.isEmpty {
            say("")
            say("*** \(wrong.count) WRONG ANSWER\(wrong.count == 1 ? "" : "S") FROM SWIFTMIP: \(wrong.map(\.benchCase.name).joined(separator: ", ")) ***")
            for r in wrong { say("***   \(r.benchCase.name): \(r.judgements[0].notes.joined(separator: "; "))") }
        }
        let flagged = results.filter { $0.baselineFlags.contains(where: Baseline.isRegression) }
        if options.baseline != nil {
            say("baseline \(options.baseline ?? ""): \(flagged.count) model(s) flagged\(flagged.isEmpty ? "" : ": " + flagged.map(\.benchCase.name).joined(separator: ", "))")
        }
    }

    func referenceSolverVersions(tool: String, solvers: [String], cases: [BenchmarkCase]) -> [String: String] {
        guard let model = cases.first(where: { $0.kind.isMPS }) else { return [:] }
        var versions: [String: String] = [:]
        for s in solvers {
            guard let o = try? ProcessRunner.run(tool, ["--solver", s, "--time-limit", "1", model.file], hardLimit: 30),
                  let line = o.stdout.split(whereSeparator: \.isNewline).last,
                  let obj = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { continue }
            versions[s] = (obj["version"] as? String) ?? "unknown"
        }
        return versions
    }

    func gitCommit(_ paths: BenchmarkPaths) -> String {
        guard let o = try? ProcessRunner.run("/usr/bin/env", ["git", "-C", paths.repositoryRoot.path, "rev-parse", "--short", "HEAD"], hardLimit: 30),
              o.exitCode == 0 else { return "unknown" }
        var c = o.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        if let d = try? ProcessRunner.run("/usr/bin/env", ["git", "-C", paths.repositoryRoot.path, "status", "--porcelain", "--untracked-files=no"], hardLimit: 30),
           !d.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { c += " (modified)" }
        return c
    }
}
