/// FNV-1a hashes of the words of a text, case-folded (ASCII); a word is a
/// run of ASCII letters and digits and non-ASCII bytes.
func foldedWordHashes(_ bytes: ArraySlice<UInt8>) -> [UInt64] {
    var hashes: [UInt64] = []
    foldedWordHashes(bytes, into: &hashes)
    return hashes
}

/// `foldedWordHashes(_:)` into a reused buffer (emptied first).
func foldedWordHashes(_ bytes: ArraySlice<UInt8>, into hashes: inout [UInt64]) {
    hashes.removeAll(keepingCapacity: true)
    bytes.withUnsafeBufferPointer { buffer in
        var h: UInt64 = FNV1a.offset
        var inWord = false
        for b in buffer {
            let lower = b &- UInt8(ascii: "A") < 26 ? b | 0x20 : b
            if lower &- UInt8(ascii: "a") < 26 || b &- UInt8(ascii: "0") < 10 || b >= 0x80 {
                h = (h ^ UInt64(lower)) &* FNV1a.prime
                inWord = true
            } else if inWord {
                hashes.append(h)
                h = FNV1a.offset
                inWord = false
            }
        }
        if inWord { hashes.append(h) }
    }
}
