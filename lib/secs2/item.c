/* SECS-II items: construction, ownership, reading, equality, encoding. See secs2.h. */
#include "secs2/secs2.h"

#include "core/bytes.h"

#include <string.h>

/* Bytes per element by 6-bit format code; 0 = not a format. */
const uint8_t liion__secs_elem_size[64] = {
    [000] = 1, [010] = 1, [011] = 1, [020] = 1, [021] = 1, [022] = 1, [030] = 8, [031] = 1,
    [032] = 2, [034] = 4, [040] = 8, [044] = 4, [050] = 8, [051] = 1, [052] = 2, [054] = 4,
};

LIION_API size_t liion_secs_format_elem_size(liion_secs_format format)
{
    if ((unsigned)format >= 64u)
        return 0;
    return liion__secs_elem_size[(unsigned)format];
}

LIION_API const char *liion_secs_format_name(liion_secs_format format)
{
    switch (format) {
    case LIION_SECS_L: return "L";
    case LIION_SECS_B: return "B";
    case LIION_SECS_BOOLEAN: return "BOOLEAN";
    case LIION_SECS_A: return "A";
    case LIION_SECS_J: return "J";
    case LIION_SECS_C2: return "C2";
    case LIION_SECS_I8: return "I8";
    case LIION_SECS_I1: return "I1";
    case LIION_SECS_I2: return "I2";
    case LIION_SECS_I4: return "I4";
    case LIION_SECS_F8: return "F8";
    case LIION_SECS_F4: return "F4";
    case LIION_SECS_U8: return "U8";
    case LIION_SECS_U1: return "U1";
    case LIION_SECS_U2: return "U2";
    case LIION_SECS_U4: return "U4";
    case LIION_SECS_NONE:
    case LIION_SECS_FORMAT__FORCE_INT32:
        break;
    }
    return "?";
}

/* ---- built items --------------------------------------------------------------------- */

static bool built_live(const liion_secs_item *it)
{
    return it != NULL && (it->flags & SECS__BUILT) &&
           ((const secs__built *)(const void *)it)->magic == LIION__MAGIC_SECS_ITEM;
}

static secs__built *as_built(liion_secs_item *it)
{
    return (secs__built *)(void *)it;
}

void liion__secs_free_built(secs__built *b)
{
    liion_ctx *ctx;
    if (b == NULL)
        return;
    ctx = b->ctx;
    if (b->node.fmt == LIION_SECS_L) {
        for (uint32_t i = 0; i < b->node.len; i++)
            liion__secs_free_built(as_built(b->node.u.kids[i]));
        if (b->kids_cap != 0)
            liion__free(ctx, b->node.u.kids, b->kids_cap * sizeof(liion_secs_item *));
    }
    b->magic = LIION__MAGIC_DEAD;
    liion__free(ctx, b, b->alloc);
}

static liion_status check_format(liion_ctx *ctx, unsigned fmt)
{
    if (fmt >= 64u || liion__secs_elem_size[fmt] == 0)
        return liion__error(ctx, LIION_E_INVALID_ARG, "secs: %u is not a SECS-II format code", fmt);
    if (fmt == LIION_SECS_L)
        return liion__error(ctx, LIION_E_INVALID_ARG,
                            "secs: a list has no data; use liion_secs_item_new_list");
    return LIION_OK;
}

/* Allocate a non-list built item with nbytes of (uninitialised) data. */
static liion_status alloc_scalar(secs__built **out, liion_ctx *ctx, unsigned fmt, size_t nbytes)
{
    secs__built *b;
    size_t esz = liion__secs_elem_size[fmt];
    size_t alloc;
    if (nbytes > LIION_SECS_MAX_LENGTH)
        return liion__error(ctx, LIION_E_RANGE,
                            "secs: %zu data bytes exceed the E5 maximum of 16777215", nbytes);
    if (nbytes % esz != 0)
        return liion__error(ctx, LIION_E_INVALID_ARG,
                            "secs: %zu bytes is not a whole number of %zu-byte elements", nbytes,
                            esz);
    if (fmt == LIION_SECS_C2 && nbytes < 2)
        return liion__error(ctx, LIION_E_INVALID_ARG,
                            "secs: a localized string needs its 2-byte header");
    alloc = offsetof(secs__built, data) + nbytes;
    b = liion__alloc(ctx, alloc);
    if (b == NULL)
        return LIION_E_NOMEM;
    memset(b, 0, offsetof(secs__built, data));
    b->node.fmt = (uint8_t)fmt;
    b->node.flags = SECS__BUILT;
    b->node.len = (uint32_t)nbytes;
    b->node.u.delta = (ptrdiff_t)offsetof(secs__built, data);
    b->magic = LIION__MAGIC_SECS_ITEM;
    b->ctx = ctx;
    b->alloc = alloc;
    *out = b;
    return LIION_OK;
}

liion_status liion__secs_new_raw(secs__built **out, liion_ctx *ctx, unsigned fmt,
                                 const uint8_t *bytes, size_t nbytes)
{
    liion_status st = alloc_scalar(out, ctx, fmt, nbytes);
    if (st == LIION_OK && nbytes != 0)
        memcpy((*out)->data, bytes, nbytes);
    return st;
}

LIION_API liion_status liion_secs_item_new_raw(liion_secs_item **out, liion_ctx *ctx,
                                               liion_secs_format format, const uint8_t *bytes,
                                               size_t nbytes)
{
    secs__built *b = NULL;
    liion_status st;
    if (out != NULL)
        *out = NULL;
    st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    if (out == NULL || (bytes == NULL && nbytes != 0))
        return liion__error(ctx, LIION_E_INVALID_ARG, "secs: NULL argument");
    st = check_format(ctx, (unsigned)format);
    if (st == LIION_OK)
        st = liion__secs_new_raw(&b, ctx, (unsigned)format, bytes, nbytes);
    if (st == LIION_OK)
        *out = &b->node;
    return st;
}

LIION_API liion_status liion_secs_item_new(liion_secs_item **out, liion_ctx *ctx,
                                           liion_secs_format format, const void *values,
                                           size_t count)
{
    secs__built *b = NULL;
    liion_status st;
    size_t esz, nbytes;
    const uint8_t *src = values;
    if (out != NULL)
        *out = NULL;
    st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    if (out == NULL || (values == NULL && count != 0))
        return liion__error(ctx, LIION_E_INVALID_ARG, "secs: NULL argument");
    st = check_format(ctx, (unsigned)format);
    if (st != LIION_OK)
        return st;
    esz = liion__secs_elem_size[(unsigned)format];
    if (!liion__size_mul(count, esz, &nbytes) || nbytes > LIION_SECS_MAX_LENGTH)
        return liion__error(ctx, LIION_E_RANGE,
                            "secs: %zu elements exceed the E5 maximum of 16777215 bytes", count);
    st = alloc_scalar(&b, ctx, (unsigned)format, nbytes);
    if (st != LIION_OK)
        return st;
    switch (esz) {
    case 1:
        if (nbytes != 0)
            memcpy(b->data, src, nbytes);
        break;
    case 2:
        for (size_t i = 0; i < count; i++) {
            uint16_t v;
            memcpy(&v, src + 2 * i, 2);
            liion__store_be16(b->data + 2 * i, v);
        }
        break;
    case 4:
        for (size_t i = 0; i < count; i++) {
            uint32_t v;
            memcpy(&v, src + 4 * i, 4);
            liion__store_be32(b->data + 4 * i, v);
        }
        break;
    default:
        for (size_t i = 0; i < count; i++) {
            uint64_t v;
            memcpy(&v, src + 8 * i, 8);
            liion__store_be64(b->data + 8 * i, v);
        }
        break;
    }
    *out = &b->node;
    return LIION_OK;
}

#define TYPED_NEW(name, T, FMT)                                                               \
    LIION_API liion_status liion_secs_item_new_##name(liion_secs_item **out, liion_ctx *ctx,  \
                                                      const T *v, size_t n)                   \
    {                                                                                         \
        return liion_secs_item_new(out, ctx, FMT, v, n);                                      \
    }

TYPED_NEW(binary, uint8_t, LIION_SECS_B)
TYPED_NEW(bool, uint8_t, LIION_SECS_BOOLEAN)
TYPED_NEW(i1, int8_t, LIION_SECS_I1)
TYPED_NEW(i2, int16_t, LIION_SECS_I2)
TYPED_NEW(i4, int32_t, LIION_SECS_I4)
TYPED_NEW(i8, int64_t, LIION_SECS_I8)
TYPED_NEW(u1, uint8_t, LIION_SECS_U1)
TYPED_NEW(u2, uint16_t, LIION_SECS_U2)
TYPED_NEW(u4, uint32_t, LIION_SECS_U4)
TYPED_NEW(u8, uint64_t, LIION_SECS_U8)
TYPED_NEW(f4, float, LIION_SECS_F4)
TYPED_NEW(f8, double, LIION_SECS_F8)

LIION_API liion_status liion_secs_item_new_ascii(liion_secs_item **out, liion_ctx *ctx,
                                                 const char *text, size_t len)
{
    return liion_secs_item_new(out, ctx, LIION_SECS_A, text, len);
}

LIION_API liion_status liion_secs_item_new_jis8(liion_secs_item **out, liion_ctx *ctx,
                                                const char *text, size_t len)
{
    return liion_secs_item_new(out, ctx, LIION_SECS_J, text, len);
}

LIION_API liion_status liion_secs_item_new_localized(liion_secs_item **out, liion_ctx *ctx,
                                                     uint16_t lsh, const uint8_t *text,
                                                     size_t len)
{
    secs__built *b = NULL;
    liion_status st;
    if (out != NULL)
        *out = NULL;
    st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    if (out == NULL || (text == NULL && len != 0))
        return liion__error(ctx, LIION_E_INVALID_ARG, "secs: NULL argument");
    if (len > LIION_SECS_MAX_LENGTH - 2)
        return liion__error(ctx, LIION_E_RANGE,
                            "secs: %zu text bytes exceed the E5 maximum of 16777213", len);
    st = alloc_scalar(&b, ctx, LIION_SECS_C2, len + 2);
    if (st != LIION_OK)
        return st;
    liion__store_be16(b->data, lsh);
    if (len != 0)
        memcpy(b->data + 2, text, len);
    *out = &b->node;
    return LIION_OK;
}

LIION_API liion_status liion_secs_item_new_list(liion_secs_item **out, liion_ctx *ctx,
                                                size_t capacity)
{
    secs__built *b;
    liion_status st;
    if (out != NULL)
        *out = NULL;
    st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    if (out == NULL)
        return liion__error(ctx, LIION_E_INVALID_ARG, "secs: NULL argument");
    if (capacity > LIION_SECS_MAX_LENGTH)
        return liion__error(ctx, LIION_E_RANGE, "secs: a list holds at most 16777215 items");
    b = liion__alloc(ctx, sizeof *b);
    if (b == NULL)
        return LIION_E_NOMEM;
    memset(b, 0, sizeof *b);
    b->node.fmt = LIION_SECS_L;
    b->node.flags = SECS__BUILT;
    b->node.u.kids = NULL;
    b->magic = LIION__MAGIC_SECS_ITEM;
    b->depth = 1;
    b->ctx = ctx;
    b->alloc = sizeof *b;
    if (capacity != 0) {
        b->node.u.kids = liion__alloc(ctx, capacity * sizeof(liion_secs_item *));
        if (b->node.u.kids == NULL) {
            liion__free(ctx, b, sizeof *b);
            return LIION_E_NOMEM;
        }
        b->kids_cap = capacity;
    }
    *out = &b->node;
    return LIION_OK;
}

LIION_API liion_status liion_secs_list_append(liion_secs_item *list, liion_secs_item *child)
{
    secs__built *l, *c;
    liion_ctx *ctx;
    liion_status st;
    if (!built_live(list))
        return list == NULL ? LIION_E_INVALID_ARG : LIION_E_MISUSE;
    l = as_built(list);
    ctx = l->ctx;
    st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    if (list->fmt != LIION_SECS_L)
        return liion__error(ctx, LIION_E_INVALID_ARG, "secs: append to a %s item, not a list",
                            liion_secs_format_name((liion_secs_format)list->fmt));
    if (!built_live(child))
        return liion__error(ctx, child == NULL ? LIION_E_INVALID_ARG : LIION_E_MISUSE,
                            "secs: append of a NULL, freed or decoded item");
    c = as_built(child);
    if (child == list)
        return liion__error(ctx, LIION_E_INVALID_ARG, "secs: a list cannot contain itself");
    if (c->ctx != ctx)
        return liion__error(ctx, LIION_E_INVALID_ARG,
                            "secs: the child belongs to another context");
    if (list->flags & SECS__OWNED)
        return liion__error(ctx, LIION_E_STATE,
                            "secs: the list is frozen (owned by a list or message)");
    if (child->flags & SECS__OWNED)
        return liion__error(ctx, LIION_E_STATE,
                            "secs: the child is already owned by a list or message");
    if (list->len >= LIION_SECS_MAX_LENGTH)
        return liion__error(ctx, LIION_E_RANGE, "secs: a list holds at most 16777215 items");
    if ((uint64_t)c->depth + 1u > ctx->max_depth)
        return liion__error(ctx, LIION_E_LIMIT, "secs: the tree would nest %u lists, limit %llu",
                            c->depth + 1u, (unsigned long long)ctx->max_depth);
    if (list->len == l->kids_cap) {
        size_t ncap = l->kids_cap < 4 ? 4 : l->kids_cap * 2;
        liion_secs_item **k;
        if (ncap > LIION_SECS_MAX_LENGTH)
            ncap = LIION_SECS_MAX_LENGTH;
        if (l->kids_cap == 0)
            k = liion__alloc(ctx, ncap * sizeof *k);
        else
            k = liion__realloc(ctx, list->u.kids, l->kids_cap * sizeof *k, ncap * sizeof *k);
        if (k == NULL)
            return LIION_E_NOMEM;
        list->u.kids = k;
        l->kids_cap = ncap;
    }
    list->u.kids[list->len++] = child;
    child->flags |= SECS__OWNED;
    l->payload += liion__secs_size(child);
    if (c->depth + 1u > l->depth)
        l->depth = c->depth + 1u;
    return LIION_OK;
}

LIION_API void liion_secs_item_free(liion_secs_item *item)
{
    if (!built_live(item) || (item->flags & SECS__OWNED))
        return;
    liion__secs_free_built(as_built(item));
}

/* Clone: recursive, bounded by depth. */
static liion_status clone_rec(secs__built **out, liion_ctx *ctx, const liion_secs_item *src,
                              uint64_t depth)
{
    liion_status st;
    liion_secs_item *l = NULL;
    if (src->fmt != LIION_SECS_L)
        return liion__secs_new_raw(out, ctx, src->fmt, liion__secs_data(src), src->len);
    if (depth >= ctx->max_depth)
        return liion__error(ctx, LIION_E_LIMIT, "secs: item nests more than %llu lists",
                            (unsigned long long)ctx->max_depth);
    st = liion_secs_item_new_list(&l, ctx, src->len);
    for (uint32_t i = 0; st == LIION_OK && i < src->len; i++) {
        secs__built *k = NULL;
        st = clone_rec(&k, ctx, liion__secs_kid(src, i), depth + 1);
        if (st == LIION_OK) {
            /* inline append: capacity is already there, limits already checked */
            secs__built *lb = as_built(l);
            l->u.kids[l->len++] = &k->node;
            k->node.flags |= SECS__OWNED;
            lb->payload += liion__secs_size(&k->node);
            if (k->depth + 1u > lb->depth)
                lb->depth = k->depth + 1u;
        }
    }
    if (st != LIION_OK) {
        liion_secs_item_free(l);
        return st;
    }
    *out = as_built(l);
    return LIION_OK;
}

LIION_API liion_status liion_secs_item_clone(liion_secs_item **out, liion_ctx *ctx,
                                             const liion_secs_item *item)
{
    secs__built *b = NULL;
    liion_status st;
    if (out != NULL)
        *out = NULL;
    st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    if (out == NULL || item == NULL)
        return liion__error(ctx, LIION_E_INVALID_ARG, "secs: NULL argument");
    st = clone_rec(&b, ctx, item, 0);
    if (st == LIION_OK)
        *out = &b->node;
    return st;
}

/* ---- reading ------------------------------------------------------------------------- */

LIION_API liion_secs_format liion_secs_item_format(const liion_secs_item *item)
{
    return item == NULL ? LIION_SECS_NONE : (liion_secs_format)item->fmt;
}

LIION_API size_t liion_secs_item_count(const liion_secs_item *item)
{
    if (item == NULL)
        return 0;
    if (item->fmt == LIION_SECS_C2)
        return item->len - 2u;
    return item->len / liion__secs_elem_size[item->fmt];
}

LIION_API const uint8_t *liion_secs_item_raw(const liion_secs_item *item, size_t *len)
{
    if (len != NULL)
        *len = 0;
    if (item == NULL || item->fmt == LIION_SECS_L)
        return NULL;
    if (len != NULL)
        *len = item->len;
    return liion__secs_data(item);
}

LIION_API const uint8_t *liion_secs_item_text(const liion_secs_item *item, size_t *len)
{
    if (len != NULL)
        *len = 0;
    if (item == NULL)
        return NULL;
    switch (item->fmt) {
    case LIION_SECS_A:
    case LIION_SECS_J:
        if (len != NULL)
            *len = item->len;
        return liion__secs_data(item);
    case LIION_SECS_C2:
        if (len != NULL)
            *len = item->len - 2u;
        return liion__secs_data(item) + 2;
    default:
        return NULL;
    }
}

LIION_API uint16_t liion_secs_item_lsh(const liion_secs_item *item)
{
    if (item == NULL || item->fmt != LIION_SECS_C2)
        return 0;
    return liion__load_be16(liion__secs_data(item));
}

LIION_API const liion_secs_item *liion_secs_item_child(const liion_secs_item *item, size_t index)
{
    if (item == NULL || item->fmt != LIION_SECS_L || index >= item->len)
        return NULL;
    return liion__secs_kid(item, index);
}

/* Element index as raw bits, zero-extended; false if out of range. */
static bool elem_bits(const liion_secs_item *it, size_t index, uint64_t *bits, size_t *esz)
{
    const uint8_t *p;
    size_t sz = liion__secs_elem_size[it->fmt];
    if (index >= it->len / sz)
        return false;
    p = liion__secs_data(it) + index * sz;
    *esz = sz;
    switch (sz) {
    case 1: *bits = p[0]; break;
    case 2: *bits = liion__load_be16(p); break;
    case 4: *bits = liion__load_be32(p); break;
    default: *bits = liion__load_be64(p); break;
    }
    return true;
}

static int64_t sign_extend(uint64_t bits, size_t esz)
{
    switch (esz) {
    case 1: return (int8_t)(uint8_t)bits;
    case 2: return (int16_t)(uint16_t)bits;
    case 4: return (int32_t)(uint32_t)bits;
    default: return (int64_t)bits;
    }
}

static bool is_signed(unsigned fmt)
{
    return fmt == LIION_SECS_I1 || fmt == LIION_SECS_I2 || fmt == LIION_SECS_I4 ||
           fmt == LIION_SECS_I8;
}

static bool is_unsigned(unsigned fmt)
{
    return fmt == LIION_SECS_U1 || fmt == LIION_SECS_U2 || fmt == LIION_SECS_U4 ||
           fmt == LIION_SECS_U8;
}

LIION_API liion_status liion_secs_item_get_int(int64_t *out, const liion_secs_item *item,
                                               size_t index)
{
    uint64_t bits;
    size_t esz;
    if (out == NULL || item == NULL || !(is_signed(item->fmt) || is_unsigned(item->fmt)))
        return LIION_E_INVALID_ARG;
    if (!elem_bits(item, index, &bits, &esz))
        return LIION_E_RANGE;
    if (is_signed(item->fmt)) {
        *out = sign_extend(bits, esz);
    } else {
        if (bits > (uint64_t)INT64_MAX)
            return LIION_E_RANGE;
        *out = (int64_t)bits;
    }
    return LIION_OK;
}

LIION_API liion_status liion_secs_item_get_uint(uint64_t *out, const liion_secs_item *item,
                                                size_t index)
{
    uint64_t bits;
    size_t esz;
    if (out == NULL || item == NULL ||
        !(is_signed(item->fmt) || is_unsigned(item->fmt) || item->fmt == LIION_SECS_B ||
          item->fmt == LIION_SECS_BOOLEAN))
        return LIION_E_INVALID_ARG;
    if (!elem_bits(item, index, &bits, &esz))
        return LIION_E_RANGE;
    if (is_signed(item->fmt)) {
        int64_t v = sign_extend(bits, esz);
        if (v < 0)
            return LIION_E_RANGE;
        bits = (uint64_t)v;
    }
    *out = bits;
    return LIION_OK;
}

LIION_API liion_status liion_secs_item_get_float(double *out, const liion_secs_item *item,
                                                 size_t index)
{
    uint64_t bits;
    size_t esz;
    if (out == NULL || item == NULL ||
        (item->fmt != LIION_SECS_F4 && item->fmt != LIION_SECS_F8))
        return LIION_E_INVALID_ARG;
    if (!elem_bits(item, index, &bits, &esz))
        return LIION_E_RANGE;
    if (esz == 4) {
        float f;
        uint32_t u = (uint32_t)bits;
        memcpy(&f, &u, 4);
        *out = (double)f;
    } else {
        memcpy(out, &bits, 8);
    }
    return LIION_OK;
}

LIION_API liion_status liion_secs_item_get_bool(int *out, const liion_secs_item *item,
                                                size_t index)
{
    if (out == NULL || item == NULL || item->fmt != LIION_SECS_BOOLEAN)
        return LIION_E_INVALID_ARG;
    if (index >= item->len)
        return LIION_E_RANGE;
    *out = liion__secs_data(item)[index] != 0;
    return LIION_OK;
}

LIION_API liion_status liion_secs_item_read_array(void *dst, size_t cap, size_t *count,
                                                  const liion_secs_item *item)
{
    size_t n, esz;
    const uint8_t *p;
    uint8_t *d = dst;
    if (count == NULL || item == NULL || item->fmt == LIION_SECS_L)
        return LIION_E_INVALID_ARG;
    n = liion_secs_item_count(item);
    *count = n;
    if (n > cap)
        return LIION_E_BUFFER_TOO_SMALL;
    if (n == 0)
        return LIION_OK;
    if (dst == NULL)
        return LIION_E_INVALID_ARG;
    esz = liion__secs_elem_size[item->fmt];
    p = liion__secs_data(item) + (item->fmt == LIION_SECS_C2 ? 2 : 0);
    switch (esz) {
    case 1:
        memcpy(d, p, n);
        break;
    case 2:
        for (size_t i = 0; i < n; i++) {
            uint16_t v = liion__load_be16(p + 2 * i);
            memcpy(d + 2 * i, &v, 2);
        }
        break;
    case 4:
        for (size_t i = 0; i < n; i++) {
            uint32_t v = liion__load_be32(p + 4 * i);
            memcpy(d + 4 * i, &v, 4);
        }
        break;
    default:
        for (size_t i = 0; i < n; i++) {
            uint64_t v = liion__load_be64(p + 8 * i);
            memcpy(d + 8 * i, &v, 8);
        }
        break;
    }
    return LIION_OK;
}

static int equal_rec(const liion_secs_item *a, const liion_secs_item *b)
{
    if (a->fmt != b->fmt || a->len != b->len)
        return 0;
    if (a->fmt != LIION_SECS_L)
        return a->len == 0 || memcmp(liion__secs_data(a), liion__secs_data(b), a->len) == 0;
    for (uint32_t i = 0; i < a->len; i++)
        if (!equal_rec(liion__secs_kid(a, i), liion__secs_kid(b, i)))
            return 0;
    return 1;
}

LIION_API int liion_secs_item_equal(const liion_secs_item *a, const liion_secs_item *b)
{
    if (a == NULL || b == NULL)
        return a == b;
    return equal_rec(a, b);
}

/* ---- encoding ------------------------------------------------------------------------ */

size_t liion__secs_size(const liion_secs_item *it)
{
    size_t n;
    if (it->fmt != LIION_SECS_L)
        return 1u + liion__secs_nlb(it->len) + it->len;
    if (it->flags & SECS__BUILT)
        return 1u + liion__secs_nlb(it->len) + ((const secs__built *)(const void *)it)->payload;
    n = 1u + liion__secs_nlb(it->len);
    for (uint32_t i = 0; i < it->len; i++)
        n += liion__secs_size(liion__secs_kid(it, i));
    return n;
}

static inline uint8_t *write_header(uint8_t *p, unsigned fmt, uint32_t len)
{
    if (len <= 0xFFu) {
        p[0] = (uint8_t)(fmt << 2 | 1u);
        p[1] = (uint8_t)len;
        return p + 2;
    }
    if (len <= 0xFFFFu) {
        p[0] = (uint8_t)(fmt << 2 | 2u);
        liion__store_be16(p + 1, (uint16_t)len);
        return p + 3;
    }
    p[0] = (uint8_t)(fmt << 2 | 3u);
    liion__store_be24(p + 1, len);
    return p + 4;
}

uint8_t *liion__secs_write(uint8_t *p, const liion_secs_item *it)
{
    p = write_header(p, it->fmt, it->len);
    if (it->fmt != LIION_SECS_L) {
        memcpy(p, liion__secs_data(it), it->len);
        return p + it->len;
    }
    if (it->flags & SECS__BUILT) {
        liion_secs_item *const *k = it->u.kids;
        for (uint32_t i = 0; i < it->len; i++)
            p = liion__secs_write(p, k[i]);
    } else {
        const liion_secs_item *k = it + it->u.delta;
        for (uint32_t i = 0; i < it->len; i++)
            p = liion__secs_write(p, k + i);
    }
    return p;
}

LIION_API liion_status liion_secs_item_encoded_size(size_t *size, liion_ctx *ctx,
                                                    const liion_secs_item *item)
{
    liion_status st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    if (size == NULL || item == NULL)
        return liion__error(ctx, LIION_E_INVALID_ARG, "secs: NULL argument");
    *size = liion__secs_size(item);
    return LIION_OK;
}

LIION_API liion_status liion_secs_item_encode(uint8_t *buf, size_t cap, size_t *written,
                                              liion_ctx *ctx, const liion_secs_item *item)
{
    size_t need;
    liion_status st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    if (written == NULL || item == NULL || (buf == NULL && cap != 0))
        return liion__error(ctx, LIION_E_INVALID_ARG, "secs: NULL argument");
    need = liion__secs_size(item);
    *written = need;
    if (need > cap || buf == NULL)
        return liion__error(ctx, LIION_E_BUFFER_TOO_SMALL,
                            "secs: the item needs %zu bytes, the buffer has %zu", need, cap);
    liion__secs_write(buf, item);
    return LIION_OK;
}
