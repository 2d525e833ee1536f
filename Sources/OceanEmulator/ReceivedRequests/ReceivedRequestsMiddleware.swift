import Hummingbird

/// Records every API request in ``ReceivedRequests`` as it arrives, before fault injection (so a call held by
/// injected latency is already counted); `/_admin` is not counted.
struct ReceivedRequestsMiddleware<Context: RequestContext>: RouterMiddleware {
    let received: ReceivedRequests

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if !request.uri.path.hasPrefix("/_admin") {
            received.record(path: request.uri.path)
        }
        return try await next(request, context)
    }
}
