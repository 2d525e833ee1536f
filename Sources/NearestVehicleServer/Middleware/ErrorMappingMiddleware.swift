import Foundation
import HTTPTypes
import Logging
import OpenAPIRuntime

/// Turns errors into JSON answers: a ``ServeFailure`` into its status (502, 504...), a request that cannot be
/// decoded (malformed parameter or body) into 400 as Ocean answers, anything else into 500. Never a bare error.
struct ErrorMappingMiddleware: ServerMiddleware {
    let logger: Logger

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        do {
            return try await next(request, body, metadata)
        } catch {
            let underlying = (error as? ServerError)?.underlyingError ?? error
            if let failure = underlying as? ServeFailure {
                return ErrorJSON.openAPIResponse(status: failure.status, message: failure.description, path: request.path)
            }
            if let serverError = error as? ServerError, serverError.operationInput == nil {
                return ErrorJSON.openAPIResponse(
                    status: 400, message: "Bad request: \(serverError.causeDescription)", path: request.path)
            }
            logger.error("unexpected error", metadata: ["operation": "\(operationID)", "error": "\(type(of: underlying))"])
            return ErrorJSON.openAPIResponse(status: 500, message: "Internal error", path: request.path)
        }
    }
}
