import Foundation

/// A small RFC 4180 CSV reader and writer (quoted fields, doubled quotes, CRLF or LF line ends).
enum CSV {
    /// Parses `text` into rows of fields. Lines starting with `#` (outside quotes, at the start of a
    /// row) are comments and skipped; blank lines are skipped.
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var inQuotes = false
        var atRowStart = true
        var inComment = false
        var chars = Array(text.unicodeScalars)[...]
        while let c = chars.popFirst() {
            if inComment {
                if c == "\n" { inComment = false }
                continue
            }
            if inQuotes {
                if c == "\"" {
                    if chars.first == "\"" { field.unicodeScalars.append("\""); chars.removeFirst() } else { inQuotes = false }
                } else {
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "#" where atRowStart:
                inComment = true
            case "\"":
                inQuotes = true
                atRowStart = false
            case ",":
                row.append(field)
                field = ""
                atRowStart = false
            case "\r":
                continue
            case "\n":
                if !(atRowStart && field.isEmpty && row.isEmpty) {
                    row.append(field)
                    rows.append(row)
                }
                row = []
                field = ""
                atRowStart = true
            default:
                field.unicodeScalars.append(c)
                atRowStart = false
            }
        }
        if !row.isEmpty || !field.isEmpty {
            row.append(field)
            rows.append(row)
        }
        return rows
    }

    /// Parses a CSV with a header row into dictionaries keyed by the (trimmed) header names.
    static func parseWithHeader(_ text: String) -> (header: [String], rows: [[String: String]]) {
        let all = parse(text)
        guard let header = all.first?.map({ $0.trimmingCharacters(in: .whitespaces) }) else { return ([], []) }
        let rows = all.dropFirst().map { fields -> [String: String] in
            var d: [String: String] = [:]
            for (i, name) in header.enumerated() where i < fields.count {
                d[name] = fields[i].trimmingCharacters(in: .whitespaces)
            }
            return d
        }
        return (header, rows)
    }

    /// Quotes a field when it contains a comma, quote or line break.
    static func escape(_ field: String) -> String {
        if field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return field
    }

    /// One CSV line (without the line end).
    static func line(_ fields: [String]) -> String {
        fields.map(escape).joined(separator: ",")
    }
}
