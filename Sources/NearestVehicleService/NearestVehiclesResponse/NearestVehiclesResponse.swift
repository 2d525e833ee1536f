import NearestVehicle
import Proj

/// The answer of ``NearestVehicleService/nearestVehicles(_:)``: vehicles in the remote's or the index's order, the
/// mode actually used, and — never silently — whether and why a by-road request was answered crow-flies.
public struct NearestVehiclesResponse: Hashable, Sendable {
    /// Why a by-road request was answered crow-flies.
    public struct Degradation: Hashable, Sendable, CustomStringConvertible {
        /// The remote failure (``RoadProviderError/isRemoteUnavailable`` is always true here).
        public let reason: RoadProviderError

        public init(reason: RoadProviderError) { self.reason = reason }

        public var description: String { "answered crow-flies: by-road unavailable (\(reason))" }
    }

    /// Crow-flies: sorted by (distance rounded to 1 µm, id), radius inclusive, as ``NearestVehicle/FleetIndex``
    /// ranks. By road: the remote's order (Ocean: by travel time), radius inclusive on the road distance.
    public let vehicles: [NearestVehicleResult]
    /// The mode the request asked for.
    public let requestedMode: ComputeMode
    /// The mode that produced ``vehicles``: differs from ``requestedMode`` only when ``degradation`` is set.
    public let mode: ComputeMode
    /// Set when a by-road request was answered crow-flies under ``NearestVehiclesRequest/Fallback/crowFlies``.
    public let degradation: Degradation?
    /// The unit of every ``NearestVehicleResult/distance`` (the request's unit).
    public let unit: LengthUnit
    /// Vehicles the request's filters excluded, by reason. Crow-flies: those that would otherwise have competed
    /// (see ``NearestVehicle/ExclusionCounts``). By road: those among the remote's answer, a vehicle whose
    /// filtered field neither the remote nor the index knows counted under its own `unknown…` reason.
    public let excluded: ExclusionCounts
    /// Whether ``vehicles`` holds all the request asked for; see ``Completeness``. By road, fewer vehicles than the
    /// limit are never shown without one of ``Completeness/remoteExhausted(asked:returned:)`` (there are no more)
    /// or ``Completeness/incomplete(_:)`` (the remote's answer ran out).
    public let completeness: Completeness
    /// Crow-flies vehicles appended after the by-road ones of an incomplete answer, when the request asked for
    /// them (``NearestVehiclesRequest/FillPolicy/crowFlies``): nearest eligible first, none of them in the
    /// remote's answer, each marked ``NearestVehicleResult/mode`` `.crowFlies` with its by-road lower bound.
    /// Empty otherwise. Never mixed into ``vehicles``.
    public let fill: [NearestVehicleResult]

    public init(
        vehicles: [NearestVehicleResult], requestedMode: ComputeMode,
        mode: ComputeMode, degradation: Degradation?, unit: LengthUnit, excluded: ExclusionCounts,
        completeness: Completeness = .exact, fill: [NearestVehicleResult] = []
    ) {
        self.vehicles = vehicles
        self.requestedMode = requestedMode
        self.mode = mode
        self.degradation = degradation
        self.unit = unit
        self.excluded = excluded
        self.completeness = completeness
        self.fill = fill
    }

    /// Whether the answer is crow-flies standing in for a by-road request (see ``degradation``).
    public var isDegraded: Bool { degradation != nil }
}
