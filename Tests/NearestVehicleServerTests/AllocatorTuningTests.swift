import CMallocTuning
import Testing

@testable import NearestVehicleServer

#if canImport(Glibc)
import Glibc
#endif

/// serve's allocator setting (Benchmarks/README §7): with glibc's dynamic mmap threshold, freeing one large mapped
/// block raises the threshold to its size, so the next blocks of a sync's size come from the arenas and their pages
/// stay resident; fixed, every block of 128 KiB or more is mapped on its own and returned when freed.
@Suite struct AllocatorTuningTests {
    @Test func environmentThatSetsTheThresholdWins() {
        #expect(NearestVehicleServer.tuneAllocator(
            environment: ["GLIBC_TUNABLES": "glibc.malloc.arena_max=2:glibc.malloc.mmap_threshold=65536"])
            == .leftToGlibcTunables)
        #expect(NearestVehicleServer.tuneAllocator(environment: ["NEAREST_SERVE_MALLOC": "dynamic"]) == .keptDynamic)
    }

    #if canImport(Glibc)
    /// The reference is glibc's own rule (malloc/malloc.c, `free`: a freed mapped chunk larger than the threshold
    /// raises it, unless the threshold was set): without the fix, the 512 KiB block after a freed 4 MiB one comes
    /// from an arena.
    @Test func blocksOfASyncsSizeStayMappedAfterALargerOneIsFreed() throws {
        let tuning = NearestVehicleServer.tuneAllocator(environment: [:])
        #expect(tuning == .fixedMmapThreshold(bytes: 128 * 1024))
        let small = try #require(malloc(64)), large = try #require(malloc(4 << 20))
        #expect(nv_malloc_block_is_mapped(small) == 0)
        #expect(nv_malloc_block_is_mapped(large) == 1)
        free(large)  // raises a dynamic threshold to 4 MiB
        let medium = try #require(malloc(512 << 10))
        #expect(nv_malloc_block_is_mapped(medium) == 1)
        free(medium)
        free(small)
        // A GLIBC_TUNABLES that names another tunable does not count as setting the threshold.
        #expect(NearestVehicleServer.tuneAllocator(environment: ["GLIBC_TUNABLES": "glibc.malloc.arena_max=2"])
            == .fixedMmapThreshold(bytes: 128 * 1024))
    }
    #endif
}
