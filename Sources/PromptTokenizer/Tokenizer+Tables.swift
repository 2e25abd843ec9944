import Foundation

extension Tokenizer {
    /// `named(_:)`'s tokenizer: from its table file when one matches the
    /// vocabulary file (`TableFile`), else built from the vocabulary file,
    /// its SHA-256 checked, and its tables written for the next process.
    ///
    /// `TERSIFY_NO_TABLES=1` leaves the table files unread and unwritten.
    static func _loadNamed(
        _ name: String, path: String, cacheDirectory: String,
        encoding: (file: String, sha256: String, pattern: SplitPattern, special: [String: TokenID])
    ) throws(TokenizerError) -> Tokenizer {
        let isTokenizerJSON = encoding.file.hasSuffix(".tokenizer.json")
        let useTables = ProcessInfo.processInfo.environment["TERSIFY_NO_TABLES"] != "1"
        let source = useTables ? TableFile.Source(path: path) : nil
        // By file: o200k_base and o200k_harmony share theirs.
        let tablePath = TableFile.path(name: encoding.file, cacheDirectory: cacheDirectory)
        if let source, let (vocabulary, extras) = TableFile.read(path: tablePath, source: source, sha256: encoding.sha256) {
            // A tokenizer.json's added tokens, normalization and decode-only tokens are the file's.
            guard isTokenizerJSON else {
                return Tokenizer(name: name, vocabulary: vocabulary, splitPattern: encoding.pattern, specialTokens: encoding.special)
            }
            return Tokenizer(
                name: name, vocabulary: vocabulary, splitPattern: encoding.pattern, specialTokens: extras.specialTokens,
                normalization: extras.normalization, decodeOnly: extras.decodeOnly)
        }
        let tokenizer = try Tokenizer(
            contentsOf: path, name: name, splitPattern: encoding.pattern,
            specialTokens: isTokenizerJSON ? nil : encoding.special, expectedSHA256: encoding.sha256)
        // Only when the file read is the one described by `source`.
        if let source, TableFile.Source(path: path) == source {
            let extras = isTokenizerJSON ? tokenizer._tableExtras : .none
            TableFile.write(tokenizer.vocabulary, extras: extras, path: tablePath, source: source, sha256: encoding.sha256)
        }
        return tokenizer
    }

    /// What a table file keeps of this tokenizer besides its vocabulary.
    var _tableExtras: TableFile.Extras {
        let specialIDs = Set(specialTokens.values)
        return TableFile.Extras(
            normalization: normalization, specialTokens: specialTokens,
            decodeOnly: specialBytes.filter { !specialIDs.contains($0.key) })
    }
}
