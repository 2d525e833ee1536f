import NearestVehicle

/// What a fleet file held: the usable records (coordinates validated) and every rejected one, with file:line
/// and reason.
public struct FleetFileLoad: Sendable {
    public var format: FleetFileFormat
    /// The file's name (last path component), for locations.
    public var file: String
    public var records: [VehiclePosition] = []
    /// The line each of ``records`` starts on, same order.
    public var lines: [Int] = []
    public var rejected: [RejectedRecord] = []
    /// Incident files read with ``FleetFileLoader/readsDemand``: each record's demand, same order as ``records``;
    /// empty otherwise.
    public var demands: [IncidentDemand] = []
    /// Records that had no timestamp (they got ``RecordFields/Defaults/timestamp``).
    public var recordsWithoutTimestamp = 0
    /// Records that had no customer (they got ``FleetFileLoader/implicitCustomerId``).
    public var recordsWithoutCustomer = 0

    /// "fleet.csv:12" for each of ``records``.
    public var locations: [String] { lines.map { "\(file):\($0)" } }
}
