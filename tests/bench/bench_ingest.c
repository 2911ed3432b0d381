/* Ingest throughput: events per second through liion_ingest into a plant, against the same
 * plant mutations made with direct plant and spec calls in the same run (the reference).
 * Per cell: S6F11 "cell started" (produced cell, consumed roll, a property and a spec check),
 * then S6F11 "cell finished" (a segment response with its equipment and material actuals).
 * Also: UADP NetworkMessages (3 fields: a property, a position, a spec check) decoded and
 * ingested, against decode plus direct calls. Prints both rates and the ratio. */
#include "bench.h"

#include <liion/liion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(call)                                                                             \
    do {                                                                                        \
        liion_status st_ = (call);                                                              \
        if (st_ != LIION_OK) {                                                                  \
            fprintf(stderr, "%s:%d: %s (%s)\n", __FILE__, __LINE__, liion_status_str(st_),       \
                    liion_ctx_errmsg(ctx));                                                     \
            exit(1);                                                                            \
        }                                                                                       \
    } while (0)

static const char MAP[] = "liion-ingest 1\n"
                          "on s6f11 STACKER 100 start STACKING\n"
                          "  vid 1 lot produced\n"
                          "  vid 2 lot consumed\n"
                          "  vid 3 prop align_x MMT\n"
                          "  vid 3 check stack_align_x MMT\n"
                          "on s6f11 STACKER 101 end STACKING\n"
                          "on uadp 1 0 COATER prop wet_film 4H\n"
                          "on uadp 1 1 COATER position\n"
                          "on uadp 1 2 COATER check wet_film_thickness 4H\n";

typedef struct world {
    liion_plant *plant;
    liion_spec_registry *reg;
    uint32_t eq, coater, seg, roll;
} world;

static void world_new(world *w, liion_ctx *ctx)
{
    CHECK(liion_plant_new(&w->plant, ctx));
    CHECK(liion_spec_registry_new(&w->reg, ctx, w->plant));
    CHECK(liion_plant_equipment_add(&w->eq, w->plant, NULL, "STACKER", LIION_EQ_WORK_CELL,
                                    LIION_PLANT_NONE, LIION_PLANT_NONE));
    CHECK(liion_plant_equipment_add(&w->coater, w->plant, NULL, "COATER",
                                    LIION_EQ_PRODUCTION_UNIT, LIION_PLANT_NONE, LIION_PLANT_NONE));
    CHECK(liion_plant_segment_add(&w->seg, w->plant, NULL, "STACKING", LIION_STEP_STACKING));
    CHECK(liion_plant_lot_add(&w->roll, w->plant, NULL, "ROLL-A", LIION_PLANT_NONE,
                              LIION_PLANT_NONE));
}

static void world_free(world *w)
{
    liion_spec_registry_free(w->reg);
    liion_plant_free(w->plant);
}

int main(int argc, char **argv)
{
    int quick = bench_quick(argc, argv);
    uint32_t cells = quick ? 200 : 200000, msgs = quick ? 200 : 200000;
    liion_ctx *ctx;
    liion_ingest_map *map;
    liion_ingest *ing;
    liion_spec_limits *lim;
    liion_spec_result *res;
    liion_uadp_msg *um;
    world a, b;
    char id[32];
    uint8_t nm[256];
    size_t nm_len = 0;
    uint64_t t0, t_ing, t_ref, u_ing, u_ref;
    double acc = 0;

    CHECK(liion_ctx_new(&ctx, NULL));
    CHECK(liion_ingest_map_parse(&map, ctx, MAP, sizeof MAP - 1));
    CHECK(liion_spec_limits_new(&lim, ctx, "CELL", 1));
    CHECK(liion_spec_limits_set_default(lim, LIION_SPEC_STACK_ALIGN_X, 0));
    CHECK(liion_spec_limits_set_default(lim, LIION_SPEC_WET_FILM_THICKNESS, 150.0));
    CHECK(liion_spec_result_new(&res, ctx));
    world_new(&a, ctx);
    world_new(&b, ctx);
    CHECK(liion_ingest_new(&ing, ctx, a.plant, map));
    CHECK(liion_ingest_set_spec(ing, a.reg, lim));

    /* ---- S6F11 events: ingest ---- */
    {
        liion_secs_item *v[3];
        uint32_t vids[3] = { 1, 2, 3 };
        double dx = 0.05;
        CHECK(liion_secs_item_new_ascii(&v[1], ctx, "ROLL-A", 6));
        CHECK(liion_secs_item_new_f8(&v[2], ctx, &dx, 1));
        t0 = bench_now_ns();
        for (uint32_t c = 0; c < cells; c++) {
            int n = snprintf(id, sizeof id, "C%u", (unsigned)c);
            CHECK(liion_secs_item_new_ascii(&v[0], ctx, id, (size_t)n));
            CHECK(liion_ingest_event(ing, "STACKER", 100, vids, (const liion_secs_item *const *)v,
                                     3, (int64_t)c * 10));
            CHECK(liion_ingest_event(ing, "STACKER", 101, NULL, NULL, 0, (int64_t)c * 10 + 5));
            liion_secs_item_free(v[0]);
        }
        t_ing = bench_now_ns() - t0;
        liion_secs_item_free(v[1]);
        liion_secs_item_free(v[2]);
    }
    /* ---- the same mutations, direct (reference; items built the same way) ---- */
    {
        liion_secs_item *v0;
        t0 = bench_now_ns();
        for (uint32_t c = 0; c < cells; c++) {
            uint32_t lot, r;
            int n = snprintf(id, sizeof id, "C%u", (unsigned)c);
            CHECK(liion_secs_item_new_ascii(&v0, ctx, id, (size_t)n));
            CHECK(liion_plant_lot_add(&lot, b.plant, NULL, id, LIION_PLANT_NONE, LIION_PLANT_NONE));
            CHECK(liion_plant_prop_set_number(b.plant, LIION_OBJ_LOT, lot, "align_x", 0.05, "MMT"));
            liion_spec_result_clear(res);
            CHECK(liion_spec_check_value(res, lim, "stack_align_x", "MMT", 0.05, id, 0));
            CHECK(liion_spec_registry_attach(NULL, b.reg, LIION_OBJ_LOT, lot, res, lim,
                                             "stack_align_x", (int64_t)c * 10));
            n = snprintf(id, sizeof id, "STACKER/STACKING/%u", (unsigned)c + 1u);
            CHECK(liion_plant_response_add(&r, b.plant, NULL, id, b.seg, (int64_t)c * 10,
                                           (int64_t)c * 10 + 5));
            CHECK(liion_plant_response_add_equipment(b.plant, r, b.eq));
            CHECK(liion_plant_response_add_material(b.plant, r, b.roll, LIION_USE_CONSUMED));
            CHECK(liion_plant_response_add_material(b.plant, r, lot, LIION_USE_PRODUCED));
            liion_secs_item_free(v0);
        }
        t_ref = bench_now_ns() - t0;
    }
    if (liion_plant_count(a.plant, LIION_OBJ_RESPONSE) != cells ||
        liion_plant_edge_count(a.plant) != liion_plant_edge_count(b.plant)) {
        fprintf(stderr, "ingest and reference disagree\n");
        return 1;
    }

    /* ---- UADP: ingest vs decode + direct calls ---- */
    CHECK(liion_uadp_msg_new(&um, ctx));
    {
        double wet = 150.3, md = 12.0, wet2 = 150.3;
        CHECK(liion_uadp_msg_set_flags(um, LIION_UADP_NM_PAYLOAD_HEADER));
        CHECK(liion_uadp_msg_add_dsm(um, 1, LIION_UADP_ENC_VARIANT, LIION_UADP_DSM_KEYFRAME));
        CHECK(liion_uadp_dsm_add_scalar(um, 0, LIION_UA_TYPE_DOUBLE, &wet));
        CHECK(liion_uadp_dsm_add_scalar(um, 1, LIION_UA_TYPE_DOUBLE, &md));
        CHECK(liion_uadp_dsm_add_scalar(um, 2, LIION_UA_TYPE_DOUBLE, &wet2));
        CHECK(liion_uadp_msg_encode(um, nm, sizeof nm, &nm_len));
    }
    t0 = bench_now_ns();
    for (uint32_t k = 0; k < msgs; k++)
        CHECK(liion_ingest_uadp(ing, nm, nm_len, (int64_t)k));
    u_ing = bench_now_ns() - t0;
    t0 = bench_now_ns();
    for (uint32_t k = 0; k < msgs; k++) {
        double wet, md, wet2;
        CHECK(liion_uadp_msg_decode(um, nm, nm_len));
        CHECK(liion_ua_variant_get_double(liion_uadp_dsm_field_variant(um, 0, 0), 0, &wet));
        CHECK(liion_ua_variant_get_double(liion_uadp_dsm_field_variant(um, 0, 1), 0, &md));
        CHECK(liion_ua_variant_get_double(liion_uadp_dsm_field_variant(um, 0, 2), 0, &wet2));
        CHECK(liion_plant_prop_set_number(b.plant, LIION_OBJ_EQUIPMENT, b.coater, "wet_film", wet,
                                          "4H"));
        liion_spec_result_clear(res);
        CHECK(liion_spec_check_value(res, lim, "wet_film_thickness", "4H", wet2, "COATER",
                                     (uint64_t)md));
        CHECK(liion_spec_registry_attach(NULL, b.reg, LIION_OBJ_EQUIPMENT, b.coater, res, lim,
                                         "wet_film_thickness", (int64_t)k));
        acc += md;
    }
    u_ref = bench_now_ns() - t0;
    bench_use(&acc);

    printf("ingest: S6F11 events %.0f events/s through ingest (%u cells, 2 events each); "
           "reference direct plant calls %.0f events/s; ratio %.2f\n",
           2.0 * cells / ((double)t_ing / 1e9), (unsigned)cells,
           2.0 * cells / ((double)t_ref / 1e9), (double)t_ref / (double)t_ing);
    printf("ingest: UADP %.0f msg/s through ingest (3 fields); reference decode + direct calls "
           "%.0f msg/s; ratio %.2f\n",
           msgs / ((double)u_ing / 1e9), msgs / ((double)u_ref / 1e9),
           (double)u_ref / (double)u_ing);
    printf("ingest: problems %llu\n",
           (unsigned long long)liion_ingest_stat(ing, LIION_INGEST_STAT_PROBLEMS));
    liion_uadp_msg_free(um);
    liion_ingest_free(ing);
    liion_ingest_map_free(map);
    world_free(&a);
    world_free(&b);
    liion_spec_result_free(res);
    liion_spec_limits_free(lim);
    liion_ctx_free(ctx);
    return 0;
}
