/*
 * The export document model: building, sealing (deterministic key order), deterministic CBOR,
 * JSON writers (Markdown: markdown.c), zlib wrapping, SHA-256, and the public document functions.
 */
#include "export/xdoc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* ---- building -------------------------------------------------------------------------- */

liion_status liion__xdoc_new(liion_export_doc **out, liion_ctx *ctx)
{
    liion_export_doc *d = liion__calloc(ctx, 1, sizeof *d);
    *out = NULL;
    if (!d)
        return LIION_E_NOMEM;
    d->magic = LIION__MAGIC_XDOC;
    d->ctx = ctx;
    d->type = "";
    liion__arena_init(&d->arena, ctx, 0);
    *out = d;
    return LIION_OK;
}

liion_status liion__xdoc_enter(liion_export_doc *doc)
{
    if (!doc)
        return LIION_E_INVALID_ARG;
    if (doc->magic != LIION__MAGIC_XDOC)
        return LIION_E_MISUSE;
    return liion__ctx_enter(doc->ctx);
}

LIION_API void liion_export_doc_free(liion_export_doc *doc)
{
    if (!doc || doc->magic != LIION__MAGIC_XDOC)
        return;
    liion__arena_free(&doc->arena);
    doc->magic = LIION__MAGIC_DEAD;
    liion__free(doc->ctx, doc, sizeof *doc);
}

LIION_API const char *liion_export_doc_type(const liion_export_doc *doc)
{
    if (!doc || doc->magic != LIION__MAGIC_XDOC)
        return "";
    return doc->type;
}

liion__xn *liion__xn_new(liion_export_doc *doc, liion__xt type)
{
    liion__xn *n;
    if (doc->err)
        return NULL;
    n = liion__arena_calloc(&doc->arena, 1, sizeof *n, 0);
    if (!n) {
        doc->err = LIION_E_NOMEM;
        return NULL;
    }
    n->type = (uint32_t)type;
    return n;
}

liion__xn *liion__xn_put(liion_export_doc *doc, liion__xn *map, const char *key, liion__xn *val)
{
    size_t kl;
    if (!map || !val || doc->err)
        return NULL;
    kl = strlen(key);
    val->key = liion__arena_strndup(&doc->arena, key, kl);
    if (!val->key) {
        doc->err = LIION_E_NOMEM;
        return NULL;
    }
    val->keylen = (uint32_t)kl;
    return liion__xn_push(doc, map, val);
}

liion__xn *liion__xn_push(liion_export_doc *doc, liion__xn *arr, liion__xn *val)
{
    if (!arr || !val || doc->err)
        return NULL;
    if (arr->last)
        arr->last->next = val;
    else
        arr->first = val;
    arr->last = val;
    arr->len++;
    return val;
}

liion__xn *liion__xn_map(liion_export_doc *doc, liion__xn *parent, const char *key)
{
    liion__xn *n = liion__xn_new(doc, XN_MAP);
    if (!parent)
        return n;
    return key ? liion__xn_put(doc, parent, key, n) : liion__xn_push(doc, parent, n);
}

liion__xn *liion__xn_array(liion_export_doc *doc, liion__xn *parent, const char *key)
{
    liion__xn *n = liion__xn_new(doc, XN_ARRAY);
    if (!parent)
        return n;
    return key ? liion__xn_put(doc, parent, key, n) : liion__xn_push(doc, parent, n);
}

liion__xn *liion__xn_text_node(liion_export_doc *doc, const char *text, size_t len)
{
    liion__xn *n = liion__xn_new(doc, XN_TEXT);
    if (!n)
        return NULL;
    n->v.s = (const uint8_t *)liion__arena_strndup(&doc->arena, text, len);
    if (!n->v.s) {
        doc->err = LIION_E_NOMEM;
        return NULL;
    }
    n->len = len;
    return n;
}

void liion__xn_textn(liion_export_doc *doc, liion__xn *map, const char *key, const char *text,
                     size_t len)
{
    liion__xn_put(doc, map, key, liion__xn_text_node(doc, text, len));
}

void liion__xn_text(liion_export_doc *doc, liion__xn *map, const char *key, const char *text)
{
    liion__xn_textn(doc, map, key, text, strlen(text));
}

void liion__xn_uint(liion_export_doc *doc, liion__xn *map, const char *key, uint64_t v)
{
    liion__xn *n = liion__xn_new(doc, XN_UINT);
    if (n)
        n->v.u = v;
    liion__xn_put(doc, map, key, n);
}

void liion__xn_int(liion_export_doc *doc, liion__xn *map, const char *key, int64_t v)
{
    liion__xn *n = liion__xn_new(doc, v < 0 ? XN_NINT : XN_UINT);
    if (n)
        n->v.u = v < 0 ? (uint64_t)(-(v + 1)) : (uint64_t)v;
    liion__xn_put(doc, map, key, n);
}

void liion__xn_num(liion_export_doc *doc, liion__xn *map, const char *key, double v)
{
    liion__xn *n = liion__xn_new(doc, XN_FLOAT);
    if (n)
        n->v.d = v;
    if (!isfinite(v) && !doc->err)
        doc->err = LIION_E_RANGE;
    liion__xn_put(doc, map, key, n);
}

void liion__xn_bool(liion_export_doc *doc, liion__xn *map, const char *key, bool v)
{
    liion__xn_put(doc, map, key, liion__xn_new(doc, v ? XN_TRUE : XN_FALSE));
}

void liion__xn_null(liion_export_doc *doc, liion__xn *map, const char *key)
{
    liion__xn_put(doc, map, key, liion__xn_new(doc, XN_NULL));
}

void liion__xn_bytes(liion_export_doc *doc, liion__xn *map, const char *key, const uint8_t *p,
                     size_t n)
{
    liion__xn *x = liion__xn_new(doc, XN_BYTES);
    if (!x)
        return;
    x->v.s = liion__arena_memdup(&doc->arena, p, n);
    if (!x->v.s) {
        doc->err = LIION_E_NOMEM;
        return;
    }
    x->len = n;
    liion__xn_put(doc, map, key, x);
}

/* ---- sealing --------------------------------------------------------------------------- */

int liion__xkey_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
    if (alen != blen)
        return alen < blen ? -1 : 1;
    return memcmp(a, b, alen);
}

static int kid_cmp(const void *pa, const void *pb)
{
    const liion__xn *a = *(const liion__xn *const *)pa;
    const liion__xn *b = *(const liion__xn *const *)pb;
    return liion__xkey_cmp(a->key, a->keylen, b->key, b->keylen);
}

static liion_status seal_node(liion_export_doc *doc, liion__xn *n, uint32_t depth)
{
    liion__xn **kids;
    size_t i = 0;
    if ((n->type != XN_ARRAY && n->type != XN_MAP) || n->sealed)
        return LIION_OK;
    if (depth > 64)
        return liion__error(doc->ctx, LIION_E_LIMIT, "document nests deeper than 64 levels");
    kids = n->len ? liion__arena_alloc(&doc->arena, n->len * sizeof *kids, 0) : NULL;
    if (n->len && !kids)
        return LIION_E_NOMEM;
    for (liion__xn *k = n->first; k; k = k->next) {
        liion_status st;
        kids[i++] = k;
        st = seal_node(doc, k, depth + 1);
        if (st)
            return st;
    }
    if (n->type == XN_MAP && n->len > 1) {
        qsort(kids, n->len, sizeof *kids, kid_cmp);
        for (i = 1; i < n->len; i++)
            if (kid_cmp(&kids[i - 1], &kids[i]) == 0)
                return liion__error(doc->ctx, LIION_E_STATE, "duplicate document key '%s'",
                                    kids[i]->key);
    }
    n->v.kids = kids;
    n->first = n->last = NULL;
    n->sealed = true;
    return LIION_OK;
}

const liion__xn *liion__xn_get(const liion__xn *map, const char *key)
{
    size_t kl = strlen(key), lo = 0, hi;
    if (!map || map->type != XN_MAP)
        return NULL;
    hi = map->len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const liion__xn *k = map->v.kids[mid];
        int c = liion__xkey_cmp(k->key, k->keylen, key, kl);
        if (c == 0)
            return k;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

liion_status liion__xdoc_seal(liion_export_doc *doc)
{
    liion_status st;
    const liion__xn *t;
    if (doc->err) {
        if (doc->err == LIION_E_RANGE)
            return liion__error(doc->ctx, LIION_E_RANGE, "a document number is not finite");
        return liion__error(doc->ctx, doc->err, "out of memory building the document");
    }
    if (!doc->root || doc->root->type != XN_MAP)
        return liion__error(doc->ctx, LIION_E_STATE, "document root is not a map");
    st = seal_node(doc, doc->root, 0);
    if (st)
        return st;
    t = liion__xn_get(doc->root, "document");
    if (t && t->type == XN_TEXT)
        doc->type = (const char *)t->v.s;
    return LIION_OK;
}

liion__xn *liion__xn_clone(liion_export_doc *dst, const liion__xn *src)
{
    liion__xn *n = liion__xn_new(dst, (liion__xt)src->type);
    if (!n)
        return NULL;
    n->len = src->len;
    n->v = src->v;
    n->sealed = true;
    if (src->key) {
        n->key = liion__arena_strndup(&dst->arena, src->key, src->keylen);
        n->keylen = src->keylen;
        if (!n->key)
            goto nomem;
    }
    if (src->type == XN_TEXT) {
        n->v.s = (const uint8_t *)liion__arena_strndup(&dst->arena, (const char *)src->v.s,
                                                      src->len);
        if (!n->v.s)
            goto nomem;
    } else if (src->type == XN_BYTES) {
        n->v.s = liion__arena_memdup(&dst->arena, src->v.s, src->len);
        if (!n->v.s)
            goto nomem;
    } else if (src->type == XN_ARRAY || src->type == XN_MAP) {
        n->v.kids = NULL;
        if (src->len) {
            n->v.kids = liion__arena_alloc(&dst->arena, src->len * sizeof(liion__xn *), 0);
            if (!n->v.kids)
                goto nomem;
            for (size_t i = 0; i < src->len; i++) {
                n->v.kids[i] = liion__xn_clone(dst, src->v.kids[i]);
                if (!n->v.kids[i])
                    return NULL;
            }
        }
    }
    return n;
nomem:
    dst->err = LIION_E_NOMEM;
    return NULL;
}

/* ---- text checks ----------------------------------------------------------------------- */

bool liion__utf8_ok(const uint8_t *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint8_t c = s[i];
        size_t k;
        uint32_t cp;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf) {
            k = 1;
            cp = c & 0x1fu;
        } else if (c >= 0xe0 && c <= 0xef) {
            k = 2;
            cp = c & 0x0fu;
        } else if (c >= 0xf0 && c <= 0xf4) {
            k = 3;
            cp = c & 0x07u;
        } else {
            return false;
        }
        if (n - i <= k)
            return false;
        for (size_t j = 1; j <= k; j++) {
            if ((s[i + j] & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (s[i + j] & 0x3fu);
        }
        if ((k == 2 && cp < 0x800) || (k == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
            (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += k + 1;
    }
    return true;
}

bool liion__xtext_ok(const char *s, size_t *len_out)
{
    size_t n;
    if (!s)
        return false;
    n = strlen(s);
    if (n == 0 || n > 1024)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return false;
    if (!liion__utf8_ok((const uint8_t *)s, n))
        return false;
    *len_out = n;
    return true;
}

/* ---- CBOR writer ----------------------------------------------------------------------- */

static void cbor_head(liion__wr *w, unsigned major, uint64_t v)
{
    uint8_t m = (uint8_t)(major << 5);
    if (v < 24) {
        liion__wr_u8(w, (uint8_t)(m | v));
    } else if (v <= 0xff) {
        liion__wr_u8(w, (uint8_t)(m | 24));
        liion__wr_u8(w, (uint8_t)v);
    } else if (v <= 0xffff) {
        uint8_t b[3] = { (uint8_t)(m | 25), (uint8_t)(v >> 8), (uint8_t)v };
        liion__wr_bytes(w, b, 3);
    } else if (v <= 0xffffffffu) {
        uint8_t b[5];
        b[0] = (uint8_t)(m | 26);
        liion__store_be32(b + 1, (uint32_t)v);
        liion__wr_bytes(w, b, 5);
    } else {
        uint8_t b[9];
        b[0] = (uint8_t)(m | 27);
        liion__store_be64(b + 1, v);
        liion__wr_bytes(w, b, 9);
    }
}

/* Exact IEEE half-precision bits of d, if d has one. */
bool liion__f16_exact(double d, uint16_t *out)
{
    double a = fabs(d);
    uint16_t sign = signbit(d) ? 0x8000u : 0u;
    if (a == 0.0) {
        *out = sign;
        return true;
    }
    if (a < 6.103515625e-05) { /* below 2^-14: subnormal k * 2^-24 */
        double k = ldexp(a, 24);
        if (k != floor(k) || k >= 1024.0)
            return false;
        *out = (uint16_t)(sign | (uint16_t)k);
        return true;
    } else {
        int e = ilogb(a);
        double f;
        if (e > 15)
            return false;
        f = ldexp(a, 10 - e); /* in [1024, 2048) */
        if (f != floor(f))
            return false;
        *out = (uint16_t)(sign | (uint16_t)((unsigned)(e + 15) << 10) |
                          (uint16_t)((unsigned)f - 1024u));
        return true;
    }
}

static void cbor_float(liion__wr *w, double d)
{
    uint16_t h;
    float f = (float)d;
    if (liion__f16_exact(d, &h)) {
        uint8_t b[3] = { 0xf9, (uint8_t)(h >> 8), (uint8_t)h };
        liion__wr_bytes(w, b, 3);
    } else if ((double)f == d) {
        uint8_t b[5];
        b[0] = 0xfa;
        liion__store_f32be(b + 1, f);
        liion__wr_bytes(w, b, 5);
    } else {
        uint8_t b[9];
        b[0] = 0xfb;
        liion__store_f64be(b + 1, d);
        liion__wr_bytes(w, b, 9);
    }
}

void liion__xw_cbor(liion__wr *w, const liion__xn *n)
{
    switch ((liion__xt)n->type) {
    case XN_NULL: liion__wr_u8(w, 0xf6); break;
    case XN_FALSE: liion__wr_u8(w, 0xf4); break;
    case XN_TRUE: liion__wr_u8(w, 0xf5); break;
    case XN_UINT: cbor_head(w, 0, n->v.u); break;
    case XN_NINT: cbor_head(w, 1, n->v.u); break;
    case XN_FLOAT: cbor_float(w, n->v.d); break;
    case XN_TEXT:
        cbor_head(w, 3, n->len);
        liion__wr_bytes(w, n->v.s, n->len);
        break;
    case XN_BYTES:
        cbor_head(w, 2, n->len);
        liion__wr_bytes(w, n->v.s, n->len);
        break;
    case XN_ARRAY:
        cbor_head(w, 4, n->len);
        for (size_t i = 0; i < n->len; i++)
            liion__xw_cbor(w, n->v.kids[i]);
        break;
    case XN_MAP:
        cbor_head(w, 5, n->len);
        for (size_t i = 0; i < n->len; i++) {
            const liion__xn *k = n->v.kids[i];
            cbor_head(w, 3, k->keylen);
            liion__wr_bytes(w, k->key, k->keylen);
            liion__xw_cbor(w, k);
        }
        break;
    }
}

/* ---- JSON writer ----------------------------------------------------------------------- */

static void json_str(liion__wr *w, const uint8_t *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t run = 0;
    liion__wr_u8(w, '"');
    for (size_t i = 0; i < n; i++) {
        uint8_t c = s[i];
        const char *esc = NULL;
        char u[6];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        liion__wr_bytes(w, s + run, i - run);
        run = i + 1;
        switch (c) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\b': esc = "\\b"; break;
        case '\f': esc = "\\f"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        default:
            u[0] = '\\';
            u[1] = 'u';
            u[2] = '0';
            u[3] = '0';
            u[4] = hex[c >> 4];
            u[5] = hex[c & 15];
            liion__wr_bytes(w, u, 6);
            continue;
        }
        liion__wr_bytes(w, esc, strlen(esc));
    }
    liion__wr_bytes(w, s + run, n - run);
    liion__wr_u8(w, '"');
}

static void json_num(liion__wr *w, double d)
{
    char b[40];
    size_t n = liion__fmt_double(b, sizeof b, d);
    liion__wr_bytes(w, b, n);
}

static void json_u64(liion__wr *w, bool neg, uint64_t u)
{
    char b[24];
    int n;
    if (neg) /* value is -1 - u */
        n = u == UINT64_MAX ? snprintf(b, sizeof b, "-18446744073709551616")
                            : snprintf(b, sizeof b, "-%llu", (unsigned long long)u + 1);
    else
        n = snprintf(b, sizeof b, "%llu", (unsigned long long)u);
    liion__wr_bytes(w, b, (size_t)n);
}

static void base64(liion__wr *w, const uint8_t *p, size_t n)
{
    static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t i = 0;
    for (; i + 3 <= n; i += 3) {
        uint32_t v = ((uint32_t)p[i] << 16) | ((uint32_t)p[i + 1] << 8) | p[i + 2];
        char o[4] = { t[v >> 18], t[(v >> 12) & 63], t[(v >> 6) & 63], t[v & 63] };
        liion__wr_bytes(w, o, 4);
    }
    if (n - i == 1) {
        uint32_t v = (uint32_t)p[i] << 16;
        char o[4] = { t[v >> 18], t[(v >> 12) & 63], '=', '=' };
        liion__wr_bytes(w, o, 4);
    } else if (n - i == 2) {
        uint32_t v = ((uint32_t)p[i] << 16) | ((uint32_t)p[i + 1] << 8);
        char o[4] = { t[v >> 18], t[(v >> 12) & 63], t[(v >> 6) & 63], '=' };
        liion__wr_bytes(w, o, 4);
    }
}

void liion__xw_json(liion__wr *w, const liion__xn *n)
{
    switch ((liion__xt)n->type) {
    case XN_NULL: liion__wr_bytes(w, "null", 4); break;
    case XN_FALSE: liion__wr_bytes(w, "false", 5); break;
    case XN_TRUE: liion__wr_bytes(w, "true", 4); break;
    case XN_UINT: json_u64(w, false, n->v.u); break;
    case XN_NINT: json_u64(w, true, n->v.u); break;
    case XN_FLOAT: json_num(w, n->v.d); break;
    case XN_TEXT: json_str(w, n->v.s, n->len); break;
    case XN_BYTES:
        liion__wr_u8(w, '"');
        base64(w, n->v.s, n->len);
        liion__wr_u8(w, '"');
        break;
    case XN_ARRAY:
        liion__wr_u8(w, '[');
        for (size_t i = 0; i < n->len; i++) {
            if (i)
                liion__wr_u8(w, ',');
            liion__xw_json(w, n->v.kids[i]);
        }
        liion__wr_u8(w, ']');
        break;
    case XN_MAP:
        liion__wr_u8(w, '{');
        for (size_t i = 0; i < n->len; i++) {
            const liion__xn *k = n->v.kids[i];
            if (i)
                liion__wr_u8(w, ',');
            json_str(w, (const uint8_t *)k->key, k->keylen);
            liion__wr_u8(w, ':');
            liion__xw_json(w, k);
        }
        liion__wr_u8(w, '}');
        break;
    }
}

/* ---- zlib ------------------------------------------------------------------------------ */

voidpf liion__zalloc(voidpf opaque, uInt items, uInt size)
{
    size_t n;
    size_t *p;
    if (!liion__size_mul(items, size, &n) || !liion__size_add(n, sizeof(size_t), &n))
        return Z_NULL;
    p = liion__alloc(opaque, n);
    if (!p)
        return Z_NULL;
    p[0] = n;
    return p + 1;
}

void liion__zfree(voidpf opaque, voidpf ptr)
{
    size_t *p = (size_t *)ptr - 1;
    liion__free(opaque, p, p[0]);
}

liion_status liion__zdeflate(liion_ctx *ctx, const uint8_t *in, size_t n, uint8_t **out,
                             size_t *out_len, size_t *out_cap)
{
    z_stream z;
    uLong bound;
    uint8_t *o;
    int rc;
    memset(&z, 0, sizeof z);
    z.zalloc = liion__zalloc;
    z.zfree = liion__zfree;
    z.opaque = ctx;
    *out = NULL;
    if (n > UINT32_MAX)
        return liion__error(ctx, LIION_E_LIMIT, "document too large to compress");
    if (deflateInit(&z, 6) != Z_OK)
        return liion__error(ctx, LIION_E_NOMEM, "zlib deflateInit failed");
    bound = deflateBound(&z, (uLong)n);
    o = liion__alloc(ctx, (size_t)bound);
    if (!o) {
        deflateEnd(&z);
        return LIION_E_NOMEM;
    }
    z.next_in = (Bytef *)(uintptr_t)in;
    z.avail_in = (uInt)n;
    z.next_out = o;
    z.avail_out = (uInt)bound;
    rc = deflate(&z, Z_FINISH);
    if (rc != Z_STREAM_END) {
        deflateEnd(&z);
        liion__free(ctx, o, (size_t)bound);
        return liion__error(ctx, LIION_E_NOMEM, "zlib deflate failed (%d)", rc);
    }
    *out_len = (size_t)z.total_out;
    *out_cap = (size_t)bound;
    *out = o;
    deflateEnd(&z);
    return LIION_OK;
}

liion_status liion__zinflate(liion_ctx *ctx, const uint8_t *in, size_t n, size_t max_out,
                             uint8_t **out, size_t *out_len, size_t *out_cap)
{
    z_stream z;
    uint8_t *o = NULL;
    size_t cap = 0;
    int rc;
    *out = NULL;
    memset(&z, 0, sizeof z);
    z.zalloc = liion__zalloc;
    z.zfree = liion__zfree;
    z.opaque = ctx;
    if (n > UINT32_MAX)
        return liion__error(ctx, LIION_E_LIMIT, "compressed input too large");
    if (inflateInit(&z) != Z_OK)
        return liion__error(ctx, LIION_E_NOMEM, "zlib inflateInit failed");
    z.next_in = (Bytef *)(uintptr_t)in;
    z.avail_in = (uInt)n;
    do {
        if (z.total_out == cap) {
            size_t ncap = cap ? cap * 2 : 4096;
            uint8_t *no;
            if (cap >= max_out) {
                rc = Z_BUF_ERROR;
                liion__error_at(ctx, LIION_E_LIMIT, (size_t)z.total_in,
                                "inflated document passes the %zu-byte message limit", max_out);
                goto fail;
            }
            if (ncap > max_out)
                ncap = max_out;
            if (ncap > UINT32_MAX)
                ncap = UINT32_MAX;
            no = liion__realloc(ctx, o, cap, ncap);
            if (!no) {
                rc = Z_MEM_ERROR;
                goto fail;
            }
            o = no;
            cap = ncap;
        }
        z.next_out = o + z.total_out;
        z.avail_out = (uInt)(cap - z.total_out);
        rc = inflate(&z, Z_NO_FLUSH);
        if (rc == Z_NEED_DICT || rc == Z_DATA_ERROR || rc == Z_MEM_ERROR) {
            if (rc == Z_MEM_ERROR)
                liion__error(ctx, LIION_E_NOMEM, "zlib ran out of memory");
            else
                liion__error_at(ctx, LIION_E_DECODE, (size_t)z.total_in,
                                "zlib stream is corrupt");
            goto fail;
        }
        if (rc == Z_BUF_ERROR && z.avail_in == 0) {
            liion__error_at(ctx, LIION_E_TRUNCATED, n, "zlib stream ends early");
            goto fail;
        }
    } while (rc != Z_STREAM_END);
    if (z.avail_in != 0) {
        liion__error_at(ctx, LIION_E_DECODE, (size_t)z.total_in, "bytes after the zlib stream");
        goto fail;
    }
    *out = o;
    *out_len = (size_t)z.total_out;
    *out_cap = cap;
    inflateEnd(&z);
    return LIION_OK;
fail:
    inflateEnd(&z);
    liion__free(ctx, o, cap);
    return liion_ctx_errcode(ctx) ? liion_ctx_errcode(ctx) : LIION_E_NOMEM;
}

/* ---- SHA-256 (FIPS 180-4) --------------------------------------------------------------- */

static const uint32_t K256[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t ror(uint32_t x, unsigned n) { return (x >> n) | (x << (32 - n)); }

static void sha_block(uint32_t h[8], const uint8_t *p)
{
    uint32_t w[64], a, b, c, d, e, f, g, hh;
    for (int i = 0; i < 16; i++)
        w[i] = liion__load_be32(p + 4 * i);
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    a = h[0]; b = h[1]; c = h[2]; d = h[3]; e = h[4]; f = h[5]; g = h[6]; hh = h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = hh + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) +
                      K256[i] + w[i];
        uint32_t t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        hh = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}

void liion__sha256_init(liion__sha256 *s)
{
    static const uint32_t iv[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
    memcpy(s->h, iv, sizeof iv);
    s->bytes = 0;
    s->fill = 0;
}

void liion__sha256_update(liion__sha256 *s, const uint8_t *p, size_t n)
{
    s->bytes += n;
    if (s->fill) {
        size_t k = 64 - s->fill < n ? 64 - s->fill : n;
        memcpy(s->buf + s->fill, p, k);
        s->fill += k;
        p += k;
        n -= k;
        if (s->fill < 64)
            return;
        sha_block(s->h, s->buf);
        s->fill = 0;
    }
    for (; n >= 64; n -= 64, p += 64)
        sha_block(s->h, p);
    if (n) {
        memcpy(s->buf, p, n);
        s->fill = n;
    }
}

void liion__sha256_final(liion__sha256 *s, uint8_t out[32])
{
    uint64_t bits = s->bytes * 8;
    uint8_t pad[72];
    size_t padn = (s->fill < 56 ? 56 - s->fill : 120 - s->fill);
    memset(pad, 0, sizeof pad);
    pad[0] = 0x80;
    liion__store_be64(pad + padn, bits);
    liion__sha256_update(s, pad, padn + 8);
    for (int i = 0; i < 8; i++)
        liion__store_be32(out + 4 * i, s->h[i]);
}

LIION_API liion_status liion_export_sha256(uint8_t *out, const uint8_t *data, size_t len)
{
    liion__sha256 s;
    if (!out || (!data && len))
        return LIION_E_INVALID_ARG;
    liion__sha256_init(&s);
    liion__sha256_update(&s, data, len);
    liion__sha256_final(&s, out);
    return LIION_OK;
}

/* ---- public encode --------------------------------------------------------------------- */

liion_status liion__xn_cbor_alloc(liion_ctx *ctx, const liion__xn *n, uint8_t **out,
                                  size_t *len_out)
{
    liion__wr w;
    uint8_t *p;
    liion__wr_init(&w, NULL, 0);
    liion__xw_cbor(&w, n);
    p = liion__alloc(ctx, w.pos ? w.pos : 1);
    if (!p)
        return LIION_E_NOMEM;
    *len_out = w.pos;
    liion__wr_init(&w, p, *len_out);
    liion__xw_cbor(&w, n);
    *out = p;
    return LIION_OK;
}

static liion_status write_fmt(liion__wr *w, const liion_export_doc *doc, liion_export_format f)
{
    if (f == LIION_EXPORT_CBOR)
        liion__xw_cbor(w, doc->root);
    else if (f == LIION_EXPORT_JSON)
        liion__xw_json(w, doc->root);
    else
        return liion__xw_markdown(w, doc->root, doc->ctx);
    return LIION_OK;
}

/* Encoding into a fresh allocation (for zlib and files). */
static liion_status encode_alloc(liion_export_doc *doc, liion_export_format f, uint32_t flags,
                                 uint8_t **out, size_t *len, size_t *cap)
{
    liion__wr w;
    uint8_t *p;
    size_t n;
    liion_status st;
    liion__wr_init(&w, NULL, 0);
    if ((st = write_fmt(&w, doc, f)))
        return st;
    n = w.pos;
    p = liion__alloc(doc->ctx, n ? n : 1);
    if (!p)
        return LIION_E_NOMEM;
    liion__wr_init(&w, p, n);
    if ((st = write_fmt(&w, doc, f))) {
        liion__free(doc->ctx, p, n ? n : 1);
        return st;
    }
    if (flags & LIION_EXPORT_ZLIB) {
        uint8_t *z;
        size_t zl, zc;
        st = liion__zdeflate(doc->ctx, p, n, &z, &zl, &zc);
        liion__free(doc->ctx, p, n ? n : 1);
        if (st)
            return st;
        *out = z;
        *len = zl;
        *cap = zc;
        return LIION_OK;
    }
    *out = p;
    *len = n;
    *cap = n ? n : 1;
    return LIION_OK;
}

static liion_status check_fmt(liion_export_doc *doc, liion_export_format format, uint32_t flags)
{
    if (format != LIION_EXPORT_CBOR && format != LIION_EXPORT_JSON &&
        format != LIION_EXPORT_MARKDOWN)
        return liion__error(doc->ctx, LIION_E_INVALID_ARG, "unknown export format %d",
                            (int)format);
    if (flags & ~LIION_EXPORT_ZLIB)
        return liion__error(doc->ctx, LIION_E_INVALID_ARG, "unknown export flags 0x%x",
                            (unsigned)flags);
    return LIION_OK;
}

LIION_API liion_status liion_export_doc_encode(uint8_t *buf, size_t cap, size_t *written,
                                               liion_export_doc *doc,
                                               liion_export_format format, uint32_t flags)
{
    liion_status st = liion__xdoc_enter(doc);
    if (st)
        return st;
    if (!written || (!buf && cap))
        return liion__error(doc->ctx, LIION_E_INVALID_ARG, "NULL written or buffer");
    *written = 0;
    st = check_fmt(doc, format, flags);
    if (st)
        return st;
    if (!(flags & LIION_EXPORT_ZLIB)) {
        liion__wr w;
        liion__wr_init(&w, buf, cap);
        if ((st = write_fmt(&w, doc, format)))
            return st;
        *written = w.pos;
        if (liion__wr_overflow(&w))
            return liion__error(doc->ctx, LIION_E_BUFFER_TOO_SMALL,
                                "document needs %zu bytes, buffer has %zu", w.pos, cap);
        return LIION_OK;
    } else {
        uint8_t *p;
        size_t n, c;
        st = encode_alloc(doc, format, flags, &p, &n, &c);
        if (st)
            return st;
        *written = n;
        if (n > cap) {
            liion__free(doc->ctx, p, c);
            return liion__error(doc->ctx, LIION_E_BUFFER_TOO_SMALL,
                                "compressed document needs %zu bytes, buffer has %zu", n, cap);
        }
        if (n)
            memcpy(buf, p, n);
        liion__free(doc->ctx, p, c);
        return LIION_OK;
    }
}

LIION_API liion_status liion_export_doc_write_file(liion_export_doc *doc, const char *path,
                                                   liion_export_format format, uint32_t flags)
{
    uint8_t *p;
    size_t n, c;
    FILE *fp;
    bool ok;
    liion_status st = liion__xdoc_enter(doc);
    if (st)
        return st;
    if (!path || !*path)
        return liion__error(doc->ctx, LIION_E_INVALID_ARG, "NULL or empty path");
    st = check_fmt(doc, format, flags);
    if (st)
        return st;
    st = encode_alloc(doc, format, flags, &p, &n, &c);
    if (st)
        return st;
    fp = fopen(path, "wb");
    if (!fp) {
        liion__free(doc->ctx, p, c);
        return liion__error(doc->ctx, LIION_E_IO, "cannot open '%s' for writing", path);
    }
    ok = fwrite(p, 1, n, fp) == n;
    ok = (fclose(fp) == 0) && ok;
    liion__free(doc->ctx, p, c);
    if (!ok)
        return liion__error(doc->ctx, LIION_E_IO, "cannot write '%s'", path);
    return LIION_OK;
}

LIION_API liion_status liion_export_doc_verify(liion_export_doc *doc)
{
    const liion__xn *c, *h;
    uint8_t *p, dig[32];
    size_t n;
    char hex[65];
    liion_status st = liion__xdoc_enter(doc);
    if (st)
        return st;
    c = liion__xn_get(doc->root, "content");
    h = liion__xn_get(doc->root, "content_sha256");
    if (!c || !h || h->type != XN_TEXT)
        return liion__error(doc->ctx, LIION_E_NOT_FOUND, "document '%s' has no content hash",
                            doc->type);
    st = liion__xn_cbor_alloc(doc->ctx, c, &p, &n);
    if (st)
        return st;
    liion_export_sha256(dig, p, n);
    liion__free(doc->ctx, p, n ? n : 1);
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", dig[i]);
    if (h->len != 64 || memcmp(hex, h->v.s, 64) != 0)
        return liion__error(doc->ctx, LIION_E_CORRUPT,
                            "content_sha256 does not match the content (computed %s)", hex);
    return LIION_OK;
}

liion_status liion__xn_put_sealed(liion_export_doc *doc, liion__xn *map, const char *key,
                                  liion__xn *val)
{
    liion__xn **kids;
    size_t kl = strlen(key);
    if (doc->err || !val)
        return doc->err ? doc->err : LIION_E_NOMEM;
    val->key = liion__arena_strndup(&doc->arena, key, kl);
    kids = liion__arena_alloc(&doc->arena, (map->len + 1) * sizeof *kids, 0);
    if (!val->key || !kids)
        return LIION_E_NOMEM;
    val->keylen = (uint32_t)kl;
    val->sealed = true;
    if (map->len)
        memcpy(kids, map->v.kids, map->len * sizeof *kids);
    kids[map->len++] = val;
    qsort(kids, map->len, sizeof *kids, kid_cmp);
    map->v.kids = kids;
    return LIION_OK;
}
