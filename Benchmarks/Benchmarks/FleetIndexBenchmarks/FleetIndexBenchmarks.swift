import Benchmark
import BenchSupport
import Foundation

// package-benchmark suite of the NearestVehicle core (FleetIndex public API), one scenario per file:
// Build.swift, Nearest.swift, Within.swift, Upsert.swift, MixedIngestQuery.swift.
// Fleets: SyntheticFleet (seed SyntheticFleet.seed) of 1e3...1e6 vehicles; NEAREST_BENCH_MAX_VEHICLES caps the sizes.
// Setup (fleet generation, index build) runs outside the measurement; every iteration checks its answer, then
// blackHoles it. Run: swift package --package-path Benchmarks benchmark   (see Benchmarks/README.md)
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResidentDelta],
        warmupIterations: 1, maxDuration: .seconds(3), maxIterations: 200)
    printRunInfo()
    registerBuildBenchmarks()
    registerNearestBenchmarks()
    registerWithinBenchmarks()
    registerUpsertBenchmarks()
    registerMixedIngestQueryBenchmarks()
}

/// 1e3, 1e4, 1e5, 1e6, capped by NEAREST_BENCH_MAX_VEHICLES.
let fleetSizes: [Int] = {
    let cap = ProcessInfo.processInfo.environment["NEAREST_BENCH_MAX_VEHICLES"].flatMap(Int.init) ?? 1_000_000
    return [1_000, 10_000, 100_000, 1_000_000].filter { $0 <= cap }
}()

/// `1000`, `10k`, `1M`: the size part of a benchmark name.
func label(_ count: Int) -> String {
    switch count {
    case 1_000_000...: return "\(count / 1_000_000)M"
    case 10_000...: return "\(count / 1000)k"
    default: return "\(count)"
    }
}

func printRunInfo() {
    #if DEBUG
    print("warning: debug build; run `swift package --package-path Benchmarks benchmark` (release) for numbers")
    #endif
    print("NearestVehicle benchmarks: seed \(SyntheticFleet.seed), sizes \(fleetSizes.map(label)), "
        + "\(MachineInfo.cpu()), \(MachineInfo.toolchain()), load average \(MachineInfo.loadAverage()), "
        + "CPU PSI \(MachineInfo.cpuPressure())")
}
