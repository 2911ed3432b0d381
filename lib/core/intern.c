/* String interning table: byte strings -> dense uint32 ids; see hash.h. */
#include "core/hash.h"

#include <string.h>

#define SLOT_EMPTY UINT32_MAX
#define MIN_SLOTS 16u
#define MIN_ENTRIES 16u

static uint64_t table_seed(const liion__intern *t, const liion_ctx *ctx)
{
    return liion__hash_u64((uint64_t)(uintptr_t)t,
                           liion__hash_u64((uint64_t)(uintptr_t)ctx, UINT64_C(0x6c69696f6e2e6874)));
}

void liion__intern_init(liion__intern *t, liion_ctx *ctx)
{
    t->ctx = ctx;
    t->slots = NULL;
    t->slot_cap = 0;
    t->entries = NULL;
    t->entry_cap = 0;
    t->count = 0;
    t->max_count = LIION__INTERN_MAX;
    t->seed = table_seed(t, ctx);
    liion__arena_init(&t->strings, ctx, 0);
}

liion_status liion__intern_reserve(liion__intern *t, size_t n)
{
    size_t cap = MIN_SLOTS, sbytes, ebytes;
    liion__intern_slot *slots;
    liion__intern_entry *entries;
    if (t->slot_cap != 0 || t->entry_cap != 0 || t->count != 0 || n == 0)
        return LIION_OK;
    if (n > t->max_count)
        n = t->max_count;
    while (n > cap - cap / 4) { /* at most 3/4 full, as puts keep it */
        if (cap > SIZE_MAX / 4)
            return liion__error(t->ctx, LIION_E_NOMEM, "intern: %zu strings do not fit", n);
        cap *= 2;
    }
    if (!liion__size_mul(cap, sizeof *slots, &sbytes) ||
        !liion__size_mul(n, sizeof *entries, &ebytes))
        return liion__error(t->ctx, LIION_E_NOMEM, "intern: %zu strings do not fit", n);
    if ((slots = liion__alloc(t->ctx, sbytes)) == NULL)
        return LIION_E_NOMEM;
    if ((entries = liion__alloc(t->ctx, ebytes)) == NULL) {
        liion__free(t->ctx, slots, sbytes);
        return LIION_E_NOMEM;
    }
    memset(slots, 0xff, sbytes); /* id SLOT_EMPTY everywhere */
    t->slots = slots;
    t->slot_cap = cap;
    t->entries = entries;
    t->entry_cap = n;
    return LIION_OK;
}

void liion__intern_free(liion__intern *t)
{
    if (t == NULL)
        return;
    liion__free(t->ctx, t->slots, t->slot_cap * sizeof *t->slots);
    liion__free(t->ctx, t->entries, t->entry_cap * sizeof *t->entries);
    liion__arena_free(&t->strings);
    t->slots = NULL;
    t->slot_cap = 0;
    t->entries = NULL;
    t->entry_cap = 0;
    t->count = 0;
}

/* Index of the slot holding s, or of the empty slot where it would go. slot_cap must be
 * nonzero; the load factor keeps an empty slot, so the loop ends. */
static size_t probe(const liion__intern *t, uint64_t h, const void *s, size_t len, bool *found)
{
    size_t mask = t->slot_cap - 1;
    size_t i = (size_t)h & mask;
    for (;;) {
        const liion__intern_slot *sl = &t->slots[i];
        if (sl->id == SLOT_EMPTY) {
            *found = false;
            return i;
        }
        if (sl->hash == h) {
            const liion__intern_entry *e = &t->entries[sl->id];
            if (e->len == len && (len == 0 || memcmp(e->str, s, len) == 0)) {
                *found = true;
                return i;
            }
        }
        i = (i + 1) & mask;
    }
}

static liion_status grow_slots(liion__intern *t)
{
    size_t cap = t->slot_cap != 0 ? t->slot_cap * 2 : MIN_SLOTS;
    size_t bytes, mask = cap - 1;
    liion__intern_slot *s;

    if (cap < t->slot_cap || !liion__size_mul(cap, sizeof *s, &bytes))
        return liion__error(t->ctx, LIION_E_NOMEM, "out of memory: string table of %zu slots",
                            cap);
    s = liion__alloc(t->ctx, bytes);
    if (s == NULL)
        return LIION_E_NOMEM;
    memset(s, 0xff, bytes); /* id = SLOT_EMPTY everywhere */
    for (size_t j = 0; j < t->slot_cap; j++) {
        const liion__intern_slot *old = &t->slots[j];
        size_t i;
        if (old->id == SLOT_EMPTY)
            continue;
        i = (size_t)old->hash & mask;
        while (s[i].id != SLOT_EMPTY)
            i = (i + 1) & mask;
        s[i] = *old;
    }
    liion__free(t->ctx, t->slots, t->slot_cap * sizeof *t->slots);
    t->slots = s;
    t->slot_cap = cap;
    return LIION_OK;
}

static liion_status grow_entries(liion__intern *t)
{
    size_t cap = t->entry_cap != 0 ? t->entry_cap * 2 : MIN_ENTRIES;
    size_t bytes;
    liion__intern_entry *e;

    if (cap > t->max_count)
        cap = t->max_count;
    if (cap <= t->entry_cap || !liion__size_mul(cap, sizeof *e, &bytes))
        return liion__error(t->ctx, LIION_E_NOMEM, "out of memory: string table of %zu entries",
                            cap);
    e = liion__realloc(t->ctx, t->entries, t->entry_cap * sizeof *e, bytes);
    if (e == NULL)
        return LIION_E_NOMEM;
    t->entries = e;
    t->entry_cap = cap;
    return LIION_OK;
}

liion_status liion__intern_put(liion__intern *t, const void *s, size_t len, uint32_t *id_out,
                               bool *is_new_out)
{
    uint64_t h;
    size_t i;
    bool found;
    char *copy;
    liion_status st;

    if (s == NULL && len != 0)
        return liion__error(t->ctx, LIION_E_INVALID_ARG, "intern: NULL string of %zu bytes",
                            len);
    h = liion__hash_bytes(s, len, t->seed);
    if (t->slot_cap != 0) {
        i = probe(t, h, s, len, &found);
        if (found) {
            if (id_out != NULL)
                *id_out = t->slots[i].id;
            if (is_new_out != NULL)
                *is_new_out = false;
            return LIION_OK;
        }
    }

    if (t->count >= t->max_count)
        return liion__error(t->ctx, LIION_E_LIMIT, "string table is full (%lu strings)",
                            (unsigned long)t->count);
    /* Keep count + 1 <= 3/4 of the slots. Each step leaves the table consistent, so a later
     * failure needs no undo. */
    if (t->slot_cap == 0 || (size_t)t->count + 1 > t->slot_cap - t->slot_cap / 4) {
        st = grow_slots(t);
        if (st != LIION_OK)
            return st;
    }
    if (t->count == t->entry_cap) {
        st = grow_entries(t);
        if (st != LIION_OK)
            return st;
    }
    copy = liion__arena_strndup(&t->strings, s, len);
    if (copy == NULL)
        return LIION_E_NOMEM;

    i = probe(t, h, s, len, &found); /* the table may have grown: find the empty slot again */
    t->slots[i].hash = h;
    t->slots[i].id = t->count;
    t->entries[t->count].str = copy;
    t->entries[t->count].len = len;
    if (id_out != NULL)
        *id_out = t->count;
    if (is_new_out != NULL)
        *is_new_out = true;
    t->count++;
    return LIION_OK;
}

bool liion__intern_find(const liion__intern *t, const void *s, size_t len, uint32_t *id_out)
{
    size_t i;
    bool found;
    if (t->slot_cap == 0 || (s == NULL && len != 0))
        return false;
    i = probe(t, liion__hash_bytes(s, len, t->seed), s, len, &found);
    if (found && id_out != NULL)
        *id_out = t->slots[i].id;
    return found;
}

const char *liion__intern_str(const liion__intern *t, uint32_t id, size_t *len_out)
{
    if (id >= t->count) {
        if (len_out != NULL)
            *len_out = 0;
        return NULL;
    }
    if (len_out != NULL)
        *len_out = t->entries[id].len;
    return t->entries[id].str;
}

uint32_t liion__intern_count(const liion__intern *t)
{
    return t->count;
}
