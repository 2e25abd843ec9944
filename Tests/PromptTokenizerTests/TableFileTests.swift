import Foundation
import PromptTokenizer
import Testing

/// The table files `Tokenizer.named(_:)` keeps in the cache folder
/// (`tables/FILE.tables`): written on the first load, read while the
/// vocabulary file is unchanged, and rebuilt, never trusted, when corrupt,
/// torn, foreign or stale.
@Suite("Vocabulary table files", .serialized)
struct TableFileTests {
    /// A cache folder holding a copy of the cached `file`: its bytes, never
    /// a link to it, since the tests change the copy.
    static func folder(with file: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tersify-tables-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Tokenizer.defaultCacheDirectory + "/" + file).resolvingSymlinksInPath())
        try bytes.write(to: URL(fileURLWithPath: folder + "/" + file))
        return folder
    }

    static func inode(_ path: String) -> UInt64? {
        var info = stat()
        return stat(path, &info) == 0 ? UInt64(info.st_ino) : nil
    }

    static let sample = "Hello, world! HelloWorld don't 12345 日本語のテキスト 👍🏽 <|endoftext|> [INST] <|im_start|> <｜User｜> e\u{0301}\n\n  \tend"

    @Test("written on the first load, read on the next, the same tokens", arguments: ["cl100k_base", "mistral-tekken", "qwen3", "deepseek-v3"])
    func roundTrip(name: String) throws {
        let file = switch name {
        case "mistral-tekken": "mistral-tekken.json"
        case "qwen3", "deepseek-v3": name + ".tokenizer.json"
        default: name + ".tiktoken"
        }
        guard FileManager.default.fileExists(atPath: Tokenizer.defaultCacheDirectory + "/" + file) else {
            #expect(!TestEnvironment.strict, "TERSIFY_STRICT_TESTS=1 but \(file) is not in the cache")
            return
        }
        let folder = try Self.folder(with: file)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let tables = folder + "/tables/\(file).tables"
        let reference = try Tokenizer(contentsOf: folder + "/" + file)
        let first = try Tokenizer.named(name, cacheDirectory: folder)
        let written = try #require(Self.inode(tables), "no table file after the first load")
        let second = try Tokenizer.named(name, cacheDirectory: folder)
        #expect(Self.inode(tables) == written, "the table file was rebuilt instead of read")
        let text = Self.sample + String(repeating: "a long piece: " + String(repeating: "xyz", count: 400), count: 3)
        for tokenizer in [first, second] {
            #expect(tokenizer.encodeOrdinary(text) == reference.encodeOrdinary(text))
            #expect(try tokenizer.encode(text, allowedSpecial: .all) == reference.encode(text, allowedSpecial: .all))
            #expect(tokenizer.vocabularySize == reference.vocabularySize && tokenizer.mergeableTokenCount == reference.mergeableTokenCount)
            #expect(try tokenizer.decode(tokenizer.encodeOrdinary(text)) == text)
            // A tokenizer.json's added tokens, normalization and decode-only tokens come back.
            #expect(tokenizer.specialTokens == reference.specialTokens && tokenizer.normalization == reference.normalization)
            let differing = (0..<TokenID(reference.vocabularySize)).filter { (try? tokenizer.bytes(of: $0)) != (try? reference.bytes(of: $0)) }
            #expect(differing.isEmpty, "ids that decode otherwise: \(differing.prefix(10))")
        }
    }

    @Test("a corrupt, torn, empty or foreign table file is rebuilt, and the tokens stay right")
    func corruptFiles() throws {
        guard FileManager.default.fileExists(atPath: TestEnvironment.vocabularyPath) else { return }
        let folder = try Self.folder(with: "cl100k_base.tiktoken")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let tables = folder + "/tables/cl100k_base.tiktoken.tables"
        let expected = TestEnvironment.cl100k.encodeOrdinary(Self.sample)
        _ = try Tokenizer.named("cl100k_base", cacheDirectory: folder)
        let good = try Data(contentsOf: URL(fileURLWithPath: tables))
        var generator = SeededGenerator(seed: 0x7AB1_E5F1_1E00_2026)
        var damaged: [(String, Data)] = [
            ("empty", Data()), ("header only", good.prefix(176)), ("torn", good.prefix(good.count / 2)),
            ("one byte more", good + [0]), ("random", Data((0..<good.count).map { _ in UInt8(truncatingIfNeeded: generator.next()) })),
        ]
        for offset in [0, 8, 16, 24, 64, 96, 112, 130, 160, 200, good.count / 5] {
            var flipped = good
            flipped[offset] ^= 0x10
            damaged.append(("byte \(offset) changed", flipped))
        }
        for (what, data) in damaged {
            try data.write(to: URL(fileURLWithPath: tables))
            let tokenizer = try Tokenizer.named("cl100k_base", cacheDirectory: folder)
            #expect(tokenizer.encodeOrdinary(Self.sample) == expected, "\(what)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: tables)) == good, "\(what): not rebuilt")
        }
        // The trie part (and its checksum) is checked when a long piece first needs it: the
        // trie is then built, and the file removed and written anew by the next load.
        let long = String(repeating: "ſ", count: 300) + "é"
        let longExpected = try Tokenizer(contentsOf: folder + "/cl100k_base.tiktoken").encodeOrdinary(long)
        for offset in [168, good.count - 1, good.count - 300_000] {
            var flipped = good
            flipped[offset] ^= 0x10
            try flipped.write(to: URL(fileURLWithPath: tables))
            let tokenizer = try Tokenizer.named("cl100k_base", cacheDirectory: folder)
            #expect(tokenizer.encodeOrdinary(long) == longExpected, "trie byte \(offset)")
            #expect(!FileManager.default.fileExists(atPath: tables), "trie byte \(offset): the file is still there")
            _ = try Tokenizer.named("cl100k_base", cacheDirectory: folder)
            #expect(try Data(contentsOf: URL(fileURLWithPath: tables)) == good, "trie byte \(offset): not rebuilt")
        }
        // A folder where the file should be: loads without the tables.
        try FileManager.default.removeItem(atPath: tables)
        try FileManager.default.createDirectory(atPath: tables, withIntermediateDirectories: true)
        #expect(try Tokenizer.named("cl100k_base", cacheDirectory: folder).encodeOrdinary(Self.sample) == expected)
    }

    @Test("a vocabulary file changed since is read again, its SHA-256 checked")
    func staleFiles() throws {
        guard FileManager.default.fileExists(atPath: TestEnvironment.vocabularyPath) else { return }
        let folder = try Self.folder(with: "cl100k_base.tiktoken")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let vocabulary = folder + "/cl100k_base.tiktoken", tables = folder + "/tables/cl100k_base.tiktoken.tables"
        _ = try Tokenizer.named("cl100k_base", cacheDirectory: folder)
        let written = try #require(Self.inode(tables))
        // Touched: the same bytes, another time; the tables are rebuilt.
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: vocabulary)
        _ = try Tokenizer.named("cl100k_base", cacheDirectory: folder)
        #expect(Self.inode(tables) != written)
        // Replaced by another file: its SHA-256 is checked, the stale tables are not used.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: vocabulary))
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: vocabulary))
        #expect(throws: TokenizerError.self) { try Tokenizer.named("cl100k_base", cacheDirectory: folder) }
    }
}
