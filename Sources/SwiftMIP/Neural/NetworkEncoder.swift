/// What to optimise in an encoded network (the feasibility question needs none).
public enum EncodingObjective: Sendable, Hashable {
    /// No objective: the model asks whether a violating input exists.
    case none
    /// Maximise output `Y_j`.
    case maximizeOutput(Int)
    /// Minimise output `Y_j`.
    case minimizeOutput(Int)
    /// Maximise `Σ coefficients[k] · Y[outputs[k]]`, e.g. a margin `Y_a − Y_b`.
    case maximizeLinear(outputs: [Int], coefficients: [Double])
    /// Minimise `Σ coefficients[k] · Y[outputs[k]]`.
    case minimizeLinear(outputs: [Int], coefficients: [Double])
}

/// Settings of ``NeuralNetwork/encode(property:options:)``.
public struct EncodingOptions: Sendable {
    /// The bounds that give the big-M constants and decide which ReLUs are stable.
    public var boundMethod: BoundMethod
    /// The objective.
    public var objective: EncodingObjective

    /// Creates options (symbolic bounds, no objective by default).
    public init(boundMethod: BoundMethod = .symbolic, objective: EncodingObjective = .none) {
        self.boundMethod = boundMethod
        self.objective = objective
    }
}

/// The binary phase indicator of one unstable ReLU: 1 = active (output = pre-activation), 0 = inactive.
public struct ReLUIndicator: Sendable, Hashable {
    /// Layer index in ``NeuralNetwork/layers``.
    public var layer: Int
    /// Neuron index within the layer.
    public var neuron: Int
    /// The binary variable.
    public var variable: Variable
}

/// The binary selecting one (region, disjunct) term of a property with several.
public struct DisjunctIndicator: Sendable, Hashable {
    /// Index into ``VNNProperty/regions``.
    public var region: Int
    /// Index into that region's disjuncts.
    public var disjunct: Int
    /// The binary variable (1 = this term is the one made true).
    public var variable: Variable
}

/// The mixed-integer model of a ReLU network (Tjeng, Xiao & Tedrake, ICLR 2019), with the map from
/// network quantities to model variables.
///
/// For each layer k and neuron i: a continuous pre-activation variable `z_k_i` bounded by the computed
/// bounds, with the row `z_k_i − Σ_q W[i,q]·a_{k−1,q} = b_i`. A ReLU proven active is the identity
/// (`a = z`, no new variable), one proven inactive is zero (dropped from the next layer); an unstable one
/// (l < 0 < u) gets `a_k_i ∈ [0, u]` and a binary `d_k_i` with
/// `a ≥ z`, `a ≤ z − l·(1 − d)`, `a ≤ u·d`.
/// The property's violation is added over the outputs: one conjunction directly, several (region,
/// disjunct) terms by one binary each (`Σ = 1`) with big-M `Σ c_j Y_j ≤ rhs + M·(1 − g)`, M from the
/// output bounds; several input regions by rows tying the inputs to the chosen term's box.
public struct NetworkEncoding: Sendable {
    /// The model.
    public var model: Model
    /// One variable per network input `X_i`.
    public var inputVariables: [Variable]
    /// One variable per network output `Y_j` (the last layer's output).
    public var outputVariables: [Variable]
    /// `preActivationVariables[k][i]`: neuron i of layer k before its activation.
    public var preActivationVariables: [[Variable]]
    /// `activationVariables[k][i]`: neuron i of layer k after its activation; the pre-activation variable for
    /// an identity or a stably active ReLU, `nil` for a stably inactive ReLU (whose output is 0).
    public var activationVariables: [[Variable?]]
    /// One binary per unstable ReLU.
    public var reluIndicators: [ReLUIndicator]
    /// One binary per (region, disjunct) term when the property has more than one; empty otherwise.
    public var disjunctIndicators: [DisjunctIndicator]
    /// The bounds used for the big-M constants.
    public var bounds: NetworkBounds

    /// The model point that corresponds to evaluating the network at `input`: inputs, pre-activations,
    /// ReLU outputs, each indicator set by the ReLU's phase, and the first (region, disjunct) term that
    /// the input and its outputs satisfy (the first term when none does, which the model then rejects).
    public func assignment(network: NeuralNetwork, property: VNNProperty?, input: [Double]) -> [Double] {
        var values = [Double](repeating: 0, count: model.numberOfVariables)
        for (i, v) in inputVariables.enumerated() where i < input.count { values[v.index] = input[i] }
        let z = network.preActivations(input)
        for k in z.indices {
            for i in z[k].indices {
                values[preActivationVariables[k][i].index] = z[k][i]
                if let a = activationVariables[k][i], a != preActivationVariables[k][i] {
                    values[a.index] = network.layers[k].activation.apply(z[k][i])
                }
            }
        }
        for r in reluIndicators { values[r.variable.index] = z[r.layer][r.neuron] > 0 ? 1 : 0 }
        if !disjunctIndicators.isEmpty, let property {
            let y = network.evaluate(input)
            let chosen = disjunctIndicators.first { t in
                let region = property.regions[t.region]
                return region.contains(input) && region.disjuncts[t.disjunct].allSatisfy { $0.violation(y) <= 0 }
            } ?? disjunctIndicators[0]
            values[chosen.variable.index] = 1
        }
        return values
    }
}

extension NeuralNetwork {
    /// Encodes "some input in the property's input region makes the outputs satisfy its output
    /// condition" as a MIP (feasible iff the property is violated, i.e. the instance is `sat`).
    ///
    /// Bounds are computed over the smallest box containing every region. Throws when the property's
    /// sizes do not match the network, an input is unbounded, or no region is left.
    public func encode(property: VNNProperty, options: EncodingOptions = EncodingOptions()) throws -> NetworkEncoding {
        guard property.inputCount == inputSize, property.outputCount == outputSize else {
            throw NeuralInputError(file: property.name, line: nil,
                message: "the property has \(property.inputCount) inputs and \(property.outputCount) outputs, the network \(name) \(inputSize) and \(outputSize)")
        }
        guard !property.regions.isEmpty else {
            throw NeuralInputError(file: property.name, line: nil, message: "the input constraints are unsatisfiable (every box is empty)")
        }
        var encoding = try encode(inputLower: property.inputHullLower, inputUpper: property.inputHullUpper, options: options)
        try encoding.addViolation(of: property, network: self)
        return encoding
    }

    /// Encodes the property's violation with precomputed bounds (e.g. LP-tightened ones) over the hull of
    /// its regions (`bounds`' input box must contain every region).
    public func encode(bounds: NetworkBounds, property: VNNProperty, objective: EncodingObjective = .none) throws -> NetworkEncoding {
        guard property.inputCount == inputSize, property.outputCount == outputSize, !property.regions.isEmpty else {
            throw NeuralInputError(file: property.name, line: nil, message: "the property does not match the network \(name) or has no input region")
        }
        for r in property.regions where zip(r.inputLower, bounds.inputLower).contains(where: { $0 < $1 }) || zip(r.inputUpper, bounds.inputUpper).contains(where: { $0 > $1 }) {
            throw NeuralInputError(file: property.name, line: nil, message: "the bounds' input box does not contain every region")
        }
        var encoding = try encode(bounds: bounds, objective: objective)
        try encoding.addViolation(of: property, network: self)
        return encoding
    }

    /// Encodes the network over the box `[inputLower, inputUpper]` with no property (for example to
    /// maximise an output over the box with `options.objective`).
    public func encode(inputLower: [Double], inputUpper: [Double], options: EncodingOptions = EncodingOptions()) throws -> NetworkEncoding {
        let bounds = try self.bounds(inputLower: inputLower, inputUpper: inputUpper, method: options.boundMethod)
        return try encode(bounds: bounds, objective: options.objective)
    }

    /// Encodes the network with precomputed bounds (e.g. tightened ones) over `bounds`' input box.
    public func encode(bounds: NetworkBounds, objective: EncodingObjective = .none) throws -> NetworkEncoding {
        guard !bounds.isInfeasible, bounds.lower.count == layers.count else {
            throw NeuralInputError(file: name, line: nil, message: "the bounds are infeasible or do not match the network")
        }
        var model = Model(name: name.replacingOccurrences(of: " ", with: "_"))
        let inputs = (0..<inputSize).map {
            model.addVariable(name: "x_\($0)", lowerBound: bounds.inputLower[$0], upperBound: bounds.inputUpper[$0])
        }
        var previous: [Variable?] = inputs
        var pre: [[Variable]] = [], post: [[Variable?]] = []
        var indicators: [ReLUIndicator] = []
        for (k, layer) in layers.enumerated() {
            let n = layer.inputSize
            var zs: [Variable] = [], outs: [Variable?] = []
            for i in 0..<layer.outputSize {
                let l = bounds.lower[k][i], u = bounds.upper[k][i]
                let z = model.addVariable(name: "z_\(k)_\(i)", lowerBound: l, upperBound: u)
                zs.append(z)
                // z − Σ W a = b; terms in increasing variable order (the a's precede z).
                var terms: [LinearTerm] = []
                terms.reserveCapacity(n + 1)
                let row = i * n
                for q in 0..<n {
                    let w = layer.weights[row + q]
                    if w != 0, let a = previous[q] { terms.append(LinearTerm(-w, a)) }
                }
                terms.sort { $0.variable.index < $1.variable.index }
                terms.append(LinearTerm(1, z))
                model.addConstraint(ConstraintInfo(name: "layer_\(k)_\(i)", lowerBound: layer.bias[i],
                                                   upperBound: layer.bias[i], terms: terms))
                switch layer.activation {
                case .identity: outs.append(z)
                case .relu:
                    if l >= 0 {
                        outs.append(z)
                    } else if u <= 0 {
                        outs.append(nil)
                    } else {
                        let a = model.addVariable(name: "a_\(k)_\(i)", lowerBound: 0, upperBound: u)
                        let d = model.addVariable(name: "d_\(k)_\(i)", lowerBound: 0, upperBound: 1, kind: .binary)
                        // a ≥ z;  a ≤ z − l(1 − d)  ⇔  a − z − l·d ≤ −l;  a ≤ u·d.
                        model.addConstraint(ConstraintInfo(name: "relu_ge_\(k)_\(i)", lowerBound: 0, upperBound: .infinity,
                                                           terms: [LinearTerm(-1, z), LinearTerm(1, a)]))
                        model.addConstraint(ConstraintInfo(name: "relu_lo_\(k)_\(i)", lowerBound: -.infinity, upperBound: -l,
                                                           terms: [LinearTerm(-1, z), LinearTerm(1, a), LinearTerm(-l, d)]))
                        model.addConstraint(ConstraintInfo(name: "relu_up_\(k)_\(i)", lowerBound: -.infinity, upperBound: 0,
                                                           terms: [LinearTerm(1, a), LinearTerm(-u, d)]))
                        outs.append(a)
                        indicators.append(ReLUIndicator(layer: k, neuron: i, variable: d))
                    }
                }
            }
            pre.append(zs)
            post.append(outs)
            previous = outs
        }
        // Outputs: the last layer's activations; a stably inactive output ReLU is pinned by a zero variable.
        var outputs: [Variable] = []
        for (j, v) in previous.enumerated() {
            if let v { outputs.append(v) } else {
                outputs.append(model.addVariable(name: "y_\(j)", lowerBound: 0, upperBound: 0))
            }
        }
        let (sense, terms): (ObjectiveSense?, [(Int, Double)]) = switch objective {
        case .none: (nil, [])
        case .maximizeOutput(let j): (.maximize, [(j, 1)])
        case .minimizeOutput(let j): (.minimize, [(j, 1)])
        case .maximizeLinear(let o, let c): (.maximize, Array(zip(o, c)))
        case .minimizeLinear(let o, let c): (.minimize, Array(zip(o, c)))
        }
        if let sense {
            var expression = LinearExpression()
            for (j, c) in terms {
                guard j >= 0 && j < outputs.count else { throw NeuralInputError(file: name, line: nil, message: "the objective refers to Y_\(j); the network has \(outputs.count) outputs") }
                expression += c * outputs[j]
            }
            model.setObjective(expression, sense: sense)
        }
        return NetworkEncoding(model: model, inputVariables: inputs, outputVariables: outputs, preActivationVariables: pre,
                               activationVariables: post, reluIndicators: indicators, disjunctIndicators: [], bounds: bounds)
    }
}

extension NetworkEncoding {
    /// Adds the rows saying that the inputs lie in one of the property's regions and the outputs satisfy
    /// one of that region's disjuncts.
    mutating func addViolation(of property: VNNProperty, network: NeuralNetwork) throws {
        var terms: [(region: Int, disjunct: Int)] = []
        for (r, region) in property.regions.enumerated() {
            for d in region.disjuncts.indices { terms.append((r, d)) }
        }
        // Output bounds after the last activation (the output variables' own bounds).
        let yLower = outputVariables.map { model.variables[$0.index].lowerBound }
        let yUpper = outputVariables.map { model.variables[$0.index].upperBound }

        func row(_ c: OutputConstraint) -> [LinearTerm] {
            var t: [Int: Double] = [:]
            for (k, j) in c.outputs.enumerated() { t[outputVariables[j].index, default: 0] += c.coefficients[k] }
            return t.filter { $0.value != 0 }.map { LinearTerm($0.value, Variable(index: $0.key)) }
                .sorted { $0.variable.index < $1.variable.index }
        }

        if terms.count == 1 {
            for (n, c) in property.regions[0].disjuncts[0].enumerated() {
                model.addConstraint(ConstraintInfo(name: "property_\(n)", lowerBound: -.infinity, upperBound: c.rhs, terms: row(c)))
            }
            return
        }
        let g = terms.map { term in
            model.addVariable(name: "g_\(term.region)_\(term.disjunct)", lowerBound: 0, upperBound: 1, kind: .binary)
        }
        disjunctIndicators = zip(terms, g).map { DisjunctIndicator(region: $0.0.region, disjunct: $0.0.disjunct, variable: $0.1) }
        model.addConstraint(ConstraintInfo(name: "one_term", lowerBound: 1, upperBound: 1,
                                           terms: g.map { LinearTerm(1, $0) }))
        for (t, term) in terms.enumerated() {
            for (n, c) in property.regions[term.region].disjuncts[term.disjunct].enumerated() {
                // Largest value of Σ c_j Y_j (back-substituted when the bounds are symbolic), widened.
                let range = try network.outputConstraintBounds([c], bounds: bounds)[0]
                if range.lower > c.rhs { model.setBounds(of: g[t], lower: 0, upper: 0) }   // this term is impossible
                let maxValue = range.upper
                var magnitude = 0.0
                for (k, j) in c.outputs.enumerated() {
                    magnitude += abs(c.coefficients[k]) * max(abs(yLower[j]), abs(yUpper[j]))
                }
                let bigM = max(0, maxValue - c.rhs + 1e-9 * (magnitude + abs(c.rhs)) + 1e-9)
                var rowTerms = row(c)
                rowTerms.append(LinearTerm(bigM, g[t]))
                rowTerms.sort { $0.variable.index < $1.variable.index }
                model.addConstraint(ConstraintInfo(name: "property_\(term.region)_\(term.disjunct)_\(n)",
                                                   lowerBound: -.infinity, upperBound: c.rhs + bigM, terms: rowTerms))
            }
        }
        // Several regions: x_i ≥ L_i + Σ_t (l_{t,i} − L_i) g_t and x_i ≤ U_i − Σ_t (U_i − u_{t,i}) g_t.
        guard property.regions.count > 1 else { return }
        let hullLower = bounds.inputLower, hullUpper = bounds.inputUpper
        for (i, x) in inputVariables.enumerated() {
            var lowTerms: [LinearTerm] = [], upTerms: [LinearTerm] = []
            for (t, term) in terms.enumerated() {
                let region = property.regions[term.region]
                let dl = region.inputLower[i] - hullLower[i], du = hullUpper[i] - region.inputUpper[i]
                if dl != 0 { lowTerms.append(LinearTerm(-dl, g[t])) }
                if du != 0 { upTerms.append(LinearTerm(du, g[t])) }
            }
            if !lowTerms.isEmpty {
                model.addConstraint(ConstraintInfo(name: "region_lo_\(i)", lowerBound: hullLower[i], upperBound: .infinity,
                                                   terms: [LinearTerm(1, x)] + lowTerms))
            }
            if !upTerms.isEmpty {
                model.addConstraint(ConstraintInfo(name: "region_up_\(i)", lowerBound: -.infinity, upperBound: hullUpper[i],
                                                   terms: [LinearTerm(1, x)] + upTerms))
            }
        }
    }
}
