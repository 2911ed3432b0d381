/*
 * Genealogy benchmark: builds a deterministic synthetic cell plant through the public API,
 * runs every genealogy query on it, and runs the same backward and forward traces in SQLite
 * (recursive CTEs, in memory, indexed both ways) on the same edges in the same run.
 *
 * Synthetic plant (all deterministic, no random source but a fixed LCG):
 *   --cells N      cells (default 1,000,000; --quick 3,000)
 *   --refs R       lot references per cell (default 20): a cathode and an anode daughter
 *                  roll plus R - 2 component lots (separator, electrolyte, can, lid, tabs,
 *                  tapes ...), each component family switching lot every 5000 + 37 f cells
 *   --lanes L      slitting lanes per calendered roll (default 4)
 *   --per-roll D   cells per daughter roll (default 2500): N / D daughter rolls per
 *                  electrode, N / (D L) jumbo and calendered rolls
 *   --batches B    slurry batches per electrode (default N / 100,000, at least 1), so one
 *                  slurry batch reaches about 100,000 cells; B / 2 CAM lots, 4 binder and
 *                  4 carbon lots, one foil lot per 10 jumbo rolls
 *   --no-sqlite    skip the SQLite reference
 *   --hugepages    give the context an allocator that asks for transparent huge pages
 *                  (madvise) on blocks of 2 MiB and more: an option an application has
 *                  through liion_ctx_options.allocator; fewer TLB misses on big plants
 * Every cell is one stacking segment response (R consumed + 1 produced, on one of 8
 * stackers) and winds 2 m of its cathode and anode daughter rolls (roll map: jumbo ->
 * calender with 2 % elongation, reversed -> L lanes of 300 mm). Ancestors per cell:
 * 2 x 8 electrode-side lots + R - 2 components.
 */
#define _GNU_SOURCE /* mremap */
#include "bench.h"

#include <liion/liion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#ifdef LIION_BENCH_HAVE_SQLITE
#include <sqlite3.h>
#endif

#define NONE LIION_PLANT_NONE

typedef struct gen {
    uint32_t cells, refs, lanes, per_roll, batches;
    uint32_t daughters, jumbos, cams, foils;
    /* lot indices */
    uint32_t *cam[2], binder[2][4], carbon[2][4], *foil[2]; /* per electrode */
    uint32_t *slurry[2], *jumbo[2], *cal[2], *daughter[2];
    uint32_t **comp;                               /* comp[f][k] */
    uint32_t *ncomp;
    uint32_t *cell;
    uint32_t stacker[8], coater, seg_stack;
    uint64_t *edges; /* (parent << 32 | child), for the SQLite copy */
    size_t n_edges, cap_edges;
} gen;

static void die(const char *what, liion_ctx *ctx)
{
    fprintf(stderr, "bench_genealogy: %s: %s\n", what, ctx ? liion_ctx_errmsg(ctx) : "");
    exit(1);
}

#define CK(x)                                                                                 \
    do {                                                                                      \
        if ((x) != LIION_OK)                                                                  \
            die(#x, ctx);                                                                     \
    } while (0)

static uint32_t comp_period(uint32_t f)
{
    return 5000u + 37u * f;
}

static void edge(gen *g, uint32_t parent, uint32_t child)
{
    if (g->n_edges == g->cap_edges) {
        g->cap_edges = g->cap_edges ? 2 * g->cap_edges : 1024;
        g->edges = realloc(g->edges, g->cap_edges * sizeof *g->edges);
        if (g->edges == NULL)
            die("out of memory", NULL);
    }
    g->edges[g->n_edges++] = (uint64_t)parent << 32 | child;
}

static uint32_t add_lot(liion_ctx *ctx, liion_plant *p, const char *fmt, uint32_t a, uint32_t b,
                        uint32_t parent)
{
    char id[64];
    uint32_t x;
    snprintf(id, sizeof id, fmt, (unsigned)a, (unsigned)b);
    CK(liion_plant_lot_add(&x, p, NULL, id, NONE, parent));
    return x;
}

/* One response from inputs to outputs, recording the edges for SQLite. */
static void respond(liion_ctx *ctx, gen *g, liion_plant *p, const char *id, uint32_t seg,
                    int64_t t, uint32_t eq, const uint32_t *in, uint32_t nin,
                    const uint32_t *out, uint32_t nout, int record)
{
    uint32_t r;
    CK(liion_plant_response_add(&r, p, NULL, id, seg, t, t + 1000));
    if (eq != NONE)
        CK(liion_plant_response_add_equipment(p, r, eq));
    for (uint32_t i = 0; i < nin; i++)
        CK(liion_plant_response_add_material(p, r, in[i], LIION_USE_CONSUMED));
    for (uint32_t o = 0; o < nout; o++) {
        CK(liion_plant_response_add_material_qty(p, r, out[o], LIION_USE_PRODUCED, 1.0, "H87"));
        if (record)
            for (uint32_t i = 0; i < nin; i++)
                edge(g, in[i], out[o]);
    }
}

static void build(liion_ctx *ctx, liion_plant *p, gen *g, int record)
{
    char id[64];
    uint32_t segs[5], in[64], out[16];
    const double pitch = 2.0, elong = 1.02, lane_w = 300.0;
    uint32_t ncomp = g->refs - 2;
    CK(liion_plant_segment_add(&segs[0], p, NULL, "Mixing", LIION_STEP_MIXING));
    CK(liion_plant_segment_add(&segs[1], p, NULL, "Coating", LIION_STEP_COATING));
    CK(liion_plant_segment_add(&segs[2], p, NULL, "Calendering", LIION_STEP_CALENDERING));
    CK(liion_plant_segment_add(&segs[3], p, NULL, "Slitting", LIION_STEP_SLITTING));
    CK(liion_plant_segment_add(&g->seg_stack, p, NULL, "Stacking", LIION_STEP_STACKING));
    CK(liion_plant_equipment_add(&g->coater, p, NULL, "Coater-1", LIION_EQ_PRODUCTION_UNIT,
                                 NONE, NONE));
    for (uint32_t s = 0; s < 8; s++) {
        snprintf(id, sizeof id, "Stacker-%u", (unsigned)s);
        CK(liion_plant_equipment_add(&g->stacker[s], p, NULL, id, LIION_EQ_WORK_CELL, NONE,
                                     NONE));
    }
    for (uint32_t e = 0; e < 2; e++) {
        /* electrode 0 is the cathode (NMC, Al foil), 1 the anode (graphite, Cu foil) */
        for (uint32_t i = 0; i < g->cams; i++)
            g->cam[e][i] = add_lot(ctx, p, "AM-%u-%05u", e, i, NONE);
        for (uint32_t i = 0; i < 4; i++) {
            g->binder[e][i] = add_lot(ctx, p, "BINDER-%u-%u", e, i, NONE);
            g->carbon[e][i] = add_lot(ctx, p, "CARBON-%u-%u", e, i, NONE);
        }
        for (uint32_t i = 0; i < g->foils; i++)
            g->foil[e][i] = add_lot(ctx, p, "FOIL-%u-%05u", e, i, NONE);
    }
    for (uint32_t e = 0; e < 2; e++) {
        for (uint32_t b = 0; b < g->batches; b++) {
            g->slurry[e][b] = add_lot(ctx, p, "SLURRY-%u-%05u", e, b, NONE);
            in[0] = g->cam[e][(b / 2) % g->cams];
            in[1] = g->binder[e][b % 4];
            in[2] = g->carbon[e][(b / 3) % 4];
            snprintf(id, sizeof id, "MIX-%u-%u", (unsigned)e, (unsigned)b);
            respond(ctx, g, p, id, segs[0], (int64_t)b * 1000000, NONE, in, 3,
                    &g->slurry[e][b], 1, record);
        }
        for (uint32_t j = 0; j < g->jumbos; j++) {
            double len = (double)g->per_roll * pitch / elong;
            g->jumbo[e][j] = add_lot(ctx, p, "JUMBO-%u-%05u", e, j, NONE);
            g->cal[e][j] = add_lot(ctx, p, "CAL-%u-%05u", e, j, NONE);
            in[0] = g->slurry[e][(uint64_t)j * g->batches / g->jumbos];
            in[1] = g->foil[e][j / 10];
            snprintf(id, sizeof id, "COAT-%u-%u", (unsigned)e, (unsigned)j);
            respond(ctx, g, p, id, segs[1], (int64_t)j * 100000, g->coater, in, 2,
                    &g->jumbo[e][j], 1, record);
            snprintf(id, sizeof id, "CAL-%u-%u", (unsigned)e, (unsigned)j);
            respond(ctx, g, p, id, segs[2], (int64_t)j * 100000 + 5000, NONE, &g->jumbo[e][j],
                    1, &g->cal[e][j], 1, record);
            CK(liion_plant_roll_link(p, g->jumbo[e][j], g->cal[e][j], 0, len, -INFINITY,
                                     INFINITY, 0, elong, LIION_ROLL_REVERSED));
            for (uint32_t k = 0; k < g->lanes; k++) {
                uint32_t d = j * g->lanes + k;
                g->daughter[e][d] = add_lot(ctx, p, "D-%u-%07u", e, d, g->cal[e][j]);
                out[k] = g->daughter[e][d];
                CK(liion_plant_roll_link(p, g->cal[e][j], g->daughter[e][d], 0, len * elong,
                                         lane_w * k, lane_w * (k + 1), 0, 1.0,
                                         LIION_ROLL_LANE));
            }
            snprintf(id, sizeof id, "SLIT-%u-%u", (unsigned)e, (unsigned)j);
            respond(ctx, g, p, id, segs[3], (int64_t)j * 100000 + 9000, NONE, &g->cal[e][j], 1,
                    out, g->lanes, record);
        }
    }
    for (uint32_t f = 0; f < ncomp; f++)
        for (uint32_t k = 0; k < g->ncomp[f]; k++)
            g->comp[f][k] = add_lot(ctx, p, "COMP-%02u-%05u", f, k, NONE);
    for (uint32_t i = 0; i < g->cells; i++) {
        uint32_t d = i / g->per_roll, pos = i % g->per_roll, n = 0;
        g->cell[i] = add_lot(ctx, p, "CELL-%08u%.0u", i, 0, NONE);
        in[n++] = g->daughter[0][d];
        in[n++] = g->daughter[1][d];
        for (uint32_t f = 0; f < ncomp; f++)
            in[n++] = g->comp[f][i / comp_period(f)];
        snprintf(id, sizeof id, "STK-%08u", (unsigned)i);
        respond(ctx, g, p, id, g->seg_stack, (int64_t)i * 1000, g->stacker[i % 8], in, n,
                &g->cell[i], 1, record);
        CK(liion_plant_roll_use(p, g->daughter[0][d], pos * pitch, pos * pitch + pitch,
                                g->cell[i], 0));
        CK(liion_plant_roll_use(p, g->daughter[1][d], pos * pitch, pos * pitch + pitch,
                                g->cell[i], 0));
    }
}

/* ---- optional huge-page allocator ---- */
#define HP_MIN ((size_t)2 << 20)
static size_t hp_round(size_t n)
{
    return (n + HP_MIN - 1) & ~(HP_MIN - 1);
}
static void *hp_alloc(void *u, size_t n)
{
    void *p;
    (void)u;
    if (n < HP_MIN)
        return malloc(n);
    p = mmap(NULL, hp_round(n), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    (void)madvise(p, hp_round(n), MADV_HUGEPAGE);
    return p;
}
static void hp_free(void *u, void *p, size_t n)
{
    (void)u;
    if (n < HP_MIN)
        free(p);
    else
        munmap(p, hp_round(n));
}
static void *hp_realloc(void *u, void *p, size_t old, size_t n)
{
    void *q;
    if (old < HP_MIN && n < HP_MIN)
        return realloc(p, n);
    if (old >= HP_MIN && n >= HP_MIN) {
        q = mremap(p, hp_round(old), hp_round(n), MREMAP_MAYMOVE);
        if (q == MAP_FAILED)
            return NULL;
        (void)madvise(q, hp_round(n), MADV_HUGEPAGE);
        return q;
    }
    q = hp_alloc(u, n);
    if (q == NULL)
        return NULL;
    memcpy(q, p, old < n ? old : n);
    hp_free(u, p, old);
    return q;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static uint64_t median(uint64_t *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_u64);
    return v[n / 2];
}

static uint64_t pct(uint64_t *v, size_t n, double q)
{
    qsort(v, n, sizeof *v, cmp_u64);
    return v[(size_t)((double)(n - 1) * q)];
}

static uint64_t lcg_state = 0x2545F4914F6CDD1Dull;
static uint32_t lcg(void)
{
    lcg_state = lcg_state * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(lcg_state >> 33);
}

static uint32_t arg_u32(int argc, char **argv, const char *name, uint32_t def)
{
    for (int i = 1; i + 1 < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return (uint32_t)strtoul(argv[i + 1], NULL, 10);
    return def;
}

static int has_flag(int argc, char **argv, const char *name)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return 1;
    return 0;
}

int main(int argc, char **argv)
{
    int quick = bench_quick(argc, argv);
    int use_sqlite = !has_flag(argc, argv, "--no-sqlite");
    gen g;
    liion_ctx *ctx;
    liion_plant *p;
    liion_trace *t;
    uint64_t t0, t1, build_ns, compact_ns;
    size_t nq;
    uint64_t *lat;
    uint64_t back_rows = 0;

    memset(&g, 0, sizeof g);
    g.cells = arg_u32(argc, argv, "--cells", quick ? 3000u : 1000000u);
    g.refs = arg_u32(argc, argv, "--refs", 20);
    g.lanes = arg_u32(argc, argv, "--lanes", 4);
    g.per_roll = arg_u32(argc, argv, "--per-roll", quick ? 250u : 2500u);
    g.batches = arg_u32(argc, argv, "--batches", g.cells / 100000u ? g.cells / 100000u : 1u);
    if (g.refs < 2 || g.refs > 60 || g.lanes < 1 || g.lanes > 16 || g.per_roll < 1 ||
        g.cells < 1 || g.batches < 1) {
        fprintf(stderr, "bench_genealogy: bad parameters\n");
        return 2;
    }
    g.daughters = (g.cells + g.per_roll - 1) / g.per_roll;
    g.jumbos = (g.daughters + g.lanes - 1) / g.lanes;
    g.daughters = g.jumbos * g.lanes;
    if (g.batches > g.jumbos)
        g.batches = g.jumbos;
    g.cams = g.batches / 2 ? g.batches / 2 : 1;
    g.foils = (g.jumbos + 9) / 10;
    for (int e = 0; e < 2; e++) {
        g.cam[e] = calloc(g.cams, 4);
        g.foil[e] = calloc(g.foils, 4);
        g.slurry[e] = calloc(g.batches, 4);
        g.jumbo[e] = calloc(g.jumbos, 4);
        g.cal[e] = calloc(g.jumbos, 4);
        g.daughter[e] = calloc(g.daughters, 4);
    }
    g.comp = calloc(g.refs, sizeof *g.comp);
    g.ncomp = calloc(g.refs, 4);
    for (uint32_t f = 0; f + 2 < g.refs; f++) {
        g.ncomp[f] = g.cells / comp_period(f) + 1;
        g.comp[f] = calloc(g.ncomp[f], 4);
    }
    g.cell = calloc(g.cells, 4);
    if (g.cell == NULL)
        die("out of memory", NULL);

    printf("synthetic plant: %u cells, %u refs/cell, %u lanes, %u cells/daughter roll, "
           "%u jumbo rolls/electrode, %u slurry batches/electrode\n",
           (unsigned)g.cells, (unsigned)g.refs, (unsigned)g.lanes, (unsigned)g.per_roll,
           (unsigned)g.jumbos, (unsigned)g.batches);

    {
        liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
        liion_allocator hp = { sizeof(liion_allocator), 0, hp_alloc, hp_realloc, hp_free, NULL };
        if (has_flag(argc, argv, "--hugepages")) {
            o.allocator = &hp;
            printf("allocator: transparent huge pages (madvise) for blocks >= 2 MiB\n");
        }
        if (liion_ctx_new(&ctx, &o) != LIION_OK)
            die("ctx", NULL);
    }
    CK(liion_plant_new(&p, ctx));
    CK(liion_trace_new(&t, ctx));

    t0 = bench_now_ns();
    build(ctx, p, &g, use_sqlite);
    t1 = bench_now_ns();
    build_ns = t1 - t0;
    CK(liion_plant_compact(p));
    compact_ns = bench_now_ns() - t1;
    {
        uint64_t edges = liion_plant_edge_count(p);
        uint64_t gb = liion_plant_graph_bytes(p);
        uint64_t mem = liion_ctx_memory_used(ctx);
        printf("ingest (public API, IDs, responses, actuals, equipment use, roll map): "
               "%.2f s, %llu edges, %.2f M edges/s, %.2f M cells/s\n",
               (double)build_ns / 1e9, (unsigned long long)edges,
               (double)edges / ((double)build_ns / 1e9) / 1e6,
               (double)g.cells / ((double)build_ns / 1e9) / 1e6);
        printf("compact: %.3f s\n", (double)compact_ns / 1e9);
        printf("memory: graph %.2f bytes/edge (forward CSR, backward rows or CSR, indexes, marks); whole "
               "plant %.1f bytes/edge, %.0f bytes/cell (%.1f MiB)\n",
               (double)gb / (double)edges, (double)mem / (double)edges,
               (double)mem / (double)g.cells, (double)mem / 1048576.0);
    }

    /* The SQLite reference is loaded first so that every trace below runs interleaved with
     * its SQLite twin: on a shared, loaded machine both see the same load. */
    void *db_handle = NULL;
#ifdef LIION_BENCH_HAVE_SQLITE
    sqlite3 *db = NULL;
    sqlite3_stmt *up = NULL, *down = NULL;
    if (use_sqlite) {
        sqlite3_stmt *ins;
        char *err = NULL;
        uint64_t a;
        if (sqlite3_open(":memory:", &db) != SQLITE_OK)
            die("sqlite open", NULL);
        sqlite3_exec(db,
                     "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; "
                     "PRAGMA cache_size=-8000000; PRAGMA temp_store=MEMORY;"
                     "CREATE TABLE edge(parent INTEGER NOT NULL, child INTEGER NOT NULL, "
                     "PRIMARY KEY(child, parent)) WITHOUT ROWID;",
                     NULL, NULL, &err);
        if (err)
            die(err, NULL);
        sqlite3_int64 mem0 = sqlite3_memory_used();
        a = bench_now_ns();
        sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
        sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO edge VALUES(?1, ?2)", -1, &ins, NULL);
        for (size_t i = 0; i < g.n_edges; i++) {
            sqlite3_bind_int64(ins, 1, (sqlite3_int64)(g.edges[i] >> 32));
            sqlite3_bind_int64(ins, 2, (sqlite3_int64)(g.edges[i] & 0xffffffffu));
            sqlite3_step(ins);
            sqlite3_reset(ins);
        }
        sqlite3_finalize(ins);
        sqlite3_exec(db, "CREATE INDEX edge_parent ON edge(parent, child); COMMIT", NULL, NULL,
                     &err);
        if (err)
            die(err, NULL);
        uint64_t sq_ingest = bench_now_ns() - a;
        sqlite3_int64 sq_mem = sqlite3_memory_used() - mem0;
        printf("sqlite %s reference: ingest %.2f s (%.2f M edges/s), %.1f bytes/edge "
               "(WITHOUT ROWID table + index on parent)\n",
               sqlite3_libversion(), (double)sq_ingest / 1e9,
               (double)g.n_edges / ((double)sq_ingest / 1e9) / 1e6,
               (double)sq_mem / (double)g.n_edges);
        sqlite3_prepare_v2(db,
                           "WITH RECURSIVE up(lot) AS (SELECT ?1 UNION SELECT e.parent FROM edge "
                           "e JOIN up ON e.child = up.lot) SELECT count(*) - 1 FROM up",
                           -1, &up, NULL);
        sqlite3_prepare_v2(db,
                           "WITH RECURSIVE down(lot) AS (SELECT ?1 UNION SELECT e.child FROM "
                           "edge e JOIN down ON e.parent = down.lot) SELECT count(*) FROM down "
                           "WHERE NOT EXISTS (SELECT 1 FROM edge x WHERE x.parent = down.lot)",
                           -1, &down, NULL);
        db_handle = db;
    }
#else
    printf("sqlite reference: not built (no libsqlite3)\n");
#endif

    /* backward traces: libliion back to back, SQLite back to back on the same cells (both
     * warm, the headline ratio), then both interleaved (each query after the other engine
     * has had the caches) */
    nq = quick ? 200 : 20000;
    size_t nsq = db_handle ? (quick ? 50 : 2000) : 0;
    lat = calloc(nq > 1000 ? nq : 1000, sizeof *lat);
    uint64_t *sqlat = calloc(nq, sizeof *sqlat), *ilat = calloc(nq, sizeof *ilat);
    uint32_t *qcell = calloc(nq, sizeof *qcell);
    for (size_t i = 0; i < nq; i++)
        qcell[i] = g.cell[lcg() % g.cells];
    for (uint32_t rep = arg_u32(argc, argv, "--profile-backward", 0); rep > 0; rep--)
        for (size_t i = 0; i < nq; i++) /* profiling aid: run the loop below many times */
            CK(liion_plant_trace_backward(p, t, qcell[i], 0, LIION_FILTER_NONE, 0));
    for (size_t i = 0; i < nq; i++) {
        uint64_t a = bench_now_ns();
        CK(liion_plant_trace_backward(p, t, qcell[i], 0, LIION_FILTER_NONE, 0));
        lat[i] = bench_now_ns() - a;
        back_rows += liion_trace_count(t);
    }
    {
        /* the same cell again and again: the walk with every line in cache (the cost that is
         * not memory latency) */
        uint64_t a = bench_now_ns();
        for (size_t i = 0; i < 1000; i++)
            CK(liion_plant_trace_backward(p, t, qcell[0], 0, LIION_FILTER_NONE, 0));
        printf("backward trace, one cell repeated (hot caches): %.3f us/trace\n",
               (double)(bench_now_ns() - a) / 1e3 / 1000.0);
    }
    uint64_t back_p99 = pct(lat, nq, 0.99);
    uint64_t back_med = median(lat, nq);
    printf("backward trace: median %.3f us, p99 %.3f us, %.1f ancestors/cell (expected %u)\n",
           (double)back_med / 1e3, (double)back_p99 / 1e3, (double)back_rows / (double)nq,
           (unsigned)(16 + g.refs - 2));
    if (back_rows != (uint64_t)nq * (16u + g.refs - 2u))
        die("backward trace size mismatch", NULL);
#ifdef LIION_BENCH_HAVE_SQLITE
    for (int mode = 0; mode < 2 && nsq > 0; mode++) {
        for (size_t i = 0; i < nsq; i++) {
            int64_t cnt;
            uint64_t a;
            if (mode == 1) {
                a = bench_now_ns();
                CK(liion_plant_trace_backward(p, t, qcell[i], 0, LIION_FILTER_NONE, 0));
                ilat[i] = bench_now_ns() - a;
            }
            a = bench_now_ns();
            sqlite3_bind_int64(up, 1, qcell[i]);
            if (sqlite3_step(up) != SQLITE_ROW)
                die(sqlite3_errmsg(db), NULL);
            cnt = sqlite3_column_int64(up, 0);
            sqlite3_reset(up);
            sqlat[i] = bench_now_ns() - a;
            if (cnt != (int64_t)(16 + g.refs - 2))
                die("sqlite backward count differs", NULL);
        }
        uint64_t sq_back = median(sqlat, nsq);
        if (mode == 0)
            printf("  sqlite recursive CTE, same cells, back to back: median %.3f us -> "
                   "libliion %.1fx faster\n",
                   (double)sq_back / 1e3, (double)sq_back / (double)back_med);
        else
            printf("  interleaved with sqlite (cold caches): libliion median %.3f us, sqlite "
                   "%.3f us -> %.1fx\n",
                   (double)median(ilat, nsq) / 1e3, (double)sq_back / 1e3,
                   (double)sq_back / (double)median(ilat, nsq));
    }
#endif
    free(ilat);
    free(qcell);

    /* forward recall of cathode slurry batches (wall and thread CPU time) */
    size_t nf = g.batches < 5 ? g.batches : 5;
    uint64_t fwd_cells = 0, *cpu = calloc(nf, sizeof *cpu);
    int64_t sq_cells = 0;
    for (uint32_t rep = arg_u32(argc, argv, "--profile-forward", 0); rep > 0; rep--)
        CK(liion_plant_trace_forward(p, t, g.slurry[0][rep % nf], 0, LIION_TRACE_TERMINAL_ONLY));
    for (size_t i = 0; i < nf; i++) {
        struct timespec c0, c1;
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0);
        uint64_t a = bench_now_ns();
        CK(liion_plant_trace_forward(p, t, g.slurry[0][i], 0, LIION_TRACE_TERMINAL_ONLY));
        lat[i] = bench_now_ns() - a;
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c1);
        cpu[i] = (uint64_t)(c1.tv_sec - c0.tv_sec) * 1000000000u + (uint64_t)c1.tv_nsec -
                 (uint64_t)c0.tv_nsec;
        fwd_cells += liion_trace_count(t);
#ifdef LIION_BENCH_HAVE_SQLITE
        if (db_handle && i < 3) {
            int64_t cnt;
            a = bench_now_ns();
            sqlite3_bind_int64(down, 1, g.slurry[0][i]);
            if (sqlite3_step(down) != SQLITE_ROW)
                die(sqlite3_errmsg(db), NULL);
            cnt = sqlite3_column_int64(down, 0);
            sqlite3_reset(down);
            sqlat[i] = bench_now_ns() - a;
            sq_cells += cnt;
            if (cnt != (int64_t)liion_trace_count(t))
                die("sqlite forward count differs", NULL);
        }
#endif
    }
    uint64_t fwd_med = median(lat, nf);
    printf("forward recall (slurry batch -> cells, sorted set): median %.3f ms wall, %.3f ms "
           "thread CPU, %.0f cells/recall, %.1f ns/cell\n",
           (double)fwd_med / 1e6, (double)median(cpu, nf) / 1e6,
           (double)fwd_cells / (double)nf, (double)fwd_med / ((double)fwd_cells / (double)nf));
    if (db_handle) {
        size_t nsf = nf < 3 ? nf : 3;
        uint64_t sq_fwd = median(sqlat, nsf);
        printf("  sqlite recursive CTE, same lots, interleaved: median %.3f ms (%.0f cells) -> "
               "libliion %.1fx faster\n",
               (double)sq_fwd / 1e6, (double)sq_cells / (double)nsf,
               (double)sq_fwd / (double)fwd_med);
    }
    {
        /* the same recall through the lazy cursor, in batches of 4096 cells */
        liion_plant_cursor *cur;
        static uint32_t batch[4096];
        size_t got, total = 0;
        uint64_t a, first = 0;
        CK(liion_plant_cursor_new(&cur, p));
        a = bench_now_ns();
        CK(liion_plant_cursor_forward(cur, g.slurry[0][nf > 0 ? nf - 1 : 0], 0,
                                       LIION_TRACE_TERMINAL_ONLY));
        do {
            CK(liion_plant_cursor_read(&got, batch, NULL, cur, 4096));
            if (total == 0)
                first = bench_now_ns() - a;
            total += got;
        } while (got > 0);
        uint64_t all = bench_now_ns() - a;
        printf("forward recall through the cursor (4096-cell batches, BFS order): first batch "
               "%.3f ms, all %.3f ms, %zu cells\n",
               (double)first / 1e6, (double)all / 1e6, total);
        if (total != (size_t)liion_trace_count(t) && nf > 0)
            die("cursor and set differ", NULL);
        liion_plant_cursor_free(cur);
    }
    free(cpu);
    free(sqlat);
#ifdef LIION_BENCH_HAVE_SQLITE
    if (db_handle) {
        sqlite3_finalize(up);
        sqlite3_finalize(down);
        sqlite3_close(db);
    }
#endif

    /* other queries */
    {
        uint32_t three[3] = { g.cell[0], g.cell[1], g.cell[2] }, first, last;
        uint64_t a, n;
        a = bench_now_ns();
        CK(liion_plant_common_cause(p, t, three, 3));
        printf("common cause (3 cells of one daughter roll): %.3f ms, %zu shared lots, most "
               "specific '%s' (%.0f cells)\n",
               (double)(bench_now_ns() - a) / 1e6, liion_trace_count(t),
               liion_plant_id(p, LIION_OBJ_LOT, liion_trace_index(t, 0)),
               liion_trace_score(t, 0));
        a = bench_now_ns();
        CK(liion_plant_common_equipment(p, t, three, 3));
        printf("common equipment: %.3f ms, %zu pieces\n", (double)(bench_now_ns() - a) / 1e6,
               liion_trace_count(t));
        CK(liion_plant_equipment_window(p, t, g.stacker[0], 0, 1)); /* builds the index */
        a = bench_now_ns();
        CK(liion_plant_common_equipment_overlap(p, t, three, 3, 0));
        printf("common equipment with overlapping use: %.3f ms, %zu pieces\n",
               (double)(bench_now_ns() - a) / 1e6, liion_trace_count(t));
        a = bench_now_ns();
        CK(liion_plant_equipment_window(p, t, g.stacker[0], 1000000, 1000000 + 3600000));
        printf("equipment window (1 h on one stacker): %.3f us, %zu lots\n",
               (double)(bench_now_ns() - a) / 1e3, liion_trace_count(t));
        a = bench_now_ns();
        CK(liion_plant_first_last_cell(&first, &last, p, g.cam[0][0]));
        printf("first/last cell of a CAM lot: %.3f ms (%s .. %s)\n",
               (double)(bench_now_ns() - a) / 1e6, liion_plant_id(p, LIION_OBJ_LOT, first),
               liion_plant_id(p, LIION_OBJ_LOT, last));
        CK(liion_plant_roll_defect(p, t, g.jumbo[0][0], 1.0, 0.0, 10.0)); /* builds the index */
        size_t nd = quick ? 100 : 1000, hits = 0;
        double len = (double)g.per_roll * 2.0 / 1.02;
        for (size_t i = 0; i < nd; i++) {
            uint32_t j = lcg() % g.jumbos;
            double md = (double)(lcg() % 100000) / 100000.0 * len;
            double cd = (double)(lcg() % (300 * g.lanes));
            a = bench_now_ns();
            CK(liion_plant_roll_defect(p, t, g.jumbo[0][j], md, 0.5, cd));
            lat[i] = bench_now_ns() - a;
            hits += liion_trace_count(t);
        }
        printf("roll-map defect (jumbo, MD +- 0.5 m, CD): median %.3f us, %.2f cells/defect\n",
               (double)median(lat, nd) / 1e3, (double)hits / (double)nd);
        a = bench_now_ns();
        CK(liion_plant_roll_neighbours(p, t, g.jumbo[0][0], 100.0, 10.0, 5));
        printf("roll-map 5 cells either side: %.3f us, %zu cells\n",
               (double)(bench_now_ns() - a) / 1e3, liion_trace_count(t));
        a = bench_now_ns();
        CK(liion_plant_quarantine(&n, p, g.slurry[1][0]));
        printf("quarantine of an anode slurry batch: %.3f ms, %llu lots restricted\n",
               (double)(bench_now_ns() - a) / 1e6, (unsigned long long)n);
    }

    liion_trace_free(t);
    liion_plant_free(p);
    liion_ctx_free(ctx);
    free(g.edges);
    free(lat);
    for (int e = 0; e < 2; e++) {
        free(g.slurry[e]);
        free(g.jumbo[e]);
        free(g.cal[e]);
        free(g.daughter[e]);
        free(g.cam[e]);
        free(g.foil[e]);
    }
    for (uint32_t f = 0; f + 2 < g.refs; f++)
        free(g.comp[f]);
    free(g.comp);
    free(g.ncomp);
    free(g.cell);
    return 0;
}
