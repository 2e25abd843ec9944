import Dispatch
import PromptTokenizer
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The inputs of `bm25Scores`'s scan of a run of units, which the two parts share.
struct ScanContext<Words: WordSource> {
    let buffer: UnsafeBufferPointer<UInt8>
    let ranges: [Range<Int>]
    let terms: TermTable
    let counted: [Bool]?
    let isRepeat: [Bool]
    let storing: Bool
    let stems: StemMemoPool?
    let source: (Int) -> Words

    /// Reads the units of `units`: the question's terms (words, and pairs of
    /// neighbouring words both in the table) and their frequencies per unit.
    func scan(_ units: Range<Int>) -> UnitScan {
        // A word in about 5 bytes of English (the store grows if need be).
        var bytes = 0
        if storing { for index in units where !isRepeat[index] { bytes += ranges[index].count } }
        var part = UnitScan(units: units, stored: WordStore(capacity: storing ? bytes / 5 + 16 : 0))
        part.words.reserveCapacity(units.count)
        part.keys.reserveCapacity(units.count)
        part.entryStarts.reserveCapacity(units.count + 1)
        if storing { part.storedStarts.reserveCapacity(units.count + 1) }
        var frequency = [Int32](repeating: 0, count: terms.count)
        var touched: [Int] = []
        let memo = stems?.take()
        defer { if let memo { stems?.give(memo) } }
        for index in units {
            var words: Int32 = 0
            var key = FNV1a.offset
            if !isRepeat[index] {
                var previous: UInt64 = 0
                var previousIsTerm = false
                var cursor = source(index)
                if let memo { cursor.useStems(memo) }
                while let word = cursor.next() {
                    words += 1
                    // The unit's key for finding repeats: the word hashes are mixed
                    // already, so one multiply a word (not `mixBits`); equal keys are
                    // compared byte by byte before a unit counts as a repeat.
                    key = (key ^ word) &* 0x9E37_79B9_7F4A_7C15
                    if storing { part.stored.append(UInt32(truncatingIfNeeded: word)) }
                    let slot = terms.slot(of: word & ~1)
                    guard slot >= 0 else {
                        previousIsTerm = false
                        continue
                    }
                    if counted?[slot] ?? true {
                        if frequency[slot] == 0 { touched.append(slot) }
                        frequency[slot] += 1
                    }
                    // A pair of the table is made of two words of the table.
                    if previousIsTerm {
                        let pair = terms.slot(of: pairTerm(previous, word))
                        if pair >= 0 && counted?[pair] ?? true {
                            if frequency[pair] == 0 { touched.append(pair) }
                            frequency[pair] += 1
                        }
                    }
                    previous = word
                    previousIsTerm = true
                }
            }
            part.words.append(words)
            part.keys.append(key)
            for slot in touched {
                part.entrySlots.append(Int32(slot))
                part.entryFrequencies.append(frequency[slot])
                frequency[slot] = 0
            }
            touched.removeAll(keepingCapacity: true)
            part.entryStarts.append(Int32(truncatingIfNeeded: part.entrySlots.count))
            if storing { part.storedStarts.append(Int32(truncatingIfNeeded: part.stored.count)) }
        }
        return part
    }
}
