import PromptTokenizer
import Testing

/// Compares a tokenizer's ids with a reference's, case by case: each case
/// is encoded as ordinary text, or with every special token allowed when
/// it says so. The first five differences are recorded as issues, the count
/// is expected to be zero, and one summary line is printed.
enum ParityComparison {
    /// - Returns: The number of cases whose ids differ.
    @discardableResult
    static func expectSame(
        _ tokenizer: Tokenizer, _ cases: [ParityCase], reference: [[TokenID]], name: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> Int {
        var mismatches = 0
        for (item, theirs) in zip(cases, reference) {
            let ours = item.allowSpecial
                ? (try? tokenizer.encode(item.text, allowedSpecial: .all)) ?? [TokenID.max]
                : tokenizer.encodeOrdinary(item.text)
            guard ours != theirs else { continue }
            mismatches += 1
            if mismatches <= 5 {
                Issue.record(
                    "\(name) \(item.group): ours \(ours.prefix(16)), reference \(theirs.prefix(16)); text \(String(reflecting: String(item.text.prefix(200))))",
                    sourceLocation: sourceLocation)
            }
        }
        #expect(cases.count == reference.count, "the reference answered \(reference.count) of \(cases.count) cases", sourceLocation: sourceLocation)
        #expect(mismatches == 0, "\(mismatches) of \(cases.count) cases differ from the reference", sourceLocation: sourceLocation)
        print("\(name) parity: \(cases.count) cases, \(reference.reduce(0) { $0 + $1.count }) tokens compared, \(mismatches) differ")
        return mismatches
    }
}
