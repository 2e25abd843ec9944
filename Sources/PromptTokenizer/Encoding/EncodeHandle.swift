/// Unsafe views of a vocabulary and the class tables, valid inside
/// `Vocabulary.withHandle(_:_:)` only.
///
/// Methods read like the algorithm: split the text into pieces (by the
/// encoding's pattern), look a piece up whole, else merge it: the quadratic merge loop
/// for short pieces (`mergeSmall`), backtracking over the token trie for
/// long ones (`encodeBacktracking`), the heap merge as its fallback
/// (`mergeLarge`). Pointers never escape the `withHandle` closure.
struct EncodeHandle {
    /// Which scanner cuts the text into pieces, and how `ascii`, `stage1`
    /// and `stage2` are read (`CharacterClass` or `CasedCharacterClass`).
    let pattern: SplitPattern
    let arena: UnsafePointer<UInt8>
    let starts: UnsafePointer<UInt32>
    let slots: UnsafePointer<VocabularySlot>
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
    let trieBox: LazyTrie
    /// Scratch for `mergeSmall`: part starts, pair ranks, part tokens, the
    /// piece's bytes (`smallPieceLimit + 8`).
    let scratch: UnsafeMutablePointer<UInt32>

    static let smallPieceLimit = 64
    /// Pieces from this length on that end in a non-ASCII byte (Cyrillic,
    /// Greek, CJK) are encoded by backtracking; others up to
    /// `PieceCache.maxPiece` bytes by the merge loop (see the notes).
    static let backtrackingLimit = 12
    static let none = TokenID.max

    // MARK: Lookup

    /// The rank of `count` bytes at `bytes`, or `none`.
    @inline(__always)
    func rank(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> TokenID {
        if count > maxTokenLength { return Self.none }
        return rank(bytes, count, key: tokenKey(bytes, count))
    }

    /// Whether the filter lets a string with this hash through (it may be a token).
    @inline(__always)
    func mayBeToken(_ hash: UInt64) -> Bool {
        tokenFilter[TokenFilter.word(hash)] & TokenFilter.bit(hash) != 0
    }

    /// `rank(_:_:)` through the token filter: for strings that are seldom
    /// tokens (the merge loops' candidate pairs), most of them are refused
    /// without a read of the 4 MB rank table.
    @inline(__always)
    func filteredRank(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> TokenID {
        if count > maxTokenLength { return Self.none }
        let key = tokenKey(bytes, count)
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
                if Int(starts[rank &+ 1]) &- start == count && equalTokenBytes(arena + start + 8, bytes + 8, count - 8) {
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
    /// Inputs of `PieceCache.minimumInput` bytes or more get a piece cache:
    /// words that are not one token recur, and their merges are remembered.
    @inline(__always)
    func encode<Sink: TokenSink>(_ text: UnsafePointer<UInt8>, from start: Int, to end: Int, into sink: inout Sink) {
        let cache = end - start >= PieceCache.minimumInput ? PieceCache(text: text + start, inputBytes: end - start) : nil
        var long = LongPieceState()
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
    func encodePiece<Sink: TokenSink>(
        _ piece: UnsafePointer<UInt8>, _ count: Int, readable: Int, cache: PieceCache?, long: inout LongPieceState,
        into sink: inout Sink
    ) {
        if count == 1 {
            sink.append(byteRanks[Int(piece[0])])
            return
        }
        if Self.isSegmentable(piece, count) {
            encodeSegmented(piece, count, cache: cache, long: &long, into: &sink)
            return
        }
        encodeWhole(piece, count, readable: readable, cache: cache, long: &long, into: &sink)
    }

    /// Encodes a piece (or a part of one that BPE encodes on its own):
    /// whole-token lookup, the cache, then merging. `readable` is how many
    /// bytes from `piece` on may be read (at least `count`): with 8, a short
    /// piece is keyed by one load and a mask instead of `tokenKey`'s branches
    /// on the length.
    @inline(__always)
    func encodeWhole<Sink: TokenSink>(
        _ piece: UnsafePointer<UInt8>, _ count: Int, readable: Int = 0, cache: PieceCache?, long: inout LongPieceState,
        into sink: inout Sink
    ) {
        if count == 1 {
            sink.append(byteRanks[Int(piece[0])])
            return
        }
        // Longer pieces skip the whole-piece lookup (almost always a miss in
        // a table larger than the L2 cache): the trie walk of the
        // backtracking encoder finds a whole token as its first candidate.
        if count > PieceCache.maxPiece {
            encodeLong(piece, count, long: &long, into: &sink)
            return
        }
        let key = readable >= 16 && count <= 16 ? maskedKey(piece, count) : tokenKey(piece, count)
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
                var tokens = BufferSink(base: buffer.baseAddress!)
                encodeLong(piece, count, long: &long, into: &tokens)
                if let cache, let slot { cache.store(slot, hash, piece, count, tokens: buffer.baseAddress!, tokens.count) }
                for i in 0..<tokens.count { sink.append(buffer[i]) }
            }
            return
        }
        let tokens = mergeSmall(piece, count)
        if let cache, let slot { cache.store(slot, hash, piece, count, tokens: token, tokens) }
        for i in 0..<tokens { sink.append(token[i]) }
    }

    /// Long pieces: backtracking, or the heap merge when the search gives
    /// up; very long ones in segments first (`encodeInSegments`).
    @inline(never)
    func encodeLong<Sink: TokenSink>(
        _ piece: UnsafePointer<UInt8>, _ count: Int, long: inout LongPieceState, into sink: inout Sink
    ) {
        long.prepare(trieBox)
        if count > 2 * Self.segmentBytes && encodeInSegments(piece, count, long: &long, into: &sink) { return }
        encodeLongWhole(piece, count, long: &long, into: &sink)
    }

    /// A long piece whole: backtracking, or the heap merge when the search gives up.
    func encodeLongWhole<Sink: TokenSink>(
        _ piece: UnsafePointer<UInt8>, _ count: Int, long: inout LongPieceState, into sink: inout Sink
    ) {
        if encodeBacktracking(piece, count, state: &long, into: &sink) { return }
        if count < Self.smallPieceLimit {
            let tokens = mergeSmall(piece, count)
            for i in 0..<tokens { sink.append(token[i]) }
        } else {
            mergeLarge(piece, count, into: &sink)
        }
    }

    // MARK: Merging

    /// Where `mergeSmall` leaves its tokens.
    var token: UnsafeMutablePointer<TokenID> { scratch + 2 * Self.smallPieceLimit + 1 }

    /// tiktoken's merge loop: repeatedly merge the adjacent pair whose
    /// concatenation has the lowest rank, the leftmost on ties. Leaves the
    /// tokens in `token` and returns their number.
    ///
    /// Quadratic in the piece length, with a small constant; used below
    /// `smallPieceLimit` bytes.
    @inline(__always)
    func mergeSmall(_ piece: UnsafePointer<UInt8>, _ count: Int) -> Int {
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
            let hash = shortHash(prefix, length)
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
    func mergeLarge<Sink: TokenSink>(_ piece: UnsafePointer<UInt8>, _ count: Int, into sink: inout Sink) {
        // A part is identified by its start byte; next[i] is the start of the
        // following part (count at the end), prev[i] that of the previous one.
        let next = UnsafeMutablePointer<Int32>.allocate(capacity: count)
        let prev = UnsafeMutablePointer<Int32>.allocate(capacity: count)
        let token = UnsafeMutablePointer<TokenID>.allocate(capacity: count)
        let pair = UnsafeMutablePointer<TokenID>.allocate(capacity: count)
        var heap = MinHeap(capacity: count * 3)
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

/// Byte equality for short ranges: 8-byte words, the last one overlapping
/// the one before (no byte loop for the tail); two overlapping 4-byte
/// words for 4 to 7 bytes. Reads no byte outside `[0, count)`.
@inline(__always)
func equalTokenBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
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
