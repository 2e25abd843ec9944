import Foundation
import TersifyUtilities

extension CaseBuilders {
    /// A function of a Python file: its name and its whole text (decorators,
    /// signature and body, trailing blank lines left out).
    struct PythonFunction {
        var name: String
        var text: String
        var bodyLines: Int
    }

    /// The functions and methods of Python source, found by their lines:
    /// a `def` (or `async def`) line and the lines after it that are blank,
    /// indented deeper, or close its signature (`)` at its indentation).
    static func pythonFunctions(_ source: String) -> [PythonFunction] {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func indent(_ line: String) -> Int { line.prefix { $0 == " " || $0 == "\t" }.count }
        func isBlank(_ line: String) -> Bool { line.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" } }
        var functions: [PythonFunction] = []
        for (index, line) in lines.enumerated() {
            let content = line.drop { $0 == " " || $0 == "\t" }
            let signature = content.hasPrefix("def ") ? content.dropFirst(4) : content.hasPrefix("async def ") ? content.dropFirst(10) : nil
            guard let signature, let open = signature.firstIndex(of: "(") else { continue }
            let name = String(signature[..<open])
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { continue }
            let depth = indent(line)
            var first = index
            while first > 0 && lines[first - 1].drop(while: { $0 == " " }).hasPrefix("@") && indent(lines[first - 1]) == depth { first -= 1 }
            var last = index
            var next = index + 1
            while next < lines.count {
                let candidate = lines[next]
                if isBlank(candidate) { next += 1; continue }
                guard indent(candidate) > depth || (indent(candidate) == depth && candidate.drop(while: { $0 == " " }).hasPrefix(")")) else { break }
                last = next
                next += 1
            }
            functions.append(PythonFunction(name: name, text: lines[first...last].joined(separator: "\n"), bodyLines: last - index))
        }
        return functions
    }

    /// `code-qa`: five Python files, each under a `File:` line, fenced in
    /// even cases and pasted bare in odd ones, then a question naming one
    /// function of one of them: a public function of 4 to 40 body lines
    /// whose name is defined once in the prompt and occurs in no other file.
    static func codeQA(_ files: [(name: String, text: String)], count: Int, seed: UInt64) -> [BenchCase] {
        var cases: [BenchCase] = []
        var generator = SplitMix64(seed: seed ^ stableHash("code-qa"))
        var attempts = 0
        while cases.count < count && attempts < count * 20 && files.count >= 5 {
            attempts += 1
            var chosen: [Int] = []
            while chosen.count < 5 {
                let candidate = generator.below(files.count)
                if !chosen.contains(candidate) { chosen.append(candidate) }
            }
            let target = generator.below(5)
            let functions = chosen.map { pythonFunctions(files[$0].text) }
            let candidates = functions[target].filter { function in
                function.name.count >= 5 && !function.name.hasPrefix("_") && (4...40).contains(function.bodyLines)
                    && functions[target].filter { $0.name == function.name }.count == 1
                    && chosen.indices.allSatisfy { $0 == target || !files[chosen[$0]].text.contains(function.name) }
            }
            guard !candidates.isEmpty else { continue }
            let function = candidates[generator.below(candidates.count)]
            let fenced = cases.count % 2 == 0
            var text = ""
            var ranges: [Range<Int>] = []
            for index in chosen {
                text += "File: \(files[index].name)\n"
                if fenced { text += "```python\n" }
                let start = text.utf8.count
                text += files[index].text
                ranges.append(start..<text.utf8.count)
                if !text.hasSuffix("\n") { text += "\n" }
                text += fenced ? "```\n\n" : "\n"
            }
            let question = "Question: What does the function \(function.name) do, and what does it return?"
            text += question
            cases.append(BenchCase(
                id: "code-\(files[chosen[target]].name)-\(function.name)", groups: [fenced ? "fenced" : "bare"],
                input: .prompt(text, passages: ranges), query: nil,
                probe: .code(function: function.text, functions: functions.flatMap { $0.map(\.text) }, question: question)))
        }
        return cases
    }
}
