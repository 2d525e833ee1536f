#include "CMallocTuning.h"
#include <stdint.h>
#include <stdlib.h>  // defines __GLIBC__ on glibc

#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
#include <malloc.h>

int nv_malloc_fix_mmap_threshold(size_t bytes) {
    if (bytes > (size_t)INT32_MAX) return 0;
    return mallopt(M_MMAP_THRESHOLD, (int)bytes) == 1 ? 1 : 0;
}

int nv_malloc_block_is_mapped(const void *block) {
    if (block == NULL) return 0;
    // glibc's chunk header: the size word just before the block, bit 1 = IS_MMAPPED (malloc/malloc.c).
    return (((const size_t *)block)[-1] & (size_t)2) != 0 ? 1 : 0;
}
#else
int nv_malloc_fix_mmap_threshold(size_t bytes) {
    (void)bytes;
    return 0;
}

int nv_malloc_block_is_mapped(const void *block) {
    (void)block;
    return -1;
}
#endif
