#ifndef NEARESTVEHICLE_CPREFETCH_H
#define NEARESTVEHICLE_CPREFETCH_H
// The CPU instructions the search needs and Swift has no intrinsic for, each `static inline`, so Swift inlines it
// into an instruction or two: a cache prefetch hint (PREFETCHT0 on x86-64, PRFM on arm64; a hint only, it never
// faults, whatever the address), a SIMD comparison as a bit mask (MOVMSKPS; portable C elsewhere), and the paired
// bounds of two sibling boxes in clang's vector types (SSE2 on x86-64, NEON on arm64), which Swift's generic SIMD
// compiled to lane-by-lane code with a branch.

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

typedef double nv_double2 __attribute__((ext_vector_type(2)));
typedef __typeof__((nv_double2){0, 0} > (nv_double2){0, 0}) nv_mask2;  // 64-bit lanes of 0 or -1

/// `a > b ? a : b` in each lane (one MAXPD on x86-64).
static inline nv_double2 nv_larger2(nv_double2 a, nv_double2 b) {
    nv_mask2 takesA = a > b;
    return (nv_double2)((takesA & (nv_mask2)a) | (~takesA & (nv_mask2)b));
}

/// The squared-chord lower bounds from the query (`qx`, `qy`, `qz`) to two sibling boxes (`boxes`: the left box's
/// low x, y, z and high x, y, z, then the right box's), lane 0 the left, both boxes in one pass of pairs.
///
/// The Euclidean bound is per lane exactly the operations and order of `KDTree._boxChordSquared` (`(double)face - q`,
/// the larger of the two gaps and 0, squares, `(x + y) + z`): never above the squared chord the leaf scan computes
/// for a vector inside the box. Contraction into fused multiply-adds is off: it would round differently.
///
/// With `onSphere`, each lane is the larger of that and the spherical bound `2 - 2 max(q . v) - 1e-6`, max over the
/// box (per axis the larger of `q_i low_i` and `q_i high_i`): the stored vectors are unit vectors rounded to `float`
/// (|v|^2 within 1.2e-7 of 1), so their squared chord `|v|^2 + |q|^2 - 2 q . v` is at least that (the 1e-6 covers
/// the norms and the roundings, ~1e-15). A box reaches inside the ball, where the Euclidean bound measures to its
/// inner corner: for a query far from a large box (another continent, near the antipode) the spherical bound is
/// the tighter by up to the box's depth below the sphere, and the search enters far fewer subtrees.
static inline nv_double2 nv_sibling_box_chords(const float *boxes, double qx, double qy, double qz, int onSphere) {
#pragma clang fp contract(off)
    nv_double2 zero = {0.0, 0.0};
    nv_double2 x = {qx, qx}, y = {qy, qy}, z = {qz, qz};
    // The twelve values as three unaligned loads, regrouped into (left, right) pairs of each face.
    nv_float4 first, second, third;
    __builtin_memcpy(&first, boxes, sizeof first);
    __builtin_memcpy(&second, boxes + 4, sizeof second);
    __builtin_memcpy(&third, boxes + 8, sizeof third);
    nv_float4 lowXY = __builtin_shufflevector(first, second, 0, 6, 1, 7);
    nv_float4 lowZHighX = __builtin_shufflevector(first, third, 2, 4, 3, 5);
    nv_float4 highYZ = __builtin_shufflevector(second, third, 0, 6, 1, 7);
    nv_double2 lowX = __builtin_convertvector(lowXY.xy, nv_double2);
    nv_double2 lowY = __builtin_convertvector(lowXY.zw, nv_double2);
    nv_double2 lowZ = __builtin_convertvector(lowZHighX.xy, nv_double2);
    nv_double2 highX = __builtin_convertvector(lowZHighX.zw, nv_double2);
    nv_double2 highY = __builtin_convertvector(highYZ.xy, nv_double2);
    nv_double2 highZ = __builtin_convertvector(highYZ.zw, nv_double2);
    nv_double2 gapX = nv_larger2(nv_larger2(lowX - x, x - highX), zero);
    nv_double2 gapY = nv_larger2(nv_larger2(lowY - y, y - highY), zero);
    nv_double2 gapZ = nv_larger2(nv_larger2(lowZ - z, z - highZ), zero);
    nv_double2 euclidean = (gapX * gapX + gapY * gapY) + gapZ * gapZ;
    if (!onSphere) return euclidean;
    nv_double2 dot = (nv_larger2(lowX * x, highX * x) + nv_larger2(lowY * y, highY * y))
        + nv_larger2(lowZ * z, highZ * z);
    nv_double2 two = {2.0, 2.0}, margin = {1e-6, 1e-6};
    return nv_larger2(euclidean, (two - (dot + dot)) - margin);
}

#endif
