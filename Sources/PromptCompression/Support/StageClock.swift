/// Times consecutive stages of one compression into a `StageTimes`, for
/// the benchmarks; without one it reads no clock and builds no name.
///
///     var clock = StageClock(stageTimes)
///     scan()
///     clock.lap("document: protection scan")   // since the clock was made
///     segment()
///     clock.lap("fine: sentences")             // since the last lap
struct StageClock {
    private let times: StageTimes?
    private var start: ContinuousClock.Instant?

    init(_ times: StageTimes?) {
        self.times = times
        start = times == nil ? nil : ContinuousClock.now
    }

    /// Adds the time since the last lap (or since the clock was made) to `stage`.
    @inline(__always)
    mutating func lap(_ stage: @autoclosure () -> String) {
        guard let times, let start else { return }
        let now = ContinuousClock.now
        times.add(stage(), from: start, to: now)
        self.start = now
    }

    /// Starts the next lap now, leaving the time since the last one out.
    @inline(__always)
    mutating func restart() {
        if times != nil { start = ContinuousClock.now }
    }
}
