import SwiftMIP

/// `swiftmip stats model.mps[.gz]`: sizes, kinds and number ranges of a model.
func statsCommand() -> CommandSpec {
    CommandSpec(
        name: "stats",
        summary: "print a model's size, variable kinds, bound and coefficient ranges",
        arguments: "model.mps[.gz]",
        details: """
        Reads the model (fixed or free MPS, plain or gzip) and prints rows, columns, nonzeros, integer and
        binary columns, empty rows and columns, the ranges of |coefficients|, |objective|, |rhs| and
        |bounds| (finite nonzero values), the read time and the reader's warnings.
        """,
        options: [mpsFormatOption],
        positionalCount: 1...1,
        run: runStats)
}

private func runStats(_ args: ParsedArguments) throws -> Int32 {
    let path = args.positional[0]
    let format = try mpsFormat(args)
    let start = monotonicSeconds()
    let (model, warnings) = try MPSReader.read(contentsOf: path, format: format)
    let seconds = monotonicSeconds() - start
    let s = ModelStatistics(model)
    func range(_ r: ModelStatistics.Range?) -> String {
        guard let r else { return "none" }
        return "[\(short(r.min)), \(short(r.max))]"
    }
    let label = { (text: String) in text.padding(toLength: 16, withPad: " ", startingAt: 0) }
    var lines: [String] = []
    lines.append(label("Model") + "\(model.name.isEmpty ? "(no name)" : model.name)  (\(path))")
    lines.append(label("Objective") + "\(model.sense == .minimize ? "minimize" : "maximize") \(model.objectiveName)"
                 + (model.objectiveConstant != 0 ? ", constant \(model.objectiveConstant)" : "")
                 + ", \(s.objectiveNonzeros) nonzeros")
    lines.append(label("Rows") + "\(s.rows)  (= \(s.equalityRows), <= \(s.lessRows), >= \(s.greaterRows), ranged \(s.rangedRows), free \(s.freeRows); empty \(s.emptyRows))")
    lines.append(label("Columns") + "\(s.columns)  (continuous \(s.continuous), integer \(s.integers), binary \(s.binaries); free \(s.freeColumns), fixed \(s.fixedColumns); empty \(s.emptyColumns))")
    let density = s.rows > 0 && s.columns > 0 ? Double(s.nonzeros) / (Double(s.rows) * Double(s.columns)) : 0
    lines.append(label("Nonzeros") + "\(s.nonzeros)  (density \(short(100 * density))%)")
    lines.append(label("Matrix |a|") + range(s.matrixRange))
    lines.append(label("Objective |c|") + range(s.objectiveRange))
    lines.append(label("RHS |b|") + range(s.rhsRange))
    lines.append(label("Bounds |l|,|u|") + range(s.boundRange))
    lines.append(label("Read time") + "\(short(seconds)) s")
    if warnings.isEmpty {
        lines.append(label("Warnings") + "none")
    } else {
        lines.append(label("Warnings") + "\(warnings.count)")
        for w in warnings { lines.append("  " + w) }
    }
    printOut(lines.joined(separator: "\n"))
    return ExitCode.success
}
