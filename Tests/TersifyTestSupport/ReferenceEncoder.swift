import Foundation
import PromptTokenizer

/// A slow, obviously correct encoder to test the fast path against: the
/// tokenizer's split expression (its one step, tiktoken's expression)
/// through ICU's regular expressions (Foundation), and the textbook merge
/// loop over arrays of byte arrays.
///
/// ICU's Unicode tables may be older than tiktoken's (16.0): characters
/// assigned since then can split differently.
///
/// Shared by the parity tests and the tokenizer fuzz target (Fuzz/).
public struct ReferenceEncoder: @unchecked Sendable {
    public let ranks: [[UInt8]: TokenID]
    public let regex: NSRegularExpression

    public init(tokenizer: Tokenizer) throws {
        var ranks: [[UInt8]: TokenID] = [:]
        for id in 0..<TokenID(tokenizer.vocabularySize) where tokenizer.specialTokens.values.contains(id) == false {
            if let bytes = try? tokenizer.bytes(of: id) { ranks[bytes] = id }
        }
        self.ranks = ranks
        // ICU supports the possessive quantifiers, the look-ahead and the case-insensitive group.
        self.regex = try NSRegularExpression(pattern: tokenizer.splitSteps.first?.regex ?? "")
    }

    public func pieces(_ text: String) -> [String] {
        let ns = text as NSString
        return regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range) }
    }

    public func encode(_ text: String) -> [TokenID] {
        pieces(text).flatMap { merge(Array($0.utf8)) }
    }

    /// Merge the lowest-ranked adjacent pair, leftmost first, until none is a token.
    public func merge(_ piece: [UInt8]) -> [TokenID] {
        if let whole = ranks[piece] { return [whole] }
        var parts = piece.map { [$0] }
        while parts.count > 1 {
            var best: (rank: TokenID, index: Int)? = nil
            for i in 0..<(parts.count - 1) {
                if let rank = ranks[parts[i] + parts[i + 1]], rank < best?.rank ?? .max { best = (rank, i) }
            }
            guard let best else { break }
            parts[best.index] += parts[best.index + 1]
            parts.remove(at: best.index + 1)
        }
        return parts.map { ranks[$0]! }
    }
}
