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

        /// Where the generator sends column `j` (itself when not moved); binary search in `moved`.
        @inline(__always)
        func apply(_ j: Int32) -> Int32 {
            var lo = 0, hi = moved.count
            while lo < hi {
                let mid = (lo + hi) >> 1
                if moved[mid] < j { lo = mid + 1 } else { hi = mid }
            }
            return lo < moved.count && moved[lo] == j ? image[lo] : j
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

    // 1. Colour refinement.
    func bits(_ v: Double) -> UInt64 { (v + 0.0).bitPattern }
    var colColor = [Int32](repeating: 0, count: n)
    var rowColor = [Int32](repeating: 0, count: m)
    do {
        var ids: [[UInt64]: Int32] = [:]
        for j in 0..<n {
            let key = [bits(model.cost[j]), bits(model.columnLower[j]), bits(model.columnUpper[j]), model.isInteger[j] ? 1 : 0]
            colColor[j] = ids[key] ?? { let c = Int32(ids.count); ids[key] = c; return c }()
        }
        ids = [:]
        for i in 0..<m {
            let key = [bits(model.rowLower[i]), bits(model.rowUpper[i])]
            rowColor[i] = ids[key] ?? { let c = Int32(ids.count); ids[key] = c; return c }()
        }
    }
    var colClasses = Set(colColor).count, rowClasses = Set(rowColor).count
    for _ in 0..<30 {
        var ids: [[UInt64]: Int32] = [:]
        var newCol = [Int32](repeating: 0, count: n)
        var pairs: [(UInt64, UInt64)] = []
        for j in 0..<n {
            pairs.removeAll(keepingCapacity: true)
            for k in a.columnStart[j]..<a.columnStart[j + 1] {
                pairs.append((UInt64(UInt32(rowColor[Int(a.rowIndex[k])])), bits(a.columnValue[k])))
            }
            pairs.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            var key: [UInt64] = [UInt64(UInt32(colColor[j]))]
            key.reserveCapacity(1 + 2 * pairs.count)
            for p in pairs { key.append(p.0); key.append(p.1) }
            newCol[j] = ids[key] ?? { let c = Int32(ids.count); ids[key] = c; return c }()
        }
        ids = [:]
        var newRow = [Int32](repeating: 0, count: m)
        for i in 0..<m {
            pairs.removeAll(keepingCapacity: true)
            for k in a.rowStart[i]..<a.rowStart[i + 1] {
                pairs.append((UInt64(UInt32(newCol[Int(a.columnIndex[k])])), bits(a.rowValue[k])))
            }
            pairs.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            var key: [UInt64] = [UInt64(UInt32(rowColor[i]))]
            key.reserveCapacity(1 + 2 * pairs.count)
            for p in pairs { key.append(p.0); key.append(p.1) }
            newRow[i] = ids[key] ?? { let c = Int32(ids.count); ids[key] = c; return c }()
        }
        work += 2 * a.nonzeroCount
        let nc = Set(newCol).count, nr = Set(newRow).count
        colColor = newCol
        rowColor = newRow
        if nc == colClasses && nr == rowClasses { break }
        colClasses = nc
        rowClasses = nr
        if work > workLimit { break }
    }

    // Classes of integer columns with at least two members.
    var classMembers: [Int32: [Int32]] = [:]
    for j in 0..<n where model.isInteger[j] { classMembers[colColor[j], default: []].append(Int32(j)) }
    let classes = classMembers.values.filter { $0.count >= 2 }.sorted { $0[0] < $1[0] }
    guard !classes.isEmpty else { return ModelSymmetry(generators: []) }

    // 2. and 3. Candidate involutions by propagation, then verification.
    var colMap = [Int32](repeating: -1, count: n)
    var rowMap = [Int32](repeating: -1, count: m)
    var touchedCols: [Int32] = [], touchedRows: [Int32] = []
    var generators: [ModelSymmetry.Generator] = []
    let maxGenerators = 1000

    func reset() {
        for j in touchedCols { colMap[Int(j)] = -1 }
        for i in touchedRows { rowMap[Int(i)] = -1 }
        touchedCols.removeAll(keepingCapacity: true)
        touchedRows.removeAll(keepingCapacity: true)
    }
    func pairColumns(_ p: Int32, _ q: Int32) -> Bool {
        if colMap[Int(p)] >= 0 || colMap[Int(q)] >= 0 { return colMap[Int(p)] == q && colMap[Int(q)] == p }
        colMap[Int(p)] = q; colMap[Int(q)] = p
        touchedCols.append(p); if p != q { touchedCols.append(q) }
        return true
    }
    func pairRows(_ p: Int32, _ q: Int32) -> Bool {
        if rowMap[Int(p)] >= 0 || rowMap[Int(q)] >= 0 { return rowMap[Int(p)] == q && rowMap[Int(q)] == p }
        rowMap[Int(p)] = q; rowMap[Int(q)] = p
        touchedRows.append(p); if p != q { touchedRows.append(q) }
        return true
    }
    /// Builds the involution that swaps columns `c0` and `c1`; false when propagation finds no match.
    func propagate(_ c0: Int32, _ c1: Int32) -> Bool {
        guard pairColumns(c0, c1) else { return false }
        var colQueue: [Int32] = [c0, c1], rowQueue: [Int32] = []
        while !colQueue.isEmpty || !rowQueue.isEmpty {
            if work > workLimit { return false }
            if let p = colQueue.popLast() {
                let q = colMap[Int(p)]
                if q == p { continue }
                let qs = a.columnStart[Int(q)], qe = a.columnStart[Int(q) + 1]
                for k in a.columnStart[Int(p)]..<a.columnStart[Int(p) + 1] {
                    let r = a.rowIndex[k], v = a.columnValue[k]
                    if rowMap[Int(r)] >= 0 { continue }
                    var shared = false, candidate: Int32 = -1
                    for t in qs..<qe {
                        let s = a.rowIndex[t]
                        guard a.columnValue[t] == v, rowColor[Int(s)] == rowColor[Int(r)] else { continue }
                        if s == r { shared = true; break }
                        if candidate < 0 && rowMap[Int(s)] < 0 { candidate = s }
                    }
                    work += qe - qs
                    if shared {
                        guard pairRows(r, r) else { return false }
                    } else {
                        guard candidate >= 0, pairRows(r, candidate) else { return false }
                        rowQueue.append(r)
                    }
                }
            } else if let r = rowQueue.popLast() {
                let s = rowMap[Int(r)]
                let ss = a.rowStart[Int(s)], se = a.rowStart[Int(s) + 1]
                for k in a.rowStart[Int(r)]..<a.rowStart[Int(r) + 1] {
                    let c = a.columnIndex[k], v = a.rowValue[k]
                    if colMap[Int(c)] >= 0 { continue }
                    var shared = false, candidate: Int32 = -1
                    for t in ss..<se {
                        let d = a.columnIndex[t]
                        guard a.rowValue[t] == v, colColor[Int(d)] == colColor[Int(c)] else { continue }
                        if d == c { shared = true; break }
                        if candidate < 0 && colMap[Int(d)] < 0 { candidate = d }
                    }
                    work += se - ss
                    if shared {
                        guard pairColumns(c, c) else { return false }
                    } else {
                        guard candidate >= 0, pairColumns(c, candidate) else { return false }
                        colQueue.append(c)
                    }
                }
            }
        }
        return true
    }
    /// Checks that the current maps (identity where unset) are an automorphism: every entry of a moved
    /// column or row maps onto an equal entry, and moved columns and rows keep their data.
    func verify() -> Bool {
        func image(col j: Int32) -> Int32 { colMap[Int(j)] >= 0 ? colMap[Int(j)] : j }
        func image(row i: Int32) -> Int32 { rowMap[Int(i)] >= 0 ? rowMap[Int(i)] : i }
        var mine: [(Int32, UInt64)] = [], theirs: [(Int32, UInt64)] = []
        for p in touchedCols {
            let q = colMap[Int(p)]
            if q == p { continue }
            let (pi, qi) = (Int(p), Int(q))
            guard model.cost[pi] == model.cost[qi], model.columnLower[pi] == model.columnLower[qi],
                  model.columnUpper[pi] == model.columnUpper[qi], model.isInteger[pi] == model.isInteger[qi] else { return false }
            mine.removeAll(keepingCapacity: true); theirs.removeAll(keepingCapacity: true)
            for k in a.columnStart[pi]..<a.columnStart[pi + 1] { mine.append((image(row: a.rowIndex[k]), bits(a.columnValue[k]))) }
            for k in a.columnStart[qi]..<a.columnStart[qi + 1] { theirs.append((a.rowIndex[k], bits(a.columnValue[k]))) }
            work += mine.count + theirs.count
            guard mine.count == theirs.count else { return false }
            mine.sort { $0.0 < $1.0 }
            theirs.sort { $0.0 < $1.0 }
            for k in mine.indices where mine[k] != theirs[k] { return false }
        }
        for p in touchedRows {
            let q = rowMap[Int(p)]
            if q == p { continue }
            let (pi, qi) = (Int(p), Int(q))
            guard model.rowLower[pi] == model.rowLower[qi], model.rowUpper[pi] == model.rowUpper[qi] else { return false }
            mine.removeAll(keepingCapacity: true); theirs.removeAll(keepingCapacity: true)
            for k in a.rowStart[pi]..<a.rowStart[pi + 1] { mine.append((image(col: a.columnIndex[k]), bits(a.rowValue[k]))) }
            for k in a.rowStart[qi]..<a.rowStart[qi + 1] { theirs.append((a.columnIndex[k], bits(a.rowValue[k]))) }
            work += mine.count + theirs.count
            guard mine.count == theirs.count else { return false }
            mine.sort { $0.0 < $1.0 }
            theirs.sort { $0.0 < $1.0 }
            for k in mine.indices where mine[k] != theirs[k] { return false }
        }
        // Entries in a fixed row and a moved column were checked with the column, entries in a moved row
        // and a fixed column with the row; entries in a fixed row and a fixed column do not move.
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
            let ok = propagate(p, q) && verify()
            if ok {
                var pairs: [(Int32, Int32)] = []
                for j in touchedCols where colMap[Int(j)] != j { pairs.append((j, colMap[Int(j)])) }
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
