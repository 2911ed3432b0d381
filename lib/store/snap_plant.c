/*
 * Snapshot sections <-> plant state. This is the one file of lib/store that knows the layout
 * of struct liion_plant (lib/isa95/plant_int.h): a field added to or renamed in a plant
 * structure is handled here, in the table descriptors below (table_of()) and the checks in
 * liion__snap_plant_finish(); a new op type that adds plant state needs a new section (and
 * LIION__SNAP_VERSION + 1). Until it has one, liion_store_compact() refuses to snapshot a
 * store holding such records (store.c, SNAP_COVERED).
 *
 * Section content (before zlib), all numbers LEB128 varints unless noted:
 *   string table (sections 1..11): count, then per string: bytes shared with the previous
 *     string, suffix length, suffix bytes (front coding).
 *   row table (sections 12..25, 28..31): row count, then column by column: 'u' uint32 columns and
 *     't' int64 columns as zigzag deltas from the previous row's value (mod 2^32 / 2^64),
 *     'd' float64 columns as 8 bytes little-endian.
 *   graph (sections 26, 27: backward and forward adjacency, CSR): node count, edge count,
 *     degree column ('u'), adjacency column ('u', deltas across the flattened lists).
 * Chains and maps that follow from the rows in order are not written but rebuilt by
 * liion__snap_plant_finish() the way the mutations built them: the member chains of job
 * responses and the response -> job map (section 29 holds each member's response and job),
 * the per-lot chains of test results and the lot -> newest test map, the use and link maps.
 */
#define _GNU_SOURCE /* madvise(MADV_HUGEPAGE) */
#include "store/store_int.h"

#include "core/buf.h"
#include "core/bytes.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define NONE LIION__NONE

typedef struct col {
    char type; /* 'u' uint32, 't' int64, 'd' float64 */
    uint16_t off;
} col;

#define U(T, f) { 'u', (uint16_t)offsetof(T, f) }
#define I(T, f) { 't', (uint16_t)offsetof(T, f) }
#define D(T, f) { 'd', (uint16_t)offsetof(T, f) }
#define N_(a) (sizeof(a) / sizeof((a)[0]))

static const col COL_U32[] = { { 'u', 0 } };
static const col COL_I64[] = { { 't', 0 } };
static const col COL_EQ[] = { U(liion__eq, parent), U(liion__eq, cls), U(liion__eq, level),
                              U(liion__eq, n_uses), I(liion__eq, max_dur) };
static const col COL_LOT[] = { U(liion__lot, def),    U(liion__lot, parent), U(liion__lot, producer),
                               U(liion__lot, status), U(liion__lot, qty),    U(liion__lot, disp) };
static const col COL_RESP[] = { I(liion__resp, start),       I(liion__resp, end),
                                U(liion__resp, segment),     U(liion__resp, first_in),
                                U(liion__resp, first_out),   U(liion__resp, first_other),
                                U(liion__resp, first_eq),    U(liion__resp, first_person),
                                U(liion__resp, n_act) };
static const col COL_ACT[] = { U(liion__act, lot), U(liion__act, next), U(liion__act, qty),
                               U(liion__act, use) };
static const col COL_EQACT[] = { U(liion__eqact, eq), U(liion__eqact, next) };
static const col COL_QTY[] = { D(liion__qty, value), U(liion__qty, unit), U(liion__qty, type) };
static const col COL_PROP[] = { D(liion__prop, number), U(liion__prop, text),
                                U(liion__prop, type) };
static const col COL_USE[] = { I(liion__use, t0),  I(liion__use, t1),       U(liion__use, eq),
                               U(liion__use, lot), U(liion__use, next_lot) };
static const col COL_ASM[] = { U(liion__assembly, whole), U(liion__assembly, part),
                               U(liion__assembly, type), U(liion__assembly, rel) };
static const col COL_LINK[] = { D(liion__roll_link, md0),   D(liion__roll_link, md1),
                                D(liion__roll_link, cd0),   D(liion__roll_link, cd1),
                                D(liion__roll_link, out0),  D(liion__roll_link, scale),
                                U(liion__roll_link, from),  U(liion__roll_link, to),
                                U(liion__roll_link, flags), U(liion__roll_link, next) };
static const col COL_JOB[] = { I(liion__job, start), I(liion__job, end), U(liion__job, state) };
/* Section 29: in the file, `next` holds the member's job response (finish rebuilds chains). */
static const col COL_JOBM[] = { U(liion__jobm, resp), U(liion__jobm, next) };
static const col COL_TEST[] = { D(liion__test, value),   I(liion__test, time),
                                U(liion__test, lot),     U(liion__test, property),
                                U(liion__test, name),    U(liion__test, unit),
                                U(liion__test, outcome) };
/* Section 31: one row per assembly attribute, ascending (kind, index). */
typedef struct asm_attr_row {
    uint32_t kind, index, type, rel;
} asm_attr_row;
static const col COL_ASM_ATTR[] = { U(asm_attr_row, kind), U(asm_attr_row, index),
                                    U(asm_attr_row, type), U(asm_attr_row, rel) };
static const col COL_RUSE[] = { D(liion__roll_use, s), D(liion__roll_use, e),
                                U(liion__roll_use, roll), U(liion__roll_use, cell),
                                U(liion__roll_use, sheet) };

/* Where a row table lives in the plant. */
typedef struct tabdesc {
    void **arr;
    size_t *cap;
    size_t *count;    /* the row count field, or NULL: the count of ID table `kind` */
    uint32_t kind;
    size_t elem;
    const col *cols;
    size_t ncols;
} tabdesc;

#define TAB(arr_, cap_, count_, kind_, cols_)                                                 \
    (tabdesc){ (void **)&(arr_), &(cap_), (count_), (kind_), sizeof *(arr_), (cols_), N_(cols_) }

static bool table_of(liion_plant *p, uint32_t id, tabdesc *t)
{
    switch (id) {
    case LIION__SNAP_EQ_CLASS:
        *t = TAB(p->eq_class_level, p->eq_class_cap, NULL, LIION_OBJ_EQUIPMENT_CLASS, COL_U32);
        return true;
    case LIION__SNAP_EQ:
        *t = TAB(p->eqs, p->eqs_cap, NULL, LIION_OBJ_EQUIPMENT, COL_EQ);
        return true;
    case LIION__SNAP_DEF:
        *t = TAB(p->def_class, p->def_cap, NULL, LIION_OBJ_MATERIAL_DEFINITION, COL_U32);
        return true;
    case LIION__SNAP_LOT:
        *t = TAB(p->lots, p->lots_cap, NULL, LIION_OBJ_LOT, COL_LOT);
        return true;
    case LIION__SNAP_SEG:
        *t = TAB(p->seg_step, p->seg_cap, NULL, LIION_OBJ_SEGMENT, COL_U32);
        return true;
    case LIION__SNAP_RESP:
        *t = TAB(p->resps, p->resps_cap, NULL, LIION_OBJ_RESPONSE, COL_RESP);
        return true;
    case LIION__SNAP_ACT:
        *t = TAB(p->acts, p->acts_cap, &p->acts_n, 0, COL_ACT);
        return true;
    case LIION__SNAP_EQACT:
        *t = TAB(p->eqacts, p->eqacts_cap, &p->eqacts_n, 0, COL_EQACT);
        return true;
    case LIION__SNAP_QTY:
        *t = TAB(p->qtys, p->qtys_cap, &p->qtys_n, 0, COL_QTY);
        return true;
    case LIION__SNAP_PROP:
        *t = TAB(p->props, p->props_cap, &p->props_n, 0, COL_PROP);
        return true;
    case LIION__SNAP_USE:
        *t = TAB(p->uses, p->uses_cap, &p->uses_n, 0, COL_USE);
        return true;
    case LIION__SNAP_ASM:
        *t = TAB(p->asms, p->asms_cap, &p->asms_n, 0, COL_ASM);
        return true;
    case LIION__SNAP_LINK:
        *t = TAB(p->links, p->links_cap, &p->links_n, 0, COL_LINK);
        return true;
    case LIION__SNAP_RUSE:
        *t = TAB(p->ruses, p->ruses_cap, &p->ruses_n, 0, COL_RUSE);
        return true;
    case LIION__SNAP_JOB:
        *t = TAB(p->jobs, p->jobs_cap, NULL, LIION_OBJ_JOB_RESPONSE, COL_JOB);
        return true;
    case LIION__SNAP_JOBM:
        *t = TAB(p->jobms, p->jobms_cap, &p->jobms_n, 0, COL_JOBM);
        return true;
    case LIION__SNAP_TEST:
        *t = TAB(p->tests, p->tests_cap, NULL, LIION_OBJ_TEST_RESULT, COL_TEST);
        return true;
    default:
        return false;
    }
}

static liion__intern *strtab_of(liion_plant *p, uint32_t id)
{
    if (id == LIION__SNAP_STRINGS)
        return &p->strings;
    return &p->ids[id];
}

/* The property key (kind, owner, name) layout of lib/isa95/plant.c prop_key(). */
#define PROP_KIND(k) ((uint32_t)((k) >> 56))
#define PROP_OWNER(k) ((uint32_t)((k) >> 24))
#define PROP_NAME(k) ((uint32_t)((k) & 0xffffffu))

/* ---- encoding --------------------------------------------------------------------------- */

static uint32_t zz32(uint32_t d)
{
    return (d << 1) ^ (0u - (d >> 31));
}
static uint64_t zz64(uint64_t d)
{
    return (d << 1) ^ (UINT64_C(0) - (d >> 63));
}
static uint32_t unzz32(uint64_t z)
{
    uint32_t v = (uint32_t)z;
    return (v >> 1) ^ (0u - (v & 1u));
}
static uint64_t unzz64(uint64_t z)
{
    return (z >> 1) ^ (UINT64_C(0) - (z & 1u));
}

static void put_cols(liion__snap_enc *e, const void *base, size_t n, size_t elem,
                     const col *cols, size_t ncols)
{
    const uint8_t *b = base;
    for (size_t c = 0; c < ncols && e->st == LIION_OK; c++) {
        uint32_t prev32 = 0;
        uint64_t prev64 = 0;
        for (size_t i = 0; i < n; i++) {
            const uint8_t *f = b + i * elem + cols[c].off;
            if (cols[c].type == 'u') {
                uint32_t v;
                memcpy(&v, f, 4);
                liion__snap_put_uv(e, zz32(v - prev32));
                prev32 = v;
            } else if (cols[c].type == 't') {
                uint64_t v;
                memcpy(&v, f, 8);
                liion__snap_put_uv(e, zz64(v - prev64));
                prev64 = v;
            } else {
                double v;
                uint8_t le[8];
                memcpy(&v, f, 8);
                liion__store_f64le(le, v);
                liion__snap_put_bytes(e, le, 8);
            }
        }
    }
}

static void put_strings(liion__snap_enc *e, const liion__intern *t)
{
    uint32_t n = liion__intern_count(t);
    const char *prev = "";
    size_t prev_len = 0;
    liion__snap_put_uv(e, n);
    for (uint32_t i = 0; i < n && e->st == LIION_OK; i++) {
        size_t len, k = 0;
        const char *s = liion__intern_str(t, i, &len);
        while (k < len && k < prev_len && s[k] == prev[k])
            k++;
        liion__snap_put_uv(e, k);
        liion__snap_put_uv(e, len - k);
        liion__snap_put_bytes(e, s + k, len - k);
        prev = s;
        prev_len = len;
    }
}

static void put_gen(liion__snap_enc *e, const liion__gen *g, bool forward)
{
    uint64_t edges = 0;
    uint32_t prev = 0, k;
    /* the lists through liion__gen_list(): the backward ones may live only in the
     * deduplicated rows */
    for (uint32_t v = 0; v < g->nodes; v++) {
        (void)liion__gen_list(g, forward, v, &k);
        edges += k;
    }
    liion__snap_put_uv(e, g->nodes);
    liion__snap_put_uv(e, edges);
    for (uint32_t v = 0; v < g->nodes; v++) {
        (void)liion__gen_list(g, forward, v, &k);
        liion__snap_put_uv(e, k);
    }
    for (uint32_t v = 0; v < g->nodes && e->st == LIION_OK; v++) {
        const uint32_t *l = liion__gen_list(g, forward, v, &k);
        for (uint32_t i = 0; i < k; i++) {
            liion__snap_put_uv(e, zz32(l[i] - prev));
            prev = l[i];
        }
    }
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Section 31: the assembly attribute map as rows sorted by key (the map's own order depends
 * on its history; the section does not). */
static void put_asm_attr(liion__snap_enc *e, liion_plant *p)
{
    size_t n = liion__map64_count(&p->asm_attr), cur = 0, i = 0;
    uint64_t *kv = n > 0 ? liion__alloc(p->ctx, n * 2u * sizeof *kv) : NULL;
    asm_attr_row *rows;
    uint64_t k, v;
    if (n > 0 && kv == NULL) {
        e->st = LIION_E_NOMEM;
        return;
    }
    while (i < n && liion__map64_next(&p->asm_attr, &cur, &k, &v)) {
        kv[2 * i] = k;
        kv[2 * i + 1] = v;
        i++;
    }
    if (n > 0)
        qsort(kv, n, 2u * sizeof *kv, cmp_u64);
    /* rows overwrite the pairs in place: row i (16 bytes) fits pair i's 16 bytes */
    rows = (asm_attr_row *)(void *)kv;
    for (i = 0; i < n; i++) {
        asm_attr_row r;
        k = kv[2 * i];
        v = kv[2 * i + 1];
        r.kind = (uint32_t)(k >> 32);
        r.index = (uint32_t)k;
        r.type = (uint32_t)(v & 0xffu);
        r.rel = (uint32_t)((v >> 8) & 0xffu);
        memcpy(&rows[i], &r, sizeof r);
    }
    liion__snap_put_uv(e, n);
    put_cols(e, rows, n, sizeof *rows, COL_ASM_ATTR, N_(COL_ASM_ATTR));
    liion__free(p->ctx, kv, n * 2u * sizeof *kv);
}

/* Section 29: job response members in member order, each as (response, job response). */
static void put_jobm(liion__snap_enc *e, liion_plant *p)
{
    size_t n = p->jobms_n;
    liion__jobm *m = n > 0 ? liion__calloc(p->ctx, n, sizeof *m) : NULL;
    if (n > 0 && m == NULL) {
        e->st = LIION_E_NOMEM;
        return;
    }
    for (size_t j = 0; j < liion__intern_count(&p->ids[LIION_OBJ_JOB_RESPONSE]); j++)
        for (uint32_t i = p->jobs[j].first; i != NONE && i < n; i = p->jobms[i].next)
            m[i] = (liion__jobm){ p->jobms[i].resp, (uint32_t)j };
    liion__snap_put_uv(e, n);
    put_cols(e, m, n, sizeof *m, COL_JOBM, N_(COL_JOBM));
    liion__free(p->ctx, m, n * sizeof *m);
}

liion_status liion__snap_plant_prepare(liion_plant *plant)
{
    /* The graph is written as one CSR per direction: merge the pending edges first. */
    return liion__gen_compact(&plant->gen);
}

void liion__snap_plant_encode(liion_plant *p, uint32_t id, liion__snap_enc *e)
{
    tabdesc t;
    if (id <= LIION__SNAP_STRINGS) {
        put_strings(e, strtab_of(p, id));
    } else if (id == LIION__SNAP_GEN_IN || id == LIION__SNAP_GEN_OUT) {
        put_gen(e, &p->gen, id == LIION__SNAP_GEN_OUT);
    } else if (id == LIION__SNAP_ASM_ATTR) {
        put_asm_attr(e, p);
    } else if (id == LIION__SNAP_JOBM) {
        put_jobm(e, p);
    } else if (table_of(p, id, &t)) {
        size_t n = t.count != NULL ? *t.count : liion__intern_count(&p->ids[t.kind]);
        liion__snap_put_uv(e, n);
        put_cols(e, *t.arr, n, t.elem, t.cols, t.ncols);
        if (id == LIION__SNAP_PROP && e->st == LIION_OK) {
            /* the keys, in property order, from the index map */
            uint64_t *keys = n > 0 ? liion__alloc(p->ctx, n * sizeof *keys) : NULL;
            size_t cur = 0;
            uint64_t k, v;
            if (n > 0 && keys == NULL) {
                e->st = LIION_E_NOMEM;
                return;
            }
            while (liion__map64_next(&p->prop_index, &cur, &k, &v))
                if (v < n)
                    keys[v] = k;
            put_cols(e, keys, n, sizeof *keys, COL_I64, 1);
            liion__free(p->ctx, keys, n * sizeof *keys);
        }
    }
}

/* ---- decoding --------------------------------------------------------------------------- */

static size_t left(const liion__snap_dec *d)
{
    return d->len - d->pos;
}

/* One varint, with the one-byte case inline (most deltas are small). */
static inline bool get_uv(liion__snap_dec *d, uint64_t *out)
{
    if (d->pos < d->len && d->p[d->pos] < 0x80) {
        *out = d->p[d->pos++];
        return true;
    }
    return liion__snap_get_uv(d, out);
}

static const char *get_cols(liion__snap_dec *d, void *base, size_t n, size_t elem,
                            const col *cols, size_t ncols)
{
    uint8_t *b = base;
    if (n == 0)
        return NULL;
    for (size_t c = 0; c < ncols; c++) {
        uint8_t *f = b + cols[c].off;
        uint64_t z;
        if (cols[c].type == 'u') {
            uint32_t v = 0;
            for (size_t i = 0; i < n; i++, f += elem) {
                if (!get_uv(d, &z))
                    return d->why;
                if (z > UINT32_MAX)
                    return "column value out of range";
                v += unzz32(z);
                memcpy(f, &v, 4);
            }
        } else if (cols[c].type == 't') {
            uint64_t v = 0;
            for (size_t i = 0; i < n; i++, f += elem) {
                if (!get_uv(d, &z))
                    return d->why;
                v += unzz64(z);
                memcpy(f, &v, 8);
            }
        } else {
            if (n > left(d) / 8)
                return "section ends inside a float column";
            for (size_t i = 0; i < n; i++, f += elem) {
                double v = liion__load_f64le(d->p + d->pos);
                d->pos += 8;
                memcpy(f, &v, 8);
            }
        }
    }
    return NULL;
}

/* Ask for transparent huge pages on the 2 MiB-aligned interior of a large hash table not yet
 * touched: far fewer TLB misses on its random probes. Advice only: ignored where unsupported.
 * Not used for arrays filled in order: there the cost of getting (and zeroing) huge pages
 * varied from run to run more than the page faults it saves. */
static void hint_huge(void *ptr, size_t bytes)
{
#ifdef MADV_HUGEPAGE
    const uintptr_t huge = (uintptr_t)2u << 20;
    uintptr_t a = ((uintptr_t)ptr + huge - 1u) & ~(huge - 1u);
    uintptr_t e = ((uintptr_t)ptr + bytes) & ~(huge - 1u);
    if (ptr != NULL && bytes >= 4u * huge && e > a)
        (void)madvise((void *)a, (size_t)(e - a), MADV_HUGEPAGE);
#else
    (void)ptr;
    (void)bytes;
#endif
}

/* Room for n strings in an empty interning table (liion__intern_reserve): the load inserts
 * without ever rehashing, and the slot array gets huge pages. */
static liion_status intern_presize(liion__intern *t, size_t n)
{
    bool was_empty = t->slot_cap == 0;
    liion_status st = liion__intern_reserve(t, n);
    if (st == LIION_OK && was_empty && t->slot_cap != 0)
        hint_huge(t->slots, t->slot_cap * sizeof *t->slots);
    return st;
}

/* Strings are decoded a batch at a time: the batch's hashes are computed and their slots
 * prefetched before the first of them is inserted, so the cache misses of a batch overlap
 * instead of following one another (the slot table is far larger than the cache). */
#define STR_BATCH 32u

static const char *get_strings(liion_plant *p, liion__intern *t, liion__snap_dec *d,
                               liion_status *st)
{
    uint64_t n;
    liion__buf s;
    size_t off[STR_BATCH + 1];
    const char *why = NULL;
    const char *prev = "";
    size_t prev_len = 0;
    if (!liion__snap_get_uv(d, &n))
        return d->why;
    if (n > left(d) / 2) /* two numbers per string at least */
        return "string count larger than the section";
    if (n > LIION__INTERN_MAX || n > (uint64_t)t->max_count - liion__intern_count(t))
        return "too many strings";
    if (liion__intern_count(t) == 0 && (*st = intern_presize(t, (size_t)n)) != LIION_OK)
        return NULL;
    liion__buf_init(&s, p->ctx);
    for (uint64_t i = 0; i < n && why == NULL && *st == LIION_OK;) {
        size_t k = n - i < STR_BATCH ? (size_t)(n - i) : STR_BATCH;
        size_t j;
        /* 1. decode k strings back to back into s (off[j] .. off[j + 1]) */
        s.len = 0;
        off[0] = 0;
        for (j = 0; j < k; j++) {
            uint64_t shared, suffix;
            if (!get_uv(d, &shared) || !get_uv(d, &suffix)) {
                why = d->why;
                break;
            }
            if (shared > prev_len) {
                why = "string shares more bytes than the previous string has";
                break;
            }
            if (suffix > left(d)) {
                why = "string longer than the section";
                break;
            }
            if ((*st = liion__buf_reserve(&s, (size_t)shared + (size_t)suffix + 1u)) != LIION_OK)
                break;
            if (j > 0)
                prev = (const char *)s.data + off[j - 1]; /* s may have moved */
            memcpy(s.data + s.len, prev, (size_t)shared);
            memcpy(s.data + s.len + shared, d->p + d->pos, (size_t)suffix);
            d->pos += (size_t)suffix;
            s.len += (size_t)(shared + suffix);
            off[j + 1] = s.len;
            prev = (const char *)s.data + off[j];
            prev_len = off[j + 1] - off[j];
        }
        if (why != NULL || *st != LIION_OK)
            break;
        /* 2. their slots, ahead of the inserts */
        if (t->slot_cap != 0)
            for (j = 0; j < k; j++)
                __builtin_prefetch(&t->slots[liion__hash_bytes(s.data + off[j], off[j + 1] - off[j],
                                                               t->seed) &
                                             (t->slot_cap - 1u)]);
        /* 3. insert */
        for (j = 0; j < k; j++) {
            uint32_t id;
            bool is_new;
            size_t len = off[j + 1] - off[j];
            if ((*st = liion__intern_put(t, len > 0 ? (const void *)(s.data + off[j]) : "", len,
                                         &id, &is_new)) != LIION_OK) {
                if (*st == LIION_E_LIMIT) {
                    *st = LIION_OK;
                    why = "too many strings";
                }
                break;
            }
            if (!is_new) {
                why = "duplicate string in a table";
                break;
            }
        }
        /* the batch's last string, for the next batch's front coding: its stored copy */
        if (why == NULL && *st == LIION_OK)
            prev = liion__intern_str(t, liion__intern_count(t) - 1u, &prev_len);
        i += k;
    }
    liion__buf_free(&s);
    return why;
}

/* Load one direction as pending chains (head[v] -> newest ... oldest, the layout
 * liion__gen_push() makes), in list order; after both directions liion__gen_compact() builds
 * the CSR and its indexes exactly as the writer's compaction did. */
static const char *get_gen(liion_plant *p, liion__gen_dir *dir, liion__snap_dec *d,
                           liion_status *st)
{
    uint64_t nodes, edges, sum = 0;
    uint32_t prev = 0, pos = 0;
    if (!liion__snap_get_uv(d, &nodes) || !liion__snap_get_uv(d, &edges))
        return d->why;
    if (nodes != p->gen.nodes)
        return "graph node count differs from the lot count";
    if (edges > left(d) || nodes > left(d))
        return "edge or node count larger than the section";
    if (edges >= UINT32_MAX - 1u)
        return "too many edges";
    if (dir == &p->gen.out && edges != p->gen.edges)
        return "forward and backward edge counts differ";
    if (edges > 0 && (*st = liion__vec_reserve(p->ctx, (void **)&dir->pend, &dir->pend_cap,
                                               (size_t)edges, sizeof *dir->pend)) != LIION_OK)
        return NULL;
    /* degrees first, kept in head[] until the lists are read */
    for (uint64_t v = 0; v < nodes; v++) {
        uint64_t z;
        uint32_t deg;
        if (!get_uv(d, &z))
            return d->why;
        if (z > UINT32_MAX)
            return "node degree out of range";
        deg = (uint32_t)z;
        sum += deg;
        if (sum > edges)
            return "node degrees add up to more than the edge count";
        dir->head[v] = deg;
    }
    if (sum != edges)
        return "node degrees do not add up to the edge count";
    for (uint64_t v = 0; v < nodes; v++) {
        uint32_t deg = dir->head[v];
        dir->head[v] = LIION__NONE;
        for (uint32_t k = 0; k < deg; k++) {
            uint64_t z;
            if (!get_uv(d, &z))
                return d->why;
            if (z > UINT32_MAX)
                return "adjacency value out of range";
            prev += unzz32(z);
            if (prev >= nodes)
                return "edge to a node that does not exist";
            dir->pend[pos].to = prev;
            dir->pend[pos].next = dir->head[v];
            dir->head[v] = pos++;
            dir->pend_n = pos;
        }
    }
    p->gen.edges = edges;
    if (dir == &p->gen.out)
        *st = liion__gen_compact(&p->gen);
    return NULL;
}

static const char *get_asm_attr(liion_plant *p, liion__snap_dec *d, liion_status *st)
{
    uint64_t n;
    asm_attr_row *rows;
    const char *why;
    if (!liion__snap_get_uv(d, &n))
        return d->why;
    if (n > left(d) / N_(COL_ASM_ATTR))
        return "row count larger than the section";
    if (n == 0)
        return NULL;
    if ((rows = liion__alloc(p->ctx, (size_t)n * sizeof *rows)) == NULL) {
        *st = LIION_E_NOMEM;
        return NULL;
    }
    why = get_cols(d, rows, (size_t)n, sizeof *rows, COL_ASM_ATTR, N_(COL_ASM_ATTR));
    if (why == NULL)
        *st = liion__map64_reserve(&p->asm_attr, (size_t)n);
    for (size_t i = 0; i < n && why == NULL && *st == LIION_OK; i++) {
        const asm_attr_row *r = &rows[i];
        uint64_t key = (uint64_t)r->kind << 32 | r->index;
        if ((r->kind != (uint32_t)LIION_OBJ_MATERIAL_CLASS &&
             r->kind != (uint32_t)LIION_OBJ_MATERIAL_DEFINITION) ||
            r->index >= liion__intern_count(&p->ids[r->kind]))
            why = "assembly attributes of an object that does not exist";
        else if (r->type < (uint32_t)LIION_ASSEMBLY_PHYSICAL ||
                 r->type > (uint32_t)LIION_ASSEMBLY_LOGICAL ||
                 r->rel < (uint32_t)LIION_ASSEMBLY_PERMANENT ||
                 r->rel > (uint32_t)LIION_ASSEMBLY_TRANSIENT)
            why = "assembly type or relationship out of range";
        else if (liion__map64_get(&p->asm_attr, key, NULL))
            why = "duplicate assembly attributes";
        else
            *st = liion__map64_put(&p->asm_attr, key, (uint64_t)r->type | (uint64_t)r->rel << 8);
    }
    liion__free(p->ctx, rows, (size_t)n * sizeof *rows);
    return why;
}

const char *liion__snap_plant_decode(liion_plant *p, uint32_t id, liion__snap_dec *d,
                                     liion_status *st)
{
    tabdesc t;
    uint64_t n;
    const char *why;
    *st = LIION_OK;
    if (id <= LIION__SNAP_STRINGS)
        return get_strings(p, strtab_of(p, id), d, st);
    if (id == LIION__SNAP_GEN_IN || id == LIION__SNAP_GEN_OUT)
        return get_gen(p, id == LIION__SNAP_GEN_IN ? &p->gen.in : &p->gen.out, d, st);
    if (id == LIION__SNAP_ASM_ATTR)
        return get_asm_attr(p, d, st);
    if (!table_of(p, id, &t))
        return "unknown section";
    if (!liion__snap_get_uv(d, &n))
        return d->why;
    /* Every value takes one byte at least (a float eight): check before allocating. */
    if (n > left(d) / t.ncols)
        return "row count larger than the section";
    if (t.count == NULL && n != liion__intern_count(&p->ids[t.kind]))
        return "row count differs from the object count";
    if (t.count != NULL && n >= NONE)
        return "too many rows";
    if (n > 0 && (*st = liion__vec_reserve(p->ctx, t.arr, t.cap, (size_t)n, t.elem)) != LIION_OK)
        return NULL;
    if ((why = get_cols(d, *t.arr, (size_t)n, t.elem, t.cols, t.ncols)) != NULL)
        return why;
    if (t.count != NULL)
        *t.count = (size_t)n;
    if (id == LIION__SNAP_LOT) {
        if ((*st = liion__gen_reserve_nodes(&p->gen, (uint32_t)n)) != LIION_OK)
            return NULL;
        liion__gen_set_nodes(&p->gen, (uint32_t)n);
    } else if (id == LIION__SNAP_PROP) {
        uint64_t *keys = n > 0 ? liion__alloc(p->ctx, (size_t)n * sizeof *keys) : NULL;
        if (n > 0 && keys == NULL) {
            *st = LIION_E_NOMEM;
            return NULL;
        }
        if (n > left(d))
            why = "property keys missing";
        else
            why = get_cols(d, keys, (size_t)n, sizeof *keys, COL_I64, 1);
        if (why == NULL && n > 0)
            *st = liion__map64_reserve(&p->prop_index, (size_t)n);
        for (uint64_t i = 0; i < n && why == NULL && *st == LIION_OK; i++) {
            uint64_t k = keys[i];
            uint32_t kind = PROP_KIND(k);
            if (kind < 1 || kind >= LIION__KINDS ||
                PROP_OWNER(k) >= liion__intern_count(&p->ids[kind]) ||
                PROP_NAME(k) >= liion__intern_count(&p->strings))
                why = "property key names an object or a name that does not exist";
            else if (liion__map64_get(&p->prop_index, k, NULL))
                why = "duplicate property key";
            else
                *st = liion__map64_put(&p->prop_index, k, i);
        }
        liion__free(p->ctx, keys, (size_t)n * sizeof *keys);
    }
    return why;
}

/* ---- cross references ------------------------------------------------------------------- */

static bool idx_ok(uint32_t v, size_t n, bool none_ok)
{
    return v < n || (none_ok && v == NONE);
}

/* Walk one chain of material actuals, marking each entry; an entry seen twice, or a link to
 * an index that does not exist, is refused. */
static bool walk_acts(uint8_t *seen, const liion_plant *p, uint32_t first)
{
    for (uint32_t a = first; a != NONE; a = p->acts[a].next) {
        if (a >= p->acts_n || seen[a])
            return false;
        seen[a] = 1;
    }
    return true;
}

/* The same for equipment (bound = equipment count) or personnel (person count) actuals. */
static bool walk_eqacts(uint8_t *seen, const liion_plant *p, uint32_t first, size_t bound)
{
    for (uint32_t a = first; a != NONE; a = p->eqacts[a].next) {
        if (a >= p->eqacts_n || seen[a] || p->eqacts[a].eq >= bound)
            return false;
        seen[a] = 1;
    }
    return true;
}

const char *liion__snap_plant_finish(liion_plant *p, liion_status *st)
{
    size_t n_eq = liion__intern_count(&p->ids[LIION_OBJ_EQUIPMENT]);
    size_t n_eqc = liion__intern_count(&p->ids[LIION_OBJ_EQUIPMENT_CLASS]);
    size_t n_mc = liion__intern_count(&p->ids[LIION_OBJ_MATERIAL_CLASS]);
    size_t n_def = liion__intern_count(&p->ids[LIION_OBJ_MATERIAL_DEFINITION]);
    size_t n_lot = liion__intern_count(&p->ids[LIION_OBJ_LOT]);
    size_t n_seg = liion__intern_count(&p->ids[LIION_OBJ_SEGMENT]);
    size_t n_resp = liion__intern_count(&p->ids[LIION_OBJ_RESPONSE]);
    size_t n_person = liion__intern_count(&p->ids[LIION_OBJ_PERSON]);
    size_t n_job = liion__intern_count(&p->ids[LIION_OBJ_JOB_RESPONSE]);
    size_t n_test = liion__intern_count(&p->ids[LIION_OBJ_TEST_RESULT]);
    size_t n_str = liion__intern_count(&p->strings);
    uint8_t *seen = NULL;
    size_t seen_n = p->acts_n > p->eqacts_n ? p->acts_n : p->eqacts_n;
    const char *why = NULL;
    *st = LIION_OK;

    for (size_t i = 0; i < n_eqc; i++)
        if (p->eq_class_level[i] > (uint32_t)LIION_EQ_OTHER)
            return "equipment class level out of range";
    for (size_t i = 0; i < n_eq; i++) {
        const liion__eq *e = &p->eqs[i];
        if (!idx_ok(e->parent, n_eq, true) || !idx_ok(e->cls, n_eqc, true) ||
            e->level > (uint32_t)LIION_EQ_OTHER)
            return "equipment refers to an object that does not exist";
    }
    for (size_t i = 0; i < n_def; i++)
        if (!idx_ok(p->def_class[i], n_mc, true))
            return "material definition refers to a class that does not exist";
    for (size_t i = 0; i < n_seg; i++)
        if (p->seg_step[i] > (uint32_t)LIION_STEP_OTHER)
            return "process step out of range";
    for (size_t i = 0; i < n_lot; i++) {
        const liion__lot *l = &p->lots[i];
        if (!idx_ok(l->def, n_def, true) || !idx_ok(l->parent, n_lot, true) ||
            !idx_ok(l->producer, n_resp, true) || !idx_ok(l->status, n_str, true) ||
            !idx_ok(l->qty, p->qtys_n, true) || l->disp > (uint32_t)LIION_DISP_OTHER)
            return "lot refers to an object that does not exist";
    }
    for (size_t i = 0; i < p->qtys_n; i++)
        if (!idx_ok(p->qtys[i].unit, n_str, false) ||
            (p->qtys[i].type != LIION_QTY_REAL && p->qtys[i].type != LIION_QTY_INTEGER))
            return "quantity with a bad unit or type";
    for (size_t i = 0; i < p->acts_n; i++) {
        const liion__act *a = &p->acts[i];
        if (!idx_ok(a->lot, n_lot, false) || !idx_ok(a->qty, p->qtys_n, true) ||
            a->use < (uint32_t)LIION_USE_CONSUMABLE || a->use > (uint32_t)LIION_USE_OTHER)
            return "material actual refers to an object that does not exist";
    }
    for (size_t i = 0; i < p->props_n; i++) {
        const liion__prop *q = &p->props[i];
        if ((q->type != LIION_PROP_NUMBER && q->type != LIION_PROP_TEXT) ||
            !idx_ok(q->text, n_str, q->type == LIION_PROP_NUMBER))
            return "property with a bad type or text";
    }
    for (size_t i = 0; i < p->asms_n; i++) {
        const liion__assembly *a = &p->asms[i];
        if (!idx_ok(a->whole, n_lot, false) || !idx_ok(a->part, n_lot, false) ||
            a->type < 1 || a->type > 2 || a->rel < 1 || a->rel > 2)
            return "assembly refers to a lot that does not exist";
    }
    for (size_t i = 0; i < p->links_n; i++) {
        const liion__roll_link *l = &p->links[i];
        if (!idx_ok(l->from, n_lot, false) || !idx_ok(l->to, n_lot, false) ||
            !(l->next < i || l->next == NONE))
            return "roll link refers to a lot that does not exist";
    }
    for (size_t i = 0; i < p->ruses_n; i++)
        if (!idx_ok(p->ruses[i].roll, n_lot, false) || !idx_ok(p->ruses[i].cell, n_lot, false))
            return "roll use refers to a lot that does not exist";
    for (size_t i = 0; i < p->uses_n; i++) {
        const liion__use *u = &p->uses[i];
        if (!idx_ok(u->eq, n_eq, false) || !idx_ok(u->lot, n_lot, false) ||
            !(u->next_lot < i || u->next_lot == NONE))
            return "equipment use refers to an object that does not exist";
    }
    for (size_t i = 0; i < n_job; i++) {
        const liion__job *j = &p->jobs[i];
        if (j->end < j->start || j->state < (uint32_t)LIION_RESPONSE_WAITING ||
            j->state > (uint32_t)LIION_RESPONSE_OTHER)
            return "job response with a bad time span or state";
    }
    for (size_t i = 0; i < p->jobms_n; i++)
        if (!idx_ok(p->jobms[i].resp, n_resp, false) || !idx_ok(p->jobms[i].next, n_job, false))
            return "job response member refers to an object that does not exist";
    for (size_t i = 0; i < n_test; i++) {
        const liion__test *x = &p->tests[i];
        if (!idx_ok(x->lot, n_lot, false) || !idx_ok(x->property, n_str, true) ||
            !idx_ok(x->name, n_str, false) || !idx_ok(x->unit, n_str, false) ||
            x->outcome < (uint32_t)LIION_TEST_PASS ||
            x->outcome > (uint32_t)LIION_TEST_INCONCLUSIVE || !isfinite(x->value))
            return "test result refers to an object that does not exist or has a bad value";
    }

    /* Chains of actuals: every entry in exactly one chain of one response. */
    if (seen_n > 0 && (seen = liion__calloc(p->ctx, seen_n, 1)) == NULL) {
        *st = LIION_E_NOMEM;
        return NULL;
    }
    for (size_t r = 0; r < n_resp && why == NULL; r++) {
        const liion__resp *x = &p->resps[r];
        if (!idx_ok(x->segment, n_seg, false))
            why = "segment response refers to a segment that does not exist";
        else if (!walk_acts(seen, p, x->first_in) || !walk_acts(seen, p, x->first_out) ||
                 !walk_acts(seen, p, x->first_other))
            why = "broken chain of material actuals";
    }
    for (size_t i = 0; i < p->acts_n && why == NULL; i++)
        if (!seen[i])
            why = "material actual outside every segment response";
    if (why == NULL && seen_n > 0)
        memset(seen, 0, seen_n);
    for (size_t r = 0; r < n_resp && why == NULL; r++) {
        const liion__resp *x = &p->resps[r];
        if (!walk_eqacts(seen, p, x->first_eq, n_eq) ||
            !walk_eqacts(seen, p, x->first_person, n_person))
            why = "broken chain of equipment or personnel actuals";
    }
    for (size_t i = 0; i < p->eqacts_n && why == NULL; i++)
        if (!seen[i])
            why = "equipment actual outside every segment response";
    liion__free(p->ctx, seen, seen_n);
    if (why != NULL)
        return why;

    /* Derived maps: newest use record per lot, newest link per roll. */
    if ((*st = liion__map64_reserve(&p->use_by_lot, p->uses_n)) != LIION_OK)
        return NULL;
    for (size_t i = 0; i < p->uses_n; i++)
        (void)liion__map64_put(&p->use_by_lot, p->uses[i].lot, i);
    if ((*st = liion__map64_reserve(&p->link_head, p->links_n)) != LIION_OK)
        return NULL;
    for (size_t i = 0; i < p->links_n; i++)
        (void)liion__map64_put(&p->link_head, p->links[i].from, i);

    /* Job response members, in order, as liion_plant_job_response_add_segment() appends
     * them (`next` holds the member's job until here). */
    for (size_t j = 0; j < n_job; j++) {
        p->jobs[j].first = p->jobs[j].last = NONE;
        p->jobs[j].n = 0;
    }
    if ((*st = liion__map64_reserve(&p->resp_job, p->jobms_n)) != LIION_OK)
        return NULL;
    for (size_t i = 0; i < p->jobms_n; i++) {
        liion__job *j = &p->jobs[p->jobms[i].next];
        if (liion__map64_get(&p->resp_job, p->jobms[i].resp, NULL))
            return "segment response in two job responses";
        (void)liion__map64_put(&p->resp_job, p->jobms[i].resp, p->jobms[i].next);
        p->jobms[i].next = NONE;
        if (j->first == NONE)
            j->first = (uint32_t)i;
        else
            p->jobms[j->last].next = (uint32_t)i;
        j->last = (uint32_t)i;
        j->n++;
    }

    /* Test results: per-lot chains, newest first, as liion_plant_test_result_add() makes. */
    for (size_t i = 0; i < n_test; i++) {
        uint64_t head = NONE;
        (void)liion__map64_get(&p->test_by_lot, p->tests[i].lot, &head);
        if ((*st = liion__map64_put(&p->test_by_lot, p->tests[i].lot, i)) != LIION_OK)
            return NULL;
        p->tests[i].next_lot = (uint32_t)head;
    }
    return NULL;
}
