/* Spec results attached to plant objects: a registry of immutable records keyed by the plant's
 * (object kind, index), and the per-object and backward-closure queries the audit dossier
 * needs. The plant is used through its public API only (the plant never includes spec). */
#include "spec/spec_internal.h"

#include "core/hash.h"
#include "spec/spec_hook.h"

#include <liion/spec_plant.h>

#include <string.h>

#define MAGIC_REG 0x6c737267u /* "lsrg" */
#define MAGIC_SEL 0x6c73736cu /* "lssl" */
#define NO_REC SIZE_MAX

typedef struct reg_viol {
    uint64_t index;
    double value, limit;
    uint32_t param, unit, where; /* string ids */
    uint32_t severity, side;
} reg_viol;

typedef struct reg_rec {
    int64_t time;
    uint64_t checked, failed, warned, dropped;
    size_t viol_first, viol_count;
    size_t prev_same; /* previous record on the same object, NO_REC for none */
    uint32_t kind, index, version;
    uint32_t owner, param, unit; /* string ids */
} reg_rec;

typedef struct work_item {
    uint32_t lot, depth;
} work_item;

struct liion_spec_registry {
    uint32_t magic;
    liion_ctx *ctx;
    liion_plant *plant;
    liion__intern strs;
    reg_rec *recs;
    size_t nrec, rec_cap;
    reg_viol *viols;
    size_t nviol, viol_cap;
    liion__map64 last; /* object key -> its latest record */
    /* closure query scratch, kept for reuse */
    liion_trace *trace;
    liion__map64 seen;
    work_item *work;
    size_t nwork, work_cap;
    liion__spec_hook_fn hook; /* journal hook of a store's registry (lib/store), or NULL */
    void *hook_user;
};

typedef struct sel_row {
    size_t record;
    uint32_t depth;
} sel_row;

struct liion_spec_selection {
    uint32_t magic;
    liion_ctx *ctx;
    sel_row *rows;
    size_t n, cap, cursor;
};

static const char *const kind_names[] = {
    NULL, "equipment", "equipment class", "material class", "material definition",
    "lot", "process segment", "segment response", "person",
};

static uint64_t obj_key(uint32_t kind, uint32_t index)
{
    return ((uint64_t)kind << 32) | index;
}

static liion_status vec_reserve(liion_ctx *ctx, void **p, size_t *cap, size_t need, size_t elem)
{
    size_t cur_bytes, need_bytes, new_cap, new_bytes;
    void *np;
    if (need <= *cap)
        return LIION_OK;
    if (!liion__size_mul(*cap, elem, &cur_bytes) || !liion__size_mul(need, elem, &need_bytes))
        return liion__error(ctx, LIION_E_NOMEM, "out of memory: %zu elements overflow", need);
    new_bytes = liion__grow_cap(ctx, cur_bytes, need_bytes, 16 * elem);
    new_cap = new_bytes / elem;
    if (new_cap < need)
        new_cap = need;
    new_bytes = new_cap * elem;
    np = *p == NULL ? liion__alloc(ctx, new_bytes) : liion__realloc(ctx, *p, cur_bytes, new_bytes);
    if (np == NULL)
        return LIION_E_NOMEM;
    *p = np;
    *cap = new_cap;
    return LIION_OK;
}

static liion_status reg_enter(liion_spec_registry *reg)
{
    if (reg == NULL)
        return LIION_E_INVALID_ARG;
    if (reg->magic != MAGIC_REG)
        return LIION_E_MISUSE;
    return liion__ctx_enter(reg->ctx);
}

static liion_status sel_check(liion_spec_registry *reg, liion_spec_selection *sel)
{
    if (sel == NULL)
        return liion__error(reg->ctx, LIION_E_INVALID_ARG, "selection is NULL");
    if (sel->magic != MAGIC_SEL)
        return liion__error(reg->ctx, LIION_E_MISUSE, "selection is not a live selection");
    sel->n = 0;
    sel->cursor = 0;
    return LIION_OK;
}

/* The object must exist in the plant. */
static liion_status check_object(liion_spec_registry *reg, liion_object_kind kind, uint32_t index,
                                 const char *what)
{
    uint32_t k = (uint32_t)kind;
    uint32_t n;
    if (k < 1u || k >= sizeof kind_names / sizeof kind_names[0])
        return liion__error(reg->ctx, LIION_E_INVALID_ARG, "%s: unknown object kind %d", what,
                            (int)kind);
    n = liion_plant_count(reg->plant, kind);
    if (index >= n)
        return liion__error(reg->ctx, LIION_E_NOT_FOUND,
                            "%s: the plant has no %s with index %u (it has %u)", what,
                            kind_names[k], (unsigned)index, (unsigned)n);
    return LIION_OK;
}

static liion_status put_str(liion_spec_registry *reg, const char *s, uint32_t *id)
{
    liion_status st = liion__intern_put(&reg->strs, s, strlen(s), id, NULL);
    if (st == LIION_E_LIMIT)
        return liion__error(reg->ctx, st, "spec registry: too many distinct strings");
    if (st == LIION_E_NOMEM)
        return liion__error(reg->ctx, st, "out of memory storing a spec record string");
    return st;
}

static const char *str_of(const liion_spec_registry *reg, uint32_t id)
{
    const char *s = liion__intern_str(&reg->strs, id, NULL);
    return s != NULL ? s : "";
}

/* ---- registry ------------------------------------------------------------------------------ */

LIION_API liion_status liion_spec_registry_new(liion_spec_registry **out, liion_ctx *ctx,
                                               liion_plant *plant)
{
    liion_spec_registry *reg;
    liion_status st;
    if (out != NULL)
        *out = NULL;
    if ((st = liion__ctx_enter(ctx)) != LIION_OK)
        return st;
    if (out == NULL)
        return liion__error(ctx, LIION_E_INVALID_ARG, "out is NULL");
    if (plant == NULL)
        return liion__error(ctx, LIION_E_INVALID_ARG, "plant is NULL");
    reg = liion__calloc(ctx, 1, sizeof *reg);
    if (reg == NULL)
        return LIION_E_NOMEM;
    reg->ctx = ctx;
    reg->plant = plant;
    liion__intern_init(&reg->strs, ctx);
    liion__map64_init(&reg->last, ctx);
    liion__map64_init(&reg->seen, ctx);
    if ((st = liion_trace_new(&reg->trace, ctx)) != LIION_OK) {
        liion__free(ctx, reg, sizeof *reg);
        return st;
    }
    reg->magic = MAGIC_REG;
    *out = reg;
    return LIION_OK;
}

LIION_API void liion_spec_registry_free(liion_spec_registry *reg)
{
    liion_ctx *ctx;
    if (reg == NULL || reg->magic != MAGIC_REG)
        return;
    ctx = reg->ctx;
    liion__intern_free(&reg->strs);
    liion__map64_free(&reg->last);
    liion__map64_free(&reg->seen);
    liion_trace_free(reg->trace);
    liion__free(ctx, reg->recs, reg->rec_cap * sizeof *reg->recs);
    liion__free(ctx, reg->viols, reg->viol_cap * sizeof *reg->viols);
    liion__free(ctx, reg->work, reg->work_cap * sizeof *reg->work);
    reg->magic = LIION__MAGIC_DEAD;
    liion__free(ctx, reg, sizeof *reg);
}

static liion_status check_param(liion_ctx *ctx, const char *param)
{
    size_t len;
    if (param == NULL || param[0] == '\0')
        return liion__error(ctx, LIION_E_INVALID_ARG, "spec attach: the parameter is missing");
    for (len = 0; param[len] != '\0'; len++) {
        if (len >= LIION_SPEC_MAX_PARAM_BYTES)
            return liion__error(ctx, LIION_E_INVALID_ARG,
                                "spec attach: the parameter is longer than %u bytes",
                                (unsigned)LIION_SPEC_MAX_PARAM_BYTES);
        if ((unsigned char)param[len] < 0x20u)
            return liion__error(ctx, LIION_E_INVALID_ARG,
                                "spec attach: control character in the parameter at byte %zu",
                                len);
    }
    return LIION_OK;
}

LIION_API liion_status liion_spec_registry_attach(size_t *record_out, liion_spec_registry *reg,
                                                  liion_object_kind kind, uint32_t index,
                                                  liion_spec_result *result,
                                                  liion_spec_limits *limits, const char *param,
                                                  int64_t time)
{
    liion_status st;
    reg_rec rec;
    size_t nv, need, id;
    uint64_t key, prev;
    const char *owner = "", *unit = "";

    if (record_out != NULL)
        *record_out = NO_REC;
    if ((st = reg_enter(reg)) != LIION_OK)
        return st;
    if ((st = liion__spec_result_valid(result)) != LIION_OK)
        return liion__error(reg->ctx, st, "spec attach: result is %s",
                            result == NULL ? "NULL" : "not a live result");
    if (limits != NULL && (st = liion__spec_limits_valid(limits)) != LIION_OK)
        return liion__error(reg->ctx, st, "spec attach: limits is not a live limit set");
    if ((st = check_param(reg->ctx, param)) != LIION_OK)
        return st;
    if ((st = check_object(reg, kind, index, "spec attach")) != LIION_OK)
        return st;

    memset(&rec, 0, sizeof rec);
    if (limits != NULL) {
        size_t li;
        owner = liion_spec_limits_owner(limits);
        rec.version = liion_spec_limits_version(limits);
        if (liion_spec_limits_find(&li, limits, param) == LIION_OK) {
            liion_spec_limit_info info;
            memset(&info, 0, sizeof info);
            info.struct_size = (uint32_t)sizeof info;
            if (liion_spec_limits_get(&info, limits, li) == LIION_OK && info.unit != NULL)
                unit = info.unit;
        }
        (void)liion__ctx_enter(reg->ctx); /* the lookups may leave "not found" on a shared ctx */
    }
    nv = liion_spec_result_count(result);

    /* Room first; nothing is visible until every step has succeeded. */
    if (reg->nrec >= (size_t)UINT32_MAX - 1u)
        return liion__error(reg->ctx, LIION_E_LIMIT, "spec registry: too many records");
    if (!liion__size_add(reg->nviol, nv, &need))
        return liion__error(reg->ctx, LIION_E_NOMEM, "out of memory: violation count overflows");
    if ((st = vec_reserve(reg->ctx, (void **)&reg->recs, &reg->rec_cap, reg->nrec + 1,
                          sizeof *reg->recs)) != LIION_OK ||
        (st = vec_reserve(reg->ctx, (void **)&reg->viols, &reg->viol_cap, need,
                          sizeof *reg->viols)) != LIION_OK ||
        (st = liion__map64_reserve(&reg->last, liion__map64_count(&reg->last) + 1)) != LIION_OK)
        return st;
    if ((st = put_str(reg, owner, &rec.owner)) != LIION_OK ||
        (st = put_str(reg, param, &rec.param)) != LIION_OK ||
        (st = put_str(reg, unit, &rec.unit)) != LIION_OK)
        return st;
    for (size_t i = 0; i < nv; i++) {
        liion_spec_violation v;
        reg_viol *rv = &reg->viols[reg->nviol + i];
        memset(&v, 0, sizeof v);
        v.struct_size = (uint32_t)sizeof v;
        if ((st = liion_spec_result_violation(&v, result, i)) != LIION_OK)
            return liion__error(reg->ctx, st, "spec attach: cannot read violation %zu", i);
        rv->index = v.index;
        rv->value = v.value;
        rv->limit = v.limit;
        rv->severity = (uint32_t)v.severity;
        rv->side = (uint32_t)v.side;
        if ((st = put_str(reg, v.param ? v.param : "", &rv->param)) != LIION_OK ||
            (st = put_str(reg, v.unit ? v.unit : "", &rv->unit)) != LIION_OK ||
            (st = put_str(reg, v.where ? v.where : "", &rv->where)) != LIION_OK)
            return st;
    }

    key = obj_key((uint32_t)kind, index);
    id = reg->nrec;
    rec.prev_same = liion__map64_get(&reg->last, key, &prev) ? (size_t)prev : NO_REC;
    if ((st = liion__map64_put(&reg->last, key, (uint64_t)id)) != LIION_OK)
        return st; /* not reached after the reserve; the map is unchanged on failure */
    rec.time = time;
    rec.checked = liion_spec_result_checked(result);
    rec.failed = liion_spec_result_failed(result);
    rec.warned = liion_spec_result_warned(result);
    rec.dropped = liion_spec_result_dropped(result);
    rec.viol_first = reg->nviol;
    rec.viol_count = nv;
    rec.kind = (uint32_t)kind;
    rec.index = index;
    reg->recs[id] = rec;
    reg->nrec++;
    reg->nviol += nv;
    if (record_out != NULL)
        *record_out = id;
    (void)liion__ctx_enter(reg->ctx); /* reading the result touched a shared ctx: "no error" */
    return reg->hook != NULL ? reg->hook(reg->hook_user, reg, id) : LIION_OK;
}

void liion__spec_registry_set_hook(liion_spec_registry *reg, liion__spec_hook_fn fn, void *user)
{
    reg->hook = fn;
    reg->hook_user = user;
}

liion_status liion__spec_registry_restore(liion_spec_registry *reg, const liion__spec_rec_data *in,
                                          const liion__spec_viol_data *viols)
{
    liion_status st;
    reg_rec rec;
    size_t need, id;
    uint64_t key, prev;
    if ((st = check_param(reg->ctx, in->param)) != LIION_OK ||
        (st = check_object(reg, (liion_object_kind)in->kind, in->index, "spec restore")) !=
            LIION_OK)
        return st;
    for (size_t i = 0; i < in->nviol; i++)
        if (viols[i].severity < 1u || viols[i].severity > 2u || viols[i].side < 1u ||
            viols[i].side > 3u)
            return liion__error(reg->ctx, LIION_E_INVALID_ARG,
                                "spec restore: violation %zu has an unknown severity or side", i);
    if (reg->nrec >= (size_t)UINT32_MAX - 1u)
        return liion__error(reg->ctx, LIION_E_LIMIT, "spec registry: too many records");
    if (!liion__size_add(reg->nviol, in->nviol, &need))
        return liion__error(reg->ctx, LIION_E_NOMEM, "out of memory: violation count overflows");
    if ((st = vec_reserve(reg->ctx, (void **)&reg->recs, &reg->rec_cap, reg->nrec + 1,
                          sizeof *reg->recs)) != LIION_OK ||
        (st = vec_reserve(reg->ctx, (void **)&reg->viols, &reg->viol_cap, need,
                          sizeof *reg->viols)) != LIION_OK ||
        (st = liion__map64_reserve(&reg->last, liion__map64_count(&reg->last) + 1)) != LIION_OK)
        return st;
    memset(&rec, 0, sizeof rec);
    if ((st = put_str(reg, in->owner, &rec.owner)) != LIION_OK ||
        (st = put_str(reg, in->param, &rec.param)) != LIION_OK ||
        (st = put_str(reg, in->unit, &rec.unit)) != LIION_OK)
        return st;
    for (size_t i = 0; i < in->nviol; i++) {
        reg_viol *rv = &reg->viols[reg->nviol + i];
        rv->index = viols[i].index;
        rv->value = viols[i].value;
        rv->limit = viols[i].limit;
        rv->severity = viols[i].severity;
        rv->side = viols[i].side;
        if ((st = put_str(reg, viols[i].param, &rv->param)) != LIION_OK ||
            (st = put_str(reg, viols[i].unit, &rv->unit)) != LIION_OK ||
            (st = put_str(reg, viols[i].where, &rv->where)) != LIION_OK)
            return st;
    }
    key = obj_key(in->kind, in->index);
    id = reg->nrec;
    rec.prev_same = liion__map64_get(&reg->last, key, &prev) ? (size_t)prev : NO_REC;
    if ((st = liion__map64_put(&reg->last, key, (uint64_t)id)) != LIION_OK)
        return st;
    rec.time = in->time;
    rec.checked = in->checked;
    rec.failed = in->failed;
    rec.warned = in->warned;
    rec.dropped = in->dropped;
    rec.viol_first = reg->nviol;
    rec.viol_count = in->nviol;
    rec.kind = in->kind;
    rec.index = in->index;
    rec.version = in->version;
    reg->recs[id] = rec;
    reg->nrec++;
    reg->nviol += in->nviol;
    return LIION_OK;
}

LIION_API size_t liion_spec_registry_count(const liion_spec_registry *reg)
{
    return reg != NULL && reg->magic == MAGIC_REG ? reg->nrec : 0;
}

LIION_API liion_status liion_spec_registry_record(liion_spec_record_info *out,
                                                  liion_spec_registry *reg, size_t record)
{
    liion_spec_record_info info;
    const reg_rec *r;
    liion_status st = reg_enter(reg);
    if (st != LIION_OK)
        return st;
    if (out == NULL || out->struct_size < sizeof(uint32_t))
        return liion__error(reg->ctx, LIION_E_INVALID_ARG, "out is NULL or its struct_size is 0");
    if (record >= reg->nrec)
        return liion__error(reg->ctx, LIION_E_RANGE, "record %zu is past the %zu records",
                            record, reg->nrec);
    r = &reg->recs[record];
    memset(&info, 0, sizeof info);
    info.struct_size = out->struct_size;
    info.kind = (liion_object_kind)r->kind;
    info.index = r->index;
    info.limits_version = r->version;
    info.limits_owner = str_of(reg, r->owner);
    info.param = str_of(reg, r->param);
    info.unit = str_of(reg, r->unit);
    info.time = r->time;
    info.checked = r->checked;
    info.failed = r->failed;
    info.warned = r->warned;
    info.dropped = r->dropped;
    info.violations = (uint64_t)r->viol_count;
    memcpy(out, &info, out->struct_size < sizeof info ? out->struct_size : sizeof info);
    return LIION_OK;
}

LIION_API liion_status liion_spec_registry_violation(liion_spec_violation *out,
                                                     liion_spec_registry *reg, size_t record,
                                                     size_t i)
{
    liion_spec_violation v;
    const reg_viol *s;
    const reg_rec *r;
    liion_status st = reg_enter(reg);
    if (st != LIION_OK)
        return st;
    if (out == NULL || out->struct_size < sizeof(uint32_t))
        return liion__error(reg->ctx, LIION_E_INVALID_ARG, "out is NULL or its struct_size is 0");
    if (record >= reg->nrec)
        return liion__error(reg->ctx, LIION_E_RANGE, "record %zu is past the %zu records",
                            record, reg->nrec);
    r = &reg->recs[record];
    if (i >= r->viol_count)
        return liion__error(reg->ctx, LIION_E_RANGE,
                            "violation %zu is past the %zu stored in record %zu", i,
                            r->viol_count, record);
    s = &reg->viols[r->viol_first + i];
    memset(&v, 0, sizeof v);
    v.struct_size = out->struct_size;
    v.severity = (liion_spec_severity)s->severity;
    v.side = (liion_spec_side)s->side;
    v.index = s->index;
    v.value = s->value;
    v.limit = s->limit;
    v.param = str_of(reg, s->param);
    v.unit = str_of(reg, s->unit);
    v.where = str_of(reg, s->where);
    memcpy(out, &v, out->struct_size < sizeof v ? out->struct_size : sizeof v);
    return LIION_OK;
}

/* ---- queries ------------------------------------------------------------------------------- */

/* Append the records of one object, in attach order. */
static liion_status emit_object(liion_spec_registry *reg, liion_spec_selection *sel,
                                uint64_t key, uint32_t depth)
{
    uint64_t last;
    size_t first = sel->n, k = 0;
    liion_status st;
    if (!liion__map64_get(&reg->last, key, &last))
        return LIION_OK;
    for (size_t r = (size_t)last; r != NO_REC; r = reg->recs[r].prev_same)
        k++;
    if ((st = vec_reserve(reg->ctx, (void **)&sel->rows, &sel->cap, first + k,
                          sizeof *sel->rows)) != LIION_OK)
        return st;
    /* The chain runs newest first: fill the block from its end. */
    for (size_t r = (size_t)last, j = k; r != NO_REC; r = reg->recs[r].prev_same) {
        j--;
        sel->rows[first + j].record = r;
        sel->rows[first + j].depth = depth;
    }
    sel->n = first + k;
    return LIION_OK;
}

LIION_API liion_status liion_spec_registry_select_object(liion_spec_registry *reg,
                                                         liion_spec_selection *sel,
                                                         liion_object_kind kind,
                                                         uint32_t index)
{
    liion_status st = reg_enter(reg);
    if (st != LIION_OK)
        return st;
    if ((st = sel_check(reg, sel)) != LIION_OK ||
        (st = check_object(reg, kind, index, "spec records of an object")) != LIION_OK)
        return st;
    st = emit_object(reg, sel, obj_key((uint32_t)kind, index), 0);
    if (st != LIION_OK)
        sel->n = 0;
    return st;
}

/* Queue a lot of the closure once. */
static liion_status work_add(liion_spec_registry *reg, uint32_t lot, uint32_t depth)
{
    uint64_t key = obj_key((uint32_t)LIION_OBJ_LOT, lot);
    liion_status st;
    if (liion__map64_get(&reg->seen, key, NULL))
        return LIION_OK;
    if ((st = vec_reserve(reg->ctx, (void **)&reg->work, &reg->work_cap, reg->nwork + 1,
                          sizeof *reg->work)) != LIION_OK ||
        (st = liion__map64_put(&reg->seen, key, 1)) != LIION_OK)
        return st;
    reg->work[reg->nwork].lot = lot;
    reg->work[reg->nwork].depth = depth;
    reg->nwork++;
    return LIION_OK;
}

/* Queue `lot` and its whole ancestry over genealogy edges: one backward trace. */
static liion_status expand(liion_spec_registry *reg, uint32_t lot, uint32_t depth,
                           uint32_t max_depth)
{
    liion_status st;
    size_t rows;
    if ((st = work_add(reg, lot, depth)) != LIION_OK)
        return st;
    if (max_depth != 0 && depth >= max_depth)
        return LIION_OK;
    if ((st = liion_plant_trace_backward(reg->plant, reg->trace, lot,
                                         max_depth != 0 ? max_depth - depth : 0,
                                         LIION_FILTER_NONE, 0)) != LIION_OK)
        return st;
    rows = liion_trace_count(reg->trace);
    for (size_t j = 0; j < rows; j++)
        if ((st = work_add(reg, liion_trace_index(reg->trace, j),
                           depth + liion_trace_depth(reg->trace, j))) != LIION_OK)
            return st;
    return LIION_OK;
}

/* The closure: the lot and its ancestors (one trace), then for every lot reached its sublot
 * parent with that parent's ancestors (one more trace each, only for parents not yet seen). */
static liion_status closure(liion_spec_registry *reg, liion_spec_selection *sel, uint32_t lot,
                            uint32_t max_depth)
{
    liion_status st;
    liion__map64_clear(&reg->seen);
    reg->nwork = 0;
    if ((st = expand(reg, lot, 0, max_depth)) != LIION_OK)
        return st;
    for (size_t i = 0; i < reg->nwork; i++) {
        uint32_t v = reg->work[i].lot, d = reg->work[i].depth;
        uint32_t resp = liion_plant_lot_producer(reg->plant, v);
        uint32_t parent = liion_plant_lot_parent(reg->plant, v);
        if ((st = emit_object(reg, sel, obj_key((uint32_t)LIION_OBJ_LOT, v), d)) != LIION_OK)
            return st;
        if (resp != LIION_PLANT_NONE) {
            uint64_t key = obj_key((uint32_t)LIION_OBJ_RESPONSE, resp);
            if (!liion__map64_get(&reg->seen, key, NULL)) {
                if ((st = liion__map64_put(&reg->seen, key, 1)) != LIION_OK ||
                    (st = emit_object(reg, sel, key, d)) != LIION_OK)
                    return st;
            }
        }
        if (parent != LIION_PLANT_NONE && (max_depth == 0 || d < max_depth) &&
            !liion__map64_get(&reg->seen, obj_key((uint32_t)LIION_OBJ_LOT, parent), NULL) &&
            (st = expand(reg, parent, d + 1, max_depth)) != LIION_OK)
            return st;
    }
    return LIION_OK;
}

LIION_API liion_status liion_spec_registry_select_closure(liion_spec_registry *reg,
                                                          liion_spec_selection *sel,
                                                          uint32_t lot, uint32_t max_depth)
{
    liion_status st = reg_enter(reg);
    if (st != LIION_OK)
        return st;
    if ((st = sel_check(reg, sel)) != LIION_OK ||
        (st = check_object(reg, LIION_OBJ_LOT, lot, "spec records of a closure")) != LIION_OK)
        return st;
    st = closure(reg, sel, lot, max_depth);
    if (st != LIION_OK)
        sel->n = 0;
    return st;
}

/* ---- selections ---------------------------------------------------------------------------- */

LIION_API liion_status liion_spec_selection_new(liion_spec_selection **out, liion_ctx *ctx)
{
    liion_spec_selection *sel;
    liion_status st;
    if (out != NULL)
        *out = NULL;
    if ((st = liion__ctx_enter(ctx)) != LIION_OK)
        return st;
    if (out == NULL)
        return liion__error(ctx, LIION_E_INVALID_ARG, "out is NULL");
    sel = liion__calloc(ctx, 1, sizeof *sel);
    if (sel == NULL)
        return LIION_E_NOMEM;
    sel->ctx = ctx;
    sel->magic = MAGIC_SEL;
    *out = sel;
    return LIION_OK;
}

LIION_API void liion_spec_selection_free(liion_spec_selection *sel)
{
    if (sel == NULL || sel->magic != MAGIC_SEL)
        return;
    liion__free(sel->ctx, sel->rows, sel->cap * sizeof *sel->rows);
    sel->magic = LIION__MAGIC_DEAD;
    liion__free(sel->ctx, sel, sizeof *sel);
}

LIION_API size_t liion_spec_selection_count(const liion_spec_selection *sel)
{
    return sel != NULL && sel->magic == MAGIC_SEL ? sel->n : 0;
}

LIION_API size_t liion_spec_selection_record(const liion_spec_selection *sel, size_t i)
{
    if (sel == NULL || sel->magic != MAGIC_SEL || i >= sel->n)
        return SIZE_MAX;
    return sel->rows[i].record;
}

LIION_API uint32_t liion_spec_selection_depth(const liion_spec_selection *sel, size_t i)
{
    if (sel == NULL || sel->magic != MAGIC_SEL || i >= sel->n)
        return 0;
    return sel->rows[i].depth;
}

LIION_API int liion_spec_selection_next(liion_spec_selection *sel, size_t *record_out,
                                        uint32_t *depth_out)
{
    if (sel == NULL || sel->magic != MAGIC_SEL || sel->cursor >= sel->n)
        return 0;
    if (record_out != NULL)
        *record_out = sel->rows[sel->cursor].record;
    if (depth_out != NULL)
        *depth_out = sel->rows[sel->cursor].depth;
    sel->cursor++;
    return 1;
}

LIION_API void liion_spec_selection_rewind(liion_spec_selection *sel)
{
    if (sel != NULL && sel->magic == MAGIC_SEL)
        sel->cursor = 0;
}
