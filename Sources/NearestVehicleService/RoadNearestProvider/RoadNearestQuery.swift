import Geo

/// A by-road question, as ``NearestVehicleService`` hands it to a ``RoadNearestProvider``: everything already
/// validated and in metres.
public struct RoadNearestQuery: Hashable, Sendable {
    /// The customer (tenant), non-empty.
    public var customerId: String
    /// The search point, WGS84 degrees.
    public var point: Coordinate
    /// Only vehicles at most this far by road, metres (> 0, finite); nil: no radius.
    public var radiusMeters: Double?
    /// How many vehicles at most, 1...10.
    public var resultsLimit: Int

    public init(customerId: String, point: Coordinate, radiusMeters: Double?, resultsLimit: Int) {
        self.customerId = customerId
        self.point = point
        self.radiusMeters = radiusMeters
        self.resultsLimit = resultsLimit
    }
}
