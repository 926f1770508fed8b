import Foundation

/// One option of a subcommand, for parsing and for `--help`.
struct OptionSpec {
    /// Long name without the dashes, e.g. "time-limit".
    let name: String
    /// Placeholder for the value ("S", "FILE"), or nil for a flag.
    let valueName: String?
    let help: String
}

/// A subcommand of `swiftmip`.
struct CommandSpec {
    let name: String
    /// One line for the command list.
    let summary: String
    /// Positional arguments, e.g. "model.mps[.gz] solution.sol".
    let arguments: String
    /// More text for `swiftmip CMD --help` (may be empty).
    let details: String
    let options: [OptionSpec]
    /// Minimum and maximum number of positional arguments.
    let positionalCount: ClosedRange<Int>
    let run: (ParsedArguments) throws -> Int32
}

/// A usage mistake: printed as one line plus the command's usage, exit code 2.
struct UsageError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// The parsed command line of one subcommand.
struct ParsedArguments {
    var positional: [String] = []
    var values: [String: String] = [:]
    var flags: Set<String> = []

    func has(_ flag: String) -> Bool { flags.contains(flag) }
    func string(_ name: String) -> String? { values[name] }

    func double(_ name: String) throws -> Double? {
        guard let text = values[name] else { return nil }
        guard let v = Double(text), !v.isNaN else {
            throw UsageError(message: "--\(name) expects a number, got '\(text)'")
        }
        return v
    }

    /// The option's number, which must lie in `range` (nil when the option is absent).
    func double(_ name: String, in range: ClosedRange<Double>) throws -> Double? {
        guard let v = try double(name) else { return nil }
        guard range.contains(v) else {
            throw UsageError(message: "--\(name) expects a number \(describe(range)), got '\(v)'")
        }
        return v
    }

    /// The option's whole number, which must lie in `range` (nil when the option is absent).
    func int(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let v = try int(name) else { return nil }
        guard range.contains(v) else {
            throw UsageError(message: "--\(name) expects a whole number \(describe(range)), got '\(v)'")
        }
        return v
    }

    private func describe(_ range: ClosedRange<Double>) -> String {
        range.upperBound == .infinity ? "≥ \(range.lowerBound)" : "from \(range.lowerBound) to \(range.upperBound)"
    }

    private func describe(_ range: ClosedRange<Int>) -> String {
        range.upperBound == .max ? "≥ \(range.lowerBound)" : "from \(range.lowerBound) to \(range.upperBound)"
    }

    func int(_ name: String) throws -> Int? {
        guard let text = values[name] else { return nil }
        guard let v = Int(text) else { throw UsageError(message: "--\(name) expects a whole number, got '\(text)'") }
        return v
    }

    /// Parses `args` against the options of `spec`. Accepts `--name value` and `--name=value`.
    static func parse(_ args: [String], for spec: CommandSpec) throws -> ParsedArguments {
        var parsed = ParsedArguments()
        var i = 0
        var onlyPositional = false
        while i < args.count {
            let arg = args[i]
            i += 1
            if onlyPositional || !arg.hasPrefix("--") || arg == "-" {
                if !onlyPositional && arg.hasPrefix("-") && arg.count > 1 && arg != "-" && Double(arg) == nil {
                    throw UsageError(message: "unknown option '\(arg)' for '\(spec.name)'")
                }
                parsed.positional.append(arg)
                continue
            }
            if arg == "--" {
                onlyPositional = true
                continue
            }
            var name = String(arg.dropFirst(2))
            var inlineValue: String? = nil
            if let eq = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            guard let option = spec.options.first(where: { $0.name == name }) else {
                throw UsageError(message: "unknown option '--\(name)' for '\(spec.name)'")
            }
            if option.valueName != nil {
                if let inlineValue {
                    parsed.values[name] = inlineValue
                } else {
                    guard i < args.count else { throw UsageError(message: "option '--\(name)' needs a value (\(option.valueName!))") }
                    parsed.values[name] = args[i]
                    i += 1
                }
            } else {
                if inlineValue != nil { throw UsageError(message: "option '--\(name)' takes no value") }
                parsed.flags.insert(name)
            }
        }
        if !spec.positionalCount.contains(parsed.positional.count) {
            let expected = spec.positionalCount.lowerBound == spec.positionalCount.upperBound
                ? "\(spec.positionalCount.lowerBound)" : "\(spec.positionalCount.lowerBound) to \(spec.positionalCount.upperBound)"
            throw UsageError(message: "'\(spec.name)' expects \(expected) argument(s) (\(spec.arguments)), got \(parsed.positional.count)")
        }
        return parsed
    }
}

/// Writes to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Writes to standard output, flushing so that progress lines appear at once.
func printOut(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
