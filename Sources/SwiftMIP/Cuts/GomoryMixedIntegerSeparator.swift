import Foundation

private let gomoryDebug = ProcessInfo.processInfo.environment["SWIFTMIP_CUTDEBUG"] != nil

/// The tableau-based root separators (`RootStrengthening.standard` puts them before the row-based
/// `standardCutSeparators`): c-MIR on the tableau rows' aggregations (TableauMIRSeparator.swift), which
/// replaced plain GMI as HiGHS's tableau separator does: on the 60 s MIPLIB run (2 threads) the shifted
/// geometric mean went 2.64 s → 2.30 s with it alone and 2.49 s with both, and timtab1's root bound
/// 412k → 485k. `SWIFTMIP_TABLEAU_CUTS=gmi` (GMI only) or `both` for comparison.
let tableauCutSeparators: [any CutSeparator] = {
    switch ProcessInfo.processInfo.environment["SWIFTMIP_TABLEAU_CUTS"] {
    case "gmi": return [GomoryMixedIntegerSeparator()]
    case "both": return [GomoryMixedIntegerSeparator(), TableauMIRSeparator()]
    default: return [TableauMIRSeparator()]
    }
}()

extension CutContext {
    /// The tableau when it describes this context's LP (its columns, the model's rows and then the cuts),
    /// with the basis slots of the integer columns whose LP value x is at least `minimumFractionality`
    /// from an integer and below `maximumValue` in magnitude, and their fractional parts f = x − ⌊x⌋.
    /// Nil without a matching tableau.
    func fractionalBasicIntegers(minimumFractionality: Double, maximumValue: Double)
        -> (tableau: LPTableau, rows: [(slot: Int, f: Double)])? {
        guard let tableau else { return nil }
        let n = model.columnCount
        guard tableau.columnCount == n, tableau.rowCount == rowActivities.count,
              rowActivities.count == model.rowCount + existingCuts.count, values.count == n else { return nil }
        var rows: [(slot: Int, f: Double)] = []
        for (slot, v) in tableau.basicVariables.enumerated() where v < n && model.isInteger[v] {
            let x = values[v]
            guard abs(x) < maximumValue else { continue }
            let f = x - x.rounded(.down)
            if min(f, 1 - f) >= minimumFractionality { rows.append((slot, f)) }
        }
        return (tableau, rows)
    }
}

/// Gomory mixed-integer (GMI) cuts from rows of the optimal simplex tableau.
///
/// For a tableau row `x_B + Σ ā_j y_j = b` with x_B integer, every nonbasic variable shifted to its
/// bound (y_j = x_j − l_j at the lower bound, u_j − x_j at the upper, so y ≥ 0 and y = 0 at the LP
/// point) and f0 = b − ⌊b⌋ ∈ (0, 1), the GMI inequality is (Gomory 1960; Cornuéjols, "Valid
/// inequalities for mixed integer linear programs", Math. Prog. 2008, §2.6)
///
///     Σ_{j∈I, f_j ≤ f0} f_j/f0 y_j + Σ_{j∈I, f_j > f0} (1−f_j)/(1−f0) y_j
///       + Σ_{j∈C, ā_j > 0} ā_j/f0 y_j + Σ_{j∈C, ā_j < 0} −ā_j/(1−f0) y_j ≥ 1,
///
/// with f_j = ā_j − ⌊ā_j⌋, I the integer y's (integer column, integral bound) and C the others.
/// Row activities r_i = (A x)_i appear as variables too (integer when the row has only integer
/// columns with integer coefficients); they are substituted back, so the cut is over the columns.
///
/// Safeguards (Wesselmann & Suhl, "Implementing cutting plane management and selection techniques",
/// 2012; Cornuéjols, Margot & Nannicini, "On the safety of Gomory cut generators", 2013): only rows
/// whose basic value is at least `minimumFractionality` from an integer; the tableau identity is
/// checked in column space (rejects rows spoiled by round-off); tiny coefficients are removed by
/// relaxing the right-hand side with the column's bound; dynamism and support are limited; the cut
/// must be violated at the LP point; it is scaled to a largest coefficient of 1.
struct GomoryMixedIntegerSeparator: CutSeparator {
    var name: String { "gomory" }
    /// At most this many tableau rows per call (the most fractional basic integer columns first).
    var maximumRows = 100
    var minimumFractionality = 0.005
    /// Largest |coefficient| / smallest |coefficient| kept.
    var maximumDynamism = 1e6
    /// Coefficients below this fraction of the largest are removed (with the rhs relaxed by the
    /// column's bound), so the dynamism stays below 1/relativeDropTolerance.
    var relativeDropTolerance = 1e-6
    /// Largest allowed relative residual of the tableau identity in column space.
    var identityTolerance = 1e-7
    /// Skip basic values larger than this in magnitude (their fractional part is unreliable).
    var maximumBasicValue = 1e7

    /// At most this many nonzeros in a cut (SCIP's GMI default: 1000 + 0.1 n).
    func maximumSupport(columns n: Int) -> Int { 1000 + n / 10 }

    func separate(_ context: CutContext) -> [Cut] {
        // Candidate rows: basic integer columns with a fractional value, most fractional first.
        guard let (tableau, fractional) = context.fractionalBasicIntegers(minimumFractionality: minimumFractionality,
                                                                           maximumValue: maximumBasicValue),
              !fractional.isEmpty else { return [] }
        var candidates = fractional.map { (slot: $0.slot, score: min($0.f, 1 - $0.f)) }
        candidates.sort { $0.score > $1.score || ($0.score == $1.score && $0.slot < $1.slot) }
        var builder = GomoryCutBuilder(context: context, separator: self)
        var cuts: [Cut] = []
        for c in candidates.prefix(maximumRows) {
            guard let row = tableau.row(slot: c.slot) else { continue }
            if let cut = builder.cut(from: row) { cuts.append(cut) }
        }
        if gomoryDebug {
            let why = GomoryCutBuilder.Rejection.allCases.map { "\($0) \(builder.rejections[$0.rawValue])" }
            print("gomory round \(context.round): \(min(candidates.count, maximumRows)) rows, \(cuts.count) cuts; rejected: "
                  + why.joined(separator: ", "))
        }
        return cuts
    }
}

/// A nonbasic variable of a tableau row: column or row activity, its (complemented) coefficient,
/// the bound it sits at (side +1 lower, −1 upper) and whether y = ±(variable − bound) is integral.
struct GomoryTerm {
    var row: Bool
    var index: Int
    var coefficient: Double
    var side: Int
    var bound: Double
    var integer: Bool
}

/// Scratch space and per-call data for building GMI cuts from tableau rows.
struct GomoryCutBuilder {
    let context: CutContext
    let separator: GomoryMixedIntegerSeparator
    let n: Int
    /// Row bounds of every LP row (model rows, then the cuts).
    let rowLower: [Double]
    let rowUpper: [Double]
    /// True when the row's activity is integral at every integer-feasible point.
    let rowIsIntegral: [Bool]
    /// Every LP row (model rows, then the cuts) row-wise.
    let rowStart: [Int]
    let rowColumn: [Int32]
    let rowValue: [Double]
    private var cutCoefficient: [Double]
    private var identity: [Double]
    private var identityScale: [Double]
    private var mark: [Bool]
    private var touched: [Int] = []
    private var pending: [GomoryTerm] = []
    /// Why rows were rejected (printed with SWIFTMIP_CUTDEBUG set).
    enum Rejection: Int, CaseIterable { case freeColumn, freeRow, rhsMismatch, fractionality, identity, dropUnbounded, support, dynamism, notViolated }
    private(set) var rejections = [Int](repeating: 0, count: Rejection.allCases.count)

    private mutating func reject(_ why: Rejection) -> Cut? {
        rejections[why.rawValue] += 1
        return nil
    }

    init(context: CutContext, separator: GomoryMixedIntegerSeparator) {
        self.context = context
        self.separator = separator
        let model = context.model
        n = model.columnCount
        let rows = LPRows(model: model, cuts: context.existingCuts)
        var integral = [Bool](repeating: true, count: rows.count)
        for i in 0..<rows.count {
            for p in rows.start[i]..<rows.start[i + 1] {
                let v = rows.value[p]
                if !model.isInteger[Int(rows.column[p])] || v != v.rounded() { integral[i] = false; break }
            }
        }
        rowLower = rows.lower
        rowUpper = rows.upper
        rowIsIntegral = integral
        rowStart = rows.start
        rowColumn = rows.column
        rowValue = rows.value
        cutCoefficient = [Double](repeating: 0, count: n)
        identity = [Double](repeating: 0, count: n)
        identityScale = [Double](repeating: 0, count: n)
        mark = [Bool](repeating: false, count: n)
    }

    private mutating func touch(_ j: Int) {
        if !mark[j] {
            mark[j] = true
            touched.append(j)
            cutCoefficient[j] = 0
            identity[j] = 0
            identityScale[j] = 0
        }
    }

    private mutating func reset() {
        for j in touched { mark[j] = false }
        touched.removeAll(keepingCapacity: true)
    }

    /// Which bound a nonbasic variable with value v and bounds [l, u] sits at: +1 lower, −1 upper,
    /// 0 fixed (l == u), nil when it is at neither (free nonbasic or inconsistent data).
    private func side(value v: Double, lower l: Double, upper u: Double) -> Int? {
        if l == u { return 0 }
        let dl = l.isFinite ? abs(v - l) : .infinity
        let du = u.isFinite ? abs(v - u) : .infinity
        let tol = 1e-6
        if dl <= du, dl <= tol * max(1, abs(l)) { return 1 }
        if du < dl, du <= tol * max(1, abs(u)) { return -1 }
        return nil
    }

    /// GMI coefficient of y with tableau coefficient a (after complementing) and fractionality f0.
    @inline(__always)
    private func gmi(_ a: Double, integer: Bool, f0: Double) -> Double {
        if integer {
            let f = a - a.rounded(.down)
            return f <= f0 ? f / f0 : (1 - f) / (1 - f0)
        }
        return a >= 0 ? a / f0 : -a / (1 - f0)
    }

    /// The GMI cut of one tableau row, or nil when a safeguard rejects it.
    mutating func cut(from row: LPTableauRow) -> Cut? {
        defer { reset() }
        let model = context.model
        let basic = row.basicVariable
        guard basic < n, model.isInteger[basic] else { return nil }
        // The identity x_B + Σ ā_j x_j + Σ ḡ_i (A_i x) = 0 in column space (a round-off check).
        touch(basic)
        identity[basic] = 1
        identityScale[basic] = 1
        // Pass 1: each nonbasic variable's bound; b = x_B at the bounds, from the row itself.
        pending.removeAll(keepingCapacity: true)
        var b = 0.0
        for (k, t) in row.columnIndices.enumerated() {
            let j = Int(t)
            let a = row.columnValues[k]
            touch(j)
            identity[j] += a
            identityScale[j] = max(identityScale[j], abs(a))
            let l = context.lower[j], u = context.upper[j]
            guard let s = side(value: context.values[j], lower: l, upper: u) else { return reject(.freeColumn) }
            let bound = s >= 0 ? l : u
            b -= a * bound
            if s == 0 { continue }
            pending.append(GomoryTerm(row: false, index: j, coefficient: s > 0 ? a : -a, side: s, bound: bound,
                                      integer: model.isInteger[j] && bound == bound.rounded()))
        }
        for (k, t) in row.rowIndices.enumerated() {
            let i = Int(t)
            guard i < rowLower.count else { return nil }
            let g = row.rowValues[k]
            for p in rowStart[i]..<rowStart[i + 1] {
                let j = Int(rowColumn[p]), v = rowValue[p]
                touch(j)
                identity[j] += g * v
                identityScale[j] = max(identityScale[j], abs(g * v))
            }
            let l = rowLower[i], u = rowUpper[i]
            guard let s = side(value: context.rowActivities[i], lower: l, upper: u) else { return reject(.freeRow) }
            let bound = s >= 0 ? l : u
            b -= g * bound
            if s == 0 { continue }
            pending.append(GomoryTerm(row: true, index: i, coefficient: s > 0 ? g : -g, side: s, bound: bound,
                                      integer: rowIsIntegral[i] && bound == bound.rounded()))
        }
        // The row's value of x_B must agree with the LP's.
        guard b.isFinite, abs(b) < separator.maximumBasicValue,
              abs(b - context.values[basic]) <= 1e-6 * max(1, abs(b)) else { return reject(.rhsMismatch) }
        let f0 = b - b.rounded(.down)
        guard min(f0, 1 - f0) >= separator.minimumFractionality else { return reject(.fractionality) }
        // Pass 2: Σ π y ≥ 1 with y = x − l (π x ≥ … + π l) or y = u − x (−π x ≥ … − π u); rows expanded.
        var rhs = 1.0
        for term in pending {
            let pi = gmi(term.coefficient, integer: term.integer, f0: f0)
            if pi == 0 { continue }
            let coefficient = Double(term.side) * pi
            rhs += coefficient * term.bound
            if term.row {
                for p in rowStart[term.index]..<rowStart[term.index + 1] {
                    cutCoefficient[Int(rowColumn[p])] += coefficient * rowValue[p]
                }
            } else {
                cutCoefficient[term.index] += coefficient
            }
        }
        // Round-off check of the tableau row.
        for j in touched where abs(identity[j]) > separator.identityTolerance * max(1, identityScale[j]) {
            return reject(.identity)
        }
        // Clean up: fixed columns and tiny coefficients move into the rhs (relaxing it).
        var largest = 0.0
        for j in touched { largest = max(largest, abs(cutCoefficient[j])) }
        guard largest > 0, largest.isFinite, rhs.isFinite else { return nil }
        var indices: [Int32] = [], values: [Double] = []
        var smallest = Double.infinity
        for j in touched.sorted() {
            let c = cutCoefficient[j]
            if c == 0 { continue }
            let l = context.lower[j], u = context.upper[j]
            if l == u || abs(c) < separator.relativeDropTolerance * largest {
                // Σ_{others} ≥ rhs − c x_j ≥ rhs − max(c l, c u).
                let worst = c > 0 ? c * u : c * l
                guard worst.isFinite else { return reject(.dropUnbounded) }
                rhs -= worst
                continue
            }
            indices.append(Int32(j))
            values.append(c)
            smallest = min(smallest, abs(c))
        }
        guard !indices.isEmpty, indices.count <= separator.maximumSupport(columns: n) else { return reject(.support) }
        guard largest / smallest <= separator.maximumDynamism else { return reject(.dynamism) }
        rhs -= 1e-9 * max(1, abs(rhs))   // round-off margin
        // Scale to a largest coefficient of 1 and check the violation at the LP point.
        let scale = 1 / largest
        var activity = 0.0
        for k in values.indices {
            values[k] *= scale
            activity += values[k] * context.values[Int(indices[k])]
        }
        rhs *= scale
        guard rhs - activity > 1e-6 * max(1, abs(rhs)) else { return reject(.notViolated) }
        return Cut(row: SparseRow(indices: indices, values: values), lower: rhs, upper: .infinity, origin: "gomory")
    }
}
