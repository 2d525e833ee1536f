#include "CMallocStats.h"
#if defined(__linux__)
#include <malloc.h>  // also defines __GLIBC__ on glibc systems
#endif

long long cmallocstats_bytes_in_use(void) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
    struct mallinfo2 info = mallinfo2();
    return (long long)info.uordblks + (long long)info.hblkhd;
#else
    return -1;
#endif
}

void cmallocstats_trim(void) {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}
