import Foundation
import Geo
@testable import NearestVehicle
import Testing

/// The log's merge policy (``ShardState/nextSegment(size:eager:)``) on a shard driven step by step: every step
/// appends 4 entries and installs the segment the policy claims. Sizes by hand, in steps: the binary counter
/// (absorb a segment no larger than what is absorbed so far) goes 1, 2, 2+1, 4, 4+1, 4+2, 4+2+1, 8, 8+1; the eager
/// one (up to 3 times) goes 1, 2, 3, 4, 4+1, 6, 6+1, 8, 8+1: fewer segments, bigger merges.
@Suite struct LogMergePolicyTests {
    @Test(arguments: [
        (false, [[1], [2], [2, 1], [4], [4, 1], [4, 2], [4, 2, 1], [8], [8, 1]]),
        (true, [[1], [2], [3], [4], [4, 1], [6], [6, 1], [8], [8, 1]]),
    ])
    func segmentSizesStepByStep(eager: Bool, steps: [[Int]]) throws {
        var shard = ShardState(customerId: "A", base: ShardBase(arena: IDArena()))
        let coordinate = try Coordinate(latitude: 48.85, longitude: 2.35)
        var slot: Int32 = 0
        for (step, want) in steps.enumerated() {
            for _ in 0..<4 {
                let vehicle = VehiclePosition(id: "V\(slot)", coordinate: coordinate,
                                              timestamp: Date(timeIntervalSince1970: 0), customerId: "A")
                _ = shard.upsert(vehicle, slot: slot, replacing: Place.none, vector: UnitVector(coordinate))
                slot += 1
            }
            let (start, replacing) = try #require(shard.nextSegment(size: 4, eager: eager))
            shard.install(LogSegment(start: start, end: shard.logCount, of: shard.snapshot), replacing: replacing)
            #expect(shard.segments.map { $0.count / 4 } == want, "eager \(eager) step \(step + 1)")
            #expect(shard.segmentsTile)
        }
    }

    /// With `largest`, no merge makes a segment of more entries than that. By hand, 4 entries a step and at most 32
    /// (8 steps) a segment: the binary counter goes 8+4+2+1 at step 15; at step 16 it would absorb everything into
    /// one of 16, but the 8 at the front would make 64 entries: it stops at 8+8, then 8+8+1, and at step 24 again
    /// at 8+8+8 (not 16+8).
    @Test func mergesStopAtTheLargestSegment() throws {
        var shard = ShardState(customerId: "A", base: ShardBase(arena: IDArena()))
        let coordinate = try Coordinate(latitude: 48.85, longitude: 2.35)
        var slot: Int32 = 0
        var shapes: [Int: [Int]] = [:]
        for step in 1...24 {
            for _ in 0..<4 {
                let vehicle = VehiclePosition(id: "V\(slot)", coordinate: coordinate,
                                              timestamp: Date(timeIntervalSince1970: 0), customerId: "A")
                _ = shard.upsert(vehicle, slot: slot, replacing: Place.none, vector: UnitVector(coordinate))
                slot += 1
            }
            let (start, replacing) = try #require(shard.nextSegment(size: 4, largest: 32))
            shard.install(LogSegment(start: start, end: shard.logCount, of: shard.snapshot), replacing: replacing)
            #expect(shard.segmentsTile)
            #expect(shard.segments.allSatisfy { $0.count <= 32 }, "step \(step)")
            shapes[step] = shard.segments.map { $0.count / 4 }
        }
        #expect(shapes[15] == [8, 4, 2, 1])
        #expect(shapes[16] == [8, 8])
        #expect(shapes[17] == [8, 8, 1])
        #expect(shapes[24] == [8, 8, 8])
    }
}
