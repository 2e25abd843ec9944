/// Wall-clock time of each stage of one compression, for the benchmarks
/// (`tersify-benchmarks compression` prints them); off unless a
/// `Compressor.stageTimes` is set.
package final class StageTimes: @unchecked Sendable {
    /// (stage, seconds), in the order they ran; a stage that runs twice adds up.
    package private(set) var entries: [(stage: String, seconds: Double)] = []
    /// Shed iterations of the exact budget loop (renders and counts of the output).
    package var shedCounts = 0

    package init() {}

    package func reset() {
        entries.removeAll()
        shedCounts = 0
    }

    func add(_ stage: String, since start: ContinuousClock.Instant) {
        add(stage, from: start, to: .now)
    }

    func add(_ stage: String, from start: ContinuousClock.Instant, to end: ContinuousClock.Instant) {
        let elapsed = end - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        if let index = entries.firstIndex(where: { $0.stage == stage }) {
            entries[index].seconds += seconds
        } else {
            entries.append((stage, seconds))
        }
    }
}
