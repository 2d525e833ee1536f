import Foundation
import Geo
import SpatialIndex


/// A live, multi-tenant index of vehicle positions answering exact k-nearest and within-radius queries.
///
/// ## Semantics
/// - One position per vehicle id, the newest by timestamp: an older update never replaces a newer one; an
///   update with the *same* timestamp replaces the stored position (last write wins, so a corrected record can
///   be re-sent). ``remove(id:)`` forgets the vehicle entirely: a later upsert, whatever its timestamp, adds it
///   again.
/// - Every query is scoped to one customer (``VehicleFilter/customerId``); each customer has its own tree, so a
///   query cannot see another customer's vehicles. Upserting an id under another customer moves it.
/// - Results are sorted by (distance rounded to 1 µm, id in UTF-8 order) and equal a brute-force scan exactly,
///   including ties at the k-th place (see ``SpatialIndex/KDTree/Neighbor``). Radii are inclusive.
///
/// ## Design (snapshot + delta)
/// Per customer: an immutable ``SpatialIndex/KDTree`` *base* over the vehicles as of the last rebuild, plus an
/// append-only *log* of upserts and removals since. Each base vehicle and log entry carries an atomic
/// "superseded at" sequence number. A writer, holding the writer lock (a pthread mutex, see `LockedState`),
/// appends to the log and marks the entry it replaces; it never changes anything a query may be reading. At the
/// end of its critical section it *publishes* each touched customer's snapshot (base, log chunks, log count,
/// segments) under a second lock held only for that O(1) store. A query takes only that publication lock, copies
/// its customer's snapshot — O(1) — and releases it: it then searches the base (skipping entries superseded
/// before its count, inside the tree search, together with the filter) and the log prefix, and merges. Queries
/// therefore never wait for a writer's batch (applied in slices of ``Configuration/batchSliceSize`` records under
/// the writer lock) nor for a rebuild, only for another thread's O(1) snapshot copy or store.
///
/// When a customer's log reaches max(``Configuration/minimumRebuildDelta``,
/// ``Configuration/rebuildDeltaFraction`` × base count) entries, its base is rebuilt from a snapshot *outside the
/// lock*, on a background thread by default (writers and queries continue; at most one rebuild per customer at
/// a time), then installed with a fresh log holding the entries written meanwhile, replayed in order: most of them
/// outside the lock, in catch-up passes while writers go on, and only the last few hundred (what writers add
/// during the last pass) under it. ``compact()`` rebuilds every customer synchronously. Between rebuilds, every
/// ``Configuration/logSegmentSize`` log entries are indexed in a small k-d tree (a *segment*, built by the writer
/// that filled them, outside the lock); a query searches the base, each segment, and scans the unsegmented tail
/// (24 bytes per entry, ~2 ns; removals and superseded entries are skipped through the same marks).
///
/// Writers find a vehicle through one id table for the whole index (`WriterState`): id → slot, assigned on first
/// sight and kept after a removal, with per-slot columns for the holding customer, the newest timestamp and the
/// current *place* (base index or log position) in that customer's shard, so an upsert hashes its id once. Base
/// vehicles and log entries carry their slot: a rebuild replays by slot (no hashing) and, when it installs, rewrites
/// the places of the customer's vehicles by slot (array writes under the lock).
///
/// ## Exact mode (WGS84)
/// With ``QueryOptions/DistanceModel/wgs84`` results are ranked by `Geodesic.wgs84.distance(from: query,
/// to: vehicle)`. The sphere search is widened by a proven bound: mapping the ellipsoid onto the sphere of
/// radius R by (latitude, longitude) stretches every line element by a factor between R / N_max and R / M_min,
/// where M (meridional) and N (prime vertical) radii of curvature lie in [a(1 − e²), a²/b]: so for every pair,
/// λmin · g ≤ s ≤ λmax · g with λmin = R b / a² = 0.99553 and λmax = R / (a (1 − e²)) = 1.00561
/// (s = sphere distance, g = geodesic). `within(r)` therefore searches the sphere to λmax · r (+1e-9 relative,
/// +0.1 mm) and keeps geodesic ≤ r; `nearest(k)` takes the sphere's k nearest, G = their largest geodesic
/// distance (the k-th geodesic distance of the whole fleet is ≤ G), collects every vehicle with sphere distance
/// ≤ λmax · G (+ the same margins) and ranks them by geodesic. Checked against brute-force geodesic ranking in
/// `ExactModeTests`.
///
/// `Sendable`: share one instance across tasks.
public final class FleetIndex: Sendable {
    /// Tuning knobs; the defaults suit fleets from a few vehicles to millions.
    public struct Configuration: Hashable, Sendable {
        /// Rebuild a customer's tree once its log holds at least this many entries... (default 1024)
        public var minimumRebuildDelta: Int
        /// ... or this fraction of its tree's size, whichever is larger (default 1/16).
        public var rebuildDeltaFraction: Double
        /// Records applied per lock acquisition in batch upserts (default 4096).
        public var batchSliceSize: Int
        /// Whether a due rebuild runs on a background thread (default) or on the writer that made it due (the
        /// upsert call then returns after the rebuild). Either way it runs outside the lock.
        public var rebuildsInBackground: Bool
        /// Every this many log entries, the writer that filled them indexes them in a small k-d tree (a log
        /// segment, built outside the lock), so queries search the log in O(segments × log size) instead of
        /// scanning it; 0 disables segments (default 2048).
        public var logSegmentSize: Int
        /// A rebuild replays the log entries written while it built its tree outside the lock, in catch-up
        /// passes, until fewer than this many remain for the replay under the lock (default 256). Tests set 0 to
        /// exercise the catch-up passes.
        package var replayUnderLockLimit = 256

        public init(minimumRebuildDelta: Int = 1024, rebuildDeltaFraction: Double = 1.0 / 16,
                    batchSliceSize: Int = 4096, rebuildsInBackground: Bool = true, logSegmentSize: Int = 2048) {
            self.minimumRebuildDelta = Swift.max(1, minimumRebuildDelta)
            // Clamped to [0, 16] (NaN: the default), so `rebuildThreshold` never converts an overflowing Double.
            self.rebuildDeltaFraction = rebuildDeltaFraction.isNaN ? 1.0 / 16 : Swift.min(Swift.max(0, rebuildDeltaFraction), 16)
            self.batchSliceSize = Swift.max(1, batchSliceSize)
            self.rebuildsInBackground = rebuildsInBackground
            self.logSegmentSize = Swift.max(0, logSegmentSize)
        }

        func rebuildThreshold(baseCount: Int) -> Int {
            Swift.max(minimumRebuildDelta, Int(rebuildDeltaFraction * Double(baseCount)))
        }
    }

    public let configuration: Configuration
    /// What writers change: shards and the id table. Queries never take this lock.
    let state: LockedState<WriterState>
    /// The snapshot queries read, per customer; stored by writers (holding ``state``) at the end of each critical
    /// section, copied by queries. Lock order: `state`, then `published`.
    let published: LockedState<[String: ShardSnapshot]>

    /// An empty index.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        state = LockedState(WriterState())
        published = LockedState([:])
    }

    /// Publishes `customerId`'s current snapshot to queries. Call while holding the writer lock, after changing
    /// the shard.
    func publish(_ customerId: String, from state: WriterState) {
        let snapshot = state.shards[customerId]?.snapshot
        // The replaced snapshot is released after the lock: when a rebuild replaced its base, that release frees the
        // old tree and vehicles (milliseconds at 100k), which queries must not wait for.
        let replaced = published.withLock { published in
            if let snapshot { published.updateValue(snapshot, forKey: customerId) } else { published.removeValue(forKey: customerId) }
        }
        withExtendedLifetime(replaced) {}
    }

    /// The number of vehicles held (all customers).
    public var count: Int { state.withLock { $0.liveCount } }

    /// The customers that hold at least one vehicle, sorted.
    public var customerIds: [String] {
        state.withLock { state in
            var held = [Bool](repeating: false, count: state.customerNames.count)
            for code in state.slotCustomer where code >= 0 { held[Int(code)] = true }
            return held.indices.filter { held[$0] }.map { state.customerNames[$0] }.sorted()
        }
    }

    /// The current position of vehicle `id`, or nil.
    /// - Complexity: O(1).
    public func position(forID id: String) -> VehiclePosition? {
        state.withLock { state in
            guard let slot = state.slotByID[id], state.slotCustomer[Int(slot)] >= 0 else { return nil }
            let customerId = state.customerNames[Int(state.slotCustomer[Int(slot)])]
            return state.shards[customerId]?.position(at: state.slotPlace[Int(slot)])
        }
    }

    /// Every vehicle held for `customerId`, in no particular order. O(n); for tests, exports and tools.
    public func positions(customerId: String) -> [VehiclePosition] {
        guard let snapshot = snapshot(customerId: customerId) else { return [] }
        var result: [VehiclePosition] = []
        snapshot.forEachCurrentVehicle { vehicle, _ in result.append(vehicle) }
        return result
    }

    /// The snapshot a query reads: the last one a writer published. Never waits for a writer's batch or a rebuild.
    func snapshot(customerId: String) -> ShardSnapshot? {
        published.withLock { $0[customerId] }
    }
}
