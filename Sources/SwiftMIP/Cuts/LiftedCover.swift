import Foundation

// Lifted cover inequalities of the mixed 0-1 knapsack with one continuous variable
// (Marchand & Wolsey 1999, "The 0-1 knapsack problem with a single continuous variable", Math. Prog.
// 85; the superadditive lifting of Gu, Nemhauser & Savelsbergh 2000, "Sequence independent lifting in
// mixed integer programming"). HiGHS applies the same function to every aggregated row it transforms.
//
// The c-MIR engine's substituted row reads Σ α_t z_t + Σ c_k y_k ≤ β with z_t ∈ {0, 1} (binaries
// complemented to a bound) and y_k ≥ 0 (continuous distances to their substituted bounds). Dropping
// the y_k with c_k ≥ 0 and writing s = −Σ_{c_k<0} c_k y_k ≥ 0 gives the knapsack
//     Σ a_t z'_t ≤ b + s,   a_t = |α_t| > 0,   z'_t = z_t (α_t > 0) or 1 − z_t (α_t < 0).
// For a cover C (a(C) > b, excess λ = a(C) − b) the inequality
//     Σ_{t∈C} min(a_t, λ) z'_t + Σ_{t∉C} φ(a_t) z'_t ≤ Σ_{t∈C} min(a_t, λ) − λ + s
// is valid, where A_h is the sum of the h largest cover coefficients above λ (h = 0…p, A_0 = 0) and
// the lifting function φ is hλ on [A_h, A_{h+1} − λ], rises with slope one to (h+1)λ on
// [A_{h+1} − λ, A_{h+1}], and is pλ + a − A_p beyond A_p (superadditive, so no lifting order matters).
// The cover is chosen at the LP point: binaries at 1 first, then by decreasing contribution a·z'*.

/// Whether the c-MIR separator also tries the lifted mixed-binary cover of each aggregate by default:
/// off (`SWIFTMIP_LIFTEDCOVER=1` turns it on: benchmarking). It lifts the root of set1ch (53176 → 53880)
/// and fixnet6 before implied-bound tightening, but on dsbmip its cuts cost the incumbent (time limit
/// instead of 4 s), and fixnet6 solves without it.
let liftedCoverEnabled: Bool = ProcessInfo.processInfo.environment["SWIFTMIP_LIFTEDCOVER"] == "1"

/// The lifted cover inequality `Σ coefficients[t]·z_t − s ≤ rhs` of the row `Σ alpha[t]·z_t − s ≤ beta`
/// (z binary, s ≥ 0), chosen at the point `value` (z*), or nil when no cover exists.
func liftedMixedBinaryCover(alpha: [Double], value: [Double], beta: Double) -> (coefficients: [Double], rhs: Double)? {
    let n = alpha.count
    var a = [Double](repeating: 0, count: n)
    var v = [Double](repeating: 0, count: n)
    var b = beta
    for t in 0..<n {
        if alpha[t] < 0 {
            a[t] = -alpha[t]; v[t] = 1 - value[t]; b -= alpha[t]
        } else {
            a[t] = alpha[t]; v[t] = value[t]
        }
    }
    guard b.isFinite, b > 1e-6 else { return nil }
    // Cover: binaries at 1, then by decreasing contribution a·z'* (larger a on ties), until a(C) > b.
    var order = (0..<n).filter { a[$0] > 1e-9 && v[$0] > 1e-6 }
    order.sort { p, q in
        let atOneP = v[p] >= 1 - 1e-6, atOneQ = v[q] >= 1 - 1e-6
        if atOneP != atOneQ { return atOneP }
        let cp = a[p] * v[p], cq = a[q] * v[q]
        if abs(cp - cq) > 1e-9 * max(1, abs(cp)) { return cp > cq }
        if a[p] != a[q] { return a[p] > a[q] }
        return p < q
    }
    let minimumExcess = max(1e-5, 1e-6 * abs(b))
    var cover: [Int] = []
    var weight = 0.0
    for t in order {
        if weight - b > minimumExcess { break }
        cover.append(t)
        weight += a[t]
    }
    let lambda = weight - b
    guard lambda > minimumExcess else { return nil }
    // Partial sums of the cover items above λ, largest first.
    let big = cover.filter { a[$0] > lambda + 1e-9 * max(1, a[$0]) }.map { a[$0] }.sorted(by: >)
    guard !big.isEmpty else { return nil }
    var sums: [Double] = []
    var total = 0.0
    for w in big { total += w; sums.append(total) }
    func phi(_ w: Double) -> Double {
        for h in sums.indices {
            if w <= sums[h] - lambda { return Double(h) * lambda }
            if w <= sums[h] { return Double(h + 1) * lambda + (w - sums[h]) }
        }
        return Double(sums.count) * lambda + (w - sums[sums.count - 1])
    }
    var inCover = [Bool](repeating: false, count: n)
    for t in cover { inCover[t] = true }
    var coefficients = [Double](repeating: 0, count: n)
    var rhs = -lambda
    for t in 0..<n {
        let g: Double
        if inCover[t] {
            g = min(a[t], lambda)
            rhs += g
        } else {
            g = a[t] > 0 ? phi(a[t]) : 0
        }
        // Back to z: g·(1 − z) for a complemented binary.
        if alpha[t] < 0 {
            coefficients[t] = -g
            rhs -= g
        } else {
            coefficients[t] = g
        }
    }
    guard rhs.isFinite else { return nil }
    return (coefficients, rhs)
}
