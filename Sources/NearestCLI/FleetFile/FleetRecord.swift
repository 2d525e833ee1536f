import Foundation

/// One vehicle as read from a fleet file, before validation into the core index's `VehiclePosition`.
///
/// Readers fill what the file has; `latitude`/`longitude` are WGS84 degrees (projected `x`/`y` columns are
/// transformed with PROJ by ``FleetFileLoader`` before this point).
struct FleetRecord: Sendable {
    /// Where the record came from: "fleet.csv:12".
    var location: String
    var id: String
    var latitude: Double
    var longitude: Double
    var timestamp: Date?
    var customerId: String?
    var entityId: String?
    var groupId: String?
    var state: String?
    var privacyMode: Bool
}

/// A record a reader could not use, with where and why.
struct RejectedRecord: Error, Sendable, CustomStringConvertible {
    /// "fleet.csv:12".
    var location: String
    var reason: String
    var description: String { "\(location): \(reason)" }
}
