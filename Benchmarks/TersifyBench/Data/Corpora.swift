import Foundation

/// The evaluation data, read from a folder and checked against the manifest.
public struct Corpora: Sendable {
    /// One NaturalQuestions-open question with its gold passage.
    public struct NQRecord: Sendable, Decodable {
        public struct Context: Sendable, Decodable {
            public var title: String
            public var text: String
        }
        public var question: String
        public var answers: [String]
        public var ctxs: [Context]
    }

    /// One HotpotQA distractor question.
    public struct HotpotRecord: Sendable, Decodable {
        public struct Context: Sendable, Decodable {
            public var title: String
            public var paragraph_text: String
            public var is_supporting: Bool
        }
        public struct Answer: Sendable, Decodable { public var spans: [String] }
        public var question_id: String
        public var question_text: String
        public var answers_objects: [Answer]
        public var contexts: [Context]
    }

    /// One key-value retrieval record: 75 UUID pairs and the key asked.
    public struct KVRecord: Sendable, Decodable {
        public var ordered_kv_records: [[String]]
        public var key: String
        public var value: String
    }

    /// The needle-in-a-haystack needle and its question.
    public struct Needle: Sendable, Decodable {
        public struct Single: Sendable, Decodable {
            public var needle: String
            public var retrieval_question: String
        }
        public var single: Single
    }

    public let folder: String
    public let manifest: DataManifest
    /// Files read so far and their verified SHA-256 (for the report).
    public private(set) var verified: [String: String] = [:]

    public init(folder: String, manifest: DataManifest) {
        self.folder = folder
        self.manifest = manifest
    }

    /// The data folder: `$TERSIFY_DATA`, else `../shared/corpora`.
    public static func defaultFolder() -> String {
        if let path = ProcessInfo.processInfo.environment["TERSIFY_DATA"], !path.isEmpty { return path }
        return "../shared/corpora"
    }

    mutating func bytes(_ file: String) throws(BenchError) -> [UInt8] {
        let bytes = try manifest.verifiedContents(of: file, in: folder)
        verified[file] = try manifest.entry(file).sha256
        return bytes
    }

    mutating func jsonLines<T: Decodable>(_ file: String, as type: T.Type) throws(BenchError) -> [T] {
        let data = try Gzip.decompress(try bytes(file), file: file)
        let decoder = JSONDecoder()
        var records: [T] = []
        var number = 0
        for line in data.split(separator: UInt8(ascii: "\n")) {
            number += 1
            do { records.append(try decoder.decode(T.self, from: Data(line))) } catch {
                throw .malformedRecord(file: file, line: number, reason: "\(error)")
            }
        }
        return records
    }

    public mutating func naturalQuestions() throws(BenchError) -> [NQRecord] {
        try jsonLines("nq-open-oracle.jsonl.gz", as: NQRecord.self)
    }

    public mutating func hotpotQA() throws(BenchError) -> [HotpotRecord] {
        try jsonLines("hotpotqa-dev-distractor-500.jsonl.gz", as: HotpotRecord.self)
    }

    public mutating func keyValue() throws(BenchError) -> [KVRecord] {
        try jsonLines("kv-retrieval-75_keys.jsonl.gz", as: KVRecord.self)
    }

    public mutating func needle() throws(BenchError) -> Needle {
        let file = "haystack/needles.json"
        do { return try JSONDecoder().decode(Needle.self, from: Data(try bytes(file))) } catch let error as BenchError {
            throw error
        } catch { throw .malformedRecord(file: file, line: 1, reason: "\(error)") }
    }

    /// The essays in file-name order, as (name, text).
    public mutating func essays() throws(BenchError) -> [(name: String, text: String)] {
        let prefix = "haystack/PaulGrahamEssays/"
        var essays: [(name: String, text: String)] = []
        for entry in manifest.entries.filter({ $0.file.hasPrefix(prefix) }).sorted(by: { $0.file < $1.file }) {
            essays.append((String(entry.file.dropFirst(prefix.count)), String(decoding: try bytes(entry.file), as: UTF8.self)))
        }
        return essays
    }
}
