import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NearestVehicle
import OceanAPIGenerated

/// The local answer's fast path: a `nearestVehicles` VOL_OISEAU call that it fully understands, for a fresh
/// customer and a caller authorised for it, is answered here, ahead of the generated router; every other request
/// goes on to the generated handler unchanged (``ServeHandlers/nearestVehicles(_:)``), which answers it as before.
///
/// Answered here only when all hold (else `next`):
/// - `POST` on the operation's path (at the root or under `/ocean-3.0.0`), one non-empty `X-AUTH-TOKEN`,
///   `Content-Type: application/json`;
/// - the query string and the body are read by ``NearestQueryString`` and ``NearestRequestBody`` (which decline
///   whatever they are not sure of) and ``LocalQuery`` accepts them (VOL_OISEAU, a customer, values the index
///   answers exactly as upstream);
/// - the customer is fresh (``CustomerSyncs/isFresh(_:)``) and the token is authorised for it in the
///   ``CallerAuthorization`` cache (a caller not in the cache goes through the generated handler, which asks
///   upstream: the same rule as there, never a looser one);
/// - ``LocalAnswerEncoder`` can write every value.
///
/// The answer is the generated one byte for byte (status 200, `Content-Type: application/json; charset=utf-8`,
/// `X-Nearest-Source: local`, the same body), with the same request metric and debug log line as
/// ``OperationMiddleware`` records; it skips the task-local request state, the deadline's task group and timer
/// (no upstream call can happen here) and the generic coders. Placed after the body limit and the per-client
/// concurrency limit, which apply to it as to every API call.
struct LocalNearestMiddleware: RouterMiddleware {
    typealias Context = ServeRequestContext

    let local: LocalNearest
    let syncs: CustomerSyncs
    let authorization: CallerAuthorization
    let metrics: ServerMetrics
    let logger: Logger
    let maxBodyBytes: Int

    static let paths: [String] = ["/restapi/vehicule_engin/nearestVehicles", "/ocean-3.0.0/restapi/vehicule_engin/nearestVehicles"]
    static let contentType = "application/json; charset=utf-8"

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard request.method == .post else { return try await next(request, context) }
        let started = ContinuousClock.now
        var request = request
        guard let target = request.head.path, let parts = Self.split(target),
              Self.paths.contains(where: { $0.utf8.elementsEqual(parts.path) }),
              let token = Self.onlyValue(of: OperationMiddleware.tokenHeader, in: request.headers), !token.isEmpty,
              Self.onlyValue(of: .contentType, in: request.headers) == "application/json",
              let parameters = NearestQueryString.parse(parts.query)
        else { return try await next(request, context) }
        let body = try await request.collectBody(upTo: maxBodyBytes)
        guard let requestBody = NearestRequestBody.parse(body.readableBytesView),
              let query = LocalQuery(parameters, body: requestBody),
              syncs.isFresh(query.customerId),
              authorization.isAuthorized(TokenDigest(token: token), customerId: query.customerId)
        else { return try await next(request, context) }
        let vehicles = local.vehicles(query)
        var buffer = ByteBufferAllocator().buffer(capacity: 64 + 256 * vehicles.count)
        guard LocalAnswerEncoder.write(vehicles, into: &buffer) else { return try await next(request, context) }
        let response = Response(
            status: .ok,
            // The generated answer's fields, in its order (the runtime sets the length, the middleware the source).
            headers: [
                .contentType: Self.contentType, .contentLength: String(buffer.readableBytes),
                OperationMiddleware.sourceHeader: AnswerSource.local.rawValue,
            ],
            body: .init(byteBuffer: buffer))
        let elapsed = ContinuousClock.now - started
        metrics.localNearestAnswered(duration: elapsed)
        logger.debug("request", metadata: [
            "operation": "nearestVehicles", "status": "200", "source": "local", "ms": "\(elapsed.secondsDouble * 1000)",
        ])
        return response
    }

    /// The path and the query's bytes of a request target; nil when it holds a fragment.
    static func split(_ target: String) -> (path: Substring.UTF8View, query: Substring.UTF8View)? {
        let utf8 = target.utf8
        guard !utf8.contains(UInt8(ascii: "#")) else { return nil }
        guard let mark = utf8.firstIndex(of: UInt8(ascii: "?")) else {
            return (target[...].utf8, target[target.endIndex...].utf8)
        }
        return (target[..<mark].utf8, target[target.index(after: mark)...].utf8)
    }

    /// The value of a header field that occurs exactly once; nil when it is absent or repeated.
    static func onlyValue(of name: HTTPField.Name, in fields: HTTPFields) -> String? {
        var found: String?
        for field in fields where field.name == name {
            guard found == nil else { return nil }
            found = field.value
        }
        return found
    }
}
