/**
 * @file liion/hsms.h
 * @brief HSMS (SEMI E37) framing: the 4-byte length, the 10-byte header, data and control
 *        messages, and an incremental stream decoder for bytes straight off a socket.
 *
 * This layer works on raw message body bytes: it neither encodes nor decodes SECS-II items
 * (see liion/secs.h for that). The HSMS session state machine is built on top of it.
 */
#ifndef LIION_HSMS_H
#define LIION_HSMS_H

#include <liion/common.h>
#include <liion/ctx.h>

LIION_BEGIN_DECLS

/**
 * @defgroup liion_hsms HSMS framing
 * @brief SEMI E37 frames: `length(4) | header(10) | body`, all big-endian.
 *
 * A frame is a 4-byte message length (10 + body length, not counting itself), the 10-byte
 * header and the body. Header bytes: 0-1 session ID; 2 W-bit and stream (data) or the
 * rejected SType/PType (Reject.req); 3 function (data) or the status/reason code (control);
 * 4 PType (0 = SECS-II); 5 SType; 6-9 system bytes. See the guide @ref guide_hsms.
 * @{
 */

/** Bytes of the length field that starts every frame. */
#define LIION_HSMS_LENGTH_BYTES 4u
/** Bytes of the message header. */
#define LIION_HSMS_HEADER_BYTES 10u
/** Bytes of a frame without a body (every control message): length field + header. */
#define LIION_HSMS_CONTROL_FRAME_BYTES 14u
/** Session ID that E37 prescribes for Linktest and that many peers use on every control message. */
#define LIION_HSMS_SESSION_ALL 0xFFFFu

/** Session type (header byte 5). */
typedef enum liion_hsms_stype {
    LIION_HSMS_DATA = 0,         /**< Data message: a SECS-II body (PType 0). */
    LIION_HSMS_SELECT_REQ = 1,   /**< Select.req: establish the session. */
    LIION_HSMS_SELECT_RSP = 2,   /**< Select.rsp: header byte 3 is a #liion_hsms_select_status. */
    LIION_HSMS_DESELECT_REQ = 3, /**< Deselect.req: end the session, keep the connection. */
    LIION_HSMS_DESELECT_RSP = 4, /**< Deselect.rsp: header byte 3 is a #liion_hsms_deselect_status. */
    LIION_HSMS_LINKTEST_REQ = 5, /**< Linktest.req: connection check; session ID 0xFFFF. */
    LIION_HSMS_LINKTEST_RSP = 6, /**< Linktest.rsp: answers a Linktest.req; session ID 0xFFFF. */
    LIION_HSMS_REJECT_REQ = 7,   /**< Reject.req: byte 2 the rejected SType (or PType), byte 3 a #liion_hsms_reject_reason. */
    LIION_HSMS_SEPARATE_REQ = 9, /**< Separate.req: end the session at once, no reply. (8 is unused.) */
    LIION_HSMS_STYPE__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a type. */
} liion_hsms_stype;

/** Select.rsp status (header byte 3). 4-127 are for subsidiary standards, 128-255 local. */
typedef enum liion_hsms_select_status {
    LIION_HSMS_SELECT_OK = 0,                    /**< Communication established. */
    LIION_HSMS_SELECT_ALREADY_ACTIVE = 1,        /**< Communication already active. */
    LIION_HSMS_SELECT_NOT_READY = 2,             /**< Connection not ready. */
    LIION_HSMS_SELECT_CONNECT_EXHAUST = 3,       /**< Connect exhaust (TCP/IP port in use). */
    LIION_HSMS_SELECT_ENTITY_UNKNOWN = 4,        /**< HSMS-GS: session entity unknown. */
    LIION_HSMS_SELECT_ENTITY_ALREADY_USED = 5,   /**< HSMS-GS: session entity already in use. */
    LIION_HSMS_SELECT_ENTITY_ALREADY_ACTIVE = 6, /**< HSMS-GS: session entity already active. */
    LIION_HSMS_SELECT_STATUS__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a status. */
} liion_hsms_select_status;

/** Deselect.rsp status (header byte 3). */
typedef enum liion_hsms_deselect_status {
    LIION_HSMS_DESELECT_OK = 0,              /**< Communication ended. */
    LIION_HSMS_DESELECT_NOT_ESTABLISHED = 1, /**< Communication was not established. */
    LIION_HSMS_DESELECT_BUSY = 2,            /**< Communication busy: transactions still open. */
    LIION_HSMS_DESELECT_STATUS__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a status. */
} liion_hsms_deselect_status;

/** Reject.req reason (header byte 3). 0 and 128-255 are local. */
typedef enum liion_hsms_reject_reason {
    LIION_HSMS_REJECT_MALFORMED = 0,            /**< Local use; commonly "malformed message". */
    LIION_HSMS_REJECT_STYPE_NOT_SUPPORTED = 1,  /**< SType not supported; byte 2 is the SType. */
    LIION_HSMS_REJECT_PTYPE_NOT_SUPPORTED = 2,  /**< PType not supported; byte 2 is the PType. */
    LIION_HSMS_REJECT_TRANSACTION_NOT_OPEN = 3, /**< A response with no open transaction. */
    LIION_HSMS_REJECT_ENTITY_NOT_SELECTED = 4,  /**< A data message while NOT SELECTED. */
    LIION_HSMS_REJECT_REASON__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a reason. */
} liion_hsms_reject_reason;

/** liion_hsms_header::flags: the session ID is 0xFFFF (#LIION_HSMS_SESSION_ALL). */
#define LIION_HSMS_FLAG_SESSION_ALL (1u << 0)
/** liion_hsms_header::flags: the session ID equals the one set with liion_hsms_stream_set_session_id(). */
#define LIION_HSMS_FLAG_SESSION_MATCH (1u << 1)
/** liion_hsms_header::flags: PType is not 0 or SType is unknown; only with
 *  #LIION_HSMS_STREAM_PASS_UNSUPPORTED. The session answers such a frame with Reject.req. */
#define LIION_HSMS_FLAG_UNSUPPORTED (1u << 2)
/** liion_hsms_header::flags: a data message longer than #LIION_LIMIT_MAX_MESSAGE_BYTES whose body
 *  was skipped, not kept (the frame comes with an empty body); only with
 *  #LIION_HSMS_STREAM_SKIP_TOO_LONG. The session answers it with S9F11 (data too long). */
#define LIION_HSMS_FLAG_TOO_LONG (1u << 3)

/**
 * @brief The fields of one HSMS message header, decoded.
 *
 * A result record with a size first: set @c struct_size to `sizeof(liion_hsms_header)`
 * (#LIION_HSMS_HEADER_INIT does). The library reads and writes only the first @c struct_size
 * bytes. Which of @c stream / @c function / @c wbit (data messages) and @c status /
 * @c reject_type (control messages) apply depends on @c stype; the others are zero. A frame
 * flagged #LIION_HSMS_FLAG_UNSUPPORTED keeps header bytes 2-3 in the data fields when its
 * SType is 0 and in @c reject_type / @c status otherwise, so that nothing is lost.
 */
typedef struct liion_hsms_header {
    /** Size of this struct as the caller compiled it: `sizeof(liion_hsms_header)`. */
    uint32_t struct_size;
    /** Output only (ignored when encoding): `LIION_HSMS_FLAG_*` bits. */
    uint32_t flags;
    /** System bytes (header bytes 6-9): a reply or response echoes the primary's. */
    uint32_t system_bytes;
    /** Session ID (device ID for data messages), as on the wire: no bit is masked. */
    uint16_t session_id;
    /** Session type, a #liion_hsms_stype value. */
    uint8_t stype;
    /** Presentation type: 0 = SECS-II (the only one E37 defines). */
    uint8_t ptype;
    /** Data messages: stream, 0-127. */
    uint8_t stream;
    /** Data messages: function, 0-255. */
    uint8_t function;
    /** Data messages: 1 when a reply is expected (W-bit), else 0. */
    uint8_t wbit;
    /** Select.rsp / Deselect.rsp status, Reject.req reason; 0 for other types. */
    uint8_t status;
    /** Reject.req only: the SType of the rejected message, or its PType when the reason is
     *  #LIION_HSMS_REJECT_PTYPE_NOT_SUPPORTED. */
    uint8_t reject_type;
    /** Reserved, zero. */
    uint8_t reserved[3];
} liion_hsms_header;

/** Initialiser for a `liion_hsms_header` variable: all zero (an empty data message), size set. */
#define LIION_HSMS_HEADER_INIT { (uint32_t)sizeof(liion_hsms_header), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, { 0, 0, 0 } }

/** @name Stream decoder flags (liion_hsms_stream_new())
 * @{ */
/** Accept nonzero header bytes 2-3 where E37 says 0, and a Linktest session ID other than
 *  0xFFFF. Without it such a frame is a decode error. */
#define LIION_HSMS_STREAM_LENIENT (1u << 0)
/** Yield frames with a nonzero PType or an unknown SType (with #LIION_HSMS_FLAG_UNSUPPORTED)
 *  instead of failing, so that the session can answer them with Reject.req as E37 says. */
#define LIION_HSMS_STREAM_PASS_UNSUPPORTED (1u << 1)
/** Stream decoder only: a data message (PType 0, SType 0) whose length is over
 *  #LIION_LIMIT_MAX_MESSAGE_BYTES is not an error: its body is counted and dropped as it
 *  arrives, never buffered, and the frame is yielded with an empty body and
 *  #LIION_HSMS_FLAG_TOO_LONG. An over-long length before any other header still breaks the
 *  stream (#LIION_E_LIMIT at the length field), since it is most likely garbage. Ignored by
 *  liion_hsms_frame_decode(). */
#define LIION_HSMS_STREAM_SKIP_TOO_LONG (1u << 2)
/** @} */

/**
 * @brief Name of a session type, e.g. "Select.req".
 * @return static text, never NULL; "unknown SType" for a value E37 does not define.
 */
LIION_API const char *liion_hsms_stype_str(liion_hsms_stype stype);

/**
 * @brief Name of a Select.rsp status, e.g. "communication established".
 * @return static text, never NULL; "reserved" for 7-127, "local" for 128-255,
 *         "invalid" above 255.
 */
LIION_API const char *liion_hsms_select_status_str(liion_hsms_select_status status);

/**
 * @brief Name of a Deselect.rsp status, e.g. "communication busy".
 * @return static text, never NULL; "reserved" for 3-127, "local" for 128-255,
 *         "invalid" above 255.
 */
LIION_API const char *liion_hsms_deselect_status_str(liion_hsms_deselect_status status);

/**
 * @brief Name of a Reject.req reason, e.g. "SType not supported".
 * @return static text, never NULL; "reserved" for 5-127, "local" for 128-255,
 *         "invalid" above 255.
 */
LIION_API const char *liion_hsms_reject_reason_str(liion_hsms_reject_reason reason);

/**
 * @brief Size of the frame for a body of @p body_len bytes: 14 + @p body_len.
 * @return the size, or 0 when the frame's length field (10 + @p body_len) would not fit in
 *         32 bits.
 */
LIION_API size_t liion_hsms_frame_size(size_t body_len);

/**
 * @brief Encode a whole frame: length field, header and a copy of the body.
 *
 * The header is checked against E37: a known SType, PType 0, stream at most 127, W-bit 0 or
 * 1, no body and no data fields on a control message, no control fields on a data message,
 * session ID 0xFFFF on Linktest. Writing @p buf with @p cap 0 (or NULL) measures.
 *
 * @param[out] buf      the caller's buffer; may be NULL when @p cap is 0.
 * @param      cap      bytes available at @p buf.
 * @param[out] written  bytes written; on #LIION_E_BUFFER_TOO_SMALL, the size needed.
 * @param      ctx      context for the error message.
 * @param      hdr      the header; borrowed for the call. @c flags is ignored.
 * @param      body     body bytes (a SECS-II message body for data messages); borrowed for
 *                      the call; may be NULL when @p body_len is 0.
 * @param      body_len bytes at @p body.
 * @return #LIION_OK; #LIION_E_INVALID_ARG (NULL argument, a header E37 does not allow);
 *         #LIION_E_RANGE (the body does not fit a 32-bit length); #LIION_E_BUFFER_TOO_SMALL.
 */
LIION_API liion_status liion_hsms_encode(uint8_t *buf, size_t cap, size_t *written,
                                         liion_ctx *ctx, const liion_hsms_header *hdr,
                                         const uint8_t *body, size_t body_len);

/**
 * @brief Encode a data message frame, the common case, without filling a header struct.
 *
 * @param[out] buf          the caller's buffer; may be NULL when @p cap is 0.
 * @param      cap          bytes available at @p buf.
 * @param[out] written      bytes written, or the size needed on #LIION_E_BUFFER_TOO_SMALL.
 * @param      ctx          context for the error message.
 * @param      session_id   session (device) ID.
 * @param      stream       stream, 0-127.
 * @param      function     function.
 * @param      wbit         1 when a reply is expected, else 0.
 * @param      system_bytes system bytes.
 * @param      body         SECS-II body bytes; borrowed for the call; NULL when @p body_len is 0.
 * @param      body_len     bytes at @p body.
 * @return as liion_hsms_encode().
 */
LIION_API liion_status liion_hsms_encode_data(uint8_t *buf, size_t cap, size_t *written,
                                              liion_ctx *ctx, uint16_t session_id,
                                              uint8_t stream, uint8_t function, uint8_t wbit,
                                              uint32_t system_bytes, const uint8_t *body,
                                              size_t body_len);

/**
 * @brief Encode a 14-byte control message frame.
 *
 * @param[out] buf          the caller's buffer; may be NULL when @p cap is 0.
 * @param      cap          bytes available at @p buf (14 are needed).
 * @param[out] written      bytes written, or 14 on #LIION_E_BUFFER_TOO_SMALL.
 * @param      ctx          context for the error message.
 * @param      stype        any control type (not #LIION_HSMS_DATA).
 * @param      session_id   session ID (0xFFFF for Linktest).
 * @param      system_bytes system bytes; a response echoes the request's.
 * @param      status       header byte 3: the status of Select.rsp / Deselect.rsp, the reason
 *                          of Reject.req; 0 for the other types.
 * @param      reject_type  header byte 2 of Reject.req (the rejected SType, or PType for
 *                          reason 2); 0 for the other types.
 * @return as liion_hsms_encode().
 */
LIION_API liion_status liion_hsms_encode_control(uint8_t *buf, size_t cap, size_t *written,
                                                 liion_ctx *ctx, liion_hsms_stype stype,
                                                 uint16_t session_id, uint32_t system_bytes,
                                                 uint8_t status, uint8_t reject_type);

/**
 * @brief Encode the Reject.req that answers a received message, placing the fields as E37
 *        says: the rejected message's session ID and system bytes; header byte 2 its PType
 *        when @p reason is #LIION_HSMS_REJECT_PTYPE_NOT_SUPPORTED, else its SType; byte 3
 *        the reason.
 *
 * @param[out] buf      the caller's buffer; may be NULL when @p cap is 0.
 * @param      cap      bytes available at @p buf (14 are needed).
 * @param[out] written  bytes written, or 14 on #LIION_E_BUFFER_TOO_SMALL.
 * @param      ctx      context for the error message.
 * @param      rejected the header of the message being rejected, as a decoder gave it
 *                      (e.g. a frame flagged #LIION_HSMS_FLAG_UNSUPPORTED); borrowed.
 * @param      reason   the reason, 0-255.
 * @return as liion_hsms_encode(); #LIION_E_INVALID_ARG also for a reason over 255.
 */
LIION_API liion_status liion_hsms_encode_reject(uint8_t *buf, size_t cap, size_t *written,
                                                liion_ctx *ctx, const liion_hsms_header *rejected,
                                                liion_hsms_reject_reason reason);

/**
 * @brief Encode only the 10-byte header (no length field), e.g. for the MHEAD of an S9Fx
 *        message. Checks as liion_hsms_encode() with an empty body.
 *
 * @param[out] buf     the caller's buffer; may be NULL when @p cap is 0.
 * @param      cap     bytes available at @p buf (10 are needed).
 * @param[out] written bytes written, or 10 on #LIION_E_BUFFER_TOO_SMALL.
 * @param      ctx     context for the error message.
 * @param      hdr     the header; borrowed for the call.
 * @return as liion_hsms_encode().
 */
LIION_API liion_status liion_hsms_header_encode(uint8_t *buf, size_t cap, size_t *written,
                                                liion_ctx *ctx, const liion_hsms_header *hdr);

/**
 * @brief Decode a 10-byte header, checked as the stream decoder checks it.
 *
 * @param[out] hdr   the fields; the caller sets @c struct_size first. Unchanged on error.
 * @param      ctx   context for the error message and offset (into @p data).
 * @param      data  exactly 10 bytes; borrowed for the call.
 * @param      len   must be 10.
 * @param      flags `LIION_HSMS_STREAM_*` flags, as for liion_hsms_stream_new().
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_TRUNCATED (fewer than 10 bytes);
 *         #LIION_E_DECODE (more than 10 bytes, or a header E37 does not allow).
 */
LIION_API liion_status liion_hsms_header_decode(liion_hsms_header *hdr, liion_ctx *ctx,
                                                const uint8_t *data, size_t len,
                                                uint32_t flags);

/**
 * @brief Decode one whole frame held in a buffer (a message-oriented transport, a test).
 *
 * @param[out] hdr      the header fields; the caller sets @c struct_size first.
 * @param[out] body     the body, pointing into @p data (borrowed: valid as long as @p data);
 *                      never NULL on success, even for an empty body.
 * @param[out] body_len bytes of the body.
 * @param      ctx      context: error message and byte offset into @p data; the frame must
 *                      not pass its #LIION_LIMIT_MAX_MESSAGE_BYTES.
 * @param      data     the frame; borrowed.
 * @param      len      bytes at @p data: exactly one frame.
 * @param      flags    `LIION_HSMS_STREAM_*` flags, as for liion_hsms_stream_new().
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_TRUNCATED (the frame is incomplete);
 *         #LIION_E_DECODE (bad length, bad header, bytes after the frame);
 *         #LIION_E_LIMIT (length over the context's limit).
 */
LIION_API liion_status liion_hsms_frame_decode(liion_hsms_header *hdr, const uint8_t **body,
                                               size_t *body_len, liion_ctx *ctx,
                                               const uint8_t *data, size_t len,
                                               uint32_t flags);

/** Opaque incremental frame decoder; create with liion_hsms_stream_new(). */
typedef struct liion_hsms_stream liion_hsms_stream;

/**
 * @brief Create a stream decoder.
 *
 * It takes bytes in chunks of any size (liion_hsms_stream_feed()) and yields whole frames.
 * The largest frame it accepts is the context's #LIION_LIMIT_MAX_MESSAGE_BYTES (compared
 * with the 4-byte length field, i.e. header + body), read when each frame starts.
 *
 * @param[out] out   the decoder; caller owns it, free with liion_hsms_stream_free(). NULL on
 *                   failure.
 * @param      ctx   the context; borrowed, must outlive the decoder. Errors of every call on
 *                   the decoder are reported on it.
 * @param      flags 0 (strict E37) or `LIION_HSMS_STREAM_*` bits.
 * @return #LIION_OK; #LIION_E_INVALID_ARG (NULL argument, unknown flag); #LIION_E_NOMEM.
 */
LIION_API liion_status liion_hsms_stream_new(liion_hsms_stream **out, liion_ctx *ctx,
                                             uint32_t flags);

/** @brief Free a stream decoder. NULL is a no-op. */
LIION_API void liion_hsms_stream_free(liion_hsms_stream *st);

/**
 * @brief Set the configured session ID, so that each frame's header says whether its session
 *        ID matches (#LIION_HSMS_FLAG_SESSION_MATCH). Frames are accepted either way.
 *
 * @param st         the decoder.
 * @param session_id 0-0xFFFF, or -1 for none (the default).
 * @return #LIION_OK; #LIION_E_INVALID_ARG (NULL, out of range).
 */
LIION_API liion_status liion_hsms_stream_set_session_id(liion_hsms_stream *st,
                                                        int32_t session_id);

/**
 * @brief Feed bytes: take them until the input ends or one frame is complete.
 *
 * After a frame completes the call returns at once, with @p consumed counting the frame's
 * last byte; liion_hsms_stream_ready() is then 1 and liion_hsms_stream_frame() gives the
 * frame until the next feed. Call again with the rest of the input. A malformed length
 * (under 10), a length over the limit or a header E37 does not allow fails with the stream
 * byte offset of the fault (liion_ctx_error_offset()) and breaks the stream: every later
 * feed returns #LIION_E_STATE until liion_hsms_stream_reset(). The decoder never skips
 * bytes to find its way back.
 *
 * Steady state makes no allocation: a frame that arrives whole inside one chunk is yielded
 * in place; one that spans chunks is gathered in an internal buffer that grows with the
 * bytes actually received (never ahead of them) and is kept for the next frames.
 *
 * @param[out] consumed bytes of @p data taken (all of them unless a frame completed); 0 on
 *                      a decode error, the bytes taken before it on #LIION_E_NOMEM (which
 *                      does not break the stream: feed the rest again). May be NULL.
 * @param      st       the decoder.
 * @param      data     input bytes; borrowed. A frame yielded in place points into it.
 * @param      len      bytes at @p data; 0 is allowed.
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_DECODE (bad length or header);
 *         #LIION_E_LIMIT (length over the limit); #LIION_E_NOMEM; #LIION_E_STATE (broken).
 */
LIION_API liion_status liion_hsms_stream_feed(size_t *consumed, liion_hsms_stream *st,
                                              const uint8_t *data, size_t len);

/** @brief 1 when the last feed completed a frame (liion_hsms_stream_frame() has it), else 0. */
LIION_API int liion_hsms_stream_ready(const liion_hsms_stream *st);

/**
 * @brief The frame the last feed completed.
 *
 * @param[out] hdr      the header fields; the caller sets @c struct_size first. May be NULL.
 * @param[out] body     the body: borrowed, valid until the next feed, reset or free of @p st,
 *                      and, when the frame came whole in one chunk, only while that chunk's
 *                      bytes are unchanged (it points into them). Never NULL on success.
 *                      May be NULL.
 * @param[out] body_len bytes of the body. May be NULL.
 * @param      st       the decoder.
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_STATE (no frame is ready).
 */
LIION_API liion_status liion_hsms_stream_frame(liion_hsms_header *hdr, const uint8_t **body,
                                               size_t *body_len, liion_hsms_stream *st);

/** @brief Bytes fed and taken since creation or the last reset (the next byte's offset). */
LIION_API uint64_t liion_hsms_stream_offset(const liion_hsms_stream *st);

/**
 * @brief Bytes of an incomplete frame taken so far: 0 at a frame boundary (and when a frame
 *        is ready). The session layer runs the E37 T8 inter-character timer while this is
 *        nonzero and no bytes arrive.
 */
LIION_API size_t liion_hsms_stream_pending(const liion_hsms_stream *st);

/** @brief 1 when the stream is broken by an earlier error (feeds fail until reset), else 0. */
LIION_API int liion_hsms_stream_broken(const liion_hsms_stream *st);

/**
 * @brief Forget any partial frame and the broken state; the offset starts again at 0. For a
 *        new connection. The internal buffer is kept. NULL is a no-op.
 */
LIION_API void liion_hsms_stream_reset(liion_hsms_stream *st);

/** @} */

LIION_END_DECLS

#endif /* LIION_HSMS_H */
