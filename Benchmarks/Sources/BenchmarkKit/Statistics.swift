import Foundation

/// Means and profiles over benchmark times.
public enum Statistics {
    /// The shifted geometric mean exp(mean(log(t + s))) − s (shift s = 1 s by default), which keeps
    /// very short times from dominating. Empty input: nan.
    public static func shiftedGeometricMean(_ times: [Double], shift: Double = 1) -> Double {
        guard !times.isEmpty else { return .nan }
        let meanLog = times.reduce(0) { $0 + log(max($1, 0) + shift) } / Double(times.count)
        return exp(meanLog) - shift
    }

    /// The geometric mean of the shifted ratios (a + s)/(b + s) over pairs, which equals
    /// (sgm(a) + s)/(sgm(b) + s). Above 1: `a` is slower. Empty input: nan.
    public static func shiftedRatio(_ a: [Double], _ b: [Double], shift: Double = 1) -> Double {
        guard !a.isEmpty, a.count == b.count else { return .nan }
        let meanLog = zip(a, b).reduce(0) { $0 + log(max($1.0, 0) + shift) - log(max($1.1, 0) + shift) } / Double(a.count)
        return exp(meanLog)
    }

    /// A Dolan–Moré performance profile: for each solver, the sorted performance ratios
    /// r = t / (best time on that problem) over all problems (infinity where the solver did not solve it).
    /// times[s][p] is nil when solver s did not solve problem p. Times are floored at `floor` seconds
    /// so that timer resolution does not produce huge ratios on trivial models.
    public static func performanceRatios(_ times: [[Double?]], floor: Double = 1e-3) -> [[Double]] {
        guard let problems = times.first?.count else { return [] }
        var ratios = Array(repeating: [Double](), count: times.count)
        for p in 0..<problems {
            let column = times.map { $0[p].map { max($0, floor) } }
            let best = column.compactMap { $0 }.min()
            for s in times.indices {
                if let t = column[s], let best { ratios[s].append(t / best) } else { ratios[s].append(.infinity) }
            }
        }
        return ratios.map { $0.sorted() }
    }
}
