import Foundation
import SwiftMIP

/// `swiftmip verify net.onnx prop.vnnlib` (one instance) or `swiftmip verify --instances instances.csv`
/// (a whole VNN-COMP benchmark).
func verifyCommand() -> CommandSpec {
    CommandSpec(
        name: "verify",
        summary: "Verify a VNNLIB property of an ONNX ReLU network (sat/unsat/timeout/unknown/error)",
        arguments: "net.onnx prop.vnnlib | --instances instances.csv",
        details: """
            Prints the result word (sat, unsat, timeout, unknown or error) as the first line of standard
            output; statistics and progress go to standard error. For sat, the counterexample (checked by a
            forward pass) is written with --counterexample in the VNN-COMP form ((X_0 v) ... (Y_0 v) ...).
            With --instances, runs every row 'onnx,vnnlib,timeout' of the CSV (paths relative to the CSV's
            folder, or to --root), prints one line per instance and writes --results as CSV
            (onnx,vnnlib,result,time_s,subproblems,strategy).
            Exit code: 0 for sat/unsat, 5 timeout, 6 unknown, 1 error (with --instances: 0 unless a row
            could not be read).
            """,
        options: [
            OptionSpec(name: "timeout", valueName: "S", help: "wall-clock limit in seconds (default: none; with --instances the CSV's)"),
            OptionSpec(name: "threads", valueName: "N", help: "worker threads (default 2)"),
            OptionSpec(name: "counterexample", valueName: "FILE", help: "write the counterexample of a sat verdict here"),
            OptionSpec(name: "quiet", valueName: nil, help: "no progress or statistics on standard error"),
            OptionSpec(name: "instances", valueName: "CSV", help: "run every instance of a benchmark CSV"),
            OptionSpec(name: "root", valueName: "DIR", help: "folder the CSV's paths are relative to (default: the CSV's folder)"),
            OptionSpec(name: "results", valueName: "FILE", help: "with --instances: write the results CSV here"),
            OptionSpec(name: "counterexample-dir", valueName: "DIR", help: "with --instances: write each counterexample to DIR"),
            OptionSpec(name: "strategy", valueName: "S", help: "auto, input or relu (branching; default auto)"),
            OptionSpec(name: "lookahead", valueName: "K", help: "input splitting: try the K best-scored inputs by bounding both children (default 2; 1 = score only)"),
            OptionSpec(name: "alpha-iterations", valueName: "N", help: "alpha-CROWN slope steps per subproblem (default 8; 0 = plain CROWN)"),
            OptionSpec(name: "beta", valueName: "on|off", help: "ReLU splitting: beta-CROWN multipliers for the split constraints (default on)"),
            OptionSpec(name: "fsb", valueName: "K", help: "ReLU splitting: try the K best-scored ReLUs by bounding both children (filtered smart branching; 0/1 = score only)"),
            OptionSpec(name: "root-alpha", valueName: "N", help: "ReLU splitting: alpha-CROWN steps on the root's intermediate bounds (default 0 = CROWN)"),
            OptionSpec(name: "leaf-lp", valueName: "K", help: "input splitting: decide a node with at most K unstable ReLUs by LP with ReLU splitting (default 40; 0 = off)"),
            OptionSpec(name: "leaf-lp-depth", valueName: "D", help: "input splitting: only nodes at least D bisections deep get the leaf LP (default 20)"),
            OptionSpec(name: "intermediate", valueName: "M", help: "ReLU splitting: recompute (CROWN bounds of the layers after a split) or keep (the parent's, split ReLU clamped)"),
        ],
        positionalCount: 0...2,
        run: runVerify)
}

private func verifyOptions(_ args: ParsedArguments, timeout: Double?) throws -> VerificationOptions {
    let threads = try args.int("threads", in: 1...Int.max) ?? 2
    var options = VerificationOptions(timeLimit: timeout ?? .infinity, threads: threads)
    if !args.has("quiet") { options.log = { printError("  " + $0) } }
    if let k = try args.int("lookahead", in: 0...Int.max) { options.inputLookahead = k }
    if let a = try args.int("alpha-iterations", in: 0...Int.max) { options.alphaIterations = a }
    switch args.string("beta") ?? "on" {
    case "on": options.betaCROWN = true
    case "off": options.betaCROWN = false
    case let s: throw UsageError(message: "--beta expects on or off, got '\(s)'")
    }
    if let k = try args.int("fsb", in: 0...Int.max) { options.reluBranchingCandidates = k }
    if let k = try args.int("root-alpha", in: 0...Int.max) { options.rootIntermediateAlphaIterations = k }
    if let k = try args.int("leaf-lp", in: 0...Int.max) { options.leafLPMaxUnstable = k }
    if let k = try args.int("leaf-lp-depth", in: 0...Int.max) { options.leafLPMinDepth = k }
    if let m = args.string("intermediate") {
        switch m {
        case "recompute": options.recomputeIntermediateBounds = true
        case "keep": options.recomputeIntermediateBounds = false
        default: throw UsageError(message: "--intermediate expects recompute or keep, got '\(m)'")
        }
    }
    switch args.string("strategy") ?? "auto" {
    case "auto": break
    case "input": options.useInputSplitting = true
    case "relu": options.useInputSplitting = false
    case let s: throw UsageError(message: "--strategy expects auto, input or relu, got '\(s)'")
    }
    return options
}

private func exitCode(_ verdict: VerificationVerdict) -> Int32 {
    switch verdict {
    case .sat, .unsat: return ExitCode.success
    case .timeout: return ExitCode.limitReached
    case .unknown: return ExitCode.noProof
    }
}

/// Loads and verifies one instance; throws on unreadable files or mismatched sizes.
private func runInstance(onnx: String, vnnlib: String, options: VerificationOptions) throws -> VerificationResult {
    let network = try NeuralNetwork(contentsOf: URL(fileURLWithPath: onnx))
    let property = try VNNProperty(contentsOf: URL(fileURLWithPath: vnnlib))
    guard property.inputCount == network.inputSize, property.outputCount == network.outputSize else {
        throw NeuralInputError(file: vnnlib, line: nil,
            message: "the property has \(property.inputCount) inputs / \(property.outputCount) outputs, the network \(onnx) has \(network.inputSize) / \(network.outputSize)")
    }
    return verify(network: network, property: property, options: options)
}

private func statsLine(_ r: VerificationResult) -> String {
    let s = r.statistics
    var line = String(format: "time %.3f s, strategy %@, subproblems %d (proven %d, max open %d), proven share %.4f%%, attack passes %d",
                      s.time, s.strategy, s.subproblems, s.provenLeaves, s.maxOpen, 100 * s.provenFraction, s.attackEvaluations)
    if !r.note.isEmpty { line += "; " + r.note }
    return line
}

private func runVerify(_ args: ParsedArguments) throws -> Int32 {
    if let csv = args.string("instances") {
        guard args.positional.isEmpty else { throw UsageError(message: "--instances takes no positional arguments") }
        return try runBenchmark(csv: csv, args: args)
    }
    guard args.positional.count == 2 else {
        throw UsageError(message: "'verify' expects net.onnx prop.vnnlib (or --instances CSV)")
    }
    let options = try verifyOptions(args, timeout: try args.double("timeout"))
    let result: VerificationResult
    do {
        result = try runInstance(onnx: args.positional[0], vnnlib: args.positional[1], options: options)
    } catch {
        printOut("error")
        printError("swiftmip verify: \(error)")
        return ExitCode.inputError
    }
    printOut(result.verdict.rawValue)
    if !args.has("quiet") { printError(statsLine(result)) }
    if result.verdict == .sat, let ce = result.counterexample, let path = args.string("counterexample") {
        try ("sat\n" + ce.vnnText).write(toFile: path, atomically: true, encoding: .utf8)
    }
    return exitCode(result.verdict)
}

private func runBenchmark(csv: String, args: ParsedArguments) throws -> Int32 {
    let text = try String(contentsOfFile: csv, encoding: .utf8)
    let root = args.string("root") ?? URL(fileURLWithPath: csv).deletingLastPathComponent().path
    let fixedTimeout = try args.double("timeout")
    var rows: [(String, String, Double?)] = []
    for (number, raw) in text.split(whereSeparator: \.isNewline).enumerated() {
        let line = raw.trimmingCharacters(in: .whitespaces)
        if line.isEmpty || line.hasPrefix("#") { continue }
        let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard fields.count >= 2 else {
            throw NeuralInputError(file: csv, line: number + 1, message: "expected 'onnx,vnnlib,timeout', got '\(line)'")
        }
        var timeout: Double? = nil
        if fields.count >= 3 {
            guard let t = Double(fields[2]) else {
                throw NeuralInputError(file: csv, line: number + 1, message: "timeout '\(fields[2])' is not a number")
            }
            timeout = t
        }
        rows.append((fields[0], fields[1], timeout))
    }
    var out = "onnx,vnnlib,result,time_s,subproblems,strategy\n"
    var counts: [String: Int] = [:]
    var totalTime = 0.0
    let ceDir = args.string("counterexample-dir")
    if let ceDir { try FileManager.default.createDirectory(atPath: ceDir, withIntermediateDirectories: true) }
    for (index, (onnx, vnnlib, rowTimeout)) in rows.enumerated() {
        let options = try verifyOptions(args, timeout: fixedTimeout ?? rowTimeout)
        let started = Date()
        var word = "error", subproblems = 0, strategy = "-"
        do {
            let r = try runInstance(onnx: root + "/" + onnx, vnnlib: root + "/" + vnnlib, options: options)
            word = r.verdict.rawValue
            subproblems = r.statistics.subproblems
            strategy = r.statistics.strategy
            if let ce = r.counterexample, let ceDir {
                let name = (onnx as NSString).lastPathComponent.replacingOccurrences(of: ".onnx", with: "") + "__"
                    + vnnlib.replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: ".vnnlib", with: "") + ".counterexample"
                try ("sat\n" + ce.vnnText).write(toFile: ceDir + "/" + name, atomically: true, encoding: .utf8)
            }
        } catch {
            printError("swiftmip verify: \(onnx) \(vnnlib): \(error)")
        }
        let time = Date().timeIntervalSince(started)
        totalTime += time
        counts[word, default: 0] += 1
        printOut(String(format: "%3d/%d %@ %@ %@ %.2f s %d", index + 1, rows.count, onnx, vnnlib, word, time, subproblems))
        out += "\(onnx),\(vnnlib),\(word),\(String(format: "%.3f", time)),\(subproblems),\(strategy)\n"
        if let path = args.string("results") { try out.write(toFile: path, atomically: true, encoding: .utf8) }
    }
    let summary = ["sat", "unsat", "timeout", "unknown", "error"].map { "\($0) \(counts[$0] ?? 0)" }.joined(separator: ", ")
    printOut(String(format: "total: %d instances: %@; %.1f s", rows.count, summary, totalTime))
    return ExitCode.success
}
