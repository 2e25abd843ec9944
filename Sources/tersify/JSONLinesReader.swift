import ArgumentParser
import Dispatch
import Glibc
import PromptCompression
import PromptTokenizer
import Synchronization

/// Reads JSON Lines as a stream: lines without their line break (and a
/// carriage return before it), blank lines skipped, numbered from 1.
struct JSONLinesReader {
    struct Line {
        var number: Int
        var bytes: [UInt8]
    }

    private var source: SourceReader
    private var pending: [UInt8] = []
    private var start = 0
    /// Where the search for the next line break goes on: `pending` holds no
    /// line break between `start` and here.
    private var scanned = 0
    private var lineNumber = 0
    private var atEnd = false

    init(_ source: InputSource) { self.source = SourceReader([source]) }

    /// The next lines, at most `lines` of them and about `bytes` bytes (at
    /// least one line whatever its size); empty at the end of the input.
    mutating func next(lines: Int, bytes: Int) throws(CLIFailure) -> [Line] {
        var result: [Line] = []
        var taken = 0
        while result.count < lines && taken < bytes {
            if let newline = pending[max(start, scanned)...].firstIndex(of: 0x0A) {
                lineNumber += 1
                var end = newline
                if end > start && pending[end - 1] == 0x0D { end -= 1 }
                if let line = Self.unlessBlank(pending[start..<end], number: lineNumber) {
                    result.append(line)
                    taken += line.bytes.count
                }
                start = newline + 1
                continue
            }
            scanned = pending.count
            if atEnd {
                if start < pending.count {
                    lineNumber += 1
                    if let line = Self.unlessBlank(pending[start...], number: lineNumber) { result.append(line) }
                    start = pending.count
                }
                break
            }
            try fill()
        }
        return result
    }

    /// Reads more input after the unread rest of `pending`.
    private mutating func fill() throws(CLIFailure) {
        pending.removeSubrange(..<start)
        scanned -= start
        start = 0
        let chunk = 1 << 20
        let old = pending.count
        pending.append(contentsOf: repeatElement(0, count: chunk))
        var reader = source
        let read: Result<Int, CLIFailure> = pending.withUnsafeMutableBytes { buffer in
            Result { () throws(CLIFailure) in try reader.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[old...])) }
        }
        let n = try read.get()
        source = reader
        pending.removeLast(chunk - n)
        if n == 0 { atEnd = true }
    }

    private static func unlessBlank(_ bytes: ArraySlice<UInt8>, number: Int) -> Line? {
        bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D } ? nil : Line(number: number, bytes: Array(bytes))
    }
}
