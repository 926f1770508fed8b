import Foundation

/// A positive rational p/q in lowest terms (small numerators and denominators only), for lattice steps.
struct LatticeRational: Equatable, Sendable {
    var numerator: Int64
    var denominator: Int64

    var value: Double { Double(numerator) / Double(denominator) }

    /// `|x|` as a fraction with denominator at most `maxDenominator` and relative error 1e-9, or nil
    /// (zero, not finite, or no such fraction). Continued fractions (best approximations).
    init?(approximating x: Double, maxDenominator: Int64 = 10_000) {
        let a = abs(x)
        guard a.isFinite, a > 0, a < 1e12 else { return nil }
        var (h0, h1): (Int64, Int64) = (0, 1)   // numerators of the convergents
        var (k0, k1): (Int64, Int64) = (1, 0)   // denominators
        var r = a
        for _ in 0..<40 {
            let q = r.rounded(.down)
            guard q < 1e12 else { return nil }
            let qi = Int64(q)
            let (h2, o1) = qi.multipliedReportingOverflow(by: h1)
            let (k2, o2) = qi.multipliedReportingOverflow(by: k1)
            guard !o1, !o2 else { return nil }
            (h0, h1) = (h1, h2 + h0)
            (k0, k1) = (k1, k2 + k0)
            if k1 > maxDenominator { return nil }
            if h1 > 0, abs(Double(h1) / Double(k1) - a) <= 1e-9 * max(1, a) {
                self.init(numerator: h1, denominator: k1)
                return
            }
            let frac = r - q
            if frac < 1e-12 { break }
            r = 1 / frac
        }
        return nil
    }

    init(numerator: Int64, denominator: Int64) {
        let g = LatticeRational.gcd(numerator, denominator)
        self.numerator = numerator / max(1, g)
        self.denominator = denominator / max(1, g)
    }

    static func gcd(_ a: Int64, _ b: Int64) -> Int64 {
        var (x, y) = (abs(a), abs(b))
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }

    /// gcd(p1/q1, p2/q2) = gcd(p1·q2, p2·q1) / (q1·q2); nil on overflow or when the result is tiny.
    func gcd(_ other: LatticeRational) -> LatticeRational? {
        let (a, o1) = numerator.multipliedReportingOverflow(by: other.denominator)
        let (b, o2) = other.numerator.multipliedReportingOverflow(by: denominator)
        let (d, o3) = denominator.multipliedReportingOverflow(by: other.denominator)
        guard !o1, !o2, !o3, d <= 1_000_000_000 else { return nil }
        return LatticeRational(numerator: LatticeRational.gcd(a, b), denominator: d)
    }

    func times(_ other: LatticeRational) -> LatticeRational? {
        let g1 = LatticeRational.gcd(numerator, other.denominator)
        let g2 = LatticeRational.gcd(other.numerator, denominator)
        let (n, o1) = (numerator / g1).multipliedReportingOverflow(by: other.numerator / g2)
        let (d, o2) = (denominator / g2).multipliedReportingOverflow(by: other.denominator / g1)
        guard !o1, !o2, d <= 1_000_000_000 else { return nil }
        return LatticeRational(numerator: n, denominator: d)
    }

    func dividedBy(_ other: LatticeRational) -> LatticeRational? {
        times(LatticeRational(numerator: other.denominator, denominator: other.numerator))
    }

    /// Whether `x` is an integer multiple of this step (within 1e-9 relative).
    func divides(_ x: Double) -> Bool {
        let k = x / value
        return abs(k - k.rounded()) <= 1e-9 * max(1, abs(k))
    }
}

/// The step `s` of the objective lattice of a model: a number such that, whenever the model has a
/// solution better than a value `v`, its optimum is a multiple of `s` (so nodes whose bound exceeds the
/// largest multiple of `s` below the incumbent can be pruned). Returns nil when no such step is found.
///
/// Which columns take values on a lattice `s_j·ℤ`:
/// - integer columns (`s_j = 1`);
/// - a continuous column alone among lattice columns in an equation `a·x + Σ a_k x_k = b` with
///   `b ∈ Gℤ`, `G = gcd(|a_k| s_k)`: then `x ∈ (G/|a|)ℤ` in every solution (primal implied lattice,
///   the scaled form of implied-integer detection; Achterberg et al. 2020, "Presolve reductions in MIP", §7);
/// - a continuous column `x` with a cost that wants it up (down): in an optimal solution it can be
///   pushed up until its upper bound or one of the rows that lock it upwards is tight, since the
///   other rows only get slacker (dual argument). If each such row has lattice columns only besides
///   `x` and a right-hand side on their lattice, every optimum has an optimal point with `x` on the
///   gcd of those lattices. These columns are handled last and do not feed other columns' lattices,
///   so pushing one of them never changes another's.
///
/// The objective step is then the gcd of `|c_j| s_j` over columns with a cost (every column with a
/// cost must be on a lattice).
func objectiveLatticeStep(_ model: CompressedModel, enabled: Bool = objectiveLatticeEnabled) -> LatticeRational? {
    let n = model.columnCount
    let m = model.matrix
    var scale = [LatticeRational?](repeating: nil, count: n)
    for j in 0..<n where model.isInteger[j] { scale[j] = LatticeRational(numerator: 1, denominator: 1) }
    if !enabled {
        // Integer costs on integer columns only.
        var step: LatticeRational? = nil
        for j in 0..<n where model.cost[j] != 0 {
            let c = model.cost[j]
            guard model.isInteger[j], c == c.rounded(), abs(c) <= 1e9 else { return nil }
            let t = LatticeRational(numerator: Int64(abs(c)), denominator: 1)
            step = step.map { LatticeRational(numerator: LatticeRational.gcd($0.numerator, t.numerator), denominator: 1) } ?? t
        }
        return step
    }

    /// gcd of |a_k|·s_k over the row's columns other than `skip`; `.some(nil)`: no other column;
    /// nil: some other column is not on a lattice (or the arithmetic overflowed).
    func rowLattice(_ i: Int, skip: Int) -> LatticeRational?? {
        var g: LatticeRational? = nil
        for k in m.rowStart[i]..<m.rowStart[i + 1] {
            let c = Int(m.columnIndex[k])
            let a = m.rowValue[k]
            if c == skip || a == 0 { continue }
            guard let s = scale[c], let ar = LatticeRational(approximating: a), let t = ar.times(s) else { return nil }
            if let current = g {
                guard let next = current.gcd(t) else { return nil }
                g = next
            } else {
                g = t
            }
        }
        return .some(g)
    }

    /// The lattice of `x` implied by `a·x (+ lattice columns) = rhs` (or `≤`, for a push to the row):
    /// `.some(nil)` when `x = 0` there (no restriction), nil when none.
    func impliedStep(row i: Int, column j: Int, coefficient a: Double, rhs: Double) -> LatticeRational?? {
        guard let ar = LatticeRational(approximating: a), rhs.isFinite else { return nil }
        guard let others = rowLattice(i, skip: j) else { return nil }
        if let g = others {
            guard g.divides(rhs), let s = g.dividedBy(ar) else { return nil }
            return .some(s)
        }
        // x = rhs / a alone.
        if rhs == 0 { return .some(nil) }
        guard let r = LatticeRational(approximating: rhs), let s = r.dividedBy(ar) else { return nil }
        return .some(s)
    }

    // Primal implied lattices through equations, a few passes for chains.
    for _ in 0..<5 {
        var changed = false
        for j in 0..<n where scale[j] == nil {
            for k in m.columnStart[j]..<m.columnStart[j + 1] {
                let i = Int(m.rowIndex[k])
                let a = m.columnValue[k]
                guard a != 0, model.rowLower[i] == model.rowUpper[i] else { continue }
                if case let .some(.some(s)) = impliedStep(row: i, column: j, coefficient: a, rhs: model.rowLower[i]) {
                    scale[j] = s
                    changed = true
                    break
                }
            }
        }
        if !changed { break }
    }

    // Dual lattices for continuous columns with a cost, from the primal lattices only.
    var dualScale = scale
    for j in 0..<n where scale[j] == nil && model.cost[j] != 0 {
        let up = model.cost[j] < 0   // minimisation: a negative cost pushes the column up
        var step: LatticeRational? = nil
        var restricted = false
        var ok = true
        func meet(_ s: LatticeRational?) {
            guard let s else { return }
            if let current = step {
                if let g = current.gcd(s) { step = g } else { ok = false }
            } else {
                step = s
            }
        }
        let bound = up ? model.columnUpper[j] : model.columnLower[j]
        if abs(bound) < mipInfinity {
            restricted = true
            if bound != 0 {
                if let b = LatticeRational(approximating: bound) { meet(b) } else { ok = false }
            }
        }
        for k in m.columnStart[j]..<m.columnStart[j + 1] where ok {
            let i = Int(m.rowIndex[k])
            let a = m.columnValue[k]
            if a == 0 { continue }
            // Pushing x in its direction moves the activity by sign(a)·(up ? +1 : −1).
            let activityUp = (a > 0) == up
            let rhs = activityUp ? model.rowUpper[i] : model.rowLower[i]
            guard abs(rhs) < mipInfinity else { continue }   // this row never stops the push
            restricted = true
            guard case let .some(s) = impliedStep(row: i, column: j, coefficient: a, rhs: rhs) else { ok = false; break }
            meet(s)
        }
        guard ok, restricted else { continue }
        // Every stop is at zero: x is 0 at the push's end.
        dualScale[j] = step ?? LatticeRational(numerator: 1, denominator: 1)
    }

    var objectiveStep: LatticeRational? = nil
    for j in 0..<n where model.cost[j] != 0 {
        guard let s = dualScale[j], let c = LatticeRational(approximating: model.cost[j]),
              let t = c.times(s) else { return nil }
        if let current = objectiveStep {
            guard let g = current.gcd(t) else { return nil }
            objectiveStep = g
        } else {
            objectiveStep = t
        }
    }
    return objectiveStep
}

/// The pruning cutoff for an incumbent of objective `v` on a lattice of step `step`: just above the
/// largest multiple of `step` strictly below `v` (an incumbent off the lattice, e.g. a continuous
/// column not pushed to its end, keeps the multiple just below it).
func latticeCutoff(incumbent v: Double, step: Double) -> Double {
    let k = v / step
    let nearest = k.rounded()
    let below: Double
    if abs(k - nearest) <= min(1e-3, 1e-6 * max(1, abs(nearest))) {
        below = nearest - 1
    } else {
        below = k.rounded(.down)
    }
    return below * step + min(0.01 * step, 1e-6 * max(1, abs(v)))
}

/// The objective lattice is used unless `SWIFTMIP_LATTICE=0` (benchmarking switch; integer costs on
/// integer columns then still give their gcd, as before the lattice).
let objectiveLatticeEnabled: Bool = ProcessInfo.processInfo.environment["SWIFTMIP_LATTICE"] != "0"
