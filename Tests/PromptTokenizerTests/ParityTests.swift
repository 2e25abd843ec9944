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
        var cases = ParityCases.generated() + ParityCases.crossings(TestEnvironment.cl100k) + ParityCases.codePointSweep()
        var hasCorpora = false
        if let folder = TestEnvironment.dataDirectory, let corpora = try? ParityCases.corpora(folder) {
            cases += corpora
            hasCorpora = true
        }
        let tokenizer = TestEnvironment.cl100k
        let ours = cases.map { item in
            item.allowSpecial
                ? (try? tokenizer.encode(item.text, allowedSpecial: .all)) ?? [TokenID.max]
                : tokenizer.encodeOrdinary(item.text)
        }
        return Computed(cases: cases, ours: ours, hasCorpora: hasCorpora)
    }()

    static let goldenURL = TestEnvironment.fixtures.appendingPathComponent("parity-golden.tsv")

    /// Group → "cases tokens digest", in order of first appearance.
    static func digests(_ cases: [ParityCase], _ ids: [[TokenID]]) -> [(String, String)] {
        var order: [String] = []
        var table: [String: (cases: Int, tokens: Int, hash: UInt64)] = [:]
        for (item, ids) in zip(cases, ids) {
            if table[item.group] == nil {
                order.append(item.group)
                table[item.group] = (0, 0, 0xCBF2_9CE4_8422_2325)
            }
            var entry = table[item.group]!
            entry.cases += 1
            entry.tokens += ids.count
            digest(ids, into: &entry.hash)
            table[item.group] = entry
        }
        return order.map { group in
            let entry = table[group]!
            return (group, "\(entry.cases)\t\(entry.tokens)\t\(String(entry.hash, radix: 16))")
        }
    }

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
            #expect(!TestEnvironment.strict, "TERSIFY_STRICT_TESTS=1 but tiktoken is not installed")
            return
        }
        try #require(reference.count == computed.cases.count)
        if ProcessInfo.processInfo.environment["TERSIFY_UPDATE_GOLDEN"] == "1" {
            let lines = Self.digests(computed.cases, reference).map { "\($0.0)\t\($0.1)" }
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
                    text near there: \(String(reflecting: String(item.text.prefix(400))))
                    """)
            }
        }
        #expect(mismatches == 0, "\(mismatches) of \(computed.cases.count) cases differ from tiktoken")
        let tokens = reference.reduce(0) { $0 + $1.count }
        print("parity: \(computed.cases.count) cases, \(tokens) tokens compared with tiktoken, \(mismatches) differ")
    }

    @Test("matches the golden digests written from tiktoken's output")
    func matchesGoldenDigests() throws {
        let computed = Self.computed
        let text = try String(contentsOf: Self.goldenURL, encoding: .utf8)
        var golden: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t", maxSplits: 1)
            golden[String(fields[0])] = String(fields[1])
        }
        var checked = 0
        for (group, value) in Self.digests(computed.cases, computed.ours) {
            guard let expected = golden[group] else {
                Issue.record("group \(group) is missing from parity-golden.tsv")
                continue
            }
            #expect(value == expected, "group \(group): ours \(value), tiktoken \(expected)")
            checked += 1
        }
        #expect(checked > 200)
    }
}
