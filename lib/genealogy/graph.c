/* The genealogy graph: adjacency in both directions as a compacted CSR plus per-node chains
 * of edges added since the last compaction, and the backward rows deduplicated for the
 * backward trace; breadth-first walks with epoch marks (no
 * clearing per query); the query result type liion_trace and two small sorts. */
#define _DEFAULT_SOURCE /* MADV_HUGEPAGE */
#include "isa95/plant_int.h"

#include <string.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

#define NONE LIION__NONE
/* Pending edges are merged once they reach max(COMPACT_MIN, CSR edges / 2): each edge is
 * copied O(1) times on average, and walks never follow long chains for long. */
#define COMPACT_MIN 65536u
#define MAX_EDGES (UINT32_MAX - 1u)

static void dir_free(liion_ctx *ctx, liion__gen_dir *d)
{
    if (d->off != NULL)
        liion__free(ctx, d->off, ((size_t)d->csr_nodes + 1) * sizeof *d->off);
    liion__free(ctx, d->adj, d->adj_cap * sizeof *d->adj);
    liion__free(ctx, d->head, d->head_cap * sizeof *d->head);
    liion__free(ctx, d->pend, d->pend_cap * sizeof *d->pend);
    liion__free(ctx, d->blk, d->blk_n * sizeof *d->blk);
    memset(d, 0, sizeof *d);
}

/* Bytes of one core's L2 cache, or 1 MiB when the system does not say. */
static size_t l2_bytes(void)
{
#if defined(_SC_LEVEL2_CACHE_SIZE)
    long v = sysconf(_SC_LEVEL2_CACHE_SIZE);
    if (v > 0)
        return (size_t)v;
#endif
    return (size_t)1 << 20;
}

void liion__gen_init(liion__gen *g, liion_ctx *ctx)
{
    memset(g, 0, sizeof *g);
    g->ctx = ctx;
    g->slot_above = l2_bytes();
}

static void brows_free(liion_ctx *ctx, liion__gen_brows *b)
{
    liion__free(ctx, b->row, b->row_cap * sizeof *b->row);
    liion__free(ctx, b->run, 2 * b->run_cap * sizeof *b->run);
    liion__free(ctx, b->blk, b->blk_n * sizeof *b->blk);
    liion__free(ctx, b->node_row, b->node_row_n * sizeof *b->node_row);
    liion__free(ctx, b->slot_mem, b->slot_mem_n);
    memset(b, 0, sizeof *b);
}

void liion__gen_free(liion__gen *g)
{
    brows_free(g->ctx, &g->brows);
    dir_free(g->ctx, &g->in);
    dir_free(g->ctx, &g->out);
    liion__free(g->ctx, g->mark, g->mark_cap * sizeof *g->mark);
    liion__free(g->ctx, g->queue, g->queue_cap * sizeof *g->queue);
    g->mark = NULL;
    g->queue = NULL;
}

liion_status liion__gen_reserve_nodes(liion__gen *g, uint32_t n)
{
    liion_status st;
    if ((st = liion__vec_reserve(g->ctx, (void **)&g->in.head, &g->in.head_cap, n,
                                 sizeof(uint32_t))) != LIION_OK ||
        (st = liion__vec_reserve(g->ctx, (void **)&g->out.head, &g->out.head_cap, n,
                                 sizeof(uint32_t))) != LIION_OK ||
        (st = liion__vec_reserve(g->ctx, (void **)&g->mark, &g->mark_cap, n,
                                 sizeof(uint32_t))) != LIION_OK)
        return st;
    return LIION_OK;
}

void liion__gen_set_nodes(liion__gen *g, uint32_t n)
{
    for (uint32_t v = g->nodes; v < n; v++) {
        g->in.head[v] = NONE;
        g->out.head[v] = NONE;
        g->mark[v] = 0;
    }
    g->nodes = n;
}

liion_status liion__gen_reserve_edges(liion__gen *g, size_t extra)
{
    liion_status st;
    if (extra == 0)
        return LIION_OK;
    if (g->edges + extra > MAX_EDGES)
        return liion__error(g->ctx, LIION_E_LIMIT, "genealogy graph is full (%u edges)",
                            (unsigned)MAX_EDGES);
    if ((st = liion__vec_reserve(g->ctx, (void **)&g->in.pend, &g->in.pend_cap,
                                 g->in.pend_n + extra, sizeof *g->in.pend)) != LIION_OK ||
        (st = liion__vec_reserve(g->ctx, (void **)&g->out.pend, &g->out.pend_cap,
                                 g->out.pend_n + extra, sizeof *g->out.pend)) != LIION_OK)
        return st;
    return LIION_OK;
}

static void dir_push(liion__gen_dir *d, uint32_t v, uint32_t w)
{
    uint32_t i = (uint32_t)d->pend_n++;
    d->pend[i].to = w;
    d->pend[i].next = d->head[v];
    d->head[v] = i;
}

void liion__gen_push(liion__gen *g, uint32_t from, uint32_t to)
{
    dir_push(&g->out, from, to);
    dir_push(&g->in, to, from);
    g->edges++;
}

uint32_t liion__gen_new_epoch(liion__gen *g)
{
    if (++g->epoch == 0) {
        if (g->nodes > 0)
            memset(g->mark, 0, (size_t)g->nodes * sizeof *g->mark);
        g->epoch = 1;
    }
    return g->epoch;
}

/* Make room in the queue for `more` pairs after `tail`. */
static inline liion_status queue_room(liion__gen *g, size_t tail, size_t more)
{
    if (2 * (tail + more) <= g->queue_cap)
        return LIION_OK;
    return liion__vec_reserve(g->ctx, (void **)&g->queue, &g->queue_cap, 2 * (tail + more),
                              sizeof *g->queue);
}

#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

/* Insert v into the small set; returns 1 if new, 0 if present, -1 if the set is full. */
static inline int small_put(uint64_t *set, uint64_t tag, uint32_t v, size_t *count)
{
    uint32_t i = (v * 0x9E3779B1u) >> 25; /* 7 bits: LIION__GEN_SMALL = 128 */
    for (;;) {
        uint64_t k = set[i];
        if ((k & 0xffffffff00000000u) != tag) {
            if (*count >= LIION__GEN_SMALL / 2)
                return -1;
            set[i] = tag | v;
            (*count)++;
            return 1;
        }
        if ((uint32_t)k == v)
            return 0;
        i = (i + 1) & (LIION__GEN_SMALL - 1);
    }
}

/* Edge range [*s, *e) of CSR node v (v < csr_nodes) in d->adj. */
static inline void csr_range(const liion__gen_dir *d, uint32_t v, uint32_t *s, uint32_t *e)
{
    uint64_t b = d->blk_off == d->off ? d->blk[v >> LIION__GEN_BLK_SHIFT] : (uint64_t)NONE << 32;
    uint32_t deg = (uint32_t)(b >> 32);
    if (deg != NONE) {
        *s = (uint32_t)b + (v & ((1u << LIION__GEN_BLK_SHIFT) - 1u)) * deg;
        *e = *s + deg;
    } else {
        *s = d->off[v];
        *e = d->off[v + 1];
    }
}

/* Start loading what csr_range() and the edge list of v will read. */
static inline void csr_prefetch(const liion__gen_dir *d, uint32_t v)
{
    if (v < d->csr_nodes) {
        uint64_t b = d->blk_off == d->off ? d->blk[v >> LIION__GEN_BLK_SHIFT]
                                          : (uint64_t)NONE << 32;
        uint32_t deg = (uint32_t)(b >> 32);
        if (deg == NONE)
            PREFETCH(d->off + v);
        else if (deg != 0)
            PREFETCH(d->adj + (uint32_t)b + (v & ((1u << LIION__GEN_BLK_SHIFT) - 1u)) * deg);
    }
}

/* The offset in b->row of the deduplicated backward row of v < in.csr_nodes. */
static inline uint32_t brows_row(const liion__gen_brows *b, uint32_t v)
{
    uint32_t r = b->blk[v >> LIION__GEN_RUN_SHIFT];
    if (r & LIION__GEN_RUN_ONE) { /* one run covers the block: its row */
        r &= ~LIION__GEN_RUN_ONE;
    } else if (r & LIION__GEN_RUN_TAB) { /* many runs: a row per node */
        r = b->node_row[((r & ~LIION__GEN_RUN_TAB) << LIION__GEN_RUN_SHIFT) |
                        (v & ((1u << LIION__GEN_RUN_SHIFT) - 1u))];
    } else { /* a few runs: the last one starting at or before v */
        while (r + 1 < b->run_n && b->run[2 * (r + 1)] <= v)
            r++;
        r = b->run[2 * r + 1];
    }
    return r;
}

/* The deduplicated backward row of v < in.csr_nodes as b->row[*s .. *e). */
static inline void brows_range(const liion__gen_brows *b, uint32_t v, uint32_t *s, uint32_t *e)
{
    uint32_t r = brows_row(b, v);
    *s = r + 2;
    *e = r + 2 + b->row[r];
}

/* Compacted edges of v < d->csr_nodes as base[*s .. *e): the deduplicated backward rows when
 * `rows` (d is g->in and g->brows.row is set: decided once per walk), else the CSR. When the
 * rows exist the backward CSR does not (liion__gen_compact() drops it): every reader of the
 * backward lists goes through here or list_range(). */
static inline const uint32_t *dir_range(const liion__gen *g, const liion__gen_dir *d, bool rows,
                                        uint32_t v, uint32_t *s, uint32_t *e)
{
    if (rows) {
        brows_range(&g->brows, v, s, e);
        return g->brows.row;
    }
    csr_range(d, v, s, e);
    return d->adj;
}

/* dir_range() deciding `rows` itself: the backward rows when they exist. */
static inline const uint32_t *list_range(const liion__gen *g, const liion__gen_dir *d, uint32_t v,
                                         uint32_t *s, uint32_t *e)
{
    return dir_range(g, d, d == &g->in && g->brows.row != NULL, v, s, e);
}

/* Breadth-first walk; the queue holds (node, depth) pairs. */
liion_status liion__gen_bfs(liion__gen *g, uint32_t start, bool forward, uint32_t max_depth,
                            size_t *n_out)
{
    const liion__gen_dir *d = forward ? &g->out : &g->in;
    uint32_t ep = liion__gen_new_epoch(g);
    uint32_t *mark = g->mark;
    size_t head = 0, tail = 0;
    uint32_t cur = start, cur_depth = 0;
    const bool chains = d->pend_n != 0;
    liion_status st;

    mark[start] = ep;
    for (;;) {
        if (max_depth == 0 || cur_depth < max_depth) {
            uint32_t nd = cur_depth + 1, a = 0, e = 0;
            const uint32_t *adj = NULL;
            size_t deg;
            if (cur < d->csr_nodes)
                adj = list_range(g, d, cur, &a, &e);
            deg = e - a;
            if (chains)
                for (uint32_t p = d->head[cur]; p != NONE; p = d->pend[p].next)
                    deg++;
            /* Worst case every neighbour is new: reserve for the whole list at once. */
            if (deg > 0 && (st = queue_room(g, tail, deg)) != LIION_OK)
                return st;
            uint32_t *q = g->queue;
            for (; a < e; a++) {
                uint32_t w = adj[a];
                if (mark[w] != ep) {
                    mark[w] = ep;
                    q[2 * tail] = w;
                    q[2 * tail + 1] = nd;
                    tail++;
                }
            }
            if (chains)
                for (uint32_t p = d->head[cur]; p != NONE; p = d->pend[p].next) {
                    uint32_t w = d->pend[p].to;
                    if (mark[w] != ep) {
                        mark[w] = ep;
                        q[2 * tail] = w;
                        q[2 * tail + 1] = nd;
                        tail++;
                    }
                }
        }
        if (head == tail)
            break;
        cur = g->queue[2 * head];
        cur_depth = g->queue[2 * head + 1];
        head++;
    }
    *n_out = tail;
    return LIION_OK;
}

/* Breadth-first walk of up to LIION__GEN_SMALL / 2 nodes over the first n nodes' backward
 * lists: the deduplicated rows b, or the backward CSR d when b is NULL. Starts from the list
 * range [s0, e0) at depth 0 (the start's parents are found at depth 1). The edge range of
 * every node is looked up (and its first line prefetched) when the node is found, and only
 * nodes with inputs enter the expansion queue, so leaves (components, raw material lots) cost
 * no second visit. Same contract as back_rows_csr(). */
static long small_walk(const liion__gen_brows *b, const liion__gen_dir *d, uint32_t n,
                       uint64_t *set, uint64_t tag, uint32_t s0, uint32_t e0,
                       uint32_t max_depth, liion__row *rows, size_t count)
{
    const uint32_t *adj = b != NULL ? b->row : d->adj;
    struct {
        uint32_t s, e, depth;
    } ex[LIION__GEN_SMALL / 2];
    size_t nx = 0, hx = 0, tail = 0;
    uint32_t s, e;
    if (s0 < e0) {
        ex[0].s = s0;
        ex[0].e = e0;
        ex[0].depth = 0;
        nx = 1;
    }
    while (hx < nx) {
        uint32_t a = ex[hx].s, end = ex[hx].e, nd = ex[hx].depth + 1;
        bool expand = max_depth == 0 || nd < max_depth;
        hx++;
        for (uint32_t x = a + 16; x < end; x += 16)
            PREFETCH(adj + x);
        for (; a < end; a++) {
            uint32_t w = adj[a];
            int r = small_put(set, tag, w, &count);
            if (r < 0)
                return -1;
            if (r > 0) {
                rows[tail].index = w;
                rows[tail].depth = nd;
                rows[tail].score = 0.0;
                tail++;
                if (expand && w < n) {
                    if (b != NULL)
                        brows_range(b, w, &s, &e);
                    else
                        csr_range(d, w, &s, &e);
                    if (s < e) {
                        PREFETCH(adj + s);
                        ex[nx].s = s;
                        ex[nx].e = e;
                        ex[nx].depth = nd;
                        nx++;
                    }
                }
            }
        }
    }
    return (long)tail;
}

/* The compacted-graph case of liion__gen_back_rows(): the slot of the start's block, else
 * its row's stored closure, else small_walk() over the rows or the CSR. Rows come out in the
 * same breadth-first order whichever answers. */
static long back_rows_csr(const liion__gen *g, uint64_t *set, uint64_t tag, uint32_t start,
                          uint32_t max_depth, liion__row *rows, size_t count)
{
    const liion__gen_dir *d = &g->in;
    uint32_t s, e;
    if (g->brows.row != NULL) {
        s = e = 0;
        if (start < d->csr_nodes && g->brows.slot != NULL) {
            /* the slot of the start's block: its lines are requested together, and its
             * address needs nothing read first */
            const uint32_t w = g->brows.slot_w;
            const uint32_t *sl = g->brows.slot + (size_t)(start >> LIION__GEN_RUN_SHIFT) * w;
            for (uint32_t y = 16; y < w; y += 16)
                PREFETCH(sl + y);
            if ((((uint64_t)sl[1] << 32 | sl[0]) >> (start & ((1u << LIION__GEN_RUN_SHIFT) - 1u))) &
                1u) {
                const uint32_t k = sl[2] & 0xffu, x = sl[2] >> 8, *nd = sl + 3;
                const uint8_t *dp = (const uint8_t *)(nd + k + x);
                uint32_t i = 0;
                for (; i < k; i++) {
                    if (nd[i] == start) /* a cycle through the start: walk it */
                        goto record;
                    rows[i].index = nd[i];
                    rows[i].depth = 1;
                    rows[i].score = 0.0;
                }
                if (max_depth != 1)
                    for (; i < k + x; i++) {
                        if (max_depth != 0 && dp[i - k] > max_depth)
                            break;
                        if (nd[i] == start)
                            goto record;
                        rows[i].index = nd[i];
                        rows[i].depth = dp[i - k];
                        rows[i].score = 0.0;
                    }
                return (long)i;
            }
        }
    record:
        if (start < d->csr_nodes) {
            uint32_t x, r = brows_row(&g->brows, start);
            /* a record (header, row, closure) is a few cache lines: ask for them together
             * rather than after the header arrives */
            for (uint32_t y = 16; y < 64 && r + y < g->brows.row_cap; y += 16)
                PREFETCH(g->brows.row + r + y);
            s = r + 2;
            e = s + g->brows.row[r];
            x = g->brows.row[r + 1];
            if (x != NONE) { /* the row's closure, walked at compaction, follows it */
                const uint32_t *p = g->brows.row, *c = p + e;
                uint32_t i = 0, j = 0;
                for (uint32_t y = r + 64; y < e + 2 * x; y += 16)
                    PREFETCH(p + y);
                for (; i < e - s; i++) {
                    uint32_t w = p[s + i];
                    if (w == start) /* a cycle through the start: walk it */
                        goto walk;
                    rows[i].index = w;
                    rows[i].depth = 1;
                    rows[i].score = 0.0;
                }
                if (max_depth != 1) {
                    for (; j < x; j++, i++) {
                        uint32_t w = c[2 * j], dw = c[2 * j + 1];
                        if (max_depth != 0 && dw > max_depth)
                            break;
                        if (w == start)
                            goto walk;
                        rows[i].index = w;
                        rows[i].depth = dw;
                        rows[i].score = 0.0;
                    }
                }
                return (long)i;
            }
        }
    walk:
        return small_walk(&g->brows, NULL, d->csr_nodes, set, tag, s, e, max_depth, rows,
                          count);
    }
    s = e = 0;
    if (start < d->csr_nodes) /* the start is always expanded (depth 0 < any limit) */
        csr_range(d, start, &s, &e);
    return small_walk(NULL, d, d->csr_nodes, set, tag, s, e, max_depth, rows, count);
}

long liion__gen_back_rows(liion__gen *g, uint32_t start, uint32_t max_depth, liion__row *rows)
{
    const liion__gen_dir *d = &g->in;
    size_t head = 0, tail = 0, count = 0;
    uint32_t cur = start, cur_depth = 0;
    const bool chains = d->pend_n != 0, rows_on = g->brows.row != NULL;
    uint64_t tag;

    _Static_assert(LIION__GEN_SMALL == 128u, "small_put hashes to 7 bits");
    if (++g->small_epoch == 0) { /* wrapped: old entries could look current */
        memset(g->small_set, 0, sizeof g->small_set);
        g->small_epoch = 1;
    }
    tag = (uint64_t)g->small_epoch << 32;
    (void)small_put(g->small_set, tag, start, &count);
    if (!chains)
        return back_rows_csr(g, g->small_set, tag, start, max_depth, rows, count);
    for (;;) {
        if (max_depth == 0 || cur_depth < max_depth) {
            uint32_t nd = cur_depth + 1;
            if (cur < d->csr_nodes) {
                uint32_t a, e;
                const uint32_t *adj = dir_range(g, d, rows_on, cur, &a, &e);
                /* ask for every cache line of the list at once, not one miss after another */
                for (uint32_t x = a + 16; x < e; x += 16)
                    PREFETCH(adj + x);
                for (; a < e; a++) {
                    uint32_t w = adj[a];
                    int r = small_put(g->small_set, tag, w, &count);
                    if (r < 0)
                        return -1;
                    if (r > 0) {
                        if (!rows_on) /* the rows are cache resident */
                            csr_prefetch(d, w);
                        rows[tail].index = w;
                        rows[tail].depth = nd;
                        rows[tail].score = 0.0;
                        tail++;
                    }
                }
            }
            if (chains)
                for (uint32_t p = d->head[cur]; p != NONE; p = d->pend[p].next) {
                    uint32_t w = d->pend[p].to;
                    int r = small_put(g->small_set, tag, w, &count);
                    if (r < 0)
                        return -1;
                    if (r > 0) {
                        rows[tail].index = w;
                        rows[tail].depth = nd;
                        rows[tail].score = 0.0;
                        tail++;
                    }
                }
        }
        if (head == tail)
            break;
        cur = rows[head].index;
        cur_depth = rows[head].depth;
        head++;
    }
    return (long)tail;
}

liion_status liion__gen_expand(liion__gen *g, uint32_t v, bool forward, uint32_t depth,
                               uint64_t *seen, uint32_t **q, size_t *q_cap, size_t *tail)
{
    const liion__gen_dir *d = forward ? &g->out : &g->in;
    uint32_t a = 0, e = 0;
    const uint32_t *adj = NULL;
    size_t deg, t = *tail;
    liion_status st;
    if (v < d->csr_nodes)
        adj = list_range(g, d, v, &a, &e);
    deg = e - a;
    if (d->pend_n != 0)
        for (uint32_t p = d->head[v]; p != NONE; p = d->pend[p].next)
            deg++;
    if (deg == 0)
        return LIION_OK;
    if ((st = liion__vec_reserve(g->ctx, (void **)q, q_cap, 2 * (t + deg), sizeof **q)) !=
        LIION_OK)
        return st;
    for (; a < e; a++) {
        uint32_t w = adj[a];
        uint64_t bit = (uint64_t)1 << (w & 63u);
        if ((seen[w >> 6] & bit) == 0) {
            seen[w >> 6] |= bit;
            (*q)[2 * t] = w;
            (*q)[2 * t + 1] = depth;
            t++;
        }
    }
    if (d->pend_n != 0)
        for (uint32_t p = d->head[v]; p != NONE; p = d->pend[p].next) {
            uint32_t w = d->pend[p].to;
            uint64_t bit = (uint64_t)1 << (w & 63u);
            if ((seen[w >> 6] & bit) == 0) {
                seen[w >> 6] |= bit;
                (*q)[2 * t] = w;
                (*q)[2 * t + 1] = depth;
                t++;
            }
        }
    *tail = t;
    return LIION_OK;
}

const uint32_t *liion__gen_list(const liion__gen *g, bool forward, uint32_t v, uint32_t *k)
{
    const liion__gen_dir *d = forward ? &g->out : &g->in;
    uint32_t a = 0, e = 0;
    const uint32_t *base = v < d->csr_nodes ? list_range(g, d, v, &a, &e) : NULL;
    *k = e - a;
    return e > a ? base + a : NULL;
}

liion_status liion__gen_is_ancestor(bool *out, liion__gen *g, uint32_t start, uint32_t target)
{
    size_t n;
    liion_status st;
    *out = start == target;
    if (*out)
        return LIION_OK;
    if ((st = liion__gen_bfs(g, start, false, 0, &n)) != LIION_OK)
        return st;
    *out = g->mark[target] == g->epoch;
    return LIION_OK;
}

/* Ask for transparent huge pages on the 2 MiB-aligned interior of a big array (advice only:
 * ignored where unsupported). A random cell's input list then costs one DRAM access without
 * a page walk in front of it (about a fifth of a backward trace at a million cells). */
static void advise_huge(void *p, size_t bytes)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    const uintptr_t huge = (uintptr_t)2 << 20;
    uintptr_t a = ((uintptr_t)p + huge - 1) & ~(huge - 1), e = ((uintptr_t)p + bytes) & ~(huge - 1);
    if (p != NULL && bytes >= 2 * huge && e > a)
        (void)madvise((void *)a, (size_t)(e - a), MADV_HUGEPAGE);
#else
    (void)p;
    (void)bytes;
#endif
}

/* Build the merged CSR of one direction into fresh arrays (old ones untouched). */
static liion_status dir_build(liion__gen *g, const liion__gen_dir *d, uint32_t **off_out,
                              uint32_t **adj_out, size_t *adj_cap_out, uint64_t **blk_out,
                              size_t *blk_n_out)
{
    uint32_t n = g->nodes;
    uint32_t *off, *adj = NULL;
    uint64_t *blk = NULL;
    size_t total, nb = ((size_t)n + (1u << LIION__GEN_BLK_SHIFT) - 1) >> LIION__GEN_BLK_SHIFT;
    off = liion__alloc(g->ctx, ((size_t)n + 1) * sizeof *off);
    if (off == NULL)
        return LIION_E_NOMEM;
    advise_huge(off, ((size_t)n + 1) * sizeof *off);
    if (nb > 0 && (blk = liion__alloc(g->ctx, nb * sizeof *blk)) == NULL) {
        liion__free(g->ctx, off, ((size_t)n + 1) * sizeof *off);
        return LIION_E_NOMEM;
    }
    off[0] = 0;
    for (uint32_t v = 0; v < n; v++) {
        uint32_t a = 0, e = 0, deg;
        if (v < d->csr_nodes)
            (void)list_range(g, d, v, &a, &e);
        deg = e - a;
        for (uint32_t p = d->head[v]; p != NONE; p = d->pend[p].next)
            deg++;
        off[v + 1] = off[v] + deg;
    }
    total = off[n];
    if (total > 0) {
        adj = liion__alloc(g->ctx, total * sizeof *adj);
        if (adj == NULL) {
            liion__free(g->ctx, off, ((size_t)n + 1) * sizeof *off);
            liion__free(g->ctx, blk, nb * sizeof *blk);
            return LIION_E_NOMEM;
        }
        advise_huge(adj, total * sizeof *adj);
        for (uint32_t v = 0; v < n; v++) {
            uint32_t o = off[v], a = 0, e = 0, end = off[v + 1];
            const uint32_t *src = v < d->csr_nodes ? list_range(g, d, v, &a, &e) : NULL;
            if (e > a)
                memcpy(adj + o, src + a, (size_t)(e - a) * sizeof *adj);
            /* Chains are newest first: fill from the end to keep insertion order. */
            for (uint32_t p = d->head[v]; p != NONE; p = d->pend[p].next)
                adj[--end] = d->pend[p].to;
        }
    }
    for (size_t b = 0; b < nb; b++) {
        size_t lo = b << LIION__GEN_BLK_SHIFT, hi = lo + (1u << LIION__GEN_BLK_SHIFT);
        uint32_t deg = off[lo + 1] - off[lo];
        if (hi > n)
            hi = n;
        for (size_t v = lo + 1; v < hi && deg != NONE; v++)
            if (off[v + 1] - off[v] != deg)
                deg = NONE;
        blk[b] = (uint64_t)deg << 32 | off[lo];
    }
    *off_out = off;
    *adj_out = adj;
    *adj_cap_out = total;
    *blk_out = blk;
    *blk_n_out = nb;
    return LIION_OK;
}

static void dir_install(liion__gen *g, liion__gen_dir *d, uint32_t *off, uint32_t *adj,
                        size_t adj_cap, uint64_t *blk, size_t blk_n)
{
    liion__free(g->ctx, d->blk, d->blk_n * sizeof *d->blk);
    d->blk = blk;
    d->blk_n = blk_n;
    d->blk_off = off;
    if (d->off != NULL)
        liion__free(g->ctx, d->off, ((size_t)d->csr_nodes + 1) * sizeof *d->off);
    liion__free(g->ctx, d->adj, d->adj_cap * sizeof *d->adj);
    liion__free(g->ctx, d->pend, d->pend_cap * sizeof *d->pend);
    d->off = off;
    d->adj = adj;
    d->adj_cap = adj_cap;
    d->csr_nodes = g->nodes;
    d->pend = NULL;
    d->pend_n = 0;
    d->pend_cap = 0;
    if (g->nodes > 0)
        memset(d->head, 0xff, (size_t)g->nodes * sizeof *d->head);
}

static inline uint32_t row_hash(const uint32_t *r, uint32_t k)
{
    uint64_t h = 0x9E3779B97F4A7C15u ^ k;
    for (uint32_t i = 0; i < k; i++)
        h = (h ^ r[i]) * 0xff51afd7ed558ccdu;
    h ^= h >> 32;
    return (uint32_t)h;
}

/* The closure walk of row r (at b->row[r]) from a start that is no node (NONE): the trace of
 * any node with that row, as long as the node is not its own ancestor (the trace checks).
 * Returns the number of extra closure rows after the row's own parents (out[k ..]), or NONE
 * when the closure is not kept: more than the small walk holds, or its first rows are not
 * the row's parents in order at depth 1 (a repeated parent). */
static uint32_t closure_walk(const liion__gen_brows *b, uint32_t n, size_t r, uint64_t *set,
                             uint32_t *ep, liion__row *out)
{
    uint32_t k = b->row[r];
    size_t count = 0;
    long m;
    uint64_t tag;
    if (k == 0)
        return NONE; /* a leaf: nothing to walk */
    if (++*ep == 1)
        memset(set, 0, LIION__GEN_SMALL * sizeof *set);
    tag = (uint64_t)*ep << 32;
    (void)small_put(set, tag, NONE, &count);
    m = small_walk(b, NULL, n, set, tag, (uint32_t)r + 2, (uint32_t)r + 2 + k, 0, out, count);
    if (m < (long)k)
        return NONE;
    for (uint32_t i = 0; i < k; i++)
        if (out[i].index != b->row[r + 2 + i] || out[i].depth != 1)
            return NONE;
    return (uint32_t)m - k;
}

/* Append to every distinct row of b (rows b->row[0 .. row_n), over n nodes) the rest of its
 * backward closure, walked once here: row r becomes k, x, the k parents, then x (node,
 * depth) pairs in breadth-first order (x = NONE: not kept, the trace walks), so a trace of a
 * node reads one record, the cache lines after its row's header, instead of one row per
 * level of the material chain. Rows move: the runs, blocks and per-node rows are remapped.
 * Within a budget of eight times the rows (and the row offsets' 30 bits). */
static liion_status memo_build(liion_ctx *ctx, liion__gen_brows *b, uint32_t n, size_t *row_n)
{
    uint64_t set[LIION__GEN_SMALL];
    liion__row out[LIION__GEN_SMALL / 2];
    size_t old_n = *row_n, budget = 8 * old_n + 65536, extra = 0, total, used = 0;
    uint32_t ep = 0, *nr;
    if (budget > (size_t)LIION__GEN_RUN_TAB - 1u)
        budget = (size_t)LIION__GEN_RUN_TAB - 1u;
    /* 1. the size of every record (the extra count parked in row[r + 1]) */
    for (size_t r = 0; r < old_n; r += 2 + (size_t)b->row[r]) {
        uint32_t x = closure_walk(b, n, r, set, &ep, out);
        if (x != NONE && old_n + extra + 2 * (size_t)x > budget)
            x = NONE; /* budget spent: the trace walks */
        if (x != NONE)
            extra += 2 * (size_t)x;
        b->row[r + 1] = x;
    }
    if (extra == 0)
        return LIION_OK; /* no record grows: rows stay in place (x is 0 or NONE) */
    total = old_n + extra; /* <= budget: the offsets keep the flag bits clear */
    if ((nr = liion__alloc(ctx, total * sizeof *nr)) == NULL)
        return LIION_E_NOMEM;
    advise_huge(nr, total * sizeof *nr);
    /* 2. write the records; row[r + 1] becomes the new offset of row r */
    for (size_t r = 0; r < old_n; r += 2 + (size_t)b->row[r]) {
        uint32_t k = b->row[r], x = b->row[r + 1];
        nr[used] = k;
        nr[used + 1] = x;
        memcpy(nr + used + 2, b->row + r + 2, (size_t)k * sizeof *nr);
        if (x != NONE) {
            uint32_t *c = nr + used + 2 + k;
            (void)closure_walk(b, n, r, set, &ep, out);
            for (uint32_t i = 0; i < x; i++) {
                c[2 * i] = out[k + i].index;
                c[2 * i + 1] = out[k + i].depth;
            }
        }
        b->row[r + 1] = (uint32_t)used;
        used += 2 + (size_t)k + (x == NONE ? 0 : 2 * (size_t)x);
    }
    /* 3. remap the row offsets */
    for (size_t i = 0; i < b->run_n; i++)
        b->run[2 * i + 1] = b->row[b->run[2 * i + 1] + 1];
    for (size_t i = 0; i < b->blk_n; i++)
        if (b->blk[i] & LIION__GEN_RUN_ONE)
            b->blk[i] = b->row[(b->blk[i] & ~LIION__GEN_RUN_ONE) + 1] | LIION__GEN_RUN_ONE;
    for (size_t i = 0; i < b->node_row_n; i++)
        b->node_row[i] = b->row[b->node_row[i] + 1];
    liion__free(ctx, b->row, b->row_cap * sizeof *b->row);
    b->row = nr;
    b->row_cap = total;
    *row_n = total;
    return LIION_OK;
}

/* The row most nodes of block x (of n nodes) use, with how many nodes use it (*count) and
 * which (*mask). Rows change in runs, so a block has a few. */
static uint32_t slot_row(const liion__gen_brows *b, uint32_t n, size_t x, uint32_t *count,
                         uint64_t *mask)
{
    const uint32_t w = 1u << LIION__GEN_RUN_SHIFT;
    uint32_t first = (uint32_t)(x << LIION__GEN_RUN_SHIFT), m = n - first < w ? n - first : w;
    uint32_t best = NONE, best_n = 0;
    if (b->blk[x] & LIION__GEN_RUN_ONE) {
        *count = m;
        *mask = m == 64 ? UINT64_MAX : ((uint64_t)1 << m) - 1u;
        return b->blk[x] & ~LIION__GEN_RUN_ONE;
    }
    for (uint32_t i = 0; i < m;) { /* a row's nodes: its runs in the block */
        uint32_t r = brows_row(b, first + i), c = 0;
        for (uint32_t j = i; j < m; j++)
            c += brows_row(b, first + j) == r;
        if (c > best_n) {
            best = r;
            best_n = c;
        }
        while (i < m && brows_row(b, first + i) == r)
            i++;
    }
    *count = best_n;
    *mask = 0;
    for (uint32_t i = 0; i < m; i++)
        if (brows_row(b, first + i) == best)
            *mask |= (uint64_t)1 << i;
    return best;
}

/* Words a slot for record r needs (3 + k + x + depth bytes), or 0 when r keeps no closure. */
static uint32_t slot_need(const liion__gen_brows *b, uint32_t r)
{
    uint32_t k = b->row[r], x = b->row[r + 1];
    if (k == 0)
        return 3;
    if (x == NONE)
        return 0;
    return 3 + k + x + (x + 3) / 4;
}

/* Build b->slot (see liion__gen_brows) over n nodes once the records exist (row_n words).
 * The stride is the fewest cache lines (at most 4) that hold 95 % of the blocks' records; a
 * block whose record needs more, or has none, gets mask 0 (the trace takes the record path).
 * Optional: skipped while the records and their index fit in `above` bytes (they stay warm),
 * when under half of the nodes would be covered, past about a byte per backward edge, or
 * when the memory is refused. */
static void slot_build(liion_ctx *ctx, liion__gen_brows *b, uint32_t n, size_t edges,
                       size_t row_n, size_t above)
{
    size_t lines[5] = { 0 }, fit = 0, covered = 0, eligible = 0, bytes;
    uint32_t w = 0, count;
    uint64_t mask;
    if (b->blk_n == 0 || n == 0 ||
        (row_n + b->blk_n + 2 * b->run_n + b->node_row_n) * sizeof(uint32_t) <= above)
        return;
    for (size_t x = 0; x < b->blk_n; x++) {
        uint32_t need = slot_need(b, slot_row(b, n, x, &count, &mask));
        if (need == 0)
            continue;
        eligible++;
        if (need <= 64) {
            lines[(need + 15) / 16] += 1;
            covered += count;
        }
    }
    for (uint32_t l = 1; l <= 4 && w == 0; l++) {
        fit += lines[l];
        if (eligible > 0 && fit * 20 >= eligible * 19)
            w = 16 * l;
    }
    if (w == 0 || 2 * covered < n || b->blk_n > (SIZE_MAX - 64) / (w * sizeof *b->slot))
        return;
    bytes = b->blk_n * w * sizeof *b->slot;
    if (bytes > edges + 65536)
        return;
    if ((b->slot_mem = liion__alloc(ctx, bytes + 64)) == NULL)
        return;
    b->slot_mem_n = bytes + 64;
    /* on a line boundary: a slot of l lines is l lines, not l + 1 */
    b->slot = (uint32_t *)(((uintptr_t)b->slot_mem + 63u) & ~(uintptr_t)63u);
    advise_huge(b->slot, bytes);
    b->slot_w = w;
    for (size_t x = 0; x < b->blk_n; x++) {
        uint32_t *sl = b->slot + x * w, r = slot_row(b, n, x, &count, &mask);
        uint32_t need = slot_need(b, r), k, xn;
        memset(sl, 0, w * sizeof *sl);
        if (need == 0 || need > w)
            continue;
        k = b->row[r];
        xn = k == 0 ? 0 : b->row[r + 1];
        sl[0] = (uint32_t)mask;
        sl[1] = (uint32_t)(mask >> 32);
        sl[2] = k | xn << 8;
        memcpy(sl + 3, b->row + r + 2, (size_t)k * sizeof *sl);
        for (uint32_t i = 0; i < xn; i++) {
            uint32_t dw = b->row[r + 2 + k + 2 * i + 1];
            sl[3 + k + i] = b->row[r + 2 + k + 2 * i];
            /* at most 64 nodes: at most 64 levels deep, a byte holds it */
            ((uint8_t *)(sl + 3 + k + xn))[i] = (uint8_t)dw;
        }
    }
}

/* Deduplicate the rows of the merged backward CSR (off, adj over n nodes) into *b (empty on
 * entry). The previous node's row is tried first (consecutive cells share their lots), then
 * a hash table of the distinct rows. Leaves *b empty (LIION_OK) when the distinct rows grow
 * past a quarter of the edges or the runs past a quarter of the nodes: sharing too rare to
 * pay, the CSR serves. */
static liion_status brows_build(liion__gen *g, const uint32_t *off, const uint32_t *adj,
                                uint32_t n, liion__gen_brows *b)
{
    size_t total = n > 0 ? off[n] : 0, limit = total / 4 + 4096, run_limit = n / 4 + 1024;
    size_t row_n = 1, tab_cap = 1024, tab_n = 0, nb, many = 0;
    uint32_t prev = NONE;
    uint64_t *tab = NULL;
    liion_status st = LIION_OK;
    if (total == 0)
        return LIION_OK;
    if (limit > LIION__GEN_RUN_TAB - 1u) /* row offsets leave the two flag bits clear */
        limit = LIION__GEN_RUN_TAB - 1u;
    if ((tab = liion__alloc(g->ctx, tab_cap * sizeof *tab)) == NULL ||
        (st = liion__vec_reserve(g->ctx, (void **)&b->row, &b->row_cap, 1024,
                                 sizeof *b->row)) != LIION_OK ||
        (st = liion__vec_reserve(g->ctx, (void **)&b->run, &b->run_cap, 256,
                                 2 * sizeof *b->run)) != LIION_OK) {
        st = LIION_E_NOMEM;
        goto fail;
    }
    memset(tab, 0xff, tab_cap * sizeof *tab);
    b->row[0] = 0;
    b->row[1] = NONE;
    row_n = 2;
    for (uint32_t v = 0; v < n; v++) {
        uint32_t s = off[v], k = off[v + 1] - s, h, found = NONE;
        size_t i;
        if (k == 0) {
            found = 0;
        } else if (prev != NONE && b->row[prev] == k &&
                   memcmp(b->row + prev + 2, adj + s, (size_t)k * sizeof *adj) == 0) {
            continue; /* same row as the previous node: same run */
        } else {
            h = row_hash(adj + s, k);
            for (i = h & (tab_cap - 1); tab[i] != UINT64_MAX; i = (i + 1) & (tab_cap - 1)) {
                uint32_t r = (uint32_t)tab[i];
                if ((uint32_t)(tab[i] >> 32) == h && b->row[r] == k &&
                    memcmp(b->row + r + 2, adj + s, (size_t)k * sizeof *adj) == 0) {
                    found = r;
                    break;
                }
            }
            if (found == NONE) {
                if (row_n + 2 + k > limit)
                    goto rare;
                if ((st = liion__vec_reserve(g->ctx, (void **)&b->row, &b->row_cap,
                                             row_n + 2 + k, sizeof *b->row)) != LIION_OK)
                    goto fail;
                found = (uint32_t)row_n;
                b->row[row_n] = k;
                b->row[row_n + 1] = NONE;
                memcpy(b->row + row_n + 2, adj + s, (size_t)k * sizeof *adj);
                row_n += 2 + (size_t)k;
                tab[i] = (uint64_t)h << 32 | found;
                if (2 * ++tab_n > tab_cap) { /* grow and rehash by the stored hashes */
                    size_t nc = 2 * tab_cap;
                    uint64_t *nt = liion__alloc(g->ctx, nc * sizeof *nt);
                    if (nt == NULL) {
                        st = LIION_E_NOMEM;
                        goto fail;
                    }
                    memset(nt, 0xff, nc * sizeof *nt);
                    for (size_t j = 0; j < tab_cap; j++)
                        if (tab[j] != UINT64_MAX) {
                            size_t x = (uint32_t)(tab[j] >> 32) & (nc - 1);
                            while (nt[x] != UINT64_MAX)
                                x = (x + 1) & (nc - 1);
                            nt[x] = tab[j];
                        }
                    liion__free(g->ctx, tab, tab_cap * sizeof *tab);
                    tab = nt;
                    tab_cap = nc;
                }
            }
        }
        if (found == prev)
            continue;
        if (b->run_n >= run_limit)
            goto rare;
        if ((st = liion__vec_reserve(g->ctx, (void **)&b->run, &b->run_cap, b->run_n + 1,
                                     2 * sizeof *b->run)) != LIION_OK)
            goto fail;
        b->run[2 * b->run_n] = v;
        b->run[2 * b->run_n + 1] = found;
        b->run_n++;
        prev = found;
    }
    liion__free(g->ctx, tab, tab_cap * sizeof *tab);
    tab = NULL;
    /* per block of nodes: the row when one run covers it, else its first run */
    nb = ((size_t)n + (1u << LIION__GEN_RUN_SHIFT) - 1) >> LIION__GEN_RUN_SHIFT;
    if ((b->blk = liion__alloc(g->ctx, nb * sizeof *b->blk)) == NULL) {
        st = LIION_E_NOMEM;
        goto fail;
    }
    b->blk_n = nb;
    for (int pass = 0; pass < 2; pass++) { /* count the blocks of many runs, then fill */
        for (size_t x = 0, r = 0, m = 0; x < nb; x++) {
            size_t node = x << LIION__GEN_RUN_SHIFT, end = node + (1u << LIION__GEN_RUN_SHIFT);
            size_t last;
            while (r + 1 < b->run_n && b->run[2 * (r + 1)] <= node)
                r++;
            last = r;
            while (last + 1 < b->run_n && b->run[2 * (last + 1)] < end)
                last++;
            if (last == r) {
                b->blk[x] = b->run[2 * r + 1] | LIION__GEN_RUN_ONE;
            } else if (last - r < LIION__GEN_RUN_SCAN) {
                b->blk[x] = (uint32_t)r;
            } else if (pass == 0) {
                many++;
            } else { /* expand the block's runs node by node */
                size_t k = r;
                b->blk[x] = (uint32_t)m | LIION__GEN_RUN_TAB;
                for (size_t i = 0; i < (1u << LIION__GEN_RUN_SHIFT); i++) {
                    while (k + 1 < b->run_n && b->run[2 * (k + 1)] <= node + i)
                        k++;
                    b->node_row[(m << LIION__GEN_RUN_SHIFT) + i] = b->run[2 * k + 1];
                }
                m++;
            }
        }
        if (pass == 0 && many > 0) {
            b->node_row_n = many << LIION__GEN_RUN_SHIFT;
            if ((b->node_row = liion__alloc(g->ctx, b->node_row_n * sizeof *b->node_row)) ==
                NULL) {
                st = LIION_E_NOMEM;
                goto fail;
            }
        }
    }
    if ((st = memo_build(g->ctx, b, n, &row_n)) != LIION_OK)
        goto fail;
    slot_build(g->ctx, b, n, total, row_n, g->slot_above);
    /* give the slack back (optional: keep the blocks when that is refused) */
    if (b->row_cap > row_n) {
        uint32_t *r = liion__realloc_try(g->ctx, b->row, b->row_cap * sizeof *b->row,
                                         row_n * sizeof *b->row);
        if (r != NULL) {
            b->row = r;
            b->row_cap = row_n;
        }
    }
    if (b->run_cap > b->run_n) {
        uint32_t *r = liion__realloc_try(g->ctx, b->run, 2 * b->run_cap * sizeof *b->run,
                                         2 * b->run_n * sizeof *b->run);
        if (r != NULL) {
            b->run = r;
            b->run_cap = b->run_n;
        }
    }
    return LIION_OK;
rare:
    st = LIION_OK;
fail:
    liion__free(g->ctx, tab, tab_cap * sizeof *tab);
    brows_free(g->ctx, b);
    return st;
}

liion_status liion__gen_compact(liion__gen *g)
{
    liion__gen_brows brows = { 0 };
    uint32_t *ioff, *iadj, *ooff, *oadj;
    uint64_t *iblk, *oblk;
    size_t icap, ocap, ibn, obn;
    liion_status st;
    if (g->in.pend_n == 0 && g->in.csr_nodes == g->nodes)
        return LIION_OK;
    if ((st = dir_build(g, &g->in, &ioff, &iadj, &icap, &iblk, &ibn)) != LIION_OK)
        return st;
    if ((st = dir_build(g, &g->out, &ooff, &oadj, &ocap, &oblk, &obn)) != LIION_OK) {
        liion__free(g->ctx, ioff, ((size_t)g->nodes + 1) * sizeof *ioff);
        liion__free(g->ctx, iadj, icap * sizeof *iadj);
        liion__free(g->ctx, iblk, ibn * sizeof *iblk);
        return st;
    }
    if ((st = brows_build(g, ioff, iadj, g->nodes, &brows)) != LIION_OK) {
        liion__free(g->ctx, ioff, ((size_t)g->nodes + 1) * sizeof *ioff);
        liion__free(g->ctx, iadj, icap * sizeof *iadj);
        liion__free(g->ctx, iblk, ibn * sizeof *iblk);
        liion__free(g->ctx, ooff, ((size_t)g->nodes + 1) * sizeof *ooff);
        liion__free(g->ctx, oadj, ocap * sizeof *oadj);
        liion__free(g->ctx, oblk, obn * sizeof *oblk);
        return st;
    }
    brows_free(g->ctx, &g->brows);
    g->brows = brows;
    if (brows.row != NULL) {
        /* the rows hold every backward list (in CSR order): the backward CSR would be a
         * second copy, about 4 bytes per edge */
        liion__free(g->ctx, ioff, ((size_t)g->nodes + 1) * sizeof *ioff);
        liion__free(g->ctx, iadj, icap * sizeof *iadj);
        liion__free(g->ctx, iblk, ibn * sizeof *iblk);
        dir_install(g, &g->in, NULL, NULL, 0, NULL, 0);
    } else {
        dir_install(g, &g->in, ioff, iadj, icap, iblk, ibn);
    }
    dir_install(g, &g->out, ooff, oadj, ocap, oblk, obn);
    return LIION_OK;
}

liion_status liion__gen_maybe_compact(liion__gen *g)
{
    /* compacted edges: the forward CSR always exists (the backward one may be dropped) */
    size_t csr = g->out.csr_nodes > 0 ? g->out.off[g->out.csr_nodes] : 0;
    size_t lim = csr / 2 > COMPACT_MIN ? csr / 2 : COMPACT_MIN;
    /* both CSRs, and (at most) the distinct rows, their runs and hash table */
    size_t need = (3 * ((size_t)g->nodes + 1) + 3 * (csr + g->in.pend_n)) * sizeof(uint32_t);
    if (g->in.pend_n < lim)
        return LIION_OK;
    /* Optional: skip it (chains keep working) when the memory cap would refuse it anyway. */
    if (liion__mem_headroom(g->ctx) < need)
        return LIION_OK;
    return liion__gen_compact(g);
}

static uint64_t dir_bytes(const liion__gen_dir *d)
{
    uint64_t b = (uint64_t)d->adj_cap * 4u + (uint64_t)d->head_cap * 4u +
                 (uint64_t)d->pend_cap * sizeof(liion__gen_pend) + (uint64_t)d->blk_n * 8u;
    if (d->off != NULL)
        b += ((uint64_t)d->csr_nodes + 1u) * 4u;
    return b;
}

uint64_t liion__gen_bytes(const liion__gen *g)
{
    return dir_bytes(&g->in) + dir_bytes(&g->out) + (uint64_t)g->mark_cap * 4u +
           ((uint64_t)g->brows.row_cap + 2u * (uint64_t)g->brows.run_cap +
            (uint64_t)g->brows.blk_n + (uint64_t)g->brows.node_row_n +
            (uint64_t)g->brows.slot_mem_n / 4u) *
               4u;
}

liion_status liion__gen_link(liion_plant *plant, uint32_t from, uint32_t to)
{
    bool cyc;
    liion_status st;
    if (from == to)
        cyc = true;
    else if (liion__gen_is_terminal(&plant->gen, to))
        cyc = false;
    else if ((st = liion__gen_is_ancestor(&cyc, &plant->gen, from, to)) != LIION_OK)
        return st;
    if (cyc)
        return liion__error(plant->ctx, LIION_E_STATE,
                            "cycle in material flow: lot '%s' would feed lot '%s', which "
                            "already feeds it",
                            liion_plant_id(plant, LIION_OBJ_LOT, from),
                            liion_plant_id(plant, LIION_OBJ_LOT, to));
    if ((st = liion__gen_reserve_edges(&plant->gen, 1)) != LIION_OK)
        return st;
    liion__gen_push(&plant->gen, from, to);
    return LIION_OK;
}

/* ---- sorting --------------------------------------------------------------------------- */

static void merge_runs(uint32_t *dst, const uint32_t *a, size_t na, const uint32_t *b, size_t nb,
                       int (*cmp)(const void *, uint32_t, uint32_t), const void *user)
{
    size_t i = 0, j = 0, k = 0;
    while (i < na && j < nb)
        dst[k++] = cmp(user, b[j], a[i]) < 0 ? b[j++] : a[i++];
    while (i < na)
        dst[k++] = a[i++];
    while (j < nb)
        dst[k++] = b[j++];
}

liion_status liion__sort_u32_merge(liion_ctx *ctx, uint32_t *v, size_t n, size_t sorted,
                                   int (*cmp)(const void *user, uint32_t a, uint32_t b),
                                   const void *user)
{
    uint32_t *tmp, *src, *dst;
    size_t k = n - sorted;
    if (k == 0)
        return LIION_OK;
    /* already in order (appends in key order are common): nothing to do */
    {
        size_t i = sorted > 0 ? sorted : 1;
        while (i < n && cmp(user, v[i], v[i - 1]) >= 0)
            i++;
        if (i == n)
            return LIION_OK;
    }
    tmp = liion__alloc(ctx, n * sizeof *tmp);
    if (tmp == NULL)
        return LIION_E_NOMEM;
    /* bottom-up merge sort of the tail v[sorted..n) */
    src = v + sorted;
    dst = tmp + sorted;
    for (size_t w = 1; w < k; w *= 2) {
        for (size_t lo = 0; lo < k; lo += 2 * w) {
            size_t mid = lo + w < k ? lo + w : k, hi = lo + 2 * w < k ? lo + 2 * w : k;
            merge_runs(dst + lo, src + lo, mid - lo, src + mid, hi - mid, cmp, user);
        }
        uint32_t *x = src;
        src = dst;
        dst = x;
    }
    /* src holds the sorted tail (in v or tmp); merge it with the prefix into the other */
    if (src == v + sorted) {
        memcpy(tmp + sorted, v + sorted, k * sizeof *v);
        src = tmp + sorted;
    }
    memcpy(tmp, v, sorted * sizeof *v);
    merge_runs(v, tmp, sorted, src, k, cmp, user);
    liion__free(ctx, tmp, n * sizeof *tmp);
    return LIION_OK;
}

static int row_cmp(const liion__row *a, const liion__row *b)
{
    if (a->score != b->score)
        return a->score < b->score ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

void liion__sort_rows_score(liion__row *v, size_t n)
{
    size_t start, end, root, child;
    liion__row t;
    if (n < 2)
        return;
    for (start = n / 2; start-- > 0;) {
        for (root = start; (child = 2 * root + 1) < n; root = child) {
            if (child + 1 < n && row_cmp(&v[child], &v[child + 1]) < 0)
                child++;
            if (row_cmp(&v[root], &v[child]) >= 0)
                break;
            t = v[root], v[root] = v[child], v[child] = t;
        }
    }
    for (end = n - 1; end > 0; end--) {
        t = v[0], v[0] = v[end], v[end] = t;
        for (root = 0; (child = 2 * root + 1) < end; root = child) {
            if (child + 1 < end && row_cmp(&v[child], &v[child + 1]) < 0)
                child++;
            if (row_cmp(&v[root], &v[child]) >= 0)
                break;
            t = v[root], v[root] = v[child], v[child] = t;
        }
    }
}

/* ---- liion_trace ----------------------------------------------------------------------- */

LIION_API liion_status liion_trace_new(liion_trace **out, liion_ctx *ctx)
{
    liion_trace *t;
    liion_status st;
    if (out == NULL)
        return ctx != NULL && liion__ctx_valid(ctx)
                   ? liion__error(ctx, LIION_E_INVALID_ARG, "out is NULL")
                   : LIION_E_INVALID_ARG;
    *out = NULL;
    if ((st = liion__ctx_enter(ctx)) != LIION_OK)
        return st;
    t = liion__calloc(ctx, 1, sizeof *t);
    if (t == NULL)
        return LIION_E_NOMEM;
    t->magic = LIION__MAGIC_TRACE;
    t->ctx = ctx;
    *out = t;
    return LIION_OK;
}

LIION_API void liion_trace_free(liion_trace *t)
{
    if (t == NULL || t->magic != LIION__MAGIC_TRACE)
        return;
    liion__free(t->ctx, t->rows, t->cap * sizeof *t->rows);
    liion__free(t->ctx, t->tmp, t->tmp_cap * sizeof *t->tmp);
    t->magic = LIION__MAGIC_DEAD;
    liion__free(t->ctx, t, sizeof *t);
}

static bool trace_ok(const liion_trace *t)
{
    return t != NULL && t->magic == LIION__MAGIC_TRACE;
}

liion_status liion__trace_prepare(liion_plant *plant, liion_trace *t)
{
    if (t == NULL)
        return liion__error(plant->ctx, LIION_E_INVALID_ARG, "trace is NULL");
    if (t->magic != LIION__MAGIC_TRACE || t->ctx != plant->ctx)
        return liion__error(plant->ctx, LIION_E_MISUSE,
                            "trace is not a live result of the plant's context");
    t->n = 0;
    t->cursor = 0;
    t->sorted = false;
    return LIION_OK;
}

liion_status liion__trace_push(liion_trace *t, uint32_t index, uint32_t depth, double score)
{
    if (t->n == t->cap) {
        liion_status st = liion__vec_reserve(t->ctx, (void **)&t->rows, &t->cap, t->n + 1,
                                             sizeof *t->rows);
        if (st != LIION_OK)
            return st;
    }
    t->rows[t->n].index = index;
    t->rows[t->n].depth = depth;
    t->rows[t->n].score = score;
    t->n++;
    return LIION_OK;
}

liion_status liion__trace_sort_index(liion_trace *t)
{
    size_t count[2048];
    liion__row *src = t->rows, *dst;
    liion_status st;
    uint32_t maxv = 0;
    size_t k;
    if (t->n < 2) {
        t->sorted = true;
        return LIION_OK;
    }
    /* traces of serial-numbered cells often come out in order already */
    for (k = 1; k < t->n && src[k - 1].index <= src[k].index; k++)
        ;
    if (k == t->n) {
        t->sorted = true;
        return LIION_OK;
    }
    if ((st = liion__vec_reserve(t->ctx, (void **)&t->tmp, &t->tmp_cap, t->n,
                                 sizeof *t->tmp)) != LIION_OK)
        return st;
    for (size_t i = 0; i < t->n; i++)
        if (src[i].index > maxv)
            maxv = src[i].index;
    dst = t->tmp;
    for (unsigned shift = 0; shift < 33 && (shift == 0 || (maxv >> shift) != 0); shift += 11) {
        size_t sum = 0;
        memset(count, 0, sizeof count);
        for (size_t i = 0; i < t->n; i++)
            count[(src[i].index >> shift) & 2047u]++;
        for (size_t b = 0; b < 2048; b++) {
            size_t c = count[b];
            count[b] = sum;
            sum += c;
        }
        for (size_t i = 0; i < t->n; i++)
            dst[count[(src[i].index >> shift) & 2047u]++] = src[i];
        liion__row *x = src;
        src = dst;
        dst = x;
    }
    if (src != t->rows) { /* odd number of passes: swap the buffers */
        liion__row *r = t->rows;
        size_t c = t->cap;
        t->rows = t->tmp;
        t->cap = t->tmp_cap;
        t->tmp = r;
        t->tmp_cap = c;
    }
    t->sorted = true;
    return LIION_OK;
}

LIION_API size_t liion_trace_count(const liion_trace *t)
{
    return trace_ok(t) ? t->n : 0;
}

LIION_API uint32_t liion_trace_index(const liion_trace *t, size_t i)
{
    return trace_ok(t) && i < t->n ? t->rows[i].index : NONE;
}

LIION_API uint32_t liion_trace_depth(const liion_trace *t, size_t i)
{
    return trace_ok(t) && i < t->n ? t->rows[i].depth : 0;
}

LIION_API double liion_trace_score(const liion_trace *t, size_t i)
{
    return trace_ok(t) && i < t->n ? t->rows[i].score : 0.0;
}

LIION_API int liion_trace_next(liion_trace *t, uint32_t *index_out, uint32_t *depth_out)
{
    if (!trace_ok(t) || t->cursor >= t->n)
        return 0;
    if (index_out != NULL)
        *index_out = t->rows[t->cursor].index;
    if (depth_out != NULL)
        *depth_out = t->rows[t->cursor].depth;
    t->cursor++;
    return 1;
}

LIION_API void liion_trace_rewind(liion_trace *t)
{
    if (trace_ok(t))
        t->cursor = 0;
}

LIION_API int liion_trace_contains(const liion_trace *t, uint32_t index)
{
    if (!trace_ok(t))
        return 0;
    if (t->sorted) {
        size_t lo = 0, hi = t->n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (t->rows[mid].index < index)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo < t->n && t->rows[lo].index == index;
    }
    for (size_t i = 0; i < t->n; i++)
        if (t->rows[i].index == index)
            return 1;
    return 0;
}
