// swift-tools-version: 6.1
// NearestVehicle: nearest vehicles of a fleet to a point, fast and exactly.
// See README.md and ../shared/DESIGN.md for the module map.
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
]

let package = Package(
    name: "NearestVehicle",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Geo", targets: ["Geo"]),
        .library(name: "Proj", targets: ["Proj"]),
        .library(name: "SpatialIndex", targets: ["SpatialIndex"]),
        .library(name: "NearestVehicle", targets: ["NearestVehicle"]),
    ],
    dependencies: [],
    targets: [
        // The only module that sees PROJ's C API.
        .systemLibrary(
            name: "CProj",
            pkgConfig: "proj",
            providers: [.apt(["libproj-dev"]), .brew(["proj"])]
        ),
        .target(name: "Proj", dependencies: ["CProj", "Geo"], swiftSettings: swiftSettings),
        .target(name: "Geo", swiftSettings: swiftSettings),
        .executableTarget(name: "nearest-demo", dependencies: ["Proj", "Geo"], swiftSettings: swiftSettings),
        .testTarget(name: "ProjTests", dependencies: ["Proj", "Geo"], swiftSettings: swiftSettings),
        .testTarget(name: "GeoTests", dependencies: ["Geo"], swiftSettings: swiftSettings),
        // Core index (issue 3): pure-Swift k-d tree, and the fleet index on top of it. Never SwiftNIO here.
        .target(name: "SpatialIndex", dependencies: ["Geo"], swiftSettings: swiftSettings),
        .target(
            name: "NearestVehicle", dependencies: ["Geo", "Proj", "SpatialIndex"],
            resources: [.copy("Resources/sample-fleet.csv")], swiftSettings: swiftSettings),
        .target(name: "TestSupport", dependencies: ["Geo", "Proj"], path: "Tests/TestSupport",
                swiftSettings: swiftSettings),
        .testTarget(name: "SpatialIndexTests", dependencies: ["SpatialIndex", "Geo", "TestSupport"],
                    swiftSettings: swiftSettings),
        .testTarget(name: "NearestVehicleTests",
                    dependencies: ["NearestVehicle", "SpatialIndex", "Geo", "Proj", "TestSupport"],
                    swiftSettings: swiftSettings),
    ]
)
