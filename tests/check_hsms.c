/* HSMS framing (SEMI E37): the reference vectors, names, encoder checks, whole-frame and
 * header decoding, the stream decoder fed byte by byte and in random chunks, every class of
 * malformed input (status, message, offset, broken state), allocation failures and the
 * no-allocation steady state. Includes only <liion/liion.h>, as an application would. */
#include <liion/liion.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/failalloc.h"
#include "support/run.h"

/* ---- ABI: enum values and the header record's layout are frozen ------------------------ */

#include <stddef.h>
#include "support/testutil.h"
_Static_assert(LIION_HSMS_DATA == 0 && LIION_HSMS_SELECT_REQ == 1 && LIION_HSMS_SELECT_RSP == 2 &&
                   LIION_HSMS_DESELECT_REQ == 3 && LIION_HSMS_DESELECT_RSP == 4 &&
                   LIION_HSMS_LINKTEST_REQ == 5 && LIION_HSMS_LINKTEST_RSP == 6 &&
                   LIION_HSMS_REJECT_REQ == 7 && LIION_HSMS_SEPARATE_REQ == 9,
               "SType values are E37's");
_Static_assert(LIION_HSMS_SELECT_OK == 0 && LIION_HSMS_SELECT_ALREADY_ACTIVE == 1 &&
                   LIION_HSMS_SELECT_NOT_READY == 2 && LIION_HSMS_SELECT_CONNECT_EXHAUST == 3 &&
                   LIION_HSMS_SELECT_ENTITY_UNKNOWN == 4 &&
                   LIION_HSMS_SELECT_ENTITY_ALREADY_USED == 5 &&
                   LIION_HSMS_SELECT_ENTITY_ALREADY_ACTIVE == 6,
               "Select.rsp status values");
_Static_assert(LIION_HSMS_DESELECT_OK == 0 && LIION_HSMS_DESELECT_NOT_ESTABLISHED == 1 &&
                   LIION_HSMS_DESELECT_BUSY == 2,
               "Deselect.rsp status values");
_Static_assert(LIION_HSMS_REJECT_MALFORMED == 0 && LIION_HSMS_REJECT_STYPE_NOT_SUPPORTED == 1 &&
                   LIION_HSMS_REJECT_PTYPE_NOT_SUPPORTED == 2 &&
                   LIION_HSMS_REJECT_TRANSACTION_NOT_OPEN == 3 &&
                   LIION_HSMS_REJECT_ENTITY_NOT_SELECTED == 4,
               "Reject.req reason values");
_Static_assert(sizeof(liion_hsms_stype) == 4, "enums are 32-bit");
_Static_assert(sizeof(liion_hsms_header) == 24, "liion_hsms_header layout");
_Static_assert(offsetof(liion_hsms_header, flags) == 4 &&
                   offsetof(liion_hsms_header, system_bytes) == 8 &&
                   offsetof(liion_hsms_header, session_id) == 12 &&
                   offsetof(liion_hsms_header, stype) == 14 &&
                   offsetof(liion_hsms_header, ptype) == 15 &&
                   offsetof(liion_hsms_header, stream) == 16 &&
                   offsetof(liion_hsms_header, function) == 17 &&
                   offsetof(liion_hsms_header, wbit) == 18 &&
                   offsetof(liion_hsms_header, status) == 19 &&
                   offsetof(liion_hsms_header, reject_type) == 20 &&
                   offsetof(liion_hsms_header, reserved) == 21,
               "liion_hsms_header offsets");

/* ---- helpers --------------------------------------------------------------------------- */

static liion_ctx *new_ctx(void)
{
    liion_ctx *ctx = NULL;
    ck_assert_int_eq(liion_ctx_new(&ctx, NULL), LIION_OK);
    return ctx;
}


#define ck_errmsg_has(ctx, text) LIION_CK_ERRMSG_HAS(ctx, text)

static uint64_t rng_state;

static uint64_t rng(void)
{
    uint64_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return rng_state = x;
}

/* ---- reference vectors (secs-hsms.md section D) ----------------------------------------- */

typedef struct vec {
    const char *name;
    const char *hex;
    liion_hsms_stype stype;
    uint16_t session;
    uint8_t status, reject_type;
    uint32_t system;
} vec;

static const vec control_vectors[] = {
    { "T33 Select.req", "00 00 00 0a ff ff 00 00 00 01 00 00 00 7b", LIION_HSMS_SELECT_REQ, 0xffff, 0, 0, 123 },
    { "T34 Select.rsp", "00 00 00 0a ff ff 00 00 00 02 00 00 00 7b", LIION_HSMS_SELECT_RSP, 0xffff, 0, 0, 123 },
    { "T35a Deselect.req", "00 00 00 0a ff ff 00 00 00 03 00 00 00 7b", LIION_HSMS_DESELECT_REQ, 0xffff, 0, 0, 123 },
    { "T35a Deselect.rsp", "00 00 00 0a ff ff 00 00 00 04 00 00 00 7b", LIION_HSMS_DESELECT_RSP, 0xffff, 0, 0, 123 },
    { "T35b Linktest.req", "00 00 00 0a ff ff 00 00 00 05 00 00 00 7b", LIION_HSMS_LINKTEST_REQ, 0xffff, 0, 0, 123 },
    { "T35b Linktest.rsp", "00 00 00 0a ff ff 00 00 00 06 00 00 00 7b", LIION_HSMS_LINKTEST_RSP, 0xffff, 0, 0, 123 },
    { "T35b Linktest.req sys 2", "00:00:00:0a:ff:ff:00:00:00:05:00:00:00:02", LIION_HSMS_LINKTEST_REQ, 0xffff, 0, 0, 2 },
    { "T35c Reject.req", "00 00 00 0a ff ff 01 01 00 07 00 00 00 7b", LIION_HSMS_REJECT_REQ, 0xffff, 1, 1, 123 },
    { "T35d Separate.req", "00 00 00 0a ff ff 00 00 00 09 00 00 00 7b", LIION_HSMS_SEPARATE_REQ, 0xffff, 0, 0, 123 },
    { "T35f Select.req", "00 00 00 0a 12 34 00 00 00 01 01 02 03 04", LIION_HSMS_SELECT_REQ, 0x1234, 0, 0, 0x01020304 },
    { "T35f Select.rsp", "00 00 00 0a 12 34 00 00 00 02 01 02 03 04", LIION_HSMS_SELECT_RSP, 0x1234, 0, 0, 0x01020304 },
};
#define N_CONTROL (sizeof control_vectors / sizeof control_vectors[0])

START_TEST(vectors_control_encode_and_decode)
{
    liion_ctx *ctx = new_ctx();
    for (size_t i = 0; i < N_CONTROL; i++) {
        const vec *v = &control_vectors[i];
        uint8_t want[32], got[32];
        size_t n = liion_test_unhex(want, sizeof want, v->hex), w = 99;
        liion_hsms_header h = LIION_HSMS_HEADER_INIT;
        const uint8_t *body = NULL;
        size_t blen = 99;

        ck_assert_uint_eq(n, 14);
        ck_assert_msg(liion_hsms_encode_control(got, sizeof got, &w, ctx, v->stype, v->session,
                                                v->system, v->status, v->reject_type) == LIION_OK,
                      "%s: %s", v->name, liion_ctx_errmsg(ctx));
        ck_assert_uint_eq(w, 14);
        ck_assert_msg(memcmp(got, want, 14) == 0, "%s: encoded bytes differ", v->name);

        /* the same through the struct-based encoder */
        h.stype = (uint8_t)v->stype;
        h.session_id = v->session;
        h.system_bytes = v->system;
        h.status = v->status;
        h.reject_type = v->reject_type;
        memset(got, 0, sizeof got);
        ck_assert_int_eq(liion_hsms_encode(got, sizeof got, &w, ctx, &h, NULL, 0), LIION_OK);
        ck_assert_int_eq(memcmp(got, want, 14), 0);

        memset(&h, 0xEE, sizeof h);
        h.struct_size = sizeof h;
        ck_assert_msg(liion_hsms_frame_decode(&h, &body, &blen, ctx, want, n, 0) == LIION_OK,
                      "%s: %s", v->name, liion_ctx_errmsg(ctx));
        ck_assert_uint_eq(h.struct_size, sizeof h);
        ck_assert_uint_eq(h.stype, v->stype);
        ck_assert_uint_eq(h.session_id, v->session);
        ck_assert_uint_eq(h.system_bytes, v->system);
        ck_assert_uint_eq(h.status, v->status);
        ck_assert_uint_eq(h.reject_type, v->reject_type);
        ck_assert_uint_eq(h.ptype, 0);
        ck_assert_uint_eq(h.stream, 0);
        ck_assert_uint_eq(h.function, 0);
        ck_assert_uint_eq(h.wbit, 0);
        ck_assert_uint_eq(h.flags, v->session == 0xffff ? LIION_HSMS_FLAG_SESSION_ALL : 0);
        ck_assert_ptr_nonnull(body);
        ck_assert_uint_eq(blen, 0);
    }
    liion_ctx_free(ctx);
}
END_TEST

START_TEST(vector_t35e_data_header)
{
    liion_ctx *ctx = new_ctx();
    uint8_t want[16], got[16];
    size_t n = liion_test_unhex(want, sizeof want, "00 00 00 0a 00 64 81 01 00 00 00 00 00 7b"), w;
    liion_hsms_header h = LIION_HSMS_HEADER_INIT;
    const uint8_t *body;
    size_t blen;

    ck_assert_int_eq(liion_hsms_encode_data(got, sizeof got, &w, ctx, 100, 1, 1, 1, 123, NULL, 0),
                     LIION_OK);
    ck_assert_uint_eq(w, n);
    ck_assert_int_eq(memcmp(got, want, n), 0);

    ck_assert_int_eq(liion_hsms_frame_decode(&h, &body, &blen, ctx, want, n, 0), LIION_OK);
    ck_assert_uint_eq(h.stype, LIION_HSMS_DATA);
    ck_assert_uint_eq(h.session_id, 100);
    ck_assert_uint_eq(h.stream, 1);
    ck_assert_uint_eq(h.function, 1);
    ck_assert_uint_eq(h.wbit, 1);
    ck_assert_uint_eq(h.system_bytes, 123);
    ck_assert_uint_eq(blen, 0);

    /* the header alone (L241): 00 64 81 01 00 00 00 00 00 7b */
    ck_assert_int_eq(liion_hsms_header_encode(got, sizeof got, &w, ctx, &h), LIION_OK);
    ck_assert_uint_eq(w, 10);
    ck_assert_int_eq(memcmp(got, want + 4, 10), 0);
    memset(&h, 0, sizeof h);
    h.struct_size = sizeof h;
    ck_assert_int_eq(liion_hsms_header_decode(&h, ctx, want + 4, 10, 0), LIION_OK);
    ck_assert_uint_eq(h.session_id, 100);
    ck_assert_uint_eq(h.stream, 1);
    liion_ctx_free(ctx);
}
END_TEST

/* E3: secs4net masks bit 15 of the session ID; libliion gives it as on the wire. Its bytes
 * also put S6F11 W into a header whose SType byte is 1, which strict E37 refuses. */
START_TEST(vector_e3_session_bit15)
{
    liion_ctx *ctx = new_ctx();
    uint8_t hb[10];
    liion_hsms_header h = LIION_HSMS_HEADER_INIT;
    uint8_t frame[64];
    size_t w;
    const uint8_t *body;
    size_t blen;

    liion_test_unhex(hb, sizeof hb, "80 01 86 0b 00 01 00 00 00 01");
    ck_assert_int_eq(liion_hsms_header_decode(&h, ctx, hb, 10, 0), LIION_E_DECODE);
    ck_assert_uint_eq(liion_ctx_error_offset(ctx), 2);
    ck_errmsg_has(ctx, "Select.req has header byte 2 = 0x86");
    ck_assert_int_eq(liion_hsms_header_decode(&h, ctx, hb, 10, LIION_HSMS_STREAM_LENIENT),
                     LIION_OK);
    ck_assert_uint_eq(h.stype, LIION_HSMS_SELECT_REQ);
    ck_assert_uint_eq(h.session_id, 0x8001);

    /* a data message S6F11 W with session bit 15 set: accepted, not masked */
    ck_assert_int_eq(liion_hsms_encode_data(frame, sizeof frame, &w, ctx, 0x8001, 6, 11, 1, 1,
                                            (const uint8_t *)"\x01\x00", 2),
                     LIION_OK);
    ck_assert_int_eq(liion_hsms_frame_decode(&h, &body, &blen, ctx, frame, w, 0), LIION_OK);
    ck_assert_uint_eq(h.session_id, 0x8001);
    ck_assert_uint_eq(h.stream, 6);
    ck_assert_uint_eq(h.function, 11);
    ck_assert_uint_eq(h.wbit, 1);
    ck_assert_uint_eq(blen, 2);
    ck_assert_ptr_eq(body, frame + 14);
    liion_ctx_free(ctx);
}
END_TEST

/* ---- names ----------------------------------------------------------------------------- */

START_TEST(names)
{
    ck_assert_str_eq(liion_hsms_stype_str(LIION_HSMS_DATA), "data message");
    ck_assert_str_eq(liion_hsms_stype_str(LIION_HSMS_SELECT_REQ), "Select.req");
    ck_assert_str_eq(liion_hsms_stype_str(LIION_HSMS_REJECT_REQ), "Reject.req");
    ck_assert_str_eq(liion_hsms_stype_str(LIION_HSMS_SEPARATE_REQ), "Separate.req");
    ck_assert_str_eq(liion_hsms_stype_str((liion_hsms_stype)8), "unknown SType");
    ck_assert_str_eq(liion_hsms_stype_str((liion_hsms_stype)-1), "unknown SType");
    ck_assert_str_eq(liion_hsms_select_status_str(LIION_HSMS_SELECT_OK),
                     "communication established");
    ck_assert_str_eq(liion_hsms_select_status_str(LIION_HSMS_SELECT_CONNECT_EXHAUST),
                     "connect exhaust");
    ck_assert_str_eq(liion_hsms_select_status_str(LIION_HSMS_SELECT_ENTITY_UNKNOWN),
                     "entity unknown");
    ck_assert_str_eq(liion_hsms_select_status_str((liion_hsms_select_status)7), "reserved");
    ck_assert_str_eq(liion_hsms_select_status_str((liion_hsms_select_status)128), "local");
    ck_assert_str_eq(liion_hsms_select_status_str((liion_hsms_select_status)256), "invalid");
    ck_assert_str_eq(liion_hsms_deselect_status_str(LIION_HSMS_DESELECT_BUSY),
                     "communication busy");
    ck_assert_str_eq(liion_hsms_deselect_status_str((liion_hsms_deselect_status)3), "reserved");
    ck_assert_str_eq(liion_hsms_reject_reason_str(LIION_HSMS_REJECT_STYPE_NOT_SUPPORTED),
                     "SType not supported");
    ck_assert_str_eq(liion_hsms_reject_reason_str(LIION_HSMS_REJECT_ENTITY_NOT_SELECTED),
                     "entity not selected");
    ck_assert_str_eq(liion_hsms_reject_reason_str((liion_hsms_reject_reason)200), "local");
    ck_assert_str_eq(liion_hsms_reject_reason_str((liion_hsms_reject_reason)5), "reserved");
    /* distinct names for every defined code */
    for (int t = 0; t <= 9; t++)
        for (int u = 0; u < t; u++)
            if (t != 8 && u != 8)
                ck_assert_str_ne(liion_hsms_stype_str((liion_hsms_stype)t),
                                 liion_hsms_stype_str((liion_hsms_stype)u));
}
END_TEST

/* ---- encoder ----------------------------------------------------------------------------- */

START_TEST(encode_sizes_and_buffer_too_small)
{
    liion_ctx *ctx = new_ctx();
    uint8_t body[112], buf[200];
    size_t w = 0;
    for (size_t i = 0; i < sizeof body; i++)
        body[i] = (uint8_t)i;
    ck_assert_uint_eq(liion_hsms_frame_size(0), 14);
    ck_assert_uint_eq(liion_hsms_frame_size(112), 126);
    ck_assert_uint_eq(liion_hsms_frame_size((size_t)UINT32_MAX - 10), (size_t)UINT32_MAX + 4);
    ck_assert_uint_eq(liion_hsms_frame_size((size_t)UINT32_MAX - 9), 0);

    /* measure with NULL, then too small, then exact */
    ck_assert_int_eq(liion_hsms_encode_data(NULL, 0, &w, ctx, 1, 6, 11, 1, 7, body, 112),
                     LIION_E_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(w, 126);
    ck_assert_int_eq(liion_hsms_encode_data(buf, 125, &w, ctx, 1, 6, 11, 1, 7, body, 112),
                     LIION_E_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(w, 126);
    ck_errmsg_has(ctx, "needs 126 bytes");
    ck_assert_int_eq(liion_hsms_encode_data(buf, 126, &w, ctx, 1, 6, 11, 1, 7, body, 112),
                     LIION_OK);
    ck_assert_uint_eq(w, 126);
    ck_assert_uint_eq(buf[3], 122);
    ck_assert_uint_eq(buf[6], 0x86);
    ck_assert_uint_eq(buf[7], 11);
    ck_assert_int_eq(memcmp(buf + 14, body, 112), 0);
    ck_assert_int_eq(liion_hsms_encode_control(buf, 13, &w, ctx, LIION_HSMS_SELECT_REQ, 1, 1, 0, 0),
                     LIION_E_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(w, 14);
    ck_assert_int_eq(liion_hsms_header_encode(buf, 9, &w, ctx, &(liion_hsms_header)LIION_HSMS_HEADER_INIT),
                     LIION_E_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(w, 10);
    liion_ctx_free(ctx);
}
END_TEST

START_TEST(encode_refuses_what_e37_forbids)
{
    liion_ctx *ctx = new_ctx();
    uint8_t buf[64];
    size_t w;
    liion_hsms_header h = LIION_HSMS_HEADER_INIT;

    ck_assert_int_eq(liion_hsms_encode_data(buf, sizeof buf, &w, ctx, 1, 128, 1, 0, 0, NULL, 0),
                     LIION_E_INVALID_ARG);
    ck_errmsg_has(ctx, "stream 128 is over 127");
    ck_assert_int_eq(liion_hsms_encode_data(buf, sizeof buf, &w, ctx, 1, 1, 1, 2, 0, NULL, 0),
                     LIION_E_INVALID_ARG);
    ck_errmsg_has(ctx, "W-bit 2");
    ck_assert_int_eq(liion_hsms_encode_data(buf, sizeof buf, &w, ctx, 1, 1, 1, 0, 0, NULL, 3),
                     LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_hsms_encode_control(buf, sizeof buf, &w, ctx, LIION_HSMS_DATA, 1, 1, 0, 0),
                     LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_hsms_encode_control(buf, sizeof buf, &w, ctx, (liion_hsms_stype)8, 1, 1, 0, 0),
                     LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_hsms_encode_control(buf, sizeof buf, &w, ctx, LIION_HSMS_LINKTEST_REQ,
                                               1, 1, 0, 0),
                     LIION_E_INVALID_ARG);
    ck_errmsg_has(ctx, "Linktest.req must have session ID 0xFFFF");
    ck_assert_int_eq(liion_hsms_encode_control(buf, sizeof buf, &w, ctx, LIION_HSMS_SELECT_REQ,
                                               1, 1, 3, 0),
                     LIION_E_INVALID_ARG);
    ck_errmsg_has(ctx, "Select.req has no status byte");
    ck_assert_int_eq(liion_hsms_encode_control(buf, sizeof buf, &w, ctx, LIION_HSMS_SELECT_RSP,
                                               1, 1, 0, 1),
                     LIION_E_INVALID_ARG);
    ck_errmsg_has(ctx, "only Reject.req has a rejected type");

    h.stype = LIION_HSMS_SELECT_REQ;
    ck_assert_int_eq(liion_hsms_encode(buf, sizeof buf, &w, ctx, &h, (const uint8_t *)"x", 1),
                     LIION_E_INVALID_ARG);
    ck_errmsg_has(ctx, "Select.req cannot carry a body");
    h.stream = 1;
    ck_assert_int_eq(liion_hsms_encode(buf, sizeof buf, &w, ctx, &h, NULL, 0),
                     LIION_E_INVALID_ARG);
    h.stream = 0;
    h.ptype = 1;
    ck_assert_int_eq(liion_hsms_encode(buf, sizeof buf, &w, ctx, &h, NULL, 0),
                     LIION_E_INVALID_ARG);
    ck_errmsg_has(ctx, "PType 1");
    h.ptype = 0;
    h.stype = LIION_HSMS_DATA;
    h.status = 1;
    ck_assert_int_eq(liion_hsms_encode(buf, sizeof buf, &w, ctx, &h, NULL, 0),
                     LIION_E_INVALID_ARG);

    /* NULL arguments */
    ck_assert_int_eq(liion_hsms_encode(buf, sizeof buf, &w, ctx, NULL, NULL, 0),
                     LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_hsms_encode_data(buf, sizeof buf, NULL, ctx, 1, 1, 1, 0, 0, NULL, 0),
                     LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_hsms_encode_data(NULL, 5, &w, ctx, 1, 1, 1, 0, 0, NULL, 0),
                     LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_hsms_encode_data(buf, sizeof buf, &w, NULL, 1, 1, 1, 0, 0, NULL, 0),
                     LIION_E_INVALID_ARG);
    liion_ctx_free(ctx);
}
END_TEST

/* struct_size: an older, shorter struct and a newer, longer one */
START_TEST(header_struct_size_rules)
{
    liion_ctx *ctx = new_ctx();
    uint8_t frame[14], buf[14];
    size_t w;
    struct {
        liion_hsms_header h;
        uint32_t future;
    } big;
    unsigned char raw[sizeof(liion_hsms_header)];
    liion_hsms_header *small = (liion_hsms_header *)(void *)raw;
    const uint8_t *body;
    size_t blen;

    liion_test_unhex(frame, sizeof frame, "00 00 00 0a 12 34 00 00 00 02 01 02 03 04");
    memset(&big, 0, sizeof big);
    big.h.struct_size = sizeof big;
    big.h.stype = LIION_HSMS_SELECT_RSP;
    big.h.session_id = 0x1234;
    big.h.system_bytes = 0x01020304;
    ck_assert_int_eq(liion_hsms_encode(buf, sizeof buf, &w, ctx, &big.h, NULL, 0), LIION_OK);
    ck_assert_int_eq(memcmp(buf, frame, 14), 0);
    big.future = 1;
    ck_assert_int_eq(liion_hsms_encode(buf, sizeof buf, &w, ctx, &big.h, NULL, 0),
                     LIION_E_UNSUPPORTED);

    /* output: only struct_size bytes are written */
    memset(raw, 0xAB, sizeof raw);
    small->struct_size = (uint32_t)offsetof(liion_hsms_header, stype);
    ck_assert_int_eq(liion_hsms_frame_decode(small, &body, &blen, ctx, frame, 14, 0), LIION_OK);
    ck_assert_uint_eq(small->session_id, 0x1234);
    ck_assert_uint_eq(small->system_bytes, 0x01020304);
    for (size_t i = offsetof(liion_hsms_header, stype); i < sizeof raw; i++)
        ck_assert_uint_eq(raw[i], 0xAB);
    small->struct_size = 2;
    ck_assert_int_eq(liion_hsms_frame_decode(small, &body, &blen, ctx, frame, 14, 0),
                     LIION_E_INVALID_ARG);
    liion_ctx_free(ctx);
}
END_TEST

/* ---- whole-frame and header decoding: negative classes ---------------------------------- */

START_TEST(frame_decode_negative)
{
    liion_ctx *ctx = new_ctx();
    uint8_t f[64];
    liion_hsms_header h = LIION_HSMS_HEADER_INIT;
    const uint8_t *body;
    size_t blen, n;

    n = liion_test_unhex(f, sizeof f, "00 00 00 0a 00 01 81 01 00 00 00 00 00 07");
    ck_assert_int_eq(liion_hsms_frame_decode(&h, &body, &blen, ctx, f, 3, 0), LIION_E_TRUNCATED);
    ck_assert_uint_eq(liion_ctx_error_offset(ctx), 3);
    ck_assert_int_eq(liion_hsms_frame_decode(&h, &body, &blen, ctx, f, n - 1, 0),
                     LIION_E_TRUNCATED);
    ck_assert_uint_eq(liion_ctx_error_offset(ctx), n - 1);
    ck_errmsg_has(ctx, "ends after 13 of its 14 bytes");
    f[n] = 0;
    ck_assert_int_eq(liion_hsms_frame_decode(&h, &body, &blen, ctx, f, n + 1, 0), LIION_E_DECODE);
    ck_assert_uint_eq(liion_ctx_error_offset(ctx), 14);
    ck_errmsg_has(ctx, "1 bytes after the HSMS frame");
    f[3] = 9;
    ck_assert_int_eq(liion_hsms_frame_decode(&h, &body, &blen, ctx, f, n, 0), LIION_E_DECODE);
    ck_assert_uint_eq(liion_ctx_error_offset(ctx), 0);
    ck_errmsg_has(ctx, "length field 9 is under 10");
    f[3] = 10;
    ck_assert_int_eq(liion_ctx_set_limit(ctx, LIION_LIMIT_MAX_MESSAGE_BYTES, 9), LIION_OK);
    ck_assert_int_eq(liion_hsms_frame_decode(&h, &body, &blen, ctx, f, n, 0), LIION_E_LIMIT);
    ck_errmsg_has(ctx, "over the limit of 9 bytes");
    ck_assert_int_eq(liion_ctx_set_limit(ctx, LIION_LIMIT_MAX_MESSAGE_BYTES, 0), LIION_OK);
    ck_assert_int_eq(liion_hsms_frame_decode(&h, &body, &blen, ctx, f, n, 99), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_hsms_frame_decode(&h, NULL, &blen, ctx, f, n, 0), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_hsms_frame_decode(&h, &body, &blen, ctx, NULL, 4, 0),
                     LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_hsms_header_decode(&h, ctx, f + 4, 9, 0), LIION_E_TRUNCATED);
    ck_assert_int_eq(liion_hsms_header_decode(&h, ctx, f + 4, 11, 0), LIION_E_DECODE);
    ck_assert_uint_eq(liion_ctx_error_offset(ctx), 10);
    liion_ctx_free(ctx);
}
END_TEST

/* ---- stream decoder: helpers ---------------------------------------------------------------- */

typedef struct seen {
    liion_hsms_header h;
    size_t body_len;
    uint8_t body[600];
} seen;

/* Feed data in chunks chosen by `chunk` (0 = random 1..max, else fixed) and collect frames. */
static size_t feed_all(liion_hsms_stream *st, const uint8_t *data, size_t len, size_t chunk,
                       size_t max_chunk, seen *out, size_t out_cap)
{
    size_t pos = 0, nseen = 0;
    while (pos < len) {
        size_t c = chunk != 0 ? chunk : 1 + (size_t)(rng() % max_chunk);
        size_t end = pos + c > len ? len : pos + c;
        while (pos < end) {
            size_t used = 0;
            ck_assert_int_eq(liion_hsms_stream_feed(&used, st, data + pos, end - pos), LIION_OK);
            ck_assert_uint_le(used, end - pos);
            pos += used;
            if (liion_hsms_stream_ready(st)) {
                const uint8_t *body = NULL;
                ck_assert_uint_lt(nseen, out_cap);
                out[nseen].h.struct_size = sizeof out[nseen].h;
                ck_assert_int_eq(liion_hsms_stream_frame(&out[nseen].h, &body,
                                                         &out[nseen].body_len, st),
                                 LIION_OK);
                ck_assert_ptr_nonnull(body);
                ck_assert_uint_le(out[nseen].body_len, sizeof out[nseen].body);
                memcpy(out[nseen].body, body, out[nseen].body_len);
                nseen++;
            } else {
                ck_assert_uint_eq(used, end - (pos - used));
            }
        }
    }
    ck_assert_uint_eq(liion_hsms_stream_offset(st), len);
    return nseen;
}

START_TEST(stream_vectors_byte_at_a_time)
{
    liion_ctx *ctx = new_ctx();
    liion_hsms_stream *st = NULL;
    uint8_t all[512];
    size_t len = 0;
    seen *got = calloc(N_CONTROL + 1, sizeof *got);
    ck_assert_int_eq(liion_hsms_stream_new(&st, ctx, 0), LIION_OK);
    for (size_t i = 0; i < N_CONTROL; i++)
        len += liion_test_unhex(all + len, sizeof all - len, control_vectors[i].hex);
    len += liion_test_unhex(all + len, sizeof all - len, "00 00 00 0a 00 64 81 01 00 00 00 00 00 7b");

    for (size_t chunk = 1; chunk <= 15; chunk++) {
        liion_hsms_stream_reset(st);
        ck_assert_uint_eq(feed_all(st, all, len, chunk, 0, got, N_CONTROL + 1), N_CONTROL + 1);
        for (size_t i = 0; i < N_CONTROL; i++) {
            ck_assert_uint_eq(got[i].h.stype, control_vectors[i].stype);
            ck_assert_uint_eq(got[i].h.session_id, control_vectors[i].session);
            ck_assert_uint_eq(got[i].h.system_bytes, control_vectors[i].system);
            ck_assert_uint_eq(got[i].h.status, control_vectors[i].status);
            ck_assert_uint_eq(got[i].h.reject_type, control_vectors[i].reject_type);
            ck_assert_uint_eq(got[i].body_len, 0);
        }
        ck_assert_uint_eq(got[N_CONTROL].h.stype, LIION_HSMS_DATA);
        ck_assert_uint_eq(got[N_CONTROL].h.session_id, 100);
        ck_assert_uint_eq(got[N_CONTROL].h.stream, 1);
        ck_assert_uint_eq(got[N_CONTROL].h.wbit, 1);
    }
    free(got);
    liion_hsms_stream_free(st);
    liion_ctx_free(ctx);
}
END_TEST

/* A random valid frame: mostly data messages with random bodies, sometimes control ones. */
static size_t random_frame(liion_ctx *ctx, uint8_t *buf, size_t cap, liion_hsms_header *h,
                           uint8_t *body, size_t *body_len)
{
    size_t w = 0;
    liion_hsms_header x = LIION_HSMS_HEADER_INIT;
    unsigned kind = (unsigned)(rng() % 10);
    x.system_bytes = (uint32_t)rng();
    if (kind < 7) {
        size_t n = (size_t)(rng() % 4 == 0 ? rng() % 600 : rng() % 130);
        for (size_t i = 0; i < n; i++)
            body[i] = (uint8_t)rng();
        x.session_id = (uint16_t)rng();
        x.stream = (uint8_t)(rng() % 128);
        x.function = (uint8_t)rng();
        x.wbit = (uint8_t)(rng() & 1);
        *body_len = n;
    } else {
        static const liion_hsms_stype types[] = {
            LIION_HSMS_SELECT_REQ, LIION_HSMS_SELECT_RSP, LIION_HSMS_DESELECT_REQ,
            LIION_HSMS_DESELECT_RSP, LIION_HSMS_LINKTEST_REQ, LIION_HSMS_LINKTEST_RSP,
            LIION_HSMS_REJECT_REQ, LIION_HSMS_SEPARATE_REQ,
        };
        x.stype = (uint8_t)types[rng() % 8];
        x.session_id = (x.stype == LIION_HSMS_LINKTEST_REQ || x.stype == LIION_HSMS_LINKTEST_RSP ||
                        rng() % 2)
                           ? 0xffff
                           : (uint16_t)rng();
        if (x.stype == LIION_HSMS_SELECT_RSP || x.stype == LIION_HSMS_DESELECT_RSP ||
            x.stype == LIION_HSMS_REJECT_REQ)
            x.status = (uint8_t)rng();
        if (x.stype == LIION_HSMS_REJECT_REQ)
            x.reject_type = (uint8_t)rng();
        *body_len = 0;
    }
    ck_assert_int_eq(liion_hsms_encode(buf, cap, &w, ctx, &x, body, *body_len), LIION_OK);
    *h = x;
    return w;
}

static void random_sequence_case(uint64_t seed, size_t chunk, size_t max_chunk)
{
    enum { FRAMES = 300 };
    liion_ctx *ctx = new_ctx();
    liion_hsms_stream *st = NULL;
    size_t cap = FRAMES * 620, len = 0;
    uint8_t *all = malloc(cap);
    seen *want = calloc(FRAMES, sizeof *want);
    seen *got = calloc(FRAMES, sizeof *got);
    size_t n;

    rng_state = seed;
    ck_assert_int_eq(liion_hsms_stream_new(&st, ctx, 0), LIION_OK);
    for (size_t i = 0; i < FRAMES; i++)
        len += random_frame(ctx, all + len, cap - len, &want[i].h, want[i].body,
                            &want[i].body_len);
    n = feed_all(st, all, len, chunk, max_chunk, got, FRAMES);
    ck_assert_uint_eq(n, FRAMES);
    for (size_t i = 0; i < FRAMES; i++) {
        const liion_hsms_header *a = &want[i].h, *b = &got[i].h;
        ck_assert_uint_eq(a->stype, b->stype);
        ck_assert_uint_eq(a->session_id, b->session_id);
        ck_assert_uint_eq(a->system_bytes, b->system_bytes);
        ck_assert_uint_eq(a->stream, b->stream);
        ck_assert_uint_eq(a->function, b->function);
        ck_assert_uint_eq(a->wbit, b->wbit);
        ck_assert_uint_eq(a->status, b->status);
        ck_assert_uint_eq(a->reject_type, b->reject_type);
        ck_assert_uint_eq(b->flags & LIION_HSMS_FLAG_SESSION_ALL ? 1 : 0,
                          a->session_id == 0xffff ? 1 : 0);
        ck_assert_uint_eq(want[i].body_len, got[i].body_len);
        ck_assert_int_eq(memcmp(want[i].body, got[i].body, want[i].body_len), 0);
    }
    free(all);
    free(want);
    free(got);
    liion_hsms_stream_free(st);
    liion_ctx_free(ctx);
}

START_TEST(stream_random_sequences_byte_at_a_time)
{
    random_sequence_case(0x9e3779b97f4a7c15ull + (uint64_t)_i, 1, 0);
}
END_TEST

START_TEST(stream_random_sequences_random_chunks)
{
    static const size_t maxes[] = { 3, 17, 200, 1460, 100000 };
    for (size_t m = 0; m < sizeof maxes / sizeof maxes[0]; m++)
        random_sequence_case(0x1234567ull * (uint64_t)(_i + 1) + m, 0, maxes[m]);
}
END_TEST

/* Mutated streams: valid frames with random bytes flipped. However the bytes are chunked, the
 * decoder yields the same frames and stops with the same status at the same offset. */
typedef struct outcome {
    size_t frames;
    liion_status status;
    size_t offset;
    uint64_t digest;
} outcome;

static outcome decode_outcome(liion_ctx *ctx, uint32_t flags, const uint8_t *data, size_t len,
                              size_t max_chunk)
{
    outcome o = { 0, LIION_OK, LIION_OFFSET_NONE, 1469598103934665603ull };
    liion_hsms_stream *st = NULL;
    size_t pos = 0;
    ck_assert_int_eq(liion_hsms_stream_new(&st, ctx, flags), LIION_OK);
    while (pos < len) {
        size_t c = max_chunk == 0 ? len - pos : 1 + (size_t)(rng() % max_chunk), used = 0;
        liion_status s;
        if (c > len - pos)
            c = len - pos;
        s = liion_hsms_stream_feed(&used, st, data + pos, c);
        if (s != LIION_OK) {
            o.status = s;
            o.offset = liion_ctx_error_offset(ctx);
            ck_assert_int_eq(liion_hsms_stream_broken(st), 1);
            break;
        }
        pos += used;
        if (liion_hsms_stream_ready(st)) {
            liion_hsms_header h = LIION_HSMS_HEADER_INIT;
            const uint8_t *b;
            size_t bl;
            ck_assert_int_eq(liion_hsms_stream_frame(&h, &b, &bl, st), LIION_OK);
            o.frames++;
            o.digest = (o.digest ^ (h.system_bytes + 31u * bl + h.stype)) * 1099511628211ull;
            for (size_t i = 0; i < bl; i++)
                o.digest = (o.digest ^ b[i]) * 1099511628211ull;
        }
    }
    liion_hsms_stream_free(st);
    return o;
}

START_TEST(stream_mutations_agree_across_chunkings)
{
    liion_ctx *ctx = new_ctx();
    uint8_t *all = malloc(40 * 620), body[620];
    size_t errors = 0;
    rng_state = 0xabcdef12345ull + (uint64_t)_i;
    ck_assert_int_eq(liion_ctx_set_limit(ctx, LIION_LIMIT_MAX_MESSAGE_BYTES, 500), LIION_OK);
    for (int round = 0; round < 150; round++) {
        size_t len = 0, bl;
        liion_hsms_header h;
        uint32_t flags = (uint32_t)(rng() % 4);
        outcome whole, bytes, chunks;
        for (int f = 0; f < 40; f++) {
            len += random_frame(ctx, all + len, 40 * 620 - len, &h, body, &bl);
            if (bl > 490) { /* keep most frames under the limit */
                len -= bl + 14;
                f--;
            }
        }
        for (int m = (int)(rng() % 3); m >= 0; m--)
            all[rng() % len] ^= (uint8_t)(1u << (rng() % 8));
        whole = decode_outcome(ctx, flags, all, len, 0);
        bytes = decode_outcome(ctx, flags, all, len, 1);
        chunks = decode_outcome(ctx, flags, all, len, 97);
        ck_assert_uint_eq(whole.frames, bytes.frames);
        ck_assert_uint_eq(whole.frames, chunks.frames);
        ck_assert_int_eq(whole.status, bytes.status);
        ck_assert_int_eq(whole.status, chunks.status);
        ck_assert_uint_eq(whole.offset, bytes.offset);
        ck_assert_uint_eq(whole.offset, chunks.offset);
        ck_assert_uint_eq(whole.digest, bytes.digest);
        ck_assert_uint_eq(whole.digest, chunks.digest);
        if (whole.status != LIION_OK) {
            ck_assert(whole.status == LIION_E_DECODE || whole.status == LIION_E_LIMIT);
            ck_assert_uint_lt(whole.offset, len);
            errors++;
        }
    }
    ck_assert_uint_gt(errors, 10); /* the mutations do hit the checks */
    free(all);
    liion_ctx_free(ctx);
}
END_TEST

/* One big buffer: every frame is yielded in place (zero copy), with no allocation at all. */
START_TEST(stream_zero_copy_and_no_allocation)
{
    liion_test_alloc ta;
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *ctx = NULL;
    liion_hsms_stream *st = NULL;
    uint8_t body[112], all[126 * 50];
    size_t w, pos = 0;
    unsigned long calls;

    liion_test_alloc_init(&ta);
    o.allocator = &ta.hooks;
    ck_assert_int_eq(liion_ctx_new(&ctx, &o), LIION_OK);
    ck_assert_int_eq(liion_hsms_stream_new(&st, ctx, 0), LIION_OK);
    for (size_t i = 0; i < sizeof body; i++)
        body[i] = (uint8_t)(i * 7);
    for (size_t i = 0; i < 50; i++) {
        ck_assert_int_eq(liion_hsms_encode_data(all + i * 126, 126, &w, ctx, 1, 6, 11, 1,
                                                (uint32_t)i, body, sizeof body),
                         LIION_OK);
    }
    calls = ta.calls;
    for (size_t i = 0; i < 50; i++) {
        size_t used;
        const uint8_t *b;
        size_t bl;
        liion_hsms_header h = LIION_HSMS_HEADER_INIT;
        ck_assert_int_eq(liion_hsms_stream_feed(&used, st, all + pos, sizeof all - pos), LIION_OK);
        ck_assert_uint_eq(used, 126);
        ck_assert_int_eq(liion_hsms_stream_frame(&h, &b, &bl, st), LIION_OK);
        ck_assert_ptr_eq(b, all + pos + 14); /* in place */
        ck_assert_uint_eq(h.system_bytes, i);
        pos += used;
    }
    ck_assert_uint_eq(ta.calls, calls);

    /* in 7-byte chunks the first frame grows the buffer once; later frames reuse it */
    liion_hsms_stream_reset(st);
    pos = 0;
    for (int pass = 0; pass < 2; pass++) {
        while (pos < (size_t)(pass + 1) * (sizeof all / 2)) {
            size_t c = 7, used = 0;
            if (c > sizeof all - pos)
                c = sizeof all - pos;
            ck_assert_int_eq(liion_hsms_stream_feed(&used, st, all + pos, c), LIION_OK);
            pos += used;
        }
        if (pass == 0)
            calls = ta.calls;
    }
    ck_assert_uint_eq(ta.calls, calls);
    liion_hsms_stream_free(st);
    liion_ctx_free(ctx);
    ck_assert_uint_eq(ta.live, 0);
}
END_TEST

/* ---- stream decoder: every malformed class breaks the stream at the right offset -------- */

typedef struct bad_case {
    const char *name;
    uint32_t flags;
    const char *hex; /* appended after one good 14-byte frame */
    liion_status status;
    size_t offset;   /* from the start of the bad frame */
    const char *msg;
} bad_case;

static const bad_case bad_cases[] = {
    { "length under 10", 0, "00 00 00 09 00 01 00 00 00 01 00 00 00 01", LIION_E_DECODE, 0,
      "length field 9 is under 10" },
    { "length 0", 0, "00 00 00 00", LIION_E_DECODE, 0, "length field 0 is under 10" },
    { "length over the limit", 0, "00 01 00 00 00 01 00 00 00 01 00 00 00 01", LIION_E_LIMIT, 0,
      "length field 65536 is over the limit of 4096 bytes" },
    { "secs4net #91 garbage", 0, "20 20 20 20 53 33 32 46 33 32", LIION_E_LIMIT, 0,
      "length field 538976288" },
    { "PType 1", 0, "00 00 00 0a 00 01 81 01 01 00 00 00 00 01", LIION_E_DECODE, 8,
      "PType 1 is not supported" },
    { "SType 8", 0, "00 00 00 0a ff ff 00 00 00 08 00 00 00 01", LIION_E_DECODE, 9,
      "SType 8 is unknown" },
    { "SType 10", LIION_HSMS_STREAM_LENIENT, "00 00 00 0a ff ff 00 00 00 0a 00 00 00 01",
      LIION_E_DECODE, 9, "SType 10 is unknown" },
    { "Select.req with a body", 0, "00 00 00 0c ff ff 00 00 00 01 00 00 00 01 01 00",
      LIION_E_DECODE, 0, "Select.req carries a 2-byte body" },
    { "Linktest.rsp with a body", LIION_HSMS_STREAM_LENIENT,
      "00 00 00 0b ff ff 00 00 00 06 00 00 00 01 00", LIION_E_DECODE, 0,
      "Linktest.rsp carries a 1-byte body" },
    { "Select.req byte 3", 0, "00 00 00 0a ff ff 00 05 00 01 00 00 00 01", LIION_E_DECODE, 7,
      "Select.req has header byte 3 = 0x05" },
    { "Select.rsp byte 2", 0, "00 00 00 0a ff ff 01 00 00 02 00 00 00 01", LIION_E_DECODE, 6,
      "Select.rsp has header byte 2 = 0x01" },
    { "Linktest.req session", 0, "00 00 00 0a 00 01 00 00 00 05 00 00 00 01", LIION_E_DECODE, 4,
      "Linktest.req has session ID 0x0001" },
};
#define N_BAD (sizeof bad_cases / sizeof bad_cases[0])

START_TEST(stream_malformed_breaks)
{
    const bad_case *c = &bad_cases[_i];
    liion_ctx *ctx = new_ctx();
    liion_hsms_stream *st = NULL;
    uint8_t data[64];
    size_t n, used = 99;

    ck_assert_int_eq(liion_ctx_set_limit(ctx, LIION_LIMIT_MAX_MESSAGE_BYTES, 4096), LIION_OK);
    ck_assert_int_eq(liion_hsms_stream_new(&st, ctx, c->flags), LIION_OK);
    n = liion_test_unhex(data, sizeof data, "00 00 00 0a ff ff 00 00 00 05 00 00 00 01");
    n += liion_test_unhex(data + n, sizeof data - n, c->hex);

    for (int mode = 0; mode < 2; mode++) { /* whole buffer, then byte at a time */
        size_t pos = 0;
        liion_status s = LIION_OK;
        liion_hsms_stream_reset(st);
        while (pos < n) {
            size_t len = mode == 0 ? n - pos : 1;
            s = liion_hsms_stream_feed(&used, st, data + pos, len);
            if (s != LIION_OK)
                break;
            pos += used;
        }
        ck_assert_msg(s == c->status, "%s (mode %d): got %s (%s)", c->name, mode,
                      liion_status_str(s), liion_ctx_errmsg(ctx));
        ck_assert_uint_eq(used, 0);
        ck_assert_uint_eq(liion_ctx_error_offset(ctx), 14 + c->offset);
        ck_errmsg_has(ctx, c->msg);
        ck_assert_int_eq(liion_hsms_stream_broken(st), 1);
        ck_assert_int_eq(liion_hsms_stream_ready(st), 0);
        /* every later feed fails with STATE and says why */
        ck_assert_int_eq(liion_hsms_stream_feed(&used, st, data, 14), LIION_E_STATE);
        ck_errmsg_has(ctx, "broken");
        ck_errmsg_has(ctx, c->msg);
        ck_assert_uint_eq(liion_ctx_error_offset(ctx), 14 + c->offset);
        ck_assert_int_eq(liion_hsms_stream_feed(&used, st, NULL, 0), LIION_E_STATE);
        ck_assert_int_eq(liion_hsms_stream_frame(NULL, NULL, NULL, st), LIION_E_STATE);
    }
    /* reset recovers: the good frame decodes again */
    liion_hsms_stream_reset(st);
    ck_assert_int_eq(liion_hsms_stream_broken(st), 0);
    ck_assert_int_eq(liion_hsms_stream_feed(&used, st, data, 14), LIION_OK);
    ck_assert_int_eq(liion_hsms_stream_ready(st), 1);
    liion_hsms_stream_free(st);
    liion_ctx_free(ctx);
}
END_TEST

START_TEST(stream_lenient_and_pass_unsupported)
{
    liion_ctx *ctx = new_ctx();
    liion_hsms_stream *st = NULL;
    uint8_t d[32];
    size_t n, used;
    liion_hsms_header h = LIION_HSMS_HEADER_INIT;

    /* lenient: Linktest with the configured session ID, junk in byte 3 of a Select.req */
    ck_assert_int_eq(liion_hsms_stream_new(&st, ctx, LIION_HSMS_STREAM_LENIENT), LIION_OK);
    n = liion_test_unhex(d, sizeof d, "00 00 00 0a 00 07 00 00 00 05 00 00 00 01");
    ck_assert_int_eq(liion_hsms_stream_feed(&used, st, d, n), LIION_OK);
    ck_assert_int_eq(liion_hsms_stream_frame(&h, NULL, NULL, st), LIION_OK);
    ck_assert_uint_eq(h.stype, LIION_HSMS_LINKTEST_REQ);
    ck_assert_uint_eq(h.session_id, 7);
    n = liion_test_unhex(d, sizeof d, "00 00 00 0a 00 07 00 05 00 01 00 00 00 01");
    ck_assert_int_eq(liion_hsms_stream_feed(&used, st, d, n), LIION_OK);
    ck_assert_int_eq(liion_hsms_stream_frame(&h, NULL, NULL, st), LIION_OK);
    ck_assert_uint_eq(h.stype, LIION_HSMS_SELECT_REQ);
    ck_assert_uint_eq(h.status, 0);
    /* lenient does not pass PType 1 */
    n = liion_test_unhex(d, sizeof d, "00 00 00 0a 00 07 00 00 01 00 00 00 00 01");
    ck_assert_int_eq(liion_hsms_stream_feed(&used, st, d, n), LIION_E_DECODE);
    liion_hsms_stream_free(st);

    /* pass-unsupported: PType 1 with a body and SType 8 are yielded, flagged */
    ck_assert_int_eq(liion_hsms_stream_new(&st, ctx, LIION_HSMS_STREAM_PASS_UNSUPPORTED), LIION_OK);
    n = liion_test_unhex(d, sizeof d, "00 00 00 0c 00 07 81 02 01 00 00 00 00 2a be ef");
    ck_assert_int_eq(liion_hsms_stream_feed(&used, st, d, n), LIION_OK);
    {
        const uint8_t *b;
        size_t bl;
        ck_assert_int_eq(liion_hsms_stream_frame(&h, &b, &bl, st), LIION_OK);
        ck_assert_uint_eq(h.flags & LIION_HSMS_FLAG_UNSUPPORTED, LIION_HSMS_FLAG_UNSUPPORTED);
        ck_assert_uint_eq(h.ptype, 1);
        ck_assert_uint_eq(h.system_bytes, 42);
        ck_assert_uint_eq(h.stream, 1);
        ck_assert_uint_eq(h.function, 2);
        ck_assert_uint_eq(bl, 2);
        ck_assert_uint_eq(b[0], 0xbe);
    }
    n = liion_test_unhex(d, sizeof d, "00 00 00 0a ff ff 03 04 00 08 00 00 00 2b");
    ck_assert_int_eq(liion_hsms_stream_feed(&used, st, d, n), LIION_OK);
    ck_assert_int_eq(liion_hsms_stream_frame(&h, NULL, NULL, st), LIION_OK);
    ck_assert_uint_eq(h.stype, 8);
    ck_assert_uint_eq(h.flags, LIION_HSMS_FLAG_UNSUPPORTED | LIION_HSMS_FLAG_SESSION_ALL);
    ck_assert_uint_eq(h.reject_type, 3);
    ck_assert_uint_eq(h.status, 4);
    /* but a Select.req with a body is still malformed */
    n = liion_test_unhex(d, sizeof d, "00 00 00 0b ff ff 00 00 00 01 00 00 00 01 00");
    ck_assert_int_eq(liion_hsms_stream_feed(&used, st, d, n), LIION_E_DECODE);
    liion_hsms_stream_free(st);
    liion_ctx_free(ctx);
}
END_TEST

/* The session answers an unsupported frame with Reject.req: T35c and the PType placement. */
START_TEST(encode_reject_for_a_received_frame)
{
    liion_ctx *ctx = new_ctx();
    liion_hsms_stream *st = NULL;
    uint8_t d[32], want[14], out[14];
    size_t n, used, w;
    liion_hsms_header h = LIION_HSMS_HEADER_INIT;

    /* T35c: a Select.req (SType 1) rejected with reason 1 */
    n = liion_test_unhex(d, sizeof d, "00 00 00 0a ff ff 00 00 00 01 00 00 00 7b");
    ck_assert_int_eq(liion_hsms_frame_decode(&h, &(const uint8_t *){ NULL }, &used, ctx, d, n, 0),
                     LIION_OK);
    ck_assert_int_eq(liion_hsms_encode_reject(out, sizeof out, &w, ctx, &h,
                                              LIION_HSMS_REJECT_STYPE_NOT_SUPPORTED),
                     LIION_OK);
    liion_test_unhex(want, sizeof want, "00 00 00 0a ff ff 01 01 00 07 00 00 00 7b");
    ck_assert_uint_eq(w, 14);
    ck_assert_int_eq(memcmp(out, want, 14), 0);

    /* PType 5 data message from a stream that passes it: byte 2 carries the PType */
    ck_assert_int_eq(liion_hsms_stream_new(&st, ctx, LIION_HSMS_STREAM_PASS_UNSUPPORTED), LIION_OK);
    n = liion_test_unhex(d, sizeof d, "00 00 00 0a 00 09 81 01 05 00 00 00 01 c8");
    ck_assert_int_eq(liion_hsms_stream_feed(&used, st, d, n), LIION_OK);
    ck_assert_int_eq(liion_hsms_stream_frame(&h, NULL, NULL, st), LIION_OK);
    ck_assert_int_eq(liion_hsms_encode_reject(out, sizeof out, &w, ctx, &h,
                                              LIION_HSMS_REJECT_PTYPE_NOT_SUPPORTED),
                     LIION_OK);
    liion_test_unhex(want, sizeof want, "00 00 00 0a 00 09 05 02 00 07 00 00 01 c8");
    ck_assert_int_eq(memcmp(out, want, 14), 0);
    /* SType 8: byte 2 carries the SType */
    n = liion_test_unhex(d, sizeof d, "00 00 00 0a ff ff 00 00 00 08 00 00 00 02");
    ck_assert_int_eq(liion_hsms_stream_feed(&used, st, d, n), LIION_OK);
    ck_assert_int_eq(liion_hsms_stream_frame(&h, NULL, NULL, st), LIION_OK);
    ck_assert_int_eq(liion_hsms_encode_reject(out, sizeof out, &w, ctx, &h,
                                              LIION_HSMS_REJECT_STYPE_NOT_SUPPORTED),
                     LIION_OK);
    liion_test_unhex(want, sizeof want, "00 00 00 0a ff ff 08 01 00 07 00 00 00 02");
    ck_assert_int_eq(memcmp(out, want, 14), 0);
    /* a data message while NOT SELECTED: reason 4, byte 2 = SType 0 */
    h.stype = LIION_HSMS_DATA;
    ck_assert_int_eq(liion_hsms_encode_reject(out, sizeof out, &w, ctx, &h,
                                              LIION_HSMS_REJECT_ENTITY_NOT_SELECTED),
                     LIION_OK);
    ck_assert_uint_eq(out[6], 0);
    ck_assert_uint_eq(out[7], 4);
    ck_assert_int_eq(liion_hsms_encode_reject(out, sizeof out, &w, ctx, &h,
                                              (liion_hsms_reject_reason)256),
                     LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_hsms_encode_reject(out, sizeof out, &w, ctx, NULL,
                                              LIION_HSMS_REJECT_MALFORMED),
                     LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_hsms_encode_reject(out, 13, &w, ctx, &h, LIION_HSMS_REJECT_MALFORMED),
                     LIION_E_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(w, 14);
    liion_hsms_stream_free(st);
    liion_ctx_free(ctx);
}
END_TEST

START_TEST(stream_session_flags)
{
    liion_ctx *ctx = new_ctx();
    liion_hsms_stream *st = NULL;
    uint8_t d[32];
    size_t used, w;
    liion_hsms_header h = LIION_HSMS_HEADER_INIT;

    ck_assert_int_eq(liion_hsms_stream_new(&st, ctx, 0), LIION_OK);
    ck_assert_int_eq(liion_hsms_stream_set_session_id(st, 0x10000), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_hsms_stream_set_session_id(st, -2), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_hsms_stream_set_session_id(st, 0x1234), LIION_OK);

    /* go-secs echoes the configured ID on Select; secsgem sends 0xFFFF: both accepted */
    liion_test_unhex(d, sizeof d, "00 00 00 0a 12 34 00 00 00 01 01 02 03 04");
    ck_assert_int_eq(liion_hsms_stream_feed(&used, st, d, 14), LIION_OK);
    ck_assert_int_eq(liion_hsms_stream_frame(&h, NULL, NULL, st), LIION_OK);
    ck_assert_uint_eq(h.flags, LIION_HSMS_FLAG_SESSION_MATCH);
    liion_test_unhex(d, sizeof d, "00 00 00 0a ff ff 00 00 00 01 00 00 00 7b");
    ck_assert_int_eq(liion_hsms_stream_feed(&used, st, d, 14), LIION_OK);
    ck_assert_int_eq(liion_hsms_stream_frame(&h, NULL, NULL, st), LIION_OK);
    ck_assert_uint_eq(h.flags, LIION_HSMS_FLAG_SESSION_ALL);
    ck_assert_int_eq(liion_hsms_encode_data(d, sizeof d, &w, ctx, 0x4321, 1, 1, 0, 9, NULL, 0),
                     LIION_OK);
    ck_assert_int_eq(liion_hsms_stream_feed(&used, st, d, w), LIION_OK);
    ck_assert_int_eq(liion_hsms_stream_frame(&h, NULL, NULL, st), LIION_OK);
    ck_assert_uint_eq(h.flags, 0);
    ck_assert_int_eq(liion_hsms_stream_set_session_id(st, -1), LIION_OK);
    ck_assert_int_eq(liion_hsms_stream_feed(&used, st, d, w), LIION_OK);
    liion_hsms_stream_free(st);
    liion_ctx_free(ctx);
}
END_TEST

START_TEST(stream_api_misuse)
{
    liion_ctx *ctx = new_ctx();
    liion_hsms_stream *st = (liion_hsms_stream *)&st;
    size_t used = 7;
    liion_hsms_header h = LIION_HSMS_HEADER_INIT;

    ck_assert_int_eq(liion_hsms_stream_new(NULL, ctx, 0), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_hsms_stream_new(&st, NULL, 0), LIION_E_INVALID_ARG);
    ck_assert_ptr_null(st);
    ck_assert_int_eq(liion_hsms_stream_new(&st, ctx, 0x80), LIION_E_INVALID_ARG);
    ck_errmsg_has(ctx, "unknown HSMS flags 0x80");
    ck_assert_int_eq(liion_hsms_stream_new(&st, ctx, 0), LIION_OK);
    ck_assert_int_eq(liion_hsms_stream_feed(&used, NULL, NULL, 0), LIION_E_INVALID_ARG);
    ck_assert_uint_eq(used, 0);
    ck_assert_int_eq(liion_hsms_stream_feed(&used, st, NULL, 3), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_hsms_stream_feed(&used, st, NULL, 0), LIION_OK);
    ck_assert_int_eq(liion_hsms_stream_frame(&h, NULL, NULL, st), LIION_E_STATE);
    ck_errmsg_has(ctx, "no HSMS frame is ready");
    h.struct_size = 1;
    ck_assert_int_eq(liion_hsms_stream_frame(&h, NULL, NULL, st), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_hsms_stream_ready(NULL), 0);
    ck_assert_int_eq(liion_hsms_stream_broken(NULL), 0);
    ck_assert_uint_eq(liion_hsms_stream_offset(NULL), 0);
    ck_assert_int_eq(liion_hsms_stream_set_session_id(NULL, 1), LIION_E_INVALID_ARG);
    liion_hsms_stream_reset(NULL);
    liion_hsms_stream_free(st);
    liion_hsms_stream_free(NULL);
    liion_ctx_free(ctx);
}
END_TEST

/* pending: the bytes of an incomplete frame, for the T8 inter-character timer */
START_TEST(stream_pending_counts_partial_frame)
{
    liion_ctx *ctx = new_ctx();
    liion_hsms_stream *st = NULL;
    uint8_t d[64], body[30] = { 1, 2, 3 };
    size_t w, used;
    ck_assert_int_eq(liion_hsms_stream_new(&st, ctx, 0), LIION_OK);
    ck_assert_int_eq(liion_hsms_encode_data(d, sizeof d, &w, ctx, 1, 1, 3, 1, 5, body, 30),
                     LIION_OK);
    ck_assert_uint_eq(liion_hsms_stream_pending(st), 0);
    for (size_t i = 0; i < w; i++) {
        ck_assert_int_eq(liion_hsms_stream_feed(&used, st, d + i, 1), LIION_OK);
        ck_assert_uint_eq(used, 1);
        ck_assert_uint_eq(liion_hsms_stream_pending(st), i + 1 < w ? i + 1 : 0);
        ck_assert_int_eq(liion_hsms_stream_ready(st), i + 1 == w);
    }
    ck_assert_int_eq(liion_hsms_stream_feed(&used, st, d, 20), LIION_OK);
    ck_assert_uint_eq(liion_hsms_stream_pending(st), 20);
    liion_hsms_stream_reset(st);
    ck_assert_uint_eq(liion_hsms_stream_pending(st), 0);
    ck_assert_uint_eq(liion_hsms_stream_pending(NULL), 0);
    liion_hsms_stream_free(st);
    liion_ctx_free(ctx);
}
END_TEST

/* The limit is read at each frame start: lowering it affects the next frame only. */
START_TEST(stream_limit_read_per_frame)
{
    liion_ctx *ctx = new_ctx();
    liion_hsms_stream *st = NULL;
    uint8_t body[100] = { 0 }, d[2 * 114];
    size_t w, used;
    ck_assert_int_eq(liion_hsms_stream_new(&st, ctx, 0), LIION_OK);
    ck_assert_int_eq(liion_hsms_encode_data(d, 114, &w, ctx, 1, 1, 1, 0, 1, body, 100), LIION_OK);
    memcpy(d + 114, d, 114);
    ck_assert_int_eq(liion_ctx_set_limit(ctx, LIION_LIMIT_MAX_MESSAGE_BYTES, 110), LIION_OK);
    ck_assert_int_eq(liion_hsms_stream_feed(&used, st, d, 50), LIION_OK);
    ck_assert_int_eq(liion_ctx_set_limit(ctx, LIION_LIMIT_MAX_MESSAGE_BYTES, 109), LIION_OK);
    ck_assert_int_eq(liion_hsms_stream_feed(&used, st, d + 50, 64), LIION_OK);
    ck_assert_int_eq(liion_hsms_stream_ready(st), 1);
    ck_assert_int_eq(liion_hsms_stream_feed(&used, st, d + 114, 114), LIION_E_LIMIT);
    ck_assert_uint_eq(liion_ctx_error_offset(ctx), 114);
    liion_hsms_stream_free(st);
    liion_ctx_free(ctx);
}
END_TEST

/* LIION_HSMS_STREAM_SKIP_TOO_LONG: an over-long data message is counted and dropped as it
 * arrives (no buffer growth), yielded with an empty body and LIION_HSMS_FLAG_TOO_LONG, and the
 * next frame decodes; whole, in one-byte chunks and in random chunks. An over-long length
 * before a control header still breaks the stream at the length field. */
START_TEST(stream_skip_too_long)
{
    liion_ctx *ctx = new_ctx();
    liion_hsms_stream *st = NULL;
    uint8_t body[300], d[314 + 14], ctl[14];
    size_t w = 0, used = 0, pos = 0, chunk;
    int frames = 0;
    uint64_t mem;
    uint32_t r = 7;
    for (size_t i = 0; i < sizeof body; i++)
        body[i] = (uint8_t)i;
    ck_assert_int_eq(liion_hsms_encode_data(d, 314, &w, ctx, 1, 6, 11, 1, 0x55, body, 300),
                     LIION_OK);
    ck_assert_int_eq(liion_hsms_encode_data(d + 314, 14, &w, ctx, 1, 1, 1, 1, 0x56, NULL, 0),
                     LIION_OK);
    ck_assert_int_eq(liion_ctx_set_limit(ctx, LIION_LIMIT_MAX_MESSAGE_BYTES, 100), LIION_OK);
    ck_assert_int_eq(liion_hsms_stream_new(&st, ctx, LIION_HSMS_STREAM_SKIP_TOO_LONG), LIION_OK);
    mem = liion_ctx_memory_used(ctx);
    for (int mode = 0; mode < 3; mode++) {
        liion_hsms_stream_reset(st);
        pos = 0;
        frames = 0;
        while (pos < sizeof d) {
            chunk = mode == 0 ? sizeof d - pos : mode == 1 ? 1 : 1 + (r = r * 1103515245u + 12345u) % 40;
            if (chunk > sizeof d - pos)
                chunk = sizeof d - pos;
            ck_assert_int_eq(liion_hsms_stream_feed(&used, st, d + pos, chunk), LIION_OK);
            pos += used;
            if (liion_hsms_stream_ready(st)) {
                liion_hsms_header h = LIION_HSMS_HEADER_INIT;
                const uint8_t *b = NULL;
                size_t bl = 99;
                ck_assert_int_eq(liion_hsms_stream_frame(&h, &b, &bl, st), LIION_OK);
                ck_assert_uint_eq(bl, 0);
                if (frames == 0) {
                    ck_assert(h.flags & LIION_HSMS_FLAG_TOO_LONG);
                    ck_assert_uint_eq(h.stream, 6);
                    ck_assert_uint_eq(h.function, 11);
                    ck_assert_uint_eq(h.system_bytes, 0x55);
                    ck_assert_uint_eq(liion_hsms_stream_offset(st), 314);
                } else {
                    ck_assert(!(h.flags & LIION_HSMS_FLAG_TOO_LONG));
                    ck_assert_uint_eq(h.system_bytes, 0x56);
                }
                frames++;
            } else if (pos < 314) {
                ck_assert_uint_eq(liion_hsms_stream_pending(st), pos); /* T8 keeps running */
            }
        }
        ck_assert_int_eq(frames, 2);
        ck_assert_uint_eq(liion_ctx_memory_used(ctx), mem); /* nothing was buffered */
    }
    /* an over-long length in front of a Linktest.req header: LIMIT at the length field */
    liion_hsms_stream_reset(st);
    liion_test_unhex(ctl, sizeof ctl, "00 00 01 00 ff ff 00 00 00 05 00 00 00 01");
    ck_assert_int_eq(liion_hsms_stream_feed(&used, st, d + 314, 14), LIION_OK);
    ck_assert_int_eq(liion_hsms_stream_feed(&used, st, ctl, 7), LIION_OK);
    ck_assert_int_eq(liion_hsms_stream_feed(&used, st, ctl + 7, 7), LIION_E_LIMIT);
    ck_assert_uint_eq(liion_ctx_error_offset(ctx), 14);
    LIION_CK_ERRMSG_HAS(ctx, "over the limit");
    ck_assert_int_eq(liion_hsms_stream_broken(st), 1);
    /* without the flag the data message is refused as before */
    liion_hsms_stream_free(st);
    ck_assert_int_eq(liion_hsms_stream_new(&st, ctx, 0), LIION_OK);
    ck_assert_int_eq(liion_hsms_stream_feed(&used, st, d, sizeof d), LIION_E_LIMIT);
    liion_hsms_stream_free(st);
    liion_ctx_free(ctx);
}
END_TEST

/* ---- allocation failures ------------------------------------------------------------------ */

typedef struct feed_job {
    const uint8_t *data;
    size_t len;
    size_t chunk;
    size_t frames;
} feed_job;

static liion_status body_stream_feed(const liion_allocator *hooks, void *user)
{
    const feed_job *job = user;
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *ctx = NULL;
    liion_hsms_stream *st = NULL;
    liion_status s;
    size_t pos = 0, frames = 0;

    o.allocator = hooks;
    s = liion_ctx_new(&ctx, &o);
    if (s != LIION_OK)
        return s;
    s = liion_hsms_stream_new(&st, ctx, 0);
    while (s == LIION_OK && pos < job->len) {
        size_t used = 0, c = job->len - pos < job->chunk ? job->len - pos : job->chunk;
        s = liion_hsms_stream_feed(&used, st, job->data + pos, c);
        if (s == LIION_E_NOMEM)
            ck_assert_int_eq(liion_hsms_stream_broken(st), 0);
        pos += used;
        if (s == LIION_OK && liion_hsms_stream_ready(st))
            frames++;
    }
    if (s == LIION_OK)
        ck_assert_uint_eq(frames, job->frames);
    liion_hsms_stream_free(st);
    liion_ctx_free(ctx);
    return s;
}

START_TEST(alloc_failures)
{
    uint8_t body[700], data[3 * 720];
    size_t len = 0, w;
    liion_ctx *ctx = new_ctx();
    feed_job job;
    for (size_t i = 0; i < sizeof body; i++)
        body[i] = (uint8_t)i;
    for (size_t i = 0; i < 3; i++) {
        ck_assert_int_eq(liion_hsms_encode_data(data + len, sizeof data - len, &w, ctx, 1, 6, 11, 1,
                                                (uint32_t)i, body, 200 + i * 250),
                         LIION_OK);
        len += w;
    }
    liion_ctx_free(ctx);
    job.data = data;
    job.len = len;
    job.frames = 3;
    job.chunk = 13;
    ck_assert_uint_gt(liion_test_alloc_loop("hsms stream, 13-byte chunks", body_stream_feed, &job), 2);
    job.chunk = 1;
    liion_test_alloc_loop("hsms stream, bytes", body_stream_feed, &job);
    job.chunk = len;
    ck_assert_uint_eq(liion_test_alloc_loop("hsms stream, one buffer", body_stream_feed, &job), 2);
}
END_TEST

/* The memory cap: a trickled huge frame grows the buffer only with the bytes received. */
START_TEST(stream_grows_with_received_bytes)
{
    liion_ctx *ctx = new_ctx();
    liion_hsms_stream *st = NULL;
    uint8_t hdr[14], chunk[1000];
    size_t used;
    uint64_t before;
    memset(chunk, 0x55, sizeof chunk);
    ck_assert_int_eq(liion_hsms_stream_new(&st, ctx, 0), LIION_OK);
    before = liion_ctx_memory_used(ctx);
    liion_test_unhex(hdr, sizeof hdr, "00 f0 00 00 00 01 01 01 00 00 00 00 00 01"); /* 15.7 MB declared */
    ck_assert_int_eq(liion_hsms_stream_feed(&used, st, hdr, 14), LIION_OK);
    ck_assert_int_eq(liion_hsms_stream_feed(&used, st, chunk, 500), LIION_OK);
    ck_assert_int_eq(liion_hsms_stream_feed(&used, st, chunk, 1000), LIION_OK);
    ck_assert_uint_le(liion_ctx_memory_used(ctx) - before, 4096);
    liion_hsms_stream_free(st);
    liion_ctx_free(ctx);
}
END_TEST

static Suite *hsms_suite(void)
{
    Suite *s = suite_create("hsms");
    TCase *tc = tcase_create("vectors");
    tcase_add_test(tc, vectors_control_encode_and_decode);
    tcase_add_test(tc, vector_t35e_data_header);
    tcase_add_test(tc, vector_e3_session_bit15);
    tcase_add_test(tc, names);
    suite_add_tcase(s, tc);

    tc = tcase_create("encode");
    tcase_add_test(tc, encode_sizes_and_buffer_too_small);
    tcase_add_test(tc, encode_refuses_what_e37_forbids);
    tcase_add_test(tc, header_struct_size_rules);
    tcase_add_test(tc, frame_decode_negative);
    suite_add_tcase(s, tc);

    tc = tcase_create("stream");
    tcase_add_test(tc, stream_vectors_byte_at_a_time);
    tcase_add_loop_test(tc, stream_random_sequences_byte_at_a_time, 0, 3);
    tcase_add_loop_test(tc, stream_random_sequences_random_chunks, 0, 4);
    tcase_add_test(tc, stream_zero_copy_and_no_allocation);
    tcase_add_loop_test(tc, stream_mutations_agree_across_chunkings, 0, 3);
    tcase_add_loop_test(tc, stream_malformed_breaks, 0, (int)N_BAD);
    tcase_add_test(tc, stream_lenient_and_pass_unsupported);
    tcase_add_test(tc, stream_session_flags);
    tcase_add_test(tc, encode_reject_for_a_received_frame);
    tcase_add_test(tc, stream_api_misuse);
    tcase_add_test(tc, stream_limit_read_per_frame);
    tcase_add_test(tc, stream_skip_too_long);
    tcase_add_test(tc, stream_pending_counts_partial_frame);
    tcase_add_test(tc, stream_grows_with_received_bytes);
    suite_add_tcase(s, tc);

    tc = tcase_create("alloc");
    tcase_add_test(tc, alloc_failures);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return liion_test_run(hsms_suite());
}
