/*
 * Private to libliion: the export document model. A document is a tree of nodes in one arena
 * (struct liion_export_doc owns it). Builders add members to maps with xn_put_* (keys are
 * copied) and elements to arrays with xn_push; every allocation failure is sticky in
 * doc->err, so a builder adds everything and checks once. liion__xdoc_seal() turns each map's
 * member list into an array sorted in RFC 8949 deterministic order (encoded key bytes:
 * shorter text keys first, then bytewise), which the CBOR, JSON and Markdown writers all use.
 */
#ifndef LIION__XDOC_H
#define LIION__XDOC_H

#include <liion/export.h>

#include "core/arena.h"
#include "core/bytes.h"
#include "core/core.h"

#include <zlib.h>

#define LIION__MAGIC_XDOC 0x78646f63u /* "xdoc" */

typedef enum liion__xt {
    XN_NULL = 0,
    XN_FALSE = 1,
    XN_TRUE = 2,
    XN_UINT = 3,  /* u */
    XN_NINT = 4,  /* value -1 - u */
    XN_FLOAT = 5, /* d, finite */
    XN_TEXT = 6,  /* s, len (UTF-8, no NUL needed) */
    XN_BYTES = 7, /* s, len */
    XN_ARRAY = 8, /* kids, len */
    XN_MAP = 9    /* kids (values; each has key), len */
} liion__xt;

typedef struct liion__xn liion__xn;
struct liion__xn {
    uint32_t type;
    uint32_t keylen;
    const char *key; /* member of a map: its key */
    size_t len;
    union {
        uint64_t u;
        double d;
        const uint8_t *s;
        liion__xn **kids; /* after seal (maps sorted) or decode */
    } v;
    liion__xn *first, *last, *next; /* while building */
    bool sealed;                    /* kids is the final (sorted) array */
};

struct liion_export_doc {
    uint32_t magic;
    liion_ctx *ctx;
    liion__arena arena;
    liion__xn *root;
    const char *type;
    liion_status err; /* sticky build error */
};

liion_status liion__xdoc_new(liion_export_doc **out, liion_ctx *ctx);
liion_status liion__xdoc_enter(liion_export_doc *doc);

liion__xn *liion__xn_new(liion_export_doc *doc, liion__xt type);
liion__xn *liion__xn_put(liion_export_doc *doc, liion__xn *map, const char *key, liion__xn *val);
liion__xn *liion__xn_push(liion_export_doc *doc, liion__xn *arr, liion__xn *val);
liion__xn *liion__xn_map(liion_export_doc *doc, liion__xn *parent, const char *key);
liion__xn *liion__xn_array(liion_export_doc *doc, liion__xn *parent, const char *key);
void liion__xn_text(liion_export_doc *doc, liion__xn *map, const char *key, const char *text);
void liion__xn_textn(liion_export_doc *doc, liion__xn *map, const char *key, const char *text,
                     size_t len);
void liion__xn_uint(liion_export_doc *doc, liion__xn *map, const char *key, uint64_t v);
void liion__xn_int(liion_export_doc *doc, liion__xn *map, const char *key, int64_t v);
void liion__xn_num(liion_export_doc *doc, liion__xn *map, const char *key, double v);
void liion__xn_bool(liion_export_doc *doc, liion__xn *map, const char *key, bool v);
void liion__xn_null(liion_export_doc *doc, liion__xn *map, const char *key);
void liion__xn_bytes(liion_export_doc *doc, liion__xn *map, const char *key, const uint8_t *p,
                     size_t n);
/* Node for an array element (parent an array) or member (parent a map with key). */
liion__xn *liion__xn_text_node(liion_export_doc *doc, const char *text, size_t len);

/* Sort every map (and set doc->type from root["document"]); the document is then immutable. */
liion_status liion__xdoc_seal(liion_export_doc *doc);
/* Deep copy of a sealed subtree into another document's arena (sealed form). */
liion__xn *liion__xn_clone(liion_export_doc *dst, const liion__xn *src);
/* Add a member to a sealed map (kept sorted); val must be sealed (scalar or sealed tree). */
liion_status liion__xn_put_sealed(liion_export_doc *doc, liion__xn *map, const char *key,
                                  liion__xn *val);
/* Member of a sealed map, or NULL. */
const liion__xn *liion__xn_get(const liion__xn *map, const char *key);

/* Writers over a sealed tree (measuring writer: pos counts past cap). */
void liion__xw_cbor(liion__wr *w, const liion__xn *n);
void liion__xw_json(liion__wr *w, const liion__xn *n);
/* Markdown (markdown.c): a dedicated auditor's layout per document type, the generic tree dump
 * for any other document. Deterministic (run twice: size, then bytes); the dossier's layout
 * allocates one scratch index from ctx and gives LIION_E_NOMEM (set on ctx) without it. */
liion_status liion__xw_markdown(liion__wr *w, const liion__xn *root, liion_ctx *ctx);
/* The generic tree dump alone (any document; the tests compare sizes with it). */
void liion__xw_markdown_generic(liion__wr *w, const liion__xn *root);

/* Exact IEEE half-precision bits of a double, when it has them. */
bool liion__f16_exact(double d, uint16_t *out);

/* Deterministic map-key order: 1 when a sorts before b. */
int liion__xkey_cmp(const char *a, size_t alen, const char *b, size_t blen);

/* SHA-256 and helpers. */
typedef struct liion__sha256 {
    uint32_t h[8];
    uint64_t bytes;
    uint8_t buf[64];
    size_t fill;
} liion__sha256;
void liion__sha256_init(liion__sha256 *s);
void liion__sha256_update(liion__sha256 *s, const uint8_t *p, size_t n);
void liion__sha256_final(liion__sha256 *s, uint8_t out[32]);

/* CBOR of a sealed subtree into a new ctx allocation; *len_out its size. */
liion_status liion__xn_cbor_alloc(liion_ctx *ctx, const liion__xn *n, uint8_t **out,
                                  size_t *len_out);
/* zlib allocation hooks: opaque is the liion_ctx (blocks accounted against its cap). */
voidpf liion__zalloc(voidpf opaque, uInt items, uInt size);
void liion__zfree(voidpf opaque, voidpf ptr);
/* zlib deflate (level 6) / inflate with the ctx allocator. Output allocated from ctx. */
liion_status liion__zdeflate(liion_ctx *ctx, const uint8_t *in, size_t n, uint8_t **out,
                             size_t *out_len, size_t *out_cap);
liion_status liion__zinflate(liion_ctx *ctx, const uint8_t *in, size_t n, size_t max_out,
                             uint8_t **out, size_t *out_len, size_t *out_cap);

/* Text check shared by the setters: UTF-8, 1..1024 bytes, no control characters. */
bool liion__xtext_ok(const char *s, size_t *len_out);
bool liion__utf8_ok(const uint8_t *s, size_t n);
/* A real calendar date YYYY-MM-DD (year >= 1990), n bytes. */
bool liion__date_ok(const char *d, size_t n);

#endif /* LIION__XDOC_H */
