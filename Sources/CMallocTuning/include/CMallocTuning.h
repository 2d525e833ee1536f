#ifndef NEARESTVEHICLE_CMALLOCTUNING_H
#define NEARESTVEHICLE_CMALLOCTUNING_H
// glibc allocator settings for `nearest serve` (malloc.h is not in Swift's Glibc module). Elsewhere (macOS, musl)
// the function reports that it did nothing.
#include <stddef.h>

/// Fixes glibc's mmap threshold at `bytes`: blocks of at least that size are mapped on their own and unmapped when
/// freed. Setting it turns off glibc's dynamic threshold, which otherwise rises to the size of the largest mapped
/// block freed so far (up to 32 MiB), after which blocks that large come from the arenas and their freed pages stay
/// resident. Returns 1 when set, 0 when refused or not glibc.
int nv_malloc_fix_mmap_threshold(size_t bytes);

#endif
