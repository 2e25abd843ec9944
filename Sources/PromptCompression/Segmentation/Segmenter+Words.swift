extension Segmenter {
    /// The word segments of a text: words, and the spaces and punctuation
    /// between them, as byte ranges into its UTF-8 form with their kinds.
    ///
    /// The ranges cover the text in order. Chinese and Japanese are split into
    /// dictionary words:
    ///
    ///     try Segmenter().words(in: "Hi 42")
    ///     // [0..<2 .letters, 2..<3 .other, 3..<5 .number]
    ///     try Segmenter(locale: "zh").words(in: "我们今天去北京。").map(\.kind)
    ///     // 我们 今天 去 北京 are .ideographic, 。 is .other
    ///
    /// - Parameter text: The text.
    /// - Returns: The segments; empty for empty text.
    /// - Throws: `CompressionError.icuFailure` if ICU fails (a malformed
    ///   locale), `.inputTooLarge` for texts of 2 GiB or more,
    ///   `.invalidLocale` for a locale with a NUL character.
    /// - Complexity: O(n) in the length of the text.
    public func words(in text: String) throws(CompressionError) -> [Word] {
        if let result = text.utf8.withContiguousStorageIfAvailable({ _words($0) }) {
            return try result.get()
        }
        return try _wordsOfBridgedString(text).get()
    }

    /// The word segments of UTF-8 bytes.
    ///
    /// - Parameter utf8: The text's UTF-8 bytes; invalid UTF-8 is allowed
    ///   (each ill-formed sequence reads as U+FFFD).
    /// - Returns: The segments; empty for empty input.
    /// - Throws: See `words(in:)` for a `String`.
    /// - Complexity: O(n) in the number of bytes.
    public func words(in utf8: [UInt8]) throws(CompressionError) -> [Word] {
        try utf8.withUnsafeBufferPointer { _words($0) }.get()
    }

    /// The word segments of UTF-8 bytes in memory.
    ///
    /// - Parameter utf8: The text's UTF-8 bytes; invalid UTF-8 is allowed.
    /// - Returns: The segments; empty for empty input.
    /// - Throws: See `words(in:)` for a `String`.
    /// - Complexity: O(n) in the number of bytes.
    public func words(in utf8: UnsafeBufferPointer<UInt8>) throws(CompressionError) -> [Word] {
        try _words(utf8).get()
    }

    @inline(never)
    func _wordsOfBridgedString(_ text: String) -> Result<[Word], CompressionError> {
        Array(text.utf8).withUnsafeBufferPointer { _words($0) }
    }

    func _words(_ text: UnsafeBufferPointer<UInt8>) -> Result<[Word], CompressionError> {
        ICUBreaks.findWords(in: text, locale: locale).map { breaks in
            var words: [Word] = []
            words.reserveCapacity(breaks.ends.count)
            var start = 0
            for (end, kind) in zip(breaks.ends, breaks.kinds) {
                words.append(Word(range: start..<Int(end), kind: Word.Kind(rawValue: kind) ?? .other))
                start = Int(end)
            }
            return words
        }
    }
}
