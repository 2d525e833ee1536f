import Benchmark
import BenchSupport
import Foundation
import Geo
import NearestVehicle

/// k = 10 nearest, sphere model, no exclusion counting (as the peers); 1000 queries per iteration, so
/// throughput and time are per query (scaling factor kilo).
func registerNearestBenchmarks() {
    for count in fleetSizes {
        Benchmark(
            "Nearest k=10 n=\(label(count))",
            configuration: .init(scalingFactor: .kilo)
        ) { benchmark, state in
            let (index, queries) = state
            for iteration in benchmark.scaledIterations {
                let result = try! index.nearest(10, to: queries[iteration % queries.count], filter: queryFilter,
                                                options: peerLikeOptions)
                precondition(result.vehicles.count == 10, "kNN returned \(result.vehicles.count) vehicles")
                blackHole(result)
            }
        } setup: {
            (FleetIndex.load(SyntheticFleet.positions(count: count)).index, SyntheticFleet.queries(count: 1000))
        }
    }
}

let queryFilter = VehicleFilter(customerId: SyntheticFleet.customerId, now: SyntheticFleet.referenceDate)
let peerLikeOptions = QueryOptions(countsExclusions: false)
