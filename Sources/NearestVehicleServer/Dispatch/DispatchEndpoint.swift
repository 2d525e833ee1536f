import FleetDispatch
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NearestVehicle

/// `POST /nearest/v1/dispatch`: batch dispatch (``Dispatcher``, crow flies, proven optimal) over a synced
/// customer's fleet. Our own extension, documented in `docs/dispatch-openapi.yaml`, not in Ocean's spec.
///
/// - Auth as the rest of serve: one non-empty `X-AUTH-TOKEN`, which upstream must have accepted for the body's
///   `customerId` (``CallerAuthorization``'s cache, else asked now with `GET entities?customerId=`; upstream's
///   401 / 403 / 429 / 5xx status is the answer, and a 401 or 403 drops the token's cached pairs).
/// - The customer must be fresh in the index (``CustomerSyncs/isFresh(_:)``): otherwise its sync is started and
///   the answer is 503 with `Retry-After: 5` (dispatch never answers from a stale fleet or goes upstream).
/// - Body: `application/json`, at most ``maxBodyBytes`` (413 beyond), at most
///   ``DispatchRequestBody/maximumIncidents`` incidents; a malformed one is a 400 saying why.
/// - Metrics: `nearest_serve_requests_total{operation="dispatch",...}` and its latency histogram, as the
///   Ocean operations record them (source `local` for a plan, `none` for a refusal of serve's own, `upstream`
///   for upstream's). Answers carry `X-Nearest-Source: local` when planned.
struct DispatchEndpoint: Sendable {
    static let path = "/nearest/v1/dispatch"
    /// 2 MiB: about 20 000 incidents of ~100 bytes, more than ``DispatchRequestBody/maximumIncidents``.
    static let maxBodyBytes = 2 * 1024 * 1024

    let index: FleetIndex
    let syncs: CustomerSyncs
    let authorization: CallerAuthorization
    let upstream: Upstream
    let metrics: ServerMetrics
    let logger: Logger
    let now: @Sendable () -> Date

    func handle(_ request: Request) async throws -> Response {
        let started = ContinuousClock.now
        let (response, source) = await answer(request)
        metrics.request(operation: "dispatch", status: Int(response.status.code), source: source.rawValue,
                        duration: ContinuousClock.now - started)
        return response
    }

    /// Where an answer came from, for the metrics.
    enum Source: String { case local, upstream, none }

    func answer(_ request: Request) async -> (Response, Source) {
        guard let token = LocalNearestAnswerer.onlyValue(of: OperationMiddleware.tokenHeader, in: request.headers),
              !token.isEmpty else {
            return (refusal(.unauthorized, "Missing X-AUTH-TOKEN"), .none)
        }
        let contentType = request.headers[.contentType] ?? ""
        guard contentType.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
                == "application/json" else {
            return (refusal(.unsupportedMediaType, "Content-Type must be application/json"), .none)
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: Self.maxBodyBytes)
        } catch {
            return (refusal(.contentTooLarge, "Request body larger than \(Self.maxBodyBytes) bytes"), .none)
        }
        let decoded: DispatchRequestBody
        let incidents: [Incident]
        let filter: VehicleFilter
        do {
            decoded = try JSONDecoder().decode(DispatchRequestBody.self, from: Data(body.readableBytesView))
            incidents = try decoded.validatedIncidents()
            filter = try decoded.filter(now: now())
        } catch let error as DispatchRequestError {
            return (refusal(.badRequest, error.description), .none)
        } catch {
            return (refusal(.badRequest, "Malformed JSON body: \(Self.summary(of: error))"), .none)
        }
        let customerId = decoded.customerId

        // The caller's token must be authorised for the customer, exactly as for a local nearestVehicles answer.
        let digest = TokenDigest(token: token)
        if !authorization.isAuthorized(digest, customerId: customerId) {
            do {
                let probe = try await RequestState.$current.withValue(RequestState(token: token)) {
                    try await upstream.forward("authorize") {
                        try await $0.getEntities(query: .init(customerId: customerId))
                    }
                }
                if let status = probe.errorStatus {
                    return (refusal(.init(code: status), "Upstream refused this token for customer \(customerId) "
                        + "(HTTP \(status))"), .upstream)
                }
                authorization.accept(digest, customerId: customerId)
            } catch let failure as ServeFailure {
                return (refusal(.init(code: failure.status), failure.description), .none)
            } catch {
                return (refusal(.badGateway, "Upstream could not be asked"), .none)
            }
        }
        guard syncs.isFresh(customerId) else {
            syncs.ensureSync(customerId)
            var response = refusal(.serviceUnavailable, "Customer \(customerId) is not synced yet: try again shortly")
            response.headers[.retryAfter] = "5"
            return (response, .none)
        }
        let plan: DispatchPlan
        do {
            plan = try Dispatcher(index: index, filter: filter).plan(incidents)
        } catch {
            return (refusal(.badRequest, error.description), .none)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(DispatchResponseBody(customerId: customerId, plan: plan,
                                                                   incidents: incidents)) else {
            return (refusal(.internalServerError, "The plan could not be encoded"), .none)
        }
        logger.debug("dispatch", metadata: [
            "customer": "\(customerId)", "incidents": "\(incidents.count)", "rounds": "\(plan.rounds)",
        ])
        return (Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8",
                      OperationMiddleware.sourceHeader: AnswerSource.local.rawValue],
            body: .init(byteBuffer: ByteBuffer(data: data))), .local)
    }

    func refusal(_ status: HTTPResponse.Status, _ message: String) -> Response {
        ErrorJSON.response(status: status, message: message, path: Self.path)
    }

    /// A decoding error in one line, with the key path where it failed (never the body itself).
    static func summary(of error: any Error) -> String {
        guard let error = error as? DecodingError else { return "not JSON" }
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing key \(path(context)).\(key.stringValue)"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong type at \(path(context).isEmpty ? "the top level" : path(context))"
        case .dataCorrupted(let context): return path(context).isEmpty ? "not JSON" : "bad value at \(path(context))"
        @unknown default: return "not decodable"
        }
    }
}

extension NearestVehicleServer {
    /// `POST /nearest/v1/dispatch` (``DispatchEndpoint``) with its own body limit (``DispatchEndpoint/maxBodyBytes``)
    /// and the per-client concurrency limit every API call has.
    func addDispatchRoute(to router: Router<ServeRequestContext>) {
        let endpoint = DispatchEndpoint(
            index: index, syncs: syncs, authorization: authorization, upstream: upstream, metrics: metrics,
            logger: logger, now: configuration.now)
        router.group()
            .add(middleware: BodyLimitMiddleware(maxBytes: DispatchEndpoint.maxBodyBytes))
            .add(middleware: ClientConcurrencyMiddleware(
                limit: configuration.maxConcurrentRequestsPerClient, inFlight: inFlight, metrics: metrics))
            .post(RouterPath(DispatchEndpoint.path)) { request, _ in try await endpoint.handle(request) }
    }
}
