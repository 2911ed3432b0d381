/* Tests of the ISA-95 object model of liion_plant (include/liion/plant.h, lib/isa95). */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include <liion/liion.h>

#include "support/failalloc.h"
#include "support/run.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

_Static_assert(LIION_EQ_ENTERPRISE == 0, "OPC 10030 value");
_Static_assert(LIION_EQ_SITE == 1, "OPC 10030 value");
_Static_assert(LIION_EQ_AREA == 2, "OPC 10030 value");
_Static_assert(LIION_EQ_PROCESS_CELL == 3, "OPC 10030 value");
_Static_assert(LIION_EQ_UNIT == 4, "OPC 10030 value");
_Static_assert(LIION_EQ_PRODUCTION_LINE == 5, "OPC 10030 value");
_Static_assert(LIION_EQ_WORK_CELL == 6, "OPC 10030 value");
_Static_assert(LIION_EQ_PRODUCTION_UNIT == 7, "OPC 10030 value");
_Static_assert(LIION_EQ_STORAGE_ZONE == 8, "OPC 10030 value");
_Static_assert(LIION_EQ_STORAGE_UNIT == 9, "OPC 10030 value");
_Static_assert(LIION_EQ_WORK_CENTER == 10, "OPC 10030 value");
_Static_assert(LIION_EQ_WORK_UNIT == 11, "OPC 10030 value");
_Static_assert(LIION_EQ_EQUIPMENT_MODULE == 12, "OPC 10030 value");
_Static_assert(LIION_EQ_CONTROL_MODULE == 13, "OPC 10030 value");
_Static_assert(LIION_EQ_OTHER == 14, "OPC 10030 value");
_Static_assert(sizeof(liion_equipment_level) == 4, "enum is 32 bits");
_Static_assert(LIION_DISP_PLANNED == 1 && LIION_DISP_CLOSED == 5, "disposition values");
_Static_assert(LIION_RESPONSE_WAITING == 1 && LIION_RESPONSE_OTHER == 10, "ResponseState values");
_Static_assert(LIION_OBJ_JOB_RESPONSE == 9 && LIION_OBJ_TEST_RESULT == 10, "appended kinds");

static liion_ctx *ctx;
static liion_plant *pl;

static void setup(void)
{
    ck_assert_int_eq(liion_ctx_new(&ctx, NULL), LIION_OK);
    ck_assert_int_eq(liion_plant_new(&pl, ctx), LIION_OK);
}

static void teardown(void)
{
    liion_plant_free(pl);
    liion_ctx_free(ctx);
    pl = NULL;
    ctx = NULL;
}

#define OK(x) ck_assert_msg((x) == LIION_OK, "%s: %s", #x, liion_ctx_errmsg(ctx))
#define FAILS(x, code, text)                                                                  \
    do {                                                                                      \
        liion_status st_ = (x);                                                               \
        ck_assert_msg(st_ == (code), "%s returned %s (%s)", #x, liion_status_str(st_),      \
                      liion_ctx_errmsg(ctx));                                                 \
        ck_assert_msg(strstr(liion_ctx_errmsg(ctx), (text)) != NULL,                         \
                      "message '%s' lacks '%s'", liion_ctx_errmsg(ctx), (text));            \
    } while (0)

START_TEST(new_free_and_bad_args)
{
    liion_plant *p = (liion_plant *)1;
    ck_assert_int_eq(liion_plant_new(NULL, ctx), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_plant_new(&p, NULL), LIION_E_INVALID_ARG);
    ck_assert_ptr_null(p);
    liion_plant_free(NULL);
    ck_assert_uint_eq(liion_plant_count(NULL, LIION_OBJ_LOT), 0);
    ck_assert_uint_eq(liion_plant_count(pl, LIION_OBJ_LOT), 0);
    ck_assert_uint_eq(liion_plant_count(pl, (liion_object_kind)99), 0);
    ck_assert_ptr_null(liion_plant_id(pl, LIION_OBJ_LOT, 0));
    ck_assert_uint_eq(liion_plant_edge_count(pl), 0);
    /* a wrong handle type is refused, not used */
    ck_assert_int_eq(liion_plant_compact((liion_plant *)(void *)ctx), LIION_E_MISUSE);
}
END_TEST

START_TEST(ids_schemes_and_lookup)
{
    uint32_t a, b, c, f;
    OK(liion_plant_lot_add(&a, pl, NULL, "L-1", LIION_PLANT_NONE, LIION_PLANT_NONE));
    OK(liion_plant_lot_add(&b, pl, "supplierA", "L-1", LIION_PLANT_NONE, LIION_PLANT_NONE));
    OK(liion_plant_lot_add(&c, pl, "GS1", "(10)L-1", LIION_PLANT_NONE, LIION_PLANT_NONE));
    ck_assert_uint_eq(a, 0);
    ck_assert_uint_eq(b, 1);
    ck_assert_uint_eq(c, 2);
    OK(liion_plant_find(&f, pl, LIION_OBJ_LOT, NULL, "L-1"));
    ck_assert_uint_eq(f, a);
    OK(liion_plant_find(&f, pl, LIION_OBJ_LOT, "", "L-1"));
    ck_assert_uint_eq(f, a);
    OK(liion_plant_find(&f, pl, LIION_OBJ_LOT, "supplierA", "L-1"));
    ck_assert_uint_eq(f, b);
    ck_assert_str_eq(liion_plant_id(pl, LIION_OBJ_LOT, b), "L-1");
    ck_assert_str_eq(liion_plant_scheme(pl, LIION_OBJ_LOT, b), "supplierA");
    ck_assert_str_eq(liion_plant_scheme(pl, LIION_OBJ_LOT, a), "");
    ck_assert_str_eq(liion_plant_id(pl, LIION_OBJ_LOT, c), "(10)L-1");
    /* kinds are separate name spaces */
    FAILS(liion_plant_find(&f, pl, LIION_OBJ_EQUIPMENT, NULL, "L-1"), LIION_E_NOT_FOUND,
          "unknown equipment ID 'L-1'");
    ck_assert_uint_eq(f, LIION_PLANT_NONE);
    FAILS(liion_plant_find(&f, pl, LIION_OBJ_LOT, "supplierB", "L-1"), LIION_E_NOT_FOUND,
          "scheme 'supplierB'");
    FAILS(liion_plant_lot_add(NULL, pl, "supplierA", "L-1", LIION_PLANT_NONE, LIION_PLANT_NONE),
          LIION_E_EXISTS, "already exists");
    FAILS(liion_plant_lot_add(NULL, pl, NULL, "", LIION_PLANT_NONE, LIION_PLANT_NONE),
          LIION_E_INVALID_ARG, "ID is empty");
    FAILS(liion_plant_lot_add(NULL, pl, NULL, NULL, LIION_PLANT_NONE, LIION_PLANT_NONE),
          LIION_E_INVALID_ARG, "ID is NULL");
    FAILS(liion_plant_lot_add(NULL, pl, NULL, "a\tb", LIION_PLANT_NONE, LIION_PLANT_NONE),
          LIION_E_INVALID_ARG, "control character");
    FAILS(liion_plant_lot_add(NULL, pl, "s\x1f", "x", LIION_PLANT_NONE, LIION_PLANT_NONE),
          LIION_E_INVALID_ARG, "control character");
    char longid[300];
    memset(longid, 'x', sizeof longid - 1);
    longid[sizeof longid - 1] = '\0';
    FAILS(liion_plant_lot_add(NULL, pl, NULL, longid, LIION_PLANT_NONE, LIION_PLANT_NONE),
          LIION_E_INVALID_ARG, "longer than 255");
    FAILS(liion_plant_find(&f, pl, (liion_object_kind)0, NULL, "L-1"), LIION_E_INVALID_ARG,
          "unknown object kind");
    ck_assert_uint_eq(liion_plant_count(pl, LIION_OBJ_LOT), 3);
    /* success clears the error state */
    OK(liion_plant_find(&f, pl, LIION_OBJ_LOT, NULL, "L-1"));
    ck_assert_str_eq(liion_ctx_errmsg(ctx), "no error");
}
END_TEST

START_TEST(many_ids_round_trip)
{
    char id[32];
    for (uint32_t i = 0; i < 20000; i++) {
        uint32_t x;
        snprintf(id, sizeof id, "CELL-%07u", (unsigned)(i * 7919u % 20000u));
        OK(liion_plant_lot_add(&x, pl, "line1", id, LIION_PLANT_NONE, LIION_PLANT_NONE));
        if (x != i)
            ck_abort_msg("index %u for the %u-th lot", (unsigned)x, (unsigned)i);
    }
    for (uint32_t i = 0; i < 20000; i++) {
        uint32_t x;
        snprintf(id, sizeof id, "CELL-%07u", (unsigned)(i * 7919u % 20000u));
        if (liion_plant_find(&x, pl, LIION_OBJ_LOT, "line1", id) != LIION_OK || x != i ||
            strcmp(liion_plant_id(pl, LIION_OBJ_LOT, x), id) != 0)
            ck_abort_msg("lookup of %s failed", id);
    }
}
END_TEST

START_TEST(equipment_hierarchy)
{
    uint32_t cls, site, area, line, coater, rack, ch;
    OK(liion_plant_equipment_class_add(&cls, pl, NULL, "CoaterClass", LIION_EQ_PRODUCTION_UNIT));
    OK(liion_plant_equipment_add(&site, pl, NULL, "GF1", LIION_EQ_SITE, LIION_PLANT_NONE,
                                 LIION_PLANT_NONE));
    OK(liion_plant_equipment_add(&area, pl, NULL, "ElectrodeShop", LIION_EQ_AREA, site,
                                 LIION_PLANT_NONE));
    OK(liion_plant_equipment_add(&coater, pl, NULL, "Coater-1", LIION_EQ_PRODUCTION_UNIT, area,
                                 cls));
    OK(liion_plant_equipment_add(&line, pl, NULL, "Stack-1", LIION_EQ_PRODUCTION_LINE, site,
                                 LIION_PLANT_NONE));
    OK(liion_plant_equipment_add(&rack, pl, NULL, "FormRack-7", LIION_EQ_WORK_CENTER, site,
                                 LIION_PLANT_NONE));
    OK(liion_plant_equipment_add(&ch, pl, NULL, "FormRack-7/ch-112", LIION_EQ_WORK_UNIT, rack,
                                 LIION_PLANT_NONE));
    ck_assert_int_eq(liion_plant_equipment_level(pl, coater), LIION_EQ_PRODUCTION_UNIT);
    ck_assert_int_eq(liion_plant_equipment_level(pl, ch), LIION_EQ_WORK_UNIT);
    ck_assert_uint_eq(liion_plant_equipment_parent(pl, ch), rack);
    ck_assert_uint_eq(liion_plant_equipment_parent(pl, site), LIION_PLANT_NONE);
    ck_assert_uint_eq(liion_plant_equipment_class(pl, coater), cls);
    ck_assert_uint_eq(liion_plant_equipment_class(pl, line), LIION_PLANT_NONE);
    ck_assert_uint_eq(liion_plant_equipment_parent(pl, 999), LIION_PLANT_NONE);
    FAILS(liion_plant_equipment_add(NULL, pl, NULL, "X", (liion_equipment_level)15,
                                    LIION_PLANT_NONE, LIION_PLANT_NONE),
          LIION_E_INVALID_ARG, "unknown equipment level 15");
    FAILS(liion_plant_equipment_add(NULL, pl, NULL, "X", LIION_EQ_UNIT, 77, LIION_PLANT_NONE),
          LIION_E_NOT_FOUND, "parent equipment");
    FAILS(liion_plant_equipment_add(NULL, pl, NULL, "X", LIION_EQ_UNIT, site, 5),
          LIION_E_NOT_FOUND, "equipment class");
    ck_assert_uint_eq(liion_plant_count(pl, LIION_OBJ_EQUIPMENT), 6);
    OK(liion_plant_prop_set_number(pl, LIION_OBJ_EQUIPMENT, coater, "LineSpeed", 60.0, "MTR"));
    liion_prop_type t;
    double v;
    const char *u;
    OK(liion_plant_prop_get(&t, &v, &u, pl, LIION_OBJ_EQUIPMENT, coater, "LineSpeed"));
    ck_assert_int_eq(t, LIION_PROP_NUMBER);
    ck_assert(v == 60.0);
    ck_assert_str_eq(u, "MTR");
}
END_TEST

START_TEST(materials_lots_sublots)
{
    uint32_t mc, md, jumbo, d1, d2, f;
    OK(liion_plant_material_class_add(&mc, pl, NULL, "CathodeElectrode"));
    OK(liion_plant_material_definition_add(&md, pl, NULL, "NMC811-Cathode-Roll", mc));
    FAILS(liion_plant_material_definition_add(NULL, pl, NULL, "X", 9), LIION_E_NOT_FOUND,
          "material class");
    OK(liion_plant_lot_add(&jumbo, pl, NULL, "J-0001", md, LIION_PLANT_NONE));
    OK(liion_plant_lot_add(&d1, pl, NULL, "J-0001/L1", md, jumbo));
    OK(liion_plant_lot_add(&d2, pl, NULL, "J-0001/L2", md, jumbo));
    ck_assert_uint_eq(liion_plant_lot_parent(pl, d2), jumbo);
    ck_assert_uint_eq(liion_plant_lot_parent(pl, jumbo), LIION_PLANT_NONE);
    ck_assert_uint_eq(liion_plant_lot_definition(pl, d1), md);
    ck_assert_uint_eq(liion_plant_definition_class(pl, md), mc);
    /* a sublot whose parent does not exist */
    FAILS(liion_plant_lot_add(NULL, pl, NULL, "J-0002/L1", md, 42), LIION_E_NOT_FOUND,
          "parent lot (index 42) does not exist");
    ck_assert_int_eq(liion_plant_find(&f, pl, LIION_OBJ_LOT, NULL, "J-0002/L1"),
                     LIION_E_NOT_FOUND);
    FAILS(liion_plant_lot_add(NULL, pl, NULL, "J-9", 7, LIION_PLANT_NONE), LIION_E_NOT_FOUND,
          "material definition");
    ck_assert_uint_eq(liion_plant_count(pl, LIION_OBJ_LOT), 3);
}
END_TEST

START_TEST(quantities_status_disposition)
{
    uint32_t lot;
    double v;
    const char *u;
    liion_qty_type t;
    OK(liion_plant_lot_add(&lot, pl, NULL, "CAM-77", LIION_PLANT_NONE, LIION_PLANT_NONE));
    FAILS(liion_plant_lot_quantity(&v, &u, &t, pl, lot), LIION_E_NOT_FOUND, "no quantity");
    FAILS(liion_plant_lot_set_quantity(pl, lot, 500.0, NULL, LIION_QTY_REAL),
          LIION_E_INVALID_ARG, "needs a unit");
    FAILS(liion_plant_lot_set_quantity(pl, lot, 500.0, "", LIION_QTY_REAL),
          LIION_E_INVALID_ARG, "needs a unit");
    FAILS(liion_plant_lot_set_quantity(pl, lot, 500.0, "kg", LIION_QTY_REAL),
          LIION_E_INVALID_ARG, "not a Rec 20 code");
    FAILS(liion_plant_lot_set_quantity(pl, lot, 500.0, "KILO", LIION_QTY_REAL),
          LIION_E_INVALID_ARG, "2 or 3 characters");
    FAILS(liion_plant_lot_set_quantity(pl, lot, NAN, "KGM", LIION_QTY_REAL),
          LIION_E_INVALID_ARG, "finite");
    FAILS(liion_plant_lot_set_quantity(pl, lot, 1, "KGM", (liion_qty_type)9),
          LIION_E_INVALID_ARG, "quantity type");
    FAILS(liion_plant_lot_set_quantity(pl, 5, 1, "KGM", LIION_QTY_REAL), LIION_E_NOT_FOUND,
          "no lot with index 5");
    OK(liion_plant_lot_set_quantity(pl, lot, 500.0, "KGM", LIION_QTY_REAL));
    OK(liion_plant_lot_quantity(&v, &u, &t, pl, lot));
    ck_assert(v == 500.0);
    ck_assert_str_eq(u, "KGM");
    ck_assert_int_eq(t, LIION_QTY_REAL);
    OK(liion_plant_lot_set_quantity(pl, lot, 12, "H87", LIION_QTY_INTEGER));
    OK(liion_plant_lot_quantity(&v, &u, &t, pl, lot));
    ck_assert(v == 12.0);
    ck_assert_str_eq(u, "H87");
    ck_assert_int_eq(t, LIION_QTY_INTEGER);

    ck_assert_int_eq(liion_plant_lot_disposition(pl, lot), LIION_DISP_NONE);
    OK(liion_plant_lot_set_disposition(pl, lot, LIION_DISP_UNRESTRICTED));
    ck_assert_int_eq(liion_plant_lot_disposition(pl, lot), LIION_DISP_UNRESTRICTED);
    FAILS(liion_plant_lot_set_disposition(pl, lot, (liion_disposition)7), LIION_E_INVALID_ARG,
          "unknown disposition");
    ck_assert_ptr_null(liion_plant_lot_status(pl, lot));
    OK(liion_plant_lot_set_status(pl, lot, "QA-HOLD"));
    ck_assert_str_eq(liion_plant_lot_status(pl, lot), "QA-HOLD");
    FAILS(liion_plant_lot_set_status(pl, lot, ""), LIION_E_INVALID_ARG, "status is empty");
}
END_TEST

START_TEST(properties)
{
    uint32_t lot;
    liion_prop_type t;
    double v;
    const char *s;
    OK(liion_plant_lot_add(&lot, pl, NULL, "J-1", LIION_PLANT_NONE, LIION_PLANT_NONE));
    OK(liion_plant_prop_set_number(pl, LIION_OBJ_LOT, lot, "CoatingWeight", 21.5, "GM"));
    OK(liion_plant_prop_set_text(pl, LIION_OBJ_LOT, lot, "Side", "A"));
    OK(liion_plant_prop_set_number(pl, LIION_OBJ_LOT, lot, "Porosity", 0.31, NULL));
    OK(liion_plant_prop_get(&t, &v, &s, pl, LIION_OBJ_LOT, lot, "CoatingWeight"));
    ck_assert_int_eq(t, LIION_PROP_NUMBER);
    ck_assert(v == 21.5);
    ck_assert_str_eq(s, "GM");
    OK(liion_plant_prop_get(&t, &v, &s, pl, LIION_OBJ_LOT, lot, "Side"));
    ck_assert_int_eq(t, LIION_PROP_TEXT);
    ck_assert_str_eq(s, "A");
    OK(liion_plant_prop_get(&t, &v, &s, pl, LIION_OBJ_LOT, lot, "Porosity"));
    ck_assert_str_eq(s, "");
    /* replace */
    OK(liion_plant_prop_set_text(pl, LIION_OBJ_LOT, lot, "Side", "B"));
    OK(liion_plant_prop_get(NULL, NULL, &s, pl, LIION_OBJ_LOT, lot, "Side"));
    ck_assert_str_eq(s, "B");
    FAILS(liion_plant_prop_get(&t, &v, &s, pl, LIION_OBJ_LOT, lot, "Missing"),
          LIION_E_NOT_FOUND, "has no property 'Missing'");
    FAILS(liion_plant_prop_set_number(pl, LIION_OBJ_LOT, 3, "X", 1, NULL), LIION_E_NOT_FOUND,
          "property owner");
    FAILS(liion_plant_prop_set_number(pl, LIION_OBJ_LOT, lot, "X", INFINITY, NULL),
          LIION_E_INVALID_ARG, "not finite");
    FAILS(liion_plant_prop_set_number(pl, LIION_OBJ_LOT, lot, "X", 1, "m"), LIION_E_INVALID_ARG,
          "Rec 20");
}
END_TEST

START_TEST(segments_responses_actuals)
{
    uint32_t seg, r, cam, slurry, eq;
    double in, out;
    int64_t s, e;
    uint32_t sg;
    OK(liion_plant_segment_add(&seg, pl, NULL, "Mixing", LIION_STEP_MIXING));
    ck_assert_int_eq(liion_plant_segment_step(pl, seg), LIION_STEP_MIXING);
    FAILS(liion_plant_segment_add(NULL, pl, NULL, "Bad", (liion_process_step)0),
          LIION_E_INVALID_ARG, "unknown process step");
    FAILS(liion_plant_response_add(NULL, pl, NULL, "R", seg, 10, 5), LIION_E_INVALID_ARG,
          "ends before it starts");
    FAILS(liion_plant_response_add(NULL, pl, NULL, "R", 9, 1, 5), LIION_E_NOT_FOUND,
          "process segment");
    OK(liion_plant_response_add(&r, pl, NULL, "MIX-001", seg, 1000, 2000));
    OK(liion_plant_response_info(&s, &e, &sg, pl, r));
    ck_assert(s == 1000 && e == 2000 && sg == seg);
    OK(liion_plant_equipment_add(&eq, pl, NULL, "Mixer-1", LIION_EQ_UNIT, LIION_PLANT_NONE,
                                 LIION_PLANT_NONE));
    OK(liion_plant_lot_add(&cam, pl, NULL, "CAM-1", LIION_PLANT_NONE, LIION_PLANT_NONE));
    OK(liion_plant_lot_add(&slurry, pl, NULL, "SL-1", LIION_PLANT_NONE, LIION_PLANT_NONE));
    FAILS(liion_plant_response_add_material_qty(pl, r, cam, LIION_USE_CONSUMED, 400, NULL),
          LIION_E_INVALID_ARG, "needs a unit");
    FAILS(liion_plant_response_add_material(pl, r, cam, (liion_material_use)0),
          LIION_E_INVALID_ARG, "unknown material use");
    FAILS(liion_plant_response_add_material(pl, r, 99, LIION_USE_CONSUMED), LIION_E_NOT_FOUND,
          "no lot with index 99");
    OK(liion_plant_response_add_equipment(pl, r, eq));
    OK(liion_plant_response_add_material_qty(pl, r, cam, LIION_USE_CONSUMED, 400, "KGM"));
    OK(liion_plant_response_add_material_qty(pl, r, cam, LIION_USE_CONSUMED, 100, "KGM"));
    OK(liion_plant_response_add_material_qty(pl, r, slurry, LIION_USE_PRODUCED, 480, "KGM"));
    OK(liion_plant_response_add_material_qty(pl, r, slurry, LIION_USE_PRODUCED, 300, "LTR"));
    ck_assert_uint_eq(liion_plant_lot_producer(pl, slurry), r);
    ck_assert_uint_eq(liion_plant_lot_producer(pl, cam), LIION_PLANT_NONE);
    /* 2 inputs x 2 outputs = 4 edges (parallel edges kept) */
    ck_assert_uint_eq(liion_plant_edge_count(pl), 4);
    OK(liion_plant_response_balance(&in, &out, pl, r, "KGM"));
    ck_assert(in == 500.0 && out == 480.0);
    OK(liion_plant_response_balance(&in, &out, pl, r, "LTR"));
    ck_assert(in == 0.0 && out == 300.0);
    OK(liion_plant_response_balance(&in, &out, pl, r, "MTR"));
    ck_assert(in == 0.0 && out == 0.0);
    FAILS(liion_plant_response_balance(&in, &out, pl, 7, "KGM"), LIION_E_NOT_FOUND,
          "segment response");
    FAILS(liion_plant_response_balance(&in, &out, pl, r, NULL), LIION_E_INVALID_ARG, "unit");

    /* equipment and personnel actuals, in the order recorded */
    uint32_t eq2, op1, op2;
    liion_trace *t;
    OK(liion_trace_new(&t, ctx));
    OK(liion_plant_equipment_add(&eq2, pl, NULL, "Mixer-2", LIION_EQ_UNIT, LIION_PLANT_NONE,
                                 LIION_PLANT_NONE));
    OK(liion_plant_response_add_equipment(pl, r, eq2));
    OK(liion_plant_person_add(&op1, pl, "badge", "4711"));
    OK(liion_plant_person_add(&op2, pl, "badge", "4712"));
    FAILS(liion_plant_person_add(NULL, pl, "badge", "4711"), LIION_E_EXISTS, "person ID '4711'");
    OK(liion_plant_response_add_person(pl, r, op2));
    OK(liion_plant_response_add_person(pl, r, op1));
    FAILS(liion_plant_response_add_person(pl, r, 9), LIION_E_NOT_FOUND, "no person with index 9");
    OK(liion_plant_response_equipment(pl, t, r));
    ck_assert_uint_eq(liion_trace_count(t), 2);
    ck_assert_uint_eq(liion_trace_index(t, 0), eq);
    ck_assert_uint_eq(liion_trace_index(t, 1), eq2);
    OK(liion_plant_response_persons(pl, t, r));
    ck_assert_uint_eq(liion_trace_count(t), 2);
    ck_assert_uint_eq(liion_trace_index(t, 0), op2);
    ck_assert_uint_eq(liion_trace_index(t, 1), op1);
    ck_assert_str_eq(liion_plant_id(pl, LIION_OBJ_PERSON, op1), "4711");
    ck_assert_uint_eq(liion_plant_count(pl, LIION_OBJ_PERSON), 2);
    FAILS(liion_plant_response_persons(pl, t, 55), LIION_E_NOT_FOUND, "segment response");
    liion_trace_free(t);
}
END_TEST

/* ---- allocation failure over the whole model ------------------------------------------- */

static liion_status build_model(const liion_allocator *hooks, void *user)
{
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *c;
    liion_plant *p = NULL;
    liion_status st;
    uint32_t cls, site, eq, mc, md, seg, r, a, b, x;
    char id[32];
    (void)user;
    o.allocator = hooks;
    if ((st = liion_ctx_new(&c, &o)) != LIION_OK)
        return st;
#define T(e)                                                                                  \
    do {                                                                                      \
        if ((st = (e)) != LIION_OK)                                                           \
            goto done;                                                                        \
    } while (0)
    T(liion_plant_new(&p, c));
    T(liion_plant_equipment_class_add(&cls, p, "acme", "Stacker", LIION_EQ_WORK_CELL));
    T(liion_plant_equipment_add(&site, p, NULL, "GF1", LIION_EQ_SITE, LIION_PLANT_NONE,
                                LIION_PLANT_NONE));
    T(liion_plant_equipment_add(&eq, p, NULL, "ST-1", LIION_EQ_WORK_CELL, site, cls));
    T(liion_plant_material_class_add(&mc, p, NULL, "Cell"));
    T(liion_plant_material_definition_add(&md, p, "GS1", "01234567890128", mc));
    T(liion_plant_segment_add(&seg, p, NULL, "Stacking", LIION_STEP_STACKING));
    T(liion_plant_lot_add(&a, p, NULL, "ROLL", md, LIION_PLANT_NONE));
    T(liion_plant_lot_add(&b, p, NULL, "ROLL/1", md, a));
    T(liion_plant_lot_set_quantity(p, a, 1200.0, "MTR", LIION_QTY_REAL));
    T(liion_plant_lot_set_status(p, a, "OK"));
    T(liion_plant_prop_set_number(p, LIION_OBJ_LOT, a, "Width", 1200, "MMT"));
    T(liion_plant_prop_set_text(p, LIION_OBJ_LOT, a, "Side", "A"));
    for (int i = 0; i < 40; i++) {
        snprintf(id, sizeof id, "R%d", i);
        T(liion_plant_response_add(&r, p, NULL, id, seg, i, i + 1));
        T(liion_plant_response_add_equipment(p, r, eq));
        snprintf(id, sizeof id, "C%d", i);
        T(liion_plant_lot_add(&x, p, "line", id, md, LIION_PLANT_NONE));
        T(liion_plant_response_add_material_qty(p, r, b, LIION_USE_CONSUMED, 2.5, "MTR"));
        T(liion_plant_response_add_material(p, r, x, LIION_USE_PRODUCED));
    }
    T(liion_plant_find(&x, p, LIION_OBJ_LOT, "line", "C7"));
    T(liion_plant_person_add(&x, p, NULL, "op-1"));
    T(liion_plant_response_add_person(p, r, x));
    {
        liion_trace *t = NULL;
        T(liion_trace_new(&t, c));
        st = liion_plant_response_persons(p, t, r);
        if (st == LIION_OK)
            st = liion_plant_response_equipment(p, t, r);
        liion_trace_free(t);
        if (st != LIION_OK)
            goto done;
    }
done:
#undef T
    liion_plant_free(p);
    liion_ctx_free(c);
    return st;
}


/* ---- job responses, test results, assembly attributes ----------------------------------- */

/* A small stacking job: two segment responses. */
static void small_job(liion_plant *p, uint32_t *job, uint32_t *r1, uint32_t *r2, uint32_t *cell)
{
    uint32_t seg, roll;
    OK(liion_plant_segment_add(&seg, p, NULL, "Stacking", LIION_STEP_STACKING));
    OK(liion_plant_lot_add(&roll, p, NULL, "D-1", LIION_PLANT_NONE, LIION_PLANT_NONE));
    OK(liion_plant_lot_add(cell, p, "GS1", "0104012345678901", LIION_PLANT_NONE,
                           LIION_PLANT_NONE));
    OK(liion_plant_response_add(r1, p, NULL, "SR-1", seg, 100, 200));
    OK(liion_plant_response_add(r2, p, NULL, "SR-2", seg, 50, 90));
    OK(liion_plant_response_add_material(p, *r1, roll, LIION_USE_CONSUMED));
    OK(liion_plant_response_add_material(p, *r1, *cell, LIION_USE_PRODUCED));
    OK(liion_plant_job_response_add(job, p, "mes", "JR-7", 0, 1000, LIION_RESPONSE_RUNNING));
}

START_TEST(job_responses)
{
    uint32_t job, job2, r1, r2, cell, x;
    int64_t t0, t1;
    liion_response_state stt;
    liion_trace *t;
    OK(liion_trace_new(&t, ctx));
    small_job(pl, &job, &r1, &r2, &cell);
    ck_assert_uint_eq(liion_plant_count(pl, LIION_OBJ_JOB_RESPONSE), 1);
    OK(liion_plant_find(&x, pl, LIION_OBJ_JOB_RESPONSE, "mes", "JR-7"));
    ck_assert_uint_eq(x, job);
    ck_assert_str_eq(liion_plant_scheme(pl, LIION_OBJ_JOB_RESPONSE, job), "mes");
    ck_assert_uint_eq(liion_plant_response_job(pl, r1), LIION_PLANT_NONE);
    OK(liion_plant_job_response_add_segment(pl, job, r1));
    OK(liion_plant_job_response_add_segment(pl, job, r2));
    ck_assert_uint_eq(liion_plant_response_job(pl, r1), job);
    ck_assert_uint_eq(liion_plant_response_job(pl, r2), job);
    OK(liion_plant_job_response_segments(pl, t, job));
    ck_assert_uint_eq(liion_trace_count(t), 2);
    ck_assert_uint_eq(liion_trace_index(t, 0), r1); /* order of adding */
    ck_assert_uint_eq(liion_trace_index(t, 1), r2);
    ck_assert(liion_trace_score(t, 1) == 50.0);
    OK(liion_plant_job_response_info(&t0, &t1, &stt, pl, job));
    ck_assert(t0 == 0 && t1 == 1000 && stt == LIION_RESPONSE_RUNNING);
    OK(liion_plant_job_response_set_state(pl, job, LIION_RESPONSE_COMPLETED));
    OK(liion_plant_job_response_info(NULL, NULL, &stt, pl, job));
    ck_assert_int_eq(stt, LIION_RESPONSE_COMPLETED);
    /* an empty job */
    OK(liion_plant_job_response_add(&job2, pl, NULL, "JR-8", 5, 5, LIION_RESPONSE_WAITING));
    OK(liion_plant_job_response_segments(pl, t, job2));
    ck_assert_uint_eq(liion_trace_count(t), 0);
    /* bad input */
    FAILS(liion_plant_job_response_add_segment(pl, job2, r1), LIION_E_EXISTS,
          "already belongs to job response 'JR-7'");
    FAILS(liion_plant_job_response_add(&x, pl, "mes", "JR-7", 0, 1, LIION_RESPONSE_READY),
          LIION_E_EXISTS, "already exists");
    ck_assert_uint_eq(x, LIION_PLANT_NONE);
    FAILS(liion_plant_job_response_add(&x, pl, NULL, "JR-9", 10, 9, LIION_RESPONSE_READY),
          LIION_E_INVALID_ARG, "ends before it starts");
    FAILS(liion_plant_job_response_add(&x, pl, NULL, "JR-9", 0, 9, (liion_response_state)11),
          LIION_E_INVALID_ARG, "unknown job response state");
    FAILS(liion_plant_job_response_add(&x, pl, NULL, "", 0, 9, LIION_RESPONSE_READY),
          LIION_E_INVALID_ARG, "ID is empty");
    FAILS(liion_plant_job_response_add_segment(pl, 77, r1), LIION_E_NOT_FOUND, "job response");
    FAILS(liion_plant_job_response_add_segment(pl, job, 77), LIION_E_NOT_FOUND,
          "segment response");
    FAILS(liion_plant_job_response_set_state(pl, job, (liion_response_state)0),
          LIION_E_INVALID_ARG, "unknown job response state");
    FAILS(liion_plant_job_response_info(NULL, NULL, NULL, pl, 77), LIION_E_NOT_FOUND,
          "job response");
    FAILS(liion_plant_job_response_segments(pl, t, 77), LIION_E_NOT_FOUND, "job response");
    ck_assert_uint_eq(liion_plant_response_job(pl, 77), LIION_PLANT_NONE);
    ck_assert_uint_eq(liion_plant_response_job(NULL, r1), LIION_PLANT_NONE);
    liion_trace_free(t);
}
END_TEST

START_TEST(test_results)
{
    uint32_t job, r1, r2, cell, other, a, b, c, x;
    double v;
    const char *unit;
    liion_test_outcome oc;
    int64_t when;
    liion_trace *t;
    OK(liion_trace_new(&t, ctx));
    small_job(pl, &job, &r1, &r2, &cell);
    OK(liion_plant_lot_add(&other, pl, NULL, "C-2", LIION_PLANT_NONE, LIION_PLANT_NONE));
    OK(liion_plant_test_result_add(&a, pl, NULL, "T-ACIR-1", cell, "ACIR", "ACIR 1 kHz", 0.42,
                                   "OHM", LIION_TEST_PASS, 3000));
    OK(liion_plant_test_result_add(&b, pl, "lab", "T-CAP-1", cell, "Capacity",
                                   "IEC 62660-1 7.3 capacity", 152.3, "AMH", LIION_TEST_FAIL,
                                   1000));
    OK(liion_plant_test_result_add(&c, pl, NULL, "T-VIS-1", cell, NULL, "visual", 1, "C62",
                                   LIION_TEST_INCONCLUSIVE, 3000));
    OK(liion_plant_test_result_add(&x, pl, NULL, "T-OTHER", other, "OCV", "OCV", 3.65, "VLT",
                                   LIION_TEST_PASS, 10));
    ck_assert_uint_eq(liion_plant_count(pl, LIION_OBJ_TEST_RESULT), 4);
    OK(liion_plant_test_result_info(&x, &v, &unit, &oc, &when, pl, b));
    ck_assert_uint_eq(x, cell);
    ck_assert(v == 152.3 && oc == LIION_TEST_FAIL && when == 1000);
    ck_assert_str_eq(unit, "AMH");
    ck_assert_str_eq(liion_plant_test_result_name(pl, b), "IEC 62660-1 7.3 capacity");
    ck_assert_str_eq(liion_plant_test_result_property(pl, b), "Capacity");
    ck_assert_str_eq(liion_plant_test_result_property(pl, c), "");
    ck_assert_str_eq(liion_plant_id(pl, LIION_OBJ_TEST_RESULT, b), "T-CAP-1");
    ck_assert_str_eq(liion_plant_scheme(pl, LIION_OBJ_TEST_RESULT, b), "lab");
    OK(liion_plant_find(&x, pl, LIION_OBJ_TEST_RESULT, NULL, "T-ACIR-1"));
    ck_assert_uint_eq(x, a);
    /* the cell's results by time, ties in recording order */
    OK(liion_plant_lot_test_results(pl, t, cell));
    ck_assert_uint_eq(liion_trace_count(t), 3);
    ck_assert_uint_eq(liion_trace_index(t, 0), b);
    ck_assert_uint_eq(liion_trace_index(t, 1), a);
    ck_assert_uint_eq(liion_trace_index(t, 2), c);
    ck_assert_uint_eq(liion_trace_depth(t, 0), LIION_TEST_FAIL);
    ck_assert(liion_trace_score(t, 2) == 3000.0);
    OK(liion_plant_lot_test_results(pl, t, other - 2)); /* the roll D-1: none */
    ck_assert_uint_eq(liion_trace_count(t), 0);
    /* bad input: missing unit, bad unit, unknown lot, bad outcome, NaN, empty name */
    FAILS(liion_plant_test_result_add(&x, pl, NULL, "T-X", cell, "V", "OCV", 3.6, NULL,
                                      LIION_TEST_PASS, 0),
          LIION_E_INVALID_ARG, "needs a unit");
    ck_assert_uint_eq(x, LIION_PLANT_NONE);
    FAILS(liion_plant_test_result_add(&x, pl, NULL, "T-X", cell, "V", "OCV", 3.6, "volt",
                                      LIION_TEST_PASS, 0),
          LIION_E_INVALID_ARG, "Rec 20");
    FAILS(liion_plant_test_result_add(&x, pl, NULL, "T-X", 999, "V", "OCV", 3.6, "VLT",
                                      LIION_TEST_PASS, 0),
          LIION_E_NOT_FOUND, "test result");
    FAILS(liion_plant_test_result_add(&x, pl, NULL, "T-X", cell, "V", "OCV", 3.6, "VLT",
                                      (liion_test_outcome)4, 0),
          LIION_E_INVALID_ARG, "unknown test outcome");
    FAILS(liion_plant_test_result_add(&x, pl, NULL, "T-X", cell, "V", "OCV", NAN, "VLT",
                                      LIION_TEST_PASS, 0),
          LIION_E_INVALID_ARG, "not finite");
    FAILS(liion_plant_test_result_add(&x, pl, NULL, "T-X", cell, "V", "", 3.6, "VLT",
                                      LIION_TEST_PASS, 0),
          LIION_E_INVALID_ARG, "test name is empty");
    FAILS(liion_plant_test_result_add(&x, pl, NULL, "T-X", cell, "V\x1f", "OCV", 3.6, "VLT",
                                      LIION_TEST_PASS, 0),
          LIION_E_INVALID_ARG, "control character");
    FAILS(liion_plant_test_result_add(&x, pl, "lab", "T-CAP-1", cell, "V", "OCV", 3.6, "VLT",
                                      LIION_TEST_PASS, 0),
          LIION_E_EXISTS, "already exists");
    ck_assert_uint_eq(liion_plant_count(pl, LIION_OBJ_TEST_RESULT), 4);
    FAILS(liion_plant_test_result_info(NULL, NULL, NULL, NULL, NULL, pl, 99), LIION_E_NOT_FOUND,
          "test result");
    FAILS(liion_plant_lot_test_results(pl, t, 99), LIION_E_NOT_FOUND, "test results");
    ck_assert_ptr_null(liion_plant_test_result_name(pl, 99));
    ck_assert_ptr_null(liion_plant_test_result_property(NULL, 0));
    liion_trace_free(t);
}
END_TEST

START_TEST(assembly_attributes)
{
    uint32_t cls, tray_cls, def, def2, lot;
    liion_assembly_type ty;
    liion_assembly_rel rel;
    OK(liion_plant_material_class_add(&cls, pl, NULL, "Cell"));
    OK(liion_plant_material_class_add(&tray_cls, pl, NULL, "FormationTray"));
    OK(liion_plant_material_definition_add(&def, pl, NULL, "NMC811-60Ah", cls));
    OK(liion_plant_material_definition_add(&def2, pl, NULL, "Tray-24", tray_cls));
    OK(liion_plant_assembly_info(&ty, &rel, pl, LIION_OBJ_MATERIAL_CLASS, cls));
    ck_assert_int_eq(ty, 0); /* not set */
    ck_assert_int_eq(rel, 0);
    OK(liion_plant_set_assembly(pl, LIION_OBJ_MATERIAL_CLASS, cls, LIION_ASSEMBLY_PHYSICAL,
                                LIION_ASSEMBLY_PERMANENT));
    OK(liion_plant_set_assembly(pl, LIION_OBJ_MATERIAL_DEFINITION, def2,
                                LIION_ASSEMBLY_PHYSICAL, LIION_ASSEMBLY_TRANSIENT));
    OK(liion_plant_assembly_info(&ty, &rel, pl, LIION_OBJ_MATERIAL_CLASS, cls));
    ck_assert(ty == LIION_ASSEMBLY_PHYSICAL && rel == LIION_ASSEMBLY_PERMANENT);
    /* a definition without its own values inherits its class's */
    OK(liion_plant_assembly_info(&ty, &rel, pl, LIION_OBJ_MATERIAL_DEFINITION, def));
    ck_assert(ty == LIION_ASSEMBLY_PHYSICAL && rel == LIION_ASSEMBLY_PERMANENT);
    OK(liion_plant_assembly_info(&ty, &rel, pl, LIION_OBJ_MATERIAL_DEFINITION, def2));
    ck_assert(ty == LIION_ASSEMBLY_PHYSICAL && rel == LIION_ASSEMBLY_TRANSIENT);
    OK(liion_plant_assembly_info(&ty, NULL, pl, LIION_OBJ_MATERIAL_CLASS, tray_cls));
    ck_assert_int_eq(ty, 0);
    /* replacing */
    OK(liion_plant_set_assembly(pl, LIION_OBJ_MATERIAL_CLASS, cls, LIION_ASSEMBLY_LOGICAL,
                                LIION_ASSEMBLY_TRANSIENT));
    OK(liion_plant_assembly_info(&ty, &rel, pl, LIION_OBJ_MATERIAL_DEFINITION, def));
    ck_assert(ty == LIION_ASSEMBLY_LOGICAL && rel == LIION_ASSEMBLY_TRANSIENT);
    /* bad input */
    OK(liion_plant_lot_add(&lot, pl, NULL, "L", def, LIION_PLANT_NONE));
    FAILS(liion_plant_set_assembly(pl, LIION_OBJ_LOT, lot, LIION_ASSEMBLY_PHYSICAL,
                                   LIION_ASSEMBLY_PERMANENT),
          LIION_E_INVALID_ARG, "material classes and definitions");
    FAILS(liion_plant_set_assembly(pl, LIION_OBJ_MATERIAL_CLASS, 55, LIION_ASSEMBLY_PHYSICAL,
                                   LIION_ASSEMBLY_PERMANENT),
          LIION_E_NOT_FOUND, "material class");
    FAILS(liion_plant_set_assembly(pl, LIION_OBJ_MATERIAL_CLASS, cls, (liion_assembly_type)3,
                                   LIION_ASSEMBLY_PERMANENT),
          LIION_E_INVALID_ARG, "unknown assembly type");
    FAILS(liion_plant_set_assembly(pl, LIION_OBJ_MATERIAL_CLASS, cls, LIION_ASSEMBLY_PHYSICAL,
                                   (liion_assembly_rel)0),
          LIION_E_INVALID_ARG, "unknown assembly relationship");
    FAILS(liion_plant_assembly_info(&ty, &rel, pl, LIION_OBJ_MATERIAL_DEFINITION, 55),
          LIION_E_NOT_FOUND, "material definition");
}
END_TEST

/* Every new mutation goes through the durable store's journal and comes back on reopen. */
START_TEST(new_records_survive_a_store)
{
    char dir[] = "/tmp/liion-isa95-XXXXXX", path[64];
    liion_store *st;
    liion_plant *p;
    uint32_t job, r1, r2, cell, cls, def, x, lot;
    double v;
    const char *unit;
    liion_test_outcome oc;
    liion_response_state rs;
    liion_assembly_type ty;
    liion_assembly_rel rel;
    int64_t when, t0, t1;
    liion_trace *t;
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/plant.store", dir);
    OK(liion_store_open(&st, ctx, path, NULL));
    p = liion_store_plant(st);
    small_job(p, &job, &r1, &r2, &cell);
    OK(liion_plant_job_response_add_segment(p, job, r2));
    OK(liion_plant_job_response_set_state(p, job, LIION_RESPONSE_HELD));
    OK(liion_plant_test_result_add(&x, p, "lab", "T-1", cell, "ACIR", "ACIR 1 kHz", 0.42,
                                   "OHM", LIION_TEST_PASS, -5));
    OK(liion_plant_test_result_add(&x, p, NULL, "T-2", cell, NULL, "visual", 0, "C62",
                                   LIION_TEST_FAIL, 7));
    OK(liion_plant_material_class_add(&cls, p, NULL, "Tray"));
    OK(liion_plant_material_definition_add(&def, p, NULL, "Tray-24", cls));
    OK(liion_plant_set_assembly(p, LIION_OBJ_MATERIAL_DEFINITION, def, LIION_ASSEMBLY_PHYSICAL,
                                LIION_ASSEMBLY_TRANSIENT));
    OK(liion_store_commit(st));
    liion_store_free(st);

    OK(liion_store_open(&st, ctx, path, NULL));
    p = liion_store_plant(st);
    OK(liion_trace_new(&t, ctx));
    OK(liion_plant_find(&x, p, LIION_OBJ_JOB_RESPONSE, "mes", "JR-7"));
    OK(liion_plant_job_response_info(&t0, &t1, &rs, p, x));
    ck_assert(t0 == 0 && t1 == 1000 && rs == LIION_RESPONSE_HELD);
    OK(liion_plant_job_response_segments(p, t, x));
    ck_assert_uint_eq(liion_trace_count(t), 1);
    ck_assert_uint_eq(liion_trace_index(t, 0), r2);
    OK(liion_plant_find(&lot, p, LIION_OBJ_LOT, "GS1", "0104012345678901"));
    OK(liion_plant_lot_test_results(p, t, lot));
    ck_assert_uint_eq(liion_trace_count(t), 2);
    OK(liion_plant_test_result_info(NULL, &v, &unit, &oc, &when, p, liion_trace_index(t, 0)));
    ck_assert(v == 0.42 && oc == LIION_TEST_PASS && when == -5);
    ck_assert_str_eq(unit, "OHM");
    ck_assert_str_eq(liion_plant_test_result_property(p, liion_trace_index(t, 0)), "ACIR");
    ck_assert_str_eq(liion_plant_scheme(p, LIION_OBJ_TEST_RESULT, liion_trace_index(t, 0)),
                     "lab");
    ck_assert_str_eq(liion_plant_test_result_property(p, liion_trace_index(t, 1)), "");
    ck_assert_str_eq(liion_plant_test_result_name(p, liion_trace_index(t, 1)), "visual");
    OK(liion_plant_find(&x, p, LIION_OBJ_MATERIAL_DEFINITION, NULL, "Tray-24"));
    OK(liion_plant_assembly_info(&ty, &rel, p, LIION_OBJ_MATERIAL_DEFINITION, x));
    ck_assert(ty == LIION_ASSEMBLY_PHYSICAL && rel == LIION_ASSEMBLY_TRANSIENT);
    liion_trace_free(t);
    liion_store_free(st);
    unlink(path);
    {
        char snap[80];
        snprintf(snap, sizeof snap, "%s.snap", path);
        unlink(snap);
    }
    rmdir(dir);
}
END_TEST

static liion_status build_new_objects(const liion_allocator *hooks, void *user)
{
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *c;
    liion_plant *p = NULL;
    liion_trace *t = NULL;
    uint32_t seg, r, lot, job, cls, def, x;
    char id[32];
    liion_status st;
    (void)user;
    o.allocator = hooks;
    if ((st = liion_ctx_new(&c, &o)) != LIION_OK)
        return st;
#define T(e)                                                                                  \
    do {                                                                                      \
        if ((st = (e)) != LIION_OK)                                                           \
            goto done;                                                                        \
    } while (0)
    T(liion_plant_new(&p, c));
    T(liion_trace_new(&t, c));
    T(liion_plant_segment_add(&seg, p, NULL, "Grading", LIION_STEP_GRADING));
    T(liion_plant_lot_add(&lot, p, NULL, "CELL-1", LIION_PLANT_NONE, LIION_PLANT_NONE));
    T(liion_plant_job_response_add(&job, p, NULL, "JR", 0, 100, LIION_RESPONSE_RUNNING));
    for (int i = 0; i < 20; i++) {
        snprintf(id, sizeof id, "SR-%d", i);
        T(liion_plant_response_add(&r, p, NULL, id, seg, i, i + 1));
        T(liion_plant_job_response_add_segment(p, job, r));
        snprintf(id, sizeof id, "T-%d", i);
        T(liion_plant_test_result_add(&x, p, "lab", id, lot, i % 2 ? "ACIR" : NULL, "grading",
                                      0.5 + i, "OHM", LIION_TEST_PASS, 100 - i));
    }
    T(liion_plant_job_response_set_state(p, job, LIION_RESPONSE_COMPLETED));
    T(liion_plant_material_class_add(&cls, p, NULL, "Cell"));
    T(liion_plant_material_definition_add(&def, p, NULL, "Def", cls));
    T(liion_plant_set_assembly(p, LIION_OBJ_MATERIAL_CLASS, cls, LIION_ASSEMBLY_PHYSICAL,
                               LIION_ASSEMBLY_PERMANENT));
    T(liion_plant_set_assembly(p, LIION_OBJ_MATERIAL_DEFINITION, def, LIION_ASSEMBLY_LOGICAL,
                               LIION_ASSEMBLY_TRANSIENT));
    T(liion_plant_job_response_segments(p, t, job));
    T(liion_plant_lot_test_results(p, t, lot));
done:
#undef T
    liion_trace_free(t);
    liion_plant_free(p);
    liion_ctx_free(c);
    return st;
}

START_TEST(new_objects_allocation_failure)
{
    ck_assert_uint_gt(liion_test_alloc_loop("job responses, test results", build_new_objects,
                                            NULL),
                      10);
}
END_TEST

START_TEST(model_allocation_failure)
{
    unsigned long n = liion_test_alloc_loop("plant model", build_model, NULL);
    ck_assert_uint_gt(n, 10);
}
END_TEST

static Suite *isa95_suite(void)
{
    Suite *s = suite_create("isa95");
    TCase *tc = tcase_create("model");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, new_free_and_bad_args);
    tcase_add_test(tc, ids_schemes_and_lookup);
    tcase_add_test(tc, many_ids_round_trip);
    tcase_add_test(tc, equipment_hierarchy);
    tcase_add_test(tc, materials_lots_sublots);
    tcase_add_test(tc, quantities_status_disposition);
    tcase_add_test(tc, properties);
    tcase_add_test(tc, segments_responses_actuals);
    tcase_add_test(tc, job_responses);
    tcase_add_test(tc, test_results);
    tcase_add_test(tc, assembly_attributes);
    tcase_add_test(tc, new_records_survive_a_store);
    suite_add_tcase(s, tc);
    tc = tcase_create("alloc");
    tcase_add_test(tc, model_allocation_failure);
    tcase_add_test(tc, new_objects_allocation_failure);
    tcase_set_timeout(tc, 120);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return liion_test_run(isa95_suite());
}
