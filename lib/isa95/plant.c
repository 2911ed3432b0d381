/* The ISA-95 object model of a liion_plant: IDs, equipment, materials, lots, properties,
 * process segments and segment responses with their actuals. See plant_int.h. */
#include "isa95/plant_int.h"

#include <math.h>
#include <string.h>

#define ID_SEP '\x1f'

static const char *const KIND_NAME[LIION__KINDS] = {
    "object", "equipment", "equipment class", "material class", "material definition",
    "lot", "process segment", "segment response", "person", "job response", "test result",
};

liion_status liion__vec_reserve(liion_ctx *ctx, void **p, size_t *cap, size_t need, size_t elem)
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
    if (*p == NULL)
        np = liion__alloc(ctx, new_bytes);
    else
        np = liion__realloc(ctx, *p, cur_bytes, new_bytes);
    if (np == NULL)
        return LIION_E_NOMEM;
    *p = np;
    *cap = new_cap;
    return LIION_OK;
}

#define VEC_RESERVE(plant, arr, cap, need)                                                    \
    liion__vec_reserve((plant)->ctx, (void **)&(arr), &(cap), (need), sizeof *(arr))

static bool kind_ok(liion_object_kind kind)
{
    return (uint32_t)kind >= 1u && (uint32_t)kind < LIION__KINDS;
}

liion_status liion__plant_enter(liion_plant *plant)
{
    if (plant == NULL)
        return LIION_E_INVALID_ARG;
    if (plant->magic != LIION__MAGIC_PLANT)
        return LIION_E_MISUSE;
    return liion__ctx_enter(plant->ctx);
}

liion_status liion__plant_check(liion_plant *plant, liion_object_kind kind, uint32_t index,
                                const char *what)
{
    if (!kind_ok(kind))
        return liion__error(plant->ctx, LIION_E_INVALID_ARG, "unknown object kind %d",
                            (int)kind);
    if (index >= liion__intern_count(&plant->ids[kind]))
        return liion__error(plant->ctx, LIION_E_NOT_FOUND, "%s: no %s with index %u", what,
                            KIND_NAME[kind], (unsigned)index);
    return LIION_OK;
}

/* ---- IDs ------------------------------------------------------------------------------- */

static liion_status check_text(liion_ctx *ctx, const char *s, const char *what, bool allow_empty,
                               size_t *len_out)
{
    size_t n;
    if (s == NULL)
        return liion__error(ctx, LIION_E_INVALID_ARG, "%s is NULL", what);
    n = strnlen(s, LIION_PLANT_MAX_ID_BYTES + 1);
    if (n > LIION_PLANT_MAX_ID_BYTES)
        return liion__error(ctx, LIION_E_INVALID_ARG, "%s is longer than %u bytes", what,
                            LIION_PLANT_MAX_ID_BYTES);
    if (n == 0 && !allow_empty)
        return liion__error(ctx, LIION_E_INVALID_ARG, "%s is empty", what);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20u)
            return liion__error(ctx, LIION_E_INVALID_ARG,
                                "%s holds a control character (0x%02x) at byte %zu", what,
                                (unsigned)(unsigned char)s[i], i);
    *len_out = n;
    return LIION_OK;
}

/* Key "scheme\x1fid", or "id" without a scheme, into buf (2 * 255 + 1 bytes). */
static liion_status make_key(liion_ctx *ctx, char *buf, size_t *len_out, const char *scheme,
                             const char *id)
{
    size_t sl = 0, il;
    liion_status st;
    if (scheme != NULL && (st = check_text(ctx, scheme, "ID scheme", true, &sl)) != LIION_OK)
        return st;
    if ((st = check_text(ctx, id, "ID", false, &il)) != LIION_OK)
        return st;
    if (sl > 0) {
        memcpy(buf, scheme, sl);
        buf[sl++] = ID_SEP;
    }
    memcpy(buf + sl, id, il);
    *len_out = sl + il;
    return LIION_OK;
}

#define KEY_CAP (2u * LIION_PLANT_MAX_ID_BYTES + 2u)

static void key_split(const char *key, size_t len, const char **id, const char **scheme_end)
{
    const char *sep = memchr(key, ID_SEP, len);
    *id = sep ? sep + 1 : key;
    *scheme_end = sep ? sep : key;
}

LIION_API liion_status liion_plant_find(uint32_t *index_out, liion_plant *plant,
                                        liion_object_kind kind, const char *scheme,
                                        const char *id)
{
    char key[KEY_CAP];
    size_t kl;
    liion_status st = liion__plant_enter(plant);
    if (index_out != NULL)
        *index_out = LIION__NONE;
    if (st != LIION_OK)
        return st;
    if (index_out == NULL)
        return liion__error(plant->ctx, LIION_E_INVALID_ARG, "index_out is NULL");
    if (!kind_ok(kind))
        return liion__error(plant->ctx, LIION_E_INVALID_ARG, "unknown object kind %d",
                            (int)kind);
    if ((st = make_key(plant->ctx, key, &kl, scheme, id)) != LIION_OK)
        return st;
    if (!liion__intern_find(&plant->ids[kind], key, kl, index_out))
        return liion__error(plant->ctx, LIION_E_NOT_FOUND, "unknown %s ID '%s'%s%s%s",
                            KIND_NAME[kind], id, scheme && *scheme ? " (scheme '" : "",
                            scheme && *scheme ? scheme : "", scheme && *scheme ? "')" : "");
    return LIION_OK;
}

LIION_API const char *liion_plant_id(const liion_plant *plant, liion_object_kind kind,
                                     uint32_t index)
{
    size_t len;
    const char *key, *id, *se;
    if (plant == NULL || plant->magic != LIION__MAGIC_PLANT || !kind_ok(kind))
        return NULL;
    key = liion__intern_str(&plant->ids[kind], index, &len);
    if (key == NULL)
        return NULL;
    key_split(key, len, &id, &se);
    return id;
}

LIION_API const char *liion_plant_scheme(const liion_plant *plant, liion_object_kind kind,
                                         uint32_t index)
{
    /* The scheme is the key's prefix; obj_add() also interns it alone in plant->strings,
     * which gives the NUL-terminated copy returned here. */
    size_t len;
    const char *key, *id, *se;
    uint32_t sid;
    if (plant == NULL || plant->magic != LIION__MAGIC_PLANT || !kind_ok(kind))
        return NULL;
    key = liion__intern_str(&plant->ids[kind], index, &len);
    if (key == NULL)
        return NULL;
    key_split(key, len, &id, &se);
    if (se == key)
        return "";
    if (!liion__intern_find(&plant->strings, key, (size_t)(se - key), &sid))
        return "";
    return liion__intern_str(&plant->strings, sid, NULL);
}

/* Mutation point: intern a new object's key. The caller has reserved its arrays for
 * count + 1 elements, so nothing can fail after the key is in. */
static liion_status obj_add(uint32_t *index_out, liion_plant *plant, liion_object_kind kind,
                            const char *scheme, const char *id)
{
    char key[KEY_CAP];
    size_t kl;
    bool is_new;
    uint32_t idx;
    liion_status st = make_key(plant->ctx, key, &kl, scheme, id);
    if (st != LIION_OK)
        return st;
    if (liion__intern_find(&plant->ids[kind], key, kl, &idx))
        return liion__error(plant->ctx, LIION_E_EXISTS, "%s ID '%s' already exists",
                            KIND_NAME[kind], id);
    if (scheme != NULL && *scheme != '\0') {
        /* Keep a NUL-terminated copy of the scheme for liion_plant_scheme(). */
        if ((st = liion__intern_put(&plant->strings, scheme, strlen(scheme), NULL, NULL)) !=
            LIION_OK)
            return st;
    }
    st = liion__intern_put(&plant->ids[kind], key, kl, &idx, &is_new);
    if (st == LIION_E_LIMIT)
        return liion__error(plant->ctx, LIION_E_LIMIT, "too many %s objects",
                            KIND_NAME[kind]);
    if (st != LIION_OK)
        return st;
    *index_out = idx;
    return LIION_OK;
}

static uint32_t count_of(const liion_plant *plant, liion_object_kind kind)
{
    return liion__intern_count(&plant->ids[kind]);
}

/* Journal one successful mutation (lib/store); LIION_OK without a store. */
liion_status liion__plant_journal(liion_plant *plant, const liion__plant_op *op)
{
    if (plant->hook == NULL)
        return LIION_OK;
    return plant->hook(plant->hook_user, op);
}

liion_status liion__plant_atomic(liion_plant *plant, uint32_t what)
{
    liion__plant_op op = { .op = what };
    if (plant->hook == NULL)
        return LIION_OK;
    return plant->hook(plant->hook_user, &op);
}

static liion_status journal(liion_plant *plant, liion__plant_op op)
{
    return liion__plant_journal(plant, &op);
}

/* ---- plant ----------------------------------------------------------------------------- */

LIION_API liion_status liion_plant_new(liion_plant **out, liion_ctx *ctx)
{
    liion_plant *p;
    liion_status st;
    if (out == NULL)
        return ctx != NULL && liion__ctx_valid(ctx)
                   ? liion__error(ctx, LIION_E_INVALID_ARG, "out is NULL")
                   : LIION_E_INVALID_ARG;
    *out = NULL;
    if ((st = liion__ctx_enter(ctx)) != LIION_OK)
        return st;
    p = liion__calloc(ctx, 1, sizeof *p);
    if (p == NULL)
        return LIION_E_NOMEM;
    p->magic = LIION__MAGIC_PLANT;
    p->ctx = ctx;
    for (size_t k = 0; k < LIION__KINDS; k++)
        liion__intern_init(&p->ids[k], ctx);
    liion__intern_init(&p->strings, ctx);
    liion__map64_init(&p->prop_index, ctx);
    liion__map64_init(&p->use_by_lot, ctx);
    liion__map64_init(&p->link_head, ctx);
    liion__map64_init(&p->ruse_span, ctx);
    liion__map64_init(&p->resp_job, ctx);
    liion__map64_init(&p->test_by_lot, ctx);
    liion__map64_init(&p->asm_attr, ctx);
    liion__gen_init(&p->gen, ctx);
    *out = p;
    return LIION_OK;
}

#define FREE_VEC(p, arr, cap) liion__free((p)->ctx, (arr), (cap) * sizeof *(arr))

LIION_API void liion_plant_free(liion_plant *p)
{
    if (p == NULL || p->magic != LIION__MAGIC_PLANT)
        return;
    for (size_t k = 0; k < LIION__KINDS; k++)
        liion__intern_free(&p->ids[k]);
    liion__intern_free(&p->strings);
    FREE_VEC(p, p->eqs, p->eqs_cap);
    FREE_VEC(p, p->eq_class_level, p->eq_class_cap);
    FREE_VEC(p, p->def_class, p->def_cap);
    FREE_VEC(p, p->lots, p->lots_cap);
    FREE_VEC(p, p->seg_step, p->seg_cap);
    FREE_VEC(p, p->resps, p->resps_cap);
    FREE_VEC(p, p->acts, p->acts_cap);
    FREE_VEC(p, p->eqacts, p->eqacts_cap);
    FREE_VEC(p, p->qtys, p->qtys_cap);
    liion__map64_free(&p->prop_index);
    FREE_VEC(p, p->props, p->props_cap);
    FREE_VEC(p, p->uses, p->uses_cap);
    liion__map64_free(&p->use_by_lot);
    FREE_VEC(p, p->use_perm, p->use_perm_cap);
    FREE_VEC(p, p->asms, p->asms_cap);
    liion__gen_free(&p->gen);
    liion__roll_free(p);
    FREE_VEC(p, p->scratch, p->scratch_cap);
    FREE_VEC(p, p->jobs, p->jobs_cap);
    FREE_VEC(p, p->jobms, p->jobms_cap);
    liion__map64_free(&p->resp_job);
    FREE_VEC(p, p->tests, p->tests_cap);
    liion__map64_free(&p->test_by_lot);
    liion__map64_free(&p->asm_attr);
    FREE_VEC(p, p->ceq, p->ceq_cap);
    p->magic = LIION__MAGIC_DEAD;
    liion__free(p->ctx, p, sizeof *p);
}

LIION_API uint32_t liion_plant_count(const liion_plant *plant, liion_object_kind kind)
{
    if (plant == NULL || plant->magic != LIION__MAGIC_PLANT || !kind_ok(kind))
        return 0;
    return count_of(plant, kind);
}

LIION_API liion_status liion_plant_compact(liion_plant *plant)
{
    liion_status st = liion__plant_enter(plant);
    if (st != LIION_OK)
        return st;
    return liion__gen_compact(&plant->gen);
}

LIION_API uint64_t liion_plant_edge_count(const liion_plant *plant)
{
    if (plant == NULL || plant->magic != LIION__MAGIC_PLANT)
        return 0;
    return plant->gen.edges;
}

LIION_API uint64_t liion_plant_graph_bytes(const liion_plant *plant)
{
    if (plant == NULL || plant->magic != LIION__MAGIC_PLANT)
        return 0;
    return liion__gen_bytes(&plant->gen);
}

/* ---- equipment ------------------------------------------------------------------------- */

static bool level_ok(liion_equipment_level level)
{
    return (uint32_t)level <= (uint32_t)LIION_EQ_OTHER;
}

LIION_API liion_status liion_plant_equipment_class_add(uint32_t *index_out, liion_plant *plant,
                                                       const char *scheme, const char *id,
                                                       liion_equipment_level level)
{
    uint32_t idx;
    liion_status st = liion__plant_enter(plant);
    if (index_out != NULL)
        *index_out = LIION__NONE;
    if (st != LIION_OK)
        return st;
    if (!level_ok(level))
        return liion__error(plant->ctx, LIION_E_INVALID_ARG, "unknown equipment level %d",
                            (int)level);
    if ((st = VEC_RESERVE(plant, plant->eq_class_level, plant->eq_class_cap,
                          (size_t)count_of(plant, LIION_OBJ_EQUIPMENT_CLASS) + 1)) != LIION_OK)
        return st;
    if ((st = obj_add(&idx, plant, LIION_OBJ_EQUIPMENT_CLASS, scheme, id)) != LIION_OK)
        return st;
    plant->eq_class_level[idx] = (uint32_t)level;
    if (index_out != NULL)
        *index_out = idx;
    return journal(plant, (liion__plant_op){ .op = LIION__OP_EQ_CLASS_ADD, .s = { scheme, id },
                                             .u = { (uint32_t)level } });
}

LIION_API liion_status liion_plant_equipment_add(uint32_t *index_out, liion_plant *plant,
                                                 const char *scheme, const char *id,
                                                 liion_equipment_level level, uint32_t parent,
                                                 uint32_t eq_class)
{
    uint32_t idx;
    liion_status st = liion__plant_enter(plant);
    if (index_out != NULL)
        *index_out = LIION__NONE;
    if (st != LIION_OK)
        return st;
    if (!level_ok(level))
        return liion__error(plant->ctx, LIION_E_INVALID_ARG, "unknown equipment level %d",
                            (int)level);
    if (parent != LIION__NONE &&
        (st = liion__plant_check(plant, LIION_OBJ_EQUIPMENT, parent, "parent equipment")) !=
            LIION_OK)
        return st;
    if (eq_class != LIION__NONE &&
        (st = liion__plant_check(plant, LIION_OBJ_EQUIPMENT_CLASS, eq_class,
                                 "equipment class")) != LIION_OK)
        return st;
    if ((st = VEC_RESERVE(plant, plant->eqs, plant->eqs_cap,
                          (size_t)count_of(plant, LIION_OBJ_EQUIPMENT) + 1)) != LIION_OK)
        return st;
    if ((st = obj_add(&idx, plant, LIION_OBJ_EQUIPMENT, scheme, id)) != LIION_OK)
        return st;
    plant->eqs[idx] = (liion__eq){ parent, eq_class, (uint32_t)level, 0, 0 };
    if (index_out != NULL)
        *index_out = idx;
    return journal(plant, (liion__plant_op){ .op = LIION__OP_EQ_ADD, .s = { scheme, id },
                                             .u = { (uint32_t)level, parent, eq_class } });
}

LIION_API liion_equipment_level liion_plant_equipment_level(const liion_plant *plant,
                                                            uint32_t index)
{
    if (plant == NULL || plant->magic != LIION__MAGIC_PLANT ||
        index >= count_of(plant, LIION_OBJ_EQUIPMENT))
        return LIION_EQ_OTHER;
    return (liion_equipment_level)plant->eqs[index].level;
}

LIION_API uint32_t liion_plant_equipment_parent(const liion_plant *plant, uint32_t index)
{
    if (plant == NULL || plant->magic != LIION__MAGIC_PLANT ||
        index >= count_of(plant, LIION_OBJ_EQUIPMENT))
        return LIION__NONE;
    return plant->eqs[index].parent;
}

LIION_API uint32_t liion_plant_equipment_class(const liion_plant *plant, uint32_t index)
{
    if (plant == NULL || plant->magic != LIION__MAGIC_PLANT ||
        index >= count_of(plant, LIION_OBJ_EQUIPMENT))
        return LIION__NONE;
    return plant->eqs[index].cls;
}

/* ---- materials ------------------------------------------------------------------------- */

LIION_API liion_status liion_plant_material_class_add(uint32_t *index_out, liion_plant *plant,
                                                      const char *scheme, const char *id)
{
    uint32_t idx;
    liion_status st = liion__plant_enter(plant);
    if (index_out != NULL)
        *index_out = LIION__NONE;
    if (st != LIION_OK)
        return st;
    if ((st = obj_add(&idx, plant, LIION_OBJ_MATERIAL_CLASS, scheme, id)) != LIION_OK)
        return st;
    if (index_out != NULL)
        *index_out = idx;
    return journal(plant, (liion__plant_op){ .op = LIION__OP_MAT_CLASS_ADD, .s = { scheme, id } });
}

LIION_API liion_status liion_plant_material_definition_add(uint32_t *index_out,
                                                           liion_plant *plant,
                                                           const char *scheme, const char *id,
                                                           uint32_t mat_class)
{
    uint32_t idx;
    liion_status st = liion__plant_enter(plant);
    if (index_out != NULL)
        *index_out = LIION__NONE;
    if (st != LIION_OK)
        return st;
    if (mat_class != LIION__NONE &&
        (st = liion__plant_check(plant, LIION_OBJ_MATERIAL_CLASS, mat_class,
                                 "material class")) != LIION_OK)
        return st;
    if ((st = VEC_RESERVE(plant, plant->def_class, plant->def_cap,
                          (size_t)count_of(plant, LIION_OBJ_MATERIAL_DEFINITION) + 1)) !=
        LIION_OK)
        return st;
    if ((st = obj_add(&idx, plant, LIION_OBJ_MATERIAL_DEFINITION, scheme, id)) != LIION_OK)
        return st;
    plant->def_class[idx] = mat_class;
    if (index_out != NULL)
        *index_out = idx;
    return journal(plant, (liion__plant_op){ .op = LIION__OP_DEF_ADD, .s = { scheme, id },
                                             .u = { mat_class } });
}

LIION_API liion_status liion_plant_lot_add(uint32_t *index_out, liion_plant *plant,
                                           const char *scheme, const char *id,
                                           uint32_t definition, uint32_t parent)
{
    uint32_t idx, n;
    liion_status st = liion__plant_enter(plant);
    if (index_out != NULL)
        *index_out = LIION__NONE;
    if (st != LIION_OK)
        return st;
    if (definition != LIION__NONE &&
        (st = liion__plant_check(plant, LIION_OBJ_MATERIAL_DEFINITION, definition,
                                 "material definition")) != LIION_OK)
        return st;
    if (parent != LIION__NONE && parent >= count_of(plant, LIION_OBJ_LOT))
        return liion__error(plant->ctx, LIION_E_NOT_FOUND,
                            "sublot '%s': its parent lot (index %u) does not exist",
                            id != NULL ? id : "(null)", (unsigned)parent);
    n = count_of(plant, LIION_OBJ_LOT);
    if (n >= LIION__INTERN_MAX)
        return liion__error(plant->ctx, LIION_E_LIMIT, "too many lots");
    if ((st = VEC_RESERVE(plant, plant->lots, plant->lots_cap, (size_t)n + 1)) != LIION_OK)
        return st;
    if ((st = liion__gen_reserve_nodes(&plant->gen, n + 1)) != LIION_OK)
        return st;
    if ((st = obj_add(&idx, plant, LIION_OBJ_LOT, scheme, id)) != LIION_OK)
        return st;
    plant->lots[idx] = (liion__lot){ definition, parent, LIION__NONE, LIION__NONE,
                                     LIION__NONE, LIION_DISP_NONE };
    liion__gen_set_nodes(&plant->gen, idx + 1);
    if (index_out != NULL)
        *index_out = idx;
    return journal(plant, (liion__plant_op){ .op = LIION__OP_LOT_ADD, .s = { scheme, id },
                                             .u = { definition, parent } });
}

LIION_API uint32_t liion_plant_lot_definition(const liion_plant *plant, uint32_t lot)
{
    if (plant == NULL || plant->magic != LIION__MAGIC_PLANT || lot >= count_of(plant, LIION_OBJ_LOT))
        return LIION__NONE;
    return plant->lots[lot].def;
}

LIION_API uint32_t liion_plant_lot_parent(const liion_plant *plant, uint32_t lot)
{
    if (plant == NULL || plant->magic != LIION__MAGIC_PLANT || lot >= count_of(plant, LIION_OBJ_LOT))
        return LIION__NONE;
    return plant->lots[lot].parent;
}

LIION_API uint32_t liion_plant_lot_producer(const liion_plant *plant, uint32_t lot)
{
    if (plant == NULL || plant->magic != LIION__MAGIC_PLANT || lot >= count_of(plant, LIION_OBJ_LOT))
        return LIION__NONE;
    return plant->lots[lot].producer;
}

LIION_API uint32_t liion_plant_definition_class(const liion_plant *plant, uint32_t definition)
{
    if (plant == NULL || plant->magic != LIION__MAGIC_PLANT ||
        definition >= count_of(plant, LIION_OBJ_MATERIAL_DEFINITION))
        return LIION__NONE;
    return plant->def_class[definition];
}

/* A Rec 20 code: 2 or 3 characters A-Z / 0-9. Interns it; *id_out is its id. */
static liion_status unit_put(liion_plant *plant, const char *unit, uint32_t *id_out)
{
    size_t n;
    if (unit == NULL || *unit == '\0')
        return liion__error(plant->ctx, LIION_E_INVALID_ARG,
                            "a quantity needs a unit (UN/CEFACT Rec 20 code such as MTR, KGM, "
                            "H87)");
    n = strnlen(unit, 4);
    if (n < 2 || n > 3)
        return liion__error(plant->ctx, LIION_E_INVALID_ARG,
                            "unit code '%.8s' is not a Rec 20 code (2 or 3 characters)", unit);
    for (size_t i = 0; i < n; i++) {
        char c = unit[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
            return liion__error(plant->ctx, LIION_E_INVALID_ARG,
                                "unit code '%s' is not a Rec 20 code (A-Z, 0-9)", unit);
    }
    return liion__intern_put(&plant->strings, unit, n, id_out, NULL);
}

/* Mutation point: a new quantity record. */
static liion_status qty_add(liion_plant *plant, double value, const char *unit,
                            liion_qty_type type, uint32_t *index_out)
{
    uint32_t uid;
    liion_status st;
    if (!isfinite(value))
        return liion__error(plant->ctx, LIION_E_INVALID_ARG, "quantity is not a finite number");
    if (type != LIION_QTY_REAL && type != LIION_QTY_INTEGER)
        return liion__error(plant->ctx, LIION_E_INVALID_ARG, "unknown quantity type %d",
                            (int)type);
    if (plant->qtys_n >= LIION__NONE)
        return liion__error(plant->ctx, LIION_E_LIMIT, "too many quantities");
    if ((st = VEC_RESERVE(plant, plant->qtys, plant->qtys_cap, plant->qtys_n + 1)) != LIION_OK)
        return st;
    if ((st = unit_put(plant, unit, &uid)) != LIION_OK)
        return st;
    plant->qtys[plant->qtys_n] = (liion__qty){ value, uid, (uint32_t)type };
    *index_out = (uint32_t)plant->qtys_n++;
    return LIION_OK;
}

LIION_API liion_status liion_plant_lot_set_quantity(liion_plant *plant, uint32_t lot,
                                                    double value, const char *unit,
                                                    liion_qty_type type)
{
    uint32_t q;
    liion_status st = liion__plant_enter(plant);
    if (st != LIION_OK)
        return st;
    if ((st = liion__plant_check(plant, LIION_OBJ_LOT, lot, "lot quantity")) != LIION_OK)
        return st;
    if (plant->lots[lot].qty != LIION__NONE) {
        /* Replace in place: validate through a scratch record first. */
        uint32_t uid;
        if (!isfinite(value))
            return liion__error(plant->ctx, LIION_E_INVALID_ARG,
                                "quantity is not a finite number");
        if (type != LIION_QTY_REAL && type != LIION_QTY_INTEGER)
            return liion__error(plant->ctx, LIION_E_INVALID_ARG, "unknown quantity type %d",
                                (int)type);
        if ((st = unit_put(plant, unit, &uid)) != LIION_OK)
            return st;
        plant->qtys[plant->lots[lot].qty] = (liion__qty){ value, uid, (uint32_t)type };
    } else {
        if ((st = qty_add(plant, value, unit, type, &q)) != LIION_OK)
            return st;
        plant->lots[lot].qty = q;
    }
    return journal(plant, (liion__plant_op){ .op = LIION__OP_LOT_QTY, .s = { unit },
                                             .u = { lot, (uint32_t)type }, .d = { value } });
}

LIION_API liion_status liion_plant_lot_quantity(double *value_out, const char **unit_out,
                                                liion_qty_type *type_out, liion_plant *plant,
                                                uint32_t lot)
{
    const liion__qty *q;
    liion_status st = liion__plant_enter(plant);
    if (st != LIION_OK)
        return st;
    if ((st = liion__plant_check(plant, LIION_OBJ_LOT, lot, "lot quantity")) != LIION_OK)
        return st;
    if (plant->lots[lot].qty == LIION__NONE)
        return liion__error(plant->ctx, LIION_E_NOT_FOUND, "lot '%s' has no quantity",
                            liion_plant_id(plant, LIION_OBJ_LOT, lot));
    q = &plant->qtys[plant->lots[lot].qty];
    if (value_out != NULL)
        *value_out = q->value;
    if (unit_out != NULL)
        *unit_out = liion__intern_str(&plant->strings, q->unit, NULL);
    if (type_out != NULL)
        *type_out = (liion_qty_type)q->type;
    return LIION_OK;
}

/* Mutation point: a lot's disposition. */
liion_status liion__plant_set_disposition(liion_plant *plant, uint32_t lot, uint32_t disp)
{
    plant->lots[lot].disp = disp;
    return journal(plant, (liion__plant_op){ .op = LIION__OP_LOT_DISP, .u = { lot, disp } });
}

LIION_API liion_status liion_plant_lot_set_disposition(liion_plant *plant, uint32_t lot,
                                                       liion_disposition disposition)
{
    liion_status st = liion__plant_enter(plant);
    if (st != LIION_OK)
        return st;
    if ((uint32_t)disposition > (uint32_t)LIION_DISP_OTHER)
        return liion__error(plant->ctx, LIION_E_INVALID_ARG, "unknown disposition %d",
                            (int)disposition);
    if ((st = liion__plant_check(plant, LIION_OBJ_LOT, lot, "lot disposition")) != LIION_OK)
        return st;
    return liion__plant_set_disposition(plant, lot, (uint32_t)disposition);
}

LIION_API liion_disposition liion_plant_lot_disposition(const liion_plant *plant, uint32_t lot)
{
    if (plant == NULL || plant->magic != LIION__MAGIC_PLANT || lot >= count_of(plant, LIION_OBJ_LOT))
        return LIION_DISP_NONE;
    return (liion_disposition)plant->lots[lot].disp;
}

LIION_API liion_status liion_plant_lot_set_status(liion_plant *plant, uint32_t lot,
                                                  const char *status)
{
    size_t n;
    uint32_t sid;
    liion_status st = liion__plant_enter(plant);
    if (st != LIION_OK)
        return st;
    if ((st = liion__plant_check(plant, LIION_OBJ_LOT, lot, "lot status")) != LIION_OK)
        return st;
    if ((st = check_text(plant->ctx, status, "status", false, &n)) != LIION_OK)
        return st;
    if ((st = liion__intern_put(&plant->strings, status, n, &sid, NULL)) != LIION_OK)
        return st;
    plant->lots[lot].status = sid;
    return journal(plant, (liion__plant_op){ .op = LIION__OP_LOT_STATUS, .s = { status },
                                             .u = { lot } });
}

LIION_API const char *liion_plant_lot_status(const liion_plant *plant, uint32_t lot)
{
    if (plant == NULL || plant->magic != LIION__MAGIC_PLANT || lot >= count_of(plant, LIION_OBJ_LOT) ||
        plant->lots[lot].status == LIION__NONE)
        return NULL;
    return liion__intern_str(&plant->strings, plant->lots[lot].status, NULL);
}

/* ---- properties ------------------------------------------------------------------------ */

#define PROP_NAME_MAX (1u << 24)

static uint64_t prop_key(liion_object_kind kind, uint32_t owner, uint32_t name)
{
    return ((uint64_t)kind << 56) | ((uint64_t)owner << 24) | (uint64_t)name;
}

/* Mutation point: add or replace a property. */
static liion_status prop_put(liion_plant *plant, liion_object_kind kind, uint32_t index,
                             const char *name, liion__prop val)
{
    size_t n;
    uint32_t nid;
    uint64_t key, slot;
    liion_status st;
    if ((st = liion__plant_check(plant, kind, index, "property owner")) != LIION_OK)
        return st;
    if ((st = check_text(plant->ctx, name, "property name", false, &n)) != LIION_OK)
        return st;
    if ((st = liion__intern_put(&plant->strings, name, n, &nid, NULL)) != LIION_OK)
        return st;
    if (nid >= PROP_NAME_MAX)
        return liion__error(plant->ctx, LIION_E_LIMIT, "too many distinct names");
    key = prop_key(kind, index, nid);
    if (liion__map64_get(&plant->prop_index, key, &slot)) {
        plant->props[slot] = val;
        return LIION_OK;
    }
    if ((st = VEC_RESERVE(plant, plant->props, plant->props_cap, plant->props_n + 1)) !=
        LIION_OK)
        return st;
    if ((st = liion__map64_put(&plant->prop_index, key, plant->props_n)) != LIION_OK)
        return st;
    plant->props[plant->props_n++] = val;
    return LIION_OK;
}

LIION_API liion_status liion_plant_prop_set_number(liion_plant *plant, liion_object_kind kind,
                                                   uint32_t index, const char *name,
                                                   double value, const char *unit)
{
    liion__prop v = { value, LIION__NONE, LIION_PROP_NUMBER };
    liion_status st = liion__plant_enter(plant);
    if (st != LIION_OK)
        return st;
    if (!isfinite(value))
        return liion__error(plant->ctx, LIION_E_INVALID_ARG, "property value is not finite");
    if (unit != NULL && (st = unit_put(plant, unit, &v.text)) != LIION_OK)
        return st;
    if ((st = prop_put(plant, kind, index, name, v)) != LIION_OK)
        return st;
    return journal(plant, (liion__plant_op){ .op = LIION__OP_PROP_NUMBER, .s = { name, unit },
                                             .u = { (uint32_t)kind, index }, .d = { value } });
}

LIION_API liion_status liion_plant_prop_set_text(liion_plant *plant, liion_object_kind kind,
                                                 uint32_t index, const char *name,
                                                 const char *text)
{
    liion__prop v = { 0, LIION__NONE, LIION_PROP_TEXT };
    liion_status st = liion__plant_enter(plant);
    if (st != LIION_OK)
        return st;
    if (text == NULL)
        return liion__error(plant->ctx, LIION_E_INVALID_ARG, "text is NULL");
    if ((st = liion__intern_put(&plant->strings, text, strlen(text), &v.text, NULL)) != LIION_OK)
        return st;
    if ((st = prop_put(plant, kind, index, name, v)) != LIION_OK)
        return st;
    return journal(plant, (liion__plant_op){ .op = LIION__OP_PROP_TEXT, .s = { name, text },
                                             .u = { (uint32_t)kind, index } });
}

LIION_API liion_status liion_plant_prop_get(liion_prop_type *type_out, double *number_out,
                                            const char **text_out, liion_plant *plant,
                                            liion_object_kind kind, uint32_t index,
                                            const char *name)
{
    size_t n;
    uint32_t nid;
    uint64_t slot;
    const liion__prop *p;
    liion_status st = liion__plant_enter(plant);
    if (st != LIION_OK)
        return st;
    if ((st = liion__plant_check(plant, kind, index, "property owner")) != LIION_OK)
        return st;
    if ((st = check_text(plant->ctx, name, "property name", false, &n)) != LIION_OK)
        return st;
    if (!liion__intern_find(&plant->strings, name, n, &nid) || nid >= PROP_NAME_MAX ||
        !liion__map64_get(&plant->prop_index, prop_key(kind, index, nid), &slot))
        return liion__error(plant->ctx, LIION_E_NOT_FOUND, "%s '%s' has no property '%s'",
                            KIND_NAME[kind], liion_plant_id(plant, kind, index), name);
    p = &plant->props[slot];
    if (type_out != NULL)
        *type_out = (liion_prop_type)p->type;
    if (number_out != NULL)
        *number_out = p->type == LIION_PROP_NUMBER ? p->number : 0.0;
    if (text_out != NULL)
        *text_out = p->text == LIION__NONE ? "" : liion__intern_str(&plant->strings, p->text, NULL);
    return LIION_OK;
}

/* ---- process segments and responses ---------------------------------------------------- */

LIION_API liion_status liion_plant_segment_add(uint32_t *index_out, liion_plant *plant,
                                               const char *scheme, const char *id,
                                               liion_process_step step)
{
    uint32_t idx;
    liion_status st = liion__plant_enter(plant);
    if (index_out != NULL)
        *index_out = LIION__NONE;
    if (st != LIION_OK)
        return st;
    if ((uint32_t)step < (uint32_t)LIION_STEP_MIXING || (uint32_t)step > (uint32_t)LIION_STEP_OTHER)
        return liion__error(plant->ctx, LIION_E_INVALID_ARG, "unknown process step %d",
                            (int)step);
    if ((st = VEC_RESERVE(plant, plant->seg_step, plant->seg_cap,
                          (size_t)count_of(plant, LIION_OBJ_SEGMENT) + 1)) != LIION_OK)
        return st;
    if ((st = obj_add(&idx, plant, LIION_OBJ_SEGMENT, scheme, id)) != LIION_OK)
        return st;
    plant->seg_step[idx] = (uint32_t)step;
    if (index_out != NULL)
        *index_out = idx;
    return journal(plant, (liion__plant_op){ .op = LIION__OP_SEG_ADD, .s = { scheme, id },
                                             .u = { (uint32_t)step } });
}

LIION_API liion_process_step liion_plant_segment_step(const liion_plant *plant,
                                                      uint32_t segment)
{
    if (plant == NULL || plant->magic != LIION__MAGIC_PLANT ||
        segment >= count_of(plant, LIION_OBJ_SEGMENT))
        return LIION_STEP_OTHER;
    return (liion_process_step)plant->seg_step[segment];
}

LIION_API liion_status liion_plant_response_add(uint32_t *index_out, liion_plant *plant,
                                                const char *scheme, const char *id,
                                                uint32_t segment, int64_t start, int64_t end)
{
    uint32_t idx;
    liion_status st = liion__plant_enter(plant);
    if (index_out != NULL)
        *index_out = LIION__NONE;
    if (st != LIION_OK)
        return st;
    if (segment != LIION__NONE &&
        (st = liion__plant_check(plant, LIION_OBJ_SEGMENT, segment, "process segment")) !=
            LIION_OK)
        return st;
    if (end < start)
        return liion__error(plant->ctx, LIION_E_INVALID_ARG,
                            "segment response '%s' ends before it starts",
                            id != NULL ? id : "(null)");
    if ((st = VEC_RESERVE(plant, plant->resps, plant->resps_cap,
                          (size_t)count_of(plant, LIION_OBJ_RESPONSE) + 1)) != LIION_OK)
        return st;
    if ((st = obj_add(&idx, plant, LIION_OBJ_RESPONSE, scheme, id)) != LIION_OK)
        return st;
    plant->resps[idx] = (liion__resp){ start,       end,         segment,     LIION__NONE,
                                       LIION__NONE, LIION__NONE, LIION__NONE, LIION__NONE,
                                       0 };
    if (index_out != NULL)
        *index_out = idx;
    return journal(plant, (liion__plant_op){ .op = LIION__OP_RESP_ADD, .s = { scheme, id },
                                             .u = { segment }, .t = { start, end } });
}

LIION_API liion_status liion_plant_response_info(int64_t *start_out, int64_t *end_out,
                                                 uint32_t *segment_out, liion_plant *plant,
                                                 uint32_t response)
{
    liion_status st = liion__plant_enter(plant);
    if (st != LIION_OK)
        return st;
    if ((st = liion__plant_check(plant, LIION_OBJ_RESPONSE, response, "response")) != LIION_OK)
        return st;
    if (start_out != NULL)
        *start_out = plant->resps[response].start;
    if (end_out != NULL)
        *end_out = plant->resps[response].end;
    if (segment_out != NULL)
        *segment_out = plant->resps[response].segment;
    return LIION_OK;
}

static bool use_is_input(uint32_t use)
{
    return use == LIION_USE_CONSUMED || use == LIION_USE_CONSUMABLE;
}

static bool use_is_output(uint32_t use)
{
    return use >= LIION_USE_PRODUCED && use <= LIION_USE_YIELD_PRODUCED;
}

/* Mutation point: an equipment-use record. */
static liion_status use_add(liion_plant *plant, uint32_t eq, uint32_t lot, int64_t t0,
                            int64_t t1)
{
    uint64_t head = LIION__NONE;
    liion_status st;
    if (plant->uses_n >= LIION__NONE)
        return liion__error(plant->ctx, LIION_E_LIMIT, "too many equipment-use records");
    if ((st = VEC_RESERVE(plant, plant->uses, plant->uses_cap, plant->uses_n + 1)) != LIION_OK)
        return st;
    (void)liion__map64_get(&plant->use_by_lot, lot, &head);
    if ((st = liion__map64_put(&plant->use_by_lot, lot, plant->uses_n)) != LIION_OK)
        return st;
    plant->uses[plant->uses_n++] = (liion__use){ t0, t1, eq, lot, (uint32_t)head, 0 };
    plant->eqs[eq].n_uses++;
    {
        /* t1 >= t0; the difference may not fit int64_t (clamped: the index stays correct) */
        uint64_t d = (uint64_t)t1 - (uint64_t)t0;
        int64_t dur = d > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)d;
        if (dur > plant->eqs[eq].max_dur)
            plant->eqs[eq].max_dur = dur;
    }
    return LIION_OK;
}

LIION_API liion_status liion_plant_equipment_use_add(liion_plant *plant, uint32_t equipment,
                                                     uint32_t lot, int64_t t0, int64_t t1)
{
    liion_status st = liion__plant_enter(plant);
    if (st != LIION_OK)
        return st;
    if ((st = liion__plant_check(plant, LIION_OBJ_EQUIPMENT, equipment, "equipment use")) !=
            LIION_OK ||
        (st = liion__plant_check(plant, LIION_OBJ_LOT, lot, "equipment use")) != LIION_OK)
        return st;
    if (t1 < t0)
        return liion__error(plant->ctx, LIION_E_INVALID_ARG, "equipment use ends before it starts");
    if ((st = use_add(plant, equipment, lot, t0, t1)) != LIION_OK)
        return st;
    return journal(plant, (liion__plant_op){ .op = LIION__OP_EQ_USE, .u = { equipment, lot },
                                             .t = { t0, t1 } });
}

LIION_API liion_status liion_plant_response_add_equipment(liion_plant *plant, uint32_t response,
                                                          uint32_t equipment)
{
    liion__resp *r;
    size_t n_out = 0;
    liion_status st = liion__plant_enter(plant);
    if (st != LIION_OK)
        return st;
    if ((st = liion__plant_check(plant, LIION_OBJ_RESPONSE, response, "equipment actual")) !=
            LIION_OK ||
        (st = liion__plant_check(plant, LIION_OBJ_EQUIPMENT, equipment, "equipment actual")) !=
            LIION_OK)
        return st;
    r = &plant->resps[response];
    for (uint32_t a = r->first_out; a != LIION__NONE; a = plant->acts[a].next)
        n_out++;
    /* Reserve everything first so that the call either fully happens or not at all. */
    if ((st = VEC_RESERVE(plant, plant->eqacts, plant->eqacts_cap, plant->eqacts_n + 1)) !=
            LIION_OK ||
        (st = VEC_RESERVE(plant, plant->uses, plant->uses_cap, plant->uses_n + n_out)) !=
            LIION_OK ||
        (st = liion__map64_reserve(&plant->use_by_lot,
                                   liion__map64_count(&plant->use_by_lot) + n_out)) != LIION_OK)
        return st;
    for (uint32_t a = r->first_out; a != LIION__NONE; a = plant->acts[a].next)
        if ((st = use_add(plant, equipment, plant->acts[a].lot, r->start, r->end)) != LIION_OK)
            return st; /* not reached: reserved above */
    plant->eqacts[plant->eqacts_n] = (liion__eqact){ equipment, r->first_eq };
    r->first_eq = (uint32_t)plant->eqacts_n++;
    return journal(plant, (liion__plant_op){ .op = LIION__OP_RESP_EQ, .u = { response, equipment } });
}

LIION_API liion_status liion_plant_person_add(uint32_t *index_out, liion_plant *plant,
                                              const char *scheme, const char *id)
{
    uint32_t idx;
    liion_status st = liion__plant_enter(plant);
    if (index_out != NULL)
        *index_out = LIION__NONE;
    if (st != LIION_OK)
        return st;
    if ((st = obj_add(&idx, plant, LIION_OBJ_PERSON, scheme, id)) != LIION_OK)
        return st;
    if (index_out != NULL)
        *index_out = idx;
    return journal(plant, (liion__plant_op){ .op = LIION__OP_PERSON_ADD, .s = { scheme, id } });
}

/* Mutation point: a personnel actual. */
LIION_API liion_status liion_plant_response_add_person(liion_plant *plant, uint32_t response,
                                                       uint32_t person)
{
    liion__resp *r;
    liion_status st = liion__plant_enter(plant);
    if (st != LIION_OK)
        return st;
    if ((st = liion__plant_check(plant, LIION_OBJ_RESPONSE, response, "personnel actual")) !=
            LIION_OK ||
        (st = liion__plant_check(plant, LIION_OBJ_PERSON, person, "personnel actual")) !=
            LIION_OK)
        return st;
    if ((st = VEC_RESERVE(plant, plant->eqacts, plant->eqacts_cap, plant->eqacts_n + 1)) !=
        LIION_OK)
        return st;
    r = &plant->resps[response];
    plant->eqacts[plant->eqacts_n] = (liion__eqact){ person, r->first_person };
    r->first_person = (uint32_t)plant->eqacts_n++;
    return journal(plant, (liion__plant_op){ .op = LIION__OP_RESP_PERSON, .u = { response, person } });
}

/* Rows for a chain of equipment or personnel actuals, oldest first. */
static liion_status chain_rows(liion_plant *plant, liion_trace *trace, uint32_t response,
                               bool persons)
{
    size_t n;
    liion_status st = liion__plant_enter(plant);
    if (st != LIION_OK)
        return st;
    if ((st = liion__trace_prepare(plant, trace)) != LIION_OK)
        return st;
    if ((st = liion__plant_check(plant, LIION_OBJ_RESPONSE, response, "response actuals")) !=
        LIION_OK)
        return st;
    for (uint32_t e = persons ? plant->resps[response].first_person
                              : plant->resps[response].first_eq;
         e != LIION__NONE; e = plant->eqacts[e].next)
        if ((st = liion__trace_push(trace, plant->eqacts[e].eq, 0, 0.0)) != LIION_OK)
            return st;
    n = liion_trace_count(trace);
    for (size_t i = 0; i < n / 2; i++) {
        liion__row x = trace->rows[i];
        trace->rows[i] = trace->rows[n - 1 - i];
        trace->rows[n - 1 - i] = x;
    }
    return LIION_OK;
}

LIION_API liion_status liion_plant_response_equipment(liion_plant *plant, liion_trace *trace,
                                                      uint32_t response)
{
    return chain_rows(plant, trace, response, false);
}

LIION_API liion_status liion_plant_response_persons(liion_plant *plant, liion_trace *trace,
                                                    uint32_t response)
{
    return chain_rows(plant, trace, response, true);
}

/* Mutation point: a material actual and the genealogy edges it makes. */
static liion_status add_actual(liion_plant *plant, uint32_t response, uint32_t lot,
                               liion_material_use use, bool has_qty, double value,
                               const char *unit)
{
    liion__resp *r;
    size_t n_new = 0, n_eq = 0;
    uint32_t q = LIION__NONE, opposite;
    bool in, out;
    liion_status st = liion__plant_enter(plant);
    if (st != LIION_OK)
        return st;
    if ((st = liion__plant_check(plant, LIION_OBJ_RESPONSE, response, "material actual")) !=
            LIION_OK ||
        (st = liion__plant_check(plant, LIION_OBJ_LOT, lot, "material actual")) != LIION_OK)
        return st;
    if ((uint32_t)use < (uint32_t)LIION_USE_CONSUMABLE || (uint32_t)use > (uint32_t)LIION_USE_OTHER)
        return liion__error(plant->ctx, LIION_E_INVALID_ARG, "unknown material use %d",
                            (int)use);
    if (plant->acts_n >= LIION__NONE)
        return liion__error(plant->ctx, LIION_E_LIMIT, "too many material actuals");
    r = &plant->resps[response];
    in = use_is_input((uint32_t)use);
    out = use_is_output((uint32_t)use);
    /* Validate every edge this actual makes before changing anything: an input pairs with
     * each output so far, an output with each input so far. */
    opposite = in ? r->first_out : out ? r->first_in : LIION__NONE;
    for (uint32_t a = opposite; a != LIION__NONE; a = plant->acts[a].next) {
        const liion__act *o = &plant->acts[a];
        uint32_t from = in ? lot : o->lot, to = in ? o->lot : lot;
        bool cyc;
        n_new++;
        /* from -> to closes a cycle iff to is from or an ancestor of from. A lot that feeds
         * nothing yet (a new cell) cannot be an ancestor: skip the walk. */
        if (from == to)
            cyc = true;
        else if (liion__gen_is_terminal(&plant->gen, to))
            cyc = false;
        else if ((st = liion__gen_is_ancestor(&cyc, &plant->gen, from, to)) != LIION_OK)
            return st;
        if (cyc)
            return liion__error(plant->ctx, LIION_E_STATE,
                                "cycle in material flow: lot '%s' would feed lot '%s', which "
                                "already feeds it (segment response '%s')",
                                liion_plant_id(plant, LIION_OBJ_LOT, from),
                                liion_plant_id(plant, LIION_OBJ_LOT, to),
                                liion_plant_id(plant, LIION_OBJ_RESPONSE, response));
    }
    if (out)
        for (uint32_t e = r->first_eq; e != LIION__NONE; e = plant->eqacts[e].next)
            n_eq++;
    if ((st = VEC_RESERVE(plant, plant->acts, plant->acts_cap, plant->acts_n + 1)) != LIION_OK ||
        (st = liion__gen_reserve_edges(&plant->gen, n_new)) != LIION_OK ||
        (st = VEC_RESERVE(plant, plant->uses, plant->uses_cap, plant->uses_n + n_eq)) !=
            LIION_OK ||
        (n_eq > 0 && (st = liion__map64_reserve(&plant->use_by_lot,
                                                liion__map64_count(&plant->use_by_lot) + 1)) !=
                         LIION_OK))
        return st;
    if (has_qty && (st = qty_add(plant, value, unit, LIION_QTY_REAL, &q)) != LIION_OK)
        return st;
    /* Nothing fails past this point. */
    for (uint32_t a = opposite; a != LIION__NONE; a = plant->acts[a].next) {
        if (in)
            liion__gen_push(&plant->gen, lot, plant->acts[a].lot);
        else
            liion__gen_push(&plant->gen, plant->acts[a].lot, lot);
    }
    if (out) {
        if (plant->lots[lot].producer == LIION__NONE)
            plant->lots[lot].producer = response;
        for (uint32_t e = r->first_eq; e != LIION__NONE; e = plant->eqacts[e].next)
            (void)use_add(plant, plant->eqacts[e].eq, lot, r->start, r->end);
    }
    {
        uint32_t *chain = in ? &r->first_in : out ? &r->first_out : &r->first_other;
        plant->acts[plant->acts_n] = (liion__act){ lot, *chain, q, (uint32_t)use };
        *chain = (uint32_t)plant->acts_n++;
    }
    r->n_act++;
    if (n_new > 0)
        (void)liion__gen_maybe_compact(&plant->gen); /* optional: failure keeps the chains */
    (void)liion__ctx_enter(plant->ctx);
    return LIION_OK;
}

LIION_API liion_status liion_plant_response_add_material(liion_plant *plant, uint32_t response,
                                                         uint32_t lot, liion_material_use use)
{
    liion_status st = add_actual(plant, response, lot, use, false, 0.0, NULL);
    if (st != LIION_OK)
        return st;
    return journal(plant, (liion__plant_op){ .op = LIION__OP_MATERIAL,
                                             .u = { response, lot, (uint32_t)use } });
}

LIION_API liion_status liion_plant_response_add_material_qty(liion_plant *plant,
                                                             uint32_t response, uint32_t lot,
                                                             liion_material_use use,
                                                             double value, const char *unit)
{
    liion_status st = liion__plant_enter(plant);
    if (st != LIION_OK)
        return st;
    if (unit == NULL || *unit == '\0')
        return liion__error(plant->ctx, LIION_E_INVALID_ARG,
                            "material actual of lot %u: a quantity needs a unit (UN/CEFACT "
                            "Rec 20 code such as MTR, KGM, H87)",
                            (unsigned)lot);
    if ((st = add_actual(plant, response, lot, use, true, value, unit)) != LIION_OK)
        return st;
    return journal(plant, (liion__plant_op){ .op = LIION__OP_MATERIAL_QTY, .s = { unit },
                                             .u = { response, lot, (uint32_t)use }, .d = { value } });
}

LIION_API liion_status liion_plant_response_balance(double *consumed_out, double *produced_out,
                                                    liion_plant *plant, uint32_t response,
                                                    const char *unit)
{
    double in = 0, out = 0;
    uint32_t uid;
    liion_status st = liion__plant_enter(plant);
    if (st != LIION_OK)
        return st;
    if ((st = liion__plant_check(plant, LIION_OBJ_RESPONSE, response, "mass balance")) != LIION_OK)
        return st;
    if (unit == NULL || *unit == '\0')
        return liion__error(plant->ctx, LIION_E_INVALID_ARG, "mass balance needs a unit code");
    if (liion__intern_find(&plant->strings, unit, strlen(unit), &uid)) {
        for (int side = 0; side < 2; side++)
            for (uint32_t a = side == 0 ? plant->resps[response].first_in
                                        : plant->resps[response].first_out;
                 a != LIION__NONE; a = plant->acts[a].next) {
                const liion__act *x = &plant->acts[a];
                if (x->qty == LIION__NONE || plant->qtys[x->qty].unit != uid)
                    continue;
                if (side == 0)
                    in += plant->qtys[x->qty].value;
                else
                    out += plant->qtys[x->qty].value;
            }
    }
    if (consumed_out != NULL)
        *consumed_out = in;
    if (produced_out != NULL)
        *produced_out = out;
    return LIION_OK;
}

LIION_API liion_status liion_plant_assembly_add(liion_plant *plant, uint32_t whole,
                                                uint32_t part, liion_assembly_type type,
                                                liion_assembly_rel rel)
{
    liion_status st = liion__plant_enter(plant);
    if (st != LIION_OK)
        return st;
    if ((st = liion__plant_check(plant, LIION_OBJ_LOT, whole, "assembly")) != LIION_OK ||
        (st = liion__plant_check(plant, LIION_OBJ_LOT, part, "assembly part")) != LIION_OK)
        return st;
    if (type != LIION_ASSEMBLY_PHYSICAL && type != LIION_ASSEMBLY_LOGICAL)
        return liion__error(plant->ctx, LIION_E_INVALID_ARG, "unknown assembly type %d",
                            (int)type);
    if (rel != LIION_ASSEMBLY_PERMANENT && rel != LIION_ASSEMBLY_TRANSIENT)
        return liion__error(plant->ctx, LIION_E_INVALID_ARG,
                            "unknown assembly relationship %d", (int)rel);
    if ((st = VEC_RESERVE(plant, plant->asms, plant->asms_cap, plant->asms_n + 1)) != LIION_OK)
        return st;
    if ((st = liion__gen_link(plant, part, whole)) != LIION_OK)
        return st;
    plant->asms[plant->asms_n++] = (liion__assembly){ whole, part, (uint32_t)type, (uint32_t)rel };
    return journal(plant, (liion__plant_op){ .op = LIION__OP_ASSEMBLY,
                                             .u = { whole, part, (uint32_t)type, (uint32_t)rel } });
}

/* ---- job responses --------------------------------------------------------------------- */

static bool state_ok(liion_response_state s)
{
    return (int)s >= (int)LIION_RESPONSE_WAITING && (int)s <= (int)LIION_RESPONSE_OTHER;
}

LIION_API liion_status liion_plant_job_response_add(uint32_t *index_out, liion_plant *plant,
                                                    const char *scheme, const char *id,
                                                    int64_t start, int64_t end,
                                                    liion_response_state state)
{
    uint32_t idx;
    liion_status st = liion__plant_enter(plant);
    if (index_out != NULL)
        *index_out = LIION__NONE;
    if (st != LIION_OK)
        return st;
    if (end < start)
        return liion__error(plant->ctx, LIION_E_INVALID_ARG, "job response '%s' ends before it "
                            "starts", id != NULL ? id : "(null)");
    if (!state_ok(state))
        return liion__error(plant->ctx, LIION_E_INVALID_ARG, "unknown job response state %d",
                            (int)state);
    if ((st = VEC_RESERVE(plant, plant->jobs, plant->jobs_cap,
                          (size_t)count_of(plant, LIION_OBJ_JOB_RESPONSE) + 1)) != LIION_OK)
        return st;
    if ((st = obj_add(&idx, plant, LIION_OBJ_JOB_RESPONSE, scheme, id)) != LIION_OK)
        return st;
    plant->jobs[idx] = (liion__job){ start, end, (uint32_t)state, LIION__NONE, LIION__NONE, 0 };
    if (index_out != NULL)
        *index_out = idx;
    return journal(plant, (liion__plant_op){ .op = LIION__OP_JOB_ADD, .s = { scheme, id },
                                             .u = { (uint32_t)state }, .t = { start, end } });
}

/* Mutation point: a segment response joins a job response. */
LIION_API liion_status liion_plant_job_response_add_segment(liion_plant *plant, uint32_t job,
                                                            uint32_t response)
{
    uint64_t other;
    liion__job *j;
    liion_status st = liion__plant_enter(plant);
    if (st != LIION_OK)
        return st;
    if ((st = liion__plant_check(plant, LIION_OBJ_JOB_RESPONSE, job, "job response")) !=
            LIION_OK ||
        (st = liion__plant_check(plant, LIION_OBJ_RESPONSE, response, "job response member")) !=
            LIION_OK)
        return st;
    if (liion__map64_get(&plant->resp_job, response, &other))
        return liion__error(plant->ctx, LIION_E_EXISTS,
                            "segment response '%s' already belongs to job response '%s'",
                            liion_plant_id(plant, LIION_OBJ_RESPONSE, response),
                            liion_plant_id(plant, LIION_OBJ_JOB_RESPONSE, (uint32_t)other));
    if (plant->jobms_n >= LIION__NONE)
        return liion__error(plant->ctx, LIION_E_LIMIT, "too many job response members");
    if ((st = VEC_RESERVE(plant, plant->jobms, plant->jobms_cap, plant->jobms_n + 1)) !=
            LIION_OK ||
        (st = liion__map64_put(&plant->resp_job, response, job)) != LIION_OK)
        return st;
    j = &plant->jobs[job];
    plant->jobms[plant->jobms_n] = (liion__jobm){ response, LIION__NONE };
    if (j->last == LIION__NONE)
        j->first = (uint32_t)plant->jobms_n;
    else
        plant->jobms[j->last].next = (uint32_t)plant->jobms_n;
    j->last = (uint32_t)plant->jobms_n++;
    j->n++;
    return journal(plant, (liion__plant_op){ .op = LIION__OP_JOB_SEGMENT, .u = { job, response } });
}

LIION_API liion_status liion_plant_job_response_set_state(liion_plant *plant, uint32_t job,
                                                          liion_response_state state)
{
    liion_status st = liion__plant_enter(plant);
    if (st != LIION_OK)
        return st;
    if ((st = liion__plant_check(plant, LIION_OBJ_JOB_RESPONSE, job, "job response")) !=
        LIION_OK)
        return st;
    if (!state_ok(state))
        return liion__error(plant->ctx, LIION_E_INVALID_ARG, "unknown job response state %d",
                            (int)state);
    plant->jobs[job].state = (uint32_t)state;
    return journal(plant, (liion__plant_op){ .op = LIION__OP_JOB_STATE,
                                             .u = { job, (uint32_t)state } });
}

LIION_API liion_status liion_plant_job_response_info(int64_t *start_out, int64_t *end_out,
                                                     liion_response_state *state_out,
                                                     liion_plant *plant, uint32_t job)
{
    liion_status st = liion__plant_enter(plant);
    if (st != LIION_OK)
        return st;
    if ((st = liion__plant_check(plant, LIION_OBJ_JOB_RESPONSE, job, "job response")) !=
        LIION_OK)
        return st;
    if (start_out != NULL)
        *start_out = plant->jobs[job].start;
    if (end_out != NULL)
        *end_out = plant->jobs[job].end;
    if (state_out != NULL)
        *state_out = (liion_response_state)plant->jobs[job].state;
    return LIION_OK;
}

LIION_API liion_status liion_plant_job_response_segments(liion_plant *plant, liion_trace *trace,
                                                         uint32_t job)
{
    liion_status st = liion__plant_enter(plant);
    if (st != LIION_OK)
        return st;
    if ((st = liion__trace_prepare(plant, trace)) != LIION_OK)
        return st;
    if ((st = liion__plant_check(plant, LIION_OBJ_JOB_RESPONSE, job, "job response")) !=
        LIION_OK)
        return st;
    for (uint32_t m = plant->jobs[job].first; m != LIION__NONE; m = plant->jobms[m].next) {
        uint32_t r = plant->jobms[m].resp;
        if ((st = liion__trace_push(trace, r, 0, (double)plant->resps[r].start)) != LIION_OK)
            return st;
    }
    return LIION_OK;
}

LIION_API uint32_t liion_plant_response_job(const liion_plant *plant, uint32_t response)
{
    uint64_t j;
    if (plant == NULL || plant->magic != LIION__MAGIC_PLANT ||
        !liion__map64_get(&plant->resp_job, response, &j))
        return LIION__NONE;
    return (uint32_t)j;
}

/* ---- test results ---------------------------------------------------------------------- */

#define TEST_PACK_CAP (3u * LIION_PLANT_MAX_ID_BYTES + 4u)

/* "a\x1fb" or "a\x1fb\x1fc" into buf (texts already checked: no control characters). */
static const char *pack3(char *buf, const char *a, const char *b, const char *c)
{
    size_t n = 0, k;
    const char *parts[3] = { a, b, c };
    for (size_t i = 0; i < 3 && (i < 2 || c != NULL); i++) {
        if (i > 0)
            buf[n++] = ID_SEP;
        k = parts[i] != NULL ? strlen(parts[i]) : 0;
        memcpy(buf + n, parts[i] != NULL ? parts[i] : "", k);
        n += k;
    }
    buf[n] = '\0';
    return buf;
}

LIION_API liion_status liion_plant_test_result_add(uint32_t *index_out, liion_plant *plant,
                                                   const char *scheme, const char *id,
                                                   uint32_t lot, const char *property,
                                                   const char *name, double value,
                                                   const char *unit, liion_test_outcome outcome,
                                                   int64_t time)
{
    uint32_t idx, pid = LIION__NONE, nid, uid;
    uint64_t head = LIION__NONE;
    size_t n;
    char k0[TEST_PACK_CAP], k1[TEST_PACK_CAP];
    liion_status st = liion__plant_enter(plant);
    if (index_out != NULL)
        *index_out = LIION__NONE;
    if (st != LIION_OK)
        return st;
    if ((st = liion__plant_check(plant, LIION_OBJ_LOT, lot, "test result")) != LIION_OK)
        return st;
    if (property != NULL &&
        (st = check_text(plant->ctx, property, "tested property", true, &n)) != LIION_OK)
        return st;
    if ((st = check_text(plant->ctx, name, "test name", false, &n)) != LIION_OK)
        return st;
    if (!isfinite(value))
        return liion__error(plant->ctx, LIION_E_INVALID_ARG, "test value is not finite");
    if ((int)outcome < (int)LIION_TEST_PASS || (int)outcome > (int)LIION_TEST_INCONCLUSIVE)
        return liion__error(plant->ctx, LIION_E_INVALID_ARG, "unknown test outcome %d",
                            (int)outcome);
    if ((st = unit_put(plant, unit, &uid)) != LIION_OK)
        return st;
    if ((st = liion__intern_put(&plant->strings, name, n, &nid, NULL)) != LIION_OK)
        return st;
    if (property != NULL && *property != '\0' &&
        (st = liion__intern_put(&plant->strings, property, strlen(property), &pid, NULL)) !=
            LIION_OK)
        return st;
    if ((st = VEC_RESERVE(plant, plant->tests, plant->tests_cap,
                          (size_t)count_of(plant, LIION_OBJ_TEST_RESULT) + 1)) != LIION_OK ||
        (st = liion__map64_reserve(&plant->test_by_lot,
                                   liion__map64_count(&plant->test_by_lot) + 1)) != LIION_OK)
        return st;
    if ((st = obj_add(&idx, plant, LIION_OBJ_TEST_RESULT, scheme, id)) != LIION_OK)
        return st;
    (void)liion__map64_get(&plant->test_by_lot, lot, &head);
    (void)liion__map64_put(&plant->test_by_lot, lot, idx); /* reserved above */
    plant->tests[idx] = (liion__test){ value, time, lot, pid, nid, uid, (uint32_t)outcome,
                                       (uint32_t)head };
    if (index_out != NULL)
        *index_out = idx;
    return journal(plant,
                   (liion__plant_op){ .op = LIION__OP_TEST_RESULT,
                                      .s = { pack3(k0, scheme, id, NULL),
                                             pack3(k1, property, name, unit) },
                                      .u = { lot, (uint32_t)outcome }, .t = { time },
                                      .d = { value } });
}

static bool test_ok(const liion_plant *plant, uint32_t test)
{
    return plant != NULL && plant->magic == LIION__MAGIC_PLANT &&
           test < count_of(plant, LIION_OBJ_TEST_RESULT);
}

LIION_API liion_status liion_plant_test_result_info(uint32_t *lot_out, double *value_out,
                                                    const char **unit_out,
                                                    liion_test_outcome *outcome_out,
                                                    int64_t *time_out, liion_plant *plant,
                                                    uint32_t test)
{
    const liion__test *t;
    liion_status st = liion__plant_enter(plant);
    if (st != LIION_OK)
        return st;
    if ((st = liion__plant_check(plant, LIION_OBJ_TEST_RESULT, test, "test result")) != LIION_OK)
        return st;
    t = &plant->tests[test];
    if (lot_out != NULL)
        *lot_out = t->lot;
    if (value_out != NULL)
        *value_out = t->value;
    if (unit_out != NULL)
        *unit_out = liion__intern_str(&plant->strings, t->unit, NULL);
    if (outcome_out != NULL)
        *outcome_out = (liion_test_outcome)t->outcome;
    if (time_out != NULL)
        *time_out = t->time;
    return LIION_OK;
}

LIION_API const char *liion_plant_test_result_name(const liion_plant *plant, uint32_t test)
{
    if (!test_ok(plant, test))
        return NULL;
    return liion__intern_str(&plant->strings, plant->tests[test].name, NULL);
}

LIION_API const char *liion_plant_test_result_property(const liion_plant *plant, uint32_t test)
{
    if (!test_ok(plant, test))
        return NULL;
    if (plant->tests[test].property == LIION__NONE)
        return "";
    return liion__intern_str(&plant->strings, plant->tests[test].property, NULL);
}

LIION_API liion_status liion_plant_lot_test_results(liion_plant *plant, liion_trace *trace,
                                                    uint32_t lot)
{
    uint64_t head;
    liion_status st = liion__plant_enter(plant);
    if (st != LIION_OK)
        return st;
    if ((st = liion__trace_prepare(plant, trace)) != LIION_OK)
        return st;
    if ((st = liion__plant_check(plant, LIION_OBJ_LOT, lot, "test results")) != LIION_OK)
        return st;
    if (!liion__map64_get(&plant->test_by_lot, lot, &head))
        return LIION_OK;
    for (uint32_t t = (uint32_t)head; t != LIION__NONE; t = plant->tests[t].next_lot)
        if ((st = liion__trace_push(trace, t, plant->tests[t].outcome,
                                    (double)plant->tests[t].time)) != LIION_OK)
            return st;
    /* (time, index): index order is recording order */
    liion__sort_rows_score(trace->rows, trace->n);
    return LIION_OK;
}

/* ---- assembly attributes of material classes and definitions ---------------------------- */

static liion_status asm_owner(liion_plant *plant, liion_object_kind kind, uint32_t index)
{
    if (kind != LIION_OBJ_MATERIAL_CLASS && kind != LIION_OBJ_MATERIAL_DEFINITION)
        return liion__error(plant->ctx, LIION_E_INVALID_ARG,
                            "assembly attributes belong to material classes and definitions, "
                            "not kind %d",
                            (int)kind);
    return liion__plant_check(plant, kind, index, "assembly attributes");
}

LIION_API liion_status liion_plant_set_assembly(liion_plant *plant, liion_object_kind kind,
                                                uint32_t index, liion_assembly_type type,
                                                liion_assembly_rel rel)
{
    liion_status st = liion__plant_enter(plant);
    if (st != LIION_OK)
        return st;
    if ((st = asm_owner(plant, kind, index)) != LIION_OK)
        return st;
    if (type != LIION_ASSEMBLY_PHYSICAL && type != LIION_ASSEMBLY_LOGICAL)
        return liion__error(plant->ctx, LIION_E_INVALID_ARG, "unknown assembly type %d",
                            (int)type);
    if (rel != LIION_ASSEMBLY_PERMANENT && rel != LIION_ASSEMBLY_TRANSIENT)
        return liion__error(plant->ctx, LIION_E_INVALID_ARG, "unknown assembly relationship %d",
                            (int)rel);
    if ((st = liion__map64_put(&plant->asm_attr, (uint64_t)kind << 32 | index,
                               (uint64_t)type | (uint64_t)rel << 8)) != LIION_OK)
        return st;
    return journal(plant, (liion__plant_op){ .op = LIION__OP_SET_ASSEMBLY,
                                             .u = { (uint32_t)kind, index, (uint32_t)type,
                                                    (uint32_t)rel } });
}

LIION_API liion_status liion_plant_assembly_info(liion_assembly_type *type_out,
                                                 liion_assembly_rel *rel_out,
                                                 liion_plant *plant, liion_object_kind kind,
                                                 uint32_t index)
{
    uint64_t v = 0;
    liion_status st = liion__plant_enter(plant);
    if (type_out != NULL)
        *type_out = (liion_assembly_type)0;
    if (rel_out != NULL)
        *rel_out = (liion_assembly_rel)0;
    if (st != LIION_OK)
        return st;
    if ((st = asm_owner(plant, kind, index)) != LIION_OK)
        return st;
    if (!liion__map64_get(&plant->asm_attr, (uint64_t)kind << 32 | index, &v) &&
        kind == LIION_OBJ_MATERIAL_DEFINITION && plant->def_class[index] != LIION__NONE)
        (void)liion__map64_get(&plant->asm_attr,
                               (uint64_t)LIION_OBJ_MATERIAL_CLASS << 32 | plant->def_class[index],
                               &v);
    if (type_out != NULL)
        *type_out = (liion_assembly_type)(v & 0xffu);
    if (rel_out != NULL)
        *rel_out = (liion_assembly_rel)((v >> 8) & 0xffu);
    return LIION_OK;
}

/* ---- journal replay of ops 22..29 ------------------------------------------------------- */

/* Split "a\x1fb[\x1fc]" (n parts) into NUL-terminated copies in buf. */
static bool unpack(char *buf, size_t cap, const char *packed, const char **parts, size_t n)
{
    size_t len = packed != NULL ? strlen(packed) : 0, k = 0;
    if (packed == NULL || len >= cap)
        return false;
    memcpy(buf, packed, len + 1);
    parts[k++] = buf;
    for (size_t i = 0; i < len; i++)
        if (buf[i] == ID_SEP) {
            if (k == n)
                return false;
            buf[i] = '\0';
            parts[k++] = buf + i + 1;
        }
    return k == n;
}

liion_status liion__plant_replay(liion_plant *plant, uint32_t type, const char *const *s,
                                 const uint32_t *u, const int64_t *t, const double *d)
{
    uint32_t idx;
    switch (type) {
    case LIION__OP_JOB_ADD:
        return liion_plant_job_response_add(&idx, plant, s[0], s[1], t[0], t[1],
                                            (liion_response_state)u[0]);
    case LIION__OP_JOB_SEGMENT:
        return liion_plant_job_response_add_segment(plant, u[0], u[1]);
    case LIION__OP_JOB_STATE:
        return liion_plant_job_response_set_state(plant, u[0], (liion_response_state)u[1]);
    case LIION__OP_TEST_RESULT: {
        char b0[TEST_PACK_CAP], b1[TEST_PACK_CAP];
        const char *a[2] = { NULL, NULL }, *b[3] = { NULL, NULL, NULL };
        if (!unpack(b0, sizeof b0, s[0], a, 2) || !unpack(b1, sizeof b1, s[1], b, 3))
            return liion__error(plant->ctx, LIION_E_CORRUPT,
                                "test result record: packed text fields are malformed");
        return liion_plant_test_result_add(&idx, plant, a[0], a[1], u[0], b[0], b[1], d[0], b[2],
                                           (liion_test_outcome)u[1], t[0]);
    }
    case LIION__OP_SET_ASSEMBLY:
        return liion_plant_set_assembly(plant, (liion_object_kind)u[0], u[1],
                                        (liion_assembly_type)u[2], (liion_assembly_rel)u[3]);
    default:
        return liion__error(plant->ctx, LIION_E_CORRUPT, "unknown plant record type %u",
                            (unsigned)type);
    }
}
