import Foundation
import SwiftMIP

// swiftmip: a thin command-line shell over the SwiftMIP library.
// Each subcommand lives in its own file (Command*.swift) and is registered here.

var commands: [CommandSpec] { allCommands() }

func globalUsage() -> String {
    var lines = [
        "swiftmip: a mixed-integer programming solver in pure Swift.",
        "",
        "Usage: swiftmip <command> [arguments] [options]",
        "       swiftmip <command> --help     (the command's options)",
        "",
        "Commands:",
    ]
    let width = (commands.map(\.name.count).max() ?? 8) + 2
    for c in commands {
        lines.append("  " + c.name.padding(toLength: width, withPad: " ", startingAt: 0) + c.summary)
    }
    lines.append("")
    lines.append(ExitCode.table)
    return lines.joined(separator: "\n")
}

func commandUsage(_ c: CommandSpec) -> String {
    var lines = ["Usage: swiftmip \(c.name) \(c.arguments) [options]", "", c.summary]
    if !c.details.isEmpty { lines += ["", c.details] }
    if !c.options.isEmpty {
        lines += ["", "Options:"]
        let labels = c.options.map { "--" + $0.name + ($0.valueName.map { " " + $0 } ?? "") }
        let width = (labels.map(\.count).max() ?? 10) + 2
        for (label, o) in zip(labels, c.options) {
            lines.append("  " + label.padding(toLength: width, withPad: " ", startingAt: 0) + o.help)
        }
    }
    lines += ["  --help  show this text"]
    lines += ["", ExitCode.table]
    return lines.joined(separator: "\n")
}

func runMain() -> Int32 {
    let args = Array(CommandLine.arguments.dropFirst())
    guard let first = args.first else {
        printError(globalUsage())
        return ExitCode.usage
    }
    if first == "--help" || first == "-h" || first == "help" {
        if args.count > 1, let c = commands.first(where: { $0.name == args[1] }) {
            printOut(commandUsage(c))
        } else {
            printOut(globalUsage())
        }
        return ExitCode.success
    }
    if first == "--version" {
        printOut("swiftmip \(SwiftMIPVersion.string)")
        return ExitCode.success
    }
    guard let command = commands.first(where: { $0.name == first }) else {
        printError("swiftmip: unknown command '\(first)'")
        printError(globalUsage())
        return ExitCode.usage
    }
    let rest = Array(args.dropFirst())
    if rest.contains("--help") || rest.contains("-h") {
        printOut(commandUsage(command))
        return ExitCode.success
    }
    do {
        let parsed = try ParsedArguments.parse(rest, for: command)
        return try command.run(parsed)
    } catch let error as UsageError {
        printError("swiftmip \(command.name): \(error.message)")
        printError("Usage: swiftmip \(command.name) \(command.arguments) [options]   (swiftmip \(command.name) --help)")
        return ExitCode.usage
    } catch {
        printError("swiftmip \(command.name): \(error)")
        return ExitCode.inputError
    }
}

@main
enum SwiftMIPTool {
    static func main() {
        exit(runMain())
    }
}
