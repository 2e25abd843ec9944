import Dispatch
import PromptTokenizer
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The sentence level of a `PromptDocument`, built once on first use and
/// shared by the copies of the document.
///
/// Building it costs ICU sentence segmentation of every paragraph and a
/// token count of every sentence, several times the token count of the
/// whole input; a compression that keeps a small part of a large input
/// builds it only for a document of its candidates.
final class FineStructure: Sendable {
    struct Structure: Sendable {
        var documents: [PromptDocument.Unit]
        var paragraphs: [PromptDocument.Unit]
        var sentences: [PromptDocument.Unit]
    }

    /// Before the build: the paragraphs without their tokens; after it, the structure.
    enum State {
        case pending(paragraphs: [PromptDocument.Unit])
        case built(Structure)
    }

    private let bytes: [UInt8]
    private let documentRanges: [Range<Int>]
    private let tokenizer: Tokenizer
    let segmenter: Segmenter
    private let code: CodeLayout
    private let items: ItemLayout
    /// The input's token ends, when known: sentences are counted from them.
    private let tokenEnds: TokenEnds?
    private let state: Locked<State>

    /// - Parameter paragraphs: The paragraphs, with their parents and no tokens yet.
    init(bytes: [UInt8], documents: [Range<Int>], paragraphs: [PromptDocument.Unit],
         tokenizer: Tokenizer, segmenter: Segmenter, code: CodeLayout, items: ItemLayout,
         tokenEnds: TokenEnds? = nil) {
        self.bytes = bytes
        self.code = code
        self.items = items
        self.tokenEnds = tokenEnds
        self.documentRanges = documents
        self.tokenizer = tokenizer
        self.segmenter = segmenter
        self.state = Locked(.pending(paragraphs: paragraphs))
    }

    /// The structure, built on the first call.
    var structure: Structure { structure(share: nil) }

    /// The structure, built on the first call; with a work `share`, the
    /// paragraphs are segmented in parts that both of its threads take in
    /// turn (the same structure).
    func structure(share: WorkShare?) -> Structure {
        state.withLock { state in
            var paragraphs: [PromptDocument.Unit] = []
            switch state {
            case let .built(structure): return structure
            case let .pending(pending): paragraphs = pending
            }
            // The state's reference goes first, so the paragraphs are filled in place.
            state = .pending(paragraphs: [])
            let built = build(paragraphs: paragraphs, share: share)
            state = .built(built)
            return built
        }
    }

    /// Fewer paragraphs than this are segmented on one thread.
    static let minimumSplitParagraphs = 16

    private func build(paragraphs: consuming [PromptDocument.Unit], share: WorkShare?) -> Structure {
        var paragraphs = paragraphs
        var documents: [PromptDocument.Unit] = []
        documents.reserveCapacity(documentRanges.count)
        for range in documentRanges { documents.append(PromptDocument.Unit(range: range, tokens: 0, parent: 0)) }
        var parts: [(sentences: [[PromptDocument.Unit]], tokens: [Int])]
        if let share, paragraphs.count >= Self.minimumSplitParagraphs {
            // Parts of about the same bytes, shared with the second thread, merged in order.
            let cuts = balancedCuts(paragraphs.count, parts: WorkShare.parts) { paragraphs[$0].range.count }
            let shared = Unchecked(paragraphs)
            parts = share.runShared(cuts) { [self] in segment(shared.value, $0) }
        } else {
            parts = [segment(paragraphs, paragraphs.indices)]
        }
        var index = 0
        var count = 0
        for part in parts {
            for tokens in part.tokens {
                paragraphs[index].tokens = tokens
                documents[paragraphs[index].parent].tokens += tokens
                index += 1
            }
            for block in part.sentences { count += block.count }
        }
        // The sentences come in blocks: one array of the exact size, each
        // block freed once copied (see the performance notes at the end of the file).
        let sentences = [PromptDocument.Unit](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = 0
            for p in parts.indices {
                for b in parts[p].sentences.indices {
                    let block = parts[p].sentences[b]
                    parts[p].sentences[b] = []
                    block.withUnsafeBufferPointer { source in
                        guard let from = source.baseAddress, let to = buffer.baseAddress else { return }
                        (to + initialized).initialize(from: from, count: source.count)
                    }
                    initialized += block.count
                }
            }
        }
        return Structure(documents: documents, paragraphs: paragraphs, sentences: sentences)
    }

    /// Sentences are collected in blocks of this many units.
    static let sentenceBlock = 1 << 14

    /// Paragraphs longer than this are segmented in parts (`forEachUnwrappedPart`).
    static let sentenceChunk = 1 << 16

    /// The sentences of `paragraphs[indices]` (ICU's, white space folded
    /// into a neighbour), in blocks of `sentenceBlock`, with their token
    /// counts, and each paragraph's tokens.
    func segment(_ paragraphs: [PromptDocument.Unit], _ indices: Range<Int>, chunk: Int = sentenceChunk)
        -> (sentences: [[PromptDocument.Unit]], tokens: [Int])
    {
        var blocks: [[PromptDocument.Unit]] = []
        var sentences: [PromptDocument.Unit] = []
        sentences.reserveCapacity(min(indices.count * 2, Self.sentenceBlock))
        var paragraphTokens: [Int] = []
        paragraphTokens.reserveCapacity(indices.count)
        for index in indices {
            let paragraph = paragraphs[index]
            var tokens = 0
            func add(_ range: Range<Int>) {
                let count = tokenEnds.map { ends in bytes.withUnsafeBufferPointer { ends.count($0, range, tokenizer: tokenizer) } }
                    ?? tokenizer.count(bytes: bytes[range])
                if sentences.count == Self.sentenceBlock {
                    blocks.append(sentences)
                    sentences = []
                    sentences.reserveCapacity(Self.sentenceBlock)
                }
                sentences.append(PromptDocument.Unit(range: range, tokens: count, parent: index))
                tokens += count
            }
            // A code block's units are its sentences.
            if let units = code.units(ofBlock: paragraph.range) {
                for unit in units { add(unit.range) }
                paragraphTokens.append(tokens)
                continue
            }
            // A list item or a table row is one sentence.
            if items.index(ofUnit: paragraph.range) != nil {
                add(paragraph.range)
                paragraphTokens.append(tokens)
                continue
            }
            // ICU makes a blank line a sentence of its own: fold white space
            // into the sentence before it (or after it, at the start).
            var pending: Range<Int>? = nil
            forEachUnwrappedPart(bytes, paragraph.range, chunk: chunk) { offset, unwrapped in
                // The init checked the locale and the paragraph lengths, the only
                // causes of failure; should ICU fail anyway, the part is one sentence.
                let found = (try? segmenter.sentences(in: unwrapped)) ?? [0..<unwrapped.count]
                for found in found {
                    let range = (found.lowerBound + offset)..<(found.upperBound + offset)
                    if let last = pending, isBlankBytes(bytes[range]) || isBlankBytes(bytes[last]) {
                        pending = last.lowerBound..<range.upperBound
                    } else {
                        if let last = pending { add(last) }
                        pending = range
                    }
                }
            }
            if let last = pending { add(last) }
            paragraphTokens.append(tokens)
        }
        if !sentences.isEmpty { blocks.append(sentences) }
        return (blocks, paragraphTokens)
    }
}
