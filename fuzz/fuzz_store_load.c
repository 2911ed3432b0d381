/*
 * libFuzzer target for the store loader (lib/store/load.c): the input is the content of a
 * store file. It is verified and its committed records replayed into a plant under a 64 MiB
 * memory cap; a refusal must leave a message (and an offset within the input), never a crash
 * or a leak. The same bytes are also loaded through liion_store_open() on a memfd, read-only.
 */
#define _GNU_SOURCE
#include <liion/liion.h>

#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#define CHECK(c)                                                                              \
    do {                                                                                      \
        if (!(c))                                                                             \
            abort();                                                                          \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void store_le32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* Make the header and every frame's CRC right, so that mutations get past the checksums
 * into the CBOR decoder and the replay. */
static void fix_crcs(uint8_t *b, size_t n)
{
    size_t off = LIION__STORE_HDR;
    if (n < LIION__STORE_HDR)
        return;
    store_le32(b + 20, (uint32_t)crc32(0L, b, 20));
    while (n - off >= LIION__STORE_REC_HDR) {
        uint32_t len = (uint32_t)b[off] | (uint32_t)b[off + 1] << 8 |
                       (uint32_t)b[off + 2] << 16 | (uint32_t)b[off + 3] << 24;
        uint32_t crc;
        if (len > n - off - LIION__STORE_REC_HDR)
            break;
        crc = (uint32_t)crc32(0L, b + off, 16);
        crc = (uint32_t)crc32(crc, b + off + LIION__STORE_REC_HDR, len);
        store_le32(b + off + 16, crc);
        off += LIION__STORE_REC_HDR + len;
    }
}

static void load_fixed(const uint8_t *data, size_t size)
{
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *ctx = NULL;
    liion_plant *plant = NULL;
    liion__store_scan scan;
    uint8_t *copy = malloc(size + 1);
    uint64_t base;
    liion_status st;
    if (copy == NULL)
        return;
    if (size > 0)
        memcpy(copy, data, size);
    fix_crcs(copy, size);
    o.max_memory = 64u * 1024u * 1024u;
    o.max_depth = 16;
    o.max_message_bytes = 1u << 20;
    if (liion_ctx_new(&ctx, &o) != LIION_OK)
        abort();
    base = liion_ctx_memory_used(ctx);
    if (liion_plant_new(&plant, ctx) != LIION_OK)
        abort();
    st = liion__store_load(plant, NULL, copy, size, 0, &scan);
    if (st != LIION_OK)
        CHECK(st == LIION_E_NOMEM || liion_ctx_error_offset(ctx) <= size);
    else
        CHECK(scan.committed_end + scan.tail == size);
    liion_plant_free(plant);
    CHECK(liion_ctx_memory_used(ctx) == base);
    liion_ctx_free(ctx);
    free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *ctx = NULL;
    liion_plant *plant = NULL;
    liion_spec_registry *reg = NULL;
    liion__store_scan scan;
    liion_status st;
    uint64_t base;

    o.max_memory = 64u * 1024u * 1024u;
    o.max_depth = 16;
    o.max_items = 4096;
    o.max_message_bytes = 1u << 20;
    if (liion_ctx_new(&ctx, &o) != LIION_OK)
        abort();
    base = liion_ctx_memory_used(ctx);
    if (liion_plant_new(&plant, ctx) != LIION_OK ||
        liion_spec_registry_new(&reg, ctx, plant) != LIION_OK)
        abort();
    st = liion__store_load(plant, reg, data, size, 0, &scan);
    if (st != LIION_OK) {
        CHECK(liion_ctx_errcode(ctx) == st);
        CHECK(strcmp(liion_ctx_errmsg(ctx), "no error") != 0);
        CHECK(st == LIION_E_NOMEM || liion_ctx_error_offset(ctx) <= size);
    } else {
        CHECK(scan.committed_end + scan.tail == size);
        CHECK(scan.committed_seq >= scan.records);
    }
    liion_spec_registry_free(reg);
    liion_plant_free(plant);

    /* The public path, read-only, on an in-memory file (small inputs only: it is slower). */
    if (size <= 4096) {
        int fd = memfd_create("store", 0);
        if (fd >= 0) {
            char name[64];
            liion_store_options so = LIION_STORE_OPTIONS_INIT;
            liion_store *s = NULL;
            liion_status st2;
            so.flags = LIION_STORE_READ_ONLY;
            if (size > 0 && write(fd, data, size) != (ssize_t)size)
                abort();
            snprintf(name, sizeof name, "/proc/self/fd/%d", fd);
            st2 = liion_store_open(&s, ctx, name, &so);
            CHECK(st2 == st || st2 == LIION_E_NOMEM || st == LIION_E_NOMEM);
            CHECK((st2 == LIION_OK) == (s != NULL));
            liion_store_free(s);
            close(fd);
        }
    }
    CHECK(liion_ctx_memory_used(ctx) == base); /* nothing leaked */
    liion_ctx_free(ctx);
    load_fixed(data, size);
    return 0;
}
