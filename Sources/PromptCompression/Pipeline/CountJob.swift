import PromptTokenizer

/// The count of rendered bytes offered to a compression's work share
/// (`WorkShare.offer`); taken here if no other thread has started it.
final class CountJob: Sendable {
    private let job: SideJob
    private let result = Locked(0)

    init(_ bytes: [UInt8], tokenizer: Tokenizer, share: WorkShare) {
        let result = self.result
        job = SideJob { result.withLock { $0 = tokenizer.count(bytes: bytes) } }
        share.offer(job)
    }

    var value: Int {
        job.runIfUntaken()
        job.wait()
        return result.withLock { $0 }
    }
}
