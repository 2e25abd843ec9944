import Foundation
import TersifyUtilities

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
        let result: ProcessOutput
        do {
            result = try runProcess(gzip, ["-dc"], stdin: Data(bytes))
        } catch {
            throw .gzip(file: file, reason: "\(error)")
        }
        guard result.status == 0 else {
            let message = result.errorText.split(separator: "\n").first.map(String.init) ?? "exit \(result.status)"
            throw .gzip(file: file, reason: message)
        }
        return Array(result.stdout)
    }
}
