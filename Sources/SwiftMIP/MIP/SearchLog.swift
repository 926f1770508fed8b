import Foundation
import Synchronization

/// The progress log of a MIP solve, in the style of HiGHS's MIP log: a header, a line every
/// `interval` seconds and at each new incumbent, and a summary. One instance per solve; any worker may
/// call it (lines are serialised by a Mutex).
final class SearchLog: Sendable {
    let handler: LogHandler?
    let interval: Double
    let start: Double
    private let state = Guarded<(lastLine: Double, linesSinceHeader: Int)>((0, 0))

    init(handler: LogHandler?, interval: Double, start: Double) {
        self.handler = handler
        self.interval = max(0.05, interval)
        self.start = start
    }

    var isOn: Bool { handler != nil }

    func message(_ text: String) { handler?(text) }

    /// The numbers a progress line shows (objective values in the model's own sense).
    struct Progress {
        var nodes: Int
        var open: Int
        var lpIterations: Int
        var dualBound: Double
        var primalBound: Double?
        var gap: Double
        var time: Double
    }

    static let columnHeader =
        "Src      Nodes       Open     LpIters        DualBound      PrimalBound       Gap      Time"

    /// True when a periodic line is due.
    func due(now: Double) -> Bool {
        guard handler != nil else { return false }
        return state.withLock { now - $0.lastLine >= interval }
    }

    /// Writes one progress line; `source` is a one-letter code ("" for a periodic line).
    func line(_ p: Progress, source: String, now: Double) {
        guard let handler else { return }
        let needHeader = state.withLock { s -> Bool in
            s.lastLine = now
            s.linesSinceHeader += 1
            if s.linesSinceHeader > 25 { s.linesSinceHeader = 1; return true }
            return s.linesSinceHeader == 1
        }
        if needHeader { handler(Self.columnHeader) }
        func pad(_ s: String, _ w: Int) -> String { String(repeating: " ", count: max(0, w - s.count)) + s }
        let gapText = p.gap.isFinite ? String(format: "%.2f%%", 100 * p.gap) : "inf"
        let primal = p.primalBound.map(formatObjective) ?? "inf"
        let text = pad(source, 3) + pad(String(p.nodes), 11) + pad(String(p.open), 11)
            + pad(String(p.lpIterations), 12) + pad(formatObjective(p.dualBound), 17)
            + pad(primal, 17) + pad(gapText, 10) + pad(String(format: "%.1fs", p.time), 10)
        handler(text)
    }
}

/// Objective values as the log prints them: compact, with ±inf.
func formatObjective(_ v: Double) -> String {
    if v.isNaN { return "-" }
    if v == .infinity { return "inf" }
    if v == -.infinity { return "-inf" }
    if v != 0 && (abs(v) >= 1e9 || abs(v) < 1e-4) { return String(format: "%.6e", v) }
    return String(format: "%.8g", v)
}

/// Relative gap as HiGHS reports it: |primal − dual| / max(|primal|, 1e-10) (infinity without a primal).
func relativeGap(primal: Double?, dual: Double) -> Double {
    guard let primal, primal.isFinite else { return .infinity }
    guard dual.isFinite else { return .infinity }
    let diff = abs(primal - dual)
    if diff == 0 { return 0 }
    return diff / max(abs(primal), 1e-10)
}
