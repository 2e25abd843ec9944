import Foundation
import PromptTokenizer
import Testing

/// Counting a text in parts cut inside a letter run (`Tokenizer+Joining.swift`):
/// the cut leaves the split pattern's other pieces alone, and counts add up
/// when the edge tokens are compatible.
@Suite("Joining counts cut inside a piece")
struct JoiningTests {
    /// Texts with long lowercase runs beside what may end or start a piece
    /// near them: contractions, capitals, digits, punctuation, spaces, line
    /// breaks, letters of other scripts.
    static func texts(seed: UInt64, count: Int) -> [[UInt8]] {
        var generator = SeededGenerator(seed: seed)
        let words = ["the", "of", "strandplou", "aaaaaaaaaa", "ing", "tion", "xqzv", "abcdefghijklmnop", "ll", "s"]
        let others = ["'s", "'ll", "'re", "'d", "'T", "Word", "HTML", "é", "ß", "ünd", "日本", "42", "1234", ".", "...", "-", "_",
                      " ", "  ", "\n", "\n\n", "\t", "/", "'", "\u{301}"]
        return (0..<count).map { _ in
            var text = ""
            for _ in 0..<(1 + generator.below(12)) {
                for _ in 0..<(1 + generator.below(8)) { text += generator.pick(words) }
                text += generator.pick(others)
            }
            return Array(text.utf8)
        }
    }

    static var tokenizers: [Tokenizer] {
        [TestEnvironment.cl100k] + [TestEnvironment.o200k, Llama3ParityTests.tokenizer].compactMap { $0 }
    }

    @Test("a joinable cut leaves every other piece of both split patterns as it was")
    func cutKeepsPieces() {
        for tokenizer in Self.tokenizers {
            var cuts = 0
            for text in Self.texts(seed: 11, count: 300) {
                let whole = tokenizer._pieceEnds(text)
                for i in text.indices where text.withUnsafeBufferPointer({ _isJoinableCut($0, i) }) {
                    cuts += 1
                    let before = tokenizer._pieceEnds(Array(text[..<i]))
                    let after = tokenizer._pieceEnds(Array(text[i...])).map { $0 + i }
                    // Before: the whole's pieces that end before i, then one ending at i.
                    #expect(before == whole.filter { $0 < i } + [i], "\(tokenizer.name) \(String(decoding: text, as: UTF8.self).debugDescription) at \(i)")
                    // After: the whole's pieces from the one holding i on.
                    #expect(after == Array(whole.drop { $0 <= i }), "\(tokenizer.name) \(String(decoding: text, as: UTF8.self).debugDescription) at \(i)")
                }
            }
            #expect(cuts > 1000)
        }
    }

    @Test("counts of the two parts add up to the whole's when the edge tokens are compatible")
    func compatibleEdgesAddUp() {
        for tokenizer in Self.tokenizers {
            var joined = 0, refused = 0
            for text in Self.texts(seed: 12, count: 150) {
                let whole = tokenizer.count(bytes: text)
                let ends = Set(text.withUnsafeBufferPointer { tokenizer._tokenEnds(bytes: $0) })
                #expect(tokenizer.encodeOrdinary(bytes: text).count == ends.count)
                for i in text.indices where text.withUnsafeBufferPointer({ _isJoinableCut($0, i) }) {
                    let (left, right) = text.withUnsafeBufferPointer { buffer in
                        (tokenizer._countWithEdgeTokens(bytes: UnsafeBufferPointer(rebasing: buffer[..<i])),
                         tokenizer._countWithEdgeTokens(bytes: UnsafeBufferPointer(rebasing: buffer[i...])))
                    }
                    if tokenizer._areCompatible(left.last, right.first) {
                        joined += 1
                        #expect(left.count + right.count == whole, "\(tokenizer.name) \(String(decoding: text, as: UTF8.self).debugDescription) at \(i)")
                        // A cut that joins is a token boundary of the whole.
                        #expect(ends.contains(i))
                    } else {
                        refused += 1
                    }
                }
            }
            #expect(joined > 500 && refused > 100, "\(tokenizer.name): \(joined) joined, \(refused) refused")
        }
    }

    @Test("edge tokens, token ends and the longest token")
    func edgeTokens() {
        let tokenizer = TestEnvironment.cl100k
        let text = Array("Hello, world!".utf8)
        let ids = tokenizer.encodeOrdinary(bytes: text)
        let counted = text.withUnsafeBufferPointer { tokenizer._countWithEdgeTokens(bytes: $0) }
        #expect(counted.count == ids.count && counted.first == ids.first && counted.last == ids.last)
        #expect(text.withUnsafeBufferPointer { tokenizer._tokenEnds(bytes: $0) } == [5, 6, 12, 13])
        let empty = [UInt8]().withUnsafeBufferPointer { tokenizer._countWithEdgeTokens(bytes: $0) }
        #expect(empty.count == 0 && empty.first == .max)
        #expect(!tokenizer._areCompatible(.max, ids[0]))
        #expect(tokenizer._longestTokenBytes >= 64 && tokenizer._longestTokenBytes <= 256)
    }
}
