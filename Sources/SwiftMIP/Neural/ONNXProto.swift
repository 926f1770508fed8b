/// The part of the ONNX protobuf schema (onnx/onnx.proto3) the reader decodes. Field numbers follow the
/// schema; every other field is skipped by wire type. Decoding only: the graph is interpreted in
/// ONNXReader.swift.

/// A constant tensor (initializer or `Constant` node), values widened to Double.
struct ONNXTensor {
    var name = ""
    var dims: [Int] = []
    var values: [Double] = []
    var count: Int { dims.reduce(1, *) }
}

/// An attribute of a node; only the kinds the subset uses are kept.
struct ONNXAttribute {
    var name = ""
    var type: Int = 0            // AttributeProto.AttributeType: 1 FLOAT, 2 INT, 3 STRING, 4 TENSOR, 6 FLOATS, 7 INTS
    var float: Float? = nil
    var int: Int64? = nil
    var ints: [Int64] = []
    var floats: [Float] = []
    var string: String? = nil
    var tensor: ONNXTensor? = nil
}

struct ONNXNode {
    var inputs: [String] = []
    var outputs: [String] = []
    var name = ""
    var opType = ""
    var domain = ""
    var attributes: [ONNXAttribute] = []

    func attribute(_ name: String) -> ONNXAttribute? { attributes.first { $0.name == name } }
}

/// A graph input or output: its name and shape (`nil` entries are symbolic dimensions).
struct ONNXValueInfo {
    var name = ""
    var elementType = 0
    var shape: [Int?] = []
}

struct ONNXGraph {
    var nodes: [ONNXNode] = []
    var name = ""
    var initializers: [ONNXTensor] = []
    var inputs: [ONNXValueInfo] = []
    var outputs: [ONNXValueInfo] = []
    var hasSparseInitializers = false
}

struct ONNXModelProto {
    var irVersion: Int64 = 0
    var producerName = ""
    var graph: ONNXGraph? = nil
    var opsetVersion: Int64? = nil
    var hasFunctions = false
}

// MARK: - Decoding

enum ONNXDecoder {
    static func model(_ r: inout ProtobufReader) throws -> ONNXModelProto {
        var m = ONNXModelProto()
        while !r.isAtEnd {
            let (field, wire) = try r.readKey()
            switch (field, wire) {
            case (1, .varint): m.irVersion = try r.readInt64()
            case (2, .lengthDelimited): m.producerName = try r.readString()
            case (7, .lengthDelimited):
                var sub = try r.readMessage()
                m.graph = try graph(&sub)
            case (8, .lengthDelimited):
                var sub = try r.readMessage()
                var domain = "", version: Int64? = nil
                while !sub.isAtEnd {
                    let (f, w) = try sub.readKey()
                    switch (f, w) {
                    case (1, .lengthDelimited): domain = try sub.readString()
                    case (2, .varint): version = try sub.readInt64()
                    default: try sub.skip(w, field: f)
                    }
                }
                if domain.isEmpty || domain == "ai.onnx" { m.opsetVersion = version }
            case (25, _):
                m.hasFunctions = true
                try r.skip(wire, field: field)
            default: try r.skip(wire, field: field)
            }
        }
        return m
    }

    static func graph(_ r: inout ProtobufReader) throws -> ONNXGraph {
        var g = ONNXGraph()
        while !r.isAtEnd {
            let (field, wire) = try r.readKey()
            switch (field, wire) {
            case (1, .lengthDelimited):
                var sub = try r.readMessage()
                g.nodes.append(try node(&sub))
            case (2, .lengthDelimited): g.name = try r.readString()
            case (5, .lengthDelimited):
                var sub = try r.readMessage()
                g.initializers.append(try tensor(&sub))
            case (11, .lengthDelimited):
                var sub = try r.readMessage()
                g.inputs.append(try valueInfo(&sub))
            case (12, .lengthDelimited):
                var sub = try r.readMessage()
                g.outputs.append(try valueInfo(&sub))
            case (15, _):
                g.hasSparseInitializers = true
                try r.skip(wire, field: field)
            default: try r.skip(wire, field: field)
            }
        }
        return g
    }

    static func node(_ r: inout ProtobufReader) throws -> ONNXNode {
        var n = ONNXNode()
        while !r.isAtEnd {
            let (field, wire) = try r.readKey()
            switch (field, wire) {
            case (1, .lengthDelimited): n.inputs.append(try r.readString())
            case (2, .lengthDelimited): n.outputs.append(try r.readString())
            case (3, .lengthDelimited): n.name = try r.readString()
            case (4, .lengthDelimited): n.opType = try r.readString()
            case (7, .lengthDelimited): n.domain = try r.readString()
            case (5, .lengthDelimited):
                var sub = try r.readMessage()
                n.attributes.append(try attribute(&sub))
            default: try r.skip(wire, field: field)
            }
        }
        return n
    }

    static func attribute(_ r: inout ProtobufReader) throws -> ONNXAttribute {
        var a = ONNXAttribute()
        while !r.isAtEnd {
            let (field, wire) = try r.readKey()
            switch (field, wire) {
            case (1, .lengthDelimited): a.name = try r.readString()
            case (2, .fixed32): a.float = try r.readFloat()
            case (3, .varint): a.int = try r.readInt64()
            case (4, .lengthDelimited): a.string = try r.readString()
            case (5, .lengthDelimited):
                var sub = try r.readMessage()
                a.tensor = try tensor(&sub)
            case (7, .fixed32), (7, .lengthDelimited): try r.readRepeatedFloat(wire, into: &a.floats)
            case (8, .varint), (8, .lengthDelimited): try r.readRepeatedInt64(wire, into: &a.ints)
            case (20, .varint): a.type = Int(truncatingIfNeeded: try r.readInt64())
            default: try r.skip(wire, field: field)
            }
        }
        return a
    }

    /// TensorProto: dims, data_type, float/int32/int64/double data or raw_data (little-endian).
    static func tensor(_ r: inout ProtobufReader) throws -> ONNXTensor {
        var t = ONNXTensor()
        var dataType: Int64 = 0
        var floats: [Float] = []
        var doubles: [Double] = []
        var ints: [Int64] = []
        var raw: ArraySlice<UInt8>? = nil
        var external = false
        while !r.isAtEnd {
            let (field, wire) = try r.readKey()
            switch (field, wire) {
            case (1, .varint), (1, .lengthDelimited):
                var dims: [Int64] = []
                try r.readRepeatedInt64(wire, into: &dims)
                for d in dims {
                    guard d >= 0 && d <= 1 << 40 else { throw r.error("tensor dimension \(d)") }
                    t.dims.append(Int(d))
                }
            case (2, .varint): dataType = try r.readInt64()
            case (4, .fixed32), (4, .lengthDelimited): try r.readRepeatedFloat(wire, into: &floats)
            case (5, .varint), (5, .lengthDelimited), (7, .varint), (7, .lengthDelimited):
                try r.readRepeatedInt64(wire, into: &ints)
            case (8, .lengthDelimited): t.name = try r.readString()
            case (9, .lengthDelimited): raw = try r.readBytes()
            case (10, .fixed64), (10, .lengthDelimited): try r.readRepeatedDouble(wire, into: &doubles)
            case (13, _), (14, _):
                external = true
                try r.skip(wire, field: field)
            default: try r.skip(wire, field: field)
            }
        }
        let name = t.name.isEmpty ? "(unnamed)" : "'\(t.name)'"
        if external { throw r.error("tensor \(name) uses external data, which is not supported") }
        var size = 1
        for d in t.dims {
            let (p, overflow) = size.multipliedReportingOverflow(by: d)
            guard !overflow, p <= 1 << 32 else { throw r.error("tensor \(name) has too many elements \(t.dims)") }
            size = p
        }
        switch dataType {
        case 1:   // FLOAT
            if let raw {
                guard raw.count == 4 * size else {
                    throw r.error("tensor \(name) of shape \(t.dims) has \(raw.count) raw bytes, expected \(4 * size)")
                }
                t.values = [Double](repeating: 0, count: size)
                var k = raw.startIndex
                for i in 0..<size {
                    let bits = UInt32(raw[k]) | UInt32(raw[k + 1]) << 8 | UInt32(raw[k + 2]) << 16 | UInt32(raw[k + 3]) << 24
                    t.values[i] = Double(Float(bitPattern: bits))
                    k += 4
                }
            } else {
                t.values = floats.map(Double.init)
            }
        case 11:  // DOUBLE
            if let raw {
                guard raw.count == 8 * size else {
                    throw r.error("tensor \(name) of shape \(t.dims) has \(raw.count) raw bytes, expected \(8 * size)")
                }
                t.values = [Double](repeating: 0, count: size)
                var k = raw.startIndex
                for i in 0..<size {
                    var bits: UInt64 = 0
                    for b in 0..<8 { bits |= UInt64(raw[k + b]) << (8 * UInt64(b)) }
                    t.values[i] = Double(bitPattern: bits)
                    k += 8
                }
            } else {
                t.values = doubles
            }
        case 6, 7:  // INT32, INT64 (shapes for Reshape)
            if let raw {
                let width = dataType == 7 ? 8 : 4
                guard raw.count == width * size else {
                    throw r.error("tensor \(name) of shape \(t.dims) has \(raw.count) raw bytes, expected \(width * size)")
                }
                var k = raw.startIndex
                for _ in 0..<size {
                    var bits: UInt64 = 0
                    for b in 0..<width { bits |= UInt64(raw[k + b]) << (8 * UInt64(b)) }
                    let v = width == 8 ? Int64(bitPattern: bits) : Int64(Int32(bitPattern: UInt32(truncatingIfNeeded: bits)))
                    t.values.append(Double(v))
                    k += width
                }
            } else {
                t.values = ints.map(Double.init)
            }
        default:
            throw r.error("tensor \(name) has element type \(dataType); only FLOAT (1), DOUBLE (11), INT32 (6), INT64 (7) are supported")
        }
        guard t.values.count == size else {
            throw r.error("tensor \(name) of shape \(t.dims) holds \(t.values.count) values, expected \(size)")
        }
        return t
    }

    static func valueInfo(_ r: inout ProtobufReader) throws -> ONNXValueInfo {
        var v = ONNXValueInfo()
        while !r.isAtEnd {
            let (field, wire) = try r.readKey()
            switch (field, wire) {
            case (1, .lengthDelimited): v.name = try r.readString()
            case (2, .lengthDelimited):
                var type = try r.readMessage()
                while !type.isAtEnd {
                    let (f, w) = try type.readKey()
                    guard f == 1, w == .lengthDelimited else { try type.skip(w, field: f); continue }
                    var tensorType = try type.readMessage()
                    while !tensorType.isAtEnd {
                        let (f2, w2) = try tensorType.readKey()
                        switch (f2, w2) {
                        case (1, .varint): v.elementType = Int(truncatingIfNeeded: try tensorType.readInt64())
                        case (2, .lengthDelimited):
                            var shape = try tensorType.readMessage()
                            while !shape.isAtEnd {
                                let (f3, w3) = try shape.readKey()
                                guard f3 == 1, w3 == .lengthDelimited else { try shape.skip(w3, field: f3); continue }
                                var dim = try shape.readMessage()
                                var value: Int? = nil
                                while !dim.isAtEnd {
                                    let (f4, w4) = try dim.readKey()
                                    if f4 == 1, w4 == .varint {
                                        let d = try dim.readInt64()
                                        value = d >= 0 && d <= 1 << 40 ? Int(d) : nil
                                    } else {
                                        try dim.skip(w4, field: f4)
                                    }
                                }
                                v.shape.append(value)
                            }
                        default: try tensorType.skip(w2, field: f2)
                        }
                    }
                }
            default: try r.skip(wire, field: field)
            }
        }
        return v
    }
}
