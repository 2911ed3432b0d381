/*
 * Snapshot section 26: the records of the store's spec registry, read through its public
 * accessors and restored through liion__spec_registry_restore() (lib/spec/attach.c).
 *
 * Content (LEB128 varints; text = length + UTF-8 bytes; f64 = 8 bytes little-endian):
 *   record count, then per record: kind, index, limits version, owner, param, unit,
 *   zigzag(time), checked, failed, warned, dropped, violation count, then per violation:
 *   severity, side, index, value f64, limit f64, param, unit, where.
 */
#include "store/store_int.h"

#include "core/bytes.h"
#include "spec/spec_hook.h"

#include <string.h>

static void put_text(liion__snap_enc *e, const char *s)
{
    size_t n = s != NULL ? strlen(s) : 0;
    liion__snap_put_uv(e, n);
    liion__snap_put_bytes(e, s, n);
}

static void put_f64(liion__snap_enc *e, double d)
{
    uint8_t b[8];
    liion__store_f64le(b, d);
    liion__snap_put_bytes(e, b, 8);
}

void liion__snap_spec_encode(liion_spec_registry *reg, liion__snap_enc *e)
{
    size_t n = liion_spec_registry_count(reg);
    liion__snap_put_uv(e, n);
    for (size_t i = 0; i < n && e->st == LIION_OK; i++) {
        liion_spec_record_info r;
        uint64_t t;
        memset(&r, 0, sizeof r);
        r.struct_size = (uint32_t)sizeof r;
        if ((e->st = liion_spec_registry_record(&r, reg, i)) != LIION_OK)
            return;
        t = (uint64_t)r.time;
        liion__snap_put_uv(e, (uint64_t)r.kind);
        liion__snap_put_uv(e, r.index);
        liion__snap_put_uv(e, r.limits_version);
        put_text(e, r.limits_owner);
        put_text(e, r.param);
        put_text(e, r.unit);
        liion__snap_put_uv(e, (t << 1) ^ (UINT64_C(0) - (t >> 63)));
        liion__snap_put_uv(e, r.checked);
        liion__snap_put_uv(e, r.failed);
        liion__snap_put_uv(e, r.warned);
        liion__snap_put_uv(e, r.dropped);
        liion__snap_put_uv(e, r.violations);
        for (uint64_t k = 0; k < r.violations && e->st == LIION_OK; k++) {
            liion_spec_violation v;
            memset(&v, 0, sizeof v);
            v.struct_size = (uint32_t)sizeof v;
            if ((e->st = liion_spec_registry_violation(&v, reg, i, (size_t)k)) != LIION_OK)
                return;
            liion__snap_put_uv(e, (uint64_t)v.severity);
            liion__snap_put_uv(e, (uint64_t)v.side);
            liion__snap_put_uv(e, v.index);
            put_f64(e, v.value);
            put_f64(e, v.limit);
            put_text(e, v.param);
            put_text(e, v.unit);
            put_text(e, v.where);
        }
    }
}

typedef struct spec_dec {
    liion__snap_dec *d;
    liion_ctx *ctx;
    char *sbuf;
    size_t scap, spos;
} spec_dec;

static bool get_text(spec_dec *x, const char **out)
{
    uint64_t n;
    liion__snap_dec *d = x->d;
    if (!liion__snap_get_uv(d, &n))
        return false;
    if (n > d->len - d->pos || n + 1 > x->scap - x->spos) {
        d->why = "text longer than the section";
        return false;
    }
    memcpy(x->sbuf + x->spos, d->p + d->pos, (size_t)n);
    x->sbuf[x->spos + n] = '\0';
    if (memchr(x->sbuf + x->spos, 0, (size_t)n) != NULL) {
        d->why = "text holds a NUL byte";
        return false;
    }
    *out = x->sbuf + x->spos;
    x->spos += (size_t)n + 1;
    d->pos += (size_t)n;
    return true;
}

static bool get_f64(liion__snap_dec *d, double *out)
{
    if (d->len - d->pos < 8) {
        d->why = "section ends inside a float";
        return false;
    }
    *out = liion__load_f64le(d->p + d->pos);
    d->pos += 8;
    return true;
}

static bool get_u32(liion__snap_dec *d, uint32_t *out)
{
    uint64_t v;
    if (!liion__snap_get_uv(d, &v))
        return false;
    if (v > UINT32_MAX) {
        d->why = "number out of range";
        return false;
    }
    *out = (uint32_t)v;
    return true;
}

const char *liion__snap_spec_decode(liion_spec_registry *reg, liion_ctx *ctx,
                                    liion__snap_dec *d, liion_status *st)
{
    spec_dec x;
    uint64_t n;
    liion__spec_viol_data *viols = NULL;
    size_t vcap = 0;
    const char *why = NULL;
    *st = LIION_OK;
    if (!liion__snap_get_uv(d, &n))
        return d->why;
    if (n > (d->len - d->pos) / 16) /* a record takes 16 bytes at least */
        return "record count larger than the section";
    if (n == 0)
        return NULL;
    memset(&x, 0, sizeof x);
    x.d = d;
    x.ctx = ctx;
    /* one record's texts with their NULs: at most the section's bytes plus one NUL per text
     * (a text takes one byte at least) */
    x.scap = 2 * d->len + 16;
    if ((x.sbuf = liion__alloc(ctx, x.scap)) == NULL) {
        *st = LIION_E_NOMEM;
        return NULL;
    }
    for (uint64_t i = 0; i < n && why == NULL; i++) {
        liion__spec_rec_data r;
        uint64_t t, nv;
        memset(&r, 0, sizeof r);
        x.spos = 0;
        if (!get_u32(d, &r.kind) || !get_u32(d, &r.index) || !get_u32(d, &r.version) ||
            !get_text(&x, &r.owner) || !get_text(&x, &r.param) || !get_text(&x, &r.unit) ||
            !liion__snap_get_uv(d, &t) || !liion__snap_get_uv(d, &r.checked) ||
            !liion__snap_get_uv(d, &r.failed) || !liion__snap_get_uv(d, &r.warned) ||
            !liion__snap_get_uv(d, &r.dropped) || !liion__snap_get_uv(d, &nv)) {
            why = d->why;
            break;
        }
        r.time = (int64_t)((t >> 1) ^ (UINT64_C(0) - (t & 1u)));
        if (nv > (d->len - d->pos) / 22) { /* a violation takes 22 bytes at least */
            why = "violation count larger than the section";
            break;
        }
        if (nv * sizeof *viols > vcap) {
            size_t want = (size_t)nv * sizeof *viols;
            liion__spec_viol_data *p = viols == NULL ? liion__alloc(ctx, want)
                                                     : liion__realloc(ctx, viols, vcap, want);
            if (p == NULL) {
                *st = LIION_E_NOMEM;
                break;
            }
            viols = p;
            vcap = want;
        }
        for (uint64_t k = 0; k < nv && why == NULL; k++) {
            liion__spec_viol_data *v = &viols[k];
            if (!get_u32(d, &v->severity) || !get_u32(d, &v->side) ||
                !liion__snap_get_uv(d, &v->index) || !get_f64(d, &v->value) ||
                !get_f64(d, &v->limit) || !get_text(&x, &v->param) ||
                !get_text(&x, &v->unit) || !get_text(&x, &v->where))
                why = d->why;
        }
        if (why != NULL)
            break;
        r.nviol = (size_t)nv;
        if (reg == NULL)
            continue;
        if ((*st = liion__spec_registry_restore(reg, &r, viols)) != LIION_OK) {
            if (*st != LIION_E_NOMEM) {
                *st = LIION_OK;
                why = "a spec record names an object that does not exist or a bad field";
            }
            break;
        }
    }
    liion__free(ctx, x.sbuf, x.scap);
    liion__free(ctx, viols, vcap);
    return why;
}
