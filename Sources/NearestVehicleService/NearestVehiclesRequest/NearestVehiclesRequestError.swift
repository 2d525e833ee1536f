import Geo
import NearestVehicle
import Proj

/// Why a ``NearestVehiclesRequest`` could not be built. Thrown at construction, before any search or remote call.
///
/// Match with the static members (`error == .unknownUnit`) or read ``description``, which names the rejected value
/// (and, for an unknown unit, up to three close accepted spellings).
public struct NearestVehiclesRequestError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Kind: Hashable, Sendable {
        case emptyCustomerID, invalidCoordinate, invalidRadius, unknownUnit, invalidResultsLimit, invalidMaxAge
    }

    private let kind: Kind
    private let detail: String
    /// For ``invalidCoordinate``: the coordinate error (which says which of latitude / longitude is wrong).
    public let coordinateError: CoordinateError?
    /// For ``unknownUnit``: PROJ's lookup error, with its suggestions.
    public let unitError: UnknownLengthUnitError?

    private init(
        _ kind: Kind, _ detail: String, coordinateError: CoordinateError? = nil, unitError: UnknownLengthUnitError? = nil
    ) {
        self.kind = kind
        self.detail = detail
        self.coordinateError = coordinateError
        self.unitError = unitError
    }

    static func missingCustomerID() -> Self {
        Self(.emptyCustomerID, "a request needs a customer id: vehicles are only visible to their customer")
    }
    static func invalidCoordinate(_ error: CoordinateError) -> Self {
        Self(.invalidCoordinate, "invalid search point: \(error)", coordinateError: error)
    }
    static func invalidRadius(_ value: Double) -> Self {
        Self(.invalidRadius, "invalid radius \(value): must be a finite number > 0 (or no radius at all)")
    }
    static func unknownUnit(_ error: UnknownLengthUnitError) -> Self {
        Self(.unknownUnit, error.description, unitError: error)
    }
    static func unitDatabase(_ text: String, _ error: any Error) -> Self {
        Self(.unknownUnit, "unit '\(text)' could not be looked up: \(error)")
    }
    static func invalidResultsLimit(_ limit: Int, byRoad: Bool) -> Self {
        Self(.invalidResultsLimit, byRoad
            ? "resultsLimit must be between 1 and \(NearestVehiclesRequest.maximumByRoadResults) for PAR_ROUTE (got \(limit))"
            : "resultsLimit must be >= 1 (got \(limit))")
    }
    static func invalidMaxAge(_ seconds: Double) -> Self {
        Self(.invalidMaxAge, "maximum position age must be a finite number of seconds >= 0 (got \(seconds))")
    }

    /// The customer id was empty.
    public static let emptyCustomerID = Self(.emptyCustomerID, "")
    /// Latitude or longitude NaN, infinite or out of range (see ``coordinateError``).
    public static let invalidCoordinate = Self(.invalidCoordinate, "")
    /// The radius was <= 0, NaN or infinite.
    public static let invalidRadius = Self(.invalidRadius, "")
    /// The radius unit is not in PROJ's unit database nor a known alias (see ``unitError``).
    public static let unknownUnit = Self(.unknownUnit, "")
    /// resultsLimit < 1, or outside 1...10 for PAR_ROUTE.
    public static let invalidResultsLimit = Self(.invalidResultsLimit, "")
    /// The maximum position age was negative, NaN or infinite.
    public static let invalidMaxAge = Self(.invalidMaxAge, "")

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.kind == rhs.kind }
    public func hash(into hasher: inout Hasher) { hasher.combine(kind) }

    public var description: String { detail }
}
