/*
 * Durable plant store benchmark: ingest rate (genealogy edges per second, group commit, every
 * commit fdatasync'd), reopen time and bytes on disk per edge. References measured in the same
 * run: the same workload on an in-memory plant (no journal), and raw pwrite()+fdatasync() of
 * the same number of bytes with the same number of syncs.
 * Usage: bench_store [--quick] [cells]
 */
#include "bench.h"

#include <liion/liion.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define INPUTS 4u   /* consumed lots per cell: 4 edges per cell */
#define POOL 4096u  /* material lots the cells draw from */

/* CPU seconds of this process (the machines are shared: wall time includes waiting for a
 * core, CPU time does not; sync waits show in wall time only). */
static uint64_t cpu_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void die(const char *what, liion_ctx *ctx)
{
    fprintf(stderr, "bench_store: %s: %s\n", what, ctx ? liion_ctx_errmsg(ctx) : "");
    exit(1);
}

/* Synthetic stacking: each cell consumes INPUTS electrode lots from a pool and is produced by
 * its own segment response. Records per cell: lot, response, INPUTS + 1 actuals. */
static void workload(liion_plant *p, liion_ctx *ctx, uint32_t cells)
{
    char id[32];
    uint32_t seg, lot, r;
    if (liion_plant_segment_add(&seg, p, NULL, "Stacking", LIION_STEP_STACKING))
        die("segment", ctx);
    for (uint32_t i = 0; i < POOL; i++) {
        snprintf(id, sizeof id, "EL-%05u", (unsigned)i);
        if (liion_plant_lot_add(&lot, p, NULL, id, LIION_PLANT_NONE, LIION_PLANT_NONE))
            die("pool", ctx);
    }
    for (uint32_t c = 0; c < cells; c++) {
        snprintf(id, sizeof id, "CELL-%08u", (unsigned)c);
        if (liion_plant_lot_add(&lot, p, NULL, id, LIION_PLANT_NONE, LIION_PLANT_NONE) ||
            liion_plant_response_add(&r, p, NULL, id, seg, (int64_t)c * 10, (int64_t)c * 10 + 9))
            die("cell", ctx);
        for (uint32_t k = 0; k < INPUTS; k++)
            if (liion_plant_response_add_material(p, r, (c * 7u + k * 131u) % POOL,
                                                  LIION_USE_CONSUMED))
                die("input", ctx);
        if (liion_plant_response_add_material(p, r, lot, LIION_USE_PRODUCED))
            die("output", ctx);
    }
}

int main(int argc, char **argv)
{
    int quick = bench_quick(argc, argv);
    uint32_t cells = quick ? 2000u : 1000000u;
    char dir[] = "/tmp/liion-bench-store-XXXXXX", path[128], raw[128];
    liion_ctx *ctx = NULL;
    liion_store *s = NULL;
    liion_plant *p = NULL;
    uint64_t t0, t_mem, t_store, t_raw, t_open, edges, bytes, syncs;
    uint64_t c0, c_mem, c_store, c_open;
    struct stat sb;
    for (int i = 1; i < argc; i++)
        if (argv[i][0] != '-')
            cells = (uint32_t)strtoul(argv[i], NULL, 10);
    if (mkdtemp(dir) == NULL)
        die("mkdtemp", NULL);
    snprintf(path, sizeof path, "%s/plant.store", dir);
    snprintf(raw, sizeof raw, "%s/raw.bin", dir);
    if (liion_ctx_new(&ctx, NULL) != LIION_OK)
        die("ctx", NULL);

    /* Reference 1: in memory, no journal. */
    if (liion_plant_new(&p, ctx))
        die("plant", ctx);
    t0 = bench_now_ns();
    c0 = cpu_ns();
    workload(p, ctx, cells);
    t_mem = bench_now_ns() - t0;
    c_mem = cpu_ns() - c0;
    edges = liion_plant_edge_count(p);
    liion_plant_free(p);

    /* The store: group commit (65536 records, or 20 ms), fdatasync per commit. */
    if (liion_store_open(&s, ctx, path, NULL))
        die("open", ctx);
    t0 = bench_now_ns();
    c0 = cpu_ns();
    workload(liion_store_plant(s), ctx, cells);
    if (liion_store_commit(s))
        die("commit", ctx);
    t_store = bench_now_ns() - t0;
    c_store = cpu_ns() - c0;
    syncs = 0;
    liion_store_free(s);
    if (stat(path, &sb) != 0)
        die("stat", NULL);
    bytes = (uint64_t)sb.st_size;

    /* Reference 2: the same bytes with pwrite() in 1 MiB chunks, one fdatasync per 65536
     * records' worth of bytes (the store's group size; the time bound adds syncs only when
     * the ingest is slower than 65536 records per 20 ms). */
    {
        int fd = open(raw, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        uint64_t records = (uint64_t)cells * (INPUTS + 3) + POOL + 1;
        uint64_t per_sync = bytes / (records / 65536 + 1) + 1, since = 0;
        static char chunk[1 << 20];
        memset(chunk, 0xa5, sizeof chunk);
        if (fd < 0)
            die("raw open", NULL);
        t0 = bench_now_ns();
        for (uint64_t done = 0; done < bytes;) {
            size_t n = bytes - done < sizeof chunk ? (size_t)(bytes - done) : sizeof chunk;
            if (pwrite(fd, chunk, n, (off_t)done) != (ssize_t)n)
                die("raw write", NULL);
            done += n;
            since += n;
            if (since >= per_sync || done == bytes) {
                if (fdatasync(fd) != 0)
                    die("raw sync", NULL);
                since = 0;
                syncs++;
            }
        }
        t_raw = bench_now_ns() - t0;
        close(fd);
    }

    /* Reopen: verify and replay everything. */
    t0 = bench_now_ns();
    c0 = cpu_ns();
    if (liion_store_open(&s, ctx, path, NULL))
        die("reopen", ctx);
    t_open = bench_now_ns() - t0;
    c_open = cpu_ns() - c0;
    if (liion_plant_edge_count(liion_store_plant(s)) != edges)
        die("reopen lost edges", ctx);
    liion_store_free(s);

    printf("bench_store: %u cells, %llu edges, %llu records, %.1f MB on disk "
           "(%.1f bytes/edge)\n",
           (unsigned)cells, (unsigned long long)edges,
           (unsigned long long)((uint64_t)cells * (INPUTS + 3) + POOL + 1), (double)bytes / 1e6,
           (double)bytes / (double)edges);
    printf("  durable ingest (group commit):  %10.0f edges/s  (%.3f s wall, %.3f s CPU)\n",
           (double)edges / ((double)t_store / 1e9), (double)t_store / 1e9, (double)c_store / 1e9);
    printf("  in-memory plant, no journal:    %10.0f edges/s  (%.3f s wall, %.3f s CPU)  "
           "store/memory = %.2f\n",
           (double)edges / ((double)t_mem / 1e9), (double)t_mem / 1e9, (double)c_mem / 1e9,
           (double)t_mem / (double)t_store);
    printf("  raw pwrite+fdatasync same bytes: %.3f s (%llu syncs)  store time / raw = %.1f\n",
           (double)t_raw / 1e9, (unsigned long long)syncs, (double)t_store / (double)t_raw);
    printf("  reopen (verify + replay):       %10.0f edges/s  (%.3f s wall, %.3f s CPU; "
           "in-memory build: ratio %.2f)\n",
           (double)edges / ((double)t_open / 1e9), (double)t_open / 1e9, (double)c_open / 1e9,
           (double)t_open / (double)t_mem);
    unlink(path);
    unlink(raw);
    rmdir(dir);
    liion_ctx_free(ctx);
    return 0;
}
