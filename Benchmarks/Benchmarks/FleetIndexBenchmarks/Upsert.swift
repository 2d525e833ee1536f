import Benchmark
import BenchSupport
import Foundation
import NearestVehicle

/// Upsert throughput into a loaded index: each iteration re-upserts the next 1000 vehicles (cycling through the
/// fleet) one second newer than last time, as one batch, including any rebuild the log triggers (per-record
/// figures).
func registerUpsertBenchmarks() {
    for count in fleetSizes {
        Benchmark(
            "Upsert batch of 1000 n=\(label(count))",
            configuration: .init(scalingFactor: .kilo)
        ) { benchmark, state in
            let batch = state.nextBatch(size: benchmark.scaledIterations.count)
            let report = state.index.upsert(contentsOf: batch)
            precondition(report.updated == batch.count, "upsert did not update every vehicle")
            blackHole(report)
        } setup: {
            IngestState(positions: SyntheticFleet.positions(count: count))
        }
    }
}

/// A loaded index and a cursor over its fleet for ever newer re-upserts.
final class IngestState {
    let index: FleetIndex
    let positions: [VehiclePosition]
    var offset = 0
    var round = 1.0

    init(positions: [VehiclePosition]) {
        self.positions = positions
        index = FleetIndex.load(positions).index
    }

    func nextBatch(size: Int) -> [VehiclePosition] {
        var batch: [VehiclePosition] = []
        batch.reserveCapacity(size)
        for _ in 0..<size {
            var position = positions[offset]
            position.timestamp = position.timestamp.addingTimeInterval(round)
            batch.append(position)
            offset += 1
            if offset == positions.count {
                offset = 0
                round += 1
            }
        }
        return batch
    }
}
