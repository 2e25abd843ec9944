import Dispatch
import PromptTokenizer
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The exact token count of a document's input, taken off the critical path.
///
/// The input is cut into chunks of about `chunkBytes` where a token piece
/// must start (`_isTokenPieceBoundary`), so the chunks' counts add up to
/// the count of the whole. On a large input (`backgroundMinimumBytes` or
/// more, more than one core) a background thread starts counting chunks
/// when the document is built, while the compressor reads the bytes; a
/// caller that needs a figure counts the chunks not yet taken itself, and
/// waits only for the one in flight:
///
///     total            every chunk counted (both threads), the exact count
///     exceeds(limit)   chunks counted until their sum passes `limit`: the
///                      question "does the input fit?" costs about `limit`
///                      tokens of counting, not the whole input
///
/// The figures are the same whichever thread counted which chunk: counts
/// are added, and a partial sum above `limit` proves the total is too.
///
/// The background thread also takes work offered to it (`offer(_:)`)
/// before its next chunk: the coarse stage's scans hand it half of their
/// documents, so that two threads share the critical path and the count
/// waits (it is needed only at the end).
///
/// Performance (`tersify-benchmarks compression`, 644 KB of essays, budget
/// 4,000): the one count of the input takes 0.91x the time of tokenizing
/// it, so the coarse stage runs beside it and asks only
/// `exceeds(2 * volume)` instead of waiting for it.
final class _InputTokenCount: Sendable {
    /// Chunk length aimed at, in bytes.
    static let chunkBytes = 32 << 10
    /// Inputs this long or longer start their count on a background thread.
    static let backgroundMinimumBytes = 256 << 10

    private struct State {
        /// Work offered to the background thread (`offer(_:)`), done before its next chunk.
        var jobs: [_SideJob] = []
        /// Whether the background thread has stopped (or never ran).
        var workerDone = false
        /// The next chunk nobody has taken.
        var next = 0
        /// Chunks counted.
        var finished = 0
        /// Sum of the counted chunks' tokens.
        var sum = 0
    }

    private let bytes: [UInt8]
    private let chunks: [Range<Int>]
    private let tokenizer: Tokenizer
    private let state = _Locked(State())
    /// Entered while the background thread counts.
    private let background = DispatchGroup()
    /// Whether the count runs on a background thread: the input is large
    /// and the machine has cores to spare, so the coarse stage's scans may
    /// use a second thread too.
    let usesBackground: Bool

    /// Starts counting `bytes`: on a background thread when `inBackground`
    /// (nil: when the input is at least `backgroundMinimumBytes` and the
    /// machine has more than one core); else offered to `helper`'s counting
    /// thread when there is one (whoever asks for a figure first counts
    /// the chunks it has not taken); else right away on this one.
    init(bytes: [UInt8], tokenizer: Tokenizer, inBackground: Bool? = nil, helper: _InputTokenCount? = nil) {
        self.bytes = bytes
        self.tokenizer = tokenizer
        self.chunks = _InputTokenCount.chunks(of: bytes, about: Self.chunkBytes)
        let useBackground = inBackground ?? (bytes.count >= Self.backgroundMinimumBytes && _onlineProcessors > 1)
        usesBackground = useBackground && chunks.count > 1
        if usesBackground {
            background.enter()
            DispatchQueue.global(qos: .userInitiated).async { [self] in
                backgroundLoop()
                background.leave()
            }
        } else if let helper, helper.usesBackground, !chunks.isEmpty {
            state.withLock { $0.workerDone = true }
            // A chunk the job counts is waited for as a background one is.
            background.enter()
            let job = _SideJob { [self] in
                _ = countChunks(untilAbove: .max)
                background.leave()
            }
            _ = helper.offer(job)
        } else {
            state.withLock { $0.workerDone = true }
            _ = countChunks(untilAbove: .max)
        }
    }

    /// The background thread: jobs offered to it first, then the next chunk,
    /// until no chunk is left.
    private func backgroundLoop() {
        while true {
            let (job, chunk): (_SideJob?, Int?) = state.withLock { state in
                if !state.jobs.isEmpty { return (state.jobs.removeFirst(), nil) }
                if state.next < chunks.count {
                    state.next += 1
                    return (nil, state.next - 1)
                }
                state.workerDone = true
                return (nil, nil)
            }
            if let job {
                _ = job.runIfUntaken()
            } else if let chunk {
                countChunk(chunk)
            } else {
                return
            }
        }
    }

    /// Offers `job` to the background thread, which runs it before its next
    /// chunk (within one chunk's count, about 0.3 ms); once that thread has
    /// counted every chunk and stopped, a block of the global queue takes
    /// the job instead (two threads busy again, not three). Returns false
    /// when the count never had a background thread; the caller then runs
    /// the job itself. Either way the caller ends with `job.runIfUntaken()`
    /// then `job.wait()`: a job no other thread has started by then runs on
    /// the caller's thread.
    func offer(_ job: _SideJob) -> Bool {
        guard usesBackground else { return false }
        let queued = state.withLock { state in
            guard !state.workerDone else { return false }
            state.jobs.append(job)
            return true
        }
        if !queued {
            DispatchQueue.global(qos: .userInitiated).async { job.runIfUntaken() }
        }
        return true
    }

    /// The exact token count of the input.
    var total: Int {
        _ = countChunks(untilAbove: .max)
        waitForChunksInFlight()
        return state.withLock { $0.sum }
    }

    /// Whether the input has more than `limit` tokens.
    func exceeds(_ limit: Int) -> Bool {
        guard bytes.count > limit else { return false }  // a token is at least a byte
        if countChunks(untilAbove: limit) { return true }
        waitForChunksInFlight()
        return state.withLock { $0.sum } > limit
    }

    /// Waits for the chunk the background thread is counting, if any. A
    /// background block that has not started took no chunk, so this never
    /// waits for a thread the pool has yet to give (every chunk was taken
    /// and counted here then).
    private func waitForChunksInFlight() {
        if state.withLock({ $0.finished < $0.next }) { background.wait() }
    }

    /// Takes and counts chunks until none is left or the counted ones sum to
    /// more than `limit`; returns whether they do.
    private func countChunks(untilAbove limit: Int) -> Bool {
        while true {
            let taken: Int? = state.withLock { state in
                guard state.sum <= limit, state.next < chunks.count else { return nil }
                state.next += 1
                return state.next - 1
            }
            guard let index = taken else { break }
            countChunk(index)
        }
        return state.withLock { $0.sum > limit }
    }

    /// Counts a chunk taken from `next` and adds it to the sum.
    private func countChunk(_ index: Int) {
        let count = bytes.withUnsafeBufferPointer { tokenizer.count(bytes: UnsafeBufferPointer(rebasing: $0[chunks[index]])) }
        state.withLock { state in
            state.sum += count
            state.finished += 1
        }
    }

    /// `bytes` cut into ranges of about `length` bytes where a token piece
    /// must start (a range runs on to the next such position, or to the end).
    static func chunks(of bytes: [UInt8], about length: Int) -> [Range<Int>] {
        var chunks: [Range<Int>] = []
        chunks.reserveCapacity(bytes.count / max(1, length) + 1)
        bytes.withUnsafeBufferPointer { buffer in
            var start = 0
            while start < buffer.count {
                var cut = start + max(1, length)
                while cut < buffer.count && !_isTokenPieceBoundary(buffer, cut) { cut += 1 }
                cut = min(cut, buffer.count)
                chunks.append(start..<cut)
                start = cut
            }
        }
        return chunks
    }
}

/// A piece of work another thread may take (`_InputTokenCount.offer(_:)`):
/// whichever thread calls `runIfUntaken()` first runs it, once.
final class _SideJob: Sendable {
    private let taken = _Locked(false)
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

extension _InputTokenCount {
    /// Parts a shared run is cut into (`runShared`).
    static let sharedParts = 8

    /// Runs `body` on every part of `parts` (ranges of items, in order) on
    /// this thread and on the counting thread when it takes the offer (or,
    /// once the count is done, a block of the global queue): each thread
    /// takes the next part nobody has taken, so both finish about together.
    /// Returns the results in the order of `parts`, whichever thread made
    /// them.
    ///
    /// Performance: two halves fixed in advance left this thread waiting
    /// 0.2-0.6 ms at each of the four splits of a compression of the
    /// essays benchmark (1.0-1.7 ms in all): the counting thread takes an
    /// offer only after its current 32 KiB chunk. With parts taken in turn,
    /// the wait is at most the other thread's last part.
    func runShared<Part>(_ parts: [Range<Int>], _ body: @escaping @Sendable (Range<Int>) -> Part) -> [Part] {
        let next = _Locked(0)
        let results = _Locked<[Part?]>(Array(repeating: nil, count: parts.count))
        let work: @Sendable () -> Void = {
            while true {
                let index = next.withLock { next in
                    defer { next += 1 }
                    return next
                }
                guard index < parts.count else { return }
                let value = body(parts[index])
                results.withLock { $0[index] = value }
            }
        }
        let job = _SideJob(work)
        if parts.count > 1 { _ = offer(job) }
        work()
        // Not started elsewhere: taken here, it finds no part left.
        job.runIfUntaken()
        job.wait()
        return results.withLock { $0.map { $0! } }
    }
}

/// `count` items cut into at most `parts` non-empty runs of about the same
/// total `weight`, in order (`runShared`'s parts).
func _balancedCuts(_ count: Int, parts: Int, weight: (Int) -> Int) -> [Range<Int>] {
    guard count > 0 else { return [] }
    let parts = max(1, min(parts, count))
    var total = 0
    for index in 0..<count { total += weight(index) }
    var cuts: [Range<Int>] = []
    var start = 0, sum = 0
    for index in 0..<(count - 1) {
        sum += weight(index)
        // Part k closes once the running sum reaches k / parts of the total.
        if cuts.count < parts - 1 && sum * parts >= total * (cuts.count + 1) {
            cuts.append(start..<(index + 1))
            start = index + 1
        }
    }
    cuts.append(start..<count)
    return cuts
}

/// A value handed to the parts of a `runShared` that the type system cannot
/// check (buffers, lazy views, closures): every part only reads it.
struct _Unchecked<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Processors online, read once.
let _onlineProcessors: Int = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
