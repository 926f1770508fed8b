import Foundation
import SwiftMIP

/// `swiftmip bounds net.onnx prop.vnnlib`: per layer, how many ReLUs each bounding method proves stable
/// and the average width of the pre-activation bounds.
func boundsCommand() -> CommandSpec {
    CommandSpec(
        name: "bounds",
        summary: "Bound every neuron of an ONNX network over a VNNLIB input box; report stable ReLUs per layer",
        arguments: "net.onnx prop.vnnlib",
        details: """
            For each bounding method (interval arithmetic; symbolic = DeepPoly/CROWN back-substitution;
            lp = symbolic tightened by LP over the relaxation of the earlier layers, with safe dual bounds),
            prints per layer the number of ReLUs proven active, proven inactive and unstable, and the
            average width of the pre-activation bounds, over the smallest box containing the property's
            input region(s). Times are wall-clock seconds.
            """,
        options: [
            OptionSpec(name: "method", valueName: "M", help: "interval, symbolic or all (default all)"),
            OptionSpec(name: "lp-time", valueName: "S", help: "time budget of LP tightening in seconds (default 60)"),
            OptionSpec(name: "lp-iterations", valueName: "N", help: "simplex iterations per LP (default 1000)"),
            OptionSpec(name: "repeat", valueName: "N", help: "compute each method's bounds N times and report the mean time (default 1)"),
        ],
        positionalCount: 2...2,
        run: { args in
            // "lp" = symbolic bounds tightened by LP over the relaxation of the earlier layers.
            let methods: [String]
            switch args.string("method") ?? "all" {
            case "all": methods = ["interval", "symbolic", "lp"]
            case let m:
                guard ["interval", "symbolic", "lp"].contains(m) else {
                    throw UsageError(message: "--method expects interval, symbolic, lp or all, got '\(m)'")
                }
                methods = [m]
            }
            let lpOptions = LPTighteningOptions(iterationLimitPerLP: try args.int("lp-iterations") ?? 1000,
                                                timeLimit: try args.double("lp-time") ?? 60)
            var start = Date()
            let network = try NeuralNetwork(contentsOf: URL(fileURLWithPath: args.positional[0]))
            let loadTime = Date().timeIntervalSince(start)
            start = Date()
            let property = try VNNProperty(contentsOf: URL(fileURLWithPath: args.positional[1]))
            let propertyTime = Date().timeIntervalSince(start)
            guard property.inputCount == network.inputSize, property.outputCount == network.outputSize else {
                printError("swiftmip bounds: the property has \(property.inputCount) inputs / \(property.outputCount) outputs, the network \(network.inputSize) / \(network.outputSize)")
                return ExitCode.inputError
            }
            guard !property.regions.isEmpty else {
                printError("swiftmip bounds: the property's input constraints are unsatisfiable")
                return ExitCode.inputError
            }
            let sizes = network.layers.map { "\($0.outputSize)\($0.activation == .relu ? "r" : "")" }.joined(separator: "-")
            printOut("network \(network.name): \(network.inputSize) inputs, layers \(sizes), \(network.reluCount) ReLUs; loaded in \(format(loadTime)) s")
            printOut("property \(property.name): \(property.regions.count) region(s), \(property.regions.map(\.disjuncts.count).reduce(0, +)) disjunct(s); read in \(format(propertyTime)) s")
            let repeats = try args.int("repeat") ?? 1
            guard repeats >= 1 else { throw UsageError(message: "--repeat expects a positive count") }
            for method in methods {
                start = Date()
                let compute = {
                    method == "lp"
                        ? try network.lpTightenedBounds(inputLower: property.inputHullLower, inputUpper: property.inputHullUpper, options: lpOptions)
                        : try network.bounds(inputLower: property.inputHullLower, inputUpper: property.inputHullUpper,
                                             method: method == "interval" ? .interval : .symbolic)
                }
                var bounds = try compute()
                for _ in 1..<repeats { bounds = try compute() }
                let time = Date().timeIntervalSince(start) / Double(repeats)
                printOut("")
                printOut("\(method): \(bounds.unstableCount(of: network)) unstable ReLUs, \(format(time)) s")
                printOut("  layer  neurons  active  inactive  unstable  avg width")
                for k in network.layers.indices {
                    let c = bounds.phaseCounts(layer: k, of: network)
                    let relu = network.layers[k].activation == .relu
                    let cols = [pad("\(k)", 7), pad("\(network.layers[k].outputSize)", 8),
                                pad(relu ? "\(c.active)" : "-", 7), pad(relu ? "\(c.inactive)" : "-", 9),
                                pad(relu ? "\(c.unstable)" : "-", 9), pad(String(format: "%.6g", bounds.averageWidth(layer: k)), 11)]
                    printOut(cols.joined(separator: " "))
                }
                let out = bounds.outputBounds(of: network)
                printOut("  outputs: " + zip(out.lower, out.upper).enumerated()
                    .map { "Y_\($0.offset) in [\(String(format: "%.6g", $0.element.0)), \(String(format: "%.6g", $0.element.1))]" }
                    .joined(separator: ", "))
            }
            return ExitCode.success
        })
}

private func format(_ seconds: Double) -> String { String(format: "%.4f", seconds) }

private func pad(_ s: String, _ width: Int) -> String {
    s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
}
