/*
 * Store loader: verifies every record of a store file (untrusted input) and replays the
 * committed ones into a plant. CBOR bodies are decoded with libcbor's streaming decoder and
 * our own callbacks (never cbor_load: CONVENTIONS.md section 5).
 */
#include "store/store_int.h"

#include "spec/spec_hook.h"

#include "core/bytes.h"

#include <cbor.h>
#include <inttypes.h>
#include <string.h>
#include <zlib.h>

const char *const liion__store_sig[LIION__STORE_MAX_OP + 1] = {
    NULL,    "ssu",   "ssuuu", "ss",   "ssu",  "ssuu", "uuds", "uu",   "us",  "uusds",
    "uuss",  "ssu",   "ssutt", "ss",   "uu",   "uu",   "uuu",  "uuuds", "uuuu", "uutt",
    "uuddddddu", /* 20 roll link: from, to, md_start, md_end, cd_min, cd_max, out_start, scale, flags */
    "udduu",     /* 21 roll use: roll, md_start, md_end, cell, sheet */
    "ssutt",     /* 22 job response add: scheme, id, state, start, end */
    "uu",        /* 23 job response segment: job, response */
    "uu",        /* 24 job response state: job, state */
    "ssuutd",    /* 25 test result: "scheme\x1fid", "property\x1fname\x1funit", lot, outcome, time, value */
    "uuuu",      /* 26 set assembly: kind, index, type, rel */
    /* 27..29 (further plant records) go above this line */
    [LIION__STORE_OP_SPEC] = "", /* 30 spec record: its own decoder (decode_spec) */
};

void liion__store_header(uint8_t *out)
{
    memcpy(out, LIION__STORE_MAGIC, 8);
    liion__store_le32(out + 8, LIION__STORE_VERSION);
    liion__store_le32(out + 12, 0);
    liion__store_le32(out + 16, 0);
    liion__store_le32(out + 20, (uint32_t)crc32(0L, out, 20));
}

/* ---- one CBOR item through cbor_stream_decode ------------------------------------------ */

enum { IT_NONE, IT_UINT, IT_NINT, IT_TEXT, IT_NULL, IT_F64, IT_ARRAY, IT_OTHER };

typedef struct item {
    int kind;
    uint64_t u; /* uint value, nint raw (-1 - u), array length */
    double d;
    const uint8_t *str;
    size_t len;
} item;

static void cb_u8(void *c, uint8_t v) { ((item *)c)->kind = IT_UINT; ((item *)c)->u = v; }
static void cb_u16(void *c, uint16_t v) { ((item *)c)->kind = IT_UINT; ((item *)c)->u = v; }
static void cb_u32(void *c, uint32_t v) { ((item *)c)->kind = IT_UINT; ((item *)c)->u = v; }
static void cb_u64(void *c, uint64_t v) { ((item *)c)->kind = IT_UINT; ((item *)c)->u = v; }
static void cb_n8(void *c, uint8_t v) { ((item *)c)->kind = IT_NINT; ((item *)c)->u = v; }
static void cb_n16(void *c, uint16_t v) { ((item *)c)->kind = IT_NINT; ((item *)c)->u = v; }
static void cb_n32(void *c, uint32_t v) { ((item *)c)->kind = IT_NINT; ((item *)c)->u = v; }
static void cb_n64(void *c, uint64_t v) { ((item *)c)->kind = IT_NINT; ((item *)c)->u = v; }
static void cb_text(void *c, cbor_data p, size_t n)
{
    item *it = c;
    it->kind = IT_TEXT;
    it->str = p;
    it->len = n;
}
static void cb_array(void *c, size_t n) { ((item *)c)->kind = IT_ARRAY; ((item *)c)->u = n; }
static void cb_null(void *c) { ((item *)c)->kind = IT_NULL; }
static void cb_f64(void *c, double v) { ((item *)c)->kind = IT_F64; ((item *)c)->d = v; }
static void cb_other(void *c) { ((item *)c)->kind = IT_OTHER; }
static void cb_other_n(void *c, size_t n) { (void)n; ((item *)c)->kind = IT_OTHER; }
static void cb_other_s(void *c, cbor_data p, size_t n) { (void)p; (void)n; ((item *)c)->kind = IT_OTHER; }
static void cb_other_u64(void *c, uint64_t v) { (void)v; ((item *)c)->kind = IT_OTHER; }
static void cb_other_f(void *c, float v) { (void)v; ((item *)c)->kind = IT_OTHER; }
static void cb_other_b(void *c, bool v) { (void)v; ((item *)c)->kind = IT_OTHER; }

static const struct cbor_callbacks CALLBACKS = {
    .uint8 = cb_u8, .uint16 = cb_u16, .uint32 = cb_u32, .uint64 = cb_u64,
    .negint8 = cb_n8, .negint16 = cb_n16, .negint32 = cb_n32, .negint64 = cb_n64,
    .string = cb_text, .array_start = cb_array, .null = cb_null, .float8 = cb_f64,
    .byte_string = cb_other_s, .byte_string_start = cb_other, .string_start = cb_other,
    .indef_array_start = cb_other, .map_start = cb_other_n, .indef_map_start = cb_other,
    .tag = cb_other_u64, .float2 = cb_other_f, .float4 = cb_other_f, .undefined = cb_other,
    .boolean = cb_other_b, .indef_break = cb_other,
};

/* Decode one item from rd (definite items only; strings are zero-copy slices). */
static bool next_item(liion__rd *rd, item *it)
{
    struct cbor_decoder_result r;
    size_t left = liion__rd_left(rd);
    memset(it, 0, sizeof *it);
    if (left == 0)
        return false;
    r = cbor_stream_decode(rd->base + rd->pos, left, &CALLBACKS, it);
    if (r.status != CBOR_DECODER_FINISHED || r.read == 0 || r.read > left)
        return false;
    if (it->kind == IT_TEXT && it->len > left)
        return false;
    return liion__rd_skip(rd, r.read) && it->kind != IT_NONE && it->kind != IT_OTHER;
}

/* ---- record frames --------------------------------------------------------------------- */

typedef struct frame {
    uint32_t len;
    uint32_t type;
    uint64_t seq;
} frame;

/* Check the frame at data[off..len): structure and CRC. Returns NULL when valid, or why not. */
static const char *check_frame(const uint8_t *data, size_t len, size_t off, uint64_t max_body,
                               frame *f)
{
    const uint8_t *h = data + off;
    uint32_t crc;
    if (len - off < LIION__STORE_REC_HDR)
        return "record header is incomplete";
    f->len = liion__load_le32(h);
    f->type = h[4];
    f->seq = liion__load_le64(h + 8);
    if (h[5] != 0 || liion__load_le16(h + 6) != 0)
        return "reserved header bits are set";
    if (f->type != LIION__STORE_COMMIT &&
        (f->type == 0 || f->type > LIION__STORE_MAX_OP || liion__store_sig[f->type] == NULL))
        return "unknown record type";
    if (f->len == 0 || f->len > max_body)
        return "record length out of range";
    if (f->len > len - off - LIION__STORE_REC_HDR)
        return "record body is incomplete";
    crc = (uint32_t)crc32(0L, h, 16);
    crc = (uint32_t)crc32(crc, h + LIION__STORE_REC_HDR, f->len);
    if (crc != liion__load_le32(h + 16))
        return "CRC mismatch";
    return NULL;
}

/* A valid commit record at or after `from` with a sequence number above `seq`: proof that the
 * damage before it is in committed data, not in a torn tail. */
static bool commit_follows(const uint8_t *data, size_t len, size_t from, uint64_t seq,
                           uint64_t max_body)
{
    for (size_t off = from; len - off >= LIION__STORE_REC_HDR; off++) {
        frame f;
        if (data[off + 4] != LIION__STORE_COMMIT)
            continue;
        if (check_frame(data, len, off, max_body, &f) == NULL && f.seq > seq)
            return true;
    }
    return false;
}

/* ---- replay ---------------------------------------------------------------------------- */

typedef struct args {
    const char *s[2];
    uint32_t u[4];
    int64_t t[2];
    double d[6];
} args;

typedef struct loader {
    liion_plant *plant;
    liion_spec_registry *reg; /* NULL: spec records are checked, not kept */
    liion_ctx *ctx;
    char *str[2]; /* NUL-terminated copies of the text fields */
    size_t str_cap[2];
    char *sbuf; /* spec records: their strings, NUL-terminated */
    size_t sbuf_cap;
    liion__spec_viol_data *viols;
    size_t viols_cap;
} loader;

static liion_status corrupt(liion_ctx *ctx, size_t off, uint64_t seq, const char *why)
{
    return liion__error_at(ctx, LIION_E_CORRUPT, off,
                           "store record at offset %zu (sequence %" PRIu64 "): %s", off, seq,
                           why);
}

/* Decode the body of op `type` into a. */
static liion_status decode_body(loader *L, const uint8_t *body, size_t n, uint32_t type,
                                size_t off, uint64_t seq, args *a)
{
    const char *sig = liion__store_sig[type];
    size_t nf = strlen(sig), ns = 0, nu = 0, nt = 0, nd = 0;
    liion__rd rd;
    item it;
    memset(a, 0, sizeof *a);
    liion__rd_init(&rd, body, n);
    if (!next_item(&rd, &it) || it.kind != IT_ARRAY || it.u != nf)
        return corrupt(L->ctx, off, seq, "body is not an array of the record type's fields");
    for (size_t i = 0; i < nf; i++) {
        if (!next_item(&rd, &it))
            return corrupt(L->ctx, off, seq, "malformed CBOR field");
        switch (sig[i]) {
        case 's':
            if (it.kind == IT_NULL) {
                a->s[ns++] = NULL;
                break;
            }
            if (it.kind != IT_TEXT || memchr(it.str, 0, it.len) != NULL)
                return corrupt(L->ctx, off, seq, "text field expected");
            if (L->str_cap[ns] < it.len + 1) {
                size_t cap = it.len + 1 < 64 ? 64 : it.len + 1;
                char *p = liion__realloc(L->ctx, L->str[ns], L->str_cap[ns], cap);
                if (p == NULL)
                    return LIION_E_NOMEM;
                L->str[ns] = p;
                L->str_cap[ns] = cap;
            }
            if (it.len > 0)
                memcpy(L->str[ns], it.str, it.len);
            L->str[ns][it.len] = '\0';
            a->s[ns] = L->str[ns];
            ns++;
            break;
        case 'u':
            if (it.kind != IT_UINT || it.u > UINT32_MAX)
                return corrupt(L->ctx, off, seq, "uint32 field expected");
            a->u[nu++] = (uint32_t)it.u;
            break;
        case 't':
            if (it.kind == IT_UINT && it.u <= (uint64_t)INT64_MAX)
                a->t[nt++] = (int64_t)it.u;
            else if (it.kind == IT_NINT && it.u <= (uint64_t)INT64_MAX)
                a->t[nt++] = -1 - (int64_t)it.u;
            else
                return corrupt(L->ctx, off, seq, "int64 field expected");
            break;
        default: /* 'd' */
            if (it.kind != IT_F64)
                return corrupt(L->ctx, off, seq, "float64 field expected");
            a->d[nd++] = it.d;
            break;
        }
    }
    if (liion__rd_left(&rd) != 0)
        return corrupt(L->ctx, off, seq, "trailing bytes after the body");
    return LIION_OK;
}

/* ---- spec records (type 30) ------------------------------------------------------------ */

static bool grow(liion_ctx *ctx, void **p, size_t *cap, size_t need)
{
    void *q;
    if (need <= *cap)
        return true;
    q = *p == NULL ? liion__alloc(ctx, need) : liion__realloc(ctx, *p, *cap, need);
    if (q == NULL)
        return false;
    *p = q;
    *cap = need;
    return true;
}

/* Next item as a uint (into *u) / int64 / float64 / text (copied into L->sbuf at *spos). */
static bool rd_uint(liion__rd *rd, uint64_t max, uint64_t *u)
{
    item it;
    if (!next_item(rd, &it) || it.kind != IT_UINT || it.u > max)
        return false;
    *u = it.u;
    return true;
}

static bool rd_text(liion__rd *rd, loader *L, size_t *spos, const char **out)
{
    item it;
    char *d;
    if (!next_item(rd, &it) || it.kind != IT_TEXT || memchr(it.str, 0, it.len) != NULL ||
        it.len + 1 > L->sbuf_cap - *spos)
        return false;
    d = L->sbuf + *spos;
    if (it.len > 0)
        memcpy(d, it.str, it.len);
    d[it.len] = '\0';
    *spos += it.len + 1;
    *out = d;
    return true;
}

static liion_status decode_spec(loader *L, const uint8_t *body, size_t n, size_t off,
                                uint64_t seq)
{
    liion__rd rd;
    item it;
    liion__spec_rec_data r;
    uint64_t u[4], nv;
    size_t spos = 0;
    liion_status st;
    memset(&r, 0, sizeof r);
    liion__rd_init(&rd, body, n);
    /* every string of the body fits in 2n bytes with its NUL */
    if (!grow(L->ctx, (void **)&L->sbuf, &L->sbuf_cap, 2 * n + 16))
        return LIION_E_NOMEM;
    if (!next_item(&rd, &it) || it.kind != IT_ARRAY || it.u != 12 ||
        !rd_uint(&rd, UINT32_MAX, &u[0]) || !rd_uint(&rd, UINT32_MAX, &u[1]) ||
        !rd_uint(&rd, UINT32_MAX, &u[2]) || !rd_text(&rd, L, &spos, &r.owner) ||
        !rd_text(&rd, L, &spos, &r.param) || !rd_text(&rd, L, &spos, &r.unit))
        return corrupt(L->ctx, off, seq, "spec record: bad object, limits or parameter field");
    r.kind = (uint32_t)u[0];
    r.index = (uint32_t)u[1];
    r.version = (uint32_t)u[2];
    if (!next_item(&rd, &it) || !(it.kind == IT_UINT || it.kind == IT_NINT) ||
        it.u > (uint64_t)INT64_MAX)
        return corrupt(L->ctx, off, seq, "spec record: bad time");
    r.time = it.kind == IT_UINT ? (int64_t)it.u : -1 - (int64_t)it.u;
    if (!rd_uint(&rd, UINT64_MAX, &r.checked) || !rd_uint(&rd, UINT64_MAX, &r.failed) ||
        !rd_uint(&rd, UINT64_MAX, &r.warned) || !rd_uint(&rd, UINT64_MAX, &r.dropped))
        return corrupt(L->ctx, off, seq, "spec record: bad counts");
    if (!next_item(&rd, &it) || it.kind != IT_ARRAY)
        return corrupt(L->ctx, off, seq, "spec record: violations are not an array");
    nv = it.u;
    /* a violation takes 25 bytes at least: check the count before allocating */
    if (nv > liion__rd_left(&rd) / 25)
        return corrupt(L->ctx, off, seq, "spec record: more violations than bytes");
    if (nv > 0 && !grow(L->ctx, (void **)&L->viols, &L->viols_cap,
                        (size_t)nv * sizeof *L->viols))
        return LIION_E_NOMEM;
    for (uint64_t i = 0; i < nv; i++) {
        liion__spec_viol_data *v = &L->viols[i];
        uint64_t sev, side, idx;
        if (!next_item(&rd, &it) || it.kind != IT_ARRAY || it.u != 8 ||
            !rd_uint(&rd, 3, &sev) || !rd_uint(&rd, 3, &side) ||
            !rd_uint(&rd, UINT64_MAX, &idx))
            return corrupt(L->ctx, off, seq, "spec record: bad violation");
        v->severity = (uint32_t)sev;
        v->side = (uint32_t)side;
        v->index = idx;
        if (!next_item(&rd, &it) || it.kind != IT_F64)
            return corrupt(L->ctx, off, seq, "spec record: violation value is not a float64");
        v->value = it.d;
        if (!next_item(&rd, &it) || it.kind != IT_F64)
            return corrupt(L->ctx, off, seq, "spec record: violation limit is not a float64");
        v->limit = it.d;
        if (!rd_text(&rd, L, &spos, &v->param) || !rd_text(&rd, L, &spos, &v->unit) ||
            !rd_text(&rd, L, &spos, &v->where))
            return corrupt(L->ctx, off, seq, "spec record: bad violation text");
    }
    if (liion__rd_left(&rd) != 0)
        return corrupt(L->ctx, off, seq, "trailing bytes after the body");
    r.nviol = (size_t)nv;
    if (L->reg == NULL)
        return LIION_OK;
    if ((st = liion__spec_registry_restore(L->reg, &r, L->viols)) != LIION_OK) {
        char why[LIION__ERRMSG_CAP];
        if (st == LIION_E_NOMEM)
            return st;
        snprintf(why, sizeof why, "replay failed: %s", liion_ctx_errmsg(L->ctx));
        return corrupt(L->ctx, off, seq, why);
    }
    return LIION_OK;
}

static liion_status apply(liion_plant *p, uint32_t type, const args *a)
{
    uint32_t idx;
    switch (type) {
    case LIION__OP_EQ_CLASS_ADD:
        return liion_plant_equipment_class_add(&idx, p, a->s[0], a->s[1],
                                               (liion_equipment_level)a->u[0]);
    case LIION__OP_EQ_ADD:
        return liion_plant_equipment_add(&idx, p, a->s[0], a->s[1],
                                         (liion_equipment_level)a->u[0], a->u[1], a->u[2]);
    case LIION__OP_MAT_CLASS_ADD:
        return liion_plant_material_class_add(&idx, p, a->s[0], a->s[1]);
    case LIION__OP_DEF_ADD:
        return liion_plant_material_definition_add(&idx, p, a->s[0], a->s[1], a->u[0]);
    case LIION__OP_LOT_ADD:
        return liion_plant_lot_add(&idx, p, a->s[0], a->s[1], a->u[0], a->u[1]);
    case LIION__OP_LOT_QTY:
        return liion_plant_lot_set_quantity(p, a->u[0], a->d[0], a->s[0], (liion_qty_type)a->u[1]);
    case LIION__OP_LOT_DISP:
        return liion_plant_lot_set_disposition(p, a->u[0], (liion_disposition)a->u[1]);
    case LIION__OP_LOT_STATUS:
        return liion_plant_lot_set_status(p, a->u[0], a->s[0]);
    case LIION__OP_PROP_NUMBER:
        return liion_plant_prop_set_number(p, (liion_object_kind)a->u[0], a->u[1], a->s[0],
                                           a->d[0], a->s[1]);
    case LIION__OP_PROP_TEXT:
        return liion_plant_prop_set_text(p, (liion_object_kind)a->u[0], a->u[1], a->s[0],
                                         a->s[1]);
    case LIION__OP_SEG_ADD:
        return liion_plant_segment_add(&idx, p, a->s[0], a->s[1], (liion_process_step)a->u[0]);
    case LIION__OP_RESP_ADD:
        return liion_plant_response_add(&idx, p, a->s[0], a->s[1], a->u[0], a->t[0], a->t[1]);
    case LIION__OP_PERSON_ADD:
        return liion_plant_person_add(&idx, p, a->s[0], a->s[1]);
    case LIION__OP_RESP_PERSON:
        return liion_plant_response_add_person(p, a->u[0], a->u[1]);
    case LIION__OP_RESP_EQ:
        return liion_plant_response_add_equipment(p, a->u[0], a->u[1]);
    case LIION__OP_MATERIAL:
        return liion_plant_response_add_material(p, a->u[0], a->u[1], (liion_material_use)a->u[2]);
    case LIION__OP_MATERIAL_QTY:
        return liion_plant_response_add_material_qty(p, a->u[0], a->u[1],
                                                     (liion_material_use)a->u[2], a->d[0], a->s[0]);
    case LIION__OP_ASSEMBLY:
        return liion_plant_assembly_add(p, a->u[0], a->u[1], (liion_assembly_type)a->u[2],
                                        (liion_assembly_rel)a->u[3]);
    case LIION__OP_ROLL_LINK:
        return liion_plant_roll_link(p, a->u[0], a->u[1], a->d[0], a->d[1], a->d[2], a->d[3],
                                     a->d[4], a->d[5], a->u[2]);
    case LIION__OP_ROLL_USE:
        return liion_plant_roll_use(p, a->u[0], a->d[0], a->d[1], a->u[1], a->u[2]);
    case LIION__OP_JOB_ADD: case LIION__OP_JOB_SEGMENT: case LIION__OP_JOB_STATE:
    case LIION__OP_TEST_RESULT: case LIION__OP_SET_ASSEMBLY: /* 22..29: lib/isa95 */
        return liion__plant_replay(p, type, a->s, a->u, a->t, a->d);
    default: /* LIION__OP_EQ_USE */
        return liion_plant_equipment_use_add(p, a->u[0], a->u[1], a->t[0], a->t[1]);
    }
}

static liion_status replay(loader *L, const uint8_t *data, size_t end, uint64_t base_seq,
                           liion__store_scan *scan)
{
    char why[LIION__ERRMSG_CAP];
    size_t off = LIION__STORE_HDR;
    while (off < end) {
        uint32_t blen = liion__load_le32(data + off), type = data[off + 4];
        uint64_t seq = liion__load_le64(data + off + 8);
        const uint8_t *body = data + off + LIION__STORE_REC_HDR;
        liion_status st;
        args a;
        if (type == LIION__STORE_COMMIT) {
            liion__rd rd;
            item it;
            liion__rd_init(&rd, body, blen);
            if (!next_item(&rd, &it) || it.kind != IT_ARRAY || it.u != 1 ||
                !next_item(&rd, &it) || it.kind != IT_UINT || liion__rd_left(&rd) != 0)
                return corrupt(L->ctx, off, seq, "malformed commit record");
        } else if (seq <= base_seq) { /* records a snapshot covers are not replayed */
        } else if (type == LIION__STORE_OP_SPEC) {
            if ((st = decode_spec(L, body, blen, off, seq)) != LIION_OK)
                return st;
            scan->records++;
            scan->types |= UINT64_C(1) << type;
        } else {
            if ((st = decode_body(L, body, blen, type, off, seq, &a)) != LIION_OK)
                return st;
            if ((st = apply(L->plant, type, &a)) != LIION_OK) {
                if (st == LIION_E_NOMEM)
                    return st;
                snprintf(why, sizeof why, "replay failed: %s", liion_ctx_errmsg(L->ctx));
                return corrupt(L->ctx, off, seq, why);
            }
            scan->records++;
            scan->types |= UINT64_C(1) << type;
        }
        off += LIION__STORE_REC_HDR + (size_t)blen;
    }
    return LIION_OK;
}

liion_status liion__store_load(liion_plant *plant, liion_spec_registry *reg, const uint8_t *data,
                               size_t len, uint64_t base_seq, liion__store_scan *scan)
{
    liion_ctx *ctx = plant->ctx;
    uint8_t hdr[LIION__STORE_HDR];
    uint64_t max_body = LIION__STORE_MAX_BODY, seq = 0;
    size_t off;
    const char *why = NULL;
    loader L;
    liion_status st;

    memset(scan, 0, sizeof *scan);
    scan->committed_end = LIION__STORE_HDR;
    scan->committed_seq = base_seq;
    if (ctx->max_message_bytes != 0 && ctx->max_message_bytes < max_body)
        max_body = ctx->max_message_bytes;
    liion__store_header(hdr);
    if (len < LIION__STORE_HDR) {
        /* Empty, or a header torn while the file was being created. */
        if (len > 0 && memcmp(data, hdr, len) != 0)
            return liion__error_at(ctx, LIION_E_CORRUPT, 0, "not a libliion store file");
        scan->committed_end = 0;
        scan->tail = len;
        return LIION_OK;
    }
    if (memcmp(data, LIION__STORE_MAGIC, 8) != 0)
        return liion__error_at(ctx, LIION_E_CORRUPT, 0, "not a libliion store file");
    if ((uint32_t)crc32(0L, data, 20) != liion__load_le32(data + 20))
        return liion__error_at(ctx, LIION_E_CORRUPT, 20, "store header CRC mismatch");
    if (liion__load_le32(data + 8) != LIION__STORE_VERSION || liion__load_le32(data + 12) != 0)
        return liion__error_at(ctx, LIION_E_UNSUPPORTED, 8,
                               "store format version %" PRIu32 " flags %" PRIu32
                               " not supported (this library reads version 1)",
                               liion__load_le32(data + 8), liion__load_le32(data + 12));

    /* Pass 1: verify the frames and find the last complete commit. The first record's
     * sequence number is 1, or (after a compaction) at most one past the snapshot's. */
    off = LIION__STORE_HDR;
    while (off < len) {
        frame f;
        if ((why = check_frame(data, len, off, max_body, &f)) == NULL && off == LIION__STORE_HDR) {
            if (f.seq == 0 || f.seq - 1 > base_seq)
                return liion__error_at(ctx, LIION_E_CORRUPT, off,
                                       "store journal starts at sequence %" PRIu64
                                       " but %s (offset %zu): its snapshot is missing or "
                                       "older than the journal",
                                       f.seq, base_seq == 0 ? "no snapshot covers the records before it"
                                                            : "the snapshot covers less",
                                       off);
            seq = f.seq - 1;
        }
        if (why == NULL && f.seq != seq + 1)
            why = "sequence number out of order";
        if (why != NULL)
            break;
        seq = f.seq;
        off += LIION__STORE_REC_HDR + (size_t)f.len;
        if (f.type == LIION__STORE_COMMIT) {
            if (seq > scan->committed_seq)
                scan->committed_seq = seq;
            scan->committed_end = off;
        }
    }
    if (why != NULL && commit_follows(data, len, off + 1, seq, max_body))
        return corrupt(ctx, off, seq + 1, why);
    scan->tail = len - scan->committed_end;

    /* Pass 2: replay the committed records. */
    memset(&L, 0, sizeof L);
    L.plant = plant;
    L.reg = reg;
    L.ctx = ctx;
    st = replay(&L, data, (size_t)scan->committed_end, base_seq, scan);
    for (int i = 0; i < 2; i++)
        liion__free(ctx, L.str[i], L.str_cap[i]);
    liion__free(ctx, L.sbuf, L.sbuf_cap);
    liion__free(ctx, L.viols, L.viols_cap);
    if (st == LIION_OK)
        (void)liion__ctx_enter(ctx);
    return st;
}
