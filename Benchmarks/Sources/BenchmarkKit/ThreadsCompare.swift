import Foundation

/// One model run with each thread count of `--threads-compare`.
struct ThreadsCompareRow {
    var name: String
    var threads: [Int]
    var runs: [RunRecord]
    var outcomes: [Outcome]
    /// Time the table uses for each run (reported or wall).
    var seconds: [Double]

    /// Nodes per second of wall (or reported) time.
    func nodeRate(_ k: Int) -> Double? {
        guard let n = runs[k].nodes, seconds[k] > 0 else { return nil }
        return Double(n) / seconds[k]
    }

    /// Nodes per CPU-second (all threads): falls when threads wait or contend, whatever the machine load.
    func cpuRate(_ k: Int) -> Double? {
        guard let n = runs[k].nodes, runs[k].cpuSeconds > 0 else { return nil }
        return Double(n) / runs[k].cpuSeconds
    }

    /// time(first) / time(k), when both runs solved the model.
    func speedup(_ k: Int) -> Double? {
        guard outcomes[0] == .ok, outcomes[k] == .ok, seconds[k] > 0 else { return nil }
        return seconds[0] / seconds[k]
    }

    func rateRatio(_ k: Int) -> Double? {
        guard let a = nodeRate(0), let b = nodeRate(k), a > 0 else { return nil }
        return b / a
    }

    func cpuEfficiency(_ k: Int) -> Double? {
        guard let a = cpuRate(0), let b = cpuRate(k), a > 0 else { return nil }
        return b / a
    }
}

extension Runner {
    /// `--threads-compare A,B,…`: runs each MPS model once per thread count (the order rotates model by
    /// model so that machine noise falls on every count), checks the answers, and prints per model the
    /// time, nodes, nodes/s, CPU time and nodes per CPU-second, with the ratios against the first count.
    /// Models whose first run explored fewer than `--min-nodes` nodes are shown but not averaged.
    func threadsCompare(_ cases: [BenchmarkCase], binary: String, solveOptions: Set<String>?,
                        paths: BenchmarkPaths) throws -> Int32 {
        let counts = options.threadsCompare
        guard !cases.isEmpty else {
            say("swiftmip-bench: --threads-compare needs MPS models")
            return 2
        }
        if let known = solveOptions, !known.contains("threads") {
            throw BenchUsageError(message: "\(binary) solve has no --threads option: nothing to compare")
        }
        let solvers = counts.map {
            SolverCommand(kind: .swiftmip(binary: binary), threads: $0, extraArguments: options.solverArguments,
                          solveOptions: solveOptions)
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("swiftmip-threads-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let started = Date()
        say("swiftmip-bench threads-compare: \(cases.count) models, threads \(counts.map(String.init).joined(separator: " vs ")), "
            + "timing \(options.timing.rawValue), min nodes \(options.minNodes)")
        say("load average at start: \(loadAverage())")
        let nameWidth = min(max(cases.map(\.name.count).max() ?? 8, 8), 24)
        func pad(_ s: String, _ w: Int) -> String { String(repeating: " ", count: max(0, w - s.count)) + s }
        func padRight(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(0, w - s.count)) }
        func f(_ v: Double?, _ digits: Int = 2) -> String { v.map { String(format: "%.\(digits)f", $0) } ?? "-" }
        var header = padRight("model", nameWidth)
        for t in counts { header += " | " + pad("\(t)t status", 10) + pad("time", 8) + pad("nodes", 9) + pad("nodes/s", 9) + pad("cpu s", 8) + pad("n/cpu-s", 9) }
        for t in counts.dropFirst() { header += " | " + pad("speedup\(t)", 9) + pad("rate\(t)", 7) + pad("cpuEff\(t)", 8) }
        say(header)

        var rows: [ThreadsCompareRow] = []
        var wrong = 0
        for (index, c) in cases.enumerated() {
            let limit = options.timeLimit ?? c.timeLimit ?? 60
            var runs = [RunRecord?](repeating: nil, count: counts.count)
            for shift in 0..<counts.count {
                let k = (index + shift) % counts.count
                runs[k] = solvers[k].run(c, timeLimit: limit, grace: options.grace,
                                         answerFile: work.appendingPathComponent("\(index)-\(counts[k]).sol").path)
                if interruptRequested.load(ordering: .sequentiallyConsistent) { break }
            }
            if interruptRequested.load(ordering: .sequentiallyConsistent) {
                say("interrupted after \(rows.count) models")
                break
            }
            let records = runs.compactMap { $0 }
            let judgements = records.map { judge($0, case: c, tolerances: options.tolerances) }
            for (k, j) in judgements.enumerated() where j.outcome == .wrong {
                wrong += 1
                say("    *** WRONG with \(counts[k]) threads: \(j.notes.joined(separator: "; "))")
            }
            let row = ThreadsCompareRow(name: c.name, threads: counts, runs: records, outcomes: judgements.map(\.outcome),
                                        seconds: records.map { $0.seconds(options.timing) })
            rows.append(row)
            var line = padRight(String(c.name.prefix(nameWidth)), nameWidth)
            for k in counts.indices {
                let r = row.runs[k]
                line += " | " + pad(r.rawStatus.prefix(9).description, 10) + pad(f(row.seconds[k]), 8)
                    + pad(r.nodes.map(String.init) ?? "-", 9) + pad(f(row.nodeRate(k), 0), 9)
                    + pad(f(r.cpuSeconds), 8) + pad(f(row.cpuRate(k), 0), 9)
            }
            for k in counts.indices.dropFirst() {
                line += " | " + pad(f(row.speedup(k)), 9) + pad(f(row.rateRatio(k)), 7) + pad(f(row.cpuEfficiency(k)), 8)
            }
            if (row.runs[0].nodes ?? 0) < options.minNodes { line += "  (small)" }
            say(line)
        }

        // Means over the models that explored at least `minNodes` nodes with the first count.
        let large = rows.filter { ($0.runs[0].nodes ?? 0) >= options.minNodes }
        say("")
        say("\(large.count) of \(rows.count) models explored >= \(options.minNodes) nodes with \(counts[0]) thread(s); geometric means over them:")
        for k in counts.indices.dropFirst() {
            let s = large.compactMap { $0.speedup(k) }
            let r = large.compactMap { $0.rateRatio(k) }
            let e = large.compactMap { $0.cpuEfficiency(k) }
            say("  \(counts[k]) vs \(counts[0]) threads: time speed-up \(f(geometricMean(s))) (\(s.count) solved by both), "
                + "node-rate ratio \(f(geometricMean(r))) (\(r.count)), nodes per CPU-second ratio \(f(geometricMean(e))) (\(e.count))")
        }
        say("load average at end: \(loadAverage())")
        if wrong > 0 { say("\(wrong) WRONG answers") }

        // CSV.
        let resultsDir = options.resultsFolder.map { URL(fileURLWithPath: $0) }
            ?? paths.repositoryRoot.appendingPathComponent("Benchmarks/results")
        let stamp: String = {
            let formatter = DateFormatter()
            formatter.dateFormat = "yyyyMMdd-HHmmss"
            formatter.timeZone = TimeZone(identifier: "UTC")
            return formatter.string(from: started)
        }()
        let label = options.suites.map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent }.joined(separator: "+")
        var csv = "# swiftmip-bench \(options.commandLine.joined(separator: " ")); commit \(gitCommit(paths)); load \(loadAverage())\n"
        csv += "name,threads,status,outcome,time_s,wall_s,cpu_s,nodes,nodes_per_s,nodes_per_cpu_s,speedup,rate_ratio,cpu_efficiency\n"
        for row in rows {
            for k in counts.indices {
                let r = row.runs[k]
                csv += [row.name, String(counts[k]), r.rawStatus, row.outcomes[k].rawValue, f(row.seconds[k], 4), f(r.wallSeconds, 4),
                        f(r.cpuSeconds, 4), r.nodes.map(String.init) ?? "", f(row.nodeRate(k), 1), f(row.cpuRate(k), 1),
                        k == 0 ? "" : f(row.speedup(k), 4), k == 0 ? "" : f(row.rateRatio(k), 4),
                        k == 0 ? "" : f(row.cpuEfficiency(k), 4)].joined(separator: ",") + "\n"
            }
        }
        do {
            try FileManager.default.createDirectory(at: resultsDir, withIntermediateDirectories: true)
            let url = resultsDir.appendingPathComponent("threads-\(label.replacingOccurrences(of: "/", with: "_"))-\(stamp).csv")
            try csv.write(to: url, atomically: true, encoding: .utf8)
            say("results: \(url.path)")
        } catch {
            say("swiftmip-bench: could not write the CSV: \(error)")
        }
        return wrong > 0 ? 1 : 0
    }

    private func geometricMean(_ xs: [Double]) -> Double? {
        let positive = xs.filter { $0 > 0 && $0.isFinite }
        guard !positive.isEmpty else { return nil }
        return exp(positive.map { log($0) }.reduce(0, +) / Double(positive.count))
    }

    /// The 1, 5 and 15 minute load averages (Linux /proc/loadavg), to judge how shared the machine was.
    private func loadAverage() -> String {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "unknown" }
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }
}
