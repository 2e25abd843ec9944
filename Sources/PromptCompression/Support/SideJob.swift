import Dispatch
import PromptTokenizer
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A piece of work another thread may take (`WorkShare.offer(_:)`):
/// whichever thread calls `runIfUntaken()` first runs it, once.
final class SideJob: Sendable {
    private let taken = Locked(false)
    private let finished = DispatchGroup()
    private let work: @Sendable () -> Void

    init(_ work: @escaping @Sendable () -> Void) {
        self.work = work
        finished.enter()
    }

    /// Runs the work unless another thread has taken it; returns whether this call ran it.
    @discardableResult
    func runIfUntaken() -> Bool {
        let mine = taken.withLock { taken in
            defer { taken = true }
            return !taken
        }
        if mine {
            work()
            finished.leave()
        }
        return mine
    }

    /// Waits until the work has run.
    func wait() { finished.wait() }
}
