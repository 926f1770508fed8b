/// Branches on the integer column whose LP value is closest to ½ (ties: lowest index). A baseline only:
/// Achterberg, Koch & Martin (2005) show it is no better than a random choice.
struct MostFractionalBranching: BranchingRule {
    var name: String { "most fractional" }

    func branch(_ context: BranchingContext, probe: inout any LPProbe) -> BranchingDecision {
        guard let j = mostFractional(context.fractional, values: context.values) else { return .abstain }
        return .branch(variableDichotomy(column: j, value: context.values[j]))
    }
}

/// The candidate whose fractional part is closest to ½ (first one on ties).
func mostFractional(_ candidates: [Int], values: [Double]) -> Int? {
    var best: Int? = nil
    var bestScore = -1.0
    for j in candidates {
        let f = values[j] - values[j].rounded(.down)
        let score = min(f, 1 - f)
        if score > bestScore { bestScore = score; best = j }
    }
    return best
}
