/*
 * GEM300 state models: E40 process job and E94 control job. Each apply() computes the next
 * state and the standard's transition number; an event not allowed in the current state is
 * refused with LIION_E_STATE, a message naming the state and the event, and no change.
 */
#include "core/core.h"

#include <liion/gem300.h>
#include <string.h>

#define LIION__MAGIC_E40 0x65343070u /* "e40p" */
#define LIION__MAGIC_E94 0x65393463u /* "e94c" */

struct liion_e40_job {
    uint32_t magic;
    liion_ctx *ctx;
    liion_e40_state state;
    liion_e40_state resume_to; /* executing substate a PAUSE came from */
    uint32_t flags;
};

struct liion_e94_job {
    uint32_t magic;
    liion_ctx *ctx;
    liion_e94_state state;
    uint32_t flags;
};

/* ---- E40 -------------------------------------------------------------------------------- */

const char *liion_e40_state_str(liion_e40_state state)
{
    switch (state) {
    case LIION_E40_QUEUED: return "QUEUED/POOLED";
    case LIION_E40_SETTING_UP: return "SETTING UP";
    case LIION_E40_WAITING_FOR_START: return "WAITING FOR START";
    case LIION_E40_PROCESSING: return "PROCESSING";
    case LIION_E40_PROCESS_COMPLETE: return "PROCESS COMPLETE";
    case LIION_E40_PAUSING: return "PAUSING";
    case LIION_E40_PAUSED: return "PAUSED";
    case LIION_E40_STOPPING: return "STOPPING";
    case LIION_E40_ABORTING: return "ABORTING";
    case LIION_E40_STOPPED: return "STOPPED";
    case LIION_E40_ABORTED: return "ABORTED";
    case LIION_E40_REMOVED: return "REMOVED";
    default: return "unknown state";
    }
}

const char *liion_e40_event_str(liion_e40_event ev)
{
    switch (ev) {
    case LIION_E40_EV_SETUP: return "SETUP";
    case LIION_E40_EV_SETUP_DONE: return "SETUP DONE";
    case LIION_E40_EV_START: return "START";
    case LIION_E40_EV_PROCESS_DONE: return "PROCESS DONE";
    case LIION_E40_EV_PAUSE: return "PAUSE";
    case LIION_E40_EV_PAUSE_DONE: return "PAUSE DONE";
    case LIION_E40_EV_RESUME: return "RESUME";
    case LIION_E40_EV_STOP: return "STOP";
    case LIION_E40_EV_STOP_DONE: return "STOP DONE";
    case LIION_E40_EV_ABORT: return "ABORT";
    case LIION_E40_EV_ABORT_DONE: return "ABORT DONE";
    case LIION_E40_EV_CANCEL: return "CANCEL";
    case LIION_E40_EV_REMOVE: return "REMOVE";
    default: return "unknown event";
    }
}

liion_status liion_e40_job_new(liion_e40_job **out, liion_ctx *ctx, uint32_t flags)
{
    liion_e40_job *j;
    liion_status s;
    if (out == NULL)
        return LIION_E_INVALID_ARG;
    *out = NULL;
    s = liion__ctx_enter(ctx);
    if (s != LIION_OK)
        return s;
    if (flags & ~LIION_E40_AUTO_START)
        return liion__error(ctx, LIION_E_INVALID_ARG, "e40 process job: unknown flag 0x%x",
                            (unsigned)flags);
    j = liion__calloc(ctx, 1, sizeof *j);
    if (j == NULL)
        return LIION_E_NOMEM;
    j->magic = LIION__MAGIC_E40;
    j->ctx = ctx;
    j->state = LIION_E40_QUEUED;
    j->resume_to = LIION_E40_QUEUED;
    j->flags = flags;
    *out = j;
    return LIION_OK;
}

void liion_e40_job_free(liion_e40_job *job)
{
    if (job == NULL || job->magic != LIION__MAGIC_E40)
        return;
    job->magic = LIION__MAGIC_DEAD;
    liion__free(job->ctx, job, sizeof *job);
}

liion_e40_state liion_e40_job_get_state(const liion_e40_job *job)
{
    return job && job->magic == LIION__MAGIC_E40 ? job->state : LIION_E40_QUEUED;
}

static int e40_executing(liion_e40_state s)
{
    return s == LIION_E40_SETTING_UP || s == LIION_E40_WAITING_FOR_START ||
           s == LIION_E40_PROCESSING;
}

static int e40_paused(liion_e40_state s)
{
    return s == LIION_E40_PAUSING || s == LIION_E40_PAUSED;
}

liion_status liion_e40_job_apply(uint32_t *transition, liion_e40_job *job, liion_e40_event ev)
{
    liion_e40_state st, next = LIION_E40_STATE__FORCE_INT32;
    uint32_t tn = 0;
    liion_status s;
    if (transition != NULL)
        *transition = 0;
    if (job == NULL)
        return LIION_E_INVALID_ARG;
    if (job->magic != LIION__MAGIC_E40)
        return LIION_E_MISUSE;
    s = liion__ctx_enter(job->ctx);
    if (s != LIION_OK)
        return s;
    st = job->state;
    switch (ev) {
    case LIION_E40_EV_SETUP:
        if (st == LIION_E40_QUEUED)
            next = LIION_E40_SETTING_UP, tn = 2;
        break;
    case LIION_E40_EV_SETUP_DONE:
        if (st == LIION_E40_SETTING_UP) {
            if (job->flags & LIION_E40_AUTO_START)
                next = LIION_E40_PROCESSING, tn = 4;
            else
                next = LIION_E40_WAITING_FOR_START, tn = 3;
        }
        break;
    case LIION_E40_EV_START:
        if (st == LIION_E40_WAITING_FOR_START)
            next = LIION_E40_PROCESSING, tn = 5;
        break;
    case LIION_E40_EV_PROCESS_DONE:
        if (st == LIION_E40_PROCESSING)
            next = LIION_E40_PROCESS_COMPLETE, tn = 6;
        break;
    case LIION_E40_EV_PAUSE:
        if (e40_executing(st))
            next = LIION_E40_PAUSING, tn = 8;
        break;
    case LIION_E40_EV_PAUSE_DONE:
        if (st == LIION_E40_PAUSING)
            next = LIION_E40_PAUSED, tn = 9;
        break;
    case LIION_E40_EV_RESUME:
        if (e40_paused(st))
            next = job->resume_to, tn = 10;
        break;
    case LIION_E40_EV_STOP:
        if (e40_executing(st))
            next = LIION_E40_STOPPING, tn = 11;
        else if (e40_paused(st))
            next = LIION_E40_STOPPING, tn = 12;
        break;
    case LIION_E40_EV_STOP_DONE:
        if (st == LIION_E40_STOPPING)
            next = LIION_E40_STOPPED, tn = 17;
        break;
    case LIION_E40_EV_ABORT:
        if (e40_executing(st))
            next = LIION_E40_ABORTING, tn = 13;
        else if (st == LIION_E40_STOPPING)
            next = LIION_E40_ABORTING, tn = 14;
        else if (e40_paused(st))
            next = LIION_E40_ABORTING, tn = 15;
        break;
    case LIION_E40_EV_ABORT_DONE:
        if (st == LIION_E40_ABORTING)
            next = LIION_E40_ABORTED, tn = 16;
        break;
    case LIION_E40_EV_CANCEL:
        if (st == LIION_E40_QUEUED)
            next = LIION_E40_REMOVED, tn = 18;
        break;
    case LIION_E40_EV_REMOVE:
        if (st == LIION_E40_PROCESS_COMPLETE || st == LIION_E40_STOPPED ||
            st == LIION_E40_ABORTED)
            next = LIION_E40_REMOVED, tn = 7;
        break;
    default:
        return liion__error(job->ctx, LIION_E_INVALID_ARG, "e40 process job: unknown event %d",
                            (int)ev);
    }
    if (tn == 0)
        return liion__error(job->ctx, LIION_E_STATE,
                            "e40 process job: event %s not allowed in state %s (%d)",
                            liion_e40_event_str(ev), liion_e40_state_str(st), (int)st);
    if (ev == LIION_E40_EV_PAUSE)
        job->resume_to = st;
    job->state = next;
    if (transition != NULL)
        *transition = tn;
    return LIION_OK;
}

/* ---- E94 -------------------------------------------------------------------------------- */

const char *liion_e94_state_str(liion_e94_state state)
{
    switch (state) {
    case LIION_E94_QUEUED: return "QUEUED";
    case LIION_E94_SELECTED: return "SELECTED";
    case LIION_E94_WAITING_FOR_START: return "WAITING FOR START";
    case LIION_E94_EXECUTING: return "EXECUTING";
    case LIION_E94_PAUSED: return "PAUSED";
    case LIION_E94_COMPLETED: return "COMPLETED";
    case LIION_E94_REMOVED: return "REMOVED";
    default: return "unknown state";
    }
}

const char *liion_e94_event_str(liion_e94_event ev)
{
    switch (ev) {
    case LIION_E94_EV_SELECT: return "select";
    case LIION_E94_EV_DESELECT: return "CJDeselect";
    case LIION_E94_EV_MATERIAL_ARRIVED: return "material arrived";
    case LIION_E94_EV_START: return "CJStart";
    case LIION_E94_EV_PAUSE: return "CJPause";
    case LIION_E94_EV_RESUME: return "CJResume";
    case LIION_E94_EV_PROCESS_DONE: return "process jobs done";
    case LIION_E94_EV_STOP: return "CJStop";
    case LIION_E94_EV_ABORT: return "CJAbort";
    case LIION_E94_EV_CANCEL: return "CJCancel";
    case LIION_E94_EV_HOQ: return "CJHOQ";
    case LIION_E94_EV_REMOVE: return "remove";
    default: return "unknown event";
    }
}

liion_status liion_e94_job_new(liion_e94_job **out, liion_ctx *ctx, uint32_t flags)
{
    liion_e94_job *j;
    liion_status s;
    if (out == NULL)
        return LIION_E_INVALID_ARG;
    *out = NULL;
    s = liion__ctx_enter(ctx);
    if (s != LIION_OK)
        return s;
    if (flags & ~LIION_E94_AUTO_START)
        return liion__error(ctx, LIION_E_INVALID_ARG, "e94 control job: unknown flag 0x%x",
                            (unsigned)flags);
    j = liion__calloc(ctx, 1, sizeof *j);
    if (j == NULL)
        return LIION_E_NOMEM;
    j->magic = LIION__MAGIC_E94;
    j->ctx = ctx;
    j->state = LIION_E94_QUEUED;
    j->flags = flags;
    *out = j;
    return LIION_OK;
}

void liion_e94_job_free(liion_e94_job *job)
{
    if (job == NULL || job->magic != LIION__MAGIC_E94)
        return;
    job->magic = LIION__MAGIC_DEAD;
    liion__free(job->ctx, job, sizeof *job);
}

liion_e94_state liion_e94_job_get_state(const liion_e94_job *job)
{
    return job && job->magic == LIION__MAGIC_E94 ? job->state : LIION_E94_QUEUED;
}

static int e94_active(liion_e94_state s)
{
    return s == LIION_E94_SELECTED || s == LIION_E94_WAITING_FOR_START ||
           s == LIION_E94_EXECUTING || s == LIION_E94_PAUSED;
}

liion_status liion_e94_job_apply(uint32_t *transition, liion_e94_job *job, liion_e94_event ev)
{
    liion_e94_state st, next = LIION_E94_STATE__FORCE_INT32;
    int ok = 0;
    uint32_t tn = 0;
    liion_status s;
    if (transition != NULL)
        *transition = 0;
    if (job == NULL)
        return LIION_E_INVALID_ARG;
    if (job->magic != LIION__MAGIC_E94)
        return LIION_E_MISUSE;
    s = liion__ctx_enter(job->ctx);
    if (s != LIION_OK)
        return s;
    st = job->state;
    switch (ev) {
    case LIION_E94_EV_SELECT:
        if (st == LIION_E94_QUEUED)
            next = LIION_E94_SELECTED, tn = 3;
        break;
    case LIION_E94_EV_DESELECT:
        if (st == LIION_E94_SELECTED)
            next = LIION_E94_QUEUED, tn = 4;
        break;
    case LIION_E94_EV_MATERIAL_ARRIVED:
        if (st == LIION_E94_SELECTED) {
            if (job->flags & LIION_E94_AUTO_START)
                next = LIION_E94_EXECUTING, tn = 6;
            else
                next = LIION_E94_WAITING_FOR_START, tn = 5;
        }
        break;
    case LIION_E94_EV_START:
        if (st == LIION_E94_WAITING_FOR_START)
            next = LIION_E94_EXECUTING, tn = 7;
        break;
    case LIION_E94_EV_PAUSE:
        if (st == LIION_E94_EXECUTING)
            next = LIION_E94_PAUSED, tn = 8;
        break;
    case LIION_E94_EV_RESUME:
        if (st == LIION_E94_PAUSED)
            next = LIION_E94_EXECUTING, tn = 9;
        break;
    case LIION_E94_EV_PROCESS_DONE:
        if (st == LIION_E94_EXECUTING)
            next = LIION_E94_COMPLETED, tn = 10;
        break;
    case LIION_E94_EV_STOP:
    case LIION_E94_EV_ABORT:
        if (st == LIION_E94_QUEUED)
            next = LIION_E94_REMOVED, tn = 2;
        else if (e94_active(st))
            next = LIION_E94_COMPLETED, tn = ev == LIION_E94_EV_STOP ? 11u : 12u;
        break;
    case LIION_E94_EV_CANCEL:
        if (st == LIION_E94_QUEUED)
            next = LIION_E94_REMOVED, tn = 2;
        break;
    case LIION_E94_EV_HOQ:
        if (st == LIION_E94_QUEUED)
            next = LIION_E94_QUEUED, ok = 1; /* queue order only: no state transition */
        break;
    case LIION_E94_EV_REMOVE:
        if (st == LIION_E94_COMPLETED)
            next = LIION_E94_REMOVED, tn = 13;
        break;
    default:
        return liion__error(job->ctx, LIION_E_INVALID_ARG, "e94 control job: unknown event %d",
                            (int)ev);
    }
    if (tn == 0 && !ok)
        return liion__error(job->ctx, LIION_E_STATE,
                            "e94 control job: event %s not allowed in state %s (%d)",
                            liion_e94_event_str(ev), liion_e94_state_str(st), (int)st);
    job->state = next;
    if (transition != NULL)
        *transition = tn;
    return LIION_OK;
}

/* ---- E87 load port transfer state -------------------------------------------------------- */

#define LIION__MAGIC_E87 0x65383770u /* "e87p" */

struct liion_e87_port {
    uint32_t magic;
    liion_ctx *ctx;
    liion_e87_lts_state state;
};

const char *liion_e87_lts_state_str(liion_e87_lts_state state)
{
    switch (state) {
    case LIION_E87_OUT_OF_SERVICE: return "OUT OF SERVICE";
    case LIION_E87_TRANSFER_BLOCKED: return "TRANSFER BLOCKED";
    case LIION_E87_READY_TO_LOAD: return "READY TO LOAD";
    case LIION_E87_READY_TO_UNLOAD: return "READY TO UNLOAD";
    case LIION_E87_IN_SERVICE: return "IN SERVICE";
    case LIION_E87_TRANSFER_READY: return "TRANSFER READY";
    default: return "unknown state";
    }
}

const char *liion_e87_lts_event_str(liion_e87_lts_event ev)
{
    switch (ev) {
    case LIION_E87_EV_OUT_OF_SERVICE: return "out of service";
    case LIION_E87_EV_IN_SERVICE_BLOCKED: return "in service blocked";
    case LIION_E87_EV_IN_SERVICE_LOAD: return "in service ready to load";
    case LIION_E87_EV_IN_SERVICE_UNLOAD: return "in service ready to unload";
    case LIION_E87_EV_TRANSFER_STARTED: return "transfer started";
    case LIION_E87_EV_READY_TO_LOAD: return "ready to load";
    case LIION_E87_EV_READY_TO_UNLOAD: return "ready to unload";
    case LIION_E87_EV_FAILED_TO_LOAD: return "transfer failed, port empty";
    case LIION_E87_EV_FAILED_TO_UNLOAD: return "transfer failed, carrier present";
    default: return "unknown event";
    }
}

liion_status liion_e87_port_new(liion_e87_port **out, liion_ctx *ctx, liion_e87_lts_state initial)
{
    liion_e87_port *p;
    liion_status s;
    if (out == NULL)
        return LIION_E_INVALID_ARG;
    *out = NULL;
    s = liion__ctx_enter(ctx);
    if (s != LIION_OK)
        return s;
    if ((int)initial < (int)LIION_E87_OUT_OF_SERVICE || (int)initial > (int)LIION_E87_READY_TO_UNLOAD)
        return liion__error(ctx, LIION_E_INVALID_ARG,
                            "e87 load port: initial state %d is not a leaf state (0-3)",
                            (int)initial);
    p = liion__calloc(ctx, 1, sizeof *p);
    if (p == NULL)
        return LIION_E_NOMEM;
    p->magic = LIION__MAGIC_E87;
    p->ctx = ctx;
    p->state = initial;
    *out = p;
    return LIION_OK;
}

void liion_e87_port_free(liion_e87_port *port)
{
    if (port == NULL || port->magic != LIION__MAGIC_E87)
        return;
    port->magic = LIION__MAGIC_DEAD;
    liion__free(port->ctx, port, sizeof *port);
}

liion_e87_lts_state liion_e87_port_get_state(const liion_e87_port *port)
{
    return port && port->magic == LIION__MAGIC_E87 ? port->state : LIION_E87_OUT_OF_SERVICE;
}

liion_status liion_e87_port_apply(uint32_t *transitions, size_t *count, liion_e87_port *port,
                                  liion_e87_lts_event ev)
{
    liion_e87_lts_state st, next = LIION_E87_LTS_STATE__FORCE_INT32;
    uint32_t tn[LIION_E87_MAX_TRANSITIONS] = {0, 0, 0};
    size_t n = 0;
    liion_status s;
    if (count != NULL)
        *count = 0;
    if (port == NULL)
        return LIION_E_INVALID_ARG;
    if (port->magic != LIION__MAGIC_E87)
        return LIION_E_MISUSE;
    s = liion__ctx_enter(port->ctx);
    if (s != LIION_OK)
        return s;
    st = port->state;
    switch (ev) {
    case LIION_E87_EV_OUT_OF_SERVICE:
        if (st != LIION_E87_OUT_OF_SERVICE)
            next = LIION_E87_OUT_OF_SERVICE, tn[n++] = 3;
        break;
    case LIION_E87_EV_IN_SERVICE_BLOCKED:
        if (st == LIION_E87_OUT_OF_SERVICE)
            next = LIION_E87_TRANSFER_BLOCKED, tn[n++] = 2, tn[n++] = 4;
        break;
    case LIION_E87_EV_IN_SERVICE_LOAD:
    case LIION_E87_EV_IN_SERVICE_UNLOAD:
        if (st == LIION_E87_OUT_OF_SERVICE) {
            next = ev == LIION_E87_EV_IN_SERVICE_LOAD ? LIION_E87_READY_TO_LOAD
                                                      : LIION_E87_READY_TO_UNLOAD;
            tn[n++] = 2, tn[n++] = 4, tn[n++] = 5;
        }
        break;
    case LIION_E87_EV_TRANSFER_STARTED:
        if (st == LIION_E87_READY_TO_LOAD)
            next = LIION_E87_TRANSFER_BLOCKED, tn[n++] = 6;
        else if (st == LIION_E87_READY_TO_UNLOAD)
            next = LIION_E87_TRANSFER_BLOCKED, tn[n++] = 7;
        break;
    case LIION_E87_EV_READY_TO_LOAD:
        if (st == LIION_E87_TRANSFER_BLOCKED)
            next = LIION_E87_READY_TO_LOAD, tn[n++] = 8;
        break;
    case LIION_E87_EV_READY_TO_UNLOAD:
        if (st == LIION_E87_TRANSFER_BLOCKED)
            next = LIION_E87_READY_TO_UNLOAD, tn[n++] = 9;
        break;
    case LIION_E87_EV_FAILED_TO_LOAD:
    case LIION_E87_EV_FAILED_TO_UNLOAD:
        if (st == LIION_E87_TRANSFER_BLOCKED) {
            next = ev == LIION_E87_EV_FAILED_TO_LOAD ? LIION_E87_READY_TO_LOAD
                                                     : LIION_E87_READY_TO_UNLOAD;
            tn[n++] = 10, tn[n++] = 5;
        }
        break;
    default:
        return liion__error(port->ctx, LIION_E_INVALID_ARG, "e87 load port: unknown event %d",
                            (int)ev);
    }
    if (n == 0)
        return liion__error(port->ctx, LIION_E_STATE,
                            "e87 load port: event %s not allowed in state %s (%d)",
                            liion_e87_lts_event_str(ev), liion_e87_lts_state_str(st), (int)st);
    port->state = next;
    if (transitions != NULL)
        memcpy(transitions, tn, n * sizeof tn[0]);
    if (count != NULL)
        *count = n;
    return LIION_OK;
}
