import Foundation

/// Writes a ``Model`` as MPS that ``MPSReader`` reads back to the identical model.
///
/// - Numbers are printed in Swift's shortest round-trip form, so every value comes back bit for bit;
///   infinite bounds are expressed by the bound types (MI, PL, FR) or as ±1e30.
/// - Sense (`OBJSENSE MAX`), objective constant (an RHS of −constant on the objective row), ranges,
///   all bound kinds and integer columns (MARKER lines) are written.
/// - Ranged rows are written as a G row with a range (or an L row with a range when that reproduces
///   the bounds exactly); free rows as G rows with RHS −1e30. Rows with lower > upper cannot be
///   expressed in MPS and come back with the bounds of the G reading.
/// - Integer kinds are normalised as the reader does: integer columns with bounds [0, 1] read back as
///   `.binary`, others as `.integer`.
/// - Format: free MPS, or fixed MPS when asked for and every name has 1–8 characters without leading
///   or trailing blanks (fixed format also carries names with inner spaces, which free format
///   cannot: `.automatic` picks fixed for such models). Names that fit neither are written free with
///   blanks replaced by `_`.
public enum MPSWriter {
    /// The model as MPS text.
    public static func write(_ model: Model, format: MPSFormat = .automatic) -> String {
        let fixed: Bool
        switch format {
        case .fixed: fixed = canWriteFixed(model)
        case .free: fixed = false
        case .automatic: fixed = !namesFitFree(model) && canWriteFixed(model)
        }
        var w = Writer(fixed: fixed)
        w.model(model)
        return w.out
    }

    /// Writes the model to a file (plain text; the `.gz` suffix is not honoured).
    public static func write(_ model: Model, to path: String, format: MPSFormat = .automatic) throws {
        let text = write(model, format: format)
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw ParseError(file: path, line: 0, problem: "cannot be written: \(error.localizedDescription)",
                             expected: "a writable path")
        }
    }

    /// True when every name (model name excepted) fits fixed MPS: 1–8 characters, no leading or
    /// trailing blank, no tab.
    public static func canWriteFixed(_ model: Model) -> Bool {
        func ok(_ s: String) -> Bool {
            let u = Array(s.utf8)
            return !u.isEmpty && u.count <= 8 && u.first != 32 && u.last != 32 && !u.contains(9) && !u.contains(10)
                && !u.contains(13)
        }
        return ok(model.objectiveName) && model.variables.allSatisfy { ok($0.name) } && model.constraints.allSatisfy { ok($0.name) }
    }

    /// True when no name contains a blank (free MPS separates fields by blanks).
    static func namesFitFree(_ model: Model) -> Bool {
        func ok(_ s: String) -> Bool { !s.isEmpty && !s.utf8.contains { $0 == 32 || $0 == 9 || $0 == 10 || $0 == 13 } }
        return ok(model.objectiveName) && model.variables.allSatisfy { ok($0.name) } && model.constraints.allSatisfy { ok($0.name) }
    }

    /// A double in the shortest text that reads back to the same value ("1" rather than "1.0");
    /// infinities as ±1e+30 (infinite in every MPS reader).
    public static func number(_ v: Double) -> String {
        if v == .infinity { return "1e+30" }
        if v == -.infinity { return "-1e+30" }
        if v == v.rounded() && abs(v) < 1e15 {
            return v == 0 ? "0" : String(Int64(v))
        }
        return "\(v)"
    }
}

/// Line assembly for both layouts.
private struct Writer {
    let fixed: Bool
    var out = ""

    init(fixed: Bool) {
        self.fixed = fixed
        out.reserveCapacity(1 << 16)
    }

    func name(_ s: String) -> String {
        if fixed { return s }
        if s.isEmpty { return "_" }
        return String(s.map { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" ? "_" : $0 })
    }

    static func pad(_ s: String, _ width: Int) -> String {
        let n = s.utf8.count
        return n >= width ? s : s + String(repeating: " ", count: width - n)
    }

    /// A data line: optional type, then a name and up to two (name, value) pairs.
    mutating func line(type: String = "", _ first: String, _ pairs: [(String, String)] = []) {
        if fixed {
            var s = " " + Writer.pad(type, 2) + " " + Writer.pad(first, 8)
            for (k, (n, v)) in pairs.enumerated() {
                if k == 0 {
                    s += "  " + Writer.pad(n, 8) + "  " + (pairs.count > 1 ? Writer.pad(v, 12) : v)
                } else {
                    s += "   " + Writer.pad(n, 8) + "  " + v
                }
            }
            while s.hasSuffix(" ") { s.removeLast() }
            out += s + "\n"
        } else {
            var s = type.isEmpty ? "    " : " " + Writer.pad(type, 2) + " "
            s += pairs.isEmpty ? first : Writer.pad(first, 8)
            for (k, (n, v)) in pairs.enumerated() {
                s += "  " + Writer.pad(n, 8) + "  " + (k + 1 < pairs.count ? Writer.pad(v, 12) : v)
            }
            while s.hasSuffix(" ") { s.removeLast() }
            out += s + "\n"
        }
    }

    /// Pairs two entries on a line where the layout allows (fixed: the first value must fit 12 columns).
    mutating func entries(_ head: String, _ list: [(String, String)]) {
        var k = 0
        while k < list.count {
            if k + 1 < list.count && (!fixed || list[k].1.utf8.count <= 12) {
                line(head, [list[k], list[k + 1]])
                k += 2
            } else {
                line(head, [list[k]])
                k += 1
            }
        }
    }

    mutating func model(_ model: Model) {
        let constraintNames = model.constraints.map { name($0.name) }
        var objective = name(model.objectiveName)
        if Set(constraintNames).contains(objective) {
            // The objective row's name must differ from every constraint's.
            var k = 0
            while Set(constraintNames).contains(objective) { k += 1; objective = fixed ? "OBJ\(k)" : "obj_\(k)" }
        }
        out += model.name.isEmpty ? "NAME\n" : (fixed ? "NAME          " : "NAME ") + model.name + "\n"
        if model.sense == .maximize { out += "OBJSENSE\n    MAX\n" }

        // ROWS. Ranged rows become G rows with a range (or L rows when only that form is exact).
        out += "ROWS\n"
        line(type: "N", objective)
        var rhs: [(Int, Double)] = []
        var ranges: [(Int, Double)] = []
        for (i, row) in model.constraints.enumerated() {
            let lo = row.lowerBound, up = row.upperBound
            if lo == up {
                line(type: "E", constraintNames[i])
                if lo != 0 { rhs.append((i, lo)) }
            } else if lo.isFinite && up.isFinite {
                let (type, b, r) = Writer.rangedRow(lo, up)
                line(type: type, constraintNames[i])
                if b != 0 { rhs.append((i, b)) }
                ranges.append((i, r))
            } else if up.isFinite {
                line(type: "L", constraintNames[i])
                if up != 0 { rhs.append((i, up)) }
            } else if lo.isFinite {
                line(type: "G", constraintNames[i])
                if lo != 0 { rhs.append((i, lo)) }
            } else {
                line(type: "G", constraintNames[i])
                rhs.append((i, lo))  // -inf: written as -1e30, a free row
            }
        }

        // COLUMNS: transpose the rows (entries arrive in row order per column).
        let n = model.variables.count
        var count = [Int](repeating: 0, count: n + 1)
        for row in model.constraints { for t in row.terms where t.variable.index < n { count[t.variable.index + 1] += 1 } }
        for j in 0..<n { count[j + 1] += count[j] }
        var fill = count
        var entryRow = [Int](repeating: 0, count: count[n])
        var entryValue = [Double](repeating: 0, count: count[n])
        for (i, row) in model.constraints.enumerated() {
            for t in row.terms where t.variable.index < n {
                let j = t.variable.index
                entryRow[fill[j]] = i
                entryValue[fill[j]] = t.coefficient
                fill[j] += 1
            }
        }
        out += "COLUMNS\n"
        var inInteger = false
        for (j, v) in model.variables.enumerated() {
            if v.kind.isIntegral != inInteger {
                inInteger = v.kind.isIntegral
                marker(inInteger ? "'INTORG'" : "'INTEND'")
            }
            var list: [(String, String)] = []
            let columnName = name(v.name)
            if v.objective != 0 { list.append((objective, MPSWriter.number(v.objective))) }
            var k = count[j]
            while k < count[j + 1] {
                var value = entryValue[k]
                let row = entryRow[k]
                while k + 1 < count[j + 1] && entryRow[k + 1] == row { k += 1; value += entryValue[k] }  // merge repeats
                if value != 0 { list.append((constraintNames[row], MPSWriter.number(value))) }
                k += 1
            }
            if list.isEmpty { list.append((objective, "0")) }  // keeps an empty column in the file
            entries(columnName, list)
        }
        if inInteger { marker("'INTEND'") }

        if !rhs.isEmpty || model.objectiveConstant != 0 {
            out += "RHS\n"
            var list: [(String, String)] = []
            if model.objectiveConstant != 0 { list.append((objective, MPSWriter.number(-model.objectiveConstant))) }
            for (i, b) in rhs { list.append((constraintNames[i], MPSWriter.number(b))) }
            entries("RHS", list)
        }
        if !ranges.isEmpty {
            out += "RANGES\n"
            entries("RNG", ranges.map { (constraintNames[$0.0], MPSWriter.number($0.1)) })
        }

        var boundLines: [(String, String, String?)] = []
        for v in model.variables {
            let l = v.lowerBound, u = v.upperBound
            let columnName = name(v.name)
            if v.kind.isIntegral && l == 0 && u == 1 { continue }  // the MARKER default: binary
            var wrote = false
            if l == u && l.isFinite {
                boundLines.append(("FX", columnName, MPSWriter.number(l)))
                continue
            }
            if l == -.infinity && u == .infinity {
                boundLines.append(("FR", columnName, nil))
                continue
            }
            if l == -.infinity {
                boundLines.append(("MI", columnName, nil)); wrote = true
            } else if l != 0 || u < 0 {
                // An UP < 0 without a lower bound would make the reader set the lower bound to -inf.
                boundLines.append(("LO", columnName, MPSWriter.number(l))); wrote = true
            }
            if u != .infinity {
                boundLines.append(("UP", columnName, MPSWriter.number(u))); wrote = true
            }
            if v.kind.isIntegral && !wrote {
                // Without any bound entry a MARKER integer column would read as binary.
                boundLines.append(("PL", columnName, nil))
            }
        }
        if !boundLines.isEmpty {
            out += "BOUNDS\n"
            for (type, column, value) in boundLines {
                line(type: type, "BND", [(column, value ?? "")].map { ($0.0, $0.1) })
            }
        }
        out += "ENDATA\n"
    }

    mutating func marker(_ word: String) {
        if fixed {
            out += "    MARKER                 'MARKER'                 \(word)\n"
        } else {
            out += "    MARKER  'MARKER'  \(word)\n"
        }
    }

    /// The row type, RHS and range value that make the reader reproduce [lo, up] exactly:
    /// G: [b, b + |R|], L: [b - |R|, b]. Tries the nearest neighbours of up − lo when rounding bites.
    static func rangedRow(_ lo: Double, _ up: Double) -> (String, Double, Double) {
        var r = up - lo
        var candidates = [r]
        for _ in 0..<4 { r = r.nextUp; candidates.append(r) }
        r = up - lo
        for _ in 0..<4 { r = r.nextDown; candidates.append(r) }
        for c in candidates where c >= 0 {
            if lo + abs(c) == up { return ("G", lo, c) }
            if up - abs(c) == lo { return ("L", up, c) }
        }
        return ("G", lo, up - lo)
    }
}
