import Foundation
import Testing
import Synchronization
@testable import SwiftMIP

/// Symmetry detection (MIP/SymmetryDetection.swift) and orbital branching (MIP/OrbitalBranching.swift):
/// every generator found must be an automorphism of the model (checked here independently, entry by
/// entry), asymmetric models get none, and solves with orbital branching give the same checked optimum
/// as solves without it.
@Suite("Symmetry")
struct SymmetryTests {
    /// Bin packing with `bins` identical bins (capacities equal, or all different when `identical` is
    /// false): x[i][b] puts item i into bin b, y[b] opens bin b; minimise the open bins plus, to make the
    /// optimum unique in value only, nothing bin-specific.
    static func binPacking(seed: UInt64, items: Int, bins: Int, identical: Bool = true) -> Model {
        var rng = SplitMix64(seed: seed)
        var model = Model(name: "symmetry-binpacking-\(seed)")
        let weights = (0..<items).map { i in Double(10 + 5 * i + rng.int(4)) }  // distinct: no item symmetry
        let capacity = (weights.reduce(0, +) / Double(bins) * 1.4).rounded(.down)
        var x: [[Variable]] = []
        for i in 0..<items {
            x.append((0..<bins).map { b in model.addVariable(name: "x\(i)_\(b)", kind: .binary) })
        }
        let y = (0..<bins).map { b in model.addVariable(name: "y\(b)", kind: .binary, objective: 1) }
        for i in 0..<items { model.addConstraint((0..<bins).map { 1.0 * x[i][$0] }.sum() == 1) }
        for b in 0..<bins {
            let cap = identical ? capacity : capacity + Double(b)
            model.addConstraint((0..<items).map { weights[$0] * x[$0][b] }.sum() - cap * y[b] <= 0)
        }
        model.minimize((0..<bins).map { 1.0 * y[$0] }.sum())
        return model
    }

    /// True when permuting the columns by `g` (rows matched by content) maps the model onto itself.
    static func isAutomorphism(_ g: ModelSymmetry.Generator, of model: CompressedModel) -> Bool {
        var perm = Array(Int32(0)..<Int32(model.columnCount))
        for (p, q) in zip(g.moved, g.image) { perm[Int(p)] = q }
        for j in 0..<model.columnCount {
            let k = Int(perm[j])
            if perm[k] != Int32(j) { return false }  // an involution
            if model.cost[j] != model.cost[k] || model.columnLower[j] != model.columnLower[k]
                || model.columnUpper[j] != model.columnUpper[k] || model.isInteger[j] != model.isInteger[k] { return false }
        }
        // Each row, with its columns renamed, must be a row of the model (same bounds, same entries).
        func key(_ i: Int, renamed: Bool) -> String {
            let a = model.matrix
            var entries: [(Int32, Double)] = []
            for k in a.rowStart[i]..<a.rowStart[i + 1] {
                entries.append((renamed ? perm[Int(a.columnIndex[k])] : a.columnIndex[k], a.rowValue[k]))
            }
            entries.sort { $0.0 < $1.0 }
            return "\(model.rowLower[i]) \(model.rowUpper[i]) " + entries.map { "\($0.0):\($0.1)" }.joined(separator: ",")
        }
        var rows: [String: Int] = [:]
        for i in 0..<model.rowCount { rows[key(i, renamed: false), default: 0] += 1 }
        for i in 0..<model.rowCount {
            let k = key(i, renamed: true)
            guard let count = rows[k], count > 0 else { return false }
            rows[k] = count - 1
        }
        return true
    }

    @Test func identicalBinsGiveVerifiedGenerators() {
        let model = CompressedModel(Self.binPacking(seed: 1, items: 8, bins: 4))
        let symmetry = detectSymmetry(model)
        #expect(!symmetry.isEmpty)
        for g in symmetry.generators { #expect(Self.isAutomorphism(g, of: model)) }
        // The four bins form one orbit: every x column's orbit has four members.
        let orbits = symmetry.orbits(columnCount: model.columnCount)
        #expect(orbits.count == 9, "\(orbits.count) orbits")
        #expect(orbits.allSatisfy { $0.count == 4 })
    }

    @Test func differentBinsGiveNoGenerators() {
        let model = CompressedModel(Self.binPacking(seed: 2, items: 8, bins: 4, identical: false))
        #expect(detectSymmetry(model).isEmpty)
    }

    @Test func orbitShrinksWithTheDecisions() {
        let model = CompressedModel(Self.binPacking(seed: 3, items: 6, bins: 3))
        let symmetry = detectSymmetry(model)
        // Column 0 is x0_0; x0_1 and x0_2 are columns 1 and 2.
        #expect(symmetry.orbit(of: 0, decisions: []) == [0, 1, 2])
        // Item 1 put into bin 1 (column 3 + 1 = 4): bin 1 is no longer interchangeable with bins 0 and 2.
        #expect(symmetry.orbit(of: 0, decisions: [.lower(4, 1)]) == [0, 2])
        // The same decision on every bin keeps them interchangeable.
        #expect(symmetry.orbit(of: 0, decisions: [.upper(3, 0), .upper(4, 0), .upper(5, 0)]) == [0, 1, 2])
    }

    @Test func symmetrizeClosesBoundsOnOrbits() {
        let model = CompressedModel(Self.binPacking(seed: 4, items: 6, bins: 3))
        let symmetry = detectSymmetry(model)
        var lower = model.columnLower, upper = model.columnUpper
        upper[7] = 0  // x2_1 fixed to 0 ⇒ x2_0 and x2_2 too
        #expect(symmetry.symmetrize(lower: &lower, upper: &upper) == 2)
        #expect(upper[6] == 0 && upper[8] == 0)
        #expect(upper[0] == 1)
    }

    /// Graph colouring with `colors` interchangeable colours: x[v][c] colours vertex v with c, w[c] uses
    /// colour c; minimise the colours used. Its LP bound is 2 whatever the graph, so it branches.
    static func coloring(seed: UInt64, vertices: Int, colors: Int, density: Int = 50) -> Model {
        var rng = SplitMix64(seed: seed)
        var model = Model(name: "symmetry-coloring-\(seed)")
        let x = (0..<vertices).map { v in (0..<colors).map { c in model.addVariable(name: "x\(v)_\(c)", kind: .binary) } }
        let w = (0..<colors).map { c in model.addVariable(name: "w\(c)", kind: .binary, objective: 1) }
        for v in 0..<vertices { model.addConstraint((0..<colors).map { 1.0 * x[v][$0] }.sum() == 1) }
        for u in 0..<vertices {
            for v in (u + 1)..<vertices where rng.int(100) < density {
                for c in 0..<colors { model.addConstraint(1.0 * x[u][c] + 1.0 * x[v][c] - 1.0 * w[c] <= 0) }
            }
        }
        model.minimize((0..<colors).map { 1.0 * w[$0] }.sum())
        return model
    }

    static func solve(_ model: Model, symmetry: Bool, threads: Int) -> (SolveResult, Int) {
        let orbital = Atomic<Int>(0)
        // Without cuts (clique cuts alone close small colourings at the root), so that the search branches.
        let options = SolverOptions(timeLimit: 60, threads: threads, relativeGap: 0, absoluteGap: 1e-9, cuts: false, log: { line in
            if let r = line.range(of: "orbital branchings ") {
                orbital.wrappingAdd(Int(line[r.upperBound...]) ?? 0, ordering: .relaxed)
            }
        })
        let result = solveMIP(model, options: options, adjust: { $0.symmetry = symmetry })
        return (result, orbital.load(ordering: .relaxed))
    }

    @Test(arguments: [1, 2])
    func orbitalBranchingKeepsTheOptimum(threads: Int) {
        var orbitalTotal = 0, nodes = 0
        for seed in UInt64(5)...7 {
            let model = Self.coloring(seed: seed, vertices: 11, colors: 5)
            let (off, _) = Self.solve(model, symmetry: false, threads: threads)
            let (on, orbital) = Self.solve(model, symmetry: true, threads: threads)
            orbitalTotal += orbital
            nodes += off.nodes
            _ = RestartTests.expectSameCheckedOptimum(model, off: off, on: on, "colouring \(seed), \(threads) threads")
        }
        #expect(orbitalTotal > 0, "\(nodes) nodes without symmetry")
    }
}
