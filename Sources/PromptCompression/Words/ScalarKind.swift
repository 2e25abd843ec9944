/// What a non-ASCII scalar is to the word scanner.
enum ScalarKind {
    case separator, letter, unspaced, apostrophe
}

@inline(never)
func scalarKind(_ value: UInt32, inWord: Bool) -> ScalarKind {
    if isUnspacedScript(value) { return .unspaced }
    if value == 0x2019 { return .apostrophe }
    return isWordScalar(value, inWord: inWord) ? .letter : .separator
}

@inline(__always)
func isASCIIAlphanumeric(_ b: UInt8) -> Bool {
    let lower = b | 0x20
    return (lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
}

/// Whether `b` joins the alphanumeric bytes around it into one word: an
/// apostrophe or period between letters or digits, a comma between digits.
@inline(__always)
func isJoiner(_ b: UInt8, before: UInt8, after: UInt8) -> Bool {
    guard b == UInt8(ascii: "'") || b == UInt8(ascii: ".") || b == UInt8(ascii: ",") else { return false }
    guard isASCIIAlphanumeric(before), isASCIIAlphanumeric(after) else { return false }
    if b == UInt8(ascii: ",") {
        return before >= UInt8(ascii: "0") && before <= UInt8(ascii: "9") && after >= UInt8(ascii: "0") && after <= UInt8(ascii: "9")
    }
    return true
}

/// The scalar value and byte length of the UTF-8 sequence at `i`; an
/// ill-formed sequence is U+FFFD of length 1.
@inline(__always)
func decodeScalar(_ buffer: UnsafeBufferPointer<UInt8>, at i: Int, end: Int) -> (UInt32, Int) {
    let b0 = UInt32(buffer[i])
    if b0 < 0x80 { return (b0, 1) }
    @inline(__always) func continuation(_ k: Int) -> UInt32? {
        guard i + k < end else { return nil }
        let b = buffer[i + k]
        return b & 0xC0 == 0x80 ? UInt32(b & 0x3F) : nil
    }
    if b0 >= 0xC2 && b0 < 0xE0, let c1 = continuation(1) {
        return ((b0 & 0x1F) << 6 | c1, 2)
    }
    if b0 >= 0xE0 && b0 < 0xF0, let c1 = continuation(1), let c2 = continuation(2) {
        let value = (b0 & 0x0F) << 12 | c1 << 6 | c2
        if value >= 0x800 && !(0xD800...0xDFFF).contains(value) { return (value, 3) }
    }
    if b0 >= 0xF0 && b0 < 0xF5, let c1 = continuation(1), let c2 = continuation(2), let c3 = continuation(3) {
        let value = (b0 & 0x07) << 18 | c1 << 12 | c2 << 6 | c3
        if value >= 0x10000 && value <= 0x10FFFF { return (value, 4) }
    }
    return (0xFFFD, 1)
}

/// Han, kana, Thai, Lao, Khmer, Myanmar: scripts whose words ICU finds with a dictionary.
@inline(__always)
func isUnspacedScript(_ v: UInt32) -> Bool {
    (0x3040...0x30FF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v)
        || (0xF900...0xFAFF).contains(v) || (0x20000...0x3134F).contains(v) || (0x0E00...0x0EFF).contains(v)
        || (0x1000...0x109F).contains(v) || (0x1780...0x17FF).contains(v) || v == 0x30FC
}

@inline(__always)
func isCombining(_ v: UInt32) -> Bool {
    guard let scalar = Unicode.Scalar(v) else { return false }
    let category = scalar.properties.generalCategory
    return category == .nonspacingMark || category == .spacingMark
}

/// Letters, digits, and combining marks inside a word.
@inline(__always)
func isWordScalar(_ v: UInt32, inWord: Bool) -> Bool {
    guard v != 0xFFFD, let scalar = Unicode.Scalar(v) else { return false }
    let properties = scalar.properties
    if properties.isAlphabetic || properties.numericType != nil { return true }
    return inWord && (properties.generalCategory == .nonspacingMark || properties.generalCategory == .spacingMark)
}

/// Lower case for the common cased alphabets: Latin-1, Latin Extended-A,
/// Greek, Cyrillic; other scalars unchanged.
@inline(__always)
func foldedScalar(_ v: UInt32) -> UInt32 {
    switch v {
    case 0xC0...0xDE where v != 0xD7: return v + 0x20
    case 0x100...0x137, 0x14A...0x177: return v | 1
    case 0x139...0x148, 0x179...0x17E: return v & 1 == 1 ? v + 1 : v
    case 0x391...0x3A9 where v != 0x3A2: return v + 0x20
    case 0x410...0x42F: return v + 0x20
    case 0x400...0x40F: return v + 0x50
    default: return v
    }
}
