import Foundation
import Geo
import NearestVehicle

/// A fleet ready to query: the index, the customers to search, and the reference time for ages.
///
/// Several customers are searched one by one (each has its own tree in the index, so tenancy holds per query)
/// and the answers merged in the index's own order: (distance rounded to 1 µm, id in UTF-8 order). The k nearest
/// of the union are among the k nearest of each customer, so the merge is exact.
struct LoadedFleet {
    let index: FleetIndex
    /// "sample fleet" or the file's name.
    let name: String
    /// The customers searched, sorted.
    let customers: [String]
    /// Every customer of the fleet, sorted.
    let allCustomers: [String]
    /// Reference time for position ages.
    let now: Date
    /// Records that had no timestamp (their position counts as current at ``now``).
    let recordsWithoutTimestamp: Int

    /// "sample fleet: 3012 vehicles, customers 1001, 1002 (all; --customer picks one)".
    var summary: String {
        guard !customers.isEmpty else { return "\(name): \(index.count) vehicles" }
        let label = customers.count == 1 ? "customer" : "customers"
        let list = customers.joined(separator: ", ")
        let note = customers.count > 1 && customers == allCustomers ? " (all; --customer picks one)" : ""
        return "\(name): \(index.count) vehicles, \(label) \(list)\(note)"
    }

    /// The k nearest eligible vehicles of the selected customers, merged. The exclusion counts have the core's
    /// meaning over the merged answer: excluded vehicles at most as far as the last result (within the radius
    /// when fewer than k qualified). Radius and distances in metres, as the index takes and gives them.
    func nearest(_ k: Int, to point: Coordinate, within radiusMeters: Double?, filter: FilterOptions,
                 options: QueryOptions) throws -> NearbyVehicles {
        let answer = try merged(limit: k, options: options) { customer in
            try index.nearest(k, to: point, within: radiusMeters,
                              filter: filter.filter(customerId: customer, now: now), options: options)
        }
        // One customer: the core's counts already are. Fewer than k: every customer returned fewer than k, so each
        // counted everything within the radius. Otherwise each counted up to its own k-th: recount up to the
        // merged k-th.
        guard customers.count > 1, answer.vehicles.count == k, options.countsExclusions,
              let last = answer.vehicles.last else { return answer }
        let bound = last.distanceMeters
        let recount = try merged(limit: nil, options: options) { customer in
            try index.within(bound, of: point, filter: filter.filter(customerId: customer, now: now), options: options)
        }
        return NearbyVehicles(vehicles: answer.vehicles, model: answer.model, excluded: recount.excluded)
    }

    /// Every eligible vehicle of the selected customers within `radiusMeters`, merged.
    func within(_ radiusMeters: Double, of point: Coordinate, filter: FilterOptions,
                options: QueryOptions) throws -> NearbyVehicles {
        try merged(limit: nil, options: options) { customer in
            try index.within(radiusMeters, of: point, filter: filter.filter(customerId: customer, now: now),
                             options: options)
        }
    }

    private func merged(limit: Int?, options: QueryOptions,
                        _ query: (String) throws -> NearbyVehicles) throws -> NearbyVehicles {
        var vehicles: [NearbyVehicle] = []
        var excluded = ExclusionCounts()
        for customer in customers {
            let answer = try query(customer)
            vehicles += answer.vehicles
            for reason in ExclusionCounts.Reason.allCases { excluded[reason] += answer.excluded[reason] }
        }
        if customers.count > 1 {
            vehicles.sort(by: Self.precedes)
            if let limit, vehicles.count > limit { vehicles.removeSubrange(limit...) }
        }
        return NearbyVehicles(vehicles: vehicles, model: options.model, excluded: excluded)
    }

    /// The index's result order: distance rounded to 1 µm, then id by UTF-8 bytes.
    static func precedes(_ a: NearbyVehicle, _ b: NearbyVehicle) -> Bool {
        let keyA = (a.distanceMeters / 1e-6).rounded(.toNearestOrEven)
        let keyB = (b.distanceMeters / 1e-6).rounded(.toNearestOrEven)
        if keyA != keyB { return keyA < keyB }
        return VehiclePosition.idPrecedes(a.vehicle.id, b.vehicle.id)
    }
}
