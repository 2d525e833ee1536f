import Geo
import Testing
import TestSupport

/// A point at a pole has a latitude and no meaningful longitude: every vehicle reported at 90° N, whatever
/// longitude its device sent, is one place. The distance from anywhere to it is the meridian arc `R (90° − φ)`
/// (an independent reference: no haversine), and must not depend on the longitude it was reported with, bit for bit
/// (a search ranks ties by their 1 µm keys, so two longitudes giving two roundings would split one place).
@Suite struct PoleDistanceTests {
    @Test func distanceToAPolePointIsTheMeridianArcWhateverItsLongitude() throws {
        var random = SplitMix64(seed: testSeed(default: 0x90_90))
        for round in 0..<4_000 {
            let north = round % 2 == 0
            let pole = north ? 90.0 : -90.0
            // Query latitudes from the pole itself out to the other pole, dense near the pole (the series' range).
            let offset = [0.0, 1e-9, 1e-6, 0.001, 0.5, 1.14, 1.2, 30, 89.9, 135, 179.999][round % 11]
                * Double(random.next() % 1_000 + 1) / 1_000
            let latitude = north ? 90 - offset : -90 + offset
            let query = try Coordinate(latitude: latitude,
                                       longitude: Double(random.next() % 360_001) / 1_000 - 180)
            let reference = Earth.meanRadiusMeters * (abs(pole - latitude) * Double.pi / 180)
            var first: Double?
            for _ in 0..<6 {
                let point = try Coordinate(latitude: pole, longitude: Double(random.next() % 3_600_001) / 10_000 - 180)
                let distance = query.distance(to: point)
                #expect(abs(distance - reference) <= 1e-9 + reference * 1e-14,
                        "round \(round): \(query) to \(point): \(distance) vs \(reference)")
                if let first {
                    #expect(distance.bitPattern == first.bitPattern, "round \(round): \(query) to \(point)")
                } else {
                    first = distance
                }
                #expect(point.distance(to: query).bitPattern == distance.bitPattern, "symmetric, round \(round)")
            }
        }
    }

    /// From a pole, every point of one latitude is at one distance, whatever its longitude.
    @Test func fromAPoleEveryPointOfALatitudeIsEquallyFar() throws {
        var random = SplitMix64(seed: testSeed(default: 0x90_91))
        for round in 0..<2_000 {
            let query = try Coordinate(latitude: round % 2 == 0 ? 90 : -90, longitude: Double(round % 7) * 50 - 150)
            let latitude = Double(random.next() % 180_001) / 1_000 - 90
            let distances = try (0..<5).map { _ in
                query.distance(to: try Coordinate(latitude: latitude,
                                                  longitude: Double(random.next() % 360_001) / 1_000 - 180))
            }
            #expect(Set(distances.map(\.bitPattern)).count == 1, "round \(round): \(distances)")
        }
    }
}
