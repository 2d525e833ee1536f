import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The local answer's fast path in the router, ahead of the generated router: the second place
/// ``LocalNearestAnswerer`` runs, for the requests ``LocalNearestChannelHandler`` leaves to the router (a pipelined
/// request behind one the router is still answering, a body the handler did not buffer). Every request it declines
/// goes on to the generated handler unchanged.
///
/// The answer is the generated one byte for byte (status 200, `Content-Type: application/json; charset=utf-8`,
/// `X-Nearest-Source: local`, the same body), with the same request metric and debug log line as
/// ``OperationMiddleware`` records; it skips the task-local request state, the deadline's task group and timer
/// (no upstream call can happen here) and the generic coders. Placed after the body limit and the per-client
/// concurrency limit, which apply to it as to every API call.
struct LocalNearestMiddleware: RouterMiddleware {
    typealias Context = ServeRequestContext

    let answerer: LocalNearestAnswerer
    let metrics: ServerMetrics
    let logger: Logger
    let maxBodyBytes: Int

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard request.method == .post else { return try await next(request, context) }
        let started = ContinuousClock.now
        var request = request
        guard let candidate = answerer.candidate(
            method: request.method, target: request.head.path, headers: request.headers)
        else { return try await next(request, context) }
        let body = try await request.collectBody(upTo: maxBodyBytes)
        guard let buffer = answerer.answer(candidate, body: body.readableBytesView)
        else { return try await next(request, context) }
        let response = Response(
            status: .ok,
            // The generated answer's fields, in its order (the runtime sets the length, the middleware the source).
            headers: [
                .contentType: LocalNearestAnswerer.contentType, .contentLength: String(buffer.readableBytes),
                OperationMiddleware.sourceHeader: AnswerSource.local.rawValue,
            ],
            body: .init(byteBuffer: buffer))
        let elapsed = ContinuousClock.now - started
        metrics.localNearestAnswered(duration: elapsed)
        logger.debug("request", metadata: [
            "operation": "nearestVehicles", "status": "200", "source": "local", "ms": "\(elapsed.secondsDouble * 1000)",
        ])
        return response
    }
}
