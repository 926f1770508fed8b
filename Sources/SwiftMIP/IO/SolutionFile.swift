import Foundation

/// A solution read from a `.sol` file, in the column order of the model it was read for.
public struct SolutionFileContents: Sendable {
    /// One value per model variable (0 for missing ones when ``SolutionFile/MissingVariables/zero`` was asked for).
    public var values: [Double]
    /// The `=obj=` (or `objective value:`) line's value, if the file has one.
    public var objective: Double?
    /// Variables of the model the file does not mention (only with `.zero`; otherwise reading fails).
    public var missing: [String]
}

/// The MIPLIB / Gurobi `.sol` format: `=obj= value`, then one `name value` line per variable.
///
/// The reader also accepts `#` comments (whole lines or after the values), blank lines, SCIP's
/// `solution status:` / `objective value:` header lines and its `(obj:c)` annotations. A name the model
/// does not know, a repeated name or a bad number is an error naming the line. Variables the file
/// leaves out are an error unless the caller asks for them to be 0 (`missing: .zero`); the names are
/// then reported in ``SolutionFileContents/missing``.
public enum SolutionFile {
    /// What to do with model variables a solution file does not list.
    public enum MissingVariables: Sendable {
        /// Fail with a ``ParseError`` naming them.
        case error
        /// Take them as 0 and list them in ``SolutionFileContents/missing``.
        case zero
    }

    /// The file text for a point (one value per variable). The objective defaults to the model's
    /// objective at the point.
    public static func write(values: [Double], objective: Double? = nil, for model: Model) -> String {
        var out = "=obj= \(MPSWriter.number(objective ?? model.objectiveValue(at: values)))\n"
        out.reserveCapacity(model.variables.count * 16)
        for (j, v) in model.variables.enumerated() where j < values.count {
            out += "\(v.name) \(MPSWriter.number(values[j]))\n"
        }
        return out
    }

    /// Writes a point to a `.sol` file.
    public static func write(values: [Double], objective: Double? = nil, for model: Model, to path: String) throws {
        try writeText(write(values: values, objective: objective, for: model), to: path)
    }

    /// Writes `text` to `path`; a failure is a ``ParseError`` naming the file.
    private static func writeText(_ text: String, to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw ParseError(file: path, line: 0, problem: "cannot be written: \(error.localizedDescription)", expected: "a writable path")
        }
    }

    /// The text of an LP's dual solution: a comment header, then `row NAME value` for every
    /// constraint and `column NAME value` for every variable (reduced cost). Values are in the
    /// model's own sense: a row dual is the rate of change of the optimal objective per unit
    /// increase of the row's bound(s), and a reduced cost is the objective coefficient minus the
    /// column's dual-weighted entries. The `row`/`column` words keep a row and a column with the
    /// same name apart.
    public static func writeDuals(duals: [Double], reducedCosts: [Double], for model: Model) -> String {
        var out = "# dual solution of \(model.name): row duals, then reduced costs\n"
        out.reserveCapacity((model.constraints.count + model.variables.count) * 20)
        for (i, c) in model.constraints.enumerated() where i < duals.count {
            out += "row \(c.name) \(MPSWriter.number(duals[i]))\n"
        }
        for (j, v) in model.variables.enumerated() where j < reducedCosts.count {
            out += "column \(v.name) \(MPSWriter.number(reducedCosts[j]))\n"
        }
        return out
    }

    /// Writes an LP's dual solution (see ``writeDuals(duals:reducedCosts:for:)``) to a file.
    public static func writeDuals(duals: [Double], reducedCosts: [Double], for model: Model, to path: String) throws {
        try writeText(writeDuals(duals: duals, reducedCosts: reducedCosts, for: model), to: path)
    }

    /// Reads a `.sol` file for `model`.
    public static func read(contentsOf path: String, for model: Model, missing: MissingVariables = .error) throws
        -> SolutionFileContents {
        let bytes = try MPSReader.readFile(path)
        return try read(string: String(decoding: bytes, as: UTF8.self), fileName: path, for: model, missing: missing)
    }

    /// Reads `.sol` text for `model`; `fileName` labels error messages.
    public static func read(string: String, fileName: String = "<string>", for model: Model,
                            missing: MissingVariables = .error) throws -> SolutionFileContents {
        var index = [String: Int](minimumCapacity: model.variables.count)
        for (j, v) in model.variables.enumerated() where index[v.name] == nil { index[v.name] = j }
        var values = [Double](repeating: 0, count: model.variables.count)
        var seenOn = [Int](repeating: 0, count: model.variables.count)
        var objective: Double? = nil
        var lineNumber = 0
        for rawLine in string.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Substring(rawLine)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            let tokens = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            guard let first = tokens.first else { continue }
            func fail(_ text: Substring, _ problem: String, _ expected: String) -> ParseError {
                ParseError(file: fileName, line: lineNumber, text: String(text), problem: problem, expected: expected)
            }
            func number(_ t: Substring, _ what: String) throws -> Double {
                guard let v = Double(t), !v.isNaN else { throw fail(t, "is not a number", what) }
                return v
            }
            let lower = first.lowercased()
            if lower == "=obj=" {
                guard tokens.count >= 2 else { throw fail(line, "has no objective value", "=obj= value") }
                objective = try number(tokens[1], "the objective value after =obj=")
                continue
            }
            if lower == "=infeas=" || lower == "=unbd=" || lower == "=unkn=" {
                throw fail(first, "says the file holds no solution", "=obj= value, then name value lines")
            }
            if lower == "solution" && tokens.count >= 2 && tokens[1].lowercased().hasPrefix("status") { continue }
            if lower == "objective" && tokens.count >= 3 && tokens[1].lowercased().hasPrefix("value") {
                objective = try number(tokens[2], "the objective value")
                continue
            }
            guard tokens.count >= 2 else { throw fail(line, "has no value", "a variable name and its value") }
            // The value is the last token before any `(obj:c)` annotations; what precedes it is the name,
            // which may itself hold spaces (fixed MPS allows them, e.g. forplan's 'DEDO3 11 0').
            var valueAt = tokens.count - 1
            while valueAt > 1 && tokens[valueAt].hasPrefix("(") { valueAt -= 1 }
            let name = valueAt == 1 ? first : line[first.startIndex..<tokens[valueAt - 1].endIndex]
            guard let j = index[String(name)] else {
                if valueAt > 1 { throw fail(line, "has \(tokens.count) fields", "a variable name and its value") }
                throw fail(first, "is not a variable of model \(model.name)", "a column name of the model")
            }
            guard seenOn[j] == 0 else {
                throw fail(name, "is listed twice", "each variable once (first on line \(seenOn[j]))")
            }
            seenOn[j] = lineNumber
            values[j] = try number(tokens[valueAt], "the value of \(name)")
        }
        let absent = model.variables.indices.filter { seenOn[$0] == 0 }.map { model.variables[$0].name }
        if !absent.isEmpty && missing == .error {
            let shown = absent.prefix(5).joined(separator: ", ") + (absent.count > 5 ? ", ..." : "")
            throw ParseError(file: fileName, line: 0, problem: "lists no value for \(absent.count) of the model's \(model.variables.count) variables (\(shown))",
                             expected: "a value for every variable, or the option to take missing ones as 0")
        }
        return SolutionFileContents(values: values, objective: objective, missing: absent)
    }
}
