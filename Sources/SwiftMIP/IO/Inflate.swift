/// A DEFLATE decoder (RFC 1951): stored, fixed-Huffman and dynamic-Huffman blocks.
///
/// Every read is bounds-checked: corrupt or truncated input ends in an ``InflateError``, never a trap
/// or an endless loop (each loop iteration consumes input bits, and running past the end of the input
/// is detected). Huffman codes decode through a 10-bit lookup table; longer codes fall back to the
/// canonical bit-by-bit walk (as in zlib's "puff").
struct InflateError: Error {
    let message: String
    /// Byte offset in the compressed input where the problem was found.
    let offset: Int
}

/// A canonical Huffman code, decodable by table look-up.
struct HuffmanTable {
    static let fastBits = 10
    /// Indexed by the next `fastBits` input bits: `symbol << 4 | length`, or 0 for codes longer than `fastBits`.
    var fast: [UInt32]
    /// Number of codes of each length 0...15.
    var count: [Int]
    /// Symbols ordered by code (canonical order).
    var symbols: [Int]

    /// Builds the code from per-symbol code lengths (0 = unused). Over-subscribed length sets are
    /// rejected; incomplete ones are accepted (an unused code then fails when met).
    init(lengths: ArraySlice<UInt8>) throws {
        count = [Int](repeating: 0, count: 16)
        for l in lengths { count[Int(l)] += 1 }
        count[0] = 0
        var left = 1
        for len in 1...15 {
            left <<= 1
            left -= count[len]
            if left < 0 { throw InflateError(message: "over-subscribed Huffman code lengths", offset: 0) }
        }
        var offsets = [Int](repeating: 0, count: 16)
        for len in 1..<15 { offsets[len + 1] = offsets[len] + count[len] }
        symbols = [Int](repeating: 0, count: lengths.count)
        for (k, l) in lengths.enumerated() where l != 0 {
            symbols[offsets[Int(l)]] = k
            offsets[Int(l)] += 1
        }
        // Fast table: walk the codes in canonical order; DEFLATE sends codes most significant bit first,
        // so the table is indexed by the bit-reversed code.
        fast = [UInt32](repeating: 0, count: 1 << HuffmanTable.fastBits)
        var code = 0
        var index = 0
        for len in 1...15 {
            for _ in 0..<count[len] {
                if len <= HuffmanTable.fastBits {
                    var reversed = 0
                    var c = code
                    for _ in 0..<len { reversed = (reversed << 1) | (c & 1); c >>= 1 }
                    let entry = UInt32(symbols[index] << 4 | len)
                    var r = reversed
                    while r < (1 << HuffmanTable.fastBits) {
                        fast[r] = entry
                        r += 1 << len
                    }
                }
                code += 1
                index += 1
            }
            code <<= 1
        }
    }
}

struct Inflater {
    let input: UnsafeBufferPointer<UInt8>
    /// Next input byte to load into the bit buffer (may run past the end: zeros are loaded then).
    var position: Int
    var bitBuffer: UInt64 = 0
    var bitCount = 0

    var output: UnsafeMutablePointer<UInt8>
    var outputCount = 0
    var outputCapacity: Int

    init(input: UnsafeBufferPointer<UInt8>, start: Int, capacityHint: Int) {
        self.input = input
        self.position = start
        outputCapacity = max(capacityHint, 1024)
        output = UnsafeMutablePointer<UInt8>.allocate(capacity: outputCapacity)
    }

    /// Frees the output buffer (call once, after copying the result out).
    func release() { output.deallocate() }

    /// The byte offset just after the bits consumed so far (rounded up to whole bytes).
    var consumedBytes: Int { position - bitCount / 8 }

    @inline(__always)
    mutating func refill() {
        while bitCount <= 56 {
            if position < input.count { bitBuffer |= UInt64(input[position]) << UInt64(bitCount) }
            position += 1
            bitCount += 8
        }
    }

    @inline(__always)
    mutating func bits(_ n: Int) throws -> Int {
        if bitCount < n { refill() }
        let v = Int(bitBuffer & ((1 << UInt64(n)) - 1))
        bitBuffer >>= UInt64(n)
        bitCount -= n
        if position > input.count && consumedBytes > input.count { throw truncated() }
        return v
    }

    func truncated() -> InflateError {
        InflateError(message: "the compressed data ends early (truncated file)", offset: input.count)
    }

    func corrupt(_ what: String) -> InflateError {
        InflateError(message: what, offset: min(consumedBytes, input.count))
    }

    @inline(__always)
    mutating func ensureOutput(_ extra: Int) {
        if outputCount + extra <= outputCapacity { return }
        var newCapacity = outputCapacity * 2
        while newCapacity < outputCount + extra { newCapacity *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        bigger.update(from: output, count: outputCount)
        output.deallocate()
        output = bigger
        outputCapacity = newCapacity
    }

    /// Decodes one symbol.
    @inline(__always)
    mutating func decode(_ table: HuffmanTable) throws -> Int {
        if bitCount < 15 { refill() }
        let entry = table.fast[Int(bitBuffer & UInt64((1 << HuffmanTable.fastBits) - 1))]
        if entry != 0 {
            let len = Int(entry & 15)
            bitBuffer >>= UInt64(len)
            bitCount -= len
            return Int(entry >> 4)
        }
        // Canonical walk, one bit at a time (codes longer than fastBits, or invalid codes).
        var code = 0, first = 0, index = 0
        for len in 1...15 {
            code |= Int(bitBuffer & 1)
            bitBuffer >>= 1
            bitCount -= 1
            let c = table.count[len]
            if code - first < c { return table.symbols[index + code - first] }
            index += c
            first = (first + c) << 1
            code <<= 1
        }
        throw corrupt("invalid Huffman code")
    }

    static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
                             131, 163, 195, 227, 258]
    static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025,
                               1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12,
                                13, 13]
    static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    static let fixedLiteral: HuffmanTable? = {
        var l = [UInt8](repeating: 8, count: 288)
        for k in 144..<256 { l[k] = 9 }
        for k in 256..<280 { l[k] = 7 }
        return try? HuffmanTable(lengths: l[...])
    }()
    static let fixedDistance: HuffmanTable? = try? HuffmanTable(lengths: [UInt8](repeating: 5, count: 30)[...])

    /// Decodes one DEFLATE stream starting at `position`; stops after the final block.
    mutating func run() throws {
        var final = false
        while !final {
            final = try bits(1) == 1
            let type = try bits(2)
            switch type {
            case 0: try storedBlock()
            case 1:
                guard let lit = Inflater.fixedLiteral, let dist = Inflater.fixedDistance else {
                    throw corrupt("internal: fixed Huffman tables")
                }
                try codes(lit, dist)
            case 2:
                let (lit, dist) = try dynamicTables()
                try codes(lit, dist)
            default:
                throw corrupt("invalid block type 3")
            }
        }
        // Drop the bits of the last partial byte.
        let drop = bitCount % 8
        bitBuffer >>= UInt64(drop)
        bitCount -= drop
    }

    mutating func storedBlock() throws {
        let drop = bitCount % 8
        bitBuffer >>= UInt64(drop)
        bitCount -= drop
        let len = try bits(16)
        let nlen = try bits(16)
        guard len == (~nlen & 0xffff) else { throw corrupt("stored block length check failed") }
        // Bytes still in the bit buffer come first, then straight from the input.
        ensureOutput(len)
        var remaining = len
        while remaining > 0 && bitCount >= 8 {
            output[outputCount] = UInt8(truncatingIfNeeded: bitBuffer)
            outputCount += 1
            bitBuffer >>= 8
            bitCount -= 8
            remaining -= 1
        }
        if position > input.count && consumedBytes > input.count { throw truncated() }
        if remaining > 0 {
            guard position + remaining <= input.count, let base = input.baseAddress else { throw truncated() }
            (output + outputCount).update(from: base + position, count: remaining)
            outputCount += remaining
            position += remaining
        }
    }

    mutating func dynamicTables() throws -> (HuffmanTable, HuffmanTable) {
        let nlen = try bits(5) + 257
        let ndist = try bits(5) + 1
        let ncode = try bits(4) + 4
        guard nlen <= 286, ndist <= 30 else { throw corrupt("too many length or distance codes") }
        var lengths = [UInt8](repeating: 0, count: 320)
        for k in 0..<ncode { lengths[Inflater.codeLengthOrder[k]] = UInt8(try bits(3)) }
        let lengthCode: HuffmanTable
        do { lengthCode = try HuffmanTable(lengths: lengths[0..<19]) } catch { throw corrupt("over-subscribed code-length code") }
        lengths = [UInt8](repeating: 0, count: 320)
        var k = 0
        while k < nlen + ndist {
            let symbol = try decode(lengthCode)
            if symbol < 16 {
                lengths[k] = UInt8(symbol)
                k += 1
                continue
            }
            var value: UInt8 = 0
            var repeatCount: Int
            switch symbol {
            case 16:
                guard k > 0 else { throw corrupt("repeated code length with no previous length") }
                value = lengths[k - 1]
                repeatCount = 3 + (try bits(2))
            case 17: repeatCount = 3 + (try bits(3))
            case 18: repeatCount = 11 + (try bits(7))
            default: throw corrupt("invalid code-length symbol")
            }
            guard k + repeatCount <= nlen + ndist else { throw corrupt("code lengths overflow the code count") }
            for _ in 0..<repeatCount {
                lengths[k] = value
                k += 1
            }
        }
        guard lengths[256] != 0 else { throw corrupt("no end-of-block code") }
        do {
            let lit = try HuffmanTable(lengths: lengths[0..<nlen])
            let dist = try HuffmanTable(lengths: lengths[nlen..<(nlen + ndist)])
            return (lit, dist)
        } catch {
            throw corrupt("over-subscribed literal/length or distance code")
        }
    }

    mutating func codes(_ lit: HuffmanTable, _ dist: HuffmanTable) throws {
        while true {
            if position > input.count && consumedBytes > input.count { throw truncated() }
            let symbol = try decode(lit)
            if symbol < 256 {
                ensureOutput(1)
                output[outputCount] = UInt8(symbol)
                outputCount += 1
                continue
            }
            if symbol == 256 { return }
            let li = symbol - 257
            guard li < 29 else { throw corrupt("invalid length symbol \(symbol)") }
            let length = Inflater.lengthBase[li] + (try bits(Inflater.lengthExtra[li]))
            let ds = try decode(dist)
            guard ds < 30 else { throw corrupt("invalid distance symbol \(ds)") }
            let distance = Inflater.distanceBase[ds] + (try bits(Inflater.distanceExtra[ds]))
            guard distance <= outputCount else { throw corrupt("distance \(distance) reaches before the start of the data") }
            ensureOutput(length)
            let from = output + (outputCount - distance)
            let to = output + outputCount
            if distance >= length {
                to.update(from: from, count: length)
            } else {
                for k in 0..<length { to[k] = from[k] }
            }
            outputCount += length
        }
    }
}
