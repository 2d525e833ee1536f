import Geo

/// One vehicle of an Ocean `vehiclePositions` answer that was not turned into a ``NearestVehicle/VehiclePosition``,
/// with where it was in the answer and why.
///
/// Nothing Ocean lists is dropped silently: every listed vehicle is either a position of the
/// ``FleetSyncSnapshot`` or one of its ``FleetSyncSnapshot/skipped`` entries.
public struct FleetSyncSkip: Hashable, Sendable, CustomStringConvertible {
    /// Index of the vehicle in Ocean's `vehicles` array (0-based).
    public let offset: Int
    /// The vehicle id as Ocean sent it; empty when Ocean sent none.
    public let vehicleId: String
    public let reason: Reason

    public init(offset: Int, vehicleId: String, reason: Reason) {
        self.offset = offset
        self.vehicleId = vehicleId
        self.reason = reason
    }

    public var description: String { "vehicle '\(vehicleId)' (#\(offset)): \(reason)" }

    /// Why a vehicle was skipped. A struct over a private enum, so reasons can be added without breaking callers;
    /// match with the static members (`reason == .noPosition`). Equality compares the kind only; ``detail`` and
    /// ``coordinateError`` carry context.
    public struct Reason: Error, Hashable, Sendable, CustomStringConvertible {
        private enum Kind: Hashable, Sendable {
            case missingID, privacyMode, noPosition, noCoordinate, noTimestamp, invalidCoordinate
        }

        private let kind: Kind
        /// The coordinate error, for ``invalidCoordinate``.
        public let coordinateError: CoordinateError?
        /// Context: the unreadable `date`/`heure` text for ``noTimestamp``.
        public let detail: String?

        private init(_ kind: Kind, coordinateError: CoordinateError? = nil, detail: String? = nil) {
            self.kind = kind
            self.coordinateError = coordinateError
            self.detail = detail
        }

        /// Ocean sent no vehicle id, or an empty one: the vehicle cannot be keyed in the index.
        public static let missingID = Self(.missingID)
        /// Ocean sent no position and the vehicle's master data (`vehicles`) says privacy mode is on: Ocean
        /// withholds positions of vehicles in privacy mode.
        public static let privacyMode = Self(.privacyMode)
        /// Ocean sent no position and the vehicle is not known to be in privacy mode (never located, no device...).
        public static let noPosition = Self(.noPosition)
        /// Ocean sent a position without `latitudeY` or `longitudeX`.
        public static let noCoordinate = Self(.noCoordinate)
        /// The position's `date` / `heure` is absent or not a date and time the client can read (see
        /// `OceanVehiclePosition.Position.timestamp`): without a fix time the index cannot order it against
        /// other fixes.
        public static let noTimestamp = Self(.noTimestamp)
        /// The latitude or longitude is NaN, infinite or out of range (any such error matches).
        public static let invalidCoordinate = Self(.invalidCoordinate)

        static func noTimestamp(dateText: String?, timeText: String?) -> Self {
            Self(.noTimestamp, detail: "date \(dateText.map { "'\($0)'" } ?? "absent"), heure \(timeText.map { "'\($0)'" } ?? "absent")")
        }

        static func invalidCoordinate(_ error: CoordinateError) -> Self {
            Self(.invalidCoordinate, coordinateError: error)
        }

        public static func == (lhs: Self, rhs: Self) -> Bool { lhs.kind == rhs.kind }
        public func hash(into hasher: inout Hasher) { hasher.combine(kind) }

        public var description: String {
            switch kind {
            case .missingID: "no vehicle id"
            case .privacyMode: "privacy mode (Ocean sends no position)"
            case .noPosition: "no position"
            case .noCoordinate: "position without latitude/longitude"
            case .noTimestamp: "no readable position time" + (detail.map { " (\($0))" } ?? "")
            case .invalidCoordinate: coordinateError.map(\.description) ?? "invalid coordinate"
            }
        }
    }
}
