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

#define LIION__STORE_MAGIC "LIIONJNL"
#define LIION__STORE_VERSION 1u
#define LIION__STORE_HDR 24u
#define LIION__STORE_REC_HDR 20u
#define LIION__STORE_COMMIT 64u
#define LIION__STORE_MAX_OP 21u
#define LIION__STORE_MAX_BODY (16u * 1024u * 1024u)

/* Field signature of each op type (index = type; NULL: no such op). */
extern const char *const liion__store_sig[LIION__STORE_MAX_OP + 1];

typedef struct liion__store_scan {
    uint64_t committed_seq;   /* sequence number of the last commit record */
    uint64_t committed_end;   /* file offset just past it (the header size if none) */
    uint64_t tail;            /* bytes past committed_end */
    uint64_t records;         /* op records replayed */
} liion__store_scan;

/* Verify data[0..len) as a store file and replay its committed records into plant (whose hook
 * must be NULL). An empty input is an empty store. LIION_E_CORRUPT / UNSUPPORTED / LIMIT /
 * NOMEM with the offset on the ctx; on error the plant may hold a partial replay (the caller
 * frees it). */
liion_status liion__store_load(liion_plant *plant, const uint8_t *data, size_t len,
                               liion__store_scan *scan);

/* Encode the file header into out[LIION__STORE_HDR]. */
void liion__store_header(uint8_t *out);

#endif /* LIION__STORE_INT_H */
