/*
 * core_context: the first thing every libliion program does.
 *
 * Creates a context with a memory cap and decode limits, routes the library's log records to
 * stderr (the library itself never prints), shows how an error is reported (status code,
 * per-handle message, fixed status text), and checks that the headers match the library.
 *
 * Build: cc core_context.c $(pkg-config --cflags --libs --static liion)
 */
#include <liion/liion.h>

#include <stdio.h>

static void log_to_stderr(void *user, liion_log_level level, const char *msg)
{
    static const char *const names[] = { "?", "error", "warning", "info", "debug" };
    const char *tag = (unsigned)level <= 4u ? names[level] : "?";
    (void)user;
    fprintf(stderr, "liion %s: %s\n", tag, msg);
}

int main(void)
{
    liion_ctx_options opts = LIION_CTX_OPTIONS_INIT;
    liion_ctx *ctx = NULL;
    liion_status st;

    /* 1. Headers and library must agree (a mismatch means a stale libliion.so on the path). */
    if (liion_version_number() != LIION_VERSION_NUMBER) {
        fprintf(stderr, "header %s but library %s\n", LIION_VERSION_STRING,
                liion_version_string());
        return 1;
    }
    printf("libliion %s\n", liion_version_string());

    /* 2. A context for a station gateway: at most 64 MiB, messages up to 1 MiB, 32 levels. */
    opts.max_memory = 64u * 1024u * 1024u;
    opts.max_message_bytes = 1024u * 1024u;
    opts.max_depth = 32;
    opts.log = log_to_stderr;
    opts.log_level = LIION_LOG_WARNING;
    st = liion_ctx_new(&ctx, &opts);
    if (st != LIION_OK) {
        /* No handle to ask: the fixed text is all there is. */
        fprintf(stderr, "liion_ctx_new: %s\n", liion_status_str(st));
        return 1;
    }
    printf("limits: memory %llu B, message %llu B, depth %llu, items %llu\n",
           (unsigned long long)liion_ctx_get_limit(ctx, LIION_LIMIT_MAX_MEMORY),
           (unsigned long long)liion_ctx_get_limit(ctx, LIION_LIMIT_MAX_MESSAGE_BYTES),
           (unsigned long long)liion_ctx_get_limit(ctx, LIION_LIMIT_MAX_DEPTH),
           (unsigned long long)liion_ctx_get_limit(ctx, LIION_LIMIT_MAX_ITEMS));
    printf("context holds %llu bytes\n", (unsigned long long)liion_ctx_memory_used(ctx));

    /* 3. A failing call: status code, detailed message on the handle, fixed text. The log
     *    callback also receives the message at LIION_LOG_ERROR. */
    st = liion_ctx_set_limit(ctx, (liion_limit)42, 1);
    printf("set_limit(42): status %d (%s), message \"%s\"\n", (int)st, liion_status_str(st),
           liion_ctx_errmsg(ctx));

    /* 4. The next successful call clears the error state. */
    st = liion_ctx_set_limit(ctx, LIION_LIMIT_MAX_DEPTH, 16);
    printf("set_limit(depth, 16): status %d, message \"%s\"\n", (int)st, liion_ctx_errmsg(ctx));

    liion_ctx_free(ctx);
    return st == LIION_OK ? 0 : 1;
}
