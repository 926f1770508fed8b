// TEMPORARY: the agreed LP API, stubbed so MIP/ compiles before Simplex/ lands on main.
// Deleted when `git merge main` brings Sources/SwiftMIP/Simplex/LPSolver.swift.
import Foundation

enum LPStatus { case optimal, infeasible, unbounded, cutoff, timeLimit, iterationLimit, numericalTrouble, interrupted }
enum BasisStatus: UInt8 { case basic, atLower, atUpper, free, fixed }
struct LPBasis: Sendable { var columns: [BasisStatus]; var rows: [BasisStatus] }
struct SparseRow: Sendable { var indices: [Int32]; var values: [Double] }
enum LPClock { static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 } }
struct LPOptions: Sendable {
    var primalTolerance = 1e-7; var dualTolerance = 1e-7; var iterationLimit = Int.max
    var deadline: Double = .infinity; var objectiveCutoff: Double = .infinity
    var cancellation: CancellationToken? = nil; var log: LogHandler? = nil; var logInterval: Double = 1
}
final class LPSolver {
    var options: LPOptions
    init(model: CompressedModel, options: LPOptions = LPOptions()) {
        self.options = options
        basis = LPBasis(columns: [], rows: [])
        rowCount = model.rowCount
    }
    func setColumnBounds(_ j: Int, lower: Double, upper: Double) {}
    func setColumnBounds(lower: [Double], upper: [Double]) {}
    func setCost(_ j: Int, _ cost: Double) {}
    func setRowBounds(_ i: Int, lower: Double, upper: Double) {}
    func addRows(_ rows: [SparseRow], lower: [Double], upper: [Double]) { rowCount += rows.count }
    func removeRows(_ rows: [Int]) { rowCount -= rows.count }
    private(set) var rowCount: Int
    func solve() -> LPStatus { .numericalTrouble }
    var objectiveValue: Double { 0 }
    var columnValues: [Double] { [] }
    var rowActivities: [Double] { [] }
    var rowDuals: [Double] { [] }
    var reducedCosts: [Double] { [] }
    var basis: LPBasis
    var iterations: Int { 0 }
    var farkasRay: [Double]? { nil }
    var primalRay: [Double]? { nil }
}
