import Foundation
@testable import PromptTokenizer
import TersifyTestSupport
import FuzzSupport

// libFuzzer target: cl100k_base and o200k_base encoding of arbitrary bytes.
//
// Input: one control byte, then the text bytes (any bytes, valid UTF-8 or not).
// The control byte's high bit selects o200k_base (when it is in the cache).
// Invariants checked on every input:
//   - `decodeBytes(encodeOrdinary(bytes:))` gives the bytes back;
//   - `count(bytes:)` equals the number of tokens, every ID is in the vocabulary;
//   - encoding the chunks `_chunkBoundaries` cuts (chunk size from the control
//     byte, so tiny chunks are tried) and concatenating gives the same tokens
//     as encoding the whole: the parallel encoder's correctness condition;
//   - for valid UTF-8: the String API gives the same tokens, and so does the
//     slow reference encoder for cl100k_base (ICU regex split, textbook
//     merge loop; shared with the parity tests in TersifyTestSupport);
//   - `encode(_:allowedSpecial: .all)` decodes back to the text;
//   - decoding the input bytes read as token IDs either succeeds or throws
//     `unknownToken` for an ID outside the vocabulary, never traps.
//
// Build and run with scripts/fuzz.sh.

let cl100k: Tokenizer = {
    do {
        return try Tokenizer.named("cl100k_base")
    } catch {
        fatalError("FuzzTokenizer: \(error) (run scripts/fetch-vocabulary.sh --all)")
    }
}()
let reference: ReferenceEncoder = {
    do {
        return try ReferenceEncoder(tokenizer: cl100k)
    } catch {
        fatalError("FuzzTokenizer: reference encoder: \(error)")
    }
}()
/// o200k_base, when it is in the cache. Checked without the reference
/// encoder: Foundation leaks the compiled o200k pattern (LeakSanitizer
/// reports it at exit); the parity tests compare its split with tiktoken's.
let o200k: Tokenizer? = try? Tokenizer.named("o200k_base")

@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    let control = data[0]
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let tokenizer = control & 0x80 != 0 ? o200k ?? cl100k : cl100k

    let ids = tokenizer.encodeOrdinary(bytes: bytes)
    check(ids.allSatisfy { Int($0) < tokenizer.vocabularySize }, "an ID outside the vocabulary", bytes)
    check(tokenizer.count(bytes: bytes) == ids.count, "count(bytes:) != encodeOrdinary(bytes:).count", bytes)
    do {
        check(try tokenizer.decodeBytes(ids) == bytes, "decodeBytes(encodeOrdinary(bytes:)) != bytes", bytes)
    } catch {
        check(false, "decodeBytes threw \(error) for its own encoding", bytes)
    }

    // Chunked encoding, as the parallel encoder does it.
    let chunkSize = 1 + Int(control & 0x3F)
    bytes.withUnsafeBufferPointer { buffer in
        let cuts = tokenizer._chunkBoundaries(buffer, chunkSize: chunkSize)
        var chunked: [TokenID] = []
        for (start, end) in zip(cuts, cuts.dropFirst()) {
            chunked += tokenizer.encodeOrdinary(bytes: buffer[start..<end])
        }
        check(chunked == ids, "chunks of \(chunkSize) cut at \(cuts) encode differently", bytes)
    }

    if let text = String(validating: bytes, as: UTF8.self) {
        check(tokenizer.encodeOrdinary(text) == ids, "String and byte APIs differ", bytes)
        check(tokenizer.encodeOrdinaryParallel(text, chunkSize: 4096) == ids, "parallel encoding differs", bytes)
        if tokenizer.splitPattern == .cl100k {
            let expected = reference.encode(text)
            check(expected == ids, "reference \(expected) != fast \(ids)", bytes)
        }
        do {
            let special = try tokenizer.encode(text, allowedSpecial: .all)
            check(try tokenizer.decode(special) == text, "encode(allowedSpecial: .all) does not round-trip", bytes)
        } catch {
            check(false, "encode(allowedSpecial: .all) threw \(error)", bytes)
        }
    }

    // Arbitrary IDs: decoded, or rejected with the offending ID.
    if control & 0x40 != 0 {
        var arbitrary: [TokenID] = []
        var i = 0
        while i + 3 < bytes.count {
            let id = TokenID(bytes[i]) | TokenID(bytes[i + 1]) << 8 | TokenID(bytes[i + 2]) << 16 | TokenID(bytes[i + 3] & 0x01) << 24
            arbitrary.append(id)
            i += 4
        }
        do {
            _ = try tokenizer.decodeBytes(arbitrary)
            check(arbitrary.allSatisfy { (try? tokenizer.bytes(of: $0)) != nil }, "decoded an unknown ID", bytes)
        } catch let error {
            guard case let .unknownToken(id) = error else {
                check(false, "decodeBytes threw \(error)", bytes)
                return 0
            }
            check(arbitrary.contains(id) && (try? tokenizer.bytes(of: id)) == nil, "unknownToken(\(id)) is wrong", bytes)
        }
    }
    return 0
}
