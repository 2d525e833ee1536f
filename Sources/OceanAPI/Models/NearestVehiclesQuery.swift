import Foundation
import Geo

/// A nearestVehicles question.
public struct NearestVehiclesQuery: Sendable, Hashable {
    /// Search point (validated WGS84 degrees).
    public var point: Coordinate
    public var mode: ComputeMode
    /// Search radius in ``radiusUnit`` (Ocean takes an integer); nil = no radius.
    public var radius: Int32?
    /// Unit name as Ocean takes it (e.g. "KM", "M").
    public var radiusUnit: String?
    /// Number of results; 1...10 for ``ComputeMode/byRoad``.
    public var resultsLimit: Int32?

    public init(
        point: Coordinate, mode: ComputeMode = .crowFlies, radius: Int32? = nil, radiusUnit: String? = "KM",
        resultsLimit: Int32? = nil
    ) {
        self.point = point
        self.mode = mode
        self.radius = radius
        self.radiusUnit = radiusUnit
        self.resultsLimit = resultsLimit
    }

    /// - Throws: `CoordinateError` for NaN, infinite or out-of-range degrees (checked here, before any request).
    public init(
        latitude: Double, longitude: Double, mode: ComputeMode = .crowFlies, radius: Int32? = nil,
        radiusUnit: String? = "KM", resultsLimit: Int32? = nil
    ) throws(CoordinateError) {
        self.init(
            point: try Coordinate(latitude: latitude, longitude: longitude), mode: mode, radius: radius,
            radiusUnit: radiusUnit, resultsLimit: resultsLimit
        )
    }
}
