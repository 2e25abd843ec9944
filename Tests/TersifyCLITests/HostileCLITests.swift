import Foundation
import TersifyTestSupport
import Testing

/// Hostile input through the `tersify` binary: bad input never
/// crashes and never loses data. Each failure is exit code plus one line on
/// standard error naming the problem, with nothing on standard output; each
/// success keeps the guarantees (the output is a subsequence of the input,
/// within the budget by `tersify count`, and `encode | decode` gives back the
/// exact bytes).
@Suite("tersify CLI: hostile input")
struct HostileCLITests {
    let cli = CLITests()

    func run(_ arguments: [String], stdin: [UInt8] = [], environment: [String: String] = [:]) throws -> ProcessOutput {
        try cli.run(arguments, stdin: Data(stdin), environment: environment)
    }

    /// Runs a shell command line with `$T` set to the binary (for closed or
    /// redirected descriptors, which a pipe cannot give).
    func shell(_ command: String) throws -> ProcessOutput {
        try runProcess("/bin/sh", ["-c", command], environment: ["T": CLITests.binary])
    }

    func file(_ bytes: [UInt8], name: String = "input.txt") throws -> String {
        try cli.temporaryFile(Data(bytes), name: name)
    }

    /// The tokens of `bytes` by `tersify count`.
    func tokens(_ bytes: [UInt8]) throws -> Int {
        let result = try run(["count"], stdin: bytes)
        #expect(result.status == 0, "count: \(result.errorText)")
        return Int(result.text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    static func isSubsequence(_ small: [UInt8], of large: [UInt8]) -> Bool {
        var position = 0
        for byte in small {
            while position < large.count && large[position] != byte { position += 1 }
            guard position < large.count else { return false }
            position += 1
        }
        return true
    }

    /// A failure: the exit code, exactly one line on standard error that
    /// contains `message`, and no output.
    func expectFailure(
        _ result: ProcessOutput, status: Int32, _ message: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(result.status == status, "stderr: \(result.errorText)", sourceLocation: sourceLocation)
        #expect(result.errorText.contains(message), "stderr: \(result.errorText)", sourceLocation: sourceLocation)
        #expect(result.errorText.hasSuffix("\n") && result.errorText.filter { $0 == "\n" }.count == 1,
                "not one line: \(result.errorText)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
    }

    /// A successful compression: exit 0, nothing on standard error, the
    /// output a subsequence of `input` and at most `budget` tokens.
    /// Checks a successful compression: exit 0, an extractive output within
    /// the budget, and nothing on standard error but, with `cut`, the one
    /// warning that the best unit was cut (then the output is not empty).
    func expectCompressed(
        _ result: ProcessOutput, of input: [UInt8], budget: Int?, cut: Bool = false,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(result.status == 0, "stderr: \(result.errorText)", sourceLocation: sourceLocation)
        if cut {
            #expect(result.errorText.hasPrefix("warning: no whole sentence fits the budget of \(budget ?? 0) tokens")
                    && result.errorText.split(separator: "\n").count == 1,
                    "stderr: \(result.errorText)", sourceLocation: sourceLocation)
            #expect(!result.stdout.isEmpty, sourceLocation: sourceLocation)
        } else {
            #expect(result.stderr.isEmpty, "stderr: \(result.errorText)", sourceLocation: sourceLocation)
        }
        let output = [UInt8](result.stdout)
        #expect(Self.isSubsequence(output, of: input), "not a subsequence of the input", sourceLocation: sourceLocation)
        if let budget {
            #expect(try tokens(output) <= budget, sourceLocation: sourceLocation)
        }
    }

    /// `encode` then `decode` gives back the exact bytes; returns the number of ids.
    @discardableResult
    func expectRoundTrip(_ input: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
        let path = try file(input)
        let encoded = try run(["encode", path])
        #expect(encoded.status == 0, "encode: \(encoded.errorText)", sourceLocation: sourceLocation)
        let decoded = try run(["decode"], stdin: [UInt8](encoded.stdout))
        #expect(decoded.status == 0, "decode: \(decoded.errorText)", sourceLocation: sourceLocation)
        #expect(decoded.stdout == Data(input), "decode(encode(x)) != x", sourceLocation: sourceLocation)
        return encoded.stdout.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }

    /// The offset of the first ill-formed UTF-8 sequence by the standard
    /// library's decoder (a reference independent of the library's own check).
    static func firstInvalidOffset(_ bytes: [UInt8]) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    // MARK: Invalid UTF-8

    static let prose = Array("The harbor museum opens at ten. Tickets cost 18 euros. The pier is long and old.\n\n".utf8)
    static let question = Array("\n\nWhen does the museum open?".utf8)

    @Test("invalid UTF-8: exit 4 with the byte; --bytes compresses; count, encode and decode work", arguments: [
        ("overlong slash (2 bytes)", [0xC0, 0xAF]),
        ("overlong slash (3 bytes)", [0xE0, 0x80, 0xAF]),
        ("overlong slash (4 bytes)", [0xF0, 0x80, 0x80, 0xAF]),
        ("overlong NUL", [0xC0, 0x80]),
        ("lone continuation byte", [0x80]),
        ("run of continuation bytes", [0xBF, 0xBF, 0x80]),
        ("high surrogate U+D800", [0xED, 0xA0, 0x80]),
        ("low surrogate U+DFFF", [0xED, 0xBF, 0xBF]),
        ("surrogate pair (CESU-8)", [0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80]),
        ("truncated 3-byte sequence", [0xE2, 0x82]),
        ("truncated 4-byte sequence", [0xF0, 0x9F, 0x98]),
        ("past U+10FFFF", [0xF4, 0x90, 0x80, 0x80]),
        ("5-byte lead", [0xF8, 0x88, 0x80, 0x80, 0x80]),
        ("FE and FF", [0xFE, 0xFF]),
    ] as [(String, [UInt8])])
    func invalidUTF8(name: String, sequence: [UInt8]) throws {
        let input = Self.prose + sequence + Self.prose + Self.question
        let offset = try #require(Self.firstInvalidOffset(input))
        #expect(offset == Self.prose.count, "\(name)")

        let refused = try run(["--budget", "30"], stdin: input)
        expectFailure(refused, status: 4, "the input is not valid UTF-8 (byte \(offset)); use --bytes")
        // --messages checks UTF-8 before JSON; so do --format json and the no-budget path.
        expectFailure(try run(["--messages"], stdin: input), status: 4, "not valid UTF-8 (byte \(offset))")
        expectFailure(try run(["--format", "json"], stdin: input), status: 4, "not valid UTF-8 (byte \(offset))")

        let bytes = try run(["--budget", "30", "--bytes"], stdin: input)
        try expectCompressed(bytes, of: input, budget: 30)
        #expect([UInt8](bytes.stdout).ends(with: Self.question.dropFirst(2)), "the question is kept")
        try expectCompressed(try run(["--bytes"], stdin: input), of: input, budget: nil)

        // A sequence truncated by the end of the input.
        let truncated = Self.prose + sequence
        let atEnd = try run(["--budget", "30"], stdin: truncated)
        expectFailure(atEnd, status: 4, "(byte \(Self.prose.count))")

        #expect(try tokens(input) > 0)
        try expectRoundTrip(input)
        try expectRoundTrip(truncated)
        expectFailure(try run(["encode", "--allow-special"], stdin: input), status: 1, "--allow-special needs UTF-8 input")
    }

    // MARK: NUL and binary data

    @Test("NUL bytes are text: compressed, counted and round-tripped")
    func nulBytes() throws {
        let input = Self.prose + [0, 0, 0] + Array("Nul\u{0}in the middle. ".utf8) + Self.prose + [0] + Self.question
        try expectCompressed(try run(["--budget", "30"], stdin: input), of: input, budget: 30)
        let lossless = try run([], stdin: input)
        try expectCompressed(lossless, of: input, budget: nil)
        #expect(lossless.stdout.filter { $0 == 0 }.count == 5, "the lossless passes keep every NUL")
        let json = try run(["--format", "json"], stdin: input)
        #expect(json.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
        #expect((object["text"] as? String).map { Array($0.utf8) } == [UInt8](lossless.stdout))
        #expect(try expectRoundTrip(input) == (try tokens(input)))
    }

    @Test("binary data: exit 4 at the first bad byte, or compressed as bytes with --bytes")
    func binaryData() throws {
        var generator = SeededGenerator(seed: 6)
        let input = (0..<65_536).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let offset = try #require(Self.firstInvalidOffset(input))
        let path = try file(input, name: "random.bin")
        expectFailure(try run(["--budget", "100", path]), status: 4, "the input is not valid UTF-8 (byte \(offset))")
        expectFailure(try run(["--messages", path]), status: 4, "(byte \(offset))")
        // With a budget: compressed. (Code spans hold no control characters,
        // so a backtick in the noise does not open inline code up to the
        // next one, hundreds of bytes away, that no sentence could leave.)
        for arguments in [["--budget", "100"], ["--ratio", "3"]] {
            let result = try run(arguments + ["--bytes", path])
            try expectCompressed(result, of: input, budget: arguments[0] == "--ratio" ? (try tokens(input)) / 3 : 100)
        }
        try expectCompressed(try run(["--bytes", path]), of: input, budget: nil)
        try expectCompressed(try run(["--bytes", "--budget", "100"], stdin: Array(input.prefix(2_000))),
                             of: Array(input.prefix(2_000)), budget: 100)
        // count, encode and decode take any bytes; decode wants ids.
        let count = try tokens(input)
        #expect(count > 0 && count <= input.count)
        #expect(try expectRoundTrip(input) == count)
        let decode = try run(["decode", path])
        #expect(decode.status == 1 && decode.stdout.isEmpty)
        #expect(decode.errorText.hasPrefix("Error: expected token ids, found byte 0x") && decode.errorText.hasSuffix("\n"))
    }

    // MARK: Large and repetitive input

    /// Whether to compress the full-size inputs too (`TERSIFY_LARGE_TESTS=1`):
    /// a debug build compresses about 60 KB/s of one-line text, so by
    /// default the compression cases take the first megabyte (1 MB lines took
    /// 30 s and 2.3 GB in a release build before the near-dedup fix; 10 MB
    /// crashed), while count, encode and decode always take the full size.
    static let large = ProcessInfo.processInfo.environment["TERSIFY_LARGE_TESTS"] == "1"

    @Test("10 MB on one line: compressed to the budget; counted; round-tripped")
    func longLine() throws {
        // Sentences of varied words, no line break at all.
        var generator = SeededGenerator(seed: 10)
        let words = ["river", "harbor", "pilot", "channel", "basin", "museum", "tide", "bridge", "tower", "ferry"]
        var input: [UInt8] = []
        input.reserveCapacity(10_000_100)
        var sentence = 0
        while input.count < 10_000_000 {
            let text = "Sentence \(sentence) says the \(generator.pick(words)) is near the \(generator.pick(words)). "
            input.append(contentsOf: text.utf8)
            sentence += 1
        }
        #expect(!input.contains(UInt8(ascii: "\n")))
        let path = try file(input, name: "line.txt")
        let count = try run(["count", path])
        #expect(count.status == 0 && (Int(count.text.dropLast()) ?? 0) > 2_000_000)
        try expectRoundTrip(input)
        // Templated sentences by the hundred thousand: near-dedup's LSH buckets
        // asked for 34 GB here before their pairs were capped.
        let compressed = Self.large ? input : Array(input.prefix(1_000_000))
        let result = try run(["--budget", "500"], stdin: compressed)
        try expectCompressed(result, of: compressed, budget: 500)
        #expect(!result.stdout.isEmpty)
        // Ending with a question mark, the whole line is the question: documented, exit 3.
        let asked = Array(input.prefix(100_000)) + Array("Which tower?".utf8)
        expectFailure(try run(["--budget", "500"], stdin: asked), status: 3, "the protected text alone is ")
        try expectCompressed(try run(["--budget", "500", "--no-detect-question"], stdin: asked), of: asked, budget: 500)
    }

    @Test("1 M repeats of one character: exact count (tiktoken: 125,000), compressed, round-tripped")
    func oneCharacterRepeated() throws {
        let input = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        let path = try file(input, name: "a.txt")
        #expect(try run(["count", path]).text == "125000\n")
        #expect(try expectRoundTrip(input) == 125_000)
        // One sentence over the budget: its start is kept, with a warning, never over.
        try expectCompressed(try run(["--budget", "100", path]), of: input, budget: 100, cut: true)
        try expectCompressed(try run(["--ratio", "2", path]), of: input, budget: 62_500, cut: true)
        try expectCompressed(try run([path]), of: input, budget: nil)
    }

    @Test("1 M repeats of an emoji ZWJ sequence: exact count (tiktoken: 18,000,000), compressed")
    func emojiSequenceRepeated() throws {
        let family = Array("👩‍👩‍👧‍👦".utf8)  // four people joined by U+200D: 25 bytes, 18 tokens
        #expect(family.count == 25)
        var input: [UInt8] = []
        input.reserveCapacity(25_000_000)
        for _ in 0..<1_000_000 { input.append(contentsOf: family) }
        let path = try file(input, name: "family.txt")
        #expect(try run(["count", path]).text == "18000000\n")
        let compressed = Self.large ? input : Array(input.prefix(100_000 * family.count))
        try expectCompressed(try run(["--budget", "100"], stdin: compressed), of: compressed, budget: 100, cut: true)
        try expectRoundTrip(Array(compressed.prefix(10_000 * family.count)))
        // Sentences of a few families each: some fit.
        var spaced: [UInt8] = []
        for index in 0..<3_000 { spaced += family + family + Array(" Family \(index) waves.\n\n".utf8) }
        let result = try run(["--budget", "200"], stdin: spaced)
        try expectCompressed(result, of: spaced, budget: 200)
        #expect(result.text.contains("👩‍👩‍👧‍👦"), "whole sequences survive")
        #expect(!result.stdout.isEmpty)
    }

    // MARK: Line breaks and bidi

    @Test("CR-only line breaks: the last line is the question, not the whole file")
    func carriageReturnsOnly() throws {
        var input: [UInt8] = []
        for line in 0..<3000 { input += Array("Line \(line) says the river is \(line % 37) meters deep.\r".utf8) }
        input += Array("\rWhich line says the river is 5 meters deep?".utf8)
        let result = try run(["--budget", "100", "--format", "json"], stdin: input)
        #expect(result.status == 0, "stderr: \(result.errorText)")
        let object = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let question = try #require(object["question"] as? [String: Any])
        #expect(question["text"] as? String == "Which line says the river is 5 meters deep?")
        let text = try run(["--budget", "100"], stdin: input)
        try expectCompressed(text, of: input, budget: 100)
        #expect(text.text.hasSuffix("Which line says the river is 5 meters deep?"))
        #expect(try expectRoundTrip(input) == (try tokens(input)))
        // CRLF works alike.
        let crlf = Array(String(decoding: input, as: UTF8.self).replacingOccurrences(of: "\r", with: "\r\n").utf8)
        let windows = try run(["--budget", "100"], stdin: crlf)
        try expectCompressed(windows, of: crlf, budget: 100)
        #expect(windows.text.hasSuffix("Which line says the river is 5 meters deep?"))
    }

    @Test("right-to-left text with bidi controls: compressed; white-space normalization keeps every control")
    func rightToLeft() throws {
        let paragraph = "\u{202B}שלום עולם. זה טקסט בעברית על הנמל.\u{202C} \u{2067}مرحبا بالعالم. هذا نص عربي عن الميناء.\u{2069} "
            + "File \u{202E}exe.txt\u{202C} is safe. \u{200F}مثال\u{200E} end.\n\n"
        var text = ""
        for index in 0..<200 { text += "\(index) " + paragraph }
        text += "מתי נפתח המוזיאון?"
        let input = Array(text.utf8)
        let controls: [Unicode.Scalar] = ["\u{202B}", "\u{202C}", "\u{2067}", "\u{2069}", "\u{202E}", "\u{200F}", "\u{200E}"]
        func census(_ string: String) -> [Int] { controls.map { c in string.unicodeScalars.filter { $0 == c }.count } }

        let normalized = try run(["--passes", "normalize"], stdin: input)
        try expectCompressed(normalized, of: input, budget: nil)
        #expect(census(normalized.text) == census(text))
        // A bidi pair is dropped whole or kept whole: every line of the
        // output closes what it opens (dedup never drops a repeated
        // sentence holding a PDF while keeping the one with its opener).
        func expectBalanced(_ output: String, _ comment: Comment) {
            for line in output.split(separator: "\n") {
                let counts = census(String(line))
                #expect(counts[0] + counts[4] == counts[1] && counts[2] == counts[3], comment)
            }
        }
        let deduplicated = try run([], stdin: input)
        try expectCompressed(deduplicated, of: input, budget: nil)
        #expect(deduplicated.stdout.count < input.count, "dedup still drops the repeats it can")
        expectBalanced(deduplicated.text, "lossless passes")
        let result = try run(["--budget", "150"], stdin: input)
        try expectCompressed(result, of: input, budget: 150)
        expectBalanced(result.text, "budget 150")
        #expect(String(validating: [UInt8](result.stdout), as: UTF8.self) != nil, "cut at character boundaries")
        #expect(result.text.hasSuffix("מתי נפתח המוזיאון?"))
        #expect(try expectRoundTrip(input) == (try tokens(input)))
    }

    // MARK: JSON

    @Test("deeply nested JSON with --messages: exit 5 with where, never a stack overflow", arguments: [
        NestedJSON("100,000 nested arrays", String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000),
         "message 1 is not an object"),
        NestedJSON("100,000 unclosed arrays", String(repeating: "[", count: 100_000), "message 1 is not an object"),
        NestedJSON("nested arrays in a message", #"{"messages":[{"role":"user","content":"hi","meta":"#
            + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}]}",
         "nesting deeper than 512 levels"),
        NestedJSON("nested objects in the request", #"{"tools":"# + String(repeating: #"{"a":"#, count: 100_000) + "1"
            + String(repeating: "}", count: 100_000) + #","messages":[]}"#,
         "nesting deeper than 512 levels"),
        NestedJSON("nested content parts", #"[{"role":"user","content":[{"type":"text","text":"hi","x":"#
            + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}]}]",
         "nesting deeper than 512 levels"),
    ])
    func deeplyNestedJSON(_ input: NestedJSON) throws {
        let result = try run(["--messages", "--budget", "100"], stdin: Array(input.json.utf8))
        expectFailure(result, status: 5, "Error: malformed messages JSON at line 1, column ")
        #expect(result.errorText.contains(input.message), "\(input.name): \(result.errorText)")
    }

    /// A nested-JSON case, named in the test log by its name alone (the
    /// JSON is 200 KB).
    struct NestedJSON: CustomTestStringConvertible, Sendable {
        let name: String, json: String, message: String
        init(_ name: String, _ json: String, _ message: String) {
            (self.name, self.json, self.message) = (name, json, message)
        }
        var testDescription: String { name }
    }

    @Test("nesting within the limit passes through as valid JSON")
    func nestedWithinLimit() throws {
        let depth = 400
        let json = #"{"messages":[{"role":"tool","content":"a   b","meta":"# + String(repeating: "[", count: depth)
            + String(repeating: "]", count: depth) + "}]}"
        let result = try run(["--messages"], stdin: Array(json.utf8))
        #expect(result.status == 0, "\(result.errorText)")
        #expect(result.text == json.replacingOccurrences(of: "a   b", with: "a b"))
    }

    // MARK: Regular expressions

    /// A costly --keep pattern and an input it fails on, named by the pattern in the test log.
    struct CostlyPattern: CustomTestStringConvertible, Sendable {
        let pattern: String, input: [UInt8]
        var testDescription: String { "\(pattern) on \(input.count) bytes" }
        // The exact input of the report: 100 KB of "a", then "b".
        static let aThenB = [UInt8](repeating: UInt8(ascii: "a"), count: 100_000) + [UInt8(ascii: "b")]
        static let all = [
            CostlyPattern(pattern: "(a+)+$", input: aThenB),
            CostlyPattern(pattern: "(a|aa)+$", input: aThenB),
            CostlyPattern(pattern: "(.*a){20}", input: aThenB),
            CostlyPattern(pattern: "(a|b)*c", input: [UInt8](repeating: UInt8(ascii: "a"), count: 300_000)),
        ]
    }

    @Test("a --keep pattern that backtracks without end: exit 64 naming the pattern, within 2 s", arguments: CostlyPattern.all)
    func costlyPattern(_ costly: CostlyPattern) throws {
        let path = try file(costly.input, name: "a.txt")
        let json = Array(#"[{"role":"tool","content":""#.utf8) + costly.input + Array(#""},{"role":"user","content":"q?"}]"#.utf8)
        let request = try file(json, name: "request.json")
        // GNU time gives the CPU time, which other tests running at once do
        // not inflate as they do the wall clock; `timeout` ends a regression
        // instead of the suite hanging.
        let timed = FileManager.default.isExecutableFile(atPath: "/usr/bin/time")
        let cpu = path + ".cpu"
        // The reported case through every path; the others through one.
        let paths = costly.pattern == "(a+)+$" ? ["--budget 50", "--format json", "--messages --budget 20"] : ["--budget 50"]
        for options in paths {
            let input = options.hasPrefix("--messages") ? request : path
            let time = timed ? "/usr/bin/time -o \(cpu) -f '%U %S' " : ""
            let result = try shell("exec \(time)timeout 60 \"$T\" \(options) --keep '\(costly.pattern)' \(input)")
            expectFailure(result, status: 64, "Error: --keep: protection pattern \(costly.pattern.debugDescription) is too costly")
            guard timed else { continue }
            // The last line is "USER SYSTEM" (a line about the exit status comes first).
            let report = try String(contentsOfFile: cpu, encoding: .utf8)
            let seconds = report.split(separator: "\n").last?.split(separator: " ").compactMap { Double($0) } ?? []
            #expect(seconds.count == 2 && seconds.reduce(0, +) < 2, "\(options): CPU \(seconds) s")
        }
        if !timed { print("skipped the CPU time check: no /usr/bin/time") }
    }

    @Test("ordinary --keep patterns still protect every match")
    func ordinaryPatterns() throws {
        var input: [UInt8] = []
        var index = 0
        while input.count < 50_000 {
            input += Array("Sentence \(index) about the harbor, ticket-\(index % 97) and the pier. ".utf8)
            index += 1
        }
        let path = try file(input, name: "large.txt")
        func occurrences(_ text: String) -> Int { text.components(separatedBy: "ticket-42").count - 1 }
        let expected = occurrences(String(decoding: input, as: UTF8.self))
        #expect(expected > 5)
        #expect(occurrences(try run(["--budget", "300", path]).text) < expected)
        for pattern in [#"\bticket-42\b"#, #"(?i)TICKET-4[2] AND|never"#] {
            let result = try run(["--budget", "300", "--keep", pattern, path])
            #expect(result.status == 0, "\(pattern): \(result.errorText)")
            #expect(occurrences(result.text) == expected, "\(pattern)")
        }
    }

    // MARK: Vocabulary files

    /// A valid vocabulary of the 256 single bytes, ranks 0–255, plus `extra` lines.
    func vocabulary(_ extra: [String], name: String = "v.tiktoken") throws -> String {
        let lines = (0..<256).map { Data([UInt8($0)]).base64EncodedString() + " \($0)" } + extra
        return try file(Array(lines.joined(separator: "\n").utf8) + [UInt8(ascii: "\n")], name: name)
    }

    @Test("a corrupt vocabulary: exit 1 and one line naming the file and the line", arguments: [
        (["aGk= 255"], ":257: rank 255 is given twice"),
        (["QQ== 256"], ":257: token bytes are given twice"),
        (["a*k= 256"], ":257: malformed vocabulary line: invalid base64 token"),
        (["aGk 256"], ":257: malformed vocabulary line: base64 token of 3 characters (not a multiple of 4)"),
        (["aGk="], ":257: malformed vocabulary line: no space between token and rank"),
        (["aGk= -1"], ":257: malformed vocabulary line: rank is not a decimal number"),
        (["aGk= 99999999999999999999"], ":257: malformed vocabulary line: rank is larger than"),
    ])
    func corruptVocabulary(extra: [String], message: String) throws {
        let path = try vocabulary(extra)
        for arguments in [["count"], ["encode"], ["decode"], ["--budget", "5"], ["--messages"]] {
            let result = try run(arguments + ["--tokenizer", path], stdin: Array("hi".utf8))
            expectFailure(result, status: 1, "Error: \(path)\(message)")
        }
    }

    @Test("an empty, binary, missing or folder vocabulary; a corrupt cached cl100k_base")
    func unusableVocabulary() throws {
        let empty = try file([], name: "empty.tiktoken")
        expectFailure(try run(["count", "--tokenizer", empty], stdin: [1]), status: 1, "cannot read vocabulary \(empty): is empty")
        var generator = SeededGenerator(seed: 3)
        let garbage = try file((0..<3000).map { _ in UInt8(truncatingIfNeeded: generator.next()) }, name: "garbage.tiktoken")
        expectFailure(try run(["count", "--tokenizer", garbage], stdin: [1]), status: 1, "\(garbage):1: malformed vocabulary line")
        expectFailure(try run(["count", "--tokenizer", "/nonexistent/v.tiktoken"], stdin: [1]), status: 1,
                      "cannot read vocabulary /nonexistent/v.tiktoken: no such file")
        let folder = URL(fileURLWithPath: empty).deletingLastPathComponent().appendingPathComponent("dir.tiktoken").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        expectFailure(try run(["count", "--tokenizer", folder], stdin: [1]), status: 1, "cannot read vocabulary \(folder): is a folder")
        // TERSIFY_CACHE at a folder whose cl100k_base.tiktoken is corrupt: the SHA-256 check refuses it.
        let cache = URL(fileURLWithPath: try vocabulary(["aGk= 256"], name: "cl100k_base.tiktoken")).deletingLastPathComponent().path
        for arguments in [["count"], ["--budget", "5"], ["encode"]] {
            let result = try run(arguments, stdin: Array("hi".utf8), environment: ["TERSIFY_CACHE": cache])
            expectFailure(result, status: 1, "\(cache)/cl100k_base.tiktoken")
        }
    }

    @Test("a vocabulary that is not a regular file says what it is, and never hangs or reads forever")
    func vocabularyFileKinds() throws {
        // A FIFO with a writer that never writes: reading it would wait
        // forever (`timeout` ends a regression instead of the suite hanging).
        let folder = URL(fileURLWithPath: try file([], name: "x")).deletingLastPathComponent().path
        let fifo = folder + "/fifo.tiktoken"
        try #require(mkfifo(fifo, 0o600) == 0)
        let writer = open(fifo, O_RDWR | O_NONBLOCK)
        defer { close(writer) }
        let cases = [
            ("/dev/zero", "is not a regular file (character device)"),
            ("/dev/null", "is not a regular file (character device)"),
            (fifo, "is not a regular file (FIFO)"),
            (folder, "is a folder"),
            (folder + "/missing/v.tiktoken", "no such file"),
        ]
        for (path, reason) in cases {
            for command in ["count", "--budget 5", "encode"] {
                let result = try shell("exec timeout 20 \"$T\" \(command) --tokenizer \(path) < /dev/null")
                expectFailure(result, status: 1, "Error: cannot read vocabulary \(path): \(reason)\n")
            }
        }
        // The same for the cache: TERSIFY_CACHE at a folder whose cl100k_base.tiktoken is a folder or empty.
        let cache = folder + "/cache"
        try FileManager.default.createDirectory(atPath: cache + "/cl100k_base.tiktoken", withIntermediateDirectories: true)
        expectFailure(try run(["count"], stdin: [1], environment: ["TERSIFY_CACHE": cache]), status: 1,
                      "cannot read vocabulary \(cache)/cl100k_base.tiktoken: is a folder")
    }

    @Test("a vocabulary the user may not read: 'not readable (permission denied)'")
    func unreadableVocabulary() throws {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"), let nobody = getpwnam("nobody") else {
            print("skipped: needs root and /usr/bin/setpriv to run as an ordinary user")
            return
        }
        let path = try vocabulary([], name: "private.tiktoken")
        #expect(chmod(path, 0o600) == 0 && chmod(URL(fileURLWithPath: path).deletingLastPathComponent().path, 0o755) == 0)
        let (uid, gid) = (nobody.pointee.pw_uid, nobody.pointee.pw_gid)
        let result = try shell("exec /usr/bin/setpriv --reuid=\(uid) --regid=\(gid) --clear-groups \"$T\" count --tokenizer \(path) < /dev/null")
        expectFailure(result, status: 1, "Error: cannot read vocabulary \(path): not readable (permission denied)\n")
    }

    // MARK: Usage

    @Test("unknown flags and extra arguments: exit 64 for every subcommand", arguments: [
        ["--frobnicate"], ["compress", "--frobnicate"], ["count", "--frobnicate"], ["encode", "--frobnicate"],
        ["decode", "--frobnicate"], ["bench", "--frobnicate"], ["-z"], ["count", "-z"],
    ])
    func unknownFlags(arguments: [String]) throws {
        let result = try run(arguments, stdin: Array("hi".utf8))
        #expect(result.status == 64 && result.stdout.isEmpty)
        // The first line names the problem; argument-parser's usage hint follows.
        #expect(result.errorText.hasPrefix("Error: Unknown option '\(arguments.last!)'\nUsage: tersify "), "\(result.errorText)")
    }

    @Test func extraArguments() throws {
        for command in ["encode", "decode"] {
            let result = try run([command, "a.txt", "b.txt"])
            #expect(result.status == 64 && result.errorText.hasPrefix("Error: Unexpected argument 'b.txt'"), "\(result.errorText)")
        }
    }

    @Test("empty input: empty output and exit 0 everywhere")
    func emptyInput() throws {
        for arguments in [[], ["--budget", "0"], ["--bytes"], ["--messages"], ["decode"], ["encode"]] {
            let result = try run(arguments)
            #expect(result.status == 0 && result.stdout.isEmpty && result.stderr.isEmpty, "\(arguments)")
        }
        #expect(try run(["count"]).text == "0\n")
        #expect(try run(["encode", "--json"]).text == "[]\n")
        let empty = try file([], name: "empty.txt")
        #expect(try run(["count", empty, empty]).text == "0\t\(empty)\n0\t\(empty)\n0\ttotal\n")
        let json = try JSONSerialization.jsonObject(with: try run(["--format", "json", "--budget", "3", empty]).stdout)
        #expect((json as? [String: Any])?["tokens_after"] as? Int == 0)
    }

    @Test("budget 0: the protected question cannot fit (exit 3); without one, the output is empty")
    func zeroBudget() throws {
        let asked = Self.prose + Self.question
        expectFailure(try run(["--budget", "0"], stdin: asked), status: 3, "over the budget of 0")
        let plain = try run(["--budget", "0"], stdin: Self.prose)
        #expect(plain.status == 0 && plain.stdout.isEmpty && plain.stderr.isEmpty)
    }

    // MARK: Descriptors (crashes fixed: Foundation's FileHandle trapped on each)

    @Test("standard input a folder or closed: exit 1 naming standard input")
    func badStandardInput() throws {
        for command in ["count", "encode", "decode", "--budget 5"] {
            let folder = try shell("exec \"$T\" \(command) < /")
            expectFailure(folder, status: 1, "Error: standard input: is a directory")
            let closed = try shell("exec \"$T\" \(command) <&-")
            expectFailure(closed, status: 1, "Error: standard input: cannot read (Bad file descriptor)")
        }
    }

    @Test("a full disk on standard output: exit 1, not a crash and not a silent success")
    func fullStandardOutput() throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        let sample = CompressCLITests.samplePath
        for command in ["count", "encode", "--budget 200", "--format json"] {
            let result = try shell("exec \"$T\" \(command) \(sample) > /dev/full")
            expectFailure(result, status: 1, "Error: standard output: write failed (No space left on device)")
        }
        let decode = try shell("echo 9906 | \"$T\" decode > /dev/full")
        expectFailure(decode, status: 1, "standard output: write failed")
    }

    @Test("a full disk on standard error: the output is still written, exit 0")
    func fullStandardError() throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        let sample = CompressCLITests.samplePath
        let result = try shell("exec \"$T\" --budget 200 --stats --explain \(sample) 2> /dev/full")
        #expect(result.status == 0)
        #expect(result.stdout == (try run(["--budget", "200", sample])).stdout)
    }

    @Test("several files and standard input are joined in order; a missing one fails the whole")
    func joinedInputs() throws {
        let a = try file(Array("First file. ".utf8), name: "a.txt")
        let b = try file(Array("Second file.".utf8), name: "b.txt")
        let joined = try run([a, "-", b], stdin: Array("Standard input. ".utf8))
        #expect(joined.status == 0 && joined.text == "First file. Standard input. Second file.")
        // /proc files report a size of 0 but have content: read to the end all the same.
        let status = try run(["--bytes", "/proc/self/status"])
        #expect(status.status == 0 && status.text.contains("Name:"))
        expectFailure(try run([a, "/nonexistent/b.txt"]), status: 1, "Error: /nonexistent/b.txt: no such file")
        expectFailure(try run([a, "/"]), status: 1, "Error: /: is a directory")
    }
}

extension Array where Element == UInt8 {
    func ends(with suffix: some Collection<UInt8>) -> Bool { self.count >= suffix.count && self.suffix(suffix.count).elementsEqual(suffix) }
}
