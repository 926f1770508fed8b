/// Collects reader warnings: the first few of each kind verbatim, then a count of the rest, so that a
/// file with thousands of repeated oddities still yields a short list.
struct MPSWarnings {
    private(set) var messages: [String] = []
    private var counts: [String: Int] = [:]
    private var order: [String] = []
    static let perKind = 5

    mutating func add(_ kind: String, _ message: String) {
        let n = counts[kind, default: 0]
        if n == 0 { order.append(kind) }
        counts[kind] = n + 1
        if n < MPSWarnings.perKind { messages.append(message) }
    }

    /// The messages, with "… and N more" lines for kinds that overflowed.
    func finished(file: String) -> [String] {
        var out = messages
        for kind in order {
            let n = counts[kind, default: 0]
            if n > MPSWarnings.perKind { out.append("\(file): \(n - MPSWarnings.perKind) more warnings like these: \(kind)") }
        }
        return out
    }
}
