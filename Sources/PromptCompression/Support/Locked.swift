import Foundation

/// A value behind a lock: the state threads share (the background input
/// count, a document's structure built on first use).
///
/// Why not `Synchronization.Mutex`: on Linux its slow path takes the lock
/// in the kernel (`FUTEX_LOCK_PI`), inside the standard library, which
/// ThreadSanitizer does not instrument. Under contention TSan then sees
/// no happens-before edge between two critical sections and reports a
/// race that is not one (as it did in `InputTokenCount.countChunks`).
/// `NSLock` is a pthread mutex, whose calls TSan intercepts, so the
/// sanitizer run checks our code rather than flagging the lock. The cost
/// is a few tens of nanoseconds per critical section, taken once per
/// 32 KiB chunk or once per document.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with the value, holding the lock.
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
