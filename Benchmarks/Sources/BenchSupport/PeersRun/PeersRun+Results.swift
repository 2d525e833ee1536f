import Foundation
import NearestVehicle

extension PeersRun {
    /// The first ``resultQueries`` answers in the oracle's format: DIR/knn.jsonl and DIR/within.jsonl.
    func writeResults(index: FleetIndex, queries: [QueryRow], radiusMeters: Double) throws {
        try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        var knnText = "", withinText = ""
        for query in queries.prefix(resultQueries) {
            let nearest = try index.nearest(k, to: query.coordinate, filter: Self.filter, options: Self.options)
            knnText += OracleFormat.line(qid: query.qid, results: nearest.vehicles.map { ($0.vehicle.id, $0.distanceMeters) },
                                         decimals: distanceDecimals)
            let within = try index.within(radiusMeters, of: query.coordinate, filter: Self.filter, options: Self.options)
            withinText += OracleFormat.line(qid: query.qid, results: within.vehicles.map { ($0.vehicle.id, $0.distanceMeters) },
                                            decimals: distanceDecimals)
        }
        let directory = URL(fileURLWithPath: outputDirectory)
        try Data(knnText.utf8).write(to: directory.appendingPathComponent("knn.jsonl"))
        try Data(withinText.utf8).write(to: directory.appendingPathComponent("within.jsonl"))
    }

    /// DIR/summary.json: keys in snake_case, sorted, pretty-printed.
    func writeSummary(_ summary: PeersSummary) throws {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(summary).write(to: URL(fileURLWithPath: outputDirectory).appendingPathComponent("summary.json"))
        log("wrote \(outputDirectory)/summary.json, knn.jsonl, within.jsonl")
    }
}
