import Foundation
@testable import PromptCompression
import TersifyTestSupport
import Testing

/// Differential tests of the ASCII word segmenter against ICU's word iterator.
@Suite("ASCII word breaks (against ICU)")
struct ASCIIWordBreaksTests {
    /// One byte of each class the rules tell apart, and some of the same
    /// class twice (a letter of each case, two kinds of "other").
    static let alphabet: [UInt8] = Array("aZ19_.':,;- \t\r\n@\"\u{0B}\u{0C}".utf8) + [0, 0x7F]

    /// A de Bruijn sequence: every string of `order` symbols of `alphabet`
    /// occurs in it once (cyclically), so every context of the rules (a
    /// byte, one before it and two after) is met.
    static func deBruijn(_ alphabet: [UInt8], order: Int) -> [UInt8] {
        let k = alphabet.count
        var a = [Int](repeating: 0, count: k * order)
        var sequence: [UInt8] = []
        func generate(_ t: Int, _ p: Int) {
            if t > order {
                if order % p == 0 { for j in 1...p { sequence.append(alphabet[a[j]]) } }
            } else {
                a[t] = a[t - p]
                generate(t + 1, p)
                for j in (a[t - p] + 1)..<k {
                    a[t] = j
                    generate(t + 1, t)
                }
            }
        }
        generate(1, 1)
        return sequence + sequence.prefix(order - 1)  // the cyclic wrap, spelled out
    }

    func expectSameAsICU(_ bytes: [UInt8], locale: String, _ comment: Comment) throws {
        try bytes.withUnsafeBufferPointer { buffer in
            let icu = try ICUBreaks.find(.word, in: buffer, locale: locale).get()
            let fast = try ICUBreaks.findWords(in: buffer, locale: locale).get()
            let same = fast.ends == icu.ends && fast.kinds == icu.kinds
            #expect(same, comment)  // the arrays are too long to print: the first difference follows
            guard !same else { return }
            // The first difference, readable.
            let shared = min(fast.ends.count, icu.ends.count)
            let index = (0..<shared).first { fast.ends[$0] != icu.ends[$0] || fast.kinds[$0] != icu.kinds[$0] } ?? shared
            let from = max(0, Int(index > 0 ? min(fast.ends[index - 1], icu.ends[index - 1]) : 0) - 8)
            let to = min(bytes.count, from + 40)
            Issue.record("\(comment): first difference at segment \(index), bytes \(from)..<\(to): \(String(decoding: bytes[from..<to], as: UTF8.self).debugDescription); fast \(fast.ends[index...].prefix(3)) \(fast.kinds[index...].prefix(3)), ICU \(icu.ends[index...].prefix(3)) \(icu.kinds[index...].prefix(3))")
        }
    }

    @Test("every four-byte context of the ASCII classes, for each locale the fast path serves",
          arguments: ASCIIWordBreaks.locales.sorted())
    func everyContext(locale: String) throws {
        let sequence = Self.deBruijn(Self.alphabet, order: 4)
        #expect(sequence.count == Self.alphabet.count * Self.alphabet.count * Self.alphabet.count * Self.alphabet.count + 3)
        try expectSameAsICU(sequence, locale: locale, "de Bruijn, locale \(locale.debugDescription)")
    }

    @Test("every three-byte sequence of ASCII bytes", arguments: ["", "en"])
    func everyASCIITriple(locale: String) throws {
        let sequence = Self.deBruijn((0..<128).map(UInt8.init), order: 3)
        #expect(sequence.count == 128 * 128 * 128 + 2)
        try expectSameAsICU(sequence, locale: locale, "all ASCII triples, locale \(locale.debugDescription)")
    }

    @Test("lines of ASCII beside lines of other scripts, seeded")
    func mixedLines() throws {
        var generator = SplitMix64(seed: 29)
        let pieces = ["word", "Word's", "e.g.", "3.14", "1,000", "a_b", "__", " ", "  ", "\t", "\n", "\r\n", "\n\n", ":", "-", "…",
                      "école", "Москва", "日本語の文", "中文", "👍🏽", "\u{200D}", "é", "l'été", "x:y", "U.S.A.", "\u{00A0}",
                      "\u{0301}", " \u{0301}", "e\u{0301}", "\u{00AD}", "’", "don’t", "—", "–", "«", "»", "“", "”", "שלום", "ภาษาไทย",
                      "👨\u{200D}👩", "\u{2060}", "\u{3000}", "1", "٣", "½", "a.b", "3,5", "Ü", "x\u{00AD}y", "\u{FEFF}", "\u{1F1EB}\u{1F1F7}"]
        for locale in ["", "en", "de", "ja", "zh"] {
            for _ in 0..<600 {
                let text = (0..<generator.below(120)).map { _ in generator.pick(pieces) }.joined()
                try expectSameAsICU(Array(text.utf8), locale: locale, "\(text.debugDescription), locale \(locale)")
            }
        }
    }

    @Test("the essays and the shipped sample segment as ICU segments them")
    func corpora() throws {
        var texts: [(String, [UInt8])] = []
        let sample = TestPaths.root.appendingPathComponent("corpora/samples/rag-prompt.txt")
        texts.append(("sample", Array(try Data(contentsOf: sample))))
        if let essays = try TwoStageCompressionTests.essays() {
            texts.append(("essays", essays))
        } else {
            #expect(!TestPaths.strict, "corpora missing")
        }
        for (name, bytes) in texts {
            try expectSameAsICU(bytes, locale: "en", "\(name)")
        }
        // NQ passages and HotpotQA paragraphs, non-ASCII letters, dashes and quotes among ASCII words.
        for file in ["nq-open-oracle.jsonl.gz", "hotpotqa-dev-distractor-500.jsonl.gz"] {
            guard let passages = try ProtectedSpanTests.corpusTexts(file) else {
                #expect(!TestPaths.strict, "corpora missing")
                continue
            }
            try expectSameAsICU(Array(passages.joined(separator: Array("\n".utf8))), locale: "en", "\(file)")
        }
    }

    @Test("a locale outside the list, and invalid input, go to ICU alone")
    func fallbacks() throws {
        #expect(!ASCIIWordBreaks.locales.contains("sv"))
        let bytes = Array("x:y a:b".utf8) + [0xFF, 0xC3] + Array(" end".utf8)
        for locale in ["sv", "fi", "en"] { try expectSameAsICU(bytes, locale: locale, "locale \(locale)") }
    }
}
