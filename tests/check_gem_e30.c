/* GEM (E30) messages of gem_e30.h: every builder against a hand-made wire vector, every parser
 * on the encoder's output (round trips, seeded random values), a negative test per class of
 * bad input (wrong stream/function, missing or extra body, wrong structure, wrong format) with
 * the status, the message and the byte offset, buffer sizing, and allocation failures.
 * Includes only <liion/liion.h>, as an application. */
#include <liion/liion.h>

#include <check.h>
#include <stdio.h>
#include <string.h>

#include "support/failalloc.h"
#include "support/run.h"
#include "support/testutil.h"

_Static_assert(LIION_GEM_ONLACK_ACCEPTED == 0 && LIION_GEM_ONLACK_NOT_ALLOWED == 1 &&
                   LIION_GEM_ONLACK_ALREADY_ONLINE == 2,
               "ONLACK");
_Static_assert(LIION_GEM_HCACK_OK == 0 && LIION_GEM_HCACK_INVALID_COMMAND == 1 &&
                   LIION_GEM_HCACK_CANNOT_PERFORM_NOW == 2 &&
                   LIION_GEM_HCACK_PARAMETER_INVALID == 3 &&
                   LIION_GEM_HCACK_WILL_FINISH_LATER == 4 && LIION_GEM_HCACK_ALREADY_DONE == 5 &&
                   LIION_GEM_HCACK_NO_SUCH_OBJECT == 6,
               "HCACK");
_Static_assert(LIION_GEM_CPACK_NAME_UNKNOWN == 1 && LIION_GEM_CPACK_ILLEGAL_VALUE == 2 &&
                   LIION_GEM_CPACK_ILLEGAL_FORMAT == 3,
               "CPACK");
_Static_assert(LIION_GEM_ACKC7_ACCEPTED == 0 && LIION_GEM_ACKC7_PERMISSION_DENIED == 1 &&
                   LIION_GEM_ACKC7_LENGTH_ERROR == 2 && LIION_GEM_ACKC7_MATRIX_OVERFLOW == 3 &&
                   LIION_GEM_ACKC7_PPID_NOT_FOUND == 4 && LIION_GEM_ACKC7_MODE_UNSUPPORTED == 5 &&
                   LIION_GEM_ACKC7_PERFORMED_LATER == 6,
               "ACKC7");
_Static_assert(LIION_GEM_OFLACK_ACK == 0 && LIION_GEM_ACKC5_ACCEPTED == 0 &&
                   LIION_GEM_ACKC6_ACCEPTED == 0 && LIION_GEM_ALCD_SET == 0x80 &&
                   LIION_GEM_ALARM_PERSONAL_SAFETY == 1 && LIION_GEM_ALARM_DATA_INTEGRITY == 8,
               "ACKC5/6, OFLACK, ALCD");

static liion_ctx *ctx;
static liion_secs_msg *msg;

static void setup(void)
{
    ck_assert_int_eq(liion_ctx_new(&ctx, NULL), LIION_OK);
    ck_assert_int_eq(liion_secs_msg_new(&msg, ctx), LIION_OK);
}

static void teardown(void)
{
    liion_secs_msg_free(msg);
    liion_ctx_free(ctx);
}

static liion_secs_item *u4(uint32_t v)
{
    liion_secs_item *it = NULL;
    ck_assert_int_eq(liion_secs_item_new_u4(&it, ctx, &v, 1), LIION_OK);
    return it;
}

static liion_secs_item *asc(const char *s)
{
    liion_secs_item *it = NULL;
    ck_assert_int_eq(liion_secs_item_new_ascii(&it, ctx, s, strlen(s)), LIION_OK);
    return it;
}

static liion_secs_item *bin(const char *s)
{
    liion_secs_item *it = NULL;
    ck_assert_int_eq(liion_secs_item_new_binary(&it, ctx, (const uint8_t *)s, strlen(s)), LIION_OK);
    return it;
}

static liion_secs_item *sml(const char *s)
{
    liion_secs_item *it = NULL;
    ck_assert_int_eq(liion_secs_item_from_sml(&it, ctx, s, strlen(s)), LIION_OK);
    return it;
}

/* Load msg with SxFy and a body given in hex ("" = no body). */
static void load(unsigned stream, unsigned function, const char *hex)
{
    uint8_t b[512];
    size_t n = liion_test_unhex(b, sizeof b, hex);
    ck_assert_int_eq(liion_secs_msg_set_sf(msg, stream, function, 0), LIION_OK);
    ck_assert_int_eq(liion_secs_msg_decode(msg, b, n), LIION_OK);
}

/* Load msg with SxFy and bytes. */
static void load_bytes(unsigned stream, unsigned function, const uint8_t *b, size_t n)
{
    ck_assert_int_eq(liion_secs_msg_set_sf(msg, stream, function, 0), LIION_OK);
    ck_assert_int_eq(liion_secs_msg_decode(msg, b, n), LIION_OK);
}

static void expect_hex(const uint8_t *got, size_t n, const char *hex)
{
    uint8_t want[512];
    size_t wn = liion_test_unhex(want, sizeof want, hex);
    ck_assert_uint_eq(n, wn);
    ck_assert_mem_eq(got, want, wn);
}

static void expect_err(liion_status got, liion_status want, size_t offset, const char *text)
{
    ck_assert_int_eq(got, want);
    if (offset != (size_t)-2)
        ck_assert_uint_eq(liion_ctx_error_offset(ctx), offset);
    LIION_CK_ERRMSG_HAS(ctx, text);
}

/* ---- vectors ------------------------------------------------------------------------- */

START_TEST(s1_vectors)
{
    uint8_t buf[256];
    size_t w = 0, n = 0, ml = 0, sl = 0;
    const char *mdln = NULL, *softrev = NULL;
    const liion_secs_item *l = NULL;
    liion_secs_item *ids[2] = { u4(1), asc("TEMP") };
    liion_secs_item *vals[2] = { sml("<F4 25.5>"), sml("<L [2] <U1 1> <A \"x\">>") };

    ck_assert_int_eq(liion_gem_s1f2_encode(buf, sizeof buf, &w, ctx, "MDLN1", 5, "SOFTREV1", 8),
                     LIION_OK);
    expect_hex(buf, w, "01 02 41 05 4d 44 4c 4e 31 41 08 53 4f 46 54 52 45 56 31"); /* T29 */
    load_bytes(1, 2, buf, w);
    ck_assert_int_eq(liion_gem_s1f2_decode(&mdln, &ml, &softrev, &sl, ctx, msg), LIION_OK);
    ck_assert_uint_eq(ml, 5);
    ck_assert_mem_eq(mdln, "MDLN1", 5);
    ck_assert_uint_eq(sl, 8);
    ck_assert_mem_eq(softrev, "SOFTREV1", 8);
    ck_assert_int_eq(liion_gem_s1f2_encode(buf, sizeof buf, &w, ctx, NULL, 0, NULL, 0), LIION_OK);
    expect_hex(buf, w, "01 00");
    load_bytes(1, 2, buf, w);
    ck_assert_int_eq(liion_gem_s1f2_decode(&mdln, &ml, &softrev, &sl, ctx, msg), LIION_OK);
    ck_assert_ptr_null(mdln);
    ck_assert_ptr_null(softrev);
    ck_assert_uint_eq(ml + sl, 0);

    ck_assert_int_eq(liion_gem_s1f3_encode(buf, sizeof buf, &w, ctx,
                                           (const liion_secs_item *const *)ids, 2),
                     LIION_OK);
    expect_hex(buf, w, "01 02 b1 04 00 00 00 01 41 04 54 45 4d 50");
    load_bytes(1, 3, buf, w);
    ck_assert_int_eq(liion_gem_s1f3_decode(&l, &n, ctx, msg), LIION_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert(liion_secs_item_equal(liion_secs_item_child(l, 0), ids[0]));
    ck_assert(liion_secs_item_equal(liion_secs_item_child(l, 1), ids[1]));

    ck_assert_int_eq(liion_gem_s1f4_encode(buf, sizeof buf, &w, ctx,
                                           (const liion_secs_item *const *)vals, 2),
                     LIION_OK);
    expect_hex(buf, w, "01 02 91 04 41 cc 00 00 01 02 a5 01 01 41 01 78");
    load_bytes(1, 4, buf, w);
    ck_assert_int_eq(liion_gem_s1f4_decode(&l, &n, ctx, msg), LIION_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert(liion_secs_item_equal(liion_secs_item_child(l, 1), vals[1]));

    /* header-only primaries and one-byte acks */
    ck_assert_int_eq(liion_secs_msg_set_sf(msg, 1, 1, 1), LIION_OK);
    ck_assert_int_eq(liion_secs_msg_decode(msg, NULL, 0), LIION_OK);
    ck_assert_int_eq(liion_gem_empty_decode(ctx, msg, 1, 1), LIION_OK);
    for (unsigned f = 15; f <= 17; f += 2) {
        ck_assert_int_eq(liion_secs_msg_set_sf(msg, 1, f, 1), LIION_OK);
        ck_assert_int_eq(liion_gem_empty_decode(ctx, msg, 1, (uint8_t)f), LIION_OK);
    }
    ck_assert_int_eq(liion_secs_msg_set_sf(msg, 7, 19, 1), LIION_OK);
    ck_assert_int_eq(liion_gem_empty_decode(ctx, msg, 7, 19), LIION_OK);
    {
        static const uint8_t pairs[5][2] = { { 1, 16 }, { 1, 18 }, { 5, 2 }, { 6, 12 }, { 7, 4 } };
        for (int i = 0; i < 5; i++) {
            uint8_t ack = 0xee;
            ck_assert_int_eq(liion_gem_ack_encode(buf, sizeof buf, &w, ctx, (uint8_t)(i + 1)),
                             LIION_OK);
            expect_hex(buf, w, i == 0 ? "21 01 01" : i == 1 ? "21 01 02" : i == 2 ? "21 01 03"
                                                   : i == 3 ? "21 01 04" : "21 01 05");
            load_bytes(pairs[i][0], pairs[i][1], buf, w);
            ck_assert_int_eq(liion_gem_ack_msg_decode(&ack, ctx, msg, pairs[i][0], pairs[i][1]),
                             LIION_OK);
            ck_assert_uint_eq(ack, (unsigned)i + 1);
        }
        load(7, 4, "a5 01 04"); /* U1 accepted too */
        ck_assert_int_eq(liion_gem_ack_msg_decode(buf, ctx, msg, 7, 4), LIION_OK);
        ck_assert_uint_eq(buf[0], LIION_GEM_ACKC7_PPID_NOT_FOUND);
    }
    for (int i = 0; i < 2; i++) {
        liion_secs_item_free(ids[i]);
        liion_secs_item_free(vals[i]);
    }
}
END_TEST

START_TEST(s2_vectors)
{
    uint8_t buf[256], hcack = 0xee;
    size_t w = 0, n = 0;
    const liion_secs_item *l = NULL, *rcmd = NULL, *a = NULL, *b = NULL;
    liion_secs_item *ec[2] = { u4(10), u4(11) };
    liion_secs_item *ecv[2] = { sml("<U2 300>"), asc("on") };
    liion_secs_item *cmd = asc("START");
    liion_secs_item *names[2] = { asc("LOT"), asc("RECIPE") };
    liion_secs_item *cvals[2] = { asc("L1"), u4(5) };
    uint8_t cpacks[2] = { LIION_GEM_CPACK_ILLEGAL_VALUE, LIION_GEM_CPACK_NAME_UNKNOWN };

    ck_assert_int_eq(liion_gem_s2f13_encode(buf, sizeof buf, &w, ctx,
                                            (const liion_secs_item *const *)ec, 2), LIION_OK);
    expect_hex(buf, w, "01 02 b1 04 00 00 00 0a b1 04 00 00 00 0b");
    load_bytes(2, 13, buf, w);
    ck_assert_int_eq(liion_gem_s2f13_decode(&l, &n, ctx, msg), LIION_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_int_eq(liion_gem_s2f14_encode(buf, sizeof buf, &w, ctx,
                                            (const liion_secs_item *const *)ecv, 2), LIION_OK);
    expect_hex(buf, w, "01 02 a9 02 01 2c 41 02 6f 6e");
    load_bytes(2, 14, buf, w);
    ck_assert_int_eq(liion_gem_s2f14_decode(&l, &n, ctx, msg), LIION_OK);
    ck_assert(liion_secs_item_equal(liion_secs_item_child(l, 0), ecv[0]));

    ck_assert_int_eq(liion_gem_s2f41_encode(buf, sizeof buf, &w, ctx, cmd,
                                            (const liion_secs_item *const *)names,
                                            (const liion_secs_item *const *)cvals, 2),
                     LIION_OK);
    expect_hex(buf, w, "01 02 41 05 53 54 41 52 54 01 02 01 02 41 03 4c 4f 54 41 02 4c 31"
                       " 01 02 41 06 52 45 43 49 50 45 b1 04 00 00 00 05");
    load_bytes(2, 41, buf, w);
    ck_assert_int_eq(liion_gem_s2f41_decode(&rcmd, &l, &n, ctx, msg), LIION_OK);
    ck_assert(liion_secs_item_equal(rcmd, cmd));
    ck_assert_uint_eq(n, 2);
    ck_assert_int_eq(liion_gem_pair_at(&a, &b, l, 1), LIION_OK);
    ck_assert(liion_secs_item_equal(a, names[1]));
    ck_assert(liion_secs_item_equal(b, cvals[1]));
    ck_assert_int_eq(liion_gem_pair_at(&a, &b, l, 2), LIION_E_RANGE);
    ck_assert_int_eq(liion_gem_pair_at(&a, &b, rcmd, 0), LIION_E_INVALID_ARG);
    /* no parameters */
    ck_assert_int_eq(liion_gem_s2f41_encode(buf, sizeof buf, &w, ctx, cmd, NULL, NULL, 0),
                     LIION_OK);
    expect_hex(buf, w, "01 02 41 05 53 54 41 52 54 01 00");

    ck_assert_int_eq(liion_gem_s2f42_encode(buf, sizeof buf, &w, ctx,
                                            LIION_GEM_HCACK_PARAMETER_INVALID,
                                            (const liion_secs_item *const *)names, cpacks, 2),
                     LIION_OK);
    expect_hex(buf, w, "01 02 21 01 03 01 02 01 02 41 03 4c 4f 54 21 01 02"
                       " 01 02 41 06 52 45 43 49 50 45 21 01 01");
    load_bytes(2, 42, buf, w);
    ck_assert_int_eq(liion_gem_s2f42_decode(&hcack, &l, &n, ctx, msg), LIION_OK);
    ck_assert_uint_eq(hcack, 3);
    ck_assert_uint_eq(n, 2);
    ck_assert_int_eq(liion_gem_pair_at(&a, &b, l, 0), LIION_OK);
    ck_assert_uint_eq(liion_secs_item_raw(b, &w)[0], LIION_GEM_CPACK_ILLEGAL_VALUE);
    for (int i = 0; i < 2; i++) {
        liion_secs_item_free(ec[i]);
        liion_secs_item_free(ecv[i]);
        liion_secs_item_free(names[i]);
        liion_secs_item_free(cvals[i]);
    }
    liion_secs_item_free(cmd);
}
END_TEST

/* Alarm management: S5F3 enable/disable, S5F5 list request, S5F6/S5F8 alarm data; exact
 * bytes, and each malformed part named with its offset. */
START_TEST(s5_alarm_management)
{
    uint8_t buf[256], aled = 0, alcd = 0;
    size_t w = 0, n = 0, tl = 0;
    const char *tx = NULL;
    const liion_secs_item *alid = NULL, *alarms = NULL;
    uint32_t ids[2] = { 7, 9 };
    liion_secs_item *id7 = u4(7), *id9 = u4(9), *vec = NULL, *none = NULL, *txt = asc("x");
    const liion_secs_item *alid_arr[2];
    const uint8_t alcds[2] = { LIION_GEM_ALCD_SET | LIION_GEM_ALARM_EQUIPMENT_SAFETY, 0x02 };
    const char *altxs[2] = { "Door", NULL };
    const size_t lens[2] = { 4, 0 };
    alid_arr[0] = id7;
    alid_arr[1] = id9;
    ck_assert_int_eq(liion_secs_item_new_u4(&vec, ctx, ids, 2), LIION_OK);
    ck_assert_int_eq(liion_secs_item_new_u4(&none, ctx, NULL, 0), LIION_OK);

    /* S5F3 */
    ck_assert_int_eq(liion_gem_s5f3_encode(buf, sizeof buf, &w, ctx, LIION_GEM_ALED_ENABLE, id7),
                     LIION_OK);
    expect_hex(buf, w, "01 02 21 01 80 b1 04 00 00 00 07");
    load_bytes(5, 3, buf, w);
    ck_assert_int_eq(liion_gem_s5f3_decode(&aled, &alid, ctx, msg), LIION_OK);
    ck_assert_uint_eq(aled, 0x80);
    ck_assert(liion_secs_item_equal(alid, id7));
    load(5, 3, "01 03 21 01 80 b1 04 00 00 00 07 41 00");
    expect_err(liion_gem_s5f3_decode(&aled, &alid, ctx, msg), LIION_E_DECODE, 0, "L[2]");
    load(5, 3, "01 02 a5 01 80 b1 04 00 00 00 07");
    expect_err(liion_gem_s5f3_decode(&aled, &alid, ctx, msg), LIION_E_DECODE, 2, "ALED");
    load(5, 3, "01 02 21 01 80 41 01 37");
    expect_err(liion_gem_s5f3_decode(&aled, &alid, ctx, msg), LIION_E_DECODE, 5, "ALID");
    expect_err(liion_gem_s5f3_encode(buf, sizeof buf, &w, ctx, 0, txt), LIION_E_INVALID_ARG,
               (size_t)-2, "ALID");

    /* S5F5: a vector, or empty for every alarm */
    ck_assert_int_eq(liion_gem_s5f5_encode(buf, sizeof buf, &w, ctx, vec), LIION_OK);
    expect_hex(buf, w, "b1 08 00 00 00 07 00 00 00 09");
    load_bytes(5, 5, buf, w);
    ck_assert_int_eq(liion_gem_s5f5_decode(&alid, ctx, msg), LIION_OK);
    ck_assert_uint_eq(liion_secs_item_count(alid), 2);
    ck_assert_int_eq(liion_gem_s5f5_encode(buf, sizeof buf, &w, ctx, none), LIION_OK);
    expect_hex(buf, w, "b1 00");
    load(5, 5, "01 00");
    expect_err(liion_gem_s5f5_decode(&alid, ctx, msg), LIION_E_DECODE, 0, "ALID vector");
    expect_err(liion_gem_s5f5_encode(buf, sizeof buf, &w, ctx, txt), LIION_E_INVALID_ARG,
               (size_t)-2, "ALID vector");

    /* S5F6 and S5F8: the same body */
    ck_assert_int_eq(liion_gem_s5f6_encode(buf, sizeof buf, &w, ctx, alcds, alid_arr, altxs,
                                           lens, 2),
                     LIION_OK);
    expect_hex(buf, w,
               "01 02 01 03 21 01 82 b1 04 00 00 00 07 41 04 44 6f 6f 72"
               " 01 03 21 01 02 b1 04 00 00 00 09 41 00");
    for (unsigned f = 6; f <= 8; f += 2) {
        load_bytes(5, f, buf, w);
        ck_assert_int_eq(liion_gem_s5f6_decode(&alarms, &n, ctx, msg), LIION_OK);
        ck_assert_uint_eq(n, 2);
        ck_assert_int_eq(liion_gem_s5f6_alarm_at(&alcd, &alid, &tx, &tl, alarms, 0), LIION_OK);
        ck_assert_uint_eq(alcd, 0x82);
        ck_assert(liion_secs_item_equal(alid, id7));
        ck_assert_uint_eq(tl, 4);
        ck_assert_mem_eq(tx, "Door", 4);
        ck_assert_int_eq(liion_gem_s5f6_alarm_at(&alcd, &alid, &tx, &tl, alarms, 1), LIION_OK);
        ck_assert_uint_eq(alcd, 0x02);
        ck_assert_uint_eq(tl, 0);
        ck_assert_int_eq(liion_gem_s5f6_alarm_at(&alcd, &alid, &tx, &tl, alarms, 2),
                         LIION_E_INVALID_ARG);
    }
    ck_assert_int_eq(liion_gem_s5f6_encode(buf, sizeof buf, &w, ctx, NULL, NULL, NULL, NULL, 0),
                     LIION_OK);
    expect_hex(buf, w, "01 00");
    load(5, 6,
         "01 02 01 03 21 01 82 b1 04 00 00 00 07 41 04 44 6f 6f 72"
         " 01 03 21 01 02 b1 04 00 00 00 09 21 00");
    expect_err(liion_gem_s5f6_decode(&alarms, &n, ctx, msg), LIION_E_DECODE, 30, "ALTX");
    load(5, 8, "01 01 01 02 21 01 82 b1 04 00 00 00 07");
    expect_err(liion_gem_s5f6_decode(&alarms, &n, ctx, msg), LIION_E_DECODE, 2, "S5F8");
    load(5, 7, "01 00");
    expect_err(liion_gem_s5f6_decode(&alarms, &n, ctx, msg), LIION_E_DECODE, (size_t)-2,
               "S5F6 expected, got S5F7");
    expect_err(liion_gem_s5f6_encode(buf, sizeof buf, &w, ctx, alcds, alid_arr, NULL, lens, 1),
               LIION_E_INVALID_ARG, (size_t)-2, "NULL ALTX 0");
    liion_secs_item_free(id7);
    liion_secs_item_free(id9);
    liion_secs_item_free(vec);
    liion_secs_item_free(none);
    liion_secs_item_free(txt);
}
END_TEST

/* S2F15 equipment constants and S2F18 date and time. */
START_TEST(s2_constants_and_time)
{
    uint8_t buf[128];
    size_t w = 0, n = 0, tl = 0;
    const char *t = NULL;
    const liion_secs_item *pairs = NULL, *id = NULL, *val = NULL;
    liion_secs_item *ec = u4(5001), *v = asc("ON"), *lst = NULL;
    const liion_secs_item *ids[1], *vals[1];
    ids[0] = ec;
    vals[0] = v;
    ck_assert_int_eq(liion_gem_s2f15_encode(buf, sizeof buf, &w, ctx, ids, vals, 1), LIION_OK);
    expect_hex(buf, w, "01 01 01 02 b1 04 00 00 13 89 41 02 4f 4e");
    load_bytes(2, 15, buf, w);
    ck_assert_int_eq(liion_gem_s2f15_decode(&pairs, &n, ctx, msg), LIION_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_int_eq(liion_gem_pair_at(&id, &val, pairs, 0), LIION_OK);
    ck_assert(liion_secs_item_equal(id, ec));
    ck_assert(liion_secs_item_equal(val, v));
    load(2, 15, "01 01 01 02 b1 04 00 00 13 89 01 00");
    expect_err(liion_gem_s2f15_decode(&pairs, &n, ctx, msg), LIION_E_DECODE, 10, "ECV");
    ck_assert_int_eq(liion_secs_item_new_list(&lst, ctx, 0), LIION_OK);
    vals[0] = lst;
    expect_err(liion_gem_s2f15_encode(buf, sizeof buf, &w, ctx, ids, vals, 1),
               LIION_E_INVALID_ARG, (size_t)-2, "ECV");

    ck_assert_int_eq(liion_gem_s2f18_encode(buf, sizeof buf, &w, ctx, "2026112720551234", 16),
                     LIION_OK);
    expect_hex(buf, w, "41 10 32 30 32 36 31 31 32 37 32 30 35 35 31 32 33 34");
    load_bytes(2, 18, buf, w);
    ck_assert_int_eq(liion_gem_s2f18_decode(&t, &tl, ctx, msg), LIION_OK);
    ck_assert_uint_eq(tl, 16);
    ck_assert_mem_eq(t, "2026112720551234", 16);
    ck_assert_int_eq(liion_gem_s2f18_encode(buf, sizeof buf, &w, ctx, "261127205512", 12),
                     LIION_OK);
    expect_err(liion_gem_s2f18_encode(buf, sizeof buf, &w, ctx, "2026-11-27", 10),
               LIION_E_INVALID_ARG, (size_t)-2, "12 (YYMMDDhhmmss) or 16");
    expect_err(liion_gem_s2f18_encode(buf, sizeof buf, &w, ctx, "26112720551x", 12),
               LIION_E_INVALID_ARG, (size_t)-2, "digits");
    load(2, 18, "41 03 31 32 33");
    expect_err(liion_gem_s2f18_decode(&t, &tl, ctx, msg), LIION_E_DECODE, 0, "12 or 16 digits");
    load(2, 18, "21 01 00");
    expect_err(liion_gem_s2f18_decode(&t, &tl, ctx, msg), LIION_E_DECODE, 0, "TIME <A[12|16]>");
    liion_secs_item_free(ec);
    liion_secs_item_free(v);
    liion_secs_item_free(lst);
}
END_TEST

/* S7F1 load inquire and S7F17 delete. */
START_TEST(s7_inquire_and_delete)
{
    uint8_t buf[64];
    size_t w = 0, n = 0;
    uint64_t len = 0;
    const liion_secs_item *ppid = NULL, *lst = NULL;
    liion_secs_item *pp = asc("COAT-A"), *pps[2] = { asc("COAT-A"), asc("FORM-2") }, *num = u4(1);
    ck_assert_int_eq(liion_gem_s7f1_encode(buf, sizeof buf, &w, ctx, pp, 4096), LIION_OK);
    expect_hex(buf, w, "01 02 41 06 43 4f 41 54 2d 41 b1 04 00 00 10 00");
    load_bytes(7, 1, buf, w);
    ck_assert_int_eq(liion_gem_s7f1_decode(&ppid, &len, ctx, msg), LIION_OK);
    ck_assert(liion_secs_item_equal(ppid, pp));
    ck_assert_uint_eq(len, 4096);
    ck_assert_int_eq(liion_gem_s7f1_encode(buf, sizeof buf, &w, ctx, pp, UINT64_C(5000000000)),
                     LIION_OK);
    load_bytes(7, 1, buf, w);
    ck_assert_int_eq(liion_gem_s7f1_decode(&ppid, &len, ctx, msg), LIION_OK);
    ck_assert_uint_eq(len, UINT64_C(5000000000));
    load(7, 1, "01 02 41 01 50 71 04 00 00 10 00");
    expect_err(liion_gem_s7f1_decode(&ppid, &len, ctx, msg), LIION_E_DECODE, 5, "LENGTH");
    load(7, 1, "01 02 b1 04 00 00 00 01 b1 04 00 00 10 00");
    expect_err(liion_gem_s7f1_decode(&ppid, &len, ctx, msg), LIION_E_DECODE, 2, "PPID");
    expect_err(liion_gem_s7f1_encode(buf, sizeof buf, &w, ctx, num, 1), LIION_E_INVALID_ARG,
               (size_t)-2, "PPID");

    ck_assert_int_eq(liion_gem_s7f17_encode(buf, sizeof buf, &w, ctx,
                                            (const liion_secs_item *const *)pps, 2),
                     LIION_OK);
    expect_hex(buf, w, "01 02 41 06 43 4f 41 54 2d 41 41 06 46 4f 52 4d 2d 32");
    load_bytes(7, 17, buf, w);
    ck_assert_int_eq(liion_gem_s7f17_decode(&lst, &n, ctx, msg), LIION_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert(liion_secs_item_equal(liion_secs_item_child(lst, 1), pps[1]));
    load(7, 17, "01 01 b1 04 00 00 00 01");
    expect_err(liion_gem_s7f17_decode(&lst, &n, ctx, msg), LIION_E_DECODE, 2, "PPID");
    liion_secs_item_free(pp);
    liion_secs_item_free(pps[0]);
    liion_secs_item_free(pps[1]);
    liion_secs_item_free(num);
}
END_TEST

/* Terminal services: S10F3 (host to equipment) and S10F1 (equipment to host), one body. */
START_TEST(s10_terminal_text)
{
    uint8_t buf[64], tid = 9;
    size_t w = 0;
    const liion_secs_item *text = NULL;
    liion_secs_item *hello = asc("Tray 42 to rack 3"), *lst = NULL;
    ck_assert_int_eq(liion_gem_s10f3_encode(buf, sizeof buf, &w, ctx, 0, hello), LIION_OK);
    expect_hex(buf, w,
               "01 02 21 01 00 41 11 54 72 61 79 20 34 32 20 74 6f 20 72 61 63 6b 20 33");
    for (unsigned f = 1; f <= 3; f += 2) {
        load_bytes(10, f, buf, w);
        ck_assert_int_eq(liion_gem_s10f3_decode(&tid, &text, ctx, msg), LIION_OK);
        ck_assert_uint_eq(tid, 0);
        ck_assert(liion_secs_item_equal(text, hello));
    }
    load(10, 3, "01 02 21 01 00 01 00");
    expect_err(liion_gem_s10f3_decode(&tid, &text, ctx, msg), LIION_E_DECODE, 5, "TEXT");
    load(10, 1, "01 02 a5 01 00 41 00");
    expect_err(liion_gem_s10f3_decode(&tid, &text, ctx, msg), LIION_E_DECODE, 2, "S10F1");
    load(10, 5, "01 00");
    expect_err(liion_gem_s10f3_decode(&tid, &text, ctx, msg), LIION_E_DECODE, (size_t)-2,
               "S10F3 expected, got S10F5");
    ck_assert_int_eq(liion_secs_item_new_list(&lst, ctx, 0), LIION_OK);
    expect_err(liion_gem_s10f3_encode(buf, sizeof buf, &w, ctx, 0, lst), LIION_E_INVALID_ARG,
               (size_t)-2, "TEXT");
    ck_assert_int_eq(liion_gem_s10f3_encode(buf, 4, &w, ctx, 0, hello), LIION_E_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(w, 24);
    liion_secs_item_free(hello);
    liion_secs_item_free(lst);
}
END_TEST

START_TEST(s5_s7_vectors)
{
    uint8_t buf[256], alcd = 0;
    size_t w = 0, n = 0, tl = 0;
    const char *tx = NULL;
    const liion_secs_item *alid = NULL, *ppid = NULL, *body = NULL, *l = NULL;
    liion_secs_item *id = u4(7), *pp = asc("COAT-A"), *pb = bin("\x01\x02\x03");
    liion_secs_item *pps[2] = { asc("COAT-A"), asc("FORM-2") };

    ck_assert_int_eq(liion_gem_s5f1_encode(buf, sizeof buf, &w, ctx,
                                           LIION_GEM_ALCD_SET | LIION_GEM_ALARM_EQUIPMENT_SAFETY,
                                           id, "Door", 4),
                     LIION_OK);
    expect_hex(buf, w, "01 03 21 01 82 b1 04 00 00 00 07 41 04 44 6f 6f 72");
    load_bytes(5, 1, buf, w);
    ck_assert_int_eq(liion_gem_s5f1_decode(&alcd, &alid, &tx, &tl, ctx, msg), LIION_OK);
    ck_assert_uint_eq(alcd, 0x82);
    ck_assert(liion_secs_item_equal(alid, id));
    ck_assert_uint_eq(tl, 4);
    ck_assert_mem_eq(tx, "Door", 4);
    ck_assert_int_eq(liion_gem_s5f1_encode(buf, sizeof buf, &w, ctx, 0x02, id, NULL, 0), LIION_OK);
    expect_hex(buf, w, "01 03 21 01 02 b1 04 00 00 00 07 41 00");

    ck_assert_int_eq(liion_gem_s7f3_encode(buf, sizeof buf, &w, ctx, pp, pb), LIION_OK);
    expect_hex(buf, w, "01 02 41 06 43 4f 41 54 2d 41 21 03 01 02 03");
    load_bytes(7, 3, buf, w);
    ck_assert_int_eq(liion_gem_s7f3_decode(&ppid, &body, ctx, msg), LIION_OK);
    ck_assert(liion_secs_item_equal(ppid, pp));
    ck_assert(liion_secs_item_equal(body, pb));

    ck_assert_int_eq(liion_gem_s7f5_encode(buf, sizeof buf, &w, ctx, pp), LIION_OK);
    expect_hex(buf, w, "41 06 43 4f 41 54 2d 41");
    load_bytes(7, 5, buf, w);
    ck_assert_int_eq(liion_gem_s7f5_decode(&ppid, ctx, msg), LIION_OK);
    ck_assert(liion_secs_item_equal(ppid, pp));

    ck_assert_int_eq(liion_gem_s7f6_encode(buf, sizeof buf, &w, ctx, pp, pb), LIION_OK);
    expect_hex(buf, w, "01 02 41 06 43 4f 41 54 2d 41 21 03 01 02 03");
    load_bytes(7, 6, buf, w);
    ck_assert_int_eq(liion_gem_s7f6_decode(&ppid, &body, ctx, msg), LIION_OK);
    ck_assert(liion_secs_item_equal(body, pb));
    ck_assert_int_eq(liion_gem_s7f6_encode(buf, sizeof buf, &w, ctx, NULL, NULL), LIION_OK);
    expect_hex(buf, w, "01 00"); /* denied */
    load_bytes(7, 6, buf, w);
    ck_assert_int_eq(liion_gem_s7f6_decode(&ppid, &body, ctx, msg), LIION_OK);
    ck_assert_ptr_null(ppid);
    ck_assert_ptr_null(body);

    ck_assert_int_eq(liion_gem_s7f20_encode(buf, sizeof buf, &w, ctx,
                                            (const liion_secs_item *const *)pps, 2), LIION_OK);
    expect_hex(buf, w, "01 02 41 06 43 4f 41 54 2d 41 41 06 46 4f 52 4d 2d 32");
    load_bytes(7, 20, buf, w);
    ck_assert_int_eq(liion_gem_s7f20_decode(&l, &n, ctx, msg), LIION_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert(liion_secs_item_equal(liion_secs_item_child(l, 1), pps[1]));
    liion_secs_item_free(id);
    liion_secs_item_free(pp);
    liion_secs_item_free(pb);
    liion_secs_item_free(pps[0]);
    liion_secs_item_free(pps[1]);
}
END_TEST

/* ---- sizing, from_event, round trips ---------------------------------------------------- */

START_TEST(sizing_and_event)
{
    uint8_t buf[64];
    size_t w = 0;
    liion_secs_item *cmd = asc("STOP");
    liion_hsms_event ev;
    const liion_secs_item *rcmd = NULL;
    /* measuring with a NULL buffer, then a buffer one byte short */
    ck_assert_int_eq(liion_gem_s2f41_encode(NULL, 0, &w, ctx, cmd, NULL, NULL, 0),
                     LIION_E_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(w, 10);
    ck_assert_int_eq(liion_gem_s2f41_encode(buf, 9, &w, ctx, cmd, NULL, NULL, 0),
                     LIION_E_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(w, 10);
    LIION_CK_ERRMSG_HAS(ctx, "10 bytes needed");
    ck_assert_int_eq(liion_gem_s2f41_encode(buf, 10, &w, ctx, cmd, NULL, NULL, 0), LIION_OK);
    ck_assert_str_eq(liion_ctx_errmsg(ctx), "no error");
    /* a session event into a message */
    memset(&ev, 0, sizeof ev);
    ev.struct_size = sizeof ev;
    ev.type = LIION_HSMS_EV_DATA;
    ev.stream = 2;
    ev.function = 41;
    ev.wbit = 1;
    ev.session_id = 3;
    ev.system_bytes = 77;
    ev.body = buf;
    ev.body_len = w;
    ck_assert_int_eq(liion_gem_msg_from_event(msg, &ev), LIION_OK);
    ck_assert_uint_eq(liion_secs_msg_system_bytes(msg), 77);
    ck_assert_uint_eq(liion_secs_msg_session_id(msg), 3);
    ck_assert_int_eq(liion_secs_msg_wbit(msg), 1);
    ck_assert_int_eq(liion_gem_s2f41_decode(&rcmd, NULL, NULL, ctx, msg), LIION_OK);
    ck_assert(liion_secs_item_equal(rcmd, cmd));
    ev.type = LIION_HSMS_EV_STATE;
    ck_assert_int_eq(liion_gem_msg_from_event(msg, &ev), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_gem_msg_from_event(NULL, &ev), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_gem_msg_from_event(msg, NULL), LIION_E_INVALID_ARG);
    liion_secs_item_free(cmd);
}
END_TEST

static uint32_t rng = 99;
static uint32_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

/* Random item: integers, floats, text, binary, small lists. */
static liion_secs_item *rnd_item(int depth)
{
    liion_secs_item *it = NULL;
    unsigned k = rnd() % (depth > 0 ? 6u : 5u);
    if (k == 0) {
        uint32_t v[3] = { rnd(), rnd(), rnd() };
        ck_assert_int_eq(liion_secs_item_new_u4(&it, ctx, v, rnd() % 4), LIION_OK);
    } else if (k == 1) {
        int64_t v = (int64_t)rnd() - (int64_t)rnd();
        ck_assert_int_eq(liion_secs_item_new_i8(&it, ctx, &v, 1), LIION_OK);
    } else if (k == 2) {
        double v = (double)rnd() / 7.0;
        ck_assert_int_eq(liion_secs_item_new_f8(&it, ctx, &v, 1), LIION_OK);
    } else if (k == 3) {
        char s[40];
        size_t n = rnd() % sizeof s;
        for (size_t i = 0; i < n; i++)
            s[i] = (char)(32 + rnd() % 95);
        ck_assert_int_eq(liion_secs_item_new_ascii(&it, ctx, s, n), LIION_OK);
    } else if (k == 4) {
        uint8_t b[300];
        size_t n = rnd() % sizeof b;
        for (size_t i = 0; i < n; i++)
            b[i] = (uint8_t)rnd();
        ck_assert_int_eq(liion_secs_item_new_binary(&it, ctx, b, n), LIION_OK);
    } else {
        size_t n = rnd() % 4;
        ck_assert_int_eq(liion_secs_item_new_list(&it, ctx, n), LIION_OK);
        for (size_t i = 0; i < n; i++)
            ck_assert_int_eq(liion_secs_list_append(it, rnd_item(depth - 1)), LIION_OK);
    }
    return it;
}

START_TEST(random_round_trips)
{
    static uint8_t buf[1 << 16];
    for (int round = 0; round < 300; round++) {
        liion_secs_item *v[8], *names[8], *vals[8], *pp = NULL, *body = NULL;
        size_t n = rnd() % 8, w = 0, got = 0;
        const liion_secs_item *l = NULL, *rc = NULL, *a = NULL, *b = NULL;
        for (size_t i = 0; i < n; i++) {
            v[i] = rnd_item(2);
            names[i] = (rnd() & 1) ? u4(rnd()) : asc("P");
            do {
                vals[i] = rnd_item(0);
            } while (liion_secs_item_format(vals[i]) == LIION_SECS_L &&
                     (liion_secs_item_free(vals[i]), 1));
        }
        ck_assert_int_eq(liion_gem_s1f4_encode(buf, sizeof buf, &w, ctx,
                                               (const liion_secs_item *const *)v, n), LIION_OK);
        load_bytes(1, 4, buf, w);
        ck_assert_int_eq(liion_gem_s1f4_decode(&l, &got, ctx, msg), LIION_OK);
        ck_assert_uint_eq(got, n);
        for (size_t i = 0; i < n; i++)
            ck_assert(liion_secs_item_equal(liion_secs_item_child(l, i), v[i]));
        {
            liion_secs_item *cmd = asc("RUN");
            ck_assert_int_eq(liion_gem_s2f41_encode(buf, sizeof buf, &w, ctx, cmd,
                                                    (const liion_secs_item *const *)names,
                                                    (const liion_secs_item *const *)vals, n),
                             LIION_OK);
            load_bytes(2, 41, buf, w);
            ck_assert_int_eq(liion_gem_s2f41_decode(&rc, &l, &got, ctx, msg), LIION_OK);
            ck_assert(liion_secs_item_equal(rc, cmd));
            ck_assert_uint_eq(got, n);
            for (size_t i = 0; i < n; i++) {
                ck_assert_int_eq(liion_gem_pair_at(&a, &b, l, i), LIION_OK);
                ck_assert(liion_secs_item_equal(a, names[i]));
                ck_assert(liion_secs_item_equal(b, vals[i]));
            }
            liion_secs_item_free(cmd);
        }
        pp = asc("PP");
        body = rnd_item(0);
        if (liion_secs_item_format(body) != LIION_SECS_L) {
            ck_assert_int_eq(liion_gem_s7f3_encode(buf, sizeof buf, &w, ctx, pp, body), LIION_OK);
            load_bytes(7, 3, buf, w);
            ck_assert_int_eq(liion_gem_s7f3_decode(&a, &b, ctx, msg), LIION_OK);
            ck_assert(liion_secs_item_equal(b, body));
        }
        liion_secs_item_free(pp);
        liion_secs_item_free(body);
        for (size_t i = 0; i < n; i++) {
            liion_secs_item_free(v[i]);
            liion_secs_item_free(names[i]);
            liion_secs_item_free(vals[i]);
        }
    }
}
END_TEST

/* ---- negative ---------------------------------------------------------------------------- */

START_TEST(negative_decode)
{
    const liion_secs_item *a = NULL, *b = NULL;
    size_t n = 0, tl = 0;
    uint8_t ack = 0;
    const char *tx = NULL;

    /* wrong stream / function */
    load(1, 4, "01 00");
    expect_err(liion_gem_s1f3_decode(&a, &n, ctx, msg), LIION_E_DECODE, (size_t)-2,
               "S1F3 expected, got S1F4");
    expect_err(liion_gem_ack_msg_decode(&ack, ctx, msg, 6, 12), LIION_E_DECODE, (size_t)-2,
               "S6F12 expected, got S1F4");
    /* a pair that is not an ack / not header-only */
    expect_err(liion_gem_ack_msg_decode(&ack, ctx, msg, 1, 4), LIION_E_INVALID_ARG, (size_t)-2,
               "not a one-byte acknowledge");
    expect_err(liion_gem_empty_decode(ctx, msg, 1, 4), LIION_E_INVALID_ARG, (size_t)-2,
               "not a header-only");
    /* body where none belongs, and no body where one does */
    load(1, 1, "01 00");
    expect_err(liion_gem_empty_decode(ctx, msg, 1, 1), LIION_E_DECODE, 0, "a body where E5 has none");
    load(2, 41, "");
    expect_err(liion_gem_s2f41_decode(&a, &b, &n, ctx, msg), LIION_E_DECODE, 0, "no body");
    /* structure */
    load(1, 3, "b1 04 00 00 00 01");
    expect_err(liion_gem_s1f3_decode(&a, &n, ctx, msg), LIION_E_DECODE, 0, "expected L[n]");
    load(1, 2, "01 01 41 00");
    expect_err(liion_gem_s1f2_decode(NULL, NULL, NULL, NULL, ctx, msg), LIION_E_DECODE, 0,
               "L[0] or L[2]");
    /* format of an element, with its offset: SVID 1 is a list at 8 */
    load(1, 3, "01 02 b1 04 00 00 00 01 01 00");
    expect_err(liion_gem_s1f3_decode(&a, &n, ctx, msg), LIION_E_DECODE, 8,
               "SVID 1 at offset 8 is L[0]");
    /* SVID of two U4 values is not one ID */
    load(1, 3, "01 01 b1 08 00 00 00 01 00 00 00 02");
    expect_err(liion_gem_s1f3_decode(&a, &n, ctx, msg), LIION_E_DECODE, 2, "SVID 0");
    /* S1F2 MDLN not ASCII */
    load(1, 2, "01 02 41 01 41 21 01 00");
    expect_err(liion_gem_s1f2_decode(NULL, NULL, NULL, NULL, ctx, msg), LIION_E_DECODE, 5,
               "MDLN/SOFTREV 1");
    /* S2F14 with a list ECV */
    load(2, 14, "01 01 01 00");
    expect_err(liion_gem_s2f14_decode(&a, &n, ctx, msg), LIION_E_DECODE, 2, "ECV 0");
    /* S2F41: RCMD a U4 */
    load(2, 41, "01 02 b1 04 00 00 00 01 01 00");
    expect_err(liion_gem_s2f41_decode(&a, &b, &n, ctx, msg), LIION_E_DECODE, 2, "RCMD");
    /* S2F41: parameter not L[2] (offset 9 = second list's first child) */
    load(2, 41, "01 02 41 01 58 01 01 01 01 41 00");
    expect_err(liion_gem_s2f41_decode(&a, &b, &n, ctx, msg), LIION_E_DECODE, 7,
               "parameter 0 at offset 7 is L[1]");
    /* S2F41: CPVAL a list (offset 12) */
    load(2, 41, "01 02 41 01 58 01 01 01 02 41 01 4e 01 00");
    expect_err(liion_gem_s2f41_decode(&a, &b, &n, ctx, msg), LIION_E_DECODE, 12,
               "CPVAL of parameter 0 at offset 12 is L[0]");
    /* S2F41: CPNAME a float */
    load(2, 41, "01 02 41 01 58 01 01 01 02 91 04 00 00 00 00 41 00");
    expect_err(liion_gem_s2f41_decode(&a, &b, &n, ctx, msg), LIION_E_DECODE, 9,
               "CPNAME of parameter 0 at offset 9 is F4");
    /* S2F42: HCACK U4; CPACK two bytes */
    load(2, 42, "01 02 b1 04 00 00 00 00 01 00");
    expect_err(liion_gem_s2f42_decode(&ack, &a, &n, ctx, msg), LIION_E_DECODE, 2, "HCACK");
    load(2, 42, "01 02 21 01 03 01 01 01 02 41 01 4e 21 02 01 02");
    expect_err(liion_gem_s2f42_decode(&ack, &a, &n, ctx, msg), LIION_E_DECODE, 12, "CPACK");
    /* S5F1: L[2]; ALID text; ALTX binary */
    load(5, 1, "01 02 21 01 80 a5 01 01");
    expect_err(liion_gem_s5f1_decode(&ack, &a, &tx, &tl, ctx, msg), LIION_E_DECODE, 0, "L[3]");
    load(5, 1, "01 03 21 01 80 41 01 31 41 00");
    expect_err(liion_gem_s5f1_decode(&ack, &a, &tx, &tl, ctx, msg), LIION_E_DECODE, 5, "ALID");
    load(5, 1, "01 03 21 01 80 a5 01 01 21 00");
    expect_err(liion_gem_s5f1_decode(&ack, &a, &tx, &tl, ctx, msg), LIION_E_DECODE, 8, "ALTX");
    /* S7F3: PPID a U4; PPBODY a list; S7F3 L[0] (only S7F6 may be empty) */
    load(7, 3, "01 02 b1 04 00 00 00 01 21 00");
    expect_err(liion_gem_s7f3_decode(&a, &b, ctx, msg), LIION_E_DECODE, 2, "PPID");
    load(7, 3, "01 02 41 01 50 01 00");
    expect_err(liion_gem_s7f3_decode(&a, &b, ctx, msg), LIION_E_DECODE, 5, "PPBODY");
    load(7, 3, "01 00");
    expect_err(liion_gem_s7f3_decode(&a, &b, ctx, msg), LIION_E_DECODE, 0, "L[2] <PPID> <PPBODY>");
    load(7, 5, "01 00");
    expect_err(liion_gem_s7f5_decode(&a, ctx, msg), LIION_E_DECODE, 0, "PPID");
    load(7, 20, "01 01 a5 01 01");
    expect_err(liion_gem_s7f20_decode(&a, &n, ctx, msg), LIION_E_DECODE, 2, "PPID 0");
    /* acks: two bytes, a list */
    load(6, 12, "21 02 00 00");
    expect_err(liion_gem_ack_msg_decode(&ack, ctx, msg, 6, 12), LIION_E_DECODE, 0, "<B[1]>");
    load(1, 18, "01 00");
    expect_err(liion_gem_ack_msg_decode(&ack, ctx, msg, 1, 18), LIION_E_DECODE, 0, "<B[1]>");
    /* NULL arguments */
    expect_err(liion_gem_s1f3_decode(NULL, &n, ctx, msg), LIION_E_DECODE, (size_t)-2, "S1F3");
    expect_err(liion_gem_s7f5_decode(&a, ctx, NULL), LIION_E_INVALID_ARG, (size_t)-2, "NULL");
    ck_assert_int_eq(liion_gem_s7f5_decode(&a, NULL, msg), LIION_E_INVALID_ARG);
}
END_TEST

START_TEST(negative_encode)
{
    uint8_t buf[64];
    size_t w = 0;
    liion_secs_item *lst = sml("<L>"), *f = sml("<F4 1.5>"), *id = u4(1), *two = sml("<U4 1 2>");
    const liion_secs_item *bad[2] = { id, lst };
    const liion_secs_item *nul[1] = { NULL };
    expect_err(liion_gem_s1f3_encode(buf, sizeof buf, &w, ctx, bad, 2), LIION_E_INVALID_ARG,
               (size_t)-2, "SVID 1 is L");
    expect_err(liion_gem_s1f3_encode(buf, sizeof buf, &w, ctx, nul, 1), LIION_E_INVALID_ARG,
               (size_t)-2, "SVID 0 is NULL");
    expect_err(liion_gem_s1f3_encode(buf, sizeof buf, &w, ctx, NULL, 1), LIION_E_INVALID_ARG,
               (size_t)-2, "NULL SVID array");
    expect_err(liion_gem_s2f14_encode(buf, sizeof buf, &w, ctx, bad, 2), LIION_E_INVALID_ARG,
               (size_t)-2, "ECV 1 is L");
    expect_err(liion_gem_s2f41_encode(buf, sizeof buf, &w, ctx, f, NULL, NULL, 0),
               LIION_E_INVALID_ARG, (size_t)-2, "RCMD is F4");
    expect_err(liion_gem_s2f41_encode(buf, sizeof buf, &w, ctx, two, NULL, NULL, 0),
               LIION_E_INVALID_ARG, (size_t)-2, "RCMD is U4");
    expect_err(liion_gem_s2f41_encode(buf, sizeof buf, &w, ctx, id, NULL, NULL, 0),
               LIION_E_INVALID_ARG, (size_t)-2, "RCMD is U4");
    expect_err(liion_gem_s2f42_encode(buf, sizeof buf, &w, ctx, 0, bad, NULL, 1),
               LIION_E_INVALID_ARG, (size_t)-2, "NULL CPACK array");
    expect_err(liion_gem_s5f1_encode(buf, sizeof buf, &w, ctx, 0x80, two, "x", 1),
               LIION_E_INVALID_ARG, (size_t)-2, "ALID is U4");
    expect_err(liion_gem_s5f1_encode(buf, sizeof buf, &w, ctx, 0x80, id, NULL, 1),
               LIION_E_INVALID_ARG, (size_t)-2, "NULL ALTX");
    expect_err(liion_gem_s7f3_encode(buf, sizeof buf, &w, ctx, id, f), LIION_E_INVALID_ARG,
               (size_t)-2, "PPID is U4");
    expect_err(liion_gem_s7f3_encode(buf, sizeof buf, &w, ctx, NULL, f), LIION_E_INVALID_ARG,
               (size_t)-2, "NULL PPID");
    expect_err(liion_gem_s7f6_encode(buf, sizeof buf, &w, ctx, f, lst), LIION_E_INVALID_ARG,
               (size_t)-2, "PPID is F4");
    expect_err(liion_gem_s7f5_encode(buf, sizeof buf, NULL, ctx, f), LIION_E_INVALID_ARG,
               (size_t)-2, "NULL argument");
    expect_err(liion_gem_s7f5_encode(NULL, 5, &w, ctx, f), LIION_E_INVALID_ARG, (size_t)-2,
               "NULL argument");
    ck_assert_int_eq(liion_gem_s7f5_encode(buf, sizeof buf, &w, NULL, f), LIION_E_INVALID_ARG);
    liion_secs_item_free(lst);
    liion_secs_item_free(f);
    liion_secs_item_free(id);
    liion_secs_item_free(two);
}
END_TEST

/* ---- allocation failures ------------------------------------------------------------------ */

static liion_status body_alloc(const liion_allocator *hooks, void *user)
{
    liion_ctx_options o;
    liion_ctx *c = NULL;
    liion_secs_msg *m = NULL;
    liion_secs_item *cmd = NULL, *name = NULL, *val = NULL;
    uint8_t buf[128];
    size_t w = 0, n = 0;
    const liion_secs_item *rc = NULL, *l = NULL;
    liion_status s;
    (void)user;
    liion_ctx_options_init(&o, sizeof o);
    o.allocator = hooks;
    s = liion_ctx_new(&c, &o);
    if (s != LIION_OK)
        return s;
    s = liion_secs_item_new_ascii(&cmd, c, "GO", 2);
    if (s == LIION_OK)
        s = liion_secs_item_new_ascii(&name, c, "N", 1);
    if (s == LIION_OK) {
        uint32_t v = 9;
        s = liion_secs_item_new_u4(&val, c, &v, 1);
    }
    if (s == LIION_OK)
        s = liion_gem_s2f41_encode(buf, sizeof buf, &w, c, cmd,
                                   (const liion_secs_item *const *)&name,
                                   (const liion_secs_item *const *)&val, 1);
    if (s == LIION_OK)
        s = liion_secs_msg_new(&m, c);
    if (s == LIION_OK)
        s = liion_secs_msg_set_sf(m, 2, 41, 1);
    if (s == LIION_OK)
        s = liion_secs_msg_decode(m, buf, w);
    if (s == LIION_OK)
        s = liion_gem_s2f41_decode(&rc, &l, &n, c, m);
    liion_secs_msg_free(m);
    liion_secs_item_free(cmd);
    liion_secs_item_free(name);
    liion_secs_item_free(val);
    liion_ctx_free(c);
    return s;
}

START_TEST(alloc_failures)
{
    ck_assert_uint_gt(liion_test_alloc_loop("gem_e30 S2F41 encode/decode", body_alloc, NULL), 3);
}
END_TEST

static Suite *e30_suite(void)
{
    Suite *s = suite_create("gem_e30");
    TCase *tc = tcase_create("messages");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, s1_vectors);
    tcase_add_test(tc, s2_vectors);
    tcase_add_test(tc, s5_s7_vectors);
    tcase_add_test(tc, s5_alarm_management);
    tcase_add_test(tc, s10_terminal_text);
    tcase_add_test(tc, s2_constants_and_time);
    tcase_add_test(tc, s7_inquire_and_delete);
    tcase_add_test(tc, sizing_and_event);
    tcase_add_test(tc, random_round_trips);
    tcase_add_test(tc, negative_decode);
    tcase_add_test(tc, negative_encode);
    suite_add_tcase(s, tc);
    tc = tcase_create("alloc");
    tcase_add_test(tc, alloc_failures);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return liion_test_run(e30_suite());
}
