import Foundation
import HTTPTypes
import Logging
import NIOCore
import NIOHTTPTypes

/// The local answer's fast path on the connection's event loop: a `nearestVehicles` call that
/// ``LocalNearestAnswerer`` answers is answered here, in the channel pipeline, without a task, a router, the
/// generic coders or a hop off the event loop; every other request is passed on, part by part and unchanged, to
/// Hummingbird's HTTP handling (and so to the router, ``LocalNearestMiddleware`` and the generated handler).
///
/// Place: after `HTTPConnectionStateHandler` (which sees every request and answer, so its idle timeout and graceful
/// quiesce count these too) and before the async channel (see ``ServeHTTP1Channel``).
///
/// - **Order**: HTTP/1.1 answers go out in request order. While a request passed on is not yet fully answered (its
///   response `end` not yet written back through here), later requests of the connection are passed on too, so
///   a pipelining client never gets a fast answer ahead of a slow one.
/// - **Body**: buffered up to the body limit; a larger body, trailers, or any refusal replays what was buffered
///   (head, then the body as one part) and passes the rest on: the router then answers as it always did (413 from
///   the body limit, upstream for PAR_ROUTE, …).
/// - **Connection: close** requests are passed on (the router's handling closes the connection after the answer).
/// - **Answer**: what the router's fast path writes (status 200, content type, length, `X-Nearest-Source: local`,
///   then `Date` and `Server` as Hummingbird adds them), the same metric and debug log line.
final class LocalNearestChannelHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// What the handler shares with the server (all `Sendable`, read-only or lock-free).
    struct Shared: Sendable {
        let answerer: LocalNearestAnswerer
        let metrics: ServerMetrics
        let logger: Logger
        let maxBodyBytes: Int
        let serverName: String?
        /// Answers with more vehicles than this are left to the router (off the event loop): a whole-fleet answer
        /// must not stall the connections that share this loop.
        let maxVehiclesOnEventLoop: Int
    }

    private enum State {
        /// Between requests.
        case idle
        /// A candidate's head was read; its body is being buffered.
        case buffering(head: HTTPRequest, candidate: LocalNearestAnswerer.Candidate, body: ByteBuffer,
                       started: ContinuousClock.Instant)
        /// The current request is being passed on.
        case passing
    }

    private let shared: Shared
    private var state = State.idle
    /// Requests passed on whose answers' `end` has not been written yet.
    private var passedAwaitingAnswer = 0
    private var needsFlush = false
    private var date = HTTPDate()
    /// The answer's fields that never change, made once (each `HTTPField` checks its value when made).
    private let contentTypeField = HTTPField(name: .contentType, value: LocalNearestAnswerer.contentType)
    private let sourceField = HTTPField(name: OperationMiddleware.sourceHeader, value: AnswerSource.local.rawValue)
    private let serverField: HTTPField?

    init(_ shared: Shared) {
        self.shared = shared
        serverField = shared.serverName.map { HTTPField(name: .server, value: $0) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        switch (state, part) {
        case (.idle, .head(let head)):
            if passedAwaitingAnswer == 0, !Self.asksToClose(head),
               let candidate = shared.answerer.candidate(method: head.method, target: head.path,
                                                         headers: head.headerFields) {
                state = .buffering(head: head, candidate: candidate, body: context.channel.allocator.buffer(capacity: 0),
                                   started: .now)
            } else {
                pass(.head(head), context: context)
                state = .passing
            }
        case (.buffering(let head, let candidate, var body, let started), .body(var chunk)):
            if body.readableBytes + chunk.readableBytes > shared.maxBodyBytes {
                replay(head: head, body: body, context: context)
                context.fireChannelRead(wrapInboundOut(.body(chunk)))
                state = .passing
            } else {
                state = .idle  // drop the reference before writing into the buffer (no copy on write)
                body.writeBuffer(&chunk)
                state = .buffering(head: head, candidate: candidate, body: body, started: started)
            }
        case (.buffering(let head, let candidate, let body, let started), .end(let trailers)):
            state = .idle
            if trailers == nil, let answer = answer(candidate, body: body) {
                write(answer, context: context)
                record(started)
            } else {
                replay(head: head, body: body, context: context)
                context.fireChannelRead(wrapInboundOut(.end(trailers)))
            }
        case (.passing, .end):
            state = .idle
            context.fireChannelRead(data)
        case (.passing, _):
            context.fireChannelRead(data)
        case (.idle, _), (.buffering, .head):
            // Not a sequence the HTTP decoder produces; pass it on for Hummingbird to reject as it would.
            if case .buffering(let head, _, let body, _) = state { replay(head: head, body: body, context: context) }
            if case .end = part { state = .idle } else { state = .passing }
            pass(part, context: context)
        }
    }

    /// An error while a candidate is buffered (the ``ConnectionGuard``'s body timeout, a decoding error): the
    /// router must see the request it belongs to, to answer it (408, 400) as it answers any request; so the
    /// buffered head and body are passed on first.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if case .buffering(let head, _, let body, _) = state {
            state = .passing
            replay(head: head, body: body, context: context)
        }
        context.fireErrorCaught(error)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if needsFlush {
            needsFlush = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), passedAwaitingAnswer > 0 { passedAwaitingAnswer -= 1 }
        context.write(data, promise: promise)
    }

    func flush(context: ChannelHandlerContext) {
        needsFlush = false
        context.flush()
    }

    // MARK: - Steps

    private func answer(_ candidate: LocalNearestAnswerer.Candidate, body: ByteBuffer) -> ByteBuffer? {
        shared.answerer.answer(candidate, body: body.readableBytesView, maxVehicles: shared.maxVehiclesOnEventLoop)
    }

    private func pass(_ part: HTTPRequestPart, context: ChannelHandlerContext) {
        if case .head = part { passedAwaitingAnswer += 1 }
        context.fireChannelRead(wrapInboundOut(part))
    }

    /// Passes on a buffered request's head and body as the router would have received them.
    private func replay(head: HTTPRequest, body: ByteBuffer, context: ChannelHandlerContext) {
        pass(.head(head), context: context)
        if body.readableBytes > 0 { context.fireChannelRead(wrapInboundOut(.body(body))) }
    }

    private func write(_ body: ByteBuffer, context: ChannelHandlerContext) {
        // The router's order: content type, length, source, then date and server as Hummingbird adds them.
        var fields = HTTPFields()
        fields.reserveCapacity(5)
        fields.append(contentTypeField)
        fields.append(HTTPField(name: .contentLength, value: String(body.readableBytes)))
        fields.append(sourceField)
        fields.append(HTTPField(name: .date, value: date.header(timeIntervalSince1970: Date().timeIntervalSince1970)))
        if let serverField { fields.append(serverField) }
        context.write(wrapOutboundOut(.head(HTTPResponse(status: .ok, headerFields: fields))), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.write(wrapOutboundOut(.end(nil)), promise: nil)
        needsFlush = true
    }

    private func record(_ started: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - started
        shared.metrics.localNearestAnswered(duration: elapsed)
        shared.logger.debug("request", metadata: [
            "operation": "nearestVehicles", "status": "200", "source": "local", "ms": "\(elapsed.secondsDouble * 1000)",
        ])
    }

    /// Whether the request asks the connection to close after its answer (left to the router, which does it).
    private static func asksToClose(_ head: HTTPRequest) -> Bool {
        head.headerFields[values: .connection].contains { value in
            value.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces).lowercased() == "close" }
        }
    }
}
