/* Tests of the durable plant store (include/liion/store.h, lib/store): journal round trip,
 * recovery of torn tails at every byte offset, middle corruption, single writer, read-only
 * readers, SIGKILL crash consistency, allocation failure. */
#define _GNU_SOURCE
#include <liion/liion.h>

#include "store/store_int.h"
#include "support/failalloc.h"
#include "support/run.h"

#include <cbor.h>
#include <check.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

_Static_assert(LIION_STORE_GROUP == 0 && LIION_STORE_FULL == 1 && LIION_STORE_NONE == 2,
               "durability values");
_Static_assert(sizeof(liion_store_durability) == 4, "enum is 32 bits");

static liion_ctx *ctx;
/* Set in forked children: Check's assertions must not run there (they write to the test's
 * message channel, which a child under a file size limit would corrupt). */
static int in_child;
#define CHK(c)                                                                                \
    do {                                                                                      \
        if (in_child) {                                                                       \
            if (!(c))                                                                         \
                _exit(20);                                                                    \
        } else {                                                                              \
            ck_assert(c);                                                                     \
        }                                                                                     \
    } while (0)
static char dir[64];
static char path[128];

static void setup(void)
{
    strcpy(dir, "/tmp/liion-store-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/plant.store", dir);
    ck_assert_int_eq(liion_ctx_new(&ctx, NULL), LIION_OK);
}

static void teardown(void)
{
    char cmd[160];
    liion_ctx_free(ctx);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

/* ---- helpers ------------------------------------------------------------------------------ */

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 1099511628211ull;
    return h;
}

static uint64_t fnv_str(uint64_t h, const char *s)
{
    return s == NULL ? fnv(h, "\1", 1) : fnv(h, s, strlen(s) + 1);
}

/* Hash of everything the workload touches: counts, edges, per lot its ID, disposition,
 * status, quantity and properties, and a backward trace of the last lot. */
static uint64_t fingerprint(liion_plant *p)
{
    uint64_t h = 14695981039346656037ull, e = liion_plant_edge_count(p);
    uint32_t nlots = liion_plant_count(p, LIION_OBJ_LOT);
    for (int k = LIION_OBJ_EQUIPMENT_CLASS; k <= LIION_OBJ_PERSON; k++) {
        uint32_t c = liion_plant_count(p, (liion_object_kind)k);
        h = fnv(h, &c, sizeof c);
    }
    h = fnv(h, &e, sizeof e);
    for (uint32_t i = 0; i < nlots; i++) {
        liion_disposition d = liion_plant_lot_disposition(p, i);
        double v = 0, num = 0;
        const char *unit = NULL, *text = NULL;
        liion_prop_type pt;
        h = fnv_str(h, liion_plant_id(p, LIION_OBJ_LOT, i));
        h = fnv(h, &d, sizeof d);
        h = fnv_str(h, liion_plant_lot_status(p, i));
        if (liion_plant_lot_quantity(&v, &unit, NULL, p, i) == LIION_OK) {
            h = fnv(h, &v, sizeof v);
            h = fnv_str(h, unit);
        }
        if (liion_plant_prop_get(&pt, &num, &text, p, LIION_OBJ_LOT, i, "ocv") == LIION_OK)
            h = fnv(h, &num, sizeof num);
        if (liion_plant_prop_get(&pt, &num, &text, p, LIION_OBJ_LOT, i, "grade") == LIION_OK)
            h = fnv_str(h, text);
    }
    if (nlots > 0) {
        liion_trace *t = NULL;
        CHK(liion_trace_new(&t, ctx) == LIION_OK);
        CHK(liion_plant_trace_backward(p, t, nlots - 1, 0, LIION_FILTER_NONE, 0) == LIION_OK);
        for (size_t i = 0; i < liion_trace_count(t); i++) {
            uint32_t x = liion_trace_index(t, i);
            h = fnv(h, &x, sizeof x);
        }
        liion_trace_free(t);
    }
    return h;
}

typedef struct fixture {
    uint32_t raw, seg, eq, person, module;
} fixture;

static void ok(liion_status st)
{
    if (in_child) {
        if (st != LIION_OK)
            _exit(21);
        return;
    }
    ck_assert_msg(st == LIION_OK, "status %d: %s", (int)st, liion_ctx_errmsg(ctx));
}

static void base_objects(liion_plant *p, fixture *f)
{
    uint32_t cls, mc, def;
    ok(liion_plant_equipment_class_add(&cls, p, NULL, "Formation", LIION_EQ_WORK_CELL));
    ok(liion_plant_equipment_add(&f->eq, p, "site", "FORM-01", LIION_EQ_WORK_CELL,
                                 LIION_PLANT_NONE, cls));
    ok(liion_plant_material_class_add(&mc, p, NULL, "Cathode"));
    ok(liion_plant_material_definition_add(&def, p, NULL, "NMC811", mc));
    ok(liion_plant_lot_add(&f->raw, p, "supplier", "LOT-RAW", def, LIION_PLANT_NONE));
    ok(liion_plant_lot_add(&f->module, p, NULL, "MODULE-1", LIION_PLANT_NONE, LIION_PLANT_NONE));
    ok(liion_plant_segment_add(&f->seg, p, NULL, "Assembly", LIION_STEP_STACKING));
    ok(liion_plant_person_add(&f->person, p, NULL, "op-7"));
}

/* One unit of work using every journalled mutation: a cell made from the raw lot. */
static void unit(liion_plant *p, const fixture *f, uint32_t i)
{
    char id[32];
    uint32_t cell, r;
    snprintf(id, sizeof id, "CELL-%06u", (unsigned)i);
    ok(liion_plant_lot_add(&cell, p, "gs1", id, LIION_PLANT_NONE, LIION_PLANT_NONE));
    snprintf(id, sizeof id, "R-%06u", (unsigned)i);
    ok(liion_plant_response_add(&r, p, NULL, id, f->seg, -1000 + (int64_t)i, (int64_t)i * 7));
    ok(liion_plant_response_add_equipment(p, r, f->eq));
    ok(liion_plant_response_add_person(p, r, f->person));
    ok(liion_plant_response_add_material_qty(p, r, f->raw, LIION_USE_CONSUMED, 0.25 * i, "KGM"));
    ok(liion_plant_response_add_material(p, r, cell, LIION_USE_PRODUCED));
    if (i % 3 == 0) {
        ok(liion_plant_lot_set_quantity(p, cell, 1.0 + i, "H87", LIION_QTY_INTEGER));
        ok(liion_plant_lot_set_status(p, cell, i % 2 ? "OK" : "HOLD"));
        ok(liion_plant_lot_set_disposition(p, cell, LIION_DISP_UNRESTRICTED));
    }
    if (i % 4 == 1) {
        ok(liion_plant_prop_set_number(p, LIION_OBJ_LOT, cell, "ocv", 3.6 + i / 1000.0, "VLT"));
        ok(liion_plant_prop_set_text(p, LIION_OBJ_LOT, cell, "grade", i % 8 ? "A" : "B"));
        ok(liion_plant_equipment_use_add(p, f->eq, cell, (int64_t)i, (int64_t)i + 5));
    }
    if (i % 5 == 2)
        ok(liion_plant_assembly_add(p, f->module, cell, LIION_ASSEMBLY_PHYSICAL,
                                    LIION_ASSEMBLY_PERMANENT));
}

static liion_store *open_store(const char *file, uint32_t flags, uint32_t durability)
{
    liion_store_options o = LIION_STORE_OPTIONS_INIT;
    liion_store *s = NULL;
    o.flags = flags;
    o.durability = durability;
    o.group_records = 1u << 30; /* explicit commits only */
    o.group_ms = 1000000;
    ok(liion_store_open(&s, ctx, file, &o));
    return s;
}

static size_t file_size(const char *file)
{
    struct stat sb;
    ck_assert_int_eq(stat(file, &sb), 0);
    return (size_t)sb.st_size;
}

static unsigned char *read_all(const char *file, size_t *n)
{
    FILE *fp = fopen(file, "rb");
    unsigned char *b;
    ck_assert_ptr_nonnull(fp);
    *n = file_size(file);
    b = malloc(*n + 1);
    ck_assert_ptr_nonnull(b);
    ck_assert_uint_eq(fread(b, 1, *n, fp), *n);
    fclose(fp);
    return b;
}

static void write_all(const char *file, const unsigned char *b, size_t n)
{
    FILE *fp = fopen(file, "wb");
    ck_assert_ptr_nonnull(fp);
    ck_assert_uint_eq(fwrite(b, 1, n, fp), n);
    ck_assert_int_eq(fclose(fp), 0);
}

static uint32_t crc32_ieee(const unsigned char *b, size_t n)
{
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < n; i++) {
        c ^= b[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
    }
    return c ^ 0xffffffffu;
}

/* ---- tests -------------------------------------------------------------------------------- */

START_TEST(round_trip_and_append)
{
    fixture f;
    uint64_t fp, seq;
    liion_store *s = open_store(path, 0, LIION_STORE_GROUP);
    liion_plant *p = liion_store_plant(s);
    ck_assert_uint_eq(liion_store_seq(s), 0);
    ck_assert_uint_eq(liion_store_committed_bytes(s), 24);
    base_objects(p, &f);
    for (uint32_t i = 0; i < 300; i++)
        unit(p, &f, i);
    ok(liion_store_commit(s));
    ok(liion_store_commit(s)); /* nothing pending: no-op */
    seq = liion_store_seq(s);
    ck_assert_uint_eq(liion_store_committed_seq(s), seq);
    fp = fingerprint(p);
    ck_assert_uint_eq(liion_plant_edge_count(p), 300 + 60);
    {
        uint64_t bytes = liion_store_committed_bytes(s);
        liion_store_free(s);
        ck_assert_uint_eq(file_size(path), bytes);
    }

    s = open_store(path, 0, LIION_STORE_GROUP);
    p = liion_store_plant(s);
    ck_assert_uint_eq(fingerprint(p), fp);
    ck_assert_uint_eq(liion_store_seq(s), seq);
    ck_assert_uint_eq(liion_store_tail_cut(s), 0);
    ck_assert_uint_eq(liion_plant_count(p, LIION_OBJ_LOT), 302);
    /* Append more after the reopen; liion_store_free commits them. */
    for (uint32_t i = 300; i < 400; i++)
        unit(p, &f, i);
    /* quarantine goes through the disposition mutation point and is journalled too */
    {
        uint64_t n = 0;
        ok(liion_plant_quarantine(&n, p, f.raw));
        ck_assert_uint_gt(n, 400);
    }
    fp = fingerprint(p);
    liion_store_free(s);
    s = open_store(path, LIION_STORE_READ_ONLY, 0);
    ck_assert_uint_eq(fingerprint(liion_store_plant(s)), fp);
    ck_assert_int_eq(liion_plant_lot_disposition(liion_store_plant(s), 5), LIION_DISP_RESTRICTED);
    liion_store_free(s);
}
END_TEST

START_TEST(durability_modes)
{
    for (uint32_t mode = 0; mode <= LIION_STORE_NONE; mode++) {
        fixture f;
        uint64_t fp;
        liion_store *s;
        char file[160];
        snprintf(file, sizeof file, "%s/mode%u.store", dir, (unsigned)mode);
        s = open_store(file, 0, mode);
        base_objects(liion_store_plant(s), &f);
        for (uint32_t i = 0; i < 20; i++) {
            unit(liion_store_plant(s), &f, i);
            if (mode == LIION_STORE_FULL) /* every mutation is its own commit */
                ck_assert_uint_eq(liion_store_committed_seq(s), liion_store_seq(s));
        }
        ok(liion_store_commit(s));
        fp = fingerprint(liion_store_plant(s));
        liion_store_free(s);
        s = open_store(file, LIION_STORE_READ_ONLY, 0);
        ck_assert_uint_eq(fingerprint(liion_store_plant(s)), fp);
        liion_store_free(s);
    }
}
END_TEST

START_TEST(group_commit_by_count)
{
    liion_store_options o = LIION_STORE_OPTIONS_INIT;
    liion_store *s = NULL;
    fixture f;
    o.group_records = 10;
    ok(liion_store_open(&s, ctx, path, &o));
    base_objects(liion_store_plant(s), &f);
    ck_assert_uint_eq(liion_store_committed_seq(s), 0); /* 8 records: below the group */
    unit(liion_store_plant(s), &f, 0);
    ck_assert_uint_eq(liion_store_committed_seq(s), 11); /* 10 ops + the commit record */
    liion_store_free(s);
}
END_TEST

START_TEST(group_commit_by_time)
{
    liion_store_options o = LIION_STORE_OPTIONS_INIT;
    liion_store *s = NULL;
    uint32_t lot;
    struct timespec ts = { 0, 5 * 1000 * 1000 };
    o.group_ms = 2;
    ok(liion_store_open(&s, ctx, path, &o));
    ok(liion_plant_lot_add(&lot, liion_store_plant(s), NULL, "A", LIION_PLANT_NONE,
                           LIION_PLANT_NONE));
    ck_assert_uint_eq(liion_store_committed_seq(s), 0);
    nanosleep(&ts, NULL);
    ok(liion_plant_lot_add(&lot, liion_store_plant(s), NULL, "B", LIION_PLANT_NONE,
                           LIION_PLANT_NONE));
    ck_assert_uint_eq(liion_store_committed_seq(s), 3); /* 2 ops + commit */
    liion_store_free(s);
}
END_TEST

#define MAX_COMMITS 64

/* Write a store with explicit commits; return each commit's end offset and fingerprint. */
static size_t build_committed(const char *file, size_t *ends, uint64_t *fps, uint64_t *seqs)
{
    fixture f;
    size_t n = 0;
    liion_store *s = open_store(file, 0, LIION_STORE_GROUP);
    liion_plant *p = liion_store_plant(s);
    ends[n] = 24;
    fps[n] = fingerprint(p);
    seqs[n++] = 0;
    base_objects(p, &f);
    for (uint32_t i = 0; i < 40; i++) {
        unit(p, &f, i);
        if ((i % 8 == 7 && i != 39) || i == 38) {
            ok(liion_store_commit(s));
            ends[n] = (size_t)liion_store_committed_bytes(s);
            fps[n] = fingerprint(p);
            seqs[n++] = liion_store_committed_seq(s);
        }
    }
    /* i == 39 stays uncommitted: liion_store_free commits it; cut it off below instead. */
    liion_store_free(s);
    return n;
}

START_TEST(truncate_at_every_offset)
{
    size_t ends[MAX_COMMITS], n, len;
    uint64_t fps[MAX_COMMITS], seqs[MAX_COMMITS];
    unsigned char *full;
    char file[160];
    n = build_committed(path, ends, fps, seqs);
    full = read_all(path, &len);
    ck_assert_uint_gt(len, ends[n - 1]); /* the final commit made by liion_store_free */
    snprintf(file, sizeof file, "%s/cut.store", dir);
    /* Every byte offset from two commits before the end to the full length. */
    for (size_t cut = ends[n - 3]; cut <= len; cut++) {
        size_t j = n - 1;
        liion_store *s;
        while (j > 0 && ends[j] > cut)
            j--;
        if (cut >= len) { /* the complete file: everything, incl. the commit by free */
            write_all(file, full, cut);
            s = open_store(file, 0, 0);
            ck_assert_uint_eq(liion_store_tail_cut(s), 0);
            liion_store_free(s);
            continue;
        }
        write_all(file, full, cut);
        /* A reader sees the committed prefix and leaves the file alone. */
        s = open_store(file, LIION_STORE_READ_ONLY, 0);
        ck_assert_uint_eq(fingerprint(liion_store_plant(s)), fps[j]);
        ck_assert_uint_eq(liion_store_tail_cut(s), cut - ends[j]);
        liion_store_free(s);
        ck_assert_uint_eq(file_size(file), cut);
        /* A writer cuts the tail back to the last commit. */
        s = open_store(file, 0, 0);
        ck_assert_msg(fingerprint(liion_store_plant(s)) == fps[j], "cut at %zu", cut);
        ck_assert_uint_eq(liion_store_committed_seq(s), seqs[j]);
        ck_assert_uint_eq(liion_store_committed_bytes(s), ends[j]);
        ck_assert_uint_eq(liion_store_tail_cut(s), cut - ends[j]);
        liion_store_free(s);
        ck_assert_uint_eq(file_size(file), ends[j]);
    }
    /* A header torn while the file was created is an empty store. */
    write_all(file, full, 10);
    {
        liion_store *s = open_store(file, 0, 0);
        ck_assert_uint_eq(liion_plant_count(liion_store_plant(s), LIION_OBJ_LOT), 0);
        ck_assert_uint_eq(liion_store_tail_cut(s), 10);
        liion_store_free(s);
    }
    free(full);
}
END_TEST

/* Offsets of the records of a store image. */
static size_t record_offsets(const unsigned char *b, size_t len, size_t *offs, size_t max)
{
    size_t n = 0, off = 24;
    while (off + 20 <= len && n < max) {
        uint32_t blen = (uint32_t)b[off] | (uint32_t)b[off + 1] << 8 |
                        (uint32_t)b[off + 2] << 16 | (uint32_t)b[off + 3] << 24;
        offs[n++] = off;
        off += 20 + blen;
    }
    return n;
}

static void log_capture(void *user, liion_log_level level, const char *msg)
{
    (void)level;
    snprintf(user, 256, "%s", msg);
}

START_TEST(corruption_in_the_middle)
{
    size_t ends[MAX_COMMITS], len, offs[4096], nrec;
    uint64_t fps[MAX_COMMITS], seqs[MAX_COMMITS];
    unsigned char *full;
    char file[160];
    liion_store *s = NULL;
    (void)build_committed(path, ends, fps, seqs);
    full = read_all(path, &len);
    nrec = record_offsets(full, len, offs, 4096);
    ck_assert_uint_gt(nrec, 100);
    snprintf(file, sizeof file, "%s/flip.store", dir);
    /* Flip every byte of a record in the middle, and one bit in many other records. */
    for (size_t r = 0; r < nrec - 1; r++) {
        size_t rec_len = offs[r + 1] - offs[r];
        size_t first = r == nrec / 2 ? 0 : (r * 7) % rec_len;
        size_t last = r == nrec / 2 ? rec_len - 1 : first;
        for (size_t k = first; k <= last; k++) {
            full[offs[r] + k] ^= 0x10;
            write_all(file, full, len);
            full[offs[r] + k] ^= 0x10;
            for (int ro = 0; ro < 2; ro++) {
                liion_store_options o = LIION_STORE_OPTIONS_INIT;
                o.flags = ro ? LIION_STORE_READ_ONLY : 0;
                ck_assert_int_eq(liion_store_open(&s, ctx, file, &o), LIION_E_CORRUPT);
                ck_assert_ptr_null(s);
                ck_assert_msg(liion_ctx_error_offset(ctx) == offs[r],
                              "record %zu byte %zu: offset %zu, want %zu (%s)", r, k,
                              liion_ctx_error_offset(ctx), offs[r], liion_ctx_errmsg(ctx));
                ck_assert_ptr_nonnull(strstr(liion_ctx_errmsg(ctx), "store record at offset"));
            }
            ck_assert_uint_eq(file_size(file), len); /* never cut */
        }
    }
    /* Header damage. */
    full[3] ^= 1;
    write_all(file, full, len);
    ck_assert_int_eq(liion_store_open(&s, ctx, file, NULL), LIION_E_CORRUPT);
    ck_assert_uint_eq(liion_ctx_error_offset(ctx), 0);
    full[3] ^= 1;
    full[21] ^= 1;
    write_all(file, full, len);
    ck_assert_int_eq(liion_store_open(&s, ctx, file, NULL), LIION_E_CORRUPT);
    ck_assert_uint_eq(liion_ctx_error_offset(ctx), 20);
    full[21] ^= 1;
    /* The log reports a cut tail. */
    {
        char msg[256] = "";
        write_all(file, full, len - 3);
        ok(liion_ctx_set_log(ctx, LIION_LOG_WARNING, log_capture, msg));
        s = open_store(file, 0, 0);
        ck_assert_ptr_nonnull(strstr(msg, "torn or uncommitted tail"));
        ck_assert_ptr_nonnull(strstr(msg, "cut"));
        liion_store_free(s);
        ok(liion_ctx_set_log(ctx, LIION_LOG_WARNING, NULL, NULL));
    }
    free(full);
}
END_TEST

START_TEST(version_and_garbage)
{
    liion_store *s = NULL;
    unsigned char b[64];
    char file[160];
    snprintf(file, sizeof file, "%s/x.store", dir);
    memset(b, 'x', sizeof b);
    write_all(file, b, sizeof b);
    ck_assert_int_eq(liion_store_open(&s, ctx, file, NULL), LIION_E_CORRUPT);
    ck_assert_ptr_nonnull(strstr(liion_ctx_errmsg(ctx), "not a libliion store"));
    ck_assert_uint_eq(liion_ctx_error_offset(ctx), 0);
    /* A version-2 header with a good CRC. */
    s = open_store(path, 0, 0);
    liion_store_free(s);
    {
        size_t n;
        unsigned char *h = read_all(path, &n);
        uint32_t crc;
        ck_assert_uint_eq(n, 24);
        h[8] = 2;
        crc = crc32_ieee(h, 20);
        for (int i = 0; i < 4; i++)
            h[20 + i] = (unsigned char)(crc >> (8 * i));
        write_all(file, h, n);
        free(h);
    }
    ck_assert_int_eq(liion_store_open(&s, ctx, file, NULL), LIION_E_UNSUPPORTED);
    ck_assert_ptr_nonnull(strstr(liion_ctx_errmsg(ctx), "version 2"));
}
END_TEST

START_TEST(single_writer_and_reader)
{
    liion_store_options o = LIION_STORE_OPTIONS_INIT;
    liion_store *w = NULL, *w2 = NULL, *r = NULL;
    fixture f;
    uint64_t fp;
    size_t len;
    o.buffer_bytes = 4096; /* records reach the file before their commit */
    o.group_records = 1u << 30;
    o.group_ms = 1000000;
    ok(liion_store_open(&w, ctx, path, &o));
    base_objects(liion_store_plant(w), &f);
    for (uint32_t i = 0; i < 20; i++)
        unit(liion_store_plant(w), &f, i);
    ok(liion_store_commit(w));
    fp = fingerprint(liion_store_plant(w));
    for (uint32_t i = 20; i < 200; i++) /* uncommitted, partly written */
        unit(liion_store_plant(w), &f, i);
    len = file_size(path);
    ck_assert_uint_gt(len, liion_store_committed_bytes(w));

    ck_assert_int_eq(liion_store_open(&w2, ctx, path, NULL), LIION_E_STATE);
    ck_assert_ptr_null(w2);
    ck_assert_ptr_nonnull(strstr(liion_ctx_errmsg(ctx), "already open for writing"));

    o.flags = LIION_STORE_READ_ONLY;
    ok(liion_store_open(&r, ctx, path, &o));
    ck_assert_uint_eq(fingerprint(liion_store_plant(r)), fp);
    ck_assert_uint_eq(liion_store_tail_cut(r), len - liion_store_committed_bytes(w));
    ck_assert_uint_eq(file_size(path), len);
    /* A reader's plant refuses to journal. */
    ck_assert_int_eq(liion_plant_lot_set_status(liion_store_plant(r), 0, "X"), LIION_E_STATE);
    ck_assert_ptr_nonnull(strstr(liion_ctx_errmsg(ctx), "read-only"));
    ck_assert_int_eq(liion_store_commit(r), LIION_E_STATE);
    liion_store_free(r);

    liion_store_free(w); /* commits and releases the lock */
    ok(liion_store_open(&w2, ctx, path, NULL));
    ck_assert_uint_eq(liion_plant_count(liion_store_plant(w2), LIION_OBJ_LOT), 202);
    liion_store_free(w2);
}
END_TEST

START_TEST(bad_arguments)
{
    liion_store_options o;
    liion_store *s = (liion_store *)&o;
    unsigned char big[sizeof(liion_store_options) + 8];
    ck_assert_int_eq(liion_store_open(NULL, ctx, path, NULL), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_store_open(&s, NULL, path, NULL), LIION_E_INVALID_ARG);
    ck_assert_ptr_null(s);
    ck_assert_int_eq(liion_store_open(&s, ctx, NULL, NULL), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_store_open(&s, ctx, "", NULL), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_store_options_init(NULL, sizeof o), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_store_options_init(&o, 2), LIION_E_INVALID_ARG);
    ok(liion_store_options_init(&o, sizeof o));
    ck_assert_uint_eq(o.struct_size, sizeof o);
    o.flags = 0x80;
    ck_assert_int_eq(liion_store_open(&s, ctx, path, &o), LIION_E_INVALID_ARG);
    o.flags = 0;
    o.durability = 3;
    ck_assert_int_eq(liion_store_open(&s, ctx, path, &o), LIION_E_INVALID_ARG);
    memset(big, 0, sizeof big);
    ok(liion_store_options_init((liion_store_options *)(void *)big, sizeof big));
    ok(liion_store_open(&s, ctx, path, (liion_store_options *)(void *)big));
    liion_store_free(s);
    big[sizeof big - 1] = 1;
    ck_assert_int_eq(liion_store_open(&s, ctx, path, (liion_store_options *)(void *)big),
                     LIION_E_UNSUPPORTED);
    o.durability = 0;
    o.flags = LIION_STORE_READ_ONLY;
    ck_assert_int_eq(liion_store_open(&s, ctx, "/nonexistent/dir/x.store", &o),
                     LIION_E_NOT_FOUND);
    ck_assert_int_eq(liion_store_commit(NULL), LIION_E_INVALID_ARG);
    ck_assert_ptr_null(liion_store_plant(NULL));
    ck_assert_uint_eq(liion_store_seq(NULL) + liion_store_committed_seq(NULL) +
                          liion_store_tail_cut(NULL) + liion_store_committed_bytes(NULL),
                      0);
    liion_store_free(NULL);
}
END_TEST

typedef struct sink {
    unsigned char *b;
    size_t n, cap;
    int fail_after;
} sink;

static liion_status sink_write(void *user, const uint8_t *data, size_t len);

/* An allocator that, asked for exactly `trigger` bytes (a reader's copy of the journal), cuts
 * the journal to `cut_to` first: a writer cutting its torn tail between the reader's fstat
 * and its read. */
typedef struct cut_alloc {
    size_t trigger, cut_to;
    int fired;
} cut_alloc;

static void *cut_alloc_fn(void *user, size_t size)
{
    cut_alloc *c = user;
    if (size == c->trigger && !c->fired) {
        ck_assert_int_eq(truncate(path, (off_t)c->cut_to), 0);
        c->fired = 1;
    }
    return malloc(size);
}

static void *cut_realloc_fn(void *user, void *p, size_t old_size, size_t new_size)
{
    (void)user;
    (void)old_size;
    return realloc(p, new_size);
}

static void cut_free_fn(void *user, void *p, size_t size)
{
    (void)user;
    (void)size;
    free(p);
}

/* A reader takes no lock, so a writer may cut the file under it: a torn tail at the writer's
 * open, or a commit whose sync failed. The reader works from a copy: an open that races the
 * cut loads the committed prefix, and an export after a cut below what the reader loaded is
 * a clean error (a mapping would have raised SIGBUS on the pages past the new end). */
START_TEST(reader_copes_with_a_writer_cutting_the_file)
{
    static const unsigned char torn[9000] = { 0x17 }; /* past two pages: a torn append */
    liion_ctx_options co = LIION_CTX_OPTIONS_INIT;
    liion_allocator hooks = { sizeof hooks, 0, cut_alloc_fn, cut_realloc_fn, cut_free_fn, NULL };
    cut_alloc ca = { 0, 0, 0 };
    liion_ctx *rc = NULL;
    liion_store *s, *r = NULL;
    liion_store_options o = LIION_STORE_OPTIONS_INIT;
    fixture f;
    uint64_t fp;
    size_t committed;
    sink k = { NULL, 0, 0, -1 };
    FILE *fh;

    s = open_store(path, 0, 0);
    base_objects(liion_store_plant(s), &f);
    for (uint32_t i = 0; i < 200; i++)
        unit(liion_store_plant(s), &f, i);
    ok(liion_store_commit(s));
    fp = fingerprint(liion_store_plant(s));
    liion_store_free(s);
    committed = file_size(path);
    ck_assert_uint_gt(committed, 3 * 4096);
    fh = fopen(path, "ab");
    ck_assert_ptr_nonnull(fh);
    ck_assert_uint_eq(fwrite(torn, 1, sizeof torn, fh), sizeof torn);
    ck_assert_int_eq(fclose(fh), 0);

    /* 1. the tail is cut between the reader's fstat and its read */
    ca.trigger = committed + sizeof torn;
    ca.cut_to = committed;
    hooks.user = &ca;
    co.allocator = &hooks;
    ok(liion_ctx_new(&rc, &co));
    o.flags = LIION_STORE_READ_ONLY;
    ck_assert_int_eq(liion_store_open(&r, rc, path, &o), LIION_OK);
    ck_assert_int_eq(ca.fired, 1);
    {
        liion_ctx *main_ctx = ctx; /* fingerprint() makes its trace in `ctx` */
        ctx = rc;
        ck_assert_uint_eq(fingerprint(liion_store_plant(r)), fp);
        ctx = main_ctx;
    }
    ck_assert_uint_eq(liion_store_committed_bytes(r), committed);
    ck_assert_uint_eq(liion_store_tail_cut(r), 0); /* the copy ends where the cut did */
    ck_assert_uint_eq(file_size(path), committed); /* the reader itself cuts nothing */

    /* 2. a failed sync cuts below what the reader loaded: the export says so */
    ck_assert_int_eq(truncate(path, 64), 0);
    ck_assert_int_eq(liion_store_export_cbor_seq(r, sink_write, &k), LIION_E_STATE);
    ck_assert_ptr_nonnull(strstr(liion_ctx_errmsg(rc), "reopen the store"));
    ck_assert_uint_eq(k.n, 0);
    liion_store_free(r);
    liion_ctx_free(rc);
    free(k.b);
}
END_TEST

static liion_status sink_write(void *user, const uint8_t *data, size_t len)
{
    sink *k = user;
    if (k->fail_after-- == 0)
        return LIION_E_IO;
    if (k->n + len > k->cap) {
        k->cap = (k->n + len) * 2;
        k->b = realloc(k->b, k->cap);
        ck_assert_ptr_nonnull(k->b);
    }
    memcpy(k->b + k->n, data, len);
    k->n += len;
    return LIION_OK;
}

START_TEST(export_cbor_sequence)
{
    fixture f;
    sink k = { NULL, 0, 0, -1 };
    size_t off = 0, items = 0;
    uint64_t last_seq = 0;
    liion_store *s = open_store(path, 0, 0);
    base_objects(liion_store_plant(s), &f);
    for (uint32_t i = 0; i < 30; i++)
        unit(liion_store_plant(s), &f, i);
    ok(liion_store_commit(s));
    unit(liion_store_plant(s), &f, 30); /* uncommitted: not exported */
    ok(liion_store_export_cbor_seq(s, sink_write, &k));
    /* Our own output (trusted), so cbor_load is fine here. */
    while (off < k.n) {
        struct cbor_load_result r;
        cbor_item_t *it = cbor_load(k.b + off, k.n - off, &r);
        ck_assert_ptr_nonnull(it);
        ck_assert_int_eq(r.error.code, CBOR_ERR_NONE);
        ck_assert(cbor_isa_array(it));
        if (items == 0) {
            ck_assert_uint_eq(cbor_array_size(it), 2);
            cbor_item_t *name = cbor_array_get(it, 0);
            ck_assert(cbor_isa_string(name));
            ck_assert_int_eq(memcmp(cbor_string_handle(name), "liion-store", 11), 0);
            cbor_decref(&name);
        } else {
            cbor_item_t *seq = cbor_array_get(it, 0), *name = cbor_array_get(it, 1),
                        *body = cbor_array_get(it, 2);
            ck_assert_uint_eq(cbor_array_size(it), 3);
            ck_assert_uint_eq(cbor_get_int(seq), last_seq + 1);
            last_seq = cbor_get_int(seq);
            ck_assert(cbor_isa_string(name));
            ck_assert(cbor_isa_array(body));
            if (items == 1)
                ck_assert_int_eq(memcmp(cbor_string_handle(name), "eq-class-add", 12), 0);
            cbor_decref(&seq);
            cbor_decref(&name);
            cbor_decref(&body);
        }
        cbor_decref(&it);
        off += r.read;
        items++;
    }
    ck_assert_uint_eq(last_seq, liion_store_committed_seq(s));
    ck_assert_uint_eq(items, last_seq + 1);
    /* A failing sink stops the export with its status. */
    k.fail_after = 0;
    ck_assert_int_eq(liion_store_export_cbor_seq(s, sink_write, &k), LIION_E_IO);
    ck_assert_int_eq(liion_store_export_cbor_seq(s, NULL, &k), LIION_E_INVALID_ARG);
    ck_assert_int_eq(liion_store_export_cbor_seq(NULL, sink_write, &k), LIION_E_INVALID_ARG);
    free(k.b);
    liion_store_free(s);
    /* An empty store exports only the intro item. */
    {
        char file[160];
        sink e = { NULL, 0, 0, -1 };
        snprintf(file, sizeof file, "%s/empty.store", dir);
        s = open_store(file, 0, 0);
        ok(liion_store_export_cbor_seq(s, sink_write, &e));
        ck_assert_uint_eq(e.n, 14);
        ck_assert_int_eq(memcmp(e.b, "\x82\x6bliion-store\x01", 14), 0);
        free(e.b);
        liion_store_free(s);
    }
}
END_TEST

/* ---- crash consistency: SIGKILL while committing ------------------------------------------ */

static void snap_path(char *out, size_t cap, const char *suffix);
static bool exists(const char *file);

/* Child: append units forever (lot, response, two actuals: one edge each) and commit every
 * few, compacting after some commits (snapshot + journal replacement); after each commit or
 * compaction report the committed lot count on the pipe. */
/* The writer the crash harness kills: units of work (a cell, its response and actuals, a
 * test result, job membership) with commits between them. With `atomic`, the group policy
 * commits every 3 records, inside units, and each unit is one atomic group instead. */
static void crash_child(const char *file, int fd, unsigned seed, bool atomic)
{
    liion_ctx *c = NULL;
    liion_store *s = NULL;
    liion_store_options o = LIION_STORE_OPTIONS_INIT;
    liion_plant *p;
    uint32_t raw, seg;
    o.group_records = atomic ? 3u : 1u << 30;
    if (liion_ctx_new(&c, NULL) != LIION_OK || liion_store_open(&s, c, file, &o) != LIION_OK)
        _exit(2);
    p = liion_store_plant(s);
    if (liion_plant_count(p, LIION_OBJ_LOT) == 0) {
        if (liion_plant_lot_add(&raw, p, NULL, "RAW", LIION_PLANT_NONE, LIION_PLANT_NONE) ||
            liion_plant_segment_add(&seg, p, NULL, "S", LIION_STEP_STACKING) ||
            liion_store_commit(s))
            _exit(3);
    }
    raw = 0;
    seg = 0;
    srand(seed);
    for (uint32_t i = 0;; i++) {
        char id[32];
        uint32_t cell, r, n = liion_plant_count(p, LIION_OBJ_LOT);
        snprintf(id, sizeof id, "C%u", (unsigned)n);
        if (atomic && liion_store_atomic_begin(s) != LIION_OK)
            _exit(11);
        if (liion_plant_lot_add(&cell, p, NULL, id, LIION_PLANT_NONE, LIION_PLANT_NONE) ||
            liion_plant_response_add(&r, p, NULL, id, seg, 0, 1) ||
            liion_plant_response_add_material(p, r, raw, LIION_USE_CONSUMED) ||
            liion_plant_response_add_material(p, r, cell, LIION_USE_PRODUCED))
            _exit(4);
        /* ops 22, 23, 25 too: a test result per cell, a job response per 8 responses */
        if (liion_plant_test_result_add(NULL, p, NULL, id, cell, NULL, "ocv", 3.7, "VLT",
                                        LIION_TEST_PASS, (int64_t)n) != LIION_OK)
            _exit(8);
        if (r % 8 == 0 && liion_plant_job_response_add(NULL, p, NULL, id, 0, 1,
                                                       LIION_RESPONSE_RUNNING) != LIION_OK)
            _exit(9);
        if (liion_plant_job_response_add_segment(
                p, liion_plant_count(p, LIION_OBJ_JOB_RESPONSE) - 1, r) != LIION_OK)
            _exit(10);
        if (atomic && liion_store_atomic_end(s) != LIION_OK)
            _exit(12);
        if (rand() % 4 == 0) {
            uint32_t lots = n + 1;
            if (liion_store_commit(s) != LIION_OK)
                _exit(5);
            if (write(fd, &lots, sizeof lots) != (ssize_t)sizeof lots)
                _exit(6);
            if (rand() % 3 == 0 && liion_store_compact(s) != LIION_OK)
                _exit(7);
        }
    }
}

/* Kill the writer at random moments, reopen, check: every acknowledged commit is there and
 * no unit is half there. `atomic`: commits also fall inside units, which are atomic groups. */
static void crash_harness(bool atomic, int default_iterations)
{
    int iterations = getenv("LIION_CRASH_ITERATIONS") ? atoi(getenv("LIION_CRASH_ITERATIONS"))
                                                       : default_iterations;
    uint32_t acked_max = 0;
    int with_snapshot = 0, mid_compaction = 0, done = 0;
    /* LIION_CRASH_SECONDS: stop early once this much time has passed (soak runs) */
    double budget = getenv("LIION_CRASH_SECONDS") ? atof(getenv("LIION_CRASH_SECONDS")) : 0;
    struct timespec t_start, t_now;
    char snap[160], tmp1[160], tmp2[160];
    snap_path(snap, sizeof snap, ".snap");
    snap_path(tmp1, sizeof tmp1, ".snap.tmp");
    snap_path(tmp2, sizeof tmp2, ".tmp");
    srand(12345);
    clock_gettime(CLOCK_MONOTONIC, &t_start);
    for (int it = 0; it < iterations; it++) {
        int fds[2];
        pid_t pid;
        uint32_t acked = 0, v;
        struct timespec ts = { 0, (long)(rand() % 3000) * 1000L };
        liion_store *s;
        liion_plant *p;
        uint32_t lots;
        ck_assert_int_eq(pipe(fds), 0);
        pid = fork();
        ck_assert_int_ge(pid, 0);
        if (pid == 0) {
            in_child = 1;
            close(fds[0]);
            crash_child(path, fds[1], (unsigned)it, atomic);
        }
        close(fds[1]);
        nanosleep(&ts, NULL);
        kill(pid, SIGKILL);
        while (read(fds[0], &v, sizeof v) == (ssize_t)sizeof v)
            acked = v;
        close(fds[0]);
        {
            int wst;
            ck_assert_int_eq(waitpid(pid, &wst, 0), pid);
            ck_assert_msg(WIFSIGNALED(wst), "child exited early with %d", WEXITSTATUS(wst));
        }
        /* Every acknowledged commit is there; nothing half-written is visible. */
        mid_compaction += exists(tmp1) || exists(tmp2);
        with_snapshot += exists(snap);
        s = open_store(path, 0, 0);
        p = liion_store_plant(s);
        lots = liion_plant_count(p, LIION_OBJ_LOT);
        ck_assert_uint_ge(lots, acked);
        ck_assert_uint_ge(lots, acked_max);
        if (lots > 0) {
            ck_assert_uint_eq(liion_plant_count(p, LIION_OBJ_RESPONSE), lots - 1);
            ck_assert_uint_eq(liion_plant_edge_count(p), lots - 1);
            ck_assert_uint_eq(liion_plant_count(p, LIION_OBJ_TEST_RESULT), lots - 1);
            ck_assert_uint_eq(liion_plant_count(p, LIION_OBJ_JOB_RESPONSE), (lots - 1 + 7) / 8);
            if (lots > 1)
                ck_assert_uint_eq(liion_plant_response_job(p, lots - 2), (lots - 2) / 8);
        }
        if (acked > acked_max)
            acked_max = acked;
        acked_max = lots > acked_max ? lots : acked_max;
        liion_store_free(s);
        done++;
        clock_gettime(CLOCK_MONOTONIC, &t_now);
        if (budget > 0 && (double)(t_now.tv_sec - t_start.tv_sec) > budget)
            break;
    }
    fprintf(stderr,
            "crash harness%s: %d SIGKILL iterations, %d reopened with a snapshot, %d killed "
            "inside a compaction (temp file left), %u lots at the end\n",
            atomic ? " (atomic groups, commits every 3 records)" : "", done, with_snapshot,
            mid_compaction, (unsigned)acked_max);
}

START_TEST(sigkill_crash_consistency)
{
    crash_harness(false, 500);
}
END_TEST

START_TEST(sigkill_crash_atomic_groups)
{
    crash_harness(true, 200);
}
END_TEST

/* ---- I/O failure: a write that fails (file size limit) --------------------------------- */

/* Child: write with a file size limit until a write fails; report the last acknowledged
 * commit (sequence, fingerprint) on the pipe. Exit codes name what went wrong. */
static void write_failure_child(int fd)
{
    struct rlimit lim;
    liion_store_options o = LIION_STORE_OPTIONS_INIT;
    liion_store *s = NULL;
    liion_status st = LIION_OK;
    fixture f;
    uint64_t res[2] = { 0, 0 };
    o.buffer_bytes = 4096;
    o.group_records = 1u << 30;
    o.group_ms = 1000000;
    if (liion_store_open(&s, ctx, path, &o) != LIION_OK)
        _exit(10);
    base_objects(liion_store_plant(s), &f);
    if (liion_store_commit(s) != LIION_OK)
        _exit(11);
    signal(SIGXFSZ, SIG_IGN);
    if (getrlimit(RLIMIT_FSIZE, &lim) != 0)
        _exit(12);
    lim.rlim_cur = 20000; /* writes past 20000 bytes fail with EFBIG */
    if (setrlimit(RLIMIT_FSIZE, &lim) != 0)
        _exit(13);
    for (uint32_t i = 0; i < 10000 && st == LIION_OK; i++) {
        unit(liion_store_plant(s), &f, i); /* ok() does not fire: mutations succeed in memory */
        if (i % 10 == 9) {
            st = liion_store_commit(s);
            if (st == LIION_OK) {
                res[0] = liion_store_committed_seq(s);
                res[1] = fingerprint(liion_store_plant(s));
            }
        }
    }
    if (st != LIION_E_IO && st != LIION_E_STATE)
        _exit(14);
    /* The failed store refuses further writes. */
    if (liion_store_commit(s) != LIION_E_STATE ||
        liion_plant_lot_set_status(liion_store_plant(s), 0, "X") != LIION_E_STATE)
        _exit(15);
    liion_store_free(s);
    if (write(fd, res, sizeof res) != (ssize_t)sizeof res)
        _exit(16);
    _exit(0);
}

START_TEST(write_failure_leaves_store_recoverable)
{
    int fds[2], wst;
    uint64_t res[2] = { 0, 0 };
    pid_t pid;
    liion_store *s;
    ck_assert_int_eq(pipe(fds), 0);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        in_child = 1;
        close(fds[0]);
        write_failure_child(fds[1]);
    }
    close(fds[1]);
    ck_assert_int_eq(read(fds[0], res, sizeof res), (ssize_t)sizeof res);
    close(fds[0]);
    ck_assert_int_eq(waitpid(pid, &wst, 0), pid);
    ck_assert_msg(WIFEXITED(wst) && WEXITSTATUS(wst) == 0, "child status %d", wst);
    ck_assert_uint_gt(res[0], 0);
    /* Reopen: exactly the last acknowledged commit. */
    s = open_store(path, 0, 0);
    ck_assert_uint_eq(liion_store_committed_seq(s), res[0]);
    ck_assert_uint_eq(fingerprint(liion_store_plant(s)), res[1]);
    liion_store_free(s);
}
END_TEST

/* ---- allocation failure ------------------------------------------------------------------- */

static liion_status reopen_body(const liion_allocator *hooks, void *user)
{
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *c = NULL;
    liion_store *s = NULL;
    liion_status st;
    liion_store_options so = LIION_STORE_OPTIONS_INIT;
    so.flags = user != NULL ? *(const uint32_t *)user : 0;
    o.allocator = hooks;
    if ((st = liion_ctx_new(&c, &o)) != LIION_OK)
        return st;
    st = liion_store_open(&s, c, path, &so);
    if (st == LIION_OK)
        ck_assert_uint_eq(liion_plant_count(liion_store_plant(s), LIION_OBJ_LOT), 12);
    liion_store_free(s);
    liion_ctx_free(c);
    return st;
}

START_TEST(open_allocation_failure)
{
    fixture f;
    liion_store *s = open_store(path, 0, 0);
    base_objects(liion_store_plant(s), &f);
    for (uint32_t i = 0; i < 10; i++)
        unit(liion_store_plant(s), &f, i);
    liion_store_free(s);
    static const uint32_t ro = LIION_STORE_READ_ONLY;
    ck_assert_uint_gt(liion_test_alloc_loop("store reopen", reopen_body, NULL), 10);
    ck_assert_uint_gt(liion_test_alloc_loop("store reopen, read-only", reopen_body, (void *)&ro),
                      10);
}
END_TEST

/* The roll map (coater metre -> lanes -> cells) is journalled like every other mutation: a
 * defect query on the reopened store finds the same cells. */
static void roll_defect_cells(liion_plant *p, uint32_t roll, double md, uint32_t *cells,
                              size_t *n)
{
    liion_trace *t = NULL;
    ok(liion_trace_new(&t, ctx));
    ok(liion_plant_roll_defect(p, t, roll, md, 0.5, 100.0));
    *n = liion_trace_count(t);
    for (size_t i = 0; i < *n && i < 16; i++)
        cells[i] = liion_trace_index(t, i);
    liion_trace_free(t);
}

START_TEST(roll_map_survives_reopen)
{
    uint32_t jumbo, lane, cells[8], got[16], want[16];
    size_t n_want = 0, n_got = 0;
    char id[16];
    liion_store *s = open_store(path, 0, LIION_STORE_GROUP);
    liion_plant *p = liion_store_plant(s);
    ok(liion_plant_lot_add(&jumbo, p, NULL, "JUMBO-1", LIION_PLANT_NONE, LIION_PLANT_NONE));
    ok(liion_plant_lot_add(&lane, p, NULL, "LANE-1", LIION_PLANT_NONE, LIION_PLANT_NONE));
    /* lane 1 is the cross-direction band 0..250 mm of the jumbo roll, stretched 2 %, reversed */
    ok(liion_plant_roll_link(p, jumbo, lane, 0.0, 1000.0, 0.0, 250.0, 0.0, 1.02,
                             LIION_ROLL_REVERSED | LIION_ROLL_LANE));
    for (uint32_t i = 0; i < 8; i++) {
        snprintf(id, sizeof id, "CELL-%u", (unsigned)i);
        ok(liion_plant_lot_add(&cells[i], p, NULL, id, LIION_PLANT_NONE, LIION_PLANT_NONE));
        ok(liion_plant_roll_use(p, lane, 100.0 * i, 100.0 * i + 90.0, cells[i], i));
    }
    roll_defect_cells(p, jumbo, 300.0, want, &n_want);
    ck_assert_uint_gt(n_want, 0);
    ok(liion_store_commit(s));
    liion_store_free(s);

    s = open_store(path, LIION_STORE_READ_ONLY, 0);
    roll_defect_cells(liion_store_plant(s), jumbo, 300.0, got, &n_got);
    ck_assert_uint_eq(n_got, n_want);
    for (size_t i = 0; i < n_got && i < 16; i++)
        ck_assert_uint_eq(got[i], want[i]);
    liion_store_free(s);
}
END_TEST

/* ---- snapshots and compaction ------------------------------------------------------------- */

typedef struct membuf {
    uint8_t *b;
    size_t n, cap;
} membuf;

static liion_status mem_sink(void *user, const uint8_t *data, size_t len)
{
    membuf *m = user;
    if (m->n + len > m->cap) {
        m->cap = (m->n + len) * 2;
        m->b = realloc(m->b, m->cap);
        if (m->b == NULL)
            return LIION_E_NOMEM;
    }
    memcpy(m->b + m->n, data, len);
    m->n += len;
    return LIION_OK;
}

/* The plant's whole state, as the bytes of a snapshot of it: equal bytes, equal plants. */
static void state_bytes(liion_plant *p, membuf *m)
{
    m->n = 0;
    ok(liion__snap_write(p, NULL, 0, mem_sink, m, NULL));
}

static void same_state(liion_plant *a, liion_plant *b)
{
    membuf x = { 0 }, y = { 0 };
    state_bytes(a, &x);
    state_bytes(b, &y);
    ck_assert_uint_eq(x.n, y.n);
    ck_assert_int_eq(memcmp(x.b, y.b, x.n), 0);
    free(x.b);
    free(y.b);
}

/* Units plus a roll map, so that a snapshot holds every kind of state. */
static void rich_workload(liion_plant *p, fixture *f, uint32_t from, uint32_t to)
{
    for (uint32_t i = from; i < to; i++) {
        unit(p, f, i);
        if (i % 50 == 7) {
            char id[32];
            uint32_t roll, lane;
            snprintf(id, sizeof id, "ROLL-%u", (unsigned)i);
            ok(liion_plant_lot_add(&roll, p, NULL, id, LIION_PLANT_NONE, LIION_PLANT_NONE));
            snprintf(id, sizeof id, "LANE-%u", (unsigned)i);
            ok(liion_plant_lot_add(&lane, p, NULL, id, LIION_PLANT_NONE, roll));
            ok(liion_plant_roll_link(p, roll, lane, 0.0, 500.0, 0.0, 250.0, 0.0, 1.01,
                                     LIION_ROLL_LANE));
            ok(liion_plant_roll_use(p, lane, 10.0, 20.0, roll, i));
        }
    }
}

static void snap_path(char *out, size_t cap, const char *suffix)
{
    snprintf(out, cap, "%s%s", path, suffix);
}

static bool exists(const char *file)
{
    struct stat sb;
    return stat(file, &sb) == 0;
}

START_TEST(snapshot_round_trip)
{
    fixture f, g;
    char sp[160], p2[160];
    uint64_t fp, seq;
    liion_store *s = open_store(path, 0, LIION_STORE_GROUP), *r;
    liion_plant *p = liion_store_plant(s);
    snap_path(sp, sizeof sp, ".snap");
    ck_assert_uint_eq(liion_store_snapshot_seq(s), 0);
    ok(liion_store_compact(s)); /* empty store: nothing to do */
    ck_assert(!exists(sp));
    base_objects(p, &f);
    rich_workload(p, &f, 0, 300);
    {
        /* a reader opened before the compaction keeps its view; the lock moves to the new
         * journal: a second writer is still refused */
        liion_store *before, *w2 = NULL;
        uint64_t fp_before;
        ok(liion_store_commit(s));
        before = open_store(path, LIION_STORE_READ_ONLY, 0);
        fp_before = fingerprint(liion_store_plant(before));
        ck_assert_uint_eq(fp_before, fingerprint(p));
        ok(liion_store_compact(s));
        ck_assert_int_eq(liion_store_open(&w2, ctx, path, NULL), LIION_E_STATE);
        ck_assert_ptr_null(w2);
        ck_assert_uint_eq(fingerprint(liion_store_plant(before)), fp_before);
        liion_store_free(before);
        before = open_store(path, LIION_STORE_READ_ONLY, 0);
        ck_assert_uint_eq(fingerprint(liion_store_plant(before)), fp_before);
        liion_store_free(before);
    }
    seq = liion_store_snapshot_seq(s);
    ck_assert_uint_gt(seq, 0);
    ck_assert_uint_eq(liion_store_committed_seq(s), seq + 1); /* the new journal's commit */
    ck_assert_uint_eq(file_size(path), 24 + 22);
    ck_assert_uint_eq(file_size(sp), liion_store_snapshot_bytes(s));
    ok(liion_store_compact(s)); /* nothing new: no-op */
    ck_assert_uint_eq(liion_store_snapshot_seq(s), seq);
    rich_workload(p, &f, 300, 400);
    ok(liion_store_commit(s));
    fp = fingerprint(p);

    /* The same calls journalled without any snapshot give the same plant. */
    snprintf(p2, sizeof p2, "%s/plain.store", dir);
    {
        liion_store_options o = LIION_STORE_OPTIONS_INIT;
        liion_store *plain = NULL;
        o.flags = LIION_STORE_NO_AUTO_COMPACT;
        ok(liion_store_open(&plain, ctx, p2, &o));
        base_objects(liion_store_plant(plain), &g);
        rich_workload(liion_store_plant(plain), &g, 0, 400);
        same_state(p, liion_store_plant(plain));
        liion_store_free(plain);
    }
    /* Reopen: snapshot + journal tail, as a writer and as a reader. */
    r = open_store(path, LIION_STORE_READ_ONLY, 0);
    ck_assert_uint_eq(liion_store_snapshot_seq(r), seq);
    ck_assert_uint_eq(fingerprint(liion_store_plant(r)), fp);
    same_state(p, liion_store_plant(r));
    liion_store_free(r);
    liion_store_free(s);
    s = open_store(path, 0, 0);
    ck_assert_uint_eq(fingerprint(liion_store_plant(s)), fp);
    {
        liion_store *plain = open_store(p2, LIION_STORE_READ_ONLY, 0);
        same_state(liion_store_plant(s), liion_store_plant(plain));
        liion_store_free(plain);
    }
    /* A second compaction replaces the snapshot; appends go on after it. */
    ok(liion_store_compact(s));
    ck_assert_uint_gt(liion_store_snapshot_seq(s), seq);
    rich_workload(liion_store_plant(s), &f, 400, 420);
    fp = fingerprint(liion_store_plant(s));
    liion_store_free(s);
    s = open_store(path, 0, 0);
    ck_assert_uint_eq(fingerprint(liion_store_plant(s)), fp);
    liion_store_free(s);
}
END_TEST

START_TEST(automatic_compaction)
{
    fixture f;
    uint64_t fp;
    liion_store_options o = LIION_STORE_OPTIONS_INIT;
    liion_store *s = NULL;
    o.compact_bytes = 16384;
    o.group_records = 1u << 30;
    o.group_ms = 1000000;
    ok(liion_store_open(&s, ctx, path, &o));
    base_objects(liion_store_plant(s), &f);
    for (uint32_t i = 0; i < 600; i++) {
        unit(liion_store_plant(s), &f, i);
        if (i % 20 == 19)
            ok(liion_store_commit(s));
    }
    ck_assert_uint_gt(liion_store_snapshot_seq(s), 0);
    /* bounded journal: never more records than the snapshot holds, plus one group */
    ck_assert_uint_le(liion_store_committed_seq(s) - liion_store_snapshot_seq(s),
                      liion_store_snapshot_seq(s) + 400);
    ck_assert_uint_lt(liion_store_committed_bytes(s), file_size(path) + 1);
    fp = fingerprint(liion_store_plant(s));
    liion_store_free(s);
    ok(liion_store_open(&s, ctx, path, &o));
    ck_assert_uint_eq(fingerprint(liion_store_plant(s)), fp);
    liion_store_free(s);
    /* NO_AUTO_COMPACT: the journal only grows */
    o.flags = LIION_STORE_NO_AUTO_COMPACT;
    ok(liion_store_open(&s, ctx, path, &o));
    {
        uint64_t snap = liion_store_snapshot_seq(s);
        for (uint32_t i = 600; i < 900; i++) {
            unit(liion_store_plant(s), &f, i);
            if (i % 20 == 19)
                ok(liion_store_commit(s));
        }
        ck_assert_uint_eq(liion_store_snapshot_seq(s), snap);
        ck_assert_uint_gt(liion_store_committed_bytes(s), 16384 + 8192);
    }
    liion_store_free(s);
}
END_TEST

/* Every state a crash during a compaction can leave reopens to the same committed plant. */
START_TEST(compaction_crash_windows)
{
    fixture f;
    char sp[160], tmp[160];
    unsigned char *j0, *j1, *s1;
    size_t nj0, nj1, ns1;
    uint64_t fp, fp2;
    liion_store *s = open_store(path, 0, 0);
    liion_plant *p = liion_store_plant(s);
    snap_path(sp, sizeof sp, ".snap");
    base_objects(p, &f);
    rich_workload(p, &f, 0, 120);
    ok(liion_store_commit(s));
    fp = fingerprint(p);
    j0 = read_all(path, &nj0);
    ok(liion_store_compact(s));
    liion_store_free(s);
    j1 = read_all(path, &nj1);
    s1 = read_all(sp, &ns1);

    /* crash after the snapshot's rename, before the journal's: new snapshot + old journal */
    write_all(path, j0, nj0);
    s = open_store(path, 0, 0);
    ck_assert_uint_eq(fingerprint(liion_store_plant(s)), fp);
    rich_workload(liion_store_plant(s), &f, 120, 130); /* appends continue the old journal */
    fp2 = fingerprint(liion_store_plant(s));
    liion_store_free(s);
    s = open_store(path, 0, 0);
    ck_assert_uint_eq(fingerprint(liion_store_plant(s)), fp2);
    liion_store_free(s);

    /* crash while writing the temp files: they are ignored and removed */
    write_all(path, j1, nj1);
    snap_path(tmp, sizeof tmp, ".snap.tmp");
    write_all(tmp, s1, ns1 / 2);
    snap_path(tmp, sizeof tmp, ".tmp");
    write_all(tmp, j1, 10);
    s = open_store(path, 0, 0);
    ck_assert_uint_eq(fingerprint(liion_store_plant(s)), fp);
    ck_assert(!exists(tmp));
    liion_store_free(s);

    /* a damaged snapshot with the full journal still there: logged, whole journal replayed */
    write_all(path, j0, nj0);
    s1[ns1 / 2] ^= 0x10;
    write_all(sp, s1, ns1);
    s = open_store(path, 0, 0);
    ck_assert_uint_eq(liion_store_snapshot_seq(s), 0);
    ck_assert_uint_eq(fingerprint(liion_store_plant(s)), fp);
    liion_store_free(s);

    /* a damaged or missing snapshot in front of a compacted journal: refused, with offsets */
    write_all(path, j1, nj1);
    {
        liion_store *x = NULL;
        ck_assert_int_eq(liion_store_open(&x, ctx, path, NULL), LIION_E_CORRUPT);
        ck_assert_ptr_null(x);
        ck_assert_uint_le(liion_ctx_error_offset(ctx), ns1);
        ck_assert_ptr_nonnull(strstr(liion_ctx_errmsg(ctx), "snapshot"));
        ck_assert_int_eq(unlink(sp), 0);
        ck_assert_int_eq(liion_store_open(&x, ctx, path, NULL), LIION_E_CORRUPT);
        ck_assert_uint_eq(liion_ctx_error_offset(ctx), 24);
        ck_assert_ptr_nonnull(strstr(liion_ctx_errmsg(ctx), "snapshot"));
    }
    free(j0);
    free(j1);
    free(s1);
}
END_TEST

/* Every byte of a snapshot is covered: a flip or a cut anywhere is refused (never loaded). */
START_TEST(snapshot_damage_every_byte)
{
    fixture f;
    char sp[160];
    unsigned char *s1;
    size_t ns1;
    liion_store *s = open_store(path, 0, 0);
    snap_path(sp, sizeof sp, ".snap");
    base_objects(liion_store_plant(s), &f);
    rich_workload(liion_store_plant(s), &f, 0, 20);
    ok(liion_store_compact(s));
    liion_store_free(s);
    s1 = read_all(sp, &ns1);
    ck_assert_uint_gt(ns1, 32 + 25 * 32);
    for (size_t i = 0; i < ns1; i++) {
        liion_store *x = NULL;
        liion_status st;
        s1[i] ^= 0x01;
        write_all(sp, s1, ns1);
        s1[i] ^= 0x01;
        st = liion_store_open(&x, ctx, path, NULL);
        ck_assert_msg(st == LIION_E_CORRUPT || st == LIION_E_UNSUPPORTED,
                      "flip at %zu: status %d", i, (int)st);
        ck_assert_ptr_null(x);
        ck_assert_uint_le(liion_ctx_error_offset(ctx), ns1);
    }
    for (size_t n = 0; n < ns1; n += (n < 64 ? 1 : 7)) {
        liion_store *x = NULL;
        write_all(sp, s1, n);
        ck_assert_int_eq(liion_store_open(&x, ctx, path, NULL), LIION_E_CORRUPT);
        ck_assert_uint_le(liion_ctx_error_offset(ctx), n);
    }
    write_all(sp, s1, ns1);
    free(s1);
    s = open_store(path, 0, 0);
    ck_assert_uint_eq(liion_plant_count(liion_store_plant(s), LIION_OBJ_RESPONSE), 20 + 0);
    liion_store_free(s);
}
END_TEST

/* ---- I/O failure injection ----------------------------------------------------------------- */

/* ---- atomic groups ------------------------------------------------------------------------ */

static uint32_t lot_count(liion_store *s)
{
    return liion_plant_count(liion_store_plant(s), LIION_OBJ_LOT);
}

/* No commit point inside a group, whatever the policy says; nesting; the calls a group
 * refuses; the policy applies at the end of the outermost group. */
START_TEST(atomic_group_defers_commits)
{
    for (uint32_t durability = 0; durability < 2; durability++) {
        liion_store_options o = LIION_STORE_OPTIONS_INIT;
        liion_store *s = NULL;
        fixture f;
        uint64_t committed;
        snprintf(path, sizeof path, "%s/defer-%u.store", dir, (unsigned)durability);
        o.durability = durability; /* GROUP (every 2 records) and FULL */
        o.group_records = 2;
        o.group_ms = 1000000;
        ok(liion_store_open(&s, ctx, path, &o));
        base_objects(liion_store_plant(s), &f);
        ok(liion_store_commit(s));
        committed = liion_store_committed_seq(s);
        ck_assert_int_eq(liion_store_atomic_end(s), LIION_E_STATE); /* none open */
        ck_assert_ptr_nonnull(strstr(liion_ctx_errmsg(ctx), "no atomic group"));
        ck_assert_int_eq(liion_store_atomic_abort(s), LIION_E_STATE);
        ok(liion_store_atomic_begin(s));
        for (uint32_t i = 0; i < 10; i++)
            unit(liion_store_plant(s), &f, i);
        ok(liion_store_atomic_begin(s)); /* nested */
        ck_assert_uint_eq(liion_store_atomic_depth(s), 2);
        unit(liion_store_plant(s), &f, 10);
        ok(liion_store_atomic_end(s));
        ck_assert_uint_eq(liion_store_atomic_depth(s), 1);
        ck_assert_uint_eq(liion_store_committed_seq(s), committed);
        ck_assert_uint_gt(liion_store_seq(s), committed + 20);
        ck_assert_int_eq(liion_store_commit(s), LIION_E_STATE);
        ck_assert_ptr_nonnull(strstr(liion_ctx_errmsg(ctx), "inside an atomic group"));
        ck_assert_int_eq(liion_store_compact(s), LIION_E_STATE);
        ck_assert_uint_eq(liion_store_committed_seq(s), committed);
        ok(liion_store_atomic_end(s)); /* the policy is due: commits */
        ck_assert_uint_eq(liion_store_atomic_depth(s), 0);
        ck_assert_uint_eq(liion_store_committed_seq(s), liion_store_seq(s));
        liion_store_free(s);
        s = open_store(path, 0, 0);
        ck_assert_uint_eq(lot_count(s), 2 + 11);
        liion_store_free(s);
    }
    ck_assert_int_eq(liion_store_atomic_begin(NULL), LIION_E_INVALID_ARG);
    ck_assert_uint_eq(liion_store_atomic_depth(NULL), 0);
}
END_TEST

/* A process killed inside a group, with every record of the group already in the file and a
 * policy that would have committed each one: the reopened store has none of the group. */
START_TEST(atomic_group_crash_keeps_none)
{
    pid_t pid;
    int status;
    liion_store *s;
    fixture f;
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        liion_store_options o = LIION_STORE_OPTIONS_INIT;
        liion_store *w = NULL;
        in_child = 1;
        o.buffer_bytes = 4096; /* records reach the file as the group goes */
        o.group_records = 1;   /* outside a group, every record would be a commit */
        ok(liion_store_open(&w, ctx, path, &o));
        base_objects(liion_store_plant(w), &f);
        for (uint32_t i = 0; i < 5; i++)
            unit(liion_store_plant(w), &f, i);
        ok(liion_store_atomic_begin(w));
        for (uint32_t i = 5; i < 200; i++)
            unit(liion_store_plant(w), &f, i);
        CHK(liion_store_committed_bytes(w) < file_size(path));
        raise(SIGKILL);
        _exit(30);
    }
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    s = open_store(path, 0, 0);
    ck_assert_uint_eq(lot_count(s), 2 + 5);
    ck_assert_uint_gt(liion_store_tail_cut(s), 4096);
    liion_store_free(s);
}
END_TEST

/* Abandoning a group (or freeing the store inside one) cuts the group, in the buffer or
 * already in the file, keeps what was pending before it, and refuses further writes. */
START_TEST(atomic_group_abort_cuts_the_group)
{
    for (int how = 0; how < 3; how++) {
        liion_store_options o = LIION_STORE_OPTIONS_INIT;
        liion_store *s = NULL;
        fixture f;
        uint32_t in_group = how == 1 ? 150 : 3, found; /* 150 units spill past 4 KiB */
        snprintf(path, sizeof path, "%s/abort-%d.store", dir, how);
        o.buffer_bytes = 4096;
        o.group_records = 1u << 30;
        o.group_ms = 1000000;
        ok(liion_store_open(&s, ctx, path, &o));
        base_objects(liion_store_plant(s), &f);
        ok(liion_store_commit(s));
        unit(liion_store_plant(s), &f, 0); /* pending before the group: kept */
        unit(liion_store_plant(s), &f, 1);
        ok(liion_store_atomic_begin(s));
        for (uint32_t i = 0; i < in_group; i++)
            unit(liion_store_plant(s), &f, 10 + i);
        if (how == 1)
            ck_assert_uint_gt(file_size(path), liion_store_committed_bytes(s) + 4096);
        if (how < 2) {
            ok(liion_store_atomic_abort(s));
            ck_assert_uint_eq(liion_store_atomic_depth(s), 0);
            ck_assert_uint_eq(liion_store_committed_seq(s), liion_store_seq(s));
            ck_assert_uint_eq(file_size(path), liion_store_committed_bytes(s));
            ck_assert_int_eq(liion_plant_lot_set_status(liion_store_plant(s), 0, "X"),
                             LIION_E_STATE);
            ck_assert_ptr_nonnull(strstr(liion_ctx_errmsg(ctx), "reopen"));
            ck_assert_int_eq(liion_store_atomic_begin(s), LIION_E_STATE);
            ok(liion_store_atomic_abort(s)); /* failed already: nothing more to cut */
        }
        liion_store_free(s); /* how == 2: inside the group */
        s = open_store(path, 0, 0);
        ck_assert_uint_eq(lot_count(s), 2 + 2);
        ck_assert_uint_eq(liion_store_tail_cut(s), 0);
        ok(liion_plant_find(&found, liion_store_plant(s), LIION_OBJ_LOT, "gs1", "CELL-000001"));
        ck_assert_int_eq(liion_plant_find(&found, liion_store_plant(s), LIION_OBJ_LOT, "gs1",
                                          "CELL-000010"),
                         LIION_E_NOT_FOUND);
        unit(liion_store_plant(s), &f, 500); /* the reopened store takes writes again */
        liion_store_free(s);
    }
}
END_TEST

/* Send a start (produced, consumed) and an end message to the test's stacker; the end's
 * status. */
static liion_status ingest_response(liion_ingest *ing, const char *produced, const char *consumed,
                                    int64_t t)
{
    uint32_t vids[2] = { 1, 2 };
    const char *text[2] = { produced, consumed };
    liion_secs_item *v[2];
    liion_status st;
    for (int i = 0; i < 2; i++)
        ok(liion_secs_item_new_ascii(&v[i], ctx, text[i], strlen(text[i])));
    st = liion_ingest_event(ing, "ST-1", 100, vids, (const liion_secs_item *const *)v, 2, t);
    for (int i = 0; i < 2; i++)
        liion_secs_item_free(v[i]);
    if (st != LIION_OK)
        return st;
    return liion_ingest_event(ing, "ST-1", 101, NULL, NULL, 0, t + 5);
}

/* liion_ingest applies a message as one group of the plant's store. The end message writes
 * four records (response, equipment actual, two material actuals) under a policy that commits
 * every two: the sync of a commit inside the message would fail, but there is none, and the
 * message lands whole. A message closing a loop in material flow is refused before anything
 * changes, and the store goes on. */
START_TEST(ingest_message_is_atomic_in_a_store)
{
    static const char map_text[] = "liion-ingest 1\n"
                                   "on s6f11 ST-1 100 start STACK\n"
                                   "  vid 1 lot produced\n"
                                   "  vid 2 lot consumed\n"
                                   "on s6f11 ST-1 101 end STACK\n";
    liion_store_options o = LIION_STORE_OPTIONS_INIT;
    liion_store *s = NULL;
    liion_ingest_map *map = NULL;
    liion_ingest *ing = NULL;
    liion_plant *p;
    uint32_t x;
    size_t n;
    o.group_records = 2;
    o.group_ms = 1000000;
    ok(liion_store_open(&s, ctx, path, &o));
    p = liion_store_plant(s);
    ok(liion_plant_equipment_add(&x, p, NULL, "ST-1", LIION_EQ_WORK_CELL, LIION_PLANT_NONE,
                                 LIION_PLANT_NONE));
    ok(liion_plant_segment_add(&x, p, NULL, "STACK", LIION_STEP_STACKING));
    ok(liion_plant_lot_add(&x, p, NULL, "ROLL-A", LIION_PLANT_NONE, LIION_PLANT_NONE));
    ok(liion_store_commit(s));
    ok(liion_ingest_map_parse(&map, ctx, map_text, sizeof map_text - 1));
    ok(liion_ingest_new(&ing, ctx, p, map));
    ok(ingest_response(ing, "CELL-1", "ROLL-A", 0));
    ck_assert_uint_eq(liion_store_committed_seq(s), liion_store_seq(s));

    /* a loop: ROLL-A made from CELL-1, which is made from ROLL-A */
    ck_assert_int_eq(ingest_response(ing, "ROLL-A", "CELL-1", 10), LIION_E_STATE);
    n = liion_ingest_problem_count(ing);
    ck_assert_ptr_nonnull(strstr(liion_ingest_problem(ing, n - 1), "cycle in material flow"));
    ck_assert_ptr_nonnull(strstr(liion_ingest_problem(ing, n - 1), "nothing applied"));
    ck_assert_uint_eq(liion_plant_count(p, LIION_OBJ_RESPONSE), 1);
    ck_assert_uint_eq(liion_plant_edge_count(p), 1);

    /* the second sync from here on fails: a commit inside the next message would be it */
    liion__store_fault(s, LIION__STORE_FAULT_SYNC, 2);
    ok(ingest_response(ing, "CELL-2", "ROLL-A", 20));
    ck_assert_uint_eq(liion_store_committed_seq(s), liion_store_seq(s));
    liion__store_fault(s, 0, 0);
    liion_ingest_free(ing);
    liion_ingest_map_free(map);
    liion_store_free(s);

    s = open_store(path, 0, 0);
    p = liion_store_plant(s);
    ck_assert_uint_eq(liion_plant_count(p, LIION_OBJ_RESPONSE), 2);
    ck_assert_uint_eq(liion_plant_edge_count(p), 2); /* both responses whole */
    liion_store_free(s);
}
END_TEST

START_TEST(io_failure_in_commit)
{
    const uint32_t what[2] = { LIION__STORE_FAULT_WRITE, LIION__STORE_FAULT_SYNC };
    for (int k = 0; k < 2; k++) {
        fixture f;
        uint64_t acked, fp;
        liion_store *s;
        char cmd[300];
        snprintf(cmd, sizeof cmd, "rm -f '%s' '%s.snap'", path, path);
        ck_assert_int_eq(system(cmd), 0);
        s = open_store(path, 0, 0);
        base_objects(liion_store_plant(s), &f);
        for (uint32_t i = 0; i < 30; i++)
            unit(liion_store_plant(s), &f, i);
        ok(liion_store_commit(s));
        acked = liion_store_committed_seq(s);
        fp = fingerprint(liion_store_plant(s));
        liion__store_fault(s, what[k], 1);
        for (uint32_t i = 30; i < 40; i++)
            unit(liion_store_plant(s), &f, i);
        ck_assert_int_eq(liion_store_commit(s), LIION_E_IO);
        ck_assert_ptr_nonnull(strstr(liion_ctx_errmsg(ctx),
                                     k == 0 ? "write failed" : "fdatasync failed"));
        ck_assert_ptr_nonnull(strstr(liion_ctx_errmsg(ctx), "refuses further writes"));
        /* the store now refuses writes with a clear status */
        ck_assert_int_eq(liion_store_commit(s), LIION_E_STATE);
        ck_assert_ptr_nonnull(strstr(liion_ctx_errmsg(ctx), "failed earlier"));
        ck_assert_int_eq(liion_plant_lot_set_status(liion_store_plant(s), 0, "X"),
                         LIION_E_STATE);
        ck_assert_int_eq(liion_store_compact(s), LIION_E_STATE);
        ck_assert_uint_eq(liion_store_committed_seq(s), acked);
        liion_store_free(s);
        /* reopen: exactly the last durable commit */
        s = open_store(path, 0, 0);
        ck_assert_uint_eq(liion_store_committed_seq(s), acked);
        ck_assert_uint_eq(fingerprint(liion_store_plant(s)), fp);
        liion_store_free(s);
    }
}
END_TEST

/* A compaction that fails before its renames leaves the store working; one that fails after
 * a rename fails the store; either way the reopen finds every acknowledged commit. */
START_TEST(io_failure_in_compaction)
{
    static const struct { uint32_t what, nth; int store_goes_on; } cases[] = {
        { LIION__STORE_FAULT_WRITE, 1, 1 }, /* commit's write: no, nothing pending -> snapshot */
        { LIION__STORE_FAULT_WRITE, 3, 1 }, /* a later snapshot write */
        { LIION__STORE_FAULT_SYNC, 1, 1 },  /* snapshot fsync */
        { LIION__STORE_FAULT_SYNC, 2, 0 },  /* directory sync after the snapshot's rename */
        { LIION__STORE_FAULT_SYNC, 3, 1 },  /* new journal's fdatasync */
        { LIION__STORE_FAULT_SYNC, 4, 0 },  /* directory sync after the journal's rename */
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        fixture f;
        uint64_t fp;
        liion_store *s;
        liion_status st;
        char cmd[300];
        snprintf(cmd, sizeof cmd, "rm -f '%s' '%s.snap'", path, path);
        ck_assert_int_eq(system(cmd), 0);
        s = open_store(path, 0, 0);
        base_objects(liion_store_plant(s), &f);
        rich_workload(liion_store_plant(s), &f, 0, 60);
        ok(liion_store_commit(s));
        liion__store_fault(s, cases[k].what, cases[k].nth);
        st = liion_store_compact(s);
        ck_assert_msg(st == LIION_E_IO, "case %zu: status %d", k, (int)st);
        if (cases[k].store_goes_on) {
            rich_workload(liion_store_plant(s), &f, 60, 70);
            ok(liion_store_commit(s));
        } else {
            ck_assert_int_eq(liion_store_commit(s), LIION_E_STATE);
        }
        fp = fingerprint(liion_store_plant(s));
        liion_store_free(s);
        s = open_store(path, 0, 0);
        if (cases[k].store_goes_on)
            ck_assert_uint_eq(fingerprint(liion_store_plant(s)), fp);
        ck_assert_uint_eq(liion_plant_count(liion_store_plant(s), LIION_OBJ_RESPONSE),
                          cases[k].store_goes_on ? 70 : 60);
        /* and it compacts fine afterwards */
        ok(liion_store_compact(s));
        liion_store_free(s);
        s = open_store(path, 0, 0);
        ck_assert_uint_eq(liion_plant_count(liion_store_plant(s), LIION_OBJ_RESPONSE),
                          cases[k].store_goes_on ? 70 : 60);
        liion_store_free(s);
    }
}
END_TEST

static liion_status reopen_snap_body(const liion_allocator *hooks, void *user)
{
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *c = NULL;
    liion_store *s = NULL;
    liion_status st;
    o.allocator = hooks;
    if ((st = liion_ctx_new(&c, &o)) != LIION_OK)
        return st;
    st = liion_store_open(&s, c, path, NULL);
    if (st == LIION_OK)
        ck_assert_uint_eq(liion_plant_count(liion_store_plant(s), LIION_OBJ_LOT),
                          *(const uint32_t *)user);
    liion_store_free(s);
    liion_ctx_free(c);
    return st;
}

START_TEST(snapshot_allocation_failure)
{
    fixture f;
    uint32_t lots;
    liion_store *s = open_store(path, 0, 0);
    base_objects(liion_store_plant(s), &f);
    rich_workload(liion_store_plant(s), &f, 0, 12);
    ok(liion_store_compact(s));
    rich_workload(liion_store_plant(s), &f, 12, 14);
    lots = liion_plant_count(liion_store_plant(s), LIION_OBJ_LOT);
    liion_store_free(s);
    /* the snapshot no longer falls back on a NOMEM: liion_test_alloc_loop checks status */
    ck_assert_uint_gt(liion_test_alloc_loop("store reopen with snapshot", reopen_snap_body,
                                            &lots),
                      20);
}
END_TEST

/* ---- spec results journalled ----------------------------------------------------------------- */

/* Attach wet-film checks to cells through the store's registry. */
static void attach_specs(liion_store *s, liion_spec_limits *wet, liion_spec_result *res,
                         uint32_t from, uint32_t to)
{
    liion_spec_registry *reg = liion_store_spec_registry(s);
    uint32_t lots = liion_plant_count(liion_store_plant(s), LIION_OBJ_LOT);
    for (uint32_t i = from; i < to; i++) {
        double v[4] = { 100.0, 100.5 + i % 3, i % 2 ? 140.0 : 100.0, 99.0 };
        char where[32];
        size_t rec = 0;
        snprintf(where, sizeof where, "CELL-%u", (unsigned)i);
        liion_spec_result_clear(res);
        ok(liion_spec_check_values(res, wet, "wet_film_thickness", "4H", v, 4, where, 0));
        ok(liion_spec_registry_attach(&rec, reg, LIION_OBJ_LOT, i % lots, res,
                                      i % 5 ? wet : NULL, "wet_film_thickness",
                                      (int64_t)i * 1000 - 5000));
    }
}

/* Every field of every record and violation, hashed. */
static uint64_t spec_fingerprint(liion_spec_registry *reg)
{
    uint64_t h = 14695981039346656037ull;
    size_t n = liion_spec_registry_count(reg);
    h = fnv(h, &n, sizeof n);
    for (size_t i = 0; i < n; i++) {
        liion_spec_record_info r;
        memset(&r, 0, sizeof r);
        r.struct_size = sizeof r;
        ok(liion_spec_registry_record(&r, reg, i));
        h = fnv(h, &r.kind, sizeof r.kind);
        h = fnv(h, &r.index, sizeof r.index);
        h = fnv(h, &r.limits_version, sizeof r.limits_version);
        h = fnv_str(h, r.limits_owner);
        h = fnv_str(h, r.param);
        h = fnv_str(h, r.unit);
        h = fnv(h, &r.time, sizeof r.time);
        h = fnv(h, &r.checked, sizeof r.checked);
        h = fnv(h, &r.failed, sizeof r.failed);
        h = fnv(h, &r.warned, sizeof r.warned);
        h = fnv(h, &r.dropped, sizeof r.dropped);
        for (uint64_t k = 0; k < r.violations; k++) {
            liion_spec_violation v;
            memset(&v, 0, sizeof v);
            v.struct_size = sizeof v;
            ok(liion_spec_registry_violation(&v, reg, i, (size_t)k));
            h = fnv(h, &v.severity, sizeof v.severity);
            h = fnv(h, &v.side, sizeof v.side);
            h = fnv(h, &v.index, sizeof v.index);
            h = fnv(h, &v.value, sizeof v.value);
            h = fnv(h, &v.limit, sizeof v.limit);
            h = fnv_str(h, v.param);
            h = fnv_str(h, v.unit);
            h = fnv_str(h, v.where);
        }
    }
    return h;
}

START_TEST(spec_results_survive_reopen_and_compaction)
{
    fixture f;
    liion_spec_limits *wet = NULL;
    liion_spec_result *res = NULL;
    liion_store *s = open_store(path, 0, 0), *r;
    uint64_t h;
    size_t n;
    ok(liion_spec_limits_new(&wet, ctx, "NMC811-CATHODE", 3));
    ok(liion_spec_limits_set_default(wet, LIION_SPEC_WET_FILM_THICKNESS, 100.0));
    ok(liion_spec_result_new(&res, ctx));
    ck_assert_ptr_null(liion_store_spec_registry(NULL));
    base_objects(liion_store_plant(s), &f);
    rich_workload(liion_store_plant(s), &f, 0, 40);
    attach_specs(s, wet, res, 0, 30);
    ok(liion_store_commit(s));
    h = spec_fingerprint(liion_store_spec_registry(s));
    n = liion_spec_registry_count(liion_store_spec_registry(s));
    ck_assert_uint_eq(n, 30);
    liion_store_free(s);

    /* journal replay */
    s = open_store(path, 0, 0);
    ck_assert_uint_eq(spec_fingerprint(liion_store_spec_registry(s)), h);
    /* snapshot */
    ok(liion_store_compact(s));
    attach_specs(s, wet, res, 30, 45);
    h = spec_fingerprint(liion_store_spec_registry(s));
    liion_store_free(s);
    s = open_store(path, 0, 0);
    ck_assert_uint_gt(liion_store_snapshot_seq(s), 0);
    ck_assert_uint_eq(liion_spec_registry_count(liion_store_spec_registry(s)), 45);
    ck_assert_uint_eq(spec_fingerprint(liion_store_spec_registry(s)), h);
    /* a reader sees them too, and cannot add any */
    r = open_store(path, LIION_STORE_READ_ONLY, 0);
    ck_assert_uint_eq(spec_fingerprint(liion_store_spec_registry(r)), h);
    liion_spec_result_clear(res);
    ok(liion_spec_check_value(res, wet, "wet_film_thickness", "4H", 150.0, "X", 0));
    ck_assert_int_eq(liion_spec_registry_attach(NULL, liion_store_spec_registry(r),
                                                LIION_OBJ_LOT, 0, res, wet,
                                                "wet_film_thickness", 0),
                     LIION_E_STATE);
    liion_store_free(r);
    /* the registry's queries work on the restored records */
    {
        liion_spec_selection *sel = NULL;
        ok(liion_spec_selection_new(&sel, ctx));
        ok(liion_spec_registry_select_object(liion_store_spec_registry(s), sel, LIION_OBJ_LOT,
                                             1));
        ck_assert_uint_gt(liion_spec_selection_count(sel), 0);
        liion_spec_selection_free(sel);
    }
    liion_store_free(s);
    /* the export names the record type */
    {
        liion_store *x = open_store(path, LIION_STORE_READ_ONLY, 0);
        ck_assert_uint_gt(liion_store_snapshot_seq(x), 0);
        liion_store_free(x);
    }
    liion_spec_result_free(res);
    liion_spec_limits_free(wet);
}
END_TEST

/* ---- job responses, test results, assembly attributes (ops 22..26) in snapshots --------- */

/* rich_workload() plus the records of ops 22..26: a job response per ten units grouping their
 * segment responses (state changes on the way), test results on cells (some on a property,
 * some on the lot, all three outcomes), assembly attributes on classes and definitions (some
 * set twice). Uses only counts and IDs, so a second plant given the same calls agrees. */
static void mes_workload(liion_plant *p, fixture *f, uint32_t from, uint32_t to)
{
    for (uint32_t i = from; i < to; i++) {
        char id[32];
        uint32_t r, cell, job, test, mc, def;
        rich_workload(p, f, i, i + 1);
        r = liion_plant_count(p, LIION_OBJ_RESPONSE) - 1;
        snprintf(id, sizeof id, "CELL-%06u", (unsigned)i);
        ok(liion_plant_find(&cell, p, LIION_OBJ_LOT, "gs1", id));
        snprintf(id, sizeof id, "JOB-%04u", (unsigned)(i / 10));
        if (i % 10 == 0 || i == from) {
            if (liion_plant_find(&job, p, LIION_OBJ_JOB_RESPONSE, NULL, id) != LIION_OK)
                ok(liion_plant_job_response_add(&job, p, NULL, id, (int64_t)i * 60,
                                                (int64_t)i * 60 + 3600,
                                                LIION_RESPONSE_READY));
        } else {
            ok(liion_plant_find(&job, p, LIION_OBJ_JOB_RESPONSE, NULL, id));
        }
        if (i % 7 != 3) /* some responses belong to no job */
            ok(liion_plant_job_response_add_segment(p, job, r));
        if (i % 10 == 4)
            ok(liion_plant_job_response_set_state(p, job, LIION_RESPONSE_RUNNING));
        if (i % 10 == 9)
            ok(liion_plant_job_response_set_state(p, job, i % 20 == 9 ? LIION_RESPONSE_COMPLETED
                                                                     : LIION_RESPONSE_ABORTED));
        if (i % 2 == 0) {
            snprintf(id, sizeof id, "T-%06u-a", (unsigned)i);
            ok(liion_plant_test_result_add(&test, p, "lims", id, cell, "ocv", "OCV check",
                                           3.6 + i / 1000.0, "VLT",
                                           (liion_test_outcome)(1 + i % 3), (int64_t)i * 13));
            ok(liion_plant_prop_set_number(p, LIION_OBJ_TEST_RESULT, test, "temp", 25.0 + i % 4,
                                           "CEL"));
        }
        if (i % 3 == 1) {
            snprintf(id, sizeof id, "T-%06u-b", (unsigned)i);
            /* same time as another result of the raw lot now and then: order by index */
            ok(liion_plant_test_result_add(&test, p, NULL, id, f->raw, NULL, "Moisture",
                                           0.01 * (i % 9), "P1", LIION_TEST_PASS,
                                           (int64_t)(i / 6)));
        }
        if (i % 25 == 0) {
            snprintf(id, sizeof id, "MC-%04u", (unsigned)i);
            ok(liion_plant_material_class_add(&mc, p, NULL, id));
            snprintf(id, sizeof id, "DEF-%04u", (unsigned)i);
            ok(liion_plant_material_definition_add(&def, p, NULL, id, mc));
            ok(liion_plant_set_assembly(p, LIION_OBJ_MATERIAL_CLASS, mc,
                                        i % 50 ? LIION_ASSEMBLY_LOGICAL : LIION_ASSEMBLY_PHYSICAL,
                                        LIION_ASSEMBLY_TRANSIENT));
            if (i % 75 == 0)
                ok(liion_plant_set_assembly(p, LIION_OBJ_MATERIAL_DEFINITION, def,
                                            LIION_ASSEMBLY_PHYSICAL, LIION_ASSEMBLY_PERMANENT));
            /* set again: the newest value wins */
            ok(liion_plant_set_assembly(p, LIION_OBJ_MATERIAL_CLASS, 0,
                                        (liion_assembly_type)(1 + (i / 25) % 2),
                                        (liion_assembly_rel)(1 + (i / 50) % 2)));
        }
    }
}

static uint64_t trace_hash(uint64_t h, const liion_trace *t)
{
    for (size_t i = 0; i < liion_trace_count(t); i++) {
        uint32_t x = liion_trace_index(t, i), d = liion_trace_depth(t, i);
        double sc = liion_trace_score(t, i);
        h = fnv(h, &x, sizeof x);
        h = fnv(h, &d, sizeof d);
        h = fnv(h, &sc, sizeof sc);
    }
    return h;
}

/* Hash of every query answer about ops 22..26: each job response (ID, times, state, member
 * list), the job of every segment response, each test result (ID, lot, value, unit, outcome,
 * time, name, property, a property of it), every lot's test list, the assembly attributes of
 * every class and definition. */
static uint64_t mes_fingerprint(liion_plant *p)
{
    uint64_t h = fingerprint(p);
    liion_trace *t = NULL;
    uint32_t n;
    CHK(liion_trace_new(&t, ctx) == LIION_OK);
    n = liion_plant_count(p, LIION_OBJ_JOB_RESPONSE);
    h = fnv(h, &n, sizeof n);
    for (uint32_t j = 0; j < n; j++) {
        int64_t a, b;
        liion_response_state state;
        ok(liion_plant_job_response_info(&a, &b, &state, p, j));
        h = fnv_str(h, liion_plant_id(p, LIION_OBJ_JOB_RESPONSE, j));
        h = fnv(h, &a, sizeof a);
        h = fnv(h, &b, sizeof b);
        h = fnv(h, &state, sizeof state);
        ok(liion_plant_job_response_segments(p, t, j));
        h = trace_hash(h, t);
    }
    n = liion_plant_count(p, LIION_OBJ_RESPONSE);
    for (uint32_t r = 0; r < n; r++) {
        uint32_t j = liion_plant_response_job(p, r);
        h = fnv(h, &j, sizeof j);
    }
    n = liion_plant_count(p, LIION_OBJ_TEST_RESULT);
    h = fnv(h, &n, sizeof n);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t lot;
        double v, num = 0;
        const char *unit_s = NULL, *text = NULL;
        liion_test_outcome oc;
        liion_prop_type pt;
        int64_t tm;
        ok(liion_plant_test_result_info(&lot, &v, &unit_s, &oc, &tm, p, i));
        h = fnv_str(h, liion_plant_id(p, LIION_OBJ_TEST_RESULT, i));
        h = fnv(h, &lot, sizeof lot);
        h = fnv(h, &v, sizeof v);
        h = fnv_str(h, unit_s);
        h = fnv(h, &oc, sizeof oc);
        h = fnv(h, &tm, sizeof tm);
        h = fnv_str(h, liion_plant_test_result_name(p, i));
        h = fnv_str(h, liion_plant_test_result_property(p, i));
        if (liion_plant_prop_get(&pt, &num, &text, p, LIION_OBJ_TEST_RESULT, i, "temp") ==
            LIION_OK)
            h = fnv(h, &num, sizeof num);
    }
    n = liion_plant_count(p, LIION_OBJ_LOT);
    for (uint32_t l = 0; l < n; l++) {
        ok(liion_plant_lot_test_results(p, t, l));
        h = trace_hash(h, t);
    }
    for (int k = LIION_OBJ_MATERIAL_CLASS; k <= LIION_OBJ_MATERIAL_DEFINITION; k++) {
        n = liion_plant_count(p, (liion_object_kind)k);
        for (uint32_t i = 0; i < n; i++) {
            liion_assembly_type at;
            liion_assembly_rel ar;
            ok(liion_plant_assembly_info(&at, &ar, p, (liion_object_kind)k, i));
            h = fnv(h, &at, sizeof at);
            h = fnv(h, &ar, sizeof ar);
        }
    }
    liion_trace_free(t);
    return h;
}

/* A store holding job responses, test results and assembly attributes compacts (by hand and
 * automatically), reopens from snapshot + journal tail, and then answers every query, and
 * holds the same state byte for byte, as a store built by the same calls without snapshots. */
START_TEST(jobs_tests_assembly_compact_and_reopen)
{
    fixture f, g;
    char p2[160];
    uint64_t fp, seq;
    liion_store *s = open_store(path, 0, LIION_STORE_GROUP), *plain, *r;
    liion_plant *p = liion_store_plant(s);
    snprintf(p2, sizeof p2, "%s/plain.store", dir);
    base_objects(p, &f);
    mes_workload(p, &f, 0, 160);
    ck_assert_uint_gt(liion_plant_count(p, LIION_OBJ_JOB_RESPONSE), 10);
    ck_assert_uint_gt(liion_plant_count(p, LIION_OBJ_TEST_RESULT), 100);
    ok(liion_store_compact(s));
    seq = liion_store_snapshot_seq(s);
    ck_assert_uint_gt(seq, 0);
    /* the tail: jobs begun before the snapshot get members and states after it */
    mes_workload(p, &f, 160, 235);
    ok(liion_store_commit(s));
    fp = mes_fingerprint(p);

    plain = open_store(p2, LIION_STORE_NO_AUTO_COMPACT, LIION_STORE_GROUP);
    base_objects(liion_store_plant(plain), &g);
    mes_workload(liion_store_plant(plain), &g, 0, 235);
    ok(liion_store_commit(plain));
    ck_assert_uint_eq(mes_fingerprint(liion_store_plant(plain)), fp);
    same_state(p, liion_store_plant(plain));
    liion_store_free(plain);

    /* reopen as a reader and as a writer: snapshot + tail */
    r = open_store(path, LIION_STORE_READ_ONLY, 0);
    ck_assert_uint_eq(liion_store_snapshot_seq(r), seq);
    ck_assert_uint_eq(mes_fingerprint(liion_store_plant(r)), fp);
    same_state(p, liion_store_plant(r));
    liion_store_free(r);
    liion_store_free(s);
    s = open_store(path, 0, 0);
    ck_assert_uint_eq(mes_fingerprint(liion_store_plant(s)), fp);
    plain = open_store(p2, LIION_STORE_READ_ONLY, 0);
    same_state(liion_store_plant(s), liion_store_plant(plain));
    liion_store_free(plain);

    /* compact again after the reopen (state that came from a snapshot is written back
     * unchanged), keep going on both, reopen from the snapshot alone */
    ok(liion_store_compact(s));
    ck_assert_uint_gt(liion_store_snapshot_seq(s), seq);
    mes_workload(liion_store_plant(s), &f, 235, 260);
    ok(liion_store_compact(s));
    fp = mes_fingerprint(liion_store_plant(s));
    liion_store_free(s);
    plain = open_store(p2, LIION_STORE_NO_AUTO_COMPACT, 0);
    mes_workload(liion_store_plant(plain), &g, 235, 260);
    ok(liion_store_commit(plain));
    s = open_store(path, LIION_STORE_READ_ONLY, 0);
    ck_assert_uint_eq(mes_fingerprint(liion_store_plant(s)), fp);
    ck_assert_uint_eq(mes_fingerprint(liion_store_plant(plain)), fp);
    same_state(liion_store_plant(s), liion_store_plant(plain));
    liion_store_free(s);
    liion_store_free(plain);
}
END_TEST

/* The automatic policy compacts a journal of ops 22..26 too (it used to skip them). */
START_TEST(jobs_tests_assembly_auto_compaction)
{
    fixture f;
    uint64_t fp;
    liion_store_options o = LIION_STORE_OPTIONS_INIT;
    liion_store *s = NULL;
    o.compact_bytes = 4096;
    o.group_records = 1u << 30;
    o.group_ms = 1000000;
    ok(liion_store_open(&s, ctx, path, &o));
    base_objects(liion_store_plant(s), &f);
    for (uint32_t i = 0; i < 200; i += 10) {
        mes_workload(liion_store_plant(s), &f, i, i + 10);
        ok(liion_store_commit(s));
    }
    ck_assert_uint_gt(liion_store_snapshot_seq(s), 0);
    ck_assert_uint_lt(liion_store_committed_bytes(s), liion_store_snapshot_seq(s) * 30u);
    fp = mes_fingerprint(liion_store_plant(s));
    liion_store_free(s);
    ok(liion_store_open(&s, ctx, path, &o));
    ck_assert_uint_eq(mes_fingerprint(liion_store_plant(s)), fp);
    ck_assert_uint_eq(liion_plant_count(liion_store_plant(s), LIION_OBJ_JOB_RESPONSE), 20);
    liion_store_free(s);
}
END_TEST

/* Damage in the new sections is found: a test result on a lot that does not exist, a member
 * in two job responses, assembly attributes on a lot. Built by re-encoding one section of a
 * good snapshot (the frame CRCs fixed), so the fault reaches the section checks. */
static unsigned char *snap_replace_section(const unsigned char *b, size_t n, uint32_t id,
                                           const uint8_t *raw, size_t raw_len, size_t *out_n)
{
    size_t off = LIION__SNAP_HDR, o = 0;
    uLongf clen = compressBound((uLong)raw_len);
    unsigned char *out = malloc(n + clen + 64), *comp = malloc(clen);
    ck_assert_ptr_nonnull(out);
    ck_assert_ptr_nonnull(comp);
    ck_assert_int_eq(compress(comp, &clen, raw, (uLong)raw_len), Z_OK);
    memcpy(out, b, LIION__SNAP_HDR);
    o = LIION__SNAP_HDR;
    while (off < n) {
        uint64_t sc = liion__load_le64(b + off + 16);
        if (liion__load_le32(b + off) == id) {
            unsigned char *fr = out + o;
            memcpy(fr, b + off, LIION__SNAP_SEC_HDR);
            liion__store_le64(fr + 8, raw_len);
            liion__store_le64(fr + 16, clen);
            liion__store_le32(fr + 24, crc32_ieee(comp, clen));
            liion__store_le32(fr + 28, crc32_ieee(fr, 28));
            memcpy(fr + LIION__SNAP_SEC_HDR, comp, clen);
            o += LIION__SNAP_SEC_HDR + clen;
        } else {
            memcpy(out + o, b + off, LIION__SNAP_SEC_HDR + sc);
            o += LIION__SNAP_SEC_HDR + sc;
        }
        off += LIION__SNAP_SEC_HDR + (size_t)sc;
    }
    free(comp);
    *out_n = o;
    return out;
}

static void put_uvs(uint8_t *raw, size_t *n, const uint64_t *v, size_t k)
{
    for (size_t i = 0; i < k; i++) {
        uint64_t x = v[i];
        while (x >= 0x80) {
            raw[(*n)++] = (uint8_t)(x | 0x80);
            x >>= 7;
        }
        raw[(*n)++] = (uint8_t)x;
    }
}

START_TEST(bad_job_test_assembly_sections)
{
    static const struct {
        uint32_t id;
        uint64_t v[24];
        size_t k;
        const char *why;
    } cases[] = {
        /* columns of zigzag deltas: 2 rows, kinds 3 and 5 (a lot), index 0, type 1, rel 1 */
        { LIION__SNAP_ASM_ATTR, { 2, 6, 4, 0, 0, 2, 0, 2, 0 }, 9, "does not exist" },
        /* a duplicate row (3, 0) twice */
        { LIION__SNAP_ASM_ATTR, { 2, 6, 0, 0, 0, 2, 0, 2, 0 }, 9, "duplicate" },
        /* type 3 */
        { LIION__SNAP_ASM_ATTR, { 1, 6, 0, 6, 2 }, 5, "out of range" },
        /* 2 members, both response 0 (job 0): in two job responses */
        { LIION__SNAP_JOBM, { 2, 0, 0, 0, 0 }, 5, "two job responses" },
        /* a member of job 7, which does not exist */
        { LIION__SNAP_JOBM, { 1, 0, 14 }, 3, "does not exist" },
    };
    fixture f;
    size_t n;
    char sp[160];
    unsigned char *b;
    liion_store *s = open_store(path, 0, 0);
    liion_plant *p = liion_store_plant(s);
    base_objects(p, &f);
    mes_workload(p, &f, 0, 12);
    ok(liion_store_compact(s));
    liion_store_free(s);
    snap_path(sp, sizeof sp, ".snap");
    b = read_all(sp, &n);
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        uint8_t raw[256];
        size_t rn = 0, bn;
        unsigned char *bad_snap;
        liion_store *x = NULL;
        put_uvs(raw, &rn, cases[c].v, cases[c].k);
        bad_snap = snap_replace_section(b, n, cases[c].id, raw, rn, &bn);
        write_all(sp, bad_snap, bn);
        ck_assert_int_eq(liion_store_open(&x, ctx, path, NULL), LIION_E_CORRUPT);
        ck_assert_ptr_null(x);
        ck_assert_msg(strstr(liion_ctx_errmsg(ctx), cases[c].why) != NULL, "case %zu: %s", c,
                      liion_ctx_errmsg(ctx));
        free(bad_snap);
    }
    write_all(sp, b, n);
    s = open_store(path, LIION_STORE_READ_ONLY, 0);
    ck_assert_uint_eq(liion_plant_count(liion_store_plant(s), LIION_OBJ_JOB_RESPONSE), 2);
    liion_store_free(s);
    free(b);
}
END_TEST

/* A version 1 snapshot (26 sections: no ID tables of kinds 9, 10, no job, member, test and
 * assembly-attribute sections, spec records 26th) is still read. Made from a version 2 one of
 * a plant without those records, by dropping its empty sections and renumbering. */
START_TEST(version_1_snapshot_is_read)
{
    fixture f;
    char sp[160];
    size_t n, off = LIION__SNAP_HDR, o = LIION__SNAP_HDR;
    uint64_t fp;
    unsigned char *b, *v1;
    uint32_t i1 = 0;
    liion_store *s = open_store(path, 0, 0);
    base_objects(liion_store_plant(s), &f);
    rich_workload(liion_store_plant(s), &f, 0, 120);
    ok(liion_store_compact(s));
    fp = fingerprint(liion_store_plant(s));
    liion_store_free(s);
    snap_path(sp, sizeof sp, ".snap");
    b = read_all(sp, &n);
    v1 = malloc(n);
    ck_assert_ptr_nonnull(v1);
    memcpy(v1, b, LIION__SNAP_HDR);
    while (off < n) {
        uint32_t id = liion__load_le32(b + off);
        size_t sz = LIION__SNAP_SEC_HDR + (size_t)liion__load_le64(b + off + 16);
        if (!(id == 9 || id == 10 || (id >= LIION__SNAP_JOB && id <= LIION__SNAP_ASM_ATTR))) {
            memcpy(v1 + o, b + off, sz);
            liion__store_le32(v1 + o, ++i1);
            ck_assert_uint_eq(liion__snap_v1_id(i1), id);
            liion__store_le32(v1 + o + 28, crc32_ieee(v1 + o, 28));
            o += sz;
        }
        off += sz;
    }
    ck_assert_uint_eq(i1, 26);
    liion__store_le32(v1 + 8, 1);
    liion__store_le32(v1 + 24, 26);
    liion__store_le32(v1 + 28, crc32_ieee(v1, 28));
    write_all(sp, v1, o);
    s = open_store(path, 0, 0);
    ck_assert_uint_eq(fingerprint(liion_store_plant(s)), fp);
    /* and goes on: ops 22..26 on top, compacted into a version 2 snapshot */
    mes_workload(liion_store_plant(s), &f, 120, 140);
    ok(liion_store_compact(s));
    fp = mes_fingerprint(liion_store_plant(s));
    liion_store_free(s);
    free(b);
    b = read_all(sp, &n);
    ck_assert_uint_eq(liion__load_le32(b + 8), LIION__SNAP_VERSION);
    s = open_store(path, LIION_STORE_READ_ONLY, 0);
    ck_assert_uint_eq(mes_fingerprint(liion_store_plant(s)), fp);
    liion_store_free(s);
    /* a version 1 header with 32 sections is refused */
    liion__store_le32(b + 8, 1);
    liion__store_le32(b + 28, crc32_ieee(b, 28));
    write_all(sp, b, n);
    ck_assert_int_eq(liion_store_open(&s, ctx, path, NULL), LIION_E_CORRUPT);
    ck_assert_ptr_nonnull(strstr(liion_ctx_errmsg(ctx), "sections for version 1"));
    free(b);
    free(v1);
}
END_TEST

/* Section data must be a zlib stream: a bad header is refused with the section's offset; the
 * Adler-32 trailer must be there but its value is not recomputed (the data CRC covers it). */
START_TEST(snapshot_zlib_header_and_trailer)
{
    fixture f;
    char sp[160];
    size_t n, sec = LIION__SNAP_HDR;
    unsigned char *b;
    uint64_t clen;
    liion_store *s = open_store(path, 0, 0), *x = NULL;
    base_objects(liion_store_plant(s), &f);
    rich_workload(liion_store_plant(s), &f, 0, 30);
    ok(liion_store_compact(s));
    liion_store_free(s);
    snap_path(sp, sizeof sp, ".snap");
    b = read_all(sp, &n);
    clen = liion__load_le64(b + sec + 16);
    ck_assert_uint_ge(clen, 8);
    /* 1. the trailer's value changed (both CRCs fixed): still loads */
    b[sec + LIION__SNAP_SEC_HDR + clen - 1] ^= 0x55u;
    liion__store_le32(b + sec + 24, crc32_ieee(b + sec + LIION__SNAP_SEC_HDR, (size_t)clen));
    liion__store_le32(b + sec + 28, crc32_ieee(b + sec, 28));
    write_all(sp, b, n);
    s = open_store(path, LIION_STORE_READ_ONLY, 0);
    ck_assert_uint_eq(liion_plant_count(liion_store_plant(s), LIION_OBJ_LOT), 34);
    liion_store_free(s);
    /* 2. compression method 9 in the header: refused at the section's offset */
    b[sec + LIION__SNAP_SEC_HDR] = 0x79;
    liion__store_le32(b + sec + 24, crc32_ieee(b + sec + LIION__SNAP_SEC_HDR, (size_t)clen));
    liion__store_le32(b + sec + 28, crc32_ieee(b + sec, 28));
    write_all(sp, b, n);
    ck_assert_int_eq(liion_store_open(&x, ctx, path, NULL), LIION_E_CORRUPT);
    ck_assert_ptr_null(x);
    ck_assert_ptr_nonnull(strstr(liion_ctx_errmsg(ctx), "zlib header"));
    ck_assert_uint_eq(liion_ctx_error_offset(ctx), sec);
    free(b);
}
END_TEST

static Suite *store_suite(void)
{
    Suite *s = suite_create("store");
    TCase *tc = tcase_create("journal");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, round_trip_and_append);
    tcase_add_test(tc, reader_copes_with_a_writer_cutting_the_file);
    tcase_add_test(tc, atomic_group_defers_commits);
    tcase_add_test(tc, atomic_group_crash_keeps_none);
    tcase_add_test(tc, atomic_group_abort_cuts_the_group);
    tcase_add_test(tc, ingest_message_is_atomic_in_a_store);
    tcase_add_test(tc, roll_map_survives_reopen);
    tcase_add_test(tc, durability_modes);
    tcase_add_test(tc, group_commit_by_count);
    tcase_add_test(tc, group_commit_by_time);
    tcase_add_test(tc, single_writer_and_reader);
    tcase_add_test(tc, bad_arguments);
    tcase_add_test(tc, version_and_garbage);
    tcase_add_test(tc, export_cbor_sequence);
    suite_add_tcase(s, tc);
    tc = tcase_create("snapshot");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, snapshot_round_trip);
    tcase_add_test(tc, automatic_compaction);
    tcase_add_test(tc, compaction_crash_windows);
    tcase_add_test(tc, snapshot_damage_every_byte);
    tcase_add_test(tc, io_failure_in_commit);
    tcase_add_test(tc, io_failure_in_compaction);
    tcase_add_test(tc, snapshot_allocation_failure);
    tcase_add_test(tc, spec_results_survive_reopen_and_compaction);
    tcase_add_test(tc, jobs_tests_assembly_compact_and_reopen);
    tcase_add_test(tc, jobs_tests_assembly_auto_compaction);
    tcase_add_test(tc, bad_job_test_assembly_sections);
    tcase_add_test(tc, version_1_snapshot_is_read);
    tcase_add_test(tc, snapshot_zlib_header_and_trailer);
    tcase_set_timeout(tc, 300);
    suite_add_tcase(s, tc);
    tc = tcase_create("recovery");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, truncate_at_every_offset);
    tcase_add_test(tc, corruption_in_the_middle);
    tcase_add_test(tc, open_allocation_failure);
    tcase_add_test(tc, write_failure_leaves_store_recoverable);
    tcase_set_timeout(tc, 300);
    suite_add_tcase(s, tc);
    tc = tcase_create("crash"); /* scripts/crash-soak.sh runs this case alone */
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, sigkill_crash_consistency);
    tcase_add_test(tc, sigkill_crash_atomic_groups);
    tcase_set_timeout(tc, 300);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return liion_test_run(store_suite());
}
