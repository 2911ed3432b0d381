/* GEM (E30): every legal and illegal transition of the control and communication state
 * models, the S1F13/S1F14 bodies against the reference vector, the one-byte acknowledges,
 * negative inputs and allocation failures. Includes only <liion/liion.h>. */
#include <liion/liion.h>

#include <check.h>
#include <stdio.h>
#include <string.h>

#include "support/failalloc.h"
#include "support/run.h"

_Static_assert(LIION_GEM_EQUIPMENT_OFFLINE == 1 && LIION_GEM_ATTEMPT_ONLINE == 2 &&
                   LIION_GEM_HOST_OFFLINE == 3 && LIION_GEM_ONLINE_LOCAL == 4 &&
                   LIION_GEM_ONLINE_REMOTE == 5,
               "CONTROLSTATE values");
_Static_assert(LIION_GEM_COMM_DISABLED == 1 && LIION_GEM_COMM_WAIT_CRA == 2 &&
                   LIION_GEM_COMM_WAIT_DELAY == 3 && LIION_GEM_COMM_COMMUNICATING == 4 &&
                   LIION_GEM_COMM_WAIT_CR_FROM_HOST == 5,
               "comm state values");

static liion_ctx *new_ctx(void)
{
    liion_ctx *ctx = NULL;
    ck_assert_int_eq(liion_ctx_new(&ctx, NULL), LIION_OK);
    return ctx;
}

/* ---- control state ------------------------------------------------------------------- */

static liion_gem_control *ctl_in(liion_ctx *ctx, int state, uint32_t flags)
{
    liion_gem_control *c = NULL;
    if (state == LIION_GEM_ATTEMPT_ONLINE) {
        ck_assert_int_eq(liion_gem_control_new(&c, ctx, LIION_GEM_EQUIPMENT_OFFLINE, flags), LIION_OK);
        ck_assert_int_eq(liion_gem_control_apply(c, LIION_GEM_CTL_OPERATOR_ONLINE), LIION_OK);
    } else {
        ck_assert_int_eq(liion_gem_control_new(&c, ctx, (liion_gem_control_state)state, flags),
                         LIION_OK);
    }
    ck_assert_int_eq(liion_gem_control_get_state(c), state);
    return c;
}

/* [state-1][event-1]: next state, 0 = refused. Switch at LOCAL unless the state is REMOTE. */
static const int ctl_table[5][8] = {
    /*            on  s1f2 fail off loc rem hoff hon */
    /* EQ OFF  */ {2, 0, 0, 0, 1, 1, 0, 0},
    /* ATTEMPT */ {0, 4, 1, 0, 2, 2, 0, 0},
    /* HOST OFF*/ {0, 0, 0, 1, 3, 3, 0, 4},
    /* LOCAL   */ {0, 0, 0, 1, 4, 5, 3, 0},
    /* REMOTE  */ {0, 0, 0, 1, 4, 5, 3, 0},
};

START_TEST(control_every_transition)
{
    liion_ctx *ctx = new_ctx();
    for (int st = 1; st <= 5; st++) {
        for (int ev = 1; ev <= 8; ev++) {
            liion_gem_control *c = ctl_in(ctx, st, 0);
            liion_status s = liion_gem_control_apply(c, (liion_gem_control_event)ev);
            int want = ctl_table[st - 1][ev - 1];
            if (want == 0) {
                ck_assert_int_eq(s, LIION_E_STATE);
                ck_assert_int_eq(liion_gem_control_get_state(c), st);
                ck_assert_msg(strstr(liion_ctx_errmsg(ctx), liion_gem_control_state_str(
                                                                (liion_gem_control_state)st)) != NULL,
                              "message names the state: %s", liion_ctx_errmsg(ctx));
                ck_assert(strstr(liion_ctx_errmsg(ctx), "not allowed") != NULL);
            } else {
                ck_assert_int_eq(s, LIION_OK);
                ck_assert_msg((int)liion_gem_control_get_state(c) == want, "state %d event %d: %d, want %d",
                              st, ev, liion_gem_control_get_state(c), want);
            }
            liion_gem_control_free(c);
        }
    }
    liion_ctx_free(ctx);
}
END_TEST

START_TEST(control_switch_and_options)
{
    liion_ctx *ctx = new_ctx();
    liion_gem_control *c;
    uint8_t ack = 9;
    /* the switch remembered while offline decides the online substate */
    c = ctl_in(ctx, LIION_GEM_EQUIPMENT_OFFLINE, 0);
    ck_assert_int_eq(liion_gem_control_apply(c, LIION_GEM_CTL_OPERATOR_REMOTE), LIION_OK);
    ck_assert_int_eq(liion_gem_control_apply(c, LIION_GEM_CTL_OPERATOR_ONLINE), LIION_OK);
    ck_assert_int_eq(liion_gem_control_apply(c, LIION_GEM_CTL_S1F2_RECEIVED), LIION_OK);
    ck_assert_int_eq(liion_gem_control_get_state(c), LIION_GEM_ONLINE_REMOTE);
    /* S1F15 / S1F17 answers */
    ck_assert_int_eq(liion_gem_control_on_s1f17(&ack, c), LIION_OK);
    ck_assert_uint_eq(ack, 2); /* already online */
    ck_assert_int_eq(liion_gem_control_on_s1f15(&ack, c), LIION_OK);
    ck_assert_uint_eq(ack, 0);
    ck_assert_int_eq(liion_gem_control_get_state(c), LIION_GEM_HOST_OFFLINE);
    ck_assert_int_eq(liion_gem_control_on_s1f17(&ack, c), LIION_OK);
    ck_assert_uint_eq(ack, 0);
    ck_assert_int_eq(liion_gem_control_get_state(c), LIION_GEM_ONLINE_REMOTE);
    ck_assert_int_eq(liion_gem_control_apply(c, LIION_GEM_CTL_OPERATOR_OFFLINE), LIION_OK);
    ck_assert_int_eq(liion_gem_control_on_s1f17(&ack, c), LIION_OK);
    ck_assert_uint_eq(ack, 1); /* equipment offline: not allowed */
    ck_assert_int_eq(liion_gem_control_get_state(c), LIION_GEM_EQUIPMENT_OFFLINE);
    ck_assert_int_eq(liion_gem_control_on_s1f15(&ack, c), LIION_OK);
    ck_assert_int_eq(liion_gem_control_get_state(c), LIION_GEM_EQUIPMENT_OFFLINE);
    ck_assert_int_eq(liion_gem_control_on_s1f17(NULL, c), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_gem_control_apply(c, (liion_gem_control_event)99), LIION_E_INVALID_ARG);
    liion_gem_control_free(c);
    /* a failed attempt goes to HOST OFFLINE with the flag */
    c = ctl_in(ctx, LIION_GEM_ATTEMPT_ONLINE, LIION_GEM_CONTROL_FAIL_TO_HOST_OFFLINE);
    ck_assert_int_eq(liion_gem_control_apply(c, LIION_GEM_CTL_S1F1_FAILED), LIION_OK);
    ck_assert_int_eq(liion_gem_control_get_state(c), LIION_GEM_HOST_OFFLINE);
    liion_gem_control_free(c);
    /* REMOTE flag: the switch starts at REMOTE */
    c = ctl_in(ctx, LIION_GEM_HOST_OFFLINE, LIION_GEM_CONTROL_REMOTE);
    ck_assert_int_eq(liion_gem_control_apply(c, LIION_GEM_CTL_HOST_ONLINE), LIION_OK);
    ck_assert_int_eq(liion_gem_control_get_state(c), LIION_GEM_ONLINE_REMOTE);
    liion_gem_control_free(c);
    c = NULL;
    ck_assert_int_eq(liion_gem_control_new(&c, ctx, LIION_GEM_ATTEMPT_ONLINE, 0), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_gem_control_new(&c, ctx, (liion_gem_control_state)0, 0), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_gem_control_new(&c, ctx, LIION_GEM_ONLINE_LOCAL, 0x10), LIION_E_INVALID_ARG);
    ck_assert_ptr_null(c);
    ck_assert_int_eq(liion_gem_control_new(&c, NULL, LIION_GEM_ONLINE_LOCAL, 0), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_gem_control_get_state(NULL), 0);
    ck_assert_int_eq(liion_gem_control_apply(NULL, LIION_GEM_CTL_OPERATOR_LOCAL), LIION_E_INVALID_ARG);
    ck_assert_str_eq(liion_gem_control_state_str(LIION_GEM_ONLINE_REMOTE), "ONLINE REMOTE");
    ck_assert_str_eq(liion_gem_control_state_str((liion_gem_control_state)0), "unknown state");
    liion_gem_control_free(NULL);
    liion_ctx_free(ctx);
}
END_TEST

/* ---- communication state ------------------------------------------------------------- */

static liion_gem_comm *comm_in(liion_ctx *ctx, int state, uint32_t flags)
{
    liion_gem_comm *c = NULL;
    ck_assert_int_eq(liion_gem_comm_new(&c, ctx, flags), LIION_OK);
    if (state != LIION_GEM_COMM_DISABLED)
        ck_assert_int_eq(liion_gem_comm_apply(c, LIION_GEM_COMM_ENABLE), LIION_OK);
    if (state == LIION_GEM_COMM_WAIT_DELAY)
        ck_assert_int_eq(liion_gem_comm_apply(c, LIION_GEM_COMM_CR_FAILED), LIION_OK);
    if (state == LIION_GEM_COMM_COMMUNICATING)
        ck_assert_int_eq(liion_gem_comm_apply(c, LIION_GEM_COMM_CR_RECEIVED), LIION_OK);
    ck_assert_int_eq(liion_gem_comm_get_state(c), state);
    return c;
}

/* [state-1][event-1]: next state, 0 = refused. Equipment-initiated (states 1-4). */
static const int comm_table[4][8] = {
    /*          en dis fail delay msg cra cr fail */
    /* DIS   */ {2, 1, 0, 0, 0, 0, 0, 0},
    /* CRA   */ {0, 1, 3, 0, 2, 4, 4, 2},
    /* DELAY */ {0, 1, 0, 2, 2, 0, 4, 3},
    /* COMM  */ {0, 1, 0, 0, 4, 0, 4, 2},
};
/* Host-initiated: states DISABLED, WAIT CR FROM HOST, COMMUNICATING. */
static const int comm_host_table[3][9] = {
    /*  state  en dis fail delay msg cra cr fail */
    {1, 5, 1, 0, 0, 0, 0, 0, 0},
    {5, 0, 1, 0, 0, 5, 0, 4, 5},
    {4, 0, 1, 0, 0, 4, 0, 4, 5},
};

START_TEST(comm_every_transition)
{
    liion_ctx *ctx = new_ctx();
    for (int st = 1; st <= 4; st++) {
        for (int ev = 1; ev <= 8; ev++) {
            liion_gem_comm *c = comm_in(ctx, st, 0);
            liion_status s = liion_gem_comm_apply(c, (liion_gem_comm_event)ev);
            int want = comm_table[st - 1][ev - 1];
            if (want == 0) {
                ck_assert_int_eq(s, LIION_E_STATE);
                ck_assert_int_eq(liion_gem_comm_get_state(c), st);
                ck_assert(strstr(liion_ctx_errmsg(ctx),
                                 liion_gem_comm_state_str((liion_gem_comm_state)st)) != NULL);
            } else {
                ck_assert_int_eq(s, LIION_OK);
                ck_assert_msg((int)liion_gem_comm_get_state(c) == want, "state %d event %d: %d, want %d",
                              st, ev, liion_gem_comm_get_state(c), want);
            }
            liion_gem_comm_free(c);
        }
    }
    for (int row = 0; row < 3; row++) {
        for (int ev = 1; ev <= 8; ev++) {
            liion_gem_comm *c = NULL;
            int st = comm_host_table[row][0], want = comm_host_table[row][ev];
            liion_status s;
            ck_assert_int_eq(liion_gem_comm_new(&c, ctx, LIION_GEM_COMM_HOST_INITIATED), LIION_OK);
            if (st != LIION_GEM_COMM_DISABLED)
                ck_assert_int_eq(liion_gem_comm_apply(c, LIION_GEM_COMM_ENABLE), LIION_OK);
            if (st == LIION_GEM_COMM_COMMUNICATING)
                ck_assert_int_eq(liion_gem_comm_apply(c, LIION_GEM_COMM_CR_RECEIVED), LIION_OK);
            ck_assert_int_eq(liion_gem_comm_get_state(c), st);
            s = liion_gem_comm_apply(c, (liion_gem_comm_event)ev);
            ck_assert_int_eq(s, want ? LIION_OK : LIION_E_STATE);
            ck_assert_int_eq(liion_gem_comm_get_state(c), want ? want : st);
            liion_gem_comm_free(c);
        }
    }
    liion_ctx_free(ctx);
}
END_TEST

START_TEST(comm_options_and_misuse)
{
    liion_ctx *ctx = new_ctx();
    liion_gem_comm *c = NULL;
    ck_assert_int_eq(liion_gem_comm_new(&c, ctx, LIION_GEM_COMM_START_ENABLED), LIION_OK);
    ck_assert_int_eq(liion_gem_comm_get_state(c), LIION_GEM_COMM_WAIT_CRA);
    liion_gem_comm_free(c);
    ck_assert_int_eq(liion_gem_comm_new(&c, ctx, LIION_GEM_COMM_START_ENABLED | LIION_GEM_COMM_HOST_INITIATED),
                     LIION_OK);
    ck_assert_int_eq(liion_gem_comm_get_state(c), LIION_GEM_COMM_WAIT_CR_FROM_HOST);
    ck_assert_int_eq(liion_gem_comm_apply(c, (liion_gem_comm_event)0), LIION_E_INVALID_ARG);
    liion_gem_comm_free(c);
    c = NULL;
    ck_assert_int_eq(liion_gem_comm_new(&c, ctx, 4), LIION_E_INVALID_ARG);
    ck_assert_ptr_null(c);
    ck_assert_int_eq(liion_gem_comm_apply(NULL, LIION_GEM_COMM_ENABLE), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_gem_comm_get_state(NULL), 0);
    ck_assert_str_eq(liion_gem_comm_state_str(LIION_GEM_COMM_WAIT_CRA), "WAIT CRA");
    ck_assert_str_eq(liion_gem_comm_state_str((liion_gem_comm_state)77), "unknown state");
    liion_gem_comm_free(NULL);
    liion_ctx_free(ctx);
}
END_TEST

/* ---- messages ------------------------------------------------------------------------ */

START_TEST(s1f13_s1f14_vectors)
{
    liion_ctx *ctx = new_ctx();
    uint8_t buf[64];
    size_t w = 0;
    int has = -1;
    uint8_t ack = 9;
    /* T29 (secsgem): L[2] <A "MDLN1"> <A "SOFTREV1"> */
    static const uint8_t t29[] = {0x01, 0x02, 0x41, 0x05, 0x4d, 0x44, 0x4c, 0x4e, 0x31, 0x41,
                                  0x08, 0x53, 0x4f, 0x46, 0x54, 0x52, 0x45, 0x56, 0x31};
    ck_assert_int_eq(liion_gem_s1f13_encode(buf, sizeof buf, &w, ctx, "MDLN1", 5, "SOFTREV1", 8),
                     LIION_OK);
    ck_assert_uint_eq(w, sizeof t29);
    ck_assert_mem_eq(buf, t29, sizeof t29);
    ck_assert_int_eq(liion_gem_s1f13_decode(&has, ctx, buf, w), LIION_OK);
    ck_assert_int_eq(has, 1);
    ck_assert_int_eq(liion_gem_s1f13_encode(buf, 4, &w, ctx, "MDLN1", 5, "SOFTREV1", 8),
                     LIION_E_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(w, sizeof t29);
    /* host form: L[0] */
    ck_assert_int_eq(liion_gem_s1f13_encode(buf, sizeof buf, &w, ctx, NULL, 0, NULL, 0), LIION_OK);
    ck_assert_uint_eq(w, 2);
    ck_assert_uint_eq(buf[0], 0x01);
    ck_assert_uint_eq(buf[1], 0x00);
    ck_assert_int_eq(liion_gem_s1f13_decode(&has, ctx, buf, w), LIION_OK);
    ck_assert_int_eq(has, 0);
    /* S1F14: L[2] <B 0> L[2] <A> <A> */
    ck_assert_int_eq(liion_gem_s1f14_encode(buf, sizeof buf, &w, ctx, 0, "MDLN1", 5, "SOFTREV1", 8),
                     LIION_OK);
    ck_assert_uint_eq(w, 5 + sizeof t29);
    ck_assert_uint_eq(buf[0], 0x01);
    ck_assert_uint_eq(buf[1], 0x02);
    ck_assert_uint_eq(buf[2], 0x21);
    ck_assert_uint_eq(buf[3], 0x01);
    ck_assert_uint_eq(buf[4], 0x00);
    ck_assert_mem_eq(buf + 5, t29, sizeof t29);
    ck_assert_int_eq(liion_gem_s1f14_decode(&ack, ctx, buf, w), LIION_OK);
    ck_assert_uint_eq(ack, 0);
    ck_assert_int_eq(liion_gem_s1f14_encode(buf, sizeof buf, &w, ctx, 1, NULL, 0, NULL, 0), LIION_OK);
    ck_assert_uint_eq(w, 7);
    ck_assert_int_eq(liion_gem_s1f14_decode(&ack, ctx, buf, w), LIION_OK);
    ck_assert_uint_eq(ack, 1);
    liion_ctx_free(ctx);
}
END_TEST

START_TEST(s1f13_s1f14_negative)
{
    liion_ctx *ctx = new_ctx();
    uint8_t ack;
    int has;
    static const uint8_t a_item[] = {0x41, 0x00};
    static const uint8_t l1[] = {0x01, 0x01, 0x41, 0x00};
    static const uint8_t l2_u1[] = {0x01, 0x02, 0xa5, 0x01, 0x00, 0x01, 0x00};
    static const uint8_t l2_bad_ids[] = {0x01, 0x02, 0x21, 0x01, 0x00, 0x01, 0x01, 0x41, 0x00};
    static const uint8_t trailing[] = {0x01, 0x00, 0x00};
    static const uint8_t truncated[] = {0x01, 0x02, 0x41};
    ck_assert_int_eq(liion_gem_s1f13_decode(&has, ctx, a_item, sizeof a_item), LIION_E_DECODE);
    ck_assert(strstr(liion_ctx_errmsg(ctx), "S1F13") != NULL);
    ck_assert_int_eq(liion_gem_s1f13_decode(&has, ctx, l1, sizeof l1), LIION_E_DECODE);
    ck_assert_int_eq(liion_gem_s1f13_decode(&has, ctx, trailing, sizeof trailing), LIION_E_DECODE);
    ck_assert_uint_eq(liion_ctx_error_offset(ctx), 2);
    ck_assert_int_ne(liion_gem_s1f13_decode(&has, ctx, truncated, sizeof truncated), LIION_OK);
    ck_assert_int_eq(liion_gem_s1f13_decode(&has, ctx, NULL, 0), LIION_E_DECODE);
    ck_assert_int_eq(liion_gem_s1f14_decode(&ack, ctx, l2_u1, sizeof l2_u1), LIION_E_DECODE);
    ck_assert(strstr(liion_ctx_errmsg(ctx), "COMMACK") != NULL);
    ck_assert_int_eq(liion_gem_s1f14_decode(&ack, ctx, l2_bad_ids, sizeof l2_bad_ids), LIION_E_DECODE);
    ck_assert_int_eq(liion_gem_s1f14_decode(&ack, ctx, l1, sizeof l1), LIION_E_DECODE);
    ck_assert_int_eq(liion_gem_s1f14_decode(NULL, ctx, l1, sizeof l1), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_gem_s1f13_encode(NULL, 0, NULL, ctx, NULL, 0, NULL, 0), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_gem_s1f13_encode(NULL, 0, &(size_t){0}, ctx, NULL, 3, NULL, 0),
                     LIION_E_INVALID_ARG);
    liion_ctx_free(ctx);
}
END_TEST

START_TEST(ack_bodies)
{
    liion_ctx *ctx = new_ctx();
    uint8_t buf[8], ack = 0;
    size_t w = 0;
    static const uint8_t nonminimal[] = {0x22, 0x00, 0x01, 0x05}; /* E5 allows 2 length bytes */
    static const uint8_t u1[] = {0xa5, 0x01, 0x07};
    static const uint8_t b2[] = {0x21, 0x02, 0x00, 0x00};
    static const uint8_t a1[] = {0x41, 0x01, 0x30};
    static const uint8_t extra[] = {0x21, 0x01, 0x00, 0x00};
    ck_assert_int_eq(liion_gem_ack_encode(buf, sizeof buf, &w, ctx, 4), LIION_OK);
    ck_assert_uint_eq(w, 3);
    ck_assert_uint_eq(buf[0], 0x21);
    ck_assert_uint_eq(buf[1], 0x01);
    ck_assert_uint_eq(buf[2], 0x04);
    ck_assert_int_eq(liion_gem_ack_decode(&ack, ctx, buf, w), LIION_OK);
    ck_assert_uint_eq(ack, 4);
    ck_assert_int_eq(liion_gem_ack_encode(buf, 2, &w, ctx, 4), LIION_E_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(w, 3);
    ck_assert_int_eq(liion_gem_ack_decode(&ack, ctx, nonminimal, sizeof nonminimal), LIION_OK);
    ck_assert_uint_eq(ack, 5);
    ck_assert_int_eq(liion_gem_ack_decode(&ack, ctx, u1, sizeof u1), LIION_OK);
    ck_assert_uint_eq(ack, 7);
    ck_assert_int_eq(liion_gem_ack_decode(&ack, ctx, b2, sizeof b2), LIION_E_DECODE);
    ck_assert_int_eq(liion_gem_ack_decode(&ack, ctx, a1, sizeof a1), LIION_E_DECODE);
    ck_assert_int_eq(liion_gem_ack_decode(&ack, ctx, extra, sizeof extra), LIION_E_DECODE);
    ck_assert_uint_eq(liion_ctx_error_offset(ctx), 3);
    ck_assert_int_eq(liion_gem_ack_decode(&ack, ctx, buf, 2), LIION_E_TRUNCATED);
    ck_assert_int_eq(liion_gem_ack_decode(&ack, ctx, NULL, 0), LIION_E_DECODE);
    ck_assert_int_eq(liion_gem_ack_decode(NULL, ctx, buf, 3), LIION_E_INVALID_ARG);
    liion_ctx_free(ctx);
}
END_TEST

static liion_status body_alloc(const liion_allocator *hooks, void *user)
{
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *ctx = NULL;
    liion_gem_control *c = NULL;
    liion_gem_comm *m = NULL;
    uint8_t buf[64], ack = 0;
    size_t w = 0;
    int has = 0;
    liion_status s;
    (void)user;
    o.allocator = hooks;
    s = liion_ctx_new(&ctx, &o);
    if (s != LIION_OK)
        return s;
    s = liion_gem_control_new(&c, ctx, LIION_GEM_ONLINE_LOCAL, 0);
    if (s == LIION_OK)
        s = liion_gem_comm_new(&m, ctx, 0);
    if (s == LIION_OK)
        s = liion_gem_s1f14_encode(buf, sizeof buf, &w, ctx, 0, "M", 1, "S", 1);
    if (s == LIION_OK)
        s = liion_gem_s1f14_decode(&ack, ctx, buf, w);
    if (s == LIION_OK)
        s = liion_gem_s1f13_encode(buf, sizeof buf, &w, ctx, "M", 1, "S", 1);
    if (s == LIION_OK)
        s = liion_gem_s1f13_decode(&has, ctx, buf, w);
    liion_gem_control_free(c);
    liion_gem_comm_free(m);
    liion_ctx_free(ctx);
    return s;
}

START_TEST(alloc_failures)
{
    ck_assert_uint_gt(liion_test_alloc_loop("gem models and S1F13/F14", body_alloc, NULL), 3);
}
END_TEST

static Suite *gem_suite(void)
{
    Suite *s = suite_create("gem");
    TCase *tc = tcase_create("state");
    tcase_add_test(tc, control_every_transition);
    tcase_add_test(tc, control_switch_and_options);
    tcase_add_test(tc, comm_every_transition);
    tcase_add_test(tc, comm_options_and_misuse);
    suite_add_tcase(s, tc);
    tc = tcase_create("messages");
    tcase_add_test(tc, s1f13_s1f14_vectors);
    tcase_add_test(tc, s1f13_s1f14_negative);
    tcase_add_test(tc, ack_bodies);
    tcase_add_test(tc, alloc_failures);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return liion_test_run(gem_suite());
}
