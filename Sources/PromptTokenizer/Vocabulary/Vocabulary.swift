/// The mergeable tokens of a byte-level BPE, stored flat.
///
/// Layout:
///
///     tokenBytes:  [ t0 bytes | t1 bytes | ... | 16 zero bytes ]  one arena
///     tokenStarts: [ 0, end(t0), end(t1), ... ]                  count + 1 offsets
///     slots:       open addressing, 2^k entries of
///                  | hash tag: 32 bits | rank + 1: 32 bits |    0 = empty
///
/// A token's rank is its identifier; ranks missing from the file have an empty
/// range and are never found by `rank(of:count:)`.
struct Vocabulary: Sendable {
    /// All token bytes, concatenated in rank order.
    let tokenBytes: ContiguousArray<UInt8>
    /// `tokenStarts[r] ..< tokenStarts[r + 1]` is the range of rank `r` in `tokenBytes`.
    let tokenStarts: ContiguousArray<UInt32>
    /// Whether a rank is present (files may leave gaps).
    let present: ContiguousArray<Bool>
    /// Hash table from token bytes to rank; see the layout above.
    let slots: ContiguousArray<UInt64>
    /// `slots.count - 1`.
    let slotMask: Int
    /// Rank of each single byte.
    let byteRanks: ContiguousArray<TokenID>
    /// Rank of each two-byte token at `first << 8 | second`; `TokenID.max` when absent.
    let bytePairRanks: ContiguousArray<TokenID>
    /// Length of the longest token in bytes.
    let maxTokenLength: Int

    /// Number of rank slots (highest rank + 1).
    var rankCount: Int { tokenStarts.count - 1 }

    /// Builds the flat storage from `(bytes, rank)` pairs already checked for duplicates.
    init(tokens: ContiguousArray<UInt8>, ranges: [(start: Int, end: Int, rank: TokenID)], byteRanks: ContiguousArray<TokenID>) {
        let rankCount = Int(ranges.map(\.rank).max().map { $0 + 1 } ?? 0)
        var arena = ContiguousArray<UInt8>()
        arena.reserveCapacity(tokens.count)
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
        while capacity < ranges.count * 2 { capacity <<= 1 }
        var slots = ContiguousArray<UInt64>(repeating: 0, count: capacity)
        let mask = capacity - 1
        arena.withUnsafeBufferPointer { bytes in
            for rank in 0..<rankCount where present[rank] {
                let start = Int(starts[rank])
                let hash = _hashBytes(bytes.baseAddress! + start, Int(starts[rank + 1]) - start)
                var slot = Int(truncatingIfNeeded: hash) & mask
                while slots[slot] != 0 { slot = (slot + 1) & mask }
                slots[slot] = (hash & 0xFFFF_FFFF_0000_0000) | UInt64(rank + 1)
            }
        }
        var bytePairs = ContiguousArray<TokenID>(repeating: .max, count: 1 << 16)
        for rank in 0..<rankCount where present[rank] && starts[rank + 1] - starts[rank] == 2 {
            let start = Int(starts[rank])
            bytePairs[Int(arena[start]) << 8 | Int(arena[start + 1])] = TokenID(rank)
        }
        self.bytePairRanks = bytePairs
        self.tokenBytes = arena
        self.tokenStarts = starts
        self.present = present
        self.slots = slots
        self.slotMask = mask
        self.byteRanks = byteRanks
        self.maxTokenLength = maxLength
    }
}

/// Hashes `count` bytes at `bytes`; the same function builds and probes `Vocabulary.slots`.
///
/// Reads whole 8-byte words, then the tail with two overlapping loads, so a
/// short piece costs one or two multiplications.
@inline(__always)
func _hashBytes(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
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
