/*
 * libFuzzer target for liion_ingest_map_parse(): the input is a mapping file (untrusted text).
 * A refused map must leave no object behind and a message naming line and column, with an
 * offset inside the input; an accepted one must join a plant and survive messages that its
 * rules and the plant do not match (problems, never a crash).
 */
#include <liion/liion.h>

#include <stdlib.h>
#include <string.h>

#define CHECK(c)                                                                              \
    do {                                                                                      \
        if (!(c))                                                                             \
            abort();                                                                          \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *ctx = NULL;
    liion_ingest_map *m = (liion_ingest_map *)&o;
    liion_status st;

    o.max_memory = 64u * 1024u * 1024u;
    o.max_depth = 16;
    o.max_items = 4096;
    if (liion_ctx_new(&ctx, &o) != LIION_OK)
        abort();
    st = liion_ingest_map_parse(&m, ctx, (const char *)data, size);
    if (st != LIION_OK) {
        CHECK(m == NULL);
        CHECK(liion_ctx_errcode(ctx) == st);
        CHECK(strncmp(liion_ctx_errmsg(ctx), "line ", 5) == 0 || st == LIION_E_NOMEM ||
              st == LIION_E_LIMIT);
        CHECK(liion_ctx_error_offset(ctx) <= size || st == LIION_E_NOMEM);
    } else {
        liion_plant *p = NULL;
        liion_ingest *ing = NULL;
        liion_secs_item *v = NULL, *l = NULL, *c = NULL;
        uint32_t vid = 1;
        double md[2] = { 1.0, 2.0 };
        CHECK(m != NULL);
        if (liion_plant_new(&p, ctx) == LIION_OK &&
            liion_plant_equipment_add(NULL, p, NULL, "EQ", LIION_EQ_WORK_CELL, LIION_PLANT_NONE,
                                      LIION_PLANT_NONE) == LIION_OK &&
            liion_plant_segment_add(NULL, p, NULL, "S", LIION_STEP_OTHER) == LIION_OK &&
            liion_ingest_new(&ing, ctx, p, m) == LIION_OK &&
            liion_secs_item_new_ascii(&v, ctx, "LOT-1", 5) == LIION_OK) {
            const liion_secs_item *vals[1] = { v }, *lvals[1];
            /* a roll use shape too: <L [3] <A "LOT-1"> <F8 1> <F8 2>> */
            if (liion_secs_item_new_list(&l, ctx, 3) == LIION_OK) {
                if (liion_secs_item_new_ascii(&c, ctx, "LOT-1", 5) == LIION_OK &&
                    liion_secs_list_append(l, c) != LIION_OK)
                    liion_secs_item_free(c);
                for (int k = 0; k < 2; k++)
                    if (liion_secs_item_new_f8(&c, ctx, &md[k], 1) == LIION_OK &&
                        liion_secs_list_append(l, c) != LIION_OK)
                        liion_secs_item_free(c);
            }
            lvals[0] = l;
            for (uint32_t ceid = 0; ceid < 4; ceid++) {
                (void)liion_ingest_event(ing, "EQ", ceid, &vid, vals, 1, ceid);
                if (l != NULL)
                    (void)liion_ingest_event(ing, "EQ", ceid, &vid, lvals, 1, ceid);
                (void)liion_ingest_state_change(ing, "EQ", LIION_INGEST_E40, ceid, "J", ceid);
                (void)liion_ingest_state_change(ing, "EQ", LIION_INGEST_E87, ceid, "LOT-1", ceid);
            }
            for (size_t i = 0; i < liion_ingest_problem_count(ing); i++)
                CHECK(liion_ingest_problem(ing, i) != NULL);
        }
        liion_secs_item_free(v);
        liion_secs_item_free(l);
        liion_ingest_free(ing);
        liion_plant_free(p);
        liion_ingest_map_free(m);
    }
    liion_ctx_free(ctx);
    return 0;
}
