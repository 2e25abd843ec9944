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
/// must start (`isTokenPieceBoundary`), so the chunks' counts add up to
/// the count of the whole. Where no piece starts for a while (one long
/// letter run), a chunk ends inside the piece instead, at a token boundary
/// of a local encoding (`joinableCut`): the counts of such a group of
/// chunks add up when every cut joins compatible tokens
/// (`Tokenizer._areCompatible`), else the group is counted whole. On a large input (`backgroundMinimumBytes` or
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
final class InputTokenCount: Sendable {
    /// Chunk length aimed at, in bytes.
    static let chunkBytes = 32 << 10
    /// Inputs this long or longer start their count on a background thread.
    static let backgroundMinimumBytes = 256 << 10

    /// Bytes a chunk may run past its aimed-at end looking for a piece
    /// start before it ends inside a piece.
    static let joinSlack = 512

    private struct State {
        /// Work offered to the background thread (`offer(_:)`), done before its next chunk.
        var jobs: [SideJob] = []
        /// Whether the background thread has stopped (or never ran).
        var workerDone = false
        /// The next chunk nobody has taken.
        var next = 0
        /// Chunks whose tokens are in `sum`.
        var finished = 0
        /// Sum of the counted groups' tokens.
        var sum = 0
        /// Each chunk's count and edge tokens, kept until its group is counted.
        var counts: [(count: Int, first: TokenID, last: TokenID)]
        /// Chunks of each group not yet counted.
        var pending: [Int]
        /// Groups counted whole because a cut did not join.
        var recounted = 0
    }

    private let bytes: [UInt8]
    private let chunks: [Range<Int>]
    /// The groups of chunks joined inside a piece, as ranges of chunk
    /// indices; a chunk that ends where a piece starts ends its group.
    private let groups: [Range<Int>]
    /// Each chunk's group.
    private let groupOf: [Int32]
    private let tokenizer: Tokenizer
    private let state: Locked<State>
    /// Entered while the background thread counts.
    private let background = DispatchGroup()
    /// Whether the count runs on a background thread: the input is large
    /// and the machine has cores to spare, so the coarse stage's scans may
    /// use a second thread too.
    let usesBackground: Bool
    /// Where the input's tokens end, when it was counted whole on this
    /// thread (`taking`): parts of it are counted from them.
    let tokenEnds: TokenEnds?

    /// Starts counting `bytes`: on a background thread when `inBackground`
    /// (nil: when the input is at least `backgroundMinimumBytes` and the
    /// machine has more than one core); else offered to `helper`'s counting
    /// thread when there is one (whoever asks for a figure first counts
    /// the chunks it has not taken); else right away on this one.
    /// `chunkBytes` and `joinSlack` are for tests (see the statics).
    init(bytes: [UInt8], tokenizer: Tokenizer, inBackground: Bool? = nil, helper: InputTokenCount? = nil,
         chunkBytes: Int = InputTokenCount.chunkBytes, joinSlack: Int = InputTokenCount.joinSlack) {
        self.bytes = bytes
        self.tokenizer = tokenizer
        tokenEnds = nil
        let cut = InputTokenCount.chunks(of: bytes, about: chunkBytes, tokenizer: tokenizer, joinSlack: joinSlack)
        self.chunks = cut.map(\.range)
        var groups: [Range<Int>] = []
        var groupOf = [Int32](repeating: 0, count: cut.count)
        var first = 0
        for index in cut.indices {
            groupOf[index] = Int32(groups.count)
            if !cut[index].joinsNext || index == cut.count - 1 {
                groups.append(first..<(index + 1))
                first = index + 1
            }
        }
        self.groups = groups
        self.groupOf = groupOf
        self.state = Locked(State(counts: Array(repeating: (0, 0, 0), count: cut.count), pending: groups.map(\.count)))
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
            let job = SideJob { [self] in
                _ = countChunks(untilAbove: .max)
                background.leave()
            }
            _ = helper.offer(job)
        } else {
            state.withLock { $0.workerDone = true }
            _ = countChunks(untilAbove: .max)
        }
    }

    /// A count already taken: `total` of `bytes`, as one chunk, with the
    /// ends of its tokens when known.
    init(bytes: [UInt8], tokenizer: Tokenizer, total: Int, tokenEnds: TokenEnds? = nil) {
        self.bytes = bytes
        self.tokenizer = tokenizer
        self.tokenEnds = tokenEnds
        chunks = bytes.isEmpty ? [] : [0..<bytes.count]
        groups = bytes.isEmpty ? [] : [0..<1]
        groupOf = bytes.isEmpty ? [] : [0]
        var state = State(counts: [], pending: [])
        state.workerDone = true
        state.next = chunks.count
        state.finished = chunks.count
        state.sum = total
        self.state = Locked(state)
        usesBackground = false
    }

    /// The count of `bytes` as `init(bytes:tokenizer:inBackground:helper:)`
    /// takes it; one that would run on this thread at once is taken whole,
    /// without cutting the input into chunks (a small input's chunks cost
    /// their edge tokens and a lock each, and the count is the same), and
    /// keeps the ends of the tokens (`TokenEnds`).
    static func taking(bytes: [UInt8], tokenizer: Tokenizer, inBackground: Bool?, helper: InputTokenCount?) -> InputTokenCount {
        if isTakenWhole(bytes, inBackground: inBackground, helper: helper) {
            let ends = TokenEnds(bytes, tokenizer: tokenizer)
            return InputTokenCount(bytes: bytes, tokenizer: tokenizer, total: ends.total, tokenEnds: ends)
        }
        return InputTokenCount(bytes: bytes, tokenizer: tokenizer, inBackground: inBackground, helper: helper)
    }

    /// Whether `taking` counts `bytes` whole on this thread: a small input
    /// that would not be counted on another one.
    static func isTakenWhole(_ bytes: [UInt8], inBackground: Bool?, helper: InputTokenCount?) -> Bool {
        let background = inBackground ?? (bytes.count >= backgroundMinimumBytes && _onlineProcessors > 1)
        return bytes.count < backgroundMinimumBytes && !(background && bytes.count > chunkBytes) && !(helper?.usesBackground ?? false)
    }

    /// The background thread: jobs offered to it first, then the next chunk,
    /// until no chunk is left.
    private func backgroundLoop() {
        while true {
            let (job, chunk): (SideJob?, Int?) = state.withLock { state in
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
    func offer(_ job: SideJob) -> Bool {
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

    /// The number of chunks, and of groups of chunks joined inside a piece
    /// that were counted whole because a cut did not join (for tests).
    var cutCounts: (chunks: Int, joined: Int, recounted: Int) {
        (chunks.count, chunks.count - groups.count, state.withLock { $0.recounted })
    }

    /// The exact token count of the input.
    var total: Int {
        _ = countChunks(untilAbove: .max)
        waitForChunksInFlight()
        return state.withLock { $0.sum }
    }

    /// The exact count when every chunk has been counted; nil while some
    /// are not (this never waits nor counts).
    var knownTotal: Int? {
        state.withLock { $0.finished == chunks.count && $0.next == chunks.count ? $0.sum : nil }
    }

    /// Whether the input has more than `limit` tokens.
    func exceeds(_ limit: Int) -> Bool {
        guard bytes.count > limit else { return false }  // a token is at least a byte
        // Nor is any token longer than the longest.
        let longest = tokenizer._longestTokenBytes
        if limit < Int.max / longest && bytes.count > limit * longest { return true }
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

    /// Counts a chunk taken from `next`; the thread that counts the last
    /// chunk of a group adds the group's tokens to the sum.
    private func countChunk(_ index: Int) {
        let counted = bytes.withUnsafeBufferPointer { tokenizer._countWithEdgeTokens(bytes: UnsafeBufferPointer(rebasing: $0[chunks[index]])) }
        let group = Int(groupOf[index])
        let complete: [(count: Int, first: TokenID, last: TokenID)]? = state.withLock { state in
            state.counts[index] = counted
            state.pending[group] -= 1
            return state.pending[group] == 0 ? Array(state.counts[groups[group]]) : nil
        }
        guard let parts = complete else { return }
        let tokens = joinedCount(parts, group: group)
        state.withLock { state in
            state.sum += tokens
            state.finished += groups[group].count
        }
    }

    /// The tokens of a group from its chunks' counts: their sum when every
    /// cut joins compatible tokens, else the count of the group's bytes.
    private func joinedCount(_ parts: [(count: Int, first: TokenID, last: TokenID)], group: Int) -> Int {
        var joins = true
        for (left, right) in zip(parts, parts.dropFirst()) where !tokenizer._areCompatible(left.last, right.first) {
            joins = false
            break
        }
        if joins { return parts.reduce(0) { $0 + $1.count } }
        state.withLock { $0.recounted += 1 }
        let range = chunks[groups[group].lowerBound].lowerBound..<chunks[groups[group].upperBound - 1].upperBound
        return bytes.withUnsafeBufferPointer { tokenizer.count(bytes: UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// `bytes` cut into ranges of about `length` bytes where a token piece
    /// must start (a range runs on to the next such position, or to the
    /// end); with a tokenizer, a range that finds no such position within
    /// `joinSlack` bytes ends inside a lowercase letter run instead
    /// (`joinsNext`), at a token boundary of a local encoding
    /// (`joinableCut`).
    static func chunks(of bytes: [UInt8], about length: Int, tokenizer: Tokenizer? = nil,
                       joinSlack: Int = InputTokenCount.joinSlack) -> [(range: Range<Int>, joinsNext: Bool)] {
        var chunks: [(range: Range<Int>, joinsNext: Bool)] = []
        // A pattern no scanner knows may join pieces across these cuts: one chunk.
        if let tokenizer, !tokenizer._splitsByScanner { return bytes.isEmpty ? [] : [(0..<bytes.count, false)] }
        chunks.reserveCapacity(bytes.count / max(1, length) + 1)
        bytes.withUnsafeBufferPointer { buffer in
            var start = 0
            while start < buffer.count {
                var cut = start + max(1, length)
                let joinFrom = tokenizer == nil ? Int.max : cut + joinSlack
                var joins = false
                while cut < buffer.count && !isTokenPieceBoundary(buffer, cut) {
                    if cut >= joinFrom && _isJoinableCut(buffer, cut) {
                        cut = joinableCut(buffer, near: cut, tokenizer: tokenizer!)
                        joins = true
                        break
                    }
                    cut += 1
                }
                cut = min(cut, buffer.count)
                chunks.append((start..<cut, joins))
                start = cut
            }
        }
        return chunks
    }

    /// A cut near `i` (a joinable cut) where the local encoding of the
    /// letters around it has a token boundary, the likeliest place for one
    /// of the whole piece's encoding; `i` itself when none is near.
    static func joinableCut(_ buffer: UnsafeBufferPointer<UInt8>, near i: Int, tokenizer: Tokenizer) -> Int {
        let reach = 64
        var low = i, high = i
        while low > i - reach && low > 0 && buffer[low - 1] &- UInt8(ascii: "a") < 26 { low -= 1 }
        while high < i + reach && high < buffer.count && buffer[high] &- UInt8(ascii: "a") < 26 { high += 1 }
        let ends = tokenizer._tokenEnds(bytes: UnsafeBufferPointer(rebasing: buffer[low..<high]))
        var best = i, distance = Int.max
        for end in ends where _isJoinableCut(buffer, low + end) && abs(low + end - i) < distance {
            best = low + end
            distance = abs(best - i)
        }
        return best
    }
}

extension InputTokenCount {
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
        let next = Locked(0)
        let results = Locked<[Part?]>(Array(repeating: nil, count: parts.count))
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
        let job = SideJob(work)
        if parts.count > 1 { _ = offer(job) }
        work()
        // Not started elsewhere: taken here, it finds no part left.
        job.runIfUntaken()
        job.wait()
        return results.withLock { $0.map { $0! } }
    }
}
