import Foundation

/// Builds a vocabulary's boundary tables and trie once, each on first use
/// (a text with a curly quote needs the boundary tables, only long pieces
/// the trie); shared by copies of the vocabulary. A table file may hold
/// both: the boundary tables checked when it is read, the trie when first
/// used (`TableFile.MappedTrie`).
final class LazyTrie: @unchecked Sendable {
    private let lock = NSLock()
    private var trie: TokenTrie?
    private var boundaryTables: BoundaryTables?
    private var mapped: TableFile.MappedTrie?
    private let arena: ContiguousArray<UInt8>
    private let starts: ContiguousArray<UInt32>
    private let present: ContiguousArray<Bool>

    init(
        arena: ContiguousArray<UInt8>, starts: ContiguousArray<UInt32>, present: ContiguousArray<Bool>,
        boundaries: BoundaryTables? = nil, mapped: TableFile.MappedTrie? = nil
    ) {
        self.arena = arena
        self.starts = starts
        self.present = present
        self.boundaryTables = boundaries
        self.mapped = mapped
    }

    func get() -> TokenTrie {
        lock.lock()
        defer { lock.unlock() }
        if let trie { return trie }
        let boundaries = lockedBoundaries()
        let built = mapped?.trie(boundaries: boundaries)
            ?? TokenTrie(arena: arena, starts: starts, present: present, boundaries: boundaries)
        mapped = nil
        trie = built
        return built
    }

    func boundaries() -> BoundaryTables {
        lock.lock()
        defer { lock.unlock() }
        return lockedBoundaries()
    }

    private func lockedBoundaries() -> BoundaryTables {
        if let boundaryTables { return boundaryTables }
        let built = BoundaryTables(arena: arena, starts: starts, present: present)
        boundaryTables = built
        return built
    }
}
