import PromptTokenizer

/// A run of bytes a subset document shares with its original.
struct SubsetPiece: Sendable {
    var subset: Int
    var original: Int
    var count: Int
}
