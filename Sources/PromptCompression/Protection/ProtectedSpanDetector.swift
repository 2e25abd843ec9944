import Foundation

/// Finds the spans of a prompt that compression must not alter: code, links,
/// numbers, dates, identifiers, JSON and markup, `<keep>` regions, the
/// question, and matches of the user's own patterns.
///
///     let detector = ProtectedSpanDetector()
///     let text = "Deploy `main` to https://example.com by 2024-03-14, budget $5,000."
///     let bytes = Array(text.utf8)                  // ranges are UTF-8 byte offsets
///     for span in try detector.spans(in: text) {
///         print(span.kind, String(decoding: bytes[span.range], as: UTF8.self))
///     }
///     // inlineCode `main`, url https://example.com, date 2024-03-14, number $5,000
///
///     var rules = ProtectionRules(customPatterns: [#"ticket-\d+"#])
///     let custom = try ProtectedSpanDetector(rules: rules)   // throws for a bad pattern
///     try custom.spans(in: prompt, question: questionRange)  // the question as .question
///
/// The built-in kinds are found by hand-written scanners over the UTF-8
/// bytes, in one pass after a line pass for fenced code and `<keep>` tags
/// (see each `ProtectedSpan.Kind` and `SpanScanner`). Custom patterns run
/// through ICU's regular expressions (the engine behind
/// `NSRegularExpression`, through CICU) under a time and a memory limit
/// that grow with the text, so that a pattern that backtracks without end
/// fails fast instead of running for hours (`CompiledPattern`). The
/// result is sorted with overlapping spans merged (`ProtectedSpans`).
///
/// A detector is an immutable `Sendable` value: create it once (the custom
/// patterns are compiled then) and use it from any thread. The same text
/// and rules always give the same spans.
public struct ProtectedSpanDetector: Sendable {
    /// What is protected.
    public let rules: ProtectionRules
    /// The custom patterns, compiled, in the order of `rules.customPatterns`.
    let _patterns: [CompiledPattern]

    /// Creates a detector of every built-in kind, with no custom patterns.
    public init() {
        rules = ProtectionRules()
        _patterns = []
    }

    /// Creates a detector of the given built-in kinds, with no custom patterns.
    public init(kinds: ProtectionRules.Kinds) {
        rules = ProtectionRules(kinds: kinds)
        _patterns = []
    }

    /// Creates a detector, compiling the custom patterns.
    ///
    /// - Parameter rules: What to protect; every built-in kind by default.
    /// - Throws: `CompressionError.invalidProtectionPattern` naming the first
    ///   custom pattern that is not a valid regular expression.
    public init(rules: ProtectionRules = .init()) throws(CompressionError) {
        self.rules = rules
        var patterns: [CompiledPattern] = []
        for pattern in rules.customPatterns {
            patterns.append(try CompiledPattern(pattern))
        }
        _patterns = patterns
    }

    /// The protected spans of a text.
    ///
    /// - Parameters:
    ///   - text: The text.
    ///   - question: The byte range of the question in the text's UTF-8
    ///     form, protected as `.question` (when `rules.kinds` has it); nil
    ///     when the text has no question.
    /// - Returns: The spans, as byte ranges of `text.utf8`, and the `<keep>`
    ///   markers.
    /// - Throws: `CompressionError.protectionPatternTooCostly` naming a
    ///   custom pattern whose search exceeds its limits on this text (never
    ///   without custom patterns).
    /// - Precondition: `question` lies within the text.
    /// - Complexity: O(n) for n bytes with the built-in kinds (plus sorting
    ///   the spans); custom patterns cost what their regular expressions
    ///   cost, at most their limits: about 0.3 s plus 0.15 s a MB each.
    public func spans(in text: String, question: Range<Int>? = nil) throws(CompressionError) -> ProtectedSpans {
        let result = text.utf8.withContiguousStorageIfAvailable { buffer in
            Result { () throws(CompressionError) in try _spans(in: buffer, question: question) }
        }
        if let result { return try result.get() }
        return try _spansOfBridgedString(text, question: question)
    }

    /// The protected spans of UTF-8 bytes.
    ///
    /// Invalid UTF-8 is allowed: no recognizer matches it, the ranges stay
    /// within the bytes, and custom patterns see each ill-formed
    /// subsequence as one U+FFFD.
    ///
    /// - Parameters:
    ///   - utf8: The text's bytes.
    ///   - question: The byte range of the question, or nil.
    /// - Returns: The spans and the `<keep>` markers.
    /// - Throws: See `spans(in:question:)` for a `String`.
    /// - Precondition: `question` lies within the bytes.
    /// - Complexity: See `spans(in:question:)` for a `String`.
    public func spans(in utf8: [UInt8], question: Range<Int>? = nil) throws(CompressionError) -> ProtectedSpans {
        try utf8.withUnsafeBufferPointer { buffer in
            Result { () throws(CompressionError) in try _spans(in: buffer, question: question) }
        }.get()
    }

    /// The protected spans of UTF-8 bytes in memory.
    ///
    /// - Parameters:
    ///   - utf8: The text's bytes; invalid UTF-8 is allowed.
    ///   - question: The byte range of the question, or nil.
    /// - Returns: The spans and the `<keep>` markers.
    /// - Throws: See `spans(in:question:)` for a `String`.
    /// - Precondition: `question` lies within the bytes.
    /// - Complexity: See `spans(in:question:)` for a `String`.
    public func spans(in utf8: UnsafeBufferPointer<UInt8>, question: Range<Int>? = nil) throws(CompressionError) -> ProtectedSpans {
        try _spans(in: utf8, question: question)
    }

    @inline(never)
    func _spansOfBridgedString(_ text: String, question: Range<Int>?) throws(CompressionError) -> ProtectedSpans {
        try spans(in: Array(text.utf8), question: question)
    }

    func _spans(in text: UnsafeBufferPointer<UInt8>, question: Range<Int>?) throws(CompressionError) -> ProtectedSpans {
        if let question {
            precondition(question.lowerBound >= 0 && question.upperBound <= text.count,
                         "question range \(question) is outside the text of \(text.count) bytes")
        }
        var scanner = SpanScanner(text: text, kinds: rules.kinds)
        scanner.scan()
        if let question, rules.kinds.contains(.question), !question.isEmpty {
            scanner.spans.append(ProtectedSpan(range: question, kind: .question))
        }
        for pattern in _patterns {
            try pattern.appendMatches(in: text, to: &scanner.spans)
        }
        // Handed over, not shared, so that merging sorts them in place.
        let spans = scanner.spans
        scanner.spans = []
        return ProtectedSpans(spans: consume spans, keepMarkers: scanner.keepMarkers)
    }
}
