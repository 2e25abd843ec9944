/// One pass over UTF-8 bytes that counts letters by script and adds up the
/// Latin-script language cues (`LanguageDetector`, steps 1 and 2).
///
/// Words are runs of Latin letters; each is lowercased into `tokenKey` as it is
/// read (ASCII and Latin-1 uppercase only: the lists have no other capitals)
/// and looked up when it ends. An apostrophe (' or ’) ends a word and
/// belongs to it, so that French and Italian elisions count: "l'homme" is
/// looked up as "l'" and "homme", "don't" as "don'" and "t".
struct LanguageScan {
    /// Letters by script.
    var latin = 0
    var cyrillic = 0
    /// Cyrillic letters that Russian does not use (і ї є ґ ў ј љ њ ћ ђ џ ѓ ќ ѕ ѐ ѝ
    /// and the Cyrillic of U+0460 and above).
    var cyrillicNonRussian = 0
    /// Han, kana, Hangul, bopomofo and CJK radicals.
    var cjk = 0
    /// Greek, Armenian, Hebrew, Arabic, Indic, Thai and other scripts.
    var other = 0
    /// The sum of the word and letter cues, one lane per `Language.withStopwords`.
    var scores = LanguageWeights()
    /// Letters of Latin-script languages without lists.
    var otherLatinScore: Float = 0

    /// The lookup form of the word being read: its first `keyLength` bytes
    /// (at most `WordKey.maximumLength`), inline, because appending to an
    /// array a letter made the scan 0.38 M of a 1,000-token NQ prompt's
    /// compression of 5.4 M instructions (callgrind).
    var tokenKey: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)
    var keyLength = 0
    /// Whether the word being read is longer than any key.
    var keyTooLong = false
    /// Whether the last letter was "i" (for Dutch "ij").
    var afterI = false
    /// Whether the word being read follows a path, URL or identifier
    /// character (`/ . _ @ \ = -`, a digit): such words do not count.
    var technicalText = false

    init() {
        assert(MemoryLayout.size(ofValue: tokenKey) == WordKey.maximumLength, "the key holds the longest word")
    }

    /// Scans `text`, adding to the counts.
    ///
    /// - Complexity: O(n) in the number of bytes.
    mutating func scan(_ text: UnsafeBufferPointer<UInt8>) {
        let count = text.count
        var index = 0
        var previous: UInt8 = 0x20  // the byte before the current word or character
        while index < count {
            let byte = text[index]
            if byte < 0x80 {
                let lower = byte | 0x20
                if lower &- UInt8(ascii: "a") < 26 {
                    latin += 1
                    if lower == UInt8(ascii: "j"), afterI { scores[6] += 0.5 }
                    afterI = lower == UInt8(ascii: "i")
                    if keyLength == 0 { technicalText = LanguageScan.isTechnical(previous) }
                    appendToKey(lower)
                } else if byte == UInt8(ascii: "'"), keyLength > 0 {
                    appendToKey(byte)
                    endWord(before: index + 1 < count ? text[index + 1] : 0x20)
                } else {
                    endWord(before: byte)
                    previous = byte
                }
                index += 1
                continue
            }
            guard let (scalar, length) = LanguageScan.decode(text, at: index) else {
                endWord(before: 0x20)
                previous = 0x20
                index += 1
                continue
            }
            if keyLength == 0 { technicalText = LanguageScan.isTechnical(previous) }
            index += length
            classify(scalar, bytes: text, end: index, length: length)
            previous = 0x20
        }
        endWord(before: 0x20)
    }

    /// Whether a word next to `byte` is part of a path, URL, identifier or
    /// number: / . _ @ \ = - and digits.
    @inline(__always)
    static func isTechnical(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "/"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "@"), UInt8(ascii: "\\"),
             UInt8(ascii: "="), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            false
        }
    }

    /// Counts one non-ASCII code point whose `length` bytes end at `end`.
    mutating func classify(_ scalar: UInt32, bytes: UnsafeBufferPointer<UInt8>, end: Int, length: Int) {
        switch scalar {
        case 0x80..<0x250:
            let info = DetectionTables.letterInfo[Int(scalar) - 0x80]
            let cue = info & 0x7F
            if cue == DetectionTables.otherLanguageCue {
                otherLatinScore += 1
            } else if cue != 0 {
                scores += DetectionTables.cueWeights[Int(cue)]
            }
            guard info & 0x80 != 0 else {
                endWord(before: 0x20)
                return
            }
            latin += 1
            afterI = false
            if scalar >= 0xC0, scalar <= 0xDE, scalar != 0xD7 {
                appendToKey(0xC3)
                appendToKey(bytes[end - 1] | 0x20)  // Latin-1 uppercase to lowercase
            } else {
                for offset in (end - length)..<end { appendToKey(bytes[offset]) }
            }
            return
        case 0x2019:
            if keyLength > 0 { appendToKey(UInt8(ascii: "'")) }
        case 0x370..<0x400, 0x530..<0x800, 0x900..<0x1100, 0x1200..<0x1E00, 0x1F00..<0x2000:
            other += 1
        case 0x400..<0x530:
            cyrillic += 1
            if !(0x410..<0x450).contains(scalar), scalar != 0x401, scalar != 0x451 { cyrillicNonRussian += 1 }
        case 0x1E00..<0x1F00:  // Latin Extended Additional: Vietnamese, Welsh
            latin += 1
            otherLatinScore += 1
            for offset in (end - length)..<end { appendToKey(bytes[offset]) }
            return
        case 0x1100..<0x1200, 0x2E80..<0x3000, 0x3040..<0x3190, 0x31A0..<0xA000, 0xAC00..<0xD800,
             0xF900..<0xFB00, 0xFF66..<0xFFDD, 0x20000..<0x40000:
            cjk += 1
        case 0xA000..<0xAC00, 0xFB1D..<0xFE00, 0xFE70..<0xFF00, 0x10000..<0x1F000:
            other += 1
        default:
            break
        }
        endWord(before: 0x20)
    }

    /// Appends a byte to the word being read.
    @inline(__always)
    mutating func appendToKey(_ byte: UInt8) {
        if keyLength < WordKey.maximumLength {
            withUnsafeMutableBytes(of: &tokenKey) { $0[keyLength] = byte }
            keyLength += 1
        } else {
            keyTooLong = true
        }
    }

    /// Looks up the word just read, if any, and starts a new one.
    ///
    /// - Parameter next: The byte after the word (a space for non-ASCII):
    ///   a word before / _ @ \ = or "." counts only when a space or the end
    ///   follows the period.
    mutating func endWord(before next: UInt8) {
        afterI = false
        guard keyLength > 0 else { return }
        let technical = technicalText || (next != UInt8(ascii: ".") && next != UInt8(ascii: "-") && LanguageScan.isTechnical(next))
        if !keyTooLong, !technical {
            let length = keyLength
            let weights = withUnsafeBytes(of: tokenKey) { raw in
                raw.withMemoryRebound(to: UInt8.self) { all -> LanguageWeights? in
                    let key = UnsafeBufferPointer(rebasing: all[..<length])
                    if let set = DetectionTables.words.value(of: key) { return DetectionTables.setWeights[Int(set)] }
                    guard key.count >= 5 else { return nil }
                    let suffixes = DetectionTables.suffixes
                    for index in DetectionTables.suffixesByLastByte[Int(key[key.count - 1])] where key.count > suffixes[index].0.count {
                        let (suffix, weights) = suffixes[index]
                        if equalBytes(key.baseAddress! + key.count - suffix.count, suffix, suffix.count) { return weights }
                    }
                    return nil
                }
            }
            if let weights { scores += weights }
        }
        keyLength = 0
        keyTooLong = false
    }

    /// Decodes the non-ASCII UTF-8 sequence at `index`.
    ///
    /// - Returns: The code point and the sequence's length, or nil for an
    ///   invalid or truncated sequence (overlong forms and surrogates included).
    static func decode(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> (UInt32, Int)? {
        let lead = text[index]
        let length: Int
        var scalar: UInt32
        switch lead {
        case 0xC2...0xDF: length = 2; scalar = UInt32(lead & 0x1F)
        case 0xE0...0xEF: length = 3; scalar = UInt32(lead & 0x0F)
        case 0xF0...0xF4: length = 4; scalar = UInt32(lead & 0x07)
        default: return nil
        }
        guard index + length <= text.count else { return nil }
        for offset in 1..<length {
            let byte = text[index + offset]
            guard byte & 0xC0 == 0x80 else { return nil }
            scalar = scalar << 6 | UInt32(byte & 0x3F)
        }
        switch length {
        case 3 where scalar < 0x800 || (0xD800..<0xE000).contains(scalar): return nil
        case 4 where scalar < 0x10000 || scalar > 0x10FFFF: return nil
        default: return (scalar, length)
        }
    }
}
