/* Spec results attached to plant objects: what a record keeps, refusals, per-object queries,
 * the backward-closure query of a cell (edges, sublot parents, producing responses, depth
 * limit, unrelated lots left out), a seeded random comparison with the plant's own backward
 * trace, and allocation-failure loops over attach + query. */
#include <liion/liion.h>

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/failalloc.h"
#include "support/run.h"

#include <stddef.h>

/* The record struct crosses the ABI (and is mirrored in bindings/python/liion/_ffi.py). */
_Static_assert(offsetof(liion_spec_record_info, struct_size) == 0, "record_info layout");
_Static_assert(offsetof(liion_spec_record_info, kind) == 4, "record_info layout");
_Static_assert(offsetof(liion_spec_record_info, index) == 8, "record_info layout");
_Static_assert(offsetof(liion_spec_record_info, limits_version) == 12, "record_info layout");
_Static_assert(offsetof(liion_spec_record_info, limits_owner) == 16, "record_info layout");
_Static_assert(offsetof(liion_spec_record_info, time) == 16 + 3 * sizeof(void *),
               "record_info layout");
_Static_assert(offsetof(liion_spec_record_info, violations) ==
                   offsetof(liion_spec_record_info, time) + 5 * 8,
               "record_info layout");
_Static_assert(sizeof(liion_spec_record_info) == offsetof(liion_spec_record_info, violations) + 8,
               "record_info layout");
_Static_assert(LIION_SPEC_MAX_PARAM_BYTES == 256u, "documented parameter length");

static liion_ctx *ctx;
static liion_plant *plant;
static liion_spec_registry *reg;
static liion_spec_selection *sel;
static liion_spec_limits *wet, *dew;
static liion_spec_result *res;

/* The little plant of the fixture:
 *   slurry S --(coating R_coat)--> jumbo J ; D1 is a sublot (daughter roll) of J, no edge;
 *   D1 --(stacking R_stack)--> cell C1 ; unrelated jumbo U --(R_other)--> cell C2. */
static uint32_t S, J, D1, C1, U, C2, R_coat, R_stack, R_other, SEG_coat, SEG_stack;

#define ck_errmsg_has(text)                                                                     \
    ck_assert_msg(strstr(liion_ctx_errmsg(ctx), (text)) != NULL, "message '%s' lacks '%s'",    \
                  liion_ctx_errmsg(ctx), (text))

static void setup(void)
{
    ck_assert_int_eq(liion_ctx_new(&ctx, NULL), LIION_OK);
    ck_assert_int_eq(liion_plant_new(&plant, ctx), LIION_OK);
    ck_assert_int_eq(liion_plant_segment_add(&SEG_coat, plant, NULL, "coat", LIION_STEP_COATING),
                     LIION_OK);
    ck_assert_int_eq(
        liion_plant_segment_add(&SEG_stack, plant, NULL, "stack", LIION_STEP_STACKING), LIION_OK);
    ck_assert_int_eq(liion_plant_lot_add(&S, plant, NULL, "SLURRY-1", LIION_PLANT_NONE,
                                         LIION_PLANT_NONE), LIION_OK);
    ck_assert_int_eq(liion_plant_lot_add(&J, plant, NULL, "JUMBO-1", LIION_PLANT_NONE,
                                         LIION_PLANT_NONE), LIION_OK);
    ck_assert_int_eq(liion_plant_lot_add(&D1, plant, NULL, "JUMBO-1-A", LIION_PLANT_NONE, J),
                     LIION_OK);
    ck_assert_int_eq(liion_plant_lot_add(&C1, plant, "GS1", "CELL-1", LIION_PLANT_NONE,
                                         LIION_PLANT_NONE), LIION_OK);
    ck_assert_int_eq(liion_plant_lot_add(&U, plant, NULL, "JUMBO-9", LIION_PLANT_NONE,
                                         LIION_PLANT_NONE), LIION_OK);
    ck_assert_int_eq(liion_plant_lot_add(&C2, plant, "GS1", "CELL-9", LIION_PLANT_NONE,
                                         LIION_PLANT_NONE), LIION_OK);
    ck_assert_int_eq(liion_plant_response_add(&R_coat, plant, NULL, "coat-run-1", SEG_coat, 10, 20),
                     LIION_OK);
    ck_assert_int_eq(liion_plant_response_add_material(plant, R_coat, S, LIION_USE_CONSUMED),
                     LIION_OK);
    ck_assert_int_eq(liion_plant_response_add_material(plant, R_coat, J, LIION_USE_PRODUCED),
                     LIION_OK);
    ck_assert_int_eq(
        liion_plant_response_add(&R_stack, plant, NULL, "stack-run-1", SEG_stack, 30, 40),
        LIION_OK);
    ck_assert_int_eq(liion_plant_response_add_material(plant, R_stack, D1, LIION_USE_CONSUMED),
                     LIION_OK);
    ck_assert_int_eq(liion_plant_response_add_material(plant, R_stack, C1, LIION_USE_PRODUCED),
                     LIION_OK);
    ck_assert_int_eq(
        liion_plant_response_add(&R_other, plant, NULL, "stack-run-9", SEG_stack, 50, 60),
        LIION_OK);
    ck_assert_int_eq(liion_plant_response_add_material(plant, R_other, U, LIION_USE_CONSUMED),
                     LIION_OK);
    ck_assert_int_eq(liion_plant_response_add_material(plant, R_other, C2, LIION_USE_PRODUCED),
                     LIION_OK);

    ck_assert_int_eq(liion_spec_registry_new(&reg, ctx, plant), LIION_OK);
    ck_assert_int_eq(liion_spec_selection_new(&sel, ctx), LIION_OK);
    ck_assert_int_eq(liion_spec_limits_new(&wet, ctx, "NMC811-CATHODE", 3), LIION_OK);
    ck_assert_int_eq(liion_spec_limits_set_default(wet, LIION_SPEC_WET_FILM_THICKNESS, 100.0),
                     LIION_OK);
    ck_assert_int_eq(liion_spec_limits_new(&dew, ctx, "DRY-ROOM-2", 7), LIION_OK);
    ck_assert_int_eq(liion_spec_limits_set_default(dew, LIION_SPEC_DRY_ROOM_DEW_POINT, 0),
                     LIION_OK);
    ck_assert_int_eq(liion_spec_result_new(&res, ctx), LIION_OK);
}

static void teardown(void)
{
    liion_spec_result_free(res);
    liion_spec_limits_free(dew);
    liion_spec_limits_free(wet);
    liion_spec_selection_free(sel);
    liion_spec_registry_free(reg);
    liion_plant_free(plant);
    liion_ctx_free(ctx);
    res = NULL;
    dew = wet = NULL;
    sel = NULL;
    reg = NULL;
    plant = NULL;
    ctx = NULL;
}

/* Check a wet-film series on `where` and attach it to (kind, index); returns the record. */
static size_t attach_wet(liion_object_kind kind, uint32_t index, const char *where, double bad,
                         int64_t t)
{
    double v[6] = { 100.0, 101.0, bad, 99.0, 98.5, 101.5 };
    size_t rec = SIZE_MAX;
    liion_spec_result_clear(res);
    ck_assert_int_eq(liion_spec_check_values(res, wet, "wet_film_thickness", "4H", v, 6, where, 0),
                     LIION_OK);
    ck_assert_int_eq(liion_spec_registry_attach(&rec, reg, kind, index, res, wet,
                                                "wet_film_thickness", t),
                     LIION_OK);
    return rec;
}

static size_t attach_dew(liion_object_kind kind, uint32_t index, const char *where, int64_t t)
{
    double v[5] = { -45.0, -38.5, -41.0, -62.0, -40.0 };
    size_t rec = SIZE_MAX;
    liion_spec_result_clear(res);
    ck_assert_int_eq(liion_spec_check_values(res, dew, "dry_room_dew_point", "CEL", v, 5, where,
                                             100),
                     LIION_OK);
    ck_assert_int_eq(liion_spec_registry_attach(&rec, reg, kind, index, res, dew,
                                                "dry_room_dew_point", t),
                     LIION_OK);
    return rec;
}

START_TEST(attach_records_everything)
{
    liion_spec_record_info info;
    liion_spec_violation v, orig;
    size_t rec;
    double series[6] = { 100.0, 101.0, 102.0, 99.0, 98.5, 101.5 };

    ck_assert_uint_eq(liion_spec_registry_count(reg), 0);
    ck_assert_int_eq(liion_spec_check_values(res, wet, "wet_film_thickness", "4H", series, 6,
                                             "JUMBO-1", 0),
                     LIION_OK);
    ck_assert_uint_eq(liion_spec_result_failed(res), 1);
    ck_assert_int_eq(liion_spec_registry_attach(&rec, reg, LIION_OBJ_LOT, J, res, wet,
                                                "wet_film_thickness", 123456789),
                     LIION_OK);
    ck_assert_uint_eq(rec, 0);
    ck_assert_uint_eq(liion_spec_registry_count(reg), 1);
    ck_assert_str_eq(liion_ctx_errmsg(ctx), "no error");

    memset(&orig, 0, sizeof orig);
    orig.struct_size = (uint32_t)sizeof orig;
    ck_assert_int_eq(liion_spec_result_violation(&orig, res, 0), LIION_OK);
    liion_spec_result_clear(res); /* the record is a copy */
    ck_assert_int_eq(liion_spec_check_value(res, wet, "wet_film_thickness", "4H", 90.0, "OTHER",
                                            9),
                     LIION_OK);

    memset(&info, 0, sizeof info);
    info.struct_size = (uint32_t)sizeof info;
    ck_assert_int_eq(liion_spec_registry_record(&info, reg, rec), LIION_OK);
    ck_assert_int_eq(info.kind, LIION_OBJ_LOT);
    ck_assert_uint_eq(info.index, J);
    ck_assert_str_eq(info.limits_owner, "NMC811-CATHODE");
    ck_assert_uint_eq(info.limits_version, 3);
    ck_assert_str_eq(info.param, "wet_film_thickness");
    ck_assert_str_eq(info.unit, "4H");
    ck_assert_int_eq(info.time, 123456789);
    ck_assert_uint_eq(info.checked, 6);
    ck_assert_uint_eq(info.failed, 1);
    ck_assert_uint_eq(info.warned, 0);
    ck_assert_uint_eq(info.dropped, 0);
    ck_assert_uint_eq(info.violations, 1);

    memset(&v, 0, sizeof v);
    v.struct_size = (uint32_t)sizeof v;
    ck_assert_int_eq(liion_spec_registry_violation(&v, reg, rec, 0), LIION_OK);
    ck_assert_int_eq(v.severity, LIION_SPEC_FAIL);
    ck_assert_int_eq(v.side, LIION_SPEC_SIDE_HIGH);
    ck_assert_uint_eq(v.index, 2);
    ck_assert(v.value == 102.0);
    ck_assert(v.limit == 101.5);
    ck_assert(v.value == orig.value && v.limit == orig.limit && v.index == orig.index);
    ck_assert_str_eq(v.param, "wet_film_thickness");
    ck_assert_str_eq(v.unit, "4H");
    ck_assert_str_eq(v.where, "JUMBO-1");

    /* Out of range, short structs. */
    ck_assert_int_eq(liion_spec_registry_violation(&v, reg, rec, 1), LIION_E_RANGE);
    ck_errmsg_has("past the 1 stored");
    ck_assert_int_eq(liion_spec_registry_record(&info, reg, 1), LIION_E_RANGE);
    ck_errmsg_has("past the 1 records");
    {
        liion_spec_record_info small;
        memset(&small, 0xab, sizeof small);
        small.struct_size = (uint32_t)offsetof(liion_spec_record_info, limits_version);
        ck_assert_int_eq(liion_spec_registry_record(&small, reg, rec), LIION_OK);
        ck_assert_uint_eq(small.index, J);
        ck_assert_uint_eq(small.limits_version, 0xababababu); /* not written */
        small.struct_size = 0;
        ck_assert_int_eq(liion_spec_registry_record(&small, reg, rec), LIION_E_INVALID_ARG);
    }

    /* Warnings and limits without the parameter; a NULL set (completeness-only checks). */
    {
        size_t r2, r3;
        double pd = 20.0, dw = 30.0;
        liion_spec_result_clear(res);
        ck_assert_int_eq(liion_spec_check_value(res, dew, "dry_room_dew_point", "CEL", -65.0,
                                                "DRY-ROOM-2", 0),
                         LIION_OK);
        ck_assert_int_eq(liion_spec_registry_attach(&r2, reg, LIION_OBJ_LOT, J, res, dew,
                                                    "dry_room_dew_point", 5),
                         LIION_OK);
        ck_assert_int_eq(liion_spec_registry_record(&info, reg, r2), LIION_OK);
        ck_assert_uint_eq(info.warned, 1);
        ck_assert_uint_eq(info.failed, 0);
        ck_assert_uint_eq(info.violations, 1);
        ck_assert_int_eq(liion_spec_registry_violation(&v, reg, r2, 0), LIION_OK);
        ck_assert_int_eq(v.severity, LIION_SPEC_WARN);

        liion_spec_result_clear(res);
        ck_assert_int_eq(liion_spec_check_transfer(res, NULL, &pd, &dw, NULL, "JUMBO-1", 4),
                         LIION_OK);
        ck_assert_int_eq(liion_spec_registry_attach(&r3, reg, LIION_OBJ_LOT, J, res, NULL,
                                                    "transfer_record", 6),
                         LIION_OK);
        ck_assert_int_eq(liion_spec_registry_record(&info, reg, r3), LIION_OK);
        ck_assert_str_eq(info.limits_owner, "");
        ck_assert_uint_eq(info.limits_version, 0);
        ck_assert_str_eq(info.unit, "");
        ck_assert_uint_eq(info.failed, 1);
        ck_assert_int_eq(liion_spec_registry_violation(&v, reg, r3, 0), LIION_OK);
        ck_assert_int_eq(v.side, LIION_SPEC_SIDE_MISSING);
        ck_assert_str_eq(v.param, "gripper_vacuum");
        ck_assert(isnan(v.value));
    }

    /* A capped result: the record keeps what was stored and counts what was dropped. */
    {
        size_t r4;
        double bad[4] = { 90.0, 91.0, 100.0, 110.0 };
        liion_spec_result_clear(res);
        ck_assert_int_eq(liion_spec_result_set_max_violations(res, 1), LIION_OK);
        ck_assert_int_eq(liion_spec_check_values(res, wet, "wet_film_thickness", "4H", bad, 4,
                                                 "JUMBO-1", 50),
                         LIION_OK);
        ck_assert_int_eq(liion_spec_registry_attach(&r4, reg, LIION_OBJ_LOT, D1, res, wet,
                                                    "wet_film_thickness", 7),
                         LIION_OK);
        ck_assert_uint_eq(r4, 3);
        ck_assert_int_eq(liion_spec_registry_record(&info, reg, r4), LIION_OK);
        ck_assert_uint_eq(info.checked, 4);
        ck_assert_uint_eq(info.failed, 3);
        ck_assert_uint_eq(info.violations, 1);
        ck_assert_uint_eq(info.dropped, 2);
        ck_assert_int_eq(liion_spec_registry_violation(&v, reg, r4, 0), LIION_OK);
        ck_assert_uint_eq(v.index, 50);
        ck_assert(v.value == 90.0 && v.limit == 98.5);
        ck_assert_int_eq(v.side, LIION_SPEC_SIDE_LOW);
    }
    ck_assert_uint_eq(liion_spec_registry_count(reg), 4);
}
END_TEST

START_TEST(attach_refuses_bad_input)
{
    size_t rec = 7;
    char longp[LIION_SPEC_MAX_PARAM_BYTES + 2];
    ck_assert_int_eq(liion_spec_check_value(res, wet, "wet_film_thickness", "4H", 95.0, "x", 0),
                     LIION_OK);

    ck_assert_int_eq(liion_spec_registry_attach(&rec, reg, LIION_OBJ_LOT, 999, res, wet,
                                                "wet_film_thickness", 0),
                     LIION_E_NOT_FOUND);
    ck_errmsg_has("no lot with index 999");
    ck_assert_uint_eq(rec, SIZE_MAX);
    ck_assert_int_eq(liion_spec_registry_attach(&rec, reg, LIION_OBJ_RESPONSE, 3, res, wet,
                                                "wet_film_thickness", 0),
                     LIION_E_NOT_FOUND);
    ck_errmsg_has("no segment response with index 3 (it has 3)");
    ck_assert_int_eq(liion_spec_registry_attach(&rec, reg, (liion_object_kind)99, 0, res, wet,
                                                "wet_film_thickness", 0),
                     LIION_E_INVALID_ARG);
    ck_errmsg_has("unknown object kind 99");
    ck_assert_int_eq(liion_spec_registry_attach(&rec, reg, (liion_object_kind)0, 0, res, wet,
                                                "wet_film_thickness", 0),
                     LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_spec_registry_attach(&rec, reg, LIION_OBJ_LOT, J, NULL, wet,
                                                "wet_film_thickness", 0),
                     LIION_E_INVALID_ARG);
    ck_errmsg_has("result is NULL");
    ck_assert_int_eq(liion_spec_registry_attach(&rec, reg, LIION_OBJ_LOT, J, res, wet, NULL, 0),
                     LIION_E_INVALID_ARG);
    ck_errmsg_has("parameter is missing");
    ck_assert_int_eq(liion_spec_registry_attach(&rec, reg, LIION_OBJ_LOT, J, res, wet, "", 0),
                     LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_spec_registry_attach(&rec, reg, LIION_OBJ_LOT, J, res, wet,
                                                "wet\nfilm", 0),
                     LIION_E_INVALID_ARG);
    ck_errmsg_has("control character");
    memset(longp, 'p', sizeof longp - 1);
    longp[sizeof longp - 1] = '\0';
    ck_assert_int_eq(liion_spec_registry_attach(&rec, reg, LIION_OBJ_LOT, J, res, wet, longp, 0),
                     LIION_E_INVALID_ARG);
    ck_errmsg_has("longer than 256");
    ck_assert_int_eq(liion_spec_registry_attach(&rec, NULL, LIION_OBJ_LOT, J, res, wet, "p", 0),
                     LIION_E_INVALID_ARG);
    /* A limit set where a result belongs (wrong handle type) is refused, not read. */
    ck_assert_int_eq(liion_spec_registry_attach(&rec, reg, LIION_OBJ_LOT, J,
                                                (liion_spec_result *)(void *)wet, wet, "p", 0),
                     LIION_E_MISUSE);
    ck_assert_int_eq(liion_spec_registry_attach(&rec, reg, LIION_OBJ_LOT, J, res,
                                                (liion_spec_limits *)(void *)res, "p", 0),
                     LIION_E_MISUSE);
    ck_assert_uint_eq(liion_spec_registry_count(reg), 0); /* nothing half-added */

    /* Queries refuse unknown objects too; constructors refuse NULLs. */
    ck_assert_int_eq(liion_spec_registry_select_closure(reg, sel, 999, 0), LIION_E_NOT_FOUND);
    ck_errmsg_has("no lot with index 999");
    ck_assert_int_eq(liion_spec_registry_select_object(reg, sel, LIION_OBJ_PERSON, 0),
                     LIION_E_NOT_FOUND);
    ck_assert_int_eq(liion_spec_registry_select_object(reg, NULL, LIION_OBJ_LOT, J),
                     LIION_E_INVALID_ARG);
    {
        liion_spec_registry *r2 = (liion_spec_registry *)(void *)&rec;
        liion_spec_selection *s2 = (liion_spec_selection *)(void *)&rec;
        ck_assert_int_eq(liion_spec_registry_new(&r2, ctx, NULL), LIION_E_INVALID_ARG);
        ck_assert_ptr_null(r2);
        ck_assert_int_eq(liion_spec_registry_new(NULL, ctx, plant), LIION_E_INVALID_ARG);
        ck_assert_int_eq(liion_spec_selection_new(&s2, NULL), LIION_E_INVALID_ARG);
        ck_assert_ptr_null(s2);
    }
    liion_spec_registry_free(NULL);
    liion_spec_selection_free(NULL);
    ck_assert_uint_eq(liion_spec_registry_count(NULL), 0);
    ck_assert_uint_eq(liion_spec_selection_count(NULL), 0);
    ck_assert_int_eq(liion_spec_selection_next(NULL, NULL, NULL), 0);
}
END_TEST

START_TEST(select_object_lot_sublot_response)
{
    size_t a = attach_wet(LIION_OBJ_LOT, J, "JUMBO-1", 102.0, 1);
    size_t b = attach_dew(LIION_OBJ_LOT, D1, "JUMBO-1-A", 2);
    size_t c = attach_dew(LIION_OBJ_RESPONSE, R_stack, "stack-run-1", 3);
    size_t d = attach_wet(LIION_OBJ_LOT, J, "JUMBO-1", 97.0, 4);
    size_t r;
    uint32_t depth;

    ck_assert_int_eq(liion_spec_registry_select_object(reg, sel, LIION_OBJ_LOT, J), LIION_OK);
    ck_assert_uint_eq(liion_spec_selection_count(sel), 2);
    ck_assert_uint_eq(liion_spec_selection_record(sel, 0), a); /* attach order */
    ck_assert_uint_eq(liion_spec_selection_record(sel, 1), d);
    ck_assert_uint_eq(liion_spec_selection_record(sel, 2), SIZE_MAX);
    ck_assert_uint_eq(liion_spec_selection_depth(sel, 0), 0);

    ck_assert_int_eq(liion_spec_registry_select_object(reg, sel, LIION_OBJ_LOT, D1), LIION_OK);
    ck_assert_uint_eq(liion_spec_selection_count(sel), 1);
    ck_assert_uint_eq(liion_spec_selection_record(sel, 0), b);

    ck_assert_int_eq(liion_spec_registry_select_object(reg, sel, LIION_OBJ_RESPONSE, R_stack),
                     LIION_OK);
    ck_assert_uint_eq(liion_spec_selection_count(sel), 1);
    ck_assert(liion_spec_selection_next(sel, &r, &depth));
    ck_assert_uint_eq(r, c);
    ck_assert_uint_eq(depth, 0);
    ck_assert(!liion_spec_selection_next(sel, &r, &depth));
    liion_spec_selection_rewind(sel);
    ck_assert(liion_spec_selection_next(sel, NULL, NULL));

    /* An object with no record: no rows, no error; the sublot's records are not the lot's. */
    ck_assert_int_eq(liion_spec_registry_select_object(reg, sel, LIION_OBJ_LOT, C2), LIION_OK);
    ck_assert_uint_eq(liion_spec_selection_count(sel), 0);
    {
        liion_spec_record_info info;
        memset(&info, 0, sizeof info);
        info.struct_size = (uint32_t)sizeof info;
        ck_assert_int_eq(liion_spec_registry_record(&info, reg, c), LIION_OK);
        ck_assert_int_eq(info.kind, LIION_OBJ_RESPONSE);
        ck_assert_uint_eq(info.index, R_stack);
        ck_assert_str_eq(info.limits_owner, "DRY-ROOM-2");
        ck_assert_uint_eq(info.limits_version, 7);
        ck_assert_uint_eq(info.checked, 5);
        ck_assert_uint_eq(info.failed, 1);  /* -38.5 */
        ck_assert_uint_eq(info.warned, 1);  /* -62 */
        ck_assert_uint_eq(info.violations, 2);
    }
}
END_TEST

START_TEST(closure_of_a_cell)
{
    size_t on_s = attach_wet(LIION_OBJ_LOT, S, "SLURRY-1", 100.0, 1);
    size_t on_j = attach_wet(LIION_OBJ_LOT, J, "JUMBO-1", 102.0, 2);
    size_t on_coat = attach_dew(LIION_OBJ_RESPONSE, R_coat, "coat-run-1", 3);
    size_t on_d1 = attach_dew(LIION_OBJ_LOT, D1, "JUMBO-1-A", 4);
    size_t on_stack = attach_dew(LIION_OBJ_RESPONSE, R_stack, "stack-run-1", 5);
    size_t on_c1 = attach_wet(LIION_OBJ_LOT, C1, "CELL-1", 97.0, 6);
    size_t on_u = attach_wet(LIION_OBJ_LOT, U, "JUMBO-9", 103.0, 7);
    size_t on_other = attach_dew(LIION_OBJ_RESPONSE, R_other, "stack-run-9", 8);
    size_t on_c2 = attach_wet(LIION_OBJ_LOT, C2, "CELL-9", 96.0, 9);
    size_t expect_rec[6] = { on_c1, on_stack, on_d1, on_j, on_coat, on_s };
    uint32_t expect_depth[6] = { 0, 0, 1, 2, 2, 3 };
    size_t r;
    uint32_t depth;
    size_t i = 0;

    ck_assert_int_eq(liion_spec_registry_select_closure(reg, sel, C1, 0), LIION_OK);
    ck_assert_uint_eq(liion_spec_selection_count(sel), 6);
    while (liion_spec_selection_next(sel, &r, &depth)) {
        ck_assert_uint_lt(i, 6);
        ck_assert_msg(r == expect_rec[i] && depth == expect_depth[i],
                      "row %zu: record %zu depth %u, expected %zu depth %u", i, r,
                      (unsigned)depth, expect_rec[i], (unsigned)expect_depth[i]);
        ck_assert(r != on_u && r != on_other && r != on_c2);
        i++;
    }
    ck_assert_uint_eq(i, 6);

    /* The lot's result is reachable with its violation intact. */
    {
        liion_spec_violation v;
        memset(&v, 0, sizeof v);
        v.struct_size = (uint32_t)sizeof v;
        ck_assert_int_eq(liion_spec_registry_violation(&v, reg, liion_spec_selection_record(sel, 3),
                                                       0),
                         LIION_OK);
        ck_assert_str_eq(v.where, "JUMBO-1");
        ck_assert(v.value == 102.0);
    }

    /* Depth limit: the cell, its producer and the daughter roll only. */
    ck_assert_int_eq(liion_spec_registry_select_closure(reg, sel, C1, 1), LIION_OK);
    ck_assert_uint_eq(liion_spec_selection_count(sel), 3);
    ck_assert_uint_eq(liion_spec_selection_record(sel, 2), on_d1);

    /* The unrelated cell sees only its own branch. */
    ck_assert_int_eq(liion_spec_registry_select_closure(reg, sel, C2, 0), LIION_OK);
    ck_assert_uint_eq(liion_spec_selection_count(sel), 3);
    ck_assert_uint_eq(liion_spec_selection_record(sel, 0), on_c2);
    ck_assert_uint_eq(liion_spec_selection_record(sel, 1), on_other);
    ck_assert_uint_eq(liion_spec_selection_record(sel, 2), on_u);

    /* From the jumbo roll upwards, nothing of the cell below it. */
    ck_assert_int_eq(liion_spec_registry_select_closure(reg, sel, J, 0), LIION_OK);
    ck_assert_uint_eq(liion_spec_selection_count(sel), 3);
    ck_assert_uint_eq(liion_spec_selection_record(sel, 0), on_j);
    ck_assert_uint_eq(liion_spec_selection_record(sel, 1), on_coat);
    ck_assert_uint_eq(liion_spec_selection_record(sel, 2), on_s);
    ck_assert_str_eq(liion_ctx_errmsg(ctx), "no error");
}
END_TEST

static uint64_t rng_state = 0x243f6a8885a308d3ull;
static uint32_t rnd(uint32_t n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state % n);
}

/* Random layered genealogy without sublots: the lots of the closure's records must be exactly
 * the cell plus the plant's own full backward trace. */
START_TEST(closure_matches_backward_trace)
{
    enum { N = 120 };
    uint32_t lots[N];
    liion_trace *tr;
    char id[32];
    ck_assert_int_eq(liion_trace_new(&tr, ctx), LIION_OK);
    for (uint32_t i = 0; i < N; i++) {
        snprintf(id, sizeof id, "R-%u", (unsigned)i);
        ck_assert_int_eq(liion_plant_lot_add(&lots[i], plant, NULL, id, LIION_PLANT_NONE,
                                             LIION_PLANT_NONE), LIION_OK);
        attach_wet(LIION_OBJ_LOT, lots[i], id, 100.0 + (double)(i % 5), (int64_t)i);
    }
    for (uint32_t i = 10; i < N; i++) { /* each lot made from up to 3 earlier lots */
        uint32_t resp;
        snprintf(id, sizeof id, "mk-%u", (unsigned)i);
        ck_assert_int_eq(liion_plant_response_add(&resp, plant, NULL, id, LIION_PLANT_NONE, 0, 1),
                         LIION_OK);
        for (uint32_t k = 0, m = 1 + rnd(3); k < m; k++)
            ck_assert_int_eq(liion_plant_response_add_material(plant, resp, lots[rnd(i)],
                                                               LIION_USE_CONSUMED),
                             LIION_OK);
        ck_assert_int_eq(liion_plant_response_add_material(plant, resp, lots[i],
                                                           LIION_USE_PRODUCED),
                         LIION_OK);
    }
    for (uint32_t t = 0; t < 30; t++) {
        uint32_t cell = lots[N - 1 - rnd(40)];
        size_t rows, expect;
        ck_assert_int_eq(liion_plant_trace_backward(plant, tr, cell, 0, LIION_FILTER_NONE, 0),
                         LIION_OK);
        expect = liion_trace_count(tr) + 1;
        ck_assert_int_eq(liion_spec_registry_select_closure(reg, sel, cell, 0), LIION_OK);
        rows = liion_spec_selection_count(sel);
        ck_assert_uint_eq(rows, expect);
        for (size_t i = 0; i < rows; i++) {
            liion_spec_record_info info;
            memset(&info, 0, sizeof info);
            info.struct_size = (uint32_t)sizeof info;
            ck_assert_int_eq(
                liion_spec_registry_record(&info, reg, liion_spec_selection_record(sel, i)),
                LIION_OK);
            ck_assert_int_eq(info.kind, LIION_OBJ_LOT);
            ck_assert(info.index == cell || liion_trace_contains(tr, info.index));
            if (i > 0)
                ck_assert_uint_ge(liion_spec_selection_depth(sel, i),
                                  liion_spec_selection_depth(sel, i - 1));
        }
        ck_assert_uint_eq(liion_spec_selection_depth(sel, 0), 0);
    }
    /* Steady state: the same queries again allocate nothing. */
    {
        uint64_t used;
        for (uint32_t i = 0; i < N; i++) /* warm up: every buffer reaches its largest size */
            ck_assert_int_eq(liion_spec_registry_select_closure(reg, sel, lots[i], 0), LIION_OK);
        used = liion_ctx_memory_used(ctx);
        for (uint32_t i = 0; i < N; i++)
            ck_assert_int_eq(liion_spec_registry_select_closure(reg, sel, lots[i], 0), LIION_OK);
        ck_assert_uint_eq(liion_ctx_memory_used(ctx), used);
    }
    liion_trace_free(tr);
}
END_TEST

/* ---- allocation failure -------------------------------------------------------------------- */

static liion_status body_attach_query(const liion_allocator *hooks, void *user)
{
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *c = NULL;
    liion_plant *p = NULL;
    liion_spec_registry *g = NULL;
    liion_spec_selection *s = NULL;
    liion_spec_limits *l = NULL;
    liion_spec_result *r = NULL;
    uint32_t lot[4], resp = 0;
    double v[40];
    liion_status st;
    char id[16];
    (void)user;
    for (int i = 0; i < 40; i++)
        v[i] = 100.0 + (i % 3 == 0 ? 2.0 : 0.0);
    o.allocator = hooks;
    if ((st = liion_ctx_new(&c, &o)) != LIION_OK)
        return st;
    st = liion_plant_new(&p, c);
    for (uint32_t i = 0; i < 4 && st == LIION_OK; i++) {
        snprintf(id, sizeof id, "L%u", (unsigned)i);
        st = liion_plant_lot_add(&lot[i], p, NULL, id, LIION_PLANT_NONE,
                                 i == 1 ? lot[0] : LIION_PLANT_NONE);
    }
    if (st == LIION_OK)
        st = liion_plant_response_add(&resp, p, NULL, "mk", LIION_PLANT_NONE, 0, 1);
    if (st == LIION_OK)
        st = liion_plant_response_add_material(p, resp, lot[1], LIION_USE_CONSUMED);
    if (st == LIION_OK)
        st = liion_plant_response_add_material(p, resp, lot[2], LIION_USE_PRODUCED);
    if (st == LIION_OK)
        st = liion_spec_limits_new(&l, c, "OWNER", 1);
    if (st == LIION_OK)
        st = liion_spec_limits_set_default(l, LIION_SPEC_WET_FILM_THICKNESS, 100.0);
    if (st == LIION_OK)
        st = liion_spec_result_new(&r, c);
    if (st == LIION_OK)
        st = liion_spec_check_values(r, l, "wet_film_thickness", "4H", v, 40, "L0", 0);
    if (st == LIION_OK)
        st = liion_spec_registry_new(&g, c, p);
    if (st == LIION_OK)
        st = liion_spec_selection_new(&s, c);
    for (int k = 0; k < 12 && st == LIION_OK; k++) /* records grow; strings repeat and are new */
        st = liion_spec_registry_attach(NULL, g, k % 4 == 3 ? LIION_OBJ_RESPONSE : LIION_OBJ_LOT,
                                        k % 4 == 3 ? resp : lot[k % 3], r, l,
                                        k % 2 ? "wet_film_thickness" : "wet_film_b", k);
    if (st == LIION_OK)
        st = liion_spec_registry_select_closure(g, s, lot[2], 0);
    if (st == LIION_OK && liion_spec_selection_count(s) != 12)
        st = LIION_E_STATE;
    if (st == LIION_OK)
        st = liion_spec_registry_select_object(g, s, LIION_OBJ_LOT, lot[0]);
    liion_spec_selection_free(s);
    liion_spec_registry_free(g);
    liion_spec_result_free(r);
    liion_spec_limits_free(l);
    liion_plant_free(p);
    liion_ctx_free(c);
    return st;
}

START_TEST(allocation_failure_loop)
{
    ck_assert_uint_gt(liion_test_alloc_loop("spec registry attach + closure query",
                                            body_attach_query, NULL),
                      10);
}
END_TEST

static Suite *spec_plant_suite(void)
{
    Suite *s = suite_create("spec_plant");
    TCase *tc = tcase_create("spec_plant");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, attach_records_everything);
    tcase_add_test(tc, attach_refuses_bad_input);
    tcase_add_test(tc, select_object_lot_sublot_response);
    tcase_add_test(tc, closure_of_a_cell);
    tcase_add_test(tc, closure_matches_backward_trace);
    tcase_add_test(tc, allocation_failure_loop);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return liion_test_run(spec_plant_suite());
}
