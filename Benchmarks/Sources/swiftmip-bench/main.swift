import BenchmarkKit
import Foundation

// swiftmip-bench: the regression benchmark runner (Benchmarks/README.md).
// All logic lives in BenchmarkKit (tested in Tests/SwiftMIPTests/BenchmarkTests.swift).
BenchmarkMain.installInterruptHandler()
exit(BenchmarkMain.run(Array(CommandLine.arguments.dropFirst())))
