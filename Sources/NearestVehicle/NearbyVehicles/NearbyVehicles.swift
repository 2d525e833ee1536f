/// The answer to a query: vehicles sorted by (distance rounded to 1 µm, id), and what the filter excluded.
/// Distances are in metres (``NearbyVehicle/distanceMeters``); units are the caller's business.
public struct NearbyVehicles: Hashable, Sendable {
    /// Nearest first; ties (equal at 1 µm) by id (UTF-8 order). For an index's answer, each vehicle is read from
    /// the snapshot the query searched when it is accessed (see ``NearbyVehicleList``).
    public let vehicles: NearbyVehicleList
    /// The model distances were measured in.
    public let model: QueryOptions.DistanceModel
    /// Vehicles excluded by the filter, by reason (all zero when not counted); see ``ExclusionCounts``.
    public let excluded: ExclusionCounts

    public init(vehicles: [NearbyVehicle], model: QueryOptions.DistanceModel, excluded: ExclusionCounts) {
        self.init(vehicles: NearbyVehicleList(vehicles), model: model, excluded: excluded)
    }

    public init(vehicles: NearbyVehicleList, model: QueryOptions.DistanceModel, excluded: ExclusionCounts) {
        self.vehicles = vehicles
        self.model = model
        self.excluded = excluded
    }
}
