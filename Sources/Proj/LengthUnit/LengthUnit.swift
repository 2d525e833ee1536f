/// A unit of length from PROJ's unit database (EPSG and PROJ authorities), with its factor to metres.
///
/// Obtain one with ``LengthUnit/resolve(_:)`` from a name the user typed ("km", "miles", "EPSG:9030",
/// "US survey foot"), or take ``meter``, ``kilometer``, ``statuteMile``, ``nauticalMile``, ``foot``. Every
/// factor comes from PROJ's database (`proj_get_units_from_database`), not from a constant of ours; see
/// `LengthUnitTests` for the checks against exact definitions (1 mi = 1609.344 m, 1 nmi = 1852 m,
/// 1 US survey ft = 1200/3937 m).
public struct LengthUnit: Hashable, Sendable, CustomStringConvertible {
    /// The authority that defines the unit: "EPSG" or "PROJ".
    public let authority: String
    /// The unit's code within its authority ("9036" for the kilometre).
    public let code: String
    /// The unit's official name ("kilometre", "Statute mile", "US survey foot").
    public let name: String
    /// PROJ's short name ("km", "mi", "us-ft"), when PROJ has one.
    public let shortName: String?
    /// Metres in one of this unit (> 0).
    public let metersPerUnit: Double

    package init(authority: String, code: String, name: String, shortName: String?, metersPerUnit: Double) {
        self.authority = authority
        self.code = code
        self.name = name
        self.shortName = shortName
        self.metersPerUnit = metersPerUnit
    }

    /// "EPSG:9036".
    public var identifier: String { "\(authority):\(code)" }

    /// The name to print next to a value: PROJ's short name when there is one, else the official name.
    public var symbol: String { shortName ?? name }

    public var description: String { symbol }

    /// Converts a value in this unit to metres.
    @inlinable
    public func meters(_ value: Double) -> Double { value * metersPerUnit }

    /// Converts metres to this unit.
    @inlinable
    public func value(fromMeters meters: Double) -> Double { meters / metersPerUnit }
}
