/* Spec results on plant objects: attach throughput and the cell dossier query (every record on
 * a cell's backward closure), against the plant's own backward trace of the same cells in the
 * same run. Plant: slurry -> coated jumbo roll -> daughter rolls (sublots) -> cells, with a
 * wet-film record per jumbo roll, a dew-point record per cell and one per stacking response. */
#include "bench.h"

#include <liion/liion.h>

#include <stdio.h>
#include <stdlib.h>

#define CHECK(call)                                                                             \
    do {                                                                                        \
        liion_status st_ = (call);                                                              \
        if (st_ != LIION_OK) {                                                                  \
            fprintf(stderr, "%s:%d: %s (%s)\n", __FILE__, __LINE__, liion_status_str(st_),       \
                    liion_ctx_errmsg(ctx));                                                     \
            exit(1);                                                                            \
        }                                                                                       \
    } while (0)

int main(int argc, char **argv)
{
    int quick = bench_quick(argc, argv);
    uint32_t jumbos = quick ? 4 : 200, daughters = quick ? 2 : 8, cells_per = quick ? 3 : 40;
    int reps = quick ? 1 : 5;
    liion_ctx *ctx;
    liion_plant *plant;
    liion_spec_registry *reg;
    liion_spec_selection *sel;
    liion_spec_limits *lim;
    liion_spec_result *wet, *dew;
    liion_trace *tr;
    uint32_t *cells, ncell = 0, seg;
    double film[64], dp[30];
    char id[64];
    uint64_t t, t_attach = 0, t_query = 0, t_ref = 0, rows = 0, ref_rows = 0, nrec = 0;

    for (int i = 0; i < 64; i++)
        film[i] = 150.0 + (i % 17 == 0 ? 2.0 : 0.1 * (double)(i % 5));
    for (int i = 0; i < 30; i++)
        dp[i] = -45.0 + (i == 7 ? 6.0 : 0.0);
    if (liion_ctx_new(&ctx, NULL) != LIION_OK)
        return 1;
    CHECK(liion_plant_new(&plant, ctx));
    CHECK(liion_spec_limits_new(&lim, ctx, "RECIPE", 1));
    CHECK(liion_spec_limits_set_default(lim, LIION_SPEC_WET_FILM_THICKNESS, 150.0));
    CHECK(liion_spec_limits_set_default(lim, LIION_SPEC_DRY_ROOM_DEW_POINT, 0));
    CHECK(liion_spec_result_new(&wet, ctx));
    CHECK(liion_spec_result_new(&dew, ctx));
    CHECK(liion_spec_check_values(wet, lim, "wet_film_thickness", "4H", film, 64, "jr", 0));
    CHECK(liion_spec_check_values(dew, lim, "dry_room_dew_point", "CEL", dp, 30, "room", 0));
    CHECK(liion_spec_registry_new(&reg, ctx, plant));
    CHECK(liion_spec_selection_new(&sel, ctx));
    CHECK(liion_trace_new(&tr, ctx));
    CHECK(liion_plant_segment_add(&seg, plant, NULL, "stack", LIION_STEP_STACKING));
    cells = malloc(sizeof *cells * jumbos * daughters * cells_per);
    if (cells == NULL)
        return 1;

    for (uint32_t j = 0; j < jumbos; j++) {
        uint32_t s, jr, coat;
        snprintf(id, sizeof id, "S%u", (unsigned)j);
        CHECK(liion_plant_lot_add(&s, plant, NULL, id, LIION_PLANT_NONE, LIION_PLANT_NONE));
        snprintf(id, sizeof id, "JR%u", (unsigned)j);
        CHECK(liion_plant_lot_add(&jr, plant, NULL, id, LIION_PLANT_NONE, LIION_PLANT_NONE));
        snprintf(id, sizeof id, "coat%u", (unsigned)j);
        CHECK(liion_plant_response_add(&coat, plant, NULL, id, LIION_PLANT_NONE, 0, 1));
        CHECK(liion_plant_response_add_material(plant, coat, s, LIION_USE_CONSUMED));
        CHECK(liion_plant_response_add_material(plant, coat, jr, LIION_USE_PRODUCED));
        t = bench_now_ns();
        CHECK(liion_spec_registry_attach(NULL, reg, LIION_OBJ_LOT, jr, wet, lim,
                                         "wet_film_thickness", 1));
        t_attach += bench_now_ns() - t;
        nrec++;
        for (uint32_t d = 0; d < daughters; d++) {
            uint32_t dr;
            snprintf(id, sizeof id, "JR%u-%u", (unsigned)j, (unsigned)d);
            CHECK(liion_plant_lot_add(&dr, plant, NULL, id, LIION_PLANT_NONE, jr));
            for (uint32_t c = 0; c < cells_per; c++) {
                uint32_t cell, st;
                snprintf(id, sizeof id, "C%u-%u-%u", (unsigned)j, (unsigned)d, (unsigned)c);
                CHECK(liion_plant_lot_add(&cell, plant, NULL, id, LIION_PLANT_NONE,
                                          LIION_PLANT_NONE));
                snprintf(id, sizeof id, "st%u-%u-%u", (unsigned)j, (unsigned)d, (unsigned)c);
                CHECK(liion_plant_response_add(&st, plant, NULL, id, seg, 2, 3));
                CHECK(liion_plant_response_add_material(plant, st, dr, LIION_USE_CONSUMED));
                CHECK(liion_plant_response_add_material(plant, st, cell, LIION_USE_PRODUCED));
                t = bench_now_ns();
                CHECK(liion_spec_registry_attach(NULL, reg, LIION_OBJ_LOT, cell, dew, lim,
                                                 "dry_room_dew_point", 4));
                CHECK(liion_spec_registry_attach(NULL, reg, LIION_OBJ_RESPONSE, st, dew, lim,
                                                 "dry_room_dew_point", 4));
                t_attach += bench_now_ns() - t;
                nrec += 2;
                cells[ncell++] = cell;
            }
        }
    }
    CHECK(liion_plant_compact(plant));

    for (int r = 0; r < reps; r++) {
        t = bench_now_ns();
        for (uint32_t i = 0; i < ncell; i++) {
            CHECK(liion_spec_registry_select_closure(reg, sel, cells[i], 0));
            rows += liion_spec_selection_count(sel);
        }
        t_query += bench_now_ns() - t;
        t = bench_now_ns();
        for (uint32_t i = 0; i < ncell; i++) {
            CHECK(liion_plant_trace_backward(plant, tr, cells[i], 0, LIION_FILTER_NONE, 0));
            ref_rows += liion_trace_count(tr);
        }
        t_ref += bench_now_ns() - t;
    }
    bench_use(&rows);
    bench_use(&ref_rows);
    printf("spec_plant: %llu records (%u cells), attach %.0f ns/record\n",
           (unsigned long long)nrec, (unsigned)ncell, (double)t_attach / (double)nrec);
    printf("spec_plant: cell dossier query %.0f ns/cell (%.1f records/cell); reference "
           "liion_plant_trace_backward %.0f ns/cell (%.1f lots/cell); ratio %.2f\n",
           (double)t_query / ((double)ncell * reps), (double)rows / ((double)ncell * reps),
           (double)t_ref / ((double)ncell * reps), (double)ref_rows / ((double)ncell * reps),
           t_ref > 0 ? (double)t_query / (double)t_ref : 0.0);

    free(cells);
    liion_trace_free(tr);
    liion_spec_selection_free(sel);
    liion_spec_registry_free(reg);
    liion_spec_result_free(dew);
    liion_spec_result_free(wet);
    liion_spec_limits_free(lim);
    liion_plant_free(plant);
    liion_ctx_free(ctx);
    return 0;
}
