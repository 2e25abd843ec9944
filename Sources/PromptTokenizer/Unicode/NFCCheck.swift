import CICU

/// NFC for tokenizers whose `tokenizer.json` asks for it (Qwen): a quick
/// check over UTF-8 bytes, and ICU for the text that fails it.
///
/// Matches Hugging Face tokenizers' `NFC` normalizer, whose tables are
/// Unicode 9.0's: characters assigned since are left as they are. The
/// check's table (`_runs`) flags every code point NFC may change or join to
/// the character before in any Unicode version up to 16.0 (a nonzero
/// combining class, quick check No or Maybe); text without one is NFC
/// already. Code points below U+0300 are never flagged, so the scan skips
/// every byte below 0xCC.
enum NFCCheck {
    /// The table of flagged code points (1), built on first use.
    static let table = ClassTable(runs: _runs, newline: 0)

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
                    let (scalar, length) = _scalar(base, i, count)
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
    static func _scalar(_ base: UnsafePointer<UInt8>, _ i: Int, _ count: Int) -> (Int, Int) {
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

    /// `text` in NFC (Unicode 9.0's, see above): each run of well-formed
    /// UTF-8 normalized by ICU, bytes that are not UTF-8 kept in place.
    static func normalize(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        guard let base = text.baseAddress else { return [] }
        var output: [UInt8] = []
        output.reserveCapacity(text.count + 16)
        var runStart = 0
        var i = 0
        func flush(_ end: Int) {
            guard end > runStart else { return }
            let length = end - runStart
            let capacity = 3 * length + 16
            var written = -1
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
                var status: Int32 = 0
                written = Int(tersify_nfc_unicode9(base + runStart, Int64(length), buffer.baseAddress!, Int64(capacity), &status))
                if written >= 0 { output.append(contentsOf: buffer[0..<written]) }
            }
            // ICU cannot fail on well-formed input within the capacity; keep the text if it does.
            if written < 0 { output.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart..<end])) }
        }
        while i < text.count {
            if base[i] < 0x80 {
                i += 1
                continue
            }
            let (scalar, length) = _scalar(base, i, text.count)
            if scalar >= 0 {
                i += length
                continue
            }
            flush(i)
            output.append(base[i])
            i += 1
            runStart = i
        }
        flush(text.count)
        return output
    }
}
