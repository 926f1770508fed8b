import Synchronization

/// A `Mutex` that also passes happens-before through an `Atomic`, so that ThreadSanitizer sees the
/// ordering the lock provides: on Linux `Synchronization.Mutex` locks with raw futex calls, which
/// TSan does not intercept, and it would report every guarded access as a race.
final class Guarded<Value>: Sendable {
    private let mutex: Mutex<Value>
    private let fence = Atomic<Int>(0)

    init(_ value: sending Value) { mutex = Mutex(value) }

    func withLock<R>(_ body: (inout sending Value) throws -> sending R) rethrows -> sending R {
        try mutex.withLock { value in
            fence.wrappingAdd(1, ordering: .acquiringAndReleasing)
            defer { fence.wrappingAdd(1, ordering: .acquiringAndReleasing) }
            return try body(&value)
        }
    }
}
