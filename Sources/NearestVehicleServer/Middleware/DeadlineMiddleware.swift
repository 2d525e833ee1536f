import Foundation
import HTTPTypes
import OpenAPIRuntime

/// The overall request deadline: whatever the handler waits on (authorisation, upstream, retries), the caller has
/// an answer within `deadline`: the handler's, or a JSON 504 (``ServeFailure/deadlineExceeded``), the handler
/// being cancelled (its upstream call with it).
struct DeadlineMiddleware: ServerMiddleware {
    let deadline: Duration

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        let deadline = deadline
        // The task group awaits both children before returning, so `next` never outlives this call.
        return try await withoutActuallyEscaping(next) { next in
            try await withThrowingTaskGroup(of: Optional<(HTTPResponse, HTTPBody?)>.self) { group in
                group.addTask { try await next(request, body, metadata) }
                group.addTask {
                    try await Task.sleep(for: deadline)
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let answer = first else {
                    return ErrorJSON.openAPIResponse(
                        status: ServeFailure.deadlineExceeded.status,
                        message: ServeFailure.deadlineExceeded.description, path: request.path)
                }
                return answer
            }
        }
    }
}
