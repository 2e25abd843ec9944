extension Vocabulary {
    /// A vocabulary from its tables as `init(tokens:ranges:byteRanks:)`
    /// built them, read back from a table file, or nil when they are not
    /// consistent (so that no later read can leave them).
    ///
    /// - Complexity: O(ranks + slots): every offset, rank and slot is checked.
    init?(
        tokenBytes: ContiguousArray<UInt8>, tokenStarts: ContiguousArray<UInt32>, present: ContiguousArray<Bool>,
        slots: ContiguousArray<_Slot>, byteRanks: ContiguousArray<TokenID>, bytePairRanks: ContiguousArray<TokenID>,
        tokenFilter: ContiguousArray<UInt64>, maxTokenLength: Int,
        boundaries: _BoundaryTables? = nil, mappedTrie: TableFile.MappedTrie? = nil
    ) {
        let rankCount = present.count
        guard tokenStarts.count == rankCount + 1, rankCount < 1 << 24,
              slots.count >= 16, slots.count & (slots.count - 1) == 0,
              byteRanks.count == 256, bytePairRanks.count == 1 << 16, tokenFilter.count == _TokenFilter.words,
              tokenStarts.first == 0, Int(tokenStarts[rankCount]) + 16 == tokenBytes.count,
              maxTokenLength >= 1, maxTokenLength <= tokenBytes.count
        else { return nil }
        var longest = 0
        for rank in 0..<rankCount {
            guard tokenStarts[rank] <= tokenStarts[rank + 1] else { return nil }
            let length = Int(tokenStarts[rank + 1] - tokenStarts[rank])
            guard present[rank] || length == 0 else { return nil }
            longest = max(longest, length)
        }
        guard longest == maxTokenLength else { return nil }
        for rank in byteRanks where Int(rank) >= rankCount || !present[Int(rank)] { return nil }
        for rank in bytePairRanks where rank != .max && (Int(rank) >= rankCount || !present[Int(rank)]) { return nil }
        for slot in slots where slot.meta != 0 {
            let rank = Int(slot.meta >> 8 & 0xFF_FFFF) - 1
            guard rank >= 0, rank < rankCount, present[rank] else { return nil }
        }
        self.tokenBytes = tokenBytes
        self.tokenStarts = tokenStarts
        self.present = present
        self.slots = slots
        self.slotMask = slots.count - 1
        self.byteRanks = byteRanks
        self.bytePairRanks = bytePairRanks
        self.tokenFilter = tokenFilter
        self.maxTokenLength = maxTokenLength
        self.trie = _LazyTrie(arena: tokenBytes, starts: tokenStarts, present: present, boundaries: boundaries, mapped: mappedTrie)
    }

    /// A number that changes when the tables' layout or the functions that
    /// fill them change (the slot layout, the key hash, the filter's
    /// size): a table file written by other code is then rebuilt.
    static let tablesFingerprint: UInt64 = {
        var fingerprint = UInt64(MemoryLayout<_Slot>.stride) << 56 ^ UInt64(_TokenFilter.words) << 32
        let probe = Array("Tersify's tables: a probe of every key length up to 24 bytes.".utf8)
        probe.withUnsafeBufferPointer { probe in
            for count in 0...24 {
                let key = _key(probe.baseAddress!, count)
                fingerprint = (fingerprint ^ key.hash ^ key.prefix &* 0x9E37_79B9_7F4A_7C15) &* 0xBF58_476D_1CE4_E5B9
                fingerprint ^= UInt64(_TokenFilter.word(key.hash)) ^ _TokenFilter.bit(key.hash)
            }
        }
        return fingerprint
    }()
}
