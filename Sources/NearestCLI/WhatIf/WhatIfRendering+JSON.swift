import Foundation
import NearestVehicle
import Proj

/// `what-if --format json`.
struct WhatIfJSON: Encodable {
    struct Query: Encodable {
        var radii: [Double]
        var unit: String
        var minVehicles: Int
        var model: String
        var source: String
        var customers: [String]
        var now: Date
    }

    struct Nearest: Encodable {
        var id: String
        var customer: String
        var distance: Double
        var distanceMeters: Double
        var latitude: Double
        var longitude: Double

        init?(_ nearby: NearbyVehicle?, unit: LengthUnit) {
            guard let nearby else { return nil }
            id = nearby.vehicle.id
            customer = nearby.vehicle.customerId
            distance = unit.value(fromMeters: nearby.distanceMeters)
            distanceMeters = nearby.distanceMeters
            latitude = nearby.vehicle.coordinate.latitude
            longitude = nearby.vehicle.coordinate.longitude
        }
    }

    struct Coverage: Encodable {
        var radius: Double
        var vehiclesWithin: Int
        var covered: Bool
        var nearest: Nearest?
    }

    struct Incident: Encodable {
        var id: String
        var latitude: Double
        var longitude: Double
        var nearest: Nearest?
        var radii: [Coverage]
    }

    struct Summary: Encodable {
        var radius: Double
        var incidentsCovered: Int
        var share: Double
        var medianVehiclesWithin: Double
    }

    var query: Query
    var summary: [Summary]
    /// nil when no incident has an eligible vehicle (JSON has no infinity).
    var medianNearestMeters: Double?
    var p90NearestMeters: Double?
    var incidentsWithoutVehicle: Int
    var incidents: [Incident]
    /// Ids of the worst-covered incidents, worst first.
    var worst: [String]

    init(_ rendering: WhatIfRendering) {
        let analysis = rendering.analysis
        query = Query(radii: analysis.radii, unit: analysis.unit.displaySymbol, minVehicles: analysis.minVehicles,
                      model: analysis.model == .wgs84 ? "wgs84" : "sphere", source: rendering.fleet.name,
                      customers: rendering.fleet.customers, now: rendering.fleet.now)
        summary = analysis.summaries.map {
            Summary(radius: $0.radius, incidentsCovered: $0.covered, share: $0.share,
                    medianVehiclesWithin: $0.medianVehiclesWithin)
        }
        medianNearestMeters = analysis.medianNearestMeters.flatMap { $0.isFinite ? $0 : nil }
        p90NearestMeters = analysis.p90NearestMeters.flatMap { $0.isFinite ? $0 : nil }
        incidentsWithoutVehicle = analysis.unreachable
        incidents = analysis.results.map { result in
            Incident(id: result.incident.id, latitude: result.incident.coordinate.latitude,
                     longitude: result.incident.coordinate.longitude,
                     nearest: Nearest(result.nearest, unit: analysis.unit),
                     radii: result.coverage.map {
                         Coverage(radius: $0.radius, vehiclesWithin: $0.vehiclesWithin,
                                  covered: $0.vehiclesWithin >= analysis.minVehicles,
                                  nearest: Nearest($0.nearest, unit: analysis.unit))
                     })
        }
        worst = analysis.worst(rendering.worst).map(\.incident.id)
    }
}
