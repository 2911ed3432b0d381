/* uint64 -> uint64 hash map with linear probing and backward-shift deletion; see hash.h. */
#include "core/hash.h"

#include <string.h>

#define MIN_SLOTS 16u

static uint64_t map_seed(const liion__map64 *m, const liion_ctx *ctx)
{
    return liion__hash_u64((uint64_t)(uintptr_t)m,
                           liion__hash_u64((uint64_t)(uintptr_t)ctx, UINT64_C(0x6c69696f6e2e6d70)));
}

static size_t home(const liion__map64 *m, uint64_t key)
{
    return (size_t)liion__hash_u64(key, m->seed) & (m->cap - 1);
}

/* Largest number of occupied slots for a capacity: 3/4 of it. */
static size_t max_load(size_t cap)
{
    return cap - cap / 4;
}

void liion__map64_init(liion__map64 *m, liion_ctx *ctx)
{
    m->ctx = ctx;
    m->slots = NULL;
    m->cap = 0;
    m->used = 0;
    m->seed = map_seed(m, ctx);
    m->has_zero = false;
    m->zero_val = 0;
}

void liion__map64_free(liion__map64 *m)
{
    if (m == NULL)
        return;
    liion__free(m->ctx, m->slots, m->cap * sizeof *m->slots);
    m->slots = NULL;
    m->cap = 0;
    m->used = 0;
    m->has_zero = false;
    m->zero_val = 0;
}

static liion_status rehash(liion__map64 *m, size_t cap)
{
    size_t mask = cap - 1;
    liion__map64_slot *s;

    s = liion__calloc(m->ctx, cap, sizeof *s); /* key 0 = empty */
    if (s == NULL)
        return LIION_E_NOMEM;
    for (size_t j = 0; j < m->cap; j++) {
        size_t i;
        if (m->slots[j].key == 0)
            continue;
        i = (size_t)liion__hash_u64(m->slots[j].key, m->seed) & mask;
        while (s[i].key != 0)
            i = (i + 1) & mask;
        s[i] = m->slots[j];
    }
    liion__free(m->ctx, m->slots, m->cap * sizeof *m->slots);
    m->slots = s;
    m->cap = cap;
    return LIION_OK;
}

liion_status liion__map64_reserve(liion__map64 *m, size_t n)
{
    size_t cap = m->cap != 0 ? m->cap : MIN_SLOTS;
    while (max_load(cap) < n) {
        if (cap > SIZE_MAX / 2 / sizeof(liion__map64_slot))
            return liion__error(m->ctx, LIION_E_NOMEM, "out of memory: map of %zu entries", n);
        cap *= 2;
    }
    if (cap == m->cap)
        return LIION_OK;
    return rehash(m, cap);
}

/* Index of key's slot, or of the empty slot where it would go (cap must be nonzero). */
static size_t probe(const liion__map64 *m, uint64_t key, bool *found)
{
    size_t mask = m->cap - 1;
    size_t i = home(m, key);
    for (;;) {
        uint64_t k = m->slots[i].key;
        if (k == key) {
            *found = true;
            return i;
        }
        if (k == 0) {
            *found = false;
            return i;
        }
        i = (i + 1) & mask;
    }
}

liion_status liion__map64_put(liion__map64 *m, uint64_t key, uint64_t val)
{
    size_t i;
    bool found;

    if (key == 0) {
        m->has_zero = true;
        m->zero_val = val;
        return LIION_OK;
    }
    if (m->cap != 0) {
        i = probe(m, key, &found);
        if (found) {
            m->slots[i].val = val;
            return LIION_OK;
        }
    }
    if (m->cap == 0 || m->used + 1 > max_load(m->cap)) {
        liion_status st;
        if (m->cap > SIZE_MAX / 2 / sizeof(liion__map64_slot))
            return liion__error(m->ctx, LIION_E_NOMEM, "out of memory: map of %zu entries",
                                m->used + 1);
        st = rehash(m, m->cap != 0 ? m->cap * 2 : MIN_SLOTS);
        if (st != LIION_OK)
            return st;
    }
    i = probe(m, key, &found);
    m->slots[i].key = key;
    m->slots[i].val = val;
    m->used++;
    return LIION_OK;
}

bool liion__map64_get(const liion__map64 *m, uint64_t key, uint64_t *val_out)
{
    size_t i;
    bool found;

    if (key == 0) {
        if (m->has_zero && val_out != NULL)
            *val_out = m->zero_val;
        return m->has_zero;
    }
    if (m->cap == 0)
        return false;
    i = probe(m, key, &found);
    if (found && val_out != NULL)
        *val_out = m->slots[i].val;
    return found;
}

bool liion__map64_remove(liion__map64 *m, uint64_t key, uint64_t *val_out)
{
    size_t i, j, mask;
    bool found;

    if (key == 0) {
        bool had = m->has_zero;
        if (had && val_out != NULL)
            *val_out = m->zero_val;
        m->has_zero = false;
        m->zero_val = 0;
        return had;
    }
    if (m->cap == 0)
        return false;
    i = probe(m, key, &found);
    if (!found)
        return false;
    if (val_out != NULL)
        *val_out = m->slots[i].val;

    /* Backward shift: walk the cluster after the hole; an entry may move into the hole when
     * the hole lies between its home slot and its slot (cyclically), i.e. when it is at least
     * as far from home as from the hole. */
    mask = m->cap - 1;
    j = i;
    for (;;) {
        size_t h;
        j = (j + 1) & mask;
        if (m->slots[j].key == 0)
            break;
        h = home(m, m->slots[j].key);
        if (((j - h) & mask) >= ((j - i) & mask)) {
            m->slots[i] = m->slots[j];
            i = j;
        }
    }
    m->slots[i].key = 0;
    m->slots[i].val = 0;
    m->used--;
    return true;
}

size_t liion__map64_count(const liion__map64 *m)
{
    return m->used + (m->has_zero ? 1u : 0u);
}

void liion__map64_clear(liion__map64 *m)
{
    if (m->slots != NULL)
        memset(m->slots, 0, m->cap * sizeof *m->slots);
    m->used = 0;
    m->has_zero = false;
    m->zero_val = 0;
}

/* Cursor 0 is key 0; cursor k >= 1 is slot k - 1. */
bool liion__map64_next(const liion__map64 *m, size_t *cursor, uint64_t *key, uint64_t *val)
{
    size_t c = *cursor;
    if (c == 0) {
        c = 1;
        if (m->has_zero) {
            *cursor = 1;
            if (key != NULL)
                *key = 0;
            if (val != NULL)
                *val = m->zero_val;
            return true;
        }
    }
    for (; c <= m->cap; c++) {
        const liion__map64_slot *s = &m->slots[c - 1];
        if (s->key != 0) {
            *cursor = c + 1;
            if (key != NULL)
                *key = s->key;
            if (val != NULL)
                *val = s->val;
            return true;
        }
    }
    *cursor = c;
    return false;
}
