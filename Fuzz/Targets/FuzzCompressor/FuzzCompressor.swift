import Foundation
import PromptCompression
import PromptTokenizer
import FuzzSupport

// libFuzzer target: the compressor's invariants on arbitrary bytes.
//
// Input: two control bytes, then the prompt (any bytes, valid UTF-8 or not).
//   control[0]: budget, as a percentage (0…99) of the input's tokens, or a
//               small absolute budget (0…27) when the high bits say so
//   control[1]: bit 0 query, bit 1 best effort, bit 2 stopword pass, bit 3
//               retrieval off, bit 4 question = the last line, bit 5 no
//               protection detector
// Invariants, whenever `compress` returns:
//   - never above the budget unless `overBudget` (and then only because of
//     protected text, with `bestEffort`); `tokensAfter` is the exact count;
//   - the output is the input minus the reported drops and `<keep>` markers,
//     hence extractive and in order;
//   - no drop touches a protected span, none cuts into an atomic span;
//   - the same input gives the same output (deterministic).
// Errors allowed: `budgetBelowProtected`, `budgetUnreachable` (retrieval off)
// and `inputTooLarge`; any other error, or a trap, is a finding.
//
// Build and run with scripts/fuzz.sh.

let tokenizer: Tokenizer = {
    do {
        return try Tokenizer.named("cl100k_base")
    } catch {
        fatalError("FuzzCompressor: \(error) (run scripts/fetch-vocabulary.sh)")
    }
}()
let detector = ProtectedSpanDetector()

/// Sorted, merged union of ranges.
func merged(_ ranges: [Range<Int>]) -> [Range<Int>] {
    var result: [Range<Int>] = []
    for range in ranges.filter({ !$0.isEmpty }).sorted(by: { $0.lowerBound < $1.lowerBound }) {
        if let last = result.last, range.lowerBound <= last.upperBound {
            result[result.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
        } else {
            result.append(range)
        }
    }
    return result
}

@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 1 else { return 0 }
    let budgetByte = data[0], flags = data[1]
    let bytes = Array(UnsafeBufferPointer(start: data + 2, count: size - 2))

    var question: Range<Int>? = nil
    if flags & 0x10 != 0, let newline = bytes.lastIndex(of: UInt8(ascii: "\n")) {
        question = (newline + 1)..<bytes.count
    }
    let document: PromptDocument
    do {
        if flags & 0x20 != 0 {
            document = try PromptDocument(text: bytes, tokenizer: tokenizer)
        } else {
            document = try PromptDocument(text: bytes, tokenizer: tokenizer, detector: detector, question: question)
        }
    } catch {
        if case .inputTooLarge = error { return 0 }
        check(false, "PromptDocument threw \(error)", bytes)
        return 0
    }
    check(document.tokens == tokenizer.count(bytes: bytes), "document.tokens is not the input's count", bytes)

    let budget = budgetByte >= 0xE4 ? Int(budgetByte - 0xE4) : document.tokens * Int(budgetByte % 100) / 100
    var compressor = Compressor(tokenizer: tokenizer)
    if flags & 0x04 != 0 { compressor.passes.append(StopwordPass()) }
    compressor.retrieval = flags & 0x08 == 0
    let query: String? = flags & 0x01 == 0 ? nil : question.map { String(decoding: bytes[$0], as: UTF8.self) } ?? "what is the answer"
    let options = CompressionOptions(target: .tokens(budget), query: query, bestEffort: flags & 0x02 != 0)

    let result: CompressionResult
    do {
        result = try compressor.compress(document, options: options)
    } catch {
        switch error {
        case .budgetBelowProtected, .inputTooLarge: return 0
        case .budgetUnreachable where !compressor.retrieval: return 0
        default:
            check(false, "compress threw \(error)", bytes)
            return 0
        }
    }

    let output = result.bytes
    check(result.tokensAfter == tokenizer.count(bytes: output), "tokensAfter \(result.tokensAfter) is not the output's count", bytes)
    check(result.tokensAfter <= budget || (result.overBudget && options.bestEffort),
          "\(result.tokensAfter) tokens over the budget of \(budget) (overBudget \(result.overBudget))", bytes)

    // The output is the input without the drops and the markers.
    let removed = merged(result.drops.map(\.range) + document.markers)
    var rendered: [UInt8] = []
    var position = 0
    for range in removed {
        check(range.lowerBound >= 0 && range.upperBound <= bytes.count, "drop \(range) outside the input", bytes)
        rendered += bytes[position..<range.lowerBound]
        position = range.upperBound
    }
    rendered += bytes[position...]
    check(rendered == output, "the output is not the input minus the reported drops", bytes)

    // Protected spans intact, atomic spans whole or gone.
    for drop in result.drops {
        check(!document.protected.contains { $0.overlaps(drop.range) }, "drop \(drop.range) (\(drop.reason.pass)) touches a protected span", bytes)
    }
    for span in document.atomic {
        let cut = removed.contains { $0.overlaps(span) && !($0.lowerBound <= span.lowerBound && $0.upperBound >= span.upperBound) }
        // A span removed by two adjacent drops is merged above, so partial
        // overlap means a cut: allowed only where nothing else fit and the
        // span alone is over the budget (the cut of the best unit, reported
        // in `cutUnits`).
        let allowed = result.cutUnits > 0 && tokenizer.count(bytes: bytes[span]) > budget
        check(!cut || allowed, "atomic span \(span) is cut", bytes)
    }

    do {
        check(try compressor.compress(document, options: options).bytes == output, "not deterministic", bytes)
    } catch {
        check(false, "second run threw \(error)", bytes)
    }
    return 0
}
