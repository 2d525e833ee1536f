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
        var report = UpsertReport()
        var slice: [(offset: Int, position: VehiclePosition)] = []
        slice.reserveCapacity(configuration.batchSliceSize)
        for (offset, position) in positions.enumerated() {
            if position.id.isEmpty {
                report.rejections.append(.init(offset: offset, id: position.id, reason: .emptyID))
            } else if position.customerId.isEmpty {
                report.rejections.append(.init(offset: offset, id: position.id, reason: .emptyCustomerID))
            } else {
                slice.append((offset, position))
                if slice.count == configuration.batchSliceSize {
                    apply(slice, to: &report)
                    slice.removeAll(keepingCapacity: true)
                }
            }
        }
        if !slice.isEmpty { apply(slice, to: &report) }
        return report
    }

    /// Validates and upserts raw records (from Ocean, a CSV file): each invalid record (NaN or out-of-range
    /// coordinate, empty id or customer id) is reported with its offset and reason, the others are upserted as
    /// by ``upsert(contentsOf:)``. The index is unchanged by rejected records.
    @discardableResult
    public func upsert(records: some Sequence<PositionRecord>) -> UpsertReport {
        var rejections: [UpsertReport.Rejection] = []
        var valid: [VehiclePosition] = []
        for (offset, record) in records.enumerated() {
            do {
                valid.append(try record.validated())
            } catch {
                rejections.append(.init(offset: offset, id: record.id, reason: error))
            }
        }
        var report = upsert(contentsOf: valid)
        report.rejections = rejections  // `valid` holds no invalid record, so the inner report has none
        return report
    }

    /// Removes vehicle `id` (from whichever customer holds it).
    /// - Returns: Whether the index held it.
    @discardableResult
    public func remove(id: String) -> Bool {
        let (removed, due, segment) = state.withLock { state -> (Bool, (String, ShardSnapshot)?, SegmentClaim?) in
            guard let owner = state.owners.removeValue(forKey: id) else { return (false, nil, nil) }
            state.shards[owner.customerId]!.remove(id)
            publish(owner.customerId, from: state)
            return (true, claimRebuild(of: owner.customerId, in: &state), claimSegment(of: owner.customerId, in: &state))
        }
        if let due { schedule([due]) }
        if let segment { buildSegment(segment) }
        return removed
    }

    /// Applies one slice under the lock, then runs the rebuilds it made due, outside the lock.
    private func apply(_ slice: [(offset: Int, position: VehiclePosition)], to report: inout UpsertReport) {
        let (rebuilds, segments) = state.withLock { state -> ([(String, ShardSnapshot)], [SegmentClaim]) in
            var touched: Set<String> = []
            for (_, position) in slice {
                let owner = Owner(customerId: position.customerId, timestamp: position.timestamp)
                if let slot = state.owners.index(forKey: position.id) {
                    let previous = state.owners.values[slot]
                    if position.timestamp < previous.timestamp {
                        report.stale += 1
                        continue
                    }
                    state.owners.values[slot] = owner  // no second hash look-up
                    if previous.customerId != position.customerId {
                        state.shards[previous.customerId]!.remove(position.id)
                        touched.insert(previous.customerId)
                    }
                    report.updated += 1
                } else {
                    state.owners[position.id] = owner
                    report.inserted += 1
                }
                state.shards[position.customerId, default: ShardState(base: .empty)].upsert(position)
                if touched.count != 1 || touched.first != position.customerId { touched.insert(position.customerId) }
            }
            for customerId in touched { publish(customerId, from: state) }
            let rebuilds = touched.compactMap { claimRebuild(of: $0, in: &state) }
            return (rebuilds, touched.compactMap { claimSegment(of: $0, in: &state) })
        }
        if !rebuilds.isEmpty { schedule(rebuilds) }
        for segment in segments { buildSegment(segment) }
    }
}
