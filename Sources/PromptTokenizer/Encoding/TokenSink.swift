/// Where encoded token identifiers go: an array, or just a counter.
protocol TokenSink {
    mutating func append(_ id: TokenID)
    /// How many tokens were appended: a mark to roll back to.
    var mark: Int { get }
    /// Forgets the tokens appended after `mark`.
    mutating func rollback(to mark: Int)
}
