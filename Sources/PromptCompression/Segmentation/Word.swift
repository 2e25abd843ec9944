/// A word segment: a byte range of the UTF-8 text and what ICU says it is.
///
/// Words and the spaces and punctuation between them are all segments, so
/// the segments of a text cover it; `kind` tells them apart.
///
///     try Segmenter().words(in: "Hi, 42")
///     // [0..<2 .letters, 2..<3 .other, 3..<4 .other, 4..<6 .number]
public struct Word: Hashable, Sendable, CustomStringConvertible {
    /// What a segment is made of, from ICU's word-break rule status
    /// (`ubrk_getRuleStatus`).
    ///
    /// The raw values are the C shim's `tersify_word_kind`.
    public enum Kind: UInt8, Sendable, CaseIterable {
        /// Spaces, punctuation, symbols and emoji (`UBRK_WORD_NONE`).
        case other = 0
        /// A number, such as "42" or "3.14" (`UBRK_WORD_NUMBER`).
        case number = 1
        /// Letters, such as "It's" or "e.g" (`UBRK_WORD_LETTER`).
        case letters = 2
        /// Kana (`UBRK_WORD_KANA`). ICU 72 does not report it for text that
        /// its CJK dictionary segments: Japanese words, kana ones included,
        /// come out `.ideographic`.
        case kana = 3
        /// Ideographs, and every word of ICU's CJK dictionary (`UBRK_WORD_IDEO`).
        case ideographic = 4
    }

    /// The segment's bytes in the UTF-8 text.
    public var range: Range<Int>
    /// What the segment is made of.
    public var kind: Kind

    /// Creates a segment.
    public init(range: Range<Int>, kind: Kind) {
        self.range = range
        self.kind = kind
    }

    /// Whether the segment is a word (letters, a number, kana or ideographs)
    /// rather than spaces or punctuation.
    public var isWord: Bool { kind != .other }

    public var description: String { "\(range.lowerBound)..<\(range.upperBound) .\(kind)" }
}
