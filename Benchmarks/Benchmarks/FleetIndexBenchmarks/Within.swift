import Benchmark
import BenchSupport
import Geo
import NearestVehicle

/// Every vehicle within 5 km, sorted by (distance, id); 1000 queries per iteration (per-query figures).
func registerWithinBenchmarks() {
    let radiusMeters = 5_000.0
    for count in fleetSizes {
        Benchmark(
            "Within 5km n=\(label(count))",
            configuration: .init(scalingFactor: .kilo)
        ) { benchmark, state in
            let (index, queries) = state
            for iteration in benchmark.scaledIterations {
                let result = try! index.within(radiusMeters, of: queries[iteration % queries.count], filter: queryFilter,
                                               options: peerLikeOptions)
                precondition(result.vehicles.allSatisfy { $0.distanceMeters <= 5000 }, "within returned a far vehicle")
                blackHole(result)
            }
        } setup: {
            (FleetIndex.load(SyntheticFleet.positions(count: count)).index, SyntheticFleet.queries(count: 1000))
        }
    }
}
