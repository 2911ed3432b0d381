#include "failalloc.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

/* Each block carries a header with its size so that the size contract can be checked. */
#define HDR 16u
#define MAGIC 0x5afe11u

static void *hdr_make(void *raw, size_t size)
{
    unsigned char *p = raw;
    size_t magic = MAGIC;
    memcpy(p, &size, sizeof size);
    memcpy(p + sizeof size, &magic, sizeof magic);
    return p + HDR;
}

static size_t hdr_size(void *user_ptr)
{
    size_t size;
    memcpy(&size, (unsigned char *)user_ptr - HDR, sizeof size);
    return size;
}

static int should_fail(liion_test_alloc *ta)
{
    ta->calls++;
    if (ta->fail_at != 0 && ta->calls == ta->fail_at) {
        ta->injected++;
        return 1;
    }
    return 0;
}

static void *t_alloc(void *user, size_t size)
{
    liion_test_alloc *ta = user;
    void *raw;
    if (should_fail(ta))
        return NULL;
    raw = malloc(size + HDR);
    if (raw == NULL)
        return NULL;
    ta->live++;
    ta->live_bytes += size;
    return hdr_make(raw, size);
}

static void *t_realloc(void *user, void *ptr, size_t old_size, size_t new_size)
{
    liion_test_alloc *ta = user;
    void *raw;
    if (hdr_size(ptr) != old_size)
        ta->size_mismatches++;
    if (new_size > old_size && should_fail(ta))
        return NULL;
    raw = realloc((unsigned char *)ptr - HDR, new_size + HDR);
    if (raw == NULL)
        return NULL;
    ta->live_bytes = ta->live_bytes - old_size + new_size;
    return hdr_make(raw, new_size);
}

static void t_free(void *user, void *ptr, size_t size)
{
    liion_test_alloc *ta = user;
    if (hdr_size(ptr) != size)
        ta->size_mismatches++;
    ta->live--;
    ta->live_bytes -= size;
    free((unsigned char *)ptr - HDR);
}

void liion_test_alloc_init(liion_test_alloc *ta)
{
    memset(ta, 0, sizeof *ta);
    ta->hooks.struct_size = sizeof ta->hooks;
    ta->hooks.alloc = t_alloc;
    ta->hooks.realloc = t_realloc;
    ta->hooks.free = t_free;
    ta->hooks.user = ta;
}

unsigned long liion_test_alloc_loop(const char *what, liion_test_alloc_body body, void *user)
{
    /* Bound the loop so that a body that never succeeds fails the test instead of hanging. */
    const unsigned long max_runs = 1000000ul;
    for (unsigned long n = 1; n <= max_runs; n++) {
        liion_test_alloc ta;
        liion_status st;
        liion_test_alloc_init(&ta);
        ta.fail_at = n;
        st = body(&ta.hooks, user);
        ck_assert_msg(ta.live == 0 && ta.live_bytes == 0,
                      "%s: failing allocation %lu leaked %lu blocks (%llu bytes)", what, n,
                      ta.live, ta.live_bytes);
        ck_assert_msg(ta.size_mismatches == 0, "%s: %lu frees with a wrong size (N=%lu)", what,
                      ta.size_mismatches, n);
        if (ta.injected == 0) {
            ck_assert_msg(st == LIION_OK, "%s: clean run returned %s", what,
                          liion_status_str(st));
            return ta.calls;
        }
        ck_assert_msg(st == LIION_E_NOMEM, "%s: failing allocation %lu returned %s, not NOMEM",
                      what, n, liion_status_str(st));
    }
    ck_abort_msg("%s: still failing after %lu runs", what, max_runs);
    return 0;
}
