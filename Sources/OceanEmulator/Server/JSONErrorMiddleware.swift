import Hummingbird

/// Turns Hummingbird's own errors (unknown route: 404, wrong method, oversized body...) into the JSON error body
/// every other emulator error has; any other error becomes a JSON 500 instead of an empty one.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            var response = ErrorResponses.response(
                status: error.status, message: error.body ?? ErrorResponses.reasonPhrase(error.status.code),
                path: request.uri.path
            )
            for field in error.headers where field.name != .contentType { response.headers.append(field) }
            return response
        } catch {
            context.logger.error("unexpected error", metadata: ["error": "\(error)"])
            return ErrorResponses.response(status: .internalServerError, message: "Internal error", path: request.uri.path)
        }
    }
}
