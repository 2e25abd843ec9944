import Foundation
@testable import PromptCompression
import TersifyTestSupport
import Testing

/// The span scanner's shortcut for plain words (`SpanScanner.isPlainWord`)
/// against trying every recognizer on every word: the same spans.
@Suite("Span scanner: plain words passed without the recognizers")
struct SpanScannerTests {
    /// The spans of `text` (sorted by range, then kind) and the keep markers,
    /// with or without the shortcut.
    static func scan(_ text: [UInt8], skippingPlainWords: Bool) -> (spans: [String], markers: [Range<Int>]) {
        text.withUnsafeBufferPointer { buffer in
            var scanner = SpanScanner(text: buffer, kinds: ProtectionRules().kinds)
            scanner.skipsPlainWords = skippingPlainWords
            scanner.scan()
            let spans = scanner.spans.map { "\($0.range.lowerBound) \($0.range.upperBound) \($0.kind)" }.sorted()
            return (spans, scanner.keepMarkers)
        }
    }

    static func expectSame(_ text: [UInt8], _ context: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let fast = scan(text, skippingPlainWords: true), full = scan(text, skippingPlainWords: false)
        #expect(fast.spans == full.spans, "\(context)", sourceLocation: sourceLocation)
        #expect(fast.markers == full.markers, "\(context)", sourceLocation: sourceLocation)
    }

    /// Pieces that sit next to a word and change what it is: dates, currency
    /// codes, camelCase, hexadecimal, schemes, paths, joiners, non-ASCII
    /// letters and spaces.
    static let pieces = [
        "word", "Word", "WORD", "March", "MARCH", "march", "May", "Mon", "Monday", "Sat", "Sept", "Jan", "USD", "Rs", "EUR",
        "US", "camelCase", "getElementById", "iPhone", "eBay", "deadbeefcafebabe", "abcdefabcdefabcd", "deadbeef",
        "www", "http", "https", "mailto", "ftp", "C", "x", "e", "g", "src", "txt", "a", "Z",
        " ", " ", " ", "  ", "\n", "\r\n", "\t", ",", ";", ")", "(", "!", "?", "\"", "'", ".", ":", "/", "\\", "-", "_", "@",
        "$", "€", "£", "%", "+", "=", "~", "#", "&", "*", "<", ">", "[", "]", "{", "}", "`",
        "5", "14", "2024", "0x1F", "3.14", "1,000", "12:30", "1st", "é", "Über", "日本", "\u{00A0}", "\u{2009}", "–",
    ]

    @Test("generated text: the same spans either way (seeded)", arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
    func generated(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        for round in 0..<400 {
            var text = ""
            for _ in 0..<(5 + generator.below(120)) {
                text += generator.pick(Self.pieces)
                // Words are mostly followed by a space, as in prose.
                if generator.below(3) == 0 { text += " " }
            }
            Self.expectSame(Array(text.utf8), "seed \(seed), round \(round): \(text.debugDescription)")
        }
    }

    @Test("real text: the same spans either way", arguments: ["essays", "nq-open-oracle.jsonl.gz", "hotpotqa-dev-distractor-500.jsonl.gz"])
    func corpus(name: String) throws {
        let texts = name == "essays" ? try TestData.essays() : try ProtectedSpanTests.corpusTexts(name)
        guard let texts, !texts.isEmpty else {
            #expect(!TestData.strict, "TERSIFY_STRICT_TESTS=1 but the corpora were not found (set TERSIFY_DATA)")
            return
        }
        for (index, text) in texts.enumerated() { Self.expectSame(text, "\(name) #\(index)") }
    }
}
