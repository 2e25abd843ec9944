import Foundation
import PromptTokenizer
import Testing

/// The split by ICU's regular expressions, for patterns no scanner knows:
/// Hugging Face's `Split` behaviors, the scanners' patterns run both ways,
/// and parity with Hugging Face tokenizers on `tokenizer.json` files whose
/// pre-tokenizer was rewritten to patterns no scanner knows.
@Suite("Split by ICU regular expressions", .serialized)
struct RegexSplitTests {
    /// The pieces of `text` as strings (what `removed` leaves out is missing).
    static func pieces(_ tokenizer: Tokenizer, _ text: String) -> [String] {
        let bytes = Array(text.utf8)
        var previous = 0
        return tokenizer._pieceEnds(bytes).map { end in
            defer { previous = end }
            return String(decoding: bytes[previous..<end], as: UTF8.self)
        }
    }

    @Test("each behavior cuts as Hugging Face's Split does", arguments: [
        (SplitStep(" "), ["a", " ", "b", " ", " ", "c"]),
        (SplitStep(" ", behavior: .mergedWithPrevious), ["a ", "b ", " ", "c"]),
        (SplitStep(" ", behavior: .mergedWithNext), ["a", " b", " ", " c"]),
        (SplitStep(" ", behavior: .contiguous), ["a", " ", "b", "  ", "c"]),
        (SplitStep(" ", behavior: .mergedWithPrevious, invert: true), ["a", " b", " ", " c"]),
        (SplitStep("a*"), ["a", " ", "b", " ", " ", "c"]),
    ])
    func behaviors(_ step: SplitStep, _ expected: [String]) throws {
        let tokenizer = try TestEnvironment.cl100k._splittingWithICU([step])
        #expect(tokenizer.splitPattern == nil && tokenizer.splitSteps == [step])
        #expect(Self.pieces(tokenizer, "a b  c") == expected)
        #expect(try tokenizer.decodeBytes(tokenizer.encodeOrdinary("a b  c")) == Array("a b  c".utf8))
    }

    @Test("removed steps leave their matches out; inverted, the rest")
    func removed() throws {
        let removed = try TestEnvironment.cl100k._splittingWithICU([SplitStep(" ", behavior: .removed)])
        #expect(try removed.decode(removed.encodeOrdinary("a b  c")) == "abc")
        let kept = try TestEnvironment.cl100k._splittingWithICU([SplitStep(" ", behavior: .removed, invert: true)])
        #expect(try kept.decode(kept.encodeOrdinary("a b  c")) == "   ")
    }

    @Test("Oniguruma's anchors: ^ and $ at every line, \\n the only line terminator")
    func anchors() throws {
        let oniguruma = try TestEnvironment.cl100k._splittingWithICU([SplitStep(#"\s+$"#)], lineAnchors: true)
        #expect(Self.pieces(oniguruma, "a \nb \r\nc") == ["a", " ", "\nb", " \r", "\nc"])
        let tiktoken = try TestEnvironment.cl100k._splittingWithICU([SplitStep(#"\s+$"#)])
        #expect(Self.pieces(tiktoken, "a \nb \r\nc") == ["a \nb \r\nc"])
        let dot = try TestEnvironment.cl100k._splittingWithICU([SplitStep(".", behavior: .removed)], lineAnchors: true)
        #expect(try dot.decode(dot.encodeOrdinary("a\nb\rc\u{2028}")) == "\n")
    }

    /// Every known pattern's steps through ICU give the scanner's pieces.
    /// Characters assigned after Unicode 15.0 (ICU 72) are outside the
    /// generated cases (their pools are of long-standing scripts).
    @Test("the scanners and ICU cut every case alike", arguments: SplitPattern.allCases)
    func scannersMatchICU(_ pattern: SplitPattern) throws {
        let scanner = try Tokenizer(contentsOf: TestEnvironment.vocabularyPath, splitPattern: pattern)
        #expect(scanner.splitPattern == pattern)
        let readings = [false] + ([.qwen2, .llama3, .deepSeekV3].contains(pattern) ? [true] : [])
        let cases = ParityCases.generated(count: 4_000) + ParityCases.classBoundaries(count: 4_000)
        for lineAnchors in readings {
            let icu = try scanner._splittingWithICU(pattern.steps.map { SplitStep($0) }, lineAnchors: lineAnchors)
            var mismatches = 0
            for item in cases {
                let bytes = Array(item.text.utf8)
                guard scanner._pieceEnds(bytes) != icu._pieceEnds(bytes) else { continue }
                mismatches += 1
                if mismatches <= 3 {
                    Issue.record("\(pattern) \(item.group): scanner \(Self.pieces(scanner, item.text).prefix(12)), ICU \(Self.pieces(icu, item.text).prefix(12))")
                }
            }
            #expect(mismatches == 0, "\(pattern) (line anchors \(lineAnchors)): \(mismatches) of \(cases.count) cases split differently")
        }
    }

    /// Every code point that Unicode 15.0 (ICU 72's data) had assigned, or
    /// that is still unassigned, in the contexts that reveal its class:
    /// the scanners' tables are 16.0's, so characters assigned since are
    /// left out.
    @Test("the scanners and ICU cut every code point of Unicode 15.0 alike", arguments: SplitPattern.allCases)
    func codePointsMatchICU(_ pattern: SplitPattern) throws {
        let scanner = try Tokenizer(contentsOf: TestEnvironment.vocabularyPath, splitPattern: pattern)
        let icu = try scanner._splittingWithICU(pattern.steps.map { SplitStep($0) })
        let context = [.o200k, .tekken].contains(pattern) ? ParityCases.o200kContext : ParityCases.cl100kContext
        var text = "", mismatches = 0, cases = 0
        func compare() {
            let bytes = Array(text.utf8)
            cases += 1
            if scanner._pieceEnds(bytes) != icu._pieceEnds(bytes) {
                mismatches += 1
                if mismatches <= 3 { Issue.record("\(pattern): \(String(reflecting: String(text.prefix(60))))") }
            }
            text = ""
        }
        for value in 0..<0x110000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if let age = scalar.properties.age, age.major > 15 || (age.major == 15 && age.minor > 0) { continue }
            text += context(String(Character(scalar)))
            if value % 256 == 255 { compare() }
        }
        if !text.isEmpty { compare() }
        #expect(mismatches == 0, "\(pattern): \(mismatches) of \(cases) cases split differently")
    }

    @Test("cl100k_base's ids through ICU's split are the scanner's, corpora included")
    func cl100kIDs() throws {
        let scanner = TestEnvironment.cl100k
        let icu = try scanner._splittingWithICU([SplitStep(SplitPattern.cl100k.regex)])
        var cases = ParityCases.generated(count: 2_000)
        if let folder = TestEnvironment.dataDirectory { cases += try ParityCases.corpora(folder).prefix(400) }
        let reference = cases.map { $0.allowSpecial ? (try? scanner.encode($0.text, allowedSpecial: .all)) ?? [] : scanner.encodeOrdinary($0.text) }
        ParityComparison.expectSame(icu, cases, reference: reference, name: "cl100k_base by ICU")
    }

    @Test("a regular expression given for a vocabulary file: the scanner when known, else ICU; a bad one is refused")
    func givenExpressions() throws {
        let path = TestEnvironment.vocabularyPath
        #expect(try Tokenizer(contentsOf: path, splitSteps: [SplitStep(SplitPattern.o200k.regex)]).splitPattern == .o200k)
        let words = try Tokenizer(contentsOf: path, splitSteps: [SplitStep(#"\p{L}+|\s+|."#)])
        #expect(words.splitPattern == nil && Self.pieces(words, "Hi, you") == ["Hi", ",", " ", "you"])
        #expect(throws: TokenizerError.invalidSplitPattern(path: path, pattern: "(a", reason: "U_REGEX_MISMATCHED_PAREN")) {
            try Tokenizer(contentsOf: path, splitSteps: [SplitStep("(a")])
        }
        #expect(SplitStep.problem("[a") == "U_REGEX_MISSING_CLOSE_BRACKET" && SplitStep.problem("a|b") == nil)
    }

    /// A `tokenizer.json` of the 256 byte tokens (GPT-2's byte alphabet, ids
    /// in byte order) and no merges, with `preTokenizer`, in a temporary file.
    static func tinyFile(_ preTokenizer: [String: Any]) throws -> String {
        var vocab: [String: Int] = [:]
        var next = 0x100
        for byte in 0..<256 {
            let printable = (0x21...0x7E).contains(byte) || (0xA1...0xAC).contains(byte) || (0xAE...0xFF).contains(byte)
            let scalar = printable ? byte : next
            if !printable { next += 1 }
            vocab[String(Character(Unicode.Scalar(scalar)!))] = byte
        }
        let root: [String: Any] = [
            "model": ["type": "BPE", "vocab": vocab, "merges": [String]()], "added_tokens": [[String: Any]](),
            "normalizer": NSNull(), "pre_tokenizer": preTokenizer,
        ]
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tersify-tiny-\(UUID().uuidString).tokenizer.json").path
        try JSONSerialization.data(withJSONObject: root).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("a tokenizer.json's steps: GPT-2's expression runs on ICU; an unknown behavior and a bad expression are refused by name")
    func tokenizerFileSteps() throws {
        let gpt2 = try Self.tinyFile(Self.byteLevel(useRegex: true))
        defer { try? FileManager.default.removeItem(atPath: gpt2) }
        let tokenizer = try Tokenizer(contentsOf: gpt2)
        #expect(tokenizer.splitPattern == nil && tokenizer.splitSteps == [SplitStep(SplitStep.gpt2)])
        #expect(Self.pieces(tokenizer, "Hi you're  2024!") == ["Hi", " you", "'re", " ", " 2024", "!"])
        #expect(tokenizer.encodeOrdinary("Hi") == [72, 105])

        let sideways = try Self.tinyFile(Self.sequence([Self.split(" ", behavior: "Sideways"), Self.byteLevel(useRegex: false)]))
        defer { try? FileManager.default.removeItem(atPath: sideways) }
        #expect(throws: TokenizerError.unsupportedTokenizer(
            path: sideways, reason: "Split step with behavior \"Sideways\" (known: Isolated, Removed, MergedWithPrevious, MergedWithNext, Contiguous)"
        )) { try Tokenizer(contentsOf: sideways) }
        let broken = try Self.tinyFile(Self.sequence([Self.split("(a"), Self.byteLevel(useRegex: false)]))
        defer { try? FileManager.default.removeItem(atPath: broken) }
        #expect(throws: TokenizerError.unsupportedTokenizer(
            path: broken, reason: "pre_tokenizer expression \"(a\" is not one ICU compiles (U_REGEX_MISMATCHED_PAREN)"
        )) { try Tokenizer(contentsOf: broken) }
    }

    // MARK: Parity with Hugging Face tokenizers

    /// Pre-tokenizers no scanner knows, as a `tokenizer.json` writes them.
    static var variants: [(name: String, preTokenizer: [String: Any])] { [
        ("gpt2", byteLevel(useRegex: true)),
        ("anchors", sequence([
            split(#"\p{N}{1,3}"#),
            split(#"'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}+|^\s+|\s+$| ?[^\s\p{L}\p{N}]++[\r\n]*|\s*[\r\n]|\s+(?!\S)|\s"#),
            byteLevel(useRegex: false),
        ])),
        ("behaviors", sequence([
            split(" ", literal: true, behavior: "MergedWithNext"),
            split(#"\p{P}+"#, behavior: "Contiguous"),
            split(#"\p{L}+"#, behavior: "MergedWithPrevious", invert: true),
            byteLevel(useRegex: true),
        ])),
    ] }

    static func byteLevel(useRegex: Bool) -> [String: Any] {
        ["type": "ByteLevel", "add_prefix_space": false, "trim_offsets": false, "use_regex": useRegex]
    }

    static func split(_ pattern: String, literal: Bool = false, behavior: String = "Isolated", invert: Bool = false) -> [String: Any] {
        ["type": "Split", "pattern": [literal ? "String" : "Regex": pattern], "behavior": behavior, "invert": invert]
    }

    static func sequence(_ steps: [[String: Any]]) -> [String: Any] { ["type": "Sequence", "pretokenizers": steps] }

    /// Qwen 2.5's `tokenizer.json` with another pre-tokenizer, in a temporary file.
    static func rewritten(_ preTokenizer: [String: Any], name: String) throws -> String? {
        let source = HuggingFaceParityTests.path("qwen2.5")
        guard FileManager.default.fileExists(atPath: source) else { return nil }
        guard var root = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: source))) as? [String: Any] else {
            throw TestFailure("\(source) is not a JSON object")
        }
        root["pre_tokenizer"] = preTokenizer
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tersify-split-\(getpid())-\(name).tokenizer.json").path
        try JSONSerialization.data(withJSONObject: root).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("matches Hugging Face tokenizers on pre-tokenizers no scanner knows", arguments: [0, 1, 2])
    func matchesReference(_ variant: Int) throws {
        let (name, preTokenizer) = Self.variants[variant]
        guard let path = try Self.rewritten(preTokenizer, name: name) else {
            #expect(!TestEnvironment.strict, "TERSIFY_STRICT_TESTS=1 but qwen2.5.tokenizer.json is not in the cache")
            return
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        let tokenizer = try Tokenizer(contentsOf: path)
        #expect(tokenizer.splitPattern == nil && tokenizer.normalization == .nfc)
        var cases = HuggingFaceParityTests.edges + ParityCases.generated(count: 5_000) + ParityCases.classBoundaries(count: 5_000)
        if let folder = TestEnvironment.dataDirectory { cases += try ParityCases.corpora(folder) }
        guard let reference = try HuggingFaceReference.encode(cases, file: path) else {
            #expect(!TestEnvironment.strict, "TERSIFY_STRICT_TESTS=1 but tokenizers is not installed")
            return
        }
        ParityComparison.expectSame(tokenizer, cases, reference: reference, name: "qwen2.5 with the \(name) pre-tokenizer")

        let plain = cases.filter { !$0.allowSpecial && $0.text.precomposedStringWithCanonicalMapping.utf8.elementsEqual($0.text.utf8) }
        guard let ends = try HuggingFaceReference.pieceEnds(plain, file: path) else { return }
        var mismatches = 0
        for (item, theirs) in zip(plain, ends) where tokenizer._pieceEnds(Array(item.text.utf8)) != theirs {
            mismatches += 1
            if mismatches <= 3 { Issue.record("\(name) \(item.group): \(String(reflecting: String(item.text.prefix(120))))") }
        }
        #expect(mismatches == 0, "\(name): \(mismatches) of \(plain.count) cases split differently")
    }
}
