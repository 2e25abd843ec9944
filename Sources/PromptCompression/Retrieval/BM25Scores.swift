import Dispatch
import PromptTokenizer
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// BM25 scores of the documents for a set of terms (words and pairs), in
/// one scan that keeps the (document, term, frequency) triples found.
///
/// Fills `lengths` (terms per document: words and pairs) when they are all
/// 0. With `repeats`, it also finds the documents whose folded bytes repeat
/// an earlier document (`minimumFoldedRepeatLength` or longer):
/// those are left out of the statistics and marked in `isRepeat`. With
/// `store`, it appends each unit's words (32 bits each) and closes the
/// unit's run in `starts` (empty for a repeat), for the second hop.
/// `source` gives the words of a unit: the text or the kept words; with
/// `stems`, the text's words are read as their stems' hashes (a memo a
/// part of the scan).
///
/// Memory: 12 bytes a (document, distinct term) pair found, at most the
/// number of words of the input; a question has a handful of terms.
func bm25Scores<Words: WordSource>(
    _ buffer: UnsafeBufferPointer<UInt8>, _ ranges: [Range<Int>], terms: TermTable, bm25: BM25,
    lengths: inout [Int32], isRepeat: inout [Bool], repeats: inout [(Int, Int)]?, store: inout StoredWords?,
    counted: [Bool]? = nil, share: WorkShare? = nil, stems: StemMemoPool? = nil,
    words source: @escaping (Int) -> Words
) -> [Double] {
    let count = ranges.count
    let storing = store != nil
    // The units are read in parts (shared with a second thread, when the
    // compression has a work `share`), then merged in order: the figures are
    // the same either way.
    let context = ScanContext(
        buffer: buffer, ranges: ranges, terms: terms, counted: counted, isRepeat: isRepeat, storing: storing,
        stems: stems, source: source)
    var parts: [UnitScan]
    if let share {
        let shared = Unchecked(context)
        parts = share.runShared(scanParts(ranges, isRepeat: isRepeat)) { shared.value.scan($0) }
    } else {
        parts = [context.scan(0..<count)]
    }
    defer { for part in parts { part.stored.deallocate() } }

    let needLengths = lengths.allSatisfy { $0 == 0 }
    var documentFrequency = [Int32](repeating: 0, count: terms.count)
    var entryDocument: [Int32] = [], entrySlot: [Int32] = [], entryFrequency: [Int32] = []
    var firstOf: [UInt64: Int] = [:]
    var storedWords: [UInt32] = []
    var storedStarts: [Int32] = []
    if storing {
        storedWords.reserveCapacity(parts.reduce(0) { $0 + $1.stored.count })
        swap(&storedStarts, &store!.starts)
    }
    for part in parts {
        for local in 0..<part.units.count {
            let index = part.units.lowerBound + local
            // Units without words (repeats) keep an empty run of stored words.
            defer { if storing { storedStarts.append(Int32(truncatingIfNeeded: storedWords.count)) } }
            guard !isRepeat[index] else { continue }
            let words = part.words[local]
            if repeats != nil && words > 0 && ranges[index].count >= minimumFoldedRepeatLength {
                let key = part.keys[local]
                if let first = firstOf[key] {
                    if foldedEqual(buffer, ranges[first], ranges[index])
                        && foldedHashAndLength(buffer, ranges[index]).1 >= minimumFoldedRepeatLength {
                        isRepeat[index] = true
                        repeats!.append((index, first))
                        continue
                    }
                } else {
                    firstOf[key] = index
                }
            }
            if needLengths { lengths[index] = max(0, 2 * words - 1) }
            for entry in Int(part.entryStarts[local])..<Int(part.entryStarts[local + 1]) {
                let slot = part.entrySlots[entry]
                entryDocument.append(Int32(index))
                entrySlot.append(slot)
                entryFrequency.append(part.entryFrequencies[entry])
                documentFrequency[Int(slot)] += 1
            }
            if storing {
                let start = Int(part.storedStarts[local]), end = Int(part.storedStarts[local + 1])
                storedWords.append(contentsOf: UnsafeBufferPointer(start: part.stored.base + start, count: end - start))
            }
        }
    }
    if storing {
        store!.words = storedWords
        swap(&storedStarts, &store!.starts)
    }
    var totalLength = 0, units = 0
    for index in 0..<count where !isRepeat[index] {
        totalLength += Int(lengths[index])
        units += 1
    }
    let n = Double(max(units, 1))
    let averageLength = max(1, Double(totalLength) / n)
    let idf = documentFrequency.map { df in log(1 + (n - Double(df) + 0.5) / (Double(df) + 0.5)) }
    var scores = [Double](repeating: 0, count: count)
    for entry in entryDocument.indices {
        let index = Int(entryDocument[entry])
        let norm = bm25.k1 * (1 - bm25.b + bm25.b * Double(lengths[index]) / averageLength)
        let f = Double(entryFrequency[entry])
        scores[index] += idf[Int(entrySlot[entry])] * f * (bm25.k1 + 1) / (f + norm)
    }
    return scores
}

/// The units cut into `WorkShare.parts` runs of about the same
/// bytes to read (repeats are not read).
func scanParts(_ ranges: [Range<Int>], isRepeat: [Bool]) -> [Range<Int>] {
    balancedCuts(ranges.count, parts: WorkShare.parts) { isRepeat[$0] ? 0 : ranges[$0].count }
}

/// Which terms of the second hop to count: those in at most a tenth of a
/// sample of about 64 KiB of documents spread over the input.
///
/// Performance: the best document's terms include the common words of the
/// language ("the", "of the"), found in most documents; counting them made
/// the hop scan twice as slow as the question's, for terms whose IDF is
/// small. They stay in the table (a pair of a common word and another is
/// still found) but are not counted.
func uncommonTerms<Words: WordSource>(
    _ ranges: [Range<Int>], terms: TermTable, excluded: [Bool], words source: (Int) -> Words
) -> [Bool] {
    let total = ranges.last.map { $0.upperBound } ?? 0
    let share = min(1, Double(64 << 10) / Double(max(total, 1)))  // of the bytes to sample
    var sampleFrequency = [Int32](repeating: 0, count: terms.count)
    var lastSeen = [Int32](repeating: -1, count: terms.count)
    var sampled = 0, nextOffset = 0
    for index in ranges.indices where !excluded[index] && ranges[index].lowerBound >= nextOffset {
        nextOffset = ranges[index].lowerBound + Int(Double(ranges[index].count) / share)
        sampled += 1
        var previous: UInt64 = 0, previousIsTerm = false
        var cursor = source(index)
        while let word = cursor.next() {
            let slot = terms.slot(of: word & ~1)
            guard slot >= 0 else {
                previousIsTerm = false
                continue
            }
            if lastSeen[slot] != Int32(index) {
                lastSeen[slot] = Int32(index)
                sampleFrequency[slot] += 1
            }
            if previousIsTerm {
                let pair = terms.slot(of: pairTerm(previous, word))
                if pair >= 0 && lastSeen[pair] != Int32(index) {
                    lastSeen[pair] = Int32(index)
                    sampleFrequency[pair] += 1
                }
            }
            previous = word
            previousIsTerm = true
        }
    }
    let limit = Int32(max(1, sampled / 10))
    return sampleFrequency.map { $0 <= limit }
}
