import Foundation
@testable import PromptCompression
import PromptTokenizer
import Testing

@Suite struct TmpDedupLoss {
    @Test func measure() throws {
        let tokenizer = PromptDocumentTests.tokenizer
        let folder = TestPaths.dataDirectory!
        let data = try runProcess("/bin/gzip", ["-dc", folder.appendingPathComponent("hotpotqa-dev-distractor-500.jsonl.gz").path]).stdout
        let records = try data.split(separator: UInt8(ascii: "\n")).map { try JSONSerialization.jsonObject(with: Data($0)) as! [String: Any] }
        let compressor = Compressor(tokenizer: tokenizer)
        var dedupDrops = 0, lost = 0, lostInGold = 0, questionsWithLoss = 0
        for record in records {
            let contexts = record["contexts"] as! [[String: Any]]
            let passages = contexts.map { "\($0["title"] as! String): \($0["paragraph_text"] as! String)" }
            let document = try PromptDocument(passages: passages, tokenizer: tokenizer)
            let question = record["question_text"] as! String
            let result = try compressor.compress(document, options: .init(target: .ratio(4), query: question))
            let output = String(decoding: result.bytes, as: UTF8.self).split(whereSeparator: \.isWhitespace).joined(separator: " ")
            var any = false
            for drop in result.drops where drop.reason.pass == "dedup" || drop.reason.pass == "near-dedup" {
                dedupDrops += 1
                let text = String(decoding: document.bytes[drop.range], as: UTF8.self).split(whereSeparator: \.isWhitespace).joined(separator: " ")
                // The original's range from the detail "... bytes A..<B"
                let detail = drop.reason.detail
                let numbers = detail.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
                let original = numbers[numbers.count - 2]..<numbers[numbers.count - 1]
                let originalText = String(decoding: document.bytes[original], as: UTF8.self).split(whereSeparator: \.isWhitespace).joined(separator: " ")
                if !output.contains(originalText) && !output.contains(text) {
                    // Is the duplicate's document otherwise in the output?
                    let doc = document.documents.first { $0.range.contains(drop.range.lowerBound) }!
                    let docText = String(decoding: document.bytes[doc.range], as: UTF8.self)
                    let firstLine = docText.prefix(40).split(whereSeparator: \.isWhitespace).joined(separator: " ")
                    if output.contains(firstLine) {
                        lost += 1; any = true
                        let gold = contexts.indices.filter { contexts[$0]["is_supporting"] as! Bool }.map { passages[$0] }
                        if gold.contains(where: { $0.hasPrefix(docText.prefix(40)) }) { lostInGold += 1 }
                    }
                }
            }
            if any { questionsWithLoss += 1 }
        }
        print("DEDUPLOSS drops \(dedupDrops) lost \(lost) lostInGold \(lostInGold) questions \(questionsWithLoss)")
        #expect(dedupDrops >= 0)
    }
}
