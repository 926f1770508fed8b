/// The gzip container (RFC 1952) around DEFLATE data.
enum Gzip {
    /// True when the bytes start with the gzip magic number 1f 8b.
    static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
    }

    /// Decompresses all members of a gzip file.
    static func decompress(_ bytes: [UInt8], fileName: String) throws -> [UInt8] {
        throw ParseError(file: fileName, line: 0, problem: "is gzip-compressed; the decoder is not available yet")
    }
}
