#ifndef NEARESTVEHICLE_CPREFETCH_H
#define NEARESTVEHICLE_CPREFETCH_H
// A cache prefetch hint for Swift, which has no intrinsic for it: `static inline`, so Swift inlines it into one
// instruction (PREFETCHT0 on x86-64, PRFM on arm64). A hint only: it never faults, whatever the address.

/// Asks the CPU to bring the cache line holding `address` into all cache levels, for a read soon.
static inline void nv_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

#endif
