import Foundation
import NearestVehicle

/// One customer's fleet as Ocean reported it at one moment, mapped to the core's validated
/// ``NearestVehicle/VehiclePosition``s, plus every listed vehicle that could not be mapped, with the reason.
///
/// This is the one mapping from Ocean data to core records: ``FleetSync`` applies snapshots to a
/// ``NearestVehicle/FleetIndex``, and a one-shot tool (`nearest --ocean`) can take one and upsert it itself:
///
/// ```swift
/// let snapshot = try await FleetSyncSnapshot.fetch(client: client, customerId: 1001)
/// let index = FleetIndex()
/// index.upsert(contentsOf: snapshot.positions)
/// for skip in snapshot.skipped { print(skip) }   // vehicle '100012' (#6): privacy mode (Ocean sends no position)
/// ```
///
/// Build one with ``fetch(client:customerId:now:)`` (reads Ocean) or
/// ``init(customerId:vehiclePositions:vehicles:nearestVehicles:fetchedAt:)`` (maps answers you already have); the
/// field-by-field mapping is documented on ``position(from:attributes:located:customerId:)``.
///
/// Invariant: `positions.count + skipped.count == received`, and the offsets of positions and skips together are
/// exactly `0..<received`.
public struct FleetSyncSnapshot: Hashable, Sendable {
    /// The Ocean customer; every position's `customerId` is its decimal string.
    public let customerId: Int64
    /// When the answer was taken (the clock passed to ``fetch(client:customerId:now:)``, read after Ocean answered).
    /// Position ages are measured from here.
    public let fetchedAt: Date
    /// Vehicles Ocean listed in `vehiclePositions`.
    public let received: Int
    /// The located vehicles, valid for ``NearestVehicle/FleetIndex/upsert(contentsOf:)``, in Ocean's order.
    public let positions: [VehiclePosition]
    /// The listed vehicles not in ``positions``, with why, in Ocean's order.
    public let skipped: [FleetSyncSkip]

    /// Every non-empty vehicle id Ocean listed, located or not (a vehicle listed without a position has not
    /// disappeared from Ocean).
    public var listedIds: Set<String> {
        Set(positions.map(\.id)).union(skipped.lazy.map(\.vehicleId).filter { !$0.isEmpty })
    }
}
