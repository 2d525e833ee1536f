import Foundation

/// How nearestVehicles measures distance (`computeMode`).
public enum ComputeMode: String, Sendable, Hashable {
    /// As the crow flies (`VOL_OISEAU`).
    case crowFlies = "VOL_OISEAU"
    /// By road, shortest time (`PAR_ROUTE`); Ocean returns at most 10 results.
    case byRoad = "PAR_ROUTE"
}
