import Hummingbird
import NIOCore

/// Per-client concurrency limit: one peer address may have at most `limit` requests in flight; the next one is
/// answered 429 with `Retry-After: 1` at once (never queued, counted in `nearest_serve_requests_total`), so one
/// client cannot take every upstream connection.
struct ClientConcurrencyMiddleware<Context: RemoteAddressRequestContext>: RouterMiddleware {
    let limit: Int
    let inFlight: InFlightCounter
    let metrics: ServerMetrics

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let client = context.remoteAddress?.ipAddress ?? "unknown"
        guard inFlight.acquire(client, limit: limit) else {
            var response = ErrorJSON.response(
                status: .tooManyRequests, message: "Too many concurrent requests from this client (limit \(limit))",
                path: request.uri.path)
            response.headers[.retryAfter] = "1"
            metrics.ownAnswer(operation: OperationPaths.operationID(path: request.uri.path), status: 429)
            return response
        }
        defer { inFlight.release(client) }
        return try await next(request, context)
    }
}
