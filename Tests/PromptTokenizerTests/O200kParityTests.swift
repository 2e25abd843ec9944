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
        let (cases, hasCorpora) = ParityCases.addingCorpora(
            to: ParityCases.generated() + ParityCases.classBoundaries() + ParityCases.crossings(tokenizer)
                + ParityCases.codePointSweep(context: ParityCases.o200kContext))
        return Computed(tokenizer: tokenizer, cases: cases, ours: ParityComparison.ids(tokenizer, cases), hasCorpora: hasCorpora)
    }()

    static let goldenURL = TestEnvironment.fixtures.appendingPathComponent("parity-golden-o200k.tsv")

    /// The computed cases, or nil after recording a failure under strict tests.
    static func required() -> Computed? {
        TestEnvironment.required(computed, file: "o200k_base.tiktoken")
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
            TestEnvironment.referenceMissing("tiktoken")
            return
        }
        try ParityGolden.writeIfAsked(Self.goldenURL, computed.cases, reference: reference)
        ParityComparison.expectSame(computed.ours, computed.cases, reference: reference, name: "o200k_base")
    }

    @Test("splits like the pattern run by a regex engine, on every generated case and the corpora")
    func splitMatchesRegex() throws {
        guard let computed = Self.required() else { return }
        // Not the code point sweep: the Python `regex` module may be of a
        // later Unicode version than tiktoken's 16.0 (code points assigned
        // since then), which the sweep's comparison with tiktoken covers.
        let cases = computed.cases.filter { !$0.group.hasPrefix("codepoints") }
        try ParityComparison.expectSameAsTiktoken(
            computed.tokenizer, cases, encoding: "o200k_base", vocabulary: TestEnvironment.o200kVocabularyPath, pieces: true)
    }

    @Test("matches the golden digests written from tiktoken's output")
    func matchesGoldenDigests() throws {
        guard let computed = Self.required() else { return }
        try ParityGolden.expectMatches(Self.goldenURL, computed.cases, ids: computed.ours)
    }
}
