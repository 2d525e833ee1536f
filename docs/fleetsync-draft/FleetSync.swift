import Foundation
import Logging
import NearestVehicle
import OceanAPI

/// Keeps a ``NearestVehicle/FleetIndex`` in step with Ocean: pulls `vehiclePositions` (and `vehicles`, for each
/// vehicle's entity and privacy setting) and upserts the positions, on demand (``syncOnce()``) or on an interval
/// (``run(every:onReport:)``, cancellable, structured).
///
/// Each sync reports what changed (inserted / updated / stale, from the index), what was rejected and why (no
/// position, no parseable time, invalid coordinate, empty id), and the age of the newest and oldest positions.
/// The index keeps the newest position per vehicle, so an older Ocean answer never overwrites a newer fix.
public final class FleetSync: Sendable {
    public let client: OceanClient
    public let index: FleetIndex
    /// The Ocean customer to mirror; the index's `customerId` is its decimal string.
    public let customerId: Int64
    /// Re-read `vehicles` (entity, privacy) every this many syncs; positions are read every sync.
    public let attributesRefreshEvery: Int
    let now: @Sendable () -> Date
    let logger: Logger
    let attributes = AttributeCache()

    public init(
        client: OceanClient, index: FleetIndex, customerId: Int64, attributesRefreshEvery: Int = 10,
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger = Logger(label: "fleet-sync")
    ) {
        self.client = client
        self.index = index
        self.customerId = customerId
        self.attributesRefreshEvery = max(1, attributesRefreshEvery)
        self.now = now
        self.logger = logger
    }

    /// One pull and upsert.
    /// - Throws: ``OceanAPI/OceanError`` when Ocean could not be read (the index is then unchanged).
    public func syncOnce() async throws -> FleetSyncReport {
        let started = now()
        let vehicleAttributes = try await attributes.current(refreshEvery: attributesRefreshEvery) { [client, customerId] in
            var byId: [String: VehicleAttributes] = [:]
            for vehicle in try await client.vehicles(customerId: customerId) {
                guard let id = vehicle.id else { continue }
                byId[String(id)] = VehicleAttributes(
                    entityId: vehicle.entity.map { String($0.id) }, privacyEnabled: vehicle.privacyEnabled ?? false
                )
            }
            return byId
        }
        let vehicles = try await client.vehiclePositions(customerId: customerId)
        var report = FleetSyncReport(startedAt: started)
        report.received = vehicles.count
        var records: [PositionRecord] = []
        var recordVehicleIndex: [Int] = []
        for (offset, vehicle) in vehicles.enumerated() {
            let id = vehicle.vehicleId ?? ""
            guard let position = vehicle.position else {
                report.skipped.append(.init(offset: offset, vehicleId: id, reason: .noPosition))
                continue
            }
            guard let latitude = position.latitude, let longitude = position.longitude else {
                report.skipped.append(.init(offset: offset, vehicleId: id, reason: .noPosition))
                continue
            }
            guard let timestamp = position.timestamp else {
                report.skipped.append(.init(offset: offset, vehicleId: id, reason: .noTimestamp))
                continue
            }
            let attributes = vehicleAttributes[id]
            let state = VehicleState(rawValue: position.state?.rawValue ?? VehicleState.undefined.rawValue)
            records.append(
                PositionRecord(
                    id: id, latitude: latitude, longitude: longitude, timestamp: timestamp,
                    customerId: String(customerId), entityId: attributes?.entityId, groupId: nil, state: state,
                    isPrivacyMode: (attributes?.privacyEnabled ?? false) || state == .privacy
                )
            )
            recordVehicleIndex.append(offset)
        }
        let upsert = index.upsert(records: records)
        report.inserted = upsert.inserted
        report.updated = upsert.updated
        report.stale = upsert.stale
        for rejection in upsert.rejections {
            report.skipped.append(.init(
                offset: recordVehicleIndex[rejection.offset], vehicleId: rejection.id,
                reason: .rejectedByIndex(rejection.reason.description)
            ))
        }
        report.skipped.sort { $0.offset < $1.offset }
        let finished = now()
        report.finishedAt = finished
        let times = records.map(\.timestamp)
        if let newest = times.max(), let oldest = times.min() {
            report.newestPositionAge = .milliseconds(Int64((finished.timeIntervalSince(newest) * 1000).rounded()))
            report.oldestPositionAge = .milliseconds(Int64((finished.timeIntervalSince(oldest) * 1000).rounded()))
        }
        logger.info("fleet sync", metadata: ["report": "\(report)"])
        return report
    }

    /// Syncs now and then every `interval` until the calling task is cancelled. A failed sync is reported and
    /// the loop goes on (the client already retried); cancellation ends it without error.
    /// - Parameter onReport: called after each sync, in order.
    public func run(
        every interval: Duration,
        sleep: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        onReport: @Sendable (Result<FleetSyncReport, OceanError>) async -> Void
    ) async {
        while !Task.isCancelled {
            do {
                await onReport(.success(try await syncOnce()))
            } catch let error as OceanError {
                logger.warning("fleet sync failed", metadata: ["error": "\(error)"])
                await onReport(.failure(error))
            } catch {
                return // cancelled
            }
            do { try await sleep(interval) } catch { return }
        }
    }
}

struct VehicleAttributes: Sendable {
    var entityId: String?
    var privacyEnabled: Bool
}

/// Vehicle attributes, re-read every N syncs.
actor AttributeCache {
    private var byId: [String: VehicleAttributes] = [:]
    private var syncsSinceRefresh = Int.max

    func current(
        refreshEvery: Int, load: @Sendable () async throws -> [String: VehicleAttributes]
    ) async throws -> [String: VehicleAttributes] {
        if syncsSinceRefresh >= refreshEvery {
            byId = try await load()
            syncsSinceRefresh = 0
        }
        syncsSinceRefresh += 1
        return byId
    }
}

/// What one ``FleetSync/syncOnce()`` did.
public struct FleetSyncReport: Sendable, Hashable, CustomStringConvertible {
    public var startedAt: Date
    public var finishedAt: Date
    /// Vehicles Ocean listed.
    public var received = 0
    /// Positions new to the index / newer than the index's / older than the index's (ignored).
    public var inserted = 0
    public var updated = 0
    public var stale = 0
    /// Vehicles not upserted, with why, in Ocean's order.
    public var skipped: [Skip] = []
    /// Age of the newest and oldest upserted positions at the end of the sync; nil if none.
    public var newestPositionAge: Duration?
    public var oldestPositionAge: Duration?

    init(startedAt: Date) {
        self.startedAt = startedAt
        self.finishedAt = startedAt
    }

    public struct Skip: Sendable, Hashable, CustomStringConvertible {
        public var offset: Int
        public var vehicleId: String
        public var reason: Reason

        public enum Reason: Sendable, Hashable, CustomStringConvertible {
            /// Ocean sent no position (privacy mode, never located).
            case noPosition
            /// The position's date/time could not be read.
            case noTimestamp
            /// The index refused the record (invalid coordinate, empty id...).
            case rejectedByIndex(String)

            public var description: String {
                switch self {
                case .noPosition: "no position"
                case .noTimestamp: "no readable position time"
                case .rejectedByIndex(let why): why
                }
            }
        }

        public var description: String { "vehicle '\(vehicleId)' (#\(offset)): \(reason)" }
    }

    public var description: String {
        "received \(received), inserted \(inserted), updated \(updated), stale \(stale), skipped \(skipped.count)"
            + (newestPositionAge.map { ", newest \($0) old" } ?? "") + (oldestPositionAge.map { ", oldest \($0) old" } ?? "")
    }
}
