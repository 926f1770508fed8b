/// One linear constraint on the network outputs: `Σ coefficients[k] · Y[outputs[k]] <= rhs`.
public struct OutputConstraint: Sendable, Hashable {
    /// Output indices (`Y_j`), without repeats.
    public var outputs: [Int]
    /// One coefficient per entry of `outputs`.
    public var coefficients: [Double]
    /// Right-hand side.
    public var rhs: Double

    /// Creates `Σ coefficients[k] · Y[outputs[k]] <= rhs`.
    public init(outputs: [Int], coefficients: [Double], rhs: Double) {
        self.outputs = outputs
        self.coefficients = coefficients
        self.rhs = rhs
    }

    /// The left-hand side at the output vector `y`.
    public func value(_ y: [Double]) -> Double {
        var s = 0.0
        for (k, j) in outputs.enumerated() where j < y.count { s += coefficients[k] * y[j] }
        return s
    }

    /// The amount by which `y` violates the constraint (0 when satisfied).
    public func violation(_ y: [Double]) -> Double { max(0, value(y) - rhs) }
}

/// A VNNLIB property in the normal form the verifier works with.
///
/// A VNNLIB file asserts the *violation* of a safety property: the instance is `sat` when some input
/// satisfying the input constraints produces outputs satisfying the output constraints. Here that is
/// a list of ``Region``s: the property is violated iff for some region, some input in its box makes the
/// outputs satisfy all constraints of at least one of its disjuncts. It *holds* (`unsat`) when no input
/// of any box satisfies any disjunct. Most files have one region; ACAS Xu property 6 has two input
/// boxes, hence two regions.
public struct VNNProperty: Sendable {
    /// One input box with the output condition to reach inside it, in disjunctive normal form.
    public struct Region: Sendable, Hashable {
        /// Lower bound of each input (`-infinity` when the file gives none).
        public var inputLower: [Double]
        /// Upper bound of each input (`+infinity` when the file gives none).
        public var inputUpper: [Double]
        /// A disjunction of conjunctions of output constraints. An empty conjunction is always true.
        public var disjuncts: [[OutputConstraint]]

        /// Creates a region.
        public init(inputLower: [Double], inputUpper: [Double], disjuncts: [[OutputConstraint]]) {
            self.inputLower = inputLower
            self.inputUpper = inputUpper
            self.disjuncts = disjuncts
        }

        /// True when `x` lies in the box, allowing `tolerance` outside.
        public func contains(_ x: [Double], tolerance: Double = 0) -> Bool {
            guard x.count == inputLower.count else { return false }
            for i in x.indices where !(x[i] >= inputLower[i] - tolerance && x[i] <= inputUpper[i] + tolerance) { return false }
            return true
        }

        /// The index of the first disjunct all of whose constraints `y` satisfies within `tolerance`, if any.
        public func satisfiedDisjunct(_ y: [Double], tolerance: Double = 0) -> Int? {
            disjuncts.firstIndex { conj in conj.allSatisfy { $0.violation(y) <= tolerance } }
        }

        /// True when every input has finite bounds.
        public var isBounded: Bool { zip(inputLower, inputUpper).allSatisfy { $0.isFinite && $1.isFinite } }
    }

    /// Number of inputs (`X_0 … X_{n-1}`).
    public var inputCount: Int
    /// Number of outputs (`Y_0 … Y_{m-1}`).
    public var outputCount: Int
    /// The regions; see the type's description. Regions whose box is empty are dropped when reading.
    public var regions: [Region]
    /// The file name, for messages.
    public var name: String

    /// Creates a property.
    public init(inputCount: Int, outputCount: Int, regions: [Region], name: String = "property") {
        self.inputCount = inputCount
        self.outputCount = outputCount
        self.regions = regions
        self.name = name
    }

    /// The smallest box containing every region's box.
    public var inputHullLower: [Double] {
        guard var lo = regions.first?.inputLower else { return [Double](repeating: 0, count: inputCount) }
        for r in regions.dropFirst() { for i in lo.indices { lo[i] = min(lo[i], r.inputLower[i]) } }
        return lo
    }

    /// The smallest box containing every region's box.
    public var inputHullUpper: [Double] {
        guard var hi = regions.first?.inputUpper else { return [Double](repeating: 0, count: inputCount) }
        for r in regions.dropFirst() { for i in hi.indices { hi[i] = max(hi[i], r.inputUpper[i]) } }
        return hi
    }

    /// True when the input `x` with outputs `y` is a counterexample: `x` in some region's box (within
    /// `inputTolerance`) and `y` satisfying one of that region's disjuncts (within `outputTolerance`).
    public func isViolated(input x: [Double], output y: [Double], inputTolerance: Double = 0,
                           outputTolerance: Double = 0) -> Bool {
        regions.contains { $0.contains(x, tolerance: inputTolerance) && $0.satisfiedDisjunct(y, tolerance: outputTolerance) != nil }
    }
}
