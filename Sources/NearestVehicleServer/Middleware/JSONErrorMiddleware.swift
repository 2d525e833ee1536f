import Hummingbird
import OceanAPIGenerated

/// Hummingbird's own errors (unknown route, wrong method, body too large or too slow) as JSON error bodies, like
/// every other answer; any other error a JSON 500. Each answer made here is counted in
/// `nearest_serve_requests_total` (source none: no operation ran, or it failed before answering).
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            var response = ErrorJSON.response(
                status: error.status, message: error.body ?? OceanReasonPhrase.forStatus(error.status.code),
                path: request.uri.path)
            for field in error.headers where field.name != .contentType { response.headers.append(field) }
            metrics.ownAnswer(operation: OperationPaths.operationID(path: request.uri.path), status: error.status.code)
            return response
        } catch {
            context.logger.error("unexpected error", metadata: ["error": "\(type(of: error))"])
            metrics.ownAnswer(operation: OperationPaths.operationID(path: request.uri.path), status: 500)
            return ErrorJSON.response(status: .internalServerError, message: "Internal error", path: request.uri.path)
        }
    }
}
