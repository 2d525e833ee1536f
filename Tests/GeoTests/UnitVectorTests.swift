import Foundation
import SeededRandom
import Testing
@testable import Geo

@Suite struct UnitVectorTests {
    /// Hand-known axes: (0, 0) -> x, (0, 90E) -> y, North Pole -> z; ±180 -> -x.
    @Test func axes() throws {
        let cases: [(Double, Double, UnitVector)] = [
            (0, 0, UnitVector(x: 1, y: 0, z: 0)), (0, 90, UnitVector(x: 0, y: 1, z: 0)),
            (90, 0, UnitVector(x: 0, y: 0, z: 1)), (-90, 0, UnitVector(x: 0, y: 0, z: -1)),
            (0, 180, UnitVector(x: -1, y: 0, z: 0)), (0, -180, UnitVector(x: -1, y: 0, z: 0)),
        ]
        for (lat, lon, expected) in cases {
            let v = UnitVector(try Coordinate(latitude: lat, longitude: lon))
            #expect(v.chordDistanceSquared(to: expected) < 1e-30, "(\(lat), \(lon)) -> \(v)")
        }
    }

    /// chord = 2 sin(d / 2R): for the antipode 2, for a quarter circle √2 (hand-known values).
    @Test func chordOfKnownDistances() {
        #expect(UnitVector.chordLength(forDistanceMeters: 0) == 0)
        #expect(abs(UnitVector.chordLength(forDistanceMeters: Earth.maximumDistanceMeters) - 2) < 1e-15)
        #expect(abs(UnitVector.chordLength(forDistanceMeters: Earth.maximumDistanceMeters / 2) - 2.0.squareRoot()) < 1e-15)
        #expect(UnitVector.chordLength(forDistanceMeters: 1e12) == 2)
        #expect(UnitVector.chordLength(forDistanceMeters: -5) == 0)
        #expect(abs(UnitVector.distanceMeters(forChordLength: 2.0.squareRoot()) - Earth.maximumDistanceMeters / 2) < 1e-6)
        #expect(UnitVector.distanceMeters(forChordLength: 3) == UnitVector.distanceMeters(forChordLength: 2))
    }

    /// The chord between the unit vectors of two points, turned into metres, agrees with the haversine distance
    /// (independent formulas) to 1e-6 m below 1000 km, and chord order follows distance order.
    @Test func chordAgreesWithHaversine() throws {
        var generator = SplitMix64(seed: 0x5EED_0002)
        for _ in 0..<5000 {
            let a = try generator.coordinate()
            let b = try Coordinate(
                latitude: min(90, max(-90, a.latitude + .random(in: -5...5, using: &generator))),
                longitude: a.longitude + .random(in: -5...5, using: &generator) > 180 ? a.longitude : min(180, max(-180, a.longitude + .random(in: -5...5, using: &generator))))
            let chord = UnitVector(a).chordDistanceSquared(to: UnitVector(b)).squareRoot()
            let viaChord = UnitVector.distanceMeters(forChordLength: chord)
            #expect(abs(viaChord - a.distance(to: b)) < 1e-6, "\(a) \(b)")
            #expect(abs(UnitVector.chordLength(forDistanceMeters: a.distance(to: b)) - chord) < 1e-15)
        }
    }
}
