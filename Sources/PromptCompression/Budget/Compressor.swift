import CICU
import PromptTokenizer

/// What to compress to, and for which question.
public struct CompressionOptions: Sendable {
    /// The size to reach: a token budget, or a compression ratio (4 means a
    /// quarter of the input's tokens).
    public enum Target: Sendable, Equatable {
        case tokens(Int)
        case ratio(Double)
    }

    public var target: Target
    /// The question the prompt must still answer; nil for query-free compression.
    public var query: String?
    /// Ranking parameters.
    public var bm25: BM25
    /// When the protected content alone exceeds the budget, return it (with
    /// `overBudget` set) instead of throwing.
    public var bestEffort: Bool
    /// "Lost in the middle": put the most relevant kept documents at the
    /// start and the end of the output, the least relevant in the middle.
    /// The output is then no longer in input order (each document's bytes
    /// still are). Applies when retrieval trimming ran; never raises the
    /// output above the budget (see `Compressor._reorderedIfAsked`).
    public var reorder: Bool
    /// How much the passages' own scores (`PromptDocument(passages:scores:tokenizer:)`,
    /// from a retriever or a reranker) count against Tersify's ranking: 0
    /// ignores them, 1 ranks passages by them alone (the ranking's order
    /// breaks ties). Each side is scaled to 0...1 first; a passage's score
    /// blends with its own BM25 score and with each pair it is in
    /// (`_DocumentPairRanking`), and its sentences get it too. Without
    /// scores this does nothing.
    ///
    /// The default, 0.7, trusts a reranker over word matching: on 200
    /// HotpotQA questions at 4x, with scores that rank the two supporting
    /// paragraphs above the eight others (noisy, overlapping in range),
    /// both were kept in 90.0 % at 0.5, 91.5 % at 0.7 and 92.5 % at 1,
    /// against 81.5 % without scores.
    public var retrieverWeight: Double

    public init(target: Target, query: String? = nil, bm25: BM25 = BM25(), bestEffort: Bool = false, reorder: Bool = false,
                retrieverWeight: Double = 0.7) {
        self.target = target
        self.query = query
        self.bm25 = bm25
        self.bestEffort = bestEffort
        self.reorder = reorder
        self.retrieverWeight = retrieverWeight
    }
}

/// A compressed prompt and what was done to it.
public struct CompressionResult: Sendable {
    /// The output bytes: a subsequence of the input.
    public var bytes: [UInt8]
    /// The output as text (invalid UTF-8 replaced; use `bytes` for the exact output).
    public var text: String { String(decoding: bytes, as: UTF8.self) }
    public var tokensBefore: Int
    /// Exact token count of `bytes`.
    public var tokensAfter: Int
    /// The budget the output had to fit.
    public var budget: Int
    /// Every dropped span, with its reason.
    public var drops: [PromptDocument.Drop]
    /// Only with `bestEffort`: the protected content alone is over the budget.
    public var overBudget: Bool
    /// Tokens each pass saved, in the order they ran.
    public var passes: [PassReport]
    /// Units kept only in part because no whole unit fit the budget (the
    /// best one's start is kept, cut after a word or at a token boundary).
    public var cutUnits: Int = 0
}

/// Compresses a prompt to a token budget, keeping what the question needs.
///
/// First the lossless passes (`passes`: white space, exact repeats), each
/// measured exactly; then, if still over the budget, retrieval-based
/// trimming, coarse to fine: with a question, BM25 ranks the
/// documents (and the best pair of them for multi-hop questions, see
/// `Compressor+Ranking.swift`), whole documents are kept best first while they fit, and the
/// rest of the budget goes to the best sentences of the remaining documents
/// (their own BM25 score, then their document's); kept text stays in its
/// original order. Without a question, sentences are ranked by information:
/// the IDF of their distinct words over the square root of their length,
/// with their figures and names added and the text's first sentence
/// weighted up (`_Salience`).
/// The output is counted exactly with the tokenizer and is never above the
/// budget: if it is, the lowest-ranked kept sentences go until it fits.
///
/// A large input (over twice the candidate volume, `coarseCandidateFactor`
/// times the budget and at least `coarseMinimumTokens`) first goes through a
/// coarse stage over bytes and word hashes: its documents, long ones cut
/// into blocks of about 2 KiB, are ranked by BM25 with a second hop (or by
/// information without a question), exact repeats are left out, and the
/// best blocks up to the volume, with every block holding protected text,
/// go on to the stage above; the others are dropped with pass "coarse".
/// Smaller inputs go to that stage directly.
public struct Compressor: Sendable {
    public let tokenizer: Tokenizer
    public let segmenter: Segmenter

    /// Passes run before retrieval trimming: the lossless ones first, then
    /// the lossy ones (such as `StopwordPass`) while the text is over budget.
    public var passes: [any CompressionPass] = [WhitespaceNormalization(), ExactDeduplication(), NearDuplicateRemoval()]

    /// Weight of the link between two documents (one's title in the other's
    /// text: the bridge of a multi-hop question) when the best pair of
    /// documents for a question is chosen.
    public var secondHopWeight = 0.5

    /// Inputs above twice the candidate volume go through the coarse stage
    /// first (`_CoarseSelection`): the best documents up to
    /// `coarseCandidateFactor` times the budget (at least
    /// `coarseMinimumTokens`) go on to the fine stage; smaller inputs go
    /// straight to the fine stage.
    public var coarseCandidateFactor = 3
    /// The least candidate volume of the coarse stage, in tokens.
    public var coarseMinimumTokens = 8192

    /// Whether ranking with a question matches words by their stems
    /// (`Stemmer`, in the language of the question and the text: "Treffern"
    /// matches "Treffer"). Ranking only: the output is never stemmed.
    public var stemming = true

    /// The language to stem the ranking's words in when already chosen
    /// (by the coarse stage, for the candidates: `.unknown` for none); nil
    /// to choose it from the question and the text (`Stemmer.forRanking`).
    var _stemmingLanguage: Language? = nil

    /// Where to record the time of each stage (benchmarks only).
    package var stageTimes: StageTimes? = nil

    /// Whether retrieval trimming runs after `passes`. Without it, a text
    /// still over the budget throws `CompressionError.budgetUnreachable`
    /// (or, with `bestEffort`, is returned with `overBudget` set).
    public var retrieval = true

    public init(tokenizer: Tokenizer, segmenter: Segmenter = Segmenter()) {
        self.tokenizer = tokenizer
        self.segmenter = segmenter
    }

    /// Compresses a document built by `PromptDocument`.
    ///
    /// - Throws: `CompressionError.budgetBelowProtected` when the protected
    ///   text alone needs more tokens than the budget (unless `bestEffort`),
    ///   `.invalidTarget` for a budget below 0 or a ratio below 1.
    public func compress(_ document: PromptDocument, options: CompressionOptions) throws(CompressionError) -> CompressionResult {
        let budget: Int
        switch options.target {
        case let .tokens(count):
            guard count >= 0 else { throw .invalidTarget("a token budget of \(count)") }
            budget = count
        case let .ratio(ratio):
            guard ratio >= 1, ratio.isFinite else { throw .invalidTarget("a compression ratio of \(ratio)") }
            budget = Int((Double(document.tokens) / ratio).rounded(.down))
        }
        // With a token budget, neither question needs the input's whole
        // count, which may still be under way (`_InputTokenCount`): the
        // coarse stage starts beside it.
        if !document._inputCount.exceeds(budget) {
            let output = document.render()
            return CompressionResult(bytes: output, tokensBefore: document.tokens,
                                     tokensAfter: document.drops.isEmpty && document.markers.isEmpty ? document.tokens : tokenizer.count(bytes: output),
                                     budget: budget, drops: document.drops, overBudget: false, passes: [])
        }
        let volume = max(coarseCandidateFactor * budget, coarseMinimumTokens)
        if retrieval {
            // Far above the volume in bytes (8 bytes a token is twice
            // English prose's), the coarse stage scores the blocks first and
            // asks for the count after, by which time the background thread
            // has usually counted past it; otherwise the count decides first.
            // The decision is the same exact one either way.
            let likely = document.bytes.count / 16 > volume
            if likely || document._inputCount.exceeds(2 * volume),
                let result = try _compressInTwoStages(
                    document, budget: budget, volume: volume, options: options,
                    proceed: { likely ? document._inputCount.exceeds(2 * volume) : true }) {
                return result
            }
        }
        return try _compressFine(document, budget: budget, options: options)
    }

    /// The fine stage: passes, ranking and the exact budget loop over the
    /// whole sentence structure of `document`.
    func _compressFine(_ document: PromptDocument, budget: Int, options: CompressionOptions, helper: _InputTokenCount? = nil) throws(CompressionError) -> CompressionResult {
        var document = document
        var clock = _StageClock(stageTimes)
        // The sentence structure, built on first use (in parts shared with
        // the helper's thread, when there is one), before the document's
        // count is asked for: offered to that thread, it goes on meanwhile.
        // (`compress` calls this only above the budget; the two-stage
        // candidates are about three budgets.)
        _ = document._fine.structure(helper: helper)
        clock.lap("fine: sentences")
        if document.tokens <= budget {
            let output = document.render()
            return CompressionResult(bytes: output, tokensBefore: document.tokens, tokensAfter: tokenizer.count(bytes: output),
                                     budget: budget, drops: document.drops, overBudget: false, passes: [])
        }
        _releaseFreedMemory(document)
        clock.restart()
        // Lossless passes first, each measured exactly.
        var reports: [PassReport] = []
        var current = document.drops.isEmpty && document.markers.isEmpty
            ? document.tokens : document._countRenderedViaWindows(with: tokenizer) ?? document._countRendered(with: tokenizer)
        clock.lap("fine: counts after the passes")
        var context = PassContext(tokenizer: tokenizer, segmenter: segmenter, query: options.query, budget: budget)
        context._helper = helper
        // The count after a lossless pass is needed only for its report
        // and before a lossy pass: with a helper, the rendered text is
        // counted on its thread while the next pass runs here.
        var last = _PassCount.known(current)
        var unsettled: [(pass: String, drops: Int, after: _PassCount)] = []
        func settle() {
            for entry in unsettled {
                let after = entry.after.value
                reports.append(PassReport(pass: entry.pass, tokensSaved: current - after, drops: entry.drops))
                current = after
            }
            unsettled.removeAll()
        }
        // Where the lossy pass that ran last began, in the drops, the
        // repeats and the reports.
        var lastLossy: (drops: Int, repeats: Int, report: Int)? = nil
        for pass in passes.filter(\.isLossless) + passes.filter({ !$0.isLossless }) {
            // Lossy passes only as far as needed.
            if !pass.isLossless {
                settle()
                clock.lap("fine: counts after the passes")
                if current <= budget { break }
                lastLossy = (document.drops.count, document._repeats.count, reports.count)
            }
            let before = document.drops.count
            try pass.apply(to: &document, context: context)
            clock.lap("fine: pass \(pass.name)")
            _releaseFreedMemory(document)
            // A pass that dropped nothing left the text as it was: no count.
            if document.drops.count != before {
                if pass.isLossless, let helper, document.bytes.count <= Self.helperCountLimit {
                    last = .counting(_CountJob(document.render(), tokenizer: tokenizer, helper: helper))
                } else {
                    last = .known(document._countRenderedViaWindows(with: tokenizer) ?? document._countRendered(with: tokenizer))
                }
            }
            unsettled.append((pass.name, document.drops.count - before, last))
            clock.lap("fine: counts after the passes")
        }
        settle()
        clock.lap("fine: counts after the passes")
        // A lossy pass drops all it finds: under 90 % of the budget, its
        // latest drops come back while they fit.
        if let lossy = lastLossy, lossy.drops < document.drops.count, 10 * current < 9 * budget {
            let (tokens, kept) = _giveBack(&document, from: lossy.drops, repeatsStart: lossy.repeats, current: current, budget: budget)
            reports[lossy.report].drops = kept
            reports[lossy.report].tokensSaved -= tokens - current
            current = tokens
            clock.lap("fine: give-back")
        }
        if current <= budget {
            return CompressionResult(bytes: document.render(), tokensBefore: document.tokens, tokensAfter: current,
                                     budget: budget, drops: document.drops, overBudget: false, passes: reports)
        }

        guard retrieval else {
            guard options.bestEffort else { throw .budgetUnreachable(budget: budget, reached: current) }
            return CompressionResult(bytes: document.render(), tokensBefore: document.tokens, tokensAfter: current,
                                     budget: budget, drops: document.drops, overBudget: true, passes: reports)
        }
        clock.restart()
        let order = try rank(document, options: options, budget: budget)
        clock.lap("fine: rank")
        _releaseFreedMemory(document)
        clock.restart()
        // Keep sentences in rank order while their estimated tokens fit.
        let sentences = document.sentences
        var keep = [Bool](repeating: false, count: sentences.count)
        var estimate = 0
        for (index, sentence) in sentences.enumerated() where document.isProtected(overlapping: sentence.range) {
            keep[index] = true
            estimate += sentence.tokens
        }
        // Sentences an earlier pass dropped whole cost nothing and stay
        // dropped, but for repeats (`_RepeatRestorer`): deduplication is
        // lossless only while the copy it kept stays.
        var alreadyDropped = document._areDropped(sentences)
        var restorer = _RepeatRestorer(document, sentences: sentences, keep: keep, alreadyDropped: alreadyDropped)
        // A heading goes in only with a sentence of its section, an opener
        // with a member of its frame and with its closer (`_Sections`).
        let sections = _Sections(document, sentences: sentences)
        // White space alone (a blank line between blocks) is never chosen: it
        // goes with its neighbours and would keep a heading for nothing.
        func isBlank(_ index: Int) -> Bool { _isBlank(document.bytes[sentences[index].range]) }
        for index in order where !keep[index] && !alreadyDropped[index] && !restorer.isSuppressed(index) && !sections.isHeading[index]
            && !isBlank(index) {
            let cost = sentences[index].tokens + _headingsCost(of: index, sections, keep: keep, alreadyDropped: alreadyDropped, sentences: sentences)
            if estimate + cost <= budget {
                keep[index] = true
                _keepHeadings(of: index, sections, keep: &keep, alreadyDropped: alreadyDropped)
                estimate += cost
                restorer.kept(index, keep: &keep, alreadyDropped: &alreadyDropped, estimate: &estimate, budget: budget)
            }
        }
        if !restorer.restored.isEmpty {
            restorer.removeDrops(from: &document, reports: &reports)
        }
        // Sentences kept by the restorer or protected (but the question)
        // bring their headings too.
        for index in sentences.indices where keep[index] && sections.headingOf[index] >= 0
            && !(document._question?.overlaps(sentences[index].range) ?? false) {
            _keepHeadings(of: index, sections, keep: &keep, alreadyDropped: alreadyDropped)
        }
        // Exact count; shed the lowest-ranked kept sentences until it fits.
        func fit() -> ([UInt8], Int) {
            var shed = order.reversed().filter {
                keep[$0] && !sections.isHeading[$0] && !document.isProtected(overlapping: sentences[$0].range)
            }[...]
            clock.lap("fine: budget loop")
            var (output, tokens) = _renderAndCount(document, keep: keep, clock: &clock)
            // Each round sheds sentences whose estimated tokens cover the
            // excess, so that the rounds stay few however many sentences go.
            while tokens > budget, !shed.isEmpty {
                stageTimes?.shedCounts += 1
                var excess = tokens - budget
                repeat {
                    let last = shed.removeFirst()
                    keep[last] = false
                    excess -= sentences[last].tokens
                } while excess > 0 && !shed.isEmpty
                _dropOrphanHeadings(sections, keep: &keep, document: document, sentences: sentences)
                output = []
                clock.lap("fine: budget loop")
                (output, tokens) = _renderAndCount(document, keep: keep, clock: &clock)
            }
            return (output, tokens)
        }
        var (output, tokens) = fit()
        // Under 90 % of the budget, more sentences in rank order, their
        // estimates scaled by how far the kept ones' overestimated the
        // exact count (short lines count less together than apart: 4,000
        // estimated tokens of `OK.` lines are 2,472), then `fit()` again;
        // a round that ends lower, or over the budget, is undone.
        for _ in 0..<3 where 10 * tokens < 9 * budget {
            var keptEstimate = 0
            for index in sentences.indices where keep[index] { keptEstimate += sentences[index].tokens }
            let scale = tokens > 0 ? max(1, Double(keptEstimate) / Double(tokens)) : 1
            let allowance = Int(Double(budget - tokens) * scale)
            let before = (output, tokens, keep)
            var added = 0
            for index in order where !keep[index] && !alreadyDropped[index] && !restorer.isSuppressed(index) && !sections.isHeading[index]
                && !isBlank(index) {
                let cost = sentences[index].tokens
                    + _headingsCost(of: index, sections, keep: keep, alreadyDropped: alreadyDropped, sentences: sentences)
                if added + cost <= allowance {
                    keep[index] = true
                    _keepHeadings(of: index, sections, keep: &keep, alreadyDropped: alreadyDropped)
                    added += cost
                }
            }
            guard added > 0 else { break }
            (output, tokens) = fit()
            // Sentences that cannot be shed (a heading, say) may leave it over.
            if tokens <= before.1 || tokens > budget {
                (output, tokens, keep) = before
                break
            }
        }
        // No silent emptiness: when no unit but the protected ones fits,
        // the start of the best one is kept.
        var cutUnits = 0
        if !sentences.indices.contains(where: { keep[$0] && !document.isProtected(overlapping: sentences[$0].range) }),
           _cutBestUnit(&document, order: order, keep: &keep, alreadyDropped: alreadyDropped,
                        budget: budget, output: &output, tokens: &tokens) {
            cutUnits = 1
        }
        var overBudget = false
        if tokens > budget {
            guard options.bestEffort else { throw .budgetBelowProtected(budget: budget, required: tokens) }
            overBudget = true
        }
        clock.lap("fine: budget loop")
        var rankOf = [UInt32](repeating: 0, count: order.count)
        for (position, index) in order.enumerated() { rankOf[index] = UInt32(position) }
        let tokensBeforeRetrieval = current
        // One drop a run of neighbouring left-out sentences (their ranges
        // touch, none was dropped before, each may be dropped), with the
        // run's best rank; its detail is written when read (`DropReason`).
        // The closure adds to a local array, not to `document`, which
        // `_forEachDropRange` reads: mutating it there copied its drops.
        var runs: [PromptDocument.Drop] = []
        var run: (range: Range<Int>, best: UInt32, sentences: Int)? = nil
        func reason(_ run: (range: Range<Int>, best: UInt32, sentences: Int)) -> PromptDocument.DropReason {
            .init(pass: "retrieve", rank: Int(run.best), of: order.count, byQuestion: options.query != nil, sentences: run.sentences)
        }
        _forEachDropRange(document, keep: keep, sentences: sentences) { index, range in
            guard !alreadyDropped[index], document.canDrop(range) else { return }
            if let current = run, current.range.upperBound == range.lowerBound {
                run = (current.range.lowerBound..<range.upperBound, min(current.best, rankOf[index]), current.sentences + 1)
            } else {
                if let current = run { runs.append(.init(range: current.range, reason: reason(current))) }
                run = (range, rankOf[index], 1)
            }
        }
        if let current = run { runs.append(.init(range: current.range, reason: reason(current))) }
        rankOf = []
        var retrievalDrops = runs.count
        document.drops.append(contentsOf: runs)
        runs = []
        for drop in document.drops[..<(document.drops.count - retrievalDrops)] where drop.reason.pass == "retrieve" { retrievalDrops += 1 }
        reports.append(PassReport(pass: "retrieve", tokensSaved: tokensBeforeRetrieval - tokens, drops: retrievalDrops))
        let result = CompressionResult(bytes: output, tokensBefore: document.tokens, tokensAfter: tokens, budget: budget,
                                       drops: document.drops, overBudget: overBudget, passes: reports, cutUnits: cutUnits)
        clock.lap("fine: drops and result")
        return try _reorderedIfAsked(result, document: document, options: options)
    }

    /// Compresses plain text.
    public func compress(text: String, options: CompressionOptions) throws(CompressionError) -> CompressionResult {
        try compress(PromptDocument(text: Array(text.utf8), tokenizer: tokenizer, segmenter: segmenter), options: options)
    }

    /// The output with the sentences not in `keep` left out, as
    /// `render()` of the document with a drop for each would give.
    ///
    /// The removed ranges (the document's, merged, and those of the left-out
    /// sentences, in order) are merged as they are read: no drop and no
    /// range is stored a sentence, and the output is reserved at its size.
    func render(_ document: PromptDocument, keep: [Bool]) -> [UInt8] {
        var removedBytes = 0
        _forEachRemoved(document, keep: keep) { removedBytes += $0.count }
        var output: [UInt8] = []
        output.reserveCapacity(document.bytes.count - removedBytes)
        var position = 0
        _forEachRemoved(document, keep: keep) { range in
            output.append(contentsOf: document.bytes[position..<range.lowerBound])
            position = range.upperBound
        }
        output.append(contentsOf: document.bytes[position...])
        return output
    }

    /// The output of `render(_:keep:)` and its exact token count. With the
    /// input's token ends (a small input, `_TokenEnds`), the removed ranges
    /// are kept and the output is counted from windows around them
    /// (`_countViaWindows`); else it is counted whole.
    func _renderAndCount(_ document: PromptDocument, keep: [Bool], clock: inout _StageClock) -> ([UInt8], Int) {
        guard document._inputCount.tokenEnds != nil else {
            let output = render(document, keep: keep)
            clock.lap("fine: render")
            let tokens = tokenizer.count(bytes: output)
            clock.lap("fine: output counts")
            return (output, tokens)
        }
        var removed: [Range<Int>] = []
        _forEachRemoved(document, keep: keep) { removed.append($0) }
        var removedBytes = 0
        for range in removed { removedBytes += range.count }
        var output: [UInt8] = []
        output.reserveCapacity(document.bytes.count - removedBytes)
        var position = 0
        for range in removed {
            output.append(contentsOf: document.bytes[position..<range.lowerBound])
            position = range.upperBound
        }
        output.append(contentsOf: document.bytes[position...])
        clock.lap("fine: render")
        let tokens = document._countViaWindows(leavingOut: removed, tokenizer: tokenizer) ?? tokenizer.count(bytes: output)
        clock.lap("fine: output counts")
        return (output, tokens)
    }

    /// Calls `body` with each range `render(_:keep:)` leaves out (the
    /// document's removed ranges and the left-out sentences'), by lower
    /// bound, overlaps merged.
    func _forEachRemoved(_ document: PromptDocument, keep: [Bool], _ body: (Range<Int>) -> Void) {
        let removed = document.removedRanges()
        let sentences = document.sentences
        var r = 0
        var pending: Range<Int>? = nil
        func add(_ range: Range<Int>) {
            if let last = pending, range.lowerBound <= last.upperBound {
                pending = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                if let last = pending { body(last) }
                pending = range
            }
        }
        _forEachDropRange(document, keep: keep, sentences: sentences) { _, range in
            guard document.canDrop(range) else { return }
            while r < removed.count && removed[r].lowerBound <= range.lowerBound {
                add(removed[r])
                r += 1
            }
            add(range)
        }
        while r < removed.count {
            add(removed[r])
            r += 1
        }
        if let last = pending { body(last) }
    }

    /// The tokens of the headings, openers and closers that keeping the
    /// sentence at `index` brings in (those not kept yet).
    func _headingsCost(of index: Int, _ sections: _Sections, keep: [Bool], alreadyDropped: [Bool], sentences: [PromptDocument.Unit]) -> Int {
        var cost = 0
        var heading = Int(sections.headingOf[index])
        while heading >= 0 && !keep[heading] && !alreadyDropped[heading] {
            cost += sentences[heading].tokens
            let closer = sections.closer(of: heading)
            if closer >= 0 && !keep[closer] && !alreadyDropped[closer] { cost += sentences[closer].tokens }
            heading = Int(sections.headingOf[heading])
        }
        return cost
    }

    /// Keeps the headings, openers and closers the sentence at `index` falls under.
    func _keepHeadings(of index: Int, _ sections: _Sections, keep: inout [Bool], alreadyDropped: [Bool]) {
        var heading = Int(sections.headingOf[index])
        while heading >= 0 && !keep[heading] && !alreadyDropped[heading] {
            keep[heading] = true
            let closer = sections.closer(of: heading)
            if closer >= 0 && !alreadyDropped[closer] { keep[closer] = true }
            heading = Int(sections.headingOf[heading])
        }
    }

    /// Leaves out each kept heading none of whose section's sentences is
    /// kept, and each kept opener none of whose members is, with its closer
    /// (unless protected). Inner frames first, so that an emptied frame
    /// empties the one around it.
    func _dropOrphanHeadings(_ sections: _Sections, keep: inout [Bool], document: PromptDocument, sentences: [PromptDocument.Unit]) {
        var hasContent = [Bool](repeating: false, count: sentences.count)
        for index in sentences.indices.reversed() where keep[index] && !sections.closes(index) {
            if sections.isHeading[index] && !hasContent[index] && !document.isProtected(overlapping: sentences[index].range) {
                keep[index] = false
                let closer = sections.closer(of: index)
                if closer >= 0 && !document.isProtected(overlapping: sentences[closer].range) { keep[closer] = false }
                continue
            }
            if sections.headingOf[index] >= 0 { hasContent[Int(sections.headingOf[index])] = true }
        }
    }

    /// Calls `body` with each sentence not in `keep` and the bytes leaving
    /// it out takes away, in input order.
    ///
    /// A left-out sentence takes its whole range, trailing white space
    /// included, but for the last sentence of a paragraph that keeps an
    /// earlier one: its closing line breaks stay, less those the last kept
    /// sentence already ends with, so that the kept text still ends its
    /// paragraph as the input did ("…in.\n\nQuestion:", not "…in. Question:")
    /// and left-out lines leave no blank lines behind.
    ///
    /// - Complexity: O(s + b) for s sentences and b bytes of their closing white space.
    func _forEachDropRange(_ document: PromptDocument, keep: [Bool], sentences: [PromptDocument.Unit],
                           _ body: (_ index: Int, _ range: Range<Int>) -> Void) {
        let bytes = document.bytes
        var start = 0
        while start < sentences.count {
            let paragraph = sentences[start].parent
            var end = start + 1
            while end < sentences.count && sentences[end].parent == paragraph { end += 1 }
            var lastKept = -1
            for index in start..<end where keep[index] { lastKept = index }
            for index in start..<end where !keep[index] {
                var range = sentences[index].range
                if index == end - 1, lastKept >= 0 {
                    range = range.lowerBound..<_closingStart(bytes, range, after: sentences[lastKept].range)
                }
                if !range.isEmpty { body(index, range) }
            }
            start = end
        }
    }

    /// Where the bytes that stay of a paragraph's left-out last sentence
    /// `range` start: at its closing white space's first line break, past
    /// as many line breaks as the kept sentence `kept` ends with.
    private func _closingStart(_ bytes: [UInt8], _ range: Range<Int>, after kept: Range<Int>) -> Int {
        let lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r"), space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
        func isSpace(_ byte: UInt8) -> Bool { byte == lf || byte == cr || byte == space || byte == tab }
        /// The index just past the line break at `index` (CR LF is one).
        func pastBreak(_ index: Int, _ limit: Int) -> Int {
            bytes[index] == cr && index + 1 < limit && bytes[index + 1] == lf ? index + 2 : index + 1
        }
        var position = range.upperBound
        while position > range.lowerBound && isSpace(bytes[position - 1]) { position -= 1 }
        while position < range.upperBound && bytes[position] != lf && bytes[position] != cr { position += 1 }
        guard position < range.upperBound else { return range.upperBound }
        // Line breaks the kept sentence ends with.
        var tail = kept.upperBound
        while tail > kept.lowerBound && isSpace(bytes[tail - 1]) { tail -= 1 }
        var ending = 0
        while tail < kept.upperBound {
            if bytes[tail] == lf || bytes[tail] == cr {
                ending += 1
                tail = pastBreak(tail, kept.upperBound)
            } else {
                tail += 1
            }
        }
        while ending > 0 && position < range.upperBound {
            if bytes[position] == lf || bytes[position] == cr {
                ending -= 1
                position = pastBreak(position, range.upperBound)
            } else {
                position += 1
            }
        }
        return position
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Gives the pages of freed heap memory back to the system after a stage of
/// the fine stage on a large document (glibc's `malloc_trim`, through CICU).
///
/// glibc serves allocations below its mmap threshold, which rises to the
/// size of the largest block freed (up to 32 MiB), from one heap that only
/// shrinks from its top: the arrays of one stage, freed, stay resident as
/// holes under the next stage's. On 10 MB of shuffled essay lines at a 4x
/// ratio, the resident peak was 1.3 times the input above the heap's own
/// peak (`GLIBC_TUNABLES=glibc.malloc.mmap_threshold=131072` closed the gap).
@inline(__always)
func _releaseFreedMemory(_ document: PromptDocument) {
    if document.bytes.count >= 1 << 22 { tersify_release_free_memory() }
}

// Performance notes (memory of the budget loop and the retrieval drops,
// a 4x compression of 10 MB of shuffled essay lines, massif and peak RSS
// less the vocabulary):
//
// - A drop's range is two `UInt32`s and a retrieval drop keeps its rank and
//   count (`DropReason`), its detail written when read, because a `Drop`
//   with a detail string cost about 112 bytes a left-out sentence: 5.96x
//   against 5.00x the input. One drop a run of neighbouring left-out
//   sentences, collected apart from the document.
// - `render(_:keep:)` merges the document's removed ranges and the left-out
//   sentences' as it reads them and reserves the output at its size,
//   because a drop a sentence on a copy of the document each render cost
//   the whole drop array again. `rankOf` is 32-bit.

extension Compressor {
    /// Documents up to this many bytes have the count after a lossless pass
    /// taken on the helper's thread, from a rendered copy; larger ones are
    /// counted here through a buffer (`_countRendered`), not copied whole.
    static let helperCountLimit = 4 << 20
}

/// The token count after a pass: known, or being taken on another thread.
enum _PassCount {
    case known(Int)
    case counting(_CountJob)

    /// The count, waiting for (or taking) the job if need be.
    var value: Int {
        switch self {
        case let .known(count): count
        case let .counting(job): job.value
        }
    }
}

/// The count of rendered bytes offered to the thread counting the input
/// (`_InputTokenCount.offer`); taken here if no other thread has started it.
final class _CountJob: Sendable {
    private let job: _SideJob
    private let result = _Locked(0)

    init(_ bytes: [UInt8], tokenizer: Tokenizer, helper: _InputTokenCount) {
        let result = self.result
        job = _SideJob { result.withLock { $0 = tokenizer.count(bytes: bytes) } }
        if !helper.offer(job) { job.runIfUntaken() }
    }

    var value: Int {
        job.runIfUntaken()
        job.wait()
        return result.withLock { $0 }
    }
}
