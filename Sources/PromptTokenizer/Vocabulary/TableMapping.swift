import Foundation

/// A table file mapped into memory, read-only, for as long as the tables
/// that point into it live (`TokenTrie`, `BoundaryTables` keep it).
final class TableMapping: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer

    /// Maps the whole file at `path`; nil when it cannot be opened or mapped.
    init?(path: String, minimumSize: Int) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size >= minimumSize,
              let base = mmap(nil, Int(info.st_size), PROT_READ, MAP_PRIVATE, descriptor, 0), base != MAP_FAILED
        else { return nil }
        bytes = UnsafeRawBufferPointer(start: base, count: Int(info.st_size))
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count)
    }
}
