import Foundation

/// A small deterministic fleet bundled with the library: 3012 vehicles around Paris, Lyon and Marseille.
///
/// Two customers ("1001", "1002"), entities per customer and city, groups, Ocean mobile states, ~3 % in privacy
/// mode (state `PRIVACY`), ~5 % stale positions (1-3 days old), and a depot of 12 vehicles at one spot
/// (48.9, 2.25). Every timestamp is before ``referenceDate``; use it as the queries' `now` for reproducible ages.
/// Made by `Scripts/make-sample-fleet.py` (seed 20250601; same seed, same bytes).
///
/// CSV format (``csvHeader``, one vehicle per line, UTF-8, `\n`):
/// `id,latitude,longitude,timestamp,customer_id,entity_id,group_id,state,privacy_mode` —
/// id: decimal string; latitude/longitude: WGS84 degrees; timestamp: ISO-8601 UTC (`2025-06-01T11:58:03Z`);
/// entity_id, group_id: may be empty (none); state: an Ocean `etatMobile` code; privacy_mode: `true`/`false`.
public enum SampleFleet {
    /// The header line of the CSV file.
    public static let csvHeader = "id,latitude,longitude,timestamp,customer_id,entity_id,group_id,state,privacy_mode"

    /// 2025-06-01T12:00:00Z: the generator's "now"; every position is older.
    public static let referenceDate = Date(timeIntervalSince1970: 1_748_779_200)

    /// The customers of the sample fleet.
    public static let customerIds = ["1001", "1002"]

    /// The bundled fleet, validated.
    /// - Throws: ``SampleFleetError`` if the resource is missing or a line is malformed (a packaging bug).
    public static func load() throws -> [VehiclePosition] {
        try records().enumerated().map { offset, record in
            do {
                return try record.validated()
            } catch {
                throw SampleFleetError(message: "line \(offset + 2): \(error)")
            }
        }
    }

    /// The bundled fleet as raw records.
    public static func records() throws -> [PositionRecord] {
        guard let url = Bundle.module.url(forResource: "sample-fleet", withExtension: "csv") else {
            throw SampleFleetError(message: "resource sample-fleet.csv not found in the NearestVehicle bundle")
        }
        return try parse(csv: String(contentsOf: url, encoding: .utf8))
    }

    /// Parses CSV text in the sample fleet's format (header required; blank lines ignored). Coordinates are not
    /// validated here: upsert the records (``FleetIndex/upsert(records:)``) to get each invalid one reported.
    /// - Throws: ``SampleFleetError`` naming the line for a wrong header, column count, number, date or flag.
    public static func parse(csv text: String) throws -> [PositionRecord] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).makeIterator()
        guard let header = lines.next(), header.trimmingCharacters(in: .whitespaces) == csvHeader else {
            throw SampleFleetError(message: "line 1: expected header '\(csvHeader)'")
        }
        let dates = ISO8601DateFormatter()
        var records: [PositionRecord] = []
        var number = 1
        while let line = lines.next() {
            number += 1
            if line.allSatisfy(\.isWhitespace) { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 9 else {
                throw SampleFleetError(message: "line \(number): expected 9 fields, got \(fields.count)")
            }
            guard let latitude = Double(fields[1]), let longitude = Double(fields[2]) else {
                throw SampleFleetError(message: "line \(number): latitude/longitude are not numbers")
            }
            guard let timestamp = dates.date(from: fields[3]) else {
                throw SampleFleetError(message: "line \(number): timestamp '\(fields[3])' is not ISO-8601")
            }
            guard let privacy = Bool(fields[8]) else {
                throw SampleFleetError(message: "line \(number): privacy_mode must be true or false")
            }
            records.append(PositionRecord(
                id: fields[0], latitude: latitude, longitude: longitude, timestamp: timestamp,
                customerId: fields[4], entityId: fields[5].isEmpty ? nil : fields[5],
                groupId: fields[6].isEmpty ? nil : fields[6], state: VehicleState(fields[7]),
                isPrivacyMode: privacy))
        }
        return records
    }
}
