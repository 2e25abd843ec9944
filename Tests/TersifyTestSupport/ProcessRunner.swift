// The process runner and the seeded generator live in TersifyUtilities,
// shared with the quality suite and the benchmarks; the tests get them
// through this module.
@_exported import TersifyUtilities

/// The tests' name for `SplitMix64`.
package typealias SeededGenerator = SplitMix64
