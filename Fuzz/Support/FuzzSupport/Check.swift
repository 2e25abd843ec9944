/// How `check` shows the input that broke an invariant.
package enum FuzzInputFormat {
    /// The first 64 bytes in hexadecimal (binary inputs).
    case hex
    /// The first 200 bytes as text (JSON inputs).
    case text
}

/// Stops the fuzzer when an invariant fails, naming the target (the module
/// of the caller), the broken invariant and the start of the input; libFuzzer
/// then writes the input to the crash folder (scripts/fuzz.sh).
///
///     check(decoded == bytes, "decode(encode(x)) != x", bytes)
///
/// - Parameters:
///   - condition: The invariant.
///   - message: What broke, evaluated only on failure.
///   - input: The fuzzer's input, shown in `format`.
package func check(
    _ condition: Bool, _ message: @autoclosure () -> String, _ input: [UInt8],
    format: FuzzInputFormat = .hex, fileID: StaticString = #fileID
) {
    guard !condition else { return }
    let target = "\(fileID)".split(separator: "/").first.map(String.init) ?? "fuzz target"
    switch format {
    case .hex:
        fatalError("\(target): \(message()); input \(input.count) bytes: \(input.prefix(64).map { String($0, radix: 16) })")
    case .text:
        fatalError("\(target): \(message()); input \(input.count) bytes: \(String(decoding: input.prefix(200), as: UTF8.self))")
    }
}
