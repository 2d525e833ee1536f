import Foundation
import HTTPTypes
import Logging
import OpenAPIRuntime

/// Outermost OpenAPI middleware: sets up ``RequestState`` (the caller's token), answers 401 without calling
/// anything when an operation other than `authenticate2` has no `X-AUTH-TOKEN` (as Ocean does), adds
/// `X-Nearest-Source` to `nearestVehicles` answers, and records metrics and one debug log line per request (no
/// token, no body).
struct OperationMiddleware: ServerMiddleware {
    let metrics: ServerMetrics
    let logger: Logger

    static let tokenHeader = HTTPField.Name("X-AUTH-TOKEN")!
    static let sourceHeader = HTTPField.Name("X-Nearest-Source")!

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        let started = ContinuousClock.now
        let token = request.headerFields[Self.tokenHeader].flatMap { $0.isEmpty ? nil : $0 }
        let state = RequestState(token: token)
        var (response, responseBody): (HTTPResponse, HTTPBody?)
        if operationID != "authenticate2", token == nil {
            (response, responseBody) = ErrorJSON.openAPIResponse(
                status: 401, message: ServeFailure.missingToken.description, path: request.path)
        } else {
            (response, responseBody) = try await RequestState.$current.withValue(state) {
                try await next(request, body, metadata)
            }
        }
        let source = state.source
        if operationID == "nearestVehicles", let source {
            response.headerFields[Self.sourceHeader] = source.rawValue
        }
        let elapsed = ContinuousClock.now - started
        metrics.request(
            operation: operationID, status: response.status.code, source: source?.rawValue ?? "none", duration: elapsed)
        logger.debug("request", metadata: [
            "operation": "\(operationID)", "status": "\(response.status.code)",
            "source": "\(source?.rawValue ?? "none")", "ms": "\(elapsed.secondsDouble * 1000)",
        ])
        return (response, responseBody)
    }
}
