/*
 * Private to libliion: the SECS-II item node, built items, the flat decode store and the
 * message. See include/liion/secs.h for the public contract.
 *
 * One node layout serves both kinds of item:
 *  - data of a non-list item is at (const uint8_t *)node + node->u.delta (bytes), so a built
 *    item points at its inline data and a decoded node at the wire copy in the same block;
 *    relative offsets keep the decode block relocatable while it grows;
 *  - a decoded list's children are contiguous nodes starting at node + u.delta (in nodes);
 *  - a built list's children are an array of pointers, u.kids.
 */
#ifndef LIION__SECS2_H
#define LIION__SECS2_H

#include "core/core.h"

#include <liion/secs.h>

#define LIION__MAGIC_SECS_ITEM 0x73656369u /* "seci" */
#define LIION__MAGIC_SECS_MSG 0x7365636du  /* "secm" */

/* node flags */
#define SECS__BUILT 0x01u /* a secs__built (heap object of the build API) */
#define SECS__OWNED 0x02u /* owned by a list or message: frozen, not freed by the user */

struct liion_secs_item {
    uint8_t fmt;
    uint8_t flags;
    uint16_t reserved;
    uint32_t len; /* list: children; other: data bytes */
    union {
        ptrdiff_t delta;               /* data (bytes) or first child (nodes), relative */
        struct liion_secs_item **kids; /* built list */
    } u;
};

typedef struct secs__built {
    struct liion_secs_item node; /* first member: a liion_secs_item * is a secs__built * */
    uint32_t magic;
    uint32_t depth;  /* list nesting levels in this subtree (0 for a non-list) */
    liion_ctx *ctx;
    size_t alloc;    /* bytes of this block */
    size_t payload;  /* list: encoded bytes of the children */
    size_t kids_cap; /* list: slots in u.kids */
    uint8_t data[];  /* non-list: the data bytes, big-endian */
} secs__built;

/* Flat decode store: one block [wire copy | nodes], kept and reused. */
typedef struct secs__frame {
    uint32_t next; /* slot of the child being filled */
    uint32_t end;  /* one past the last child slot */
} secs__frame;

typedef struct secs__store {
    uint8_t *block;
    size_t block_size;
    size_t wire_room;  /* bytes reserved for the wire copy at the start (multiple of 16) */
    size_t nodes_cap;  /* nodes that fit after the wire copy */
    secs__frame *stack;
    size_t stack_cap;
    size_t enc_size;   /* minimal re-encoded size of the decoded item */
} secs__store;

struct liion_secs_msg {
    uint32_t magic;
    uint8_t stream;
    uint8_t function;
    uint8_t wbit;
    uint8_t reserved;
    uint16_t session;
    uint32_t system;
    liion_ctx *ctx;
    struct liion_secs_item *body; /* built (owned) or a node of store */
    size_t body_size;
    secs__store store;
};

/* Bytes per element, 0 for an unknown code (L: 1). */
extern const uint8_t liion__secs_elem_size[64];

static inline const uint8_t *liion__secs_data(const struct liion_secs_item *it)
{
    return (const uint8_t *)it + it->u.delta;
}

static inline const struct liion_secs_item *liion__secs_kid(const struct liion_secs_item *it,
                                                            size_t i)
{
    if (it->flags & SECS__BUILT)
        return it->u.kids[i];
    return it + it->u.delta + (ptrdiff_t)i;
}

static inline size_t liion__secs_nlb(size_t n)
{
    return n <= 0xFFu ? 1u : n <= 0xFFFFu ? 2u : 3u;
}

/* Minimal encoded size of a subtree (recursive; built lists use their cached payload). */
size_t liion__secs_size(const struct liion_secs_item *it);
/* Write the subtree at p (room checked by the caller); returns the end. */
uint8_t *liion__secs_write(uint8_t *p, const struct liion_secs_item *it);

/* Decode one item at data[0..len) into the store. exact: trailing bytes are an error.
 * On success *root is the root node (inside store->block). */
liion_status liion__secs_decode(secs__store *s, liion_ctx *ctx, const uint8_t *data, size_t len,
                                bool exact, size_t *consumed, struct liion_secs_item **root);
void liion__secs_store_free(secs__store *s, liion_ctx *ctx);

/* Built-item helpers for the SML parser. */
liion_status liion__secs_new_raw(secs__built **out, liion_ctx *ctx, unsigned fmt,
                                 const uint8_t *bytes, size_t nbytes);
void liion__secs_free_built(secs__built *b);
/* Drop a message's body: free a built one, forget a decoded one (its storage stays). */
void liion__secs_msg_drop_body(liion_secs_msg *msg);

#endif /* LIION__SECS2_H */
