/*
 * Durable plant store: the writer side. A liion_store owns a plant whose journal hook
 * (plant_int.h) appends one framed CBOR record per successful mutation into an append buffer;
 * commit points add a commit record, write the buffer and fdatasync. Format: store_int.h and
 * docs/store-format.md.
 */
#define _GNU_SOURCE
#include "store/store_int.h"

#include "core/bytes.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#define LIION__MAGIC_STORE 0x73746f72u /* "stor" */

#define DEFAULT_GROUP_RECORDS 65536u
#define DEFAULT_GROUP_MS 20u
#define DEFAULT_BUFFER (1u << 20)
#define MIN_BUFFER 4096u

struct liion_store {
    uint32_t magic;
    liion_ctx *ctx;
    liion_plant *plant;
    int fd;
    bool read_only;
    bool failed;
    uint32_t durability;
    uint32_t group_records;
    uint64_t group_ns;
    uint8_t *buf; /* records appended but not yet written */
    size_t cap, len;
    uint64_t seq;             /* last record appended */
    uint64_t committed_seq;   /* last durable commit record */
    uint64_t committed_bytes; /* file offset past it */
    uint64_t file_bytes;      /* bytes written to the file */
    uint64_t tail_cut;
    uint32_t pending; /* op records since the last commit */
    uint64_t pending_since_ns;
};

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---- CBOR encoding of record bodies ----------------------------------------------------- */

static void cbor_head(liion__wr *w, uint8_t major, uint64_t v)
{
    uint8_t *p;
    major = (uint8_t)(major << 5);
    if (v < 24) {
        if ((p = liion__wr_take(w, 1)) != NULL)
            p[0] = (uint8_t)(major | v);
    } else if (v <= UINT8_MAX) {
        if ((p = liion__wr_take(w, 2)) != NULL) {
            p[0] = (uint8_t)(major | 24u);
            p[1] = (uint8_t)v;
        }
    } else if (v <= UINT16_MAX) {
        if ((p = liion__wr_take(w, 3)) != NULL) {
            p[0] = (uint8_t)(major | 25u);
            liion__store_be16(p + 1, (uint16_t)v);
        }
    } else if (v <= UINT32_MAX) {
        if ((p = liion__wr_take(w, 5)) != NULL) {
            p[0] = (uint8_t)(major | 26u);
            liion__store_be32(p + 1, (uint32_t)v);
        }
    } else if ((p = liion__wr_take(w, 9)) != NULL) {
        p[0] = (uint8_t)(major | 27u);
        liion__store_be64(p + 1, v);
    }
}

static void encode_op(liion__wr *w, const liion__plant_op *op)
{
    const char *sig = liion__store_sig[op->op];
    size_t ns = 0, nu = 0, nt = 0, nd = 0;
    cbor_head(w, 4, strlen(sig));
    for (const char *c = sig; *c != '\0'; c++) {
        switch (*c) {
        case 's': {
            const char *s = op->s[ns++];
            if (s == NULL) {
                cbor_head(w, 7, 22); /* null */
            } else {
                size_t n = strlen(s);
                cbor_head(w, 3, n);
                liion__wr_bytes(w, s, n);
            }
            break;
        }
        case 'u':
            cbor_head(w, 0, op->u[nu++]);
            break;
        case 't': {
            int64_t t = op->t[nt++];
            if (t >= 0)
                cbor_head(w, 0, (uint64_t)t);
            else
                cbor_head(w, 1, (uint64_t)(-1 - t));
            break;
        }
        default: { /* 'd' */
            double d = op->d[nd++];
            uint8_t *p = liion__wr_take(w, 9);
            if (p != NULL) {
                p[0] = 0xfb;
                liion__store_f64be(p + 1, d);
            }
            break;
        }
        }
    }
}

/* ---- file I/O --------------------------------------------------------------------------- */

static liion_status fail(liion_store *s, liion_status st, const char *what, int err)
{
    s->failed = true;
    if (err != 0)
        return liion__error(s->ctx, st, "store: %s failed: %s (the store refuses further "
                                        "writes; reopen it to recover the committed records)",
                            what, strerror(err));
    return st;
}

static liion_status flush(liion_store *s)
{
    size_t done = 0;
    while (done < s->len) {
        ssize_t n = pwrite(s->fd, s->buf + done, s->len - done,
                           (off_t)(s->file_bytes + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return fail(s, LIION_E_IO, "write", n < 0 ? errno : EIO);
        done += (size_t)n;
    }
    s->file_bytes += s->len;
    s->len = 0;
    return LIION_OK;
}

/* Append one record (op != NULL: an op; otherwise a commit carrying `count`). */
static liion_status append(liion_store *s, const liion__plant_op *op, uint64_t count)
{
    liion__wr w;
    size_t need;
    uint8_t *h;
    uint32_t crc;
    liion_status st;
    /* Measure the body, make room, then encode it in place. */
    liion__wr_init(&w, NULL, 0);
    if (op != NULL)
        encode_op(&w, op);
    else {
        cbor_head(&w, 4, 1);
        cbor_head(&w, 0, count);
    }
    need = liion__wr_size(&w);
    if (need > LIION__STORE_MAX_BODY)
        return fail(s, liion__error(s->ctx, LIION_E_LIMIT, "store record of %zu bytes is over "
                                                             "the 16 MiB record limit", need),
                    "append", 0);
    need += LIION__STORE_REC_HDR;
    if (need > s->cap - s->len) {
        if ((st = flush(s)) != LIION_OK)
            return st;
        if (need > s->cap) {
            uint8_t *p = liion__realloc(s->ctx, s->buf, s->cap, need);
            if (p == NULL)
                return fail(s, LIION_E_NOMEM, "append", 0);
            s->buf = p;
            s->cap = need;
        }
    }
    h = s->buf + s->len;
    liion__wr_init(&w, h + LIION__STORE_REC_HDR, need - LIION__STORE_REC_HDR);
    if (op != NULL)
        encode_op(&w, op);
    else {
        cbor_head(&w, 4, 1);
        cbor_head(&w, 0, count);
    }
    liion__store_le32(h, (uint32_t)(need - LIION__STORE_REC_HDR));
    h[4] = (uint8_t)(op != NULL ? op->op : LIION__STORE_COMMIT);
    h[5] = 0;
    liion__store_le16(h + 6, 0);
    liion__store_le64(h + 8, s->seq + 1);
    crc = (uint32_t)crc32(0L, h, 16);
    crc = (uint32_t)crc32(crc, h + LIION__STORE_REC_HDR, (uInt)(need - LIION__STORE_REC_HDR));
    liion__store_le32(h + 16, crc);
    s->len += need;
    s->seq++;
    return LIION_OK;
}

static liion_status commit(liion_store *s)
{
    liion_status st;
    if (s->pending == 0 && s->len == 0)
        return LIION_OK;
    if ((st = append(s, NULL, s->pending)) != LIION_OK || (st = flush(s)) != LIION_OK)
        return st;
    if (s->durability != LIION_STORE_NONE && fdatasync(s->fd) != 0)
        return fail(s, LIION_E_IO, "fdatasync", errno);
    s->committed_seq = s->seq;
    s->committed_bytes = s->file_bytes;
    s->pending = 0;
    return LIION_OK;
}

static liion_status journal_hook(void *user, const liion__plant_op *op)
{
    liion_store *s = user;
    liion_status st;
    if (s->read_only)
        return liion__error(s->ctx, LIION_E_STATE,
                            "store opened read-only: the change is not journalled");
    if (s->failed)
        return liion__error(s->ctx, LIION_E_STATE, "store failed earlier: the change is not "
                                                   "journalled; reopen the store");
    if ((st = append(s, op, 0)) != LIION_OK)
        return st;
    if (++s->pending == 1)
        s->pending_since_ns = now_ns();
    if (s->durability == LIION_STORE_FULL || s->pending >= s->group_records ||
        ((s->pending < 64u || (s->pending & 15u) == 0) &&
         now_ns() - s->pending_since_ns >= s->group_ns))
        return commit(s);
    return LIION_OK;
}

/* ---- public API ------------------------------------------------------------------------- */

LIION_API liion_status liion_store_options_init(liion_store_options *opts, uint32_t struct_size)
{
    if (opts == NULL || struct_size < sizeof(uint32_t))
        return LIION_E_INVALID_ARG;
    memset(opts, 0, struct_size);
    opts->struct_size = struct_size;
    return LIION_OK;
}

static liion_status read_opts(liion_store_options *o, const liion_store_options *opts)
{
    memset(o, 0, sizeof *o);
    if (opts == NULL)
        return LIION_OK;
    if (opts->struct_size < sizeof(uint32_t))
        return LIION_E_INVALID_ARG;
    if (opts->struct_size > sizeof *o) {
        const unsigned char *b = (const unsigned char *)opts;
        for (size_t i = sizeof *o; i < opts->struct_size; i++)
            if (b[i] != 0)
                return LIION_E_UNSUPPORTED;
    }
    memcpy(o, opts, opts->struct_size < sizeof *o ? opts->struct_size : sizeof *o);
    return LIION_OK;
}

static liion_status sys_error(liion_ctx *ctx, liion_status st, const char *what,
                              const char *path)
{
    return liion__error(ctx, st, "store '%s': %s failed: %s", path, what, strerror(errno));
}

/* fsync the directory holding path, so that a new file's name is durable. */
static void sync_dir(const char *path)
{
    char dir[4096];
    const char *slash = strrchr(path, '/');
    size_t n = slash == NULL ? 0 : (size_t)(slash - path);
    int fd;
    if (slash == NULL)
        memcpy(dir, ".", 2);
    else if (n == 0)
        memcpy(dir, "/", 2);
    else if (n < sizeof dir) {
        memcpy(dir, path, n);
        dir[n] = '\0';
    } else
        return;
    fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        (void)fsync(fd);
        (void)close(fd);
    }
}

static void store_destroy(liion_store *s)
{
    if (s->plant != NULL) {
        s->plant->hook = NULL;
        liion_plant_free(s->plant);
    }
    if (s->fd >= 0)
        (void)close(s->fd);
    liion__free(s->ctx, s->buf, s->cap);
    s->magic = LIION__MAGIC_DEAD;
    liion__free(s->ctx, s, sizeof *s);
}

/* Map the file and replay it into s->plant. */
static liion_status load_file(liion_store *s, const char *path, liion__store_scan *scan,
                              uint64_t *size_out)
{
    struct stat sb;
    void *map = NULL;
    liion_status st;
    if (fstat(s->fd, &sb) != 0)
        return sys_error(s->ctx, LIION_E_IO, "fstat", path);
    if (sb.st_size < 0 || (uint64_t)sb.st_size > (uint64_t)SIZE_MAX)
        return liion__error(s->ctx, LIION_E_LIMIT, "store '%s' is too large to map", path);
    *size_out = (uint64_t)sb.st_size;
    if (sb.st_size > 0) {
        map = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, s->fd, 0);
        if (map == MAP_FAILED)
            return sys_error(s->ctx, LIION_E_IO, "mmap", path);
        (void)madvise(map, (size_t)sb.st_size, MADV_SEQUENTIAL);
    }
    st = liion__store_load(s->plant, map, (size_t)sb.st_size, scan);
    if (map != NULL)
        (void)munmap(map, (size_t)sb.st_size);
    return st;
}

LIION_API liion_status liion_store_open(liion_store **out, liion_ctx *ctx, const char *path,
                                        const liion_store_options *opts)
{
    liion_store_options o;
    liion_store *s;
    liion__store_scan scan;
    uint64_t size = 0;
    liion_status st;

    if (out == NULL)
        return ctx != NULL && liion__ctx_valid(ctx)
                   ? liion__error(ctx, LIION_E_INVALID_ARG, "out is NULL")
                   : LIION_E_INVALID_ARG;
    *out = NULL;
    if ((st = liion__ctx_enter(ctx)) != LIION_OK)
        return st;
    if (path == NULL || *path == '\0')
        return liion__error(ctx, LIION_E_INVALID_ARG, "store path is NULL or empty");
    if ((st = read_opts(&o, opts)) != LIION_OK)
        return liion__error(ctx, st, "bad store options (struct_size or unknown fields)");
    if ((o.flags & ~LIION_STORE_READ_ONLY) != 0 || o.durability > LIION_STORE_NONE)
        return liion__error(ctx, LIION_E_INVALID_ARG, "unknown store flags or durability %u",
                            (unsigned)o.durability);

    s = liion__calloc(ctx, 1, sizeof *s);
    if (s == NULL)
        return LIION_E_NOMEM;
    s->magic = LIION__MAGIC_STORE;
    s->ctx = ctx;
    s->fd = -1;
    s->read_only = (o.flags & LIION_STORE_READ_ONLY) != 0;
    s->durability = o.durability;
    s->group_records = o.group_records != 0 ? o.group_records : DEFAULT_GROUP_RECORDS;
    s->group_ns = (uint64_t)(o.group_ms != 0 ? o.group_ms : DEFAULT_GROUP_MS) * 1000000u;
    s->cap = o.buffer_bytes == 0 ? DEFAULT_BUFFER
             : o.buffer_bytes < MIN_BUFFER ? MIN_BUFFER
                                           : o.buffer_bytes;
    if ((s->buf = liion__alloc(ctx, s->cap)) == NULL) {
        s->cap = 0;
        store_destroy(s);
        return LIION_E_NOMEM;
    }
    if ((st = liion_plant_new(&s->plant, ctx)) != LIION_OK) {
        store_destroy(s);
        return st;
    }
    s->fd = open(path, s->read_only ? O_RDONLY | O_CLOEXEC : O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (s->fd < 0) {
        st = sys_error(ctx, errno == ENOENT ? LIION_E_NOT_FOUND : LIION_E_IO, "open", path);
        store_destroy(s);
        return st;
    }
    if (!s->read_only && flock(s->fd, LOCK_EX | LOCK_NB) != 0) {
        st = errno == EWOULDBLOCK
                 ? liion__error(ctx, LIION_E_STATE,
                                "store '%s' is already open for writing (another writer holds "
                                "its lock); open it read-only or close the other writer",
                                path)
                 : sys_error(ctx, LIION_E_IO, "flock", path);
        store_destroy(s);
        return st;
    }
    if ((st = load_file(s, path, &scan, &size)) != LIION_OK) {
        store_destroy(s);
        return st;
    }
    s->tail_cut = scan.tail;
    if (scan.tail > 0)
        liion__log(ctx, LIION_LOG_WARNING,
                   "store '%s': %" PRIu64 " bytes of torn or uncommitted tail after sequence %"
                   PRIu64 " (offset %" PRIu64 ") %s",
                   path, scan.tail, scan.committed_seq, scan.committed_end,
                   s->read_only ? "ignored" : "cut");
    if (!s->read_only) {
        if (scan.committed_end == 0) {
            /* New (or torn while being created): write and sync the header. */
            uint8_t hdr[LIION__STORE_HDR];
            liion__store_header(hdr);
            if (ftruncate(s->fd, 0) != 0 || pwrite(s->fd, hdr, sizeof hdr, 0) != (ssize_t)sizeof hdr ||
                fdatasync(s->fd) != 0) {
                st = sys_error(ctx, LIION_E_IO, "writing the header of", path);
                store_destroy(s);
                return st;
            }
            sync_dir(path);
            scan.committed_end = LIION__STORE_HDR;
        } else if (scan.tail > 0 &&
                   (ftruncate(s->fd, (off_t)scan.committed_end) != 0 || fdatasync(s->fd) != 0)) {
            st = sys_error(ctx, LIION_E_IO, "cutting the tail of", path);
            store_destroy(s);
            return st;
        }
    }
    s->seq = s->committed_seq = scan.committed_seq;
    s->committed_bytes = s->file_bytes = scan.committed_end;
    s->plant->hook = journal_hook;
    s->plant->hook_user = s;
    (void)size;
    (void)liion__ctx_enter(ctx);
    *out = s;
    return LIION_OK;
}

static bool valid(const liion_store *s)
{
    return s != NULL && s->magic == LIION__MAGIC_STORE;
}

LIION_API void liion_store_free(liion_store *store)
{
    if (!valid(store))
        return;
    if (!store->read_only && !store->failed)
        (void)commit(store);
    store_destroy(store);
}

LIION_API liion_plant *liion_store_plant(liion_store *store)
{
    return valid(store) ? store->plant : NULL;
}

LIION_API liion_status liion_store_commit(liion_store *store)
{
    liion_status st;
    if (!valid(store))
        return store == NULL ? LIION_E_INVALID_ARG : LIION_E_MISUSE;
    if ((st = liion__ctx_enter(store->ctx)) != LIION_OK)
        return st;
    if (store->read_only)
        return liion__error(store->ctx, LIION_E_STATE, "store opened read-only");
    if (store->failed)
        return liion__error(store->ctx, LIION_E_STATE,
                            "store failed earlier; reopen it to recover the committed records");
    return commit(store);
}

LIION_API uint64_t liion_store_committed_seq(const liion_store *store)
{
    return valid(store) ? store->committed_seq : 0;
}

LIION_API uint64_t liion_store_seq(const liion_store *store)
{
    return valid(store) ? store->seq : 0;
}

LIION_API uint64_t liion_store_tail_cut(const liion_store *store)
{
    return valid(store) ? store->tail_cut : 0;
}

LIION_API uint64_t liion_store_committed_bytes(const liion_store *store)
{
    return valid(store) ? store->committed_bytes : 0;
}

/* ---- export as an RFC 8742 CBOR sequence ------------------------------------------------ */

static const char *const OP_NAME[LIION__STORE_MAX_OP + 1] = {
    "",           "eq-class-add",   "eq-add",          "mat-class-add",  "definition-add",
    "lot-add",    "lot-quantity",   "lot-disposition", "lot-status",     "prop-number",
    "prop-text",  "segment-add",    "response-add",    "person-add",     "response-person",
    "response-equipment", "material", "material-qty",  "assembly",       "equipment-use",
    "roll-link",  "roll-use",
};

typedef struct exporter {
    liion_store *s;
    liion_store_write_fn write;
    void *user;
    uint8_t *buf;
    size_t cap, len;
} exporter;

static liion_status ex_flush(exporter *x)
{
    liion_status st;
    if (x->len == 0)
        return LIION_OK;
    st = x->write(x->user, x->buf, x->len);
    x->len = 0;
    if (st != LIION_OK)
        return liion__error(x->s->ctx, st, "store export: the write callback failed (%d)",
                            (int)st);
    return LIION_OK;
}

static liion_status ex_put(exporter *x, const uint8_t *p, size_t n)
{
    liion_status st;
    if (n > x->cap - x->len && (st = ex_flush(x)) != LIION_OK)
        return st;
    if (n > x->cap) {
        st = x->write(x->user, p, n);
        return st == LIION_OK ? LIION_OK
                              : liion__error(x->s->ctx, st,
                                             "store export: the write callback failed (%d)",
                                             (int)st);
    }
    memcpy(x->buf + x->len, p, n);
    x->len += n;
    return LIION_OK;
}

/* One item: [seq, name, body] with the body copied verbatim (it is one CBOR item). */
static liion_status ex_item(exporter *x, uint64_t seq, const char *name, const uint8_t *body,
                            size_t n)
{
    uint8_t head[64];
    liion__wr w;
    size_t nl = strlen(name);
    liion_status st;
    liion__wr_init(&w, head, sizeof head);
    cbor_head(&w, 4, 3);
    cbor_head(&w, 0, seq);
    cbor_head(&w, 3, nl);
    liion__wr_bytes(&w, name, nl);
    if ((st = ex_put(x, head, liion__wr_size(&w))) != LIION_OK)
        return st;
    return ex_put(x, body, n);
}

LIION_API liion_status liion_store_export_cbor_seq(liion_store *store, liion_store_write_fn write,
                                                   void *user)
{
    static const uint8_t intro[] = { 0x82, 0x6b, 'l', 'i', 'i', 'o', 'n', '-', 's', 't', 'o',
                                     'r', 'e', 0x01 }; /* ["liion-store", 1] */
    exporter x;
    size_t end, off = LIION__STORE_HDR;
    void *map;
    const uint8_t *d;
    liion_status st;
    if (!valid(store))
        return store == NULL ? LIION_E_INVALID_ARG : LIION_E_MISUSE;
    if ((st = liion__ctx_enter(store->ctx)) != LIION_OK)
        return st;
    if (write == NULL)
        return liion__error(store->ctx, LIION_E_INVALID_ARG, "write callback is NULL");
    end = (size_t)store->committed_bytes;
    if (end <= LIION__STORE_HDR) { /* nothing committed (or a torn new file, read-only) */
        st = write(user, intro, sizeof intro);
        return st == LIION_OK ? LIION_OK
                              : liion__error(store->ctx, st,
                                             "store export: the write callback failed (%d)",
                                             (int)st);
    }
    map = mmap(NULL, end, PROT_READ, MAP_PRIVATE, store->fd, 0);
    if (map == MAP_FAILED)
        return liion__error(store->ctx, LIION_E_IO, "store export: mmap failed: %s",
                            strerror(errno));
    d = map;
    memset(&x, 0, sizeof x);
    x.s = store;
    x.write = write;
    x.user = user;
    x.cap = 64u * 1024u;
    if ((x.buf = liion__alloc(store->ctx, x.cap)) == NULL) {
        (void)munmap(map, end);
        return LIION_E_NOMEM;
    }
    st = ex_put(&x, intro, sizeof intro);
    while (st == LIION_OK && off < end) {
        uint32_t len, type, crc;
        if (end - off < LIION__STORE_REC_HDR ||
            (len = liion__load_le32(d + off)) > end - off - LIION__STORE_REC_HDR) {
            st = liion__error_at(store->ctx, LIION_E_CORRUPT, off,
                                 "store export: record at offset %zu is cut short", off);
            break;
        }
        type = d[off + 4];
        crc = (uint32_t)crc32(0L, d + off, 16);
        crc = (uint32_t)crc32(crc, d + off + LIION__STORE_REC_HDR, len);
        if (crc != liion__load_le32(d + off + 16) ||
            (type != LIION__STORE_COMMIT && (type == 0 || type > LIION__STORE_MAX_OP))) {
            st = liion__error_at(store->ctx, LIION_E_CORRUPT, off,
                                 "store export: record at offset %zu changed on disk", off);
            break;
        }
        st = ex_item(&x, liion__load_le64(d + off + 8),
                     type == LIION__STORE_COMMIT ? "commit" : OP_NAME[type],
                     d + off + LIION__STORE_REC_HDR, len);
        off += LIION__STORE_REC_HDR + (size_t)len;
    }
    if (st == LIION_OK)
        st = ex_flush(&x);
    liion__free(store->ctx, x.buf, x.cap);
    (void)munmap(map, end);
    return st;
}
