import SwiftMIP

/// `swiftmip check model.mps solution.sol`: the independent solution checker.
func checkCommand() -> CommandSpec {
    CommandSpec(
        name: "check",
        summary: "check a solution file against a model (bounds, rows, integrality, objective)",
        arguments: "model.mps[.gz] solution.sol",
        details: """
        Recomputes every row activity and the objective from the model alone and reports the largest
        bound, row and integrality violations. Exit code 0 when the solution is accepted, 7 when it is
        rejected. The solution file is in MIPLIB/Gurobi .sol form ('=obj= value', then 'name value'
        lines; '#' starts a comment). A variable the file does not list is an error unless
        --missing-zero is given.
        """,
        options: [
            OptionSpec(name: "primal-tolerance", valueName: "T",
                       help: "largest bound or row violation accepted, absolute or relative (default 1e-6)"),
            OptionSpec(name: "integrality-tolerance", valueName: "T",
                       help: "largest distance of an integer variable from an integer (default 1e-5)"),
            OptionSpec(name: "missing-zero", valueName: nil,
                       help: "take variables the solution file does not list as 0 (they are named in the output)"),
            mpsFormatOption,
        ],
        positionalCount: 2...2,
        run: runCheck)
}

private func runCheck(_ args: ParsedArguments) throws -> Int32 {
    var tolerances = CheckTolerances()
    try requireFile(args.positional[0])
    try requireFile(args.positional[1])
    if let t = try args.double("primal-tolerance", in: 0...Double.infinity) { tolerances.primal = t }
    if let t = try args.double("integrality-tolerance", in: 0...Double.infinity) { tolerances.integrality = t }
    let (model, warnings) = try MPSReader.read(contentsOf: args.positional[0], format: try mpsFormat(args))
    for w in warnings { printError("warning: " + w) }
    let solution = try SolutionFile.read(contentsOf: args.positional[1], for: model,
                                         missing: args.has("missing-zero") ? .zero : .error)
    if !solution.missing.isEmpty {
        let shown = solution.missing.prefix(10).joined(separator: ", ") + (solution.missing.count > 10 ? ", ..." : "")
        printOut("note: \(solution.missing.count) variable(s) not in the solution file, taken as 0: \(shown)")
    }
    let check = model.check(solution.values, tolerances: tolerances)
    printOut(check.description)
    if let stated = solution.objective, check.malformed == nil {
        let difference = abs(stated - check.objective)
        if difference > tolerances.primal * max(1, abs(check.objective)) {
            printOut("note: the file states objective \(stated), the model gives \(check.objective)")
        }
    }
    return check.isFeasible ? ExitCode.success : ExitCode.solutionRejected
}
