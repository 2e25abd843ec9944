import Glibc

// Performance notes (reading and writing; measured with /usr/bin/time -f %M
// on the release binary, the machine shared with other builds):
//
// - The inputs go straight from read(2) into `[UInt8]` storage: no `Data`,
//   no `String`, no copy between them. Foundation's
//   `FileHandle.readDataToEndOfFile()` grows a `Data` by doubling, and
//   `Array(data)` then copied it again, so reading 100 MB from a pipe
//   touched about 3 × the input; `FileManager.contents(atPath:)` plus
//   `Array` touched 2 ×, and joining the files with `append(contentsOf:)` a
//   further copy.
// - Regular files (paths, or standard input redirected from a file) are
//   read into one buffer of their summed size from stat(2), plus one
//   byte: the read that returns 0 there proves the end without a second
//   buffer, and several files are joined in place. A file that grows while
//   it is read, or one that reports a size of 0 (as /proc files do), goes
//   on into further chunks.
// - A pipe's size is unknown: it is read into chunks from 1 MiB, each
//   twice the last up to 16 MiB, never copied while reading. Input that
//   fits its first chunk is returned as it is; otherwise the chunks are
//   copied once into a buffer of the exact total, each chunk freed as soon
//   as it is copied, so that resident memory stays near the input's size
//   plus one chunk (untouched pages of the new buffer are not resident).
//   With 64 MiB chunks, 100 MB from a pipe peaked at 1.32 × the input
//   above the baseline; with 16 MiB chunks, 1.15 ×.
//
// Peak RSS of reading and validating alone (an input whose last byte is not
// UTF-8, so that compress reads it all and stops with exit 4), less the
// 35 MB of `tersify count` on empty input, as multiples of the input
// (/usr/bin/time -f %M, release build):
//
//     100 MB file           1.95 × before   0.95 × after
//     100 MB pipe           1.98 ×          1.15 ×
//     2 × 100 MB files      1.48 ×          0.98 ×
//      10 MB file           1.51 ×          0.55 ×
// - UTF-8 is validated on that one buffer in place (`JSONString.firstInvalidUTF8`).
// - Output goes to write(2) straight from the result's bytes, without a
//   `Data` copy; a failed write (a full disk, a closed descriptor) is an
//   error with exit 1, where `FileHandle.write` trapped.

/// Reads inputs into one contiguous byte buffer without intermediate copies.
///
///     let bytes = try InputReader.read([.file("a.txt"), .standardInput])
///
/// See the performance notes at the top of this file.
enum InputReader {
    /// The first chunk of an input of unknown size.
    static let firstChunk = 1 << 20
    /// The largest chunk of an input of unknown size: the join's peak is the
    /// input plus about one chunk.
    static let largestChunk = 16 << 20

    /// Reads every source in order and returns their bytes joined (like cat).
    ///
    /// - Parameter sources: The files and standard input to read, in order;
    ///   standard input may appear more than once (it is empty after the first).
    /// - Returns: The bytes of all sources, in order.
    /// - Throws: `CLIFailure` (exit 1) naming the source: no such file, a
    ///   directory, not readable, or a read error with the system's reason.
    /// - Complexity: O(n) in the total size. Regular files alone go into one
    ///   buffer of their summed size and are never copied; bytes of unknown
    ///   size (a pipe) are copied once.
    static func read(_ sources: [InputSource]) throws(CLIFailure) -> [UInt8] {
        var reader = SourceReader(sources)
        defer { reader.closeCurrent() }
        let (expected, exact) = SourceReader.expectedSize(of: sources)
        // One byte more than expected: the read that returns 0 there proves the end.
        var capacity = exact ? expected + 1 : expected + firstChunk
        var chunks: [[UInt8]] = []
        var finished = false
        while !finished {
            var failure: CLIFailure? = nil
            let chunk = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
                count = 0
                while count < capacity {
                    do throws(CLIFailure) {
                        let n = try reader.read(into: UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(buffer)[count...]))
                        if n == 0 {
                            finished = true
                            return
                        }
                        count += n
                    } catch {
                        failure = error
                        return
                    }
                }
            }
            if let failure { throw failure }
            if !chunk.isEmpty { chunks.append(chunk) }
            // Larger than the sizes said, or of unknown size: go on doubling.
            capacity = min(largestChunk, max(firstChunk, capacity * 2))
        }
        return joined(&chunks)
    }

    /// Reads one source (a convenience for `read(_:)` with one source).
    static func read(_ source: InputSource) throws(CLIFailure) -> [UInt8] {
        try read([source])
    }

    /// The chunks joined into one buffer; `chunks` is emptied, each chunk
    /// freed once copied.
    static func joined(_ chunks: inout [[UInt8]]) -> [UInt8] {
        if chunks.isEmpty { return [] }
        if chunks.count == 1 { return chunks.removeLast() }
        let total = chunks.reduce(0) { $0 + $1.count }
        return [UInt8](unsafeUninitializedCapacity: total) { buffer, count in
            count = 0
            for index in chunks.indices {
                chunks[index].withUnsafeBufferPointer { chunk in
                    UnsafeMutableRawPointer(buffer.baseAddress! + count)
                        .copyMemory(from: chunk.baseAddress!, byteCount: chunk.count)
                    count += chunk.count
                }
                chunks[index] = []
            }
            chunks.removeAll()
        }
    }
}

/// Writes bytes to a file descriptor, all of them, retrying after signals.
///
/// - Throws: `CLIFailure` (exit 1) with the system's reason, e.g. a full disk
///   or a closed descriptor.
func writeAll(_ bytes: [UInt8], to descriptor: Int32, name: String) throws(CLIFailure) {
    var written = 0
    var failedWith: Int32 = 0
    bytes.withUnsafeBytes { buffer in
        while written < buffer.count {
            let n = Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
            if n >= 0 {
                written += n
            } else if errno != EINTR {
                failedWith = errno
                return
            }
        }
    }
    if failedWith != 0 {
        throw CLIFailure(.runtime, "\(name): write failed (\(String(cString: strerror(failedWith))))")
    }
}
