import Foundation
import SwiftMIP

/// `swiftmip solve model.mps[.gz]`: reads a model, solves it, prints the log and the result.
func solveCommand() -> CommandSpec {
    CommandSpec(
        name: "solve",
        summary: "solve an LP (or MIP) given in MPS format",
        arguments: "model.mps[.gz]",
        details: """
        Prints a header with the model's size, a progress line at most every second on long runs
        (iteration, objective, primal and dual infeasibility, time), then the status word
        (optimal, infeasible, unbounded, time limit, iteration limit, numerical trouble),
        the objective, the iteration count and the time.
        """,
        options: [
            OptionSpec(name: "time-limit", valueName: "S", help: "stop after S seconds (wall clock)"),
            OptionSpec(name: "iteration-limit", valueName: "N", help: "stop after N simplex iterations"),
            OptionSpec(name: "solution", valueName: "FILE", help: "write the solution (.sol style: name value per line)"),
            OptionSpec(name: "json", valueName: nil, help: "print the result as one JSON line"),
            OptionSpec(name: "quiet", valueName: nil, help: "no header and no progress lines"),
            mpsFormatOption,
        ],
        positionalCount: 1...1,
        run: runSolve)
}

private func runSolve(_ args: ParsedArguments) throws -> Int32 {
    let path = args.positional[0]
    let format = try mpsFormat(args)
    var options = SolverOptions()
    if let t = try args.double("time-limit") {
        guard t >= 0 else { throw UsageError(message: "--time-limit expects a number ≥ 0, got '\(t)'") }
        options.timeLimit = t
    }
    if let n = try args.int("iteration-limit") {
        guard n >= 0 else { throw UsageError(message: "--iteration-limit expects a whole number ≥ 0, got '\(n)'") }
        options.iterationLimit = n
    }
    let quiet = args.has("quiet") || args.has("json")
    let start = Date()
    let model: Model
    do {
        model = try MPSReader.read(contentsOf: path, format: format).model
    } catch {
        printError("error: \(error)")
        return ExitCode.inputError
    }
    if !quiet {
        printOut("model \(model.name): \(model.numberOfConstraints) rows, \(model.numberOfVariables) columns, "
                 + "\(model.numberOfNonzeros) nonzeros, \(model.numberOfIntegerVariables) integer")
        options.log = { line in printOut(line) }
        options.logInterval = 1
    }
    let result: SolveResult
    do {
        result = try model.solve(options: options)
    } catch {
        printError("error: \(error)")
        return ExitCode.inputError
    }
    let elapsed = Date().timeIntervalSince(start)
    if let file = args.string("solution"), let values = result.values {
        var text = "# status \(result.status.rawValue)\n"
        if let obj = result.objectiveValue { text += "# objective \(formatNumber(obj))\n" }
        for (v, x) in zip(model.variables, values) { text += "\(v.name) \(formatNumber(x))\n" }
        do {
            try text.write(toFile: file, atomically: true, encoding: .utf8)
        } catch {
            printError("error: cannot write \(file): \(error)")
            return ExitCode.inputError
        }
    }
    if args.has("json") {
        var fields = ["\"file\":\(jsonString(path))", "\"status\":\(jsonString(result.status.rawValue))"]
        fields.append("\"objective\":" + (result.objectiveValue.map { jsonNumber($0) } ?? "null"))
        fields.append("\"iterations\":\(result.iterations)")
        fields.append("\"time\":\(jsonNumber(elapsed))")
        printOut("{" + fields.joined(separator: ",") + "}")
    } else {
        printOut(result.status.rawValue)
        if let obj = result.objectiveValue { printOut("objective \(formatNumber(obj))") }
        printOut("iterations \(result.iterations)")
        printOut(String(format: "time %.3f s", elapsed))
    }
    switch result.status {
    case .optimal: return ExitCode.success
    case .infeasible: return ExitCode.infeasible
    case .unbounded, .infeasibleOrUnbounded: return ExitCode.unbounded
    case .timeLimit, .iterationLimit, .nodeLimit, .solutionLimit, .gapLimit, .interrupted: return ExitCode.limitReached
    case .numericalTrouble: return ExitCode.noProof
    }
}

private func formatNumber(_ v: Double) -> String { String(format: "%.15g", v) }

private func jsonNumber(_ v: Double) -> String { v.isFinite ? String(format: "%.15g", v) : "null" }

private func jsonString(_ s: String) -> String {
    var out = "\""
    for ch in s.unicodeScalars {
        switch ch {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        default:
            if ch.value < 0x20 { out += String(format: "\\u%04x", ch.value) } else { out.unicodeScalars.append(ch) }
        }
    }
    return out + "\""
}
