import Foundation
import PromptCompression
import PromptTokenizer
import Testing

/// Inputs a server embedding the compressor may receive from anyone. None
/// may trap; the output stays extractive, within the budget, with protected
/// spans intact.
@Suite("Hostile input: compressor")
struct CompressionHostileInputTests {
    static let tokenizer = TestTokenizers.cl100k

    /// Compresses `bytes` to `fraction` of its tokens and checks the invariants
    /// the fuzz target checks: budget, exact count, output = input minus the
    /// reported drops and markers, protected spans untouched, deterministic.
    @discardableResult
    func expectInvariants(
        _ bytes: [UInt8], fraction: Double = 0.5, query: String? = nil, _ comment: Comment? = nil
    ) throws -> CompressionResult {
        let document = try PromptDocument(text: bytes, tokenizer: Self.tokenizer, detector: ProtectedSpanDetector())
        let budget = Int(Double(document.tokens) * fraction)
        let compressor = Compressor(tokenizer: Self.tokenizer)
        let options = CompressionOptions(target: .tokens(budget), query: query, bestEffort: true)
        let result = try compressor.compress(document, options: options)
        #expect(result.tokensAfter == Self.tokenizer.count(bytes: result.bytes), comment)
        #expect(result.tokensAfter <= budget || result.overBudget, comment)
        var removed = (result.drops.map(\.range) + document.markers).sorted { $0.lowerBound < $1.lowerBound }
        var rendered: [UInt8] = []
        var position = 0
        while !removed.isEmpty {
            let range = removed.removeFirst()
            if range.lowerBound > position { rendered += bytes[position..<range.lowerBound] }
            position = max(position, range.upperBound)
        }
        rendered += bytes[position...]
        #expect(rendered == result.bytes, comment)
        for drop in result.drops {
            #expect(!document.protected.contains { $0.overlaps(drop.range) }, comment)
        }
        #expect(try compressor.compress(document, options: options).bytes == result.bytes, comment)
        return result
    }

    @Test("invalid UTF-8 and NUL bytes inside prose")
    func invalidUTF8AndNUL() throws {
        let sequences: [[UInt8]] = [
            [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0x80], [0xBF, 0x80], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF],
            [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xFE], [0xFF], [0x00], [0x00, 0x00],
        ]
        var rng = SeededGenerator(seed: 6)
        var bytes: [UInt8] = []
        for sentence in 0..<200 {
            bytes += Array("Sentence \(sentence) talks about harbors and boats".utf8)
            bytes += rng.pick(sequences)
            bytes += Array(" and ends here. ".utf8)
            if sentence % 7 == 6 { bytes += [0x0A, 0x0A] }
        }
        try expectInvariants(bytes)
        try expectInvariants(bytes, fraction: 0.2, query: "Which sentence talks about boats?")
        // Invalid bytes in the query too.
        try expectInvariants(bytes, query: String(decoding: [0xC0, 0xAF, 0x41, 0xED, 0xA0, 0x80], as: UTF8.self))
        // Nothing but invalid bytes.
        try expectInvariants(Array(repeating: 0xFF, count: 10_000))
        try expectInvariants(Array(repeating: 0x00, count: 10_000))
    }

    @Test("1 MB on one line without sentence ends")
    func megabyteOnOneLine() throws {
        var bytes: [UInt8] = []
        var index = 0
        while bytes.count < 1_000_000 {
            bytes += Array("word\(index % 977) ".utf8)
            index += 1
        }
        let result = try expectInvariants(bytes)
        #expect(result.tokensAfter <= result.budget)
    }

    @Test("1 M repeats of one character and of an emoji ZWJ sequence")
    func repeats() throws {
        for text in [String(repeating: "a", count: 1_000_000), String(repeating: ".", count: 1_000_000),
                     String(repeating: "👨‍👩‍👧‍👦", count: 100_000)] {
            try expectInvariants(Array(text.utf8), "\(text.prefix(2).debugDescription)")
        }
    }

    @Test("CR-only line ends")
    func carriageReturnsOnly() throws {
        let text = (0..<400).map { "Line \($0) of an old Mac file about harbors.\r" }.joined()
            + "\r\rA paragraph after two CRs.\r\r\r\rWhat about the harbor?"
        let result = try expectInvariants(Array(text.utf8), query: "What about the harbor?")
        #expect(result.tokensAfter <= result.budget)
    }

    @Test("right-to-left text with bidi controls")
    func bidiControls() throws {
        let text = (0..<300).map {
            "\u{202E}الجملة رقم \($0) عن الميناء\u{202C}. \u{2067}משפט מספר \($0)\u{2069}. \u{200F}"
                + ($0 % 10 == 9 ? "\n\n" : " ")
        }.joined()
        try expectInvariants(Array(text.utf8), fraction: 0.3)
        try expectInvariants(Array(text.utf8), fraction: 0.3, query: "\u{202E}الميناء\u{202C}")
    }

    @Test("deeply nested JSON: protected up to the documented depth, no recursion beyond")
    func deeplyNestedJSON() throws {
        for depth in [100, 129, 100_000] {
            let json = String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth)
            let unbalanced = String(repeating: "{\"a\":", count: depth) + "1"
            let text = "Intro sentence that can go. Another one about harbors.\n\n\(json)\n\nTail text here. More tail.\n\n\(unbalanced)"
            let spans = try ProtectedSpanDetector().spans(in: text)
            // Deeper than `maxJSONDepth` (128) is not taken for JSON, by design.
            let protected = spans.contains { $0.kind == .json && $0.range.count == json.utf8.count }
            #expect(protected == (depth <= 128), "depth \(depth)")
            let result = try expectInvariants(Array(text.utf8), fraction: 0.9)
            if protected { #expect(result.text.contains(json)) }
        }
    }

    @Test("equal scores are ranked the same way in every run")
    func tiesAreDeterministic() throws {
        // Regression (found by the hostile-input tests): information scores and
        // BM25 summed over a Set or Dictionary in its order, which differs
        // between instances, so equal scores rounded differently and the kept
        // sentences changed from one run to the next.
        let text = (0..<300).map {
            "\u{202E}الجملة رقم \($0) عن الميناء\u{202C}. \u{2067}משפט מספר \($0)\u{2069}. \u{200F}"
                + ($0 % 10 == 9 ? "\n\n" : " ")
        }.joined()
        let document = try PromptDocument(text: Array(text.utf8), tokenizer: Self.tokenizer)
        let compressor = Compressor(tokenizer: Self.tokenizer)
        for query in [nil, "الميناء"] as [String?] {
            let options = CompressionOptions(target: .tokens(document.tokens / 3), query: query)
            let first = try compressor.compress(document, options: options).bytes
            for _ in 0..<5 {
                #expect(try compressor.compress(document, options: options).bytes == first, "query \(query ?? "none")")
            }
        }
    }
}
