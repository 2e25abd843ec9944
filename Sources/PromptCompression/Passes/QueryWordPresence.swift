/// Counts how many of a question's distinct words a byte range holds, as
/// `Set(foldedWordHashes(range)).intersection(words).count` does, without
/// a set of the range's words: each word of the range is looked up in a
/// small open-addressed table of the question's words and marked seen for
/// the current range (a generation stamp, so nothing is cleared between
/// ranges).
struct QueryWordPresence {
    /// The slots: the index of a question word, or -1 for an empty slot.
    private var slots: [Int32]
    /// The question's word hashes, by index.
    private let words: [UInt64]
    /// The generation in which each question word was last seen.
    private var seen: [UInt32]
    private var generation: UInt32 = 0
    private let mask: Int

    /// Whether the question has no words.
    var isEmpty: Bool { words.isEmpty }

    init(_ words: Set<UInt64>) {
        self.words = Array(words)
        var size = 16
        while size < 4 * self.words.count { size *= 2 }
        mask = size - 1
        slots = [Int32](repeating: -1, count: size)
        seen = [UInt32](repeating: 0, count: self.words.count)
        for (index, word) in self.words.enumerated() {
            var slot = Int(truncatingIfNeeded: mixBits(word)) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index)
        }
    }

    /// The number of distinct question words among the folded words
    /// (`foldedWordHashes`) of `bytes[range]`.
    mutating func distinctWords(in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        guard !words.isEmpty else { return 0 }
        generation &+= 1
        if generation == 0 {
            for index in seen.indices { seen[index] = 0 }
            generation = 1
        }
        var found = 0
        func lookUp(_ hash: UInt64) {
            var slot = Int(truncatingIfNeeded: mixBits(hash)) & mask
            while true {
                let index = Int(slots[slot])
                if index < 0 { return }
                if words[index] == hash {
                    if seen[index] != generation {
                        seen[index] = generation
                        found += 1
                    }
                    return
                }
                slot = (slot + 1) & mask
            }
        }
        // The words of `foldedWordHashes`: runs of ASCII letters (folded),
        // digits and non-ASCII bytes.
        var h: UInt64 = FNV1a.offset
        var inWord = false
        for i in range {
            let b = bytes[i]
            let lower = b &- UInt8(ascii: "A") < 26 ? b | 0x20 : b
            if lower &- UInt8(ascii: "a") < 26 || b &- UInt8(ascii: "0") < 10 || b >= 0x80 {
                h = (h ^ UInt64(lower)) &* FNV1a.prime
                inWord = true
            } else if inWord {
                lookUp(h)
                h = FNV1a.offset
                inWord = false
            }
        }
        if inWord { lookUp(h) }
        return found
    }
}
