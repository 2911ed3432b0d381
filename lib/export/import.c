/*
 * Importer of libliion's own CBOR documents (untrusted bytes). Items are read one at a time
 * with libcbor's streaming decoder (cbor_stream_decode) and our callbacks, never cbor_load
 * (CONVENTIONS.md section 5). Containers are tracked on an explicit stack bounded by the
 * context's max depth; a declared count is checked against the bytes left before anything is
 * allocated; only the deterministic encoding libliion writes is accepted, so a re-encode gives
 * the input bytes back. All nodes live in the new document's arena: on error it is freed whole.
 */
#include "export/xdoc.h"

#include <cbor.h>
#include <math.h>
#include <string.h>

#if CBOR_MAJOR_VERSION == 0 && CBOR_MINOR_VERSION < 9
typedef size_t cb_len; /* libcbor 0.8: size_t lengths in the callbacks */
#else
typedef uint64_t cb_len;
#endif

enum { K_NONE, K_UINT, K_NINT, K_TEXT, K_BYTES, K_ARRAY, K_MAP, K_F16, K_F32, K_F64, K_FALSE,
       K_TRUE, K_NULL, K_BAD };

typedef struct item {
    int kind;
    uint64_t u;
    double d;
    const uint8_t *s;
    size_t len;
    const char *bad;
} item;

static void cb_u8(void *c, uint8_t v) { ((item *)c)->kind = K_UINT; ((item *)c)->u = v; }
static void cb_u16(void *c, uint16_t v) { ((item *)c)->kind = K_UINT; ((item *)c)->u = v; }
static void cb_u32(void *c, uint32_t v) { ((item *)c)->kind = K_UINT; ((item *)c)->u = v; }
static void cb_u64(void *c, uint64_t v) { ((item *)c)->kind = K_UINT; ((item *)c)->u = v; }
static void cb_n8(void *c, uint8_t v) { ((item *)c)->kind = K_NINT; ((item *)c)->u = v; }
static void cb_n16(void *c, uint16_t v) { ((item *)c)->kind = K_NINT; ((item *)c)->u = v; }
static void cb_n32(void *c, uint32_t v) { ((item *)c)->kind = K_NINT; ((item *)c)->u = v; }
static void cb_n64(void *c, uint64_t v) { ((item *)c)->kind = K_NINT; ((item *)c)->u = v; }
static void cb_text(void *c, cbor_data p, cb_len n)
{
    item *it = c;
    it->kind = K_TEXT;
    it->s = p;
    it->len = (size_t)n;
}
static void cb_bytes(void *c, cbor_data p, cb_len n)
{
    item *it = c;
    it->kind = K_BYTES;
    it->s = p;
    it->len = (size_t)n;
}
static void cb_array(void *c, cb_len n) { ((item *)c)->kind = K_ARRAY; ((item *)c)->u = (uint64_t)n; }
static void cb_map(void *c, cb_len n) { ((item *)c)->kind = K_MAP; ((item *)c)->u = (uint64_t)n; }
static void cb_f2(void *c, float v) { ((item *)c)->kind = K_F16; ((item *)c)->d = v; }
static void cb_f4(void *c, float v) { ((item *)c)->kind = K_F32; ((item *)c)->d = v; }
static void cb_f8(void *c, double v) { ((item *)c)->kind = K_F64; ((item *)c)->d = v; }
static void cb_null(void *c) { ((item *)c)->kind = K_NULL; }
static void cb_bool(void *c, bool v) { ((item *)c)->kind = v ? K_TRUE : K_FALSE; }
static void bad(void *c, const char *why) { ((item *)c)->kind = K_BAD; ((item *)c)->bad = why; }
static void cb_indef(void *c) { bad(c, "indefinite-length item"); }
static void cb_tag(void *c, uint64_t v) { (void)v; bad(c, "tag"); }
static void cb_undef(void *c) { bad(c, "undefined value"); }
static void cb_brk(void *c) { bad(c, "unexpected break"); }

static const struct cbor_callbacks CALLBACKS = {
    .uint8 = cb_u8, .uint16 = cb_u16, .uint32 = cb_u32, .uint64 = cb_u64,
    .negint8 = cb_n8, .negint16 = cb_n16, .negint32 = cb_n32, .negint64 = cb_n64,
    .string = cb_text, .byte_string = cb_bytes, .array_start = cb_array, .map_start = cb_map,
    .null = cb_null, .boolean = cb_bool, .float2 = cb_f2, .float4 = cb_f4, .float8 = cb_f8,
    .byte_string_start = cb_indef, .string_start = cb_indef, .indef_array_start = cb_indef,
    .indef_map_start = cb_indef, .tag = cb_tag, .undefined = cb_undef, .indef_break = cb_brk,
};

typedef struct frame {
    liion__xn *node;
    size_t filled;
    bool want_key;
    const char *key; /* pending key (map) */
    size_t keylen;
    const char *prev; /* previous key, for the order check */
    size_t prevlen;
} frame;

/* Shortest-form check of the head argument; returns an error text or NULL. */
static const char *head_check(uint8_t b, uint64_t arg)
{
    unsigned ai = b & 31u;
    if ((ai == 24 && arg < 24) || (ai == 25 && arg <= 0xff) || (ai == 26 && arg <= 0xffff) ||
        (ai == 27 && arg <= 0xffffffffu))
        return "integer or length not in its shortest form";
    return NULL;
}

static const char *float_check(const item *it)
{
    uint16_t h;
    if (!isfinite(it->d))
        return "non-finite float";
    if (it->kind == K_F32 && liion__f16_exact(it->d, &h))
        return "float not in its shortest form (fits half precision)";
    if (it->kind == K_F64 && (liion__f16_exact(it->d, &h) || (double)(float)it->d == it->d))
        return "float not in its shortest form (fits single precision)";
    return NULL;
}

static liion_status decode_tree(liion_export_doc *doc, const uint8_t *data, size_t len)
{
    liion_ctx *ctx = doc->ctx;
    frame *stack;
    size_t depth = 0, pos = 0, max_depth = (size_t)ctx->max_depth, items = 0;
    if (max_depth == 0 || max_depth > 4096)
        max_depth = 4096;
    if (max_depth > len)
        max_depth = len; /* every level takes at least one byte */
    stack = liion__arena_alloc(&doc->arena, (max_depth + 1) * sizeof *stack, 0);
    if (!stack)
        return LIION_E_NOMEM;
    for (;;) {
        item it;
        struct cbor_decoder_result r;
        liion__xn *n;
        frame *top = depth ? &stack[depth - 1] : NULL;
        size_t left = len - pos;
        const char *why;
        if (left == 0)
            return liion__error_at(ctx, LIION_E_TRUNCATED, pos, "document ends inside %s",
                                   depth ? "a container" : "nothing");
        memset(&it, 0, sizeof it);
        r = cbor_stream_decode(data + pos, left, &CALLBACKS, &it);
        if (r.status == CBOR_DECODER_NEDATA)
            return liion__error_at(ctx, LIION_E_TRUNCATED, pos, "CBOR item is cut short");
        if (r.status != CBOR_DECODER_FINISHED || r.read == 0 || r.read > left ||
            it.kind == K_NONE)
            return liion__error_at(ctx, LIION_E_DECODE, pos, "malformed CBOR item");
        if (it.kind == K_BAD)
            return liion__error_at(ctx, LIION_E_DECODE, pos, "%s is not allowed", it.bad);
        if (++items > ctx->max_items && ctx->max_items)
            return liion__error_at(ctx, LIION_E_LIMIT, pos, "document has more than %llu items",
                                   (unsigned long long)ctx->max_items);
        why = NULL;
        switch (it.kind) {
        case K_UINT: case K_NINT: case K_ARRAY: case K_MAP: why = head_check(data[pos], it.u); break;
        case K_TEXT: case K_BYTES: why = head_check(data[pos], it.len); break;
        case K_F16: case K_F32: case K_F64: why = float_check(&it); break;
        default: break;
        }
        if (why)
            return liion__error_at(ctx, LIION_E_DECODE, pos, "%s", why);
        if (it.kind == K_TEXT && !liion__utf8_ok(it.s, it.len))
            return liion__error_at(ctx, LIION_E_DECODE, pos, "text is not valid UTF-8");
        if (top && top->node->type == XN_MAP && top->want_key) {
            if (it.kind != K_TEXT)
                return liion__error_at(ctx, LIION_E_DECODE, pos, "map key is not text");
            if (it.len > UINT32_MAX)
                return liion__error_at(ctx, LIION_E_LIMIT, pos, "map key too long");
            if (top->prev && liion__xkey_cmp(top->prev, top->prevlen, (const char *)it.s,
                                             it.len) >= 0)
                return liion__error_at(ctx, LIION_E_DECODE, pos,
                                       "map keys are duplicated or not in deterministic order");
            top->key = (const char *)it.s;
            top->keylen = it.len;
            top->want_key = false;
            pos += r.read;
            continue;
        }
        if (!top && it.kind != K_MAP)
            return liion__error_at(ctx, LIION_E_DECODE, pos, "document is not a CBOR map");
        n = liion__xn_new(doc, XN_NULL);
        if (!n)
            return LIION_E_NOMEM;
        n->sealed = true;
        switch (it.kind) {
        case K_UINT: n->type = XN_UINT; n->v.u = it.u; break;
        case K_NINT: n->type = XN_NINT; n->v.u = it.u; break;
        case K_F16: case K_F32: case K_F64: n->type = XN_FLOAT; n->v.d = it.d; break;
        case K_FALSE: n->type = XN_FALSE; break;
        case K_TRUE: n->type = XN_TRUE; break;
        case K_NULL: n->type = XN_NULL; break;
        case K_TEXT:
        case K_BYTES:
            n->type = it.kind == K_TEXT ? XN_TEXT : XN_BYTES;
            n->v.s = (const uint8_t *)liion__arena_strndup(&doc->arena, (const char *)it.s,
                                                          it.len);
            if (!n->v.s)
                return LIION_E_NOMEM;
            n->len = it.len;
            break;
        case K_ARRAY:
        case K_MAP: {
            size_t after = left - r.read;
            uint64_t need = it.kind == K_MAP ? it.u * 2 : it.u;
            n->type = it.kind == K_MAP ? XN_MAP : XN_ARRAY;
            if (it.u > after || need > after)
                return liion__error_at(ctx, LIION_E_TRUNCATED, pos,
                                       "container declares %llu entries but only %zu bytes are left",
                                       (unsigned long long)it.u, after);
            if (depth + 1 > max_depth)
                return liion__error_at(ctx, LIION_E_LIMIT, pos,
                                       "document nests deeper than the max depth %zu", max_depth);
            n->len = (size_t)it.u;
            if (n->len) {
                n->v.kids = liion__arena_alloc(&doc->arena, n->len * sizeof(liion__xn *), 0);
                if (!n->v.kids)
                    return LIION_E_NOMEM;
            }
            break;
        }
        default:
            return liion__error_at(ctx, LIION_E_DECODE, pos, "unsupported CBOR item");
        }
        pos += r.read;
        if (top) {
            if (top->node->type == XN_MAP) {
                n->key = liion__arena_strndup(&doc->arena, top->key, top->keylen);
                if (!n->key)
                    return LIION_E_NOMEM;
                n->keylen = (uint32_t)top->keylen;
                top->prev = n->key;
                top->prevlen = top->keylen;
                top->want_key = true;
            }
            top->node->v.kids[top->filled++] = n;
        } else {
            doc->root = n;
        }
        if ((n->type == XN_ARRAY || n->type == XN_MAP) && n->len) {
            frame *f = &stack[depth++];
            memset(f, 0, sizeof *f);
            f->node = n;
            f->want_key = n->type == XN_MAP;
        }
        while (depth && stack[depth - 1].filled == stack[depth - 1].node->len)
            depth--;
        if (depth == 0)
            break;
    }
    if (pos != len)
        return liion__error_at(ctx, LIION_E_DECODE, pos, "%zu bytes after the document",
                               len - pos);
    {
        const liion__xn *t = liion__xn_get(doc->root, "document");
        if (!t || t->type != XN_TEXT)
            return liion__error_at(ctx, LIION_E_DECODE, 0,
                                   "document has no text \"document\" key");
        doc->type = (const char *)t->v.s;
    }
    return LIION_OK;
}

LIION_API liion_status liion_export_doc_decode(liion_export_doc **out, liion_ctx *ctx,
                                               const uint8_t *data, size_t len, uint32_t flags)
{
    liion_export_doc *doc;
    uint8_t *inflated = NULL;
    size_t ilen = 0, icap = 0;
    uint64_t maxb;
    liion_status st;
    if (out)
        *out = NULL;
    st = liion__ctx_enter(ctx);
    if (st)
        return st;
    if (!out || (!data && len))
        return liion__error(ctx, LIION_E_INVALID_ARG, "NULL output or data");
    if (flags & ~LIION_EXPORT_ZLIB)
        return liion__error(ctx, LIION_E_INVALID_ARG, "unknown flags 0x%x", (unsigned)flags);
    maxb = ctx->max_message_bytes ? ctx->max_message_bytes : UINT64_MAX;
    if (flags & LIION_EXPORT_ZLIB) {
        st = liion__zinflate(ctx, data, len, maxb > SIZE_MAX ? SIZE_MAX : (size_t)maxb,
                             &inflated, &ilen, &icap);
        if (st)
            return st;
        data = inflated;
        len = ilen;
    } else if (len > maxb) {
        return liion__error_at(ctx, LIION_E_LIMIT, 0,
                               "document of %zu bytes passes the message limit", len);
    }
    st = liion__xdoc_new(&doc, ctx);
    if (!st) {
        st = decode_tree(doc, data, len);
        if (st) {
            if (st == LIION_E_NOMEM && liion_ctx_errcode(ctx) == LIION_OK)
                liion__error(ctx, LIION_E_NOMEM, "out of memory importing a document");
            liion_export_doc_free(doc);
        } else {
            *out = doc;
        }
    }
    liion__free(ctx, inflated, icap);
    return st;
}
