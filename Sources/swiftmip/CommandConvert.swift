import SwiftMIP

/// `swiftmip convert in.mps[.gz] out.mps`: reads a model and writes it back as MPS.
func convertCommand() -> CommandSpec {
    CommandSpec(
        name: "convert",
        summary: "read a model (MPS, plain or gzip) and write it as free or fixed MPS",
        arguments: "in.mps[.gz] out.mps",
        details: """
        The output reads back to the identical model (numbers are written in shortest round-trip form).
        Use '-' as out.mps to write to standard output. Reader warnings go to standard error.
        """,
        options: [
            OptionSpec(name: "format", valueName: "free|fixed|auto",
                       help: "output layout: free (default), fixed (needs names of at most 8 characters), or auto (free unless names contain spaces)"),
            mpsFormatOption,
        ],
        positionalCount: 2...2,
        run: runConvert)
}

private func runConvert(_ args: ParsedArguments) throws -> Int32 {
    let input = args.positional[0], output = args.positional[1]
    try requireFile(input)
    let outputFormat: MPSFormat
    switch args.string("format") ?? "free" {
    case "free": outputFormat = .free
    case "fixed": outputFormat = .fixed
    case "auto", "automatic": outputFormat = .automatic
    case let other: throw UsageError(message: "--format expects free, fixed or auto, got '\(other)'")
    }
    let (model, warnings) = try MPSReader.read(contentsOf: input, format: try mpsFormat(args))
    for w in warnings { printError("warning: " + w) }
    if outputFormat == .fixed && !MPSWriter.canWriteFixed(model) {
        printError("swiftmip convert: \(input): some names do not fit fixed MPS (1 to 8 characters, no leading or trailing blank); use --format free")
        return ExitCode.inputError
    }
    if output == "-" {
        FileHandleOutput.write(MPSWriter.write(model, format: outputFormat))
    } else {
        try MPSWriter.write(model, to: output, format: outputFormat)
        printOut("wrote \(output): \(model.numberOfConstraints) rows, \(model.numberOfVariables) columns, \(model.numberOfNonzeros) nonzeros")
    }
    return ExitCode.success
}
