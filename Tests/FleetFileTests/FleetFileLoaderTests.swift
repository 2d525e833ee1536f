import Foundation
import Geo
import NearestVehicle
import Testing
import TestSupport
@testable import FleetFile

@Suite struct FleetFileLoaderTests {
    @Test func csvWithEveryColumn() throws {
        let path = try temporaryFile("fleet.csv", """
            id,latitude,longitude,timestamp,entity,group,state,customer,privacy
            V1,48.8566,2.3522,2025-05-31T21:50:46Z,E1,G1,EN_MISSION,42,false
            V2,45.764,4.8357,1748728246,E2,,LIBRE,42,yes
            """)
        let load = try FleetFileLoader().load(path: path)
        #expect(load.format == .csv && load.rejected.isEmpty)
        #expect(load.records.map(\.id) == ["V1", "V2"])
        let first = load.records[0]
        #expect(first.coordinate.latitude == 48.8566 && first.coordinate.longitude == 2.3522)
        #expect(first.timestamp == Date(timeIntervalSince1970: 1_748_728_246))  // 2025-05-31T21:50:46Z
        #expect(first.entityId == "E1" && first.groupId == "G1" && first.state == "EN_MISSION" && first.customerId == "42")
        #expect(!first.isPrivacyMode && load.records[1].isPrivacyMode && load.records[1].groupId == nil)
        #expect(load.locations == ["fleet.csv:2", "fleet.csv:3"])
        #expect(load.recordsWithoutTimestamp == 0 && load.recordsWithoutCustomer == 0)
    }

    /// The documented defaults: no timestamp -> the reference time (counted), no customer -> "default", no
    /// state -> UNDEFINED.
    @Test func missingFieldsGetTheDocumentedDefaults() throws {
        let path = try temporaryFile("minimal.csv", "id,latitude,longitude\nV1,48.85,2.35\n")
        let loadTime = Date(timeIntervalSince1970: 1_700_000_000)
        let load = try FleetFileLoader(referenceTime: loadTime).load(path: path)
        #expect(load.records == [VehiclePosition(id: "V1", coordinate: try Coordinate(latitude: 48.85, longitude: 2.35),
                                                 timestamp: loadTime, customerId: "default", state: .undefined)])
        #expect(load.recordsWithoutTimestamp == 1 && load.recordsWithoutCustomer == 1)
    }

    /// Malformed lines are reported with file:line and reason; the good lines are all kept.
    @Test func csvMalformedLinesAreReportedWithLineNumbers() throws {
        let path = try temporaryFile("bad.csv", """
            id,latitude,longitude
            V1,48.85,2.35
            V2,abc,2.35
            ,48.85,2.35
            V4,48.85

            V5,91,2.35
            V6,48.85,2.36
            """)
        let load = try FleetFileLoader().load(path: path)
        #expect(load.records.map(\.id) == ["V1", "V6"])
        #expect(load.rejected.map(\.location) == ["bad.csv:3", "bad.csv:4", "bad.csv:5", "bad.csv:7"])
        #expect(load.rejected[0].reason.contains("latitude 'abc' is not a decimal number"))
        #expect(load.rejected[1].reason.contains("missing vehicle id"))
        #expect(load.rejected[2].reason.contains("2 fields, the header has 3"))
        #expect(load.rejected[3].reason.contains("latitude 91"))  // range-checked as the index checks it
    }

    @Test func strictStopsAtTheFirstBadLine() throws {
        let path = try temporaryFile("bad.csv", "id,latitude,longitude\nV1,1,2\nV2,nan,2\nV3,x,2\n")
        #expect { try FleetFileLoader(strict: true).load(path: path) } throws: { error in
            (error as? RejectedRecord)?.description == "bad.csv:3: latitude 'nan' is not a decimal number"
        }
    }

    /// Lambert-93 (EPSG:2154) x/y columns, against cs2cs: Paris 652469.022709 6862035.259420 -> 48.8566 N 2.3522 E,
    /// Marseille 892390.221566 6247035.256802 -> 43.2965 N 5.3698 E.
    @Test func projectedColumnsAreTransformed() throws {
        let path = try temporaryFile("l93.csv", "id,x,y\nP,652469.022709,6862035.259420\nM,892390.221566,6247035.256802\n")
        let load = try FleetFileLoader(crs: "EPSG:2154").load(path: path)
        #expect(load.rejected.isEmpty)
        #expect(abs(load.records[0].coordinate.latitude - 48.8566) < 1e-8 && abs(load.records[0].coordinate.longitude - 2.3522) < 1e-8)
        #expect(abs(load.records[1].coordinate.latitude - 43.2965) < 1e-8 && abs(load.records[1].coordinate.longitude - 5.3698) < 1e-8)
    }

    @Test func invalidCRSIsAClearError() throws {
        let path = try temporaryFile("l93.csv", "id,x,y\nP,1,2\n")
        #expect { try FleetFileLoader(crs: "EPSG:99999").load(path: path) } throws: { error in
            "\(error)".contains("invalid --crs 'EPSG:99999'")
        }
    }

    @Test func ndjson() throws {
        let path = try temporaryFile("fleet.ndjson", """
            {"id": "A", "lat": 48.85, "lon": 2.35, "state": "LIBRE"}
            {"id": 9007199254740993, "latitude": 45.0, "longitude": 5.0}
            not json
            {"id": "C", "latitude": "x", "longitude": 5.0}
            """)
        let load = try FleetFileLoader().load(path: path)
        #expect(load.records.map(\.id) == ["A", "9007199254740993"])  // int64 ids survive exactly
        #expect(load.rejected.map(\.location) == ["fleet.ndjson:3", "fleet.ndjson:4"])
    }

    @Test func geojson() throws {
        let path = try temporaryFile("fleet.geojson", """
            {"type": "FeatureCollection", "features": [
              {"type": "Feature", "id": "A", "geometry": {"type": "Point", "coordinates": [2.35, 48.85]}, "properties": {"state": "LIBRE"}},
              {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 1]]}, "properties": {"id": "B"}},
              {"type": "Feature", "geometry": {"type": "Point", "coordinates": [5.0, 45.0]}, "properties": {"id": "C", "latitude": 1}}
            ]}
            """)
        let load = try FleetFileLoader().load(path: path)
        #expect(load.records.map(\.id) == ["A", "C"])
        #expect(load.records[0].coordinate.latitude == 48.85 && load.records[0].coordinate.longitude == 2.35 && load.records[0].state == "LIBRE")
        #expect(load.records[1].coordinate.latitude == 45.0)  // geometry wins over a stray property
        #expect(load.rejected.map(\.location) == ["fleet.geojson:3"])
        #expect(load.rejected[0].reason.hasPrefix("features[1]: not a Point feature"))
    }

    /// The shape of Ocean's `vehiclePositions` answer (../shared/ocean-api/trips-and-positions.md).
    @Test func oceanDump() throws {
        let path = try temporaryFile("positions.json", """
            {"vehicles": [
              {"id": "1001", "immat": "AB-123-CD", "entityName": "Paris Nord",
               "position": {"latitudeY": 48.85, "longitudeX": 2.35, "etat": "EN_MISSION", "date": "2025-05-31T21:50:46Z"}},
              {"id": "1002", "position": {"latitudeY": 48.86}}
            ]}
            """)
        let load = try FleetFileLoader().load(path: path)
        #expect(load.format == .ocean)
        #expect(load.records.map(\.id) == ["1001"] && load.records[0].entityId == "Paris Nord")
        #expect(load.records[0].state == "EN_MISSION")
        #expect(load.rejected.first?.reason.contains("missing longitude") == true)
    }

    @Test func missingFileAndBadHeader() throws {
        #expect { try FleetFileLoader().load(path: "/nonexistent/fleet.csv") } throws: { "\($0)".contains("does not exist") }
        let path = try temporaryFile("fleet.csv", "name,color\nx,y\n")
        #expect { try FleetFileLoader().load(path: path) } throws: { "\($0)".contains("has no 'id'") }
    }
}
