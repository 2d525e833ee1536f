import Foundation
import Geo
import NearestVehicle
import NearestVehicleService
import Proj

/// What-if radius coverage: for each incident and radius, the eligible vehicles within (inclusive) and the
/// nearest one; over all incidents, the share covered by at least ``minVehicles`` vehicles, and the median and
/// 90th percentile of the distance to the nearest vehicle (linear interpolation, see `percentile`).
struct WhatIfAnalysis {
    /// A point to cover, named (`--at` is "incident"; file rows are named by id or by file:line).
    struct Incident {
        var id: String
        var coordinate: Coordinate
    }

    /// One incident at one radius.
    struct Coverage {
        /// In ``WhatIfAnalysis/unit``.
        var radius: Double
        var vehiclesWithin: Int
        /// The nearest eligible vehicle if it is within the radius.
        var nearest: NearbyVehicle?
        /// Vehicles within, by state.
        var states: [String: Int]
    }

    struct IncidentResult {
        var incident: Incident
        /// The nearest eligible vehicle at any distance; nil when the fleet has none.
        var nearest: NearbyVehicle?
        /// One per radius, ascending.
        var coverage: [Coverage]
        /// Vehicles within the largest radius that the filters excluded.
        var excluded: ExclusionCounts
    }

    /// One radius over all incidents.
    struct RadiusSummary {
        var radius: Double
        /// Incidents with at least ``WhatIfAnalysis/minVehicles`` vehicles within the radius.
        var covered: Int
        /// covered / incidents, in [0, 1].
        var share: Double
        var medianVehiclesWithin: Double
    }

    /// Ascending, in ``unit``.
    let radii: [Double]
    let unit: LengthUnit
    let minVehicles: Int
    let model: QueryOptions.DistanceModel
    let results: [IncidentResult]

    init(fleet: LoadedFleet, incidents: [Incident], radii: [Double], unit: LengthUnit, minVehicles: Int,
         filters: FilterOptions, model: QueryOptions.DistanceModel) throws {
        self.radii = radii
        self.unit = unit
        self.minVehicles = minVehicles
        self.model = model
        let options = QueryOptions(model: model)
        // The index works in metres: radii are converted here, distances in the renderers.
        let largestMeters = try Distance(radii.last ?? 0, unit).meters
        results = try incidents.map { incident in
            let within = try fleet.within(largestMeters, of: incident.coordinate, filter: filters, options: options)
            let coverage = radii.map { radius in
                let meters = unit.meters(radius)
                // filter, not prefix: the order rounds distances to 1 µm, so at the boundary a vehicle just outside
                // may sort before one just inside.
                let inside = within.vehicles.filter { $0.distanceMeters <= meters }
                return Coverage(radius: radius, vehiclesWithin: inside.count, nearest: inside.first,
                                states: inside.reduce(into: [:]) { $0[$1.vehicle.state.rawValue, default: 0] += 1 })
            }
            let nearest = try within.vehicles.first
                ?? fleet.nearest(1, to: incident.coordinate, within: nil, filter: filters, options: options).vehicles.first
            return IncidentResult(incident: incident, nearest: nearest, coverage: coverage, excluded: within.excluded)
        }
    }

    var summaries: [RadiusSummary] {
        radii.indices.map { index in
            let counts = results.map { $0.coverage[index].vehiclesWithin }
            let covered = counts.filter { $0 >= minVehicles }.count
            return RadiusSummary(
                radius: radii[index], covered: covered,
                share: results.isEmpty ? 0 : Double(covered) / Double(results.count),
                medianVehiclesWithin: percentile(counts.map(Double.init), 0.5) ?? 0)
        }
    }

    /// Distance to the nearest eligible vehicle per incident, metres; infinity when there is none.
    var nearestDistancesMeters: [Double] { results.map { $0.nearest?.distanceMeters ?? .infinity } }

    var medianNearestMeters: Double? { percentile(nearestDistancesMeters, 0.5) }
    var p90NearestMeters: Double? { percentile(nearestDistancesMeters, 0.9) }

    /// Incidents with no eligible vehicle at all.
    var unreachable: Int { results.filter { $0.nearest == nil }.count }

    /// The `count` worst-covered incidents: farthest nearest vehicle first (none at all counts as farthest), then
    /// fewest vehicles within the largest radius, then file order.
    func worst(_ count: Int) -> [IncidentResult] {
        let ranked = results.enumerated().sorted { a, b in
            let da = a.element.nearest?.distanceMeters ?? .infinity, db = b.element.nearest?.distanceMeters ?? .infinity
            if da != db { return da > db }
            let ca = a.element.coverage.last?.vehiclesWithin ?? 0, cb = b.element.coverage.last?.vehiclesWithin ?? 0
            if ca != cb { return ca < cb }
            return a.offset < b.offset
        }
        return ranked.prefix(count).map(\.element)
    }
}
