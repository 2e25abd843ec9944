import Foundation
import PromptCompression
import PromptTokenizer
import Testing

/// Retrieval quality on NaturalQuestions: the gold passage among 19
/// distractors (passages of other questions), gold at every position, 4x
/// compression. The answer must survive.
@Suite("Retrieval quality", .serialized)
struct RetrievalQualityTests {
    static let tokenizer = PromptDocumentTests.tokenizer

    /// Lower case, no punctuation, no articles, single spaces (the
    /// normalization of the lost-in-the-middle evaluation).
    static func normalize(_ text: String) -> String {
        let lowered = text.lowercased()
        let noPunctuation = String(lowered.unicodeScalars.map {
            CharacterSet.punctuationCharacters.contains($0) || CharacterSet.symbols.contains($0) ? " " : Character($0)
        })
        return noPunctuation.split(whereSeparator: \.isWhitespace)
            .filter { !["a", "an", "the"].contains($0) }.joined(separator: " ")
    }

    static func records() throws -> [[String: Any]]? {
        guard let folder = TestPaths.dataDirectory else { return nil }
        let data = try runProcess("/bin/gzip", ["-dc", folder.appendingPathComponent("nq-open-oracle.jsonl.gz").path]).stdout
        return try data.split(separator: UInt8(ascii: "\n")).map {
            try JSONSerialization.jsonObject(with: Data($0)) as! [String: Any]
        }
    }

    @Test("NQ, 20 passages, 4x: the answer survives in at least 95 % of questions")
    func naturalQuestions() throws {
        guard let records = try Self.records() else {
            #expect(!TestPaths.strict, "corpora missing")
            return
        }
        let compressor = Compressor(tokenizer: Self.tokenizer)
        let sample = stride(from: 0, to: records.count, by: 9).map { $0 }  // 295 questions
        var kept = 0, total = 0, overBudget = 0
        for (n, index) in sample.enumerated() {
            func passage(_ record: [String: Any]) -> String {
                let context = (record["ctxs"] as! [[String: Any]])[0]
                return "(Title: \(context["title"] as! String)) \(context["text"] as! String)"
            }
            var passages = (1...19).map { passage(records[(index + $0 * 37) % records.count]) }
            passages.insert(passage(records[index]), at: n % 20)
            let question = records[index]["question"] as! String
            let document = try PromptDocument(
                passages: passages.enumerated().map { "Document [\($0.offset + 1)] \($0.element)" }, tokenizer: Self.tokenizer)
            let result = try compressor.compress(document, options: .init(target: .ratio(4), query: question))
            if result.tokensAfter > result.budget { overBudget += 1 }
            let output = Self.normalize(result.text)
            let answers = records[index]["answers"] as! [String]
            if answers.contains(where: { output.contains(Self.normalize($0)) }) { kept += 1 }
            total += 1
        }
        let rate = Double(kept) / Double(total)
        print("NQ 20 passages, 4x: answer kept in \(kept) of \(total) (\(String(format: "%.1f", rate * 100)) %)")
        #expect(overBudget == 0)
        #expect(rate >= 0.95)
    }
}

extension RetrievalQualityTests {
    /// The issue's goal is 90 %; lexical ranking keeps both whole supporting
    /// paragraphs in about 37 % (only 91 % is possible at all: in 47 of 500
    /// questions the two paragraphs are over a quarter of the context). This
    /// guards the measured level until multi-hop ranking improves.
    @Test("HotpotQA distractor, 4x: both supporting paragraphs survive (regression floor, goal 90 %)")
    func hotpotQA() throws {
        guard let folder = TestPaths.dataDirectory else {
            #expect(!TestPaths.strict, "corpora missing")
            return
        }
        let data = try runProcess("/bin/gzip", ["-dc", folder.appendingPathComponent("hotpotqa-dev-distractor-500.jsonl.gz").path]).stdout
        let records = try data.split(separator: UInt8(ascii: "\n")).map {
            try JSONSerialization.jsonObject(with: Data($0)) as! [String: Any]
        }
        let compressor = Compressor(tokenizer: Self.tokenizer)
        var bothKept = 0, answerKept = 0, answerTotal = 0, overBudget = 0
        for record in records {
            let contexts = record["contexts"] as! [[String: Any]]
            let passages = contexts.map { "\($0["title"] as! String): \($0["paragraph_text"] as! String)" }
            let document = try PromptDocument(passages: passages, tokenizer: Self.tokenizer)
            let question = record["question_text"] as! String
            let result = try compressor.compress(document, options: .init(target: .ratio(4), query: question))
            if result.tokensAfter > result.budget { overBudget += 1 }
            // White space is normalized (HotpotQA has double spaces between sentences).
            func folded(_ text: String) -> String { text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
            let output = folded(result.text)
            let supporting = zip(contexts, passages).filter { $0.0["is_supporting"] as! Bool }.map(\.1)
            if supporting.allSatisfy({ output.contains(folded($0)) }) { bothKept += 1 }
            let answer = ((record["answers_objects"] as! [[String: Any]])[0]["spans"] as! [String])[0]
            if !["yes", "no"].contains(answer.lowercased()) {
                answerTotal += 1
                if Self.normalize(output).contains(Self.normalize(answer)) { answerKept += 1 }
            }
        }
        let rate = Double(bothKept) / Double(records.count)
        print("HotpotQA 4x: both supporting paragraphs kept in \(bothKept) of \(records.count) (\(String(format: "%.1f", rate * 100)) %), answer kept in \(answerKept) of \(answerTotal)")
        #expect(overBudget == 0)
        #expect(rate >= 0.36)
    }
}
