import Foundation
import Geo
import SpatialIndex

/// The vehicles of an answer, nearest first: a random-access collection of ``NearbyVehicle``.
///
/// An index's answer holds one buffer of (vehicle place, distance) pairs and the immutable snapshot the query
/// searched; each element is materialised (id, coordinate, attributes read from the snapshot's columns) when it
/// is accessed, so a caller that reads only ids or the first few vehicles pays only for those, and a 2 450-hit
/// `within` allocates one buffer rather than one value per hit. Elements are the same on every access: the
/// snapshot never changes, whatever writers do meanwhile. Copying the list is O(1).
public struct NearbyVehicleList: RandomAccessCollection, Hashable, Sendable {
    enum Storage: Sendable {
        case values([NearbyVehicle])
        /// `hits[i].index` is a place in `lease`'s snapshot (see ``Hit``); distances in metres.
        case hits(lease: SnapshotLease, hits: [Hit], now: Double)
    }

    let storage: Storage

    /// A list of given values.
    public init(_ vehicles: [NearbyVehicle] = []) {
        storage = .values(vehicles)
    }

    init(lease: SnapshotLease, hits: [Hit], now: Double) {
        storage = .hits(lease: lease, hits: hits, now: now)
    }

    public var startIndex: Int { 0 }

    public var endIndex: Int {
        switch storage {
        case .values(let values): values.count
        case .hits(_, let hits, _): hits.count
        }
    }

    /// The vehicle at `position`, nearest first.
    /// - Complexity: O(1).
    public subscript(position: Int) -> NearbyVehicle {
        switch storage {
        case .values(let values):
            return values[position]
        case .hits(let lease, let hits, let now):
            let hit = hits[position], vehicle = lease.snapshot.vehicle(hit.source)
            return NearbyVehicle(vehicle: vehicle, distanceMeters: hit.distanceMeters,
                                 positionAge: now - vehicle.timestamp.timeIntervalSinceReferenceDate)
        }
    }

    /// What an answer writes about one vehicle: the fields of ``NearbyVehicle`` that ``fields(at:)`` reads at
    /// once.
    public struct Fields: Sendable {
        public var id: String
        public var coordinate: Coordinate
        public var distanceMeters: Double
        /// Seconds since the reference date (`Date.timeIntervalSinceReferenceDate`, exact).
        public var timestamp: Double
        public var state: VehicleState
        public var groupId: String?
        public var isPrivacyMode: Bool
    }

    /// The fields of the vehicle at `position` that an answer writes, read in one look at the storage (the
    /// accessors below each look again: a serialiser that writes every field calls this instead).
    /// - Complexity: O(1).
    public func fields(at position: Int) -> Fields {
        switch storage {
        case .values(let values):
            let vehicle = values[position].vehicle
            return Fields(id: vehicle.id, coordinate: vehicle.coordinate, distanceMeters: values[position].distanceMeters,
                          timestamp: vehicle.timestamp.timeIntervalSinceReferenceDate, state: vehicle.state,
                          groupId: vehicle.groupId, isPrivacyMode: vehicle.isPrivacyMode)
        case .hits(let lease, let hits, _):
            let hit = hits[position], snapshot = lease.snapshot, source = hit.source
            return Fields(id: snapshot.id(source), coordinate: snapshot.coordinate(source),
                          distanceMeters: hit.distanceMeters, timestamp: snapshot.timestamp(source),
                          state: snapshot.state(source), groupId: snapshot.groupId(source),
                          isPrivacyMode: snapshot.isPrivacyMode(source))
        }
    }

    /// The id of the vehicle at `position`, without materialising the vehicle.
    public func id(at position: Int) -> String {
        switch storage {
        case .values(let values): values[position].vehicle.id
        case .hits(let lease, let hits, _): lease.snapshot.id(hits[position].source)
        }
    }

    /// The distance in metres of the vehicle at `position`, without materialising the vehicle.
    public func distanceMeters(at position: Int) -> Double {
        switch storage {
        case .values(let values): values[position].distanceMeters
        case .hits(_, let hits, _): hits[position].distanceMeters
        }
    }

    /// The coordinate of the vehicle at `position`, without materialising the vehicle.
    public func coordinate(at position: Int) -> Coordinate {
        switch storage {
        case .values(let values): values[position].vehicle.coordinate
        case .hits(let lease, let hits, _): lease.snapshot.coordinate(hits[position].source)
        }
    }

    /// The position time (GPS fix) of the vehicle at `position`, in seconds since the reference date
    /// (`Date.timeIntervalSinceReferenceDate`, exact), without materialising the vehicle.
    public func timestamp(at position: Int) -> Double {
        switch storage {
        case .values(let values): values[position].vehicle.timestamp.timeIntervalSinceReferenceDate
        case .hits(let lease, let hits, _): lease.snapshot.timestamp(hits[position].source)
        }
    }

    /// The state of the vehicle at `position`, without materialising the vehicle.
    public func state(at position: Int) -> VehicleState {
        switch storage {
        case .values(let values): values[position].vehicle.state
        case .hits(let lease, let hits, _): lease.snapshot.state(hits[position].source)
        }
    }

    /// The group id of the vehicle at `position` (nil: none), without materialising the vehicle.
    public func groupId(at position: Int) -> String? {
        switch storage {
        case .values(let values): values[position].vehicle.groupId
        case .hits(let lease, let hits, _): lease.snapshot.groupId(hits[position].source)
        }
    }

    /// Whether the vehicle at `position` is in privacy mode, without materialising the vehicle.
    public func isPrivacyMode(at position: Int) -> Bool {
        switch storage {
        case .values(let values): values[position].vehicle.isPrivacyMode
        case .hits(let lease, let hits, _): lease.snapshot.isPrivacyMode(hits[position].source)
        }
    }

    public static func == (lhs: NearbyVehicleList, rhs: NearbyVehicleList) -> Bool {
        lhs.elementsEqual(rhs)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for vehicle in self { hasher.combine(vehicle) }
    }
}
