/* Ingest: the mapping format (every directive and every error class, with line and column),
 * every rule kind applied to a plant, every problem class (nothing applied), S6F11 bytes
 * through a report table, UADP and DataValue ingest, and the allocation-failure loop. */
#include <check.h>
#include <liion/liion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/failalloc.h"
#include "support/run.h"

#define NONE LIION_PLANT_NONE

static const char MAP[] =
    "# test mapping\n"
    "liion-ingest 1\n"
    "on s6f11 STACKER-1 100 start STACKING   # cell started\n"
    "  vid 1 lot produced CELL-DEF\n"
    "  vid 2 lot consumed\n"
    "  vid 3 prop align_x MMT\n"
    "  vid 3 check stack_align_x MMT\n"
    "  vid 4 text recipe\n"
    "  vid 5 qty C62\n"
    "on s6f11 STACKER-1 101 end STACKING\n"
    "on s6f11 STACKER-1 102\n"
    "  vid 7 position\n"
    "  vid 6 check stack_align_y MMT\n"
    "on s6f11 STACKER-1 103   # an electrode sheet taken from a roll\n"
    "  vid 8 roll_use\n"
    "on e40 FILLER-1 PROCESSING start FILLING\n"
    "on e40 FILLER-1 PROCESS_COMPLETE end FILLING\n"
    "on e40 FILLER-1 SETTING_UP ignore\n"
    "on e87 FILLER-1 TRANSFER_BLOCKED consume\n"
    "on e87 FILLER-1 READY_TO_UNLOAD produce CELL-DEF\n"
    "on uadp 1 0 COATER-1 prop wet_film MC\r\n"
    "on uadp 1 0 COATER-1 check wet_film_thickness 4H\n"
    "on uadp 1 2 COATER-1 position\n"
    "on uadp 1 1 COATER-1 check streaks C62\n"
    "on uadp 2 0.2 COATER-1 prop dryer_zone3 CEL\n"
    "on node ns=2;s=DryRoom.DewPoint FILLER-1 check dry_room_dew_point CEL\n"
    "on node ns=2;i=5001 FILLER-1 prop humidity P1\n";

typedef struct fx {
    liion_ctx *ctx;
    liion_plant *plant;
    liion_ingest_map *map;
    liion_ingest *ing;
    liion_spec_registry *reg;
    liion_spec_limits *limits;
    uint32_t eq_stacker, eq_filler, eq_coater, seg_stack, seg_fill, def_cell, roll_a, roll_c;
} fx;

static fx f;

static void setup(void)
{
    memset(&f, 0, sizeof f);
    ck_assert_int_eq(liion_ctx_new(&f.ctx, NULL), LIION_OK);
    ck_assert_int_eq(liion_plant_new(&f.plant, f.ctx), LIION_OK);
    ck_assert_int_eq(liion_plant_equipment_add(&f.eq_stacker, f.plant, NULL, "STACKER-1",
                                               LIION_EQ_WORK_CELL, NONE, NONE), LIION_OK);
    ck_assert_int_eq(liion_plant_equipment_add(&f.eq_filler, f.plant, NULL, "FILLER-1",
                                               LIION_EQ_WORK_CELL, NONE, NONE), LIION_OK);
    ck_assert_int_eq(liion_plant_equipment_add(&f.eq_coater, f.plant, NULL, "COATER-1",
                                               LIION_EQ_PRODUCTION_UNIT, NONE, NONE), LIION_OK);
    ck_assert_int_eq(liion_plant_segment_add(&f.seg_stack, f.plant, NULL, "STACKING",
                                             LIION_STEP_STACKING), LIION_OK);
    ck_assert_int_eq(liion_plant_segment_add(&f.seg_fill, f.plant, NULL, "FILLING",
                                             LIION_STEP_FILLING), LIION_OK);
    ck_assert_int_eq(liion_plant_material_definition_add(&f.def_cell, f.plant, NULL, "CELL-DEF",
                                                         NONE), LIION_OK);
    ck_assert_int_eq(liion_plant_lot_add(&f.roll_a, f.plant, NULL, "ROLL-A", NONE, NONE), LIION_OK);
    ck_assert_int_eq(liion_plant_lot_add(&f.roll_c, f.plant, NULL, "ROLL-C", NONE, NONE), LIION_OK);
    ck_assert_int_eq(liion_ingest_map_parse(&f.map, f.ctx, MAP, sizeof MAP - 1), LIION_OK);
    ck_assert_int_eq(liion_ingest_new(&f.ing, f.ctx, f.plant, f.map), LIION_OK);
    ck_assert_int_eq(liion_spec_registry_new(&f.reg, f.ctx, f.plant), LIION_OK);
    ck_assert_int_eq(liion_spec_limits_new(&f.limits, f.ctx, "CELL-DEF", 3), LIION_OK);
    ck_assert_int_eq(liion_spec_limits_set_default(f.limits, LIION_SPEC_STACK_ALIGN_X, 0), LIION_OK);
    ck_assert_int_eq(liion_spec_limits_set_default(f.limits, LIION_SPEC_STACK_ALIGN_Y, 0), LIION_OK);
    ck_assert_int_eq(liion_spec_limits_set_default(f.limits, LIION_SPEC_WET_FILM_THICKNESS, 150.0),
                     LIION_OK);
    ck_assert_int_eq(liion_spec_limits_set_default(f.limits, LIION_SPEC_DRY_ROOM_DEW_POINT, 0),
                     LIION_OK);
    ck_assert_int_eq(liion_spec_limits_set(f.limits, "streaks", "C62", LIION_SPEC_UPPER, 0, 0),
                     LIION_OK);
    ck_assert_int_eq(liion_ingest_set_spec(f.ing, f.reg, f.limits), LIION_OK);
}

static void teardown(void)
{
    liion_ingest_free(f.ing);
    liion_ingest_map_free(f.map);
    liion_spec_registry_free(f.reg);
    liion_spec_limits_free(f.limits);
    liion_plant_free(f.plant);
    liion_ctx_free(f.ctx);
}

/* items for liion_ingest_event */
typedef struct items {
    uint32_t vids[8];
    liion_secs_item *v[8];
    size_t n;
} items;

static void add_a(items *it, uint32_t vid, const char *s)
{
    ck_assert_int_eq(liion_secs_item_new_ascii(&it->v[it->n], f.ctx, s, strlen(s)), LIION_OK);
    it->vids[it->n++] = vid;
}

static void add_f8(items *it, uint32_t vid, double d)
{
    ck_assert_int_eq(liion_secs_item_new_f8(&it->v[it->n], f.ctx, &d, 1), LIION_OK);
    it->vids[it->n++] = vid;
}

static void add_u4(items *it, uint32_t vid, uint32_t u)
{
    ck_assert_int_eq(liion_secs_item_new_u4(&it->v[it->n], f.ctx, &u, 1), LIION_OK);
    it->vids[it->n++] = vid;
}

static liion_status send(items *it, const char *eq, uint32_t ceid, int64_t t)
{
    liion_status st = liion_ingest_event(f.ing, eq, ceid, it->vids,
                                         (const liion_secs_item *const *)it->v, it->n, t);
    for (size_t i = 0; i < it->n; i++)
        liion_secs_item_free(it->v[i]);
    it->n = 0;
    return st;
}

/* A start on the stacker (CEID 100) producing `produced` from `consumed`; its status. */
static liion_status try_start(const char *produced, const char *consumed, double dx, int64_t t)
{
    items it = { { 0 }, { 0 }, 0 };
    add_a(&it, 1, produced);
    add_a(&it, 2, consumed);
    add_f8(&it, 3, dx);
    add_a(&it, 4, "R-7");
    add_u4(&it, 5, 1);
    return send(&it, "STACKER-1", 100, t);
}

static void start_lots(const char *produced, const char *consumed, double dx, int64_t t)
{
    ck_assert_msg(try_start(produced, consumed, dx, t) == LIION_OK, "%s",
                  liion_ctx_errmsg(f.ctx));
}

static void start_cell(const char *cell, double dx, int64_t t)
{
    start_lots(cell, "ROLL-A", dx, t);
}

/* The last problem names `what` and the status is `st`; returns the text. */
static const char *last_problem(liion_status st, const char *what)
{
    size_t n = liion_ingest_problem_count(f.ing);
    const char *p;
    ck_assert_uint_gt(n, 0);
    p = liion_ingest_problem(f.ing, n - 1);
    ck_assert_ptr_nonnull(p);
    ck_assert_int_eq(liion_ingest_problem_status(f.ing, n - 1), st);
    ck_assert_msg(strstr(p, what) != NULL, "problem '%s' does not name '%s'", p, what);
    ck_assert_str_eq(liion_ctx_errmsg(f.ctx), p);
    return p;
}

/* ---- the mapping ------------------------------------------------------------------------- */

START_TEST(map_parses_every_directive)
{
    ck_assert_uint_eq(liion_ingest_map_rule_count(f.map), 16);
    ck_assert_uint_eq(liion_ingest_map_rule_count(NULL), 0);
    liion_ingest_map_free(NULL);
}
END_TEST

typedef struct bad_map {
    const char *text;
    liion_status st;
    const char *where; /* "line L, column C" */
    size_t offset;
} bad_map;

static const bad_map BAD[] = {
    { "", LIION_E_DECODE, "line 1: empty mapping", 0 },
    { "# only a comment\n\n", LIION_E_DECODE, "empty mapping", 18 },
    { "on s6f11 EQ 1\n", LIION_E_DECODE, "line 1, column 1:", 0 },
    { "liion-ingest 2\n", LIION_E_UNSUPPORTED, "line 1, column 14:", 13 },
    { "liion-ingest\n", LIION_E_DECODE, "line 1, column 13:", 12 },
    { "liion-ingest 1 x\n", LIION_E_DECODE, "line 1, column 16:", 15 },
    { "liion-ingest 1\nfoo bar\n", LIION_E_DECODE, "line 2, column 1:", 15 },
    { "liion-ingest 1\non\n", LIION_E_DECODE, "line 2, column 3:", 17 },
    { "liion-ingest 1\non s6f12 EQ 1\n", LIION_E_DECODE, "line 2, column 4:", 18 },
    { "liion-ingest 1\non s6f11 EQ abc\n", LIION_E_DECODE, "line 2, column 13:", 27 },
    { "liion-ingest 1\non s6f11 EQ 99999999999\n", LIION_E_DECODE, "line 2, column 13:", 27 },
    { "liion-ingest 1\non s6f11 EQ 1 begin S\n", LIION_E_DECODE, "line 2, column 15:", 29 },
    { "liion-ingest 1\non uadp 1 0 EQ roll_use\n", LIION_E_DECODE,
      "line 2, column 16: 'roll_use' values (a list) come only from s6f11", 30 },
    { "liion-ingest 1\non s6f11 EQ 1\n  vid 8 roll_use 3\n", LIION_E_DECODE, "line 3, column 18:",
      46 },
    { "liion-ingest 1\non s6f11 EQ 1 start\n", LIION_E_DECODE, "missing process segment ID", 34 },
    { "liion-ingest 1\non s6f11 EQ 1\non s6f11 EQ 1\n", LIION_E_EXISTS, "line 3, column 1:", 29 },
    { "liion-ingest 1\nvid 1 prop x MTR\n", LIION_E_DECODE, "'vid' must follow", 15 },
    { "liion-ingest 1\non s6f11 EQ 1\nvid x prop a MTR\n", LIION_E_DECODE, "line 3, column 5:", 33 },
    { "liion-ingest 1\non s6f11 EQ 1\nvid 1 prop a mm\n", LIION_E_DECODE, "bad unit", 42 },
    { "liion-ingest 1\non s6f11 EQ 1\nvid 1 check a -\n", LIION_E_DECODE, "needs a unit", 43 },
    { "liion-ingest 1\non s6f11 EQ 1\nvid 1 lot eaten\n", LIION_E_DECODE, "produced", 39 },
    { "liion-ingest 1\non s6f11 EQ 1\nvid 1 weight\n", LIION_E_DECODE, "unknown value kind", 35 },
    { "liion-ingest 1\non s6f11 EQ 1\nvid 1 qty -\n", LIION_E_DECODE, "quantity needs a unit", 39 },
    { "liion-ingest 1\non s6f11 EQ 1\nvid 1 position 3\n", LIION_E_DECODE, "extra field", 44 },
    { "liion-ingest 1\non e40 EQ RUNNING start S\n", LIION_E_DECODE, "E40 job state", 25 },
    { "liion-ingest 1\non e87 EQ READY_TO_LOAD\n", LIION_E_DECODE, "missing action", 38 },
    { "liion-ingest 1\non e40 EQ QUEUED consume\n", LIION_E_DECODE, "unknown action", 32 },
    { "liion-ingest 1\non uadp 70000 0 EQ prop a MTR\n", LIION_E_DECODE, "DataSetWriterId", 23 },
    { "liion-ingest 1\non uadp 1 1.x EQ prop a MTR\n", LIION_E_DECODE, "field index", 25 },
    { "liion-ingest 1\non uadp 1 1 EQ lot produced\n", LIION_E_DECODE, "only from s6f11", 30 },
    { "liion-ingest 1\non node ns=2;x=1 EQ prop a MTR\n", LIION_E_DECODE, "NodeId", 23 },
    { "liion-ingest 1\non node ns=2;i=zz EQ prop a MTR\n", LIION_E_DECODE, "numeric NodeId", 23 },
    { "liion-ingest 1\non node ns=2;s=a EQ position\n", LIION_E_DECODE, "'position' applies", 35 },
    { "liion-ingest 1\non s6f11 E\001Q 1\n", LIION_E_DECODE, "control character", 25 },
    { "liion-ingest 1\non s6f11 EQ 1 a b c d e f g h i j k l\n", LIION_E_DECODE,
      "too many fields", 45 },
};

START_TEST(map_errors_name_line_and_column)
{
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        liion_ingest_map *m = (liion_ingest_map *)1;
        liion_status st = liion_ingest_map_parse(&m, f.ctx, BAD[i].text, strlen(BAD[i].text));
        ck_assert_msg(st == BAD[i].st, "case %zu: status %d, want %d (%s)", i, (int)st,
                      (int)BAD[i].st, liion_ctx_errmsg(f.ctx));
        ck_assert_ptr_null(m);
        ck_assert_msg(strstr(liion_ctx_errmsg(f.ctx), BAD[i].where) != NULL,
                      "case %zu: message '%s' lacks '%s'", i, liion_ctx_errmsg(f.ctx), BAD[i].where);
        ck_assert_msg(liion_ctx_error_offset(f.ctx) == BAD[i].offset, "case %zu: offset %zu want %zu",
                      i, liion_ctx_error_offset(f.ctx), BAD[i].offset);
    }
}
END_TEST

START_TEST(map_limits)
{
    char line[1100];
    char *big;
    size_t n = 0, cap = 64u * 1024u;
    liion_ingest_map *m = NULL;
    /* a line over 1024 bytes */
    memset(line, 'x', sizeof line);
    memcpy(line, "liion-ingest 1\n", 15);
    ck_assert_int_eq(liion_ingest_map_parse(&m, f.ctx, line, sizeof line), LIION_E_LIMIT);
    ck_assert_ptr_null(m);
    ck_assert_ptr_nonnull(strstr(liion_ctx_errmsg(f.ctx), "line 2"));
    /* an ID over 255 bytes */
    memset(line, 'E', sizeof line);
    memcpy(line, "liion-ingest 1\non s6f11 ", 24);
    memcpy(line + 24 + 300, " 1\n", 3);
    ck_assert_int_eq(liion_ingest_map_parse(&m, f.ctx, line, 24 + 303), LIION_E_LIMIT);
    ck_assert_ptr_nonnull(strstr(liion_ctx_errmsg(f.ctx), "longer than 255"));
    /* more than 256 values in one rule */
    big = malloc(cap);
    ck_assert_ptr_nonnull(big);
    n += (size_t)snprintf(big + n, cap - n, "liion-ingest 1\non s6f11 EQ 1\n");
    for (int i = 0; i < 257; i++)
        n += (size_t)snprintf(big + n, cap - n, "vid %d prop p%d -\n", i, i);
    ck_assert_int_eq(liion_ingest_map_parse(&m, f.ctx, big, n), LIION_E_LIMIT);
    ck_assert_ptr_nonnull(strstr(liion_ctx_errmsg(f.ctx), "line 259"));
    free(big);
    /* the context's message-size limit */
    ck_assert_int_eq(liion_ctx_set_limit(f.ctx, LIION_LIMIT_MAX_MESSAGE_BYTES, 10), LIION_OK);
    ck_assert_int_eq(liion_ingest_map_parse(&m, f.ctx, MAP, sizeof MAP - 1), LIION_E_LIMIT);
    ck_assert_int_eq(liion_ingest_map_parse(NULL, f.ctx, MAP, 1), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_ingest_map_parse(&m, f.ctx, NULL, 1), LIION_E_INVALID_ARG);
}
END_TEST

/* ---- rule kinds ------------------------------------------------------------------------- */

/* vid 8 as <L [3|4] <A roll> md_start md_end [sheet]> */
static void add_roll(items *it, const char *roll, double a, double b, int sheet)
{
    liion_secs_item *l, *c;
    uint32_t u = (uint32_t)sheet;
    ck_assert_int_eq(liion_secs_item_new_list(&l, f.ctx, 4), LIION_OK);
    ck_assert_int_eq(liion_secs_item_new_ascii(&c, f.ctx, roll, strlen(roll)), LIION_OK);
    ck_assert_int_eq(liion_secs_list_append(l, c), LIION_OK);
    ck_assert_int_eq(liion_secs_item_new_f8(&c, f.ctx, &a, 1), LIION_OK);
    ck_assert_int_eq(liion_secs_list_append(l, c), LIION_OK);
    ck_assert_int_eq(liion_secs_item_new_f8(&c, f.ctx, &b, 1), LIION_OK);
    ck_assert_int_eq(liion_secs_list_append(l, c), LIION_OK);
    if (sheet >= 0) {
        ck_assert_int_eq(liion_secs_item_new_u4(&c, f.ctx, &u, 1), LIION_OK);
        ck_assert_int_eq(liion_secs_list_append(l, c), LIION_OK);
    }
    it->v[it->n] = l;
    it->vids[it->n++] = 8;
}

/* A roll use reported with the cell in process lands in the roll map: a defect on the roll at
 * that position finds the cell, with the sheet index. Bad shapes, an unknown roll, an empty
 * interval and no lot in process are refused before anything changes. */
START_TEST(roll_use_from_s6f11)
{
    items it = { { 0 }, { 0 }, 0 };
    liion_trace *t;
    uint32_t cell;
    size_t n;
    add_roll(&it, "ROLL-A", 10.0, 10.5, 2); /* no lot in process yet */
    ck_assert_int_eq(send(&it, "STACKER-1", 103, 50), LIION_E_STATE);
    last_problem(LIION_E_STATE, "no lot in process");
    start_cell("CELL-1", 0.1, 100);
    ck_assert_int_eq(liion_plant_find(&cell, f.plant, LIION_OBJ_LOT, NULL, "CELL-1"), LIION_OK);
    add_roll(&it, "ROLL-A", 10.0, 10.5, 2);
    ck_assert_msg(send(&it, "STACKER-1", 103, 110) == LIION_OK, "%s", liion_ctx_errmsg(f.ctx));
    add_roll(&it, "ROLL-C", 20.0, 20.5, -1); /* three items: sheet 0 */
    ck_assert_int_eq(send(&it, "STACKER-1", 103, 111), LIION_OK);
    ck_assert_int_eq(liion_trace_new(&t, f.ctx), LIION_OK);
    ck_assert_int_eq(liion_plant_roll_defect(f.plant, t, f.roll_a, 10.2, 0.0, 0.0), LIION_OK);
    ck_assert_uint_eq(liion_trace_count(t), 1);
    ck_assert_uint_eq(liion_trace_index(t, 0), cell);
    ck_assert_uint_eq(liion_trace_depth(t, 0), 2);
    ck_assert_int_eq(liion_plant_roll_defect(f.plant, t, f.roll_c, 20.1, 0.0, 0.0), LIION_OK);
    ck_assert_uint_eq(liion_trace_count(t), 1);
    ck_assert_uint_eq(liion_trace_depth(t, 0), 0);
    /* refusals */
    n = liion_ingest_problem_count(f.ing);
    add_roll(&it, "NO-SUCH-ROLL", 1.0, 2.0, 0);
    ck_assert_int_eq(send(&it, "STACKER-1", 103, 120), LIION_E_NOT_FOUND);
    last_problem(LIION_E_NOT_FOUND, "roll 'NO-SUCH-ROLL' is not a lot");
    add_roll(&it, "ROLL-A", 3.0, 3.0, 0);
    ck_assert_int_eq(send(&it, "STACKER-1", 103, 121), LIION_E_RANGE);
    last_problem(LIION_E_RANGE, "empty or not finite");
    add_f8(&it, 8, 3.0); /* not a list */
    ck_assert_int_eq(send(&it, "STACKER-1", 103, 122), LIION_E_RANGE);
    last_problem(LIION_E_RANGE, "expected <L [3] <A roll>");
    ck_assert_uint_eq(liion_ingest_problem_count(f.ing), n + 3);
    ck_assert_int_eq(liion_plant_roll_defect(f.plant, t, f.roll_a, 3.0, 0.5, 0.0), LIION_OK);
    ck_assert_uint_eq(liion_trace_count(t), 0);
    liion_trace_free(t);
}
END_TEST

/* An end whose response would close a loop in material flow (ROLL-A made from CELL-1, made
 * from ROLL-A) is refused before the plant changes, and the open response is dropped so the
 * stacker can start the next cell. */
START_TEST(loop_in_material_flow_is_refused_whole)
{
    items it = { { 0 }, { 0 }, 0 };
    uint64_t edges;
    size_t n;
    start_cell("CELL-1", 0.1, 100);
    ck_assert_int_eq(send(&it, "STACKER-1", 101, 110), LIION_OK);
    edges = liion_plant_edge_count(f.plant);
    ck_assert_uint_eq(liion_plant_count(f.plant, LIION_OBJ_RESPONSE), 1);
    start_lots("ROLL-A", "CELL-1", 0.1, 200);
    ck_assert_int_eq(send(&it, "STACKER-1", 101, 210), LIION_E_STATE);
    n = liion_ingest_problem_count(f.ing);
    ck_assert_ptr_nonnull(strstr(liion_ingest_problem(f.ing, n - 1), "cycle in material flow"));
    ck_assert_ptr_nonnull(strstr(liion_ingest_problem(f.ing, n - 1), "nothing applied"));
    ck_assert_uint_eq(liion_plant_count(f.plant, LIION_OBJ_RESPONSE), 1);
    ck_assert_uint_eq(liion_plant_edge_count(f.plant), edges);
    /* a lot consumed by itself is the same loop */
    start_lots("ROLL-C", "ROLL-C", 0.1, 300);
    ck_assert_int_eq(send(&it, "STACKER-1", 101, 310), LIION_E_STATE);
    ck_assert_uint_eq(liion_plant_edge_count(f.plant), edges);
    /* the stacker goes on */
    start_cell("CELL-2", 0.1, 400);
    ck_assert_int_eq(send(&it, "STACKER-1", 101, 410), LIION_OK);
    ck_assert_uint_eq(liion_plant_count(f.plant, LIION_OBJ_RESPONSE), 2);
    ck_assert_uint_gt(liion_plant_edge_count(f.plant), edges);
}
END_TEST

START_TEST(s6f11_start_values_end)
{
    uint32_t cell, r, seg;
    items it = { { 0 }, { 0 }, 0 };
    liion_prop_type pt;
    double num, q;
    const char *text, *unit;
    int64_t t0, t1;
    liion_spec_record_info info;

    start_cell("CELL-1", 0.1, 100);
    ck_assert_int_eq(liion_plant_find(&cell, f.plant, LIION_OBJ_LOT, NULL, "CELL-1"), LIION_OK);
    ck_assert_uint_eq(liion_plant_lot_definition(f.plant, cell), f.def_cell);
    ck_assert_uint_eq(liion_ingest_lot_in_process(f.ing, "STACKER-1"), cell);
    ck_assert_int_eq(liion_plant_prop_get(&pt, &num, &unit, f.plant, LIION_OBJ_LOT, cell, "align_x"),
                     LIION_OK);
    ck_assert_int_eq(pt, LIION_PROP_NUMBER);
    ck_assert(fabs(num - 0.1) < 1e-12);
    ck_assert_str_eq(unit, "MMT");
    ck_assert_int_eq(liion_plant_prop_get(&pt, NULL, &text, f.plant, LIION_OBJ_LOT, cell, "recipe"),
                     LIION_OK);
    ck_assert_str_eq(text, "R-7");
    ck_assert_int_eq(liion_plant_lot_quantity(&q, &unit, NULL, f.plant, cell), LIION_OK);
    ck_assert(q == 1.0);
    ck_assert_str_eq(unit, "C62");
    ck_assert_uint_eq(liion_spec_registry_count(f.reg), 1);
    /* a values-only event with a position: the check's index is the position */
    add_f8(&it, 6, 0.5);
    add_f8(&it, 7, 12.9);
    ck_assert_int_eq(send(&it, "STACKER-1", 102, 150), LIION_OK);
    ck_assert_uint_eq(liion_spec_registry_count(f.reg), 2);
    memset(&info, 0, sizeof info);
    info.struct_size = (uint32_t)sizeof info;
    ck_assert_int_eq(liion_spec_registry_record(&info, f.reg, 1), LIION_OK);
    ck_assert_str_eq(info.param, "stack_align_y");
    ck_assert_uint_eq(info.failed, 1);
    ck_assert_uint_eq(info.kind, LIION_OBJ_LOT);
    ck_assert_uint_eq(info.index, cell);
    {
        liion_spec_violation v;
        memset(&v, 0, sizeof v);
        v.struct_size = (uint32_t)sizeof v;
        ck_assert_int_eq(liion_spec_registry_violation(&v, f.reg, 1, 0), LIION_OK);
        ck_assert_uint_eq(v.index, 12);
        ck_assert_str_eq(v.where, "CELL-1");
    }
    ck_assert_uint_eq(liion_ingest_stat(f.ing, LIION_INGEST_STAT_CHECKS_FAILED), 1);
    /* end: the response joins cell and roll */
    ck_assert_int_eq(send(&it, "STACKER-1", 101, 200), LIION_OK);
    ck_assert_uint_eq(liion_plant_count(f.plant, LIION_OBJ_RESPONSE), 1);
    r = liion_plant_lot_producer(f.plant, cell);
    ck_assert_uint_ne(r, NONE);
    ck_assert_int_eq(liion_plant_response_info(&t0, &t1, &seg, f.plant, r), LIION_OK);
    ck_assert_int_eq(t0, 100);
    ck_assert_int_eq(t1, 200);
    ck_assert_uint_eq(seg, f.seg_stack);
    ck_assert_str_eq(liion_plant_id(f.plant, LIION_OBJ_RESPONSE, r), "STACKER-1/STACKING/1");
    ck_assert_uint_eq(liion_plant_edge_count(f.plant), 1);
    {
        liion_trace *tr;
        ck_assert_int_eq(liion_trace_new(&tr, f.ctx), LIION_OK);
        ck_assert_int_eq(liion_plant_trace_backward(f.plant, tr, cell, 0, LIION_FILTER_NONE, 0),
                         LIION_OK);
        ck_assert_uint_eq(liion_trace_count(tr), 1);
        ck_assert_uint_eq(liion_trace_index(tr, 0), f.roll_a);
        ck_assert_int_eq(liion_plant_response_equipment(f.plant, tr, r), LIION_OK);
        ck_assert_uint_eq(liion_trace_index(tr, 0), f.eq_stacker);
        liion_trace_free(tr);
    }
    ck_assert_uint_eq(liion_ingest_stat(f.ing, LIION_INGEST_STAT_MESSAGES), 3);
    ck_assert_uint_eq(liion_ingest_stat(f.ing, LIION_INGEST_STAT_RESPONSES), 1);
    ck_assert_uint_eq(liion_ingest_stat(f.ing, LIION_INGEST_STAT_LOTS), 1);
    ck_assert_uint_eq(liion_ingest_stat(f.ing, LIION_INGEST_STAT_PROBLEMS), 0);
    ck_assert_uint_eq(liion_ingest_stat(f.ing, (liion_ingest_stat_kind)99), 0);
    ck_assert_str_eq(liion_ctx_errmsg(f.ctx), "no error");
    /* a second cell gets the next response number */
    start_cell("CELL-2", 0.0, 300);
    ck_assert_int_eq(send(&it, "STACKER-1", 101, 400), LIION_OK);
    ck_assert_ptr_nonnull(liion_plant_id(f.plant, LIION_OBJ_RESPONSE, 1));
    ck_assert_str_eq(liion_plant_id(f.plant, LIION_OBJ_RESPONSE, 1), "STACKER-1/STACKING/2");
}
END_TEST

START_TEST(state_changes_e40_e87)
{
    uint32_t r, cell;
    ck_assert_int_eq(liion_plant_lot_add(&cell, f.plant, NULL, "CELL-9", f.def_cell, NONE), LIION_OK);
    ck_assert_int_eq(liion_ingest_state_change(f.ing, "FILLER-1", LIION_INGEST_E40,
                                               LIION_E40_SETTING_UP, "PJ-1", 5), LIION_OK);
    ck_assert_int_eq(liion_ingest_state_change(f.ing, "FILLER-1", LIION_INGEST_E40,
                                               LIION_E40_PROCESSING, "PJ-1", 10), LIION_OK);
    ck_assert_int_eq(liion_ingest_state_change(f.ing, "FILLER-1", LIION_INGEST_E87,
                                               LIION_E87_TRANSFER_BLOCKED, "CELL-9", 11), LIION_OK);
    ck_assert_uint_eq(liion_ingest_lot_in_process(f.ing, "FILLER-1"), cell);
    ck_assert_int_eq(liion_ingest_state_change(f.ing, "FILLER-1", LIION_INGEST_E87,
                                               LIION_E87_READY_TO_UNLOAD, "CELL-9F", 19), LIION_OK);
    ck_assert_int_eq(liion_ingest_state_change(f.ing, "FILLER-1", LIION_INGEST_E40,
                                               LIION_E40_PROCESS_COMPLETE, "PJ-1", 20), LIION_OK);
    ck_assert_int_eq(liion_plant_find(&r, f.plant, LIION_OBJ_RESPONSE, NULL, "PJ-1"), LIION_OK);
    ck_assert_int_eq(liion_plant_find(&cell, f.plant, LIION_OBJ_LOT, NULL, "CELL-9F"), LIION_OK);
    ck_assert_uint_eq(liion_plant_lot_producer(f.plant, cell), r);
    ck_assert_uint_eq(liion_plant_edge_count(f.plant), 1);
    /* not covered; the same job again; unknown machine */
    ck_assert_int_eq(liion_ingest_state_change(f.ing, "FILLER-1", LIION_INGEST_E40,
                                               LIION_E40_PAUSED, "PJ-1", 21), LIION_E_UNSUPPORTED);
    last_problem(LIION_E_UNSUPPORTED, "E40 job state PAUSED on FILLER-1: not covered");
    ck_assert_int_eq(liion_ingest_state_change(f.ing, "FILLER-1", LIION_INGEST_E40,
                                               LIION_E40_PROCESSING, "PJ-1", 22), LIION_E_EXISTS);
    last_problem(LIION_E_EXISTS, "PJ-1 already exists");
    ck_assert_int_eq(liion_ingest_state_change(f.ing, "FILLER-1", LIION_INGEST_E87,
                                               LIION_E87_TRANSFER_BLOCKED, "NOPE", 23),
                     LIION_E_NOT_FOUND);
    last_problem(LIION_E_NOT_FOUND, "carrier ID: consumed lot NOPE is not in the plant");
    ck_assert_int_eq(liion_ingest_state_change(f.ing, "FILLER-1", (liion_ingest_machine)9, 0, NULL,
                                               0), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_ingest_state_change(f.ing, "FILLER-1", LIION_INGEST_E87,
                                               LIION_E87_TRANSFER_BLOCKED, NULL, 23),
                     LIION_E_NOT_FOUND);
}
END_TEST

static liion_uadp_msg *coating_msg(double wet, uint32_t streaks, double md, int bad_status,
                                   uint16_t writer2)
{
    liion_uadp_msg *m = NULL;
    liion_ua_value *zones = NULL;
    double z[4] = { 80, 95, 110.5, 60 };
    ck_assert_int_eq(liion_uadp_msg_new(&m, f.ctx), LIION_OK);
    ck_assert_int_eq(liion_ua_value_new(&zones, f.ctx), LIION_OK);
    ck_assert_int_eq(liion_uadp_msg_set_publisher_id(m, LIION_UADP_PUBID_UINT16, 7, NULL, 0),
                     LIION_OK);
    ck_assert_int_eq(liion_uadp_msg_set_flags(m, liion_uadp_msg_flags(m) | LIION_UADP_NM_PAYLOAD_HEADER),
                     LIION_OK);
    ck_assert_int_eq(liion_uadp_msg_add_dsm(m, 1, LIION_UADP_ENC_DATAVALUE, LIION_UADP_DSM_KEYFRAME),
                     LIION_OK);
    ck_assert_int_eq(liion_uadp_dsm_add_scalar(m, 0, LIION_UA_TYPE_DOUBLE, &wet), LIION_OK);
    ck_assert_int_eq(liion_uadp_field_set_dv(m, LIION_UA_DV_STATUS, bad_status ? 0x80000000u : 0, 0,
                                             0, 0, 0), LIION_OK);
    ck_assert_int_eq(liion_uadp_dsm_add_scalar(m, 1, LIION_UA_TYPE_UINT32, &streaks), LIION_OK);
    ck_assert_int_eq(liion_uadp_dsm_add_scalar(m, 2, LIION_UA_TYPE_DOUBLE, &md), LIION_OK);
    ck_assert_int_eq(liion_ua_value_set_array(zones, LIION_UA_TYPE_DOUBLE, z, 4, NULL, 0), LIION_OK);
    ck_assert_int_eq(liion_uadp_msg_add_dsm(m, writer2, LIION_UADP_ENC_VARIANT,
                                            LIION_UADP_DSM_KEYFRAME), LIION_OK);
    ck_assert_int_eq(liion_uadp_dsm_add_variant(m, 0, liion_ua_value_variant(zones)), LIION_OK);
    liion_ua_value_free(zones);
    return m;
}

static liion_status ingest_encoded(liion_uadp_msg *m, int64_t t)
{
    uint8_t buf[1024];
    size_t len = 0;
    ck_assert_int_eq(liion_uadp_msg_encode(m, buf, sizeof buf, &len), LIION_OK);
    liion_uadp_msg_free(m);
    return liion_ingest_uadp(f.ing, buf, len, t);
}

START_TEST(uadp_fields_to_roll_in_process)
{
    uint32_t roll;
    items it = { { 0 }, { 0 }, 0 };
    double num;
    liion_spec_violation v;
    size_t recs;
    /* no lot in process yet: the values land on the equipment */
    ck_assert_int_eq(ingest_encoded(coating_msg(150.2, 0, 3.0, 0, 2), 1), LIION_OK);
    ck_assert_int_eq(liion_plant_prop_get(NULL, &num, NULL, f.plant, LIION_OBJ_EQUIPMENT,
                                          f.eq_coater, "wet_film"), LIION_OK);
    ck_assert(num == 150.2);
    /* make COATER-1 process a roll through a mapping of its own */
    {
        static const char M2[] = "liion-ingest 1\non s6f11 COATER-1 1 start STACKING\n"
                                 "vid 1 lot produced\n";
        liion_ingest_map *m2;
        liion_ingest *i2;
        ck_assert_int_eq(liion_ingest_map_parse(&m2, f.ctx, M2, sizeof M2 - 1), LIION_OK);
        ck_assert_int_eq(liion_ingest_new(&i2, f.ctx, f.plant, m2), LIION_OK);
        add_a(&it, 1, "JUMBO-1");
        ck_assert_int_eq(liion_ingest_event(i2, "COATER-1", 1, it.vids,
                                            (const liion_secs_item *const *)it.v, 1, 2), LIION_OK);
        liion_secs_item_free(it.v[0]);
        it.n = 0;
        liion_ingest_free(i2);
        liion_ingest_map_free(m2);
    }
    /* this ingest does not know JUMBO-1 is in process: use a coater start in the main map */
    ck_assert_int_eq(liion_plant_find(&roll, f.plant, LIION_OBJ_LOT, NULL, "JUMBO-1"), LIION_OK);
    ck_assert_uint_eq(liion_ingest_lot_in_process(f.ing, "COATER-1"), NONE);
    recs = liion_spec_registry_count(f.reg);
    ck_assert_uint_eq(recs, 2); /* wet film + streaks on the equipment */
    /* a streak at 412.7 m: the check's violation index is the metre position */
    ck_assert_int_eq(ingest_encoded(coating_msg(150.0, 3, 412.7, 0, 2), 3), LIION_OK);
    memset(&v, 0, sizeof v);
    v.struct_size = (uint32_t)sizeof v;
    ck_assert_int_eq(liion_spec_registry_violation(&v, f.reg, recs + 1, 0), LIION_OK);
    ck_assert_str_eq(v.param, "streaks");
    ck_assert_uint_eq(v.index, 412);
    ck_assert(v.value == 3.0);
    ck_assert_int_eq(liion_plant_prop_get(NULL, &num, NULL, f.plant, LIION_OBJ_EQUIPMENT,
                                          f.eq_coater, "dryer_zone3"), LIION_OK);
    ck_assert(num == 110.5);
    /* an unmapped writer: refused whole, the first DSM's values are not applied */
    recs = liion_spec_registry_count(f.reg);
    ck_assert_int_eq(ingest_encoded(coating_msg(151.0, 0, 5.0, 0, 9), 4), LIION_E_UNSUPPORTED);
    last_problem(LIION_E_UNSUPPORTED, "UADP writer 9: not covered");
    ck_assert_uint_eq(liion_spec_registry_count(f.reg), recs);
    ck_assert_int_eq(liion_plant_prop_get(NULL, &num, NULL, f.plant, LIION_OBJ_EQUIPMENT,
                                          f.eq_coater, "wet_film"), LIION_OK);
    ck_assert(num == 150.0);
    /* a Bad status */
    ck_assert_int_eq(ingest_encoded(coating_msg(151.0, 0, 5.0, 1, 2), 4), LIION_E_RANGE);
    last_problem(LIION_E_RANGE, "UADP writer 1: field 0: bad status");
    /* bytes that do not decode */
    {
        static const uint8_t junk[] = { 0xF1, 0x00 };
        ck_assert_int_ne(liion_ingest_uadp(f.ing, junk, sizeof junk, 5), LIION_OK);
        ck_assert_ptr_nonnull(strstr(liion_ingest_problem(f.ing, liion_ingest_problem_count(f.ing) - 1),
                                     "does not decode"));
    }
    ck_assert_uint_eq(liion_spec_registry_count(f.reg), recs);
}
END_TEST

START_TEST(datavalue_by_node)
{
    liion_ua_value *v;
    const liion_ua_datavalue *dv;
    double d = -35.0, num;
    size_t recs;
    liion_spec_record_info info;
    ck_assert_int_eq(liion_ua_value_new(&v, f.ctx), LIION_OK);
    ck_assert_int_eq(liion_ua_value_set_scalar(v, LIION_UA_TYPE_DOUBLE, &d), LIION_OK);
    ck_assert_int_eq(liion_ua_value_set_datavalue(v, LIION_UA_DV_VALUE, 0, 0, 0, 0, 0), LIION_OK);
    ck_assert_int_eq(liion_ua_variant_get_datavalue(liion_ua_value_variant(v), 0, &dv), LIION_OK);
    /* a dew-point excursion on the cell being filled */
    start_cell("CELL-D", 0.0, 1);
    ck_assert_int_eq(liion_ingest_state_change(f.ing, "FILLER-1", LIION_INGEST_E87,
                                               LIION_E87_TRANSFER_BLOCKED, "CELL-D", 2), LIION_OK);
    recs = liion_spec_registry_count(f.reg);
    ck_assert_int_eq(liion_ingest_datavalue(f.ing, 2, "s=DryRoom.DewPoint", dv, 3), LIION_OK);
    memset(&info, 0, sizeof info);
    info.struct_size = (uint32_t)sizeof info;
    ck_assert_int_eq(liion_spec_registry_record(&info, f.reg, recs), LIION_OK);
    ck_assert_str_eq(info.param, "dry_room_dew_point");
    ck_assert_uint_eq(info.failed, 1);
    ck_assert_uint_eq(info.index, liion_ingest_lot_in_process(f.ing, "FILLER-1"));
    ck_assert_int_eq(liion_ingest_datavalue(f.ing, 2, "i=5001", dv, 3), LIION_OK);
    ck_assert_int_eq(liion_plant_prop_get(NULL, &num, NULL, f.plant, LIION_OBJ_LOT,
                                          info.index, "humidity"), LIION_OK);
    ck_assert(num == -35.0);
    ck_assert_int_eq(liion_ingest_datavalue(f.ing, 3, "i=5001", dv, 3), LIION_E_UNSUPPORTED);
    last_problem(LIION_E_UNSUPPORTED, "node ns=3;i=5001: not covered");
    /* wrong type: a String */
    ck_assert_int_eq(liion_ua_value_set_bytes(v, LIION_UA_TYPE_STRING, (const uint8_t *)"dry", 3),
                     LIION_OK);
    ck_assert_int_eq(liion_ua_value_set_datavalue(v, LIION_UA_DV_VALUE, 0, 0, 0, 0, 0), LIION_OK);
    ck_assert_int_eq(liion_ua_variant_get_datavalue(liion_ua_value_variant(v), 0, &dv), LIION_OK);
    ck_assert_int_eq(liion_ingest_datavalue(f.ing, 2, "i=5001", dv, 4), LIION_E_RANGE);
    last_problem(LIION_E_RANGE, "node ns=2;i=5001: value: wrong type");
    ck_assert_int_eq(liion_ingest_datavalue(f.ing, 2, NULL, dv, 4), LIION_E_INVALID_ARG);
    liion_ua_value_free(v);
}
END_TEST

/* ---- problems: each class, nothing applied ------------------------------------------------ */

START_TEST(problems_change_nothing)
{
    items it = { { 0 }, { 0 }, 0 };
    uint32_t lots = liion_plant_count(f.plant, LIION_OBJ_LOT);
    /* not covered */
    add_f8(&it, 3, 0.1);
    ck_assert_int_eq(send(&it, "STACKER-1", 999, 1), LIION_E_UNSUPPORTED);
    last_problem(LIION_E_UNSUPPORTED, "S6F11 CEID 999 from STACKER-1: not covered");
    add_f8(&it, 3, 0.1);
    ck_assert_int_eq(send(&it, "WELDER-7", 100, 1), LIION_E_UNSUPPORTED);
    last_problem(LIION_E_UNSUPPORTED, "S6F11 CEID 100 from WELDER-7");
    /* a VID missing: the produced lot in the same message is not created */
    add_a(&it, 1, "CELL-X");
    add_a(&it, 2, "ROLL-A");
    ck_assert_int_eq(send(&it, "STACKER-1", 100, 1), LIION_E_NOT_FOUND);
    last_problem(LIION_E_NOT_FOUND, "S6F11 CEID 100 from STACKER-1: VID 3: missing");
    ck_assert_uint_eq(liion_plant_count(f.plant, LIION_OBJ_LOT), lots);
    /* wrong types */
    add_u4(&it, 1, 5);
    add_a(&it, 2, "ROLL-A");
    add_f8(&it, 3, 0.1);
    add_a(&it, 4, "R");
    add_u4(&it, 5, 1);
    ck_assert_int_eq(send(&it, "STACKER-1", 100, 1), LIION_E_RANGE);
    last_problem(LIION_E_RANGE, "VID 1: wrong type U4 (expected A text)");
    add_a(&it, 1, "CELL-X");
    add_a(&it, 2, "ROLL-A");
    add_a(&it, 3, "0.1");
    add_a(&it, 4, "R");
    add_u4(&it, 5, 1);
    ck_assert_int_eq(send(&it, "STACKER-1", 100, 1), LIION_E_RANGE);
    last_problem(LIION_E_RANGE, "VID 3: wrong type A (expected one number)");
    /* a consumed lot that does not exist */
    ck_assert_int_eq(try_start("CELL-X", "ROLL-Z", 0.1, 1), LIION_E_NOT_FOUND);
    last_problem(LIION_E_NOT_FOUND, "VID 2: consumed lot ROLL-Z is not in the plant");
    /* an invalid lot ID */
    ck_assert_int_eq(try_start("", "ROLL-A", 0.1, 1), LIION_E_RANGE);
    last_problem(LIION_E_RANGE, "VID 1: lot ID is not a valid ID");
    /* a non-finite number */
    ck_assert_int_eq(try_start("CELL-X", "ROLL-A", NAN, 1), LIION_E_RANGE);
    last_problem(LIION_E_RANGE, "VID 3: value is not a finite number");
    ck_assert_uint_eq(liion_plant_count(f.plant, LIION_OBJ_LOT), lots);
    /* end with nothing open */
    ck_assert_int_eq(send(&it, "STACKER-1", 101, 1), LIION_E_STATE);
    last_problem(LIION_E_STATE, "end of STACKING but no response is open");
    /* start twice */
    start_cell("CELL-1", 0.0, 10);
    ck_assert_int_eq(try_start("CELL-2", "ROLL-A", 0.1, 11), LIION_E_STATE);
    last_problem(LIION_E_STATE, "start of STACKING while a response of STACKING is open");
    /* end before start */
    ck_assert_int_eq(send(&it, "STACKER-1", 101, 5), LIION_E_RANGE);
    last_problem(LIION_E_RANGE, "end time before");
    ck_assert_uint_eq(liion_plant_count(f.plant, LIION_OBJ_RESPONSE), 0);
    ck_assert_int_eq(send(&it, "STACKER-1", 101, 20), LIION_OK);
    ck_assert_uint_eq(liion_plant_count(f.plant, LIION_OBJ_RESPONSE), 1);
    ck_assert_uint_eq(liion_ingest_stat(f.ing, LIION_INGEST_STAT_REJECTED), 11);
    ck_assert_uint_eq(liion_ingest_problem_count(f.ing), 11);
    liion_ingest_problems_clear(f.ing);
    ck_assert_uint_eq(liion_ingest_problem_count(f.ing), 0);
    ck_assert_ptr_null(liion_ingest_problem(f.ing, 0));
    ck_assert_int_eq(liion_ingest_problem_status(f.ing, 0), LIION_E_INVALID_ARG);
    ck_assert_uint_eq(liion_ingest_stat(f.ing, LIION_INGEST_STAT_PROBLEMS), 11);
}
END_TEST

START_TEST(problems_spec_and_plant)
{
    items it = { { 0 }, { 0 }, 0 };
    liion_spec_limits *l2;
    /* a unit that does not match the limit set */
    ck_assert_int_eq(liion_spec_limits_new(&l2, f.ctx, "X", 1), LIION_OK);
    ck_assert_int_eq(liion_spec_limits_set(l2, "stack_align_y", "CMT", LIION_SPEC_TWO_SIDED, -1, 1),
                     LIION_OK);
    ck_assert_int_eq(liion_ingest_set_spec(f.ing, f.reg, l2), LIION_OK);
    add_f8(&it, 6, 0.1);
    ck_assert_int_eq(send(&it, "STACKER-1", 102, 1), LIION_E_NOT_FOUND);
    last_problem(LIION_E_NOT_FOUND, "VID 7: missing");
    add_f8(&it, 6, 0.1);
    add_f8(&it, 7, 1.0);
    ck_assert_int_eq(send(&it, "STACKER-1", 102, 1), LIION_E_RANGE);
    last_problem(LIION_E_RANGE, "VID 6: wrong unit for stack_align_y: the mapping says MMT, the "
                                "limit is in CMT");
    /* no limit for the parameter */
    liion_spec_limits_free(l2);
    ck_assert_int_eq(liion_spec_limits_new(&l2, f.ctx, "X", 1), LIION_OK);
    ck_assert_int_eq(liion_ingest_set_spec(f.ing, f.reg, l2), LIION_OK);
    add_f8(&it, 6, 0.1);
    add_f8(&it, 7, 1.0);
    ck_assert_int_eq(send(&it, "STACKER-1", 102, 1), LIION_E_NOT_FOUND);
    last_problem(LIION_E_NOT_FOUND, "no limit for stack_align_y");
    /* no spec at all */
    ck_assert_int_eq(liion_ingest_set_spec(f.ing, NULL, NULL), LIION_OK);
    add_f8(&it, 6, 0.1);
    add_f8(&it, 7, 1.0);
    ck_assert_int_eq(send(&it, "STACKER-1", 102, 1), LIION_E_STATE);
    last_problem(LIION_E_STATE, "no spec registry");
    liion_spec_limits_free(l2);
    ck_assert_uint_eq(liion_spec_registry_count(f.reg), 0);
    /* equipment the mapping names but the plant lacks */
    {
        static const char M3[] = "liion-ingest 1\non s6f11 GHOST 1\nvid 1 prop p -\n";
        liion_ingest_map *m3;
        liion_ingest *i3;
        ck_assert_int_eq(liion_ingest_map_parse(&m3, f.ctx, M3, sizeof M3 - 1), LIION_OK);
        ck_assert_int_eq(liion_ingest_new(&i3, f.ctx, f.plant, m3), LIION_OK);
        add_f8(&it, 1, 1.0);
        ck_assert_int_eq(liion_ingest_event(i3, "GHOST", 1, it.vids,
                                            (const liion_secs_item *const *)it.v, 1, 1),
                         LIION_E_NOT_FOUND);
        ck_assert_ptr_nonnull(strstr(liion_ingest_problem(i3, 0), "equipment GHOST is not in the plant"));
        liion_secs_item_free(it.v[0]);
        it.n = 0;
        liion_ingest_free(i3);
        liion_ingest_map_free(m3);
    }
    /* bad arguments */
    ck_assert_int_eq(liion_ingest_event(NULL, "X", 1, NULL, NULL, 0, 0), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_ingest_event(f.ing, NULL, 1, NULL, NULL, 0, 0), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_ingest_event(f.ing, "X", 1, NULL, NULL, 1, 0), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_ingest_new(NULL, f.ctx, f.plant, f.map), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_ingest_set_spec(NULL, NULL, NULL), LIION_E_INVALID_ARG);
    ck_assert_uint_eq(liion_ingest_lot_in_process(NULL, "X"), NONE);
    ck_assert_uint_eq(liion_ingest_lot_in_process(f.ing, "NOPE"), NONE);
    ck_assert_uint_eq(liion_ingest_stat(NULL, LIION_INGEST_STAT_MESSAGES), 0);
    liion_ingest_free(NULL);
}
END_TEST

/* ---- S6F11 bytes through a report table ---------------------------------------------------- */

static void define_reports(liion_gem_reports *r)
{
    uint8_t buf[256], ack = 9;
    size_t n = 0;
    const uint32_t rptids[] = { 10 };
    const size_t counts[] = { 5 };
    const uint32_t vids[] = { 1, 2, 3, 4, 5 };
    const uint32_t ceids[] = { 100 };
    const size_t rc[] = { 1 };
    ck_assert_int_eq(liion_gem_s2f33_encode(buf, sizeof buf, &n, f.ctx, 1, rptids, counts, vids, 1),
                     LIION_OK);
    ck_assert_int_eq(liion_gem_reports_on_s2f33(&ack, r, buf, n), LIION_OK);
    ck_assert_uint_eq(ack, 0);
    ck_assert_int_eq(liion_gem_s2f35_encode(buf, sizeof buf, &n, f.ctx, 2, ceids, rc, rptids, 1),
                     LIION_OK);
    ck_assert_int_eq(liion_gem_reports_on_s2f35(&ack, r, buf, n), LIION_OK);
    ck_assert_uint_eq(ack, 0);
    ck_assert_int_eq(liion_gem_s2f37_encode(buf, sizeof buf, &n, f.ctx, 1, ceids, 1), LIION_OK);
    ck_assert_int_eq(liion_gem_reports_on_s2f37(&ack, r, buf, n), LIION_OK);
    ck_assert_uint_eq(ack, 0);
}

START_TEST(s6f11_bytes)
{
    liion_gem_reports *eqp, *host;
    items it = { { 0 }, { 0 }, 0 };
    uint8_t body[512];
    size_t n = 0;
    uint32_t cell;
    ck_assert_int_eq(liion_gem_reports_new(&eqp, f.ctx), LIION_OK);
    ck_assert_int_eq(liion_gem_reports_new(&host, f.ctx), LIION_OK);
    define_reports(eqp);
    define_reports(host);
    add_a(&it, 1, "CELL-B");
    add_a(&it, 2, "ROLL-C");
    add_f8(&it, 3, 0.05);
    add_a(&it, 4, "R-1");
    add_u4(&it, 5, 1);
    ck_assert_int_eq(liion_gem_reports_s6f11_encode_values(body, sizeof body, &n, eqp, 1, 100,
                                                           it.vids,
                                                           (const liion_secs_item *const *)it.v,
                                                           it.n), LIION_OK);
    for (size_t i = 0; i < it.n; i++)
        liion_secs_item_free(it.v[i]);
    ck_assert_int_eq(liion_ingest_s6f11(f.ing, "STACKER-1", host, body, n, 7), LIION_OK);
    ck_assert_int_eq(liion_plant_find(&cell, f.plant, LIION_OBJ_LOT, NULL, "CELL-B"), LIION_OK);
    ck_assert_uint_eq(liion_ingest_lot_in_process(f.ing, "STACKER-1"), cell);
    /* a truncated body: a decode problem, nothing applied */
    ck_assert_int_ne(liion_ingest_s6f11(f.ing, "STACKER-1", host, body, n - 3, 8), LIION_OK);
    last_problem(liion_ctx_errcode(f.ctx), "body does not decode");
    ck_assert_int_eq(liion_ingest_s6f11(f.ing, NULL, host, body, n, 8), LIION_E_INVALID_ARG);
    liion_gem_reports_free(eqp);
    liion_gem_reports_free(host);
}
END_TEST

/* ---- allocation failure ------------------------------------------------------------------ */

static liion_status body_ingest(const liion_allocator *hooks, void *user)
{
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *c = NULL;
    liion_plant *p = NULL;
    liion_ingest_map *m = NULL;
    liion_ingest *ing = NULL;
    liion_secs_item *v[3] = { NULL, NULL, NULL };
    uint32_t vids[3] = { 1, 2, 3 };
    double d = 0.2;
    liion_status st;
    (void)user;
    o.allocator = hooks;
    if ((st = liion_ctx_new(&c, &o)) != LIION_OK)
        return st;
    st = liion_plant_new(&p, c);
    if (st == LIION_OK)
        st = liion_plant_equipment_add(NULL, p, NULL, "STACKER-1", LIION_EQ_WORK_CELL, NONE, NONE);
    if (st == LIION_OK)
        st = liion_plant_segment_add(NULL, p, NULL, "STACKING", LIION_STEP_STACKING);
    if (st == LIION_OK)
        st = liion_plant_lot_add(NULL, p, NULL, "ROLL-A", NONE, NONE);
    if (st == LIION_OK)
        st = liion_ingest_map_parse(&m, c, MAP, sizeof MAP - 1);
    if (st == LIION_OK)
        st = liion_ingest_new(&ing, c, p, m);
    if (st == LIION_OK)
        st = liion_secs_item_new_ascii(&v[0], c, "CELL-1", 6);
    if (st == LIION_OK)
        st = liion_secs_item_new_ascii(&v[1], c, "ROLL-A", 6);
    if (st == LIION_OK)
        st = liion_secs_item_new_f8(&v[2], c, &d, 1);
    if (st == LIION_OK) {
        /* the mapped text and quantity VIDs are missing: a problem (allocates its list) */
        st = liion_ingest_event(ing, "STACKER-1", 100, vids, (const liion_secs_item *const *)v, 3, 1);
        if (st == LIION_E_NOT_FOUND)
            st = LIION_OK;
    }
    if (st == LIION_OK) {
        static const char M4[] = "liion-ingest 1\non s6f11 STACKER-1 1 start STACKING\n"
                                 "vid 1 lot produced\nvid 2 lot consumed\nvid 3 prop x MMT\n"
                                 "on s6f11 STACKER-1 2 end STACKING\n";
        liion_ingest_map *m4 = NULL;
        liion_ingest *i4 = NULL;
        st = liion_ingest_map_parse(&m4, c, M4, sizeof M4 - 1);
        if (st == LIION_OK)
            st = liion_ingest_new(&i4, c, p, m4);
        if (st == LIION_OK)
            st = liion_ingest_event(i4, "STACKER-1", 1, vids, (const liion_secs_item *const *)v, 3, 1);
        if (st == LIION_OK)
            st = liion_ingest_event(i4, "STACKER-1", 2, NULL, NULL, 0, 2);
        liion_ingest_free(i4);
        liion_ingest_map_free(m4);
    }
    for (int i = 0; i < 3; i++)
        liion_secs_item_free(v[i]);
    liion_ingest_free(ing);
    liion_ingest_map_free(m);
    liion_plant_free(p);
    liion_ctx_free(c);
    return st;
}

START_TEST(allocation_failure_loop)
{
    ck_assert_uint_gt(liion_test_alloc_loop("ingest map + ingest + events", body_ingest, NULL), 10);
}
END_TEST

static Suite *ingest_suite(void)
{
    Suite *s = suite_create("ingest");
    TCase *tc = tcase_create("ingest");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, map_parses_every_directive);
    tcase_add_test(tc, map_errors_name_line_and_column);
    tcase_add_test(tc, map_limits);
    tcase_add_test(tc, loop_in_material_flow_is_refused_whole);
    tcase_add_test(tc, roll_use_from_s6f11);
    tcase_add_test(tc, s6f11_start_values_end);
    tcase_add_test(tc, state_changes_e40_e87);
    tcase_add_test(tc, uadp_fields_to_roll_in_process);
    tcase_add_test(tc, datavalue_by_node);
    tcase_add_test(tc, problems_change_nothing);
    tcase_add_test(tc, problems_spec_and_plant);
    tcase_add_test(tc, s6f11_bytes);
    tcase_add_test(tc, allocation_failure_loop);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return liion_test_run(ingest_suite());
}
