import Foundation
import TersifyTestSupport
@testable import PromptCompression
import PromptTokenizer
import Testing

/// Code in prompts: blocks cut into whole declarations, frames kept with
/// their members, nothing cut inside a declaration, `keepCode` protecting
/// blocks whole. The code is the repository's own sources (Swift, Python
/// and C), read from disk.
@Suite("Code layout")
struct CodeLayoutTests {
    static let tokenizer = TestTokenizers.cl100k

    /// The repository's root.
    static var root: URL { TestPaths.root }

    static func source(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    static let files = [
        ("swift", "Sources/PromptCompression/Document/Sections.swift"),
        ("swift", "Sources/PromptCompression/Retrieval/BM25.swift"),
        ("python", "scripts/tiktoken_offline.py"),
        ("c", "Sources/CICU/cicu.c"),
        ("swift", "Sources/PromptCompression/Document/CodeLayout.swift"),
    ]

    /// Several files, each under a title line in a fence, then a question.
    static func prompt(question: String, fenced: Bool = true) throws -> String {
        var text = "Here are the files of the project.\n\n"
        for (language, path) in files {
            text += "File: \(path)\n"
            text += fenced ? "```\(language)\n\(try source(path))```\n\n" : "\(try source(path))\n"
        }
        return text + "Question: \(question)"
    }

    static func layout(_ text: String, fenced: Bool = true) throws -> CodeLayout {
        let bytes = Array(text.utf8)
        let spans = try ProtectedSpanDetector().spans(in: bytes)
        return CodeLayout(bytes, fenced: fenced ? spans.filter { $0.kind == .fencedCode }.map(\.range) : [], detect: true)
    }

    /// The difference between opening and closing braces of `text`,
    /// outside string literals and comments (well enough for these files).
    static func braceBalance(_ text: Substring) -> Int {
        var balance = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var inString = false
            var previous: Character = " "
            for c in line {
                if c == "\"" && previous != "\\" { inString.toggle() }
                if !inString {
                    if c == "/" && previous == "/" { break }
                    if c == "#" && line.trimmingCharacters(in: .whitespaces).hasPrefix("#") { break }
                    if c == "{" { balance += 1 } else if c == "}" { balance -= 1 }
                }
                previous = c
            }
        }
        return balance
    }

    @Test("units tile each block; fences open and close it; no member is a lone closing line")
    func unitsTileBlocks() throws {
        let text = try Self.prompt(question: "What does declaresType return?")
        let bytes = Array(text.utf8)
        let code = try Self.layout(text)
        #expect(code.blocks.count == Self.files.count)
        for (index, block) in code.blocks.enumerated() {
            let units = code.units[code.firstUnit[index]..<code.firstUnit[index + 1]]
            #expect(units.first?.range.lowerBound == block.lowerBound)
            #expect(units.last?.range.upperBound == block.upperBound)
            for (a, b) in zip(units, units.dropFirst()) { #expect(a.range.upperBound == b.range.lowerBound) }
            #expect(units.first?.role == .opener && units.first?.depth == 0)
            #expect(units.last?.role == .closer && units.last?.depth == 0)
            #expect(String(decoding: bytes[units.first!.range], as: UTF8.self).hasPrefix("```"))
            for unit in units where unit.role == .member {
                let content = String(decoding: bytes[unit.range], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                #expect(!["}", "};", ")", "]", "})"].contains(content), "a lone closing line: \(content)")
                #expect(!content.isEmpty)
            }
        }
    }

    @Test("a declaration is never cut: every member of the Swift and C files has balanced braces")
    func membersAreWholeDeclarations() throws {
        for (language, path) in Self.files where language != "python" {
            let text = "```\(language)\n\(try Self.source(path))```\n"
            let bytes = Array(text.utf8)
            let code = try Self.layout(text)
            #expect(code.units.count > 5, "\(path) is cut into declarations")
            for unit in code.units where unit.role == .member {
                let member = String(decoding: bytes[unit.range], as: UTF8.self)
                #expect(Self.braceBalance(member[...]) == 0, "\(path): \(member.prefix(80))")
            }
            // A type's members go one by one: the frames of large types are opened.
            if language == "swift" { #expect(code.units.contains { $0.role == .opener && $0.depth == 1 }, "\(path)") }
        }
    }

    @Test("a Python class is a frame of its methods; a function stays whole")
    func pythonFrames() throws {
        let python = """
        import os
        import sys


        class Loader:
            \"\"\"Loads vocabularies from a folder.\"\"\"

            def __init__(self, folder):
                self.folder = folder
                self.cache = {}
                self.hits = 0
                self.misses = 0

            def load(self, name):
                if name in self.cache:
                    self.hits += 1
                    return self.cache[name]
                self.misses += 1
                path = os.path.join(self.folder, name + ".tiktoken")
                with open(path, "rb") as f:
                    data = f.read()
                self.cache[name] = data
                return data

            def clear(self):
                self.cache.clear()
                self.hits = 0
                self.misses = 0


        def main(argv):
            loader = Loader(argv[1])
            for name in argv[2:]:
                print(name, len(loader.load(name)))
            return 0

        """
        let text = "```python\n" + python + "```\n"
        let bytes = Array(text.utf8)
        let code = try Self.layout(text)
        let units = code.units.map { ($0.role, $0.depth, String(decoding: bytes[$0.range], as: UTF8.self)) }
        #expect(units.contains { $0.0 == .opener && $0.1 == 1 && $0.2.hasPrefix("class Loader:") })
        #expect(units.contains { $0.0 == .member && $0.1 == 2 && $0.2.contains("def load(self, name):") && $0.2.contains("return data") })
        #expect(units.contains { $0.0 == .member && $0.1 == 1 && $0.2.hasPrefix("def main(argv):") && $0.2.contains("return 0") })
        #expect(units.contains { $0.0 == .member && $0.2.hasPrefix("import os\nimport sys\n") })
    }

    @Test("a conditional block of functions is a frame of them; a body of statements stays whole")
    func conditionalFrames() throws {
        let python = """
        import os


        if os.name == "nt":
            def quote_argument(argument):
                \"\"\"Quotes one argument for the Windows command line.\"\"\"
                if not argument or any(c in argument for c in " \\t\\""):
                    return '"' + argument.replace('"', '\\\\"') + '"'
                return argument

            def split_path(path):
                \"\"\"Splits a path into its drive and the rest.\"\"\"
                if len(path) > 1 and path[1] == ":":
                    return path[:2], path[2:]
                return "", path

            def home_folder():
                \"\"\"The user's home folder, from USERPROFILE or HOMEDRIVE and HOMEPATH.\"\"\"
                if "USERPROFILE" in os.environ:
                    return os.environ["USERPROFILE"]
                return os.environ.get("HOMEDRIVE", "C:") + os.environ.get("HOMEPATH", "\\\\")


        def run(argv):
            def usage():
                print("usage: run COMMAND [ARGUMENT ...]")
                print("runs the command with its arguments quoted for the shell of this system")
                print("and prints what it wrote, line by line, with the line numbers in front")
            if len(argv) < 2:
                usage()
                return 2
            command = " ".join(quote_argument(argument) for argument in argv[1:])
            for number, line in enumerate(os.popen(command), start=1):
                print(number, line.rstrip())
            return 0

        """
        let text = "```python\n" + python + "```\n"
        let bytes = Array(text.utf8)
        let code = try Self.layout(text)
        let units = code.units.map { ($0.role, $0.depth, String(decoding: bytes[$0.range], as: UTF8.self)) }
        #expect(units.contains { $0.0 == .opener && $0.1 == 1 && $0.2.hasPrefix("if os.name == \"nt\":") }, "\(units)")
        for name in ["quote_argument", "split_path", "home_folder"] {
            #expect(units.contains { $0.0 == .member && $0.1 == 2 && $0.2.contains("def \(name)(") }, "\(name)")
        }
        // `run` holds a function and statements: one member, whole.
        #expect(units.contains { $0.0 == .member && $0.1 == 1 && $0.2.hasPrefix("def run(argv):") && $0.2.contains("return 0") })
        // Compressed with a question about one function: the frame's line
        // stays with it, the other functions go whole.
        let result = try Compressor(tokenizer: Self.tokenizer).compress(
            PromptDocument(text: Array((text + "\nHow is the home folder found on Windows?").utf8), tokenizer: Self.tokenizer),
            options: CompressionOptions(target: .tokens(150), query: "How is the home folder found on Windows?"))
        #expect(result.tokensAfter <= 150)
        #expect(result.text.contains("if os.name == \"nt\":\n"), "\(result.text)")
        #expect(result.text.contains("return os.environ.get(\"HOMEDRIVE\""), "\(result.text)")
        #expect(!result.text.contains("def split_path(path):"), "\(result.text)")
    }

    @Test("code without fences is found; prose, wrapped prose and lists are not code")
    func detection() throws {
        let text = try Self.prompt(question: "What does declaresType return?", fenced: false)
        let bytes = Array(text.utf8)
        let code = try Self.layout(text, fenced: false)
        #expect(code.blocks.count >= Self.files.count)
        for block in code.blocks {
            let content = String(decoding: bytes[block], as: UTF8.self)
            #expect(!content.contains("Here are the files") && !content.contains("Question:") && !content.contains("File: "))
        }
        // Each file's text is covered almost whole (its first comment lines may stand apart).
        let covered = code.blocks.reduce(0) { $0 + $1.count }
        #expect(Double(covered) > 0.9 * Double(bytes.count))

        if let essays = try TestData.essays() {
            for essay in essays.prefix(40) {
                #expect(CodeLayout(essay, fenced: [], detect: true).blocks.isEmpty,
                        "prose read as code: \(String(decoding: essay.prefix(80), as: UTF8.self))")
            }
        } else {
            #expect(!TestData.strict, "the shared corpora are missing")
        }
        if let wrapped = try RenderingTests.wrappedEssays() {
            #expect(CodeLayout(Array(wrapped.utf8), fenced: [], detect: true).blocks.isEmpty)
        }
        let lists = """
        Shopping list for the weekend:
        - eggs (a dozen)
        - flour = 1 kg
        - apples, pears, and plums
        1. Preheat the oven to 200 degrees.
        2. Mix the flour with the eggs (slowly).
        3. Bake for 40 minutes; let it cool.

        Please give:
            * the exact version of the compiler;
            * the system type;
            * the options given when it was configured;
            * the complete command line that triggers the bug.
        """
        #expect(CodeLayout(Array(lists.utf8), fenced: [], detect: true).blocks.isEmpty)
    }

    @Test("real READMEs: code in them is found, their prose and lists are not code")
    func readmes() throws {
        // A Debian README with a bullet list ending in semicolons and a C++ example.
        let text = """
        What we do want
        ---------------

        A bug report should include:

            * the exact version of GCC;
            * the system type;
            * the options given when GCC was configured/built;
            * the complete command line that triggers the bug;

        For example:

            #include <stdio.h>

            class A {};

            void SortCondition(void *a, void *b)
            {
                printf("throwing exception\n");
                throw A();
            }

        Thanks for reading.
        """
        let bytes = Array(text.utf8)
        let code = CodeLayout(bytes, fenced: [], detect: true)
        #expect(code.blocks.count == 1)
        let block = String(decoding: bytes[code.blocks[0]], as: UTF8.self)
        #expect(block.hasPrefix("    #include <stdio.h>") && block.contains("throw A();\n    }\n"))
        #expect(!block.contains("Thanks"))
    }

    @Test("compressed code keeps whole declarations, balanced fences and braces, and the one asked about",
          arguments: [250, 400, 700, 1200, 2500])
    func compressedCode(budget: Int) throws {
        let text = try Self.prompt(question: "What does readsAsHeading check for a numbered heading?")
        let compressor = Compressor(tokenizer: Self.tokenizer)
        let out = try compressor.compress(prompt: text, options: PromptOptions(target: .tokens(budget)))
        let output = String(decoding: out.result.bytes, as: UTF8.self)
        #expect(out.result.tokensAfter <= budget)
        #expect(output.hasSuffix("Question: What does readsAsHeading check for a numbered heading?"))
        let fences = output.split(separator: "\n").filter { $0.hasPrefix("```") }
        #expect(fences.count % 2 == 0, "unbalanced fences")
        // Every kept block has balanced braces, as each input block has.
        var rest = output[...]
        while let open = rest.range(of: "```swift\n") ?? rest.range(of: "```c\n") {
            guard let close = rest[open.upperBound...].range(of: "\n```") else { break }
            let block = rest[open.upperBound..<close.lowerBound]
            #expect(Self.braceBalance(block) == 0, "budget \(budget): \(block.prefix(200))")
            rest = rest[close.upperBound...]
        }
        if budget >= 1200 {
            #expect(output.contains("static func readsAsHeading("), "the declaration asked about")
            #expect(output.contains("struct Sections {"), "with its type's header")
        }
    }

    @Test("the same code without fences loses whole declarations only")
    func compressedUnfencedCode() throws {
        let text = try Self.prompt(question: "What does readsAsHeading check for a numbered heading?", fenced: false)
        let compressor = Compressor(tokenizer: Self.tokenizer)
        let out = try compressor.compress(prompt: text, options: PromptOptions(target: .tokens(1200)))
        let output = String(decoding: out.result.bytes, as: UTF8.self)
        #expect(out.result.tokensAfter <= 1200)
        #expect(output.contains("static func readsAsHeading("))
        #expect(Self.braceBalance(output[...]) == 0)
    }

    @Test("keepCode protects blocks whole")
    func keepCode() throws {
        let text = "Explain this.\n\n```swift\n" + (try Self.source("Sources/PromptCompression/Retrieval/BM25.swift")) + "```\n\nQuestion: What is k1?"
        let compressor = Compressor(tokenizer: Self.tokenizer)
        let whole = try compressor.compress(prompt: text, options: PromptOptions(target: .tokens(100_000), keepCode: true))
        let tokens = whole.result.tokensAfter
        #expect(throws: CompressionError.self) {
            try compressor.compress(prompt: text, options: PromptOptions(target: .tokens(tokens / 2), keepCode: true))
        }
        let cut = try compressor.compress(prompt: text, options: PromptOptions(target: .tokens(tokens / 2)))
        #expect(cut.result.tokensAfter <= tokens / 2)
    }

    @Test("same input, same output", arguments: [300, 900])
    func deterministic(budget: Int) throws {
        let text = try Self.prompt(question: "How is the IDF computed?")
        let compressor = Compressor(tokenizer: Self.tokenizer)
        let a = try compressor.compress(prompt: text, options: PromptOptions(target: .tokens(budget)))
        let b = try compressor.compress(prompt: text, options: PromptOptions(target: .tokens(budget)))
        #expect(a.result.bytes == b.result.bytes)
    }
}
