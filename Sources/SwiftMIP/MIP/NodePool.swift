/// The open nodes, as a binary heap ordered by lower bound (best-bound search), then by estimate
/// (best-estimate tie-break), then by creation order. Not thread-safe: the search guards it with a Mutex.
struct NodePool {
    private var heap: [SearchNode] = []
    /// Sum of ``SearchNode/approximateBytes`` over the open nodes.
    private(set) var bytes = 0

    var count: Int { heap.count }
    var isEmpty: Bool { heap.isEmpty }
    /// The smallest lower bound of an open node (`.infinity` when empty).
    var bestBound: Double { heap.first?.lowerBound ?? .infinity }

    private static func before(_ a: SearchNode, _ b: SearchNode) -> Bool {
        if a.lowerBound != b.lowerBound { return a.lowerBound < b.lowerBound }
        if a.estimate != b.estimate { return a.estimate < b.estimate }
        return a.sequence < b.sequence
    }

    mutating func push(_ node: SearchNode) {
        bytes += node.approximateBytes
        heap.append(node)
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            if Self.before(heap[i], heap[parent]) { heap.swapAt(i, parent); i = parent } else { break }
        }
    }

    /// Removes and returns the best node.
    mutating func pop() -> SearchNode? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let node = heap.removeLast()
        bytes -= node.approximateBytes
        var i = 0
        let n = heap.count
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < n && Self.before(heap[l], heap[m]) { m = l }
            if r < n && Self.before(heap[r], heap[m]) { m = r }
            if m == i { break }
            heap.swapAt(i, m)
            i = m
        }
        return node
    }

    /// Sum of 2^-depth over the open nodes whose bound is below `cutoff`: the share of the (binary) tree
    /// still to explore (tree restarts, TreeRestart.swift).
    func openWeight(below cutoff: Double) -> Double {
        var w = 0.0
        for node in heap where node.lowerBound < cutoff { w += Double(sign: .plus, exponent: -min(node.depth, 1000), significand: 1) }
        return w
    }

    /// Drops every node whose bound reaches `cutoff`; returns how many were dropped.
    mutating func prune(cutoff: Double) -> Int {
        let before = heap.count
        guard heap.contains(where: { $0.lowerBound >= cutoff }) else { return 0 }
        let kept = heap.filter { $0.lowerBound < cutoff }
        heap.removeAll(keepingCapacity: true)
        bytes = 0
        for node in kept { push(node) }
        return before - heap.count
    }

    /// Removes and returns every node (for shutting down).
    mutating func drain() -> [SearchNode] {
        let all = heap
        heap.removeAll()
        bytes = 0
        return all
    }
}
