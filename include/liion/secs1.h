/**
 * @file liion/secs1.h
 * @brief SECS-I (SEMI E4) blocks: encode and decode one block, split a message body into
 *        blocks, and reassemble blocks into a message.
 *
 * Like liion/hsms.h, this layer carries raw SECS-II body bytes; the line protocol around the
 * blocks (ENQ, EOT, ACK, NAK, retries, timers) belongs to the caller.
 */
#ifndef LIION_SECS1_H
#define LIION_SECS1_H

#include <liion/common.h>
#include <liion/ctx.h>

LIION_BEGIN_DECLS

/**
 * @defgroup liion_secs1 SECS-I blocks
 * @brief SEMI E4 blocks: `length(1) | header(10) | data(0-244) | checksum(2)`.
 *
 * The length byte (10-254) counts header + data. The checksum is the 16-bit sum of the header
 * and data bytes, big-endian. Header: byte 0 bit 7 R-bit (1 = to the host) and bits 0-6 with
 * byte 1 the 15-bit device ID; byte 2 W-bit and stream; byte 3 function; byte 4 bit 7 E-bit
 * (last block) and bits 0-6 with byte 5 the 15-bit block number; bytes 6-9 system bytes.
 * See the guide @ref guide_hsms.
 * @{
 */

/** Most data bytes in one block. */
#define LIION_SECS1_BLOCK_DATA_MAX 244u
/** Bytes of a block header. */
#define LIION_SECS1_HEADER_BYTES 10u
/** Most bytes of an encoded block: 1 + 10 + 244 + 2. */
#define LIION_SECS1_BLOCK_MAX 257u
/** Least bytes of an encoded block: 1 + 10 + 2. */
#define LIION_SECS1_BLOCK_MIN 13u
/** Most blocks in one message (the block number has 15 bits). */
#define LIION_SECS1_BLOCKS_MAX 32767u
/** Handshake byte: request to send. */
#define LIION_SECS1_ENQ 0x05u
/** Handshake byte: ready to receive. */
#define LIION_SECS1_EOT 0x04u
/** Handshake byte: block received correctly. */
#define LIION_SECS1_ACK 0x06u
/** Handshake byte: block not received correctly. */
#define LIION_SECS1_NAK 0x15u

/**
 * @brief The fields of one block header, decoded.
 *
 * A result record with a size first: set @c struct_size to `sizeof(liion_secs1_header)`
 * (#LIION_SECS1_HEADER_INIT does); the library reads and writes only that many bytes.
 */
typedef struct liion_secs1_header {
    /** Size of this struct as the caller compiled it: `sizeof(liion_secs1_header)`. */
    uint32_t struct_size;
    /** System bytes (header bytes 6-9). */
    uint32_t system_bytes;
    /** Device ID, 0-32767. */
    uint16_t device_id;
    /** Block number, 0-32767 (the first block of a message is 1, or 0 for some senders). */
    uint16_t block_number;
    /** R-bit: 1 for a block sent to the host (from equipment), 0 to the equipment. */
    uint8_t rbit;
    /** W-bit: 1 when a reply is expected. */
    uint8_t wbit;
    /** E-bit: 1 on the last block of a message. */
    uint8_t ebit;
    /** Stream, 0-127. */
    uint8_t stream;
    /** Function, 0-255. */
    uint8_t function;
    /** Reserved, zero. */
    uint8_t reserved[3];
} liion_secs1_header;

/** Initialiser for a `liion_secs1_header` variable: all zero, size set. */
#define LIION_SECS1_HEADER_INIT { (uint32_t)sizeof(liion_secs1_header), 0, 0, 0, 0, 0, 0, 0, 0, { 0, 0, 0 } }

/** @brief Checksum of a block: the 16-bit sum of @p len bytes (header + data). NULL sums to 0. */
LIION_API uint16_t liion_secs1_checksum(const uint8_t *data, size_t len);

/**
 * @brief Encode one block.
 *
 * @param[out] buf      the caller's buffer; may be NULL when @p cap is 0 (measure).
 * @param      cap      bytes at @p buf; 13 + @p data_len are needed.
 * @param[out] written  bytes written, or the size needed on #LIION_E_BUFFER_TOO_SMALL.
 * @param      ctx      context for the error message.
 * @param      hdr      the header, every field used as given; borrowed for the call.
 * @param      data     data bytes; borrowed; may be NULL when @p data_len is 0.
 * @param      data_len 0-244.
 * @return #LIION_OK; #LIION_E_INVALID_ARG (NULL argument, a field out of range, more than
 *         244 data bytes); #LIION_E_BUFFER_TOO_SMALL.
 */
LIION_API liion_status liion_secs1_block_encode(uint8_t *buf, size_t cap, size_t *written,
                                                liion_ctx *ctx, const liion_secs1_header *hdr,
                                                const uint8_t *data, size_t data_len);

/**
 * @brief Decode and check one block: its length byte, its size and its checksum.
 *
 * @param[out] hdr      header fields; the caller sets @c struct_size first.
 * @param[out] data     the data bytes, pointing into @p block (borrowed, valid as long as
 *                      @p block); never NULL on success.
 * @param[out] data_len 0-244.
 * @param      ctx      context: error message and byte offset into @p block.
 * @param      block    the block, from its length byte to its checksum; borrowed.
 * @param      len      bytes at @p block: exactly one block.
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_TRUNCATED (fewer bytes than the length
 *         byte says); #LIION_E_DECODE (length byte under 10 or over 254, bytes after the
 *         checksum); #LIION_E_CORRUPT (checksum mismatch: the receiver answers NAK).
 */
LIION_API liion_status liion_secs1_block_decode(liion_secs1_header *hdr, const uint8_t **data,
                                                size_t *data_len, liion_ctx *ctx,
                                                const uint8_t *block, size_t len);

/**
 * @brief Number of blocks a message body of @p body_len bytes takes: 1 for an empty body,
 *        else ceil(@p body_len / 244); 0 when it would take more than 32767 blocks.
 */
LIION_API size_t liion_secs1_block_count(size_t body_len);

/**
 * @brief Encode block @p index (0-based) of a message: its slice of @p body, block number
 *        @p index + 1, E-bit on the last block.
 *
 * This is how a sender produces the blocks one at a time between handshakes.
 *
 * @param[out] buf      the caller's buffer; may be NULL when @p cap is 0.
 * @param      cap      bytes at @p buf (at most 257 are needed).
 * @param[out] written  bytes written, or the size needed on #LIION_E_BUFFER_TOO_SMALL.
 * @param      ctx      context for the error message.
 * @param      hdr      device ID, R-bit, W-bit, stream, function and system bytes of the
 *                      message; its @c block_number and @c ebit are ignored. Borrowed.
 * @param      body     the whole message body; borrowed; may be NULL when @p body_len is 0.
 * @param      body_len bytes at @p body.
 * @param      index    0 .. liion_secs1_block_count(@p body_len) - 1.
 * @return #LIION_OK; #LIION_E_INVALID_ARG (NULL argument, field out of range, @p index past
 *         the last block); #LIION_E_RANGE (a body over 32767 blocks);
 *         #LIION_E_BUFFER_TOO_SMALL.
 */
LIION_API liion_status liion_secs1_message_block(uint8_t *buf, size_t cap, size_t *written,
                                                 liion_ctx *ctx, const liion_secs1_header *hdr,
                                                 const uint8_t *body, size_t body_len,
                                                 size_t index);

/**
 * @brief Size of all blocks of a message body laid end to end (liion_secs1_message_encode()).
 * @return the size, or 0 when the body would take more than 32767 blocks.
 */
LIION_API size_t liion_secs1_message_size(size_t body_len);

/**
 * @brief Split a message body into blocks and encode all of them end to end, as
 *        liion_secs1_message_block() would for each index in turn.
 *
 * @param[out] buf      the caller's buffer; may be NULL when @p cap is 0.
 * @param      cap      bytes at @p buf; liion_secs1_message_size() are needed.
 * @param[out] written  bytes written, or the size needed on #LIION_E_BUFFER_TOO_SMALL.
 * @param      ctx      context for the error message.
 * @param      hdr      as for liion_secs1_message_block(); borrowed.
 * @param      body     the body; borrowed; may be NULL when @p body_len is 0.
 * @param      body_len bytes at @p body.
 * @return as liion_secs1_message_block().
 */
LIION_API liion_status liion_secs1_message_encode(uint8_t *buf, size_t cap, size_t *written,
                                                  liion_ctx *ctx, const liion_secs1_header *hdr,
                                                  const uint8_t *body, size_t body_len);

/** What liion_secs1_reasm_add() did with a block. */
typedef enum liion_secs1_event {
    LIION_SECS1_BLOCK_ACCEPTED = 1,   /**< Taken; the message needs more blocks. */
    LIION_SECS1_MESSAGE_COMPLETE = 2, /**< Taken, and it was the last one: the message is ready. */
    LIION_SECS1_BLOCK_DUPLICATE = 3,  /**< Same header as the block before (a resend after a lost ACK): ignored. */
    LIION_SECS1_EVENT__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not an event. */
} liion_secs1_event;

/** Opaque message reassembler; create with liion_secs1_reasm_new(). */
typedef struct liion_secs1_reasm liion_secs1_reasm;

/**
 * @brief Create a reassembler: it takes the blocks of one message at a time and gives back
 *        the whole message body. Its size limit is the context's
 *        #LIION_LIMIT_MAX_MESSAGE_BYTES (the body).
 *
 * @param[out] out the reassembler; caller owns it, free with liion_secs1_reasm_free().
 *                 NULL on failure.
 * @param      ctx the context; borrowed, must outlive the reassembler. Errors of every call
 *                 on the reassembler are reported on it.
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_secs1_reasm_new(liion_secs1_reasm **out, liion_ctx *ctx);

/** @brief Free a reassembler. NULL is a no-op. */
LIION_API void liion_secs1_reasm_free(liion_secs1_reasm *r);

/**
 * @brief Add one received block (as liion_secs1_block_decode() takes it).
 *
 * The first block of a message has block number 0 or 1; each next one has the number after
 * the one before, and the same device ID, R-bit, W-bit, stream, function and system bytes.
 * A block that fails any check is refused and changes nothing: the message in progress
 * stays as it was (a bad checksum is answered with NAK and the block sent again). Call
 * liion_secs1_reasm_reset() to drop a message in progress. After #LIION_SECS1_MESSAGE_COMPLETE
 * the next block starts a new message.
 *
 * @param[out] event what happened to the block; may be NULL.
 * @param      r     the reassembler.
 * @param      block one block, from its length byte to its checksum; borrowed for the call.
 * @param      len   bytes at @p block.
 * @return #LIION_OK; the statuses of liion_secs1_block_decode() (with the offset into
 *         @p block); #LIION_E_DECODE (block number not the next, header changed within a
 *         message); #LIION_E_LIMIT (message over the context's limit); #LIION_E_NOMEM.
 */
LIION_API liion_status liion_secs1_reasm_add(liion_secs1_event *event, liion_secs1_reasm *r,
                                             const uint8_t *block, size_t len);

/**
 * @brief The message the last liion_secs1_reasm_add() completed.
 *
 * @param[out] hdr      the first block's header, with @c ebit 1 and @c block_number of the
 *                      last block; the caller sets @c struct_size first. May be NULL.
 * @param[out] body     the whole body in the reassembler's buffer: borrowed, valid until
 *                      the next add, reset or free. Never NULL on success. May be NULL.
 * @param[out] body_len bytes of the body. May be NULL.
 * @param      r        the reassembler.
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_STATE (no complete message).
 */
LIION_API liion_status liion_secs1_reasm_message(liion_secs1_header *hdr, const uint8_t **body,
                                                 size_t *body_len, liion_secs1_reasm *r);

/** @brief Blocks taken for the message in progress (0 when none is). */
LIION_API size_t liion_secs1_reasm_blocks(const liion_secs1_reasm *r);

/** @brief Drop the message in progress (or the completed one); keep the buffer. NULL is a no-op. */
LIION_API void liion_secs1_reasm_reset(liion_secs1_reasm *r);

/** @} */

LIION_END_DECLS

#endif /* LIION_SECS1_H */
