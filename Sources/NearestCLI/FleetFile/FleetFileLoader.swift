import CSV
import Foundation
import Geo
import NearestVehicle
import Proj

/// What a fleet file held: the usable records (coordinates validated) and every rejected one, with file:line
/// and reason.
struct FleetFileLoad: Sendable {
    var format: FleetFileFormat
    var records: [PositionRecord] = []
    /// Where each of ``records`` came from ("fleet.csv:12"), same order.
    var locations: [String] = []
    var rejected: [RejectedRecord] = []
    /// Records that had no timestamp (they got ``RecordFields/Defaults/timestamp``).
    var recordsWithoutTimestamp = 0
    /// Records that had no customer (they got ``FleetFileLoader/implicitCustomerId``).
    var recordsWithoutCustomer = 0
}

/// Reads fleet files (CSV/TSV, NDJSON, GeoJSON, Ocean dumps) into the core's `PositionRecord`s.
///
/// Malformed records, including out-of-range or non-finite coordinates, are collected with their location and
/// reason (`--strict` stops at the first one instead). Positions in a projected CRS (`--crs EPSG:2154`) are
/// transformed to WGS84 with PROJ.
///
/// Defaults for missing fields: a record without a timestamp gets ``referenceTime`` (the load time unless
/// `--now` says otherwise: the position counts as current, and `--max-age` warns that it cannot judge it); a
/// record without a customer belongs to ``implicitCustomerId``, so a file without a customer column is one
/// customer's fleet.
struct FleetFileLoader {
    /// The customer of records without one: "default".
    static let implicitCustomerId = "default"

    var format: FleetFileFormat?
    var crs: String?
    var strict = false
    var progress: Progress?
    /// The timestamp given to records without one.
    var referenceTime = Date()
    /// Accept records without an id, naming them after their location (for incident files).
    var idFromLocation = false

    func load(path: String) throws -> FleetFileLoad {
        guard FileManager.default.fileExists(atPath: path) else {
            throw CLIError("fleet file '\(path)' does not exist")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("cannot read fleet file '\(path)'")
        }
        let name = (path as NSString).lastPathComponent
        let head = String(decoding: data.prefix(4096), as: UTF8.self)
        let format = format ?? FleetFileFormat.detect(path: path, head: head)
        let defaults = RecordFields.Defaults(timestamp: referenceTime, customerId: Self.implicitCustomerId,
                                             idFromLocation: idFromLocation)
        var collector = Collector(load: FleetFileLoad(format: format), project: try projector(), defaults: defaults,
                                  strict: strict, progress: progress)
        switch format {
        case .csv: try readCSV(data, name: name, into: &collector)
        case .ndjson: try readNDJSON(data, name: name, into: &collector)
        case .geojson: try readGeoJSON(data, name: name, into: &collector)
        case .ocean: try readOceanDump(data, name: name, into: &collector)
        }
        progress?.finish()
        return collector.load
    }

    /// Turns fields into records, collecting rejections (or throwing the first one when strict).
    struct Collector {
        var load: FleetFileLoad
        let project: ((Double, Double) throws -> (latitude: Double, longitude: Double))?
        let defaults: RecordFields.Defaults
        let strict: Bool
        let progress: Progress?

        mutating func add(_ fields: RecordFields) throws {
            do {
                load.records.append(try fields.record(project: project, defaults: defaults))
                load.locations.append(fields.location)
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

        mutating func reject(_ location: String, _ reason: String) throws {
            try reject(RejectedRecord(location: location, reason: reason))
        }
    }

    private func projector() throws -> ((Double, Double) throws -> (latitude: Double, longitude: Double))? {
        guard let crs else { return nil }
        let transform: CoordinateTransform
        do {
            transform = try CoordinateTransform(from: crs)
        } catch {
            throw CLIError("invalid --crs '\(crs)': \(error.message)")
        }
        return { x, y in
            let c = try transform.toWGS84(ProjectedPoint(x: x, y: y))
            return (c.latitude, c.longitude)
        }
    }

    private func readCSV(_ data: Data, name: String, into collector: inout Collector) throws {
        let text = String(decoding: data, as: UTF8.self)
        let delimiter: UnicodeScalar = name.lowercased().hasSuffix(".tsv") ? "\t" : ","
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: true, trimFields: true, delimiter: delimiter)
        } catch {
            throw CLIError("\(name):1: cannot read the CSV header: \(error)")
        }
        guard let header = reader.headerRow?.map({ $0.lowercased() }), !header.isEmpty else {
            throw CLIError("\(name):1: empty file, expected a header such as 'id,latitude,longitude'")
        }
        let known = Set(RecordFields.idNames + RecordFields.latitudeNames + RecordFields.xNames)
        guard header.contains(where: known.contains) else {
            throw CLIError("\(name):1: header '\(header.joined(separator: ","))' has no 'id' or 'latitude'/'x' column")
        }
        var line = 1
        while let row = reader.next() {
            line += 1
            if row.count == 1, row[0].isEmpty { continue }  // blank line
            let location = "\(name):\(line)"
            guard row.count == header.count else {
                try collector.reject(location, "\(row.count) fields, the header has \(header.count)")
                continue
            }
            try collector.add(RecordFields(values: Dictionary(zip(header, row), uniquingKeysWith: { a, _ in a }), location: location))
        }
        if let error = reader.error {
            throw CLIError("\(name):\(line + 1): malformed CSV: \(error)")
        }
    }

    private func readNDJSON(_ data: Data, name: String, into collector: inout Collector) throws {
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            let location = "\(name):\(lineNumber)"
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            guard let object = try? JSONDecoder().decode(JSONValue.self, from: Data(line)), object.object != nil else {
                try collector.reject(location, "not a JSON object")
                continue
            }
            try collector.add(RecordFields(values: object.flattened, location: location))
        }
    }

    private func readGeoJSON(_ data: Data, name: String, into collector: inout Collector) throws {
        guard let root = try? JSONDecoder().decode(JSONValue.self, from: data),
              root["type"]?.text == "FeatureCollection", let features = root["features"]?.array else {
            throw CLIError("\(name): not a GeoJSON FeatureCollection")
        }
        for (index, feature) in features.enumerated() {
            let location = "\(name): features[\(index)]"
            guard let geometry = feature["geometry"], geometry["type"]?.text == "Point",
                  let position = geometry["coordinates"]?.array, position.count >= 2,
                  let first = position[0].text, let second = position[1].text else {
                try collector.reject(location, "not a Point feature with [longitude, latitude] coordinates")
                continue
            }
            var values = feature["properties"]?.flattened ?? [:]
            if values["id"] == nil, let id = feature["id"]?.text { values["id"] = id }
            // GeoJSON positions are [longitude, latitude] (RFC 7946), or [x, y] in a projected CRS.
            for key in RecordFields.latitudeNames + RecordFields.longitudeNames + RecordFields.xNames + RecordFields.yNames {
                values[key] = nil
            }
            values["longitude"] = first
            values["latitude"] = second
            try collector.add(RecordFields(values: values, location: location))
        }
    }

    private func readOceanDump(_ data: Data, name: String, into collector: inout Collector) throws {
        guard let root = try? JSONDecoder().decode(JSONValue.self, from: data), let vehicles = root["vehicles"]?.array else {
            throw CLIError("\(name): not an Ocean vehiclePositions answer (expected {\"vehicles\": [...]})")
        }
        for (index, vehicle) in vehicles.enumerated() {
            let location = "\(name): vehicles[\(index)]"
            guard vehicle.object != nil else {
                try collector.reject(location, "not an object")
                continue
            }
            var values: [String: String] = [:]
            values["id"] = vehicle["id"]?.text
            values["entity"] = vehicle["entityName"]?.text
            if let position = vehicle["position"] {
                values["latitude"] = position["latitudeY"]?.text
                values["longitude"] = position["longitudeX"]?.text
                values["state"] = position["etat"]?.text
                values["timestamp"] = position["date"]?.text
            }
            try collector.add(RecordFields(values: values, location: location))
        }
    }
}
