/// A minimal reader of the protocol-buffers wire format (https://protobuf.dev/programming-guides/encoding/),
/// enough to decode ONNX files without a dependency.
///
/// Every read is bounds-checked against the end of the current message: a truncated or corrupt
/// input raises ``ProtobufError`` and never traps or loops (each step consumes at least one byte).

/// A malformed protobuf byte stream: what was wrong and at which byte offset.
struct ProtobufError: Error, CustomStringConvertible {
    let message: String
    let offset: Int
    var description: String { "\(message) at byte \(offset)" }
}

/// The wire type in the low three bits of a field key.
enum WireType: UInt8 {
    case varint = 0, fixed64 = 1, lengthDelimited = 2, startGroup = 3, endGroup = 4, fixed32 = 5
}

/// A cursor over a byte range `[position, end)` of a shared buffer.
struct ProtobufReader {
    let bytes: [UInt8]
    private(set) var position: Int
    let end: Int

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.position = 0
        self.end = bytes.count
    }

    private init(bytes: [UInt8], position: Int, end: Int) {
        self.bytes = bytes
        self.position = position
        self.end = end
    }

    var isAtEnd: Bool { position >= end }

    func error(_ message: String) -> ProtobufError { ProtobufError(message: message, offset: position) }

    /// An unsigned base-128 varint (at most 10 bytes).
    mutating func readVarint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else { throw error("truncated varint") }
            let byte = bytes[position]
            position += 1
            if shift == 63 && byte > 1 { throw error("varint longer than 64 bits") }
            result |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw error("varint longer than 10 bytes") }
        }
    }

    /// A field key: (field number, wire type).
    mutating func readKey() throws -> (field: Int, wire: WireType) {
        let start = position
        let key = try readVarint()
        guard let wire = WireType(rawValue: UInt8(key & 7)) else {
            throw ProtobufError(message: "invalid wire type \(key & 7)", offset: start)
        }
        let field = key >> 3
        guard field >= 1 && field <= 536_870_911 else {
            throw ProtobufError(message: "invalid field number \(field)", offset: start)
        }
        return (Int(field), wire)
    }

    mutating func readFixed32() throws -> UInt32 {
        guard end - position >= 4 else { throw error("truncated fixed32") }
        var v: UInt32 = 0
        for k in 0..<4 { v |= UInt32(bytes[position + k]) << (8 * UInt32(k)) }
        position += 4
        return v
    }

    mutating func readFixed64() throws -> UInt64 {
        guard end - position >= 8 else { throw error("truncated fixed64") }
        var v: UInt64 = 0
        for k in 0..<8 { v |= UInt64(bytes[position + k]) << (8 * UInt64(k)) }
        position += 8
        return v
    }

    mutating func readFloat() throws -> Float { Float(bitPattern: try readFixed32()) }
    mutating func readDouble() throws -> Double { Double(bitPattern: try readFixed64()) }

    /// The length prefix of a length-delimited field, checked against the bytes left.
    mutating func readLength() throws -> Int {
        let start = position
        let length = try readVarint()
        guard length <= UInt64(end - position) else {
            throw ProtobufError(message: "length \(length) runs past the end of the message (\(end - position) bytes left)",
                                offset: start)
        }
        return Int(length)
    }

    /// A sub-reader over the next length-delimited field; this reader skips past it.
    mutating func readMessage() throws -> ProtobufReader {
        let length = try readLength()
        let sub = ProtobufReader(bytes: bytes, position: position, end: position + length)
        position += length
        return sub
    }

    mutating func readBytes() throws -> ArraySlice<UInt8> {
        let length = try readLength()
        let slice = bytes[position..<(position + length)]
        position += length
        return slice
    }

    mutating func readString() throws -> String {
        String(decoding: try readBytes(), as: UTF8.self)
    }

    /// A signed int64 stored as a plain varint (two's complement).
    mutating func readInt64() throws -> Int64 { Int64(bitPattern: try readVarint()) }

    /// Skips one field's value of the given wire type (groups are skipped up to their end marker).
    mutating func skip(_ wire: WireType, field: Int, depth: Int = 0) throws {
        switch wire {
        case .varint: _ = try readVarint()
        case .fixed64: _ = try readFixed64()
        case .fixed32: _ = try readFixed32()
        case .lengthDelimited: _ = try readBytes()
        case .startGroup:
            guard depth < 64 else { throw error("groups nested too deeply") }
            while true {
                let (f, w) = try readKey()
                if w == .endGroup {
                    guard f == field else { throw error("group \(field) closed by end marker of field \(f)") }
                    return
                }
                try skip(w, field: f, depth: depth + 1)
            }
        case .endGroup: throw error("unexpected end-group marker for field \(field)")
        }
    }

    /// Appends the values of a repeated varint field, packed (wire type 2) or not (wire type 0).
    mutating func readRepeatedInt64(_ wire: WireType, into out: inout [Int64]) throws {
        switch wire {
        case .varint: out.append(try readInt64())
        case .lengthDelimited:
            var sub = try readMessage()
            while !sub.isAtEnd { out.append(try sub.readInt64()) }
        default: throw error("repeated integer field with wire type \(wire.rawValue)")
        }
    }

    /// Appends the values of a repeated float field, packed (wire type 2) or not (wire type 5).
    mutating func readRepeatedFloat(_ wire: WireType, into out: inout [Float]) throws {
        switch wire {
        case .fixed32: out.append(try readFloat())
        case .lengthDelimited:
            let length = try readLength()
            guard length % 4 == 0 else { throw error("packed float field of \(length) bytes (not a multiple of 4)") }
            out.reserveCapacity(out.count + length / 4)
            var sub = ProtobufReader(bytes: bytes, position: position, end: position + length)
            position += length
            while !sub.isAtEnd { out.append(try sub.readFloat()) }
        default: throw error("repeated float field with wire type \(wire.rawValue)")
        }
    }

    /// Appends the values of a repeated double field, packed (wire type 2) or not (wire type 1).
    mutating func readRepeatedDouble(_ wire: WireType, into out: inout [Double]) throws {
        switch wire {
        case .fixed64: out.append(try readDouble())
        case .lengthDelimited:
            let length = try readLength()
            guard length % 8 == 0 else { throw error("packed double field of \(length) bytes (not a multiple of 8)") }
            var sub = ProtobufReader(bytes: bytes, position: position, end: position + length)
            position += length
            while !sub.isAtEnd { out.append(try sub.readDouble()) }
        default: throw error("repeated double field with wire type \(wire.rawValue)")
        }
    }

    /// Checks that a singular field has the expected wire type.
    func expect(_ wire: WireType, _ expected: WireType, _ what: String) throws {
        guard wire == expected else {
            throw error("\(what) has wire type \(wire.rawValue), expected \(expected.rawValue)")
        }
    }
}
