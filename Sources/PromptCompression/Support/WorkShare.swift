import Dispatch

/// The work one compression shares between its own thread and a second
/// one: parts of the coarse stage's scans, of the candidates' sentences and
/// of near-duplicate signing (`runShared`), and counts the call needs only
/// later (`offer`: the candidates' count, the count after a lossless pass).
///
/// The compressor makes one for a call (`Compressor._compressInTwoStages`)
/// and hands it to the stages that share work: the coarse selection, the
/// candidates' document, the sentence structure and the passes (through
/// `PassContext`); a stage given none does all of its work on its own
/// thread. The second thread is lent to the share, which runs `serve()` on
/// it: the thread counting the document's input (`WorkShare(beside:)`),
/// which goes on counting the input's chunks (`between`) whenever no job
/// waits:
///
///     compressing thread   parts ──── wait   …   parts ── wait   …   total (waits for the last chunk)
///     lent thread          chunk  parts       chunk  parts       chunk  chunk  stops
///
/// Invariants:
/// - A job runs once, on whichever thread takes it first (`SideJob`), and
///   the thread that offered it ends with `runIfUntaken()` then `wait()`:
///   a job the lent thread has not started by then runs on the offering
///   thread, so no caller waits for a thread that has not come.
/// - The lent thread takes a waiting job before its next step of `between`
///   (one chunk of the count, about 0.3 ms): the count, needed only at the
///   end, waits instead of the compression.
/// - Once the lent thread has stopped (no job waits and `between` has no
///   work left), or when no thread was lent, an offered job goes to a block
///   of the global queue: two threads busy, not three.
/// - What a stage computes never depends on which thread ran which part:
///   `runShared` returns the parts' results in the parts' order, and each
///   stage merges them in that order (each has a test that it gives the
///   figures of one thread).
final class WorkShare: Sendable {
    /// Parts a shared run is cut into (`runShared`; `balancedCuts`).
    static let parts = 8

    private struct State {
        /// Offered jobs the lent thread has not taken, oldest first.
        var jobs: [SideJob] = []
        /// Whether a lent thread takes jobs: from the start until it stops,
        /// or until `stopServing()` says none will come.
        var serving = true
    }

    private let state = Locked(State())
    /// One step of the lent thread's own work, done when no job waits;
    /// returns false when none is left.
    private let between: @Sendable () -> Bool

    /// A share whose second thread is yet to be lent: it calls `serve()`,
    /// or `stopServing()` is called when none will.
    ///
    /// - Parameter between: One step of the work the lent thread does when
    ///   no job waits (it must end); returns false when none is left.
    init(between: @escaping @Sendable () -> Bool) {
        self.between = between
    }

    /// The lent thread's loop: the oldest waiting job, else a step of
    /// `between`, until neither is left. Later jobs go to the global queue.
    func serve() {
        while true {
            if let job = nextJob(stoppingIfNone: false) {
                job.runIfUntaken()
            } else if !between() {
                guard let job = nextJob(stoppingIfNone: true) else { return }
                job.runIfUntaken()
            }
        }
    }

    /// No thread will be lent: offered jobs go to the global queue.
    func stopServing() {
        state.withLock { $0.serving = false }
    }

    private func nextJob(stoppingIfNone: Bool) -> SideJob? {
        state.withLock { state in
            if !state.jobs.isEmpty { return state.jobs.removeFirst() }
            if stoppingIfNone { state.serving = false }
            return nil
        }
    }

    /// Offers `job` to the lent thread, or once it has stopped to a block of
    /// the global queue. The caller ends with `job.runIfUntaken()` then
    /// `job.wait()`: a job no other thread has started by then runs on the
    /// caller's thread.
    func offer(_ job: SideJob) {
        let queued = state.withLock { state in
            guard state.serving else { return false }
            state.jobs.append(job)
            return true
        }
        if !queued {
            DispatchQueue.global(qos: .userInitiated).async { job.runIfUntaken() }
        }
    }

    /// Runs `body` on every part of `parts` (ranges of items, in order) on
    /// this thread and on the lent thread when it takes the offer (or, once
    /// it has stopped, a block of the global queue): each thread takes the
    /// next part nobody has taken, so both finish about together.
    ///
    /// - Returns: The results in the order of `parts`, whichever thread made
    ///   them.
    func runShared<Part>(_ parts: [Range<Int>], _ body: @escaping @Sendable (Range<Int>) -> Part) -> [Part] {
        let next = Locked(0)
        let results = Locked<[Part?]>(Array(repeating: nil, count: parts.count))
        let work: @Sendable () -> Void = {
            while true {
                let index = next.withLock { next in
                    defer { next += 1 }
                    return next
                }
                guard index < parts.count else { return }
                let value = body(parts[index])
                results.withLock { $0[index] = value }
            }
        }
        let job = SideJob(work)
        if parts.count > 1 { offer(job) }
        work()
        // Not started elsewhere: taken here, it finds no part left.
        job.runIfUntaken()
        job.wait()
        return results.withLock { $0.map { $0! } }
    }
}

