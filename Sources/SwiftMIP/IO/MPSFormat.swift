/// Which MPS dialect to read.
///
/// - `fixed`: fields in the classic columns 2–3, 5–12, 15–22, 25–36, 40–47, 50–61; names may
///   contain spaces (netlib's forplan has them).
/// - `free`: fields separated by spaces or tabs; names of any length without spaces.
/// - `automatic`: free; when the free reading fails and every data line fits the fixed columns with
///   some name containing a space, fixed. On files that fit both layouts, both readings agree.
public enum MPSFormat: String, Sendable, Hashable, CaseIterable {
    case automatic
    case fixed
    case free
}

/// The fixed-format field layout (0-based [start, end) byte columns).
enum FixedFields {
    static let starts = [1, 4, 14, 24, 39, 49]
    static let ends = [3, 12, 22, 36, 47, 61]
    /// Byte columns that must be blank in a line that fits the fixed layout.
    static let separators: [(Int, Int)] = [(0, 1), (3, 4), (12, 14), (22, 24), (36, 39), (47, 49)]
}

extension MPSFormat {
    /// Decides between fixed and free by one pass over the bytes: fixed only when every data line
    /// (ROWS, COLUMNS, RHS, RANGES, BOUNDS) has blanks around the fixed name fields and at least one
    /// name field holds an inner space.
    static func detect(_ p: UnsafeBufferPointer<UInt8>) -> MPSFormat {
        var i = 0
        let n = p.count
        var inData = false
        var spaceInField = false
        while i < n {
            let lineStart = i
            while i < n && p[i] != 10 { i += 1 }
            var end = i
            if i < n { i += 1 }
            while end > lineStart && (p[end - 1] == 13 || p[end - 1] == 32 || p[end - 1] == 9) { end -= 1 }
            if end == lineStart || p[lineStart] == 42 /* '*' */ { continue }
            let first = p[lineStart]
            if first != 32 && first != 9 {
                // Section header: data sections are the ones with field layouts.
                var k = lineStart
                while k < end && p[k] != 32 && p[k] != 9 { k += 1 }
                inData = isDataSection(p, lineStart, k)
                continue
            }
            guard inData else { continue }
            let length = end - lineStart
            for k in lineStart..<end where p[k] == 9 { _ = k; return .free }
            // The blanks around the name fields must be there (numbers may run long).
            for (a, b) in FixedFields.separators.prefix(4) where a < length {
                for k in (lineStart + a)..<(lineStart + min(b, length)) where p[k] != 32 { _ = k; return .free }
            }
            if !spaceInField {
                for f in [1, 2, 4] {
                    let a = lineStart + FixedFields.starts[f]
                    let b = min(lineStart + FixedFields.ends[f], end)
                    if a >= b { break }
                    var s = a, e = b
                    while s < e && p[s] == 32 { s += 1 }
                    while e > s && p[e - 1] == 32 { e -= 1 }
                    var k = s
                    while k < e {
                        if p[k] == 32 { spaceInField = true; break }
                        k += 1
                    }
                }
            }
        }
        return spaceInField ? .fixed : .free
    }

    private static func isDataSection(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        MPSBytes.equalsIgnoringCase(p, s, e, "ROWS") || MPSBytes.equalsIgnoringCase(p, s, e, "COLUMNS")
            || MPSBytes.equalsIgnoringCase(p, s, e, "RHS") || MPSBytes.equalsIgnoringCase(p, s, e, "RANGES")
            || MPSBytes.equalsIgnoringCase(p, s, e, "BOUNDS")
    }
}
