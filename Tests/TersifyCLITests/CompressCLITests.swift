import Foundation
import TersifyTestSupport
import Testing

/// Runs `tersify compress` (the default subcommand) and checks standard
/// output, standard error and the exit code of every option and every bad input.
@Suite("tersify compress")
struct CompressCLITests {
    let cli = CLITests()
    static let samplePath = CLITests.root.appendingPathComponent("corpora/samples/rag-prompt.txt").path
    static let sample = try! Data(contentsOf: URL(fileURLWithPath: samplePath))
    static let question = "Question: How deep is the north basin, and which VHF channel does the pilot station use?"

    func run(_ arguments: [String], stdin: Data = Data(), environment: [String: String] = [:]) throws -> ProcessOutput {
        try cli.run(arguments, stdin: stdin, environment: environment)
    }

    func tokens(_ data: Data) throws -> Int {
        Int(try run(["count"], stdin: data).text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    func isSubsequence(_ small: Data, of large: Data) -> Bool {
        var index = large.startIndex
        for byte in small {
            guard let found = large[index...].firstIndex(of: byte) else { return false }
            index = found + 1
        }
        return true
    }

    func json(_ data: Data) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }

    @Test("the README's first command: the sample prompt to 200 tokens, with stats")
    func samplePrompt() throws {
        let result = try run(["--budget", "200", "--stats", Self.samplePath])
        #expect(result.status == 0, "\(result.errorText)")
        #expect(try tokens(result.stdout) <= 200)
        #expect(isSubsequence(result.stdout, of: Self.sample))
        // The question is found and kept; the passage that answers it survives.
        #expect(result.text.contains(Self.question))
        #expect(result.text.contains("14.5 meters") && result.text.contains("VHF channel 12"))
        #expect(!result.text.contains("museum"))
        let lines = result.errorText.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("tersify: 554 → ") == true && result.errorText.contains("(budget 200)"))
        #expect(result.errorText.contains("x smaller") && result.errorText.hasSuffix(" ms\n"))
        // `compress` by name does the same; standard input too.
        #expect(try run(["compress", "--budget", "200", Self.samplePath]).stdout == result.stdout)
        #expect(try run(["--budget", "200"], stdin: Self.sample).stdout == result.stdout)
    }

    @Test("the instructions paragraph is kept unless --no-keep-instructions; --tokenizer takes a path")
    func instructionsAndTokenizerPath() throws {
        let kept = try run(["--budget", "150", Self.samplePath])
        #expect(kept.status == 0 && kept.text.hasPrefix("You are a careful assistant. Answer the question"))
        let dropped = try run(["--budget", "150", "--no-keep-instructions", Self.samplePath])
        #expect(dropped.status == 0 && !dropped.text.contains("You are a careful assistant."))
        #expect(dropped.text.contains("VHF channel 12") && dropped.text.contains(Self.question))
        let cache = ProcessInfo.processInfo.environment["TERSIFY_CACHE"]
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/tersify").path
        let vocabulary = cache + "/cl100k_base.tiktoken"
        let byPath = try run(["--budget", "150", "--tokenizer", vocabulary, Self.samplePath])
        #expect(byPath.status == 0 && byPath.stdout == kept.stdout)
    }

    @Test func ratio() throws {
        let result = try run(["--ratio", "2", Self.samplePath])
        #expect(result.status == 0 && result.stderr.isEmpty)
        #expect(try tokens(result.stdout) <= 554 / 2)
        #expect(result.text.contains(Self.question))
    }

    @Test("--query and --query-file rank by the question given; the prompt's own question is still kept")
    func query() throws {
        let museum = "How much does a ticket for the museum cost?"
        let result = try run(["--budget", "150", "--query", museum, Self.samplePath])
        #expect(result.status == 0, "\(result.errorText)")
        #expect(result.text.contains("18 euros") && result.text.contains(Self.question))
        let file = try cli.temporaryFile(Data((museum + "\n").utf8), name: "query.txt")
        #expect(try run(["--budget", "150", "--query-file", file, Self.samplePath]).stdout == result.stdout)
        // Ranked by the prompt's own question instead, the museum goes.
        #expect(!(try run(["--budget", "150", Self.samplePath])).text.contains("18 euros"))
        // Without detection, a --query found in the prompt is protected where it is.
        let prompt = Data("The harbor museum opens at ten. Tickets cost 18 euros. The pier is long.\n\nWho runs the pier?".utf8)
        let plain = try run(["--budget", "8", "--no-detect-question", "--query", "Who runs the pier?"], stdin: prompt)
        #expect(plain.status == 0, "\(plain.errorText)")
        #expect(plain.text.hasSuffix("Who runs the pier?"))
        let both = try run(["--query", "a", "--query-file", file], stdin: prompt)
        #expect(both.status == 64 && both.errorText.contains("Give --query or --query-file, not both."))
        let missing = try run(["--query-file", "/nonexistent/q.txt"], stdin: prompt)
        #expect(missing.status == 1 && missing.errorText == "Error: /nonexistent/q.txt: no such file\n")
    }

    @Test("--passes: the chosen passes only; without retrieve an unreachable budget is exit 3")
    func passes() throws {
        let spaced = Data("One   two    three.\n\n\n\n\nFour five six.   \n".utf8)
        let lossless = try run(["--passes", "normalize"], stdin: spaced)
        #expect(lossless.status == 0 && lossless.stdout.count < spaced.count)
        #expect(isSubsequence(lossless.stdout, of: spaced))
        let none = try run(["--passes", "dedup"], stdin: spaced)
        #expect(none.stdout == spaced)
        let noRetrieve = try run(["--budget", "50", "--passes", "normalize,dedup", Self.samplePath])
        #expect(noRetrieve.status == 3 && noRetrieve.stdout.isEmpty)
        #expect(noRetrieve.errorText.hasPrefix("Error: the chosen passes leave "))
        #expect(noRetrieve.errorText.hasSuffix("over the budget of 50 (retrieval trimming is off)\n"))
        let unknown = try run(["--passes", "normalize,squeeze"], stdin: spaced)
        #expect(unknown.status == 64 && unknown.errorText.contains("--passes: unknown pass 'squeeze'; the passes are normalize, dedup, near-dedup, stopwords, retrieve"))
        // Dedup removes the second copy of document [1].
        let json = self.json(try run(["--budget", "500", "--format", "json", Self.samplePath]).stdout)
        let passes = json?["passes"] as? [[String: Any]] ?? []
        #expect(passes.contains { $0["pass"] as? String == "dedup" && ($0["tokens_saved"] as? Int ?? 0) > 50 })
    }

    @Test("--stopwords and --lang")
    func stopwords() throws {
        let text = Data("The cat sat on the mat and the dog ate a very big bone in the garden of the house.".utf8)
        let light = try run(["--budget", "18", "--stopwords", "light", "--passes", "normalize"], stdin: text)
        #expect(light.status == 0, "\(light.errorText)")
        #expect(light.text.lowercased().components(separatedBy: "the ").count < 4)
        #expect(light.text.contains("cat") && light.text.contains("garden"))
        let listed = try run(["--budget", "18", "--passes", "normalize,stopwords", "--lang", "en"], stdin: text)
        #expect(listed.stdout == light.stdout)
        let off = try run(["--budget", "18", "--stopwords", "off", "--passes", "normalize,stopwords"], stdin: text)
        #expect(off.status == 3)
        let german = try run(["--budget", "18", "--stopwords", "full", "--lang", "de", "--passes", "normalize"], stdin: text)
        #expect(german.status == 3)  // no German stopwords in English text
        let badLevel = try run(["--stopwords", "most"], stdin: text)
        #expect(badLevel.status == 64 && badLevel.errorText.contains("--stopwords"))
        let badLanguage = try run(["--lang", "xx"], stdin: text)
        #expect(badLanguage.status == 64 && badLanguage.errorText.contains("Unknown --lang 'xx'; use auto or one of en, de"))
    }

    @Test("--keep protects matches; a bad pattern is a usage error")
    func keep() throws {
        let text = Data(("Ticket ZX-99 is open. The river runs through the old town and past the market square. "
            + "Many visitors come in the summer to see the bridges and the towers. The weather was fine.\n\nWhat is it?").utf8)
        let kept = try run(["--budget", "27", "--keep", "ZX-[0-9]+ is open", "--keep", "bridges and the towers"], stdin: text)
        #expect(kept.status == 0, "\(kept.errorText)")
        #expect(kept.text.contains("Ticket ZX-99 is open.") && kept.text.contains("to see the bridges and the towers."))
        #expect(kept.text.hasSuffix("What is it?") && kept.stdout.count < text.count)
        let unkept = try run(["--budget", "25"], stdin: text)
        #expect(unkept.status == 0 && !unkept.text.contains("bridges"))
        let bad = try run(["--keep", "([unclosed"], stdin: text)
        #expect(bad.status == 64)
        #expect(bad.errorText.contains("--keep: invalid protection pattern \"([unclosed\""))
    }

    @Test("--reorder is accepted and keeps every guarantee")
    func reorder() throws {
        let result = try run(["--budget", "200", "--reorder", Self.samplePath])
        #expect(result.status == 0 && result.stderr.isEmpty)
        #expect(try tokens(result.stdout) <= 200 && result.text.contains(Self.question))
    }

    @Test("--format json: text, counts, per-pass savings, drops with reasons")
    func jsonFormat() throws {
        let result = try run(["--budget", "200", "--format", "json", Self.samplePath])
        #expect(result.status == 0)
        let object = try #require(json(result.stdout))
        let text = try #require(object["text"] as? String)
        let plain = try run(["--budget", "200", Self.samplePath])
        #expect(text == plain.text)
        #expect(object["tokens_before"] as? Int == 554)
        #expect(object["tokens_after"] as? Int == (try tokens(plain.stdout)))
        #expect(object["budget"] as? Int == 200 && object["over_budget"] as? Bool == false)
        #expect((object["query"] as? String)?.hasPrefix("How deep is the north basin") == true)
        let question = try #require(object["question"] as? [String: Any])
        #expect(question["text"] as? String == Self.question)
        let passes = try #require(object["passes"] as? [[String: Any]])
        #expect(passes.map { $0["pass"] as? String ?? "" }.contains("retrieve"))
        let saved = passes.reduce(0) { $0 + ($1["tokens_saved"] as? Int ?? 0) }
        #expect(saved == 554 - (object["tokens_after"] as? Int ?? 0))
        let dropped = try #require(object["dropped"] as? [[String: Any]])
        #expect(!dropped.isEmpty)
        let bytes = [UInt8](Self.sample)
        for drop in dropped {
            let start = try #require(drop["start"] as? Int), end = try #require(drop["end"] as? Int)
            #expect(drop["text"] as? String == String(decoding: bytes[start..<end], as: UTF8.self))
            #expect(!(drop["pass"] as? String ?? "").isEmpty && drop["detail"] is String)
        }
        #expect(dropped.contains { ($0["detail"] as? String ?? "").hasPrefix("BM25 rank") })
        let none = try #require(json(try run(["--format", "json"], stdin: Data("hi".utf8)).stdout))
        #expect(none["budget"] is NSNull && none["text"] as? String == "hi")
        let bad = try run(["--format", "yaml"], stdin: Data("hi".utf8))
        #expect(bad.status == 64)
    }

    @Test("--explain: a diff of the drops with reasons; colours only when asked or on a terminal")
    func explain() throws {
        let result = try run(["--budget", "200", "--explain", Self.samplePath])
        #expect(result.status == 0)
        #expect(try run(["--budget", "200", Self.samplePath]).stdout == result.stdout)
        #expect(result.errorText.hasPrefix("tersify explain: 554 → "))
        #expect(result.errorText.contains("[-Document [5] (Visitor information)"))
        #expect(result.errorText.contains("-]{retrieve: BM25 rank"))
        #expect(result.errorText.contains("-]{near-dedup: near-duplicate"))
        // Three neighbouring repeated sentences are one drop (one span).
        #expect(result.errorText.contains("  dedup: 54 tokens saved, 1 span\n"))
        #expect(result.errorText.contains("  retrieve: "))
        #expect(!result.errorText.contains("\u{1B}["))  // standard error is a pipe
        let always = try run(["--budget", "200", "--explain", "--color", "always", Self.samplePath])
        #expect(always.errorText.contains("\u{1B}[31;9m") && !always.errorText.contains("[-"))
        let noColor = try run(["--budget", "200", "--explain", "--color", "auto", Self.samplePath], environment: ["NO_COLOR": "1"])
        #expect(!noColor.errorText.contains("\u{1B}["))
        // On a terminal (a pseudo-terminal from script(1)), colours unless NO_COLOR is set.
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { return }
        let command = "\(CLITests.binary) --budget 200 --explain \(Self.samplePath) > /dev/null"
        let terminal = try runProcess("/usr/bin/script", ["-qec", command, "/dev/null"], environment: ["NO_COLOR": ""])
        #expect(terminal.status == 0 && terminal.text.contains("\u{1B}[31;9m"))
        let terminalNoColor = try runProcess("/usr/bin/script", ["-qec", command, "/dev/null"], environment: ["NO_COLOR": "1"])
        #expect(terminalNoColor.status == 0 && terminalNoColor.text.contains("[-") && !terminalNoColor.text.contains("\u{1B}["))
    }

    @Test("-o writes atomically; the input file may be the output; a missing folder is an error")
    func outputFile() throws {
        let input = try cli.temporaryFile(Self.sample, name: "prompt.txt")
        let folder = URL(fileURLWithPath: input).deletingLastPathComponent()
        let out = folder.appendingPathComponent("short.txt").path
        let result = try run(["--budget", "200", "-o", out, input])
        #expect(result.status == 0 && result.stdout.isEmpty && result.stderr.isEmpty)
        let written = try Data(contentsOf: URL(fileURLWithPath: out))
        #expect(written == (try run(["--budget", "200", input])).stdout)
        #expect(try Data(contentsOf: URL(fileURLWithPath: input)) == Self.sample)
        // Replacing the input: a new file is renamed over it; a hard link to the old one keeps the old bytes.
        let link = folder.appendingPathComponent("link.txt").path
        try FileManager.default.linkItem(atPath: input, toPath: link)
        #expect(try run(["--budget", "200", "--output", input, input]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: input)) == written)
        #expect(try Data(contentsOf: URL(fileURLWithPath: link)) == Self.sample)
        // No temporary file is left behind.
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == ["link.txt", "prompt.txt", "short.txt"])
        let missing = try run(["-o", "/nonexistent/folder/out.txt"], stdin: Data("hi".utf8))
        #expect(missing.status == 1 && missing.errorText == "Error: /nonexistent/folder/out.txt: no such folder /nonexistent/folder\n")
        let directory = try run(["-o", folder.path], stdin: Data("hi".utf8))
        #expect(directory.status == 1 && directory.errorText.contains("is a directory"))
    }

    @Test("invalid UTF-8 is refused (exit 4, with the byte) or compressed as bytes with --bytes")
    func invalidUTF8() throws {
        var bytes = Data("Caf".utf8)
        bytes.append(contentsOf: [0xC3, 0x28])
        bytes.append(Data(" is open. The weather is fine today in the city.\n\nIs it open?".utf8))
        let refused = try run(["--budget", "10"], stdin: bytes)
        #expect(refused.status == 4 && refused.stdout.isEmpty)
        #expect(refused.errorText == "Error: the input is not valid UTF-8 (byte 3); use --bytes to compress it as bytes\n")
        let passed = try run(["--budget", "10", "--bytes"], stdin: bytes)
        #expect(passed.status == 0, "\(passed.errorText)")
        #expect(isSubsequence(passed.stdout, of: bytes) && passed.text.hasSuffix("Is it open?"))
        let whole = try run(["--bytes"], stdin: bytes)
        #expect(whole.status == 0 && whole.stdout == bytes)
        let query = try cli.temporaryFile(Data([0x51, 0xFF]), name: "query.txt")
        let badQuery = try run(["--query-file", query], stdin: Data("hi".utf8))
        #expect(badQuery.status == 4 && badQuery.errorText == "Error: \(query): the question is not valid UTF-8\n")
    }

    @Test("empty input: empty output, exit 0")
    func emptyInput() throws {
        for arguments in [[], ["--budget", "10"], ["--ratio", "3", "--stats"], ["--messages", "--budget", "5"]] {
            let result = try run(arguments)
            #expect(result.status == 0 && result.stdout.isEmpty, "\(arguments)")
        }
        let empty = try cli.temporaryFile(Data(), name: "empty.txt")
        #expect(try run(["--budget", "10", empty]).stdout.isEmpty)
        let object = json(try run(["--budget", "10", "--format", "json"]).stdout)
        #expect(object?["text"] as? String == "" && object?["tokens_after"] as? Int == 0)
    }

    @Test("a budget below the protected content: exit 3, or the protected text with --best-effort")
    func budgetBelowProtected() throws {
        let result = try run(["--budget", "10", Self.samplePath])
        #expect(result.status == 3 && result.stdout.isEmpty)
        #expect(result.errorText.hasPrefix("Error: the protected text alone is "))
        #expect(result.errorText.hasSuffix("over the budget of 10\n") && result.errorText.split(separator: "\n").count == 1)
        let best = try run(["--budget", "10", "--best-effort", Self.samplePath])
        #expect(best.status == 0 && best.text.contains(Self.question))
        #expect(best.errorText.hasPrefix("warning: the protected content is ") && best.errorText.hasSuffix("(--best-effort)\n"))
    }

    @Test("usage errors: exit 64 with a message", arguments: [
        (["--no-such-flag"], "Unknown option '--no-such-flag'"),
        (["--budget", "10", "--ratio", "2"], "Give --budget or --ratio, not both."),
        (["--budget=-5"], "Error: --budget must be ≥ 0, got -5\n"),
        (["--budget", "-5"], "Error: --budget must be ≥ 0, got -5\n"),
        (["--ratio", "-2"], "Error: --ratio must be ≥ 1, got -2\n"),
        (["--ratio", "0.5"], "Error: --ratio must be ≥ 1, got 0.5\n"),
        (["--ratio", "nan"], "Error: --ratio must be ≥ 1, got nan\n"),
        (["--ratio", "inf"], "Error: --ratio must be a finite number ≥ 1, got inf\n"),
        (["--budget", "-5", "--messages"], "Error: --budget must be ≥ 0, got -5\n"),
        (["-o", ""], "Error: --output needs a file name, got an empty one\n"),
        (["--budget", "ten"], "--budget"),
        (["--role-budget", "tool=5"], "--role-budget needs --messages."),
        (["--messages", "--role-budget", "tool"], "--role-budget takes ROLE=N with N ≥ 0, not 'tool'."),
        (["--messages", "--format", "json"], "--format json does not apply to --messages"),
        (["--compress-last-user"], "--compress-last-user needs --messages."),
        (["--drop-messages"], "--drop-messages needs --messages."),
        (["--count-template"], "--count-template needs --messages."),
        (["--color", "sometimes"], "--color"),
    ])
    func usage(arguments: [String], message: String) throws {
        let result = try run(arguments, stdin: Data("hi".utf8))
        #expect(result.status == 64)
        #expect(result.errorText.contains(message), "\(result.errorText)")
        #expect(result.stdout.isEmpty)
    }

    @Test("a missing or corrupt vocabulary: exit 1 with one line")
    func vocabulary() throws {
        let missing = try run(["--budget", "10"], stdin: Data("x".utf8), environment: ["TERSIFY_CACHE": "/nonexistent-cache"])
        #expect(missing.status == 1 && missing.stdout.isEmpty)
        #expect(missing.errorText.contains("/nonexistent-cache/cl100k_base.tiktoken: no such file"))
        let corrupt = try cli.temporaryFile(Data("QQ== 0\nnot base64! 1\n".utf8), name: "bad.tiktoken")
        let result = try run(["--tokenizer", corrupt], stdin: Data("x".utf8))
        #expect(result.status == 1 && result.errorText.contains("\(corrupt):2: malformed vocabulary line"))
        #expect(result.errorText.split(separator: "\n").count == 1)
    }

    @Test("--messages: only content changes; valid JSON; kept roles and the last user turn whole")
    func messages() throws {
        let request = #"""
            {"model": "gpt-4o",
             "messages": [
              {"role": "system", "content": "You are a careful assistant."},
              {"role": "user", "content": \#(String(decoding: try JSONSerialization.data(withJSONObject: [String(decoding: Self.sample, as: UTF8.self).components(separatedBy: "\n\nQuestion:")[0]], options: .fragmentsAllowed), as: UTF8.self).dropFirst().dropLast())},
              {"role": "tool", "tool_call_id": "t1", "content": [{"type": "text", "text": "The museum pier opens at 10:00. Boat tours take 75 minutes. Tickets cost 18 euros. The cafe closes at 15:00."}]},
              {"role": "user", "content": "How deep is the north basin, and which VHF channel does the pilot station use?"}
             ],
             "temperature": 0.0}
            """#
        let file = try cli.temporaryFile(Data(request.utf8), name: "request.json")
        let result = try run(["--messages", "--budget", "150", "--stats", file])
        #expect(result.status == 0, "\(result.errorText)")
        let object = try #require(json(result.stdout))
        let messages = try #require(object["messages"] as? [[String: Any]])
        #expect(object["model"] as? String == "gpt-4o" && messages.count == 4)
        #expect(messages[0]["content"] as? String == "You are a careful assistant.")
        #expect(messages[3]["content"] as? String == "How deep is the north basin, and which VHF channel does the pilot station use?")
        let documents = try #require(messages[1]["content"] as? String)
        #expect(documents.contains("14.5 meters") && documents.count < 1800)
        #expect(result.text.hasPrefix("{\"model\": \"gpt-4o\",\n \"messages\": [\n  {\"role\": \"system\""))
        #expect(result.text.hasSuffix("\n ],\n \"temperature\": 0.0}"))
        #expect(result.errorText.hasPrefix("tersify: ") && result.errorText.contains("(budget 150)"))

        // Per-role budget; kept roles chosen; the last user turn compressed on request.
        let tool = try run(["--messages", "--budget", "150", "--role-budget", "tool=8", "--explain", file])
        #expect(tool.status == 0, "\(tool.errorText)")
        let toolText = ((json(tool.stdout)?["messages"] as? [[String: Any]])?[2]["content"] as? [[String: Any]])?[0]["text"] as? String
        #expect(try tokens(Data((toolText ?? "").utf8)) <= 8)
        #expect(tool.errorText.contains("== message 3 (tool), part 1: ") && tool.errorText.contains("== message 1 (system): 6 tokens, kept whole"))
        let tight = try run(["--messages", "--budget", "3", "--keep-roles", "", "--compress-last-user", file])
        #expect(tight.status == 0, "\(tight.errorText)")
        #expect(json(tight.stdout) != nil)
        let below = try run(["--messages", "--budget", "3", file])
        #expect(below.status == 3 && below.errorText.hasPrefix("Error: the protected text alone is "))
        // The chat template's tokens in the budget: 4 messages at 3 and 3 for the reply (OpenAI's count).
        let template = try run(["--messages", "--budget", "150", "--count-template", "--stats", file])
        #expect(template.status == 0, "\(template.errorText)")
        let counted = try #require(json(template.stdout)?["messages"] as? [[String: Any]])
        let texts = try counted.reduce(0) { sum, message in
            let content = message["content"]
            let text = (content as? String) ?? ((content as? [[String: Any]])?.compactMap { $0["text"] as? String }.joined() ?? "")
            return sum + (try tokens(Data(text.utf8)))
        }
        #expect(texts + 15 <= 150 && template.errorText.contains("(budget 150)"))
        let ranks = (0..<256).map { "\(Data([UInt8($0)]).base64EncodedString()) \($0)" }.joined(separator: "\n")
        let tiny = try cli.temporaryFile(Data(ranks.utf8), name: "tiny.tiktoken")
        let unknown = try run(["--messages", "--count-template", "--tokenizer", tiny], stdin: Data(#"[{"role":"user","content":"hi"}]"#.utf8))
        #expect(unknown.status == 64 && unknown.errorText.contains("--count-template: no chat template is known for the tokenizer tiny (known: "))
        // No budget: lossless passes only; the bare messages array works too.
        let bare = try run(["--messages"], stdin: Data(#"[{"role":"tool","content":"a  b   c"}]"#.utf8))
        #expect(bare.status == 0 && bare.text == #"[{"role":"tool","content":"a b c"}]"#)
    }

    @Test("--messages: a text holding a lone surrogate escape is refused with exit 5 naming the message, never left out of the budget")
    func messagesLoneSurrogate() throws {
        let json = #"{"messages":[{"role":"system","content":"Be brief."},"#
            + #"{"role":"tool","content":"hello \ud800 world. The harbor is deep. The pier is long."},"#
            + #"{"role":"user","content":"How deep?"}]}"#
        func offset(_ needle: String, _ text: String) -> Int { Array(text.utf8).count - Array(text[text.range(of: needle)!.lowerBound...].utf8).count }
        let column = offset(#"\ud800"#, json)
        let expected = "Error: message 2 holds a lone surrogate escape (\\ud800) at line 1, column \(column + 1) (byte \(column)), "
            + "which has no UTF-8 form: its text cannot be counted or compressed\n"
        for extra in [["--budget", "3"], ["--budget", "100", "--stats"], [], ["--ratio", "2", "--compress-last-user"]] {
            let result = try run(["--messages"] + extra, stdin: Data(json.utf8))
            #expect(result.status == 5 && result.stdout.isEmpty, "\(extra): \(result.errorText)")
            #expect(result.errorText == expected, "\(extra)")
        }
        // In a kept role, and in a text part, alike: their tokens count too.
        let system = #"[{"role":"system","content":"\udc00"},{"role":"user","content":"hi"}]"#
        let kept = try run(["--messages", "--budget", "50"], stdin: Data(system.utf8))
        let at = offset(#"\udc00"#, system)
        #expect(kept.status == 5 && kept.errorText.hasPrefix(
            #"Error: message 1 holds a lone surrogate escape (\udc00) at line 1, column "# + "\(at + 1) (byte \(at))"),
                "\(kept.errorText)")
        let part = #"[{"role":"user","content":"hi"},{"role":"tool","content":[{"type":"text","text":"x\uDBFF"}]}]"#
        let parts = try run(["--messages", "--budget", "50"], stdin: Data(part.utf8))
        #expect(parts.status == 5 && parts.errorText.hasPrefix(#"Error: message 2 holds a lone surrogate escape (\uDBFF)"#),
                "\(parts.errorText)")
        // A valid pair, and a surrogate escape outside any text, are fine.
        let fine = #"{"user":"\ud800","messages":[{"role":"tool","content":"pair \ud83d\ude00  here"}]}"#
        let passed = try run(["--messages", "--budget", "50"], stdin: Data(fine.utf8))
        #expect(passed.status == 0 && passed.text.hasPrefix(#"{"user":"\ud800","messages":[{"role":"tool","content":"#),
                "\(passed.errorText)")
        let object = self.json(Data(FoundationJSON.withinLimits([UInt8](passed.stdout))))
        let messages = object?["messages"] as? [[String: Any]]
        #expect((messages?.first?["content"] as? String)?.hasPrefix("pair 😀 ") == true)
    }

    @Test("--messages: a UTF-8 byte order mark before the JSON is accepted and kept")
    func messagesByteOrderMark() throws {
        let bom = Data([0xEF, 0xBB, 0xBF])
        let json = #"{"messages":[{"role":"tool","content":"a   b"},{"role":"user","content":"q?"}]}"#
        let lossless = try run(["--messages"], stdin: bom + Data(json.utf8))
        #expect(lossless.status == 0, "\(lossless.errorText)")
        #expect(lossless.stdout == bom + Data(json.replacingOccurrences(of: "a   b", with: "a b").utf8))
        let budget = try run(["--messages", "--budget", "2", "--stats"], stdin: bom + Data(json.utf8))
        #expect(budget.status == 0 && budget.stdout.starts(with: bom), "\(budget.errorText)")
        #expect((try? JSONSerialization.jsonObject(with: budget.stdout)) != nil)
        // Only one, and only at the start.
        let twice = try run(["--messages"], stdin: bom + bom + Data(json.utf8))
        #expect(twice.status == 5 && twice.errorText.contains("(byte 3): expected a chat request object or a messages array"),
                "\(twice.errorText)")
        let later = try run(["--messages"], stdin: Data(" ".utf8) + bom + Data(json.utf8))
        #expect(later.status == 5, "\(later.errorText)")
    }

    @Test("--messages with malformed JSON: exit 5 and where", arguments: [
        ("{\"messages\": [\n  {\"role\": \"user\", \"content\": \"hi\"},\n]}", "line 3, column 1 (byte 52): message 2 is not an object"),
        ("{\"messages\": [{\"role\": \"user\"}]", "line 1, column 32 (byte 31): unexpected end of input in an object"),
        ("{\"model\": \"x\"}", "line 1, column 1 (byte 0): the request object has no \"messages\" array"),
        ("not json", "line 1, column 1 (byte 0): expected a chat request object or a messages array"),
    ])
    func malformedMessages(json: String, message: String) throws {
        let result = try run(["--messages", "--budget", "100"], stdin: Data(json.utf8))
        #expect(result.status == 5 && result.stdout.isEmpty)
        #expect(result.errorText == "Error: malformed messages JSON at \(message)\n")
    }

    @Test func help() throws {
        let top = try run(["--help"])
        #expect(top.status == 0 && top.text.contains("Examples:") && top.text.contains("Exit codes:"))
        #expect(top.text.contains("compress (default)"))
        let compress = try run(["compress", "--help"])
        #expect(compress.status == 0)
        for option in ["--budget", "--ratio", "--query", "--query-file", "--passes", "--stopwords", "--lang", "--keep",
                       "--tokenizer", "--reorder", "--format", "--messages", "--role-budget", "--keep-roles",
                       "--explain", "--stats", "--bytes", "--output", "Exit codes:", "Examples:"] {
            #expect(compress.text.contains(option), "\(option)")
        }
    }
}
