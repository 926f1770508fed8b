import Foundation
import Testing
@testable import SwiftMIP

/// One MIP line of ../shared/instances/catalog.csv.
struct CatalogMIP: Sendable, CustomStringConvertible {
    var name: String
    var file: String
    /// nil for an infeasible model.
    var optimum: Double?
    var set: String
    var highsTime: Double
    var description: String { name }
}

/// Parses catalog.csv (RFC 4180 quoting) and returns its MIP rows.
func catalogMIPs() -> [CatalogMIP] {
    guard let shared = TestPaths.shared,
          let text = try? String(contentsOf: shared.appendingPathComponent("instances/catalog.csv"), encoding: .utf8)
    else { return [] }
    var rows: [[String]] = []
    var field = "", row: [String] = [], quoted = false
    var chars = Array(text)
    chars.append("\n")
    var i = 0
    while i < chars.count {
        let c = chars[i]
        if quoted {
            if c == "\"" {
                if i + 1 < chars.count && chars[i + 1] == "\"" { field.append("\""); i += 1 } else { quoted = false }
            } else { field.append(c) }
        } else if c == "\"" { quoted = true }
        else if c == "," { row.append(field); field = "" }
        else if c == "\n" || c == "\r\n" {
            row.append(field); field = ""
            if row.count > 1 { rows.append(row) }
            row = []
        } else if c != "\r" { field.append(c) }
        i += 1
    }
    guard let header = rows.first else { return [] }
    func column(_ name: String) -> Int? { header.firstIndex(of: name) }
    guard let n = column("name"), let k = column("kind"), let f = column("file"), let o = column("optimal_objective"),
          let s = column("set"), let h = column("highs_time_s") else { return [] }
    return rows.dropFirst().compactMap { r in
        guard r.count == header.count, r[k] == "mip" else { return nil }
        return CatalogMIP(name: r[n], file: r[f], optimum: Double(r[o]), set: r[s], highsTime: Double(r[h]) ?? .infinity)
    }
}

/// The quick catalog MIPs the suite solves (release build: seconds each).
let quickCatalogNames: Set<String> = ["p0033", "flugpl", "gr4x6", "gen", "egout", "bv_li_ui", "int_no_bounds",
                                      "infeasible-mip1", "stein27_inf", "vpm1", "p0548", "gt2"]

@Suite("MIP catalog")
struct MIPCatalogTests {
    @Test(.enabled(if: TestPaths.hasShared), arguments: catalogMIPs().filter { quickCatalogNames.contains($0.name) })
    func quickCatalogMIP(_ entry: CatalogMIP) throws {
        guard let shared = TestPaths.shared else { return }
        let url = shared.appendingPathComponent("instances").appendingPathComponent(entry.file)
        let model = try readCatalogModel(url)
        let result = solveMIP(model, options: SolverOptions(timeLimit: 20, threads: 1, relativeGap: 1e-7))
        guard let optimum = entry.optimum else {
            #expect(result.status == .infeasible || result.status == .timeLimit, "\(entry.name): \(result.status)")
            #expect(result.values == nil || model.check(result.values!).isFeasible)
            return
        }
        #expect(result.status != .infeasible && result.status != .unbounded, "\(entry.name): \(result.status)")
        expectValid(result, model, optimum: optimum)
        if result.status != .optimal {
            // A limit: the incumbent (if any) is valid and the bound does not cut off the optimum.
            #expect(result.status == .timeLimit, "\(entry.name): \(result.status)")
        }
    }
}

func readCatalogModel(_ url: URL) throws -> Model {
    try MPSReader.read(contentsOf: url.path).model
}
