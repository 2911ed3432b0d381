/* Parameter catalogue, versioned limit sets, results and the array / value checks. */
#include "spec/spec_internal.h"

#include <string.h>

#define MAGIC_LIMITS 0x6c736c6du /* "lslm" */
#define MAGIC_RESULT 0x6c737273u /* "lsrs" */

/* ---- catalogue ------------------------------------------------------------------------------- */

static const struct {
    const char *name;
    const char *unit;
} catalogue[] = {
    { NULL, NULL },
    { "wet_film_thickness", "4H" },
    { "cu_foil_thickness", "4H" },
    { "al_foil_thickness", "4H" },
    { "dry_room_dew_point", "CEL" },
    { "stack_align_x", "MMT" },
    { "stack_align_y", "MMT" },
    { "stack_align_rotation", "DD" },
    { "stack_overhang", "MMT" },
    { "electrode_length", "MMT" },
    { "areal_loading", "GM2" },
    { "calender_density", "23" },
    { "porosity", "P1" },
    { "transfer_pressure_differential", "PAL" },
    { "transfer_dwell_time", "SEC" },
    { "gripper_vacuum", "KPA" },
    { "moisture_ppmv", "59" },
};
#define CATALOGUE_N (sizeof catalogue / sizeof catalogue[0])

const char *liion_spec_param_name(liion_spec_param param)
{
    if ((int)param <= 0 || (size_t)param >= CATALOGUE_N)
        return NULL;
    return catalogue[param].name;
}

const char *liion_spec_param_unit(liion_spec_param param)
{
    if ((int)param <= 0 || (size_t)param >= CATALOGUE_N)
        return NULL;
    return catalogue[param].unit;
}

/* ---- limit sets ------------------------------------------------------------------------------- */

typedef struct spec_limit {
    char *param;
    size_t param_len;
    char unit[4];
    liion_spec_kind kind;
    double a, b, lo, hi, adv_lo, adv_hi;
} spec_limit;

struct liion_spec_limits {
    uint32_t magic;
    uint32_t version;
    liion_ctx *ctx;
    char *owner;
    size_t owner_len;
    spec_limit *items;
    size_t count, cap;
};

static liion_status limits_enter(liion_spec_limits *l)
{
    liion_status st;
    if (!l)
        return LIION_E_INVALID_ARG;
    if (l->magic != MAGIC_LIMITS)
        return LIION_E_MISUSE;
    st = liion__ctx_enter(l->ctx);
    return st;
}

/* A Rec 20 common code: 1 to 3 characters A-Z or 0-9. */
static liion_status check_unit(liion_ctx *ctx, const char *unit, const char *param)
{
    size_t n;
    if (!unit || !unit[0])
        return liion__error(ctx, LIION_E_INVALID_ARG,
                            "missing unit for parameter '%s': give a UN/CEFACT Rec 20 code",
                            param ? param : "?");
    n = strlen(unit);
    if (n > 3)
        goto bad;
    for (size_t i = 0; i < n; i++)
        if (!((unit[i] >= 'A' && unit[i] <= 'Z') || (unit[i] >= '0' && unit[i] <= '9')))
            goto bad;
    return LIION_OK;
bad:
    return liion__error(ctx, LIION_E_INVALID_ARG,
                        "unit '%.16s' of parameter '%s' is not a UN/CEFACT Rec 20 code "
                        "(1-3 characters A-Z, 0-9)",
                        unit, param ? param : "?");
}

liion_status liion_spec_limits_new(liion_spec_limits **out, liion_ctx *ctx, const char *owner_id,
                                   uint32_t version)
{
    liion_spec_limits *l;
    liion_status st;
    if (out)
        *out = NULL;
    st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    if (!out || !owner_id || !owner_id[0])
        return liion__error(ctx, LIION_E_INVALID_ARG,
                            "liion_spec_limits_new needs out and a non-empty owner_id");
    l = liion__calloc(ctx, 1, sizeof *l);
    if (!l)
        return LIION_E_NOMEM;
    l->ctx = ctx;
    l->version = version;
    l->owner_len = strlen(owner_id);
    l->owner = liion__strndup(ctx, owner_id, l->owner_len);
    if (!l->owner) {
        liion__free(ctx, l, sizeof *l);
        return LIION_E_NOMEM;
    }
    l->magic = MAGIC_LIMITS;
    *out = l;
    return LIION_OK;
}

void liion_spec_limits_free(liion_spec_limits *l)
{
    liion_ctx *ctx;
    if (!l || l->magic != MAGIC_LIMITS)
        return;
    ctx = l->ctx;
    for (size_t i = 0; i < l->count; i++)
        liion__free(ctx, l->items[i].param, l->items[i].param_len + 1);
    if (l->items)
        liion__free(ctx, l->items, l->cap * sizeof *l->items);
    liion__free(ctx, l->owner, l->owner_len + 1);
    l->magic = LIION__MAGIC_DEAD;
    liion__free(ctx, l, sizeof *l);
}

const char *liion_spec_limits_owner(const liion_spec_limits *l)
{
    return l && l->magic == MAGIC_LIMITS ? l->owner : "";
}

uint32_t liion_spec_limits_version(const liion_spec_limits *l)
{
    return l && l->magic == MAGIC_LIMITS ? l->version : 0;
}

size_t liion_spec_limits_count(const liion_spec_limits *l)
{
    return l && l->magic == MAGIC_LIMITS ? l->count : 0;
}

static spec_limit *find_limit(const liion_spec_limits *l, const char *param)
{
    for (size_t i = 0; i < l->count; i++)
        if (strcmp(l->items[i].param, param) == 0)
            return &l->items[i];
    return NULL;
}

liion_status liion_spec_limits_set(liion_spec_limits *l, const char *param, const char *unit,
                                   liion_spec_kind kind, double a, double b)
{
    spec_limit *it;
    double lo, hi;
    liion_status st = limits_enter(l);
    if (st != LIION_OK)
        return st;
    if (!param || !param[0])
        return liion__error(l->ctx, LIION_E_INVALID_ARG, "missing parameter name");
    st = check_unit(l->ctx, unit, param);
    if (st != LIION_OK)
        return st;
    if (!liion__spec_finite(a) || !liion__spec_finite(b))
        return liion__error(l->ctx, LIION_E_RANGE,
                            "limit of '%s' has a non-finite number (%g, %g)", param, a, b);
    switch (kind) {
    case LIION_SPEC_TWO_SIDED:
        if (a > b)
            return liion__error(l->ctx, LIION_E_RANGE,
                                "limit of '%s': lower edge %g is above upper edge %g", param, a,
                                b);
        lo = a;
        hi = b;
        break;
    case LIION_SPEC_UPPER:
        lo = -INFINITY;
        hi = a;
        break;
    case LIION_SPEC_LOWER:
        lo = a;
        hi = INFINITY;
        break;
    case LIION_SPEC_TARGET_ABS:
    case LIION_SPEC_TARGET_PCT: {
        double tol = kind == LIION_SPEC_TARGET_ABS ? b : liion__spec_fabs(a) * b / 100.0;
        if (b < 0)
            return liion__error(l->ctx, LIION_E_RANGE, "limit of '%s': tolerance %g is negative",
                                param, b);
        lo = a - tol;
        hi = a + tol;
        break;
    }
    default:
        return liion__error(l->ctx, LIION_E_INVALID_ARG, "limit of '%s': unknown kind %d", param,
                            (int)kind);
    }
    it = find_limit(l, param);
    if (!it) {
        char *copy;
        size_t len = strlen(param);
        if (l->count == l->cap) {
            size_t ncap = l->cap ? l->cap * 2 : 8;
            spec_limit *n = l->items ? liion__realloc(l->ctx, l->items, l->cap * sizeof *n,
                                                      ncap * sizeof *n)
                                     : liion__alloc(l->ctx, ncap * sizeof *n);
            if (!n)
                return LIION_E_NOMEM;
            l->items = n;
            l->cap = ncap;
        }
        copy = liion__strndup(l->ctx, param, len);
        if (!copy)
            return LIION_E_NOMEM;
        it = &l->items[l->count++];
        memset(it, 0, sizeof *it);
        it->param = copy;
        it->param_len = len;
        it->adv_lo = -INFINITY;
        it->adv_hi = INFINITY;
    }
    memset(it->unit, 0, sizeof it->unit);
    memcpy(it->unit, unit, strlen(unit));
    it->kind = kind;
    it->a = a;
    it->b = kind == LIION_SPEC_UPPER || kind == LIION_SPEC_LOWER ? 0.0 : b;
    it->lo = lo;
    it->hi = hi;
    return LIION_OK;
}

liion_status liion_spec_limits_set_advisory(liion_spec_limits *l, const char *param, double lo,
                                            double hi)
{
    spec_limit *it;
    liion_status st = limits_enter(l);
    if (st != LIION_OK)
        return st;
    if (!param)
        return liion__error(l->ctx, LIION_E_INVALID_ARG, "missing parameter name");
    if (lo != lo || hi != hi || lo > hi || lo == INFINITY || hi == -INFINITY)
        return liion__error(l->ctx, LIION_E_RANGE,
                            "advisory band of '%s' [%g, %g] is not a range", param, lo, hi);
    it = find_limit(l, param);
    if (!it)
        return liion__error(l->ctx, LIION_E_NOT_FOUND,
                            "no limit for parameter '%s' in the set of '%s'", param, l->owner);
    it->adv_lo = lo;
    it->adv_hi = hi;
    return LIION_OK;
}

liion_status liion_spec_limits_set_default(liion_spec_limits *l, liion_spec_param param,
                                           double nominal)
{
    const char *name, *unit;
    liion_status st = limits_enter(l);
    if (st != LIION_OK)
        return st;
    name = liion_spec_param_name(param);
    if (!name)
        return liion__error(l->ctx, LIION_E_INVALID_ARG, "parameter %d is not in the catalogue",
                            (int)param);
    unit = liion_spec_param_unit(param);
    switch (param) {
    case LIION_SPEC_WET_FILM_THICKNESS:
    case LIION_SPEC_ELECTRODE_LENGTH:
        if (!liion__spec_finite(nominal) || !(nominal > 0))
            return liion__error(l->ctx, LIION_E_RANGE,
                                "default for '%s' needs a finite nominal > 0, got %g", name,
                                nominal);
        if (param == LIION_SPEC_WET_FILM_THICKNESS)
            return liion_spec_limits_set(l, name, unit, LIION_SPEC_TARGET_ABS, nominal,
                                         LIION_SPEC_DEFAULT_WET_FILM_TOL_UM);
        return liion_spec_limits_set(l, name, unit, LIION_SPEC_TARGET_PCT, nominal,
                                     LIION_SPEC_DEFAULT_ELECTRODE_LENGTH_TOL_PCT);
    case LIION_SPEC_CU_FOIL_THICKNESS:
        return liion_spec_limits_set(l, name, unit, LIION_SPEC_TWO_SIDED,
                                     LIION_SPEC_DEFAULT_CU_FOIL_MIN_UM,
                                     LIION_SPEC_DEFAULT_CU_FOIL_MAX_UM);
    case LIION_SPEC_AL_FOIL_THICKNESS:
        return liion_spec_limits_set(l, name, unit, LIION_SPEC_TWO_SIDED,
                                     LIION_SPEC_DEFAULT_AL_FOIL_MIN_UM,
                                     LIION_SPEC_DEFAULT_AL_FOIL_MAX_UM);
    case LIION_SPEC_DRY_ROOM_DEW_POINT:
        st = liion_spec_limits_set(l, name, unit, LIION_SPEC_UPPER,
                                   LIION_SPEC_DEFAULT_DEW_POINT_MAX_C, 0.0);
        if (st == LIION_OK)
            st = liion_spec_limits_set_advisory(l, name, LIION_SPEC_DEFAULT_DEW_POINT_ADVISORY_C,
                                                INFINITY);
        return st;
    case LIION_SPEC_STACK_ALIGN_X:
    case LIION_SPEC_STACK_ALIGN_Y:
        return liion_spec_limits_set(l, name, unit, LIION_SPEC_TARGET_ABS, 0.0,
                                     LIION_SPEC_DEFAULT_STACK_ALIGN_TOL_MM);
    default:
        return liion__error(l->ctx, LIION_E_NOT_FOUND,
                            "the seed gives no default limit for '%s': set one per recipe", name);
    }
}

liion_status liion_spec_limits_find(size_t *index, liion_spec_limits *l, const char *param)
{
    spec_limit *it;
    liion_status st = limits_enter(l);
    if (st != LIION_OK)
        return st;
    if (!index || !param)
        return liion__error(l->ctx, LIION_E_INVALID_ARG, "index and param must not be NULL");
    it = find_limit(l, param);
    if (!it)
        return liion__error(l->ctx, LIION_E_NOT_FOUND,
                            "no limit for parameter '%s' in the set of '%s'", param, l->owner);
    *index = (size_t)(it - l->items);
    return LIION_OK;
}

liion_status liion_spec_limits_get(liion_spec_limit_info *out, liion_spec_limits *l, size_t index)
{
    liion_spec_limit_info info;
    const spec_limit *it;
    liion_status st = limits_enter(l);
    if (st != LIION_OK)
        return st;
    if (!out || out->struct_size < sizeof(uint32_t))
        return liion__error(l->ctx, LIION_E_INVALID_ARG, "out is NULL or its struct_size is 0");
    if (index >= l->count)
        return liion__error(l->ctx, LIION_E_RANGE, "limit index %zu is past the %zu limits",
                            index, l->count);
    it = &l->items[index];
    memset(&info, 0, sizeof info);
    info.struct_size = out->struct_size;
    info.kind = it->kind;
    info.param = it->param;
    info.unit = it->unit;
    info.a = it->a;
    info.b = it->b;
    info.lo = it->lo;
    info.hi = it->hi;
    info.advisory_lo = it->adv_lo;
    info.advisory_hi = it->adv_hi;
    memcpy(out, &info, out->struct_size < sizeof info ? out->struct_size : sizeof info);
    return LIION_OK;
}

/* ---- results ---------------------------------------------------------------------------------- */

typedef struct spec_viol {
    uint64_t index;
    double value, limit;
    size_t param_off, unit_off, where_off;
    uint8_t severity, side;
} spec_viol;

struct liion_spec_result {
    uint32_t magic;
    liion_ctx *ctx;
    spec_viol *v;
    size_t count, cap, max;
    char *str; /* NUL-terminated strings the violations point into */
    size_t slen, scap;
    size_t last_param, last_unit, last_where; /* offsets of the last strings added */
    int have_last;
    uint64_t checked, failed, warned, dropped;
};

static liion_status result_enter(liion_spec_result *r)
{
    if (!r)
        return LIION_E_INVALID_ARG;
    if (r->magic != MAGIC_RESULT)
        return LIION_E_MISUSE;
    return liion__ctx_enter(r->ctx);
}

/* For lib/spec/attach.c: is r a live result? (No error state is touched.) */
liion_status liion__spec_result_valid(const liion_spec_result *r)
{
    if (!r)
        return LIION_E_INVALID_ARG;
    return r->magic == MAGIC_RESULT ? LIION_OK : LIION_E_MISUSE;
}

/* For lib/spec/attach.c: is l a live limit set? (No error state is touched.) */
liion_status liion__spec_limits_valid(const liion_spec_limits *l)
{
    if (!l)
        return LIION_E_INVALID_ARG;
    return l->magic == MAGIC_LIMITS ? LIION_OK : LIION_E_MISUSE;
}

liion_ctx *liion__spec_limits_ctx(const liion_spec_limits *l)
{
    return l->ctx;
}

liion_status liion_spec_result_new(liion_spec_result **out, liion_ctx *ctx)
{
    liion_spec_result *r;
    liion_status st;
    if (out)
        *out = NULL;
    st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    if (!out)
        return liion__error(ctx, LIION_E_INVALID_ARG, "out is NULL");
    r = liion__calloc(ctx, 1, sizeof *r);
    if (!r)
        return LIION_E_NOMEM;
    r->ctx = ctx;
    r->max = LIION_SPEC_DEFAULT_MAX_VIOLATIONS;
    r->magic = MAGIC_RESULT;
    *out = r;
    return LIION_OK;
}

void liion_spec_result_free(liion_spec_result *r)
{
    if (!r || r->magic != MAGIC_RESULT)
        return;
    if (r->v)
        liion__free(r->ctx, r->v, r->cap * sizeof *r->v);
    if (r->str)
        liion__free(r->ctx, r->str, r->scap);
    r->magic = LIION__MAGIC_DEAD;
    liion__free(r->ctx, r, sizeof *r);
}

void liion_spec_result_clear(liion_spec_result *r)
{
    if (!r || r->magic != MAGIC_RESULT)
        return;
    r->count = r->slen = 0;
    r->have_last = 0;
    r->checked = r->failed = r->warned = r->dropped = 0;
}

liion_status liion_spec_result_set_max_violations(liion_spec_result *r, size_t max)
{
    liion_status st = result_enter(r);
    if (st != LIION_OK)
        return st;
    r->max = max;
    return LIION_OK;
}

uint64_t liion_spec_result_checked(const liion_spec_result *r)
{
    return r && r->magic == MAGIC_RESULT ? r->checked : 0;
}

uint64_t liion_spec_result_failed(const liion_spec_result *r)
{
    return r && r->magic == MAGIC_RESULT ? r->failed : 0;
}

uint64_t liion_spec_result_warned(const liion_spec_result *r)
{
    return r && r->magic == MAGIC_RESULT ? r->warned : 0;
}

uint64_t liion_spec_result_dropped(const liion_spec_result *r)
{
    return r && r->magic == MAGIC_RESULT ? r->dropped : 0;
}

size_t liion_spec_result_count(const liion_spec_result *r)
{
    return r && r->magic == MAGIC_RESULT ? r->count : 0;
}

liion_status liion_spec_result_violation(liion_spec_violation *out, liion_spec_result *r,
                                         size_t index)
{
    liion_spec_violation v;
    const spec_viol *s;
    liion_status st = result_enter(r);
    if (st != LIION_OK)
        return st;
    if (!out || out->struct_size < sizeof(uint32_t))
        return liion__error(r->ctx, LIION_E_INVALID_ARG, "out is NULL or its struct_size is 0");
    if (index >= r->count)
        return liion__error(r->ctx, LIION_E_RANGE,
                            "violation index %zu is past the %zu stored violations", index,
                            r->count);
    s = &r->v[index];
    memset(&v, 0, sizeof v);
    v.struct_size = out->struct_size;
    v.severity = (liion_spec_severity)s->severity;
    v.side = (liion_spec_side)s->side;
    v.index = s->index;
    v.value = s->value;
    v.limit = s->limit;
    v.param = r->str + s->param_off;
    v.unit = r->str + s->unit_off;
    v.where = r->str + s->where_off;
    memcpy(out, &v, out->struct_size < sizeof v ? out->struct_size : sizeof v);
    return LIION_OK;
}

/* Make room for `nv` more violations and `nb` more string bytes; nothing changes on failure. */
static liion_status result_reserve(liion_spec_result *r, size_t nv, size_t nb)
{
    size_t need;
    if (nv > 0 && (!liion__size_add(r->count, nv, &need) || need > r->cap)) {
        size_t ncap = r->cap ? r->cap : 16, bytes;
        if (!liion__size_add(r->count, nv, &need))
            return liion__error(r->ctx, LIION_E_NOMEM, "violation count overflows");
        while (ncap < need)
            ncap = ncap > ((size_t)-1) / 2 ? need : ncap * 2;
        if (!liion__size_mul(ncap, sizeof *r->v, &bytes))
            return liion__error(r->ctx, LIION_E_NOMEM, "violation table size overflows");
        spec_viol *n = r->v ? liion__realloc(r->ctx, r->v, r->cap * sizeof *r->v, bytes)
                            : liion__alloc(r->ctx, bytes);
        if (!n)
            return LIION_E_NOMEM;
        r->v = n;
        r->cap = ncap;
    }
    if (nb > 0 && (!liion__size_add(r->slen, nb, &need) || need > r->scap)) {
        size_t ncap = r->scap ? r->scap : 64;
        if (!liion__size_add(r->slen, nb, &need))
            return liion__error(r->ctx, LIION_E_NOMEM, "string table size overflows");
        while (ncap < need)
            ncap = ncap > ((size_t)-1) / 2 ? need : ncap * 2;
        char *n = r->str ? liion__realloc(r->ctx, r->str, r->scap, ncap)
                         : liion__alloc(r->ctx, ncap);
        if (!n)
            return LIION_E_NOMEM;
        r->str = n;
        r->scap = ncap;
    }
    return LIION_OK;
}

static size_t put_str(liion_spec_result *r, const char *s)
{
    size_t off = r->slen, n = strlen(s) + 1;
    memcpy(r->str + off, s, n);
    r->slen += n;
    return off;
}

/* Intern the three strings of a check (reusing the previous call's when equal) after making
 * room for `nv` violations. Called only when something will be stored. */
static liion_status result_prepare(liion_spec_result *r, size_t nv, const char *param,
                                   const char *unit, const char *where)
{
    size_t nb = 0;
    liion_status st;
    if (r->have_last && strcmp(r->str + r->last_param, param) == 0 &&
        strcmp(r->str + r->last_unit, unit) == 0 && strcmp(r->str + r->last_where, where) == 0)
        return result_reserve(r, nv, 0);
    nb = strlen(param) + strlen(unit) + strlen(where) + 3;
    st = result_reserve(r, nv, nb);
    if (st != LIION_OK)
        return st;
    r->last_param = put_str(r, param);
    r->last_unit = put_str(r, unit);
    r->last_where = put_str(r, where);
    r->have_last = 1;
    return LIION_OK;
}

static void result_push(liion_spec_result *r, liion_spec_severity sev, liion_spec_side side,
                        uint64_t index, double value, double limit)
{
    spec_viol *v = &r->v[r->count++];
    v->index = index;
    v->value = value;
    v->limit = limit;
    v->param_off = r->last_param;
    v->unit_off = r->last_unit;
    v->where_off = r->last_where;
    v->severity = (uint8_t)sev;
    v->side = (uint8_t)side;
}

/* The whole visible state of a result, to undo a multi-part check that fails half-way. */
typedef struct result_mark {
    size_t count, slen, last_param, last_unit, last_where;
    int have_last;
    uint64_t checked, failed, warned, dropped;
} result_mark;

static void result_mark_save(const liion_spec_result *r, result_mark *m)
{
    m->count = r->count;
    m->slen = r->slen;
    m->last_param = r->last_param;
    m->last_unit = r->last_unit;
    m->last_where = r->last_where;
    m->have_last = r->have_last;
    m->checked = r->checked;
    m->failed = r->failed;
    m->warned = r->warned;
    m->dropped = r->dropped;
}

static liion_status result_mark_restore(liion_spec_result *r, const result_mark *m,
                                        liion_status st)
{
    r->count = m->count;
    r->slen = m->slen;
    r->last_param = m->last_param;
    r->last_unit = m->last_unit;
    r->last_where = m->last_where;
    r->have_last = m->have_last;
    r->checked = m->checked;
    r->failed = m->failed;
    r->warned = m->warned;
    r->dropped = m->dropped;
    return st;
}

/* ---- the hot loop ------------------------------------------------------------------------------ */

/* Values that are NOT inside [lo, hi], where lo and hi are finite (callers clamp infinite
 * edges to +-DBL_MAX): NaN fails both comparisons and +-inf falls outside any finite range, so
 * non-finite values are counted without a test of their own. Branch-free; with GCC/Clang vector
 * extensions in 16-byte vectors (one SSE2 / NEON register: wider generic vectors are lowered
 * to scalar compares without AVX), four independent accumulators, 8 doubles per iteration, so
 * the loop runs at memory bandwidth. Each comparison yields -1 (true) or 0 per lane. */
#if defined(__GNUC__) || defined(__clang__)
typedef double spec_v2d __attribute__((vector_size(16)));
typedef int64_t spec_v2i __attribute__((vector_size(16)));
#  define SPEC_HAVE_VECTORS 1
#endif

static size_t count_outside(const double *v, size_t n, double lo, double hi)
{
    size_t inside = 0, i = 0;
#ifdef SPEC_HAVE_VECTORS
    const spec_v2d vlo = { lo, lo }, vhi = { hi, hi };
    spec_v2i a0 = { 0, 0 }, a1 = { 0, 0 }, a2 = { 0, 0 }, a3 = { 0, 0 };
    for (; i + 8 <= n; i += 8) {
        spec_v2d x0, x1, x2, x3;
        memcpy(&x0, v + i, sizeof x0);
        memcpy(&x1, v + i + 2, sizeof x1);
        memcpy(&x2, v + i + 4, sizeof x2);
        memcpy(&x3, v + i + 6, sizeof x3);
        a0 += (x0 >= vlo) & (x0 <= vhi);
        a1 += (x1 >= vlo) & (x1 <= vhi);
        a2 += (x2 >= vlo) & (x2 <= vhi);
        a3 += (x3 >= vlo) & (x3 <= vhi);
    }
    a0 += a1 + a2 + a3;
    inside = (size_t)(-(a0[0] + a0[1]));
#endif
    for (; i < n; i++) {
        double x = v[i];
        inside += (size_t)((x >= lo) & (x <= hi));
    }
    return n - inside;
}

static liion_status check_limit_lookup(liion_spec_result *r, liion_spec_limits *l,
                                       const char *param, const char *unit, spec_limit **out)
{
    liion_status st;
    if (!l)
        return liion__error(r->ctx, LIION_E_INVALID_ARG, "limits is NULL");
    if (l->magic != MAGIC_LIMITS)
        return liion__error(r->ctx, LIION_E_MISUSE, "limits is not a live limit set");
    if (!param || !param[0])
        return liion__error(r->ctx, LIION_E_INVALID_ARG, "missing parameter name");
    st = check_unit(r->ctx, unit, param);
    if (st != LIION_OK)
        return st;
    *out = find_limit(l, param);
    if (!*out)
        return liion__error(r->ctx, LIION_E_NOT_FOUND,
                            "no limit for parameter '%s' in the set of '%s' v%u", param, l->owner,
                            (unsigned)l->version);
    if (strcmp((*out)->unit, unit) != 0)
        return liion__error(r->ctx, LIION_E_INVALID_ARG,
                            "'%s' values are in '%s' but its limit is in '%s': convert first",
                            param, unit, (*out)->unit);
    return LIION_OK;
}

static liion_status nonfinite_error(liion_ctx *ctx, const char *param, const char *where,
                                    uint64_t index, double x)
{
    return liion__error(ctx, LIION_E_RANGE,
                        "'%s' value %s at index %llu%s%s is refused: values must be finite",
                        param, x != x ? "NaN" : (x > 0 ? "+inf" : "-inf"),
                        (unsigned long long)index, where[0] ? " of " : "", where);
}

/* Check values against one limit; all arguments already validated.
 *
 * One pass over the data in blocks of SPEC_BLOCK values: the branch-free count decides per
 * block whether anything is off; only such a block (now in L1) is looked at value by value.
 * Violations are appended as they are found; a refused value (NaN, infinity) or an allocation
 * failure rolls the result back to where the call found it, so a call is all or nothing. */
#define SPEC_BLOCK 256u

static liion_status check_run(liion_spec_result *r, const spec_limit *it, const char *unit,
                              const double *values, size_t n, const char *where, uint64_t first)
{
    double flo = it->lo > it->adv_lo ? it->lo : it->adv_lo;
    double fhi = it->hi < it->adv_hi ? it->hi : it->adv_hi;
    const size_t save_count = r->count, save_slen = r->slen;
    const size_t save_p = r->last_param, save_u = r->last_unit, save_w = r->last_where;
    const int save_have = r->have_last;
    uint64_t fails = 0, warns = 0, dropped = 0;
    int prepared = 0;
    liion_status st = LIION_OK;
    if (flo < -DBL_MAX)
        flo = -DBL_MAX; /* finite edges make the fast count catch +-inf too */
    if (fhi > DBL_MAX)
        fhi = DBL_MAX;
    for (size_t b = 0; b < n; b += SPEC_BLOCK) {
        size_t m = n - b < SPEC_BLOCK ? n - b : SPEC_BLOCK;
        if (LIION__LIKELY(count_outside(values + b, m, flo, fhi) == 0))
            continue;
        for (size_t i = b; i < b + m; i++) {
            double x = values[i], edge;
            liion_spec_severity sev;
            liion_spec_side side;
            if (!liion__spec_finite(x)) {
                st = nonfinite_error(r->ctx, it->param, where, first + i, x);
                goto rollback;
            }
            if (x < it->lo) {
                sev = LIION_SPEC_FAIL, side = LIION_SPEC_SIDE_LOW, edge = it->lo;
            } else if (x > it->hi) {
                sev = LIION_SPEC_FAIL, side = LIION_SPEC_SIDE_HIGH, edge = it->hi;
            } else if (x < it->adv_lo) {
                sev = LIION_SPEC_WARN, side = LIION_SPEC_SIDE_LOW, edge = it->adv_lo;
            } else if (x > it->adv_hi) {
                sev = LIION_SPEC_WARN, side = LIION_SPEC_SIDE_HIGH, edge = it->adv_hi;
            } else {
                continue;
            }
            if (sev == LIION_SPEC_FAIL)
                fails++;
            else
                warns++;
            if (r->count >= r->max) {
                dropped++;
                continue;
            }
            if (!prepared) {
                st = result_prepare(r, 1, it->param, unit, where);
                if (st != LIION_OK)
                    goto rollback;
                prepared = 1;
            } else if (r->count == r->cap) {
                st = result_reserve(r, 1, 0);
                if (st != LIION_OK)
                    goto rollback;
            }
            result_push(r, sev, side, first + i, x, edge);
        }
    }
    r->checked += n;
    r->failed += fails;
    r->warned += warns;
    r->dropped += dropped;
    return LIION_OK;
rollback:
    r->count = save_count;
    r->slen = save_slen;
    r->last_param = save_p;
    r->last_unit = save_u;
    r->last_where = save_w;
    r->have_last = save_have;
    return st;
}

liion_status liion_spec_check_values(liion_spec_result *r, liion_spec_limits *l,
                                     const char *param, const char *unit, const double *values,
                                     size_t n, const char *where, uint64_t first_index)
{
    spec_limit *it;
    liion_status st = result_enter(r);
    if (st != LIION_OK)
        return st;
    if (!values && n > 0)
        return liion__error(r->ctx, LIION_E_INVALID_ARG, "values is NULL with n = %zu", n);
    st = check_limit_lookup(r, l, param, unit, &it);
    if (st != LIION_OK)
        return st;
    if (n == 0)
        return LIION_OK;
    return check_run(r, it, unit, values, n, where ? where : "", first_index);
}

liion_status liion_spec_check_value(liion_spec_result *r, liion_spec_limits *l,
                                    const char *param, const char *unit, double value,
                                    const char *where, uint64_t index)
{
    spec_limit *it;
    liion_status st = result_enter(r);
    if (st != LIION_OK)
        return st;
    st = check_limit_lookup(r, l, param, unit, &it);
    if (st != LIION_OK)
        return st;
    return check_run(r, it, unit, &value, 1, where ? where : "", index);
}

liion_status liion_spec_check_stack(liion_spec_result *r, liion_spec_limits *l,
                                    const double *dx_mm, const double *dy_mm,
                                    const double *rot_deg, const double *overhang_mm,
                                    size_t layers, const char *where)
{
    static const liion_spec_param params[4] = { LIION_SPEC_STACK_ALIGN_X,
                                                LIION_SPEC_STACK_ALIGN_Y,
                                                LIION_SPEC_STACK_ALIGN_ROTATION,
                                                LIION_SPEC_STACK_OVERHANG };
    const double *arrays[4];
    spec_limit *lim[4] = { NULL, NULL, NULL, NULL };
    result_mark mark;
    liion_status st = result_enter(r);
    if (st != LIION_OK)
        return st;
    arrays[0] = dx_mm;
    arrays[1] = dy_mm;
    arrays[2] = rot_deg;
    arrays[3] = overhang_mm;
    if (!where)
        where = "";
    if (layers == 0 || (!dx_mm && !dy_mm && !rot_deg && !overhang_mm))
        return liion__error(r->ctx, LIION_E_INVALID_ARG,
                            "a stack check needs layers >= 1 and at least one array");
    /* Validate everything first so that a refused call records nothing. */
    for (int p = 0; p < 4; p++) {
        if (!arrays[p])
            continue;
        st = check_limit_lookup(r, l, liion_spec_param_name(params[p]),
                                liion_spec_param_unit(params[p]), &lim[p]);
        if (st != LIION_OK)
            return st;
        for (size_t i = 0; i < layers; i++)
            if (!liion__spec_finite(arrays[p][i]))
                return nonfinite_error(r->ctx, lim[p]->param, where, i, arrays[p][i]);
    }
    result_mark_save(r, &mark);
    for (int p = 0; p < 4; p++) {
        if (!arrays[p])
            continue;
        st = check_run(r, lim[p], liion_spec_param_unit(params[p]), arrays[p], layers, where, 0);
        if (st != LIION_OK)
            return result_mark_restore(r, &mark, st);
    }
    /* Over the stack: the worst layer of x, y and rotation once more, as one stack check. */
    for (int p = 0; p < 3; p++) {
        const spec_limit *it = lim[p];
        double worst = 0, excess = -INFINITY, edge = 0;
        liion_spec_side side = LIION_SPEC_SIDE_LOW;
        if (!arrays[p])
            continue;
        for (size_t i = 0; i < layers; i++) {
            double x = arrays[p][i], e_lo = it->lo - x, e_hi = x - it->hi;
            if (e_lo > excess) {
                excess = e_lo;
                worst = x;
                edge = it->lo;
                side = LIION_SPEC_SIDE_LOW;
            }
            if (e_hi > excess) {
                excess = e_hi;
                worst = x;
                edge = it->hi;
                side = LIION_SPEC_SIDE_HIGH;
            }
        }
        r->checked++;
        if (excess > 0) {
            r->failed++;
            if (r->count < r->max) {
                st = result_prepare(r, 1, it->param, it->unit, where);
                if (st != LIION_OK)
                    return result_mark_restore(r, &mark, st);
                result_push(r, LIION_SPEC_FAIL, side, LIION_SPEC_INDEX_STACK, worst, edge);
            } else {
                r->dropped++;
            }
        }
    }
    return LIION_OK;
}

liion_status liion_spec_check_transfer(liion_spec_result *r, liion_spec_limits *l,
                                       const double *pressure_diff_pa, const double *dwell_s,
                                       const double *gripper_vacuum_kpa, const char *where,
                                       uint64_t index)
{
    static const liion_spec_param params[3] = { LIION_SPEC_TRANSFER_PRESSURE_DIFF,
                                                LIION_SPEC_TRANSFER_DWELL_TIME,
                                                LIION_SPEC_GRIPPER_VACUUM };
    const double *fields[3];
    spec_limit *lim[3] = { NULL, NULL, NULL };
    result_mark mark;
    liion_status st = result_enter(r);
    if (st != LIION_OK)
        return st;
    fields[0] = pressure_diff_pa;
    fields[1] = dwell_s;
    fields[2] = gripper_vacuum_kpa;
    if (!where)
        where = "";
    if (l && l->magic != MAGIC_LIMITS)
        return liion__error(r->ctx, LIION_E_MISUSE, "limits is not a live limit set");
    for (int p = 0; p < 3; p++) {
        const char *name = liion_spec_param_name(params[p]);
        if (!fields[p]) {
            continue;
        }
        if (!liion__spec_finite(*fields[p]))
            return nonfinite_error(r->ctx, name, where, index, *fields[p]);
        if (l && find_limit(l, name)) {
            st = check_limit_lookup(r, l, name, liion_spec_param_unit(params[p]), &lim[p]);
            if (st != LIION_OK)
                return st;
        }
    }
    result_mark_save(r, &mark);
    for (int p = 0; p < 3; p++) {
        if (fields[p]) {
            if (lim[p]) {
                st = check_run(r, lim[p], lim[p]->unit, fields[p], 1, where, index);
                if (st != LIION_OK)
                    return result_mark_restore(r, &mark, st);
            } else {
                r->checked++;
            }
            continue;
        }
        r->checked++;
        r->failed++;
        if (r->count < r->max) {
            st = result_prepare(r, 1, liion_spec_param_name(params[p]),
                                liion_spec_param_unit(params[p]), where);
            if (st != LIION_OK)
                return result_mark_restore(r, &mark, st);
            result_push(r, LIION_SPEC_FAIL, LIION_SPEC_SIDE_MISSING, index, NAN, NAN);
        } else {
            r->dropped++;
        }
    }
    return LIION_OK;
}
