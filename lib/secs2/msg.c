/* SECS-II messages: header fields, body ownership, encode, decode into reusable storage. */
#include "secs2/secs2.h"

#include <string.h>

static liion_status msg_enter(const liion_secs_msg *msg)
{
    if (msg == NULL)
        return LIION_E_INVALID_ARG;
    if (msg->magic != LIION__MAGIC_SECS_MSG)
        return LIION_E_MISUSE;
    return liion__ctx_enter(msg->ctx);
}

/* Drop the current body: free a built one, forget a decoded one (its storage stays). */
void liion__secs_msg_drop_body(liion_secs_msg *msg)
{
    liion_secs_item *b = msg->body;
    msg->body = NULL;
    msg->body_size = 0;
    if (b != NULL && (b->flags & SECS__BUILT))
        liion__secs_free_built((secs__built *)(void *)b);
}

LIION_API liion_status liion_secs_msg_new(liion_secs_msg **out, liion_ctx *ctx)
{
    liion_secs_msg *m;
    liion_status st;
    if (out != NULL)
        *out = NULL;
    st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    if (out == NULL)
        return liion__error(ctx, LIION_E_INVALID_ARG, "secs: NULL argument");
    m = liion__alloc(ctx, sizeof *m);
    if (m == NULL)
        return LIION_E_NOMEM;
    memset(m, 0, sizeof *m);
    m->magic = LIION__MAGIC_SECS_MSG;
    m->ctx = ctx;
    *out = m;
    return LIION_OK;
}

LIION_API void liion_secs_msg_free(liion_secs_msg *msg)
{
    if (msg == NULL || msg->magic != LIION__MAGIC_SECS_MSG)
        return;
    liion__secs_msg_drop_body(msg);
    liion__secs_store_free(&msg->store, msg->ctx);
    msg->magic = LIION__MAGIC_DEAD;
    liion__free(msg->ctx, msg, sizeof *msg);
}

LIION_API uint8_t liion_secs_msg_stream(const liion_secs_msg *msg)
{
    return msg != NULL ? msg->stream : 0;
}

LIION_API uint8_t liion_secs_msg_function(const liion_secs_msg *msg)
{
    return msg != NULL ? msg->function : 0;
}

LIION_API int liion_secs_msg_wbit(const liion_secs_msg *msg)
{
    return msg != NULL ? msg->wbit : 0;
}

LIION_API uint16_t liion_secs_msg_session_id(const liion_secs_msg *msg)
{
    return msg != NULL ? msg->session : 0;
}

LIION_API uint32_t liion_secs_msg_system_bytes(const liion_secs_msg *msg)
{
    return msg != NULL ? msg->system : 0;
}

LIION_API liion_status liion_secs_msg_set_sf(liion_secs_msg *msg, unsigned stream,
                                             unsigned function, int wbit)
{
    liion_status st = msg_enter(msg);
    if (st != LIION_OK)
        return st;
    if (stream > 127u || function > 255u || (wbit != 0 && wbit != 1))
        return liion__error(msg->ctx, LIION_E_RANGE,
                            "secs: S%uF%u W=%d is out of range (stream 0..127, function 0..255, W 0/1)",
                            stream, function, wbit);
    msg->stream = (uint8_t)stream;
    msg->function = (uint8_t)function;
    msg->wbit = (uint8_t)wbit;
    return LIION_OK;
}

LIION_API liion_status liion_secs_msg_set_ids(liion_secs_msg *msg, uint16_t session_id,
                                              uint32_t system_bytes)
{
    liion_status st = msg_enter(msg);
    if (st != LIION_OK)
        return st;
    msg->session = session_id;
    msg->system = system_bytes;
    return LIION_OK;
}

LIION_API liion_status liion_secs_msg_set_body(liion_secs_msg *msg, liion_secs_item *body)
{
    liion_status st = msg_enter(msg);
    secs__built *b;
    if (st != LIION_OK)
        return st;
    if (body == NULL) {
        liion__secs_msg_drop_body(msg);
        return LIION_OK;
    }
    b = (secs__built *)(void *)body;
    if (!(body->flags & SECS__BUILT) || b->magic != LIION__MAGIC_SECS_ITEM)
        return liion__error(msg->ctx, LIION_E_MISUSE, "secs: the body is not a live built item");
    if (b->ctx != msg->ctx)
        return liion__error(msg->ctx, LIION_E_INVALID_ARG,
                            "secs: the body belongs to another context");
    if (body->flags & SECS__OWNED)
        return liion__error(msg->ctx, LIION_E_STATE,
                            "secs: the body is already owned by a list or message");
    liion__secs_msg_drop_body(msg);
    body->flags |= SECS__OWNED;
    msg->body = body;
    msg->body_size = liion__secs_size(body);
    return LIION_OK;
}

LIION_API const liion_secs_item *liion_secs_msg_body(const liion_secs_msg *msg)
{
    return msg != NULL ? msg->body : NULL;
}

LIION_API liion_status liion_secs_msg_encoded_size(size_t *size, const liion_secs_msg *msg)
{
    liion_status st = msg_enter(msg);
    if (st != LIION_OK)
        return st;
    if (size == NULL)
        return liion__error(msg->ctx, LIION_E_INVALID_ARG, "secs: NULL argument");
    *size = msg->body_size;
    return LIION_OK;
}

LIION_API liion_status liion_secs_msg_encode(uint8_t *buf, size_t cap, size_t *written,
                                             const liion_secs_msg *msg)
{
    liion_status st = msg_enter(msg);
    if (st != LIION_OK)
        return st;
    if (written == NULL || (buf == NULL && cap != 0))
        return liion__error(msg->ctx, LIION_E_INVALID_ARG, "secs: NULL argument");
    *written = msg->body_size;
    if (msg->body == NULL)
        return LIION_OK;
    if (msg->body_size > cap)
        return liion__error(msg->ctx, LIION_E_BUFFER_TOO_SMALL,
                            "secs: the body needs %zu bytes, the buffer has %zu", msg->body_size,
                            cap);
    liion__secs_write(buf, msg->body);
    return LIION_OK;
}

LIION_API liion_status liion_secs_msg_decode(liion_secs_msg *msg, const uint8_t *data,
                                             size_t len)
{
    struct liion_secs_item *root = NULL;
    liion_status st = msg_enter(msg);
    if (st != LIION_OK)
        return st;
    if (data == NULL && len != 0)
        return liion__error(msg->ctx, LIION_E_INVALID_ARG, "secs: NULL data");
    if (msg->body != NULL)
        liion__secs_msg_drop_body(msg);
    if (len == 0)
        return LIION_OK;
    st = liion__secs_decode(&msg->store, msg->ctx, data, len, true, NULL, &root);
    if (st != LIION_OK)
        return st;
    msg->body = root; /* a node of our own store */
    msg->body_size = msg->store.enc_size;
    return LIION_OK;
}
