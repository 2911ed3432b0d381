/* Coating line over OPC UA PubSub (UADP over UDP on loopback).
 *
 * A publisher (a forked child process) sends one NetworkMessage per cycle with two
 * DataSetMessages: the coating head (wet-film thickness, slurry flow, streak count; DataValue
 * field encoding with status and source timestamp) and the dryer (zone temperatures as a Double
 * array; Variant field encoding). The subscriber (the parent) binds to 127.0.0.1 port 0 first,
 * so the kernel picks a free port, decodes every message into one reusable handle and flags
 * out-of-tolerance values: wet film outside 152.5 +- 1.5 um, or a streak count above 0.
 *
 * Runs without arguments and ends by itself within about two seconds; exits 0 only if every
 * message arrived and decoded (and the two planted faults were flagged). Shown in
 * docs/guides/uadp.md. */
#define _POSIX_C_SOURCE 200809L
#include <liion/liion.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CYCLES 20
#define ZONES 4
#define PUBLISHER_ID 2234
#define WRITER_GROUP 100
#define WRITER_HEAD 1
#define WRITER_DRYER 2
#define WET_FILM_NOMINAL_UM 152.5
#define WET_FILM_TOL_UM 1.5

static int report(liion_ctx *ctx, const char *what, liion_status st)
{
    fprintf(stderr, "%s: %s (%s, offset %zu)\n", what, liion_ctx_errmsg(ctx),
            liion_status_str(st), liion_ctx_error_offset(ctx));
    return 1;
}

static int64_t now_ticks(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return liion_ua_datetime_from_unix_ns((int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec);
}

/* Build cycle `k` into m (reset first) and encode it into buf. */
static liion_status build_cycle(liion_uadp_msg *m, liion_ua_value *zones_v, unsigned k,
                                uint8_t *buf, size_t cap, size_t *len)
{
    double wet_film = WET_FILM_NOMINAL_UM + 0.1 * (double)(k % 5) - 0.2;
    double flow_l_min = 3.85 + 0.01 * (double)(k % 3);
    uint32_t streaks = 0;
    double zones[ZONES] = { 80.0 + 0.1 * k, 95.0, 110.0, 60.0 };
    int64_t ts = now_ticks();
    liion_status st;
    if (k == 7)
        wet_film = 155.0; /* planted: out of tolerance */
    if (k == 12)
        streaks = 2; /* planted: the camera saw streaks */

    liion_uadp_msg_reset(m);
    if ((st = liion_uadp_msg_set_publisher_id(m, LIION_UADP_PUBID_UINT16, PUBLISHER_ID, NULL,
                                              0)) != LIION_OK ||
        (st = liion_uadp_msg_set_group(m, LIION_UADP_NM_WRITER_GROUP_ID |
                                              LIION_UADP_NM_SEQUENCE_NUMBER,
                                       WRITER_GROUP, 0, 0, (uint16_t)k)) != LIION_OK ||
        (st = liion_uadp_msg_set_timestamp(m, ts)) != LIION_OK ||
        (st = liion_uadp_msg_set_flags(m, liion_uadp_msg_flags(m) |
                                              LIION_UADP_NM_PAYLOAD_HEADER)) != LIION_OK)
        return st;
    /* coating head: DataValue fields, Good status + source timestamp */
    if ((st = liion_uadp_msg_add_dsm(m, WRITER_HEAD, LIION_UADP_ENC_DATAVALUE,
                                     LIION_UADP_DSM_KEYFRAME)) != LIION_OK ||
        (st = liion_uadp_dsm_set_header(m, LIION_UADP_DSM_SEQUENCE_NUMBER, (uint16_t)k, 0, 0, 0,
                                        0, 0)) != LIION_OK)
        return st;
    if ((st = liion_uadp_dsm_add_scalar(m, 0, LIION_UA_TYPE_DOUBLE, &wet_film)) != LIION_OK ||
        (st = liion_uadp_field_set_dv(m, LIION_UA_DV_STATUS | LIION_UA_DV_SOURCE_TIMESTAMP, 0,
                                      ts, 0, 0, 0)) != LIION_OK ||
        (st = liion_uadp_dsm_add_scalar(m, 1, LIION_UA_TYPE_DOUBLE, &flow_l_min)) != LIION_OK ||
        (st = liion_uadp_field_set_dv(m, LIION_UA_DV_SOURCE_TIMESTAMP, 0, ts, 0, 0, 0)) !=
            LIION_OK ||
        (st = liion_uadp_dsm_add_scalar(m, 2, LIION_UA_TYPE_UINT32, &streaks)) != LIION_OK)
        return st;
    /* dryer: one Variant field holding the zone temperatures */
    if ((st = liion_ua_value_set_array(zones_v, LIION_UA_TYPE_DOUBLE, zones, ZONES, NULL, 0)) !=
            LIION_OK ||
        (st = liion_uadp_msg_add_dsm(m, WRITER_DRYER, LIION_UADP_ENC_VARIANT,
                                     LIION_UADP_DSM_KEYFRAME)) != LIION_OK ||
        (st = liion_uadp_dsm_add_variant(m, 0, liion_ua_value_variant(zones_v))) != LIION_OK)
        return st;
    return liion_uadp_msg_encode(m, buf, cap, len);
}

static int publisher(uint16_t port)
{
    liion_ctx *ctx = NULL;
    liion_uadp_msg *m = NULL;
    liion_ua_value *zones_v = NULL;
    struct sockaddr_in to;
    uint8_t buf[512];
    size_t len = 0;
    liion_status st;
    int fd, rc = 0;
    if (liion_ctx_new(&ctx, NULL) != LIION_OK)
        return 1;
    if ((st = liion_uadp_msg_new(&m, ctx)) != LIION_OK ||
        (st = liion_ua_value_new(&zones_v, ctx)) != LIION_OK)
        return report(ctx, "publisher setup", st);
    fd = socket(AF_INET, SOCK_DGRAM, 0);
    memset(&to, 0, sizeof to);
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    for (unsigned k = 0; k < CYCLES && fd >= 0; k++) {
        struct timespec pause = { 0, 5 * 1000 * 1000 }; /* a 5 ms publishing interval */
        if ((st = build_cycle(m, zones_v, k, buf, sizeof buf, &len)) != LIION_OK) {
            rc = report(ctx, "encode", st);
            break;
        }
        if (sendto(fd, buf, len, 0, (const struct sockaddr *)&to, sizeof to) != (ssize_t)len) {
            perror("sendto");
            rc = 1;
            break;
        }
        nanosleep(&pause, NULL);
    }
    if (fd < 0) {
        perror("socket");
        rc = 1;
    } else {
        close(fd);
    }
    liion_ua_value_free(zones_v);
    liion_uadp_msg_free(m);
    liion_ctx_free(ctx);
    return rc;
}

/* Decode one datagram and print / flag what it carries. Returns 0 when it decoded. */
static int on_message(liion_ctx *ctx, liion_uadp_msg *m, const uint8_t *p, size_t n,
                      unsigned *flagged)
{
    liion_status st = liion_uadp_msg_decode(m, p, n);
    uint64_t pub = 0;
    double wet = 0, flow = 0, zone[ZONES];
    uint64_t streaks = 0;
    const liion_ua_datavalue *dv;
    const liion_ua_variant *zv;
    if (st != LIION_OK)
        return report(ctx, "decode", st);
    if (liion_uadp_msg_publisher_id(m, NULL, &pub, NULL, NULL) != LIION_OK ||
        pub != PUBLISHER_ID || liion_uadp_msg_dsm_count(m) != 2 ||
        liion_uadp_dsm_writer_id(m, 0) != WRITER_HEAD ||
        liion_uadp_dsm_writer_id(m, 1) != WRITER_DRYER ||
        liion_uadp_dsm_field_count(m, 0) != 3)
        return fprintf(stderr, "unexpected message layout\n"), 1;
    dv = liion_uadp_dsm_field_datavalue(m, 0, 0);
    if (liion_ua_variant_get_double(liion_ua_datavalue_value(dv), 0, &wet) != LIION_OK ||
        liion_ua_variant_get_double(liion_uadp_dsm_field_variant(m, 0, 1), 0, &flow) !=
            LIION_OK ||
        liion_ua_variant_get_uint64(liion_uadp_dsm_field_variant(m, 0, 2), 0, &streaks) !=
            LIION_OK)
        return fprintf(stderr, "unexpected field types\n"), 1;
    zv = liion_uadp_dsm_field_variant(m, 1, 0);
    if (liion_ua_variant_length(zv) != ZONES)
        return fprintf(stderr, "unexpected dryer zones\n"), 1;
    for (size_t z = 0; z < ZONES; z++)
        if (liion_ua_variant_get_double(zv, z, &zone[z]) != LIION_OK)
            return 1;
    printf("seq %2u  wet film %6.2f um (%s)  slurry %.2f l/min  streaks %llu  dryer %.1f/%.1f/"
           "%.1f/%.1f C",
           (unsigned)liion_uadp_msg_sequence_number(m), wet,
           liion_ua_status_name(liion_ua_datavalue_status(dv)), flow,
           (unsigned long long)streaks, zone[0], zone[1], zone[2], zone[3]);
    if (wet < WET_FILM_NOMINAL_UM - WET_FILM_TOL_UM || wet > WET_FILM_NOMINAL_UM + WET_FILM_TOL_UM) {
        printf("  << WET FILM OUT OF TOLERANCE");
        ++*flagged;
    }
    if (streaks > 0) {
        printf("  << STREAKS");
        ++*flagged;
    }
    printf("\n");
    return 0;
}

int main(void)
{
    liion_ctx *ctx = NULL;
    liion_uadp_msg *m = NULL;
    struct sockaddr_in addr;
    socklen_t alen = sizeof addr;
    struct timeval tv = { 0, 200 * 1000 };
    unsigned got = 0, decoded = 0, flagged = 0, misses = 0;
    uint8_t buf[2048];
    int fd, status = 0, rc;
    pid_t child;
    liion_status st;

    fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0)
        return perror("socket"), 1;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0; /* the kernel picks a free port */
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0 ||
        getsockname(fd, (struct sockaddr *)&addr, &alen) != 0 ||
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0)
        return perror("bind"), 1;
    printf("subscriber on 127.0.0.1:%u\n", (unsigned)ntohs(addr.sin_port));
    fflush(stdout);

    child = fork();
    if (child < 0)
        return perror("fork"), 1;
    if (child == 0) {
        close(fd);
        _exit(publisher(ntohs(addr.sin_port)));
    }

    if (liion_ctx_new(&ctx, NULL) != LIION_OK || (st = liion_uadp_msg_new(&m, ctx)) != LIION_OK)
        return 1;
    /* every message of the run, or give up after 5 quiet receive timeouts (1 s) */
    while (got < CYCLES && misses < 5) {
        ssize_t n = recv(fd, buf, sizeof buf, 0);
        if (n < 0) {
            misses++;
            continue;
        }
        got++;
        if (on_message(ctx, m, buf, (size_t)n, &flagged) == 0)
            decoded++;
    }
    close(fd);
    waitpid(child, &status, 0);
    liion_uadp_msg_free(m);
    liion_ctx_free(ctx);
    printf("received %u/%u, decoded %u, flagged %u\n", got, CYCLES, decoded, flagged);
    rc = decoded == CYCLES && flagged == 2 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    return rc ? 0 : 1;
}
