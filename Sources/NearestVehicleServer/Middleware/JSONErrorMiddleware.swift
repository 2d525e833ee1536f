import Hummingbird

/// Hummingbird's own errors (unknown route, wrong method, body too large) as JSON error bodies, like every other
/// answer; any other error a JSON 500.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            var response = ErrorJSON.response(
                status: error.status, message: error.body ?? error.status.reasonPhrase, path: request.uri.path)
            for field in error.headers where field.name != .contentType { response.headers.append(field) }
            return response
        } catch {
            context.logger.error("unexpected error", metadata: ["error": "\(type(of: error))"])
            return ErrorJSON.response(status: .internalServerError, message: "Internal error", path: request.uri.path)
        }
    }
}
