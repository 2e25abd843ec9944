import Foundation
import PromptCompression
import PromptTokenizer
import Testing

@Suite("Protected spans through compression")
struct ProtectionIntegrationTests {
    static let tokenizer = TestTokenizers.cl100k

    @Test("kept spans stay whole, atomic spans are whole or absent, keep tags are gone")
    func protectedSpansSurvive() throws {
        let sample = TestPaths.root.appendingPathComponent("corpora/samples/rag-prompt.txt")
        var bytes = Array(try Data(contentsOf: sample))
        bytes += Array("\nNote: <keep>the harbor master's office is in building B</keep>, see https://harbor.example.org/map.\n".utf8)
        let detector = ProtectedSpanDetector()
        let spans = try detector.spans(in: bytes)
        let document = try PromptDocument(text: bytes, tokenizer: Self.tokenizer, detector: detector)
        let compressor = Compressor(tokenizer: Self.tokenizer)
        for budget in [250, 300, 400] {
            let result = try compressor.compress(document, options: .init(target: .tokens(budget), query: "How deep is the north basin?"))
            #expect(result.tokensAfter <= budget)
            let output = String(decoding: result.bytes, as: UTF8.self)
            let removed = result.drops.map(\.range)
            #expect(!removed.isEmpty)
            for span in spans {
                let text = String(decoding: bytes[span.range], as: UTF8.self)
                switch span.kind {
                case .keepRegion, .question, .fencedCode, .json, .xml, .custom:
                    #expect(output.contains(text), "\(span.kind) lost")
                default:
                    // Whole or absent: no removed range cuts into it.
                    #expect(!removed.contains { $0.overlaps(span.range) && !($0.lowerBound <= span.range.lowerBound && $0.upperBound >= span.range.upperBound) })
                }
            }
            #expect(!output.contains("<keep>") && !output.contains("</keep>"))
            #expect(output.contains("14.5 meters"))
            #expect(output.contains("the harbor master's office is in building B"))
        }
        #expect(spans.contains { $0.kind == .url } && spans.contains { $0.kind == .keepRegion })
    }
}
