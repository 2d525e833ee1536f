// swift-tools-version: 6.1
// Benchmarks for NearestVehicle: package-benchmark suites and the `nearest-bench` executable (peers, compare).
// A separate package so that the root package's `swift test` (CI) never resolves or builds package-benchmark.
// Build: swift build -c release --package-path Benchmarks. See Benchmarks/README.md.
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
]

let package = Package(
    name: "NearestVehicleBenchmarks",
    platforms: [.macOS(.v15)],  // Synchronization (Atomic, Mutex) needs macOS 15
    products: [
        .executable(name: "nearest-bench", targets: ["nearest-bench"]),
    ],
    dependencies: [
        .package(name: "NearestVehicle", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // Logic of `nearest-bench` (CSV loading, timing, JSON output); the executable only parses arguments.
        // glibc heap statistics (malloc.h is not in Swift's Glibc module).
        .target(name: "CMallocStats"),
        .target(
            name: "BenchSupport",
            dependencies: [
                "CMallocStats",
                .product(name: "NearestVehicle", package: "NearestVehicle"),
                .product(name: "FleetFile", package: "NearestVehicle"),
                .product(name: "SpatialIndex", package: "NearestVehicle"),
                .product(name: "Geo", package: "NearestVehicle"),
                .product(name: "SeededRandom", package: "NearestVehicle"),
            ],
            swiftSettings: swiftSettings),
        // `nearest-bench compare`: local FleetIndex vs Ocean (or the embedded emulator). Kept apart from BenchSupport
        // so that the package-benchmark suites do not build Hummingbird / OpenAPI.
        .target(
            name: "BenchCompare",
            dependencies: [
                "BenchSupport",
                .product(name: "NearestVehicle", package: "NearestVehicle"),
                .product(name: "Geo", package: "NearestVehicle"),
                .product(name: "OceanAPI", package: "NearestVehicle"),
                .product(name: "OceanEmulator", package: "NearestVehicle"),
                .product(name: "NearestVehicleServer", package: "NearestVehicle"),
                .product(name: "SeededRandom", package: "NearestVehicle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "nearest-bench",
            dependencies: [
                "BenchSupport",
                "BenchCompare",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings),
        // package-benchmark suite: one scenario per file. Run: swift package --package-path Benchmarks benchmark
        .executableTarget(
            name: "FleetIndexBenchmarks",
            dependencies: [
                "BenchSupport",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/FleetIndexBenchmarks",
            swiftSettings: swiftSettings,
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]),
    ]
)
