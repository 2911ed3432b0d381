/**
 * @file liion/uadp.h
 * @brief OPC UA PubSub UADP NetworkMessages and DataSetMessages (OPC 10000-14 §7.2.4).
 */
#ifndef LIION_UADP_H
#define LIION_UADP_H

#include <liion/common.h>
#include <liion/ctx.h>
#include <liion/opcua.h>

LIION_BEGIN_DECLS

/**
 * @defgroup liion_uadp OPC UA PubSub UADP
 * @brief Encode and decode unsecured UADP NetworkMessages into a reusable, arena-backed handle.
 *
 * A #liion_uadp_msg holds one NetworkMessage: its header (PublisherId, DataSetClassId,
 * GroupHeader, PayloadHeader, timestamp, picoseconds, promoted fields, an unsecured
 * SecurityHeader) and its DataSetMessages (key frames, delta frames, events, keep-alives with
 * Variant, DataValue or RawData field encoding). It is filled either by liion_uadp_msg_decode()
 * or by the builder functions, and written with liion_uadp_msg_encode(). Every value lives in
 * the handle's arena: decoding or building message after message in the same handle makes no
 * heap allocation once the arena has grown to the message size.
 *
 * Field values are read through the borrowed OPC UA views of liion/opcua.h
 * (#liion_ua_variant, #liion_ua_datavalue), valid until the next decode, reset or free of the
 * handle.
 *
 * Builder functions that say "the last DataSetMessage" act on the one added most recently
 * with liion_uadp_msg_add_dsm().
 * @{
 */

/** PublisherId data type (ExtendedFlags1 bits 0..2). */
typedef enum liion_uadp_pubid_type {
    LIION_UADP_PUBID_BYTE = 0,   /**< Byte. */
    LIION_UADP_PUBID_UINT16 = 1, /**< UInt16. */
    LIION_UADP_PUBID_UINT32 = 2, /**< UInt32. */
    LIION_UADP_PUBID_UINT64 = 3, /**< UInt64. */
    LIION_UADP_PUBID_STRING = 4, /**< String. */
    LIION_UADP_PUBID__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a type. */
} liion_uadp_pubid_type;

/** Field encoding of a DataSetMessage (DataSetFlags1 bits 1..2). */
typedef enum liion_uadp_encoding {
    LIION_UADP_ENC_VARIANT = 0,   /**< Each field is a Variant. */
    LIION_UADP_ENC_RAWDATA = 1,   /**< Fields are bare values whose types the metadata gives. */
    LIION_UADP_ENC_DATAVALUE = 2, /**< Each field is a DataValue. */
    LIION_UADP_ENC__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not an encoding. */
} liion_uadp_encoding;

/** DataSetMessage type (DataSetFlags2 bits 0..3). */
typedef enum liion_uadp_dsm_type {
    LIION_UADP_DSM_KEYFRAME = 0,  /**< Key frame: every field, in order. */
    LIION_UADP_DSM_DELTAFRAME = 1, /**< Delta frame: (field index, value) pairs. */
    LIION_UADP_DSM_EVENT = 2,     /**< Event: fields of one event. */
    LIION_UADP_DSM_KEEPALIVE = 3, /**< Keep-alive: no payload. */
    LIION_UADP_DSM__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a type. */
} liion_uadp_dsm_type;

/** @name NetworkMessage header parts (liion_uadp_msg_flags(), liion_uadp_msg_set_flags())
 * The encoder writes the flag bytes these imply; ExtendedFlags1/2, the GroupHeader and the
 * PayloadHeader are also written when their own bit is set although nothing inside needs them,
 * so that a decoded message re-encodes byte for byte.
 * @{ */
#define LIION_UADP_NM_PUBLISHER_ID (1u << 0)     /**< PublisherId present. */
#define LIION_UADP_NM_GROUP_HEADER (1u << 1)     /**< GroupHeader present. */
#define LIION_UADP_NM_PAYLOAD_HEADER (1u << 2)   /**< PayloadHeader present (DataSetWriterIds). */
#define LIION_UADP_NM_EXT_FLAGS1 (1u << 3)       /**< ExtendedFlags1 present. */
#define LIION_UADP_NM_DATASET_CLASS_ID (1u << 4) /**< DataSetClassId present. */
#define LIION_UADP_NM_SECURITY (1u << 5)         /**< SecurityHeader present (unsecured only). */
#define LIION_UADP_NM_TIMESTAMP (1u << 6)        /**< Timestamp present. */
#define LIION_UADP_NM_PICOSECONDS (1u << 7)      /**< PicoSeconds present. */
#define LIION_UADP_NM_EXT_FLAGS2 (1u << 8)       /**< ExtendedFlags2 present. */
#define LIION_UADP_NM_PROMOTED_FIELDS (1u << 9)  /**< PromotedFields present. */
#define LIION_UADP_NM_WRITER_GROUP_ID (1u << 10) /**< GroupHeader: WriterGroupId present. */
#define LIION_UADP_NM_GROUP_VERSION (1u << 11)   /**< GroupHeader: GroupVersion present. */
#define LIION_UADP_NM_NETWORK_MESSAGE_NUMBER (1u << 12) /**< GroupHeader: NetworkMessageNumber present. */
#define LIION_UADP_NM_SEQUENCE_NUMBER (1u << 13) /**< GroupHeader: SequenceNumber present. */
/** @} */

/** @name DataSetMessage header parts (liion_uadp_dsm_flags(), liion_uadp_dsm_set_flags())
 * @{ */
#define LIION_UADP_DSM_VALID (1u << 0)          /**< DataSetMessage is valid (DataSetFlags1 0x01). */
#define LIION_UADP_DSM_SEQUENCE_NUMBER (1u << 1) /**< DataSetMessageSequenceNumber present. */
#define LIION_UADP_DSM_STATUS (1u << 2)         /**< Status present. */
#define LIION_UADP_DSM_CONFIG_MAJOR (1u << 3)   /**< ConfigurationVersion MajorVersion present. */
#define LIION_UADP_DSM_CONFIG_MINOR (1u << 4)   /**< ConfigurationVersion MinorVersion present. */
#define LIION_UADP_DSM_FLAGS2 (1u << 5)         /**< DataSetFlags2 present (implied by a non key-frame type, timestamp or picoseconds). */
#define LIION_UADP_DSM_TIMESTAMP (1u << 6)      /**< Timestamp present. */
#define LIION_UADP_DSM_PICOSECONDS (1u << 7)    /**< PicoSeconds present. */
/** @} */

/** Most DataSetMessages one NetworkMessage may carry (the PayloadHeader count is a Byte). */
#define LIION_UADP_MAX_DSM 255u

/** Owned handle holding one UADP NetworkMessage; create with liion_uadp_msg_new(). */
typedef struct liion_uadp_msg liion_uadp_msg;

/* ---- handle ------------------------------------------------------------------------------ */

/**
 * @brief Create an empty message handle. Allocates only the handle.
 * @param[out] out the handle; caller owns it, free with liion_uadp_msg_free(). NULL on failure.
 * @param      ctx the context; borrowed, must outlive the handle.
 * @return #LIION_OK, #LIION_E_INVALID_ARG, #LIION_E_MISUSE or #LIION_E_NOMEM.
 */
LIION_API liion_status liion_uadp_msg_new(liion_uadp_msg **out, liion_ctx *ctx);

/** @brief Free a handle and everything in it. NULL is a no-op. */
LIION_API void liion_uadp_msg_free(liion_uadp_msg *m);

/**
 * @brief Empty the handle (no header parts, no DataSetMessages) but keep its memory.
 * Every view obtained from it becomes invalid. NULL is a no-op.
 */
LIION_API void liion_uadp_msg_reset(liion_uadp_msg *m);

/**
 * @brief Decode one NetworkMessage from @p data into the handle.
 *
 * Whatever the handle held is dropped first. RawData DataSetMessages are kept as bytes (see
 * liion_uadp_dsm_raw() and liion_uadp_dsm_decode_raw()). On error the handle is left empty
 * and the context holds the message and the byte offset of the faulty field.
 *
 * @param m    the handle.
 * @param data the input; borrowed for the call only (everything kept is copied).
 * @param len  bytes in @p data; the whole input is one NetworkMessage.
 * @return #LIION_OK; #LIION_E_TRUNCATED; #LIION_E_DECODE (version not 1, reserved flags,
 *         DataSetMessage sizes that do not add up, trailing bytes in a DataSetMessage,
 *         reserved field encoding or message type); #LIION_E_UNSUPPORTED (chunked or
 *         discovery messages, signed or encrypted messages, a security footer);
 *         #LIION_E_LIMIT (context limits); #LIION_E_NOMEM; #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_uadp_msg_decode(liion_uadp_msg *m, const uint8_t *data, size_t len);

/**
 * @brief Encode the message held by the handle.
 * @param m   the handle.
 * @param buf output buffer (may be NULL when @p cap is 0); borrowed for the call.
 * @param cap bytes available in @p buf.
 * @param[out] written bytes written; on #LIION_E_BUFFER_TOO_SMALL the size needed.
 * @return #LIION_OK, #LIION_E_BUFFER_TOO_SMALL, #LIION_E_STATE (several DataSetMessages but no
 *         PayloadHeader, or a DataSetMessage larger than 65535 bytes in a multi-message
 *         payload) or #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_uadp_msg_encode(liion_uadp_msg *m, uint8_t *buf, size_t cap,
                                             size_t *written);

/**
 * @brief Exact number of bytes liion_uadp_msg_encode() will write.
 * @param m the handle. @param[out] size the size.
 * @return #LIION_OK, #LIION_E_STATE (as for the encoder) or #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_uadp_msg_encoded_size(liion_uadp_msg *m, size_t *size);

/* ---- NetworkMessage header: builders ------------------------------------------------------ */

/**
 * @brief Replace the set of header parts present (`LIION_UADP_NM_*`). Values set earlier are
 * kept, so this mainly adds or removes parts (e.g. an explicit PayloadHeader for one message).
 * @param m the handle. @param flags `LIION_UADP_NM_*` bits.
 * @return #LIION_OK, #LIION_E_INVALID_ARG (unknown bits).
 */
LIION_API liion_status liion_uadp_msg_set_flags(liion_uadp_msg *m, uint32_t flags);

/**
 * @brief Set the PublisherId (adds #LIION_UADP_NM_PUBLISHER_ID).
 * @param m       the handle.
 * @param type    the PublisherId type.
 * @param numeric the id for the numeric types (must fit the type).
 * @param str     the id for #LIION_UADP_PUBID_STRING (copied); borrowed; NULL for a null string.
 * @param len     bytes in @p str.
 * @return #LIION_OK, #LIION_E_INVALID_ARG, #LIION_E_RANGE (value too large) or #LIION_E_NOMEM.
 */
LIION_API liion_status liion_uadp_msg_set_publisher_id(liion_uadp_msg *m,
                                                       liion_uadp_pubid_type type,
                                                       uint64_t numeric, const uint8_t *str,
                                                       size_t len);

/**
 * @brief Set the DataSetClassId (adds #LIION_UADP_NM_DATASET_CLASS_ID).
 * @param m the handle. @param guid 16 bytes in wire order; borrowed.
 * @return #LIION_OK or #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_uadp_msg_set_dataset_class_id(liion_uadp_msg *m, const uint8_t *guid);

/**
 * @brief Set GroupHeader fields (adds #LIION_UADP_NM_GROUP_HEADER and the bits in @p which).
 * @param m        the handle.
 * @param which    #LIION_UADP_NM_WRITER_GROUP_ID, #LIION_UADP_NM_GROUP_VERSION,
 *                 #LIION_UADP_NM_NETWORK_MESSAGE_NUMBER, #LIION_UADP_NM_SEQUENCE_NUMBER bits;
 *                 only these fields are set.
 * @param writer_group_id WriterGroupId.
 * @param group_version   GroupVersion (VersionTime, seconds since 2000).
 * @param nm_number       NetworkMessageNumber.
 * @param sequence_number SequenceNumber.
 * @return #LIION_OK or #LIION_E_INVALID_ARG (other bits in @p which).
 */
LIION_API liion_status liion_uadp_msg_set_group(liion_uadp_msg *m, uint32_t which,
                                                uint16_t writer_group_id, uint32_t group_version,
                                                uint16_t nm_number, uint16_t sequence_number);

/**
 * @brief Set the NetworkMessage timestamp (adds #LIION_UADP_NM_TIMESTAMP).
 * @param m the handle. @param ticks DateTime ticks (100 ns since 1601).
 * @return #LIION_OK or #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_uadp_msg_set_timestamp(liion_uadp_msg *m, int64_t ticks);

/**
 * @brief Set the NetworkMessage PicoSeconds (adds #LIION_UADP_NM_PICOSECONDS).
 * @param m the handle. @param ps picoseconds (UInt16 as on the wire).
 * @return #LIION_OK or #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_uadp_msg_set_picoseconds(liion_uadp_msg *m, uint16_t ps);

/**
 * @brief Set an unsecured SecurityHeader (adds #LIION_UADP_NM_SECURITY).
 * @param m        the handle.
 * @param flags    SecurityFlags: 0 or 0x08 (force key reset); signing, encryption and the
 *                 footer are not supported.
 * @param token_id SecurityTokenId.
 * @param nonce    MessageNonce bytes (copied); borrowed; may be NULL when @p nonce_len is 0.
 * @param nonce_len bytes in @p nonce, at most 255.
 * @return #LIION_OK, #LIION_E_INVALID_ARG, #LIION_E_UNSUPPORTED or #LIION_E_NOMEM.
 */
LIION_API liion_status liion_uadp_msg_set_security(liion_uadp_msg *m, uint32_t flags,
                                                   uint32_t token_id, const uint8_t *nonce,
                                                   size_t nonce_len);

/**
 * @brief Append a promoted field (adds #LIION_UADP_NM_PROMOTED_FIELDS); deep-copied.
 * @param m   the handle.
 * @param var the value; borrowed (e.g. from liion_ua_value_variant()).
 * @return #LIION_OK, #LIION_E_INVALID_ARG, #LIION_E_RANGE (more than 65535 bytes of promoted
 *         fields) or #LIION_E_NOMEM.
 */
LIION_API liion_status liion_uadp_msg_add_promoted(liion_uadp_msg *m, const liion_ua_variant *var);

/* ---- NetworkMessage header: accessors ----------------------------------------------------- */

/** @brief `LIION_UADP_NM_*` bits of the header parts present (0 for NULL). */
LIION_API uint32_t liion_uadp_msg_flags(const liion_uadp_msg *m);

/**
 * @brief The PublisherId.
 * @param m the handle.
 * @param[out] type its type (may be NULL).
 * @param[out] numeric the numeric id, 0 for a String id (may be NULL).
 * @param[out] str the String id (NUL follows), NULL for numeric ids or a null string; borrowed,
 *             valid until the next decode/reset/free (may be NULL).
 * @param[out] len bytes in @p str (may be NULL).
 * @return #LIION_OK, #LIION_E_INVALID_ARG or #LIION_E_STATE (no PublisherId).
 */
LIION_API liion_status liion_uadp_msg_publisher_id(const liion_uadp_msg *m,
                                                   liion_uadp_pubid_type *type, uint64_t *numeric,
                                                   const uint8_t **str, size_t *len);

/**
 * @brief The DataSetClassId.
 * @param m the handle. @param[out] guid 16 bytes in wire order.
 * @return #LIION_OK, #LIION_E_INVALID_ARG or #LIION_E_STATE (absent).
 */
LIION_API liion_status liion_uadp_msg_dataset_class_id(const liion_uadp_msg *m, uint8_t *guid);

/** @brief WriterGroupId (0 when absent or NULL). */
LIION_API uint16_t liion_uadp_msg_writer_group_id(const liion_uadp_msg *m);
/** @brief GroupVersion (0 when absent or NULL). */
LIION_API uint32_t liion_uadp_msg_group_version(const liion_uadp_msg *m);
/** @brief NetworkMessageNumber (0 when absent or NULL). */
LIION_API uint16_t liion_uadp_msg_network_message_number(const liion_uadp_msg *m);
/** @brief GroupHeader SequenceNumber (0 when absent or NULL). */
LIION_API uint16_t liion_uadp_msg_sequence_number(const liion_uadp_msg *m);
/** @brief NetworkMessage timestamp in DateTime ticks (0 when absent or NULL). */
LIION_API int64_t liion_uadp_msg_timestamp(const liion_uadp_msg *m);
/** @brief NetworkMessage PicoSeconds (0 when absent or NULL). */
LIION_API uint16_t liion_uadp_msg_picoseconds(const liion_uadp_msg *m);

/**
 * @brief The SecurityHeader.
 * @param m the handle.
 * @param[out] flags SecurityFlags (may be NULL).
 * @param[out] token_id SecurityTokenId (may be NULL).
 * @param[out] nonce MessageNonce bytes, borrowed like a view; NULL when empty (may be NULL).
 * @param[out] nonce_len bytes in @p nonce (may be NULL).
 * @return #LIION_OK, #LIION_E_INVALID_ARG or #LIION_E_STATE (absent).
 */
LIION_API liion_status liion_uadp_msg_security(const liion_uadp_msg *m, uint32_t *flags,
                                               uint32_t *token_id, const uint8_t **nonce,
                                               size_t *nonce_len);

/** @brief Number of promoted fields (0 for NULL). */
LIION_API size_t liion_uadp_msg_promoted_count(const liion_uadp_msg *m);
/** @brief Promoted field @p i; borrowed view valid until the next decode/reset/free; NULL when out of range. */
LIION_API const liion_ua_variant *liion_uadp_msg_promoted(const liion_uadp_msg *m, size_t i);

/** @brief Number of DataSetMessages (0 for NULL). */
LIION_API size_t liion_uadp_msg_dsm_count(const liion_uadp_msg *m);

/* ---- DataSetMessages: builders ------------------------------------------------------------ */

/**
 * @brief Append a DataSetMessage; it becomes "the last DataSetMessage". Its flags start as
 * #LIION_UADP_DSM_VALID (plus #LIION_UADP_DSM_FLAGS2 for a type other than a key frame).
 * @param m         the handle.
 * @param writer_id DataSetWriterId (written in the PayloadHeader).
 * @param encoding  field encoding.
 * @param type      message type.
 * @return #LIION_OK, #LIION_E_INVALID_ARG, #LIION_E_RANGE (#LIION_UADP_MAX_DSM reached) or
 *         #LIION_E_NOMEM.
 */
LIION_API liion_status liion_uadp_msg_add_dsm(liion_uadp_msg *m, uint16_t writer_id,
                                              liion_uadp_encoding encoding,
                                              liion_uadp_dsm_type type);

/**
 * @brief Replace the header-part bits of the last DataSetMessage (`LIION_UADP_DSM_*`),
 * e.g. to clear #LIION_UADP_DSM_VALID. Values set earlier are kept.
 * @param m the handle. @param flags `LIION_UADP_DSM_*` bits.
 * @return #LIION_OK, #LIION_E_INVALID_ARG (unknown bits) or #LIION_E_STATE (no DataSetMessage).
 */
LIION_API liion_status liion_uadp_dsm_set_flags(liion_uadp_msg *m, uint32_t flags);

/**
 * @brief Set header fields of the last DataSetMessage (adds the bits in @p which).
 * @param m      the handle.
 * @param which  any of #LIION_UADP_DSM_SEQUENCE_NUMBER, #LIION_UADP_DSM_STATUS,
 *               #LIION_UADP_DSM_CONFIG_MAJOR, #LIION_UADP_DSM_CONFIG_MINOR,
 *               #LIION_UADP_DSM_TIMESTAMP, #LIION_UADP_DSM_PICOSECONDS; only these are set.
 * @param sequence_number DataSetMessageSequenceNumber.
 * @param status Status (the high 16 bits of a StatusCode, as on the wire).
 * @param config_major ConfigurationVersion MajorVersion.
 * @param config_minor ConfigurationVersion MinorVersion.
 * @param timestamp    DateTime ticks.
 * @param picoseconds  PicoSeconds.
 * @return #LIION_OK, #LIION_E_INVALID_ARG or #LIION_E_STATE (no DataSetMessage).
 */
LIION_API liion_status liion_uadp_dsm_set_header(liion_uadp_msg *m, uint32_t which,
                                                 uint16_t sequence_number, uint16_t status,
                                                 uint32_t config_major, uint32_t config_minor,
                                                 int64_t timestamp, uint16_t picoseconds);

/**
 * @brief Append a field holding a scalar of a fixed-size type to the last DataSetMessage.
 * @param m     the handle.
 * @param index field index, written only in delta frames.
 * @param type  Boolean..Double, DateTime, Guid or StatusCode.
 * @param value one value of the element type listed under #liion_ua_type; borrowed.
 * @return #LIION_OK, #LIION_E_INVALID_ARG, #LIION_E_STATE (no DataSetMessage, or a
 *         keep-alive), #LIION_E_RANGE (65535 fields) or #LIION_E_NOMEM.
 */
LIION_API liion_status liion_uadp_dsm_add_scalar(liion_uadp_msg *m, uint16_t index,
                                                 liion_ua_type type, const void *value);

/**
 * @brief Append a field holding a copy of a Variant to the last DataSetMessage.
 * With RawData encoding the Variant must be a non-null scalar (written without its mask byte).
 * @param m     the handle.
 * @param index field index, written only in delta frames.
 * @param var   the value; borrowed.
 * @return as liion_uadp_dsm_add_scalar(), plus #LIION_E_UNSUPPORTED (an array or a null
 *         Variant with RawData encoding).
 */
LIION_API liion_status liion_uadp_dsm_add_variant(liion_uadp_msg *m, uint16_t index,
                                                  const liion_ua_variant *var);

/**
 * @brief Append a field holding a copy of a DataValue to the last DataSetMessage. With
 * Variant or RawData encoding only its value is written.
 * @param m     the handle.
 * @param index field index, written only in delta frames.
 * @param dv    the value; borrowed.
 * @return as liion_uadp_dsm_add_variant().
 */
LIION_API liion_status liion_uadp_dsm_add_datavalue(liion_uadp_msg *m, uint16_t index,
                                                    const liion_ua_datavalue *dv);

/**
 * @brief Give the last added field DataValue parts (used with DataValue encoding).
 * @param m      the handle.
 * @param mask   `LIION_UA_DV_*` bits other than #LIION_UA_DV_VALUE (which is kept as it is).
 * @param status StatusCode. @param source_ts source timestamp ticks.
 * @param source_ps source picoseconds (10 ps units, clamped to 9999).
 * @param server_ts server timestamp ticks. @param server_ps server picoseconds (clamped).
 * @return #LIION_OK, #LIION_E_INVALID_ARG or #LIION_E_STATE (no field).
 */
LIION_API liion_status liion_uadp_field_set_dv(liion_uadp_msg *m, uint32_t mask, uint32_t status,
                                               int64_t source_ts, uint16_t source_ps,
                                               int64_t server_ts, uint16_t server_ps);

/* ---- DataSetMessages: accessors ----------------------------------------------------------- */

/** @brief DataSetWriterId of DataSetMessage @p i (0 when out of range or without PayloadHeader). */
LIION_API uint16_t liion_uadp_dsm_writer_id(const liion_uadp_msg *m, size_t i);
/** @brief `LIION_UADP_DSM_*` bits of DataSetMessage @p i (0 when out of range). */
LIION_API uint32_t liion_uadp_dsm_flags(const liion_uadp_msg *m, size_t i);
/** @brief Field encoding of DataSetMessage @p i (Variant when out of range). */
LIION_API liion_uadp_encoding liion_uadp_dsm_encoding(const liion_uadp_msg *m, size_t i);
/** @brief Type of DataSetMessage @p i (key frame when out of range). */
LIION_API liion_uadp_dsm_type liion_uadp_dsm_type_of(const liion_uadp_msg *m, size_t i);
/** @brief DataSetMessageSequenceNumber of @p i (0 when absent). */
LIION_API uint16_t liion_uadp_dsm_sequence_number(const liion_uadp_msg *m, size_t i);
/** @brief Status of @p i (high 16 bits of a StatusCode; 0 when absent). */
LIION_API uint16_t liion_uadp_dsm_status(const liion_uadp_msg *m, size_t i);
/** @brief ConfigurationVersion MajorVersion of @p i (0 when absent). */
LIION_API uint32_t liion_uadp_dsm_config_major(const liion_uadp_msg *m, size_t i);
/** @brief ConfigurationVersion MinorVersion of @p i (0 when absent). */
LIION_API uint32_t liion_uadp_dsm_config_minor(const liion_uadp_msg *m, size_t i);
/** @brief Timestamp of @p i in DateTime ticks (0 when absent). */
LIION_API int64_t liion_uadp_dsm_timestamp(const liion_uadp_msg *m, size_t i);
/** @brief PicoSeconds of @p i (0 when absent). */
LIION_API uint16_t liion_uadp_dsm_picoseconds(const liion_uadp_msg *m, size_t i);

/** @brief Number of decoded fields of @p i (0 for keep-alives and undecoded RawData). */
LIION_API size_t liion_uadp_dsm_field_count(const liion_uadp_msg *m, size_t i);
/** @brief Field index of field @p j of @p i (its position, except in delta frames). */
LIION_API uint16_t liion_uadp_dsm_field_index(const liion_uadp_msg *m, size_t i, size_t j);
/**
 * @brief Field @p j of DataSetMessage @p i as a Variant (the value of a DataValue field).
 * @return borrowed view valid until the next decode/reset/free; NULL when out of range.
 */
LIION_API const liion_ua_variant *liion_uadp_dsm_field_variant(const liion_uadp_msg *m, size_t i,
                                                               size_t j);
/**
 * @brief Field @p j of DataSetMessage @p i as a DataValue (a Variant or RawData field is a
 * DataValue holding only a value).
 * @return borrowed view valid until the next decode/reset/free; NULL when out of range.
 */
LIION_API const liion_ua_datavalue *liion_uadp_dsm_field_datavalue(const liion_uadp_msg *m,
                                                                   size_t i, size_t j);

/**
 * @brief The payload bytes of a RawData DataSetMessage as received.
 * @param m the handle. @param i DataSetMessage index.
 * @param[out] data the bytes; borrowed like a view (NULL when empty).
 * @param[out] len number of bytes.
 * @return #LIION_OK, #LIION_E_INVALID_ARG, #LIION_E_RANGE or #LIION_E_STATE (not RawData).
 */
LIION_API liion_status liion_uadp_dsm_raw(const liion_uadp_msg *m, size_t i, const uint8_t **data,
                                          size_t *len);

/**
 * @brief Decode the RawData payload of DataSetMessage @p i as @p n scalar fields of the given
 * built-in types (the DataSetMetaData); the fields are then read with the field accessors.
 * For key frames the payload must hold exactly the fields; for delta frames it holds a
 * FieldCount and (index, value) pairs whose types come from @p types by index.
 * @param m the handle. @param i DataSetMessage index.
 * @param types @p n built-in type ids; borrowed.
 * @param n number of fields in the metadata.
 * @return #LIION_OK, #LIION_E_INVALID_ARG, #LIION_E_RANGE, #LIION_E_STATE (not RawData),
 *         #LIION_E_TRUNCATED, #LIION_E_DECODE (bytes left over, index out of range),
 *         #LIION_E_LIMIT or #LIION_E_NOMEM. On error the message has no fields.
 */
LIION_API liion_status liion_uadp_dsm_decode_raw(liion_uadp_msg *m, size_t i,
                                                 const liion_ua_type *types, size_t n);

/** @} */

LIION_END_DECLS

#endif /* LIION_UADP_H */
