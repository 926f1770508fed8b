/// Reduced-cost fixing (Achterberg 2007, §7.7; Nemhauser & Wolsey): with an optimal LP of value `z`
/// (minimisation), reduced costs `d` and an incumbent cutoff `U`, any solution better than `U` satisfies
/// `x_j <= l_j + (U - z) / d_j` when `d_j > 0`, and `x_j >= u_j - (U - z) / (-d_j)` when `d_j < 0`.
/// Integer columns round the new bound inward. Valid for the whole subtree of the node whose LP gave `d`.
///
/// Returns the tightenings made (also applied to `lower`/`upper`).
func reducedCostFixing(model: CompressedModel, lpObjective z: Double, reducedCosts d: [Double],
                       cutoff: Double, lower: inout [Double], upper: inout [Double],
                       tolerance: Double = 1e-6) -> [BoundChange] {
    guard cutoff < mipInfinity, z.isFinite, d.count == model.columnCount else { return [] }
    let slack = cutoff - z
    guard slack >= 0 else { return [] }
    var changes: [BoundChange] = []
    for j in 0..<model.columnCount {
        let dj = d[j]
        let lj = lower[j], uj = upper[j]
        if lj == uj { continue }
        // Only integer columns: continuous tightenings from dual information are left to the LP.
        guard model.isInteger[j] else { continue }
        if dj > 1e-7, lj > -mipInfinity {
            let limit = lj + slack / dj
            let r = (limit + tolerance * max(1, abs(limit))).rounded(.down)
            if r < uj {
                upper[j] = max(r, lj)
                changes.append(.upper(j, upper[j]))
            }
        } else if dj < -1e-7, uj < mipInfinity {
            let limit = uj - slack / -dj
            let r = (limit - tolerance * max(1, abs(limit))).rounded(.up)
            if r > lj {
                lower[j] = min(r, uj)
                changes.append(.lower(j, lower[j]))
            }
        }
    }
    return changes
}
