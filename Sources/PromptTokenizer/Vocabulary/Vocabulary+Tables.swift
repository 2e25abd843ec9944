extension Vocabulary {
    /// A vocabulary from its tables as `init(tokens:ranges:byteRanks:)`
    /// built them, read back from a table file, or nil when they are not
    /// consistent (so that no later read can leave them).
    ///
    /// - Complexity: O(ranks + slots): every offset, rank and slot is checked,
    ///   so that no read the encoder makes can leave the tables.
    init?(
        tokenBytes: ContiguousArray<UInt8>, tokenStarts: ContiguousArray<UInt32>, present: ContiguousArray<Bool>,
        slots: TableBuffer<VocabularySlot>, byteRanks: ContiguousArray<TokenID>, bytePairRanks: TableBuffer<TokenID>,
        tokenFilter: TableBuffer<UInt64>, maxTokenLength: Int,
        boundaries: BoundaryTables? = nil, mappedTrie: TableFile.MappedTrie? = nil
    ) {
        let rankCount = present.count
        guard tokenStarts.count == rankCount + 1, rankCount < 1 << 24,
              slots.count >= 16, slots.count & (slots.count - 1) == 0,
              byteRanks.count == 256, bytePairRanks.count == 1 << 16, tokenFilter.count == TokenFilter.words,
              tokenStarts.first == 0, Int(tokenStarts[rankCount]) + 16 == tokenBytes.count,
              maxTokenLength >= 1, maxTokenLength <= tokenBytes.count
        else { return nil }
        let consistent = present.withUnsafeBufferPointer { present in
            tokenStarts.withUnsafeBufferPointer { starts in
                var longest = 0
                for rank in 0..<rankCount {
                    guard starts[rank] <= starts[rank + 1] else { return false }
                    let length = Int(starts[rank + 1] &- starts[rank])
                    guard present[rank] || length == 0 else { return false }
                    longest = max(longest, length)
                }
                guard longest == maxTokenLength else { return false }
                for rank in byteRanks where Int(rank) >= rankCount || !present[Int(rank)] { return false }
                let pairs = bytePairRanks.withUnsafeBufferPointer { pairs in
                    pairs.allSatisfy { $0 == .max || (Int($0) < rankCount && present[Int($0)]) }
                }
                // Every rank the encoder reads out of a slot is below the
                // rank count (an absent rank's range is empty): one pass
                // for the largest, as the loop vectorizes (every slot's
                // `present` read cost 1.5 ms for o200k_base).
                let largest = slots.withUnsafeBufferPointer { slots in
                    var largest: UInt64 = 0
                    for slot in slots { largest = max(largest, slot.meta >> 8 & 0xFF_FFFF) }
                    return largest
                }
                return pairs && largest <= UInt64(rankCount)
            }
        }
        guard consistent else { return nil }
        self.tokenBytes = tokenBytes
        self.tokenStarts = tokenStarts
        self.present = present
        self.slots = slots
        self.slotMask = slots.count - 1
        self.byteRanks = byteRanks
        self.bytePairRanks = bytePairRanks
        self.tokenFilter = tokenFilter
        self.maxTokenLength = maxTokenLength
        self.trie = LazyTrie(arena: tokenBytes, starts: tokenStarts, present: present, boundaries: boundaries, mapped: mappedTrie)
    }

    /// A number that changes when the tables' layout or the functions that
    /// fill them change (the slot layout, the key hash, the filter's
    /// size): a table file written by other code is then rebuilt.
    static let tablesFingerprint: UInt64 = {
        var fingerprint = UInt64(MemoryLayout<VocabularySlot>.stride) << 56 ^ UInt64(TokenFilter.words) << 32
        let probe = Array("Tersify's tables: a probe of every key length up to 24 bytes.".utf8)
        probe.withUnsafeBufferPointer { probe in
            for count in 0...24 {
                let key = tokenKey(probe.baseAddress!, count)
                fingerprint = (fingerprint ^ key.hash ^ key.prefix &* 0x9E37_79B9_7F4A_7C15) &* 0xBF58_476D_1CE4_E5B9
                fingerprint ^= UInt64(TokenFilter.word(key.hash)) ^ TokenFilter.bit(key.hash)
            }
        }
        return fingerprint
    }()
}
