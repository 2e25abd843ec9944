import PromptTokenizer

/// Tokens a pass saved, measured exactly on the rendered text before and after it.
public struct PassReport: Sendable, Hashable {
    public var pass: String
    public var tokensSaved: Int
    public var drops: Int
}
