/// Byte-level helpers for the MPS reader: keyword comparison and number parsing without building
/// a `String` per token.
enum MPSBytes {
    /// True when bytes [s, e) spell `word` (ASCII, case-insensitive).
    static func equalsIgnoringCase(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, _ word: StaticString) -> Bool {
        guard e - s == word.utf8CodeUnitCount else { return false }
        let w = word.utf8Start
        for k in 0..<(e - s) {
            var c = p[s + k]
            if c >= 97 && c <= 122 { c -= 32 }
            if c != w[k] { return false }
        }
        return true
    }

    /// True when bytes [s, e) spell `word` exactly.
    static func equals(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, _ word: StaticString) -> Bool {
        guard e - s == word.utf8CodeUnitCount else { return false }
        let w = word.utf8Start
        for k in 0..<(e - s) where p[s + k] != w[k] { return false }
        return true
    }

    static func string(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: p[s..<e]), as: UTF8.self)
    }

    /// Exact powers of ten representable as doubles (10^0 ... 10^22).
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// Parses a decimal number in bytes [s, e): optional sign, digits with an optional point, an
    /// optional exponent (`e`, `E`, and Fortran's `d`, `D`), or `inf`/`infinity`. Returns nil when the
    /// text is not such a number (NaN included). Correctly rounded: a fast exact path (Clinger 1990:
    /// mantissa < 2^53 and |exponent| <= 22 need one exact operation), else the standard library's parser.
    static func parseDouble(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Double? {
        guard s < e else { return nil }
        var i = s
        var negative = false
        if p[i] == 45 { negative = true; i += 1 } else if p[i] == 43 { i += 1 }
        guard i < e else { return nil }
        if p[i] == 105 || p[i] == 73 {  // i / I
            if equalsIgnoringCase(p, i, e, "INF") || equalsIgnoringCase(p, i, e, "INFINITY") {
                return negative ? -.infinity : .infinity
            }
            return nil
        }
        var mantissa: UInt64 = 0
        var significant = 0
        var exponent = 0
        var digits = 0
        var exact = true
        while i < e && p[i] >= 48 && p[i] <= 57 {
            let d = UInt64(p[i] - 48)
            if significant < 19 {
                if mantissa != 0 || d != 0 { significant += 1 }
                mantissa = mantissa &* 10 &+ d
            } else {
                exponent += 1
                if d != 0 { exact = false }
            }
            digits += 1
            i += 1
        }
        if i < e && p[i] == 46 {  // '.'
            i += 1
            while i < e && p[i] >= 48 && p[i] <= 57 {
                let d = UInt64(p[i] - 48)
                if significant < 19 {
                    if mantissa != 0 || d != 0 { significant += 1 }
                    mantissa = mantissa &* 10 &+ d
                    exponent -= 1
                } else if d != 0 {
                    exact = false
                }
                digits += 1
                i += 1
            }
        }
        guard digits > 0 else { return nil }
        var usesD = false
        if i < e && (p[i] == 101 || p[i] == 69 || p[i] == 100 || p[i] == 68) {
            usesD = p[i] == 100 || p[i] == 68
            i += 1
            var expNegative = false
            if i < e && (p[i] == 45 || p[i] == 43) { expNegative = p[i] == 45; i += 1 }
            var expDigits = 0
            var value = 0
            while i < e && p[i] >= 48 && p[i] <= 57 {
                if value < 100_000 { value = value * 10 + Int(p[i] - 48) }
                expDigits += 1
                i += 1
            }
            guard expDigits > 0 else { return nil }
            exponent += expNegative ? -value : value
        }
        guard i == e else { return nil }
        if mantissa == 0 { return negative ? -0.0 : 0.0 }
        if exact && mantissa < (1 << 53) {
            var value = Double(mantissa)
            if exponent >= 0 && exponent <= 22 {
                value *= powersOfTen[exponent]
                return negative ? -value : value
            }
            if exponent < 0 && exponent >= -22 {
                value /= powersOfTen[-exponent]
                return negative ? -value : value
            }
            if exponent > 22 && exponent <= 22 + 15 {
                // Move part of the exponent into the mantissa while it stays exact.
                var m = mantissa
                var k = exponent - 22
                while k > 0 && m < (1 << 53) / 10 { m *= 10; k -= 1 }
                if k == 0 {
                    value = Double(m) * 1e22
                    return negative ? -value : value
                }
            }
        }
        // Rare: many digits or a large exponent. The standard library rounds correctly.
        var text = string(p, s, e)
        if usesD { text = String(text.map { $0 == "d" || $0 == "D" ? "e" : $0 }) }
        guard let value = Double(text), !value.isNaN else { return nil }
        return value
    }
}
