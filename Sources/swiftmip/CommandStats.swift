import Foundation
import SwiftMIP

/// `swiftmip stats model.mps[.gz]`: sizes, kinds and number ranges of a model.
func statsCommand() -> CommandSpec {
    CommandSpec(
        name: "stats",
        summary: "print a model's size, variable kinds, bound and coefficient ranges",
        arguments: "model.mps[.gz] [more.mps ...]",
        details: """
        Reads the model (fixed or free MPS, plain or gzip) and prints rows, columns, nonzeros, integer and
        binary columns, empty rows and columns, the ranges of |coefficients|, |objective|, |rhs| and
        |bounds| (finite nonzero values), the read time and the reader's warnings. With several files,
        one block each and a last line with the total size, read time and MB/s (file bytes as stored).
        """,
        options: [mpsFormatOption],
        positionalCount: 1...Int.max,
        run: runStats)
}

private func runStats(_ args: ParsedArguments) throws -> Int32 {
    for path in args.positional { try requireFile(path) }
    let format = try mpsFormat(args)
    var totalBytes = 0, totalSeconds = 0.0
    for (k, path) in args.positional.enumerated() {
        if k > 0 { printOut("") }
        let start = monotonicSeconds()
        let (model, warnings) = try MPSReader.read(contentsOf: path, format: format)
        let seconds = monotonicSeconds() - start
        totalSeconds += seconds
        totalBytes += (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        printStats(path, model, warnings, seconds)
    }
    if args.positional.count > 1 {
        printOut("")
        printOut("Read \(args.positional.count) files, \(short(Double(totalBytes) / 1e6)) MB in \(short(totalSeconds)) s"
                 + " (\(short(Double(totalBytes) / 1e6 / max(totalSeconds, 1e-9))) MB/s)")
    }
    return ExitCode.success
}

private func printStats(_ path: String, _ model: Model, _ warnings: [String], _ seconds: Double) {
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
}
