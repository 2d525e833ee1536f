import Geo

/// One incident's candidate vehicles as a remote ranked them (by road: Ocean PAR_ROUTE, at most 10 per call, the
/// request's filters already applied), and what is known of the eligible vehicles it did not list.
public struct IncidentCandidates: Hashable, Sendable {
    /// A vehicle that can serve the incident, with its road distance and (when the remote gave it) travel time.
    public struct Candidate: Hashable, Sendable {
        public var id: String
        public var coordinate: Coordinate
        /// Road distance to the incident, metres (finite, >= 0).
        public var distanceMeters: Double
        /// Travel time to the incident, seconds (finite, >= 0); required when the plan minimises travel time.
        public var durationSeconds: Double?

        public init(id: String, coordinate: Coordinate, distanceMeters: Double, durationSeconds: Double? = nil) {
            self.id = id
            self.coordinate = coordinate
            self.distanceMeters = distanceMeters
            self.durationSeconds = durationSeconds
        }
    }

    public var vehicles: [Candidate]
    /// Nil when the list holds every eligible vehicle that could serve the incident (the remote returned fewer than
    /// it was asked for). Otherwise a lower bound on the cost (metres or seconds, the plan's objective) of every
    /// eligible vehicle not listed: by road distance, the nearest unlisted eligible vehicle's geodesic distance
    /// (no road is shorter); by travel time when the remote ranks by it, its last answer's travel time. 0 when
    /// nothing better is known.
    public var othersCostAtLeast: Double?

    public init(vehicles: [Candidate], othersCostAtLeast: Double?) {
        self.vehicles = vehicles
        self.othersCostAtLeast = othersCostAtLeast
    }
}
