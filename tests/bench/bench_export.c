/*
 * Export benchmark.
 *  1. Per-cell formation records with realistic series (10^4 samples per cell: time, V, I, T),
 *     built, compressed (quantise + delta + zigzag varint + zlib) and encoded as deterministic
 *     CBOR: cells per second and bytes per cell, and the time 100,000 cells would take
 *     (`--cells 100000` runs them all).
 *     Reference in the same run: the same record as a naive libcbor tree (cbor_build_* items,
 *     samples as arrays of float64, no compression) serialised with cbor_serialize_alloc.
 *  2. Single-cell audit dossier of a small plant: build + encode per second. Encoding alone
 *     of the built dossier, against the same document converted to a libcbor tree and
 *     serialised with cbor_serialize_alloc.
 * With --quick (CTest) the workloads are tiny. Never asserts on time.
 */
#include "bench.h"

#include <liion/liion.h>

#include <cbor.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/xdoc.h"

#define NS 10000

static int64_t T[NS];
static double V[NS], I[NS], TC[NS];

static void make_series(unsigned cell)
{
    uint32_t x = 2463534242u ^ cell;
    for (int k = 0; k < NS; k++) {
        double frac = (double)k / NS, noise;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        noise = ((double)(x % 2001) - 1000.0) * 1e-7; /* +-0.1 mV measurement noise */
        T[k] = 1767225600000ll + (int64_t)k * 1000;
        if (frac < 0.6) { /* CC charge */
            V[k] = 3.0 + 1.2 * (1.0 - exp(-frac * 5.0)) + noise;
            I[k] = 0.5 + noise;
        } else { /* CV: current decays */
            V[k] = 4.2 + noise;
            I[k] = 0.5 * exp(-(frac - 0.6) * 8.0) + noise;
        }
        TC[k] = 25.0 + 4.0 * sin(frac * 3.14159) + (double)(x % 7) * 0.01;
    }
}

static void fill_record(liion_formation *f, unsigned cell)
{
    char id[32];
    snprintf(id, sizeof id, "CELL-%08u", cell);
    liion_formation_set_text(f, LIION_FORM_CELL_ID, id);
    liion_formation_set_text(f, LIION_FORM_RACK, "FR-07");
    liion_formation_set_text(f, LIION_FORM_TRAY, "T-0412");
    liion_formation_set_text(f, LIION_FORM_CHANNEL, "CH-113");
    liion_formation_set_text(f, LIION_FORM_RECIPE_ID, "FORM-NMC811-A");
    liion_formation_set_number(f, LIION_FORM_RECIPE_VERSION, 3);
    liion_formation_add_step(f, LIION_FORM_CC_CHARGE, T[0], T[NS * 6 / 10], 0.5, 4.2, 4.2, 0.5,
                             0.83, 3.3, 25, 29, 24.8);
    liion_formation_add_step(f, LIION_FORM_CV_CHARGE, T[NS * 6 / 10], T[NS - 1], 0.5, 4.2, 4.2,
                             0.02, 0.2, 0.84, 26, 29, 24.8);
    liion_formation_set_ocv(f, 1, 1767312000, 4.1523);
    liion_formation_set_ocv(f, 2, 1767916800, 4.1481);
    liion_formation_set_number(f, LIION_FORM_ACIR_MOHM, 11.8);
    liion_formation_set_number(f, LIION_FORM_DCIR_MOHM, 19.4);
    liion_formation_set_number(f, LIION_FORM_CAPACITY_AH, 5.02);
    liion_formation_set_text(f, LIION_FORM_GRADE, "A1");
}

static void put(cbor_item_t *m, const char *k, cbor_item_t *v)
{
    cbor_map_add(m, (struct cbor_pair){ .key = cbor_move(cbor_build_string(k)),
                                        .value = cbor_move(v) });
}

/* The naive reference: the same record fields, samples as float64 arrays, no compression. */
static size_t naive_record(unsigned cell)
{
    char id[32];
    cbor_item_t *m = cbor_new_definite_map(8), *s = cbor_new_definite_map(4);
    const double *ch[3] = { V, I, TC };
    static const char *names[3] = { "voltage", "current", "temperature" };
    unsigned char *buf = NULL;
    size_t cap = 0, n;
    cbor_item_t *t = cbor_new_definite_array(NS);
    snprintf(id, sizeof id, "CELL-%08u", cell);
    put(m, "document", cbor_build_string("formation-record"));
    put(m, "cell_id", cbor_build_string(id));
    put(m, "recipe", cbor_build_string("FORM-NMC811-A"));
    put(m, "acir_mohm", cbor_build_float8(11.8));
    put(m, "dcir_mohm", cbor_build_float8(19.4));
    put(m, "grade", cbor_build_string("A1"));
    for (int k = 0; k < NS; k++)
        cbor_array_push(t, cbor_move(cbor_build_uint64((uint64_t)T[k])));
    put(s, "time", t);
    for (int c = 0; c < 3; c++) {
        cbor_item_t *a = cbor_new_definite_array(NS);
        for (int k = 0; k < NS; k++)
            cbor_array_push(a, cbor_move(cbor_build_float8(ch[c][k])));
        put(s, names[c], a);
    }
    put(m, "series", s);
    n = cbor_serialize_alloc(m, &buf, &cap);
    bench_use(buf);
    free(buf);
    cbor_decref(&m);
    return n;
}

static cbor_item_t *to_libcbor(const liion__xn *n)
{
    switch ((liion__xt)n->type) {
    case XN_NULL: return cbor_build_ctrl(CBOR_CTRL_NULL);
    case XN_FALSE: return cbor_build_bool(false);
    case XN_TRUE: return cbor_build_bool(true);
    case XN_UINT: return cbor_build_uint64(n->v.u);
    case XN_NINT: return cbor_build_negint64(n->v.u);
    case XN_FLOAT: return cbor_build_float8(n->v.d);
    case XN_TEXT: return cbor_build_stringn((const char *)n->v.s, n->len);
    case XN_BYTES: return cbor_build_bytestring(n->v.s, n->len);
    case XN_ARRAY: {
        cbor_item_t *a = cbor_new_definite_array(n->len);
        for (size_t i = 0; i < n->len; i++)
            cbor_array_push(a, cbor_move(to_libcbor(n->v.kids[i])));
        return a;
    }
    case XN_MAP: {
        cbor_item_t *m = cbor_new_definite_map(n->len);
        for (size_t i = 0; i < n->len; i++) {
            const liion__xn *k = n->v.kids[i];
            cbor_map_add(m, (struct cbor_pair){
                                .key = cbor_move(cbor_build_stringn(k->key, k->keylen)),
                                .value = cbor_move(to_libcbor(k)) });
        }
        return m;
    }
    }
    return cbor_build_ctrl(CBOR_CTRL_NULL);
}

static liion_plant *small_plant(liion_ctx *ctx, uint32_t *cell_out, liion_spec_registry **reg)
{
    liion_plant *p = NULL;
    liion_spec_limits *l = NULL;
    liion_spec_result *r = NULL;
    uint32_t lots[12], seg, resp, eq;
    double wet[16];
    char id[32];
    liion_plant_new(&p, ctx);
    liion_plant_segment_add(&seg, p, NULL, "STEP", LIION_STEP_OTHER);
    liion_plant_equipment_add(&eq, p, NULL, "EQ-1", LIION_EQ_WORK_CELL, LIION_PLANT_NONE,
                              LIION_PLANT_NONE);
    for (uint32_t i = 0; i < 12; i++) {
        snprintf(id, sizeof id, "LOT-%u", i);
        liion_plant_lot_add(&lots[i], p, NULL, id, LIION_PLANT_NONE, LIION_PLANT_NONE);
    }
    /* a chain of 11 process steps, each consuming the previous lot and a material lot */
    for (uint32_t i = 1; i < 12; i += 2) {
        snprintf(id, sizeof id, "R-%u", i);
        liion_plant_response_add(&resp, p, NULL, id, seg, i * 100, i * 100 + 50);
        liion_plant_response_add_equipment(p, resp, eq);
        liion_plant_response_add_material(p, resp, lots[i - 1], LIION_USE_CONSUMED);
        if (i + 1 < 12)
            liion_plant_response_add_material(p, resp, lots[i + 1], LIION_USE_CONSUMED);
        liion_plant_response_add_material(p, resp, lots[i], LIION_USE_PRODUCED);
        if (i + 2 < 12)
            liion_plant_assembly_add(p, lots[i + 2], lots[i], LIION_ASSEMBLY_PHYSICAL,
                                     LIION_ASSEMBLY_PERMANENT);
    }
    liion_plant_roll_link(p, lots[0], lots[2], 0, 1000, -INFINITY, INFINITY, 0, 1.25, 0);
    liion_plant_roll_use(p, lots[2], 10, 10.25, lots[11], 0);
    liion_spec_registry_new(reg, ctx, p);
    liion_spec_limits_new(&l, ctx, "SPEC", 1);
    liion_spec_limits_set_default(l, LIION_SPEC_WET_FILM_THICKNESS, 100.0);
    liion_spec_result_new(&r, ctx);
    for (int i = 0; i < 16; i++)
        wet[i] = i == 5 ? 140.0 : 100.0;
    for (uint32_t i = 0; i < 12; i++) {
        liion_spec_result_clear(r);
        liion_spec_check_values(r, l, "wet_film_thickness", "4H", wet, 16, "x", 0);
        liion_spec_registry_attach(NULL, *reg, LIION_OBJ_LOT, lots[i], r, l,
                                   "wet_film_thickness", i);
    }
    liion_spec_result_free(r);
    liion_spec_limits_free(l);
    *cell_out = lots[11];
    return p;
}

int main(int argc, char **argv)
{
    int quick = bench_quick(argc, argv);
    unsigned cells = quick ? 3 : 1000, dossiers = quick ? 5 : 5000, naive_cells;
    for (int a = 1; a + 1 < argc; a++) /* --cells N: the full run is --cells 100000 */
        if (strcmp(argv[a], "--cells") == 0)
            cells = (unsigned)strtoul(argv[a + 1], NULL, 10);
    if (cells == 0)
        cells = 1;
    /* the naive reference is slow: every cell up to 1000, then every 100th cell */
    naive_cells = 0;
    liion_ctx *ctx = NULL;
    liion_formation *f = NULL;
    liion_export_doc *d = NULL;
    uint8_t *buf = malloc(1u << 20);
    size_t n = 0, total = 0, naive_total = 0;
    uint64_t t0, t_ours, t_naive;
    double raw = (double)NS * 4 * 8;

    if (!buf || liion_ctx_new(&ctx, NULL) || liion_formation_new(&f, ctx))
        return 1;
    /* 1. formation records */
    t_ours = t_naive = 0;
    for (unsigned c = 0; c < cells; c++) {
        make_series(c);
        t0 = bench_now_ns();
        liion_formation_clear(f);
        fill_record(f, c);
        if (liion_formation_set_series(f, T, V, I, TC, NS, 1, 0) || liion_formation_build(&d, f) ||
            liion_export_doc_encode(buf, 1u << 20, &n, d, LIION_EXPORT_CBOR, 0)) {
            fprintf(stderr, "formation failed: %s\n", liion_ctx_errmsg(ctx));
            return 1;
        }
        liion_export_doc_free(d);
        t_ours += bench_now_ns() - t0;
        total += n;
        if (c < 1000 || c % 100 == 0) {
            t0 = bench_now_ns();
            naive_total += naive_record(c);
            t_naive += bench_now_ns() - t0;
            naive_cells++;
        }
    }
    printf("formation records: %u cells x %d samples (time, V, I, T)\n", cells, NS);
    printf("  libliion  : %8.1f cells/s  %8.0f bytes/cell (raw samples %.0f bytes: %.1fx smaller)\n",
           cells / (t_ours / 1e9), (double)total / cells, raw, raw / ((double)total / cells));
    printf("  reference : %8.1f cells/s  %8.0f bytes/cell (naive libcbor tree, float64 arrays, "
           "cbor_serialize_alloc; %u of the cells)\n", naive_cells / (t_naive / 1e9),
           (double)naive_total / naive_cells, naive_cells);
    printf("  ratio     : %.2fx the reference's speed, %.1fx smaller\n",
           ((double)t_naive / naive_cells) / ((double)t_ours / cells),
           ((double)naive_total / naive_cells) / ((double)total / cells));
    printf("  100,000 cells: %.1f s at this rate (1 core)\n", 100000.0 * (t_ours / 1e9) / cells);

    /* 2. dossier */
    {
        uint32_t cell;
        liion_spec_registry *reg = NULL;
        liion_plant *p = small_plant(ctx, &cell, &reg);
        liion_dossier *ds = NULL;
        liion_formation_clear(f);
        fill_record(f, 7);
        make_series(7);
        liion_formation_set_text(f, LIION_FORM_CELL_ID, "LOT-11");
        liion_formation_set_series(f, T, V, I, TC, NS, 1, 0);
        liion_formation_build(&d, f);
        if (liion_dossier_new(&ds, ctx, p, cell) || liion_dossier_set_registry(ds, reg) ||
            liion_dossier_add_record(ds, d)) {
            fprintf(stderr, "dossier setup failed: %s\n", liion_ctx_errmsg(ctx));
            return 1;
        }
        liion_export_doc_free(d);
        t0 = bench_now_ns();
        for (unsigned i = 0; i < dossiers; i++) {
            if (liion_dossier_build(&d, ds) ||
                liion_export_doc_encode(buf, 1u << 20, &n, d, LIION_EXPORT_CBOR, 0)) {
                fprintf(stderr, "dossier failed: %s\n", liion_ctx_errmsg(ctx));
                return 1;
            }
            liion_export_doc_free(d);
        }
        t_ours = bench_now_ns() - t0;
        printf("dossier: %u builds of a %zu-byte dossier (12 lots, 12 spec records, 1 formation "
               "record)\n", dossiers, n);
        printf("  build + hash + encode : %8.0f dossiers/s\n", dossiers / (t_ours / 1e9));
        liion_dossier_build(&d, ds);
        t0 = bench_now_ns();
        for (unsigned i = 0; i < dossiers; i++) {
            liion_export_doc_encode(buf, 1u << 20, &n, d, LIION_EXPORT_CBOR, 0);
            bench_use(buf);
        }
        t_ours = bench_now_ns() - t0;
        t0 = bench_now_ns();
        for (unsigned i = 0; i < dossiers; i++) {
            cbor_item_t *it = to_libcbor(d->root);
            unsigned char *out = NULL;
            size_t cap = 0;
            n = cbor_serialize_alloc(it, &out, &cap);
            bench_use(out);
            free(out);
            cbor_decref(&it);
        }
        t_naive = bench_now_ns() - t0;
        printf("  encode only (libliion): %8.0f dossiers/s\n", dossiers / (t_ours / 1e9));
        printf("  reference (libcbor tree + cbor_serialize_alloc, same document): %8.0f "
               "dossiers/s\n", dossiers / (t_naive / 1e9));
        printf("  ratio: %.2fx\n", (double)t_naive / (double)t_ours);
        liion_export_doc_free(d);
        liion_dossier_free(ds);
        liion_spec_registry_free(reg);
        liion_plant_free(p);
    }
    liion_formation_free(f);
    liion_ctx_free(ctx);
    free(buf);
    return 0;
}
