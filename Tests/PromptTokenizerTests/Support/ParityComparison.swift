import PromptTokenizer
import Testing

/// Compares a tokenizer with a reference, case by case: its ids (each case
/// encoded as ordinary text, or with every special token allowed when it
/// says so) or its split into pieces. The first five differences are
/// recorded as issues, the count is expected to be zero, and one summary
/// line is printed.
enum ParityComparison {
    /// The tokenizer's ids for each case: ordinary text, or every special
    /// token allowed (an id no tokenizer has when that throws).
    static func ids(_ tokenizer: Tokenizer, _ cases: [ParityCase]) -> [[TokenID]] {
        cases.map { item in
            item.allowSpecial
                ? (try? tokenizer.encode(item.text, allowedSpecial: .all)) ?? [TokenID.max]
                : tokenizer.encodeOrdinary(item.text)
        }
    }

    /// Compares the tokenizer's ids with the reference's.
    ///
    /// - Returns: The number of cases whose ids differ.
    @discardableResult
    static func expectSame(
        _ tokenizer: Tokenizer, _ cases: [ParityCase], reference: [[TokenID]], name: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> Int {
        expectSame(ids(tokenizer, cases), cases, reference: reference, name: name, sourceLocation: sourceLocation)
    }

    /// Compares ids already computed (`ids`) with the reference's.
    ///
    /// - Returns: The number of cases whose ids differ.
    @discardableResult
    static func expectSame(
        _ ids: [[TokenID]], _ cases: [ParityCase], reference: [[TokenID]], name: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> Int {
        var mismatches = 0
        for (index, (ours, theirs)) in zip(ids, reference).enumerated() where ours != theirs {
            mismatches += 1
            if mismatches <= 5 {
                let item = cases[index]
                let first = zip(ours, theirs).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(ours.count, theirs.count)
                Issue.record("""
                    \(name) case \(index) (\(item.group)) differs at token \(first): \
                    ours \(Array(ours[first..<min(first + 6, ours.count)])), \
                    reference \(Array(theirs[first..<min(first + 6, theirs.count)])); \
                    text: \(String(reflecting: String(item.text.prefix(400))))
                    """, sourceLocation: sourceLocation)
            }
        }
        #expect(cases.count == reference.count, "the reference answered \(reference.count) of \(cases.count) cases", sourceLocation: sourceLocation)
        #expect(mismatches == 0, "\(mismatches) of \(cases.count) cases differ from the reference", sourceLocation: sourceLocation)
        print("\(name) parity: \(cases.count) cases, \(reference.reduce(0) { $0 + $1.count }) tokens compared, \(mismatches) differ")
        return mismatches
    }

    /// Compares the tokenizer's split of each case into pieces (the ends of
    /// its pieces, `_pieceEnds`) with the reference's.
    static func expectSameSplits(
        _ tokenizer: Tokenizer, _ cases: [ParityCase], reference: [[Int]], name: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        var mismatches = 0
        var pieces = 0
        for (item, theirs) in zip(cases, reference) {
            let bytes = Array(item.text.utf8)
            let ours = tokenizer._pieceEnds(bytes)
            pieces += theirs.count
            guard ours != theirs else { continue }
            mismatches += 1
            if mismatches <= 5 {
                func split(_ ends: [Int]) -> [String] {
                    var start = 0
                    return ends.prefix(12).map { end in
                        defer { start = end }
                        return String(decoding: bytes[start..<min(max(start, end), bytes.count)], as: UTF8.self)
                    }
                }
                Issue.record("""
                    \(name) \(item.group): \(String(reflecting: String(item.text.prefix(200)))) \
                    ours \(split(ours)), reference \(split(theirs))
                    """, sourceLocation: sourceLocation)
            }
        }
        #expect(cases.count == reference.count, "the reference answered \(reference.count) of \(cases.count) cases", sourceLocation: sourceLocation)
        #expect(mismatches == 0, "\(mismatches) of \(cases.count) cases split differently", sourceLocation: sourceLocation)
        print("\(name) split: \(cases.count) cases, \(pieces) pieces compared, \(mismatches) differ")
    }
}

extension ParityComparison {
    /// Compares the tokenizer with tiktoken's `encoding` through
    /// `scripts/tiktoken-reference.py`: its ids (`TiktokenReference.encode`),
    /// or with `pieces` its split, against the pattern run by the Python
    /// `regex` module (`TiktokenReference.pieceEnds`). When the reference
    /// cannot run, records that it is missing (`missing`: what to install;
    /// nil for tiktoken, and regex with `pieces`).
    static func expectSameAsTiktoken(
        _ tokenizer: Tokenizer, _ cases: [ParityCase], encoding: String, vocabulary: String, pieces: Bool = false,
        missing: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let answered: Bool
        if pieces {
            let reference = try TiktokenReference.pieceEnds(cases, encoding: encoding, vocabulary: vocabulary)
            if let reference { expectSameSplits(tokenizer, cases, reference: reference, name: encoding, sourceLocation: sourceLocation) }
            answered = reference != nil
        } else {
            let reference = try TiktokenReference.encode(cases, encoding: encoding, vocabulary: vocabulary)
            if let reference { expectSame(tokenizer, cases, reference: reference, name: encoding, sourceLocation: sourceLocation) }
            answered = reference != nil
        }
        if !answered {
            TestEnvironment.referenceMissing(missing ?? (pieces ? "tiktoken or regex" : "tiktoken"), sourceLocation: sourceLocation)
        }
    }
}
