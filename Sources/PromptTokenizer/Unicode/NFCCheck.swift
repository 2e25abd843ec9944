import CICU

/// NFC for tokenizers whose `tokenizer.json` asks for it (Qwen): a quick
/// check over UTF-8 bytes, and ICU for the text that fails it.
///
/// Matches Hugging Face tokenizers' `NFC` normalizer, whose tables are
/// Unicode 9.0's: characters assigned since are left as they are. The
/// check's table (`transitions`) flags every code point NFC may change or join to
/// the character before in any Unicode version up to 16.0 (a nonzero
/// combining class, quick check No or Maybe); text without one is NFC
/// already. Code points below U+0300 are never flagged, so the scan skips
/// every byte below 0xCC.
enum NFCCheck {
    /// The table of flagged code points (1), built on first use.
    static let table = ClassTable(runs: transitions, newline: 0)

    /// Whether `text` holds no flagged character: NFC leaves it unchanged.
    /// Bytes that are not UTF-8 are skipped.
    static func isNormalized(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = text.baseAddress else { return true }
        let count = text.count
        return table.stage1.withUnsafeBufferPointer { stage1 in
            table.stage2.withUnsafeBufferPointer { stage2 in
                var i = 0
                while i < count {
                    // Eight ASCII bytes at a time.
                    if i &+ 8 <= count && UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                        i &+= 8
                        continue
                    }
                    let b = base[i]
                    if b < 0xCC {
                        i &+= 1
                        continue
                    }
                    let (scalar, length) = decodeScalarAt(base, i, count)
                    if scalar >= 0 && stage2[Int(stage1[scalar >> 8]) << 8 | scalar & 0xFF] != 0 { return false }
                    i &+= length
                }
                return true
            }
        }
    }

    /// The code point and length of the UTF-8 character at `i`, or `(-1, 1)`
    /// for a byte that does not begin one.
    @inline(__always)
    static func decodeScalarAt(_ base: UnsafePointer<UInt8>, _ i: Int, _ count: Int) -> (Int, Int) {
        let b = Int(base[i])
        @inline(__always) func continuation(_ k: Int) -> Int? {
            guard i &+ k < count else { return nil }
            let c = Int(base[i &+ k])
            return c & 0xC0 == 0x80 ? c & 0x3F : nil
        }
        if b >= 0xC2 && b < 0xE0, let c1 = continuation(1) { return ((b & 0x1F) << 6 | c1, 2) }
        if b >= 0xE0 && b < 0xF0, let c1 = continuation(1), let c2 = continuation(2) {
            let scalar = (b & 0x0F) << 12 | c1 << 6 | c2
            if scalar >= 0x800 && !(0xD800..<0xE000).contains(scalar) { return (scalar, 3) }
        }
        if b >= 0xF0 && b < 0xF5, let c1 = continuation(1), let c2 = continuation(2), let c3 = continuation(3) {
            let scalar = (b & 0x07) << 18 | c1 << 12 | c2 << 6 | c3
            if scalar >= 0x10000 && scalar < 0x110000 { return (scalar, 4) }
        }
        return (-1, 1)
    }

    /// `text` in NFC (Unicode 9.0's, see above).
    ///
    /// Only the stretches around flagged characters go through ICU: a
    /// character that is not flagged (combining class 0, quick check Yes)
    /// starts a stretch NFC handles on its own, so the text is cut before
    /// such characters. A stretch is the character before a flagged run
    /// (which a mark may compose with), the run, and any run that follows
    /// within `gap` bytes, so that text with many marks (Devanagari's
    /// virama) makes few ICU calls. Bytes that are not UTF-8 are kept, and
    /// end a stretch.
    static func normalize(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        guard let base = text.baseAddress else { return [] }
        let count = text.count
        let gap = 256
        var output: [UInt8] = []
        output.reserveCapacity(count + 16)
        let stage1 = table.stage1, stage2 = table.stage2
        /// 1 flagged, 0 not flagged, -1 not UTF-8; and the length.
        func kind(_ i: Int) -> (Int, Int) {
            // Below U+0300 nothing is flagged: ASCII, and two-byte
            // characters led by 0xC2...0xCB (a lone continuation byte, or a
            // lead without one, is not UTF-8).
            if base[i] < 0x80 { return (0, 1) }
            if base[i] < 0xC2 { return (-1, 1) }
            if base[i] < 0xCC { return i + 1 < count && base[i + 1] & 0xC0 == 0x80 ? (0, 2) : (-1, 1) }
            let (scalar, length) = decodeScalarAt(base, i, count)
            if scalar < 0 { return (-1, 1) }
            return (Int(stage2[Int(stage1[scalar >> 8]) << 8 | scalar & 0xFF]), length)
        }
        var copied = 0
        var previousStart = -1  // the start of the last character not flagged, when it ends where the scan is
        var i = 0
        while i < count {
            let (flag, characterLength) = kind(i)
            if flag <= 0 {
                previousStart = flag == 0 ? i : -1
                i += characterLength
                continue
            }
            // A stretch from the character before the run.
            let start = previousStart >= 0 ? previousStart : i
            var end = i
            var lookahead = i
            while lookahead < count {
                let (k, l) = kind(lookahead)
                if k < 0 { break }
                if k > 0 {
                    lookahead += l
                    end = lookahead
                    continue
                }
                if lookahead - end >= gap { break }
                lookahead += l
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: text[copied..<start]))
            let length = end - start
            let capacity = 3 * length + 16
            var written = -1
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
                var status: Int32 = 0
                written = Int(tersify_nfc_unicode9(base + start, Int64(length), buffer.baseAddress!, Int64(capacity), &status))
                if written >= 0 { output.append(contentsOf: buffer[0..<written]) }
            }
            // ICU cannot fail on well-formed input within the capacity; keep the text if it does.
            if written < 0 { output.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<end])) }
            copied = end
            previousStart = -1
            i = end
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: text[copied..<count]))
        return output
    }
}
