import Foundation
import HTTPTypes
import Logging
import OceanAPIGenerated
import OpenAPIRuntime
import OpenAPIURLSession
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The real Ocean (or anything serving the spec) behind `serve`: the generated client over URLSession, sending the
/// caller's own token (from ``RequestState``), with a per-call timeout and a response body limit. Failures that are
/// not Ocean answers become ``ServeFailure``s (502 / 504); Ocean's own answers (401, 403, 429 with Retry-After,
/// 5xx with its body) are returned typed, unchanged.
struct Upstream: Sendable {
    let client: Client
    let baseURL: URL
    let logger: Logger
    let metrics: ServerMetrics
    let authorization: CallerAuthorization

    init(
        baseURL: URL, timeout: Duration, maxBodyBytes: Int, metrics: ServerMetrics,
        authorization: CallerAuthorization, logger: Logger
    ) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout.secondsDouble
        configuration.timeoutIntervalForResource = timeout.secondsDouble
        configuration.httpMaximumConnectionsPerHost = 64
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.httpCookieAcceptPolicy = .never
        configuration.httpShouldSetCookies = false
        self.baseURL = baseURL
        self.client = Client(
            serverURL: baseURL,
            configuration: .ocean,
            transport: URLSessionTransport(configuration: .init(session: URLSession(configuration: configuration))),
            middlewares: [CallerTokenClientMiddleware(), ResponseBodyLimitMiddleware(maxBytes: maxBodyBytes)]
        )
        self.logger = logger
        self.metrics = metrics
        self.authorization = authorization
    }

    /// Calls upstream with the caller's token. A 401/403 drops the token's cached authorisations. Marks the
    /// request's answer as upstream's unless a handler says otherwise afterwards (a local answer after the probe).
    /// - Throws: ``ServeFailure`` when upstream gave no usable answer; `CancellationError` when cancelled.
    func forward<Output: OceanOperationOutput>(
        _ operation: String, _ call: @Sendable (Client) async throws -> Output
    ) async throws -> Output {
        if let state = RequestState.current, state.source == nil { state.source = .upstream }
        let output: Output
        do {
            output = try await call(client)
        } catch {
            if Task.isCancelled { throw CancellationError() }
            let failure = Self.failure(for: error)
            metrics.upstreamError(operation: operation, kind: failure.metricKind)
            logger.warning("upstream call failed", metadata: [
                "operation": "\(operation)", "status": "\(failure.status)", "reason": "\(failure.description)",
            ])
            throw failure
        }
        if let status = output.errorStatus {
            if status == 401 || status == 403, let digest = RequestState.current?.tokenDigest {
                authorization.dropToken(digest)
            }
            if status >= 500 || status == 429 {
                metrics.upstreamError(operation: operation, kind: status == 429 ? "429" : "5xx")
            }
        }
        return output
    }

    /// The failure for an error thrown by the generated client: timeouts are 504, connection problems 502,
    /// undecodable or oversized bodies 502.
    static func failure(for error: any Error) -> ServeFailure {
        let underlying = (error as? ClientError)?.underlyingError ?? error
        if let failure = underlying as? ServeFailure { return failure }
        if let urlError = underlying as? URLError {
            switch urlError.code {
            case .timedOut: return .upstreamTimeout
            default: return .upstreamUnreachable("\(urlError.code.rawValue) (\(urlErrorName(urlError.code)))")
            }
        }
        if underlying is DecodingError { return .upstreamMalformed("undecodable body") }
        if let clientError = error as? ClientError {
            return .upstreamMalformed(clientError.causeDescription)
        }
        return .upstreamUnreachable("\(type(of: underlying))")
    }

    private static func urlErrorName(_ code: URLError.Code) -> String {
        switch code {
        case .cannotConnectToHost: "cannot connect"
        case .networkConnectionLost: "connection lost"
        case .cannotFindHost: "unknown host"
        case .notConnectedToInternet: "no network"
        case .badServerResponse: "bad server response"
        case .secureConnectionFailed: "TLS failure"
        default: "network error"
        }
    }
}
