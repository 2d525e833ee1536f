import Foundation
import Geo
import NearestVehicle

/// One record's fields, whatever the file format, as byte slices by ``FieldRole``, and the builder of the core's
/// `VehiclePosition` from them. CSV cells point into the read buffer; JSON members into a scratch buffer. The
/// slices are valid only while the reader that filled them is on this record.
///
/// Every slice is valid UTF-8 (the readers check), trimmed of spaces and tabs, and non-empty; an empty field is
/// an absent one.
///
/// Defaults for what a record may lack (see ``Defaults``): no timestamp -> the reference time (the position counts
/// as current); no customer -> ``FleetFileLoader/implicitCustomerId``; no state -> `UNDEFINED`.
struct RecordFields {
    /// Values for the fields a record may lack.
    struct Defaults {
        /// The timestamp of a record without one: the load time, or `--now`.
        var timestamp: Date
        /// The customer of a record without one.
        var customerId: String
        /// Whether a record without an id is accepted, named after its location (incident files).
        var idFromLocation = false
        /// Whether records carry how many vehicles they need and their priority (incident files for dispatch).
        var readsDemand = false
    }

    /// The file's name, for locations.
    var file: String
    /// The record's physical lines.
    var lines: ClosedRange<Int>
    /// Prefix of every rejection reason: "" for line formats, "features[3]: " for JSON documents.
    var context = ""
    private var slices = [UnsafeRawBufferPointer?](repeating: nil, count: FieldRole.allCases.count)

    init(file: String, lines: ClosedRange<Int>) {
        self.file = file
        self.lines = lines
    }

    /// The field of `role`, trimmed; nil when absent or blank.
    subscript(role: FieldRole) -> UnsafeRawBufferPointer? {
        get { slices[role.rawValue] }
        set { slices[role.rawValue] = newValue.map(Self.trimmed).flatMap { $0.isEmpty ? nil : $0 } }
    }

    /// Forgets every field (for the next record).
    mutating func clear() {
        for index in slices.indices { slices[index] = nil }
    }

    /// Whether the fields hold a timestamp (else the record got ``Defaults/timestamp``).
    var hasTimestamp: Bool { self[.timestamp] != nil }
    /// Whether the fields hold a customer (else the record got ``Defaults/customerId``).
    var hasCustomer: Bool { self[.customer] != nil }

    func rejection(_ reason: String) -> RejectedRecord {
        RejectedRecord(file: file, lines: lines, reason: context + reason)
    }

    private func text(_ role: FieldRole) -> String? {
        self[role].map { String(decoding: $0, as: UTF8.self) }
    }

    /// A finite strict decimal from the field of `role` (see ``StrictDecimal``), or a rejection naming the field
    /// and its text.
    func number(_ role: FieldRole, label: String) throws(RejectedRecord) -> Double {
        guard let bytes = self[role] else {
            throw rejection("missing \(label) (columns: \(role.names.joined(separator: ", ")))")
        }
        guard let value = StrictDecimal.parse(bytes) else {
            throw rejection("\(label) \(TerminalText.quoted(bytes)) is not a decimal number")
        }
        guard value.isFinite else { throw rejection("\(label) \(TerminalText.quoted(bytes)) is out of range") }
        return value
    }

    /// Builds the record, coordinates validated (range and finiteness, as the index checks them). `project`, when
    /// given, transforms x/y (or, lacking them, longitude/latitude read as easting/northing) into WGS84.
    func record(
        project: ((Double, Double) throws -> (latitude: Double, longitude: Double))?, defaults: Defaults
    ) throws(RejectedRecord) -> VehiclePosition {
        guard let id = text(.id) ?? (defaults.idFromLocation ? rejection("").location : nil) else {
            throw rejection("missing vehicle id (column 'id')")
        }
        let latitude: Double, longitude: Double
        if let project {
            let x = try number(self[.x] != nil ? .x : .longitude, label: "x")
            let y = try number(self[.y] != nil ? .y : .latitude, label: "y")
            do {
                (latitude, longitude) = try project(x, y)
            } catch {
                throw rejection("cannot transform (\(x), \(y)) to WGS84: \(error)")
            }
        } else {
            latitude = try number(.latitude, label: "latitude")
            longitude = try number(.longitude, label: "longitude")
        }
        var timestamp = defaults.timestamp
        if let bytes = self[.timestamp] {
            guard let date = StrictTimestamp.parse(bytes) else {
                throw rejection("timestamp \(TerminalText.quoted(bytes)) is neither ISO 8601 nor Unix seconds "
                    + "(YYYY-MM-DDTHH:MM:SS[.fff][Z|±HH:MM] with every field in range, or a decimal within ±1e11)")
            }
            timestamp = date
        }
        var privacy = false
        if let bytes = self[.privacy] {
            switch String(decoding: bytes, as: UTF8.self).lowercased() {
            case "true", "1", "yes", "y": privacy = true
            case "false", "0", "no", "n": privacy = false
            default: throw rejection("privacy \(TerminalText.quoted(bytes)) is not true/false")
            }
        }
        let coordinate: Coordinate
        do {
            coordinate = try Coordinate(latitude: latitude, longitude: longitude)
        } catch {
            throw rejection("\(error)")
        }
        return VehiclePosition(
            id: id, coordinate: coordinate, timestamp: timestamp, customerId: text(.customer) ?? defaults.customerId,
            entityId: text(.entity), groupId: text(.group), state: text(.state).map { VehicleState($0) } ?? .undefined,
            isPrivacyMode: privacy)
    }

    /// An incident's demand: `vehicles` (an integer 1...1000, default 1) and `priority` (an integer, default 1).
    func demand() throws(RejectedRecord) -> IncidentDemand {
        func integer(_ role: FieldRole, _ range: ClosedRange<Int>, default value: Int) throws(RejectedRecord) -> Int {
            guard let bytes = self[role] else { return value }
            guard let number = Int(String(decoding: bytes, as: UTF8.self)), range.contains(number) else {
                throw rejection("\(role.names[0]) \(TerminalText.quoted(bytes)) is not an integer from "
                    + "\(range.lowerBound) to \(range.upperBound)")
            }
            return number
        }
        return IncidentDemand(vehicles: try integer(.vehicles, 1...IncidentDemand.maximumVehicles, default: 1),
                              priority: try integer(.priority, -1_000_000...1_000_000, default: 1))
    }

    /// `bytes` without leading and trailing spaces and tabs.
    static func trimmed(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var lower = 0, upper = bytes.count
        while lower < upper, bytes[lower] == 0x20 || bytes[lower] == 0x09 { lower += 1 }
        while upper > lower, bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 { upper -= 1 }
        return UnsafeRawBufferPointer(rebasing: bytes[lower..<upper])
    }
}
