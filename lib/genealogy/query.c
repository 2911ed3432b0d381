/* Genealogy queries over a liion_plant: traces, common cause, equipment windows, quarantine,
 * first and last cell. */
#include "isa95/plant_int.h"

#include <stdlib.h>
#include <string.h>

#define NONE LIION__NONE

static liion_status enter2(liion_plant *plant, liion_trace *trace)
{
    liion_status st = liion__plant_enter(plant);
    if (st != LIION_OK)
        return st;
    return liion__trace_prepare(plant, trace);
}

LIION_API liion_status liion_plant_trace_backward(liion_plant *plant, liion_trace *trace,
                                                  uint32_t lot, uint32_t max_depth,
                                                  liion_trace_filter filter,
                                                  uint32_t filter_index)
{
    size_t n, k = 0;
    long r;
    const uint32_t *q;
    liion__row *rows;
    liion_status st = enter2(plant, trace);
    if (st != LIION_OK)
        return st;
    if ((st = liion__plant_check(plant, LIION_OBJ_LOT, lot, "backward trace")) != LIION_OK)
        return st;
    if (filter == LIION_FILTER_MATERIAL_CLASS)
        st = liion__plant_check(plant, LIION_OBJ_MATERIAL_CLASS, filter_index, "trace filter");
    else if (filter == LIION_FILTER_SEGMENT)
        st = liion__plant_check(plant, LIION_OBJ_SEGMENT, filter_index, "trace filter");
    else if (filter != LIION_FILTER_NONE)
        st = liion__error(plant->ctx, LIION_E_INVALID_ARG, "unknown trace filter %d",
                          (int)filter);
    if (st != LIION_OK)
        return st;
    if (trace->cap < LIION__GEN_SMALL / 2 &&
        (st = liion__vec_reserve(trace->ctx, (void **)&trace->rows, &trace->cap,
                                 LIION__GEN_SMALL / 2, sizeof *trace->rows)) != LIION_OK)
        return st;
    /* Fast path: closures of up to 64 lots, straight into the rows, nothing allocated. */
    r = liion__gen_back_rows(&plant->gen, lot, max_depth, trace->rows);
    if (r >= 0) {
        n = (size_t)r;
    } else {
        if ((st = liion__gen_bfs(&plant->gen, lot, false, max_depth, &n)) != LIION_OK)
            return st;
        if (trace->cap < n &&
            (st = liion__vec_reserve(trace->ctx, (void **)&trace->rows, &trace->cap, n,
                                     sizeof *trace->rows)) != LIION_OK)
            return st;
        q = plant->gen.queue;
        for (size_t i = 0; i < n; i++) {
            trace->rows[i].index = q[2 * i];
            trace->rows[i].depth = q[2 * i + 1];
            trace->rows[i].score = 0.0;
        }
    }
    rows = trace->rows;
    if (filter == LIION_FILTER_NONE) {
        trace->n = n;
        return LIION_OK;
    }
    for (size_t i = 0; i < n; i++) {
        uint32_t v = rows[i].index;
        if (filter == LIION_FILTER_MATERIAL_CLASS) {
            uint32_t d = plant->lots[v].def;
            if (d == NONE || plant->def_class[d] != filter_index)
                continue;
        } else if (filter == LIION_FILTER_SEGMENT) {
            uint32_t p = plant->lots[v].producer;
            if (p == NONE || plant->resps[p].segment != filter_index)
                continue;
        }
        rows[k].index = v;
        rows[k].depth = rows[i].depth;
        rows[k].score = 0.0;
        k++;
    }
    trace->n = k;
    return LIION_OK;
}

LIION_API liion_status liion_plant_trace_forward(liion_plant *plant, liion_trace *trace,
                                                 uint32_t lot, uint32_t max_depth,
                                                 uint32_t flags)
{
    size_t n;
    const uint32_t *q;
    bool term = (flags & LIION_TRACE_TERMINAL_ONLY) != 0;
    liion_status st = enter2(plant, trace);
    if (st != LIION_OK)
        return st;
    if ((st = liion__plant_check(plant, LIION_OBJ_LOT, lot, "forward trace")) != LIION_OK)
        return st;
    if ((flags & ~(uint32_t)LIION_TRACE_TERMINAL_ONLY) != 0)
        return liion__error(plant->ctx, LIION_E_INVALID_ARG, "unknown trace flags 0x%x",
                            (unsigned)flags);
    if ((st = liion__gen_bfs(&plant->gen, lot, true, max_depth, &n)) != LIION_OK)
        return st;
    if (trace->cap < n && (st = liion__vec_reserve(trace->ctx, (void **)&trace->rows,
                                                   &trace->cap, n, sizeof *trace->rows)) !=
                              LIION_OK)
        return st;
    q = plant->gen.queue;
    for (size_t i = 0; i < n; i++) {
        uint32_t v = q[2 * i];
        if (term && !liion__gen_is_terminal(&plant->gen, v))
            continue;
        trace->rows[trace->n].index = v;
        trace->rows[trace->n].depth = q[2 * i + 1];
        trace->rows[trace->n].score = 0.0;
        trace->n++;
    }
    return liion__trace_sort_index(trace);
}

static liion_status check_cells(liion_plant *plant, const uint32_t *cells, size_t n_cells)
{
    if (cells == NULL || n_cells == 0)
        return liion__error(plant->ctx, LIION_E_INVALID_ARG, "no cells given");
    for (size_t i = 0; i < n_cells; i++) {
        liion_status st = liion__plant_check(plant, LIION_OBJ_LOT, cells[i], "failed cell");
        if (st != LIION_OK)
            return st;
    }
    return LIION_OK;
}

static liion_status scratch_reserve(liion_plant *plant, size_t n)
{
    return liion__vec_reserve(plant->ctx, (void **)&plant->scratch, &plant->scratch_cap, n,
                              sizeof *plant->scratch);
}

/* Number of terminal lots reachable from v (v itself if terminal). */
static liion_status terminal_reach(liion_plant *plant, uint32_t v, uint64_t *out)
{
    size_t n;
    uint64_t c = 0;
    liion_status st = liion__gen_bfs(&plant->gen, v, true, 0, &n);
    if (st != LIION_OK)
        return st;
    for (size_t i = 0; i < n; i++)
        if (liion__gen_is_terminal(&plant->gen, plant->gen.queue[2 * i]))
            c++;
    if (n == 0 && liion__gen_is_terminal(&plant->gen, v))
        c = 1;
    *out = c;
    return LIION_OK;
}

LIION_API liion_status liion_plant_common_cause(liion_plant *plant, liion_trace *trace,
                                                const uint32_t *cells, size_t n_cells)
{
    size_t n, n_cand;
    liion_status st = enter2(plant, trace);
    if (st != LIION_OK)
        return st;
    if ((st = check_cells(plant, cells, n_cells)) != LIION_OK)
        return st;
    if ((st = liion__gen_bfs(&plant->gen, cells[0], false, 0, &n)) != LIION_OK)
        return st;
    if ((st = scratch_reserve(plant, n + 1)) != LIION_OK)
        return st;
    for (size_t i = 0; i < n; i++)
        plant->scratch[i] = plant->gen.queue[2 * i];
    n_cand = n;
    for (size_t c = 1; c < n_cells && n_cand > 0; c++) {
        size_t k = 0;
        if ((st = liion__gen_bfs(&plant->gen, cells[c], false, 0, &n)) != LIION_OK)
            return st;
        plant->gen.mark[cells[c]] = 0; /* the cell itself is not its own ancestor */
        for (size_t i = 0; i < n_cand; i++)
            if (plant->gen.mark[plant->scratch[i]] == plant->gen.epoch)
                plant->scratch[k++] = plant->scratch[i];
        n_cand = k;
    }
    for (size_t i = 0; i < n_cand; i++) {
        uint64_t reach;
        if ((st = terminal_reach(plant, plant->scratch[i], &reach)) != LIION_OK)
            return st;
        if ((st = liion__trace_push(trace, plant->scratch[i], 0, (double)reach)) != LIION_OK)
            return st;
    }
    liion__sort_rows_score(trace->rows, trace->n);
    return LIION_OK;
}

LIION_API liion_status liion_plant_common_equipment(liion_plant *plant, liion_trace *trace,
                                                    const uint32_t *cells, size_t n_cells)
{
    uint32_t n_eq;
    uint32_t *count, *stamp;
    liion_status st = enter2(plant, trace);
    if (st != LIION_OK)
        return st;
    if ((st = check_cells(plant, cells, n_cells)) != LIION_OK)
        return st;
    n_eq = liion__intern_count(&plant->ids[LIION_OBJ_EQUIPMENT]);
    if (n_eq == 0)
        return LIION_OK;
    if ((st = scratch_reserve(plant, 2 * (size_t)n_eq)) != LIION_OK)
        return st;
    count = plant->scratch;
    stamp = plant->scratch + n_eq;
    memset(plant->scratch, 0, 2 * (size_t)n_eq * sizeof *plant->scratch);
    for (size_t c = 0; c < n_cells; c++) {
        size_t n;
        uint32_t tag = (uint32_t)c + 1;
        if ((st = liion__gen_bfs(&plant->gen, cells[c], false, 0, &n)) != LIION_OK)
            return st;
        for (size_t i = 0; i <= n; i++) {
            uint32_t v = i == n ? cells[c] : plant->gen.queue[2 * i];
            uint64_t u;
            if (!liion__map64_get(&plant->use_by_lot, v, &u))
                continue;
            for (uint32_t r = (uint32_t)u; r != NONE; r = plant->uses[r].next_lot) {
                uint32_t e = plant->uses[r].eq;
                if (stamp[e] != tag) {
                    stamp[e] = tag;
                    count[e]++;
                }
            }
        }
    }
    for (uint32_t e = 0; e < n_eq; e++)
        if (count[e] == n_cells &&
            (st = liion__trace_push(trace, e, 0, (double)plant->eqs[e].n_uses)) != LIION_OK)
            return st;
    liion__sort_rows_score(trace->rows, trace->n);
    return LIION_OK;
}

static int use_cmp(const void *user, uint32_t a, uint32_t b)
{
    const liion__use *u = user;
    if (u[a].eq != u[b].eq)
        return u[a].eq < u[b].eq ? -1 : 1;
    if (u[a].t0 != u[b].t0)
        return u[a].t0 < u[b].t0 ? -1 : 1;
    return a < b ? -1 : a > b;
}

/* Bring the (equipment, start) index of use records up to date. */
static liion_status use_index(liion_plant *plant)
{
    liion_status st;
    if (plant->use_sorted != plant->uses_n) {
        if ((st = liion__vec_reserve(plant->ctx, (void **)&plant->use_perm,
                                     &plant->use_perm_cap, plant->uses_n,
                                     sizeof *plant->use_perm)) != LIION_OK)
            return st;
        /* new records are appended to the sorted permutation and merged in */
        for (size_t i = plant->use_sorted; i < plant->uses_n; i++)
            plant->use_perm[i] = (uint32_t)i;
        if ((st = liion__sort_u32_merge(plant->ctx, plant->use_perm, plant->uses_n,
                                        plant->use_sorted, use_cmp, plant->uses)) != LIION_OK) {
            plant->use_sorted = 0; /* the permutation is intact but unordered: redo it all */
            return st;
        }
        plant->use_sorted = plant->uses_n;
    }
    return LIION_OK;
}

/* First position in the index of a record of `equipment` that may overlap [t0, ...]. */
static size_t use_lower(const liion_plant *plant, uint32_t equipment, int64_t t0)
{
    const liion__use *u = plant->uses;
    size_t lo = 0, hi = plant->uses_n;
    int64_t from;
    /* Records start no earlier than t0 - the longest record on this equipment. */
    /* (max_dur INT64_MAX means "clamped": any start may overlap) */
    if (plant->eqs[equipment].max_dur == INT64_MAX ||
        t0 < INT64_MIN + plant->eqs[equipment].max_dur)
        from = INT64_MIN;
    else
        from = t0 - plant->eqs[equipment].max_dur;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const liion__use *m = &u[plant->use_perm[mid]];
        if (m->eq < equipment || (m->eq == equipment && m->t0 < from))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

LIION_API liion_status liion_plant_equipment_window(liion_plant *plant, liion_trace *trace,
                                                    uint32_t equipment, int64_t t0, int64_t t1)
{
    size_t lo;
    const liion__use *u;
    liion_status st = enter2(plant, trace);
    if (st != LIION_OK)
        return st;
    if ((st = liion__plant_check(plant, LIION_OBJ_EQUIPMENT, equipment, "equipment window")) !=
        LIION_OK)
        return st;
    if (t1 < t0)
        return liion__error(plant->ctx, LIION_E_INVALID_ARG, "window ends before it starts");
    if ((st = use_index(plant)) != LIION_OK)
        return st;
    u = plant->uses;
    for (lo = use_lower(plant, equipment, t0); lo < plant->uses_n; lo++) {
        const liion__use *m = &u[plant->use_perm[lo]];
        if (m->eq != equipment || m->t0 > t1)
            break;
        if (m->t1 >= t0 && (st = liion__trace_push(trace, m->lot, 0, (double)m->t0)) != LIION_OK)
            return st;
    }
    return LIION_OK;
}

LIION_API liion_status liion_plant_quarantine(uint64_t *count_out, liion_plant *plant,
                                              uint32_t lot)
{
    size_t n;
    liion_status st = liion__plant_enter(plant);
    if (count_out != NULL)
        *count_out = 0;
    if (st != LIION_OK)
        return st;
    if ((st = liion__plant_check(plant, LIION_OBJ_LOT, lot, "quarantine")) != LIION_OK)
        return st;
    if ((st = liion__gen_bfs(&plant->gen, lot, true, 0, &n)) != LIION_OK)
        return st;
    (void)liion__plant_set_disposition(plant, lot, LIION_DISP_RESTRICTED);
    for (size_t i = 0; i < n; i++)
        (void)liion__plant_set_disposition(plant, plant->gen.queue[2 * i],
                                           LIION_DISP_RESTRICTED);
    if (count_out != NULL)
        *count_out = (uint64_t)n + 1;
    return LIION_OK;
}

LIION_API liion_status liion_plant_first_last_cell(uint32_t *first_out, uint32_t *last_out,
                                                   liion_plant *plant, uint32_t lot)
{
    size_t n;
    uint32_t first = NONE, last = NONE;
    int64_t tf = 0, tl = 0;
    liion_status st = liion__plant_enter(plant);
    if (first_out != NULL)
        *first_out = NONE;
    if (last_out != NULL)
        *last_out = NONE;
    if (st != LIION_OK)
        return st;
    if ((st = liion__plant_check(plant, LIION_OBJ_LOT, lot, "first/last cell")) != LIION_OK)
        return st;
    if ((st = liion__gen_bfs(&plant->gen, lot, true, 0, &n)) != LIION_OK)
        return st;
    for (size_t i = 0; i < n; i++) {
        uint32_t v = plant->gen.queue[2 * i], r = plant->lots[v].producer;
        int64_t t;
        if (r == NONE || !liion__gen_is_terminal(&plant->gen, v))
            continue;
        t = plant->resps[r].end;
        if (first == NONE || t < tf || (t == tf && v < first)) {
            first = v;
            tf = t;
        }
        if (last == NONE || t > tl || (t == tl && v < last)) {
            last = v;
            tl = t;
        }
    }
    if (first == NONE)
        return liion__error(plant->ctx, LIION_E_NOT_FOUND,
                            "no produced cell was made from lot '%s'",
                            liion_plant_id(plant, LIION_OBJ_LOT, lot));
    if (first_out != NULL)
        *first_out = first;
    if (last_out != NULL)
        *last_out = last;
    return LIION_OK;
}

/* ---- common equipment with overlapping use windows ------------------------------------- */

static int64_t sat_add(int64_t a, int64_t b) /* b >= 0 */
{
    return a > INT64_MAX - b ? INT64_MAX : a + b;
}

static int64_t sat_sub(int64_t a, int64_t b) /* b >= 0 */
{
    return a < INT64_MIN + b ? INT64_MIN : a - b;
}

static int ev_cmp(const void *pa, const void *pb)
{
    const liion__ceq_ev *a = pa, *b = pb;
    if (a->eq != b->eq)
        return a->eq < b->eq ? -1 : 1;
    if (a->t != b->t)
        return a->t < b->t ? -1 : 1;
    if (a->end != b->end) /* closed windows: a start before an end at the same time */
        return a->end < b->end ? -1 : 1;
    return a->ci < b->ci ? -1 : a->ci > b->ci;
}

LIION_API liion_status liion_plant_common_equipment_overlap(liion_plant *plant,
                                                            liion_trace *trace,
                                                            const uint32_t *cells,
                                                            size_t n_cells, int64_t tolerance)
{
    size_t n_ev = 0;
    uint32_t *cnt;
    liion_status st = enter2(plant, trace);
    if (st != LIION_OK)
        return st;
    if ((st = check_cells(plant, cells, n_cells)) != LIION_OK)
        return st;
    if (tolerance < 0)
        return liion__error(plant->ctx, LIION_E_INVALID_ARG, "tolerance is negative");
    if (n_cells > UINT32_MAX)
        return liion__error(plant->ctx, LIION_E_INVALID_ARG, "too many cells");
    /* 1. the widened use windows of every cell's closure, as start and end events */
    for (size_t c = 0; c < n_cells; c++) {
        size_t n;
        if ((st = liion__gen_bfs(&plant->gen, cells[c], false, 0, &n)) != LIION_OK)
            return st;
        for (size_t i = 0; i <= n; i++) {
            uint32_t v = i == n ? cells[c] : plant->gen.queue[2 * i];
            uint64_t head;
            if (!liion__map64_get(&plant->use_by_lot, v, &head))
                continue;
            for (uint32_t r = (uint32_t)head; r != NONE; r = plant->uses[r].next_lot) {
                const liion__use *u = &plant->uses[r];
                if ((st = liion__vec_reserve(plant->ctx, (void **)&plant->ceq, &plant->ceq_cap,
                                             n_ev + 2, sizeof *plant->ceq)) != LIION_OK)
                    return st;
                plant->ceq[n_ev++] = (liion__ceq_ev){ sat_sub(u->t0, tolerance), u->eq,
                                                      (uint32_t)c, 0, 0 };
                plant->ceq[n_ev++] = (liion__ceq_ev){ sat_add(u->t1, tolerance), u->eq,
                                                      (uint32_t)c, 1, 0 };
            }
        }
    }
    if (n_ev == 0)
        return LIION_OK;
    if ((st = scratch_reserve(plant, n_cells)) != LIION_OK || (st = use_index(plant)) != LIION_OK)
        return st;
    cnt = plant->scratch;
    memset(cnt, 0, n_cells * sizeof *cnt);
    qsort(plant->ceq, n_ev, sizeof *plant->ceq, ev_cmp);
    /* 2. per equipment, sweep for a moment every cell is covered */
    for (size_t g = 0; g < n_ev;) {
        uint32_t eq = plant->ceq[g].eq;
        size_t h = g, covered = 0;
        bool found = false, closed = false;
        int64_t a = 0, b = 0;
        while (h < n_ev && plant->ceq[h].eq == eq)
            h++;
        for (size_t i = g; i < h; i++) {
            const liion__ceq_ev *e = &plant->ceq[i];
            if (e->end == 0) {
                if (cnt[e->ci]++ == 0 && ++covered == n_cells && !found) {
                    found = true;
                    a = e->t;
                }
            } else {
                if (--cnt[e->ci] == 0) {
                    if (covered == n_cells && found && !closed) {
                        b = e->t;
                        closed = true;
                    }
                    covered--;
                }
            }
        }
        if (found) {
            /* score: records on eq overlapping the (unwidened) common window */
            uint64_t k = 0;
            int64_t lo_t = sat_add(a, tolerance), hi_t = sat_sub(b, tolerance);
            if (hi_t < lo_t) { /* the overlap was only within the tolerance */
                int64_t m = lo_t;
                lo_t = hi_t;
                hi_t = m;
            }
            for (size_t p = use_lower(plant, eq, lo_t); p < plant->uses_n; p++) {
                const liion__use *u = &plant->uses[plant->use_perm[p]];
                if (u->eq != eq || u->t0 > hi_t)
                    break;
                if (u->t1 >= lo_t)
                    k++;
            }
            if ((st = liion__trace_push(trace, eq, 0, (double)k)) != LIION_OK)
                return st;
        }
        for (size_t i = g; i < h; i++) /* every start has its end: cnt is back to 0 */
            cnt[plant->ceq[i].ci] = 0;
        g = h;
    }
    liion__sort_rows_score(trace->rows, trace->n);
    return LIION_OK;
}
