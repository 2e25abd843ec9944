import Foundation

/// Times a closure: warm-up runs, then `runs` timed runs; the median and best.
struct Measurement {
    var seconds: [Double]
    var median: Double { seconds.sorted()[seconds.count / 2] }
    var best: Double { seconds.min()! }
}

/// Keeps results alive so the optimizer cannot drop the measured work.
nonisolated(unsafe) var blackHole: UInt64 = 0

@inline(never)
func consume(_ value: Int) { blackHole &+= UInt64(truncatingIfNeeded: value) }

func measure(runs: Int, warmup: Int = 1, _ body: () -> Int) -> Measurement {
    for _ in 0..<warmup { consume(body()) }
    var seconds: [Double] = []
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        consume(body())
        seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return Measurement(seconds: seconds)
}

/// Formats a number with a fixed number of decimals.
func fixed(_ value: Double, _ decimals: Int = 1) -> String { String(format: "%.\(decimals)f", value) }

/// Whether this binary was built with optimizations (benchmarks of debug builds mean nothing).
var isOptimized: Bool {
    #if DEBUG
    return false
    #else
    return true
    #endif
}
