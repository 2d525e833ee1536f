import Proj

/// The answer to a query: vehicles sorted by (distance rounded to 1 µm, id), and what the filter excluded.
public struct NearbyVehicles: Hashable, Sendable {
    /// Nearest first; ties (equal at 1 µm) by id (UTF-8 order). For an index's answer, each vehicle is read from
    /// the snapshot the query searched when it is accessed (see ``NearbyVehicleList``).
    public let vehicles: NearbyVehicleList
    /// The unit of every ``NearbyVehicle/distance``.
    public let unit: LengthUnit
    /// The model distances were measured in.
    public let model: QueryOptions.DistanceModel
    /// Vehicles excluded by the filter, by reason (all zero when not counted); see ``ExclusionCounts``.
    public let excluded: ExclusionCounts

    public init(vehicles: [NearbyVehicle], unit: LengthUnit, model: QueryOptions.DistanceModel,
                excluded: ExclusionCounts) {
        self.init(vehicles: NearbyVehicleList(vehicles), unit: unit, model: model, excluded: excluded)
    }

    public init(vehicles: NearbyVehicleList, unit: LengthUnit, model: QueryOptions.DistanceModel,
                excluded: ExclusionCounts) {
        self.vehicles = vehicles
        self.unit = unit
        self.model = model
        self.excluded = excluded
    }
}
