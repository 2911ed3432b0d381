/*
 * Private to libliion: the store file format (docs/store-format.md) and the loader, shared by
 * lib/store/store.c and the fuzz target.
 *
 * File: a 24-byte header, then records. Header: "LIIONJNL", u32 LE version (1), u32 LE flags
 * (0), u32 LE reserved (0), u32 LE crc32 of the first 20 bytes.
 * Record: u32 LE body length, u8 type, u8 flags (0), u16 LE reserved (0), u64 LE sequence
 * number (1, 2, 3 ... with no gap), u32 LE crc32 of the first 16 header bytes and the body;
 * then the body, one CBOR array.
 * Op records (types 1..21 = liion__plant_opcode) carry the call's arguments in the order of
 * liion__store_sig[type]: 's' text or null, 'u' uint32, 't' int64, 'd' float64. A commit
 * record (type 64) carries [number of op records since the previous commit].
 */
#ifndef LIION__STORE_INT_H
#define LIION__STORE_INT_H

#include "isa95/plant_int.h"

#include <liion/spec_plant.h>
#include <liion/store.h>

#define LIION__STORE_MAGIC "LIIONJNL"
#define LIION__STORE_VERSION 1u
#define LIION__STORE_HDR 24u
#define LIION__STORE_REC_HDR 20u
#define LIION__STORE_COMMIT 64u
/* Op types 1..21 (plant_int.h), 22..29 (further plant objects), 30..39 (spec results):
 * a type whose liion__store_sig entry is NULL is unknown to this build and refused. */
#define LIION__STORE_MAX_OP 39u
/* Op type 30: a record of the store's spec registry (body: CDDL spec-record). */
#define LIION__STORE_OP_SPEC 30u
#define LIION__STORE_MAX_BODY (16u * 1024u * 1024u)

/* Field signature of each op type (index = type; NULL: no such op). */
extern const char *const liion__store_sig[LIION__STORE_MAX_OP + 1];

typedef struct liion__store_scan {
    uint64_t committed_seq;   /* sequence number of the last commit record */
    uint64_t committed_end;   /* file offset just past it (the header size if none) */
    uint64_t tail;            /* bytes past committed_end */
    uint64_t records;         /* op records replayed */
    uint64_t types;           /* bit per op type replayed */
} liion__store_scan;

/* Verify data[0..len) as a store file and replay its committed records into plant (whose hook
 * must be NULL). An empty input is an empty store. base_seq is the sequence number a snapshot
 * already loaded into the plant covers (0: none): records up to it are verified but not
 * replayed, and the journal must not start after base_seq + 1. LIION_E_CORRUPT / UNSUPPORTED /
 * LIMIT / NOMEM with the offset on the ctx; on error the plant may hold a partial replay (the
 * caller frees it). */
liion_status liion__store_load(liion_plant *plant, liion_spec_registry *reg, const uint8_t *data,
                               size_t len, uint64_t base_seq, liion__store_scan *scan);

/* Encode the file header into out[LIION__STORE_HDR]. */
void liion__store_header(uint8_t *out);

/* ---- snapshots (lib/store/snap.c: file format; lib/store/snap_plant.c: plant state) ---- */

#define LIION__SNAP_MAGIC "LIIONSNP"
#define LIION__SNAP_VERSION 2u
#define LIION__SNAP_HDR 32u
#define LIION__SNAP_SEC_HDR 32u

/* Section ids of version 2, in file order (each exactly once). Version 1 (still read) had
 * 26 sections: ids 1..8 as here, then what is here 11..27, then the spec records; see
 * liion__snap_v1_id(). */
enum {
    LIION__SNAP_IDS_FIRST = 1,  /* 1..10: ID tables of object kinds 1..10 */
    LIION__SNAP_STRINGS = 11,   /* the plant's string table */
    LIION__SNAP_EQ_CLASS = 12,
    LIION__SNAP_EQ = 13,
    LIION__SNAP_DEF = 14,
    LIION__SNAP_LOT = 15,
    LIION__SNAP_SEG = 16,
    LIION__SNAP_RESP = 17,
    LIION__SNAP_ACT = 18,
    LIION__SNAP_EQACT = 19,
    LIION__SNAP_QTY = 20,
    LIION__SNAP_PROP = 21,
    LIION__SNAP_USE = 22,
    LIION__SNAP_ASM = 23,
    LIION__SNAP_LINK = 24,
    LIION__SNAP_RUSE = 25,
    LIION__SNAP_GEN_IN = 26,
    LIION__SNAP_GEN_OUT = 27,
    LIION__SNAP_JOB = 28,       /* job responses (kind 9) */
    LIION__SNAP_JOBM = 29,      /* job response members */
    LIION__SNAP_TEST = 30,      /* test results (kind 10) */
    LIION__SNAP_ASM_ATTR = 31,  /* assembly attributes of material classes and definitions */
    LIION__SNAP_SPEC = 32,      /* spec registry records */
    LIION__SNAP_SECTIONS = 32,
    LIION__SNAP_V1_SECTIONS = 26
};

/* The version 2 id of the i-th (1-based) section of a version 1 snapshot. */
static inline uint32_t liion__snap_v1_id(uint32_t i)
{
    return i <= 8u ? i : i == LIION__SNAP_V1_SECTIONS ? (uint32_t)LIION__SNAP_SPEC : i + 2u;
}

/* Receives the snapshot's bytes in order. */
typedef liion_status (*liion__snap_sink)(void *user, const uint8_t *data, size_t len);

/* Section encoder used by snap_plant.c: values are appended to the raw section; the first
 * failure sticks in st and makes every later call a no-op. */
typedef struct liion__snap_enc {
    liion_ctx *ctx;
    liion_status st;
    uint8_t *raw;
    size_t len, cap;
} liion__snap_enc;

void liion__snap_put_uv(liion__snap_enc *e, uint64_t v);
void liion__snap_put_bytes(liion__snap_enc *e, const void *p, size_t n);

/* Section decoder: a bounds-checked cursor over one inflated section. */
typedef struct liion__snap_dec {
    const uint8_t *p;
    size_t len, pos;
    const char *why; /* first fault, NULL while fine */
} liion__snap_dec;

bool liion__snap_get_uv(liion__snap_dec *d, uint64_t *out);

/* Write the committed state of plant as a snapshot covering sequence number seq. Compacts the
 * genealogy graph first (derived state only). *bytes_out: the snapshot's size. */
liion_status liion__snap_write(liion_plant *plant, liion_spec_registry *reg, uint64_t seq,
                               liion__snap_sink sink, void *user, uint64_t *bytes_out);

/* Verify data[0..len) as a snapshot and load it into plant, which must be new (nothing added).
 * *seq_out: the sequence number it covers. LIION_E_CORRUPT / UNSUPPORTED / NOMEM with the
 * offset on the ctx; on error the plant holds a partial state (the caller frees it). */
liion_status liion__snap_load(liion_plant *plant, liion_spec_registry *reg, const uint8_t *data,
                              size_t len, uint64_t *seq_out);

/* snap_spec.c: section LIION__SNAP_SPEC, the spec registry's records. */
void liion__snap_spec_encode(liion_spec_registry *reg, liion__snap_enc *e);
const char *liion__snap_spec_decode(liion_spec_registry *reg, liion_ctx *ctx,
                                    liion__snap_dec *d, liion_status *st);

/* snap_plant.c: encode section `id` of plant into e (the caller frames it). */
void liion__snap_plant_encode(liion_plant *plant, uint32_t id, liion__snap_enc *e);
/* snap_plant.c: decode section `id` into plant; returns NULL, or why it is invalid (the
 * ctx error is set only for LIION_E_NOMEM, returned through *st). */
const char *liion__snap_plant_decode(liion_plant *plant, uint32_t id, liion__snap_dec *d,
                                     liion_status *st);
/* snap_plant.c: after the last section, check cross references and rebuild the maps. */
const char *liion__snap_plant_finish(liion_plant *plant, liion_status *st);
/* snap_plant.c: prepare the plant for encoding (compact the graph). */
liion_status liion__snap_plant_prepare(liion_plant *plant);

/* ---- I/O fault injection (tests only) --------------------------------------------------- */

#define LIION__STORE_FAULT_WRITE 1u /* the n-th write from now fails with EIO */
#define LIION__STORE_FAULT_SYNC 2u  /* the n-th fdatasync/fsync from now fails with EIO */

/* Arm a fault on the store: `what` is one LIION__STORE_FAULT_* value, `nth` counts calls
 * from now (1: the next one; 0: disarm). For tests (static linking). */
void liion__store_fault(liion_store *store, uint32_t what, uint32_t nth);

#endif /* LIION__STORE_INT_H */
