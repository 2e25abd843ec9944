import CICU

/// Gives the pages of freed heap memory back to the system after a stage of
/// the fine stage on a large document (`inputBytes`, from 4 MiB) (glibc's `malloc_trim`, through CICU).
///
/// glibc serves allocations below its mmap threshold, which rises to the
/// size of the largest block freed (up to 32 MiB), from one heap that only
/// shrinks from its top: the arrays of one stage, freed, stay resident as
/// holes under the next stage's. On 10 MB of shuffled essay lines at a 4x
/// ratio, the resident peak was 1.3 times the input above the heap's own
/// peak (`GLIBC_TUNABLES=glibc.malloc.mmap_threshold=131072` closed the gap).
@inline(__always)
func releaseFreedMemory(inputBytes: Int) {
    if inputBytes >= 1 << 22 { tersify_release_free_memory() }
}
