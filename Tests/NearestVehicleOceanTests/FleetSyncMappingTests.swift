import Foundation
import Geo
import NearestVehicleOcean
@testable import OceanAPI
import Testing

/// The Ocean → core mapping (`FleetSyncSnapshot`), on hand-built Ocean values the emulator cannot produce.
/// Expected values are written out by hand from the documented mapping, not computed by it.
@Suite struct FleetSyncMappingTests {
    static let fix = Date(timeIntervalSince1970: 1_799_999_000)

    static func vehicle(
        id: String? = "42", latitude: Double? = 48.8566, longitude: Double? = 2.3522, timestamp: Date? = fix,
        state: String? = "TRAVELING", dateText: String? = "15/01/2027", timeText: String? = "07:56:40",
        located: Bool = true
    ) -> OceanVehiclePosition {
        OceanVehiclePosition(
            vehicleId: id, registration: "AB-123-CD", entityName: "Agence Nord",
            position: located
                ? .init(latitude: latitude, longitude: longitude, state: state.map(VehicleState.init(rawValue:)),
                        dateText: dateText, timeText: timeText, timestamp: timestamp)
                : nil
        )
    }

    static func attributes(id: Int64 = 42, entity: Int64? = 10011, privacy: Bool? = false) -> OceanVehicle {
        OceanVehicle(id: id, entity: entity.map { OceanEntity(id: $0, name: "Agence \($0)") }, privacyEnabled: privacy)
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var vehicle: OceanVehiclePosition
        var attributes: OceanVehicle?
        var reason: FleetSyncSkip.Reason
        var coordinateError: CoordinateError?
        var testDescription: String { name }
    }

    static let rejected: [Row] = [
        Row(name: "no id", vehicle: vehicle(id: nil), attributes: nil, reason: .missingID),
        Row(name: "empty id", vehicle: vehicle(id: ""), attributes: attributes(), reason: .missingID),
        Row(name: "no id wins over no position", vehicle: vehicle(id: nil, located: false), attributes: nil,
            reason: .missingID),
        Row(name: "no position, privacy on", vehicle: vehicle(located: false), attributes: attributes(privacy: true),
            reason: .privacyMode),
        Row(name: "no position, privacy off", vehicle: vehicle(located: false), attributes: attributes(privacy: false),
            reason: .noPosition),
        Row(name: "no position, no attributes", vehicle: vehicle(located: false), attributes: nil, reason: .noPosition),
        Row(name: "no latitude", vehicle: vehicle(latitude: nil), attributes: attributes(), reason: .noCoordinate),
        Row(name: "no longitude", vehicle: vehicle(longitude: nil), attributes: attributes(), reason: .noCoordinate),
        Row(name: "unreadable time", vehicle: vehicle(timestamp: nil, dateText: "31/02/2027"), attributes: attributes(),
            reason: .noTimestamp),
        Row(name: "no time at all", vehicle: vehicle(timestamp: nil, dateText: nil, timeText: nil), attributes: nil,
            reason: .noTimestamp),
        Row(name: "NaN latitude", vehicle: vehicle(latitude: .nan), attributes: attributes(), reason: .invalidCoordinate,
            coordinateError: .notFinite),
        Row(name: "infinite longitude", vehicle: vehicle(longitude: -.infinity), attributes: attributes(),
            reason: .invalidCoordinate, coordinateError: .notFinite),
        Row(name: "latitude 95", vehicle: vehicle(latitude: 95), attributes: attributes(), reason: .invalidCoordinate,
            coordinateError: .latitudeOutOfRange),
        Row(name: "latitude -90.000001", vehicle: vehicle(latitude: -90.000001), attributes: attributes(),
            reason: .invalidCoordinate, coordinateError: .latitudeOutOfRange),
        Row(name: "longitude 180.5", vehicle: vehicle(longitude: 180.5), attributes: attributes(),
            reason: .invalidCoordinate, coordinateError: .longitudeOutOfRange),
    ]

    @Test(arguments: rejected)
    func rejectsWithTheReason(_ row: Row) {
        #expect(throws: row.reason) {
            try FleetSyncSnapshot.position(from: row.vehicle, attributes: row.attributes, customerId: 1001)
        }
        do {
            _ = try FleetSyncSnapshot.position(from: row.vehicle, attributes: row.attributes, customerId: 1001)
        } catch {
            #expect(error.coordinateError == row.coordinateError)
        }
    }

    @Test func unreadableTimeNamesTheText() {
        let vehicle = Self.vehicle(timestamp: nil, dateText: "31/02/2027", timeText: "25:00:00")
        let snapshot = FleetSyncSnapshot(customerId: 1001, vehiclePositions: [vehicle], vehicles: [], fetchedAt: Self.fix)
        #expect(snapshot.skipped.map(\.description) == [
            "vehicle '42' (#0): no readable position time (date '31/02/2027', heure '25:00:00')",
        ])
    }

    @Test func boundaryCoordinatesAreAccepted() throws {
        for (latitude, longitude) in [(90.0, 180.0), (-90.0, -180.0), (0.0, 0.0)] {
            let position = try FleetSyncSnapshot.position(
                from: Self.vehicle(latitude: latitude, longitude: longitude), attributes: nil, customerId: 7
            )
            #expect(position.coordinate == (try Coordinate(latitude: latitude, longitude: longitude)))
        }
    }

    @Test func mapsEveryField() throws {
        let position = try FleetSyncSnapshot.position(
            from: Self.vehicle(), attributes: Self.attributes(), customerId: 1001
        )
        #expect(position == VehiclePosition(
            id: "42", coordinate: try Coordinate(latitude: 48.8566, longitude: 2.3522), timestamp: Self.fix,
            customerId: "1001", entityId: "10011", groupId: nil, state: .traveling, isPrivacyMode: false
        ))
    }

    /// The same vehicle in a `nearestVehicles` answer (Ocean's only source of a vehicle's group, and of its fix
    /// time to the millisecond).
    static func located(
        id: Int64 = 42, latitude: Double = 48.8566, longitude: Double = 2.3522, time: Date? = fix + 0.629,
        group: Int64? = 100_111
    ) -> OceanNearestVehicle {
        OceanNearestVehicle(vehicleId: id, latitude: latitude, longitude: longitude, distance: 1_234.5,
                            state: .traveling, positionTime: time, groupId: group, privacyEnabled: false)
    }

    /// Regression (issue 20): the group was always nil, so local answers had no `group` and a group filter found
    /// nothing; and fix times lost their milliseconds (`vehiclePositions`' `heure` is whole seconds).
    @Test func groupAndMillisecondsComeFromTheNearestVehiclesAnswer() throws {
        let position = try FleetSyncSnapshot.position(
            from: Self.vehicle(), attributes: Self.attributes(), located: Self.located(), customerId: 1001
        )
        #expect(position == VehiclePosition(
            id: "42", coordinate: try Coordinate(latitude: 48.8566, longitude: 2.3522), timestamp: Self.fix + 0.629,
            customerId: "1001", entityId: "10011", groupId: "100111", state: .traveling, isPrivacyMode: false
        ))
    }

    struct FixRow: Sendable, CustomTestStringConvertible {
        var name: String
        var located: OceanNearestVehicle
        /// Seconds after ``fix`` the mapped timestamp must be.
        var offset: Double
        var testDescription: String { name }
    }

    /// `gmtPos` replaces the whole-second time only when it is the same fix: same coordinate, at most a second
    /// apart (`heure` truncated, or rounded; `gmtPos` rounded to the millisecond); the group is the vehicle's,
    /// whatever the fix.
    static let fixRows: [FixRow] = [
        FixRow(name: "same fix, heure truncated", located: located(time: fix + 0.999), offset: 0.999),
        // Regression (found by LocalFidelityTests with seed 987654321): a fix at 35.9997 s is heure 35 and
        // gmtPos 36.000; it was left at 35.000.
        FixRow(name: "same fix, gmtPos rounded up to the next second", located: located(time: fix + 1), offset: 1),
        FixRow(name: "same fix, heure rounded", located: located(time: fix - 0.4), offset: -0.4),
        FixRow(name: "same whole second", located: located(time: fix), offset: 0),
        FixRow(name: "a later fix at the same place", located: located(time: fix + 1.001), offset: 0),
        FixRow(name: "an earlier fix at the same place", located: located(time: fix - 1.001), offset: 0),
        FixRow(name: "moved north", located: located(latitude: 48.8567, time: fix + 0.5), offset: 0),
        FixRow(name: "moved east", located: located(longitude: 2.3523, time: fix + 0.5), offset: 0),
        FixRow(name: "no gmtPos", located: located(time: nil), offset: 0),
    ]

    @Test(arguments: fixRows)
    func millisecondsOnlyFromTheSameFix(_ row: FixRow) throws {
        let position = try FleetSyncSnapshot.position(
            from: Self.vehicle(), attributes: Self.attributes(), located: row.located, customerId: 1001
        )
        #expect(position.timestamp == Self.fix + row.offset)
        #expect(position.groupId == "100111")
        #expect(position.coordinate == (try Coordinate(latitude: 48.8566, longitude: 2.3522)))
    }

    @Test func snapshotMatchesNearestVehiclesById() throws {
        let nearest = [
            Self.located(id: 2, group: 20),
            OceanNearestVehicle(vehicleId: nil, groupId: 99),  // no id: ignored
            Self.located(id: 1, group: nil),
            Self.located(id: 2, group: 21),  // duplicate id: the first wins
        ]
        let snapshot = FleetSyncSnapshot(
            customerId: 1001, vehiclePositions: [Self.vehicle(id: "1"), Self.vehicle(id: "2"), Self.vehicle(id: "3")],
            vehicles: [], nearestVehicles: nearest, fetchedAt: Self.fix
        )
        #expect(snapshot.positions.map(\.id) == ["1", "2", "3"])
        #expect(snapshot.positions.map(\.groupId) == [nil, "20", nil])
        #expect(snapshot.positions.map(\.timestamp) == [Self.fix + 0.629, Self.fix + 0.629, Self.fix])
        #expect(snapshot.newestPositionAge == .milliseconds(-629))
    }

    @Test func privacyComesFromTheVehicleOrTheState() throws {
        let flagged = try FleetSyncSnapshot.position(
            from: Self.vehicle(state: "STOPPED"), attributes: Self.attributes(privacy: true), customerId: 1001
        )
        #expect(flagged.isPrivacyMode && flagged.state == .stopped)
        let byState = try FleetSyncSnapshot.position(
            from: Self.vehicle(state: "PRIVACY"), attributes: Self.attributes(privacy: false), customerId: 1001
        )
        #expect(byState.isPrivacyMode && byState.state == .privacy)
        let neither = try FleetSyncSnapshot.position(
            from: Self.vehicle(state: "STOPPED"), attributes: Self.attributes(privacy: nil), customerId: 1001
        )
        #expect(!neither.isPrivacyMode)
    }

    @Test func missingAttributesAndStatesHaveDefaults() throws {
        let bare = try FleetSyncSnapshot.position(from: Self.vehicle(state: nil), attributes: nil, customerId: 1001)
        #expect(bare.entityId == nil && bare.state == .undefined && !bare.isPrivacyMode)
        let novel = try FleetSyncSnapshot.position(
            from: Self.vehicle(state: "TELEPORTING"), attributes: Self.attributes(entity: nil), customerId: 1001
        )
        #expect(novel.state == VehicleState("TELEPORTING") && novel.entityId == nil)
    }

    @Test func snapshotAccountsForEveryListedVehicle() throws {
        let answer = [
            Self.vehicle(id: "1"),
            Self.vehicle(id: "2", located: false),
            Self.vehicle(id: "3", latitude: .nan),
            Self.vehicle(id: "4", timestamp: Self.fix - 600),
            Self.vehicle(id: nil),
            Self.vehicle(id: "6", timestamp: nil),
        ]
        let vehicles = [
            Self.attributes(id: 1, entity: 10010),
            Self.attributes(id: 2, privacy: true),
            Self.attributes(id: 1, entity: 99999),  // duplicate id: the first wins
        ]
        let fetchedAt = Self.fix + 30
        let snapshot = FleetSyncSnapshot(customerId: 1001, vehiclePositions: answer, vehicles: vehicles, fetchedAt: fetchedAt)
        #expect(snapshot.received == 6)
        #expect(snapshot.positions.map(\.id) == ["1", "4"])
        #expect(snapshot.positions.map(\.entityId) == ["10010", nil])
        #expect(snapshot.skipped == [
            FleetSyncSkip(offset: 1, vehicleId: "2", reason: .privacyMode),
            FleetSyncSkip(offset: 2, vehicleId: "3", reason: .invalidCoordinate),
            FleetSyncSkip(offset: 4, vehicleId: "", reason: .missingID),
            FleetSyncSkip(offset: 5, vehicleId: "6", reason: .noTimestamp),
        ])
        #expect(snapshot.listedIds == ["1", "2", "3", "4", "6"])
        #expect(snapshot.newestPositionAge == .seconds(30))
        #expect(snapshot.oldestPositionAge == .seconds(630))
    }

    @Test func agesOfAnEmptyOrFutureAnswer() throws {
        let empty = FleetSyncSnapshot(customerId: 1001, vehiclePositions: [], vehicles: [], fetchedAt: Self.fix)
        #expect(empty.newestPositionAge == nil && empty.oldestPositionAge == nil && empty.skipped.isEmpty)
        let future = FleetSyncSnapshot(
            customerId: 1001, vehiclePositions: [Self.vehicle(timestamp: Self.fix + 2.5)], vehicles: [], fetchedAt: Self.fix
        )
        #expect(future.newestPositionAge == .milliseconds(-2_500) && future.oldestPositionAge == .milliseconds(-2_500))
    }
}
