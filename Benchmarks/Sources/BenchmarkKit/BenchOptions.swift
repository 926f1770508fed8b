import Foundation

/// A command-line mistake: one line plus a pointer to --help, exit code 2.
public struct BenchUsageError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// The options of `swiftmip-bench`.
public struct BenchOptions: Sendable {
    public var suites: [String] = []
    public var timeLimit: Double?
    public var grace: Double = 5
    public var threads: Int? = 1
    public var compare: [String] = []
    public var timing: TimingMethod = .reported
    public var solverBinary: String?
    public var referenceTool: String?
    public var sharedFolder: String?
    public var repositoryRoot: String?
    public var resultsFolder: String?
    public var saveBaseline: String?
    public var baseline: String?
    public var slowerRatio = 1.25
    public var slowerSeconds = 0.5
    public var failOnRegression = false
    public var failOnError = false
    public var filter: [String] = []
    public var maxModels: Int?
    public var tolerances = CheckTolerances()
    public var perturbObjective: Double?
    public var solverArguments: [String] = []
    public var keepFiles = false
    public var python = "python3"
    public var list = false
    /// `--threads-compare 1,2`: run every model with each thread count and report the speed-up.
    public var threadsCompare: [Int] = []
    /// Models whose first thread count explores fewer nodes are listed but left out of the means.
    public var minNodes = 1000
    public var help = false
    /// The command line, for the report.
    public var commandLine: [String] = []

    public init() {}

    static let valueOptions: Set<String> = [
        "suite", "time-limit", "grace", "threads", "compare", "timing", "solver", "refsolve", "shared", "repo",
        "results", "save-baseline", "baseline", "slower-ratio", "slower-seconds", "filter", "max-models",
        "objective-tolerance", "mip-gap", "perturb-objective", "solver-arg", "python", "threads-compare", "min-nodes",
    ]
    static let flagOptions: Set<String> = ["fail-on-regression", "fail-on-error", "keep-files", "list", "help"]

    public static func parse(_ args: [String]) throws -> BenchOptions {
        var o = BenchOptions()
        o.commandLine = args
        var i = 0
        func number(_ name: String, _ text: String) throws -> Double {
            guard let v = Double(text), v.isFinite else { throw BenchUsageError(message: "--\(name) expects a number, got '\(text)'") }
            return v
        }
        while i < args.count {
            let arg = args[i]
            i += 1
            if arg == "-h" { o.help = true; continue }
            guard arg.hasPrefix("--") else {
                // A bare argument is a suite (swiftmip-bench netlib).
                o.suites.append(arg)
                continue
            }
            var name = String(arg.dropFirst(2))
            var value: String? = nil
            if let eq = name.firstIndex(of: "=") {
                value = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            if flagOptions.contains(name) {
                if value != nil { throw BenchUsageError(message: "--\(name) takes no value") }
                switch name {
                case "fail-on-regression": o.failOnRegression = true
                case "fail-on-error": o.failOnError = true
                case "keep-files": o.keepFiles = true
                case "list": o.list = true
                default: o.help = true
                }
                continue
            }
            guard valueOptions.contains(name) else {
                throw BenchUsageError(message: "unknown option '--\(name)'")
            }
            if value == nil {
                guard i < args.count else { throw BenchUsageError(message: "--\(name) needs a value") }
                value = args[i]
                i += 1
            }
            let v = value ?? ""
            switch name {
            case "suite": o.suites += v.split(separator: ",").map(String.init)
            case "time-limit":
                let t = try number(name, v)
                guard t > 0 else { throw BenchUsageError(message: "--time-limit must be positive") }
                o.timeLimit = t
            case "grace": o.grace = max(0, try number(name, v))
            case "threads":
                guard let n = Int(v), n >= 0 else { throw BenchUsageError(message: "--threads expects a whole number, got '\(v)'") }
                o.threads = n == 0 ? nil : n
            case "compare":
                for s in v.split(separator: ",").map({ $0.lowercased() }) {
                    guard ["highs", "scip", "cbc", "glpk"].contains(s) else {
                        throw BenchUsageError(message: "--compare expects highs, scip, cbc or glpk, got '\(s)'")
                    }
                    if !o.compare.contains(s) { o.compare.append(s) }
                }
            case "timing":
                guard let t = TimingMethod(rawValue: v) else { throw BenchUsageError(message: "--timing expects 'reported' or 'wall', got '\(v)'") }
                o.timing = t
            case "solver": o.solverBinary = v
            case "refsolve": o.referenceTool = v
            case "shared": o.sharedFolder = v
            case "repo": o.repositoryRoot = v
            case "results": o.resultsFolder = v
            case "save-baseline", "baseline":
                guard !v.isEmpty, v.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }), !v.hasPrefix(".") else {
                    throw BenchUsageError(message: "--\(name) expects a plain name (letters, digits, - _ .), got '\(v)'")
                }
                if name == "baseline" { o.baseline = v } else { o.saveBaseline = v }
            case "slower-ratio":
                let r = try number(name, v)
                o.slowerRatio = r > 1 ? r : 1 + r / 100  // 1.25 or 25 (%)
            case "slower-seconds": o.slowerSeconds = max(0, try number(name, v))
            case "filter": o.filter += v.split(separator: ",").map(String.init)
            case "max-models":
                guard let n = Int(v), n > 0 else { throw BenchUsageError(message: "--max-models expects a positive whole number") }
                o.maxModels = n
            case "objective-tolerance":
                let t = try number(name, v)
                o.tolerances.relative = t
                o.tolerances.absolute = t
            case "mip-gap": o.tolerances.mipGap = max(0, try number(name, v))
            case "perturb-objective": o.perturbObjective = try number(name, v)
            case "solver-arg": o.solverArguments.append(v)
            case "python": o.python = v
            case "threads-compare":
                let counts = v.split(separator: ",").map { Int($0) }
                guard counts.count >= 2, counts.allSatisfy({ ($0 ?? 0) > 0 }) else {
                    throw BenchUsageError(message: "--threads-compare expects two or more positive thread counts, e.g. 1,2; got '\(v)'")
                }
                o.threadsCompare = counts.compactMap { $0 }
            case "min-nodes":
                guard let n = Int(v), n >= 0 else { throw BenchUsageError(message: "--min-nodes expects a whole number, got '\(v)'") }
                o.minNodes = n
            default: break
            }
        }
        if o.suites.isEmpty && !o.help && !o.list {
            throw BenchUsageError(message: "no suite given (--suite NAME, a folder or a CSV; --list shows the suites)")
        }
        return o
    }

    public static let helpText = """
    swiftmip-bench: regression benchmark runs for SwiftMIP (Benchmarks/README.md).

    Runs every model of a suite in a fresh process of the `swiftmip` binary built beside this one,
    checks every answer against the known one, optionally times a reference solver on the same
    models in the same run (alternating the two model by model), and writes a CSV, a Markdown
    report and a performance profile (SVG) under Benchmarks/results/.

    Usage: swift run -c release swiftmip-bench --suite SUITE [options]
           swift run -c release swiftmip-bench --list

    Suites (Benchmarks/suites/NAME.suite):
      netlib     netlib LPs from ../shared: 40 feasible, 7 infeasible, 1 unbounded
      miplib     MIPLIB models from ../shared: mip-easy, mip-hard, mip-infeasible
      edge       the handcrafted MPS edge cases in ../shared/instances/edge
      instances  the repository's Instances/answers.csv
      acasxu     ACAS Xu verification instances (../shared/nn), VNN-COMP timeouts
      mnistfc    MNIST FC verification instances (../shared/nn), VNN-COMP timeouts
      all        all of the above
      PATH       a folder (every .mps/.mps.gz under it, no known answers) or a CSV of models:
                 name,kind,file,status,objective (kind lp|mip; status optimal|infeasible|unbounded),
                 the shared catalog.csv, or a VNN-COMP instances.csv (onnx,vnnlib,timeout)
      Suites needing ../shared are skipped with a message when it is absent.

    Selection:
      --suite NAME[,NAME]      suites to run (also as bare arguments)
      --filter TEXT[,TEXT]     only models whose name contains one of the texts
      --max-models N           only the first N models
      --list                   list the suites and their models, run nothing

    Running:
      --time-limit S           per-model limit passed to the solvers (default: the suite's; 60 s)
      --grace S                hard kill (SIGKILL of the process group) at limit + S (default 5)
      --threads N              threads for SwiftMIP and the reference solver (default 1; 0: solver default)
      --solver PATH            the swiftmip binary (default: the one beside swiftmip-bench)
      --solver-arg ARG         an extra argument for `swiftmip solve`/`verify` (repeatable)
      --shared DIR             the public data folder (default: ../shared beside the repository)
      --repo DIR               the repository root (default: found from the working directory)
      --keep-files             keep the solution and counterexample files (temporary folder)

    Comparing:
      --compare SOLVER[,..]    also run highs, scip, cbc or glpk through ../shared/tools/refsolve
                               (install: bash ../shared/tools/install-reference-solvers.sh)
      --refsolve PATH          the refsolve script (default: ../shared/tools/refsolve)
      --timing reported|wall   which time tables use (default reported: each solver's own solve
                               time `time_s`, reading excluded for refsolve; wall: the whole fresh
                               process from spawn to exit, including start-up — Python's for refsolve)

    Parallel speed-up (MIP models):
      --threads-compare A,B    run every model with A, then B threads (order alternating model by
                               model) and report per model: status, time, nodes, nodes/s, CPU s,
                               nodes per CPU-second, and the ratios B/A (time speed-up, node-rate
                               ratio, CPU efficiency); writes threads-SUITE-STAMP.csv under results
      --min-nodes N            models whose A-thread run explores fewer nodes are listed but left
                               out of the means (default 1000)

    Checking:
      --objective-tolerance T  objective agreement, relative and absolute near zero (default 1e-6)
      --mip-gap G              an `optimal` MIP may be this far (relative) from the optimum (default 1e-4)
      --python PATH            Python for ../shared/nn/tools/check_counterexample.py, which confirms each
                               `sat` counterexample when it can import onnxruntime (default python3;
                               else `swiftmip check NET PROP CE` if it exists, else `sat` stays unverified)
      --fail-on-error          exit non-zero also when a solver crashed or failed to answer

    Baselines (Benchmarks/baselines/NAME.csv, committed):
      --save-baseline NAME     store this run's answers and times as baseline NAME
      --baseline NAME          compare with baseline NAME: flag changed answers and models slower
                               than both thresholds
      --slower-ratio R         slower means time > R × baseline (default 1.25; 25 means 25 %)
      --slower-seconds S       ... and time − baseline > S seconds (default 0.5)
      --fail-on-regression     exit 3 when the baseline comparison flags anything

    Output:
      --results DIR            where the CSV, Markdown and SVG go (default Benchmarks/results)

    Testing the runner:
      --perturb-objective E    test double: change SwiftMIP's reported objective by E·max(1,|obj|)
                               before checking; the run must then report WRONG and fail

    Exit status: 0 every answer right; 1 a wrong answer; 2 usage or setup error;
                 3 baseline regressions (with --fail-on-regression); 4 solver errors (with --fail-on-error)
    """
}
