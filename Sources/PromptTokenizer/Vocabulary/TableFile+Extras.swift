extension TableFile {
    /// What a `tokenizer.json` gives besides the vocabulary's tables: its
    /// normalization, its added tokens and the tokens that only decode (a
    /// `.tiktoken` file's encodings have none: their special tokens are
    /// the code's).
    ///
    /// Layout (host byte order, little-endian in practice):
    ///
    ///     normalization: u32 (0 none, 1 NFC)
    ///     special token count: u32, then each: id u32 | length u32 | UTF-8 bytes
    ///     decode-only count: u32, then each: id u32 | length u32 | bytes
    struct Extras: Equatable {
        var normalization: Normalization
        var specialTokens: [String: TokenID]
        var decodeOnly: [TokenID: [UInt8]]

        static let none = Extras(normalization: .none, specialTokens: [:], decodeOnly: [:])

        /// The bytes of the layout, entries in order of id (then text).
        func encoded() -> ContiguousArray<UInt8> {
            var bytes = ContiguousArray<UInt8>()
            func word(_ value: UInt32) { withUnsafeBytes(of: value) { bytes.append(contentsOf: $0) } }
            func entries(_ list: [(id: TokenID, bytes: [UInt8])]) {
                word(UInt32(list.count))
                for entry in list {
                    word(entry.id)
                    word(UInt32(entry.bytes.count))
                    bytes.append(contentsOf: entry.bytes)
                }
            }
            word(normalization == .nfc ? 1 : 0)
            entries(specialTokens.map { (id: $0.value, bytes: Array($0.key.utf8)) }.sorted {
                $0.id != $1.id ? $0.id < $1.id : $0.bytes.lexicographicallyPrecedes($1.bytes)
            })
            entries(decodeOnly.map { (id: $0.key, bytes: $0.value) }.sorted { $0.id < $1.id })
            return bytes
        }

        /// The extras of `bytes`, or nil when they do not follow the layout
        /// exactly (a special token that is not UTF-8, an id of 2^24 or more,
        /// bytes left over).
        init?(decoding bytes: UnsafeRawBufferPointer) {
            var offset = 0
            func word() -> UInt32? {
                guard offset + 4 <= bytes.count else { return nil }
                defer { offset += 4 }
                return bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
            }
            func entries() -> [(id: TokenID, bytes: [UInt8])]? {
                guard let count = word() else { return nil }
                var list: [(id: TokenID, bytes: [UInt8])] = []
                for _ in 0..<count {
                    guard let id = word(), id < 1 << 24, let length = word(), offset + Int(length) <= bytes.count else { return nil }
                    list.append((id, Array(bytes[offset..<(offset + Int(length))])))
                    offset += Int(length)
                }
                return list
            }
            guard let kind = word(), kind <= 1, let specials = entries(), let decodeOnly = entries(), offset == bytes.count else { return nil }
            var specialTokens: [String: TokenID] = [:]
            for entry in specials {
                guard let text = String(validating: entry.bytes, as: UTF8.self), specialTokens.updateValue(entry.id, forKey: text) == nil else { return nil }
            }
            var decodeOnlyTokens: [TokenID: [UInt8]] = [:]
            for entry in decodeOnly {
                guard decodeOnlyTokens.updateValue(entry.bytes, forKey: entry.id) == nil else { return nil }
            }
            self.init(normalization: kind == 1 ? .nfc : .none, specialTokens: specialTokens, decodeOnly: decodeOnlyTokens)
        }

        init(normalization: Normalization, specialTokens: [String: TokenID], decodeOnly: [TokenID: [UInt8]]) {
            self.normalization = normalization
            self.specialTokens = specialTokens
            self.decodeOnly = decodeOnly
        }
    }
}
