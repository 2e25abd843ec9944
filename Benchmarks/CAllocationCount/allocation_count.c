// A counting layer over glibc's allocator for `tersify-benchmarks prompts
// --stages`: each function forwards to glibc's own entry point
// (`__libc_malloc` and the rest, exported by glibc for this purpose) after
// adding one to a counter of the calling thread. Defined in the executable,
// these symbols come first in the dynamic linker's lookup, so the Swift
// runtime, Foundation and ICU allocate through them too. A thread-local
// counter costs one add per allocation and needs no atomics.

#include "allocation_count.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>

#if defined(__GLIBC__)

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);
extern void *__libc_valloc(size_t size);
extern void *__libc_pvalloc(size_t size);
extern void __libc_free(void *pointer);

static _Thread_local uint64_t allocations;
static _Thread_local uint64_t allocated_bytes;

static inline void count(size_t size) {
    allocations++;
    allocated_bytes += size;
}

void *malloc(size_t size) {
    count(size);
    return __libc_malloc(size);
}

void *calloc(size_t number, size_t size) {
    count(number * size);
    return __libc_calloc(number, size);
}

void *realloc(void *pointer, size_t size) {
    count(size);
    return __libc_realloc(pointer, size);
}

void free(void *pointer) { __libc_free(pointer); }

void *memalign(size_t alignment, size_t size) {
    count(size);
    return __libc_memalign(alignment, size);
}

void *aligned_alloc(size_t alignment, size_t size) {
    count(size);
    return __libc_memalign(alignment, size);
}

int posix_memalign(void **result, size_t alignment, size_t size) {
    if (alignment % sizeof(void *) != 0 || (alignment & (alignment - 1)) != 0) return EINVAL;
    count(size);
    void *pointer = __libc_memalign(alignment, size);
    if (pointer == NULL) return ENOMEM;
    *result = pointer;
    return 0;
}

void *valloc(size_t size) {
    count(size);
    return __libc_valloc(size);
}

void *pvalloc(size_t size) {
    count(size);
    return __libc_pvalloc(size);
}

uint64_t tersify_thread_allocations(void) { return allocations; }
uint64_t tersify_thread_allocated_bytes(void) { return allocated_bytes; }

#else

uint64_t tersify_thread_allocations(void) { return 0; }
uint64_t tersify_thread_allocated_bytes(void) { return 0; }

#endif
