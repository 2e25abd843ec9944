import Dispatch
import Foundation
@testable import PromptCompression
import Testing

@Suite("Work shared with a second thread")
struct WorkShareTests {
    /// A share whose lent thread is a block of the global queue, with
    /// `steps` steps of its own work; returns the share and the steps done.
    static func lent(steps: Int) -> (WorkShare, Locked<Int>) {
        let done = Locked(0)
        let share = WorkShare(between: {
            done.withLock { done in
                guard done < steps else { return false }
                done += 1
                return true
            }
        })
        DispatchQueue.global().async { share.serve() }
        return (share, done)
    }

    @Test("shared runs give every part's result in the parts' order, and the lent thread's own work is all done")
    func sharedRunsInOrder() throws {
        let (share, done) = Self.lent(steps: 500)
        for round in 0..<20 {
            let parts = balancedCuts(1_000 + round, parts: WorkShare.parts) { $0 % 7 + 1 }
            let results: [[Int]] = share.runShared(parts) { part in part.map { $0 * 3 } }
            #expect(results.flatMap { $0 } == (0..<(1_000 + round)).map { $0 * 3 })
        }
        // The lent thread stops once its own work is done; later jobs go to the global queue.
        let deadline = Date().addingTimeInterval(20)
        while done.withLock({ $0 }) < 500 && Date() < deadline { usleep(1_000) }
        #expect(done.withLock { $0 } == 500)
        let ran = Locked(false)
        share.offer(SideJob { ran.withLock { $0 = true } })
        while !ran.withLock({ $0 }) && Date() < deadline { usleep(1_000) }
        #expect(ran.withLock { $0 })
    }

    @Test("with no thread lent yet, an offered job runs on the thread that needs it")
    func untakenJobRunsHere() {
        let share = WorkShare(between: { false })
        let job = SideJob {}
        share.offer(job)
        #expect(job.runIfUntaken())
        job.wait()
        #expect(share.runShared([0..<3, 3..<5]) { $0.count } == [3, 2])
        share.stopServing()
        #expect(share.runShared([0..<3, 3..<5, 5..<9]) { $0.count } == [3, 2, 4])
    }

    @Test("a share beside an input count borrows its background thread, and the count stays exact")
    func besideInputCount() throws {
        let tokenizer = TestTokenizers.cl100k
        let bytes = Array(String(repeating: "The count goes on between the jobs. ", count: 20_000).utf8)
        let count = InputTokenCount(bytes: bytes, tokenizer: tokenizer, inBackground: true)
        let share = try #require(WorkShare(beside: count) as WorkShare?)
        let parts = balancedCuts(4_000, parts: WorkShare.parts) { _ in 1 }
        let sums: [Int] = share.runShared(parts) { $0.reduce(0, +) }
        #expect(sums.reduce(0, +) == 4_000 * 3_999 / 2)
        #expect(count.total == tokenizer.count(bytes: bytes))
        // Lent once: a second share's jobs go to the global queue.
        let second = try #require(WorkShare(beside: count) as WorkShare?)
        let counts: [Int] = second.runShared(parts) { $0.count }
        #expect(counts.reduce(0, +) == 4_000)
        // No background thread, no share.
        #expect(WorkShare(beside: InputTokenCount(bytes: bytes, tokenizer: tokenizer, inBackground: false)) == nil)
    }
}
