/*
 * Private to libliion: the context's definition and the helpers every module uses to allocate,
 * report errors and log through it. Never installed, never included from include/.
 */
#ifndef LIION__CORE_H
#define LIION__CORE_H

#include <liion/liion.h>
#include <stdarg.h>
#include <stdbool.h>

#if defined(__GNUC__) || defined(__clang__)
#  define LIION__PRINTF(f, a) __attribute__((format(printf, f, a)))
#  define LIION__LIKELY(x) __builtin_expect(!!(x), 1)
#  define LIION__UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#  define LIION__PRINTF(f, a)
#  define LIION__LIKELY(x) (x)
#  define LIION__UNLIKELY(x) (x)
#endif

/* Magic words kept in each live handle; a freed one is overwritten with LIION__MAGIC_DEAD. */
#define LIION__MAGIC_CTX 0x6c69696fu /* "liio" */
#define LIION__MAGIC_DEAD 0xdeadc0deu

#define LIION__ERRMSG_CAP 256

struct liion_ctx {
    uint32_t magic;
    uint32_t log_level;
    liion_allocator mem;
    uint64_t mem_used;
    uint64_t mem_peak;
    uint64_t max_memory;
    uint64_t max_depth;
    uint64_t max_items;
    uint64_t max_message_bytes;
    liion_log_fn log;
    void *log_user;
    liion_status err;
    size_t err_offset;
    char errmsg[LIION__ERRMSG_CAP];
};

/* Validate a handle at a public entry point and clear its error state.
 * Returns LIION_OK, LIION_E_INVALID_ARG (NULL) or LIION_E_MISUSE (bad magic). */
liion_status liion__ctx_enter(liion_ctx *ctx);

/* True if ctx is a live context (used by getters that must not touch error state). */
bool liion__ctx_valid(const liion_ctx *ctx);

/* Allocation through the context: counted against max_memory. On failure the context's error
 * is set to LIION_E_NOMEM with the size asked for, and NULL is returned; the caller returns
 * LIION_E_NOMEM. Zero-size requests are refused (NULL, no error set): callers never need them. */
void *liion__alloc(liion_ctx *ctx, size_t size);
void *liion__calloc(liion_ctx *ctx, size_t count, size_t size);
void *liion__realloc(liion_ctx *ctx, void *ptr, size_t old_size, size_t new_size);
void liion__free(liion_ctx *ctx, void *ptr, size_t size);
/* Like liion__realloc of a non-NULL block, but a refusal (NULL, ptr still valid) leaves the
 * context's error state and log untouched: for optional growth the caller can do without. */
void *liion__realloc_try(liion_ctx *ctx, void *ptr, size_t old_size, size_t new_size);
/* Bytes that may still be allocated before the memory cap (SIZE_MAX without a cap). */
size_t liion__mem_headroom(const liion_ctx *ctx);
/* Growth rule shared by every container: the capacity to move to from cur when need bytes
 * are needed: at least min, doubling, but clipped to what the memory cap still allows (a
 * capped container can fill its cap instead of failing at half of it). */
size_t liion__grow_cap(const liion_ctx *ctx, size_t cur, size_t need, size_t min);
/* Copy of a byte string plus a terminating NUL (len + 1 bytes allocated). */
char *liion__strndup(liion_ctx *ctx, const char *s, size_t len);

/* Record an error on the context and return status. The message is formatted into a fixed
 * buffer (no allocation), and also sent to the log callback at LIION_LOG_ERROR. */
liion_status liion__error(liion_ctx *ctx, liion_status status, const char *fmt, ...)
    LIION__PRINTF(3, 4);
/* Same, for decoders: also records the byte offset of the fault. */
liion_status liion__error_at(liion_ctx *ctx, liion_status status, size_t offset, const char *fmt,
                             ...) LIION__PRINTF(4, 5);

/* Emit a log record if a callback is set at or above that level. */
void liion__log(liion_ctx *ctx, liion_log_level level, const char *fmt, ...) LIION__PRINTF(3, 4);

/* Overflow-checked size arithmetic: return false on overflow. */
static inline bool liion__size_mul(size_t a, size_t b, size_t *out)
{
#if defined(__GNUC__) || defined(__clang__)
    return !__builtin_mul_overflow(a, b, out);
#else
    if (b != 0 && a > (size_t)-1 / b)
        return false;
    *out = a * b;
    return true;
#endif
}

static inline bool liion__size_add(size_t a, size_t b, size_t *out)
{
    if (a > (size_t)-1 - b)
        return false;
    *out = a + b;
    return true;
}

/* Shortest decimal text that reads back as exactly d (at most 17 significant digits; whole
 * numbers below 2^53 as plain digits; "inf", "-inf"), with '.' whatever the locale. Writes
 * at most cap bytes (32 are always enough) and returns the length. */
size_t liion__fmt_double(char *out, size_t cap, double d);

#endif /* LIION__CORE_H */
