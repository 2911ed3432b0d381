/**
 * @file liion/common.h
 * @brief Export macros, the status type and the allocator hooks shared by every module.
 */
#ifndef LIION_COMMON_H
#define LIION_COMMON_H

#include <stddef.h>
#include <stdint.h>

/** @cond LIION_INTERNAL_MACROS */
#if defined(_WIN32) || defined(__CYGWIN__)
#  if defined(LIION_BUILDING_SHARED)
#    define LIION_API __declspec(dllexport)
#  elif defined(LIION_SHARED)
#    define LIION_API __declspec(dllimport)
#  else
#    define LIION_API
#  endif
#elif defined(__GNUC__) || defined(__clang__)
#  define LIION_API __attribute__((visibility("default")))
#else
#  define LIION_API
#endif

#if defined(__GNUC__) || defined(__clang__)
#  define LIION_DEPRECATED(msg) __attribute__((deprecated(msg)))
#elif defined(_MSC_VER)
#  define LIION_DEPRECATED(msg) __declspec(deprecated(msg))
#else
#  define LIION_DEPRECATED(msg)
#endif

#ifdef __cplusplus
#  define LIION_BEGIN_DECLS extern "C" {
#  define LIION_END_DECLS }
#else
#  define LIION_BEGIN_DECLS
#  define LIION_END_DECLS
#endif
/** @endcond */

LIION_BEGIN_DECLS

/**
 * @defgroup liion_common Common types
 * @brief Status codes and allocator hooks used by every module.
 * @{
 */

/**
 * @brief Result of every fallible libliion function.
 *
 * `LIION_OK` is zero; errors are positive. Values 1-99 are stable and never renumbered or
 * reused; new codes are appended. The handle the call was made on holds an English message
 * (liion_ctx_errmsg()) and, for decoders, the byte offset of the fault
 * (liion_ctx_error_offset()). liion_status_str() gives a fixed text for any value.
 */
typedef enum liion_status {
    LIION_OK = 0,                 /**< Success. */
    LIION_E_INVALID_ARG = 1,      /**< A NULL handle, a NULL buffer with a nonzero length, or an out-of-range argument. */
    LIION_E_NOMEM = 2,            /**< An allocation failed or would pass the context's memory cap. */
    LIION_E_BUFFER_TOO_SMALL = 3, /**< The caller's output buffer is too small; the needed size is reported. */
    LIION_E_UNSUPPORTED = 4,      /**< A feature, option or struct size this build does not support. */
    LIION_E_MISUSE = 5,           /**< A wrong, freed or foreign handle was passed. */
    LIION_E_LIMIT = 6,            /**< Input passed one of the context's limits (depth, items, bytes). */
    LIION_E_DECODE = 7,           /**< Input bytes are malformed. */
    LIION_E_TRUNCATED = 8,        /**< Input ended before a complete value or message. */
    LIION_E_NOT_FOUND = 9,        /**< The named object does not exist. */
    LIION_E_EXISTS = 10,          /**< An object with that identity already exists. */
    LIION_E_STATE = 11,           /**< The call is not valid in the object's current state. */
    LIION_E_IO = 12,              /**< An operating-system I/O call failed. */
    LIION_E_CORRUPT = 13,         /**< Stored data failed an integrity check. */
    LIION_E_RANGE = 14,           /**< A value is outside the range its type or field allows. */
    LIION_STATUS__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; never returned. */
} liion_status;

/**
 * @brief Allocator hooks, set per context in liion_ctx_options::allocator.
 *
 * Every allocation libliion makes for a context goes through these functions, with the block
 * size passed back on realloc and free so that arena and accounting allocators need no header.
 * All three function pointers NULL means the C library's malloc family. Either all three are
 * set or none is.
 */
typedef struct liion_allocator {
    /** Size of this struct as the caller compiled it: set it to `sizeof(liion_allocator)`. */
    uint32_t struct_size;
    /** Reserved, must be zero. */
    uint32_t reserved;
    /** Returns a block of at least @p size bytes aligned for any type, or NULL. */
    void *(*alloc)(void *user, size_t size);
    /** Resizes @p ptr (of @p old_size bytes) to @p new_size bytes; NULL on failure, leaving @p ptr valid. */
    void *(*realloc)(void *user, void *ptr, size_t old_size, size_t new_size);
    /** Releases @p ptr, a block of @p size bytes. Never called with NULL. */
    void (*free)(void *user, void *ptr, size_t size);
    /** Passed as the first argument of each hook. */
    void *user;
} liion_allocator;

/**
 * @brief Fixed English text for a status code.
 *
 * Works for any value, including unknown ones ("unknown status"). Use it when no handle exists
 * (for example after a failed constructor); otherwise prefer liion_ctx_errmsg(), which says
 * what went wrong in detail.
 *
 * @param status any value.
 * @return static text, never NULL.
 */
LIION_API const char *liion_status_str(liion_status status);

/** @} */

LIION_END_DECLS

#endif /* LIION_COMMON_H */
