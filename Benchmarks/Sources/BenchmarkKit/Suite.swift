import Foundation

/// An error in a suite definition or a models CSV: names the file and what was wrong.
public struct SuiteError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// Where suites find their files: the repository root (Benchmarks/suites, Instances/) and the
/// public data folder (../shared beside the repository), which may be absent.
public struct BenchmarkPaths: Sendable {
    public var repositoryRoot: URL
    public var shared: URL?

    public init(repositoryRoot: URL, shared: URL?) {
        self.repositoryRoot = repositoryRoot
        self.shared = shared
    }

    /// The folder of the suite definition files.
    public var suitesFolder: URL { repositoryRoot.appendingPathComponent("Benchmarks/suites") }

    /// Finds the repository root: the first folder, going up from `start`, holding Package.swift
    /// and Benchmarks/suites. `../shared` beside it is used when present.
    public static func locate(from starts: [URL]) -> BenchmarkPaths? {
        let fm = FileManager.default
        for start in starts {
            var dir = start.standardizedFileURL
            for _ in 0..<12 {
                if fm.fileExists(atPath: dir.appendingPathComponent("Package.swift").path),
                   fm.fileExists(atPath: dir.appendingPathComponent("Benchmarks/suites").path) {
                    return BenchmarkPaths(repositoryRoot: dir, shared: sharedBeside(dir))
                }
                let parent = dir.deletingLastPathComponent()
                if parent.path == dir.path { break }
                dir = parent
            }
        }
        return nil
    }

    static func sharedBeside(_ root: URL) -> URL? {
        let url = root.deletingLastPathComponent().appendingPathComponent("shared")
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) && isDir.boolValue ? url : nil
    }
}

/// A suite definition: a small `key: value` file in Benchmarks/suites/NAME.suite.
///
/// Keys: `description`, `source` (a models CSV: `shared/...` is relative to ../shared, `repo/...`
/// to the repository root), `sets` (catalog `set` values to keep), `verdicts` (reference.csv for
/// neural suites) with `benchmark` (its benchmark column), `time-limit` (seconds, or `instance`
/// for the per-instance column of a VNN-COMP instances.csv), `include` (other suites, for `all`).
public struct SuiteDefinition: Sendable {
    public var name: String
    public var description: String = ""
    public var source: String?
    public var sets: [String] = []
    public var verdicts: String?
    public var benchmark: String?
    /// nil: use the per-instance limit when there is one.
    public var timeLimit: Double?
    public var include: [String] = []

    /// Parses the text of a suite file.
    public static func parse(name: String, text: String, file: String) throws -> SuiteDefinition {
        var d = SuiteDefinition(name: name)
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else {
                throw SuiteError(message: "\(file):\(n + 1): expected 'key: value', got '\(line)'")
            }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            let words = value.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
            switch key {
            case "description": d.description = value
            case "source": d.source = value
            case "sets": d.sets = words
            case "verdicts": d.verdicts = value
            case "benchmark": d.benchmark = value
            case "include": d.include = words
            case "time-limit":
                if value == "instance" { d.timeLimit = nil } else if let t = Double(value), t > 0 { d.timeLimit = t } else {
                    throw SuiteError(message: "\(file):\(n + 1): time-limit expects seconds or 'instance', got '\(value)'")
                }
            default:
                throw SuiteError(message: "\(file):\(n + 1): unknown key '\(key)' (description, source, sets, verdicts, benchmark, time-limit, include)")
            }
        }
        if d.source == nil && d.include.isEmpty {
            throw SuiteError(message: "\(file): a suite needs a 'source:' or an 'include:' line")
        }
        return d
    }
}

/// The cases of a suite, or why it was skipped.
public struct LoadedSuite: Sendable {
    public var name: String
    public var cases: [BenchmarkCase]
    /// The suite's default per-model limit (nil: per-instance limits).
    public var timeLimit: Double?
    /// Messages about parts that were skipped (missing ../shared, missing files).
    public var skipped: [String]
}

/// Loads suites by name, or a folder or CSV of models given by path.
public struct SuiteLoader: Sendable {
    public var paths: BenchmarkPaths

    public init(paths: BenchmarkPaths) { self.paths = paths }

    /// Names of the suite files in Benchmarks/suites, sorted.
    public func suiteNames() -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: paths.suitesFolder.path)) ?? []
        return files.filter { $0.hasSuffix(".suite") }.map { String($0.dropLast(6)) }.sorted()
    }

    public func definition(_ name: String) throws -> SuiteDefinition {
        let url = paths.suitesFolder.appendingPathComponent(name + ".suite")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw SuiteError(message: "no suite '\(name)' (known: \(suiteNames().joined(separator: ", ")); or give a folder or a CSV of models)")
        }
        return try SuiteDefinition.parse(name: name, text: text, file: url.path)
    }

    /// Loads a suite name, a folder of models or a models CSV.
    public func load(_ spec: String) throws -> LoadedSuite {
        var isDir: ObjCBool = false
        let fm = FileManager.default
        if !suiteNames().contains(spec), fm.fileExists(atPath: spec, isDirectory: &isDir) {
            let url = URL(fileURLWithPath: spec).standardizedFileURL
            if isDir.boolValue { return try loadFolder(url) }
            let name = url.deletingPathExtension().lastPathComponent
            return LoadedSuite(name: name, cases: try loadCSV(url, suite: name, sets: [], verdicts: nil, benchmark: nil),
                               timeLimit: nil, skipped: [])
        }
        return try load(definition: definition(spec), seen: [])
    }

    func load(definition d: SuiteDefinition, seen: Set<String>) throws -> LoadedSuite {
        var result = LoadedSuite(name: d.name, cases: [], timeLimit: d.timeLimit, skipped: [])
        for sub in d.include {
            if seen.contains(sub) || sub == d.name { throw SuiteError(message: "suite '\(d.name)' includes '\(sub)' in a cycle") }
            let loaded = try load(definition: definition(sub), seen: seen.union([d.name]))
            // An included suite keeps its own limit per case unless the outer suite sets one.
            let cases = loaded.cases.map { c -> BenchmarkCase in
                var c = c
                if c.timeLimit == nil { c.timeLimit = loaded.timeLimit }
                return c
            }
            result.cases += cases
            result.skipped += loaded.skipped
        }
        if let source = d.source {
            guard let url = resolve(source) else {
                result.skipped.append("suite '\(d.name)': skipped, ../shared is not present beside the repository (needed for \(source))")
                return result
            }
            guard fm.fileExists(atPath: url.path) else {
                result.skipped.append("suite '\(d.name)': skipped, \(url.path) does not exist (yet)")
                return result
            }
            let verdictsURL = d.verdicts.flatMap(resolve)
            result.cases += try loadCSV(url, suite: d.name, sets: d.sets, verdicts: verdictsURL, benchmark: d.benchmark)
        }
        return result
    }

    private var fm: FileManager { FileManager.default }

    /// `shared/x` → ../shared/x (nil when ../shared is absent); `repo/x` → root/x; else as given.
    func resolve(_ path: String) -> URL? {
        if path.hasPrefix("shared/") {
            return paths.shared?.appendingPathComponent(String(path.dropFirst(7)))
        }
        if path.hasPrefix("repo/") {
            return paths.repositoryRoot.appendingPathComponent(String(path.dropFirst(5)))
        }
        if path.hasPrefix("/") { return URL(fileURLWithPath: path) }
        return paths.repositoryRoot.appendingPathComponent(path)
    }

    /// Every .mps / .mps.gz file under a folder (recursively), with no known answer.
    func loadFolder(_ url: URL) throws -> LoadedSuite {
        guard let e = fm.enumerator(atPath: url.path) else { throw SuiteError(message: "cannot list \(url.path)") }
        var files: [String] = []
        while let f = e.nextObject() as? String {
            let l = f.lowercased()
            if l.hasSuffix(".mps") || l.hasSuffix(".mps.gz") || l.hasSuffix(".fmps") { files.append(f) }
        }
        files.sort()
        if files.isEmpty { throw SuiteError(message: "no .mps or .mps.gz files under \(url.path)") }
        let name = url.lastPathComponent
        let cases = files.map { f -> BenchmarkCase in
            var n = URL(fileURLWithPath: f).lastPathComponent
            for ext in [".gz", ".mps", ".fmps"] where n.lowercased().hasSuffix(ext) { n = String(n.dropLast(ext.count)) }
            return BenchmarkCase(name: n, kind: .model, file: url.appendingPathComponent(f).path,
                                 expected: .unknown(""), suite: name)
        }
        return LoadedSuite(name: name, cases: cases, timeLimit: nil, skipped: [])
    }

    /// Reads a models CSV; the format is recognised by its header:
    /// - the shared catalog (`name,kind,file,...,optimal_objective,...,set`),
    /// - an answers file (`name,kind,file,status,objective`, e.g. Instances/answers.csv),
    /// - a plain list (`name,file` or just `file`; no known answers),
    /// - a VNN-COMP instances.csv (no header: `onnx,vnnlib,timeout_s`).
    /// Files are relative to the CSV's folder.
    func loadCSV(_ url: URL, suite: String, sets: [String], verdicts: URL?, benchmark: String?) throws -> [BenchmarkCase] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw SuiteError(message: "cannot read \(url.path)")
        }
        let folder = url.deletingLastPathComponent()
        let rows = CSV.parse(text)
        guard let first = rows.first else { return [] }
        let header = first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if !header.contains("file") && !header.contains("name"), first.count >= 2,
           first[0].lowercased().hasSuffix(".onnx") {
            return try loadNeural(rows: rows, folder: folder, csv: url, suite: suite, verdicts: verdicts, benchmark: benchmark)
        }
        guard let fileColumn = header.firstIndex(of: "file") else {
            throw SuiteError(message: "\(url.path): the header needs a 'file' column (name,kind,file,status,objective), or the file must be a VNN-COMP instances.csv (onnx,vnnlib,timeout)")
        }
        func column(_ n: String) -> Int? { header.firstIndex(of: n) }
        let nameColumn = column("name"), kindColumn = column("kind"), setColumn = column("set")
        let statusColumn = column("status"), objectiveColumn = column("objective") ?? column("optimal_objective")
        let hintColumn = column("highs_time_s")
        var cases: [BenchmarkCase] = []
        var names = Set<String>()
        for (i, row) in rows.dropFirst().enumerated() {
            func field(_ c: Int?) -> String? {
                guard let c, c < row.count else { return nil }
                let v = row[c].trimmingCharacters(in: .whitespaces)
                return v.isEmpty ? nil : v
            }
            if !sets.isEmpty, !sets.contains(field(setColumn) ?? "") { continue }
            guard let file = field(fileColumn) else {
                throw SuiteError(message: "\(url.path):\(i + 2): empty 'file' field")
            }
            let path = file.hasPrefix("/") ? file : folder.appendingPathComponent(file).standardizedFileURL.path
            var name = field(nameColumn) ?? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            if names.contains(name) { name = "\(name)#\(i + 2)" }
            names.insert(name)
            let kind: ModelKind = switch field(kindColumn)?.lowercased() {
            case "lp": .lp
            case "mip": .mip
            default: .model
            }
            let expected = KnownAnswer.parse(status: field(statusColumn), objective: field(objectiveColumn))
            cases.append(BenchmarkCase(name: name, kind: kind, file: path, expected: expected,
                                       referenceHint: field(hintColumn).flatMap(Double.init), suite: suite))
        }
        return cases
    }

    func loadNeural(rows: [[String]], folder: URL, csv: URL, suite: String, verdicts: URL?, benchmark: String?) throws -> [BenchmarkCase] {
        // Reference verdicts keyed by "onnx|vnnlib" (paths as written in instances.csv).
        var reference: [String: String] = [:]
        let verdictFile = verdicts ?? {
            let guess = folder.deletingLastPathComponent().appendingPathComponent("results/reference.csv")
            return FileManager.default.fileExists(atPath: guess.path) ? guess : nil
        }()
        let bench = benchmark ?? folder.lastPathComponent
        if let verdictFile, let text = try? String(contentsOf: verdictFile, encoding: .utf8) {
            for r in CSV.parseWithHeader(text).rows where r["benchmark"] == bench {
                if let o = r["onnx"], let v = r["vnnlib"] { reference[o + "|" + v] = r["reference"] ?? "" }
            }
        }
        var cases: [BenchmarkCase] = []
        for (i, row) in rows.enumerated() {
            guard row.count >= 2 else { throw SuiteError(message: "\(csv.path):\(i + 1): expected onnx,vnnlib[,timeout]") }
            let onnx = row[0].trimmingCharacters(in: .whitespaces), prop = row[1].trimmingCharacters(in: .whitespaces)
            let timeout = row.count >= 3 ? Double(row[2].trimmingCharacters(in: .whitespaces)) : nil
            let netName = URL(fileURLWithPath: onnx).deletingPathExtension().lastPathComponent
                .replacingOccurrences(of: "ACASXU_run2a_", with: "").replacingOccurrences(of: "_batch_2000", with: "")
                .replacingOccurrences(of: "mnist-net_", with: "")
            let propDir = URL(fileURLWithPath: prop).deletingLastPathComponent().lastPathComponent
            let propName = URL(fileURLWithPath: prop).deletingPathExtension().lastPathComponent
            let name = propDir == "vnnlib" || propDir.isEmpty || propDir == "." ? "\(netName)/\(propName)" : "\(netName)/\(propDir)/\(propName)"
            let expected: KnownAnswer = switch reference[onnx + "|" + prop] {
            case "sat": .sat
            case "unsat": .unsat
            case let other?: .unknown(other.isEmpty ? "no reference" : "reference \(other)")
            case nil: .unknown("no reference")
            }
            cases.append(BenchmarkCase(
                name: name, kind: .neural, file: folder.appendingPathComponent(onnx).path,
                property: folder.appendingPathComponent(prop).path, expected: expected, timeLimit: timeout, suite: suite))
        }
        return cases
    }
}
