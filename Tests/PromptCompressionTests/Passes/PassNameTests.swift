@testable import PromptCompression
import PromptTokenizer
import Testing

/// The pass-name table: parsing `--passes` lists and choosing the passes.
@Suite("Pass names")
struct PassNameTests {
    @Test("a list parses in order, spaces and empty items ignored; an unknown name is named")
    func parse() throws {
        #expect(try PassName.parse("normalize, dedup,,near-dedup ,retrieve") == [.normalize, .dedup, .nearDedup, .retrieve])
        #expect(try PassName.parse("") == [])
        #expect(throws: CompressionError.unknownPass("squeeze")) { try PassName.parse("normalize,squeeze") }
        #expect(CompressionError.unknownPass("x").description == "unknown pass 'x'; the passes are normalize, dedup, near-dedup, stopwords, retrieve")
    }

    @Test("use(_:) sets the passes in canonical order and retrieval")
    func use() {
        var compressor = Compressor(tokenizer: TestTokenizers.cl100k)
        #expect(compressor.passes.map(\.name) == ["normalize", "dedup", "near-dedup"] && compressor.retrieval)
        compressor.use([.retrieve, .stopwords, .normalize], stopwords: .full)
        #expect(compressor.passes.map(\.name) == ["normalize", "stopwords"] && compressor.retrieval)
        compressor.use([.dedup])
        #expect(compressor.passes.map(\.name) == ["dedup"] && !compressor.retrieval)
        compressor.use(PassName.defaults)
        #expect(compressor.passes.map(\.name) == ["normalize", "dedup", "near-dedup"] && compressor.retrieval)
    }
}
