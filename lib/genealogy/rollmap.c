/* Roll map: piecewise-linear links between rolls (calendering, rewinding, splices and cuts,
 * slitting lanes) and the intervals cells used, with an interval index per roll (uses sorted
 * by start, plus the longest interval, so an overlap query is a binary search and a short
 * scan). */
#include "isa95/plant_int.h"

#include <math.h>
#include <string.h>

#define NONE LIION__NONE

void liion__roll_free(liion_plant *p)
{
    liion__free(p->ctx, p->links, p->links_cap * sizeof *p->links);
    liion__map64_free(&p->link_head);
    liion__free(p->ctx, p->ruses, p->ruses_cap * sizeof *p->ruses);
    liion__free(p->ctx, p->ruse_perm, p->ruse_perm_cap * sizeof *p->ruse_perm);
    liion__map64_free(&p->ruse_span);
    liion__free(p->ctx, p->spans, p->spans_cap * sizeof *p->spans);
}

LIION_API liion_status liion_plant_roll_link(liion_plant *plant, uint32_t from_roll,
                                             uint32_t to_roll, double md_start, double md_end,
                                             double cd_min, double cd_max, double out_start,
                                             double scale, uint32_t flags)
{
    uint64_t head = NONE;
    liion_status st = liion__plant_enter(plant);
    if (st != LIION_OK)
        return st;
    if ((st = liion__plant_check(plant, LIION_OBJ_LOT, from_roll, "roll link")) != LIION_OK ||
        (st = liion__plant_check(plant, LIION_OBJ_LOT, to_roll, "roll link")) != LIION_OK)
        return st;
    if (!isfinite(md_start) || !isfinite(md_end) || !(md_end > md_start))
        return liion__error(plant->ctx, LIION_E_INVALID_ARG,
                            "roll link: machine-direction range is empty or not finite");
    if (isnan(cd_min) || isnan(cd_max) || !(cd_max > cd_min))
        return liion__error(plant->ctx, LIION_E_INVALID_ARG,
                            "roll link: cross-direction range is empty or NaN");
    if (!isfinite(out_start) || !isfinite(scale) || !(scale > 0))
        return liion__error(plant->ctx, LIION_E_INVALID_ARG,
                            "roll link: output start must be finite and scale > 0");
    if ((flags & ~(uint32_t)(LIION_ROLL_REVERSED | LIION_ROLL_LANE)) != 0)
        return liion__error(plant->ctx, LIION_E_INVALID_ARG, "roll link: unknown flags 0x%x",
                            (unsigned)flags);
    if ((flags & LIION_ROLL_LANE) != 0 && !isfinite(cd_min))
        return liion__error(plant->ctx, LIION_E_INVALID_ARG,
                            "roll link: a lane needs a finite cd_min edge");
    if (plant->links_n >= NONE)
        return liion__error(plant->ctx, LIION_E_LIMIT, "too many roll links");
    if ((st = liion__vec_reserve(plant->ctx, (void **)&plant->links, &plant->links_cap,
                                 plant->links_n + 1, sizeof *plant->links)) != LIION_OK)
        return st;
    (void)liion__map64_get(&plant->link_head, from_roll, &head);
    if ((st = liion__map64_put(&plant->link_head, from_roll, plant->links_n)) != LIION_OK)
        return st;
    plant->links[plant->links_n++] = (liion__roll_link){
        md_start, md_end, cd_min, cd_max, out_start, scale, from_roll, to_roll, flags,
        (uint32_t)head,
    };
    {
        const liion__plant_op op = { .op = LIION__OP_ROLL_LINK,
                                     .u = { from_roll, to_roll, flags },
                                     .d = { md_start, md_end, cd_min, cd_max, out_start, scale } };
        return liion__plant_journal(plant, &op);
    }
}

LIION_API liion_status liion_plant_roll_use(liion_plant *plant, uint32_t roll, double md_start,
                                            double md_end, uint32_t cell, uint32_t sheet)
{
    liion_status st = liion__plant_enter(plant);
    if (st != LIION_OK)
        return st;
    if ((st = liion__plant_check(plant, LIION_OBJ_LOT, roll, "roll use")) != LIION_OK ||
        (st = liion__plant_check(plant, LIION_OBJ_LOT, cell, "roll use cell")) != LIION_OK)
        return st;
    if (!isfinite(md_start) || !isfinite(md_end) || !(md_end > md_start))
        return liion__error(plant->ctx, LIION_E_INVALID_ARG,
                            "roll use: interval is empty or not finite");
    if (plant->ruses_n >= NONE)
        return liion__error(plant->ctx, LIION_E_LIMIT, "too many roll uses");
    if ((st = liion__vec_reserve(plant->ctx, (void **)&plant->ruses, &plant->ruses_cap,
                                 plant->ruses_n + 1, sizeof *plant->ruses)) != LIION_OK)
        return st;
    plant->ruses[plant->ruses_n++] = (liion__roll_use){ md_start, md_end, roll, cell, sheet, 0 };
    {
        const liion__plant_op op = { .op = LIION__OP_ROLL_USE, .u = { roll, cell, sheet },
                                     .d = { md_start, md_end } };
        return liion__plant_journal(plant, &op);
    }
}

static int ruse_cmp(const void *user, uint32_t a, uint32_t b)
{
    const liion__roll_use *u = user;
    if (u[a].roll != u[b].roll)
        return u[a].roll < u[b].roll ? -1 : 1;
    if (u[a].s != u[b].s)
        return u[a].s < u[b].s ? -1 : 1;
    return a < b ? -1 : a > b;
}

static liion_status index_build(liion_plant *p)
{
    liion_status st;
    size_t n = p->ruses_n;
    if (p->ruse_sorted == n && p->spans_ok)
        return LIION_OK;
    p->spans_ok = false;
    if ((st = liion__vec_reserve(p->ctx, (void **)&p->ruse_perm, &p->ruse_perm_cap, n,
                                 sizeof *p->ruse_perm)) != LIION_OK)
        return st;
    for (size_t i = p->ruse_sorted; i < n; i++)
        p->ruse_perm[i] = (uint32_t)i;
    if ((st = liion__sort_u32_merge(p->ctx, p->ruse_perm, n, p->ruse_sorted, ruse_cmp,
                                    p->ruses)) != LIION_OK) {
        p->ruse_sorted = 0;
        return st;
    }
    p->ruse_sorted = n; /* the permutation is sorted even if the spans below fail */
    liion__map64_clear(&p->ruse_span);
    p->spans_n = 0;
    for (size_t i = 0; i < n;) {
        uint32_t roll = p->ruses[p->ruse_perm[i]].roll;
        size_t j = i;
        double ml = 0;
        while (j < n && p->ruses[p->ruse_perm[j]].roll == roll) {
            const liion__roll_use *u = &p->ruses[p->ruse_perm[j]];
            if (u->e - u->s > ml)
                ml = u->e - u->s;
            j++;
        }
        if ((st = liion__vec_reserve(p->ctx, (void **)&p->spans, &p->spans_cap, p->spans_n + 1,
                                     sizeof *p->spans)) != LIION_OK ||
            (st = liion__map64_put(&p->ruse_span, roll, p->spans_n)) != LIION_OK)
            return st;
        p->spans[p->spans_n++] = (liion__roll_span){ i, j - i, ml };
        i = j;
    }
    p->spans_ok = true;
    return LIION_OK;
}

/* First position in the span whose start is >= x. */
static size_t span_lower(const liion_plant *p, const liion__roll_span *sp, double x)
{
    size_t lo = 0, hi = sp->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->ruses[p->ruse_perm[sp->first + mid]].s < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static bool block_has(const liion_trace *t, size_t from, uint32_t cell)
{
    for (size_t i = from; i < t->n; i++)
        if (t->rows[i].index == cell)
            return true;
    return false;
}

/* Rows for the uses of one roll: overlapping [lo, hi], or (n_side != NONE) the hit cells of
 * the point lo plus n_side distinct cells either side. */
static liion_status roll_hits(liion_plant *p, liion_trace *t, uint32_t roll, double lo,
                              double hi, uint32_t n_side)
{
    uint64_t si;
    const liion__roll_span *sp;
    size_t k, first_hit = SIZE_MAX, last_hit = 0, block = t->n;
    liion_status st;
    if (!liion__map64_get(&p->ruse_span, roll, &si))
        return LIION_OK;
    sp = &p->spans[si];
    k = span_lower(p, sp, lo - sp->max_len);
    for (; k < sp->count; k++) {
        const liion__roll_use *u = &p->ruses[p->ruse_perm[sp->first + k]];
        if (u->s > hi)
            break;
        if (u->e <= lo)
            continue;
        if (first_hit == SIZE_MAX)
            first_hit = k;
        last_hit = k;
        if (n_side != NONE && block_has(t, block, u->cell))
            continue;
        if ((st = liion__trace_push(t, u->cell, u->sheet, u->s)) != LIION_OK)
            return st;
    }
    if (n_side == NONE || sp->count == 0)
        return LIION_OK;
    if (first_hit == SIZE_MAX) { /* no interval covers the point: take the nearest */
        size_t j = span_lower(p, sp, lo);
        double dr = j < sp->count ? p->ruses[p->ruse_perm[sp->first + j]].s - lo : INFINITY;
        double dl = j > 0 ? lo - p->ruses[p->ruse_perm[sp->first + j - 1]].e : INFINITY;
        first_hit = last_hit = (dl <= dr && j > 0) ? j - 1 : j;
        const liion__roll_use *u = &p->ruses[p->ruse_perm[sp->first + first_hit]];
        if ((st = liion__trace_push(t, u->cell, u->sheet, u->s)) != LIION_OK)
            return st;
    }
    for (int side = 0; side < 2; side++) {
        uint32_t got = 0;
        size_t j = side == 0 ? first_hit : last_hit;
        while (got < n_side) {
            if (side == 0) {
                if (j == 0)
                    break;
                j--;
            } else {
                if (j + 1 >= sp->count)
                    break;
                j++;
            }
            const liion__roll_use *u = &p->ruses[p->ruse_perm[sp->first + j]];
            if (block_has(t, block, u->cell))
                continue;
            if ((st = liion__trace_push(t, u->cell, u->sheet, u->s)) != LIION_OK)
                return st;
            got++;
        }
    }
    liion__sort_rows_score(t->rows + block, t->n - block);
    return LIION_OK;
}

static liion_status visit(liion_plant *p, liion_trace *t, uint32_t roll, double lo, double hi,
                          double cd, uint32_t n_side, uint64_t depth)
{
    uint64_t head;
    liion_status st;
    if (depth > p->ctx->max_depth)
        return liion__error(p->ctx, LIION_E_LIMIT,
                            "roll links nest deeper than the context's max depth (%llu): a "
                            "loop of roll links?",
                            (unsigned long long)p->ctx->max_depth);
    if ((st = roll_hits(p, t, roll, lo, hi, n_side)) != LIION_OK)
        return st;
    if (!liion__map64_get(&p->link_head, roll, &head))
        return LIION_OK;
    for (uint32_t li = (uint32_t)head; li != NONE; li = p->links[li].next) {
        const liion__roll_link *l = &p->links[li];
        double a, b, oa, ob;
        if (cd < l->cd0 || cd >= l->cd1)
            continue;
        a = lo > l->md0 ? lo : l->md0;
        b = hi < l->md1 ? hi : l->md1;
        if (a >= l->md1 || b < l->md0 || a > b)
            continue;
        if (l->flags & LIION_ROLL_REVERSED) {
            oa = l->out0 + (l->md1 - b) * l->scale;
            ob = l->out0 + (l->md1 - a) * l->scale;
        } else {
            oa = l->out0 + (a - l->md0) * l->scale;
            ob = l->out0 + (b - l->md0) * l->scale;
        }
        if ((st = visit(p, t, l->to, oa, ob, (l->flags & LIION_ROLL_LANE) ? cd - l->cd0 : cd,
                        n_side, depth + 1)) != LIION_OK)
            return st;
    }
    return LIION_OK;
}

static liion_status roll_query(liion_plant *plant, liion_trace *trace, uint32_t roll, double md,
                               double tol, double cd, uint32_t n_side)
{
    liion_status st = liion__plant_enter(plant);
    if (st != LIION_OK)
        return st;
    if ((st = liion__trace_prepare(plant, trace)) != LIION_OK)
        return st;
    if ((st = liion__plant_check(plant, LIION_OBJ_LOT, roll, "roll defect")) != LIION_OK)
        return st;
    if (!isfinite(md) || !isfinite(tol) || tol < 0 || isnan(cd))
        return liion__error(plant->ctx, LIION_E_INVALID_ARG,
                            "roll defect: position and tolerance must be finite, tol >= 0");
    if ((st = index_build(plant)) != LIION_OK)
        return st;
    return visit(plant, trace, roll, md - tol, md + tol, cd, n_side, 0);
}

LIION_API liion_status liion_plant_roll_defect(liion_plant *plant, liion_trace *trace,
                                               uint32_t roll, double md, double tol, double cd)
{
    return roll_query(plant, trace, roll, md, tol, cd, NONE);
}

LIION_API liion_status liion_plant_roll_neighbours(liion_plant *plant, liion_trace *trace,
                                                   uint32_t roll, double md, double cd,
                                                   uint32_t n)
{
    if (n == NONE)
        n = NONE - 1;
    return roll_query(plant, trace, roll, md, 0.0, cd, n);
}
