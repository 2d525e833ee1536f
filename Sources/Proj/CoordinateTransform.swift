import CProj
import Geo

/// A planar or geographic position in some coordinate reference system, in that CRS's east/north order:
/// `x` = easting (or longitude), `y` = northing (or latitude), in the CRS's units (metres for Lambert-93,
/// UTM and Web Mercator).
public struct ProjectedPoint: Hashable, Sendable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

/// Transforms positions between a coordinate reference system that PROJ knows and WGS84 latitude/longitude.
///
/// The CRS is anything `proj_create` accepts: `EPSG:2154` (Lambert-93), `EPSG:3857` (Web Mercator),
/// `EPSG:32631` (UTM 31N), a PROJ string (`+proj=utm +zone=31 +datum=WGS84`), WKT or PROJJSON.
///
/// **Axis order** is normalised here and nowhere else: whatever the authority says (EPSG:4326 is
/// latitude-first, some projected CRS are northing-first), ``ProjectedPoint`` is always (east, north) and the
/// WGS84 side is always a labelled ``Coordinate`` (PROJ's `proj_normalize_for_visualization`).
///
/// **Threads**: a transform owns its own `PJ_CONTEXT`, and PROJ forbids using a context from two threads at once;
/// the class is therefore not `Sendable`, and Swift's strict concurrency keeps each instance in one isolation
/// domain. Create one per task. Creation costs about 1 ms (database look-ups), a point about 0.1-0.3 µs: keep
/// transforms for reuse rather than creating one per point.
public final class CoordinateTransform {
    /// The source CRS, as given.
    public let sourceCRS: String
    private let context: ProjContext
    private let transformation: OpaquePointer

    /// Creates the transformation between `sourceCRS` and WGS84 (EPSG:4326).
    ///
    /// - Parameter sourceCRS: An authority code, PROJ string, WKT or PROJJSON naming a CRS.
    /// - Throws: ``ProjError`` with PROJ's code and message when the text is not a CRS PROJ knows, or when no
    ///   transformation to WGS84 exists.
    public init(from sourceCRS: String) throws(ProjError) {
        self.sourceCRS = sourceCRS
        let context = try ProjContext()
        self.context = context
        let operation = "create a transformation from '\(sourceCRS)' to WGS84"

        // A PROJ string names a CRS only with `+type=crs`; without it PROJ reads a conversion. Users write
        // "+proj=utm +zone=31 +datum=WGS84" and mean the CRS, so add it.
        let definition = sourceCRS.hasPrefix("+proj=") && !sourceCRS.contains("+type=crs")
            ? sourceCRS + " +type=crs" : sourceCRS
        guard let source = proj_create(context.pointer, definition) else {
            throw ProjError.last(in: context.pointer, operation: "read the CRS '\(sourceCRS)'",
                                 fallback: "not a CRS definition PROJ understands")
        }
        defer { proj_destroy(source) }
        guard proj_is_crs(source) != 0 else {
            throw ProjError(code: 0, message: "'\(sourceCRS)' is a coordinate operation, not a CRS",
                            operation: "read the CRS '\(sourceCRS)'")
        }
        guard let raw = proj_create_crs_to_crs(context.pointer, definition, "EPSG:4326", nil) else {
            throw ProjError.last(in: context.pointer, operation: operation)
        }
        defer { proj_destroy(raw) }
        guard let normalized = proj_normalize_for_visualization(context.pointer, raw) else {
            throw ProjError.last(in: context.pointer, operation: operation)
        }
        self.transformation = normalized
    }

    deinit {
        proj_destroy(transformation)
    }

    /// Converts one position of the source CRS to WGS84.
    ///
    /// - Parameter point: (easting, northing) or (longitude, latitude) in the source CRS's units.
    /// - Throws: ``ProjError`` when the point is outside the projection's domain (PROJ returns infinity) or
    ///   the result is not a valid coordinate.
    public func toWGS84(_ point: ProjectedPoint) throws(ProjError) -> Coordinate {
        let output = try transform(point, direction: PJ_FWD)
        return try coordinate(longitude: output.x, latitude: output.y, from: point)
    }

    /// Converts a WGS84 coordinate to the source CRS, as (easting, northing).
    /// - Throws: ``ProjError`` when the coordinate is outside the projection's domain.
    public func fromWGS84(_ coordinate: Coordinate) throws(ProjError) -> ProjectedPoint {
        try transform(ProjectedPoint(x: coordinate.longitude, y: coordinate.latitude), direction: PJ_INV)
    }

    /// Converts many positions at once (`proj_trans_generic`), about 2x faster per point than one by one.
    ///
    /// - Returns: One result per input, in order: the coordinate, or the ``ProjError`` for that point, so that
    ///   one bad point costs nothing to the others.
    public func toWGS84(_ points: [ProjectedPoint]) -> [Result<Coordinate, ProjError>] {
        guard !points.isEmpty else { return [] }
        var xs = points.map(\.x)
        var ys = points.map(\.y)
        let stride = MemoryLayout<Double>.stride
        xs.withUnsafeMutableBufferPointer { x in
            ys.withUnsafeMutableBufferPointer { y in
                _ = proj_trans_generic(transformation, PJ_FWD, x.baseAddress, stride, x.count,
                                       y.baseAddress, stride, y.count, nil, 0, 0, nil, 0, 0)
            }
        }
        proj_errno_reset(transformation)
        return points.indices.map { index in
            Result { () throws(ProjError) -> Coordinate in
                try coordinate(longitude: xs[index], latitude: ys[index], from: points[index])
            }
        }
    }

    /// The validated WGS84 output of a forward transformation of `point`.
    private func coordinate(longitude: Double, latitude: Double, from point: ProjectedPoint) throws(ProjError) -> Coordinate {
        guard longitude.isFinite, latitude.isFinite else {
            throw ProjError(code: 0, message: "point outside the domain of the CRS",
                            operation: operation(point, direction: PJ_FWD))
        }
        do {
            return try Coordinate(latitude: latitude, longitude: longitude)
        } catch {
            throw ProjError(code: 0, message: error.description, operation: operation(point, direction: PJ_FWD))
        }
    }

    /// What a failed transformation of `point` was, for ``ProjError/operation``; built only on failure, since
    /// formatting it costs more than `proj_trans` itself.
    private func operation(_ point: ProjectedPoint, direction: PJ_DIRECTION) -> String {
        direction == PJ_FWD
            ? "transform (\(point.x), \(point.y)) from \(sourceCRS) to WGS84"
            : "transform (\(point.y), \(point.x)) from WGS84 to \(sourceCRS)"
    }

    private func transform(_ point: ProjectedPoint, direction: PJ_DIRECTION) throws(ProjError) -> ProjectedPoint {
        guard point.x.isFinite, point.y.isFinite else {
            throw ProjError(code: 0, message: "coordinates must be finite numbers",
                            operation: operation(point, direction: direction))
        }
        proj_errno_reset(transformation)
        let output = proj_trans(transformation, direction, proj_coord(point.x, point.y, 0, 0)).xy
        guard output.x.isFinite, output.y.isFinite else {
            let code = proj_errno(transformation)
            proj_errno_reset(transformation)
            let message = code != 0 ? proj_context_errno_string(context.pointer, code).map { String(cString: $0) } : nil
            throw ProjError(code: code, message: message ?? "point outside the domain of the CRS",
                            operation: operation(point, direction: direction))
        }
        return ProjectedPoint(x: output.x, y: output.y)
    }
}
