import Foundation
import Testing
@testable import SwiftMIP

// Validity tests for the lifted mixed-binary cover (Cuts/LiftedCover.swift) and the c-MIR separator
// with path aggregation (Cuts/PathAggregation.swift): every cut must hold at every feasible point.

/// A small uncapacitated lot-sizing model: s_{t−1} + x_t − s_t = d_t, x_t ≤ M_t·y_t (y binary), stock
/// s_t ≥ 0 (bounded), sometimes a shared capacity row Σ x_t ≤ C.
private func root6LotSizing(_ rng: inout SplitMix64) -> Model {
    var m = Model()
    let periods = 3 + rng.int(2)
    var objective: [LinearExpression] = []
    var previous: Variable? = nil
    var production: [Variable] = []
    for t in 0..<periods {
        let capacity = Double(4 + rng.int(8))
        let x = m.addVariable(name: "x\(t)", lowerBound: 0, upperBound: capacity + Double(rng.int(3)), kind: .continuous)
        let y = m.addVariable(name: "y\(t)", lowerBound: 0, upperBound: 1, kind: .binary)
        let s = m.addVariable(name: "s\(t)", lowerBound: 0, upperBound: 30, kind: .continuous)
        m.addConstraint(ConstraintInfo(name: "vub\(t)", lowerBound: -.infinity, upperBound: 0,
                                       terms: [LinearTerm(1, x), LinearTerm(-capacity, y)]))
        var balance = [LinearTerm(1, x), LinearTerm(-1, s)]
        if let previous { balance.append(LinearTerm(1, previous)) }
        let demand = Double(rng.int(5))
        m.addConstraint(ConstraintInfo(name: "bal\(t)", lowerBound: demand, upperBound: demand, terms: balance))
        objective.append(Double(1 + rng.int(2)) * s)
        objective.append(Double(5 + rng.int(15)) * y)
        previous = s
        production.append(x)
    }
    if rng.int(2) == 0 {
        m.addConstraint(ConstraintInfo(name: "cap", lowerBound: -.infinity, upperBound: Double(8 + rng.int(8)),
                                       terms: production.map { LinearTerm(1, $0) }))
    }
    m.minimize(objective.sum())
    return m
}

@Suite("Root6 lifted covers and path aggregation")
struct Root6CutTests {
    /// The lifted cover of Σ α z − s ≤ β (z binary, s ≥ 0) holds at every binary point with the least s.
    @Test func root6LiftedCoverValidByEnumeration() {
        var rng = SplitMix64(seed: 2026)
        var produced = 0
        for _ in 0..<400 {
            let n = 2 + rng.int(6)
            let alpha = (0..<n).map { _ in Double(rng.int(21) - 6) + (rng.int(3) == 0 ? 0.5 : 0) }
            let beta = Double(rng.int(25) - 3) + (rng.int(2) == 0 ? 0.25 : 0)
            let value = (0..<n).map { _ in rng.int(3) == 0 ? Double(rng.int(2)) : rng.nextUnit() }
            guard let cover = liftedMixedBinaryCover(alpha: alpha, value: value, beta: beta) else { continue }
            produced += 1
            for mask in 0..<(1 << n) {
                var row = 0.0, cut = 0.0
                for t in 0..<n where mask & (1 << t) != 0 {
                    row += alpha[t]
                    cut += cover.coefficients[t]
                }
                let s = max(0, row - beta)
                #expect(cut - s <= cover.rhs + 1e-9 * max(1, abs(cover.rhs)),
                        "α \(alpha) β \(beta): cover \(cover) cut off at mask \(mask)")
            }
        }
        #expect(produced > 150, "only \(produced) covers")
    }

    /// The textbook single-node flow set x1 + x2 ≤ 4, x_j ≤ 3 y_j: substituted row 3y1 + 3y2 − t ≤ 4 at
    /// y = (1, 1/3) gives the cover {1, 2}, λ = 2 and the cut 2y1 + 2y2 − t ≤ 2.
    @Test func root6LiftedCoverTextbook() {
        guard let cover = liftedMixedBinaryCover(alpha: [3, 3], value: [1, 1.0 / 3], beta: 4) else {
            Issue.record("no cover")
            return
        }
        #expect(cover.coefficients == [2, 2])
        #expect(abs(cover.rhs - 2) <= 1e-12)
    }

    /// c-MIR with path aggregation and lifted covers on lot-sizing models, single-node flow sets and
    /// fixed-charge networks, at random points and LP vertices: every cut holds at every feasible point.
    @Test func root6PathMIRValidOnFlowModels() {
        var rng = SplitMix64(seed: 66)
        var cutCount = 0, aggregated = 0
        for trial in 0..<60 {
            let source = trial % 3 == 0 ? root6LotSizing(&rng) : (trial % 3 == 1 ? flowRandomNode(&rng) : flowRandomNetwork(&rng))
            let model = CompressedModel(source)
            var separator = ComplementedMIRSeparator()
            separator.pathAggregation = true
            separator.liftedCover = true
            let cuts = flowCollectCuts(model, separator, points: 8, randomEvery: 4, costShift: 3, rng: &rng)
            aggregated += cuts.filter { $0.row.indices.count > 3 }.count
            cutCount += cuts.count
            _ = flowExpectValid(model, cuts)
        }
        #expect(cutCount > 60 && aggregated > 10, "\(cutCount) cuts, \(aggregated) on more than three columns")
    }

    /// Root rounds of the standard separators on lot-sizing models never pass the MIP optimum.
    @Test func root6RoundsStayBelowOptimum() {
        var rng = SplitMix64(seed: 7)
        var raised = 0
        for trial in 0..<20 {
            let model = CompressedModel(root6LotSizing(&rng))
            var separator = ComplementedMIRSeparator()
            separator.pathAggregation = true
            separator.liftedCover = trial % 2 == 0
            let result = sepRootRounds(model, [separator], rounds: 6)
            let optimum = flowExpectValid(model, result.cuts)
            guard let optimum, let before = result.before, let after = result.after else { continue }
            #expect(after <= optimum + 1e-6 * max(1, abs(optimum)), "bound \(after) above the optimum \(optimum)")
            if after > before + 1e-6 { raised += 1 }
        }
        #expect(raised >= 5, "cuts raised the bound on only \(raised) models")
    }

    /// With the LP's cuts as rows (rank-2 c-MIR, `aggregateLPCuts`), every cut of six root rounds still
    /// holds at every feasible point, and the bound never passes the optimum.
    @Test func root6RankTwoFromLPCutsValid() {
        var rng = SplitMix64(seed: 29)
        var fromCuts = 0
        for trial in 0..<20 {
            let model = CompressedModel(trial % 2 == 0 ? root6LotSizing(&rng) : flowRandomNetwork(&rng))
            var separator = ComplementedMIRSeparator()
            separator.pathAggregation = true
            separator.aggregateLPCuts = true
            let result = sepRootRounds(model, [separator], rounds: 6)
            let optimum = flowExpectValid(model, result.cuts)
            if result.cuts.count > 0 { fromCuts += 1 }
            guard let optimum, let after = result.after else { continue }
            #expect(after <= optimum + 1e-6 * max(1, abs(optimum)), "bound \(after) above the optimum \(optimum)")
        }
        #expect(fromCuts >= 5, "cuts on only \(fromCuts) models")
    }

    /// `lpRowMatrix` puts the cuts after the model's rows, with their sides (infinite ones as ±mipInfinity).
    @Test func root6LPRowMatrixAppendsCuts() {
        var rng = SplitMix64(seed: 3)
        let model = CompressedModel(root6LotSizing(&rng))
        let cut = Cut(row: SparseRow(indices: [0, 1], values: [1, -2]), lower: -.infinity, upper: 3, origin: "test")
        let (rows, lower, upper) = lpRowMatrix(model: model, cuts: [cut])
        #expect(rows.rowCount == model.rowCount + 1)
        #expect(rows.nonzeroCount == model.matrix.nonzeroCount + 2)
        #expect(lower.last == -mipInfinity && upper.last == 3)
        let last = model.rowCount
        #expect(Array(rows.columnIndex[rows.rowStart[last]..<rows.rowStart[last + 1]]) == [0, 1])
        #expect(Array(rows.rowValue[rows.rowStart[last]..<rows.rowStart[last + 1]]) == [1, -2])
    }
}
