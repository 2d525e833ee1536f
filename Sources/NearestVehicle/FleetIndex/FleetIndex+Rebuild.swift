import Foundation
import Geo
import SpatialIndex

extension FleetIndex {
    /// Builds an index from many positions at once: one tree per customer built directly (no log), the newest
    /// position per id kept (equal timestamps: the later record). The trees are built on every core (nothing else
    /// uses the index yet). About 0.6 s of CPU for 1 M vehicles in a release build (Benchmarks/README section 4).
    ///
    /// - Returns: The index and the report of the load (inserted = distinct ids kept; updated / stale count the
    ///   duplicates; rejections as in ``upsert(contentsOf:)``).
    public static func load(
        _ positions: some Sequence<VehiclePosition>, configuration: Configuration = Configuration()
    ) -> (index: FleetIndex, report: UpsertReport) {
        let positions = Array(positions)
        var report = UpsertReport()
        var state = WriterState()
        state.ids.reserveCapacity(positions.count, in: state.arena)
        // By slot (first-sight order of the ids): the offset in `positions` of the id's newest record.
        var kept: [Int] = []
        kept.reserveCapacity(positions.count)
        // Fields read in place (`positions[offset].id`): `enumerated()` would copy each VehiclePosition (retaining its
        // strings), ~5% of a 1M-row CLI load.
        for offset in positions.indices {
            if let reason = UpsertReport.Rejection.Reason.of(positions[offset]) {
                report.rejections.append(.init(offset: offset, id: positions[offset].id, reason: reason))
            } else {
                // One look-up: a new id takes the next slot, else compare with the kept record.
                let (slot, isNew) = state.ids.intern(positions[offset].id, in: state.arena)
                if isNew {
                    kept.append(offset)
                    report.inserted += 1
                } else if positions[offset].timestamp < positions[kept[Int(slot)]].timestamp {
                    report.stale += 1
                } else {
                    report.updated += 1
                    kept[Int(slot)] = offset
                }
            }
        }
        state.slotCustomer.reserveCapacity(kept.count)
        var lastCustomerId: String? = nil, lastCode: Int32 = -1
        for offset in kept {
            if !(lastCustomerId.map { VehiclePosition.sameID($0, positions[offset].customerId) } ?? false) {
                lastCustomerId = positions[offset].customerId
                lastCode = state.customerCode(positions[offset].customerId)
            }
            state.slotCustomer.append(lastCode)
            state.customerCounts[Int(lastCode)] += 1
        }
        state.slotPlace = [Int32](repeating: Place.none, count: kept.count)
        state.liveCount = kept.count
        var byCustomer: [Int32: (vehicles: [VehiclePosition], slots: [Int32])] = [:]
        if state.customerNames.count == 1 {
            byCustomer[0] = (kept.count == positions.count ? positions : kept.map { positions[$0] },
                             Array(0..<Int32(kept.count)))
        } else {
            for (slot, offset) in kept.enumerated() {
                byCustomer[state.slotCustomer[slot], default: ([], [])].vehicles.append(positions[offset])
                byCustomer[state.slotCustomer[slot]]!.slots.append(Int32(slot))
            }
        }
        for (code, members) in byCustomer {
            let base = ShardBase(vehicles: members.vehicles, slots: members.slots, arena: state.arena,
                                 buildThreads: FleetIndex.loadThreads)
            for index in base.slots.indices { state.slotPlace[Int(base.slots[index])] = Int32(index) }
            state.shards[state.customerNames[Int(code)]] = ShardState(customerId: state.customerNames[Int(code)], base: base)
        }
        let index = FleetIndex(configuration: configuration)
        index.state.withLock { locked in
            locked = state
            for customerId in Array(locked.shards.keys) { index.publish(customerId, from: &locked) }
        }
        index.reclaimRetired(force: true)
        return (index, report)
    }

    /// Threads a ``load(_:configuration:)`` builds its trees on: the cores this process may use, read once (Foundation
    /// reads the cgroup's CPU quota from files at every call: ~2 % of a 10 000-vehicle load).
    static let loadThreads = ProcessInfo.processInfo.activeProcessorCount

    /// Waits for background rebuilds, then rebuilds every customer's tree that has a non-empty log, on the calling
    /// thread (queries and other writers continue meanwhile). Afterwards every log holds only what was written
    /// during the call. Useful after a bulk ingest and before measuring queries.
    public func compact() {
        // Every customer is claimed here once no other rebuild of it runs: a writer may claim one between any wait
        // and our claim, so a busy customer stays pending (and is waited for) instead of being skipped.
        var pending = ExactIDSet(state.withLock { $0.shards.keys })
        while !pending.isEmpty {
            let due = state.withLock { state -> [(String, ShardSnapshot)] in
                var due: [(String, ShardSnapshot)] = []
                for customerId in pending where !(state.shards[customerId]?.isRebuilding ?? false) {
                    pending.remove(customerId)
                    if let claim = claimRebuild(of: customerId, in: &state, force: true) { due.append(claim) }
                }
                return due
            }
            for (customerId, snapshot) in due { rebuild(customerId: customerId, from: snapshot) }
            if !pending.isEmpty { usleep(1000) }
        }
    }

    /// Runs claimed rebuilds: on a background thread, or here (``Configuration/rebuildsInBackground``).
    func schedule(_ rebuilds: [(String, ShardSnapshot)]) {
        guard configuration.rebuildsInBackground else {
            for (customerId, snapshot) in rebuilds { rebuild(customerId: customerId, from: snapshot) }
            return
        }
        let work = RebuildWork(index: self, rebuilds: rebuilds)
        Thread.detachNewThread { work.run() }
    }

    /// Under the lock: if `customerId`'s log is due (or `force` and non-empty) and no rebuild runs, marks it
    /// rebuilding and returns the snapshot to rebuild from.
    func claimRebuild(of customerId: String, in state: inout WriterState, force: Bool = false) -> (String, ShardSnapshot)? {
        guard let shard = state.shards[customerId], !shard.isRebuilding, shard.logCount > 0 else { return nil }
        guard force || shard.logCount >= configuration.rebuildThreshold(baseCount: shard.base.count) else {
            return nil
        }
        state.shards[customerId]!.isRebuilding = true
        guard !force, configuration.logSegmentSize > 0 else { return (customerId, shard.snapshot) }
        // A rebuild due by size cuts its snapshot where the segments end (or will, once the claim in flight is
        // installed) and replays the rest: the segments writers build meanwhile then start there, index only what the
        // rebuild replays, and its fresh log takes them over. (`compact()` and quiet compaction take the whole log:
        // afterwards the log holds only what was written during them.)
        let cut = shard.isSegmenting ? shard.segmentingEnd : shard.segmentedCount
        // Segments that lag far behind (a segment size above the rebuild threshold) would leave most of the log to
        // the replay, and the fresh log as long as the old: then the whole log, as before.
        guard cut >= shard.logCount / 2 else { return (customerId, shard.snapshot) }
        state.shards[customerId]!.segmentFloor = cut
        return (customerId, shard.snapshot(upTo: cut))
    }

    /// Outside the lock: builds the new base from `snapshot` and replays onto a fresh log the entries writers
    /// appended meanwhile (in catch-up passes: each replays what was written during the previous one); then,
    /// under the lock, replays the few entries written during the last pass and installs the new base and log.
    ///
    /// Safe outside the lock because the old log is append-only within a generation (only this rebuild, which
    /// holds the shard's `isRebuilding` claim, replaces it) and the fresh state is not yet visible to anyone.
    func rebuild(customerId: String, from snapshot: ShardSnapshot) {
        // The snapshot's columns as they are: no trigonometry, no `VehiclePosition` for a base vehicle.
        var rows = ShardRows()
        snapshot.appendCurrentRows(to: &rows)
        let slotCount = Int(rows.slots.max() ?? -1) + 1
        let freshBase = ShardBase(rows: rows, arena: snapshot.base.arena)
        rows = ShardRows()  // freed before the replay
        var fresh = ShardState(customerId: customerId, base: freshBase)
        rebuildObserver.withLock { $0 }?(.built, customerId)
        // The fresh shard's place of each slot while it replays (the index's `slotPlace` still describes the old
        // log until the install): a dense array by slot, no id hashed.
        var place = [Int32](repeating: Place.none, count: slotCount)
        for index in freshBase.slots.indices { place[Int(freshBase.slots[index])] = Int32(index) }
        func replay(_ entry: LogEntry, _ vector: UnitVector) {
            let slot = Int(entry.slot)
            if slot >= place.count { place.append(contentsOf: repeatElement(Place.none, count: slot + 1 - place.count)) }
            if let vehicle = entry.vehicle {
                place[slot] = fresh.upsert(vehicle, slot: entry.slot, replacing: place[slot], vector: vector)
            } else {
                fresh.remove(slot: entry.slot, replacing: place[slot])
                place[slot] = Place.none
            }
        }
        // The fresh log's position p holds the old log's p + offset.
        let offset = snapshot.count
        var replayed = offset
        // Bounded: replay is much faster than ingest, so passes shrink geometrically; the cap only guards against a
        // writer that outpaces the replay, whose leftovers the locked replay below then takes.
        for _ in 0..<16 {
            let current = state.withLock { $0.shards[customerId]!.snapshot }
            guard current.count - replayed > configuration.replayUnderLockLimit else { break }
            current.forEachEntry(from: replayed, to: current.count, replay)
            replayed = current.count
            // The fresh log is installed segmented, so a writer that outpaces the rebuilds (each replays a long
            // backlog) never leaves queries a long unsegmented log: it takes over the segments writers built for
            // the replayed entries (they start at the snapshot's end, see `claimRebuild`), or, where there are
            // none (`compact()`'s whole-log snapshot), indexes the backlog itself while it is still private.
            if !fresh.adoptSegments(current.segments, offset: offset) { segmentPrivately(&fresh) }
        }
        state.withLock { state in
            let current = state.shards[customerId]!
            fresh.generation = current.generation + 1
            current.snapshot.forEachEntry(from: replayed, to: current.logCount, replay)
            if fresh.adoptSegments(current.segments, offset: offset) {
                fresh.adoption = (offset, fresh.segmentedCount)
            }
            // Every vehicle of this customer is current in the fresh shard: point its slot there (array writes only).
            // `place` holds exactly those places, by slot: when it is not much longer than the customer's fleet,
            // copy it in slot order (sequential writes); the fresh shard's own order (base indices in tree order)
            // writes `slotPlace` at random, which held the lock 8-10 ms at 1M vehicles (Benchmarks/README, paced
            // writer after v3).
            if place.count <= 4 * freshBase.count {
                state.slotPlace.withUnsafeMutableBufferPointer { slotPlace in
                    for slot in place.indices where place[slot] != Place.none { slotPlace[slot] = place[slot] }
                }
            } else {
                fresh.forEachCurrentPlace { slot, place in state.slotPlace[Int(slot)] = place }
            }
            assert(Self.placesAgree(place, fresh), "a rebuild's replayed places differ from its shard's")
            state.shards[customerId] = fresh
            publish(customerId, from: &state)
        }
        rebuildObserver.withLock { $0 }?(.installed, customerId)
        reclaimRetired(force: true)
        // What the locked replay added (the catch-up passes indexed the rest): index it if a segment's worth.
        if let claim = state.withLock({ claimSegment(of: customerId, in: &$0) }) { buildSegment(claim) }
    }
}

extension FleetIndex {
    /// Indexes `shard`'s unsegmented log entries on this thread (a rebuild's fresh shard, which nobody else sees
    /// yet): the same segments, merged the same way, as writers build for a published log.
    func segmentPrivately(_ shard: inout ShardState) {
        let size = configuration.logSegmentSize
        guard size > 0 else { return }
        while let (start, replacing) = shard.nextSegment(size: size,
                                                          largest: largestLogSegment(baseCount: shard.base.count)) {
            let segment = LogSegment(start: start, end: shard.logCount, of: shard.snapshot)
            indexedByRebuilds.add(segment.count, ordering: .relaxed)
            shard.install(segment, replacing: replacing)
        }
    }
}

extension FleetIndex {
    /// The most entries a merge puts in one log segment of a customer whose base holds `baseCount` vehicles: four
    /// times its rebuild threshold (``Configuration/rebuildThreshold(baseCount:)``).
    ///
    /// Only a writer that outruns the rebuilds (a flood) has a log this long, and a rebuild folds those entries into
    /// the base soon after: merging them into ever larger segments (the binary counter's top levels) cost the writer
    /// most of its indexing for trees that live a rebuild or two. Capped, batch upserts at 1M index each entry
    /// ~3.4 times instead of ~4.2, for ~1 more segment for queries during the flood (Benchmarks/README section 2,
    /// "segment cap"); a paced writer's log stays below the cap.
    func largestLogSegment(baseCount: Int) -> Int {
        4 * configuration.rebuildThreshold(baseCount: baseCount)
    }
}

/// A log range to index as a segment, claimed under the lock: the unsegmented entries, merged with the last
/// `replacing` segments (which cover `start ..< segmentedCount`).
struct SegmentClaim {
    let customerId: String
    let generation: Int
    let start: Int
    let end: Int
    /// The shard's `segmentedCount` when claimed (the end of the segments being replaced).
    let segmentedCount: Int
    let replacing: Int
    let snapshot: ShardSnapshot
}

extension FleetIndex {
    /// Under the lock: claims the next segment of `customerId`'s log if enough entries are unsegmented (merged
    /// LSM-style with the previous ones, see ``ShardState/nextSegment(size:eager:)``): eagerly when the log grew
    /// slower than ``LogSegment/eagerMergeRate`` since the last claim, a writer with time to spare.
    func claimSegment(of customerId: String, in state: inout WriterState) -> SegmentClaim? {
        let size = configuration.logSegmentSize
        guard size > 0, let shard = state.shards[customerId], !shard.isSegmenting else { return nil }
        let unsegmented = shard.logCount - shard.segmentedCount
        guard unsegmented >= size else { return nil }
        let now = DispatchTime.now().uptimeNanoseconds
        let eager = shard.lastSegmentClaim > 0 && now > shard.lastSegmentClaim
            && Double(unsegmented) * 1e9 < LogSegment.eagerMergeRate * Double(now - shard.lastSegmentClaim)
        guard let (start, replacing) = shard.nextSegment(
            size: size, eager: eager, largest: largestLogSegment(baseCount: shard.base.count)) else { return nil }
        state.shards[customerId]!.lastSegmentClaim = now
        state.shards[customerId]!.isSegmenting = true
        state.shards[customerId]!.segmentingEnd = shard.logCount
        return SegmentClaim(customerId: customerId, generation: shard.generation, start: start,
                            end: shard.logCount, segmentedCount: shard.segmentedCount, replacing: replacing,
                            snapshot: shard.snapshot)
    }

    /// Outside the lock: builds the segment; then installs it, or, if a rebuild replaced the log meanwhile and took
    /// over the segments this one replaces, installs it rebased into the fresh log (else drops it).
    func buildSegment(_ claim: SegmentClaim) {
        let segment = LogSegment(start: claim.start, end: claim.end, of: claim.snapshot)
        indexedBySegmentBuilds.add(segment.count, ordering: .relaxed)
        state.withLock { state in
            guard var shard = state.shards[claim.customerId] else { return }
            if shard.generation == claim.generation {
                state.shards[claim.customerId] = nil  // keep the shard's arrays uniquely referenced while editing
                shard.isSegmenting = false
                if shard.segmentedCount == claim.segmentedCount { shard.install(segment, replacing: claim.replacing) }
            } else if shard.generation == claim.generation + 1, let adoption = shard.adoption,
                      claim.start >= adoption.offset, shard.segmentedCount == adoption.segmentedCount,
                      claim.segmentedCount - adoption.offset == adoption.segmentedCount {
                // The fresh log's segments are still exactly the old log's that this claim saw, rebased: the last
                // `replacing` of them are the ones it merges. (`isSegmenting` belongs to the fresh shard's claims.)
                state.shards[claim.customerId] = nil
                shard.install(LogSegment(rebasing: segment, by: adoption.offset), replacing: claim.replacing)
                shard.adoption = nil
            } else {
                return
            }
            state.shards[claim.customerId] = shard
            publish(claim.customerId, from: &state)
        }
        reclaimRetired(force: true)
    }
}

extension FleetIndex {
    /// Under the lock: claims the quiet-compaction check of `customerId` unless one is pending; returns the log
    /// count it will compare with.
    func claimQuietCheck(of customerId: String, in state: inout WriterState) -> (String, Int)? {
        guard configuration.rebuildsInBackground, configuration.quietCompactionDelay != nil,
              let shard = state.shards[customerId], !shard.quietCheckScheduled else { return nil }
        state.shards[customerId]!.quietCheckScheduled = true
        return (customerId, shard.logCount)
    }

    /// Checks `customerId` after ``Configuration/quietCompactionDelay``: if its log did not change since (it held
    /// `logCount` entries) and is not empty, rebuilds it there (a background queue); if writes went on, checks
    /// again later.
    func scheduleQuietCheck(_ customerId: String, logCount: Int) {
        guard let delay = configuration.quietCompactionDelay else { return }
        DispatchQueue.global(qos: .utility).asyncAfter(deadline: .now() + delay) { [weak self] in
            guard let self else { return }
            let (again, claim) = state.withLock { state -> (Int?, (String, ShardSnapshot)?) in
                guard let shard = state.shards[customerId] else { return (nil, nil) }
                if shard.logCount != logCount || shard.isRebuilding { return (shard.logCount, nil) }
                state.shards[customerId]!.quietCheckScheduled = false
                return (nil, claimRebuild(of: customerId, in: &state, force: true))
            }
            if let again { scheduleQuietCheck(customerId, logCount: again) }
            if let (customerId, snapshot) = claim { rebuild(customerId: customerId, from: snapshot) }
        }
    }
}

/// A batch of claimed rebuilds handed to a background thread.
private struct RebuildWork: Sendable {
    let index: FleetIndex
    let rebuilds: [(String, ShardSnapshot)]

    func run() {
        for (customerId, snapshot) in rebuilds { index.rebuild(customerId: customerId, from: snapshot) }
    }
}

extension FleetIndex {
    /// Debug check of a rebuild's install: `place` (by slot) names exactly the fresh shard's current places.
    static func placesAgree(_ place: [Int32], _ fresh: ShardState) -> Bool {
        var expected = [Int32](repeating: Place.none, count: place.count)
        var agree = true
        fresh.forEachCurrentPlace { slot, current in
            if Int(slot) < expected.count { expected[Int(slot)] = current } else { agree = false }
        }
        return agree && expected == place
    }
}
