/// SplitMix64: small, seeded, the same sequence on every platform and
/// Swift version (its helpers do not use the standard library's random
/// algorithms). Shared by the quality suite, the benchmarks and the tests.
///
///     var generator = SplitMix64(seed: 42)
///     let index = generator.below(10)
package struct SplitMix64: RandomNumberGenerator, Sendable {
    package var state: UInt64
    package init(seed: UInt64) { state = seed }
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// A number in `0..<bound`, without the platform's algorithm (stable across Swift versions).
    package mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    /// An element of `items`, chosen by `below(_:)`.
    package mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    /// Fisher–Yates with `below(_:)`.
    package mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for index in stride(from: items.count - 1, to: 0, by: -1) { items.swapAt(index, below(index + 1)) }
    }
}
