/* Helper for the node-opcua interoperability test (tests/interop/run.sh): reads commands on
 * stdin, one per line, and answers one line each on stdout.
 *
 *   rt V|D <hex>          decode the hex as a Variant (V) or DataValue (D) with libliion and
 *                         re-encode it: "ok <hex>" or "err <status> <offset> <message>"
 *   gen <seed> <count>    <count> random values built with libliion's builders, one per line:
 *                         "V|D <hex> <desc>" where desc is "-" or the value as the JS side
 *                         must see it (see desc_* below)
 *
 * Hex "-" stands for zero bytes. Only the public API is used. */
#include <liion/common.h>
#include <liion/ctx.h>
#include <liion/opcua.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng;

static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static void put_hex(const uint8_t *p, size_t n)
{
    if (n == 0)
        fputs("-", stdout);
    for (size_t i = 0; i < n; i++)
        printf("%02x", p[i]);
}

static size_t unhex(const char *s, uint8_t *out, size_t cap)
{
    size_t n = 0;
    if (strcmp(s, "-") == 0)
        return 0;
    while (s[0] && s[1] && n < cap) {
        unsigned v;
        if (sscanf(s, "%2x", &v) != 1)
            break;
        out[n++] = (uint8_t)v;
        s += 2;
    }
    return n;
}

static void cmd_rt(liion_ctx *ctx, liion_ua_value *v, char kind, const char *hex)
{
    static uint8_t in[1 << 20], out[1 << 20];
    size_t n = unhex(hex, in, sizeof in), used = 0, w = 0;
    liion_ua_type t = kind == 'D' ? LIION_UA_TYPE_DATAVALUE : LIION_UA_TYPE_VARIANT;
    liion_status st = liion_ua_value_decode(v, t, in, n, &used);
    if (st == LIION_OK && used != n) {
        printf("err trailing %zu %zu bytes left over\n", used, n - used);
        return;
    }
    if (st == LIION_OK)
        st = liion_ua_value_encode(v, out, sizeof out, &w);
    if (st != LIION_OK) {
        printf("err %s %zu %s\n", liion_status_str(st), liion_ctx_error_offset(ctx),
               liion_ctx_errmsg(ctx));
        return;
    }
    fputs("ok ", stdout);
    put_hex(out, w);
    putchar('\n');
}

static void rnd_bytes(uint8_t *p, size_t n, int ascii)
{
    for (size_t i = 0; i < n; i++)
        p[i] = ascii ? (uint8_t)('a' + rnd() % 26) : (uint8_t)rnd();
}

/* Random scalar of fixed-size type t into buf (element type of liion_ua_type) and its
 * description: integers in decimal, Float/Double with %.17g, DateTime ticks, Guid as hex,
 * Boolean 0/1. */
static void rnd_fixed(liion_ua_type t, void *buf, char *desc, size_t dcap)
{
    uint64_t r = rnd();
    switch (t) {
    case LIION_UA_TYPE_BOOLEAN: { uint8_t x = (uint8_t)(r & 1); memcpy(buf, &x, 1); snprintf(desc, dcap, "%u", x); break; }
    case LIION_UA_TYPE_SBYTE: { int8_t x = (int8_t)r; memcpy(buf, &x, 1); snprintf(desc, dcap, "%d", x); break; }
    case LIION_UA_TYPE_BYTE: { uint8_t x = (uint8_t)r; memcpy(buf, &x, 1); snprintf(desc, dcap, "%u", x); break; }
    case LIION_UA_TYPE_INT16: { int16_t x = (int16_t)r; memcpy(buf, &x, 2); snprintf(desc, dcap, "%d", x); break; }
    case LIION_UA_TYPE_UINT16: { uint16_t x = (uint16_t)r; memcpy(buf, &x, 2); snprintf(desc, dcap, "%u", x); break; }
    case LIION_UA_TYPE_INT32: { int32_t x = (int32_t)r; memcpy(buf, &x, 4); snprintf(desc, dcap, "%d", x); break; }
    case LIION_UA_TYPE_UINT32: { uint32_t x = (uint32_t)r; memcpy(buf, &x, 4); snprintf(desc, dcap, "%u", x); break; }
    case LIION_UA_TYPE_STATUSCODE: {
        /* node-opcua can only hold StatusCodes it knows (it rewrites others): pick known ones */
        static const uint32_t known[] = { 0x00000000u, 0x40000000u, 0x80000000u, 0x80070000u,
                                          0x80340000u, 0x408F0000u, 0x80AB0000u, 0x80020000u };
        uint32_t x = known[r % (sizeof known / sizeof known[0])];
        memcpy(buf, &x, 4);
        snprintf(desc, dcap, "%u", x);
        break;
    }
    case LIION_UA_TYPE_INT64: { int64_t x = (int64_t)r; memcpy(buf, &x, 8); snprintf(desc, dcap, "%lld", (long long)x); break; }
    case LIION_UA_TYPE_UINT64: { uint64_t x = r; memcpy(buf, &x, 8); snprintf(desc, dcap, "%llu", (unsigned long long)x); break; }
    case LIION_UA_TYPE_FLOAT: { float x = (float)((double)(int32_t)r / 64.0); memcpy(buf, &x, 4); snprintf(desc, dcap, "%.17g", (double)x); break; }
    case LIION_UA_TYPE_DOUBLE: { double x = (double)(int64_t)r / 4096.0; memcpy(buf, &x, 8); snprintf(desc, dcap, "%.17g", x); break; }
    case LIION_UA_TYPE_DATETIME: {
        /* 1990..2100, whole milliseconds plus 100 ns ticks: JS Dates keep ms only, node-opcua
         * keeps the rest in its high-precision fields */
        int64_t x = INT64_C(125911584000000000) + (int64_t)(r % UINT64_C(34700000000000000));
        memcpy(buf, &x, 8);
        snprintf(desc, dcap, "%lld", (long long)x);
        break;
    }
    default: { /* Guid */
        uint8_t g[16];
        rnd_bytes(g, 16, 0);
        memcpy(buf, g, 16);
        for (int i = 0; i < 16; i++)
            snprintf(desc + 2 * i, dcap - 2 * (size_t)i, "%02x", g[i]);
        break;
    }
    }
}

static const liion_ua_type fixed_types[] = {
    LIION_UA_TYPE_BOOLEAN, LIION_UA_TYPE_SBYTE,  LIION_UA_TYPE_BYTE,     LIION_UA_TYPE_INT16,
    LIION_UA_TYPE_UINT16,  LIION_UA_TYPE_INT32,  LIION_UA_TYPE_UINT32,   LIION_UA_TYPE_INT64,
    LIION_UA_TYPE_UINT64,  LIION_UA_TYPE_FLOAT,  LIION_UA_TYPE_DOUBLE,   LIION_UA_TYPE_DATETIME,
    LIION_UA_TYPE_GUID,    LIION_UA_TYPE_STATUSCODE,
};

/* Build one random value into v; desc gets its description ("-" when not described). */
static liion_status build_random(liion_ua_value *v, char *desc, size_t dcap)
{
    unsigned kind = (unsigned)(rnd() % 12);
    uint8_t buf[64], s1[16], s2[16];
    size_t l1 = (size_t)(rnd() % 12), l2 = (size_t)(rnd() % 12);
    liion_status st;
    snprintf(desc, dcap, "-");
    rnd_bytes(s1, l1, 1);
    rnd_bytes(s2, l2, 1);
    switch (kind) {
    case 0:
    case 1: { /* fixed scalar, described */
        liion_ua_type t = fixed_types[rnd() % (sizeof fixed_types / sizeof fixed_types[0])];
        char d[80];
        rnd_fixed(t, buf, d, sizeof d);
        snprintf(desc, dcap, "s:%d:%s", (int)t, d);
        return liion_ua_value_set_scalar(v, t, buf);
    }
    case 2: { /* fixed array, 1-D or 2 x 3, or null / empty */
        liion_ua_type t = fixed_types[rnd() % (sizeof fixed_types / sizeof fixed_types[0])];
        static uint8_t arr[6 * 16];
        char d[80];
        unsigned form = (unsigned)(rnd() % 5), count = form == 0 ? 0 : form == 1 ? 6 : (unsigned)(rnd() % 6);
        uint32_t dims[2] = { 2, 3 };
        size_t es = t == LIION_UA_TYPE_GUID ? 16 : t == LIION_UA_TYPE_BOOLEAN || t <= LIION_UA_TYPE_BYTE ? 1
                    : t <= LIION_UA_TYPE_UINT16 ? 2 : t == LIION_UA_TYPE_INT32 || t == LIION_UA_TYPE_UINT32 ||
                      t == LIION_UA_TYPE_FLOAT || t == LIION_UA_TYPE_STATUSCODE ? 4 : 8;
        for (unsigned i = 0; i < count; i++)
            rnd_fixed(t, arr + i * es, d, sizeof d);
        if (form == 0) /* null array */
            return liion_ua_value_set_array(v, t, NULL, 0, NULL, 0);
        if (form == 1)
            return liion_ua_value_set_array(v, t, arr, 6, dims, 2);
        return liion_ua_value_set_array(v, t, arr, count, NULL, 0);
    }
    case 3: { /* String / ByteString / XmlElement, sometimes null */
        liion_ua_type t = (liion_ua_type)(rnd() % 3 == 0 ? LIION_UA_TYPE_STRING
                                          : rnd() % 2 ? LIION_UA_TYPE_BYTESTRING : LIION_UA_TYPE_XMLELEMENT);
        if (t == LIION_UA_TYPE_STRING && l1 > 0) {
            snprintf(desc, dcap, "str:%.*s", (int)l1, (const char *)s1);
        }
        return liion_ua_value_set_bytes(v, t, l1 == 0 && rnd() % 2 ? NULL : s1, l1);
    }
    case 4: { /* String array */
        const uint8_t *datas[3] = { s1, s2, NULL };
        size_t lens[3] = { l1, l2, 0 };
        return liion_ua_value_set_bytes_array(v, LIION_UA_TYPE_STRING, datas, lens, 3);
    }
    case 5:
    case 6: { /* NodeId / ExpandedNodeId of each identifier type */
        liion_ua_id_type it = (liion_ua_id_type)(rnd() % 4);
        uint16_t ns = (uint16_t)(rnd() % 3 == 0 ? rnd() : rnd() % 4);
        uint32_t num = (uint32_t)(rnd() % 3 == 0 ? rnd() % 256 : rnd());
        if (it == LIION_UA_ID_GUID)
            rnd_bytes(s1, l1 = 16, 0);
        st = liion_ua_value_set_nodeid(v, ns, it, num, s1, l1);
        if (st == LIION_OK && kind == 6)
            st = liion_ua_value_set_expand(v, rnd() % 2 ? s2 : NULL, l2,
                                           rnd() % 2 ? (uint32_t)rnd() : 0);
        return st;
    }
    case 7:
        return liion_ua_value_set_qualifiedname(v, (uint16_t)(rnd() % 5), s1, l1);
    case 8:
        return liion_ua_value_set_localizedtext(v, rnd() % 2 ? s2 : NULL, l2 % 6,
                                                rnd() % 4 ? s1 : NULL, l1);
    case 9: { /* ExtensionObject with a ByteString body or none */
        uint32_t enc = rnd() % 3 == 0 ? LIION_UA_EXTOBJ_NOBODY : LIION_UA_EXTOBJ_BYTESTRING;
        rnd_bytes(s1, l1, 0);
        return liion_ua_value_set_extobj(v, (uint16_t)(1 + rnd() % 3), (uint32_t)(5000 + rnd() % 1000),
                                         enc, s1, l1);
    }
    default: { /* DataValue {Double?, status, timestamps, picoseconds in 10 ps units} */
        double x = (double)(int64_t)rnd() / 1024.0;
        uint32_t mask = (uint32_t)(rnd() & 0x3F), status = (uint32_t)(rnd() % 3) << 30;
        int64_t sts = INT64_C(133485408000000000) + (int64_t)(rnd() % 100000000000);
        int64_t vts = INT64_C(133485408000000000) + (int64_t)(rnd() % 100000000000);
        uint16_t sps = (uint16_t)(rnd() % 10000), vps = (uint16_t)(rnd() % 10000);
        if ((st = liion_ua_value_set_scalar(v, LIION_UA_TYPE_DOUBLE, &x)) != LIION_OK)
            return st;
        if (!(mask & LIION_UA_DV_SOURCE_TIMESTAMP))
            mask &= ~LIION_UA_DV_SOURCE_PICOSECONDS;
        if (!(mask & LIION_UA_DV_SERVER_TIMESTAMP))
            mask &= ~LIION_UA_DV_SERVER_PICOSECONDS;
        /* dv:<mask>:<status>:<src ticks>:<src ps, 10 ps units>:<srv ticks>:<srv ps>:<value> */
        snprintf(desc, dcap, "dv:%u:%u:%lld:%u:%lld:%u:%.17g", mask,
                 mask & LIION_UA_DV_STATUS ? status : 0,
                 mask & LIION_UA_DV_SOURCE_TIMESTAMP ? (long long)sts : 0LL,
                 mask & LIION_UA_DV_SOURCE_PICOSECONDS ? sps : 0u,
                 mask & LIION_UA_DV_SERVER_TIMESTAMP ? (long long)vts : 0LL,
                 mask & LIION_UA_DV_SERVER_PICOSECONDS ? vps : 0u, x);
        return liion_ua_value_set_datavalue(v, mask, status, sts, sps, vts, vps);
    }
    }
}

static int cmd_gen(liion_ctx *ctx, liion_ua_value *v, unsigned long long seed, unsigned count)
{
    static uint8_t out[1 << 16];
    char desc[256];
    rng = seed * UINT64_C(0x9E3779B97F4A7C15) + 1;
    for (unsigned i = 0; i < count; i++) {
        size_t w = 0;
        liion_status st = build_random(v, desc, sizeof desc);
        if (st == LIION_OK)
            st = liion_ua_value_encode(v, out, sizeof out, &w);
        if (st != LIION_OK) {
            printf("err %s %s\n", liion_status_str(st), liion_ctx_errmsg(ctx));
            return 1;
        }
        printf("%c ", liion_ua_value_type(v) == LIION_UA_TYPE_DATAVALUE ? 'D' : 'V');
        put_hex(out, w);
        printf(" %s\n", desc);
    }
    return 0;
}

int main(void)
{
    static char line[1 << 22];
    liion_ctx *ctx = NULL;
    liion_ua_value *v = NULL;
    int rc = 0;
    if (liion_ctx_new(&ctx, NULL) != LIION_OK || liion_ua_value_new(&v, ctx) != LIION_OK)
        return 2;
    while (fgets(line, sizeof line, stdin) != NULL) {
        char cmd[8], a[32];
        unsigned long long seed;
        unsigned count;
        size_t n = strlen(line);
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (n == 0)
            continue;
        if (sscanf(line, "%7s", cmd) != 1)
            continue;
        if (strcmp(cmd, "rt") == 0 && sscanf(line, "rt %31s", a) == 1 && n > 5) {
            cmd_rt(ctx, v, a[0], line + 5);
        } else if (strcmp(cmd, "gen") == 0 && sscanf(line, "gen %llu %u", &seed, &count) == 2) {
            rc |= cmd_gen(ctx, v, seed, count);
        } else {
            printf("err usage unknown command\n");
            rc = 1;
        }
        fflush(stdout);
    }
    liion_ua_value_free(v);
    liion_ctx_free(ctx);
    return rc;
}
