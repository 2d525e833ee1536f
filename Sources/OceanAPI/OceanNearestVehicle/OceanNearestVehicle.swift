import Foundation
import Geo

/// One nearestVehicles answer.
public struct OceanNearestVehicle: Sendable, Hashable {
    public var vehicleId: Int64?
    public var description: String?
    /// Vehicle position, WGS84 degrees (`address.latitude/longitude`).
    public var latitude: Double?
    public var longitude: Double?
    /// Distance to the search point (`distance`), crow-flies or by road.
    public var distance: Double?
    /// Travel time by road (`duration`), PAR_ROUTE only.
    public var duration: Duration?
    public var eta: Date?
    public var state: MobileState?
    /// Time of the position fix (`gmtPos`).
    public var positionTime: Date?
    public var driver: OceanDriver?
    public var groupId: Int64?
    public var town: String?
    public var address: String?
    public var privacyEnabled: Bool?

    /// The vehicle position as a validated coordinate; nil if absent or invalid.
    public var coordinate: Coordinate? {
        guard let latitude, let longitude else { return nil }
        return try? Coordinate(latitude: latitude, longitude: longitude)
    }
}
