/* GEM300 state models (E40 process job, E94 control job, E87 load port transfer state): every legal transition (state
 * before, event, state after, transition number) from an independent table, every other
 * (state, event) pair refused with LIION_E_STATE and a message naming both, the standard's
 * numeric values, misuse, and allocation failures. Includes only <liion/liion.h>. */
#include <liion/liion.h>

#include <check.h>
#include <stdio.h>
#include <string.h>

#include "support/failalloc.h"
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
    {1, DES, 0, 4},  {1, MAT, 2, 5},   {1, CSP, 5, 11},  {1, CAB, 5, 12},
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
    ck_assert_uint_eq(tn, 6);
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
    tcase_add_test(tc, alloc_failures);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return liion_test_run(gem300_suite());
}
