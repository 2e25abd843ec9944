

/// The mergeable tokens of a byte-level BPE, stored flat.
///
/// Layout:
///
///     tokenBytes:  [ t0 bytes | t1 bytes | ... | 16 zero bytes ]  one arena
///     tokenStarts: [ 0, end(t0), end(t1), ... ]                  count + 1 offsets
///     slots:       open addressing, 2^k slots of 16 bytes:
///                  | first 8 token bytes, zero-padded |
///                  | hash tag: 32 | rank + 1: 24 | length: 8 |   0 = empty
///
/// A slot holds the first 8 bytes of its token, so looking up a piece of up
/// to 8 bytes reads one cache line; longer tokens are checked against the
/// arena. Ranks missing from the file have an empty range.
struct Vocabulary: Sendable {
    /// All token bytes, concatenated in rank order, then 16 bytes of slack.
    let tokenBytes: ContiguousArray<UInt8>
    /// `tokenStarts[r] ..< tokenStarts[r + 1]` is the range of rank `r` in `tokenBytes`.
    let tokenStarts: ContiguousArray<UInt32>
    /// Whether a rank is present (files may leave gaps).
    let present: ContiguousArray<Bool>
    /// Hash table from token bytes to rank; see the layout above.
    let slots: TableBuffer<VocabularySlot>
    /// `slots.count - 1`.
    let slotMask: Int
    /// Rank of each single byte.
    let byteRanks: ContiguousArray<TokenID>
    /// Rank of each two-byte token at `first << 8 | second`; `TokenID.max` when absent.
    let bytePairRanks: TableBuffer<TokenID>
    /// One bit per `TokenFilter.bit(hash)`, set for every token: a string
    /// whose bit is clear is not a token, known without reading `slots`.
    let tokenFilter: TableBuffer<UInt64>
    /// Length of the longest token in bytes.
    let maxTokenLength: Int
    /// The token trie, built when a long piece is first encoded.
    let trie: LazyTrie

    /// Number of rank slots (highest rank + 1).
    var rankCount: Int { tokenStarts.count - 1 }

    /// A token that an earlier entry already has; `entry` indexes the `ranges` given to `init`.
    struct DuplicateToken: Error { let entry: Int }

    /// Builds the flat storage from `(bytes, rank)` entries with distinct ranks.
    ///
    /// - Throws: `DuplicateToken` with the later of two entries that have the same bytes.
    init(tokens: ContiguousArray<UInt8>, ranges: [(start: Int, end: Int, rank: TokenID)], byteRanks: ContiguousArray<TokenID>) throws(DuplicateToken) {
        precondition(ranges.allSatisfy { $0.rank < 1 << 24 }, "ranks are below 2^24")
        let rankCount = Int(ranges.map(\.rank).max().map { $0 + 1 } ?? 0)
        var arena = ContiguousArray<UInt8>()
        arena.reserveCapacity(tokens.count + 16)
        var starts = ContiguousArray<UInt32>(repeating: 0, count: rankCount + 1)
        var present = ContiguousArray<Bool>(repeating: false, count: rankCount)
        var byRank = [Int](repeating: -1, count: rankCount)
        for (index, range) in ranges.enumerated() { byRank[Int(range.rank)] = index }
        var maxLength = 0
        for rank in 0..<rankCount {
            starts[rank] = UInt32(arena.count)
            let index = byRank[rank]
            if index >= 0 {
                let range = ranges[index]
                arena.append(contentsOf: tokens[range.start..<range.end])
                present[rank] = true
                maxLength = max(maxLength, range.end - range.start)
            }
        }
        starts[rankCount] = UInt32(arena.count)
        // Slack for decoding's 16-byte copies.
        arena.append(contentsOf: repeatElement(0, count: 16))

        var capacity = 16
        while capacity < ranges.count * 5 / 2 { capacity <<= 1 }
        var slots = ContiguousArray<VocabularySlot>(repeating: VocabularySlot(prefix: 0, meta: 0), count: capacity)
        var filter = ContiguousArray<UInt64>(repeating: 0, count: TokenFilter.words)
        let mask = capacity - 1
        var duplicate: Int? = nil
        arena.withUnsafeBufferPointer { bytes in
            for rank in 0..<rankCount where present[rank] {
                let start = Int(starts[rank])
                let count = Int(starts[rank + 1]) - start
                let token = bytes.baseAddress! + start
                let key = tokenKey(token, count)
                let meta = (key.hash & 0xFFFF_FFFF_0000_0000) | UInt64(rank + 1) << 8 | UInt64(min(count, 255))
                filter[TokenFilter.word(key.hash)] |= TokenFilter.bit(key.hash)
                var slot = Int(truncatingIfNeeded: key.hash) & mask
                while slots[slot].meta != 0 {
                    let other = slots[slot]
                    if other.prefix == key.prefix && other.meta & 0xFFFF_FFFF_0000_00FF == meta & 0xFFFF_FFFF_0000_00FF {
                        let otherRank = Int(other.meta >> 8 & 0xFF_FFFF) - 1
                        let otherStart = Int(starts[otherRank])
                        if Int(starts[otherRank + 1]) - otherStart == count
                            && equalTokenBytes(bytes.baseAddress! + otherStart, token, count)
                        {
                            duplicate = max(duplicate ?? 0, max(byRank[rank], byRank[otherRank]))
                        }
                    }
                    slot = (slot + 1) & mask
                }
                slots[slot] = VocabularySlot(prefix: key.prefix, meta: meta)
            }
        }
        if let duplicate { throw DuplicateToken(entry: duplicate) }

        var bytePairs = ContiguousArray<TokenID>(repeating: .max, count: 1 << 16)
        for rank in 0..<rankCount where present[rank] && starts[rank + 1] - starts[rank] == 2 {
            let start = Int(starts[rank])
            bytePairs[Int(arena[start]) << 8 | Int(arena[start + 1])] = TokenID(rank)
        }
        self.bytePairRanks = TableBuffer(bytePairs)
        self.tokenFilter = TableBuffer(filter)
        self.tokenBytes = arena
        self.tokenStarts = starts
        self.present = present
        self.slots = TableBuffer(slots)
        self.slotMask = mask
        self.byteRanks = byteRanks
        self.maxTokenLength = maxLength
        self.trie = LazyTrie(arena: arena, starts: starts, present: present)
    }
}

/// The first (up to) 8 bytes of a byte string, zero-padded, and its hash; the
/// same function builds and probes `Vocabulary.slots`.
///
/// Reads no byte outside `bytes[0 ..< count]`: short strings are assembled
/// from two overlapping 4-byte loads or single bytes.
@inline(__always)
func tokenKey(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> (prefix: UInt64, hash: UInt64) {
    let raw = UnsafeRawPointer(bytes)
    let prefix: UInt64
    if count >= 8 {
        prefix = raw.loadUnaligned(as: UInt64.self)
    } else if count >= 4 {
        let low = UInt64(raw.loadUnaligned(as: UInt32.self))
        let high = UInt64(raw.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
        prefix = low | high << (8 * UInt64(count - 4))
    } else if count > 0 {
        prefix = UInt64(bytes[0]) | UInt64(bytes[count >> 1]) << (8 * UInt64(count >> 1))
            | UInt64(bytes[count - 1]) << (8 * UInt64(count - 1))
    } else {
        prefix = 0
    }
    if count <= 8 { return (prefix, shortHash(prefix, count)) }
    if count <= 16 {
        let tail = count - 8
        let next: UInt64
        if tail >= 4 {
            let low = UInt64(raw.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
            let high = UInt64(raw.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
            next = low | high << (8 * UInt64(tail - 4))
        } else {
            next = UInt64(bytes[8]) | UInt64(bytes[8 + tail >> 1]) << (8 * UInt64(tail >> 1))
                | UInt64(bytes[count - 1]) << (8 * UInt64(tail - 1))
        }
        return (prefix, pairHash(prefix, next, count))
    }
    return (prefix, hashBytes(bytes, count))
}

/// `tokenKey`'s hash of a string of 9 to 16 bytes from its first 8 bytes and
/// the rest, zero-padded. With `next == 0` it is `shortHash`, so that
/// `maskedKey` keys every length up to 16 with one formula.
@inline(__always)
func pairHash(_ prefix: UInt64, _ next: UInt64, _ count: Int) -> UInt64 {
    var h = (prefix ^ UInt64(truncatingIfNeeded: count) &* 0x9E37_79B9_7F4A_7C15) &* 0xBF58_476D_1CE4_E5B9
    h ^= h >> 31
    h = (h ^ next) &* 0x94D0_49BB_1331_11EB
    h ^= h >> 29
    return h
}

/// `tokenKey`'s hash of a string of at most 8 bytes, from its zero-padded prefix.
@inline(__always)
func shortHash(_ prefix: UInt64, _ count: Int) -> UInt64 {
    var h = (prefix ^ UInt64(truncatingIfNeeded: count) &* 0x9E37_79B9_7F4A_7C15) &* 0xBF58_476D_1CE4_E5B9
    h ^= h >> 31
    h &*= 0x94D0_49BB_1331_11EB
    h ^= h >> 29
    return h
}

/// Hashes `count` bytes at `bytes`; the same function builds and probes `Vocabulary.slots`.
///
/// Reads whole 8-byte words, then the tail with two overlapping loads, so a
/// short piece costs one or two multiplications.
@inline(__always)
func hashBytes(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
    let raw = UnsafeRawPointer(bytes)
    var h = UInt64(truncatingIfNeeded: count) &* 0x9E37_79B9_7F4A_7C15
    var i = 0
    while i + 8 <= count {
        h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 29
        i += 8
    }
    let rest = count - i
    if rest > 0 {
        let word: UInt64
        if rest >= 4 {
            word = UInt64(raw.loadUnaligned(fromByteOffset: i, as: UInt32.self))
                | UInt64(raw.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)) << 32
        } else {
            word = UInt64(bytes[i]) | UInt64(bytes[i + rest / 2]) << 8 | UInt64(bytes[count - 1]) << 16
        }
        h = (h ^ word) &* 0x94D0_49BB_1331_11EB
    }
    h ^= h >> 32
    h &*= 0xD6E8_FEB8_6659_FD93
    h ^= h >> 32
    return h
}
