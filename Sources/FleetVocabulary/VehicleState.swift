/// A vehicle's mobile state, as Ocean reports it (`etatMobile`).
///
/// An open set: the known Ocean codes are static members, and any other string is kept as is (a state Ocean
/// adds later survives ingest, filtering and output unchanged). Compared case-sensitively, as Ocean sends them.
public struct VehicleState: RawRepresentable, Hashable, Sendable, Codable, ExpressibleByStringLiteral,
    CustomStringConvertible {
    /// The Ocean code, e.g. `"TRAVELING"`.
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    /// Stopped, engine off.
    public static let stopped: Self = "STOPPED"
    /// Stopped at a work site / performing an action.
    public static let stopAction: Self = "STOP_ACTION"
    /// Moving.
    public static let traveling: Self = "TRAVELING"
    /// Stopped, engine running.
    public static let waiting: Self = "WAITING"
    /// Starting an action.
    public static let startAction: Self = "START_ACTION"
    /// Engine just started.
    public static let engineUp: Self = "ENGINE_UP"
    /// No state reported.
    public static let undefined: Self = "UNDEFINED"
    /// State could not be determined.
    public static let undefinedState: Self = "UNDEFINED_STATE"
    /// Out of order.
    public static let outOfOrder: Self = "OUT_OF_ORDER"
    /// Privacy mode state (Ocean reports positions in privacy mode with this state).
    public static let privacy: Self = "PRIVACY"

    /// The states Ocean documents (`addressEnrichmentEtatMobile` in trips-and-positions.md), in that order.
    public static let knownStates: [Self] = [
        .stopped, .stopAction, .traveling, .waiting, .startAction, .engineUp, .undefined, .undefinedState,
        .outOfOrder, .privacy,
    ]
}
