/*
 * gem300_tcp: a GEM300 host and a GEM equipment talking HSMS over TCP on loopback, on a cell
 * line. The equipment is a formation rack; the carrier is a cell tray (E87), the process job
 * a formation program (E40).
 *
 *   host                                 equipment (formation rack)
 *   Select.req  ---------------------->  Select.rsp
 *   S1F13 W     ---------------------->  S1F14 COMMACK 0
 *   S2F33 W / S2F35 W / S2F37 W  ----->  S2F34 / S2F36 / S2F38 (define, link, enable reports)
 *               <----------------------  S6F11 W per E87 transition (tray arrives, ID read,
 *   S6F12       ---------------------->            waiting for the host: transition 7)
 *   S3F17 W ProceedWithCarrier  ------>  S3F18 CAACK 0, S6F11 for 8 and 13
 *   S16F11 W PRJobCreateEnh  --------->  S16F12 ACKA true, then the job runs through E40
 *               <----------------------  (1, 2, 4, 6, 7) and the tray through E87 (18, 19,
 *   S6F12 for each                       21) and the load port (9, 7, 8): one S6F11 each,
 *   Separate.req ---------------------->  the CEID is a base per model + the transition number
 *
 * Both sides use the sans-I/O session (liion_hsms): plain sockets and poll() here, the session
 * only sees bytes and the monotonic clock. Every message sent or received is printed as SML
 * with a time stamp and a direction.
 *
 * Run without arguments (as the tests do) it forks: the child is the equipment, the parent the
 * host, and it exits 0 only if both saw the expected exchange. Or run the two programs apart:
 *   gem300_tcp --role equipment --port 5000      (listens, serves one connection)
 *   gem300_tcp --role host --port 5000           (connects)
 *
 * Build: cc gem300_tcp.c $(pkg-config --cflags --libs --static liion)
 */
#define _POSIX_C_SOURCE 200809L

#include <liion/liion.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* CEID = base + transition number */
#define CE_PORT 1000u    /* E87 load port transfer state */
#define CE_CARRIER 1100u /* E87 carrier object */
#define CE_PRJOB 4000u   /* E40 process job */
#define RPTID 100u
#define VID_TRANSITION 10u
#define VID_OBJID 11u
#define VID_STATE 12u

#define TRAY_ID "TRAY-0042"
#define PJ_ID "FORM-PJ-0001"

/* The CEIDs the host links and the order in which it must receive them. */
static const uint32_t expected_ceids[] = {
    CE_CARRIER + 1,  CE_CARRIER + 2,  CE_CARRIER + 12, CE_CARRIER + 17, /* tray instantiated */
    CE_PORT + 6,                                                       /* load started */
    CE_CARRIER + 7,                                     /* ID read, waiting for the host */
    CE_CARRIER + 8,  CE_CARRIER + 13,                   /* ProceedWithCarrier; slot map ok */
    CE_PRJOB + 1,    CE_PRJOB + 2,    CE_PRJOB + 4,     /* job created, setup, auto start */
    CE_CARRIER + 18, CE_PRJOB + 6,    CE_CARRIER + 19,  /* access, complete, access done */
    CE_PORT + 9,     CE_PRJOB + 7,                      /* ready to unload; job removed */
    CE_PORT + 7,     CE_CARRIER + 21, CE_PORT + 8,      /* unload, tray gone, ready to load */
};
#define N_EXPECTED (sizeof expected_ceids / sizeof expected_ceids[0])

typedef struct side {
    const char *role;
    liion_ctx *ctx;
    liion_hsms *h;
    liion_gem_reports *reports;
    liion_secs_msg *log;
    int fd;
    int done;
    int failed;
    uint64_t t0;
    /* host */
    size_t ceids_seen;
    int proceed_sent;
    int pj_sent;
    int separate_sent;
    /* equipment */
    liion_e87_port *port;
    liion_e87_carrier *tray;
    liion_e40_job *pj;
    int steps_seen; /* bit per handled host message */
    size_t acks_ok;
    size_t events_sent;
    uint32_t dataid;
} side;

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void fail(side *s, const char *what)
{
    fprintf(stderr, "%s: FAILED: %s (%s)\n", s->role, what, liion_ctx_errmsg(s->ctx));
    s->failed = 1;
    s->done = 1;
}

/* Print one message as one line of SML: wall time, side, direction. One write() per line
 * keeps the two processes' lines whole. */
static void log_msg(side *s, const char *dir, unsigned stream, unsigned function, int wbit,
                    const uint8_t *body, size_t len)
{
    char sml[4096], line[4400];
    size_t n = 0;
    struct timespec ts;
    struct tm tm;
    int k;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    if (liion_secs_msg_set_sf(s->log, stream, function, wbit) != LIION_OK ||
        liion_secs_msg_decode(s->log, body, len) != LIION_OK ||
        liion_secs_msg_to_sml(sml, sizeof sml, &n, s->log, LIION_SECS_SML_COMPACT) != LIION_OK)
        snprintf(sml, sizeof sml, "S%uF%u%s <%zu bytes, not shown: %s>", stream, function,
                 wbit ? " W" : "", len, liion_ctx_errmsg(s->ctx));
    k = snprintf(line, sizeof line, "%02d:%02d:%02d.%03ld %-9s %s %s\n", tm.tm_hour, tm.tm_min,
                 tm.tm_sec, ts.tv_nsec / 1000000L, s->role, dir, sml);
    if (k > 0 && write(STDOUT_FILENO, line, (size_t)k) < 0)
        s->failed = 1;
}

static void log_note(side *s, const char *text)
{
    char line[512];
    int k = snprintf(line, sizeof line, "             %-9s    %s\n", s->role, text);
    if (k > 0 && write(STDOUT_FILENO, line, (size_t)k) < 0)
        s->failed = 1;
}

static void send_primary(side *s, unsigned stream, unsigned function, const uint8_t *body,
                         size_t len)
{
    log_msg(s, "->", stream, function, 1, body, len);
    if (liion_hsms_send_data(NULL, s->h, (uint8_t)stream, (uint8_t)function, 1, body, len, 0,
                             now_ms()) != LIION_OK)
        fail(s, "send");
}

static void send_reply(side *s, const liion_hsms_event *ev, const uint8_t *body, size_t len)
{
    log_msg(s, "->", ev->stream, (unsigned)ev->function + 1u, 0, body, len);
    if (liion_hsms_reply(s->h, ev->system_bytes, ev->stream, (uint8_t)(ev->function + 1u), body,
                         len) != LIION_OK)
        fail(s, "reply");
}

/* ---- equipment ------------------------------------------------------------------------- */

/* Raise the S6F11 of one transition: CEID = base + tn; report 100 = {tn, object ID, state}. */
static void raise_event(side *s, uint32_t base, uint32_t tn, const char *objid, uint8_t state)
{
    static const uint32_t vids[3] = {VID_TRANSITION, VID_OBJID, VID_STATE};
    liion_secs_item *v[3] = {NULL, NULL, NULL};
    const liion_secs_item *cv[3];
    uint8_t body[256];
    size_t n = 0;
    liion_status st = liion_secs_item_new_u4(&v[0], s->ctx, &tn, 1);
    if (st == LIION_OK)
        st = liion_secs_item_new_ascii(&v[1], s->ctx, objid, strlen(objid));
    if (st == LIION_OK)
        st = liion_secs_item_new_u1(&v[2], s->ctx, &state, 1);
    for (int i = 0; i < 3; i++)
        cv[i] = v[i];
    if (st == LIION_OK)
        st = liion_gem_reports_s6f11_encode_values(body, sizeof body, &n, s->reports, ++s->dataid,
                                                   base + tn, vids, cv, 3);
    for (int i = 0; i < 3; i++)
        liion_secs_item_free(v[i]);
    if (st != LIION_OK) {
        fail(s, "S6F11 encode");
        return;
    }
    s->events_sent++;
    send_primary(s, 6, 11, body, n);
}

static void port_event(side *s, liion_e87_lts_event ev)
{
    uint32_t tn[LIION_E87_MAX_TRANSITIONS];
    size_t n = 0;
    if (liion_e87_port_apply(tn, &n, s->port, ev) != LIION_OK) {
        fail(s, "load port");
        return;
    }
    for (size_t i = 0; i < n; i++)
        raise_event(s, CE_PORT, tn[i], "LP1", (uint8_t)liion_e87_port_get_state(s->port));
}

static void tray_event(side *s, liion_e87_carrier_event ev, uint8_t state)
{
    uint32_t tn = 0;
    if (liion_e87_carrier_apply(&tn, s->tray, ev) != LIION_OK) {
        fail(s, "carrier");
        return;
    }
    raise_event(s, CE_CARRIER, tn, TRAY_ID, state);
}

static void job_event(side *s, liion_e40_event ev)
{
    uint32_t tn = 0;
    if (liion_e40_job_apply(&tn, s->pj, ev) != LIION_OK) {
        fail(s, "process job");
        return;
    }
    raise_event(s, CE_PRJOB, tn, PJ_ID, (uint8_t)liion_e40_job_get_state(s->pj));
}

/* Reports enabled: a cell tray is set down on load port 1 and its ID is read, but the host
 * must confirm it (CIDS WAITING FOR HOST, transition 7). */
static void tray_arrives(side *s)
{
    uint32_t tn[LIION_E87_CARRIER_NEW_TRANSITIONS];
    size_t n = 0;
    log_note(s, "cell tray " TRAY_ID " set down on load port 1");
    if (liion_e87_carrier_new(&s->tray, tn, &n, s->ctx, LIION_E87_ID_NOT_READ) != LIION_OK) {
        fail(s, "carrier new");
        return;
    }
    for (size_t i = 0; i < n; i++)
        raise_event(s, CE_CARRIER, tn[i], TRAY_ID, 0);
    port_event(s, LIION_E87_EV_TRANSFER_STARTED);
    tray_event(s, LIION_E87_CEV_ID_READ_WAIT, LIION_E87_ID_WAITING_FOR_HOST);
}

/* The formation program runs on the tray, then the tray leaves. */
static void run_job(side *s)
{
    job_event(s, LIION_E40_EV_SETUP);
    job_event(s, LIION_E40_EV_SETUP_DONE); /* PRPROCESSSTART true: 4, straight to PROCESSING */
    tray_event(s, LIION_E87_CEV_ACCESS_STARTED, LIION_E87_IN_ACCESS);
    log_note(s, "formation: CC-CV charge at C/10 to 4.2 V, rest, C/5 discharge to 3.0 V");
    job_event(s, LIION_E40_EV_PROCESS_DONE);
    tray_event(s, LIION_E87_CEV_ACCESS_COMPLETE, LIION_E87_CARRIER_COMPLETE);
    port_event(s, LIION_E87_EV_READY_TO_UNLOAD);
    job_event(s, LIION_E40_EV_REMOVE);
    port_event(s, LIION_E87_EV_TRANSFER_STARTED);
    tray_event(s, LIION_E87_CEV_REMOVE, 0);
    port_event(s, LIION_E87_EV_READY_TO_LOAD);
}

static void equipment_on_primary(side *s, const liion_hsms_event *ev)
{
    uint8_t out[256], ack = 0;
    size_t n = 0;
    liion_status st;
    unsigned sf = (unsigned)ev->stream << 8 | ev->function;
    switch (sf) {
    case 0x010D: /* S1F13 */
        st = liion_gem_s1f13_decode(NULL, s->ctx, ev->body, ev->body_len);
        if (st == LIION_OK)
            st = liion_gem_s1f14_encode(out, sizeof out, &n, s->ctx, 0, "FORMATION-RACK", 14,
                                        "1.0", 3);
        if (st != LIION_OK)
            { fail(s, "S1F13"); return; }
        s->steps_seen |= 1;
        { send_reply(s, ev, out, n); return; }
    case 0x0221: /* S2F33 */
    case 0x0223: /* S2F35 */
    case 0x0225: /* S2F37 */
        st = sf == 0x0221   ? liion_gem_reports_on_s2f33(&ack, s->reports, ev->body, ev->body_len)
             : sf == 0x0223 ? liion_gem_reports_on_s2f35(&ack, s->reports, ev->body, ev->body_len)
                            : liion_gem_reports_on_s2f37(&ack, s->reports, ev->body, ev->body_len);
        if (st != LIION_OK || ack != 0)
            { fail(s, "S2F33/35/37"); return; }
        if (liion_gem_ack_encode(out, sizeof out, &n, s->ctx, ack) != LIION_OK)
            { fail(s, "ack"); return; }
        s->steps_seen |= sf == 0x0221 ? 2 : sf == 0x0223 ? 4 : 8;
        send_reply(s, ev, out, n);
        if (sf == 0x0225)
            tray_arrives(s);
        return;
    case 0x0311: { /* S3F17 */
        liion_gem300_msg *m = NULL;
        const uint8_t *act = NULL, *cid = NULL;
        size_t al = 0, cl = 0;
        uint8_t caack = LIION_GEM300_CAACK_OK;
        st = liion_gem300_msg_new(&m, s->ctx);
        if (st == LIION_OK)
            st = liion_gem300_msg_decode(m, LIION_GEM300_S3F17, ev->body, ev->body_len);
        if (st == LIION_OK)
            st = liion_gem300_msg_get_text(&act, &al, m, LIION_GEM300_F_CARRIERACTION);
        if (st == LIION_OK)
            st = liion_gem300_msg_get_text(&cid, &cl, m, LIION_GEM300_F_CARRIERID);
        if (st != LIION_OK || al != 18 || memcmp(act, "ProceedWithCarrier", 18) != 0 ||
            cl != strlen(TRAY_ID) || memcmp(cid, TRAY_ID, cl) != 0)
            caack = LIION_GEM300_CAACK_INVALID_COMMAND;
        liion_gem300_msg_free(m);
        if (liion_gem300_s3f18_encode(out, sizeof out, &n, s->ctx, caack, NULL, NULL, NULL, 0) !=
            LIION_OK)
            { fail(s, "S3F18"); return; }
        send_reply(s, ev, out, n);
        if (caack != LIION_GEM300_CAACK_OK)
            { fail(s, "S3F17 refused"); return; }
        s->steps_seen |= 16;
        tray_event(s, LIION_E87_CEV_PROCEED, LIION_E87_ID_VERIFICATION_OK);
        {
            static const uint8_t map[4] = {3, 3, 3, 3};
            if (liion_e87_carrier_set_slot_map(s->tray, map, 4) != LIION_OK)
                { fail(s, "slot map"); return; }
        }
        tray_event(s, LIION_E87_CEV_SLOT_MAP_READ_OK, LIION_E87_SLOT_MAP_VERIFICATION_OK);
        return;
    }
    case 0x100B: { /* S16F11 */
        liion_gem300_msg *m = NULL;
        uint64_t start = 0;
        const uint8_t *pj = NULL;
        size_t pl = 0;
        uint32_t code = 1;
        const char *text = "unsupported process job";
        size_t tl = strlen(text);
        int ok;
        st = liion_gem300_msg_new(&m, s->ctx);
        if (st == LIION_OK)
            st = liion_gem300_msg_decode(m, LIION_GEM300_S16F11, ev->body, ev->body_len);
        if (st == LIION_OK)
            st = liion_gem300_msg_get_uint(&start, m, LIION_GEM300_F_PRPROCESSSTART);
        if (st == LIION_OK)
            st = liion_gem300_msg_get_text(&pj, &pl, m, LIION_GEM300_F_PRJOBID);
        ok = st == LIION_OK && start == 1 && pl == strlen(PJ_ID) && memcmp(pj, PJ_ID, pl) == 0 &&
             liion_gem300_msg_count(m, LIION_GEM300_F_CARRIERS) == 1;
        liion_gem300_msg_free(m);
        if (ok)
            ok = liion_e40_job_new(&s->pj, s->ctx, LIION_E40_AUTO_START) == LIION_OK;
        st = liion_gem300_s16f12_encode(out, sizeof out, &n, s->ctx, PJ_ID, strlen(PJ_ID), ok,
                                        &code, &text, &tl, ok ? 0u : 1u);
        if (st != LIION_OK)
            { fail(s, "S16F12"); return; }
        send_reply(s, ev, out, n);
        if (!ok)
            { fail(s, "S16F11 refused"); return; }
        s->steps_seen |= 32;
        raise_event(s, CE_PRJOB, 1, PJ_ID, LIION_E40_QUEUED); /* transition 1: created */
        run_job(s);
        return;
    }
    default:
        fail(s, "unexpected primary message");
    }
}

/* ---- host ------------------------------------------------------------------------------ */

typedef struct values {
    uint64_t tn;
    char objid[32];
} values;

static liion_status on_value(void *user, uint32_t rptid, uint32_t vid, const liion_secs_item *v)
{
    values *out = user;
    size_t n = 0;
    const uint8_t *t;
    (void)rptid;
    if (vid == VID_TRANSITION)
        return liion_secs_item_get_uint(&out->tn, v, 0);
    if (vid == VID_OBJID && (t = liion_secs_item_text(v, &n)) != NULL && n < sizeof out->objid) {
        memcpy(out->objid, t, n);
        out->objid[n] = 0;
    }
    return LIION_OK;
}

static void host_define_reports(side *s)
{
    static const uint32_t rptids[1] = {RPTID}, vids[3] = {VID_TRANSITION, VID_OBJID, VID_STATE};
    static const size_t vid_counts[1] = {3};
    uint8_t out[512];
    size_t n = 0;
    uint8_t ack = 9;
    /* the host keeps the same table, to parse the S6F11s it will receive */
    if (liion_gem_s2f33_encode(out, sizeof out, &n, s->ctx, 1, rptids, vid_counts, vids, 1) !=
            LIION_OK ||
        liion_gem_reports_on_s2f33(&ack, s->reports, out, n) != LIION_OK || ack != 0)
        { fail(s, "S2F33 build"); return; }
    send_primary(s, 2, 33, out, n);
}

static void host_link_reports(side *s)
{
    uint32_t rpt[N_EXPECTED];
    size_t counts[N_EXPECTED];
    uint8_t out[1024];
    size_t n = 0;
    uint8_t ack = 9;
    for (size_t i = 0; i < N_EXPECTED; i++) {
        rpt[i] = RPTID;
        counts[i] = 1;
    }
    /* CEIDs repeat in the expected order (port 7/8 and carrier 21 appear once each): link the
     * distinct ones */
    {
        uint32_t ceids[N_EXPECTED];
        size_t k = 0;
        for (size_t i = 0; i < N_EXPECTED; i++) {
            size_t j = 0;
            while (j < k && ceids[j] != expected_ceids[i])
                j++;
            if (j == k)
                ceids[k++] = expected_ceids[i];
        }
        if (liion_gem_s2f35_encode(out, sizeof out, &n, s->ctx, 2, ceids, counts, rpt, k) !=
                LIION_OK ||
            liion_gem_reports_on_s2f35(&ack, s->reports, out, n) != LIION_OK || ack != 0)
            { fail(s, "S2F35 build"); return; }
    }
    send_primary(s, 2, 35, out, n);
}

static void host_on_s6f11(side *s, const liion_hsms_event *ev)
{
    values v;
    uint32_t ceid = 0;
    uint8_t out[8];
    size_t n = 0;
    char note[160];
    memset(&v, 0, sizeof v);
    if (liion_gem_reports_s6f11_decode(NULL, &ceid, s->reports, ev->body, ev->body_len, on_value,
                                       &v) != LIION_OK)
        { fail(s, "S6F11 parse"); return; }
    if (liion_gem_ack_encode(out, sizeof out, &n, s->ctx, 0) != LIION_OK)
        { fail(s, "S6F12"); return; }
    send_reply(s, ev, out, n);
    snprintf(note, sizeof note, "collection event %u: %s %s transition %u", (unsigned)ceid,
             ceid >= CE_PRJOB ? "E40 process job" : ceid >= CE_CARRIER ? "E87 cell tray"
                                                                        : "E87 load port",
             v.objid, (unsigned)v.tn);
    log_note(s, note);
    if (s->ceids_seen >= N_EXPECTED || expected_ceids[s->ceids_seen] != ceid)
        { fail(s, "unexpected collection event"); return; }
    s->ceids_seen++;
    if (ceid == CE_CARRIER + 7 && !s->proceed_sent) { /* the tray waits for the host */
        uint8_t b[128];
        s->proceed_sent = 1;
        if (liion_gem300_s3f17_encode(b, sizeof b, &n, s->ctx, 3, "ProceedWithCarrier", 18,
                                      TRAY_ID, strlen(TRAY_ID), 1, NULL, NULL, NULL, 0) !=
            LIION_OK)
            { fail(s, "S3F17 build"); return; }
        send_primary(s, 3, 17, b, n);
    }
    if (s->ceids_seen == N_EXPECTED && !s->separate_sent) {
        s->separate_sent = 1;
        log_note(s, "all events seen: separate");
        if (liion_hsms_separate(s->h, now_ms()) != LIION_OK)
            fail(s, "separate");
    }
}

static void host_on_reply(side *s, const liion_hsms_event *ev)
{
    uint8_t ack = 9;
    unsigned sf = (unsigned)ev->stream << 8 | ev->function;
    switch (sf) {
    case 0x010E: /* S1F14 */
        if (liion_gem_s1f14_decode(&ack, s->ctx, ev->body, ev->body_len) != LIION_OK || ack != 0)
            { fail(s, "S1F14"); return; }
        { host_define_reports(s); return; }
    case 0x0222: /* S2F34 */
        if (liion_gem_ack_decode(&ack, s->ctx, ev->body, ev->body_len) != LIION_OK || ack != 0)
            { fail(s, "S2F34"); return; }
        { host_link_reports(s); return; }
    case 0x0224: { /* S2F36 */
        uint8_t out[16];
        size_t n = 0;
        if (liion_gem_ack_decode(&ack, s->ctx, ev->body, ev->body_len) != LIION_OK || ack != 0)
            { fail(s, "S2F36"); return; }
        if (liion_gem_s2f37_encode(out, sizeof out, &n, s->ctx, 1, NULL, 0) != LIION_OK)
            { fail(s, "S2F37 build"); return; }
        { send_primary(s, 2, 37, out, n); return; }
    }
    case 0x0226: /* S2F38 */
        if (liion_gem_ack_decode(&ack, s->ctx, ev->body, ev->body_len) != LIION_OK || ack != 0)
            { fail(s, "S2F38"); return; }
        return;
    case 0x0312: { /* S3F18: the tray is confirmed; create the formation program on it */
        liion_gem300_msg *m = NULL;
        uint64_t caack = 9;
        static const char *const cids[1] = {TRAY_ID};
        static const size_t clens[1] = {sizeof TRAY_ID - 1}, scount[1] = {4};
        static const uint8_t slots[4] = {1, 2, 3, 4};
        static const char *const pnames[2] = {"CHARGE_CRATE", "VMAX"};
        static const size_t plens[2] = {12, 4};
        liion_secs_item *pv[2] = {NULL, NULL};
        const liion_secs_item *cpv[2];
        double crate = 0.1, vmax = 4.2;
        uint8_t b[512];
        size_t n = 0;
        liion_status st = liion_gem300_msg_new(&m, s->ctx);
        if (st == LIION_OK)
            st = liion_gem300_msg_decode(m, LIION_GEM300_S3F18, ev->body, ev->body_len);
        if (st == LIION_OK)
            st = liion_gem300_msg_get_uint(&caack, m, LIION_GEM300_F_ACK);
        liion_gem300_msg_free(m);
        if (st != LIION_OK || caack != LIION_GEM300_CAACK_OK)
            { fail(s, "S3F18"); return; }
        st = liion_secs_item_new_f8(&pv[0], s->ctx, &crate, 1);
        if (st == LIION_OK)
            st = liion_secs_item_new_f8(&pv[1], s->ctx, &vmax, 1);
        cpv[0] = pv[0];
        cpv[1] = pv[1];
        if (st == LIION_OK)
            st = liion_gem300_s16f11_encode(b, sizeof b, &n, s->ctx, 4, PJ_ID, strlen(PJ_ID), 13,
                                            cids, clens, scount, slots, 1, 2, "FORMATION-C10",
                                            13, pnames, plens, cpv, 2, 1, NULL, 0);
        liion_secs_item_free(pv[0]);
        liion_secs_item_free(pv[1]);
        if (st != LIION_OK)
            { fail(s, "S16F11 build"); return; }
        s->pj_sent = 1;
        { send_primary(s, 16, 11, b, n); return; }
    }
    case 0x100C: { /* S16F12 */
        liion_gem300_msg *m = NULL;
        uint64_t acka = 0;
        liion_status st = liion_gem300_msg_new(&m, s->ctx);
        if (st == LIION_OK)
            st = liion_gem300_msg_decode(m, LIION_GEM300_S16F12, ev->body, ev->body_len);
        if (st == LIION_OK)
            st = liion_gem300_msg_get_uint(&acka, m, LIION_GEM300_F_ACK);
        liion_gem300_msg_free(m);
        if (st != LIION_OK || acka != 1)
            fail(s, "S16F12");
        return;
    }
    default:
        fail(s, "unexpected reply");
    }
}

/* ---- the event loop (the same for both sides) -------------------------------------------- */

static void handle_events(side *s)
{
    liion_hsms_event ev;
    memset(&ev, 0, sizeof ev);
    ev.struct_size = (uint32_t)sizeof ev;
    while (!s->failed && liion_hsms_event_next(&ev, s->h) == LIION_OK &&
           ev.type != LIION_HSMS_EV_NONE) {
        char note[128];
        switch (ev.type) {
        case LIION_HSMS_EV_STATE:
            snprintf(note, sizeof note, "HSMS %s -> %s",
                     liion_hsms_state_str((liion_hsms_state)ev.prev_state),
                     liion_hsms_state_str((liion_hsms_state)ev.state));
            log_note(s, note);
            if (ev.state == LIION_HSMS_SELECTED && strcmp(s->role, "host") == 0) {
                uint8_t b[16];
                size_t n = 0;
                if (liion_gem_s1f13_encode(b, sizeof b, &n, s->ctx, NULL, 0, NULL, 0) != LIION_OK)
                    { fail(s, "S1F13 build"); return; }
                send_primary(s, 1, 13, b, n);
            }
            break;
        case LIION_HSMS_EV_DATA:
            log_msg(s, "<-", ev.stream, ev.function, ev.wbit, ev.body, ev.body_len);
            if (strcmp(s->role, "host") == 0) {
                if (ev.stream == 6 && ev.function == 11)
                    host_on_s6f11(s, &ev);
                else
                    fail(s, "unexpected primary message");
            } else {
                equipment_on_primary(s, &ev);
            }
            break;
        case LIION_HSMS_EV_REPLY:
            log_msg(s, "<-", ev.stream, ev.function, 0, ev.body, ev.body_len);
            if (strcmp(s->role, "host") == 0) {
                host_on_reply(s, &ev);
            } else if (ev.stream == 6 && ev.function == 12) {
                uint8_t ack = 9;
                if (liion_gem_ack_decode(&ack, s->ctx, ev.body, ev.body_len) != LIION_OK ||
                    ack != 0)
                    { fail(s, "S6F12"); return; }
                s->acks_ok++;
            } else {
                fail(s, "unexpected reply");
            }
            break;
        case LIION_HSMS_EV_CONTROL:
            snprintf(note, sizeof note, "control response SType %u status %u",
                     (unsigned)ev.stype, (unsigned)ev.code);
            log_note(s, note);
            break;
        case LIION_HSMS_EV_CLOSE:
            snprintf(note, sizeof note, "connection ends (reason %u)", (unsigned)ev.code);
            log_note(s, note);
            s->done = 1;
            break;
        default:
            snprintf(note, sizeof note, "unexpected %s (code %u)",
                     liion_hsms_event_type_str((liion_hsms_event_type)ev.type), (unsigned)ev.code);
            log_note(s, note);
            { fail(s, "session event"); return; }
        }
    }
}

static int flush_out(side *s)
{
    const uint8_t *p = NULL;
    size_t n = 0;
    ssize_t w;
    if (liion_hsms_out_peek(&p, &n, s->h) != LIION_OK || n == 0)
        return 0;
    w = write(s->fd, p, n);
    if (w < 0)
        return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? 0 : -1;
    return liion_hsms_out_consume(s->h, (size_t)w) == LIION_OK ? 0 : -1;
}

static void run(side *s)
{
    uint64_t give_up = now_ms() + 15000u;
    fcntl(s->fd, F_SETFL, fcntl(s->fd, F_GETFL) | O_NONBLOCK);
    if (liion_hsms_connected(s->h, now_ms()) != LIION_OK)
        { fail(s, "connected"); return; }
    while (!s->done) {
        struct pollfd pfd;
        uint64_t now = now_ms(), deadline = liion_hsms_next_deadline(s->h);
        int timeout = deadline <= now ? 0 : deadline - now > 200 ? 200 : (int)(deadline - now);
        if (now > give_up)
            { fail(s, "timeout: the exchange did not finish"); return; }
        pfd.fd = s->fd;
        pfd.events = (short)(POLLIN | (liion_hsms_out_pending(s->h) > 0 ? POLLOUT : 0));
        pfd.revents = 0;
        if (poll(&pfd, 1, timeout) < 0 && errno != EINTR)
            { fail(s, "poll"); return; }
        if (pfd.revents & POLLOUT && flush_out(s) < 0)
            { fail(s, "write"); return; }
        if (pfd.revents & (POLLIN | POLLHUP | POLLERR)) {
            uint8_t buf[4096];
            ssize_t r = read(s->fd, buf, sizeof buf);
            if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) {
                log_note(s, "peer closed the connection");
                liion_hsms_disconnected(s->h, now_ms());
                handle_events(s);
                s->done = 1;
                break;
            }
            if (r > 0 && liion_hsms_feed(s->h, buf, (size_t)r, now_ms()) != LIION_OK)
                { fail(s, "feed"); return; }
        }
        if (liion_hsms_tick(s->h, now_ms()) != LIION_OK)
            { fail(s, "tick"); return; }
        handle_events(s);
    }
    /* write out what the session still holds (the Separate.req), then close */
    for (int i = 0; i < 100 && liion_hsms_out_pending(s->h) > 0; i++) {
        struct pollfd pfd = {s->fd, POLLOUT, 0};
        if (poll(&pfd, 1, 50) < 0 || flush_out(s) < 0)
            break;
    }
    close(s->fd);
    s->fd = -1;
}

static int side_init(side *s, const char *role, int passive)
{
    liion_hsms_options o;
    memset(s, 0, sizeof *s);
    s->role = role;
    s->fd = -1;
    if (liion_ctx_new(&s->ctx, NULL) != LIION_OK)
        return -1;
    liion_hsms_options_init(&o, (uint32_t)sizeof o);
    o.role = passive ? LIION_HSMS_ROLE_PASSIVE : LIION_HSMS_ROLE_ACTIVE;
    o.flags = passive ? LIION_HSMS_OPT_EQUIPMENT : 0u;
    if (liion_hsms_new(&s->h, s->ctx, &o) != LIION_OK ||
        liion_gem_reports_new(&s->reports, s->ctx) != LIION_OK ||
        liion_secs_msg_new(&s->log, s->ctx) != LIION_OK)
        return -1;
    if (passive && liion_e87_port_new(&s->port, s->ctx, LIION_E87_READY_TO_LOAD) != LIION_OK)
        return -1;
    return 0;
}

static void side_free(side *s)
{
    liion_e40_job_free(s->pj);
    liion_e87_carrier_free(s->tray);
    liion_e87_port_free(s->port);
    liion_secs_msg_free(s->log);
    liion_gem_reports_free(s->reports);
    liion_hsms_free(s->h);
    liion_ctx_free(s->ctx);
}

static int equipment(int listen_fd)
{
    side s;
    int ok;
    if (side_init(&s, "equipment", 1) != 0)
        return 1;
    s.fd = accept(listen_fd, NULL, NULL);
    close(listen_fd);
    if (s.fd < 0) {
        side_free(&s);
        return 1;
    }
    run(&s);
    ok = !s.failed && s.steps_seen == 63 && s.events_sent == N_EXPECTED &&
         s.acks_ok == N_EXPECTED && liion_e40_job_get_state(s.pj) == LIION_E40_REMOVED &&
         liion_e87_carrier_removed(s.tray) &&
         liion_e87_port_get_state(s.port) == LIION_E87_READY_TO_LOAD;
    if (!ok)
        fprintf(stderr, "equipment: steps 0x%x, %zu events sent, %zu acknowledged\n",
                (unsigned)s.steps_seen, s.events_sent, s.acks_ok);
    side_free(&s);
    return ok ? 0 : 1;
}

static int host(uint16_t port)
{
    side s;
    struct sockaddr_in a;
    int ok;
    if (side_init(&s, "host", 0) != 0)
        return 1;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    s.fd = socket(AF_INET, SOCK_STREAM, 0);
    if (s.fd < 0 || connect(s.fd, (struct sockaddr *)&a, sizeof a) != 0) {
        perror("host: connect");
        side_free(&s);
        return 1;
    }
    run(&s);
    ok = !s.failed && s.ceids_seen == N_EXPECTED && s.proceed_sent && s.pj_sent &&
         s.separate_sent;
    if (!ok)
        fprintf(stderr, "host: %zu of %zu collection events seen\n", s.ceids_seen, N_EXPECTED);
    side_free(&s);
    return ok ? 0 : 1;
}

static int listen_on(uint16_t port, uint16_t *bound)
{
    struct sockaddr_in a;
    socklen_t len = sizeof a;
    int one = 1, fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, 1) != 0 ||
        getsockname(fd, (struct sockaddr *)&a, &len) != 0) {
        close(fd);
        return -1;
    }
    *bound = ntohs(a.sin_port);
    return fd;
}

int main(int argc, char **argv)
{
    const char *role = NULL;
    uint16_t port = 5000, bound = 0;
    int lfd, st = 0, rc;
    pid_t pid;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--role") == 0)
            role = argv[i + 1];
        else if (strcmp(argv[i], "--port") == 0)
            port = (uint16_t)atoi(argv[i + 1]);
    }
    if (role != NULL && strcmp(role, "host") == 0)
        return host(port);
    if (role != NULL && strcmp(role, "equipment") == 0) {
        lfd = listen_on(port, &bound);
        return lfd < 0 ? 1 : equipment(lfd);
    }
    if (role != NULL) {
        fprintf(stderr, "usage: %s [--role host|equipment] [--port N]\n", argv[0]);
        return 2;
    }
    /* no arguments: both sides, the equipment in a child process, an ephemeral port */
    lfd = listen_on(0, &bound);
    if (lfd < 0) {
        perror("listen");
        return 1;
    }
    fflush(stdout);
    pid = fork();
    if (pid < 0) {
        perror("fork");
        return 1;
    }
    if (pid == 0) {
        alarm(30);
        _exit(equipment(lfd));
    }
    close(lfd);
    alarm(30);
    rc = host(bound);
    if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
        rc = 1;
    printf("gem300_tcp: %s\n", rc == 0 ? "expected exchange completed" : "FAILED");
    return rc;
}
