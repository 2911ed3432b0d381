/*
 * Shared body of the OPC UA Binary fuzz targets (fuzz_ua_*.c): decode the input as one
 * built-in type with a capped context; on success check that encoded_size() equals what
 * encode() writes, that the encoding decodes again and re-encodes to the very same bytes,
 * and walk every view. A second pass decodes under a small memory cap to exercise the
 * out-of-memory paths. Any inconsistency abort()s.
 */
#ifndef LIION_FUZZ_UA_COMMON_H
#define LIION_FUZZ_UA_COMMON_H

#include <liion/liion.h>

#include <stdlib.h>
#include <string.h>

#define UA_CHECK(c)                                                                           \
    do {                                                                                      \
        if (!(c))                                                                             \
            abort();                                                                          \
    } while (0)

static void ua_walk_variant(const liion_ua_variant *var, int depth);

static void ua_walk_bytes(const uint8_t *p, size_t n)
{
    volatile uint8_t sink = 0;
    if (p == NULL) {
        UA_CHECK(n == 0);
        return;
    }
    for (size_t i = 0; i < n; i++)
        sink ^= p[i];
    (void)sink;
}

static void ua_walk_nodeid(const liion_ua_nodeid *id)
{
    const uint8_t *p;
    size_t n;
    UA_CHECK(liion_ua_nodeid_bytes(id, &p, &n) == LIION_OK);
    ua_walk_bytes(p, n);
    (void)liion_ua_nodeid_ns(id);
    (void)liion_ua_nodeid_numeric(id);
}

static void ua_walk_diag(const liion_ua_diaginfo *di)
{
    for (; di != NULL; di = liion_ua_diaginfo_inner(di)) {
        const uint8_t *p;
        size_t n;
        UA_CHECK(liion_ua_diaginfo_additional_info(di, &p, &n) == LIION_OK);
        ua_walk_bytes(p, n);
        (void)liion_ua_diaginfo_index(di, LIION_UA_DI_LOCALE);
    }
}

static void ua_walk_elem(const liion_ua_variant *var, size_t i, int depth)
{
    const uint8_t *p, *q;
    size_t n, m;
    uint16_t ns;
    int64_t s;
    uint64_t u;
    double d;
    uint8_t g[16];
    const liion_ua_nodeid *id;
    const liion_ua_expandednodeid *e;
    const liion_ua_extobj *eo;
    const liion_ua_datavalue *dv;
    const liion_ua_variant *inner;
    const liion_ua_diaginfo *di;
    (void)liion_ua_variant_get_int64(var, i, &s);
    (void)liion_ua_variant_get_uint64(var, i, &u);
    (void)liion_ua_variant_get_double(var, i, &d);
    if (liion_ua_variant_get_bytes(var, i, &p, &n) == LIION_OK)
        ua_walk_bytes(p, n);
    (void)liion_ua_variant_get_guid(var, i, g);
    if (liion_ua_variant_get_nodeid(var, i, &id) == LIION_OK)
        ua_walk_nodeid(id);
    if (liion_ua_variant_get_expandednodeid(var, i, &e) == LIION_OK) {
        UA_CHECK(liion_ua_expandednodeid_uri(e, &p, &n) == LIION_OK);
        ua_walk_bytes(p, n);
        ua_walk_nodeid(liion_ua_expandednodeid_nodeid(e));
    }
    if (liion_ua_variant_get_qualifiedname(var, i, &ns, &p, &n) == LIION_OK)
        ua_walk_bytes(p, n);
    if (liion_ua_variant_get_localizedtext(var, i, &p, &n, &q, &m) == LIION_OK) {
        ua_walk_bytes(p, n);
        ua_walk_bytes(q, m);
    }
    if (liion_ua_variant_get_extobj(var, i, &eo) == LIION_OK) {
        UA_CHECK(liion_ua_extobj_body(eo, &p, &n) == LIION_OK);
        ua_walk_bytes(p, n);
        ua_walk_nodeid(liion_ua_extobj_type_id(eo));
    }
    if (liion_ua_variant_get_datavalue(var, i, &dv) == LIION_OK) {
        UA_CHECK(liion_ua_datavalue_source_picoseconds(dv) <= 9999);
        UA_CHECK(liion_ua_datavalue_server_picoseconds(dv) <= 9999);
        if (liion_ua_datavalue_value(dv) != NULL)
            ua_walk_variant(liion_ua_datavalue_value(dv), depth + 1);
    }
    if (liion_ua_variant_get_variant(var, i, &inner) == LIION_OK)
        ua_walk_variant(inner, depth + 1);
    if (liion_ua_variant_get_diaginfo(var, i, &di) == LIION_OK)
        ua_walk_diag(di);
}

static void ua_walk_variant(const liion_ua_variant *var, int depth)
{
    size_t n = liion_ua_variant_length(var), nd = liion_ua_variant_ndims(var);
    const void *data;
    size_t cnt;
    UA_CHECK(depth < 2000);
    if (nd > 0) {
        unsigned long long prod = 1; /* saturates just past INT32_MAX */
        for (size_t i = 0; i < nd; i++) {
            prod *= liion_ua_variant_dim(var, i);
            if (prod > 0x7FFFFFFFull)
                prod = 0x80000000ull;
        }
        UA_CHECK(prod == n);
    }
    if (liion_ua_variant_array_data(var, &data, &cnt) == LIION_OK)
        UA_CHECK(cnt == n && (cnt == 0 || data != NULL));
    for (size_t i = 0; i < n && i < 64; i++)
        ua_walk_elem(var, i, depth);
}

/* The element builder: a one-element array of the decoded value, built with
 * liion_ua_value_set_array_begin() + liion_ua_value_set_elem_value(), encodes as the array
 * header followed by the value's own canonical bytes. */
static void ua_fuzz_as_element(liion_ua_value *w, const liion_ua_value *v, liion_ua_type type,
                               const uint8_t *enc, size_t n)
{
    uint8_t *out;
    size_t need = 0, got = 0;
    liion_status st;
    if (type == LIION_UA_TYPE_BOOLEAN || (type >= LIION_UA_TYPE_SBYTE && type <= LIION_UA_TYPE_DOUBLE) ||
        type == LIION_UA_TYPE_DATETIME || type == LIION_UA_TYPE_GUID ||
        type == LIION_UA_TYPE_STATUSCODE)
        return; /* fixed-size types use liion_ua_value_set_array() */
    st = liion_ua_value_set_array_begin(w, type, 1);
    if (st != LIION_OK) {
        UA_CHECK(st == LIION_E_NOMEM); /* the memory cap */
        return;
    }
    st = liion_ua_value_set_elem_value(w, 0, v);
    if (st != LIION_OK) {
        /* one more nesting level than the value itself, or the memory cap */
        UA_CHECK(st == LIION_E_LIMIT || st == LIION_E_NOMEM);
        return;
    }
    UA_CHECK(liion_ua_value_encoded_size(w, &need) == LIION_OK && need == n + 5);
    out = malloc(need);
    UA_CHECK(out != NULL);
    UA_CHECK(liion_ua_value_encode(w, out, need, &got) == LIION_OK && got == need);
    UA_CHECK(out[0] == (uint8_t)(0x80u | (unsigned)type) && out[1] == 1 && out[2] == 0 &&
             out[3] == 0 && out[4] == 0 && memcmp(out + 5, enc, n) == 0);
    free(out);
}

static void ua_fuzz_one(liion_ua_type type, const uint8_t *data, size_t size)
{
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *ctx = NULL;
    liion_ua_value *v = NULL, *w = NULL;
    size_t used = 0, sz = 0, n1 = 0, n2 = 0, used2 = 0;
    uint8_t *out1 = NULL, *out2 = NULL;
    liion_status st;

    o.max_memory = 64u << 20;
    o.max_depth = 48;
    UA_CHECK(liion_ctx_new(&ctx, &o) == LIION_OK);
    UA_CHECK(liion_ua_value_new(&v, ctx) == LIION_OK);
    UA_CHECK(liion_ua_value_new(&w, ctx) == LIION_OK);
    st = liion_ua_value_decode(v, type, data, size, &used);
    if (st != LIION_OK) {
        UA_CHECK(used == 0);
        UA_CHECK(st == LIION_E_TRUNCATED || st == LIION_E_DECODE || st == LIION_E_LIMIT ||
                 st == LIION_E_NOMEM);
        UA_CHECK(liion_ctx_errcode(ctx) == st);
        UA_CHECK(st == LIION_E_NOMEM || liion_ctx_error_offset(ctx) <= size);
        UA_CHECK(liion_ua_variant_type(liion_ua_value_variant(v)) == LIION_UA_TYPE_NULL);
    } else {
        UA_CHECK(used <= size);
        ua_walk_variant(liion_ua_value_variant(v), 0);
        UA_CHECK(liion_ua_value_encoded_size(v, &sz) == LIION_OK);
        out1 = malloc(sz + 1);
        UA_CHECK(out1 != NULL);
        UA_CHECK(liion_ua_value_encode(v, out1, sz, &n1) == LIION_OK && n1 == sz);
        if (sz > 0)
            UA_CHECK(liion_ua_value_encode(v, out1, sz - 1, &n2) == LIION_E_BUFFER_TOO_SMALL &&
                     n2 == sz);
        /* the canonical encoding decodes and re-encodes to itself */
        st = liion_ua_value_decode(w, type, out1, n1, &used2);
        if (st == LIION_OK) {
            UA_CHECK(used2 == n1);
            out2 = malloc(n1 + 1);
            UA_CHECK(out2 != NULL);
            UA_CHECK(liion_ua_value_encode(w, out2, n1, &n2) == LIION_OK);
            UA_CHECK(n2 == n1 && memcmp(out1, out2, n1) == 0);
            ua_fuzz_as_element(w, v, type, out1, n1);
        } else {
            /* the canonical form is never longer than the input and never malformed;
             * only the memory cap (two values held at once) may refuse it */
            UA_CHECK(st == LIION_E_LIMIT || st == LIION_E_NOMEM);
        }
    }
    liion_ua_value_free(v);
    liion_ua_value_free(w);
    liion_ctx_free(ctx);
    free(out1);
    free(out2);

    /* second pass: a small memory cap drives the out-of-memory paths */
    o.max_memory = 2048 + (size * 7u) % 16384u;
    if (liion_ctx_new(&ctx, &o) != LIION_OK)
        return;
    if (liion_ua_value_new(&v, ctx) == LIION_OK) {
        st = liion_ua_value_decode(v, type, data, size, &used);
        UA_CHECK(st != LIION_E_INVALID_ARG && st != LIION_E_MISUSE);
        liion_ua_value_free(v);
    }
    UA_CHECK(liion_ctx_memory_used(ctx) > 0);
    liion_ctx_free(ctx);
}

#endif
