extension Segmenter {
    /// The sentences of a text, as byte ranges into its UTF-8 form.
    ///
    /// The ranges cover the text in order: each starts where the one before it
    /// ends, the first at 0 and the last ends at `text.utf8.count`. Spaces and
    /// line breaks after a sentence belong to it.
    ///
    ///     let text = "Dr. Smith went to Washington. He arrived at 5 p.m. on Monday."
    ///     try Segmenter().sentences(in: text)   // [0..<30, 30..<61]
    ///
    /// - Parameter text: The text.
    /// - Returns: The sentence ranges; empty for empty text.
    /// - Throws: `CompressionError.icuFailure` if ICU fails (a malformed
    ///   locale), `.inputTooLarge` for texts of 2 GiB or more,
    ///   `.invalidLocale` for a locale with a NUL character.
    /// - Complexity: O(n) in the length of the text.
    public func sentences(in text: String) throws(CompressionError) -> [Range<Int>] {
        if let result = text.utf8.withContiguousStorageIfAvailable({ _sentences($0) }) {
            return try result.get()
        }
        return try _sentencesOfBridgedString(text).get()
    }

    /// The sentences of UTF-8 bytes, as byte ranges.
    ///
    /// Invalid UTF-8 is allowed: each ill-formed sequence reads as U+FFFD,
    /// and the ranges still cover every byte in order.
    ///
    /// - Parameter utf8: The text's UTF-8 bytes.
    /// - Returns: The sentence ranges; empty for empty input.
    /// - Throws: See `sentences(in:)` for a `String`.
    /// - Complexity: O(n) in the number of bytes.
    public func sentences(in utf8: [UInt8]) throws(CompressionError) -> [Range<Int>] {
        try utf8.withUnsafeBufferPointer { _sentences($0) }.get()
    }

    /// The sentences of UTF-8 bytes in memory, as byte ranges.
    ///
    /// - Parameter utf8: The text's UTF-8 bytes; invalid UTF-8 is allowed.
    /// - Returns: The sentence ranges; empty for empty input.
    /// - Throws: See `sentences(in:)` for a `String`.
    /// - Complexity: O(n) in the number of bytes.
    public func sentences(in utf8: UnsafeBufferPointer<UInt8>) throws(CompressionError) -> [Range<Int>] {
        try _sentences(utf8).get()
    }

    @inline(never)
    func _sentencesOfBridgedString(_ text: String) -> Result<[Range<Int>], CompressionError> {
        Array(text.utf8).withUnsafeBufferPointer { _sentences($0) }
    }

    /// ICU's sentence ends, repaired by Tersify's rules when they apply, as ranges.
    func _sentences(_ text: UnsafeBufferPointer<UInt8>) -> Result<[Range<Int>], CompressionError> {
        ICUBreaks.findSentences(in: text, locale: _sentenceLocale, joinBlank: sentenceRules == .tersify).map { breaks in
            let ends = sentenceRules == .tersify
                ? SentenceRepair(text: text, abbreviations: _abbreviations).repair(breaks.ends)
                : breaks.ends.map { Int($0) }
            var ranges: [Range<Int>] = []
            ranges.reserveCapacity(ends.count)
            var start = 0
            for end in ends {
                ranges.append(start..<end)
                start = end
            }
            return ranges
        }
    }
}
