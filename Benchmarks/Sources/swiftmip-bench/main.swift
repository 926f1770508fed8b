import Foundation
import SwiftMIP

// swiftmip-bench: the regression benchmark runner (see Benchmarks/README.md).
// It grows with the benchmark issue; for now it only explains itself.
print("swiftmip-bench \(SwiftMIPVersion.string): the benchmark runner is not implemented yet.")
exit(0)
