import HTTPTypes
import NIOCore
import OceanAPIGenerated

/// The fast path's rule and answer, shared by where it runs: ``LocalNearestChannelHandler`` on the connection's
/// event loop (the common case) and ``LocalNearestMiddleware`` in the router (a pipelined request that the handler
/// leaves to the router because an earlier one on the same connection is still being answered there).
///
/// Answered only when all hold (else the caller passes the request on unchanged to the generated handler,
/// ``ServeHandlers/nearestVehicles(_:)``, which answers it as it always did):
/// - `POST` on the operation's path (at the root or under `/ocean-3.0.0`), one non-empty `X-AUTH-TOKEN`,
///   `Content-Type: application/json` (``candidate(method:target:headers:)``);
/// - the query string and the body are read by ``NearestQueryString`` and ``NearestRequestBody`` (which decline
///   whatever they are not sure of) and ``LocalQuery`` accepts them (VOL_OISEAU, a customer, values the index
///   answers exactly as upstream);
/// - the customer is fresh (``CustomerSyncs/isFresh(_:)``) and the token is authorised for it in the
///   ``CallerAuthorization`` cache (a caller not in the cache goes through the generated handler, which asks
///   upstream: the same rule as there, never a looser one);
/// - ``LocalAnswerEncoder`` can write every value.
///
/// Every step is synchronous and lock-free (seqlock slots, the index's lock-free read); nothing here waits.
struct LocalNearestAnswerer: Sendable {
    let local: LocalNearest
    let syncs: CustomerSyncs
    let authorization: CallerAuthorization

    /// A request head the fast path may answer once its body is read.
    struct Candidate {
        let parameters: Operations.nearestVehicles.Input.Query
        let token: String
    }

    static let paths: [String] = [
        "/restapi/vehicule_engin/nearestVehicles", "/ocean-3.0.0/restapi/vehicule_engin/nearestVehicles",
    ]
    /// The generated answer's content type.
    static let contentType = "application/json; charset=utf-8"

    /// Nil unless the head is a `nearestVehicles` call the fast path understands (method, path, token, content
    /// type, query string).
    func candidate(method: HTTPRequest.Method, target: String?, headers: HTTPFields) -> Candidate? {
        guard method == .post, let target, let parts = Self.split(target),
              Self.paths.contains(where: { $0.utf8.elementsEqual(parts.path) }),
              let token = Self.onlyValue(of: OperationMiddleware.tokenHeader, in: headers), !token.isEmpty,
              Self.onlyValue(of: .contentType, in: headers) == "application/json",
              let parameters = NearestQueryString.parse(parts.query)
        else { return nil }
        return Candidate(parameters: parameters, token: token)
    }

    /// The answer's body for `candidate` with request body `body`; nil to decline (also when it would hold more
    /// than `maxVehicles` vehicles).
    func answer<Body: Collection>(
        _ candidate: Candidate, body: Body, maxVehicles: Int = .max
    ) -> ByteBuffer? where Body.Element == UInt8 {
        guard let requestBody = NearestRequestBody.parse(body),
              let query = LocalQuery(candidate.parameters, body: requestBody),
              syncs.isFresh(query.customerId),
              authorization.isAuthorized(TokenDigest(token: candidate.token), customerId: query.customerId)
        else { return nil }
        if maxVehicles < .max, query.resultsLimit == nil, query.radiusMeters == nil,
           local.vehicleCount(customerId: query.customerId) > maxVehicles { return nil }  // the whole fleet, sorted
        let vehicles = local.vehicles(query)
        guard vehicles.count <= maxVehicles else { return nil }
        var buffer = ByteBufferAllocator().buffer(capacity: 64 + 256 * vehicles.count)
        guard LocalAnswerEncoder.write(vehicles, into: &buffer) else { return nil }
        return buffer
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
