import Foundation

/// What a finished program wrote and how it exited.
public struct ProcessOutput: Sendable {
    public let status: Int32
    public let stdout: Data
    public let stderr: Data
    public var text: String { String(decoding: stdout, as: UTF8.self) }
    public var errorText: String { String(decoding: stderr, as: UTF8.self) }
}

/// Runs a program to its end, feeding `stdin` and collecting both output streams.
///
/// Standard input is written and standard error read on their own threads, so
/// that no pipe fills up and blocks the program.
///
/// - Parameters:
///   - environment: Variables to set on top of this process's environment.
public func runProcess(
    _ executable: String, _ arguments: [String], stdin: Data = Data(), environment: [String: String] = [:]
) throws -> ProcessOutput {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if !environment.isEmpty {
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    let input = Pipe(), output = Pipe(), error = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = error
    try process.run()

    let writer = input.fileHandleForWriting
    Thread {
        writer.write(stdin)
        try? writer.close()
    }.start()
    final class Box: @unchecked Sendable { var data = Data() }
    let errorBox = Box()
    let done = DispatchSemaphore(value: 0)
    let errorHandle = error.fileHandleForReading
    Thread {
        errorBox.data = errorHandle.readDataToEndOfFile()
        done.signal()
    }.start()
    let stdout = output.fileHandleForReading.readDataToEndOfFile()
    done.wait()
    process.waitUntilExit()
    return ProcessOutput(status: process.terminationStatus, stdout: stdout, stderr: errorBox.data)
}

/// SplitMix64: small, seeded, the same sequence on every platform.
public struct SeededGenerator: RandomNumberGenerator {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// A number in `0..<bound`, without the platform's algorithm (stable across Swift versions).
    public mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}
