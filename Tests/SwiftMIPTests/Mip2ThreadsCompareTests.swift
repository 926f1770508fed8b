import Testing
import BenchmarkKit

@Suite("Mip2 threads-compare option")
struct Mip2ThreadsCompareOptionTests {
    @Test func parsesCountsAndRejectsNonsense() throws {
        let o = try BenchOptions.parse(["--suite", "miplib", "--threads-compare", "1,2", "--min-nodes", "500"])
        #expect(o.threadsCompare == [1, 2])
        #expect(o.minNodes == 500)
        #expect(throws: BenchUsageError.self) { try BenchOptions.parse(["--suite", "miplib", "--threads-compare", "2"]) }
        #expect(throws: BenchUsageError.self) { try BenchOptions.parse(["--suite", "miplib", "--threads-compare", "1,x"]) }
    }
}
