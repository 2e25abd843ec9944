import ArgumentParser
import Foundation
import PromptCompression

/// A failure with its documented exit code and a one-line message.
///
///     0   success (empty input gives empty output)
///     1   runtime error: missing or unreadable file, missing or corrupt
///         vocabulary, unknown token id, write failure
///     3   the budget is below the protected content (or unreachable with
///         the chosen passes when retrieve is off)
///     4   the input is not valid UTF-8 (compress refuses it without --bytes)
///     5   malformed JSON, or not a chat request, with --messages
///     64  usage error: unknown option, bad option value
struct CLIFailure: Error, CustomStringConvertible {
    enum Code: Int32 {
        case runtime = 1
        case budget = 3
        case invalidUTF8 = 4
        case malformedJSON = 5
    }

    let code: Int32
    let message: String
    var description: String { message }

    init(_ code: Code, _ message: String) {
        self.code = code.rawValue
        self.message = message
    }

    /// The exit code of a library error.
    static func code(for error: CompressionError) -> Int32 {
        switch error {
        case .budgetBelowProtected, .budgetUnreachable: Code.budget.rawValue
        case .malformedMessages: Code.malformedJSON.rawValue
        case .invalidTarget, .invalidProtectionPattern: ExitCode.validationFailure.rawValue
        default: Code.runtime.rawValue
        }
    }
}

/// Writes one line to standard error: `Error: message` by default.
func printError(_ message: String, prefix: String = "Error: ") {
    writeStandardError(prefix + message + "\n")
}

/// Writes text to standard error; a failure is ignored, since there is
/// nowhere left to report it (`FileHandle.write` trapped instead).
func writeStandardError(_ text: String) {
    try? writeAll(Array(text.utf8), to: STDERR_FILENO, name: "standard error")
}

/// Writes a file atomically: the bytes go to a temporary file in the same
/// folder, which is flushed and then renamed over `path`. A reader sees the
/// old file or the new one, never a part; an input file named as the
/// output is replaced by rename, never written in place.
func writeAtomically(_ bytes: [UInt8], to path: String) throws {
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent().path
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
        throw CLIFailure(.runtime, "\(path): no such folder \(folder)")
    }
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
        throw CLIFailure(.runtime, "\(path): is a directory")
    }
    var template = Array((folder + "/." + url.lastPathComponent + ".tersify-XXXXXX").utf8CString)
    let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard descriptor >= 0 else {
        throw CLIFailure(.runtime, "\(path): cannot create a temporary file (\(String(cString: strerror(errno))))")
    }
    let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    func fail(_ what: String) -> CLIFailure {
        let reason = String(cString: strerror(errno))
        close(descriptor)
        unlink(temporary)
        return CLIFailure(.runtime, "\(path): \(what) (\(reason))")
    }
    // Keep the mode of a file being replaced; mkstemp makes 0600, a new file gets 0644 less the umask.
    var info = stat()
    var mode: mode_t = 0o644
    if stat(path, &info) == 0 {
        mode = info.st_mode & 0o7777
    } else {
        let mask = umask(0)
        umask(mask)
        mode &= ~mask
    }
    guard fchmod(descriptor, mode) == 0 else { throw fail("cannot set the mode") }
    var written = 0
    while written < bytes.count {
        let n = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + written, bytes.count - written) }
        if n < 0 {
            if errno == EINTR { continue }
            throw fail("write failed")
        }
        written += n
    }
    guard fsync(descriptor) == 0 else { throw fail("cannot flush") }
    guard close(descriptor) == 0 else {
        unlink(temporary)
        throw CLIFailure(.runtime, "\(path): cannot close (\(String(cString: strerror(errno))))")
    }
    guard rename(temporary, path) == 0 else {
        let reason = String(cString: strerror(errno))
        unlink(temporary)
        throw CLIFailure(.runtime, "\(path): cannot rename the temporary file (\(reason))")
    }
}
