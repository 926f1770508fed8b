import Testing
@testable import SwiftMIP

/// A small b-ball: `groups` groups of `positions` binaries, each position holds `perPosition` ones over
/// the groups; x_g = (ones of group g)/2 is continuous, z ≤ x_g, maximise z. The optimum is
/// ⌊positions·perPosition/groups⌋/2 and the LP bound positions·perPosition/(2·groups).
func tree6BallModel(groups: Int, positions: Int, perPosition: Int) -> (Model, Double) {
    var model = Model(name: "ball")
    let z = model.addVariable(name: "z")
    var y: [[Variable]] = []
    for g in 0..<groups {
        y.append((0..<positions).map { model.addVariable(name: "y\(g)_\($0)", kind: .binary) })
    }
    for g in 0..<groups {
        let x = model.addVariable(name: "x\(g)")
        model.addConstraint(1 * z - 1 * x <= 0)
        model.addConstraint(2 * x - y[g].map { 1 * $0 }.sum() == 0)
    }
    for p in 0..<positions {
        model.addConstraint((0..<groups).map { 1 * y[$0][p] }.sum() == Double(perPosition))
    }
    model.maximize(1 * z)
    return (model, Double((positions * perPosition) / groups) / 2)
}

@Suite struct Tree6ObjectiveLatticeTests {
    @Test func rationalApproximation() throws {
        #expect(LatticeRational(approximating: 0.5) == LatticeRational(numerator: 1, denominator: 2))
        #expect(LatticeRational(approximating: -2.35) == LatticeRational(numerator: 47, denominator: 20))
        #expect(LatticeRational(approximating: 0.333333) == nil)
        #expect(LatticeRational(approximating: 0) == nil)
        let half = try #require(LatticeRational(approximating: 0.5))
        let third = try #require(LatticeRational(approximating: 1.0 / 3.0))
        #expect(half.gcd(third) == LatticeRational(numerator: 1, denominator: 6))
        #expect(half.divides(-1.5) && !half.divides(0.75))
    }

    @Test func cutoffJustAboveTheMultipleBelow() {
        #expect(abs(latticeCutoff(incumbent: -1.5, step: 0.5) - (-2.0)) < 1e-5)
        #expect(latticeCutoff(incumbent: -1.5, step: 0.5) > -2.0)
        // Off the lattice: the multiple just below stays allowed.
        #expect(abs(latticeCutoff(incumbent: -1.4, step: 0.5) - (-1.5)) < 1e-5)
        #expect(abs(latticeCutoff(incumbent: 7, step: 1) - 6.000007) < 1e-9)
    }

    @Test func integerCostsGiveTheirGcd() {
        var model = Model(name: "int")
        let a = model.addVariable(name: "a", bounds: 0...5, integer: true)
        let b = model.addVariable(name: "b", bounds: 0...5, integer: true)
        model.addConstraint(1 * a + 1 * b <= 7)
        model.maximize(4 * a + 6 * b)
        #expect(objectiveLatticeStep(CompressedModel(model))?.value == 2)
    }

    @Test func ballStructureHasHalfSteps() {
        let (model, _) = tree6BallModel(groups: 4, positions: 3, perPosition: 2)
        #expect(objectiveLatticeStep(CompressedModel(model))?.value == 0.5)
    }

    @Test func noLatticeWithoutAProof() {
        // z ≤ w with w continuous and free of equations: no lattice.
        var model = Model(name: "none")
        let z = model.addVariable(name: "z")
        let w = model.addVariable(name: "w", upperBound: 3)
        let y = model.addVariable(name: "y", kind: .binary)
        model.addConstraint(1 * z - 1 * w <= 0)
        model.addConstraint(1 * w + 1 * y <= 2.5)
        model.maximize(1 * z)
        #expect(objectiveLatticeStep(CompressedModel(model)) == nil)
        // A push nothing stops (the LP is unbounded): no lattice either.
        var open = Model(name: "open")
        let u = open.addVariable(name: "u")
        let v = open.addVariable(name: "v", kind: .binary)
        open.addConstraint(1 * u - 1 * v >= 0)
        open.maximize(1 * u)
        #expect(objectiveLatticeStep(CompressedModel(open)) == nil)
        // A fractional bound on the pushed column joins the lattice (0.3 with 0.5 gives 0.1).
        var bounded = Model(name: "bounded")
        let s = bounded.addVariable(name: "s", upperBound: 0.3)
        let t = bounded.addVariable(name: "t", kind: .binary)
        bounded.addConstraint(2 * s - 1 * t <= 0)
        bounded.maximize(1 * s)
        #expect(abs((objectiveLatticeStep(CompressedModel(bounded))?.value ?? 0) - 0.1) < 1e-12)
    }

    @Test(arguments: [(4, 3, 2), (5, 4, 3), (7, 5, 3)])
    func ballModelsSolveToTheirOptimum(shape: (Int, Int, Int)) {
        let (model, optimum) = tree6BallModel(groups: shape.0, positions: shape.1, perPosition: shape.2)
        for presolve in [true, false] {
            let result = solveMIP(model, options: SolverOptions(threads: 1, relativeGap: 0, presolve: presolve))
            #expect(result.status == .optimal)
            #expect(abs((result.objectiveValue ?? .nan) - optimum) < 1e-6)
            if let values = result.values { #expect(model.check(values).isFeasible) }
        }
    }
}

@Suite struct Tree6ObjectiveLatticeSwitchTests {
    @Test func disabledKeepsIntegerCostsOnly() {
        let (ball, _) = tree6BallModel(groups: 4, positions: 3, perPosition: 2)
        #expect(objectiveLatticeStep(CompressedModel(ball), enabled: false) == nil)
        var model = Model(name: "int")
        let a = model.addVariable(name: "a", bounds: 0...5, integer: true)
        let b = model.addVariable(name: "b", bounds: 0...5, integer: true)
        model.addConstraint(1 * a + 1 * b <= 7)
        model.maximize(4 * a + 6 * b)
        #expect(objectiveLatticeStep(CompressedModel(model), enabled: false)?.value == 2)
    }
}
