/*
 * OPC UA PubSub UADP NetworkMessages (OPC 10000-14 §7.2.4): an arena-backed message handle,
 * its decoder, encoder, builders and accessors. Variants and DataValues inside the message go
 * through the OPC UA Binary codec of ua_internal.h on the same reader / writer.
 */
#include "opcua/ua_internal.h"

#include <liion/uadp.h>

/* wire bits */
#define F_VERSION_MASK 0x0Fu
#define F_PUBID 0x10u
#define F_GROUP 0x20u
#define F_PAYLOAD 0x40u
#define F_EF1 0x80u
#define EF1_TYPE_MASK 0x07u
#define EF1_CLASSID 0x08u
#define EF1_SECURITY 0x10u
#define EF1_TIMESTAMP 0x20u
#define EF1_PICO 0x40u
#define EF1_EF2 0x80u
#define EF2_CHUNK 0x01u
#define EF2_PROMOTED 0x02u
#define EF2_TYPE_MASK 0x1Cu
#define EF2_RESERVED 0xE0u
#define G_WGID 0x01u
#define G_VERSION 0x02u
#define G_NMNUM 0x04u
#define G_SEQ 0x08u
#define S_SIGNED 0x01u
#define S_ENCRYPTED 0x02u
#define S_FOOTER 0x04u
#define S_RESET 0x08u
#define D1_VALID 0x01u
#define D1_SEQ 0x08u
#define D1_STATUS 0x10u
#define D1_MAJOR 0x20u
#define D1_MINOR 0x40u
#define D1_FLAGS2 0x80u
#define D2_TIMESTAMP 0x10u
#define D2_PICO 0x20u
#define D2_RESERVED 0xC0u

#define NM_ALL_FLAGS 0x3FFFu
#define NM_GROUP_FIELDS                                                                       \
    (LIION_UADP_NM_WRITER_GROUP_ID | LIION_UADP_NM_GROUP_VERSION |                            \
     LIION_UADP_NM_NETWORK_MESSAGE_NUMBER | LIION_UADP_NM_SEQUENCE_NUMBER)
#define DSM_ALL_FLAGS 0xFFu

typedef struct uadp_field {
    uint16_t index;
    liion_ua_datavalue dv;
} uadp_field;

typedef struct uadp_dsm {
    uint16_t writer_id;
    uint8_t encoding;
    uint8_t type;
    uint32_t flags;
    uint16_t seq, status;
    uint32_t cfg_major, cfg_minor;
    int64_t ts;
    uint16_t ps;
    uadp_field *fields;
    uint32_t nfields, cap;
    const uint8_t *raw; /* RawData payload as received (arena), NULL when built */
    size_t raw_len;
} uadp_dsm;

struct liion_uadp_msg {
    liion_ctx *ctx;
    liion__arena arena;
    uint32_t flags;
    uint8_t pubid_type;
    uint64_t pubid_num;
    liion__ua_str pubid_str;
    uint8_t class_id[16];
    uint16_t wgid, nmnum, seq;
    uint32_t gver;
    int64_t ts;
    uint16_t ps;
    uint8_t sec_flags;
    uint32_t token_id;
    const uint8_t *nonce;
    uint8_t nonce_len;
    liion_ua_variant *promoted;
    uint32_t npromoted, cap_promoted;
    uint32_t ndsm;
    uadp_dsm dsm[LIION_UADP_MAX_DSM];
};

/* ---- handle ------------------------------------------------------------------------------ */

static liion_status enter(liion_uadp_msg *m)
{
    if (m == NULL)
        return LIION_E_INVALID_ARG;
    return liion__ctx_enter(m->ctx);
}

static void clear(liion_uadp_msg *m)
{
    liion__arena_reset(&m->arena);
    m->flags = 0;
    m->pubid_type = 0;
    m->pubid_num = 0;
    m->pubid_str.data = NULL;
    m->pubid_str.len = -1;
    memset(m->class_id, 0, sizeof m->class_id);
    m->wgid = m->nmnum = m->seq = 0;
    m->gver = 0;
    m->ts = 0;
    m->ps = 0;
    m->sec_flags = 0;
    m->token_id = 0;
    m->nonce = NULL;
    m->nonce_len = 0;
    m->promoted = NULL;
    m->npromoted = m->cap_promoted = 0;
    m->ndsm = 0;
}

LIION_API liion_status liion_uadp_msg_new(liion_uadp_msg **out, liion_ctx *ctx)
{
    liion_status st;
    liion_uadp_msg *m;
    if (out == NULL)
        return ctx != NULL && liion__ctx_valid(ctx)
                   ? liion__error(ctx, LIION_E_INVALID_ARG, "liion_uadp_msg_new: out is NULL")
                   : LIION_E_INVALID_ARG;
    *out = NULL;
    if ((st = liion__ctx_enter(ctx)) != LIION_OK)
        return st;
    m = liion__calloc(ctx, 1, sizeof *m);
    if (m == NULL)
        return LIION_E_NOMEM;
    m->ctx = ctx;
    liion__arena_init(&m->arena, ctx, 0);
    clear(m);
    *out = m;
    return LIION_OK;
}

LIION_API void liion_uadp_msg_free(liion_uadp_msg *m)
{
    if (m == NULL)
        return;
    liion__arena_free(&m->arena);
    liion__free(m->ctx, m, sizeof *m);
}

LIION_API void liion_uadp_msg_reset(liion_uadp_msg *m)
{
    if (m != NULL)
        clear(m);
}

/* ---- decoder ----------------------------------------------------------------------------- */

static liion_status trunc_at(liion__ua_dec *d, size_t at, const char *what)
{
    return liion__error_at(d->ctx, LIION_E_TRUNCATED, at, "UADP %s: input ends at byte %zu",
                           what, d->rd.len);
}

#define RD(fn, out, what)                                                                     \
    do {                                                                                      \
        if (!liion__rd_##fn(&d->rd, (out)))                                                   \
            return trunc_at(d, d->rd.pos, (what));                                            \
    } while (0)

static liion_status bad(liion__ua_dec *d, size_t at, const char *what, unsigned v)
{
    return liion__error_at(d->ctx, LIION_E_DECODE, at, "UADP %s: 0x%02X", what, v);
}

static liion_status unsupported(liion__ua_dec *d, size_t at, const char *what)
{
    return liion__error_at(d->ctx, LIION_E_UNSUPPORTED, at, "UADP %s is not supported", what);
}

static liion_status count_items(liion__ua_dec *d, size_t at, uint64_t n)
{
    d->items += n;
    if (d->items > d->max_items)
        return liion__error_at(d->ctx, LIION_E_LIMIT, at,
                               "UADP: more than %llu items (context limit)",
                               (unsigned long long)d->max_items);
    return LIION_OK;
}

static liion_status dec_field_value(liion__ua_dec *d, unsigned enc, uadp_field *f)
{
    if (enc == LIION_UADP_ENC_DATAVALUE) {
        /* scalar telemetry DataValues: straight loads (two nesting levels, no allocation) */
        size_t n = d->max_depth >= 2 ? liion__ua_dv_fast_decode(d->rd.base + d->rd.pos,
                                                                liion__rd_left(&d->rd), &f->dv)
                                     : 0;
        if (n != 0) {
            d->rd.pos += n;
            return LIION_OK;
        }
        return liion__ua_dec_datavalue(d, &f->dv);
    }
    memset(&f->dv, 0, sizeof f->dv);
    f->dv.mask = LIION_UA_DV_VALUE;
    return liion__ua_dec_variant(d, &f->dv.value);
}

/* Fields of a Variant or DataValue DataSetMessage: FieldCount, then values (or index+value). */
static liion_status dec_fields(liion__ua_dec *d, uadp_dsm *s)
{
    uint16_t n;
    size_t at = d->rd.pos, per = s->type == LIION_UADP_DSM_DELTAFRAME ? 3u : 1u;
    liion_status st;
    RD(le16, &n, "FieldCount");
    if ((size_t)n > liion__rd_left(&d->rd) / per)
        return liion__error_at(d->ctx, LIION_E_TRUNCATED, at,
                               "UADP FieldCount %u exceeds the %zu bytes left", (unsigned)n,
                               liion__rd_left(&d->rd));
    if ((st = count_items(d, at, n)) != LIION_OK)
        return st;
    if (n != 0) {
        s->fields = liion__arena_alloc(d->arena, (size_t)n * sizeof *s->fields,
                                       _Alignof(uadp_field));
        if (s->fields == NULL)
            return LIION_E_NOMEM;
    }
    s->cap = n;
    for (uint32_t j = 0; j < n; j++) {
        uadp_field *f = &s->fields[j];
        f->index = (uint16_t)j;
        if (s->type == LIION_UADP_DSM_DELTAFRAME)
            RD(le16, &f->index, "field index");
        if ((st = dec_field_value(d, s->encoding, f)) != LIION_OK)
            return st;
        s->nfields = j + 1;
    }
    return LIION_OK;
}

/* One DataSetMessage occupying d->rd up to `end` (absolute). */
static liion_status dec_dsm(liion__ua_dec *d, uadp_dsm *s, size_t end)
{
    size_t total = d->rd.len, at = d->rd.pos;
    uint8_t f1, f2 = 0;
    liion_status st;
    d->rd.len = end;
    RD(u8, &f1, "DataSetFlags1");
    s->encoding = (uint8_t)((f1 >> 1) & 3u);
    if (s->encoding == 3)
        return bad(d, at, "reserved field encoding in DataSetFlags1", f1);
    s->flags = (f1 & D1_VALID ? LIION_UADP_DSM_VALID : 0u) |
               (f1 & D1_SEQ ? LIION_UADP_DSM_SEQUENCE_NUMBER : 0u) |
               (f1 & D1_STATUS ? LIION_UADP_DSM_STATUS : 0u) |
               (f1 & D1_MAJOR ? LIION_UADP_DSM_CONFIG_MAJOR : 0u) |
               (f1 & D1_MINOR ? LIION_UADP_DSM_CONFIG_MINOR : 0u);
    if (f1 & D1_FLAGS2) {
        at = d->rd.pos;
        RD(u8, &f2, "DataSetFlags2");
        if ((f2 & 0x0Fu) > LIION_UADP_DSM_KEEPALIVE)
            return bad(d, at, "reserved DataSetMessage type in DataSetFlags2", f2);
        if (f2 & D2_RESERVED)
            return bad(d, at, "reserved bits in DataSetFlags2", f2);
        s->flags |= LIION_UADP_DSM_FLAGS2 | (f2 & D2_TIMESTAMP ? LIION_UADP_DSM_TIMESTAMP : 0u) |
                    (f2 & D2_PICO ? LIION_UADP_DSM_PICOSECONDS : 0u);
    }
    s->type = (uint8_t)(f2 & 0x0Fu);
    if (f1 & D1_SEQ)
        RD(le16, &s->seq, "DataSetMessageSequenceNumber");
    if (f2 & D2_TIMESTAMP) {
        uint64_t t;
        RD(le64, &t, "DataSetMessage Timestamp");
        s->ts = (int64_t)t;
    }
    if (f2 & D2_PICO)
        RD(le16, &s->ps, "DataSetMessage PicoSeconds");
    if (f1 & D1_STATUS)
        RD(le16, &s->status, "DataSetMessage Status");
    if (f1 & D1_MAJOR)
        RD(le32, &s->cfg_major, "ConfigurationVersion MajorVersion");
    if (f1 & D1_MINOR)
        RD(le32, &s->cfg_minor, "ConfigurationVersion MinorVersion");
    if (s->type != LIION_UADP_DSM_KEEPALIVE) {
        if (s->encoding == LIION_UADP_ENC_RAWDATA) {
            size_t n = liion__rd_left(&d->rd);
            const uint8_t *p;
            (void)liion__rd_bytes(&d->rd, n, &p);
            if (n != 0 && (s->raw = liion__arena_memdup(d->arena, p, n)) == NULL)
                return LIION_E_NOMEM;
            s->raw_len = n;
        } else if ((st = dec_fields(d, s)) != LIION_OK) {
            return st;
        }
    }
    if (d->rd.pos != end)
        return liion__error_at(d->ctx, LIION_E_DECODE, d->rd.pos,
                               "UADP DataSetMessage: %zu bytes left over", end - d->rd.pos);
    d->rd.len = total;
    return LIION_OK;
}

static liion_status dec_promoted(liion__ua_dec *d, liion_uadp_msg *m)
{
    uint16_t size;
    size_t at = d->rd.pos, end, total = d->rd.len;
    liion_status st;
    RD(le16, &size, "PromotedFields size");
    if (size > liion__rd_left(&d->rd))
        return liion__error_at(d->ctx, LIION_E_TRUNCATED, at,
                               "UADP PromotedFields size %u exceeds the %zu bytes left",
                               (unsigned)size, liion__rd_left(&d->rd));
    end = d->rd.pos + size;
    d->rd.len = end;
    while (d->rd.pos < end) {
        if (m->npromoted == m->cap_promoted) {
            uint32_t cap = m->cap_promoted ? m->cap_promoted * 2u : 4u;
            liion_ua_variant *p = liion__arena_alloc(&m->arena, cap * sizeof *p,
                                                     _Alignof(liion_ua_variant));
            if (p == NULL)
                return LIION_E_NOMEM;
            if (m->npromoted)
                memcpy(p, m->promoted, m->npromoted * sizeof *p);
            m->promoted = p;
            m->cap_promoted = cap;
        }
        if ((st = count_items(d, d->rd.pos, 1)) != LIION_OK)
            return st;
        if ((st = liion__ua_dec_variant(d, &m->promoted[m->npromoted])) != LIION_OK)
            return st;
        m->npromoted++;
    }
    d->rd.len = total;
    return LIION_OK;
}

static liion_status dec_msg(liion_uadp_msg *m, liion__ua_dec *d)
{
    uint8_t f, ef1 = 0, ef2 = 0, count = 1;
    size_t at = 0;
    uint16_t sizes[LIION_UADP_MAX_DSM];
    bool has_payload_header;
    liion_status st;

    RD(u8, &f, "flags");
    if ((f & F_VERSION_MASK) != 1)
        return bad(d, 0, "UADPVersion is not 1 in the flags", f);
    if (f & F_PUBID)
        m->flags |= LIION_UADP_NM_PUBLISHER_ID;
    if (f & F_GROUP)
        m->flags |= LIION_UADP_NM_GROUP_HEADER;
    if (f & F_PAYLOAD)
        m->flags |= LIION_UADP_NM_PAYLOAD_HEADER;
    if (f & F_EF1) {
        m->flags |= LIION_UADP_NM_EXT_FLAGS1;
        at = d->rd.pos;
        RD(u8, &ef1, "ExtendedFlags1");
        if ((ef1 & EF1_TYPE_MASK) > LIION_UADP_PUBID_STRING)
            return bad(d, at, "reserved PublisherId type in ExtendedFlags1", ef1);
        m->pubid_type = (uint8_t)(ef1 & EF1_TYPE_MASK);
        if (ef1 & EF1_CLASSID)
            m->flags |= LIION_UADP_NM_DATASET_CLASS_ID;
        if (ef1 & EF1_SECURITY)
            m->flags |= LIION_UADP_NM_SECURITY;
        if (ef1 & EF1_TIMESTAMP)
            m->flags |= LIION_UADP_NM_TIMESTAMP;
        if (ef1 & EF1_PICO)
            m->flags |= LIION_UADP_NM_PICOSECONDS;
        if (ef1 & EF1_EF2) {
            m->flags |= LIION_UADP_NM_EXT_FLAGS2;
            at = d->rd.pos;
            RD(u8, &ef2, "ExtendedFlags2");
            if (ef2 & EF2_CHUNK)
                return unsupported(d, at, "chunked NetworkMessage");
            if (ef2 & EF2_TYPE_MASK)
                return unsupported(d, at, "discovery NetworkMessage");
            if (ef2 & EF2_RESERVED)
                return bad(d, at, "reserved bits in ExtendedFlags2", ef2);
            if (ef2 & EF2_PROMOTED)
                m->flags |= LIION_UADP_NM_PROMOTED_FIELDS;
        }
    }
    if (f & F_PUBID) {
        switch (m->pubid_type) {
        case LIION_UADP_PUBID_BYTE: {
            uint8_t v;
            RD(u8, &v, "PublisherId");
            m->pubid_num = v;
            break;
        }
        case LIION_UADP_PUBID_UINT16: {
            uint16_t v;
            RD(le16, &v, "PublisherId");
            m->pubid_num = v;
            break;
        }
        case LIION_UADP_PUBID_UINT32: {
            uint32_t v;
            RD(le32, &v, "PublisherId");
            m->pubid_num = v;
            break;
        }
        case LIION_UADP_PUBID_UINT64:
            RD(le64, &m->pubid_num, "PublisherId");
            break;
        default:
            if ((st = liion__ua_dec_string(d, &m->pubid_str)) != LIION_OK)
                return st;
            break;
        }
    }
    if ((ef1 & EF1_CLASSID) && !liion__rd_copy(&d->rd, m->class_id, 16))
        return trunc_at(d, d->rd.pos, "DataSetClassId");
    if (f & F_GROUP) {
        uint8_t g;
        at = d->rd.pos;
        RD(u8, &g, "GroupFlags");
        if (g & 0xF0u)
            return bad(d, at, "reserved bits in GroupFlags", g);
        if (g & G_WGID) {
            m->flags |= LIION_UADP_NM_WRITER_GROUP_ID;
            RD(le16, &m->wgid, "WriterGroupId");
        }
        if (g & G_VERSION) {
            m->flags |= LIION_UADP_NM_GROUP_VERSION;
            RD(le32, &m->gver, "GroupVersion");
        }
        if (g & G_NMNUM) {
            m->flags |= LIION_UADP_NM_NETWORK_MESSAGE_NUMBER;
            RD(le16, &m->nmnum, "NetworkMessageNumber");
        }
        if (g & G_SEQ) {
            m->flags |= LIION_UADP_NM_SEQUENCE_NUMBER;
            RD(le16, &m->seq, "SequenceNumber");
        }
    }
    has_payload_header = (f & F_PAYLOAD) != 0;
    if (has_payload_header) {
        RD(u8, &count, "PayloadHeader Count");
        for (unsigned i = 0; i < count; i++)
            RD(le16, &m->dsm[i].writer_id, "DataSetWriterId");
    }
    if (ef1 & EF1_TIMESTAMP) {
        uint64_t t;
        RD(le64, &t, "Timestamp");
        m->ts = (int64_t)t;
    }
    if (ef1 & EF1_PICO)
        RD(le16, &m->ps, "PicoSeconds");
    if (ef2 & EF2_PROMOTED) {
        if ((st = dec_promoted(d, m)) != LIION_OK)
            return st;
    }
    if (ef1 & EF1_SECURITY) {
        uint8_t sf;
        const uint8_t *p;
        at = d->rd.pos;
        RD(u8, &sf, "SecurityFlags");
        if (sf & (S_SIGNED | S_ENCRYPTED))
            return unsupported(d, at, "signed or encrypted NetworkMessage");
        if (sf & S_FOOTER)
            return unsupported(d, at, "security footer");
        if (sf & 0xF0u)
            return bad(d, at, "reserved bits in SecurityFlags", sf);
        m->sec_flags = sf;
        RD(le32, &m->token_id, "SecurityTokenId");
        RD(u8, &m->nonce_len, "NonceLength");
        at = d->rd.pos;
        if (!liion__rd_bytes(&d->rd, m->nonce_len, &p))
            return trunc_at(d, at, "MessageNonce");
        if (m->nonce_len != 0 && (m->nonce = liion__arena_memdup(&m->arena, p, m->nonce_len)) == NULL)
            return LIION_E_NOMEM;
    }
    /* payload */
    if (!has_payload_header)
        count = liion__rd_left(&d->rd) != 0 ? 1 : 0;
    if (has_payload_header && count > 1) {
        size_t sum = 0;
        at = d->rd.pos;
        for (unsigned i = 0; i < count; i++) {
            RD(le16, &sizes[i], "DataSetMessage size");
            sum += sizes[i];
        }
        if (sum != liion__rd_left(&d->rd))
            return liion__error_at(d->ctx, LIION_E_DECODE, at,
                                   "UADP DataSetMessage sizes add up to %zu, %zu bytes follow",
                                   sum, liion__rd_left(&d->rd));
    } else if (count == 1) {
        sizes[0] = 0; /* the rest of the message */
    }
    for (unsigned i = 0; i < count; i++) {
        uadp_dsm *s = &m->dsm[i];
        size_t end = count > 1 ? d->rd.pos + sizes[i] : d->rd.len;
        uint16_t wid = has_payload_header ? s->writer_id : 0;
        memset(s, 0, sizeof *s);
        s->writer_id = wid;
        m->ndsm = i + 1;
        if ((st = dec_dsm(d, s, end)) != LIION_OK)
            return st;
    }
    m->ndsm = count;
    return LIION_OK;
}

LIION_API liion_status liion_uadp_msg_decode(liion_uadp_msg *m, const uint8_t *data, size_t len)
{
    liion__ua_dec d;
    liion_status st = enter(m);
    bool clamped = false;
    if (st != LIION_OK)
        return st;
    clear(m);
    if (data == NULL && len != 0)
        return liion__error(m->ctx, LIION_E_INVALID_ARG, "liion_uadp_msg_decode: data is NULL");
    if (len > m->ctx->max_message_bytes) {
        len = (size_t)m->ctx->max_message_bytes;
        clamped = true;
    }
    liion__ua_dec_init(&d, m->ctx, &m->arena, data, len);
    st = dec_msg(m, &d);
    if (LIION__UNLIKELY(st != LIION_OK)) {
        if (clamped && st == LIION_E_TRUNCATED)
            st = liion__error_at(m->ctx, LIION_E_LIMIT, len,
                                 "UADP message is longer than the message-bytes limit %zu", len);
        clear(m);
        return st;
    }
    if (clamped) {
        clear(m);
        return liion__error_at(m->ctx, LIION_E_LIMIT, len,
                               "UADP message is longer than the message-bytes limit %zu", len);
    }
    return LIION_OK;
}

/* ---- encoder ----------------------------------------------------------------------------- */

static void enc_field(liion__wr *w, unsigned enc, const uadp_field *f)
{
    if (enc == LIION_UADP_ENC_DATAVALUE) {
        size_t n = liion__ua_dv_fast_size(&f->dv);
        if (n != 0) {
            uint8_t *p = liion__wr_take(w, n);
            if (p != NULL)
                liion__ua_dv_fast_encode(p, &f->dv);
        } else {
            liion__ua_enc_datavalue(w, &f->dv);
        }
    } else if (enc == LIION_UADP_ENC_RAWDATA)
        liion__ua_enc_root(w, f->dv.value.type, &f->dv.value);
    else
        liion__ua_enc_variant(w, &f->dv.value);
}

static void enc_dsm(liion__wr *w, const uadp_dsm *s)
{
    uint8_t f1, f2;
    f2 = (uint8_t)(s->type | (s->flags & LIION_UADP_DSM_TIMESTAMP ? D2_TIMESTAMP : 0u) |
                   (s->flags & LIION_UADP_DSM_PICOSECONDS ? D2_PICO : 0u));
    f1 = (uint8_t)((s->flags & LIION_UADP_DSM_VALID ? D1_VALID : 0u) | (unsigned)(s->encoding << 1) |
                   (s->flags & LIION_UADP_DSM_SEQUENCE_NUMBER ? D1_SEQ : 0u) |
                   (s->flags & LIION_UADP_DSM_STATUS ? D1_STATUS : 0u) |
                   (s->flags & LIION_UADP_DSM_CONFIG_MAJOR ? D1_MAJOR : 0u) |
                   (s->flags & LIION_UADP_DSM_CONFIG_MINOR ? D1_MINOR : 0u) |
                   (f2 != 0 || (s->flags & LIION_UADP_DSM_FLAGS2) ? D1_FLAGS2 : 0u));
    liion__wr_u8(w, f1);
    if (f1 & D1_FLAGS2)
        liion__wr_u8(w, f2);
    if (f1 & D1_SEQ)
        liion__wr_le16(w, s->seq);
    if (f2 & D2_TIMESTAMP)
        liion__wr_le64(w, (uint64_t)s->ts);
    if (f2 & D2_PICO)
        liion__wr_le16(w, s->ps);
    if (f1 & D1_STATUS)
        liion__wr_le16(w, s->status);
    if (f1 & D1_MAJOR)
        liion__wr_le32(w, s->cfg_major);
    if (f1 & D1_MINOR)
        liion__wr_le32(w, s->cfg_minor);
    if (s->type == LIION_UADP_DSM_KEEPALIVE)
        return;
    if (s->encoding == LIION_UADP_ENC_RAWDATA && s->raw != NULL) {
        liion__wr_bytes(w, s->raw, s->raw_len);
        return;
    }
    if (s->encoding != LIION_UADP_ENC_RAWDATA || s->type == LIION_UADP_DSM_DELTAFRAME)
        liion__wr_le16(w, (uint16_t)s->nfields);
    for (uint32_t j = 0; j < s->nfields; j++) {
        if (s->type == LIION_UADP_DSM_DELTAFRAME)
            liion__wr_le16(w, s->fields[j].index);
        enc_field(w, s->encoding, &s->fields[j]);
    }
}

static liion_status enc_msg(liion_uadp_msg *m, liion__wr *w)
{
    uint32_t fl = m->flags;
    uint8_t f = 1, ef1 = m->pubid_type, ef2 = 0, g = 0;
    bool payload = (fl & LIION_UADP_NM_PAYLOAD_HEADER) != 0;
    if (m->ndsm > 1 && !payload)
        return liion__error(m->ctx, LIION_E_STATE,
                            "UADP: %u DataSetMessages need a PayloadHeader", (unsigned)m->ndsm);
    if (fl & LIION_UADP_NM_DATASET_CLASS_ID)
        ef1 |= EF1_CLASSID;
    if (fl & LIION_UADP_NM_SECURITY)
        ef1 |= EF1_SECURITY;
    if (fl & LIION_UADP_NM_TIMESTAMP)
        ef1 |= EF1_TIMESTAMP;
    if (fl & LIION_UADP_NM_PICOSECONDS)
        ef1 |= EF1_PICO;
    if (fl & LIION_UADP_NM_PROMOTED_FIELDS)
        ef2 |= EF2_PROMOTED;
    if (ef2 != 0 || (fl & LIION_UADP_NM_EXT_FLAGS2))
        ef1 |= EF1_EF2;
    if (fl & LIION_UADP_NM_WRITER_GROUP_ID)
        g |= G_WGID;
    if (fl & LIION_UADP_NM_GROUP_VERSION)
        g |= G_VERSION;
    if (fl & LIION_UADP_NM_NETWORK_MESSAGE_NUMBER)
        g |= G_NMNUM;
    if (fl & LIION_UADP_NM_SEQUENCE_NUMBER)
        g |= G_SEQ;
    if (fl & LIION_UADP_NM_PUBLISHER_ID)
        f |= F_PUBID;
    if (g != 0 || (fl & LIION_UADP_NM_GROUP_HEADER))
        f |= F_GROUP;
    if (payload)
        f |= F_PAYLOAD;
    if (ef1 != 0 || (fl & LIION_UADP_NM_EXT_FLAGS1))
        f |= F_EF1;
    liion__wr_u8(w, f);
    if (f & F_EF1)
        liion__wr_u8(w, ef1);
    if (ef1 & EF1_EF2)
        liion__wr_u8(w, ef2);
    if (f & F_PUBID) {
        switch (m->pubid_type) {
        case LIION_UADP_PUBID_BYTE:
            liion__wr_u8(w, (uint8_t)m->pubid_num);
            break;
        case LIION_UADP_PUBID_UINT16:
            liion__wr_le16(w, (uint16_t)m->pubid_num);
            break;
        case LIION_UADP_PUBID_UINT32:
            liion__wr_le32(w, (uint32_t)m->pubid_num);
            break;
        case LIION_UADP_PUBID_UINT64:
            liion__wr_le64(w, m->pubid_num);
            break;
        default:
            liion__ua_enc_string(w, &m->pubid_str);
            break;
        }
    }
    if (ef1 & EF1_CLASSID)
        liion__wr_bytes(w, m->class_id, 16);
    if (f & F_GROUP) {
        liion__wr_u8(w, g);
        if (g & G_WGID)
            liion__wr_le16(w, m->wgid);
        if (g & G_VERSION)
            liion__wr_le32(w, m->gver);
        if (g & G_NMNUM)
            liion__wr_le16(w, m->nmnum);
        if (g & G_SEQ)
            liion__wr_le16(w, m->seq);
    }
    if (payload) {
        liion__wr_u8(w, (uint8_t)m->ndsm);
        for (uint32_t i = 0; i < m->ndsm; i++)
            liion__wr_le16(w, m->dsm[i].writer_id);
    }
    if (ef1 & EF1_TIMESTAMP)
        liion__wr_le64(w, (uint64_t)m->ts);
    if (ef1 & EF1_PICO)
        liion__wr_le16(w, m->ps);
    if (ef2 & EF2_PROMOTED) {
        size_t at = w->pos, n;
        liion__wr_le16(w, 0);
        for (uint32_t i = 0; i < m->npromoted; i++)
            liion__ua_enc_variant(w, &m->promoted[i]);
        n = w->pos - at - 2;
        if (n > UINT16_MAX)
            return liion__error(m->ctx, LIION_E_STATE,
                                "UADP: promoted fields take %zu bytes, more than 65535", n);
        liion__wr_patch_le16(w, at, (uint16_t)n);
    }
    if (ef1 & EF1_SECURITY) {
        liion__wr_u8(w, m->sec_flags);
        liion__wr_le32(w, m->token_id);
        liion__wr_u8(w, m->nonce_len);
        liion__wr_bytes(w, m->nonce, m->nonce_len);
    }
    if (payload && m->ndsm > 1) {
        /* sizes first: placeholders, back-patched once each DataSetMessage is written */
        size_t at = w->pos;
        liion__wr_fill(w, 0, 2u * m->ndsm);
        for (uint32_t i = 0; i < m->ndsm; i++) {
            size_t start = w->pos, n;
            enc_dsm(w, &m->dsm[i]);
            n = w->pos - start;
            if (n > UINT16_MAX)
                return liion__error(m->ctx, LIION_E_STATE,
                                    "UADP: DataSetMessage %u takes %zu bytes, more than 65535",
                                    (unsigned)i, n);
            liion__wr_patch_le16(w, at + 2u * i, (uint16_t)n);
        }
        return LIION_OK;
    }
    for (uint32_t i = 0; i < m->ndsm; i++)
        enc_dsm(w, &m->dsm[i]);
    return LIION_OK;
}

LIION_API liion_status liion_uadp_msg_encode(liion_uadp_msg *m, uint8_t *buf, size_t cap,
                                             size_t *written)
{
    liion__wr w;
    liion_status st = enter(m);
    if (written != NULL)
        *written = 0;
    if (st != LIION_OK)
        return st;
    if (written == NULL || (buf == NULL && cap != 0))
        return liion__error(m->ctx, LIION_E_INVALID_ARG,
                            "liion_uadp_msg_encode: NULL written or buffer");
    liion__wr_init(&w, buf, cap);
    if ((st = enc_msg(m, &w)) != LIION_OK)
        return st;
    *written = liion__wr_size(&w);
    if (liion__wr_overflow(&w))
        return liion__error(m->ctx, LIION_E_BUFFER_TOO_SMALL,
                            "UADP message needs %zu bytes, buffer has %zu", *written, cap);
    return LIION_OK;
}

LIION_API liion_status liion_uadp_msg_encoded_size(liion_uadp_msg *m, size_t *size)
{
    liion__wr w;
    liion_status st = enter(m);
    if (st != LIION_OK)
        return st;
    if (size == NULL)
        return liion__error(m->ctx, LIION_E_INVALID_ARG, "liion_uadp_msg_encoded_size: size is NULL");
    *size = 0;
    liion__wr_init(&w, NULL, 0);
    if ((st = enc_msg(m, &w)) != LIION_OK)
        return st;
    *size = liion__wr_size(&w);
    return LIION_OK;
}

/* ---- builders ---------------------------------------------------------------------------- */

LIION_API liion_status liion_uadp_msg_set_flags(liion_uadp_msg *m, uint32_t flags)
{
    liion_status st = enter(m);
    if (st != LIION_OK)
        return st;
    if (flags & ~NM_ALL_FLAGS)
        return liion__error(m->ctx, LIION_E_INVALID_ARG,
                            "liion_uadp_msg_set_flags: unknown bits 0x%X", flags & ~NM_ALL_FLAGS);
    m->flags = flags;
    return LIION_OK;
}

LIION_API liion_status liion_uadp_msg_set_publisher_id(liion_uadp_msg *m,
                                                       liion_uadp_pubid_type type,
                                                       uint64_t numeric, const uint8_t *str,
                                                       size_t len)
{
    static const uint64_t max[4] = { UINT8_MAX, UINT16_MAX, UINT32_MAX, UINT64_MAX };
    liion_status st = enter(m);
    if (st != LIION_OK)
        return st;
    if ((unsigned)type > LIION_UADP_PUBID_STRING || (str == NULL && len != 0))
        return liion__error(m->ctx, LIION_E_INVALID_ARG,
                            "liion_uadp_msg_set_publisher_id: bad type or NULL string");
    if (type == LIION_UADP_PUBID_STRING) {
        char *p = NULL;
        if (len > INT32_MAX)
            return liion__error(m->ctx, LIION_E_RANGE, "UADP PublisherId string too long");
        if (str != NULL && (p = liion__arena_strndup(&m->arena, (const char *)str, len)) == NULL)
            return LIION_E_NOMEM;
        m->pubid_str.data = (const uint8_t *)p;
        m->pubid_str.len = p != NULL ? (int32_t)len : -1;
        m->pubid_num = 0;
    } else {
        if (numeric > max[type])
            return liion__error(m->ctx, LIION_E_RANGE,
                                "UADP PublisherId %llu does not fit its type",
                                (unsigned long long)numeric);
        m->pubid_num = numeric;
        m->pubid_str.data = NULL;
        m->pubid_str.len = -1;
    }
    m->pubid_type = (uint8_t)type;
    m->flags |= LIION_UADP_NM_PUBLISHER_ID;
    return LIION_OK;
}

LIION_API liion_status liion_uadp_msg_set_dataset_class_id(liion_uadp_msg *m, const uint8_t *guid)
{
    liion_status st = enter(m);
    if (st != LIION_OK)
        return st;
    if (guid == NULL)
        return liion__error(m->ctx, LIION_E_INVALID_ARG, "liion_uadp_msg_set_dataset_class_id: NULL");
    memcpy(m->class_id, guid, 16);
    m->flags |= LIION_UADP_NM_DATASET_CLASS_ID;
    return LIION_OK;
}

LIION_API liion_status liion_uadp_msg_set_group(liion_uadp_msg *m, uint32_t which,
                                                uint16_t writer_group_id, uint32_t group_version,
                                                uint16_t nm_number, uint16_t sequence_number)
{
    liion_status st = enter(m);
    if (st != LIION_OK)
        return st;
    if (which & ~(uint32_t)NM_GROUP_FIELDS)
        return liion__error(m->ctx, LIION_E_INVALID_ARG, "liion_uadp_msg_set_group: bad bits");
    if (which & LIION_UADP_NM_WRITER_GROUP_ID)
        m->wgid = writer_group_id;
    if (which & LIION_UADP_NM_GROUP_VERSION)
        m->gver = group_version;
    if (which & LIION_UADP_NM_NETWORK_MESSAGE_NUMBER)
        m->nmnum = nm_number;
    if (which & LIION_UADP_NM_SEQUENCE_NUMBER)
        m->seq = sequence_number;
    m->flags |= which | LIION_UADP_NM_GROUP_HEADER;
    return LIION_OK;
}

LIION_API liion_status liion_uadp_msg_set_timestamp(liion_uadp_msg *m, int64_t ticks)
{
    liion_status st = enter(m);
    if (st != LIION_OK)
        return st;
    m->ts = ticks;
    m->flags |= LIION_UADP_NM_TIMESTAMP;
    return LIION_OK;
}

LIION_API liion_status liion_uadp_msg_set_picoseconds(liion_uadp_msg *m, uint16_t ps)
{
    liion_status st = enter(m);
    if (st != LIION_OK)
        return st;
    m->ps = ps;
    m->flags |= LIION_UADP_NM_PICOSECONDS;
    return LIION_OK;
}

LIION_API liion_status liion_uadp_msg_set_security(liion_uadp_msg *m, uint32_t flags,
                                                   uint32_t token_id, const uint8_t *nonce,
                                                   size_t nonce_len)
{
    const uint8_t *p = NULL;
    liion_status st = enter(m);
    if (st != LIION_OK)
        return st;
    if ((nonce == NULL && nonce_len != 0) || nonce_len > 255 || (flags & ~0x0Fu))
        return liion__error(m->ctx, LIION_E_INVALID_ARG,
                            "liion_uadp_msg_set_security: bad flags or nonce");
    if (flags & (S_SIGNED | S_ENCRYPTED | S_FOOTER))
        return liion__error(m->ctx, LIION_E_UNSUPPORTED,
                            "UADP signing, encryption and security footers are not supported");
    if (nonce_len != 0 && (p = liion__arena_memdup(&m->arena, nonce, nonce_len)) == NULL)
        return LIION_E_NOMEM;
    m->sec_flags = (uint8_t)flags;
    m->token_id = token_id;
    m->nonce = p;
    m->nonce_len = (uint8_t)nonce_len;
    m->flags |= LIION_UADP_NM_SECURITY;
    return LIION_OK;
}

/* Deep copy of a Variant into the arena: encode it, then decode the bytes back. */
static liion_status copy_variant(liion_uadp_msg *m, liion_ua_variant *dst, const liion_ua_variant *src)
{
    liion__wr w;
    liion__ua_dec d;
    uint8_t *buf;
    size_t n;
    if (!src->is_array && liion__ua_is_fixed(src->type)) {
        *dst = *src; /* value lives in inl */
        dst->data = NULL;
        dst->dims = NULL;
        dst->ndims = 0;
        return LIION_OK;
    }
    liion__wr_init(&w, NULL, 0);
    liion__ua_enc_variant(&w, src);
    n = liion__wr_size(&w);
    if ((buf = liion__arena_alloc(&m->arena, n, 1)) == NULL)
        return LIION_E_NOMEM;
    liion__wr_init(&w, buf, n);
    liion__ua_enc_variant(&w, src);
    liion__ua_dec_init(&d, m->ctx, &m->arena, buf, n);
    return liion__ua_dec_variant(&d, dst);
}

LIION_API liion_status liion_uadp_msg_add_promoted(liion_uadp_msg *m, const liion_ua_variant *var)
{
    liion_status st = enter(m);
    if (st != LIION_OK)
        return st;
    if (var == NULL)
        return liion__error(m->ctx, LIION_E_INVALID_ARG, "liion_uadp_msg_add_promoted: NULL");
    if (m->npromoted == UINT16_MAX)
        return liion__error(m->ctx, LIION_E_RANGE, "UADP: too many promoted fields");
    if (m->npromoted == m->cap_promoted) {
        uint32_t cap = m->cap_promoted ? m->cap_promoted * 2u : 4u;
        liion_ua_variant *p = liion__arena_alloc(&m->arena, cap * sizeof *p,
                                                 _Alignof(liion_ua_variant));
        if (p == NULL)
            return LIION_E_NOMEM;
        if (m->npromoted)
            memcpy(p, m->promoted, m->npromoted * sizeof *p);
        m->promoted = p;
        m->cap_promoted = cap;
    }
    if ((st = copy_variant(m, &m->promoted[m->npromoted], var)) != LIION_OK)
        return st;
    m->npromoted++;
    m->flags |= LIION_UADP_NM_PROMOTED_FIELDS;
    return LIION_OK;
}

LIION_API liion_status liion_uadp_msg_add_dsm(liion_uadp_msg *m, uint16_t writer_id,
                                              liion_uadp_encoding encoding,
                                              liion_uadp_dsm_type type)
{
    uadp_dsm *s = NULL;
    liion_status st = enter(m);
    if (st != LIION_OK)
        return st;
    if ((unsigned)encoding > LIION_UADP_ENC_DATAVALUE || (unsigned)type > LIION_UADP_DSM_KEEPALIVE)
        return liion__error(m->ctx, LIION_E_INVALID_ARG,
                            "liion_uadp_msg_add_dsm: bad encoding or type");
    if (m->ndsm == LIION_UADP_MAX_DSM)
        return liion__error(m->ctx, LIION_E_RANGE, "UADP: at most 255 DataSetMessages");
    s = &m->dsm[m->ndsm++];
    memset(s, 0, sizeof *s);
    s->writer_id = writer_id;
    s->encoding = (uint8_t)encoding;
    s->type = (uint8_t)type;
    s->flags = LIION_UADP_DSM_VALID | (type != LIION_UADP_DSM_KEYFRAME ? LIION_UADP_DSM_FLAGS2 : 0u);
    return LIION_OK;
}

static liion_status last_dsm(liion_uadp_msg *m, uadp_dsm **out)
{
    liion_status st = enter(m);
    if (st != LIION_OK)
        return st;
    if (m->ndsm == 0)
        return liion__error(m->ctx, LIION_E_STATE, "UADP: no DataSetMessage added yet");
    *out = &m->dsm[m->ndsm - 1];
    return LIION_OK;
}

LIION_API liion_status liion_uadp_dsm_set_flags(liion_uadp_msg *m, uint32_t flags)
{
    uadp_dsm *s = NULL;
    liion_status st = last_dsm(m, &s);
    if (st != LIION_OK)
        return st;
    if (flags & ~DSM_ALL_FLAGS)
        return liion__error(m->ctx, LIION_E_INVALID_ARG, "liion_uadp_dsm_set_flags: unknown bits");
    s->flags = flags;
    return LIION_OK;
}

LIION_API liion_status liion_uadp_dsm_set_header(liion_uadp_msg *m, uint32_t which,
                                                 uint16_t sequence_number, uint16_t status,
                                                 uint32_t config_major, uint32_t config_minor,
                                                 int64_t timestamp, uint16_t picoseconds)
{
    uadp_dsm *s = NULL;
    liion_status st = last_dsm(m, &s);
    if (st != LIION_OK)
        return st;
    if (which & ~(uint32_t)(DSM_ALL_FLAGS & ~(LIION_UADP_DSM_VALID | LIION_UADP_DSM_FLAGS2)))
        return liion__error(m->ctx, LIION_E_INVALID_ARG, "liion_uadp_dsm_set_header: bad bits");
    if (which & LIION_UADP_DSM_SEQUENCE_NUMBER)
        s->seq = sequence_number;
    if (which & LIION_UADP_DSM_STATUS)
        s->status = status;
    if (which & LIION_UADP_DSM_CONFIG_MAJOR)
        s->cfg_major = config_major;
    if (which & LIION_UADP_DSM_CONFIG_MINOR)
        s->cfg_minor = config_minor;
    if (which & LIION_UADP_DSM_TIMESTAMP)
        s->ts = timestamp;
    if (which & LIION_UADP_DSM_PICOSECONDS)
        s->ps = picoseconds;
    s->flags |= which;
    return LIION_OK;
}

/* Room for one more field in the last DataSetMessage; returns it zeroed. */
static liion_status new_field(liion_uadp_msg *m, uint16_t index, uadp_field **out)
{
    uadp_dsm *s = NULL;
    uadp_field *f;
    liion_status st = last_dsm(m, &s);
    if (st != LIION_OK)
        return st;
    if (s->type == LIION_UADP_DSM_KEEPALIVE)
        return liion__error(m->ctx, LIION_E_STATE, "UADP: a keep-alive carries no fields");
    if (s->nfields == UINT16_MAX)
        return liion__error(m->ctx, LIION_E_RANGE, "UADP: at most 65535 fields");
    if (s->nfields == s->cap) {
        uint32_t cap = s->cap ? s->cap * 2u : 8u;
        uadp_field *p;
        if (cap > UINT16_MAX)
            cap = UINT16_MAX;
        p = liion__arena_alloc(&m->arena, cap * sizeof *p, _Alignof(uadp_field));
        if (p == NULL)
            return LIION_E_NOMEM;
        if (s->nfields)
            memcpy(p, s->fields, s->nfields * sizeof *p);
        s->fields = p;
        s->cap = cap;
    }
    f = &s->fields[s->nfields];
    memset(f, 0, sizeof *f);
    f->index = index;
    *out = f;
    return LIION_OK;
}

static void commit_field(liion_uadp_msg *m)
{
    uadp_dsm *s = &m->dsm[m->ndsm - 1];
    s->nfields++;
    s->raw = NULL;
    s->raw_len = 0;
}

static liion_status check_raw(liion_uadp_msg *m, const liion_ua_variant *var)
{
    const uadp_dsm *s = &m->dsm[m->ndsm - 1];
    if (s->encoding == LIION_UADP_ENC_RAWDATA && (var->is_array || var->type == 0))
        return liion__error(m->ctx, LIION_E_UNSUPPORTED,
                            "UADP RawData fields must be non-null scalars");
    return LIION_OK;
}

LIION_API liion_status liion_uadp_dsm_add_scalar(liion_uadp_msg *m, uint16_t index,
                                                 liion_ua_type type, const void *value)
{
    uadp_field *f;
    liion_status st = enter(m);
    if (st != LIION_OK)
        return st;
    if (value == NULL || !liion__ua_is_fixed((unsigned)type))
        return liion__error(m->ctx, LIION_E_INVALID_ARG,
                            "liion_uadp_dsm_add_scalar: NULL value or not a fixed-size type");
    if ((st = new_field(m, index, &f)) != LIION_OK)
        return st;
    f->dv.mask = LIION_UA_DV_VALUE;
    f->dv.value.type = (uint8_t)type;
    f->dv.value.length = 1;
    memcpy(&f->dv.value.inl, value, liion__ua_elem_size((unsigned)type));
    if (type == LIION_UA_TYPE_BOOLEAN)
        f->dv.value.inl.u8 = f->dv.value.inl.u8 != 0;
    commit_field(m);
    return LIION_OK;
}

LIION_API liion_status liion_uadp_dsm_add_variant(liion_uadp_msg *m, uint16_t index,
                                                  const liion_ua_variant *var)
{
    uadp_field *f;
    liion_status st = enter(m);
    if (st != LIION_OK)
        return st;
    if (var == NULL)
        return liion__error(m->ctx, LIION_E_INVALID_ARG, "liion_uadp_dsm_add_variant: NULL");
    if ((st = new_field(m, index, &f)) != LIION_OK || (st = check_raw(m, var)) != LIION_OK)
        return st;
    f->dv.mask = LIION_UA_DV_VALUE;
    if ((st = copy_variant(m, &f->dv.value, var)) != LIION_OK)
        return st;
    commit_field(m);
    return LIION_OK;
}

LIION_API liion_status liion_uadp_dsm_add_datavalue(liion_uadp_msg *m, uint16_t index,
                                                    const liion_ua_datavalue *dv)
{
    uadp_field *f;
    liion_status st = enter(m);
    if (st != LIION_OK)
        return st;
    if (dv == NULL)
        return liion__error(m->ctx, LIION_E_INVALID_ARG, "liion_uadp_dsm_add_datavalue: NULL");
    if ((st = new_field(m, index, &f)) != LIION_OK || (st = check_raw(m, &dv->value)) != LIION_OK)
        return st;
    f->dv = *dv;
    if ((dv->mask & LIION_UA_DV_VALUE) && (st = copy_variant(m, &f->dv.value, &dv->value)) != LIION_OK)
        return st;
    if (!(dv->mask & LIION_UA_DV_VALUE))
        memset(&f->dv.value, 0, sizeof f->dv.value);
    commit_field(m);
    return LIION_OK;
}

LIION_API liion_status liion_uadp_field_set_dv(liion_uadp_msg *m, uint32_t mask, uint32_t status,
                                               int64_t source_ts, uint16_t source_ps,
                                               int64_t server_ts, uint16_t server_ps)
{
    uadp_dsm *s = NULL;
    liion_ua_datavalue *dv;
    liion_status st = last_dsm(m, &s);
    if (st != LIION_OK)
        return st;
    if (s->nfields == 0)
        return liion__error(m->ctx, LIION_E_STATE, "UADP: no field added yet");
    if (mask & ~0x3Eu)
        return liion__error(m->ctx, LIION_E_INVALID_ARG, "liion_uadp_field_set_dv: bad mask");
    if (!(mask & LIION_UA_DV_SOURCE_TIMESTAMP))
        mask &= ~LIION_UA_DV_SOURCE_PICOSECONDS;
    if (!(mask & LIION_UA_DV_SERVER_TIMESTAMP))
        mask &= ~LIION_UA_DV_SERVER_PICOSECONDS;
    dv = &s->fields[s->nfields - 1].dv;
    dv->mask = (uint8_t)((dv->mask & LIION_UA_DV_VALUE) | mask);
    dv->status = status;
    dv->source_ts = source_ts;
    dv->source_ps = liion__ua_clamp_ps(source_ps);
    dv->server_ts = server_ts;
    dv->server_ps = liion__ua_clamp_ps(server_ps);
    return LIION_OK;
}

/* ---- accessors --------------------------------------------------------------------------- */

LIION_API uint32_t liion_uadp_msg_flags(const liion_uadp_msg *m)
{
    return m != NULL ? m->flags : 0;
}

LIION_API liion_status liion_uadp_msg_publisher_id(const liion_uadp_msg *m,
                                                   liion_uadp_pubid_type *type, uint64_t *numeric,
                                                   const uint8_t **str, size_t *len)
{
    if (m == NULL)
        return LIION_E_INVALID_ARG;
    if (!(m->flags & LIION_UADP_NM_PUBLISHER_ID))
        return LIION_E_STATE;
    if (type != NULL)
        *type = (liion_uadp_pubid_type)m->pubid_type;
    if (numeric != NULL)
        *numeric = m->pubid_num;
    if (str != NULL)
        *str = m->pubid_str.data;
    if (len != NULL)
        *len = m->pubid_str.len > 0 ? (size_t)m->pubid_str.len : 0;
    return LIION_OK;
}

LIION_API liion_status liion_uadp_msg_dataset_class_id(const liion_uadp_msg *m, uint8_t *guid)
{
    if (m == NULL || guid == NULL)
        return LIION_E_INVALID_ARG;
    if (!(m->flags & LIION_UADP_NM_DATASET_CLASS_ID))
        return LIION_E_STATE;
    memcpy(guid, m->class_id, 16);
    return LIION_OK;
}

#define HDR_GET(name, T, field, bit)                                                          \
    LIION_API T liion_uadp_msg_##name(const liion_uadp_msg *m)                                \
    {                                                                                         \
        return m != NULL && (m->flags & (bit)) ? m->field : (T)0;                             \
    }

HDR_GET(writer_group_id, uint16_t, wgid, LIION_UADP_NM_WRITER_GROUP_ID)
HDR_GET(group_version, uint32_t, gver, LIION_UADP_NM_GROUP_VERSION)
HDR_GET(network_message_number, uint16_t, nmnum, LIION_UADP_NM_NETWORK_MESSAGE_NUMBER)
HDR_GET(sequence_number, uint16_t, seq, LIION_UADP_NM_SEQUENCE_NUMBER)
HDR_GET(timestamp, int64_t, ts, LIION_UADP_NM_TIMESTAMP)
HDR_GET(picoseconds, uint16_t, ps, LIION_UADP_NM_PICOSECONDS)

LIION_API liion_status liion_uadp_msg_security(const liion_uadp_msg *m, uint32_t *flags,
                                               uint32_t *token_id, const uint8_t **nonce,
                                               size_t *nonce_len)
{
    if (m == NULL)
        return LIION_E_INVALID_ARG;
    if (!(m->flags & LIION_UADP_NM_SECURITY))
        return LIION_E_STATE;
    if (flags != NULL)
        *flags = m->sec_flags;
    if (token_id != NULL)
        *token_id = m->token_id;
    if (nonce != NULL)
        *nonce = m->nonce;
    if (nonce_len != NULL)
        *nonce_len = m->nonce_len;
    return LIION_OK;
}

LIION_API size_t liion_uadp_msg_promoted_count(const liion_uadp_msg *m)
{
    return m != NULL ? m->npromoted : 0;
}

LIION_API const liion_ua_variant *liion_uadp_msg_promoted(const liion_uadp_msg *m, size_t i)
{
    return m != NULL && i < m->npromoted ? &m->promoted[i] : NULL;
}

LIION_API size_t liion_uadp_msg_dsm_count(const liion_uadp_msg *m)
{
    return m != NULL ? m->ndsm : 0;
}

static const uadp_dsm *dsm_at(const liion_uadp_msg *m, size_t i)
{
    return m != NULL && i < m->ndsm ? &m->dsm[i] : NULL;
}

#define DSM_GET(name, T, expr, bit)                                                           \
    LIION_API T liion_uadp_dsm_##name(const liion_uadp_msg *m, size_t i)                      \
    {                                                                                         \
        const uadp_dsm *s = dsm_at(m, i);                                                     \
        return s != NULL && ((bit) == ~0u || (s->flags & (bit))) ? (T)(expr) : (T)0;                           \
    }

DSM_GET(writer_id, uint16_t, s->writer_id, ~0u)
DSM_GET(flags, uint32_t, s->flags, ~0u)
DSM_GET(encoding, liion_uadp_encoding, s->encoding, ~0u)
DSM_GET(type_of, liion_uadp_dsm_type, s->type, ~0u)
DSM_GET(sequence_number, uint16_t, s->seq, LIION_UADP_DSM_SEQUENCE_NUMBER)
DSM_GET(status, uint16_t, s->status, LIION_UADP_DSM_STATUS)
DSM_GET(config_major, uint32_t, s->cfg_major, LIION_UADP_DSM_CONFIG_MAJOR)
DSM_GET(config_minor, uint32_t, s->cfg_minor, LIION_UADP_DSM_CONFIG_MINOR)
DSM_GET(timestamp, int64_t, s->ts, LIION_UADP_DSM_TIMESTAMP)
DSM_GET(picoseconds, uint16_t, s->ps, LIION_UADP_DSM_PICOSECONDS)

LIION_API size_t liion_uadp_dsm_field_count(const liion_uadp_msg *m, size_t i)
{
    const uadp_dsm *s = dsm_at(m, i);
    return s != NULL ? s->nfields : 0;
}

static const uadp_field *field_at(const liion_uadp_msg *m, size_t i, size_t j)
{
    const uadp_dsm *s = dsm_at(m, i);
    return s != NULL && j < s->nfields ? &s->fields[j] : NULL;
}

LIION_API uint16_t liion_uadp_dsm_field_index(const liion_uadp_msg *m, size_t i, size_t j)
{
    const uadp_field *f = field_at(m, i, j);
    return f != NULL ? f->index : 0;
}

LIION_API const liion_ua_variant *liion_uadp_dsm_field_variant(const liion_uadp_msg *m, size_t i,
                                                               size_t j)
{
    const uadp_field *f = field_at(m, i, j);
    return f != NULL ? &f->dv.value : NULL;
}

LIION_API const liion_ua_datavalue *liion_uadp_dsm_field_datavalue(const liion_uadp_msg *m,
                                                                   size_t i, size_t j)
{
    const uadp_field *f = field_at(m, i, j);
    return f != NULL ? &f->dv : NULL;
}

LIION_API liion_status liion_uadp_dsm_raw(const liion_uadp_msg *m, size_t i, const uint8_t **data,
                                          size_t *len)
{
    const uadp_dsm *s;
    if (m == NULL || data == NULL || len == NULL)
        return LIION_E_INVALID_ARG;
    *data = NULL;
    *len = 0;
    if ((s = dsm_at(m, i)) == NULL)
        return LIION_E_RANGE;
    if (s->encoding != LIION_UADP_ENC_RAWDATA)
        return LIION_E_STATE;
    *data = s->raw;
    *len = s->raw_len;
    return LIION_OK;
}

static liion_status dec_raw_value(liion__ua_dec *d, liion_uadp_msg *m, unsigned type, uadp_field *f)
{
    liion_ua_datavalue *inner = NULL;
    f->dv.mask = LIION_UA_DV_VALUE;
    if (type == LIION_UA_TYPE_DATAVALUE &&
        (inner = liion__arena_alloc(&m->arena, sizeof *inner, _Alignof(liion_ua_datavalue))) == NULL)
        return LIION_E_NOMEM;
    return liion__ua_dec_root(d, type, &f->dv.value, inner);
}

LIION_API liion_status liion_uadp_dsm_decode_raw(liion_uadp_msg *m, size_t i,
                                                 const liion_ua_type *types, size_t n)
{
    liion__ua_dec dd, *d = &dd;
    uadp_dsm *s = NULL;
    uint16_t count;
    bool delta;
    liion_status st = enter(m);
    if (st != LIION_OK)
        return st;
    if ((types == NULL && n != 0) || n > UINT16_MAX)
        return liion__error(m->ctx, LIION_E_INVALID_ARG, "liion_uadp_dsm_decode_raw: bad types");
    if (i >= m->ndsm)
        return liion__error(m->ctx, LIION_E_RANGE, "UADP: no DataSetMessage %zu", i);
    s = &m->dsm[i];
    if (s->encoding != LIION_UADP_ENC_RAWDATA)
        return liion__error(m->ctx, LIION_E_STATE, "UADP DataSetMessage %zu is not RawData", i);
    for (size_t k = 0; k < n; k++)
        if ((unsigned)types[k] == 0 || (unsigned)types[k] > 25)
            return liion__error(m->ctx, LIION_E_INVALID_ARG, "UADP: type %zu is not built-in", k);
    s->nfields = 0;
    if (s->type == LIION_UADP_DSM_KEEPALIVE)
        return LIION_OK;
    delta = s->type == LIION_UADP_DSM_DELTAFRAME;
    liion__ua_dec_init(d, m->ctx, &m->arena, s->raw, s->raw_len);
    count = (uint16_t)n;
    if (delta) {
        RD(le16, &count, "FieldCount");
        if ((size_t)count > liion__rd_left(&d->rd) / 3u)
            return liion__error_at(m->ctx, LIION_E_TRUNCATED, 0,
                                   "UADP FieldCount %u exceeds the bytes left", (unsigned)count);
    }
    if ((st = count_items(d, 0, count)) != LIION_OK)
        return st;
    if (count > s->cap) {
        uadp_field *p = liion__arena_alloc(&m->arena, (size_t)count * sizeof *p, _Alignof(uadp_field));
        if (p == NULL)
            return LIION_E_NOMEM;
        s->fields = p;
        s->cap = count;
    }
    for (uint32_t j = 0; j < count; j++) {
        uadp_field *f = &s->fields[j];
        memset(f, 0, sizeof *f);
        f->index = (uint16_t)j;
        if (delta) {
            size_t at = d->rd.pos;
            RD(le16, &f->index, "field index");
            if (f->index >= n)
                return liion__error_at(m->ctx, LIION_E_DECODE, at,
                                       "UADP field index %u is outside the %zu fields",
                                       (unsigned)f->index, n);
        }
        if ((st = dec_raw_value(d, m, (unsigned)types[f->index], f)) != LIION_OK)
            return st;
    }
    if (liion__rd_left(&d->rd) != 0)
        return liion__error_at(m->ctx, LIION_E_DECODE, d->rd.pos,
                               "UADP RawData: %zu bytes left over", liion__rd_left(&d->rd));
    s->nfields = count;
    return LIION_OK;
}
