/* GEM (E30) event reports: the reference 112-byte S6F11 built from a table and parsed back
 * against it, define/link/enable sequences, every DRACK/LRACK/ERACK path, malformed bodies,
 * the host-side builders, value-count mismatches and allocation failures. */
#include <liion/liion.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/failalloc.h"
#include "support/run.h"

static liion_ctx *new_ctx(void)
{
    liion_ctx *ctx = NULL;
    ck_assert_int_eq(liion_ctx_new(&ctx, NULL), LIION_OK);
    return ctx;
}

/* The reference event report (bench_secs2 / bench_hsms): DATAID 42, CEID 1337, reports 1000
 * and 1001 of five values { U4 7+r, F4 3.75, A "LOT-2026-007", U4 250000, F4 -12.5 }. */
#define REPORT(r, v)                                                                          \
    0x01, 0x02, 0xb1, 0x04, 0x00, 0x00, 0x03, r, 0x01, 0x05, 0xb1, 0x04, 0x00, 0x00, 0x00, v, \
        0x91, 0x04, 0x40, 0x70, 0x00, 0x00, 0x41, 0x0c, 'L', 'O', 'T', '-', '2', '0', '2',    \
        '6', '-', '0', '0', '7', 0xb1, 0x04, 0x00, 0x03, 0xd0, 0x90, 0x91, 0x04, 0xc1, 0x48,  \
        0x00, 0x00
static const uint8_t S6F11_REF[112] = { 0x01, 0x03, 0xb1, 0x04, 0x00, 0x00, 0x00, 0x2a,
                                        0xb1, 0x04, 0x00, 0x00, 0x05, 0x39, 0x01, 0x02,
                                        REPORT(0xe8, 7), REPORT(0xe9, 8) };

/* Reference vector T32 (secsgem): S2F33 with U1 IDs and ASCII VIDs. */
static const uint8_t S2F33_T32[] = {
    0x01, 0x02, 0xa5, 0x01, 0x0a, 0x01, 0x02, 0x01, 0x02, 0xa5, 0x01, 0x05, 0x01, 0x02, 0x41,
    0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x41, 0x05, 0x48, 0x61, 0x6c, 0x6c, 0x6f, 0x01, 0x02,
    0xa5, 0x01, 0x06, 0x01, 0x02, 0x41, 0x07, 0x47, 0x6f, 0x6f, 0x64, 0x62, 0x79, 0x65, 0x41,
    0x0f, 0x41, 0x75, 0x66, 0x20, 0x57, 0x69, 0x65, 0x64, 0x65, 0x72, 0x73, 0x65, 0x68, 0x65,
    0x6e
};

static const uint32_t RPTIDS[2] = { 1000, 1001 };
static const size_t NVIDS[2] = { 5, 5 };
static const uint32_t VIDS[10] = { 10, 11, 12, 13, 14, 20, 21, 22, 23, 24 };

typedef struct values {
    liion_secs_item *items[10];
} values;

static liion_status make_values(values *v, liion_ctx *ctx)
{
    liion_status s = LIION_OK;
    memset(v, 0, sizeof *v);
    for (int r = 0; r < 2 && s == LIION_OK; r++) {
        uint32_t a = (uint32_t)(7 + r), b = 250000;
        float f = 3.75f, g = -12.5f;
        liion_secs_item **it = &v->items[r * 5];
        s = liion_secs_item_new_u4(&it[0], ctx, &a, 1);
        if (s == LIION_OK)
            s = liion_secs_item_new_f4(&it[1], ctx, &f, 1);
        if (s == LIION_OK)
            s = liion_secs_item_new_ascii(&it[2], ctx, "LOT-2026-007", 12);
        if (s == LIION_OK)
            s = liion_secs_item_new_u4(&it[3], ctx, &b, 1);
        if (s == LIION_OK)
            s = liion_secs_item_new_f4(&it[4], ctx, &g, 1);
    }
    return s;
}

static void free_values(values *v)
{
    for (int i = 0; i < 10; i++)
        liion_secs_item_free(v->items[i]);
}

static const liion_secs_item *vid_value(void *user, uint32_t vid)
{
    values *v = user;
    for (int i = 0; i < 10; i++)
        if (VIDS[i] == vid)
            return v->items[i];
    return NULL;
}

/* Define the two reports, link them to CEID 1337 and enable it, through host-built bodies. */
static liion_status setup(liion_gem_reports *t, liion_ctx *ctx, uint8_t acks[3])
{
    uint8_t buf[256];
    size_t w = 0;
    const uint32_t ceid = 1337;
    const size_t two = 2;
    liion_status s = liion_gem_s2f33_encode(buf, sizeof buf, &w, ctx, 1, RPTIDS, NVIDS, VIDS, 2);
    if (s == LIION_OK) {
        s = liion_gem_reports_on_s2f33(&acks[0], t, buf, w);
        if (s == LIION_E_NOMEM && acks[0] != LIION_GEM_DRACK_NO_SPACE)
            return LIION_E_STATE; /* out of memory must answer "insufficient space" */
    }
    if (s == LIION_OK)
        s = liion_gem_s2f35_encode(buf, sizeof buf, &w, ctx, 2, &ceid, &two, RPTIDS, 1);
    if (s == LIION_OK) {
        s = liion_gem_reports_on_s2f35(&acks[1], t, buf, w);
        if (s == LIION_E_NOMEM && acks[1] != LIION_GEM_LRACK_NO_SPACE)
            return LIION_E_STATE;
    }
    if (s == LIION_OK)
        s = liion_gem_s2f37_encode(buf, sizeof buf, &w, ctx, 1, &ceid, 1);
    if (s == LIION_OK)
        s = liion_gem_reports_on_s2f37(&acks[2], t, buf, w);
    return s;
}

typedef struct seen {
    uint32_t rptid[16], vid[16];
    double sum;
    int n;
} seen;

static liion_status on_value(void *user, uint32_t rptid, uint32_t vid, const liion_secs_item *v)
{
    seen *s = user;
    uint64_t u;
    double d;
    if (s->n >= 16)
        return LIION_E_RANGE;
    s->rptid[s->n] = rptid;
    s->vid[s->n] = vid;
    s->n++;
    if (liion_secs_item_get_uint(&u, v, 0) == LIION_OK)
        s->sum += (double)u;
    else if (liion_secs_item_get_float(&d, v, 0) == LIION_OK)
        s->sum += d;
    return LIION_OK;
}

START_TEST(reference_event_report)
{
    liion_ctx *ctx = new_ctx();
    liion_gem_reports *eq = NULL, *host = NULL;
    values v;
    uint8_t buf[256], acks[3] = { 9, 9, 9 };
    size_t w = 0;
    uint32_t dataid = 0, ceid = 0;
    seen sn;
    ck_assert_int_eq(make_values(&v, ctx), LIION_OK);
    ck_assert_int_eq(liion_gem_reports_new(&eq, ctx), LIION_OK);
    ck_assert_int_eq(liion_gem_reports_new(&host, ctx), LIION_OK);
    ck_assert_int_eq(setup(eq, ctx, acks), LIION_OK);
    ck_assert_int_eq(acks[0] | acks[1] | acks[2], 0);
    ck_assert_int_eq(setup(host, ctx, acks), LIION_OK);
    ck_assert_uint_eq(liion_gem_reports_report_count(eq), 2);
    ck_assert_uint_eq(liion_gem_reports_report_size(eq, 1000), 5);
    ck_assert_uint_eq(liion_gem_reports_link_count(eq, 1337), 2);
    ck_assert_int_eq(liion_gem_reports_event_enabled(eq, 1337), 1);

    /* measure, too small, exact */
    ck_assert_int_eq(liion_gem_reports_s6f11_encode(NULL, 0, &w, eq, 42, 1337, vid_value, &v),
                     LIION_E_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(w, 112);
    ck_assert_int_eq(liion_gem_reports_s6f11_encode(buf, 111, &w, eq, 42, 1337, vid_value, &v),
                     LIION_E_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(w, 112);
    ck_assert_int_eq(liion_gem_reports_s6f11_encode(buf, sizeof buf, &w, eq, 42, 1337, vid_value,
                                                    &v),
                     LIION_OK);
    ck_assert_uint_eq(w, 112);
    ck_assert_mem_eq(buf, S6F11_REF, 112);
    /* the array form gives the same bytes */
    memset(buf, 0, sizeof buf);
    ck_assert_int_eq(liion_gem_reports_s6f11_encode_values(
                         buf, sizeof buf, &w, eq, 42, 1337, VIDS,
                         (const liion_secs_item *const *)v.items, 10),
                     LIION_OK);
    ck_assert_mem_eq(buf, S6F11_REF, 112);
    /* a missing value names the VID */
    ck_assert_int_eq(liion_gem_reports_s6f11_encode_values(
                         buf, sizeof buf, &w, eq, 42, 1337, VIDS,
                         (const liion_secs_item *const *)v.items, 9),
                     LIION_E_NOT_FOUND);
    ck_assert_str_eq(liion_ctx_errmsg(ctx), "S6F11: no value for VID 24 of report 1001");

    /* host parse of the reference bytes */
    memset(&sn, 0, sizeof sn);
    ck_assert_int_eq(liion_gem_reports_s6f11_decode(&dataid, &ceid, host, S6F11_REF, 112,
                                                    on_value, &sn),
                     LIION_OK);
    ck_assert_uint_eq(dataid, 42);
    ck_assert_uint_eq(ceid, 1337);
    ck_assert_int_eq(sn.n, 10);
    ck_assert_uint_eq(sn.rptid[0], 1000);
    ck_assert_uint_eq(sn.vid[4], 14);
    ck_assert_uint_eq(sn.rptid[9], 1001);
    ck_assert_uint_eq(sn.vid[9], 24);
    ck_assert(sn.sum > 2 * (250000 + 3.75 - 12.5) + 14.9 && sn.sum < 500000 + 15 + 0.1 - 17.5);
    /* callback stop */
    ck_assert_int_eq(liion_gem_reports_s6f11_decode(NULL, NULL, host, S6F11_REF, 112, NULL, NULL),
                     LIION_OK);

    free_values(&v);
    liion_gem_reports_free(eq);
    liion_gem_reports_free(host);
    liion_ctx_free(ctx);
}
END_TEST

START_TEST(s6f11_against_table)
{
    liion_ctx *ctx = new_ctx();
    liion_gem_reports *host = NULL;
    uint8_t acks[3], bad[112], buf[256];
    size_t w = 0;
    const uint32_t r1 = 1001;
    const size_t one = 1;
    ck_assert_int_eq(liion_gem_reports_new(&host, ctx), LIION_OK);

    /* report not defined yet */
    ck_assert_int_eq(liion_gem_reports_s6f11_decode(NULL, NULL, host, S6F11_REF, 112, NULL, NULL),
                     LIION_E_NOT_FOUND);
    ck_assert_str_eq(liion_ctx_errmsg(ctx), "S6F11: report 1000 is not defined");
    ck_assert_int_eq(setup(host, ctx, acks), LIION_OK);

    /* value count mismatch: report 1001 defined with 4 VIDs */
    {
        const uint32_t rp[2] = { 1001, 1001 };
        const size_t n4[2] = { 0, 4 };
        ck_assert_int_eq(liion_gem_s2f33_encode(buf, sizeof buf, &w, ctx, 3, rp, n4, VIDS, 2),
                         LIION_OK);
        ck_assert_int_eq(liion_gem_reports_on_s2f33(&acks[0], host, buf, w), LIION_OK);
        ck_assert_int_eq(acks[0], LIION_GEM_DRACK_DEFINED); /* same RPTID twice */
        ck_assert_int_eq(liion_gem_s2f33_encode(buf, sizeof buf, &w, ctx, 3, rp, n4, VIDS, 1),
                         LIION_OK);
        ck_assert_int_eq(liion_gem_reports_on_s2f33(&acks[0], host, buf, w), LIION_OK);
        ck_assert_int_eq(acks[0], LIION_GEM_DRACK_OK); /* deleted: links to it go too */
        ck_assert_uint_eq(liion_gem_reports_link_count(host, 1337), 1);
        ck_assert_int_eq(liion_gem_s2f33_encode(buf, sizeof buf, &w, ctx, 3, &r1, &n4[1], VIDS,
                                                1),
                         LIION_OK);
        ck_assert_int_eq(liion_gem_reports_on_s2f33(&acks[0], host, buf, w), LIION_OK);
        ck_assert_int_eq(acks[0], LIION_GEM_DRACK_OK);
    }
    /* links: 1337 -> {1000}; the body carries 2 reports */
    ck_assert_int_eq(liion_gem_reports_s6f11_decode(NULL, NULL, host, S6F11_REF, 112, NULL, NULL),
                     LIION_E_DECODE);
    ck_assert_str_eq(liion_ctx_errmsg(ctx), "S6F11: CEID 1337 has 2 reports, 1 linked");
    /* unlink, relink 1337 -> {1000, 1001} */
    {
        const uint32_t ce = 1337, rp[2] = { 1000, 1001 };
        const size_t zero = 0, two = 2;
        ck_assert_int_eq(liion_gem_s2f35_encode(buf, sizeof buf, &w, ctx, 4, &ce, &two, rp, 1),
                         LIION_OK);
        ck_assert_int_eq(liion_gem_reports_on_s2f35(&acks[1], host, buf, w), LIION_OK);
        ck_assert_int_eq(acks[1], LIION_GEM_LRACK_LINKED);
        ck_assert_int_eq(liion_gem_s2f35_encode(buf, sizeof buf, &w, ctx, 4, &ce, &zero, NULL, 1),
                         LIION_OK);
        ck_assert_int_eq(liion_gem_reports_on_s2f35(&acks[1], host, buf, w), LIION_OK);
        ck_assert_int_eq(acks[1], LIION_GEM_LRACK_OK);
        ck_assert_uint_eq(liion_gem_reports_link_count(host, 1337), 0);
        ck_assert_int_eq(liion_gem_s2f35_encode(buf, sizeof buf, &w, ctx, 4, &ce, &two, rp, 1),
                         LIION_OK);
        ck_assert_int_eq(liion_gem_reports_on_s2f35(&acks[1], host, buf, w), LIION_OK);
        ck_assert_int_eq(acks[1], LIION_GEM_LRACK_OK);
    }
    ck_assert_int_eq(liion_gem_reports_s6f11_decode(NULL, NULL, host, S6F11_REF, 112, NULL, NULL),
                     LIION_E_DECODE);
    ck_assert_str_eq(liion_ctx_errmsg(ctx), "S6F11: report 1001 has 5 values, defined with 4 VIDs");

    /* out of link order: swap the RPTIDs in the body */
    ck_assert_int_eq(liion_gem_s2f33_encode(buf, sizeof buf, &w, ctx, 3, &r1, &one, VIDS, 0),
                     LIION_OK); /* L[0]: delete every report */
    ck_assert_int_eq(liion_gem_reports_on_s2f33(&acks[0], host, buf, w), LIION_OK);
    ck_assert_uint_eq(liion_gem_reports_report_count(host), 0);
    ck_assert_uint_eq(liion_gem_reports_link_count(host, 1337), 0);
    ck_assert_int_eq(setup(host, ctx, acks), LIION_OK);
    ck_assert_int_eq(acks[0] | acks[1] | acks[2], 0);
    memcpy(bad, S6F11_REF, 112);
    bad[16 + 7] = 0xe9;
    bad[64 + 7] = 0xe8;
    ck_assert_int_eq(liion_gem_reports_s6f11_decode(NULL, NULL, host, bad, 112, NULL, NULL),
                     LIION_E_DECODE);
    ck_assert_str_eq(liion_ctx_errmsg(ctx), "S6F11: report 1001 at position 0, linked report is 1000");
    /* wrong shape, truncated, trailing byte */
    memcpy(bad, S6F11_REF, 112);
    bad[1] = 2;
    ck_assert_int_ne(liion_gem_reports_s6f11_decode(NULL, NULL, host, bad, 112, NULL, NULL),
                     LIION_OK);
    ck_assert_int_ne(liion_gem_reports_s6f11_decode(NULL, NULL, host, S6F11_REF, 50, NULL, NULL),
                     LIION_OK);
    memcpy(buf, S6F11_REF, 112);
    buf[112] = 0;
    ck_assert_int_ne(liion_gem_reports_s6f11_decode(NULL, NULL, host, buf, 113, NULL, NULL),
                     LIION_OK);
    ck_assert_int_eq(liion_gem_reports_s6f11_decode(NULL, NULL, host, NULL, 0, NULL, NULL),
                     LIION_E_DECODE);
    ck_assert_int_eq(liion_gem_reports_s6f11_decode(NULL, NULL, host, NULL, 3, NULL, NULL),
                     LIION_E_INVALID_ARG);
    /* the host's callback can stop the parse */
    {
        seen sn;
        memset(&sn, 0, sizeof sn);
        sn.n = 16;
        ck_assert_int_eq(liion_gem_reports_s6f11_decode(NULL, NULL, host, S6F11_REF, 112,
                                                        on_value, &sn),
                         LIION_E_RANGE);
    }
    liion_gem_reports_free(host);
    liion_ctx_free(ctx);
}
END_TEST

static uint8_t drack_of(liion_gem_reports *t, const uint8_t *b, size_t n, liion_status want)
{
    uint8_t a = 99;
    ck_assert_int_eq(liion_gem_reports_on_s2f33(&a, t, b, n), want);
    return a;
}

START_TEST(define_report_acks)
{
    liion_ctx *ctx = new_ctx();
    liion_gem_reports *t = NULL;
    uint8_t buf[256];
    size_t w = 0;
    const uint32_t rp = 5, v2[2] = { 10, 99 };
    const size_t one = 1, two = 2;
    ck_assert_int_eq(liion_gem_reports_new(&t, ctx), LIION_OK);

    /* T32 vector: the shape is right but the VIDs are ASCII: invalid format */
    ck_assert_int_eq(drack_of(t, S2F33_T32, sizeof S2F33_T32, LIION_E_DECODE),
                     LIION_GEM_DRACK_FORMAT);
    ck_assert_str_eq(liion_ctx_errmsg(ctx), "S2F33: invalid format: a VID is not an unsigned integer");
    /* T32 with the VIDs as U1 parses: patch A[5]"Hello" etc. is not trivial; build instead */
    ck_assert_int_eq(liion_gem_s2f33_encode(buf, sizeof buf, &w, ctx, 10, &rp, &one, v2, 1),
                     LIION_OK);
    ck_assert_int_eq(drack_of(t, buf, w, LIION_OK), LIION_GEM_DRACK_OK);
    ck_assert_int_eq(drack_of(t, buf, w, LIION_OK), LIION_GEM_DRACK_DEFINED);
    ck_assert_uint_eq(liion_gem_reports_report_count(t), 1);

    /* declared VIDs: 99 is unknown */
    ck_assert_int_eq(liion_gem_reports_add_vid(t, 10), LIION_OK);
    ck_assert_int_eq(liion_gem_reports_add_vid(t, 10), LIION_OK);
    ck_assert_int_eq(liion_gem_reports_add_vid(t, 11), LIION_OK);
    {
        const uint32_t rp6 = 6;
        ck_assert_int_eq(liion_gem_s2f33_encode(buf, sizeof buf, &w, ctx, 1, &rp6, &two, v2, 1),
                         LIION_OK);
        ck_assert_int_eq(drack_of(t, buf, w, LIION_OK), LIION_GEM_DRACK_UNKNOWN_VID);
        ck_assert_uint_eq(liion_gem_reports_report_size(t, 6), 0);
        ck_assert_int_eq(liion_gem_s2f33_encode(buf, sizeof buf, &w, ctx, 1, &rp6, &one, v2, 1),
                         LIION_OK);
        ck_assert_int_eq(drack_of(t, buf, w, LIION_OK), LIION_GEM_DRACK_OK);
        ck_assert_uint_eq(liion_gem_reports_report_size(t, 6), 1);
    }
    /* deleting an unknown report is accepted */
    {
        const uint32_t rp7 = 7;
        const size_t zero = 0;
        ck_assert_int_eq(liion_gem_s2f33_encode(buf, sizeof buf, &w, ctx, 1, &rp7, &zero, NULL, 1),
                         LIION_OK);
        ck_assert_int_eq(drack_of(t, buf, w, LIION_OK), LIION_GEM_DRACK_OK);
        ck_assert_uint_eq(liion_gem_reports_report_count(t), 2);
    }
    /* malformed shapes: each is DRACK 2 with LIION_E_DECODE and leaves the table */
    {
        static const uint8_t not_list[] = { 0xa5, 0x01, 0x01 };
        static const uint8_t list3[] = { 0x01, 0x03, 0xa5, 0x01, 0x01, 0x01, 0x00, 0x01, 0x00 };
        static const uint8_t dataid_a[] = { 0x01, 0x02, 0x41, 0x01, 'x', 0x01, 0x00 };
        static const uint8_t rpt_bad[] = { 0x01, 0x02, 0xa5, 0x01, 0x01, 0x01, 0x01,
                                           0x01, 0x01, 0xa5, 0x01, 0x09 };
        static const uint8_t id_two[] = { 0x01, 0x02, 0xa9, 0x04, 0x00, 0x01, 0x00, 0x02,
                                          0x01, 0x00 };
        static const uint8_t neg[] = { 0x01, 0x02, 0xa5, 0x01, 0x01, 0x01, 0x01, 0x01,
                                       0x02, 0x65, 0x01, 0xff, 0x01, 0x00 };
        static const uint8_t trunc[] = { 0x01, 0x02, 0xa5, 0x01 };
        ck_assert_int_eq(drack_of(t, not_list, sizeof not_list, LIION_E_DECODE), 2);
        ck_assert_str_eq(liion_ctx_errmsg(ctx), "S2F33: invalid format: expected L[2] <DATAID> L[a]");
        ck_assert_int_eq(drack_of(t, list3, sizeof list3, LIION_E_DECODE), 2);
        ck_assert_int_eq(drack_of(t, dataid_a, sizeof dataid_a, LIION_E_DECODE), 2);
        ck_assert_int_eq(drack_of(t, rpt_bad, sizeof rpt_bad, LIION_E_DECODE), 2);
        ck_assert_str_eq(liion_ctx_errmsg(ctx),
                         "S2F33: invalid format: expected L[2] <RPTID> L[b] per report");
        ck_assert_int_eq(drack_of(t, id_two, sizeof id_two, LIION_E_DECODE), 2);
        ck_assert_int_eq(drack_of(t, neg, sizeof neg, LIION_E_DECODE), 2);
        ck_assert_int_eq(drack_of(t, trunc, sizeof trunc, LIION_E_TRUNCATED), 2);
        ck_assert_int_eq(drack_of(t, trunc, 0, LIION_E_DECODE), 2);
        ck_assert_uint_eq(liion_gem_reports_report_count(t), 2);
    }
    {
        uint8_t a = 0;
        ck_assert_int_eq(liion_gem_reports_on_s2f33(NULL, t, buf, w), LIION_E_INVALID_ARG);
        ck_assert_int_eq(liion_gem_reports_on_s2f33(&a, NULL, buf, w), LIION_E_INVALID_ARG);
        ck_assert_int_eq(liion_gem_reports_on_s2f33(&a, t, NULL, 4), LIION_E_INVALID_ARG);
    }
    liion_gem_reports_free(t);
    liion_ctx_free(ctx);
}
END_TEST

static uint8_t lrack_of(liion_gem_reports *t, liion_ctx *ctx, uint32_t ce, const uint32_t *rp,
                        size_t n)
{
    uint8_t buf[128], a = 99;
    size_t w = 0;
    ck_assert_int_eq(liion_gem_s2f35_encode(buf, sizeof buf, &w, ctx, 1, &ce, &n, rp, 1),
                     LIION_OK);
    ck_assert_int_eq(liion_gem_reports_on_s2f35(&a, t, buf, w), LIION_OK);
    return a;
}

static uint8_t erack_of(liion_gem_reports *t, liion_ctx *ctx, int on, const uint32_t *ce,
                        size_t n)
{
    uint8_t buf[128], a = 99;
    size_t w = 0;
    ck_assert_int_eq(liion_gem_s2f37_encode(buf, sizeof buf, &w, ctx, on, ce, n), LIION_OK);
    ck_assert_int_eq(liion_gem_reports_on_s2f37(&a, t, buf, w), LIION_OK);
    return a;
}

START_TEST(link_enable_acks)
{
    liion_ctx *ctx = new_ctx();
    liion_gem_reports *t = NULL;
    uint8_t buf[256], a = 0, acks[3];
    size_t w = 0;
    values v;
    const uint32_t r1000 = 1000, r77 = 77, ce[3] = { 1337, 1338, 50 };
    ck_assert_int_eq(make_values(&v, ctx), LIION_OK);
    ck_assert_int_eq(liion_gem_reports_new(&t, ctx), LIION_OK);
    ck_assert_int_eq(liion_gem_reports_add_ceid(t, 1337), LIION_OK);
    ck_assert_int_eq(liion_gem_reports_add_ceid(t, 1338), LIION_OK);
    ck_assert_int_eq(liion_gem_reports_add_ceid(t, 1338), LIION_OK);
    ck_assert_int_eq(liion_gem_reports_event_enabled(t, 1337), 0);
    ck_assert_int_eq(setup(t, ctx, acks), LIION_OK);
    ck_assert_int_eq(acks[0] | acks[1] | acks[2], 0);

    ck_assert_int_eq(lrack_of(t, ctx, 1337, &r1000, 1), LIION_GEM_LRACK_LINKED);
    ck_assert_int_eq(lrack_of(t, ctx, 50, &r1000, 1), LIION_GEM_LRACK_UNKNOWN_CEID);
    ck_assert_int_eq(lrack_of(t, ctx, 1338, &r77, 1), LIION_GEM_LRACK_UNKNOWN_RPTID);
    ck_assert_int_eq(lrack_of(t, ctx, 1338, &r1000, 1), LIION_GEM_LRACK_OK);
    ck_assert_uint_eq(liion_gem_reports_link_count(t, 1338), 1);
    /* the same CEID twice in one message */
    {
        const uint32_t c2[2] = { 1338, 1338 };
        const size_t n2[2] = { 0, 0 };
        ck_assert_int_eq(liion_gem_s2f35_encode(buf, sizeof buf, &w, ctx, 1, c2, n2, NULL, 2),
                         LIION_OK);
        ck_assert_int_eq(liion_gem_reports_on_s2f35(&a, t, buf, w), LIION_OK);
        ck_assert_int_eq(a, LIION_GEM_LRACK_LINKED);
        ck_assert_int_eq(liion_gem_s2f35_encode(buf, sizeof buf, &w, ctx, 1, c2, n2, NULL, 0),
                         LIION_OK);
        ck_assert_int_eq(liion_gem_reports_on_s2f35(&a, t, buf, w), LIION_OK);
        ck_assert_int_eq(a, LIION_GEM_LRACK_OK); /* empty list: nothing to do */
    }
    /* malformed S2F35 */
    {
        static const uint8_t bad[] = { 0x01, 0x02, 0xa5, 0x01, 0x01, 0x01, 0x01, 0x01, 0x02,
                                       0xa5, 0x01, 0x01, 0x01, 0x01, 0x41, 0x00 };
        ck_assert_int_eq(liion_gem_reports_on_s2f35(&a, t, bad, sizeof bad), LIION_E_DECODE);
        ck_assert_int_eq(a, LIION_GEM_LRACK_FORMAT);
        ck_assert_str_eq(liion_ctx_errmsg(ctx), "S2F35: invalid format: a RPTID is not an unsigned integer");
        ck_assert_int_eq(liion_gem_reports_on_s2f35(&a, t, bad, 3), LIION_E_TRUNCATED);
        ck_assert_int_eq(liion_gem_reports_on_s2f35(&a, t, bad, 0), LIION_E_DECODE);
        ck_assert_int_eq(liion_gem_reports_on_s2f35(&a, t, bad, 2), LIION_E_TRUNCATED);
        ck_assert_int_eq(liion_gem_reports_on_s2f35(NULL, t, bad, 2), LIION_E_INVALID_ARG);
    }

    /* S2F37 */
    ck_assert_int_eq(erack_of(t, ctx, 1, &ce[2], 1), LIION_GEM_ERACK_UNKNOWN_CEID);
    ck_assert_int_eq(erack_of(t, ctx, 1, ce, 3), LIION_GEM_ERACK_UNKNOWN_CEID);
    ck_assert_int_eq(liion_gem_reports_event_enabled(t, 1338), 0);
    ck_assert_int_eq(erack_of(t, ctx, 1, ce, 0), LIION_GEM_ERACK_OK); /* all */
    ck_assert_int_eq(liion_gem_reports_event_enabled(t, 1338), 1);
    ck_assert_int_eq(erack_of(t, ctx, 0, &ce[0], 1), LIION_GEM_ERACK_OK);
    ck_assert_int_eq(liion_gem_reports_event_enabled(t, 1337), 0);
    ck_assert_int_eq(liion_gem_reports_event_enabled(t, 1338), 1);
    /* disabled and undeclared events are not reported */
    ck_assert_int_eq(liion_gem_reports_s6f11_encode(buf, sizeof buf, &w, t, 1, 1337, vid_value, &v),
                     LIION_E_STATE);
    ck_assert_str_eq(liion_ctx_errmsg(ctx), "S6F11: event 1337 is disabled");
    ck_assert_int_eq(liion_gem_reports_s6f11_encode(buf, sizeof buf, &w, t, 1, 50, vid_value, &v),
                     LIION_E_NOT_FOUND);
    ck_assert_int_eq(liion_gem_reports_s6f11_encode(buf, sizeof buf, &w, t, 1, 1338, vid_value, &v),
                     LIION_OK);
    ck_assert_uint_eq(w, 16 + 48);
    /* an event with no report: L[3] id id L[0] */
    ck_assert_int_eq(lrack_of(t, ctx, 1338, NULL, 0), LIION_GEM_LRACK_OK);
    ck_assert_int_eq(liion_gem_reports_s6f11_encode(buf, sizeof buf, &w, t, 1, 1338, vid_value, &v),
                     LIION_OK);
    ck_assert_uint_eq(w, 16);
    ck_assert_int_eq(liion_gem_reports_s6f11_encode(buf, sizeof buf, &w, t, 1, 1338, NULL, &v),
                     LIION_E_INVALID_ARG);
    /* malformed S2F37 */
    {
        static const uint8_t ceed_u1[] = { 0x01, 0x02, 0xa5, 0x01, 0x01, 0x01, 0x00 };
        static const uint8_t ceid_a[] = { 0x01, 0x02, 0x25, 0x01, 0x01, 0x01, 0x01, 0x41, 0x00 };
        static const uint8_t no_list[] = { 0x01, 0x02, 0x25, 0x01, 0x01, 0xa5, 0x01, 0x01 };
        static const uint8_t l1[] = { 0x01, 0x01, 0x25, 0x01, 0x01 };
        ck_assert_int_eq(liion_gem_reports_on_s2f37(&a, t, ceed_u1, sizeof ceed_u1), LIION_E_DECODE);
        ck_assert_str_eq(liion_ctx_errmsg(ctx), "S2F37: invalid format: CEED is not <BOOLEAN[1]>");
        ck_assert_int_eq(a, 1);
        ck_assert_int_eq(liion_gem_reports_on_s2f37(&a, t, ceid_a, sizeof ceid_a), LIION_E_DECODE);
        ck_assert_int_eq(liion_gem_reports_on_s2f37(&a, t, no_list, sizeof no_list), LIION_E_DECODE);
        ck_assert_int_eq(liion_gem_reports_on_s2f37(&a, t, l1, sizeof l1), LIION_E_DECODE);
        ck_assert_int_eq(liion_gem_reports_on_s2f37(NULL, t, l1, sizeof l1), LIION_E_INVALID_ARG);
    }
    free_values(&v);
    liion_gem_reports_free(t);
    liion_ctx_free(ctx);
}
END_TEST

/* Without declared CEIDs, links and enables create events. */
START_TEST(open_tables)
{
    liion_ctx *ctx = new_ctx();
    liion_gem_reports *t = NULL;
    const uint32_t ce[2] = { 5, 6 }, r1000 = 1000;
    uint8_t acks[3];
    ck_assert_int_eq(liion_gem_reports_new(&t, ctx), LIION_OK);
    ck_assert_int_eq(setup(t, ctx, acks), LIION_OK);
    ck_assert_int_eq(erack_of(t, ctx, 1, ce, 2), LIION_GEM_ERACK_OK);
    ck_assert_int_eq(liion_gem_reports_event_enabled(t, 5), 1);
    ck_assert_int_eq(liion_gem_reports_event_enabled(t, 6), 1);
    ck_assert_int_eq(lrack_of(t, ctx, 7, &r1000, 1), LIION_GEM_LRACK_OK);
    ck_assert_int_eq(liion_gem_reports_event_enabled(t, 7), 0);
    ck_assert_uint_eq(liion_gem_reports_link_count(t, 7), 1);
    /* getters on NULL */
    ck_assert_uint_eq(liion_gem_reports_report_count(NULL), 0);
    ck_assert_uint_eq(liion_gem_reports_report_size(NULL, 1), 0);
    ck_assert_uint_eq(liion_gem_reports_link_count(NULL, 1), 0);
    ck_assert_int_eq(liion_gem_reports_event_enabled(NULL, 1), 0);
    ck_assert_int_eq(liion_gem_reports_new(NULL, ctx), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_gem_reports_add_vid(NULL, 1), LIION_E_INVALID_ARG);
    liion_gem_reports_free(NULL);
    liion_gem_reports_free(t);
    liion_ctx_free(ctx);
}
END_TEST

START_TEST(host_builders)
{
    liion_ctx *ctx = new_ctx();
    uint8_t buf[128];
    size_t w = 0;
    /* T32's shape with U4 IDs: L[2] <U4 10> L[2] { L[2] <U4 5> L[2] <U4 1> <U4 2>, ... } */
    const uint32_t rp[2] = { 5, 6 }, vids[4] = { 1, 2, 3, 4 }, ce = 0x01020304;
    const size_t n[2] = { 2, 2 };
    static const uint8_t s2f37[] = { 0x01, 0x02, 0x25, 0x01, 0x00, 0x01, 0x01,
                                     0xb1, 0x04, 0x01, 0x02, 0x03, 0x04 };
    ck_assert_int_eq(liion_gem_s2f33_encode(NULL, 0, &w, ctx, 10, rp, n, vids, 2),
                     LIION_E_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(w, 2 + 6 + 2 + 2 * (2 + 6 + 2 + 2 * 6));
    ck_assert_int_eq(liion_gem_s2f33_encode(buf, sizeof buf, &w, ctx, 10, rp, n, vids, 2),
                     LIION_OK);
    ck_assert_int_eq(buf[0], 0x01);
    ck_assert_int_eq(buf[8], 0x01);
    ck_assert_int_eq(buf[9], 0x02);
    ck_assert_int_eq(liion_gem_s2f37_encode(buf, sizeof buf, &w, ctx, 0, &ce, 1), LIION_OK);
    ck_assert_uint_eq(w, sizeof s2f37);
    ck_assert_mem_eq(buf, s2f37, sizeof s2f37);
    ck_assert_int_eq(liion_gem_s2f37_encode(buf, 3, &w, ctx, 0, &ce, 1), LIION_E_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(w, sizeof s2f37);
    ck_assert_int_eq(liion_gem_s2f33_encode(buf, sizeof buf, &w, ctx, 10, NULL, n, vids, 2),
                     LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_gem_s2f33_encode(buf, sizeof buf, &w, ctx, 10, rp, n, NULL, 2),
                     LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_gem_s2f33_encode(buf, sizeof buf, NULL, ctx, 10, rp, n, vids, 2),
                     LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_gem_s2f35_encode(buf, sizeof buf, &w, ctx, 1, NULL, n, vids, 1),
                     LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_gem_s2f37_encode(buf, sizeof buf, &w, ctx, 1, NULL, 1),
                     LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_gem_s2f37_encode(buf, sizeof buf, &w, ctx, 1, &ce,
                                            (size_t)LIION_SECS_MAX_LENGTH + 1),
                     LIION_E_RANGE);
    /* a list of 300 CEIDs takes 2 length bytes */
    {
        static uint32_t many[300];
        static uint8_t big[2000];
        ck_assert_int_eq(liion_gem_s2f37_encode(big, sizeof big, &w, ctx, 1, many, 300), LIION_OK);
        ck_assert_uint_eq(w, 2 + 3 + 3 + 300 * 6);
        ck_assert_int_eq(big[5], 0x02);
        ck_assert_int_eq(big[6], 0x01);
        ck_assert_int_eq(big[7], 0x2c);
    }
    liion_ctx_free(ctx);
}
END_TEST

static liion_status body_alloc(const liion_allocator *hooks, void *user)
{
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *ctx = NULL;
    liion_gem_reports *eq = NULL, *host = NULL;
    values v;
    uint8_t buf[256], acks[3] = { 0, 0, 0 };
    size_t w = 0;
    liion_status s;
    (void)user;
    o.allocator = hooks;
    s = liion_ctx_new(&ctx, &o);
    if (s != LIION_OK)
        return s;
    s = make_values(&v, ctx);
    if (s == LIION_OK)
        s = liion_gem_reports_new(&eq, ctx);
    if (s == LIION_OK)
        s = liion_gem_reports_new(&host, ctx);
    if (s == LIION_OK)
        s = liion_gem_reports_add_vid(eq, 10);
    for (int i = 1; i < 10 && s == LIION_OK; i++)
        s = liion_gem_reports_add_vid(eq, VIDS[i]);
    if (s == LIION_OK)
        s = liion_gem_reports_add_ceid(eq, 1337);
    if (s == LIION_OK)
        s = setup(eq, ctx, acks);
    if (s == LIION_OK)
        s = setup(host, ctx, acks);
    if (s == LIION_OK)
        s = liion_gem_reports_s6f11_encode(buf, sizeof buf, &w, eq, 42, 1337, vid_value, &v);
    if (s == LIION_OK)
        s = liion_gem_reports_s6f11_decode(NULL, NULL, host, buf, w, NULL, NULL);
    if (s == LIION_OK) {
        const uint32_t c2[2] = { 8, 9 };
        s = liion_gem_s2f37_encode(buf, sizeof buf, &w, ctx, 1, c2, 2);
        if (s == LIION_OK)
            s = liion_gem_reports_on_s2f37(&acks[2], host, buf, w);
    }
    if (s == LIION_OK && (acks[0] | acks[1] | acks[2]) != 0)
        s = LIION_E_STATE;
    if (s == LIION_E_NOMEM) { /* a failed parse changed nothing: all or none of a message */
        size_t nr = liion_gem_reports_report_count(eq), nl = liion_gem_reports_link_count(eq, 1337);
        size_t hr = liion_gem_reports_report_count(host), hl = liion_gem_reports_link_count(host, 1337);
        if ((nr != 0 && nr != 2) || (nl != 0 && nl != 2) || (hr != 0 && hr != 2) ||
            (hl != 0 && hl != 2) || (nl == 2 && nr != 2))
            s = LIION_E_STATE;
        (void)liion_gem_reports_s6f11_encode(buf, sizeof buf, &w, eq, 42, 1337, vid_value, &v);
    }
    free_values(&v);
    liion_gem_reports_free(eq);
    liion_gem_reports_free(host);
    liion_ctx_free(ctx);
    return s;
}

START_TEST(alloc_failures)
{
    ck_assert_uint_gt(liion_test_alloc_loop("gem reports", body_alloc, NULL), 10);
}
END_TEST

/* Seeded random tables: random definitions, links and values round-trip through S6F11. */
static uint32_t rnd(uint32_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 17;
    *x ^= *x << 5;
    return *x;
}

static const liion_secs_item *rand_value(void *user, uint32_t vid)
{
    liion_secs_item **items = user;
    return items[vid % 8];
}

/* Counts values and checks each is the item rand_value() gave for its VID. */
static liion_status count_value(void *user, uint32_t rptid, uint32_t vid,
                                const liion_secs_item *v)
{
    uint64_t u = 0;
    (void)rptid;
    if (liion_secs_item_get_uint(&u, v, 0) != LIION_OK || u != (vid % 8) * 1000u)
        return LIION_E_CORRUPT;
    (*(size_t *)user)++;
    return LIION_OK;
}

START_TEST(random_round_trip)
{
    liion_ctx *ctx = new_ctx();
    liion_secs_item *items[8];
    uint32_t x = 0x2545F491u;
    for (uint32_t i = 0; i < 8; i++) {
        uint32_t v = i * 1000u;
        ck_assert_int_eq(liion_secs_item_new_u4(&items[i], ctx, &v, 1), LIION_OK);
    }
    for (int round = 0; round < 200; round++) {
        liion_gem_reports *eq = NULL, *host = NULL;
        uint32_t rp[6], vids[60], ce = rnd(&x) % 100;
        size_t n[6], nv = 0, nr = 1 + rnd(&x) % 6, nl = 0;
        uint32_t links[6];
        uint8_t buf[2048], a;
        size_t w = 0;
        seen sn;
        for (size_t i = 0; i < nr; i++) {
            rp[i] = 100 + (uint32_t)i * 7 + rnd(&x) % 7;
            n[i] = 1 + rnd(&x) % 10;
            for (size_t j = 0; j < n[i]; j++)
                vids[nv++] = rnd(&x) % 1000;
            if (rnd(&x) % 2)
                links[nl++] = rp[i];
        }
        ck_assert_int_eq(liion_gem_reports_new(&eq, ctx), LIION_OK);
        ck_assert_int_eq(liion_gem_reports_new(&host, ctx), LIION_OK);
        ck_assert_int_eq(liion_gem_s2f33_encode(buf, sizeof buf, &w, ctx, 1, rp, n, vids, nr),
                         LIION_OK);
        ck_assert_int_eq(liion_gem_reports_on_s2f33(&a, eq, buf, w), LIION_OK);
        ck_assert_int_eq(a, 0);
        ck_assert_int_eq(liion_gem_reports_on_s2f33(&a, host, buf, w), LIION_OK);
        ck_assert_int_eq(liion_gem_s2f35_encode(buf, sizeof buf, &w, ctx, 2, &ce, &nl, links, 1),
                         LIION_OK);
        ck_assert_int_eq(liion_gem_reports_on_s2f35(&a, eq, buf, w), LIION_OK);
        ck_assert_int_eq(a, 0);
        ck_assert_int_eq(liion_gem_reports_on_s2f35(&a, host, buf, w), LIION_OK);
        ck_assert_int_eq(liion_gem_s2f37_encode(buf, sizeof buf, &w, ctx, 1, &ce, 1), LIION_OK);
        ck_assert_int_eq(liion_gem_reports_on_s2f37(&a, eq, buf, w), LIION_OK);
        ck_assert_int_eq(a, 0);
        ck_assert_int_eq(liion_gem_reports_s6f11_encode(buf, sizeof buf, &w, eq, 9, ce,
                                                        rand_value, items),
                         LIION_OK);
        memset(&sn, 0, sizeof sn);
        sn.n = 0;
        {
            uint32_t d = 0, c = 0;
            size_t expect = 0;
            for (size_t i = 0; i < nl; i++)
                expect += liion_gem_reports_report_size(host, links[i]);
            size_t got = 0;
            ck_assert_int_eq(liion_gem_reports_s6f11_decode(&d, &c, host, buf, w, count_value,
                                                            &got),
                             LIION_OK);
            ck_assert_uint_eq(d, 9);
            ck_assert_uint_eq(c, ce);
            ck_assert_uint_eq(got, expect);
        }
        liion_gem_reports_free(eq);
        liion_gem_reports_free(host);
    }
    for (int i = 0; i < 8; i++)
        liion_secs_item_free(items[i]);
    liion_ctx_free(ctx);
}
END_TEST

/* ---- caps ----------------------------------------------------------------------------- */

/* An S2F33 (or S2F35: same shape) body of n entries, entry i = head0 + i with k IDs
 * id0, id0+1, ...; caller frees *out with free(). */
static size_t nested_body(uint8_t **out, liion_ctx *ctx, int s2f35, size_t n, uint32_t head0,
                          size_t k, uint32_t id0)
{
    uint32_t *heads = calloc(n ? n : 1, sizeof *heads);
    size_t *counts = calloc(n ? n : 1, sizeof *counts);
    uint32_t *ids = calloc(n * k > 0 ? n * k : 1, sizeof *ids);
    size_t need = 0, w = 0;
    ck_assert_ptr_nonnull(heads);
    ck_assert_ptr_nonnull(counts);
    ck_assert_ptr_nonnull(ids);
    for (size_t i = 0; i < n; i++) {
        heads[i] = head0 + (uint32_t)i;
        counts[i] = k;
        for (size_t j = 0; j < k; j++)
            ids[i * k + j] = id0 + (uint32_t)j;
    }
    if (s2f35)
        ck_assert_int_eq(liion_gem_s2f35_encode(NULL, 0, &need, ctx, 1, heads, counts, ids, n),
                         LIION_E_BUFFER_TOO_SMALL);
    else
        ck_assert_int_eq(liion_gem_s2f33_encode(NULL, 0, &need, ctx, 1, heads, counts, ids, n),
                         LIION_E_BUFFER_TOO_SMALL);
    *out = malloc(need);
    ck_assert_ptr_nonnull(*out);
    if (s2f35)
        ck_assert_int_eq(liion_gem_s2f35_encode(*out, need, &w, ctx, 1, heads, counts, ids, n),
                         LIION_OK);
    else
        ck_assert_int_eq(liion_gem_s2f33_encode(*out, need, &w, ctx, 1, heads, counts, ids, n),
                         LIION_OK);
    ck_assert_uint_eq(w, need);
    free(heads);
    free(counts);
    free(ids);
    return w;
}

static uint8_t s2f33_n(liion_gem_reports *t, liion_ctx *ctx, size_t n, uint32_t rpt0, size_t k,
                       liion_status want)
{
    uint8_t *b = NULL, a = 99;
    size_t len = nested_body(&b, ctx, 0, n, rpt0, k, 1);
    ck_assert_int_eq(liion_gem_reports_on_s2f33(&a, t, b, len), want);
    free(b);
    return a;
}

static uint8_t s2f35_n(liion_gem_reports *t, liion_ctx *ctx, size_t n, uint32_t ce0, size_t k,
                       uint32_t rpt0, liion_status want)
{
    uint8_t *b = NULL, a = 99;
    size_t len = nested_body(&b, ctx, 1, n, ce0, k, rpt0);
    ck_assert_int_eq(liion_gem_reports_on_s2f35(&a, t, b, len), want);
    free(b);
    return a;
}

static uint8_t s2f37_n(liion_gem_reports *t, liion_ctx *ctx, size_t n, uint32_t ce0,
                       liion_status want)
{
    uint32_t *ce = calloc(n ? n : 1, sizeof *ce);
    uint8_t *b, a = 99;
    size_t need = 0, w = 0;
    ck_assert_ptr_nonnull(ce);
    for (size_t i = 0; i < n; i++)
        ce[i] = ce0 + (uint32_t)i;
    ck_assert_int_eq(liion_gem_s2f37_encode(NULL, 0, &need, ctx, 1, ce, n),
                     LIION_E_BUFFER_TOO_SMALL);
    b = malloc(need);
    ck_assert_ptr_nonnull(b);
    ck_assert_int_eq(liion_gem_s2f37_encode(b, need, &w, ctx, 1, ce, n), LIION_OK);
    ck_assert_int_eq(liion_gem_reports_on_s2f37(&a, t, b, w), want);
    free(b);
    free(ce);
    return a;
}

START_TEST(report_caps)
{
    liion_ctx *ctx = new_ctx();
    liion_gem_reports *t = NULL;
    ck_assert_int_eq(liion_gem_reports_new(&t, ctx), LIION_OK);
    ck_assert_int_eq(s2f33_n(t, ctx, 1, 1, 1, LIION_OK), LIION_GEM_DRACK_OK);

    /* reports per S2F33: one over is refused whole, the table unchanged */
    ck_assert_int_eq(s2f33_n(t, ctx, LIION_GEM_MAX_REPORTS + 1, 100, 1, LIION_E_LIMIT),
                     LIION_GEM_DRACK_NO_SPACE);
    ck_assert_str_eq(liion_ctx_errmsg(ctx), "S2F33: 4097 reports, at most 4096");
    ck_assert_uint_eq(liion_gem_reports_report_count(t), 1);
    ck_assert_uint_eq(liion_gem_reports_report_size(t, 100), 0);

    /* VIDs per report */
    ck_assert_int_eq(s2f33_n(t, ctx, 1, 2, LIION_GEM_MAX_REPORT_VIDS + 1, LIION_E_LIMIT),
                     LIION_GEM_DRACK_NO_SPACE);
    ck_assert_str_eq(liion_ctx_errmsg(ctx), "S2F33: report 2 has 1025 VIDs, at most 1024");
    ck_assert_uint_eq(liion_gem_reports_report_count(t), 1);
    ck_assert_int_eq(s2f33_n(t, ctx, 1, 2, LIION_GEM_MAX_REPORT_VIDS, LIION_OK),
                     LIION_GEM_DRACK_OK);
    ck_assert_uint_eq(liion_gem_reports_report_size(t, 2), LIION_GEM_MAX_REPORT_VIDS);

    /* reports in the table: 2 held + 4095 new is one over */
    ck_assert_int_eq(s2f33_n(t, ctx, LIION_GEM_MAX_REPORTS - 1, 1000, 1, LIION_E_LIMIT),
                     LIION_GEM_DRACK_NO_SPACE);
    ck_assert_str_eq(liion_ctx_errmsg(ctx), "S2F33: the table would hold 4097 reports, at most 4096");
    ck_assert_uint_eq(liion_gem_reports_report_count(t), 2);
    ck_assert_uint_eq(liion_gem_reports_report_size(t, 1000), 0);
    /* 2 held + 4094 new: exactly at the cap, and every report findable (sorted table) */
    ck_assert_int_eq(s2f33_n(t, ctx, LIION_GEM_MAX_REPORTS - 2, 1000, 1, LIION_OK),
                     LIION_GEM_DRACK_OK);
    ck_assert_uint_eq(liion_gem_reports_report_count(t), LIION_GEM_MAX_REPORTS);
    for (uint32_t i = 0; i < LIION_GEM_MAX_REPORTS - 2; i++)
        ck_assert_uint_eq(liion_gem_reports_report_size(t, 1000 + i), 1);
    ck_assert_uint_eq(liion_gem_reports_report_size(t, 2), LIION_GEM_MAX_REPORT_VIDS);
    ck_assert_int_eq(s2f33_n(t, ctx, 1, 7, 1, LIION_E_LIMIT), LIION_GEM_DRACK_NO_SPACE);
    /* a deletion and a definition in one message keep it at the cap */
    {
        const uint32_t ids[2] = { 2, 7 }, vid = 5;
        const size_t counts[2] = { 0, 1 };
        uint8_t buf[64], a = 99;
        size_t w = 0;
        ck_assert_int_eq(liion_gem_s2f33_encode(buf, sizeof buf, &w, ctx, 1, ids, counts, &vid, 2),
                         LIION_OK);
        ck_assert_int_eq(liion_gem_reports_on_s2f33(&a, t, buf, w), LIION_OK);
        ck_assert_int_eq(a, LIION_GEM_DRACK_OK);
        ck_assert_uint_eq(liion_gem_reports_report_count(t), LIION_GEM_MAX_REPORTS);
        ck_assert_uint_eq(liion_gem_reports_report_size(t, 2), 0);
        ck_assert_uint_eq(liion_gem_reports_report_size(t, 7), 1);
    }
    liion_gem_reports_free(t);
    liion_ctx_free(ctx);
}
END_TEST

/* 100k reports in one S2F33: refused by the cap before any per-entry loop (the ack, not the
 * time, is asserted; without the cap this message did ~5e9 ID comparisons). */
START_TEST(huge_s2f33_refused)
{
    liion_ctx *ctx = new_ctx();
    liion_gem_reports *t = NULL;
    ck_assert_int_eq(liion_gem_reports_new(&t, ctx), LIION_OK);
    ck_assert_int_eq(liion_gem_reports_add_vid(t, 1), LIION_OK);
    ck_assert_int_eq(s2f33_n(t, ctx, 100000, 1, 1, LIION_E_LIMIT), LIION_GEM_DRACK_NO_SPACE);
    ck_assert_str_eq(liion_ctx_errmsg(ctx), "S2F33: 100000 reports, at most 4096");
    ck_assert_uint_eq(liion_gem_reports_report_count(t), 0);
    ck_assert_int_eq(s2f35_n(t, ctx, 100000, 1, 0, 1, LIION_E_LIMIT), LIION_GEM_LRACK_NO_SPACE);
    ck_assert_int_eq(s2f37_n(t, ctx, 100000, 1, LIION_E_LIMIT), LIION_GEM_ERACK_UNKNOWN_CEID);
    liion_gem_reports_free(t);
    liion_ctx_free(ctx);
}
END_TEST

START_TEST(event_caps)
{
    liion_ctx *ctx = new_ctx();
    liion_gem_reports *t = NULL;
    ck_assert_int_eq(liion_gem_reports_new(&t, ctx), LIION_OK);
    /* reports 1 ... 1025 */
    ck_assert_int_eq(s2f33_n(t, ctx, LIION_GEM_MAX_EVENT_REPORTS + 1, 1, 1, LIION_OK),
                     LIION_GEM_DRACK_OK);

    /* events per S2F35 */
    ck_assert_int_eq(s2f35_n(t, ctx, LIION_GEM_MAX_EVENTS + 1, 1, 1, 1, LIION_E_LIMIT),
                     LIION_GEM_LRACK_NO_SPACE);
    ck_assert_str_eq(liion_ctx_errmsg(ctx), "S2F35: 4097 events, at most 4096");
    ck_assert_uint_eq(liion_gem_reports_link_count(t, 1), 0);
    /* reports linked to one event */
    ck_assert_int_eq(s2f35_n(t, ctx, 1, 1, LIION_GEM_MAX_EVENT_REPORTS + 1, 1, LIION_E_LIMIT),
                     LIION_GEM_LRACK_NO_SPACE);
    ck_assert_str_eq(liion_ctx_errmsg(ctx), "S2F35: event 1 links 1025 reports, at most 1024");
    ck_assert_uint_eq(liion_gem_reports_link_count(t, 1), 0);
    ck_assert_int_eq(s2f35_n(t, ctx, 1, 1, LIION_GEM_MAX_EVENT_REPORTS, 1, LIION_OK),
                     LIION_GEM_LRACK_OK);
    ck_assert_uint_eq(liion_gem_reports_link_count(t, 1), LIION_GEM_MAX_EVENT_REPORTS);

    /* events in the table: 1 held + 4096 new is one over, + 4095 is at the cap */
    ck_assert_int_eq(s2f35_n(t, ctx, LIION_GEM_MAX_EVENTS, 2, 1, 1, LIION_E_LIMIT),
                     LIION_GEM_LRACK_NO_SPACE);
    ck_assert_str_eq(liion_ctx_errmsg(ctx), "S2F35: the table would hold 4097 events, at most 4096");
    ck_assert_uint_eq(liion_gem_reports_link_count(t, 2), 0);
    ck_assert_int_eq(s2f37_n(t, ctx, LIION_GEM_MAX_EVENTS, 2, LIION_E_LIMIT),
                     LIION_GEM_ERACK_UNKNOWN_CEID);
    ck_assert_int_eq(liion_gem_reports_event_enabled(t, 2), 0);
    ck_assert_int_eq(s2f35_n(t, ctx, LIION_GEM_MAX_EVENTS - 1, 2, 1, 1, LIION_OK),
                     LIION_GEM_LRACK_OK);
    ck_assert_uint_eq(liion_gem_reports_link_count(t, LIION_GEM_MAX_EVENTS), 1);

    /* S2F37: one over per message; at the cap naming held events; a new one when full */
    ck_assert_int_eq(s2f37_n(t, ctx, LIION_GEM_MAX_EVENTS + 1, 1, LIION_E_LIMIT),
                     LIION_GEM_ERACK_UNKNOWN_CEID);
    ck_assert_str_eq(liion_ctx_errmsg(ctx), "S2F37: 4097 CEIDs, at most 4096");
    ck_assert_int_eq(liion_gem_reports_event_enabled(t, 1), 0);
    ck_assert_int_eq(s2f37_n(t, ctx, LIION_GEM_MAX_EVENTS, 1, LIION_OK), LIION_GEM_ERACK_OK);
    ck_assert_int_eq(liion_gem_reports_event_enabled(t, LIION_GEM_MAX_EVENTS), 1);
    ck_assert_int_eq(s2f37_n(t, ctx, 1, LIION_GEM_MAX_EVENTS + 1, LIION_E_LIMIT),
                     LIION_GEM_ERACK_UNKNOWN_CEID);
    ck_assert_int_eq(liion_gem_reports_event_enabled(t, LIION_GEM_MAX_EVENTS + 1), 0);
    ck_assert_int_eq(liion_gem_reports_add_ceid(t, 1), LIION_OK);
    ck_assert_int_eq(liion_gem_reports_add_ceid(t, LIION_GEM_MAX_EVENTS + 1), LIION_E_LIMIT);

    /* deleting a report drops it from every event's links, in one pass */
    ck_assert_int_eq(s2f33_n(t, ctx, 1, 1, 0, LIION_OK), LIION_GEM_DRACK_OK);
    ck_assert_uint_eq(liion_gem_reports_link_count(t, 1), LIION_GEM_MAX_EVENT_REPORTS - 1);
    ck_assert_uint_eq(liion_gem_reports_link_count(t, 2), 0);
    ck_assert_uint_eq(liion_gem_reports_link_count(t, 3), 0);
    ck_assert_uint_eq(liion_gem_reports_report_count(t), LIION_GEM_MAX_EVENT_REPORTS);
    liion_gem_reports_free(t);
    liion_ctx_free(ctx);
}
END_TEST

/* An S6F11 listing more reports than one event may link is refused before any lookup. */
START_TEST(s6f11_report_cap)
{
    liion_ctx *ctx = new_ctx();
    liion_gem_reports *t = NULL;
    const size_t n = LIION_GEM_MAX_EVENT_REPORTS + 1;
    size_t len = 2 + 6 + 6 + 3 + n * 10, p = 0;
    uint8_t *b = malloc(len);
    ck_assert_ptr_nonnull(b);
    ck_assert_int_eq(liion_gem_reports_new(&t, ctx), LIION_OK);
    b[p++] = 0x01;
    b[p++] = 0x03;
    for (int k = 0; k < 2; k++) {
        static const uint8_t u4[6] = { 0xb1, 0x04, 0, 0, 0, 1 };
        memcpy(b + p, u4, 6);
        p += 6;
    }
    b[p++] = 0x02;
    b[p++] = (uint8_t)(n >> 8);
    b[p++] = (uint8_t)n;
    for (size_t i = 0; i < n; i++) {
        const uint8_t rep[10] = { 0x01, 0x02, 0xb1, 0x04, 0, 0, (uint8_t)(i >> 8), (uint8_t)i,
                                  0x01, 0x00 };
        memcpy(b + p, rep, 10);
        p += 10;
    }
    ck_assert_uint_eq(p, len);
    ck_assert_int_eq(liion_gem_reports_s6f11_decode(NULL, NULL, t, b, len, NULL, NULL),
                     LIION_E_LIMIT);
    ck_assert_str_eq(liion_ctx_errmsg(ctx), "S6F11: 1025 reports, at most 1024");
    free(b);
    liion_gem_reports_free(t);
    liion_ctx_free(ctx);
}
END_TEST

static Suite *gem_report_suite(void)
{
    Suite *s = suite_create("gem_report");
    TCase *tc = tcase_create("reports");
    tcase_add_test(tc, reference_event_report);
    tcase_add_test(tc, s6f11_against_table);
    tcase_add_test(tc, define_report_acks);
    tcase_add_test(tc, link_enable_acks);
    tcase_add_test(tc, open_tables);
    tcase_add_test(tc, host_builders);
    tcase_add_test(tc, alloc_failures);
    tcase_add_test(tc, random_round_trip);
    tcase_add_test(tc, report_caps);
    tcase_add_test(tc, huge_s2f33_refused);
    tcase_add_test(tc, event_caps);
    tcase_add_test(tc, s6f11_report_cap);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return liion_test_run(gem_report_suite());
}
