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
/// A compression may borrow the background thread for the work it shares
/// (`lendThread(to:)`, `WorkShare(beside:)`): the thread then counts the
/// chunks left (`countNextChunk()`) between the jobs offered to it.
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
        /// The loop the background thread runs instead of its own (`lendThread(to:)`).
        var borrower: (@Sendable () -> Void)? = nil
        /// Whether the background thread runs its own loop and may be lent.
        var lendable = false
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
    /// machine has more than one core); else offered to `share`, the work
    /// share of the compression that makes this document, when there is one
    /// (whoever asks for a figure first counts the chunks it has not taken);
    /// else right away on this one. `chunkBytes` and `joinSlack` are for
    /// tests (see the statics).
    init(bytes: [UInt8], tokenizer: Tokenizer, inBackground: Bool? = nil, share: WorkShare? = nil,
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
        let useBackground = inBackground ?? (bytes.count >= Self.backgroundMinimumBytes && onlineProcessors > 1)
        usesBackground = useBackground && chunks.count > 1
        if usesBackground {
            state.withLock { $0.lendable = true }
            background.enter()
            DispatchQueue.global(qos: .userInitiated).async { [self] in
                backgroundLoop()
                background.leave()
            }
        } else if let share, !chunks.isEmpty {
            // A chunk the job counts is waited for as a background one is.
            background.enter()
            let job = SideJob { [self] in
                _ = countChunks(untilAbove: .max)
                background.leave()
            }
            share.offer(job)
        } else {
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
        state.next = chunks.count
        state.finished = chunks.count
        state.sum = total
        self.state = Locked(state)
        usesBackground = false
    }

    /// The count of `bytes` as `init(bytes:tokenizer:inBackground:share:)`
    /// takes it; one that would run on this thread at once is taken whole,
    /// without cutting the input into chunks (a small input's chunks cost
    /// their edge tokens and a lock each, and the count is the same), and
    /// keeps the ends of the tokens (`TokenEnds`).
    static func taking(bytes: [UInt8], tokenizer: Tokenizer, inBackground: Bool?, share: WorkShare?) -> InputTokenCount {
        if isTakenWhole(bytes, inBackground: inBackground, share: share) {
            let ends = TokenEnds(bytes, tokenizer: tokenizer)
            return InputTokenCount(bytes: bytes, tokenizer: tokenizer, total: ends.total, tokenEnds: ends)
        }
        return InputTokenCount(bytes: bytes, tokenizer: tokenizer, inBackground: inBackground, share: share)
    }

    /// Whether `taking` counts `bytes` whole on this thread: a small input
    /// that would not be counted on another one.
    static func isTakenWhole(_ bytes: [UInt8], inBackground: Bool?, share: WorkShare?) -> Bool {
        let background = inBackground ?? (bytes.count >= backgroundMinimumBytes && onlineProcessors > 1)
        return bytes.count < backgroundMinimumBytes && !(background && bytes.count > chunkBytes) && share == nil
    }

    /// The background thread: the next chunk, until none is left or the
    /// thread is lent (it then runs the borrower's loop instead).
    private func backgroundLoop() {
        while true {
            let (borrower, chunk): ((@Sendable () -> Void)?, Int?) = state.withLock { state in
                if let borrower = state.borrower {
                    state.borrower = nil
                    return (borrower, nil)
                }
                if state.next < chunks.count {
                    state.next += 1
                    return (nil, state.next - 1)
                }
                state.lendable = false
                return (nil, nil)
            }
            if let borrower {
                borrower()
                return
            } else if let chunk {
                countChunk(chunk)
            } else {
                return
            }
        }
    }

    /// Lends the background thread to `body`, which runs on it after the
    /// chunk in flight, in place of its own loop; `body` is to count the
    /// chunks left (`countNextChunk()`), and a caller that waits for a
    /// chunk in flight waits for `body` to return. Returns false when the
    /// thread has stopped, was lent already, or never ran.
    func lendThread(to body: @escaping @Sendable () -> Void) -> Bool {
        state.withLock { state in
            guard state.lendable else { return false }
            state.lendable = false
            state.borrower = body
            return true
        }
    }

    /// Counts the next chunk nobody has taken; returns false when none is left.
    func countNextChunk() -> Bool {
        let taken: Int? = state.withLock { state in
            guard state.next < chunks.count else { return nil }
            state.next += 1
            return state.next - 1
        }
        guard let index = taken else { return false }
        countChunk(index)
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
