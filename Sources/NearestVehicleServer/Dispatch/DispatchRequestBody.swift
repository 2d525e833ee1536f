import FleetDispatch
import Foundation
import Geo
import NearestVehicle

/// The body of `POST /nearest/v1/dispatch` (docs/dispatch-openapi.yaml): the customer, its incidents and the
/// vehicle filters every incident shares. Decoded strictly: a wrong type or a missing key is a 400.
struct DispatchRequestBody: Decodable {
    struct IncidentBody: Decodable {
        var id: String
        var latitude: Double
        var longitude: Double
        /// Default 1.
        var vehicles: Int?
        /// Default 1; lower is more urgent.
        var priority: Int?
    }

    var customerId: Int64
    var incidents: [IncidentBody]
    var states: [String]?
    var entityIds: [String]?
    var groupIds: [String]?
    var maxPositionAgeSeconds: Double?
    var includePrivacyMode: Bool?

    /// The most incidents one request may carry.
    static let maximumIncidents = 10_000

    /// The incidents, validated (the message says which and why).
    func validatedIncidents() throws(DispatchRequestError) -> [Incident] {
        guard customerId > 0 else { throw .init("customerId must be a positive integer") }
        guard !incidents.isEmpty else { throw .init("incidents is empty") }
        guard incidents.count <= Self.maximumIncidents else {
            throw .init("\(incidents.count) incidents: at most \(Self.maximumIncidents) per request")
        }
        var result: [Incident] = []
        result.reserveCapacity(incidents.count)
        var seen = Set<ExactID>()
        for (offset, body) in incidents.enumerated() {
            let point: Coordinate
            do {
                point = try Coordinate(latitude: body.latitude, longitude: body.longitude)
            } catch {
                throw .init("incidents[\(offset)]: \(error)")
            }
            let vehicles = body.vehicles ?? 1
            guard (1...Dispatcher.maximumVehiclesPerIncident).contains(vehicles) else {
                throw .init("incidents[\(offset)]: vehicles must be from 1 to \(Dispatcher.maximumVehiclesPerIncident)")
            }
            guard !body.id.isEmpty else { throw .init("incidents[\(offset)]: id is empty") }
            guard seen.insert(ExactID(body.id)).inserted else { throw .init("incidents[\(offset)]: id repeats an earlier one") }
            result.append(Incident(id: body.id, point: point, vehiclesNeeded: vehicles, priority: body.priority ?? 1))
        }
        return result
    }

    /// The shared vehicle filter, ages measured at `now`.
    func filter(now: Date) throws(DispatchRequestError) -> VehicleFilter {
        if let age = maxPositionAgeSeconds, !(age.isFinite && age >= 0) {
            throw .init("maxPositionAgeSeconds must be a finite number >= 0")
        }
        let entities: Set<String>? = entityIds.map { Set($0) }
        let groups: Set<String>? = groupIds.map { Set($0) }
        let allowed: Set<VehicleState>? = states.map { names in Set(names.map { VehicleState($0) }) }
        return VehicleFilter(
            customerId: String(customerId), entityIds: entities, groupIds: groups, states: allowed,
            maxPositionAge: maxPositionAgeSeconds, now: now, includesPrivacyMode: includePrivacyMode ?? false)
    }
}

/// Why a dispatch request body was refused (a 400's message).
struct DispatchRequestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
