import CMallocTuning

extension NearestVehicleServer {
    /// What ``tuneAllocator(environment:)`` did.
    public enum AllocatorTuning: Equatable, Sendable {
        /// glibc's mmap threshold is fixed at this many bytes.
        case fixedMmapThreshold(bytes: Int)
        /// `GLIBC_TUNABLES` sets the threshold already: left as the environment says.
        case leftToGlibcTunables
        /// `NEAREST_SERVE_MALLOC=dynamic`: glibc's defaults kept (for measurements).
        case keptDynamic
        /// Not glibc, or glibc refused: nothing changed.
        case unsupported
    }

    /// The threshold serve fixes: glibc's own starting value (128 KiB).
    public static let mmapThresholdBytes = 128 * 1024

    /// Fixes glibc's mmap threshold at ``mmapThresholdBytes`` for a long-running serve, so that its memory does not
    /// creep up with every sync.
    ///
    /// glibc starts by mapping blocks of 128 KiB and more on their own, but raises that threshold to the size of
    /// each larger mapped block that is freed (up to 32 MiB). Every sync decodes a customer's whole fleet into
    /// arrays of megabytes and builds new index snapshots while queries still read the old ones, on other threads:
    /// after the first few syncs those arrays come from the per-thread arenas instead, whose freed pages stay
    /// resident and fragment. Measured (Benchmarks/README §7, run 5): 10 000 vehicles, syncs every 10 s, wrk load,
    /// RSS 97 → 168 MB over 6 minutes with the dynamic threshold, flat at 59-60 MB with it fixed. Large blocks are
    /// then mapped and unmapped each time (a few page faults per sync and per rebuild; the local answer's buffers
    /// are far below the threshold).
    ///
    /// Call once, first thing in the process (it changes the whole process's allocator).
    /// - Parameter environment: the process's environment. `GLIBC_TUNABLES` naming `glibc.malloc.mmap_threshold`
    ///   wins; `NEAREST_SERVE_MALLOC=dynamic` keeps glibc's defaults.
    @discardableResult
    public static func tuneAllocator(environment: [String: String]) -> AllocatorTuning {
        if environment["GLIBC_TUNABLES"]?.contains("glibc.malloc.mmap_threshold") == true {
            return .leftToGlibcTunables
        }
        if environment["NEAREST_SERVE_MALLOC"] == "dynamic" { return .keptDynamic }
        guard nv_malloc_fix_mmap_threshold(mmapThresholdBytes) == 1 else { return .unsupported }
        return .fixedMmapThreshold(bytes: mmapThresholdBytes)
    }
}
