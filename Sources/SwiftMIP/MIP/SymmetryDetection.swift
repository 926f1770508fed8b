import Foundation

/// Permutation symmetries of a search model: involutions of the columns (with a matching involution of
/// the rows) that map the model onto itself — costs, bounds, integrality, row bounds and every matrix
/// entry. Typical source: identical machines, vehicles or bins, whose columns can be swapped block for
/// block (Margot 2010, "Symmetry in integer linear programming", §2).
///
/// Only verified permutations are kept (``detectSymmetry(_:workLimit:)`` checks each one against the
/// matrix), so whatever uses them — orbital branching (OrbitalBranching.swift) — can rely on them.
struct ModelSymmetry: Sendable {
    /// One involution: the columns it moves, sorted, and their images (`image[k]` is where `moved[k]` goes).
    struct Generator: Sendable {
        let moved: [Int32]
        let image: [Int32]

        /// Where the generator sends column `j` (itself when not moved).
        @inline(__always)
        func apply(_ j: Int32) -> Int32 {
            sortedIndex(of: j, in: moved).map { image[$0] } ?? j
        }
    }

    let generators: [Generator]
    var isEmpty: Bool { generators.isEmpty }
    /// Columns moved by at least one generator.
    var movedColumnCount: Int {
        var seen = Set<Int32>()
        for g in generators { seen.formUnion(g.moved) }
        return seen.count
    }
}

/// The position of `j` in the ascending array `sorted` (binary search), nil when absent.
@inline(__always)
func sortedIndex(of j: Int32, in sorted: [Int32]) -> Int? {
    var lo = 0, hi = sorted.count
    while lo < hi {
        let mid = (lo + hi) >> 1
        if sorted[mid] < j { lo = mid + 1 } else { hi = mid }
    }
    return lo < sorted.count && sorted[lo] == j ? lo : nil
}

/// `SWIFTMIP_SYMMETRY=0` turns symmetry detection (and so orbital branching) off.
let symmetryEnabled: Bool = ProcessInfo.processInfo.environment["SWIFTMIP_SYMMETRY"] != "0"

/// Finds column involutions of `model` in three steps:
/// 1. colour refinement (1-dimensional Weisfeiler–Leman) on the bipartite row/column graph with
///    coefficients as edge labels: columns (rows) that some automorphism maps onto each other end in
///    the same colour class;
/// 2. for pairs of integer columns in one class, a candidate involution built by propagation: the pair
///    is swapped, then every swapped column's rows are matched to the partner's rows of the same colour
///    and coefficient (a shared row is kept fixed), every swapped row's columns likewise;
/// 3. verification of the candidate against the model; failures are dropped.
/// `workLimit` bounds the matrix entries visited (the step stops early, never wrongly).
func detectSymmetry(_ model: CompressedModel, workLimit: Int = 20_000_000) -> ModelSymmetry {
    let n = model.columnCount, m = model.rowCount
    let a = model.matrix
    guard n >= 2, a.nonzeroCount > 0, a.nonzeroCount <= workLimit / 4 else { return ModelSymmetry(generators: []) }
    var work = 0
    func bits(_ v: Double) -> UInt64 { (v + 0.0).bitPattern }

    // The bipartite graph, one side per index: side 0 the columns (their entries from the CSC copy),
    // side 1 the rows (from the CSR copy). Everything below works on a side and its other side.
    let count = [n, m]
    let start = [a.columnStart, a.rowStart]
    let neighbour = [a.rowIndex, a.columnIndex]
    let weight = [a.columnValue.map(bits), a.rowValue.map(bits)]
    /// The data an automorphism must keep: cost, bounds and integrality of a column; sides of a row.
    func data(_ side: Int, _ i: Int) -> [UInt64] {
        side == 0 ? [bits(model.cost[i]), bits(model.columnLower[i]), bits(model.columnUpper[i]), model.isInteger[i] ? 1 : 0]
                  : [bits(model.rowLower[i]), bits(model.rowUpper[i])]
    }

    // 1. Colour refinement: a new colour is the old one plus the sorted (neighbour colour, coefficient)
    //    pairs; columns first, then rows with the new column colours, until no class splits.
    var color: [[Int32]] = [[], []]
    for side in 0..<2 {
        var ids: [[UInt64]: Int32] = [:]
        color[side] = (0..<count[side]).map { i in
            let key = data(side, i)
            if let c = ids[key] { return c }
            let c = Int32(ids.count)
            ids[key] = c
            return c
        }
    }
    func refine(_ side: Int) -> [Int32] {
        var ids: [[UInt64]: Int32] = [:]
        var pairs: [(UInt64, UInt64)] = []
        var result = [Int32](repeating: 0, count: count[side])
        for i in 0..<count[side] {
            pairs.removeAll(keepingCapacity: true)
            for k in start[side][i]..<start[side][i + 1] {
                pairs.append((UInt64(UInt32(color[1 - side][Int(neighbour[side][k])])), weight[side][k]))
            }
            pairs.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            var key: [UInt64] = [UInt64(UInt32(color[side][i]))]
            key.reserveCapacity(1 + 2 * pairs.count)
            for p in pairs { key.append(p.0); key.append(p.1) }
            if let c = ids[key] { result[i] = c } else { result[i] = Int32(ids.count); ids[key] = result[i] }
        }
        work += a.nonzeroCount
        return result
    }
    var classCounts = [Set(color[0]).count, Set(color[1]).count]
    for _ in 0..<30 {
        color[0] = refine(0)
        color[1] = refine(1)
        let counts = [Set(color[0]).count, Set(color[1]).count]
        if counts == classCounts || work > workLimit { break }
        classCounts = counts
    }

    // Classes of integer columns with at least two members.
    var classMembers: [Int32: [Int32]] = [:]
    for j in 0..<n where model.isInteger[j] { classMembers[color[0][j], default: []].append(Int32(j)) }
    let classes = classMembers.values.filter { $0.count >= 2 }.sorted { $0[0] < $1[0] }
    guard !classes.isEmpty else { return ModelSymmetry(generators: []) }

    // 2. and 3. Candidate involutions by propagation, then verification. `map[side][i]` is the image
    //    of i (-1: not decided, identity in the end).
    var map: [[Int32]] = [[Int32](repeating: -1, count: n), [Int32](repeating: -1, count: m)]
    var touched: [[Int32]] = [[], []]
    var generators: [ModelSymmetry.Generator] = []
    let maxGenerators = 1000

    func reset() {
        for side in 0..<2 {
            for i in touched[side] { map[side][Int(i)] = -1 }
            touched[side].removeAll(keepingCapacity: true)
        }
    }
    /// Records p ↔ q on `side`; false when either already has another partner.
    func pair(_ side: Int, _ p: Int32, _ q: Int32) -> Bool {
        if map[side][Int(p)] >= 0 || map[side][Int(q)] >= 0 { return map[side][Int(p)] == q && map[side][Int(q)] == p }
        map[side][Int(p)] = q
        map[side][Int(q)] = p
        touched[side].append(p)
        if p != q { touched[side].append(q) }
        return true
    }
    /// Builds the involution that swaps columns `c0` and `c1`: for each swapped pair p ↔ q, the
    /// neighbours of p are matched to neighbours of q of the same colour and coefficient (a shared
    /// neighbour stays fixed). False when some neighbour finds no match.
    func propagate(_ c0: Int32, _ c1: Int32) -> Bool {
        guard pair(0, c0, c1) else { return false }
        var queue: [(side: Int, element: Int32)] = [(0, c0), (0, c1)]
        while let (side, p) = queue.popLast() {
            if work > workLimit { return false }
            let q = map[side][Int(p)]
            if q == p { continue }
            let other = 1 - side
            let qs = start[side][Int(q)], qe = start[side][Int(q) + 1]
            for k in start[side][Int(p)]..<start[side][Int(p) + 1] {
                let r = neighbour[side][k], v = weight[side][k]
                if map[other][Int(r)] >= 0 { continue }
                var shared = false, candidate: Int32 = -1
                for t in qs..<qe {
                    let s = neighbour[side][t]
                    guard weight[side][t] == v, color[other][Int(s)] == color[other][Int(r)] else { continue }
                    if s == r { shared = true; break }
                    if candidate < 0 && map[other][Int(s)] < 0 { candidate = s }
                }
                work += qe - qs
                if shared {
                    guard pair(other, r, r) else { return false }
                } else {
                    guard candidate >= 0, pair(other, r, candidate) else { return false }
                    queue.append((other, r))
                }
            }
        }
        return true
    }
    /// Checks that the maps (identity where unset) are an automorphism: moved columns and rows keep
    /// their data, and every entry of a moved column or row maps onto an equal entry. (An entry in a
    /// fixed row and a moved column is checked with the column, one in a moved row and a fixed column
    /// with the row; an entry in a fixed row and a fixed column does not move.)
    func verify() -> Bool {
        var mine: [(Int32, UInt64)] = [], theirs: [(Int32, UInt64)] = []
        for side in 0..<2 {
            let other = 1 - side
            for p in touched[side] {
                let q = map[side][Int(p)]
                if q == p { continue }
                guard data(side, Int(p)) == data(side, Int(q)) else { return false }
                mine.removeAll(keepingCapacity: true)
                theirs.removeAll(keepingCapacity: true)
                for k in start[side][Int(p)]..<start[side][Int(p) + 1] {
                    let r = neighbour[side][k]
                    let image = map[other][Int(r)]
                    mine.append((image >= 0 ? image : r, weight[side][k]))
                }
                for k in start[side][Int(q)]..<start[side][Int(q) + 1] { theirs.append((neighbour[side][k], weight[side][k])) }
                work += mine.count + theirs.count
                guard mine.count == theirs.count else { return false }
                mine.sort { $0.0 < $1.0 }
                theirs.sort { $0.0 < $1.0 }
                for k in mine.indices where mine[k] != theirs[k] { return false }
            }
        }
        return true
    }
    func alreadyMaps(_ p: Int32, _ q: Int32) -> Bool {
        generators.contains { $0.apply(p) == q }
    }

    for members in classes {
        // All pairs in small classes, pairs with the first and consecutive pairs in large ones.
        var candidates: [(Int32, Int32)] = []
        if members.count <= 8 {
            for x in 0..<members.count { for y in (x + 1)..<members.count { candidates.append((members[x], members[y])) } }
        } else {
            for y in 1..<members.count { candidates.append((members[0], members[y])) }
            for y in 2..<members.count { candidates.append((members[y - 1], members[y])) }
        }
        for (p, q) in candidates {
            if work > workLimit || generators.count >= maxGenerators { break }
            if alreadyMaps(p, q) { continue }
            if propagate(p, q) && verify() {
                var pairs: [(Int32, Int32)] = []
                for j in touched[0] where map[0][Int(j)] != j { pairs.append((j, map[0][Int(j)])) }
                pairs.sort { $0.0 < $1.0 }
                if !pairs.isEmpty {
                    generators.append(ModelSymmetry.Generator(moved: pairs.map(\.0), image: pairs.map(\.1)))
                }
            }
            reset()
        }
        if work > workLimit || generators.count >= maxGenerators { break }
    }
    return ModelSymmetry(generators: generators)
}
