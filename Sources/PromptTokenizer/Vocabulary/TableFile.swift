import Foundation

// Performance notes (release, `tersify-benchmarks startup`, 64 KB prompt):
//
// - Tables in a file, because building them was most of a short run:
//   `tersify count` 116–267 ms to 21–24 ms (min of 11), of which ~14 ms is
//   the process itself.
// - A tokenizer.json's added tokens, normalization and decode-only tokens
//   in the file too, because parsing its JSON took 560–740 ms: qwen3's
//   `tersify count` 1,036 to 17 ms (min of 11).
// - Large tables used in place, small arrays copied: copying the 8 MB hash
//   table cost more than the rest of `Tokenizer.named` (o200k_base 9.2 to
//   5.7 ms min).
// - The trie part checked on first use: only long pieces need the trie.
// - A four-lane multiply checksum, not SHA-256: it runs at memory speed;
//   the file is a cache of data whose source's SHA-256 was checked.

/// A known encoding's vocabulary tables, built once and kept in the cache
/// folder (`tables/FILE.tables`, FILE the vocabulary file's name), so that a process starts by mapping a
/// file instead of parsing the vocabulary (a `tokenizer.json`'s JSON too)
/// and building its hash table, trie and character boundary tables.
///
/// Layout (host byte order, which the magic number records; each section
/// padded to 16 bytes):
///
///     header, 192 bytes:
///       magic "TERSIFYT" | format version: u32 | header size: u32
///       tables fingerprint: u64 (`Vocabulary.tablesFingerprint`)
///       source file: size, mtime seconds, mtime nanoseconds, inode, device: u64 each
///       source SHA-256: 32 bytes, as checked when the tables were built
///       first part's size: u64 | its checksum: u64 (`checksum`)
///       rank count | slot count | token bytes | longest token | trie edges | crossings: u64 each
///       trie part's size: u64 | its checksum: u64
///       extras' size: u64 | zero: u64
///     first part:
///       vocabulary: tokenBytes | tokenStarts | present | slots | byteRanks | bytePairRanks | tokenFilter
///       boundaries: filters | masks | crossings
///       extras: what a tokenizer.json gives besides (`Extras`)
///     trie part:
///       edges | nextPrefix | twoByte
///
/// The vocabulary's small arrays are copied out of the mapping; its hash
/// table, filter and pair table, the boundary tables and the trie point
/// into it (`TableBuffer`), which stays mapped while they live.
/// The trie part (8 to 17 MB) is checked when a long piece first needs the
/// trie, not at every start: a text without one never reads it.
///
/// A file is used only when every header field matches and the payload's
/// checksum is right; the tables are then checked for consistency
/// (`Vocabulary.init?(tokenBytes:…)`, every index the encoder follows).
/// Anything else, a file of another version, a source file changed since
/// (size, time, inode), a torn or corrupt file, reads as no file: the
/// caller builds the tables and writes them anew, atomically (a temporary
/// file renamed over the old one).
enum TableFile {
    /// Raised when the layout or the meaning of a field changes.
    static let version: UInt32 = 2
    static let headerSize = 192
    static let magic: UInt64 = 0x5459_4649_5352_4554  // "TERSIFYT" in little-endian order

    /// What identifies the source file's contents without reading them.
    struct Source: Equatable {
        var size: UInt64
        var seconds: UInt64
        var nanoseconds: UInt64
        var inode: UInt64
        var device: UInt64

        init?(path: String) {
            var info = stat()
            guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
            size = UInt64(info.st_size)
            seconds = UInt64(bitPattern: Int64(info.st_mtim.tv_sec))
            nanoseconds = UInt64(bitPattern: Int64(info.st_mtim.tv_nsec))
            inode = UInt64(info.st_ino)
            device = UInt64(info.st_dev)
        }

        var words: [UInt64] { [size, seconds, nanoseconds, inode, device] }
    }

    /// The table file of the vocabulary file `name` in `cacheDirectory`.
    static func path(name: String, cacheDirectory: String) -> String {
        cacheDirectory + "/tables/" + name + ".tables"
    }

    // MARK: Reading

    /// The vocabulary of a table file that matches `source` and `sha256`,
    /// and its extras, or nil when there is none or it does not match (see
    /// the type's discussion).
    static func read(path: String, source: Source, sha256: String) -> (vocabulary: Vocabulary, extras: Extras)? {
        guard let mapping = TableMapping(path: path, minimumSize: headerSize) else { return nil }
        return parse(mapping, path: path, source: source, sha256: sha256)
    }

    static func parse(_ mapping: TableMapping, path: String, source: Source, sha256: String) -> (vocabulary: Vocabulary, extras: Extras)? {
        let file = mapping.bytes
        func word(_ index: Int) -> UInt64 { file.loadUnaligned(fromByteOffset: 8 * index, as: UInt64.self) }
        func count(_ index: Int) -> Int? { word(index) < 1 << 40 ? Int(word(index)) : nil }
        guard word(0) == magic,
              file.loadUnaligned(fromByteOffset: 8, as: UInt32.self) == version,
              file.loadUnaligned(fromByteOffset: 12, as: UInt32.self) == UInt32(headerSize),
              word(2) == Vocabulary.tablesFingerprint,
              (0..<5).map({ word(3 + $0) }) == source.words,
              Array(file[64..<96]) == digestBytes(sha256),
              let firstSize = count(12), let trieSize = count(20), headerSize + firstSize + trieSize == file.count,
              let rankCount = count(14), let slotCount = count(15), let tokenByteCount = count(16),
              let longest = count(17), let edgeCount = count(18), let crossingCount = count(19),
              let extrasSize = count(22), word(23) == 0,
              rankCount < 1 << 24, edgeCount > 0, edgeCount & (edgeCount - 1) == 0,
              crossingCount > 0, crossingCount & (crossingCount - 1) == 0,
              checksum(UnsafeRawBufferPointer(rebasing: file[headerSize..<(headerSize + firstSize)])) == word(13)
        else { return nil }

        var offset = headerSize
        func mapped<T>(_ type: T.Type, _ count: Int) -> UnsafeBufferPointer<T>? {
            let bytes = count * MemoryLayout<T>.stride
            guard offset + bytes <= file.count else { return nil }
            defer { offset += padded(bytes) }
            return UnsafeBufferPointer(start: (file.baseAddress! + offset).assumingMemoryBound(to: T.self), count: count)
        }
        func copied<T>(_ type: T.Type, _ count: Int) -> ContiguousArray<T>? {
            mapped(type, count).map { ContiguousArray($0) }
        }
        guard let tokenBytes = copied(UInt8.self, tokenByteCount),
              let tokenStarts = copied(UInt32.self, rankCount + 1),
              let presentBytes = mapped(UInt8.self, rankCount),
              let slots = mapped(VocabularySlot.self, slotCount),
              let byteRanks = copied(TokenID.self, 256),
              let bytePairRanks = mapped(TokenID.self, 1 << 16),
              let tokenFilter = mapped(UInt64.self, TokenFilter.words),
              let filters = mapped(UInt64.self, 2 * BoundaryTables.codePoints),
              let masks = mapped(UInt8.self, BoundaryTables.codePoints),
              let crossings = mapped(UInt64.self, crossingCount),
              let extrasBytes = mapped(UInt8.self, extrasSize),
              offset == headerSize + firstSize,
              let extras = Extras(decoding: UnsafeRawBufferPointer(extrasBytes)),
              let edges = mapped(UInt64.self, edgeCount),
              let nextPrefix = mapped(TokenID.self, rankCount),
              let twoByte = mapped(UInt32.self, 1 << 16),
              offset == file.count,
              presentBytes.allSatisfy({ $0 <= 1 })
        else { return nil }
        let present = ContiguousArray(presentBytes.lazy.map { $0 == 1 })
        let boundaries = BoundaryTables(mapping: mapping, filters: filters, masks: masks, crossings: crossings)
        let trie = MappedTrie(
            path: path, mapping: mapping, part: UnsafeRawBufferPointer(rebasing: file[(headerSize + firstSize)...]), checksum: word(21),
            edges: edges, nextPrefix: nextPrefix, twoByte: twoByte)
        let vocabulary = Vocabulary(
            tokenBytes: tokenBytes, tokenStarts: tokenStarts, present: present,
            slots: TableBuffer(mapping: mapping, slots), byteRanks: byteRanks,
            bytePairRanks: TableBuffer(mapping: mapping, bytePairRanks),
            tokenFilter: TableBuffer(mapping: mapping, tokenFilter), maxTokenLength: longest,
            boundaries: boundaries, mappedTrie: trie)
        return vocabulary.map { ($0, extras) }
    }

    /// The trie part of a mapped table file, checked when first used.
    struct MappedTrie: @unchecked Sendable {
        /// The table file, removed when the part is corrupt, so that the next load writes it anew.
        let path: String
        let mapping: TableMapping
        let part: UnsafeRawBufferPointer
        let checksum: UInt64
        let edges: UnsafeBufferPointer<UInt64>
        let nextPrefix: UnsafeBufferPointer<TokenID>
        let twoByte: UnsafeBufferPointer<UInt32>

        /// The trie, or nil when the part is corrupt (the caller builds it).
        func trie(boundaries: BoundaryTables) -> TokenTrie? {
            guard TableFile.checksum(part) == checksum,
                  // The encoder reads the tokens of these ranks.
                  nextPrefix.allSatisfy({ $0 == .max || Int($0) < nextPrefix.count })
            else {
                unlink(path)
                return nil
            }
            return TokenTrie(mapping: mapping, edges: edges, nextPrefix: nextPrefix, twoByte: twoByte, boundaries: boundaries)
        }
    }

    // MARK: Writing

    /// Writes the tables of `vocabulary` for `source`, atomically; a failure
    /// (a read-only folder, a full disk) leaves no file and is not reported:
    /// the next process builds the tables again.
    static func write(_ vocabulary: Vocabulary, extras: Extras, path: String, source: Source, sha256: String) {
        var payload: [UInt8] = []
        let boundaries = vocabulary.trie.boundaries()
        // The trie, built now if no encoding needed it yet.
        let trie = vocabulary.trie.get()
        payload.reserveCapacity(
            vocabulary.tokenBytes.count + 16 * vocabulary.slots.count + 10 * vocabulary.rankCount + (1 << 21)
                + 8 * boundaries.crossingCount + 8 * trie.edges.count)
        func append<T>(_ array: ContiguousArray<T>) { array.withUnsafeBufferPointer { append($0) } }
        func append<T>(_ table: TableBuffer<T>) { table.withUnsafeBufferPointer { append($0) } }
        func append<T>(_ buffer: UnsafeMutableBufferPointer<T>) { append(UnsafeBufferPointer(buffer)) }
        func append<T>(_ buffer: UnsafeBufferPointer<T>) {
            payload.append(contentsOf: UnsafeRawBufferPointer(buffer))
            payload.append(contentsOf: repeatElement(0, count: padded(payload.count) - payload.count))
        }
        append(vocabulary.tokenBytes)
        append(vocabulary.tokenStarts)
        append(ContiguousArray(vocabulary.present.lazy.map { $0 ? UInt8(1) : 0 }))
        append(vocabulary.slots)
        append(vocabulary.byteRanks)
        append(vocabulary.bytePairRanks)
        append(vocabulary.tokenFilter)
        append(UnsafeBufferPointer(start: boundaries.filters, count: 2 * BoundaryTables.codePoints))
        append(UnsafeBufferPointer(start: boundaries.masks, count: BoundaryTables.codePoints))
        append(UnsafeBufferPointer(start: boundaries.crossings, count: boundaries.crossingCount))
        let extrasBytes = extras.encoded()
        append(extrasBytes)
        let firstSize = payload.count
        append(trie.edges)
        append(trie.nextPrefix)
        append(trie.twoByte)

        var header: [UInt8] = []
        header.reserveCapacity(headerSize)
        func word(_ value: UInt64) { withUnsafeBytes(of: value) { header.append(contentsOf: $0) } }
        word(magic)
        withUnsafeBytes(of: version) { header.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt32(headerSize)) { header.append(contentsOf: $0) }
        word(Vocabulary.tablesFingerprint)
        source.words.forEach(word)
        header += digestBytes(sha256)
        payload.withUnsafeBytes { payload in
            word(UInt64(firstSize))
            word(checksum(UnsafeRawBufferPointer(rebasing: payload[..<firstSize])))
            [vocabulary.rankCount, vocabulary.slots.count, vocabulary.tokenBytes.count, vocabulary.maxTokenLength,
             trie.edges.count, boundaries.crossingCount].forEach { word(UInt64($0)) }
            word(UInt64(payload.count - firstSize))
            word(checksum(UnsafeRawBufferPointer(rebasing: payload[firstSize...])))
        }
        word(UInt64(extrasBytes.count))
        word(0)
        precondition(header.count == headerSize, "the table file header is \(headerSize) bytes")

        let folder = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = "\(path).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return }
        let written = writeAll(descriptor, header) && writeAll(descriptor, payload)
        close(descriptor)
        if !written || rename(temporary, path) != 0 { unlink(temporary) }
    }

    private static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var done = 0
            while done < buffer.count {
                let n = Foundation.write(descriptor, buffer.baseAddress! + done, buffer.count - done)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                done += n
            }
            return true
        }
    }

    // MARK: Helpers

    static func padded(_ count: Int) -> Int { (count + 15) & ~15 }

    /// The 32 bytes of a SHA-256 written in hexadecimal (zeros for anything else).
    static func digestBytes(_ hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        guard digits.count == 64 else { return [UInt8](repeating: 0, count: 32) }
        func value(_ c: UInt8) -> UInt8 { c <= UInt8(ascii: "9") ? c &- UInt8(ascii: "0") : (c | 0x20) &- UInt8(ascii: "a") &+ 10 }
        return (0..<32).map { value(digits[2 * $0]) << 4 | value(digits[2 * $0 + 1]) & 0xF }
    }

    /// A 64-bit checksum of the payload: four lanes of multiply and rotate
    /// over 8-byte words (a changed word changes its lane's state for
    /// good), fast enough to check every start (several GB/s).
    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var lanes: (UInt64, UInt64, UInt64, UInt64) = (0x9E37_79B9_7F4A_7C15, 0xBF58_476D_1CE4_E5B9, 0x94D0_49BB_1331_11EB, 0xD6E8_FEB8_6659_FD93)
        let k: UInt64 = 0x9FB2_1C65_1E98_DF25
        var i = 0
        let count = bytes.count
        guard let base = bytes.baseAddress else { return 0 }
        while i &+ 32 <= count {
            lanes.0 = ((lanes.0 ^ base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* k).rotated(29)
            lanes.1 = ((lanes.1 ^ base.loadUnaligned(fromByteOffset: i &+ 8, as: UInt64.self)) &* k).rotated(29)
            lanes.2 = ((lanes.2 ^ base.loadUnaligned(fromByteOffset: i &+ 16, as: UInt64.self)) &* k).rotated(29)
            lanes.3 = ((lanes.3 ^ base.loadUnaligned(fromByteOffset: i &+ 24, as: UInt64.self)) &* k).rotated(29)
            i &+= 32
        }
        var tail: UInt64 = UInt64(count)
        while i < count {
            tail = (tail ^ UInt64(base.load(fromByteOffset: i, as: UInt8.self))) &* k
            i &+= 1
        }
        var h = lanes.0 ^ lanes.1.rotated(16) ^ lanes.2.rotated(32) ^ lanes.3.rotated(48) ^ tail
        h = (h ^ h >> 31) &* k
        return h ^ h >> 29
    }
}

extension UInt64 {
    @inline(__always)
    fileprivate func rotated(_ by: UInt64) -> UInt64 { self << by | self >> (64 - by) }
}
