import Foundation
import PromptCompression
import PromptTokenizer

/// A size to compress to: a ratio of the input's tokens, or a token budget.
public enum BenchTarget: Sendable, Hashable, Codable, CustomStringConvertible {
    case ratio(Double)
    case tokens(Int)

    /// The budget for a prompt of `tokens` tokens, computed as `Compressor` does.
    public func budget(for tokens: Int) -> Int {
        switch self {
        case let .ratio(ratio): Int((Double(tokens) / ratio).rounded(.down))
        case let .tokens(budget): budget
        }
    }

    public var description: String {
        switch self {
        case let .ratio(ratio): ratio == ratio.rounded() ? "\(Int(ratio))x" : "\(ratio)x"
        case let .tokens(budget): "\(budget) tok"
        }
    }
}

/// A document ready for every method: built once per case.
struct PreparedCase: Sendable {
    var spec: BenchCase
    var document: PromptDocument
    /// Byte ranges of the passages (passage and prompt input).
    var passageRanges: [Range<Int>]
    /// Prose expectations, for query-free cases.
    var numbers: [String] = []
    var entities: [String] = []
    var contentWords: [String] = []
}

/// One case's metric values: a proportion's success, a fraction, or nothing
/// when the metric does not apply (a yes/no answer has no span).
enum MetricSample: Sendable {
    case hit(Bool)
    case fraction(Double)
}

extension QualityBench {
    static func prepare(_ spec: BenchCase, tokenizer: Tokenizer, detector: ProtectedSpanDetector) throws(CompressionError) -> PreparedCase {
        switch spec.input {
        case let .passages(passages, separator):
            let document = try PromptDocument(passages: passages, separator: separator, tokenizer: tokenizer)
            var ranges: [Range<Int>] = []
            var offset = 0
            for passage in passages {
                let length = passage.utf8.count
                ranges.append(offset..<offset + length)
                offset += length + separator.utf8.count
            }
            return PreparedCase(spec: spec, document: document, passageRanges: ranges)
        case let .text(text):
            let document = try PromptDocument(text: Array(text.utf8), tokenizer: tokenizer, detector: detector)
            var prepared = PreparedCase(spec: spec, document: document, passageRanges: [])
            if case .prose = spec.probe {
                prepared.numbers = ProseMetrics.numbers(in: text)
                prepared.entities = ProseMetrics.namedEntities(in: text)
                prepared.contentWords = ProseMetrics.contentWords(in: text)
            }
            return prepared
        case let .prompt(text, passages):
            // The baselines' document; Tersify reads the prompt itself.
            let document = try PromptDocument(text: Array(text.utf8), tokenizer: tokenizer, detector: detector)
            return PreparedCase(spec: spec, document: document, passageRanges: passages)
        }
    }

    /// Runs one method on one prepared case at `budget`.
    static func run(
        _ method: Method, on prepared: PreparedCase, budget: Int, compressor base: Compressor, seed: UInt64
    ) -> Outcome {
        let tokenizer = base.tokenizer
        let document = prepared.document
        let start = DispatchTime.now().uptimeNanoseconds
        var kept: [Range<Int>]?
        var bytes: [UInt8] = []
        var failed = false
        var protectedOverBudget = false
        if let compressor = method.compressor(base) {
            do {
                let result: CompressionResult
                if case .prompt = prepared.spec.input {
                    // The whole prompt, as `tersify compress` reads it: no query given.
                    let options = PromptOptions(target: .tokens(budget), bestEffort: true)
                    let out = try compressor.compress(prompt: document.bytes, options: options)
                    result = out.result
                    kept = complement(of: result.drops.map(\.range) + out.document.markers, length: document.bytes.count)
                } else {
                    let options = CompressionOptions(target: .tokens(budget), query: prepared.spec.query, bestEffort: true)
                    result = try compressor.compress(document, options: options)
                    kept = complement(of: result.drops.map(\.range) + document.markers, length: document.bytes.count)
                }
                bytes = result.bytes
                // Without retrieval the flag means only that the passes fell short.
                protectedOverBudget = compressor.retrieval && result.overBudget
            } catch {
                failed = true
            }
        } else {
            let ranges: [Range<Int>] = switch method {
            case .head: Baselines.head(document.bytes, budget: budget, tokenizer: tokenizer)
            case .tail: Baselines.tail(document.bytes, budget: budget, tokenizer: tokenizer)
            case .headAndTail: Baselines.headAndTail(document.bytes, budget: budget, tokenizer: tokenizer)
            default:
                Baselines.randomSentences(document, budget: budget, tokenizer: tokenizer,
                                          seed: seed ^ stableHash(prepared.spec.id) ^ UInt64(budget))
            }
            bytes = ranges.flatMap { document.bytes[$0] }
            kept = ranges
        }
        let elapsed = DispatchTime.now().uptimeNanoseconds - start
        // Trust nothing: the output must be exactly the kept input ranges, and is counted again.
        if let ranges = kept, ranges.reduce(0, { $0 + $1.count }) != bytes.count
            || !ranges.flatMap({ document.bytes[$0] }).elementsEqual(bytes) {
            kept = nil
        }
        let tokens = tokenizer.count(bytes: bytes)
        return Outcome(bytes: bytes, kept: failed ? [] : kept, tokens: tokens, overBudget: tokens > budget,
                       protectedOverBudget: protectedOverBudget, failed: failed, nanoseconds: elapsed)
    }

    /// The byte ranges of `0..<length` outside `removed`.
    static func complement(of removed: [Range<Int>], length: Int) -> [Range<Int>] {
        var kept: [Range<Int>] = []
        var cursor = 0
        for range in removed.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if range.lowerBound > cursor { kept.append(cursor..<min(range.lowerBound, length)) }
            cursor = max(cursor, range.upperBound)
        }
        if cursor < length { kept.append(cursor..<length) }
        return kept.filter { !$0.isEmpty }
    }

    /// The tokens of the bytes of `range` that `kept` keeps, over the tokens of `range`, at most 1.
    static func keptTokenFraction(_ range: Range<Int>, kept: [Range<Int>], document: PromptDocument, tokenizer: Tokenizer) -> Double {
        let whole = tokenizer.count(bytes: document.bytes[range])
        guard whole > 0 else { return 1 }
        var bytes: [UInt8] = []
        for part in kept {
            let low = max(part.lowerBound, range.lowerBound), high = min(part.upperBound, range.upperBound)
            if low < high { bytes.append(contentsOf: document.bytes[low..<high]) }
        }
        return min(1, Double(tokenizer.count(bytes: bytes)) / Double(whole))
    }

    /// The metric values of one outcome, in the order of `kind.metrics`.
    static func score(_ kind: BenchTaskKind, _ prepared: PreparedCase, _ outcome: Outcome, tokenizer: Tokenizer) -> [MetricSample?] {
        let text = String(decoding: outcome.bytes, as: UTF8.self)
        let document = prepared.document
        switch prepared.spec.probe {
        case let .prompt(answers, gold, question, instructions):
            let folded = AnswerMatch.foldWhitespace(text)
            func kept(_ part: String) -> MetricSample { .hit(folded.contains(AnswerMatch.foldWhitespace(part))) }
            let wholes = gold.allSatisfy { folded.contains(AnswerMatch.foldWhitespace(String(decoding: document.bytes[prepared.passageRanges[$0]], as: UTF8.self))) }
            let answer: MetricSample? = answers.isEmpty ? nil : .hit(AnswerMatch.contains(text, anyOf: answers))
            switch kind {
            case .hotpotPlain: return [.hit(wholes), answer, kept(question)]
            case .instructedQA: return [answer, instructions.map(kept), kept(question)]
            default: return [answer, kept(question), .hit(wholes)]
            }
        case let .code(function, functions, question):
            let folded = AnswerMatch.foldWhitespace(text)
            func kept(_ part: String) -> Bool { folded.contains(AnswerMatch.foldWhitespace(part)) }
            // A function whose first line (no other function's) is kept must be kept whole.
            let headers = functions.map { $0.split(separator: "\n").first { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("@") }.map(String.init) ?? "" }
            var seen: [String: Int] = [:]
            for header in headers { seen[header, default: 0] += 1 }
            let cut = functions.indices.contains { seen[headers[$0]] == 1 && kept(headers[$0]) && !kept(functions[$0]) }
            return [.hit(kept(function)), .hit(kept(question)), .hit(!cut)]
        case let .entries(gold, entries, question):
            let folded = AnswerMatch.foldWhitespace(text)
            let questionKept = MetricSample.hit(folded.contains(AnswerMatch.foldWhitespace(question)))
            guard let kept = outcome.kept else {
                let entry = String(decoding: document.bytes[gold], as: UTF8.self)
                return [.hit(folded.contains(AnswerMatch.foldWhitespace(entry))), questionKept, nil]
            }
            // Bytes other than white space: kept all, none, or some.
            let cut = entries.contains { keptShare($0, kept: kept, bytes: document.bytes) == .some }
            return [.hit(keptShare(gold, kept: kept, bytes: document.bytes) == .all), questionKept, .hit(!cut)]
        case let .passages(answers, gold):
            let folded = AnswerMatch.foldWhitespace(text)
            let wholes = gold.map { folded.contains(AnswerMatch.foldWhitespace(String(decoding: document.bytes[prepared.passageRanges[$0]], as: UTF8.self))) }
            let fraction: MetricSample? = outcome.kept.map { kept in
                let fractions = gold.map { keptTokenFraction(prepared.passageRanges[$0], kept: kept, document: document, tokenizer: tokenizer) }
                return .fraction(fractions.reduce(0, +) / Double(max(fractions.count, 1)))
            }
            let answer: MetricSample? = answers.isEmpty ? nil : .hit(AnswerMatch.contains(text, anyOf: answers))
            if kind == .hotpotQA {
                return [.hit(wholes.allSatisfy { $0 }), answer, fraction]
            }
            return [answer, .hit(wholes.allSatisfy { $0 }), fraction]
        case let .exact(needle):
            let hit = MetricSample.hit(AnswerMatch.foldWhitespace(text).contains(AnswerMatch.foldWhitespace(needle)))
            guard kind == .needle else { return [hit] }
            // The needle's range in the input: its first occurrence.
            let needleBytes = Array(needle.utf8)
            let fraction: MetricSample? = outcome.kept.flatMap { kept in
                guard let start = firstIndex(of: needleBytes, in: document.bytes) else { return nil }
                return .fraction(keptTokenFraction(start..<start + needleBytes.count, kept: kept, document: document, tokenizer: tokenizer))
            }
            return [hit, fraction]
        case .prose:
            return [
                ProseMetrics.recall(prepared.contentWords, in: ProseMetrics.contentWords(in: text)).map { .fraction($0) },
                ProseMetrics.recall(prepared.numbers, in: ProseMetrics.numbers(in: text)).map { .fraction($0) },
                ProseMetrics.recall(prepared.entities, in: ProseMetrics.namedEntities(in: text)).map { .fraction($0) },
            ]
        }
    }

    /// How much of the bytes of `range` other than white space `kept` keeps.
    enum Share { case none, some, all }
    static func keptShare(_ range: Range<Int>, kept: [Range<Int>], bytes: [UInt8]) -> Share {
        var keptCount = 0, total = 0
        var k = kept.firstIndex { $0.upperBound > range.lowerBound } ?? kept.count
        for i in range {
            let b = bytes[i]
            guard b != UInt8(ascii: " ") && b != UInt8(ascii: "\n") && b != UInt8(ascii: "\t") && b != UInt8(ascii: "\r") else { continue }
            total += 1
            while k < kept.count && kept[k].upperBound <= i { k += 1 }
            if k < kept.count && kept[k].contains(i) { keptCount += 1 }
        }
        return keptCount == 0 ? .none : keptCount == total ? .all : .some
    }

    static func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard !needle.isEmpty, needle.count <= haystack.count else { return nil }
        var index = 0
        while index + needle.count <= haystack.count {
            if haystack[index] == needle[0] && haystack[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}

extension BenchTarget {
    /// Parses `4x`, `4` (a ratio) or `256t`, `256 tok` (a budget).
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let number = trimmed.hasSuffix("tok") ? Int(trimmed.dropLast(3).trimmingCharacters(in: .whitespaces))
            : trimmed.hasSuffix("t") ? Int(trimmed.dropLast()) : nil {
            guard number >= 1 else { return nil }
            self = .tokens(number)
        } else if let ratio = Double(trimmed.hasSuffix("x") ? String(trimmed.dropLast()) : trimmed), ratio >= 1, ratio.isFinite {
            self = .ratio(ratio)
        } else {
            return nil
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let target = BenchTarget(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a target: \(text)"))
        }
        self = target
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
