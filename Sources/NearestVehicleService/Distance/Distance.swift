import Proj

/// A length: a value and a unit from PROJ's unit database (``Proj/LengthUnit``).
///
/// Units live at the boundary: a request's radius is a `Distance`, handed to the engine (``NearestVehicle/FleetIndex``,
/// which works in metres) as ``meters``. Always valid: the value is finite and >= 0 (checked on creation).
/// `Distance(5, .kilometer)`, `try Distance(3, unit: "miles")`.
public struct Distance: Hashable, Sendable, CustomStringConvertible {
    /// The value, in ``unit``; finite, >= 0.
    public let value: Double
    /// The unit of ``value``.
    public let unit: LengthUnit

    /// - Throws: ``DistanceError`` when `value` is NaN, infinite or negative.
    public init(_ value: Double, _ unit: LengthUnit) throws(DistanceError) {
        guard value.isFinite else { throw .notFinite(value) }
        guard value >= 0 else { throw .negative(value) }
        self.value = value
        self.unit = unit
    }

    /// A distance in a unit named as a user would type it ("km", "miles", "nmi", "EPSG:9036").
    /// - Throws: ``Proj/UnknownLengthUnitError`` (with close matches) for an unknown unit, ``DistanceError``
    ///   for a bad value, ``Proj/ProjError`` when PROJ's database is unreadable.
    public init(_ value: Double, unit name: String) throws {
        try self.init(value, LengthUnit.resolve(name))
    }

    /// `value` metres.
    public static func meters(_ value: Double) throws(DistanceError) -> Distance { try Distance(value, .meter) }
    /// `value` kilometres.
    public static func kilometers(_ value: Double) throws(DistanceError) -> Distance {
        try Distance(value, .kilometer)
    }

    /// The length in metres (`value × unit.metersPerUnit`).
    public var meters: Double { unit.meters(value) }

    public var description: String { "\(value) \(unit.symbol)" }
}
