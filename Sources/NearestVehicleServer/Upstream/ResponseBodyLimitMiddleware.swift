import Foundation
import HTTPTypes
import OpenAPIRuntime

/// Refuses upstream bodies larger than `maxBytes` (a ``ServeFailure/upstreamMalformed(_:)``, 502) and buffers the
/// others, so a runaway upstream cannot exhaust memory.
struct ResponseBodyLimitMiddleware: ClientMiddleware {
    let maxBytes: Int

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        let (response, responseBody) = try await next(request, body, baseURL)
        guard let responseBody else { return (response, nil) }
        if case .known(let length) = responseBody.length, length > maxBytes {
            throw ServeFailure.upstreamMalformed("body of \(length) bytes is larger than the limit (\(maxBytes))")
        }
        let bytes = try await [UInt8](collecting: responseBody, upTo: maxBytes)
        return (response, HTTPBody(bytes))
    }
}
