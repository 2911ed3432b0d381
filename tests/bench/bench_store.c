/*
 * Durable plant store benchmark: ingest rate (genealogy edges per second, group commit, every
 * commit fdatasync'd), reopen time (journal replay, and snapshot + tail after a compaction)
 * and bytes on disk per edge. References measured in the same run: the same workload on an
 * in-memory plant (no journal), raw pwrite()+fdatasync() of the same number of bytes with the
 * same number of syncs, and SQLite (WAL, synchronous=NORMAL and FULL) holding the same lots
 * and edges with transactions grouped like our group commit; SQLite's reopen is open + a
 * count(*) over the edge table (it reads the whole table, like our load).
 * Usage: bench_store [--quick] [--no-sqlite] [cells]
 */
#include "bench.h"

#include <liion/liion.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef LIION_BENCH_HAVE_SQLITE
#include <sqlite3.h>
#endif

#define INPUTS 4u   /* consumed lots per cell: 4 edges per cell */
#define POOL 4096u  /* material lots the cells draw from */
#define RECORDS_PER_CELL (INPUTS + 3u)
#define GROUP_RECORDS 65536u

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

static uint32_t input_of(uint32_t c, uint32_t k)
{
    return (c * 7u + k * 131u) % POOL;
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
            if (liion_plant_response_add_material(p, r, input_of(c, k), LIION_USE_CONSUMED))
                die("input", ctx);
        if (liion_plant_response_add_material(p, r, lot, LIION_USE_PRODUCED))
            die("output", ctx);
    }
}

static uint64_t fsize(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (uint64_t)sb.st_size : 0;
}

static double rate(uint64_t n, uint64_t ns)
{
    return (double)n / ((double)ns / 1e9);
}

#ifdef LIION_BENCH_HAVE_SQLITE
typedef struct sq_result {
    uint64_t ingest_ns, reopen_ns, read_ns, bytes;
} sq_result;

static void sq_exec(sqlite3 *db, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "bench_store: sqlite: %s: %s\n", sql, err ? err : "?");
        exit(1);
    }
}

/* The same lots and edges into SQLite (WAL), one transaction per GROUP_RECORDS records'
 * worth of cells, as the store's group commit. */
static sq_result sqlite_run(const char *file, uint32_t cells, const char *sync)
{
    sq_result res;
    sqlite3 *db;
    sqlite3_stmt *lot, *edge, *cnt;
    char id[32], pragma[64];
    uint32_t per_txn = GROUP_RECORDS / RECORDS_PER_CELL;
    uint64_t t0;
    char wal[160];
    snprintf(wal, sizeof wal, "%s-wal", file);
    unlink(file);
    unlink(wal);
    if (sqlite3_open(file, &db) != SQLITE_OK)
        die("sqlite open", NULL);
    sq_exec(db, "PRAGMA journal_mode=WAL");
    snprintf(pragma, sizeof pragma, "PRAGMA synchronous=%s", sync);
    sq_exec(db, pragma);
    sq_exec(db, "CREATE TABLE lot(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);"
                "CREATE TABLE edge(parent INTEGER NOT NULL, child INTEGER NOT NULL,"
                " PRIMARY KEY(child, parent)) WITHOUT ROWID;"
                "CREATE INDEX edge_fwd ON edge(parent, child);");
    if (sqlite3_prepare_v2(db, "INSERT INTO lot(id, name) VALUES(?, ?)", -1, &lot, NULL) ||
        sqlite3_prepare_v2(db, "INSERT INTO edge(parent, child) VALUES(?, ?)", -1, &edge, NULL))
        die("sqlite prepare", NULL);
    t0 = bench_now_ns();
    sq_exec(db, "BEGIN");
    for (uint32_t i = 0; i < POOL; i++) {
        snprintf(id, sizeof id, "EL-%05u", (unsigned)i);
        sqlite3_bind_int64(lot, 1, i);
        sqlite3_bind_text(lot, 2, id, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(lot) != SQLITE_DONE)
            die("sqlite lot", NULL);
        sqlite3_reset(lot);
    }
    for (uint32_t c = 0; c < cells; c++) {
        uint32_t me = POOL + c;
        snprintf(id, sizeof id, "CELL-%08u", (unsigned)c);
        sqlite3_bind_int64(lot, 1, me);
        sqlite3_bind_text(lot, 2, id, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(lot) != SQLITE_DONE)
            die("sqlite lot", NULL);
        sqlite3_reset(lot);
        for (uint32_t k = 0; k < INPUTS; k++) {
            sqlite3_bind_int64(edge, 1, input_of(c, k));
            sqlite3_bind_int64(edge, 2, me);
            if (sqlite3_step(edge) != SQLITE_DONE)
                die("sqlite edge", NULL);
            sqlite3_reset(edge);
        }
        if ((c + 1) % per_txn == 0) {
            sq_exec(db, "COMMIT");
            sq_exec(db, "BEGIN");
        }
    }
    sq_exec(db, "COMMIT");
    res.ingest_ns = bench_now_ns() - t0;
    sqlite3_finalize(lot);
    sqlite3_finalize(edge);
    sqlite3_close(db);
    res.bytes = fsize(file) + fsize(wal);
    t0 = bench_now_ns();
    if (sqlite3_open(file, &db) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "SELECT count(*) FROM edge", -1, &cnt, NULL) ||
        sqlite3_step(cnt) != SQLITE_ROW)
        die("sqlite reopen", NULL);
    if ((uint64_t)sqlite3_column_int64(cnt, 0) != (uint64_t)cells * INPUTS)
        die("sqlite lost edges", NULL);
    res.reopen_ns = bench_now_ns() - t0;
    sqlite3_finalize(cnt);
    sqlite3_close(db);
    /* Reading everything back, as our reopen does: every lot ID and every edge. */
    t0 = bench_now_ns();
    {
        uint64_t sum = 0, rows = 0;
        if (sqlite3_open(file, &db) != SQLITE_OK ||
            sqlite3_prepare_v2(db, "SELECT id, name FROM lot", -1, &cnt, NULL))
            die("sqlite read", NULL);
        while (sqlite3_step(cnt) == SQLITE_ROW) {
            sum += (uint64_t)sqlite3_column_int64(cnt, 0) + (uint64_t)sqlite3_column_bytes(cnt, 1);
            rows++;
        }
        sqlite3_finalize(cnt);
        if (sqlite3_prepare_v2(db, "SELECT child, parent FROM edge", -1, &cnt, NULL))
            die("sqlite read", NULL);
        while (sqlite3_step(cnt) == SQLITE_ROW) {
            sum += (uint64_t)sqlite3_column_int64(cnt, 0) + (uint64_t)sqlite3_column_int64(cnt, 1);
            rows++;
        }
        sqlite3_finalize(cnt);
        sqlite3_close(db);
        bench_use(&sum);
        if (rows != (uint64_t)cells * (INPUTS + 1) + POOL)
            die("sqlite read lost rows", NULL);
    }
    res.read_ns = bench_now_ns() - t0;
    unlink(file);
    unlink(wal);
    return res;
}
#endif

int main(int argc, char **argv)
{
    int quick = bench_quick(argc, argv), no_sqlite = 0;
    uint32_t cells = quick ? 2000u : 1000000u;
    char dir[] = "/tmp/liion-bench-store-XXXXXX", path[128], raw[128], snap[160], autop[128];
    liion_ctx *ctx = NULL;
    liion_store *s = NULL;
    liion_store_options so = LIION_STORE_OPTIONS_INIT;
    liion_plant *p = NULL;
    uint64_t t0, t_mem, t_store, t_raw, t_open, t_compact, t_snap_open, t_auto, edges, bytes;
    uint64_t syncs, snap_bytes, auto_bytes;
    uint64_t c0, c_mem, c_store, c_open, c_snap_open;
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] != '-')
            cells = (uint32_t)strtoul(argv[i], NULL, 10);
        else if (strcmp(argv[i], "--no-sqlite") == 0)
            no_sqlite = 1;
    }
    if (mkdtemp(dir) == NULL)
        die("mkdtemp", NULL);
    snprintf(path, sizeof path, "%s/plant.store", dir);
    snprintf(snap, sizeof snap, "%s.snap", path);
    snprintf(raw, sizeof raw, "%s/raw.bin", dir);
    snprintf(autop, sizeof autop, "%s/auto.store", dir);
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

    /* The store, journal only: group commit (65536 records, or 20 ms), fdatasync per commit. */
    so.flags = LIION_STORE_NO_AUTO_COMPACT;
    if (liion_store_open(&s, ctx, path, &so))
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
    bytes = fsize(path);

    /* Reference 2: the same bytes with pwrite() in 1 MiB chunks, one fdatasync per 65536
     * records' worth of bytes (the store's group size; the time bound adds syncs only when
     * the ingest is slower than 65536 records per 20 ms). */
    {
        int fd = open(raw, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        uint64_t records = (uint64_t)cells * RECORDS_PER_CELL + POOL + 1;
        uint64_t per_sync = bytes / (records / GROUP_RECORDS + 1) + 1, since = 0;
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
        unlink(raw);
    }

    /* Reopen from the journal: verify and replay everything. Then compact (snapshot), and
     * reopen from the snapshot. */
    t0 = bench_now_ns();
    c0 = cpu_ns();
    if (liion_store_open(&s, ctx, path, &so))
        die("reopen", ctx);
    t_open = bench_now_ns() - t0;
    c_open = cpu_ns() - c0;
    if (liion_plant_edge_count(liion_store_plant(s)) != edges)
        die("reopen lost edges", ctx);
    t0 = bench_now_ns();
    if (liion_store_compact(s))
        die("compact", ctx);
    t_compact = bench_now_ns() - t0;
    liion_store_free(s);
    snap_bytes = fsize(snap);
    t0 = bench_now_ns();
    c0 = cpu_ns();
    if (liion_store_open(&s, ctx, path, &so))
        die("reopen from snapshot", ctx);
    t_snap_open = bench_now_ns() - t0;
    c_snap_open = cpu_ns() - c0;
    if (liion_plant_edge_count(liion_store_plant(s)) != edges ||
        liion_store_snapshot_seq(s) == 0)
        die("snapshot reopen lost edges", ctx);
    liion_store_free(s);
    unlink(path);
    unlink(snap);

    /* The store with the default automatic compaction (journal >= 64 MiB and >= 1/4 of the
     * snapshot): ingest including the compactions, and what is on disk at the end. */
    if (liion_store_open(&s, ctx, autop, NULL))
        die("open auto", ctx);
    t0 = bench_now_ns();
    workload(liion_store_plant(s), ctx, cells);
    if (liion_store_commit(s))
        die("commit auto", ctx);
    t_auto = bench_now_ns() - t0;
    liion_store_free(s);
    {
        char as[160];
        snprintf(as, sizeof as, "%s.snap", autop);
        auto_bytes = fsize(autop) + fsize(as);
        unlink(as);
        unlink(autop);
    }

    printf("bench_store: %u cells, %llu edges, %llu records\n", (unsigned)cells,
           (unsigned long long)edges,
           (unsigned long long)((uint64_t)cells * RECORDS_PER_CELL + POOL + 1));
    printf("  durable ingest (group commit, journal only): %10.0f edges/s  (%.3f s wall, "
           "%.3f s CPU)\n",
           rate(edges, t_store), (double)t_store / 1e9, (double)c_store / 1e9);
    printf("  in-memory plant, no journal:                 %10.0f edges/s  (%.3f s wall, "
           "%.3f s CPU)  store/memory = %.2f\n",
           rate(edges, t_mem), (double)t_mem / 1e9, (double)c_mem / 1e9,
           (double)t_mem / (double)t_store);
    printf("  raw pwrite+fdatasync same bytes: %.3f s (%llu syncs)  store time / raw = %.1f\n",
           (double)t_raw / 1e9, (unsigned long long)syncs, (double)t_store / (double)t_raw);
    printf("  durable ingest, automatic compaction:        %10.0f edges/s  (%.3f s wall)\n",
           rate(edges, t_auto), (double)t_auto / 1e9);
    printf("  bytes on disk per edge: journal %.1f, snapshot %.1f, auto-compacted store at the "
           "end %.1f\n",
           (double)bytes / (double)edges, (double)snap_bytes / (double)edges,
           (double)auto_bytes / (double)edges);
    printf("  reopen from the journal (verify + replay):   %10.0f edges/s  (%.3f s wall, "
           "%.3f s CPU)\n",
           rate(edges, t_open), (double)t_open / 1e9, (double)c_open / 1e9);
    printf("  compaction (snapshot write + sync):          %.3f s\n", (double)t_compact / 1e9);
    printf("  reopen from the snapshot:                    %10.0f edges/s  (%.3f s wall, "
           "%.3f s CPU)  journal/snapshot = %.1fx\n",
           rate(edges, t_snap_open), (double)t_snap_open / 1e9, (double)c_snap_open / 1e9,
           (double)t_open / (double)t_snap_open);
    printf("  linear extrapolation to 100M edges: reopen from snapshot %.1f s (target 20 s), "
           "from journal %.1f s\n",
           (double)t_snap_open / 1e9 * 1e8 / (double)edges,
           (double)t_open / 1e9 * 1e8 / (double)edges);
#ifdef LIION_BENCH_HAVE_SQLITE
    {
        static const char *const modes[2] = { "NORMAL", "FULL" };
        char db[160];
        snprintf(db, sizeof db, "%s/ref.sqlite", dir);
        if (no_sqlite)
            printf("  SQLite reference: skipped (--no-sqlite)\n");
        for (int m = 0; m < 2 && !no_sqlite; m++) {
            sq_result r = sqlite_run(db, cells, modes[m]);
            printf("  SQLite %s WAL synchronous=%-6s ingest %10.0f edges/s (store/SQLite = "
                   "%.1fx), %.1f bytes/edge\n",
                   sqlite3_libversion(), modes[m], rate(edges, r.ingest_ns),
                   (double)r.ingest_ns / (double)t_store, (double)r.bytes / (double)edges);
            printf("      reopen: open + count(*) %.3f s; open + read every lot and edge %.3f s "
                   "(our snapshot reopen builds the whole model: %.2fx that read)\n",
                   (double)r.reopen_ns / 1e9, (double)r.read_ns / 1e9,
                   (double)t_snap_open / (double)r.read_ns);
        }
    }
#else
    (void)no_sqlite;
    printf("  SQLite reference: not built (libsqlite3 not found)\n");
#endif
    rmdir(dir);
    liion_ctx_free(ctx);
    return 0;
}
