import Foundation

/// Gzip decoding by the system's `gzip -dc`.
///
/// Why a process and not zlib: `gzip` is an Essential Debian package (on
/// every machine and CI), while linking zlib needs its headers (`zlib1g-dev`)
/// and a C target; the suite decompresses three files of 1–2 MB once per
/// run (about 50 ms), so a process costs nothing that shows. The input is
/// handed over on standard input from verified bytes, so what is decoded is
/// exactly what was checked.
enum Gzip {
    /// Decompresses `bytes`.
    ///
    /// - Parameter file: The name used in errors.
    /// - Throws: `BenchError.gzip` when gzip is missing or the data is not gzip.
    static func decompress(_ bytes: [UInt8], file: String) throws(BenchError) -> [UInt8] {
        let candidates = ["/bin/gzip", "/usr/bin/gzip"]
        guard let gzip = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw .gzip(file: file, reason: "gzip not found in /bin or /usr/bin")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: gzip)
        process.arguments = ["-dc"]
        let input = Pipe(), output = Pipe(), error = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        do { try process.run() } catch { throw .gzip(file: file, reason: "\(error)") }
        let writer = input.fileHandleForWriting
        let payload = Data(bytes)
        let writing = Thread {
            writer.write(payload)
            try? writer.close()
        }
        writing.start()
        final class Box: @unchecked Sendable { var data = Data() }
        let errorBox = Box()
        let done = DispatchSemaphore(value: 0)
        let errorHandle = error.fileHandleForReading
        Thread {
            errorBox.data = errorHandle.readDataToEndOfFile()
            done.signal()
        }.start()
        let decoded = output.fileHandleForReading.readDataToEndOfFile()
        done.wait()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errorBox.data, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? "exit \(process.terminationStatus)"
            throw .gzip(file: file, reason: message)
        }
        return Array(decoded)
    }
}
