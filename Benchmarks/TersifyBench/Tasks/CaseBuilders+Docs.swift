import Foundation
import TersifyUtilities

extension CaseBuilders {
    /// An option entry of a rendered man page: the option line and its
    /// whole description.
    struct ManEntry: Sendable {
        /// The option names of the option line (`-l`, `--files-with-matches`).
        var names: [String]
        /// From the start of the option line to the end of its last
        /// description line (its line feed included; blank lines after left out).
        var range: Range<Int>
        /// Description lines that are not blank, after the option line.
        var lines: Int
    }

    /// The option entries of a rendered man page, read by their lines: an
    /// indented line that starts with an option (`-l`, `--all`, `-name`),
    /// after a blank line, a line indented otherwise or another option
    /// line, and the lines after it that are blank or indented deeper. Entries
    /// inside an entry (options listed in another's description) are left
    /// out: the outer one holds them.
    static func manEntries(_ text: String) -> [ManEntry] {
        let bytes = Array(text.utf8)
        var starts: [Int] = [0]
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") && index + 1 < bytes.count { starts.append(index + 1) }
        func end(_ line: Int) -> Int { line + 1 < starts.count ? starts[line + 1] : bytes.count }
        func indent(_ line: Int) -> Int {
            var p = starts[line]
            while p < end(line) && bytes[p] == UInt8(ascii: " ") { p += 1 }
            return p - starts[line]
        }
        func isBlank(_ line: Int) -> Bool { bytes[starts[line]..<end(line)].allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\n") } }
        var entries: [ManEntry] = []
        var line = 0
        while line < starts.count {
            defer { line += 1 }
            guard !isBlank(line) else { continue }
            let depth = indent(line)
            let content = Array(bytes[(starts[line] + depth)..<end(line)])
            let names = optionNames(content)
            guard depth > 0, !names.isEmpty else { continue }
            // Not a line of a paragraph that happens to start with an
            // option (`-print0, perl -0, …`): the line above is blank,
            // indented otherwise, or an option line too.
            if line > 0 && !isBlank(line - 1) && indent(line - 1) == depth
                && optionNames(Array(bytes[(starts[line - 1] + depth)..<end(line - 1)])).isEmpty {
                continue
            }
            var last = line, next = line + 1, lines = 0
            while next < starts.count && (isBlank(next) || indent(next) > depth) {
                if !isBlank(next) {
                    last = next
                    lines += 1
                }
                next += 1
            }
            entries.append(ManEntry(names: names, range: starts[line]..<end(last), lines: lines))
            line = last
        }
        return entries
    }

    /// The option names an option line starts with: `-e PATTERNS,
    /// --regexp=PATTERNS` gives `-e` and `--regexp`; none unless it starts
    /// with a dash and a letter or digit (or two dashes and one).
    static func optionNames(_ line: [UInt8]) -> [String] {
        func isNameByte(_ b: UInt8) -> Bool {
            (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
                || b == UInt8(ascii: "-") || b == UInt8(ascii: "_")
        }
        var names: [String] = []
        var i = 0
        // The option list ends at a run of two spaces (the description on the same line) or the line's end.
        while i < line.count {
            guard line[i] == UInt8(ascii: "-") else { break }
            var j = i + 1
            if j < line.count && line[j] == UInt8(ascii: "-") { j += 1 }
            guard j < line.count, isNameByte(line[j]), line[j] != UInt8(ascii: "-") else { break }
            var k = j
            while k < line.count && isNameByte(line[k]) { k += 1 }
            while k > j + 1 && line[k - 1] == UInt8(ascii: "-") { k -= 1 }
            names.append(String(decoding: line[i..<k], as: UTF8.self))
            // Skip an argument (`=PATTERNS`, `[=WHEN]`, ` NUM`) up to the next `, -`.
            var p = k
            while p < line.count && !(line[p] == UInt8(ascii: ",") && p + 2 < line.count && line[p + 1] == UInt8(ascii: " ")
                && line[p + 2] == UInt8(ascii: "-")) {
                if line[p] == UInt8(ascii: " ") && p + 1 < line.count && line[p + 1] == UInt8(ascii: " ") { return names }
                p += 1
            }
            guard p < line.count else { break }
            i = p + 2
        }
        return names
    }

    /// Whether `name` occurs in `text` as a whole name: not inside a longer
    /// word or name (no letter, digit, dash or underscore on either side).
    static func mentions(_ text: String, _ name: String) -> Bool {
        let bytes = Array(text.utf8), needle = Array(name.utf8)
        guard !needle.isEmpty, needle.count <= bytes.count else { return false }
        func isNameByte(_ b: UInt8) -> Bool {
            (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
                || b == UInt8(ascii: "-") || b == UInt8(ascii: "_")
        }
        var i = 0
        while i + needle.count <= bytes.count {
            if bytes[i] == needle[0] && bytes[i..<(i + needle.count)].elementsEqual(needle)
                && (i == 0 || !isNameByte(bytes[i - 1]))
                && (i + needle.count == bytes.count || !isNameByte(bytes[i + needle.count])) {
                return true
            }
            i += 1
        }
        return false
    }

    /// `doc-qa`: three man pages as `man` renders them, joined by a blank
    /// line, then a question about one option of one of them (a page of
    /// section 1 or 8, first, second or last in turn): "What does the
    /// --files-with-matches option of grep do?". The option is named by its
    /// longest name, which is the name of no other entry of its page and
    /// occurs in neither other page; its description is 1 to 20 lines.
    static func docQA(_ pages: [ManPages.Page], count: Int, seed: UInt64) -> [BenchCase] {
        var cases: [BenchCase] = []
        var generator = SplitMix64(seed: seed ^ stableHash("doc-qa"))
        let entries = pages.map { manEntries($0.text) }
        let targets = pages.indices.filter { (pages[$0].section == "1" || pages[$0].section == "8") && entries[$0].count >= 5 }
        guard !targets.isEmpty, pages.count >= 3 else { return [] }
        var attempts = 0
        while cases.count < count && attempts < count * 20 {
            attempts += 1
            let target = targets[generator.below(targets.count)]
            var chosen: [Int] = []
            while chosen.count < 2 {
                let candidate = generator.below(pages.count)
                if candidate != target && !chosen.contains(candidate) { chosen.append(candidate) }
            }
            let position = cases.count % 3
            chosen.insert(target, at: position)
            let others = chosen.filter { $0 != target }.map { pages[$0].text }
            let candidates = entries[target].filter { entry in
                guard (1...20).contains(entry.lines), let name = entry.names.max(by: { $0.count < $1.count }), name.count >= 2 else { return false }
                return entries[target].filter { $0.names.contains(name) }.count == 1 && !others.contains { mentions($0, name) }
            }
            guard !candidates.isEmpty else { continue }
            let entry = candidates[generator.below(candidates.count)]
            let name = entry.names.max { $0.count < $1.count }!
            var text = ""
            var all: [Range<Int>] = []
            var gold = 0..<0
            for index in chosen {
                let start = text.utf8.count
                text += pages[index].text
                if !text.hasSuffix("\n") { text += "\n" }
                text += "\n"
                for found in entries[index] {
                    let range = (found.range.lowerBound + start)..<(found.range.upperBound + start)
                    all.append(range)
                    if index == target && found.range == entry.range { gold = range }
                }
            }
            let page = pages[target]
            let question = "Question: What does the \(name) option of \(page.title) do?"
            text += question
            cases.append(BenchCase(
                id: "doc-\(page.name)\(name)", groups: [["first", "middle", "last"][position]],
                input: .prompt(text, passages: []), query: nil,
                probe: .entries(gold: gold, entries: all, question: question)))
        }
        return cases
    }
}
