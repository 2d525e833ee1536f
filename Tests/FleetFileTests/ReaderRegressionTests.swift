import Foundation
import NearestVehicle
import Testing
import TestSupport
@testable import FleetFile

/// One named regression test per reader finding of issue 14 (hardening); each failed before the reader was
/// rewritten (the yaslab CSV reader, Foundation's JSONDecoder and ISO8601FormatStyle, `Double(String)`).
@Suite struct ReaderRegressionTests {
    /// Issue 14: a CSV starting with a UTF-8 BOM had every record skipped ("missing vehicle id").
    @Test func csvWithByteOrderMarkAndCRLF() throws {
        let path = try temporaryFile("bom.csv", bytes: [0xEF, 0xBB, 0xBF] + Array("id,latitude,longitude\r\nV1,48.85,2.35\r\nV2,45,5\r\n".utf8))
        let load = try FleetFileLoader().load(path: path)
        #expect(load.rejected.isEmpty)
        #expect(load.records.map(\.id) == ["V1", "V2"])
        #expect(load.records[1].coordinate.longitude == 5)
    }

    /// RFC 4180: quoted fields with the delimiter, `""` and a line break inside; the next record's line number
    /// counts the embedded break.
    @Test func rfc4180QuotedFields() throws {
        let path = try temporaryFile("quoted.csv", "id,latitude,longitude,state\r\n\"a,\"\"b\"\"\r\nc\",1,2,\"X\"\r\nV2,3,4,\r\nV3,x,4,\n")
        let load = try FleetFileLoader().load(path: path)
        #expect(load.records.map(\.id) == ["a,\"b\"\r\nc", "V2"])
        #expect(load.records[0].state == "X")
        #expect(load.lines == [2, 4])
        #expect(load.rejected.map(\.location) == ["quoted.csv:5"])
    }

    /// Issue 14: `v\xff1` and `v\xfe1` both became `v\u{FFFD}1` and one vehicle silently disappeared, even with
    /// --strict. Each is now a rejected record with file:line.
    @Test func invalidUTF8IdsAreRejectedNotMerged() throws {
        let bytes = Array("id,latitude,longitude\n".utf8) + [0x76, 0xFF, 0x31] + Array(",1,2\n".utf8)
            + [0x76, 0xFE, 0x31] + Array(",1,3\n".utf8) + Array("ok,1,4\n".utf8)
            + [0x76, 0xC0, 0xAF] + Array(",1,5\n".utf8)  // overlong '/'
        let path = try temporaryFile("utf8.csv", bytes: bytes)
        let load = try FleetFileLoader().load(path: path)
        #expect(load.records.map(\.id) == ["ok"])
        #expect(load.rejected.map(\.location) == ["utf8.csv:2", "utf8.csv:3", "utf8.csv:5"])
        #expect(load.rejected[0].reason.hasPrefix("invalid UTF-8 (byte 0xFF at byte 2 of the record)"))
        #expect { try FleetFileLoader(strict: true).load(path: path) } throws: { error in
            (error as? RejectedRecord)?.location == "utf8.csv:2"
        }
    }

    /// Issue 14: JSON numeric ids beyond 2^53 (`12345678901234567891`, `...892`) both became
    /// `1.2345678901234567e+19`. Ids keep their exact JSON text, in NDJSON, GeoJSON and Ocean dumps.
    @Test func jsonIdsBeyond2To53StayExact() throws {
        let ndjson = try temporaryFile("big.ndjson", """
            {"id": 12345678901234567891, "latitude": 1, "longitude": 2}
            {"id": 12345678901234567892, "latitude": 1, "longitude": 2}
            {"id": 1.50, "latitude": 1, "longitude": 2}
            """)
        #expect(try FleetFileLoader().load(path: ndjson).records.map(\.id)
            == ["12345678901234567891", "12345678901234567892", "1.50"])
        let ocean = try temporaryFile("dump.json", """
            {"vehicles": [{"id": 9223372036854775807, "position": {"latitudeY": 1, "longitudeX": 2}},
                          {"id": 9223372036854775806, "position": {"latitudeY": 1, "longitudeX": 2}}]}
            """)
        #expect(try FleetFileLoader().load(path: ocean).records.map(\.id) == ["9223372036854775807", "9223372036854775806"])
        let geojson = try temporaryFile("big.geojson", """
            {"type": "FeatureCollection", "features": [
              {"type": "Feature", "id": 18014398509481985, "geometry": {"type": "Point", "coordinates": [2, 1]}},
              {"type": "Feature", "id": 18014398509481984, "geometry": {"type": "Point", "coordinates": [2, 1]}}]}
            """)
        #expect(try FleetFileLoader().load(path: geojson).records.map(\.id) == ["18014398509481985", "18014398509481984"])
    }

    /// Issue 14: `"latitude"` and `"LATITUDE"` in one object picked a different value from run to run. Such a
    /// record is rejected, naming both keys.
    @Test func duplicateKeysDifferingInCaseAreRejected() throws {
        let path = try temporaryFile("dup.ndjson", """
            {"id": "A", "latitude": 1, "LATITUDE": 2, "longitude": 3}
            {"id": "B", "latitude": 1, "longitude": 3}
            {"id": "C", "id": "D", "latitude": 1, "longitude": 3}
            """)
        let load = try FleetFileLoader().load(path: path)
        #expect(load.records.map(\.id) == ["B"])
        #expect(load.rejected.map(\.description) == [
            "dup.ndjson:1: keys 'latitude' and 'LATITUDE' are the same key (up to case)",
            "dup.ndjson:3: keys 'id' and 'id' are the same key (up to case)",
        ])
        let ocean = try temporaryFile("dup.json", """
            {"vehicles": [
              {"id": "1", "position": {"latitudeY": 1, "LatitudeY": 5, "longitudeX": 2}}
            ]}
            """)
        let dump = try FleetFileLoader().load(path: ocean)
        #expect(dump.records.isEmpty)
        #expect(dump.rejected.map(\.description) == ["dup.json:2: vehicles[0]: keys 'latitudeY' and 'LatitudeY' are the same key (up to case)"])
        let header = try temporaryFile("dup.csv", "id,Latitude,longitude,LATITUDE\nA,1,2,3\n")
        #expect { try FleetFileLoader().load(path: header) } throws: { "\($0)".contains("dup.csv:1: column 'latitude' appears twice") }
    }

    /// Issue 14: `2025-06-01T25:00:00Z` was accepted as the next day, and hexadecimal (`0x1p5`) as a latitude or a
    /// timestamp.
    @Test func outOfRangeISO8601AndHexNumbersAreRejected() throws {
        let path = try temporaryFile("strict.csv", """
            id,latitude,longitude,timestamp
            H25,1,2,2025-06-01T25:00:00Z
            HEXLAT,0x1p5,2,2025-06-01T12:00:00Z
            HEXTS,1,2,0x1p5
            FEB29,1,2,2025-02-29T00:00:00Z
            INF,inf,2,
            OK,1,2,2024-02-29T23:59:59.5+01:00
            """)
        let load = try FleetFileLoader().load(path: path)
        #expect(load.records.map(\.id) == ["OK"])
        // 2024-02-29T22:59:59.5Z = 1709247599.5 (date -u -d '2024-02-29T22:59:59Z' +%s -> 1709247599).
        #expect(load.records[0].timestamp == Date(timeIntervalSince1970: 1_709_247_599.5))
        #expect(load.rejected.map(\.location) == (2...6).map { "strict.csv:\($0)" })
        #expect(load.rejected[0].reason.hasPrefix("timestamp '2025-06-01T25:00:00Z' is neither ISO 8601 nor Unix seconds"))
        #expect(load.rejected[1].reason == "latitude '0x1p5' is not a decimal number")
        #expect(load.rejected[2].reason.hasPrefix("timestamp '0x1p5' is neither"))
        #expect(load.rejected[4].reason == "latitude 'inf' is not a decimal number")
    }

    /// Issue 14: a single 200 MB line was accepted (and loaded whole). A line over the limit is rejected after
    /// reading at most the limit of it, and the reader resumes on the next line. Here a 20 MB line against the
    /// 1 MiB default (same code path), then a tiny limit.
    @Test func overlongLineIsRejectedAndReadingResumes() throws {
        var bytes = Array("id,latitude,longitude\nA,1,2\n".utf8)
        bytes += Array(repeating: UInt8(ascii: "x"), count: 20 << 20) + Array(",1,2\nB,3,4\n".utf8)
        let path = try temporaryFile("long.csv", bytes: bytes)
        let load = try FleetFileLoader().load(path: path)
        #expect(load.records.map(\.id) == ["A", "B"])
        #expect(load.lines == [2, 4])
        #expect(load.rejected.count == 1 && load.rejected[0].location == "long.csv:3")
        #expect(load.rejected[0].reason.contains("longer than the limit of 1048576"))

        var small = FleetFileLoader()
        small.limits.maxRecordBytes = 16
        small.limits.chunkBytes = 8
        let tiny = try temporaryFile("tiny.csv", "id,lat,lon\nA,1,2\n\"BBBBBBBBBBBBBBBBBBBBBB\nCC\",1,2\nD,5,6\n")
        let loaded = try small.load(path: tiny)
        #expect(loaded.records.map(\.id) == ["A", "D"])
        #expect(loaded.rejected.map(\.location) == ["tiny.csv:3-4"])
    }

    /// A record with more fields than the limit is rejected, not allocated field by field.
    @Test func fieldCountLimit() throws {
        var loader = FleetFileLoader()
        loader.limits.maxFields = 4
        let path = try temporaryFile("wide.csv", "id,lat,lon\nA,1,2\nB,1,2,,,,,,,\n")
        let load = try loader.load(path: path)
        #expect(load.records.map(\.id) == ["A"])
        #expect(load.rejected.map(\.description) == ["wide.csv:3: more than 4 fields"])
    }

    /// Malformed quoting is a rejected record with its lines, never guessed at.
    @Test func malformedQuotingIsRejected() throws {
        let path = try temporaryFile("q.csv", "id,lat,lon\nA\"x,1,2\n\"B\"x,1,2\nC,1,2\n\"D,1,2\nE,1,2\n")
        let load = try FleetFileLoader().load(path: path)
        #expect(load.records.map(\.id) == ["C"])
        #expect(load.rejected.map(\.location) == ["q.csv:2", "q.csv:3", "q.csv:5-6"])
        #expect(load.rejected[0].reason.contains("a quote inside an unquoted field"))
        #expect(load.rejected[1].reason.contains("text after the closing quote"))
        #expect(load.rejected[2].reason.contains("unterminated quoted field"))
    }

    /// Issue 14: GeoJSON and Ocean-dump skips said `features[i]` where the others say `file:line`. Every location is
    /// now `file:line`, the JSON path in the reason.
    @Test func jsonDocumentLocationsAreFileLine() throws {
        let geojson = try temporaryFile("f.geojson", """
            {"type": "FeatureCollection",
             "features": [
              {"type": "Feature", "geometry": {"type": "Point", "coordinates": [2, 1]}, "properties": {"id": "A"}},

              {"type": "Feature", "geometry": {"type": "Point", "coordinates": ["2", 1]}, "properties": {"id": "B"}},
              {"type": "Feature", "geometry": {"type": "Point", "coordinates": [2, 91]}, "properties": {"id": "C"}}
            ]}
            """)
        let load = try FleetFileLoader().load(path: geojson)
        #expect(load.records.map(\.id) == ["A"] && load.lines == [3])
        #expect(load.rejected.map(\.location) == ["f.geojson:5", "f.geojson:6"])
        #expect(load.rejected[1].reason.hasPrefix("features[2]: "))
        let broken = try temporaryFile("broken.geojson", "{\"type\": \"FeatureCollection\",\n \"features\": [\n {]}\n")
        #expect { try FleetFileLoader().load(path: broken) } throws: { "\($0)".hasPrefix("broken.geojson:3: invalid JSON") }
    }
}
