import Foundation
import Geo
import NearestVehicle
import OceanAPI

extension FleetSyncSnapshot {
    /// Maps Ocean answers you already have (no I/O): each vehicle of `vehiclePositions` becomes a position or a
    /// skip, by ``position(from:attributes:customerId:)`` with its attributes from `vehicles`.
    ///
    /// - Parameters:
    ///   - customerId: the customer both answers are for (it becomes each position's `customerId`).
    ///   - vehiclePositions: `GET /restapi/mobility/v1/vehiclePositions`, in Ocean's order.
    ///   - vehicles: `GET /restapi/vehicule_engin/vehicles` for the same customer, for entity and privacy; may be
    ///     empty or partial (a vehicle absent from it has no entity and is private only if its state is
    ///     `PRIVACY`). Duplicate ids: the first wins.
    ///   - fetchedAt: the reference time for ``newestPositionAge`` and ``oldestPositionAge``.
    /// - Complexity: O(n + m) for n positions and m vehicles.
    public init(customerId: Int64, vehiclePositions: [OceanVehiclePosition], vehicles: [OceanVehicle], fetchedAt: Date) {
        var attributes: [String: OceanVehicle] = [:]
        for vehicle in vehicles {
            guard let id = vehicle.id else { continue }
            let key = String(id)
            if attributes[key] == nil { attributes[key] = vehicle }
        }
        var positions: [VehiclePosition] = []
        var skipped: [FleetSyncSkip] = []
        positions.reserveCapacity(vehiclePositions.count)
        for (offset, vehicle) in vehiclePositions.enumerated() {
            let id = vehicle.vehicleId ?? ""
            do {
                positions.append(try Self.position(from: vehicle, attributes: attributes[id], customerId: customerId))
            } catch {
                skipped.append(FleetSyncSkip(offset: offset, vehicleId: id, reason: error))
            }
        }
        self.customerId = customerId
        self.fetchedAt = fetchedAt
        self.received = vehiclePositions.count
        self.positions = positions
        self.skipped = skipped
    }

    /// The core position of one Ocean vehicle.
    ///
    /// Field by field:
    /// - `id` ← `vehiclePositions[].id` (Ocean's vehicle id, a decimal string), unchanged.
    /// - `coordinate` ← `position.latitudeY`, `position.longitudeX`, WGS84 degrees, validated (finite, latitude in
    ///   [-90, 90], longitude in [-180, 180]; nothing is clamped or wrapped).
    /// - `timestamp` ← `position.date` + `position.heure` read as UTC by the client
    ///   (`OceanVehiclePosition.Position.timestamp`): the GPS fix time, whole seconds.
    /// - `customerId` ← `customerId` as a decimal string (the index's tenant key).
    /// - `entityId` ← `vehicles[].entite.id` of the same vehicle id as a decimal string; nil if `attributes` is nil
    ///   or has no entity (`vehiclePositions` only carries the entity's *name*).
    /// - `groupId` ← nil: neither `vehiclePositions` nor `vehicles` carries a group.
    /// - `state` ← `position.etat` (`etatMobile` code) as is, unknown codes kept; `UNDEFINED` when absent.
    /// - `isPrivacyMode` ← `vehicles[].vehicle.privacyEnabled == true`, or `etat == "PRIVACY"`.
    ///
    /// Checks, in this order (the first failing one is the reason): id present and non-empty
    /// (``FleetSyncSkip/Reason/missingID``); a position at all (``FleetSyncSkip/Reason/privacyMode`` if the
    /// attributes say privacy is on, else ``FleetSyncSkip/Reason/noPosition``); latitude and longitude present
    /// (``FleetSyncSkip/Reason/noCoordinate``); a readable fix time (``FleetSyncSkip/Reason/noTimestamp``); a valid
    /// coordinate (``FleetSyncSkip/Reason/invalidCoordinate``, with the ``Geo/CoordinateError``).
    ///
    /// - Parameters:
    ///   - vehicle: one element of Ocean's `vehiclePositions` answer.
    ///   - attributes: the same vehicle's master data from `vehicles`, if known.
    ///   - customerId: the customer the answer is for.
    /// - Throws: ``FleetSyncSkip/Reason`` when the vehicle cannot be placed in the index.
    public static func position(
        from vehicle: OceanVehiclePosition, attributes: OceanVehicle?, customerId: Int64
    ) throws(FleetSyncSkip.Reason) -> VehiclePosition {
        guard let id = vehicle.vehicleId, !id.isEmpty else { throw .missingID }
        let privacyEnabled = attributes?.privacyEnabled ?? false
        guard let position = vehicle.position else { throw privacyEnabled ? .privacyMode : .noPosition }
        guard let latitude = position.latitude, let longitude = position.longitude else { throw .noCoordinate }
        guard let timestamp = position.timestamp else {
            throw .noTimestamp(dateText: position.dateText, timeText: position.timeText)
        }
        let coordinate: Coordinate
        do {
            coordinate = try Coordinate(latitude: latitude, longitude: longitude)
        } catch {
            throw .invalidCoordinate(error)
        }
        let state = position.state ?? .undefined
        return VehiclePosition(
            id: id, coordinate: coordinate, timestamp: timestamp, customerId: String(customerId),
            entityId: attributes?.entity.map { String($0.id) }, groupId: nil, state: state,
            isPrivacyMode: privacyEnabled || state == .privacy
        )
    }
}
