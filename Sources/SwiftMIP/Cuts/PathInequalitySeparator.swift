// (l,S) path inequalities of lot-sizing and fixed-charge path flows (Barany, Van Roy & Wolsey 1984;
// Van Roy & Wolsey 1987, "Solving mixed integer programming problems using automatic reformulation",
// path inequalities; Pochet & Wolsey, "Production Planning by Mixed Integer Programming" §7.4).
//
// Structure read from the rows (no names): a CHAIN is a sequence of equality rows r_1 … r_L which,
// scaled so that every coefficient is ±1 and at most one is −1, read
//      in_t + Σ_{p ∈ P_t} x_p − out_t = d_t,
// where out_t (the row's single −1 entry, the "stock") is the linked in-stock in_{t+1} of the next row
// (the only other chain row holding it with +1), every entry has a lower bound ≥ 0, and some "productions"
// x_p have a fixed-charge implication y_p = 0 ⇒ x_p = 0 on an integer y_p ≥ 0 (read from a two-entry
// row a·x + b·y ≤ r with a > 0, b < 0, r ≤ 0). For an end l and a set S of productions in rows ≤ l,
//      Σ_{p ∈ S} x_p ≤ Σ_{p ∈ S} max(0, D_{t(p), l}) · y_p + out_l,     D_{t,l} = d_t + … + d_l,
// is valid: if every y_p (p ∈ S) is 0 the left side is 0 ≤ out_l. Otherwise let t* be the first row of a
// p ∈ S with y_p ≥ 1; productions of S in earlier rows are 0, and summing rows t*…l (the linked stocks
// cancel) gives Σ_{P_{t*} ∪ … ∪ P_l} x + in_{t*} − out_l = D_{t*,l}, so with every entry ≥ 0
// Σ_{p∈S} x_p ≤ D_{t*,l} + out_l ≤ (right side). Nothing else of the model is used, so the cut is valid
// whatever the other rows (capacities, overtime, set-ups) say.
//
// For uncapacitated lot sizing these inequalities give the convex hull; c-MIR on one path aggregation
// gives those with |S| = 1 (x_t at its variable bound, the later productions at 0), and single-node
// flow covers lose the order of the periods. Separation is exact per end l: S = {p : x*_p > D_{t(p),l} y*_p}.

import Foundation

/// Whether `standardCutSeparators` includes the path inequality separator (`SWIFTMIP_PATHINEQ=0` drops
/// it: benchmarking).
let pathInequalitiesEnabled: Bool = ProcessInfo.processInfo.environment["SWIFTMIP_PATHINEQ"] != "0"

/// (l,S) path inequalities on chains of flow-balance equations (lot-sizing stock paths).
struct PathInequalitySeparator: CutSeparator {
    var name: String { "pathineq" }
    /// Cuts returned per round, at most (highest efficacy first).
    var maxCuts = 150
    /// Rows of a chain looked back from an end l, at most (the cut stays valid for any window).
    var window = 64

    func separate(_ context: CutContext) -> [Cut] {
        let chains = PathChains(context: context)
        guard !chains.chains.isEmpty else { return [] }
        return selectCuts(chains.separate(x: context.values, window: window), limit: maxCuts,
                          model: context.model, allowRowLength: false)
    }
}

/// The chains of one model under the separator's bounds (see the file header).
struct PathChains {
    /// One production of a chain row: column x, its fixed-charge integer y (−1: none).
    struct Production { var column: Int32; var indicator: Int32 }
    /// A chain row in path order: its normalised demand, its productions, its out-stock (−1: none).
    struct Link { var row: Int32; var demand: Double; var productionStart: Int; var productionEnd: Int; var outStock: Int32 }

    let model: CompressedModel
    let lower: [Double]
    let upper: [Double]
    /// Each chain's links, consecutive rows linked by their stock.
    private(set) var chains: [[Link]] = []
    private(set) var productions: [Production] = []

    init(context: CutContext) {
        model = context.model
        (lower, upper) = cutBounds(context)
        build(x: context.values)
    }

    private mutating func build(x: [Double]) {
        let m = model.matrix
        let n = model.columnCount, rows = model.rowCount
        // Fixed-charge implications y = 0 ⇒ x ≤ 0 (x ≥ 0) from two-entry rows; the y of smallest y* kept.
        var indicator = [Int32](repeating: -1, count: n)
        for i in 0..<rows where m.rowStart[i + 1] - m.rowStart[i] == 2 {
            let k = m.rowStart[i]
            for swapped in 0..<2 {
                let xs = k + swapped, ys = k + 1 - swapped
                let xj = Int(m.columnIndex[xs]), yj = Int(m.columnIndex[ys])
                guard model.isInteger[yj], lower[yj] >= 0, upper[yj].isFinite, lower[xj] >= 0, xj != yj else { continue }
                for sideIndex in 0..<2 {
                    let side: Double = sideIndex == 0 ? 1 : -1
                    let r = side > 0 ? model.rowUpper[i] : -model.rowLower[i]
                    guard abs(r) < mipInfinity, r <= 0 else { continue }
                    let a = side * m.rowValue[xs], b = side * m.rowValue[ys]
                    guard a > 0, b < 0 else { continue }
                    let old = Int(indicator[xj])
                    if old < 0 || x[yj] < x[old] { indicator[xj] = Int32(yj) }
                }
            }
        }
        // Candidate chain rows: equalities with equal |coefficients|, every column ≥ 0, at most one
        // entry of the minority sign after orientation (σ = +1 first).
        var orientation = [Double](repeating: 0, count: rows)   // 0: not a chain row
        var scale = [Double](repeating: 0, count: rows)
        var outStock = [Int32](repeating: -1, count: rows)
        for i in 0..<rows {
            let lo = model.rowLower[i], up = model.rowUpper[i]
            guard lo == up, abs(lo) < mipInfinity else { continue }
            let start = m.rowStart[i], end = m.rowStart[i + 1]
            guard end - start >= 2 else { continue }
            let c = abs(m.rowValue[start])
            guard c > 0 else { continue }
            var positive = 0, negative = 0, ok = true
            for k in start..<end {
                let j = Int(m.columnIndex[k])
                if abs(m.rowValue[k]) != c || lower[j] < 0 { ok = false; break }
                if m.rowValue[k] > 0 { positive += 1 } else { negative += 1 }
            }
            guard ok else { continue }
            var sigma = 0.0
            if negative <= 1 && positive >= 1 { sigma = 1 } else if positive <= 1 && negative >= 1 { sigma = -1 }
            guard sigma != 0 else { continue }
            if positive == 1 && negative == 1 {
                // Either orientation fits (x − s = d, or s_{t−1} − s_t = d): the production is the entry
                // with a set-up (any orientation gives valid cuts; this one gives the useful chain).
                let first = Int(m.columnIndex[start]), second = Int(m.columnIndex[start + 1])
                let positiveFirst = m.rowValue[start] > 0
                let plus = positiveFirst ? first : second, minus = positiveFirst ? second : first
                if indicator[plus] < 0 && indicator[minus] >= 0 { sigma = -1 }
            }
            orientation[i] = sigma
            scale[i] = c
            for k in start..<end where sigma * m.rowValue[k] < 0 { outStock[i] = m.columnIndex[k] }
        }
        // Links: next(i) = the only other chain row holding i's out-stock with normalised +1; a row
        // reached from two rows keeps neither link (the chains stay paths).
        var next = [Int32](repeating: -1, count: rows)
        var prevCount = [Int32](repeating: 0, count: rows)
        for i in 0..<rows where outStock[i] >= 0 {
            let s = Int(outStock[i])
            var target = -1, count = 0
            for k in m.columnStart[s]..<m.columnStart[s + 1] {
                let r = Int(m.rowIndex[k])
                guard r != i, orientation[r] != 0, orientation[r] * m.columnValue[k] > 0 else { continue }
                target = r; count += 1
            }
            if count == 1 { next[i] = Int32(target); prevCount[target] += 1 }
        }
        for i in 0..<rows where next[i] >= 0 && prevCount[Int(next[i])] != 1 { next[i] = -1 }
        var hasPrev = [Bool](repeating: false, count: rows)
        for i in 0..<rows where next[i] >= 0 { hasPrev[Int(next[i])] = true }
        // Walk the paths from rows without a predecessor (rows on a cycle are never reached: skipped).
        var visited = [Bool](repeating: false, count: rows)
        for first in 0..<rows where orientation[first] != 0 && !hasPrev[first] {
            var chain: [Link] = []
            var i = first
            var hasIndicator = false
            while i >= 0 && !visited[i] {
                visited[i] = true
                let sigma = orientation[i]
                let inStock = chain.isEmpty ? -1 : Int(outStock[Int(chain[chain.count - 1].row)])
                let pStart = productions.count
                for k in m.rowStart[i]..<m.rowStart[i + 1] where sigma * m.rowValue[k] > 0 {
                    let j = Int(m.columnIndex[k])
                    if j == inStock { continue }
                    productions.append(Production(column: Int32(j), indicator: indicator[j]))
                    if indicator[j] >= 0 { hasIndicator = true }
                }
                chain.append(Link(row: Int32(i), demand: sigma * model.rowUpper[i] / scale[i],
                                  productionStart: pStart, productionEnd: productions.count, outStock: outStock[i]))
                i = Int(next[i])
            }
            // A chain is useful with a fixed charge and either two rows or a stock.
            if hasIndicator && (chain.count >= 2 || chain[0].outStock >= 0) { chains.append(chain) }
        }
    }

    /// For every chain and end l the most violated (l,S) inequality within `window` rows back, when
    /// violated; as (cut, efficacy).
    func separate(x: [Double], window: Int) -> [(Cut, Double)] {
        var found: [(Cut, Double)] = []
        var inCut = [Bool](repeating: false, count: model.columnCount)
        var indices: [Int32] = []
        var values: [Double] = []
        for chain in chains {
            for l in chain.indices {
                let out = Int(chain[l].outStock)
                let outValue = out >= 0 ? x[out] : 0
                var demand = 0.0, violation = -outValue
                indices.removeAll(keepingCapacity: true)
                values.removeAll(keepingCapacity: true)
                var t = l
                while t >= 0 && l - t < window {
                    demand += chain[t].demand
                    let c = max(0, demand)
                    for p in chain[t].productionStart..<chain[t].productionEnd {
                        let prod = productions[p]
                        let j = Int(prod.column), y = Int(prod.indicator)
                        guard y >= 0, !inCut[j], !inCut[y], j != out, y != out else { continue }
                        let term = x[j] - c * x[y]
                        guard term > 1e-9 else { continue }
                        violation += term
                        inCut[j] = true
                        indices.append(Int32(j)); values.append(1)
                        if c > 0 { inCut[y] = true; indices.append(Int32(y)); values.append(-c) }
                    }
                    t -= 1
                }
                for j in indices { inCut[Int(j)] = false }
                guard violation > 1e-6, !indices.isEmpty else { continue }
                if out >= 0 { indices.append(Int32(out)); values.append(-1) }
                if let cut = finishLessEqualCut(indices: indices, values: values, rhs: 0, x: x,
                                                lower: lower, upper: upper, origin: "pathineq") {
                    found.append(cut)
                }
            }
        }
        return found
    }
}
