// Ranking notes (query-free order, the 49 essays of `tersify bench
// --tasks essays` at 4x; recall of the input's numbers, names and content
// words as `ProseMetrics` counts them; head+tail: 44.4, 33.4 and 25.1 %):
//
// - Figures and names weigh in because information alone (distinct-word
//   IDF over the square root of length) dropped them more than a cut does:
//   numbers 17.8 %, names 24.4 %, content words 26.0 %. With these
//   weights: 49.9 %, 41.9 % and 25.6 %.
// - The weights sit on a plateau, not a peak: figure weights of 2.5 to 5
//   with name weights of 2.5 to 6 all beat head+tail on both (numbers
//   46.6–56.1 %, names 35.8–45.6 %, content words 25.4–25.6 %). A name
//   weight of 2 is at the edge (names 33.1–34.0 %), a figure weight of 2
//   below it (numbers 42.9 %).
// - Every figure and name counts, uncapped: at most 2 or 3 a sentence cost
//   names 4 to 8 points.
// - The opening sentence counts three times, because an essay's date line
//   runs into it ("July 2010What …"): numbers 38.4 % without, 49.9 % with
//   (a factor of 2, 3 or 5 alike: it is then always kept).
// - Length stays under a square root: a power of 0.6 kept more figures
//   (59.0 %) but fewer content words (25.3 %), 0.45 fewer of both.
// - Footnote markers (`[3]`) are not figures: they point at a note and say
//   nothing alone, though counting them gained numbers 2 points.
// - "I" is not a name, though `ProseMetrics` counts it as one.
// - Tried and left out: lowering the scores of a pick's neighbours to
//   spread the kept sentences over the text (numbers 3.3 and names 1.3
//   points fewer), and a bonus for each paragraph's first sentence (under
//   a point either way).

/// What makes a sentence worth keeping beyond its words' rarity: the
/// figures and names in it.
///
/// A figure is a run of ASCII digits (with `,` or `.` between digits), not
/// a bracketed footnote marker such as `[3]`. A name is a word of two
/// letters or more starting with an ASCII capital that is not the
/// sentence's first word and does not follow `.`, `!`, `?` or `:`.
///
///     Salience(bytes, range)   // "In 1998 Viaweb was sold to Yahoo." -> figures 1, names 2
struct Salience {
    /// How many IDF units of a term found in one sentence a figure adds.
    static let figureWeight = 3.0
    /// How many such units a name adds.
    static let nameWeight = 4.0
    /// The factor of the text's first sentence.
    static let openingFactor = 3.0

    var figures = 0
    var names = 0

    /// Counts the figures and names of `range` in `bytes`.
    ///
    /// - Complexity: O(n) in the range's bytes.
    init(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        let end = range.upperBound
        var i = range.lowerBound
        // The start of the sentence reads as after a full stop.
        var previous = UInt8(ascii: ".")
        var sawWord = false
        while i < end {
            let byte = bytes[i]
            if Self.isDigit(byte) {
                let start = i
                while i < end && (Self.isDigit(bytes[i])
                    || ((bytes[i] == UInt8(ascii: ",") || bytes[i] == UInt8(ascii: ".")) && i + 1 < end && Self.isDigit(bytes[i + 1]))) {
                    i += 1
                }
                let marker = start > range.lowerBound && bytes[start - 1] == UInt8(ascii: "[") && i < end && bytes[i] == UInt8(ascii: "]")
                if !marker { figures += 1 }
                previous = bytes[i - 1]
                sawWord = true
                continue
            }
            if Self.isLetter(byte) {
                let start = i
                while i < end && (Self.isLetter(bytes[i]) || bytes[i] == UInt8(ascii: "'")) { i += 1 }
                let afterStop = previous == UInt8(ascii: ".") || previous == UInt8(ascii: "!")
                    || previous == UInt8(ascii: "?") || previous == UInt8(ascii: ":")
                if Self.isCapital(byte) && i - start >= 2 && sawWord && !afterStop { names += 1 }
                previous = bytes[i - 1]
                sawWord = true
                continue
            }
            if byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\n") && byte != UInt8(ascii: "\r") && byte != UInt8(ascii: "\t") {
                previous = byte
            }
            i += 1
        }
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    @inline(__always)
    static func isCapital(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") }

    /// An ASCII letter, or a byte of a multi-byte UTF-8 character (read as part of a word).
    @inline(__always)
    static func isLetter(_ byte: UInt8) -> Bool { isCapital(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || byte >= 0x80 }
}
