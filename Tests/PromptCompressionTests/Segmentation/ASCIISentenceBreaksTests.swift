import CICU
import Foundation
@testable import PromptCompression
import TersifyTestSupport
import Testing

/// Differential tests of the ASCII sentence segmenter against ICU's
/// sentence iterator, with and without its suppressions.
@Suite("ASCII sentence breaks (against ICU)")
struct ASCIISentenceBreaksTests {
    /// The locales the fast path serves: ICU's suppressions for English, and none.
    static let locales = ["en", "en@ss=none"]

    /// One byte of each class the rules tell apart, and some of the same
    /// class twice: letters of each case, a digit, the terminators, closers,
    /// spaces, line breaks, continuations and other punctuation.
    static let alphabet: [UInt8] = Array("aZ1.?!\"'( \t\r\n,-;#".utf8) + [0x0B]

    /// ICU's English abbreviations, as the shim reads them.
    static func icuAbbreviations() -> [[UInt8]] {
        var status: Int32 = 0
        let count = tersify_sentence_suppressions("en", nil, 0, &status)
        guard count > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: Int(count))
        _ = tersify_sentence_suppressions("en", &bytes, count, &status)
        return bytes.split(separator: 0).map(Array.init)
    }

    func expectSameAsICU(_ bytes: [UInt8], locale: String, _ comment: Comment) throws {
        try bytes.withUnsafeBufferPointer { buffer in
            for joinBlank in [false, true] {
                let icu = try ICUBreaks.find(.sentence, in: buffer, locale: locale, joinBlank: joinBlank).get().ends
                let fast = try ICUBreaks.findSentences(in: buffer, locale: locale, joinBlank: joinBlank).get().ends
                #expect(fast == icu, "\(comment), joinBlank \(joinBlank)")  // the first difference follows
                guard fast != icu else { continue }
                let index = (0..<min(fast.count, icu.count)).first { fast[$0] != icu[$0] } ?? min(fast.count, icu.count)
                let from = max(0, Int(index > 0 ? min(fast[index - 1], icu[index - 1]) : 0) - 12)
                let to = min(bytes.count, from + 48)
                Issue.record("\(comment): first difference at sentence \(index), bytes \(from)..<\(to): \(String(decoding: bytes[from..<to], as: UTF8.self).debugDescription); fast \(fast[index...].prefix(3)), ICU \(icu[index...].prefix(3))")
            }
        }
    }

    @Test("known answers: rules, suppressions and their partial matches")
    func knownAnswers() throws {
        let text = Array("Mr. Smith went. U.S.A. Today. 3.5 x. 5 apples. \"Why?\" she asked.\n\nU.S. Army! Ok".utf8)
        let ends = try text.withUnsafeBufferPointer { try ICUBreaks.findSentences(in: $0, locale: "en", joinBlank: false).get().ends }
        // "Mr." holds its sentence; "U.S.A." and "U.S." do not (their part "U." must lead to a
        // longest abbreviation); "x. 5 apples" goes on (SB8); a blank line is a sentence.
        #expect(ends == [16, 23, 30, 47, 54, 65, 66, 71, 77, 79])
        #expect(SentenceSuppressions.english != nil)
    }

    @Test("every four-byte context of the ASCII classes", arguments: locales)
    func everyContext(locale: String) throws {
        let sequence = ASCIIWordBreaksTests.deBruijn(Self.alphabet, order: 4)
        #expect(sequence.count == Self.alphabet.count * Self.alphabet.count * Self.alphabet.count * Self.alphabet.count + 3)
        try expectSameAsICU(sequence, locale: locale, "de Bruijn, locale \(locale)")
    }

    @Test("every three-byte sequence of ASCII bytes", arguments: locales)
    func everyASCIITriple(locale: String) throws {
        let sequence = ASCIIWordBreaksTests.deBruijn((0..<128).map(UInt8.init), order: 3)
        #expect(sequence.count == 128 * 128 * 128 + 2)
        try expectSameAsICU(sequence, locale: locale, "all ASCII triples, locale \(locale)")
    }

    @Test("every abbreviation of ICU's list in seeded contexts, and ASCII texts beside other scripts")
    func seededTexts() throws {
        let abbreviations = Self.icuAbbreviations().map { String(decoding: $0, as: UTF8.self) }
        #expect(abbreviations.count > 100)
        let contexts = [" ", "  ", "\n", ". ", ".", "? ", "! ", "\"", ")", "(", "a", "A", "word", "Word", "5", "\t", "\r\n", ", ", "-", ":",
                        "x", "X.", "e.g. ", "etc. ", "\r", "...", "'", "]"]
        let lowered = abbreviations.map { $0.lowercased() }, unterminated = abbreviations.map { String($0.dropLast()) }
        let pieces = abbreviations + contexts + contexts + lowered + unterminated
        let others = ["é", "“", "”", "—", "日本語。", "\u{00A0}", "…", "Москва.", "É", "«", "»", "’", "\u{0301}", "\u{00AD}",
                      "\u{200B}", "\u{2060}", "\u{2029}", "\u{85}", "\u{3000}", "。", "！", "\u{FEFF}"]
        var generator = SplitMix64(seed: 29)
        for round in 0..<4000 {
            let text = (0..<(1 + generator.below(40))).map { _ in generator.pick(pieces) }.joined()
            try expectSameAsICU(Array(text.utf8), locale: "en", "\(text.debugDescription)")
            if round % 2 == 0 {
                let mixed = (0..<(1 + generator.below(40))).map { _ in generator.below(6) == 0 ? generator.pick(others) : generator.pick(pieces) }.joined()
                for locale in Self.locales { try expectSameAsICU(Array(mixed.utf8), locale: locale, "\(mixed.debugDescription), \(locale)") }
            }
        }
    }

    @Test("random ASCII, seeded", arguments: locales)
    func randomASCII(locale: String) throws {
        var generator = SplitMix64(seed: 7)
        let weighted = Array("aaaabbcZZ19..?!\"'() \t\r\n\n,-:;#".utf8)
        for _ in 0..<300 {
            let text = (0..<generator.below(400)).map { _ in generator.pick(weighted) }
            try expectSameAsICU(text, locale: locale, "\(String(decoding: text, as: UTF8.self).debugDescription)")
        }
    }

    @Test("the corpora, man-page-like text and the shipped sample segment as ICU segments them")
    func corpora() throws {
        var texts: [(String, [UInt8])] = []
        texts.append(("sample", Array(try Data(contentsOf: TestPaths.root.appendingPathComponent("corpora/samples/rag-prompt.txt")))))
        texts.append(("synopsis", Array("""
            NAME
                   ls - list directory contents

            SYNOPSIS
                   ls [OPTION]... [FILE]...

            DESCRIPTION
                   List  information  about the FILEs (the current directory by default).  Sort entries alphabetically if none of
                   -cftuvSUX nor --sort is specified.

                   -a, --all
                          do not ignore entries starting with .

                   --block-size=SIZE
                          with -l, scale sizes by SIZE when printing them; e.g., '--block-size=M'; see SIZE format below

            Exit status:
                   0      if OK,

                   1      if minor problems (e.g., cannot access subdirectory),
            """.utf8)))
        if let essays = try TwoStageCompressionTests.essays() {
            texts.append(("essays", essays))
        } else {
            #expect(!TestPaths.strict, "corpora missing")
        }
        for file in ["nq-open-oracle.jsonl.gz", "hotpotqa-dev-distractor-500.jsonl.gz"] {
            guard let passages = try ProtectedSpanTests.corpusTexts(file) else {
                #expect(!TestPaths.strict, "corpora missing")
                continue
            }
            texts.append((file, Array(passages.joined(separator: Array("\n".utf8)))))
            // Passages one by one, as the compressor gives paragraphs.
            for (index, passage) in passages.prefix(400).enumerated() {
                try expectSameAsICU(passage, locale: "en", "\(file) passage \(index)")
            }
        }
        let cache = ProcessInfo.processInfo.environment["TERSIFY_CACHE"]
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/tersify").path
        let pages = URL(fileURLWithPath: cache).appendingPathComponent("manpages")
        if let names = try? FileManager.default.contentsOfDirectory(atPath: pages.path) {
            for name in names.sorted() where name.hasSuffix(".txt") {
                texts.append((name, Array(try Data(contentsOf: pages.appendingPathComponent(name)))))
            }
        }
        for (name, bytes) in texts {
            for locale in Self.locales { try expectSameAsICU(bytes, locale: locale, "\(name), \(locale)") }
        }
    }

    @Test("other locales and invalid input go to ICU alone")
    func fallbacks() throws {
        let bytes = Array("Dr. Weiß kam. z.B. hier".utf8) + [0xFF, 0xC3] + Array(". Ende.".utf8)
        for locale in ["de", "", "en", "en@ss=none"] { try expectSameAsICU(bytes, locale: locale, "locale \(locale)") }
    }
}
