import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Metrics
import NIOCore
import Prometheus
import PromptCompression
import PromptTokenizer
import ServiceLifecycle

/// `tersify serve`: compression over HTTP, and an OpenAI-compatible proxy
/// that compresses chat requests on their way to the upstream API.
///
/// Endpoints (JSON in and out):
/// - `POST /v1/compress`: a `CompressionRequest` (the fields of a
///   `tersify batch` line, `tokenizer` among them); the response of
///   `Compressor.respond(to:detector:defaultTarget:)`.
/// - `POST /v1/count` `{"text", "tokenizer"?}` → `{"tokens": n}`;
///   `POST /v1/tokenize` → `{"tokens": [ids]}`; `POST /v1/detokenize`
///   `{"tokens": [ids]}` → `{"text"}`.
/// - `GET /healthz` (no key asked), `GET /metrics` (Prometheus text).
/// - With an upstream, `POST /v1/chat/completions`: see `ChatProxy`.
///
/// Errors are `{"error": "…"}` with 400 (malformed request), 401 (key),
/// 404, 413 (body over the limit), 422 (protected text over the budget),
/// 503 (too many requests at once, with `Retry-After`), 502/504 (upstream).
/// The server stops on SIGTERM or SIGINT after the requests in flight.
public struct TersifyServer: Sendable {
    public let configuration: ServerConfiguration
    let service: CompressionService
    let logger: Logger

    /// - Parameters:
    ///   - detector: The protected spans of every compression (`--keep`).
    ///   - makeCompressor: The compressor of a tokenizer (the passes to run).
    public init(configuration: ServerConfiguration, detector: ProtectedSpanDetector = ProtectedSpanDetector(),
                logger: Logger = Logger(label: "tersify.serve"),
                makeCompressor: @escaping @Sendable (Tokenizer) -> Compressor = { Compressor(tokenizer: $0) }) {
        self.configuration = configuration
        self.service = CompressionService(configuration: configuration, detector: detector, makeCompressor: makeCompressor)
        self.logger = logger
    }

    /// Loads the default vocabulary, binds, and serves until SIGTERM or SIGINT.
    ///
    /// - Parameter onListening: Called with the port once the server listens.
    public func run(onListening: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        _ = try service.compressor(nil)
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let router = makeRouter(registry: registry, client: client)
        let application = Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "tersify"),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
        do {
            try await application.runService()
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    func makeRouter(registry: PrometheusCollectorRegistry, client: HTTPClient) -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: GuardMiddleware(configuration: configuration))
        router.get("/healthz") { _, _ in Self.json(.ok, Array("{\"status\": \"ok\"}".utf8)) }
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                     body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        let service = self.service
        let limit = configuration.maximumBodyBytes
        router.post("/v1/compress") { request, _ in
            try await Self.answering(request, limit: limit) { body in
                let parsed: CompressionRequest
                do throws(CompressionError) {
                    parsed = try CompressionRequest(json: body)
                } catch {
                    throw error.serviceError
                }
                let compressor = try service.compressor(parsed.tokenizer)
                let clock = ContinuousClock.now
                do throws(CompressionError) {
                    let response = try compressor.respond(to: parsed, detector: service.detector,
                                                          defaultTarget: service.configuration.defaultTarget)
                    Timer(label: "tersify_compress_seconds").recordNanoseconds((ContinuousClock.now - clock).nanoseconds)
                    return response + [0x0A]
                } catch {
                    throw error.serviceError
                }
            }
        }
        router.post("/v1/count") { request, _ in
            try await Self.answering(request, limit: limit) { body in
                let text = try Self.decode(TextBody.self, body)
                let tokens = try service.compressor(text.tokenizer).tokenizer.count(text.text)
                return Array("{\"tokens\": \(tokens)}\n".utf8)
            }
        }
        router.post("/v1/tokenize") { request, _ in
            try await Self.answering(request, limit: limit) { body in
                let text = try Self.decode(TextBody.self, body)
                let ids = try service.compressor(text.tokenizer).tokenizer.encodeOrdinary(text.text)
                return Array("{\"tokens\": [\(ids.map(String.init).joined(separator: ", "))]}\n".utf8)
            }
        }
        router.post("/v1/detokenize") { request, _ in
            try await Self.answering(request, limit: limit) { body in
                let ids = try Self.decode(TokensBody.self, body)
                let tokenizer = try service.compressor(ids.tokenizer).tokenizer
                let bytes: [UInt8]
                do {
                    bytes = try tokenizer.decodeBytes(ids.tokens)
                } catch {
                    throw ServiceError.badRequest("\(error)")
                }
                var out = Array("{\"text\": ".utf8)
                JSONString.append(Array(String(decoding: bytes, as: UTF8.self).utf8), to: &out)
                out.append(contentsOf: "}\n".utf8)
                return out
            }
        }
        if let upstream = configuration.upstream {
            let proxy = ChatProxy(upstream: upstream, service: service, client: client, logger: logger)
            router.post("/v1/chat/completions") { request, _ in try await proxy.forward(request) }
        }
        return router
    }

    struct TextBody: Decodable {
        var text: String
        var tokenizer: String?
    }

    struct TokensBody: Decodable {
        var tokens: [UInt32]
        var tokenizer: String?
    }

    static func decode<T: Decodable>(_ type: T.Type, _ body: [UInt8]) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(body))
        } catch let DecodingError.keyNotFound(key, _) {
            throw ServiceError.badRequest("missing field \"\(key.stringValue)\"")
        } catch let DecodingError.typeMismatch(_, context) {
            throw ServiceError.badRequest("wrong type at \(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)")
        } catch {
            throw ServiceError.badRequest("malformed JSON: \(error.localizedDescription)")
        }
    }

    /// Collects the body (413 over the limit), runs `body`, and turns a
    /// `ServiceError` into its status with `{"error": …}`.
    static func answering(_ request: Request, limit: Int, _ body: ([UInt8]) throws -> [UInt8]) async throws -> Response {
        var request = request
        let buffer = try await request.collectBody(upTo: limit)
        do {
            return json(.ok, try body(Array(buffer: buffer)))
        } catch let error as ServiceError {
            return failure(error)
        } catch let error as TokenizerError {
            return failure(.badRequest("\(error)"))
        }
    }

    static func failure(_ error: ServiceError) -> Response {
        let status: HTTPResponse.Status
        switch error {
        case .badRequest: status = .badRequest
        case .unprocessable: status = .unprocessableContent
        }
        return json(status, errorBody(error.message))
    }

    static func errorBody(_ message: String) -> [UInt8] {
        var out = Array("{\"error\": ".utf8)
        JSONString.append(Array(message.utf8), to: &out)
        out.append(contentsOf: "}\n".utf8)
        return out
    }

    static func json(_ status: HTTPResponse.Status, _ bytes: [UInt8]) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
