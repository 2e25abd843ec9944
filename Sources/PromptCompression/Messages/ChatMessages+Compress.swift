#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ChatMessages {
    /// Compresses the texts of the messages that are not kept whole.
    ///
    /// Each compressible text is a prompt of its own (its protected spans
    /// found by `detector`), ranked against the query. The budget left after
    /// the kept texts is shared among the compressible ones in proportion to
    /// their size; a role budget scales its role's shares down and the freed
    /// tokens go to the other roles. Texts whose protected content needs
    /// more than their share keep it, and the others are trimmed further (up
    /// to three rounds) so that the total fits. The chat template's tokens
    /// (`policy.template`) count as kept text.
    ///
    /// - Returns: The new JSON and a report per text.
    /// - Throws: `.loneSurrogate` naming the first message whose text holds
    ///   a lone surrogate escape (it could be neither counted nor
    ///   compressed, whatever its role); `.budgetBelowProtected` when the
    ///   kept texts and protected spans alone exceed the total budget or a
    ///   role budget (unless `bestEffort`); `.invalidTarget` for a negative
    ///   budget or a ratio below 1; a negative role budget is an
    ///   `.invalidTarget` too; `.protectionPatternTooCostly` from `detector`.
    public func compress(
        with compressor: Compressor, detector: ProtectedSpanDetector = ProtectedSpanDetector(),
        policy: ChatCompressionPolicy
    ) throws(CompressionError) -> ChatCompressionResult {
        if let slot = slots.first(where: { $0.text == nil }) {
            let offset = slot.loneSurrogate ?? slot.literal.lowerBound
            let (line, column) = lineAndColumn(bytes, offset: offset)
            let escape = String(decoding: bytes[offset..<min(offset + 6, bytes.count)], as: UTF8.self)
            throw .loneSurrogate(message: slot.message + 1, escape: escape, offset: offset, line: line, column: column)
        }
        let tokenizer = compressor.tokenizer
        let lastUser = messages.lastIndex { $0.role == "user" }
        var reports: [ChatCompressionResult.SlotReport] = slots.enumerated().map { index, slot in
            let role = messages[slot.message].role
            let kept = slot.text == nil || policy.keptRoles.contains(role ?? "")
                || (policy.keepLastUserMessage && slot.message == lastUser)
            let tokens = slot.text.map { tokenizer.count(bytes: $0) } ?? 0
            return .init(slot: index, message: slot.message, role: role, keptWhole: kept,
                         tokensBefore: tokens, tokensAfter: tokens, budget: nil, result: nil)
        }
        for (role, budget) in policy.roleBudgets where budget < 0 {
            throw .invalidTarget("a budget of \(budget) tokens for role '\(role)'")
        }
        // The last user text read as a prompt: its trailing question is the
        // query, and when the text is compressed, the question is kept, as
        // `compress(prompt:options:)` keeps it, if it is at most a quarter
        // of the text (a turn that is all question is compressed as before).
        // Instructions belong in the system message, kept whole.
        let askingSlot = lastUser.flatMap { messages[$0].slots.last }
        let asked = askingSlot.flatMap { PromptLayout(slots[$0].text!, tokenizer: tokenizer).question }
        let keptQuestion = asked.flatMap { 4 * $0.range.count <= slots[askingSlot!].text!.count ? $0.range : nil }
        let query = policy.query ?? asked?.query ?? lastUser.map { message in
            messages[message].slots.compactMap { slots[$0].text }.map { String(decoding: $0, as: UTF8.self) }
                .joined(separator: "\n")
        }
        let template = policy.template?.tokens(roles: messages.map(\.role)) ?? 0
        let total = reports.reduce(0) { $0 + $1.tokensBefore } + template
        let kept = reports.filter(\.keptWhole).reduce(0) { $0 + $1.tokensBefore } + template
        var documents: [Int: PromptDocument] = [:]
        if policy.dropMessages, let target = policy.target {
            _dropLeastRelevantMessages(&reports, target: target, total: total, kept: kept, query: query)
        }
        for report in reports where !report.keptWhole && !report.dropped {
            let asking = report.slot == askingSlot
            documents[report.slot] = try PromptDocument(
                text: slots[report.slot].text!, tokenizer: tokenizer, segmenter: compressor.segmenter, detector: detector,
                question: asking ? keptQuestion : nil, keepCode: policy.keepCode)
        }

        guard let target = policy.target else {
            for index in reports.indices where !reports[index].keptWhole {
                let result = try compressor.compressLosslessly(documents[index]!)
                reports[index].result = result
                reports[index].tokensAfter = result.tokensAfter
            }
            return finish(reports, budget: total, overBudget: false, template: template)
        }

        let budget: Int
        switch target {
        case let .tokens(count):
            guard count >= 0 else { throw .invalidTarget("a token budget of \(count)") }
            budget = count
        case let .ratio(ratio):
            guard ratio >= 1, ratio.isFinite else { throw .invalidTarget("a compression ratio of \(ratio)") }
            budget = Int((Double(total) / ratio).rounded(.down))
        }
        if kept > budget && !policy.bestEffort {
            throw .budgetBelowProtected(budget: budget, required: kept)
        }
        var shares = roleShares(reports.filter { !$0.dropped }, available: max(0, budget - kept), roleBudgets: policy.roleBudgets)

        let options = { (share: Int) in
            CompressionOptions(target: .tokens(share), query: query, bm25: policy.bm25, bestEffort: true,
                               reorder: policy.reorder)
        }
        var pending = Array(shares.keys)
        for _ in 0..<4 {
            for index in pending.sorted() {
                let result = try compressor.compress(documents[index]!, options: options(shares[index]!))
                reports[index].result = result
                reports[index].tokensAfter = result.tokensAfter
                reports[index].budget = shares[index]
            }
            // Texts whose protected content overran their share keep it; the
            // others give up the excess, in proportion to what they kept.
            let excess = reports.reduce(0) { $0 + $1.tokensAfter } + template - budget
            let donors = shares.keys.filter { reports[$0].tokensAfter <= shares[$0]! && reports[$0].tokensAfter > 0 }
            let pool = donors.reduce(0) { $0 + reports[$1].tokensAfter }
            guard excess > 0, pool > 0 else { break }
            for index in donors {
                let cut = Int((Double(excess) * Double(reports[index].tokensAfter) / Double(pool)).rounded(.up))
                shares[index] = max(0, min(shares[index]!, reports[index].tokensAfter) - cut)
            }
            pending = donors
        }
        let after = reports.reduce(0) { $0 + $1.tokensAfter } + template
        var overBudget = after > budget
        if overBudget && !policy.bestEffort { throw .budgetBelowProtected(budget: budget, required: after) }
        for (role, cap) in policy.roleBudgets.sorted(by: { $0.key < $1.key }) {
            let used = reports.filter { !$0.keptWhole && $0.role == role }.reduce(0) { $0 + $1.tokensAfter }
            if used > cap {
                guard policy.bestEffort else { throw .budgetBelowProtected(budget: cap, required: used) }
                overBudget = true
            }
        }
        return finish(reports, budget: budget, overBudget: overBudget, template: template)
    }

    /// Marks whole messages dropped, least relevant to `query` first (the
    /// IDF over the messages of the question's words each holds; the
    /// oldest first among equals), while the compressible texts left would
    /// still have to shrink more than `ChatCompressionPolicy.dropMessagesAbove`
    /// times to fit. The most relevant message (the latest among equals) always stays.
    func _dropLeastRelevantMessages(
        _ reports: inout [ChatCompressionResult.SlotReport], target: CompressionOptions.Target, total: Int, kept: Int, query: String?
    ) {
        let budget: Int
        switch target {
        case let .tokens(count): budget = count
        case let .ratio(ratio): budget = ratio >= 1 && ratio.isFinite ? Int((Double(total) / ratio).rounded(.down)) : total
        }
        let available = Double(max(0, budget - kept))
        // The compressible messages, each with its slots, tokens and words.
        var messageSlots: [Int: [Int]] = [:]
        for (index, report) in reports.enumerated() where !report.keptWhole { messageSlots[report.message, default: []].append(index) }
        let order = messageSlots.keys.sorted()
        guard order.count > 1 else { return }
        var words: [Int: Set<UInt64>] = [:]
        var documentFrequency: [UInt64: Int] = [:]
        for message in order {
            var set = Set<UInt64>()
            for index in messageSlots[message]! { set.formUnion(foldedWordHashes(slots[reports[index].slot].text![...])) }
            for word in set { documentFrequency[word, default: 0] += 1 }
            words[message] = set
        }
        let asked = Set(foldedWordHashes(Array((query ?? "").utf8)[...]))
        let count = Double(order.count)
        func relevance(_ message: Int) -> Double {
            words[message]!.intersection(asked).reduce(0) { $0 + log(1 + count / Double(documentFrequency[$1]!)) }
        }
        let scores = Dictionary(uniqueKeysWithValues: order.map { ($0, relevance($0)) })
        var remaining = order.reduce(0) { sum, message in sum + messageSlots[message]!.reduce(0) { $0 + reports[$1].tokensBefore } }
        let ranked = order.sorted { (scores[$0]!, $0) < (scores[$1]!, $1) }
        for message in ranked.dropLast() {
            guard Double(remaining) > ChatCompressionPolicy.dropMessagesAbove * available else { break }
            for index in messageSlots[message]! {
                reports[index].dropped = true
                reports[index].tokensAfter = 0
                reports[index].budget = 0
                reports[index].result = CompressionResult(bytes: [], tokensBefore: reports[index].tokensBefore, tokensAfter: 0,
                                                          budget: 0, drops: [], overBudget: false, passes: [])
                remaining -= reports[index].tokensBefore
            }
        }
    }

    func finish(_ reports: [ChatCompressionResult.SlotReport], budget: Int, overBudget: Bool, template: Int) -> ChatCompressionResult {
        var texts: [Int: [UInt8]] = [:]
        for report in reports { if let result = report.result { texts[report.slot] = result.bytes } }
        return ChatCompressionResult(
            json: replacing(texts), tokensBefore: reports.reduce(0) { $0 + $1.tokensBefore } + template,
            tokensAfter: reports.reduce(0) { $0 + $1.tokensAfter } + template, templateTokens: template, budget: budget,
            overBudget: overBudget, slots: reports)
    }
}

/// Texts of at most this many tokens are kept whole when the budget allows (`roleShares`).
let shortTextTokens = 32

/// The token share of each compressible text: short texts whole when they
/// take at most half of what is available, the others in proportion to their size,
/// scaled down within a role over its role budget, the freed tokens given
/// to texts of roles without a budget (proportional to what they lack).
func roleShares(
    _ reports: [ChatCompressionResult.SlotReport], available: Int, roleBudgets: [String: Int]
) -> [Int: Int] {
    let compressible = reports.filter { !$0.keptWhole }
    let size = compressible.reduce(0) { $0 + $1.tokensBefore }
    var shares: [Int: Int] = [:]
    // Short texts ("Got it.", "Yes, go ahead.") are kept whole while they
    // take at most half of what is available: a proportional share of a
    // few tokens left them empty or cut to a word.
    let short = compressible.filter { $0.tokensBefore <= shortTextTokens }
    let shortSize = short.reduce(0) { $0 + $1.tokensBefore }
    let keepShort = size > available && shortSize > 0 && shortSize * 2 <= available
    let rest = keepShort ? size - shortSize : size
    let restAvailable = keepShort ? available - shortSize : available
    for report in compressible {
        if keepShort && report.tokensBefore <= shortTextTokens {
            shares[report.slot] = report.tokensBefore
            continue
        }
        shares[report.slot] = rest <= restAvailable
            ? report.tokensBefore
            : Int((Double(report.tokensBefore) * Double(restAvailable) / Double(rest)).rounded(.down))
    }
    var freed = 0
    for (role, cap) in roleBudgets {
        let members = compressible.filter { $0.role == role }
        let used = members.reduce(0) { $0 + shares[$1.slot]! }
        guard used > cap else { continue }
        for member in members {
            let scaled = Int((Double(shares[member.slot]!) * Double(cap) / Double(used)).rounded(.down))
            freed += shares[member.slot]! - scaled
            shares[member.slot] = scaled
        }
    }
    let takers = compressible.filter { roleBudgets[$0.role ?? ""] == nil && shares[$0.slot]! < $0.tokensBefore }
    let lacking = takers.reduce(0) { $0 + $1.tokensBefore - shares[$1.slot]! }
    if freed > 0 && lacking > 0 {
        for taker in takers {
            let gap = taker.tokensBefore - shares[taker.slot]!
            let gift = Int((Double(freed) * Double(gap) / Double(lacking)).rounded(.down))
            shares[taker.slot]! += min(gap, gift)
        }
    }
    return shares
}
