import Foundation
import TersifyTestSupport
import Testing

/// `tersify serve` with real clients: `Scripts/serve_check.py` starts a
/// stand-in upstream and the server on loopback, talks to them with the
/// `openai` package and plain HTTP, and prints what it saw; the
/// assertions are here.
@Suite("tersify serve")
struct ServeCLITests {
    @Test("endpoints, the OpenAI proxy (plain and streamed), keys, limits and graceful shutdown")
    func serve() throws {
        guard CLITests.python(has: "openai") else {
            #expect(!TestPaths.strict, "the openai package is missing (scripts/test.sh installs it)")
            return
        }
        let seen = try CLITests().observations(ofScript: "serve_check.py")
        func object(_ key: String) -> [String: Any] { seen[key] as? [String: Any] ?? [:] }

        #expect(seen["healthz"] as? Int == 200)
        // POST /v1/compress answers as a `tersify batch` line does.
        let compress = object("compress")
        #expect(compress["status"] as? Int == 200 && compress["id"] as? Int == 3)
        #expect(compress["tokens_after"] as? Int ?? 999 <= 120 && compress["budget"] as? Int == 120)
        #expect((compress["text"] as? String)?.contains("which VHF channel does the pilot station use?") == true)
        #expect(object("compress_unknown_field")["status"] as? Int == 400)
        #expect((object("compress_unknown_field")["error"] as? String)?.contains("unknown field \"budegt\"") == true)
        #expect(object("compress_over_budget")["status"] as? Int == 422)
        #expect(object("count")["tokens"] as? Int == 554)
        #expect(object("tokenize")["tokens"] as? [Int] == [13225, 11, 2375, 0])  // o200k_base
        #expect(object("detokenize")["text"] as? String == "Hello, world!")
        #expect(object("count_wrong_type")["status"] as? Int == 400)

        // The proxy: the openai client's answer, plain and streamed; the
        // stream byte for byte; what the upstream received.
        let completion = object("completion")
        #expect(completion["content"] as? String == "Channel 12.")
        let before = Int(completion["tokens_before"] as? String ?? "") ?? 0, after = Int(completion["tokens_after"] as? String ?? "") ?? 0
        #expect(before > 500 && after <= 120 && after > 0, "\(completion)")
        #expect(seen["stream"] as? String == "Channel 12.")
        #expect(object("stream_raw")["identical"] as? Bool == true && object("stream_raw")["upstream_header"] as? String == "yes")
        let upstream = seen["upstream"] as? [[String: Any]] ?? []
        #expect(upstream.count == 3)
        for request in upstream {
            #expect(request["path"] as? String == "/v1/chat/completions")
            #expect(request["authorization"] as? String == "Bearer sk-test-secret")
            #expect((request["tersify_headers"] as? [String])?.isEmpty == true)
            #expect(request["system"] as? String == "Be brief.")
            #expect(request["question_kept"] as? Bool == true)
            #expect(request["user_length"] as? Int ?? .max < seen["prompt_length"] as? Int ?? 0)
        }
        #expect(object("metrics")["proxy_tokens"] as? Bool == true && object("metrics")["requests"] as? Bool == true)

        // SIGTERM: the request in flight is answered, then exit 0; SIGINT too.
        #expect(object("graceful")["status"] as? Int == 200 && object("graceful")["body_ok"] as? Bool == true)
        #expect(object("graceful")["exit"] as? Int == 0)
        #expect(seen["sigint_exit"] as? Int == 0)

        // The server's key: asked everywhere but /healthz; the proxy takes
        // it from X-Tersify-Key and passes Authorization to the upstream.
        let auth = object("auth")
        #expect(auth["healthz"] as? Int == 200)
        #expect(auth["missing"] as? Int == 401 && auth["wrong"] as? Int == 401 && auth["metrics_missing"] as? Int == 401)
        #expect(auth["bearer"] as? Int == 200 && auth["header"] as? Int == 200)
        #expect(auth["proxy_bearer_only"] as? Int == 401)
        #expect(auth["proxy"] as? Int == 200 && auth["proxy_authorization"] as? String == "Bearer sk-upstream")
        #expect(seen["too_large"] as? Int == 413)
        // Another address than loopback without a key: refused, exit 64.
        #expect(object("non_loopback")["exit"] as? Int == 64)
        #expect((object("non_loopback")["stderr"] as? String)?.contains("needs --api-key-file") == true)
    }
}
