import Foundation
import HTTPTypes
import OpenAPIRuntime

/// Per-attempt context shared with the middlewares through a task-local: the token to send, and where to keep
/// the start of the response body for error messages.
actor AttemptContext {
    let token: String?
    private(set) var bodyPrefix: [UInt8] = []

    init(token: String?) {
        self.token = token
    }

    func record(bodyPrefix: ArraySlice<UInt8>) {
        self.bodyPrefix = Array(bodyPrefix)
    }

    @TaskLocal static var current: AttemptContext?
}

/// Adds `X-AUTH-TOKEN` (the spec's `oceanToken` security scheme; the generator leaves security to middlewares).
struct TokenHeaderMiddleware: ClientMiddleware {
    static let header = HTTPField.Name("X-AUTH-TOKEN")!

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        var request = request
        if let token = AttemptContext.current?.token {
            request.headerFields[Self.header] = token
        }
        return try await next(request, body, baseURL)
    }
}

/// Buffers the response body (bounded) so that, if it turns out undecodable, the error can quote its start.
struct BodyCaptureMiddleware: ClientMiddleware {
    /// Larger bodies fail (``OceanError/undecodableResponse``, not retried) rather than exhausting memory:
    /// ``OceanClientConfiguration/maxResponseBodyBytes``.
    let maxBodyBytes: Int
    static let excerptBytes = 200

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        let (response, responseBody) = try await next(request, body, baseURL)
        guard let responseBody else { return (response, nil) }
        var bytes: [UInt8] = []
        if case .known(let length) = responseBody.length {
            guard length <= maxBodyBytes else { throw tooLarge(length) }
            bytes.reserveCapacity(Int(length))
        }
        for try await chunk in responseBody {
            guard bytes.count + chunk.count <= maxBodyBytes else { throw tooLarge(nil) }
            bytes.append(contentsOf: chunk)
        }
        await AttemptContext.current?.record(bodyPrefix: bytes.prefix(Self.excerptBytes))
        return (response, HTTPBody(bytes))
    }

    private func tooLarge(_ length: Int64?) -> OceanError {
        OceanError.undecodableResponse.with(
            detail: "response body \(length.map { "of \($0) bytes " } ?? "")larger than the client's limit of "
                + "\(maxBodyBytes) bytes (OceanClientConfiguration.maxResponseBodyBytes)")
    }
}
