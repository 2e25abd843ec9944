import Foundation
import PromptCompression
import PromptTokenizer
import TersifyTestSupport
import Testing

@Suite("Chat messages")
struct ChatMessagesTests {
    static let tokenizer = TestTokenizers.cl100k

    static func parseWithFoundation(_ bytes: [UInt8]) -> Any? {
        try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
    }

    static func contents(_ bytes: [UInt8]) -> [Any] {
        let object = parseWithFoundation(bytes)
        let messages = (object as? [String: Any])?["messages"] as? [Any] ?? object as? [Any] ?? []
        return messages.map { ($0 as? [String: Any])?["content"] ?? NSNull() }
    }

    @Test("roles, string and array content, escapes decoded exactly")
    func parse() throws {
        let json = #"""
            {"model": "gpt-4o", "temperature": 0.2e1, "messages": [
              {"role": "system", "content": "Be brief.\nCite sources."},
              {"role": "user", "name": "x", "content": [
                  {"type": "text", "text": "caf\u00e9 \ud83d\ude00 \"q\" \/ \\"},
                  {"type": "image_url", "image_url": {"url": "https://e.x/a.png"}},
                  {"text": "second", "type": "text"}]},
              {"role": "assistant", "content": null, "tool_calls": [{"id": "c1", "type": "function"}]},
              {"content": "no role", "role": 7},
              {"role": "tool", "tool_call_id": "c1", "content": "result"}
            ], "stream": false}
            """#
        let chat = try ChatMessages(json: Array(json.utf8))
        #expect(chat.messages.map(\.role) == ["system", "user", "assistant", nil, "tool"])
        #expect(chat.messages.map(\.slots) == [[0], [1, 2], [], [3], [4]])
        #expect(chat.slots.map(\.part) == [nil, 0, 2, nil, nil])
        #expect(chat.slots[0].text == Array("Be brief.\nCite sources.".utf8))
        #expect(chat.slots[1].text == Array("café 😀 \"q\" / \\".utf8))
        #expect(chat.slots[2].text == Array("second".utf8))
        let literal = chat.slots[1].literal
        #expect(String(decoding: Array(json.utf8)[literal], as: UTF8.self).hasPrefix(#""caf\u00e9"#))
        // A bare messages array works too.
        let bare = try ChatMessages(json: Array(#"[{"role":"user","content":"hi"}]"#.utf8))
        #expect(bare.messages.count == 1 && bare.slots[0].text == Array("hi".utf8))
    }

    @Test("a lone surrogate is valid JSON but cannot be UTF-8: the slot has no text, and compress refuses it naming the message")
    func loneSurrogate() throws {
        let json = Array(#"[{"role":"tool","content":"a\ud800b"}]"#.utf8)
        let chat = try ChatMessages(json: json)
        #expect(chat.slots.count == 1 && chat.slots[0].text == nil && chat.slots[0].loneSurrogate == 28)
        #expect(chat.replacing([0: Array("x".utf8)]) != json)  // the caller asked; replacing obeys
        let compressor = Compressor(tokenizer: Self.tokenizer)
        // Whatever the target and the role (kept roles' tokens count too), never left out of the budget.
        for policy in [ChatCompressionPolicy(target: .tokens(0)), .init(target: nil), .init(target: .ratio(2), keptRoles: ["tool"])] {
            #expect(throws: CompressionError.loneSurrogate(message: 1, escape: #"\ud800"#, offset: 28, line: 1, column: 29)) {
                try chat.compress(with: compressor, policy: policy)
            }
        }
        // The first one is named: here the second message's text part, a low surrogate after a valid pair.
        let parts = Array(#"""
            {"messages":[{"role":"user","content":"fine \ud83d\ude00"},
            {"role":"user","content":[{"type":"text","text":"ok"},{"type":"text","text":"\ud83d\ude00\uDC01 x \ud800"}]}]}
            """#.utf8)
        let twice = try ChatMessages(json: parts)
        #expect(twice.slots.map { $0.text == nil } == [false, false, true])
        #expect(throws: CompressionError.loneSurrogate(message: 2, escape: #"\uDC01"#, offset: 149, line: 2, column: 90)) {
            try twice.compress(with: compressor, policy: .init(target: .tokens(50)))
        }
        #expect(CompressionError.loneSurrogate(message: 2, escape: #"\ud800"#, offset: 9, line: 1, column: 10).description
            == #"message 2 holds a lone surrogate escape (\ud800) at line 1, column 10 (byte 9), which has no UTF-8 form: "#
            + "its text cannot be counted or compressed")
    }

    @Test("a UTF-8 byte order mark before the JSON is accepted and kept; only there, and only one")
    func byteOrderMark() throws {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let body = Array(#"{"messages":[{"role":"tool","content":"a   b"},{"role":"user","content":"q?"}]}"#.utf8)
        let chat = try ChatMessages(json: bom + body)
        #expect(chat.slots.map(\.text) == [Array("a   b".utf8), Array("q?".utf8)])
        #expect(chat.slots[0].literal == (3 + 38)..<(3 + 45))
        let result = try chat.compress(with: Compressor(tokenizer: Self.tokenizer), policy: .init(target: nil))
        #expect(result.json == bom + Array(#"{"messages":[{"role":"tool","content":"a b"},{"role":"user","content":"q?"}]}"#.utf8))
        #expect(FoundationJSON.parses(result.json))
        for bad in [bom + bom + body, Array(" ".utf8) + bom + body, Array(bom.prefix(2)) + body] {
            #expect {
                try ChatMessages(json: bad)
            } throws: { error in
                guard case let .malformedMessages(reason, _, _, _) = error as? CompressionError else { return false }
                return reason == "expected a chat request object or a messages array"
            }
        }
        #expect(throws: CompressionError.malformedMessages(reason: "the input holds no JSON value", offset: 3, line: 1, column: 2)) {
            try ChatMessages(json: bom)
        }
    }

    @Test("replacing changes only the content literals; the output parses with JSONSerialization")
    func splice() throws {
        let json = Array(#"""
            { "messages" : [ {"role":"user" , "content" : "one \u0041" , "x": [1, 2.50, -0e+3, true]},
            {"role":"tool","content":[{"type":"text","text":"two"}], "y": {"z": null}} ], "n": 1.0 }
            """#.utf8)
        let chat = try ChatMessages(json: json)
        let newText = "quote \" back\\slash\ttab\nnewline \u{01} é 😀 \u{2028}"
        let output = chat.replacing([1: Array(newText.utf8)])
        let contents = Self.contents(output)
        #expect((contents[1] as? [[String: Any]])?.first?["text"] as? String == newText)
        // Unchanged text keeps its literal, escapes included, and everything else is byte-identical.
        let prefix = Array(json[..<chat.slots[1].literal.lowerBound])
        let suffix = Array(json[chat.slots[1].literal.upperBound...])
        #expect(Array(output.prefix(prefix.count)) == prefix)
        #expect(Array(output.suffix(suffix.count)) == suffix)
        #expect(chat.replacing([0: Array("one A".utf8)]) == json)
        // Ill-formed UTF-8 in new text becomes U+FFFD: still valid JSON.
        let broken = chat.replacing([0: [0x61, 0xFF, 0x62]])
        #expect(Self.contents(broken).first as? String == "a\u{FFFD}b")
    }

    @Test("malformed input: the reason and where", arguments: [
        (#"{"messages": [{"role": "user", "content": "hi"}]"#, "unexpected end of input in an object", 1, 49, 48),
        (#"[{"role": "user", "content": "hi"},]"#, "message 2 is not an object", 1, 36, 35),
        ("[{\"role\": \"user\",\n \"content\": \"a\\x\"}]", "invalid escape '\\x' in a string", 2, 15, 32),
        ("[{\"content\": \"tab\there\"}]", "unescaped control character 0x09 in a string", 1, 18, 17),
        (#"[{"content": 01}]"#, "expected ',' or '}' in an object", 1, 15, 14),
        (#"[{"content": 1.}]"#, "invalid number: expected a digit after '.'", 1, 16, 15),
        (#"[{"content": -}]"#, "invalid number: expected a digit", 1, 15, 14),
        (#"[{"content": tru}]"#, "invalid literal, expected 'true'", 1, 14, 13),
        (#"[{"content": "x"}] x"#, "unexpected data after the JSON value", 1, 20, 19),
        (#"{"model": "m"}"#, "the request object has no \"messages\" array", 1, 1, 0),
        (#"{"messages": {"role": "user"}}"#, "\"messages\" is not an array", 1, 14, 13),
        (#"[1]"#, "message 1 is not an object", 1, 2, 1),
        (#""just a string""#, "expected a chat request object or a messages array", 1, 1, 0),
        (#"[{"content": "open}]"#, "unterminated string", 1, 14, 13),
        (#"[{"content": "\u12G4"}]"#, "invalid \\u escape: expected 4 hexadecimal digits", 1, 15, 14),
        ("  \n ", "the input holds no JSON value", 2, 2, 4),
        (#"[{"content" "x"}]"#, "expected ':' after an object key", 1, 13, 12),
        (#"[{"é": [1 2]}]"#, "expected ',' or ']' in an array", 1, 11, 11),
    ])
    func malformed(json: String, reason: String, line: Int, column: Int, offset: Int) {
        #expect(throws: CompressionError.malformedMessages(reason: reason, offset: offset, line: line, column: column)) {
            try ChatMessages(json: Array(json.utf8))
        }
    }

    @Test func invalidUTF8AndDeepNesting() {
        var bytes = Array(#"[{"content": "ab"#.utf8)
        bytes += [0xC3, 0x28]
        bytes += Array(#""}]"#.utf8)
        #expect(throws: CompressionError.malformedMessages(reason: "invalid UTF-8 in a string", offset: 16, line: 1, column: 17)) {
            try ChatMessages(json: bytes)
        }
        let deep = "[{\"x\": " + String(repeating: "[", count: 600) + String(repeating: "]", count: 600) + "}]"
        #expect(throws: CompressionError.self) { try ChatMessages(json: Array(deep.utf8)) }
        let fine = "[{\"x\": " + String(repeating: "[", count: 500) + String(repeating: "]", count: 500) + "}]"
        #expect((try? ChatMessages(json: Array(fine.utf8))) != nil)
    }

    @Test("nesting: the same 512 levels as Foundation, wherever the deep value is")
    func nestingLimitAsFoundation() {
        var compared = 0
        for n in 505...515 {
            for (open, close) in [("[", "]"), (#"{"a":"#, "}")] {
                let inner = String(repeating: open, count: n) + "1" + String(repeating: close, count: n)
                for json in [
                    #"{"messages":[{"role":"user","content":"x","k":"# + inner + "}]}",
                    #"[{"role":"user","content":"x","k":"# + inner + "}]",
                    #"{"k":"# + inner + #","messages":[]}"#,
                    #"[{"role":"user","content":["# + inner + "]}]",
                    #"[{"role":"user","content":[{"type":"text","text":"t","k":"# + inner + "}]}]",
                ] {
                    let bytes = Array(json.utf8)
                    let accepted = (try? ChatMessages(json: bytes)) != nil
                    #expect(accepted == FoundationJSON.parses(bytes), "n = \(n): \(json.prefix(70))")
                    compared += accepted ? 1 : 0
                }
            }
        }
        #expect(compared > 20)
    }

    @Test("seeded mutations: never a crash; whatever is accepted is valid JSON, and so is every splice")
    func mutations() throws {
        let base = Array(#"""
            {"model":"m","messages":[{"role":"system","content":"S \"x\" \u00e9"},
            {"role":"user","content":[{"type":"text","text":"T1"},{"type":"text","text":"T2\n"}]},
            {"role":"tool","content":"[1, 2, {\"a\": true}]","n":-12.5e-3}],"stop":null}
            """#.utf8)
        var rng = SeededGenerator(seed: 41)
        let alphabet = Array(#"{}[]:,"\ 0123456789.eE+-truefalsnl\u"#.utf8) + [0x0A, 0x09, 0xC3, 0xA9, 0xFF]
        var accepted = 0
        for _ in 0..<3000 {
            var bytes = base
            for _ in 0..<(1 + rng.below(3)) {
                let position = rng.below(bytes.count)
                switch rng.below(3) {
                case 0: bytes.remove(at: position)
                case 1: bytes.insert(rng.pick(alphabet), at: position)
                default: bytes[position] = rng.pick(alphabet)
                }
            }
            guard let chat = try? ChatMessages(json: bytes) else { continue }
            accepted += 1
            #expect(FoundationJSON.parses(bytes), "accepted: \(String(decoding: bytes, as: UTF8.self))")
            var texts: [Int: [UInt8]] = [:]
            for index in chat.slots.indices {
                texts[index] = (0..<rng.below(12)).map { _ in rng.pick(alphabet) }
            }
            #expect(FoundationJSON.parses(chat.replacing(texts)))
        }
        #expect(accepted > 100)
    }

    // Found by FuzzMessages in CI: Foundation rejects these, RFC 8259 does not.
    @Test("grammatical JSON past Foundation's limits (a lone surrogate, a number beyond Double) is accepted and kept byte for byte")
    func pastFoundationLimits() throws {
        let json = Array(#"""
            {"model":"m","seed":1e999,"messages":[{"role":"system","content":"Be brief."},
            {"role":"tool","name":"lone \udc00 low","content":"A tool said this.","n":-2.5E+400},
            {"role":"user","content":"Here are notes. The harbor is 45.5 m deep. Pilots use VHF channel 12. The museum opens at 10:00. Tickets cost 8 euros. The harbor is 45.5 m deep. Which channel do pilots use?"}]}
            """#.utf8)
        #expect(Self.parseWithFoundation(json) == nil)  // Foundation's limits
        #expect(FoundationJSON.parses(json))
        let chat = try ChatMessages(json: json)
        #expect(chat.slots.count == 3 && chat.slots.allSatisfy { $0.text != nil })
        let compressor = Compressor(tokenizer: Self.tokenizer)
        let result = try chat.compress(with: compressor, policy: .init(target: .ratio(2), keepLastUserMessage: false))
        #expect(result.json != json)
        #expect(FoundationJSON.parses(result.json))
        let text = String(decoding: result.json, as: UTF8.self)
        for kept in [#""seed":1e999"#, #""name":"lone \udc00 low","content":"#, #","n":-2.5E+400"#] {
            #expect(text.contains(kept), "\(kept) not kept in \(text)")
        }
        // The oracle still rejects what is not JSON.
        for broken in [#"["\ud800"#, #"[1e999"#, #"[1e999 1]"#, #"{"a":\udc00}"#, #"[01e999]"#, #"["\ud800\u12"]"#] {
            #expect(!FoundationJSON.parses(Array(broken.utf8)), "\(broken)")
        }
        #expect(FoundationJSON.withinLimits(Array(#"["\ud83d\ude00 \ud83d", -1e999, 1e308]"#.utf8))
            == Array(#"["\ud83d\ude00 \u003f", 0, 1e308]"#.utf8))
    }

    static func request(toolCopies: Int = 3) -> [UInt8] {
        let sample = try! String(contentsOf: TestPaths.root.appendingPathComponent("corpora/samples/rag-prompt.txt"), encoding: .utf8)
        let documents = sample.components(separatedBy: "\n\nQuestion:")[0]
        var tool = ""
        for k in 0..<toolCopies { tool += "Result \(k + 1): the museum pier is open daily and boat tours take 75 minutes. " }
        let messages: [[String: Any]] = [
            ["role": "system", "content": "You are a careful assistant. Cite the document number."],
            ["role": "user", "content": documents],
            ["role": "assistant", "content": "I will look it up.", "tool_calls": [["id": "c1", "type": "function"]]],
            ["role": "tool", "tool_call_id": "c1", "content": tool],
            ["role": "user", "content": [["type": "text", "text": "How deep is the north basin, and which VHF channel does the pilot station use?"]]],
        ]
        let object: [String: Any] = ["model": "gpt-4o", "temperature": 0, "messages": messages]
        return Array(try! JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]))
    }

    @Test("compressing: kept roles and the last user turn unchanged, total and role budgets met, other bytes kept")
    func compress() throws {
        let json = Self.request(toolCopies: 6)
        let chat = try ChatMessages(json: json)
        let compressor = Compressor(tokenizer: Self.tokenizer)
        var policy = ChatCompressionPolicy(target: .tokens(220))
        policy.roleBudgets = ["tool": 40]
        let result = try chat.compress(with: compressor, policy: policy)
        #expect(result.tokensAfter <= 220)
        #expect(result.tokensAfter == result.slots.reduce(0) { $0 + $1.tokensAfter })
        let tool = result.slots.filter { $0.role == "tool" }.reduce(0) { $0 + $1.tokensAfter }
        #expect(tool <= 40)
        let before = Self.parseWithFoundation(json) as! [String: Any]
        let after = Self.parseWithFoundation(result.json) as! [String: Any]
        #expect(after["model"] as? String == "gpt-4o")
        let oldMessages = before["messages"] as! [[String: Any]], newMessages = after["messages"] as! [[String: Any]]
        #expect(newMessages.count == oldMessages.count)
        #expect(newMessages[0]["content"] as? String == oldMessages[0]["content"] as? String)
        #expect((newMessages[2]["tool_calls"] as? [[String: String]])?.first?["id"] == "c1")
        #expect(newMessages[4]["content"] as? [[String: String]] == oldMessages[4]["content"] as? [[String: String]])
        #expect(newMessages[3]["tool_call_id"] as? String == "c1")
        let oldDocuments = oldMessages[1]["content"] as! String, newDocuments = newMessages[1]["content"] as! String
        #expect(newDocuments.count < oldDocuments.count)
        #expect(CompressorTests.isSubsequenceOf(Array(newDocuments.utf8), Array(oldDocuments.utf8)))
        // The answer to the last user question survives.
        #expect(newDocuments.contains("14.5 meters") && newDocuments.contains("VHF channel 12"))
        // Outside the changed literals, not a byte moved.
        var expected: [UInt8] = []
        var position = 0
        for report in result.slots where !report.keptWhole {
            let literal = chat.slots[report.slot].literal
            expected += json[position..<literal.lowerBound]
            expected += JSONString.encode(report.result!.bytes)
            position = literal.upperBound
        }
        expected += json[position...]
        #expect(expected == result.json)
        // Deterministic.
        #expect(try chat.compress(with: compressor, policy: policy).json == result.json)
    }

    @Test("a short turn that fits is kept whole, not shrunk to an empty string")
    func shortTurnsKept() throws {
        let sample = try String(contentsOf: TestPaths.root.appendingPathComponent("corpora/samples/rag-prompt.txt"), encoding: .utf8)
        let documents = sample.components(separatedBy: "\n\nQuestion:")[0]
        func message(_ role: String, _ text: String) -> [String: String] { ["role": role, "content": text] }
        let messages = [
            message("user", documents), message("assistant", "Got it."),
            message("user", documents.replacingOccurrences(of: "harbor", with: "port")), message("assistant", "Yes, go ahead."),
            message("user", "How deep is the north basin?"),
        ]
        let json = Array(try JSONSerialization.data(withJSONObject: ["messages": messages]))
        let chat = try ChatMessages(json: json)
        let result = try chat.compress(with: Compressor(tokenizer: Self.tokenizer), policy: .init(target: .ratio(3)))
        #expect(result.tokensAfter <= result.budget)
        let contents = Self.contents(result.json)
        #expect(contents[1] as? String == "Got it." && contents[3] as? String == "Yes, go ahead.")
        #expect((contents[0] as! String).count < documents.count)
    }

    @Test("with dropMessages, irrelevant whole messages go first and the relevant ones keep their text; without it, none is emptied")
    func dropMessages() throws {
        let sample = try String(contentsOf: TestPaths.root.appendingPathComponent("corpora/samples/rag-prompt.txt"), encoding: .utf8)
        let documents = sample.components(separatedBy: "\n\nQuestion:")[0]
        func message(_ role: String, _ text: String) -> [String: String] { ["role": role, "content": text] }
        let offTopic = [
            "The build failed on the release branch because a test timed out after ten minutes; rerunning it passed, so the runner was probably overloaded at the time.",
            "Lunch is moved to half past one on Thursday, and the kitchen asks everyone to label their containers before putting them in the fridge.",
            "The new laptops arrive next week. Please back up your files to the shared drive before IT collects the old machines on Monday morning.",
        ]
        let messages = [
            message("tool", offTopic[0]), message("assistant", offTopic[1]), message("tool", documents),
            message("assistant", offTopic[2]), message("user", "How deep is the north basin?"),
        ]
        let json = Array(try JSONSerialization.data(withJSONObject: ["messages": messages]))
        let chat = try ChatMessages(json: json)
        let compressor = Compressor(tokenizer: Self.tokenizer)
        let total = chat.slots.compactMap(\.text).reduce(0) { $0 + Self.tokenizer.count(bytes: $1) }
        let budget = total / 4
        let dropping = try chat.compress(with: compressor, policy: .init(target: .tokens(budget), dropMessages: true))
        #expect(dropping.tokensAfter <= budget)
        var contents = Self.contents(dropping.json)
        #expect(contents.count == 5, "every message object stays")
        #expect(contents[0] as? String == "" && contents[1] as? String == "" && contents[3] as? String == "")
        #expect((contents[2] as! String).contains("north basin"))
        #expect(dropping.slots.filter(\.dropped).count == 3)
        // Without the flag, every message keeps some text.
        let shrinking = try chat.compress(with: compressor, policy: .init(target: .tokens(budget)))
        #expect(shrinking.tokensAfter <= budget)
        contents = Self.contents(shrinking.json)
        #expect(contents.allSatisfy { !(($0 as? String) ?? "x").isEmpty })
        #expect(shrinking.slots.allSatisfy { !$0.dropped })
        // A budget with room for everything drops nothing.
        let roomy = try chat.compress(with: compressor, policy: .init(target: .tokens(total), dropMessages: true))
        #expect(roomy.slots.allSatisfy { !$0.dropped } && roomy.json == json)
    }

    @Test func budgetBelowKeptTexts() throws {
        let chat = try ChatMessages(json: Self.request())
        let compressor = Compressor(tokenizer: Self.tokenizer)
        let system = Self.tokenizer.count("You are a careful assistant. Cite the document number.")
        let question = Self.tokenizer.count("How deep is the north basin, and which VHF channel does the pilot station use?")
        #expect(throws: CompressionError.budgetBelowProtected(budget: 10, required: system + question)) {
            try chat.compress(with: compressor, policy: .init(target: .tokens(10)))
        }
        var policy = ChatCompressionPolicy(target: .tokens(10), bestEffort: true)
        let result = try chat.compress(with: compressor, policy: policy)
        #expect(result.overBudget && result.tokensAfter >= system + question)
        policy = .init(target: .tokens(10_000), roleBudgets: ["tool": -1])
        #expect(throws: CompressionError.invalidTarget("a budget of -1 tokens for role 'tool'")) {
            try chat.compress(with: compressor, policy: policy)
        }
        #expect(throws: CompressionError.invalidTarget("a compression ratio of 0.5")) {
            try chat.compress(with: compressor, policy: .init(target: .ratio(0.5)))
        }
    }

    @Test("ratio, no target (lossless only), and kept roles chosen by the caller")
    func targets() throws {
        let chat = try ChatMessages(json: Self.request())
        let compressor = Compressor(tokenizer: Self.tokenizer)
        let ratio = try chat.compress(with: compressor, policy: .init(target: .ratio(2)))
        #expect(ratio.tokensAfter <= ratio.tokensBefore / 2 && ratio.budget == ratio.tokensBefore / 2)

        let spaced = Array(#"[{"role":"tool","content":"a   lot    of     spaces here.\n\n\n\n\nEnd."}]"#.utf8)
        let lossless = try ChatMessages(json: spaced).compress(with: compressor, policy: .init(target: nil))
        let text = (Self.contents(lossless.json)[0] as? String) ?? ""
        #expect(text.count < "a   lot    of     spaces here.\n\n\n\n\nEnd.".count)
        #expect(text.contains("spaces here.") && text.contains("End."))

        let keepAll = ChatCompressionPolicy(target: .tokens(100_000), keptRoles: ["system", "user", "assistant", "tool"])
        #expect(try chat.compress(with: compressor, policy: keepAll).json == chat.bytes)
    }

    @Test("the trailing question of a prompt", arguments: [
        ("Docs.\n\nQuestion: How deep is it?\n", "Question: How deep is it?", "How deep is it?"),
        ("Docs.\n\n**Q:** Who?\n\nAnswer:\n", "**Q:** Who?\n\nAnswer:", "Who?"),
        ("Docs.\nfrage: Wie tief ist es\n", "frage: Wie tief ist es", "Wie tief ist es"),
        ("Docs.\n\nWhich channel do pilots use?  \n", "Which channel do pilots use?", "Which channel do pilots use?"),
        ("Docs.\n\nQuery: the channel\nand the depth?\n", "Query: the channel\nand the depth?", "the channel\nand the depth?"),
        // CR-only line breaks (classic Mac OS) end lines too; CRLF is one break.
        ("Line one.\rLine two.\rWhich line is it?", "Which line is it?", "Which line is it?"),
        ("Docs.\r\rQuestion: How deep is it?\r", "Question: How deep is it?", "How deep is it?"),
        ("Docs.\r\n\r\n**Q:** Who?\r\n\r\nAnswer:\r\n", "**Q:** Who?\r\n\r\nAnswer:", "Who?"),
        ("Docs.\r\n\r\nQuery: the channel\r\nand the depth?\r\n", "Query: the channel\r\nand the depth?", "the channel\r\nand the depth?"),
        ("Docs.\r\rQuery: the channel\rand the depth?", "Query: the channel\rand the depth?", "the channel\rand the depth?"),
    ])
    func trailingQuestion(prompt: String, question: String, query: String) throws {
        let bytes = Array(prompt.utf8)
        let found = try #require(TrailingQuestion(in: bytes))
        #expect(String(decoding: bytes[found.range], as: UTF8.self) == question)
        #expect(found.query == query)
    }

    @Test func noTrailingQuestion() {
        for prompt in ["", "\n\n", "Just a statement.\n", "Answer:\n", "Questionable: no\n", "A: yes\n"] {
            #expect(TrailingQuestion(in: Array(prompt.utf8)) == nil, "\(prompt.debugDescription)")
        }
    }

    @Test("prompt layout: the instructions are the first paragraph of a prompt ending with a question")
    func layout() throws {
        let sample = Array(try Data(contentsOf: TestPaths.root.appendingPathComponent("corpora/samples/rag-prompt.txt")))
        let layout = PromptLayout(sample, tokenizer: Self.tokenizer)
        let instructions = try #require(layout.instructions)
        #expect(String(decoding: sample[instructions], as: UTF8.self)
            == "You are a careful assistant. Answer the question using only the documents below. If the documents do not contain the answer, say so. Cite the document number you used.")
        #expect(layout.question?.query == "How deep is the north basin, and which VHF channel does the pilot station use?")
        // Protected in the document: a budget too small for both is refused.
        let document = try layout.document(sample, tokenizer: Self.tokenizer, detector: ProtectedSpanDetector())
        #expect(document.isProtected(overlapping: instructions) && document.isProtected(overlapping: layout.question!.range))
        let compressor = Compressor(tokenizer: Self.tokenizer)
        let result = try compressor.compress(document, options: .init(target: .tokens(120)))
        #expect(result.text.hasPrefix("You are a careful assistant.") && result.text.hasSuffix("pilot station use?\n"))
        #expect(result.tokensAfter <= 120)
        // No question, no instructions; a first paragraph over a quarter of the prompt is context.
        #expect(PromptLayout(Array("Intro.\n\nBody.\n\nEnd.".utf8), tokenizer: Self.tokenizer).instructions == nil)
        let long = Array((String(repeating: "Long first paragraph. ", count: 20) + "\n\nBody.\n\nQuestion: Why?").utf8)
        #expect(PromptLayout(long, tokenizer: Self.tokenizer).instructions == nil)
        let two = Array("Do this.\n\nQuestion: Why?".utf8)
        #expect(PromptLayout(two, tokenizer: Self.tokenizer).instructions == nil)
    }

    @Test func jsonStringAndUTF8() {
        #expect(JSONString.encode(Array("a\"b\\c\u{0}\u{1F}\u{7F}/".utf8)) == Array(#""a\"b\\c\u0000\u001f\#u{7F}/""#.utf8))
        #expect(JSONString.firstInvalidUTF8(in: Array("héllo 😀".utf8)) == nil)
        #expect(JSONString.firstInvalidUTF8(in: [0x61, 0xE2, 0x82]) == 1)        // truncated
        #expect(JSONString.firstInvalidUTF8(in: [0xC0, 0x80]) == 0)              // overlong
        #expect(JSONString.firstInvalidUTF8(in: [0x61, 0xED, 0xA0, 0x80]) == 1)  // surrogate
        #expect(JSONString.firstInvalidUTF8(in: [0xF4, 0x90, 0x80, 0x80]) == 0)  // past U+10FFFF
    }
}

extension CompressorTests {
    static func isSubsequenceOf(_ small: [UInt8], _ large: [UInt8]) -> Bool {
        var index = large.startIndex
        for byte in small {
            guard let found = large[index...].firstIndex(of: byte) else { return false }
            index = found + 1
        }
        return true
    }
}
