/* Tests of the genealogy graph, its queries and the roll map (lib/genealogy). */
#include <liion/liion.h>

#include "isa95/plant_int.h" /* white box: which trace paths a plant has */

#include "support/failalloc.h"
#include "support/run.h"

#include <check.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NONE LIION_PLANT_NONE

static liion_ctx *ctx;
static liion_plant *pl;
static liion_trace *tr;

#define OK(x) ck_assert_msg((x) == LIION_OK, "%s: %s", #x, liion_ctx_errmsg(ctx))
#define FAILS(x, code, text)                                                                  \
    do {                                                                                      \
        liion_status st_ = (x);                                                               \
        ck_assert_msg(st_ == (code), "%s returned %s (%s)", #x, liion_status_str(st_),      \
                      liion_ctx_errmsg(ctx));                                                 \
        ck_assert_msg(strstr(liion_ctx_errmsg(ctx), (text)) != NULL,                         \
                      "message '%s' lacks '%s'", liion_ctx_errmsg(ctx), (text));            \
    } while (0)

/* ---- a small line ---------------------------------------------------------------------- */

typedef struct line {
    uint32_t raw_cls, elec_cls, cell_cls, raw_def, elec_def, cell_def;
    uint32_t seg_mix, seg_coat, seg_cal, seg_slit, seg_stack, seg_fill;
    uint32_t cam, binder, foil_al, graphite, foil_cu, sep1, sep2, ely, can;
    uint32_t s1, s2, j1, j2, k1, k2, d1a, d1b, d2a, d2b;
    uint32_t cell[8];
    uint32_t coater, st1, st2;
} line;

static liion_status lot(uint32_t *out, liion_plant *p, const char *id, uint32_t def,
                        uint32_t parent)
{
    return liion_plant_lot_add(out, p, NULL, id, def, parent);
}

/* One response: inputs -> outputs, optional equipment. */
static liion_status respond(liion_plant *p, const char *id, uint32_t seg, int64_t t0, int64_t t1,
                            uint32_t eq, const uint32_t *in, size_t nin, const uint32_t *out,
                            size_t nout)
{
    uint32_t r;
    liion_status st = liion_plant_response_add(&r, p, NULL, id, seg, t0, t1);
    if (st == LIION_OK && eq != NONE)
        st = liion_plant_response_add_equipment(p, r, eq);
    for (size_t i = 0; st == LIION_OK && i < nin; i++)
        st = liion_plant_response_add_material_qty(p, r, in[i], LIION_USE_CONSUMED, 1.0, "H87");
    for (size_t i = 0; st == LIION_OK && i < nout; i++)
        st = liion_plant_response_add_material_qty(p, r, out[i], LIION_USE_PRODUCED, 1.0, "H87");
    return st;
}

#define ARR(...) ((const uint32_t[]){ __VA_ARGS__ }), (sizeof((const uint32_t[]){ __VA_ARGS__ }) / sizeof(uint32_t))

static liion_status build_line(liion_plant *p, line *L)
{
    liion_status st;
    char id[32];
#define T(e)                                                                                  \
    do {                                                                                      \
        if ((st = (e)) != LIION_OK)                                                           \
            return st;                                                                        \
    } while (0)
    T(liion_plant_material_class_add(&L->raw_cls, p, NULL, "RawMaterial"));
    T(liion_plant_material_class_add(&L->elec_cls, p, NULL, "Electrode"));
    T(liion_plant_material_class_add(&L->cell_cls, p, NULL, "Cell"));
    T(liion_plant_material_definition_add(&L->raw_def, p, NULL, "raw", L->raw_cls));
    T(liion_plant_material_definition_add(&L->elec_def, p, NULL, "electrode", L->elec_cls));
    T(liion_plant_material_definition_add(&L->cell_def, p, NULL, "cell", L->cell_cls));
    T(liion_plant_segment_add(&L->seg_mix, p, NULL, "Mixing", LIION_STEP_MIXING));
    T(liion_plant_segment_add(&L->seg_coat, p, NULL, "Coating", LIION_STEP_COATING));
    T(liion_plant_segment_add(&L->seg_cal, p, NULL, "Calendering", LIION_STEP_CALENDERING));
    T(liion_plant_segment_add(&L->seg_slit, p, NULL, "Slitting", LIION_STEP_SLITTING));
    T(liion_plant_segment_add(&L->seg_stack, p, NULL, "Stacking", LIION_STEP_STACKING));
    T(liion_plant_segment_add(&L->seg_fill, p, NULL, "Filling", LIION_STEP_FILLING));
    T(liion_plant_equipment_add(&L->coater, p, NULL, "Coater-1", LIION_EQ_PRODUCTION_UNIT, NONE,
                                NONE));
    T(liion_plant_equipment_add(&L->st1, p, NULL, "Stacker-1", LIION_EQ_WORK_CELL, NONE, NONE));
    T(liion_plant_equipment_add(&L->st2, p, NULL, "Stacker-2", LIION_EQ_WORK_CELL, NONE, NONE));
    T(lot(&L->cam, p, "CAM-A", L->raw_def, NONE));
    T(lot(&L->binder, p, "BINDER", L->raw_def, NONE));
    T(lot(&L->foil_al, p, "FOIL-AL", L->raw_def, NONE));
    T(lot(&L->graphite, p, "GRAPHITE", L->raw_def, NONE));
    T(lot(&L->foil_cu, p, "FOIL-CU", L->raw_def, NONE));
    T(lot(&L->sep1, p, "SEP-1", L->raw_def, NONE));
    T(lot(&L->sep2, p, "SEP-2", L->raw_def, NONE));
    T(lot(&L->ely, p, "ELY", L->raw_def, NONE));
    T(lot(&L->can, p, "CAN", L->raw_def, NONE));
    T(lot(&L->s1, p, "S1", L->elec_def, NONE));
    T(lot(&L->s2, p, "S2", L->elec_def, NONE));
    T(lot(&L->j1, p, "J1", L->elec_def, NONE));
    T(lot(&L->j2, p, "J2", L->elec_def, NONE));
    T(lot(&L->k1, p, "K1", L->elec_def, NONE));
    T(lot(&L->k2, p, "K2", L->elec_def, NONE));
    T(lot(&L->d1a, p, "K1/a", L->elec_def, L->k1));
    T(lot(&L->d1b, p, "K1/b", L->elec_def, L->k1));
    T(lot(&L->d2a, p, "K2/a", L->elec_def, L->k2));
    T(lot(&L->d2b, p, "K2/b", L->elec_def, L->k2));
    T(respond(p, "MIX-1", L->seg_mix, 0, 1, NONE, ARR(L->cam, L->binder), ARR(L->s1)));
    T(respond(p, "MIX-2", L->seg_mix, 0, 1, NONE, ARR(L->graphite), ARR(L->s2)));
    T(respond(p, "COAT-1", L->seg_coat, 2, 3, L->coater, ARR(L->s1, L->foil_al), ARR(L->j1)));
    T(respond(p, "COAT-2", L->seg_coat, 4, 5, L->coater, ARR(L->s2, L->foil_cu), ARR(L->j2)));
    T(respond(p, "CAL-1", L->seg_cal, 6, 7, NONE, ARR(L->j1), ARR(L->k1)));
    T(respond(p, "CAL-2", L->seg_cal, 6, 7, NONE, ARR(L->j2), ARR(L->k2)));
    T(respond(p, "SLIT-1", L->seg_slit, 8, 9, NONE, ARR(L->k1), ARR(L->d1a, L->d1b)));
    T(respond(p, "SLIT-2", L->seg_slit, 8, 9, NONE, ARR(L->k2), ARR(L->d2a, L->d2b)));
    for (int i = 0; i < 8; i++) {
        snprintf(id, sizeof id, "C%d", i);
        T(lot(&L->cell[i], p, id, L->cell_def, NONE));
        snprintf(id, sizeof id, "STACK-%d", i);
        T(respond(p, id, L->seg_stack, 100 * i, 100 * i + 50, i < 4 ? L->st1 : L->st2,
                  ARR(i < 4 ? L->d1a : L->d1b, i % 2 == 0 ? L->d2a : L->d2b,
                      i < 6 ? L->sep1 : L->sep2),
                  ARR(L->cell[i])));
        snprintf(id, sizeof id, "FILL-%d", i);
        T(respond(p, id, L->seg_fill, 100 * i + 60, 100 * i + 70, NONE, ARR(L->ely, L->can),
                  ARR(L->cell[i])));
    }
#undef T
    return LIION_OK;
}

static line L;

static void setup(void)
{
    ck_assert_int_eq(liion_ctx_new(&ctx, NULL), LIION_OK);
    ck_assert_int_eq(liion_plant_new(&pl, ctx), LIION_OK);
    ck_assert_int_eq(liion_trace_new(&tr, ctx), LIION_OK);
    OK(build_line(pl, &L));
}

static void teardown(void)
{
    liion_trace_free(tr);
    liion_plant_free(pl);
    liion_ctx_free(ctx);
}

static uint32_t depth_of(const liion_trace *t, uint32_t lot_index)
{
    for (size_t i = 0; i < liion_trace_count(t); i++)
        if (liion_trace_index(t, i) == lot_index)
            return liion_trace_depth(t, i);
    return 0;
}

static void cursor_matches_set(liion_plant *p, liion_trace *t, liion_plant_cursor *c,
                               uint32_t lot, uint32_t max_depth, uint32_t flags, size_t chunk);

START_TEST(edges_from_responses)
{
    /* mix 2+1, coat 2+2, cal 2, slit 2+2, stack 8x3, fill 8x2 */
    ck_assert_uint_eq(liion_plant_edge_count(pl), 3 + 4 + 2 + 4 + 24 + 16);
    ck_assert_uint_gt(liion_plant_graph_bytes(pl), 0);
    ck_assert_uint_eq(liion_plant_lot_producer(pl, L.cell[3]) != NONE, 1);
}
END_TEST

START_TEST(backward_trace)
{
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1)
            OK(liion_plant_compact(pl));
        OK(liion_plant_trace_backward(pl, tr, L.cell[0], 0, LIION_FILTER_NONE, 0));
        ck_assert_uint_eq(liion_trace_count(tr), 16);
        ck_assert_uint_eq(depth_of(tr, L.d1a), 1);
        ck_assert_uint_eq(depth_of(tr, L.d2a), 1);
        ck_assert_uint_eq(depth_of(tr, L.sep1), 1);
        ck_assert_uint_eq(depth_of(tr, L.ely), 1);
        ck_assert_uint_eq(depth_of(tr, L.can), 1);
        ck_assert_uint_eq(depth_of(tr, L.k1), 2);
        ck_assert_uint_eq(depth_of(tr, L.j2), 3);
        ck_assert_uint_eq(depth_of(tr, L.foil_cu), 4);
        ck_assert_uint_eq(depth_of(tr, L.cam), 5);
        ck_assert(!liion_trace_contains(tr, L.d1b));
        ck_assert(!liion_trace_contains(tr, L.sep2));
        ck_assert(!liion_trace_contains(tr, L.cell[0]));
        /* breadth first: depths never decrease */
        for (size_t i = 1; i < liion_trace_count(tr); i++)
            ck_assert_uint_ge(liion_trace_depth(tr, i), liion_trace_depth(tr, i - 1));
        /* cursor */
        uint32_t idx, d, n = 0;
        while (liion_trace_next(tr, &idx, &d))
            n++;
        ck_assert_uint_eq(n, 16);
        ck_assert_int_eq(liion_trace_next(tr, &idx, &d), 0);
        liion_trace_rewind(tr);
        ck_assert_int_eq(liion_trace_next(tr, &idx, &d), 1);
        ck_assert_uint_eq(idx, liion_trace_index(tr, 0));
    }
    OK(liion_plant_trace_backward(pl, tr, L.cell[0], 2, LIION_FILTER_NONE, 0));
    ck_assert_uint_eq(liion_trace_count(tr), 7);
    OK(liion_plant_trace_backward(pl, tr, L.cell[0], 0, LIION_FILTER_MATERIAL_CLASS, L.raw_cls));
    ck_assert_uint_eq(liion_trace_count(tr), 8); /* CAM BINDER FOIL-AL GRAPHITE FOIL-CU SEP-1 ELY CAN */
    ck_assert(liion_trace_contains(tr, L.cam) && liion_trace_contains(tr, L.can));
    OK(liion_plant_trace_backward(pl, tr, L.cell[0], 0, LIION_FILTER_SEGMENT, L.seg_coat));
    ck_assert_uint_eq(liion_trace_count(tr), 2);
    ck_assert(liion_trace_contains(tr, L.j1) && liion_trace_contains(tr, L.j2));
    /* a raw lot has no ancestors */
    OK(liion_plant_trace_backward(pl, tr, L.cam, 0, LIION_FILTER_NONE, 0));
    ck_assert_uint_eq(liion_trace_count(tr), 0);
    FAILS(liion_plant_trace_backward(pl, tr, 9999, 0, LIION_FILTER_NONE, 0), LIION_E_NOT_FOUND,
          "no lot with index 9999");
    FAILS(liion_plant_trace_backward(pl, tr, L.cell[0], 0, LIION_FILTER_SEGMENT, 77),
          LIION_E_NOT_FOUND, "process segment");
    FAILS(liion_plant_trace_backward(pl, tr, L.cell[0], 0, (liion_trace_filter)9, 0),
          LIION_E_INVALID_ARG, "unknown trace filter");
    FAILS(liion_plant_trace_backward(pl, NULL, L.cell[0], 0, LIION_FILTER_NONE, 0),
          LIION_E_INVALID_ARG, "trace is NULL");
}
END_TEST

START_TEST(forward_trace)
{
    OK(liion_plant_trace_forward(pl, tr, L.cam, 0, 0));
    ck_assert_uint_eq(liion_trace_count(tr), 13);
    for (size_t i = 1; i < liion_trace_count(tr); i++)
        ck_assert_uint_lt(liion_trace_index(tr, i - 1), liion_trace_index(tr, i));
    ck_assert(liion_trace_contains(tr, L.d1b));
    ck_assert(!liion_trace_contains(tr, L.d2a));
    ck_assert_uint_eq(depth_of(tr, L.cell[5]), 5);
    OK(liion_plant_trace_forward(pl, tr, L.cam, 0, LIION_TRACE_TERMINAL_ONLY));
    ck_assert_uint_eq(liion_trace_count(tr), 8);
    for (int i = 0; i < 8; i++)
        ck_assert(liion_trace_contains(tr, L.cell[i]));
    OK(liion_plant_trace_forward(pl, tr, L.d1a, 0, LIION_TRACE_TERMINAL_ONLY));
    ck_assert_uint_eq(liion_trace_count(tr), 4);
    OK(liion_plant_trace_forward(pl, tr, L.cam, 2, 0));
    ck_assert_uint_eq(liion_trace_count(tr), 2); /* S1, J1 */
    OK(liion_plant_trace_forward(pl, tr, L.cell[2], 0, 0));
    ck_assert_uint_eq(liion_trace_count(tr), 0);
    FAILS(liion_plant_trace_forward(pl, tr, L.cam, 0, 0x80), LIION_E_INVALID_ARG,
          "unknown trace flags");
}
END_TEST

START_TEST(cycles_are_refused)
{
    uint32_t r, x;
    uint64_t edges = liion_plant_edge_count(pl);
    OK(liion_plant_response_add(&r, pl, NULL, "REWORK", L.seg_mix, 900, 901));
    OK(liion_plant_response_add_material(pl, r, L.cell[0], LIION_USE_CONSUMED));
    FAILS(liion_plant_response_add_material(pl, r, L.cam, LIION_USE_PRODUCED), LIION_E_STATE,
          "cycle in material flow: lot 'C0' would feed lot 'CAM-A'");
    ck_assert_uint_eq(liion_plant_edge_count(pl), edges);
    ck_assert_uint_eq(liion_plant_lot_producer(pl, L.cam), NONE);
    /* same lot in and out of one response */
    OK(liion_plant_response_add(&r, pl, NULL, "SELF", L.seg_mix, 900, 901));
    OK(liion_plant_response_add_material(pl, r, L.s1, LIION_USE_PRODUCED));
    FAILS(liion_plant_response_add_material(pl, r, L.s1, LIION_USE_CONSUMED), LIION_E_STATE,
          "cycle");
    /* assembly */
    FAILS(liion_plant_assembly_add(pl, L.j1, L.cell[1], LIION_ASSEMBLY_PHYSICAL,
                                   LIION_ASSEMBLY_PERMANENT),
          LIION_E_STATE, "cycle");
    FAILS(liion_plant_assembly_add(pl, L.j1, L.j1, LIION_ASSEMBLY_PHYSICAL,
                                   LIION_ASSEMBLY_PERMANENT),
          LIION_E_STATE, "cycle");
    ck_assert_uint_eq(liion_plant_edge_count(pl), edges);
    /* a legal edge between existing non-terminal lots is accepted */
    OK(liion_plant_lot_add(&x, pl, NULL, "EXTRA", NONE, NONE));
    OK(liion_plant_assembly_add(pl, L.s2, x, LIION_ASSEMBLY_PHYSICAL, LIION_ASSEMBLY_PERMANENT));
    ck_assert_uint_eq(liion_plant_edge_count(pl), edges + 1);
    FAILS(liion_plant_assembly_add(pl, L.s2, x, (liion_assembly_type)0,
                                   LIION_ASSEMBLY_PERMANENT),
          LIION_E_INVALID_ARG, "assembly type");
}
END_TEST

START_TEST(assembly_tray)
{
    uint32_t tray;
    OK(liion_plant_lot_add(&tray, pl, NULL, "TRAY-1", NONE, NONE));
    for (int i = 0; i < 4; i++)
        OK(liion_plant_assembly_add(pl, tray, L.cell[i], LIION_ASSEMBLY_PHYSICAL,
                                    LIION_ASSEMBLY_TRANSIENT));
    OK(liion_plant_trace_backward(pl, tr, tray, 1, LIION_FILTER_NONE, 0));
    ck_assert_uint_eq(liion_trace_count(tr), 4);
    OK(liion_plant_trace_forward(pl, tr, L.d1a, 0, LIION_TRACE_TERMINAL_ONLY));
    ck_assert_uint_eq(liion_trace_count(tr), 1);
    ck_assert_uint_eq(liion_trace_index(tr, 0), tray);
}
END_TEST

START_TEST(common_cause_ranked)
{
    uint32_t cells[2] = { L.cell[0], L.cell[1] };
    OK(liion_plant_common_cause(pl, tr, cells, 2));
    /* shared: D1a(4 cells) SEP-1(6) then 13 lots reaching all 8 */
    ck_assert_uint_eq(liion_trace_count(tr), 15);
    ck_assert_uint_eq(liion_trace_index(tr, 0), L.d1a);
    ck_assert(liion_trace_score(tr, 0) == 4.0);
    ck_assert_uint_eq(liion_trace_index(tr, 1), L.sep1);
    ck_assert(liion_trace_score(tr, 1) == 6.0);
    ck_assert(liion_trace_score(tr, 14) == 8.0);
    ck_assert(!liion_trace_contains(tr, L.d2a));
    uint32_t c3[3] = { L.cell[0], L.cell[5], L.cell[7] };
    OK(liion_plant_common_cause(pl, tr, c3, 3));
    ck_assert(!liion_trace_contains(tr, L.sep1));
    ck_assert(liion_trace_contains(tr, L.k1));
    ck_assert(liion_trace_score(tr, 0) == 8.0);
    OK(liion_plant_common_cause(pl, tr, cells, 1));
    ck_assert_uint_eq(liion_trace_count(tr), 16);
    FAILS(liion_plant_common_cause(pl, tr, cells, 0), LIION_E_INVALID_ARG, "no cells");
    uint32_t bad[2] = { L.cell[0], 5000 };
    FAILS(liion_plant_common_cause(pl, tr, bad, 2), LIION_E_NOT_FOUND, "failed cell");
    /* equipment */
    OK(liion_plant_common_equipment(pl, tr, cells, 2));
    ck_assert_uint_eq(liion_trace_count(tr), 2);
    ck_assert_uint_eq(liion_trace_index(tr, 0), L.coater); /* 2 uses: J1, J2 */
    ck_assert_uint_eq(liion_trace_index(tr, 1), L.st1);    /* 4 uses */
    uint32_t mixed[2] = { L.cell[0], L.cell[6] };
    OK(liion_plant_common_equipment(pl, tr, mixed, 2));
    ck_assert_uint_eq(liion_trace_count(tr), 1);
    ck_assert_uint_eq(liion_trace_index(tr, 0), L.coater);
}
END_TEST

START_TEST(equipment_window)
{
    OK(liion_plant_equipment_window(pl, tr, L.st1, 120, 260));
    ck_assert_uint_eq(liion_trace_count(tr), 2);
    ck_assert_uint_eq(liion_trace_index(tr, 0), L.cell[1]);
    ck_assert_uint_eq(liion_trace_index(tr, 1), L.cell[2]);
    ck_assert(liion_trace_score(tr, 0) == 100.0);
    OK(liion_plant_equipment_window(pl, tr, L.st1, 150, 150)); /* touches C1's end */
    ck_assert_uint_eq(liion_trace_count(tr), 1);
    OK(liion_plant_equipment_window(pl, tr, L.st2, 0, 1000));
    ck_assert_uint_eq(liion_trace_count(tr), 4);
    OK(liion_plant_equipment_window(pl, tr, L.st2, 1000, 2000));
    ck_assert_uint_eq(liion_trace_count(tr), 0);
    /* explicit use records, added after the index was built */
    OK(liion_plant_equipment_use_add(pl, L.st2, L.cam, 1500, 1600));
    OK(liion_plant_equipment_window(pl, tr, L.st2, 1000, 2000));
    ck_assert_uint_eq(liion_trace_count(tr), 1);
    ck_assert_uint_eq(liion_trace_index(tr, 0), L.cam);
    FAILS(liion_plant_equipment_use_add(pl, L.st2, L.cam, 5, 4), LIION_E_INVALID_ARG,
          "ends before");
    /* extreme times do not overflow (UBSan would tell) */
    OK(liion_plant_equipment_use_add(pl, L.st2, L.can, INT64_MIN, INT64_MAX));
    OK(liion_plant_equipment_window(pl, tr, L.st2, INT64_MAX, INT64_MAX));
    ck_assert_uint_eq(liion_trace_count(tr), 1);
    OK(liion_plant_equipment_window(pl, tr, L.st2, INT64_MIN, INT64_MIN));
    ck_assert_uint_eq(liion_trace_count(tr), 1);
    FAILS(liion_plant_equipment_window(pl, tr, 99, 0, 1), LIION_E_NOT_FOUND, "equipment");
}
END_TEST

START_TEST(quarantine_and_first_last)
{
    uint64_t n;
    uint32_t first, last;
    OK(liion_plant_first_last_cell(&first, &last, pl, L.cam));
    ck_assert_uint_eq(first, L.cell[0]);
    ck_assert_uint_eq(last, L.cell[7]);
    OK(liion_plant_first_last_cell(&first, &last, pl, L.d1b));
    ck_assert_uint_eq(first, L.cell[4]);
    ck_assert_uint_eq(last, L.cell[7]);
    OK(liion_plant_first_last_cell(&first, &last, pl, L.sep2));
    ck_assert_uint_eq(first, L.cell[6]);
    FAILS(liion_plant_first_last_cell(&first, &last, pl, L.cell[2]), LIION_E_NOT_FOUND,
          "no produced cell was made from lot 'C2'");
    OK(liion_plant_quarantine(&n, pl, L.s1));
    ck_assert_uint_eq(n, 13);
    ck_assert_int_eq(liion_plant_lot_disposition(pl, L.s1), LIION_DISP_RESTRICTED);
    ck_assert_int_eq(liion_plant_lot_disposition(pl, L.cell[3]), LIION_DISP_RESTRICTED);
    ck_assert_int_eq(liion_plant_lot_disposition(pl, L.s2), LIION_DISP_NONE);
    ck_assert_int_eq(liion_plant_lot_disposition(pl, L.cam), LIION_DISP_NONE);
    FAILS(liion_plant_quarantine(&n, pl, 12345), LIION_E_NOT_FOUND, "quarantine");
    ck_assert_uint_eq(n, 0);
}
END_TEST

/* ---- random DAGs against a naive reference --------------------------------------------- */

static uint64_t rng_state;
static uint32_t rnd(void)
{
    rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(rng_state >> 33);
}

#define RN 200

START_TEST(random_dags_match_reference)
{
    static unsigned char adj[RN][RN];
    static uint32_t dist[RN];
    uint32_t q[RN];
    for (int round = 0; round < 6; round++) {
        liion_plant *p;
        uint32_t ids[RN], r, seg;
        char id[32];
        rng_state = 0x5eed0000u + (uint64_t)round;
        memset(adj, 0, sizeof adj);
        OK(liion_plant_new(&p, ctx));
        OK(liion_plant_segment_add(&seg, p, NULL, "S", LIION_STEP_OTHER));
        /* lots in a shuffled order so that indices are not topological */
        for (int i = 0; i < RN; i++) {
            int node = i * 73 % RN;
            snprintf(id, sizeof id, "N%d", node);
            OK(liion_plant_lot_add(&ids[node], p, NULL, id, NONE, NONE));
        }
        for (int k = 0; k < 150; k++) {
            /* a response: 1-4 inputs from lower ranks, 1-3 outputs from higher ranks */
            int split = 1 + (int)(rnd() % (RN - 2));
            int nin = 1 + (int)(rnd() % 4), nout = 1 + (int)(rnd() % 3);
            snprintf(id, sizeof id, "R%d", k);
            OK(liion_plant_response_add(&r, p, NULL, id, seg, k, k));
            int ins[4];
            for (int i = 0; i < nin; i++) {
                ins[i] = (int)(rnd() % (uint32_t)split);
                OK(liion_plant_response_add_material(p, r, ids[ins[i]], LIION_USE_CONSUMED));
            }
            for (int o = 0; o < nout; o++) {
                int b = split + (int)(rnd() % (uint32_t)(RN - split));
                OK(liion_plant_response_add_material(p, r, ids[b], LIION_USE_PRODUCED));
                for (int i = 0; i < nin; i++)
                    adj[ins[i]][b] = 1;
            }
            if (k == 70)
                OK(liion_plant_compact(p));
        }
        /* back-edge attempts after the DAG is built: a cycle iff a reaches b */
        for (int k = 0; k < 12; k++) {
            {
                int b = RN - 1 - (int)(rnd() % 10), a = (int)(rnd() % 10);
                bool reach = false;
                /* does a reach b? then b -> a is a cycle */
                memset(dist, 0xff, sizeof dist);
                size_t h = 0, t = 0;
                q[t++] = (uint32_t)a;
                dist[a] = 0;
                while (h < t) {
                    uint32_t v = q[h++];
                    for (int w = 0; w < RN; w++)
                        if (adj[v][w] == 1 && dist[w] == UINT32_MAX) {
                            dist[w] = dist[v] + 1;
                            q[t++] = (uint32_t)w;
                        }
                }
                reach = dist[b] != UINT32_MAX;
                liion_status st = liion_plant_assembly_add(p, ids[a], ids[b],
                                                           LIION_ASSEMBLY_PHYSICAL,
                                                           LIION_ASSEMBLY_PERMANENT);
                ck_assert_int_eq(st, reach ? LIION_E_STATE : LIION_OK);
                if (!reach)
                    adj[b][a] = 1;
            }
        }
        /* odd rounds compare on the compacted graph (block table, fast backward path) */
        if (round % 2 == 1)
            OK(liion_plant_compact(p));
        /* compare every forward and backward closure with depths */
        for (int s = 0; s < RN; s++) {
            for (int dir = 0; dir < 2; dir++) {
                size_t h = 0, t = 0, n = 0;
                memset(dist, 0xff, sizeof dist);
                q[t++] = (uint32_t)s;
                dist[s] = 0;
                while (h < t) {
                    uint32_t v = q[h++];
                    for (int w = 0; w < RN; w++) {
                        int e = dir == 0 ? adj[v][w] == 1 : adj[w][v] == 1;
                        if (e && dist[w] == UINT32_MAX) {
                            dist[w] = dist[v] + 1;
                            q[t++] = (uint32_t)w;
                            n++;
                        }
                    }
                }
                if (dir == 0) {
                    liion_plant_cursor *c;
                    OK(liion_plant_cursor_new(&c, p));
                    cursor_matches_set(p, tr, c, ids[s], 0, 0, 7);
                    liion_plant_cursor_free(c);
                    OK(liion_plant_trace_forward(p, tr, ids[s], 0, 0));
                }
                else
                    OK(liion_plant_trace_backward(p, tr, ids[s], 0, LIION_FILTER_NONE, 0));
                if (liion_trace_count(tr) != n)
                    ck_abort_msg("round %d node %d dir %d: %zu rows, reference %zu", round, s,
                                 dir, liion_trace_count(tr), n);
                for (size_t i = 0; i < n; i++) {
                    uint32_t v = liion_trace_index(tr, i);
                    int w = -1;
                    for (int j = 0; j < RN; j++)
                        if (ids[j] == v)
                            w = j;
                    if (w < 0 || dist[w] != liion_trace_depth(tr, i))
                        ck_abort_msg("round %d node %d dir %d: row %zu wrong depth", round, s,
                                     dir, i);
                    if (dir == 1 && i > 0 &&
                        liion_trace_depth(tr, i) < liion_trace_depth(tr, i - 1))
                        ck_abort_msg("round %d node %d dir %d: not breadth first", round, s,
                                     dir);
                }
                if (dir == 1) { /* depth limits */
                    for (uint32_t lim = 1; lim <= 3; lim++) {
                        size_t want = 0;
                        for (int j = 0; j < RN; j++)
                            want += j != s && dist[j] != UINT32_MAX && dist[j] <= lim;
                        OK(liion_plant_trace_backward(p, tr, ids[s], lim, LIION_FILTER_NONE, 0));
                        if (liion_trace_count(tr) != want)
                            ck_abort_msg("round %d node %d limit %u: %zu rows, reference %zu",
                                         round, s, (unsigned)lim, liion_trace_count(tr), want);
                    }
                }
            }
        }
        liion_plant_free(p);
    }
}
END_TEST

START_TEST(long_chain_backward)
{
    /* a closure bigger than the small visited set: the walk falls back to the marks */
    uint32_t prev = L.cell[0], x;
    char id[16];
    for (int i = 0; i < 150; i++) {
        snprintf(id, sizeof id, "CH%d", i);
        OK(liion_plant_lot_add(&x, pl, NULL, id, NONE, NONE));
        OK(liion_plant_assembly_add(pl, x, prev, LIION_ASSEMBLY_PHYSICAL,
                                    LIION_ASSEMBLY_PERMANENT));
        prev = x;
    }
    OK(liion_plant_trace_backward(pl, tr, prev, 0, LIION_FILTER_NONE, 0));
    ck_assert_uint_eq(liion_trace_count(tr), 150 + 16);
    ck_assert_uint_eq(depth_of(tr, L.cell[0]), 150);
    ck_assert_uint_eq(depth_of(tr, L.cam), 155);
    OK(liion_plant_compact(pl));
    OK(liion_plant_trace_backward(pl, tr, prev, 10, LIION_FILTER_NONE, 0));
    ck_assert_uint_eq(liion_trace_count(tr), 10);
    OK(liion_plant_trace_backward(pl, tr, prev, 0, LIION_FILTER_NONE, 0));
    ck_assert_uint_eq(liion_trace_count(tr), 166);
}
END_TEST

START_TEST(big_response_auto_compaction)
{
    /* one input lot split into 70,000 outputs: linear time (each output pairs with the one
     * input), and past 65,536 pending edges the plant compacts on its own mid-stream */
    uint32_t r, src, x, mid = 0;
    char id[32];
    OK(liion_plant_lot_add(&src, pl, NULL, "BULK", NONE, NONE));
    OK(liion_plant_response_add(&r, pl, NULL, "SPLIT", L.seg_slit, 0, 1));
    OK(liion_plant_response_add_material(pl, r, src, LIION_USE_CONSUMED));
    uint64_t before = liion_plant_edge_count(pl);
    for (int i = 0; i < 70000; i++) {
        snprintf(id, sizeof id, "PIECE-%d", i);
        OK(liion_plant_lot_add(&x, pl, NULL, id, NONE, NONE));
        OK(liion_plant_response_add_material(pl, r, x, LIION_USE_PRODUCED));
        if (i == 35000)
            mid = x;
    }
    ck_assert_uint_eq(liion_plant_edge_count(pl), before + 70000);
    OK(liion_plant_trace_forward(pl, tr, src, 0, 0));
    ck_assert_uint_eq(liion_trace_count(tr), 70000);
    ck_assert(liion_trace_contains(tr, mid));
    OK(liion_plant_trace_backward(pl, tr, mid, 0, LIION_FILTER_NONE, 0));
    ck_assert_uint_eq(liion_trace_count(tr), 1);
    ck_assert_uint_eq(liion_trace_index(tr, 0), src);
    /* the old line is intact through the compaction */
    OK(liion_plant_trace_backward(pl, tr, L.cell[0], 0, LIION_FILTER_NONE, 0));
    ck_assert_uint_eq(liion_trace_count(tr), 16);
}
END_TEST

START_TEST(random_equipment_windows_match_reference)
{
    enum { NU = 600 };
    static int64_t t0s[NU], t1s[NU];
    static uint32_t eqs[NU], lots[NU];
    uint32_t eq[3], x;
    size_t n = 0;
    rng_state = 0xabcdefu;
    for (int e = 0; e < 3; e++) {
        char id[16];
        snprintf(id, sizeof id, "EQ%d", e);
        OK(liion_plant_equipment_add(&eq[e], pl, NULL, id, LIION_EQ_WORK_UNIT, NONE, NONE));
    }
    OK(liion_plant_lot_add(&x, pl, NULL, "X", NONE, NONE));
    for (int batch = 0; batch < 6; batch++) {
        for (int k = 0; k < NU / 6; k++, n++) {
            eqs[n] = eq[rnd() % 3];
            lots[n] = rnd() % 2 ? x : L.cam;
            t0s[n] = (int64_t)(rnd() % 10000);
            t1s[n] = t0s[n] + (int64_t)(rnd() % (batch == 3 ? 2000 : 50));
            OK(liion_plant_equipment_use_add(pl, eqs[n], lots[n], t0s[n], t1s[n]));
        }
        for (int qn = 0; qn < 20; qn++) {
            uint32_t e = eq[rnd() % 3];
            int64_t a = (int64_t)(rnd() % 10000), b = a + (int64_t)(rnd() % 500);
            size_t want = 0;
            for (size_t i = 0; i < n; i++)
                if (eqs[i] == e && t0s[i] <= b && t1s[i] >= a)
                    want++;
            OK(liion_plant_equipment_window(pl, tr, e, a, b));
            if (liion_trace_count(tr) != want)
                ck_abort_msg("batch %d: %zu rows, reference %zu", batch, liion_trace_count(tr),
                             want);
            for (size_t i = 1; i < want; i++)
                ck_assert(liion_trace_score(tr, i - 1) <= liion_trace_score(tr, i));
        }
    }
}
END_TEST

/* ---- roll map -------------------------------------------------------------------------- */

typedef struct rolls {
    uint32_t jumbo, cal, lane[4], cells[4][200];
} rolls;

/* Jumbo 1000 m, calendered with elongation 1.02 and rewound reversed, scrap cut [500, 510)
 * of the jumbo, slit into 4 lanes of 300 mm; cells wind 5 m intervals from each lane. */
static liion_status build_rolls(liion_plant *p, rolls *R)
{
    liion_status st;
    char id[32];
#define T(e)                                                                                  \
    do {                                                                                      \
        if ((st = (e)) != LIION_OK)                                                           \
            return st;                                                                        \
    } while (0)
    T(liion_plant_lot_add(&R->jumbo, p, NULL, "JUMBO", NONE, NONE));
    T(liion_plant_lot_add(&R->cal, p, NULL, "CAL", NONE, NONE));
    T(liion_plant_roll_link(p, R->jumbo, R->cal, 0, 500, -INFINITY, INFINITY, 489.6, 1.02,
                            LIION_ROLL_REVERSED));
    T(liion_plant_roll_link(p, R->jumbo, R->cal, 510, 1000, -INFINITY, INFINITY, 0, 1.02,
                            LIION_ROLL_REVERSED));
    for (int k = 0; k < 4; k++) {
        snprintf(id, sizeof id, "CAL/L%d", k);
        T(liion_plant_lot_add(&R->lane[k], p, NULL, id, NONE, R->cal));
        T(liion_plant_roll_link(p, R->cal, R->lane[k], 0, 1009.8, 300.0 * k, 300.0 * (k + 1), 0,
                                1.0, LIION_ROLL_LANE));
        for (int c = 0; c < 200; c++) {
            snprintf(id, sizeof id, "L%dC%d", k, c);
            T(liion_plant_lot_add(&R->cells[k][c], p, NULL, id, NONE, NONE));
            T(liion_plant_roll_use(p, R->lane[k], 5.0 * c, 5.0 * c + 5.0, R->cells[k][c], 0));
        }
    }
#undef T
    return LIION_OK;
}

START_TEST(roll_map_defects)
{
    static rolls R;
    OK(build_rolls(pl, &R));
    /* jumbo x=100 (first segment) -> cal 489.6 + (500 - 100) * 1.02 = 897.6 -> lane 1
     * (cd 450) -> cell 179 (895..900 m) */
    OK(liion_plant_roll_defect(pl, tr, R.jumbo, 100.0, 0.0, 450.0));
    ck_assert_uint_eq(liion_trace_count(tr), 1);
    ck_assert_uint_eq(liion_trace_index(tr, 0), R.cells[1][179]);
    ck_assert(liion_trace_score(tr, 0) == 895.0);
    /* jumbo x=700 (after the cut) -> cal (1000 - 700) * 1.02 = 306 -> cell 61 */
    OK(liion_plant_roll_defect(pl, tr, R.jumbo, 700.0, 0.0, 450.0));
    ck_assert_uint_eq(liion_trace_count(tr), 1);
    ck_assert_uint_eq(liion_trace_index(tr, 0), R.cells[1][61]);
    /* jumbo x=400 -> (500 - 400) * 1.02 + 489.6 = 591.6 -> cell 118 in lane 0 */
    OK(liion_plant_roll_defect(pl, tr, R.jumbo, 400.0, 0.0, 10.0));
    ck_assert_uint_eq(liion_trace_count(tr), 1);
    ck_assert_uint_eq(liion_trace_index(tr, 0), R.cells[0][118]);
    /* tolerance: 100 +- 6 m -> cal [891.48, 903.72] -> cells 178..180 */
    OK(liion_plant_roll_defect(pl, tr, R.jumbo, 100.0, 6.0, 450.0));
    ck_assert_uint_eq(liion_trace_count(tr), 3);
    ck_assert_uint_eq(liion_trace_index(tr, 0), R.cells[1][178]);
    ck_assert_uint_eq(liion_trace_index(tr, 2), R.cells[1][180]);
    /* a use added after the index was built is merged in: a second sheet over 897.6 m */
    OK(liion_plant_roll_use(pl, R.lane[1], 897.0, 898.0, R.cells[0][0], 7));
    OK(liion_plant_roll_use(pl, R.lane[1], 3.0, 4.0, R.cells[0][1], 1)); /* out of order */
    OK(liion_plant_roll_defect(pl, tr, R.jumbo, 100.0, 0.0, 450.0));
    ck_assert_uint_eq(liion_trace_count(tr), 2);
    ck_assert_uint_eq(liion_trace_index(tr, 0), R.cells[1][179]);
    ck_assert_uint_eq(liion_trace_index(tr, 1), R.cells[0][0]);
    ck_assert_uint_eq(liion_trace_depth(tr, 1), 7);
    OK(liion_plant_roll_defect(pl, tr, R.lane[1], 3.5, 0.0, 0.0));
    ck_assert_uint_eq(liion_trace_count(tr), 2);
    /* in the scrap cut: nothing */
    OK(liion_plant_roll_defect(pl, tr, R.jumbo, 505.0, 0.0, 450.0));
    ck_assert_uint_eq(liion_trace_count(tr), 0);
    /* off the web */
    OK(liion_plant_roll_defect(pl, tr, R.jumbo, 100.0, 0.0, 1300.0));
    ck_assert_uint_eq(liion_trace_count(tr), 0);
    /* directly on a lane */
    OK(liion_plant_roll_defect(pl, tr, R.lane[3], 12.5, 0.0, 0.0));
    ck_assert_uint_eq(liion_trace_count(tr), 1);
    ck_assert_uint_eq(liion_trace_index(tr, 0), R.cells[3][2]);
    /* neighbours */
    OK(liion_plant_roll_neighbours(pl, tr, R.jumbo, 100.0, 450.0, 2));
    ck_assert_uint_eq(liion_trace_count(tr), 6); /* 177..181 and the extra sheet at 897 */
    ck_assert_uint_eq(liion_trace_index(tr, 0), R.cells[1][177]);
    ck_assert_uint_eq(liion_trace_index(tr, 5), R.cells[1][181]);
    ck_assert(liion_trace_contains(tr, R.cells[0][0]));
    OK(liion_plant_roll_neighbours(pl, tr, R.lane[2], 1.0, 0.0, 3));
    ck_assert_uint_eq(liion_trace_count(tr), 4); /* at the start of the roll */
    OK(liion_plant_roll_neighbours(pl, tr, R.lane[2], 2000.0, 0.0, 1)); /* past the end */
    ck_assert_uint_eq(liion_trace_count(tr), 2);
    ck_assert_uint_eq(liion_trace_index(tr, 1), R.cells[2][199]);
    FAILS(liion_plant_roll_defect(pl, tr, R.jumbo, NAN, 0.0, 0.0), LIION_E_INVALID_ARG, "finite");
    FAILS(liion_plant_roll_defect(pl, tr, R.jumbo, 1.0, -1.0, 0.0), LIION_E_INVALID_ARG,
          "tol");
    FAILS(liion_plant_roll_link(pl, R.jumbo, R.cal, 5, 5, -INFINITY, INFINITY, 0, 1, 0),
          LIION_E_INVALID_ARG, "empty");
    FAILS(liion_plant_roll_link(pl, R.jumbo, R.cal, 0, 5, -INFINITY, INFINITY, 0, 0, 0),
          LIION_E_INVALID_ARG, "scale");
    FAILS(liion_plant_roll_link(pl, R.jumbo, R.cal, 0, 5, -INFINITY, INFINITY, 0, 1, 8),
          LIION_E_INVALID_ARG, "unknown flags");
    FAILS(liion_plant_roll_use(pl, R.lane[0], 3, 2, R.cells[0][0], 0), LIION_E_INVALID_ARG,
          "empty");
    /* a loop of links is caught by the depth limit */
    OK(liion_plant_roll_link(pl, R.lane[0], R.cal, 0, 1000, -INFINITY, INFINITY, 0, 1, 0));
    FAILS(liion_plant_roll_defect(pl, tr, R.jumbo, 400.0, 0.0, 10.0), LIION_E_LIMIT,
          "max depth");
}
END_TEST


/* ---- lazy forward cursor ---------------------------------------------------------------- */

/* Read the whole walk in batches of `chunk`; compare with the compact-set form. */
static void cursor_matches_set(liion_plant *p, liion_trace *t, liion_plant_cursor *c,
                               uint32_t lot, uint32_t max_depth, uint32_t flags, size_t chunk)
{
    uint32_t idx[64], dep[64];
    size_t total = 0, n;
    uint32_t last_depth = 0;
    OK(liion_plant_trace_forward(p, t, lot, max_depth, flags));
    OK(liion_plant_cursor_forward(c, lot, max_depth, flags));
    do {
        OK(liion_plant_cursor_read(&n, idx, dep, c, chunk));
        ck_assert_uint_le(n, chunk);
        for (size_t i = 0; i < n; i++) {
            ck_assert_msg(liion_trace_contains(t, idx[i]), "lot %u not in the set",
                          (unsigned)idx[i]);
            ck_assert_uint_eq(depth_of(t, idx[i]), dep[i]);
            ck_assert_uint_ge(dep[i], last_depth); /* breadth first */
            last_depth = dep[i];
        }
        total += n;
    } while (n > 0);
    ck_assert_uint_eq(total, liion_trace_count(t));
    OK(liion_plant_cursor_read(&n, idx, NULL, c, chunk)); /* over: stays over */
    ck_assert_uint_eq(n, 0);
}

START_TEST(cursor_streams_forward)
{
    liion_plant_cursor *c;
    uint32_t idx[4], x;
    size_t n;
    const uint32_t starts[] = { L.cam, L.binder, L.s1, L.j2, L.k1, L.d1a, L.sep1, L.cell[3] };
    OK(liion_plant_cursor_new(&c, pl));
    OK(liion_plant_cursor_read(&n, idx, NULL, c, 4)); /* nothing started: 0 rows */
    ck_assert_uint_eq(n, 0);
    for (size_t s = 0; s < sizeof starts / sizeof starts[0]; s++)
        for (size_t chunk = 1; chunk <= 64; chunk *= 4) {
            cursor_matches_set(pl, tr, c, starts[s], 0, 0, chunk);
            cursor_matches_set(pl, tr, c, starts[s], 0, LIION_TRACE_TERMINAL_ONLY, chunk);
            cursor_matches_set(pl, tr, c, starts[s], 2, 0, chunk);
        }
    OK(liion_plant_compact(pl));
    cursor_matches_set(pl, tr, c, L.cam, 0, 0, 5);
    /* the cells of CAM-A one at a time */
    OK(liion_plant_cursor_forward(c, L.cam, 0, LIION_TRACE_TERMINAL_ONLY));
    for (int i = 0; i < 8; i++) {
        OK(liion_plant_cursor_read(&n, &x, NULL, c, 1));
        ck_assert_uint_eq(n, 1);
        ck_assert_uint_eq(liion_plant_lot_definition(pl, x), L.cell_def);
    }
    OK(liion_plant_cursor_read(&n, &x, NULL, c, 1));
    ck_assert_uint_eq(n, 0);
    /* the genealogy changes under a walk: refused, a restart works */
    OK(liion_plant_cursor_forward(c, L.cam, 0, 0));
    OK(liion_plant_cursor_read(&n, idx, NULL, c, 2));
    OK(liion_plant_assembly_add(pl, L.cell[7], L.cell[6], LIION_ASSEMBLY_PHYSICAL,
                                LIION_ASSEMBLY_TRANSIENT));
    FAILS(liion_plant_cursor_read(&n, idx, NULL, c, 2), LIION_E_STATE, "genealogy changed");
    ck_assert_uint_eq(n, 0);
    cursor_matches_set(pl, tr, c, L.cam, 0, 0, 3);
    /* bad input */
    FAILS(liion_plant_cursor_forward(c, 9999, 0, 0), LIION_E_NOT_FOUND, "forward cursor");
    FAILS(liion_plant_cursor_forward(c, L.cam, 0, 0x40), LIION_E_INVALID_ARG,
          "unknown trace flags");
    OK(liion_plant_cursor_forward(c, L.cam, 0, 0));
    FAILS(liion_plant_cursor_read(&n, NULL, NULL, c, 3), LIION_E_INVALID_ARG, "index_out");
    ck_assert_int_eq(liion_plant_cursor_read(&n, idx, NULL, NULL, 3), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_plant_cursor_new(NULL, pl), LIION_E_INVALID_ARG);
    {
        liion_plant_cursor *c2 = (liion_plant_cursor *)&x;
        ck_assert_int_eq(liion_plant_cursor_new(&c2, NULL), LIION_E_INVALID_ARG);
        ck_assert_ptr_null(c2);
    }
    liion_plant_cursor_free(c);
    liion_plant_cursor_free(NULL);
}
END_TEST

/* ---- common equipment with overlapping use ---------------------------------------------- */

START_TEST(common_equipment_overlap)
{
    uint32_t two[2] = { L.cell[0], L.cell[1] };
    /* without time both share the coater (J1, J2) and stacker 1 */
    OK(liion_plant_common_equipment(pl, tr, two, 2));
    ck_assert_uint_eq(liion_trace_count(tr), 2);
    /* stacker 1 saw C0 in [0, 50] and C1 in [100, 150]: no overlap */
    OK(liion_plant_common_equipment_overlap(pl, tr, two, 2, 0));
    ck_assert_uint_eq(liion_trace_count(tr), 1);
    ck_assert_uint_eq(liion_trace_index(tr, 0), L.coater);
    ck_assert(liion_trace_score(tr, 0) == 1.0); /* only J1's coating in [2, 3] */
    /* widened by 25 the stacker windows meet at 75; the coater stays the most specific */
    OK(liion_plant_common_equipment_overlap(pl, tr, two, 2, 25));
    ck_assert_uint_eq(liion_trace_count(tr), 2);
    ck_assert_uint_eq(liion_trace_index(tr, 0), L.coater);
    ck_assert_uint_eq(liion_trace_index(tr, 1), L.st1);
    ck_assert(liion_trace_score(tr, 1) == 2.0); /* C0 and C1 around [50, 100] */
    /* one cell: every piece that handled it or its closure */
    OK(liion_plant_common_equipment_overlap(pl, tr, &L.cell[5], 1, 0));
    ck_assert_uint_eq(liion_trace_count(tr), 2);
    /* touching windows overlap (closed intervals) */
    OK(liion_plant_equipment_use_add(pl, L.st2, L.cell[0], 50, 60));
    OK(liion_plant_equipment_use_add(pl, L.st2, L.cell[1], 60, 70));
    OK(liion_plant_common_equipment_overlap(pl, tr, two, 2, 0));
    ck_assert_uint_eq(liion_trace_count(tr), 2);
    ck_assert(liion_trace_contains(tr, L.st2));
    /* extreme times and tolerance saturate instead of overflowing (UBSan would tell) */
    OK(liion_plant_equipment_use_add(pl, L.st1, L.cell[6], INT64_MIN, INT64_MAX));
    OK(liion_plant_common_equipment_overlap(pl, tr, &L.cell[6], 1, INT64_MAX));
    /* bad input */
    FAILS(liion_plant_common_equipment_overlap(pl, tr, two, 2, -1), LIION_E_INVALID_ARG,
          "tolerance");
    FAILS(liion_plant_common_equipment_overlap(pl, tr, two, 0, 0), LIION_E_INVALID_ARG,
          "no cells");
    uint32_t bad[2] = { L.cell[0], 4242 };
    FAILS(liion_plant_common_equipment_overlap(pl, tr, bad, 2, 0), LIION_E_NOT_FOUND,
          "failed cell");
}
END_TEST

/* Random use records on lots without edges against a brute-force search for a common
 * moment. */
START_TEST(random_overlaps_match_reference)
{
    enum { NL = 12, NE = 4, NU = 60 };
    for (int round = 0; round < 20; round++) {
        liion_plant *p;
        uint32_t lots[NL], eqs[NE], cells[3];
        int64_t u0[NU], u1[NU];
        uint32_t ue[NU], ul[NU];
        char id[32];
        rng_state = 0xc0ffee00u + (uint64_t)round;
        OK(liion_plant_new(&p, ctx));
        for (int i = 0; i < NL; i++) {
            snprintf(id, sizeof id, "L%d", i);
            OK(liion_plant_lot_add(&lots[i], p, NULL, id, NONE, NONE));
        }
        for (int e = 0; e < NE; e++) {
            snprintf(id, sizeof id, "E%d", e);
            OK(liion_plant_equipment_add(&eqs[e], p, NULL, id, LIION_EQ_WORK_CELL, NONE, NONE));
        }
        for (int u = 0; u < NU; u++) {
            ue[u] = rnd() % NE;
            ul[u] = rnd() % NL;
            u0[u] = (int64_t)(rnd() % 100);
            u1[u] = u0[u] + (int64_t)(rnd() % 10);
            OK(liion_plant_equipment_use_add(p, eqs[ue[u]], lots[ul[u]], u0[u], u1[u]));
        }
        for (int q = 0; q < 20; q++) {
            size_t nc = 1 + rnd() % 3;
            int64_t tol = (int64_t)(rnd() % 2) * 3;
            for (size_t c = 0; c < nc; c++)
                cells[c] = rnd() % NL;
            OK(liion_plant_common_equipment_overlap(p, tr, cells, nc, tol));
            for (int e = 0; e < NE; e++) {
                bool expect = false;
                /* a common moment, if any, is some widened start */
                for (int a = 0; a < NU && !expect; a++) {
                    int64_t pt = u0[a] - tol;
                    bool all = ue[a] == (uint32_t)e;
                    for (size_t c = 0; c < nc && all; c++) {
                        bool hit = false;
                        for (int b = 0; b < NU && !hit; b++)
                            hit = ue[b] == (uint32_t)e && ul[b] == cells[c] &&
                                  u0[b] - tol <= pt && pt <= u1[b] + tol;
                        all = hit;
                    }
                    expect = all;
                }
                ck_assert_msg(expect == (liion_trace_contains(tr, eqs[e]) != 0),
                              "round %d query %d equipment %d: expected %d", round, q, e,
                              (int)expect);
            }
            for (size_t i = 1; i < liion_trace_count(tr); i++)
                ck_assert(liion_trace_score(tr, i - 1) <= liion_trace_score(tr, i));
        }
        liion_plant_free(p);
    }
}
END_TEST

/* The fast backward path (uniform degree blocks, small visited set) against the general walk
 * on a plant of many identical cells, before and after compaction, with pending edges. */
START_TEST(backward_blocks_match_reference)
{
    liion_plant *p;
    uint32_t comp[5], cells[300], seg, r;
    char id[32];
    OK(liion_plant_new(&p, ctx));
    OK(liion_plant_segment_add(&seg, p, NULL, "S", LIION_STEP_STACKING));
    for (int i = 0; i < 5; i++) {
        snprintf(id, sizeof id, "COMP%d", i);
        OK(liion_plant_lot_add(&comp[i], p, NULL, id, NONE, NONE));
    }
    for (int i = 0; i < 300; i++) {
        snprintf(id, sizeof id, "CELL%d", i);
        OK(liion_plant_lot_add(&cells[i], p, NULL, id, NONE, NONE));
        OK(liion_plant_response_add(&r, p, NULL, id, seg, i, i));
        /* cells 0..199 have 3 parents, the rest 2 (blocks of 64 uniform and mixed) */
        for (int k = 0; k < (i < 200 ? 3 : 2); k++)
            OK(liion_plant_response_add_material(p, r, comp[(i + k) % 5], LIION_USE_CONSUMED));
        OK(liion_plant_response_add_material(p, r, cells[i], LIION_USE_PRODUCED));
        if (i == 150)
            OK(liion_plant_compact(p));
    }
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < 300; i++) {
            OK(liion_plant_trace_backward(p, tr, cells[i], 0, LIION_FILTER_NONE, 0));
            ck_assert_uint_eq(liion_trace_count(tr), i < 200 ? 3 : 2);
            for (int k = 0; k < (i < 200 ? 3 : 2); k++)
                ck_assert(liion_trace_contains(tr, comp[(i + k) % 5]));
        }
        OK(liion_plant_compact(p));
    }
    liion_plant_free(p);
}
END_TEST

/* ---- shared parent rows (deduplicated backward adjacency) ----------------------------- */

#define SR_MAX 3300 /* nodes */
#define SR_PAR 10   /* parents per node at most */

typedef struct sr_ref {
    uint32_t n;                     /* nodes (lot index == node number) */
    uint32_t np[SR_MAX];            /* parents so far */
    uint32_t par[SR_MAX][SR_PAR];   /* in insertion order */
    uint32_t dist[SR_MAX], q[SR_MAX];
} sr_ref;

static void sr_lot(liion_plant *p, sr_ref *R, const char *prefix)
{
    char id[32];
    uint32_t x;
    snprintf(id, sizeof id, "%s%u", prefix, (unsigned)R->n);
    OK(liion_plant_lot_add(&x, p, NULL, id, NONE, NONE));
    ck_assert_uint_eq(x, R->n);
    R->np[R->n++] = 0;
}

/* Node `child` consumes parents[0..k) in one response. */
static void sr_feed(liion_plant *p, sr_ref *R, uint32_t seg, uint32_t child,
                    const uint32_t *parents, uint32_t k)
{
    char id[32];
    uint32_t r;
    snprintf(id, sizeof id, "R%u-%u", (unsigned)child, (unsigned)R->np[child]);
    ck_assert_uint_le(R->np[child] + k, SR_PAR);
    OK(liion_plant_response_add(&r, p, NULL, id, seg, 0, 1));
    for (uint32_t i = 0; i < k; i++) {
        OK(liion_plant_response_add_material(p, r, parents[i], LIION_USE_CONSUMED));
        /* the response links its inputs newest first */
        R->par[child][R->np[child] + k - 1 - i] = parents[i];
    }
    R->np[child] += k;
    OK(liion_plant_response_add_material(p, r, child, LIION_USE_PRODUCED));
}

/* Reference breadth-first walk over the parent lists; returns the closure size. */
static size_t sr_walk(sr_ref *R, uint32_t s, uint32_t lim)
{
    size_t h = 0, t = 0;
    memset(R->dist, 0xff, sizeof R->dist);
    R->dist[s] = 0;
    R->q[t++] = s;
    while (h < t) {
        uint32_t v = R->q[h++];
        if (lim != 0 && R->dist[v] >= lim)
            continue;
        for (uint32_t i = 0; i < R->np[v]; i++) {
            uint32_t w = R->par[v][i];
            if (R->dist[w] == UINT32_MAX) {
                R->dist[w] = R->dist[v] + 1;
                R->q[t++] = w;
            }
        }
    }
    return t - 1;
}

/* Every backward trace (no limit, limits 1 to 3: prefixes of a kept closure) against the
 * reference; `exact`: rows in the reference's order (a compacted graph keeps insertion
 * order), else the same set with the right depths in breadth-first order. A few common
 * causes of two nodes too. */
static void sr_check(liion_plant *p, sr_ref *R, bool exact, const char *what)
{
    for (uint32_t s = 0; s < R->n; s++) {
        for (uint32_t lim = 0; lim <= 3; lim++) {
            size_t n = sr_walk(R, s, lim);
            OK(liion_plant_trace_backward(p, tr, s, lim, LIION_FILTER_NONE, 0));
            if (liion_trace_count(tr) != n)
                ck_abort_msg("%s: node %u limit %u: %zu rows, reference %zu", what,
                             (unsigned)s, (unsigned)lim, liion_trace_count(tr), n);
            for (size_t i = 0; i < n; i++) {
                uint32_t v = liion_trace_index(tr, i);
                if (v >= R->n || R->dist[v] != liion_trace_depth(tr, i) ||
                    (exact && v != R->q[i + 1]))
                    ck_abort_msg("%s: node %u limit %u: row %zu (lot %u) differs", what,
                                 (unsigned)s, (unsigned)lim, i, (unsigned)v);
                if (i > 0 && liion_trace_depth(tr, i) < liion_trace_depth(tr, i - 1))
                    ck_abort_msg("%s: node %u: not breadth first", what, (unsigned)s);
            }
        }
    }
    for (uint32_t k = 0; k < 40; k++) {
        static unsigned char in_a[SR_MAX];
        uint32_t cells[2] = { rnd() % R->n, rnd() % R->n };
        size_t want = 0;
        if (cells[0] == cells[1])
            continue;
        memset(in_a, 0, sizeof in_a);
        sr_walk(R, cells[0], 0);
        for (uint32_t v = 0; v < R->n; v++)
            in_a[v] = v != cells[0] && R->dist[v] != UINT32_MAX;
        sr_walk(R, cells[1], 0);
        for (uint32_t v = 0; v < R->n; v++)
            want += in_a[v] && v != cells[1] && R->dist[v] != UINT32_MAX;
        OK(liion_plant_common_cause(p, tr, cells, 2));
        if (liion_trace_count(tr) != want)
            ck_abort_msg("%s: common cause of %u and %u: %zu lots, reference %zu", what,
                         (unsigned)cells[0], (unsigned)cells[1], liion_trace_count(tr), want);
    }
}

/* White box: the compacted plant has per-block slots (want) with blocks where only some nodes
 * use the slot (the others take the record) and, if `full`, blocks where every node does; or
 * has none. */
static void sr_expect_slots(const liion_plant *p, bool want, bool full_blocks)
{
    const liion__gen_brows *b = &p->gen.brows;
    size_t full = 0, part = 0;
    if (!want) {
        ck_assert_ptr_null(b->slot);
        return;
    }
    ck_assert_ptr_nonnull(b->slot);
    ck_assert_uint_eq((uintptr_t)b->slot % 64u, 0);
    ck_assert_uint_eq(b->slot_w % 16u, 0);
    for (size_t x = 0; x < b->blk_n; x++) {
        const uint32_t *sl = b->slot + x * b->slot_w;
        uint64_t m = (uint64_t)sl[1] << 32 | sl[0];
        size_t nodes = p->gen.nodes - (x << LIION__GEN_RUN_SHIFT);
        uint64_t all = nodes >= 64 ? UINT64_MAX : ((uint64_t)1 << nodes) - 1u;
        full += m == all;
        part += m != 0 && m != all;
    }
    if (full_blocks)
        ck_assert_uint_gt(full, 0);
    ck_assert_uint_gt(part, 0);
}

/* Cells in runs that share one parent list (component lots switching every few cells),
 * lists that come back after other runs, one-off lists, leaves; compacted, then edges added
 * after compaction (new cells, extra parents of cells whose row is shared), then compacted
 * again. A second plant where no two cells share a list (the rows are not deduplicated).
 * Every backward trace is checked against a reference walk at each stage. */
START_TEST(shared_parent_rows_match_reference)
{
    static sr_ref R;
    for (int variant = 0; variant < 2; variant++) {
        liion_plant *p;
        uint32_t seg, raw0, nraw = 40, inter0, ninter = 12, cell0, ncell, sets[8][SR_PAR],
                                                                        setk[8];
        rng_state = 0x5a4eed00u + (uint64_t)variant;
        memset(&R, 0, sizeof R);
        OK(liion_plant_new(&p, ctx));
        p->gen.slot_above = 0; /* slots on a small plant too */
        OK(liion_plant_segment_add(&seg, p, NULL, "S", LIION_STEP_STACKING));
        raw0 = R.n;
        for (uint32_t i = 0; i < nraw; i++)
            sr_lot(p, &R, "RAW");
        inter0 = R.n;
        for (uint32_t i = 0; i < ninter; i++) { /* intermediates: two raw lots each */
            uint32_t par[2] = { raw0 + rnd() % nraw, 0 };
            sr_lot(p, &R, "INT");
            do
                par[1] = raw0 + rnd() % nraw;
            while (par[1] == par[0]);
            sr_feed(p, &R, seg, R.n - 1, par, 2);
        }
        cell0 = R.n;
        ncell = variant == 0 ? 2500 : 3000;
        for (int k = 0; k < 8; k++) { /* recurring lists */
            setk[k] = 2 + rnd() % 5;
            for (uint32_t i = 0; i < setk[k]; i++)
                sets[k][i] = i % 2 == 0 ? inter0 + (uint32_t)(i / 2 + (uint32_t)k) % ninter
                                        : raw0 + (uint32_t)(7 * k + (int)i) % nraw;
        }
        for (uint32_t c = 0; c < ncell;) {
            /* runs of 1-40 cells, one in four 64-213 cells (whole blocks of one row) */
            uint32_t run = variant == 1 ? 1 : rnd() % 4 == 0 ? 64 + rnd() % 150 : 1 + rnd() % 40;
            uint32_t kind = rnd() % 10;
            uint32_t par[SR_PAR], k;
            if (variant == 1 || kind < 2) { /* a one-off list: 3 distinct lots */
                k = 3;
                par[0] = raw0 + rnd() % nraw;
                do
                    par[1] = raw0 + rnd() % nraw;
                while (par[1] == par[0]);
                par[2] = inter0 + rnd() % ninter;
            } else if (kind < 3) { /* a leaf cell */
                k = 0;
            } else { /* one of the recurring lists */
                uint32_t which = rnd() % 8;
                k = setk[which];
                memcpy(par, sets[which], k * sizeof *par);
            }
            for (uint32_t i = 0; i < run && c < ncell; i++, c++) {
                sr_lot(p, &R, "CELL");
                if (k > 0)
                    sr_feed(p, &R, seg, R.n - 1, par, k);
            }
        }
        sr_check(p, &R, false, "before compaction");
        OK(liion_plant_compact(p));
        sr_expect_slots(p, variant == 0, true);
        sr_check(p, &R, true, "compacted");
        /* after compaction: new cells (some sharing a compacted list), extra parents of
         * compacted cells, pending edges only */
        for (uint32_t i = 0; i < 60; i++) {
            sr_lot(p, &R, "NEW");
            sr_feed(p, &R, seg, R.n - 1, sets[i % 8], setk[i % 8]);
        }
        for (uint32_t i = 0; i < 80; i++) {
            uint32_t c = cell0 + rnd() % ncell, extra = raw0 + rnd() % nraw;
            bool dup = false;
            for (uint32_t j = 0; j < R.np[c]; j++)
                dup = dup || R.par[c][j] == extra;
            if (!dup && R.np[c] < SR_PAR - 1)
                sr_feed(p, &R, seg, c, &extra, 1);
        }
        sr_check(p, &R, false, "pending");
        OK(liion_plant_compact(p));
        sr_expect_slots(p, variant == 0, false); /* extra parents broke most blocks */
        sr_check(p, &R, true, "compacted again");
        liion_plant_free(p);
    }
}
END_TEST

/* While the deduplicated rows exist they are the only copy of the backward lists (the
 * backward CSR is dropped); when sharing turns rare the next compaction brings the CSR back,
 * reading the old lists from the rows. Traces match the reference at every stage. */
START_TEST(shared_rows_become_rare)
{
    static sr_ref R;
    liion_plant *p;
    uint32_t seg, ncell = 1200, base[3] = { 0, 1, 2 };
    memset(&R, 0, sizeof R);
    OK(liion_plant_new(&p, ctx));
    OK(liion_plant_segment_add(&seg, p, NULL, "S", LIION_STEP_STACKING));
    for (uint32_t i = 0; i < 40; i++)
        sr_lot(p, &R, "RAW");
    for (uint32_t c = 0; c < ncell; c++) {
        sr_lot(p, &R, "CELL");
        sr_feed(p, &R, seg, R.n - 1, base, 3);
    }
    OK(liion_plant_compact(p));
    ck_assert_ptr_nonnull(p->gen.brows.row);
    ck_assert_ptr_null(p->gen.in.off); /* the rows are the backward lists */
    ck_assert_uint_eq(p->gen.in.csr_nodes, R.n);
    sr_check(p, &R, true, "shared");
    /* every cell gets its own pair of extra inputs: sharing is gone */
    for (uint32_t c = 0; c < ncell; c++) {
        uint32_t cell = 40 + c, x[2] = { 3 + c % 37, 3 + (c / 37) % 37 };
        sr_feed(p, &R, seg, cell, x, x[0] == x[1] ? 1 : 2);
    }
    sr_check(p, &R, false, "pending on dropped CSR");
    OK(liion_plant_compact(p));
    ck_assert_ptr_null(p->gen.brows.row);
    ck_assert_ptr_nonnull(p->gen.in.off);
    sr_check(p, &R, true, "rare");
    liion_plant_free(p);
}
END_TEST

/* Diamonds of different lengths: C is at depth 3 through A and B, at 2 through X. */
START_TEST(diamond_depths_are_shortest)
{
    liion_plant *p;
    uint32_t c, b, a, x, cell, cell2, seg, r;
    OK(liion_plant_new(&p, ctx));
    OK(liion_plant_segment_add(&seg, p, NULL, "S", LIION_STEP_OTHER));
    OK(liion_plant_lot_add(&c, p, NULL, "C", NONE, NONE));
    OK(liion_plant_lot_add(&b, p, NULL, "B", NONE, NONE));
    OK(liion_plant_lot_add(&a, p, NULL, "A", NONE, NONE));
    OK(liion_plant_lot_add(&x, p, NULL, "X", NONE, NONE));
    OK(liion_plant_lot_add(&cell, p, NULL, "CELL", NONE, NONE));
    OK(liion_plant_lot_add(&cell2, p, NULL, "CELL2", NONE, NONE));
    OK(liion_plant_assembly_add(p, b, c, LIION_ASSEMBLY_PHYSICAL, LIION_ASSEMBLY_PERMANENT));
    OK(liion_plant_assembly_add(p, a, b, LIION_ASSEMBLY_PHYSICAL, LIION_ASSEMBLY_PERMANENT));
    OK(liion_plant_assembly_add(p, x, c, LIION_ASSEMBLY_PHYSICAL, LIION_ASSEMBLY_PERMANENT));
    OK(liion_plant_response_add(&r, p, NULL, "R1", seg, 0, 1));
    OK(liion_plant_response_add_material(p, r, a, LIION_USE_CONSUMED));
    OK(liion_plant_response_add_material(p, r, x, LIION_USE_CONSUMED));
    OK(liion_plant_response_add_material(p, r, cell, LIION_USE_PRODUCED));
    OK(liion_plant_response_add(&r, p, NULL, "R2", seg, 0, 1));
    OK(liion_plant_response_add_material(p, r, a, LIION_USE_CONSUMED));
    OK(liion_plant_response_add_material(p, r, cell2, LIION_USE_PRODUCED));
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1)
            OK(liion_plant_compact(p));
        OK(liion_plant_trace_backward(p, tr, cell, 0, LIION_FILTER_NONE, 0));
        ck_assert_uint_eq(liion_trace_count(tr), 4);
        ck_assert_uint_eq(depth_of(tr, a), 1);
        ck_assert_uint_eq(depth_of(tr, x), 1);
        ck_assert_uint_eq(depth_of(tr, b), 2);
        ck_assert_uint_eq(depth_of(tr, c), 2);
        for (size_t i = 1; i < liion_trace_count(tr); i++)
            ck_assert_uint_ge(liion_trace_depth(tr, i), liion_trace_depth(tr, i - 1));
        OK(liion_plant_trace_backward(p, tr, cell, 1, LIION_FILTER_NONE, 0));
        ck_assert_uint_eq(liion_trace_count(tr), 2);
        OK(liion_plant_trace_backward(p, tr, cell2, 2, LIION_FILTER_NONE, 0));
        ck_assert_uint_eq(liion_trace_count(tr), 2); /* A, B */
        OK(liion_plant_trace_backward(p, tr, a, 0, LIION_FILTER_NONE, 0));
        ck_assert_uint_eq(liion_trace_count(tr), 2); /* from an intermediate lot */
    }
    /* an edge after compaction (pending) */
    OK(liion_plant_assembly_add(p, b, x, LIION_ASSEMBLY_PHYSICAL, LIION_ASSEMBLY_PERMANENT));
    OK(liion_plant_trace_backward(p, tr, cell, 0, LIION_FILTER_NONE, 0));
    ck_assert_uint_eq(liion_trace_count(tr), 4);
    ck_assert_uint_eq(depth_of(tr, c), 2);
    OK(liion_plant_trace_backward(p, tr, cell2, 0, LIION_FILTER_NONE, 0));
    ck_assert_uint_eq(liion_trace_count(tr), 4); /* A B C X */
    liion_plant_free(p);
}
END_TEST

/* ---- allocation failure over construction and queries ---------------------------------- */

static liion_status queries_body(const liion_allocator *hooks, void *user)
{
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *c;
    liion_plant *p = NULL;
    liion_trace *t = NULL;
    line *l = malloc(sizeof *l);
    static rolls R;
    uint64_t n;
    uint32_t f, la;
    liion_status st;
    (void)user;
    o.allocator = hooks;
    if ((st = liion_ctx_new(&c, &o)) != LIION_OK) {
        free(l);
        return st;
    }
#define T(e)                                                                                  \
    do {                                                                                      \
        if ((st = (e)) != LIION_OK)                                                           \
            goto done;                                                                        \
    } while (0)
    T(liion_plant_new(&p, c));
    T(liion_trace_new(&t, c));
    T(build_line(p, l));
    T(liion_plant_trace_backward(p, t, l->cell[0], 0, LIION_FILTER_NONE, 0));
    T(liion_plant_trace_forward(p, t, l->cam, 0, 0));
    T(liion_plant_compact(p));
    T(liion_plant_trace_backward(p, t, l->cell[1], 0, LIION_FILTER_MATERIAL_CLASS, l->raw_cls));
    T(liion_plant_common_cause(p, t, l->cell, 3));
    T(liion_plant_common_equipment(p, t, l->cell, 3));
    T(liion_plant_equipment_window(p, t, l->st1, 0, 1000));
    T(liion_plant_first_last_cell(&f, &la, p, l->cam));
    T(liion_plant_quarantine(&n, p, l->s2));
    T(liion_plant_assembly_add(p, l->cell[7], l->cell[6], LIION_ASSEMBLY_PHYSICAL,
                               LIION_ASSEMBLY_TRANSIENT));
    T(build_rolls(p, &R));
    T(liion_plant_roll_defect(p, t, R.jumbo, 100.0, 6.0, 450.0));
    T(liion_plant_roll_neighbours(p, t, R.jumbo, 100.0, 450.0, 3));
    T(liion_plant_common_equipment_overlap(p, t, l->cell, 2, 30));
    {
        liion_plant_cursor *c = NULL;
        uint32_t idx[3];
        size_t n = 1;
        T(liion_plant_cursor_new(&c, p));
        if ((st = liion_plant_cursor_forward(c, l->cam, 0, 0)) == LIION_OK)
            while ((st = liion_plant_cursor_read(&n, idx, NULL, c, 3)) == LIION_OK && n > 0)
                ;
        liion_plant_cursor_free(c);
        if (st != LIION_OK)
            goto done;
    }
done:
#undef T
    liion_trace_free(t);
    liion_plant_free(p);
    liion_ctx_free(c);
    free(l);
    return st;
}

START_TEST(queries_allocation_failure)
{
    ck_assert_uint_gt(liion_test_alloc_loop("genealogy queries", queries_body, NULL), 20);
}
END_TEST

START_TEST(memory_cap_is_a_clean_error)
{
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *c;
    liion_plant *p;
    liion_status st = LIION_OK;
    char id[32];
    uint32_t x;
    o.max_memory = 256 * 1024;
    ck_assert_int_eq(liion_ctx_new(&c, &o), LIION_OK);
    ck_assert_int_eq(liion_plant_new(&p, c), LIION_OK);
    for (int i = 0; i < 100000 && st == LIION_OK; i++) {
        snprintf(id, sizeof id, "LOT-%d", i);
        st = liion_plant_lot_add(&x, p, NULL, id, NONE, NONE);
    }
    ck_assert_int_eq(st, LIION_E_NOMEM);
    ck_assert_uint_le(liion_ctx_memory_used(c), 256 * 1024);
    /* the plant is still consistent: every lot added is found */
    uint32_t n = liion_plant_count(p, LIION_OBJ_LOT);
    ck_assert_uint_gt(n, 100);
    snprintf(id, sizeof id, "LOT-%u", (unsigned)(n - 1));
    ck_assert_int_eq(liion_plant_find(&x, p, LIION_OBJ_LOT, NULL, id), LIION_OK);
    ck_assert_uint_eq(x, n - 1);
    liion_plant_free(p);
    ck_assert_uint_gt(liion_ctx_memory_used(c), 0);
    liion_ctx_free(c);
}
END_TEST

static Suite *genealogy_suite(void)
{
    Suite *s = suite_create("genealogy");
    TCase *tc = tcase_create("queries");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, edges_from_responses);
    tcase_add_test(tc, backward_trace);
    tcase_add_test(tc, forward_trace);
    tcase_add_test(tc, cycles_are_refused);
    tcase_add_test(tc, assembly_tray);
    tcase_add_test(tc, common_cause_ranked);
    tcase_add_test(tc, equipment_window);
    tcase_add_test(tc, quarantine_and_first_last);
    tcase_add_test(tc, random_dags_match_reference);
    tcase_add_test(tc, random_equipment_windows_match_reference);
    tcase_add_test(tc, long_chain_backward);
    tcase_add_test(tc, big_response_auto_compaction);
    tcase_add_test(tc, roll_map_defects);
    tcase_add_test(tc, cursor_streams_forward);
    tcase_add_test(tc, common_equipment_overlap);
    tcase_add_test(tc, random_overlaps_match_reference);
    tcase_add_test(tc, backward_blocks_match_reference);
    tcase_add_test(tc, diamond_depths_are_shortest);
    tcase_add_test(tc, shared_parent_rows_match_reference);
    tcase_add_test(tc, shared_rows_become_rare);
    suite_add_tcase(s, tc);
    tc = tcase_create("alloc");
    tcase_add_test(tc, queries_allocation_failure);
    tcase_add_test(tc, memory_cap_is_a_clean_error);
    tcase_set_timeout(tc, 300);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return liion_test_run(genealogy_suite());
}
