import Foundation
import TersifyTestSupport
import Testing

/// `tersify mcp` with the Python MCP client (`Scripts/mcp_check.py`): the
/// client starts the server over standard input and output, lists its tools
/// and calls them; the assertions are here.
@Suite("tersify mcp")
struct MCPCLITests {
    @Test("the compress and count_tokens tools, their schemas, and tool errors")
    func tools() throws {
        guard CLITests.python(has: "mcp") else {
            #expect(!TestPaths.strict, "the mcp package is missing (scripts/test.sh installs it)")
            return
        }
        let seen = try CLITests().observations(ofScript: "mcp_check.py")
        func object(_ key: String) -> [String: Any] { seen[key] as? [String: Any] ?? [:] }

        #expect(seen["server"] as? String == "tersify")
        let tools = object("tools")
        #expect(tools["compress"] as? [String] == ["budget", "compress_last_user", "keep_code", "messages", "query", "ratio", "text"])
        #expect(tools["count_tokens"] as? [String] == ["text"])

        let compress = object("compress")
        #expect(compress["error"] as? Bool == false)
        let text = compress["text"] as? String ?? ""
        #expect(text.contains("which VHF channel does the pilot station use?") && text.contains("VHF channel 12"))
        let structured = compress["structured"] as? [String: Any] ?? [:]
        #expect(structured["tokens_before"] as? Int == 554)
        #expect(structured["tokens_after"] as? Int ?? 999 <= 120 && structured["text"] as? String == text)

        let messages = object("messages")
        #expect(messages["error"] as? Bool == false)
        let kept = (messages["structured"] as? [String: Any])?["messages"] as? [[String: Any]] ?? []
        #expect(kept.count == 2 && kept.first?["content"] as? String == "Be brief.")
        #expect((kept.last?["content"] as? String)?.contains("which VHF channel") == true)
        #expect((messages["structured"] as? [String: Any])?["tokens_after"] as? Int ?? 999 <= 120)

        #expect(object("count")["text"] as? String == "554")
        #expect((object("count")["structured"] as? [String: Any])?["tokens"] as? Int == 554)
        #expect(object("bad_budget")["error"] as? Bool == true)
        #expect((object("bad_budget")["text"] as? String)?.contains("\"budget\" must be a whole number ≥ 0, got -3") == true)
        #expect(object("no_text")["error"] as? Bool == true)
        #expect((object("unknown")["text"] as? String)?.contains("unknown tool \"summarize\"") == true)
    }
}
