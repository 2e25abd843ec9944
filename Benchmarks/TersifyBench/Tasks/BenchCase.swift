/// The tasks of the suite.
public enum BenchTaskKind: String, Sendable, CaseIterable, Codable {
    case nq10 = "nq-10"
    case nq20 = "nq-20"
    case nq30 = "nq-30"
    case hotpotQA = "hotpotqa"
    case keyValue = "kv-75"
    case needle = "needle"
    case essays = "essays"
    case plainQA = "plain-qa"
    case instructedQA = "instructed-qa"
    case hotpotPlain = "hotpot-plain"
    case codeQA = "code-qa"
    case docQA = "doc-qa"

    /// A one-line description for the report.
    public var summary: String {
        switch self {
        case .nq10, .nq20, .nq30:
            "NaturalQuestions-open: the gold passage among \(documents - 1) passages of other questions, gold position swept"
        case .hotpotQA: "HotpotQA distractor: 2 supporting paragraphs among 10"
        case .keyValue: "Key-value retrieval: 75 UUID pairs, one line each, the asked key as query"
        case .needle: "Needle in a haystack: Paul Graham essays, needle at a depth, its question as query"
        case .essays: "Query-free prose: whole Paul Graham essays, no query"
        case .plainQA:
            "Whole prompt: an NQ gold passage among \(documents - 1) passages of other questions as plain paragraphs, then the question; gold position swept"
        case .instructedQA: "Whole prompt: the plain-qa prompts with an instruction paragraph first"
        case .hotpotPlain: "Whole prompt: HotpotQA's paragraphs as plain text, each under its title line, then the question"
        case .codeQA: "Whole prompt: five Python files (fenced, or pasted bare), then a question naming one function"
        case .docQA: "Whole prompt: three man pages as man renders them, then a question naming one option of one of them"
        }
    }

    /// The number of passages in an NQ prompt.
    public var documents: Int {
        switch self {
        case .nq10: 10
        case .nq20: 20
        case .nq30: 30
        case .plainQA, .instructedQA: 5
        default: 0
        }
    }

    /// The metrics, the first one the headline.
    public var metrics: [MetricKind] {
        switch self {
        case .nq10, .nq20, .nq30:
            [.proportion("answer kept"), .proportion("gold passage kept whole"), .mean("gold tokens kept")]
        case .hotpotQA:
            [.proportion("both supporting kept"), .proportion("answer kept"), .mean("supporting tokens kept")]
        case .keyValue: [.proportion("pair kept")]
        case .needle: [.proportion("needle kept"), .mean("needle tokens kept")]
        case .essays: [.mean("content-word recall"), .mean("number recall"), .mean("entity recall")]
        case .plainQA: [.proportion("answer kept"), .proportion("question kept"), .proportion("gold passage kept whole")]
        case .instructedQA: [.proportion("answer kept"), .proportion("instructions kept whole"), .proportion("question kept")]
        case .hotpotPlain: [.proportion("both supporting kept"), .proportion("answer kept"), .proportion("question kept")]
        case .codeQA: [.proportion("function kept whole"), .proportion("question kept"), .proportion("no function cut")]
        case .docQA: [.proportion("entry kept whole"), .proportion("question kept"), .proportion("no entry cut")]
        }
    }
}

/// A quality metric: a proportion of cases (Wilson interval) or a mean of
/// per-case fractions (normal interval).
public enum MetricKind: Sendable, Hashable {
    case proportion(String)
    case mean(String)

    public var name: String {
        switch self {
        case let .proportion(name), let .mean(name): name
        }
    }
}

/// One prompt of a task, with what must survive.
public struct BenchCase: Sendable {
    /// How the prompt is given to the engine.
    public enum Input: Sendable {
        /// Retrieved passages, one document each (`PromptDocument(passages:)`).
        case passages([String], separator: String)
        /// Plain text with protected spans detected (`PromptDocument(text:detector:)`).
        case text(String)
        /// A whole prompt as a user pastes it, with the byte ranges of its
        /// passages (for the probe). Tersify and its ablations get the text
        /// alone through `Compressor.compress(prompt:options:)`, which finds
        /// the question and the instructions itself; the baselines cut the
        /// same text.
        case prompt(String, passages: [Range<Int>])
    }

    /// What to look for in the output.
    public enum Probe: Sendable {
        /// Answers to find (normalized) and the passages that must be kept.
        case passages(answers: [String], gold: [Int])
        /// An exact string that must be kept, white space folded.
        case exact(String)
        /// Query-free prose: retention proxies.
        case prose
        /// A whole prompt: answers to find (normalized), the passages that
        /// must be kept, and the question line and instructions (if any)
        /// that must be kept whole, white space folded.
        case prompt(answers: [String], gold: [Int], question: String, instructions: String?)
        /// Code and a question about one function: the function that must
        /// be kept whole, every function of the prompt (a kept first line
        /// must come with the whole function), and the question line.
        case code(function: String, functions: [String], question: String)
        /// Documentation and a question about one entry: the byte range of
        /// the entry that must be kept whole (its option line and whole
        /// description), the ranges of every entry of the prompt (each kept
        /// whole or left out whole), and the question line.
        case entries(gold: Range<Int>, entries: [Range<Int>], question: String)
    }

    public var id: String
    /// Labels of the breakdowns this case counts in (gold position, haystack length, depth).
    public var groups: [String] = []
    public var input: Input
    public var query: String?
    public var probe: Probe

    public init(id: String, groups: [String] = [], input: Input, query: String?, probe: Probe) {
        self.id = id
        self.groups = groups
        self.input = input
        self.query = query
        self.probe = probe
    }
}
