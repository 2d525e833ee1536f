import NearestVehicle

/// What a fleet file held: the usable records (coordinates validated) and every rejected one, with file:line
/// and reason.
struct FleetFileLoad: Sendable {
    var format: FleetFileFormat
    /// The file's name (last path component), for locations.
    var file: String
    var records: [PositionRecord] = []
    /// The line each of ``records`` starts on, same order.
    var lines: [Int] = []
    var rejected: [RejectedRecord] = []
    /// Records read, including those handed to ``FleetFileLoader/batchSink`` (not in ``records``).
    var recordCount = 0
    /// Records that had no timestamp (they got ``RecordFields/Defaults/timestamp``).
    var recordsWithoutTimestamp = 0
    /// Records that had no customer (they got ``FleetFileLoader/implicitCustomerId``).
    var recordsWithoutCustomer = 0

    /// "fleet.csv:12" for each of ``records``.
    var locations: [String] { lines.map { "\(file):\($0)" } }
}
