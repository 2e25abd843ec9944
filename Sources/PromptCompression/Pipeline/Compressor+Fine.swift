import PromptTokenizer

/// The outcome of the budget loop: the sentences kept, the output and its
/// exact count.
struct BudgetFit {
    var keep: [Bool]
    /// Sentences an earlier pass dropped whole (they cost nothing and stay dropped).
    var alreadyDropped: [Bool]
    var output: [UInt8]
    var tokens: Int
    /// Units kept only in part (`CompressionResult.cutUnits`).
    var cutUnits: Int
    /// Only with `bestEffort`: the protected text alone is over the budget.
    var overBudget: Bool
}

extension Compressor {
    /// The fine stage: passes, ranking and the exact budget loop over the
    /// whole sentence structure of `document`.
    ///
    /// Stages: the sentence structure, the passes (`_runPasses`), the
    /// ranking (`rank`), the budget loop (`_fitToBudget`), the retrieval
    /// drops (`_recordDrops`) and the optional reordering.
    func _compressFine(
        _ document: PromptDocument, budget: Int, options: CompressionOptions, share: WorkShare? = nil
    ) throws(CompressionError) -> CompressionResult {
        var document = document
        var clock = StageClock(stageTimes)
        // The sentence structure, built on first use (in parts shared with
        // the second thread of the work share, when there is one), before the
        // document's count is asked for: offered to that thread, it goes on meanwhile.
        // (`compress` calls this only above the budget; the two-stage
        // candidates are about three budgets.)
        _ = document._fine.structure(share: share)
        clock.lap("fine: sentences")
        if document.tokens <= budget {
            let output = document.render()
            return CompressionResult(bytes: output, tokensBefore: document.tokens, tokensAfter: tokenizer.count(bytes: output),
                                     budget: budget, drops: document.drops, overBudget: false, passes: [])
        }
        releaseFreedMemory(inputBytes: document.bytes.count)
        clock.restart()
        let passed = try _runPasses(&document, budget: budget, options: options, share: share, clock: &clock)
        let current = passed.tokens
        var reports = passed.reports
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
        releaseFreedMemory(inputBytes: document.bytes.count)
        clock.restart()
        var fit = try _fitToBudget(&document, order: order, budget: budget, options: options, reports: &reports, clock: &clock)
        clock.lap("fine: budget loop")
        let retrievalDrops = _recordDrops(&document, order: order, fit: fit, options: options)
        reports.append(PassReport(pass: "retrieve", tokensSaved: current - fit.tokens, drops: retrievalDrops))
        let output = fit.output
        fit = BudgetFit(keep: [], alreadyDropped: [], output: [], tokens: fit.tokens, cutUnits: fit.cutUnits, overBudget: fit.overBudget)
        let result = CompressionResult(bytes: output, tokensBefore: document.tokens, tokensAfter: fit.tokens, budget: budget,
                                       drops: document.drops, overBudget: fit.overBudget, passes: reports, cutUnits: fit.cutUnits)
        clock.lap("fine: drops and result")
        return try _reorderedIfAsked(result, document: document, options: options)
    }

    /// Runs `passes`: the lossless ones, each counted exactly, then the
    /// lossy ones while the text is over `budget`; under 90 % of the budget
    /// after a lossy pass, its latest drops come back while they fit
    /// (`_giveBack`).
    ///
    /// - Returns: The exact count after the passes and a report a pass.
    func _runPasses(
        _ document: inout PromptDocument, budget: Int, options: CompressionOptions, share: WorkShare?,
        clock: inout StageClock
    ) throws(CompressionError) -> (tokens: Int, reports: [PassReport]) {
        // Lossless passes first, each measured exactly.
        var reports: [PassReport] = []
        var current = document.drops.isEmpty && document.markers.isEmpty
            ? document.tokens : document._countRenderedViaWindows(with: tokenizer) ?? document._countRendered(with: tokenizer)
        clock.lap("fine: counts after the passes")
        var context = PassContext(tokenizer: tokenizer, segmenter: segmenter, query: options.query, budget: budget)
        context._workShare = share
        // The count after a lossless pass is needed only for its report
        // and before a lossy pass: with a work share, the rendered text is
        // counted on its second thread while the next pass runs here.
        var last = PassCount.known(current)
        var unsettled: [(pass: String, drops: Int, after: PassCount)] = []
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
            releaseFreedMemory(inputBytes: document.bytes.count)
            // A pass that dropped nothing left the text as it was: no count.
            if document.drops.count != before {
                if pass.isLossless, let share, document.bytes.count <= Self.sharedCountLimit {
                    last = .counting(CountJob(document.render(), tokenizer: tokenizer, share: share))
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
        return (current, reports)
    }

    /// The budget loop: protected sentences, then the others in rank order
    /// while their estimated tokens fit (with their headings, and the copies
    /// deduplication removed when a kept sentence needs them back), then an
    /// exact count, shedding the lowest-ranked until the output fits, and
    /// refilling up to three times when it ends under 90 % of the budget.
    /// When no unit but the protected ones fits, the start of the best one
    /// is kept (`_cutBestUnit`).
    ///
    /// - Throws: `.budgetBelowProtected` when the kept text cannot fit and
    ///   `options.bestEffort` is off.
    func _fitToBudget(
        _ document: inout PromptDocument, order: [Int], budget: Int, options: CompressionOptions,
        reports: inout [PassReport], clock: inout StageClock
    ) throws(CompressionError) -> BudgetFit {
        // Keep sentences in rank order while their estimated tokens fit.
        let sentences = document.sentences
        var keep = [Bool](repeating: false, count: sentences.count)
        var estimate = 0
        for (index, sentence) in sentences.enumerated() where document.isProtected(overlapping: sentence.range) {
            keep[index] = true
            estimate += sentence.tokens
        }
        // Sentences an earlier pass dropped whole cost nothing and stay
        // dropped, but for repeats (`RepeatRestorer`): deduplication is
        // lossless only while the copy it kept stays.
        var alreadyDropped = document._areDropped(sentences)
        var restorer = RepeatRestorer(document, sentences: sentences, keep: keep, alreadyDropped: alreadyDropped)
        // A heading goes in only with a sentence of its section, an opener
        // with a member of its frame and with its closer (`Sections`).
        let sections = Sections(document, sentences: sentences)
        // White space alone (a blank line between blocks) is never chosen: it
        // goes with its neighbours and would keep a heading for nothing.
        func isBlank(_ index: Int) -> Bool { isBlankBytes(document.bytes[sentences[index].range]) }
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
        return BudgetFit(keep: keep, alreadyDropped: alreadyDropped, output: output, tokens: tokens,
                         cutUnits: cutUnits, overBudget: overBudget)
    }

    /// Records a drop for each run of neighbouring sentences the budget loop
    /// left out.
    ///
    /// - Returns: The number of retrieval drops in the document (those of
    ///   the coarse stage's candidates included).
    func _recordDrops(
        _ document: inout PromptDocument, order: [Int], fit: BudgetFit, options: CompressionOptions
    ) -> Int {
        let keep = fit.keep, alreadyDropped = fit.alreadyDropped
        let sentences = document.sentences
        var rankOf = [UInt32](repeating: 0, count: order.count)
        for (position, index) in order.enumerated() { rankOf[index] = UInt32(position) }
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
        return retrievalDrops
    }
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
