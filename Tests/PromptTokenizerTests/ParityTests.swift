import Foundation
import PromptTokenizer
import Testing

/// Token-for-token parity with tiktoken 0.14.0 on cl100k_base.
///
/// The live comparison runs tiktoken through `scripts/tiktoken-reference.py`
/// (CI installs it); the golden file, written from tiktoken's output with
/// `TERSIFY_UPDATE_GOLDEN=1`, covers the same cases where Python is missing.
@Suite("Parity with tiktoken", .serialized)
struct ParityTests {
    struct Computed {
        let cases: [ParityCase]
        let ours: [[TokenID]]
        let hasCorpora: Bool
    }

    static let computed: Computed = {
        let (cases, hasCorpora) = ParityCases.addingCorpora(
            to: ParityCases.generated() + ParityCases.crossings(TestEnvironment.cl100k) + ParityCases.codePointSweep())
        return Computed(cases: cases, ours: ParityComparison.ids(TestEnvironment.cl100k, cases), hasCorpora: hasCorpora)
    }()

    static let goldenURL = TestEnvironment.fixtures.appendingPathComponent("parity-golden.tsv")

    /// Runs tiktoken on the cases; nil when Python or tiktoken is missing.
    static func reference(_ cases: [ParityCase]) throws -> [[TokenID]]? {
        try TiktokenReference.encode(cases, encoding: "cl100k_base", vocabulary: TestEnvironment.vocabularyPath)
    }

    @Test("matches tiktoken on every case, when tiktoken is installed")
    func matchesTiktoken() throws {
        let computed = Self.computed
        if TestEnvironment.strict {
            #expect(computed.hasCorpora, "TERSIFY_STRICT_TESTS=1 but the corpora were not found (set TERSIFY_DATA)")
        }
        guard let reference = try Self.reference(computed.cases) else {
            TestEnvironment.referenceMissing("tiktoken")
            return
        }
        try #require(reference.count == computed.cases.count)
        try ParityGolden.writeIfAsked(Self.goldenURL, computed.cases, reference: reference)
        ParityComparison.expectSame(computed.ours, computed.cases, reference: reference, name: "cl100k_base")
    }

    @Test("matches the golden digests written from tiktoken's output")
    func matchesGoldenDigests() throws {
        let computed = Self.computed
        try ParityGolden.expectMatches(Self.goldenURL, computed.cases, ids: computed.ours)
    }
}
