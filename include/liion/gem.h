/**
 * @file liion/gem.h
 * @brief The sans-I/O HSMS-SS session (SEMI E37 / E37.1) that GEM (E30) runs on.
 *
 * The session owns no socket, thread or clock. The application feeds it the bytes it reads
 * and the current monotonic time, takes from it the bytes to write, and reads its events.
 * See the guide @ref guide_gem.
 */
#ifndef LIION_GEM_H
#define LIION_GEM_H

#include <liion/common.h>
#include <liion/ctx.h>
#include <liion/hsms.h>

LIION_BEGIN_DECLS

/**
 * @defgroup liion_gem HSMS session and GEM
 * @brief A sans-I/O HSMS-SS session: bytes and time in, bytes and events out.
 * @{
 */

/** Opaque HSMS-SS session; create with liion_hsms_new(). */
typedef struct liion_hsms liion_hsms;

/** Connection role. */
typedef enum liion_hsms_role {
    LIION_HSMS_ROLE_ACTIVE = 0,  /**< Connects and sends Select.req (usually the host). */
    LIION_HSMS_ROLE_PASSIVE = 1, /**< Listens and answers Select.req (usually the equipment). */
    LIION_HSMS_ROLE__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a role. */
} liion_hsms_role;

/** Session state (E37 connection state model). */
typedef enum liion_hsms_state {
    LIION_HSMS_NOT_CONNECTED = 0, /**< No TCP connection. */
    LIION_HSMS_NOT_SELECTED = 1,  /**< Connected, not selected: only control messages pass. */
    LIION_HSMS_SELECTED = 2,      /**< Connected and selected: data messages pass. */
    LIION_HSMS_STATE__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a state. */
} liion_hsms_state;

/** Event types (liion_hsms_event::type). */
typedef enum liion_hsms_event_type {
    LIION_HSMS_EV_NONE = 0,     /**< The queue is empty. */
    LIION_HSMS_EV_STATE = 1,    /**< State changed: @c prev_state to @c state. */
    LIION_HSMS_EV_DATA = 2,     /**< A primary data message (odd function) arrived: header fields and body. */
    LIION_HSMS_EV_REPLY = 3,    /**< The reply to one of our W-bit messages: @c user_tag is the request's. */
    LIION_HSMS_EV_TIMEOUT = 4,  /**< A timer expired: @c code is a #liion_hsms_timer. T3: @c user_tag and the
                                     request's header fields; the transaction is closed. */
    LIION_HSMS_EV_CONTROL = 5,  /**< One of our control transactions ended with its response: @c stype is the
                                     response's, @c code its status byte. The periodic linktest is silent. */
    LIION_HSMS_EV_REJECTED = 6, /**< The peer sent Reject.req for one of our messages: @c code the reason,
                                     @c stype the rejected SType, @c user_tag that of a data transaction. */
    LIION_HSMS_EV_PROTOCOL_ERROR = 7, /**< The peer broke the protocol: @c code a #liion_hsms_error; the
                                           offending message's fields and body when there is one. */
    LIION_HSMS_EV_ABORTED = 8,  /**< A data transaction ended unanswered because the connection ended:
                                     @c user_tag and the request's header fields. */
    LIION_HSMS_EV_CLOSE = 9,    /**< The session ended the connection (@c code a #liion_hsms_close_reason):
                                     write out what liion_hsms_out_pending() still holds, then close the socket. */
    LIION_HSMS_EVENT_TYPE__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a type. */
} liion_hsms_event_type;

/** Timers (liion_hsms_event::code of #LIION_HSMS_EV_TIMEOUT): the number is E37's. */
typedef enum liion_hsms_timer {
    LIION_HSMS_T3 = 3, /**< Reply timeout of one data transaction. */
    LIION_HSMS_T5 = 5, /**< Connect separation (no event; see liion_hsms_connect_time()). */
    LIION_HSMS_T6 = 6, /**< Control transaction timeout: the connection is closed. */
    LIION_HSMS_T7 = 7, /**< Not selected too long after connecting: the connection is closed. */
    LIION_HSMS_T8 = 8, /**< Gap between bytes of one message: the connection is closed. */
    LIION_HSMS_TIMER__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a timer. */
} liion_hsms_timer;

/** Protocol faults of the peer (liion_hsms_event::code of #LIION_HSMS_EV_PROTOCOL_ERROR). */
typedef enum liion_hsms_error {
    LIION_HSMS_ERR_MALFORMED = 1,           /**< A frame the decoder refused: @c status and @c offset say why
                                                 and where. The stream is lost, the connection is closed. */
    LIION_HSMS_ERR_NOT_SELECTED = 2,        /**< A data message while NOT SELECTED: answered with Reject.req
                                                 reason 4. */
    LIION_HSMS_ERR_UNEXPECTED_REPLY = 3,    /**< A reply (even function) with no open transaction (late
                                                 after T3, or unknown system bytes): answered with Reject.req
                                                 reason 3. */
    LIION_HSMS_ERR_UNEXPECTED_RESPONSE = 4, /**< A control response with no open control transaction:
                                                 answered with Reject.req reason 3. */
    LIION_HSMS_ERR_UNSUPPORTED = 5,         /**< Unknown SType or nonzero PType: answered with Reject.req
                                                 reason 1 or 2. */
    LIION_HSMS_ERR_UNKNOWN_SESSION = 6,     /**< A data message for another session (device) ID: not
                                                 delivered; answered with S9F1 when
                                                 #LIION_HSMS_OPT_EQUIPMENT is set. The connection stays. */
    LIION_HSMS_ERR_NOMEM = 7,               /**< The session could not allocate while handling input: the
                                                 connection is closed. */
    LIION_HSMS_ERR_UNKNOWN_STREAM = 8,      /**< A primary message of a stream with no supported function
                                                 (liion_hsms_set_supported()): not delivered; answered with
                                                 S9F3 (equipment) or, if it wants a reply, SxF0 (host). */
    LIION_HSMS_ERR_UNKNOWN_FUNCTION = 9,    /**< A primary message whose function is not supported in a
                                                 known stream: not delivered; answered with S9F5 (equipment)
                                                 or, if it wants a reply, SxF0 (host). */
    LIION_HSMS_ERR_ILLEGAL_DATA = 10,       /**< #LIION_HSMS_OPT_CHECK_BODY: a primary message whose body
                                                 is not one well-formed SECS-II item (@c status and
                                                 @c offset: the decoder's status and the offset in the
                                                 body): not delivered; answered with S9F7 (equipment)
                                                 or, if it wants a reply, SxF0 (host). */
    LIION_HSMS_ERR_TOO_LONG = 11,           /**< A data message longer than #LIION_LIMIT_MAX_MESSAGE_BYTES:
                                                 its body was skipped unbuffered and is not delivered
                                                 (the event has the header fields only); answered with
                                                 S9F11 (equipment) or, for a primary that wants a reply,
                                                 SxF0 (host). An over-long reply leaves its
                                                 transaction open until T3. The connection stays. */
    LIION_HSMS_ERROR__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not an error. */
} liion_hsms_error;

/** Why the session closed the connection (liion_hsms_event::code of #LIION_HSMS_EV_CLOSE). */
typedef enum liion_hsms_close_reason {
    LIION_HSMS_CLOSE_SEPARATE_SENT = 1,     /**< liion_hsms_separate() sent Separate.req. */
    LIION_HSMS_CLOSE_SEPARATE_RECEIVED = 2, /**< The peer sent Separate.req. */
    LIION_HSMS_CLOSE_T6 = 6,                /**< A control transaction timed out. */
    LIION_HSMS_CLOSE_T7 = 7,                /**< Not selected within T7. */
    LIION_HSMS_CLOSE_T8 = 8,                /**< A message stalled for T8 between bytes. */
    LIION_HSMS_CLOSE_MALFORMED = 10,        /**< A malformed frame broke the byte stream. */
    LIION_HSMS_CLOSE_NOMEM = 11,            /**< Out of memory while handling input. */
    LIION_HSMS_CLOSE_REASON__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a reason. */
} liion_hsms_close_reason;

/** @name Session option flags (liion_hsms_options::flags)
 * @{ */
/** Active role: do not send Select.req by itself on liion_hsms_connected(). */
#define LIION_HSMS_OPT_NO_AUTO_SELECT (1u << 0)
/** This side is the equipment: send the E5 stream 9 error messages by itself: S9F1 for a data
 *  message with an unknown device ID, S9F3 / S9F5 for an undeclared stream / function
 *  (liion_hsms_set_supported()), S9F7 for illegal data (with #LIION_HSMS_OPT_CHECK_BODY),
 *  S9F9 when T3 expires on one of its W-bit messages, S9F11 for a message over
 *  #LIION_LIMIT_MAX_MESSAGE_BYTES. */
#define LIION_HSMS_OPT_EQUIPMENT (1u << 1)
/** Accept the relaxations of #LIION_HSMS_STREAM_LENIENT (nonzero unused header bytes, a
 *  Linktest session ID other than 0xFFFF). */
#define LIION_HSMS_OPT_LENIENT (1u << 2)
/** Check the body of every received primary message as one well-formed SECS-II item (with the
 *  context's depth, item and size limits; steady state allocates nothing) before delivering it;
 *  a bad one is reported (#LIION_HSMS_ERR_ILLEGAL_DATA) and answered with S9F7 by the
 *  equipment. */
#define LIION_HSMS_OPT_CHECK_BODY (1u << 3)
/** @} */

/**
 * @brief Session options. Zero in any field means its default.
 *
 * An input struct with a size first: set @c struct_size to `sizeof(liion_hsms_options)`
 * (liion_hsms_options_init() does). Timer values are milliseconds.
 */
typedef struct liion_hsms_options {
    /** Size of this struct as the caller compiled it. */
    uint32_t struct_size;
    /** A #liion_hsms_role: 0 active (default), 1 passive. */
    uint32_t role;
    /** The session (device) ID of data messages, 0-32767 (default 0). */
    uint32_t session_id;
    /** `LIION_HSMS_OPT_*` bits. */
    uint32_t flags;
    /** T3 reply timeout, ms (default 45000). */
    uint32_t t3_ms;
    /** T5 connect separation, ms (default 10000). */
    uint32_t t5_ms;
    /** T6 control transaction timeout, ms (default 5000). */
    uint32_t t6_ms;
    /** T7 not-selected timeout, ms (default 10000). */
    uint32_t t7_ms;
    /** T8 inter-character timeout, ms (default 5000). */
    uint32_t t8_ms;
    /** Period of the automatic Linktest.req, ms; 0 (the default) sends none. */
    uint32_t linktest_ms;
} liion_hsms_options;

/**
 * @brief Fill @p opts with defaults (all zero) and set its @c struct_size.
 * @param[out] opts        the options; caller-owned.
 * @param      struct_size `sizeof(liion_hsms_options)` as the caller compiled it.
 * @return #LIION_OK; #LIION_E_INVALID_ARG (NULL, size smaller than the first field).
 */
LIION_API liion_status liion_hsms_options_init(liion_hsms_options *opts, uint32_t struct_size);

/**
 * @brief One session event, as liion_hsms_event_next() gives it.
 *
 * An output record with a size first: set @c struct_size to `sizeof(liion_hsms_event)`; the
 * library writes at most that many bytes. Fields that do not apply to @c type are zero.
 */
typedef struct liion_hsms_event {
    /** Size of this struct as the caller compiled it. */
    uint32_t struct_size;
    /** A #liion_hsms_event_type. */
    uint32_t type;
    /** The session state when the event was queued (after a state change). */
    uint32_t state;
    /** #LIION_HSMS_EV_STATE: the state before. */
    uint32_t prev_state;
    /** Timer, error, close reason, control status or reject reason (see the event type). */
    uint32_t code;
    /** #LIION_HSMS_ERR_MALFORMED, #LIION_HSMS_ERR_ILLEGAL_DATA: the decoder's #liion_status. */
    uint32_t status;
    /** The user tag given to liion_hsms_send_data() (reply, T3, rejected, aborted). */
    uint64_t user_tag;
    /** #LIION_HSMS_ERR_MALFORMED: stream offset of the fault (bytes since connecting);
     *  #LIION_HSMS_ERR_ILLEGAL_DATA: offset of the fault in the body. */
    uint64_t offset;
    /** System bytes of the message concerned. */
    uint32_t system_bytes;
    /** Session ID of the message concerned. */
    uint16_t session_id;
    /** SType of the message concerned (#liion_hsms_stype). */
    uint8_t stype;
    /** Stream of the data message concerned. */
    uint8_t stream;
    /** Function of the data message concerned. */
    uint8_t function;
    /** W-bit of the data message concerned. */
    uint8_t wbit;
    /** Reserved, zero. */
    uint8_t reserved[6];
    /** SECS-II body of a received data message: borrowed from the session, valid until the
     *  next call on it other than liion_hsms_event_next() and the getters; NULL when empty. */
    const uint8_t *body;
    /** Bytes at @c body. */
    size_t body_len;
} liion_hsms_event;

/**
 * @brief Create a session in state NOT CONNECTED.
 * @param[out] out  the session; caller owns it, free with liion_hsms_free(). NULL on failure.
 * @param      ctx  the context; borrowed, must outlive the session; errors are reported on it.
 * @param      opts options, borrowed for the call; NULL for all defaults.
 * @return #LIION_OK; #LIION_E_INVALID_ARG (NULL, bad role, session ID over 32767, unknown
 *         flag); #LIION_E_UNSUPPORTED (larger struct with a nonzero tail); #LIION_E_NOMEM.
 */
LIION_API liion_status liion_hsms_new(liion_hsms **out, liion_ctx *ctx,
                                      const liion_hsms_options *opts);

/** @brief Free a session. NULL is a no-op. */
LIION_API void liion_hsms_free(liion_hsms *h);

/** @brief The current #liion_hsms_state; #LIION_HSMS_NOT_CONNECTED for NULL. */
LIION_API liion_hsms_state liion_hsms_get_state(const liion_hsms *h);

/**
 * @brief The TCP connection is up: enter NOT SELECTED, start T7 and the linktest period; the
 *        active role queues Select.req (unless #LIION_HSMS_OPT_NO_AUTO_SELECT).
 * @param h      the session.
 * @param now_ms the current monotonic time, ms.
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_STATE (already connected); #LIION_E_NOMEM.
 */
LIION_API liion_status liion_hsms_connected(liion_hsms *h, uint64_t now_ms);

/**
 * @brief The TCP connection is gone (closed by the peer or by the application): enter NOT
 *        CONNECTED, drop unsent bytes and partial input, end every open transaction
 *        (#LIION_HSMS_EV_ABORTED) and start T5. Harmless when already NOT CONNECTED.
 * @param h      the session.
 * @param now_ms the current monotonic time, ms.
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_NOMEM (events could not be queued).
 */
LIION_API liion_status liion_hsms_disconnected(liion_hsms *h, uint64_t now_ms);

/**
 * @brief Earliest time at which the active role should try to connect again (the last
 *        disconnect plus T5); 0 before any disconnect or for NULL. The session does not
 *        enforce it.
 */
LIION_API uint64_t liion_hsms_connect_time(const liion_hsms *h);

/**
 * @brief Feed received bytes, in chunks of any size. Every complete frame is handled at
 *        once: answered (Select.rsp, Linktest.rsp, Reject.req, ...) and/or reported as events.
 *
 * A protocol fault of the peer is not an error of this call: it becomes an event. After a
 * malformed frame the session closes the connection (#LIION_HSMS_EV_CLOSE) and ignores the
 * rest of @p data.
 *
 * @param h      the session.
 * @param data   bytes; borrowed for the call (bodies are copied into events).
 * @param len    bytes at @p data.
 * @param now_ms the current monotonic time, ms (restarts T8).
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_STATE (NOT CONNECTED); #LIION_E_NOMEM
 *         (the connection is then closed as well).
 */
LIION_API liion_status liion_hsms_feed(liion_hsms *h, const uint8_t *data, size_t len,
                                       uint64_t now_ms);

/**
 * @brief Run the timers: T3, T6, T7, T8 and the linktest period. Call it at
 *        liion_hsms_next_deadline() (calling earlier or more often is harmless).
 * @param h      the session.
 * @param now_ms the current monotonic time, ms.
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_hsms_tick(liion_hsms *h, uint64_t now_ms);

/** @brief Time (ms) of the next timer; UINT64_MAX when none runs or for NULL. */
LIION_API uint64_t liion_hsms_next_deadline(const liion_hsms *h);

/**
 * @brief Queue a data message. With @p wbit 1 a transaction opens with T3 running; its reply
 *        comes back as #LIION_HSMS_EV_REPLY carrying @p user_tag.
 * @param[out] system_bytes the system bytes allocated (never 0, never one in use); may be NULL.
 * @param      h        the session; must be SELECTED.
 * @param      stream   stream, 0-127.
 * @param      function function; a primary (odd) one when @p wbit is 1.
 * @param      wbit     1 when a reply is expected, else 0.
 * @param      body     SECS-II body bytes (e.g. from liion_secs_item_encode()); borrowed for
 *                      the call; NULL when @p body_len is 0.
 * @param      body_len bytes at @p body.
 * @param      user_tag any value, handed back with the reply, timeout or abort.
 * @param      now_ms   the current monotonic time, ms.
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_STATE (not SELECTED); #LIION_E_RANGE;
 *         #LIION_E_NOMEM.
 */
LIION_API liion_status liion_hsms_send_data(uint32_t *system_bytes, liion_hsms *h,
                                            uint8_t stream, uint8_t function, uint8_t wbit,
                                            const uint8_t *body, size_t body_len,
                                            uint64_t user_tag, uint64_t now_ms);

/**
 * @brief Queue the reply to a received primary message (the event's system bytes).
 * @param h            the session; must be SELECTED.
 * @param system_bytes the primary's system bytes.
 * @param stream       stream, 0-127 (the primary's).
 * @param function     function (the primary's + 1, or 0 to abort the transaction).
 * @param body         SECS-II body bytes; borrowed for the call; NULL when @p body_len is 0.
 * @param body_len     bytes at @p body.
 * @return as liion_hsms_send_data().
 */
LIION_API liion_status liion_hsms_reply(liion_hsms *h, uint32_t system_bytes, uint8_t stream,
                                        uint8_t function, const uint8_t *body,
                                        size_t body_len);

/**
 * @brief Queue an S9Fx error message whose body is `<B[10]>` holding the 10 header bytes
 *        (MHEAD / SHEAD) of @p about: S9F1 unknown device ID, F3 unknown stream, F5 unknown
 *        function, F7 illegal data, F9 T3 timeout, F11 data too long.
 * @param[out] system_bytes the system bytes allocated; may be NULL.
 * @param      h        the session; must be SELECTED.
 * @param      function 1, 3, 5, 7, 9 or 11.
 * @param      about    the header of the message concerned; borrowed for the call.
 * @return as liion_hsms_send_data(); #LIION_E_INVALID_ARG for another function.
 */
LIION_API liion_status liion_hsms_send_s9(uint32_t *system_bytes, liion_hsms *h,
                                          uint8_t function, const liion_hsms_header *about);

/**
 * @brief Declare a primary message this side handles. Until the first call every data message
 *        is delivered. After it, a received primary message that is not declared is not
 *        delivered: it is reported (#LIION_HSMS_ERR_UNKNOWN_STREAM or
 *        #LIION_HSMS_ERR_UNKNOWN_FUNCTION) and answered with S9F3 / S9F5 by the equipment
 *        (#LIION_HSMS_OPT_EQUIPMENT), or with SxF0 (transaction aborted) by the host when it
 *        carries the W-bit. Replies (even functions) are never filtered.
 * @param h         the session.
 * @param stream    stream, 0-127.
 * @param function  a primary (odd) function.
 * @param supported 1 to declare it, 0 to take it back.
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_NOMEM (the 4 KiB table is allocated on
 *         the first call).
 */
LIION_API liion_status liion_hsms_set_supported(liion_hsms *h, uint8_t stream, uint8_t function,
                                                int supported);

/**
 * @brief Queue Select.req (NOT SELECTED, no control transaction open); T6 runs.
 * @param h the session. @param now_ms the current time, ms.
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_STATE; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_hsms_select(liion_hsms *h, uint64_t now_ms);

/**
 * @brief Queue Deselect.req (SELECTED, no control transaction open); T6 runs.
 * @param h the session. @param now_ms the current time, ms.
 * @return as liion_hsms_select().
 */
LIION_API liion_status liion_hsms_deselect(liion_hsms *h, uint64_t now_ms);

/**
 * @brief Queue Linktest.req (connected, no control transaction open); T6 runs.
 * @param h the session. @param now_ms the current time, ms.
 * @return as liion_hsms_select().
 */
LIION_API liion_status liion_hsms_linktest(liion_hsms *h, uint64_t now_ms);

/**
 * @brief Queue Separate.req (SELECTED) and end the connection (#LIION_HSMS_EV_CLOSE).
 * @param h the session. @param now_ms the current time, ms.
 * @return as liion_hsms_select().
 */
LIION_API liion_status liion_hsms_separate(liion_hsms *h, uint64_t now_ms);

/** @brief Bytes waiting to be written to the socket; 0 for NULL. */
LIION_API size_t liion_hsms_out_pending(const liion_hsms *h);

/**
 * @brief Copy up to @p cap waiting bytes into @p buf and drop them from the queue (a partial
 *        take is fine, like a short socket write).
 * @param[out] buf     the caller's buffer; may be NULL when @p cap is 0.
 * @param      cap     bytes available at @p buf.
 * @param[out] written bytes copied.
 * @param      h       the session.
 * @return #LIION_OK; #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_hsms_out_take(uint8_t *buf, size_t cap, size_t *written,
                                           liion_hsms *h);

/**
 * @brief Zero-copy view of the waiting bytes; pair with liion_hsms_out_consume().
 * @param[out] data borrowed, valid until the next call on @p h other than getters; NULL when
 *                  nothing waits.
 * @param[out] len  bytes at @p data.
 * @param      h    the session.
 * @return #LIION_OK; #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_hsms_out_peek(const uint8_t **data, size_t *len, liion_hsms *h);

/**
 * @brief Drop @p n bytes written from the front of the queue.
 * @param h the session. @param n bytes written, at most liion_hsms_out_pending().
 * @return #LIION_OK; #LIION_E_INVALID_ARG (NULL, @p n too large).
 */
LIION_API liion_status liion_hsms_out_consume(liion_hsms *h, size_t n);

/** @brief Events waiting in the queue; 0 for NULL. */
LIION_API size_t liion_hsms_event_count(const liion_hsms *h);

/**
 * @brief Take the next event.
 * @param[out] ev the event; the caller sets @c struct_size first. @c type is
 *                #LIION_HSMS_EV_NONE when the queue is empty.
 * @param      h  the session.
 * @return #LIION_OK; #LIION_E_INVALID_ARG (NULL, @c struct_size under 8).
 */
LIION_API liion_status liion_hsms_event_next(liion_hsms_event *ev, liion_hsms *h);

/** @brief Data transactions open (waiting for their reply); 0 for NULL. */
LIION_API size_t liion_hsms_open_transactions(const liion_hsms *h);

/** @brief Name of a state, e.g. "SELECTED"; static, never NULL. */
LIION_API const char *liion_hsms_state_str(liion_hsms_state state);

/** @brief Name of an event type, e.g. "reply"; static, never NULL. */
LIION_API const char *liion_hsms_event_type_str(liion_hsms_event_type type);

/* ---- GEM (E30) state models ----------------------------------------------------------- */

/** GEM control state (E30); the values are those of the CONTROLSTATE status variable. */
typedef enum liion_gem_control_state {
    LIION_GEM_EQUIPMENT_OFFLINE = 1, /**< OFFLINE / EQUIPMENT OFF-LINE. */
    LIION_GEM_ATTEMPT_ONLINE = 2,    /**< OFFLINE / ATTEMPT ON-LINE: S1F1 sent, waiting for S1F2. */
    LIION_GEM_HOST_OFFLINE = 3,      /**< OFFLINE / HOST OFF-LINE: the host may bring it online (S1F17). */
    LIION_GEM_ONLINE_LOCAL = 4,      /**< ONLINE / LOCAL: remote commands refused. */
    LIION_GEM_ONLINE_REMOTE = 5,     /**< ONLINE / REMOTE: the host controls the equipment. */
    LIION_GEM_CONTROL_STATE__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a state. */
} liion_gem_control_state;

/** Events of the control state model (liion_gem_control_apply()). */
typedef enum liion_gem_control_event {
    LIION_GEM_CTL_OPERATOR_ONLINE = 1,  /**< Operator switch to online: EQUIPMENT OFFLINE -> ATTEMPT ONLINE (send S1F1). */
    LIION_GEM_CTL_S1F2_RECEIVED = 2,    /**< S1F2 answered the S1F1: ATTEMPT ONLINE -> ONLINE (LOCAL or REMOTE per the switch). */
    LIION_GEM_CTL_S1F1_FAILED = 3,      /**< S1F1 timed out or got S1F0: ATTEMPT ONLINE -> EQUIPMENT OFFLINE, or HOST
                                             OFFLINE with #LIION_GEM_CONTROL_FAIL_TO_HOST_OFFLINE. */
    LIION_GEM_CTL_OPERATOR_OFFLINE = 4, /**< Operator switch to offline: ONLINE or HOST OFFLINE -> EQUIPMENT OFFLINE. */
    LIION_GEM_CTL_OPERATOR_LOCAL = 5,   /**< Operator sets LOCAL: ONLINE REMOTE -> ONLINE LOCAL; elsewhere only recorded. */
    LIION_GEM_CTL_OPERATOR_REMOTE = 6,  /**< Operator sets REMOTE: ONLINE LOCAL -> ONLINE REMOTE; elsewhere only recorded. */
    LIION_GEM_CTL_HOST_OFFLINE = 7,     /**< S1F15 accepted (OFLACK 0): ONLINE -> HOST OFFLINE. */
    LIION_GEM_CTL_HOST_ONLINE = 8,      /**< S1F17 accepted (ONLACK 0): HOST OFFLINE -> ONLINE. */
    LIION_GEM_CONTROL_EVENT__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not an event. */
} liion_gem_control_event;

/** liion_gem_control_new() flag: a failed attempt to go online ends in HOST OFFLINE, not EQUIPMENT OFFLINE. */
#define LIION_GEM_CONTROL_FAIL_TO_HOST_OFFLINE (1u << 0)
/** liion_gem_control_new() flag: the LOCAL/REMOTE switch starts at REMOTE (default LOCAL). */
#define LIION_GEM_CONTROL_REMOTE (1u << 1)

/** Opaque GEM control state model; create with liion_gem_control_new(). */
typedef struct liion_gem_control liion_gem_control;

/**
 * @brief Create a control state model.
 * @param[out] out     the model; caller owns it, free with liion_gem_control_free(). NULL on failure.
 * @param      ctx     the context; borrowed, must outlive the model.
 * @param      initial the initial state (E30 configures it): any #liion_gem_control_state but
 *                     ATTEMPT ONLINE; ONLINE LOCAL and ONLINE REMOTE also set the switch.
 * @param      flags   `LIION_GEM_CONTROL_*` bits.
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_gem_control_new(liion_gem_control **out, liion_ctx *ctx,
                                             liion_gem_control_state initial, uint32_t flags);

/** @brief Free a control state model. NULL is a no-op. */
LIION_API void liion_gem_control_free(liion_gem_control *c);

/** @brief The current state; 0 for NULL. */
LIION_API liion_gem_control_state liion_gem_control_get_state(const liion_gem_control *c);

/**
 * @brief Apply an event.
 * @param c  the model.
 * @param ev the event.
 * @return #LIION_OK (the state may or may not have changed: compare liion_gem_control_get_state());
 *         #LIION_E_STATE (the event is not allowed in the current state: the message names
 *         both; nothing changes); #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_gem_control_apply(liion_gem_control *c, liion_gem_control_event ev);

/**
 * @brief Answer a received S1F17 (request online): ONLACK 0 and the transition to ONLINE
 *        from HOST OFFLINE; 2 (already online) when online; 1 (not allowed) otherwise.
 * @param[out] onlack the ONLACK to send in S1F18.
 * @param      c      the model.
 * @return #LIION_OK; #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_gem_control_on_s1f17(uint8_t *onlack, liion_gem_control *c);

/**
 * @brief Answer a received S1F15 (request offline): OFLACK 0 and the transition to HOST
 *        OFFLINE when online. E30 defines no refusal code; when not online the answer is
 *        still 0 and nothing changes.
 * @param[out] oflack the OFLACK to send in S1F16.
 * @param      c      the model.
 * @return #LIION_OK; #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_gem_control_on_s1f15(uint8_t *oflack, liion_gem_control *c);

/** @brief Name of a control state, e.g. "ONLINE REMOTE"; static, never NULL. */
LIION_API const char *liion_gem_control_state_str(liion_gem_control_state state);

/** GEM communication state (E30 communication state model, flattened). */
typedef enum liion_gem_comm_state {
    LIION_GEM_COMM_DISABLED = 1,          /**< DISABLED. */
    LIION_GEM_COMM_WAIT_CRA = 2,          /**< ENABLED / NOT COMMUNICATING / WAIT CRA: S1F13 sent. */
    LIION_GEM_COMM_WAIT_DELAY = 3,        /**< ENABLED / NOT COMMUNICATING / WAIT DELAY: retry later. */
    LIION_GEM_COMM_COMMUNICATING = 4,     /**< ENABLED / COMMUNICATING. */
    LIION_GEM_COMM_WAIT_CR_FROM_HOST = 5, /**< ENABLED / NOT COMMUNICATING, host-initiated only: waiting for S1F13. */
    LIION_GEM_COMM_STATE__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a state. */
} liion_gem_comm_state;

/** Events of the communication state model (liion_gem_comm_apply()). */
typedef enum liion_gem_comm_event {
    LIION_GEM_COMM_ENABLE = 1,           /**< DISABLED -> WAIT CRA (send S1F13), or WAIT CR FROM HOST. */
    LIION_GEM_COMM_DISABLE = 2,          /**< any -> DISABLED. */
    LIION_GEM_COMM_CR_FAILED = 3,        /**< Our S1F13 failed (T3, S1F0, COMMACK not 0): WAIT CRA -> WAIT DELAY. */
    LIION_GEM_COMM_DELAY_EXPIRED = 4,    /**< The retry delay ran out: WAIT DELAY -> WAIT CRA (send S1F13). */
    LIION_GEM_COMM_MESSAGE_RECEIVED = 5, /**< A message other than S1F13 in WAIT DELAY -> WAIT CRA (send S1F13);
                                              ignored in the other states. */
    LIION_GEM_COMM_CRA_RECEIVED = 6,     /**< S1F14 with COMMACK 0 answered our S1F13: WAIT CRA -> COMMUNICATING. */
    LIION_GEM_COMM_CR_RECEIVED = 7,      /**< The peer's S1F13 was answered with COMMACK 0: -> COMMUNICATING. */
    LIION_GEM_COMM_FAILED = 8,           /**< Connection lost: COMMUNICATING -> WAIT CRA (or WAIT CR FROM HOST). */
    LIION_GEM_COMM_EVENT__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not an event. */
} liion_gem_comm_event;

/** liion_gem_comm_new() flag: never send S1F13, wait for the host's (WAIT CR FROM HOST). */
#define LIION_GEM_COMM_HOST_INITIATED (1u << 0)
/** liion_gem_comm_new() flag: start ENABLED (WAIT CRA or WAIT CR FROM HOST) instead of DISABLED. */
#define LIION_GEM_COMM_START_ENABLED (1u << 1)

/** Opaque GEM communication state model; create with liion_gem_comm_new(). */
typedef struct liion_gem_comm liion_gem_comm;

/**
 * @brief Create a communication state model.
 * @param[out] out   the model; caller owns it, free with liion_gem_comm_free(). NULL on failure.
 * @param      ctx   the context; borrowed, must outlive the model.
 * @param      flags `LIION_GEM_COMM_HOST_INITIATED`, `LIION_GEM_COMM_START_ENABLED`.
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_gem_comm_new(liion_gem_comm **out, liion_ctx *ctx, uint32_t flags);

/** @brief Free a communication state model. NULL is a no-op. */
LIION_API void liion_gem_comm_free(liion_gem_comm *c);

/** @brief The current state; 0 for NULL. */
LIION_API liion_gem_comm_state liion_gem_comm_get_state(const liion_gem_comm *c);

/**
 * @brief Apply an event.
 * @param c  the model.
 * @param ev the event.
 * @return #LIION_OK; #LIION_E_STATE (not allowed in the current state: the message names
 *         both; nothing changes); #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_gem_comm_apply(liion_gem_comm *c, liion_gem_comm_event ev);

/** @brief Name of a communication state, e.g. "COMMUNICATING"; static, never NULL. */
LIION_API const char *liion_gem_comm_state_str(liion_gem_comm_state state);

/* ---- GEM message bodies ------------------------------------------------------------------ */

/**
 * @brief Encode an S1F13 body: `L[2] <A MDLN> <A SOFTREV>` (equipment) or `L[0]` (host, when
 *        @p mdln is NULL).
 * @param[out] buf         output; may be NULL when @p cap is 0.
 * @param      cap         bytes at @p buf.
 * @param[out] written     bytes written; on #LIION_E_BUFFER_TOO_SMALL the bytes needed.
 * @param      ctx         the context.
 * @param      mdln        model name (borrowed), or NULL for the host form.
 * @param      mdln_len    bytes of @p mdln.
 * @param      softrev     software revision (borrowed); ignored when @p mdln is NULL.
 * @param      softrev_len bytes of @p softrev.
 * @return #LIION_OK; #LIION_E_BUFFER_TOO_SMALL; #LIION_E_INVALID_ARG; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_gem_s1f13_encode(uint8_t *buf, size_t cap, size_t *written,
                                              liion_ctx *ctx, const char *mdln, size_t mdln_len,
                                              const char *softrev, size_t softrev_len);

/**
 * @brief Encode an S1F14 body: `L[2] <B COMMACK> L[2] <A MDLN> <A SOFTREV>`, or with `L[0]`
 *        as the second element (host form, when @p mdln is NULL).
 * @param[out] buf         output; may be NULL when @p cap is 0.
 * @param      cap         bytes at @p buf.
 * @param[out] written     bytes written; on #LIION_E_BUFFER_TOO_SMALL the bytes needed.
 * @param      ctx         the context.
 * @param      commack     0 accepted, 1 denied.
 * @param      mdln        model name (borrowed), or NULL for the host form.
 * @param      mdln_len    bytes of @p mdln.
 * @param      softrev     software revision (borrowed); ignored when @p mdln is NULL.
 * @param      softrev_len bytes of @p softrev.
 * @return as liion_gem_s1f13_encode().
 */
LIION_API liion_status liion_gem_s1f14_encode(uint8_t *buf, size_t cap, size_t *written,
                                              liion_ctx *ctx, uint8_t commack, const char *mdln,
                                              size_t mdln_len, const char *softrev,
                                              size_t softrev_len);

/**
 * @brief Check an S1F13 body: `L[0]` or `L[2] <A> <A>`.
 * @param[out] has_ids 1 for the `L[2]` (equipment) form, 0 for `L[0]`. May be NULL.
 * @param      ctx     the context (error message and offset).
 * @param      body    the body; borrowed.
 * @param      len     bytes at @p body.
 * @return #LIION_OK; #LIION_E_DECODE (another shape: the message says which part);
 *         decode errors of liion_secs_item_decode().
 */
LIION_API liion_status liion_gem_s1f13_decode(int *has_ids, liion_ctx *ctx, const uint8_t *body,
                                              size_t len);

/**
 * @brief Parse an S1F14 body and return its COMMACK.
 * @param[out] commack the COMMACK byte.
 * @param      ctx     the context (error message and offset).
 * @param      body    the body; borrowed.
 * @param      len     bytes at @p body.
 * @return as liion_gem_s1f13_decode().
 */
LIION_API liion_status liion_gem_s1f14_decode(uint8_t *commack, liion_ctx *ctx,
                                              const uint8_t *body, size_t len);

/**
 * @brief Encode a one-byte acknowledge body `<B ack>`: S1F16 OFLACK, S1F18 ONLACK, S6F12
 *        ACKC6, S2F34 DRACK, S2F36 LRACK, S2F38 ERACK, ...
 * @param[out] buf     output (3 bytes are needed); may be NULL when @p cap is 0.
 * @param      cap     bytes at @p buf.
 * @param[out] written bytes written, or 3 on #LIION_E_BUFFER_TOO_SMALL.
 * @param      ctx     the context.
 * @param      ack     the code.
 * @return #LIION_OK; #LIION_E_BUFFER_TOO_SMALL; #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_gem_ack_encode(uint8_t *buf, size_t cap, size_t *written,
                                            liion_ctx *ctx, uint8_t ack);

/**
 * @brief Parse a one-byte acknowledge body `<B ack>` (a 1-byte U1 is accepted as well).
 * @param[out] ack  the code.
 * @param      ctx  the context (error message and offset).
 * @param      body the body; borrowed.
 * @param      len  bytes at @p body.
 * @return #LIION_OK; #LIION_E_DECODE (another shape, trailing bytes); decode errors of
 *         liion_secs_item_decode(); #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_gem_ack_decode(uint8_t *ack, liion_ctx *ctx, const uint8_t *body,
                                            size_t len);

/** @} */

LIION_END_DECLS

#endif /* LIION_GEM_H */
