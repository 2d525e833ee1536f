/// How a nearest-vehicles search measures distance: Ocean's `computeMode`.
public enum ComputeMode: String, Hashable, Sendable, CaseIterable {
    /// As the crow flies (`VOL_OISEAU`): answered locally from a `FleetIndex` by `NearestVehicleService`.
    case crowFlies = "VOL_OISEAU"
    /// By road, shortest time (`PAR_ROUTE`): Ocean's routing; at most 10 results.
    case byRoad = "PAR_ROUTE"
}
