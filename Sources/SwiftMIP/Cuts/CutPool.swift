/// Settings of the root cut management (selection, ageing).
struct CutManagementSettings: Sendable {
    /// A cut enters the LP only when its efficacy (violation / ‖a‖) is at least this.
    var minimumEfficacy = 1e-4
    /// A cut is not added with another of this round whose cosine with it exceeds this.
    var maximumParallelism = 0.98
    /// Cuts per round: at most `perRoundBase + perRoundPerRow · rows` (rows of the model).
    var perRoundBase = 100
    var perRoundPerRow = 0.1
    var perRoundCap = 1000
    /// A cut whose row stays slack (basic logical) after this many consecutive LP solves leaves the LP
    /// (and goes back to the pool, from which it may return when violated again).
    var ageLimit = 3
    /// The cut loop may use at most this fraction of the time left at its start (at least 1 s).
    var timeFraction = 0.2

    func perRoundLimit(rows: Int) -> Int {
        min(perRoundCap, perRoundBase + Int(perRoundPerRow * Double(rows)))
    }
}

/// A cut with its row normalised for parallelism tests (indices sorted, unit Euclidean norm).
struct ScoredCut {
    var cut: Cut
    var efficacy: Double
    var unitIndices: [Int32]
    var unitValues: [Double]

    init?(_ cut: Cut, at x: [Double], columns n: Int) {
        let row = cut.row
        guard row.indices.count == row.values.count, !row.indices.isEmpty,
              cut.lower.isFinite || cut.upper.isFinite, !cut.lower.isNaN, !cut.upper.isNaN else { return nil }
        var pairs: [(Int32, Double)] = []
        pairs.reserveCapacity(row.indices.count)
        var norm = 0.0
        for (k, j) in row.indices.enumerated() {
            let v = row.values[k]
            guard j >= 0, Int(j) < n, v.isFinite else { return nil }
            if v == 0 { continue }
            pairs.append((j, v))
            norm += v * v
        }
        guard norm > 0 else { return nil }
        pairs.sort { $0.0 < $1.0 }
        // Duplicate indices would make the norm and the parallelism meaningless.
        for k in pairs.indices.dropFirst() where pairs[k].0 == pairs[k - 1].0 { return nil }
        let inv = 1 / norm.squareRoot()
        self.cut = cut
        efficacy = cut.efficacy(at: x)
        unitIndices = pairs.map(\.0)
        unitValues = pairs.map { $0.1 * inv }
    }

    /// |cos| of the angle between the two rows.
    func parallelism(_ other: ScoredCut) -> Double {
        var a = 0, b = 0, dot = 0.0
        let ia = unitIndices, ib = other.unitIndices
        while a < ia.count && b < ib.count {
            if ia[a] == ib[b] { dot += unitValues[a] * other.unitValues[b]; a += 1; b += 1 }
            else if ia[a] < ib[b] { a += 1 } else { b += 1 }
        }
        return abs(dot)
    }
}

/// The cuts of the root LP and the pool of cuts that aged out of it.
///
/// Selection follows the usual efficacy/orthogonality scheme (Wesselmann & Suhl 2012; Achterberg
/// 2007, §8.9): candidates sorted by efficacy, each accepted if its efficacy reaches the threshold
/// and it is not nearly parallel to a cut already accepted in the round. Ageing follows SCIP and
/// HiGHS: a cut whose row stays basic (slack) for `ageLimit` consecutive LP solves is removed from
/// the LP into the pool.
struct CutPool {
    let settings: CutManagementSettings
    let columnCount: Int
    /// The cuts in the LP, in LP row order (after the model's rows).
    private(set) var active: [Cut] = []
    private var age: [Int] = []
    /// Cuts removed from the LP (they stay valid).
    private(set) var pool: [Cut] = []

    init(settings: CutManagementSettings, columnCount: Int) {
        self.settings = settings
        self.columnCount = columnCount
    }

    /// Chooses the cuts to add among `candidates` and the pooled cuts violated at `x`, at most
    /// `limit`; the chosen pooled cuts leave the pool.
    mutating func select(_ candidates: [Cut], at x: [Double], limit: Int) -> [Cut] {
        let chosen = choose(candidates + pool, at: x, limit: limit)
        let fromPool = Set(chosen.filter { $0 >= candidates.count }.map { $0 - candidates.count })
        let cuts = chosen.map { $0 < candidates.count ? candidates[$0] : pool[$0 - candidates.count] }
        if !fromPool.isEmpty { pool = pool.enumerated().filter { !fromPool.contains($0.offset) }.map(\.element) }
        return cuts
    }

    /// The positions in `cuts` of the ones to add, at most `limit`: by efficacy at `x` (at least the
    /// minimum), skipping any nearly parallel to one already chosen.
    func choose(_ cuts: [Cut], at x: [Double], limit: Int) -> [Int] {
        var scored: [(ScoredCut, Int)] = []
        for (k, c) in cuts.enumerated() {
            if let s = ScoredCut(c, at: x, columns: columnCount), s.efficacy >= settings.minimumEfficacy { scored.append((s, k)) }
        }
        scored.sort { $0.0.efficacy > $1.0.efficacy }
        var chosen: [ScoredCut] = []
        var positions: [Int] = []
        for (s, k) in scored where chosen.count < limit {
            if chosen.contains(where: { $0.parallelism(s) > settings.maximumParallelism }) { continue }
            chosen.append(s)
            positions.append(k)
        }
        return positions
    }

    /// Records cuts just added to the LP (appended after the current ones).
    mutating func added(_ cuts: [Cut]) {
        active += cuts
        age += Array(repeating: 0, count: cuts.count)
    }

    /// Ages the active cuts after an LP solve: `slack[t]` says whether cut t's row is slack (its
    /// logical basic). Returns the positions (in `active`) of the cuts to remove now.
    mutating func ageCuts(slack: [Bool]) -> [Int] {
        var remove: [Int] = []
        for t in active.indices {
            age[t] = t < slack.count && slack[t] ? age[t] + 1 : 0
            if age[t] >= settings.ageLimit { remove.append(t) }
        }
        return remove
    }

    /// Removes the active cuts at `positions` (into the pool).
    mutating func remove(_ positions: [Int]) {
        guard !positions.isEmpty else { return }
        let drop = Set(positions)
        var keptCuts: [Cut] = [], keptAge: [Int] = []
        for t in active.indices {
            if drop.contains(t) { pool.append(active[t]) } else { keptCuts.append(active[t]); keptAge.append(age[t]) }
        }
        active = keptCuts
        age = keptAge
    }
}
