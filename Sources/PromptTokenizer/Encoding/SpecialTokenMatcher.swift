/// Finds special tokens in text in one pass, however many there are.
///
/// Tekken has 1,000 special tokens and o200k_harmony 1,091: searching the
/// text once for each was 1,000 passes a call. Here a byte that begins no
/// special token is passed over with one table read; at one that begins
/// some, each length that special tokens have (longest first) is hashed and
/// looked up.
///
///     firstBytes:  256 flags, set for the first byte of some token
///     lengths:     the distinct token lengths, longest first
///     byHash:      `_hashBytes(token)` → indices into `tokens`
struct SpecialTokenMatcher: Sendable {
    /// The tokens, longest first (identifiers breaking ties), as `Tokenizer.specials`.
    let tokens: [(bytes: [UInt8], id: TokenID)]
    let firstBytes: [Bool]
    let lengths: [Int]
    let byHash: [UInt64: [Int]]

    init(_ tokens: [(bytes: [UInt8], id: TokenID)]) {
        let tokens = tokens.filter { !$0.bytes.isEmpty }
        self.tokens = tokens
        var firstBytes = [Bool](repeating: false, count: 256)
        var byHash: [UInt64: [Int]] = [:]
        for (index, token) in tokens.enumerated() {
            firstBytes[Int(token.bytes[0])] = true
            let hash = token.bytes.withUnsafeBufferPointer { _hashBytes($0.baseAddress!, $0.count) }
            byHash[hash, default: []].append(index)
        }
        self.firstBytes = firstBytes
        self.byHash = byHash
        self.lengths = Set(tokens.map(\.bytes.count)).sorted(by: >)
    }

    var isEmpty: Bool { tokens.isEmpty }

    /// The first position at or after `start` where a token occurs, and the
    /// index of the longest token there; nil when none occurs.
    ///
    /// Matches a leftmost search for each token, the longest winning a tie.
    func first(in text: UnsafeBufferPointer<UInt8>, from start: Int) -> (position: Int, index: Int)? {
        guard !tokens.isEmpty, let base = text.baseAddress else { return nil }
        var i = start
        while i < text.count {
            if firstBytes[Int(text[i])], let index = match(base, at: i, count: text.count) { return (i, index) }
            i += 1
        }
        return nil
    }

    /// The index of the longest token at `i`, or nil.
    private func match(_ base: UnsafePointer<UInt8>, at i: Int, count: Int) -> Int? {
        for length in lengths where i + length <= count {
            guard let candidates = byHash[_hashBytes(base + i, length)] else { continue }
            for index in candidates where tokens[index].bytes.count == length {
                if tokens[index].bytes.withUnsafeBufferPointer({ _equal($0.baseAddress!, base + i, length) }) { return index }
            }
        }
        return nil
    }
}
