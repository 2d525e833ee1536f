import Foundation
import OceanAPIGenerated
import OpenAPIRuntime

extension ServeHandlers {
    /// `nearestVehicles`, local or upstream (`X-Nearest-Source` says which).
    ///
    /// Local only when all hold: VOL_OISEAU; a `customerId` is given; every parameter is one the index answers
    /// exactly as upstream (``LocalQuery``); the customer's last good sync is fresh; and upstream accepted the
    /// caller's token for that customer less than the authorisation TTL ago (else it is asked now with
    /// `GET entities?customerId=`, and its 401 / 403 / 429 / 5xx is the answer). Anything else is forwarded.
    ///
    /// A forwarded VOL_OISEAU answer 2xx for a customer proves the token may read it: the pair is cached and the
    /// customer's sync started, so the next calls can be local.
    func nearestVehicles(_ input: Operations.nearestVehicles.Input) async throws -> Operations.nearestVehicles.Output {
        let state = RequestState.current
        if case .json(let body) = input.body, let query = LocalQuery(input.query, body: body),
           syncs.isFresh(query.customerId), let digest = state?.tokenDigest {
            if let refusal = try await authorize(digest, customerId: query.customerId) {
                state?.source = .upstream
                return refusal
            }
            let vehicles = local.answer(query)
            state?.source = .local
            return .ok(.init(body: .json(vehicles)))
        }
        state?.source = .upstream
        let output = try await upstream.forward("nearestVehicles") { try await $0.nearestVehicles(input) }
        if output.errorStatus == nil, case .json(let body) = input.body, body.computeMode == .VOL_OISEAU,
           let customerId = input.query.customerId, let digest = state?.tokenDigest {
            authorization.accept(digest, customerId: customerId)
            syncs.ensureSync(customerId)
        }
        return output
    }

    /// Nil when upstream accepts (or recently accepted) the token for the customer; otherwise upstream's refusal
    /// as this operation's answer.
    /// - Throws: ``ServeFailure`` when upstream could not be asked.
    func authorize(_ digest: TokenDigest, customerId: Int64) async throws -> Operations.nearestVehicles.Output? {
        if authorization.isAuthorized(digest, customerId: customerId) { return nil }
        let probe = try await upstream.forward("authorize") {
            try await $0.getEntities(query: .init(customerId: customerId))
        }
        // Upstream's refusal, as this operation's answer: same status, body and Retry-After, with the path of the
        // call the caller made (not the probe's).
        switch probe {
        case .ok:
            authorization.accept(digest, customerId: customerId)
            return nil
        case .unauthorized(var refusal):
            if case .json(let body) = refusal.body { refusal.body = .json(Self.own(body)) }
            return .unauthorized(refusal)
        case .forbidden(var refusal):
            if case .json(let body) = refusal.body { refusal.body = .json(Self.own(body)) }
            return .forbidden(refusal)
        case .badRequest(var refusal):
            if case .json(let body) = refusal.body { refusal.body = .json(Self.own(body)) }
            return .badRequest(refusal)
        case .notFound(var refusal):
            if case .json(let body) = refusal.body { refusal.body = .json(Self.own(body)) }
            return .notFound(refusal)
        case .tooManyRequests(var refusal):
            if case .json(let body) = refusal.body { refusal.body = .json(Self.own(body)) }
            return .tooManyRequests(refusal)
        case .`default`(let status, var refusal):
            if case .json(let body) = refusal.body { refusal.body = .json(Self.own(body)) }
            return .`default`(statusCode: status, refusal)
        }
    }

    /// An upstream error body, with `path` set to `nearestVehicles`'s.
    static func own(_ body: Components.Schemas.ErrorBody) -> Components.Schemas.ErrorBody {
        var body = body
        if body.path != nil { body.path = "/restapi/vehicule_engin/nearestVehicles" }
        return body
    }
}
