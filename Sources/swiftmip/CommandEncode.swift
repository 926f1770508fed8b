import Foundation
import SwiftMIP

/// `swiftmip encode net.onnx prop.vnnlib out.mps`: the MIP of "some input violates the property"
/// (Tjeng, Xiao & Tedrake 2019), written as MPS so that any MIP solver can be run on the same encoding.
func encodeCommand() -> CommandSpec {
    CommandSpec(
        name: "encode",
        summary: "Write the big-M MIP of an ONNX ReLU network and a VNNLIB property as MPS",
        arguments: "net.onnx prop.vnnlib out.mps",
        details: """
            The model is feasible iff some input in the property's input region makes the outputs satisfy
            its output condition (the VNNLIB file's 'sat'). One binary per ReLU that the bounds leave
            unstable (named d_<layer>_<neuron>), pre-activations z_<layer>_<neuron>, inputs x_<i>; several
            output disjuncts get one binary g_<region>_<disjunct> each. Stable ReLUs are eliminated.
            """,
        options: [
            OptionSpec(name: "bounds", valueName: "M", help: "interval, symbolic or lp (default symbolic): the bounds giving big-M and stability"),
            OptionSpec(name: "lp-time", valueName: "S", help: "time budget of LP tightening with --bounds lp (default 60)"),
            OptionSpec(name: "objective", valueName: "SPEC", help: "max:J or min:J to optimise output Y_J (default: none, a feasibility model)"),
        ],
        positionalCount: 3...3,
        run: { args in
            let methodName = args.string("bounds") ?? "symbolic"
            guard methodName == "lp" || BoundMethod(rawValue: methodName) != nil else {
                throw UsageError(message: "--bounds expects interval, symbolic or lp, got '\(methodName)'")
            }
            let lpTime = try args.double("lp-time") ?? 60
            var objective = EncodingObjective.none
            if let spec = args.string("objective") {
                let parts = spec.split(separator: ":")
                guard parts.count == 2, let j = Int(parts[1]), j >= 0, parts[0] == "max" || parts[0] == "min" else {
                    throw UsageError(message: "--objective expects max:J or min:J, got '\(spec)'")
                }
                objective = parts[0] == "max" ? .maximizeOutput(j) : .minimizeOutput(j)
            }
            let start = Date()
            let network = try NeuralNetwork(contentsOf: URL(fileURLWithPath: args.positional[0]))
            let property = try VNNProperty(contentsOf: URL(fileURLWithPath: args.positional[1]))
            if case .maximizeOutput(let j) = objective, j >= network.outputSize {
                throw UsageError(message: "--objective: the network has outputs Y_0 … Y_\(network.outputSize - 1)")
            }
            if case .minimizeOutput(let j) = objective, j >= network.outputSize {
                throw UsageError(message: "--objective: the network has outputs Y_0 … Y_\(network.outputSize - 1)")
            }
            let encoding: NetworkEncoding
            if methodName == "lp" {
                guard property.inputCount == network.inputSize, property.outputCount == network.outputSize, !property.regions.isEmpty else {
                    // encode(property:) gives the precise message.
                    _ = try network.encode(property: property)
                    return ExitCode.inputError
                }
                let bounds = try network.lpTightenedBounds(inputLower: property.inputHullLower, inputUpper: property.inputHullUpper,
                                                           options: LPTighteningOptions(timeLimit: lpTime))
                encoding = try network.encode(bounds: bounds, property: property, objective: objective)
            } else {
                encoding = try network.encode(property: property, options: EncodingOptions(boundMethod: BoundMethod(rawValue: methodName) ?? .symbolic, objective: objective))
            }
            let model = encoding.model
            try MPSWriter.write(model, to: args.positional[2])
            printOut("encoded \(network.name) with \(property.name) (\(methodName) bounds) in \(String(format: "%.3f", Date().timeIntervalSince(start))) s")
            printOut("  \(model.numberOfVariables) variables (\(model.numberOfIntegerVariables) binary: \(encoding.reluIndicators.count) ReLU phases, \(encoding.disjunctIndicators.count) disjuncts), \(model.numberOfConstraints) rows, \(model.numberOfNonzeros) nonzeros")
            printOut("  unstable ReLUs per layer: " + network.layers.indices.map { k in
                "\(encoding.bounds.phaseCounts(layer: k, of: network).unstable)"
            }.joined(separator: " "))
            printOut("  written to \(args.positional[2])")
            return ExitCode.success
        })
}
