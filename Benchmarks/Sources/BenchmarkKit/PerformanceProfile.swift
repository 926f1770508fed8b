import Foundation

/// Writes a Dolan–Moré performance profile (E. Dolan, J. Moré, "Benchmarking optimization software
/// with performance profiles", Math. Prog. 91, 2002) as a small self-contained SVG: for each solver,
/// the fraction of problems it solved within a factor τ of the best solver, against log2 τ.
public enum PerformanceProfile {
    static let colors = ["#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd"]

    /// `times[s][p]`: solver s's time on problem p, nil when it did not solve it correctly.
    public static func svg(labels: [String], times: [[Double?]], title: String) -> String {
        let ratios = Statistics.performanceRatios(times)
        let problems = Double(max(times.first?.count ?? 0, 1))
        let finite = ratios.flatMap { $0 }.filter(\.isFinite)
        let maxLog = max(1, ceil(log2(finite.max() ?? 2) * 1.05 * 10) / 10)
        let (w, h, left, right, top, bottom) = (640.0, 400.0, 60.0, 20.0, 40.0, 50.0)
        let pw = w - left - right, ph = h - top - bottom
        func x(_ l: Double) -> Double { left + pw * min(l, maxLog) / maxLog }
        func y(_ f: Double) -> Double { top + ph * (1 - f) }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        var s = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(w))" height="\(Int(h))" font-family="sans-serif" font-size="12">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(f(w / 2))" y="20" text-anchor="middle" font-size="14">\(escape(title))</text>
        <rect x="\(f(left))" y="\(f(top))" width="\(f(pw))" height="\(f(ph))" fill="none" stroke="#444"/>

        """
        // Axes: ticks at whole log2 steps, fractions in tenths.
        let step = max(1, Int(ceil(maxLog / 10)))
        for k in stride(from: 0, through: Int(maxLog), by: step) {
            s += "<line x1=\"\(f(x(Double(k))))\" y1=\"\(f(top))\" x2=\"\(f(x(Double(k))))\" y2=\"\(f(top + ph))\" stroke=\"#ddd\"/>"
            s += "<text x=\"\(f(x(Double(k))))\" y=\"\(f(top + ph + 16))\" text-anchor=\"middle\">\(1 << min(k, 62))</text>\n"
        }
        for k in 0...10 {
            let v = Double(k) / 10
            s += "<line x1=\"\(f(left))\" y1=\"\(f(y(v)))\" x2=\"\(f(left + pw))\" y2=\"\(f(y(v)))\" stroke=\"#eee\"/>"
            s += "<text x=\"\(f(left - 6))\" y=\"\(f(y(v) + 4))\" text-anchor=\"end\">\(String(format: "%.1f", v))</text>\n"
        }
        s += "<text x=\"\(f(left + pw / 2))\" y=\"\(f(h - 10))\" text-anchor=\"middle\">τ: within this factor of the fastest (log scale)</text>\n"
        s += "<text transform=\"translate(16,\(f(top + ph / 2))) rotate(-90)\" text-anchor=\"middle\">fraction of models solved</text>\n"
        // One step curve per solver.
        for (i, r) in ratios.enumerated() {
            var points = [(x(0), y(0))]
            var count = 0.0
            for ratio in r where ratio.isFinite {
                let lx = x(log2(max(ratio, 1)))
                points.append((lx, y(count / problems)))
                count += 1
                points.append((lx, y(count / problems)))
            }
            points.append((x(maxLog), y(count / problems)))
            let color = colors[i % colors.count]
            let path = points.map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " ")
            s += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\"\(path)\"/>\n"
            // Legend bottom right, where the curves have usually risen out of the way.
            let ly = top + ph - 14 - 18 * Double(ratios.count - 1 - i)
            s += "<line x1=\"\(f(left + pw - 150))\" y1=\"\(f(ly))\" x2=\"\(f(left + pw - 125))\" y2=\"\(f(ly))\" stroke=\"\(color)\" stroke-width=\"3\"/>"
            s += "<text x=\"\(f(left + pw - 118))\" y=\"\(f(ly + 4))\">\(escape(labels[i])) (\(Int(count))/\(Int(problems)))</text>\n"
        }
        s += "</svg>\n"
        return s
    }

    static func escape(_ t: String) -> String {
        t.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
