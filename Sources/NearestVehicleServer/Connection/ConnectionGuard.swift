import Logging
import NIOCore
import NIOHTTP1

/// The bounds `serve` keeps on one HTTP/1 connection, between NIO's HTTP/1 decoder and Hummingbird's codec (it sees
/// the request's version and raw `Host`, which Hummingbird's request no longer has):
///
/// - **Body timeout**: a request body not complete `bodyTimeout` after its head is failed with
///   ``RequestReadFailure`` (its reader, ``BodyLimitMiddleware``, answers 408); on graceful shutdown
///   (`ChannelShouldQuiesceEvent`) a body still arriving is failed at once, so a stalled client never holds the
///   shutdown up. Further input is dropped and the connection closes after the answer.
/// - **Malformed requests**: an HTTP parse error, or an HTTP/1.1 request without exactly one `Host` (HTTP/1.0: more
///   than one), is answered 400 with a JSON `ErrorBody` (Hummingbird would write an empty one) once the answers to
///   earlier requests are out, then the connection closes; a debug log line only (no log flood), and a count in
///   `nearest_serve_requests_total` (operation "unknown"). A parse error inside a body fails the body instead (400
///   from its reader).
/// - **Closing after an answer**: the connection closes once the answer is written (which then says
///   `Connection: close`) when the request does not keep the connection alive (HTTP/1.0 without
///   `Connection: keep-alive`, or `Connection: close`), when the answer itself says `Connection: close` (413), or,
///   while draining (``DrainSwitch``), after the answer to the last request read, so that keep-alive clients
///   reconnect elsewhere.
///
/// Idle connections (keep-alive, or a request head that stopped arriving) are closed by Hummingbird's
/// `idleTimeout`. Cost per request: a clock read, a few integer updates, one atomic load per answer; the timer is
/// armed lazily, at most once per `bodyTimeout` on a busy connection.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let bodyTimeout: TimeAmount
    private let drain: DrainSwitch
    private let metrics: ServerMetrics
    private let logger: Logger

    /// Request heads passed on, and answers completed (their `.end` written); answers come in request order.
    private var requestsRead = 0
    private var answersWritten = 0
    /// The request (its number, from 1) whose answer is the connection's last.
    private var lastRequest: Int?
    /// When the head of the request whose body is still arriving was read; nil when no body is arriving.
    private var bodyStarted: NIODeadline?
    private var timer: Scheduled<Void>?
    /// Input is dropped: a request was failed or refused, the connection closes after its answer.
    private var discarding = false
    /// A 400 to write once the answers to the requests before it are out.
    private var pendingRefusal: String?

    init(bodyTimeout: Duration, drain: DrainSwitch, metrics: ServerMetrics, logger: Logger) {
        self.bodyTimeout = bodyTimeout.timeAmount
        self.drain = drain
        self.metrics = metrics
        self.logger = logger
    }

    // MARK: Inbound

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !discarding else { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            if let problem = Self.hostProblem(head) {
                refuse(context, message: problem)
                return
            }
            requestsRead += 1
            if lastRequest == nil, !head.isKeepAlive { lastRequest = requestsRead }
            bodyStarted = .now()
            armTimer(context)
        case .body:
            break
        case .end:
            bodyStarted = nil
        }
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard error is HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        guard !discarding else { return }
        if bodyStarted != nil {
            failBody(context, RequestReadFailure(kind: .malformed, description: "Malformed request body (\(error))"))
        } else {
            refuse(context, message: "Malformed HTTP request (\(error))")
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent, bodyStarted != nil, !discarding {
            failBody(context, RequestReadFailure(
                kind: .shuttingDown, description: "Server shutting down: request body not received in time"))
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelTimer()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelTimer()
    }

    // MARK: Outbound

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head):
            let answering = answersWritten + 1
            if !head.isKeepAlive || (drain.isDraining && answering == requestsRead) {
                lastRequest = min(lastRequest ?? answering, answering)
            }
            if lastRequest == answering {
                head.headers.replaceOrAdd(name: "connection", value: "close")
                context.write(wrapOutboundOut(.head(head)), promise: promise)
            } else {
                context.write(data, promise: promise)
            }
        case .body:
            context.write(data, promise: promise)
        case .end:
            answersWritten += 1
            if let lastRequest, answersWritten >= lastRequest {
                discarding = true
                Self.writeLast(context, data, promise: promise)
            } else if let refusal = pendingRefusal, answersWritten == requestsRead {
                context.write(data, promise: promise)
                writeRefusal(context, message: refusal)
            } else {
                context.write(data, promise: promise)
            }
        }
    }

    // MARK: Failing and refusing

    /// Fails the body still arriving: its reader gets `failure`, the connection closes after the answer.
    private func failBody(_ context: ChannelHandlerContext, _ failure: RequestReadFailure) {
        bodyStarted = nil
        discarding = true
        lastRequest = min(lastRequest ?? requestsRead, requestsRead)
        logger.debug("request body failed", metadata: ["reason": "\(failure.description)"])
        context.fireErrorCaught(failure)
        if answersWritten >= requestsRead { context.close(promise: nil) }  // already answered without its body
    }

    /// Refuses the request now arriving with a 400 (after the answers to earlier requests), then closes.
    private func refuse(_ context: ChannelHandlerContext, message: String) {
        discarding = true
        bodyStarted = nil
        guard context.channel.isActive else { return }  // the peer went away mid-request: nothing to answer
        logger.debug("malformed HTTP request", metadata: ["reason": "\(message)"])
        if answersWritten == requestsRead {
            writeRefusal(context, message: message)
        } else {
            pendingRefusal = message
        }
    }

    private func writeRefusal(_ context: ChannelHandlerContext, message: String) {
        pendingRefusal = nil
        let body = ErrorJSON.data(status: 400, message: message, path: nil)
        var buffer = context.channel.allocator.buffer(capacity: body.count)
        buffer.writeBytes(body)
        let head = HTTPResponseHead(
            version: .http1_1, status: .badRequest,
            headers: [
                "Content-Type": "application/json", "Content-Length": String(body.count), "Connection": "close",
            ])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        Self.writeLast(context, wrapOutboundOut(.end(nil)), promise: nil)
        metrics.ownAnswer(operation: OperationPaths.unknown, status: 400)
    }

    /// Writes and flushes the connection's last part, then closes it once that is written.
    private static func writeLast(_ context: ChannelHandlerContext, _ data: NIOAny, promise: EventLoopPromise<Void>?) {
        let written = promise ?? context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(data, promise: written)
        written.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }

    /// Why an HTTP/1.1 request must be refused for its `Host` (RFC 9112 §3.2: exactly one), nil when it is fine.
    static func hostProblem(_ head: HTTPRequestHead) -> String? {
        var hosts = 0
        for (name, _) in head.headers where name.utf8.count == 4 && Self.isHost(name) { hosts += 1 }
        if hosts > 1 { return "More than one Host header" }
        if hosts == 0, (head.version.major, head.version.minor) >= (1, 1) { return "Missing Host header (required in HTTP/1.1)" }
        return nil
    }

    private static func isHost(_ name: String) -> Bool {
        var expected = "host".utf8.makeIterator()
        for byte in name.utf8 {
            guard let wanted = expected.next(), byte | 0x20 == wanted else { return false }
        }
        return expected.next() == nil
    }

    // MARK: Body timer

    /// Arms the timer for the body now arriving unless it is armed already (it re-arms itself for a later body).
    private func armTimer(_ context: ChannelHandlerContext) {
        guard timer == nil, let started = bodyStarted else { return }
        schedule(context, at: started + bodyTimeout)
    }

    private func schedule(_ context: ChannelHandlerContext, at deadline: NIODeadline) {
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            timer = nil
            guard let started = bodyStarted, !discarding else { return }
            let due = started + bodyTimeout
            if NIODeadline.now() >= due {
                failBody(context, RequestReadFailure(
                    kind: .bodyTimeout,
                    description: "Request body not received within \(Self.describe(bodyTimeout))"))
            } else {
                schedule(context, at: due)
            }
        }
    }

    private func cancelTimer() {
        timer?.cancel()
        timer = nil
    }

    private static func describe(_ amount: TimeAmount) -> String {
        let milliseconds = amount.nanoseconds / 1_000_000
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : "\(milliseconds) ms"
    }
}

@available(*, unavailable)
extension ConnectionGuard: Sendable {}
