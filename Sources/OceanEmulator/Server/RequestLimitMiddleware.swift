import Hummingbird
import NIOCore

/// Reads every request body up front, bounded in size and time, before anything else sees the request:
/// - a `Content-Length` over `maxBodyBytes` is answered 413 before any of the body is read; a body that grows past
///   it while streaming (chunked) is answered 413 as soon as it does (never buffered whole);
/// - a body not complete within `bodyTimeout` is answered 408.
/// After a 413 or 408 the connection stops reading (the rest of the body is never read) and closes once the answer is
/// written. The handlers then see a buffered body. (A stalled request header is the idle timeout's business:
/// ``EmulatorLimits/idleTimeout``.)
struct RequestLimitMiddleware: RouterMiddleware {
    typealias Context = EmulatorRequestContext

    let maxBodyBytes: Int
    let bodyTimeout: Duration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if let declared = request.headers[.contentLength], let length = Int(declared), length > maxBodyBytes {
            return Self.refusal(.contentTooLarge, "Request body larger than \(maxBodyBytes) bytes", path: path, context)
        }
        let body = request.body
        let limit = maxBodyBytes
        let timeout = bodyTimeout
        let collected: ByteBuffer?
        do {
            collected = try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
                group.addTask { try await body.collect(upTo: limit) }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return nil
                }
                defer { group.cancelAll() }
                return try await group.next() ?? nil
            }
        } catch is NIOTooManyBytesError {
            return Self.refusal(.contentTooLarge, "Request body larger than \(maxBodyBytes) bytes", path: path, context)
        }
        guard let collected else {
            let within = EmulatorConfiguration.describe(bodyTimeout)
            return Self.refusal(.requestTimeout, "Request body not received within \(within)", path: path, context)
        }
        var request = request
        request.body = RequestBody(buffer: collected)
        return try await next(request, context)
    }

    /// The refusal, with `Connection: close`; the connection's input is shut so the server neither reads the rest
    /// of the body nor keeps the connection once the answer is out.
    private static func refusal(_ status: HTTPResponse.Status, _ message: String, path: String, _ context: Context) -> Response {
        context.channel.close(mode: .input, promise: nil)
        var response = ErrorResponses.response(status: status, message: message, path: path)
        response.headers[.connection] = "close"
        return response
    }
}
