/// Simple rounding and ZI rounding, run at every node on the LP solution (Achterberg 2007, §9.1;
/// Wallace, "ZI round, a MIP rounding heuristic", J. Heuristics 2010). Both keep continuous columns
/// at their LP values and only move fractional integer columns in directions the rows allow, so no
/// LP is solved. Results still go through the incumbent checker.
struct RoundingHeuristics {
    let model: CompressedModel
    /// Rows that may become violated when column j decreases / increases (variable locks).
    let downLocks: [Int32]
    let upLocks: [Int32]
    private var activity: [Double]

    init(model: CompressedModel) {
        self.model = model
        var down = [Int32](repeating: 0, count: model.columnCount)
        var up = down
        let matrix = model.matrix
        for j in 0..<model.columnCount {
            for k in matrix.columnStart[j]..<matrix.columnStart[j + 1] {
                let i = Int(matrix.rowIndex[k])
                let a = matrix.columnValue[k]
                let hasLower = model.rowLower[i] > -mipInfinity
                let hasUpper = model.rowUpper[i] < mipInfinity
                // Decreasing x_j lowers a·x when a > 0: that endangers the row's lower side.
                if (a > 0 && hasLower) || (a < 0 && hasUpper) { down[j] += 1 }
                if (a > 0 && hasUpper) || (a < 0 && hasLower) { up[j] += 1 }
            }
        }
        downLocks = down
        upLocks = up
        activity = Array(repeating: 0, count: model.rowCount)
    }

    /// Rounds each fractional column in a direction without locks; nil when some column is locked both ways.
    func simpleRounding(values x: [Double], fractional: [Int]) -> [Double]? {
        var y = x
        for j in fractional {
            if downLocks[j] == 0 { y[j] = x[j].rounded(.down) }
            else if upLocks[j] == 0 { y[j] = x[j].rounded(.up) }
            else { return nil }
        }
        return y
    }

    /// ZI rounding: repeatedly shifts each fractional column to the nearer integer that the row slacks
    /// allow (using the current activities), preferring the cheaper direction; nil if some column stays
    /// fractional.
    mutating func ziRounding(values x: [Double], fractional: [Int], lower: [Double], upper: [Double],
                             tolerance: Double = 1e-6) -> [Double]? {
        var y = x
        let matrix = model.matrix
        // Activities of the rows at the LP point.
        for i in 0..<model.rowCount { activity[i] = 0 }
        for j in 0..<model.columnCount where y[j] != 0 {
            let v = y[j]
            for k in matrix.columnStart[j]..<matrix.columnStart[j + 1] {
                activity[Int(matrix.rowIndex[k])] += matrix.columnValue[k] * v
            }
        }
        var remaining = fractional
        for _ in 0..<3 {
            var still: [Int] = []
            for j in remaining {
                let v = y[j]
                let down = v - v.rounded(.down), up = v.rounded(.up) - v
                if down <= tolerance { y[j] = v.rounded(.down); continue }
                if up <= tolerance { y[j] = v.rounded(.up); continue }
                // How far x_j may move down / up before a row side (or its bound) is violated.
                var maxDown = v - lower[j], maxUp = upper[j] - v
                for k in matrix.columnStart[j]..<matrix.columnStart[j + 1] {
                    let i = Int(matrix.rowIndex[k])
                    let a = matrix.columnValue[k]
                    let slackUp = model.rowUpper[i] >= mipInfinity ? Double.infinity : model.rowUpper[i] - activity[i]
                    let slackLo = model.rowLower[i] <= -mipInfinity ? Double.infinity : activity[i] - model.rowLower[i]
                    if a > 0 {
                        maxDown = min(maxDown, max(0, slackLo) / a)
                        maxUp = min(maxUp, max(0, slackUp) / a)
                    } else {
                        maxDown = min(maxDown, max(0, slackUp) / -a)
                        maxUp = min(maxUp, max(0, slackLo) / -a)
                    }
                }
                let canDown = down <= maxDown + tolerance, canUp = up <= maxUp + tolerance
                var shift = 0.0
                if canDown && canUp { shift = model.cost[j] > 0 ? -down : (model.cost[j] < 0 ? up : (down <= up ? -down : up)) }
                else if canDown { shift = -down }
                else if canUp { shift = up }
                else { still.append(j); continue }
                y[j] = (v + shift).rounded()
                for k in matrix.columnStart[j]..<matrix.columnStart[j + 1] {
                    activity[Int(matrix.rowIndex[k])] += matrix.columnValue[k] * shift
                }
            }
            if still.isEmpty { return y }
            if still.count == remaining.count { return nil }
            remaining = still
        }
        return nil
    }
}
