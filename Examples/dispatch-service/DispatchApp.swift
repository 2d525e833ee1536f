import Foundation
import Hummingbird
import NearestVehicleOcean

/// The dispatch service's HTTP surface: one route, `GET /nearest`, answering JSON through a
/// ``NearestVehicle/NearestVehicleService``.
///
/// Query parameters (Ocean's names where it has them): `customerId` (required), `lat`, `lon` (required, WGS84
/// degrees), `radius` (optional, > 0), `unit` (default `km`; any PROJ spelling: m, km, mi, nmi, ft, ...),
/// `limit` (optional; 1...10 for PAR_ROUTE), `mode` (`VOL_OISEAU` default, or `PAR_ROUTE`),
/// `fallback` (`fail` default, or `crowFlies`).
///
/// Statuses: 200 with ``NearestAnswer``; 400 for an invalid request (the message names the problem, e.g. close unit
/// spellings); 403 when Ocean refuses the customer; 503 when by-road is unavailable and `fallback=fail`; 502 for
/// other refusals of the remote (e.g. our own Ocean credentials).
///
/// A real service authenticates its caller and checks that it may ask for `customerId` (a middleware): the
/// local index answers any customer it holds.
enum DispatchApp {
    static func buildRouter(service: NearestVehicleService) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("nearest") { request, _ -> NearestAnswer in
            let nearest = try nearestRequest(from: request.uri.queryParameters)
            do throws(NearestVehicleServiceError) {
                return NearestAnswer(try await service.nearestVehicles(nearest))
            } catch {
                throw HTTPError(status(for: error), message: error.description)
            }
        }
        return router
    }

    static func buildApplication(
        service: NearestVehicleService, host: String = "127.0.0.1", port: Int = 8081
    ) -> some ApplicationProtocol {
        Application(
            router: buildRouter(service: service),
            configuration: .init(address: .hostname(host, port: port), serverName: "dispatch-service"))
    }

    /// 503 when by-road is unavailable (retry later, or ask with `fallback=crowFlies`); 403 / 400 / 502 when the
    /// remote refuses.
    static func status(for error: NearestVehicleServiceError) -> HTTPResponse.Status {
        if error == .remoteUnavailable { return .serviceUnavailable }
        switch error.providerError {
        case .some(.forbidden): return .forbidden
        case .some(.badRequest): return .badRequest
        default: return .badGateway
        }
    }

    /// The service request for a query string; invalid input is a 400 naming the problem.
    static func nearestRequest(from query: Parameters) throws -> NearestVehiclesRequest {
        func number(_ name: String) throws -> Double? {
            guard let text = query[Substring(name)].map(String.init) else { return nil }
            guard let value = Double(text) else { throw HTTPError(.badRequest, message: "\(name) is not a number: \(text)") }
            return value
        }
        guard let customerId = query["customerId"].map(String.init) else {
            throw HTTPError(.badRequest, message: "customerId is required")
        }
        guard let latitude = try number("lat"), let longitude = try number("lon") else {
            throw HTTPError(.badRequest, message: "lat and lon are required (WGS84 degrees)")
        }
        let modeText = query["mode"].map { String($0).uppercased() } ?? "VOL_OISEAU"
        guard let mode = NearestVehiclesRequest.ComputeMode(rawValue: modeText) else {
            throw HTTPError(.badRequest, message: "mode must be VOL_OISEAU or PAR_ROUTE")
        }
        let fallback: NearestVehiclesRequest.Fallback
        switch query["fallback"].map({ String($0).lowercased() }) {
        case nil, "fail": fallback = .fail
        case "crowflies", "vol_oiseau": fallback = .crowFlies
        default: throw HTTPError(.badRequest, message: "fallback must be fail or crowFlies")
        }
        let limit: Int?
        if let text = query["limit"].map(String.init) {
            guard let value = Int(text) else { throw HTTPError(.badRequest, message: "limit is not an integer: \(text)") }
            limit = value
        } else {
            limit = nil
        }
        let radius = try number("radius")
        do {
            return try NearestVehiclesRequest(
                customerId: customerId, latitude: latitude, longitude: longitude, radius: radius,
                radiusUnit: query["unit"].map(String.init) ?? "km", resultsLimit: limit, mode: mode,
                fallback: fallback)
        } catch {
            throw HTTPError(.badRequest, message: error.description)
        }
    }
}
