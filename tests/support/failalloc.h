/*
 * Test allocator for libliion suites: counts blocks, checks that the size passed back on
 * realloc/free is the size that was allocated, and fails the N-th allocation on request.
 *
 * liion_test_alloc_loop() runs a body for N = 1, 2, ... with the N-th allocation failing,
 * until the body succeeds without any failure injected. Each failing run must return
 * LIION_E_NOMEM and leave no live block behind. Every module's constructors go through it.
 */
#ifndef LIION_TEST_FAILALLOC_H
#define LIION_TEST_FAILALLOC_H

#include <liion/liion.h>

typedef struct liion_test_alloc {
    liion_allocator hooks;  /* pass &ta.hooks in liion_ctx_options.allocator */
    unsigned long fail_at;  /* 1-based allocation to fail; 0 = never */
    unsigned long calls;    /* allocations (alloc, and realloc that grows) attempted */
    unsigned long injected; /* failures injected so far */
    unsigned long live;     /* blocks allocated and not yet freed */
    unsigned long long live_bytes;
    unsigned long size_mismatches; /* free/realloc called with a size other than allocated */
} liion_test_alloc;

void liion_test_alloc_init(liion_test_alloc *ta);

/* Body under test: create a context with `hooks`, do the work, free everything; return the
 * first failing status or LIION_OK. */
typedef liion_status (*liion_test_alloc_body)(const liion_allocator *hooks, void *user);

/* Runs the loop with Check assertions; returns the number of allocations of a clean run. */
unsigned long liion_test_alloc_loop(const char *what, liion_test_alloc_body body, void *user);

#endif
