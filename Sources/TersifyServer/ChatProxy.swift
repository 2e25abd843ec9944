import AsyncHTTPClient
import HTTPTypes
import Hummingbird
import Logging
import Metrics
import NIOCore
import PromptCompression

/// `POST /v1/chat/completions` against an OpenAI-compatible upstream: the
/// request's messages are compressed as `tersify --messages` would, and the
/// request goes on with its headers (`Authorization` untouched, never
/// logged); the upstream's answer comes back byte for byte, streamed as it
/// arrives (Server-Sent Events included), with its status and headers.
///
/// The target: `X-Tersify-Budget: N` or `X-Tersify-Ratio: R` on the
/// request, else the server's default; without any, the request is
/// forwarded unchanged. The last user message is kept whole, as with
/// `--messages`, unless the server runs with `--compress-last-user` or the
/// request says `X-Tersify-Compress-Last-User: true` (a request whose
/// context is in its one user message needs it). `X-Tersify-Tokens-Before` and
/// `X-Tersify-Tokens-After` on the response give the messages' tokens.
/// Protected text over the budget is forwarded anyway (best effort, and
/// `X-Tersify-Over-Budget: true`): the proxy never refuses what the
/// upstream would take.
struct ChatProxy: Sendable {
    static let path = "/v1/chat/completions"
    let upstream: String
    let service: CompressionService
    let client: HTTPClient
    let logger: Logger

    /// Request headers not passed on: the connection's own, and ours.
    static let hopByHop: Set<String> = [
        "host", "content-length", "connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade",
        "proxy-connection", "proxy-authorization",
    ]

    func forward(_ request: Request) async throws -> Response {
        var request = request
        let body = Array(buffer: try await request.collectBody(upTo: service.configuration.maximumBodyBytes))
        let target: CompressionOptions.Target?
        var compressLastUser = service.configuration.compressLastUser
        do {
            target = try Self.target(request.headers) ?? service.configuration.defaultTarget
            switch request.headers[HTTPField.Name("X-Tersify-Compress-Last-User")!]?.lowercased() {
            case nil: break
            case "true": compressLastUser = true
            case "false": compressLastUser = false
            case let value?: throw ServiceError.badRequest("X-Tersify-Compress-Last-User must be true or false, got \(value)")
            }
        } catch let error as ServiceError {
            return TersifyServer.failure(error)
        }
        var forwarded = body
        var reportHeaders: [(String, String)] = []
        if let target {
            do {
                let chat = try ChatMessages(json: body)
                let compressor = try service.compressor(nil)
                let result = try chat.compress(with: compressor, detector: service.detector,
                                               policy: ChatCompressionPolicy(target: target, keepLastUserMessage: !compressLastUser,
                                                                             bestEffort: true))
                forwarded = result.json
                reportHeaders = [("X-Tersify-Tokens-Before", "\(result.tokensBefore)"),
                                 ("X-Tersify-Tokens-After", "\(result.tokensAfter)")]
                if result.overBudget { reportHeaders.append(("X-Tersify-Over-Budget", "true")) }
                Counter(label: "tersify_proxy_tokens_in_total").increment(by: result.tokensBefore)
                Counter(label: "tersify_proxy_tokens_out_total").increment(by: result.tokensAfter)
            } catch let error as CompressionError {
                return TersifyServer.failure(error.serviceError)
            } catch let error as ServiceError {
                return TersifyServer.failure(error)
            }
        }
        var outgoing = HTTPClientRequest(url: upstream.hasSuffix("/") ? upstream + "chat/completions" : upstream + "/chat/completions")
        outgoing.method = .POST
        for field in request.headers {
            let name = field.name.canonicalName
            if Self.hopByHop.contains(name) || name.hasPrefix("x-tersify-") { continue }
            outgoing.headers.add(name: field.name.rawName, value: field.value)
        }
        outgoing.body = .bytes(ByteBuffer(bytes: forwarded))
        let upstreamResponse: HTTPClientResponse
        do {
            upstreamResponse = try await client.execute(outgoing, timeout: .seconds(Int64(service.configuration.timeoutSeconds)))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            return TersifyServer.json(.gatewayTimeout, TersifyServer.errorBody("the upstream did not answer in time"))
        } catch {
            logger.warning("upstream request failed", metadata: ["error": "\(error)"])
            return TersifyServer.json(.badGateway, TersifyServer.errorBody("the upstream cannot be reached: \(error)"))
        }
        var headers = HTTPFields()
        for (name, value) in upstreamResponse.headers where !Self.hopByHop.contains(name.lowercased()) {
            if let field = HTTPField.Name(name) { headers.append(HTTPField(name: field, value: value)) }
        }
        for (name, value) in reportHeaders { headers.append(HTTPField(name: HTTPField.Name(name)!, value: value)) }
        return Response(status: .init(code: Int(upstreamResponse.status.code), reasonPhrase: upstreamResponse.status.reasonPhrase),
                        headers: headers, body: ResponseBody(asyncSequence: upstreamResponse.body))
    }

    /// The target the request's headers ask for; nil when they name none.
    static func target(_ headers: HTTPFields) throws -> CompressionOptions.Target? {
        let budget = headers[HTTPField.Name("X-Tersify-Budget")!], ratio = headers[HTTPField.Name("X-Tersify-Ratio")!]
        switch (budget, ratio) {
        case (nil, nil): return nil
        case let (budget?, nil):
            guard let tokens = Int(budget), tokens >= 0 else {
                throw ServiceError.badRequest("X-Tersify-Budget must be a whole number ≥ 0, got \(budget)")
            }
            return .tokens(tokens)
        case let (nil, ratio?):
            guard let value = Double(ratio), value >= 1, value.isFinite else {
                throw ServiceError.badRequest("X-Tersify-Ratio must be a number ≥ 1, got \(ratio)")
            }
            return .ratio(value)
        case (_?, _?):
            throw ServiceError.badRequest("give X-Tersify-Budget or X-Tersify-Ratio, not both")
        }
    }
}
