import Foundation
import PromptTokenizer

/// Hugging Face tokenizers 0.23.3 through `scripts/hf-tokenizers-reference.py`:
/// the token ids of test cases for a `tokenizer.json`, or the pieces its
/// pre-tokenizer cuts their normalized text into.
enum HuggingFaceReference {
    /// The reference's ids for each case (ordinary text, or every added
    /// token matched for `allowSpecial` cases); nil when Python or
    /// tokenizers is missing.
    static func encode(_ cases: [ParityCase], file: String) throws -> [[TokenID]]? {
        try TiktokenReference.run(cases, arguments: [file], script: "hf-tokenizers-reference.py")
    }

    /// The byte ends of the pre-tokenizer's pieces of each case's normalized
    /// text; nil when Python or tokenizers is missing.
    static func pieceEnds(_ cases: [ParityCase], file: String) throws -> [[Int]]? {
        try TiktokenReference.run(cases, arguments: ["--pieces", file], script: "hf-tokenizers-reference.py")?
            .map { $0.map(Int.init) }
    }
}
