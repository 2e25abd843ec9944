import PromptCompression
import PromptTokenizer
import TersifyUtilities

/// The baselines: cuts at token or sentence boundaries, counted exactly
/// with the tokenizer, never above the budget.
public enum Baselines {
    /// The byte offset after each token of `bytes` (`[0, end of token 1, …]`).
    static func tokenOffsets(_ bytes: [UInt8], tokenizer: Tokenizer) -> [Int] {
        let ids = tokenizer.encodeOrdinary(bytes: bytes)
        var offsets = [0]
        offsets.reserveCapacity(ids.count + 1)
        for id in ids { offsets.append(offsets.last! + ((try? tokenizer.bytes(of: id).count) ?? 0)) }
        return offsets
    }

    /// The longest run of whole tokens from the start that counts at most `budget` tokens.
    public static func head(_ bytes: [UInt8], budget: Int, tokenizer: Tokenizer) -> [Range<Int>] {
        let offsets = tokenOffsets(bytes, tokenizer: tokenizer)
        var n = min(max(budget, 0), offsets.count - 1)
        // Re-encoding a prefix can merge differently at the cut: count exactly.
        while n > 0 && tokenizer.count(bytes: bytes[0..<offsets[n]]) > budget { n -= 1 }
        return n > 0 ? [0..<offsets[n]] : []
    }

    /// The longest run of whole tokens at the end that counts at most `budget` tokens.
    public static func tail(_ bytes: [UInt8], budget: Int, tokenizer: Tokenizer) -> [Range<Int>] {
        let offsets = tokenOffsets(bytes, tokenizer: tokenizer)
        let total = offsets.count - 1
        var n = min(max(budget, 0), total)
        while n > 0 && tokenizer.count(bytes: bytes[offsets[total - n]..<bytes.count]) > budget { n -= 1 }
        return n > 0 ? [offsets[total - n]..<bytes.count] : []
    }

    /// Half the budget (rounded down) of tokens from the start, the rest
    /// from the end, the two parts never overlapping; the joined output
    /// counts at most `budget` tokens.
    public static func headAndTail(_ bytes: [UInt8], budget: Int, tokenizer: Tokenizer) -> [Range<Int>] {
        let offsets = tokenOffsets(bytes, tokenizer: tokenizer)
        let total = offsets.count - 1
        if budget >= total, tokenizer.count(bytes: bytes) <= budget { return bytes.isEmpty ? [] : [0..<bytes.count] }
        var headCount = min(max(budget, 0) / 2, total)
        var tailCount = min(max(budget, 0) - headCount, total - headCount)
        func ranges() -> [Range<Int>] {
            let head = 0..<offsets[headCount]
            let tail = offsets[total - tailCount]..<bytes.count
            return [head, tail].filter { !$0.isEmpty }
        }
        func count(_ ranges: [Range<Int>]) -> Int { tokenizer.count(bytes: ranges.flatMap { bytes[$0] }) }
        // Shrink the larger side first until the joined text fits.
        while headCount + tailCount > 0 && count(ranges()) > budget {
            if tailCount >= headCount { tailCount -= 1 } else { headCount -= 1 }
        }
        return ranges()
    }

    /// Sentences in a seeded random order, each kept while the estimated
    /// total fits, output in text order; then, counted exactly, the last
    /// drawn go until the output fits.
    public static func randomSentences(
        _ document: PromptDocument, budget: Int, tokenizer: Tokenizer, seed: UInt64
    ) -> [Range<Int>] {
        var generator = SplitMix64(seed: seed)
        var order = Array(document.sentences.indices)
        generator.shuffle(&order)
        var chosen: [Int] = []
        var estimate = 0
        for index in order where estimate + document.sentences[index].tokens <= budget {
            chosen.append(index)
            estimate += document.sentences[index].tokens
        }
        func ranges() -> [Range<Int>] { chosen.sorted().map { document.sentences[$0].range } }
        while !chosen.isEmpty && tokenizer.count(bytes: ranges().flatMap { document.bytes[$0] }) > budget {
            chosen.removeLast()
        }
        return ranges()
    }
}

/// A stable 64-bit hash of a string (FNV-1a), for per-case seeds.
func stableHash(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return hash
}
