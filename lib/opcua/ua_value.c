/* Public OPC UA value API: the arena-backed container, builders and views. */
#include "opcua/ua_internal.h"

#include <math.h>
#include <string.h>

#define UA_MAGIC_VALUE 0x75617661u /* "uava" */

struct liion_ua_value {
    uint32_t magic;
    uint8_t root_type;      /* liion_ua_type the root encodes as */
    liion_ctx *ctx;
    liion__arena arena;
    liion_ua_variant root;  /* the root seen as a Variant */
    liion_ua_datavalue dv;  /* storage when the root is a DataValue */
};

static const uint8_t empty_bytes[1] = { 0 };
/* What an empty (not null) array points to: aligned for every element type. */
static const max_align_t empty_array;

static liion_status enter(liion_ua_value *v)
{
    liion_status st;
    if (v == NULL)
        return LIION_E_INVALID_ARG;
    if (v->magic != UA_MAGIC_VALUE)
        return LIION_E_MISUSE;
    st = liion__ctx_enter(v->ctx);
    return st;
}

static void clear_root(liion_ua_value *v)
{
    if (v->arena.head != NULL)
        liion__arena_reset(&v->arena);
    memset(&v->root, 0, sizeof v->root);
    v->root_type = LIION_UA_TYPE_VARIANT;
}

LIION_API liion_status liion_ua_value_new(liion_ua_value **out, liion_ctx *ctx)
{
    liion_ua_value *v;
    liion_status st;
    if (out == NULL)
        return ctx != NULL && liion__ctx_enter(ctx) == LIION_OK
                   ? liion__error(ctx, LIION_E_INVALID_ARG, "liion_ua_value_new: out is NULL")
                   : LIION_E_INVALID_ARG;
    *out = NULL;
    st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    v = liion__calloc(ctx, 1, sizeof *v);
    if (v == NULL)
        return LIION_E_NOMEM;
    v->magic = UA_MAGIC_VALUE;
    v->ctx = ctx;
    liion__arena_init(&v->arena, ctx, 0);
    v->root_type = LIION_UA_TYPE_VARIANT;
    *out = v;
    return LIION_OK;
}

LIION_API void liion_ua_value_free(liion_ua_value *v)
{
    if (v == NULL || v->magic != UA_MAGIC_VALUE)
        return;
    liion__arena_free(&v->arena);
    v->magic = LIION__MAGIC_DEAD;
    liion__free(v->ctx, v, sizeof *v);
}

LIION_API void liion_ua_value_reset(liion_ua_value *v)
{
    if (v == NULL || v->magic != UA_MAGIC_VALUE)
        return;
    clear_root(v);
}

LIION_API liion_status liion_ua_value_decode(liion_ua_value *v, liion_ua_type type,
                                             const uint8_t *data, size_t len, size_t *consumed)
{
    liion__ua_dec d;
    liion_status st = enter(v);
    bool clamped = false;
    if (consumed != NULL)
        *consumed = 0;
    if (st != LIION_OK)
        return st;
    /* fast path: a DataValue holding nothing or one fixed-size scalar (two nesting levels);
     * it allocates nothing, so the arena is left for the next general decode to reset */
    if (type == LIION_UA_TYPE_DATAVALUE && data != NULL && v->ctx->max_depth >= 2) {
        size_t n = liion__ua_dv_fast_decode(data, len, &v->dv);
        if (n != 0 && n <= v->ctx->max_message_bytes) {
            v->root.type = LIION_UA_TYPE_DATAVALUE;
            v->root.is_array = 0;
            v->root.length = 1;
            v->root.ndims = 0;
            v->root.dims = NULL;
            v->root.data = &v->dv;
            v->root_type = LIION_UA_TYPE_DATAVALUE;
            if (consumed != NULL)
                *consumed = n;
            return LIION_OK;
        }
    }
    clear_root(v);
    if (data == NULL && len != 0)
        return liion__error(v->ctx, LIION_E_INVALID_ARG, "liion_ua_value_decode: data is NULL");
    if ((unsigned)type == 0 || (unsigned)type > 25)
        return liion__error(v->ctx, LIION_E_INVALID_ARG,
                            "liion_ua_value_decode: %d is not a built-in type id 1..25",
                            (int)type);
    if (len > v->ctx->max_message_bytes) {
        len = (size_t)v->ctx->max_message_bytes;
        clamped = true;
    }
    liion__ua_dec_init(&d, v->ctx, &v->arena, data, len);
    st = liion__ua_dec_root(&d, (unsigned)type, &v->root, &v->dv);
    if (LIION__UNLIKELY(st != LIION_OK)) {
        if (st == LIION_E_TRUNCATED && clamped)
            st = liion__error_at(v->ctx, LIION_E_LIMIT, len,
                                 "OPC UA value is longer than the message-bytes limit %zu", len);
        clear_root(v);
        return st;
    }
    v->root_type = (uint8_t)type;
    if (consumed != NULL)
        *consumed = d.rd.pos;
    return LIION_OK;
}

LIION_API liion_status liion_ua_value_encode(liion_ua_value *v, uint8_t *buf, size_t cap,
                                             size_t *written)
{
    liion__wr w;
    liion_status st = enter(v);
    if (written != NULL)
        *written = 0;
    if (st != LIION_OK)
        return st;
    if (written == NULL || (buf == NULL && cap != 0))
        return liion__error(v->ctx, LIION_E_INVALID_ARG,
                            "liion_ua_value_encode: NULL written or buffer");
    if (v->root_type == LIION_UA_TYPE_DATAVALUE) {
        size_t n = liion__ua_dv_fast_size(&v->dv);
        if (n != 0 && n <= cap) {
            liion__ua_dv_fast_encode(buf, &v->dv);
            *written = n;
            return LIION_OK;
        }
    }
    liion__wr_init(&w, buf, cap);
    liion__ua_enc_root(&w, v->root_type, &v->root);
    *written = w.pos;
    if (LIION__UNLIKELY(liion__wr_overflow(&w)))
        return liion__error(v->ctx, LIION_E_BUFFER_TOO_SMALL,
                            "OPC UA value needs %zu bytes, the buffer has %zu", w.pos, cap);
    return LIION_OK;
}

LIION_API liion_status liion_ua_value_encoded_size(liion_ua_value *v, size_t *size)
{
    liion__wr w;
    liion_status st = enter(v);
    if (st != LIION_OK)
        return st;
    if (size == NULL)
        return liion__error(v->ctx, LIION_E_INVALID_ARG, "liion_ua_value_encoded_size: size is NULL");
    liion__wr_init(&w, NULL, 0);
    liion__ua_enc_root(&w, v->root_type, &v->root);
    *size = w.pos;
    return LIION_OK;
}

LIION_API liion_ua_type liion_ua_value_type(const liion_ua_value *v)
{
    if (v == NULL || v->magic != UA_MAGIC_VALUE)
        return LIION_UA_TYPE_NULL;
    return (liion_ua_type)v->root_type;
}

LIION_API const liion_ua_variant *liion_ua_value_variant(const liion_ua_value *v)
{
    if (v == NULL || v->magic != UA_MAGIC_VALUE)
        return NULL;
    return &v->root;
}

/* ---- builders ---------------------------------------------------------------------------- */

static liion_status copy_str(liion_ua_value *v, liion__ua_str *out, const uint8_t *data,
                             size_t len)
{
    uint8_t *p;
    if (data == NULL) {
        out->data = NULL;
        out->len = -1;
        return LIION_OK;
    }
    if (len > (size_t)INT32_MAX)
        return liion__error(v->ctx, LIION_E_RANGE, "OPC UA string of %zu bytes is over INT32_MAX",
                            len);
    if (len == 0) {
        out->data = empty_bytes;
        out->len = 0;
        return LIION_OK;
    }
    p = liion__arena_alloc(&v->arena, len + 1, 1);
    if (p == NULL)
        return LIION_E_NOMEM;
    memcpy(p, data, len);
    p[len] = 0;
    out->data = p;
    out->len = (int32_t)len;
    return LIION_OK;
}

/* Start a new root: drops the old value. */
static void begin_set(liion_ua_value *v)
{
    clear_root(v);
}

static void *alloc_scalar(liion_ua_value *v, unsigned type)
{
    void *p = liion__arena_calloc(&v->arena, 1, liion__ua_elem_size(type),
                                  liion__ua_elem_align(type));
    v->root.data = p;
    return p;
}

static liion_status fail_set(liion_ua_value *v, liion_status st)
{
    clear_root(v);
    return st;
}

LIION_API liion_status liion_ua_value_set_scalar(liion_ua_value *v, liion_ua_type type,
                                                 const void *value)
{
    liion_status st = enter(v);
    unsigned t = (unsigned)type;
    if (st != LIION_OK)
        return st;
    if (value == NULL || t > 25 || !liion__ua_is_fixed(t))
        return liion__error(v->ctx, LIION_E_INVALID_ARG,
                            "liion_ua_value_set_scalar: NULL value or type %d is not fixed-size",
                            (int)type);
    begin_set(v);
    memcpy(&v->root.inl, value, liion__ua_elem_size(t));
    if (t == LIION_UA_TYPE_BOOLEAN)
        v->root.inl.u8 = v->root.inl.u8 != 0;
    v->root.type = (uint8_t)t;
    v->root.length = 1;
    return LIION_OK;
}

LIION_API liion_status liion_ua_value_set_array(liion_ua_value *v, liion_ua_type type,
                                                const void *data, size_t count,
                                                const uint32_t *dims, size_t ndims)
{
    liion_status st = enter(v);
    unsigned t = (unsigned)type;
    size_t es, bytes;
    uint64_t product = 1;
    if (st != LIION_OK)
        return st;
    if (t > 25 || !liion__ua_is_fixed(t) || (data == NULL && count != 0) ||
        (dims == NULL && ndims != 0))
        return liion__error(v->ctx, LIION_E_INVALID_ARG,
                            "liion_ua_value_set_array: bad type %d or NULL data/dims", (int)type);
    if (count > (size_t)INT32_MAX || ndims > (size_t)INT32_MAX)
        return liion__error(v->ctx, LIION_E_RANGE, "OPC UA array of %zu elements is over INT32_MAX",
                            count);
    if (ndims >= 2) {
        for (size_t i = 0; i < ndims; i++) {
            if (dims[i] > (uint32_t)INT32_MAX)
                return liion__error(v->ctx, LIION_E_RANGE, "OPC UA dimension %zu is over INT32_MAX",
                                    i);
            if (product <= (uint64_t)INT32_MAX)
                product *= dims[i];
            else if (dims[i] == 0)
                product = 0;
        }
        if (product != (uint64_t)count)
            return liion__error(v->ctx, LIION_E_RANGE,
                                "OPC UA array dimensions do not multiply to the %zu elements",
                                count);
    }
    begin_set(v);
    v->root.type = (uint8_t)t;
    v->root.is_array = 1;
    if (data == NULL) {
        v->root.length = -1;
    } else {
        es = liion__ua_elem_size(t);
        bytes = count * es; /* count <= INT32_MAX, es <= 16 */
        v->root.length = (int32_t)count;
        if (count == 0) {
            v->root.data = (void *)(uintptr_t)&empty_array;
        } else {
            v->root.data = liion__arena_alloc(&v->arena, bytes, liion__ua_elem_align(t));
            if (v->root.data == NULL)
                return fail_set(v, LIION_E_NOMEM);
            memcpy(v->root.data, data, bytes);
            if (t == LIION_UA_TYPE_BOOLEAN)
                for (size_t i = 0; i < count; i++)
                    ((uint8_t *)v->root.data)[i] = ((const uint8_t *)data)[i] != 0;
        }
    }
    if (ndims >= 2) {
        v->root.dims = liion__arena_alloc(&v->arena, ndims * 4u, 4);
        if (v->root.dims == NULL)
            return fail_set(v, LIION_E_NOMEM);
        for (size_t i = 0; i < ndims; i++)
            v->root.dims[i] = (int32_t)dims[i];
        v->root.ndims = (uint32_t)ndims;
    }
    return LIION_OK;
}

static bool stringlike(unsigned t)
{
    return t == LIION_UA_TYPE_STRING || t == LIION_UA_TYPE_BYTESTRING ||
           t == LIION_UA_TYPE_XMLELEMENT;
}

LIION_API liion_status liion_ua_value_set_bytes(liion_ua_value *v, liion_ua_type type,
                                                const uint8_t *data, size_t len)
{
    liion_status st = enter(v);
    if (st != LIION_OK)
        return st;
    if (!stringlike((unsigned)type))
        return liion__error(v->ctx, LIION_E_INVALID_ARG,
                            "liion_ua_value_set_bytes: type %d is not String, ByteString or "
                            "XmlElement", (int)type);
    begin_set(v);
    st = copy_str(v, &v->root.inl.str, data, len);
    if (st != LIION_OK)
        return fail_set(v, st);
    v->root.type = (uint8_t)type;
    v->root.length = 1;
    return LIION_OK;
}

LIION_API liion_status liion_ua_value_set_bytes_array(liion_ua_value *v, liion_ua_type type,
                                                      const uint8_t *const *datas,
                                                      const size_t *lens, size_t count)
{
    liion_status st = enter(v);
    liion__ua_str *arr;
    if (st != LIION_OK)
        return st;
    if (!stringlike((unsigned)type) || (count != 0 && (datas == NULL || lens == NULL)))
        return liion__error(v->ctx, LIION_E_INVALID_ARG,
                            "liion_ua_value_set_bytes_array: bad type %d or NULL arrays",
                            (int)type);
    if (count > (size_t)INT32_MAX)
        return liion__error(v->ctx, LIION_E_RANGE, "OPC UA array of %zu elements is over INT32_MAX",
                            count);
    begin_set(v);
    v->root.type = (uint8_t)type;
    v->root.is_array = 1;
    v->root.length = (int32_t)count;
    if (count == 0) {
        v->root.data = (void *)(uintptr_t)&empty_array;
        return LIION_OK;
    }
    arr = liion__arena_alloc(&v->arena, count * sizeof *arr, _Alignof(liion__ua_str));
    if (arr == NULL)
        return fail_set(v, LIION_E_NOMEM);
    for (size_t i = 0; i < count; i++) {
        st = copy_str(v, &arr[i], datas[i], lens[i]);
        if (st != LIION_OK)
            return fail_set(v, st);
    }
    v->root.data = arr;
    return LIION_OK;
}

static liion_status fill_nodeid(liion_ua_value *v, liion_ua_nodeid *id, uint16_t ns,
                                liion_ua_id_type id_type, uint32_t numeric, const uint8_t *bytes,
                                size_t len)
{
    memset(id, 0, sizeof *id);
    id->ns = ns;
    id->id_type = (uint8_t)id_type;
    switch (id_type) {
    case LIION_UA_ID_NUMERIC:
        id->num = numeric;
        return LIION_OK;
    case LIION_UA_ID_STRING:
    case LIION_UA_ID_BYTESTRING:
        return copy_str(v, &id->s, bytes, len);
    case LIION_UA_ID_GUID:
        if (bytes == NULL || len != 16)
            return liion__error(v->ctx, LIION_E_INVALID_ARG, "a Guid NodeId needs 16 bytes");
        memcpy(id->g.b, bytes, 16);
        return LIION_OK;
    case LIION_UA_ID_TYPE__FORCE_INT32:
        break;
    }
    return liion__error(v->ctx, LIION_E_INVALID_ARG, "unknown NodeId identifier type %d",
                        (int)id_type);
}

LIION_API liion_status liion_ua_value_set_nodeid(liion_ua_value *v, uint16_t ns,
                                                 liion_ua_id_type id_type, uint32_t numeric,
                                                 const uint8_t *bytes, size_t len)
{
    liion_status st = enter(v);
    liion_ua_nodeid *id;
    if (st != LIION_OK)
        return st;
    begin_set(v);
    id = alloc_scalar(v, LIION_UA_TYPE_NODEID);
    if (id == NULL)
        return fail_set(v, LIION_E_NOMEM);
    st = fill_nodeid(v, id, ns, id_type, numeric, bytes, len);
    if (st != LIION_OK)
        return fail_set(v, st);
    v->root.type = LIION_UA_TYPE_NODEID;
    v->root.length = 1;
    return LIION_OK;
}

LIION_API liion_status liion_ua_value_set_expand(liion_ua_value *v, const uint8_t *uri,
                                                 size_t len, uint32_t server_index)
{
    liion_status st = enter(v);
    liion_ua_expandednodeid *e;
    liion__ua_str s;
    if (st != LIION_OK)
        return st;
    if (v->root_type != LIION_UA_TYPE_VARIANT || v->root.type != LIION_UA_TYPE_NODEID ||
        v->root.is_array)
        return liion__error(v->ctx, LIION_E_STATE,
                            "liion_ua_value_set_expand: the root is not a scalar NodeId set "
                            "with liion_ua_value_set_nodeid");
    st = copy_str(v, &s, uri, len);
    if (st != LIION_OK)
        return st;
    /* the NodeId is copied into a new ExpandedNodeId (the old one stays in the arena) */
    e = liion__arena_alloc(&v->arena, sizeof *e, _Alignof(liion_ua_expandednodeid));
    if (e == NULL)
        return LIION_E_NOMEM;
    memcpy(&e->id, v->root.data, sizeof e->id);
    e->uri = s;
    e->server_index = server_index;
    e->flags = (uint8_t)((uri != NULL ? 0x80 : 0) | (server_index != 0 ? 0x40 : 0));
    v->root.data = e;
    v->root.type = LIION_UA_TYPE_EXPANDEDNODEID;
    return LIION_OK;
}

LIION_API liion_status liion_ua_value_set_qualifiedname(liion_ua_value *v, uint16_t ns,
                                                        const uint8_t *name, size_t len)
{
    liion_status st = enter(v);
    liion__ua_qname *q;
    if (st != LIION_OK)
        return st;
    begin_set(v);
    q = alloc_scalar(v, LIION_UA_TYPE_QUALIFIEDNAME);
    if (q == NULL)
        return fail_set(v, LIION_E_NOMEM);
    q->ns = ns;
    st = copy_str(v, &q->name, name, len);
    if (st != LIION_OK)
        return fail_set(v, st);
    v->root.type = LIION_UA_TYPE_QUALIFIEDNAME;
    v->root.length = 1;
    return LIION_OK;
}

LIION_API liion_status liion_ua_value_set_localizedtext(liion_ua_value *v, const uint8_t *locale,
                                                        size_t llen, const uint8_t *text,
                                                        size_t tlen)
{
    liion_status st = enter(v);
    liion__ua_ltext *t;
    if (st != LIION_OK)
        return st;
    begin_set(v);
    t = alloc_scalar(v, LIION_UA_TYPE_LOCALIZEDTEXT);
    if (t == NULL)
        return fail_set(v, LIION_E_NOMEM);
    t->mask = (uint8_t)((locale != NULL ? 0x01 : 0) | (text != NULL ? 0x02 : 0));
    st = copy_str(v, &t->locale, locale, llen);
    if (st == LIION_OK)
        st = copy_str(v, &t->text, text, tlen);
    if (st != LIION_OK)
        return fail_set(v, st);
    v->root.type = LIION_UA_TYPE_LOCALIZEDTEXT;
    v->root.length = 1;
    return LIION_OK;
}

LIION_API liion_status liion_ua_value_set_extobj(liion_ua_value *v, uint16_t ns, uint32_t type_id,
                                                 uint32_t encoding, const uint8_t *body,
                                                 size_t len)
{
    liion_status st = enter(v);
    liion_ua_extobj *e;
    if (st != LIION_OK)
        return st;
    if (encoding > 2 || (encoding != 0 && body == NULL && len != 0))
        return liion__error(v->ctx, LIION_E_INVALID_ARG,
                            "liion_ua_value_set_extobj: encoding %u is not 0, 1 or 2, or NULL body",
                            (unsigned)encoding);
    begin_set(v);
    e = alloc_scalar(v, LIION_UA_TYPE_EXTENSIONOBJECT);
    if (e == NULL)
        return fail_set(v, LIION_E_NOMEM);
    e->type_id.ns = ns;
    e->type_id.num = type_id;
    e->type_id.id_type = LIION_UA_ID_NUMERIC;
    e->encoding = (uint8_t)encoding;
    e->body.len = -1;
    if (encoding != 0) {
        st = copy_str(v, &e->body, body != NULL ? body : empty_bytes, len);
        if (st != LIION_OK)
            return fail_set(v, st);
    }
    v->root.type = LIION_UA_TYPE_EXTENSIONOBJECT;
    v->root.length = 1;
    return LIION_OK;
}

LIION_API liion_status liion_ua_value_set_datavalue(liion_ua_value *v, uint32_t mask,
                                                    uint32_t status, int64_t source_ts,
                                                    uint16_t source_ps, int64_t server_ts,
                                                    uint16_t server_ps)
{
    liion_status st = enter(v);
    liion_ua_datavalue *dv;
    if (st != LIION_OK)
        return st;
    if (mask & ~0x3Fu)
        return liion__error(v->ctx, LIION_E_INVALID_ARG,
                            "liion_ua_value_set_datavalue: mask 0x%x has unknown bits",
                            (unsigned)mask);
    if (v->root_type != LIION_UA_TYPE_VARIANT)
        return liion__error(v->ctx, LIION_E_STATE,
                            "liion_ua_value_set_datavalue: the root is not a Variant");
    if (!(mask & LIION_UA_DV_SOURCE_TIMESTAMP))
        mask &= ~LIION_UA_DV_SOURCE_PICOSECONDS;
    if (!(mask & LIION_UA_DV_SERVER_TIMESTAMP))
        mask &= ~LIION_UA_DV_SERVER_PICOSECONDS;
    dv = &v->dv;
    dv->mask = (uint8_t)mask;
    if (mask & LIION_UA_DV_VALUE)
        dv->value = v->root;
    else
        memset(&dv->value, 0, sizeof dv->value);
    dv->status = (mask & LIION_UA_DV_STATUS) ? status : 0;
    dv->source_ts = (mask & LIION_UA_DV_SOURCE_TIMESTAMP) ? source_ts : 0;
    dv->server_ts = (mask & LIION_UA_DV_SERVER_TIMESTAMP) ? server_ts : 0;
    dv->source_ps = (mask & LIION_UA_DV_SOURCE_PICOSECONDS) ? (source_ps > 9999 ? 9999 : source_ps) : 0;
    dv->server_ps = (mask & LIION_UA_DV_SERVER_PICOSECONDS) ? (server_ps > 9999 ? 9999 : server_ps) : 0;
    memset(&v->root, 0, sizeof v->root);
    v->root.type = LIION_UA_TYPE_DATAVALUE;
    v->root.length = 1;
    v->root.data = dv;
    v->root_type = LIION_UA_TYPE_DATAVALUE;
    return LIION_OK;
}

/* ---- DiagnosticInfo builder -------------------------------------------------------------- */

static liion_status fill_diaginfo(liion_ua_value *v, liion_ua_diaginfo *di, uint32_t mask,
                                  int32_t symbolic_id, int32_t namespace_uri,
                                  int32_t localized_text, int32_t locale,
                                  const uint8_t *additional_info, size_t ai_len,
                                  uint32_t inner_status)
{
    memset(di, 0, sizeof *di);
    di->mask = (uint8_t)mask;
    di->symbolic_id = (mask & LIION_UA_DI_SYMBOLIC_ID) ? symbolic_id : -1;
    di->namespace_uri = (mask & LIION_UA_DI_NAMESPACE_URI) ? namespace_uri : -1;
    di->localized_text = (mask & LIION_UA_DI_LOCALIZED_TEXT) ? localized_text : -1;
    di->locale = (mask & LIION_UA_DI_LOCALE) ? locale : -1;
    di->inner_status = (mask & LIION_UA_DI_INNER_STATUS) ? inner_status : 0;
    di->additional_info.len = -1;
    if (mask & LIION_UA_DI_ADDITIONAL_INFO)
        return copy_str(v, &di->additional_info, additional_info, ai_len);
    return LIION_OK;
}

static liion_status check_di_mask(liion_ua_value *v, uint32_t mask, const char *fn)
{
    if (mask & ~UINT32_C(0x3F))
        return liion__error(v->ctx, LIION_E_INVALID_ARG,
                            "%s: mask 0x%x has bits other than LIION_UA_DI_* 0x01..0x20 "
                            "(add inner levels with liion_ua_value_add_inner_diaginfo)",
                            fn, (unsigned)mask);
    return LIION_OK;
}

LIION_API liion_status liion_ua_value_set_diaginfo(liion_ua_value *v, uint32_t mask,
                                                   int32_t symbolic_id, int32_t namespace_uri,
                                                   int32_t localized_text, int32_t locale,
                                                   const uint8_t *additional_info, size_t ai_len,
                                                   uint32_t inner_status)
{
    liion_status st = enter(v);
    liion_ua_diaginfo *di;
    if (st != LIION_OK)
        return st;
    st = check_di_mask(v, mask, "liion_ua_value_set_diaginfo");
    if (st != LIION_OK)
        return st;
    begin_set(v);
    di = alloc_scalar(v, LIION_UA_TYPE_DIAGNOSTICINFO);
    if (di == NULL)
        return fail_set(v, LIION_E_NOMEM);
    st = fill_diaginfo(v, di, mask, symbolic_id, namespace_uri, localized_text, locale,
                       additional_info, ai_len, inner_status);
    if (st != LIION_OK)
        return fail_set(v, st);
    v->root.type = LIION_UA_TYPE_DIAGNOSTICINFO;
    v->root.length = 1;
    v->root_type = LIION_UA_TYPE_DIAGNOSTICINFO;
    return LIION_OK;
}

LIION_API liion_status liion_ua_value_add_inner_diaginfo(liion_ua_value *v, uint32_t mask,
                                                         int32_t symbolic_id,
                                                         int32_t namespace_uri,
                                                         int32_t localized_text, int32_t locale,
                                                         const uint8_t *additional_info,
                                                         size_t ai_len, uint32_t inner_status)
{
    liion_status st = enter(v);
    liion_ua_diaginfo *last, *di;
    uint64_t levels = 1, max;
    if (st != LIION_OK)
        return st;
    st = check_di_mask(v, mask, "liion_ua_value_add_inner_diaginfo");
    if (st != LIION_OK)
        return st;
    if (v->root.type != LIION_UA_TYPE_DIAGNOSTICINFO || v->root.is_array || v->root.data == NULL)
        return liion__error(v->ctx, LIION_E_STATE,
                            "liion_ua_value_add_inner_diaginfo: the root is not a scalar "
                            "DiagnosticInfo");
    for (last = v->root.data; last->inner != NULL; last = last->inner)
        levels++;
    /* a bare DiagnosticInfo root counts one level per DiagnosticInfo, a Variant root one more */
    if (v->root_type == LIION_UA_TYPE_VARIANT)
        levels++;
    max = v->ctx->max_depth < UINT64_C(1024) ? v->ctx->max_depth : UINT64_C(1024);
    if (levels + 1 > max)
        return liion__error(v->ctx, LIION_E_LIMIT,
                            "liion_ua_value_add_inner_diaginfo: %llu levels would exceed the "
                            "depth limit %llu", (unsigned long long)(levels + 1),
                            (unsigned long long)max);
    di = liion__arena_alloc(&v->arena, sizeof *di, _Alignof(liion_ua_diaginfo));
    if (di == NULL)
        return LIION_E_NOMEM;
    st = fill_diaginfo(v, di, mask, symbolic_id, namespace_uri, localized_text, locale,
                       additional_info, ai_len, inner_status);
    if (st != LIION_OK)
        return st; /* the chain is unchanged; the arena bytes go with the next reset */
    last->inner = di;
    last->mask = (uint8_t)(last->mask | LIION_UA_DI_INNER_DIAG);
    return LIION_OK;
}

LIION_API liion_status liion_ua_value_wrap_variant(liion_ua_value *v)
{
    liion_status st = enter(v);
    if (st != LIION_OK)
        return st;
    if (v->root_type == LIION_UA_TYPE_VARIANT)
        return liion__error(v->ctx, LIION_E_STATE,
                            "liion_ua_value_wrap_variant: the root already is a Variant");
    if (v->root_type == LIION_UA_TYPE_DATAVALUE) {
        /* the root points at v->dv, which liion_ua_value_set_datavalue() reuses: move it */
        liion_ua_datavalue *dv =
            liion__arena_alloc(&v->arena, sizeof *dv, _Alignof(liion_ua_datavalue));
        if (dv == NULL)
            return LIION_E_NOMEM;
        *dv = v->dv;
        v->root.data = dv;
    }
    v->root_type = LIION_UA_TYPE_VARIANT;
    return LIION_OK;
}

/* ---- arrays of structured types, element by element -------------------------------------- */

static bool elem_buildable(unsigned t)
{
    return t <= 25 && t != 0 && !liion__ua_is_fixed(t);
}

/* The "null" value of one element of type t. */
static void init_elem(unsigned t, void *p)
{
    memset(p, 0, liion__ua_elem_size(t));
    switch (t) {
    case LIION_UA_TYPE_STRING:
    case LIION_UA_TYPE_BYTESTRING:
    case LIION_UA_TYPE_XMLELEMENT:
        ((liion__ua_str *)p)->len = -1;
        break;
    case LIION_UA_TYPE_EXPANDEDNODEID:
        ((liion_ua_expandednodeid *)p)->uri.len = -1;
        break;
    case LIION_UA_TYPE_QUALIFIEDNAME:
        ((liion__ua_qname *)p)->name.len = -1;
        break;
    case LIION_UA_TYPE_LOCALIZEDTEXT:
        ((liion__ua_ltext *)p)->locale.len = -1;
        ((liion__ua_ltext *)p)->text.len = -1;
        break;
    case LIION_UA_TYPE_EXTENSIONOBJECT:
        ((liion_ua_extobj *)p)->body.len = -1;
        break;
    case LIION_UA_TYPE_DIAGNOSTICINFO: {
        liion_ua_diaginfo *di = p;
        di->symbolic_id = di->namespace_uri = di->localized_text = di->locale = -1;
        di->additional_info.len = -1;
        break;
    }
    default:
        break;
    }
}

LIION_API liion_status liion_ua_value_set_array_begin(liion_ua_value *v, liion_ua_type type,
                                                      size_t count)
{
    liion_status st = enter(v);
    unsigned t = (unsigned)type;
    size_t es;
    uint8_t *arr;
    if (st != LIION_OK)
        return st;
    if (!elem_buildable(t))
        return liion__error(v->ctx, LIION_E_INVALID_ARG,
                            "liion_ua_value_set_array_begin: type %d is not a variable-size "
                            "built-in type (use liion_ua_value_set_array for fixed-size ones)",
                            (int)type);
    if (count > (size_t)INT32_MAX)
        return liion__error(v->ctx, LIION_E_RANGE, "OPC UA array of %zu elements is over INT32_MAX",
                            count);
    begin_set(v);
    v->root.type = (uint8_t)t;
    v->root.is_array = 1;
    v->root.length = (int32_t)count;
    if (count == 0) {
        v->root.data = (void *)(uintptr_t)&empty_array;
        return LIION_OK;
    }
    es = liion__ua_elem_size(t);
    arr = liion__arena_alloc(&v->arena, count * es, liion__ua_elem_align(t));
    if (arr == NULL)
        return fail_set(v, LIION_E_NOMEM);
    for (size_t i = 0; i < count; i++)
        init_elem(t, arr + i * es);
    v->root.data = arr;
    return LIION_OK;
}

/* Slot i of the array under construction, checking the state and the element type. */
static liion_status slot(liion_ua_value *v, size_t i, unsigned want, const char *fn, void **out)
{
    unsigned t = v->root.type;
    bool ok = want == LIION_UA_TYPE_STRING ? stringlike(t)
            : want == LIION_UA_TYPE_NODEID ? (t == LIION_UA_TYPE_NODEID ||
                                              t == LIION_UA_TYPE_EXPANDEDNODEID)
            : want == 0 ? elem_buildable(t)
                        : t == want;
    if (v->root_type != LIION_UA_TYPE_VARIANT || !v->root.is_array || !ok)
        return liion__error(v->ctx, LIION_E_STATE,
                            "%s: the root is not an array started with "
                            "liion_ua_value_set_array_begin of a matching type", fn);
    if (v->root.length < 0 || i >= (size_t)v->root.length)
        return liion__error(v->ctx, LIION_E_RANGE, "%s: index %zu is past the %d elements", fn, i,
                            (int)v->root.length);
    *out = (uint8_t *)v->root.data + i * liion__ua_elem_size(t);
    return LIION_OK;
}

LIION_API liion_status liion_ua_value_set_elem_bytes(liion_ua_value *v, size_t i,
                                                     const uint8_t *data, size_t len)
{
    liion_status st = enter(v);
    void *p = NULL;
    liion__ua_str s;
    if (st != LIION_OK)
        return st;
    st = slot(v, i, LIION_UA_TYPE_STRING, "liion_ua_value_set_elem_bytes", &p);
    if (st == LIION_OK)
        st = copy_str(v, &s, data, len);
    if (st == LIION_OK)
        memcpy(p, &s, sizeof s);
    return st;
}

LIION_API liion_status liion_ua_value_set_elem_nodeid(liion_ua_value *v, size_t i, uint16_t ns,
                                                      liion_ua_id_type id_type, uint32_t numeric,
                                                      const uint8_t *bytes, size_t len)
{
    liion_status st = enter(v);
    void *p = NULL;
    liion_ua_nodeid id;
    if (st != LIION_OK)
        return st;
    st = slot(v, i, LIION_UA_TYPE_NODEID, "liion_ua_value_set_elem_nodeid", &p);
    if (st == LIION_OK)
        st = fill_nodeid(v, &id, ns, id_type, numeric, bytes, len);
    if (st != LIION_OK)
        return st;
    if (v->root.type == LIION_UA_TYPE_EXPANDEDNODEID)
        init_elem(LIION_UA_TYPE_EXPANDEDNODEID, p); /* no URI, no server index */
    memcpy(p, &id, sizeof id); /* the NodeId is the first member of an ExpandedNodeId */
    return LIION_OK;
}

LIION_API liion_status liion_ua_value_set_elem_expand(liion_ua_value *v, size_t i,
                                                      const uint8_t *uri, size_t len,
                                                      uint32_t server_index)
{
    liion_status st = enter(v);
    void *p = NULL;
    liion__ua_str s;
    liion_ua_expandednodeid *e;
    if (st != LIION_OK)
        return st;
    st = slot(v, i, LIION_UA_TYPE_EXPANDEDNODEID, "liion_ua_value_set_elem_expand", &p);
    if (st == LIION_OK)
        st = copy_str(v, &s, uri, len);
    if (st != LIION_OK)
        return st;
    e = p;
    e->uri = s;
    e->server_index = server_index;
    e->flags = (uint8_t)((uri != NULL ? 0x80 : 0) | (server_index != 0 ? 0x40 : 0));
    return LIION_OK;
}

LIION_API liion_status liion_ua_value_set_elem_qualifiedname(liion_ua_value *v, size_t i,
                                                             uint16_t ns, const uint8_t *name,
                                                             size_t len)
{
    liion_status st = enter(v);
    void *p = NULL;
    liion__ua_qname q;
    if (st != LIION_OK)
        return st;
    st = slot(v, i, LIION_UA_TYPE_QUALIFIEDNAME, "liion_ua_value_set_elem_qualifiedname", &p);
    q.ns = ns;
    if (st == LIION_OK)
        st = copy_str(v, &q.name, name, len);
    if (st == LIION_OK)
        memcpy(p, &q, sizeof q);
    return st;
}

LIION_API liion_status liion_ua_value_set_elem_localizedtext(liion_ua_value *v, size_t i,
                                                             const uint8_t *locale, size_t llen,
                                                             const uint8_t *text, size_t tlen)
{
    liion_status st = enter(v);
    void *p = NULL;
    liion__ua_ltext t;
    if (st != LIION_OK)
        return st;
    st = slot(v, i, LIION_UA_TYPE_LOCALIZEDTEXT, "liion_ua_value_set_elem_localizedtext", &p);
    t.mask = (uint8_t)((locale != NULL ? 0x01 : 0) | (text != NULL ? 0x02 : 0));
    if (st == LIION_OK)
        st = copy_str(v, &t.locale, locale, llen);
    if (st == LIION_OK)
        st = copy_str(v, &t.text, text, tlen);
    if (st == LIION_OK)
        memcpy(p, &t, sizeof t);
    return st;
}

LIION_API liion_status liion_ua_value_set_elem_extobj(liion_ua_value *v, size_t i, uint16_t ns,
                                                      uint32_t type_id, uint32_t encoding,
                                                      const uint8_t *body, size_t len)
{
    liion_status st = enter(v);
    void *p = NULL;
    liion_ua_extobj e;
    if (st != LIION_OK)
        return st;
    if (encoding > 2 || (encoding != 0 && body == NULL && len != 0))
        return liion__error(v->ctx, LIION_E_INVALID_ARG,
                            "liion_ua_value_set_elem_extobj: encoding %u is not 0, 1 or 2, or "
                            "NULL body", (unsigned)encoding);
    st = slot(v, i, LIION_UA_TYPE_EXTENSIONOBJECT, "liion_ua_value_set_elem_extobj", &p);
    if (st != LIION_OK)
        return st;
    memset(&e, 0, sizeof e);
    e.type_id.ns = ns;
    e.type_id.num = type_id;
    e.type_id.id_type = LIION_UA_ID_NUMERIC;
    e.encoding = (uint8_t)encoding;
    e.body.len = -1;
    if (encoding != 0) {
        st = copy_str(v, &e.body, body != NULL ? body : empty_bytes, len);
        if (st != LIION_OK)
            return st;
    }
    memcpy(p, &e, sizeof e);
    return LIION_OK;
}

typedef union any_elem {
    liion__ua_str str;
    liion_ua_nodeid id;
    liion_ua_expandednodeid eid;
    liion__ua_qname q;
    liion__ua_ltext lt;
    liion_ua_extobj eo;
    liion_ua_datavalue dv;
    liion_ua_variant var;
    liion_ua_diaginfo di;
} any_elem;

LIION_API liion_status liion_ua_value_set_elem_value(liion_ua_value *v, size_t i,
                                                     const liion_ua_value *src)
{
    liion_status st = enter(v);
    void *p = NULL;
    unsigned t;
    size_t n;
    uint8_t *tmp;
    liion__wr w;
    liion__ua_dec d;
    any_elem e;
    if (st != LIION_OK)
        return st;
    if (src == NULL || src->magic != UA_MAGIC_VALUE || src == v)
        return liion__error(v->ctx, LIION_E_INVALID_ARG,
                            "liion_ua_value_set_elem_value: src is NULL, not a value or the "
                            "destination itself");
    st = slot(v, i, 0, "liion_ua_value_set_elem_value", &p);
    if (st != LIION_OK)
        return st;
    t = v->root.type;
    if (t == LIION_UA_TYPE_VARIANT ? src->root_type != LIION_UA_TYPE_VARIANT
                                   : (src->root.type != t || src->root.is_array))
        return liion__error(v->ctx, LIION_E_STATE,
                            "liion_ua_value_set_elem_value: src does not hold a %s of type %u",
                            t == LIION_UA_TYPE_VARIANT ? "Variant" : "scalar", t);
    /* deep copy = encode into a scratch buffer, decode into this arena (limits apply) */
    liion__wr_init(&w, NULL, 0);
    liion__ua_enc_root(&w, t, &src->root);
    n = w.pos;
    tmp = liion__alloc(v->ctx, n);
    if (tmp == NULL)
        return LIION_E_NOMEM;
    liion__wr_init(&w, tmp, n);
    liion__ua_enc_root(&w, t, &src->root);
    liion__ua_dec_init(&d, v->ctx, &v->arena, tmp, n);
    d.depth = 1; /* the element sits inside this container's Variant */
    st = liion__ua_dec_elem(&d, t, &e);
    liion__free(v->ctx, tmp, n);
    if (st != LIION_OK)
        return st;
    memcpy(p, &e, liion__ua_elem_size(t));
    return LIION_OK;
}

/* ---- Variant views ----------------------------------------------------------------------- */

LIION_API liion_ua_type liion_ua_variant_type(const liion_ua_variant *var)
{
    return var != NULL ? (liion_ua_type)var->type : LIION_UA_TYPE_NULL;
}

LIION_API uint32_t liion_ua_variant_type_id(const liion_ua_variant *var)
{
    return var != NULL ? liion__ua_variant_wire_type(var) : 0u;
}

LIION_API int liion_ua_variant_is_array(const liion_ua_variant *var)
{
    return var != NULL && var->is_array;
}

LIION_API int liion_ua_variant_is_null_array(const liion_ua_variant *var)
{
    return var != NULL && var->is_array && var->length < 0;
}

LIION_API size_t liion_ua_variant_length(const liion_ua_variant *var)
{
    return var != NULL && var->length > 0 ? (size_t)var->length : 0;
}

LIION_API size_t liion_ua_variant_ndims(const liion_ua_variant *var)
{
    return var != NULL ? var->ndims : 0;
}

LIION_API uint32_t liion_ua_variant_dim(const liion_ua_variant *var, size_t i)
{
    return var != NULL && i < var->ndims ? (uint32_t)var->dims[i] : 0;
}

LIION_API liion_status liion_ua_variant_array_data(const liion_ua_variant *var, const void **data,
                                                   size_t *count)
{
    if (var == NULL || data == NULL || count == NULL)
        return LIION_E_INVALID_ARG;
    *data = NULL;
    *count = 0;
    if (!liion__ua_is_fixed(var->type))
        return LIION_E_STATE;
    if (var->length < 0)
        return LIION_OK;
    *data = liion__ua_variant_elem(var, 0);
    *count = (size_t)var->length;
    return LIION_OK;
}

/* Element i of type `want` (or, with want 0, of any type), or an error status. */
static liion_status elem_of(const liion_ua_variant *var, size_t i, unsigned want,
                            const void **out)
{
    if (var == NULL || out == NULL)
        return LIION_E_INVALID_ARG;
    if (want != 0 && var->type != want)
        return LIION_E_STATE;
    if (var->length <= 0 || i >= (size_t)var->length)
        return LIION_E_RANGE;
    *out = liion__ua_variant_elem(var, i);
    return LIION_OK;
}

LIION_API liion_status liion_ua_variant_get_int64(const liion_ua_variant *var, size_t i,
                                                  int64_t *out)
{
    const void *p;
    liion_status st = out != NULL ? elem_of(var, i, 0, &p) : LIION_E_INVALID_ARG;
    if (st != LIION_OK)
        return st;
    switch (var->type) {
    case LIION_UA_TYPE_BOOLEAN:
    case LIION_UA_TYPE_BYTE: *out = *(const uint8_t *)p; return LIION_OK;
    case LIION_UA_TYPE_SBYTE: *out = *(const int8_t *)p; return LIION_OK;
    case LIION_UA_TYPE_INT16: *out = *(const int16_t *)p; return LIION_OK;
    case LIION_UA_TYPE_UINT16: *out = *(const uint16_t *)p; return LIION_OK;
    case LIION_UA_TYPE_INT32: *out = *(const int32_t *)p; return LIION_OK;
    case LIION_UA_TYPE_UINT32:
    case LIION_UA_TYPE_STATUSCODE: *out = *(const uint32_t *)p; return LIION_OK;
    case LIION_UA_TYPE_INT64:
    case LIION_UA_TYPE_DATETIME: *out = *(const int64_t *)p; return LIION_OK;
    case LIION_UA_TYPE_UINT64:
        if (*(const uint64_t *)p > (uint64_t)INT64_MAX)
            return LIION_E_RANGE;
        *out = (int64_t) * (const uint64_t *)p;
        return LIION_OK;
    default:
        return LIION_E_STATE;
    }
}

LIION_API liion_status liion_ua_variant_get_uint64(const liion_ua_variant *var, size_t i,
                                                   uint64_t *out)
{
    int64_t s;
    liion_status st;
    if (var != NULL && out != NULL && var->type == LIION_UA_TYPE_UINT64) {
        const void *p;
        st = elem_of(var, i, LIION_UA_TYPE_UINT64, &p);
        if (st == LIION_OK)
            *out = *(const uint64_t *)p;
        return st;
    }
    st = out != NULL ? liion_ua_variant_get_int64(var, i, &s) : LIION_E_INVALID_ARG;
    if (st != LIION_OK)
        return st;
    if (s < 0)
        return LIION_E_RANGE;
    *out = (uint64_t)s;
    return LIION_OK;
}

LIION_API liion_status liion_ua_variant_get_double(const liion_ua_variant *var, size_t i,
                                                   double *out)
{
    const void *p;
    liion_status st = out != NULL ? elem_of(var, i, 0, &p) : LIION_E_INVALID_ARG;
    int64_t s;
    if (st != LIION_OK)
        return st;
    if (var->type == LIION_UA_TYPE_DOUBLE) {
        *out = *(const double *)p;
        return LIION_OK;
    }
    if (var->type == LIION_UA_TYPE_FLOAT) {
        *out = (double)*(const float *)p;
        return LIION_OK;
    }
    if (var->type == LIION_UA_TYPE_UINT64) {
        *out = (double)*(const uint64_t *)p;
        return LIION_OK;
    }
    st = liion_ua_variant_get_int64(var, i, &s);
    if (st == LIION_OK)
        *out = (double)s;
    return st;
}

static void str_out(const liion__ua_str *s, const uint8_t **data, size_t *len)
{
    *data = s->len < 0 ? NULL : s->data;
    *len = s->len < 0 ? 0 : (size_t)s->len;
}

LIION_API liion_status liion_ua_variant_get_bytes(const liion_ua_variant *var, size_t i,
                                                  const uint8_t **data, size_t *len)
{
    const void *p;
    liion_status st;
    if (data == NULL || len == NULL)
        return LIION_E_INVALID_ARG;
    if (var != NULL && !stringlike(var->type))
        return LIION_E_STATE;
    st = elem_of(var, i, 0, &p);
    if (st != LIION_OK)
        return st;
    str_out(p, data, len);
    return LIION_OK;
}

LIION_API liion_status liion_ua_variant_get_guid(const liion_ua_variant *var, size_t i,
                                                 uint8_t *out)
{
    const void *p;
    liion_status st = out != NULL ? elem_of(var, i, LIION_UA_TYPE_GUID, &p) : LIION_E_INVALID_ARG;
    if (st == LIION_OK)
        memcpy(out, p, 16);
    return st;
}

LIION_API liion_status liion_ua_variant_get_nodeid(const liion_ua_variant *var, size_t i,
                                                   const liion_ua_nodeid **out)
{
    const void *p;
    liion_status st;
    if (out == NULL)
        return LIION_E_INVALID_ARG;
    if (var != NULL && var->type == LIION_UA_TYPE_EXPANDEDNODEID) {
        st = elem_of(var, i, LIION_UA_TYPE_EXPANDEDNODEID, &p);
        if (st == LIION_OK)
            *out = &((const liion_ua_expandednodeid *)p)->id;
        return st;
    }
    st = elem_of(var, i, LIION_UA_TYPE_NODEID, &p);
    if (st == LIION_OK)
        *out = p;
    return st;
}

#define TYPED_GETTER(fn, T, type)                                                             \
    LIION_API liion_status fn(const liion_ua_variant *var, size_t i, const T **out)           \
    {                                                                                         \
        const void *p;                                                                        \
        liion_status st = out != NULL ? elem_of(var, i, type, &p) : LIION_E_INVALID_ARG;      \
        if (st == LIION_OK)                                                                   \
            *out = p;                                                                         \
        return st;                                                                            \
    }

TYPED_GETTER(liion_ua_variant_get_expandednodeid, liion_ua_expandednodeid,
             LIION_UA_TYPE_EXPANDEDNODEID)
TYPED_GETTER(liion_ua_variant_get_extobj, liion_ua_extobj, LIION_UA_TYPE_EXTENSIONOBJECT)
TYPED_GETTER(liion_ua_variant_get_datavalue, liion_ua_datavalue, LIION_UA_TYPE_DATAVALUE)
TYPED_GETTER(liion_ua_variant_get_variant, liion_ua_variant, LIION_UA_TYPE_VARIANT)
TYPED_GETTER(liion_ua_variant_get_diaginfo, liion_ua_diaginfo, LIION_UA_TYPE_DIAGNOSTICINFO)

LIION_API liion_status liion_ua_variant_get_qualifiedname(const liion_ua_variant *var, size_t i,
                                                          uint16_t *ns, const uint8_t **name,
                                                          size_t *len)
{
    const void *p;
    liion_status st;
    if (ns == NULL || name == NULL || len == NULL)
        return LIION_E_INVALID_ARG;
    st = elem_of(var, i, LIION_UA_TYPE_QUALIFIEDNAME, &p);
    if (st != LIION_OK)
        return st;
    *ns = ((const liion__ua_qname *)p)->ns;
    str_out(&((const liion__ua_qname *)p)->name, name, len);
    return LIION_OK;
}

LIION_API liion_status liion_ua_variant_get_localizedtext(const liion_ua_variant *var, size_t i,
                                                          const uint8_t **locale, size_t *llen,
                                                          const uint8_t **text, size_t *tlen)
{
    const void *p;
    const liion__ua_ltext *t;
    liion_status st;
    if (locale == NULL || llen == NULL || text == NULL || tlen == NULL)
        return LIION_E_INVALID_ARG;
    st = elem_of(var, i, LIION_UA_TYPE_LOCALIZEDTEXT, &p);
    if (st != LIION_OK)
        return st;
    t = p;
    str_out(&t->locale, locale, llen);
    str_out(&t->text, text, tlen);
    return LIION_OK;
}

/* ---- NodeId / ExpandedNodeId / ExtensionObject views -------------------------------------- */

LIION_API uint16_t liion_ua_nodeid_ns(const liion_ua_nodeid *id)
{
    return id != NULL ? id->ns : 0;
}

LIION_API liion_ua_id_type liion_ua_nodeid_id_type(const liion_ua_nodeid *id)
{
    return id != NULL ? (liion_ua_id_type)id->id_type : LIION_UA_ID_NUMERIC;
}

LIION_API uint32_t liion_ua_nodeid_numeric(const liion_ua_nodeid *id)
{
    return id != NULL && id->id_type == LIION_UA_ID_NUMERIC ? id->num : 0;
}

LIION_API liion_status liion_ua_nodeid_bytes(const liion_ua_nodeid *id, const uint8_t **data,
                                             size_t *len)
{
    if (id == NULL || data == NULL || len == NULL)
        return LIION_E_INVALID_ARG;
    if (id->id_type == LIION_UA_ID_GUID) {
        *data = id->g.b;
        *len = 16;
    } else if (id->id_type == LIION_UA_ID_NUMERIC) {
        *data = NULL;
        *len = 0;
    } else {
        str_out(&id->s, data, len);
    }
    return LIION_OK;
}

LIION_API const liion_ua_nodeid *liion_ua_expandednodeid_nodeid(const liion_ua_expandednodeid *e)
{
    return e != NULL ? &e->id : NULL;
}

LIION_API liion_status liion_ua_expandednodeid_uri(const liion_ua_expandednodeid *e,
                                                   const uint8_t **data, size_t *len)
{
    if (e == NULL || data == NULL || len == NULL)
        return LIION_E_INVALID_ARG;
    if (e->flags & 0x80) {
        str_out(&e->uri, data, len);
    } else {
        *data = NULL;
        *len = 0;
    }
    return LIION_OK;
}

LIION_API uint32_t liion_ua_expandednodeid_server_index(const liion_ua_expandednodeid *e)
{
    return e != NULL && (e->flags & 0x40) ? e->server_index : 0;
}

LIION_API const liion_ua_nodeid *liion_ua_extobj_type_id(const liion_ua_extobj *eo)
{
    return eo != NULL ? &eo->type_id : NULL;
}

LIION_API uint32_t liion_ua_extobj_encoding(const liion_ua_extobj *eo)
{
    return eo != NULL ? eo->encoding : 0;
}

LIION_API liion_status liion_ua_extobj_body(const liion_ua_extobj *eo, const uint8_t **data,
                                            size_t *len)
{
    if (eo == NULL || data == NULL || len == NULL)
        return LIION_E_INVALID_ARG;
    if (eo->encoding == 0) {
        *data = NULL;
        *len = 0;
    } else {
        str_out(&eo->body, data, len);
    }
    return LIION_OK;
}

/* ---- DataValue views ---------------------------------------------------------------------- */

LIION_API uint32_t liion_ua_datavalue_mask(const liion_ua_datavalue *dv)
{
    return dv != NULL ? dv->mask : 0;
}

LIION_API const liion_ua_variant *liion_ua_datavalue_value(const liion_ua_datavalue *dv)
{
    return dv != NULL && (dv->mask & LIION_UA_DV_VALUE) ? &dv->value : NULL;
}

LIION_API uint32_t liion_ua_datavalue_status(const liion_ua_datavalue *dv)
{
    return dv != NULL && (dv->mask & LIION_UA_DV_STATUS) ? dv->status : 0;
}

LIION_API int64_t liion_ua_datavalue_source_timestamp(const liion_ua_datavalue *dv)
{
    return dv != NULL && (dv->mask & LIION_UA_DV_SOURCE_TIMESTAMP) ? dv->source_ts : 0;
}

LIION_API uint16_t liion_ua_datavalue_source_picoseconds(const liion_ua_datavalue *dv)
{
    return dv != NULL && (dv->mask & LIION_UA_DV_SOURCE_PICOSECONDS) ? dv->source_ps : 0;
}

LIION_API int64_t liion_ua_datavalue_server_timestamp(const liion_ua_datavalue *dv)
{
    return dv != NULL && (dv->mask & LIION_UA_DV_SERVER_TIMESTAMP) ? dv->server_ts : 0;
}

LIION_API uint16_t liion_ua_datavalue_server_picoseconds(const liion_ua_datavalue *dv)
{
    return dv != NULL && (dv->mask & LIION_UA_DV_SERVER_PICOSECONDS) ? dv->server_ps : 0;
}

/* ---- DiagnosticInfo views ----------------------------------------------------------------- */

LIION_API uint32_t liion_ua_diaginfo_mask(const liion_ua_diaginfo *di)
{
    return di != NULL ? di->mask : 0;
}

LIION_API int32_t liion_ua_diaginfo_index(const liion_ua_diaginfo *di, uint32_t field)
{
    if (di == NULL || !(di->mask & field))
        return -1;
    switch (field) {
    case LIION_UA_DI_SYMBOLIC_ID: return di->symbolic_id;
    case LIION_UA_DI_NAMESPACE_URI: return di->namespace_uri;
    case LIION_UA_DI_LOCALE: return di->locale;
    case LIION_UA_DI_LOCALIZED_TEXT: return di->localized_text;
    default: return -1;
    }
}

LIION_API liion_status liion_ua_diaginfo_additional_info(const liion_ua_diaginfo *di,
                                                         const uint8_t **data, size_t *len)
{
    if (di == NULL || data == NULL || len == NULL)
        return LIION_E_INVALID_ARG;
    if (di->mask & LIION_UA_DI_ADDITIONAL_INFO) {
        str_out(&di->additional_info, data, len);
    } else {
        *data = NULL;
        *len = 0;
    }
    return LIION_OK;
}

LIION_API uint32_t liion_ua_diaginfo_inner_status(const liion_ua_diaginfo *di)
{
    return di != NULL && (di->mask & LIION_UA_DI_INNER_STATUS) ? di->inner_status : 0;
}

LIION_API const liion_ua_diaginfo *liion_ua_diaginfo_inner(const liion_ua_diaginfo *di)
{
    return di != NULL && (di->mask & LIION_UA_DI_INNER_DIAG) ? di->inner : NULL;
}
