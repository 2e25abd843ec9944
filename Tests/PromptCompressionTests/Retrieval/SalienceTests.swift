@testable import PromptCompression
import PromptTokenizer
import Testing

/// The figures and names the query-free ranking weighs in, and their effect
/// on the order.
@Suite("Salience: figures and names of a sentence")
struct SalienceTests {
    @Test("known counts", arguments: [
        ("In 1998 Viaweb was sold to Yahoo.", 1, 2),
        ("The first sentence starts with a capital.", 0, 0),
        ("It cost 1,200.50 dollars, not 3.", 2, 0),
        ("As I said [3], it works.", 0, 0),            // "I" is not a name, "[3]" not a figure
        ("Thanks to Sam Altman and Jessica Livingston.", 0, 4),
        ("He stopped. Then he went on: Later it rained.", 0, 0),  // after . and : a capital starts a sentence
        ("July 2010What hard liquor and Zürich share.", 1, 2),    // "What" after the date, "Zürich"
        ("", 0, 0),
    ])
    func counts(text: String, figures: Int, names: Int) {
        let bytes = Array(text.utf8)
        let salience = bytes.withUnsafeBufferPointer { Salience($0, 0..<bytes.count) }
        #expect(salience.figures == figures, "figures of \(text)")
        #expect(salience.names == names, "names of \(text)")
    }

    @Test("query-free: a sentence with a figure and a name ranks above a like sentence without")
    func orderPrefersFiguresAndNames() throws {
        let text = """
            The weather was mild and pleasant for most of the afternoon. People walked slowly along the quiet river path. \
            Children played games near the water while parents talked. Shops closed early because of the holiday season. \
            The mayor Anna Berg opened 3 new parks along the eastern river bank. Dogs chased birds across the wide green lawn.
            """
        let compressor = Compressor(tokenizer: TestTokenizers.cl100k)
        let document = try PromptDocument(text: Array(text.utf8), tokenizer: TestTokenizers.cl100k)
        let order = try compressor.rank(document, options: CompressionOptions(target: .ratio(4)))
        let sentence = try #require(document.sentences.firstIndex {
            String(decoding: document.bytes[$0.range], as: UTF8.self).contains("Anna Berg")
        })
        // The opening sentence first, then the one with a figure and names.
        #expect(Array(order.prefix(2)) == [0, sentence])
    }
}
