import Foundation
import PromptCompression
import PromptTokenizer
import TersifyTestSupport
import Testing
@testable import TersifyBench

/// Real documentation, compressed: man pages of the `doc-qa` task as `man`
/// renders them, with a question, at 4x and at 256 tokens. Whatever is
/// kept keeps its shape: option entries whole or gone, headings only with
/// their section, no runs of blank lines, no sentence cut at a line break,
/// table rows whole and unchanged. Each check reads the input by its own
/// rules, not the compressor's.
@Suite("Man pages keep their structure", .serialized)
struct ManPageStructureTests {
    static let tokenizer: Tokenizer? = TestTokenizers.cl100k

    /// The pages, or nil (a failure under strict tests) when they cannot be read.
    static let pages: [ManPages.Page]? = {
        do {
            return try ManPages.load()
        } catch {
            print("ManPageStructureTests: skipped, the man pages cannot be read: \(error)")
            return nil
        }
    }()

    /// Prompts of pages joined as `doc-qa` joins them, each with a question
    /// about an option of its first page.
    static let prompts: [(name: String, pages: [String], question: String)] = [
        ("grep, signal, ls", ["grep.1", "signal.7", "ls.1"], "What does the --files-with-matches option of grep do?"),
        ("tar, suffixes", ["tar.1", "suffixes.7"], "What does the --listed-incremental option of tar do?"),
        ("ssh-keygen, ascii, sed", ["ssh-keygen.1", "ascii.7", "sed.1"], "What does the -R option of ssh-keygen do?"),
    ]

    static let targets: [PromptOptions] = [
        PromptOptions(target: .ratio(4), bestEffort: true),
        PromptOptions(target: .tokens(256), bestEffort: true),
    ]

    /// A prompt, its compression at `options`, and the kept byte ranges.
    struct Compressed {
        var input: [UInt8]
        var output: [UInt8]
        var kept: [Range<Int>]
        var label: String
    }

    /// The compressions, made once for all the tests.
    static let shared = Result { try compress() }

    static func compressed() throws -> [Compressed]? {
        guard let results = try shared.get() else {
            #expect(!TestPaths.strict, "TERSIFY_STRICT_TESTS=1 but the vocabulary or the man pages are missing")
            return nil
        }
        return results
    }

    static func compress() throws -> [Compressed]? {
        guard let tokenizer, let pages else { return nil }
        let compressor = Compressor(tokenizer: tokenizer)
        var results: [Compressed] = []
        for prompt in prompts {
            var text = ""
            for name in prompt.pages {
                guard let page = pages.first(where: { $0.name == name }) else { throw BenchError.notInManifest(file: name) }
                text += page.text + "\n"
            }
            text += "Question: " + prompt.question
            let input = Array(text.utf8)
            for options in targets {
                let out = try compressor.compress(prompt: input, options: options)
                let kept = QualityBench.complement(of: out.result.drops.map(\.range) + out.document.markers, length: input.count)
                guard kept.flatMap({ input[$0] }) == out.result.bytes, out.result.tokensAfter <= out.result.budget else {
                    throw BenchError.malformedRecord(file: prompt.name, line: 0, reason: "output over the budget or not extractive")
                }
                results.append(Compressed(input: input, output: out.result.bytes, kept: kept, label: "\(prompt.name) at \(options.target!)"))
            }
        }
        return results
    }

    /// The lines of `bytes`: start, end (after the line feed), indentation, content.
    struct Line {
        var start: Int, end: Int, indent: Int, content: Range<Int>
        var isBlank: Bool { content.isEmpty }
    }

    static func lines(_ bytes: [UInt8]) -> [Line] {
        var lines: [Line] = []
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
            end = min(end + 1, bytes.count)
            var p = start
            while p < end && bytes[p] == UInt8(ascii: " ") { p += 1 }
            var e = end
            while e > p && (bytes[e - 1] == UInt8(ascii: " ") || bytes[e - 1] == UInt8(ascii: "\n")) { e -= 1 }
            lines.append(Line(start: start, end: end, indent: p - start, content: p..<e))
            start = end
        }
        return lines
    }

    /// Whether byte `offset` is kept.
    static func isKept(_ offset: Int, _ kept: [Range<Int>]) -> Bool {
        var low = 0, high = kept.count
        while low < high {
            let mid = (low + high) / 2
            if kept[mid].upperBound <= offset { low = mid + 1 } else { high = mid }
        }
        return low < kept.count && kept[low].contains(offset)
    }

    @Test("No option entry is cut: each is kept whole or left out whole")
    func entriesWhole() throws {
        guard let results = try Self.compressed() else { return }
        for result in results {
            let entries = CaseBuilders.manEntries(String(decoding: result.input, as: UTF8.self))
            #expect(entries.count > 40)
            var keptEntries = 0
            for entry in entries {
                let share = QualityBench.keptShare(entry.range, kept: result.kept, bytes: result.input)
                #expect(share != .some, "\(result.label): entry cut: \(String(decoding: result.input[entry.range], as: UTF8.self).prefix(120))")
                if share == .all { keptEntries += 1 }
            }
            #expect(keptEntries > 0, "\(result.label): no entry kept")
        }
    }

    @Test("The asked entry is kept whole at 4x")
    func askedEntryKept() throws {
        guard let results = try Self.compressed() else { return }
        let asked = ["--files-with-matches", "--listed-incremental", "-R"]
        for (index, result) in results.enumerated() where index % Self.targets.count == 0 {
            let name = asked[index / Self.targets.count]
            let entry = try #require(CaseBuilders.manEntries(String(decoding: result.input, as: UTF8.self)).first { $0.names.contains(name) })
            #expect(QualityBench.keptShare(entry.range, kept: result.kept, bytes: result.input) == .all, "\(result.label): \(name)")
        }
    }

    @Test("No heading is kept without a line of its section")
    func headingsWithSections() throws {
        guard let results = try Self.compressed() else { return }
        for result in results {
            let lines = Self.lines(result.input)
            var headings = 0
            for (index, line) in lines.enumerated() where !line.isBlank && index + 1 < lines.count {
                // A heading: a line in capitals at the margin (`OPTIONS`), or
                // a title indented at most four (`   Pattern Syntax`), over a
                // line indented deeper.
                let next = lines[index + 1]
                guard !next.isBlank, next.indent > line.indent else { continue }
                let text = String(decoding: result.input[line.content], as: UTF8.self)
                let capitals = line.indent == 0 && text.count >= 3 && !text.contains { $0.isLowercase }
                let subsection = line.indent > 0 && line.indent <= 4 && text.first?.isUppercase == true
                    && !text.hasSuffix(".") && !text.hasSuffix(":")
                guard capitals || subsection else { continue }
                headings += 1
                guard Self.isKept(line.content.lowerBound, result.kept) else { continue }
                // Its section: the lines up to the next one indented as little.
                var sectionKept = false
                var k = index + 1
                while k < lines.count && (lines[k].isBlank || lines[k].indent > line.indent) {
                    if !lines[k].isBlank && lines[k].content.contains(where: { Self.isKept($0, result.kept) && result.input[$0] != UInt8(ascii: " ") }) {
                        sectionKept = true
                        break
                    }
                    k += 1
                }
                #expect(sectionKept, "\(result.label): heading kept alone: \(text)")
            }
            #expect(headings > 20)
        }
    }

    @Test("No more than one blank line in a row where the input has at most one")
    func blankLines() throws {
        guard let results = try Self.compressed() else { return }
        func longestBlankRun(_ bytes: [UInt8]) -> Int {
            var longest = 0, run = 0
            for line in Self.lines(bytes) {
                run = line.isBlank ? run + 1 : 0
                longest = max(longest, run)
            }
            return longest
        }
        for result in results {
            let input = longestBlankRun(result.input)
            #expect(longestBlankRun(result.output) <= max(1, input), "\(result.label)")
        }
    }

    @Test("No sentence is cut at a hard line break")
    func sentencesWhole() throws {
        guard let results = try Self.compressed() else { return }
        for result in results {
            let lines = Self.lines(result.input)
            var pairs = 0
            for index in lines.indices.dropLast() {
                let a = lines[index], b = lines[index + 1]
                // A line that goes on on the next, indented alike: it does not
                // end a sentence, and the next starts with a lower-case letter.
                guard !a.isBlank, !b.isBlank, a.indent == b.indent, a.indent > 0 else { continue }
                let last = result.input[a.content.upperBound - 1], first = result.input[b.content.lowerBound]
                guard !".!?:".utf8.contains(last), first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z") else { continue }
                pairs += 1
                let keptA = Self.isKept(a.content.upperBound - 1, result.kept), keptB = Self.isKept(b.content.lowerBound, result.kept)
                #expect(keptA == keptB, """
                    \(result.label): sentence cut at a line break: \
                    \(String(decoding: result.input[a.content], as: UTF8.self)) / \(String(decoding: result.input[b.content], as: UTF8.self))
                    """)
            }
            #expect(pairs > 100)
        }
    }

    @Test("Table rows are kept whole and unchanged, or left out")
    func tableRows() throws {
        guard let results = try Self.compressed() else { return }
        let verticals = ["│", "┃", "║"]
        let rule = "─"
        for result in results {
            let lines = Self.lines(result.input)
            var rows: [Line] = []
            for (index, line) in lines.enumerated() where !line.isBlank {
                let text = String(decoding: result.input[line.content], as: UTF8.self)
                if verticals.contains(where: { text.contains($0) }) {
                    rows.append(line)
                } else if text.hasPrefix(rule) && text.allSatisfy({ $0 == Character(rule) || $0 == "┼" || $0 == "├" || $0 == "┬" }) {
                    // The header above the rule, the rows below it up to a blank line.
                    var k = index - 1
                    while k >= 0 && !lines[k].isBlank { rows.append(lines[k]); k -= 1 }
                    k = index + 1
                    while k < lines.count && !lines[k].isBlank { rows.append(lines[k]); k += 1 }
                }
            }
            #expect(rows.count > 20, "\(result.label)")
            for row in rows {
                // Every byte from the first to the last that is not a space.
                let keptBytes = row.content.filter { Self.isKept($0, result.kept) }.count
                #expect(keptBytes == 0 || keptBytes == row.content.count,
                        "\(result.label): row reshaped: \(String(decoding: result.input[row.content], as: UTF8.self))")
            }
        }
    }
}
