import Foundation
import PromptCompression
import PromptTokenizer
import Synchronization

/// The compressors of the server, one an encoding, each loaded on first
/// use and kept: a vocabulary is read once per process.
final class CompressionService: Sendable {
    let configuration: ServerConfiguration
    let makeCompressor: @Sendable (Tokenizer) -> Compressor
    let detector: ProtectedSpanDetector
    private let compressors = Mutex<[String: Compressor]>([:])

    init(configuration: ServerConfiguration, detector: ProtectedSpanDetector,
         makeCompressor: @escaping @Sendable (Tokenizer) -> Compressor) {
        self.configuration = configuration
        self.detector = detector
        self.makeCompressor = makeCompressor
    }

    /// The compressor of encoding `name` (the default one for nil).
    ///
    /// - Throws: `ServiceError.badRequest` for an unknown encoding,
    ///   `TokenizerError` when its vocabulary cannot be read.
    func compressor(_ name: String?) throws -> Compressor {
        let name = name ?? configuration.tokenizer
        if let compressor = compressors.withLock({ $0[name] }) { return compressor }
        guard Tokenizer.knownEncodings.contains(name) else {
            throw ServiceError.badRequest("unknown tokenizer \"\(name)\"; the encodings are \(Tokenizer.knownEncodings.joined(separator: ", "))")
        }
        let compressor = makeCompressor(try Tokenizer.named(name))
        return compressors.withLock { compressors in
            if let loaded = compressors[name] { return loaded }
            compressors[name] = compressor
            return compressor
        }
    }
}

extension CompressionError {
    /// The service's view of a library error: what the client sent is wrong
    /// (400), or cannot be done (422: the protected text is over the budget).
    var serviceError: ServiceError {
        switch self {
        case .budgetBelowProtected, .budgetUnreachable: .unprocessable(description)
        default: .badRequest(description)
        }
    }
}
