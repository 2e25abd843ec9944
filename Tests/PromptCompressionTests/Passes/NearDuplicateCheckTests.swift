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
                let full = unchecked.duplicates(units, in: document, queryWords: TermTable(capacity: 64))
                let fast = checked.duplicates(units, in: document, queryWords: TermTable(capacity: 64))
                #expect(fast.map { [$0.0, $0.1] } == full.map { [$0.0, $0.1] }, "seed \(seed), round \(round)")
                if !full.isEmpty {
                    found += 1
                    #expect(!checked._noPairReachesThreshold(units, in: document.bytes))
                }
            }
        }
        #expect(found > 5, "rounds with near-duplicates: \(found)")
    }
}
