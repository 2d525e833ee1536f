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
        .executable(name: "nearest", targets: ["nearest"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
    ],
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
        .target(
            name: "NearestCLI",
            dependencies: [
                "Geo", "Proj",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "CSV", package: "CSV.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "nearest", dependencies: ["NearestCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")], swiftSettings: swiftSettings),
        .testTarget(name: "NearestCLITests", dependencies: ["NearestCLI"], swiftSettings: swiftSettings),
        .testTarget(name: "ProjTests", dependencies: ["Proj", "Geo"], swiftSettings: swiftSettings),
        .testTarget(name: "GeoTests", dependencies: ["Geo"], swiftSettings: swiftSettings),
    ]
)
