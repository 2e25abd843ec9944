/// Every figure of a run, written as JSON.
public struct BenchReport: Sendable, Codable {
    public var settings: QualityBench.Settings
    /// The files read, with their verified SHA-256.
    public var data: [DataFile]
    /// SHA-256 of the manifest the data was checked against.
    public var manifestSHA256: String
    public var tasks: [TaskResult]
    public var wallSeconds: Double
    public var toolchain: String
}

public struct DataFile: Sendable, Codable {
    public var file: String
    public var sha256: String
}

/// One task: every method at every target.
public struct TaskResult: Sendable, Codable {
    public var task: BenchTaskKind
    public var summary: String
    public var cases: Int
    /// Metric names, the first the headline.
    public var metrics: [String]
    public var results: [MethodResult]
    /// The headline metric per group of cases (gold position, haystack
    /// length, needle depth), for every method and target.
    public var breakdown: [GroupResult] = []
    /// Wall time of the task, in seconds.
    public var wallSeconds: Double = 0

    public func result(_ method: Method, _ target: BenchTarget) -> MethodResult? {
        results.first { $0.method == method && $0.target == target }
    }
}

/// One method at one target over a task's cases.
public struct MethodResult: Sendable, Codable {
    public var method: Method
    public var target: BenchTarget
    public var cases: Int
    public var tokensBefore: Int
    public var tokensAfter: Int
    /// The budgets added up.
    public var budgetTokens: Int
    /// Input tokens over budget tokens (pooled).
    public var askedRatio: Double
    /// Input tokens over output tokens (pooled).
    public var achievedRatio: Double
    public var tokensSaved: Int
    /// Outputs above the budget (only a pass alone may be, or Tersify when
    /// the text it protects is over the budget alone).
    public var overBudget: Int
    /// Of `overBudget`, the outputs of Tersify (or retrieval alone) whose
    /// protected text (the question, the instructions, `<keep>` regions)
    /// was over the budget alone, as the engine reported; nil in reports
    /// written without it.
    public var overBudgetProtected: Int?
    /// Cases where the engine threw.
    public var failed: Int
    /// Outputs that were not exactly a subsequence of kept input ranges.
    public var nonExtractive: Int
    public var metrics: [String: Estimate]
    public var latencyP50Milliseconds: Double
    public var latencyP99Milliseconds: Double
}

/// The headline metric of one group of a task's cases.
public struct GroupResult: Sendable, Codable {
    public var group: String
    public var method: Method
    public var target: BenchTarget
    public var estimate: Estimate
}
