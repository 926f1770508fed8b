/// Pseudocosts: the average objective gain per unit of fractionality moved, per column and direction
/// (Bénichou et al. 1971; Achterberg 2007, §5.3), with observation counts for reliability.
struct PseudocostTable: Sendable {
    private(set) var sumDown: [Double]
    private(set) var sumUp: [Double]
    private(set) var countDown: [Int32]
    private(set) var countUp: [Int32]
    private var totalDown = 0.0, totalUp = 0.0
    private var observationsDown = 0, observationsUp = 0

    init(columnCount: Int) {
        sumDown = Array(repeating: 0, count: columnCount)
        sumUp = sumDown
        countDown = Array(repeating: 0, count: columnCount)
        countUp = countDown
    }

    /// Records that moving column `j` by `distance` in direction `up` raised the LP objective by `gain`.
    mutating func record(column j: Int, up: Bool, distance: Double, gain: Double) {
        guard distance > 1e-9, gain.isFinite, j < sumDown.count else { return }
        let unit = max(0, gain) / distance
        if up {
            sumUp[j] += unit; countUp[j] += 1; totalUp += unit; observationsUp += 1
        } else {
            sumDown[j] += unit; countDown[j] += 1; totalDown += unit; observationsDown += 1
        }
    }

    /// The pseudocost of column `j` in one direction: its own average, or the average over all columns
    /// when it has no observation yet (1 when nothing at all is known).
    func unitCost(column j: Int, up: Bool) -> Double {
        if up {
            if countUp[j] > 0 { return sumUp[j] / Double(countUp[j]) }
            return observationsUp > 0 ? totalUp / Double(observationsUp) : 1
        } else {
            if countDown[j] > 0 { return sumDown[j] / Double(countDown[j]) }
            return observationsDown > 0 ? totalDown / Double(observationsDown) : 1
        }
    }

    /// How many observations the less-observed direction of `j` has.
    func reliability(column j: Int) -> Int { Int(min(countDown[j], countUp[j])) }

    /// The table of a model whose column `k` is this table's column `columnMap[k]` (a restart's
    /// presolve): observations carried over, totals recomputed from the columns kept.
    func mapped(through columnMap: [Int]) -> PseudocostTable {
        var t = PseudocostTable(columnCount: columnMap.count)
        for (k, j) in columnMap.enumerated() where j >= 0 && j < sumDown.count {
            t.sumDown[k] = sumDown[j]; t.sumUp[k] = sumUp[j]
            t.countDown[k] = countDown[j]; t.countUp[k] = countUp[j]
            t.totalDown += sumDown[j]; t.totalUp += sumUp[j]
            t.observationsDown += Int(countDown[j]); t.observationsUp += Int(countUp[j])
        }
        return t
    }
}

/// The product score of Achterberg (2007, §5.4): `max(down, ε) · max(up, ε)`.
@inline(__always)
func productScore(_ down: Double, _ up: Double) -> Double { max(down, 1e-6) * max(up, 1e-6) }
