/*
 * GEM300 state models: E40 process job, E94 control job, E87 load port and carrier, E90
 * substrate and location. Each apply() computes the next
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
            /* E94 numbering: 5 SELECTED -> EXECUTING (auto start), 6 SELECTED -> WAITING FOR
             * START; see the guide for the sources. */
            if (job->flags & LIION_E94_AUTO_START)
                next = LIION_E94_EXECUTING, tn = 5;
            else
                next = LIION_E94_WAITING_FOR_START, tn = 6;
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
    liion_e87_access_mode access;     /* AMS */
    liion_e87_reservation reservation; /* LRS */
    liion_e87_association association; /* LCAS */
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

const char *liion_e87_port_event_str(liion_e87_port_event ev)
{
    switch (ev) {
    case LIION_E87_PEV_SET_AUTO: return "change access to auto";
    case LIION_E87_PEV_SET_MANUAL: return "change access to manual";
    case LIION_E87_PEV_RESERVE: return "reserve";
    case LIION_E87_PEV_CANCEL_RESERVATION: return "cancel reservation";
    case LIION_E87_PEV_ASSOCIATE: return "associate";
    case LIION_E87_PEV_DISASSOCIATE: return "disassociate";
    case LIION_E87_PEV_REASSOCIATE: return "reassociate";
    default: return "unknown event";
    }
}

liion_status liion_e87_port_change(uint32_t *transition, liion_e87_port *port,
                                   liion_e87_port_event ev)
{
    const char *model, *state;
    uint32_t tn = 0;
    liion_status s;
    if (transition != NULL)
        *transition = 0;
    if (port == NULL)
        return LIION_E_INVALID_ARG;
    if (port->magic != LIION__MAGIC_E87)
        return LIION_E_MISUSE;
    if ((s = liion__ctx_enter(port->ctx)) != LIION_OK)
        return s;
    switch (ev) {
    case LIION_E87_PEV_SET_AUTO:
    case LIION_E87_PEV_SET_MANUAL: {
        liion_e87_access_mode to = ev == LIION_E87_PEV_SET_AUTO ? LIION_E87_AUTO : LIION_E87_MANUAL;
        model = "access mode";
        state = port->access == LIION_E87_AUTO ? "AUTO" : "MANUAL";
        if (port->state == LIION_E87_TRANSFER_BLOCKED)
            return liion__error(port->ctx, LIION_E_STATE,
                                "e87 load port: %s refused while the port is TRANSFER BLOCKED "
                                "(a transfer may be running)",
                                liion_e87_port_event_str(ev));
        if (port->access != to) {
            port->access = to;
            tn = to == LIION_E87_AUTO ? 2 : 3;
        }
        break;
    }
    case LIION_E87_PEV_RESERVE:
    case LIION_E87_PEV_CANCEL_RESERVATION:
        model = "reservation";
        state = port->reservation == LIION_E87_RESERVED ? "RESERVED" : "NOT RESERVED";
        if (ev == LIION_E87_PEV_RESERVE && port->reservation == LIION_E87_NOT_RESERVED)
            port->reservation = LIION_E87_RESERVED, tn = 2;
        else if (ev == LIION_E87_PEV_CANCEL_RESERVATION && port->reservation == LIION_E87_RESERVED)
            port->reservation = LIION_E87_NOT_RESERVED, tn = 3;
        break;
    case LIION_E87_PEV_ASSOCIATE:
    case LIION_E87_PEV_DISASSOCIATE:
    case LIION_E87_PEV_REASSOCIATE:
        model = "association";
        state = port->association == LIION_E87_ASSOCIATED ? "ASSOCIATED" : "NOT ASSOCIATED";
        if (ev == LIION_E87_PEV_ASSOCIATE && port->association == LIION_E87_NOT_ASSOCIATED)
            port->association = LIION_E87_ASSOCIATED, tn = 2;
        else if (ev == LIION_E87_PEV_DISASSOCIATE && port->association == LIION_E87_ASSOCIATED)
            port->association = LIION_E87_NOT_ASSOCIATED, tn = 3;
        else if (ev == LIION_E87_PEV_REASSOCIATE && port->association == LIION_E87_ASSOCIATED)
            tn = 4;
        break;
    default:
        return liion__error(port->ctx, LIION_E_INVALID_ARG, "e87 load port: unknown event %d",
                            (int)ev);
    }
    if (tn == 0)
        return liion__error(port->ctx, LIION_E_STATE,
                            "e87 load port: event %s not allowed in %s state %s",
                            liion_e87_port_event_str(ev), model, state);
    if (transition != NULL)
        *transition = tn;
    return LIION_OK;
}

liion_e87_access_mode liion_e87_port_access_mode(const liion_e87_port *port)
{
    return port && port->magic == LIION__MAGIC_E87 ? port->access : LIION_E87_MANUAL;
}

liion_e87_reservation liion_e87_port_reservation(const liion_e87_port *port)
{
    return port && port->magic == LIION__MAGIC_E87 ? port->reservation : LIION_E87_NOT_RESERVED;
}

liion_e87_association liion_e87_port_association(const liion_e87_port *port)
{
    return port && port->magic == LIION__MAGIC_E87 ? port->association
                                                   : LIION_E87_NOT_ASSOCIATED;
}

/* ---- E87 carrier object ------------------------------------------------------------------- */

#define LIION__MAGIC_E87C 0x65383763u /* "e87c" */

struct liion_e87_carrier {
    uint32_t magic;
    int removed;
    liion_ctx *ctx;
    liion_e87_cids cids;
    liion_e87_csms csms;
    liion_e87_cas cas;
    size_t nslots;
    uint8_t slots[LIION_E87_MAX_SLOTS];
};

const char *liion_e87_cids_str(liion_e87_cids v)
{
    switch (v) {
    case LIION_E87_ID_NOT_READ: return "ID NOT READ";
    case LIION_E87_ID_WAITING_FOR_HOST: return "WAITING FOR HOST";
    case LIION_E87_ID_VERIFICATION_OK: return "ID VERIFICATION OK";
    case LIION_E87_ID_VERIFICATION_FAILED: return "ID VERIFICATION FAILED";
    default: return "unknown state";
    }
}

const char *liion_e87_csms_str(liion_e87_csms v)
{
    switch (v) {
    case LIION_E87_SLOT_MAP_NOT_READ: return "SLOT MAP NOT READ";
    case LIION_E87_SLOT_MAP_WAITING_FOR_HOST: return "WAITING FOR HOST";
    case LIION_E87_SLOT_MAP_VERIFICATION_OK: return "SLOT MAP VERIFICATION OK";
    case LIION_E87_SLOT_MAP_VERIFICATION_FAILED: return "SLOT MAP VERIFICATION FAILED";
    default: return "unknown state";
    }
}

const char *liion_e87_cas_str(liion_e87_cas v)
{
    switch (v) {
    case LIION_E87_NOT_ACCESSED: return "NOT ACCESSED";
    case LIION_E87_IN_ACCESS: return "IN ACCESS";
    case LIION_E87_CARRIER_COMPLETE: return "CARRIER COMPLETE";
    case LIION_E87_CARRIER_STOPPED: return "CARRIER STOPPED";
    default: return "unknown state";
    }
}

const char *liion_e87_slot_state_str(liion_e87_slot_state v)
{
    switch (v) {
    case LIION_E87_SLOT_UNDEFINED: return "UNDEFINED";
    case LIION_E87_SLOT_EMPTY: return "EMPTY";
    case LIION_E87_SLOT_NOT_EMPTY: return "NOT EMPTY";
    case LIION_E87_SLOT_CORRECTLY_OCCUPIED: return "CORRECTLY OCCUPIED";
    case LIION_E87_SLOT_DOUBLE_SLOTTED: return "DOUBLE SLOTTED";
    case LIION_E87_SLOT_CROSS_SLOTTED: return "CROSS SLOTTED";
    default: return "unknown slot state";
    }
}

const char *liion_e87_carrier_event_str(liion_e87_carrier_event ev)
{
    switch (ev) {
    case LIION_E87_CEV_ID_READ_OK: return "ID read and verified";
    case LIION_E87_CEV_ID_READ_WAIT: return "ID read, host to verify";
    case LIION_E87_CEV_ID_PROCEED: return "ProceedWithCarrier (ID)";
    case LIION_E87_CEV_ID_CANCEL: return "CancelCarrier (ID)";
    case LIION_E87_CEV_ID_READER_OFFLINE: return "ID reader unavailable";
    case LIION_E87_CEV_ID_BYPASS: return "ID reader bypassed";
    case LIION_E87_CEV_SLOT_MAP_READ_OK: return "slot map read and verified";
    case LIION_E87_CEV_SLOT_MAP_READ_WAIT: return "slot map read, host to verify";
    case LIION_E87_CEV_SLOT_MAP_PROCEED: return "ProceedWithCarrier (slot map)";
    case LIION_E87_CEV_SLOT_MAP_CANCEL: return "CancelCarrier (slot map)";
    case LIION_E87_CEV_ACCESS_STARTED: return "access started";
    case LIION_E87_CEV_ACCESS_COMPLETE: return "access complete";
    case LIION_E87_CEV_ACCESS_STOPPED: return "access stopped";
    case LIION_E87_CEV_REMOVE: return "carrier removed";
    case LIION_E87_CEV_PROCEED: return "ProceedWithCarrier";
    case LIION_E87_CEV_CANCEL: return "CancelCarrier";
    default: return "unknown event";
    }
}

liion_status liion_e87_carrier_new(liion_e87_carrier **out, uint32_t *transitions, size_t *count,
                                   liion_ctx *ctx, liion_e87_cids initial)
{
    static const uint32_t entry[4] = {2, 3, 4, 5};
    liion_e87_carrier *c;
    liion_status s;
    if (count != NULL)
        *count = 0;
    if (out == NULL)
        return LIION_E_INVALID_ARG;
    *out = NULL;
    s = liion__ctx_enter(ctx);
    if (s != LIION_OK)
        return s;
    if ((int)initial < 0 || (int)initial > 3)
        return liion__error(ctx, LIION_E_INVALID_ARG,
                            "e87 carrier: initial carrier ID status %d is not 0-3", (int)initial);
    c = liion__calloc(ctx, 1, sizeof *c);
    if (c == NULL)
        return LIION_E_NOMEM;
    c->magic = LIION__MAGIC_E87C;
    c->ctx = ctx;
    c->cids = initial;
    c->csms = LIION_E87_SLOT_MAP_NOT_READ;
    c->cas = LIION_E87_NOT_ACCESSED;
    if (transitions != NULL) {
        transitions[0] = 1;
        transitions[1] = entry[(int)initial];
        transitions[2] = 12;
        transitions[3] = 17;
    }
    if (count != NULL)
        *count = LIION_E87_CARRIER_NEW_TRANSITIONS;
    *out = c;
    return LIION_OK;
}

void liion_e87_carrier_free(liion_e87_carrier *c)
{
    if (c == NULL || c->magic != LIION__MAGIC_E87C)
        return;
    c->magic = LIION__MAGIC_DEAD;
    liion__free(c->ctx, c, sizeof *c);
}

static int e87c_ok(const liion_e87_carrier *c)
{
    return c != NULL && c->magic == LIION__MAGIC_E87C;
}

liion_e87_cids liion_e87_carrier_get_id_status(const liion_e87_carrier *c)
{
    return e87c_ok(c) ? c->cids : LIION_E87_ID_NOT_READ;
}

liion_e87_csms liion_e87_carrier_get_slot_map_status(const liion_e87_carrier *c)
{
    return e87c_ok(c) ? c->csms : LIION_E87_SLOT_MAP_NOT_READ;
}

liion_e87_cas liion_e87_carrier_get_access_status(const liion_e87_carrier *c)
{
    return e87c_ok(c) ? c->cas : LIION_E87_NOT_ACCESSED;
}

int liion_e87_carrier_removed(const liion_e87_carrier *c)
{
    return e87c_ok(c) && c->removed;
}

size_t liion_e87_carrier_slot_count(const liion_e87_carrier *c)
{
    return e87c_ok(c) ? c->nslots : 0;
}

liion_e87_slot_state liion_e87_carrier_get_slot(const liion_e87_carrier *c, size_t index)
{
    if (!e87c_ok(c) || index >= c->nslots)
        return LIION_E87_SLOT_UNDEFINED;
    return (liion_e87_slot_state)c->slots[index];
}

static liion_status e87c_enter(liion_e87_carrier *c)
{
    if (c == NULL)
        return LIION_E_INVALID_ARG;
    if (c->magic != LIION__MAGIC_E87C)
        return LIION_E_MISUSE;
    return liion__ctx_enter(c->ctx);
}

liion_status liion_e87_carrier_set_slot_map(liion_e87_carrier *c, const uint8_t *slots, size_t n)
{
    liion_status s = e87c_enter(c);
    if (s != LIION_OK)
        return s;
    if (slots == NULL)
        return liion__error(c->ctx, LIION_E_INVALID_ARG, "e87 carrier: NULL slot map");
    if (n == 0 || n > LIION_E87_MAX_SLOTS)
        return liion__error(c->ctx, LIION_E_RANGE, "e87 carrier: slot map of %zu slots (1-%u)",
                            n, (unsigned)LIION_E87_MAX_SLOTS);
    if (c->removed || c->csms != LIION_E87_SLOT_MAP_NOT_READ)
        return liion__error(c->ctx, LIION_E_STATE,
                            "e87 carrier: slot map not accepted in slot map state %s (%d)%s",
                            liion_e87_csms_str(c->csms), (int)c->csms,
                            c->removed ? ", carrier removed" : "");
    for (size_t i = 0; i < n; i++)
        if (slots[i] > LIION_E87_SLOT_CROSS_SLOTTED)
            return liion__error(c->ctx, LIION_E_INVALID_ARG,
                                "e87 carrier: slot %zu has value %u, not a slot state (0-5)",
                                i + 1, (unsigned)slots[i]);
    memcpy(c->slots, slots, n);
    c->nslots = n;
    return LIION_OK;
}

static int e87c_map_clean(const liion_e87_carrier *c)
{
    if (c->nslots == 0)
        return 0;
    for (size_t i = 0; i < c->nslots; i++)
        if (c->slots[i] == LIION_E87_SLOT_UNDEFINED ||
            c->slots[i] == LIION_E87_SLOT_DOUBLE_SLOTTED ||
            c->slots[i] == LIION_E87_SLOT_CROSS_SLOTTED)
            return 0;
    return 1;
}

liion_status liion_e87_carrier_apply(uint32_t *transition, liion_e87_carrier *c,
                                     liion_e87_carrier_event ev)
{
    uint32_t tn = 0;
    int machine = 0; /* 0 CIDS, 1 CSMS, 2 CAS */
    int next = -1;
    const char *why = "";
    liion_status s;
    if (transition != NULL)
        *transition = 0;
    s = e87c_enter(c);
    if (s != LIION_OK)
        return s;
    if ((int)ev < 1 || (int)ev > 16)
        return liion__error(c->ctx, LIION_E_INVALID_ARG, "e87 carrier: unknown event %d",
                            (int)ev);
    if (c->removed)
        return liion__error(c->ctx, LIION_E_STATE,
                            "e87 carrier: event %s not allowed: the carrier is removed",
                            liion_e87_carrier_event_str(ev));
    if (ev == LIION_E87_CEV_PROCEED)
        ev = c->cids == LIION_E87_ID_WAITING_FOR_HOST ? LIION_E87_CEV_ID_PROCEED
             : c->csms == LIION_E87_SLOT_MAP_WAITING_FOR_HOST ? LIION_E87_CEV_SLOT_MAP_PROCEED
                                                              : ev;
    else if (ev == LIION_E87_CEV_CANCEL)
        ev = c->cids == LIION_E87_ID_WAITING_FOR_HOST ? LIION_E87_CEV_ID_CANCEL
             : c->csms == LIION_E87_SLOT_MAP_WAITING_FOR_HOST ? LIION_E87_CEV_SLOT_MAP_CANCEL
                                                              : ev;
    switch (ev) {
    case LIION_E87_CEV_ID_READ_OK:
        if (c->cids == LIION_E87_ID_NOT_READ)
            next = LIION_E87_ID_VERIFICATION_OK, tn = 6;
        break;
    case LIION_E87_CEV_ID_READ_WAIT:
        if (c->cids == LIION_E87_ID_NOT_READ)
            next = LIION_E87_ID_WAITING_FOR_HOST, tn = 7;
        break;
    case LIION_E87_CEV_ID_PROCEED:
        if (c->cids == LIION_E87_ID_WAITING_FOR_HOST)
            next = LIION_E87_ID_VERIFICATION_OK, tn = 8;
        break;
    case LIION_E87_CEV_ID_CANCEL:
        if (c->cids == LIION_E87_ID_WAITING_FOR_HOST)
            next = LIION_E87_ID_VERIFICATION_FAILED, tn = 9;
        break;
    case LIION_E87_CEV_ID_READER_OFFLINE:
        if (c->cids == LIION_E87_ID_NOT_READ)
            next = LIION_E87_ID_WAITING_FOR_HOST, tn = 10;
        break;
    case LIION_E87_CEV_ID_BYPASS:
        if (c->cids == LIION_E87_ID_NOT_READ)
            next = LIION_E87_ID_VERIFICATION_OK, tn = 11;
        break;
    case LIION_E87_CEV_SLOT_MAP_READ_OK:
        machine = 1;
        if (c->csms == LIION_E87_SLOT_MAP_NOT_READ) {
            if (e87c_map_clean(c))
                next = LIION_E87_SLOT_MAP_VERIFICATION_OK, tn = 13;
            else
                why = c->nslots == 0 ? " (no slot map stored)"
                                     : " (the slot map has an undefined, double or cross "
                                       "slotted slot)";
        }
        break;
    case LIION_E87_CEV_SLOT_MAP_READ_WAIT:
        machine = 1;
        if (c->csms == LIION_E87_SLOT_MAP_NOT_READ)
            next = LIION_E87_SLOT_MAP_WAITING_FOR_HOST, tn = 14;
        break;
    case LIION_E87_CEV_SLOT_MAP_PROCEED:
        machine = 1;
        if (c->csms == LIION_E87_SLOT_MAP_WAITING_FOR_HOST)
            next = LIION_E87_SLOT_MAP_VERIFICATION_OK, tn = 15;
        break;
    case LIION_E87_CEV_SLOT_MAP_CANCEL:
        machine = 1;
        if (c->csms == LIION_E87_SLOT_MAP_WAITING_FOR_HOST)
            next = LIION_E87_SLOT_MAP_VERIFICATION_FAILED, tn = 16;
        break;
    case LIION_E87_CEV_ACCESS_STARTED:
        machine = 2;
        if (c->cas == LIION_E87_NOT_ACCESSED)
            next = LIION_E87_IN_ACCESS, tn = 18;
        break;
    case LIION_E87_CEV_ACCESS_COMPLETE:
        machine = 2;
        if (c->cas == LIION_E87_IN_ACCESS)
            next = LIION_E87_CARRIER_COMPLETE, tn = 19;
        break;
    case LIION_E87_CEV_ACCESS_STOPPED:
        machine = 2;
        if (c->cas == LIION_E87_IN_ACCESS)
            next = LIION_E87_CARRIER_STOPPED, tn = 20;
        break;
    case LIION_E87_CEV_REMOVE:
        c->removed = 1;
        if (transition != NULL)
            *transition = 21;
        return LIION_OK;
    default: /* PROCEED / CANCEL with nothing waiting for the host */
        return liion__error(c->ctx, LIION_E_STATE,
                            "e87 carrier: event %s not allowed in carrier ID status %s (%d) "
                            "and slot map status %s (%d): nothing waits for the host",
                            liion_e87_carrier_event_str(ev), liion_e87_cids_str(c->cids),
                            (int)c->cids, liion_e87_csms_str(c->csms), (int)c->csms);
    }
    if (tn == 0) {
        if (machine == 0)
            return liion__error(c->ctx, LIION_E_STATE,
                                "e87 carrier: event %s not allowed in carrier ID status %s (%d)",
                                liion_e87_carrier_event_str(ev), liion_e87_cids_str(c->cids),
                                (int)c->cids);
        if (machine == 1)
            return liion__error(c->ctx, LIION_E_STATE,
                                "e87 carrier: event %s not allowed in slot map status %s (%d)%s",
                                liion_e87_carrier_event_str(ev), liion_e87_csms_str(c->csms),
                                (int)c->csms, why);
        return liion__error(c->ctx, LIION_E_STATE,
                            "e87 carrier: event %s not allowed in accessing status %s (%d)",
                            liion_e87_carrier_event_str(ev), liion_e87_cas_str(c->cas),
                            (int)c->cas);
    }
    if (machine == 0)
        c->cids = (liion_e87_cids)next;
    else if (machine == 1)
        c->csms = (liion_e87_csms)next;
    else
        c->cas = (liion_e87_cas)next;
    if (transition != NULL)
        *transition = tn;
    return LIION_OK;
}

/* ---- E90 substrate ------------------------------------------------------------------------ */

#define LIION__MAGIC_E90S 0x65393073u /* "e90s" */
#define LIION__MAGIC_E90L 0x6539306cu /* "e90l" */

struct liion_e90_substrate {
    uint32_t magic;
    liion_ctx *ctx;
    liion_e90_sts sts;
    liion_e90_sps sps;
    liion_e90_sids sids;
};

struct liion_e90_location {
    uint32_t magic;
    liion_ctx *ctx;
    liion_e90_loc_state state;
};

const char *liion_e90_sts_str(liion_e90_sts v)
{
    switch (v) {
    case LIION_E90_AT_SOURCE: return "ATSOURCE";
    case LIION_E90_AT_WORK: return "ATWORK";
    case LIION_E90_AT_DESTINATION: return "ATDESTINATION";
    case LIION_E90_STS_REMOVED: return "REMOVED";
    default: return "unknown state";
    }
}

const char *liion_e90_sps_str(liion_e90_sps v)
{
    switch (v) {
    case LIION_E90_NEEDS_PROCESSING: return "NEEDS PROCESSING";
    case LIION_E90_IN_PROCESS: return "IN PROCESS";
    case LIION_E90_PROCESSED: return "PROCESSED";
    case LIION_E90_ABORTED: return "ABORTED";
    case LIION_E90_STOPPED: return "STOPPED";
    case LIION_E90_REJECTED: return "REJECTED";
    case LIION_E90_LOST: return "LOST";
    case LIION_E90_SKIPPED: return "SKIPPED";
    default: return "unknown state";
    }
}

const char *liion_e90_sids_str(liion_e90_sids v)
{
    switch (v) {
    case LIION_E90_ID_NOT_CONFIRMED: return "NOT CONFIRMED";
    case LIION_E90_ID_WAITING_FOR_HOST: return "WAITING FOR HOST";
    case LIION_E90_ID_CONFIRMED: return "CONFIRMED";
    case LIION_E90_ID_CONFIRMATION_FAILED: return "CONFIRMATION FAILED";
    default: return "unknown state";
    }
}

const char *liion_e90_event_str(liion_e90_event ev)
{
    switch (ev) {
    case LIION_E90_EV_TO_WORK: return "moved to work";
    case LIION_E90_EV_TO_SOURCE: return "moved to source";
    case LIION_E90_EV_TO_DESTINATION: return "moved to destination";
    case LIION_E90_EV_DEPART: return "departed";
    case LIION_E90_EV_REMOVE: return "removed";
    case LIION_E90_EV_START: return "processing started";
    case LIION_E90_EV_PROCESSED: return "processed";
    case LIION_E90_EV_ABORTED: return "aborted";
    case LIION_E90_EV_STOPPED: return "stopped";
    case LIION_E90_EV_REJECTED: return "rejected";
    case LIION_E90_EV_LOST: return "lost";
    case LIION_E90_EV_SKIPPED: return "skipped";
    case LIION_E90_EV_NEEDS_MORE: return "needs more processing";
    case LIION_E90_EV_ID_READ_OK: return "ID read and confirmed";
    case LIION_E90_EV_ID_READ_WAIT: return "ID read, host to confirm";
    case LIION_E90_EV_ID_PROCEED: return "ProceedWithSubstrate";
    case LIION_E90_EV_ID_CANCEL: return "CancelSubstrate";
    case LIION_E90_EV_ID_READ_FAILED: return "ID read failed";
    default: return "unknown event";
    }
}

liion_status liion_e90_substrate_new(liion_e90_substrate **out, uint32_t *transitions,
                                     size_t *count, liion_ctx *ctx)
{
    liion_e90_substrate *p;
    liion_status s;
    if (count != NULL)
        *count = 0;
    if (out == NULL)
        return LIION_E_INVALID_ARG;
    *out = NULL;
    s = liion__ctx_enter(ctx);
    if (s != LIION_OK)
        return s;
    p = liion__calloc(ctx, 1, sizeof *p);
    if (p == NULL)
        return LIION_E_NOMEM;
    p->magic = LIION__MAGIC_E90S;
    p->ctx = ctx;
    p->sts = LIION_E90_AT_SOURCE;
    p->sps = LIION_E90_NEEDS_PROCESSING;
    p->sids = LIION_E90_ID_NOT_CONFIRMED;
    if (transitions != NULL) {
        transitions[0] = 1;
        transitions[1] = 10;
        transitions[2] = 16;
    }
    if (count != NULL)
        *count = LIION_E90_SUBSTRATE_NEW_TRANSITIONS;
    *out = p;
    return LIION_OK;
}

void liion_e90_substrate_free(liion_e90_substrate *s)
{
    if (s == NULL || s->magic != LIION__MAGIC_E90S)
        return;
    s->magic = LIION__MAGIC_DEAD;
    liion__free(s->ctx, s, sizeof *s);
}

static int e90s_ok(const liion_e90_substrate *s)
{
    return s != NULL && s->magic == LIION__MAGIC_E90S;
}

liion_e90_sts liion_e90_substrate_get_transport(const liion_e90_substrate *s)
{
    return e90s_ok(s) ? s->sts : LIION_E90_AT_SOURCE;
}

liion_e90_sps liion_e90_substrate_get_processing(const liion_e90_substrate *s)
{
    return e90s_ok(s) ? s->sps : LIION_E90_NEEDS_PROCESSING;
}

liion_e90_sids liion_e90_substrate_get_id_status(const liion_e90_substrate *s)
{
    return e90s_ok(s) ? s->sids : LIION_E90_ID_NOT_CONFIRMED;
}

liion_status liion_e90_substrate_apply(uint32_t *transition, liion_e90_substrate *p,
                                       liion_e90_event ev)
{
    uint32_t tn = 0;
    int machine = 0; /* 0 STS, 1 SPS, 2 SIDS */
    int next = -1;
    liion_status s;
    if (transition != NULL)
        *transition = 0;
    if (p == NULL)
        return LIION_E_INVALID_ARG;
    if (p->magic != LIION__MAGIC_E90S)
        return LIION_E_MISUSE;
    s = liion__ctx_enter(p->ctx);
    if (s != LIION_OK)
        return s;
    if ((int)ev < 1 || (int)ev > 18)
        return liion__error(p->ctx, LIION_E_INVALID_ARG, "e90 substrate: unknown event %d",
                            (int)ev);
    if (p->sts == LIION_E90_STS_REMOVED)
        return liion__error(p->ctx, LIION_E_STATE,
                            "e90 substrate: event %s not allowed in transport state REMOVED",
                            liion_e90_event_str(ev));
    switch (ev) {
    case LIION_E90_EV_TO_WORK:
        next = LIION_E90_AT_WORK;
        tn = p->sts == LIION_E90_AT_SOURCE ? 2u : p->sts == LIION_E90_AT_WORK ? 4u : 6u;
        break;
    case LIION_E90_EV_TO_SOURCE:
        if (p->sts == LIION_E90_AT_WORK)
            next = LIION_E90_AT_SOURCE, tn = 3;
        else if (p->sts == LIION_E90_AT_DESTINATION)
            next = LIION_E90_AT_SOURCE, tn = 8;
        break;
    case LIION_E90_EV_TO_DESTINATION:
        if (p->sts == LIION_E90_AT_WORK)
            next = LIION_E90_AT_DESTINATION, tn = 5;
        break;
    case LIION_E90_EV_DEPART:
        if (p->sts == LIION_E90_AT_DESTINATION)
            next = LIION_E90_STS_REMOVED, tn = 7;
        break;
    case LIION_E90_EV_REMOVE:
        next = LIION_E90_STS_REMOVED, tn = 9;
        break;
    case LIION_E90_EV_START:
        machine = 1;
        if (p->sps == LIION_E90_NEEDS_PROCESSING)
            next = LIION_E90_IN_PROCESS, tn = 11;
        break;
    case LIION_E90_EV_PROCESSED:
    case LIION_E90_EV_ABORTED:
    case LIION_E90_EV_STOPPED:
    case LIION_E90_EV_REJECTED:
        machine = 1;
        if (p->sps == LIION_E90_IN_PROCESS) {
            tn = 12;
            next = ev == LIION_E90_EV_PROCESSED ? LIION_E90_PROCESSED
                   : ev == LIION_E90_EV_ABORTED ? LIION_E90_ABORTED
                   : ev == LIION_E90_EV_STOPPED ? LIION_E90_STOPPED
                                                : LIION_E90_REJECTED;
        }
        break;
    case LIION_E90_EV_LOST:
    case LIION_E90_EV_SKIPPED:
        machine = 1;
        if (p->sps == LIION_E90_IN_PROCESS || p->sps == LIION_E90_NEEDS_PROCESSING) {
            tn = p->sps == LIION_E90_IN_PROCESS ? 12u : 14u;
            next = ev == LIION_E90_EV_LOST ? LIION_E90_LOST : LIION_E90_SKIPPED;
        }
        break;
    case LIION_E90_EV_NEEDS_MORE:
        machine = 1;
        if (p->sps == LIION_E90_IN_PROCESS)
            next = LIION_E90_NEEDS_PROCESSING, tn = 13;
        break;
    case LIION_E90_EV_ID_READ_OK:
        machine = 2;
        if (p->sids == LIION_E90_ID_NOT_CONFIRMED)
            next = LIION_E90_ID_CONFIRMED, tn = 17;
        break;
    case LIION_E90_EV_ID_READ_WAIT:
        machine = 2;
        if (p->sids == LIION_E90_ID_NOT_CONFIRMED)
            next = LIION_E90_ID_WAITING_FOR_HOST, tn = 18;
        break;
    case LIION_E90_EV_ID_PROCEED:
        machine = 2;
        if (p->sids == LIION_E90_ID_WAITING_FOR_HOST)
            next = LIION_E90_ID_CONFIRMED, tn = 19;
        break;
    case LIION_E90_EV_ID_CANCEL:
        machine = 2;
        if (p->sids == LIION_E90_ID_WAITING_FOR_HOST)
            next = LIION_E90_ID_CONFIRMATION_FAILED, tn = 20;
        break;
    default: /* LIION_E90_EV_ID_READ_FAILED */
        machine = 2;
        if (p->sids == LIION_E90_ID_NOT_CONFIRMED)
            next = LIION_E90_ID_CONFIRMATION_FAILED, tn = 21;
        break;
    }
    if (tn == 0) {
        if (machine == 0)
            return liion__error(p->ctx, LIION_E_STATE,
                                "e90 substrate: event %s not allowed in transport state %s (%d)",
                                liion_e90_event_str(ev), liion_e90_sts_str(p->sts), (int)p->sts);
        if (machine == 1)
            return liion__error(p->ctx, LIION_E_STATE,
                                "e90 substrate: event %s not allowed in processing state %s (%d)",
                                liion_e90_event_str(ev), liion_e90_sps_str(p->sps), (int)p->sps);
        return liion__error(p->ctx, LIION_E_STATE,
                            "e90 substrate: event %s not allowed in substrate ID status %s (%d)",
                            liion_e90_event_str(ev), liion_e90_sids_str(p->sids), (int)p->sids);
    }
    if (machine == 0)
        p->sts = (liion_e90_sts)next;
    else if (machine == 1)
        p->sps = (liion_e90_sps)next;
    else
        p->sids = (liion_e90_sids)next;
    if (transition != NULL)
        *transition = tn;
    return LIION_OK;
}

/* ---- E90 substrate location --------------------------------------------------------------- */

const char *liion_e90_loc_state_str(liion_e90_loc_state v)
{
    switch (v) {
    case LIION_E90_UNOCCUPIED: return "UNOCCUPIED";
    case LIION_E90_OCCUPIED: return "OCCUPIED";
    default: return "unknown state";
    }
}

liion_status liion_e90_location_new(liion_e90_location **out, liion_ctx *ctx,
                                    liion_e90_loc_state initial)
{
    liion_e90_location *l;
    liion_status s;
    if (out == NULL)
        return LIION_E_INVALID_ARG;
    *out = NULL;
    s = liion__ctx_enter(ctx);
    if (s != LIION_OK)
        return s;
    if (initial != LIION_E90_UNOCCUPIED && initial != LIION_E90_OCCUPIED)
        return liion__error(ctx, LIION_E_INVALID_ARG,
                            "e90 location: initial state %d is not 0 or 1", (int)initial);
    l = liion__calloc(ctx, 1, sizeof *l);
    if (l == NULL)
        return LIION_E_NOMEM;
    l->magic = LIION__MAGIC_E90L;
    l->ctx = ctx;
    l->state = initial;
    *out = l;
    return LIION_OK;
}

void liion_e90_location_free(liion_e90_location *l)
{
    if (l == NULL || l->magic != LIION__MAGIC_E90L)
        return;
    l->magic = LIION__MAGIC_DEAD;
    liion__free(l->ctx, l, sizeof *l);
}

liion_e90_loc_state liion_e90_location_get_state(const liion_e90_location *l)
{
    return l != NULL && l->magic == LIION__MAGIC_E90L ? l->state : LIION_E90_UNOCCUPIED;
}

liion_status liion_e90_location_apply(uint32_t *transition, liion_e90_location *l,
                                      liion_e90_loc_event ev)
{
    liion_status s;
    uint32_t tn = 0;
    if (transition != NULL)
        *transition = 0;
    if (l == NULL)
        return LIION_E_INVALID_ARG;
    if (l->magic != LIION__MAGIC_E90L)
        return LIION_E_MISUSE;
    s = liion__ctx_enter(l->ctx);
    if (s != LIION_OK)
        return s;
    if (ev != LIION_E90_LOC_PLACED && ev != LIION_E90_LOC_REMOVED)
        return liion__error(l->ctx, LIION_E_INVALID_ARG, "e90 location: unknown event %d",
                            (int)ev);
    if (ev == LIION_E90_LOC_PLACED && l->state == LIION_E90_UNOCCUPIED)
        tn = 2;
    else if (ev == LIION_E90_LOC_REMOVED && l->state == LIION_E90_OCCUPIED)
        tn = 3;
    if (tn == 0)
        return liion__error(l->ctx, LIION_E_STATE,
                            "e90 location: event %s not allowed in state %s (%d)",
                            ev == LIION_E90_LOC_PLACED ? "substrate placed" : "substrate removed",
                            liion_e90_loc_state_str(l->state), (int)l->state);
    l->state = ev == LIION_E90_LOC_PLACED ? LIION_E90_OCCUPIED : LIION_E90_UNOCCUPIED;
    if (transition != NULL)
        *transition = tn;
    return LIION_OK;
}
