import Foundation
import Geo
import NearestVehicle
import Proj

/// Reads fleet and incident files (CSV/TSV, NDJSON, GeoJSON, Ocean dumps) into the core's `VehiclePosition`s: the
/// one reader of the `nearest` command line.
///
/// What it accepts, and what happens to everything else (the README's "Input files" section says the same):
/// - CSV/TSV: RFC 4180 (quoted fields, `""` escapes, line breaks inside quotes), `\n` or `\r\n`, an optional UTF-8
///   BOM; a header row naming the columns (``FieldRole``), case-insensitive, no column named twice.
/// - NDJSON: one JSON object per line; GeoJSON: a FeatureCollection of Point features; Ocean: a
///   `vehiclePositions` answer (`{"vehicles": [...]}`). JSON is parsed strictly (RFC 8259); numbers keep their
///   exact text, so numeric ids beyond 2^53 stay distinct.
/// - Text must be valid UTF-8: a record with an invalid byte is rejected, never decoded with replacement
///   characters (two ids would merge).
/// - Numbers (coordinates, x/y, Unix seconds) must be strict decimals (``StrictDecimal``); timestamps strict
///   ISO 8601 or Unix seconds (``StrictTimestamp``).
/// - A JSON object with two keys equal up to case is rejected (which one would win is undefined).
/// - Limits (``FleetFileLimits``): a record over 1 MiB or with more than 1024 fields is rejected.
///
/// A malformed record is collected with `file:line` and its reason (`--strict` stops at the first one instead);
/// the rest of the file is still read. What makes the whole file unusable (missing, unreadable, no usable header,
/// a JSON document that does not parse) is a `FleetFileError`. Positions in a projected CRS (`--crs EPSG:2154`) are
/// transformed to WGS84 with PROJ.
///
/// Defaults for missing fields: a record without a timestamp gets ``referenceTime`` (the load time unless
/// `--now` says otherwise: the position counts as current, and `--max-age` warns that it cannot judge it); a
/// record without a customer belongs to ``implicitCustomerId``, so a file without a customer column is one
/// customer's fleet.
public struct FleetFileLoader {
    /// The customer of records without one: "default".
    public static let implicitCustomerId = "default"

    public var format: FleetFileFormat?
    public var crs: String?
    public var strict = false
    public var progress: LoadProgress?
    /// The timestamp given to records without one.
    public var referenceTime = Date()
    /// Accept records without an id, naming them after their location (for incident files).
    public var idFromLocation = false
    /// Read each record's `vehicles` and `priority` columns into ``FleetFileLoad/demands`` (incident files for
    /// dispatch); a bad value rejects the record.
    public var readsDemand = false
    public var limits = FleetFileLimits()
    /// More CSV column names (lower-case) that name the id, after the standard ones (``FieldRole``): e.g. `qid`
    /// for a query file whose rows are incidents.
    public var idColumnNames: [String] = []
    /// CSV files with at least this many bytes after the header are read in two halves at once (same result as
    /// one pass; see ``readCSV(path:name:into:)``): 8 MiB by default, where the second thread saves more than it
    /// costs. `Int.max` reads every file in one pass.
    public var parallelThreshold = 8 << 20

    public init(format: FleetFileFormat? = nil, crs: String? = nil, strict: Bool = false, progress: LoadProgress? = nil,
                referenceTime: Date = Date(), idFromLocation: Bool = false, limits: FleetFileLimits = FleetFileLimits()) {
        self.format = format
        self.crs = crs
        self.strict = strict
        self.progress = progress
        self.referenceTime = referenceTime
        self.idFromLocation = idFromLocation
        self.limits = limits
    }

    public func load(path: String) throws -> FleetFileLoad {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw FleetFileError("fleet file '\(path)' does not exist")
        }
        guard !isDirectory.boolValue else { throw FleetFileError("fleet file '\(path)' is a directory") }
        let name = (path as NSString).lastPathComponent
        let format = try format ?? detectFormat(path: path)
        let defaults = RecordFields.Defaults(timestamp: referenceTime, customerId: Self.implicitCustomerId,
                                             idFromLocation: idFromLocation, readsDemand: readsDemand)
        var collector = Collector(load: FleetFileLoad(format: format, file: name), project: try projector(),
                                  defaults: defaults, strict: strict, progress: progress)
        switch format {
        case .csv: try readCSV(path: path, name: name, into: &collector)
        case .ndjson: try readNDJSON(path: path, name: name, into: &collector)
        case .geojson: try readGeoJSON(path: path, name: name, into: &collector)
        case .ocean: try readOceanDump(path: path, name: name, into: &collector)
        }
        progress?.finish()
        return collector.load
    }

    private func detectFormat(path: String) throws -> FleetFileFormat {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw FleetFileError("cannot read fleet file '\(path)'") }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4096)) ?? Data()
        return FleetFileFormat.detect(path: path, head: String(decoding: head, as: UTF8.self))
    }

    /// Turns fields into records, collecting rejections (or throwing the first one when strict).
    struct Collector {
        var load: FleetFileLoad
        let project: ((Double, Double) throws -> (latitude: Double, longitude: Double))?
        let defaults: RecordFields.Defaults
        let strict: Bool
        let progress: LoadProgress?

        mutating func add(_ fields: RecordFields) throws {
            do {
                let record = try fields.record(project: project, defaults: defaults)
                if defaults.readsDemand { load.demands.append(try fields.demand()) }
                load.records.append(record)
                load.lines.append(fields.lines.lowerBound)
                if !fields.hasTimestamp { load.recordsWithoutTimestamp += 1 }
                if !fields.hasCustomer { load.recordsWithoutCustomer += 1 }
            } catch {
                try reject(error)
            }
            progress?.advance()
        }

        mutating func reject(_ rejection: RejectedRecord) throws {
            if strict { throw rejection }
            load.rejected.append(rejection)
        }

        /// Reserves room for `records` more records.
        mutating func reserve(records: Int) {
            load.records.reserveCapacity(load.records.count + records)
            load.lines.reserveCapacity(load.lines.count + records)
        }

        /// An empty collector with the same settings.
        func fresh(progress: LoadProgress?) -> Collector {
            Collector(load: FleetFileLoad(format: load.format, file: load.file), project: project, defaults: defaults,
                      strict: strict, progress: progress)
        }

        /// Appends what another collector read after this one's records (the later part of the same file).
        mutating func append(_ other: FleetFileLoad) {
            load.records += other.records
            load.lines += other.lines
            load.demands += other.demands
            load.rejected += other.rejected
            load.recordsWithoutTimestamp += other.recordsWithoutTimestamp
            load.recordsWithoutCustomer += other.recordsWithoutCustomer
        }
    }

    private func projector() throws -> ((Double, Double) throws -> (latitude: Double, longitude: Double))? {
        guard let crs else { return nil }
        let transform = try Self.transform(crs)
        return { x, y in
            let c = try transform.toWGS84(ProjectedPoint(x: x, y: y))
            return (c.latitude, c.longitude)
        }
    }

    /// The transform of `--crs`; `FleetFileError` when PROJ does not know it.
    public static func transform(_ crs: String) throws -> CoordinateTransform {
        do {
            return try CoordinateTransform(from: crs)
        } catch {
            throw FleetFileError("invalid --crs '\(TerminalText.escaped(crs))': \(error.message)")
        }
    }
}
