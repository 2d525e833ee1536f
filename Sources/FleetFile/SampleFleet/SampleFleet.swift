import Foundation
import NearestVehicle

/// A small deterministic fleet bundled with the library: 3012 vehicles around Paris, Lyon and Marseille.
///
/// Two customers ("1001", "1002"), entities per customer and city, groups, Ocean mobile states, ~3 % in privacy
/// mode (state `PRIVACY`), ~5 % stale positions (1-3 days old), and a depot of 12 vehicles at one spot
/// (48.9, 2.25). Every timestamp is before ``referenceDate``; use it as the queries' `now` for reproducible ages.
/// Made by `Scripts/make-sample-fleet.py` (seed 20250601; same seed, same bytes).
///
/// The file is an ordinary fleet CSV (header ``csvHeader``), read by the same strict reader as any fleet file
/// (``FleetFileLoader``, strict mode): a malformed line is a packaging bug and fails the load.
public enum SampleFleet {
    /// The header line of the CSV file: id (decimal string), WGS84 degrees, ISO-8601 UTC timestamp, customer,
    /// entity and group (may be empty: none), Ocean `etatMobile` state, privacy mode `true`/`false`.
    public static let csvHeader = "id,latitude,longitude,timestamp,customer_id,entity_id,group_id,state,privacy_mode"

    /// 2025-06-01T12:00:00Z: the generator's "now"; every position is older.
    public static let referenceDate = Date(timeIntervalSince1970: 1_748_779_200)

    /// The customers of the sample fleet.
    public static let customerIds = ["1001", "1002"]

    /// The bundled file's name, for locations in messages.
    public static let fileName = "sample-fleet.csv"

    /// The bundled fleet, validated, in file order.
    /// - Throws: ``SampleFleetError`` if the resource is missing or a line is malformed (a packaging bug).
    public static func load() throws -> [VehiclePosition] {
        guard let url = Bundle.module.url(forResource: "sample-fleet", withExtension: "csv") else {
            throw SampleFleetError(message: "resource \(fileName) not found in the FleetFile bundle")
        }
        do {
            return try FleetFileLoader(format: .csv, strict: true, referenceTime: referenceDate).load(path: url.path).records
        } catch {
            throw SampleFleetError(message: "\(error)")
        }
    }
}
