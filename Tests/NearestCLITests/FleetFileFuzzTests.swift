import Foundation
import Testing
import TestSupport
@testable import FleetFile
@testable import NearestCLI

/// Seeded fuzzing of every `nearest` input parser, in process: thousands of generated and mutated files and
/// option values per run. Seed: `NEARESTVEHICLE_TEST_SEED` (printed on failure; see `seedNote`).
///
/// Asserted for every case: no crash; the only failures are the documented ones (`FleetFileError` for an unusable file,
/// `RejectedRecord` with --strict, `ValidationError` for an option); no record silently merged or lost.
@Suite struct FleetFileFuzzTests {
    /// One generated vehicle: the id as text and coordinates as the decimal text written to the file.
    struct Vehicle {
        var id: String
        var latitude: String
        var longitude: String
        var timestamp: String
    }

    static let idPieces = ["a", "B", "7", "0", " ", ",", "\"", "\n", "\r\n", "é", "日", "😀", "\u{1B}[31m", "\t", "-",
                           "12345678901234567891", "9007199254740993", "{", "}", "\\", "'", ";", "x"]

    static func vehicles(_ generator: inout SplitMix64) -> [Vehicle] {
        var seen = Set<String>()
        var result: [Vehicle] = []
        for _ in 0..<Int.random(in: 1...10, using: &generator) {
            var id = ""
            for _ in 0..<Int.random(in: 1...4, using: &generator) { id += idPieces.randomElement(using: &generator)! }
            id = id.trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
            guard !id.isEmpty, seen.insert(id).inserted else { continue }
            func micro(_ range: ClosedRange<Int>) -> String {
                let value = Int.random(in: range, using: &generator)
                return (value < 0 ? "-" : "") + "\(abs(value) / 1_000_000).\(String(format: "%06d", abs(value) % 1_000_000))"
            }
            let seconds = Int.random(in: 1_600_000_000...1_750_000_000, using: &generator)
            let timestamp = Bool.random(using: &generator) ? "\(seconds)"
                : ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(seconds)))
            result.append(Vehicle(id: id, latitude: micro(-90_000_000...90_000_000),
                                  longitude: micro(-180_000_000...180_000_000), timestamp: timestamp))
        }
        return result
    }

    static func csvField(_ text: String, force: Bool) -> String {
        // By scalar: in a String, "\r\n" is one Character, which contains(where:) would not match "\n" against.
        guard force || text.unicodeScalars.contains(where: { ",\"\r\n".unicodeScalars.contains($0) }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func jsonString(_ text: String) -> String {
        String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
    }

    /// The file text of `vehicles` in `format`, with random (valid) variations.
    static func file(_ vehicles: [Vehicle], _ format: FleetFileFormat, _ generator: inout SplitMix64) -> [UInt8] {
        let numericIds = Bool.random(using: &generator)
        func jsonId(_ id: String) -> String {
            numericIds && id.allSatisfy(\.isASCII) && id.allSatisfy(\.isNumber) && !id.hasPrefix("0") ? id : jsonString(id)
        }
        switch format {
        case .csv:
            let newline = Bool.random(using: &generator) ? "\r\n" : "\n"
            let header = ["id", "latitude", "longitude", "timestamp"].map {
                Bool.random(using: &generator) ? $0.uppercased() : $0
            }
            var text = header.joined(separator: ",") + newline
            for vehicle in vehicles {
                let force = Bool.random(using: &generator)
                text += [csvField(vehicle.id, force: force), vehicle.latitude, vehicle.longitude,
                         csvField(vehicle.timestamp, force: force)].joined(separator: ",") + newline
                if Int.random(in: 0..<8, using: &generator) == 0 { text += newline }  // blank line
            }
            return (Bool.random(using: &generator) ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8)
        case .ndjson:
            return Array(vehicles.map { vehicle in
                "{\"id\": \(jsonId(vehicle.id)), \"lat\": \(vehicle.latitude), \"LON\": \(jsonString(vehicle.longitude)), "
                    + "\"time\": \(jsonString(vehicle.timestamp))}\n"
            }.joined().utf8)
        case .geojson:
            let features = vehicles.map { vehicle in
                "{\"type\": \"Feature\", \"id\": \(jsonId(vehicle.id)), \"geometry\": {\"type\": \"Point\", "
                    + "\"coordinates\": [\(vehicle.longitude), \(vehicle.latitude)]}, \"properties\": "
                    + "{\"timestamp\": \(jsonString(vehicle.timestamp))}}"
            }
            return Array("{\"type\": \"FeatureCollection\", \"features\": [\n\(features.joined(separator: ",\n"))\n]}\n".utf8)
        case .ocean:
            let items = vehicles.map { vehicle in
                "{\"id\": \(jsonId(vehicle.id)), \"position\": {\"latitudeY\": \(vehicle.latitude), "
                    + "\"longitudeX\": \(vehicle.longitude), \"date\": \(jsonString(vehicle.timestamp))}}"
            }
            return Array("{\"vehicles\": [\n\(items.joined(separator: ",\n"))\n]}\n".utf8)
        }
    }

    static let nastyBytes: [[UInt8]] = [[0xFF], [0xFE], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
                                        [0xE2, 0x82], [0x22], [0x2C], [0x0A], [0x0D], [0x00], [0x7B], [0x7D], [0x5B],
                                        [0x5D], [0x3A], [0x5C], [0xEF, 0xBB, 0xBF], Array("0x1p5".utf8),
                                        Array("1e999".utf8), Array("25:00".utf8), Array("\"id\":1,".utf8)]

    static func mutate(_ bytes: [UInt8], _ generator: inout SplitMix64) -> [UInt8] {
        var bytes = bytes
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &generator)
            switch Int.random(in: 0..<5, using: &generator) {
            case 0: bytes.insert(contentsOf: nastyBytes.randomElement(using: &generator)!, at: position)
            case 1 where !bytes.isEmpty: bytes[position] = UInt8.random(in: 0...255, using: &generator)
            case 2 where !bytes.isEmpty: bytes.remove(at: position)
            case 3: bytes.removeSubrange(position...)
            default:
                let end = min(bytes.count, position + Int.random(in: 1...40, using: &generator))
                bytes.insert(contentsOf: bytes[position..<end], at: position)
            }
        }
        return bytes
    }

    /// Loads `bytes` as `name`: the load, or the error, which must be a `FleetFileError`.
    static func load(_ bytes: [UInt8], name: String, format: FleetFileFormat, strict: Bool = false,
                     directory: URL) throws -> FleetFileLoad? {
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        var loader = FleetFileLoader(format: format, strict: strict, referenceTime: Date(timeIntervalSince1970: 0))
        loader.limits.maxRecordBytes = 256
        loader.limits.chunkBytes = 64
        loader.limits.maxFields = 16
        do {
            return try loader.load(path: url.path)
        } catch is FleetFileError {
            return nil
        } catch let rejection as RejectedRecord where strict {
            throw rejection
        }
    }

    static let formats: [(FleetFileFormat, String)] = [(.csv, "f.csv"), (.ndjson, "f.ndjson"), (.geojson, "f.geojson"),
                                                       (.ocean, "f.json")]

    /// Well-formed files of tricky ids (quotes, line breaks, commas, emoji, escapes, numbers beyond 2^53) load
    /// exactly: every id once, coordinates as `Double(text)`, nothing rejected.
    @Test(arguments: formats.map(\.0))
    func generatedFilesLoadExactly(format: FleetFileFormat) throws {
        let seed = testSeed(default: 0xF022 &+ UInt64(format.rawValue.utf8.count))
        var generator = SplitMix64(seed: seed)
        let directory = try Self.directory()
        let name = Self.formats.first { $0.0 == format }!.1
        for _ in 0..<400 {
            let vehicles = Self.vehicles(&generator)
            let bytes = Self.file(vehicles, format, &generator)
            let load = try #require(try Self.load(bytes, name: name, format: format, directory: directory),
                                    "\(seedNote(seed)): \(String(decoding: bytes, as: UTF8.self))")
            #expect(load.rejected.isEmpty, "\(seedNote(seed)): \(load.rejected) in \(bytes)")
            #expect(load.records.map(\.id) == vehicles.map(\.id), "\(seedNote(seed))")
            #expect(load.records.map(\.coordinate.latitude) == vehicles.map { Double($0.latitude)! }, "\(seedNote(seed))")
            #expect(load.records.map(\.coordinate.longitude) == vehicles.map { Double($0.longitude)! }, "\(seedNote(seed))")
            if load.rejected.isEmpty == false || load.records.count != vehicles.count { return }
        }
    }

    /// Where the read buffer's chunks end must not matter: generated CSV and NDJSON files (mutated or not) give
    /// the same load with a buffer of 1 to 13 bytes beyond the 200-byte record limit as with 4 MiB.
    @Test(arguments: [FleetFileFormat.csv, .ndjson])
    func chunkBoundariesDoNotMatter(format: FleetFileFormat) throws {
        let seed = testSeed(default: 0xC4_0C5 &+ UInt64(format.rawValue.utf8.count))
        var generator = SplitMix64(seed: seed)
        let directory = try Self.directory()
        let url = directory.appendingPathComponent(format == .csv ? "c.csv" : "c.ndjson")
        for round in 0..<300 {
            var bytes = Self.file(Self.vehicles(&generator), format, &generator)
            if round % 2 == 1 { bytes = Self.mutate(bytes, &generator) }
            try Data(bytes).write(to: url)
            var reference = FleetFileLoader(format: format, referenceTime: Date(timeIntervalSince1970: 0))
            reference.limits.maxRecordBytes = 200  // the buffer holds chunk + 201 bytes
            let expected = try? reference.load(path: url.path)
            // A record over the limit is reported differently when it overflows the buffer; not compared here.
            if expected?.rejected.contains(where: { $0.reason.contains("longer than the limit") }) == true { continue }
            reference.limits.chunkBytes = Int.random(in: 1...13, using: &generator)
            let chunked = try? reference.load(path: url.path)
            #expect(expected?.records == chunked?.records, "\(seedNote(seed)) chunk \(reference.limits.chunkBytes): \(bytes)")
            #expect(expected?.lines == chunked?.lines, "\(seedNote(seed))")
            #expect(expected?.rejected.map(\.description) == chunked?.rejected.map(\.description), "\(seedNote(seed))")
            if expected?.records != chunked?.records { return }
            guard format == .csv else { continue }
            // Read in two halves at once (cut at a line start near the middle, possibly inside quotes): the same
            // load, and with --strict the same first error.
            var halves = reference
            halves.limits.chunkBytes = 4 << 20
            halves.parallelThreshold = 1
            let parallel = try? halves.load(path: url.path)
            #expect(expected?.records == parallel?.records, "\(seedNote(seed)) halves: \(bytes)")
            #expect(expected?.lines == parallel?.lines, "\(seedNote(seed))")
            #expect(expected?.rejected.map(\.description) == parallel?.rejected.map(\.description), "\(seedNote(seed))")
            #expect(expected?.recordsWithoutTimestamp == parallel?.recordsWithoutTimestamp, "\(seedNote(seed))")
            reference.limits.chunkBytes = 4 << 20
            reference.strict = true
            halves.strict = true
            #expect(Self.outcome { try reference.load(path: url.path) } == Self.outcome { try halves.load(path: url.path) },
                    "\(seedNote(seed)) strict halves: \(bytes)")
        }
    }

    /// The records' ids, or the error's description.
    static func outcome(_ load: () throws -> FleetFileLoad) -> String {
        do {
            return try load().records.map(\.id).joined(separator: "|")
        } catch {
            return "error: \(error)"
        }
    }

    /// One field of one record replaced by a hostile value (invalid UTF-8, hex, overflow, out-of-range dates,
    /// control characters, overlong): every record is either loaded or rejected with its line, exactly once, and
    /// every other record loads unchanged.
    @Test(arguments: [FleetFileFormat.csv, .ndjson])
    func hostileFieldsAreRejectedOneByOne(format: FleetFileFormat) throws {
        let seed = testSeed(default: 0xF1E1D &+ UInt64(format.rawValue.utf8.count))
        var generator = SplitMix64(seed: seed)
        let directory = try Self.directory()
        let name = format == .csv ? "f.csv" : "f.ndjson"
        let hostile: [[UInt8]] = [[0x76, 0xFF, 0x31], [0x76, 0xFE, 0x31], Array("0x1p5".utf8), Array("1e999".utf8),
                                  Array("2025-06-01T25:00:00Z".utf8), Array("nan".utf8), Array("91".utf8), [],
                                  Array("\u{1B}[2J".utf8), Array(repeating: 0x39, count: 300), [0xED, 0xA0, 0x80]]
        for _ in 0..<400 {
            // Ids that both formats carry verbatim (no quote, backslash or control character).
            let vehicles = Self.vehicles(&generator).filter { vehicle in
                !vehicle.id.unicodeScalars.contains { $0.value < 0x20 || $0 == "\"" || $0 == "\\" }
            }
            guard !vehicles.isEmpty else { continue }
            let target = Int.random(in: 0..<vehicles.count, using: &generator)
            let field = Int.random(in: 0..<4, using: &generator)
            let value = hostile.randomElement(using: &generator)!
            var bytes: [UInt8] = format == .csv ? Array("id,latitude,longitude,timestamp\n".utf8) : []
            var firstLine = format == .csv ? 2 : 1
            var targetLine = 0
            for (index, vehicle) in vehicles.enumerated() {
                var fields = [vehicle.id, vehicle.latitude, vehicle.longitude, vehicle.timestamp].map { Array($0.utf8) }
                if index == target { fields[field] = value; targetLine = firstLine }
                if format == .csv {
                    bytes += fields.map { $0.contains(UInt8(ascii: ",")) ? [0x22] + $0 + [0x22] : $0 }
                        .joined(separator: [UInt8(ascii: ",")]) + [0x0A]
                } else {
                    bytes += Array("{\"id\": \"".utf8) + fields[0] + Array("\", \"latitude\": \"".utf8) + fields[1]
                        + Array("\", \"longitude\": \"".utf8) + fields[2] + Array("\", \"timestamp\": \"".utf8) + fields[3]
                        + Array("\"}\n".utf8)
                }
                firstLine += 1
            }
            let load = try #require(try Self.load(bytes, name: name, format: format, directory: directory), "\(seedNote(seed))")
            #expect(load.records.count + load.rejected.count == vehicles.count, "\(seedNote(seed)): \(load.rejected)")
            let others = vehicles.indices.filter { $0 != target }.map { vehicles[$0].id }
            let loadedOthers = zip(load.records, load.lines).filter { $0.1 != targetLine }.map(\.0.id)
            #expect(loadedOthers == others, "\(seedNote(seed))")
            if let rejection = load.rejected.first {
                #expect(load.rejected.count == 1 && rejection.location == "\(name):\(targetLine)", "\(seedNote(seed))")
                #expect(!rejection.reason.unicodeScalars.contains { $0.value < 0x20 }, "\(seedNote(seed))")
            }
        }
    }

    /// Random byte mutations of valid files in every format: no crash; failures only `FleetFileError`; locations within
    /// the file; loaded records on distinct, increasing lines (no two records merged into one, none counted
    /// twice); `--strict` fails exactly when the lenient load rejected something, on its first rejection.
    @Test(arguments: formats.map(\.0))
    func mutatedFilesNeverCrashOrMerge(format: FleetFileFormat) throws {
        let seed = testSeed(default: 0x30_7A7E &+ UInt64(format.rawValue.utf8.count))
        var generator = SplitMix64(seed: seed)
        let directory = try Self.directory()
        let name = Self.formats.first { $0.0 == format }!.1
        var cases = 0, loaded = 0, rejected = 0
        for _ in 0..<600 {
            let bytes = Self.mutate(Self.file(Self.vehicles(&generator), format, &generator), &generator)
            cases += 1
            let lineCount = bytes.count { $0 == 0x0A } + 1
            guard let load = try Self.load(bytes, name: name, format: format, directory: directory) else { continue }
            loaded += load.records.count
            rejected += load.rejected.count
            // Line formats: one record per line at most; JSON documents may hold several objects on a line.
            let lineFormat = format == .csv || format == .ndjson
            #expect(zip(load.lines, load.lines.dropFirst()).allSatisfy { lineFormat ? $0 < $1 : $0 <= $1 },
                    "\(seedNote(seed))")
            #expect(load.lines.allSatisfy { (1...lineCount).contains($0) }, "\(seedNote(seed))")
            for rejection in load.rejected {
                #expect(rejection.lines.lowerBound >= 1 && rejection.lines.upperBound <= lineCount, "\(seedNote(seed))")
                #expect(!rejection.description.contains("\n"), "\(seedNote(seed))")
            }
            if lineFormat {
                // A record's lines are its own.
                var spans = load.rejected.map(\.lines) + load.lines.map { $0...$0 }
                spans.sort { $0.lowerBound < $1.lowerBound }
                #expect(zip(spans, spans.dropFirst()).allSatisfy { $0.upperBound < $1.lowerBound }, "\(seedNote(seed))")
            }
            do {
                _ = try Self.load(bytes, name: name, format: format, strict: true, directory: directory)
                #expect(load.rejected.isEmpty, "\(seedNote(seed)): strict accepted what lenient rejected")
            } catch let rejection as RejectedRecord {
                #expect(rejection.description == load.rejected.first?.description, "\(seedNote(seed))")
            }
        }
        #expect(cases == 600 && loaded > 0 && rejected > 0, "\(seedNote(seed)): \(loaded) loaded, \(rejected) rejected")
    }

    /// Random JSON-ish text straight into the JSON parser: a value or a `SyntaxError`, never a crash or a hang
    /// (deep nesting included).
    @Test func jsonParserSurvivesRandomInput() throws {
        let seed = testSeed(default: 0x750_4E)
        var generator = SplitMix64(seed: seed)
        let pieces = ["{", "}", "[", "]", ":", ",", "\"", "\\", "\\u", "d83d", "dc00", "0", "-", "1e5", ".", "true",
                      "null", " ", "\n", "\"a\"", "é", "\u{1}"]
        for _ in 0..<3000 {
            var text = ""
            for _ in 0..<Int.random(in: 0...40, using: &generator) { text += pieces.randomElement(using: &generator)! }
            var bytes = Array(text.utf8)
            if Int.random(in: 0..<4, using: &generator) == 0 { bytes = Self.mutate(bytes, &generator) }
            do {
                _ = try bytes.withUnsafeBytes { try JSONParser.parse($0, maxDepth: 8) }
            } catch let error as JSONParser.SyntaxError {
                #expect(error.line >= 1, "\(seedNote(seed))")
            } catch {
                Issue.record("\(seedNote(seed)): unexpected \(error)")
            }
        }
        let deep = Array(repeating: UInt8(ascii: "["), count: 100_000)
        #expect(throws: JSONParser.SyntaxError.self) { try deep.withUnsafeBytes { try JSONParser.parse($0) } }
    }

    /// The option parsers on random text: each returns an in-range value or throws ValidationError (exit 64). An
    /// accepted number matches an independent check: the strict decimal grammar (a regular expression) and
    /// `Double(String)`.
    @Test func optionParsersOnRandomText() throws {
        let seed = testSeed(default: 0x0971_0A5)
        var generator = SplitMix64(seed: seed)
        let pieces = ["0", "1", "9", "-", "+", ".", "e", "E", "x", "p", ",", " ", "inf", "nan", "min", "s", "h", "d", "m",
                      "T", ":", "Z", "2025-06-01", "12:00:00", "1e308", "99999999999999999999", "١", "_", "km", "nmi"]
        let decimal = /[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?/
        for _ in 0..<4000 {
            var text = ""
            for _ in 0..<Int.random(in: 0...6, using: &generator) { text += pieces.randomElement(using: &generator)! }
            let strict = StrictDecimal.parse(text)
            let grammatical = text.utf8.count <= StrictDecimal.maxLength && (try? decimal.wholeMatch(in: text)) != nil
            #expect((strict != nil) == grammatical, "\(seedNote(seed)): '\(text)'")
            if let strict {
                #expect(strict == Double(text), "\(seedNote(seed)): '\(text)'")
            }
            Self.expectValidation { let c = try Arguments.coordinate(text); #expect(abs(c.latitude) <= 90 && abs(c.longitude) <= 180) }
            Self.expectValidation { for r in try Arguments.radii(text) { _ = try Arguments.radius(r, .kilometer) } }
            if text.utf8.count % 8 == 0 { Self.expectValidation { _ = try Arguments.unit(text) } }
            Self.expectValidation {
                let seconds = try FilterOptions.duration(text, option: "--max-age")
                #expect(seconds >= 0 && seconds <= 1e11)
            }
            Self.expectValidation { _ = try Arguments.count(text, option: "--k") }
            if let date = StrictTimestamp.parse(text) {
                // Unix seconds within ±1e11; ISO 8601 years 0000-9999 (9999-12-31T23:59:59Z = 253402300799).
                #expect(abs(date.timeIntervalSince1970) < 253_402_300_800, "\(seedNote(seed)): '\(text)'")
            }
        }
    }

    static func expectValidation(_ body: () throws -> Void) {
        do {
            try body()
        } catch {
            // ArgumentParser's ValidationError (exit 64); the test target does not import ArgumentParser.
            #expect("\(type(of: error))" == "ValidationError", "\(error)")
        }
    }

    /// A handful of mutated files through the real binary: exit 0, 1 or 64 only, and stderr lines are
    /// `warning:`/`error:` lines.
    @Test func binaryExitCodesOnMutatedFiles() async throws {
        let seed = testSeed(default: 0xB1_4A27)
        var generator = SplitMix64(seed: seed)
        let directory = try Self.directory()
        for (index, (format, name)) in (Self.formats + Self.formats).enumerated() {
            let bytes = Self.mutate(Self.file(Self.vehicles(&generator), format, &generator), &generator)
            let url = directory.appendingPathComponent("\(index)-\(name)")
            try Data(bytes).write(to: url)
            let result = try await NearestBinary.run(["query", "--at", "0,0", "--file", url.path, "--format", "json"]
                                                     + (index % 3 == 0 ? ["--strict"] : []))
            #expect([0, 1, 64].contains(result.status), "\(seedNote(seed)): \(result.stderr)")
            for line in result.stderr.split(separator: "\n") {
                #expect(line.hasPrefix("warning: ") || line.hasPrefix("error: "), "\(seedNote(seed)): \(line)")
            }
        }
    }

    static func directory() throws -> URL {
        try temporaryFolder(prefix: "fuzz")
    }
}
