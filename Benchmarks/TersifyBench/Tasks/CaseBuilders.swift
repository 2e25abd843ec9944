import Foundation
import PromptTokenizer
import TersifyUtilities

/// How many cases each task draws.
public struct SampleSizes: Sendable, Hashable, Codable {
    /// Questions per NQ task (each at one gold position, positions cycled).
    public var nqQuestions: Int
    public var hotpotQuestions: Int
    public var kvRecords: Int
    /// Haystack lengths in tokens.
    public var needleLengths: [Int]
    /// Needle depths in percent.
    public var needleDepths: [Int]
    public var essays: Int
    /// Questions of `plain-qa` and `instructed-qa` (the same prompts, each
    /// at one gold position, positions cycled).
    public var promptQuestions: Int
    /// Questions of `hotpot-plain`.
    public var hotpotPlainQuestions: Int
    /// Questions of `code-qa`.
    public var codeQuestions: Int
    /// Questions of `doc-qa`.
    public var docQuestions: Int

    /// The full run: under ten minutes on 2 cores (release).
    public static let full = SampleSizes(
        nqQuestions: 200, hotpotQuestions: 250, kvRecords: 200,
        needleLengths: [1000, 2000, 4000, 8000, 16000, 32000], needleDepths: [0, 10, 25, 50, 75, 90, 100], essays: 49,
        promptQuestions: 250, hotpotPlainQuestions: 250, codeQuestions: 200, docQuestions: 200)
    /// `--quick`, for CI: under a minute.
    public static let quick = SampleSizes(
        nqQuestions: 25, hotpotQuestions: 25, kvRecords: 25,
        needleLengths: [1000, 4000, 8000], needleDepths: [0, 50, 100], essays: 6,
        promptQuestions: 25, hotpotPlainQuestions: 25, codeQuestions: 25, docQuestions: 25)
}

/// Builds the cases of each task from the verified data, deterministically from the seed.
enum CaseBuilders {
    /// The first `count` of `0..<total`, in a seeded random order.
    static func sample(_ total: Int, _ count: Int, seed: UInt64) -> [Int] {
        var indices = Array(0..<total)
        var generator = SplitMix64(seed: seed)
        generator.shuffle(&indices)
        return Array(indices.prefix(count))
    }

    /// The gold positions swept in an NQ prompt of `k` passages: first,
    /// quarter, middle, three quarters, last.
    static func goldPositions(_ k: Int) -> [Int] {
        Array(Set([0, (k - 1) / 4, (k - 1) / 2, 3 * (k - 1) / 4, k - 1])).sorted()
    }

    /// Record `gold` at position `at` among `k - 1` other records drawn
    /// without repeats from `0..<total`.
    static func passageOrder(gold: Int, at position: Int, of k: Int, from total: Int, generator: inout SplitMix64) -> [Int] {
        var order: [Int] = []
        var seen: Set<Int> = [gold]
        while order.count < k - 1 {
            let candidate = generator.below(total)
            if seen.insert(candidate).inserted { order.append(candidate) }
        }
        order.insert(gold, at: position)
        return order
    }

    /// NQ multi-document QA: each sampled question's gold passage among
    /// `k - 1` gold passages of other questions, in the lost-in-the-middle
    /// format `Document [i](Title: …) text`.
    static func naturalQuestions(_ records: [Corpora.NQRecord], k: Int, count: Int, seed: UInt64) -> [BenchCase] {
        let positions = goldPositions(k)
        return sample(records.count, count, seed: seed ^ stableHash("nq-\(k)")).enumerated().map { n, index in
            var generator = SplitMix64(seed: seed ^ stableHash("nq-\(k)-\(index)"))
            let gold = positions[n % positions.count]
            let order = passageOrder(gold: index, at: gold, of: k, from: records.count, generator: &generator)
            let passages = order.enumerated().map { slot, recordIndex in
                let context = records[recordIndex].ctxs[0]
                return "Document [\(slot + 1)](Title: \(context.title)) \(context.text)"
            }
            return BenchCase(id: "nq\(k)-q\(index)-pos\(gold)", groups: ["gold at \(gold + 1) of \(k)"], input: .passages(passages, separator: "\n"),
                             query: records[index].question, probe: .passages(answers: records[index].answers, gold: [gold]))
        }
    }

    /// HotpotQA distractor: the question's paragraphs as `Title: text`
    /// passages; a yes/no answer has no span to find.
    static func hotpotQA(_ records: [Corpora.HotpotRecord], count: Int, seed: UInt64) -> [BenchCase] {
        sample(records.count, count, seed: seed ^ stableHash("hotpotqa")).map { index in
            let record = records[index]
            let passages = record.contexts.map { "\($0.title): \($0.paragraph_text)" }
            let gold = record.contexts.indices.filter { record.contexts[$0].is_supporting }
            let answer = record.answers_objects.first?.spans.first ?? ""
            let answers = ["yes", "no", ""].contains(answer.lowercased()) ? [] : [answer]
            return BenchCase(id: "hotpot-\(record.question_id)", input: .passages(passages, separator: "\n\n"),
                             query: record.question_text, probe: .passages(answers: answers, gold: gold))
        }
    }

    /// Key-value retrieval: one `"key": "value"` pair a line; the asked key is the query.
    static func keyValue(_ records: [Corpora.KVRecord], count: Int, seed: UInt64) -> [BenchCase] {
        sample(records.count, count, seed: seed ^ stableHash("kv-75")).map { index in
            let record = records[index]
            let lines = record.ordered_kv_records.map { "\"\($0.first ?? "")\": \"\($0.dropFirst().first ?? "")\"" }
            return BenchCase(id: "kv-\(index)", input: .passages(lines, separator: ",\n"),
                             query: "Key: \"\(record.key)\"", probe: .exact("\"\(record.key)\": \"\(record.value)\""))
        }
    }

    /// Needle in a haystack: the essays joined in file-name order, cut to
    /// `length` tokens (less the needle's), the needle inserted at `depth`
    /// percent, moved back to just after a sentence's period as the
    /// reference tester does.
    static func needle(
        essays: [(name: String, text: String)], needle: Corpora.Needle, lengths: [Int], depths: [Int], tokenizer: Tokenizer
    ) -> [BenchCase] {
        let haystack = Array(essays.map(\.text).joined().utf8)
        let offsets = Baselines.tokenOffsets(haystack, tokenizer: tokenizer)
        let needleText = needle.single.needle
        let needleTokens = tokenizer.count(needleText)
        var cases: [BenchCase] = []
        for length in lengths {
            var end = offsets[min(max(length - needleTokens, 0), offsets.count - 1)]
            while end > 0 && end < haystack.count && haystack[end] & 0xC0 == 0x80 { end -= 1 }
            let context = haystack[0..<end]
            for depth in depths {
                var insert = depth >= 100 ? context.count : context.count * depth / 100
                if depth < 100 {
                    while insert > 0 && context[insert - 1] != UInt8(ascii: ".") { insert -= 1 }
                }
                let text = String(decoding: context[0..<insert], as: UTF8.self) + needleText
                    + String(decoding: context[insert...], as: UTF8.self)
                cases.append(BenchCase(id: "needle-\(length)-\(depth)", groups: ["\(length) tokens", "depth \(depth) %"], input: .text(text),
                                       query: needle.single.retrieval_question, probe: .exact(needleText)))
            }
        }
        return cases
    }

    /// Instruction paragraphs of `instructed-qa`, one a case in turn: a
    /// role, imperatives, a label, a request, one or several sentences.
    static let instructions = [
        "You are a helpful assistant. Answer the question using only the context below.",
        "Answer the question based on the passages below. If the answer is not in the passages, say \"I don't know\".",
        "Read the following documents carefully, then answer the question at the end with a short phrase.",
        "Instructions: use only the information in the text below to answer. Keep your answer brief and do not add facts that are not in the text.",
        "Please give a short, factual answer to the question at the end, using the texts that follow. Do not explain your answer.",
    ]

    /// A whole prompt from parts: `instructions` (if any) and the passages
    /// as paragraphs, then `Question: …` and an empty `Answer:` line; with
    /// the byte ranges of the passages.
    static func prompt(instructions: String?, passages: [String], question: String) -> (String, [Range<Int>]) {
        var text = instructions.map { $0 + "\n\n" } ?? ""
        var ranges: [Range<Int>] = []
        for passage in passages {
            let start = text.utf8.count
            text += passage
            ranges.append(start..<text.utf8.count)
            text += "\n\n"
        }
        text += "Question: \(question)\nAnswer:"
        return (text, ranges)
    }

    /// `plain-qa` and, with `instructed`, `instructed-qa` (the same
    /// questions, passages and positions): an NQ question's gold passage
    /// among `k - 1` gold passages of other questions, texts only (no
    /// title, no `Document [n]`), joined by blank lines, then the question.
    static func promptQA(_ records: [Corpora.NQRecord], k: Int, count: Int, seed: UInt64, instructed: Bool) -> [BenchCase] {
        let positions = goldPositions(k)
        return sample(records.count, count, seed: seed ^ stableHash("plain-qa")).enumerated().map { n, index in
            var generator = SplitMix64(seed: seed ^ stableHash("plain-qa-\(index)"))
            let gold = positions[n % positions.count]
            let order = passageOrder(gold: index, at: gold, of: k, from: records.count, generator: &generator)
            let record = records[index]
            let question = record.question.hasSuffix("?") ? record.question : record.question + "?"
            let instruction = instructed ? instructions[n % instructions.count] : nil
            let (text, ranges) = prompt(instructions: instruction, passages: order.map { records[$0].ctxs[0].text }, question: question)
            return BenchCase(
                id: "\(instructed ? "instructed" : "plain")-q\(index)-pos\(gold)", groups: ["gold at \(gold + 1) of \(k)"],
                input: .prompt(text, passages: ranges), query: nil,
                probe: .prompt(answers: record.answers, gold: [gold], question: "Question: \(question)", instructions: instruction))
        }
    }

    /// `hotpot-plain`: the questions of `hotpotqa` (the same sample), the
    /// paragraphs as pasted text (the title on its own line above each),
    /// then the question. A passage is the title line and its paragraph; a
    /// yes/no answer has no span to find.
    static func hotpotPlain(_ records: [Corpora.HotpotRecord], count: Int, seed: UInt64) -> [BenchCase] {
        sample(records.count, count, seed: seed ^ stableHash("hotpotqa")).map { index in
            let record = records[index]
            let question = record.question_text.trimmingCharacters(in: .whitespaces)
            let (text, ranges) = prompt(instructions: nil, passages: record.contexts.map { "\($0.title)\n\($0.paragraph_text)" },
                                        question: question)
            let gold = record.contexts.indices.filter { record.contexts[$0].is_supporting }
            let answer = record.answers_objects.first?.spans.first ?? ""
            let answers = ["yes", "no", ""].contains(answer.lowercased()) ? [] : [answer]
            return BenchCase(id: "hotpot-plain-\(record.question_id)", input: .prompt(text, passages: ranges), query: nil,
                             probe: .prompt(answers: answers, gold: gold, question: "Question: \(question)", instructions: nil))
        }
    }

    /// Query-free prose: whole essays.
    static func essays(_ essays: [(name: String, text: String)], count: Int, seed: UInt64) -> [BenchCase] {
        sample(essays.count, count, seed: seed ^ stableHash("essays")).sorted().map { index in
            BenchCase(id: "essay-\(essays[index].name)", input: .text(essays[index].text), query: nil, probe: .prose)
        }
    }
}
