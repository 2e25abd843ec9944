#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Performance notes (`tersify-benchmarks compression`, the essays' 49 KB of
// candidates; callgrind, instructions a compression):
//
// - Lines of ASCII text go through the byte loop below, a few instructions
//   a byte, because ICU's word iterator cost about 360: 18 M of the fine
//   stage's 66 M, more than half of the ranking (`rank` 31.4 M to 15.8 M),
//   against 33.7 M for tokenizing the whole 644 KB input. Lines holding
//   other bytes go to ICU, several such lines in one call.
// - A line can be segmented on its own: UAX #29 breaks after every line
//   feed and before it (WB3a, WB3b), and ICU's iterator starts afresh after
//   one as at the start of a text, so the segments of the lines are those of
//   the whole (`RankingWordsTests` checks this for ICU's chunks).

/// ICU's word segments of ASCII text, found without ICU.
///
/// For ASCII, UAX #29 (which ICU's root rules implement) comes down to:
///
///     letters, digits and "_"    join (WB5, WB8-10, WB13a-b); ICU counts "@" a letter
///     letter [.'] letter         join (WB6-7; ICU takes ":" out of MidLetter)
///     digit [.',;] digit         join (WB11-12)
///     CR LF                      one segment (WB3)
///     spaces                     one segment (WB3d); a tab is not a space here
///     anything else              one byte a segment (WB999)
///
/// ICU's status is that of the rule that matched last: a segment ending
/// in a digit is `.number` ("LL1", "e.g.word3.14"), one ending in a letter
/// `.letters`, one ending in "_" as the byte before ("a1_" a number,
/// "1,000__" letters), and a lone "_" `.other`. These were measured by the
/// differential tests (`ASCIIWordBreaksTests`), which compare this
/// with ICU on every four-byte sequence of the classes and on the corpora
/// for each locale in `locales`.
enum ASCIIWordBreaks {
    /// Locales whose ICU word rules this reproduces for ASCII (the tests
    /// compare each); other locales go to ICU for every byte.
    static let locales: Set<String> = [
        "", "root", "en", "en_US", "en_GB", "de", "fr", "es", "pt", "it", "nl", "ru", "pl", "cs", "da", "nb", "tr",
        "zh", "ja", "ko", "ar", "he", "el", "uk",
    ]

    private static let letter: UInt8 = 1, digit: UInt8 = 2, connector: UInt8 = 3
    private static let midNumLet: UInt8 = 5, midNum: UInt8 = 6
    private static let carriageReturn: UInt8 = 7, space: UInt8 = 8, other: UInt8 = 0

    private static let letters = Word.Kind.letters.rawValue, number = Word.Kind.number.rawValue

    /// The class of an ASCII byte.
    @inline(__always)
    private static func wordClass(_ byte: UInt8) -> UInt8 {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "@"): return letter
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit
        case UInt8(ascii: "_"): return connector
        case UInt8(ascii: "."), UInt8(ascii: "'"): return midNumLet
        case UInt8(ascii: ","), UInt8(ascii: ";"): return midNum
        case UInt8(ascii: "\r"): return carriageReturn
        case UInt8(ascii: " "): return space
        default: return other
        }
    }

    /// Appends the segments of the ASCII bytes `text[start..<end]`: each one's
    /// end (an offset into `text`) and kind (`Word.Kind` raw values).
    static func append(
        _ text: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, ends: inout [Int64], kinds: inout [UInt8]
    ) {
        var i = start
        while i < end {
            let first = wordClass(text[i])
            var j = i + 1
            var kind = Word.Kind.other.rawValue
            switch first {
            case letter, digit, connector:
                // ICU's status is that of the rule that joined the last byte
                // (WB8-WB13b): a segment ending in a letter is letters, in a
                // digit a number ("LL1"), in "_" as the byte before it.
                var previous = first
                kind = first == letter ? letters : first == digit ? number : Word.Kind.other.rawValue
                while j < end {
                    let next = wordClass(text[j])
                    if next == letter || next == digit || next == connector {
                        switch next {
                        case letter: kind = letters
                        case digit: kind = number
                        default: kind = previous == digit ? number : letters
                        }
                        previous = next
                        j += 1
                        continue
                    }
                    guard j + 1 < end else { break }
                    let after = wordClass(text[j + 1])
                    if previous == letter && after == letter && next == midNumLet {
                        kind = letters
                        j += 2
                        continue
                    }
                    if previous == digit && after == digit && (next == midNum || next == midNumLet) {
                        kind = number
                        j += 2
                        continue
                    }
                    break
                }
            case carriageReturn:
                if j < end && text[j] == UInt8(ascii: "\n") { j += 1 }
            case space:
                while j < end && text[j] == UInt8(ascii: " ") { j += 1 }
            default:
                break
            }
            ends.append(Int64(j))
            kinds.append(kind)
            i = j
        }
    }

    /// Whether `text[start..<end]` is all ASCII.
    @inline(__always)
    static func isASCII(_ text: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        guard let base = text.baseAddress else { return true }
        var i = start
        var bits: UInt64 = 0
        while i + 8 <= end {
            bits |= UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            i += 8
        }
        while i < end {
            bits |= UInt64(base[i])
            i += 1
        }
        return bits & 0x8080_8080_8080_8080 == 0
    }
}

extension ICUBreaks {
    /// Word boundaries and kinds of `text`, as `find(.word, in:locale:)`
    /// gives them, with the lines that are all ASCII segmented by
    /// `ASCIIWordBreaks` (for a locale in `ASCIIWordBreaks.locales`);
    /// a line with other bytes is cut after each space that an ASCII byte
    /// other than a space follows, its pieces of ASCII segmented the same
    /// way, and each run of the other pieces goes to ICU in one call.
    ///
    /// ICU breaks at such a cut whatever surrounds it (UAX #29: a space
    /// joins only spaces, WB3d, and the marks and format characters after
    /// it, WB4, none of which is ASCII; no rule that looks past a character,
    /// WB6-7 and WB11-12, looks past a space) and starts afresh there, as
    /// after a line feed, so the pieces' segments are the line's.
    ///
    /// - Complexity: O(n) in the text length.
    static func findWords(in text: UnsafeBufferPointer<UInt8>, locale: String) -> Result<ICUBreaks, CompressionError> {
        guard ASCIIWordBreaks.locales.contains(locale), text.count <= maximumByteCount, let base = text.baseAddress else {
            return find(.word, in: text, locale: locale)
        }
        var ends: [Int64] = [], kinds: [UInt8] = []
        ends.reserveCapacity(text.count / 3 + 16)
        kinds.reserveCapacity(text.count / 3 + 16)
        var failure: CompressionError? = nil
        /// ICU on `text[low..<high]`, its ends shifted.
        func icu(_ low: Int, _ high: Int) {
            switch find(.word, in: UnsafeBufferPointer(rebasing: text[low..<high]), locale: locale) {
            case let .failure(error): failure = error
            case let .success(breaks):
                for end in breaks.ends { ends.append(end + Int64(low)) }
                kinds.append(contentsOf: breaks.kinds)
            }
        }
        let n = text.count
        var lineStart = 0
        var otherStart = -1  // start of the run of lines for ICU, or -1
        while lineStart < n && failure == nil {
            var lineEnd = n
            if let found = memchr(base + lineStart, Int32(UInt8(ascii: "\n")), n - lineStart) {
                lineEnd = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found)) + 1
            }
            if ASCIIWordBreaks.isASCII(text, from: lineStart, to: lineEnd) {
                if otherStart >= 0 {
                    icu(otherStart, lineStart)
                    otherStart = -1
                }
                ASCIIWordBreaks.append(text, from: lineStart, to: lineEnd, ends: &ends, kinds: &kinds)
                lineStart = lineEnd
                continue
            }
            // A line with other bytes, in pieces cut after a space before
            // an ASCII byte that is no space: the ASCII pieces here, the
            // others (with the runs of them) to ICU.
            var pieceStart = lineStart
            while pieceStart < lineEnd {
                var cut = pieceStart + 1
                while cut < lineEnd && !(base[cut - 1] == UInt8(ascii: " ") && base[cut] < 0x80 && base[cut] != UInt8(ascii: " ")) {
                    cut += 1
                }
                if ASCIIWordBreaks.isASCII(text, from: pieceStart, to: cut) {
                    if otherStart >= 0 {
                        icu(otherStart, pieceStart)
                        otherStart = -1
                    }
                    ASCIIWordBreaks.append(text, from: pieceStart, to: cut, ends: &ends, kinds: &kinds)
                } else if otherStart < 0 {
                    otherStart = pieceStart
                }
                pieceStart = cut
            }
            lineStart = lineEnd
        }
        if otherStart >= 0 && failure == nil { icu(otherStart, n) }
        if let failure { return .failure(failure) }
        return .success(ICUBreaks(ends: ends, kinds: kinds))
    }
}
