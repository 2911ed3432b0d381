/* GEM300 state models (E40 process job, E94 control job, E87 load port transfer state and
 * carrier, E90 substrate and location) and messages (S3F17/F18, S16F11/F12, S16F5/F6,
 * S14F9/F10: hand-checked vectors, round trips, bad structure with offsets). Every legal
 * transition (state before, event, state after, transition number) from an independent table,
 * every other (state, event) pair refused with LIION_E_STATE and a message naming both, the
 * standard's numeric values, misuse, and allocation failures. Includes only <liion/liion.h>. */
#include <liion/liion.h>

#include <check.h>
#include <stdio.h>
#include <string.h>

#include "support/failalloc.h"
#include "support/testutil.h"
#include "support/run.h"

/* PRJobState values (E40-0705) and CJState values (E94-0306) */
_Static_assert(LIION_E40_QUEUED == 0 && LIION_E40_SETTING_UP == 1 &&
                   LIION_E40_WAITING_FOR_START == 2 && LIION_E40_PROCESSING == 3 &&
                   LIION_E40_PROCESS_COMPLETE == 4 && LIION_E40_PAUSING == 6 &&
                   LIION_E40_PAUSED == 7 && LIION_E40_STOPPING == 8 && LIION_E40_ABORTING == 9 &&
                   LIION_E40_STOPPED == 10 && LIION_E40_ABORTED == 11,
               "PRJobState values");
_Static_assert(LIION_E94_QUEUED == 0 && LIION_E94_SELECTED == 1 &&
                   LIION_E94_WAITING_FOR_START == 2 && LIION_E94_EXECUTING == 3 &&
                   LIION_E94_PAUSED == 4 && LIION_E94_COMPLETED == 5,
               "CJState values");

static liion_ctx *new_ctx(void)
{
    liion_ctx *ctx = NULL;
    ck_assert_int_eq(liion_ctx_new(&ctx, NULL), LIION_OK);
    return ctx;
}

static void check_refused(liion_ctx *ctx, liion_status s, const char *state, const char *event)
{
    const char *m = liion_ctx_errmsg(ctx);
    ck_assert_int_eq(s, LIION_E_STATE);
    ck_assert_msg(strstr(m, state) != NULL, "message names the state %s: %s", state, m);
    ck_assert_msg(strstr(m, event) != NULL, "message names the event %s: %s", event, m);
    ck_assert_msg(strstr(m, "not allowed") != NULL, "%s", m);
}

/* ---- E40 ------------------------------------------------------------------------------- */

#define E40_NSTATES 12
#define E40_NEVENTS 13
static const int e40_states[E40_NSTATES] = {0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 255};

enum { SU = LIION_E40_EV_SETUP, SD = LIION_E40_EV_SETUP_DONE, ST = LIION_E40_EV_START,
       PD = LIION_E40_EV_PROCESS_DONE, PA = LIION_E40_EV_PAUSE, PAD = LIION_E40_EV_PAUSE_DONE,
       RE = LIION_E40_EV_RESUME, SP = LIION_E40_EV_STOP, SPD = LIION_E40_EV_STOP_DONE,
       AB = LIION_E40_EV_ABORT, ABD = LIION_E40_EV_ABORT_DONE, CA = LIION_E40_EV_CANCEL,
       RM = LIION_E40_EV_REMOVE };

/* events leading from QUEUED to each state (without auto start; pauses from PROCESSING) */
static const struct { int state; int path[6]; } e40_paths[E40_NSTATES] = {
    {0, {0}},
    {1, {SU, 0}},
    {2, {SU, SD, 0}},
    {3, {SU, SD, ST, 0}},
    {4, {SU, SD, ST, PD, 0}},
    {6, {SU, SD, ST, PA, 0}},
    {7, {SU, SD, ST, PA, PAD, 0}},
    {8, {SU, SD, ST, SP, 0}},
    {9, {SU, SD, ST, AB, 0}},
    {10, {SU, SD, ST, SP, SPD, 0}},
    {11, {SU, SD, ST, AB, ABD, 0}},
    {255, {CA, 0}},
};

/* The legal transitions: state before, event, state after, transition number. */
static const struct { int from, ev, to, tn; } e40_legal[] = {
    {0, SU, 1, 2},    {0, CA, 255, 18},
    {1, SD, 2, 3},    {1, PA, 6, 8},     {1, SP, 8, 11},  {1, AB, 9, 13},
    {2, ST, 3, 5},    {2, PA, 6, 8},     {2, SP, 8, 11},  {2, AB, 9, 13},
    {3, PD, 4, 6},    {3, PA, 6, 8},     {3, SP, 8, 11},  {3, AB, 9, 13},
    {4, RM, 255, 7},
    {6, PAD, 7, 9},   {6, RE, 3, 10},    {6, SP, 8, 12},  {6, AB, 9, 15},
    {7, RE, 3, 10},   {7, SP, 8, 12},    {7, AB, 9, 15},
    {8, SPD, 10, 17}, {8, AB, 9, 14},
    {9, ABD, 11, 16},
    {10, RM, 255, 7},
    {11, RM, 255, 7},
};

static liion_e40_job *e40_in(liion_ctx *ctx, int state, uint32_t flags)
{
    liion_e40_job *j = NULL;
    ck_assert_int_eq(liion_e40_job_new(&j, ctx, flags), LIION_OK);
    for (int i = 0; i < E40_NSTATES; i++) {
        if (e40_paths[i].state != state)
            continue;
        for (int k = 0; e40_paths[i].path[k] != 0; k++)
            ck_assert_int_eq(liion_e40_job_apply(NULL, j, (liion_e40_event)e40_paths[i].path[k]),
                             LIION_OK);
    }
    ck_assert_int_eq(liion_e40_job_get_state(j), state);
    return j;
}

START_TEST(e40_every_pair)
{
    liion_ctx *ctx = new_ctx();
    int legal_seen = 0;
    for (int si = 0; si < E40_NSTATES; si++) {
        int st = e40_states[si];
        for (int ev = 1; ev <= E40_NEVENTS; ev++) {
            liion_e40_job *j = e40_in(ctx, st, 0);
            uint32_t tn = 99;
            liion_status s = liion_e40_job_apply(&tn, j, (liion_e40_event)ev);
            int want = -1;
            for (size_t k = 0; k < sizeof e40_legal / sizeof e40_legal[0]; k++)
                if (e40_legal[k].from == st && e40_legal[k].ev == ev)
                    want = (int)k;
            if (want < 0) {
                check_refused(ctx, s, liion_e40_state_str((liion_e40_state)st),
                              liion_e40_event_str((liion_e40_event)ev));
                ck_assert_uint_eq(tn, 0);
                ck_assert_int_eq(liion_e40_job_get_state(j), st);
            } else {
                ck_assert_msg(s == LIION_OK, "state %d event %d refused: %s", st, ev,
                              liion_ctx_errmsg(ctx));
                ck_assert_int_eq(liion_e40_job_get_state(j), e40_legal[want].to);
                ck_assert_uint_eq(tn, (uint32_t)e40_legal[want].tn);
                ck_assert_str_eq(liion_ctx_errmsg(ctx), "no error");
                legal_seen++;
            }
            liion_e40_job_free(j);
        }
    }
    ck_assert_int_eq(legal_seen, (int)(sizeof e40_legal / sizeof e40_legal[0]));
    liion_ctx_free(ctx);
}
END_TEST

START_TEST(e40_auto_start_and_resume_target)
{
    liion_ctx *ctx = new_ctx();
    uint32_t tn = 0;
    liion_e40_job *j = e40_in(ctx, LIION_E40_SETTING_UP, LIION_E40_AUTO_START);
    ck_assert_int_eq(liion_e40_job_apply(&tn, j, LIION_E40_EV_SETUP_DONE), LIION_OK);
    ck_assert_uint_eq(tn, 4);
    ck_assert_int_eq(liion_e40_job_get_state(j), LIION_E40_PROCESSING);
    liion_e40_job_free(j);
    /* RESUME returns to the executing substate the PAUSE came from (transition 10) */
    for (int from = LIION_E40_SETTING_UP; from <= LIION_E40_PROCESSING; from++) {
        for (int paused = 0; paused < 2; paused++) {
            j = e40_in(ctx, from, 0);
            ck_assert_int_eq(liion_e40_job_apply(&tn, j, LIION_E40_EV_PAUSE), LIION_OK);
            ck_assert_uint_eq(tn, 8);
            if (paused) {
                ck_assert_int_eq(liion_e40_job_apply(&tn, j, LIION_E40_EV_PAUSE_DONE), LIION_OK);
                ck_assert_int_eq(liion_e40_job_get_state(j), LIION_E40_PAUSED);
            }
            ck_assert_int_eq(liion_e40_job_apply(&tn, j, LIION_E40_EV_RESUME), LIION_OK);
            ck_assert_uint_eq(tn, 10);
            ck_assert_int_eq(liion_e40_job_get_state(j), from);
            liion_e40_job_free(j);
        }
    }
    /* a full coating run: 2, 3, 5, 6, 7 */
    {
        static const int evs[] = {SU, SD, ST, PD, RM};
        static const uint32_t tns[] = {2, 3, 5, 6, 7};
        ck_assert_int_eq(liion_e40_job_new(&j, ctx, 0), LIION_OK);
        for (int i = 0; i < 5; i++) {
            ck_assert_int_eq(liion_e40_job_apply(&tn, j, (liion_e40_event)evs[i]), LIION_OK);
            ck_assert_uint_eq(tn, tns[i]);
        }
        ck_assert_int_eq(liion_e40_job_get_state(j), LIION_E40_REMOVED);
        ck_assert_int_eq(liion_e40_job_apply(&tn, j, LIION_E40_EV_START), LIION_E_STATE);
        ck_assert_str_eq(liion_ctx_errmsg(ctx),
                         "e40 process job: event START not allowed in state REMOVED (255)");
        liion_e40_job_free(j);
    }
    j = e40_in(ctx, LIION_E40_QUEUED, 0);
    ck_assert_int_eq(liion_e40_job_apply(&tn, j, LIION_E40_EV_START), LIION_E_STATE);
    ck_assert_str_eq(liion_ctx_errmsg(ctx),
                     "e40 process job: event START not allowed in state QUEUED/POOLED (0)");
    liion_e40_job_free(j);
    liion_ctx_free(ctx);
}
END_TEST

START_TEST(e40_misuse)
{
    liion_ctx *ctx = new_ctx();
    liion_e40_job *j = (liion_e40_job *)1;
    uint32_t tn = 5;
    ck_assert_int_eq(liion_e40_job_new(&j, ctx, 2), LIION_E_INVALID_ARG);
    ck_assert_ptr_null(j);
    ck_assert(strstr(liion_ctx_errmsg(ctx), "unknown flag") != NULL);
    ck_assert_int_eq(liion_e40_job_new(NULL, ctx, 0), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_e40_job_new(&j, NULL, 0), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_e40_job_new(&j, ctx, 0), LIION_OK);
    ck_assert_int_eq(liion_e40_job_apply(&tn, j, (liion_e40_event)0), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_e40_job_apply(&tn, j, (liion_e40_event)14), LIION_E_INVALID_ARG);
    ck_assert(strstr(liion_ctx_errmsg(ctx), "unknown event 14") != NULL);
    ck_assert_uint_eq(tn, 0);
    ck_assert_int_eq(liion_e40_job_get_state(j), LIION_E40_QUEUED);
    ck_assert_int_eq(liion_e40_job_apply(&tn, NULL, LIION_E40_EV_SETUP), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_e40_job_get_state(NULL), LIION_E40_QUEUED);
    liion_e40_job_free(j);
    liion_e40_job_free(NULL);
    ck_assert_str_eq(liion_e40_state_str(LIION_E40_WAITING_FOR_START), "WAITING FOR START");
    ck_assert_str_eq(liion_e40_state_str((liion_e40_state)5), "unknown state");
    ck_assert_str_eq(liion_e40_event_str(LIION_E40_EV_CANCEL), "CANCEL");
    ck_assert_str_eq(liion_e40_event_str((liion_e40_event)0), "unknown event");
    liion_ctx_free(ctx);
}
END_TEST

/* ---- E94 ------------------------------------------------------------------------------- */

#define E94_NSTATES 7
#define E94_NEVENTS 12
static const int e94_states[E94_NSTATES] = {0, 1, 2, 3, 4, 5, 255};

enum { SEL = LIION_E94_EV_SELECT, DES = LIION_E94_EV_DESELECT,
       MAT = LIION_E94_EV_MATERIAL_ARRIVED, CST = LIION_E94_EV_START, CPA = LIION_E94_EV_PAUSE,
       CRE = LIION_E94_EV_RESUME, CPD = LIION_E94_EV_PROCESS_DONE, CSP = LIION_E94_EV_STOP,
       CAB = LIION_E94_EV_ABORT, CCA = LIION_E94_EV_CANCEL, HOQ = LIION_E94_EV_HOQ,
       CRM = LIION_E94_EV_REMOVE };

static const struct { int state; int path[5]; } e94_paths[E94_NSTATES] = {
    {0, {0}},
    {1, {SEL, 0}},
    {2, {SEL, MAT, 0}},
    {3, {SEL, MAT, CST, 0}},
    {4, {SEL, MAT, CST, CPA, 0}},
    {5, {SEL, MAT, CST, CPD, 0}},
    {255, {CCA, 0}},
};

static const struct { int from, ev, to, tn; } e94_legal[] = {
    {0, SEL, 1, 3},  {0, CSP, 255, 2}, {0, CAB, 255, 2}, {0, CCA, 255, 2}, {0, HOQ, 0, 0},
    {1, DES, 0, 4},  {1, MAT, 2, 6},   {1, CSP, 5, 11},  {1, CAB, 5, 12},
    {2, CST, 3, 7},  {2, CSP, 5, 11},  {2, CAB, 5, 12},
    {3, CPA, 4, 8},  {3, CPD, 5, 10},  {3, CSP, 5, 11},  {3, CAB, 5, 12},
    {4, CRE, 3, 9},  {4, CSP, 5, 11},  {4, CAB, 5, 12},
    {5, CRM, 255, 13},
};

static liion_e94_job *e94_in(liion_ctx *ctx, int state, uint32_t flags)
{
    liion_e94_job *j = NULL;
    ck_assert_int_eq(liion_e94_job_new(&j, ctx, flags), LIION_OK);
    for (int i = 0; i < E94_NSTATES; i++) {
        if (e94_paths[i].state != state)
            continue;
        for (int k = 0; e94_paths[i].path[k] != 0; k++)
            ck_assert_int_eq(liion_e94_job_apply(NULL, j, (liion_e94_event)e94_paths[i].path[k]),
                             LIION_OK);
    }
    ck_assert_int_eq(liion_e94_job_get_state(j), state);
    return j;
}

START_TEST(e94_every_pair)
{
    liion_ctx *ctx = new_ctx();
    int legal_seen = 0;
    for (int si = 0; si < E94_NSTATES; si++) {
        int st = e94_states[si];
        for (int ev = 1; ev <= E94_NEVENTS; ev++) {
            liion_e94_job *j = e94_in(ctx, st, 0);
            uint32_t tn = 99;
            liion_status s = liion_e94_job_apply(&tn, j, (liion_e94_event)ev);
            int want = -1;
            for (size_t k = 0; k < sizeof e94_legal / sizeof e94_legal[0]; k++)
                if (e94_legal[k].from == st && e94_legal[k].ev == ev)
                    want = (int)k;
            if (want < 0) {
                check_refused(ctx, s, liion_e94_state_str((liion_e94_state)st),
                              liion_e94_event_str((liion_e94_event)ev));
                ck_assert_uint_eq(tn, 0);
                ck_assert_int_eq(liion_e94_job_get_state(j), st);
            } else {
                ck_assert_msg(s == LIION_OK, "state %d event %d refused: %s", st, ev,
                              liion_ctx_errmsg(ctx));
                ck_assert_int_eq(liion_e94_job_get_state(j), e94_legal[want].to);
                ck_assert_uint_eq(tn, (uint32_t)e94_legal[want].tn);
                legal_seen++;
            }
            liion_e94_job_free(j);
        }
    }
    ck_assert_int_eq(legal_seen, (int)(sizeof e94_legal / sizeof e94_legal[0]));
    liion_ctx_free(ctx);
}
END_TEST

START_TEST(e94_auto_start_and_misuse)
{
    liion_ctx *ctx = new_ctx();
    uint32_t tn = 0;
    liion_e94_job *j = e94_in(ctx, LIION_E94_SELECTED, LIION_E94_AUTO_START);
    ck_assert_int_eq(liion_e94_job_apply(&tn, j, LIION_E94_EV_MATERIAL_ARRIVED), LIION_OK);
    ck_assert_uint_eq(tn, 5); /* E94: 5 SELECTED -> EXECUTING (auto start) */
    ck_assert_int_eq(liion_e94_job_get_state(j), LIION_E94_EXECUTING);
    ck_assert_int_eq(liion_e94_job_apply(&tn, j, LIION_E94_EV_START), LIION_E_STATE);
    ck_assert_str_eq(liion_ctx_errmsg(ctx),
                     "e94 control job: event CJStart not allowed in state EXECUTING (3)");
    ck_assert_int_eq(liion_e94_job_apply(&tn, j, (liion_e94_event)13), LIION_E_INVALID_ARG);
    ck_assert(strstr(liion_ctx_errmsg(ctx), "unknown event 13") != NULL);
    liion_e94_job_free(j);
    j = (liion_e94_job *)1;
    ck_assert_int_eq(liion_e94_job_new(&j, ctx, 4), LIION_E_INVALID_ARG);
    ck_assert_ptr_null(j);
    ck_assert_int_eq(liion_e94_job_new(NULL, ctx, 0), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_e94_job_new(&j, NULL, 0), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_e94_job_apply(&tn, NULL, LIION_E94_EV_SELECT), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_e94_job_get_state(NULL), LIION_E94_QUEUED);
    liion_e94_job_free(NULL);
    ck_assert_str_eq(liion_e94_state_str(LIION_E94_COMPLETED), "COMPLETED");
    ck_assert_str_eq(liion_e94_state_str((liion_e94_state)6), "unknown state");
    ck_assert_str_eq(liion_e94_event_str(LIION_E94_EV_HOQ), "CJHOQ");
    ck_assert_str_eq(liion_e94_event_str((liion_e94_event)0), "unknown event");
    liion_ctx_free(ctx);
}
END_TEST

/* ---- E87 load port transfer state ------------------------------------------------------ */

_Static_assert(LIION_E87_OUT_OF_SERVICE == 0 && LIION_E87_TRANSFER_BLOCKED == 1 &&
                   LIION_E87_READY_TO_LOAD == 2 && LIION_E87_READY_TO_UNLOAD == 3 &&
                   LIION_E87_IN_SERVICE == 4 && LIION_E87_TRANSFER_READY == 5,
               "E87 LTS values");

enum { OOS_EV = LIION_E87_EV_OUT_OF_SERVICE, ISB = LIION_E87_EV_IN_SERVICE_BLOCKED,
       ISL = LIION_E87_EV_IN_SERVICE_LOAD, ISU = LIION_E87_EV_IN_SERVICE_UNLOAD,
       TRS = LIION_E87_EV_TRANSFER_STARTED, RTL = LIION_E87_EV_READY_TO_LOAD,
       RTU = LIION_E87_EV_READY_TO_UNLOAD, FTL = LIION_E87_EV_FAILED_TO_LOAD,
       FTU = LIION_E87_EV_FAILED_TO_UNLOAD };

/* state before, event, state after, transition numbers in order (0-terminated) */
static const struct { int from, ev, to; uint32_t tn[4]; } e87_legal[] = {
    {0, ISB, 1, {2, 4, 0}}, {0, ISL, 2, {2, 4, 5, 0}}, {0, ISU, 3, {2, 4, 5, 0}},
    {1, OOS_EV, 0, {3, 0}}, {1, RTL, 2, {8, 0}},      {1, RTU, 3, {9, 0}},
    {1, FTL, 2, {10, 5, 0}}, {1, FTU, 3, {10, 5, 0}},
    {2, OOS_EV, 0, {3, 0}}, {2, TRS, 1, {6, 0}},
    {3, OOS_EV, 0, {3, 0}}, {3, TRS, 1, {7, 0}},
};

START_TEST(e87_every_pair)
{
    liion_ctx *ctx = new_ctx();
    int legal_seen = 0;
    for (int st = 0; st <= 3; st++) {
        for (int ev = 1; ev <= 9; ev++) {
            liion_e87_port *p = NULL;
            uint32_t tn[LIION_E87_MAX_TRANSITIONS] = {99, 99, 99};
            size_t n = 99;
            liion_status s;
            int want = -1;
            ck_assert_int_eq(liion_e87_port_new(&p, ctx, (liion_e87_lts_state)st), LIION_OK);
            s = liion_e87_port_apply(tn, &n, p, (liion_e87_lts_event)ev);
            for (size_t k = 0; k < sizeof e87_legal / sizeof e87_legal[0]; k++)
                if (e87_legal[k].from == st && e87_legal[k].ev == ev)
                    want = (int)k;
            if (want < 0) {
                check_refused(ctx, s, liion_e87_lts_state_str((liion_e87_lts_state)st),
                              liion_e87_lts_event_str((liion_e87_lts_event)ev));
                ck_assert_uint_eq(n, 0);
                ck_assert_int_eq(liion_e87_port_get_state(p), st);
            } else {
                size_t len = 0;
                ck_assert_msg(s == LIION_OK, "state %d event %d refused: %s", st, ev,
                              liion_ctx_errmsg(ctx));
                ck_assert_int_eq(liion_e87_port_get_state(p), e87_legal[want].to);
                while (e87_legal[want].tn[len] != 0)
                    len++;
                ck_assert_uint_eq(n, len);
                for (size_t i = 0; i < len; i++)
                    ck_assert_uint_eq(tn[i], e87_legal[want].tn[i]);
                legal_seen++;
            }
            liion_e87_port_free(p);
        }
    }
    ck_assert_int_eq(legal_seen, (int)(sizeof e87_legal / sizeof e87_legal[0]));
    liion_ctx_free(ctx);
}
END_TEST

/* Access mode, reservation and association (E87 AMS, LRS, LCAS as numbered in MosaicLibCS
 * E087.cs): every (state of the three models, LTS state, event) against a table. */
START_TEST(e87_port_models_every_pair)
{
    liion_ctx *ctx = new_ctx();
    static const struct {
        int ev, model; /* 0 AMS, 1 LRS, 2 LCAS */
        int from, to;
        uint32_t tn;
    } legal[] = {
        { LIION_E87_PEV_SET_AUTO, 0, LIION_E87_MANUAL, LIION_E87_AUTO, 2 },
        { LIION_E87_PEV_SET_MANUAL, 0, LIION_E87_AUTO, LIION_E87_MANUAL, 3 },
        { LIION_E87_PEV_RESERVE, 1, LIION_E87_NOT_RESERVED, LIION_E87_RESERVED, 2 },
        { LIION_E87_PEV_CANCEL_RESERVATION, 1, LIION_E87_RESERVED, LIION_E87_NOT_RESERVED, 3 },
        { LIION_E87_PEV_ASSOCIATE, 2, LIION_E87_NOT_ASSOCIATED, LIION_E87_ASSOCIATED, 2 },
        { LIION_E87_PEV_DISASSOCIATE, 2, LIION_E87_ASSOCIATED, LIION_E87_NOT_ASSOCIATED, 3 },
        { LIION_E87_PEV_REASSOCIATE, 2, LIION_E87_ASSOCIATED, LIION_E87_ASSOCIATED, 4 },
    };
    size_t allowed = 0, refused = 0;
    for (int lts = 0; lts <= 3; lts++)
        for (int ams = 0; ams <= 1; ams++)
            for (int lrs = 0; lrs <= 1; lrs++)
                for (int lcas = 0; lcas <= 1; lcas++)
                    for (int ev = 1; ev <= 7; ev++) {
                        liion_e87_port *p = NULL;
                        uint32_t t = 99, setup;
                        int cur[3], want = -1;
                        liion_status st;
                        ck_assert_int_eq(
                            liion_e87_port_new(&p, ctx, (liion_e87_lts_state)lts), LIION_OK);
                        ck_assert_int_eq(liion_e87_port_access_mode(p), LIION_E87_MANUAL);
                        ck_assert_int_eq(liion_e87_port_reservation(p), LIION_E87_NOT_RESERVED);
                        ck_assert_int_eq(liion_e87_port_association(p),
                                         LIION_E87_NOT_ASSOCIATED);
                        if (ams) { /* set up from an in-service port, then back to lts */
                            liion_e87_port_free(p);
                            ck_assert_int_eq(liion_e87_port_new(&p, ctx, LIION_E87_OUT_OF_SERVICE),
                                             LIION_OK);
                            ck_assert_int_eq(liion_e87_port_change(&setup, p,
                                                                   LIION_E87_PEV_SET_AUTO),
                                             LIION_OK);
                            ck_assert_uint_eq(setup, 2);
                            if (lts == 1)
                                ck_assert_int_eq(liion_e87_port_apply(NULL, NULL, p,
                                                     LIION_E87_EV_IN_SERVICE_BLOCKED), LIION_OK);
                            else if (lts == 2)
                                ck_assert_int_eq(liion_e87_port_apply(NULL, NULL, p,
                                                     LIION_E87_EV_IN_SERVICE_LOAD), LIION_OK);
                            else if (lts == 3)
                                ck_assert_int_eq(liion_e87_port_apply(NULL, NULL, p,
                                                     LIION_E87_EV_IN_SERVICE_UNLOAD), LIION_OK);
                        }
                        if (lrs)
                            ck_assert_int_eq(liion_e87_port_change(NULL, p, LIION_E87_PEV_RESERVE),
                                             LIION_OK);
                        if (lcas)
                            ck_assert_int_eq(
                                liion_e87_port_change(NULL, p, LIION_E87_PEV_ASSOCIATE), LIION_OK);
                        ck_assert_int_eq(liion_e87_port_get_state(p), lts);
                        cur[0] = ams;
                        cur[1] = lrs;
                        cur[2] = lcas;
                        for (size_t k = 0; k < sizeof legal / sizeof legal[0]; k++)
                            if (legal[k].ev == ev && legal[k].from == cur[legal[k].model])
                                want = (int)k;
                        if (want >= 0 && legal[want].model == 0 && lts == 1)
                            want = -1; /* no change of access mode while TRANSFER BLOCKED */
                        st = liion_e87_port_change(&t, p, (liion_e87_port_event)ev);
                        if (want < 0) {
                            ck_assert_int_eq(st, LIION_E_STATE);
                            ck_assert_uint_eq(t, 0);
                            ck_assert_ptr_nonnull(strstr(liion_ctx_errmsg(ctx),
                                                         liion_e87_port_event_str(
                                                             (liion_e87_port_event)ev)));
                            refused++;
                        } else {
                            ck_assert_int_eq(st, LIION_OK);
                            ck_assert_uint_eq(t, legal[want].tn);
                            cur[legal[want].model] = legal[want].to;
                            allowed++;
                        }
                        ck_assert_int_eq(liion_e87_port_access_mode(p), cur[0]);
                        ck_assert_int_eq(liion_e87_port_reservation(p), cur[1]);
                        ck_assert_int_eq(liion_e87_port_association(p), cur[2]);
                        ck_assert_int_eq(liion_e87_port_get_state(p), lts);
                        liion_e87_port_free(p);
                    }
    ck_assert_uint_eq(allowed + refused, 4 * 8 * 7);
    ck_assert_uint_gt(allowed, 0);
    {
        liion_e87_port *p = NULL;
        uint32_t t = 5;
        ck_assert_int_eq(liion_e87_port_new(&p, ctx, LIION_E87_OUT_OF_SERVICE), LIION_OK);
        ck_assert_int_eq(liion_e87_port_change(&t, p, (liion_e87_port_event)8),
                         LIION_E_INVALID_ARG);
        ck_assert_uint_eq(t, 0);
        ck_assert_int_eq(liion_e87_port_change(&t, NULL, LIION_E87_PEV_RESERVE),
                         LIION_E_INVALID_ARG);
        liion_e87_port_free(p);
        ck_assert_int_eq(liion_e87_port_access_mode(NULL), LIION_E87_MANUAL);
        ck_assert_int_eq(liion_e87_port_reservation(NULL), LIION_E87_NOT_RESERVED);
        ck_assert_int_eq(liion_e87_port_association(NULL), LIION_E87_NOT_ASSOCIATED);
        ck_assert_str_eq(liion_e87_port_event_str(LIION_E87_PEV_REASSOCIATE), "reassociate");
        ck_assert_str_eq(liion_e87_port_event_str((liion_e87_port_event)0), "unknown event");
    }
    liion_ctx_free(ctx);
}
END_TEST

START_TEST(e87_cycle_and_misuse)
{
    liion_ctx *ctx = new_ctx();
    liion_e87_port *p = (liion_e87_port *)1;
    uint32_t tn[LIION_E87_MAX_TRANSITIONS];
    size_t n = 7;
    /* a cassette delivered, processed and taken away: 6, 9, 7, 8 */
    static const int evs[] = {TRS, RTU, TRS, RTL};
    static const uint32_t tns[] = {6, 9, 7, 8};
    static const int sts[] = {1, 3, 1, 2};
    ck_assert_int_eq(liion_e87_port_new(&p, ctx, LIION_E87_IN_SERVICE), LIION_E_INVALID_ARG);
    ck_assert_ptr_null(p);
    ck_assert(strstr(liion_ctx_errmsg(ctx), "not a leaf state") != NULL);
    ck_assert_int_eq(liion_e87_port_new(&p, ctx, (liion_e87_lts_state)-1), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_e87_port_new(NULL, ctx, LIION_E87_READY_TO_LOAD), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_e87_port_new(&p, NULL, LIION_E87_READY_TO_LOAD), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_e87_port_new(&p, ctx, LIION_E87_READY_TO_LOAD), LIION_OK);
    for (int i = 0; i < 4; i++) {
        ck_assert_int_eq(liion_e87_port_apply(tn, &n, p, (liion_e87_lts_event)evs[i]), LIION_OK);
        ck_assert_uint_eq(n, 1);
        ck_assert_uint_eq(tn[0], tns[i]);
        ck_assert_int_eq(liion_e87_port_get_state(p), sts[i]);
    }
    ck_assert_int_eq(liion_e87_port_apply(NULL, NULL, p, LIION_E87_EV_OUT_OF_SERVICE), LIION_OK);
    ck_assert_int_eq(liion_e87_port_apply(tn, &n, p, LIION_E87_EV_OUT_OF_SERVICE), LIION_E_STATE);
    ck_assert_str_eq(liion_ctx_errmsg(ctx),
                     "e87 load port: event out of service not allowed in state OUT OF SERVICE (0)");
    ck_assert_int_eq(liion_e87_port_apply(tn, &n, p, (liion_e87_lts_event)10), LIION_E_INVALID_ARG);
    ck_assert(strstr(liion_ctx_errmsg(ctx), "unknown event 10") != NULL);
    ck_assert_int_eq(liion_e87_port_apply(tn, &n, NULL, LIION_E87_EV_OUT_OF_SERVICE),
                     LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_e87_port_get_state(NULL), LIION_E87_OUT_OF_SERVICE);
    liion_e87_port_free(p);
    liion_e87_port_free(NULL);
    ck_assert_str_eq(liion_e87_lts_state_str(LIION_E87_TRANSFER_READY), "TRANSFER READY");
    ck_assert_str_eq(liion_e87_lts_state_str((liion_e87_lts_state)6), "unknown state");
    ck_assert_str_eq(liion_e87_lts_event_str(LIION_E87_EV_TRANSFER_STARTED), "transfer started");
    ck_assert_str_eq(liion_e87_lts_event_str((liion_e87_lts_event)0), "unknown event");
    liion_ctx_free(ctx);
}
END_TEST

/* ---- E87 carrier object ------------------------------------------------------------------ */

_Static_assert(LIION_E87_ID_NOT_READ == 0 && LIION_E87_ID_WAITING_FOR_HOST == 1 &&
                   LIION_E87_ID_VERIFICATION_OK == 2 && LIION_E87_ID_VERIFICATION_FAILED == 3 &&
                   LIION_E87_SLOT_MAP_NOT_READ == 0 && LIION_E87_SLOT_MAP_WAITING_FOR_HOST == 1 &&
                   LIION_E87_SLOT_MAP_VERIFICATION_OK == 2 &&
                   LIION_E87_SLOT_MAP_VERIFICATION_FAILED == 3 && LIION_E87_NOT_ACCESSED == 0 &&
                   LIION_E87_IN_ACCESS == 1 && LIION_E87_CARRIER_COMPLETE == 2 &&
                   LIION_E87_CARRIER_STOPPED == 3,
               "E87 carrier status values");
_Static_assert(LIION_E87_SLOT_UNDEFINED == 0 && LIION_E87_SLOT_EMPTY == 1 &&
                   LIION_E87_SLOT_NOT_EMPTY == 2 && LIION_E87_SLOT_CORRECTLY_OCCUPIED == 3 &&
                   LIION_E87_SLOT_DOUBLE_SLOTTED == 4 && LIION_E87_SLOT_CROSS_SLOTTED == 5,
               "E87 SlotState values");

enum { C_IDOK = LIION_E87_CEV_ID_READ_OK, C_IDW = LIION_E87_CEV_ID_READ_WAIT,
       C_IDP = LIION_E87_CEV_ID_PROCEED, C_IDC = LIION_E87_CEV_ID_CANCEL,
       C_IDOFF = LIION_E87_CEV_ID_READER_OFFLINE, C_IDBY = LIION_E87_CEV_ID_BYPASS,
       C_SMOK = LIION_E87_CEV_SLOT_MAP_READ_OK, C_SMW = LIION_E87_CEV_SLOT_MAP_READ_WAIT,
       C_SMP = LIION_E87_CEV_SLOT_MAP_PROCEED, C_SMC = LIION_E87_CEV_SLOT_MAP_CANCEL,
       C_AS = LIION_E87_CEV_ACCESS_STARTED, C_AC = LIION_E87_CEV_ACCESS_COMPLETE,
       C_AX = LIION_E87_CEV_ACCESS_STOPPED, C_RM = LIION_E87_CEV_REMOVE,
       C_PWC = LIION_E87_CEV_PROCEED, C_CC = LIION_E87_CEV_CANCEL };

/* machine 0 CIDS, 1 CSMS, 2 CAS: its events, and the legal transitions (E87 numbering) */
static const int e87c_events[3][6] = {
    {C_IDOK, C_IDW, C_IDP, C_IDC, C_IDOFF, C_IDBY}, {C_SMOK, C_SMW, C_SMP, C_SMC, 0, 0},
    {C_AS, C_AC, C_AX, 0, 0, 0}};
static const struct { int m, from, ev, to, tn; } e87c_legal[] = {
    {0, 0, C_IDOK, 2, 6},  {0, 0, C_IDW, 1, 7},  {0, 1, C_IDP, 2, 8},  {0, 1, C_IDC, 3, 9},
    {0, 0, C_IDOFF, 1, 10}, {0, 0, C_IDBY, 2, 11},
    {1, 0, C_SMOK, 2, 13}, {1, 0, C_SMW, 1, 14}, {1, 1, C_SMP, 2, 15}, {1, 1, C_SMC, 3, 16},
    {2, 0, C_AS, 1, 18},   {2, 1, C_AC, 2, 19},  {2, 1, C_AX, 3, 20},
};
static const uint8_t clean_map[4] = {3, 3, 1, 2};

static liion_e87_carrier *carrier_in(liion_ctx *ctx, int m, int st)
{
    static const int sm_path[4][3] = {{0}, {C_SMW, 0}, {C_SMOK, 0}, {C_SMW, C_SMC, 0}};
    static const int ca_path[4][3] = {{0}, {C_AS, 0}, {C_AS, C_AC, 0}, {C_AS, C_AX, 0}};
    liion_e87_carrier *c = NULL;
    ck_assert_int_eq(liion_e87_carrier_new(&c, NULL, NULL, ctx,
                                           (liion_e87_cids)(m == 0 ? st : 0)),
                     LIION_OK);
    ck_assert_int_eq(liion_e87_carrier_set_slot_map(c, clean_map, 4), LIION_OK);
    for (int k = 0; m > 0 && k < 3; k++) {
        int ev = m == 1 ? sm_path[st][k] : ca_path[st][k];
        if (ev == 0)
            break;
        ck_assert_int_eq(liion_e87_carrier_apply(NULL, c, (liion_e87_carrier_event)ev), LIION_OK);
    }
    ck_assert_int_eq(m == 0   ? (int)liion_e87_carrier_get_id_status(c)
                     : m == 1 ? (int)liion_e87_carrier_get_slot_map_status(c)
                              : (int)liion_e87_carrier_get_access_status(c),
                     st);
    return c;
}

START_TEST(e87c_every_pair)
{
    liion_ctx *ctx = new_ctx();
    int legal_seen = 0;
    static const char *const machine_words[3] = {"carrier ID status", "slot map status",
                                                 "accessing status"};
    for (int m = 0; m < 3; m++) {
        for (int st = 0; st < 4; st++) {
            for (int e = 0; e < 6 && e87c_events[m][e] != 0; e++) {
                int ev = e87c_events[m][e], want = -1, now;
                uint32_t tn = 99;
                liion_e87_carrier *c = carrier_in(ctx, m, st);
                liion_status s = liion_e87_carrier_apply(&tn, c, (liion_e87_carrier_event)ev);
                for (size_t k = 0; k < sizeof e87c_legal / sizeof e87c_legal[0]; k++)
                    if (e87c_legal[k].m == m && e87c_legal[k].from == st && e87c_legal[k].ev == ev)
                        want = (int)k;
                now = m == 0   ? (int)liion_e87_carrier_get_id_status(c)
                      : m == 1 ? (int)liion_e87_carrier_get_slot_map_status(c)
                               : (int)liion_e87_carrier_get_access_status(c);
                if (want < 0) {
                    const char *name = m == 0   ? liion_e87_cids_str((liion_e87_cids)st)
                                       : m == 1 ? liion_e87_csms_str((liion_e87_csms)st)
                                                : liion_e87_cas_str((liion_e87_cas)st);
                    check_refused(ctx, s, name,
                                  liion_e87_carrier_event_str((liion_e87_carrier_event)ev));
                    LIION_CK_ERRMSG_HAS(ctx, machine_words[m]);
                    ck_assert_uint_eq(tn, 0);
                    ck_assert_int_eq(now, st);
                } else {
                    ck_assert_msg(s == LIION_OK, "m %d st %d ev %d: %s", m, st, ev,
                                  liion_ctx_errmsg(ctx));
                    ck_assert_uint_eq(tn, (uint32_t)e87c_legal[want].tn);
                    ck_assert_int_eq(now, e87c_legal[want].to);
                    legal_seen++;
                }
                /* the other two machines are untouched */
                if (m != 0)
                    ck_assert_int_eq(liion_e87_carrier_get_id_status(c), 0);
                if (m != 2)
                    ck_assert_int_eq(liion_e87_carrier_get_access_status(c), 0);
                /* 21 from every state, then everything is refused */
                ck_assert_int_eq(liion_e87_carrier_apply(&tn, c, LIION_E87_CEV_REMOVE), LIION_OK);
                ck_assert_uint_eq(tn, 21);
                ck_assert_int_eq(liion_e87_carrier_removed(c), 1);
                ck_assert_int_eq(liion_e87_carrier_apply(&tn, c, (liion_e87_carrier_event)ev),
                                 LIION_E_STATE);
                LIION_CK_ERRMSG_HAS(ctx, "removed");
                ck_assert_int_eq(liion_e87_carrier_apply(&tn, c, LIION_E87_CEV_REMOVE),
                                 LIION_E_STATE);
                liion_e87_carrier_free(c);
            }
        }
    }
    ck_assert_int_eq(legal_seen, (int)(sizeof e87c_legal / sizeof e87c_legal[0]));
    liion_ctx_free(ctx);
}
END_TEST

START_TEST(e87c_creation_pwc_slot_map)
{
    liion_ctx *ctx = new_ctx();
    liion_e87_carrier *c = (liion_e87_carrier *)1;
    uint32_t tns[LIION_E87_CARRIER_NEW_TRANSITIONS], tn = 0;
    size_t n = 9;
    static const uint8_t bad_map[3] = {3, 4, 1};
    static const uint8_t junk_map[2] = {3, 6};
    /* creation numbers per initial CIDS: 1, 2..5, 12, 17 */
    for (int i = 0; i < 4; i++) {
        ck_assert_int_eq(liion_e87_carrier_new(&c, tns, &n, ctx, (liion_e87_cids)i), LIION_OK);
        ck_assert_uint_eq(n, 4);
        ck_assert_uint_eq(tns[0], 1);
        ck_assert_uint_eq(tns[1], (uint32_t)(2 + i));
        ck_assert_uint_eq(tns[2], 12);
        ck_assert_uint_eq(tns[3], 17);
        ck_assert_int_eq(liion_e87_carrier_get_id_status(c), i);
        liion_e87_carrier_free(c);
    }
    ck_assert_int_eq(liion_e87_carrier_new(&c, tns, &n, ctx, (liion_e87_cids)4),
                     LIION_E_INVALID_ARG);
    ck_assert_ptr_null(c);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(liion_e87_carrier_new(NULL, NULL, NULL, ctx, LIION_E87_ID_NOT_READ),
                     LIION_E_INVALID_ARG);
    /* the full ProceedWithCarrier sequence of a cell tray: 7, 8 (PWC), 14, 15 (PWC), 18, 19, 21 */
    ck_assert_int_eq(liion_e87_carrier_new(&c, NULL, NULL, ctx, LIION_E87_ID_NOT_READ), LIION_OK);
    ck_assert_int_eq(liion_e87_carrier_apply(&tn, c, LIION_E87_CEV_PROCEED), LIION_E_STATE);
    LIION_CK_ERRMSG_HAS(ctx, "nothing waits for the host");
    ck_assert_int_eq(liion_e87_carrier_apply(&tn, c, LIION_E87_CEV_ID_READ_WAIT), LIION_OK);
    ck_assert_uint_eq(tn, 7);
    ck_assert_int_eq(liion_e87_carrier_apply(&tn, c, LIION_E87_CEV_PROCEED), LIION_OK);
    ck_assert_uint_eq(tn, 8);
    ck_assert_int_eq(liion_e87_carrier_get_id_status(c), LIION_E87_ID_VERIFICATION_OK);
    /* slot map: bad values and abnormal positions */
    ck_assert_int_eq(liion_e87_carrier_set_slot_map(c, junk_map, 2), LIION_E_INVALID_ARG);
    LIION_CK_ERRMSG_HAS(ctx, "slot 2 has value 6");
    ck_assert_int_eq(liion_e87_carrier_set_slot_map(c, junk_map, 0), LIION_E_RANGE);
    ck_assert_int_eq(liion_e87_carrier_set_slot_map(c, NULL, 2), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_e87_carrier_apply(&tn, c, LIION_E87_CEV_SLOT_MAP_READ_OK), LIION_E_STATE);
    LIION_CK_ERRMSG_HAS(ctx, "no slot map stored");
    ck_assert_int_eq(liion_e87_carrier_set_slot_map(c, bad_map, 3), LIION_OK);
    ck_assert_int_eq(liion_e87_carrier_apply(&tn, c, LIION_E87_CEV_SLOT_MAP_READ_OK), LIION_E_STATE);
    LIION_CK_ERRMSG_HAS(ctx, "double or cross slotted");
    ck_assert_uint_eq(liion_e87_carrier_slot_count(c), 3);
    ck_assert_int_eq(liion_e87_carrier_get_slot(c, 1), LIION_E87_SLOT_DOUBLE_SLOTTED);
    ck_assert_int_eq(liion_e87_carrier_get_slot(c, 3), LIION_E87_SLOT_UNDEFINED);
    ck_assert_int_eq(liion_e87_carrier_apply(&tn, c, LIION_E87_CEV_SLOT_MAP_READ_WAIT), LIION_OK);
    ck_assert_uint_eq(tn, 14);
    ck_assert_int_eq(liion_e87_carrier_set_slot_map(c, clean_map, 4), LIION_E_STATE);
    ck_assert_int_eq(liion_e87_carrier_apply(&tn, c, LIION_E87_CEV_PROCEED), LIION_OK);
    ck_assert_uint_eq(tn, 15);
    ck_assert_int_eq(liion_e87_carrier_apply(&tn, c, LIION_E87_CEV_CANCEL), LIION_E_STATE);
    ck_assert_int_eq(liion_e87_carrier_apply(&tn, c, LIION_E87_CEV_ACCESS_STARTED), LIION_OK);
    ck_assert_uint_eq(tn, 18);
    ck_assert_int_eq(liion_e87_carrier_apply(&tn, c, LIION_E87_CEV_ACCESS_COMPLETE), LIION_OK);
    ck_assert_uint_eq(tn, 19);
    ck_assert_int_eq(liion_e87_carrier_apply(&tn, c, LIION_E87_CEV_REMOVE), LIION_OK);
    ck_assert_uint_eq(tn, 21);
    ck_assert_int_eq(liion_e87_carrier_set_slot_map(c, clean_map, 4), LIION_E_STATE);
    liion_e87_carrier_free(c);
    /* CancelCarrier picks the machine waiting for the host */
    ck_assert_int_eq(liion_e87_carrier_new(&c, NULL, NULL, ctx, LIION_E87_ID_WAITING_FOR_HOST),
                     LIION_OK);
    ck_assert_int_eq(liion_e87_carrier_apply(&tn, c, LIION_E87_CEV_CANCEL), LIION_OK);
    ck_assert_uint_eq(tn, 9);
    ck_assert_int_eq(liion_e87_carrier_apply(&tn, c, LIION_E87_CEV_SLOT_MAP_READ_WAIT), LIION_OK);
    ck_assert_int_eq(liion_e87_carrier_apply(&tn, c, LIION_E87_CEV_CANCEL), LIION_OK);
    ck_assert_uint_eq(tn, 16);
    ck_assert_int_eq(liion_e87_carrier_get_slot_map_status(c),
                     LIION_E87_SLOT_MAP_VERIFICATION_FAILED);
    ck_assert_int_eq(liion_e87_carrier_apply(&tn, c, (liion_e87_carrier_event)17),
                     LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_e87_carrier_apply(&tn, c, (liion_e87_carrier_event)0),
                     LIION_E_INVALID_ARG);
    LIION_CK_ERRMSG_HAS(ctx, "unknown event 0");
    liion_e87_carrier_free(c);
    /* NULL and freed handles */
    ck_assert_int_eq(liion_e87_carrier_apply(&tn, NULL, LIION_E87_CEV_REMOVE), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_e87_carrier_get_id_status(NULL), 0);
    ck_assert_int_eq(liion_e87_carrier_get_slot_map_status(NULL), 0);
    ck_assert_int_eq(liion_e87_carrier_get_access_status(NULL), 0);
    ck_assert_int_eq(liion_e87_carrier_removed(NULL), 0);
    ck_assert_uint_eq(liion_e87_carrier_slot_count(NULL), 0);
    liion_e87_carrier_free(NULL);
    ck_assert_str_eq(liion_e87_cids_str(LIION_E87_ID_VERIFICATION_OK), "ID VERIFICATION OK");
    ck_assert_str_eq(liion_e87_csms_str((liion_e87_csms)4), "unknown state");
    ck_assert_str_eq(liion_e87_cas_str(LIION_E87_CARRIER_STOPPED), "CARRIER STOPPED");
    ck_assert_str_eq(liion_e87_slot_state_str(LIION_E87_SLOT_CROSS_SLOTTED), "CROSS SLOTTED");
    ck_assert_str_eq(liion_e87_slot_state_str((liion_e87_slot_state)6), "unknown slot state");
    ck_assert_str_eq(liion_e87_carrier_event_str(LIION_E87_CEV_PROCEED), "ProceedWithCarrier");
    ck_assert_str_eq(liion_e87_carrier_event_str((liion_e87_carrier_event)0), "unknown event");
    liion_ctx_free(ctx);
}
END_TEST

/* ---- E90 substrate and location --------------------------------------------------------- */

_Static_assert(LIION_E90_AT_SOURCE == 0 && LIION_E90_AT_WORK == 1 && LIION_E90_AT_DESTINATION == 2 &&
                   LIION_E90_NEEDS_PROCESSING == 0 && LIION_E90_IN_PROCESS == 1 &&
                   LIION_E90_PROCESSED == 2 && LIION_E90_ABORTED == 3 && LIION_E90_STOPPED == 4 &&
                   LIION_E90_REJECTED == 5 && LIION_E90_LOST == 6 && LIION_E90_SKIPPED == 7 &&
                   LIION_E90_ID_NOT_CONFIRMED == 0 && LIION_E90_ID_WAITING_FOR_HOST == 1 &&
                   LIION_E90_ID_CONFIRMED == 2 && LIION_E90_ID_CONFIRMATION_FAILED == 3 &&
                   LIION_E90_UNOCCUPIED == 0 && LIION_E90_OCCUPIED == 1,
               "E90 values");

enum { S_W = LIION_E90_EV_TO_WORK, S_S = LIION_E90_EV_TO_SOURCE, S_D = LIION_E90_EV_TO_DESTINATION,
       S_DEP = LIION_E90_EV_DEPART, S_RM = LIION_E90_EV_REMOVE, P_ST = LIION_E90_EV_START,
       P_OK = LIION_E90_EV_PROCESSED, P_AB = LIION_E90_EV_ABORTED, P_SP = LIION_E90_EV_STOPPED,
       P_RJ = LIION_E90_EV_REJECTED, P_LO = LIION_E90_EV_LOST, P_SK = LIION_E90_EV_SKIPPED,
       P_NM = LIION_E90_EV_NEEDS_MORE, I_OK = LIION_E90_EV_ID_READ_OK,
       I_W = LIION_E90_EV_ID_READ_WAIT, I_P = LIION_E90_EV_ID_PROCEED,
       I_C = LIION_E90_EV_ID_CANCEL, I_F = LIION_E90_EV_ID_READ_FAILED };

/* machine 0 STS (states 0-2, 255 = removed), 1 SPS (0-7), 2 SIDS (0-3) */
static const int e90_first_ev[3] = {S_W, P_ST, I_OK}, e90_last_ev[3] = {S_RM, P_NM, I_F};
static const int e90_nstates[3] = {3, 8, 4};
static const struct { int m, from, ev, to, tn; } e90_legal[] = {
    {0, 0, S_W, 1, 2},     {0, 1, S_S, 0, 3},     {0, 1, S_W, 1, 4},    {0, 1, S_D, 2, 5},
    {0, 2, S_W, 1, 6},     {0, 2, S_DEP, 255, 7}, {0, 2, S_S, 0, 8},
    {0, 0, S_RM, 255, 9},  {0, 1, S_RM, 255, 9},  {0, 2, S_RM, 255, 9},
    {1, 0, P_ST, 1, 11},   {1, 1, P_OK, 2, 12},   {1, 1, P_AB, 3, 12},  {1, 1, P_SP, 4, 12},
    {1, 1, P_RJ, 5, 12},   {1, 1, P_LO, 6, 12},   {1, 1, P_SK, 7, 12},  {1, 1, P_NM, 0, 13},
    {1, 0, P_LO, 6, 14},   {1, 0, P_SK, 7, 14},
    {2, 0, I_OK, 2, 17},   {2, 0, I_W, 1, 18},    {2, 1, I_P, 2, 19},   {2, 1, I_C, 3, 20},
    {2, 0, I_F, 3, 21},
};

static int e90_get(const liion_e90_substrate *s, int m)
{
    return m == 0   ? (int)liion_e90_substrate_get_transport(s)
           : m == 1 ? (int)liion_e90_substrate_get_processing(s)
                    : (int)liion_e90_substrate_get_id_status(s);
}

static const char *e90_name(int m, int st)
{
    return m == 0   ? liion_e90_sts_str((liion_e90_sts)st)
           : m == 1 ? liion_e90_sps_str((liion_e90_sps)st)
                    : liion_e90_sids_str((liion_e90_sids)st);
}

static liion_e90_substrate *substrate_in(liion_ctx *ctx, int m, int st)
{
    static const int sts_path[3][3] = {{0}, {S_W, 0}, {S_W, S_D, 0}};
    static const int sps_path[8][3] = {{0},          {P_ST, 0},       {P_ST, P_OK, 0},
                                       {P_ST, P_AB, 0}, {P_ST, P_SP, 0}, {P_ST, P_RJ, 0},
                                       {P_ST, P_LO, 0}, {P_ST, P_SK, 0}};
    static const int sids_path[4][3] = {{0}, {I_W, 0}, {I_OK, 0}, {I_W, I_C, 0}};
    liion_e90_substrate *s = NULL;
    const int *path = m == 0 ? sts_path[st] : m == 1 ? sps_path[st] : sids_path[st];
    ck_assert_int_eq(liion_e90_substrate_new(&s, NULL, NULL, ctx), LIION_OK);
    for (int k = 0; k < 3 && path[k] != 0; k++)
        ck_assert_int_eq(liion_e90_substrate_apply(NULL, s, (liion_e90_event)path[k]), LIION_OK);
    ck_assert_int_eq(e90_get(s, m), st);
    return s;
}

START_TEST(e90_every_pair)
{
    liion_ctx *ctx = new_ctx();
    int legal_seen = 0;
    for (int m = 0; m < 3; m++) {
        for (int st = 0; st < e90_nstates[m]; st++) {
            for (int ev = e90_first_ev[m]; ev <= e90_last_ev[m]; ev++) {
                int want = -1;
                uint32_t tn = 99;
                liion_e90_substrate *s = substrate_in(ctx, m, st);
                liion_status r = liion_e90_substrate_apply(&tn, s, (liion_e90_event)ev);
                for (size_t k = 0; k < sizeof e90_legal / sizeof e90_legal[0]; k++)
                    if (e90_legal[k].m == m && e90_legal[k].from == st && e90_legal[k].ev == ev)
                        want = (int)k;
                if (want < 0) {
                    check_refused(ctx, r, e90_name(m, st),
                                  liion_e90_event_str((liion_e90_event)ev));
                    ck_assert_uint_eq(tn, 0);
                    ck_assert_int_eq(e90_get(s, m), st);
                } else {
                    ck_assert_msg(r == LIION_OK, "m %d st %d ev %d: %s", m, st, ev,
                                  liion_ctx_errmsg(ctx));
                    ck_assert_uint_eq(tn, (uint32_t)e90_legal[want].tn);
                    ck_assert_int_eq(e90_get(s, m), e90_legal[want].to);
                    legal_seen++;
                }
                liion_e90_substrate_free(s);
            }
        }
    }
    ck_assert_int_eq(legal_seen, (int)(sizeof e90_legal / sizeof e90_legal[0]));
    liion_ctx_free(ctx);
}
END_TEST

START_TEST(e90_removed_location_misuse)
{
    liion_ctx *ctx = new_ctx();
    liion_e90_substrate *s = (liion_e90_substrate *)1;
    liion_e90_location *l = (liion_e90_location *)1;
    uint32_t tns[LIION_E90_SUBSTRATE_NEW_TRANSITIONS], tn = 0;
    size_t n = 0;
    /* an electrode sheet through a coater: created 1, 10, 16; 17; 2, 11, 12, 5, 7 */
    ck_assert_int_eq(liion_e90_substrate_new(&s, tns, &n, ctx), LIION_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert_uint_eq(tns[0], 1);
    ck_assert_uint_eq(tns[1], 10);
    ck_assert_uint_eq(tns[2], 16);
    {
        static const int evs[] = {I_OK, S_W, P_ST, P_OK, S_D, S_DEP};
        static const uint32_t want[] = {17, 2, 11, 12, 5, 7};
        for (int i = 0; i < 6; i++) {
            ck_assert_int_eq(liion_e90_substrate_apply(&tn, s, (liion_e90_event)evs[i]), LIION_OK);
            ck_assert_uint_eq(tn, want[i]);
        }
    }
    ck_assert_int_eq(liion_e90_substrate_get_transport(s), LIION_E90_STS_REMOVED);
    for (int ev = 1; ev <= 18; ev++) {
        ck_assert_int_eq(liion_e90_substrate_apply(&tn, s, (liion_e90_event)ev), LIION_E_STATE);
        LIION_CK_ERRMSG_HAS(ctx, "REMOVED");
        ck_assert_uint_eq(tn, 0);
    }
    ck_assert_int_eq(liion_e90_substrate_apply(&tn, s, (liion_e90_event)19), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_e90_substrate_apply(&tn, NULL, LIION_E90_EV_TO_WORK), LIION_E_INVALID_ARG);
    liion_e90_substrate_free(s);
    liion_e90_substrate_free(NULL);
    ck_assert_int_eq(liion_e90_substrate_new(NULL, NULL, NULL, ctx), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_e90_substrate_get_transport(NULL), 0);
    ck_assert_int_eq(liion_e90_substrate_get_processing(NULL), 0);
    ck_assert_int_eq(liion_e90_substrate_get_id_status(NULL), 0);
    ck_assert_str_eq(liion_e90_sts_str(LIION_E90_AT_WORK), "ATWORK");
    ck_assert_str_eq(liion_e90_sps_str(LIION_E90_SKIPPED), "SKIPPED");
    ck_assert_str_eq(liion_e90_sids_str(LIION_E90_ID_CONFIRMATION_FAILED), "CONFIRMATION FAILED");
    ck_assert_str_eq(liion_e90_event_str(LIION_E90_EV_ID_PROCEED), "ProceedWithSubstrate");
    ck_assert_str_eq(liion_e90_event_str((liion_e90_event)0), "unknown event");
    /* location: every (state, event) pair */
    for (int st = 0; st < 2; st++) {
        for (int ev = 1; ev <= 2; ev++) {
            ck_assert_int_eq(liion_e90_location_new(&l, ctx, (liion_e90_loc_state)st), LIION_OK);
            liion_status r = liion_e90_location_apply(&tn, l, (liion_e90_loc_event)ev);
            if ((st == 0 && ev == 1) || (st == 1 && ev == 2)) {
                ck_assert_int_eq(r, LIION_OK);
                ck_assert_uint_eq(tn, (uint32_t)(ev + 1));
                ck_assert_int_eq(liion_e90_location_get_state(l), 1 - st);
            } else {
                check_refused(ctx, r, liion_e90_loc_state_str((liion_e90_loc_state)st),
                              ev == 1 ? "substrate placed" : "substrate removed");
                ck_assert_int_eq(liion_e90_location_get_state(l), st);
            }
            liion_e90_location_free(l);
        }
    }
    ck_assert_int_eq(liion_e90_location_new(&l, ctx, (liion_e90_loc_state)2), LIION_E_INVALID_ARG);
    ck_assert_ptr_null(l);
    ck_assert_int_eq(liion_e90_location_apply(&tn, NULL, LIION_E90_LOC_PLACED), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_e90_location_get_state(NULL), 0);
    liion_e90_location_free(NULL);
    liion_ctx_free(ctx);
}
END_TEST

/* ---- GEM300 messages ------------------------------------------------------------------- */

static void expect_bytes(const uint8_t *got, size_t n, const char *hex)
{
    uint8_t want[512];
    size_t wn = liion_test_unhex(want, sizeof want, hex);
    ck_assert_uint_eq(n, wn);
    ck_assert_msg(memcmp(got, want, n) == 0, "bytes differ from the hand-checked vector");
}

static void expect_text(liion_gem300_msg *m, liion_gem300_field f, const char *want)
{
    const uint8_t *t = NULL;
    size_t n = 0;
    ck_assert_int_eq(liion_gem300_msg_get_text(&t, &n, m, f), LIION_OK);
    ck_assert_uint_eq(n, strlen(want));
    ck_assert(memcmp(t, want, n) == 0);
}

static uint64_t get_u(liion_gem300_msg *m, liion_gem300_field f)
{
    uint64_t v = 999;
    ck_assert_int_eq(liion_gem300_msg_get_uint(&v, m, f), LIION_OK);
    return v;
}

START_TEST(msg_vectors)
{
    liion_ctx *ctx = new_ctx();
    liion_gem300_msg *m = NULL;
    uint8_t b[512];
    size_t n = 0;
    uint64_t code = 0;
    const uint8_t *t = NULL;
    size_t tl = 0;
    const liion_secs_item *v = NULL;
    liion_secs_item *cj = NULL;
    ck_assert_int_eq(liion_gem300_msg_new(&m, ctx), LIION_OK);
    ck_assert_int_eq(liion_gem300_msg_get_kind(m), LIION_GEM300_NONE);

    /* S3F17 ProceedWithCarrier for cassette CST1 on port 1 */
    ck_assert_int_eq(liion_gem300_s3f17_encode(b, sizeof b, &n, ctx, 1, "ProceedWithCarrier", 18,
                                               "CST1", 4, 1, NULL, NULL, NULL, 0),
                     LIION_OK);
    expect_bytes(b, n, "01 05 | b1 04 00 00 00 01 | 41 12 50 72 6f 63 65 65 64 57 69 74 68 43 61 72"
                       " 72 69 65 72 | 41 04 43 53 54 31 | a5 01 01 | 01 00");
    ck_assert_int_eq(liion_gem300_msg_decode(m, LIION_GEM300_S3F17, b, n), LIION_OK);
    ck_assert_int_eq(liion_gem300_msg_get_kind(m), LIION_GEM300_S3F17);
    ck_assert_uint_eq(get_u(m, LIION_GEM300_F_DATAID), 1);
    ck_assert_uint_eq(get_u(m, LIION_GEM300_F_PTN), 1);
    expect_text(m, LIION_GEM300_F_CARRIERACTION, "ProceedWithCarrier");
    expect_text(m, LIION_GEM300_F_CARRIERID, "CST1");
    ck_assert_uint_eq(liion_gem300_msg_count(m, LIION_GEM300_F_ATTRS), 0);
    ck_assert_int_eq(liion_gem300_msg_get_text(&t, &tl, m, LIION_GEM300_F_PRJOBID),
                     LIION_E_NOT_FOUND);
    ck_assert_int_eq(liion_gem300_msg_get_uint(&code, m, LIION_GEM300_F_CARRIERID),
                     LIION_E_NOT_FOUND);
    ck_assert_int_eq(liion_gem300_msg_get_text(&t, &tl, m, LIION_GEM300_F_PTN), LIION_E_NOT_FOUND);

    /* S3F18 CAACK 0 with one error */
    {
        static const uint32_t codes[1] = {2};
        static const char *const texts[1] = {"busy"};
        static const size_t lens[1] = {4};
        ck_assert_int_eq(liion_gem300_s3f18_encode(b, sizeof b, &n, ctx, 0, codes, texts, lens, 1),
                         LIION_OK);
        expect_bytes(b, n, "01 02 a5 01 00 01 01 01 02 b1 04 00 00 00 02 41 04 62 75 73 79");
        ck_assert_int_eq(liion_gem300_msg_decode(m, LIION_GEM300_S3F18, b, n), LIION_OK);
        ck_assert_uint_eq(get_u(m, LIION_GEM300_F_ACK), 0);
        ck_assert_uint_eq(liion_gem300_msg_count(m, LIION_GEM300_F_ERRORS), 1);
        ck_assert_int_eq(liion_gem300_msg_get_error(&code, &t, &tl, m, 0), LIION_OK);
        ck_assert_uint_eq(code, 2);
        ck_assert(tl == 4 && memcmp(t, "busy", 4) == 0);
        ck_assert_int_eq(liion_gem300_msg_get_error(&code, &t, &tl, m, 1), LIION_E_NOT_FOUND);
    }

    /* S16F11: formation program FORM-A on tray CST1 slots 1 and 2, auto start */
    {
        static const char *const cids[1] = {"CST1"};
        static const size_t clens[1] = {4}, scount[1] = {2};
        static const uint8_t slots[2] = {1, 2};
        uint8_t sl = 0;
        ck_assert_int_eq(liion_gem300_s16f11_encode(b, sizeof b, &n, ctx, 7, "PJ1", 3, 13, cids,
                                                    clens, scount, slots, 1, 1, "FORM-A", 6, NULL,
                                                    NULL, NULL, 0, 1, NULL, 0),
                         LIION_OK);
        expect_bytes(b, n, "01 07 b1 04 00 00 00 07 | 41 03 50 4a 31 | 21 01 0d |"
                           " 01 01 01 02 41 04 43 53 54 31 01 02 a5 01 01 a5 01 02 |"
                           " 01 03 a5 01 01 41 06 46 4f 52 4d 2d 41 01 00 | 25 01 01 | 01 00");
        ck_assert_int_eq(liion_gem300_msg_decode(m, LIION_GEM300_S16F11, b, n), LIION_OK);
        ck_assert_uint_eq(get_u(m, LIION_GEM300_F_DATAID), 7);
        ck_assert_uint_eq(get_u(m, LIION_GEM300_F_MF), 13);
        ck_assert_uint_eq(get_u(m, LIION_GEM300_F_PRRECIPEMETHOD), 1);
        ck_assert_uint_eq(get_u(m, LIION_GEM300_F_PRPROCESSSTART), 1);
        expect_text(m, LIION_GEM300_F_PRJOBID, "PJ1");
        expect_text(m, LIION_GEM300_F_RCPSPEC, "FORM-A");
        ck_assert_uint_eq(liion_gem300_msg_count(m, LIION_GEM300_F_CARRIERS), 1);
        ck_assert_int_eq(liion_gem300_msg_get_carrier(&t, &tl, &n, m, 0), LIION_OK);
        ck_assert(tl == 4 && memcmp(t, "CST1", 4) == 0 && n == 2);
        ck_assert_int_eq(liion_gem300_msg_get_slot(&sl, m, 0, 1), LIION_OK);
        ck_assert_uint_eq(sl, 2);
        ck_assert_int_eq(liion_gem300_msg_get_slot(&sl, m, 0, 2), LIION_E_NOT_FOUND);
        ck_assert_int_eq(liion_gem300_msg_get_slot(&sl, m, 1, 0), LIION_E_NOT_FOUND);
        ck_assert_uint_eq(liion_gem300_msg_count(m, LIION_GEM300_F_PAUSE_EVENTS), 0);
    }

    /* S16F12 ACKA true; S16F6 ACKA false with an error */
    ck_assert_int_eq(liion_gem300_s16f12_encode(b, sizeof b, &n, ctx, "PJ1", 3, 1, NULL, NULL,
                                                NULL, 0),
                     LIION_OK);
    expect_bytes(b, n, "01 02 41 03 50 4a 31 01 02 25 01 01 01 00");
    ck_assert_int_eq(liion_gem300_msg_decode(m, LIION_GEM300_S16F12, b, n), LIION_OK);
    ck_assert_uint_eq(get_u(m, LIION_GEM300_F_ACK), 1);
    {
        static const uint32_t codes[1] = {5};
        static const char *const texts[1] = {"bad"};
        static const size_t lens[1] = {3};
        ck_assert_int_eq(liion_gem300_s16f6_encode(b, sizeof b, &n, ctx, "PJ1", 3, 0, codes,
                                                   texts, lens, 1),
                         LIION_OK);
        expect_bytes(b, n, "01 02 41 03 50 4a 31 01 02 25 01 00 01 01 01 02 b1 04 00 00 00 05"
                           " 41 03 62 61 64");
        ck_assert_int_eq(liion_gem300_msg_decode(m, LIION_GEM300_S16F6, b, n), LIION_OK);
        ck_assert_uint_eq(get_u(m, LIION_GEM300_F_ACK), 0);
        ck_assert_int_eq(liion_gem300_msg_get_error(&code, &t, &tl, m, 0), LIION_OK);
        ck_assert_uint_eq(code, 5);
    }

    /* S16F5 START */
    ck_assert_int_eq(liion_gem300_s16f5_encode(b, sizeof b, &n, ctx, 8, "PJ1", 3, "START", 5, NULL,
                                               NULL, NULL, 0),
                     LIION_OK);
    expect_bytes(b, n, "01 04 b1 04 00 00 00 08 41 03 50 4a 31 41 05 53 54 41 52 54 01 00");
    ck_assert_int_eq(liion_gem300_msg_decode(m, LIION_GEM300_S16F5, b, n), LIION_OK);
    expect_text(m, LIION_GEM300_F_PRCMDNAME, "START");
    ck_assert_uint_eq(get_u(m, LIION_GEM300_F_DATAID), 8);

    /* S14F9 create control job CJ1 */
    ck_assert_int_eq(liion_secs_item_new_ascii(&cj, ctx, "CJ1", 3), LIION_OK);
    {
        const char *names[1] = {"ObjID"};
        const size_t lens[1] = {5};
        const liion_secs_item *vals[1] = {cj};
        ck_assert_int_eq(liion_gem300_s14f9_encode(b, sizeof b, &n, ctx, "EQ", 2, "ControlJob", 10,
                                                   names, lens, vals, 1),
                         LIION_OK);
    }
    expect_bytes(b, n, "01 03 41 02 45 51 41 0a 43 6f 6e 74 72 6f 6c 4a 6f 62 01 01 01 02 41 05"
                       " 4f 62 6a 49 44 41 03 43 4a 31");
    ck_assert_int_eq(liion_gem300_msg_decode(m, LIION_GEM300_S14F9, b, n), LIION_OK);
    expect_text(m, LIION_GEM300_F_OBJTYPE, "ControlJob");
    ck_assert_int_eq(liion_gem300_msg_get_attr(&t, &tl, &v, m, 0), LIION_OK);
    ck_assert(tl == 5 && memcmp(t, "ObjID", 5) == 0);
    ck_assert(liion_secs_item_equal(v, cj));
    ck_assert_int_eq(liion_gem300_msg_get_attr(&t, &tl, &v, m, 1), LIION_E_NOT_FOUND);
    liion_secs_item_free(cj);

    /* S14F10 OBJACK 0 */
    ck_assert_int_eq(liion_gem300_s14f10_encode(b, sizeof b, &n, ctx, "EQ", 2, NULL, NULL, NULL, 0,
                                                0, NULL, NULL, NULL, 0),
                     LIION_OK);
    expect_bytes(b, n, "01 03 41 02 45 51 01 00 01 02 a5 01 00 01 00");
    ck_assert_int_eq(liion_gem300_msg_decode(m, LIION_GEM300_S14F10, b, n), LIION_OK);
    ck_assert_uint_eq(get_u(m, LIION_GEM300_F_ACK), 0);
    expect_text(m, LIION_GEM300_F_OBJSPEC, "EQ");

    /* a body for one message decoded as another */
    ck_assert_int_eq(liion_gem300_msg_decode(m, LIION_GEM300_S16F11, b, n), LIION_E_DECODE);
    ck_assert_int_eq(liion_gem300_msg_get_kind(m), LIION_GEM300_NONE);
    LIION_CK_ERRMSG_HAS(ctx, "S16F11: the body must be L[7] (found L[3])");
    ck_assert_uint_eq(liion_ctx_error_offset(ctx), 0);
    ck_assert_int_eq(liion_gem300_msg_get_uint(&code, m, LIION_GEM300_F_ACK), LIION_E_NOT_FOUND);
    liion_gem300_msg_free(m);
    liion_ctx_free(ctx);
}
END_TEST

START_TEST(msg_errors_and_offsets)
{
    liion_ctx *ctx = new_ctx();
    liion_gem300_msg *m = NULL;
    uint8_t b[128];
    size_t n;
    uint64_t u;
    ck_assert_int_eq(liion_gem300_msg_new(&m, ctx), LIION_OK);
    /* PTN given as A: the offset is that of the PTN item (34) */
    n = liion_test_unhex(b, sizeof b,
                         "01 05 b1 04 00 00 00 01 41 12 50 72 6f 63 65 65 64 57 69 74 68 43 61 72"
                         " 72 69 65 72 41 04 43 53 54 31 41 01 31 01 00");
    ck_assert_int_eq(liion_gem300_msg_decode(m, LIION_GEM300_S3F17, b, n), LIION_E_DECODE);
    LIION_CK_ERRMSG_HAS(ctx, "S3F17: PTN must be one non-negative integer (found A[1])");
    ck_assert_uint_eq(liion_ctx_error_offset(ctx), 34);
    /* the same with a non-minimal 2-byte length on CARRIERACTION: offset 35 */
    n = liion_test_unhex(b, sizeof b,
                         "01 05 b1 04 00 00 00 01 42 00 12 50 72 6f 63 65 65 64 57 69 74 68 43 61"
                         " 72 72 69 65 72 41 04 43 53 54 31 41 01 31 01 00");
    ck_assert_int_eq(liion_gem300_msg_decode(m, LIION_GEM300_S3F17, b, n), LIION_E_DECODE);
    ck_assert_uint_eq(liion_ctx_error_offset(ctx), 35);
    /* an attribute whose name is not A: offset of the name (13) */
    n = liion_test_unhex(b, sizeof b, "01 03 41 00 41 00 01 02 01 02 a5 01 01 a5 01 02 01 02 41 00 a5 00");
    ck_assert_int_eq(liion_gem300_msg_decode(m, LIION_GEM300_S14F9, b, n), LIION_E_DECODE);
    LIION_CK_ERRMSG_HAS(ctx, "S14F9: a name must be A (found U1[1])");
    ck_assert_uint_eq(liion_ctx_error_offset(ctx), 10);
    /* second attribute entry not an L[2]: offset 16 */
    n = liion_test_unhex(b, sizeof b, "01 03 41 00 41 00 01 02 01 02 41 01 61 a5 01 01 01 01 41 00");
    ck_assert_int_eq(liion_gem300_msg_decode(m, LIION_GEM300_S14F9, b, n), LIION_E_DECODE);
    LIION_CK_ERRMSG_HAS(ctx, "the attribute list must be L[2] (found L[1])");
    ck_assert_uint_eq(liion_ctx_error_offset(ctx), 16);
    /* ERRCODE as text in S3F18 (offset 9), ACKA as U1 in S16F12 (offset 9) */
    n = liion_test_unhex(b, sizeof b, "01 02 a5 01 00 01 01 01 02 41 00 41 00");
    ck_assert_int_eq(liion_gem300_msg_decode(m, LIION_GEM300_S3F18, b, n), LIION_E_DECODE);
    LIION_CK_ERRMSG_HAS(ctx, "ERRCODE");
    ck_assert_uint_eq(liion_ctx_error_offset(ctx), 9);
    n = liion_test_unhex(b, sizeof b, "01 02 41 03 50 4a 31 01 02 a5 01 01 01 00");
    ck_assert_int_eq(liion_gem300_msg_decode(m, LIION_GEM300_S16F12, b, n), LIION_E_DECODE);
    LIION_CK_ERRMSG_HAS(ctx, "S16F12: ACKA must be BOOLEAN[1] (found U1[1])");
    ck_assert_uint_eq(liion_ctx_error_offset(ctx), 9);
    /* a negative DATAID (I1 -1) in S16F5 */
    n = liion_test_unhex(b, sizeof b, "01 04 65 01 ff 41 00 41 00 01 00");
    ck_assert_int_eq(liion_gem300_msg_decode(m, LIION_GEM300_S16F5, b, n), LIION_E_DECODE);
    LIION_CK_ERRMSG_HAS(ctx, "DATAID");
    ck_assert_uint_eq(liion_ctx_error_offset(ctx), 2);
    /* SLOTID as U2 in S16F11: offset 27 */
    n = liion_test_unhex(b, sizeof b,
                         "01 07 a5 01 01 41 00 21 01 0d 01 01 01 02 41 04 43 53 54 31 01 02 a5 01"
                         " 01 a9 02 00 02 01 03 a5 01 01 41 00 01 00 25 01 01 01 00");
    ck_assert_int_eq(liion_gem300_msg_decode(m, LIION_GEM300_S16F11, b, n), LIION_E_DECODE);
    LIION_CK_ERRMSG_HAS(ctx, "S16F11: SLOTID must be U1[1] (found U2[1])");
    ck_assert_uint_eq(liion_ctx_error_offset(ctx), 25);
    /* the same body fixed decodes; I1/U2 identifiers are accepted */
    b[25] = 0xa5;
    b[26] = 0x01;
    b[27] = 0x02;
    memmove(b + 28, b + 29, n - 29);
    n--;
    ck_assert_int_eq(liion_gem300_msg_decode(m, LIION_GEM300_S16F11, b, n), LIION_OK);
    ck_assert_uint_eq(get_u(m, LIION_GEM300_F_DATAID), 1);
    /* truncated, empty, trailing bytes, NULL, unknown kind */
    ck_assert_int_eq(liion_gem300_msg_decode(m, LIION_GEM300_S16F11, b, n - 1), LIION_E_TRUNCATED);
    ck_assert_int_eq(liion_gem300_msg_decode(m, LIION_GEM300_S16F11, b, 0), LIION_E_DECODE);
    LIION_CK_ERRMSG_HAS(ctx, "S16F11: empty body");
    b[n] = 0;
    ck_assert_int_eq(liion_gem300_msg_decode(m, LIION_GEM300_S16F11, b, n + 1), LIION_E_DECODE);
    ck_assert_int_eq(liion_gem300_msg_decode(m, LIION_GEM300_S16F11, NULL, 3), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_gem300_msg_decode(m, (liion_gem300_kind)0x0101, b, n),
                     LIION_E_INVALID_ARG);
    LIION_CK_ERRMSG_HAS(ctx, "unknown message kind 0x101");
    ck_assert_int_eq(liion_gem300_msg_decode(NULL, LIION_GEM300_S3F17, b, n), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_gem300_msg_get_uint(NULL, m, LIION_GEM300_F_DATAID), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_gem300_msg_get_uint(&u, m, (liion_gem300_field)99), LIION_E_NOT_FOUND);
    ck_assert_uint_eq(liion_gem300_msg_count(NULL, LIION_GEM300_F_ATTRS), 0);
    ck_assert_int_eq(liion_gem300_msg_get_kind(NULL), LIION_GEM300_NONE);
    ck_assert_int_eq(liion_gem300_msg_new(NULL, ctx), LIION_E_INVALID_ARG);
    liion_gem300_msg_free(m);
    liion_gem300_msg_free(NULL);
    liion_ctx_free(ctx);
}
END_TEST

START_TEST(msg_encode_errors)
{
    liion_ctx *ctx = new_ctx();
    uint8_t b[64];
    size_t n = 0, need = 0;
    const char *names[1] = {"a"};
    const size_t lens[1] = {1};
    const liion_secs_item *vals[1] = {NULL};
    /* size query, then a buffer one byte short */
    ck_assert_int_eq(liion_gem300_s16f5_encode(NULL, 0, &need, ctx, 8, "PJ1", 3, "START", 5, NULL,
                                               NULL, NULL, 0),
                     LIION_E_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(need, 22);
    ck_assert_int_eq(liion_gem300_s16f5_encode(b, need - 1, &n, ctx, 8, "PJ1", 3, "START", 5, NULL,
                                               NULL, NULL, 0),
                     LIION_E_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(n, 22);
    LIION_CK_ERRMSG_HAS(ctx, "S16F5: 22 bytes needed, 21 given");
    ck_assert_int_eq(liion_gem300_s16f5_encode(b, sizeof b, &n, ctx, 8, "PJ1", 3, "START", 5,
                                               names, lens, vals, 1),
                     LIION_E_INVALID_ARG);
    LIION_CK_ERRMSG_HAS(ctx, "NULL value");
    ck_assert_int_eq(liion_gem300_s3f17_encode(b, sizeof b, &n, ctx, 1, NULL, 3, "C", 1, 1, NULL,
                                               NULL, NULL, 0),
                     LIION_E_INVALID_ARG);
    LIION_CK_ERRMSG_HAS(ctx, "NULL CARRIERACTION");
    ck_assert_int_eq(liion_gem300_s3f17_encode(b, sizeof b, &n, ctx, 1, "x", (size_t)1 << 24, "C",
                                               1, 1, NULL, NULL, NULL, 0),
                     LIION_E_RANGE);
    ck_assert_int_eq(liion_gem300_s3f18_encode(b, sizeof b, &n, ctx, 0, NULL, NULL, NULL, 2),
                     LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_gem300_s3f18_encode(b, sizeof b, NULL, ctx, 0, NULL, NULL, NULL, 0),
                     LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_gem300_s3f18_encode(NULL, 4, &n, ctx, 0, NULL, NULL, NULL, 0),
                     LIION_E_INVALID_ARG);
    {
        static const char *const cids[1] = {"C"};
        static const size_t clens[1] = {1}, scount[1] = {2};
        ck_assert_int_eq(liion_gem300_s16f11_encode(b, sizeof b, &n, ctx, 1, "P", 1, 13, cids,
                                                    clens, scount, NULL, 1, 1, "R", 1, NULL, NULL,
                                                    NULL, 0, 0, NULL, 0),
                         LIION_E_INVALID_ARG);
        LIION_CK_ERRMSG_HAS(ctx, "SLOTIDs");
    }
    ck_assert_int_eq(liion_gem300_s14f10_encode(b, sizeof b, &n, NULL, "EQ", 2, NULL, NULL, NULL, 0,
                                                0, NULL, NULL, NULL, 0),
                     LIION_E_INVALID_ARG);
    liion_ctx_free(ctx);
}
END_TEST

/* Seeded random S16F11 and S14F10 bodies: encode -> decode gives every field back. */
static uint32_t rnd_state = 12345u;
static uint32_t rnd(void)
{
    rnd_state = rnd_state * 1103515245u + 12345u;
    return rnd_state >> 8;
}

START_TEST(msg_random_round_trip)
{
    liion_ctx *ctx = new_ctx();
    liion_gem300_msg *m = NULL;
    static uint8_t b[1 << 16];
    ck_assert_int_eq(liion_gem300_msg_new(&m, ctx), LIION_OK);
    for (int iter = 0; iter < 200; iter++) {
        char idbuf[8][16];
        const char *cids[8], *pnames[8];
        size_t clens[8], scount[8], plens[8], nc = rnd() % 5, np = rnd() % 4, nq = rnd() % 4;
        size_t nslots = 0, n = 0, k = 0;
        uint8_t slots[8 * 30];
        uint32_t pause[4];
        liion_secs_item *vals[8];
        const liion_secs_item *cvals[8];
        uint32_t dataid = rnd();
        int start = (int)(rnd() & 1);
        for (size_t i = 0; i < nc; i++) {
            clens[i] = (size_t)snprintf(idbuf[i], sizeof idbuf[i], "TRAY-%u", (unsigned)(rnd() % 1000));
            cids[i] = idbuf[i];
            scount[i] = rnd() % 30;
            for (size_t j = 0; j < scount[i]; j++)
                slots[nslots++] = (uint8_t)(rnd() % 256);
        }
        for (size_t i = 0; i < np; i++) {
            double d = (double)(rnd() % 10000) / 100.0;
            pnames[i] = i % 2 ? "CRATE" : "VMAX";
            plens[i] = strlen(pnames[i]);
            ck_assert_int_eq(liion_secs_item_new_f8(&vals[i], ctx, &d, 1), LIION_OK);
            cvals[i] = vals[i];
        }
        for (size_t i = 0; i < nq; i++)
            pause[i] = rnd();
        ck_assert_int_eq(liion_gem300_s16f11_encode(b, sizeof b, &n, ctx, dataid, "FORM-RUN", 8,
                                                    14, cids, clens, scount, slots, nc, 2, "F1", 2,
                                                    pnames, plens, cvals, np, start, pause, nq),
                         LIION_OK);
        ck_assert_int_eq(liion_gem300_msg_decode(m, LIION_GEM300_S16F11, b, n), LIION_OK);
        ck_assert_uint_eq(get_u(m, LIION_GEM300_F_DATAID), dataid);
        ck_assert_uint_eq(get_u(m, LIION_GEM300_F_MF), 14);
        ck_assert_uint_eq(get_u(m, LIION_GEM300_F_PRRECIPEMETHOD), 2);
        ck_assert_uint_eq(get_u(m, LIION_GEM300_F_PRPROCESSSTART), (uint64_t)start);
        ck_assert_uint_eq(liion_gem300_msg_count(m, LIION_GEM300_F_CARRIERS), nc);
        for (size_t i = 0; i < nc; i++) {
            const uint8_t *id;
            size_t idl, ns;
            ck_assert_int_eq(liion_gem300_msg_get_carrier(&id, &idl, &ns, m, i), LIION_OK);
            ck_assert(idl == clens[i] && memcmp(id, cids[i], idl) == 0);
            ck_assert_uint_eq(ns, scount[i]);
            for (size_t j = 0; j < ns; j++) {
                uint8_t sl;
                ck_assert_int_eq(liion_gem300_msg_get_slot(&sl, m, i, j), LIION_OK);
                ck_assert_uint_eq(sl, slots[k++]);
            }
        }
        ck_assert_uint_eq(liion_gem300_msg_count(m, LIION_GEM300_F_ATTRS), np);
        for (size_t i = 0; i < np; i++) {
            const uint8_t *nm;
            size_t nl;
            const liion_secs_item *v;
            ck_assert_int_eq(liion_gem300_msg_get_attr(&nm, &nl, &v, m, i), LIION_OK);
            ck_assert(nl == plens[i] && memcmp(nm, pnames[i], nl) == 0);
            ck_assert(liion_secs_item_equal(v, vals[i]));
            liion_secs_item_free(vals[i]);
        }
        ck_assert_uint_eq(liion_gem300_msg_count(m, LIION_GEM300_F_PAUSE_EVENTS), nq);
        for (size_t i = 0; i < nq; i++) {
            uint64_t ce;
            ck_assert_int_eq(liion_gem300_msg_get_pause_event(&ce, m, i), LIION_OK);
            ck_assert_uint_eq(ce, pause[i]);
        }
        /* every strict prefix is refused, never crashes */
        if (iter < 20)
            for (size_t cut = 1; cut < n; cut++)
                ck_assert_int_ne(liion_gem300_msg_decode(m, LIION_GEM300_S16F11, b, cut), LIION_OK);
    }
    liion_gem300_msg_free(m);
    liion_ctx_free(ctx);
}
END_TEST

static liion_status body_alloc_new_models(const liion_allocator *hooks, void *user)
{
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *ctx = NULL;
    liion_e87_carrier *c = NULL;
    liion_e90_substrate *s = NULL;
    liion_e90_location *l = NULL;
    liion_gem300_msg *m = NULL;
    liion_status r;
    uint8_t b[128];
    size_t n = 0;
    (void)user;
    o.allocator = hooks;
    r = liion_ctx_new(&ctx, &o);
    if (r != LIION_OK)
        return r;
    r = liion_e87_carrier_new(&c, NULL, NULL, ctx, LIION_E87_ID_NOT_READ);
    if (r == LIION_OK)
        r = liion_e90_substrate_new(&s, NULL, NULL, ctx);
    if (r == LIION_OK)
        r = liion_e90_location_new(&l, ctx, LIION_E90_UNOCCUPIED);
    if (r == LIION_OK)
        r = liion_gem300_msg_new(&m, ctx);
    if (r == LIION_OK)
        r = liion_gem300_s16f5_encode(b, sizeof b, &n, ctx, 8, "PJ1", 3, "START", 5, NULL, NULL,
                                      NULL, 0);
    if (r == LIION_OK)
        r = liion_gem300_msg_decode(m, LIION_GEM300_S16F5, b, n);
    if (r == LIION_OK)
        r = liion_gem300_msg_decode(m, LIION_GEM300_S16F5, b, n); /* reuse: no new allocation */
    if (r != LIION_OK) {
        ck_assert(c == NULL || s == NULL || l == NULL || m == NULL || r == LIION_E_NOMEM);
    }
    liion_gem300_msg_free(m);
    liion_e90_location_free(l);
    liion_e90_substrate_free(s);
    liion_e87_carrier_free(c);
    liion_ctx_free(ctx);
    return r;
}

START_TEST(alloc_failures_new_models)
{
    ck_assert_uint_gt(
        liion_test_alloc_loop("e87 carrier, e90 substrate and location, gem300 msg decode",
                              body_alloc_new_models, NULL),
        4);
}
END_TEST

/* ---- allocation failures ---------------------------------------------------------------- */

static liion_status body_alloc(const liion_allocator *hooks, void *user)
{
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *ctx = NULL;
    liion_e40_job *p = NULL;
    liion_e94_job *c = NULL;
    liion_e87_port *lp = NULL;
    liion_status s;
    (void)user;
    o.allocator = hooks;
    s = liion_ctx_new(&ctx, &o);
    if (s != LIION_OK)
        return s;
    s = liion_e40_job_new(&p, ctx, 0);
    if (s == LIION_OK)
        s = liion_e94_job_new(&c, ctx, LIION_E94_AUTO_START);
    if (s == LIION_OK)
        s = liion_e40_job_apply(NULL, p, LIION_E40_EV_SETUP);
    if (s == LIION_OK)
        s = liion_e94_job_apply(NULL, c, LIION_E94_EV_SELECT);
    if (s == LIION_OK)
        s = liion_e87_port_new(&lp, ctx, LIION_E87_READY_TO_LOAD);
    if (s == LIION_OK)
        s = liion_e87_port_apply(NULL, NULL, lp, LIION_E87_EV_TRANSFER_STARTED);
    if (s != LIION_OK)
        ck_assert_ptr_null(lp);
    liion_e87_port_free(lp);
    liion_e94_job_free(c);
    liion_e40_job_free(p);
    liion_ctx_free(ctx);
    return s;
}

START_TEST(alloc_failures)
{
    ck_assert_uint_gt(liion_test_alloc_loop("e40, e94 jobs and e87 port", body_alloc, NULL), 3);
}
END_TEST

static Suite *gem300_suite(void)
{
    Suite *s = suite_create("gem300");
    TCase *tc = tcase_create("e40");
    tcase_add_test(tc, e40_every_pair);
    tcase_add_test(tc, e40_auto_start_and_resume_target);
    tcase_add_test(tc, e40_misuse);
    suite_add_tcase(s, tc);
    tc = tcase_create("e94");
    tcase_add_test(tc, e94_every_pair);
    tcase_add_test(tc, e94_auto_start_and_misuse);
    suite_add_tcase(s, tc);
    tc = tcase_create("e87");
    tcase_add_test(tc, e87_every_pair);
    tcase_add_test(tc, e87_cycle_and_misuse);
    tcase_add_test(tc, e87_port_models_every_pair);
    tcase_add_test(tc, alloc_failures);
    suite_add_tcase(s, tc);
    tc = tcase_create("e87_carrier");
    tcase_add_test(tc, e87c_every_pair);
    tcase_add_test(tc, e87c_creation_pwc_slot_map);
    suite_add_tcase(s, tc);
    tc = tcase_create("e90");
    tcase_add_test(tc, e90_every_pair);
    tcase_add_test(tc, e90_removed_location_misuse);
    suite_add_tcase(s, tc);
    tc = tcase_create("messages");
    tcase_add_test(tc, msg_vectors);
    tcase_add_test(tc, msg_errors_and_offsets);
    tcase_add_test(tc, msg_encode_errors);
    tcase_add_test(tc, msg_random_round_trip);
    tcase_add_test(tc, alloc_failures_new_models);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return liion_test_run(gem300_suite());
}
