import Foundation
import HTTPTypes
import OceanAPIGenerated
import OpenAPIRuntime

/// Checks `X-AUTH-TOKEN` on every operation but `authenticate2` and makes the session available to the handlers
/// (``EmulatorSession/current``). Missing, unknown or expired token: 401 with a JSON error body.
struct AuthMiddleware: ServerMiddleware {
    let tokens: TokenStore

    static let tokenHeader = HTTPField.Name("X-AUTH-TOKEN")!

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        if operationID == "authenticate2" {
            return try await next(request, body, metadata)
        }
        guard let token = request.headerFields[Self.tokenHeader], !token.isEmpty else {
            return OpenAPIErrors.response(status: 401, message: "Missing X-AUTH-TOKEN", path: request.path)
        }
        guard let session = await tokens.session(for: token) else {
            return OpenAPIErrors.response(status: 401, message: "Invalid or expired token", path: request.path)
        }
        return try await EmulatorSession.$current.withValue(session) {
            try await next(request, body, metadata)
        }
    }
}

/// Maps errors to JSON error responses so the emulator never answers a bare 500 for a client mistake: a request
/// that cannot be decoded (malformed query parameter, bad JSON body) is a 400, like the real API; anything else is
/// a 500 with a JSON body. (The generated server alone answers malformed parameters with 500.)
struct ErrorMappingMiddleware: ServerMiddleware {
    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        do {
            return try await next(request, body, metadata)
        } catch let error as ServerError where error.operationInput == nil {
            return OpenAPIErrors.response(
                status: 400, message: "Bad request: \(error.causeDescription)", path: request.path
            )
        } catch {
            return OpenAPIErrors.response(status: 500, message: "Internal error", path: request.path)
        }
    }
}

enum OpenAPIErrors {
    static func response(status: Int, message: String, path: String?) -> (HTTPResponse, HTTPBody?) {
        let data = ErrorResponses.data(status: status, message: message, path: path.map { String($0.prefix { $0 != "?" }) })
        var response = HTTPResponse(status: .init(code: status))
        response.headerFields[.contentType] = "application/json"
        return (response, HTTPBody(data))
    }
}
