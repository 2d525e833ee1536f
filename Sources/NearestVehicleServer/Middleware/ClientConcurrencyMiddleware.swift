import Hummingbird
import NIOConcurrencyHelpers
import NIOCore

/// Per-client concurrency limit: one peer address may have at most `limit` requests in flight; the next one is
/// answered 429 with `Retry-After: 1` at once (never queued), so one client cannot take every upstream connection.
struct ClientConcurrencyMiddleware<Context: RemoteAddressRequestContext>: RouterMiddleware {
    let limit: Int
    let inFlight: InFlightCounter

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let client = context.remoteAddress?.ipAddress ?? "unknown"
        guard inFlight.acquire(client, limit: limit) else {
            var response = ErrorJSON.response(
                status: .tooManyRequests, message: "Too many concurrent requests from this client (limit \(limit))",
                path: request.uri.path)
            response.headers[.retryAfter] = "1"
            return response
        }
        defer { inFlight.release(client) }
        return try await next(request, context)
    }
}

/// Requests in flight per client address.
final class InFlightCounter: Sendable {
    private let counts = NIOLockedValueBox<[String: Int]>([:])

    func acquire(_ client: String, limit: Int) -> Bool {
        counts.withLockedValue { counts in
            let current = counts[client, default: 0]
            guard current < limit else { return false }
            counts[client] = current + 1
            return true
        }
    }

    func release(_ client: String) {
        counts.withLockedValue { counts in
            let remaining = counts[client, default: 1] - 1
            counts[client] = remaining > 0 ? remaining : nil
        }
    }
}
