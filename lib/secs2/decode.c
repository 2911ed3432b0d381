/*
 * SECS-II decoder: one pass over a private copy of the input into a flat node array.
 *
 * Store layout, one block kept from message to message:
 *     [ wire copy (wire_room bytes, 16-aligned) | node 0 | node 1 | ... (nodes_cap) ]
 * A list's children get consecutive slots, reserved when the list header is read; the stack
 * of open lists records, per level, the slot being filled and the end of the run. Nodes refer
 * to their data and first child by offsets relative to themselves, so the block may move when
 * it grows in the middle of a decode. In steady state (messages no larger than before) the
 * decode touches no allocator at all: it is a memcpy, then one loop over the items.
 */
#include "secs2/secs2.h"

#include "core/bytes.h"

#include <string.h>

void liion__secs_store_free(secs__store *s, liion_ctx *ctx)
{
    if (s->block != NULL)
        liion__free(ctx, s->block, s->block_size);
    if (s->stack != NULL)
        liion__free(ctx, s->stack, s->stack_cap * sizeof *s->stack);
    memset(s, 0, sizeof *s);
}

#define NODE_SZ sizeof(struct liion_secs_item)

/* Make room for a wire copy of len bytes and at least nodes nodes, and copy data in. data
 * may point into the current block (bytes of a previously decoded item): a new block is
 * filled before the old one is freed, and an in-place copy uses memmove. */
static liion_status store_load(secs__store *s, liion_ctx *ctx, const uint8_t *data, size_t len,
                               size_t nodes)
{
    size_t room, ncap, size;
    uint8_t *nb;
    if (s->block != NULL && len <= s->wire_room && nodes <= s->nodes_cap) {
        memmove(s->block, data, len);
        return LIION_OK;
    }
    room = (len + 15u) & ~(size_t)15u;
    if (room < s->wire_room)
        room = s->wire_room;
    ncap = s->nodes_cap > nodes ? s->nodes_cap : nodes;
    if (ncap < 16)
        ncap = 16;
    if (!liion__size_mul(ncap, NODE_SZ, &size) || !liion__size_add(size, room, &size))
        return liion__error(ctx, LIION_E_NOMEM, "secs: decode storage size overflows");
    nb = liion__alloc(ctx, size);
    if (nb == NULL)
        return LIION_E_NOMEM;
    memcpy(nb, data, len);
    if (s->block != NULL)
        liion__free(ctx, s->block, s->block_size);
    s->block = nb;
    s->block_size = size;
    s->wire_room = room;
    s->nodes_cap = ncap;
    return LIION_OK;
}

/* Grow the node area to hold at least need nodes, keeping wire and nodes. */
static liion_status store_grow_nodes(secs__store *s, liion_ctx *ctx, size_t need)
{
    size_t ncap = s->nodes_cap * 2, size;
    uint8_t *nb;
    if (ncap < need)
        ncap = need;
    if (!liion__size_mul(ncap, NODE_SZ, &size) || !liion__size_add(size, s->wire_room, &size))
        return liion__error(ctx, LIION_E_NOMEM, "secs: decode storage size overflows");
    nb = liion__realloc(ctx, s->block, s->block_size, size);
    if (nb == NULL)
        return LIION_E_NOMEM;
    s->block = nb;
    s->block_size = size;
    s->nodes_cap = ncap;
    return LIION_OK;
}

static liion_status stack_grow(secs__store *s, liion_ctx *ctx)
{
    size_t ncap = s->stack_cap < 8 ? 8 : s->stack_cap * 2;
    secs__frame *ns;
    if (s->stack == NULL)
        ns = liion__alloc(ctx, ncap * sizeof *ns);
    else
        ns = liion__realloc(ctx, s->stack, s->stack_cap * sizeof *ns, ncap * sizeof *ns);
    if (ns == NULL)
        return LIION_E_NOMEM;
    s->stack = ns;
    s->stack_cap = ncap;
    return LIION_OK;
}

liion_status liion__secs_decode(secs__store *s, liion_ctx *ctx, const uint8_t *data, size_t len,
                                bool exact, size_t *consumed, struct liion_secs_item **root)
{
    const uint8_t *w;
    struct liion_secs_item *nodes;
    size_t pos = 0, nn = 1, cur = 0, depth = 0, enc = 0;
    const uint64_t max_depth = ctx->max_depth, max_items = ctx->max_items;
    liion_status st;

    *root = NULL;
    if (len == 0)
        return liion__error_at(ctx, LIION_E_TRUNCATED, 0, "secs: no item: the input is empty");
    if ((uint64_t)len > ctx->max_message_bytes)
        return liion__error_at(ctx, LIION_E_LIMIT, (size_t)ctx->max_message_bytes,
                               "secs: %zu bytes exceed the message limit of %llu", len,
                               (unsigned long long)ctx->max_message_bytes);
    /* a first guess at the node count, small for big blobs; the node area doubles as needed
     * and keeps its size for the next message */
    st = store_load(s, ctx, data, len, len / 8u < 4096u ? len / 8u + 4u : 4096u);
    if (st != LIION_OK)
        return st;
    w = s->block;
    nodes = (struct liion_secs_item *)(void *)(s->block + s->wire_room);

    for (;;) {
        struct liion_secs_item *node;
        size_t hdr = pos, n, left;
        unsigned b, nlb, code, esz;

        if (pos >= len)
            return liion__error_at(ctx, LIION_E_TRUNCATED, pos,
                                   "secs: input ends where an item header was expected");
        b = w[pos];
        nlb = b & 3u;
        code = b >> 2;
        if (LIION__UNLIKELY(nlb == 0))
            return liion__error_at(ctx, LIION_E_DECODE, pos,
                                   "secs: format byte 0x%02x has zero length bytes", b);
        esz = liion__secs_elem_size[code];
        if (LIION__UNLIKELY(esz == 0))
            return liion__error_at(ctx, LIION_E_DECODE, pos,
                                   "secs: format byte 0x%02x has unknown format code %o", b, code);
        if (LIION__UNLIKELY(len - pos - 1 < nlb))
            return liion__error_at(ctx, LIION_E_TRUNCATED, pos,
                                   "secs: input ends inside the %u length bytes of an item", nlb);
        if (nlb == 1)
            n = w[pos + 1];
        else if (nlb == 2)
            n = liion__load_be16(w + pos + 1);
        else
            n = liion__load_be24(w + pos + 1);
        pos += 1u + nlb;
        left = len - pos;
        enc += 1u + liion__secs_nlb(n);
        node = &nodes[cur];
        node->fmt = (uint8_t)code;
        node->flags = 0;
        node->reserved = 0;
        node->len = (uint32_t)n;

        if (code == LIION_SECS_L) {
            if (LIION__UNLIKELY(depth >= max_depth))
                return liion__error_at(ctx, LIION_E_LIMIT, hdr,
                                       "secs: lists nest deeper than the limit of %llu",
                                       (unsigned long long)max_depth);
            if (n != 0) {
                if (LIION__UNLIKELY(n > left / 2u))
                    return liion__error_at(ctx, LIION_E_TRUNCATED, hdr,
                                           "secs: list of %zu items needs at least %zu bytes, %zu left",
                                           n, 2u * n, left);
                if (LIION__UNLIKELY((uint64_t)(nn + n) > max_items))
                    return liion__error_at(ctx, LIION_E_LIMIT, hdr,
                                           "secs: more than %llu items",
                                           (unsigned long long)max_items);
                if (LIION__UNLIKELY(nn + n > s->nodes_cap)) {
                    st = store_grow_nodes(s, ctx, nn + n);
                    if (st != LIION_OK)
                        return st;
                    w = s->block;
                    nodes = (struct liion_secs_item *)(void *)(s->block + s->wire_room);
                    node = &nodes[cur];
                }
                if (LIION__UNLIKELY(depth == s->stack_cap)) {
                    st = stack_grow(s, ctx);
                    if (st != LIION_OK)
                        return st;
                }
                node->u.delta = (ptrdiff_t)(nn - cur);
                s->stack[depth].next = (uint32_t)nn;
                s->stack[depth].end = (uint32_t)(nn + n);
                depth++;
                cur = nn;
                nn += n;
                continue;
            }
            node->u.delta = 0;
        } else {
            if (LIION__UNLIKELY(n > left))
                return liion__error_at(ctx, LIION_E_TRUNCATED, hdr,
                                       "secs: %s item of %zu bytes, only %zu left",
                                       liion_secs_format_name((liion_secs_format)code), n, left);
            if (LIION__UNLIKELY(esz > 1 && (n & (esz - 1u)) != 0))
                return liion__error_at(ctx, LIION_E_DECODE, hdr,
                                       "secs: %s item of %zu bytes is not a whole number of %u-byte elements",
                                       liion_secs_format_name((liion_secs_format)code), n, esz);
            if (LIION__UNLIKELY(code == LIION_SECS_C2 && n < 2))
                return liion__error_at(ctx, LIION_E_DECODE, hdr,
                                       "secs: localized string of %zu bytes lacks its 2-byte header",
                                       n);
            node->u.delta = (ptrdiff_t)pos - (ptrdiff_t)(s->wire_room + cur * NODE_SZ);
            pos += n;
            enc += n;
        }
        /* next slot: the following sibling, or climb out of finished lists */
        while (depth > 0) {
            secs__frame *f = &s->stack[depth - 1];
            if (++f->next < f->end) {
                cur = f->next;
                break;
            }
            depth--;
        }
        if (depth == 0)
            break;
    }
    if (exact && pos != len)
        return liion__error_at(ctx, LIION_E_DECODE, pos,
                               "secs: %zu bytes after the end of the item", len - pos);
    if (consumed != NULL)
        *consumed = pos;
    s->enc_size = enc;
    *root = &nodes[0];
    return LIION_OK;
}

LIION_API liion_status liion_secs_item_decode(liion_secs_item **out, size_t *consumed,
                                              liion_ctx *ctx, const uint8_t *data, size_t len)
{
    secs__store s;
    struct liion_secs_item *root = NULL;
    liion_secs_item *copy = NULL;
    liion_status st;
    size_t used = 0;
    if (out != NULL)
        *out = NULL;
    if (consumed != NULL)
        *consumed = 0;
    st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    if (out == NULL || (data == NULL && len != 0))
        return liion__error(ctx, LIION_E_INVALID_ARG, "secs: NULL argument");
    memset(&s, 0, sizeof s);
    st = liion__secs_decode(&s, ctx, data, len, false, &used, &root);
    if (st == LIION_OK) {
        /* the decoder's depth check makes the clone's depth check pass */
        st = liion_secs_item_clone(&copy, ctx, root);
    }
    liion__secs_store_free(&s, ctx);
    if (st != LIION_OK)
        return st;
    *out = copy;
    if (consumed != NULL)
        *consumed = used;
    return LIION_OK;
}
