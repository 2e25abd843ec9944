import ArgumentParser
import Dispatch
import PromptCompression
import Synchronization

/// The default target of the commands that answer requests (`batch`,
/// `serve`, `mcp`): a request that names neither budget nor ratio gets it.
struct TargetOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: ArgumentHelp("The budget of requests that name none.", valueName: "N"))
    var budget: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp("The ratio of requests that name none.", valueName: "R"))
    var ratio: Double?

    func validate() throws {
        if budget != nil && ratio != nil { throw ValidationError("Give --budget or --ratio, not both.") }
        if let budget, budget < 0 { throw ValidationError("--budget must be ≥ 0, got \(budget)") }
        if let ratio, !(ratio >= 1) || !ratio.isFinite {
            throw ValidationError("--ratio must be a finite number ≥ 1, got \(Compress.describe(ratio))")
        }
    }

    var target: CompressionOptions.Target? {
        if let budget { return .tokens(budget) }
        if let ratio { return .ratio(ratio) }
        return nil
    }
}

/// Runs `body` on a task and waits for it on this thread.
///
/// `serve` and `mcp` are synchronous commands that wait for their server's
/// task: an async root command starts the concurrency runtime for every
/// subcommand, and with standard input closed its first descriptor took
/// number 0, so that `tersify count <&-` read an eventfd ("Invalid
/// argument") instead of failing on a closed descriptor.
func runBlocking(_ body: @escaping @Sendable () async throws -> Void) throws {
    let outcome = Mutex<Result<Void, any Error>>(.success(()))
    let done = DispatchSemaphore(value: 0)
    Task {
        do {
            try await body()
        } catch {
            outcome.withLock { $0 = .failure(error) }
        }
        done.signal()
    }
    done.wait()
    try outcome.withLock { $0 }.get()
}
