import NearestVehicleOcean
import Synchronization
import Testing

/// ``SyncGate``: never more than `limit` holders, permits handed over in arrival order, a cancelled waiter takes
/// nothing. Each test waits on observable states (holders, waiters), never on time.
@Suite struct SyncGateTests {
    /// Blocks holders until opened.
    final class Barrier: Sendable {
        private let (stream, continuation) = AsyncStream.makeStream(of: Void.self)
        private let opened = Atomic<Bool>(false)
        func wait() async {
            if opened.load(ordering: .acquiring) { return }
            for await _ in stream { return }
        }
        func open() {
            opened.store(true, ordering: .releasing)
            continuation.finish()
        }
    }

    /// What the holders record (shared by the tasks).
    final class Record: Sendable {
        private let state = Mutex((inside: 0, most: 0, done: 0, order: [Int]()))
        func enter() { state.withLock { $0.inside += 1; $0.most = max($0.most, $0.inside) } }
        func leave() { state.withLock { $0.inside -= 1 } }
        func finish() { state.withLock { $0.done += 1 } }
        func append(_ number: Int) { state.withLock { $0.order.append(number) } }
        var inside: Int { state.withLock { $0.inside } }
        var most: Int { state.withLock { $0.most } }
        var done: Int { state.withLock { $0.done } }
        var order: [Int] { state.withLock { $0.order } }
    }

    /// Waits until `condition` holds, polling every millisecond (a yield loop would keep a core busy, starving the
    /// suites that run beside it); records a failure instead of hanging if it never holds (a broken gate).
    static func until(_ condition: () -> Bool, sourceLocation: SourceLocation = #_sourceLocation) async {
        let giveUp = ContinuousClock.now + .seconds(20)
        while !condition() {
            guard ContinuousClock.now < giveUp else {
                Issue.record("the awaited state never came", sourceLocation: sourceLocation)
                return
            }
            try? await Task.sleep(for: .milliseconds(1))
        }
    }

    @Test func neverMoreThanTheLimitInside() async throws {
        let gate = SyncGate(limit: 3)
        let record = Record()
        let barrier = Barrier()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try await gate.withPermit {
                        record.enter()
                        await barrier.wait()
                        record.leave()
                    }
                    record.finish()
                }
            }
            await Self.until { record.inside == 3 && gate.waiting == 5 }
            #expect(gate.available == 0)
            for _ in 0..<100 { await Task.yield() }  // a broken gate would let a fourth in meanwhile
            #expect(record.inside == 3)
            barrier.open()
            try await group.waitForAll()
        }
        #expect(record.most == 3)
        #expect(record.done == 8)
        #expect(gate.available == 3 && gate.waiting == 0)
    }

    @Test func permitsGoInArrivalOrder() async throws {
        let gate = SyncGate(limit: 1)
        let record = Record()
        let barrier = Barrier()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await gate.withPermit { await barrier.wait() } }
            await Self.until { gate.available == 0 }
            for number in 1...4 {
                group.addTask { try await gate.withPermit { record.append(number) } }
                await Self.until { gate.waiting == number }
            }
            barrier.open()
            try await group.waitForAll()
        }
        #expect(record.order == [1, 2, 3, 4])
        #expect(gate.available == 1)
    }

    @Test func aCancelledWaiterTakesNoPermit() async throws {
        let gate = SyncGate(limit: 1)
        let barrier = Barrier()
        let holder = Task { try await gate.withPermit { await barrier.wait() } }
        await Self.until { gate.available == 0 }
        let waiter = Task { try await gate.withPermit { 42 } }
        await Self.until { gate.waiting == 1 }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(gate.waiting == 0)
        barrier.open()
        try await holder.value
        #expect(gate.available == 1)
        #expect(try await gate.withPermit { 7 } == 7)
        let cancelledFirst = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await gate.withPermit { 1 }
        }
        // Cancelled before it asked: refused even though a permit is free, and the permit stays free.
        await #expect(throws: CancellationError.self) { try await cancelledFirst.value }
        #expect(gate.available == 1)
    }
}
