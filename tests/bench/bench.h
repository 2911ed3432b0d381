/* Shared helpers for the benchmarks in tests/bench: a monotonic clock, a compiler barrier and
 * the --quick switch. Figures are always printed next to a reference measured in the same run. */
#ifndef LIION_BENCH_H
#define LIION_BENCH_H

#define _POSIX_C_SOURCE 200809L
#include <liion/common.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Nanoseconds from CLOCK_MONOTONIC. */
static inline uint64_t bench_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Keep the compiler from optimising a result away. */
static inline void bench_use(const void *p)
{
    __asm__ __volatile__("" : : "r"(p) : "memory");
}

/* True when argv holds --quick (the CTest smoke run). */
static inline int bench_quick(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--quick") == 0)
            return 1;
    return 0;
}

/* A liion_allocator over malloc that counts alloc and realloc calls, so a benchmark can show
 * that its hot loop makes none: BENCH_ALLOCS is the running count (assignable). */
static inline unsigned long *bench_alloc_counter(void)
{
    static unsigned long n;
    return &n;
}
#define BENCH_ALLOCS (*bench_alloc_counter())

static inline void *bench_count_alloc(void *u, size_t n)
{
    (void)u;
    BENCH_ALLOCS++;
    return malloc(n);
}

static inline void *bench_count_realloc(void *u, void *p, size_t o, size_t n)
{
    (void)u;
    (void)o;
    BENCH_ALLOCS++;
    return realloc(p, n);
}

static inline void bench_count_free(void *u, void *p, size_t n)
{
    (void)u;
    (void)n;
    free(p);
}

/* Initialiser of a liion_allocator that counts (see BENCH_ALLOCS). */
#define BENCH_COUNTING_ALLOCATOR                                                              \
    { sizeof(liion_allocator), 0, bench_count_alloc, bench_count_realloc, bench_count_free, NULL }

/* Give up with the failing call and its line when a liion call does not return LIION_OK. */
#define BENCH_CHECK(x)                                                                        \
    do {                                                                                      \
        if ((x) != LIION_OK) {                                                                \
            fprintf(stderr, "%s: %s failed at line %d\n", __FILE__, #x, __LINE__);           \
            exit(1);                                                                          \
        }                                                                                     \
    } while (0)

#endif
