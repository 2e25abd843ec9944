import Foundation

/// What a finished program wrote and how it exited.
package struct ProcessOutput: Sendable {
    package let status: Int32
    package let stdout: Data
    package let stderr: Data
    package var text: String { String(decoding: stdout, as: UTF8.self) }
    package var errorText: String { String(decoding: stderr, as: UTF8.self) }
}

/// Runs a program to its end, feeding `stdin` and collecting both output streams.
///
/// Standard input is written and standard error read on their own threads, so
/// that no pipe fills up and blocks the program. Shared by the quality
/// suite (gzip) and the tests (the `tersify` binary).
///
///     let gzip = try runProcess("/bin/gzip", ["-dc"], stdin: compressed)
///     guard gzip.status == 0 else { … gzip.errorText … }
///
/// - Parameters:
///   - executable: The program's path.
///   - arguments: Its arguments.
///   - stdin: The bytes written to its standard input, which is then closed.
///   - environment: Variables to set on top of this process's environment.
/// - Returns: The exit status (or the signal's number, for a crash) and
///   everything written to standard output and standard error.
/// - Throws: Foundation's error when the program cannot be started.
package func runProcess(
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
