import PromptTokenizer

/// One step of compression: it reads the document and marks byte ranges to drop.
///
/// Passes never change bytes; `PromptDocument.drop(_:reason:)` refuses drops
/// that touch protected text or cut into atomic spans, so a pass cannot
/// break those rules.
public protocol CompressionPass: Sendable {
    /// The name in reports and drop reasons: "normalize", "dedup", …
    var name: String { get }
    /// Whether the pass keeps all the information (runs before lossy passes).
    var isLossless: Bool { get }
    /// Marks what the pass drops.
    func apply(to document: inout PromptDocument, context: PassContext) throws(CompressionError)
}
