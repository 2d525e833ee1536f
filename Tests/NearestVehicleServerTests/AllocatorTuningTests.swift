import CMallocTuning
import Testing

@testable import NearestVehicleServer

/// serve's allocator setting (Benchmarks/README §7): glibc's mmap threshold fixed at 128 KiB instead of glibc's
/// dynamic one. What the setting does to memory is a property of a whole process over time (a block of any size
/// may still come from a free chunk glibc already holds), so it is shown by the side-by-side soak, not here; here:
/// which setting serve asks for, when, and that a refusal is reported.
@Suite struct AllocatorTuningTests {
    @Test func environmentThatSetsTheThresholdWins() {
        #expect(NearestVehicleServer.tuneAllocator(
            environment: ["GLIBC_TUNABLES": "glibc.malloc.arena_max=2:glibc.malloc.mmap_threshold=65536"])
            == .leftToGlibcTunables)
        #expect(NearestVehicleServer.tuneAllocator(environment: ["NEAREST_SERVE_MALLOC": "dynamic"]) == .keptDynamic)
    }

    #if canImport(Glibc)
    /// glibc accepts 128 KiB (its own starting value); a size `mallopt`'s `int` cannot carry is refused by the
    /// wrapper instead of being truncated into another threshold.
    @Test func glibcAcceptsTheThresholdAndARefusalIsReported() {
        #expect(NearestVehicleServer.tuneAllocator(environment: [:]) == .fixedMmapThreshold(bytes: 128 * 1024))
        // A GLIBC_TUNABLES that names other tunables does not count as setting the threshold.
        #expect(NearestVehicleServer.tuneAllocator(environment: ["GLIBC_TUNABLES": "glibc.malloc.arena_max=2"])
            == .fixedMmapThreshold(bytes: 128 * 1024))
        #expect(nv_malloc_fix_mmap_threshold((1 << 32) + 128 * 1024) == 0)  // would truncate to 128 KiB
        #expect(nv_malloc_fix_mmap_threshold(128 * 1024) == 1)
    }
    #endif
}
