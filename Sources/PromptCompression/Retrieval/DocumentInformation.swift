import Dispatch
import PromptTokenizer
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Query-free scores: the IDF of each document's distinct words (over the
/// documents) over the square root of its word count.
func documentInformation(_ buffer: UnsafeBufferPointer<UInt8>, _ ranges: [Range<Int>], hasher: WordHasher, excluded: [Bool]) -> [Double] {
    let count = ranges.count
    var vocabulary = TermTable(capacity: 4096)
    var documentFrequency: [Int32] = []
    var lastSeen: [Int32] = []
    var units = 0
    for index in 0..<count where !excluded[index] {
        units += 1
        hasher.forEachWord(in: buffer, ranges[index]) { word in
            let term = word
            let (slot, inserted) = vocabulary.slotInserting(term)
            if inserted {
                documentFrequency.append(0)
                lastSeen.append(-1)
            }
            if lastSeen[slot] != Int32(index) {
                lastSeen[slot] = Int32(index)
                documentFrequency[slot] += 1
            }
        }
    }
    let n = Double(max(units, 1))
    var scores = [Double](repeating: 0, count: count)
    for index in 0..<count where !excluded[index] {
        var information = 0.0, words = 0
        hasher.forEachWord(in: buffer, ranges[index]) { word in
            words += 1
            let slot = vocabulary.slot(of: word)
            if lastSeen[slot] != Int32(-2 - index) {
                lastSeen[slot] = Int32(-2 - index)
                information += log(1 + n / Double(documentFrequency[slot]))
            }
        }
        scores[index] = words == 0 ? 0 : information / Double(words).squareRoot()
    }
    return scores
}
