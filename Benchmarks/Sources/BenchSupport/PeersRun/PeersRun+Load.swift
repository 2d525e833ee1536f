import Foundation
import Geo
import NearestVehicle

extension PeersRun {
    /// What the machine is, at the start: printed first, and kept for the summary.
    struct MachineStart {
        var toolchain: String
        var cpu: String
        var loadAverage: String
        var cpuPressure: String
    }

    /// The peer data, as the phases use it.
    struct Input {
        /// Every vehicle of the fleet CSV, customer ``PeersRun/customerId``.
        var positions: [VehiclePosition]
        /// The query CSV's rows (first ``PeersRun/limitQueries`` only, when set).
        var queries: [QueryRow]
        var points: [Coordinate]
        /// The points of the within timings (first ``PeersRun/limitWithinQueries`` only, when set).
        var withinPoints: [Coordinate]
        var loadCsvMs: Double
    }

    func logMachineStart() -> MachineStart {
        let loadStart = (MachineInfo.loadAverage(), MachineInfo.cpuPressure())
        let toolchain = MachineInfo.toolchain()
        let cpu = MachineInfo.cpu()
        log("toolchain: \(toolchain)")
        log("cpu: \(cpu); build: release; load average \(loadStart.0); CPU PSI \(loadStart.1)")
        return MachineStart(toolchain: toolchain, cpu: cpu, loadAverage: loadStart.0, cpuPressure: loadStart.1)
    }

    /// Reads the fleet and query CSVs (timed: `load_csv_ms`).
    /// - Throws: ``PeerCSVError`` for a malformed file, or when either has no rows.
    func loadInput() throws -> Input {
        let csvStart = monotonicNanoseconds()
        let rows = try PeerCSV.loadFleet(path: fleetPath)
        var queries = try PeerCSV.loadQueries(path: queriesPath)
        let loadCsvMs = Double(monotonicNanoseconds() - csvStart) / 1e6
        if let limitQueries { queries = Array(queries.prefix(limitQueries)) }
        guard !rows.isEmpty, !queries.isEmpty else { throw PeerCSVError(path: fleetPath, line: 0, message: "no rows") }
        log("loaded \(rows.count) vehicles and \(queries.count) queries in \(Self.ms(loadCsvMs)) ms")
        let positions = rows.map { row in
            VehiclePosition(id: row.id, coordinate: row.coordinate,
                            timestamp: Date(timeIntervalSince1970: TimeInterval(row.unixSeconds)),
                            customerId: Self.customerId)
        }
        let points = queries.map(\.coordinate)
        let withinPoints = Array(points.prefix(limitWithinQueries ?? points.count))
        return Input(positions: positions, queries: queries, points: points, withinPoints: withinPoints,
                     loadCsvMs: loadCsvMs)
    }
}
