/* Ingest runtime: messages -> (validated plan of operations) -> plant mutations.
 *
 * Each call builds a plan in a reused array (steady state: no allocation), checking everything
 * the map, the message and the plant can tell before anything changes; only then the plan is
 * applied. A refused message changes nothing; see include/liion/ingest.h for the one case where
 * a plant failure leaves a message partly applied. */
#include "ingest/ingest_int.h"
#include "isa95/plant_int.h" /* liion__plant_atomic() */

#include <liion/gem300.h>

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define PROBLEM_TEXT 256u

enum { OP_START = 1, OP_PRODUCE, OP_CONSUME, OP_PROP, OP_TEXT, OP_QTY, OP_CHECK, OP_END, OP_ROLL };
enum { V_NUM = 0, V_TEXT = 1, V_OTHER = 2, V_ROLL = 3 };

typedef struct slot {
    uint32_t eq;       /* plant equipment index, LIION_PLANT_NONE until resolved */
    bool open;
    uint32_t segment;  /* plant segment index of the open response */
    uint32_t seg_str;  /* map string id of that segment */
    int64_t start;
    uint32_t n_lots;
    uint32_t n_produced;
    uint32_t lots[LIION_INGEST_MAX_RESPONSE_LOTS];
    uint8_t uses[LIION_INGEST_MAX_RESPONSE_LOTS];
    uint32_t in_process;
    uint64_t seq;
    bool generated; /* resp_id was made up here (not a job ID) */
    char resp_id[LIION_PLANT_MAX_ID_BYTES + 1u];
} slot;

typedef struct ival {
    uint32_t vid;
    uint32_t kind; /* V_* */
    uint32_t fmt;  /* SECS format */
    double num;        /* V_NUM; V_ROLL: md_start */
    double num2;       /* V_ROLL: md_end */
    uint32_t sheet;    /* V_ROLL: sheet index (0 when the list has 3 items) */
    size_t toff, tlen; /* text in scratch (NUL-terminated); V_ROLL: the roll ID */
} ival;

typedef struct op {
    uint32_t type;
    uint32_t slot;
    uint32_t a;     /* segment / lot / definition index; OP_ROLL: the roll */
    uint32_t name;  /* map string id */
    uint32_t unit;  /* map string id or LIION__NO_STR */
    double num;     /* OP_ROLL: md_start */
    double num2;    /* OP_ROLL: md_end */
    const char *text; /* lot ID, text value or response ID (NUL-terminated) */
    uint64_t index;
} op;

typedef struct problem {
    liion_status st;
    char text[PROBLEM_TEXT];
} problem;

/* What the current message is, for problem texts (formatted only when needed). */
typedef struct msg_desc {
    uint32_t src;
    const char *equipment;
    uint32_t key;
    uint16_t ns;
    const char *ident;
} msg_desc;

struct liion_ingest {
    uint32_t magic;
    liion_ctx *ctx;
    liion_plant *plant;
    const liion_ingest_map *map;
    liion_spec_registry *reg;
    liion_spec_limits *limits;
    liion_spec_result *result;
    liion_uadp_msg *uadp;
    slot *slots;
    ival *vals;
    size_t n_vals, cap_vals;
    char *scratch;
    size_t n_scr, cap_scr;
    op *ops;
    size_t n_ops, cap_ops;
    problem *problems;
    size_t n_problems, cap_problems;
    uint64_t stats[9];
    uint32_t *cache;  /* map string id -> plant index of the segment/definition it names */
    size_t n_cache;
    msg_desc cur;
    uint32_t planned_lots[LIION_INGEST_MAX_RESPONSE_LOTS]; /* per slot, during a plan */
};

static bool ing_valid(const liion_ingest *ing)
{
    return ing && ing->magic == LIION__INGEST_MAGIC;
}

/* ---- problems ------------------------------------------------------------------------- */

static void describe(const liion_ingest *ing, char *buf, size_t cap)
{
    const msg_desc *d = &ing->cur;
    switch (d->src) {
    case LIION__SRC_S6F11:
        snprintf(buf, cap, "S6F11 CEID %u from %s", (unsigned)d->key, d->equipment);
        break;
    case LIION__SRC_E40:
        snprintf(buf, cap, "E40 job state %s on %s", liion_e40_state_str((liion_e40_state)d->key),
                 d->equipment);
        break;
    case LIION__SRC_E87:
        snprintf(buf, cap, "E87 port state %s on %s",
                 liion_e87_lts_state_str((liion_e87_lts_state)d->key), d->equipment);
        break;
    case LIION__SRC_UADP:
        snprintf(buf, cap, "UADP writer %u", (unsigned)d->key);
        break;
    case LIION__SRC_NODE:
        snprintf(buf, cap, "node ns=%u;%s", (unsigned)d->ns, d->ident ? d->ident : "");
        break;
    default:
        snprintf(buf, cap, "message");
        break;
    }
}

/* Record a problem with the current message: the context's error, the list, the counters. */
static liion_status problem_add(liion_ingest *ing, liion_status st, const char *fmt, ...)
    LIION__PRINTF(3, 4);
static liion_status problem_add(liion_ingest *ing, liion_status st, const char *fmt, ...)
{
    char name[160], detail[200], text[PROBLEM_TEXT];
    va_list ap;
    describe(ing, name, sizeof name);
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    if (snprintf(text, sizeof text, "%s: %s", name, detail) < 0)
        text[0] = '\0';
    liion__error(ing->ctx, st, "%s", text);
    ing->stats[LIION_INGEST_STAT_PROBLEMS]++;
    ing->stats[LIION_INGEST_STAT_REJECTED]++;
    if (ing->n_problems == ing->cap_problems && ing->cap_problems < LIION_INGEST_MAX_PROBLEMS) {
        size_t ncap = ing->cap_problems ? ing->cap_problems * 2u : 8u;
        problem *n;
        if (ncap > LIION_INGEST_MAX_PROBLEMS)
            ncap = LIION_INGEST_MAX_PROBLEMS;
        n = liion__realloc_try(ing->ctx, ing->problems, ing->cap_problems * sizeof *n,
                               ncap * sizeof *n);
        if (n) {
            ing->problems = n;
            ing->cap_problems = ncap;
        }
        liion__error(ing->ctx, st, "%s", text); /* the problem's message, not the allocator's */
    }
    if (ing->n_problems < ing->cap_problems) {
        ing->problems[ing->n_problems].st = st;
        memcpy(ing->problems[ing->n_problems].text, text, sizeof text);
        ing->n_problems++;
    }
    return st;
}

/* A plant or spec call failed while applying: its message goes into the problem. apply()
 * then abandons the message's atomic group: a store cuts it from its journal. */
static liion_status apply_failed(liion_ingest *ing, liion_status st, const char *what)
{
    char msg[160];
    snprintf(msg, sizeof msg, "%s", liion_ctx_errmsg(ing->ctx));
    return problem_add(ing, st, "%s failed (%s): %s", what,
                       ing->plant->hook != NULL
                           ? "the message is cut from the store's journal; reopen the store"
                           : "the message may be partly applied",
                       msg);
}

/* ---- growable scratch arrays ---------------------------------------------------------- */

static liion_status grow(liion_ingest *ing, void **p, size_t *cap, size_t n, size_t elem)
{
    size_t nb;
    void *q;
    if (n <= *cap)
        return LIION_OK;
    nb = liion__grow_cap(ing->ctx, *cap * elem, n * elem, 16 * elem) / elem;
    if (nb < n)
        return liion__error(ing->ctx, LIION_E_NOMEM, "ingest: out of memory");
    q = liion__realloc(ing->ctx, *p, *cap * elem, nb * elem);
    if (!q)
        return LIION_E_NOMEM;
    *p = q;
    *cap = nb;
    return LIION_OK;
}

static liion_status push_op(liion_ingest *ing, const op *o)
{
    liion_status st = grow(ing, (void **)&ing->ops, &ing->cap_ops, ing->n_ops + 1u, sizeof *o);
    if (st != LIION_OK)
        return problem_add(ing, st, "out of memory planning the message");
    ing->ops[ing->n_ops++] = *o;
    return LIION_OK;
}

/* ---- lifecycle ------------------------------------------------------------------------ */

LIION_API liion_status liion_ingest_new(liion_ingest **out, liion_ctx *ctx, liion_plant *plant,
                                        const liion_ingest_map *map)
{
    liion_status st = liion__ctx_enter(ctx);
    liion_ingest *ing;
    if (out)
        *out = NULL;
    if (st != LIION_OK)
        return st;
    if (!out || !plant || !map || map->magic != LIION__INGEST_MAP_MAGIC)
        return liion__error(ctx, LIION_E_INVALID_ARG, "liion_ingest_new: NULL or invalid argument");
    ing = liion__calloc(ctx, 1, sizeof *ing);
    if (!ing)
        return LIION_E_NOMEM;
    ing->ctx = ctx;
    ing->plant = plant;
    ing->map = map;
    ing->magic = LIION__INGEST_MAGIC;
    if (map->n_equipment) {
        ing->slots = liion__calloc(ctx, map->n_equipment, sizeof *ing->slots);
        if (!ing->slots)
            goto nomem;
        for (uint32_t i = 0; i < map->n_equipment; i++) {
            ing->slots[i].eq = LIION_PLANT_NONE;
            ing->slots[i].in_process = LIION_PLANT_NONE;
        }
    }
    ing->n_cache = liion__intern_count(&map->strs);
    if (ing->n_cache) {
        ing->cache = liion__alloc(ctx, ing->n_cache * sizeof *ing->cache);
        if (!ing->cache)
            goto nomem;
        for (size_t i = 0; i < ing->n_cache; i++)
            ing->cache[i] = LIION_PLANT_NONE;
    }
    /* the first problems never need an allocation (growth past them is best effort) */
    ing->cap_problems = 8;
    ing->problems = liion__alloc(ctx, ing->cap_problems * sizeof *ing->problems);
    if (!ing->problems) {
        ing->cap_problems = 0;
        goto nomem;
    }
    if ((st = liion_spec_result_new(&ing->result, ctx)) != LIION_OK ||
        (st = liion_uadp_msg_new(&ing->uadp, ctx)) != LIION_OK)
        goto fail;
    *out = ing;
    return LIION_OK;
nomem:
    st = LIION_E_NOMEM;
fail:
    liion_ingest_free(ing);
    return st == LIION_E_NOMEM ? liion__error(ctx, LIION_E_NOMEM, "liion_ingest_new: out of memory")
                               : st;
}

LIION_API void liion_ingest_free(liion_ingest *ing)
{
    liion_ctx *ctx;
    if (!ing_valid(ing))
        return;
    ctx = ing->ctx;
    liion_spec_result_free(ing->result);
    liion_uadp_msg_free(ing->uadp);
    liion__free(ctx, ing->slots, (size_t)ing->map->n_equipment * sizeof *ing->slots);
    liion__free(ctx, ing->cache, ing->n_cache * sizeof *ing->cache);
    liion__free(ctx, ing->vals, ing->cap_vals * sizeof *ing->vals);
    liion__free(ctx, ing->scratch, ing->cap_scr);
    liion__free(ctx, ing->ops, ing->cap_ops * sizeof *ing->ops);
    liion__free(ctx, ing->problems, ing->cap_problems * sizeof *ing->problems);
    ing->magic = 0;
    liion__free(ctx, ing, sizeof *ing);
}

LIION_API liion_status liion_ingest_set_spec(liion_ingest *ing, liion_spec_registry *reg,
                                             liion_spec_limits *limits)
{
    liion_status st;
    if (!ing_valid(ing))
        return LIION_E_INVALID_ARG;
    if ((st = liion__ctx_enter(ing->ctx)) != LIION_OK)
        return st;
    ing->reg = reg;
    ing->limits = limits;
    return LIION_OK;
}

/* ---- planning helpers ----------------------------------------------------------------- */

static const char *mstr(const liion_ingest *ing, uint32_t id)
{
    return id == LIION__NO_STR ? NULL : liion__intern_str(&ing->map->strs, id, NULL);
}

/* Slot of an equipment string id, with its plant index resolved. */
static liion_status slot_of(liion_ingest *ing, uint32_t eq_str, uint32_t *slot_out)
{
    uint32_t s = eq_str < ing->map->cap_eq_slot ? ing->map->eq_slot[eq_str] : UINT32_MAX;
    slot *sl;
    if (s == UINT32_MAX)
        return problem_add(ing, LIION_E_UNSUPPORTED, "equipment not named by the mapping");
    sl = &ing->slots[s];
    if (sl->eq == LIION_PLANT_NONE) {
        uint32_t idx = LIION_PLANT_NONE;
        if (liion_plant_find(&idx, ing->plant, LIION_OBJ_EQUIPMENT, NULL, mstr(ing, eq_str)) !=
            LIION_OK)
            return problem_add(ing, LIION_E_NOT_FOUND, "equipment %s is not in the plant",
                               mstr(ing, eq_str));
        sl->eq = idx;
    }
    *slot_out = s;
    return LIION_OK;
}

/* Plant index of the segment or material definition named by map string `id` (found once,
 * then cached: segments and definitions are never removed). */
static bool cached_find(liion_ingest *ing, liion_object_kind kind, uint32_t id, uint32_t *out)
{
    if (id < ing->n_cache && ing->cache[id] != LIION_PLANT_NONE) {
        *out = ing->cache[id];
        return true;
    }
    if (liion_plant_find(out, ing->plant, kind, NULL, mstr(ing, id)) != LIION_OK)
        return false;
    if (id < ing->n_cache)
        ing->cache[id] = *out;
    return true;
}

static bool id_ok(const char *s, size_t len)
{
    if (len == 0 || len > LIION_PLANT_MAX_ID_BYTES)
        return false;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] < 0x20)
            return false;
    return true;
}

/* Per-plan bookkeeping of a slot: the state the slot will be in after the ops so far. */
typedef struct plan_slot {
    uint32_t slot;
    bool open;
    bool has_lot;
    uint32_t n_lots;
} plan_slot;

static void plan_init(const liion_ingest *ing, plan_slot *ps, uint32_t s)
{
    const slot *sl = &ing->slots[s];
    ps->slot = s;
    ps->open = sl->open;
    ps->has_lot = sl->in_process != LIION_PLANT_NONE;
    ps->n_lots = sl->n_lots; /* the open response's lots, or those staged for the next */
}

static liion_status plan_start(liion_ingest *ing, plan_slot *ps, uint32_t seg_str,
                               const char *resp_id)
{
    op o;
    uint32_t seg = LIION_PLANT_NONE, r;
    if (ps->open)
        return problem_add(ing, LIION_E_STATE,
                           "start of %s while a response of %s is open on this equipment",
                           mstr(ing, seg_str), mstr(ing, ing->slots[ps->slot].seg_str));
    if (!cached_find(ing, LIION_OBJ_SEGMENT, seg_str, &seg))
        return problem_add(ing, LIION_E_NOT_FOUND, "process segment %s is not in the plant",
                           mstr(ing, seg_str));
    if (resp_id) {
        if (!id_ok(resp_id, strlen(resp_id)))
            return problem_add(ing, LIION_E_RANGE, "job ID is not a valid ID (1 to 255 bytes)");
        if (liion_plant_find(&r, ing->plant, LIION_OBJ_RESPONSE, NULL, resp_id) == LIION_OK)
            return problem_add(ing, LIION_E_EXISTS, "segment response %s already exists", resp_id);
    }
    memset(&o, 0, sizeof o);
    o.type = OP_START;
    o.slot = ps->slot;
    o.a = seg;
    o.name = seg_str;
    o.text = resp_id;
    ps->open = true;
    return push_op(ing, &o);
}

static liion_status plan_end(liion_ingest *ing, plan_slot *ps, uint32_t seg_str, int64_t time)
{
    op o;
    const slot *sl = &ing->slots[ps->slot];
    if (!ps->open)
        return problem_add(ing, LIION_E_STATE, "end of %s but no response is open on this equipment",
                           mstr(ing, seg_str));
    if (sl->open) { /* opened by an earlier message: check it */
        if (sl->seg_str != seg_str)
            return problem_add(ing, LIION_E_STATE, "end of %s but the open response is of %s",
                               mstr(ing, seg_str), mstr(ing, sl->seg_str));
        if (time < sl->start)
            return problem_add(ing, LIION_E_RANGE, "end time before the response's start");
    }
    memset(&o, 0, sizeof o);
    o.type = OP_END;
    o.slot = ps->slot;
    ps->open = false;
    return push_op(ing, &o);
}

/* A produced or consumed lot with ID text[0..len) (NUL-terminated). */
static liion_status plan_lot(liion_ingest *ing, plan_slot *ps, bool produced, const char *text,
                             size_t len, uint32_t def_str, const char *field)
{
    op o;
    uint32_t idx = LIION_PLANT_NONE, def = LIION_PLANT_NONE;
    if (!id_ok(text, len))
        return problem_add(ing, LIION_E_RANGE, "%s: lot ID is not a valid ID (1 to 255 bytes, no "
                                               "control characters)", field);
    if (!produced) {
        if (liion_plant_find(&idx, ing->plant, LIION_OBJ_LOT, NULL, text) != LIION_OK)
            return problem_add(ing, LIION_E_NOT_FOUND, "%s: consumed lot %s is not in the plant",
                               field, text);
    } else if (def_str != LIION__NO_STR &&
               !cached_find(ing, LIION_OBJ_MATERIAL_DEFINITION, def_str, &def)) {
        return problem_add(ing, LIION_E_NOT_FOUND,
                           "%s: material definition %s is not in the plant", field,
                           mstr(ing, def_str));
    } /* a produced lot is added when applied, or reused when it already exists */
    if (!ps->open && ps->n_lots >= LIION_INGEST_MAX_RESPONSE_LOTS)
        ps->n_lots = LIION_INGEST_MAX_RESPONSE_LOTS - 1u; /* the oldest staged lot drops out */
    if (ps->n_lots >= LIION_INGEST_MAX_RESPONSE_LOTS)
        return problem_add(ing, LIION_E_LIMIT, "%s: more than %u lots in one segment response",
                           field, LIION_INGEST_MAX_RESPONSE_LOTS);
    memset(&o, 0, sizeof o);
    o.type = produced ? OP_PRODUCE : OP_CONSUME;
    o.slot = ps->slot;
    o.a = idx;
    o.name = def;
    o.text = text;
    ps->n_lots++;
    ps->has_lot = true;
    return push_op(ing, &o);
}

/* A numeric or text value for value rule v. */
static liion_status plan_value(liion_ingest *ing, plan_slot *ps,
                               const liion__ingest_value_rule *v, double num, const char *text,
                               uint64_t index, const char *field)
{
    op o;
    memset(&o, 0, sizeof o);
    o.slot = ps->slot;
    o.name = v->name;
    o.unit = v->unit;
    o.num = num;
    o.text = text;
    o.index = index;
    switch (v->kind) {
    case LIION__VAL_PROP:
        o.type = OP_PROP;
        break;
    case LIION__VAL_TEXT:
        o.type = OP_TEXT;
        break;
    case LIION__VAL_QTY:
        if (!ps->has_lot)
            return problem_add(ing, LIION_E_STATE, "%s: no lot in process for a quantity", field);
        o.type = OP_QTY;
        break;
    case LIION__VAL_CHECK: {
        size_t li;
        liion_spec_limit_info info;
        if (!ing->reg || !ing->limits)
            return problem_add(ing, LIION_E_STATE,
                               "%s: check %s but the ingest has no spec registry and limits",
                               field, mstr(ing, v->name));
        if (liion_spec_limits_find(&li, ing->limits, mstr(ing, v->name)) != LIION_OK)
            return problem_add(ing, LIION_E_NOT_FOUND, "%s: the limit set has no limit for %s",
                               field, mstr(ing, v->name));
        memset(&info, 0, sizeof info);
        info.struct_size = (uint32_t)sizeof info;
        if (liion_spec_limits_get(&info, ing->limits, li) != LIION_OK)
            return problem_add(ing, LIION_E_NOT_FOUND, "%s: the limit set has no limit for %s",
                               field, mstr(ing, v->name));
        if (strcmp(info.unit, mstr(ing, v->unit)) != 0)
            return problem_add(ing, LIION_E_RANGE,
                               "%s: wrong unit for %s: the mapping says %s, the limit is in %s",
                               field, mstr(ing, v->name), mstr(ing, v->unit), info.unit);
        o.type = OP_CHECK;
        break;
    }
    default:
        return LIION_OK;
    }
    if (o.type != OP_TEXT && !isfinite(num))
        return problem_add(ing, LIION_E_RANGE, "%s: value is not a finite number", field);
    return push_op(ing, &o);
}

/* ---- applying ------------------------------------------------------------------------- */

static void target_of(const liion_ingest *ing, const slot *sl, liion_object_kind *kind,
                      uint32_t *idx)
{
    (void)ing;
    if (sl->in_process != LIION_PLANT_NONE) {
        *kind = LIION_OBJ_LOT;
        *idx = sl->in_process;
    } else {
        *kind = LIION_OBJ_EQUIPMENT;
        *idx = sl->eq;
    }
}

/* Room for one more lot in a slot's list: lots staged while no response is open keep the
 * latest LIION_INGEST_MAX_RESPONSE_LOTS, so a full list drops its oldest. True when the
 * dropped lot was a produced one. */
static bool make_room(uint32_t *lots, uint8_t *uses, uint32_t *n, bool open)
{
    bool produced;
    if (open || *n < LIION_INGEST_MAX_RESPONSE_LOTS)
        return false;
    produced = uses[0] == (uint8_t)LIION_USE_PRODUCED;
    memmove(lots, lots + 1, (*n - 1u) * sizeof *lots);
    memmove(uses, uses + 1, (*n - 1u) * sizeof *uses);
    (*n)--;
    return produced;
}

static liion_status apply_ops(liion_ingest *ing, int64_t time)
{
    liion_plant *pl = ing->plant;
    liion_status st;
    for (size_t i = 0; i < ing->n_ops; i++) {
        const op *o = &ing->ops[i];
        slot *sl = &ing->slots[o->slot];
        liion_object_kind kind;
        uint32_t idx;
        switch (o->type) {
        case OP_START:
            sl->open = true;
            sl->segment = o->a;
            sl->seg_str = o->name;
            sl->start = time; /* lots staged before the start stay: they join this response */
            sl->generated = false;
            if (o->text) {
                snprintf(sl->resp_id, sizeof sl->resp_id, "%s", o->text);
            } else {
                uint32_t r;
                const char *eqid = liion_plant_id(pl, LIION_OBJ_EQUIPMENT, sl->eq);
                (void)r;
                sl->seq++;
                snprintf(sl->resp_id, sizeof sl->resp_id, "%.100s/%.100s/%llu",
                         eqid ? eqid : "?", mstr(ing, o->name), (unsigned long long)sl->seq);
                sl->generated = true; /* made unique when the response is added */
            }
            break;
        case OP_PRODUCE:
        case OP_CONSUME:
            if (make_room(sl->lots, sl->uses, &sl->n_lots, sl->open))
                sl->n_produced--;
            if (o->type == OP_CONSUME) {
                sl->lots[sl->n_lots] = o->a;
                sl->uses[sl->n_lots++] = (uint8_t)LIION_USE_CONSUMED;
                if (sl->n_produced == 0)
                    sl->in_process = o->a;
                break;
            }
            st = liion_plant_lot_add(&idx, pl, NULL, o->text, o->name, LIION_PLANT_NONE);
            if (st == LIION_E_EXISTS)
                st = liion_plant_find(&idx, pl, LIION_OBJ_LOT, NULL, o->text);
            else if (st == LIION_OK)
                ing->stats[LIION_INGEST_STAT_LOTS]++;
            if (st != LIION_OK)
                return apply_failed(ing, st, "adding the produced lot");
            sl->lots[sl->n_lots] = idx;
            sl->uses[sl->n_lots++] = (uint8_t)LIION_USE_PRODUCED;
            sl->n_produced++;
            sl->in_process = idx;
            break;
        case OP_PROP:
            target_of(ing, sl, &kind, &idx);
            if ((st = liion_plant_prop_set_number(pl, kind, idx, mstr(ing, o->name), o->num,
                                                  mstr(ing, o->unit))) != LIION_OK)
                return apply_failed(ing, st, "setting a property");
            ing->stats[LIION_INGEST_STAT_VALUES]++;
            break;
        case OP_TEXT:
            target_of(ing, sl, &kind, &idx);
            if ((st = liion_plant_prop_set_text(pl, kind, idx, mstr(ing, o->name), o->text)) !=
                LIION_OK)
                return apply_failed(ing, st, "setting a text property");
            ing->stats[LIION_INGEST_STAT_VALUES]++;
            break;
        case OP_ROLL:
            if ((st = liion_plant_roll_use(pl, o->a, o->num, o->num2, sl->in_process,
                                           (uint32_t)o->index)) != LIION_OK)
                return apply_failed(ing, st, "recording a roll use");
            ing->stats[LIION_INGEST_STAT_VALUES]++;
            break;
        case OP_QTY:
            if ((st = liion_plant_lot_set_quantity(pl, sl->in_process, o->num, mstr(ing, o->unit),
                                                   LIION_QTY_REAL)) != LIION_OK)
                return apply_failed(ing, st, "setting a lot quantity");
            ing->stats[LIION_INGEST_STAT_VALUES]++;
            break;
        case OP_CHECK: {
            const char *where;
            target_of(ing, sl, &kind, &idx);
            where = liion_plant_id(pl, kind, idx);
            liion_spec_result_clear(ing->result);
            if ((st = liion_spec_check_value(ing->result, ing->limits, mstr(ing, o->name),
                                             mstr(ing, o->unit), o->num, where, o->index)) !=
                    LIION_OK ||
                (st = liion_spec_registry_attach(NULL, ing->reg, kind, idx, ing->result,
                                                 ing->limits, mstr(ing, o->name), time)) !=
                    LIION_OK)
                return apply_failed(ing, st, "a spec check");
            ing->stats[LIION_INGEST_STAT_CHECKS]++;
            ing->stats[LIION_INGEST_STAT_VALUES]++;
            if (liion_spec_result_failed(ing->result))
                ing->stats[LIION_INGEST_STAT_CHECKS_FAILED]++;
            break;
        }
        case OP_END: {
            uint32_t r, n = sl->n_lots;
            sl->open = false;
            sl->n_lots = 0; /* the next response starts empty */
            sl->n_produced = 0;
            st = liion_plant_response_add(&r, pl, NULL, sl->resp_id, sl->segment, sl->start, time);
            while (st == LIION_E_EXISTS && sl->generated) { /* a number taken by an earlier run */
                const char *eqid = liion_plant_id(pl, LIION_OBJ_EQUIPMENT, sl->eq);
                sl->seq++;
                snprintf(sl->resp_id, sizeof sl->resp_id, "%.100s/%.100s/%llu", eqid ? eqid : "?",
                         mstr(ing, sl->seg_str), (unsigned long long)sl->seq);
                st = liion_plant_response_add(&r, pl, NULL, sl->resp_id, sl->segment, sl->start,
                                              time);
            }
            if (st != LIION_OK)
                return apply_failed(ing, st, "adding the segment response");
            if ((st = liion_plant_response_add_equipment(pl, r, sl->eq)) != LIION_OK)
                return apply_failed(ing, st, "adding the equipment actual");
            for (uint32_t k = 0; k < n; k++)
                if ((st = liion_plant_response_add_material(pl, r, sl->lots[k],
                                                            (liion_material_use)sl->uses[k])) !=
                    LIION_OK)
                    return apply_failed(ing, st, "adding a material actual");
            ing->stats[LIION_INGEST_STAT_RESPONSES]++;
            break;
        }
        default:
            break;
        }
    }
    ing->stats[LIION_INGEST_STAT_MESSAGES]++;
    liion__ctx_enter(ing->ctx); /* success reads "no error" after the plant's finds */
    return LIION_OK;
}

/* A slot's lots as they will stand when the message's END op runs (check_cycles()). */
typedef struct sim_slot {
    uint32_t slot, n;
    bool open;
    uint32_t lots[LIION_INGEST_MAX_RESPONSE_LOTS]; /* NONE: a lot the message creates */
    uint8_t uses[LIION_INGEST_MAX_RESPONSE_LOTS];
} sim_slot;

#define SIM_SLOTS 4u

/* Refuse, before anything changes, a message whose response would close a loop in material
 * flow: a produced lot that is a consumed lot or already one of its ancestors. The plant
 * would refuse that material actual half way through the response. The pairs are checked
 * against the graph as it stands before the message, which is enough for one response (a
 * loop through the response's new edges starts with such a pair); a message closing
 * responses on more than SIM_SLOTS slots is left to the plant's own check. */
static liion_status check_cycles(liion_ingest *ing)
{
    sim_slot sim[SIM_SLOTS];
    size_t ns = 0, ends = 0;
    liion_plant *pl = ing->plant;
    for (size_t i = 0; i < ing->n_ops; i++)
        ends += ing->ops[i].type == OP_END;
    if (ends == 0)
        return LIION_OK; /* no response closes: nothing to check (most messages) */
    for (size_t i = 0; i < ing->n_ops; i++) {
        const op *o = &ing->ops[i];
        sim_slot *m = NULL;
        if (o->type != OP_START && o->type != OP_PRODUCE && o->type != OP_CONSUME &&
            o->type != OP_END)
            continue;
        for (size_t k = 0; k < ns && m == NULL; k++)
            if (sim[k].slot == o->slot)
                m = &sim[k];
        if (m == NULL) {
            const slot *sl = &ing->slots[o->slot];
            if (ns == SIM_SLOTS)
                return LIION_OK;
            m = &sim[ns++];
            m->slot = o->slot;
            m->n = sl->n_lots;
            m->open = sl->open;
            memcpy(m->lots, sl->lots, sl->n_lots * sizeof *m->lots);
            memcpy(m->uses, sl->uses, sl->n_lots * sizeof *m->uses);
        }
        if (o->type == OP_START) {
            m->open = true;
        } else if (o->type == OP_PRODUCE || o->type == OP_CONSUME) {
            uint32_t idx = o->a;
            (void)make_room(m->lots, m->uses, &m->n, m->open); /* as apply_ops() */
            if (o->type == OP_PRODUCE &&
                liion_plant_find(&idx, pl, LIION_OBJ_LOT, NULL, o->text) != LIION_OK)
                idx = LIION_PLANT_NONE; /* made by this message: feeds nothing yet */
            m->lots[m->n] = idx;
            m->uses[m->n++] = (uint8_t)(o->type == OP_PRODUCE ? LIION_USE_PRODUCED
                                                               : LIION_USE_CONSUMED);
        } else { /* OP_END */
            for (uint32_t a = 0; a < m->n; a++) {
                uint32_t p = m->lots[a];
                if (m->uses[a] != (uint8_t)LIION_USE_PRODUCED || p == LIION_PLANT_NONE)
                    continue;
                for (uint32_t b = 0; b < m->n; b++) {
                    uint32_t c = m->lots[b];
                    bool loop = false;
                    liion_status st;
                    if (m->uses[b] != (uint8_t)LIION_USE_CONSUMED)
                        continue;
                    if (c == p)
                        loop = true;
                    else if (!liion__gen_is_terminal(&pl->gen, p) &&
                             (st = liion__gen_is_ancestor(&loop, &pl->gen, c, p)) != LIION_OK)
                        return problem_add(ing, st, "checking material flow failed");
                    if (loop) {
                        /* the response can never close: drop it, or the equipment could
                         * never start another */
                        slot *sl = &ing->slots[m->slot];
                        sl->open = false;
                        sl->n_lots = 0;
                        sl->n_produced = 0;
                        return problem_add(
                            ing, LIION_E_STATE,
                            "cycle in material flow: lot '%s' would be made from lot '%s', "
                            "which is made from it (nothing applied; the open response is "
                            "dropped)",
                            liion_plant_id(pl, LIION_OBJ_LOT, p),
                            liion_plant_id(pl, LIION_OBJ_LOT, c));
                    }
                }
            }
            m->open = false;
            m->n = 0;
        }
    }
    liion__ctx_enter(ing->ctx); /* the finds of new lots leave NOT_FOUND behind */
    return LIION_OK;
}

/* Apply the validated plan as one atomic group of the plant's store (no store: no group), so
 * a crash never leaves part of a message durable; a failure abandons the group. */
static liion_status apply(liion_ingest *ing, int64_t time)
{
    liion_plant *pl = ing->plant;
    liion_status st = check_cycles(ing);
    if (st != LIION_OK)
        return st;
    st = liion__plant_atomic(pl, LIION__OP_ATOMIC_BEGIN);
    if (st != LIION_OK) {
        char msg[160];
        snprintf(msg, sizeof msg, "%s", liion_ctx_errmsg(ing->ctx));
        return problem_add(ing, st, "the plant's store refused the message (nothing applied): %s",
                           msg);
    }
    if ((st = apply_ops(ing, time)) != LIION_OK) {
        (void)liion__plant_atomic(pl, LIION__OP_ATOMIC_ABORT);
        return st;
    }
    if ((st = liion__plant_atomic(pl, LIION__OP_ATOMIC_END)) != LIION_OK)
        return apply_failed(ing, st, "committing the message to the store");
    return LIION_OK;
}

/* ---- S6F11 ---------------------------------------------------------------------------- */

/* Copy the text of an <A> item into the scratch (NUL-terminated) as v's text. */
static liion_status push_text(liion_ingest *ing, const liion_secs_item *item, ival *v)
{
    size_t len = 0;
    const uint8_t *t = liion_secs_item_text(item, &len);
    liion_status st;
    if ((st = grow(ing, (void **)&ing->scratch, &ing->cap_scr, ing->n_scr + len + 1u, 1)) !=
        LIION_OK)
        return st;
    if (len)
        memcpy(ing->scratch + ing->n_scr, t, len);
    ing->scratch[ing->n_scr + len] = '\0';
    v->toff = ing->n_scr;
    v->tlen = len;
    ing->n_scr += len + 1u;
    return LIION_OK;
}

/* One number from a one-element numeric item (F4/F8, I*, U*, and BOOLEAN as 0/1). */
static bool item_number(const liion_secs_item *item, double *out)
{
    int64_t i64;
    uint64_t u64;
    int b;
    if (item == NULL || liion_secs_item_count(item) != 1)
        return false;
    if (liion_secs_item_get_float(out, item, 0) == LIION_OK)
        return true;
    if (liion_secs_item_format(item) == LIION_SECS_BOOLEAN &&
        liion_secs_item_get_bool(&b, item, 0) == LIION_OK) {
        *out = b;
        return true;
    }
    if (liion_secs_item_format(item) == LIION_SECS_U8 &&
        liion_secs_item_get_uint(&u64, item, 0) == LIION_OK) {
        *out = (double)u64;
        return true;
    }
    if (liion_secs_item_format(item) != LIION_SECS_B &&
        liion_secs_item_get_int(&i64, item, 0) == LIION_OK) {
        *out = (double)i64;
        return true;
    }
    return false;
}

static liion_status push_item(liion_ingest *ing, uint32_t vid, const liion_secs_item *item)
{
    ival v;
    liion_status st;
    liion_secs_format f = liion_secs_item_format(item);
    memset(&v, 0, sizeof v);
    v.vid = vid;
    v.fmt = (uint32_t)f;
    v.kind = V_OTHER;
    if (f == LIION_SECS_A) {
        if ((st = push_text(ing, item, &v)) != LIION_OK)
            return st;
        v.kind = V_TEXT;
    } else if (f == LIION_SECS_L) { /* a roll use: <L [3|4] <A roll> <md_start> <md_end> [<sheet>]> */
        size_t n = liion_secs_item_count(item);
        const liion_secs_item *c[4] = { NULL, NULL, NULL, NULL };
        uint64_t sheet = 0;
        for (size_t i = 0; i < n && i < 4; i++)
            c[i] = liion_secs_item_child(item, i);
        if ((n == 3 || n == 4) && c[0] != NULL && liion_secs_item_format(c[0]) == LIION_SECS_A &&
            item_number(c[1], &v.num) && item_number(c[2], &v.num2) &&
            (n == 3 || (liion_secs_item_get_uint(&sheet, c[3], 0) == LIION_OK &&
                        liion_secs_item_count(c[3]) == 1 && sheet <= UINT32_MAX))) {
            if ((st = push_text(ing, c[0], &v)) != LIION_OK)
                return st;
            v.sheet = (uint32_t)sheet;
            v.kind = V_ROLL;
        }
    } else if (item_number(item, &v.num)) {
        v.kind = V_NUM;
    }
    if ((st = grow(ing, (void **)&ing->vals, &ing->cap_vals, ing->n_vals + 1u, sizeof v)) !=
        LIION_OK)
        return st;
    ing->vals[ing->n_vals++] = v;
    return LIION_OK;
}

static liion_status on_value(void *user, uint32_t rptid, uint32_t vid, const liion_secs_item *value)
{
    (void)rptid;
    return push_item((liion_ingest *)user, vid, value);
}

static const ival *find_val(const liion_ingest *ing, uint32_t vid)
{
    for (size_t i = 0; i < ing->n_vals; i++)
        if (ing->vals[i].vid == vid)
            return &ing->vals[i];
    return NULL;
}

static const char *fmt_name(uint32_t fmt)
{
    return liion_secs_format_name((liion_secs_format)fmt);
}

/* An electrode interval the lot in process took from a roll (liion_plant_roll_use()). */
static liion_status plan_roll(liion_ingest *ing, plan_slot *ps, const ival *x, const char *field)
{
    const char *roll_id = ing->scratch + x->toff;
    op o;
    if (!ps->has_lot)
        return problem_add(ing, LIION_E_STATE, "%s: no lot in process for a roll use", field);
    memset(&o, 0, sizeof o);
    if (liion_plant_find(&o.a, ing->plant, LIION_OBJ_LOT, NULL, roll_id) != LIION_OK)
        return problem_add(ing, LIION_E_NOT_FOUND, "%s: roll '%s' is not a lot of the plant",
                           field, roll_id);
    if (!isfinite(x->num) || !isfinite(x->num2) || !(x->num < x->num2))
        return problem_add(ing, LIION_E_RANGE, "%s: roll interval [%g, %g) m is empty or not "
                                               "finite",
                           field, x->num, x->num2);
    o.type = OP_ROLL;
    o.slot = ps->slot;
    o.num = x->num;
    o.num2 = x->num2;
    o.index = x->sheet;
    return push_op(ing, &o);
}

/* Plan and apply an event whose values are in ing->vals. */
static liion_status run_event(liion_ingest *ing, const char *equipment, uint32_t ceid,
                              int64_t time)
{
    const liion_ingest_map *m = ing->map;
    uint32_t eq_str, s;
    uint64_t ri;
    const liion__ingest_rule *r;
    plan_slot ps;
    liion_status st;
    uint64_t index = 0;
    char field[40];

    if (!liion__intern_find(&m->strs, equipment, strlen(equipment), &eq_str) ||
        !liion__map64_get(&m->keys, liion__ingest_key(LIION__SRC_S6F11, eq_str, ceid), &ri))
        return problem_add(ing, LIION_E_UNSUPPORTED, "not covered by the mapping");
    r = &m->rules[ri];
    if ((st = slot_of(ing, eq_str, &s)) != LIION_OK)
        return st;
    plan_init(ing, &ps, s);
    ing->n_ops = 0;
    if (r->action == LIION__ACT_START && (st = plan_start(ing, &ps, r->segment, NULL)) != LIION_OK)
        return st;
    /* pass 1: lots and the position; pass 2: the values */
    for (int pass = 1; pass <= 2; pass++) {
        for (uint32_t k = 0; k < r->n_values; k++) {
            const liion__ingest_value_rule *v = &m->values[r->first_value + k];
            bool first = v->kind == LIION__VAL_LOT_PRODUCED || v->kind == LIION__VAL_LOT_CONSUMED ||
                         v->kind == LIION__VAL_POSITION;
            const ival *x;
            if (first != (pass == 1))
                continue;
            snprintf(field, sizeof field, "VID %u", (unsigned)v->vid);
            x = find_val(ing, v->vid);
            if (!x)
                return problem_add(ing, LIION_E_NOT_FOUND, "%s: missing from the report", field);
            if (v->kind == LIION__VAL_LOT_PRODUCED || v->kind == LIION__VAL_LOT_CONSUMED ||
                v->kind == LIION__VAL_TEXT) {
                if (x->kind != V_TEXT)
                    return problem_add(ing, LIION_E_RANGE, "%s: wrong type %s (expected A text)",
                                       field, fmt_name(x->fmt));
                if (v->kind == LIION__VAL_TEXT)
                    st = plan_value(ing, &ps, v, 0, ing->scratch + x->toff, index, field);
                else
                    st = plan_lot(ing, &ps, v->kind == LIION__VAL_LOT_PRODUCED,
                                  ing->scratch + x->toff, x->tlen, v->def, field);
            } else if (v->kind == LIION__VAL_ROLL_USE) {
                if (x->kind != V_ROLL)
                    return problem_add(ing, LIION_E_RANGE,
                                       "%s: wrong type %s (expected <L [3] <A roll> md_start "
                                       "md_end>, optionally a fourth item <U sheet>)",
                                       field, fmt_name(x->fmt));
                st = plan_roll(ing, &ps, x, field);
            } else {
                if (x->kind != V_NUM)
                    return problem_add(ing, LIION_E_RANGE,
                                       "%s: wrong type %s (expected one number)", field,
                                       fmt_name(x->fmt));
                if (v->kind == LIION__VAL_POSITION) {
                    if (!(x->num >= 0) || x->num > 9.0e15)
                        return problem_add(ing, LIION_E_RANGE, "%s: position out of range", field);
                    index = (uint64_t)x->num;
                    st = LIION_OK;
                } else {
                    st = plan_value(ing, &ps, v, x->num, NULL, index, field);
                }
            }
            if (st != LIION_OK)
                return st;
        }
    }
    if (r->action == LIION__ACT_END && (st = plan_end(ing, &ps, r->segment, time)) != LIION_OK)
        return st;
    return apply(ing, time);
}

static liion_status enter(liion_ingest *ing)
{
    if (!ing_valid(ing))
        return LIION_E_INVALID_ARG;
    return liion__ctx_enter(ing->ctx);
}

LIION_API liion_status liion_ingest_s6f11(liion_ingest *ing, const char *equipment,
                                          liion_gem_reports *reports, const uint8_t *body,
                                          size_t len, int64_t time)
{
    liion_status st = enter(ing);
    uint32_t ceid = 0;
    if (st != LIION_OK)
        return st;
    if (!equipment || !reports || (!body && len))
        return liion__error(ing->ctx, LIION_E_INVALID_ARG, "liion_ingest_s6f11: NULL argument");
    ing->n_vals = 0;
    ing->n_scr = 0;
    memset(&ing->cur, 0, sizeof ing->cur);
    ing->cur.src = LIION__SRC_S6F11;
    ing->cur.equipment = equipment;
    st = liion_gem_reports_s6f11_decode(NULL, &ceid, reports, body, len, on_value, ing);
    ing->cur.key = ceid;
    if (st != LIION_OK) {
        char msg[160];
        snprintf(msg, sizeof msg, "%s", liion_ctx_errmsg(ing->ctx));
        return problem_add(ing, st, "body does not decode: %s", msg);
    }
    return run_event(ing, equipment, ceid, time);
}

LIION_API liion_status liion_ingest_event(liion_ingest *ing, const char *equipment, uint32_t ceid,
                                          const uint32_t *vids,
                                          const liion_secs_item *const *values, size_t n,
                                          int64_t time)
{
    liion_status st = enter(ing);
    if (st != LIION_OK)
        return st;
    if (!equipment || (n && (!vids || !values)))
        return liion__error(ing->ctx, LIION_E_INVALID_ARG, "liion_ingest_event: NULL argument");
    memset(&ing->cur, 0, sizeof ing->cur);
    ing->cur.src = LIION__SRC_S6F11;
    ing->cur.equipment = equipment;
    ing->cur.key = ceid;
    ing->n_vals = 0;
    ing->n_scr = 0;
    for (size_t i = 0; i < n; i++) {
        if (!values[i])
            return liion__error(ing->ctx, LIION_E_INVALID_ARG, "liion_ingest_event: NULL value %zu", i);
        if ((st = push_item(ing, vids[i], values[i])) != LIION_OK)
            return problem_add(ing, st, "out of memory collecting the values");
    }
    return run_event(ing, equipment, ceid, time);
}

/* ---- E40 / E87 ------------------------------------------------------------------------ */

LIION_API liion_status liion_ingest_state_change(liion_ingest *ing, const char *equipment,
                                                 liion_ingest_machine machine, uint32_t state,
                                                 const char *object_id, int64_t time)
{
    liion_status st = enter(ing);
    const liion_ingest_map *m;
    uint32_t eq_str, s, src;
    uint64_t ri;
    const liion__ingest_rule *r;
    plan_slot ps;
    if (st != LIION_OK)
        return st;
    if (!equipment || (machine != LIION_INGEST_E40 && machine != LIION_INGEST_E87))
        return liion__error(ing->ctx, LIION_E_INVALID_ARG,
                            "liion_ingest_state_change: NULL equipment or unknown machine");
    m = ing->map;
    src = machine == LIION_INGEST_E40 ? LIION__SRC_E40 : LIION__SRC_E87;
    memset(&ing->cur, 0, sizeof ing->cur);
    ing->cur.src = src;
    ing->cur.equipment = equipment;
    ing->cur.key = state;
    if (!liion__intern_find(&m->strs, equipment, strlen(equipment), &eq_str) ||
        !liion__map64_get(&m->keys, liion__ingest_key(src, eq_str, state), &ri))
        return problem_add(ing, LIION_E_UNSUPPORTED, "not covered by the mapping");
    r = &m->rules[ri];
    if (r->action == LIION__ACT_IGNORE) {
        ing->stats[LIION_INGEST_STAT_MESSAGES]++;
        return LIION_OK;
    }
    if ((st = slot_of(ing, eq_str, &s)) != LIION_OK)
        return st;
    plan_init(ing, &ps, s);
    ing->n_ops = 0;
    switch (r->action) {
    case LIION__ACT_START:
        st = plan_start(ing, &ps, r->segment, src == LIION__SRC_E40 ? object_id : NULL);
        break;
    case LIION__ACT_END:
        st = plan_end(ing, &ps, r->segment, time);
        break;
    case LIION__ACT_CONSUME:
    case LIION__ACT_PRODUCE:
        if (!object_id)
            return problem_add(ing, LIION_E_NOT_FOUND, "carrier ID: none given");
        st = plan_lot(ing, &ps, r->action == LIION__ACT_PRODUCE, object_id, strlen(object_id),
                      r->def, "carrier ID");
        break;
    default:
        st = LIION_OK;
        break;
    }
    if (st != LIION_OK)
        return st;
    return apply(ing, time);
}

/* ---- OPC UA --------------------------------------------------------------------------- */

static liion_status variant_number(liion_ingest *ing, const liion_ua_variant *var,
                                   const liion_ua_datavalue *dv, uint32_t element, double *out,
                                   const char *field)
{
    if (dv && (liion_ua_datavalue_status(dv) & 0x80000000u))
        return problem_add(ing, LIION_E_RANGE, "%s: bad status %s", field,
                           liion_ua_status_name(liion_ua_datavalue_status(dv)));
    if (!var || liion_ua_variant_type(var) == LIION_UA_TYPE_NULL)
        return problem_add(ing, LIION_E_RANGE, "%s: no value", field);
    if (element >= liion_ua_variant_length(var) && !(element == 0 && !liion_ua_variant_is_array(var)))
        return problem_add(ing, LIION_E_RANGE, "%s: element %u out of range (%zu elements)", field,
                           (unsigned)element, liion_ua_variant_length(var));
    if (liion_ua_variant_get_double(var, element, out) != LIION_OK)
        return problem_add(ing, LIION_E_RANGE, "%s: wrong type (UA type %d, expected a number)",
                           field, (int)liion_ua_variant_type(var));
    return LIION_OK;
}

/* Plan one value rule `ri` for a number already extracted. */
static liion_status plan_rule_value(liion_ingest *ing, const liion__ingest_rule *r, double num,
                                    uint64_t index, const char *field)
{
    plan_slot ps;
    uint32_t s;
    liion_status st;
    if ((st = slot_of(ing, r->equipment, &s)) != LIION_OK)
        return st;
    plan_init(ing, &ps, s);
    return plan_value(ing, &ps, &ing->map->values[r->first_value], num, NULL, index, field);
}

LIION_API liion_status liion_ingest_uadp_msg(liion_ingest *ing, const liion_uadp_msg *msg,
                                             int64_t time)
{
    liion_status st = enter(ing);
    const liion_ingest_map *m;
    char field[48];
    if (st != LIION_OK)
        return st;
    if (!msg)
        return liion__error(ing->ctx, LIION_E_INVALID_ARG, "liion_ingest_uadp_msg: NULL message");
    m = ing->map;
    ing->n_ops = 0;
    for (size_t i = 0; i < liion_uadp_msg_dsm_count(msg); i++) {
        uint16_t writer = liion_uadp_dsm_writer_id(msg, i);
        size_t nf = liion_uadp_dsm_field_count(msg, i);
        uint64_t first;
        uint64_t index = 0;
        memset(&ing->cur, 0, sizeof ing->cur);
        ing->cur.src = LIION__SRC_UADP;
        ing->cur.key = writer;
        if (!liion__map64_get(&m->keys, liion__ingest_key(LIION__SRC_UADP, 0, writer), &first)) {
            if (liion_uadp_dsm_type_of(msg, i) == LIION_UADP_DSM_KEEPALIVE)
                continue;
            return problem_add(ing, LIION_E_UNSUPPORTED, "not covered by the mapping");
        }
        for (int pass = 1; pass <= 2; pass++) {
            for (uint64_t ri = first; ri != UINT32_MAX; ri = m->rules[ri].next) {
                const liion__ingest_rule *r = &m->rules[ri];
                const liion__ingest_value_rule *v = &m->values[r->first_value];
                size_t j;
                double num;
                if ((v->kind == LIION__VAL_POSITION) != (pass == 1))
                    continue;
                for (j = 0; j < nf; j++)
                    if (liion_uadp_dsm_field_index(msg, i, j) == v->vid)
                        break;
                if (j == nf)
                    continue; /* not in this (delta) frame */
                snprintf(field, sizeof field, "field %u", (unsigned)v->vid);
                if ((st = variant_number(ing, liion_uadp_dsm_field_variant(msg, i, j),
                                         liion_uadp_dsm_field_datavalue(msg, i, j), v->element,
                                         &num, field)) != LIION_OK)
                    return st;
                if (v->kind == LIION__VAL_POSITION) {
                    if (!(num >= 0) || num > 9.0e15)
                        return problem_add(ing, LIION_E_RANGE, "%s: position out of range", field);
                    index = (uint64_t)num;
                    continue;
                }
                if ((st = plan_rule_value(ing, r, num, index, field)) != LIION_OK)
                    return st;
            }
        }
    }
    return apply(ing, time);
}

LIION_API liion_status liion_ingest_uadp(liion_ingest *ing, const uint8_t *data, size_t len,
                                         int64_t time)
{
    liion_status st = enter(ing);
    if (st != LIION_OK)
        return st;
    if (!data && len)
        return liion__error(ing->ctx, LIION_E_INVALID_ARG, "liion_ingest_uadp: NULL data");
    memset(&ing->cur, 0, sizeof ing->cur);
    ing->cur.src = 0;
    if ((st = liion_uadp_msg_decode(ing->uadp, data, len)) != LIION_OK) {
        char msg[160];
        size_t off = liion_ctx_error_offset(ing->ctx);
        snprintf(msg, sizeof msg, "%s", liion_ctx_errmsg(ing->ctx));
        problem_add(ing, st, "UADP NetworkMessage does not decode: %s", msg);
        ing->ctx->err_offset = off;
        return st;
    }
    return liion_ingest_uadp_msg(ing, ing->uadp, time);
}

LIION_API liion_status liion_ingest_datavalue(liion_ingest *ing, uint16_t ns,
                                              const char *identifier,
                                              const liion_ua_datavalue *dv, int64_t time)
{
    liion_status st = enter(ing);
    const liion_ingest_map *m;
    char key[LIION_PLANT_MAX_ID_BYTES + 16u];
    uint32_t id;
    uint64_t first;
    int n;
    if (st != LIION_OK)
        return st;
    if (!identifier || !dv)
        return liion__error(ing->ctx, LIION_E_INVALID_ARG, "liion_ingest_datavalue: NULL argument");
    m = ing->map;
    memset(&ing->cur, 0, sizeof ing->cur);
    ing->cur.src = LIION__SRC_NODE;
    ing->cur.ns = ns;
    ing->cur.ident = identifier;
    ing->n_ops = 0;
    n = snprintf(key, sizeof key, "ns=%u;%s", (unsigned)ns, identifier);
    if (n < 0 || (size_t)n >= sizeof key || !liion__intern_find(&m->strs, key, (size_t)n, &id) ||
        !liion__map64_get(&m->keys, liion__ingest_key(LIION__SRC_NODE, 0, id), &first))
        return problem_add(ing, LIION_E_UNSUPPORTED, "not covered by the mapping");
    for (uint64_t ri = first; ri != UINT32_MAX; ri = m->rules[ri].next) {
        const liion__ingest_rule *r = &m->rules[ri];
        const liion__ingest_value_rule *v = &m->values[r->first_value];
        double num;
        if ((st = variant_number(ing, liion_ua_datavalue_value(dv), dv, v->element, &num,
                                 "value")) != LIION_OK ||
            (st = plan_rule_value(ing, r, num, 0, "value")) != LIION_OK)
            return st;
    }
    return apply(ing, time);
}

/* ---- queries -------------------------------------------------------------------------- */

LIION_API uint32_t liion_ingest_lot_in_process(const liion_ingest *ing, const char *equipment)
{
    uint32_t id, s;
    if (!ing_valid(ing) || !equipment ||
        !liion__intern_find(&ing->map->strs, equipment, strlen(equipment), &id) ||
        id >= ing->map->cap_eq_slot || (s = ing->map->eq_slot[id]) == UINT32_MAX)
        return LIION_PLANT_NONE;
    return ing->slots[s].in_process;
}

LIION_API uint64_t liion_ingest_stat(const liion_ingest *ing, liion_ingest_stat_kind kind)
{
    if (!ing_valid(ing) || kind < LIION_INGEST_STAT_MESSAGES || kind > LIION_INGEST_STAT_PROBLEMS)
        return 0;
    return ing->stats[kind];
}

LIION_API size_t liion_ingest_problem_count(const liion_ingest *ing)
{
    return ing_valid(ing) ? ing->n_problems : 0;
}

LIION_API const char *liion_ingest_problem(const liion_ingest *ing, size_t i)
{
    return ing_valid(ing) && i < ing->n_problems ? ing->problems[i].text : NULL;
}

LIION_API liion_status liion_ingest_problem_status(const liion_ingest *ing, size_t i)
{
    return ing_valid(ing) && i < ing->n_problems ? ing->problems[i].st : LIION_E_INVALID_ARG;
}

LIION_API void liion_ingest_problems_clear(liion_ingest *ing)
{
    if (ing_valid(ing))
        ing->n_problems = 0;
}
