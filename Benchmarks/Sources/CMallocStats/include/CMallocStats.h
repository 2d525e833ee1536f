// glibc heap statistics for nearest-bench (bytes per vehicle). Swift's Glibc module does not export malloc.h.
#ifndef C_MALLOC_STATS_H
#define C_MALLOC_STATS_H
#include <stddef.h>

/// Bytes allocated by malloc and not yet freed (glibc mallinfo2: uordblks + hblkhd); -1 where unavailable.
long long cmallocstats_bytes_in_use(void);
/// Returns free heap memory to the OS (glibc malloc_trim(0)); no-op elsewhere.
void cmallocstats_trim(void);

#endif
