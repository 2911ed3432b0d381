/*
 * Per-cell formation record: builder, series compression (quantise, delta, zigzag LEB128,
 * deflate) and the document. A record carries exactly one cell's own samples: a series
 * declared as measured on several cells, or flagged as an aggregate, is refused.
 */
#include "export/xdoc.h"

#include "core/buf.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define LIION__MAGIC_FORM 0x666f726du /* "form" */
#define NF 12
#define NCH 4

static const bool IS_TEXT[NF] = { false, true, true, true, true, true, true,
                                  false, false, false, false, false };

typedef struct step {
    int64_t t0, t1;
    double v[9];
    uint32_t mode;
} step;

static const double QUANTUM[NCH] = { 1.0, 1e-4, 1e-4, 1e-2 };
static const char *CH_KEY[NCH] = { "time", "voltage", "current", "temperature" };
static const char *CH_UNIT[NCH] = { "ms", "V", "A", "Cel" };

struct liion_formation {
    uint32_t magic;
    liion_ctx *ctx;
    char *text[NF];
    size_t tlen[NF];
    double num[NF];
    bool set[NF];
    int64_t ocv_t[3];
    double ocv_v[3];
    bool ocv_set[3];
    step *steps;
    size_t n_steps, steps_cap;
    uint8_t *ch[NCH];
    size_t ch_len[NCH], ch_cap[NCH];
    size_t samples;
    liion__buf scratch; /* varints before deflate, reused */
    z_stream z;         /* one deflate stream, reset per channel (no allocation per cell) */
    bool z_ready;
};

static liion_status enter(liion_formation *f)
{
    if (!f)
        return LIION_E_INVALID_ARG;
    if (f->magic != LIION__MAGIC_FORM)
        return LIION_E_MISUSE;
    return liion__ctx_enter(f->ctx);
}

LIION_API liion_status liion_formation_new(liion_formation **out, liion_ctx *ctx)
{
    liion_formation *f;
    liion_status st = liion__ctx_enter(ctx);
    if (out)
        *out = NULL;
    if (st)
        return st;
    if (!out)
        return liion__error(ctx, LIION_E_INVALID_ARG, "NULL out");
    f = liion__calloc(ctx, 1, sizeof *f);
    if (!f)
        return LIION_E_NOMEM;
    f->magic = LIION__MAGIC_FORM;
    f->ctx = ctx;
    liion__buf_init(&f->scratch, ctx);
    *out = f;
    return LIION_OK;
}

static void drop_series(liion_formation *f)
{
    for (int c = 0; c < NCH; c++) {
        liion__free(f->ctx, f->ch[c], f->ch_cap[c]);
        f->ch[c] = NULL;
        f->ch_len[c] = f->ch_cap[c] = 0;
    }
    f->samples = 0;
}

LIION_API void liion_formation_clear(liion_formation *f)
{
    if (!f || f->magic != LIION__MAGIC_FORM)
        return;
    for (int i = 0; i < NF; i++) {
        liion__free(f->ctx, f->text[i], f->tlen[i] + 1);
        f->text[i] = NULL;
        f->tlen[i] = 0;
        f->set[i] = false;
    }
    memset(f->ocv_set, 0, sizeof f->ocv_set);
    f->n_steps = 0;
    f->samples = 0; /* the channel buffers and the deflate stream are kept for reuse */
    memset(f->ch_len, 0, sizeof f->ch_len);
}

LIION_API void liion_formation_free(liion_formation *f)
{
    if (!f || f->magic != LIION__MAGIC_FORM)
        return;
    liion_formation_clear(f);
    drop_series(f);
    if (f->z_ready)
        deflateEnd(&f->z);
    liion__free(f->ctx, f->steps, f->steps_cap * sizeof *f->steps);
    liion__buf_free(&f->scratch);
    f->magic = LIION__MAGIC_DEAD;
    liion__free(f->ctx, f, sizeof *f);
}

LIION_API liion_status liion_formation_set_text(liion_formation *f, liion_formation_field field,
                                                const char *text)
{
    size_t n;
    char *c;
    liion_status st = enter(f);
    if (st)
        return st;
    if ((int)field <= 0 || (int)field >= NF || !IS_TEXT[field])
        return liion__error(f->ctx, LIION_E_INVALID_ARG, "formation field %d is not a text field",
                            (int)field);
    if (!liion__xtext_ok(text, &n))
        return liion__error(f->ctx, LIION_E_INVALID_ARG,
                            "formation field %d: text must be 1 to 1024 bytes of UTF-8 without "
                            "control characters", (int)field);
    c = liion__strndup(f->ctx, text, n);
    if (!c)
        return LIION_E_NOMEM;
    liion__free(f->ctx, f->text[field], f->tlen[field] + 1);
    f->text[field] = c;
    f->tlen[field] = n;
    f->set[field] = true;
    return LIION_OK;
}

LIION_API liion_status liion_formation_set_number(liion_formation *f,
                                                  liion_formation_field field, double value)
{
    liion_status st = enter(f);
    if (st)
        return st;
    if ((int)field <= 0 || (int)field >= NF || IS_TEXT[field])
        return liion__error(f->ctx, LIION_E_INVALID_ARG,
                            "formation field %d is not a number field", (int)field);
    if (!isfinite(value) || value < 0)
        return liion__error(f->ctx, LIION_E_RANGE, "formation field %d: %g is not a finite "
                            "value >= 0", (int)field, value);
    if (field == LIION_FORM_RECIPE_VERSION && (value != floor(value) || value > 4294967295.0))
        return liion__error(f->ctx, LIION_E_RANGE, "recipe version %g is not an integer", value);
    f->num[field] = value;
    f->set[field] = true;
    return LIION_OK;
}

LIION_API liion_status liion_formation_set_ocv(liion_formation *f, uint32_t checkpoint,
                                               int64_t time_s, double volts)
{
    liion_status st = enter(f);
    if (st)
        return st;
    if (checkpoint != 1 && checkpoint != 2)
        return liion__error(f->ctx, LIION_E_INVALID_ARG, "OCV checkpoint %u is not 1 or 2",
                            checkpoint);
    if (!isfinite(volts))
        return liion__error(f->ctx, LIION_E_RANGE, "OCV%u is not finite", checkpoint);
    f->ocv_t[checkpoint] = time_s;
    f->ocv_v[checkpoint] = volts;
    f->ocv_set[checkpoint] = true;
    return LIION_OK;
}

LIION_API liion_status liion_formation_add_step(liion_formation *f, liion_formation_mode mode,
                                                int64_t t_start_ms, int64_t t_end_ms,
                                                double set_a, double set_v, double end_v,
                                                double end_a, double ah, double wh,
                                                double t_min_c, double t_max_c,
                                                double ambient_c)
{
    step *s;
    double v[9] = { set_a, set_v, end_v, end_a, ah, wh, t_min_c, t_max_c, ambient_c };
    liion_status st = enter(f);
    if (st)
        return st;
    if ((int)mode < 1 || (int)mode > 5)
        return liion__error(f->ctx, LIION_E_INVALID_ARG, "step %zu: unknown mode %d",
                            f->n_steps + 1, (int)mode);
    if (t_end_ms < t_start_ms)
        return liion__error(f->ctx, LIION_E_INVALID_ARG, "step %zu: ends before it starts",
                            f->n_steps + 1);
    for (int i = 0; i < 9; i++)
        if (!isfinite(v[i]))
            return liion__error(f->ctx, LIION_E_RANGE, "step %zu: value %d is not finite",
                                f->n_steps + 1, i + 1);
    if (set_a < 0 || set_v < 0)
        return liion__error(f->ctx, LIION_E_INVALID_ARG, "step %zu: negative setpoint",
                            f->n_steps + 1);
    if (t_max_c < t_min_c)
        return liion__error(f->ctx, LIION_E_INVALID_ARG,
                            "step %zu: highest temperature below the lowest", f->n_steps + 1);
    if (f->n_steps && t_start_ms < f->steps[f->n_steps - 1].t0)
        return liion__error(f->ctx, LIION_E_INVALID_ARG,
                            "step %zu: starts before the previous step", f->n_steps + 1);
    if (f->n_steps == f->steps_cap) {
        size_t nc = f->steps_cap ? f->steps_cap * 2 : 8;
        step *ns = liion__realloc(f->ctx, f->steps, f->steps_cap * sizeof *ns, nc * sizeof *ns);
        if (!ns)
            return LIION_E_NOMEM;
        f->steps = ns;
        f->steps_cap = nc;
    }
    s = &f->steps[f->n_steps++];
    s->t0 = t_start_ms;
    s->t1 = t_end_ms;
    s->mode = (uint32_t)mode;
    memcpy(s->v, v, sizeof v);
    return LIION_OK;
}

/* Check one channel (finite, in the quantised range, time non-decreasing) without changing
 * anything, so that a refused series leaves the previous one in place. */
static liion_status check_channel(liion_formation *f, int c, const int64_t *iv, const double *dv,
                                  size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (iv) {
            if (i && iv[i] < iv[i - 1])
                return liion__error(f->ctx, LIION_E_INVALID_ARG,
                                    "series: sample %zu goes back in time", i);
        } else if (!isfinite(dv[i]) || fabs(dv[i] / QUANTUM[c]) > 4503599627370496.0) {
            return liion__error(f->ctx, LIION_E_RANGE,
                                "series: %s sample %zu is not finite or out of range",
                                CH_KEY[c], i);
        }
    }
    return LIION_OK;
}

/* Quantise, delta, zigzag and varint-code one (checked) channel into f->scratch, then deflate
 * it into f->ch[c] with the builder's stream: once the buffers have grown, a cell costs no
 * allocation. */
static liion_status code_channel(liion_formation *f, int c, const int64_t *iv, const double *dv,
                                 size_t n)
{
    uint8_t *p;
    size_t pos = 0, need;
    int64_t prev = 0;
    uLong bound;
    int rc;
    if (!liion__size_mul(n, 10, &need) || need > UINT32_MAX)
        return liion__error(f->ctx, LIION_E_LIMIT, "series too long");
    liion__buf_reset(&f->scratch);
    if (liion__buf_reserve(&f->scratch, need))
        return LIION_E_NOMEM;
    p = f->scratch.data;
    for (size_t i = 0; i < n; i++) {
        int64_t q = iv ? iv[i] : (int64_t)llround(dv[i] / QUANTUM[c]);
        uint64_t dlt = (uint64_t)q - (uint64_t)prev; /* wraps like two's complement */
        uint64_t zz = (dlt << 1) ^ (uint64_t)((int64_t)dlt >> 63);
        while (zz >= 0x80) {
            p[pos++] = (uint8_t)(zz | 0x80);
            zz >>= 7;
        }
        p[pos++] = (uint8_t)zz;
        prev = q;
    }
    if (!f->z_ready) {
        memset(&f->z, 0, sizeof f->z);
        f->z.zalloc = liion__zalloc;
        f->z.zfree = liion__zfree;
        f->z.opaque = f->ctx;
        if (deflateInit(&f->z, 6) != Z_OK)
            return liion__error(f->ctx, LIION_E_NOMEM, "zlib deflateInit failed");
        f->z_ready = true;
    } else {
        deflateReset(&f->z);
    }
    bound = deflateBound(&f->z, (uLong)pos);
    if (f->ch_cap[c] < bound) {
        uint8_t *nb = liion__realloc(f->ctx, f->ch[c], f->ch_cap[c], (size_t)bound);
        if (!nb)
            return LIION_E_NOMEM;
        f->ch[c] = nb;
        f->ch_cap[c] = (size_t)bound;
    }
    f->z.next_in = p;
    f->z.avail_in = (uInt)pos;
    f->z.next_out = f->ch[c];
    f->z.avail_out = (uInt)f->ch_cap[c];
    rc = deflate(&f->z, Z_FINISH);
    if (rc != Z_STREAM_END)
        return liion__error(f->ctx, LIION_E_NOMEM, "zlib deflate failed (%d)", rc);
    f->ch_len[c] = (size_t)f->z.total_out;
    return LIION_OK;
}

LIION_API liion_status liion_formation_set_series(liion_formation *f, const int64_t *t_ms,
                                                  const double *volts, const double *amps,
                                                  const double *temp_c, size_t n,
                                                  uint32_t source_cells, uint32_t flags)
{
    const double *dv[NCH];
    liion_status st = enter(f);
    if (st)
        return st;
    if (flags & ~LIION_SERIES_AGGREGATED)
        return liion__error(f->ctx, LIION_E_INVALID_ARG, "unknown series flags 0x%x",
                            (unsigned)flags);
    if (flags & LIION_SERIES_AGGREGATED)
        return liion__error(f->ctx, LIION_E_STATE,
                            "series: flagged as an aggregate of several cells; a formation "
                            "record carries one cell's own samples, not a batch average");
    if (source_cells != 1)
        return liion__error(f->ctx, LIION_E_STATE,
                            "series: measured on %u cells; a formation record carries one "
                            "cell's own samples, not a batch average", source_cells);
    if (!t_ms || !volts || !amps || !temp_c || n == 0)
        return liion__error(f->ctx, LIION_E_INVALID_ARG, "series: NULL channel or no samples");
    dv[0] = NULL;
    dv[1] = volts;
    dv[2] = amps;
    dv[3] = temp_c;
    for (int c = 0; c < NCH; c++)
        if ((st = check_channel(f, c, c == 0 ? t_ms : NULL, dv[c], n)))
            return st;
    f->samples = 0; /* while the channels are rewritten */
    for (int c = 0; c < NCH; c++)
        if ((st = code_channel(f, c, c == 0 ? t_ms : NULL, dv[c], n))) {
            memset(f->ch_len, 0, sizeof f->ch_len); /* a failure leaves no series */
            return st;
        }
    f->samples = n;
    return LIION_OK;
}

LIION_API liion_status liion_formation_build(liion_export_doc **out, liion_formation *f)
{
    static const char *MODE[6] = { "", "cc_charge", "cv_charge", "cccv_charge", "cc_discharge",
                                   "rest" };
    static const char *SK[9] = { "set_current_a", "set_voltage_v", "end_voltage_v",
                                 "end_current_a", "ah", "wh", "t_min_c", "t_max_c",
                                 "ambient_c" };
    liion_export_doc *d;
    liion__xn *r, *m, *a;
    liion_status st = enter(f);
    if (out)
        *out = NULL;
    if (st)
        return st;
    if (!out)
        return liion__error(f->ctx, LIION_E_INVALID_ARG, "NULL out");
    if (!f->set[LIION_FORM_CELL_ID])
        return liion__error(f->ctx, LIION_E_INVALID_ARG, "cell_id is missing");
    if (!f->set[LIION_FORM_RECIPE_ID])
        return liion__error(f->ctx, LIION_E_INVALID_ARG, "recipe id is missing");
    if (!f->set[LIION_FORM_RECIPE_VERSION])
        return liion__error(f->ctx, LIION_E_INVALID_ARG, "recipe version is missing");
    if (f->n_steps == 0)
        return liion__error(f->ctx, LIION_E_INVALID_ARG, "steps: no formation step");
    if (f->samples == 0)
        return liion__error(f->ctx, LIION_E_INVALID_ARG,
                            "series: the cell's own voltage, current and temperature samples "
                            "are missing");
    if (f->ocv_set[1] != f->ocv_set[2])
        return liion__error(f->ctx, LIION_E_INVALID_ARG, "ocv: OCV%d is missing",
                            f->ocv_set[1] ? 2 : 1);
    if (f->ocv_set[1] && f->ocv_t[2] <= f->ocv_t[1])
        return liion__error(f->ctx, LIION_E_STATE, "ocv: OCV2 is not after OCV1");
    st = liion__xdoc_new(&d, f->ctx);
    if (st)
        return st;
    r = d->root = liion__xn_map(d, NULL, NULL);
    liion__xn_text(d, r, "document", "formation-record");
    liion__xn_uint(d, r, "schema_version", 1);
    liion__xn_textn(d, r, "cell_id", f->text[LIION_FORM_CELL_ID], f->tlen[LIION_FORM_CELL_ID]);
    m = liion__xn_map(d, r, "equipment");
    if (f->set[LIION_FORM_RACK])
        liion__xn_textn(d, m, "rack", f->text[LIION_FORM_RACK], f->tlen[LIION_FORM_RACK]);
    if (f->set[LIION_FORM_TRAY])
        liion__xn_textn(d, m, "tray", f->text[LIION_FORM_TRAY], f->tlen[LIION_FORM_TRAY]);
    if (f->set[LIION_FORM_CHANNEL])
        liion__xn_textn(d, m, "channel", f->text[LIION_FORM_CHANNEL], f->tlen[LIION_FORM_CHANNEL]);
    m = liion__xn_map(d, r, "recipe");
    liion__xn_textn(d, m, "id", f->text[LIION_FORM_RECIPE_ID], f->tlen[LIION_FORM_RECIPE_ID]);
    liion__xn_uint(d, m, "version", (uint64_t)f->num[LIION_FORM_RECIPE_VERSION]);
    a = liion__xn_array(d, r, "steps");
    for (size_t i = 0; i < f->n_steps; i++) {
        const step *s = &f->steps[i];
        liion__xn *x = liion__xn_map(d, a, NULL);
        liion__xn_uint(d, x, "step", i + 1);
        liion__xn_text(d, x, "mode", MODE[s->mode]);
        liion__xn_int(d, x, "t_start_ms", s->t0);
        liion__xn_int(d, x, "t_end_ms", s->t1);
        for (int k = 0; k < 9; k++)
            liion__xn_num(d, x, SK[k], s->v[k]);
    }
    m = liion__xn_map(d, r, "series");
    liion__xn_text(d, m, "codec", "zigzag-delta-leb128+zlib");
    liion__xn_uint(d, m, "samples", f->samples);
    liion__xn_uint(d, m, "source_cells", 1);
    for (int c = 0; c < NCH; c++) {
        liion__xn *x = liion__xn_map(d, m, CH_KEY[c]);
        liion__xn_num(d, x, "quantum", QUANTUM[c]);
        liion__xn_text(d, x, "unit", CH_UNIT[c]);
        liion__xn_bytes(d, x, "data", f->ch[c], f->ch_len[c]);
    }
    if (f->ocv_set[1]) {
        liion__xn *x;
        double days = (double)(f->ocv_t[2] - f->ocv_t[1]) / 86400.0;
        m = liion__xn_map(d, r, "ocv");
        x = liion__xn_map(d, m, "ocv1");
        liion__xn_int(d, x, "time_s", f->ocv_t[1]);
        liion__xn_num(d, x, "volts", f->ocv_v[1]);
        x = liion__xn_map(d, m, "ocv2");
        liion__xn_int(d, x, "time_s", f->ocv_t[2]);
        liion__xn_num(d, x, "volts", f->ocv_v[2]);
        liion__xn_num(d, m, "k_mv_per_day", (f->ocv_v[1] - f->ocv_v[2]) * 1000.0 / days);
    }
    if (f->set[LIION_FORM_ACIR_MOHM])
        liion__xn_num(d, r, "acir_mohm", f->num[LIION_FORM_ACIR_MOHM]);
    if (f->set[LIION_FORM_DCIR_MOHM])
        liion__xn_num(d, r, "dcir_mohm", f->num[LIION_FORM_DCIR_MOHM]);
    if (f->set[LIION_FORM_CAPACITY_AH])
        liion__xn_num(d, r, "capacity_ah", f->num[LIION_FORM_CAPACITY_AH]);
    if (f->set[LIION_FORM_FINAL_MASS_G])
        liion__xn_num(d, r, "final_mass_g", f->num[LIION_FORM_FINAL_MASS_G]);
    if (f->set[LIION_FORM_GRADE])
        liion__xn_textn(d, r, "grade", f->text[LIION_FORM_GRADE], f->tlen[LIION_FORM_GRADE]);
    st = liion__xdoc_seal(d);
    if (st) {
        liion_export_doc_free(d);
        return st;
    }
    *out = d;
    return LIION_OK;
}
