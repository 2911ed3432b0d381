/**
 * @file liion/ctx.h
 * @brief The context: allocator, memory cap, decode limits, log callback and error state.
 */
#ifndef LIION_CTX_H
#define LIION_CTX_H

#include <liion/common.h>

LIION_BEGIN_DECLS

/**
 * @defgroup liion_ctx Context
 * @brief Every other handle is created from a context and inherits its allocator and limits.
 *
 * A context, and every object obtained from it, may be used by one thread at a time; it may
 * move between threads. Different contexts may be used concurrently.
 * @{
 */

/** Opaque context handle; create with liion_ctx_new(), free with liion_ctx_free(). */
typedef struct liion_ctx liion_ctx;

/** liion_ctx_error_offset() value when the last error has no byte offset. */
#define LIION_OFFSET_NONE ((size_t)-1)

/** Default for #LIION_LIMIT_MAX_DEPTH: OPC UA asks decoders to take at least 100 levels. */
#define LIION_DEFAULT_MAX_DEPTH 100u
/** Default for #LIION_LIMIT_MAX_ITEMS: items (list entries, array elements) in one decoded value. */
#define LIION_DEFAULT_MAX_ITEMS 1000000u
/** Default for #LIION_LIMIT_MAX_MESSAGE_BYTES: 32 MiB. A SECS-II message body holding one
 * item of the largest length (0xFFFFFF data bytes plus its 4-byte header) fits, with its HSMS
 * frame; set a tighter value for peers known to send less. */
#define LIION_DEFAULT_MAX_MESSAGE_BYTES (32u * 1024u * 1024u)

/**
 * @brief Limits a context enforces; read and set with liion_ctx_get_limit() / liion_ctx_set_limit().
 *
 * Every decoder in the library honours them and fails with #LIION_E_LIMIT (or #LIION_E_NOMEM
 * for the memory cap) and the byte offset of the fault instead of allocating without bound.
 */
typedef enum liion_limit {
    /** Bytes the context may hold allocated at once; 0 means no cap. Default 0. */
    LIION_LIMIT_MAX_MEMORY = 1,
    /** Nesting depth of one decoded value (lists, structures). Default #LIION_DEFAULT_MAX_DEPTH. */
    LIION_LIMIT_MAX_DEPTH = 2,
    /** Total items in one decoded value. Default #LIION_DEFAULT_MAX_ITEMS. */
    LIION_LIMIT_MAX_ITEMS = 3,
    /** Bytes of one message or encoded value. Default #LIION_DEFAULT_MAX_MESSAGE_BYTES. */
    LIION_LIMIT_MAX_MESSAGE_BYTES = 4,
    LIION_LIMIT__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a limit. */
} liion_limit;

/** Severity of a log record. A callback receives records at or above its threshold. */
typedef enum liion_log_level {
    LIION_LOG_ERROR = 1,   /**< An operation failed; the same text is in liion_ctx_errmsg(). */
    LIION_LOG_WARNING = 2, /**< Something was wrong but the operation went on (for example a cut journal tail). */
    LIION_LOG_INFO = 3,    /**< Notable events such as state changes. */
    LIION_LOG_DEBUG = 4,   /**< Detail for troubleshooting. */
    LIION_LOG_LEVEL__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a level. */
} liion_log_level;

/**
 * @brief Log callback. The library never writes to stdout or stderr; it calls this instead.
 *
 * @param user  the pointer given with the callback.
 * @param level severity of the record.
 * @param msg   UTF-8 text without a trailing newline; borrowed, valid only during the call.
 */
typedef void (*liion_log_fn)(void *user, liion_log_level level, const char *msg);

/**
 * @brief Options for liion_ctx_new(). Initialise with liion_ctx_options_init() or
 * #LIION_CTX_OPTIONS_INIT, then set only what you need: zero means "default" for every field.
 *
 * The library reads only the first @c struct_size bytes, so an application built against an
 * older, shorter struct keeps working; a longer struct than the library knows is accepted only
 * if the unknown tail is all zero bytes.
 */
typedef struct liion_ctx_options {
    /** Size of this struct as the caller compiled it (set by the init function or macro). */
    uint32_t struct_size;
    /** Reserved for flags; must be zero. */
    uint32_t flags;
    /** Allocator hooks, copied at creation; NULL means the C library's malloc family. Borrowed. */
    const liion_allocator *allocator;
    /** Initial #LIION_LIMIT_MAX_MEMORY; 0 means no cap. */
    uint64_t max_memory;
    /** Initial #LIION_LIMIT_MAX_DEPTH; 0 means the default. */
    uint64_t max_depth;
    /** Initial #LIION_LIMIT_MAX_ITEMS; 0 means the default. */
    uint64_t max_items;
    /** Initial #LIION_LIMIT_MAX_MESSAGE_BYTES; 0 means the default. */
    uint64_t max_message_bytes;
    /** Log callback, or NULL for none. */
    liion_log_fn log;
    /** Passed to @c log. */
    void *log_user;
    /** Least severe level passed to @c log; 0 means #LIION_LOG_WARNING. */
    uint32_t log_level;
    /** Reserved, must be zero. */
    uint32_t reserved;
} liion_ctx_options;

/** Initialiser for a `liion_ctx_options` variable: all defaults, with the size set. */
#define LIION_CTX_OPTIONS_INIT { (uint32_t)sizeof(liion_ctx_options), 0, NULL, 0, 0, 0, 0, NULL, NULL, 0, 0 }

/**
 * @brief Fill @p opts with defaults: zero every field and set @c struct_size.
 *
 * @param[out] opts        the caller's struct.
 * @param      struct_size `sizeof(liion_ctx_options)` as the caller compiled it; the library
 *                         writes exactly that many bytes.
 * @return #LIION_OK; #LIION_E_INVALID_ARG if @p opts is NULL or @p struct_size is smaller than
 *         the first field.
 */
LIION_API liion_status liion_ctx_options_init(liion_ctx_options *opts, uint32_t struct_size);

/**
 * @brief Create a context.
 *
 * @param[out] out  the new context; caller owns it, free with liion_ctx_free(). NULL on failure.
 * @param      opts options, or NULL for all defaults. Borrowed for the call only.
 * @return #LIION_OK; #LIION_E_INVALID_ARG (NULL @p out, a partial allocator, nonzero reserved
 *         fields, an unknown log level); #LIION_E_UNSUPPORTED (a struct larger than this library
 *         knows with a nonzero tail); #LIION_E_NOMEM (the allocator failed or @c max_memory is
 *         too small to hold the context itself). Use liion_status_str() for the text: there is
 *         no handle to ask.
 */
LIION_API liion_status liion_ctx_new(liion_ctx **out, const liion_ctx_options *opts);

/**
 * @brief Free a context. NULL is a no-op.
 *
 * Every object created from the context must be freed first: the context does not own them.
 */
LIION_API void liion_ctx_free(liion_ctx *ctx);

/**
 * @brief Message of the last failed call on @p ctx, or "no error" after a successful one.
 *
 * @return UTF-8 text, never NULL; borrowed, valid until the next call on @p ctx.
 *         A NULL @p ctx gives a fixed text.
 */
LIION_API const char *liion_ctx_errmsg(const liion_ctx *ctx);

/** @brief Status of the last call on @p ctx (#LIION_OK after a success); #LIION_E_INVALID_ARG for NULL. */
LIION_API liion_status liion_ctx_errcode(const liion_ctx *ctx);

/**
 * @brief Byte offset into the decoder's input where the last error was found.
 * @return the offset, or #LIION_OFFSET_NONE when the last error was not a decode fault.
 */
LIION_API size_t liion_ctx_error_offset(const liion_ctx *ctx);

/**
 * @brief Set one limit.
 *
 * Lowering #LIION_LIMIT_MAX_MEMORY below what is allocated now is allowed: later allocations
 * fail until usage drops under the cap. The depth, items and message-bytes limits must be at
 * least 1 (zero restores the default).
 *
 * @return #LIION_OK; #LIION_E_INVALID_ARG for an unknown limit.
 */
LIION_API liion_status liion_ctx_set_limit(liion_ctx *ctx, liion_limit limit, uint64_t value);

/** @brief Current value of one limit, or 0 for an unknown limit or a NULL context. */
LIION_API uint64_t liion_ctx_get_limit(const liion_ctx *ctx, liion_limit limit);

/**
 * @brief Set, replace or remove (NULL @p fn) the log callback.
 *
 * @param ctx       the context.
 * @param min_level least severe level delivered.
 * @param fn        the callback, or NULL to stop logging.
 * @param user      passed to @p fn; borrowed for as long as the callback is set.
 * @return #LIION_OK; #LIION_E_INVALID_ARG for an unknown level.
 */
LIION_API liion_status liion_ctx_set_log(liion_ctx *ctx, liion_log_level min_level,
                                         liion_log_fn fn, void *user);

/** @brief Bytes currently allocated through @p ctx (the context itself included); 0 for NULL. */
LIION_API uint64_t liion_ctx_memory_used(const liion_ctx *ctx);

/** @brief Highest value liion_ctx_memory_used() has reached; 0 for NULL. */
LIION_API uint64_t liion_ctx_memory_peak(const liion_ctx *ctx);

/** @} */

LIION_END_DECLS

#endif /* LIION_CTX_H */
