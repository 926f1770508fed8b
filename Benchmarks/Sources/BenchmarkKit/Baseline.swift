import Foundation

/// A stored run: a small CSV under Benchmarks/baselines/NAME.csv (committed), one row per model
/// with SwiftMIP's answer and time (and the reference solver's, when the run compared).
public struct Baseline: Sendable {
    public struct Entry: Sendable {
        public var status: String
        public var objective: Double?
        public var seconds: Double
        public var outcome: String
    }

    public var name: String
    /// The comment line describing the run it came from.
    public var header: String
    public var entries: [String: Entry]

    public static func url(_ name: String, paths: BenchmarkPaths) -> URL {
        paths.repositoryRoot.appendingPathComponent("Benchmarks/baselines/\(name).csv")
    }

    public static func load(_ name: String, paths: BenchmarkPaths) throws -> Baseline {
        let url = url(name, paths: paths)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            let known = ((try? FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)) ?? [])
                .filter { $0.hasSuffix(".csv") }.map { String($0.dropLast(4)) }.sorted()
            throw SuiteError(message: "no baseline '\(name)' (\(url.path)); known: \(known.isEmpty ? "none" : known.joined(separator: ", "))")
        }
        let header = text.split(separator: "\n").first(where: { $0.hasPrefix("#") }).map { String($0.dropFirst()).trimmingCharacters(in: .whitespaces) } ?? ""
        var entries: [String: Entry] = [:]
        for row in CSV.parseWithHeader(text).rows {
            guard let n = row["name"], let t = row["time_s"].flatMap(Double.init) else { continue }
            entries[n] = Entry(status: row["status"] ?? "", objective: row["objective"].flatMap(Double.init), seconds: t,
                               outcome: row["outcome"] ?? "")
        }
        return Baseline(name: name, header: header, entries: entries)
    }

    /// Writes the run's results as baseline `name`; returns the file written.
    public static func save(_ name: String, results: [CaseResult], header: String, labels: [String],
                            timing: TimingMethod, paths: BenchmarkPaths) throws -> URL {
        let url = url(name, paths: paths)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        var lines = ["# " + header]
        var columns = ["name", "status", "objective", "time_s", "outcome"]
        for ref in labels.dropFirst() { columns += ["\(ref)_status", "\(ref)_time_s"] }
        lines.append(CSV.line(columns))
        for r in results {
            var fields = [r.benchCase.name, r.swiftmip.status.rawValue, r.swiftmip.objective.map(formatNumber) ?? "",
                          String(format: "%.4f", r.swiftmip.seconds(timing)), r.outcome.rawValue]
            for i in labels.indices.dropFirst() {
                if i < r.runs.count {
                    fields += [r.runs[i].status.rawValue, String(format: "%.4f", r.runs[i].seconds(timing))]
                } else {
                    fields += ["", ""]
                }
            }
            lines.append(CSV.line(fields))
        }
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// Flags for one result: a changed answer, no longer solved, slower than both thresholds;
    /// improvements are reported with a leading "+".
    public func compare(_ r: CaseResult, timing: TimingMethod, slowerRatio: Double, slowerSeconds: Double,
                        tolerances: CheckTolerances) -> [String] {
        guard let old = entries[r.benchCase.name] else { return ["new (not in the baseline)"] }
        var flags: [String] = []
        let now = r.swiftmip
        let oldStatus = RunStatus(rawValue: old.status) ?? .error
        let oldSolved = old.outcome == Outcome.ok.rawValue && oldStatus.isAnswer
        let nowSolved = r.outcome == .ok && now.status.isAnswer
        if oldSolved && nowSolved {
            if oldStatus != now.status {
                flags.append("answer changed: \(old.status) → \(now.status.rawValue)")
            } else if let a = old.objective, let b = now.objective {
                let allowed = r.benchCase.kind == .lp ? tolerances.tolerance(a) : tolerances.tolerance(a) + tolerances.mipGap * max(abs(a), abs(b))
                if abs(a - b) > allowed { flags.append("answer changed: objective \(formatNumber(a)) → \(formatNumber(b))") }
            }
            let t = now.seconds(timing)
            if t > old.seconds * slowerRatio && t - old.seconds > slowerSeconds {
                flags.append(String(format: "slower: %@ s → %@ s (×%.2f)", formatSeconds(old.seconds), formatSeconds(t), t / max(old.seconds, 1e-6)))
            } else if old.seconds > t * slowerRatio && old.seconds - t > slowerSeconds {
                flags.append(String(format: "+faster: %@ s → %@ s (×%.2f)", formatSeconds(old.seconds), formatSeconds(t), t / max(old.seconds, 1e-6)))
            }
        } else if oldSolved && !nowSolved {
            flags.append("no longer solved: \(old.status) → \(now.status.rawValue) (\(r.outcome.rawValue))")
        } else if !oldSolved && nowSolved {
            flags.append("+newly solved (was \(old.status))")
        }
        return flags
    }

    /// True for flags that count as regressions (not the "+" improvements or new models).
    public static func isRegression(_ flag: String) -> Bool {
        !flag.hasPrefix("+") && !flag.hasPrefix("new ")
    }
}
