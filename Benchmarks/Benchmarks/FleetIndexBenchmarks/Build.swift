import Benchmark
import BenchSupport
import NearestVehicle

/// Bulk build: `FleetIndex.load` of the whole fleet (one iteration = one index).
func registerBuildBenchmarks() {
    for count in fleetSizes {
        Benchmark(
            "Build FleetIndex.load n=\(label(count))",
            configuration: .init(maxDuration: .seconds(5), maxIterations: count >= 1_000_000 ? 5 : 50)
        ) { benchmark, positions in
            let (index, report) = FleetIndex.load(positions)
            precondition(index.count == positions.count && report.rejections.isEmpty, "build lost vehicles")
            blackHole(index)
        } setup: {
            SyntheticFleet.positions(count: count)
        }
    }
}
