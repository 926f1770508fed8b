import Foundation

/// Runs the independent checks on what a solver wrote: `swiftmip check MODEL SOL` for solutions,
/// and for counterexamples the shared Python checker (when Python has onnxruntime) or
/// `swiftmip check NET PROP CE` (when the CLI offers it).
public struct AnswerFileChecker: Sendable {
    /// The `swiftmip` binary whose `check` command is used (nil: no solution checks).
    public var binary: String?
    /// ../shared/nn/tools/check_counterexample.py, used when Python can import onnxruntime.
    public var pythonCounterexampleTool: String?

    /// False when the binary has no `check` command yet (then nothing is spawned for it).
    public var binaryHasCheck: Bool
    /// The Python that runs the counterexample tool.
    public var python: String

    public init(binary: String?, pythonCounterexampleTool: String?, binaryHasCheck: Bool = true, python: String = "python3") {
        self.binary = binary
        self.pythonCounterexampleTool = pythonCounterexampleTool
        self.binaryHasCheck = binaryHasCheck
        self.python = python
    }

    /// Exit code 0: accepted; 7: rejected; anything else: the checker could not judge.
    public func checkSolution(model: String, solution: String) -> AnswerFileCheck {
        guard let binary else { return .unavailable("no swiftmip binary for 'check'") }
        guard binaryHasCheck else { return .unavailable("swiftmip has no 'check' command yet") }
        return runCheck(binary, ["check", model, solution], name: "swiftmip check")
    }

    public func checkCounterexample(network: String, property: String, counterexample: String) -> AnswerFileCheck {
        if let tool = pythonCounterexampleTool {
            let result = runCheck("/usr/bin/env", [python, tool, network, property, counterexample], name: "check_counterexample.py",
                                  rejectCodes: [1])
            if case .unavailable = result {} else { return result }
        }
        guard let binary, binaryHasCheck else { return .unavailable("no counterexample checker (Python without onnxruntime, no 'swiftmip check')") }
        return runCheck(binary, ["check", network, property, counterexample], name: "swiftmip check")
    }

    func runCheck(_ exe: String, _ args: [String], name: String, rejectCodes: Set<Int32> = [7]) -> AnswerFileCheck {
        guard let o = try? ProcessRunner.run(exe, args, hardLimit: 300) else {
            return .unavailable("\(name) could not start")
        }
        let text = (o.stdout + "\n" + o.stderr).split(whereSeparator: \.isNewline).map(String.init)
        let summary = text.first(where: { $0.lowercased().contains("reject") || $0.lowercased().contains("violat") || $0.contains("\"ok\"") })
            ?? text.last ?? ""
        switch o.exitCode {
        case 0?: return .accepted
        case let code? where rejectCodes.contains(code):
            return .rejected(String(summary.prefix(240)))
        default:
            let why = o.signal.map { "signal \($0)" } ?? "exit \(o.exitCode ?? -1)"
            return .unavailable("\(name) \(why): \(String((text.last ?? "").prefix(160)))")
        }
    }

    /// True when `PYTHON -c 'import onnxruntime, numpy'` succeeds.
    public static func pythonHasOnnxRuntime(_ python: String) -> Bool {
        guard let o = try? ProcessRunner.run("/usr/bin/env", [python, "-c", "import onnxruntime, numpy, onnx"], hardLimit: 60) else { return false }
        return o.exitCode == 0
    }
}

/// Facts about a `swiftmip` binary.
public enum SwiftMIPBinary {
    /// True when `swiftmip COMMAND --help` exits 0 (the command exists).
    public static func supports(_ binary: String, command: String) -> Bool {
        guard FileManager.default.isExecutableFile(atPath: binary),
              let o = try? ProcessRunner.run(binary, [command, "--help"], hardLimit: 30) else { return false }
        return o.exitCode == 0
    }

    /// The long options `swiftmip COMMAND --help` lists (without the dashes), or nil when it cannot say.
    public static func options(_ binary: String, command: String) -> Set<String>? {
        guard let o = try? ProcessRunner.run(binary, [command, "--help"], hardLimit: 30), o.exitCode == 0 else { return nil }
        var names = Set<String>()
        for word in (o.stdout + "\n" + o.stderr).split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "," || $0 == "[" || $0 == "]" || $0 == "=" })
        where word.hasPrefix("--") && word.count > 2 {
            names.insert(String(word.dropFirst(2)).trimmingCharacters(in: CharacterSet.alphanumerics.union(["-"]).inverted))
        }
        return names.isEmpty ? nil : names
    }

    /// `swiftmip --version`, or "unknown".
    public static func version(_ binary: String) -> String {
        guard let o = try? ProcessRunner.run(binary, ["--version"], hardLimit: 30), o.exitCode == 0 else { return "unknown" }
        return o.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The `swiftmip` next to the running executable (both are products of the same build folder).
    public static func besideExecutable() -> String? {
        var candidates: [URL] = []
        #if os(Linux)
        candidates.append(URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath())
        #endif
        if let exe = Bundle.main.executableURL { candidates.append(exe.resolvingSymlinksInPath()) }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath())
        for exe in candidates {
            let path = exe.deletingLastPathComponent().appendingPathComponent("swiftmip").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }
}
