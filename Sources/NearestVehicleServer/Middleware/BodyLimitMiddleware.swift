import Hummingbird

/// Request body limit: a body larger than `maxBytes` (declared or streamed) is refused with 413 before any handler
/// or upstream call sees it.
struct BodyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    let maxBytes: Int

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > maxBytes {
            throw HTTPError(.contentTooLarge, message: "Request body larger than \(maxBytes) bytes")
        }
        var request = request
        do {
            _ = try await request.collectBody(upTo: maxBytes)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw HTTPError(.contentTooLarge, message: "Request body larger than \(maxBytes) bytes")
        }
        return try await next(request, context)
    }
}
