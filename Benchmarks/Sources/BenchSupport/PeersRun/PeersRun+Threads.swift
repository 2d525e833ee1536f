import Foundation
import Geo
import Synchronization

extension PeersRun {
    /// How many passes each throughput figure is the median of (``measureThroughput(index:input:)``).
    static let throughputPasses = 5

    /// Queries per second with `threads` reader threads started together, each running `body` once over every
    /// point (thread t starts at offset t·n/threads, so threads do not walk the same memory in lockstep), after a
    /// warm-up pass on each: threads × points / wall time from the common start to the last thread's end.
    func throughput(threads: Int, _ points: [Coordinate], _ body: @escaping @Sendable (Coordinate) throws -> Int) -> Double {
        let ready = DispatchSemaphore(value: 0), go = DispatchSemaphore(value: 0), done = DispatchGroup()
        let failures = Atomic<Int>(0)
        for thread in 0..<threads {
            done.enter()
            let worker = Thread {
                let offset = thread * points.count / threads
                var checksum = 0
                do {
                    for point in points.prefix(1000) { checksum &+= try body(point) }
                    ready.signal()
                    go.wait()
                    for position in 0..<points.count {
                        checksum &+= try body(points[(offset + position) % points.count])
                    }
                } catch {
                    failures.add(1, ordering: .relaxed)
                }
                consume(checksum)
                done.leave()
            }
            worker.stackSize = 8 << 20
            worker.start()
        }
        for _ in 0..<threads { ready.wait() }
        let start = monotonicNanoseconds()
        for _ in 0..<threads { go.signal() }
        done.wait()
        let elapsed = Double(monotonicNanoseconds() - start)
        precondition(failures.load(ordering: .relaxed) == 0, "a query failed during the throughput run")
        return Double(threads * points.count) / elapsed * 1e9
    }
}
