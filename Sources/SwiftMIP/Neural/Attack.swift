import Foundation

/// Counterexample search: projected-gradient descent on the violation margin of one output disjunct
/// (Madry et al. 2018, with sign steps for an ℓ∞ box) and the confirmation of any candidate by a
/// forward pass in Double before the verifier says `sat`.


/// Required robustness of a counterexample: every row of the disjunct must be ≤ −this at the point
/// (relative to max(1, max|y|)), so that the float32 evaluation of onnxruntime (differences of about
/// 3e-7 relative on these nets) agrees with the Double forward pass. A point that only reaches ≤ 0 is
/// still accepted as a fallback (it is a true counterexample of the network with its Double weights).
let counterexampleMargin = 1e-5

/// The candidate point made representable: each coordinate the Float32 nearest to the value that lies in
/// [lower, upper] (the ONNX nets run in float32), or the Double value if no float32 lies in the interval.
func float32Point(_ x: [Double], lower: [Double], upper: [Double]) -> [Double] {
    var out = x
    for i in x.indices {
        let v = min(max(x[i], lower[i]), upper[i])
        var f = Float(v)
        if Double(f) < lower[i] { f = f.nextUp }
        if Double(f) > upper[i] { f = f.nextDown }
        out[i] = (Double(f) >= lower[i] && Double(f) <= upper[i]) ? Double(f) : v
    }
    return out
}

extension NeuralNetwork {
    /// Checks a candidate against one region's disjuncts after moving it into the box and to float32.
    /// Returns a counterexample when some disjunct's rows are all ≤ 0 at the point (the forward pass in
    /// Double being the judge), preferring disjuncts met with the robustness margin.
    func confirm(_ candidate: [Double], spec: RegionSpec) -> VerificationCounterexample? {
        let x = float32Point(candidate, lower: spec.inputLower, upper: spec.inputUpper)
        for i in x.indices where !(x[i] >= spec.inputLower[i] && x[i] <= spec.inputUpper[i]) { return nil }
        let y = evaluate(x)
        guard y.allSatisfy({ $0.isFinite }) else { return nil }
        let v = spec.values(y)
        let scale = max(1, y.map(abs).max() ?? 0)
        var fallback: VerificationCounterexample? = nil
        for (d, rows) in spec.disjuncts.enumerated() {
            let worst = rows.map { v[$0] }.max() ?? -Double.infinity
            // Guard against the Double rounding of the forward pass itself (≈1e-13 relative).
            guard worst <= -1e-11 * scale || rows.isEmpty else { continue }
            let ce = VerificationCounterexample(input: x, output: y, region: spec.region, disjunct: d, margin: worst)
            if worst <= -counterexampleMargin * scale { return ce }
            if fallback == nil { fallback = ce }
        }
        return fallback
    }

    /// Projected sign-gradient descent on `max_r value_r(y(x))` over the box, for one disjunct, from `start`.
    /// Stops early when the worst row is below the robustness margin. Returns the best point seen and the
    /// number of forward passes spent.
    func pgd(spec: RegionSpec, disjunct d: Int, start: [Double], steps: Int,
             lower: [Double], upper: [Double], deadline: Double) -> (point: [Double], value: Double, evaluations: Int) {
        let rows = spec.disjuncts[d]
        let m = outputSize
        var x = start
        var best = x, bestValue = Double.infinity
        var evals = 0
        for it in 0..<steps {
            if it % 16 == 0 && monotonicSeconds() > deadline { break }
            // Gradient of the worst row (the max of the rows is what must go below 0).
            let y = evaluate(x)
            evals += 1
            let v = spec.values(y)
            var worstRow = rows.first ?? 0, worst = -Double.infinity
            for r in rows where v[r] > worst { worst = v[r]; worstRow = r }
            if worst < bestValue { bestValue = worst; best = x }
            let scale = max(1, y.map(abs).max() ?? 0)
            if worst <= -2 * counterexampleMargin * scale { break }
            let w = Array(spec.rows[(worstRow * m)..<((worstRow + 1) * m)])
            let g = gradient(of: w, at: x).gradient
            evals += 1
            guard g.count == x.count else { break }
            // Step size decays from 1/4 to 1/100 of the box width (cosine schedule).
            let frac = Double(it) / Double(max(1, steps - 1))
            let stepScale = 0.01 + (0.25 - 0.01) * 0.5 * (1 + cos(Double.pi * frac))
            for i in x.indices {
                let width = upper[i] - lower[i]
                let s = g[i] > 0 ? -1.0 : (g[i] < 0 ? 1.0 : 0.0)
                x[i] = min(max(x[i] + s * stepScale * width, lower[i]), upper[i])
            }
        }
        return (best, bestValue, evals)
    }
}

/// Seconds from a monotonic clock.
@inline(__always)
func monotonicSeconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 }

/// Runs PGD from the centre, random corners and random points of each region, for each disjunct (the
/// disjuncts closest to violation at the centre first), until `deadline`. Returns a confirmed
/// counterexample or nil, plus the number of forward passes.
func runAttack(network: NeuralNetwork, specs: [RegionSpec], starts: Int, steps: Int, seed: UInt64,
               deadline: Double, stop: () -> Bool) -> (VerificationCounterexample?, Int) {
    var rng = SplitMix64(seed: seed)
    var evals = 0
    for spec in specs {
        let lo = spec.inputLower, hi = spec.inputUpper
        let n = lo.count
        let centre = (0..<n).map { 0.5 * (lo[$0] + hi[$0]) }
        if let ce = network.confirm(centre, spec: spec) { return (ce, evals + 1) }
        let yc = network.evaluate(centre)
        let vc = spec.values(yc)
        let order = spec.disjuncts.indices.sorted {
            (spec.disjuncts[$0].map { vc[$0] }.max() ?? 0) < (spec.disjuncts[$1].map { vc[$0] }.max() ?? 0)
        }
        for s in 0..<starts {
            for d in order {
                if stop() || monotonicSeconds() > deadline { return (nil, evals) }
                var start = centre
                if s > 0 {
                    for i in 0..<n {
                        let t = rng.nextUnit()
                        start[i] = s % 2 == 1 ? (t < 0.5 ? lo[i] : hi[i]) : lo[i] + t * (hi[i] - lo[i])
                    }
                }
                let (p, value, e) = network.pgd(spec: spec, disjunct: d, start: start, steps: steps,
                                                lower: lo, upper: hi, deadline: deadline)
                evals += e
                if value <= 0, let ce = network.confirm(p, spec: spec) { return (ce, evals) }
            }
        }
    }
    return (nil, evals)
}
