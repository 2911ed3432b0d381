/*
 * Durable plant store: the writer side. A liion_store owns a plant whose journal hook
 * (plant_int.h) appends one framed CBOR record per successful mutation into an append buffer;
 * commit points add a commit record, write the buffer and fdatasync. Format: store_int.h and
 * docs/store-format.md.
 */
#define _GNU_SOURCE
#include "store/store_int.h"

#include "spec/spec_hook.h"

#include "core/bytes.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#define LIION__MAGIC_STORE 0x73746f72u /* "stor" */

#define DEFAULT_GROUP_RECORDS 65536u
#define DEFAULT_COMPACT_BYTES (64u * 1024u * 1024u)
/* Op types a version 2 snapshot holds (1..26 and 30); a journal with others (27..29, unused
 * yet) is never compacted. */
#define SNAP_COVERED (((UINT64_C(1) << 27) - 2u) | (UINT64_C(1) << LIION__STORE_OP_SPEC))
#define DEFAULT_GROUP_MS 20u
#define DEFAULT_BUFFER (1u << 20)
#define MIN_BUFFER 4096u

struct liion_store {
    uint32_t magic;
    liion_ctx *ctx;
    liion_plant *plant;
    liion_spec_registry *reg; /* spec results journalled with the plant */
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
    char *path;               /* journal path; the snapshot is path + ".snap" */
    size_t path_cap;
    uint64_t snap_seq;        /* sequence number the current snapshot covers (0: none) */
    uint64_t snap_bytes;      /* its size */
    bool auto_compact;
    uint64_t compact_bytes;   /* auto compaction: journal size threshold */
    uint64_t compact_next;    /* no automatic attempt below this journal size (backoff) */
    uint64_t types;           /* op types in the journal since the snapshot (bit per type) */
    /* Atomic group (liion_store_atomic_begin()): nesting depth, and where the outermost
     * group started (the sequence number before it, its file offset, the records pending
     * before it), so that an abandoned group can be cut off. */
    uint32_t atomic_depth;
    uint64_t atomic_seq;
    uint64_t atomic_off;
    uint32_t atomic_pending;
    uint32_t fault_what;      /* I/O fault injection (tests): LIION__STORE_FAULT_* */
    uint32_t fault_nth;
    uint64_t compactions;
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

/* True when an armed fault fires for this call (errno is then EIO). */
static bool fault(liion_store *s, uint32_t what)
{
    if (s->fault_what != what || s->fault_nth == 0 || --s->fault_nth != 0)
        return false;
    s->fault_what = 0;
    errno = EIO;
    return true;
}

void liion__store_fault(liion_store *store, uint32_t what, uint32_t nth)
{
    store->fault_what = nth == 0 ? 0 : what;
    store->fault_nth = nth;
}

static ssize_t io_pwrite(liion_store *s, int fd, const void *p, size_t n, uint64_t off)
{
    if (fault(s, LIION__STORE_FAULT_WRITE))
        return -1;
    return pwrite(fd, p, n, (off_t)off);
}

static int io_sync(liion_store *s, int fd, bool data_only)
{
    if (fault(s, LIION__STORE_FAULT_SYNC))
        return -1;
    return data_only ? fdatasync(fd) : fsync(fd);
}

static liion_status fail(liion_store *s, liion_status st, const char *what, int err)
{
    s->failed = true;
    /* Best effort: drop what was written past the last durable commit, so that a reopen
     * finds exactly the commits that were acknowledged (a failed sync may have left a
     * commit record in the page cache). */
    if (!s->read_only && s->fd >= 0 && s->file_bytes > s->committed_bytes)
        (void)ftruncate(s->fd, (off_t)s->committed_bytes);
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
        ssize_t n = io_pwrite(s, s->fd, s->buf + done, s->len - done, s->file_bytes + done);
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

/* Body of a spec-record (type 30): one record of the store's spec registry, read back through
 * its public accessors. */
typedef struct spec_arg {
    liion_spec_registry *reg;
    size_t id;
} spec_arg;

static void cbor_text(liion__wr *w, const char *s)
{
    size_t n = strlen(s);
    cbor_head(w, 3, n);
    liion__wr_bytes(w, s, n);
}

static void cbor_f64(liion__wr *w, double d)
{
    uint8_t *p = liion__wr_take(w, 9);
    if (p != NULL) {
        p[0] = 0xfb;
        liion__store_f64be(p + 1, d);
    }
}

static void cbor_int(liion__wr *w, int64_t t)
{
    if (t >= 0)
        cbor_head(w, 0, (uint64_t)t);
    else
        cbor_head(w, 1, (uint64_t)(-1 - t));
}

static void encode_spec(liion__wr *w, const spec_arg *a)
{
    liion_spec_record_info r;
    memset(&r, 0, sizeof r);
    r.struct_size = (uint32_t)sizeof r;
    if (liion_spec_registry_record(&r, a->reg, a->id) != LIION_OK) {
        liion__wr_take(w, 1); /* cannot happen (the record exists): keep the sizes equal */
        return;
    }
    cbor_head(w, 4, 12);
    cbor_head(w, 0, (uint64_t)r.kind);
    cbor_head(w, 0, r.index);
    cbor_head(w, 0, r.limits_version);
    cbor_text(w, r.limits_owner);
    cbor_text(w, r.param);
    cbor_text(w, r.unit);
    cbor_int(w, r.time);
    cbor_head(w, 0, r.checked);
    cbor_head(w, 0, r.failed);
    cbor_head(w, 0, r.warned);
    cbor_head(w, 0, r.dropped);
    cbor_head(w, 4, r.violations);
    for (uint64_t i = 0; i < r.violations; i++) {
        liion_spec_violation v;
        memset(&v, 0, sizeof v);
        v.struct_size = (uint32_t)sizeof v;
        (void)liion_spec_registry_violation(&v, a->reg, a->id, (size_t)i);
        cbor_head(w, 4, 8);
        cbor_head(w, 0, (uint64_t)v.severity);
        cbor_head(w, 0, (uint64_t)v.side);
        cbor_head(w, 0, v.index);
        cbor_f64(w, v.value);
        cbor_f64(w, v.limit);
        cbor_text(w, v.param != NULL ? v.param : "");
        cbor_text(w, v.unit != NULL ? v.unit : "");
        cbor_text(w, v.where != NULL ? v.where : "");
    }
}

static void encode_body(liion__wr *w, uint32_t type, const liion__plant_op *op,
                        const spec_arg *spec, uint64_t count)
{
    if (type == LIION__STORE_OP_SPEC)
        encode_spec(w, spec);
    else if (op != NULL)
        encode_op(w, op);
    else {
        cbor_head(w, 4, 1);
        cbor_head(w, 0, count);
    }
}

/* Append one record: an op (op != NULL), a spec record (spec != NULL) or a commit carrying
 * `count`. */
static liion_status append_rec(liion_store *s, const liion__plant_op *op, const spec_arg *spec,
                               uint64_t count)
{
    liion__wr w;
    size_t need;
    uint8_t *h;
    uint32_t crc;
    uint32_t type = spec != NULL ? LIION__STORE_OP_SPEC
                    : op != NULL ? op->op
                                 : LIION__STORE_COMMIT;
    liion_status st;
    /* Measure the body, make room, then encode it in place. */
    liion__wr_init(&w, NULL, 0);
    encode_body(&w, type, op, spec, count);
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
    encode_body(&w, type, op, spec, count);
    liion__store_le32(h, (uint32_t)(need - LIION__STORE_REC_HDR));
    h[4] = (uint8_t)type;
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

static liion_status append(liion_store *s, const liion__plant_op *op, uint64_t count)
{
    return append_rec(s, op, NULL, count);
}

static liion_status commit(liion_store *s)
{
    liion_status st;
    if (s->pending == 0 && s->len == 0)
        return LIION_OK;
    if ((st = append(s, NULL, s->pending)) != LIION_OK || (st = flush(s)) != LIION_OK)
        return st;
    if (s->durability != LIION_STORE_NONE && io_sync(s, s->fd, true) != 0)
        return fail(s, LIION_E_IO, "fdatasync", errno);
    s->committed_seq = s->seq;
    s->committed_bytes = s->file_bytes;
    s->pending = 0;
    return LIION_OK;
}

static liion_status maybe_compact(liion_store *s);

/* The group policy after a record (or at the end of an atomic group): commit when the store
 * is in FULL mode, the group is full or old enough; never inside an atomic group. */
static bool commit_due(liion_store *s)
{
    return s->atomic_depth == 0 &&
           (s->durability == LIION_STORE_FULL || s->pending >= s->group_records ||
            (s->pending > 0 && (s->pending < 64u || (s->pending & 15u) == 0) &&
             now_ns() - s->pending_since_ns >= s->group_ns));
}

/* Commit (and compact when its policy says so) if the group policy is due. */
static liion_status commit_if_due(liion_store *s)
{
    liion_status st;
    if (!commit_due(s))
        return LIION_OK;
    if ((st = commit(s)) != LIION_OK)
        return st;
    return maybe_compact(s);
}

static liion_status writable(liion_store *s)
{
    if (s->read_only)
        return liion__error(s->ctx, LIION_E_STATE, "store opened read-only");
    if (s->failed)
        return liion__error(s->ctx, LIION_E_STATE,
                            "store failed earlier; reopen it to recover the committed records");
    return LIION_OK;
}

static liion_status atomic_begin(liion_store *s)
{
    liion_status st;
    if ((st = writable(s)) != LIION_OK)
        return st;
    if (s->atomic_depth == UINT32_MAX)
        return liion__error(s->ctx, LIION_E_LIMIT, "atomic groups nested too deep");
    if (s->atomic_depth++ == 0) {
        s->atomic_seq = s->seq;
        s->atomic_off = s->file_bytes + s->len;
        s->atomic_pending = s->pending;
    }
    return LIION_OK;
}

static liion_status atomic_end(liion_store *s)
{
    if (s->failed || s->read_only)
        return writable(s);
    if (s->atomic_depth == 0)
        return liion__error(s->ctx, LIION_E_STATE, "no atomic group is open");
    if (--s->atomic_depth > 0)
        return LIION_OK;
    return commit_if_due(s);
}

/* Cut the records of the open atomic group off the journal (buffer and file), commit what
 * was pending before it, and refuse further writes: the plant holds the group's changes and
 * the journal does not. */
static liion_status atomic_abort(liion_store *s)
{
    uint64_t dropped;
    liion_status st = LIION_OK;
    if (s->read_only || s->atomic_depth == 0 || s->failed) {
        s->atomic_depth = 0;
        return s->read_only || s->failed ? LIION_OK
                                         : liion__error(s->ctx, LIION_E_STATE,
                                                        "no atomic group is open");
    }
    s->atomic_depth = 0;
    dropped = s->seq - s->atomic_seq;
    if (s->atomic_off >= s->file_bytes) { /* the group is still in the append buffer */
        s->len = (size_t)(s->atomic_off - s->file_bytes);
    } else {
        s->len = 0;
        if (ftruncate(s->fd, (off_t)s->atomic_off) != 0)
            st = fail(s, LIION_E_IO, "ftruncate", errno);
        else
            s->file_bytes = s->atomic_off;
    }
    s->seq = s->atomic_seq;
    s->pending = s->atomic_pending;
    if (st == LIION_OK)
        st = commit(s); /* the records before the group are whole: keep them */
    s->failed = true;
    liion__log(s->ctx, LIION_LOG_WARNING,
               "store '%s': an atomic group was abandoned; its %" PRIu64
               " records were cut from the journal and the store refuses further writes "
               "(reopen it)",
               s->path, dropped);
    return st;
}

static liion_status journal_hook(void *user, const liion__plant_op *op)
{
    liion_store *s = user;
    liion_status st;
    if (op->op == LIION__OP_ATOMIC_BEGIN)
        return atomic_begin(s);
    if (op->op == LIION__OP_ATOMIC_END)
        return atomic_end(s);
    if (op->op == LIION__OP_ATOMIC_ABORT)
        return atomic_abort(s);
    if (s->read_only)
        return liion__error(s->ctx, LIION_E_STATE,
                            "store opened read-only: the change is not journalled");
    if (s->failed)
        return liion__error(s->ctx, LIION_E_STATE, "store failed earlier: the change is not "
                                                   "journalled; reopen the store");
    if ((st = append(s, op, 0)) != LIION_OK)
        return st;
    if (op->op < 64u)
        s->types |= UINT64_C(1) << op->op;
    if (++s->pending == 1)
        s->pending_since_ns = now_ns();
    return commit_if_due(s);
}

/* Journal a record attached to the store's spec registry (record type 30). */
static liion_status spec_hook(void *user, liion_spec_registry *reg, size_t record)
{
    liion_store *s = user;
    spec_arg a;
    liion_status st;
    if (s->read_only)
        return liion__error(s->ctx, LIION_E_STATE,
                            "store opened read-only: the spec record is not journalled");
    if (s->failed)
        return liion__error(s->ctx, LIION_E_STATE, "store failed earlier: the spec record is "
                                                   "not journalled; reopen the store");
    a.reg = reg;
    a.id = record;
    if ((st = append_rec(s, NULL, &a, 0)) != LIION_OK)
        return st;
    s->types |= UINT64_C(1) << LIION__STORE_OP_SPEC;
    if (++s->pending == 1)
        s->pending_since_ns = now_ns();
    return commit_if_due(s);
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

/* fsync the directory holding path, so that a new or renamed file's name is durable. */
static int sync_dir(liion_store *s, const char *path)
{
    char dir[4096];
    const char *slash = strrchr(path, '/');
    size_t n = slash == NULL ? 0 : (size_t)(slash - path);
    int fd, rc;
    if (slash == NULL)
        memcpy(dir, ".", 2);
    else if (n == 0)
        memcpy(dir, "/", 2);
    else if (n < sizeof dir) {
        memcpy(dir, path, n);
        dir[n] = '\0';
    } else
        return 0;
    fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return 0; /* e.g. /proc/self/fd: nothing to sync */
    rc = s != NULL ? io_sync(s, fd, false) : fsync(fd);
    if (rc != 0 && errno == EINVAL)
        rc = 0; /* directories that cannot be synced */
    (void)close(fd);
    return rc;
}

static void store_destroy(liion_store *s)
{
    liion_spec_registry_free(s->reg); /* before the plant it refers to */
    if (s->plant != NULL) {
        s->plant->hook = NULL;
        liion_plant_free(s->plant);
    }
    if (s->fd >= 0)
        (void)close(s->fd);
    liion__free(s->ctx, s->buf, s->cap);
    liion__free(s->ctx, s->path, s->path_cap);
    s->magic = LIION__MAGIC_DEAD;
    liion__free(s->ctx, s, sizeof *s);
}

/* path + suffix into buf (the store's path was checked to fit at open). */
static void path_with(const liion_store *s, char *buf, size_t cap, const char *suffix)
{
    snprintf(buf, cap, "%s%s", s->path, suffix);
}

#define PATH_EXTRA 16u

/* Map a whole file read-only: *map_out NULL for an empty file. */
static liion_status map_fd(liion_ctx *ctx, int fd, const char *path, void **map_out,
                           size_t *size_out)
{
    struct stat sb;
    void *map;
    *map_out = NULL;
    *size_out = 0;
    if (fstat(fd, &sb) != 0)
        return sys_error(ctx, LIION_E_IO, "fstat", path);
    if (sb.st_size < 0 || (uint64_t)sb.st_size > (uint64_t)SIZE_MAX)
        return liion__error(ctx, LIION_E_LIMIT, "store '%s' is too large to map", path);
    if (sb.st_size == 0)
        return LIION_OK;
    map = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED)
        return sys_error(ctx, LIION_E_IO, "mmap", path);
    (void)madvise(map, (size_t)sb.st_size, MADV_SEQUENTIAL);
    *map_out = map;
    *size_out = (size_t)sb.st_size;
    return LIION_OK;
}

/* The first `want` bytes of a journal a reader opened, copied (*data_out NULL when want is 0;
 * free with liion__free(ctx, *data_out, want)). A read-only store does not hold the writer's
 * lock, and a writer cuts a torn or unsynced tail off the file (ftruncate): pages of a mapping
 * past the new end would raise SIGBUS in the reader, where a read just comes up short.
 * *got_out: bytes read; less than `want` when the file was cut meanwhile. */
static liion_status read_fd(liion_ctx *ctx, int fd, const char *path, size_t want,
                            uint8_t **data_out, size_t *got_out)
{
    uint8_t *d;
    size_t got = 0;
    *data_out = NULL;
    *got_out = 0;
    if (want == 0)
        return LIION_OK;
    if ((d = liion__alloc(ctx, want)) == NULL)
        return liion__error(ctx, LIION_E_NOMEM, "store '%s': no memory to read %zu bytes",
                            path, want);
    while (got < want) {
        ssize_t r = pread(fd, d + got, want - got, (off_t)got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            liion_status st = sys_error(ctx, LIION_E_IO, "read", path);
            liion__free(ctx, d, want);
            return st;
        }
        if (r == 0)
            break; /* cut meanwhile */
        got += (size_t)r;
    }
    *data_out = d;
    *got_out = got;
    return LIION_OK;
}

/* The journal's bytes for loading or exporting: a writer maps its file (it holds the lock,
 * nobody else cuts it); a reader reads a copy (read_fd()). `want`: bytes from the start, or
 * SIZE_MAX for the whole file. *got: bytes available (less than want when a writer cut the
 * file meanwhile). Release with journal_view_done(). */
typedef struct journal_view {
    const uint8_t *data;
    size_t got, len; /* len: bytes mapped or allocated */
    void *map;
    uint8_t *copy;
} journal_view;

static liion_status journal_view_open(liion_store *s, size_t want, journal_view *v)
{
    struct stat sb;
    liion_status st;
    memset(v, 0, sizeof *v);
    if (want == SIZE_MAX) {
        if (fstat(s->fd, &sb) != 0)
            return sys_error(s->ctx, LIION_E_IO, "fstat", s->path);
        if (sb.st_size < 0 || (uint64_t)sb.st_size > (uint64_t)SIZE_MAX - 1u)
            return liion__error(s->ctx, LIION_E_LIMIT, "store '%s' is too large to read",
                                s->path);
        want = (size_t)sb.st_size;
    }
    v->len = want;
    if (want == 0)
        return LIION_OK;
    if (s->read_only) {
        if ((st = read_fd(s->ctx, s->fd, s->path, want, &v->copy, &v->got)) != LIION_OK)
            return st;
        v->data = v->copy;
        return LIION_OK;
    }
    v->map = mmap(NULL, want, PROT_READ, MAP_PRIVATE, s->fd, 0);
    if (v->map == MAP_FAILED) {
        v->map = NULL;
        return sys_error(s->ctx, LIION_E_IO, "mmap", s->path);
    }
    (void)madvise(v->map, want, MADV_SEQUENTIAL);
    v->data = v->map;
    v->got = want;
    return LIION_OK;
}

static void journal_view_done(liion_store *s, journal_view *v)
{
    if (v->copy != NULL)
        liion__free(s->ctx, v->copy, v->len);
    if (v->map != NULL)
        (void)munmap(v->map, v->len);
    memset(v, 0, sizeof *v);
}

/* Load the snapshot (if there is one) into s->plant. *seq_out: what it covers (0: none). */
static liion_status load_snapshot(liion_store *s, uint64_t *seq_out)
{
    char sp[4096 + PATH_EXTRA];
    void *map;
    size_t size;
    int fd;
    liion_status st;
    *seq_out = 0;
    path_with(s, sp, sizeof sp, ".snap");
    fd = open(sp, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return LIION_OK;
        return sys_error(s->ctx, LIION_E_IO, "open", sp);
    }
    st = map_fd(s->ctx, fd, sp, &map, &size);
    if (st == LIION_OK) {
        st = liion__snap_load(s->plant, s->reg, map, size, seq_out);
        if (map != NULL)
            (void)munmap(map, size);
        if (st == LIION_OK)
            s->snap_bytes = size;
    }
    (void)close(fd);
    return st;
}

/* Snapshot first, then the journal tail after it. If the snapshot is damaged and the
 * journal still starts at sequence 1, fall back to replaying the whole journal. */
static liion_status load_all(liion_store *s, liion__store_scan *scan)
{
    journal_view view;
    uint64_t snap_seq = 0;
    char msg[LIION__ERRMSG_CAP];
    size_t snap_err_off = 0;
    liion_status snap_st = LIION_OK, st = load_snapshot(s, &snap_seq);
    msg[0] = '\0';
    if (st == LIION_E_CORRUPT || st == LIION_E_UNSUPPORTED) {
        liion_plant *fresh = NULL;
        snprintf(msg, sizeof msg, "%s", liion_ctx_errmsg(s->ctx));
        snap_st = st;
        snap_err_off = liion_ctx_error_offset(s->ctx);
        if (liion_plant_new(&fresh, s->ctx) != LIION_OK)
            return LIION_E_NOMEM;
        liion_spec_registry_free(s->reg);
        s->reg = NULL;
        liion_plant_free(s->plant);
        s->plant = fresh;
        if ((st = liion_spec_registry_new(&s->reg, s->ctx, s->plant)) != LIION_OK)
            return st;
        liion__log(s->ctx, LIION_LOG_WARNING,
                   "store '%s': snapshot ignored (%s); replaying the whole journal", s->path,
                   msg);
        snap_seq = 0;
        s->snap_bytes = 0;
    } else if (st != LIION_OK) {
        return st;
    }
    if ((st = journal_view_open(s, SIZE_MAX, &view)) != LIION_OK)
        return st;
    st = liion__store_load(s->plant, s->reg, view.data, view.got, snap_seq, scan);
    journal_view_done(s, &view);
    s->snap_seq = snap_seq;
    if (st == LIION_E_CORRUPT && snap_st != LIION_OK && liion_ctx_error_offset(s->ctx) ==
                                                            LIION__STORE_HDR)
        /* the journal needs the snapshot: its damage is the error to report */
        return liion__error_at(s->ctx, snap_st, snap_err_off,
                               "%s; the journal does not hold the records before it", msg);
    return st;
}

/* ---- snapshots and compaction ------------------------------------------------------------ */

typedef struct file_sink {
    liion_store *s;
    int fd;
    uint64_t off;
} file_sink;

static liion_status sink_write(void *user, const uint8_t *data, size_t len)
{
    file_sink *f = user;
    size_t done = 0;
    while (done < len) {
        ssize_t n = io_pwrite(f->s, f->fd, data + done, len - done, f->off + done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return liion__error(f->s->ctx, LIION_E_IO, "store snapshot: write failed: %s",
                                strerror(n < 0 ? errno : EIO));
        done += (size_t)n;
    }
    f->off += len;
    return LIION_OK;
}

/* Write the snapshot of the committed plant to path.snap (temp file, sync, rename, sync the
 * directory), then replace the journal by an empty one (same steps). A crash at any point
 * leaves the old snapshot + old journal, the new snapshot + old journal (whose records up to
 * the snapshot are skipped on reopen) or the new snapshot + new journal. */
static liion_status compact(liion_store *s)
{
    char tmp[4096 + PATH_EXTRA], dst[4096 + PATH_EXTRA];
    file_sink f;
    uint64_t bytes = 0, seq;
    uint8_t jr[LIION__STORE_HDR + LIION__STORE_REC_HDR + 2], *rec = jr + LIION__STORE_HDR;
    uint32_t crc;
    int fd;
    liion_status st;
    if (s->types & ~SNAP_COVERED) {
        unsigned t = 0;
        while (((s->types & ~SNAP_COVERED) >> t & 1u) == 0)
            t++;
        return liion__error(s->ctx, LIION_E_UNSUPPORTED,
                            "store: the journal holds records of type %u, which snapshots of "
                            "this version do not cover: not compacted (nothing is lost; the "
                            "journal keeps every record)",
                            t);
    }
    if ((st = commit(s)) != LIION_OK)
        return st;
    seq = s->committed_seq;
    if (s->types == 0)
        return LIION_OK; /* no op record since the last snapshot */

    /* 1. the snapshot */
    path_with(s, tmp, sizeof tmp, ".snap.tmp");
    path_with(s, dst, sizeof dst, ".snap");
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return sys_error(s->ctx, LIION_E_IO, "creating the snapshot", tmp);
    f.s = s;
    f.fd = fd;
    f.off = 0;
    st = liion__snap_write(s->plant, s->reg, seq, sink_write, &f, &bytes);
    if (st == LIION_OK && io_sync(s, fd, false) != 0)
        st = sys_error(s->ctx, LIION_E_IO, "fsync", tmp);
    (void)close(fd);
    if (st == LIION_OK && rename(tmp, dst) != 0)
        st = sys_error(s->ctx, LIION_E_IO, "rename", tmp);
    if (st != LIION_OK) {
        (void)unlink(tmp);
        return st; /* the old snapshot and journal are intact: the store goes on */
    }
    if (sync_dir(s, dst) != 0)
        return fail(s, LIION_E_IO, "syncing the directory after writing the snapshot", errno);
    s->snap_seq = seq;
    s->snap_bytes = bytes;

    /* 2. a new journal in place of the old one (the snapshot covers all of it): the header
     * and an empty commit record (sequence seq + 1), whose number tells a reader that the
     * journal continues the snapshot (without the snapshot, the open fails). */
    path_with(s, tmp, sizeof tmp, ".tmp");
    fd = open(tmp, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return sys_error(s->ctx, LIION_E_IO, "creating the new journal", tmp);
    liion__store_header(jr);
    liion__store_le32(rec, 2);
    rec[4] = LIION__STORE_COMMIT;
    rec[5] = 0;
    liion__store_le16(rec + 6, 0);
    liion__store_le64(rec + 8, seq + 1);
    rec[LIION__STORE_REC_HDR] = 0x81; /* [0] */
    rec[LIION__STORE_REC_HDR + 1] = 0x00;
    crc = (uint32_t)crc32(0L, rec, 16);
    crc = (uint32_t)crc32(crc, rec + LIION__STORE_REC_HDR, 2);
    liion__store_le32(rec + 16, crc);
    if (flock(fd, LOCK_EX | LOCK_NB) != 0)
        st = sys_error(s->ctx, LIION_E_IO, "flock", tmp);
    else if (io_pwrite(s, fd, jr, sizeof jr, 0) != (ssize_t)sizeof jr)
        st = sys_error(s->ctx, LIION_E_IO, "writing the header of", tmp);
    else if (io_sync(s, fd, true) != 0)
        st = sys_error(s->ctx, LIION_E_IO, "fdatasync", tmp);
    else if (rename(tmp, s->path) != 0)
        st = sys_error(s->ctx, LIION_E_IO, "rename", tmp);
    if (st != LIION_OK) {
        (void)close(fd);
        (void)unlink(tmp);
        return st; /* new snapshot + old journal: consistent, the store goes on */
    }
    (void)close(s->fd);
    s->fd = fd;
    s->file_bytes = s->committed_bytes = sizeof jr;
    s->seq = s->committed_seq = seq + 1;
    s->types = 0;
    s->compactions++;
    s->compact_next = 0;
    if (sync_dir(s, s->path) != 0)
        return fail(s, LIION_E_IO, "syncing the directory after replacing the journal", errno);
    return LIION_OK;
}

/* Automatic policy, at commit points: compact once the journal file holds at least
 * compact_bytes and at least as many records as the snapshot covers (sequence numbers count
 * records), so snapshots are written at doubling sizes: the total compaction work stays
 * within twice the records ever written, and a reopen replays at most as many journal records
 * as the snapshot holds. A failure that leaves the store usable is logged and retried when the
 * journal has doubled. */
static liion_status maybe_compact(liion_store *s)
{
    liion_status st;
    if (!s->auto_compact || s->committed_bytes < s->compact_bytes ||
        s->committed_bytes < s->compact_next || s->committed_seq - s->snap_seq < s->snap_seq ||
        (s->types & ~SNAP_COVERED) != 0)
        return LIION_OK;
    st = compact(s);
    if (st == LIION_OK || s->failed)
        return st;
    liion__log(s->ctx, LIION_LOG_WARNING,
               "store '%s': automatic compaction failed (%s); retrying when the journal has "
               "doubled",
               s->path, liion_ctx_errmsg(s->ctx));
    s->compact_next = s->committed_bytes * 2u;
    (void)liion__ctx_enter(s->ctx);
    return LIION_OK;
}

/* Open the journal file and, for a writer, take its lock. A compaction renames a new journal
 * over the path, so a writer re-checks that the file it locked is still the one at path. */
static liion_status open_journal(liion_store *s)
{
    const char *path = s->path;
    for (int attempt = 0; attempt < 8; attempt++) {
        struct stat a, b;
        s->fd = open(path, s->read_only ? O_RDONLY | O_CLOEXEC : O_RDWR | O_CREAT | O_CLOEXEC,
                     0644);
        if (s->fd < 0)
            return sys_error(s->ctx, errno == ENOENT ? LIION_E_NOT_FOUND : LIION_E_IO, "open",
                             path);
        if (s->read_only)
            return LIION_OK;
        if (flock(s->fd, LOCK_EX | LOCK_NB) != 0)
            return errno == EWOULDBLOCK
                       ? liion__error(s->ctx, LIION_E_STATE,
                                      "store '%s' is already open for writing (another writer "
                                      "holds its lock); open it read-only or close the other "
                                      "writer",
                                      path)
                       : sys_error(s->ctx, LIION_E_IO, "flock", path);
        if (fstat(s->fd, &a) == 0 && stat(path, &b) == 0 && a.st_dev == b.st_dev &&
            a.st_ino == b.st_ino)
            return LIION_OK;
        (void)close(s->fd); /* replaced by a compaction meanwhile: take the new file */
        s->fd = -1;
    }
    return liion__error(s->ctx, LIION_E_STATE, "store '%s' keeps being replaced", path);
}

LIION_API liion_status liion_store_open(liion_store **out, liion_ctx *ctx, const char *path,
                                        const liion_store_options *opts)
{
    liion_store_options o;
    liion_store *s;
    liion__store_scan scan;
    size_t plen;
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
    plen = strlen(path);
    if (plen >= 4096)
        return liion__error(ctx, LIION_E_INVALID_ARG, "store path is longer than 4095 bytes");
    if ((st = read_opts(&o, opts)) != LIION_OK)
        return liion__error(ctx, st, "bad store options (struct_size or unknown fields)");
    if ((o.flags & ~(LIION_STORE_READ_ONLY | LIION_STORE_NO_AUTO_COMPACT)) != 0 ||
        o.durability > LIION_STORE_NONE)
        return liion__error(ctx, LIION_E_INVALID_ARG, "unknown store flags or durability %u",
                            (unsigned)o.durability);

    s = liion__calloc(ctx, 1, sizeof *s);
    if (s == NULL)
        return LIION_E_NOMEM;
    s->magic = LIION__MAGIC_STORE;
    s->ctx = ctx;
    s->fd = -1;
    s->read_only = (o.flags & LIION_STORE_READ_ONLY) != 0;
    s->auto_compact = (o.flags & LIION_STORE_NO_AUTO_COMPACT) == 0;
    s->compact_bytes = o.compact_bytes != 0 ? o.compact_bytes : DEFAULT_COMPACT_BYTES;
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
    if ((s->path = liion__strndup(ctx, path, plen)) == NULL) {
        store_destroy(s);
        return LIION_E_NOMEM;
    }
    s->path_cap = plen + 1;
    if ((st = liion_plant_new(&s->plant, ctx)) != LIION_OK ||
        (st = liion_spec_registry_new(&s->reg, ctx, s->plant)) != LIION_OK ||
        (st = open_journal(s)) != LIION_OK) {
        store_destroy(s);
        return st;
    }
    if (!s->read_only) { /* temp files of a compaction that a crash interrupted */
        char tmp[4096 + PATH_EXTRA];
        path_with(s, tmp, sizeof tmp, ".snap.tmp");
        (void)unlink(tmp);
        path_with(s, tmp, sizeof tmp, ".tmp");
        (void)unlink(tmp);
    }
    if ((st = load_all(s, &scan)) != LIION_OK) {
        store_destroy(s);
        return st;
    }
    s->types = scan.types;
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
            (void)sync_dir(NULL, path);
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
    liion__spec_registry_set_hook(s->reg, spec_hook, s);
    (void)liion__ctx_enter(ctx);
    *out = s;
    return LIION_OK;
}

static bool valid(const liion_store *s)
{
    return s != NULL && s->magic == LIION__MAGIC_STORE;
}

/* Entry of a public call on a store handle: the handle, then the context. */
static liion_status store_enter(liion_store *store)
{
    if (!valid(store))
        return store == NULL ? LIION_E_INVALID_ARG : LIION_E_MISUSE;
    return liion__ctx_enter(store->ctx);
}

LIION_API void liion_store_free(liion_store *store)
{
    if (!valid(store))
        return;
    if (store->atomic_depth > 0) /* an unfinished group is not committed */
        (void)atomic_abort(store);
    if (!store->read_only && !store->failed)
        (void)commit(store);
    store_destroy(store);
}

LIION_API liion_plant *liion_store_plant(liion_store *store)
{
    return valid(store) ? store->plant : NULL;
}

LIION_API liion_spec_registry *liion_store_spec_registry(liion_store *store)
{
    return valid(store) ? store->reg : NULL;
}

LIION_API liion_status liion_store_commit(liion_store *store)
{
    liion_status st;
    if ((st = store_enter(store)) != LIION_OK)
        return st;
    if ((st = writable(store)) != LIION_OK)
        return st;
    if (store->atomic_depth > 0)
        return liion__error(store->ctx, LIION_E_STATE,
                            "store commit inside an atomic group: end the group instead");
    if ((st = commit(store)) != LIION_OK)
        return st;
    return maybe_compact(store);
}

LIION_API liion_status liion_store_atomic_begin(liion_store *store)
{
    liion_status st;
    if ((st = store_enter(store)) != LIION_OK)
        return st;
    return atomic_begin(store);
}

LIION_API liion_status liion_store_atomic_end(liion_store *store)
{
    liion_status st;
    if ((st = store_enter(store)) != LIION_OK)
        return st;
    return atomic_end(store);
}

LIION_API liion_status liion_store_atomic_abort(liion_store *store)
{
    liion_status st;
    if ((st = store_enter(store)) != LIION_OK)
        return st;
    if (store->read_only)
        return liion__error(store->ctx, LIION_E_STATE, "store opened read-only");
    if (store->atomic_depth == 0 && !store->failed)
        return liion__error(store->ctx, LIION_E_STATE, "no atomic group is open");
    return atomic_abort(store);
}

LIION_API uint32_t liion_store_atomic_depth(const liion_store *store)
{
    return valid(store) ? store->atomic_depth : 0;
}

LIION_API liion_status liion_store_compact(liion_store *store)
{
    liion_status st;
    if ((st = store_enter(store)) != LIION_OK)
        return st;
    if ((st = writable(store)) != LIION_OK)
        return st;
    if (store->atomic_depth > 0)
        return liion__error(store->ctx, LIION_E_STATE,
                            "store compaction inside an atomic group: end the group first");
    return compact(store);
}

LIION_API uint64_t liion_store_snapshot_seq(const liion_store *store)
{
    return valid(store) ? store->snap_seq : 0;
}

LIION_API uint64_t liion_store_snapshot_bytes(const liion_store *store)
{
    return valid(store) ? store->snap_bytes : 0;
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
    "job-response-add", "job-response-segment", "job-response-state", "test-result",
    "set-assembly",
    /* 27..29 (further plant records) go above this line */
    [LIION__STORE_OP_SPEC] = "spec-record",
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
    journal_view view;
    const uint8_t *d;
    liion_status st;
    if ((st = store_enter(store)) != LIION_OK)
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
    if ((st = journal_view_open(store, end, &view)) != LIION_OK)
        return st;
    if (view.got < end) { /* a reader's copy of a file its writer cut */
        journal_view_done(store, &view);
        return liion__error(store->ctx, LIION_E_STATE,
                            "store export: the writer cut '%s' below the %zu bytes this "
                            "reader loaded (a failed sync); reopen the store",
                            store->path, end);
    }
    d = view.data;
    memset(&x, 0, sizeof x);
    x.s = store;
    x.write = write;
    x.user = user;
    x.cap = 64u * 1024u;
    if ((x.buf = liion__alloc(store->ctx, x.cap)) == NULL) {
        journal_view_done(store, &view);
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
            (type != LIION__STORE_COMMIT &&
             (type == 0 || type > LIION__STORE_MAX_OP || OP_NAME[type] == NULL))) {
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
    journal_view_done(store, &view);
    return st;
}
