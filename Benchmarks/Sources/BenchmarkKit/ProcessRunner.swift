import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one child process did: exit, time, memory and output.
public struct ProcessOutcome: Sendable {
    /// The exit status, or nil when a signal ended the process.
    public var exitCode: Int32?
    /// The signal that ended the process, if any.
    public var signal: Int32?
    /// True when the runner killed the process at its hard deadline.
    public var killedAtDeadline: Bool
    /// Wall time from spawn to exit, in seconds (monotonic clock).
    public var wallSeconds: Double
    /// Peak resident memory of the child (and its waited-for descendants) in MiB, from wait4's rusage.
    public var peakMemoryMiB: Double
    /// CPU time (user + system) of the child, in seconds.
    public var cpuSeconds: Double
    public var stdout: String
    public var stderr: String
}

/// Runs a command in a fresh process with a hard deadline, measuring wall time and peak memory.
///
/// The child is spawned with posix_spawn in its own process group, its output goes to temporary
/// files (so a chatty child can never block on a full pipe), and `wait4` returns its rusage.
/// A timer kills the whole group with SIGKILL at the deadline, so a hang never stalls a run.
public enum ProcessRunner {
    public struct Failure: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    static func monotonicSeconds() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) * 1e-9
    }

    /// Runs `executable` with `arguments`; kills it after `hardLimit` seconds (nil: never).
    public static func run(_ executable: String, _ arguments: [String], hardLimit: Double?) throws -> ProcessOutcome {
        let tmp = FileManager.default.temporaryDirectory
        let token = UUID().uuidString
        let outPath = tmp.appendingPathComponent("swiftmip-bench-\(token).out").path
        let errPath = tmp.appendingPathComponent("swiftmip-bench-\(token).err").path
        defer {
            unlink(outPath)
            unlink(errPath)
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Own process group (so the kill reaches grandchildren), default signal handling.
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        sigaddset(&defaultSignals, SIGPIPE)
        sigaddset(&defaultSignals, SIGINT)
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF))

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }

        var pid: pid_t = 0
        let start = monotonicSeconds()
        var rc = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        // ETXTBSY: a script written just before may still be open for writing in a child that another
        // thread forked meanwhile (it inherits the descriptor until it execs); retry briefly.
        var busyRetries = 0
        while rc == ETXTBSY && busyRetries < 250 {
            busyRetries += 1
            usleep(20_000)
            rc = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        }
        guard rc == 0 else {
            throw Failure(message: "cannot start \(executable): \(String(cString: strerror(rc)))")
        }

        currentChildGroup.store(pid, ordering: .sequentiallyConsistent)
        defer { _ = currentChildGroup.compareExchange(expected: pid, desired: 0, ordering: .sequentiallyConsistent) }
        let killer = KillSwitch(pid: pid)
        if let hardLimit {
            DispatchQueue.global().asyncAfter(deadline: .now() + max(0, hardLimit)) { killer.killIfRunning() }
        }

        // Wait for the exit without reaping, so the pid cannot be reused while the timer may still fire.
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0 {
            if errno != EINTR { break }
        }
        let wall = monotonicSeconds() - start
        let killed = killer.markExited()
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            if errno != EINTR { break }
        }
        // Clean up anything the child left behind in its group (e.g. a solver's helper process).
        kill(-pid, SIGKILL)

        let exited = (status & 0x7f) == 0
        let exitCode: Int32? = exited ? (status >> 8) & 0xff : nil
        let signal: Int32? = exited ? nil : status & 0x7f
        let cpu = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) * 1e-6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) * 1e-6
        #if os(Linux)
        let peakMiB = Double(usage.ru_maxrss) / 1024 // kilobytes on Linux
        #else
        let peakMiB = Double(usage.ru_maxrss) / (1024 * 1024) // bytes on macOS
        #endif
        return ProcessOutcome(
            exitCode: exitCode, signal: signal, killedAtDeadline: killed, wallSeconds: wall,
            peakMemoryMiB: peakMiB, cpuSeconds: cpu,
            stdout: readText(outPath), stderr: readText(errPath))
    }

    static func readText(_ path: String) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// Kills a child's process group at most once, and never after the child has been seen to exit.
final class KillSwitch: Sendable {
    private let state = Mutex<(exited: Bool, killed: Bool)>((false, false))
    private let pid: pid_t

    init(pid: pid_t) { self.pid = pid }

    func killIfRunning() {
        state.withLock { s in
            guard !s.exited, !s.killed else { return }
            s.killed = true
            kill(-pid, SIGKILL)
        }
    }

    /// Records the exit; returns whether the deadline kill happened.
    func markExited() -> Bool {
        state.withLock { s in
            s.exited = true
            return s.killed
        }
    }
}
