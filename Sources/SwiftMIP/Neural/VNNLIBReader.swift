import Foundation

/// Reads VNNLIB properties (the SMT-LIB subset of VNN-COMP): `declare-const` of `X_i`/`Y_j` as `Real`,
/// `assert` of formulas built from `and`, `or` and the atoms `(<= a b)`, `(>= a b)` where `a`, `b` are
/// variables or numeric literals. Each top-level assert is turned into disjunctive normal form and the
/// asserts are conjoined; the terms are then grouped by their input box into ``VNNProperty/Region``s.
/// Comments (`;` to end of line) are skipped. Errors name the file and line.
enum VNNLIBReader {
    /// Largest number of DNF terms accepted (guards against exponential blow-up).
    static let maximumTerms = 100_000

    static func read(contentsOf url: URL) throws -> VNNProperty {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw NeuralInputError(file: url.path, line: nil, message: "cannot read the file: \(error.localizedDescription)")
        }
        return try read(text: String(decoding: data, as: UTF8.self), file: url.path)
    }

    // MARK: S-expressions

    indirect enum Expr {
        case atom(String, line: Int)
        case list([Expr], line: Int)
        var line: Int {
            switch self {
            case .atom(_, let l), .list(_, let l): return l
            }
        }
    }

    static func parseExpressions(_ text: String, file: String) throws -> [Expr] {
        var stack: [([Expr], Int)] = []
        var top: [Expr] = []
        var line = 1
        var token: [UInt8] = []
        var tokenLine = 1
        func flush() {
            guard !token.isEmpty else { return }
            let atom = Expr.atom(String(decoding: token, as: UTF8.self), line: tokenLine)
            token.removeAll(keepingCapacity: true)
            if stack.isEmpty { top.append(atom) } else { stack[stack.count - 1].0.append(atom) }
        }
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            switch c {
            case UInt8(ascii: ";"):
                flush()
                while i < bytes.count && bytes[i] != UInt8(ascii: "\n") { i += 1 }
                continue
            case UInt8(ascii: "\n"):
                flush()
                line += 1
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                flush()
            case UInt8(ascii: "("):
                flush()
                guard stack.count < 1000 else { throw NeuralInputError(file: file, line: line, message: "parentheses nested too deeply") }
                stack.append(([], line))
            case UInt8(ascii: ")"):
                flush()
                guard let (items, start) = stack.popLast() else {
                    throw NeuralInputError(file: file, line: line, message: "unbalanced ')'")
                }
                let list = Expr.list(items, line: start)
                if stack.isEmpty { top.append(list) } else { stack[stack.count - 1].0.append(list) }
            default:
                if token.isEmpty { tokenLine = line }
                token.append(c)
            }
            i += 1
        }
        flush()
        if let (_, start) = stack.last {
            throw NeuralInputError(file: file, line: start, message: "'(' opened here is never closed")
        }
        return top
    }

    // MARK: Formulas

    enum Operand {
        case input(Int)
        case output(Int)
        case number(Double)
    }

    /// One atom of a DNF term: an input bound or an output constraint.
    enum Atom {
        case inputLower(Int, Double)
        case inputUpper(Int, Double)
        case output(OutputConstraint)
    }

    static func parseNumber(_ s: String) -> Double? {
        guard let first = s.first, first.isNumber || first == "-" || first == "+" || first == "." else { return nil }
        guard let v = Double(s), v.isFinite else { return nil }
        return v
    }

    static func read(text: String, file: String) throws -> VNNProperty {
        let expressions = try parseExpressions(text, file: file)
        var inputs = Set<Int>(), outputs = Set<Int>()
        var terms: [[Atom]] = [[]]
        var asserts: [Expr] = []

        func fail(_ line: Int, _ message: String) -> NeuralInputError {
            NeuralInputError(file: file, line: line, message: message)
        }

        func variableIndex(_ name: String, prefix: String) -> Int? {
            guard name.hasPrefix(prefix) else { return nil }
            let digits = name.dropFirst(prefix.count)
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), digits.count < 10 else { return nil }
            return Int(digits)
        }

        for e in expressions {
            guard case .list(let items, let line) = e, case .atom(let head, _)? = items.first else {
                throw fail(e.line, "expected a command such as (declare-const X_0 Real) or (assert ...)")
            }
            switch head {
            case "declare-const":
                guard items.count == 3, case .atom(let name, _) = items[1], case .atom(let sort, _) = items[2] else {
                    throw fail(line, "expected (declare-const NAME Real)")
                }
                guard sort == "Real" else { throw fail(line, "variable '\(name)' has sort '\(sort)'; only Real is supported") }
                if let i = variableIndex(name, prefix: "X_") {
                    guard inputs.insert(i).inserted else { throw fail(line, "'\(name)' declared twice") }
                } else if let j = variableIndex(name, prefix: "Y_") {
                    guard outputs.insert(j).inserted else { throw fail(line, "'\(name)' declared twice") }
                } else {
                    throw fail(line, "variable '\(name)': only X_<i> (inputs) and Y_<j> (outputs) are supported")
                }
            case "assert":
                guard items.count == 2 else { throw fail(line, "expected (assert FORMULA)") }
                asserts.append(items[1])
            case "check-sat", "get-model", "exit", "set-logic", "set-info", "set-option":
                continue
            default:
                throw fail(line, "unsupported command '\(head)'")
            }
        }
        let inputCount = (inputs.max() ?? -1) + 1, outputCount = (outputs.max() ?? -1) + 1
        guard inputCount > 0 else { throw fail(1, "no input variables X_i are declared") }
        guard inputs.count == inputCount else { throw fail(1, "the input variables X_0 … X_\(inputCount - 1) are not all declared") }
        guard outputs.count == outputCount else { throw fail(1, "the output variables Y_0 … Y_\(outputCount - 1) are not all declared") }

        func operand(_ e: Expr) throws -> Operand {
            switch e {
            case .atom(let s, let line):
                if let i = variableIndex(s, prefix: "X_") {
                    guard inputs.contains(i) else { throw fail(line, "'\(s)' is not declared") }
                    return .input(i)
                }
                if let j = variableIndex(s, prefix: "Y_") {
                    guard outputs.contains(j) else { throw fail(line, "'\(s)' is not declared") }
                    return .output(j)
                }
                if let v = parseNumber(s) { return .number(v) }
                throw fail(line, "expected a variable X_i / Y_j or a number, found '\(s)'")
            case .list(let items, let line):
                // (- N) as a negative literal.
                if items.count == 2, case .atom("-", _) = items[0], case .atom(let s, _) = items[1], let v = parseNumber(s) {
                    return .number(-v)
                }
                throw fail(line, "arithmetic expressions are not supported; expected a variable or a number")
            }
        }

        /// The atom `a <= b`.
        func lessEqual(_ a: Operand, _ b: Operand, line: Int) throws -> Atom {
            switch (a, b) {
            case (.input(let i), .number(let v)): return .inputUpper(i, v)
            case (.number(let v), .input(let i)): return .inputLower(i, v)
            case (.output(let j), .number(let v)): return .output(OutputConstraint(outputs: [j], coefficients: [1], rhs: v))
            case (.number(let v), .output(let j)): return .output(OutputConstraint(outputs: [j], coefficients: [-1], rhs: -v))
            case (.output(let j), .output(let k)):
                if j == k { return .output(OutputConstraint(outputs: [], coefficients: [], rhs: 0)) }
                return .output(OutputConstraint(outputs: [j, k], coefficients: [1, -1], rhs: 0))
            case (.number(let u), .number(let v)):
                // A constant atom: true is an empty constraint, false is 0 <= -1.
                return .output(OutputConstraint(outputs: [], coefficients: [], rhs: u <= v ? 0 : -1))
            default:
                throw fail(line, "constraints relating inputs to outputs or inputs to each other are not supported")
            }
        }

        func dnf(_ e: Expr) throws -> [[Atom]] {
            guard case .list(let items, let line) = e, case .atom(let head, _)? = items.first else {
                throw fail(e.line, "expected a formula (and ...), (or ...), (<= a b) or (>= a b)")
            }
            switch head {
            case "and":
                var result: [[Atom]] = [[]]
                for child in items.dropFirst() {
                    let d = try dnf(child)
                    guard result.count * d.count <= maximumTerms else {
                        throw fail(line, "the formula expands to more than \(maximumTerms) disjuncts")
                    }
                    result = result.flatMap { t in d.map { t + $0 } }
                }
                return result
            case "or":
                guard items.count >= 2 else { throw fail(line, "(or) needs at least one operand") }
                var result: [[Atom]] = []
                for child in items.dropFirst() {
                    result += try dnf(child)
                    guard result.count <= maximumTerms else { throw fail(line, "the formula expands to more than \(maximumTerms) disjuncts") }
                }
                return result
            case "<=", ">=":
                guard items.count == 3 else {
                    throw fail(line, "'\(head)' with \(items.count - 1) operands; only binary comparisons are supported")
                }
                let a = try operand(items[1]), b = try operand(items[2])
                return [[head == "<=" ? try lessEqual(a, b, line: line) : try lessEqual(b, a, line: line)]]
            case "<", ">", "=", "not", "=>", "distinct":
                throw fail(line, "operator '\(head)' is not supported (supported: and, or, <=, >=)")
            default:
                throw fail(line, "unknown operator '\(head)'")
            }
        }

        for a in asserts {
            let d = try dnf(a)
            guard terms.count * d.count <= maximumTerms else {
                throw fail(a.line, "the asserts expand to more than \(maximumTerms) disjuncts")
            }
            if d.count == 1 {
                for k in terms.indices { terms[k] += d[0] }
            } else {
                terms = terms.flatMap { t in d.map { t + $0 } }
            }
        }

        // Group the terms by input box.
        var regions: [VNNProperty.Region] = []
        var regionIndex: [[Double]: Int] = [:]
        for term in terms {
            var lower = [Double](repeating: -.infinity, count: inputCount)
            var upper = [Double](repeating: .infinity, count: inputCount)
            var conjunction: [OutputConstraint] = []
            var alwaysFalse = false
            for atom in term {
                switch atom {
                case .inputLower(let i, let v): lower[i] = max(lower[i], v)
                case .inputUpper(let i, let v): upper[i] = min(upper[i], v)
                case .output(let c):
                    if c.outputs.isEmpty {
                        if c.rhs < 0 { alwaysFalse = true }
                    } else if !conjunction.contains(c) {
                        conjunction.append(c)
                    }
                }
            }
            if alwaysFalse || zip(lower, upper).contains(where: { !($0 <= $1) }) { continue }
            let key = lower + upper
            if let r = regionIndex[key] {
                if !regions[r].disjuncts.contains(conjunction) { regions[r].disjuncts.append(conjunction) }
            } else {
                regionIndex[key] = regions.count
                regions.append(VNNProperty.Region(inputLower: lower, inputUpper: upper, disjuncts: [conjunction]))
            }
        }
        let name = URL(fileURLWithPath: file).lastPathComponent
        return VNNProperty(inputCount: inputCount, outputCount: outputCount, regions: regions, name: name)
    }
}

extension VNNProperty {
    /// Reads a VNNLIB file. Throws a ``NeuralInputError`` with the file and line for anything malformed or
    /// outside the supported subset.
    public init(contentsOf url: URL) throws {
        self = try VNNLIBReader.read(contentsOf: url)
    }

    /// Parses VNNLIB text; `name` is used in messages.
    public init(vnnlib text: String, name: String = "property.vnnlib") throws {
        self = try VNNLIBReader.read(text: text, file: name)
    }
}

/// A counterexample in the VNN-COMP result format: an optional result word (`sat`) followed by
/// `((X_0 v) (X_1 v) … (Y_0 v) …)`.
public struct VNNCounterexample: Sendable {
    /// The `X_i` values, by index.
    public var inputs: [Double]
    /// The `Y_j` values, by index (may be empty or short when the file omits them).
    public var outputs: [Double]

    /// Parses the text of a counterexample file.
    public init(text: String, name: String = "counterexample") throws {
        var body = text
        for word in ["sat", "violated"] {
            let trimmed = body.drop { $0.isWhitespace }
            if trimmed.hasPrefix(word) { body = String(trimmed.dropFirst(word.count)) }
        }
        let expressions = try VNNLIBReader.parseExpressions(body, file: name)
        var xs: [Int: Double] = [:], ys: [Int: Double] = [:]
        func visit(_ e: VNNLIBReader.Expr) throws {
            guard case .list(let items, let line) = e else {
                throw NeuralInputError(file: name, line: e.line, message: "expected (X_i value) pairs")
            }
            if items.count == 2, case .atom(let v, _) = items[0], case .atom(let n, _) = items[1] {
                guard let value = Double(n) else { throw NeuralInputError(file: name, line: line, message: "'\(n)' is not a number") }
                if v.hasPrefix("X_"), let i = Int(v.dropFirst(2)), i >= 0 { xs[i] = value; return }
                if v.hasPrefix("Y_"), let j = Int(v.dropFirst(2)), j >= 0 { ys[j] = value; return }
            }
            for item in items { try visit(item) }
        }
        for e in expressions { try visit(e) }
        guard !xs.isEmpty, xs.count == (xs.keys.max() ?? -1) + 1 else {
            throw NeuralInputError(file: name, line: nil, message: "the X_i values are missing or not numbered 0 … n-1")
        }
        inputs = (0..<xs.count).map { xs[$0] ?? 0 }
        let m = ys.count == (ys.keys.max() ?? -1) + 1 ? ys.count : 0
        outputs = (0..<m).map { ys[$0] ?? 0 }
    }
}
