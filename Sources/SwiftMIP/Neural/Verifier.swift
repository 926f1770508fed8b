import Foundation
import Dispatch
import Synchronization

/// One open piece of the search: a region's box (input splitting shrinks it) with the ReLU phases fixed
/// so far (ReLU splitting) and the output disjuncts not yet excluded on it.
struct Subproblem: Sendable {
    var region: Int
    var lower: [Double]
    var upper: [Double]
    var open: [Int]
    var phases: [[ReLUPhase]]?
    /// Bounds of the parent (same box) whose layers `0..<fromLayer` stay valid.
    var parent: NetworkBounds?
    var fromLayer: Int = 0
    /// Pre-activation bounds proven on a region containing this subproblem's (the parent's box or the
    /// parent's phases): intersected with the new bounds layer by layer (sound: a subset inherits them).
    var enclosing: NetworkBounds?
    /// Share of the region's input volume (input splitting) or of the tree (ReLU splitting).
    var weight: Double
    var depth: Int
    /// Smaller is taken first: the parent's bound on the hardest open disjunct (input splitting: best-first
    /// towards likely violations), or −depth (ReLU splitting: depth-first, bounded memory).
    var priority: Double = 0
    /// Optimised ReLU lower slopes of the parent per property row (alpha-CROWN warm start), when enabled.
    var alpha: AlphaStore? = nil
    /// Sound bounds already computed for exactly this box (by the parent's lookahead), or nil.
    var precomputed: NetworkBounds? = nil
}

/// A binary min-heap of subproblems by `priority`.
struct SubproblemHeap {
    var items: [Subproblem] = []
    var count: Int { items.count }
    var isEmpty: Bool { items.isEmpty }
    mutating func push(_ x: Subproblem) {
        items.append(x)
        var i = items.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            if items[p].priority <= items[i].priority { break }
            items.swapAt(p, i)
            i = p
        }
    }
    mutating func pop() -> Subproblem? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var i = 0
        let n = items.count
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < n && items[l].priority < items[m].priority { m = l }
            if r < n && items[r].priority < items[m].priority { m = r }
            if m == i { break }
            items.swapAt(i, m)
            i = m
        }
        return top
    }
}

/// What processing one subproblem gave.
enum SubproblemOutcome {
    case proven
    case counterexample(VerificationCounterexample)
    case split([Subproblem])
    /// Cannot be split further and not proven (the verdict becomes `unknown` if nothing else decides).
    case stuck
}

/// The shared state of the workers, behind one lock.
struct PoolState {
    var nodes = SubproblemHeap()
    var busy = 0
    var counterexample: VerificationCounterexample?
    var stuck = 0
    var processed = 0
    var proven = 0
    var provenWeight = 0.0
    var maxOpen = 0
    var maxDepth = 0
    var attackEvaluations = 0
    var lastLog = 0.0
    var failure: String?
}

final class VerifierShared: Sendable {
    let state: Mutex<PoolState>
    /// Raised when the search must end (counterexample, limit, cancellation, error).
    let stop = Atomic<Bool>(false)
    init(_ s: PoolState) { state = Mutex(s) }
}

/// Decides a VNNLIB property on a network: `sat` with a counterexample confirmed by a forward pass,
/// `unsat` when every subproblem is proven with floating-point-safe bounds, else `timeout`/`unknown`.
///
/// The search: (1) PGD attacks from several starts; (2) sound symbolic bounds of every region, the
/// property rows bounded directly by back-substitution; (3) branch-and-bound — bisection of the most
/// influential input (width × |coefficient of the linear bound|) when the network has few inputs, else
/// splitting of the unstable ReLU with the largest BaBSR-style score (Bunel et al. 2020) — each child
/// re-bounded and pruned when every open disjunct has a row proven positive (or a convex combination of
/// its rows is, see `proveConjunction`). Subproblems are shared by `options.threads` workers.
public func verify(network: NeuralNetwork, property: VNNProperty,
                   options: VerificationOptions = VerificationOptions()) -> VerificationResult {
    let start = monotonicSeconds()
    let deadline = options.timeLimit.isFinite ? start + max(0, options.timeLimit) : Double.infinity
    var stats = VerificationStatistics()
    func finish(_ verdict: VerificationVerdict, _ ce: VerificationCounterexample? = nil, note: String = "") -> VerificationResult {
        stats.time = monotonicSeconds() - start
        return VerificationResult(verdict: verdict, counterexample: ce, statistics: stats, note: note)
    }
    guard property.inputCount == network.inputSize, property.outputCount == network.outputSize else {
        return finish(.unknown, note: "the property has \(property.inputCount) inputs / \(property.outputCount) outputs, the network \(network.inputSize) / \(network.outputSize)")
    }
    if property.regions.isEmpty { return finish(.unsat, note: "the input constraints are unsatisfiable") }
    guard property.regions.allSatisfy(\.isBounded) else {
        return finish(.unknown, note: "an input has no finite bounds")
    }
    let specs = property.regions.enumerated().map { RegionSpec(region: $0.offset, $0.element, outputCount: network.outputSize) }
    let cancelled = { options.cancellation?.isCancelled ?? false }

    // 1. A quick attack, then the root bounds (often enough), then a longer attack.
    let lowDimension = network.inputSize <= options.inputSplitMaxDimension
    var (found, evals) = runAttack(network: network, specs: specs, starts: 2, steps: 30, seed: options.seed,
                                   deadline: min(deadline, monotonicSeconds() + 0.5), stop: cancelled)
    stats.attackEvaluations = evals
    if let found {
        options.log?("attack found a counterexample (margin \(found.margin)) after \(evals) forward passes")
        return finish(.sat, found)
    }
    var rootOpen: [[Int]] = []
    var rootAlpha: [AlphaStore?] = []
    let nodeAlpha: AlphaOptions? = options.alphaIterations > 0 ? AlphaOptions(iterations: options.alphaIterations) : nil
    let rootAlphaOptions = AlphaOptions(iterations: 3 * options.alphaIterations)
    // ReLU splitting: three times the steps per node (the slopes and the split multipliers β are optimised
    // together, and a node with kept intermediate bounds costs far less than one with recomputed ones;
    // 3× proved more of MNIST FC 256x4 prop_5_0.05 in 40 s than 1× or 2×).
    let reluAlpha: AlphaOptions? = nodeAlpha.map { _ in AlphaOptions(iterations: 3 * options.alphaIterations) }
    for spec in specs {
        do {
            let b = try network.bounds(inputLower: spec.inputLower, inputUpper: spec.inputUpper, method: .symbolic)
            if b.isInfeasible { rootOpen.append([]); rootAlpha.append(nil); continue }
            let c = closeDisjuncts(network: network, spec: spec, open: Array(spec.disjuncts.indices), bounds: b,
                                   lower: spec.inputLower, upper: spec.inputUpper, record: false,
                                   alpha: nodeAlpha == nil ? nil : AlphaStore(), alphaOptions: rootAlphaOptions)
            rootOpen.append(c.stillOpen)
            rootAlpha.append(c.alpha)
        } catch {
            return finish(.unknown, note: "\(error)")
        }
    }
    stats.subproblems = specs.count
    if rootOpen.allSatisfy(\.isEmpty) {
        stats.provenLeaves = specs.count
        stats.provenFraction = 1
        return finish(.unsat)
    }
    let attackBudget = lowDimension ? 0.5 : 15.0
    let attackDeadline = min(deadline, monotonicSeconds() + min(attackBudget, 0.06 * max(options.timeLimit, 1)))
    let openSpecs = specs.filter { !rootOpen[$0.region].isEmpty }
    (found, evals) = runAttack(network: network, specs: openSpecs, starts: lowDimension ? 40 : 30, steps: 60,
                               seed: options.seed &+ 1, deadline: attackDeadline, stop: cancelled)
    stats.attackEvaluations += evals
    if let found {
        options.log?("attack found a counterexample (margin \(found.margin)) after \(stats.attackEvaluations) forward passes")
        return finish(.sat, found)
    }
    if cancelled() || monotonicSeconds() > deadline { return finish(.timeout) }

    // 2. Branch and bound.
    let useInput = options.useInputSplitting ?? (network.inputSize <= options.inputSplitMaxDimension)
    stats.strategy = useInput ? "input" : "relu"
    var roots: [Subproblem] = []
    var provenRoots = 0.0
    for spec in specs {
        if rootOpen[spec.region].isEmpty { provenRoots += 1; continue }
        roots.append(Subproblem(region: spec.region, lower: spec.inputLower, upper: spec.inputUpper,
                                open: rootOpen[spec.region],
                                phases: useInput ? nil : network.layers.map { $0.activation == .relu ? [ReLUPhase](repeating: .unfixed, count: $0.outputSize) : [] },
                                parent: nil, fromLayer: 0, weight: 1, depth: 0, alpha: rootAlpha[spec.region]))
    }
    var heap = SubproblemHeap()
    for r in roots { heap.push(r) }
    let shared = VerifierShared(PoolState(nodes: heap, provenWeight: provenRoots, lastLog: start))
    let totalWeight = Double(specs.count)
    let threads = max(1, options.threads)
    let group = DispatchGroup()
    let log = options.log
    let logInterval = options.logInterval
    let limit = options.subproblemLimit
    let seed = options.seed
    let cancellation = options.cancellation
    let lookahead = options.inputLookahead
    let leafSettings = LeafLPSettings(maxUnstable: options.leafLPMaxUnstable, minDepth: options.leafLPMinDepth)
    let reluSettings = ReLUSplitSettings(beta: options.betaCROWN, recomputeIntermediate: options.recomputeIntermediateBounds,
                                         fsbCandidates: options.reluBranchingCandidates,
                                         rootIntermediateAlpha: options.rootIntermediateAlphaIterations)
    for w in 0..<threads {
        DispatchQueue.global().async(group: group) {
            var rng = SplitMix64(seed: seed &+ UInt64(w) &* 7919)
            while !shared.stop.load(ordering: .relaxed) {
                let now = monotonicSeconds()
                if now > deadline || (cancellation?.isCancelled ?? false) { shared.stop.store(true, ordering: .relaxed); break }
                // Take a node (depth-first), or learn that the search is over.
                enum Take { case node(Subproblem), wait, done }
                let take: Take = shared.state.withLock { s in
                    if let log, now - s.lastLog >= logInterval {
                        s.lastLog = now
                        let line = String(format: "%7.1f s  open %d  processed %d  proven %d  proven share %.4f%%  depth %d",
                                          now - start, s.nodes.count + s.busy, s.processed, s.proven,
                                          100 * s.provenWeight / totalWeight, s.maxDepth)
                        log(line)
                    }
                    if s.processed >= limit { return .done }
                    if let n = s.nodes.pop() { s.busy += 1; return .node(n) }
                    return s.busy == 0 ? .done : .wait
                }
                var node: Subproblem
                switch take {
                case .done:
                    shared.stop.store(true, ordering: .relaxed)
                    continue
                case .wait:
                    usleep(200)
                    continue
                case .node(let n): node = n
                }
                let outcome: SubproblemOutcome
                var extraEvals = 0
                do {
                    if useInput {
                        outcome = try processInputNode(network: network, spec: specs[node.region], node: node, alpha: nodeAlpha,
                                                   lookahead: lookahead, leaf: leafSettings, deadline: deadline)
                    } else {
                        (outcome, extraEvals) = try processReLUNode(network: network, spec: specs[node.region], node: &node, rng: &rng,
                                                                    alpha: reluAlpha, settings: reluSettings)
                    }
                } catch {
                    shared.state.withLock { s in s.failure = "\(error)"; s.busy -= 1 }
                    shared.stop.store(true, ordering: .relaxed)
                    break
                }
                shared.state.withLock { s in
                    s.busy -= 1
                    s.processed += 1
                    s.attackEvaluations += extraEvals
                    s.maxDepth = max(s.maxDepth, node.depth)
                    switch outcome {
                    case .proven:
                        s.proven += 1
                        s.provenWeight += node.weight
                    case .counterexample(let ce):
                        if s.counterexample == nil { s.counterexample = ce }
                        shared.stop.store(true, ordering: .relaxed)
                    case .split(let children):
                        for c in children { s.nodes.push(c) }
                        s.maxOpen = max(s.maxOpen, s.nodes.count + s.busy)
                    case .stuck:
                        s.stuck += 1
                    }
                }
            }
        }
    }
    group.wait()
    let s = shared.state.withLock { $0 }
    stats.subproblems += s.processed
    stats.provenLeaves = s.proven
    stats.maxOpen = s.maxOpen
    stats.attackEvaluations += s.attackEvaluations
    stats.provenFraction = s.provenWeight / totalWeight
    if let ce = s.counterexample { return finish(.sat, ce) }
    if let failure = s.failure { return finish(.unknown, note: failure) }
    // Every node taken was processed to the end (workers finish their node before looking at `stop`), so
    // an empty pool means every leaf was proven or stuck.
    if s.nodes.isEmpty && s.busy == 0 && s.stuck == 0 { return finish(.unsat) }
    if s.nodes.isEmpty && s.busy == 0 && s.stuck > 0 { return finish(.unknown, note: "\(s.stuck) subproblem(s) could not be split further") }
    if s.processed >= limit { return finish(.unknown, note: "subproblem limit reached") }
    return finish(.timeout)
}

/// Rows of the still-open disjuncts, proof of each disjunct, candidates. Shared by both strategies.
/// Returns the disjuncts still open and the spec bounds (rows indexed as in `rows`). With `alpha`
/// (not nil), the rows of the disjuncts that CROWN leaves open are bounded again with optimised lower
/// slopes (alpha-CROWN, `AlphaCROWN.swift`), warm-started from the given slopes; the slopes used are
/// returned.
func closeDisjuncts(network: NeuralNetwork, spec: RegionSpec, open: [Int], bounds: NetworkBounds,
                    lower: [Double], upper: [Double], record: Bool, alpha: AlphaStore? = nil,
                    alphaOptions: AlphaOptions = AlphaOptions(), splitSign: [Double]? = nil)
    -> (stillOpen: [Int], sb: SpecBounds, rows: [Int], candidates: [[Double]], worstRow: Int?, alpha: AlphaStore?,
        crown: (sb: SpecBounds, rows: [Int])) {
    func rowsOf(_ ds: [Int]) -> [Int] {
        var rows: [Int] = []
        for d in ds { for r in spec.disjuncts[d] where !rows.contains(r) { rows.append(r) } }
        return rows
    }
    var lambdas: [Int: [Double]] = [:]
    func evaluate(_ sb: SpecBounds, _ rows: [Int], _ open: [Int]) -> (stillOpen: [Int], candidates: [[Double]], worstRow: Int?) {
        var stillOpen: [Int] = []
        var candidates: [[Double]] = []
        var worstRow: Int? = nil
        var worstValue = Double.infinity
        for d in open {
            let rs = spec.disjuncts[d].compactMap { rows.firstIndex(of: $0) }
            if rs.isEmpty { stillOpen.append(d); continue }
            var bestRow = rs[0]
            for t in rs where sb.lower[t] > sb.lower[bestRow] { bestRow = t }
            if sb.lower[bestRow] > 0 { continue }
            if rs.count > 1 {
                let (ok, x, lam) = proveConjunction(sb, rows: rs, lower: lower, upper: upper)
                if ok { continue }
                candidates.append(x)
                lambdas[d] = lam
            }
            stillOpen.append(d)
            candidates.append(sb.point(bestRow))
            if sb.lower[bestRow] < worstValue { worstValue = sb.lower[bestRow]; worstRow = bestRow }
        }
        return (stillOpen, candidates, worstRow)
    }
    var rows = rowsOf(open)
    var sb = network.specificationBounds(spec, rows: rows, bounds: bounds, lower: lower, upper: upper)
    var (stillOpen, candidates, worstRow) = evaluate(sb, rows, open)
    let crown = (sb: sb, rows: rows)
    var store = alpha
    if let start = alpha, !stillOpen.isEmpty {
        let openRows = rowsOf(stillOpen)
        let baseline = openRows.map { r in rows.firstIndex(of: r).map { sb.lower[$0] } ?? -Double.infinity }
        let (sb2, s2) = network.alphaSpecificationBounds(spec, rows: openRows, bounds: bounds, lower: lower, upper: upper,
                                                         start: start, baselineLower: baseline, options: alphaOptions,
                                                         splitSign: splitSign)
        store = s2
        rows = openRows
        sb = sb2
        let again = evaluate(sb, rows, stillOpen)
        // Keep the CROWN candidates too (attack starts).
        candidates = again.candidates + candidates
        stillOpen = again.stillOpen
        worstRow = again.worstRow
        // Conjunctions still open: one back-substitution of the best combination of their rows.
        var st = store ?? AlphaStore()
        stillOpen = stillOpen.filter { d in
            guard spec.disjuncts[d].count > 1, let lam = lambdas[d] else { return true }
            return !network.proveCombination(spec, rows: spec.disjuncts[d], weights: lam, key: -1 - d, bounds: bounds,
                                              lower: lower, upper: upper, store: &st, options: alphaOptions)
        }
        store = st
    }
    if record, let w = worstRow, !stillOpen.isEmpty {
        if let st = store {
            let layout = ReLULayout(network)
            let flat = st.flat(rows: rows, count: layout.count, fallback: network.crownSlopes(bounds, layout: layout))
            let betaFlat = splitSign == nil ? nil : st.flatBeta(rows: rows, count: layout.count)
            sb = network.specificationBounds(spec, rows: rows, bounds: bounds, lower: lower, upper: upper, recordRow: w,
                                             alpha: flat, relu: layout, beta: betaFlat, splitSign: splitSign)
        } else {
            sb = network.specificationBounds(spec, rows: rows, bounds: bounds, lower: lower, upper: upper, recordRow: w)
        }
    }
    return (stillOpen, sb, rows, candidates, worstRow, store, crown)
}

/// A `refine` hook intersecting each layer's new bounds with bounds proven on an enclosing region.
func intersecting(_ enclosing: NetworkBounds?) -> ((Int, inout [Double], inout [Double]) -> Void)? {
    guard let e = enclosing, !e.isInfeasible else { return nil }
    return { k, lo, hi in
        guard k < e.lower.count, e.lower[k].count == lo.count else { return }
        for i in lo.indices {
            lo[i] = max(lo[i], e.lower[k][i])
            hi[i] = min(hi[i], e.upper[k][i])
        }
    }
}

/// Input splitting: bound the box, close disjuncts, try candidates, bisect the most influential input.
func processInputNode(network: NeuralNetwork, spec: RegionSpec, node: Subproblem,
                      alpha: AlphaOptions? = nil, lookahead: Int = 0,
                      leaf: LeafLPSettings = LeafLPSettings(maxUnstable: 0), deadline: Double = .infinity) throws -> SubproblemOutcome {
    let b = try node.precomputed ?? network.bounds(inputLower: node.lower, inputUpper: node.upper, method: .symbolic,
                                                   refine: intersecting(node.enclosing))
    if b.isInfeasible { return .proven }
    var (stillOpen, finalSB, _, candidates, worstRow, store, crown) = closeDisjuncts(
        network: network, spec: spec, open: node.open, bounds: b, lower: node.lower, upper: node.upper, record: false,
        alpha: alpha == nil ? nil : (node.alpha ?? AlphaStore()), alphaOptions: alpha ?? AlphaOptions())
    if stillOpen.isEmpty { return .proven }
    let n = network.inputSize
    var centre = [Double](repeating: 0, count: n)
    for i in 0..<n { centre[i] = 0.5 * (node.lower[i] + node.upper[i]) }
    for x in candidates + [centre] {
        if let ce = network.confirm(x, spec: spec) { return .counterexample(ce) }
    }
    // A short PGD from the centre towards each open disjunct (cheap for few inputs; finds counterexamples
    // in the small boxes where the bounds concentrate the search).
    for d in stillOpen.prefix(4) {
        let (p, v, _) = network.pgd(spec: spec, disjunct: d, start: centre, steps: 6, lower: node.lower, upper: node.upper,
                                    deadline: .infinity)
        if v <= 0, let ce = network.confirm(p, spec: spec) { return .counterexample(ce) }
    }
    // Few unstable ReLUs left: decide the open disjuncts by LP with ReLU splitting (`LeafLP.swift`).
    if leaf.maxUnstable > 0, node.depth >= leaf.minDepth, b.unstableCount(of: network) <= leaf.maxUnstable {
        var remaining: [Int] = []
        for d in stillOpen {
            switch network.leafLPSearch(spec: spec, disjunct: d, bounds: b, lpLimit: leaf.lpLimit, deadline: deadline).outcome {
            case .proven: continue
            case .counterexample(let ce): return .counterexample(ce)
            case .undecided: remaining.append(d)
            }
        }
        if remaining.isEmpty { return .proven }
        stillOpen = remaining
    }
    // Influence of input i: width × |coefficient| of the best row of each open disjunct, normalised by
    // how far that row is from being proven. The CROWN (not alpha-optimised) linear functions: the
    // optimised slopes tilt them towards the current box and mislead the choice.
    let (sb, rows) = crown
    var score = [Double](repeating: 0, count: n)
    for d in stillOpen {
        let rs = spec.disjuncts[d].compactMap { rows.firstIndex(of: $0) }
        guard var best = rs.first else { continue }
        for t in rs where sb.lower[t] > sb.lower[best] { best = t }
        for t in rs {
            // Every row of the disjunct counts, the best one most.
            let weight = t == best ? 1.0 : 0.25
            for i in 0..<n { score[i] += weight * abs(sb.coefficients[t * n + i]) * (node.upper[i] - node.lower[i]) }
        }
    }
    var dim = 0
    for i in 1..<max(1, n) where score[i] > score[dim] { dim = i }
    if score[dim] == 0 {
        for i in 0..<n where node.upper[i] - node.lower[i] > node.upper[dim] - node.lower[dim] { dim = i }
    }
    // Lookahead (strong branching on inputs): among the `lookahead` best-scored inputs, bisect the one
    // whose two children have the best CROWN bounds (Σ over open disjuncts of min(0, best row's lower
    // bound), summed over both children); the children keep the bounds computed here.
    var childBounds: (NetworkBounds, NetworkBounds)? = nil
    // One candidate more when the region has a single disjunct (ACAS Xu properties 1-4: 3 candidates
    // decided property 1 far faster than 2, while 3 misled property 5 with its four one-row disjuncts,
    // even where only one of them is still open).
    let candidateCount = spec.disjuncts.count == 1 ? lookahead + 1 : lookahead
    if lookahead > 1 {
        let order = (0..<n).sorted { score[$0] > score[$1] }.prefix(candidateCount).filter { score[$0] > 0 }
        var bestValue = -Double.infinity
        let openRows: [Int] = {
            var r: [Int] = []
            for d in stillOpen { for x in spec.disjuncts[d] where !r.contains(x) { r.append(x) } }
            return r
        }()
        // Each open disjunct's distance from a proof at this node (its best row's CROWN bound; −1 when that
        // is not negative): a child's value is the sum over open disjuncts of its bound relative to it.
        let parentBest: [Double] = stillOpen.map { d in
            var best = -Double.infinity
            for r in spec.disjuncts[d] { if let t = crown.rows.firstIndex(of: r) { best = max(best, crown.sb.lower[t]) } }
            return best < 0 && best.isFinite ? best : -1
        }
        func childValue(_ lo: [Double], _ hi: [Double]) throws -> (Double, NetworkBounds) {
            let cb = try network.bounds(inputLower: lo, inputUpper: hi, method: .symbolic, refine: intersecting(b))
            if cb.isInfeasible { return (0, cb) }
            let csb = network.specificationBounds(spec, rows: openRows, bounds: cb, lower: lo, upper: hi)
            var v = 0.0
            for (e, d) in stillOpen.enumerated() {
                var best = -Double.infinity
                for r in spec.disjuncts[d] { if let t = openRows.firstIndex(of: r) { best = max(best, csb.lower[t]) } }
                v += min(0, best) / -parentBest[e]
            }
            return (v, cb)
        }
        for i in order {
            let m = 0.5 * (node.lower[i] + node.upper[i])
            guard m > node.lower[i], m < node.upper[i] else { continue }
            var hiA = node.upper, loC = node.lower
            hiA[i] = m; loC[i] = m
            let (va, ba) = try childValue(node.lower, hiA)
            let (vc, bc) = try childValue(loC, node.upper)
            // Another input replaces the best-scored one only for a clear gain (5% of its value): one-step
            // gains are myopic, and tiny differences (a narrow input) must not win.
            let value = va + vc
            if childBounds == nil || value > bestValue + 0.05 * abs(bestValue) + 1e-12 {
                bestValue = value; dim = i; childBounds = (ba, bc)
            }
        }
    }
    let mid = 0.5 * (node.lower[dim] + node.upper[dim])
    guard mid > node.lower[dim], mid < node.upper[dim], node.depth < 400 else { return .stuck }
    var a = node, c = node
    a.upper[dim] = mid
    c.lower[dim] = mid
    a.open = stillOpen; c.open = stillOpen
    a.weight = node.weight / 2; c.weight = node.weight / 2
    a.depth += 1; c.depth += 1
    a.enclosing = b; c.enclosing = b
    a.precomputed = nil; c.precomputed = nil
    if let (ba, bc) = childBounds { a.precomputed = ba; c.precomputed = bc; a.enclosing = nil; c.enclosing = nil }
    a.alpha = store; c.alpha = store
    let p = worstRow.map { finalSB.lower[$0] } ?? 0
    a.priority = p; c.priority = p
    return .split([a, c])
}

/// ReLU splitting: bound with the fixed phases, close disjuncts, attack from the bound's minimiser,
/// split the unstable ReLU with the largest score.
func processReLUNode(network: NeuralNetwork, spec: RegionSpec, node: inout Subproblem,
                     rng: inout SplitMix64, alpha: AlphaOptions? = nil,
                     settings: ReLUSplitSettings = ReLUSplitSettings()) throws -> (SubproblemOutcome, Int) {
    var b: NetworkBounds
    if let parent = node.parent, !settings.recomputeIntermediate, let phases = node.phases {
        // The parent's bounds hold on this subdomain; only the split ReLUs are clamped (beta-CROWN
        // then accounts for the split constraints in the property bound).
        b = clampedToPhases(parent, phases: phases)
    } else {
        b = try network.bounds(inputLower: node.lower, inputUpper: node.upper, method: .symbolic, phases: node.phases,
                               reusing: node.parent, fromLayer: node.parent == nil ? 0 : node.fromLayer,
                               refine: intersecting(node.parent))
    }
    if node.parent == nil && node.depth == 0 && settings.rootIntermediateAlpha > 0 {
        // The root's intermediate bounds are kept by the whole tree (with kept bounds): optimise them once.
        b = network.alphaIntermediateBounds(b, lower: node.lower, upper: node.upper,
                                            iterations: settings.rootIntermediateAlpha,
                                            deadline: monotonicSeconds() + settings.rootIntermediateBudget)
    }
    node.parent = nil
    if b.isInfeasible { return (.proven, 0) }
    let signs = settings.beta && alpha != nil ? node.phases.map { splitSigns(network: network, phases: $0) } : nil
    let (stillOpen, sb, sbRows, candidates, worst, store, _) = closeDisjuncts(
        network: network, spec: spec, open: node.open, bounds: b, lower: node.lower, upper: node.upper, record: true,
        alpha: alpha == nil ? nil : (node.alpha ?? AlphaStore()), alphaOptions: alpha ?? AlphaOptions(),
        splitSign: signs)
    if stillOpen.isEmpty { return (.proven, 0) }
    var evals = 0
    for x in candidates {
        if let ce = network.confirm(x, spec: spec) { return (.counterexample(ce), evals) }
    }
    // A short PGD from the minimiser of the hardest row, towards the disjunct it belongs to: near the root,
    // then on one node in `pgdEvery` (it cost half the time of a node when run on every node).
    if let x0 = candidates.last, let d = stillOpen.last,
       node.depth < 3 || rng.next() % UInt64(max(1, settings.pgdEvery)) == 0 {
        let (p, v, e) = network.pgd(spec: spec, disjunct: d, start: x0, steps: 12, lower: node.lower, upper: node.upper,
                                    deadline: .infinity)
        evals += e
        if v <= 0, let ce = network.confirm(p, spec: spec) { return (.counterexample(ce), evals) }
    }
    guard worst != nil, let phases = node.phases else { return (.stuck, evals) }
    // BaBSR-style score: the loss of the bound from the triangle's upper-line intercept of each unstable
    // ReLU, as weighted by its (negative) coefficient in the hardest row's back-substitution; ties by
    // coefficient × width.
    var bestLayer = -1, bestNeuron = -1, bestScore = -1.0
    var ranked: [(score: Double, layer: Int, neuron: Int)] = []
    for (k, layer) in network.layers.enumerated() where layer.activation == .relu {
        let coef = sb.layerCoefficients.isEmpty ? [] : sb.layerCoefficients[k]
        for p in 0..<layer.outputSize where phases[k][p] == .unfixed {
            let l = b.lower[k][p], h = b.upper[k][p]
            guard l < 0, h > 0 else { continue }
            let c = coef.isEmpty ? 0 : coef[p]
            let intercept = h * (-l) / (h - l)
            var score = c < 0 ? -c * intercept : 0
            score += 1e-3 * abs(c) * min(h, -l)
            score += 1e-9 * (h - l)
            if settings.fsbCandidates > 1 { ranked.append((score, k, p)) }
            if score > bestScore { bestScore = score; bestLayer = k; bestNeuron = p }
        }
    }
    guard bestLayer >= 0 else { return (.stuck, evals) }
    if settings.fsbCandidates > 1, let w = worst, ranked.count > 1 {
        // Filtered smart branching (De Palma et al. 2021, §4): among the best-scored ReLUs, the one whose
        // two children (bounds clamped, slopes and multipliers inherited, the new split's β = 0) give the
        // hardest row the best worse-child bound.
        ranked.sort { $0.score > $1.score }
        let layout = ReLULayout(network)
        let row = [sbRows[w]]
        let flatAlpha = store.map { $0.flat(rows: row, count: layout.count, fallback: network.crownSlopes(b, layout: layout)) }
        let baseSigns = signs ?? [Double](repeating: 0, count: layout.count)
        let flatBeta = signs == nil ? [Double](repeating: 0, count: layout.count) : (store?.flatBeta(rows: row, count: layout.count) ?? [Double](repeating: 0, count: layout.count))
        var bestValue = -Double.infinity
        // The parent's magnitudes bound the children's (clamping only shrinks intervals).
        let magnitudes = network.specMagnitudes(bounds: b, lower: node.lower, upper: node.upper)
        for cand in ranked.prefix(settings.fsbCandidates) {
            var worse = Double.infinity
            for phase in [ReLUPhase.active, .inactive] {
                var cb = b
                if phase == .active { cb.lower[cand.layer][cand.neuron] = 0 } else { cb.upper[cand.layer][cand.neuron] = 0 }
                var sg = baseSigns
                sg[layout.offset[cand.layer] + cand.neuron] = Double(phase.rawValue)
                let csb = network.specificationBounds(spec, rows: row, bounds: cb, lower: node.lower, upper: node.upper,
                                                      alpha: flatAlpha, relu: layout, beta: flatBeta, splitSign: sg,
                                                      magnitudes: magnitudes)
                worse = min(worse, csb.lower[0])
            }
            if worse > bestValue { bestValue = worse; bestLayer = cand.layer; bestNeuron = cand.neuron }
        }
    }
    var a = node, c = node
    a.phases![bestLayer][bestNeuron] = .active
    c.phases![bestLayer][bestNeuron] = .inactive
    for child in [0, 1] {
        if child == 0 { a.parent = b; a.fromLayer = bestLayer } else { c.parent = b; c.fromLayer = bestLayer }
    }
    a.open = stillOpen; c.open = stillOpen
    a.alpha = store; c.alpha = store
    a.weight = node.weight / 2; c.weight = node.weight / 2
    a.depth += 1; c.depth += 1
    a.priority = -Double(a.depth); c.priority = -Double(c.depth) + 0.5
    return (.split([a, c]), evals)
}

/// Settings of the ReLU-splitting path.
struct ReLUSplitSettings: Sendable {
    /// beta-CROWN multipliers for the split constraints (with alpha-CROWN on).
    var beta = true
    /// Recompute the pre-activation bounds of the layers after a split (CROWN); otherwise the parent's
    /// bounds are kept with the split ReLU clamped.
    var recomputeIntermediate = false
    /// Filtered smart branching: how many of the best-scored ReLUs are tried by bounding both children
    /// (the hardest row only); 0 or 1: the score alone.
    var fsbCandidates = 8
    /// A node below depth 3 always runs a short PGD; a deeper one with probability 1/pgdEvery.
    var pgdEvery = 8
    /// alpha-CROWN steps on the intermediate bounds of the root (0: CROWN only), within this many seconds.
    var rootIntermediateAlpha = 0
    var rootIntermediateBudget = 30.0
}

/// `bounds` with every fixed ReLU clamped (active: lower ≥ 0, inactive: upper ≤ 0); infeasible when a
/// clamp empties an interval. Sound on the subdomain of `phases` when `bounds` holds on a superset.
func clampedToPhases(_ bounds: NetworkBounds, phases: [[ReLUPhase]]) -> NetworkBounds {
    var b = bounds
    for k in phases.indices where !phases[k].isEmpty && k < b.lower.count {
        for (p, ph) in phases[k].enumerated() {
            switch ph {
            case .active: b.lower[k][p] = max(b.lower[k][p], 0)
            case .inactive: b.upper[k][p] = min(b.upper[k][p], 0)
            case .unfixed: continue
            }
            if !(b.lower[k][p] <= b.upper[k][p]) { b.isInfeasible = true }
        }
    }
    return b
}

/// The split constraints `s·z ≥ 0` in the flat ReLU layout: +1 (active), −1 (inactive), 0 (free).
func splitSigns(network: NeuralNetwork, phases: [[ReLUPhase]]) -> [Double] {
    let layout = ReLULayout(network)
    var s = [Double](repeating: 0, count: layout.count)
    for (k, layer) in network.layers.enumerated() where layer.activation == .relu && k < phases.count {
        for (p, ph) in phases[k].enumerated() where ph != .unfixed { s[layout.offset[k] + p] = Double(ph.rawValue) }
    }
    return s
}
