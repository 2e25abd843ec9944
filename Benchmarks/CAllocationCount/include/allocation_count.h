#ifndef TERSIFY_ALLOCATION_COUNT_H
#define TERSIFY_ALLOCATION_COUNT_H

#include <stdint.h>

// Heap allocations made by the calling thread since it started: every call
// of malloc, calloc, realloc, posix_memalign, aligned_alloc, memalign,
// valloc and pvalloc that reaches glibc's allocator, and the bytes asked
// for. Linked into the benchmark executable only, whose definitions of
// those functions take the place of glibc's for the whole process.
// Both stay 0 where the allocator is not glibc's.
uint64_t tersify_thread_allocations(void);
uint64_t tersify_thread_allocated_bytes(void);

#endif
