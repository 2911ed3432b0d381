/**
 * @file liion/secs.h
 * @brief SECS-II (SEMI E5) items and messages: build, read, encode, decode, SML text.
 */
#ifndef LIION_SECS_H
#define LIION_SECS_H

#include <liion/common.h>
#include <liion/ctx.h>

LIION_BEGIN_DECLS

/**
 * @defgroup liion_secs SECS-II items and messages
 * @brief SEMI E5 data items, message bodies, and SML text (see @ref guide_secs2).
 *
 * **Two kinds of item, one read API.** A `liion_secs_item` is either
 * - *built*: made by a constructor (liion_secs_item_new_u4(), liion_secs_item_new_list(), ...),
 *   by liion_secs_item_clone(), liion_secs_item_decode() or liion_secs_item_from_sml(). The
 *   caller owns it and frees it with liion_secs_item_free(), unless ownership has moved to a
 *   list (liion_secs_list_append()) or a message (liion_secs_msg_set_body()); or
 * - *decoded*: a node inside a message filled by liion_secs_msg_decode(). It is borrowed from
 *   the message, is always `const`, and stays valid until the next decode, set_body, from_sml
 *   or free of that message.
 *
 * **Immutability.** Non-list items are immutable from creation. A built list accepts
 * liion_secs_list_append() until it is itself appended to a list or set as a message body;
 * from then on it is frozen (appending returns #LIION_E_STATE). Decoded items are immutable.
 *
 * **Ownership.** liion_secs_list_append() and liion_secs_msg_set_body() *take ownership* of
 * the item on success (no copy): the owner frees it. On failure the caller still owns it.
 * liion_secs_item_free() on an item that is owned by a list or message does nothing.
 *
 * **Byte order.** Array data is kept exactly as on the wire, big-endian. liion_secs_item_raw()
 * returns a pointer to those bytes without copying; the typed getters
 * (liion_secs_item_get_int() and friends) convert one element by index, and
 * liion_secs_item_read_array() converts the whole array into a caller array in host order.
 * @{
 */

/** Opaque SECS-II item (a node of a data tree); see the group description for ownership. */
typedef struct liion_secs_item liion_secs_item;

/** Opaque SECS-II message: header fields plus an optional body item. */
typedef struct liion_secs_msg liion_secs_msg;

/**
 * @brief SECS-II item formats. The value is the 6-bit E5 format code (the octal numbers of
 * E5 Table 1), i.e. the format byte shifted right by 2.
 */
typedef enum liion_secs_format {
    LIION_SECS_L = 000,       /**< List; the count is the number of child items. */
    LIION_SECS_B = 010,       /**< Binary, 1 byte per element. */
    LIION_SECS_BOOLEAN = 011, /**< Boolean, 1 byte per element, 0 false, nonzero true. */
    LIION_SECS_A = 020,       /**< ASCII text. */
    LIION_SECS_J = 021,       /**< JIS-8 text (JIS X 0201). */
    LIION_SECS_C2 = 022,      /**< Localized string: 2-byte encoding header (LSH) + text bytes. */
    LIION_SECS_I8 = 030,      /**< 8-byte signed integer. */
    LIION_SECS_I1 = 031,      /**< 1-byte signed integer. */
    LIION_SECS_I2 = 032,      /**< 2-byte signed integer. */
    LIION_SECS_I4 = 034,      /**< 4-byte signed integer. */
    LIION_SECS_F8 = 040,      /**< 8-byte IEEE-754 float. */
    LIION_SECS_F4 = 044,      /**< 4-byte IEEE-754 float. */
    LIION_SECS_U8 = 050,      /**< 8-byte unsigned integer. */
    LIION_SECS_U1 = 051,      /**< 1-byte unsigned integer. */
    LIION_SECS_U2 = 052,      /**< 2-byte unsigned integer. */
    LIION_SECS_U4 = 054,      /**< 4-byte unsigned integer. */
    LIION_SECS_NONE = 255,    /**< Not a format: returned by liion_secs_item_format() for NULL. */
    LIION_SECS_FORMAT__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a format. */
} liion_secs_format;

/** Largest item length E5 can express (3 length bytes): bytes of an array, items of a list. */
#define LIION_SECS_MAX_LENGTH 0xFFFFFFu

/** liion_secs_item_to_sml() / liion_secs_msg_to_sml() flag: everything on one line. */
#define LIION_SECS_SML_COMPACT (1u << 0)

/* ---- formats ------------------------------------------------------------------------- */

/**
 * @brief Bytes per element of a format: 1, 2, 4 or 8; 1 for L, A, J and C2; 0 for a value that
 * is not a format.
 */
LIION_API size_t liion_secs_format_elem_size(liion_secs_format format);

/** @brief SML name of a format ("L", "U4", "BOOLEAN", "C2", ...); "?" for other values. Static text. */
LIION_API const char *liion_secs_format_name(liion_secs_format format);

/* ---- building items ------------------------------------------------------------------ */

/**
 * @brief Create an item of any non-list format from host-order values.
 *
 * @param[out] out    the new item; caller owns it, free with liion_secs_item_free(). NULL on failure.
 * @param      ctx    context whose allocator and limits the item uses; must outlive the item.
 * @param      format any format but #LIION_SECS_L (use liion_secs_item_new_list()).
 * @param      values @p count elements of the format's C type (uint8_t for B, BOOLEAN, A, J,
 *                    C2 and U1; int8_t for I1; int16_t, int32_t, int64_t, uint16_t, uint32_t,
 *                    uint64_t, float, double for the others), host byte order. For C2 the
 *                    values are the raw item bytes, the 2-byte big-endian LSH first. Borrowed
 *                    for the call; may be NULL when @p count is 0.
 * @param      count  number of elements.
 * @return #LIION_OK; #LIION_E_INVALID_ARG (NULL pointer, a list or unknown format, C2 shorter
 *         than its header); #LIION_E_RANGE (more than #LIION_SECS_MAX_LENGTH data bytes);
 *         #LIION_E_NOMEM.
 */
LIION_API liion_status liion_secs_item_new(liion_secs_item **out, liion_ctx *ctx,
                                           liion_secs_format format, const void *values,
                                           size_t count);

/**
 * @brief Create an item from its data bytes exactly as on the wire (big-endian elements).
 *
 * @param[out] out    the new item; caller owns it, free with liion_secs_item_free().
 * @param      ctx    the context; must outlive the item.
 * @param      format any format but #LIION_SECS_L.
 * @param      bytes  @p nbytes data bytes; borrowed for the call (copied).
 * @param      nbytes a multiple of the element size, at most #LIION_SECS_MAX_LENGTH.
 * @return #LIION_OK; #LIION_E_INVALID_ARG (a length that is not a multiple of the element
 *         size, C2 shorter than 2 bytes); #LIION_E_RANGE; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_secs_item_new_raw(liion_secs_item **out, liion_ctx *ctx,
                                               liion_secs_format format, const uint8_t *bytes,
                                               size_t nbytes);

/**
 * @brief Create an empty list; fill it with liion_secs_list_append().
 *
 * @param[out] out      the new list; caller owns it, free with liion_secs_item_free().
 * @param      ctx      the context; must outlive the list.
 * @param      capacity children to make room for now (a hint; 0 is fine).
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_RANGE; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_secs_item_new_list(liion_secs_item **out, liion_ctx *ctx,
                                                size_t capacity);

/**
 * @brief Append @p child to @p list, moving ownership of @p child to @p list.
 *
 * On success @p child becomes frozen and is freed with @p list; the caller must not free or
 * append it again. On failure nothing changes and the caller still owns @p child.
 *
 * @param list  a built, not yet frozen list (not owned by a list or message).
 * @param child a built item that no list or message owns yet, from the same context.
 * @return #LIION_OK; #LIION_E_INVALID_ARG (NULL, @p list not a list, @p child == @p list,
 *         different contexts); #LIION_E_STATE (@p list frozen or @p child already owned);
 *         #LIION_E_LIMIT (the tree would nest deeper than #LIION_LIMIT_MAX_DEPTH);
 *         #LIION_E_RANGE (more than #LIION_SECS_MAX_LENGTH children); #LIION_E_NOMEM.
 *         Details on the list's context.
 */
LIION_API liion_status liion_secs_list_append(liion_secs_item *list, liion_secs_item *child);

/** @brief Create an ASCII (A) item from @p len bytes of @p text (borrowed; NUL not needed). See liion_secs_item_new(). */
LIION_API liion_status liion_secs_item_new_ascii(liion_secs_item **out, liion_ctx *ctx,
                                                 const char *text, size_t len);
/** @brief Create a JIS-8 (J) item from @p len bytes of @p text (borrowed). See liion_secs_item_new(). */
LIION_API liion_status liion_secs_item_new_jis8(liion_secs_item **out, liion_ctx *ctx,
                                                const char *text, size_t len);
/**
 * @brief Create a localized string (C2, octal 22) item: header @p lsh then @p len text bytes.
 *
 * The text is passed through unchanged, whatever @p lsh says (0 none, 1 UCS-2, 2 UTF-8,
 * 3 ASCII, 4 ISO 8859-1, ... 14 EUC-TW, or any other code).
 * @param[out] out  the new item; caller owns it, free with liion_secs_item_free().
 * @param      ctx  the context.
 * @param      lsh  the localized string header (encoding code).
 * @param      text @p len bytes; borrowed, copied.
 * @param      len  text bytes, at most #LIION_SECS_MAX_LENGTH - 2.
 * @return see liion_secs_item_new().
 */
LIION_API liion_status liion_secs_item_new_localized(liion_secs_item **out, liion_ctx *ctx,
                                                     uint16_t lsh, const uint8_t *text,
                                                     size_t len);
/** @brief Create a binary (B) item from @p n bytes (borrowed). See liion_secs_item_new(). */
LIION_API liion_status liion_secs_item_new_binary(liion_secs_item **out, liion_ctx *ctx,
                                                  const uint8_t *v, size_t n);
/** @brief Create a BOOLEAN item from @p n bytes (0 false, nonzero true; kept as given). See liion_secs_item_new(). */
LIION_API liion_status liion_secs_item_new_bool(liion_secs_item **out, liion_ctx *ctx,
                                                const uint8_t *v, size_t n);
/** @brief Create an I1 item from @p n values (borrowed). See liion_secs_item_new(). */
LIION_API liion_status liion_secs_item_new_i1(liion_secs_item **out, liion_ctx *ctx,
                                              const int8_t *v, size_t n);
/** @brief Create an I2 item from @p n values (borrowed). See liion_secs_item_new(). */
LIION_API liion_status liion_secs_item_new_i2(liion_secs_item **out, liion_ctx *ctx,
                                              const int16_t *v, size_t n);
/** @brief Create an I4 item from @p n values (borrowed). See liion_secs_item_new(). */
LIION_API liion_status liion_secs_item_new_i4(liion_secs_item **out, liion_ctx *ctx,
                                              const int32_t *v, size_t n);
/** @brief Create an I8 item from @p n values (borrowed). See liion_secs_item_new(). */
LIION_API liion_status liion_secs_item_new_i8(liion_secs_item **out, liion_ctx *ctx,
                                              const int64_t *v, size_t n);
/** @brief Create a U1 item from @p n values (borrowed). See liion_secs_item_new(). */
LIION_API liion_status liion_secs_item_new_u1(liion_secs_item **out, liion_ctx *ctx,
                                              const uint8_t *v, size_t n);
/** @brief Create a U2 item from @p n values (borrowed). See liion_secs_item_new(). */
LIION_API liion_status liion_secs_item_new_u2(liion_secs_item **out, liion_ctx *ctx,
                                              const uint16_t *v, size_t n);
/** @brief Create a U4 item from @p n values (borrowed). See liion_secs_item_new(). */
LIION_API liion_status liion_secs_item_new_u4(liion_secs_item **out, liion_ctx *ctx,
                                              const uint32_t *v, size_t n);
/** @brief Create a U8 item from @p n values (borrowed). See liion_secs_item_new(). */
LIION_API liion_status liion_secs_item_new_u8(liion_secs_item **out, liion_ctx *ctx,
                                              const uint64_t *v, size_t n);
/** @brief Create an F4 item from @p n values (borrowed). See liion_secs_item_new(). */
LIION_API liion_status liion_secs_item_new_f4(liion_secs_item **out, liion_ctx *ctx,
                                              const float *v, size_t n);
/** @brief Create an F8 item from @p n values (borrowed). See liion_secs_item_new(). */
LIION_API liion_status liion_secs_item_new_f8(liion_secs_item **out, liion_ctx *ctx,
                                              const double *v, size_t n);

/**
 * @brief Deep copy of any item (built or decoded) as a new built, unfrozen tree.
 *
 * @param[out] out  the copy; caller owns it, free with liion_secs_item_free().
 * @param      ctx  the context the copy belongs to.
 * @param      item the item to copy; borrowed.
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_LIMIT (deeper than #LIION_LIMIT_MAX_DEPTH);
 *         #LIION_E_NOMEM.
 */
LIION_API liion_status liion_secs_item_clone(liion_secs_item **out, liion_ctx *ctx,
                                             const liion_secs_item *item);

/**
 * @brief Free a built item and everything it owns. NULL is a no-op, and so is an item owned by
 * a list or a message (its owner frees it).
 */
LIION_API void liion_secs_item_free(liion_secs_item *item);

/* ---- reading items ------------------------------------------------------------------- */

/** @brief Format of @p item; #LIION_SECS_NONE for NULL. */
LIION_API liion_secs_format liion_secs_item_format(const liion_secs_item *item);

/**
 * @brief Element count: children of a list; elements of an array (data bytes / element
 * size); text bytes of A and J; text bytes after the 2-byte header for C2. 0 for NULL.
 */
LIION_API size_t liion_secs_item_count(const liion_secs_item *item);

/**
 * @brief The item's data bytes exactly as on the wire (big-endian elements), without copying.
 *
 * For C2 the 2-byte LSH comes first. Lists have no data (NULL, length 0).
 * @param      item the item; borrowed.
 * @param[out] len  data bytes (may be NULL).
 * @return pointer into the item's storage, borrowed: valid as long as the item is; never NULL
 *         for a non-list item (possibly pointing at zero bytes); NULL for a list or NULL item.
 */
LIION_API const uint8_t *liion_secs_item_raw(const liion_secs_item *item, size_t *len);

/**
 * @brief Text of an A, J or C2 item (for C2 the bytes after the header), without copying.
 * @param      item the item; borrowed.
 * @param[out] len  text bytes (may be NULL).
 * @return pointer to the bytes, NOT NUL-terminated, borrowed like liion_secs_item_raw();
 *         NULL for other formats.
 */
LIION_API const uint8_t *liion_secs_item_text(const liion_secs_item *item, size_t *len);

/** @brief The localized string header (encoding code) of a C2 item; 0 for other formats. */
LIION_API uint16_t liion_secs_item_lsh(const liion_secs_item *item);

/**
 * @brief Child @p index of a list, in O(1).
 * @return the child, borrowed from @p item (same lifetime); NULL when @p item is not a list or
 *         @p index >= liion_secs_item_count().
 */
LIION_API const liion_secs_item *liion_secs_item_child(const liion_secs_item *item, size_t index);

/**
 * @brief Element @p index as a signed integer: I1, I2, I4, I8 (sign-extended), U1, U2, U4, U8.
 * @param[out] out   the value.
 * @param      item  the item; borrowed.
 * @param      index element index.
 * @return #LIION_OK; #LIION_E_INVALID_ARG (NULL or another format); #LIION_E_RANGE (index out
 *         of range, or a U8 value above INT64_MAX).
 */
LIION_API liion_status liion_secs_item_get_int(int64_t *out, const liion_secs_item *item,
                                               size_t index);

/**
 * @brief Element @p index as an unsigned integer: U1..U8, B, BOOLEAN (the byte), I1..I8.
 * @param[out] out   the value.
 * @param      item  the item; borrowed.
 * @param      index element index.
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_RANGE (index out of range, or a negative
 *         signed value).
 */
LIION_API liion_status liion_secs_item_get_uint(uint64_t *out, const liion_secs_item *item,
                                                size_t index);

/**
 * @brief Element @p index of an F4 or F8 item as a double (F4 widened exactly).
 * @param[out] out   the value.
 * @param      item  the item; borrowed.
 * @param      index element index.
 * @return #LIION_OK; #LIION_E_INVALID_ARG (NULL or not F4/F8); #LIION_E_RANGE (index).
 */
LIION_API liion_status liion_secs_item_get_float(double *out, const liion_secs_item *item,
                                                 size_t index);

/**
 * @brief Element @p index of a BOOLEAN item: 1 for any nonzero byte, else 0.
 * @param[out] out   the value.
 * @param      item  the item; borrowed.
 * @param      index element index.
 * @return #LIION_OK; #LIION_E_INVALID_ARG (NULL or not BOOLEAN); #LIION_E_RANGE (index).
 */
LIION_API liion_status liion_secs_item_get_bool(int *out, const liion_secs_item *item,
                                                size_t index);

/**
 * @brief Copy every element into a caller array in host byte order (the C type of the
 * format, as for liion_secs_item_new(); bytes for B, BOOLEAN, A, J and C2 without its header).
 *
 * @param[out] dst   room for @p cap elements (may be NULL when @p cap is 0).
 * @param      cap   elements @p dst holds.
 * @param[out] count elements the item has (written on success and on
 *                   #LIION_E_BUFFER_TOO_SMALL).
 * @param      item  a non-list item; borrowed.
 * @return #LIION_OK; #LIION_E_BUFFER_TOO_SMALL (nothing written but @p count);
 *         #LIION_E_INVALID_ARG (NULL @p count or @p item, a list).
 */
LIION_API liion_status liion_secs_item_read_array(void *dst, size_t cap, size_t *count,
                                                  const liion_secs_item *item);

/**
 * @brief Deep equality: same formats, same data bytes, same children, recursively.
 * @return 1 if equal, 0 if not (two NULLs are equal).
 */
LIION_API int liion_secs_item_equal(const liion_secs_item *a, const liion_secs_item *b);

/* ---- item encode / decode ------------------------------------------------------------ */

/**
 * @brief Exact encoded size of @p item (minimal length bytes).
 * @param[out] size the size in bytes.
 * @param      ctx  context for the error message.
 * @param      item the item; borrowed.
 * @return #LIION_OK; #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_secs_item_encoded_size(size_t *size, liion_ctx *ctx,
                                                    const liion_secs_item *item);

/**
 * @brief Encode @p item (E5 wire format, minimal length bytes) into a caller buffer.
 * @param[out] buf     output; may be NULL when @p cap is 0.
 * @param      cap     bytes available at @p buf.
 * @param[out] written bytes written; on #LIION_E_BUFFER_TOO_SMALL the bytes needed.
 * @param      ctx     context for the error message.
 * @param      item    the item; borrowed.
 * @return #LIION_OK; #LIION_E_BUFFER_TOO_SMALL (nothing written); #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_secs_item_encode(uint8_t *buf, size_t cap, size_t *written,
                                              liion_ctx *ctx, const liion_secs_item *item);

/**
 * @brief Decode one item from the start of @p data into a new built tree (convenience path:
 * one allocation per item; use liion_secs_msg_decode() for the fast, arena-backed path).
 *
 * Bytes after the item are allowed and not read; @p consumed tells where the item ended.
 * @param[out] out      the item; caller owns it, free with liion_secs_item_free(). NULL on failure.
 * @param[out] consumed bytes the item took (may be NULL).
 * @param      ctx      the context (limits, errors with byte offsets).
 * @param      data     input bytes; borrowed for the call.
 * @param      len      input length.
 * @return as liion_secs_msg_decode(), except that trailing bytes are not an error.
 */
LIION_API liion_status liion_secs_item_decode(liion_secs_item **out, size_t *consumed,
                                              liion_ctx *ctx, const uint8_t *data, size_t len);

/* ---- messages ------------------------------------------------------------------------ */

/**
 * @brief Create an empty message: S0F0, no W-bit, session 0, system bytes 0, no body.
 * @param[out] out the message; caller owns it, free with liion_secs_msg_free(). NULL on failure.
 * @param      ctx the context; must outlive the message.
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_secs_msg_new(liion_secs_msg **out, liion_ctx *ctx);

/** @brief Free a message, its body and its decode storage. NULL is a no-op. */
LIION_API void liion_secs_msg_free(liion_secs_msg *msg);

/** @brief Stream (0..127); 0 for NULL. */
LIION_API uint8_t liion_secs_msg_stream(const liion_secs_msg *msg);
/** @brief Function (0..255); 0 for NULL. */
LIION_API uint8_t liion_secs_msg_function(const liion_secs_msg *msg);
/** @brief W-bit (reply expected): 1 or 0; 0 for NULL. */
LIION_API int liion_secs_msg_wbit(const liion_secs_msg *msg);
/** @brief Session ID (HSMS) / device ID (SECS-I); 0 for NULL. */
LIION_API uint16_t liion_secs_msg_session_id(const liion_secs_msg *msg);
/** @brief System bytes (transaction ID); 0 for NULL. */
LIION_API uint32_t liion_secs_msg_system_bytes(const liion_secs_msg *msg);

/**
 * @brief Set stream, function and W-bit.
 * @param msg      the message.
 * @param stream   0..127.
 * @param function 0..255.
 * @param wbit     0 or 1.
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_RANGE (stream above 127, wbit not 0/1).
 */
LIION_API liion_status liion_secs_msg_set_sf(liion_secs_msg *msg, unsigned stream,
                                             unsigned function, int wbit);
/**
 * @brief Set session ID and system bytes (the rest of the 10-byte header the framing layer
 * needs).
 * @param msg          the message.
 * @param session_id   HSMS session ID / SECS-I device ID.
 * @param system_bytes transaction ID.
 * @return #LIION_OK; #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_secs_msg_set_ids(liion_secs_msg *msg, uint16_t session_id,
                                              uint32_t system_bytes);

/**
 * @brief Replace the body, taking ownership of @p body (NULL removes the body).
 *
 * The previous body is freed (a decoded one is dropped). On success @p body is frozen and
 * freed with the message; on failure the caller still owns it.
 * @param msg  the message.
 * @param body a built item no list or message owns, from the message's context; or NULL.
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_STATE (@p body already owned).
 */
LIION_API liion_status liion_secs_msg_set_body(liion_secs_msg *msg, liion_secs_item *body);

/**
 * @brief The body, or NULL for a header-only message.
 * @return borrowed from @p msg: valid until the next decode, set_body, from_sml or free.
 */
LIION_API const liion_secs_item *liion_secs_msg_body(const liion_secs_msg *msg);

/**
 * @brief Exact size of the encoded body (0 without body). O(1).
 * @param[out] size bytes.
 * @param      msg  the message.
 * @return #LIION_OK; #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_secs_msg_encoded_size(size_t *size, const liion_secs_msg *msg);

/**
 * @brief Encode the body (the bytes after the 10-byte header) into a caller buffer.
 * @param[out] buf     output; may be NULL when @p cap is 0.
 * @param      cap     bytes available.
 * @param[out] written bytes written; on #LIION_E_BUFFER_TOO_SMALL the bytes needed.
 * @param      msg     the message.
 * @return #LIION_OK; #LIION_E_BUFFER_TOO_SMALL (nothing written); #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_secs_msg_encode(uint8_t *buf, size_t cap, size_t *written,
                                             const liion_secs_msg *msg);

/**
 * @brief Decode a complete body into @p msg, reusing its storage.
 *
 * The body bytes are copied into one block owned by the message, and the items become a flat
 * array of nodes in that block (children of a list are contiguous, so child access is O(1)).
 * The block is kept from one decode to the next and grows only when a larger message comes:
 * in steady state a decode makes no heap allocation at all. Any previous body is dropped.
 * Header fields are not touched. @p len == 0 means a header-only message (no body).
 * Non-minimal length bytes are accepted. On error the message has no body.
 *
 * @param msg  the message.
 * @param data @p len body bytes; borrowed for the call only.
 * @param len  exactly one item must fill it.
 * @return #LIION_OK; #LIION_E_DECODE (zero length bytes, unknown format code, array length not
 *         a multiple of the element size, C2 shorter than its header, trailing bytes);
 *         #LIION_E_TRUNCATED (a header or data running past the end, a list declaring more
 *         items than the bytes left can hold); #LIION_E_LIMIT (more than
 *         #LIION_LIMIT_MAX_MESSAGE_BYTES bytes, lists nested deeper than
 *         #LIION_LIMIT_MAX_DEPTH, more than #LIION_LIMIT_MAX_ITEMS items); #LIION_E_NOMEM;
 *         #LIION_E_INVALID_ARG. The message and the byte offset are on the context
 *         (liion_ctx_errmsg(), liion_ctx_error_offset()).
 */
LIION_API liion_status liion_secs_msg_decode(liion_secs_msg *msg, const uint8_t *data,
                                             size_t len);

/* ---- SML ----------------------------------------------------------------------------- */

/**
 * @brief Render an item as SML text, e.g. `<L [2] <U4 1> <A "LOT-7">>`.
 *
 * Lists show their count `[n]`; text is quoted with `\"`, `\\` and `\xHH` escapes for
 * bytes outside 0x20..0x7E; B shows `0xHH`; BOOLEAN shows TRUE / FALSE (other byte values
 * as `0xHH`); F4 / F8 use the shortest exact decimal form (NaN as raw bits `0x...`); C2 shows
 * its header as `0xHHHH` before the text. By default nested items go on indented lines.
 *
 * @param[out] buf     output, NUL-terminated on success; may be NULL when @p cap is 0.
 * @param      cap     bytes available (text plus the NUL).
 * @param[out] written text length without the NUL; on #LIION_E_BUFFER_TOO_SMALL the text
 *                     length needed (the buffer needs one byte more).
 * @param      ctx     context for the error message.
 * @param      item    the item; borrowed.
 * @param      flags   0 or #LIION_SECS_SML_COMPACT.
 * @return #LIION_OK; #LIION_E_BUFFER_TOO_SMALL; #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_secs_item_to_sml(char *buf, size_t cap, size_t *written,
                                              liion_ctx *ctx, const liion_secs_item *item,
                                              uint32_t flags);

/**
 * @brief Render a message as SML: `S6F11 W`, the body, and a closing `.`.
 * @param[out] buf     output, NUL-terminated on success; may be NULL when @p cap is 0.
 * @param      cap     bytes available.
 * @param[out] written as for liion_secs_item_to_sml().
 * @param      msg     the message.
 * @param      flags   0 or #LIION_SECS_SML_COMPACT.
 * @return as liion_secs_item_to_sml().
 */
LIION_API liion_status liion_secs_msg_to_sml(char *buf, size_t cap, size_t *written,
                                             const liion_secs_msg *msg, uint32_t flags);

/**
 * @brief Parse one SML item (as rendered by liion_secs_item_to_sml()) into a built tree.
 *
 * Whitespace and comments (`/ * ... * /` without the spaces, and `//` to the end of the line)
 * are skipped anywhere between tokens. Format names are case-insensitive; any item may give a
 * count `[n]`, which must match (a list's children, an array's elements, a text's bytes).
 * Values out of range for the format, unknown formats and anything after the item but
 * whitespace, comments or a final `.` are errors with the byte offset.
 *
 * @param[out] out  the item; caller owns it, free with liion_secs_item_free(). NULL on failure.
 * @param      ctx  the context (limits: depth, items, #LIION_LIMIT_MAX_MESSAGE_BYTES for the text).
 * @param      text @p len bytes of SML; borrowed for the call; need not be NUL-terminated.
 * @param      len  text length.
 * @return #LIION_OK; #LIION_E_DECODE (syntax, type or count error); #LIION_E_TRUNCATED (text
 *         ends inside an item); #LIION_E_RANGE (a value does not fit the format);
 *         #LIION_E_LIMIT; #LIION_E_NOMEM; #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_secs_item_from_sml(liion_secs_item **out, liion_ctx *ctx,
                                                const char *text, size_t len);

/**
 * @brief Parse an SML message `SxxFyy [W] [item] .` into @p msg: stream, function, W-bit and
 * body are replaced; session ID and system bytes are kept. On error @p msg is unchanged.
 * @param msg  the message.
 * @param text @p len bytes of SML; borrowed for the call.
 * @param len  text length.
 * @return as liion_secs_item_from_sml().
 */
LIION_API liion_status liion_secs_msg_from_sml(liion_secs_msg *msg, const char *text,
                                               size_t len);

/** @} */

LIION_END_DECLS

#endif /* LIION_SECS_H */
