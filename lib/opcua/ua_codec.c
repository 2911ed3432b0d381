/* OPC UA Binary (Part 6 §5.2) encoder and decoder for the 25 built-in types; see
 * ua_internal.h for the in-memory form. */
#include "opcua/ua_internal.h"

#include <string.h>


/* Hard ceiling on nesting whatever the context says, so that recursion stays far from the
 * end of a small (e.g. 256 KiB thread) stack. Part 6 asks for at least 100 levels. */
#define UA_DEPTH_CEILING 1024u

static const uint8_t empty_bytes[1] = { 0 };
/* What an empty (not null) array points to: aligned for every element type. */
static const max_align_t empty_array;

/* ---- type facts ---------------------------------------------------------------------- */

const uint8_t liion__ua_elem_sizes[26] = {
    0,
    1, 1, 1, 2, 2, 4, 4, 8, 8, 4, 8,       /* Boolean .. Double */
    (uint8_t)sizeof(liion__ua_str),         /* String */
    8,                                      /* DateTime */
    16,                                     /* Guid */
    (uint8_t)sizeof(liion__ua_str),         /* ByteString */
    (uint8_t)sizeof(liion__ua_str),         /* XmlElement */
    (uint8_t)sizeof(liion_ua_nodeid),
    (uint8_t)sizeof(liion_ua_expandednodeid),
    4,                                      /* StatusCode */
    (uint8_t)sizeof(liion__ua_qname),
    (uint8_t)sizeof(liion__ua_ltext),
    (uint8_t)sizeof(liion_ua_extobj),
    (uint8_t)sizeof(liion_ua_datavalue),
    (uint8_t)sizeof(liion_ua_variant),
    (uint8_t)sizeof(liion_ua_diaginfo),
};

static const uint8_t min_wire[26] = {
    1, 1, 1, 1, 2, 2, 4, 4, 8, 8, 4, 8,
    4,  /* String */
    8,  /* DateTime */
    16, /* Guid */
    4, 4,
    2,  /* NodeId */
    2,  /* ExpandedNodeId */
    4,  /* StatusCode */
    6,  /* QualifiedName */
    1,  /* LocalizedText */
    3,  /* ExtensionObject */
    1, 1, 1,
};

_Static_assert(sizeof(liion_ua_variant) < 256 && sizeof(liion_ua_datavalue) < 256 &&
                   sizeof(liion_ua_expandednodeid) < 256,
               "element sizes must fit the table");

size_t liion__ua_min_wire(unsigned type)
{
    return type <= 25 ? min_wire[type] : 1;
}

size_t liion__ua_elem_align(unsigned type)
{
    switch (type) {
    case LIION_UA_TYPE_BOOLEAN:
    case LIION_UA_TYPE_SBYTE:
    case LIION_UA_TYPE_BYTE:
    case LIION_UA_TYPE_GUID:
        return 1;
    case LIION_UA_TYPE_INT16:
    case LIION_UA_TYPE_UINT16:
        return 2;
    case LIION_UA_TYPE_INT32:
    case LIION_UA_TYPE_UINT32:
    case LIION_UA_TYPE_FLOAT:
    case LIION_UA_TYPE_STATUSCODE:
        return 4;
    case LIION_UA_TYPE_INT64:
    case LIION_UA_TYPE_UINT64:
    case LIION_UA_TYPE_DOUBLE:
    case LIION_UA_TYPE_DATETIME:
        return 8;
    default:
        return _Alignof(liion_ua_variant) > _Alignof(liion_ua_datavalue)
                   ? _Alignof(liion_ua_variant)
                   : _Alignof(liion_ua_datavalue);
    }
}

/* ---- decoder ------------------------------------------------------------------------- */

void liion__ua_dec_init(liion__ua_dec *d, liion_ctx *ctx, liion__arena *arena,
                        const uint8_t *data, size_t len)
{
    d->ctx = ctx;
    d->arena = arena;
    liion__rd_init(&d->rd, data, len);
    d->depth = 0;
    d->max_depth = ctx->max_depth < UA_DEPTH_CEILING ? (uint32_t)ctx->max_depth : UA_DEPTH_CEILING;
    d->items = 0;
    d->max_items = ctx->max_items;
    d->max_str = ctx->max_message_bytes;
}

static liion_status truncated(liion__ua_dec *d, size_t at, const char *what)
{
    return liion__error_at(d->ctx, LIION_E_TRUNCATED, at, "OPC UA %s: input ends at byte %zu",
                           what, d->rd.len);
}

static liion_status enter(liion__ua_dec *d, size_t at, const char *what)
{
    if (LIION__UNLIKELY(d->depth >= d->max_depth))
        return liion__error_at(d->ctx, LIION_E_LIMIT, at,
                               "OPC UA %s nested deeper than the depth limit %u", what,
                               (unsigned)d->max_depth);
    d->depth++;
    return LIION_OK;
}

static liion_status nomem(liion__ua_dec *d)
{
    /* the arena set LIION_E_NOMEM and its message; add the offset */
    d->ctx->err_offset = d->rd.pos;
    return LIION_E_NOMEM;
}

liion_status liion__ua_dec_string(liion__ua_dec *d, liion__ua_str *out)
{
    size_t at = d->rd.pos;
    uint32_t u;
    int32_t n;
    const uint8_t *src;
    uint8_t *p;
    if (!liion__rd_le32(&d->rd, &u))
        return truncated(d, at, "String length");
    n = (int32_t)u;
    if (n < 0) { /* -1 is null; other negative lengths are read as null too (open62541) */
        out->data = NULL;
        out->len = -1;
        return LIION_OK;
    }
    if (n == 0) {
        out->data = empty_bytes;
        out->len = 0;
        return LIION_OK;
    }
    if ((uint64_t)n > d->max_str)
        return liion__error_at(d->ctx, LIION_E_LIMIT, at,
                               "OPC UA String of %ld bytes passes the message-bytes limit %llu",
                               (long)n, (unsigned long long)d->max_str);
    if (!liion__rd_bytes(&d->rd, (size_t)n, &src))
        return liion__error_at(d->ctx, LIION_E_TRUNCATED, at,
                               "OPC UA String of %ld bytes, only %zu left", (long)n,
                               liion__rd_left(&d->rd));
    p = liion__arena_alloc(d->arena, (size_t)n + 1u, 1);
    if (p == NULL)
        return nomem(d);
    memcpy(p, src, (size_t)n);
    p[n] = 0;
    out->data = p;
    out->len = n;
    return LIION_OK;
}

liion_status liion__ua_dec_guid(liion__ua_dec *d, liion__ua_guid *out)
{
    size_t at = d->rd.pos;
    if (!liion__rd_copy(&d->rd, out->b, 16))
        return truncated(d, at, "Guid");
    return LIION_OK;
}

/* NodeId body after the encoding byte (low nibble = form). */
static liion_status dec_nodeid_body(liion__ua_dec *d, uint8_t form, size_t at,
                                    liion_ua_nodeid *out)
{
    uint8_t b;
    uint16_t h;
    uint32_t u;
    memset(out, 0, sizeof *out);
    switch (form) {
    case 0x00:
        if (!liion__rd_u8(&d->rd, &b))
            return truncated(d, at, "TwoByte NodeId");
        out->num = b;
        return LIION_OK;
    case 0x01:
        if (!liion__rd_u8(&d->rd, &b) || !liion__rd_le16(&d->rd, &h))
            return truncated(d, at, "FourByte NodeId");
        out->ns = b;
        out->num = h;
        return LIION_OK;
    case 0x02:
        if (!liion__rd_le16(&d->rd, &h) || !liion__rd_le32(&d->rd, &u))
            return truncated(d, at, "Numeric NodeId");
        out->ns = h;
        out->num = u;
        return LIION_OK;
    case 0x03:
    case 0x05:
        if (!liion__rd_le16(&d->rd, &h))
            return truncated(d, at, "NodeId namespace");
        out->ns = h;
        out->id_type = form == 0x03 ? LIION_UA_ID_STRING : LIION_UA_ID_BYTESTRING;
        return liion__ua_dec_string(d, &out->s);
    case 0x04:
        if (!liion__rd_le16(&d->rd, &h))
            return truncated(d, at, "NodeId namespace");
        out->ns = h;
        out->id_type = LIION_UA_ID_GUID;
        return liion__ua_dec_guid(d, &out->g);
    default:
        return liion__error_at(d->ctx, LIION_E_DECODE, at,
                               "OPC UA NodeId encoding 0x%02x is not one of 0x00..0x05",
                               (unsigned)form);
    }
}

liion_status liion__ua_dec_nodeid(liion__ua_dec *d, liion_ua_nodeid *out)
{
    size_t at = d->rd.pos;
    uint8_t b;
    if (!liion__rd_u8(&d->rd, &b))
        return truncated(d, at, "NodeId");
    if (b & 0xC0)
        return liion__error_at(d->ctx, LIION_E_DECODE, at,
                               "OPC UA NodeId encoding 0x%02x has ExpandedNodeId flags",
                               (unsigned)b);
    return dec_nodeid_body(d, b, at, out);
}

liion_status liion__ua_dec_expandednodeid(liion__ua_dec *d, liion_ua_expandednodeid *out)
{
    size_t at = d->rd.pos;
    uint8_t b;
    liion_status st;
    if (!liion__rd_u8(&d->rd, &b))
        return truncated(d, at, "ExpandedNodeId");
    out->flags = (uint8_t)(b & 0xC0);
    out->uri.data = NULL;
    out->uri.len = -1;
    out->server_index = 0;
    if (b & 0x30)
        return liion__error_at(d->ctx, LIION_E_DECODE, at,
                               "OPC UA ExpandedNodeId encoding 0x%02x has reserved bits set",
                               (unsigned)b);
    st = dec_nodeid_body(d, (uint8_t)(b & 0x0F), at, &out->id);
    if (st != LIION_OK)
        return st;
    if (b & 0x80) {
        st = liion__ua_dec_string(d, &out->uri);
        if (st != LIION_OK)
            return st;
    }
    if (b & 0x40) {
        at = d->rd.pos;
        if (!liion__rd_le32(&d->rd, &out->server_index))
            return truncated(d, at, "ExpandedNodeId ServerIndex");
    }
    return LIION_OK;
}

liion_status liion__ua_dec_qname(liion__ua_dec *d, liion__ua_qname *out)
{
    size_t at = d->rd.pos;
    if (!liion__rd_le16(&d->rd, &out->ns))
        return truncated(d, at, "QualifiedName");
    return liion__ua_dec_string(d, &out->name);
}

liion_status liion__ua_dec_ltext(liion__ua_dec *d, liion__ua_ltext *out)
{
    size_t at = d->rd.pos;
    liion_status st;
    if (!liion__rd_u8(&d->rd, &out->mask))
        return truncated(d, at, "LocalizedText");
    out->locale.data = out->text.data = NULL;
    out->locale.len = out->text.len = -1;
    if (out->mask & 0xFC)
        return liion__error_at(d->ctx, LIION_E_DECODE, at,
                               "OPC UA LocalizedText mask 0x%02x has reserved bits set",
                               (unsigned)out->mask);
    if (out->mask & 0x01) {
        st = liion__ua_dec_string(d, &out->locale);
        if (st != LIION_OK)
            return st;
    }
    if (out->mask & 0x02)
        return liion__ua_dec_string(d, &out->text);
    return LIION_OK;
}

liion_status liion__ua_dec_extobj(liion__ua_dec *d, liion_ua_extobj *out)
{
    liion_status st = liion__ua_dec_nodeid(d, &out->type_id);
    size_t at;
    if (st != LIION_OK)
        return st;
    at = d->rd.pos;
    out->body.data = NULL;
    out->body.len = -1;
    if (!liion__rd_u8(&d->rd, &out->encoding))
        return truncated(d, at, "ExtensionObject encoding");
    if (out->encoding == 0)
        return LIION_OK;
    if (out->encoding > 2)
        return liion__error_at(d->ctx, LIION_E_DECODE, at,
                               "OPC UA ExtensionObject encoding 0x%02x is not 0, 1 or 2",
                               (unsigned)out->encoding);
    return liion__ua_dec_string(d, &out->body);
}

static uint16_t clamp_ps(uint16_t ps)
{
    return ps > 9999 ? (uint16_t)9999 : ps;
}

liion_status liion__ua_dec_datavalue(liion__ua_dec *d, liion_ua_datavalue *out)
{
    size_t at = d->rd.pos;
    uint8_t m;
    uint64_t u;
    liion_status st;
    if (!liion__rd_u8(&d->rd, &m))
        return truncated(d, at, "DataValue");
    out->mask = m;
    out->value.type = 0;
    out->value.is_array = 0;
    out->value.length = 0;
    out->value.ndims = 0;
    out->value.dims = NULL;
    out->value.data = NULL;
    out->status = 0;
    out->source_ts = out->server_ts = 0;
    out->source_ps = out->server_ps = 0;
    if (LIION__UNLIKELY(m & 0xC0))
        return liion__error_at(d->ctx, LIION_E_DECODE, at,
                               "OPC UA DataValue mask 0x%02x has reserved bits set", (unsigned)m);
    st = enter(d, at, "DataValue");
    if (st != LIION_OK)
        return st;
    if (m & LIION_UA_DV_VALUE) {
        st = liion__ua_dec_variant(d, &out->value);
        if (st != LIION_OK)
            return st;
    }
    at = d->rd.pos;
    /* wire order: status, source ts, source ps, server ts, server ps */
    if ((m & LIION_UA_DV_STATUS) && !liion__rd_le32(&d->rd, &out->status))
        return truncated(d, at, "DataValue StatusCode");
    at = d->rd.pos;
    if (m & LIION_UA_DV_SOURCE_TIMESTAMP) {
        if (!liion__rd_le64(&d->rd, &u))
            return truncated(d, at, "DataValue SourceTimestamp");
        out->source_ts = (int64_t)u;
    }
    at = d->rd.pos;
    if (m & LIION_UA_DV_SOURCE_PICOSECONDS) {
        if (!liion__rd_le16(&d->rd, &out->source_ps))
            return truncated(d, at, "DataValue SourcePicoseconds");
        out->source_ps = clamp_ps(out->source_ps);
    }
    at = d->rd.pos;
    if (m & LIION_UA_DV_SERVER_TIMESTAMP) {
        if (!liion__rd_le64(&d->rd, &u))
            return truncated(d, at, "DataValue ServerTimestamp");
        out->server_ts = (int64_t)u;
    }
    at = d->rd.pos;
    if (m & LIION_UA_DV_SERVER_PICOSECONDS) {
        if (!liion__rd_le16(&d->rd, &out->server_ps))
            return truncated(d, at, "DataValue ServerPicoseconds");
        out->server_ps = clamp_ps(out->server_ps);
    }
    d->depth--;
    return LIION_OK;
}

liion_status liion__ua_dec_diaginfo(liion__ua_dec *d, liion_ua_diaginfo *out)
{
    size_t at = d->rd.pos;
    uint8_t m;
    uint32_t u;
    liion_status st;
    if (!liion__rd_u8(&d->rd, &m))
        return truncated(d, at, "DiagnosticInfo");
    memset(out, 0, sizeof *out);
    out->mask = m;
    out->symbolic_id = out->namespace_uri = out->localized_text = out->locale = -1;
    out->additional_info.len = -1;
    if (m & 0x80)
        return liion__error_at(d->ctx, LIION_E_DECODE, at,
                               "OPC UA DiagnosticInfo mask 0x%02x has reserved bits set",
                               (unsigned)m);
    st = enter(d, at, "DiagnosticInfo");
    if (st != LIION_OK)
        return st;
#define DI_I32(bit, field, what)                                                              \
    if (m & (bit)) {                                                                          \
        at = d->rd.pos;                                                                       \
        if (!liion__rd_le32(&d->rd, &u))                                                      \
            return truncated(d, at, what);                                                    \
        out->field = (int32_t)u;                                                              \
    }
    DI_I32(LIION_UA_DI_SYMBOLIC_ID, symbolic_id, "DiagnosticInfo SymbolicId")
    DI_I32(LIION_UA_DI_NAMESPACE_URI, namespace_uri, "DiagnosticInfo NamespaceUri")
    DI_I32(LIION_UA_DI_LOCALE, locale, "DiagnosticInfo Locale")
    DI_I32(LIION_UA_DI_LOCALIZED_TEXT, localized_text, "DiagnosticInfo LocalizedText")
#undef DI_I32
    if (m & LIION_UA_DI_ADDITIONAL_INFO) {
        st = liion__ua_dec_string(d, &out->additional_info);
        if (st != LIION_OK)
            return st;
    }
    if (m & LIION_UA_DI_INNER_STATUS) {
        at = d->rd.pos;
        if (!liion__rd_le32(&d->rd, &out->inner_status))
            return truncated(d, at, "DiagnosticInfo InnerStatusCode");
    }
    if (m & LIION_UA_DI_INNER_DIAG) {
        liion_ua_diaginfo *in =
            liion__arena_alloc(d->arena, sizeof *in, _Alignof(liion_ua_diaginfo));
        if (in == NULL)
            return nomem(d);
        st = liion__ua_dec_diaginfo(d, in);
        if (st != LIION_OK)
            return st;
        out->inner = in;
    }
    d->depth--;
    return LIION_OK;
}

liion_status liion__ua_dec_elem(liion__ua_dec *d, unsigned type, void *out)
{
    size_t at = d->rd.pos;
    uint8_t *o = out;
    switch (type) {
    case LIION_UA_TYPE_BOOLEAN:
        if (!liion__rd_u8(&d->rd, o))
            return truncated(d, at, "Boolean");
        *o = *o != 0;
        return LIION_OK;
    case LIION_UA_TYPE_SBYTE:
    case LIION_UA_TYPE_BYTE:
        if (!liion__rd_u8(&d->rd, o))
            return truncated(d, at, "Byte");
        return LIION_OK;
    case LIION_UA_TYPE_INT16:
    case LIION_UA_TYPE_UINT16: {
        uint16_t v;
        if (!liion__rd_le16(&d->rd, &v))
            return truncated(d, at, "Int16");
        memcpy(out, &v, 2);
        return LIION_OK;
    }
    case LIION_UA_TYPE_INT32:
    case LIION_UA_TYPE_UINT32:
    case LIION_UA_TYPE_FLOAT:
    case LIION_UA_TYPE_STATUSCODE: {
        uint32_t v;
        if (!liion__rd_le32(&d->rd, &v))
            return truncated(d, at, "32-bit value");
        memcpy(out, &v, 4);
        return LIION_OK;
    }
    case LIION_UA_TYPE_INT64:
    case LIION_UA_TYPE_UINT64:
    case LIION_UA_TYPE_DOUBLE:
    case LIION_UA_TYPE_DATETIME: {
        uint64_t v;
        if (!liion__rd_le64(&d->rd, &v))
            return truncated(d, at, "64-bit value");
        memcpy(out, &v, 8);
        return LIION_OK;
    }
    case LIION_UA_TYPE_STRING:
    case LIION_UA_TYPE_BYTESTRING:
    case LIION_UA_TYPE_XMLELEMENT:
        return liion__ua_dec_string(d, out);
    case LIION_UA_TYPE_GUID:
        return liion__ua_dec_guid(d, out);
    case LIION_UA_TYPE_NODEID:
        return liion__ua_dec_nodeid(d, out);
    case LIION_UA_TYPE_EXPANDEDNODEID:
        return liion__ua_dec_expandednodeid(d, out);
    case LIION_UA_TYPE_QUALIFIEDNAME:
        return liion__ua_dec_qname(d, out);
    case LIION_UA_TYPE_LOCALIZEDTEXT:
        return liion__ua_dec_ltext(d, out);
    case LIION_UA_TYPE_EXTENSIONOBJECT:
        return liion__ua_dec_extobj(d, out);
    case LIION_UA_TYPE_DATAVALUE:
        return liion__ua_dec_datavalue(d, out);
    case LIION_UA_TYPE_VARIANT:
        return liion__ua_dec_variant(d, out);
    case LIION_UA_TYPE_DIAGNOSTICINFO:
        return liion__ua_dec_diaginfo(d, out);
    default:
        return liion__error_at(d->ctx, LIION_E_DECODE, at,
                               "OPC UA type id %u is not a built-in type", type);
    }
}

/* Array elements of a fixed-size type: one memcpy on a little-endian host. */
static void copy_fixed(unsigned type, void *dst, const uint8_t *src, size_t n)
{
    size_t es = liion__ua_elem_size(type);
    if (type == LIION_UA_TYPE_BOOLEAN) {
        uint8_t *o = dst;
        for (size_t i = 0; i < n; i++)
            o[i] = src[i] != 0;
        return;
    }
    if (LIION__UA_LE_HOST || es == 1 || type == LIION_UA_TYPE_GUID) {
        memcpy(dst, src, n * es);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        uint8_t *o = (uint8_t *)dst + i * es;
        const uint8_t *s = src + i * es;
        for (size_t k = 0; k < es; k++)
            o[k] = s[es - 1 - k];
    }
}

static liion_status dec_dims(liion__ua_dec *d, liion_ua_variant *out)
{
    size_t at = d->rd.pos;
    uint32_t u;
    int32_t n;
    uint64_t product = 1;
    const uint8_t *src = NULL;
    if (!liion__rd_le32(&d->rd, &u))
        return truncated(d, at, "Variant ArrayDimensions length");
    n = (int32_t)u;
    if (n <= 0)
        return liion__error_at(d->ctx, LIION_E_DECODE, at,
                               "OPC UA Variant ArrayDimensions count %ld is not positive",
                               (long)n);
    if ((size_t)n > liion__rd_left(&d->rd) / 4)
        return liion__error_at(d->ctx, LIION_E_TRUNCATED, at,
                               "OPC UA Variant ArrayDimensions of %ld entries, only %zu bytes left",
                               (long)n, liion__rd_left(&d->rd));
    if ((uint64_t)n > d->max_items - d->items)
        return liion__error_at(d->ctx, LIION_E_LIMIT, at,
                               "OPC UA Variant ArrayDimensions pass the items limit %llu",
                               (unsigned long long)d->max_items);
    d->items += (uint64_t)n;
    out->dims = liion__arena_alloc(d->arena, (size_t)n * 4u, 4);
    if (out->dims == NULL)
        return nomem(d);
    (void)liion__rd_bytes(&d->rd, (size_t)n * 4u, &src);
    for (int32_t i = 0; i < n; i++) {
        int32_t dim = (int32_t)liion__load_le32(src + (size_t)i * 4u);
        if (dim < 0)
            return liion__error_at(d->ctx, LIION_E_DECODE, at + 4u + (size_t)i * 4u,
                                   "OPC UA Variant dimension %ld is %ld", (long)i, (long)dim);
        out->dims[i] = dim;
        /* every factor is <= INT32_MAX, so the product stops growing past INT32_MAX */
        if (product <= (uint64_t)INT32_MAX)
            product *= (uint64_t)dim;
        else if (dim == 0)
            product = 0;
    }
    out->ndims = (uint32_t)n;
    if (product != (uint64_t)(out->length < 0 ? 0 : out->length))
        return liion__error_at(d->ctx, LIION_E_DECODE, at,
                               "OPC UA Variant ArrayDimensions product %s%llu differs from the "
                               "array length %ld",
                               product > (uint64_t)INT32_MAX ? "over " : "",
                               (unsigned long long)(product > (uint64_t)INT32_MAX
                                                        ? (uint64_t)INT32_MAX
                                                        : product),
                               (long)out->length);
    return LIION_OK;
}

liion_status liion__ua_dec_variant(liion__ua_dec *d, liion_ua_variant *out)
{
    size_t at = d->rd.pos;
    uint8_t m;
    unsigned type;
    liion_status st;
    if (!liion__rd_u8(&d->rd, &m))
        return truncated(d, at, "Variant");
    out->type = 0;
    out->is_array = 0;
    out->wire_type = 0;
    out->length = 0;
    out->ndims = 0;
    out->dims = NULL;
    out->data = NULL;
    type = m & 0x3Fu;
    if (type == 0) {
        if (m != 0)
            return liion__error_at(d->ctx, LIION_E_DECODE, at,
                                   "OPC UA Variant mask 0x%02x has array flags without a type",
                                   (unsigned)m);
        return LIION_OK;
    }
    if (type > 25) {
        /* Part 6 §5.2.2.16: decoders shall accept the unassigned ids 26..31 and read the value
         * as a ByteString (or ByteString array); the id is kept so re-encoding is exact */
        out->wire_type = (uint8_t)type;
        type = LIION_UA_TYPE_BYTESTRING;
    }
    st = enter(d, at, "Variant");
    if (st != LIION_OK)
        return st;
    out->type = (uint8_t)type;
    if (!(m & 0x80)) {
        if (m & 0x40)
            return liion__error_at(d->ctx, LIION_E_DECODE, at,
                                   "OPC UA Variant mask 0x%02x has ArrayDimensions without an "
                                   "array", (unsigned)m);
        if (type == LIION_UA_TYPE_VARIANT)
            return liion__error_at(d->ctx, LIION_E_DECODE, at,
                                   "OPC UA Variant directly inside a Variant");
        out->length = 1;
        if (liion__ua_is_inline(type)) {
            st = liion__ua_dec_elem(d, type, &out->inl);
        } else {
            void *p = liion__arena_alloc(d->arena, liion__ua_elem_size(type),
                                         liion__ua_elem_align(type));
            if (p == NULL)
                return nomem(d);
            out->data = p;
            st = liion__ua_dec_elem(d, type, p);
        }
        if (st != LIION_OK)
            return st;
    } else {
        size_t lat = d->rd.pos, es = liion__ua_elem_size(type);
        uint32_t u;
        int32_t n;
        out->is_array = 1;
        if (!liion__rd_le32(&d->rd, &u))
            return truncated(d, lat, "Variant ArrayLength");
        n = (int32_t)u;
        if (n < 0) {
            out->length = -1;
        } else {
            /* refuse a declared length the remaining bytes cannot hold, before allocating */
            if ((size_t)n > liion__rd_left(&d->rd) / liion__ua_min_wire(type))
                return liion__error_at(d->ctx, LIION_E_TRUNCATED, lat,
                                       "OPC UA Variant array of %ld elements needs at least "
                                       "%zu bytes per element, only %zu bytes left",
                                       (long)n, liion__ua_min_wire(type),
                                       liion__rd_left(&d->rd));
            if ((uint64_t)n > d->max_items - d->items)
                return liion__error_at(d->ctx, LIION_E_LIMIT, lat,
                                       "OPC UA Variant array of %ld elements passes the items "
                                       "limit %llu", (long)n,
                                       (unsigned long long)d->max_items);
            d->items += (uint64_t)n;
            out->length = n;
            if (n == 0) {
                out->data = (void *)(uintptr_t)&empty_array;
            } else {
                out->data = liion__arena_alloc(d->arena, (size_t)n * es,
                                               liion__ua_elem_align(type));
                if (out->data == NULL)
                    return nomem(d);
                if (liion__ua_is_fixed(type)) {
                    const uint8_t *src = NULL;
                    (void)liion__rd_bytes(&d->rd, (size_t)n * es, &src); /* checked above */
                    copy_fixed(type, out->data, src, (size_t)n);
                } else {
                    uint8_t *p = out->data;
                    for (int32_t i = 0; i < n; i++) {
                        st = liion__ua_dec_elem(d, type, p + (size_t)i * es);
                        if (st != LIION_OK) {
                            out->length = i; /* what is initialised */
                            return st;
                        }
                    }
                }
            }
        }
        if (m & 0x40) {
            st = dec_dims(d, out);
            if (st != LIION_OK)
                return st;
        }
    }
    d->depth--;
    return LIION_OK;
}

liion_status liion__ua_dec_root(liion__ua_dec *d, unsigned type, liion_ua_variant *out,
                                liion_ua_datavalue *dv)
{
    liion_status st;
    memset(out, 0, sizeof *out);
    if (type == LIION_UA_TYPE_VARIANT)
        return liion__ua_dec_variant(d, out);
    if (type == LIION_UA_TYPE_DATAVALUE) {
        st = liion__ua_dec_datavalue(d, dv);
        if (st != LIION_OK)
            return st;
        out->type = LIION_UA_TYPE_DATAVALUE;
        out->length = 1;
        out->data = dv;
        return LIION_OK;
    }
    if (type == 0 || type > 25)
        return liion__error_at(d->ctx, LIION_E_INVALID_ARG, LIION_OFFSET_NONE,
                               "OPC UA type id %u is not a built-in type", type);
    if (liion__ua_is_inline(type)) {
        st = liion__ua_dec_elem(d, type, &out->inl);
    } else {
        void *p = liion__arena_alloc(d->arena, liion__ua_elem_size(type),
                                     liion__ua_elem_align(type));
        if (p == NULL)
            return nomem(d);
        out->data = p;
        st = liion__ua_dec_elem(d, type, p);
    }
    if (st != LIION_OK)
        return st;
    out->type = (uint8_t)type;
    out->length = 1;
    return LIION_OK;
}

/* ---- encoder ------------------------------------------------------------------------- */

void liion__ua_enc_string(liion__wr *w, const liion__ua_str *s)
{
    if (s->len < 0) {
        liion__wr_le32(w, 0xFFFFFFFFu);
        return;
    }
    liion__wr_le32(w, (uint32_t)s->len);
    if (s->len > 0)
        liion__wr_bytes(w, s->data, (size_t)s->len);
}

/* NodeId with `flags` (ExpandedNodeId bits) OR'ed into the encoding byte; smallest form. */
static void enc_nodeid_flags(liion__wr *w, const liion_ua_nodeid *id, uint8_t flags)
{
    switch (id->id_type) {
    case LIION_UA_ID_NUMERIC:
        if (id->ns == 0 && id->num <= 0xFF) {
            liion__wr_u8(w, flags);
            liion__wr_u8(w, (uint8_t)id->num);
        } else if (id->ns <= 0xFF && id->num <= 0xFFFF) {
            liion__wr_u8(w, (uint8_t)(flags | 0x01));
            liion__wr_u8(w, (uint8_t)id->ns);
            liion__wr_le16(w, (uint16_t)id->num);
        } else {
            liion__wr_u8(w, (uint8_t)(flags | 0x02));
            liion__wr_le16(w, id->ns);
            liion__wr_le32(w, id->num);
        }
        return;
    case LIION_UA_ID_STRING:
    case LIION_UA_ID_BYTESTRING:
        liion__wr_u8(w, (uint8_t)(flags | (id->id_type == LIION_UA_ID_STRING ? 0x03 : 0x05)));
        liion__wr_le16(w, id->ns);
        liion__ua_enc_string(w, &id->s);
        return;
    default:
        liion__wr_u8(w, (uint8_t)(flags | 0x04));
        liion__wr_le16(w, id->ns);
        liion__wr_bytes(w, id->g.b, 16);
        return;
    }
}

void liion__ua_enc_nodeid(liion__wr *w, const liion_ua_nodeid *id)
{
    enc_nodeid_flags(w, id, 0);
}

void liion__ua_enc_expandednodeid(liion__wr *w, const liion_ua_expandednodeid *e)
{
    enc_nodeid_flags(w, &e->id, e->flags);
    if (e->flags & 0x80)
        liion__ua_enc_string(w, &e->uri);
    if (e->flags & 0x40)
        liion__wr_le32(w, e->server_index);
}

void liion__ua_enc_datavalue(liion__wr *w, const liion_ua_datavalue *dv)
{
    uint8_t m = dv->mask;
    liion__wr_u8(w, m);
    if (m & LIION_UA_DV_VALUE)
        liion__ua_enc_variant(w, &dv->value);
    if (m & LIION_UA_DV_STATUS)
        liion__wr_le32(w, dv->status);
    if (m & LIION_UA_DV_SOURCE_TIMESTAMP)
        liion__wr_le64(w, (uint64_t)dv->source_ts);
    if (m & LIION_UA_DV_SOURCE_PICOSECONDS)
        liion__wr_le16(w, dv->source_ps);
    if (m & LIION_UA_DV_SERVER_TIMESTAMP)
        liion__wr_le64(w, (uint64_t)dv->server_ts);
    if (m & LIION_UA_DV_SERVER_PICOSECONDS)
        liion__wr_le16(w, dv->server_ps);
}

void liion__ua_enc_diaginfo(liion__wr *w, const liion_ua_diaginfo *di)
{
    for (; di != NULL; di = di->inner) {
        uint8_t m = di->mask;
        liion__wr_u8(w, m);
        if (m & LIION_UA_DI_SYMBOLIC_ID)
            liion__wr_le32(w, (uint32_t)di->symbolic_id);
        if (m & LIION_UA_DI_NAMESPACE_URI)
            liion__wr_le32(w, (uint32_t)di->namespace_uri);
        if (m & LIION_UA_DI_LOCALE)
            liion__wr_le32(w, (uint32_t)di->locale);
        if (m & LIION_UA_DI_LOCALIZED_TEXT)
            liion__wr_le32(w, (uint32_t)di->localized_text);
        if (m & LIION_UA_DI_ADDITIONAL_INFO)
            liion__ua_enc_string(w, &di->additional_info);
        if (m & LIION_UA_DI_INNER_STATUS)
            liion__wr_le32(w, di->inner_status);
        if (!(m & LIION_UA_DI_INNER_DIAG))
            break;
    }
}

/* Scalars of Float/Double: NaN goes out as the canonical quiet NaN (Part 6 §5.2.2.3). */
static void enc_f32(liion__wr *w, const void *p)
{
    uint32_t u;
    memcpy(&u, p, 4);
    if ((u & 0x7F800000u) == 0x7F800000u && (u & 0x007FFFFFu) != 0)
        u = 0xFFC00000u;
    liion__wr_le32(w, u);
}

static void enc_f64(liion__wr *w, const void *p)
{
    uint64_t u;
    memcpy(&u, p, 8);
    if ((u & UINT64_C(0x7FF0000000000000)) == UINT64_C(0x7FF0000000000000) &&
        (u & UINT64_C(0x000FFFFFFFFFFFFF)) != 0)
        u = UINT64_C(0xFFF8000000000000);
    liion__wr_le64(w, u);
}

void liion__ua_enc_elem(liion__wr *w, unsigned type, const void *elem)
{
    const uint8_t *p = elem;
    switch (type) {
    case LIION_UA_TYPE_BOOLEAN:
        liion__wr_u8(w, (uint8_t)(*p != 0));
        return;
    case LIION_UA_TYPE_SBYTE:
    case LIION_UA_TYPE_BYTE:
        liion__wr_u8(w, *p);
        return;
    case LIION_UA_TYPE_INT16:
    case LIION_UA_TYPE_UINT16: {
        uint16_t v;
        memcpy(&v, p, 2);
        liion__wr_le16(w, v);
        return;
    }
    case LIION_UA_TYPE_FLOAT:
        enc_f32(w, p);
        return;
    case LIION_UA_TYPE_INT32:
    case LIION_UA_TYPE_UINT32:
    case LIION_UA_TYPE_STATUSCODE: {
        uint32_t v;
        memcpy(&v, p, 4);
        liion__wr_le32(w, v);
        return;
    }
    case LIION_UA_TYPE_DOUBLE:
        enc_f64(w, p);
        return;
    case LIION_UA_TYPE_INT64:
    case LIION_UA_TYPE_UINT64:
    case LIION_UA_TYPE_DATETIME: {
        uint64_t v;
        memcpy(&v, p, 8);
        liion__wr_le64(w, v);
        return;
    }
    case LIION_UA_TYPE_STRING:
    case LIION_UA_TYPE_BYTESTRING:
    case LIION_UA_TYPE_XMLELEMENT:
        liion__ua_enc_string(w, elem);
        return;
    case LIION_UA_TYPE_GUID:
        liion__wr_bytes(w, p, 16);
        return;
    case LIION_UA_TYPE_NODEID:
        liion__ua_enc_nodeid(w, elem);
        return;
    case LIION_UA_TYPE_EXPANDEDNODEID:
        liion__ua_enc_expandednodeid(w, elem);
        return;
    case LIION_UA_TYPE_QUALIFIEDNAME: {
        const liion__ua_qname *q = elem;
        liion__wr_le16(w, q->ns);
        liion__ua_enc_string(w, &q->name);
        return;
    }
    case LIION_UA_TYPE_LOCALIZEDTEXT: {
        const liion__ua_ltext *t = elem;
        liion__wr_u8(w, t->mask);
        if (t->mask & 0x01)
            liion__ua_enc_string(w, &t->locale);
        if (t->mask & 0x02)
            liion__ua_enc_string(w, &t->text);
        return;
    }
    case LIION_UA_TYPE_EXTENSIONOBJECT: {
        const liion_ua_extobj *e = elem;
        liion__ua_enc_nodeid(w, &e->type_id);
        liion__wr_u8(w, e->encoding);
        if (e->encoding != 0)
            liion__ua_enc_string(w, &e->body);
        return;
    }
    case LIION_UA_TYPE_DATAVALUE:
        liion__ua_enc_datavalue(w, elem);
        return;
    case LIION_UA_TYPE_VARIANT:
        liion__ua_enc_variant(w, elem);
        return;
    case LIION_UA_TYPE_DIAGNOSTICINFO:
        liion__ua_enc_diaginfo(w, elem);
        return;
    default:
        return;
    }
}

void liion__ua_enc_variant(liion__wr *w, const liion_ua_variant *v)
{
    unsigned type = v->type;
    if (type == 0) {
        liion__wr_u8(w, 0);
        return;
    }
    if (!v->is_array) {
        /* hot path: scalar Double */
        if (LIION__LIKELY(type == LIION_UA_TYPE_DOUBLE)) {
            liion__wr_u8(w, LIION_UA_TYPE_DOUBLE);
            enc_f64(w, &v->inl);
            return;
        }
        liion__wr_u8(w, (uint8_t)liion__ua_variant_wire_type(v));
        liion__ua_enc_elem(w, type, liion__ua_variant_elem(v, 0));
        return;
    }
    liion__wr_u8(w, (uint8_t)(liion__ua_variant_wire_type(v) | 0x80u | (v->ndims ? 0x40u : 0u)));
    liion__wr_le32(w, (uint32_t)v->length);
    if (v->length > 0) {
        size_t n = (size_t)v->length, es = liion__ua_elem_size(type);
        if (liion__ua_is_fixed(type) && (LIION__UA_LE_HOST || es == 1 || type == LIION_UA_TYPE_GUID)) {
            liion__wr_bytes(w, v->data, n * es); /* Boolean is stored as 0/1 already */
        } else {
            const uint8_t *p = v->data;
            for (size_t i = 0; i < n; i++) {
                /* arrays keep Float/Double bits as they are (like open62541) */
                if (type == LIION_UA_TYPE_DOUBLE || type == LIION_UA_TYPE_INT64 ||
                    type == LIION_UA_TYPE_UINT64 || type == LIION_UA_TYPE_DATETIME) {
                    uint64_t u;
                    memcpy(&u, p + i * es, 8);
                    liion__wr_le64(w, u);
                } else if (type == LIION_UA_TYPE_FLOAT) {
                    uint32_t u;
                    memcpy(&u, p + i * es, 4);
                    liion__wr_le32(w, u);
                } else {
                    liion__ua_enc_elem(w, type, p + i * es);
                }
            }
        }
    }
    if (v->ndims) {
        liion__wr_le32(w, v->ndims);
        for (uint32_t i = 0; i < v->ndims; i++)
            liion__wr_le32(w, (uint32_t)v->dims[i]);
    }
}

void liion__ua_enc_root(liion__wr *w, unsigned type, const liion_ua_variant *v)
{
    if (type == LIION_UA_TYPE_VARIANT) {
        liion__ua_enc_variant(w, v);
        return;
    }
    liion__ua_enc_elem(w, type, liion__ua_variant_elem(v, 0));
}
