import FleetFile
import Foundation
import Geo
import NearestVehicle

/// One vehicle row of a peer fleet file (`id,latitude,longitude,timestamp`).
public struct FleetRow: Sendable {
    public var id: String
    public var coordinate: Coordinate
    /// Seconds since 1970-01-01T00:00:00Z.
    public var unixSeconds: Int64
}

/// One row of a peer query file (`qid,latitude,longitude`).
public struct QueryRow: Sendable {
    public var qid: String
    public var coordinate: Coordinate
}

/// A failure to read a peer CSV file: the file, the 1-based line (0: the whole file) and what was wrong.
public struct PeerCSVError: Error, CustomStringConvertible {
    public let path: String
    public let line: Int
    public let message: String
    public var description: String { "\(path):\(line): \(message)" }
}

/// The peer harness' CSV files (../shared/peers `gen_fleet.py` output), read by the product's own strict reader
/// (`FleetFile`, strict mode: the first malformed line is an error). Its decimals are correctly rounded, the same
/// values Python's `float()` gives the oracle; its timestamps are exact seconds.
public enum PeerCSV {
    public static func loadFleet(path: String) throws -> [FleetRow] {
        try load(path: path, idColumnNames: []).map { position in
            FleetRow(id: position.id, coordinate: position.coordinate,
                     unixSeconds: Int64(position.timestamp.timeIntervalSince1970))
        }
    }

    public static func loadQueries(path: String) throws -> [QueryRow] {
        try load(path: path, idColumnNames: ["qid"]).map { QueryRow(qid: $0.id, coordinate: $0.coordinate) }
    }

    private static func load(path: String, idColumnNames: [String]) throws -> [VehiclePosition] {
        var loader = FleetFileLoader(format: .csv, strict: true, referenceTime: Date(timeIntervalSince1970: 0))
        loader.idColumnNames = idColumnNames
        do {
            return try loader.load(path: path).records
        } catch let rejection as RejectedRecord {
            throw PeerCSVError(path: path, line: rejection.lines.lowerBound, message: rejection.reason)
        } catch {
            throw PeerCSVError(path: path, line: 0, message: "\(error)")
        }
    }
}
