/*
 * Single-cell audit dossier: the cell, its backward genealogy (with sublot parents), producing
 * responses, equipment use, roll positions traced back through the roll map, every spec
 * result on the closure (failures first, then warnings), the formation records, and the
 * SHA-256 of the content's deterministic CBOR encoding. Reads the plant through its public
 * queries, plus the equipment-use chains and roll map from lib/isa95/plant_int.h (read only).
 */
#include "export/xdoc.h"

#include "core/hash.h"
#include "isa95/plant_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define LIION__MAGIC_DOSS 0x646f7373u /* "doss" */

struct liion_dossier {
    uint32_t magic;
    liion_ctx *ctx;
    liion_plant *plant;
    uint32_t cell;
    liion_spec_registry *reg;
    liion_export_doc **recs;
    size_t n_recs, recs_cap;
};

static liion_status enter(liion_dossier *d)
{
    if (!d)
        return LIION_E_INVALID_ARG;
    if (d->magic != LIION__MAGIC_DOSS)
        return LIION_E_MISUSE;
    return liion__ctx_enter(d->ctx);
}

LIION_API liion_status liion_dossier_new(liion_dossier **out, liion_ctx *ctx,
                                         liion_plant *plant, uint32_t cell)
{
    liion_dossier *d;
    liion_status st = liion__ctx_enter(ctx);
    if (out)
        *out = NULL;
    if (st)
        return st;
    if (!out || !plant)
        return liion__error(ctx, LIION_E_INVALID_ARG, "NULL out or plant");
    if (cell >= liion_plant_count(plant, LIION_OBJ_LOT))
        return liion__error(ctx, LIION_E_NOT_FOUND, "dossier: no lot with index %u", cell);
    d = liion__calloc(ctx, 1, sizeof *d);
    if (!d)
        return LIION_E_NOMEM;
    d->magic = LIION__MAGIC_DOSS;
    d->ctx = ctx;
    d->plant = plant;
    d->cell = cell;
    *out = d;
    return LIION_OK;
}

LIION_API void liion_dossier_free(liion_dossier *d)
{
    if (!d || d->magic != LIION__MAGIC_DOSS)
        return;
    for (size_t i = 0; i < d->n_recs; i++)
        liion_export_doc_free(d->recs[i]);
    liion__free(d->ctx, d->recs, d->recs_cap * sizeof *d->recs);
    d->magic = LIION__MAGIC_DEAD;
    liion__free(d->ctx, d, sizeof *d);
}

LIION_API liion_status liion_dossier_set_registry(liion_dossier *d, liion_spec_registry *reg)
{
    liion_status st = enter(d);
    if (st)
        return st;
    d->reg = reg;
    return LIION_OK;
}

LIION_API liion_status liion_dossier_add_record(liion_dossier *d, liion_export_doc *doc)
{
    const liion__xn *c;
    const char *cell;
    liion_export_doc *copy;
    liion_status st = enter(d);
    if (st)
        return st;
    if (!doc || doc->magic != LIION__MAGIC_XDOC)
        return liion__error(d->ctx, LIION_E_INVALID_ARG, "NULL or invalid document");
    if (strcmp(doc->type, "formation-record") == 0) {
        c = liion__xn_get(doc->root, "cell_id");
    } else if (strcmp(doc->type, "iec62660-test-record") == 0) {
        c = liion__xn_get(liion__xn_get(doc->root, "identity"), "cell_id");
    } else {
        return liion__error(d->ctx, LIION_E_INVALID_ARG,
                            "dossier: a '%s' document is neither a formation record nor an IEC "
                            "62660 test record", doc->type);
    }
    cell = liion_plant_id(d->plant, LIION_OBJ_LOT, d->cell);
    if (!c || c->type != XN_TEXT || !cell || strlen(cell) != c->len ||
        memcmp(cell, c->v.s, c->len) != 0)
        return liion__error(d->ctx, LIION_E_STATE,
                            "dossier: the %s names cell '%.*s', not '%s'",
                            doc->type[0] == 'f' ? "formation record" : "test record",
                            c && c->type == XN_TEXT ? (int)c->len : 1,
                            c && c->type == XN_TEXT ? (const char *)c->v.s : "?",
                            cell ? cell : "?");
    if (d->n_recs == d->recs_cap) {
        size_t nc = d->recs_cap ? d->recs_cap * 2 : 4;
        liion_export_doc **nr =
            liion__realloc(d->ctx, d->recs, d->recs_cap * sizeof *nr, nc * sizeof *nr);
        if (!nr)
            return LIION_E_NOMEM;
        d->recs = nr;
        d->recs_cap = nc;
    }
    st = liion__xdoc_new(&copy, d->ctx);
    if (st)
        return st;
    copy->root = liion__xn_clone(copy, doc->root);
    if (!copy->root) {
        liion_export_doc_free(copy);
        return liion__error(d->ctx, LIION_E_NOMEM, "out of memory copying a record");
    }
    copy->type = doc->type[0] == 'f' ? "formation-record" : "iec62660-test-record";
    d->recs[d->n_recs++] = copy;
    return LIION_OK;
}

/* ---- content --------------------------------------------------------------------------- */

static const char *DISP[7] = { "none", "planned", "in_process", "restricted", "unrestricted",
                               "closed", "other" };
static const char *STEP[16] = { "",          "mixing",     "coating",   "drying",
                                "calendering", "slitting", "notching",  "stacking",
                                "winding",   "tab_welding", "packaging", "filling",
                                "formation", "aging",      "grading",   "other" };

typedef struct bctx {
    liion_dossier *d;
    liion_export_doc *doc;
    liion_trace *tq;
    uint64_t origins; /* roll-origin rows written (bounded: a roll map is a DAG, not a tree) */
} bctx;

static void put_id(bctx *b, liion__xn *m, const char *key, liion_object_kind kind, uint32_t i)
{
    const char *id = liion_plant_id(b->d->plant, kind, i);
    if (id)
        liion__xn_text(b->doc, m, key, id);
    else
        liion__xn_null(b->doc, m, key);
}

static void push_id(bctx *b, liion__xn *arr, liion_object_kind kind, uint32_t i)
{
    const char *id = liion_plant_id(b->d->plant, kind, i);
    if (id)
        liion__xn_push(b->doc, arr, liion__xn_text_node(b->doc, id, strlen(id)));
}

static liion_status lot_entry(bctx *b, liion__xn *arr, uint32_t lot, uint32_t depth)
{
    liion_plant *p = b->d->plant;
    liion_export_doc *doc = b->doc;
    liion__xn *m = liion__xn_map(doc, arr, NULL), *u;
    uint32_t def = liion_plant_lot_definition(p, lot), parent = liion_plant_lot_parent(p, lot);
    uint32_t prod = liion_plant_lot_producer(p, lot);
    const char *scheme = liion_plant_scheme(p, LIION_OBJ_LOT, lot), *status;
    double qv;
    const char *qu;
    liion_qty_type qt;
    liion_disposition disp = liion_plant_lot_disposition(p, lot);
    uint64_t head;
    put_id(b, m, "lot", LIION_OBJ_LOT, lot);
    if (scheme && *scheme)
        liion__xn_text(doc, m, "scheme", scheme);
    liion__xn_uint(doc, m, "depth", depth);
    if (def != LIION_PLANT_NONE) {
        uint32_t cls = liion_plant_definition_class(p, def);
        put_id(b, m, "definition", LIION_OBJ_MATERIAL_DEFINITION, def);
        if (cls != LIION_PLANT_NONE)
            put_id(b, m, "material_class", LIION_OBJ_MATERIAL_CLASS, cls);
    }
    if (parent != LIION_PLANT_NONE)
        put_id(b, m, "parent_lot", LIION_OBJ_LOT, parent);
    liion__xn_text(doc, m, "disposition", (unsigned)disp <= 6 ? DISP[disp] : "other");
    status = liion_plant_lot_status(p, lot);
    if (status && *status)
        liion__xn_text(doc, m, "status", status);
    if (liion_plant_lot_quantity(&qv, &qu, &qt, p, lot) == LIION_OK) {
        liion__xn *q = liion__xn_map(doc, m, "quantity");
        liion__xn_num(doc, q, "value", qv);
        liion__xn_text(doc, q, "unit", qu ? qu : "");
    }
    liion__ctx_enter(b->d->ctx); /* a lot without a quantity is not an error */
    if (prod != LIION_PLANT_NONE) {
        int64_t t0, t1;
        uint32_t seg, idx;
        liion__xn *r = liion__xn_map(doc, m, "producer"), *e;
        liion_status st = liion_plant_response_info(&t0, &t1, &seg, p, prod);
        if (st)
            return st;
        put_id(b, r, "response", LIION_OBJ_RESPONSE, prod);
        put_id(b, r, "segment", LIION_OBJ_SEGMENT, seg);
        {
            liion_process_step s = liion_plant_segment_step(p, seg);
            liion__xn_text(doc, r, "step", (int)s >= 1 && (int)s <= 15 ? STEP[s] : "other");
        }
        liion__xn_int(doc, r, "start", t0);
        liion__xn_int(doc, r, "end", t1);
        if ((st = liion_plant_response_equipment(p, b->tq, prod)))
            return st;
        e = liion__xn_array(doc, r, "equipment");
        while (liion_trace_next(b->tq, &idx, NULL))
            push_id(b, e, LIION_OBJ_EQUIPMENT, idx);
        if ((st = liion_plant_response_persons(p, b->tq, prod)))
            return st;
        e = liion__xn_array(doc, r, "persons");
        while (liion_trace_next(b->tq, &idx, NULL))
            push_id(b, e, LIION_OBJ_PERSON, idx);
    }
    u = liion__xn_array(doc, m, "equipment_use");
    if (liion__map64_get(&p->use_by_lot, lot, &head)) {
        /* newest first in the chain: count, then emit oldest first */
        size_t n = 0;
        for (uint64_t i = head; i != LIION__NONE; i = p->uses[i].next_lot)
            n++;
        for (size_t k = n; k > 0; k--) {
            uint64_t i = head;
            liion__xn *x;
            for (size_t j = 1; j < k; j++)
                i = p->uses[i].next_lot;
            x = liion__xn_map(doc, u, NULL);
            put_id(b, x, "equipment", LIION_OBJ_EQUIPMENT, p->uses[i].eq);
            liion__xn_int(doc, x, "t0", p->uses[i].t0);
            liion__xn_int(doc, x, "t1", p->uses[i].t1);
        }
    }
    return doc->err;
}

/* Trace [s, e) on roll back through every link into it, depth first, link order. */
static liion_status roll_origin(bctx *b, liion__xn *arr, uint32_t roll, double s, double e,
                                uint32_t depth)
{
    liion_plant *p = b->d->plant;
    uint64_t maxd = b->d->ctx->max_depth ? b->d->ctx->max_depth : 64;
    if (depth > maxd)
        return liion__error(b->d->ctx, LIION_E_LIMIT,
                            "roll map: links nest deeper than the max depth %llu",
                            (unsigned long long)maxd);
    for (size_t i = 0; i < p->links_n; i++) {
        const liion__roll_link *l = &p->links[i];
        double o0 = l->out0, o1 = l->out0 + (l->md1 - l->md0) * l->scale, a, bb, x0, x1;
        liion__xn *x;
        liion_status st;
        if (l->to != roll)
            continue;
        a = s > o0 ? s : o0;
        bb = e < o1 ? e : o1;
        if (!(a < bb))
            continue;
        if (l->flags & LIION_ROLL_REVERSED) {
            x0 = l->md1 - (bb - l->out0) / l->scale;
            x1 = l->md1 - (a - l->out0) / l->scale;
        } else {
            x0 = l->md0 + (a - l->out0) / l->scale;
            x1 = l->md0 + (bb - l->out0) / l->scale;
        }
        if (++b->origins > (b->d->ctx->max_items ? b->d->ctx->max_items : 1000000))
            return liion__error(b->d->ctx, LIION_E_LIMIT,
                                "roll map: more origin intervals than the max items %llu",
                                (unsigned long long)b->d->ctx->max_items);
        x = liion__xn_map(b->doc, arr, NULL);
        put_id(b, x, "roll", LIION_OBJ_LOT, l->from);
        liion__xn_uint(b->doc, x, "depth", depth);
        liion__xn_num(b->doc, x, "md_start_m", x0);
        liion__xn_num(b->doc, x, "md_end_m", x1);
        liion__xn_bool(b->doc, x, "reversed", (l->flags & LIION_ROLL_REVERSED) != 0);
        if ((l->flags & LIION_ROLL_LANE) && isfinite(l->cd0) && isfinite(l->cd1)) {
            liion__xn_num(b->doc, x, "lane_cd_min_mm", l->cd0);
            liion__xn_num(b->doc, x, "lane_cd_max_mm", l->cd1);
        }
        if ((st = roll_origin(b, arr, l->from, x0, x1, depth + 1)))
            return st;
    }
    return b->doc->err;
}

static liion_status genealogy(bctx *b, liion__xn *content)
{
    liion_dossier *d = b->d;
    liion_plant *p = d->plant;
    liion__xn *g = liion__xn_array(b->doc, content, "genealogy");
    liion_trace *tr = NULL;
    liion__map64 seen;
    uint32_t *work = NULL;
    size_t nw = 0, capw = 0;
    liion_status st;
    liion__map64_init(&seen, d->ctx);
    if ((st = liion_trace_new(&tr, d->ctx)))
        return st;
    /* worklist of (lot, depth) pairs: the cell, its backward trace, then sublot parents and
     * their traces, each lot once */
#define PUSH(L, D)                                                                              \
    do {                                                                                        \
        uint64_t v_;                                                                            \
        if (!liion__map64_get(&seen, (L), &v_)) {                                               \
            if ((st = liion__map64_put(&seen, (L), 1)))                                         \
                goto out;                                                                       \
            if (nw + 2 > capw) {                                                                \
                size_t nc_ = capw ? capw * 2 : 64;                                              \
                uint32_t *nwk_ = liion__realloc(d->ctx, work, capw * sizeof *work,              \
                                                nc_ * sizeof *work);                            \
                if (!nwk_) {                                                                    \
                    st = LIION_E_NOMEM;                                                         \
                    goto out;                                                                   \
                }                                                                               \
                work = nwk_;                                                                    \
                capw = nc_;                                                                     \
            }                                                                                   \
            work[nw++] = (L);                                                                   \
            work[nw++] = (D);                                                                   \
        }                                                                                       \
    } while (0)
    PUSH(d->cell, 0u);
    for (size_t k = 0; k < nw; k += 2) {
        uint32_t lot = work[k], dep = work[k + 1], idx, dd, parent;
        if (k == 0 || lot != d->cell) {
            if ((st = liion_plant_trace_backward(p, tr, lot, 0, LIION_FILTER_NONE, 0)))
                goto out;
            while (liion_trace_next(tr, &idx, &dd))
                PUSH(idx, dep + dd);
        }
        parent = liion_plant_lot_parent(p, lot);
        if (parent != LIION_PLANT_NONE)
            PUSH(parent, dep + 1);
    }
#undef PUSH
    for (size_t k = 0; k < nw; k += 2)
        if ((st = lot_entry(b, g, work[k], work[k + 1])))
            goto out;
    st = LIION_OK;
out:
    liion__map64_free(&seen);
    liion__free(d->ctx, work, capw * sizeof *work);
    liion_trace_free(tr);
    return st;
}

static void num_or_null(liion_export_doc *doc, liion__xn *m, const char *key, double v)
{
    if (isfinite(v))
        liion__xn_num(doc, m, key, v);
    else
        liion__xn_null(doc, m, key);
}

static liion_status spec_results(bctx *b, liion__xn *content)
{
    liion_dossier *d = b->d;
    liion__xn *arr = liion__xn_array(b->doc, content, "spec_results");
    liion_spec_selection *sel = NULL;
    liion_status st;
    if (!d->reg)
        return LIION_OK;
    if ((st = liion_spec_selection_new(&sel, d->ctx)))
        return st;
    if ((st = liion_spec_registry_select_closure(d->reg, sel, d->cell, 0)))
        goto out;
    for (int pass = 0; pass < 3; pass++) {
        size_t rec;
        uint32_t depth;
        liion_spec_selection_rewind(sel);
        while (liion_spec_selection_next(sel, &rec, &depth)) {
            liion_spec_record_info ri;
            liion__xn *m, *va;
            int group;
            memset(&ri, 0, sizeof ri);
            ri.struct_size = sizeof ri;
            if ((st = liion_spec_registry_record(&ri, d->reg, rec)))
                goto out;
            group = ri.failed ? 0 : ri.warned ? 1 : 2;
            if (group != pass)
                continue;
            m = liion__xn_map(b->doc, arr, NULL);
            liion__xn_text(b->doc, m, "outcome", group == 0 ? "fail" : group == 1 ? "warn" : "pass");
            liion__xn_text(b->doc, m, "object_kind",
                           ri.kind == LIION_OBJ_RESPONSE ? "response"
                           : ri.kind == LIION_OBJ_EQUIPMENT ? "equipment" : "lot");
            put_id(b, m, "object", ri.kind, ri.index);
            liion__xn_uint(b->doc, m, "depth", depth);
            liion__xn_text(b->doc, m, "param", ri.param);
            liion__xn_text(b->doc, m, "limits_owner", ri.limits_owner);
            liion__xn_uint(b->doc, m, "limits_version", ri.limits_version);
            liion__xn_text(b->doc, m, "unit", ri.unit);
            liion__xn_int(b->doc, m, "time", ri.time);
            liion__xn_uint(b->doc, m, "checked", ri.checked);
            liion__xn_uint(b->doc, m, "failed", ri.failed);
            liion__xn_uint(b->doc, m, "warned", ri.warned);
            liion__xn_uint(b->doc, m, "dropped", ri.dropped);
            va = liion__xn_array(b->doc, m, "violations");
            for (uint64_t i = 0; i < ri.violations; i++) {
                liion_spec_violation v;
                liion__xn *x;
                memset(&v, 0, sizeof v);
                v.struct_size = sizeof v;
                if ((st = liion_spec_registry_violation(&v, d->reg, rec, (size_t)i)))
                    goto out;
                x = liion__xn_map(b->doc, va, NULL);
                liion__xn_text(b->doc, x, "severity", v.severity == LIION_SPEC_FAIL ? "fail" : "warn");
                liion__xn_text(b->doc, x, "side",
                               v.side == LIION_SPEC_SIDE_LOW    ? "low"
                               : v.side == LIION_SPEC_SIDE_HIGH ? "high"
                                                                : "missing");
                if (v.index == LIION_SPEC_INDEX_STACK)
                    liion__xn_null(b->doc, x, "index");
                else
                    liion__xn_uint(b->doc, x, "index", v.index);
                num_or_null(b->doc, x, "value", v.value);
                num_or_null(b->doc, x, "limit", v.limit);
                liion__xn_text(b->doc, x, "param", v.param ? v.param : "");
                liion__xn_text(b->doc, x, "unit", v.unit ? v.unit : "");
                liion__xn_text(b->doc, x, "where", v.where ? v.where : "");
            }
        }
    }
    st = b->doc->err;
out:
    liion_spec_selection_free(sel);
    return st;
}

LIION_API liion_status liion_dossier_build(liion_export_doc **out, liion_dossier *d)
{
    liion_export_doc *doc = NULL;
    liion__xn *r, *c, *rp, *h, *fr, *tr;
    bctx b;
    uint8_t *cb = NULL, dig[32];
    size_t cbn = 0;
    char hex[65];
    liion_status st = enter(d);
    if (out)
        *out = NULL;
    if (st)
        return st;
    if (!out)
        return liion__error(d->ctx, LIION_E_INVALID_ARG, "NULL out");
    if ((st = liion__xdoc_new(&doc, d->ctx)))
        return st;
    b.d = d;
    b.doc = doc;
    b.tq = NULL;
    b.origins = 0;
    if ((st = liion_trace_new(&b.tq, d->ctx)))
        goto fail;
    r = doc->root = liion__xn_map(doc, NULL, NULL);
    liion__xn_text(doc, r, "document", "cell-audit-dossier");
    liion__xn_uint(doc, r, "schema_version", 1);
    c = liion__xn_map(doc, r, "content");
    {
        liion__xn *cell = liion__xn_map(doc, c, "cell");
        const char *sch = liion_plant_scheme(d->plant, LIION_OBJ_LOT, d->cell);
        put_id(&b, cell, "id", LIION_OBJ_LOT, d->cell);
        if (sch && *sch)
            liion__xn_text(doc, cell, "scheme", sch);
    }
    if ((st = genealogy(&b, c)))
        goto fail;
    /* roll intervals that went into the cell itself or into a lot it is made from (a stack or
     * jelly roll takes the electrode sheets; the cell takes the stack) */
    if ((st = liion_plant_trace_backward(d->plant, b.tq, d->cell, 0, LIION_FILTER_NONE, 0)))
        goto fail;
    rp = liion__xn_array(doc, c, "roll_positions");
    for (size_t i = 0; i < d->plant->ruses_n; i++) {
        const liion__roll_use *u = &d->plant->ruses[i];
        liion__xn *x;
        if (u->cell != d->cell && !liion_trace_contains(b.tq, u->cell))
            continue;
        x = liion__xn_map(doc, rp, NULL);
        put_id(&b, x, "roll", LIION_OBJ_LOT, u->roll);
        put_id(&b, x, "into", LIION_OBJ_LOT, u->cell);
        liion__xn_num(doc, x, "md_start_m", u->s);
        liion__xn_num(doc, x, "md_end_m", u->e);
        liion__xn_uint(doc, x, "sheet", u->sheet);
        if ((st = roll_origin(&b, liion__xn_array(doc, x, "origin"), u->roll, u->s, u->e, 1)))
            goto fail;
    }
    if ((st = spec_results(&b, c)))
        goto fail;
    fr = liion__xn_array(doc, c, "formation_records");
    tr = liion__xn_array(doc, c, "test_records");
    for (size_t i = 0; i < d->n_recs; i++)
        liion__xn_push(doc, d->recs[i]->type[0] == 'f' ? fr : tr,
                       liion__xn_clone(doc, d->recs[i]->root));
    if ((st = liion__xdoc_seal(doc)))
        goto fail;
    if ((st = liion__xn_cbor_alloc(d->ctx, liion__xn_get(doc->root, "content"), &cb, &cbn)))
        goto fail;
    liion_export_sha256(dig, cb, cbn);
    liion__free(d->ctx, cb, cbn ? cbn : 1);
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", dig[i]);
    h = liion__xn_text_node(doc, hex, 64);
    if ((st = liion__xn_put_sealed(doc, doc->root, "content_sha256", h)))
        goto fail;
    liion_trace_free(b.tq);
    *out = doc;
    return LIION_OK;
fail:
    if (st == LIION_E_NOMEM && liion_ctx_errcode(d->ctx) == LIION_OK)
        liion__error(d->ctx, LIION_E_NOMEM, "out of memory building the dossier");
    liion_trace_free(b.tq);
    liion_export_doc_free(doc);
    return st;
}
