import Dispatch
import Foundation
import SwiftMIP

/// `swiftmip solve model.mps[.gz]`: reads a model, solves it (LP by the dual simplex, MIP by the
/// parallel branch-and-bound), prints the log and the result.
func solveCommand() -> CommandSpec {
    CommandSpec(
        name: "solve",
        summary: "solve an LP or MIP given in MPS format (fixed or free, plain or .gz)",
        arguments: "model.mps[.gz]",
        details: """
        Prints a header with the model's size, progress lines on long runs (LP: iteration, objective,
        primal and dual infeasibility, time; MIP: nodes explored and open, LP iterations, dual bound,
        primal bound, gap, time, and which heuristic found each new incumbent), then the status word
        (optimal, infeasible, unbounded, infeasible or unbounded, time limit, iteration limit,
        node limit, solution limit, gap limit reached, interrupted, numerical trouble), the objective,
        the bound, nodes, iterations and the time. Ctrl-C stops a solve cleanly and reports the best
        solution found so far (status 'interrupted').
        """,
        options: [
            OptionSpec(name: "time-limit", valueName: "S", help: "stop after S seconds of wall clock (default: none)"),
            OptionSpec(name: "iteration-limit", valueName: "N", help: "stop an LP after N simplex iterations (default: none)"),
            OptionSpec(name: "node-limit", valueName: "N", help: "MIP: stop after N branch-and-bound nodes (default: none)"),
            OptionSpec(name: "solution-limit", valueName: "N", help: "MIP: stop after N improving solutions (default: none)"),
            OptionSpec(name: "gap", valueName: "G", help: "MIP: stop at relative gap G (default 1e-4, as HiGHS)"),
            OptionSpec(name: "absolute-gap", valueName: "G", help: "MIP: stop at absolute gap G (default 1e-6)"),
            OptionSpec(name: "threads", valueName: "N", help: "MIP: branch-and-bound worker threads (default 1; 1 is deterministic)"),
            OptionSpec(name: "presolve", valueName: "on|off", help: "run presolve before the LP or MIP solve (default on; LP duals are postsolved)"),
            OptionSpec(name: "cuts", valueName: "on|off", help: "MIP: separate cutting planes at the root (Gomory mixed-integer and the row-based families; default on)"),
            OptionSpec(name: "solution", valueName: "FILE", help: "write the best solution in the .sol style (=obj= value, then name value)"),
            OptionSpec(name: "duals", valueName: "FILE", help: "LP: write the row duals and reduced costs ('row NAME value', then 'column NAME value'); only duals that pass the dual feasibility check are written"),
            OptionSpec(name: "json", valueName: nil, help: "print only the result, as one JSON line"),
            OptionSpec(name: "quiet", valueName: nil, help: "no header and no progress lines"),
            mpsFormatOption,
        ],
        positionalCount: 1...1,
        run: runSolve)
}

private func onOff(_ args: ParsedArguments, _ name: String, default value: Bool) throws -> Bool {
    guard let text = args.string(name) else { return value }
    switch text.lowercased() {
    case "on", "true", "yes", "1": return true
    case "off", "false", "no", "0": return false
    default: throw UsageError(message: "--\(name) expects on or off, got '\(text)'")
    }
}

private func runSolve(_ args: ParsedArguments) throws -> Int32 {
    let path = args.positional[0]
    let format = try mpsFormat(args)
    var options = SolverOptions()
    if let t = try args.double("time-limit", in: 0...Double.infinity) { options.timeLimit = t }
    if let n = try args.int("iteration-limit", in: 0...Int.max) { options.iterationLimit = n }
    if let n = try args.int("node-limit", in: 0...Int.max) { options.nodeLimit = n }
    if let n = try args.int("solution-limit", in: 1...Int.max) { options.solutionLimit = n }
    if let g = try args.double("gap", in: 0...Double.infinity) { options.relativeGap = g }
    if let g = try args.double("absolute-gap", in: 0...Double.infinity) { options.absoluteGap = g }
    if let n = try args.int("threads", in: 1...256) { options.threads = n }
    options.presolve = try onOff(args, "presolve", default: true)
    options.cuts = try onOff(args, "cuts", default: true)
    let quiet = args.has("quiet") || args.has("json")
    guard FileManager.default.fileExists(atPath: path) else {
        throw UsageError(message: "no such file '\(path)'")
    }
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
        options.logInterval = model.isMIP ? 5 : 1
    }
    // Ctrl-C: ask the solver to stop and report what it has.
    let cancellation = CancellationToken()
    options.cancellation = cancellation
    signal(SIGINT, SIG_IGN)
    let interrupt = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
    interrupt.setEventHandler { cancellation.cancel() }
    interrupt.resume()
    defer { interrupt.cancel() }

    let result: SolveResult
    do {
        result = try model.solve(options: options)
    } catch {
        printError("error: \(error)")
        return ExitCode.inputError
    }
    if let file = args.string("solution"), let values = result.values {
        do {
            try SolutionFile.write(values: values, objective: result.objectiveValue, for: model, to: file)
        } catch {
            printError("error: cannot write \(file): \(error)")
            return ExitCode.inputError
        }
    }
    if let file = args.string("duals") {
        if let duals = result.duals, let reducedCosts = result.reducedCosts, !model.isMIP {
            do {
                try SolutionFile.writeDuals(duals: duals, reducedCosts: reducedCosts, for: model, to: file)
            } catch {
                printError("error: cannot write \(file): \(error)")
                return ExitCode.inputError
            }
        } else {
            printError("note: no duals written to \(file): "
                       + (model.isMIP ? "the model is a MIP" : (result.message ?? "the solve ended without an optimal basis")))
        }
    }
    if args.has("json") {
        printOut(ResultRecord.json(result, model: model.name))
    } else {
        printOut(result.status.rawValue)
        if let obj = result.objectiveValue { printOut("objective \(String(format: "%.15g", obj))") }
        if model.isMIP {
            printOut("bound \(String(format: "%.15g", result.bestBound))")
            printOut("nodes \(result.nodes)")
            if let b = result.rootLPBound { printOut("root LP bound \(String(format: "%.15g", b))") }
            if let b = result.rootCutBound { printOut("root bound after cuts \(String(format: "%.15g", b))") }
        }
        printOut("iterations \(result.iterations)")
        printOut(String(format: "time %.3f s", result.time))
        if let message = result.message { printOut("note \(message)") }
    }
    switch result.status {
    case .optimal: return ExitCode.success
    case .infeasible: return ExitCode.infeasible
    case .unbounded, .infeasibleOrUnbounded: return ExitCode.unbounded
    case .timeLimit, .iterationLimit, .nodeLimit, .solutionLimit, .gapLimit, .interrupted: return ExitCode.limitReached
    case .numericalTrouble: return ExitCode.noProof
    }
}
