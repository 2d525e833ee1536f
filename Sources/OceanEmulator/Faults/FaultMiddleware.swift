import Hummingbird
import NIOCore
import ServiceLifecycle

/// Injects the configured faults in front of the API routes (`/_admin` is never faulted).
struct FaultMiddleware<Context: RequestContext>: RouterMiddleware {
    let faults: FaultState

    private struct DroppedConnection: Error {}

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.uri.path.hasPrefix("/_admin") {
            return try await next(request, context)
        }
        let (latencyMs, decision) = await faults.decide()
        if latencyMs > 0 {
            // Injected latency ends early on graceful shutdown (SIGTERM, `withRunningServer` returning) and on task
            // cancellation: the call is then answered 503, and the server stops within a bounded time whatever the
            // configured latency (`EmulatorExecutableTests.sigtermStopsDuringHugeInjectedLatency`).
            do {
                try await cancelWhenGracefulShutdown {
                    try await Task.sleep(for: .milliseconds(latencyMs))
                }
            } catch is CancellationError {
                var response = ErrorResponses.response(
                    status: .serviceUnavailable, message: "Server shutting down", path: request.uri.path
                )
                response.headers[.connection] = "close"
                return response
            }
        }
        switch decision {
        case .drop:
            // Throwing from the body writer before anything is written makes the server close the connection with
            // no response: the client sees a connection error, as with a dropped TCP connection.
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody { _ in
                throw DroppedConnection()
            })
        case .error(let status):
            return ErrorResponses.response(
                status: HTTPResponse.Status(code: status), message: "Injected fault", path: request.uri.path
            )
        case .rateLimited(let retryAfterSeconds):
            var response = ErrorResponses.response(
                status: .tooManyRequests, message: "Too many requests", path: request.uri.path
            )
            response.headers[.retryAfter] = String(retryAfterSeconds)
            return response
        case .serve(let malformed):
            let response = try await next(request, context)
            guard malformed, (200..<300).contains(response.status.code) else { return response }
            await faults.consumeMalformed()
            let truncated = #"{"vehicles": [{"id": "100000", "immat": "AB-123-CD", "position": {"latitudeY": 48.85"#
            return Response(
                status: response.status,
                headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: truncated))
            )
        }
    }
}
