#ifndef NEARESTVEHICLE_CPREFETCH_H
#define NEARESTVEHICLE_CPREFETCH_H
// The CPU instructions the search needs and Swift has no intrinsic for, each `static inline`, so Swift inlines it
// into an instruction or two: a cache prefetch hint (PREFETCHT0 on x86-64, PRFM on arm64; a hint only, it never
// faults, whatever the address) and a SIMD comparison as a bit mask (MOVMSKPS; portable C elsewhere).

/// Asks the CPU to bring the cache line holding `address` into all cache levels, for a read soon.
static inline void nv_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

typedef float nv_float4 __attribute__((ext_vector_type(4)));
typedef int nv_int4 __attribute__((ext_vector_type(4)));

/// The lanes of eight values (`low`: lanes 0-3, `high`: 4-7) that are at most `bound`'s, as the bits 0-7 of the
/// result. Swift's `SIMDMask` has no bit mask: the lanes' sum of weights took ~28 instructions on x86-64 where
/// MOVMSKPS takes one per half.
static inline unsigned int nv_lanes_at_most(nv_float4 low, nv_float4 high, nv_float4 bound) {
    nv_int4 lowMask = low <= bound, highMask = high <= bound;
#if defined(__x86_64__) || defined(__i386__)
    typedef float nv_m128 __attribute__((__vector_size__(16)));
    return (unsigned int)__builtin_ia32_movmskps((nv_m128)lowMask)
        | ((unsigned int)__builtin_ia32_movmskps((nv_m128)highMask) << 4);
#else
    unsigned int bits = 0;
    for (int lane = 0; lane < 4; lane++) {
        bits |= (unsigned int)(lowMask[lane] & 1) << lane;
        bits |= (unsigned int)(highMask[lane] & 1) << (lane + 4);
    }
    return bits;
#endif
}

#endif
