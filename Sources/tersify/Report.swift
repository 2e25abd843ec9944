import Foundation
import PromptCompression

/// The JSON report, the --explain diff and the --stats line.
enum Report {
    // MARK: --format json

    /// The compressed text, token counts, per-pass savings and dropped spans, as JSON.
    static func json(
        _ result: CompressionResult, document: PromptDocument, budget: Int?, question: Range<Int>?, query: String?
    ) -> [UInt8] {
        var out: [UInt8] = []
        func raw(_ text: String) { out.append(contentsOf: text.utf8) }
        func string(_ bytes: some Collection<UInt8>) { JSONString.append(bytes, to: &out) }
        raw("{\n  \"text\": ")
        string(result.bytes)
        raw(",\n  \"tokens_before\": \(result.tokensBefore),\n  \"tokens_after\": \(result.tokensAfter)")
        raw(",\n  \"budget\": \(budget.map(String.init) ?? "null")")
        raw(",\n  \"ratio\": \(ratio(result.tokensBefore, result.tokensAfter).map { String(format: "%.3f", $0) } ?? "null")")
        raw(",\n  \"over_budget\": \(result.overBudget)")
        raw(",\n  \"cut_units\": \(result.cutUnits)")
        raw(",\n  \"query\": ")
        if let query { string(Array(query.utf8)) } else { raw("null") }
        raw(",\n  \"question\": ")
        if let question {
            raw("{\"start\": \(question.lowerBound), \"end\": \(question.upperBound), \"text\": ")
            string(document.bytes[question])
            raw("}")
        } else {
            raw("null")
        }
        raw(",\n  \"passes\": [")
        for (index, pass) in result.passes.enumerated() {
            raw(index == 0 ? "\n    " : ",\n    ")
            raw("{\"pass\": ")
            string(Array(pass.pass.utf8))
            raw(", \"tokens_saved\": \(pass.tokensSaved), \"drops\": \(pass.drops)}")
        }
        raw(result.passes.isEmpty ? "]" : "\n  ]")
        raw(",\n  \"dropped\": [")
        let drops = sortedDrops(result.drops)
        for (index, drop) in drops.enumerated() {
            raw(index == 0 ? "\n    " : ",\n    ")
            raw("{\"start\": \(drop.range.lowerBound), \"end\": \(drop.range.upperBound), \"pass\": ")
            string(Array(drop.reason.pass.utf8))
            raw(", \"detail\": ")
            string(Array(drop.reason.detail.utf8))
            raw(", \"text\": ")
            string(document.bytes[drop.range])
            raw("}")
        }
        raw(drops.isEmpty ? "]" : "\n  ]")
        raw("\n}\n")
        return out
    }

    static func sortedDrops(_ drops: [PromptDocument.Drop]) -> [PromptDocument.Drop] {
        drops.enumerated().sorted { ($0.element.range.lowerBound, $0.offset) < ($1.element.range.lowerBound, $1.offset) }
            .map(\.element)
    }

    static func ratio(_ before: Int, _ after: Int) -> Double? {
        after > 0 ? Double(before) / Double(after) : nil
    }

    // MARK: --stats

    /// `tersify: 554 → 198 tokens (budget 200), 2.80x smaller, 14.1 ms`
    static func statsLine(before: Int, after: Int, budget: Int?, elapsed: Duration) -> String {
        let (seconds, attoseconds) = elapsed.components
        let milliseconds = Double(seconds) * 1000 + Double(attoseconds) / 1e15
        var line = "tersify: \(before) → \(after) tokens"
        if let budget { line += " (budget \(budget))" }
        if let ratio = ratio(before, after) {
            line += String(format: ", %.2fx smaller", ratio)
        } else if before > 0 {
            line += ", all dropped"
        }
        line += String(format: ", %.1f ms\n", milliseconds)
        return line
    }

    // MARK: --explain

    /// A word diff of the input: dropped spans marked, each with its reason,
    /// then the savings of each pass.
    static func explain(_ document: PromptDocument, _ result: CompressionResult, color: Bool) -> String {
        var text = "tersify explain: \(result.tokensBefore) → \(result.tokensAfter) tokens, "
            + "\(result.drops.count) span\(result.drops.count == 1 ? "" : "s") dropped\n"
        text += diff(document.bytes, drops: result.drops, markers: document.markers, color: color)
        text += passSummary(result.passes)
        return text
    }

    /// The explanation of a chat request: each compressed text's diff.
    static func explain(_ chat: ChatMessages, _ result: ChatCompressionResult, color: Bool) -> String {
        var text = "tersify explain: \(result.tokensBefore) → \(result.tokensAfter) content tokens in \(chat.messages.count) messages\n"
        for report in result.slots {
            let slot = chat.slots[report.slot]
            var title = "message \(report.message + 1) (\(report.role ?? "no role"))"
            if let part = slot.part { title += ", part \(part + 1)" }
            if report.keptWhole {
                text += "== \(title): \(report.tokensBefore) tokens, kept whole\n"
                continue
            }
            if report.dropped {
                text += "== \(title): \(report.tokensBefore) → 0 tokens, dropped whole (--drop-messages)\n"
                continue
            }
            let share = report.budget.map { ", share \($0)" } ?? ""
            text += "== \(title): \(report.tokensBefore) → \(report.tokensAfter) tokens\(share)\n"
            if let result = report.result, let bytes = slot.text, !result.drops.isEmpty {
                text += diff(bytes, drops: result.drops, markers: [], color: color)
            }
            if let result = report.result { text += passSummary(result.passes) }
        }
        return text
    }

    static func passSummary(_ passes: [PassReport]) -> String {
        passes.map { "  \($0.pass): \($0.tokensSaved) tokens saved, \($0.drops) span\($0.drops == 1 ? "" : "s")\n" }
            .joined()
    }

    /// The text with each dropped run as `[-text-]{pass: detail}` (red and
    /// struck through, the reason dim, with colours), markers left out.
    static func diff(_ bytes: [UInt8], drops: [PromptDocument.Drop], markers: [Range<Int>], color: Bool) -> String {
        // Overlapping drops form one run, explained by its widest drop.
        var runs: [(range: Range<Int>, reason: PromptDocument.DropReason, width: Int)] = []
        for drop in sortedDrops(drops) where !drop.range.isEmpty {
            if let last = runs.last, drop.range.lowerBound < last.range.upperBound {
                let merged = last.range.lowerBound..<max(last.range.upperBound, drop.range.upperBound)
                let wider = drop.range.count > last.width
                runs[runs.count - 1] = (merged, wider ? drop.reason : last.reason, max(last.width, drop.range.count))
            } else {
                runs.append((drop.range, drop.reason, drop.range.count))
            }
        }
        let markers = markers.sorted { $0.lowerBound < $1.lowerBound }
        var out = ""
        func kept(_ range: Range<Int>) {
            var position = range.lowerBound
            for marker in markers where marker.upperBound > position && marker.lowerBound < range.upperBound {
                out += String(decoding: bytes[position..<max(position, marker.lowerBound)], as: UTF8.self)
                position = min(range.upperBound, marker.upperBound)
            }
            if position < range.upperBound { out += String(decoding: bytes[position..<range.upperBound], as: UTF8.self) }
        }
        var position = 0
        for run in runs {
            kept(position..<run.range.lowerBound)
            let dropped = String(decoding: bytes[run.range], as: UTF8.self)
            let reason = run.reason.detail.isEmpty ? run.reason.pass : "\(run.reason.pass): \(run.reason.detail)"
            if color {
                out += "\u{1B}[31;9m\(dropped)\u{1B}[0m\u{1B}[2m{\(reason)}\u{1B}[0m"
            } else {
                out += "[-\(dropped)-]{\(reason)}"
            }
            position = run.range.upperBound
        }
        kept(position..<bytes.count)
        if !out.hasSuffix("\n") { out += "\n" }
        return out
    }
}
