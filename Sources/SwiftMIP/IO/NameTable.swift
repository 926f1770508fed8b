/// A hash table from names (byte strings) to dense indices 0, 1, 2, … in insertion order.
///
/// The MPS reader looks a row name up for every matrix entry; keying on the raw bytes avoids building
/// a `String` per look-up. Open addressing with linear probing; the names live in one byte arena.
struct NameTable {
    private var arena: [UInt8] = []
    /// `offsets[k] ..< offsets[k + 1]` are the bytes of name k.
    private var offsets: [Int] = [0]
    private var hashes: [UInt64] = []
    /// Slot → name index, or -1 when empty. Count is a power of two.
    private var slots: [Int32] = Array(repeating: -1, count: 64)

    var count: Int { hashes.count }

    private static func hash(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
        for k in s..<e {
            h ^= UInt64(p[k])
            h = h &* 0x100_0000_01b3
        }
        return h ^ (h >> 29)
    }

    private func matches(_ index: Int, _ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        let a = offsets[index], b = offsets[index + 1]
        guard b - a == e - s else { return false }
        return arena.withUnsafeBufferPointer { q in
            for k in 0..<(b - a) where q[a + k] != p[s + k] { return false }
            return true
        }
    }

    /// The index of the name in bytes [s, e), or -1.
    func find(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Int {
        let h = NameTable.hash(p, s, e)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let k = Int(slots[slot])
            if k < 0 { return -1 }
            if hashes[k] == h && matches(k, p, s, e) { return k }
            slot = (slot + 1) & mask
        }
    }

    /// Inserts the name in bytes [s, e); returns its index and whether it was new.
    mutating func insert(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> (index: Int, inserted: Bool) {
        let h = NameTable.hash(p, s, e)
        var mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let k = Int(slots[slot])
            if k < 0 { break }
            if hashes[k] == h && matches(k, p, s, e) { return (k, false) }
            slot = (slot + 1) & mask
        }
        let index = hashes.count
        hashes.append(h)
        arena.append(contentsOf: UnsafeBufferPointer(rebasing: p[s..<e]))
        offsets.append(arena.count)
        if 2 * hashes.count > slots.count {
            slots = Array(repeating: -1, count: slots.count * 2)
            mask = slots.count - 1
            for (k, hk) in hashes.enumerated() {
                var t = Int(truncatingIfNeeded: hk) & mask
                while slots[t] >= 0 { t = (t + 1) & mask }
                slots[t] = Int32(k)
            }
        } else {
            slots[slot] = Int32(index)
        }
        return (index, true)
    }
}
