extension Vocabulary {
    /// Parses the `.tiktoken` format: one token a line, `BASE64 SPACE RANK`.
    ///
    /// Stricter than tiktoken's loader, which skips characters outside the
    /// base64 alphabet: every line must be exactly one standard base64 token
    /// (with padding), one space and a decimal rank, so that a corrupt or
    /// truncated file is reported at its first bad line instead of loading a
    /// different vocabulary. Empty lines and a final line without `\n` are
    /// accepted; `\r\n` line ends are accepted.
    ///
    /// - Throws: `TokenizerError.malformedLine`, `.duplicateRank`,
    ///   `.duplicateToken` or `.missingByteToken`, naming `path` and the line.
    static func parseTiktoken(_ file: UnsafeBufferPointer<UInt8>, path: String) throws(TokenizerError) -> Vocabulary {
        var tokens = ContiguousArray<UInt8>()
        tokens.reserveCapacity(file.count)
        var ranges: [(start: Int, end: Int, rank: TokenID)] = []
        ranges.reserveCapacity(file.count / 12)
        var lineNumber = 0
        var position = 0
        let end = file.count
        let decode = base64DecodeTable

        while position < end {
            lineNumber += 1
            var lineEnd = position
            while lineEnd < end && file[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            let next = lineEnd + 1
            if lineEnd > position && file[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
            defer { position = next }
            if lineEnd == position { continue }

            var space = position
            while space < lineEnd && file[space] != UInt8(ascii: " ") { space += 1 }
            guard space < lineEnd else {
                throw .malformedLine(path: path, line: lineNumber, reason: "no space between token and rank")
            }
            let base64Count = space - position
            guard base64Count > 0, base64Count % 4 == 0 else {
                throw .malformedLine(path: path, line: lineNumber, reason: "base64 token of \(base64Count) characters (not a multiple of 4)")
            }
            // Rank.
            var rank: UInt64 = 0
            var digit = space + 1
            guard digit < lineEnd else {
                throw .malformedLine(path: path, line: lineNumber, reason: "missing rank")
            }
            while digit < lineEnd {
                let c = file[digit]
                guard c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") else {
                    throw .malformedLine(path: path, line: lineNumber, reason: "rank is not a decimal number")
                }
                rank = rank * 10 + UInt64(c - UInt8(ascii: "0"))
                guard rank < 1 << 24 else {
                    throw .malformedLine(path: path, line: lineNumber, reason: "rank is larger than 16777215")
                }
                digit += 1
            }
            // Token bytes.
            let tokenStart = tokens.count
            var i = position
            while i < space {
                let a = decode[Int(file[i])], b = decode[Int(file[i + 1])]
                let c = decode[Int(file[i + 2])], d = decode[Int(file[i + 3])]
                let last = i + 4 == space
                guard a < 64, b < 64, c < 64 || (last && c == 64 && d == 64), d < 64 || (last && d == 64) else {
                    throw .malformedLine(path: path, line: lineNumber, reason: "invalid base64 token")
                }
                tokens.append(a << 2 | b >> 4)
                if c < 64 { tokens.append((b & 0x0F) << 4 | c >> 2) }
                if d < 64 { tokens.append((c & 0x03) << 6 | d) }
                i += 4
            }
            ranges.append((tokenStart, tokens.count, TokenID(rank)))
        }

        // Duplicate ranks; line numbers are recovered only to report an error.
        var seenRanks = [Bool](repeating: false, count: Int(ranges.lazy.map(\.rank).max() ?? 0) + 1)
        for (index, range) in ranges.enumerated() {
            if seenRanks[Int(range.rank)] {
                throw .duplicateRank(path: path, line: Self.lineNumber(ofEntry: index, in: file), rank: range.rank)
            }
            seenRanks[Int(range.rank)] = true
        }
        var byteRanks = ContiguousArray<TokenID>(repeating: .max, count: 256)
        for range in ranges where range.end - range.start == 1 {
            byteRanks[Int(tokens[range.start])] = range.rank
        }
        if let missing = byteRanks.firstIndex(of: .max) {
            throw .missingByteToken(path: path, byte: UInt8(missing))
        }
        do {
            return try Vocabulary(tokens: tokens, ranges: ranges, byteRanks: byteRanks)
        } catch {
            throw .duplicateToken(path: path, line: Self.lineNumber(ofEntry: error.entry, in: file))
        }
    }

    /// The line number of the `index`-th non-empty line.
    private static func lineNumber(ofEntry index: Int, in file: UnsafeBufferPointer<UInt8>) -> Int {
        var line = 1, entry = 0, lineHasContent = false
        for byte in file {
            if byte == UInt8(ascii: "\n") {
                if lineHasContent {
                    if entry == index { return line }
                    entry += 1
                }
                line += 1
                lineHasContent = false
            } else if byte != UInt8(ascii: "\r") {
                lineHasContent = true
            }
        }
        return line
    }
}

/// Standard base64 alphabet; 64 marks `=`, 255 anything else.
let base64DecodeTable: [UInt8] = {
    var table = [UInt8](repeating: 255, count: 256)
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    for (value, character) in alphabet.enumerated() { table[Int(character)] = UInt8(value) }
    table[Int(UInt8(ascii: "="))] = 64
    return table
}()
