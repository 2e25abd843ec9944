import Foundation
import PromptTokenizer
import Testing

/// A golden file of the reference's ids: one line a group of cases,
/// `group<TAB>cases<TAB>tokens<TAB>digest` (FNV-1a over the ids), written
/// from the reference's output with `TERSIFY_UPDATE_GOLDEN=1`, so that the
/// parity suites check the same cases where the reference is missing.
enum ParityGolden {
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

    /// Writes the reference's digests to `url` when `TERSIFY_UPDATE_GOLDEN=1`.
    static func writeIfAsked(_ url: URL, _ cases: [ParityCase], reference: [[TokenID]]) throws {
        guard ProcessInfo.processInfo.environment["TERSIFY_UPDATE_GOLDEN"] == "1" else { return }
        let lines = digests(cases, reference).map { "\($0.0)\t\($0.1)" }
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
    }

    /// Expects every group's digest of `ids` to be the golden file's, and
    /// more than 200 groups checked.
    static func expectMatches(
        _ url: URL, _ cases: [ParityCase], ids: [[TokenID]], sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let text = try String(contentsOf: url, encoding: .utf8)
        var golden: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t", maxSplits: 1)
            golden[String(fields[0])] = String(fields[1])
        }
        var checked = 0
        for (group, value) in digests(cases, ids) {
            guard let expected = golden[group] else {
                Issue.record("group \(group) is missing from \(url.lastPathComponent)", sourceLocation: sourceLocation)
                continue
            }
            #expect(value == expected, "group \(group): ours \(value), reference \(expected)", sourceLocation: sourceLocation)
            checked += 1
        }
        #expect(checked > 200, sourceLocation: sourceLocation)
    }
}
