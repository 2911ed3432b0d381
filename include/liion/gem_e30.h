/**
 * @file liion/gem_e30.h
 * @brief GEM (E30) host/equipment message bodies: S1F1-F4, S1F15-F18, S2F13/F14, S2F41/F42,
 *        S5F1/F2, S6F12, S7F3-F6, S7F19/F20.
 *
 * Encoders write a SECS-II body into a caller buffer (`buf, cap, &written`; a NULL buffer with
 * @c cap 0 measures). They allocate nothing: list headers are written in place and every value
 * is encoded with liion_secs_item_encode(). Decoders read a #liion_secs_msg (fill it with
 * liion_gem_msg_from_event() or liion_secs_msg_decode() + liion_secs_msg_set_sf()): they check
 * stream and function, the body's structure and every item's format, and return items
 * *borrowed from the message* (valid until its next decode, set_body, from_sml or free).
 * A refused body fails with #LIION_E_DECODE, a message naming the part and the byte offset of
 * the offending item in the body (as encoded with minimal length bytes). See @ref guide_gem.
 */
#ifndef LIION_GEM_E30_H
#define LIION_GEM_E30_H

#include <liion/common.h>
#include <liion/ctx.h>
#include <liion/gem.h>
#include <liion/secs.h>

LIION_BEGIN_DECLS

/**
 * @defgroup liion_gem_e30 GEM (E30) messages
 * @brief Builders and parsers for the E30 messages a host and an equipment exchange.
 * @{
 */

/** OFLACK, the body of S1F16 (E5). */
typedef enum liion_gem_oflack {
    LIION_GEM_OFLACK_ACK = 0, /**< Off-line acknowledge (E5 defines no other value). */
    LIION_GEM_OFLACK__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a code. */
} liion_gem_oflack;

/** ONLACK, the body of S1F18 (E5). */
typedef enum liion_gem_onlack {
    LIION_GEM_ONLACK_ACCEPTED = 0,       /**< On-line accepted. */
    LIION_GEM_ONLACK_NOT_ALLOWED = 1,    /**< On-line not allowed. */
    LIION_GEM_ONLACK_ALREADY_ONLINE = 2, /**< Equipment already on-line. */
    LIION_GEM_ONLACK__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a code. */
} liion_gem_onlack;

/** HCACK, host command acknowledge of S2F42 (E5). */
typedef enum liion_gem_hcack {
    LIION_GEM_HCACK_OK = 0,                 /**< Acknowledge, command has been performed. */
    LIION_GEM_HCACK_INVALID_COMMAND = 1,    /**< Command does not exist. */
    LIION_GEM_HCACK_CANNOT_PERFORM_NOW = 2, /**< Cannot perform now. */
    LIION_GEM_HCACK_PARAMETER_INVALID = 3,  /**< At least one parameter is invalid (see CPACK). */
    LIION_GEM_HCACK_WILL_FINISH_LATER = 4,  /**< Acknowledge, command will be performed with
                                                 completion signaled later by an event. */
    LIION_GEM_HCACK_ALREADY_DONE = 5,       /**< Rejected, already in the desired condition. */
    LIION_GEM_HCACK_NO_SUCH_OBJECT = 6,     /**< No such object exists. */
    LIION_GEM_HCACK__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a code. */
} liion_gem_hcack;

/** CPACK, per-parameter acknowledge of S2F42 (E5). */
typedef enum liion_gem_cpack {
    LIION_GEM_CPACK_NAME_UNKNOWN = 1,   /**< Parameter name (CPNAME) does not exist. */
    LIION_GEM_CPACK_ILLEGAL_VALUE = 2,  /**< Illegal value specified for CPVAL. */
    LIION_GEM_CPACK_ILLEGAL_FORMAT = 3, /**< Illegal format specified for CPVAL. */
    LIION_GEM_CPACK__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a code. */
} liion_gem_cpack;

/** ACKC5, the body of S5F2 (E5): 0 accepted, any other value an error. */
typedef enum liion_gem_ackc5 {
    LIION_GEM_ACKC5_ACCEPTED = 0, /**< Accepted. */
    LIION_GEM_ACKC5_ERROR = 1,    /**< Error, not accepted (1-63 all mean this). */
    LIION_GEM_ACKC5__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a code. */
} liion_gem_ackc5;

/** ACKC6, the body of S6F12 (E5): 0 accepted, any other value an error. */
typedef enum liion_gem_ackc6 {
    LIION_GEM_ACKC6_ACCEPTED = 0, /**< Accepted. */
    LIION_GEM_ACKC6_ERROR = 1,    /**< Error, not accepted (1-63 all mean this). */
    LIION_GEM_ACKC6__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a code. */
} liion_gem_ackc6;

/** ACKC7, the body of S7F4 (E5). */
typedef enum liion_gem_ackc7 {
    LIION_GEM_ACKC7_ACCEPTED = 0,         /**< Accepted. */
    LIION_GEM_ACKC7_PERMISSION_DENIED = 1, /**< Permission not granted. */
    LIION_GEM_ACKC7_LENGTH_ERROR = 2,     /**< Length error. */
    LIION_GEM_ACKC7_MATRIX_OVERFLOW = 3,  /**< Matrix overflow. */
    LIION_GEM_ACKC7_PPID_NOT_FOUND = 4,   /**< PPID not found. */
    LIION_GEM_ACKC7_MODE_UNSUPPORTED = 5, /**< Mode unsupported. */
    LIION_GEM_ACKC7_PERFORMED_LATER = 6,  /**< Command will be performed with completion signaled later. */
    LIION_GEM_ACKC7__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a code. */
} liion_gem_ackc7;

/** ALCD bit 8: the alarm is set (1) or cleared (0). */
#define LIION_GEM_ALCD_SET 0x80u
/** ALCD bits 1-7: the alarm category (#liion_gem_alarm_category). */
#define LIION_GEM_ALCD_CATEGORY_MASK 0x7fu

/** Alarm categories of ALCD bits 1-7 (E5). */
typedef enum liion_gem_alarm_category {
    LIION_GEM_ALARM_NONE = 0,                    /**< Not used. */
    LIION_GEM_ALARM_PERSONAL_SAFETY = 1,         /**< Personal safety. */
    LIION_GEM_ALARM_EQUIPMENT_SAFETY = 2,        /**< Equipment safety. */
    LIION_GEM_ALARM_PARAMETER_WARNING = 3,       /**< Parameter control warning. */
    LIION_GEM_ALARM_PARAMETER_ERROR = 4,         /**< Parameter control error. */
    LIION_GEM_ALARM_IRRECOVERABLE_ERROR = 5,     /**< Irrecoverable error. */
    LIION_GEM_ALARM_EQUIPMENT_STATUS_WARNING = 6, /**< Equipment status warning. */
    LIION_GEM_ALARM_ATTENTION = 7,               /**< Attention flags. */
    LIION_GEM_ALARM_DATA_INTEGRITY = 8,          /**< Data integrity. */
    LIION_GEM_ALARM_CATEGORY__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a category. */
} liion_gem_alarm_category;

/* ---- helpers ---------------------------------------------------------------------------- */

/**
 * @brief Load a received data message event into @p msg: stream, function, W-bit, session ID,
 *        system bytes, and the body decoded (the arena path of liion_secs_msg_decode(): no
 *        allocation in steady state).
 * @param msg the message; its context receives decode errors.
 * @param ev  an event of type #LIION_HSMS_EV_DATA or #LIION_HSMS_EV_REPLY; borrowed for the call.
 * @return #LIION_OK; #LIION_E_INVALID_ARG (NULL, another event type); the errors of
 *         liion_secs_msg_decode().
 */
LIION_API liion_status liion_gem_msg_from_event(liion_secs_msg *msg, const liion_hsms_event *ev);

/**
 * @brief The two children of the @p index-th `L[2]` of a list of pairs (S2F41 CPNAME/CPVAL,
 *        S2F42 CPNAME/CPACK), as checked by their decoders.
 * @param[out] first  the first child; borrowed from @p list.
 * @param[out] second the second child; borrowed from @p list.
 * @param      list   the list; borrowed.
 * @param      index  0 .. liion_secs_item_count(list) - 1.
 * @return #LIION_OK; #LIION_E_INVALID_ARG (NULL, not a list of `L[2]`); #LIION_E_RANGE.
 */
LIION_API liion_status liion_gem_pair_at(const liion_secs_item **first,
                                         const liion_secs_item **second,
                                         const liion_secs_item *list, size_t index);

/**
 * @brief Check a header-only primary: S1F1 (are you there), S1F15 (request off-line),
 *        S1F17 (request on-line), S7F19 (current EPPD request).
 * @param ctx      the context (error message).
 * @param msg      the message; borrowed.
 * @param stream   1 or 7.
 * @param function 1, 15, 17 (stream 1) or 19 (stream 7).
 * @return #LIION_OK; #LIION_E_DECODE (another stream/function, a body);
 *         #LIION_E_INVALID_ARG (NULL, a message that is not header-only in E5).
 */
LIION_API liion_status liion_gem_empty_decode(liion_ctx *ctx, const liion_secs_msg *msg,
                                              uint8_t stream, uint8_t function);

/**
 * @brief Parse a one-byte acknowledge reply: S1F16 OFLACK, S1F18 ONLACK, S5F2 ACKC5, S6F12
 *        ACKC6, S7F4 ACKC7 (`<B[1]>`; a U1[1] is accepted as well). Encode these bodies with
 *        liion_gem_ack_encode().
 * @param[out] ack      the code.
 * @param      ctx      the context (error message and offset).
 * @param      msg      the message; borrowed.
 * @param      stream   the expected stream.
 * @param      function the expected function: one of the five above.
 * @return #LIION_OK; #LIION_E_DECODE (another stream/function, shape or format);
 *         #LIION_E_INVALID_ARG (NULL, a pair that is not one of the five).
 */
LIION_API liion_status liion_gem_ack_msg_decode(uint8_t *ack, liion_ctx *ctx,
                                                const liion_secs_msg *msg, uint8_t stream,
                                                uint8_t function);

/* ---- stream 1 --------------------------------------------------------------------------- */

/**
 * @brief Encode an S1F2 (on-line data) body: `L[2] <A MDLN> <A SOFTREV>` (equipment) or
 *        `L[0]` (host, when @p mdln is NULL).
 * @param[out] buf         output; may be NULL when @p cap is 0.
 * @param      cap         bytes at @p buf.
 * @param[out] written     bytes written; on #LIION_E_BUFFER_TOO_SMALL the bytes needed.
 * @param      ctx         the context.
 * @param      mdln        model name (borrowed; E5: at most 20 bytes, not enforced), or NULL.
 * @param      mdln_len    bytes of @p mdln.
 * @param      softrev     software revision (borrowed); ignored when @p mdln is NULL.
 * @param      softrev_len bytes of @p softrev.
 * @return #LIION_OK; #LIION_E_BUFFER_TOO_SMALL; #LIION_E_INVALID_ARG; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_gem_s1f2_encode(uint8_t *buf, size_t cap, size_t *written,
                                             liion_ctx *ctx, const char *mdln, size_t mdln_len,
                                             const char *softrev, size_t softrev_len);

/**
 * @brief Parse an S1F2 body.
 * @param[out] mdln        MDLN text (not NUL-terminated), borrowed from @p msg; NULL for the
 *                         host form `L[0]`. May be NULL.
 * @param[out] mdln_len    bytes of MDLN. May be NULL.
 * @param[out] softrev     SOFTREV text, borrowed; NULL for `L[0]`. May be NULL.
 * @param[out] softrev_len bytes of SOFTREV. May be NULL.
 * @param      ctx         the context (error message and offset).
 * @param      msg         the message; borrowed.
 * @return #LIION_OK; #LIION_E_DECODE; #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_gem_s1f2_decode(const char **mdln, size_t *mdln_len,
                                             const char **softrev, size_t *softrev_len,
                                             liion_ctx *ctx, const liion_secs_msg *msg);

/**
 * @brief Encode an S1F3 (selected equipment status request) body: `L[n] <SVID>...`.
 * @param[out] buf     output; may be NULL when @p cap is 0.
 * @param      cap     bytes at @p buf.
 * @param[out] written bytes written; on #LIION_E_BUFFER_TOO_SMALL the bytes needed.
 * @param      ctx     the context.
 * @param      svids   @p count SVIDs (U1-U8, I1-I8 or A); borrowed; may be NULL when @p count
 *                     is 0. `L[0]` asks for every status variable.
 * @param      count   number of SVIDs.
 * @return #LIION_OK; #LIION_E_BUFFER_TOO_SMALL; #LIION_E_INVALID_ARG (NULL, a wrong format);
 *         #LIION_E_RANGE (more than #LIION_SECS_MAX_LENGTH items).
 */
LIION_API liion_status liion_gem_s1f3_encode(uint8_t *buf, size_t cap, size_t *written,
                                             liion_ctx *ctx, const liion_secs_item *const *svids,
                                             size_t count);

/**
 * @brief Parse an S1F3 body.
 * @param[out] svids the list of SVIDs (each U1-U8, I1-I8 or A), borrowed from @p msg.
 * @param[out] count its length. May be NULL.
 * @param      ctx   the context (error message and offset).
 * @param      msg   the message; borrowed.
 * @return #LIION_OK; #LIION_E_DECODE; #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_gem_s1f3_decode(const liion_secs_item **svids, size_t *count,
                                             liion_ctx *ctx, const liion_secs_msg *msg);

/**
 * @brief Encode an S1F4 (selected equipment status data) body: `L[n] <SV>...`.
 * @param[out] buf     output; may be NULL when @p cap is 0.
 * @param      cap     bytes at @p buf.
 * @param[out] written bytes written; on #LIION_E_BUFFER_TOO_SMALL the bytes needed.
 * @param      ctx     the context.
 * @param      values  @p count values of any format (a list too), in the order of the S1F3;
 *                     an unknown SVID gets a zero-length item. Borrowed.
 * @param      count   number of values.
 * @return as liion_gem_s1f3_encode().
 */
LIION_API liion_status liion_gem_s1f4_encode(uint8_t *buf, size_t cap, size_t *written,
                                             liion_ctx *ctx, const liion_secs_item *const *values,
                                             size_t count);

/**
 * @brief Parse an S1F4 body.
 * @param[out] values the list of values (any format), borrowed from @p msg.
 * @param[out] count  its length. May be NULL.
 * @param      ctx    the context (error message and offset).
 * @param      msg    the message; borrowed.
 * @return #LIION_OK; #LIION_E_DECODE; #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_gem_s1f4_decode(const liion_secs_item **values, size_t *count,
                                             liion_ctx *ctx, const liion_secs_msg *msg);

/* ---- stream 2 --------------------------------------------------------------------------- */

/**
 * @brief Encode an S2F13 (equipment constant request) body: `L[n] <ECID>...`.
 * @param[out] buf     output; may be NULL when @p cap is 0.
 * @param      cap     bytes at @p buf.
 * @param[out] written bytes written; on #LIION_E_BUFFER_TOO_SMALL the bytes needed.
 * @param      ctx     the context.
 * @param      ecids   @p count ECIDs (U1-U8, I1-I8 or A); borrowed. `L[0]` asks for all.
 * @param      count   number of ECIDs.
 * @return as liion_gem_s1f3_encode().
 */
LIION_API liion_status liion_gem_s2f13_encode(uint8_t *buf, size_t cap, size_t *written,
                                              liion_ctx *ctx, const liion_secs_item *const *ecids,
                                              size_t count);

/**
 * @brief Parse an S2F13 body.
 * @param[out] ecids the list of ECIDs, borrowed from @p msg.
 * @param[out] count its length. May be NULL.
 * @param      ctx   the context (error message and offset).
 * @param      msg   the message; borrowed.
 * @return #LIION_OK; #LIION_E_DECODE; #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_gem_s2f13_decode(const liion_secs_item **ecids, size_t *count,
                                              liion_ctx *ctx, const liion_secs_msg *msg);

/**
 * @brief Encode an S2F14 (equipment constant data) body: `L[n] <ECV>...`.
 * @param[out] buf     output; may be NULL when @p cap is 0.
 * @param      cap     bytes at @p buf.
 * @param[out] written bytes written; on #LIION_E_BUFFER_TOO_SMALL the bytes needed.
 * @param      ctx     the context.
 * @param      values  @p count ECVs, each a non-list item (an unknown ECID gets a zero-length
 *                     item); borrowed.
 * @param      count   number of values.
 * @return as liion_gem_s1f3_encode().
 */
LIION_API liion_status liion_gem_s2f14_encode(uint8_t *buf, size_t cap, size_t *written,
                                              liion_ctx *ctx, const liion_secs_item *const *values,
                                              size_t count);

/**
 * @brief Parse an S2F14 body.
 * @param[out] values the list of ECVs (each a non-list item), borrowed from @p msg.
 * @param[out] count  its length. May be NULL.
 * @param      ctx    the context (error message and offset).
 * @param      msg    the message; borrowed.
 * @return #LIION_OK; #LIION_E_DECODE; #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_gem_s2f14_decode(const liion_secs_item **values, size_t *count,
                                              liion_ctx *ctx, const liion_secs_msg *msg);

/**
 * @brief Encode an S2F15 (new equipment constant send) body: `L[n]` of `L[2] <ECID> <ECV>`.
 *        The reply, S2F16, is one EAC byte (liion_gem_ack_encode(); 0 accepted).
 * @param[out] buf     output; may be NULL when @p cap is 0.
 * @param      cap     bytes at @p buf.
 * @param[out] written bytes written; on #LIION_E_BUFFER_TOO_SMALL the bytes needed.
 * @param      ctx     the context.
 * @param      ecids   @p count constant IDs (one integer value, or A); borrowed.
 * @param      ecvs    @p count values (non-list items); borrowed.
 * @param      count   pairs.
 * @return as liion_gem_s1f3_encode().
 */
LIION_API liion_status liion_gem_s2f15_encode(uint8_t *buf, size_t cap, size_t *written,
                                              liion_ctx *ctx, const liion_secs_item *const *ecids,
                                              const liion_secs_item *const *ecvs, size_t count);

/**
 * @brief Parse an S2F15 body; read the pairs with liion_gem_pair_at().
 * @param[out] pairs the `L[n]`, borrowed from @p msg. May be NULL.
 * @param[out] count n. May be NULL.
 * @param      ctx   the context (error message and the offset of the first bad item).
 * @param      msg   the message; borrowed.
 * @return #LIION_OK; #LIION_E_DECODE; #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_gem_s2f15_decode(const liion_secs_item **pairs, size_t *count,
                                              liion_ctx *ctx, const liion_secs_msg *msg);

/**
 * @brief Encode an S2F18 (date and time data) body: `<A TIME>`, 12 digits (YYMMDDhhmmss) or
 *        16 (YYYYMMDDhhmmsscc). S2F17, the request, has no body.
 * @param[out] buf      output; may be NULL when @p cap is 0.
 * @param      cap      bytes at @p buf.
 * @param[out] written  bytes written; on #LIION_E_BUFFER_TOO_SMALL the bytes needed.
 * @param      ctx      the context.
 * @param      time     the digits (borrowed; no NUL needed).
 * @param      time_len 12 or 16.
 * @return as liion_gem_s1f3_encode(); #LIION_E_INVALID_ARG for another length or a non-digit.
 */
LIION_API liion_status liion_gem_s2f18_encode(uint8_t *buf, size_t cap, size_t *written,
                                              liion_ctx *ctx, const char *time, size_t time_len);

/**
 * @brief Parse an S2F18 body.
 * @param[out] time     the digits (not NUL-terminated), borrowed from @p msg. May be NULL.
 * @param[out] time_len 12 or 16. May be NULL.
 * @param      ctx      the context (error message and offset).
 * @param      msg      the message; borrowed.
 * @return #LIION_OK; #LIION_E_DECODE (not A, or not 12/16 digits); #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_gem_s2f18_decode(const char **time, size_t *time_len,
                                              liion_ctx *ctx, const liion_secs_msg *msg);

/**
 * @brief Encode an S2F41 (host command send) body:
 *        `L[2] <RCMD> L[n] { L[2] <CPNAME> <CPVAL> }...`.
 * @param[out] buf     output; may be NULL when @p cap is 0.
 * @param      cap     bytes at @p buf.
 * @param[out] written bytes written; on #LIION_E_BUFFER_TOO_SMALL the bytes needed.
 * @param      ctx     the context.
 * @param      rcmd    the remote command: A, U1 or I1; borrowed.
 * @param      cpnames @p count parameter names (A, U1-U8 or I1-I8); borrowed.
 * @param      cpvals  @p count parameter values (any non-list item); borrowed.
 * @param      count   number of parameters.
 * @return as liion_gem_s1f3_encode().
 */
LIION_API liion_status liion_gem_s2f41_encode(uint8_t *buf, size_t cap, size_t *written,
                                              liion_ctx *ctx, const liion_secs_item *rcmd,
                                              const liion_secs_item *const *cpnames,
                                              const liion_secs_item *const *cpvals, size_t count);

/**
 * @brief Parse an S2F41 body.
 * @param[out] rcmd   the remote command (A, U1 or I1), borrowed from @p msg.
 * @param[out] params the list of `L[2] <CPNAME> <CPVAL>` (read with liion_gem_pair_at()),
 *                    borrowed. May be NULL.
 * @param[out] count  number of parameters. May be NULL.
 * @param      ctx    the context (error message and offset).
 * @param      msg    the message; borrowed.
 * @return #LIION_OK; #LIION_E_DECODE; #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_gem_s2f41_decode(const liion_secs_item **rcmd,
                                              const liion_secs_item **params, size_t *count,
                                              liion_ctx *ctx, const liion_secs_msg *msg);

/**
 * @brief Encode an S2F42 (host command acknowledge) body:
 *        `L[2] <B HCACK> L[n] { L[2] <CPNAME> <B CPACK> }...`.
 * @param[out] buf     output; may be NULL when @p cap is 0.
 * @param      cap     bytes at @p buf.
 * @param[out] written bytes written; on #LIION_E_BUFFER_TOO_SMALL the bytes needed.
 * @param      ctx     the context.
 * @param      hcack   a #liion_gem_hcack value.
 * @param      cpnames @p count names of the refused parameters; borrowed.
 * @param      cpacks  @p count #liion_gem_cpack values; borrowed.
 * @param      count   number of refused parameters (0 when HCACK is not 3).
 * @return as liion_gem_s1f3_encode().
 */
LIION_API liion_status liion_gem_s2f42_encode(uint8_t *buf, size_t cap, size_t *written,
                                              liion_ctx *ctx, uint8_t hcack,
                                              const liion_secs_item *const *cpnames,
                                              const uint8_t *cpacks, size_t count);

/**
 * @brief Parse an S2F42 body.
 * @param[out] hcack  the HCACK.
 * @param[out] params the list of `L[2] <CPNAME> <B CPACK>` (read with liion_gem_pair_at()),
 *                    borrowed from @p msg. May be NULL.
 * @param[out] count  number of entries. May be NULL.
 * @param      ctx    the context (error message and offset).
 * @param      msg    the message; borrowed.
 * @return #LIION_OK; #LIION_E_DECODE; #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_gem_s2f42_decode(uint8_t *hcack, const liion_secs_item **params,
                                              size_t *count, liion_ctx *ctx,
                                              const liion_secs_msg *msg);

/* ---- stream 5 --------------------------------------------------------------------------- */

/**
 * @brief Encode an S5F1 (alarm report send) body: `L[3] <B ALCD> <ALID> <A ALTX>`.
 * @param[out] buf      output; may be NULL when @p cap is 0.
 * @param      cap      bytes at @p buf.
 * @param[out] written  bytes written; on #LIION_E_BUFFER_TOO_SMALL the bytes needed.
 * @param      ctx      the context.
 * @param      alcd     #LIION_GEM_ALCD_SET plus a #liion_gem_alarm_category.
 * @param      alid     the alarm ID: one U1-U8 or I1-I8 value; borrowed.
 * @param      altx     alarm text (borrowed; E5: at most 40 bytes, not enforced); NULL when
 *                      @p altx_len is 0.
 * @param      altx_len bytes of @p altx.
 * @return as liion_gem_s1f3_encode().
 */
LIION_API liion_status liion_gem_s5f1_encode(uint8_t *buf, size_t cap, size_t *written,
                                             liion_ctx *ctx, uint8_t alcd,
                                             const liion_secs_item *alid, const char *altx,
                                             size_t altx_len);

/**
 * @brief Parse an S5F1 body.
 * @param[out] alcd     the ALCD byte.
 * @param[out] alid     the ALID (one integer value), borrowed from @p msg. May be NULL.
 * @param[out] altx     the ALTX text (not NUL-terminated), borrowed. May be NULL.
 * @param[out] altx_len bytes of ALTX. May be NULL.
 * @param      ctx      the context (error message and offset).
 * @param      msg      the message; borrowed.
 * @return #LIION_OK; #LIION_E_DECODE; #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_gem_s5f1_decode(uint8_t *alcd, const liion_secs_item **alid,
                                             const char **altx, size_t *altx_len,
                                             liion_ctx *ctx, const liion_secs_msg *msg);

/** ALED bit 8: enable the alarm's S5F1 reports (S5F3); 0 disables them. */
#define LIION_GEM_ALED_ENABLE 0x80u

/**
 * @brief Encode an S5F3 (enable/disable alarm send) body: `L[2] <B ALED> <ALID>`. The reply,
 *        S5F4, is one ACKC5 byte (liion_gem_ack_msg_decode(); 0 accepted).
 * @param[out] buf     output; may be NULL when @p cap is 0.
 * @param      cap     bytes at @p buf.
 * @param[out] written bytes written; on #LIION_E_BUFFER_TOO_SMALL the bytes needed.
 * @param      ctx     the context.
 * @param      aled    #LIION_GEM_ALED_ENABLE or 0.
 * @param      alid    the alarm ID: one U1-U8 or I1-I8 value; borrowed.
 * @return as liion_gem_s1f3_encode().
 */
LIION_API liion_status liion_gem_s5f3_encode(uint8_t *buf, size_t cap, size_t *written,
                                             liion_ctx *ctx, uint8_t aled,
                                             const liion_secs_item *alid);

/**
 * @brief Parse an S5F3 body.
 * @param[out] aled the ALED byte (bit 8 set: enable).
 * @param[out] alid the ALID, borrowed from @p msg. May be NULL.
 * @param      ctx  the context (error message and offset).
 * @param      msg  the message; borrowed.
 * @return #LIION_OK; #LIION_E_DECODE; #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_gem_s5f3_decode(uint8_t *aled, const liion_secs_item **alid,
                                             liion_ctx *ctx, const liion_secs_msg *msg);

/**
 * @brief Encode an S5F5 (list alarms request) body: the ALID vector, one U1-U8 or I1-I8 item
 *        (zero-length: every alarm). S5F7 (list enabled alarms) has no body.
 * @param[out] buf     output; may be NULL when @p cap is 0.
 * @param      cap     bytes at @p buf.
 * @param[out] written bytes written; on #LIION_E_BUFFER_TOO_SMALL the bytes needed.
 * @param      ctx     the context.
 * @param      alids   the vector; borrowed.
 * @return as liion_gem_s1f3_encode().
 */
LIION_API liion_status liion_gem_s5f5_encode(uint8_t *buf, size_t cap, size_t *written,
                                             liion_ctx *ctx, const liion_secs_item *alids);

/**
 * @brief Parse an S5F5 body.
 * @param[out] alids the ALID vector (count 0: every alarm), borrowed from @p msg. May be NULL.
 * @param      ctx   the context (error message and offset).
 * @param      msg   the message; borrowed.
 * @return #LIION_OK; #LIION_E_DECODE; #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_gem_s5f5_decode(const liion_secs_item **alids, liion_ctx *ctx,
                                             const liion_secs_msg *msg);

/**
 * @brief Encode an S5F6 (list alarm data) or S5F8 (list enabled alarm data) body, the same
 *        for both: `L[n]` of `L[3] <B ALCD> <ALID> <A ALTX>`.
 * @param[out] buf       output; may be NULL when @p cap is 0.
 * @param      cap       bytes at @p buf.
 * @param[out] written   bytes written; on #LIION_E_BUFFER_TOO_SMALL the bytes needed.
 * @param      ctx       the context.
 * @param      alcds     @p count ALCD bytes (#LIION_GEM_ALCD_SET when the alarm is set, plus
 *                       a #liion_gem_alarm_category).
 * @param      alids     @p count alarm IDs, each one U1-U8 or I1-I8 value; borrowed.
 * @param      altxs     @p count texts (E5: at most 120 bytes, not enforced); an entry may be
 *                       NULL when its length is 0.
 * @param      altx_lens @p count text lengths.
 * @param      count     alarms (0: an empty list).
 * @return as liion_gem_s1f3_encode().
 */
LIION_API liion_status liion_gem_s5f6_encode(uint8_t *buf, size_t cap, size_t *written,
                                             liion_ctx *ctx, const uint8_t *alcds,
                                             const liion_secs_item *const *alids,
                                             const char *const *altxs, const size_t *altx_lens,
                                             size_t count);

/**
 * @brief Parse an S5F6 or S5F8 body; every alarm's shape is checked. Read each alarm with
 *        liion_gem_s5f6_alarm_at().
 * @param[out] alarms the `L[n]`, borrowed from @p msg. May be NULL.
 * @param[out] count  n. May be NULL.
 * @param      ctx    the context (error message and the offset of the first bad item).
 * @param      msg    the message (S5F6 or S5F8); borrowed.
 * @return #LIION_OK; #LIION_E_DECODE; #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_gem_s5f6_decode(const liion_secs_item **alarms, size_t *count,
                                             liion_ctx *ctx, const liion_secs_msg *msg);

/**
 * @brief Alarm @p i of a list liion_gem_s5f6_decode() accepted.
 * @param[out] alcd     the ALCD byte.
 * @param[out] alid     the ALID, borrowed. May be NULL.
 * @param[out] altx     the text (not NUL-terminated), borrowed. May be NULL.
 * @param[out] altx_len its bytes. May be NULL.
 * @param      alarms   the list; borrowed.
 * @param      i        0 to count - 1.
 * @return #LIION_OK; #LIION_E_INVALID_ARG (NULL @p alcd, @p i out of range, or not an alarm).
 */
LIION_API liion_status liion_gem_s5f6_alarm_at(uint8_t *alcd, const liion_secs_item **alid,
                                               const char **altx, size_t *altx_len,
                                               const liion_secs_item *alarms, size_t i);

/* ---- stream 10 -------------------------------------------------------------------------- */

/**
 * @brief Encode an S10F3 (terminal display, single; host to equipment) or S10F1 (terminal
 *        request; equipment to host) body, the same for both: `L[2] <B TID> <TEXT>`. The
 *        replies S10F4 / S10F2 are one ACKC10 byte (liion_gem_ack_encode()).
 * @param[out] buf     output; may be NULL when @p cap is 0.
 * @param      cap     bytes at @p buf.
 * @param[out] written bytes written; on #LIION_E_BUFFER_TOO_SMALL the bytes needed.
 * @param      ctx     the context.
 * @param      tid     terminal number (0: the main terminal).
 * @param      text    the text: a non-list item, A usually; borrowed.
 * @return as liion_gem_s1f3_encode().
 */
LIION_API liion_status liion_gem_s10f3_encode(uint8_t *buf, size_t cap, size_t *written,
                                              liion_ctx *ctx, uint8_t tid,
                                              const liion_secs_item *text);

/**
 * @brief Parse an S10F3 or S10F1 body.
 * @param[out] tid  the TID byte.
 * @param[out] text the TEXT item, borrowed from @p msg. May be NULL.
 * @param      ctx  the context (error message and offset).
 * @param      msg  the message (S10F3 or S10F1); borrowed.
 * @return #LIION_OK; #LIION_E_DECODE; #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_gem_s10f3_decode(uint8_t *tid, const liion_secs_item **text,
                                              liion_ctx *ctx, const liion_secs_msg *msg);

/* ---- stream 7 --------------------------------------------------------------------------- */

/**
 * @brief Encode an S7F1 (process program load inquire) body: `L[2] <PPID> <LENGTH>`, the
 *        length as U4 (U8 past 2^32 - 1). The reply, S7F2, is one PPGNT byte
 *        (liion_gem_ack_encode(); 0 permission granted).
 * @param[out] buf     output; may be NULL when @p cap is 0.
 * @param      cap     bytes at @p buf.
 * @param[out] written bytes written; on #LIION_E_BUFFER_TOO_SMALL the bytes needed.
 * @param      ctx     the context.
 * @param      ppid    process program ID: A or B; borrowed.
 * @param      length  bytes of the program to come (S7F3).
 * @return as liion_gem_s1f3_encode().
 */
LIION_API liion_status liion_gem_s7f1_encode(uint8_t *buf, size_t cap, size_t *written,
                                             liion_ctx *ctx, const liion_secs_item *ppid,
                                             uint64_t length);

/**
 * @brief Parse an S7F1 body.
 * @param[out] ppid   the PPID, borrowed from @p msg. May be NULL.
 * @param[out] length the LENGTH (any U1-U8 item).
 * @param      ctx    the context (error message and offset).
 * @param      msg    the message; borrowed.
 * @return #LIION_OK; #LIION_E_DECODE; #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_gem_s7f1_decode(const liion_secs_item **ppid, uint64_t *length,
                                             liion_ctx *ctx, const liion_secs_msg *msg);

/**
 * @brief Encode an S7F17 (delete process program send) body: `L[n] <PPID>...` (n = 0: delete
 *        every program). The reply, S7F18, is one ACKC7 byte.
 * @param[out] buf     output; may be NULL when @p cap is 0.
 * @param      cap     bytes at @p buf.
 * @param[out] written bytes written; on #LIION_E_BUFFER_TOO_SMALL the bytes needed.
 * @param      ctx     the context.
 * @param      ppids   @p count PPIDs (A or B); borrowed.
 * @param      count   PPIDs.
 * @return as liion_gem_s1f3_encode().
 */
LIION_API liion_status liion_gem_s7f17_encode(uint8_t *buf, size_t cap, size_t *written,
                                              liion_ctx *ctx, const liion_secs_item *const *ppids,
                                              size_t count);

/**
 * @brief Parse an S7F17 body.
 * @param[out] ppids the `L[n]`, borrowed from @p msg (its children are the PPIDs). May be NULL.
 * @param[out] count n. May be NULL.
 * @param      ctx   the context (error message and offset).
 * @param      msg   the message; borrowed.
 * @return #LIION_OK; #LIION_E_DECODE; #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_gem_s7f17_decode(const liion_secs_item **ppids, size_t *count,
                                              liion_ctx *ctx, const liion_secs_msg *msg);

/**
 * @brief Encode an S7F3 (process program send) body: `L[2] <PPID> <PPBODY>`.
 * @param[out] buf     output; may be NULL when @p cap is 0.
 * @param      cap     bytes at @p buf.
 * @param[out] written bytes written; on #LIION_E_BUFFER_TOO_SMALL the bytes needed.
 * @param      ctx     the context.
 * @param      ppid    process program ID: A or B; borrowed.
 * @param      ppbody  the program: any non-list item (B or A usually); borrowed.
 * @return as liion_gem_s1f3_encode().
 */
LIION_API liion_status liion_gem_s7f3_encode(uint8_t *buf, size_t cap, size_t *written,
                                             liion_ctx *ctx, const liion_secs_item *ppid,
                                             const liion_secs_item *ppbody);

/**
 * @brief Parse an S7F3 body.
 * @param[out] ppid   the PPID (A or B), borrowed from @p msg. May be NULL.
 * @param[out] ppbody the PPBODY (a non-list item), borrowed. May be NULL.
 * @param      ctx    the context (error message and offset).
 * @param      msg    the message; borrowed.
 * @return #LIION_OK; #LIION_E_DECODE; #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_gem_s7f3_decode(const liion_secs_item **ppid,
                                             const liion_secs_item **ppbody, liion_ctx *ctx,
                                             const liion_secs_msg *msg);

/**
 * @brief Encode an S7F5 (process program request) body: `<PPID>`.
 * @param[out] buf     output; may be NULL when @p cap is 0.
 * @param      cap     bytes at @p buf.
 * @param[out] written bytes written; on #LIION_E_BUFFER_TOO_SMALL the bytes needed.
 * @param      ctx     the context.
 * @param      ppid    process program ID: A or B; borrowed.
 * @return as liion_gem_s1f3_encode().
 */
LIION_API liion_status liion_gem_s7f5_encode(uint8_t *buf, size_t cap, size_t *written,
                                             liion_ctx *ctx, const liion_secs_item *ppid);

/**
 * @brief Parse an S7F5 body.
 * @param[out] ppid the PPID (A or B), borrowed from @p msg.
 * @param      ctx  the context (error message and offset).
 * @param      msg  the message; borrowed.
 * @return #LIION_OK; #LIION_E_DECODE; #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_gem_s7f5_decode(const liion_secs_item **ppid, liion_ctx *ctx,
                                             const liion_secs_msg *msg);

/**
 * @brief Encode an S7F6 (process program data) body: `L[2] <PPID> <PPBODY>`, or `L[0]` when
 *        the request is denied (@p ppid NULL).
 * @param[out] buf     output; may be NULL when @p cap is 0.
 * @param      cap     bytes at @p buf.
 * @param[out] written bytes written; on #LIION_E_BUFFER_TOO_SMALL the bytes needed.
 * @param      ctx     the context.
 * @param      ppid    process program ID (A or B; borrowed), or NULL for `L[0]`.
 * @param      ppbody  the program (non-list; borrowed); ignored when @p ppid is NULL.
 * @return as liion_gem_s1f3_encode().
 */
LIION_API liion_status liion_gem_s7f6_encode(uint8_t *buf, size_t cap, size_t *written,
                                             liion_ctx *ctx, const liion_secs_item *ppid,
                                             const liion_secs_item *ppbody);

/**
 * @brief Parse an S7F6 body.
 * @param[out] ppid   the PPID, borrowed from @p msg; NULL for `L[0]` (denied). May be NULL.
 * @param[out] ppbody the PPBODY, borrowed; NULL for `L[0]`. May be NULL.
 * @param      ctx    the context (error message and offset).
 * @param      msg    the message; borrowed.
 * @return #LIION_OK; #LIION_E_DECODE; #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_gem_s7f6_decode(const liion_secs_item **ppid,
                                             const liion_secs_item **ppbody, liion_ctx *ctx,
                                             const liion_secs_msg *msg);

/**
 * @brief Encode an S7F20 (current EPPD data) body: `L[n] <PPID>...`.
 * @param[out] buf     output; may be NULL when @p cap is 0.
 * @param      cap     bytes at @p buf.
 * @param[out] written bytes written; on #LIION_E_BUFFER_TOO_SMALL the bytes needed.
 * @param      ctx     the context.
 * @param      ppids   @p count PPIDs (A or B); borrowed.
 * @param      count   number of PPIDs.
 * @return as liion_gem_s1f3_encode().
 */
LIION_API liion_status liion_gem_s7f20_encode(uint8_t *buf, size_t cap, size_t *written,
                                              liion_ctx *ctx, const liion_secs_item *const *ppids,
                                              size_t count);

/**
 * @brief Parse an S7F20 body.
 * @param[out] ppids the list of PPIDs (each A or B), borrowed from @p msg.
 * @param[out] count its length. May be NULL.
 * @param      ctx   the context (error message and offset).
 * @param      msg   the message; borrowed.
 * @return #LIION_OK; #LIION_E_DECODE; #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_gem_s7f20_decode(const liion_secs_item **ppids, size_t *count,
                                              liion_ctx *ctx, const liion_secs_msg *msg);

/** @} */

LIION_END_DECLS

#endif /* LIION_GEM_E30_H */
