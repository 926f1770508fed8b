import Foundation
import Testing
@testable import SwiftMIP

/// Fixtures made with Python's zlib (raw DEFLATE at the stated level and strategy, hand-built gzip headers).
enum GzipFixtures {
    static let short = Array("NAME hello hello hello hello\n".utf8)
    /// `short`, stored block (level 0), header with FHCRC, FEXTRA, FNAME and FCOMMENT.
    static let stored = "H4sIHgAAAAAAAwQAYWIBAngubXBzAGEgY29tbWVudAAvEAEdAOL/TkFNRSBoZWxsbyBoZWxsbyBoZWxsbyBoZWxsbwqaAptQHQAAAA=="
    /// `short`, fixed Huffman block (Z_FIXED), header with FNAME.
    static let fixed = "H4sICAAAAAAAA3Nob3J0Lm1wcwDzc/R1VchIzcnJxyS5AJoCm1AdAAAA"
    /// `text`, dynamic Huffman block (level 9).
    static let dynamic = """
    H4sIAAAAAAAAA1WWQXbkIAxE93OKPoEfAgRonRvM/Q+TdlUJyMZ5IUnn/7Kt0ufz+fyU7+Xz/72Wp/x7v/kxHM3vxR7jUcWR9e+1PpVnDWf1/e32NJ51nq3vtT+dZ46z9n7xx3k2cNbfjx3P4NnkWXyvM1EWzvz99ZUsgbPx/vtIFqPGfL9YSRqTCVQseYwy62W1mkRGnTAkISSjjyGKTIc+C1EIyeiDH7XNRKFaEUYi0agG0kgiKrWBOARUqdQb8hBQpZEXBCKiSiGfSCTvGH1GZyJiqhSaxkQEVak0FxMRVaXUciSSVJSKikiSSlKIJKHoFEhETI1KSKvvx4hK4PUkalTCH4wEalRqE4kIqNGodyQioEYhNyQiokYfX0wkmSg0nIkkFI1mZSJJRacZSERUnVJrIBFRdUpFQySi6pJCJILqdMLz25Op67GbiERInU64g2O/b3RChnMTUQkOaxPRCJ8Sm4hCXhmJmJxGHoxEUE6lMRiJqJxOsyESUTmlFt7GPQYotSYiEZVTKjoyEZVrOiCSZKIT3mjfSHTCOzU2EZ3wTM8kGlTCY7WSaNAIdzX2ZKIQgrU9CAaNIGZ7FAwq4cNtD4NBpzERiagGnSZex01FqWWIJKkotRYiSSq9TY5McmDqPiESIU06GSeriKbGN0eriKbmN2eriCaNGoeriCaFuoarkKbukoZrMlHJNVyTik6DwzWpNMjxPibV0iB3RCKqRalVEYmolsZ4IBJBLU3xgUzEtHSbEEkWC52M01VEi0qV0zWJNMY5XZOIQk3TNZFo1DVdxRQa5JquggpNcr+bN+g06t29oUked/mGBvm42zdUTe2u36AUKHb/xty1v/s31u793b8Rp/h3AVspp/qvCrZT/lcHl3r6/yrh0s4KcLVw6WcLODVc/OwBp4jLOJvAqeIyzypwurisswqcMi5xVoHTxlomcId2HZuWCbvr2HKXuOvYtEqY331s2iVq/VPIpnWixp9GNm0UbfypZNNO0dvdyaalwstdyqatwqdq+Rfo90C57wkAAA==
    """

    /// The text behind `dynamic`: 120 lines like `    C7    R49   7.0`.
    static let text: [UInt8] = Array((0..<120).map { i in "    C\(i)    R\(i * 7 % 97)   \(i % 13).\(i % 7)\n" }.joined().utf8)

    static func bytes(_ base64: String) -> [UInt8] {
        [UInt8](Data(base64Encoded: base64.replacingOccurrences(of: "\n", with: "")) ?? Data())
    }
}

@Suite("Gzip")
struct GzipTests {
    @Test func storedBlockWithAllHeaderFlags() throws {
        #expect(try Gzip.decompress(GzipFixtures.bytes(GzipFixtures.stored), fileName: "s.gz") == GzipFixtures.short)
    }

    @Test func fixedHuffmanBlock() throws {
        #expect(try Gzip.decompress(GzipFixtures.bytes(GzipFixtures.fixed), fileName: "f.gz") == GzipFixtures.short)
    }

    @Test func dynamicHuffmanBlock() throws {
        #expect(try Gzip.decompress(GzipFixtures.bytes(GzipFixtures.dynamic), fileName: "d.gz") == GzipFixtures.text)
    }

    @Test func multipleMembersAndTrailingZeros() throws {
        let two = GzipFixtures.bytes(GzipFixtures.fixed) + GzipFixtures.bytes(GzipFixtures.dynamic) + [0, 0, 0]
        #expect(try Gzip.decompress(two, fileName: "m.gz") == GzipFixtures.short + GzipFixtures.text)
    }

    @Test func trailingGarbageIsAnError() {
        let bad = GzipFixtures.bytes(GzipFixtures.fixed) + [1, 2, 3]
        #expect(throws: ParseError.self) { try Gzip.decompress(bad, fileName: "g.gz") }
    }

    @Test func crcMismatchNamesTheFile() {
        var b = GzipFixtures.bytes(GzipFixtures.dynamic)
        b[b.count - 8] ^= 1
        do {
            _ = try Gzip.decompress(b, fileName: "model.mps.gz")
            Issue.record("corrupt CRC accepted")
        } catch let e as ParseError {
            #expect(e.file == "model.mps.gz")
            #expect(e.description.contains("CRC"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    /// Every truncation and many single-bit flips end in an error or (for bits the format ignores) the
    /// original data: never a trap, a hang or wrong data.
    @Test func fuzzTruncationsAndBitFlips() {
        for fixture in [GzipFixtures.stored, GzipFixtures.fixed, GzipFixtures.dynamic] {
            let good = GzipFixtures.bytes(fixture)
            let expected = (try? Gzip.decompress(good, fileName: "x")) ?? []
            for cut in 0..<good.count {
                #expect(throws: ParseError.self) { try Gzip.decompress(Array(good[0..<cut]), fileName: "x") }
            }
            var generator = SplitMix64(seed: 7)
            for _ in 0..<1500 {
                var b = good
                let bit = Int(generator.next() % UInt64(b.count * 8))
                b[bit / 8] ^= UInt8(1 << (bit % 8))
                if let out = try? Gzip.decompress(b, fileName: "x") { #expect(out == expected) }
            }
            // Random garbage after a valid header.
            for _ in 0..<200 {
                var b = Array(good.prefix(10))
                for _ in 0..<Int(generator.next() % 200) { b.append(UInt8(truncatingIfNeeded: generator.next())) }
                _ = try? Gzip.decompress(b, fileName: "x")
            }
        }
    }

    @Test(.enabled(if: TestPaths.hasShared))
    func readsTheSharedGzipInstances() throws {
        let path = TestPaths.shared!.appendingPathComponent("instances/mip/air03.mps.gz").path
        let bytes = try MPSReader.readFile(path)
        let plain = try Gzip.decompress(bytes, fileName: path)
        #expect(plain.count > 1_000_000)
        #expect(plain.starts(with: Array("*".utf8)) || plain.starts(with: Array("NAME".utf8)))
    }

    @Test func crc32KnownValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    }
}

