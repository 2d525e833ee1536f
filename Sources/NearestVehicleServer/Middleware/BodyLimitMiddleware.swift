import Hummingbird
import NIOCore

/// Request body limit: a body larger than `maxBytes`, declared (`Content-Length`) or streamed (chunked), is
/// refused with 413 and `Connection: close` before any handler or upstream call sees it; the rest of it is never
/// read. A body ended by the ``ConnectionGuard`` (``RequestReadFailure``: too slow, shutdown, malformed framing) is
/// answered 408 or 400. Every other request goes on with its body buffered.
struct BodyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    let maxBytes: Int

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > maxBytes {
            throw tooLarge
        }
        var request = request
        do {
            _ = try await request.collectBody(upTo: maxBytes)
        } catch is NIOTooManyBytesError {
            throw tooLarge
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw tooLarge
        } catch let failure as RequestReadFailure {
            throw HTTPError(.init(code: failure.status), headers: [.connection: "close"], message: failure.description)
        }
        return try await next(request, context)
    }

    private var tooLarge: HTTPError {
        HTTPError(.contentTooLarge, headers: [.connection: "close"], message: "Request body larger than \(maxBytes) bytes")
    }
}
