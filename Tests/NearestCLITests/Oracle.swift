import FleetFile
import Foundation
import Geo
import NearestVehicle
import Proj
import TestSupport

/// The brute-force reference for end-to-end tests: every vehicle of a fleet, ranked by `BruteForce` (haversine,
/// or the WGS84 geodesic), with ties by id in UTF-8 order as the index ranks them.
struct Oracle {
    let vehicles: [VehiclePosition]

    static func sampleFleet() throws -> Oracle { Oracle(vehicles: try SampleFleet.load()) }

    /// Ranked (id, metres) of the vehicles `included` admits.
    func ranked(from point: Coordinate, exact: Bool = false,
                included: (VehiclePosition) -> Bool = { !$0.isPrivacyMode }) -> [(id: String, meters: Double)] {
        let hits = BruteForce.ranked(
            vehicles.map(\.coordinate), query: point, included: { included(vehicles[$0]) },
            distance: exact ? { Geodesic.wgs84.distance(from: $0, to: $1) } : { $0.distance(to: $1) },
            idOrder: { VehiclePosition.idPrecedes(vehicles[$0].id, vehicles[$1].id) })
        return hits.map { (vehicles[$0.id].id, $0.distanceMeters) }
    }

    /// How many admitted vehicles are within `meters` (inclusive).
    func count(within meters: Double, of point: Coordinate,
               included: (VehiclePosition) -> Bool = { !$0.isPrivacyMode }) -> Int {
        vehicles.filter { included($0) && point.distance(to: $0.coordinate) <= meters }.count
    }
}

/// The parts of `nearest query --format json` the tests read.
struct QueryAnswer: Decodable {
    struct Vehicle: Decodable {
        var rank: Int
        var id: String
        var customer: String
        var distance: Double
        var unit: String
        var distanceMeters: Double
        var latitude: Double
        var longitude: Double
        var state: String
        var privacyMode: Bool
    }

    struct Excluded: Decodable {
        var privacyMode: Int
    }

    var vehicles: [Vehicle]
    var excluded: Excluded

    static func decode(_ text: String) throws -> QueryAnswer {
        try JSONDecoder().decode(QueryAnswer.self, from: Data(text.utf8))
    }
}

/// The parts of `nearest what-if --format json` the tests read.
struct WhatIfAnswer: Decodable {
    struct Nearest: Decodable {
        var id: String
        var distanceMeters: Double
    }

    struct Coverage: Decodable {
        var radius: Double
        var vehiclesWithin: Int
        var covered: Bool
        var nearest: Nearest?
    }

    struct Incident: Decodable {
        var id: String
        var nearest: Nearest?
        var radii: [Coverage]
    }

    struct Summary: Decodable {
        var radius: Double
        var incidentsCovered: Int
        var share: Double
    }

    var summary: [Summary]
    var medianNearestMeters: Double?
    var p90NearestMeters: Double?
    var incidents: [Incident]
    var worst: [String]

    static func decode(_ text: String) throws -> WhatIfAnswer {
        try JSONDecoder().decode(WhatIfAnswer.self, from: Data(text.utf8))
    }
}
