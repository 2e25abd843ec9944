import PromptTokenizer

/// The count of rendered bytes offered to the thread counting the input
/// (`InputTokenCount.offer`); taken here if no other thread has started it.
final class CountJob: Sendable {
    private let job: SideJob
    private let result = Locked(0)

    init(_ bytes: [UInt8], tokenizer: Tokenizer, helper: InputTokenCount) {
        let result = self.result
        job = SideJob { result.withLock { $0 = tokenizer.count(bytes: bytes) } }
        if !helper.offer(job) { job.runIfUntaken() }
    }

    var value: Int {
        job.runIfUntaken()
        job.wait()
        return result.withLock { $0 }
    }
}
