import Foundation
import NearestVehicle

/// `--format ocean-json`: one element of Ocean's `nearestVehicles` answer (the `NearestVehicle` schema of
/// `Sources/OceanAPIGenerated/openapi.yaml`, the fields a local index knows): `distance` in metres,
/// `etatMobile`, `gmtPos`, `address.latitude/longitude`, `group.id`, `vehicle.id`, `vehicle.privacyEnabled`.
/// Ocean's ids are int64: ids that are decimal integers are written as numbers, others as strings.
struct OceanNearestVehicleJSON: Encodable {
    struct Address: Encodable {
        var latitude: Double
        var longitude: Double
    }

    struct Identified: Encodable {
        var id: OceanID
        var privacyEnabled: Bool?
    }

    /// An int64 id as a JSON number, or the original text when it is not one.
    enum OceanID: Encodable {
        case number(Int64)
        case text(String)

        init(_ text: String) { self = Int64(text).map(OceanID.number) ?? .text(text) }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .number(let value): try container.encode(value)
            case .text(let value): try container.encode(value)
            }
        }
    }

    var address: Address
    var distance: Double
    var etatMobile: String
    var gmtPos: Date
    var group: Identified?
    var vehicle: Identified

    init(_ nearby: NearbyVehicle) {
        let vehicle = nearby.vehicle
        address = Address(latitude: vehicle.coordinate.latitude, longitude: vehicle.coordinate.longitude)
        distance = nearby.distanceMeters
        etatMobile = vehicle.state.rawValue
        gmtPos = vehicle.timestamp
        group = vehicle.groupId.map { Identified(id: OceanID($0)) }
        self.vehicle = Identified(id: OceanID(vehicle.id), privacyEnabled: vehicle.isPrivacyMode)
    }
}
