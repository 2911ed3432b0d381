/*
 * Private to libliion: the in-memory form of OPC UA Binary values and the encode/decode
 * functions that work on a liion__wr / liion__rd, so that other codecs (UADP) can put Variants
 * and DataValues inside their own buffers.
 *
 * Decoding:
 *     liion__ua_dec d;
 *     liion__ua_dec_init(&d, ctx, &arena, data, len);   // or set d.rd to a reader of yours
 *     st = liion__ua_dec_variant(&d, &var);              // values go into the arena
 *     // d.rd.pos is where the next field starts; errors carry offsets relative to d.rd.base
 * Encoding never fails (every value in memory is valid by construction) and runs the same
 * code for measuring (liion__wr over NULL) and writing:
 *     liion__ua_enc_variant(&wr, &var);
 */
#ifndef LIION__UA_INTERNAL_H
#define LIION__UA_INTERNAL_H

#include "core/arena.h"
#include "core/bytes.h"
#include "core/core.h"

#include <liion/opcua.h>

/* String / ByteString / XmlElement. len < 0 means null (data NULL); otherwise data points to
 * len bytes plus a NUL (in the arena, or static for empty strings). */
typedef struct liion__ua_str {
    const uint8_t *data;
    int32_t len;
} liion__ua_str;

typedef struct liion__ua_guid {
    uint8_t b[16]; /* wire order */
} liion__ua_guid;

struct liion_ua_nodeid {
    uint16_t ns;
    uint8_t id_type; /* liion_ua_id_type */
    uint32_t num;
    liion__ua_str s; /* String / ByteString identifier */
    liion__ua_guid g;
};

struct liion_ua_expandednodeid {
    liion_ua_nodeid id;
    liion__ua_str uri; /* present iff flags & 0x80 */
    uint32_t server_index; /* present iff flags & 0x40 */
    uint8_t flags;
};

typedef struct liion__ua_qname {
    uint16_t ns;
    liion__ua_str name;
} liion__ua_qname;

typedef struct liion__ua_ltext {
    uint8_t mask; /* 0x01 locale, 0x02 text */
    liion__ua_str locale;
    liion__ua_str text;
} liion__ua_ltext;

struct liion_ua_extobj {
    liion_ua_nodeid type_id;
    uint8_t encoding; /* 0, 1, 2 */
    liion__ua_str body;
};

struct liion_ua_diaginfo {
    uint8_t mask;
    int32_t symbolic_id, namespace_uri, localized_text, locale;
    liion__ua_str additional_info;
    uint32_t inner_status;
    liion_ua_diaginfo *inner;
};

/* Variant. Scalars of fixed-size types and String-like scalars live in `inl`; every other
 * scalar and every array live in the arena behind `data`. Arrays of fixed-size types are
 * contiguous C arrays of the element type (Boolean as uint8_t 0/1, Guid as liion__ua_guid);
 * arrays of the others are arrays of the structs above (liion__ua_str, liion_ua_nodeid, ...,
 * liion_ua_variant for Variant[]). */
struct liion_ua_variant {
    uint8_t type;     /* liion_ua_type, 0 = null Variant */
    uint8_t is_array;
    uint8_t wire_type; /* 26..31: a reserved Variant type id read as ByteString (type 15) and
                        * written back as is; 0 otherwise. Ignored unless type is ByteString. */
    int32_t length;   /* arrays: -1 null, else element count; scalars 1; null Variant 0 */
    uint32_t ndims;   /* ArrayDimensions on the wire (0 = field absent) */
    int32_t *dims;
    void *data;
    union {
        uint64_t u64;
        int64_t i64;
        double f64;
        float f32;
        uint32_t u32;
        int32_t i32;
        uint16_t u16;
        int16_t i16;
        uint8_t u8;
        int8_t i8;
        liion__ua_str str;
    } inl;
};

struct liion_ua_datavalue {
    uint8_t mask;
    uint16_t source_ps, server_ps;
    uint32_t status;
    int64_t source_ts, server_ts;
    liion_ua_variant value;
};

/* ---- type facts ---------------------------------------------------------------------- */

extern const uint8_t liion__ua_elem_sizes[26];

/* Size of one element in memory (arrays) for types 1..25; 0 for 0 and out of range. */
static inline size_t liion__ua_elem_size(unsigned type)
{
    return type <= 25 ? liion__ua_elem_sizes[type] : 0;
}
/* Alignment of one element in memory. */
size_t liion__ua_elem_align(unsigned type);
/* Smallest number of wire bytes one element can take (for the length-vs-bytes-left check). */
size_t liion__ua_min_wire(unsigned type);

#define LIION__UA_FIXED_MASK                                                                  \
    (UINT32_C(0xFFE) | (UINT32_C(1) << 13) | (UINT32_C(1) << 14) | (UINT32_C(1) << 19))
#define LIION__UA_STRINGLIKE_MASK ((UINT32_C(1) << 12) | (UINT32_C(1) << 15) | (UINT32_C(1) << 16))

/* Fixed-size ("overlayable") types: Boolean..Double, DateTime, Guid, StatusCode. */
static inline bool liion__ua_is_fixed(unsigned type)
{
    return type < 32 && ((LIION__UA_FIXED_MASK >> type) & 1u);
}

/* Scalars of these types live inside a variant's `inl`: fixed-size and String-like ones. */
static inline bool liion__ua_is_inline(unsigned type)
{
    return type < 32 && (((LIION__UA_FIXED_MASK | LIION__UA_STRINGLIKE_MASK) >> type) & 1u);
}

/* ---- decoder ------------------------------------------------------------------------- */

typedef struct liion__ua_dec {
    liion_ctx *ctx;
    liion__arena *arena;
    liion__rd rd;
    uint32_t depth;      /* current nesting */
    uint32_t max_depth;
    uint64_t items;      /* array elements decoded so far */
    uint64_t max_items;
    uint64_t max_str;    /* largest String/ByteString accepted */
} liion__ua_dec;

/* Bind a decoder to ctx (limits) and arena over data[0..len). */
void liion__ua_dec_init(liion__ua_dec *d, liion_ctx *ctx, liion__arena *arena,
                        const uint8_t *data, size_t len);

/* Each returns LIION_OK or the error (set on ctx with the offset). On error *out may hold
 * arena memory; the arena owner drops it. */
liion_status liion__ua_dec_string(liion__ua_dec *d, liion__ua_str *out);
liion_status liion__ua_dec_guid(liion__ua_dec *d, liion__ua_guid *out);
liion_status liion__ua_dec_nodeid(liion__ua_dec *d, liion_ua_nodeid *out);
liion_status liion__ua_dec_expandednodeid(liion__ua_dec *d, liion_ua_expandednodeid *out);
liion_status liion__ua_dec_qname(liion__ua_dec *d, liion__ua_qname *out);
liion_status liion__ua_dec_ltext(liion__ua_dec *d, liion__ua_ltext *out);
liion_status liion__ua_dec_extobj(liion__ua_dec *d, liion_ua_extobj *out);
liion_status liion__ua_dec_datavalue(liion__ua_dec *d, liion_ua_datavalue *out);
liion_status liion__ua_dec_variant(liion__ua_dec *d, liion_ua_variant *out);
liion_status liion__ua_dec_diaginfo(liion__ua_dec *d, liion_ua_diaginfo *out);
/* One element of built-in type `type` (1..25) into `out` (elem_size(type) bytes). */
liion_status liion__ua_dec_elem(liion__ua_dec *d, unsigned type, void *out);
/* A bare value of built-in type `type` as the scalar of a Variant (Variant type decodes into
 * *out itself; DataValue into *dv, with out->data = dv). */
liion_status liion__ua_dec_root(liion__ua_dec *d, unsigned type, liion_ua_variant *out,
                                liion_ua_datavalue *dv);

/* ---- encoder ------------------------------------------------------------------------- */

void liion__ua_enc_string(liion__wr *w, const liion__ua_str *s);
void liion__ua_enc_nodeid(liion__wr *w, const liion_ua_nodeid *id);
void liion__ua_enc_expandednodeid(liion__wr *w, const liion_ua_expandednodeid *e);
void liion__ua_enc_datavalue(liion__wr *w, const liion_ua_datavalue *dv);
void liion__ua_enc_variant(liion__wr *w, const liion_ua_variant *v);
void liion__ua_enc_diaginfo(liion__wr *w, const liion_ua_diaginfo *di);
void liion__ua_enc_elem(liion__wr *w, unsigned type, const void *elem);
/* The inverse of liion__ua_dec_root. */
void liion__ua_enc_root(liion__wr *w, unsigned type, const liion_ua_variant *v);

/* Fast paths for a DataValue whose value is absent or a scalar of a fixed-size type (the
 * common telemetry case): straight loads and stores, no cursor. They give the same bytes and
 * the same in-memory value as the general functions.
 *   liion__ua_dv_fast_size:   wire size, or 0 when the fast path does not apply;
 *   liion__ua_dv_fast_encode: write exactly that many bytes to p;
 *   liion__ua_dv_fast_decode: decode from p[0..len) and return the bytes used, or 0 when the
 *                             fast path does not apply or the input is short/malformed (the
 *                             caller then runs the general decoder, which reports the error). */

/* Pointer to element i of v (scalars: i == 0, pointing into inl or data). */
static inline const void *liion__ua_variant_elem(const liion_ua_variant *v, size_t i)
{
    if (v->is_array)
        return (const uint8_t *)v->data + i * liion__ua_elem_size(v->type);
    if (liion__ua_is_inline(v->type))
        return &v->inl;
    return v->data;
}

/* The type id a Variant writes in its encoding mask: its type, or the reserved id 26..31 it was
 * decoded with (held as ByteString). */
static inline unsigned liion__ua_variant_wire_type(const liion_ua_variant *v)
{
    if (v->type == LIION_UA_TYPE_BYTESTRING && v->wire_type >= 26 && v->wire_type <= 31)
        return v->wire_type;
    return v->type;
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#  define LIION__UA_LE_HOST 1
#else
#  define LIION__UA_LE_HOST 0
#endif

/* ---- fast paths for scalar DataValues ------------------------------------------------ */

/* Little-endian loads and stores that compile to single moves on a little-endian host. */
static inline void liion__ua_st16(uint8_t *p, uint16_t v)
{
    if (LIION__UA_LE_HOST)
        memcpy(p, &v, 2);
    else
        liion__store_le16(p, v);
}

static inline void liion__ua_st32(uint8_t *p, uint32_t v)
{
    if (LIION__UA_LE_HOST)
        memcpy(p, &v, 4);
    else
        liion__store_le32(p, v);
}

static inline void liion__ua_st64(uint8_t *p, uint64_t v)
{
    if (LIION__UA_LE_HOST)
        memcpy(p, &v, 8);
    else
        liion__store_le64(p, v);
}

static inline uint16_t liion__ua_ld16(const uint8_t *p)
{
    uint16_t v;
    if (!LIION__UA_LE_HOST)
        return liion__load_le16(p);
    memcpy(&v, p, 2);
    return v;
}

static inline uint32_t liion__ua_ld32(const uint8_t *p)
{
    uint32_t v;
    if (!LIION__UA_LE_HOST)
        return liion__load_le32(p);
    memcpy(&v, p, 4);
    return v;
}

static inline uint64_t liion__ua_ld64(const uint8_t *p)
{
    uint64_t v;
    if (!LIION__UA_LE_HOST)
        return liion__load_le64(p);
    memcpy(&v, p, 8);
    return v;
}

/* Wire size of a scalar fixed-size value of `type` (0 when not fixed-size). */
static inline size_t liion__ua_fixed_wire(unsigned type)
{
    return liion__ua_is_fixed(type) ? liion__ua_elem_sizes[type] : 0;
}

static inline uint16_t liion__ua_clamp_ps(uint16_t ps)
{
    return ps > 9999 ? (uint16_t)9999 : ps;
}

static inline size_t liion__ua_dv_fast_size(const liion_ua_datavalue *dv)
{
    uint8_t m = dv->mask;
    size_t n = 1;
    if (m & LIION_UA_DV_VALUE) {
        size_t s;
        if (dv->value.is_array || (s = liion__ua_fixed_wire(dv->value.type)) == 0)
            return 0;
        n += 1 + s;
    }
    n += (m & LIION_UA_DV_STATUS) ? 4u : 0u;
    n += (m & LIION_UA_DV_SOURCE_TIMESTAMP) ? 8u : 0u;
    n += (m & LIION_UA_DV_SOURCE_PICOSECONDS) ? 2u : 0u;
    n += (m & LIION_UA_DV_SERVER_TIMESTAMP) ? 8u : 0u;
    n += (m & LIION_UA_DV_SERVER_PICOSECONDS) ? 2u : 0u;
    return n;
}

static inline void liion__ua_dv_fast_encode(uint8_t *p, const liion_ua_datavalue *dv)
{
    uint8_t m = dv->mask;
    *p++ = m;
    if (m & LIION_UA_DV_VALUE) {
        unsigned type = dv->value.type;
        const uint8_t *src = (const uint8_t *)&dv->value.inl;
        *p++ = (uint8_t)type;
        switch (liion__ua_elem_sizes[type]) {
        case 1:
            *p++ = type == LIION_UA_TYPE_BOOLEAN ? (uint8_t)(*src != 0) : *src;
            break;
        case 2:
            liion__ua_st16(p, dv->value.inl.u16);
            p += 2;
            break;
        case 4: {
            uint32_t u = dv->value.inl.u32;
            if (type == LIION_UA_TYPE_FLOAT && (u & 0x7F800000u) == 0x7F800000u &&
                (u & 0x007FFFFFu) != 0)
                u = 0xFFC00000u;
            liion__ua_st32(p, u);
            p += 4;
            break;
        }
        case 8: {
            uint64_t u = dv->value.inl.u64;
            if (type == LIION_UA_TYPE_DOUBLE &&
                (u & UINT64_C(0x7FF0000000000000)) == UINT64_C(0x7FF0000000000000) &&
                (u & UINT64_C(0x000FFFFFFFFFFFFF)) != 0)
                u = UINT64_C(0xFFF8000000000000);
            liion__ua_st64(p, u);
            p += 8;
            break;
        }
        default: /* Guid */
            memcpy(p, src, 16);
            p += 16;
            break;
        }
    }
    if (m & LIION_UA_DV_STATUS) {
        liion__ua_st32(p, dv->status);
        p += 4;
    }
    if (m & LIION_UA_DV_SOURCE_TIMESTAMP) {
        liion__ua_st64(p, (uint64_t)dv->source_ts);
        p += 8;
    }
    if (m & LIION_UA_DV_SOURCE_PICOSECONDS) {
        liion__ua_st16(p, dv->source_ps);
        p += 2;
    }
    if (m & LIION_UA_DV_SERVER_TIMESTAMP) {
        liion__ua_st64(p, (uint64_t)dv->server_ts);
        p += 8;
    }
    if (m & LIION_UA_DV_SERVER_PICOSECONDS)
        liion__ua_st16(p, dv->server_ps);
}

static inline size_t liion__ua_dv_fast_decode(const uint8_t *p, size_t len, liion_ua_datavalue *out)
{
    uint8_t m, vt = 0;
    size_t n = 1, s = 0;
    const uint8_t *q;
    if (len < 1)
        return 0;
    m = p[0];
    if (m & 0xC0)
        return 0;
    if (m & LIION_UA_DV_VALUE) {
        if (len < 2)
            return 0;
        vt = p[1];
        if ((s = liion__ua_fixed_wire(vt)) == 0) /* also refuses array / dimension bits */
            return 0;
        n += 1 + s;
    }
    n += (m & LIION_UA_DV_STATUS) ? 4u : 0u;
    n += (m & LIION_UA_DV_SOURCE_TIMESTAMP) ? 8u : 0u;
    n += (m & LIION_UA_DV_SOURCE_PICOSECONDS) ? 2u : 0u;
    n += (m & LIION_UA_DV_SERVER_TIMESTAMP) ? 8u : 0u;
    n += (m & LIION_UA_DV_SERVER_PICOSECONDS) ? 2u : 0u;
    if (len < n)
        return 0;
    q = p + 1;
    out->mask = m;
    out->value.is_array = 0;
    out->value.ndims = 0;
    out->value.dims = NULL;
    out->value.data = NULL;
    out->value.inl.u64 = 0;
    if (m & LIION_UA_DV_VALUE) {
        out->value.type = vt;
        out->value.length = 1;
        q++;
        switch (s) {
        case 1:
            out->value.inl.u8 = vt == LIION_UA_TYPE_BOOLEAN ? (uint8_t)(*q != 0) : *q;
            break;
        case 2:
            out->value.inl.u16 = liion__ua_ld16(q);
            break;
        case 4:
            out->value.inl.u32 = liion__ua_ld32(q);
            break;
        case 8:
            out->value.inl.u64 = liion__ua_ld64(q);
            break;
        default:
            memcpy(&out->value.inl, q, 16);
            break;
        }
        q += s;
    } else {
        out->value.type = 0;
        out->value.length = 0;
    }
    out->status = 0;
    out->source_ts = out->server_ts = 0;
    out->source_ps = out->server_ps = 0;
    if (m & LIION_UA_DV_STATUS) {
        out->status = liion__ua_ld32(q);
        q += 4;
    }
    if (m & LIION_UA_DV_SOURCE_TIMESTAMP) {
        out->source_ts = (int64_t)liion__ua_ld64(q);
        q += 8;
    }
    if (m & LIION_UA_DV_SOURCE_PICOSECONDS) {
        out->source_ps = liion__ua_clamp_ps(liion__ua_ld16(q));
        q += 2;
    }
    if (m & LIION_UA_DV_SERVER_TIMESTAMP) {
        out->server_ts = (int64_t)liion__ua_ld64(q);
        q += 8;
    }
    if (m & LIION_UA_DV_SERVER_PICOSECONDS)
        out->server_ps = liion__ua_clamp_ps(liion__ua_ld16(q));
    return n;
}

#endif /* LIION__UA_INTERNAL_H */
