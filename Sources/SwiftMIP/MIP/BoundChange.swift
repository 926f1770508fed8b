/// One tightening of a column bound: `x[column] <= value` (upper) or `x[column] >= value` (lower).
///
/// Branch-and-bound nodes store the list of bound changes that lead from the root to them, so a node
/// costs memory proportional to its depth, not to the model.
struct BoundChange: Sendable, Hashable {
    var column: Int32
    var isUpper: Bool
    var value: Double

    init(column: Int, isUpper: Bool, value: Double) {
        self.column = Int32(column)
        self.isUpper = isUpper
        self.value = value
    }

    static func upper(_ column: Int, _ value: Double) -> BoundChange { BoundChange(column: column, isUpper: true, value: value) }
    static func lower(_ column: Int, _ value: Double) -> BoundChange { BoundChange(column: column, isUpper: false, value: value) }
}

extension Array where Element == BoundChange {
    /// Applies the changes in order onto `lower`/`upper`, only ever tightening.
    func apply(lower: inout [Double], upper: inout [Double]) {
        for c in self {
            let j = Int(c.column)
            if c.isUpper {
                if c.value < upper[j] { upper[j] = c.value }
            } else {
                if c.value > lower[j] { lower[j] = c.value }
            }
        }
    }
}

/// Keeps only the tightest lower and upper change per column (in first-appearance order), so that
/// change lists of deep nodes stay proportional to the number of columns they touch.
func compactChanges(_ changes: [BoundChange]) -> [BoundChange] {
    var lowerAt: [Int32: Int] = [:], upperAt: [Int32: Int] = [:]
    var result: [BoundChange] = []
    result.reserveCapacity(changes.count)
    for c in changes {
        if c.isUpper {
            if let k = upperAt[c.column] { result[k].value = min(result[k].value, c.value) }
            else { upperAt[c.column] = result.count; result.append(c) }
        } else {
            if let k = lowerAt[c.column] { result[k].value = max(result[k].value, c.value) }
            else { lowerAt[c.column] = result.count; result.append(c) }
        }
    }
    return result
}
