/// The one-line JSON record of a solve, for scripts and benchmarks:
///
///     {"solver":"swiftmip","model":"p0033","status":"optimal","objective":3089,"bound":3089,"gap":0,"nodes":12,"iterations":345,"time_s":0.12}
///
/// `status` is ``SolveStatus/rawValue``; objective, bound and gap are `null` when absent or not finite.
/// A MIP's record also has `root_lp_bound` (root LP relaxation) and `root_bound` (root after cuts).
public enum ResultRecord {
    /// The record of `result` for the model named `model`.
    public static func json(_ result: SolveResult, model: String) -> String {
        var fields: [(String, String)] = [
            ("solver", string("swiftmip")),
            ("model", string(model)),
            ("status", string(result.status.rawValue)),
            ("objective", number(result.objectiveValue)),
            ("bound", number(result.bestBound)),
            ("gap", number(result.objectiveValue == nil ? nil : result.gap)),
            ("nodes", "\(result.nodes)"),
            ("iterations", "\(result.iterations)"),
            ("time_s", number(result.time)),
        ]
        if let b = result.rootLPBound { fields.append(("root_lp_bound", number(b))) }
        if let b = result.rootCutBound { fields.append(("root_bound", number(b))) }
        if let message = result.message { fields.append(("message", string(message))) }
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    /// A JSON number, or `null` for nil, NaN and infinities.
    static func number(_ v: Double?) -> String {
        guard let v, v.isFinite else { return "null" }
        return MPSWriter.number(v)
    }

    /// A JSON string literal with quotes, backslashes and control characters escaped.
    static func string(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x7f {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
