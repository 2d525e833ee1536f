import Foundation
import Geo

/// A position as it arrives from outside (Ocean, a CSV file), not yet validated.
///
/// ``FleetIndex/upsert(records:)`` validates each record and reports every rejected one with its reason
/// (invalid coordinate, empty id, empty customer id) in the ``UpsertReport``; nothing is dropped silently.
public struct PositionRecord: Hashable, Sendable, Codable {
    public var id: String
    /// Degrees, must be finite and in [-90, 90].
    public var latitude: Double
    /// Degrees, must be finite and in [-180, 180].
    public var longitude: Double
    public var timestamp: Date
    public var customerId: String
    public var entityId: String?
    public var groupId: String?
    public var state: VehicleState
    public var isPrivacyMode: Bool

    public init(
        id: String, latitude: Double, longitude: Double, timestamp: Date, customerId: String,
        entityId: String? = nil, groupId: String? = nil, state: VehicleState = .undefined, isPrivacyMode: Bool = false
    ) {
        self.id = id
        self.latitude = latitude
        self.longitude = longitude
        self.timestamp = timestamp
        self.customerId = customerId
        self.entityId = entityId
        self.groupId = groupId
        self.state = state
        self.isPrivacyMode = isPrivacyMode
    }

    /// The validated position.
    /// - Throws: ``UpsertReport/Rejection/Reason`` when the id or customer id is empty or the coordinate
    ///   invalid (NaN, infinite, out of range).
    public func validated() throws(UpsertReport.Rejection.Reason) -> VehiclePosition {
        guard !id.isEmpty else { throw .emptyID }
        guard !customerId.isEmpty else { throw .emptyCustomerID }
        let coordinate: Coordinate
        do {
            coordinate = try Coordinate(latitude: latitude, longitude: longitude)
        } catch {
            throw .invalidCoordinate(error)
        }
        return VehiclePosition(id: id, coordinate: coordinate, timestamp: timestamp, customerId: customerId,
                               entityId: entityId, groupId: groupId, state: state, isPrivacyMode: isPrivacyMode)
    }
}
