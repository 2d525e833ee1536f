import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// serve's HTTP/1 child channel: Hummingbird's (`HTTP1Channel`), the same handlers in the same order, plus
/// - the ``ConnectionGuard`` right after NIO's HTTP/1 decoder, where the request's version and raw headers are still
///   visible (body timeout, malformed requests, closing after the last answer: for every answer, local or not);
/// - with `fastPath`, ``LocalNearestChannelHandler`` after `HTTPConnectionStateHandler` (so idle timeout and
///   graceful shutdown count its answers) and before the async channel the router reads from. Nil: every request
///   goes to the router (`NEAREST_SERVE_FAST_PATH=router`, for measurements).
///
/// `HTTP1Channel` cannot place a handler at either point (its additional handlers go after the codec and before the
/// state handler), which is why this one exists; its `setup` mirrors `HTTP1Channel.setup` of Hummingbird 2.28 line
/// for line otherwise.
struct ServeHTTP1Channel: ServerChildChannel, HTTPChannelHandler {
    typealias Value = NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>

    let responder: HTTPChannelHandler.Responder
    let configuration: HTTP1Channel.Configuration
    let fastPath: LocalNearestChannelHandler.Shared?
    let makeGuard: @Sendable () -> ConnectionGuard

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            var limits = NIOHTTPDecoderLimitConfiguration()
            limits.maxHeaderFieldSize = configuration.httpDecoder.maxHeaderFieldSize
            limits.maxHeaderListSize = configuration.httpDecoder.maxHeaderListSize
            limits.maxHeaderFieldCount = configuration.httpDecoder.maxHeaderFieldCount
            let pipeline = channel.pipeline.syncOperations
            try pipeline.configureHTTPServerPipeline(
                withPipeliningAssistance: false, withErrorHandling: false, withOutboundHeaderValidation: false,
                withEncoderConfiguration: .init(), withDecoderLimitConfiguration: limits)
            let decoder = try pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try pipeline.addHandler(makeGuard(), position: .after(decoder))
            try pipeline.addHandler(HTTP1ToHTTPServerCodec(secure: false))
            try pipeline.addHandlers(configuration.additionalChannelHandlers())
            try pipeline.addHandler(HTTPConnectionStateHandler(
                idleTimeout: configuration.idleTimeout.map { .init($0) }, logger: logger))
            if let fastPath { try pipeline.addHandler(LocalNearestChannelHandler(fastPath)) }
            return try NIOAsyncChannel(
                wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
        }
    }

    func handle(value asyncChannel: Value, logger: Logger) async {
        await handleHTTP(asyncChannel: asyncChannel, logger: logger)
    }
}
