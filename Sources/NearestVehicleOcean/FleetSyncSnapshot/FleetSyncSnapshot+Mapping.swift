import Foundation
import Geo
import NearestVehicle
import OceanAPI

extension FleetSyncSnapshot {
    /// Maps Ocean answers you already have (no I/O): each vehicle of `vehiclePositions` becomes a position or a
    /// skip, by ``position(from:attributes:located:customerId:)`` with its attributes from `vehicles` and its entry
    /// in `nearestVehicles`.
    ///
    /// - Parameters:
    ///   - customerId: the customer the answers are for (it becomes each position's `customerId`).
    ///   - vehiclePositions: `GET /restapi/mobility/v1/vehiclePositions`, in Ocean's order.
    ///   - vehicles: `GET /restapi/vehicule_engin/vehicles` for the same customer, for entity and privacy; may be
    ///     empty or partial (a vehicle absent from it has no entity and is private only if its state is
    ///     `PRIVACY`). Duplicate ids: the first wins.
    ///   - nearestVehicles: `POST /restapi/vehicule_engin/nearestVehicles` (``wholeFleetQuery``) for the same
    ///     customer, for group and millisecond fix time; may be empty or partial (a vehicle absent from it has no
    ///     group and its whole-second time). Duplicate ids: the first wins.
    ///   - fetchedAt: the reference time for ``newestPositionAge`` and ``oldestPositionAge``.
    /// - Complexity: O(n + m + l) for n positions, m vehicles and l nearest vehicles.
    public init(
        customerId: Int64, vehiclePositions: [OceanVehiclePosition], vehicles: [OceanVehicle],
        nearestVehicles: [OceanNearestVehicle] = [], fetchedAt: Date
    ) {
        var attributes: [String: OceanVehicle] = [:]
        for vehicle in vehicles {
            guard let id = vehicle.id else { continue }
            let key = String(id)
            if attributes[key] == nil { attributes[key] = vehicle }
        }
        var located: [String: OceanNearestVehicle] = [:]
        for vehicle in nearestVehicles {
            guard let id = vehicle.vehicleId else { continue }
            let key = String(id)
            if located[key] == nil { located[key] = vehicle }
        }
        var positions: [VehiclePosition] = []
        var skipped: [FleetSyncSkip] = []
        positions.reserveCapacity(vehiclePositions.count)
        for (offset, vehicle) in vehiclePositions.enumerated() {
            let id = vehicle.vehicleId ?? ""
            do {
                positions.append(try Self.position(
                    from: vehicle, attributes: attributes[id], located: located[id], customerId: customerId
                ))
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
    ///   (`OceanVehiclePosition.Position.timestamp`): the GPS fix time, whole seconds; replaced by `located.gmtPos`
    ///   (milliseconds, what Ocean's `nearestVehicles` answers carry) when `located` names the same fix: the same
    ///   latitude and longitude and a `gmtPos` at most a second from it (`heure` truncates or rounds the fix time,
    ///   and `gmtPos` rounds it to the millisecond: 07:31:35.9996 is `heure` 07:31:35 and `gmtPos` 07:31:36.000).
    ///   A vehicle that moved between the two calls keeps the whole-second time of `vehiclePositions`.
    /// - `customerId` ← `customerId` as a decimal string (the index's tenant key).
    /// - `entityId` ← `vehicles[].entite.id` of the same vehicle id as a decimal string; nil if `attributes` is nil
    ///   or has no entity (`vehiclePositions` only carries the entity's *name*).
    /// - `groupId` ← `located.group.id` as a decimal string; nil if `located` is nil or has no group. Ocean sends
    ///   a vehicle's group in `nearestVehicles` answers only (not in `vehiclePositions`, `vehicles` or `entities`).
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
    ///   - located: the same vehicle in a `nearestVehicles` answer (``wholeFleetQuery``), if known.
    ///   - customerId: the customer the answer is for.
    /// - Throws: ``FleetSyncSkip/Reason`` when the vehicle cannot be placed in the index.
    public static func position(
        from vehicle: OceanVehiclePosition, attributes: OceanVehicle?, located: OceanNearestVehicle? = nil,
        customerId: Int64
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
            id: id, coordinate: coordinate,
            timestamp: located.flatMap { sameFixTime($0, latitude: latitude, longitude: longitude, timestamp: timestamp) }
                ?? timestamp,
            customerId: String(customerId), entityId: attributes?.entity.map { String($0.id) },
            groupId: located?.groupId.map { String($0) }, state: state, isPrivacyMode: privacyEnabled || state == .privacy
        )
    }

    /// `located.positionTime` when `located` reports the fix `vehiclePositions` reported (same coordinate, at most
    /// a second apart); nil otherwise.
    private static func sameFixTime(
        _ located: OceanNearestVehicle, latitude: Double, longitude: Double, timestamp: Date
    ) -> Date? {
        guard located.latitude == latitude, located.longitude == longitude, let time = located.positionTime,
              abs(time.timeIntervalSince(timestamp)) <= 1
        else { return nil }
        return time
    }
}
