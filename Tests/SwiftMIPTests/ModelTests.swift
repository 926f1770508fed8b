import Testing
@testable import SwiftMIP

@Suite("Model")
struct ModelTests {
    @Test func builderMergesTermsAndMovesConstants() {
        var model = Model(name: "t")
        let x = model.addVariable(name: "x", lowerBound: 0, upperBound: 10)
        let y = model.addVariable(name: "y", kind: .binary)
        let row = model.addConstraint(2 * x + 3 * y - x + 1 <= 5, name: "r")
        #expect(model.constraints[row].terms == [LinearTerm(1, x), LinearTerm(3, y)])
        #expect(model.constraints[row].upperBound == 4)
        #expect(model.constraints[row].lowerBound == -.infinity)
        #expect(model.variables[y.index].upperBound == 1)
        model.maximize([x, y].sum() + 2)
        #expect(model.sense == .maximize)
        #expect(model.objectiveConstant == 2)
        #expect(model.objectiveValue(at: [3, 1]) == 6)
        #expect(model.isMIP)
    }

    @Test func rangedAndEqualityRows() {
        var model = Model()
        let x = model.addVariable(lowerBound: -.infinity)
        let y = model.addVariable()
        let r1 = model.addConstraint(LinearConstraint(x + y, lowerBound: 1, upperBound: 3))
        let r2 = model.addConstraint(x - y == 2)
        let r3 = model.addConstraint(1 <= 2 * x)
        #expect(model.constraints[r1].lowerBound == 1 && model.constraints[r1].upperBound == 3)
        #expect(model.constraints[r2].isEquality)
        #expect(model.constraints[r3].lowerBound == 1 && model.constraints[r3].upperBound == .infinity)
        #expect(model.numberOfNonzeros == 5)
    }

    @Test func compressedModelHasBothCopies() {
        var model = Model()
        let x = (0..<3).map { model.addVariable(name: "x\($0)") }
        model.addConstraint(x[0] + 2 * x[2] <= 4)
        model.addConstraint(3 * x[1] - x[2] >= 1)
        model.maximize(x[0] + x[1])
        let c = CompressedModel(model)
        #expect(c.matrix.columnStart == [0, 1, 2, 4])
        #expect(c.matrix.rowIndex == [0, 1, 0, 1])
        #expect(c.matrix.columnValue == [1, 3, 2, -1])
        #expect(c.matrix.rowStart == [0, 2, 4])
        #expect(c.matrix.columnIndex == [0, 2, 1, 2])
        #expect(c.cost == [-1, -1, 0])
        #expect(c.matrix.multiply([1, 1, 1]) == [3, 2])
        #expect(c.matrix.multiplyTransposed([1, 1]) == [1, 3, 1])
    }

    @Test func sparseMatrixMergesDuplicatesAndDropsZeros() {
        let m = SparseMatrix(rowCount: 2, columnCount: 2, rows: [0, 0, 1, 1], columns: [1, 1, 0, 1],
                             values: [1, 2, 0, 5])
        #expect(m.columnStart == [0, 0, 2])
        #expect(m.columnValue == [3, 5])
        #expect(m.rowStart == [0, 1, 2])
    }
}

/// The library example of README.md, kept compiling and right.
@Suite("README example")
struct ReadmeExampleTests {
    @Test func knapsackExampleSolves() throws {
        var model = Model(name: "knapsack")
        let weight = [3.0, 4, 2], value = [5.0, 6, 3]
        let x = (0..<3).map { model.addVariable(name: "x\($0)", kind: .binary) }
        model.addConstraint((0..<3).map { weight[$0] * x[$0] }.sum() <= 6)
        model.maximize((0..<3).map { value[$0] * x[$0] }.sum())
        let result = try model.solve(options: SolverOptions(timeLimit: 10, threads: 2))
        #expect(result.status == .optimal)
        #expect(result.objectiveValue == 9)
        #expect(result[x[1]] == 1 && result[x[2]] == 1)
        #expect(model.check(result.values ?? []).isFeasible)
        let path = TestPaths.instances.appendingPathComponent("assignment_6.mps").path
        let (read, _) = try MPSReader.read(contentsOf: path)
        #expect(read.numberOfVariables > 0)
    }
}
