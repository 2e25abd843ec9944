import Foundation
import PromptCompression
import PromptTokenizer
import TersifyTestSupport
import Testing
@testable import TersifyBench

/// The whole-prompt tasks: prompts shaped as users paste them, read by the
/// engine as `compress(prompt:options:)` reads them.
@Suite("Whole-prompt tasks")
struct PromptTaskTests {
    static let tokenizer: Tokenizer? = TestTokenizers.cl100k

    static func records(_ count: Int) -> [Corpora.NQRecord] {
        (0..<count).map { index in
            Corpora.NQRecord(
                question: "question number \(index)", answers: ["answer\(index)"],
                ctxs: [.init(title: "Title \(index)", text: "Passage \(index) says answer\(index). It has a second sentence, and a clause that makes it longer than the instructions.")])
        }
    }

    static func text(_ spec: BenchCase) -> (String, [Range<Int>]) {
        guard case let .prompt(text, passages) = spec.input else { return ("", []) }
        return (text, passages)
    }

    @Test("plain-qa: passages without titles or markers, blank lines between, the question last; gold position swept")
    func plainQA() throws {
        let records = Self.records(40)
        let cases = CaseBuilders.promptQA(records, k: 5, count: 10, seed: 42, instructed: false)
        #expect(cases.count == 10)
        var positions: Set<Int> = []
        for spec in cases {
            let (text, passages) = Self.text(spec)
            guard case let .prompt(answers, gold, question, instructions) = spec.probe else {
                Issue.record("not a prompt probe")
                continue
            }
            #expect(passages.count == 5 && gold.count == 1 && instructions == nil)
            positions.insert(gold[0])
            let bytes = Array(text.utf8)
            let goldText = String(decoding: bytes[passages[gold[0]]], as: UTF8.self)
            #expect(AnswerMatch.contains(goldText, anyOf: answers))
            #expect(!text.contains("Document [") && !text.contains("Title "))
            #expect(text.hasPrefix(String(decoding: bytes[passages[0]], as: UTF8.self)))
            #expect(text.hasSuffix("\n\n\(question)\nAnswer:") && question.hasSuffix("?"))
            // The engine finds the question by itself, and no instructions.
            let found = try #require(TrailingQuestion(in: bytes))
            #expect("Question: " + found.query == question)
            if let tokenizer = Self.tokenizer { #expect(PromptLayout(bytes, tokenizer: tokenizer).instructions == nil) }
        }
        #expect(positions == [0, 1, 2, 3, 4])
    }

    @Test("instructed-qa: the plain-qa prompts with each instruction text first, read as instructions")
    func instructedQA() throws {
        let records = Self.records(40)
        let plain = CaseBuilders.promptQA(records, k: 5, count: 10, seed: 42, instructed: false)
        let instructed = CaseBuilders.promptQA(records, k: 5, count: 10, seed: 42, instructed: true)
        var used: Set<String> = []
        for (a, b) in zip(plain, instructed) {
            guard case let .prompt(_, _, _, instructions?) = b.probe else {
                Issue.record("no instructions")
                continue
            }
            used.insert(instructions)
            #expect(Self.text(b).0 == instructions + "\n\n" + Self.text(a).0)
            #expect(InstructionEvidence.holds(in: Array(instructions.utf8)))
            if let tokenizer = Self.tokenizer {
                let bytes = Array(Self.text(b).0.utf8)
                #expect(PromptLayout(bytes, tokenizer: tokenizer).instructions == 0..<instructions.utf8.count)
            }
        }
        #expect(used.count == CaseBuilders.instructions.count)
    }

    @Test("hotpot-plain: the title on its own line above each paragraph; a passage is both")
    func hotpotPlain() throws {
        let json = """
            {"question_id": "q1", "question_text": "Which came first?", "answers_objects": [{"spans": ["Alpha"]}], \
            "contexts": [{"title": "Alpha", "paragraph_text": "Alpha came in 1901.", "is_supporting": true}, \
            {"title": "Beta", "paragraph_text": "Beta is unrelated.", "is_supporting": false}, \
            {"title": "Gamma", "paragraph_text": "Gamma came in 1950.", "is_supporting": true}]}
            """
        let record = try JSONDecoder().decode(Corpora.HotpotRecord.self, from: Data(json.utf8))
        let spec = try #require(CaseBuilders.hotpotPlain([record], count: 1, seed: 42).first)
        let (text, passages) = Self.text(spec)
        #expect(text == "Alpha\nAlpha came in 1901.\n\nBeta\nBeta is unrelated.\n\nGamma\nGamma came in 1950.\n\nQuestion: Which came first?\nAnswer:")
        let bytes = Array(text.utf8)
        #expect(passages.map { String(decoding: bytes[$0], as: UTF8.self) } == ["Alpha\nAlpha came in 1901.", "Beta\nBeta is unrelated.", "Gamma\nGamma came in 1950."])
        guard case let .prompt(answers, gold, _, _) = spec.probe else { return }
        #expect(gold == [0, 2] && answers == ["Alpha"])
    }

    @Test("Scores: the whole prompt keeps everything; the context alone loses the question")
    func scores() throws {
        guard let tokenizer = Self.tokenizer else {
            #expect(!TestPaths.strict, "vocabulary missing")
            return
        }
        let spec = CaseBuilders.promptQA(Self.records(40), k: 5, count: 1, seed: 42, instructed: true)[0]
        let prepared = try QualityBench.prepare(spec, tokenizer: tokenizer, detector: ProtectedSpanDetector())
        let bytes = prepared.document.bytes
        func outcome(_ range: Range<Int>) -> Outcome {
            let kept = Array(bytes[range])
            return Outcome(bytes: kept, kept: [range], tokens: tokenizer.count(bytes: kept), overBudget: false, failed: false, nanoseconds: 0)
        }
        func hits(_ samples: [MetricSample?]) -> [Bool?] {
            samples.map { sample in sample.flatMap { if case let .hit(hit) = $0 { hit } else { nil } } }
        }
        // answer kept, instructions kept whole, question kept
        #expect(hits(QualityBench.score(.instructedQA, prepared, outcome(0..<bytes.count), tokenizer: tokenizer)) == [true, true, true])
        let question = bytes.count - Array("Answer:".utf8).count - 30
        let head = hits(QualityBench.score(.instructedQA, prepared, outcome(0..<question), tokenizer: tokenizer))
        #expect(head[1] == true && head[2] == false)
    }
}
