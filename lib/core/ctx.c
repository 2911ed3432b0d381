/* The context: allocator hooks and accounting, limits, error state and logging. */
#include "core/core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- default allocator: the C library's malloc family --------------------------------- */

static void *std_alloc(void *user, size_t size)
{
    (void)user;
    return malloc(size);
}

static void *std_realloc(void *user, void *ptr, size_t old_size, size_t new_size)
{
    (void)user;
    (void)old_size;
    return realloc(ptr, new_size);
}

static void std_free(void *user, void *ptr, size_t size)
{
    (void)user;
    (void)size;
    free(ptr);
}

/* ---- error state ----------------------------------------------------------------------- */

static void set_error_v(liion_ctx *ctx, liion_status status, size_t offset, const char *fmt,
                        va_list ap) LIION__PRINTF(4, 0);

static void set_error_v(liion_ctx *ctx, liion_status status, size_t offset, const char *fmt,
                        va_list ap)
{
    int n = vsnprintf(ctx->errmsg, sizeof ctx->errmsg, fmt, ap);
    if (n < 0)
        snprintf(ctx->errmsg, sizeof ctx->errmsg, "%s", liion_status_str(status));
    ctx->err = status;
    ctx->err_offset = offset;
    if (ctx->log && ctx->log_level >= (uint32_t)LIION_LOG_ERROR)
        ctx->log(ctx->log_user, LIION_LOG_ERROR, ctx->errmsg);
}

liion_status liion__error(liion_ctx *ctx, liion_status status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    set_error_v(ctx, status, LIION_OFFSET_NONE, fmt, ap);
    va_end(ap);
    return status;
}

liion_status liion__error_at(liion_ctx *ctx, liion_status status, size_t offset, const char *fmt,
                             ...)
{
    va_list ap;
    va_start(ap, fmt);
    set_error_v(ctx, status, offset, fmt, ap);
    va_end(ap);
    return status;
}

void liion__log(liion_ctx *ctx, liion_log_level level, const char *fmt, ...)
{
    char line[512];
    va_list ap;
    if (!ctx->log || (uint32_t)level > ctx->log_level)
        return;
    va_start(ap, fmt);
    if (vsnprintf(line, sizeof line, fmt, ap) < 0)
        line[0] = '\0';
    va_end(ap);
    ctx->log(ctx->log_user, level, line);
}

static void clear_error(liion_ctx *ctx)
{
    ctx->err = LIION_OK;
    ctx->err_offset = LIION_OFFSET_NONE;
    memcpy(ctx->errmsg, "no error", sizeof "no error");
}

bool liion__ctx_valid(const liion_ctx *ctx)
{
    return ctx != NULL && ctx->magic == LIION__MAGIC_CTX;
}

liion_status liion__ctx_enter(liion_ctx *ctx)
{
    if (ctx == NULL)
        return LIION_E_INVALID_ARG;
    if (ctx->magic != LIION__MAGIC_CTX)
        return LIION_E_MISUSE;
    clear_error(ctx);
    return LIION_OK;
}

/* ---- accounted allocation -------------------------------------------------------------- */

static bool within_cap(const liion_ctx *ctx, size_t more)
{
    if (ctx->max_memory == 0)
        return true;
    return ctx->mem_used <= ctx->max_memory && (uint64_t)more <= ctx->max_memory - ctx->mem_used;
}

static void account(liion_ctx *ctx, size_t more)
{
    ctx->mem_used += more;
    if (ctx->mem_used > ctx->mem_peak)
        ctx->mem_peak = ctx->mem_used;
}

static void *nomem(liion_ctx *ctx, size_t size)
{
    if (ctx->max_memory != 0 && !within_cap(ctx, size))
        liion__error(ctx, LIION_E_NOMEM,
                     "out of memory: %zu more bytes would pass the context's cap "
                     "(%llu of %llu bytes in use)",
                     size, (unsigned long long)ctx->mem_used,
                     (unsigned long long)ctx->max_memory);
    else
        liion__error(ctx, LIION_E_NOMEM, "out of memory: allocator refused %zu bytes", size);
    return NULL;
}

void *liion__alloc(liion_ctx *ctx, size_t size)
{
    void *p;
    if (size == 0)
        return NULL;
    if (!within_cap(ctx, size))
        return nomem(ctx, size);
    p = ctx->mem.alloc(ctx->mem.user, size);
    if (p == NULL)
        return nomem(ctx, size);
    account(ctx, size);
    return p;
}

void *liion__calloc(liion_ctx *ctx, size_t count, size_t size)
{
    size_t total;
    void *p;
    if (!liion__size_mul(count, size, &total)) {
        liion__error(ctx, LIION_E_NOMEM, "out of memory: %zu x %zu bytes overflows", count,
                     size);
        return NULL;
    }
    p = liion__alloc(ctx, total);
    if (p != NULL)
        memset(p, 0, total);
    return p;
}

void *liion__realloc_try(liion_ctx *ctx, void *ptr, size_t old_size, size_t new_size)
{
    void *p;
    if (ptr == NULL || new_size == 0)
        return NULL;
    if (new_size > old_size && !within_cap(ctx, new_size - old_size))
        return NULL;
    p = ctx->mem.realloc(ctx->mem.user, ptr, old_size, new_size);
    if (p == NULL)
        return NULL;
    if (new_size >= old_size)
        account(ctx, new_size - old_size);
    else
        ctx->mem_used -= old_size - new_size;
    return p;
}

void *liion__realloc(liion_ctx *ctx, void *ptr, size_t old_size, size_t new_size)
{
    void *p;
    if (ptr == NULL)
        return liion__alloc(ctx, new_size);
    if (new_size == 0)
        return NULL;
    p = liion__realloc_try(ctx, ptr, old_size, new_size);
    if (p == NULL)
        return nomem(ctx, new_size > old_size ? new_size - old_size : new_size);
    return p;
}

size_t liion__mem_headroom(const liion_ctx *ctx)
{
    uint64_t room;
    if (ctx->max_memory == 0)
        return SIZE_MAX;
    if (ctx->mem_used >= ctx->max_memory)
        return 0;
    room = ctx->max_memory - ctx->mem_used;
    return room > (uint64_t)SIZE_MAX ? SIZE_MAX : (size_t)room;
}

size_t liion__grow_cap(const liion_ctx *ctx, size_t cur, size_t need, size_t min)
{
    size_t want = cur > SIZE_MAX / 2 ? SIZE_MAX : cur * 2;
    size_t room = liion__mem_headroom(ctx);

    if (want < min)
        want = min;
    if (want < need)
        want = need;
    /* A resize gives back the cur bytes it replaces. */
    if (room != SIZE_MAX && !liion__size_add(room, cur, &room))
        room = SIZE_MAX;
    if (want > room && need <= room)
        want = room;
    return want;
}

void liion__free(liion_ctx *ctx, void *ptr, size_t size)
{
    if (ptr == NULL)
        return;
    ctx->mem.free(ctx->mem.user, ptr, size);
    ctx->mem_used -= size;
}

char *liion__strndup(liion_ctx *ctx, const char *s, size_t len)
{
    size_t total;
    char *p;
    if (!liion__size_add(len, 1, &total)) {
        liion__error(ctx, LIION_E_NOMEM, "out of memory: string of %zu bytes", len);
        return NULL;
    }
    p = liion__alloc(ctx, total);
    if (p == NULL)
        return NULL;
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

/* ---- public API ------------------------------------------------------------------------ */

LIION_API liion_status liion_ctx_options_init(liion_ctx_options *opts, uint32_t struct_size)
{
    if (opts == NULL || struct_size < sizeof(uint32_t))
        return LIION_E_INVALID_ARG;
    memset(opts, 0, struct_size);
    opts->struct_size = struct_size;
    return LIION_OK;
}

static bool tail_is_zero(const void *p, size_t from, size_t to)
{
    const unsigned char *b = p;
    for (size_t i = from; i < to; i++)
        if (b[i] != 0)
            return false;
    return true;
}

/* Copy the caller's struct of caller_size bytes into a zeroed struct of known_size bytes.
 * A longer caller struct is accepted only if its unknown tail is zero. */
static liion_status read_sized(void *dst, size_t known_size, const void *src, size_t caller_size)
{
    memset(dst, 0, known_size);
    if (caller_size > known_size) {
        if (!tail_is_zero(src, known_size, caller_size))
            return LIION_E_UNSUPPORTED;
        caller_size = known_size;
    }
    memcpy(dst, src, caller_size);
    return LIION_OK;
}

LIION_API liion_status liion_ctx_new(liion_ctx **out, const liion_ctx_options *opts)
{
    liion_ctx_options o;
    liion_allocator mem = { sizeof(liion_allocator), 0, std_alloc, std_realloc, std_free, NULL };
    liion_ctx *ctx;
    liion_status st;

    if (out == NULL)
        return LIION_E_INVALID_ARG;
    *out = NULL;

    memset(&o, 0, sizeof o);
    if (opts != NULL) {
        if (opts->struct_size < sizeof(uint32_t))
            return LIION_E_INVALID_ARG;
        st = read_sized(&o, sizeof o, opts, opts->struct_size);
        if (st != LIION_OK)
            return st;
    }
    if (o.flags != 0 || o.reserved != 0 || o.log_level > (uint32_t)LIION_LOG_DEBUG)
        return LIION_E_INVALID_ARG;

    if (o.allocator != NULL) {
        liion_allocator a;
        if (o.allocator->struct_size < sizeof(uint32_t))
            return LIION_E_INVALID_ARG;
        st = read_sized(&a, sizeof a, o.allocator, o.allocator->struct_size);
        if (st != LIION_OK)
            return st;
        if (a.reserved != 0)
            return LIION_E_INVALID_ARG;
        if (a.alloc || a.realloc || a.free) {
            if (!a.alloc || !a.realloc || !a.free)
                return LIION_E_INVALID_ARG;
            mem = a;
        }
    }

    if (o.max_memory != 0 && o.max_memory < sizeof *ctx)
        return LIION_E_NOMEM;
    ctx = mem.alloc(mem.user, sizeof *ctx);
    if (ctx == NULL)
        return LIION_E_NOMEM;

    memset(ctx, 0, sizeof *ctx);
    ctx->magic = LIION__MAGIC_CTX;
    ctx->mem = mem;
    ctx->mem_used = sizeof *ctx;
    ctx->mem_peak = sizeof *ctx;
    ctx->max_memory = o.max_memory;
    ctx->max_depth = o.max_depth ? o.max_depth : LIION_DEFAULT_MAX_DEPTH;
    ctx->max_items = o.max_items ? o.max_items : LIION_DEFAULT_MAX_ITEMS;
    ctx->max_message_bytes = o.max_message_bytes ? o.max_message_bytes
                                                 : LIION_DEFAULT_MAX_MESSAGE_BYTES;
    ctx->log = o.log;
    ctx->log_user = o.log_user;
    ctx->log_level = o.log_level ? o.log_level : (uint32_t)LIION_LOG_WARNING;
    clear_error(ctx);
    *out = ctx;
    return LIION_OK;
}

LIION_API void liion_ctx_free(liion_ctx *ctx)
{
    liion_allocator mem;
    if (!liion__ctx_valid(ctx))
        return;
    mem = ctx->mem;
    ctx->magic = LIION__MAGIC_DEAD;
    mem.free(mem.user, ctx, sizeof *ctx);
}

LIION_API const char *liion_ctx_errmsg(const liion_ctx *ctx)
{
    if (ctx == NULL)
        return "no context (NULL handle)";
    if (ctx->magic != LIION__MAGIC_CTX)
        return "not a live context (wrong or freed handle)";
    return ctx->errmsg;
}

LIION_API liion_status liion_ctx_errcode(const liion_ctx *ctx)
{
    if (ctx == NULL)
        return LIION_E_INVALID_ARG;
    if (ctx->magic != LIION__MAGIC_CTX)
        return LIION_E_MISUSE;
    return ctx->err;
}

LIION_API size_t liion_ctx_error_offset(const liion_ctx *ctx)
{
    if (!liion__ctx_valid(ctx))
        return LIION_OFFSET_NONE;
    return ctx->err_offset;
}

LIION_API liion_status liion_ctx_set_limit(liion_ctx *ctx, liion_limit limit, uint64_t value)
{
    liion_status st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    switch (limit) {
    case LIION_LIMIT_MAX_MEMORY:
        ctx->max_memory = value;
        return LIION_OK;
    case LIION_LIMIT_MAX_DEPTH:
        ctx->max_depth = value ? value : LIION_DEFAULT_MAX_DEPTH;
        return LIION_OK;
    case LIION_LIMIT_MAX_ITEMS:
        ctx->max_items = value ? value : LIION_DEFAULT_MAX_ITEMS;
        return LIION_OK;
    case LIION_LIMIT_MAX_MESSAGE_BYTES:
        ctx->max_message_bytes = value ? value : LIION_DEFAULT_MAX_MESSAGE_BYTES;
        return LIION_OK;
    case LIION_LIMIT__FORCE_INT32:
        break;
    }
    return liion__error(ctx, LIION_E_INVALID_ARG, "unknown limit %d", (int)limit);
}

LIION_API uint64_t liion_ctx_get_limit(const liion_ctx *ctx, liion_limit limit)
{
    if (!liion__ctx_valid(ctx))
        return 0;
    switch (limit) {
    case LIION_LIMIT_MAX_MEMORY: return ctx->max_memory;
    case LIION_LIMIT_MAX_DEPTH: return ctx->max_depth;
    case LIION_LIMIT_MAX_ITEMS: return ctx->max_items;
    case LIION_LIMIT_MAX_MESSAGE_BYTES: return ctx->max_message_bytes;
    case LIION_LIMIT__FORCE_INT32: break;
    }
    return 0;
}

LIION_API liion_status liion_ctx_set_log(liion_ctx *ctx, liion_log_level min_level,
                                         liion_log_fn fn, void *user)
{
    liion_status st = liion__ctx_enter(ctx);
    if (st != LIION_OK)
        return st;
    if ((uint32_t)min_level < (uint32_t)LIION_LOG_ERROR ||
        (uint32_t)min_level > (uint32_t)LIION_LOG_DEBUG)
        return liion__error(ctx, LIION_E_INVALID_ARG, "unknown log level %d", (int)min_level);
    ctx->log = fn;
    ctx->log_user = fn ? user : NULL;
    ctx->log_level = (uint32_t)min_level;
    return LIION_OK;
}

LIION_API uint64_t liion_ctx_memory_used(const liion_ctx *ctx)
{
    return liion__ctx_valid(ctx) ? ctx->mem_used : 0;
}

LIION_API uint64_t liion_ctx_memory_peak(const liion_ctx *ctx)
{
    return liion__ctx_valid(ctx) ? ctx->mem_peak : 0;
}
