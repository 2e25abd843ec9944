import Foundation
import PromptTokenizer
import Testing

@Suite("Tokenizer")
struct TokenizerTests {
    let cl100k = TestEnvironment.cl100k

    // MARK: Known answers

    @Test("known cl100k_base encodings", arguments: [
        ("Hello, world!", [9906, 11, 1917, 0] as [TokenID]),
        ("hello world", [15339, 1917]),
        ("", []),
        (" ", [220]),
        ("I'm here", [40, 2846, 1618]),
        ("12345", [4513, 1774]),
        ("<|endoftext|>", [27, 91, 8862, 728, 428, 91, 29]),
    ])
    func knownAnswers(text: String, expected: [TokenID]) throws {
        #expect(cl100k.encodeOrdinary(text) == expected)
        #expect(cl100k.count(text) == expected.count)
        #expect(try cl100k.decode(expected) == text)
    }

    @Test func vocabularyShape() {
        #expect(cl100k.name == "cl100k_base")
        #expect(cl100k.mergeableTokenCount == 100_256)
        #expect(cl100k.vocabularySize == 100_277)
        #expect(cl100k.specialTokens["<|endofprompt|>"] == 100_276)
    }

    @Test("merge order on a tiny vocabulary: lowest rank first, leftmost on ties")
    func tinyVocabulary() throws {
        let tokenizer = try TinyVocabulary.make(["ab", "cd", "abcd", "aa", "bc"])
        // 256 ab, 257 cd, 258 abcd, 259 aa, 260 bc
        #expect(tokenizer.encodeOrdinary("abcd") == [258])  // whole piece
        #expect(tokenizer.encodeOrdinary("abcde") == [258, 101])  // ab, cd, then abcd
        #expect(tokenizer.encodeOrdinary("aaaa") == [259, 259])  // leftmost aa first
        #expect(tokenizer.encodeOrdinary("aaa") == [259, 97])
        #expect(tokenizer.encodeOrdinary("xbcd") == [120, 98, 257])  // cd (257) before bc (260)
        let long = String(repeating: "ab", count: 100) + "c"  // 201 bytes: the heap path
        #expect(tokenizer.encodeOrdinary(long) == Array(repeating: 256, count: 100) + [99])
    }

    // MARK: Special tokens

    @Test func specialTokens() throws {
        let text = "hello <|endoftext|> world<|fim_prefix|>"
        #expect(try cl100k.encode(text, allowedSpecial: .all) == [15339, 220, 100257, 1917, 100258])
        #expect(try cl100k.encode(text, allowedSpecial: ["<|endoftext|>"], disallowedSpecial: .none)
            == [15339, 220, 100257, 1917] + cl100k.encodeOrdinary("<|fim_prefix|>"))
        #expect(throws: TokenizerError.disallowedSpecialToken("<|endoftext|>")) {
            try cl100k.encode(text)
        }
        #expect(throws: TokenizerError.unknownSpecialToken("<|nope|>")) {
            try cl100k.encode(text, allowedSpecial: ["<|nope|>"])
        }
        #expect(try cl100k.encode("plain text") == cl100k.encodeOrdinary("plain text"))
        #expect(try cl100k.decode([15339, 220, 100257]) == "hello <|endoftext|>")
    }

    // MARK: Round trips

    @Test("decodeBytes(encodeOrdinary(bytes:)) gives back arbitrary bytes, invalid UTF-8 included")
    func roundTripArbitraryBytes() throws {
        var rng = SeededGenerator(seed: 42)
        var samples: [[UInt8]] = [
            [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80],
            [0x80], [0xBF, 0x80, 0x80], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xFF, 0xFE], [0],
            Array("ok\u{0}then".utf8), Array("abc".utf8) + [0xE2] + Array(" def".utf8),
        ]
        for _ in 0..<3000 {
            let length = rng.below(200)
            let mode = rng.below(3)
            samples.append((0..<length).map { _ in
                switch mode {
                case 0: UInt8(truncatingIfNeeded: rng.next())
                case 1: [0x20, 0x61, 0x27, 0x0A, 0xC3, 0xA9, 0xE2, 0x80, 0x99, 0xF0, 0x9F][rng.below(11)]
                default: UInt8(0x20 + rng.below(0x60))
                }
            })
        }
        for sample in samples {
            let ids = cl100k.encodeOrdinary(bytes: sample)
            #expect(try cl100k.decodeBytes(ids) == sample)
            #expect(cl100k.count(bytes: sample) == ids.count)
            if let text = String(validating: sample, as: UTF8.self) {
                #expect(cl100k.encodeOrdinary(text) == ids)
            }
        }
    }

    /// Named so that test logs show the name, not a megabyte of text.
    static let pathologicalInputs: [String: String] = [
        "1 MiB of one letter": String(repeating: "a", count: 1 << 20),
        "1 MiB of spaces": String(repeating: " ", count: 1 << 20),
        "20,000 family emoji (ZWJ sequences)": String(repeating: "👨‍👩‍👧‍👦", count: 20_000),
        "100,000 digits": String(repeating: "1", count: 100_000),
        "100,000 carriage returns": String(repeating: "\r", count: 100_000),
        "1 MiB of one CJK character": String(repeating: "語", count: 350_000),
    ]

    @Test("pathological inputs stay exact", arguments: pathologicalInputs.keys.sorted())
    func pathological(name: String) throws {
        let text = Self.pathologicalInputs[name]!
        let ids = cl100k.encodeOrdinary(text)
        #expect(try cl100k.decode(ids) == text)
        #expect(cl100k.count(text) == ids.count)
    }

    @Test func oneMegabyteOfRandomBytes() throws {
        var rng = SeededGenerator(seed: 7)
        let bytes = (0..<(1 << 20)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let ids = cl100k.encodeOrdinary(bytes: bytes)
        #expect(try cl100k.decodeBytes(ids) == bytes)
        let letters = (0..<(1 << 20)).map { _ in UInt8(ascii: "a") + UInt8(rng.below(26)) }
        let letterIDs = cl100k.encodeOrdinary(bytes: letters)
        #expect(try cl100k.decodeBytes(letterIDs) == letters)
    }

    // MARK: Differential

    @Test("agrees with the simple reference encoder on generated text")
    func agreesWithReference() throws {
        let reference = try ReferenceEncoder(tokenizer: cl100k)
        for item in ParityCases.generated(count: 1500, seed: 99) {
            #expect(cl100k.encodeOrdinary(item.text) == reference.encode(item.text), "\(String(reflecting: item.text))")
        }
    }

    @Test("letter runs of two-byte characters split and encode as the reference encoder's")
    func cyrillicRuns() throws {
        // Words of every letter of U+0400-U+047F (the two-byte letter bitmap),
        // broken at every offset by characters just outside the block
        // (U+0480-U+0489 include symbols and marks), digits, ASCII and
        // punctuation.
        let reference = try ReferenceEncoder(tokenizer: cl100k)
        let block = (0x400..<0x480).map { Character(Unicode.Scalar($0)!) }
        let breakers: [Character] = ["\u{480}", "\u{481}", "\u{482}", "\u{483}", "\u{488}", "\u{48A}", "\u{4FF}", "\u{500}",
                                     "\u{3FF}", "7", "a", "-", " ", "\u{2019}", "\u{0301}"]
        var rng = SeededGenerator(seed: 7)
        for length in 1...24 {
            for _ in 0..<20 {
                var word = String((0..<length).map { _ in block[rng.below(block.count)] })
                let at = rng.below(length + 1)
                var characters = Array(word)
                characters.insert(breakers[rng.below(breakers.count)], at: at)
                word = String(characters)
                let text = " " + word + " " + String(block.shuffled(using: &rng).prefix(length))
                #expect(cl100k.encodeOrdinary(text) == reference.encode(text), "\(String(reflecting: text))")
                // The split itself: a wrong piece end need not change the tokens.
                let bytes = Array(text.utf8)
                var start = 0
                let pieces = cl100k._pieceEnds(bytes).map { end in
                    defer { start = end }
                    return String(decoding: bytes[start..<end], as: UTF8.self)
                }
                #expect(pieces == reference.pieces(text), "\(String(reflecting: text))")
            }
        }
    }

    /// Words of Latin, accented Latin and Cyrillic letters, most of them not
    /// one token, drawn with repeats: enough new merged pieces a KB that the
    /// per-call piece cache grows while the text is encoded.
    static func manyMergedWords(seed: UInt64, pool: Int, words: Int) -> (text: String, pool: [String]) {
        var rng = SeededGenerator(seed: seed)
        let alphabets: [[Character]] = [
            Array("abcdefghijklmnopqrstuvwxyzäöüßéèàç"),
            Array("абвгдеёжзийклмнопрстуфхцчшщъыьэюя"),
        ]
        let vocabulary: [String] = (0..<pool).map { _ in
            let letters = alphabets[rng.below(2)]
            return String((0..<(4 + rng.below(11))).map { _ in letters[rng.below(letters.count)] })
        }
        var text = ""
        for _ in 0..<words {
            // Skewed towards the start of the pool, like word frequencies.
            let u = Double(rng.below(1 << 20)) / Double(1 << 20)
            text += " " + vocabulary[Int(Double(pool) * u * u * u)]
        }
        return (text, vocabulary)
    }

    @Test("a long text of many merged words encodes like its words one by one (the piece cache grows)")
    func pieceCacheGrowth() throws {
        let (text, pool) = Self.manyMergedWords(seed: 42, pool: 30_000, words: 240_000)
        // Over 2 MB: the table may grow past its initial 16384 slots.
        #expect(text.utf8.count > 2_100_000)
        // Every word is one piece (a space, then letters), encoded alone
        // below the cache's minimum input size: no cache.
        var alone: [String: [TokenID]] = [:]
        var expected: [TokenID] = []
        for word in text.split(separator: " ") {
            let piece = " " + word
            if alone[piece] == nil { alone[piece] = cl100k.encodeOrdinary(piece) }
            expected += alone[piece]!
        }
        let ids = cl100k.encodeOrdinary(text)
        #expect(ids == expected)
        #expect(cl100k.count(text) == expected.count)
        #expect(try cl100k.decode(ids) == text)
        // The words alone against the simple reference encoder.
        let reference = try ReferenceEncoder(tokenizer: cl100k)
        for word in pool.prefix(300) {
            #expect(alone[" " + word].map { $0 == reference.encode(" " + word) } ?? true, "\(word)")
        }
    }

    @Test("a text just over the cache's minimum size, with more words than its 256 slots, encodes like its words one by one")
    func pieceCacheEvictions() throws {
        // About 10 KB: the smallest table (128 sets of two ways), so pieces
        // are evicted, found in way 1 and swapped back to way 0.
        for seed: UInt64 in [1, 2, 3] {
            let (text, _) = Self.manyMergedWords(seed: seed, pool: 600, words: 800)
            #expect(text.utf8.count >= 4096 && text.utf8.count < 16_384)
            var expected: [TokenID] = []
            for word in text.split(separator: " ") { expected += cl100k.encodeOrdinary(" " + word) }
            #expect(cl100k.encodeOrdinary(text) == expected)
            #expect(cl100k.count(text) == expected.count)
        }
    }

    @Test("words of 12 to 32 bytes, merged by the loop or by backtracking, encode as the reference encoder's")
    func longWordsBothPaths() throws {
        // Pieces of up to 32 bytes that end in an ASCII byte go to the merge
        // loop, those of 12 bytes or more ending in a non-ASCII byte to
        // backtracking: words on both sides of each limit, alone (no piece
        // cache) and in one text of over 4 KB (through the cache).
        let reference = try ReferenceEncoder(tokenizer: cl100k)
        var rng = SeededGenerator(seed: 77)
        let alphabets: [[Character]] = [
            Array("abcdefghijklmnopqrstuvwxyz"),
            Array("abcdefghijklmnopqrstuvwxyzäöüßéèàç"),
            Array("абвгдеёжзийклмнопрстуфхцчшщъыьэюя"),
            Array("αβγδεζηθικλμνξοπρστυφχψω"),
        ]
        var words: [String] = []
        for _ in 0..<1200 {
            let letters = alphabets[rng.below(alphabets.count)]
            var word = ""
            let target = 10 + rng.below(24)
            while word.utf8.count < target { word.append(letters[rng.below(letters.count)]) }
            words.append(word)
        }
        var joined: [TokenID] = []
        for word in words {
            let piece = " " + word
            let ids = cl100k.encodeOrdinary(piece)
            #expect(ids == reference.encode(piece), "\(String(reflecting: piece))")
            joined += ids
        }
        let text = words.map { " " + $0 }.joined()
        #expect(text.utf8.count > 4096)
        #expect(cl100k.encodeOrdinary(text) == joined)
    }

    @Test("more tokens than the first capacity (a third of the bytes) are all kept, in order")
    func tokensPastTheFirstCapacity() throws {
        // Emoji are several tokens for 4 bytes, digits one for at most 3:
        // the output outgrows its first array and continues in the overflow.
        let text = String(repeating: "🦀1 é\u{301}2!", count: 4000)
        let ids = cl100k.encodeOrdinary(text)
        #expect(ids.count > text.utf8.count / 3 + 8)
        #expect(ids.count == cl100k.count(text))
        #expect(try cl100k.decode(ids) == text)
        let reference = try ReferenceEncoder(tokenizer: cl100k)
        #expect(ids == reference.encode(text))
        #expect(cl100k.encodeOrdinary(bytes: Array(text.utf8)) == ids)
        #expect(cl100k.encodeOrdinaryParallel(text, chunkSize: 4096) == ids)
        let special = text + "<|endoftext|>" + text
        #expect(try cl100k.encode(special, allowedSpecial: .all) == ids + [100257] + ids)
        var appended: [TokenID] = [7]
        cl100k.encodeOrdinary(text, into: &appended)
        #expect(appended == [7] + ids)
    }

    // MARK: Parallel

    @Test("parallel and batch encoding give the single-threaded ids")
    func parallel() throws {
        var text = ParityCases.generated(count: 3000, seed: 5).map(\.text).joined(separator: "\n")
        if let folder = TestEnvironment.dataDirectory {
            let essays = folder.appendingPathComponent("haystack/PaulGrahamEssays")
            for name in try FileManager.default.contentsOfDirectory(atPath: essays.path).sorted().prefix(10) {
                text += try String(contentsOf: essays.appendingPathComponent(name), encoding: .utf8)
            }
        }
        for tokenizer in [cl100k] + [TestEnvironment.o200k, Llama3ParityTests.tokenizer].compactMap({ $0 }) {
            let single = tokenizer.encodeOrdinary(text)
            for chunk in [4096, 10_000, 65_536] {
                #expect(tokenizer.encodeOrdinaryParallel(text, chunkSize: chunk) == single, "\(tokenizer.name), chunks of \(chunk)")
            }
        }
        let texts = ParityCases.generated(count: 500, seed: 6).map(\.text)
        #expect(cl100k.encodeOrdinaryBatch(texts) == texts.map { cl100k.encodeOrdinary($0) })
    }

    // MARK: Errors

    @Test func decodeUnknownToken() {
        #expect(throws: TokenizerError.unknownToken(100_256)) { try cl100k.decode([15339, 100_256]) }
        #expect(throws: TokenizerError.unknownToken(5_000_000)) { try cl100k.decodeBytes([5_000_000]) }
    }
}

/// Builds small `.tiktoken` files: the 256 bytes, then the given tokens.
enum TinyVocabulary {
    static func file(_ lines: [String], name: String = "tiny.tiktoken") throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tersify-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(name).path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func lines(_ tokens: [String]) -> [String] {
        let bytes = (0..<256).map { [UInt8($0)] } + tokens.map { Array($0.utf8) }
        return bytes.enumerated().map { "\(Data($0.element).base64EncodedString()) \($0.offset)" }
    }

    static func make(_ tokens: [String]) throws -> Tokenizer {
        try Tokenizer(contentsOf: file(lines(tokens)))
    }
}
