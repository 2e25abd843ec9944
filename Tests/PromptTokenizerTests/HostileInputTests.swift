import Foundation
import PromptTokenizer
import Testing

/// Inputs a server embedding the tokenizer may receive from anyone: invalid
/// UTF-8, NUL bytes, huge single lines and pieces, bidi controls, corrupt
/// vocabularies. None may trap; text must round-trip exactly.
@Suite("Hostile input: tokenizer")
struct TokenizerHostileInputTests {
    let cl100k = TestEnvironment.cl100k
    static let reference = try! ReferenceEncoder(tokenizer: TestEnvironment.cl100k)

    /// Encodes, decodes, counts: the bytes come back and the count agrees.
    func expectRoundTrip(_ bytes: [UInt8], _ comment: Comment? = nil) throws -> [TokenID] {
        let ids = cl100k.encodeOrdinary(bytes: bytes)
        #expect(try cl100k.decodeBytes(ids) == bytes, comment)
        #expect(cl100k.count(bytes: bytes) == ids.count, comment)
        return ids
    }

    // MARK: Invalid UTF-8

    @Test("invalid UTF-8 round-trips; each invalid byte is a piece of its own", arguments: [
        ("overlong /", [0xC0, 0xAF] as [UInt8]),
        ("overlong NUL", [0xC0, 0x80]),
        ("overlong 3-byte /", [0xE0, 0x80, 0xAF]),
        ("overlong 4-byte /", [0xF0, 0x80, 0x80, 0xAF]),
        ("lone continuation", [0x80]),
        ("continuation run", [0x80, 0xBF, 0x80, 0xBF]),
        ("high surrogate D800", [0xED, 0xA0, 0x80]),
        ("low surrogate DFFF", [0xED, 0xBF, 0xBF]),
        ("surrogate pair as CESU-8", [0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80]),
        ("truncated 2-byte", [0xC3]),
        ("truncated 3-byte", [0xE2, 0x82]),
        ("truncated 4-byte", [0xF0, 0x9F, 0x98]),
        ("above U+10FFFF", [0xF4, 0x90, 0x80, 0x80]),
        ("5-byte form", [0xF8, 0x88, 0x80, 0x80, 0x80]),
        ("FE FF", [0xFE, 0xFF]),
    ])
    func invalidUTF8(name: String, sequence: [UInt8]) throws {
        for context in [[], Array("word ".utf8), Array("x".utf8), Array("  ".utf8), Array("1".utf8)] {
            let bytes = context + sequence + context + sequence + Array("end".utf8)
            _ = try expectRoundTrip(bytes, "\(name) after \(context)")
        }
        // Alone, invalid bytes are punctuation-class characters: one piece,
        // merged like any other piece (the reference merge loop).
        let ids = try expectRoundTrip(sequence)
        #expect(ids == Self.reference.merge(sequence), "\(name)")
    }

    @Test("decode of a token cut inside a character gives U+FFFD, not a trap")
    func decodeCutCharacter() throws {
        let ids = cl100k.encodeOrdinary("👨‍👩‍👧‍👦")
        #expect(ids.count > 1)
        let text = try cl100k.decode(ids.dropLast())
        #expect(text.unicodeScalars.last == "\u{FFFD}")
    }

    // MARK: Control characters and line ends

    @Test("NUL bytes are ordinary characters")
    func nulBytes() throws {
        let reference = try ReferenceEncoder(tokenizer: cl100k)
        for text in ["\0", "a\0b", "\0\0\0\0", "word\0 \0word", "\0\n\0", String(repeating: "ab\0", count: 1000)] {
            let ids = try expectRoundTrip(Array(text.utf8))
            #expect(ids == reference.encode(text), "\(text.debugDescription)")
        }
    }

    @Test("CR-only line ends match the reference")
    func carriageReturnsOnly() throws {
        let reference = try ReferenceEncoder(tokenizer: cl100k)
        let text = (0..<300).map { "Line \($0) of an old Mac file,\r" }.joined() + "\r\r\r  \r \rlast"
        let ids = try expectRoundTrip(Array(text.utf8))
        #expect(ids == reference.encode(text))
        #expect(cl100k.encodeOrdinaryParallel(text, chunkSize: 4096) == ids)
    }

    @Test("right-to-left text with bidi controls matches the reference")
    func bidiControls() throws {
        let reference = try ReferenceEncoder(tokenizer: cl100k)
        let text = """
            \u{202E}evil.exe\u{202C} مرحبا بالعالم \u{2067}שלום עולם\u{2069} \u{200F}abc\u{200E}123 \
            \u{202B}إلى\u{202C}\u{2066}x\u{2069}\u{061C}١٢٣ \u{202D}\u{202A}\u{2068}\u{200F}\u{200F}
            """
        for variant in [text, String(repeating: text, count: 200)] {
            let ids = try expectRoundTrip(Array(variant.utf8))
            #expect(ids == reference.encode(variant))
        }
    }

    // MARK: Size

    @Test("10 MB on one line: sequential, parallel and counting agree")
    func tenMegabytesOnOneLine() throws {
        let words = ["alpha", "beta", "gamma", "delta", "3.14", "x_y", "«quote»", "日本"]
        var bytes: [UInt8] = []
        bytes.reserveCapacity(10_000_100)
        var index = 0
        while bytes.count < 10_000_000 {
            bytes += words[index % words.count].utf8
            bytes.append(UInt8(ascii: " "))
            index += 1
        }
        #expect(!bytes.contains(UInt8(ascii: "\n")))
        let ids = try expectRoundTrip(bytes)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(cl100k.encodeOrdinaryParallel(text) == ids)
    }

    @Test("1 M repeats of one character: one piece of 1 MB")
    func millionRepeatsOfOneCharacter() throws {
        for character in ["a", " ", "!", "7", "\n"] {
            let bytes = Array(String(repeating: character, count: 1_000_000).utf8)
            let ids = try expectRoundTrip(bytes, "\(character.debugDescription)")
            #expect(ids.count < bytes.count, "\(character.debugDescription) merges")
        }
    }

    @Test("1 M repeats of an emoji ZWJ sequence: one piece of 14 MB")
    func millionRepeatsOfZWJSequence() throws {
        let flag = "🏳️‍🌈"  // U+1F3F3 U+FE0F U+200D U+1F308, 14 bytes
        let bytes = Array(String(repeating: flag, count: 1_000_000).utf8)
        #expect(bytes.count == 14_000_000)
        let ids = try expectRoundTrip(bytes)
        let single = cl100k.encodeOrdinary(flag)
        #expect(ids.count <= single.count * 1_000_000)
    }

    // MARK: Corrupt vocabularies

    @Test("a corrupt vocabulary line is reported, never a trap", arguments: [
        ("QQ==QQ== 256", "invalid base64 token"),           // padding in the middle
        ("=QQQ 256", "invalid base64 token"),               // padding first
        ("QQ=Q 256", "invalid base64 token"),
        ("QQ\u{0}= 256", "invalid base64 token"),           // NUL
        ("Q-_A 256", "invalid base64 token"),               // URL-safe alphabet
        ("QUJD\u{00E9} 256", "base64 token of 6 characters (not a multiple of 4)"),
        ("QUJD 99999999999999999999999", "rank is larger than 16777215"),
        ("QUJD 16777216", "rank is larger than 16777215"),
        ("QUJD -1", "rank is not a decimal number"),
        ("QUJD 1 2", "rank is not a decimal number"),
        ("QUJD  256", "rank is not a decimal number"),
        (" 256", "base64 token of 0 characters (not a multiple of 4)"),
        ("QUJD\t256", "no space between token and rank"),
    ])
    func corruptLine(line: String, reason: String) throws {
        var lines = TinyVocabulary.lines([])
        lines.insert(line, at: 10)
        let path = try TinyVocabulary.file(lines)
        #expect(throws: TokenizerError.malformedLine(path: path, line: 11, reason: reason)) {
            try Tokenizer(contentsOf: path)
        }
    }

    @Test("duplicate ranks anywhere, even between byte tokens, are reported")
    func duplicateRanks() throws {
        var lines = TinyVocabulary.lines([])
        lines[200] = "\(Data([200]).base64EncodedString()) 7"
        let path = try TinyVocabulary.file(lines)
        #expect(throws: TokenizerError.duplicateRank(path: path, line: 201, rank: 7)) {
            try Tokenizer(contentsOf: path)
        }
    }

    @Test("empty, blank-only and binary files fail with a clear error")
    func degenerateFiles() throws {
        for (content, expected) in [
            ("", TokenizerError.unreadableFile(path: "", reason: "is empty")),
            ("\n\n\r\n\n", .missingByteToken(path: "", byte: 0)),
            ("\u{FEFF}QQ== 65\n", .malformedLine(
                path: "", line: 1,
                reason: "base64 token of 7 characters (not a multiple of 4); the file is not a .tiktoken vocabulary, nor a Tekken or tokenizer.json file")),
        ] {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tersify-hostile-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let path = folder.appendingPathComponent("v.tiktoken").path
            try Data(content.utf8).write(to: URL(fileURLWithPath: path))
            var expected = expected
            switch expected {
            case let .missingByteToken(_, byte): expected = .missingByteToken(path: path, byte: byte)
            case let .malformedLine(_, line, reason): expected = .malformedLine(path: path, line: line, reason: reason)
            case let .unreadableFile(_, reason): expected = .unreadableFile(path: path, reason: reason)
            default: break
            }
            #expect(throws: expected) { try Tokenizer(contentsOf: path) }
        }
    }

    @Test("a vocabulary with unreachable tokens and odd ranks still round-trips")
    func oddVocabulary() throws {
        // "zzz" has no merge path ("zz" is missing); "ab" ranks far above "abc"'s parts.
        var lines = TinyVocabulary.lines([])
        lines += ["\(Data("zzz".utf8).base64EncodedString()) 300",
                  "\(Data("abc".utf8).base64EncodedString()) 5000000",
                  "\(Data("ab".utf8).base64EncodedString()) 2000000"]
        let tokenizer = try Tokenizer(contentsOf: try TinyVocabulary.file(lines))
        for text in ["zzz zzzz abc ab abcabc", String(repeating: "abz", count: 10_000), ""] {
            let ids = tokenizer.encodeOrdinary(text)
            #expect(try tokenizer.decode(ids) == text)
            #expect(tokenizer.count(text) == ids.count)
        }
    }
}
