import Foundation
import NearestVehicle

/// Builds the core's `PositionRecord` from named fields, whatever the file format: CSV cells, JSON properties,
/// and Ocean's French names all arrive here as `[lowercased name: text]`.
///
/// Accepted names (case-insensitive): id (`id`, `vehicle_id`, `vehicleid`); latitude (`latitude`, `lat`,
/// `latitudey`); longitude (`longitude`, `lon`, `lng`, `longitudex`); projected `x`, `y` (with a CRS);
/// timestamp (`timestamp`, `time`, `gmtpos`, `date`: ISO 8601 or Unix seconds); `customer`/`customerid`/`customer_id`;
/// `entity`/`entityid`/`entity_id`; `group`/`groupid`/`group_id`; `state`/`etat`/`etatmobile`;
/// `privacy`/`privacymode`/`privacy_mode` (true/false, 1/0, yes/no).
///
/// Defaults for what a file may lack (see ``Defaults``): no timestamp -> the reference time (the position counts
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
    }

    static let idNames = ["id", "vehicle_id", "vehicleid"]
    static let latitudeNames = ["latitude", "lat", "latitudey"]
    static let longitudeNames = ["longitude", "lon", "lng", "longitudex"]
    static let xNames = ["x", "easting"]
    static let yNames = ["y", "northing"]
    static let timestampNames = ["timestamp", "time", "gmtpos", "date"]
    static let customerNames = ["customer", "customerid", "customer_id"]
    static let entityNames = ["entity", "entityid", "entity_id"]
    static let groupNames = ["group", "groupid", "group_id"]
    static let stateNames = ["state", "etat", "etatmobile"]
    static let privacyNames = ["privacy", "privacymode", "privacy_mode"]

    var values: [String: String]
    var location: String

    func text(_ names: [String]) -> String? {
        for name in names {
            if let value = values[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty { return value }
        }
        return nil
    }

    /// A finite number from the first present field, or a rejection naming the field and its text.
    func number(_ names: [String], label: String) throws(RejectedRecord) -> Double {
        guard let text = text(names) else {
            throw RejectedRecord(location: location, reason: "missing \(label) (columns: \(names.joined(separator: ", ")))")
        }
        guard let value = Double(text), value.isFinite else {
            throw RejectedRecord(location: location, reason: "\(label) '\(text)' is not a finite number")
        }
        return value
    }

    /// Builds the record, coordinates validated (range and finiteness, as the index checks them). `project`, when
    /// given, transforms x/y (or, lacking them, longitude/latitude read as easting/northing) into WGS84.
    func record(
        project: ((Double, Double) throws -> (latitude: Double, longitude: Double))?, defaults: Defaults
    ) throws(RejectedRecord) -> PositionRecord {
        guard let id = text(Self.idNames) ?? (defaults.idFromLocation ? location : nil) else {
            throw RejectedRecord(location: location, reason: "missing vehicle id (column 'id')")
        }
        let latitude: Double, longitude: Double
        if let project {
            let x = try number(text(Self.xNames) != nil ? Self.xNames : Self.longitudeNames, label: "x")
            let y = try number(text(Self.yNames) != nil ? Self.yNames : Self.latitudeNames, label: "y")
            do {
                (latitude, longitude) = try project(x, y)
            } catch {
                throw RejectedRecord(location: location, reason: "cannot transform (\(x), \(y)) to WGS84: \(error)")
            }
        } else {
            latitude = try number(Self.latitudeNames, label: "latitude")
            longitude = try number(Self.longitudeNames, label: "longitude")
        }
        var timestamp = defaults.timestamp
        if let text = text(Self.timestampNames) {
            guard let date = Self.parseDate(text) else {
                throw RejectedRecord(location: location, reason: "timestamp '\(text)' is neither ISO 8601 nor Unix seconds")
            }
            timestamp = date
        }
        var privacy = false
        if let text = text(Self.privacyNames) {
            switch text.lowercased() {
            case "true", "1", "yes", "y": privacy = true
            case "false", "0", "no", "n": privacy = false
            default: throw RejectedRecord(location: location, reason: "privacy '\(text)' is not true/false")
            }
        }
        let record = PositionRecord(
            id: id, latitude: latitude, longitude: longitude, timestamp: timestamp,
            customerId: text(Self.customerNames) ?? defaults.customerId, entityId: text(Self.entityNames),
            groupId: text(Self.groupNames), state: text(Self.stateNames).map { VehicleState($0) } ?? .undefined,
            isPrivacyMode: privacy)
        do {
            _ = try record.validated()
        } catch {
            throw RejectedRecord(location: location, reason: "\(error)")
        }
        return record
    }

    /// Whether the fields hold a timestamp (else the record got ``Defaults/timestamp``).
    var hasTimestamp: Bool { text(Self.timestampNames) != nil }
    /// Whether the fields hold a customer (else the record got ``Defaults/customerId``).
    var hasCustomer: Bool { text(Self.customerNames) != nil }

    /// ISO 8601 with or without fractional seconds and zone (UTC assumed), or Unix seconds within ±1e11 (years
    /// -1200 to 5100: anything beyond is a unit mistake, e.g. milliseconds, and would overflow age arithmetic).
    static func parseDate(_ text: String) -> Date? {
        if let seconds = Double(text) {
            return seconds.isFinite && abs(seconds) <= 1e11 ? Date(timeIntervalSince1970: seconds) : nil
        }
        for format in [Date.ISO8601FormatStyle(includingFractionalSeconds: false),
                       Date.ISO8601FormatStyle(includingFractionalSeconds: true)] {
            if let date = try? format.parse(text) { return date }
        }
        // "2025-05-31T21:50:46" without a zone: read as UTC.
        if !text.hasSuffix("Z"), !text.contains("+"), let date = try? Date.ISO8601FormatStyle().parse(text + "Z") {
            return date
        }
        return nil
    }
}
