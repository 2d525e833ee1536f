import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// Hummingbird's HTTP/1 child channel with a ``ConnectionGuard`` between NIO's HTTP/1 decoder and Hummingbird's
/// codec (where the request's version and raw headers are still visible); everything else is `HTTP1Channel`'s
/// (idle timeout, decoder limits, request handling).
struct GuardedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let http1: HTTP1Channel
    let makeGuard: @Sendable () -> ConnectionGuard

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        http1.setup(channel: channel, logger: logger).flatMapThrowing { [makeGuard] value in
            let pipeline = channel.pipeline.syncOperations
            let decoder = try pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try pipeline.addHandler(makeGuard(), position: .after(decoder))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await http1.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1 with a ``ConnectionGuard`` made by `makeGuard` on each connection.
    static func guardedHTTP1(
        configuration: HTTP1Channel.Configuration, makeGuard: @escaping @Sendable () -> ConnectionGuard
    ) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            GuardedHTTP1Channel(
                http1: HTTP1Channel(responder: responder, configuration: configuration), makeGuard: makeGuard)
        }
    }
}
