import Testing
@testable import SwiftMIP

/// The branching score's inference and cut-off histories, and the LP iteration limit strong branching relies on.
@Suite struct HistoryBranchingScoreTests {
    @Test func withoutHistoryTheScoreOrdersLikeTheProductScore() {
        var table = PseudocostTable(columnCount: 4)
        table.record(column: 0, up: true, distance: 0.5, gain: 2)
        table.record(column: 1, up: false, distance: 0.5, gain: 1)
        let pairs: [(Double, Double)] = [(0.1, 5), (1, 1), (0.001, 40), (2, 0.3), (0, 7)]
        for a in pairs {
            for b in pairs {
                let product = productScore(a.0, a.1) < productScore(b.0, b.1)
                let combined = table.score(column: 0, down: a.0, up: a.1) < table.score(column: 0, down: b.0, up: b.1)
                #expect(product == combined, "\(a) vs \(b)")
            }
        }
    }

    @Test func inferencesBreakTiesBetweenZeroGains() {
        var table = PseudocostTable(columnCount: 3)
        for _ in 0..<3 {
            table.recordInferences(column: 0, up: true, count: 1)
            table.recordInferences(column: 0, up: false, count: 1)
            table.recordInferences(column: 1, up: true, count: 12)
            table.recordInferences(column: 1, up: false, count: 9)
        }
        // Zero gains on both: the histories decide.
        #expect(table.score(column: 1, down: 0, up: 0) > table.score(column: 0, down: 0, up: 0))
        // As a tie-break only: a slightly larger product still wins without degeneracy weighting.
        #expect(table.score(column: 0, down: 0.011, up: 0.01) > table.score(column: 1, down: 0.01, up: 0.01))
        // A real objective gain still wins when the LP is not degenerate.
        #expect(table.score(column: 0, down: 1, up: 1) > table.score(column: 1, down: 0, up: 0))
    }

    @Test func cutoffsRaiseTheScore() {
        var table = PseudocostTable(columnCount: 2)
        for _ in 0..<4 {
            table.record(column: 0, up: true, distance: 0.5, gain: 0)
            table.record(column: 0, up: false, distance: 0.5, gain: 0)
            table.recordCutoff(column: 1, up: true)
            table.recordCutoff(column: 1, up: false)
        }
        #expect(table.score(column: 1, down: 0, up: 0) > table.score(column: 0, down: 0, up: 0))
    }
}
