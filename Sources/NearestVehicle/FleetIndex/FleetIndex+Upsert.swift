import Foundation
import Geo

extension FleetIndex {
    /// Inserts or updates one vehicle's position (newest timestamp wins; equal timestamps replace).
    ///
    /// - Returns: What happened: inserted, updated, stale, or rejected (empty id or customer id) with the reason.
    /// - Complexity: O(1) amortised, plus a rebuild of the customer's tree when its log crosses the threshold
    ///   (see ``FleetIndex`` "Design").
    @discardableResult
    public func upsert(_ position: VehiclePosition) -> UpsertReport {
        upsert(contentsOf: CollectionOfOne(position))
    }

    /// Inserts or updates many positions, in order (a later record for the same id competes with the earlier one
    /// by timestamp, as if upserted one by one). Applied in slices of ``Configuration/batchSliceSize`` records per
    /// lock acquisition: queries running meanwhile may see a prefix of the batch.
    ///
    /// - Returns: Counts of inserted / updated / stale records and every rejection (empty id or customer id) with
    ///   its offset in `positions`.
    @discardableResult
    public func upsert(contentsOf positions: some Sequence<VehiclePosition>) -> UpsertReport {
        // One conversion (free for an Array), then non-generic code: iterating the generic sequence through
        // `enumerated()` is unspecialised across the module boundary (~1.6k instructions per record).
        upsert(array: Array(positions))
    }

    /// ``upsert(contentsOf:)`` on an array: slices of ``Configuration/batchSliceSize`` records per lock
    /// acquisition, read in place (no per-record copy into a slice buffer).
    private func upsert(array positions: [VehiclePosition]) -> UpsertReport {
        var report = UpsertReport()
        var lower = 0
        while lower < positions.count {
            let upper = Swift.min(positions.count, lower + configuration.batchSliceSize)
            apply(positions, lower..<upper, to: &report)
            lower = upper
        }
        return report
    }

    /// Removes vehicle `id` (from whichever customer holds it).
    /// - Returns: Whether the index held it.
    @discardableResult
    public func remove(id: String) -> Bool {
        let (removed, due, segment, quiet) = state.withLock {
            state -> (Bool, (String, ShardSnapshot)?, SegmentClaim?, (String, Int)?) in
            guard let slot = state.slot(of: id).map(Int.init), state.slotCustomer[slot] >= 0 else {
                return (false, nil, nil, nil)
            }
            let customerId = state.customerNames[Int(state.slotCustomer[slot])]
            state.shards[customerId]!.remove(slot: Int32(slot), replacing: state.slotPlace[slot])
            state.customerCounts[Int(state.slotCustomer[slot])] -= 1
            state.slotCustomer[slot] = -1
            state.slotPlace[slot] = Place.none
            state.liveCount -= 1
            publish(customerId, from: &state)
            return (true, claimRebuild(of: customerId, in: &state), claimSegment(of: customerId, in: &state),
                    claimQuietCheck(of: customerId, in: &state))
        }
        reclaimRetired()
        if let quiet { scheduleQuietCheck(quiet.0, logCount: quiet.1) }
        if let due { schedule([due]) }
        if let segment { buildSegment(segment) }
        return removed
    }

    /// Applies `positions[range]` under the lock (rejecting records with an empty id or customer id), then runs
    /// the rebuilds and segment builds it made due, outside the lock.
    ///
    /// The shard of the current customer is held out of the `shards` dictionary while consecutive records belong
    /// to it (one hash per run of a customer instead of one per record).
    private func apply(_ positions: [VehiclePosition], _ range: Range<Int>, to report: inout UpsertReport) {
        // Before the lock, by offset in `range`: whether the record is rejected, unit vectors (the trigonometry of an
        // upsert) and each id's key and table hash. Under it, first every id's slot, each id-table entry prefetched `prefetchDistance` records
        // ahead; then the records in order, the current place of the record `prefetchDistance` ahead prefetched
        // (the cache misses of a record overlap with the work of the records before it).
        var records = positions[range].map { position in
            let key = IDArena.Key(position.id)
            return PreparedUpsert(rejection: UpsertReport.Rejection.Reason.of(position),
                                  vector: UnitVector(position.coordinate), key: key, hash: IDTable.hash(key))
        }
        let prefetchDistance = 8
        let (rebuilds, segments, quiet) = state.withLock {
            state -> ([(String, ShardSnapshot)], [SegmentClaim], [(String, Int)]) in
            var touched = ExactIDSet()
            var heldID: String? = nil
            var held: ShardState? = nil
            // The code of the last record's customer (hashed only when the customer changes).
            var lastCustomerId: String? = nil, lastCode: Int32 = -1
            func hold(_ customerId: String) {
                if let heldID, VehiclePosition.sameID(heldID, customerId) { return }
                if let heldID { state.shards[heldID] = held.take() }
                held = state.shards.removeValue(forKey: customerId)
                    ?? ShardState(customerId: customerId, base: ShardBase(arena: state.arena))
                heldID = customerId
                touched.insert(customerId)
            }
            // Slots in record order (a new id takes the next one, as record by record); -1: rejected below.
            for index in records.indices where records[index].rejection == nil {
                if index + prefetchDistance < records.count {
                    state.ids.prefetch(hash: records[index + prefetchDistance].hash)
                }
                records[index].slot = state.intern(records[index].key, hash: records[index].hash)
            }
            for offset in range {
                let position = positions[offset]
                if let reason = records[offset - range.lowerBound].rejection {
                    report.rejections.append(.init(offset: offset, id: position.id, reason: reason))
                    continue
                }
                if !(lastCustomerId.map { VehiclePosition.sameID($0, position.customerId) } ?? false) {
                    lastCustomerId = position.customerId
                    lastCode = state.customerCode(position.customerId)
                }
                let ahead = offset - range.lowerBound + prefetchDistance
                if ahead < records.count, records[ahead].slot >= 0 {
                    held?.prefetch(place: state.slotPlace[Int(records[ahead].slot)])
                }
                let slot32 = records[offset - range.lowerBound].slot
                let slot = Int(slot32)
                let previousCustomer = state.slotCustomer[slot]
                var previousPlace = state.slotPlace[slot]
                if previousCustomer >= 0 {
                    // The current position's timestamp is its shard's (base column or log entry): no per-slot copy.
                    hold(previousCustomer == lastCode ? position.customerId : state.customerNames[Int(previousCustomer)])
                    if position.timestamp.timeIntervalSinceReferenceDate < held!.timestamp(at: previousPlace) {
                        report.stale += 1
                        continue
                    }
                    if previousCustomer != lastCode {
                        held!.remove(slot: slot32, replacing: previousPlace)
                        previousPlace = Place.none
                        state.customerCounts[Int(previousCustomer)] -= 1
                        state.customerCounts[Int(lastCode)] += 1
                    }
                    report.updated += 1
                } else {
                    state.liveCount += 1
                    state.customerCounts[Int(lastCode)] += 1
                    report.inserted += 1
                }
                state.slotCustomer[slot] = lastCode
                hold(position.customerId)
                state.slotPlace[slot] = held!.upsert(position, slot: slot32, replacing: previousPlace,
                                                     vector: records[offset - range.lowerBound].vector)
            }
            if let heldID { state.shards[heldID] = held }
            for customerId in touched { publish(customerId, from: &state) }
            let rebuilds = touched.compactMap { claimRebuild(of: $0, in: &state) }
            return (rebuilds, touched.compactMap { claimSegment(of: $0, in: &state) },
                    touched.compactMap { claimQuietCheck(of: $0, in: &state) })
        }
        reclaimRetired()
        for (customerId, logCount) in quiet { scheduleQuietCheck(customerId, logCount: logCount) }
        if !rebuilds.isEmpty { schedule(rebuilds) }
        for segment in segments { buildSegment(segment) }
    }
}

/// What ``FleetIndex`` computes for an upserted record before taking the lock (why it is rejected, if it is; its unit
/// vector, id key and id-table hash), and under it first (its id-table slot; -1 for a rejected record).
private struct PreparedUpsert {
    let rejection: UpsertReport.Rejection.Reason?
    let vector: UnitVector
    let key: IDArena.Key
    let hash: UInt32
    var slot: Int32 = -1
}
