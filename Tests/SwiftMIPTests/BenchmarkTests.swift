import Foundation
import Testing
@testable import BenchmarkKit

/// A temporary folder shaped like a repository (Package.swift, Benchmarks/suites) with a fake
/// `swiftmip` and a fake `refsolve`: each fake model file holds the JSON line the fake solver prints.
struct FakeBenchmarkSetup {
    let root: URL
    var solver: String { root.appendingPathComponent("bin/swiftmip").path }
    var refsolve: String { root.appendingPathComponent("bin/refsolve").path }
    var log: String { root.appendingPathComponent("calls.log").path }
    var results: String { root.appendingPathComponent("results").path }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("bench-test-\(UUID().uuidString)")
        let fm = FileManager.default
        try fm.createDirectory(at: root.appendingPathComponent("Benchmarks/suites"), withIntermediateDirectories: true)
        try fm.createDirectory(at: root.appendingPathComponent("bin"), withIntermediateDirectories: true)
        try fm.createDirectory(at: root.appendingPathComponent("models"), withIntermediateDirectories: true)
        try "// fake package root\n".write(to: root.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)
        let swiftmip = """
        #!/bin/sh
        cmd="$1"; shift
        if [ "$cmd" = "--version" ]; then echo "swiftmip fake"; exit 0; fi
        if [ "$1" = "--help" ]; then exit 0; fi
        case "$cmd" in
          solve)
            file="$1"; shift; sol=""
            while [ $# -gt 0 ]; do case "$1" in --solution) sol="$2"; shift 2;; *) shift;; esac; done
            echo "swiftmip $(basename "$file")" >> "\(log)"
            if grep -q HANG "$file"; then sleep 60; fi
            if grep -q CRASH "$file"; then kill -SEGV $$; fi
            if [ -n "$sol" ] && grep -q '"objective": *[-0-9]' "$file"; then printf '=obj= 0\\nx 1\\n' > "$sol"; fi
            grep '^{' "$file"; exit 0;;
          check)
            if grep -q REJECT "$1"; then echo "rejected: row c1 violated by 1"; exit 7; fi
            echo "accepted"; exit 0;;
        esac
        echo "unknown command" >&2; exit 2
        """
        let refsolve = """
        #!/bin/sh
        for last; do :; done
        echo "highs $(basename "$last")" >> "\(log)"
        echo '{"solver": "highs", "version": "fake", "status": "optimal", "objective": 3, "bound": 3, "time_s": 0.002}'
        """
        for (name, text) in [("swiftmip", swiftmip), ("refsolve", refsolve)] {
            try FakeBenchmarkSetup.writeExecutable(text, to: root.appendingPathComponent("bin/\(name)").path)
        }
    }

    /// Writes an executable script with a close-on-exec descriptor: tests running in parallel spawn
    /// processes, and a child that inherited a descriptor still open for writing would make executing
    /// the script fail with ETXTBSY for as long as that child runs.
    static func writeExecutable(_ text: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
        guard fd >= 0 else { throw CocoaError(.fileWriteUnknown) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        guard written == bytes.count else { throw CocoaError(.fileWriteUnknown) }
    }

    /// Writes fake models (name → JSON line or marker text) and an answers CSV; returns its path.
    func suite(_ models: [(name: String, kind: String, status: String, objective: String, output: String)]) throws -> String {
        var csv = "name,kind,file,status,objective\n"
        for m in models {
            try (m.output + "\n").write(to: root.appendingPathComponent("models/\(m.name).fake"), atomically: true, encoding: .utf8)
            csv += "\(m.name),\(m.kind),\(m.name).fake,\(m.status),\(m.objective)\n"
        }
        let path = root.appendingPathComponent("models/answers.csv").path
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func run(_ suite: String, _ extra: [String] = []) -> (code: Int32, output: String) {
        let lines = Mutex<[String]>([])
        let code = BenchmarkMain.run(["--suite", suite, "--repo", root.path, "--solver", solver, "--results", results] + extra,
                                     say: { line in lines.withLock { $0.append(line) } })
        return (code, lines.withLock { $0.joined(separator: "\n") })
    }

    func cleanUp() { try? FileManager.default.removeItem(at: root) }
}

import Synchronization

let goodModels: [(name: String, kind: String, status: String, objective: String, output: String)] = [
    ("lp1", "lp", "optimal", "3", #"{"solver": "swiftmip", "status": "optimal", "objective": 3.000000001, "bound": 3, "time_s": 0.01}"#),
    ("inf1", "lp", "infeasible", "", #"{"solver": "swiftmip", "status": "infeasible", "objective": null, "time_s": 0.01}"#),
    ("mip1", "mip", "optimal", "10", #"{"solver": "swiftmip", "status": "optimal", "objective": 10.0005, "bound": 10, "time_s": 0.02}"#),
    ("lim1", "mip", "optimal", "10", #"{"solver": "swiftmip", "status": "time limit", "objective": 12, "bound": 9, "time_s": 1}"#),
]

@Suite("Benchmark runner")
struct BenchmarkTests {
    @Test func csvReadsQuotedFieldsAndComments() {
        let rows = CSV.parse("# comment\na,\"b, c\",\"say \"\"hi\"\"\"\r\n\n1,2,3\n")
        #expect(rows == [["a", "b, c", "say \"hi\""], ["1", "2", "3"]])
        #expect(CSV.line(["x", "y,z", "q\""]) == "x,\"y,z\",\"q\"\"\"")
    }

    @Test func knownAnswersParse() {
        #expect(KnownAnswer.parse(status: "optimal", objective: "-464.75") == .optimal(-464.75))
        #expect(KnownAnswer.parse(status: nil, objective: "infeasible") == .infeasible)
        #expect(KnownAnswer.parse(status: "unbounded", objective: nil) == .unbounded)
        #expect(KnownAnswer.parse(status: "", objective: "") == .unknown(""))
    }

    func record(_ status: RunStatus, _ objective: Double? = nil, bound: Double? = nil, file: String? = nil) -> RunRecord {
        RunRecord(solver: "swiftmip", status: status, rawStatus: status.rawValue, objective: objective, bound: bound,
                  wallSeconds: 0.1, peakMemoryMiB: 1, exitCode: 0, message: "", answerFile: file)
    }

    func lp(_ expected: KnownAnswer, kind: ModelKind = .lp) -> BenchmarkCase {
        BenchmarkCase(name: "m", kind: kind, file: "/m.mps", expected: expected, suite: "t")
    }

    @Test func objectivesAreCheckedWithRelativeAndAbsoluteTolerance() {
        #expect(judge(record(.optimal, 1000.0005, bound: 1000), case: lp(.optimal(1000))).outcome == .ok)
        #expect(judge(record(.optimal, 1000.01), case: lp(.optimal(1000))).outcome == .wrong)
        #expect(judge(record(.optimal, 5e-7), case: lp(.optimal(0))).outcome == .ok)
        #expect(judge(record(.optimal, 1e-5), case: lp(.optimal(0))).outcome == .wrong)
        // An optimal MIP may stop within the MIP gap; an LP may not.
        #expect(judge(record(.optimal, 1000.05, bound: 1000), case: lp(.optimal(1000), kind: .mip)).outcome == .ok)
        #expect(judge(record(.optimal, 1000.05), case: lp(.optimal(1000))).outcome == .wrong)
        #expect(judge(record(.optimal, 1001), case: lp(.optimal(1000), kind: .mip)).outcome == .wrong)
    }

    @Test func statusesContradictingTheKnownAnswerAreWrong() {
        #expect(judge(record(.infeasible), case: lp(.optimal(1))).outcome == .wrong)
        #expect(judge(record(.optimal, 1), case: lp(.infeasible)).outcome == .wrong)
        #expect(judge(record(.unbounded), case: lp(.infeasible)).outcome == .wrong)
        #expect(judge(record(.infeasibleOrUnbounded), case: lp(.infeasible)).outcome == .ok)
        #expect(judge(record(.infeasible), case: lp(.infeasible)).outcome == .ok)
        #expect(judge(record(.limit, 5), case: lp(.infeasible)).outcome == .wrong)
        #expect(judge(record(.error), case: lp(.infeasible)).outcome == .error)
        #expect(judge(record(.killed), case: lp(.optimal(1))).outcome == .unsolved)
    }

    @Test func aBoundCuttingOffTheOptimumIsWrong() {
        // Minimisation: incumbent 12, bound 9 enclose 10; a bound of 11 cuts it off (either sense).
        #expect(judge(record(.limit, 12, bound: 9), case: lp(.optimal(10), kind: .mip)).outcome == .unsolved)
        #expect(judge(record(.limit, 12, bound: 11), case: lp(.optimal(10), kind: .mip)).outcome == .wrong)
        #expect(judge(record(.limit, 8, bound: 9.5), case: lp(.optimal(10), kind: .mip)).outcome == .wrong)
        // Within the MIP gap, but the claimed bound excludes the optimum.
        #expect(judge(record(.optimal, 10.0005, bound: 10.0004), case: lp(.optimal(10), kind: .mip)).outcome == .wrong)
        #expect(judge(record(.optimal, 10.0005, bound: 9.9999), case: lp(.optimal(10), kind: .mip)).outcome == .ok)
    }

    @Test func rejectedSolutionsAreWrong() {
        let r = record(.optimal, 3, file: "/x.sol")
        #expect(judge(r, case: lp(.optimal(3)), fileCheck: .accepted).outcome == .ok)
        #expect(judge(r, case: lp(.optimal(3)), fileCheck: .rejected("row r violated")).outcome == .wrong)
        let j = judge(r, case: lp(.optimal(3)), fileCheck: .unavailable("no check command"))
        #expect(j.outcome == .ok && j.notes.contains { $0.contains("not checked") })
    }

    @Test func verdictsAreCheckedAgainstTheReference() {
        func nn(_ e: KnownAnswer) -> BenchmarkCase {
            BenchmarkCase(name: "n", kind: .neural, file: "/n.onnx", property: "/p.vnnlib", expected: e, suite: "t")
        }
        #expect(judge(record(.unsat), case: nn(.sat)).outcome == .wrong)
        #expect(judge(record(.unsat), case: nn(.unsat)).outcome == .ok)
        #expect(judge(record(.sat), case: nn(.sat)).outcome == .wrong) // no counterexample file
        #expect(judge(record(.sat, file: "/ce"), case: nn(.sat), fileCheck: .accepted).outcome == .ok)
        #expect(judge(record(.sat, file: "/ce"), case: nn(.sat), fileCheck: .rejected("outputs")).outcome == .wrong)
        #expect(judge(record(.sat, file: "/ce"), case: nn(.unsat), fileCheck: .unavailable("none")).outcome == .wrong)
        #expect(judge(record(.sat, file: "/ce"), case: nn(.sat), fileCheck: .unavailable("none")).outcome == .ok)
        #expect(judge(record(.timeout), case: nn(.sat)).outcome == .unsolved)
    }

    @Test func statusWordsOfBothSolversAreNormalised() {
        #expect(RunStatus.parse("time limit") == .limit)
        #expect(RunStatus.parse("time_limit") == .limit)
        #expect(RunStatus.parse("infeasible_or_unbounded") == .infeasibleOrUnbounded)
        #expect(RunStatus.parse("infeasible or unbounded") == .infeasibleOrUnbounded)
        #expect(RunStatus.parse("numerical trouble") == .numericalTrouble)
        #expect(RunStatus.parse("not_installed") == .error)
    }

    @Test func shiftedGeometricMeans() {
        #expect(abs(Statistics.shiftedGeometricMean([1, 3]) - (sqrt(2.0 * 4.0) - 1)) < 1e-12)
        #expect(abs(Statistics.shiftedRatio([1, 3], [0, 0]) - sqrt(2.0 * 4.0)) < 1e-12)
        #expect(Statistics.shiftedGeometricMean([]).isNaN)
        let ratios = Statistics.performanceRatios([[1, 4, nil], [2, 2, 1]])
        #expect(ratios[0] == [1, 2, .infinity])
        #expect(ratios[1] == [1, 1, 2])
        let svg = PerformanceProfile.svg(labels: ["a", "b"], times: [[1, 4, nil], [2, 2, 1]], title: "t")
        #expect(svg.hasPrefix("<svg") && svg.contains("polyline") && svg.contains("a (2/3)") && svg.contains("b (3/3)"))
    }

    @Test func aHangingProcessIsKilledAtItsDeadline() throws {
        let o = try ProcessRunner.run("/bin/sh", ["-c", "echo started; sleep 30"], hardLimit: 0.5)
        #expect(o.killedAtDeadline)
        #expect(o.wallSeconds < 5)
        #expect(o.stdout.contains("started"))
        let ok = try ProcessRunner.run("/bin/sh", ["-c", "exit 3"], hardLimit: 10)
        #expect(ok.exitCode == 3 && !ok.killedAtDeadline && ok.peakMemoryMiB > 0)
    }

    @Test func aCorrectRunPassesAndAPerturbedObjectiveFailsTheRun() throws {
        let setup = try FakeBenchmarkSetup()
        defer { setup.cleanUp() }
        let suite = try setup.suite(goodModels)
        let good = setup.run(suite)
        #expect(good.code == 0, "\(good.output)")
        #expect(!good.output.contains("WRONG"))
        let csv = try FileManager.default.contentsOfDirectory(atPath: setup.results).filter { $0.hasSuffix(".csv") }
        #expect(csv.count == 1)

        // The test double: a perturbed objective must be reported loudly and fail the run.
        let bad = setup.run(suite, ["--perturb-objective", "1e-3"])
        #expect(bad.code == 1, "\(bad.output)")
        #expect(bad.output.contains("*** WRONG"))
        #expect(bad.output.contains("WRONG ANSWERS FROM SWIFTMIP: lp1, mip1"))
    }

    @Test func checkerRejectionsCrashesAndHangsAreReported() throws {
        let setup = try FakeBenchmarkSetup()
        defer { setup.cleanUp() }
        let suite = try setup.suite([
            ("rej", "lp", "optimal", "3", "{\"status\": \"optimal\", \"objective\": 3, \"time_s\": 0.01}\nREJECT"),
            ("crash", "lp", "optimal", "3", "CRASH"),
            ("hang", "lp", "optimal", "3", "HANG"),
        ])
        let start = Date()
        let r = setup.run(suite, ["--time-limit", "0.5", "--grace", "0.5"])
        #expect(Date().timeIntervalSince(start) < 20)
        #expect(r.code == 1, "\(r.output)")
        #expect(r.output.contains("the checker rejects the solution"))
        #expect(r.output.contains("crashed with signal"))
        #expect(r.output.contains("killed"))
        #expect(setup.run(suite, ["--filter", "crash", "--fail-on-error"]).code == 4)
    }

    @Test func comparisonAlternatesTheSolvers() throws {
        let setup = try FakeBenchmarkSetup()
        defer { setup.cleanUp() }
        let suite = try setup.suite(Array(goodModels.prefix(1)) + [
            ("lp2", "lp", "optimal", "3", #"{"solver": "swiftmip", "status": "optimal", "objective": 3, "time_s": 0.004}"#),
        ])
        let r = setup.run(suite, ["--compare", "highs", "--refsolve", setup.refsolve])
        #expect(r.code == 0, "\(r.output)")
        let calls = try String(contentsOfFile: setup.log, encoding: .utf8).split(separator: "\n")
        // Model 1: SwiftMIP first; model 2: the reference first (one extra refsolve call reads its version).
        #expect(Array(calls.prefix(4)) == ["swiftmip lp1.fake", "highs lp1.fake", "highs lp2.fake", "swiftmip lp2.fake"])
        #expect(r.output.contains("ratio"))
        let md = try FileManager.default.contentsOfDirectory(atPath: setup.results)
        #expect(md.contains { $0.hasSuffix("-profile.svg") })
    }

    @Test func baselinesFlagSlowerModelsAndChangedAnswers() throws {
        let setup = try FakeBenchmarkSetup()
        defer { setup.cleanUp() }
        let suite = try setup.suite(goodModels)
        #expect(setup.run(suite, ["--save-baseline", "t1"]).code == 0)
        let file = setup.root.appendingPathComponent("Benchmarks/baselines/t1.csv")
        var text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.hasPrefix("# swiftmip-bench baseline 't1'"))
        // Make the stored times faster and one answer different: the comparison must flag them.
        text = text.replacingOccurrences(of: "lp1,optimal,3.000000001,0.0100", with: "lp1,optimal,3.000000001,0.0001")
            .replacingOccurrences(of: "inf1,infeasible", with: "inf1,unbounded")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let r = setup.run(suite, ["--baseline", "t1", "--slower-seconds", "0.001", "--fail-on-regression"])
        #expect(r.code == 3, "\(r.output)")
        #expect(r.output.contains("baseline: slower"))
        #expect(r.output.contains("baseline: answer changed: unbounded → infeasible"))
    }
}

/// Whether the built `swiftmip` can run suites yet (its `solve` command exists).
enum BenchmarkCI {
    static let binary: String? = SwiftMIPBinary.besideExecutable()
    static let solves: Bool = binary.map { SwiftMIPBinary.supports($0, command: "solve") } ?? false
    static var answersPresent: Bool {
        FileManager.default.fileExists(atPath: TestPaths.instances.appendingPathComponent("answers.csv").path)
    }

    static func runSuite(_ name: String) -> (Int32, String) {
        let results = FileManager.default.temporaryDirectory.appendingPathComponent("bench-ci-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: results) }
        let lines = Mutex<[String]>([])
        let code = BenchmarkMain.run(["--suite", name, "--repo", TestPaths.repositoryRoot.path, "--results", results.path,
                                      "--solver", binary ?? "swiftmip"],
                                     say: { l in lines.withLock { $0.append(l) } })
        return (code, lines.withLock { $0.joined(separator: "\n") })
    }
}

/// The CI acceptance runs: `--suite edge` and `--suite instances` with the real binary; a wrong
/// answer fails them. They skip (with the reason) until `swiftmip solve` exists.
@Suite("Benchmark suites in CI")
struct BenchmarkCITests {
    @Test(.enabled(if: BenchmarkCI.solves, "the swiftmip binary has no 'solve' command yet"),
          .enabled(if: TestPaths.hasShared, "../shared is absent"))
    func edgeSuiteHasNoWrongAnswers() {
        let (code, output) = BenchmarkCI.runSuite("edge")
        #expect(code == 0, "\(output)")
    }

    @Test(.enabled(if: BenchmarkCI.solves, "the swiftmip binary has no 'solve' command yet"),
          .enabled(if: BenchmarkCI.answersPresent, "Instances/answers.csv is not there yet"))
    func instancesSuiteHasNoWrongAnswers() {
        let (code, output) = BenchmarkCI.runSuite("instances")
        #expect(code == 0, "\(output)")
    }
}
