import Foundation
@testable import PromptCompression
import PromptTokenizer
import Testing
import TersifyTestSupport

/// The compact storage (bounded memory) against a plain reference:
/// the same values, by a different representation or path.
@Suite("Compact storage (units, drops, dense pair table, render)")
struct CompactStorageTests {
    static let tokenizer = TestTokenizers.cl100k

    @Test("a unit reads back the range, tokens and parent it was given")
    func unitRoundTrip() {
        var unit = PromptDocument.Unit(range: 7..<4_000_000_000, tokens: 123_456, parent: 99)
        #expect(MemoryLayout<PromptDocument.Unit>.size == 16)
        #expect(unit.range == 7..<4_000_000_000 && unit.tokens == 123_456 && unit.parent == 99)
        unit.tokens += 4
        unit.range = 8..<9
        #expect(unit.range == 8..<9 && unit.tokens == 123_460 && unit == PromptDocument.Unit(range: 8..<9, tokens: 123_460, parent: 99))
    }

    @Test("a retrieval drop's reason writes its detail when read, equal to the stored text")
    func rankReason() {
        let byRank = PromptDocument.DropReason(pass: "retrieve", rank: 6, of: 120, byQuestion: true)
        let byText = PromptDocument.DropReason(pass: "retrieve", detail: "BM25 rank 7 of 120")
        #expect(byRank.detail == "BM25 rank 7 of 120")
        #expect(byRank == byText && byRank.hashValue == byText.hashValue)
        #expect(PromptDocument.DropReason(pass: "retrieve", rank: 0, of: 3, byQuestion: false).detail == "information rank 1 of 3")
        var edited = byRank
        edited.detail = "other"
        #expect(edited.detail == "other" && edited != byText)
        let drop = PromptDocument.Drop(range: 3..<10, reason: byRank)
        #expect(drop.range == 3..<10 && drop == PromptDocument.Drop(range: 3..<10, reason: byText))
    }

    @Test("the dense key table numbers keys as TermTable does")
    func denseTableMatchesTermTable() {
        var generator = SeededGenerator(seed: 17)
        var dense = DenseKeyTable(capacity: 4), table = TermTable(capacity: 4)
        for _ in 0..<20_000 {
            let key = mixBits(UInt64(generator.below(6_000)))  // repeats, and growth of both tables
            let a = dense.idInserting(key), b = table.slotInserting(key)
            #expect(a.id == b.slot && a.inserted == b.inserted)
        }
        #expect(dense.keys.count == table.count)
        #expect(dense.id(of: mixBits(1_000_000)) == -1)
    }

    @Test("rendering with left-out sentences gives the document with a drop for each", arguments: [1, 2, 3])
    func renderMatchesDrops(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        var text = ""
        for paragraph in 0..<40 {
            for sentence in 0..<(1 + generator.below(4)) {
                text += "Sentence \(sentence) of part \(paragraph) costs 12.5 units at https://x.org/\(paragraph). "
                if generator.below(5) == 0 { text += "\n" }
            }
            text += generator.below(3) == 0 ? "\n\n\n" : "\n\n"
        }
        let bytes = Array(text.utf8)
        var document = try PromptDocument(text: bytes, tokenizer: Self.tokenizer, protected: [40..<60], atomic: [200..<230],
                                          markers: [0..<3])
        // An earlier pass's drops, overlapping some sentences.
        document.drop(500..<530, reason: .init(pass: "earlier", detail: ""))
        let compressor = Compressor(tokenizer: Self.tokenizer)
        for _ in 0..<20 {
            let keep = document.sentences.indices.map { _ in generator.below(3) == 0 }
            var copy = document
            compressor._forEachDropRange(document, keep: keep, sentences: document.sentences) { _, range in
                copy.drop(range, reason: .init(pass: "retrieve", detail: ""))
            }
            #expect(compressor.render(document, keep: keep) == copy.render())
        }
    }
}
