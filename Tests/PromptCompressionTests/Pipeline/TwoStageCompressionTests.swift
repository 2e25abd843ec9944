import Foundation
@testable import PromptCompression
import PromptTokenizer
import Testing

@Suite("Two-stage compression (coarse selection, then the fine stage)")
struct TwoStageCompressionTests {
    static let tokenizer = TestTokenizers.cl100k
    static let question = "What is the best way to find startup ideas?"

    static func essays() throws -> [UInt8]? {
        guard let folder = TestPaths.dataDirectory?.appendingPathComponent("haystack/PaulGrahamEssays") else { return nil }
        var bytes: [UInt8] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() {
            bytes += Array(try Data(contentsOf: folder.appendingPathComponent(name)))
        }
        return bytes
    }

    func isSubsequence(_ output: [UInt8], of input: [UInt8]) -> Bool {
        var i = 0
        for byte in input where i < output.count && output[i] == byte { i += 1 }
        return i == output.count
    }

    func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        return (0...(haystack.count - needle.count)).contains { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    @Test("a large input: under the budget, counted exactly, extractive, deterministic, protected text kept")
    func largeInput() throws {
        guard var bytes = try Self.essays() else {
            #expect(!TestPaths.strict, "corpora missing")
            return
        }
        // A protected sentence about something else, in the middle of the input.
        let keep = Array("\n\nThe warehouse code for the spare keys is 4417-B, kept in the blue cabinet.\n\n".utf8)
        let middle = bytes.count / 2
        bytes.insert(contentsOf: keep, at: middle)
        let protected = (middle + 2)..<(middle + keep.count - 2)
        let document = try PromptDocument(text: bytes, tokenizer: Self.tokenizer, protected: [protected])
        #expect(document.tokens == Self.tokenizer.count(bytes: bytes))
        let compressor = Compressor(tokenizer: Self.tokenizer)
        for budget in [600, 4000] {
            let options = CompressionOptions(target: .tokens(budget), query: Self.question)
            let result = try compressor.compress(document, options: options)
            #expect(result.passes.first?.pass == "coarse")  // the two-stage path ran
            #expect(result.tokensAfter <= budget)
            #expect(result.tokensAfter == Self.tokenizer.count(bytes: result.bytes))
            #expect(result.tokensBefore == document.tokens)
            #expect(isSubsequence(result.bytes, of: bytes))
            #expect(contains(result.bytes, Array(bytes[protected])))
            #expect(try compressor.compress(document, options: options).bytes == result.bytes)
            // The drops, in the input's offsets, give the output back.
            var replay = document
            for drop in result.drops { replay.drops.append(drop) }
            #expect(replay.render() == result.bytes)
            // The output answers from the relevant essay.
            #expect(String(decoding: result.bytes, as: UTF8.self).lowercased().contains("startup ideas"))
        }
        // Without a question too.
        let free = try compressor.compress(document, options: .init(target: .tokens(2000)))
        #expect(free.passes.first?.pass == "coarse" && free.tokensAfter <= 2000 && isSubsequence(free.bytes, of: bytes))
        #expect(contains(free.bytes, Array(bytes[protected])))
    }

    @Test("counts taken on the count's thread (candidates, each lossless pass) give the figures of one thread")
    func sharedCountsMatchOneThread() throws {
        guard let essays = try Self.essays() else {
            #expect(!TestPaths.strict, "corpora missing")
            return
        }
        // The essays twice, the copy's lines reversed: repeats and near-repeats
        // for the lossless passes to drop, so that their counts are taken.
        var lines = essays.split(separator: 0x0A, omittingEmptySubsequences: false).map { Array($0) }
        lines.reverse()
        let bytes = essays + [0x0A, 0x0A] + Array(lines.joined(separator: [0x0A]))
        let compressor = Compressor(tokenizer: Self.tokenizer)
        for budget in [3000, 12000] {
            let options = CompressionOptions(target: .tokens(budget), query: Self.question)
            let shared = try compressor.compress(PromptDocument(text: bytes, tokenizer: Self.tokenizer), options: options)
            let alone = try compressor.compress(
                PromptDocument(text: bytes, tokenizer: Self.tokenizer, countInBackground: false), options: options)
            #expect(shared.passes.first?.pass == "coarse")
            #expect(shared.passes.contains { $0.pass == "dedup" && $0.drops > 0 })
            #expect(shared.bytes == alone.bytes)
            #expect(shared.tokensBefore == alone.tokensBefore && shared.tokensAfter == alone.tokensAfter)
            #expect(shared.passes.map(\.pass) == alone.passes.map(\.pass))
            #expect(shared.passes.map(\.tokensSaved) == alone.passes.map(\.tokensSaved))
            #expect(shared.passes.map(\.drops) == alone.passes.map(\.drops))
            #expect(shared.tokensAfter <= budget)
        }
    }

    @Test("with every block a candidate, two stages give the single-stage output")
    func equivalentWhenEverythingIsACandidate() throws {
        guard let essays = try Self.essays() else {
            #expect(!TestPaths.strict, "corpora missing")
            return
        }
        let compressor = Compressor(tokenizer: Self.tokenizer)
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<4 {
            let start = generator.below(essays.count - 40_000)
            var bytes = Array(essays[start..<(start + 30_000 + generator.below(10_000))])
            while bytes.first.map({ $0 & 0xC0 == 0x80 }) ?? false { bytes.removeFirst() }
            let document = try PromptDocument(text: bytes, tokenizer: Self.tokenizer)
            let budget = document.tokens / 5
            let options = CompressionOptions(target: .tokens(budget), query: Self.question)
            let single = try compressor._compressFine(document, budget: budget, options: options)
            let two = try #require(try compressor._compressInTwoStages(document, budget: budget, volume: .max, options: options))
            #expect(two.bytes == single.bytes)
            #expect(two.tokensAfter == single.tokensAfter)
            #expect(Array(two.passes.dropFirst()) == single.passes)
            #expect(two.drops.filter { $0.reason.pass != "coarse" } == single.drops)
        }
    }

    @Test("inputs below twice the candidate volume take the single-stage path")
    func smallInputsAreUnchanged() throws {
        let text = (0..<40).map { "Paragraph \($0) talks about harbor number \($0 * 7) and its boats.\n\n" }.joined()
        let document = try PromptDocument(text: Array(text.utf8), tokenizer: Self.tokenizer)
        let options = CompressionOptions(target: .tokens(60), query: "Which harbor has number 77?")
        let result = try Compressor(tokenizer: Self.tokenizer).compress(document, options: options)
        #expect(!result.passes.contains { $0.pass == "coarse" })
        #expect(result.tokensAfter <= 60 && result.text.contains("harbor number 77"))
    }

    @Test("many bytes but few tokens: the coarse scores are given up and the fine stage alone runs")
    func bytesWithoutTokens() throws {
        // Runs of spaces are long tokens: about 230 KB, about 3,000 tokens.
        let text = (0..<100).map { "Paragraph \($0) is about the harbor." + String(repeating: " ", count: 2_300) + "\n\n" }.joined()
            + "Which paragraph is about the harbor?"
        let document = try PromptDocument(text: Array(text.utf8), tokenizer: Self.tokenizer)
        let compressor = Compressor(tokenizer: Self.tokenizer)
        let volume = max(compressor.coarseCandidateFactor * 1_000, compressor.coarseMinimumTokens)
        #expect(document.bytes.count > 16 * volume && document.tokens <= 2 * volume)
        var single = compressor
        single.coarseMinimumTokens = .max / 4
        let options = CompressionOptions(target: .tokens(1_000), query: "harbor")
        let result = try compressor.compress(document, options: options)
        #expect(result.bytes == (try single.compress(document, options: options)).bytes)
        #expect(!result.passes.contains { $0.pass == "coarse" })
        #expect(result.tokensAfter <= 1_000 && result.tokensBefore == document.tokens)
    }

    @Test("exact repeats are never candidates")
    func repeatsAreDropped() throws {
        let paragraph = "The committee met on Tuesday to review the budget of the regional library network and its branches.\n\n"
        let unique = "The reading room of the north branch closes at nine on Fridays.\n\n"
        let text = String(repeating: paragraph, count: 500) + unique + String(repeating: paragraph, count: 500)
        let document = try PromptDocument(text: Array(text.utf8), tokenizer: Self.tokenizer)
        #expect(document.tokens > 2 * 8192)
        let result = try Compressor(tokenizer: Self.tokenizer).compress(
            document, options: .init(target: .tokens(100), query: "When does the north branch reading room close?"))
        #expect(result.tokensAfter <= 100)
        #expect(result.text.contains("closes at nine on Fridays"))
        #expect(result.drops.contains { $0.reason.pass == "coarse" && $0.reason.detail.hasPrefix("repeats the block") })
        #expect(result.text.components(separatedBy: "The committee met").count <= 2)  // one copy at most
    }

    @Test("the token count of an input, taken in chunks here or on a background thread, is exact")
    func inputCountIsExact() throws {
        var generator = SeededGenerator(seed: 5)
        let pieces = ["word", "Word", " ", "  ", "\n", "\n\n", "\n \n", "\t", "42", "é", "日本語", "...", "'s", "don't", "\r\n", "-", "#"]
        for _ in 0..<300 {
            let text = (0..<generator.below(200)).map { _ in generator.pick(pieces) }.joined()
            let bytes = Array(text.utf8)
            let document = try PromptDocument(text: bytes, tokenizer: Self.tokenizer)
            let total = Self.tokenizer.count(bytes: bytes)
            #expect(document.tokens == total, "\(text.debugDescription)")
            // Chunks cut where a piece must start add up to the same count.
            let chunks = InputTokenCount.chunks(of: bytes, about: 1 + generator.below(12)).map(\.range)
            #expect(chunks.map { Self.tokenizer.count(bytes: bytes[$0]) }.reduce(0, +) == total, "\(text.debugDescription)")
            #expect(chunks.first?.lowerBound ?? 0 == 0 && chunks.last?.upperBound ?? 0 == bytes.count)
            #expect(zip(chunks, chunks.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
        }
        guard let essays = try Self.essays() else { return }
        let exact = Self.tokenizer.count(bytes: essays)
        // Counted on this thread, and beside it on a background thread: the same count,
        // and `exceeds` answers as the count does on each side of it.
        for inBackground in [false, true] {
            let document = try PromptDocument(text: essays, tokenizer: Self.tokenizer, countInBackground: inBackground)
            #expect(document.tokens == exact)
            for limit in [0, 1, 5_000, exact / 2, exact - 1, exact, exact + 1, essays.count] {
                let fresh = InputTokenCount(bytes: essays, tokenizer: Self.tokenizer, inBackground: inBackground)
                #expect(fresh.exceeds(limit) == (exact > limit), "limit \(limit), background \(inBackground)")
                #expect(fresh.total == exact)
            }
        }
    }

    @Test("a count cut inside long letter runs is exact, the cuts joined or their group counted whole")
    func inputCountJoinedInsidePieces() throws {
        var generator = SeededGenerator(seed: 9)
        let words = ["the", "strandplou", "ing", "ouch", "xqzv", "wasthe", "lindnear", "a"]
        var joined = 0, recounted = 0
        for round in 0..<60 {
            var text = ""
            for _ in 0..<(1 + generator.below(4)) {
                // A long letter run: words without spaces, or one letter repeated.
                if generator.below(4) == 0 {
                    text += String(repeating: generator.pick(["a", "e", "ab"]), count: 200 + generator.below(2000))
                } else {
                    for _ in 0..<(50 + generator.below(600)) { text += generator.pick(words) }
                }
                text += generator.pick([" ", ". ", "\n", "'s ", "'ll", "Word", "42", "é", ""])
            }
            let bytes = Array(text.utf8)
            let exact = Self.tokenizer.count(bytes: bytes)
            let count = InputTokenCount(bytes: bytes, tokenizer: Self.tokenizer, inBackground: round % 2 == 0,
                                         chunkBytes: 64 + generator.below(512), joinSlack: generator.below(64))
            let limit = generator.below(exact + 10)
            #expect(count.exceeds(limit) == (exact > limit))
            #expect(count.total == exact, "\(text.prefix(80).debugDescription)… (\(bytes.count) bytes)")
            joined += count.cutCounts.joined
            recounted += count.cutCounts.recounted
        }
        #expect(joined > 500 && recounted > 0, "\(joined) cuts inside pieces, \(recounted) groups counted whole")
        // A document of one long line: its count is cut inside the piece.
        let line = Array((0..<80_000).map { _ in generator.pick(words) }.joined().utf8)
        let document = try PromptDocument(text: line, tokenizer: Self.tokenizer)
        #expect(document._inputCount.cutCounts.joined > 2)
        #expect(document._inputCount.usesBackground == (onlineProcessors > 1))
        #expect(document.tokens == Self.tokenizer.count(bytes: line))
    }

    @Test("the scans read in parts shared with the count's thread give the one-part figures")
    func splitScanMatchesOnePart() throws {
        guard let essays = try Self.essays() else {
            #expect(!TestPaths.strict, "corpora missing")
            return
        }
        // The first 100 KB again at the end (cut after a blank line): units of
        // the second part repeat units of the first.
        var cut = 100_000
        while !(essays[cut - 2] == 0x0A && essays[cut - 1] == 0x0A) { cut += 1 }
        let bytes = essays + essays[..<cut]
        let document = try PromptDocument(text: bytes, tokenizer: Self.tokenizer, countInBackground: false)
        let (ranges, _) = coarseUnits(document)
        let segmenter = Segmenter()
        let query = Array(Self.question.utf8)
        var terms = TermTable(capacity: 64)
        query.withUnsafeBufferPointer { query in
            forEachTerm(WordCursor(buffer: query, range: 0..<query.count, segmenter: segmenter)) { terms.insert($0) }
        }
        func scan(share: WorkShare?) -> (scores: [Double], lengths: [Int32], repeats: [Int], words: [UInt32], starts: [Int32]) {
            var lengths = [Int32](repeating: 0, count: ranges.count)
            var isRepeat = [Bool](repeating: false, count: ranges.count)
            var repeats: [(Int, Int)]? = []
            var store: StoredWords? = StoredWords(units: ranges.count)
            let scores = bytes.withUnsafeBufferPointer { buffer in
                bm25Scores(buffer, ranges, terms: terms, bm25: BM25(), lengths: &lengths, isRepeat: &isRepeat,
                      repeats: &repeats, store: &store, share: share) { WordCursor(buffer: buffer, range: ranges[$0], segmenter: segmenter) }
            }
            return (scores, lengths, repeats!.flatMap { [$0.0, $0.1] }, store!.words, store!.starts)
        }
        let one = scan(share: nil)
        let count = InputTokenCount(bytes: bytes, tokenizer: Self.tokenizer, inBackground: true)
        let share = WorkShare(beside: count)
        #expect(share != nil)
        let two = scan(share: share)
        #expect(count.total == Self.tokenizer.count(bytes: bytes))
        #expect(one.scores == two.scores)
        #expect(one.lengths == two.lengths)
        #expect(one.repeats == two.repeats)
        #expect(one.words == two.words)
        #expect(one.starts == two.starts)
        // Repeats of an earlier part found in a later one, and scores to compare.
        let parts = scanParts(ranges, isRepeat: [Bool](repeating: false, count: ranges.count))
        #expect(parts.count == WorkShare.parts)
        func part(_ unit: Int) -> Int { parts.firstIndex { $0.contains(unit) }! }
        #expect(stride(from: 0, to: one.repeats.count, by: 2).contains { part(one.repeats[$0]) > part(one.repeats[$0 + 1]) })
        #expect(one.scores.filter { $0 > 0 }.count > 10)
        #expect(one.starts.count == ranges.count + 1)
    }

    @Test("near-duplicates with the units signed in parts shared with the count's thread are those found on one")
    func splitSigningMatchesOneThread() throws {
        guard let essays = try Self.essays() else {
            #expect(!TestPaths.strict, "corpora missing")
            return
        }
        // 400 lines of the essays as paragraphs, then the same lines with
        // their last letter changed: near-duplicates across the halves.
        let lines = essays.split(separator: 0x0A).filter { $0.count >= 60 && $0.allSatisfy { $0 < 0x80 } }.prefix(400)
        #expect(lines.count == 400)
        let head = Array(lines.map { Array($0) }.joined(separator: [0x0A, 0x0A]))
        let changed = Array(lines.map { Array($0.dropLast()) + [0x71] }.joined(separator: [0x0A, 0x0A]))
        let edits = lines.count
        let document = try PromptDocument(text: head + [0x0A, 0x0A] + changed, tokenizer: Self.tokenizer, countInBackground: false)
        var queryWords = TermTable(capacity: 64)
        for word in foldedWordHashes(Array(Self.question.utf8)[...]) { queryWords.insert(word) }
        let pass = NearDuplicateRemoval()
        let large = essays + essays
        for units in [document.paragraphs.map(\.range), document.sentences.map(\.range)] {
            let one = pass.duplicates(units, in: document.bytes, queryWords: queryWords)
            let count = InputTokenCount(bytes: large, tokenizer: Self.tokenizer, inBackground: true)
            let share = WorkShare(beside: count)
            #expect(share != nil)
            let two = pass.duplicates(units, in: document.bytes, queryWords: queryWords, share: share)
            #expect(units.count >= Signer.minimumSplitUnits)
            #expect(one.count > 5)
            #expect(one.map(\.0) == two.map(\.0) && one.map(\.1) == two.map(\.1))
            #expect(count.total == Self.tokenizer.count(bytes: large))
        }
        #expect(edits > 5)
    }

    @Test("sentences with the paragraphs segmented in parts shared with the count's thread are those found on one")
    func splitSentencesMatchOneThread() throws {
        guard let essays = try Self.essays() else {
            #expect(!TestPaths.strict, "corpora missing")
            return
        }
        // Short paragraphs (lines of the essays), then whole essays.
        let lines = essays.split(separator: 0x0A).prefix(300).map { Array($0) }
        let text = Array(lines.joined(separator: [0x0A, 0x0A])) + [0x0A, 0x0A] + Array(essays.prefix(200_000))
        var end = text.count
        while end > 0 && text[end - 1] & 0xC0 == 0x80 { end -= 1 }
        let bytes = Array(text[..<max(0, end - 1)])
        let one = try PromptDocument(text: bytes, tokenizer: Self.tokenizer, countInBackground: false)
        let two = try PromptDocument(text: bytes, tokenizer: Self.tokenizer, countInBackground: false)
        let count = InputTokenCount(bytes: essays, tokenizer: Self.tokenizer, inBackground: true)
        let share = WorkShare(beside: count)
        #expect(share != nil)
        let a = one._fine.structure(share: nil), b = two._fine.structure(share: share)
        #expect(a.paragraphs.count >= FineStructure.minimumSplitParagraphs)
        #expect(a.sentences.count > 1000)
        #expect(a.sentences.map(\.range) == b.sentences.map(\.range))
        #expect(a.sentences.map(\.tokens) == b.sentences.map(\.tokens))
        #expect(a.sentences.map(\.parent) == b.sentences.map(\.parent))
        #expect(a.paragraphs.map(\.tokens) == b.paragraphs.map(\.tokens))
        #expect(a.documents.map(\.tokens) == b.documents.map(\.tokens))
        #expect(count.total == Self.tokenizer.count(bytes: essays))
    }

    @Test("the word hasher folds case and apostrophes, splits unspaced scripts, and finds no empty words")
    func wordHashes() throws {
        let hasher = WordHasher(segmenter: Segmenter())
        func words(_ text: String) -> [UInt64] {
            let bytes = Array(text.utf8)
            var result: [UInt64] = []
            bytes.withUnsafeBufferPointer { buffer in hasher.forEachWord(in: buffer, 0..<buffer.count) { result.append($0) } }
            return result
        }
        #expect(words("Startup IDEAS, don’t") == words("startup ideas don't"))
        #expect(words("Startup IDEAS").count == 2)
        #expect(words("3.14 and 1,000 e.g. U.S.A").count == 5)
        #expect(words("ÉCOLE Москва") == words("école москва"))
        #expect(words("“ — ... !!! ”").isEmpty)
        #expect(words("我们今天去北京。").count >= 3)  // ICU's dictionary words, not one run
        #expect(words("a b a")[0] == words("a b a")[2] && words("a b")[0] != words("a b")[1])
    }

    @Test("the second hop over the words scan 1 kept selects as the second hop over the text")
    func storedWordsMatchRescan() throws {
        guard let essays = try Self.essays() else {
            #expect(!TestPaths.strict, "corpora missing")
            return
        }
        let segmenter = Segmenter()
        let questions = [Self.question, "How did Viaweb price its software?", "Why do cities matter for ambitious people?"]
        for (start, question) in zip([0, essays.count / 3, essays.count / 2], questions) {
            var bytes = Array(essays[start...])
            while bytes.first.map({ $0 & 0xC0 == 0x80 }) ?? false { bytes.removeFirst() }
            let document = try PromptDocument(text: bytes, tokenizer: Self.tokenizer)
            func select(limit: Int) -> CoarseSelection {
                CoarseSelection.select(
                    document, query: question, volume: 12_000, bm25: BM25(), secondHopWeight: 0.5, segmenter: segmenter,
                    tokenizer: Self.tokenizer, share: WorkShare(beside: document._inputCount), storedWordsLimit: limit)!
            }
            let stored = select(limit: .max), rescanned = select(limit: 0)
            #expect(stored.units.count > 100)
            #expect(stored.candidates == rescanned.candidates)
            #expect(stored.rank == rescanned.rank)
            #expect(stored.repeats.map(\.0) == rescanned.repeats.map(\.0))
        }
    }

    @Test("the eight-byte ASCII word path gives the byte loop's hashes")
    func asciiFastPathMatchesByteLoop() throws {
        let segmenter = Segmenter()
        func words(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, fast: Bool) -> [UInt64] {
            var cursor = WordCursor(buffer: buffer, range: range, segmenter: segmenter, asciiFastPath: fast)
            var result: [UInt64] = []
            while let word = cursor.next() { result.append(word) }
            return result
        }
        var generator = SeededGenerator(seed: 21)
        let pieces = [
            "a", "ab", "Word", "WORDS", "seven77", "eightABC", "ninebytes", "internationalization", "sixteen_letters_",
            "SixteenLettersXY", "0123456789012345678", " ", "  ", "\n", "\t", ",", ".", "'", "’", "don't", "e.g.", "3.14",
            "1,000", "a.b", "x,y", "@", "[", "`", "{", "~", "école", "Москва", "naïve", "日本語", "ไทย", "—", "\u{FF}",
        ]
        var checked = 0
        for _ in 0..<3000 {
            let text = (0..<(1 + generator.below(40))).map { _ in generator.pick(pieces) }.joined(separator: generator.below(3) == 0 ? "" : " ")
            var bytes = Array(text.utf8)
            if generator.below(8) == 0 && !bytes.isEmpty { bytes[generator.below(bytes.count)] = UInt8(generator.below(256)) }
            let low = generator.below(bytes.count / 4 + 1)
            let high = bytes.count - generator.below(bytes.count / 4 + 1)
            bytes.withUnsafeBufferPointer { buffer in
                let range = low..<max(low, high)
                let fast = words(buffer, range, fast: true)
                #expect(fast == words(buffer, range, fast: false), "\(String(decoding: buffer[range], as: UTF8.self).debugDescription)")
                checked += fast.count
            }
        }
        #expect(checked > 10_000)
        guard let essays = try Self.essays() else { return }
        essays.withUnsafeBufferPointer { buffer in
            #expect(words(buffer, 0..<buffer.count, fast: true) == words(buffer, 0..<buffer.count, fast: false))
        }
    }
}

@Suite("Near-duplicate signatures")
struct DensifyTests {
    /// A plain densification, the reference.
    func reference(_ signature: [UInt64]) -> [UInt64] {
        var signature = signature
        let k = signature.count
        for j in 0..<k where signature[j] == .max {
            var distance = 1
            while distance < k && signature[(j + distance) % k] == .max { distance += 1 }
            if distance < k { signature[j] = mixBits(signature[(j + distance) % k] &+ UInt64(distance)) | (1 << 63) }
        }
        return signature
    }

    /// A signature of 4, 8 or 64 bins, some of them filled (the others `.max`).
    func randomSignature(_ generator: inout SeededGenerator) -> [UInt64] {
        let k = [4, 8, 64][generator.below(3)]
        var signature = [UInt64](repeating: .max, count: k)
        for _ in 0..<generator.below(k + 1) { signature[generator.below(k)] = generator.next() >> 1 }
        return signature
    }

    @Test("the O(k) densification gives the O(k²) scan's values")
    func matchesReference() {
        var generator = SeededGenerator(seed: 9)
        for _ in 0..<2000 {
            let signature = randomSignature(&generator)
            var fast = signature
            densify(&fast)
            #expect(fast == reference(signature))
        }
    }

    @Test("densifying some bins gives densify's values for those bins")
    func binsMatchDensify() {
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<2000 {
            let signature = randomSignature(&generator)
            let k = signature.count
            var whole = signature
            densify(&whole)
            let low = generator.below(k), high = low + 1 + generator.below(k - low)
            var dense = [UInt64](repeating: 7, count: k)
            densifiedBins(signature, low..<high, into: &dense)
            #expect(Array(dense[low..<high]) == Array(whole[low..<high]))
            #expect(dense[..<low].allSatisfy { $0 == 7 } && dense[high...].allSatisfy { $0 == 7 })
        }
    }
}

@Suite("Near-duplicate pair filter")
struct NearDuplicatePairFilterTests {
    /// The exact check of `NearDuplicateRemoval.duplicates`.
    func reaches(_ a: [UInt64], _ b: [UInt64], _ threshold: Double) -> Bool {
        let intersection = intersectionCount(a, b)
        let union = a.count + b.count - intersection
        return union > 0 && Double(intersection) / Double(union) >= threshold
    }

    @Test("the filter never skips a pair that reaches the threshold, and skips some", arguments: [0.5, 0.8, 0.9])
    func neverSkipsASimilarPair(threshold: Double) {
        var generator = SeededGenerator(seed: 17)
        // Small universes of values whose top halves sometimes collide, so that
        // similar pairs, prefix matches and top-half-only matches all occur.
        var sets: [[UInt64]] = []
        for _ in 0..<400 {
            let universe = 8 + generator.below(24)
            var set: [UInt64] = []
            for _ in 0..<(1 + generator.below(20)) {
                let value = UInt64(generator.below(universe))
                set.append(value << 61 | (value & 1) << 40 | UInt64(generator.below(2)))
            }
            set.sort()
            sets.append(Array(Set(set)).sorted())
        }
        var filter = PairFilter(unitCount: sets.count, threshold: threshold)
        for (unit, set) in sets.enumerated() { filter.record(set, unit: unit) }
        var similar = 0, skipped = 0
        for a in sets.indices {
            for b in sets.indices where a < b {
                let exact = reaches(sets[a], sets[b], threshold)
                let stored = filter.mayReachThreshold(a, b)
                let withFirst = filter.mayReachThreshold(sets[a], unit: b)
                if exact { similar += 1 }
                if !stored || !withFirst { skipped += 1 }
                #expect(!exact || (stored && withFirst), "pair \(a), \(b)")
            }
        }
        #expect(similar > 0)
        #expect(skipped > 0)
    }
}

extension TwoStageCompressionTests {
    /// The coarse stage's recall: NaturalQuestions with the gold passage
    /// among 149 distractors (about 20,000 tokens), a 1,000-token budget, so
    /// that the two-stage path runs; the answer must survive as often as
    /// with the single stage (within two questions in a hundred).
    @Test("NQ, 150 passages, 1,000 tokens: the two-stage path keeps the answer as often as the single stage")
    func naturalQuestionsAtScale() throws {
        guard let records = try RetrievalQualityTests.records() else {
            #expect(!TestPaths.strict, "corpora missing")
            return
        }
        let twoStage = Compressor(tokenizer: Self.tokenizer)
        var singleStage = Compressor(tokenizer: Self.tokenizer)
        singleStage.coarseMinimumTokens = .max / 4
        var keptTwo = 0, keptSingle = 0, total = 0, ranTwoStage = 0
        for (n, index) in stride(from: 0, to: records.count, by: 27).prefix(100).enumerated() {
            func passage(_ record: [String: Any]) -> String {
                let context = (record["ctxs"] as! [[String: Any]])[0]
                return "(Title: \(context["title"] as! String)) \(context["text"] as! String)"
            }
            var passages = (1...149).map { passage(records[(index + $0 * 37) % records.count]) }
            passages.insert(passage(records[index]), at: (n * 37) % 150)
            let question = records[index]["question"] as! String
            let document = try PromptDocument(
                passages: passages.enumerated().map { "Document [\($0.offset + 1)] \($0.element)" }, tokenizer: Self.tokenizer)
            let options = CompressionOptions(target: .tokens(1000), query: question)
            let two = try twoStage.compress(document, options: options)
            let single = try singleStage.compress(document, options: options)
            #expect(two.tokensAfter <= 1000 && single.tokensAfter <= 1000)
            if two.passes.first?.pass == "coarse" { ranTwoStage += 1 }
            let answers = (records[index]["answers"] as! [String]).map(RetrievalQualityTests.normalize)
            if answers.contains(where: RetrievalQualityTests.normalize(two.text).contains) { keptTwo += 1 }
            if answers.contains(where: RetrievalQualityTests.normalize(single.text).contains) { keptSingle += 1 }
            total += 1
        }
        print("NQ 150 passages, 1,000 tokens: answer kept in \(keptTwo) of \(total) with two stages, \(keptSingle) with one")
        #expect(ranTwoStage == total)
        #expect(keptTwo + 2 >= keptSingle)
    }
}
