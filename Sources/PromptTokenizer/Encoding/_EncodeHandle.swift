/// Where encoded token identifiers go: an array, or just a counter.
protocol _TokenSink {
    mutating func append(_ id: TokenID)
    /// How many tokens were appended: a mark to roll back to.
    var mark: Int { get }
    /// Forgets the tokens appended after `mark`.
    mutating func rollback(to mark: Int)
}

/// Writes into a new array's memory while it lasts, then into `overflow`.
///
/// Appending to an `Array` checks its uniqueness and capacity and stores
/// its count at every token; writing through a pointer made encoding
/// 11-20 % faster on every corpus (English, German, French, Russian; runs
/// of the two sinks alternated in one process).
struct _GrowingSink: _TokenSink {
    let base: UnsafeMutablePointer<TokenID>
    let capacity: Int
    var count = 0
    var overflow: [TokenID] = []

    @inline(__always) mutating func append(_ id: TokenID) {
        if _fastPath(count < capacity) {
            base[count] = id
            count &+= 1
        } else {
            overflow.append(id)
        }
    }

    var mark: Int { count + overflow.count }

    mutating func rollback(to mark: Int) {
        if mark <= count {
            count = mark
            overflow.removeAll(keepingCapacity: true)
        } else {
            overflow.removeLast(count + overflow.count - mark)
        }
    }

    /// A new array of the tokens `body` appends to the sink it is given.
    ///
    /// - Parameter estimate: The expected number of tokens: the array's
    ///   first capacity. More tokens are appended after it.
    @inline(__always)
    static func collect(estimate: Int, _ body: (inout _GrowingSink) -> Void) -> [TokenID] {
        var overflow: [TokenID] = []
        var ids = [TokenID](unsafeUninitializedCapacity: Swift.max(estimate, 1)) { buffer, initialized in
            var sink = _GrowingSink(base: buffer.baseAddress!, capacity: buffer.count)
            body(&sink)
            initialized = sink.count
            overflow = sink.overflow
        }
        if !overflow.isEmpty { ids.append(contentsOf: overflow) }
        return ids
    }
}

/// Writes into memory the caller sized (at most one token a byte).
struct _BufferSink: _TokenSink {
    let base: UnsafeMutablePointer<TokenID>
    var count = 0
    @inline(__always) mutating func append(_ id: TokenID) {
        base[count] = id
        count += 1
    }
    var mark: Int { count }
    mutating func rollback(to mark: Int) { count = mark }
}

struct _CountSink: _TokenSink {
    var count = 0
    @inline(__always) mutating func append(_ id: TokenID) { count += 1 }
    var mark: Int { count }
    mutating func rollback(to mark: Int) { count = mark }
}

// Performance notes (cl100k_base, `corpora/bench`; de, fr, ru: parts of the
// multilingual corpus; cachegrind warm passes, 2 MB last-level cache; wall
// clock from two variants alternated in one process. Method, and what was
// tried and not kept: docs/performance.md.)
//
// Lookup
// - Whole piece first, because most English and code pieces are one token:
//   a slot holds the token's first 8 bytes, so a short piece is found or
//   refused reading one cache line. Skipped above 32 bytes, where it almost
//   always misses (the trie walk finds a whole token anyway).
// - Byte pairs from a 64 K table, not the hash table.
// - The 256 KB token filter guards the 4 MB rank table, for the merge
//   loops' candidate pairs and every whole-piece lookup, because most
//   candidates are not tokens: de misses -9 % (pairs), +2-4 % speed on
//   every corpus (whole pieces).
// - No reference counting in the loops: tables through unowned views.
//
// Piece cache (`_PieceCache`)
// - Merged pieces are cached per call from 4 KB of input, because German,
//   French and Russian words recur: 60 % of the bytes that need merging in
//   the multilingual corpus are repeats.
// - Slots of one cache line, two ways, because the second way saves merges
//   after an eviction: de -4.2 %, fr -3.3 %, ru -3.4 % instructions, for
//   +4 % last-level misses (writes) on English and code.
// - Grows only past 8 new pieces a KB, to one slot per 128 input bytes
//   (at most 64 K), because a large table costs text whose words are tokens:
//   64 K slots for every input gave English +27 % misses; one slot per 128
//   bytes instead of 64 took de, fr, ru read misses -23 to -30 %; the
//   multilingual corpus needs its 64 K (16 K: +8 % instructions).
//
// Merging
// - Pieces up to 32 bytes go to the merge loop, because the trie walk's
//   chain of misses costs more than the loop (16-32 bytes: de +10-20 %,
//   en +2-3 %); from 12 bytes those ending in a non-ASCII byte backtrack,
//   because Cyrillic pieces start as twice as many parts (ru +4-5 %;
//   merging them: ru -16 %). Longer pieces backtrack.
// - Parts of up to 8 (16) bytes keyed by one (two) masked loads from a
//   copy with 8 bytes of slack, because branches on the length mispredicted
//   about once a byte: de -4 % instructions, en mispredictions -45 %,
//   English 107 to 119 MB/s with the 8-byte letter scan.
// - Two-byte letters tested in a 256-byte bitmap (ru -5 % instructions),
//   decoded out of line (inlined, the loop stopped inlining: en +7 %).
// - Chinese and Japanese runs split where no token crosses a character
//   boundary (`_encodeSegmented`): 101 to 69 instructions a byte, MB/s
//   more than doubled on that text.

/// Unsafe views of a vocabulary and the class tables, valid inside
/// `Vocabulary.withHandle(_:_:)` only.
///
/// Methods read like the algorithm: split the text into pieces (by the
/// encoding's pattern), look a piece up whole, else merge it: the quadratic merge loop
/// for short pieces (`_mergeSmall`), backtracking over the token trie for
/// long ones (`_encodeBacktracking`), the heap merge as its fallback
/// (`_mergeLarge`). Pointers never escape the `withHandle` closure.
struct _EncodeHandle {
    /// Which scanner cuts the text into pieces, and how `ascii`, `stage1`
    /// and `stage2` are read (`CharacterClass` or `CasedCharacterClass`).
    let pattern: SplitPattern
    let arena: UnsafePointer<UInt8>
    let starts: UnsafePointer<UInt32>
    let slots: UnsafePointer<_Slot>
    let slotMask: Int
    let maxTokenLength: Int
    let byteRanks: UnsafePointer<TokenID>
    /// Rank of each two-byte token by `first << 8 | second`, `none` when absent.
    let bytePairs: UnsafePointer<TokenID>
    /// `Vocabulary.tokenFilter`.
    let tokenFilter: UnsafePointer<UInt64>
    /// The pattern's `ClassTable`.
    let ascii: UnsafePointer<UInt8>
    let stage1: UnsafePointer<UInt16>
    let stage2: UnsafePointer<UInt8>
    /// `CharacterClass.Table.twoByteLetters` (cl100k), `CasedCharacterClass.twoByteSets` (o200k).
    let twoByteLetters: UnsafePointer<UInt64>
    /// The vocabulary's trie, built on first use.
    let trieBox: _LazyTrie
    /// Scratch for `_mergeSmall`: part starts, pair ranks, part tokens, the
    /// piece's bytes (`smallPieceLimit + 8`).
    let scratch: UnsafeMutablePointer<UInt32>

    static let smallPieceLimit = 64
    /// Pieces from this length on that end in a non-ASCII byte (Cyrillic,
    /// Greek, CJK) are encoded by backtracking; others up to
    /// `_PieceCache.maxPiece` bytes by the merge loop (see the notes).
    static let backtrackingLimit = 12
    static let none = TokenID.max

    // MARK: Lookup

    /// The rank of `count` bytes at `bytes`, or `none`.
    @inline(__always)
    func rank(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> TokenID {
        if count > maxTokenLength { return Self.none }
        return rank(bytes, count, key: _key(bytes, count))
    }

    /// Whether the filter lets a string with this hash through (it may be a token).
    @inline(__always)
    func mayBeToken(_ hash: UInt64) -> Bool {
        tokenFilter[_TokenFilter.word(hash)] & _TokenFilter.bit(hash) != 0
    }

    /// `rank(_:_:)` through the token filter: for strings that are seldom
    /// tokens (the merge loops' candidate pairs), most of them are refused
    /// without a read of the 4 MB rank table.
    @inline(__always)
    func filteredRank(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> TokenID {
        if count > maxTokenLength { return Self.none }
        let key = _key(bytes, count)
        if !mayBeToken(key.hash) { return Self.none }
        return rank(bytes, count, key: key)
    }

    /// The rank of `count` bytes (at most `maxTokenLength`) whose key is known.
    ///
    /// Up to 8 bytes, the slot alone decides; longer tokens are compared
    /// with the arena when their first 8 bytes, length and hash tag match.
    @inline(__always)
    func rank(_ bytes: UnsafePointer<UInt8>, _ count: Int, key: (prefix: UInt64, hash: UInt64)) -> TokenID {
        let expected = (key.hash & 0xFFFF_FFFF_0000_0000) | UInt64(truncatingIfNeeded: min(count, 255))
        var slot = Int(truncatingIfNeeded: key.hash) & slotMask
        while true {
            let entry = slots[slot]
            if entry.meta == 0 { return Self.none }
            if entry.prefix == key.prefix && entry.meta & 0xFFFF_FFFF_0000_00FF == expected {
                let rank = Int(truncatingIfNeeded: entry.meta >> 8 & 0xFF_FFFF) &- 1
                if count <= 8 { return TokenID(truncatingIfNeeded: rank) }
                let start = Int(starts[rank])
                if Int(starts[rank &+ 1]) &- start == count && _equal(arena + start + 8, bytes + 8, count - 8) {
                    return TokenID(truncatingIfNeeded: rank)
                }
            }
            slot = (slot &+ 1) & slotMask
        }
    }

    /// The rank of the two bytes at `bytes`, or `none`: one table read.
    @inline(__always)
    func pairRank(_ bytes: UnsafePointer<UInt8>) -> TokenID {
        bytePairs[Int(bytes[0]) &<< 8 | Int(bytes[1])]
    }

    // MARK: Pieces

    /// Encodes `text[start ..< end]` as ordinary text (no special tokens).
    ///
    /// Inputs of `_PieceCache.minimumInput` bytes or more get a piece cache:
    /// words that are not one token recur, and their merges are remembered.
    @inline(__always)
    func encode<Sink: _TokenSink>(_ text: UnsafePointer<UInt8>, from start: Int, to end: Int, into sink: inout Sink) {
        let cache = end - start >= _PieceCache.minimumInput ? _PieceCache(text: text + start, inputBytes: end - start) : nil
        var long = _LongPieceState()
        defer {
            cache?.deallocate()
            long.deallocate()
        }
        var position = start
        // One loop per pattern, so that each inlines its own scanner.
        switch pattern {
        case .cl100k:
            while position < end {
                let pieceEnd = cl100kPieceEnd(text, position, end)
                encodePiece(text + position, pieceEnd &- position, readable: end &- position, cache: cache, long: &long, into: &sink)
                position = pieceEnd
            }
        case .llama3:
            while position < end {
                let pieceEnd = cl100kPieceEnd(text, position, end, breaksFirst: true)
                encodePiece(text + position, pieceEnd &- position, readable: end &- position, cache: cache, long: &long, into: &sink)
                position = pieceEnd
            }
        case .o200k:
            while position < end {
                let pieceEnd = o200kPieceEnd(text, position, end)
                encodePiece(text + position, pieceEnd &- position, readable: end &- position, cache: cache, long: &long, into: &sink)
                position = pieceEnd
            }
        case .tekken:
            while position < end {
                let pieceEnd = o200kPieceEnd(text, position, end, contractions: false, digits: 1)
                encodePiece(text + position, pieceEnd &- position, readable: end &- position, cache: cache, long: &long, into: &sink)
                position = pieceEnd
            }
        case .qwen2:
            while position < end {
                let pieceEnd = cl100kPieceEnd(text, position, end, breaksFirst: true, singleDigits: true)
                encodePiece(text + position, pieceEnd &- position, readable: end &- position, cache: cache, long: &long, into: &sink)
                position = pieceEnd
            }
        case .deepSeekV3:
            while position < end {
                let pieceEnd = deepSeekPieceEnd(text, position, end)
                encodePiece(text + position, pieceEnd &- position, readable: end &- position, cache: cache, long: &long, into: &sink)
                position = pieceEnd
            }
        }
    }

    /// The end of the piece that starts at `start` (`start < end`), by the pattern's scanner.
    func pieceEnd(_ text: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        switch pattern {
        case .cl100k: cl100kPieceEnd(text, start, end)
        case .llama3: cl100kPieceEnd(text, start, end, breaksFirst: true)
        case .o200k: o200kPieceEnd(text, start, end)
        case .tekken: o200kPieceEnd(text, start, end, contractions: false, digits: 1)
        case .qwen2: cl100kPieceEnd(text, start, end, breaksFirst: true, singleDigits: true)
        case .deepSeekV3: deepSeekPieceEnd(text, start, end)
        }
    }

    @inline(__always)
    func encodePiece<Sink: _TokenSink>(
        _ piece: UnsafePointer<UInt8>, _ count: Int, readable: Int, cache: _PieceCache?, long: inout _LongPieceState,
        into sink: inout Sink
    ) {
        if count == 1 {
            sink.append(byteRanks[Int(piece[0])])
            return
        }
        if Self.isSegmentable(piece, count) {
            _encodeSegmented(piece, count, cache: cache, long: &long, into: &sink)
            return
        }
        _encodeWhole(piece, count, readable: readable, cache: cache, long: &long, into: &sink)
    }

    /// Encodes a piece (or a part of one that BPE encodes on its own):
    /// whole-token lookup, the cache, then merging. `readable` is how many
    /// bytes from `piece` on may be read (at least `count`): with 8, a short
    /// piece is keyed by one load and a mask instead of `_key`'s branches
    /// on the length.
    @inline(__always)
    func _encodeWhole<Sink: _TokenSink>(
        _ piece: UnsafePointer<UInt8>, _ count: Int, readable: Int = 0, cache: _PieceCache?, long: inout _LongPieceState,
        into sink: inout Sink
    ) {
        if count == 1 {
            sink.append(byteRanks[Int(piece[0])])
            return
        }
        // Longer pieces skip the whole-piece lookup (almost always a miss in
        // a table larger than the L2 cache): the trie walk of the
        // backtracking encoder finds a whole token as its first candidate.
        if count > _PieceCache.maxPiece {
            _encodeLong(piece, count, long: &long, into: &sink)
            return
        }
        let key = readable >= 16 && count <= 16 ? _maskedKey(piece, count) : _key(piece, count)
        let hash = key.hash
        // Most pieces that are not tokens are refused by the 256 KB filter
        // instead of a read of the 4 MB rank table (see the notes).
        let whole = mayBeToken(hash) ? rank(piece, count, key: key) : Self.none
        if whole != Self.none {
            sink.append(whole)
            return
        }
        let slot = cache?.slot(hash)
        if let cache, let slot, let hit = cache.find(slot, hash, piece, count) {
            cache.emit(hit, into: &sink)
            return
        }
        if count >= Self.backtrackingLimit && piece[count &- 1] >= 0x80 {
            withUnsafeTemporaryAllocation(of: TokenID.self, capacity: count) { buffer in
                var tokens = _BufferSink(base: buffer.baseAddress!)
                _encodeLong(piece, count, long: &long, into: &tokens)
                if let cache, let slot { cache.store(slot, hash, piece, count, tokens: buffer.baseAddress!, tokens.count) }
                for i in 0..<tokens.count { sink.append(buffer[i]) }
            }
            return
        }
        let tokens = _mergeSmall(piece, count)
        if let cache, let slot { cache.store(slot, hash, piece, count, tokens: token, tokens) }
        for i in 0..<tokens { sink.append(token[i]) }
    }

    /// Long pieces: backtracking, or the heap merge when the search gives
    /// up; very long ones in segments first (`_encodeInSegments`).
    @inline(never)
    func _encodeLong<Sink: _TokenSink>(
        _ piece: UnsafePointer<UInt8>, _ count: Int, long: inout _LongPieceState, into sink: inout Sink
    ) {
        long.prepare(trieBox)
        if count > 2 * Self.segmentBytes && _encodeInSegments(piece, count, long: &long, into: &sink) { return }
        _encodeLongWhole(piece, count, long: &long, into: &sink)
    }

    /// A long piece whole: backtracking, or the heap merge when the search gives up.
    func _encodeLongWhole<Sink: _TokenSink>(
        _ piece: UnsafePointer<UInt8>, _ count: Int, long: inout _LongPieceState, into sink: inout Sink
    ) {
        if _encodeBacktracking(piece, count, state: &long, into: &sink) { return }
        if count < Self.smallPieceLimit {
            let tokens = _mergeSmall(piece, count)
            for i in 0..<tokens { sink.append(token[i]) }
        } else {
            _mergeLarge(piece, count, into: &sink)
        }
    }

    // MARK: Merging

    /// Where `_mergeSmall` leaves its tokens.
    var token: UnsafeMutablePointer<TokenID> { scratch + 2 * Self.smallPieceLimit + 1 }

    /// tiktoken's merge loop: repeatedly merge the adjacent pair whose
    /// concatenation has the lowest rank, the leftmost on ties. Leaves the
    /// tokens in `token` and returns their number.
    ///
    /// Quadratic in the piece length, with a small constant; used below
    /// `smallPieceLimit` bytes.
    @inline(__always)
    func _mergeSmall(_ piece: UnsafePointer<UInt8>, _ count: Int) -> Int {
        // parts: start[0...m], pair[0..<m-1] (rank of part i + part i+1), token[0..<m]
        let start = scratch
        let pair = scratch + Self.smallPieceLimit + 1
        let token = self.token
        // The piece again, with 8 bytes of slack: a part of up to 8 bytes is
        // keyed by one load and a mask.
        let padded = UnsafeMutableRawPointer(scratch + 3 * Self.smallPieceLimit + 1)
        padded.copyMemory(from: piece, byteCount: count)
        padded.storeBytes(of: 0, toByteOffset: count, as: UInt64.self)
        @inline(__always) func partRank(_ s: Int, _ length: Int) -> TokenID {
            if length > 8 { return filteredRank(piece + s, length) }
            let prefix = padded.loadUnaligned(fromByteOffset: s, as: UInt64.self) & (UInt64.max &>> (64 &- 8 &* UInt64(truncatingIfNeeded: length)))
            let hash = _shortHash(prefix, length)
            if !mayBeToken(hash) { return Self.none }
            return rank(piece + s, length, key: (prefix, hash))
        }
        var m = count
        for i in 0..<count {
            start[i] = UInt32(truncatingIfNeeded: i)
            token[i] = byteRanks[Int(piece[i])]
        }
        start[count] = UInt32(truncatingIfNeeded: count)
        for i in 0..<(count - 1) { pair[i] = pairRank(piece + i) }

        while m > 1 {
            var best = Self.none
            var at = 0
            for i in 0..<(m - 1) where pair[i] < best {
                best = pair[i]
                at = i
            }
            if best == Self.none { break }
            // Merge parts `at` and `at + 1`.
            token[at] = best
            var i = at + 1
            while i < m {
                start[i] = start[i + 1]
                i += 1
            }
            i = at + 1
            while i < m - 1 {
                token[i] = token[i + 1]
                pair[i] = pair[i + 1]
                i += 1
            }
            m -= 1
            if at + 1 < m {
                let s = Int(start[at])
                pair[at] = partRank(s, Int(start[at + 2]) &- s)
            }
            if at > 0 {
                let s = Int(start[at - 1])
                pair[at - 1] = partRank(s, Int(start[at + 1]) &- s)
            }
        }
        return m
    }

    /// The same merge order with a heap and a linked list of parts:
    /// O(n log n) for long pieces (1 MB of one repeated byte, long runs of
    /// letters without spaces, CJK text).
    @inline(never)
    func _mergeLarge<Sink: _TokenSink>(_ piece: UnsafePointer<UInt8>, _ count: Int, into sink: inout Sink) {
        // A part is identified by its start byte; next[i] is the start of the
        // following part (count at the end), prev[i] that of the previous one.
        let next = UnsafeMutablePointer<Int32>.allocate(capacity: count)
        let prev = UnsafeMutablePointer<Int32>.allocate(capacity: count)
        let token = UnsafeMutablePointer<TokenID>.allocate(capacity: count)
        let pair = UnsafeMutablePointer<TokenID>.allocate(capacity: count)
        var heap = _MinHeap(capacity: count * 3)
        defer {
            next.deallocate(); prev.deallocate(); token.deallocate(); pair.deallocate()
            heap.deallocate()
        }
        for i in 0..<count {
            next[i] = Int32(i + 1)
            prev[i] = Int32(i - 1)
            token[i] = byteRanks[Int(piece[i])]
            pair[i] = Self.none
        }
        for i in 0..<(count - 1) {
            let r = pairRank(piece + i)
            pair[i] = r
            if r != Self.none { heap.push(UInt64(r) << 32 | UInt64(i)) }
        }
        while let key = heap.pop() {
            let r = TokenID(truncatingIfNeeded: key >> 32)
            let i = Int(truncatingIfNeeded: key & 0xFFFF_FFFF)
            // Stale entries: the part was merged away (pair reset) or its pair changed.
            guard pair[i] == r else { continue }
            let j = Int(next[i])
            let k = Int(next[j])
            token[i] = r
            next[i] = Int32(k)
            if k < count { prev[k] = Int32(i) }
            pair[j] = Self.none
            if k < count {
                let end = Int(next[k])
                let merged = filteredRank(piece + i, end - i)
                pair[i] = merged
                if merged != Self.none { heap.push(UInt64(merged) << 32 | UInt64(i)) }
            } else {
                pair[i] = Self.none
            }
            let p = Int(prev[i])
            if p >= 0 {
                let merged = filteredRank(piece + p, k - p)
                pair[p] = merged
                if merged != Self.none { heap.push(UInt64(merged) << 32 | UInt64(p)) }
            }
        }
        var i = 0
        while i < count {
            sink.append(token[i])
            i = Int(next[i])
        }
    }
}

/// A memo of merged pieces for one call: two-way sets of two slots of one
/// cache line each,
///
///     | hash tag: 4 | count: 1 | token count: 1 | way-1 tag: 2 | piece: 32 | tokens: 8 x 3 |   64 bytes
///
/// (tokens are 24-bit: ranks are below 2^24). The set index is `hash >> 41`,
/// the tag the hash's low 32 bits; the piece bytes are compared in full.
/// The first slot of a set (way 0) holds the piece used last, the second
/// (way 1) the one before; way 0's bytes 6-7 keep the low 16 bits of way
/// 1's tag, so a piece in neither way is refused reading one cache line.
///
/// Pieces up to 32 bytes that merge into at most 8 tokens are kept; a new
/// piece moves way 0 to way 1 (evicting way 1), a hit in way 1 swaps the two.
///
/// The table starts at 256 to 16384 slots (one for every 64 input bytes).
/// Each time it has taken a quarter as many new pieces as it has slots, it
/// looks at the input read meanwhile: with more than 8 new pieces a KB it
/// grows, keeping its entries, to 65536 slots or one for every 128 input
/// bytes, whichever is less (so inputs below 2 MB keep 16384). Text whose
/// words are mostly tokens (English, code: about 3 new pieces a KB) keeps a
/// small table that stays in the L2 cache; text with many merged words
/// (German, French, Russian: about 17) gets room for its vocabulary.
struct _PieceCache {
    static let stride = 64
    static let maxPiece = 32
    static let maxTokens = 8
    /// Below this many input bytes, clearing the cache costs more than it saves.
    static let minimumInput = 4096
    static let initialMaxSlots = 16384
    static let maxSlots = 65536

    /// The table and its counters, behind one pointer so that the cache can
    /// grow while it is passed around by value.
    struct State {
        var base: UnsafeMutableRawPointer
        /// A power of two: slots - 1.
        var slotMask: UInt64
        /// Pieces stored since `windowStart`.
        var stores: Int
        /// Where in the input the current window of stores began.
        var windowStart: UnsafePointer<UInt8>
        /// The number of slots the table may grow to.
        var limit: Int
    }

    let state: UnsafeMutablePointer<State>

    init(text: UnsafePointer<UInt8>, inputBytes: Int) {
        var slots = 256
        while slots < Self.initialMaxSlots && slots * 64 < inputBytes { slots <<= 1 }
        var limit = slots
        while limit < Self.maxSlots && limit * 128 < inputBytes { limit <<= 1 }
        state = .allocate(capacity: 1)
        state.initialize(to: State(base: Self._allocate(slots), slotMask: UInt64(slots - 1), stores: 0, windowStart: text, limit: limit))
    }

    /// The table, zeroed, with one slot of slack: `emit` reads the last
    /// token as 4 bytes, one past the slot.
    static func _allocate(_ slots: Int) -> UnsafeMutableRawPointer {
        let base = UnsafeMutableRawPointer.allocate(byteCount: (slots + 1) * Self.stride, alignment: 128)
        base.initializeMemory(as: UInt8.self, repeating: 0, count: (slots + 1) * Self.stride)
        return base
    }

    func deallocate() {
        state.pointee.base.deallocate()
        state.deallocate()
    }

    /// The first slot (way 0) of the set of `hash`.
    @inline(__always)
    func slot(_ hash: UInt64) -> UnsafeMutableRawPointer {
        state.pointee.base + Int(truncatingIfNeeded: (hash >> 40) & state.pointee.slotMask & ~1) &* Self.stride
    }

    @inline(__always)
    static func _matches(_ slot: UnsafeMutableRawPointer, _ hash: UInt64, _ piece: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        slot.load(as: UInt32.self) == UInt32(truncatingIfNeeded: hash)
            && Int(slot.load(fromByteOffset: 4, as: UInt8.self)) == count
            && _equal(UnsafePointer(slot.advanced(by: 8).assumingMemoryBound(to: UInt8.self)), piece, count)
    }

    /// The slot of the set `set` (from `slot(_:)`) holding the piece, or nil.
    @inline(__always)
    func find(_ set: UnsafeMutableRawPointer, _ hash: UInt64, _ piece: UnsafePointer<UInt8>, _ count: Int) -> UnsafeMutableRawPointer? {
        if Self._matches(set, hash, piece, count) { return set }
        if set.load(fromByteOffset: 6, as: UInt16.self) != UInt16(truncatingIfNeeded: hash) { return nil }
        return _findSecond(set, hash, piece, count)
    }

    /// Way 1: on a hit, the two ways swap, so that way 0 holds the piece used last.
    @inline(never)
    func _findSecond(_ set: UnsafeMutableRawPointer, _ hash: UInt64, _ piece: UnsafePointer<UInt8>, _ count: Int) -> UnsafeMutableRawPointer? {
        let second = set + Self.stride
        guard Self._matches(second, hash, piece, count) else { return nil }
        withUnsafeTemporaryAllocation(byteCount: Self.stride, alignment: 16) { line in
            let temporary = line.baseAddress!
            temporary.copyMemory(from: set, byteCount: Self.stride)
            set.copyMemory(from: second, byteCount: Self.stride)
            second.copyMemory(from: temporary, byteCount: Self.stride)
        }
        set.storeBytes(of: UInt16(truncatingIfNeeded: second.load(as: UInt32.self)), toByteOffset: 6, as: UInt16.self)
        return set
    }

    @inline(__always)
    func emit<Sink: _TokenSink>(_ slot: UnsafeMutableRawPointer, into sink: inout Sink) {
        let tokens = Int(slot.load(fromByteOffset: 5, as: UInt8.self))
        for i in 0..<tokens {
            sink.append(slot.loadUnaligned(fromByteOffset: 40 &+ 3 &* i, as: TokenID.self) & 0xFF_FFFF)
        }
    }

    /// Stores a piece's tokens in `slot` (from `slot(hash)`, which this call
    /// may invalidate: the table can grow).
    @inline(__always)
    func store(
        _ slot: UnsafeMutableRawPointer, _ hash: UInt64, _ piece: UnsafePointer<UInt8>, _ count: Int,
        tokens: UnsafePointer<TokenID>, _ tokenCount: Int
    ) {
        guard tokenCount <= Self.maxTokens else { return }
        Self._write(slot, hash, piece, count, tokens: tokens, tokenCount)
        state.pointee.stores &+= 1
        if state.pointee.stores &<< 2 > Int(truncatingIfNeeded: state.pointee.slotMask) { _window(end: piece) }
    }

    /// Writes an entry into way 0 of `slot`'s set, moving a piece there to way 1.
    @inline(__always)
    static func _write(
        _ slot: UnsafeMutableRawPointer, _ hash: UInt64, _ piece: UnsafePointer<UInt8>, _ count: Int,
        tokens: UnsafePointer<TokenID>, _ tokenCount: Int
    ) {
        if slot.load(fromByteOffset: 5, as: UInt8.self) != 0 {
            (slot + Self.stride).copyMemory(from: slot, byteCount: Self.stride)
            slot.storeBytes(of: UInt16(truncatingIfNeeded: slot.load(as: UInt32.self)), toByteOffset: 6, as: UInt16.self)
        }
        slot.storeBytes(of: UInt32(truncatingIfNeeded: hash), as: UInt32.self)
        slot.storeBytes(of: UInt8(truncatingIfNeeded: count), toByteOffset: 4, as: UInt8.self)
        slot.storeBytes(of: UInt8(truncatingIfNeeded: tokenCount), toByteOffset: 5, as: UInt8.self)
        (slot + 8).copyMemory(from: piece, byteCount: count)
        for i in 0..<tokenCount {
            let token = tokens[i]
            slot.storeBytes(of: UInt16(truncatingIfNeeded: token), toByteOffset: 40 &+ 3 &* i, as: UInt16.self)
            slot.storeBytes(of: UInt8(truncatingIfNeeded: token >> 16), toByteOffset: 42 &+ 3 &* i, as: UInt8.self)
        }
    }

    /// Ends a window of stores at `end` (the last stored piece): doubles
    /// the table when the window held more than 8 stores a KB of input.
    @inline(never)
    func _window(end: UnsafePointer<UInt8>) {
        let bytes = end - state.pointee.windowStart
        let dense = state.pointee.stores &* 128 > bytes
        state.pointee.stores = 0
        state.pointee.windowStart = end
        if dense && Int(truncatingIfNeeded: state.pointee.slotMask) + 1 < state.pointee.limit { _grow() }
    }

    /// Grows the table to its limit, moving every entry to its new set
    /// (way 1 of each old set first, so a set's last-used piece stays in way 0).
    @inline(never)
    func _grow() {
        let oldSlots = Int(truncatingIfNeeded: state.pointee.slotMask) + 1
        let old = state.pointee.base
        let slots = state.pointee.limit
        let base = Self._allocate(slots)
        let mask = UInt64(slots - 1)
        for i in 0..<oldSlots {
            let from = old + (i ^ 1) &* Self.stride
            // An empty slot has token count 0; a stored piece has at least one token.
            guard from.load(fromByteOffset: 5, as: UInt8.self) != 0 else { continue }
            // Only the tag is stored: the index comes from the piece's hash.
            let count = Int(from.load(fromByteOffset: 4, as: UInt8.self))
            let hash = _key(UnsafePointer(from.advanced(by: 8).assumingMemoryBound(to: UInt8.self)), count).hash
            let to = base + Int(truncatingIfNeeded: (hash >> 40) & mask & ~1) &* Self.stride
            if to.load(fromByteOffset: 5, as: UInt8.self) != 0 {
                (to + Self.stride).copyMemory(from: to, byteCount: Self.stride)
                to.storeBytes(of: UInt16(truncatingIfNeeded: to.load(as: UInt32.self)), toByteOffset: 6, as: UInt16.self)
            }
            let partner = to.load(fromByteOffset: 6, as: UInt16.self)
            to.copyMemory(from: from, byteCount: Self.stride)
            to.storeBytes(of: partner, toByteOffset: 6, as: UInt16.self)
        }
        old.deallocate()
        state.pointee.base = base
        state.pointee.slotMask = mask
    }
}

/// A binary min-heap of `(rank << 32 | position)` keys: lowest rank first, then leftmost.
struct _MinHeap {
    private let storage: UnsafeMutablePointer<UInt64>
    private let capacity: Int
    private var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        storage = .allocate(capacity: self.capacity)
    }

    func deallocate() { storage.deallocate() }

    mutating func push(_ key: UInt64) {
        precondition(count < capacity, "heap capacity exceeded")
        var i = count
        count += 1
        while i > 0 {
            let parent = (i - 1) >> 1
            if storage[parent] <= key { break }
            storage[i] = storage[parent]
            i = parent
        }
        storage[i] = key
    }

    mutating func pop() -> UInt64? {
        guard count > 0 else { return nil }
        let top = storage[0]
        count -= 1
        if count > 0 {
            let key = storage[count]
            var i = 0
            while true {
                var child = 2 * i + 1
                if child >= count { break }
                if child + 1 < count && storage[child + 1] < storage[child] { child += 1 }
                if key <= storage[child] { break }
                storage[i] = storage[child]
                i = child
            }
            storage[i] = key
        }
        return top
    }
}

/// `_key` of `count` bytes (1 to 16) at `bytes`, where 16 bytes may be
/// read: two loads and masks, no branch on the length.
@inline(__always)
func _maskedKey(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> (prefix: UInt64, hash: UInt64) {
    let raw = UnsafeRawPointer(bytes)
    let first = UInt64(truncatingIfNeeded: Swift.min(count, 8))
    let prefix = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self)) & (UInt64.max &>> (64 &- 8 &* first))
    let rest = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        & (UInt64.max &>> (128 &- 8 &* UInt64(truncatingIfNeeded: count)))
    let next = count > 8 ? rest : 0
    return (prefix, _pairHash(prefix, next, count))
}

/// Byte equality for short ranges: 8-byte words, the last one overlapping
/// the one before (no byte loop for the tail); two overlapping 4-byte
/// words for 4 to 7 bytes. Reads no byte outside `[0, count)`.
@inline(__always)
func _equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
    if count >= 8 {
        var i = 0
        while i &+ 8 < count {
            if ra.loadUnaligned(fromByteOffset: i, as: UInt64.self) != rb.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
                return false
            }
            i &+= 8
        }
        return ra.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
            == rb.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
    }
    if count >= 4 {
        return ra.loadUnaligned(as: UInt32.self) == rb.loadUnaligned(as: UInt32.self)
            && ra.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)
                == rb.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)
    }
    var i = 0
    while i < count {
        if a[i] != b[i] { return false }
        i &+= 1
    }
    return true
}
