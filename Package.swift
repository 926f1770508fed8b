// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "SwiftMIP",
    products: [
        .library(name: "SwiftMIP", targets: ["SwiftMIP"]),
        .executable(name: "swiftmip", targets: ["swiftmip"]),
        .executable(name: "swiftmip-bench", targets: ["swiftmip-bench"]),
        .executable(name: "swiftmip-instances", targets: ["swiftmip-instances"]),
    ],
    targets: [
        // The solver library: one folder per component (see README.md, "Architecture").
        .target(
            name: "SwiftMIP",
            path: "Sources/SwiftMIP",
            exclude: [
                "Model/README.md", "IO/README.md", "LinearAlgebra/README.md", "Simplex/README.md",
                "Presolve/README.md", "MIP/README.md", "Neural/README.md", "Cuts/README.md",
            ]
        ),
        // The command-line tool: a thin shell over the library's public API.
        .executableTarget(name: "swiftmip", dependencies: ["SwiftMIP"], path: "Sources/swiftmip"),
        // Regression benchmark runner (Benchmarks/README.md): the logic in BenchmarkKit (tested),
        // a thin executable over it. It drives the `swiftmip` binary in fresh processes.
        .target(name: "BenchmarkKit", path: "Benchmarks/Sources/BenchmarkKit"),
        .executableTarget(
            name: "swiftmip-bench", dependencies: ["BenchmarkKit", "swiftmip"],
            path: "Benchmarks/Sources/swiftmip-bench"),
        // Writes the models with known optima in Instances/ (Instances/README.md).
        .executableTarget(
            name: "swiftmip-instances", dependencies: ["SwiftMIP"], path: "Benchmarks/Sources/swiftmip-instances"),
        .testTarget(name: "SwiftMIPTests", dependencies: ["SwiftMIP", "BenchmarkKit"], path: "Tests/SwiftMIPTests"),
    ],
    swiftLanguageModes: [.v6]
)
