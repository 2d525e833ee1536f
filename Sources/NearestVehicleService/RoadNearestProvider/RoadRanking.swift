/// The order a ``RoadNearestProvider`` ranks its answer in. It decides what a short answer proves about the
/// vehicles the provider left out (see ``NearestVehiclesResponse/MissingBound``).
public enum RoadRanking: Hashable, Sendable {
    /// Shortest travel time first (Ocean PAR_ROUTE): a vehicle left out needs at least as long as the last one
    /// returned. Its road *distance* may be shorter than the last one's (a slower road).
    case travelTime
    /// Shortest road distance first: a vehicle left out is at least as far by road as the last one returned.
    case roadDistance
    /// Not stated: a vehicle left out is only known to be at least as far by road as it is as the crow flies.
    case unspecified
}
