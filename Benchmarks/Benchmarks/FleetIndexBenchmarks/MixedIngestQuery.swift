import Benchmark
import BenchSupport
import NearestVehicle

/// Mixed workload on one thread: per iteration 100 upserts (one batch) then 900 kNN k=10 queries, so the
/// queries pay for the log the upserts leave (and the rebuilds it triggers); per-operation figures.
/// (`nearest-bench peers` measures queries against a *concurrent* writer thread.)
func registerMixedIngestQueryBenchmarks() {
    for count in fleetSizes {
        Benchmark(
            "Mixed 10% upsert 90% kNN n=\(label(count))",
            configuration: .init(scalingFactor: .kilo)
        ) { benchmark, state in
            let (ingest, queries) = state
            let batch = ingest.nextBatch(size: 100)
            let report = ingest.index.upsert(contentsOf: batch)
            precondition(report.updated == batch.count, "upsert did not update every vehicle")
            blackHole(report)
            for iteration in 0..<900 {
                let result = try! ingest.index.nearest(10, to: queries[iteration % queries.count],
                                                       filter: queryFilter, options: peerLikeOptions)
                precondition(result.vehicles.count == 10, "kNN returned \(result.vehicles.count) vehicles")
                blackHole(result)
            }
        } setup: {
            (IngestState(positions: SyntheticFleet.positions(count: count)), SyntheticFleet.queries(count: 1000))
        }
    }
}
