import Foundation

/// What kind of model a benchmark case is, which decides the command that runs it.
public enum ModelKind: String, Sendable {
    /// A linear program (MPS), run by `swiftmip solve`.
    case lp
    /// A mixed-integer program (MPS), run by `swiftmip solve`.
    case mip
    /// An MPS model of unknown kind (a folder or CSV without a kind column).
    case model
    /// A network and a property (ONNX + VNNLIB), run by `swiftmip verify`.
    case neural

    var isMPS: Bool { self != .neural }
}

/// The known answer of a benchmark case, against which each run is checked.
public enum KnownAnswer: Equatable, Sendable, CustomStringConvertible {
    /// An optimal objective in the model's own sense.
    case optimal(Double)
    case infeasible
    case unbounded
    /// A counterexample to the property exists.
    case sat
    /// The property holds.
    case unsat
    /// Nothing is known (a folder of models, an `unknown` or `disputed` reference verdict).
    case unknown(String)

    public var description: String {
        switch self {
        case .optimal(let v): return formatNumber(v)
        case .infeasible: return "infeasible"
        case .unbounded: return "unbounded"
        case .sat: return "sat"
        case .unsat: return "unsat"
        case .unknown(let why): return why.isEmpty ? "unknown" : why
        }
    }

    /// Reads a catalog/answers entry: a number, `infeasible`, `unbounded`, `sat`, `unsat`, or anything else (unknown).
    static func parse(status: String?, objective: String?) -> KnownAnswer {
        let s = (status ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let o = (objective ?? "").trimmingCharacters(in: .whitespaces)
        switch s {
        case "infeasible": return .infeasible
        case "unbounded": return .unbounded
        case "sat": return .sat
        case "unsat": return .unsat
        case "optimal", "":
            if let v = Double(o), v.isFinite { return .optimal(v) }
            switch o.lowercased() {
            case "infeasible": return .infeasible
            case "unbounded": return .unbounded
            default: return .unknown(s.isEmpty ? "" : "optimal, objective not given")
            }
        default:
            return .unknown(s)
        }
    }
}

/// One model (or network + property) of a suite, with its known answer.
public struct BenchmarkCase: Sendable {
    /// A short unique name shown in tables.
    public var name: String
    public var kind: ModelKind
    /// Absolute path of the model file (the ONNX network for neural cases).
    public var file: String
    /// Absolute path of the VNNLIB property (neural cases only).
    public var property: String?
    public var expected: KnownAnswer
    /// A per-case time limit (VNN-COMP instance timeouts); nil means the suite's limit.
    public var timeLimit: Double?
    /// The catalog's HiGHS time, when known (used only for the remaining-time estimate).
    public var referenceHint: Double?
    /// The suite the case came from.
    public var suite: String

    public init(name: String, kind: ModelKind, file: String, property: String? = nil, expected: KnownAnswer,
                timeLimit: Double? = nil, referenceHint: Double? = nil, suite: String) {
        self.name = name
        self.kind = kind
        self.file = file
        self.property = property
        self.expected = expected
        self.timeLimit = timeLimit
        self.referenceHint = referenceHint
        self.suite = suite
    }
}

/// A number as tables show it: up to 10 significant digits, no trailing noise.
func formatNumber(_ v: Double) -> String {
    if v.isNaN { return "nan" }
    if v.isInfinite { return v > 0 ? "inf" : "-inf" }
    if v == v.rounded() && abs(v) < 1e15 { return String(Int64(v)) }
    return String(format: "%.10g", v)
}

/// A duration for tables: 3 significant decimals for short times.
func formatSeconds(_ t: Double) -> String {
    if t.isNaN { return "-" }
    if t < 10 { return String(format: "%.3f", t) }
    if t < 100 { return String(format: "%.2f", t) }
    return String(format: "%.1f", t)
}
