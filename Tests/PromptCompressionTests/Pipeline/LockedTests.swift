import Dispatch
@testable import PromptCompression
import Testing

@Suite("Locked: the lock around state threads share")
struct LockedTests {
    /// Two threads add to a plain (non-atomic) counter under the lock, with
    /// contention on every step. The sum proves mutual exclusion; under
    /// ThreadSanitizer (`scripts/sanitize.sh thread`) a missing
    /// happens-before edge between critical sections would be reported.
    @Test("contended increments are all counted")
    func contendedIncrements() {
        let counter = Locked(0)
        let perThread = 50_000
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            for _ in 0..<perThread { counter.withLock { $0 += 1 } }
        }
        #expect(counter.withLock { $0 } == 2 * perThread)
    }

    @Test("a throwing body rethrows and leaves the lock free")
    func throwingBody() {
        struct Failure: Error {}
        let value = Locked([1, 2])
        #expect(throws: Failure.self) { try value.withLock { (v: inout [Int]) throws in v.append(3); throw Failure() } }
        #expect(value.withLock { $0 } == [1, 2, 3])
    }
}
