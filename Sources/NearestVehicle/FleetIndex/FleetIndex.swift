import Foundation
import Geo
import SpatialIndex
import Synchronization


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
/// Per customer: an immutable ``SpatialIndex/KDTree`` *base* over the vehicles as of the last rebuild, stored as
/// columns in tree order (`ShardBase`: the tree's Float unit vectors and exact coordinates, then id-table slot,
/// timestamp, privacy and entity / group / state codes; no `VehiclePosition` is kept), plus an append-only *log* of
/// upserts and removals since. Each base vehicle and log entry carries an atomic "superseded at" sequence number. A
/// writer, holding the writer lock (a pthread mutex, see `LockedState`), appends to the log and marks the entry it
/// replaces; it never changes anything a query may be reading. At the end of its critical section it *publishes* each
/// touched customer's snapshot (base, log chunks, log count, segments): one atomic pointer store into the
/// `CustomerDirectory`.
///
/// Queries take no lock: inside a read-side critical section of `ReadEpochs` (two atomic increments on a
/// cache line of their own thread's stripe), a query hashes its customer id once in the directory's
/// open-addressing table, loads the snapshot pointer, and searches the base (skipping entries superseded
/// before its count, inside the tree search, together with the filter), the log segments and the log tail.
/// Replaced snapshots (and directories) are freed by the writer that replaced them only after every query that
/// could have loaded them has left its critical section (epoch-based reclamation), so readers never wait for a
/// writer and writers wait only for queries already running, never for new ones. An answer holds one buffer of
/// (place, distance) pairs and one retain of the snapshot it searched, through the lease of its thread's stripe
/// (``SnapshotLease``: threads of different stripes write to different cache lines); its vehicles are
/// materialised from the columns only when read (``NearbyVehicleList``).
///
/// When a customer's log reaches max(``Configuration/minimumRebuildDelta``,
/// ``Configuration/rebuildDeltaFraction`` × base count) entries, its base is rebuilt from a snapshot *outside the
/// lock*, on a background thread by default (writers and queries continue; at most one rebuild per customer at
/// a time), then installed with a fresh log holding the entries written meanwhile, replayed in order: most of them
/// outside the lock, in catch-up passes while writers go on, and only the last few hundred (what writers add during
/// the last pass) under it. A rebuild due by size cuts its snapshot where the log's segments end, so the segments
/// writers build meanwhile index exactly what it replays: the fresh log takes them over, rebased, and is installed
/// segmented however long the backlog, each entry indexed once per merge (`compact()` snapshots the whole log and
/// indexes its backlog itself). ``compact()`` rebuilds every customer synchronously. Between rebuilds, every
/// ``Configuration/logSegmentSize`` log entries are indexed in a small k-d tree (a *segment*, built by the writer
/// that filled them, outside the lock), merged LSM-style with the previous segments as a binary counter (a new
/// segment absorbs each older one no larger than what it holds so far; up to 3 times that when the log grows
/// slower than ``LogSegment/eagerMergeRate``: fewer segments for queries when the writer has time; no merge past
/// four times the rebuild threshold, a size only a flood that outruns the rebuilds reaches), so a log of n entries
/// below that has at most log2(n / ``Configuration/logSegmentSize``) + 1 segments; a query searches the base, each
/// segment, and scans the unsegmented tail (24 bytes per entry, ~2 ns; removals and superseded entries are skipped
/// through the same marks). A k-nearest query whose base gave k searches the segments by radius (its k-th distance)
/// and sorts what they add once; a segment gets a k-nearest search of its own only with fewer than k in the base, or
/// when more than max(64, 4k) of its entries lie within that radius (a fleet moved in a body to the query). Checked
/// by `LogSegmentMergeTests` and `LogMergePolicyTests`.
///
/// Writers find a vehicle through one id table for the whole index (`WriterState`): id → slot, assigned on first
/// sight and kept after a removal, with per-slot columns for the holding customer and the current *place* (base
/// index or log position) in that customer's shard (where the newest timestamp is read), so an upsert hashes its id
/// once. Each id
/// is stored once, by slot, in an append-only `IDArena` that queries read without a lock (ties are broken by the
/// ids of the slots a snapshot refers to); the table itself is open addressing over 8-byte entries (`IDTable`).
/// Base vehicles and log entries carry their slot: a rebuild replays by slot (no hashing) and, when it installs,
/// rewrites the places of the customer's vehicles by slot (array writes under the lock).
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
/// `ExactModeTests`. The geodesic is the engine's only use of PROJ (`geod_inverse`: no database, no context);
/// the index works in metres and never touches PROJ's database (`NoProjDatabaseTests`).
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
        /// scanning it; 0 disables segments (default 512: every query scans the unsegmented tail, ~2 ns per entry,
        /// so under a paced 200k/s writer at 1M vehicles 2048 left kNN at 2.3-2.8x its idle time and 512 at
        /// 1.6-1.7x, for 3-8 % fewer batch upserts per second: Benchmarks/README section 2, segment size).
        public var logSegmentSize: Int
        /// A rebuild replays the log entries written while it built its tree outside the lock, in catch-up
        /// passes, until fewer than this many remain for the replay under the lock (default 256). Tests set 0 to
        /// exercise the catch-up passes.
        package var replayUnderLockLimit = 256
        /// Seconds without a write to a customer after which its log, if not empty, is folded into a fresh base in
        /// the background, so that queries return to freshly-loaded speed once a write phase ends (default 0.5;
        /// nil: only the thresholds above rebuild). Used only with ``rebuildsInBackground``.
        public var quietCompactionDelay: Double? = 0.5

        public init(minimumRebuildDelta: Int = 1024, rebuildDeltaFraction: Double = 1.0 / 16,
                    batchSliceSize: Int = 4096, rebuildsInBackground: Bool = true, logSegmentSize: Int = 512) {
            self.minimumRebuildDelta = Swift.max(1, minimumRebuildDelta)
            // Clamped to [0, 16] (NaN: the default), so `rebuildThreshold` never converts an overflowing Double.
            self.rebuildDeltaFraction = rebuildDeltaFraction.isNaN ? 1.0 / 16 : Swift.min(Swift.max(0, rebuildDeltaFraction), 16)
            self.batchSliceSize = Swift.max(1, batchSliceSize)
            self.rebuildsInBackground = rebuildsInBackground
            self.logSegmentSize = Swift.max(0, logSegmentSize)
        }

        /// The log size at which a customer whose tree holds `baseCount` vehicles is rebuilt:
        /// ``minimumRebuildDelta`` or ``rebuildDeltaFraction`` of `baseCount`, whichever is larger.
        public func rebuildThreshold(baseCount: Int) -> Int {
            Swift.max(minimumRebuildDelta, Int(rebuildDeltaFraction * Double(baseCount)))
        }
    }

    public let configuration: Configuration
    /// What writers change: shards and the id table. Queries never take this lock.
    let state: LockedState<WriterState>
    /// The address of the current ``CustomerDirectory`` (an `Unmanaged` pointer holding one retain; never 0):
    /// what queries read, without a lock, inside ``epochs``. Replaced by writers holding ``state``.
    let directory: Atomic<UInt>
    /// Log entries indexed into segments so far: by writers' segment builds, and by rebuilds indexing a replayed
    /// backlog themselves (``indexedLogEntries``).
    let indexedBySegmentBuilds = Atomic<Int>(0)
    let indexedByRebuilds = Atomic<Int>(0)
    /// Reclamation of replaced snapshots and directories (see ``ReadEpochs``).
    let epochs = ReadEpochs()
    /// Test hook: called by every rebuild once its tree is built (before the catch-up passes) and once it has
    /// installed the fresh base and log (before it indexes anything more), with the customer id; nil outside tests.
    let rebuildObserver = LockedState<(@Sendable (RebuildEvent, String) -> Void)?>(nil)

    /// What a rebuild reports to ``rebuildObserver``.
    enum RebuildEvent: Sendable {
        case built, installed
    }

    /// An empty index.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        state = LockedState(WriterState())
        directory = Atomic(UInt(bitPattern: Unmanaged.passRetained(CustomerDirectory(names: [])).toOpaque()))
    }

    deinit {
        let current = Self.directory(at: directory.load(ordering: .relaxed)).takeRetainedValue()
        for code in 0..<current.count {
            if let shard = current.shards[code].load(ordering: .relaxed) {
                Unmanaged<PublishedShard>.fromOpaque(shard).release()
            }
        }
    }

    /// Publishes `customerId`'s current snapshot to queries. Call while holding the writer lock, after changing
    /// the shard; the replaced snapshot (and directory, when the customer is new to queries) goes to
    /// `state.retired`, freed by ``reclaimRetired(force:)`` once no query can read it.
    func publish(_ customerId: String, from state: inout WriterState) {
        guard let code = state.customerCodes[customerId].map(Int.init) else { return }
        var current = Self.directory(at: directory.load(ordering: .relaxed))
        if code >= current.takeUnretainedValue().count {
            // A customer queries cannot find yet: a new directory with every customer, the snapshots moved over.
            let old = current.takeUnretainedValue()
            let grown = CustomerDirectory(names: state.customerNames)
            for code in 0..<old.count {
                grown.shards[code].store(old.shards[code].load(ordering: .relaxed), ordering: .relaxed)
            }
            current = Unmanaged.passRetained(grown)
            directory.store(UInt(bitPattern: current.toOpaque()), ordering: .sequentiallyConsistent)
            state.retired.append(old)
            Unmanaged.passUnretained(old).release()  // the directory pointer's retain (`old` holds one meanwhile)
        }
        let box = state.shards[customerId].map { Unmanaged.passRetained(PublishedShard($0.snapshot)).toOpaque() }
        if let replaced = current.takeUnretainedValue().shards[code].exchange(box, ordering: .sequentiallyConsistent) {
            state.retired.append(Unmanaged<PublishedShard>.fromOpaque(replaced).takeRetainedValue())
        }
    }

    @inline(__always)
    private static func directory(at address: UInt) -> Unmanaged<CustomerDirectory> {
        Unmanaged.fromOpaque(UnsafeRawPointer(bitPattern: address)!)
    }

    /// Snapshots a writer may leave unreclaimed: small boxes whose bases are current (a replaced base is always
    /// reclaimed at once, see `force`), so one `synchronize()` serves this many ordinary publications.
    static let retiredBatch = 64

    /// Frees what writers unpublished, once every query that could read it has ended. Call after a critical
    /// section that published, outside the lock: with `force` (a rebuild replaced a base, segments were merged, a
    /// load) always; otherwise once ``retiredBatch`` boxes are waiting, so that single upserts do not each pay a
    /// generation flip.
    func reclaimRetired(force: Bool = false) {
        let retired = state.withLock { state -> [AnyObject] in
            guard force || state.retired.count >= Self.retiredBatch else { return [] }
            defer { state.retired = [] }
            return state.retired
        }
        guard !retired.isEmpty else { return }
        epochs.synchronize()
        withExtendedLifetime(retired) {}
    }

    /// Runs `body` with the snapshot queries read for `customerId` (nil: none), without a lock: it is valid until
    /// `body` returns (retain it to keep it longer). Never waits for a writer's batch or a rebuild.
    @inline(__always)
    func withPublishedShard<Result>(customerId: String, _ body: (PublishedShard?) throws -> Result) rethrows -> Result {
        try epochs.read {
            try Self.directory(at: directory.load(ordering: .sequentiallyConsistent))
                ._withUnsafeGuaranteedRef { directory in
                    guard let code = directory.code(of: customerId),
                          let shard = directory.shards[code].load(ordering: .sequentiallyConsistent) else {
                        return try body(nil)
                    }
                    return try Unmanaged<PublishedShard>.fromOpaque(shard)._withUnsafeGuaranteedRef(body)
                }
        }
    }

    /// ``withPublishedShard(customerId:_:)`` for a query whose answer keeps the snapshot: `body` gets the snapshot's
    /// lease for this thread's stripe (``PublishedShard/retainedLease(stripe:)``) with one retain of its own, which
    /// the answer takes over. The box itself was retained and released around the search and retained again by the
    /// answer: three atomic writes a query to one object every thread asking for that customer shares, where one
    /// is left, to a lease that threads of other stripes do not write.
    @inline(__always)
    func withLease<Result>(
        customerId: String, _ body: (consuming SnapshotLease?) throws -> Result
    ) rethrows -> Result {
        try withPublishedShard(customerId: customerId) { shard in
            try body(shard?.retainedLease(stripe: ReadEpochs.currentStripe()))
        }
    }

    /// The number of vehicles held (all customers).
    public var count: Int { state.withLock { $0.liveCount } }

    /// The number of vehicles held for `customerId` (0 for a customer never seen).
    /// - Complexity: O(1) (a count kept by writers; waits for a writer's batch in progress, as ``count`` does).
    public func count(customerId: String) -> Int {
        state.withLock { state in state.customerCodes[customerId].map { state.customerCounts[Int($0)] } ?? 0 }
    }

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
            guard let slot = state.slot(of: id), state.slotCustomer[Int(slot)] >= 0 else { return nil }
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

    /// The snapshot a query reads: the last one a writer published, retained. Never waits for a writer's batch or
    /// a rebuild.
    func snapshot(customerId: String) -> ShardSnapshot? {
        withPublishedShard(customerId: customerId) { $0?.snapshot }
    }
}

extension FleetIndex {
    /// Test hook: the number of log segments and of log entries in `customerId`'s published snapshot.
    package func logShape(customerId: String) -> (segments: Int, logEntries: Int) {
        withPublishedShard(customerId: customerId) { shard in
            (shard?.snapshot.segments.count ?? 0, shard?.snapshot.count ?? 0)
        }
    }

    /// Diagnostic: the number of log segments in `customerId`'s published snapshot (each one a tree a k-nearest
    /// query descends besides the base; 0 for an unknown customer). Sampled by `nearest-bench peers` during ingest.
    public func logSegmentCount(customerId: String) -> Int {
        withPublishedShard(customerId: customerId) { shard in shard?.snapshot.segments.count ?? 0 }
    }

    /// Diagnostic: how many log entries have been indexed into segments since the index was made (an entry is
    /// indexed again each time a merge absorbs its segment): by the writers' segment builds, and by rebuilds that
    /// indexed a replayed backlog themselves because there were no writer segments to take over (`compact()`'s
    /// whole-log snapshots). Divided by the upserts, the write amplification of the log.
    public var indexedLogEntries: (bySegmentBuilds: Int, byRebuilds: Int) {
        (indexedBySegmentBuilds.load(ordering: .relaxed), indexedByRebuilds.load(ordering: .relaxed))
    }

    /// Diagnostic: the log entries of `customerId`'s published snapshot that no segment indexes (what a query scans
    /// entry by entry; 0 for an unknown customer). Kept to about a segment's worth
    /// (``Configuration/logSegmentSize``) plus what the writers add while one is built, whatever the ingest rate
    /// (`LogSegmentationTests`; sampled by `nearest-bench peers` during ingest).
    public func unsegmentedLogEntries(customerId: String) -> Int {
        withPublishedShard(customerId: customerId) { shard in
            shard.map { $0.snapshot.count - $0.snapshot.segmentedCount } ?? 0
        }
    }
}
