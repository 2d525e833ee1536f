extension NearestVehiclesResponse {
    /// Whether ``NearestVehiclesResponse/vehicles`` holds every vehicle the request asked for, and when it does
    /// not, what is known of the ones it lacks.
    ///
    /// By road the remote (Ocean PAR_ROUTE) answers at most 10 vehicles and knows none of the local filters, so a
    /// filtered answer is "the first k eligible vehicles of the remote's answer". That is the k nearest eligible
    /// vehicles by road unless the remote's answer ran out of eligible vehicles first:
    ///
    /// | case | when | what it proves |
    /// |---|---|---|
    /// | ``exact`` | crow-flies from the index (asked for, or standing in for by road) | every vehicle was ranked |
    /// | ``limitReached`` | by road, k eligible vehicles found | these are the k nearest eligible by road |
    /// | ``remoteExhausted(asked:returned:)`` | by road, the remote returned fewer than asked | its radius held no more |
    /// | ``incomplete(_:)`` | by road, the remote returned all it was asked for and fewer than k are eligible | eligible vehicles not shown rank after the remote's last answer (``MissingBound``) |
    ///
    /// ```swift
    /// let answer = try await service.nearestVehicles(try NearestVehiclesRequest(
    ///     customerId: "1001", latitude: 48.85, longitude: 2.35, resultsLimit: 5, mode: .byRoad,
    ///     states: [VehicleState("TRAVELING")]))
    /// if case .incomplete(let missing) = answer.completeness {
    ///     // 3 TRAVELING vehicles among Ocean's 10 nearest by road; any other is at least
    ///     // missing.travelTimeAtLeast away (Ocean ranks by travel time).
    /// }
    /// ```
    public enum Completeness: Hashable, Sendable {
        /// Crow-flies from the local index: every eligible vehicle was ranked (exact, as the index's queries are).
        case exact
        /// By road: as many eligible vehicles as the request's limit were found.
        case limitReached
        /// By road: the remote returned fewer vehicles than it was asked for, so it holds no more within its
        /// radius (the vehicles it left out are unreachable, beyond the radius, or in privacy mode).
        case remoteExhausted(asked: Int, returned: Int)
        /// By road: the remote returned every vehicle it was asked for, and after the filters fewer than the limit
        /// remain. Eligible vehicles may exist beyond the remote's answer; ``MissingBound`` says how far at least.
        case incomplete(MissingBound)
    }

    /// What an ``Completeness/incomplete(_:)`` answer knows of the eligible vehicles it does not show: each ranks
    /// after the remote's last answer in the remote's order (``RoadRanking``), and none is nearer by road than it
    /// is as the crow flies.
    public struct MissingBound: Hashable, Sendable {
        /// Vehicles the remote was asked for (its maximum when a filter was set).
        public let asked: Int
        /// Vehicles it returned (= ``asked``).
        public let returned: Int
        /// The order the remote ranks by.
        public let ranking: RoadRanking
        /// With ``RoadRanking/travelTime``: every eligible vehicle not shown needs at least this long by road (the
        /// travel time of the remote's last answer). Nil otherwise, or when the remote gave no duration.
        public let travelTimeAtLeast: Duration?
        /// With ``RoadRanking/roadDistance``: every eligible vehicle not shown is at least this far by road,
        /// metres (the remote's last answer). Nil for other rankings: ranked by travel time, a vehicle left out
        /// may be nearer by a slower road, so only its own crow-flies distance bounds it.
        public let roadDistanceAtLeastMeters: Double?

        public init(
            asked: Int, returned: Int, ranking: RoadRanking, travelTimeAtLeast: Duration?,
            roadDistanceAtLeastMeters: Double?
        ) {
            self.asked = asked
            self.returned = returned
            self.ranking = ranking
            self.travelTimeAtLeast = travelTimeAtLeast
            self.roadDistanceAtLeastMeters = roadDistanceAtLeastMeters
        }
    }

    /// False only for ``Completeness/incomplete(_:)``: fewer vehicles than asked and the remote may know more.
    public var isComplete: Bool {
        if case .incomplete = completeness { return false }
        return true
    }

    /// The bound on what an incomplete answer lacks; nil when complete.
    public var missing: MissingBound? {
        if case .incomplete(let bound) = completeness { return bound }
        return nil
    }
}
