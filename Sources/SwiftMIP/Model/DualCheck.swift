/// The verdict of the dual checker for an LP: how far row duals y and reduced costs z are from proving
/// that a point x is optimal, recomputed from the ``Model`` alone.
///
/// Duals are in the model's sense (as ``SolveResult`` reports them): for minimisation a row at its lower
/// side has y ≥ 0 and a column at its lower bound z ≥ 0; maximisation flips every sign. The measures:
/// - `reducedCostError`: max |z_j − (c_j − Σ a_ij y_i)| / max(1, |c_j|, Σ|a_ij y_i|);
/// - `dualInfeasibility`: the largest wrong-sign part of a dual (y_i > 0 for a row without a lower
///   side, and so on), relative to max(1, ‖c‖∞);
/// - `complementarity`: the largest product |y_i|·(distance of the activity from the side y_i rests on)
///   or |z_j|·(distance of x_j from its bound), relative to max(1, |objective|);
/// - `objectiveGap`: |primal − dual objective| / max(1, |objective|), the dual objective being
///   Σ y_i·(side of row i) + Σ z_j·(bound of x_j) + constant.
struct DualCheck: Sendable, CustomStringConvertible {
    var reducedCostError = 0.0
    var dualInfeasibility = 0.0
    var complementarity = 0.0
    var objectiveGap = 0.0
    var primalObjective = 0.0
    var dualObjective = 0.0
    /// The row or column with the worst of the measures above.
    var worst: String? = nil
    /// A wrong number of values, or a non-finite one.
    var malformed: String? = nil

    /// True when every measure is within `tolerance`.
    func isOptimal(tolerance: Double = 1e-6) -> Bool {
        malformed == nil && reducedCostError <= tolerance && dualInfeasibility <= tolerance
            && complementarity <= tolerance && objectiveGap <= tolerance
    }

    var description: String {
        if let malformed { return "rejected: \(malformed)" }
        return "reduced-cost error \(reducedCostError), dual infeasibility \(dualInfeasibility), "
            + "complementarity \(complementarity), objective gap \(objectiveGap) "
            + "(primal \(primalObjective), dual \(dualObjective))" + (worst.map { "; worst at \($0)" } ?? "")
    }
}

extension Model {
    /// Checks that row duals and reduced costs prove `values` optimal for the LP (integrality ignored).
    func checkDuals(values x: [Double], duals: [Double], reducedCosts: [Double]) -> DualCheck {
        var result = DualCheck()
        guard x.count == variables.count, reducedCosts.count == variables.count, duals.count == constraints.count else {
            result.malformed = "expected \(variables.count) values and reduced costs and \(constraints.count) duals"
            return result
        }
        if let j = x.indices.first(where: { !x[$0].isFinite || !reducedCosts[$0].isFinite }) {
            result.malformed = "variable \(variables[j].name) has value \(x[j]), reduced cost \(reducedCosts[j])"
            return result
        }
        if let i = duals.firstIndex(where: { !$0.isFinite }) {
            result.malformed = "constraint \(constraints[i].name) has dual \(duals[i])"
            return result
        }
        // Work in minimisation form: the signs of c, y and z flip for maximisation.
        let sign: Double = sense == .minimize ? 1 : -1
        var aty = [Double](repeating: 0, count: variables.count)
        var atyScale = [Double](repeating: 0, count: variables.count)
        var activity = [Double](repeating: 0, count: constraints.count)
        for (i, row) in constraints.enumerated() {
            let y = sign * duals[i]
            var r = 0.0
            for t in row.terms {
                let j = t.variable.index
                guard j >= 0 && j < variables.count else { continue }
                aty[j] += t.coefficient * y
                atyScale[j] += abs(t.coefficient * y)
                r += t.coefficient * x[j]
            }
            activity[i] = r
        }
        var primal = objectiveConstant, maxCost = 1.0
        for (j, v) in variables.enumerated() {
            primal += v.objective * x[j]
            maxCost = max(maxCost, abs(v.objective))
        }
        let objectiveScale = max(1, abs(primal))
        var dual = 0.0  // minimisation form, without the constant
        func note(_ measure: inout Double, _ value: Double, _ name: String) {
            if value > measure { measure = value; result.worst = name }
        }
        // One multiplier `m` (minimisation form) of a quantity `q` with bounds [lo, up]: m > 0 rests on lo.
        func multiplier(_ m: Double, quantity q: Double, lower lo: Double, upper up: Double, name: String) {
            guard m != 0 else { return }
            let side = m > 0 ? lo : up
            if side.isFinite {
                dual += m * side
                note(&result.complementarity, abs(m) * abs(q - side) / objectiveScale, name)
            } else {
                dual += m * q
                note(&result.dualInfeasibility, abs(m) / maxCost, name)
            }
        }
        for (j, v) in variables.enumerated() {
            let z = sign * reducedCosts[j]
            let c = sign * v.objective
            let scale = max(1, abs(c), atyScale[j])
            note(&result.reducedCostError, abs(z - (c - aty[j])) / scale, "variable \(v.name)")
            multiplier(z, quantity: x[j], lower: v.lowerBound, upper: v.upperBound, name: "variable \(v.name)")
        }
        for (i, row) in constraints.enumerated() {
            multiplier(sign * duals[i], quantity: activity[i], lower: row.lowerBound, upper: row.upperBound,
                       name: "constraint \(row.name)")
        }
        result.primalObjective = primal
        result.dualObjective = sign * dual + objectiveConstant
        result.objectiveGap = abs(result.primalObjective - result.dualObjective) / objectiveScale
        return result
    }
}
