import Foundation

/// Reads LP and MIP models in MPS format (fixed or free, plain or gzip-compressed), following the
/// conventions of CPLEX's and HiGHS's readers:
///
/// - The first N row is the objective (or the one an `OBJNAME` section names); further N rows are
///   dropped with a warning, RHS entries on them ignored.
/// - `OBJSENSE` as a section (`MAX`/`MIN` on the next line) or on one line (`OBJSENSE MAX`).
/// - An RHS on the objective row is minus the objective constant.
/// - RANGES: an L row becomes [rhs − |R|, rhs], a G row [rhs, rhs + |R|], an E row [rhs, rhs + R] for
///   R > 0 and [rhs + R, rhs] for R < 0.
/// - Columns between `'MARKER' 'INTORG'` and `'INTEND'` are integer; an integer column without any
///   bound entry is binary [0, 1]; any bound entry overrides that (the lower bound then defaults to 0).
/// - BOUNDS UP, LO, FX, FR, MI, PL, BV, LI, UI. An UP (or UI) bound below 0 on a column without a lower
///   bound makes the lower bound −∞, with a warning (CPLEX, CBC). SC and SI are rejected.
/// - Values of magnitude ≥ 1e20 (or `Inf`, `Infinity`) in bounds, RHS and RANGES are infinite.
/// - Explicit zero coefficients are dropped. The same (column, row) entry twice is an error, as is a
///   column whose entries are not on consecutive lines; a repeated RHS, range or bound replaces the
///   earlier one with a warning.
/// - `*` in column 1 starts a comment; blank lines, tabs, CRLF and trailing blanks are fine. A file
///   must end with `ENDATA` (a missing one usually means a truncated file, so it is an error).
/// - Integer columns with bounds exactly [0, 1] get kind `.binary`, other integer columns `.integer`.
///
/// Errors are ``ParseError``s naming the file, line, offending text and what was expected.
public enum MPSReader {
    /// Reads a model from a file; `.gz` files (detected by their magic bytes) are decompressed first.
    /// Returns the model and the reader's warnings (never printed).
    public static func read(contentsOf path: String, format: MPSFormat = .automatic) throws
        -> (model: Model, warnings: [String]) {
        let bytes = try readFile(path)
        return try read(bytes: bytes, fileName: path, format: format)
    }

    /// Reads a model from bytes (plain or gzip-compressed MPS). `fileName` labels error messages.
    public static func read(bytes: [UInt8], fileName: String = "<bytes>", format: MPSFormat = .automatic) throws
        -> (model: Model, warnings: [String]) {
        if Gzip.isGzip(bytes) {
            let plain = try Gzip.decompress(bytes, fileName: fileName)
            return try readPlain(plain, fileName: fileName, format: format)
        }
        return try readPlain(bytes, fileName: fileName, format: format)
    }

    /// Reads a model from MPS text.
    public static func read(string: String, fileName: String = "<string>", format: MPSFormat = .automatic) throws
        -> (model: Model, warnings: [String]) {
        try readPlain(Array(string.utf8), fileName: fileName, format: format)
    }

    static func readPlain(_ bytes: [UInt8], fileName: String, format: MPSFormat) throws
        -> (model: Model, warnings: [String]) {
        try bytes.withUnsafeBufferPointer { p in
            func run(fixed: Bool) throws -> (model: Model, warnings: [String]) {
                var parser = MPSParser(bytes: p, file: fileName, fixed: fixed)
                try parser.parse()
                let model = parser.makeModel()
                return (model, parser.warnings.finished(file: fileName))
            }
            guard format == .automatic else { return try run(fixed: format == .fixed) }
            // Automatic: the free reading is right unless names contain spaces, and then it fails
            // (a name with a space splits into too many fields); only then is the layout examined.
            do {
                return try run(fixed: false)
            } catch let freeError {
                guard MPSFormat.detect(p) == .fixed else { throw freeError }
                return try run(fixed: true)
            }
        }
    }

    /// The bytes of a file, or a ``ParseError`` saying why it cannot be read.
    static func readFile(_ path: String) throws -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ParseError(file: path, line: 0, problem: "no such file", expected: "a readable file")
        }
        guard !isDirectory.boolValue else {
            throw ParseError(file: path, line: 0, problem: "is a directory", expected: "a file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ParseError(file: path, line: 0, problem: "cannot be read", expected: "a readable file")
        }
        return [UInt8](data)
    }
}
