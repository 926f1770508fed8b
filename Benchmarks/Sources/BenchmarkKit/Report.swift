import Foundation

/// The facts about a run that the reports state.
public struct RunContext: Sendable {
    public var suiteLabel: String
    public var commandLine: String
    public var started: Date
    public var swiftmipBinary: String
    public var swiftmipVersion: String
    public var referenceVersions: [String: String]
    public var labels: [String]
    public var timing: TimingMethod
    public var threads: Int?
    public var grace: Double
    public var host: String
    public var gitCommit: String
    public var perturbObjective: Double?
    public var skipped: [String]
    public var interrupted: Bool
    public var baselineName: String?
    public var baselineHeader: String?
}

/// CSV and Markdown reports of a run.
public enum Report {
    static func describeTiming(_ c: RunContext) -> String {
        switch c.timing {
        case .reported:
            return "each model in a fresh process; times are the solvers' own figures: SwiftMIP's `time_s` (or `time`, which includes reading the file) from `solve --json`; refsolve's `time_s` (the solve call), or its `total_s` (reading included) whenever SwiftMIP's figure includes reading, so that like is compared with like; the process wall time when a solver reports nothing (verify). Peak memory is the child's maximum resident set (wait4 rusage)"
        case .wall:
            return "each model in a fresh process; times are wall times from spawn to exit (process start-up, reading and writing included — for refsolve that includes starting Python); peak memory is the child's maximum resident set (wait4 rusage)"
        }
    }

    public static func csv(_ results: [CaseResult], context c: RunContext) -> String {
        var columns = ["suite", "name", "kind", "expected", "time_limit_s", "first"]
        for l in c.labels {
            columns += ["\(l)_status", "\(l)_objective", "\(l)_bound", "\(l)_time_s", "\(l)_wall_s", "\(l)_reported_s",
                        "\(l)_peak_mib", "\(l)_nodes", "\(l)_iterations", "\(l)_outcome", "\(l)_notes"]
        }
        for l in c.labels.dropFirst() { columns.append("ratio_\(l)") }
        columns.append("baseline")
        columns += ["swiftmip_root_lp_bound", "swiftmip_root_bound", "swiftmip_root_gap_closed"]
        var lines = [CSV.line(columns)]
        for r in results {
            var f = [r.benchCase.suite, r.benchCase.name, r.benchCase.kind.rawValue, r.benchCase.expected.description,
                     formatNumber(r.timeLimit), r.firstSolver]
            for i in c.labels.indices {
                guard i < r.runs.count else { f += Array(repeating: "", count: 11); continue }
                let run = r.runs[i]
                f += [run.status.rawValue, run.objective.map(formatNumber) ?? "", run.bound.map(formatNumber) ?? "",
                      String(format: "%.4f", run.seconds(c.timing)), String(format: "%.4f", run.wallSeconds),
                      run.reportedSeconds.map { String(format: "%.4f", $0) } ?? "", String(format: "%.1f", run.peakMemoryMiB),
                      run.nodes.map(String.init) ?? "", run.iterations.map(String.init) ?? "",
                      r.judgements[i].outcome.rawValue, r.judgements[i].notes.joined(separator: "; ")]
            }
            for i in c.labels.indices.dropFirst() { f.append(r.ratio(i, c.timing).map { String(format: "%.3f", $0) } ?? "") }
            f.append(r.baselineFlags.joined(separator: "; "))
            let first = r.runs.first
            f += [first?.rootLPBound.map(formatNumber) ?? "", first?.rootCutBound.map(formatNumber) ?? "",
                  first?.rootGapClosed(optimum: r.knownOptimum).map { String(format: "%.4f", $0) } ?? ""]
            lines.append(CSV.line(f))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }

    public static func markdown(_ results: [CaseResult], summary: RunSummary, context c: RunContext, profileFile: String?) -> String {
        var md: [String] = []
        let iso = ISO8601DateFormatter().string(from: c.started)
        md.append("# swiftmip-bench: \(c.suiteLabel)")
        md.append("")
        let wrong = summary.solvers.first?.wrong ?? 0
        if wrong > 0 {
            md.append("**\(wrong) WRONG ANSWER\(wrong == 1 ? "" : "S") from SwiftMIP** — listed below; this run failed.")
            md.append("")
        }
        if let p = c.perturbObjective {
            md.append("**Test double active:** SwiftMIP's reported objective was perturbed by \(p)·max(1,|obj|) before checking.")
            md.append("")
        }
        if c.interrupted { md.append("**Interrupted:** the run was stopped before every model ran."); md.append("") }
        md.append("- date: \(iso); host: \(c.host); commit: \(c.gitCommit)")
        md.append("- command: `swiftmip-bench \(c.commandLine)`")
        md.append("- SwiftMIP: \(c.swiftmipVersion) (`\(c.swiftmipBinary)`)")
        for l in c.labels.dropFirst() { md.append("- \(l): \(c.referenceVersions[l] ?? "unknown") via refsolve") }
        md.append("- threads: \(c.threads.map(String.init) ?? "solver default"); hard kill at time limit + \(formatNumber(c.grace)) s")
        md.append("- timing: \(describeTiming(c)). When comparing, the solvers alternate model by model (first solver in the table) so that machine noise falls on both.")
        md.append("- checks: status and objective against the known answer (objective tolerance 1e-6 relative, 1e-6 absolute near zero; an `optimal` MIP may be within the 1e-4 MIP gap; a bound that cuts off the known optimum is wrong); solution files through `swiftmip check`; `sat` needs a confirmed counterexample; `unsat` against a reference `sat` is wrong.")
        for s in c.skipped { md.append("- skipped: \(s)") }
        md.append("")
        md.append("## Summary")
        md.append("")
        md.append("| solver | models | solved | wrong | unsolved | errors | sgm time (s), unsolved at the limit |")
        md.append("|---|---:|---:|---:|---:|---:|---:|")
        for s in summary.solvers {
            md.append("| \(s.label) | \(s.models) | \(s.solved) | \(s.wrong) | \(s.unsolved) | \(s.errors) | \(formatSeconds(s.sgmAll)) |")
        }
        md.append("")
        md.append("Shifted geometric means use shift 1 s; wrong answers are left out of every mean.")
        if !summary.pairs.isEmpty {
            md.append("")
            md.append("| SwiftMIP vs | models both solved | sgm SwiftMIP (s) | sgm reference (s) | shifted ratio |")
            md.append("|---|---:|---:|---:|---:|")
            for p in summary.pairs {
                md.append("| \(p.reference) | \(p.bothSolved) | \(formatSeconds(p.sgmSwiftMIP)) | \(formatSeconds(p.sgmReference)) | \(p.shiftedRatio.isNaN ? "-" : String(format: "%.2f", p.shiftedRatio)) |")
            }
            md.append("")
            md.append("The shifted ratio is the geometric mean over the models both solved of (t_SwiftMIP + 1 s)/(t_reference + 1 s); above 1 SwiftMIP is slower.")
        }
        if summary.disagreements > 0 {
            md.append("")
            md.append("\(summary.disagreements) model(s) without a known answer where SwiftMIP and a reference solver disagree (see notes).")
        }
        if let profileFile {
            md.append("")
            md.append("Performance profile (Dolan–Moré): [\(profileFile)](\(profileFile))")
            md.append("")
            md.append("![performance profile](\(profileFile))")
        }
        let wrongRows = results.filter { $0.judgements.contains { $0.outcome == .wrong } }
        if !wrongRows.isEmpty {
            md.append("")
            md.append("## Wrong answers")
            md.append("")
            for r in wrongRows {
                for (i, j) in r.judgements.enumerated() where j.outcome == .wrong {
                    let who = i == 0 ? "**SwiftMIP**" : "reference \(r.runs[i].solver)"
                    md.append("- \(cell(r.benchCase.name)) — \(who): \(cell(j.notes.joined(separator: "; ")))")
                }
            }
        }
        if let name = c.baselineName {
            md.append("")
            md.append("## Baseline `\(name)`")
            md.append("")
            if let h = c.baselineHeader, !h.isEmpty { md.append("Baseline run: \(h)"); md.append("") }
            let flagged = results.filter { !$0.baselineFlags.isEmpty }
            if flagged.isEmpty { md.append("No changes beyond the thresholds.") }
            for r in flagged { md.append("- \(cell(r.benchCase.name)): \(cell(r.baselineFlags.joined(separator: "; ")))") }
        }
        md += rootBoundSection(results)
        md.append("")
        md.append("## Models")
        md.append("")
        var head = "| model | known | first |"
        var rule = "|---|---|---|"
        for l in c.labels {
            head += " \(l) | time (s) | MiB |"
            rule += "---|---:|---:|"
        }
        for l in c.labels.dropFirst() { head += " ratio vs \(l) |"; rule += "---:|" }
        head += " check | notes |"
        rule += "---|---|"
        md.append(head)
        md.append(rule)
        for r in results {
            var row = "| \(cell(r.benchCase.name)) | \(cell(r.benchCase.expected.description)) | \(r.firstSolver) |"
            for i in c.labels.indices {
                if i < r.runs.count {
                    let run = r.runs[i]
                    let status = run.status == .optimal || run.status == .limit
                        ? "\(run.status.rawValue) \(run.objective.map(formatNumber) ?? "")" : run.status.rawValue
                    row += " \(cell(status)) | \(formatSeconds(run.seconds(c.timing))) | \(String(format: "%.0f", run.peakMemoryMiB)) |"
                } else {
                    row += " | | |"
                }
            }
            for i in c.labels.indices.dropFirst() { row += " \(r.ratio(i, c.timing).map { String(format: "%.2f", $0) } ?? "-") |" }
            let check = r.judgements.enumerated().map { i, j in
                j.outcome == .wrong ? (i == 0 ? "**WRONG**" : "ref wrong") : (i == 0 ? j.outcome.rawValue : "")
            }.filter { !$0.isEmpty }.joined(separator: ", ")
            var notes = r.judgements[0].notes
            for i in r.judgements.indices.dropFirst() where !r.judgements[i].notes.isEmpty && r.judgements[i].outcome != .ok {
                notes.append("\(r.runs[i].solver): " + r.judgements[i].notes.joined(separator: "; "))
            }
            notes += r.baselineFlags.map { "baseline: " + $0 }
            row += " \(check) | \(cell(notes.joined(separator: "; "))) |"
            md.append(row)
        }
        return md.joined(separator: "\n") + "\n"
    }

    /// SwiftMIP's root LP bound, root bound after cuts and the root gap closed, per MIP.
    static func rootBoundSection(_ results: [CaseResult]) -> [String] {
        let rows = results.filter { $0.runs.first?.rootLPBound != nil }
        guard !rows.isEmpty else { return [] }
        var md = ["", "## Root bounds (SwiftMIP)", "",
                  "Root gap closed = (bound after cuts − LP bound) / (known optimum − LP bound); the bounds are after presolve.", "",
                  "| model | known | root LP bound | root bound after cuts | gap closed |", "|---|---:|---:|---:|---:|"]
        var closed: [Double] = []
        for r in rows {
            let run = r.runs[0]
            let g = run.rootGapClosed(optimum: r.knownOptimum)
            if let g { closed.append(g) }
            md.append("| \(cell(r.benchCase.name)) | \(cell(r.benchCase.expected.description)) | "
                      + "\(run.rootLPBound.map(formatNumber) ?? "-") | \(run.rootCutBound.map(formatNumber) ?? "-") | "
                      + "\(g.map { String(format: "%.1f%%", 100 * $0) } ?? "-") |")
        }
        if !closed.isEmpty {
            md.append("")
            md.append(String(format: "Mean root gap closed over %d models with a gap: %.1f%%.", closed.count,
                             100 * closed.reduce(0, +) / Double(closed.count)))
        }
        return md
    }
}
