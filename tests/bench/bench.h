/* Shared helpers for the benchmarks in tests/bench: a monotonic clock, a compiler barrier and
 * the --quick switch. Figures are always printed next to a reference measured in the same run. */
#ifndef LIION_BENCH_H
#define LIION_BENCH_H

#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
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

#endif
