#include "CMallocTuning.h"
#include <stdint.h>
#include <stdlib.h>  // defines __GLIBC__ on glibc

#if defined(__GLIBC__)
#include <malloc.h>

int nv_malloc_fix_mmap_threshold(size_t bytes) {
    if (bytes > (size_t)INT32_MAX) return 0;
    return mallopt(M_MMAP_THRESHOLD, (int)bytes) == 1 ? 1 : 0;
}

#else
int nv_malloc_fix_mmap_threshold(size_t bytes) {
    (void)bytes;
    return 0;
}

#endif
