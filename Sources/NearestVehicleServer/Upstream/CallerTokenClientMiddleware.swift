import Foundation
import HTTPTypes
import OpenAPIRuntime

/// Puts the caller's token (from ``RequestState/current``) in `X-AUTH-TOKEN` on every upstream call but
/// `authenticate2`.
struct CallerTokenClientMiddleware: ClientMiddleware {
    static let tokenHeader = HTTPField.Name("X-AUTH-TOKEN")!

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        var request = request
        request.headerFields[Self.tokenHeader] = nil
        if operationID != "authenticate2", let token = RequestState.current?.token {
            request.headerFields[Self.tokenHeader] = token
        }
        return try await next(request, body, baseURL)
    }
}
