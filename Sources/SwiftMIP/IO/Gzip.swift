/// The gzip container (RFC 1952) around DEFLATE data: header flags FEXTRA, FNAME, FCOMMENT and FHCRC,
/// the CRC-32 and length trailer (both verified), and several members in one file (concatenated).
/// Trailing zero bytes after the last member are ignored; any other trailing bytes are an error.
public enum Gzip {
    /// True when the bytes start with the gzip magic number 1f 8b.
    public static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
    }

    /// Decompresses all members of a gzip file; errors are ``ParseError``s naming `fileName`.
    public static func decompress(_ bytes: [UInt8], fileName: String) throws -> [UInt8] {
        func failure(_ problem: String, _ offset: Int) -> ParseError {
            ParseError(file: fileName, line: 0, problem: "is not a valid gzip file: \(problem) (at byte \(offset))",
                       expected: "a complete gzip (RFC 1952) stream")
        }
        return try bytes.withUnsafeBufferPointer { p -> [UInt8] in
            var result = [UInt8]()
            var at = 0
            guard !p.isEmpty else { throw failure("the file is empty", 0) }
            var member = 0
            while at < p.count {
                if member > 0 && p[at...].allSatisfy({ $0 == 0 }) { break }
                member += 1
                // Header.
                guard p.count - at >= 18 else { throw failure("the header or trailer is cut short (truncated file)", at) }
                guard p[at] == 0x1f && p[at + 1] == 0x8b else { throw failure("bad magic number (trailing garbage?)", at) }
                guard p[at + 2] == 8 else { throw failure("unknown compression method \(p[at + 2])", at + 2) }
                let flags = p[at + 3]
                guard flags & 0xe0 == 0 else { throw failure("reserved header flags set", at + 3) }
                let headerStart = at
                var k = at + 10
                if flags & 4 != 0 {  // FEXTRA
                    guard k + 2 <= p.count else { throw failure("truncated extra field", k) }
                    let xlen = Int(p[k]) | Int(p[k + 1]) << 8
                    k += 2 + xlen
                }
                if flags & 8 != 0 {  // FNAME
                    while k < p.count && p[k] != 0 { k += 1 }
                    k += 1
                }
                if flags & 16 != 0 {  // FCOMMENT
                    while k < p.count && p[k] != 0 { k += 1 }
                    k += 1
                }
                if flags & 2 != 0 {  // FHCRC: low 16 bits of the CRC-32 of the header
                    guard k + 2 <= p.count else { throw failure("truncated header", k) }
                    let stored = UInt32(p[k]) | UInt32(p[k + 1]) << 8
                    let crc = CRC32.update(0, UnsafeBufferPointer(rebasing: p[headerStart..<k])) & 0xffff
                    guard stored == crc else { throw failure("header CRC mismatch", k) }
                    k += 2
                }
                guard k < p.count else { throw failure("no compressed data after the header (truncated file)", min(k, p.count)) }
                // Data. The last member's ISIZE (when plausible) sizes the output buffer.
                var hint = 4 * (p.count - k)
                if p.count >= 4 {
                    let isize = Int(p[p.count - 4]) | Int(p[p.count - 3]) << 8 | Int(p[p.count - 2]) << 16 | Int(p[p.count - 1]) << 24
                    if isize > 0 && isize <= 1032 * (p.count - k) + 1024 { hint = isize }
                }
                var inflater = Inflater(input: p, start: k, capacityHint: hint)
                defer { inflater.release() }
                do {
                    try inflater.run()
                } catch let e as InflateError {
                    throw failure(e.message, e.offset)
                }
                let data = UnsafeBufferPointer(start: inflater.output, count: inflater.outputCount)
                at = inflater.consumedBytes
                // Trailer: CRC-32 and ISIZE (length mod 2^32), little-endian.
                guard at + 8 <= p.count else { throw failure("the trailer is missing (truncated file)", min(at, p.count)) }
                let crc = UInt32(p[at]) | UInt32(p[at + 1]) << 8 | UInt32(p[at + 2]) << 16 | UInt32(p[at + 3]) << 24
                let size = UInt32(p[at + 4]) | UInt32(p[at + 5]) << 8 | UInt32(p[at + 6]) << 16 | UInt32(p[at + 7]) << 24
                guard crc == CRC32.update(0, data) else { throw failure("CRC-32 mismatch: the data is corrupt", at) }
                guard size == UInt32(truncatingIfNeeded: data.count) else { throw failure("length mismatch: the data is corrupt", at + 4) }
                at += 8
                if result.isEmpty { result = Array(data) } else { result.append(contentsOf: data) }
            }
            return result
        }
    }
}
