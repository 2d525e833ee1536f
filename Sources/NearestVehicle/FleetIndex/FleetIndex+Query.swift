import Foundation
import Geo
import SpatialIndex

extension FleetIndex {
    /// The `k` vehicles of the filter's customer nearest to `point`, optionally within `radius`.
    ///
    /// - Parameters:
    ///   - k: How many vehicles, >= 1; fewer are returned when fewer qualify.
    ///   - point: The query point.
    ///   - radiusMeters: Only vehicles at most this many metres away (inclusive), in the query's model; finite,
    ///     >= 0 (0 keeps vehicles exactly at `point`); nil for no limit.
    ///   - filter: Customer (mandatory) and the other criteria; see ``VehicleFilter``.
    ///   - options: Distance model (sphere or exact WGS84), exclusion counting.
    /// - Returns: Vehicles sorted by (distance rounded to 1 µm, id), exactly as a brute-force scan ranks them;
    ///   distances in metres.
    /// - Throws: ``FleetIndexError`` for k < 1, a negative, NaN or infinite radius, an empty customer id or an
    ///   invalid maximum age; the index is never changed by a query.
    /// - Complexity: O(log n + k log k) for the tree, plus a scan of the customer's log (24 bytes per entry, see
    ///   ``FleetIndex``);
    ///   the exact mode adds one widened search and ~1 µs per candidate geodesic.
    public func nearest(
        _ k: Int, to point: Coordinate, within radiusMeters: Double? = nil, filter: VehicleFilter,
        options: QueryOptions = QueryOptions()
    ) throws(FleetIndexError) -> NearbyVehicles {
        guard k >= 1 else { throw .invalidCount(k) }
        if let radiusMeters { try validate(radiusMeters: radiusMeters) }
        try validate(filter)
        let cap = radiusMeters ?? .infinity
        return withLease(customerId: filter.customerId) { lease in
            guard let lease = consume lease else {
                return NearbyVehicles(vehicles: [], model: options.model, excluded: ExclusionCounts())
            }
            let (hits, excluded) = nearest(k, to: point, cap: cap, in: lease, filter: filter, options: options)
            return result(consume hits, sorted: true, lease: consume lease, filter: filter, model: options.model,
                          excluded: excluded)
        }
    }

    /// ``nearest(_:to:within:filter:options:)`` on one published snapshot: the hits, sorted, and the exclusions.
    private func nearest(
        _ k: Int, to point: Coordinate, cap: Double, in lease: SnapshotLease, filter: VehicleFilter,
        options: QueryOptions
    ) -> (hits: [Hit], excluded: ExclusionCounts) {
        let snapshot = lease.snapshot  // borrowed from the lease (a snapshot parameter was a copy: three retains)
        let compiled = CompiledFilter(filter, for: snapshot.base)
        var hits: [Hit]
        switch options.model {
        case .sphere:
            hits = sphereNearest(k, to: point, cap: cap, in: snapshot, compiled, filter)
        case .wgs84:
            let sphereCap = cap < .infinity ? Exact.sphereBound(forGeodesic: cap) : .infinity
            let sphereHits = sphereNearest(k, to: point, cap: sphereCap, in: snapshot, compiled, filter)
            var candidates: [Hit]
            if sphereHits.count < k {
                candidates = sphereHits  // every eligible vehicle within sphereCap
            } else {
                let largestGeodesic = sphereHits.map { Exact.geodesic(point, snapshot.coordinate($0.source)) }.max()!
                let searchRadius = Swift.min(sphereCap, Exact.sphereBound(forGeodesic: largestGeodesic))
                candidates = collect(within: searchRadius, of: point, in: snapshot, compiled, filter,
                                     counting: false).hits
            }
            hits = []
            hits.reserveCapacity(candidates.count)
            for candidate in candidates {
                let geodesic = Exact.geodesic(point, snapshot.coordinate(candidate.source))
                if geodesic <= cap { hits.append(Hit(distanceMeters: geodesic, source: candidate.source)) }
            }
            Hit.sort(&hits, in: snapshot)
            if hits.count > k { hits.removeSubrange(k...) }
        }
        var excluded = ExclusionCounts()
        if options.countsExclusions {
            let bound = hits.count == k ? hits[k - 1].distanceMeters : cap
            excluded = exclusions(within: bound, of: point, in: snapshot, compiled, filter, model: options.model)
        }
        return (hits, excluded)
    }

    /// Every vehicle of the filter's customer within `radiusMeters` of `point` (inclusive), sorted by (distance
    /// rounded to 1 µm, id), and the number of vehicles inside the radius the filter excluded, by reason.
    ///
    /// - Parameters:
    ///   - radiusMeters: In metres, in the query's model; finite, >= 0 (0 keeps vehicles exactly at `point`).
    ///   - point: The query point.
    ///   - filter: Customer (mandatory) and the other criteria; see ``VehicleFilter``.
    ///   - options: Distance model (sphere or exact WGS84), exclusion counting.
    /// - Returns: Distances in metres.
    /// - Throws: ``FleetIndexError`` for a negative, NaN or infinite radius, an empty customer id or an invalid
    ///   maximum age; the index is never changed by a query.
    /// - Complexity: O(log n + m log m) for m vehicles in the radius, plus the customer's log scan.
    public func within(
        _ radiusMeters: Double, of point: Coordinate, filter: VehicleFilter, options: QueryOptions = QueryOptions()
    ) throws(FleetIndexError) -> NearbyVehicles {
        try validate(radiusMeters: radiusMeters)
        try validate(filter)
        return withLease(customerId: filter.customerId) { lease in
            guard let lease = consume lease else {
                return NearbyVehicles(vehicles: [], model: options.model, excluded: ExclusionCounts())
            }
            let (hits, excluded) = within(radiusMeters, of: point, in: lease, filter: filter, options: options)
            return result(consume hits, sorted: false, lease: consume lease, filter: filter, model: options.model,
                          excluded: excluded)
        }
    }

    /// ``within(_:of:filter:options:)`` on one published snapshot: the hits, unsorted, and the exclusions.
    private func within(
        _ meters: Double, of point: Coordinate, in lease: SnapshotLease, filter: VehicleFilter,
        options: QueryOptions
    ) -> (hits: [Hit], excluded: ExclusionCounts) {
        let snapshot = lease.snapshot
        let compiled = CompiledFilter(filter, for: snapshot.base)
        var hits: [Hit]
        var excluded: ExclusionCounts
        switch options.model {
        case .sphere:
            (hits, excluded) = collect(within: meters, of: point, in: snapshot, compiled, filter,
                                       counting: options.countsExclusions)
        case .wgs84:
            let candidates = collect(within: Exact.sphereBound(forGeodesic: meters), of: point, in: snapshot,
                                     compiled, filter, counting: false).hits
            hits = []
            for candidate in candidates {
                let geodesic = Exact.geodesic(point, snapshot.coordinate(candidate.source))
                if geodesic <= meters { hits.append(Hit(distanceMeters: geodesic, source: candidate.source)) }
            }
            excluded = options.countsExclusions
                ? exclusions(within: meters, of: point, in: snapshot, compiled, filter, model: .wgs84)
                : ExclusionCounts()
        }
        return (hits, excluded)
    }

    // MARK: - Internals

    private func validate(radiusMeters: Double) throws(FleetIndexError) {
        guard radiusMeters.isFinite, radiusMeters >= 0 else { throw .invalidRadius(radiusMeters) }
    }

    private func validate(_ filter: VehicleFilter) throws(FleetIndexError) {
        guard !filter.customerId.isEmpty else { throw .missingCustomerID() }
        if let age = filter.maxPositionAge, !(age.isFinite && age >= 0) { throw .invalidMaxAge(age) }
    }

    /// The answer over `hits`, sorted by (distance rounded to 1 µm, id) unless already `sorted` (k-nearest hits
    /// are): the hits buffer and the snapshot's lease (the query's one retain, taken over); vehicles are read from
    /// the snapshot when the caller accesses them.
    private func result(
        _ hits: consuming [Hit], sorted: Bool, lease: consuming SnapshotLease, filter: VehicleFilter,
        model: QueryOptions.DistanceModel, excluded: ExclusionCounts
    ) -> NearbyVehicles {
        // `consuming`: the caller's last use moves the buffer here, so the sort does not copy it (with a copy of the
        // parameter, the caller's reference made the sort's mutation copy the hits first).
        if !sorted && hits.count > 1 {
            // The snapshot's parts read through the lease (`Hit.sort(_:in:)` with `lease.snapshot` copied the
            // snapshot: three retains).
            lease.snapshot.chunks.withUnsafeBufferPointer { chunks in
                Hit.sort(&hits, base: lease.snapshot.base, chunks: chunks)
            }
        }
        let list = NearbyVehicleList(lease: consume lease, hits: hits, now: filter.now.timeIntervalSinceReferenceDate)
        return NearbyVehicles(vehicles: list, model: model, excluded: excluded)
    }

    /// The k nearest eligible vehicles on the sphere within `cap` metres, base and log merged, sorted.
    func sphereNearest(
        _ k: Int, to point: Coordinate, cap: Double, in snapshot: ShardSnapshot, _ compiled: CompiledFilter,
        _ filter: VehicleFilter
    ) -> [Hit] {
        let base = snapshot.base, count = snapshot.count
        let marks = base.marks.reader
        // The query's unit vector and cos φ once, for the base, every segment and the tail.
        let query = KDTree.QueryPoint(point)
        // The arena and the slots' buffer, not `base.arena` / `base.slots` inside the closures: those retained and
        // released the base's properties at every comparison (a depot query compares hundreds of times).
        let arena = base.arena
        let neighbors = base.slots.withUnsafeBufferPointer { slots in
            func search(where isIncluded: (Int) -> Bool) -> [KDTree.Neighbor] {
                base.tree.nearest(
                    k, to: query, within: cap, where: isIncluded,
                    orderedBefore: { a, b in arena.precedes(slots[a], slots[b]) },
                    tieRank: { index in arena.rank(slots[index]) },
                    tiesInBuildOrder: true,  // the base's stacks are in id order (ShardBase builds them so)
                    subtrees: compiled.subtrees)
            }
            // Every base vehicle passes (a plain customer query): a predicate without the compiled filter, as
            // `collect(within:…)`'s.
            return compiled.passesAll
                ? search(where: { index in marks.isAlive(index, before: count) })
                : search(where: { index in marks.isAlive(index, before: count) && compiled.reason(index) == nil })
        }
        var hits: [Hit] = neighbors  // base indices are places as they are
        guard count > 0 else { return hits }
        // Log: each segment's tree, then the unsegmented tail; only entries that can beat the current k-th (or lie
        // within the cap) get a haversine.
        var bound = hits.count == k ? hits[k - 1].distanceMeters : cap
        var extra = false
        // + 2 µm: a vehicle in the same 1 µm tie group as the current k-th may still win by id.
        let radius = Swift.min(cap, bound + 2e-6)
        let baseHoldsK = hits.count == k, radiusLimit = Self.logRadiusLimit(k)
        for segment in snapshot.segments {
            let start = segment.start
            @inline(__always) func isCandidate(_ offset: Int) -> Bool {
                segment.isUpsert[offset] && snapshot.isAlive(logPosition: start + offset)
                    && compiled.mayPass(word: snapshot.attributeWord(start + offset))
                    && filter.exclusionReason(for: snapshot.entry(start + offset).pointee.vehicle!) == nil
            }
            if baseHoldsK {
                // The base holds k: only log entries within its k-th can enter, a few as a rule: one radius pass
                // collects them, sorted once with the tail's below (a k-nearest search per segment cost its set-up, a
                // result array and a sort each: Benchmarks/README section 2). Past `logRadiusLimit` of them (a fleet
                // moved in a body to where the query is) the pass stops and the segment's k nearest are taken instead.
                let mark = hits.count
                var overflow = false
                segment.forEachWhile(within: radius, of: query, where: isCandidate,
                                     requiring: compiled.requirements) { neighbor in
                    guard hits.count - mark < radiusLimit else {
                        overflow = true
                        return false
                    }
                    hits.append(Hit(distanceMeters: neighbor.distanceMeters, source: -(start + neighbor.index + 1)))
                    return true
                }
                extra = extra || hits.count > mark
                guard overflow else { continue }
                hits.removeSubrange(mark...)
            }
            // Fewer than k in the base (a small or heavily filtered customer), or a crowded segment: its k nearest,
            // the bound shrinking as they come.
            let found = segment.nearest(
                k, to: query, within: Swift.min(cap, bound + 2e-6), where: isCandidate,
                orderedBefore: { a, b in
                    base.arena.precedes(snapshot.slot(logPosition: start + a), snapshot.slot(logPosition: start + b))
                }, requiring: compiled.requirements)
            guard !found.isEmpty else { continue }
            hits.append(contentsOf: found.map { Hit(distanceMeters: $0.distanceMeters, source: -(start + $0.index + 1)) })
            Hit.sort(&hits, in: snapshot, keepingFirst: k)
            if hits.count == k { bound = Swift.min(bound, hits[k - 1].distanceMeters) }
        }
        snapshot.forEachLiveEntry(from: snapshot.segmentedCount, near: query.vector,
                                  chordSquaredBound: Self.widenedChordSquared(forDistanceMeters: bound)) { position, entry in
            guard compiled.mayPass(word: snapshot.attributeWord(position)) else { return }
            let vehicle = entry.pointee.vehicle!
            guard filter.exclusionReason(for: vehicle) == nil else { return }
            let distance = query.distance(to: vehicle.coordinate)
            guard distance <= cap else { return }
            hits.append(Hit(distanceMeters: distance, source: -(position + 1)))
            extra = true
        }
        if extra { Hit.sort(&hits, in: snapshot, keepingFirst: k) }
        return hits
    }

    /// Eligible vehicles with sphere distance <= `radius`, unsorted (base in tree order, then the log), and, if
    /// `counting`, the excluded ones by reason.
    func collect(
        within radius: Double, of point: Coordinate, in snapshot: ShardSnapshot, _ compiled: CompiledFilter,
        _ filter: VehicleFilter, counting: Bool
    ) -> (hits: [Hit], excluded: ExclusionCounts) {
        let base = snapshot.base, count = snapshot.count
        let marks = base.marks.reader  // captured by the searches' predicates: a pointer, not the object
        var excluded = ExclusionCounts()
        // Room for a typical answer at once (a 5 km radius holds a few dozen vehicles in a city), not five growths,
        // reserved at the first hit: an empty answer (a sparse fleet, a query at sea) allocates nothing.
        let typicalCount = 64
        var hits: [Hit] = []
        let query = KDTree.QueryPoint(point)
        if counting {
            base.tree.forEach(
                within: radius, of: query, where: { index in marks.isAlive(index, before: count) }
            ) { neighbor in
                if let reason = compiled.reason(neighbor.index) {
                    excluded[reason] += 1
                } else {
                    if hits.isEmpty { hits.reserveCapacity(typicalCount) }
                    hits.append(neighbor)  // a base hit's source is its index
                }
            }
        } else if compiled.passesAll {
            // Every base vehicle passes the filter: a predicate without the compiled filter (captured, it was copied
            // into the search and destroyed after it, ~190 instructions a query).
            base.tree.append(within: radius, of: query, where: { index in marks.isAlive(index, before: count) },
                             to: &hits, reservingCapacity: typicalCount)
        } else {
            base.tree.append(within: radius, of: query, where: { index in
                marks.isAlive(index, before: count) && compiled.reason(index) == nil
            }, to: &hits, reservingCapacity: typicalCount)
        }
        guard count > 0 else { return (hits, excluded) }
        func visit(_ position: Int, _ vehicle: VehiclePosition, _ distance: Double) {
            if let reason = filter.exclusionReason(for: vehicle) {
                if counting { excluded[reason] += 1 }
            } else {
                hits.append(Hit(distanceMeters: distance, source: -(position + 1)))
            }
        }
        for segment in snapshot.segments {
            let start = segment.start
            segment.forEach(within: radius, of: query, where: { offset in
                segment.isUpsert[offset] && snapshot.isAlive(logPosition: start + offset)
            }) { neighbor in
                visit(start + neighbor.index, snapshot.entry(start + neighbor.index).pointee.vehicle!,
                      neighbor.distanceMeters)
            }
        }
        snapshot.forEachLiveEntry(from: snapshot.segmentedCount, near: query.vector,
                                  chordSquaredBound: Self.widenedChordSquared(forDistanceMeters: radius)) { position, entry in
            let vehicle = entry.pointee.vehicle!
            guard counting || filter.exclusionReason(for: vehicle) == nil else { return }
            let distance = query.distance(to: vehicle.coordinate)
            guard distance <= radius else { return }
            visit(position, vehicle, distance)
        }
        return (hits, excluded)
    }

    /// Excluded vehicles at model distance <= `bound`, by reason.
    func exclusions(
        within bound: Double, of point: Coordinate, in snapshot: ShardSnapshot, _ compiled: CompiledFilter,
        _ filter: VehicleFilter, model: QueryOptions.DistanceModel
    ) -> ExclusionCounts {
        let sphereRadius = model == .sphere || bound == .infinity ? bound : Exact.sphereBound(forGeodesic: bound)
        let base = snapshot.base, count = snapshot.count
        let marks = base.marks.reader
        var excluded = ExclusionCounts()
        func inside(_ coordinate: Coordinate, sphereDistance: Double) -> Bool {
            model == .sphere ? sphereDistance <= bound : Exact.geodesic(point, coordinate) <= bound
        }
        let query = KDTree.QueryPoint(point)
        if compiled.passesAll {
            // No base vehicle can fail the filter: nothing to count in the base.
        } else if model == .sphere {
            // Only which vehicles are inside matters, not how far: a selective filter asked far from its vehicles
            // counts most of the fleet, and whole subtrees inside the radius are then taken without a haversine.
            // The reason found by the predicate is the one the body counts (forEachIndex calls the body right after
            // the predicate accepted that index): computed once a vehicle.
            var reason: ExclusionCounts.Reason?
            base.tree.forEachIndex(within: bound, of: query, where: { index in
                guard marks.isAlive(index, before: count) else { return false }
                reason = compiled.reason(index)
                return reason != nil
            }) { _ in
                if let reason { excluded[reason] += 1 }
            }
        } else {
            base.tree.forEach(within: sphereRadius, of: query, where: { index in
                marks.isAlive(index, before: count) && compiled.reason(index) != nil
            }) { neighbor in
                if inside(base.coordinate(neighbor.index), sphereDistance: neighbor.distanceMeters) {
                    excluded[compiled.reason(neighbor.index)!] += 1
                }
            }
        }
        guard count > 0 else { return excluded }
        for segment in snapshot.segments {
            let start = segment.start
            @inline(__always) func isCandidate(_ offset: Int) -> Bool {
                segment.isUpsert[offset] && snapshot.isAlive(logPosition: start + offset)
            }
            if model == .sphere {
                segment.forEachIndex(within: bound, of: query, where: isCandidate) { offset in
                    if let reason = filter.exclusionReason(for: snapshot.entry(start + offset).pointee.vehicle!) {
                        excluded[reason] += 1
                    }
                }
            } else {
                segment.forEach(within: sphereRadius, of: query, where: isCandidate) { neighbor in
                    let vehicle = snapshot.entry(start + neighbor.index).pointee.vehicle!
                    if let reason = filter.exclusionReason(for: vehicle),
                       inside(vehicle.coordinate, sphereDistance: neighbor.distanceMeters) {
                        excluded[reason] += 1
                    }
                }
            }
        }
        snapshot.forEachLiveEntry(from: snapshot.segmentedCount, near: query.vector,
                                  chordSquaredBound: Self.widenedChordSquared(forDistanceMeters: sphereRadius)) { _, entry in
            let vehicle = entry.pointee.vehicle!
            if let reason = filter.exclusionReason(for: vehicle),
               inside(vehicle.coordinate, sphereDistance: query.distance(to: vehicle.coordinate)) {
                excluded[reason] += 1
            }
        }
        return excluded
    }

    /// The most log entries one segment's radius pass collects for a k-nearest query before its k nearest are
    /// searched instead (``sphereNearest(_:to:cap:in:_:_:)``).
    static func logRadiusLimit(_ k: Int) -> Int { Swift.max(64, 4 * k) }

    /// Squared chord of a haversine distance, widened (1e-9 relative, 1e-9 absolute on the chord: 6 mm) so the
    /// cheap chord test of log entries can never reject an entry the haversine would accept.
    static func widenedChordSquared(forDistanceMeters meters: Double) -> Double {
        if meters >= Earth.maximumDistanceMeters { return .infinity }
        let chord = UnitVector.chordLength(forDistanceMeters: meters) * (1 + 1e-9) + 1e-9
        return chord * chord
    }
}

/// A result before formatting: distance in the query's model and where the vehicle is (``KDTree/Neighbor/index``:
/// a base index >= 0, or log position `-(source + 1)`); the vehicle is only read for what a caller accesses.
typealias Hit = KDTree.Neighbor

extension KDTree.Neighbor {
    init(distanceMeters: Double, source: Int) {
        self.init(index: source, distanceMeters: distanceMeters)
    }

    /// Where the vehicle is in its snapshot (see ``Hit``).
    var source: Int { index }

    /// Sorts by (distance rounded to 1 µm, id in UTF-8 order): the order of every result. Long runs of one distance
    /// (a depot) are ordered by each id's first 8 bytes first (``IDArena/rank(_:)``), read once per vehicle.
    /// `keepingFirst`: only the first `limit` are kept (and of a run of ties crossing it, only those ordered).
    static func sort(_ hits: inout [Hit], in snapshot: ShardSnapshot, keepingFirst limit: Int = .max) {
        guard hits.count > 1 else { return }
        snapshot.chunks.withUnsafeBufferPointer { chunks in
            sort(&hits, base: snapshot.base, chunks: chunks, keepingFirst: limit)
        }
    }

    /// ``sort(_:in:keepingFirst:)`` from the snapshot's parts: its base and its log chunks' buffer. The comparison
    /// closures capture plain pointers (the base's slots, ``IDArena/reader``, the chunks' buffer), not objects:
    /// captured, the base, the arena and the chunks' array were each retained into the sort and released after it,
    /// atomic writes to objects every thread asking for this customer shares. The caller's snapshot holds them.
    static func sort(
        _ hits: inout [Hit], base: ShardBase, chunks: UnsafeBufferPointer<LogChunk>, keepingFirst limit: Int = .max
    ) {
        guard hits.count > 1 else { return }
        let arena = base.arena.reader
        base.slots.withUnsafeBufferPointer { slots in
            @inline(__always) func slot(_ source: Int) -> Int32 {
                source >= 0 ? slots[source] : ShardSnapshot.slot(logPosition: -(source + 1), chunks: chunks)
            }
            KDTree.sort(&hits, keepingFirst: limit, orderedBefore: { a, b in arena.precedes(slot(a), slot(b)) },
                        tieRank: { source in arena.rank(slot(source)) })
        }
    }
}
