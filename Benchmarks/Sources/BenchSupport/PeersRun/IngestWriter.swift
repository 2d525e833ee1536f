import Foundation
import NearestVehicle
import Synchronization

/// A thread that upserts continuously into a FleetIndex until stopped.
final class IngestWriter: Sendable {
    let index: FleetIndex
    let positions: [VehiclePosition]
    let stopRequested = Atomic<Bool>(false)
    let count = Atomic<Int>(0)
    let finished = DispatchSemaphore(value: 0)
    let elapsedNanoseconds = Atomic<UInt64>(0)
    let batchSize: Int
    /// Upserts per second to pace to; nil = unpaced.
    let rate: Double?

    init(index: FleetIndex, positions: [VehiclePosition], batchSize: Int, rate: Double? = nil) {
        self.index = index
        self.positions = positions
        self.batchSize = batchSize
        self.rate = rate
    }

    var upserted: Int { count.load(ordering: .relaxed) }

    func start() {
        let thread = Thread { [self] in
            let start = monotonicNanoseconds()
            var round = 1.0
            outer: while true {
                var offset = 0
                while offset < positions.count {
                    if stopRequested.load(ordering: .relaxed) { break outer }
                    let end = Swift.min(offset + batchSize, positions.count)
                    let batch = positions[offset..<end].lazy.map { position in
                        var copy = position
                        copy.timestamp = position.timestamp.addingTimeInterval(round)
                        return copy
                    }
                    let report = index.upsert(contentsOf: batch)
                    let done = count.add(report.updated + report.inserted, ordering: .relaxed).newValue
                    offset = end
                    if let rate {
                        // Sleep until the schedule catches up: upsert `done` at `done / rate` seconds.
                        let due = start + UInt64(Double(done) / rate * 1e9)
                        let now = monotonicNanoseconds()
                        if due > now { usleep(useconds_t(Swift.min((due - now) / 1000, 1_000_000))) }
                    }
                }
                round += 1
            }
            elapsedNanoseconds.store(monotonicNanoseconds() - start, ordering: .relaxed)
            finished.signal()
        }
        thread.start()
    }

    /// Stops the writer and returns its upserts per second.
    func stop() -> Double {
        stopRequested.store(true, ordering: .relaxed)
        finished.wait()
        return Double(count.load(ordering: .relaxed)) / Double(elapsedNanoseconds.load(ordering: .relaxed)) * 1e9
    }
}
