import Hummingbird
import NIOCore
import OceanAPIGenerated

/// Turns Hummingbird's own errors (unknown route: 404, wrong method, oversized body...) into the JSON error body
/// every other emulator error has; any other error becomes a JSON 500 instead of an empty one.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The spec's paths and their single method.
    static var allowedMethod: [String: String] {
        [
            "/restapi/auth/authenticate2": "POST",
            "/restapi/mobility/v1/entities": "GET",
            "/restapi/vehicule_engin/vehicles": "GET",
            "/restapi/mobility/v1/vehiclePositions": "GET",
            "/restapi/vehicule_engin/nearestVehicles": "POST",
        ]
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound && Self.allowedMethod[request.uri.path] != nil {
            // A known path with another method: 405 with Allow, as the spec's paths define it.
            var response = ErrorResponses.response(
                status: .methodNotAllowed, message: "Method \(request.method.rawValue) not allowed", path: request.uri.path
            )
            response.headers[.allow] = Self.allowedMethod[request.uri.path]
            return response
        } catch let error as HTTPError {
            var response = ErrorResponses.response(
                status: error.status, message: error.body ?? OceanReasonPhrase.forStatus(error.status.code),
                path: request.uri.path
            )
            for field in error.headers where field.name != .contentType { response.headers.append(field) }
            return response
        } catch is NIOTooManyBytesError {
            return ErrorResponses.response(status: .contentTooLarge, message: "Request body too large", path: request.uri.path)
        } catch {
            context.logger.error("unexpected error", metadata: ["error": "\(error)"])
            return ErrorResponses.response(status: .internalServerError, message: "Internal error", path: request.uri.path)
        }
    }
}
