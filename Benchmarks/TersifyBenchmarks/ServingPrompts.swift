import Foundation
import PromptTokenizer
import TersifyBench
import TersifyUtilities

/// The prompts of `tersify-benchmarks prompts`: whole prompts of about a
/// given number of tokens, built deterministically from the shared corpora.
///
///     nq        an instruction paragraph, NaturalQuestions passages (one
///               the question's gold passage, at a position that moves
///               from prompt to prompt) as paragraphs, "Question: …?" and
///               an empty "Answer:" line
///     hotpotqa  HotpotQA paragraphs, each under its title line (the
///               question's own ten first, then other questions' as
///               distractors), shuffled, then the question
///     essays    lines of consecutive Paul Graham essays (hard-wrapped
///               prose, as the corpus has it), from a different essay
///               each prompt; no question
///
/// Passages are added while the prompt is under the size (each counted on
/// its own), so a prompt is the size or one passage over it.
struct ServingPrompts {
    enum Source: String, CaseIterable {
        case nq, hotpotqa, essays

        /// Whether the prompts end with a question.
        var hasQuestion: Bool { self != .essays }
    }

    /// One prompt and its exact token count.
    struct Prompt {
        var bytes: [UInt8]
        var tokens: Int
    }

    let naturalQuestions: [Corpora.NQRecord]
    let hotpot: [Corpora.HotpotRecord]
    let essays: [(name: String, text: String)]
    let tokenizer: Tokenizer
    let seed: UInt64

    /// Reads and verifies the three corpora (`corpora/eval/manifest.tsv`).
    init(data: String, tokenizer: Tokenizer, seed: UInt64) throws {
        var corpora = Corpora(folder: data, manifest: try DataManifest(contentsOf: DataManifest.defaultPath()))
        naturalQuestions = try corpora.naturalQuestions()
        hotpot = try corpora.hotpotQA()
        essays = try corpora.essays()
        self.tokenizer = tokenizer
        self.seed = seed
    }

    static let instruction = "Answer the question using only the passages below. If they do not hold the answer, say that you do not know."

    /// `count` prompts of `source` of about `size` tokens.
    func prompts(_ source: Source, size: Int, count: Int) -> [Prompt] {
        (0..<count).map { n in
            var generator = SplitMix64(seed: seed ^ Self.fnv1a("\(source.rawValue)-\(size)-\(n)"))
            let text: String
            switch source {
            case .nq: text = nqPrompt(n, size: size, generator: &generator)
            case .hotpotqa: text = hotpotPrompt(n, size: size, generator: &generator)
            case .essays: text = essayPrompt(n, size: size)
            }
            let bytes = Array(text.utf8)
            return Prompt(bytes: bytes, tokens: tokenizer.count(bytes: bytes))
        }
    }

    /// FNV-1a of a name's UTF-8 bytes: a seed that does not depend on the
    /// standard library's per-process hashing.
    static func fnv1a(_ name: String) -> UInt64 {
        name.utf8.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
    }

    /// Passages drawn by `next` until their tokens reach `size`.
    private func fill(size: Int, start: Int = 0, _ next: () -> String) -> [String] {
        var passages: [String] = []
        var tokens = start
        while tokens < size {
            let passage = next()
            tokens += tokenizer.count(passage) + 1
            passages.append(passage)
        }
        return passages
    }

    private func nqPrompt(_ n: Int, size: Int, generator: inout SplitMix64) -> String {
        let records = naturalQuestions
        let question = records[generator.below(records.count)]
        let asked = question.question.hasSuffix("?") ? question.question : question.question + "?"
        let overhead = tokenizer.count(Self.instruction) + tokenizer.count(asked) + 6
        var passages = fill(size: size, start: overhead) { records[generator.below(records.count)].ctxs[0].text }
        // The gold passage replaces one of them, at a position that moves.
        passages[(n * 7) % passages.count] = question.ctxs[0].text
        return Self.instruction + "\n\n" + passages.joined(separator: "\n\n") + "\n\nQuestion: \(asked)\nAnswer:"
    }

    private func hotpotPrompt(_ n: Int, size: Int, generator: inout SplitMix64) -> String {
        let records = hotpot
        let record = records[(n * 37 + size) % records.count]
        let asked = record.question_text.trimmingCharacters(in: .whitespaces)
        // Supporting paragraphs first, so that small prompts hold them.
        let own = record.contexts.filter(\.is_supporting) + record.contexts.filter { !$0.is_supporting }
        var next = 0
        var passages = fill(size: size, start: tokenizer.count(asked) + 4) {
            defer { next += 1 }
            if next < own.count { return own[next].title + "\n" + own[next].paragraph_text }
            let other = records[generator.below(records.count)].contexts
            let context = other[generator.below(other.count)]
            return context.title + "\n" + context.paragraph_text
        }
        generator.shuffle(&passages)
        return passages.joined(separator: "\n\n") + "\n\nQuestion: \(asked)"
    }

    private func essayPrompt(_ n: Int, size: Int) -> String {
        var essay = (n * 7) % essays.count
        var lines = essays[essay].text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        let kept = fill(size: size) {
            while lines.isEmpty {
                essay = (essay + 1) % essays.count
                lines = essays[essay].text.split(separator: "\n", omittingEmptySubsequences: false)[...]
            }
            return String(lines.removeFirst())
        }
        return kept.joined(separator: "\n")
    }
}
