import Foundation
import Geo
import NearestVehicle
import Proj
import SpatialIndex
import TestSupport

/// Brute-force model of a FleetIndex: a dictionary of current positions, the same newest-timestamp rules, and
/// exhaustive queries sorted by (distance rounded to 1 µm, id in UTF-8 order).
struct FleetOracle {
    struct Row: Hashable, CustomStringConvertible {
        let id: String
        let distanceMeters: Double
        var description: String { "(\(id), \(distanceMeters))" }
    }

    var vehicles: [String: VehiclePosition] = [:]

    enum Outcome { case inserted, updated, stale }

    @discardableResult
    mutating func upsert(_ vehicle: VehiclePosition) -> Outcome {
        if let existing = vehicles[vehicle.id] {
            if vehicle.timestamp < existing.timestamp { return .stale }
            vehicles[vehicle.id] = vehicle
            return .updated
        }
        vehicles[vehicle.id] = vehicle
        return .inserted
    }

    @discardableResult
    mutating func remove(_ id: String) -> Bool { vehicles.removeValue(forKey: id) != nil }

    static func distance(_ point: Coordinate, _ vehicle: VehiclePosition, _ model: QueryOptions.DistanceModel) -> Double {
        switch model {
        case .sphere: point.distance(to: vehicle.coordinate)
        case .wgs84: Geodesic.wgs84.distance(from: point, to: vehicle.coordinate)
        }
    }

    /// Every vehicle of the filter's customer, evaluated once: eligible ones ranked, excluded ones with reason.
    struct Evaluation {
        let ranked: [Row]
        let excluded: [(reason: ExclusionCounts.Reason, distanceMeters: Double)]

        func nearest(_ k: Int, cap: Double = .infinity) -> [Row] {
            Array(ranked.lazy.filter { $0.distanceMeters <= cap }.prefix(k))
        }

        func within(_ radius: Double) -> [Row] { ranked.filter { $0.distanceMeters <= radius } }

        func exclusions(_ bound: Double) -> ExclusionCounts {
            var counts = ExclusionCounts()
            for (reason, distance) in excluded where distance <= bound { counts[reason] += 1 }
            return counts
        }

        /// The exclusion counts a k-nearest query reports: up to its last result, or all within the cap.
        func nearestExclusions(_ k: Int, cap: Double = .infinity) -> ExclusionCounts {
            let rows = nearest(k, cap: cap)
            return exclusions(rows.count == k ? rows[k - 1].distanceMeters : cap)
        }
    }

    func evaluate(_ point: Coordinate, _ filter: VehicleFilter, _ model: QueryOptions.DistanceModel = .sphere) -> Evaluation {
        var rows: [Row] = []
        var excluded: [(reason: ExclusionCounts.Reason, distanceMeters: Double)] = []
        for vehicle in vehicles.values where vehicle.customerId == filter.customerId {
            let distance = Self.distance(point, vehicle, model)
            if let reason = filter.exclusionReason(for: vehicle) {
                excluded.append((reason, distance))
            } else {
                rows.append(Row(id: vehicle.id, distanceMeters: distance))
            }
        }
        rows.sort { a, b in
            let ka = BruteForce.key(a.distanceMeters), kb = BruteForce.key(b.distanceMeters)
            return ka != kb ? ka < kb : VehiclePosition.idPrecedes(a.id, b.id)
        }
        return Evaluation(ranked: rows, excluded: excluded)
    }
}

extension NearbyVehicles {
    var rows: [FleetOracle.Row] { vehicles.map { FleetOracle.Row(id: $0.vehicle.id, distanceMeters: $0.distanceMeters) } }
}

/// Seeded random fleets with every attribute the filters use.
enum TestFleets {
    static let now = Date(timeIntervalSince1970: 1_750_000_000)
    static let customers = ["A", "B", "C"]
    static let states: [VehicleState] = [.traveling, .stopped, .waiting, .outOfOrder, "SOMETHING_NEW"]

    static func vehicle(id: String, at coordinate: Coordinate, _ generator: inout SplitMix64,
                        customers: [String] = customers, ageUpTo: Double = 7200) -> VehiclePosition {
        let entity: String? = Int.random(in: 0..<5, using: &generator) == 0 ? nil : "e\(Int.random(in: 1...4, using: &generator))"
        let group: String? = Int.random(in: 0..<4, using: &generator) == 0 ? nil : "g\(Int.random(in: 1...3, using: &generator))"
        return VehiclePosition(
            id: id, coordinate: coordinate,
            timestamp: now.addingTimeInterval(-Double(Int.random(in: -60..<Int(ageUpTo), using: &generator))),
            customerId: customers.randomElement(using: &generator)!, entityId: entity, groupId: group,
            state: states.randomElement(using: &generator)!,
            isPrivacyMode: Int.random(in: 0..<10, using: &generator) == 0)
    }

    /// Ids of varying length so that UTF-8 order differs from numeric order ("v10" < "v9").
    static func fleet(_ name: String, count: Int, _ generator: inout SplitMix64,
                      customers: [String] = customers) -> [VehiclePosition] {
        Fleets.named(name, count: count, &generator).enumerated().map { index, coordinate in
            vehicle(id: "v\(index)", at: coordinate, &generator, customers: customers)
        }
    }

    static func filters(customer: String) -> [VehicleFilter] {
        [
            VehicleFilter(customerId: customer, now: now),
            VehicleFilter(customerId: customer, now: now, includesPrivacyMode: true),
            VehicleFilter(customerId: customer, states: [.traveling, .waiting, "SOMETHING_NEW"], now: now),
            VehicleFilter(customerId: customer, entityIds: ["e1", "e3"], groupIds: ["g2", "g3"], now: now),
            VehicleFilter(customerId: customer, maxPositionAge: 1800, now: now),
            VehicleFilter(customerId: customer, entityIds: ["e2"], states: [.stopped], maxPositionAge: 3600, now: now,
                          includesPrivacyMode: true),
        ]
    }
}
