import Dispatch
import Foundation
import SwiftMIP

/// The `--mps-format` option shared by the commands that read a model.
let mpsFormatOption = OptionSpec(name: "mps-format", valueName: "auto|fixed|free",
                                 help: "MPS dialect of the input: auto (default: free unless the file needs the fixed columns), fixed, free")

/// The MPS format asked for on the command line.
func mpsFormat(_ args: ParsedArguments) throws -> MPSFormat {
    switch args.string("mps-format") ?? "auto" {
    case "auto", "automatic": return .automatic
    case "fixed": return .fixed
    case "free": return .free
    case let other: throw UsageError(message: "--mps-format expects auto, fixed or free, got '\(other)'")
    }
}

/// Seconds on a monotonic clock.
func monotonicSeconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 }

/// Formats a number like `%.3g` without Foundation's locale-dependent formatting.
func short(_ v: Double, digits: Int = 3) -> String {
    guard v.isFinite, v != 0 else { return "\(v)" }
    let exponent = Int((abs(v)).log10Floor)
    if exponent >= -3 && exponent < 7 {
        let scale = pow10(max(0, digits - 1 - exponent))
        let rounded = (v * scale).rounded() / scale
        var s = "\(rounded)"
        if s.hasSuffix(".0") { s.removeLast(2) }
        return s
    }
    let mantissa = v / pow10(exponent)
    let scale = pow10(digits - 1)
    var m = "\((mantissa * scale).rounded() / scale)"
    if m.hasSuffix(".0") { m.removeLast(2) }
    return m + "e" + (exponent < 0 ? "-" : "+") + (abs(exponent) < 10 ? "0" : "") + "\(abs(exponent))"
}

private func pow10(_ k: Int) -> Double {
    var r = 1.0
    for _ in 0..<abs(k) { r *= 10 }
    return k < 0 ? 1 / r : r
}

extension Double {
    /// floor(log10(|self|)) for finite nonzero values.
    fileprivate var log10Floor: Double {
        var e = 0.0
        var a = abs(self)
        while a >= 10 { a /= 10; e += 1 }
        while a < 1 { a *= 10; e -= 1 }
        return e
    }
}

/// Writes text to standard output without adding a newline.
enum FileHandleOutput {
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

/// A usage error (exit code 2) when an input file named on the command line does not exist.
func requireFile(_ path: String) throws {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
        throw UsageError(message: "no such file: \(path)")
    }
}
