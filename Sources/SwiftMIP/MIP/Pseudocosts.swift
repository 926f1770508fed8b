/// Pseudocosts: the average objective gain per unit of fractionality moved, per column and direction
/// (Bénichou et al. 1971; Achterberg 2007, §5.3), with observation counts for reliability.
struct PseudocostTable: Sendable {
    private(set) var sumDown: [Double]
    private(set) var sumUp: [Double]
    private(set) var countDown: [Int32]
    private(set) var countUp: [Int32]
    private var totalDown = 0.0, totalUp = 0.0
    private var observationsDown = 0, observationsUp = 0
    /// Branching history beyond objective gains (Achterberg 2007, §5.3 "inference" and cut-off
    /// histories): bound changes propagation made in a child, and children proven empty.
    private(set) var inferenceSumDown: [Double]
    private(set) var inferenceSumUp: [Double]
    private(set) var inferenceCountDown: [Int32]
    private(set) var inferenceCountUp: [Int32]
    private(set) var cutoffsDown: [Int32]
    private(set) var cutoffsUp: [Int32]
    private var inferenceTotal = 0.0, inferenceObservations = 0
    private var cutoffTotal = 0

    init(columnCount: Int) {
        sumDown = Array(repeating: 0, count: columnCount)
        sumUp = sumDown
        countDown = Array(repeating: 0, count: columnCount)
        countUp = countDown
        inferenceSumDown = sumDown
        inferenceSumUp = sumDown
        inferenceCountDown = countDown
        inferenceCountUp = countDown
        cutoffsDown = countDown
        cutoffsUp = countDown
    }

    /// Records that propagation made `count` bound changes in the child that branched column `j` in
    /// direction `up`.
    mutating func recordInferences(column j: Int, up: Bool, count: Int) {
        guard j >= 0, j < sumDown.count, count >= 0 else { return }
        let c = Double(count)
        if up { inferenceSumUp[j] += c; inferenceCountUp[j] += 1 } else { inferenceSumDown[j] += c; inferenceCountDown[j] += 1 }
        inferenceTotal += c
        inferenceObservations += 1
    }

    /// Records that the child that branched column `j` in direction `up` was infeasible or cut off.
    mutating func recordCutoff(column j: Int, up: Bool) {
        guard j >= 0, j < sumDown.count else { return }
        if up { cutoffsUp[j] += 1 } else { cutoffsDown[j] += 1 }
        cutoffTotal += 1
    }

    /// The branching score of column `j` whose two children are estimated to raise the objective by
    /// `down` and `up`: the product score (Achterberg 2007, §5.4), with the column's inference and
    /// cut-off histories as a tie-break (Achterberg 2007, §5.3; SCIP and HiGHS add them with small
    /// weights). Each history is a product of the two directions' averages, normalised by the average
    /// over all columns and mapped to [0, 1) by s / (1 + s); together they scale the product by at most
    /// 0.2 %, so they only separate candidates whose products are (nearly) equal: above all the many
    /// with zero gains on a dual degenerate LP, where the product alone would fall back to column order.
    func score(column j: Int, down: Double, up: Double) -> Double {
        let epsilon = 1e-6
        func mapped(_ s: Double) -> Double { s / (1 + s) }
        var history = 0.0
        if inferenceObservations > 0 {
            let average = inferenceTotal / Double(inferenceObservations)
            let iDown = inferenceCountDown[j] > 0 ? inferenceSumDown[j] / Double(inferenceCountDown[j]) : average
            let iUp = inferenceCountUp[j] > 0 ? inferenceSumUp[j] / Double(inferenceCountUp[j]) : average
            history += mapped(max(iDown, epsilon) * max(iUp, epsilon) / max(epsilon, average * average))
        }
        if cutoffTotal > 0 {
            // Cut-off rate per direction: cut-offs over children observed (solved or cut off).
            func rate(_ cutoffs: Int32, _ solved: Int32) -> Double {
                Double(cutoffs) / max(1, Double(cutoffs) + Double(solved))
            }
            let observed = observationsDown + observationsUp
            let average = Double(cutoffTotal) / max(1, Double(cutoffTotal + observed))
            let r = max(rate(cutoffsDown[j], countDown[j]), epsilon) * max(rate(cutoffsUp[j], countUp[j]), epsilon)
            history += mapped(r / max(epsilon, average * average))
        }
        return productScore(down, up) * (1 + 1e-3 * history)
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
    /// presolve): observations and the inference and cut-off histories carried over, totals recomputed
    /// from the columns kept.
    func mapped(through columnMap: [Int]) -> PseudocostTable {
        var t = PseudocostTable(columnCount: columnMap.count)
        for (k, j) in columnMap.enumerated() where j >= 0 && j < sumDown.count {
            t.sumDown[k] = sumDown[j]; t.sumUp[k] = sumUp[j]
            t.countDown[k] = countDown[j]; t.countUp[k] = countUp[j]
            t.totalDown += sumDown[j]; t.totalUp += sumUp[j]
            t.observationsDown += Int(countDown[j]); t.observationsUp += Int(countUp[j])
            t.inferenceSumDown[k] = inferenceSumDown[j]; t.inferenceSumUp[k] = inferenceSumUp[j]
            t.inferenceCountDown[k] = inferenceCountDown[j]; t.inferenceCountUp[k] = inferenceCountUp[j]
            t.inferenceTotal += inferenceSumDown[j] + inferenceSumUp[j]
            t.inferenceObservations += Int(inferenceCountDown[j]) + Int(inferenceCountUp[j])
            t.cutoffsDown[k] = cutoffsDown[j]; t.cutoffsUp[k] = cutoffsUp[j]
            t.cutoffTotal += Int(cutoffsDown[j]) + Int(cutoffsUp[j])
        }
        return t
    }
}

/// The product score of Achterberg (2007, §5.4): `max(down, ε) · max(up, ε)`.
@inline(__always)
func productScore(_ down: Double, _ up: Double) -> Double { max(down, 1e-6) * max(up, 1e-6) }
