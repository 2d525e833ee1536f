// swift-tools-version: 6.1
// NearestVehicle: nearest vehicles of a fleet to a point, fast and exactly.
// See README.md and ../shared/DESIGN.md for the module map.
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
]

let package = Package(
    name: "NearestVehicle",
    platforms: [.macOS(.v15)],  // Synchronization (Atomic, Mutex) needs macOS 15
    products: [
        .library(name: "Geo", targets: ["Geo"]),
        .library(name: "FleetVocabulary", targets: ["FleetVocabulary"]),
        .library(name: "SeededRandom", targets: ["SeededRandom"]),
        .library(name: "Proj", targets: ["Proj"]),
        .library(name: "SpatialIndex", targets: ["SpatialIndex"]),
        .library(name: "NearestVehicle", targets: ["NearestVehicle"]),
        .library(name: "FleetFile", targets: ["FleetFile"]),
        .library(name: "NearestVehicleService", targets: ["NearestVehicleService"]),
        .library(name: "FleetDispatch", targets: ["FleetDispatch"]),
        .library(name: "OceanAPI", targets: ["OceanAPI"]),
        .library(name: "NearestVehicleOcean", targets: ["NearestVehicleOcean"]),
        .library(name: "OceanEmulator", targets: ["OceanEmulator"]),
        .library(name: "NearestVehicleServer", targets: ["NearestVehicleServer"]),
        .executable(name: "ocean-emulator", targets: ["ocean-emulator"]),
        .executable(name: "nearest", targets: ["nearest"]),
    ],
    dependencies: [
        // Remote side (OceanAPI, OceanEmulator). The client graph is OpenAPI runtime + URLSession + swift-log only:
        // no SwiftNIO. Hummingbird (and so NIO) is pulled in by the emulator targets only.
        .package(url: "https://github.com/apple/swift-openapi-generator", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.4"),
        .package(url: "https://github.com/apple/swift-openapi-urlsession", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird", from: "2.1.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        // `nearest serve` (NearestVehicleServer): metrics API and its Prometheus backend.
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // The only module that sees PROJ's C API.
        .systemLibrary(
            name: "CProj",
            pkgConfig: "proj",
            providers: [.apt(["libproj-dev"]), .brew(["proj"])]
        ),
        .target(name: "Proj", dependencies: ["CProj", "Geo"], swiftSettings: swiftSettings),
        // glibc's allocator settings for `nearest serve` (malloc.h is not in Swift's Glibc module).
        .target(name: "CMallocTuning"),
        // A cache prefetch hint (one inlined instruction): the tree's descents, the index's batched writes.
        .target(name: "CPrefetch"),
        .target(name: "Geo", swiftSettings: swiftSettings),
        .testTarget(name: "ProjTests", dependencies: ["Proj", "Geo"], swiftSettings: swiftSettings),
        .testTarget(name: "GeoTests", dependencies: ["Geo", "SeededRandom"], swiftSettings: swiftSettings),
        // The one seeded generator (SplitMix64) of the emulator's worlds, the seeded tests and the benchmark fleets;
        // a product so that the Benchmarks package uses the same one.
        .target(name: "SeededRandom", swiftSettings: swiftSettings),
        .testTarget(name: "SeededRandomTests", dependencies: ["SeededRandom"], swiftSettings: swiftSettings),
        // The `nearest` command line: logic in NearestCLI, a thin executable.
        .target(
            name: "NearestCLI",
            dependencies: [
                "Geo", "Proj", "NearestVehicle", "FleetFile", "NearestVehicleService", "OceanAPI",
                "NearestVehicleOcean", "NearestVehicleServer", "FleetDispatch",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "nearest",
            dependencies: ["NearestCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "NearestCLITests",
            dependencies: ["NearestCLI", "FleetFile", "NearestVehicle", "OceanEmulator", "OceanAPIGenerated", "Geo",
                           "Proj", "TestSupport", "OceanTestSupport", "NearestVehicleServer", "OceanAPI"],
            swiftSettings: swiftSettings),
        // Core index (issue 3): pure-Swift k-d tree, and the fleet index on top of it. Never SwiftNIO here. Metres
        // only (issue 12): Proj for `Geodesic.wgs84` (geod_inverse) alone, never PROJ's database (NoProjDatabaseTests).
        .target(name: "SpatialIndex", dependencies: ["Geo", "CPrefetch"], swiftSettings: swiftSettings),
        .target(
            name: "NearestVehicle", dependencies: ["Geo", "Proj", "SpatialIndex", "FleetVocabulary", "CPrefetch"],
            swiftSettings: swiftSettings),
        // The value types both sides of the Ocean boundary speak (issue 15): VehicleState, ComputeMode,
        // VehicleDriver, defined once below the engine and the Ocean client (which both re-export them).
        .target(name: "FleetVocabulary", swiftSettings: swiftSettings),
        // Fleet and incident files (issues 14, 15): the one strict, fast reader of CSV/TSV, NDJSON, GeoJSON and
        // Ocean dumps into validated positions, for the CLI, the bundled sample fleet and the benchmarks.
        .target(
            name: "FleetFile", dependencies: ["Geo", "Proj", "NearestVehicle"],
            resources: [.copy("Resources/sample-fleet.csv")], swiftSettings: swiftSettings),
        .testTarget(name: "FleetFileTests",
                    dependencies: ["FleetFile", "NearestVehicle", "Geo", "Proj", "TestSupport"],
                    swiftSettings: swiftSettings),
        .target(name: "TestSupport", dependencies: ["Geo", "Proj", "SeededRandom"], path: "Tests/TestSupport",
                swiftSettings: swiftSettings),
        .testTarget(name: "SpatialIndexTests", dependencies: ["SpatialIndex", "Geo", "TestSupport"],
                    swiftSettings: swiftSettings),
        .testTarget(name: "NearestVehicleTests",
                    dependencies: ["NearestVehicle", "SpatialIndex", "Geo", "Proj", "TestSupport"],
                    swiftSettings: swiftSettings),
        // The service layer (issue 12): Ocean-shaped requests and answers over the engine for both compute modes,
        // the by-road provider seam, and units (radius units in, distances out in the request's unit).
        // No HTTP here either: Ocean's provider lives in NearestVehicleOcean.
        .target(name: "NearestVehicleService", dependencies: ["NearestVehicle", "Geo", "Proj"],
                swiftSettings: swiftSettings),
        // Batch dispatch (issue 22): exact minimum-distance assignment of vehicles to incidents, above the engine.
        .target(name: "FleetDispatch", dependencies: ["NearestVehicle", "Geo"], swiftSettings: swiftSettings),
        .testTarget(name: "FleetDispatchTests", dependencies: ["FleetDispatch", "NearestVehicle", "Geo", "TestSupport"],
                    swiftSettings: swiftSettings),
        .testTarget(name: "NearestVehicleServiceTests",
                    dependencies: ["NearestVehicleService", "NearestVehicle", "Geo", "Proj"],
                    swiftSettings: swiftSettings),

        // Ocean contract: the single spec Sources/OceanAPIGenerated/openapi.yaml generates the wire types, the
        // client and the server protocol (OpenAPIRuntime only, no transport), so client and emulator cannot drift.
        // Generated code warns about unused public imports: that's expected, warnings are not errors here.
        .target(
            name: "OceanAPIGenerated",
            dependencies: [.product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")],
            swiftSettings: swiftSettings,
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        .target(
            name: "OceanAPI",
            dependencies: [
                "OceanAPIGenerated",
                "Geo",
                "FleetVocabulary",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIURLSession", package: "swift-openapi-urlsession"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "OceanEmulator",
            dependencies: [
                "OceanAPIGenerated",
                "Geo",
                "SeededRandom",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "ocean-emulator",
            dependencies: [
                "OceanEmulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OceanAPITests",
            dependencies: [
                "OceanAPI", "OceanAPIGenerated", "OceanEmulator", "Geo", "OceanTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIURLSession", package: "swift-openapi-urlsession"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        // What the tests that talk to the emulator share: a log capture, the frozen synthetic world, a test client.
        .target(
            name: "OceanTestSupport",
            dependencies: [
                "OceanAPI", "OceanEmulator",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/OceanTestSupport",
            swiftSettings: swiftSettings
        ),
        // The core fed from and routed through Ocean: FleetSync (vehiclePositions -> FleetIndex) and the Ocean
        // implementation of the service's by-road provider. Kept out of OceanAPI (no PROJ in the client's graph),
        // NearestVehicle and NearestVehicleService (no HTTP in their graphs). No SwiftNIO: ServiceLifecycle needs
        // only swift-log.
        .target(
            name: "NearestVehicleOcean",
            dependencies: [
                "NearestVehicle", "NearestVehicleService", "OceanAPI", "Geo",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "NearestVehicleOceanTests",
            dependencies: [
                "NearestVehicleOcean", "NearestVehicle", "NearestVehicleService", "OceanAPI", "OceanEmulator", "Geo",
                "TestSupport", "OceanTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OceanEmulatorTests",
            dependencies: [
                "OceanEmulator", "OceanAPIGenerated", "SeededRandom", "OceanTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        // `nearest serve` (issue 13): the Ocean contract served locally. VOL_OISEAU from the live index, every
        // other call forwarded upstream under the caller's own token; Hummingbird + the spec's server protocol.
        .target(
            name: "NearestVehicleServer",
            dependencies: [
                "OceanAPIGenerated", "OceanAPI", "NearestVehicleOcean", "NearestVehicle", "Geo", "FleetDispatch",
                "CMallocTuning",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIURLSession", package: "swift-openapi-urlsession"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "NearestVehicleServerTests",
            dependencies: [
                "NearestVehicleServer", "OceanEmulator", "OceanAPIGenerated", "OceanAPI", "NearestVehicleOcean",
                "NearestVehicle", "Geo", "TestSupport", "OceanTestSupport", "CMallocTuning",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Example (issues 6, 13, 14): a service embedding NearestVehicleServer (Ocean's contract, callers
        // authenticated by Ocean, local VOL_OISEAU), settings from the environment; and its settings/auth test.
        .executableTarget(
            name: "dispatch-service",
            dependencies: [
                "NearestVehicleServer", "OceanAPI",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Examples/dispatch-service",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DispatchServiceExampleTests",
            dependencies: ["dispatch-service", "NearestVehicleServer", "OceanEmulator", "OceanTestSupport"],
            swiftSettings: swiftSettings
        ),
    ]
)
