/// A read-only table of the vocabulary: an array built in this process, or
/// a section of a mapped table file (`TableMapping`), which it keeps mapped.
///
/// The large tables (the 4 to 8 MB hash table, the token filter, the pair
/// table) are read in place from a table file instead of copied: copying
/// them cost more than the rest of a start.
struct TableBuffer<Element>: @unchecked Sendable {
    private enum Storage {
        case array(ContiguousArray<Element>)
        case mapped(TableMapping, UnsafeBufferPointer<Element>)
    }

    private let storage: Storage

    init(_ array: ContiguousArray<Element>) {
        storage = .array(array)
    }

    /// `buffer` must point into `mapping`.
    init(mapping: TableMapping, _ buffer: UnsafeBufferPointer<Element>) {
        storage = .mapped(mapping, buffer)
    }

    var count: Int {
        switch storage {
        case let .array(array): array.count
        case let .mapped(_, buffer): buffer.count
        }
    }

    /// Calls `body` with the elements; the pointer must not escape `body`.
    @inline(__always)
    func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        switch storage {
        case let .array(array): try array.withUnsafeBufferPointer(body)
        case let .mapped(_, buffer): try body(buffer)
        }
    }
}
