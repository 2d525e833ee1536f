import Foundation

/// The immutable data a running emulator serves, with per-vehicle road snapping precomputed.
struct EmulatorData: Sendable {
    let fleet: EmulatedFleet
    let users: [EmulatedUser]
    let network: RoadNetwork
    let entitiesById: [Int64: EmulatedFleet.Entity]
    let customerIds: Set<Int64>
    /// Nearest road node of each vehicle and the access distance to it, metres (nil if the network is empty).
    let snapByVehicleId: [Int64: (node: Int, distanceMeters: Double)]

    init(fleet: EmulatedFleet, users: [EmulatedUser], network: RoadNetwork) {
        self.fleet = fleet
        self.users = users
        self.network = network
        self.entitiesById = Dictionary(fleet.entities.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.customerIds = Set(fleet.customers.map(\.id)).union(users.flatMap(\.customerIds))
        var snaps: [Int64: (node: Int, distanceMeters: Double)] = [:]
        for vehicle in fleet.vehicles {
            if let snap = network.nearestNode(latitude: vehicle.latitude, longitude: vehicle.longitude) {
                snaps[vehicle.id] = (snap.index, snap.distanceMeters)
            }
        }
        self.snapByVehicleId = snaps
    }

    func vehicles(of customerId: Int64) -> [EmulatedFleet.Vehicle] {
        fleet.vehicles.filter { $0.customerId == customerId }
    }

    /// Name of the synthetic city nearest to a point (used as `town`).
    static func town(latitude: Double, longitude: Double) -> String {
        EmulatedFleet.cities.min {
            Haversine.distanceMeters(latitude1: latitude, longitude1: longitude, latitude2: $0.latitude, longitude2: $0.longitude)
                < Haversine.distanceMeters(latitude1: latitude, longitude1: longitude, latitude2: $1.latitude, longitude2: $1.longitude)
        }?.name ?? ""
    }
}

/// Why a request is refused; mapped to the operation's documented status.
enum Refusal: Error {
    case badRequest(String)
    case forbidden(String)
    case notFound(String)
}

extension EmulatorData {
    /// The customer a request acts for, by the docs' rule: `customerId` is required only for multi-customer users,
    /// and a user never sees another customer's data.
    /// - Throws: ``Refusal/badRequest(_:)`` (multi-customer user without customerId), ``Refusal/forbidden(_:)``.
    func customer(for session: EmulatorSession?, requested: Int64?) throws -> Int64 {
        guard let session else { throw Refusal.forbidden("No session") }
        if let requested {
            guard session.customerIds.contains(requested) else {
                throw Refusal.forbidden("Customer \(requested) is not accessible to this user")
            }
            return requested
        }
        guard session.customerIds.count == 1, let only = session.customerIds.first else {
            throw Refusal.badRequest("customerId is required for multi-customer users")
        }
        return only
    }
}
