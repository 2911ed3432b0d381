/* Lazy forward trace: liion_plant_cursor walks the forward closure breadth first and hands
 * out descendants as the caller reads them. It keeps its own visited bitmap (one bit per
 * lot, cleared per walk) and a queue that holds only the frontier (consumed entries are
 * dropped), so a recall of a million cells can be processed in fixed-size batches without
 * the closure ever being materialised. */
#include "isa95/plant_int.h"

#include <string.h>

#define LIION__MAGIC_CURSOR 0x63757273u /* "curs" */

struct liion_plant_cursor {
    uint32_t magic;
    liion_plant *plant;
    uint64_t *seen; /* visited bitmap */
    size_t seen_cap; /* words */
    uint32_t *q;     /* (node, depth) pairs; [head, tail) pending */
    size_t q_cap;    /* uint32s */
    size_t head, tail;
    uint64_t edges; /* graph edge count when the walk started (staleness check) */
    uint32_t max_depth;
    uint32_t flags;
    bool active;
};

static bool cursor_ok(const liion_plant_cursor *c)
{
    return c != NULL && c->magic == LIION__MAGIC_CURSOR;
}

LIION_API liion_status liion_plant_cursor_new(liion_plant_cursor **out, liion_plant *plant)
{
    liion_plant_cursor *c;
    liion_status st = liion__plant_enter(plant);
    if (out != NULL)
        *out = NULL;
    if (st != LIION_OK)
        return st;
    if (out == NULL)
        return liion__error(plant->ctx, LIION_E_INVALID_ARG, "out is NULL");
    c = liion__calloc(plant->ctx, 1, sizeof *c);
    if (c == NULL)
        return LIION_E_NOMEM;
    c->magic = LIION__MAGIC_CURSOR;
    c->plant = plant;
    *out = c;
    return LIION_OK;
}

LIION_API void liion_plant_cursor_free(liion_plant_cursor *c)
{
    liion_ctx *ctx;
    if (!cursor_ok(c))
        return;
    ctx = c->plant->ctx;
    liion__free(ctx, c->seen, c->seen_cap * sizeof *c->seen);
    liion__free(ctx, c->q, c->q_cap * sizeof *c->q);
    c->magic = LIION__MAGIC_DEAD;
    liion__free(ctx, c, sizeof *c);
}

static liion_status cursor_enter(liion_plant_cursor *c)
{
    if (c == NULL)
        return LIION_E_INVALID_ARG;
    if (c->magic != LIION__MAGIC_CURSOR)
        return LIION_E_MISUSE;
    return liion__plant_enter(c->plant);
}

LIION_API liion_status liion_plant_cursor_forward(liion_plant_cursor *c, uint32_t lot,
                                                  uint32_t max_depth, uint32_t flags)
{
    liion_plant *plant;
    size_t words;
    liion_status st = cursor_enter(c);
    if (st != LIION_OK)
        return st;
    plant = c->plant;
    c->active = false;
    c->head = c->tail = 0;
    if ((st = liion__plant_check(plant, LIION_OBJ_LOT, lot, "forward cursor")) != LIION_OK)
        return st;
    if ((flags & ~(uint32_t)LIION_TRACE_TERMINAL_ONLY) != 0)
        return liion__error(plant->ctx, LIION_E_INVALID_ARG, "unknown trace flags 0x%x",
                            (unsigned)flags);
    words = ((size_t)plant->gen.nodes + 63) / 64;
    if ((st = liion__vec_reserve(plant->ctx, (void **)&c->seen, &c->seen_cap, words,
                                 sizeof *c->seen)) != LIION_OK ||
        (st = liion__vec_reserve(plant->ctx, (void **)&c->q, &c->q_cap, 2, sizeof *c->q)) !=
            LIION_OK)
        return st;
    memset(c->seen, 0, words * sizeof *c->seen);
    c->seen[lot >> 6] |= (uint64_t)1 << (lot & 63u);
    c->q[0] = lot; /* depth 0: the start lot, expanded but not returned */
    c->q[1] = 0;
    c->tail = 1;
    c->edges = plant->gen.edges;
    c->max_depth = max_depth;
    c->flags = flags;
    c->active = true;
    return LIION_OK;
}

LIION_API liion_status liion_plant_cursor_read(size_t *n_out, uint32_t *index_out,
                                               uint32_t *depth_out, liion_plant_cursor *c,
                                               size_t cap)
{
    liion_plant *plant;
    size_t n = 0;
    bool term;
    liion_status st = cursor_enter(c);
    if (n_out != NULL)
        *n_out = 0;
    if (st != LIION_OK)
        return st;
    plant = c->plant;
    if (n_out == NULL || (index_out == NULL && cap > 0))
        return liion__error(plant->ctx, LIION_E_INVALID_ARG, "n_out or index_out is NULL");
    if (!c->active)
        return LIION_OK; /* no walk, or the walk is over: 0 rows */
    if (plant->gen.edges != c->edges)
        return liion__error(plant->ctx, LIION_E_STATE,
                            "the genealogy changed since liion_plant_cursor_forward(): start "
                            "the walk again");
    term = (c->flags & LIION_TRACE_TERMINAL_ONLY) != 0;
    while (n < cap) {
        uint32_t v, dep;
        if (c->head == c->tail) {
            c->active = false;
            break;
        }
        v = c->q[2 * c->head];
        dep = c->q[2 * c->head + 1];
        if (c->max_depth == 0 || dep < c->max_depth) {
            /* on NOMEM nothing moved: the same read can be retried */
            if ((st = liion__gen_expand(&plant->gen, v, true, dep + 1, c->seen, &c->q,
                                        &c->q_cap, &c->tail)) != LIION_OK) {
                *n_out = n;
                return st;
            }
        }
        c->head++;
        if (dep > 0 && (!term || liion__gen_is_terminal(&plant->gen, v))) {
            index_out[n] = v;
            if (depth_out != NULL)
                depth_out[n] = dep;
            n++;
        }
        /* drop the consumed part of the queue once it is the larger half */
        if (c->head >= 4096 && c->head * 2 >= c->tail) {
            memmove(c->q, c->q + 2 * c->head, (c->tail - c->head) * 2 * sizeof *c->q);
            c->tail -= c->head;
            c->head = 0;
        }
    }
    *n_out = n;
    return LIION_OK;
}
