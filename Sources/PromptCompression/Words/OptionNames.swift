#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Command-line option names in text (`-l`, `--files-with-matches`,
/// `-name`, `-0`), for ranking with a question that names one.
///
/// ICU's words split `--files-with-matches` into `files`, `with` and
/// `matches`, and keep only `l` of `-l`: a question naming an option would
/// meet every text holding those words. The name as written, its dashes and
/// letter case kept (`-L` is not `-l`), is one more term of the text and of
/// the question, placed after the name's last word; BM25 weighs it by its
/// rarity like any term, so the entry that defines the option, where the
/// name is written out, comes first.
enum OptionNames {
    /// The option names in `buffer[range]`, in order: one or two dashes at
    /// the start of the range or after white space or one of `([{,;"'`=`,
    /// then an ASCII letter or digit, then letters, digits, dashes and
    /// underscores, not ending with a dash.
    ///
    /// - Complexity: O(n), `memchr` from dash to dash.
    static func ranges(in buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> [Range<Int>] {
        guard let base = buffer.baseAddress, !range.isEmpty else { return [] }
        var names: [Range<Int>] = []
        var i = range.lowerBound
        let end = range.upperBound
        while i < end, let found = memchr(base + i, Int32(UInt8(ascii: "-")), end - i) {
            let dash = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
            i = dash + 1
            guard dash == range.lowerBound || opensName(base[dash - 1]) else {
                // Inside a word (`non-word`) or after a dash: skip the run.
                while i < end && base[i] == UInt8(ascii: "-") { i += 1 }
                continue
            }
            var p = dash + 1
            if p < end && base[p] == UInt8(ascii: "-") { p += 1 }
            guard p < end, isOptionNameByte(base[p]), base[p] != UInt8(ascii: "-"), base[p] != UInt8(ascii: "_") else {
                i = p
                continue
            }
            var q = p + 1
            while q < end && isOptionNameByte(base[q]) { q += 1 }
            while q > p + 1 && base[q - 1] == UInt8(ascii: "-") { q -= 1 }
            // A name is followed by white space, punctuation or the end, not by a letter beyond ASCII.
            if q < end && base[q] >= 0x80 {
                i = q
                continue
            }
            names.append(dash..<q)
            i = q
        }
        return names
    }

    /// The option names of `bytes` (a question).
    static func ranges(in bytes: [UInt8]) -> [Range<Int>] {
        bytes.withUnsafeBufferPointer { ranges(in: $0, 0..<$0.count) }
    }

    /// The term key of an option name: a hash of its bytes as written,
    /// apart from the keys of words (`RankingVocabulary.key`), which fold case.
    static func key(_ name: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0x6F70_7469_6F6E_0001
        for b in name { h = mixBits(h ^ UInt64(b)) }
        return mixBits(h ^ UInt64(name.count) << 40)
    }

    /// Whether an option name may start after `byte`.
    @inline(__always)
    static func opensName(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
            || byte == UInt8(ascii: "(") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") || byte == UInt8(ascii: ",")
            || byte == UInt8(ascii: ";") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "`")
            || byte == UInt8(ascii: "=")
    }

    /// Whether `byte` may be part of an option name.
    @inline(__always)
    static func isOptionNameByte(_ byte: UInt8) -> Bool {
        isASCIILetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }
}
