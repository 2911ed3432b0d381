/*
 * GEM (E30) control and communication state models: small objects that take events, refuse
 * an illegal one with a message naming the state and the event, and change nothing then.
 */
#include "core/core.h"

#include <liion/gem.h>
#include <string.h>

#define LIION__MAGIC_GEMCTL 0x67637472u  /* "gctr" */
#define LIION__MAGIC_GEMCOMM 0x67636f6du /* "gcom" */

struct liion_gem_control {
    uint32_t magic;
    liion_ctx *ctx;
    liion_gem_control_state state;
    uint32_t flags;
    int remote; /* position of the LOCAL/REMOTE switch */
};

struct liion_gem_comm {
    uint32_t magic;
    liion_ctx *ctx;
    liion_gem_comm_state state;
    uint32_t flags;
};

static const char *ctl_event_str(liion_gem_control_event ev)
{
    switch (ev) {
    case LIION_GEM_CTL_OPERATOR_ONLINE: return "operator online";
    case LIION_GEM_CTL_S1F2_RECEIVED: return "S1F2 received";
    case LIION_GEM_CTL_S1F1_FAILED: return "S1F1 failed";
    case LIION_GEM_CTL_OPERATOR_OFFLINE: return "operator offline";
    case LIION_GEM_CTL_OPERATOR_LOCAL: return "operator local";
    case LIION_GEM_CTL_OPERATOR_REMOTE: return "operator remote";
    case LIION_GEM_CTL_HOST_OFFLINE: return "host offline (S1F15)";
    case LIION_GEM_CTL_HOST_ONLINE: return "host online (S1F17)";
    default: return "unknown event";
    }
}

const char *liion_gem_control_state_str(liion_gem_control_state state)
{
    switch (state) {
    case LIION_GEM_EQUIPMENT_OFFLINE: return "EQUIPMENT OFFLINE";
    case LIION_GEM_ATTEMPT_ONLINE: return "ATTEMPT ONLINE";
    case LIION_GEM_HOST_OFFLINE: return "HOST OFFLINE";
    case LIION_GEM_ONLINE_LOCAL: return "ONLINE LOCAL";
    case LIION_GEM_ONLINE_REMOTE: return "ONLINE REMOTE";
    default: return "unknown state";
    }
}

static liion_status ctl_enter(liion_gem_control *c)
{
    if (c == NULL)
        return LIION_E_INVALID_ARG;
    if (c->magic != LIION__MAGIC_GEMCTL)
        return LIION_E_MISUSE;
    return liion__ctx_enter(c->ctx);
}

static int is_online(liion_gem_control_state s)
{
    return s == LIION_GEM_ONLINE_LOCAL || s == LIION_GEM_ONLINE_REMOTE;
}

liion_status liion_gem_control_new(liion_gem_control **out, liion_ctx *ctx,
                                   liion_gem_control_state initial, uint32_t flags)
{
    liion_gem_control *c;
    liion_status s;
    if (out == NULL)
        return LIION_E_INVALID_ARG;
    *out = NULL;
    s = liion__ctx_enter(ctx);
    if (s != LIION_OK)
        return s;
    if (initial != LIION_GEM_EQUIPMENT_OFFLINE && initial != LIION_GEM_HOST_OFFLINE &&
        !is_online(initial))
        return liion__error(ctx, LIION_E_INVALID_ARG, "gem control: bad initial state %d",
                            (int)initial);
    if (flags & ~(LIION_GEM_CONTROL_FAIL_TO_HOST_OFFLINE | LIION_GEM_CONTROL_REMOTE))
        return liion__error(ctx, LIION_E_INVALID_ARG, "gem control: unknown flag 0x%x", flags);
    c = liion__calloc(ctx, 1, sizeof *c);
    if (c == NULL)
        return LIION_E_NOMEM;
    c->magic = LIION__MAGIC_GEMCTL;
    c->ctx = ctx;
    c->state = initial;
    c->flags = flags;
    c->remote = initial == LIION_GEM_ONLINE_REMOTE ||
                (initial != LIION_GEM_ONLINE_LOCAL && (flags & LIION_GEM_CONTROL_REMOTE));
    *out = c;
    return LIION_OK;
}

void liion_gem_control_free(liion_gem_control *c)
{
    if (c == NULL || c->magic != LIION__MAGIC_GEMCTL)
        return;
    c->magic = LIION__MAGIC_DEAD;
    liion__free(c->ctx, c, sizeof *c);
}

liion_gem_control_state liion_gem_control_get_state(const liion_gem_control *c)
{
    return c && c->magic == LIION__MAGIC_GEMCTL ? c->state : (liion_gem_control_state)0;
}

liion_status liion_gem_control_apply(liion_gem_control *c, liion_gem_control_event ev)
{
    liion_gem_control_state st, next;
    liion_status s = ctl_enter(c);
    if (s != LIION_OK)
        return s;
    st = c->state;
    next = (liion_gem_control_state)0;
    switch (ev) {
    case LIION_GEM_CTL_OPERATOR_ONLINE:
        if (st == LIION_GEM_EQUIPMENT_OFFLINE)
            next = LIION_GEM_ATTEMPT_ONLINE;
        break;
    case LIION_GEM_CTL_S1F2_RECEIVED:
        if (st == LIION_GEM_ATTEMPT_ONLINE)
            next = c->remote ? LIION_GEM_ONLINE_REMOTE : LIION_GEM_ONLINE_LOCAL;
        break;
    case LIION_GEM_CTL_S1F1_FAILED:
        if (st == LIION_GEM_ATTEMPT_ONLINE)
            next = (c->flags & LIION_GEM_CONTROL_FAIL_TO_HOST_OFFLINE) ? LIION_GEM_HOST_OFFLINE
                                                                      : LIION_GEM_EQUIPMENT_OFFLINE;
        break;
    case LIION_GEM_CTL_OPERATOR_OFFLINE:
        if (is_online(st) || st == LIION_GEM_HOST_OFFLINE)
            next = LIION_GEM_EQUIPMENT_OFFLINE;
        break;
    case LIION_GEM_CTL_OPERATOR_LOCAL:
        c->remote = 0;
        next = st == LIION_GEM_ONLINE_REMOTE ? LIION_GEM_ONLINE_LOCAL : st;
        break;
    case LIION_GEM_CTL_OPERATOR_REMOTE:
        c->remote = 1;
        next = st == LIION_GEM_ONLINE_LOCAL ? LIION_GEM_ONLINE_REMOTE : st;
        break;
    case LIION_GEM_CTL_HOST_OFFLINE:
        if (is_online(st))
            next = LIION_GEM_HOST_OFFLINE;
        break;
    case LIION_GEM_CTL_HOST_ONLINE:
        if (st == LIION_GEM_HOST_OFFLINE)
            next = c->remote ? LIION_GEM_ONLINE_REMOTE : LIION_GEM_ONLINE_LOCAL;
        break;
    default:
        return liion__error(c->ctx, LIION_E_INVALID_ARG, "gem control: unknown event %d", (int)ev);
    }
    if (next == 0)
        return liion__error(c->ctx, LIION_E_STATE, "gem control: event '%s' not allowed in state %s",
                            ctl_event_str(ev), liion_gem_control_state_str(st));
    c->state = next;
    return LIION_OK;
}

liion_status liion_gem_control_on_s1f17(uint8_t *onlack, liion_gem_control *c)
{
    liion_status s = ctl_enter(c);
    if (s != LIION_OK)
        return s;
    if (onlack == NULL)
        return liion__error(c->ctx, LIION_E_INVALID_ARG, "gem control: NULL onlack");
    if (is_online(c->state)) {
        *onlack = 2; /* already online */
    } else if (c->state == LIION_GEM_HOST_OFFLINE) {
        *onlack = 0;
        c->state = c->remote ? LIION_GEM_ONLINE_REMOTE : LIION_GEM_ONLINE_LOCAL;
    } else {
        *onlack = 1; /* not allowed */
    }
    return LIION_OK;
}

liion_status liion_gem_control_on_s1f15(uint8_t *oflack, liion_gem_control *c)
{
    liion_status s = ctl_enter(c);
    if (s != LIION_OK)
        return s;
    if (oflack == NULL)
        return liion__error(c->ctx, LIION_E_INVALID_ARG, "gem control: NULL oflack");
    *oflack = 0;
    if (is_online(c->state))
        c->state = LIION_GEM_HOST_OFFLINE;
    return LIION_OK;
}

/* ---- communication state --------------------------------------------------------------- */

const char *liion_gem_comm_state_str(liion_gem_comm_state state)
{
    switch (state) {
    case LIION_GEM_COMM_DISABLED: return "DISABLED";
    case LIION_GEM_COMM_WAIT_CRA: return "WAIT CRA";
    case LIION_GEM_COMM_WAIT_DELAY: return "WAIT DELAY";
    case LIION_GEM_COMM_COMMUNICATING: return "COMMUNICATING";
    case LIION_GEM_COMM_WAIT_CR_FROM_HOST: return "WAIT CR FROM HOST";
    default: return "unknown state";
    }
}

static const char *comm_event_str(liion_gem_comm_event ev)
{
    switch (ev) {
    case LIION_GEM_COMM_ENABLE: return "enable";
    case LIION_GEM_COMM_DISABLE: return "disable";
    case LIION_GEM_COMM_CR_FAILED: return "S1F13 failed";
    case LIION_GEM_COMM_DELAY_EXPIRED: return "delay expired";
    case LIION_GEM_COMM_MESSAGE_RECEIVED: return "message received";
    case LIION_GEM_COMM_CRA_RECEIVED: return "S1F14 accepted";
    case LIION_GEM_COMM_CR_RECEIVED: return "S1F13 answered";
    case LIION_GEM_COMM_FAILED: return "communication failed";
    default: return "unknown event";
    }
}

liion_status liion_gem_comm_new(liion_gem_comm **out, liion_ctx *ctx, uint32_t flags)
{
    liion_gem_comm *c;
    liion_status s;
    if (out == NULL)
        return LIION_E_INVALID_ARG;
    *out = NULL;
    s = liion__ctx_enter(ctx);
    if (s != LIION_OK)
        return s;
    if (flags & ~(LIION_GEM_COMM_HOST_INITIATED | LIION_GEM_COMM_START_ENABLED))
        return liion__error(ctx, LIION_E_INVALID_ARG, "gem comm: unknown flag 0x%x", flags);
    c = liion__calloc(ctx, 1, sizeof *c);
    if (c == NULL)
        return LIION_E_NOMEM;
    c->magic = LIION__MAGIC_GEMCOMM;
    c->ctx = ctx;
    c->flags = flags;
    if (!(flags & LIION_GEM_COMM_START_ENABLED))
        c->state = LIION_GEM_COMM_DISABLED;
    else
        c->state = (flags & LIION_GEM_COMM_HOST_INITIATED) ? LIION_GEM_COMM_WAIT_CR_FROM_HOST
                                                           : LIION_GEM_COMM_WAIT_CRA;
    *out = c;
    return LIION_OK;
}

void liion_gem_comm_free(liion_gem_comm *c)
{
    if (c == NULL || c->magic != LIION__MAGIC_GEMCOMM)
        return;
    c->magic = LIION__MAGIC_DEAD;
    liion__free(c->ctx, c, sizeof *c);
}

liion_gem_comm_state liion_gem_comm_get_state(const liion_gem_comm *c)
{
    return c && c->magic == LIION__MAGIC_GEMCOMM ? c->state : (liion_gem_comm_state)0;
}

liion_status liion_gem_comm_apply(liion_gem_comm *c, liion_gem_comm_event ev)
{
    liion_gem_comm_state st, next = (liion_gem_comm_state)0, not_comm;
    liion_status s;
    if (c == NULL)
        return LIION_E_INVALID_ARG;
    if (c->magic != LIION__MAGIC_GEMCOMM)
        return LIION_E_MISUSE;
    s = liion__ctx_enter(c->ctx);
    if (s != LIION_OK)
        return s;
    st = c->state;
    not_comm = (c->flags & LIION_GEM_COMM_HOST_INITIATED) ? LIION_GEM_COMM_WAIT_CR_FROM_HOST
                                                          : LIION_GEM_COMM_WAIT_CRA;
    switch (ev) {
    case LIION_GEM_COMM_ENABLE:
        if (st == LIION_GEM_COMM_DISABLED)
            next = not_comm;
        break;
    case LIION_GEM_COMM_DISABLE:
        next = LIION_GEM_COMM_DISABLED;
        break;
    case LIION_GEM_COMM_CR_FAILED:
        if (st == LIION_GEM_COMM_WAIT_CRA)
            next = LIION_GEM_COMM_WAIT_DELAY;
        break;
    case LIION_GEM_COMM_DELAY_EXPIRED:
        if (st == LIION_GEM_COMM_WAIT_DELAY)
            next = LIION_GEM_COMM_WAIT_CRA;
        break;
    case LIION_GEM_COMM_MESSAGE_RECEIVED:
        if (st == LIION_GEM_COMM_WAIT_DELAY)
            next = LIION_GEM_COMM_WAIT_CRA;
        else if (st != LIION_GEM_COMM_DISABLED)
            next = st;
        break;
    case LIION_GEM_COMM_CRA_RECEIVED:
        if (st == LIION_GEM_COMM_WAIT_CRA)
            next = LIION_GEM_COMM_COMMUNICATING;
        break;
    case LIION_GEM_COMM_CR_RECEIVED:
        if (st != LIION_GEM_COMM_DISABLED)
            next = LIION_GEM_COMM_COMMUNICATING;
        break;
    case LIION_GEM_COMM_FAILED:
        if (st != LIION_GEM_COMM_DISABLED)
            next = st == LIION_GEM_COMM_COMMUNICATING ? not_comm : st;
        break;
    default:
        return liion__error(c->ctx, LIION_E_INVALID_ARG, "gem comm: unknown event %d", (int)ev);
    }
    if (next == 0)
        return liion__error(c->ctx, LIION_E_STATE, "gem comm: event '%s' not allowed in state %s",
                            comm_event_str(ev), liion_gem_comm_state_str(st));
    c->state = next;
    return LIION_OK;
}
