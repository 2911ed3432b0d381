/**
 * @file store.h
 * @brief Durable plant store: a crash-safe journal of CBOR records behind a liion_plant.
 *
 * liion_store_open() opens (or creates) a store file and returns a store whose plant
 * (liion_store_plant()) journals every successful mutation as one framed, CRC-checked CBOR
 * record. Records become durable at commit points (liion_store_commit(), or automatically
 * per the durability mode). On open every record is verified: a torn or uncommitted tail is
 * cut back to the last complete commit and reported; corruption before a later commit refuses
 * to load with #LIION_E_CORRUPT and its byte offset. A snapshot (zlib-compressed packed
 * state, written by liion_store_compact() or by the automatic policy) lets reopen load the
 * plant in bulk and replay only the journal after it. The file format is in
 * docs/store-format.md; the guide is @ref guide_store.
 */
#ifndef LIION_STORE_H
#define LIION_STORE_H

#include <liion/common.h>
#include <liion/ctx.h>
#include <liion/plant.h>
#include <liion/spec_plant.h>

LIION_BEGIN_DECLS

/**
 * @defgroup liion_store Durable plant store
 * @brief Journal, commits, recovery and single-writer locking for a liion_plant.
 * @{
 */

/** @brief An open store file and the plant it holds (opaque). */
typedef struct liion_store liion_store;

/** @brief When appended records reach the disk. */
typedef enum liion_store_durability {
    /** Group commit (default): a commit (write + fdatasync) every @c group_records records or
     *  once the oldest uncommitted record is @c group_ms old (checked at the next mutation),
     *  and at every liion_store_commit(). A crash loses at most the uncommitted group. */
    LIION_STORE_GROUP = 0,
    /** Every mutation is its own commit, fdatasync'd before the mutating call returns. */
    LIION_STORE_FULL = 1,
    /** Commit points are written but never synced: the OS cache decides. A power cut may
     *  lose any suffix; a process crash loses only the uncommitted group. */
    LIION_STORE_NONE = 2,
    LIION_STORE_DURABILITY__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits. */
} liion_store_durability;

/** Open flag: read-only. No lock is taken and nothing is written; the plant holds the
 *  committed prefix at the time of the open, even while a writer appends. */
#define LIION_STORE_READ_ONLY (1u << 0)

/** Open flag: no automatic compaction; snapshots are written only by liion_store_compact(). */
#define LIION_STORE_NO_AUTO_COMPACT (1u << 1)

/**
 * @brief Options of liion_store_open(). Initialise with #LIION_STORE_OPTIONS_INIT or
 *        liion_store_options_init(); zero means "default" for every field.
 */
typedef struct liion_store_options {
    /** Size of this struct as the caller compiled it. */
    uint32_t struct_size;
    /** #LIION_STORE_READ_ONLY, #LIION_STORE_NO_AUTO_COMPACT (OR-ed), or 0. */
    uint32_t flags;
    /** A #liion_store_durability value (0: #LIION_STORE_GROUP). */
    uint32_t durability;
    /** Group commit after this many records (0: 65536). */
    uint32_t group_records;
    /** Group commit once the oldest uncommitted record is this old, in ms (0: 20). */
    uint32_t group_ms;
    /** Size of the append buffer in bytes (0: 1 MiB; at least 4096). */
    uint32_t buffer_bytes;
    /** Automatic compaction: after a commit, compact once the journal file holds at least
     *  this many bytes (0: 64 MiB) and at least as many records as the last snapshot covers
     *  (snapshots at doubling sizes). Ignored with #LIION_STORE_NO_AUTO_COMPACT. */
    uint64_t compact_bytes;
} liion_store_options;

/** Initialiser for a `liion_store_options` variable: all defaults, with the size set. */
#define LIION_STORE_OPTIONS_INIT { (uint32_t)sizeof(liion_store_options), 0, 0, 0, 0, 0, 0 }

/**
 * @brief Fill @p opts with defaults: zero every field and set @c struct_size.
 * @param[out] opts        the options to fill; borrowed.
 * @param      struct_size `sizeof(liion_store_options)` as the caller compiled it.
 * @return #LIION_OK; #LIION_E_INVALID_ARG if @p opts is NULL or @p struct_size is too small.
 */
LIION_API liion_status liion_store_options_init(liion_store_options *opts, uint32_t struct_size);

/**
 * @brief Open a store file, creating it (writers only) when it does not exist, and rebuild
 *        its plant from the committed records.
 *
 * A writer takes an exclusive advisory lock (flock) on the file: a second writer, in this or
 * another process, gets #LIION_E_STATE. A writer cuts a torn or uncommitted tail back to the
 * last complete commit (logged at #LIION_LOG_WARNING and reported by liion_store_tail_cut());
 * a read-only open reports the same tail but leaves the file alone.
 *
 * @param[out] out  the store; caller owns it, free with liion_store_free(). NULL on failure.
 * @param      ctx  the context (allocator, limits, log); borrowed, must outlive the store.
 * @param      path file path, NUL-terminated; borrowed for the call.
 * @param      opts options, or NULL for defaults; borrowed for the call.
 * The plant is rebuilt from the snapshot `<path>.snap` when there is one (a damaged snapshot is
 * logged and ignored if the journal still holds every record) and the journal records after it.
 *
 * @return #LIION_OK; #LIION_E_CORRUPT (bad header, or a bad record followed by a valid commit:
 *         the error offset is the bad record's; or a journal that starts after its snapshot); #LIION_E_UNSUPPORTED (newer format version or
 *         unknown options); #LIION_E_STATE (another writer holds the lock); #LIION_E_IO;
 *         #LIION_E_NOMEM; #LIION_E_LIMIT; #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_store_open(liion_store **out, liion_ctx *ctx, const char *path,
                                        const liion_store_options *opts);

/**
 * @brief Commit pending records (best effort), release the lock, close the file and free
 *        the store and its plant. NULL is a no-op. Call liion_store_commit() first to learn
 *        whether the last records reached the disk.
 * @param store the store (owned).
 */
LIION_API void liion_store_free(liion_store *store);

/**
 * @brief The store's plant. Every successful mutation through it is journalled; on a
 *        read-only store, or after an I/O failure, a mutation returns #LIION_E_STATE /
 *        #LIION_E_IO and is not journalled (the in-memory change stays until the store is
 *        closed).
 * @param store the store; borrowed.
 * @return the plant, borrowed: valid until liion_store_free(); never free it yourself.
 *         NULL for a NULL or invalid store.
 */
LIION_API liion_plant *liion_store_plant(liion_store *store);

/**
 * @brief The store's spec registry: spec results attached through it
 *        (liion_spec_registry_attach()) are journalled like plant mutations (record type
 *        30), kept in snapshots and restored on reopen.
 *
 * On a read-only store, or after an I/O failure, an attach returns #LIION_E_STATE /
 * #LIION_E_IO and is not journalled (the record stays in memory until the store is closed).
 * @param store the store; borrowed.
 * @return the registry, borrowed: valid until liion_store_free(); never free it yourself.
 *         NULL for a NULL or invalid store.
 */
LIION_API liion_spec_registry *liion_store_spec_registry(liion_store *store);

/**
 * @brief Make every record appended so far durable: append a commit record, write, and
 *        fdatasync (except in #LIION_STORE_NONE mode). A no-op when nothing is pending.
 * @param store the store.
 * @return #LIION_OK; #LIION_E_IO (the store then refuses further writes; reopen it: what was
 *         committed before is intact); #LIION_E_STATE (read-only or failed store, or inside
 *         an atomic group: liion_store_atomic_begin()).
 */
LIION_API liion_status liion_store_commit(liion_store *store);

/**
 * @brief Open an atomic group: the mutations that follow, up to the matching
 *        liion_store_atomic_end(), become durable together or not at all.
 *
 * No commit point falls inside a group: the group policy (@c group_records, @c group_ms) and
 * #LIION_STORE_FULL wait for the end of the outermost group, so a crash (or a reopen after a
 * failure) finds all of the group's records or none of them. Use it for a unit the plant
 * must never hold half of, such as a segment response with its material actuals; liion_ingest
 * applies every message as one group. Groups nest (a counter); records keep reaching the file
 * when the append buffer fills, but they count only once a commit follows them.
 *
 * @param store the store (a writer).
 * @return #LIION_OK; #LIION_E_STATE (read-only or failed store); #LIION_E_LIMIT (nested past
 *         2^32 - 1).
 */
LIION_API liion_status liion_store_atomic_begin(liion_store *store);

/**
 * @brief Close the innermost atomic group; at the outermost, apply the commit policy (a
 *        commit now in #LIION_STORE_FULL mode or when the group policy is due).
 * @param store the store.
 * @return #LIION_OK; #LIION_E_STATE (no group open, read-only or failed store); #LIION_E_IO
 *         from the commit (as liion_store_commit()).
 */
LIION_API liion_status liion_store_atomic_end(liion_store *store);

/**
 * @brief Abandon the open atomic group (at any depth) after a failure inside it.
 *
 * The group's records are cut from the journal; the records appended before the group are
 * committed. The plant still holds the group's changes in memory and the journal does not,
 * so the store then refuses further writes (#LIION_E_STATE): reopen it to get the plant as
 * committed, without the group. liion_store_free() inside a group does the same.
 *
 * @param store the store.
 * @return #LIION_OK (also on a store that had already failed: nothing more is cut);
 *         #LIION_E_STATE (no group open, or read-only); #LIION_E_IO.
 */
LIION_API liion_status liion_store_atomic_abort(liion_store *store);

/**
 * @brief Depth of the open atomic groups (0: none).
 * @param store the store.
 * @return the depth; 0 for NULL.
 */
LIION_API uint32_t liion_store_atomic_depth(const liion_store *store);

/**
 * @brief Write a snapshot of the committed plant and drop the journal it covers.
 *
 * Commits what is pending, writes the snapshot to `<path>.snap.tmp`, syncs it, renames it to
 * `<path>.snap` and syncs the directory, then replaces the journal by an empty one the same
 * way. A crash at any point leaves a store that reopens to the same committed state (old
 * snapshot and journal, or new snapshot and the old journal whose records it covers, or new
 * snapshot and the new journal). A no-op when nothing was committed since the last snapshot.
 * Exported journals (liion_store_export_cbor_seq()) start after the snapshot.
 *
 * @param store the store (a writer).
 * @return #LIION_OK; #LIION_E_IO (if the failure came before the renames, the store goes on
 *         unchanged; after, it refuses further writes like a failed commit);
 *         #LIION_E_UNSUPPORTED (the journal holds record types this version's snapshots do not
 *         cover: nothing is dropped); #LIION_E_STATE (read-only or failed store, or inside an
 *         atomic group);
 *         #LIION_E_NOMEM.
 */
LIION_API liion_status liion_store_compact(liion_store *store);

/**
 * @brief Sequence number of the commit the current snapshot covers (loaded at open or written
 *        since); 0 when the store has no snapshot.
 * @param store the store; borrowed.
 * @return the sequence number; 0 for NULL.
 */
LIION_API uint64_t liion_store_snapshot_seq(const liion_store *store);

/**
 * @brief Size in bytes of the current snapshot file (0: none).
 * @param store the store; borrowed.
 * @return the size; 0 for NULL.
 */
LIION_API uint64_t liion_store_snapshot_bytes(const liion_store *store);

/**
 * @brief Sequence number of the last durable commit record (0: none yet).
 * @param store the store; borrowed.
 * @return the sequence number; 0 for NULL.
 */
LIION_API uint64_t liion_store_committed_seq(const liion_store *store);

/**
 * @brief Sequence number of the last record appended (committed or not).
 * @param store the store; borrowed.
 * @return the sequence number; 0 for NULL.
 */
LIION_API uint64_t liion_store_seq(const liion_store *store);

/**
 * @brief Bytes of torn or uncommitted tail found behind the last commit at open (cut from the
 *        file by a writer, ignored by a reader).
 * @param store the store; borrowed.
 * @return the byte count; 0 for NULL or a clean file.
 */
LIION_API uint64_t liion_store_tail_cut(const liion_store *store);

/**
 * @brief Size of the committed part of the file in bytes (header plus every record up to and
 *        including the last commit).
 * @param store the store; borrowed.
 * @return the size; 0 for NULL.
 */
LIION_API uint64_t liion_store_committed_bytes(const liion_store *store);

/**
 * @brief Sink for liion_store_export_cbor_seq(): receives the next bytes of the sequence.
 * @param user the caller's pointer, passed through.
 * @param data the bytes; borrowed for the call only.
 * @param len  their length.
 * @return #LIION_OK to go on; any other status stops the export and is returned by it.
 */
typedef liion_status (*liion_store_write_fn)(void *user, const uint8_t *data, size_t len);

/**
 * @brief Export the committed journal as an RFC 8742 CBOR sequence, in order: first the item
 *        `["liion-store", 1]` (format name and version), then one item per record,
 *        `[sequence, record-name, body]`, with the body exactly as stored (its CDDL in
 *        docs/store-format.md), commit records included as `[sequence, "commit", [ops]]`.
 * @param store the store; borrowed.
 * @param write the sink, called with chunks of up to 64 KiB (or one whole larger record).
 * @param user  passed to @p write.
 * @return #LIION_OK; the sink's status; #LIION_E_CORRUPT if the file changed under the store;
 *         #LIION_E_IO; #LIION_E_NOMEM; #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_store_export_cbor_seq(liion_store *store, liion_store_write_fn write,
                                                   void *user);

/** @} */

LIION_END_DECLS

#endif /* LIION_STORE_H */
