// swift-tools-version: 6.1
import PackageDescription
let s: [SwiftSetting] = [.swiftLanguageMode(.v6)]
let package = Package(
    name: "wbench", platforms: [.macOS(.v15)],
    targets: [
        .systemLibrary(name: "CProj", pkgConfig: "proj"),
        .target(name: "Proj", dependencies: ["CProj", "Geo"], swiftSettings: s),
        .target(name: "Geo", swiftSettings: s),
        .target(name: "SpatialIndex", dependencies: ["Geo"], swiftSettings: s),
        .target(name: "FleetVocabulary", swiftSettings: s),
        .target(name: "NearestVehicle", dependencies: ["Geo", "Proj", "SpatialIndex", "FleetVocabulary"], swiftSettings: s),
        .target(name: "CMallocStats"),
        .executableTarget(name: "wbench", dependencies: ["NearestVehicle", "Geo", "CMallocStats"], swiftSettings: [.swiftLanguageMode(.v5)]),
    ])
