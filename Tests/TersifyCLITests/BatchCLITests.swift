import Foundation
import TersifyTestSupport
import Testing

/// `tersify batch`: JSON Lines in, JSON Lines out, in order; a bad line
/// gets an error response and never stops the run.
@Suite("tersify batch")
struct BatchCLITests {
    let cli = CLITests()

    static let sample: String = {
        let url = CLITests.root.appendingPathComponent("corpora/samples/rag-prompt.txt")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    /// A JSON string literal of `text`.
    static func literal(_ text: String) -> String {
        let data = try! JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }

    /// The response lines, each parsed.
    static func responses(_ output: ProcessOutput) throws -> [[String: Any]] {
        try output.text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed])
            return try #require(object as? [String: Any], "not an object: \(line)")
        }
    }

    @Test("each line answered in order: texts, messages, and errors that name the problem")
    func mixedLines() throws {
        let prompt = Self.literal(Self.sample)
        let lines = [
            "{\"id\": 1, \"text\": \(prompt), \"budget\": 200}",
            "{\"id\": \"two\", \"messages\": [{\"role\": \"system\", \"content\": \"Be brief.\"}, {\"role\": \"user\", \"content\": \(prompt)}], \"budget\": 150, \"compress_last_user\": true}",
            "{\"id\": [3], \"text\": \"short\", \"budegt\": 5}",
            "   ",
            "{\"id\": 4, \"text\": \"no closing brace\"",
            "{\"id\": 5, \"text\": \"lone \\ud800 surrogate\", \"ratio\": 2}",
            "{\"id\": 6, \"budget\": 10}",
            "{\"id\": 7, \"text\": \"a\", \"budget\": -5}",
            "{\"id\": {\"k\": null}, \"text\": \(prompt), \"ratio\": 2}\r",
            "[1, 2]",
            "{\"id\": 9, \"text\": \(prompt)}",
        ]
        let result = try cli.run(["batch"], stdin: Data((lines.joined(separator: "\n")).utf8))
        #expect(result.status == 0, "\(result.errorText)")
        let responses = try Self.responses(result)
        // The blank line is skipped; every other line has its response, in order.
        #expect(responses.count == 10)
        guard responses.count == 10 else { return }
        #expect(responses[0]["id"] as? Int == 1)
        let text = try #require(responses[0]["text"] as? String)
        #expect(responses[0]["tokens_after"] as? Int ?? 999 <= 200)
        #expect(responses[0]["budget"] as? Int == 200)
        #expect(text.contains("which VHF channel does the pilot station use?") && Self.sample.count > text.count)
        #expect(responses[1]["id"] as? String == "two")
        let messages = try #require(responses[1]["messages"] as? [[String: Any]])
        #expect(messages.count == 2 && messages[0]["content"] as? String == "Be brief.")
        #expect(responses[1]["tokens_after"] as? Int ?? 999 <= 150)
        #expect((responses[2]["id"] as? [Int]) == [3])
        #expect((responses[2]["error"] as? String)?.contains("unknown field \"budegt\"") == true)
        #expect(responses[2]["line"] as? Int == 3)
        // The id is read before the problem: it is echoed.
        #expect(responses[3]["id"] as? Int == 4 && responses[3]["line"] as? Int == 5)
        #expect((responses[3]["error"] as? String)?.contains("unexpected end of input") == true)
        #expect((responses[4]["error"] as? String)?.contains("lone surrogate") == true)
        #expect((responses[5]["error"] as? String)?.contains("give \"text\" or \"messages\"") == true)
        #expect((responses[6]["error"] as? String)?.contains("\"budget\" must be a whole number ≥ 0, got -5") == true)
        #expect((responses[7]["id"] as? [String: Any])?["k"] is NSNull)
        #expect(responses[7]["ratio"] as? Double ?? 0 >= 1.9)
        #expect((responses[8]["error"] as? String)?.contains("a request is a JSON object") == true)
        // Without a target: the lossless passes only.
        #expect(responses[9]["budget"] is NSNull)
        #expect(result.errorText.contains("6 of 10 lines failed"))
    }

    @Test("a line gives what tersify compress --format json gives for the same options")
    func sameAsCompress() throws {
        let prompt = Self.literal(Self.sample)
        let single = try cli.run(["--budget", "180", "--format", "json", "--stopwords", "light"], stdin: Data(Self.sample.utf8))
        #expect(single.status == 0)
        let expected = try #require(try JSONSerialization.jsonObject(with: single.stdout) as? [String: Any])
        // The run's --budget is the default of a line that gives none.
        let batch = try cli.run(["batch", "--budget", "180", "--stopwords", "light"], stdin: Data("{\"text\": \(prompt)}\n".utf8))
        #expect(batch.status == 0 && batch.errorText.isEmpty)
        let response = try #require(try Self.responses(batch).first)
        #expect(response["id"] == nil)
        for key in ["text", "tokens_before", "tokens_after", "budget", "query", "cut_units", "over_budget"] {
            #expect("\(response[key] ?? "absent")" == "\(expected[key] ?? "absent")", "\(key)")
        }
    }

    @Test("count_template: the chat template's tokens in the totals; refused for a text")
    func countTemplate() throws {
        let messages = #"[{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Where is the pier?"}]"#
        let lines = [
            #"{"messages": \#(messages), "budget": 100}"#,
            #"{"messages": \#(messages), "budget": 100, "count_template": true}"#,
            #"{"text": "Hi.", "count_template": true}"#,
        ].joined(separator: "\n") + "\n"
        let result = try cli.run(["batch"], stdin: Data(lines.utf8))
        let responses = try Self.responses(result)
        #expect(responses.count == 3)
        // Two messages at 3 tokens and 3 for the reply (OpenAI's count for cl100k_base).
        let plain = responses[0]["tokens_before"] as? Int ?? -1
        #expect(responses[1]["tokens_before"] as? Int == plain + 9 && responses[1]["tokens_after"] as? Int == plain + 9)
        #expect((responses[2]["error"] as? String)?.contains("\"count_template\" applies to \"messages\" only") == true)
    }

    @Test("jobs keep the input order and give the same bytes as one job; a file without a final line break")
    func orderAcrossJobs() throws {
        var generator = SeededGenerator(seed: 11)
        let words = ["harbor", "museum", "ticket", "pier", "ferry", "opens", "closes", "north", "river", "market"]
        var lines: [String] = []
        for index in 0..<120 {
            let sentences = (0..<(1 + generator.below(40))).map { _ in
                (0..<(4 + generator.below(8))).map { _ in generator.pick(words) }.joined(separator: " ") + "."
            }
            lines.append("{\"id\": \(index), \"text\": \(Self.literal(sentences.joined(separator: " "))), \"ratio\": 2}")
        }
        let file = try cli.temporaryFile(Data(lines.joined(separator: "\n").utf8), name: "requests.jsonl")
        let one = try cli.run(["batch", "--jobs", "1", file])
        let four = try cli.run(["batch", "--jobs", "4", file])
        #expect(one.status == 0 && four.status == 0)
        #expect(one.stdout == four.stdout)
        let ids = try Self.responses(four).map { $0["id"] as? Int ?? -1 }
        #expect(ids == Array(0..<120))
    }

    @Test("a line longer than the read buffer, and CRLF line ends")
    func longLine() throws {
        let long = String(repeating: "The harbor museum opens at ten and the pier is long. ", count: 24_000)  // 1.3 MB
        let input = "{\"id\": 1, \"text\": \(Self.literal(long)), \"budget\": 100}\r\n{\"id\": 2, \"text\": \"x\"}\r\n"
        let result = try cli.run(["batch"], stdin: Data(input.utf8))
        #expect(result.status == 0, "\(result.errorText)")
        let responses = try Self.responses(result)
        #expect(responses.count == 2)
        #expect(responses.first?["tokens_after"] as? Int ?? 999 <= 100)
        #expect(responses.last?["text"] as? String == "x")
    }

    @Test("usage errors: exit 64 with the reason", arguments: [
        (["batch", "--jobs", "0"], "--jobs must be ≥ 1, got 0"),
        (["batch", "--budget", "-1"], "--budget must be ≥ 0, got -1"),
        (["batch", "--budget", "5", "--ratio", "2"], "Give --budget or --ratio, not both."),
        (["batch", "--passes", "retreive"], "--passes"),
    ])
    func usage(arguments: [String], message: String) throws {
        let result = try cli.run(arguments)
        #expect(result.status == 64)
        #expect(result.errorText.contains(message), "\(result.errorText)")
        #expect(result.stdout.isEmpty)
    }

    @Test("a missing file: exit 1 and one line")
    func missingFile() throws {
        let result = try cli.run(["batch", "/nonexistent/requests.jsonl"])
        #expect(result.status == 1)
        #expect(result.errorText == "Error: /nonexistent/requests.jsonl: no such file\n")
    }
}
