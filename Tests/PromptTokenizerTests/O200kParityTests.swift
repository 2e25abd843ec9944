import Foundation
import PromptTokenizer
import Testing

/// Token-for-token parity with tiktoken 0.14.0 on o200k_base, and the split
/// scanner against a regex engine running the pattern.
///
/// The live comparisons run tiktoken (`tiktoken.get_encoding("o200k_base")`
/// on the cached file) through `scripts/tiktoken-reference.py`; the golden
/// file, written from tiktoken's output with `TERSIFY_UPDATE_GOLDEN=1`, covers
/// the same cases where Python is missing. Without the vocabulary in the
/// cache the suite is skipped, and fails under `TERSIFY_STRICT_TESTS=1`.
@Suite("Parity with tiktoken on o200k_base", .serialized)
struct O200kParityTests {
    struct Computed {
        let tokenizer: Tokenizer
        let cases: [ParityCase]
        let ours: [[TokenID]]
        let hasCorpora: Bool
    }

    /// Seeded strings across scripts, every class boundary of the pattern,
    /// characters that tokens join, every code point, and the corpora.
    static let computed: Computed? = {
        guard let tokenizer = TestEnvironment.o200k else { return nil }
        var cases = ParityCases.generated() + ParityCases.classBoundaries()
            + ParityCases.crossings(tokenizer)
            + ParityCases.codePointSweep(context: ParityCases.o200kContext)
        var hasCorpora = false
        if let folder = TestEnvironment.dataDirectory, let corpora = try? ParityCases.corpora(folder) {
            cases += corpora
            hasCorpora = true
        }
        let ours = cases.map { item in
            item.allowSpecial
                ? (try? tokenizer.encode(item.text, allowedSpecial: .all)) ?? [TokenID.max]
                : tokenizer.encodeOrdinary(item.text)
        }
        return Computed(tokenizer: tokenizer, cases: cases, ours: ours, hasCorpora: hasCorpora)
    }()

    static let goldenURL = TestEnvironment.fixtures.appendingPathComponent("parity-golden-o200k.tsv")

    /// The computed cases, or nil after recording a failure under strict tests.
    static func required() -> Computed? {
        guard let computed else {
            #expect(!TestEnvironment.strict, "TERSIFY_STRICT_TESTS=1 but o200k_base.tiktoken is not in the cache (run scripts/fetch-vocabulary.sh --all)")
            return nil
        }
        return computed
    }

    @Test("matches tiktoken on every case, when tiktoken is installed")
    func matchesTiktoken() throws {
        guard let computed = Self.required() else { return }
        if TestEnvironment.strict {
            #expect(computed.hasCorpora, "TERSIFY_STRICT_TESTS=1 but the corpora were not found (set TERSIFY_DATA)")
        }
        guard let reference = try TiktokenReference.encode(
            computed.cases, encoding: "o200k_base", vocabulary: TestEnvironment.o200kVocabularyPath)
        else {
            #expect(!TestEnvironment.strict, "TERSIFY_STRICT_TESTS=1 but tiktoken is not installed")
            return
        }
        if ProcessInfo.processInfo.environment["TERSIFY_UPDATE_GOLDEN"] == "1" {
            let lines = ParityTests.digests(computed.cases, reference).map { "\($0.0)\t\($0.1)" }
            try (lines.joined(separator: "\n") + "\n").write(to: Self.goldenURL, atomically: true, encoding: .utf8)
        }
        var mismatches = 0
        for (index, item) in computed.cases.enumerated() where computed.ours[index] != reference[index] {
            mismatches += 1
            if mismatches <= 5 {
                let ours = computed.ours[index], theirs = reference[index]
                let first = zip(ours, theirs).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(ours.count, theirs.count)
                Issue.record("""
                    case \(index) (\(item.group)) differs at token \(first): \
                    ours \(Array(ours[first..<min(first + 6, ours.count)])), \
                    tiktoken \(Array(theirs[first..<min(first + 6, theirs.count)])); \
                    text: \(String(reflecting: String(item.text.prefix(400))))
                    """)
            }
        }
        #expect(mismatches == 0, "\(mismatches) of \(computed.cases.count) cases differ from tiktoken")
        let tokens = reference.reduce(0) { $0 + $1.count }
        print("o200k parity: \(computed.cases.count) cases, \(tokens) tokens compared with tiktoken, \(mismatches) differ")
    }

    @Test("splits like the pattern run by a regex engine, on every generated case and the corpora")
    func splitMatchesRegex() throws {
        guard let computed = Self.required() else { return }
        // Not the code point sweep: the Python `regex` module may be of a
        // later Unicode version than tiktoken's 16.0 (code points assigned
        // since then), which the sweep's comparison with tiktoken covers.
        let cases = computed.cases.filter { !$0.group.hasPrefix("codepoints") }
        guard let reference = try TiktokenReference.pieceEnds(
            cases, encoding: "o200k_base", vocabulary: TestEnvironment.o200kVocabularyPath)
        else {
            #expect(!TestEnvironment.strict, "TERSIFY_STRICT_TESTS=1 but tiktoken or regex is not installed")
            return
        }
        var mismatches = 0
        var pieces = 0
        for (item, theirs) in zip(cases, reference) {
            let bytes = Array(item.text.utf8)
            let ours = computed.tokenizer._pieceEnds(bytes)
            pieces += theirs.count
            guard ours != theirs else { continue }
            mismatches += 1
            if mismatches <= 5 {
                func split(_ ends: [Int]) -> [String] {
                    var start = 0
                    return ends.prefix(12).map { end in
                        defer { start = end }
                        return String(decoding: bytes[start..<end], as: UTF8.self)
                    }
                }
                Issue.record("""
                    \(item.group): \(String(reflecting: String(item.text.prefix(200)))) \
                    ours \(split(ours)), regex \(split(theirs))
                    """)
            }
        }
        #expect(mismatches == 0, "\(mismatches) of \(cases.count) cases split differently")
        print("o200k split: \(cases.count) cases, \(pieces) pieces compared with the regex module, \(mismatches) differ")
    }

    @Test("matches the golden digests written from tiktoken's output")
    func matchesGoldenDigests() throws {
        guard let computed = Self.required() else { return }
        let text = try String(contentsOf: Self.goldenURL, encoding: .utf8)
        var golden: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t", maxSplits: 1)
            golden[String(fields[0])] = String(fields[1])
        }
        var checked = 0
        for (group, value) in ParityTests.digests(computed.cases, computed.ours) {
            guard let expected = golden[group] else {
                Issue.record("group \(group) is missing from parity-golden-o200k.tsv")
                continue
            }
            #expect(value == expected, "group \(group): ours \(value), tiktoken \(expected)")
            checked += 1
        }
        #expect(checked > 200)
    }
}
