#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Performance notes (callgrind, `tersify-benchmarks prompts --profile`):
//
// - ASCII text goes through the byte loop below, because ICU's sentence
//   iterator (with its suppression filter) cost about 110 instructions a
//   byte, 4.9 M of the NQ 10k prompt's 37.6 M; now 1.4 M in all.
// - Bytes that end no sentence are passed by one mask test, because the
//   class switch a byte made the loop 0.63 M there; 0.38 M with the mask.
// - Lines with other bytes are cut into pieces (`findSentences`), because
//   NQ passages with one `é` went to ICU whole: ICU's share 1.32 to 0.51 M.
// - A line can be segmented on its own: UAX #29 breaks after every line
//   feed (SB4), ICU's iterator starts afresh after a break, and no
//   suppression reaches across a line feed (none holds one), so the
//   sentences of the lines are those of the whole. The differential tests
//   (`ASCIISentenceBreaksTests`) compare mixed texts against ICU.

/// ICU's sentence ends of ASCII text, found without ICU.
///
/// For ASCII, UAX #29's sentence rules (which ICU's root rules implement)
/// come down to: a break after a line feed, a carriage return, or both
/// (SB3, SB4); and after a terminator (`.`, `?`, `!`), the closers after it
/// (`"`, `'`, brackets) and spaces (space, tab, VT, FF), unless
///
///     "." digit                      SB6
///     letter "." capital             SB7
///     "." closers spaces … lowercase SB8 (no letter, line break or terminator between)
///     terminator closers spaces [,-:.?!]   SB8a
///
/// and a line break after the spaces belongs to the sentence (SB9-11).
/// ICU's `ss=standard` suppressions then drop some of these breaks
/// (`SentenceSuppressions`). These were measured by the differential tests
/// (`ASCIISentenceBreaksTests`): every sequence of four bytes of the
/// classes, every ASCII triple, seeded texts of abbreviations, the corpora.
enum ASCIISentenceBreaks {
    private static let other: UInt8 = 0, lineFeed: UInt8 = 1, carriageReturn: UInt8 = 2, space: UInt8 = 3
    private static let lower: UInt8 = 4, upper: UInt8 = 5, numeric: UInt8 = 6, fullStop: UInt8 = 7
    private static let terminator: UInt8 = 8, close: UInt8 = 9, continuation: UInt8 = 10

    /// The UAX #29 sentence class of an ASCII byte.
    @inline(__always)
    private static func sentenceClass(_ byte: UInt8) -> UInt8 {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return lower
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return upper
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return numeric
        case UInt8(ascii: " "), 0x09, 0x0B, 0x0C: return space
        case UInt8(ascii: "\n"): return lineFeed
        case UInt8(ascii: "\r"): return carriageReturn
        case UInt8(ascii: "."): return fullStop
        case UInt8(ascii: "?"), UInt8(ascii: "!"): return terminator
        case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"),
             UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"): return close
        case UInt8(ascii: ","), UInt8(ascii: "-"), UInt8(ascii: ":"): return continuation
        default: return other
        }
    }

    /// Whether UAX #29 breaks before `text[index]` whatever comes before
    /// `text[start..<index]`: an ASCII capital after a terminator, closers
    /// and at least one space, all ASCII and from `start` on.
    @inline(__always)
    static func isCut(_ text: UnsafeBufferPointer<UInt8>, at index: Int, after start: Int) -> Bool {
        guard sentenceClass(text[index]) == upper, sentenceClass(text[index - 1]) == space else { return false }
        var j = index - 2
        while j >= start && sentenceClass(text[j]) == space { j -= 1 }
        while j >= start && sentenceClass(text[j]) == close { j -= 1 }
        return j >= start && (text[j] == UInt8(ascii: ".") || text[j] == UInt8(ascii: "?") || text[j] == UInt8(ascii: "!"))
    }

    /// The bytes where a sentence may end: LF, CR, "!", ".", "?" (all below 64).
    private static let stops: UInt64 = 1 << 10 | 1 << 13 | 1 << 33 | 1 << 46 | 1 << 63

    /// Appends the sentence ends ICU's rules (before suppressions) find in
    /// the ASCII bytes `text[start..<end]`, as offsets into `text`; `end`
    /// itself is appended when the last sentence runs to it.
    static func append(_ text: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, ends: inout [Int64]) {
        var i = start
        while i < end {
            let byte = text[i]
            guard byte < 64, stops >> UInt64(byte) & 1 != 0 else {
                i += 1
                continue
            }
            let byteClass = sentenceClass(byte)
            if byteClass == lineFeed || byteClass == carriageReturn {
                i += byteClass == carriageReturn && i + 1 < end && text[i + 1] == UInt8(ascii: "\n") ? 2 : 1
                ends.append(Int64(i))
                continue
            }
            guard byteClass == fullStop || byteClass == terminator else {
                i += 1
                continue
            }
            let next = i + 1
            if byteClass == fullStop && next < end {
                let after = sentenceClass(text[next])
                if after == numeric { i = next; continue }  // SB6
                if after == upper && i > start {  // SB7
                    let before = sentenceClass(text[i - 1])
                    if before == upper || before == lower { i = next; continue }
                }
            }
            var j = next
            while j < end && sentenceClass(text[j]) == close { j += 1 }
            while j < end && sentenceClass(text[j]) == space { j += 1 }
            guard j < end else { break }
            let following = sentenceClass(text[j])
            if following == lineFeed || following == carriageReturn {  // SB9-11: the line break joins
                j += following == carriageReturn && j + 1 < end && text[j + 1] == UInt8(ascii: "\n") ? 2 : 1
                ends.append(Int64(j))
                i = j
                continue
            }
            if following == continuation || following == fullStop || following == terminator { i = j; continue }  // SB8a
            if byteClass == fullStop {  // SB8: a lowercase letter before any other letter, line break or terminator
                var k = j
                while k < end {
                    let c = sentenceClass(text[k])
                    if c == lower || c == upper || c == lineFeed || c == carriageReturn || c == fullStop || c == terminator { break }
                    k += 1
                }
                if k < end && sentenceClass(text[k]) == lower { i = j; continue }
            }
            ends.append(Int64(j))
            i = j
        }
        if ends.last.map({ $0 < Int64(end) }) ?? true { ends.append(Int64(end)) }
    }
}

extension ICUBreaks {
    /// Sentence ends of `text`, as `find(.sentence, in:locale:joinBlank:)`
    /// gives them, with the lines that are all ASCII segmented by
    /// `ASCIISentenceBreaks` and `SentenceSuppressions` for `en` (and
    /// `en@ss=none`, without suppressions). A line with other bytes is cut
    /// before each ASCII capital that follows a terminator, ASCII closers
    /// and at least one ASCII space: UAX #29 breaks there whatever comes
    /// before the terminator (SB11; SB7 needs no space, SB8 a lowercase
    /// letter), ICU starts afresh after a break, and no abbreviation of the
    /// list holds a space or other bytes, so no suppression reaches across
    /// (`SentenceSuppressions.allowsCuts`). The ASCII pieces are segmented
    /// here, each run of the others by ICU in one call, and the cut that
    /// ends a run is then a break the suppressions may drop.
    ///
    /// - Complexity: O(n) in the text length.
    static func findSentences(in text: UnsafeBufferPointer<UInt8>, locale: String, joinBlank: Bool) -> Result<ICUBreaks, CompressionError> {
        let suppressions: SentenceSuppressions?
        switch locale {
        case "en":
            guard let english = SentenceSuppressions.english else { return find(.sentence, in: text, locale: locale, joinBlank: joinBlank) }
            suppressions = english
        case "en@ss=none": suppressions = nil
        default: return find(.sentence, in: text, locale: locale, joinBlank: joinBlank)
        }
        guard !text.isEmpty, text.count <= maximumByteCount, let base = text.baseAddress else {
            return find(.sentence, in: text, locale: locale, joinBlank: joinBlank)
        }
        let allowsCuts = suppressions?.allowsCuts ?? true
        var ends: [Int64] = []
        ends.reserveCapacity(text.count / 64 + 16)
        var failure: CompressionError? = nil
        let n = text.count
        var otherStart = -1  // start of the run of pieces for ICU, or -1
        func icu(_ low: Int, _ high: Int) {
            switch find(.sentence, in: UnsafeBufferPointer(rebasing: text[low..<high]), locale: locale) {
            case let .failure(error): failure = error
            case let .success(breaks):
                for end in breaks.ends { ends.append(end + Int64(low)) }
                if high < n, let suppressions, suppressions.suppresses(text, at: high) { ends.removeLast() }
            }
        }
        func ascii(_ low: Int, _ high: Int) {
            if otherStart >= 0 {
                icu(otherStart, low)
                otherStart = -1
            }
            let first = ends.count
            ASCIISentenceBreaks.append(text, from: low, to: high, ends: &ends)
            guard let suppressions else { return }
            var kept = first
            for index in first..<ends.count where ends[index] == n || !suppressions.suppresses(text, at: Int(ends[index])) {
                ends[kept] = ends[index]
                kept += 1
            }
            ends.removeLast(ends.count - kept)
        }
        var lineStart = 0
        while lineStart < n && failure == nil {
            var lineEnd = n
            if let found = memchr(base + lineStart, Int32(UInt8(ascii: "\n")), n - lineStart) {
                lineEnd = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found)) + 1
            }
            if ASCIIWordBreaks.isASCII(text, from: lineStart, to: lineEnd) {
                ascii(lineStart, lineEnd)
            } else if !allowsCuts {
                if otherStart < 0 { otherStart = lineStart }
            } else {
                var pieceStart = lineStart
                var i = lineStart + 1
                while pieceStart < lineEnd && failure == nil {
                    while i < lineEnd && !ASCIISentenceBreaks.isCut(text, at: i, after: lineStart) { i += 1 }
                    if ASCIIWordBreaks.isASCII(text, from: pieceStart, to: i) {
                        ascii(pieceStart, i)
                    } else if otherStart < 0 {
                        otherStart = pieceStart
                    }
                    pieceStart = i
                    i += 1
                }
            }
            lineStart = lineEnd
        }
        if otherStart >= 0 && failure == nil { icu(otherStart, n) }
        if let failure { return .failure(failure) }
        return .success(ICUBreaks(ends: joinBlank ? joiningBlank(ends, text) : ends, kinds: []))
    }

    /// `ends` with each segment of ASCII white space only joined to the one
    /// before it (the one after it at the start), as the C shim's `join_blank`.
    static func joiningBlank(_ ends: [Int64], _ text: UnsafeBufferPointer<UInt8>) -> [Int64] {
        var joined: [Int64] = []
        joined.reserveCapacity(ends.count)
        var previous = 0
        for end in ends {
            let blank = text[previous..<Int(end)].allSatisfy {
                $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r")
            }
            if blank {
                if !joined.isEmpty { joined[joined.count - 1] = end }
            } else {
                joined.append(end)
            }
            previous = Int(end)
        }
        if previous < text.count || joined.isEmpty { joined.append(Int64(text.count)) }
        return joined
    }
}

extension SentenceSuppressions {
    /// ICU's suppressions for English, read once.
    static let english = SentenceSuppressions.icu(locale: "en")
}
