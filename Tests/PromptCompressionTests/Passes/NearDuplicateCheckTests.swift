import Foundation
@testable import PromptCompression
import TersifyTestSupport
import Testing

/// `NearDuplicateRemoval`'s check for any pair at the threshold before its
/// signatures (`_noPairReachesThreshold`) against running them always.
@Suite("Near-duplicate removal: the pair check")
struct NearDuplicateCheckTests {
    @Test("the check for any pair at the threshold changes no pair found (seeded)", arguments: [1, 2, 3] as [UInt64])
    func pairCheckChangesNothing(seed: UInt64) throws {
        guard let essays = try TestData.essays() else { return }
        var generator = SeededGenerator(seed: seed)
        var lines: [String] = []
        for essay in essays.prefix(6) {
            for line in String(decoding: essay, as: UTF8.self).split(separator: "\n") where line.split(separator: " ").count >= 8 {
                lines.append(String(line))
            }
        }
        var found = 0
        for round in 0..<30 {
            // Lines and edited copies of some: a word changed, dropped or
            // added, so that some copies are at the threshold and some below.
            var paragraphs: [String] = []
            for _ in 0..<(5 + generator.below(60)) {
                var words = generator.pick(lines).split(separator: " ").map(String.init)
                if !paragraphs.isEmpty && generator.below(3) == 0 {
                    words = generator.pick(paragraphs).split(separator: " ").map(String.init)
                    for _ in 0..<(1 + generator.below(3)) {
                        let at = generator.below(words.count)
                        switch generator.below(3) {
                        case 0: words[at] = "changed"
                        case 1: if words.count > 1 { words.remove(at: at) }
                        default: words.insert("added", at: at)
                        }
                    }
                }
                paragraphs.append(words.joined(separator: " "))
            }
            let text = Array(paragraphs.joined(separator: round % 2 == 0 ? "\n\n" : " ").utf8)
            let document = try PromptDocument(text: text, tokenizer: LosslessPassTests.tokenizer)
            var checked = NearDuplicateRemoval(), unchecked = NearDuplicateRemoval()
            unchecked._checksPairsFirst = false
            checked._checksPairsFirst = true
            for units in [document.paragraphs.map(\.range), document.sentences.map(\.range)] {
                let full = unchecked.duplicates(units, in: document.bytes, queryWords: TermTable(capacity: 64))
                let fast = checked.duplicates(units, in: document.bytes, queryWords: TermTable(capacity: 64))
                #expect(fast.map { [$0.0, $0.1] } == full.map { [$0.0, $0.1] }, "seed \(seed), round \(round)")
                if !full.isEmpty {
                    found += 1
                    #expect(!checked._noPairReachesThreshold(units, in: document.bytes))
                }
            }
        }
        #expect(found > 5, "rounds with near-duplicates: \(found)")
    }

    /// Lines of 8 to 16 words drawn from a vocabulary of 20: short units
    /// that share a band key in most bands, so LSH buckets crowd; every
    /// fifth line repeats an earlier one with one word changed.
    static func smallVocabularyLines(_ count: Int, seed: UInt64) -> (bytes: [UInt8], lines: [Range<Int>]) {
        let words = ["the", "cat", "dog", "runs", "fast", "slow", "red", "blue", "green", "house",
                     "tree", "sun", "moon", "star", "water", "fire", "earth", "wind", "light", "dark"]
        var generator = SeededGenerator(seed: seed)
        var bytes: [UInt8] = [], lines: [Range<Int>] = [], texts: [[String]] = []
        for index in 0..<count {
            var line = (0..<(8 + generator.below(9))).map { _ in generator.pick(words) }
            if index % 5 == 4 {
                line = generator.pick(texts) + ["again"]
            }
            texts.append(line)
            let start = bytes.count
            bytes += Array(line.joined(separator: " ").utf8) + [0x2E]
            lines.append(start..<bytes.count)
            bytes += [0x0A, 0x0A]
        }
        return (bytes, lines)
    }

    @Test("the shingle cache changes no pair found (seeded)", arguments: [1, 2] as [UInt64])
    func shingleCacheChangesNothing(seed: UInt64) {
        for count in [200, 3_000] {
            let (bytes, lines) = Self.smallVocabularyLines(count, seed: seed)
            var cached = NearDuplicateRemoval(), uncached = NearDuplicateRemoval()
            cached._cachesShingles = true
            uncached._cachesShingles = false
            let withCache = cached.duplicates(lines, in: bytes, queryWords: TermTable(capacity: 64))
            let without = uncached.duplicates(lines, in: bytes, queryWords: TermTable(capacity: 64))
            #expect(withCache.map { [$0.0, $0.1] } == without.map { [$0.0, $0.1] }, "seed \(seed), \(count) lines")
            #expect(withCache.count > count / 10, "near-duplicates found: \(withCache.count) of \(count / 5) made")
        }
    }

    @Test("pairs looked at a unit stay bounded at 10 and 100 times the units")
    func pairsGrowWithUnits() {
        var perUnit: [Double] = []
        let pass = NearDuplicateRemoval()
        for count in [400, 4_000, 40_000] {
            let (bytes, lines) = Self.smallVocabularyLines(count, seed: 9)
            var work = NearDuplicateRemoval.PairWork()
            let pairs = pass.duplicates(lines, in: bytes, queryWords: TermTable(capacity: 64), work: &work)
            #expect(pairs.count > count / 10)
            // Every pair given to the filter: all pairs of small buckets, and
            // a bounded number a unit in larger ones.
            #expect(work.filtered <= count * (NearDuplicateRemoval.crowdedPairsPerUnit + (NearDuplicateRemoval.smallBucket - 1) * pass.bands))
            #expect(work.checked <= work.filtered)
            perUnit.append(Double(work.filtered + work.checked) / Double(count))
        }
        // Without the bound on larger buckets: 6.4, 13.6 and 79.5 pairs a unit.
        #expect(perUnit[2] < 3 * perUnit[1], "pairs a unit at 400, 4,000, 40,000 lines: \(perUnit)")
    }
}
