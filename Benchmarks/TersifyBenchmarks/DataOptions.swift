import ArgumentParser
import Foundation

/// The options of every benchmark that reads the shared evaluation corpora
/// (`compression`, `memory` and its `memory-case` subprocesses).
struct DataOptions: ParsableArguments {
    @Option(help: "The evaluation data folder.")
    var data: String = ProcessInfo.processInfo.environment["TERSIFY_DATA"] ?? "../shared/corpora"

    /// The Paul Graham essays of the data folder, joined.
    func loadEssays() throws -> [UInt8] { try essays(in: data) }
}
