import Synchronization

/// Splitting pieces at character boundaries no token crosses
/// (`BoundaryTables`): Chinese, Japanese and other scripts of three-byte
/// characters, whose letter runs are long pieces that rarely repeat.
///
/// Performance notes: on such runs most parts are one character, encoded
/// by one table read; the rest (words the vocabulary holds, characters
/// that split into byte tokens next to a mergeable neighbour) go through
/// the usual lookup, cache and merge path.
extension EncodeHandle {
    /// Whether a piece is worth splitting at character boundaries: at least
    /// two characters, the first or second of three bytes.
    @inline(__always)
    static func isSegmentable(_ piece: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        // Both bytes read first (pieces here have at least two), so that the
        // test compiles without a branch on the length.
        let first = piece[0] & 0xF0, second = piece[1] & 0xF0
        return count >= 6 && (first == 0xE0 || second == 0xE0)
    }

    /// The code point and length of the character at `at`: characters of
    /// one to three bytes, well formed; `(-1, 1)` for anything else (longer
    /// characters, invalid bytes), whose boundaries are never split.
    @inline(__always)
    static func decodeCharacter(_ piece: UnsafePointer<UInt8>, _ at: Int, _ count: Int) -> (codePoint: Int, length: Int) {
        let b0 = Int(piece[at])
        if b0 < 0x80 { return (b0, 1) }
        if b0 >= 0xC2 && b0 < 0xE0 && at &+ 1 < count && isUTF8Continuation(piece[at &+ 1]) {
            return ((b0 & 0x1F) << 6 | Int(piece[at &+ 1]) & 0x3F, 2)
        }
        if b0 & 0xF0 == 0xE0 && at &+ 2 < count && isUTF8Continuation(piece[at &+ 1]) && isUTF8Continuation(piece[at &+ 2]) {
            let codePoint = (b0 & 0x0F) << 12 | (Int(piece[at &+ 1]) & 0x3F) << 6 | Int(piece[at &+ 2]) & 0x3F
            if codePoint >= 0x800 && !(0xD800...0xDFFF).contains(codePoint) { return (codePoint, 3) }
        }
        return (-1, 1)
    }

    /// Encodes a piece part by part, splitting where no token crosses.
    @inline(never)
    func encodeSegmented<Sink: TokenSink>(
        _ piece: UnsafePointer<UInt8>, _ count: Int, cache: PieceCache?, long: inout LongPieceState,
        into sink: inout Sink
    ) {
        long.prepareBoundaries(trieBox)
        let tables = long.boundaries.unsafelyUnwrapped
        var start = 0
        var (previous, previousLength) = Self.decodeCharacter(piece, 0, count)
        var position = previousLength
        while position < count {
            let (codePoint, length) = Self.decodeCharacter(piece, position, count)
            if previous >= 0 && codePoint >= 0
                && !tables.isCrossed(piece, at: position, left: previous, leftCount: previousLength,
                                     right: codePoint, rightCount: length) {
                if position &- start == previousLength {
                    encodeCharacter(previous, piece + start, previousLength, tables, into: &sink)
                } else {
                    encodeWhole(piece + start, position &- start, cache: cache, long: &long, into: &sink)
                }
                start = position
            }
            previous = codePoint
            previousLength = length
            position &+= length
        }
        if count &- start == previousLength && previous >= 0 {
            encodeCharacter(previous, piece + start, previousLength, tables, into: &sink)
        } else {
            encodeWhole(piece + start, count &- start, cache: cache, long: &long, into: &sink)
        }
    }

    /// One character's tokens, merged once and then read from the table.
    @inline(__always)
    func encodeCharacter<Sink: TokenSink>(
        _ codePoint: Int, _ bytes: UnsafePointer<UInt8>, _ length: Int, _ tables: BoundaryView, into sink: inout Sink
    ) {
        var entry = tables.encodings[codePoint].load(ordering: .relaxed)
        if entry == 0 { entry = rememberCharacter(codePoint, bytes, length, tables) }
        let tokens = Int(truncatingIfNeeded: entry >> 60)
        sink.append(TokenID(truncatingIfNeeded: entry & 0xF_FFFF))
        if tokens > 1 { sink.append(TokenID(truncatingIfNeeded: entry >> 20 & 0xF_FFFF)) }
        if tokens > 2 { sink.append(TokenID(truncatingIfNeeded: entry >> 40 & 0xF_FFFF)) }
    }

    @inline(never)
    func rememberCharacter(_ codePoint: Int, _ bytes: UnsafePointer<UInt8>, _ length: Int, _ tables: BoundaryView) -> UInt64 {
        let tokens = length == 1 ? 1 : mergeSmall(bytes, length)
        if length == 1 { token[0] = byteRanks[Int(bytes[0])] }
        var entry = UInt64(tokens) << 60
        for i in 0..<tokens { entry |= UInt64(token[i]) << (20 * i) }
        tables.encodings[codePoint].store(entry, ordering: .relaxed)
        return entry
    }
}
