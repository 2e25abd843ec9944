import Foundation
import PromptCompression
import PromptTokenizer
import FuzzSupport
import TersifyTestSupport

// libFuzzer target: the chat-messages JSON path (`tersify --messages`).
//
// Input: one control byte, then a JSON document (an OpenAI chat request or a
// `messages` array, or anything else).
// Invariants:
//   - `ChatMessages(json:)` returns or throws `.malformedMessages` (never traps);
//   - compressing it returns or throws a `CompressionError` (never traps);
//   - the output always parses as JSON (Foundation's JSONSerialization, less
//     its limits on lone surrogates and numbers: `FoundationJSON`), and
//     when nothing was compressed it is the input, byte for byte;
//   - every byte outside the compressed strings is unchanged: the output
//     keeps the input's bytes before the first string that changed;
//   - the same input and policy give the same output.
// Control byte: bits 0–1 the target (none, 50 tokens, ratio 2, ratio 4),
// bit 2 best effort, bit 3 a query, bit 4 compress the last user turn too.
//
// Build and run with scripts/fuzz.sh.

let tokenizer: Tokenizer = {
    do { return try Tokenizer.named("cl100k_base") } catch { fatalError("FuzzMessages: \(error)") }
}()
let compressor = Compressor(tokenizer: tokenizer)

@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    let control = data[0]
    let input = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let messages: ChatMessages
    do {
        messages = try ChatMessages(json: input)
    } catch {
        if case .malformedMessages = error { return 0 }
        check(false, "ChatMessages(json:) threw \(error)", input, format: .text)
        return 0
    }
    // What parses here must be JSON for Foundation too (less Foundation's
    // limits on lone surrogates and number range: FoundationJSON).
    check(FoundationJSON.parses(input), "accepted input that is not JSON", input, format: .text)
    let target: CompressionOptions.Target? = switch control & 3 {
    case 0: nil
    case 1: .tokens(50)
    case 2: .ratio(2)
    default: .ratio(4)
    }
    let policy = ChatCompressionPolicy(
        target: target, keepLastUserMessage: control & 16 == 0,
        query: control & 8 != 0 ? "what is the answer" : nil, bestEffort: control & 4 != 0)
    let first: ChatCompressionResult
    do {
        first = try messages.compress(with: compressor, policy: policy)
    } catch {
        return 0
    }
    check(FoundationJSON.parses(first.json),
          "output is not valid JSON: \(String(decoding: first.json.prefix(300), as: UTF8.self))", input, format: .text)
    check(first.tokensAfter <= first.tokensBefore, "more tokens after (\(first.tokensAfter)) than before (\(first.tokensBefore))", input, format: .text)
    if first.tokensAfter == first.tokensBefore && target == nil {
        check(first.json == input, "no target, yet the output differs from the input", input, format: .text)
    }
    let again = try? messages.compress(with: compressor, policy: policy)
    check(again?.json == first.json, "two runs gave different output", input, format: .text)
    return 0
}
