/*
 * Build a small cell line in a liion_plant and answer the two audit questions:
 * where did one cell come from (backward trace), and which cells did one material lot reach
 * (forward recall). Also maps a coating defect to the cells it hit through the roll map.
 *
 *   slurry batch -> coating (jumbo roll) -> calendering (calendered roll, 2 % elongation,
 *   rewound) -> slitting (2 lanes = daughter rolls) -> stacking (cells, with separator) ->
 *   electrolyte filling -> formation (channel as equipment use)
 */
#include <liion/liion.h>

#include <math.h>
#include <stdio.h>

#define NONE LIION_PLANT_NONE

static liion_ctx *ctx;

static int check(liion_status st, const char *what)
{
    if (st != LIION_OK) {
        fprintf(stderr, "%s: %s\n", what, liion_ctx_errmsg(ctx));
        return 1;
    }
    return 0;
}
#define CK(x)                                                                                 \
    do {                                                                                      \
        if (check((x), #x))                                                                   \
            goto fail;                                                                        \
    } while (0)

int main(void)
{
    liion_plant *p = NULL;
    liion_trace *t = NULL;
    uint32_t site, mixer, coater, stacker, rack, channel;
    uint32_t mix, coat, cal, slit, stack, fill, form;
    uint32_t cam, binder, foil, sep, ely, slurry, jumbo, calroll, lane[2], cell[6];
    uint32_t r, idx, depth;
    char id[32];
    uint64_t n;
    int rc = 1;

    if (liion_ctx_new(&ctx, NULL) != LIION_OK)
        return 1;
    CK(liion_plant_new(&p, ctx));
    CK(liion_trace_new(&t, ctx));

    /* equipment hierarchy (ISA-95 role-based levels) */
    CK(liion_plant_equipment_add(&site, p, NULL, "GF1", LIION_EQ_SITE, NONE, NONE));
    CK(liion_plant_equipment_add(&mixer, p, NULL, "Mixer-1", LIION_EQ_UNIT, site, NONE));
    CK(liion_plant_equipment_add(&coater, p, NULL, "Coater-1", LIION_EQ_PRODUCTION_UNIT, site,
                                 NONE));
    CK(liion_plant_equipment_add(&stacker, p, NULL, "Stacker-1", LIION_EQ_WORK_CELL, site, NONE));
    CK(liion_plant_equipment_add(&rack, p, NULL, "FormRack-7", LIION_EQ_WORK_CENTER, site, NONE));
    CK(liion_plant_equipment_add(&channel, p, NULL, "FormRack-7/ch-3", LIION_EQ_WORK_UNIT, rack,
                                 NONE));

    /* process segments */
    CK(liion_plant_segment_add(&mix, p, NULL, "Mixing", LIION_STEP_MIXING));
    CK(liion_plant_segment_add(&coat, p, NULL, "Coating", LIION_STEP_COATING));
    CK(liion_plant_segment_add(&cal, p, NULL, "Calendering", LIION_STEP_CALENDERING));
    CK(liion_plant_segment_add(&slit, p, NULL, "Slitting", LIION_STEP_SLITTING));
    CK(liion_plant_segment_add(&stack, p, NULL, "Stacking", LIION_STEP_STACKING));
    CK(liion_plant_segment_add(&fill, p, NULL, "Filling", LIION_STEP_FILLING));
    CK(liion_plant_segment_add(&form, p, NULL, "Formation", LIION_STEP_FORMATION));

    /* raw material lots, supplier lot IDs keep their scheme */
    CK(liion_plant_lot_add(&cam, p, "supplier:umicore", "NMC811-24-0042", NONE, NONE));
    CK(liion_plant_lot_set_quantity(p, cam, 500.0, "KGM", LIION_QTY_REAL));
    CK(liion_plant_lot_add(&binder, p, NULL, "PVDF-7", NONE, NONE));
    CK(liion_plant_lot_add(&foil, p, NULL, "AL-FOIL-3", NONE, NONE));
    CK(liion_plant_lot_add(&sep, p, NULL, "SEP-11", NONE, NONE));
    CK(liion_plant_lot_add(&ely, p, NULL, "ELY-5", NONE, NONE));

    /* mixing: 480 kg CAM + 20 kg binder -> 495 kg slurry */
    CK(liion_plant_lot_add(&slurry, p, NULL, "SLURRY-001", NONE, NONE));
    CK(liion_plant_response_add(&r, p, NULL, "MIX-001", mix, 0, 3600));
    CK(liion_plant_response_add_equipment(p, r, mixer));
    CK(liion_plant_response_add_material_qty(p, r, cam, LIION_USE_CONSUMED, 480.0, "KGM"));
    CK(liion_plant_response_add_material_qty(p, r, binder, LIION_USE_CONSUMED, 20.0, "KGM"));
    CK(liion_plant_response_add_material_qty(p, r, slurry, LIION_USE_PRODUCED, 495.0, "KGM"));
    double in, out;
    CK(liion_plant_response_balance(&in, &out, p, r, "KGM"));
    printf("mass balance MIX-001: %.1f kg in, %.1f kg out (%.1f %% yield)\n", in, out,
           100.0 * out / in);

    /* coating: 600 m jumbo roll */
    CK(liion_plant_lot_add(&jumbo, p, NULL, "JUMBO-001", NONE, NONE));
    CK(liion_plant_response_add(&r, p, NULL, "COAT-001", coat, 4000, 5000));
    CK(liion_plant_response_add_equipment(p, r, coater));
    CK(liion_plant_response_add_material(p, r, slurry, LIION_USE_CONSUMED));
    CK(liion_plant_response_add_material(p, r, foil, LIION_USE_CONSUMED));
    CK(liion_plant_response_add_material_qty(p, r, jumbo, LIION_USE_PRODUCED, 600.0, "MTR"));

    /* calendering: 2 % elongation, rewound reversed */
    CK(liion_plant_lot_add(&calroll, p, NULL, "CAL-001", NONE, NONE));
    CK(liion_plant_response_add(&r, p, NULL, "CAL-001", cal, 6000, 7000));
    CK(liion_plant_response_add_material(p, r, jumbo, LIION_USE_CONSUMED));
    CK(liion_plant_response_add_material_qty(p, r, calroll, LIION_USE_PRODUCED, 612.0, "MTR"));
    CK(liion_plant_roll_link(p, jumbo, calroll, 0, 600, -INFINITY, INFINITY, 0, 1.02,
                             LIION_ROLL_REVERSED));

    /* slitting: two lanes of 300 mm, daughter rolls are sublots of the calendered roll */
    CK(liion_plant_response_add(&r, p, NULL, "SLIT-001", slit, 8000, 9000));
    CK(liion_plant_response_add_material(p, r, calroll, LIION_USE_CONSUMED));
    for (int k = 0; k < 2; k++) {
        snprintf(id, sizeof id, "CAL-001/L%d", k + 1);
        CK(liion_plant_lot_add(&lane[k], p, NULL, id, NONE, calroll));
        CK(liion_plant_response_add_material(p, r, lane[k], LIION_USE_PRODUCED));
        CK(liion_plant_roll_link(p, calroll, lane[k], 0, 612, 300.0 * k, 300.0 * (k + 1), 0,
                                 1.0, LIION_ROLL_LANE));
    }

    /* stacking, filling, formation: 6 cells, 3 per lane, each winding 2 m */
    for (int i = 0; i < 6; i++) {
        int k = i / 3;
        double at = 2.0 * (i % 3);
        snprintf(id, sizeof id, "CELL-%04d", i);
        CK(liion_plant_lot_add(&cell[i], p, "gs1:sgtin", id, NONE, NONE));
        snprintf(id, sizeof id, "STACK-%04d", i);
        CK(liion_plant_response_add(&r, p, NULL, id, stack, 10000 + 100 * i, 10050 + 100 * i));
        CK(liion_plant_response_add_equipment(p, r, stacker));
        CK(liion_plant_response_add_material_qty(p, r, lane[k], LIION_USE_CONSUMED, 2.0, "MTR"));
        CK(liion_plant_response_add_material(p, r, sep, LIION_USE_CONSUMED));
        CK(liion_plant_response_add_material(p, r, cell[i], LIION_USE_PRODUCED));
        CK(liion_plant_roll_use(p, lane[k], at, at + 2.0, cell[i], 0));
        snprintf(id, sizeof id, "FILL-%04d", i);
        CK(liion_plant_response_add(&r, p, NULL, id, fill, 20000 + 100 * i, 20010 + 100 * i));
        CK(liion_plant_response_add_material_qty(p, r, ely, LIION_USE_CONSUMED, 0.05, "KGM"));
        CK(liion_plant_response_add_material(p, r, cell[i], LIION_USE_PRODUCED));
        CK(liion_plant_equipment_use_add(p, channel, cell[i], 30000, 90000));
    }

    /* grading results on one cell: an ISA-95 TestResult per measured property */
    CK(liion_plant_test_result_add(NULL, p, NULL, "GRD-0004-ACIR", cell[4], "ACIR",
                                   "ACIR 1 kHz", 0.38, "OHM", LIION_TEST_PASS, 95000));
    CK(liion_plant_test_result_add(NULL, p, NULL, "GRD-0004-CAP", cell[4], "Capacity",
                                   "discharge capacity", 60.4, "AMH", LIION_TEST_FAIL, 95500));

    /* a cycle in the material flow is refused with a clear message */
    CK(liion_plant_response_add(&r, p, NULL, "BAD-REWORK", mix, 99000, 99001));
    CK(liion_plant_response_add_material(p, r, cell[0], LIION_USE_CONSUMED));
    if (liion_plant_response_add_material(p, r, slurry, LIION_USE_PRODUCED) != LIION_E_STATE)
        goto fail;
    printf("refused: %s\n", liion_ctx_errmsg(ctx));

    /* backward trace of one cell */
    CK(liion_plant_find(&idx, p, LIION_OBJ_LOT, "gs1:sgtin", "CELL-0004"));
    CK(liion_plant_trace_backward(p, t, idx, 0, LIION_FILTER_NONE, 0));
    printf("backward trace of CELL-0004 (%zu ancestors):\n", liion_trace_count(t));
    while (liion_trace_next(t, &idx, &depth))
        printf("  %*s%s%s%s\n", (int)(2 * depth), "", liion_plant_scheme(p, LIION_OBJ_LOT, idx),
               *liion_plant_scheme(p, LIION_OBJ_LOT, idx) ? " " : "",
               liion_plant_id(p, LIION_OBJ_LOT, idx));

    /* its test results, by time */
    CK(liion_plant_lot_test_results(p, t, cell[4]));
    for (size_t i = 0; i < liion_trace_count(t); i++) {
        double v;
        const char *unit;
        liion_test_outcome oc;
        uint32_t tr = liion_trace_index(t, i);
        CK(liion_plant_test_result_info(NULL, &v, &unit, &oc, NULL, p, tr));
        printf("  test %s (%s): %g %s %s\n", liion_plant_id(p, LIION_OBJ_TEST_RESULT, tr),
               liion_plant_test_result_name(p, tr), v, unit,
               oc == LIION_TEST_PASS ? "pass" : "FAIL");
    }

    /* forward recall of the CAM lot: only the cells */
    CK(liion_plant_trace_forward(p, t, cam, 0, LIION_TRACE_TERMINAL_ONLY));
    printf("forward recall of NMC811-24-0042: %zu cells:", liion_trace_count(t));
    for (size_t i = 0; i < liion_trace_count(t); i++)
        printf(" %s", liion_plant_id(p, LIION_OBJ_LOT, liion_trace_index(t, i)));
    printf("\n");
    /* the same recall streamed through a cursor, two cells at a time (no closure is built) */
    {
        liion_plant_cursor *cur = NULL;
        uint32_t got[2];
        size_t k;
        CK(liion_plant_cursor_new(&cur, p));
        if (liion_plant_cursor_forward(cur, cam, 0, LIION_TRACE_TERMINAL_ONLY) != LIION_OK) {
            liion_plant_cursor_free(cur);
            goto fail;
        }
        printf("streamed:");
        while (liion_plant_cursor_read(&k, got, NULL, cur, 2) == LIION_OK && k > 0)
            for (size_t i = 0; i < k; i++)
                printf(" %s", liion_plant_id(p, LIION_OBJ_LOT, got[i]));
        printf("\n");
        liion_plant_cursor_free(cur);
    }
    uint32_t first, last;
    CK(liion_plant_first_last_cell(&first, &last, p, cam));
    printf("first/last cell from it: %s / %s\n", liion_plant_id(p, LIION_OBJ_LOT, first),
           liion_plant_id(p, LIION_OBJ_LOT, last));

    /* a coating defect at jumbo 597 m, cross-web 420 mm: (600 - 597) * 1.02 = 3.06 m on lane 2 */
    CK(liion_plant_roll_defect(p, t, jumbo, 597.0, 0.0, 420.0));
    printf("defect at JUMBO-001 597 m / 420 mm hits:");
    for (size_t i = 0; i < liion_trace_count(t); i++)
        printf(" %s", liion_plant_id(p, LIION_OBJ_LOT, liion_trace_index(t, i)));
    printf("\n");

    /* which cells sat in the formation channel, and quarantine the separator lot */
    CK(liion_plant_equipment_window(p, t, channel, 50000, 60000));
    printf("cells in FormRack-7/ch-3 between t=50000 and 60000: %zu\n", liion_trace_count(t));
    CK(liion_plant_quarantine(&n, p, sep));
    printf("quarantine SEP-11: %llu lots restricted; CELL-0002 is %s\n", (unsigned long long)n,
           liion_plant_lot_disposition(p, cell[2]) == LIION_DISP_RESTRICTED ? "Restricted"
                                                                            : "not restricted");
    rc = 0;
fail:
    liion_trace_free(t);
    liion_plant_free(p);
    liion_ctx_free(ctx);
    return rc;
}
