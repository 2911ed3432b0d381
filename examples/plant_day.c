/*
 * plant_day: one simulated day of a small lithium-ion cell plant, end to end through the codecs
 * and the ingest module into a durable plant store.
 *
 *   slurry mixing     S6F11 events (SECS-II items)            -> ingest
 *   coating           UADP NetworkMessages (wet film, flow,    -> ingest, spec checks on the
 *                     streaks, MD position, dryer zones)          jumbo roll as values arrive
 *   calendering,      S6F11 events + roll map (elongation,    -> ingest; roll links
 *   slitting          lanes)
 *   stacking          a REAL HSMS connection on loopback: the  -> host decodes S6F11, ingest
 *                     stacker (a forked child) reports E40 job
 *                     and E87 carrier state changes and one
 *                     S6F11 per stack (alignment)
 *   filling           S6F11 + OPC UA DataValues of the dry-room dew point (binary encoded)
 *   formation         S6F11 per cell (capacity, OCV, DCIR)
 *
 * Faults injected: a coating streak on jumbo roll JR-A-2 at 412 m (CD 75 mm), a dew-point
 * excursion during filling, a misaligned stack. At the end the cell hit by the streak is traced,
 * the spec violations on its path printed, its audit dossier (liion/export.h) and the lot's
 * UN 38.3 summary written, a trace report written, and a summary table printed.
 *
 * The spec results go into the store's own registry, so they are journalled with the plant.
 *
 * Usage: plant_day [--cells N | --small] [--out DIR] [--map FILE] [--verify]
 *   --verify re-reads what was written (the report names the streak's roll and metre; the store
 *   reopens read-only with the expected cell count) and exits 1 if anything is off.
 */
#define _POSIX_C_SOURCE 200809L

#include <liion/export.h>
#include <liion/liion.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef LIION_EXAMPLES_DIR
#define LIION_EXAMPLES_DIR "examples"
#endif

#define NONE LIION_PLANT_NONE
#define ROLL_M 1000.0       /* coated length of a jumbo roll */
#define STEP_M 5.0          /* one UADP message per 5 m */
#define ELONGATION 1.02     /* calendering */
#define LANE_MM 150.0       /* two lanes of 150 mm */
#define JOB_STACKS 8u       /* stacks per E40 process job */
#define STREAK_ROLL "JR-A-2"
#define STREAK_MD 412.0
#define STREAK_CD 75.0
#define SEC 1000000000LL

/* ---- small helpers --------------------------------------------------------------------- */

static liion_ctx *ctx;
static liion_ingest *ing;
static int64_t clock_ns = 1795766400LL * SEC; /* 2026-11-27 00:00 UTC, simulated */
static uint64_t ingest_ns, ingest_calls;

static void die(const char *what, liion_status st)
{
    fprintf(stderr, "plant_day: %s: %s (%s)\n", what, liion_status_str(st),
            ctx ? liion_ctx_errmsg(ctx) : "");
    exit(1);
}
#define CK(what, call)                                                                          \
    do {                                                                                        \
        liion_status st_ = (call);                                                              \
        if (st_ != LIION_OK)                                                                    \
            die((what), st_);                                                                   \
    } while (0)

static uint64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t mono_ms(void) { return mono_ns() / 1000000u; }

/* Deterministic noise in [-1, 1). */
static uint64_t rng = 0x9E3779B97F4A7C15u;
static double noise(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (double)(rng >> 11) / 4503599627370496.0 - 1.0;
}

/* An ingest call, timed; a problem is reported (the demo's mapping covers every message). */
static void ingested(const char *what, liion_status st, uint64_t t0)
{
    ingest_ns += mono_ns() - t0;
    ingest_calls++;
    if (st != LIION_OK)
        die(what, st);
}

/* An S6F11 event given as decoded values: VIDs and items (A text or F8). */
typedef struct ev {
    uint32_t vids[8];
    liion_secs_item *v[8];
    size_t n;
} ev;

static void ev_a(ev *e, uint32_t vid, const char *s)
{
    CK("item", liion_secs_item_new_ascii(&e->v[e->n], ctx, s, strlen(s)));
    e->vids[e->n++] = vid;
}

static void ev_f(ev *e, uint32_t vid, double d)
{
    CK("item", liion_secs_item_new_f8(&e->v[e->n], ctx, &d, 1));
    e->vids[e->n++] = vid;
}

static void ev_send(ev *e, const char *eq, uint32_t ceid)
{
    uint64_t t0 = mono_ns();
    liion_status st = liion_ingest_event(ing, eq, ceid, e->vids,
                                         (const liion_secs_item *const *)e->v, e->n, clock_ns);
    ingested("S6F11 event", st, t0);
    for (size_t i = 0; i < e->n; i++)
        liion_secs_item_free(e->v[i]);
    e->n = 0;
}

/* ---- master data (what an MES holds before the day starts) ----------------------------- */

static uint32_t def_cell, def_stack;

static void master_data(liion_plant *p)
{
    static const struct {
        const char *id;
        liion_equipment_level level;
    } eq[] = { { "MIXER-1", LIION_EQ_UNIT },          { "COATER-1", LIION_EQ_PRODUCTION_UNIT },
               { "CALENDER-1", LIION_EQ_PRODUCTION_UNIT }, { "SLITTER-1", LIION_EQ_PRODUCTION_UNIT },
               { "STACKER-1", LIION_EQ_WORK_CELL },    { "FILLER-1", LIION_EQ_WORK_CELL },
               { "FORMATION-1", LIION_EQ_WORK_CENTER } };
    static const struct {
        const char *id;
        liion_process_step step;
    } seg[] = { { "MIXING", LIION_STEP_MIXING },   { "COATING", LIION_STEP_COATING },
                { "CALENDERING", LIION_STEP_CALENDERING }, { "SLITTING", LIION_STEP_SLITTING },
                { "STACKING", LIION_STEP_STACKING }, { "FILLING", LIION_STEP_FILLING },
                { "FORMATION", LIION_STEP_FORMATION } };
    static const char *defs[] = { "SLURRY", "ELECTRODE-ROLL", "STACK", "CELL", "RAW" };
    uint32_t site, area, raw = NONE, d;
    CK("site", liion_plant_equipment_add(&site, p, NULL, "GIGA-1", LIION_EQ_SITE, NONE, NONE));
    CK("area", liion_plant_equipment_add(&area, p, NULL, "CELL-LINE-1", LIION_EQ_AREA, site, NONE));
    for (size_t i = 0; i < sizeof eq / sizeof eq[0]; i++)
        CK("equipment", liion_plant_equipment_add(NULL, p, NULL, eq[i].id, eq[i].level, area, NONE));
    for (size_t i = 0; i < sizeof seg / sizeof seg[0]; i++)
        CK("segment", liion_plant_segment_add(NULL, p, NULL, seg[i].id, seg[i].step));
    for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++) {
        CK("definition", liion_plant_material_definition_add(&d, p, NULL, defs[i], NONE));
        if (i == 2)
            def_stack = d;
        if (i == 3)
            def_cell = d;
        if (i == 4)
            raw = d;
    }
    /* received raw material lots */
    CK("raw", liion_plant_lot_add(NULL, p, NULL, "GRAPHITE-L2611", raw, NONE));
    CK("raw", liion_plant_lot_add(NULL, p, NULL, "NMC811-L2609", raw, NONE));
    CK("raw", liion_plant_lot_add(NULL, p, NULL, "ELECTROLYTE-L77", raw, NONE));
}

static liion_spec_limits *make_limits(void)
{
    liion_spec_limits *l;
    CK("limits", liion_spec_limits_new(&l, ctx, "CELL-NMC811-G-5AH", 4));
    CK("limits", liion_spec_limits_set_default(l, LIION_SPEC_WET_FILM_THICKNESS, 150.0));
    CK("limits", liion_spec_limits_set_default(l, LIION_SPEC_DRY_ROOM_DEW_POINT, 0));
    CK("limits", liion_spec_limits_set_default(l, LIION_SPEC_STACK_ALIGN_X, 0));
    CK("limits", liion_spec_limits_set_default(l, LIION_SPEC_STACK_ALIGN_Y, 0));
    CK("limits", liion_spec_limits_set(l, "coating_streaks", "C62", LIION_SPEC_UPPER, 0, 0));
    CK("limits", liion_spec_limits_set(l, "formation_capacity", "AMH", LIION_SPEC_TWO_SIDED, 4.85,
                                       5.30));
    return l;
}

/* ---- electrode line: mixing, coating (UADP), calendering, slitting --------------------- */

static void coating_uadp(liion_uadp_msg *m, liion_ua_value *zones, const char *roll, double md,
                         unsigned k)
{
    double wet = 150.0 + 0.6 * noise(), flow = 3.85 + 0.02 * noise(), mdv = md;
    double z[4] = { 80.0 + noise(), 95.0 + noise(), 110.0 + noise(), 60.0 + noise() };
    uint32_t streaks = (strcmp(roll, STREAK_ROLL) == 0 && md == STREAK_MD) ? 1u : 0u;
    uint8_t buf[512];
    size_t len = 0;
    int64_t ticks = liion_ua_datetime_from_unix_ns(clock_ns);
    uint64_t t0;
    liion_uadp_msg_reset(m);
    CK("uadp", liion_uadp_msg_set_publisher_id(m, LIION_UADP_PUBID_UINT16, 2234, NULL, 0));
    CK("uadp", liion_uadp_msg_set_group(m, LIION_UADP_NM_WRITER_GROUP_ID |
                                               LIION_UADP_NM_SEQUENCE_NUMBER,
                                        100, 0, 0, (uint16_t)k));
    CK("uadp", liion_uadp_msg_set_timestamp(m, ticks));
    CK("uadp", liion_uadp_msg_set_flags(m, liion_uadp_msg_flags(m) | LIION_UADP_NM_PAYLOAD_HEADER));
    CK("uadp", liion_uadp_msg_add_dsm(m, 1, LIION_UADP_ENC_DATAVALUE, LIION_UADP_DSM_KEYFRAME));
    CK("uadp", liion_uadp_dsm_add_scalar(m, 0, LIION_UA_TYPE_DOUBLE, &wet));
    CK("uadp", liion_uadp_field_set_dv(m, LIION_UA_DV_STATUS | LIION_UA_DV_SOURCE_TIMESTAMP, 0,
                                       ticks, 0, 0, 0));
    CK("uadp", liion_uadp_dsm_add_scalar(m, 1, LIION_UA_TYPE_DOUBLE, &flow));
    CK("uadp", liion_uadp_dsm_add_scalar(m, 2, LIION_UA_TYPE_UINT32, &streaks));
    CK("uadp", liion_uadp_dsm_add_scalar(m, 3, LIION_UA_TYPE_DOUBLE, &mdv));
    CK("uadp", liion_ua_value_set_array(zones, LIION_UA_TYPE_DOUBLE, z, 4, NULL, 0));
    CK("uadp", liion_uadp_msg_add_dsm(m, 2, LIION_UADP_ENC_VARIANT, LIION_UADP_DSM_KEYFRAME));
    CK("uadp", liion_uadp_dsm_add_variant(m, 0, liion_ua_value_variant(zones)));
    CK("uadp encode", liion_uadp_msg_encode(m, buf, sizeof buf, &len));
    t0 = mono_ns();
    ingested("UADP", liion_ingest_uadp(ing, buf, len, clock_ns), t0);
}

static void electrode_line(liion_plant *p, char e, unsigned rolls, liion_uadp_msg *m,
                           liion_ua_value *zones)
{
    char slurry[32], jumbo[32], cal[32], lane[2][32];
    ev x = { { 0 }, { 0 }, 0 };
    for (unsigned r = 1; r <= rolls; r++) {
        uint32_t jr, cr, dr;
        unsigned k = 0;
        snprintf(slurry, sizeof slurry, "SLURRY-%c-%u", e, r);
        snprintf(jumbo, sizeof jumbo, "JR-%c-%u", e, r);
        snprintf(cal, sizeof cal, "CAL-%c-%u", e, r);
        /* mixing */
        ev_a(&x, 1001, slurry);
        ev_a(&x, 1002, e == 'A' ? "GRAPHITE-L2611" : "NMC811-L2609");
        ev_send(&x, "MIXER-1", 100);
        clock_ns += 40 * 60 * SEC;
        ev_f(&x, 1003, 3200.0 + 150.0 * noise());
        ev_f(&x, 1004, 48.0 + noise());
        ev_send(&x, "MIXER-1", 101);
        /* coating with telemetry */
        ev_a(&x, 2001, jumbo);
        ev_a(&x, 2002, slurry);
        ev_send(&x, "COATER-1", 200);
        for (double md = 2.0; md < ROLL_M; md += STEP_M, k++) {
            clock_ns += 6 * SEC; /* 50 m/min */
            coating_uadp(m, zones, jumbo, md, k);
        }
        ev_f(&x, 2003, ROLL_M);
        ev_send(&x, "COATER-1", 201);
        printf("  coated %-8s %4.0f m, %u UADP messages ingested%s\n", jumbo, ROLL_M, k,
               strcmp(jumbo, STREAK_ROLL) == 0 ? "  << streak seen at 412 m" : "");
        fflush(stdout);
        /* calendering: 2 % elongation */
        ev_a(&x, 3001, cal);
        ev_a(&x, 3002, jumbo);
        ev_send(&x, "CALENDER-1", 300);
        clock_ns += 25 * 60 * SEC;
        ev_f(&x, 3003, 1.65 + 0.01 * noise());
        ev_send(&x, "CALENDER-1", 301);
        CK("find", liion_plant_find(&jr, p, LIION_OBJ_LOT, NULL, jumbo));
        CK("find", liion_plant_find(&cr, p, LIION_OBJ_LOT, NULL, cal));
        CK("roll link", liion_plant_roll_link(p, jr, cr, 0, ROLL_M, -INFINITY, INFINITY, 0,
                                              ELONGATION, 0));
        /* slitting: two lanes */
        for (int l = 0; l < 2; l++)
            snprintf(lane[l], sizeof lane[l], "DR-%c-%u-%d", e, r, l);
        ev_a(&x, 4001, cal);
        ev_a(&x, 4002, lane[0]);
        ev_a(&x, 4003, lane[1]);
        ev_send(&x, "SLITTER-1", 400);
        clock_ns += 15 * 60 * SEC;
        ev_send(&x, "SLITTER-1", 401);
        for (int l = 0; l < 2; l++) {
            CK("find", liion_plant_find(&dr, p, LIION_OBJ_LOT, NULL, lane[l]));
            CK("lane link", liion_plant_roll_link(p, cr, dr, 0, ROLL_M * ELONGATION,
                                                  l * LANE_MM, (l + 1) * LANE_MM, 0, 1.0,
                                                  LIION_ROLL_LANE));
        }
    }
}

/* ---- stacking over HSMS ------------------------------------------------------------------ */

#define CE_STACK 500u
#define CE_E40 900u
#define CE_E87 910u
#define RPT_STACK 1u
#define RPT_E40 2u
#define RPT_E87 3u

/* The host's report definitions: S2F33 (define), S2F35 (link), S2F37 (enable) bodies. */
typedef struct report_bodies {
    uint8_t b[3][256];
    size_t n[3];
} report_bodies;

static int build_report_bodies(report_bodies *rb, liion_ctx *c)
{
    static const uint32_t rptids[] = { RPT_STACK, RPT_E40, RPT_E87 };
    static const size_t counts[] = { 5, 2, 2 };
    static const uint32_t vids[] = { 5001, 5002, 5003, 5004, 5005, 9001, 9002, 9101, 9102 };
    static const uint32_t ceids[] = { CE_STACK, CE_E40, CE_E87 };
    static const size_t links[] = { 1, 1, 1 };
    return liion_gem_s2f33_encode(rb->b[0], sizeof rb->b[0], &rb->n[0], c, 1, rptids, counts,
                                  vids, 3) != LIION_OK ||
                   liion_gem_s2f35_encode(rb->b[1], sizeof rb->b[1], &rb->n[1], c, 2, ceids,
                                          links, rptids, 3) != LIION_OK ||
                   liion_gem_s2f37_encode(rb->b[2], sizeof rb->b[2], &rb->n[2], c, 1, NULL, 0) !=
                       LIION_OK
               ? -1
               : 0;
}

/* Apply S2F33/35/37 (function 33, 35, 37) to a report table; the DRACK/LRACK/ERACK. */
static int apply_report_body(liion_gem_reports *r, unsigned function, const uint8_t *b, size_t n,
                             uint8_t *ack)
{
    liion_status st = function == 33   ? liion_gem_reports_on_s2f33(ack, r, b, n)
                      : function == 35 ? liion_gem_reports_on_s2f35(ack, r, b, n)
                                       : liion_gem_reports_on_s2f37(ack, r, b, n);
    return st == LIION_OK && *ack == 0 ? 0 : -1;
}

typedef struct conn {
    liion_ctx *c;
    liion_hsms *h;
    liion_gem_reports *reports;
    int fd;
    int done, failed;
} conn;

static int conn_init(conn *s, int passive)
{
    liion_hsms_options o;
    memset(s, 0, sizeof *s);
    s->fd = -1;
    if (liion_ctx_new(&s->c, NULL) != LIION_OK)
        return -1;
    liion_hsms_options_init(&o, (uint32_t)sizeof o);
    o.role = passive ? LIION_HSMS_ROLE_PASSIVE : LIION_HSMS_ROLE_ACTIVE;
    o.flags = passive ? LIION_HSMS_OPT_EQUIPMENT : 0u;
    if (liion_hsms_new(&s->h, s->c, &o) != LIION_OK ||
        liion_gem_reports_new(&s->reports, s->c) != LIION_OK)
        return -1;
    return 0;
}

static void conn_free(conn *s)
{
    if (s->fd >= 0)
        close(s->fd);
    liion_gem_reports_free(s->reports);
    liion_hsms_free(s->h);
    liion_ctx_free(s->c);
}

/* One round of I/O: write what is pending, read what arrived, run timers. */
static int conn_pump(conn *s, int timeout_ms)
{
    struct pollfd pfd;
    pfd.fd = s->fd;
    pfd.events = (short)(POLLIN | (liion_hsms_out_pending(s->h) ? POLLOUT : 0));
    pfd.revents = 0;
    if (poll(&pfd, 1, timeout_ms) < 0 && errno != EINTR)
        return -1;
    if (pfd.revents & POLLOUT) {
        const uint8_t *p = NULL;
        size_t n = 0;
        ssize_t w;
        if (liion_hsms_out_peek(&p, &n, s->h) == LIION_OK && n) {
            w = write(s->fd, p, n);
            if (w > 0)
                liion_hsms_out_consume(s->h, (size_t)w);
            else if (w < 0 && errno != EAGAIN && errno != EINTR)
                return -1;
        }
    }
    if (pfd.revents & (POLLIN | POLLHUP | POLLERR)) {
        uint8_t buf[8192];
        ssize_t r = read(s->fd, buf, sizeof buf);
        if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) {
            liion_hsms_disconnected(s->h, mono_ms());
            s->done = 1;
            return 0;
        }
        if (r > 0 && liion_hsms_feed(s->h, buf, (size_t)r, mono_ms()) != LIION_OK)
            return -1;
    }
    return liion_hsms_tick(s->h, mono_ms()) == LIION_OK ? 0 : -1;
}

/* -- equipment side (the child process) -- */

typedef struct stack_plan {
    unsigned cells, per_daughter;
} stack_plan;

static int eq_wait_ack;

static int eq_events(conn *s)
{
    liion_hsms_event e;
    memset(&e, 0, sizeof e);
    e.struct_size = (uint32_t)sizeof e;
    while (liion_hsms_event_next(&e, s->h) == LIION_OK && e.type != LIION_HSMS_EV_NONE) {
        if (e.type == LIION_HSMS_EV_DATA && e.stream == 2 &&
            (e.function == 33 || e.function == 35 || e.function == 37)) {
            /* the host defines, links and enables the reports it wants */
            uint8_t ack = 1, out[8];
            size_t n = 0;
            if (apply_report_body(s->reports, e.function, e.body, e.body_len, &ack) != 0 ||
                liion_gem_ack_encode(out, sizeof out, &n, s->c, ack) != LIION_OK ||
                liion_hsms_reply(s->h, e.system_bytes, 2, (uint8_t)(e.function + 1u), out, n) !=
                    LIION_OK)
                return -1;
        } else if (e.type == LIION_HSMS_EV_REPLY) {
            uint8_t ack = 1;
            if (liion_gem_ack_decode(&ack, s->c, e.body, e.body_len) != LIION_OK || ack != 0)
                return -1;
            eq_wait_ack = 0;
        } else if (e.type == LIION_HSMS_EV_CLOSE) {
            s->done = 1;
        } else if (e.type == LIION_HSMS_EV_TIMEOUT || e.type == LIION_HSMS_EV_PROTOCOL_ERROR ||
                   e.type == LIION_HSMS_EV_REJECTED || e.type == LIION_HSMS_EV_ABORTED) {
            return -1;
        }
        e.struct_size = (uint32_t)sizeof e;
    }
    return 0;
}

/* Send one S6F11 W and pump until the host acknowledged it. */
static int eq_report(conn *s, uint32_t ceid, const uint32_t *vids, liion_secs_item **v, size_t n)
{
    static uint32_t dataid;
    uint8_t body[512];
    size_t len = 0;
    uint64_t give_up = mono_ms() + 10000u;
    liion_status st = liion_gem_reports_s6f11_encode_values(
        body, sizeof body, &len, s->reports, ++dataid, ceid, vids,
        (const liion_secs_item *const *)v, n);
    for (size_t i = 0; i < n; i++)
        liion_secs_item_free(v[i]);
    if (st != LIION_OK ||
        liion_hsms_send_data(NULL, s->h, 6, 11, 1, body, len, ceid, mono_ms()) != LIION_OK)
        return -1;
    eq_wait_ack = 1;
    while (eq_wait_ack && !s->done && mono_ms() < give_up)
        if (conn_pump(s, 100) != 0 || eq_events(s) != 0)
            return -1;
    return eq_wait_ack ? -1 : 0;
}

static int eq_state(conn *s, uint32_t ceid, const char *obj, uint8_t state)
{
    uint32_t vids[2] = { ceid == CE_E40 ? 9001u : 9101u, ceid == CE_E40 ? 9002u : 9102u };
    liion_secs_item *v[2] = { NULL, NULL };
    if (liion_secs_item_new_ascii(&v[0], s->c, obj, strlen(obj)) != LIION_OK ||
        liion_secs_item_new_u1(&v[1], s->c, &state, 1) != LIION_OK)
        return -1;
    return eq_report(s, ceid, vids, v, 2);
}

static void stack_id(char *buf, size_t cap, unsigned i) { snprintf(buf, cap, "STK-%05u", i + 1u); }

/* Daughter roll of stack i for electrode e ('A' anode, 'C' cathode). */
static void daughter_of(char *buf, size_t cap, const stack_plan *sp, unsigned i, char e)
{
    unsigned d = i / sp->per_daughter; /* 0..3: roll 1 lane 0, roll 1 lane 1, roll 2 ... */
    snprintf(buf, cap, "DR-%c-%u-%u", e, d / 2u + 1u, d % 2u);
}

/* The stacker's unwinder report of the sheets it took for stack i from electrode e's daughter
 * roll: <L [3] <A roll> <F8 md_start> <F8 md_end>> (the ingest's `roll_use`). */
static liion_status sheets_item(liion_secs_item **out, liion_ctx *c, const stack_plan *sp,
                                unsigned i, char e)
{
    char roll[32];
    double len = ROLL_M * ELONGATION / sp->per_daughter, md[2];
    liion_secs_item *l = NULL, *x = NULL;
    liion_status st;
    md[0] = (i % sp->per_daughter) * len;
    md[1] = md[0] + len;
    daughter_of(roll, sizeof roll, sp, i, e);
    if ((st = liion_secs_item_new_list(&l, c, 3)) != LIION_OK)
        return st;
    for (int k = 0; k < 3 && st == LIION_OK; k++) {
        st = k == 0 ? liion_secs_item_new_ascii(&x, c, roll, strlen(roll))
                    : liion_secs_item_new_f8(&x, c, &md[k - 1], 1);
        if (st == LIION_OK && (st = liion_secs_list_append(l, x)) != LIION_OK)
            liion_secs_item_free(x);
    }
    if (st != LIION_OK) {
        liion_secs_item_free(l);
        return st;
    }
    *out = l;
    return LIION_OK;
}

static int stacker(int listen_fd, const stack_plan *sp)
{
    conn s;
    unsigned misaligned = sp->cells / 2u + 1u;
    int rc = 1;
    if (conn_init(&s, 1) != 0)
        return 1;
    s.fd = accept(listen_fd, NULL, NULL);
    close(listen_fd);
    if (s.fd < 0 || liion_hsms_connected(s.h, mono_ms()) != LIION_OK)
        goto out;
    fcntl(s.fd, F_SETFL, fcntl(s.fd, F_GETFL) | O_NONBLOCK);
    /* wait for the host to select the session and enable the reports */
    while (!liion_gem_reports_event_enabled(s.reports, CE_E87) && !s.done)
        if (conn_pump(&s, 100) != 0 || eq_events(&s) != 0)
            goto out;
    for (unsigned j = 0; j * JOB_STACKS < sp->cells; j++) {
        char pj[32], an[32], ca[32];
        snprintf(pj, sizeof pj, "PJ-STK-%03u", j + 1u);
        daughter_of(an, sizeof an, sp, j * JOB_STACKS, 'A');
        daughter_of(ca, sizeof ca, sp, j * JOB_STACKS, 'C');
        if (eq_state(&s, CE_E40, pj, LIION_E40_SETTING_UP) ||
            eq_state(&s, CE_E87, an, LIION_E87_TRANSFER_BLOCKED) ||
            eq_state(&s, CE_E87, ca, LIION_E87_TRANSFER_BLOCKED) ||
            eq_state(&s, CE_E40, pj, LIION_E40_PROCESSING))
            goto out;
        for (unsigned i = j * JOB_STACKS; i < (j + 1u) * JOB_STACKS && i < sp->cells; i++) {
            static const uint32_t vids[5] = { 5001, 5002, 5003, 5004, 5005 };
            liion_secs_item *v[5] = { NULL, NULL, NULL, NULL, NULL };
            char id[32];
            double dx = 0.08 * noise(), dy = 0.08 * noise();
            if (i == misaligned)
                dx = 0.46; /* injected: a misaligned stack */
            stack_id(id, sizeof id, i);
            if (liion_secs_item_new_ascii(&v[0], s.c, id, strlen(id)) != LIION_OK ||
                liion_secs_item_new_f8(&v[1], s.c, &dx, 1) != LIION_OK ||
                liion_secs_item_new_f8(&v[2], s.c, &dy, 1) != LIION_OK ||
                sheets_item(&v[3], s.c, sp, i, 'A') != LIION_OK ||
                sheets_item(&v[4], s.c, sp, i, 'C') != LIION_OK) {
                for (int k = 0; k < 5; k++)
                    liion_secs_item_free(v[k]);
                goto out;
            }
            if (eq_report(&s, CE_STACK, vids, v, 5) != 0)
                goto out;
        }
        if (eq_state(&s, CE_E40, pj, LIION_E40_PROCESS_COMPLETE) ||
            eq_state(&s, CE_E87, an, LIION_E87_READY_TO_UNLOAD) ||
            eq_state(&s, CE_E87, ca, LIION_E87_READY_TO_UNLOAD))
            goto out;
    }
    /* end of shift: Separate.req, write it out */
    liion_hsms_separate(s.h, mono_ms());
    for (int i = 0; i < 50 && liion_hsms_out_pending(s.h); i++)
        conn_pump(&s, 20);
    rc = 0;
out:
    if (rc)
        fprintf(stderr, "stacker: FAILED (%s)\n", liion_ctx_errmsg(s.c));
    conn_free(&s);
    return rc;
}

/* -- host side (this process) -- */

typedef struct host_vals {
    char obj[64];
    uint64_t state;
} host_vals;

static liion_status host_collect(void *user, uint32_t rptid, uint32_t vid,
                                 const liion_secs_item *value)
{
    host_vals *hv = user;
    size_t n = 0;
    const uint8_t *t;
    (void)rptid;
    if (vid == 9001 || vid == 9101) {
        t = liion_secs_item_text(value, &n);
        if (!t || n >= sizeof hv->obj)
            return LIION_E_RANGE;
        memcpy(hv->obj, t, n);
        hv->obj[n] = '\0';
    } else if (vid == 9002 || vid == 9102) {
        return liion_secs_item_get_uint(&hv->state, value, 0);
    }
    return LIION_OK;
}

static unsigned stacks_seen;

static void host_on_s6f11(conn *s, const stack_plan *sp, const liion_hsms_event *e)
{
    uint32_t ceid = 0;
    uint8_t ack[8];
    size_t n = 0;
    uint64_t t0;
    liion_status st;
    host_vals hv;
    memset(&hv, 0, sizeof hv);
    clock_ns += 20 * SEC;
    if ((st = liion_gem_reports_s6f11_decode(NULL, &ceid, s->reports, e->body, e->body_len,
                                             host_collect, &hv)) != LIION_OK) {
        fprintf(stderr, "host: S6F11 does not decode: %s\n", liion_ctx_errmsg(s->c));
        s->failed = 1;
    } else if (ceid == CE_E40 || ceid == CE_E87) {
        t0 = mono_ns();
        ingested("state change",
                 liion_ingest_state_change(ing, "STACKER-1",
                                           ceid == CE_E40 ? LIION_INGEST_E40 : LIION_INGEST_E87,
                                           (uint32_t)hv.state, hv.obj, clock_ns),
                 t0);
    } else {
        /* the host's ingest decodes the body with the host's report table; the sheets each
         * stack took (VIDs 5004, 5005) go onto the roll map through the mapping's roll_use */
        stacks_seen++;
        t0 = mono_ns();
        ingested("S6F11 bytes", liion_ingest_s6f11(ing, "STACKER-1", s->reports, e->body,
                                                   e->body_len, clock_ns), t0);
        if (stacks_seen % 64 == 0 || stacks_seen == sp->cells) {
            printf("  stacking over HSMS: %u/%u stacks\n", stacks_seen, sp->cells);
            fflush(stdout);
        }
    }
    if (liion_gem_ack_encode(ack, sizeof ack, &n, s->c, 0) != LIION_OK ||
        liion_hsms_reply(s->h, e->system_bytes, 6, 12, ack, n) != LIION_OK)
        s->failed = 1;
}

/* Once selected: S2F33, S2F35, S2F37 W one after the other, each applied to the host's own
 * table too (it parses the S6F11s with it) and acknowledged with 0 by the stacker. */
static int host_define_reports(conn *s)
{
    report_bodies rb;
    uint64_t give_up = mono_ms() + 10000u;
    uint8_t ack = 1;
    if (build_report_bodies(&rb, s->c) != 0)
        return -1;
    while (liion_hsms_get_state(s->h) != LIION_HSMS_SELECTED && mono_ms() < give_up) {
        liion_hsms_event e;
        if (conn_pump(s, 100) != 0)
            return -1;
        memset(&e, 0, sizeof e);
        e.struct_size = (uint32_t)sizeof e;
        while (liion_hsms_event_next(&e, s->h) == LIION_OK && e.type != LIION_HSMS_EV_NONE)
            e.struct_size = (uint32_t)sizeof e;
    }
    for (unsigned k = 0; k < 3; k++) {
        unsigned function = 33u + 2u * k;
        int answered = 0;
        if (apply_report_body(s->reports, function, rb.b[k], rb.n[k], &ack) != 0 ||
            liion_hsms_send_data(NULL, s->h, 2, (uint8_t)function, 1, rb.b[k], rb.n[k], k,
                                 mono_ms()) != LIION_OK)
            return -1;
        while (!answered && mono_ms() < give_up) {
            liion_hsms_event e;
            if (conn_pump(s, 100) != 0)
                return -1;
            memset(&e, 0, sizeof e);
            e.struct_size = (uint32_t)sizeof e;
            /* stop at the reply: what follows it (the first S6F11) is the main loop's */
            while (!answered && liion_hsms_event_next(&e, s->h) == LIION_OK &&
                   e.type != LIION_HSMS_EV_NONE) {
                if (e.type == LIION_HSMS_EV_REPLY) {
                    if (liion_gem_ack_decode(&ack, s->c, e.body, e.body_len) != LIION_OK || ack)
                        return -1;
                    answered = 1;
                } else if (e.type != LIION_HSMS_EV_STATE && e.type != LIION_HSMS_EV_CONTROL) {
                    fprintf(stderr, "host: unexpected %s (code %u) during S2F%u\n",
                            liion_hsms_event_type_str((liion_hsms_event_type)e.type),
                            (unsigned)e.code, function);
                    return -1;
                }
                e.struct_size = (uint32_t)sizeof e;
            }
        }
        if (!answered)
            return -1;
    }
    return 0;
}

static int host_stacking(const stack_plan *sp, unsigned short port)
{
    conn s;
    struct sockaddr_in a;
    uint64_t give_up = mono_ms() + 60000u;
    int rc;
    if (conn_init(&s, 0) != 0)
        return 1;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    s.fd = socket(AF_INET, SOCK_STREAM, 0);
    if (s.fd < 0 || connect(s.fd, (struct sockaddr *)&a, sizeof a) != 0 ||
        liion_hsms_connected(s.h, mono_ms()) != LIION_OK) {
        perror("host: connect");
        conn_free(&s);
        return 1;
    }
    fcntl(s.fd, F_SETFL, fcntl(s.fd, F_GETFL) | O_NONBLOCK);
    printf("  HSMS host connected to the stacker on 127.0.0.1:%u\n", (unsigned)port);
    if (host_define_reports(&s) != 0) {
        fprintf(stderr, "host: report definitions FAILED (%s)\n", liion_ctx_errmsg(s.c));
        conn_free(&s);
        return 1;
    }
    printf("  S2F33/S2F35/S2F37: reports defined, linked and enabled on the stacker\n");
    while (!s.done && !s.failed && mono_ms() < give_up) {
        liion_hsms_event e;
        if (conn_pump(&s, 100) != 0)
            s.failed = 1;
        memset(&e, 0, sizeof e);
        e.struct_size = (uint32_t)sizeof e;
        while (liion_hsms_event_next(&e, s.h) == LIION_OK && e.type != LIION_HSMS_EV_NONE) {
            if (e.type == LIION_HSMS_EV_DATA && e.stream == 6 && e.function == 11)
                host_on_s6f11(&s, sp, &e);
            else if (e.type == LIION_HSMS_EV_CLOSE)
                s.done = 1;
            else if (e.type == LIION_HSMS_EV_DATA || e.type == LIION_HSMS_EV_PROTOCOL_ERROR ||
                     e.type == LIION_HSMS_EV_TIMEOUT)
                s.failed = 1;
            e.struct_size = (uint32_t)sizeof e;
        }
    }
    rc = s.failed || stacks_seen != sp->cells;
    if (rc)
        fprintf(stderr, "host: stacking FAILED after %u stacks\n", stacks_seen);
    conn_free(&s);
    return rc;
}

static int stacking(const stack_plan *sp)
{
    struct sockaddr_in a;
    socklen_t alen = sizeof a;
    int lfd = socket(AF_INET, SOCK_STREAM, 0), st = 0, rc;
    pid_t pid;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (lfd < 0 || bind(lfd, (struct sockaddr *)&a, sizeof a) != 0 || listen(lfd, 1) != 0 ||
        getsockname(lfd, (struct sockaddr *)&a, &alen) != 0) {
        perror("listen");
        return 1;
    }
    fflush(stdout);
    pid = fork();
    if (pid < 0)
        return 1;
    if (pid == 0) {
        alarm(60);
        _exit(stacker(lfd, sp));
    }
    close(lfd);
    rc = host_stacking(sp, ntohs(a.sin_port));
    if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
        rc = 1;
    return rc;
}

/* ---- filling (dew point over OPC UA) and formation --------------------------------------- */

static void dew_point(liion_ua_value *out, liion_ua_value *in, double dp)
{
    uint8_t buf[64];
    size_t len = 0, used = 0;
    const liion_ua_datavalue *dv;
    uint64_t t0;
    int64_t ticks = liion_ua_datetime_from_unix_ns(clock_ns);
    /* the dry room's sensor publishes a DataValue; it crosses the wire as OPC UA Binary */
    CK("dv", liion_ua_value_set_scalar(out, LIION_UA_TYPE_DOUBLE, &dp));
    CK("dv", liion_ua_value_set_datavalue(out, LIION_UA_DV_VALUE | LIION_UA_DV_STATUS |
                                                   LIION_UA_DV_SOURCE_TIMESTAMP,
                                          0, ticks, 0, 0, 0));
    CK("dv encode", liion_ua_value_encode(out, buf, sizeof buf, &len));
    CK("dv decode", liion_ua_value_decode(in, LIION_UA_TYPE_DATAVALUE, buf, len, &used));
    CK("dv", liion_ua_variant_get_datavalue(liion_ua_value_variant(in), 0, &dv));
    t0 = mono_ns();
    ingested("DataValue", liion_ingest_datavalue(ing, 2, "s=DryRoom1.DewPoint", dv, clock_ns), t0);
}

static int64_t form_clock0; /* when the first cell went on its formation channel */

static void fill_and_form(unsigned cells, liion_ua_value *out, liion_ua_value *in)
{
    unsigned excursion = cells * 3u / 4u;
    ev x = { { 0 }, { 0 }, 0 };
    char cell[32], stk[32], ch[16];
    for (unsigned i = 0; i < cells; i++) {
        snprintf(cell, sizeof cell, "CELL-%05u", i + 1u);
        stack_id(stk, sizeof stk, i);
        ev_a(&x, 6001, cell);
        ev_a(&x, 6002, stk);
        ev_a(&x, 6003, "ELECTROLYTE-L77");
        ev_send(&x, "FILLER-1", 600);
        clock_ns += 30 * SEC;
        /* injected: a dew-point excursion for three cells */
        dew_point(out, in, i >= excursion && i < excursion + 3u ? -34.5 : -55.0 + 2.0 * noise());
        ev_f(&x, 6004, 62.0 + 0.3 * noise());
        ev_send(&x, "FILLER-1", 601);
    }
    printf("  filled %u cells in dry room DR-1 (dew point excursion at cells %u-%u)\n", cells,
           excursion + 1u, excursion + 3u);
    form_clock0 = clock_ns;
    for (unsigned i = 0; i < cells; i++) {
        snprintf(cell, sizeof cell, "CELL-%05u", i + 1u);
        snprintf(ch, sizeof ch, "R%02u-CH%03u", i / 256u + 1u, i % 256u + 1u);
        ev_a(&x, 7001, cell);
        ev_send(&x, "FORMATION-1", 700);
        clock_ns += 10 * SEC;
        ev_f(&x, 7002, 5.05 + 0.06 * noise());
        ev_f(&x, 7003, 3.62 + 0.01 * noise());
        ev_f(&x, 7004, 18.0 + 0.8 * noise());
        ev_a(&x, 7005, ch);
        ev_send(&x, "FORMATION-1", 701);
    }
    printf("  formation: %u cells, per-cell capacity, OCV, DCIR\n", cells);
}

/* ---- the audit: trace one failed cell ----------------------------------------------------- */

/* The formation record of one cell (liion/export.h): its channel, capacity, OCV and DCIR as
 * ingested into the plant, its steps, and its own samples at 0.1 Hz (a real cycler hands them
 * over as a file or over OPC UA). The program: SEI formation at C/10 to 3.9 V for 90 min, then
 * 30 min open circuit, where the voltage relaxes to the cell's OCV. */
static double round_to(double x, double q) { return floor(x / q + 0.5) * q; }

static liion_status formation_record(liion_export_doc **out, liion_plant *p, uint32_t cell)
{
    enum { N = 720, CC = 540 }; /* 2 h at one sample per 10 s; CC for the first 90 min */
    static int64_t t[N];
    static double v[N], a[N], tc[N];
    const char *id = liion_plant_id(p, LIION_OBJ_LOT, cell), *chan = NULL;
    double cap = 0, ocv = 0, dcir = 0, ah = 0, wh = 0, i_cc;
    liion_prop_type ty;
    liion_formation *f = NULL;
    liion_status st;
    unsigned idx = 0;
    int64_t t0;
    if (id == NULL || sscanf(id, "CELL-%u", &idx) != 1 || idx == 0)
        return LIION_E_INVALID_ARG;
    if ((st = liion_plant_prop_get(&ty, &cap, NULL, p, LIION_OBJ_LOT, cell, "capacity")) ||
        (st = liion_plant_prop_get(&ty, &ocv, NULL, p, LIION_OBJ_LOT, cell, "ocv")) ||
        (st = liion_plant_prop_get(&ty, &dcir, NULL, p, LIION_OBJ_LOT, cell, "dcir")) ||
        (st = liion_plant_prop_get(&ty, NULL, &chan, p, LIION_OBJ_LOT, cell, "channel")))
        return st;
    cap = round_to(cap, 0.001);
    ocv = round_to(ocv, 0.0001);
    dcir = round_to(dcir, 0.01);
    i_cc = round_to(cap / 10.0, 0.001);
    t0 = (form_clock0 + (int64_t)(idx - 1u) * 10 * SEC) / 1000000; /* Unix ms */
    for (int k = 0; k < N; k++) {
        double x = (double)k / CC;
        t[k] = t0 + (int64_t)k * 10000;
        if (k < CC) { /* rises from 3.0 V towards 3.9 V */
            v[k] = round_to(3.0 + 0.9 * (1.0 - exp(-4.0 * x)) / (1.0 - exp(-4.0)), 0.0001);
            a[k] = i_cc;
            ah += i_cc * 10.0 / 3600.0;
            wh += i_cc * v[k] * 10.0 / 3600.0;
        } else { /* open circuit: relaxes to the OCV */
            v[k] = round_to(ocv + (3.9 - ocv) * exp(-(k - CC) / 20.0), 0.0001);
            a[k] = 0.0;
        }
        tc[k] = round_to(25.0 + (k < CC ? 2.0 * x : 2.0 * exp(-(k - CC) / 60.0)), 0.01);
    }
    st = liion_formation_new(&f, ctx);
    if (!st)
        st = liion_formation_set_text(f, LIION_FORM_CELL_ID, id);
    if (!st)
        st = liion_formation_set_text(f, LIION_FORM_RACK, "FORMATION-1");
    if (!st && chan)
        st = liion_formation_set_text(f, LIION_FORM_CHANNEL, chan);
    if (!st)
        st = liion_formation_set_text(f, LIION_FORM_RECIPE_ID, "FORM-NMC811-C10");
    if (!st)
        st = liion_formation_set_number(f, LIION_FORM_RECIPE_VERSION, 3);
    if (!st)
        st = liion_formation_add_step(f, LIION_FORM_CC_CHARGE, t[0], t[CC - 1], i_cc, 3.9,
                                      v[CC - 1], a[CC - 1], round_to(ah, 0.0001),
                                      round_to(wh, 0.0001), tc[0], tc[CC - 1], 24.0);
    if (!st)
        st = liion_formation_add_step(f, LIION_FORM_REST, t[CC], t[N - 1], 0.0, 0.0, v[N - 1],
                                      0.0, 0.0, 0.0, tc[N - 1], tc[CC], 24.0);
    if (!st)
        st = liion_formation_set_series(f, t, v, a, tc, N, 1, 0);
    if (!st)
        st = liion_formation_set_ocv(f, 1, t[N - 1] / 1000, ocv);
    if (!st) /* after seven days of ageing: the self-discharge (K value) check */
        st = liion_formation_set_ocv(f, 2, t[N - 1] / 1000 + 7 * 86400, ocv - 0.0025);
    if (!st)
        st = liion_formation_set_number(f, LIION_FORM_DCIR_MOHM, dcir);
    if (!st) /* measured at grading, after the ageing */
        st = liion_formation_set_number(f, LIION_FORM_CAPACITY_AH, cap);
    if (!st)
        st = liion_formation_set_text(f, LIION_FORM_GRADE, cap >= 5.0 ? "A" : "B");
    if (!st)
        st = liion_formation_build(out, f);
    liion_formation_free(f);
    return st;
}

static void out_both(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void out_both(FILE *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    if (f) {
        va_start(ap, fmt);
        vfprintf(f, fmt, ap);
        va_end(ap);
    }
}

static const char *kind_id(liion_plant *p, liion_object_kind kind, uint32_t idx)
{
    const char *s = liion_plant_id(p, kind, idx);
    return s ? s : "?";
}

/* Trace and violations of one cell, to stdout and the report file. Returns violations seen. */
static size_t trace_report(liion_plant *p, liion_spec_registry *reg, uint32_t cell, FILE *f)
{
    liion_trace *tr;
    liion_spec_selection *sel;
    size_t rec, nviol = 0;
    uint32_t depth, lot;
    CK("trace", liion_trace_new(&tr, ctx));
    CK("selection", liion_spec_selection_new(&sel, ctx));
    out_both(f, "Trace of %s (backward genealogy):\n", kind_id(p, LIION_OBJ_LOT, cell));
    CK("trace", liion_plant_trace_backward(p, tr, cell, 0, LIION_FILTER_NONE, 0));
    while (liion_trace_next(tr, &lot, &depth)) {
        uint32_t r = liion_plant_lot_producer(p, lot), seg = NONE;
        int64_t t0 = 0, t1 = 0;
        if (r != NONE)
            liion_plant_response_info(&t0, &t1, &seg, p, r);
        out_both(f, "  %*s%-16s made by %-24s (%s)\n", (int)(2 * depth), "",
                 kind_id(p, LIION_OBJ_LOT, lot), r != NONE ? kind_id(p, LIION_OBJ_RESPONSE, r) : "-",
                 seg != NONE ? kind_id(p, LIION_OBJ_SEGMENT, seg) : "received");
    }
    out_both(f, "Spec violations on its path:\n");
    CK("closure", liion_spec_registry_select_closure(reg, sel, cell, 0));
    while (liion_spec_selection_next(sel, &rec, &depth)) {
        liion_spec_record_info ri;
        memset(&ri, 0, sizeof ri);
        ri.struct_size = (uint32_t)sizeof ri;
        CK("record", liion_spec_registry_record(&ri, reg, rec));
        for (uint64_t v = 0; v < ri.violations; v++) {
            liion_spec_violation vi;
            const char *on = kind_id(p, ri.kind, ri.index);
            memset(&vi, 0, sizeof vi);
            vi.struct_size = (uint32_t)sizeof vi;
            CK("violation", liion_spec_registry_violation(&vi, reg, rec, (size_t)v));
            if (vi.severity != LIION_SPEC_FAIL)
                continue;
            nviol++;
            if (strcmp(ri.param, "coating_streaks") == 0 || strcmp(ri.param, "wet_film_thickness") == 0)
                out_both(f, "  FAIL %-20s on roll %s at %llu m (MD): %g %s, limit %g (spec %s v%u)\n",
                         ri.param, on, (unsigned long long)vi.index, vi.value, vi.unit, vi.limit,
                         ri.limits_owner, (unsigned)ri.limits_version);
            else
                out_both(f, "  FAIL %-20s on %s: %g %s, limit %g (spec %s v%u)\n", ri.param, on,
                         vi.value, vi.unit, vi.limit, ri.limits_owner, (unsigned)ri.limits_version);
        }
    }
    if (nviol == 0)
        out_both(f, "  none\n");
    liion_spec_selection_free(sel);
    liion_trace_free(tr);
    return nviol;
}

/* The lot's UN 38.3 test summary (liion/export.h). */
static liion_status un38_summary(const char *path)
{
    liion_un38 *s = NULL;
    liion_export_doc *doc = NULL;
    liion_status st = liion_un38_new(&s, ctx);
    static const struct {
        liion_un38_field f;
        const char *t;
    } text[] = { { LIION_UN38_MANUFACTURER, "Giga Cells Demo GmbH" },
                 { LIION_UN38_MANUFACTURER_ADDRESS, "1 Electrode Way, 01234 Cellstadt, DE" },
                 { LIION_UN38_MANUFACTURER_PHONE, "+49 30 1234567" },
                 { LIION_UN38_MANUFACTURER_EMAIL, "quality@gigacells.example" },
                 { LIION_UN38_MANUFACTURER_WEB, "https://gigacells.example" },
                 { LIION_UN38_LAB_NAME, "Battery Test Lab Demo" },
                 { LIION_UN38_LAB_ADDRESS, "2 Test Street, 04321 Pruefstadt, DE" },
                 { LIION_UN38_LAB_PHONE, "+49 40 7654321" },
                 { LIION_UN38_LAB_EMAIL, "un383@lab.example" },
                 { LIION_UN38_LAB_WEB, "https://lab.example" },
                 { LIION_UN38_REPORT_ID, "UN383-CELL-NMC811-G-5AH-2026-11" },
                 { LIION_UN38_REPORT_DATE, "2026-11-27" },
                 { LIION_UN38_DESCRIPTION, "Pouch cell, NMC811/graphite, 5 Ah, 18.2 Wh" },
                 { LIION_UN38_MODEL, "CELL-NMC811-G-5AH" },
                 { LIION_UN38_SIGNATORY_NAME, "A. Auditor" },
                 { LIION_UN38_SIGNATORY_TITLE, "Head of Quality" },
                 { LIION_UN38_SIGNATURE, "signed electronically" } };
    for (size_t i = 0; st == LIION_OK && i < sizeof text / sizeof text[0]; i++)
        st = liion_un38_set_text(s, text[i].f, text[i].t);
    if (st == LIION_OK) st = liion_un38_set_int(s, LIION_UN38_CHEMISTRY, LIION_UN38_LI_ION);
    if (st == LIION_OK) st = liion_un38_set_int(s, LIION_UN38_ITEM, LIION_UN38_CELL);
    if (st == LIION_OK) st = liion_un38_set_int(s, LIION_UN38_FORMAT, LIION_UN38_POUCH);
    if (st == LIION_OK) st = liion_un38_set_int(s, LIION_UN38_RECHARGEABLE, 1);
    if (st == LIION_OK) st = liion_un38_set_int(s, LIION_UN38_REVISION, 8);
    if (st == LIION_OK) st = liion_un38_set_int(s, LIION_UN38_AMENDMENT, 0);
    if (st == LIION_OK) st = liion_un38_set_number(s, LIION_UN38_MASS_G, 72.0);
    if (st == LIION_OK) st = liion_un38_set_number(s, LIION_UN38_WATT_HOURS, 18.2);
    if (st == LIION_OK) st = liion_un38_set_number(s, LIION_UN38_RATED_VOLTAGE_V, 3.64);
    if (st == LIION_OK) st = liion_un38_set_number(s, LIION_UN38_RATED_CAPACITY_AH, 5.0);
    for (int t = LIION_UN38_T1; st == LIION_OK && t <= LIION_UN38_T8; t++)
        if (t != LIION_UN38_T7)
            st = liion_un38_set_test(s, (liion_un38_test)t, LIION_UN38_PASS);
    if (st == LIION_OK) st = liion_un38_set_test_param(s, LIION_UN38_T6, LIION_UN38_P_T6_METHOD, 2);
    if (st == LIION_OK) st = liion_un38_build(&doc, s);
    if (st == LIION_OK) st = liion_export_doc_write_file(doc, path, LIION_EXPORT_JSON, 0);
    liion_export_doc_free(doc);
    liion_un38_free(s);
    return st;
}

/* ---- main ---------------------------------------------------------------------------------- */

static int file_has(const char *path, const char *a, const char *b)
{
    char line[512];
    int found = 0;
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    while (!found && fgets(line, sizeof line, f))
        found = strstr(line, a) != NULL && (!b || strstr(line, b) != NULL);
    fclose(f);
    return found;
}

int main(int argc, char **argv)
{
    unsigned cells = 2400;
    const char *out = "plant-day-out", *map_path = NULL;
    int verify = 0, rc = 0;
    char path[1024], text[1 << 14];
    liion_store *store;
    liion_plant *p;
    liion_ingest_map *map;
    liion_spec_registry *reg;
    liion_spec_limits *limits;
    liion_uadp_msg *um;
    liion_ua_value *zones, *dv_out, *dv_in;
    stack_plan sp;
    uint64_t t_start = mono_ns();
    size_t tlen, n_records = 0;
    FILE *f;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--cells") == 0 && i + 1 < argc)
            cells = (unsigned)strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--small") == 0)
            cells = 32;
        else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc)
            out = argv[++i];
        else if (strcmp(argv[i], "--map") == 0 && i + 1 < argc)
            map_path = argv[++i];
        else if (strcmp(argv[i], "--verify") == 0)
            verify = 1;
        else {
            fprintf(stderr, "usage: %s [--cells N | --small] [--out DIR] [--map FILE] [--verify]\n",
                    argv[0]);
            return 2;
        }
    }
    if (cells < 8 || cells > 100000) {
        fprintf(stderr, "plant_day: --cells must be 8 to 100000\n");
        return 2;
    }
    /* stacks per daughter roll: a whole number of jobs, 4 daughter rolls per electrode */
    sp.cells = cells;
    sp.per_daughter = ((cells + 3u) / 4u + JOB_STACKS - 1u) / JOB_STACKS * JOB_STACKS;

    /* the mapping file: data, not code */
    if (!map_path) {
        map_path = LIION_EXAMPLES_DIR "/plant_day.map";
        if (access(map_path, R_OK) != 0)
            map_path = "examples/plant_day.map";
    }
    f = fopen(map_path, "rb");
    if (!f) {
        fprintf(stderr, "plant_day: cannot open the mapping %s (use --map FILE)\n", map_path);
        return 1;
    }
    tlen = fread(text, 1, sizeof text, f);
    fclose(f);
    if (mkdir(out, 0777) != 0 && errno != EEXIST) {
        perror(out);
        return 1;
    }
    snprintf(path, sizeof path, "%s/plant.store", out);
    unlink(path); /* a fresh day */

    printf("plant_day: %u cells, mapping %s, store %s\n", cells, map_path, path);
    CK("context", liion_ctx_new(&ctx, NULL));
    CK("mapping", liion_ingest_map_parse(&map, ctx, text, tlen));
    printf("  mapping: %zu rules\n", liion_ingest_map_rule_count(map));
    CK("store", liion_store_open(&store, ctx, path, NULL));
    p = liion_store_plant(store);
    master_data(p);
    limits = make_limits();
    reg = liion_store_spec_registry(store); /* spec records are journalled with the plant */
    if (!reg)
        die("store registry", LIION_E_STATE);
    CK("ingest", liion_ingest_new(&ing, ctx, p, map));
    CK("ingest", liion_ingest_set_spec(ing, reg, limits));
    CK("uadp", liion_uadp_msg_new(&um, ctx));
    CK("value", liion_ua_value_new(&zones, ctx));
    CK("value", liion_ua_value_new(&dv_out, ctx));
    CK("value", liion_ua_value_new(&dv_in, ctx));

    printf("[06:00] electrode shop: mixing, coating (UADP), calendering, slitting\n");
    electrode_line(p, 'A', 2, um, zones);
    electrode_line(p, 'C', 2, um, zones);
    printf("[10:00] assembly: stacking reports over HSMS (E40 jobs, E87 carriers)\n");
    if (stacking(&sp) != 0)
        return 1;
    printf("[14:00] dry room: electrolyte filling; formation\n");
    fill_and_form(cells, dv_out, dv_in);
    CK("commit", liion_store_commit(store));

    /* ---- the audit: the cell the streak went into ---- */
    {
        liion_trace *hit, *fw;
        uint32_t jr, stk = NONE, cell = NONE;
        char rpt[1024], dos[1024], dos_md[1024] = "";
        liion_status st_dossier;
        liion_dossier *d = NULL;
        liion_export_doc *doc = NULL;
        liion_status st;
        CK("trace", liion_trace_new(&hit, ctx));
        CK("trace", liion_trace_new(&fw, ctx));
        CK("find", liion_plant_find(&jr, p, LIION_OBJ_LOT, NULL, STREAK_ROLL));
        /* the stack whose sheets hold the streak's exact position; failing that, the first one
         * within half a sampling step of it */
        CK("roll defect", liion_plant_roll_defect(p, hit, jr, STREAK_MD, 0.0, STREAK_CD));
        if (liion_trace_count(hit) == 0)
            CK("roll defect",
               liion_plant_roll_defect(p, hit, jr, STREAK_MD, STEP_M / 2, STREAK_CD));
        if (liion_trace_count(hit) > 0) {
            stk = liion_trace_index(hit, 0);
            CK("forward", liion_plant_trace_forward(p, fw, stk, 0, LIION_TRACE_TERMINAL_ONLY));
            for (size_t i = 0; i < liion_trace_count(fw); i++)
                if (liion_plant_lot_definition(p, liion_trace_index(fw, i)) == def_cell)
                    cell = liion_trace_index(fw, i);
        }
        if (cell == NONE) {
            fprintf(stderr, "plant_day: no cell found under the streak\n");
            return 1;
        }
        printf("\n== the streak on %s at %.0f m (CD %.0f mm) went into stack %s = cell %s ==\n",
               STREAK_ROLL, STREAK_MD, STREAK_CD, kind_id(p, LIION_OBJ_LOT, stk),
               kind_id(p, LIION_OBJ_LOT, cell));
        snprintf(rpt, sizeof rpt, "%s/%s-trace.txt", out, kind_id(p, LIION_OBJ_LOT, cell));
        f = fopen(rpt, "w");
        if (f)
            fprintf(f, "Cell trace report (plant_day)\nDefect: coating streak on roll %s at %.0f m "
                       "MD, %.0f mm CD; sheets of stack %s from %.1f m on its daughter roll\n",
                    STREAK_ROLL, STREAK_MD, STREAK_CD, kind_id(p, LIION_OBJ_LOT, stk),
                    liion_trace_score(hit, 0));
        trace_report(p, reg, cell, f);
        if (f)
            fclose(f);
        printf("  trace report: %s\n", rpt);
        /* the audit dossier (liion/export.h) */
        snprintf(dos, sizeof dos, "%s/%s-dossier.json", out, kind_id(p, LIION_OBJ_LOT, cell));
        st = liion_dossier_new(&d, ctx, p, cell);
        if (st == LIION_OK)
            st = liion_dossier_set_registry(d, reg);
        if (st == LIION_OK)
            st = formation_record(&doc, p, cell);
        if (st == LIION_OK) {
            st = liion_dossier_add_record(d, doc);
            liion_export_doc_free(doc);
            doc = NULL;
        }
        if (st == LIION_OK)
            st = liion_dossier_build(&doc, d);
        if (st == LIION_OK)
            st = liion_export_doc_write_file(doc, dos, LIION_EXPORT_JSON, 0);
        if (st == LIION_OK) {
            snprintf(dos, sizeof dos, "%s/%s-dossier.md", out, kind_id(p, LIION_OBJ_LOT, cell));
            st = liion_export_doc_write_file(doc, dos, LIION_EXPORT_MARKDOWN, 0);
            snprintf(dos_md, sizeof dos_md, "%s", dos);
        }
        st_dossier = st;
        printf("  audit dossier: %s%s%s\n", st == LIION_OK ? dos : "NOT WRITTEN (",
               st == LIION_OK ? "" : liion_ctx_errmsg(ctx), st == LIION_OK ? " (and .json)" : ")");
        liion_export_doc_free(doc);
        liion_dossier_free(d);
        snprintf(dos, sizeof dos, "%s/un38.3-summary.json", out);
        st = un38_summary(dos);
        printf("  UN 38.3 summary of model CELL-NMC811-G-5AH: %s%s\n",
               st == LIION_OK ? dos : "NOT WRITTEN: ", st == LIION_OK ? "" : liion_ctx_errmsg(ctx));
        liion_trace_free(hit);
        liion_trace_free(fw);
        if (verify && st_dossier == LIION_OK && !file_has(dos_md, STREAK_ROLL, "412")) {
            fprintf(stderr, "verify: %s does not name %s at 412 m\n", dos_md, STREAK_ROLL);
            rc = 1;
        }
        if (verify && (!file_has(rpt, STREAK_ROLL, "412 m") ||
                       !file_has(rpt, "coating_streaks", STREAK_ROLL))) {
            fprintf(stderr, "verify: %s does not name %s at 412 m\n", rpt, STREAK_ROLL);
            rc = 1;
        }
    }

    /* ---- summary table ---- */
    {
        uint32_t nlots = liion_plant_count(p, LIION_OBJ_LOT), ncells = 0, failed_cells = 0;
        const char *kinds[16];
        uint64_t counts[16] = { 0 };
        size_t nk = 0;
        double wall = (double)(mono_ns() - t_start) / 1e9;
        uint64_t events = liion_ingest_stat(ing, LIION_INGEST_STAT_MESSAGES);
        /* a cell fails when a failed check is on it, on its stack, or on the electrode it
         * was made of at the metres it used (through the roll map) */
        {
            unsigned char *bad = calloc(nlots ? nlots : 1u, 1);
            liion_trace *tr, *fw;
            CK("trace", liion_trace_new(&tr, ctx));
            CK("trace", liion_trace_new(&fw, ctx));
            for (size_t r = 0; bad && r < liion_spec_registry_count(reg); r++) {
                liion_spec_record_info ri;
                uint32_t def;
                memset(&ri, 0, sizeof ri);
                ri.struct_size = (uint32_t)sizeof ri;
                CK("record", liion_spec_registry_record(&ri, reg, r));
                if (!ri.failed || ri.kind != LIION_OBJ_LOT)
                    continue;
                def = liion_plant_lot_definition(p, ri.index);
                if (def == def_cell) {
                    bad[ri.index] = 1;
                } else if (def == def_stack) {
                    CK("forward", liion_plant_trace_forward(p, fw, ri.index, 0,
                                                            LIION_TRACE_TERMINAL_ONLY));
                    for (size_t i = 0; i < liion_trace_count(fw); i++)
                        bad[liion_trace_index(fw, i)] = 1;
                } else {
                    for (uint64_t v = 0; v < ri.violations; v++) {
                        liion_spec_violation vi;
                        memset(&vi, 0, sizeof vi);
                        vi.struct_size = (uint32_t)sizeof vi;
                        CK("violation", liion_spec_registry_violation(&vi, reg, r, (size_t)v));
                        for (int lane = 0; lane < 2; lane++) {
                            double cd = strcmp(ri.param, "coating_streaks") == 0
                                            ? STREAK_CD : (lane + 0.5) * LANE_MM;
                            if (lane && strcmp(ri.param, "coating_streaks") == 0)
                                break;
                            CK("defect", liion_plant_roll_defect(p, tr, ri.index, (double)vi.index,
                                                                 STEP_M / 2, cd));
                            for (size_t h = 0; h < liion_trace_count(tr); h++) {
                                CK("forward", liion_plant_trace_forward(
                                                  p, fw, liion_trace_index(tr, h), 0,
                                                  LIION_TRACE_TERMINAL_ONLY));
                                for (size_t i = 0; i < liion_trace_count(fw); i++)
                                    bad[liion_trace_index(fw, i)] = 1;
                            }
                        }
                    }
                }
            }
            for (uint32_t l = 0; l < nlots; l++) {
                if (liion_plant_lot_definition(p, l) != def_cell)
                    continue;
                ncells++;
                failed_cells += bad ? bad[l] : 0u;
            }
            free(bad);
            liion_trace_free(tr);
            liion_trace_free(fw);
        }
        for (size_t r = 0; r < liion_spec_registry_count(reg); r++) {
            liion_spec_record_info ri;
            size_t k;
            memset(&ri, 0, sizeof ri);
            ri.struct_size = (uint32_t)sizeof ri;
            CK("record", liion_spec_registry_record(&ri, reg, r));
            if (!ri.failed)
                continue;
            for (k = 0; k < nk && strcmp(kinds[k], ri.param) != 0; k++)
                ;
            if (k == nk && nk < 16)
                kinds[nk++] = ri.param;
            if (k < 16)
                counts[k] += ri.failed;
        }
        printf("\n== plant day summary ==\n");
        printf("  %-34s %10u\n", "cells made", ncells);
        printf("  %-34s %10u\n", "cells failing a spec", failed_cells);
        printf("  %-34s %10u\n", "lots in the plant", nlots);
        printf("  %-34s %10llu\n", "genealogy edges",
               (unsigned long long)liion_plant_edge_count(p));
        printf("  %-34s %10llu\n", "events ingested", (unsigned long long)events);
        printf("  %-34s %10.0f\n", "events ingested per second (ingest)",
               (double)ingest_calls / ((double)ingest_ns / 1e9));
        printf("  %-34s %10.0f\n", "events per second (whole run)", (double)events / wall);
        printf("  %-34s %10llu\n", "spec checks",
               (unsigned long long)liion_ingest_stat(ing, LIION_INGEST_STAT_CHECKS));
        printf("  %-34s %10llu\n", "ingest problems",
               (unsigned long long)liion_ingest_stat(ing, LIION_INGEST_STAT_PROBLEMS));
        printf("  violations by kind:\n");
        for (size_t k = 0; k < nk; k++)
            printf("    %-32s %10llu\n", kinds[k], (unsigned long long)counts[k]);
        printf("  %-34s %10.2f s\n", "wall time", wall);
        if (verify && (ncells != cells || failed_cells == 0))
            rc = 1;
    }

    liion_ua_value_free(dv_in);
    liion_ua_value_free(dv_out);
    liion_ua_value_free(zones);
    liion_uadp_msg_free(um);
    n_records = liion_spec_registry_count(reg);
    liion_ingest_free(ing);
    liion_spec_limits_free(limits);
    CK("commit", liion_store_commit(store));
    liion_store_free(store);
    liion_ingest_map_free(map);

    /* ---- the store reopens read-only with everything in it ---- */
    {
        liion_store_options o = LIION_STORE_OPTIONS_INIT;
        uint32_t n = 0, d;
        o.flags = LIION_STORE_READ_ONLY;
        CK("reopen", liion_store_open(&store, ctx, path, &o));
        p = liion_store_plant(store);
        CK("find", liion_plant_find(&d, p, LIION_OBJ_MATERIAL_DEFINITION, NULL, "CELL"));
        for (uint32_t l = 0; l < liion_plant_count(p, LIION_OBJ_LOT); l++)
            n += liion_plant_lot_definition(p, l) == d;
        printf("  store reopened read-only: %u cells, %u lots, %llu edges, %zu spec records, "
               "%llu bytes\n",
               n, liion_plant_count(p, LIION_OBJ_LOT), (unsigned long long)liion_plant_edge_count(p),
               liion_spec_registry_count(liion_store_spec_registry(store)),
               (unsigned long long)liion_store_committed_bytes(store));
        if (verify && liion_spec_registry_count(liion_store_spec_registry(store)) != n_records) {
            fprintf(stderr, "verify: the store holds %zu spec records, expected %zu\n",
                    liion_spec_registry_count(liion_store_spec_registry(store)), n_records);
            rc = 1;
        }
        if (verify && n != cells) {
            fprintf(stderr, "verify: the store holds %u cells, expected %u\n", n, cells);
            rc = 1;
        }
        liion_store_free(store);
    }
    liion_ctx_free(ctx);
    if (verify)
        printf("plant_day: verify %s\n", rc ? "FAILED" : "ok");
    return rc;
}
