import Foundation
import FuzzSupport
@testable import PromptTokenizer

// libFuzzer target: `.tiktoken` vocabulary parsing and encoding with
// arbitrary vocabularies.
//
// Input: one control byte, then vocabulary text. When bit 0 of the control
// byte is set, the 256 single-byte tokens (ranks 0…255) are put first, so
// that most inputs load and the encoder runs on odd vocabularies: tokens
// that no merge reaches, ranks out of order, large gaps between ranks.
// Invariants:
//   - parsing returns a vocabulary or throws a `TokenizerError` (never traps);
//   - a loaded vocabulary encodes a fixed sample and the input itself, and
//     decoding gives the bytes back; `count` agrees with `encodeOrdinary`.
// BPE with an arbitrary vocabulary need not match the merge loop of the
// cl100k reference, so no differential check here (FuzzTokenizer does it).
//
// Build and run with scripts/fuzz.sh.

let byteTokens: [UInt8] = {
    var lines: [UInt8] = []
    for byte in 0...255 {
        lines += Array(Data([UInt8(byte)]).base64EncodedString().utf8)
        lines += Array(" \(byte)\n".utf8)
    }
    return lines
}()
let sample = Array("Hello, world! Don't panic: 42 tokens, 3.14159… 日本語 🏳️‍🌈\n\n  indented\tcode();\r\n".utf8)

@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    let input = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let file = data[0] & 1 != 0 ? byteTokens + input : input
    let vocabulary: Vocabulary
    do {
        vocabulary = try file.withUnsafeBufferPointer { buffer throws(TokenizerError) in
            try Vocabulary.parseTiktoken(buffer, path: "fuzz.tiktoken")
        }
    } catch {
        switch error {
        case .malformedLine, .duplicateRank, .duplicateToken, .missingByteToken: return 0
        default:
            check(false, "parseTiktoken threw \(error)", input)
            return 0
        }
    }
    let tokenizer = Tokenizer(name: "fuzz", vocabulary: vocabulary, splitPattern: .cl100k, specialTokens: [:])
    for text in [sample, input] {
        let ids = tokenizer.encodeOrdinary(bytes: text)
        check(tokenizer.count(bytes: text) == ids.count, "count != encodeOrdinary.count", input)
        do {
            check(try tokenizer.decodeBytes(ids) == text, "decodeBytes(encodeOrdinary) != text", input)
        } catch {
            check(false, "decodeBytes threw \(error) for its own encoding", input)
        }
    }
    return 0
}
