import Foundation
import NearestVehicle
import NearestVehicleService

/// `query --mode road --format json`.
struct RoadJSON: Encodable {
    struct Vehicle: Encodable {
        var rank: Int
        var id: String
        var name: String?
        var distance: Double
        var distanceMeters: Double
        /// "road" (Ocean) or "crow" (degraded answer).
        var mode: String
        var durationSeconds: Double?
        var eta: Date?
        var latitude: Double?
        var longitude: Double?
        var state: String?
        var ageSeconds: Double?
    }

    var mode: String
    /// Why a by-road request was answered crow-flies; absent when it was not.
    var degraded: String?
    var unit: String
    var customer: String
    var vehicles: [Vehicle]

    init(_ rendering: RoadRendering) {
        let response = rendering.response
        mode = response.mode == .byRoad ? "road" : "crow"
        degraded = response.degradation.map(\.description)
        unit = response.unit.displaySymbol
        customer = rendering.request.customerId
        vehicles = response.vehicles.enumerated().map { rank, vehicle in
            Vehicle(rank: rank + 1, id: vehicle.vehicleId, name: vehicle.details.name, distance: vehicle.distance,
                    distanceMeters: vehicle.distanceMeters, mode: vehicle.mode == .byRoad ? "road" : "crow",
                    durationSeconds: vehicle.duration.map {
                        Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18
                    },
                    eta: vehicle.eta, latitude: vehicle.coordinate?.latitude, longitude: vehicle.coordinate?.longitude,
                    state: vehicle.state?.rawValue, ageSeconds: vehicle.positionAge)
        }
    }
}
