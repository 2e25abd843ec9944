/// The steps of compression by name, as `tersify --passes` lists them and
/// reports name them.
///
///     var compressor = Compressor(tokenizer: tokenizer)
///     compressor.use([.normalize, .dedup, .retrieve])            // no near-duplicates
///     compressor.use(try PassName.parse("normalize,stopwords,retrieve"), stopwords: .full)
public enum PassName: String, CaseIterable, Sendable, Hashable {
    /// `WhitespaceNormalization`.
    case normalize
    /// `ExactDeduplication`.
    case dedup
    /// `NearDuplicateRemoval`.
    case nearDedup = "near-dedup"
    /// `StopwordPass`.
    case stopwords
    /// Retrieval trimming under the budget (`Compressor.retrieval`).
    case retrieve

    /// The passes `Compressor` runs by default, in order.
    public static let defaults: [PassName] = [.normalize, .dedup, .nearDedup, .retrieve]

    /// The names of a comma-separated list (spaces around names and empty
    /// items ignored), in the order given.
    ///
    /// - Throws: `CompressionError.unknownPass` naming the first unknown name.
    public static func parse(_ list: String) throws(CompressionError) -> [PassName] {
        var names: [PassName] = []
        for item in list.split(separator: ",") {
            let name = String(item.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
            guard !name.isEmpty else { continue }
            guard let pass = PassName(rawValue: name) else { throw .unknownPass(name) }
            names.append(pass)
        }
        return names
    }
}
