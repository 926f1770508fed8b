/// A file could not be read: names the file, the line (1-based; 0 when no line applies, e.g. a corrupt
/// gzip stream), the offending text, what is wrong and what was expected.
///
/// Its `description` is one line, e.g.
/// `afiro.mps:12: 'XYZ' is not a number (expected the coefficient of column C1 in row R2)`.
public struct ParseError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The file as the caller named it (or a label such as `<string>` for in-memory input).
    public var file: String
    /// 1-based line number; 0 when the error concerns the file as a whole.
    public var line: Int
    /// The offending text (may be empty).
    public var text: String
    /// What is wrong, e.g. "is not a number".
    public var problem: String
    /// What the reader expected instead (may be empty).
    public var expected: String

    /// Creates an error.
    public init(file: String, line: Int, text: String = "", problem: String, expected: String = "") {
        self.file = file
        self.line = line
        self.text = text
        self.problem = problem
        self.expected = expected
    }

    public var description: String {
        var s = file
        if line > 0 { s += ":\(line)" }
        s += ": "
        if !text.isEmpty { s += "'\(ParseError.clip(text))' " }
        s += problem
        if !expected.isEmpty { s += " (expected \(expected))" }
        return s
    }

    /// Long offending text is shortened so that the message stays one readable line.
    static func clip(_ text: String) -> String {
        var t = text
        if t.count > 80 { t = String(t.prefix(77)) + "..." }
        return t.map { $0.isASCII && ($0.asciiValue ?? 32) < 32 ? " " : String($0) }.joined()
    }
}
