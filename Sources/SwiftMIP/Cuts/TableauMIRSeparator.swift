import Foundation

/// Complemented MIR on the aggregation that a tableau row defines (the idea of HiGHS's tableau
/// separator, `HighsTableauSeparator.cpp`, written for ``MIREngine``).
///
/// The tableau row of a fractional basic integer column x_B is ρᵀ[A −I] with ρ = B⁻ᵀ e_B, i.e. the
/// equation  Σ_i ρ_i (a_i x − r_i) = 0  over the LP rows i (model rows, then the cuts in the LP) with
/// their activities r_i ∈ [l_i, u_i] as bounded continuous variables (optionally integer between the
/// rounded sides for integral rows, ``integerSlacks``). Any weights give a valid equation, so the
/// aggregate is rebuilt exactly from the rows (no round-off of the tableau enters the cut's
/// validity) and handed to the c-MIR step with the r_i as slack terms: each r_i is substituted
/// by its distance to the closer side, integers are complemented to their closest bound, continuous
/// columns use their closest simple or variable bound, and the divisor δ and single complementation
/// flips are searched (Marchand & Wolsey 2001). Plain GMI is the special case δ = 1 with every
/// variable complemented at the bound of its nonbasic status; the search and the variable bounds are
/// what this adds. Both orientations of the equation are tried.
///
/// Rows are chosen as HiGHS does: fractional basic integers (fractionality ≥ 10⁻³), at most
/// 200 + 0.1·min(rows, integers) tableau rows by fractionality; weights whose scaled size
/// |ρ_i|·max_k |a_ik| is below 10⁻⁶ are dropped (still a valid combination); rows whose scaled weights
/// span more than 10⁴ are skipped; the rest are ordered by f(1 − f)/‖scaled weights‖² and tried until
/// the score falls below 0.25 % of the first row that gave a cut (1 % once 50 cuts are found).
struct TableauMIRSeparator: CutSeparator {
    var name: String { "tableau-cmir" }
    var minimumFractionality = 1e-3
    /// Largest ratio of scaled row weights in one aggregation.
    var maximumWeightRatio = 1e4
    /// Cuts returned per round, at most (highest efficacy first).
    var maxCuts = 150
    /// Rough budget of nonzero operations per round.
    var workLimit = 6_000_000
    /// Treat the activity of an integral row (integer columns, integer coefficients) as an integer
    /// slack, as HiGHS does, instead of a continuous one. Off: on timtab1 (1 thread) the root bound
    /// fell 485k → 320k and the 300 s bound 657k → 525k (the cuts of integral LP cut rows steer the loop
    /// to a point where nothing separates); the 60 s MIPLIB shifted geometric mean was the same.
    var integerSlacks = false

    func separate(_ context: CutContext) -> [Cut] {
        guard let basics = context.fractionalBasicIntegers(minimumFractionality: minimumFractionality, maximumValue: 1e7),
              !basics.rows.isEmpty else { return [] }
        let tableau = basics.tableau
        var fractional = basics.rows
        let model = context.model
        let n = model.columnCount
        let m = context.rowActivities.count
        let integers = model.isInteger.reduce(0) { $0 + ($1 ? 1 : 0) }
        let maxTries = 200 + min(m, integers) / 10
        if fractional.count > maxTries {
            fractional.sort { ($0.f * (1 - $0.f), -$0.slot) > ($1.f * (1 - $1.f), -$1.slot) }
            fractional.removeLast(fractional.count - maxTries)
        }

        var engine = MIREngine(context: context, origin: name, aggregateLPCuts: true)
        guard engine.rowCount == m else { return [] }
        engine.slackActivities = context.rowActivities
        let rows = engine.rows
        var rowMaxAbs = [Double](repeating: 0, count: m)
        for i in 0..<m {
            for p in rows.rowStart[i]..<rows.rowStart[i + 1] { rowMaxAbs[i] = max(rowMaxAbs[i], abs(rows.rowValue[p])) }
        }
        if integerSlacks {
            engine.rowIsIntegral = (0..<m).map { i in
                (rows.rowStart[i]..<rows.rowStart[i + 1]).allSatisfy { p in
                    model.isInteger[Int(rows.columnIndex[p])] && rows.rowValue[p] == rows.rowValue[p].rounded()
                }
            }
        }

        // Weights and score of each tableau row.
        struct Candidate { var score: Double; var rows: [Int32]; var weights: [Double] }
        var candidates: [Candidate] = []
        for c in fractional {
            guard let row = tableau.row(slot: c.slot) else { continue }
            engine.work += row.rowIndices.count + row.columnIndices.count
            var indices: [Int32] = [], weights: [Double] = []
            var minWeight = Double.infinity, maxWeight = 0.0, norm2 = 0.0
            for (k, i32) in row.rowIndices.enumerated() {
                // x_B + Σ ā_j x_j + Σ ḡ_i r_i = 0 is Σ_i ρ_i (a_i x − r_i) = 0 with ρ_i = −ḡ_i.
                let w = -row.rowValues[k]
                let scaled = rowMaxAbs[Int(i32)] * abs(w)
                guard scaled > 1e-6 else { continue }
                minWeight = min(minWeight, scaled)
                maxWeight = max(maxWeight, scaled)
                norm2 += scaled * scaled
                indices.append(i32)
                weights.append(w)
            }
            guard indices.count > 1, maxWeight <= maximumWeightRatio * minWeight else { continue }
            candidates.append(Candidate(score: c.f * (1 - c.f) / norm2, rows: indices, weights: weights))
        }
        candidates.sort { $0.score > $1.score }

        var found: [(Cut, Double)] = []
        var bestScore = -1.0
        for candidate in candidates {
            if engine.work > workLimit || found.count >= 1000 { break }
            if candidate.score < (found.count >= 50 ? 0.01 : 0.0025) * bestScore { break }
            // Σ_i w_i a_i x − Σ_i w_i r_i = 0.
            engine.aggregate.clear()
            for (k, i) in candidate.rows.enumerated() {
                engine.work += engine.aggregate.add(row: Int(i), of: rows, scale: candidate.weights[k])
            }
            // Too long or too wide a column part: skip (limits as in HiGHS's tableau separator).
            var length = 0, maxAbs = 0.0, minAbs = Double.infinity
            for j32 in engine.aggregate.support {
                let a = abs(engine.aggregate.value[Int(j32)])
                guard a > 1e-9 else { continue }
                length += 1
                maxAbs = max(maxAbs, a)
                minAbs = min(minAbs, a)
            }
            guard 10 * length <= 10_000 + n, maxAbs <= 1e6 * minAbs else { continue }
            engine.slackRows = candidate.rows
            engine.slackCoefficients = candidate.weights.map { -$0 }
            let before = found.count
            for orientation in 0..<2 {
                if orientation == 1 {
                    for j32 in engine.aggregate.support { engine.aggregate.value[Int(j32)].negate() }
                    for t in engine.slackCoefficients.indices { engine.slackCoefficients[t].negate() }
                }
                if let cut = engine.mirCut(rhs: 0) { found.append(cut) }
            }
            if bestScore < 0 && found.count > before { bestScore = candidate.score }
        }
        return selectCuts(found, limit: maxCuts, model: model, allowRowLength: false)
    }
}
