import HTTPTypes
import Hummingbird
import Synchronization

/// The server's own key, and its limit on requests handled at once.
///
/// With a key, every endpoint but `/healthz` asks for it, as
/// `Authorization: Bearer KEY` or `X-Tersify-Key: KEY`; the proxy takes it
/// from `X-Tersify-Key` only, since its `Authorization` header is the
/// upstream's and goes there untouched. Over the limit of requests in
/// flight the answer is 503 with `Retry-After: 1`.
struct GuardMiddleware<Context: RequestContext>: RouterMiddleware {
    let apiKey: String?
    let limit: Int
    let inFlight = InFlight()

    final class InFlight: Sendable {
        let count = Atomic<Int>(0)
    }

    init(configuration: ServerConfiguration) {
        apiKey = configuration.apiKey
        limit = configuration.maximumConcurrentRequests
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.uri.path == "/healthz" { return try await next(request, context) }
        if let apiKey {
            let isProxy = request.uri.path == ChatProxy.path
            let given = request.headers[HTTPField.Name("X-Tersify-Key")!]
                ?? (isProxy ? nil : request.headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil })
            guard given == apiKey else {
                var response = TersifyServer.json(.unauthorized, TersifyServer.errorBody(
                    isProxy ? "this server asks for its key in X-Tersify-Key" : "this server asks for its key (Authorization: Bearer KEY)"))
                response.headers[.wwwAuthenticate] = "Bearer"
                return response
            }
        }
        let count = inFlight.count.add(1, ordering: .relaxed).newValue
        defer { inFlight.count.subtract(1, ordering: .relaxed) }
        guard count <= limit else {
            var response = TersifyServer.json(.serviceUnavailable, TersifyServer.errorBody("over \(limit) requests at once; retry"))
            response.headers[.retryAfter] = "1"
            return response
        }
        return try await next(request, context)
    }
}
