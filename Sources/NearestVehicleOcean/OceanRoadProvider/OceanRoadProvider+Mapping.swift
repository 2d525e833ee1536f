import Foundation
import NearestVehicle
import NearestVehicleService
import OceanAPI

extension OceanRoadProvider {
    /// Ocean's int32 radius for a radius in metres, never smaller than asked: `(ceil(meters), "M")`, or
    /// `(ceil(meters / 1000), "KM")` when that overflows int32 (from 2 147 484 km, i.e. more than any distance
    /// on Earth; clamped to int32's maximum).
    /// - Parameter meters: > 0, finite.
    public static func remoteRadius(meters: Double) -> (value: Int32, unit: String) {
        let wholeMeters = meters.rounded(.up)
        if wholeMeters <= Double(Int32.max) { return (Int32(wholeMeters), "M") }
        return (Int32(Swift.min((meters / 1000).rounded(.up), Double(Int32.max))), "KM")
    }

    /// Sorts an ``OceanAPI/OceanError`` into what the service needs. Unavailable: rate limited, server error,
    /// timeout, connection, undecodable response. Rejected: bad credentials and unauthorized (→ `unauthorized`),
    /// forbidden, bad request, and everything else — not found, unexpected status, configuration — as `rejected`.
    /// `CancellationError` → `cancelled`.
    public static func classify(_ error: any Error) -> RoadProviderError {
        if error is CancellationError { return .cancelled }
        guard let ocean = error as? OceanError else {
            return RoadProviderError.rejected.with(detail: String(describing: type(of: error)))
        }
        let kind: RoadProviderError
        switch ocean {
        case .rateLimited: kind = .rateLimited
        case .serverError: kind = .serverError
        case .timeout: kind = .timeout
        case .connection: kind = .connectionFailed
        case .undecodableResponse: kind = .invalidResponse
        case .badCredentials, .unauthorized: kind = .unauthorized
        case .forbidden: kind = .forbidden
        case .badRequest: kind = .badRequest
        default: kind = .rejected
        }
        return kind.with(statusCode: ocean.statusCode, detail: ocean.description)
    }

    /// One Ocean result as the service's by-road vehicle.
    /// - Throws: ``NearestVehicleService/RoadProviderError/invalidResponse`` when the id or a finite, >= 0 distance is
    ///   missing.
    static func roadVehicle(_ vehicle: OceanNearestVehicle) throws(RoadProviderError) -> RoadNearestVehicle {
        guard let id = vehicle.vehicleId else {
            throw RoadProviderError.invalidResponse.with(detail: "a nearestVehicles result has no vehicle id")
        }
        guard let distance = vehicle.distance, distance.isFinite, distance >= 0 else {
            throw RoadProviderError.invalidResponse.with(detail: "vehicle \(id) has no valid distance")
        }
        return RoadNearestVehicle(
            vehicleId: String(id), distanceMeters: distance, duration: vehicle.duration, eta: vehicle.eta,
            coordinate: vehicle.coordinate, positionTime: vehicle.positionTime,
            state: vehicle.state, groupId: vehicle.groupId.map(String.init),
            isPrivacyMode: vehicle.privacyEnabled,
            details: VehicleDetails(name: vehicle.description, registration: nil, driver: vehicle.driver))
    }
}
