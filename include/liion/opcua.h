/**
 * @file liion/opcua.h
 * @brief OPC UA Binary (OPC 10000-6 §5.2): the 25 built-in types, Variant, DataValue,
 * DiagnosticInfo, DateTime conversions and StatusCode names.
 */
#ifndef LIION_OPCUA_H
#define LIION_OPCUA_H

#include <liion/common.h>
#include <liion/ctx.h>

LIION_BEGIN_DECLS

/**
 * @defgroup liion_opcua OPC UA Binary
 * @brief Encode and decode OPC UA Binary values into reusable, arena-backed handles.
 *
 * A #liion_ua_value is an owned container created from a context. It holds one value: either
 * decoded from bytes with liion_ua_value_decode() (any built-in type) or built with the
 * `liion_ua_value_set_*` functions (a Variant, optionally wrapped into a DataValue). Its
 * content is read through borrowed views (#liion_ua_variant, #liion_ua_datavalue,
 * #liion_ua_nodeid, ...) that stay valid until the next decode, set, reset or free of the
 * container. Every value lives in the container's arena: decoding message after message into
 * the same container does not touch the heap once the arena has grown to the message size.
 *
 * The root of a container is always seen as a Variant view (liion_ua_value_variant()): a
 * decoded bare Int32 is a scalar Int32 Variant view, a decoded DataValue is a scalar DataValue
 * Variant view, a decoded Variant is itself. liion_ua_value_type() tells which built-in type
 * the root was decoded as, and liion_ua_value_encode() writes it back in that form.
 *
 * Strings, byte strings and arrays are copied out of the input into the arena (one memcpy for
 * numeric arrays, which OPC UA Binary stores little-endian exactly as a little-endian host
 * does), so the input buffer is borrowed only during the decode call and array pointers are
 * always aligned for their element type.
 * @{
 */

/** Built-in type ids (Part 6 Table 1); also the low six bits of a Variant encoding mask. */
typedef enum liion_ua_type {
    LIION_UA_TYPE_NULL = 0,             /**< No value (an empty Variant). */
    LIION_UA_TYPE_BOOLEAN = 1,          /**< Boolean, element type `uint8_t` (0 or 1). */
    LIION_UA_TYPE_SBYTE = 2,            /**< SByte, `int8_t`. */
    LIION_UA_TYPE_BYTE = 3,             /**< Byte, `uint8_t`. */
    LIION_UA_TYPE_INT16 = 4,            /**< Int16, `int16_t`. */
    LIION_UA_TYPE_UINT16 = 5,           /**< UInt16, `uint16_t`. */
    LIION_UA_TYPE_INT32 = 6,            /**< Int32, `int32_t`. */
    LIION_UA_TYPE_UINT32 = 7,           /**< UInt32, `uint32_t`. */
    LIION_UA_TYPE_INT64 = 8,            /**< Int64, `int64_t`. */
    LIION_UA_TYPE_UINT64 = 9,           /**< UInt64, `uint64_t`. */
    LIION_UA_TYPE_FLOAT = 10,           /**< Float, `float` (IEEE-754 binary32). */
    LIION_UA_TYPE_DOUBLE = 11,          /**< Double, `double` (IEEE-754 binary64). */
    LIION_UA_TYPE_STRING = 12,          /**< String (UTF-8, may be null). */
    LIION_UA_TYPE_DATETIME = 13,        /**< DateTime, `int64_t` 100 ns ticks since 1601-01-01 UTC. */
    LIION_UA_TYPE_GUID = 14,            /**< Guid, 16 bytes in wire order. */
    LIION_UA_TYPE_BYTESTRING = 15,      /**< ByteString (may be null). */
    LIION_UA_TYPE_XMLELEMENT = 16,      /**< XmlElement (UTF-8 XML text, may be null). */
    LIION_UA_TYPE_NODEID = 17,          /**< NodeId. */
    LIION_UA_TYPE_EXPANDEDNODEID = 18,  /**< ExpandedNodeId. */
    LIION_UA_TYPE_STATUSCODE = 19,      /**< StatusCode, `uint32_t`. */
    LIION_UA_TYPE_QUALIFIEDNAME = 20,   /**< QualifiedName. */
    LIION_UA_TYPE_LOCALIZEDTEXT = 21,   /**< LocalizedText. */
    LIION_UA_TYPE_EXTENSIONOBJECT = 22, /**< ExtensionObject (body kept opaque). */
    LIION_UA_TYPE_DATAVALUE = 23,       /**< DataValue. */
    LIION_UA_TYPE_VARIANT = 24,         /**< Variant. */
    LIION_UA_TYPE_DIAGNOSTICINFO = 25,  /**< DiagnosticInfo. */
    LIION_UA_TYPE__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a type. */
} liion_ua_type;

/** Identifier type of a NodeId (the six wire encodings collapse to these four). */
typedef enum liion_ua_id_type {
    LIION_UA_ID_NUMERIC = 0,    /**< UInt32 identifier (TwoByte, FourByte and Numeric forms). */
    LIION_UA_ID_STRING = 1,     /**< String identifier. */
    LIION_UA_ID_GUID = 2,       /**< Guid identifier (16 bytes, wire order). */
    LIION_UA_ID_BYTESTRING = 3, /**< ByteString identifier. */
    LIION_UA_ID_TYPE__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not an id type. */
} liion_ua_id_type;

/** @name DataValue encoding mask bits (liion_ua_datavalue_mask())
 * @{ */
#define LIION_UA_DV_VALUE (1u << 0)             /**< Value (a Variant) present. */
#define LIION_UA_DV_STATUS (1u << 1)            /**< StatusCode present. */
#define LIION_UA_DV_SOURCE_TIMESTAMP (1u << 2)  /**< SourceTimestamp present. */
#define LIION_UA_DV_SERVER_TIMESTAMP (1u << 3)  /**< ServerTimestamp present. */
#define LIION_UA_DV_SOURCE_PICOSECONDS (1u << 4) /**< SourcePicoseconds present (only with the source timestamp). */
#define LIION_UA_DV_SERVER_PICOSECONDS (1u << 5) /**< ServerPicoseconds present (only with the server timestamp). */
/** @} */

/** @name DiagnosticInfo encoding mask bits (liion_ua_diaginfo_mask())
 * @{ */
#define LIION_UA_DI_SYMBOLIC_ID (1u << 0)     /**< SymbolicId present. */
#define LIION_UA_DI_NAMESPACE_URI (1u << 1)   /**< NamespaceUri index present. */
#define LIION_UA_DI_LOCALIZED_TEXT (1u << 2)  /**< LocalizedText index present. */
#define LIION_UA_DI_LOCALE (1u << 3)          /**< Locale index present. */
#define LIION_UA_DI_ADDITIONAL_INFO (1u << 4) /**< AdditionalInfo string present. */
#define LIION_UA_DI_INNER_STATUS (1u << 5)    /**< InnerStatusCode present. */
#define LIION_UA_DI_INNER_DIAG (1u << 6)      /**< InnerDiagnosticInfo present. */
/** @} */

/** @name ExtensionObject body encodings (liion_ua_extobj_encoding())
 * @{ */
#define LIION_UA_EXTOBJ_NOBODY 0u     /**< No body. */
#define LIION_UA_EXTOBJ_BYTESTRING 1u /**< Body is UA Binary bytes. */
#define LIION_UA_EXTOBJ_XML 2u        /**< Body is an XmlElement. */
/** @} */

/** DateTime ticks of 1970-01-01T00:00:00Z (100 ns units since 1601-01-01). */
#define LIION_UA_DATETIME_UNIX_EPOCH INT64_C(116444736000000000)
/** DateTime ticks of 9999-12-31T23:59:59Z; encoders write INT64_MAX at or past this. */
#define LIION_UA_DATETIME_MAX_TICKS INT64_C(2650467743990000000)

/** Owned container for one OPC UA value; create with liion_ua_value_new(). */
typedef struct liion_ua_value liion_ua_value;
/** Borrowed view of a Variant inside a container. */
typedef struct liion_ua_variant liion_ua_variant;
/** Borrowed view of a DataValue inside a container. */
typedef struct liion_ua_datavalue liion_ua_datavalue;
/** Borrowed view of a NodeId inside a container. */
typedef struct liion_ua_nodeid liion_ua_nodeid;
/** Borrowed view of an ExpandedNodeId inside a container. */
typedef struct liion_ua_expandednodeid liion_ua_expandednodeid;
/** Borrowed view of an ExtensionObject inside a container. */
typedef struct liion_ua_extobj liion_ua_extobj;
/** Borrowed view of a DiagnosticInfo inside a container. */
typedef struct liion_ua_diaginfo liion_ua_diaginfo;

/* ---- container --------------------------------------------------------------------------- */

/**
 * @brief Create an empty container (a null Variant). Allocates only the handle.
 * @param[out] out the container; caller owns it, free with liion_ua_value_free(). NULL on failure.
 * @param      ctx the context; borrowed, must outlive the container.
 * @return #LIION_OK, #LIION_E_INVALID_ARG, #LIION_E_MISUSE or #LIION_E_NOMEM.
 */
LIION_API liion_status liion_ua_value_new(liion_ua_value **out, liion_ctx *ctx);

/** @brief Free a container and everything in it. NULL is a no-op. */
LIION_API void liion_ua_value_free(liion_ua_value *v);

/**
 * @brief Empty the container (a null Variant) but keep its memory for the next value.
 * Every view obtained from it becomes invalid. NULL is a no-op.
 */
LIION_API void liion_ua_value_reset(liion_ua_value *v);

/**
 * @brief Decode one value of built-in type @p type from @p data into the container.
 *
 * Whatever the container held is dropped first. On error the container is left empty (a null
 * Variant) and the context holds the message and the byte offset. Trailing bytes are not an
 * error: @p consumed says how many were used.
 *
 * @param v        the container.
 * @param type     built-in type to decode, 1..25.
 * @param data     the input; borrowed for the call only (everything kept is copied).
 * @param len      bytes in @p data.
 * @param[out] consumed bytes used (may be NULL).
 * @return #LIION_OK; #LIION_E_TRUNCATED (input too short); #LIION_E_DECODE (malformed: bad
 *         encoding byte, bad mask, type id 26..63, Variant directly in Variant, bad array
 *         dimensions); #LIION_E_LIMIT (depth, items, string or message-bytes limit of the
 *         context); #LIION_E_NOMEM; #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_ua_value_decode(liion_ua_value *v, liion_ua_type type,
                                             const uint8_t *data, size_t len, size_t *consumed);

/**
 * @brief Encode the container's value in its root type (see liion_ua_value_type()).
 *
 * @param v   the container.
 * @param buf output buffer (may be NULL when @p cap is 0); borrowed for the call.
 * @param cap bytes available in @p buf.
 * @param[out] written bytes written; on #LIION_E_BUFFER_TOO_SMALL the size needed.
 * @return #LIION_OK, #LIION_E_BUFFER_TOO_SMALL or #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_ua_value_encode(liion_ua_value *v, uint8_t *buf, size_t cap,
                                             size_t *written);

/**
 * @brief Exact number of bytes liion_ua_value_encode() will write.
 * @param v the container.
 * @param[out] size the size.
 * @return #LIION_OK or #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_ua_value_encoded_size(liion_ua_value *v, size_t *size);

/**
 * @brief Built-in type the root is encoded as: the type given to liion_ua_value_decode(),
 * #LIION_UA_TYPE_VARIANT after a `set` of a Variant, #LIION_UA_TYPE_DATAVALUE after
 * liion_ua_value_set_datavalue(). #LIION_UA_TYPE_NULL for NULL.
 */
LIION_API liion_ua_type liion_ua_value_type(const liion_ua_value *v);

/**
 * @brief The root as a Variant view.
 * @return borrowed, valid until the next decode/set/reset/free of @p v; NULL for a NULL @p v.
 */
LIION_API const liion_ua_variant *liion_ua_value_variant(const liion_ua_value *v);

/* ---- builders ---------------------------------------------------------------------------- */

/**
 * @brief Set the root to a scalar Variant of a fixed-size type.
 *
 * @param v     the container.
 * @param type  Boolean (`uint8_t`, nonzero is true), SByte..Double, DateTime (`int64_t`),
 *              StatusCode (`uint32_t`) or Guid (16 bytes in wire order).
 * @param value points to one value of the element type listed under #liion_ua_type; borrowed.
 * @return #LIION_OK, #LIION_E_INVALID_ARG (NULL, or a type that is not fixed-size) or #LIION_E_NOMEM.
 */
LIION_API liion_status liion_ua_value_set_scalar(liion_ua_value *v, liion_ua_type type,
                                                 const void *value);

/**
 * @brief Set the root to an array Variant of a fixed-size type, copied with one memcpy.
 *
 * @param v     the container.
 * @param type  as for liion_ua_value_set_scalar().
 * @param data  @p count elements of the element type; borrowed. NULL with @p count 0 makes a
 *              null array (length -1 on the wire); non-NULL with 0 makes an empty array.
 * @param count number of elements (at most INT32_MAX).
 * @param dims  array dimensions (higher rank first), or NULL; borrowed. Their product must
 *              equal @p count.
 * @param ndims number of dimensions; 0 or 1 writes no ArrayDimensions field.
 * @return #LIION_OK, #LIION_E_INVALID_ARG, #LIION_E_RANGE (count or dimensions) or #LIION_E_NOMEM.
 */
LIION_API liion_status liion_ua_value_set_array(liion_ua_value *v, liion_ua_type type,
                                                const void *data, size_t count,
                                                const uint32_t *dims, size_t ndims);

/**
 * @brief Set the root to a scalar String, ByteString or XmlElement Variant (copied).
 * @param v    the container.
 * @param type #LIION_UA_TYPE_STRING, #LIION_UA_TYPE_BYTESTRING or #LIION_UA_TYPE_XMLELEMENT.
 * @param data the bytes, or NULL for a null string; borrowed.
 * @param len  number of bytes (at most INT32_MAX).
 * @return #LIION_OK, #LIION_E_INVALID_ARG, #LIION_E_RANGE or #LIION_E_NOMEM.
 */
LIION_API liion_status liion_ua_value_set_bytes(liion_ua_value *v, liion_ua_type type,
                                                const uint8_t *data, size_t len);

/**
 * @brief Set the root to an array of String, ByteString or XmlElement (each copied).
 * @param v     the container.
 * @param type  as for liion_ua_value_set_bytes().
 * @param datas @p count pointers (an entry NULL is a null string); borrowed.
 * @param lens  @p count lengths; borrowed.
 * @param count number of elements (at most INT32_MAX).
 * @return #LIION_OK, #LIION_E_INVALID_ARG, #LIION_E_RANGE or #LIION_E_NOMEM.
 */
LIION_API liion_status liion_ua_value_set_bytes_array(liion_ua_value *v, liion_ua_type type,
                                                      const uint8_t *const *datas,
                                                      const size_t *lens, size_t count);

/**
 * @brief Set the root to a scalar NodeId Variant.
 * @param v       the container.
 * @param ns      namespace index.
 * @param id_type identifier type.
 * @param numeric identifier for #LIION_UA_ID_NUMERIC (ignored otherwise).
 * @param bytes   identifier bytes for the other types (16 wire-order bytes for a Guid); borrowed.
 * @param len     bytes in @p bytes (16 for a Guid).
 * @return #LIION_OK, #LIION_E_INVALID_ARG, #LIION_E_RANGE or #LIION_E_NOMEM.
 */
LIION_API liion_status liion_ua_value_set_nodeid(liion_ua_value *v, uint16_t ns,
                                                 liion_ua_id_type id_type, uint32_t numeric,
                                                 const uint8_t *bytes, size_t len);

/**
 * @brief Turn the root into an ExpandedNodeId Variant: the NodeId set last by
 * liion_ua_value_set_nodeid() plus a namespace URI and a server index.
 * @param v      the container; its root must be a scalar NodeId Variant.
 * @param uri    namespace URI bytes, or NULL for none (flag 0x80 clear); borrowed.
 * @param len    bytes in @p uri.
 * @param server_index server index; 0 writes no ServerIndex (flag 0x40 clear).
 * @return #LIION_OK, #LIION_E_INVALID_ARG, #LIION_E_STATE (root is not a NodeId) or #LIION_E_NOMEM.
 */
LIION_API liion_status liion_ua_value_set_expand(liion_ua_value *v, const uint8_t *uri,
                                                 size_t len, uint32_t server_index);

/**
 * @brief Set the root to a scalar QualifiedName Variant.
 * @param v    the container.
 * @param ns   namespace index.
 * @param name name bytes, or NULL for a null name; borrowed.
 * @param len  bytes in @p name.
 * @return #LIION_OK, #LIION_E_INVALID_ARG, #LIION_E_RANGE or #LIION_E_NOMEM.
 */
LIION_API liion_status liion_ua_value_set_qualifiedname(liion_ua_value *v, uint16_t ns,
                                                        const uint8_t *name, size_t len);

/**
 * @brief Set the root to a scalar LocalizedText Variant.
 * @param v      the container.
 * @param locale locale bytes, or NULL to leave the locale out; borrowed.
 * @param llen   bytes in @p locale.
 * @param text   text bytes, or NULL to leave the text out; borrowed.
 * @param tlen   bytes in @p text.
 * @return #LIION_OK, #LIION_E_INVALID_ARG, #LIION_E_RANGE or #LIION_E_NOMEM.
 */
LIION_API liion_status liion_ua_value_set_localizedtext(liion_ua_value *v, const uint8_t *locale,
                                                        size_t llen, const uint8_t *text,
                                                        size_t tlen);

/**
 * @brief Set the root to a scalar ExtensionObject Variant with a numeric type id.
 * @param v        the container.
 * @param ns       namespace index of the DataTypeEncoding node.
 * @param type_id  numeric identifier of the DataTypeEncoding node.
 * @param encoding #LIION_UA_EXTOBJ_NOBODY, #LIION_UA_EXTOBJ_BYTESTRING or #LIION_UA_EXTOBJ_XML.
 * @param body     body bytes (ignored for no body); borrowed.
 * @param len      bytes in @p body.
 * @return #LIION_OK, #LIION_E_INVALID_ARG, #LIION_E_RANGE or #LIION_E_NOMEM.
 */
LIION_API liion_status liion_ua_value_set_extobj(liion_ua_value *v, uint16_t ns, uint32_t type_id,
                                                 uint32_t encoding, const uint8_t *body,
                                                 size_t len);

/**
 * @brief Wrap the current root Variant into a DataValue; the root type becomes DataValue.
 *
 * @param v      the container; its root must be a Variant (set or decoded as one).
 * @param mask   `LIION_UA_DV_*` bits of the fields to write. Without #LIION_UA_DV_VALUE the
 *               Variant is dropped. Picosecond bits without their timestamp bit are cleared.
 * @param status StatusCode (used with #LIION_UA_DV_STATUS).
 * @param source_ts source timestamp, DateTime ticks.
 * @param source_ps source picoseconds in 10 ps units; values over 9999 are stored as 9999.
 * @param server_ts server timestamp, DateTime ticks.
 * @param server_ps server picoseconds in 10 ps units; clamped like @p source_ps.
 * @return #LIION_OK, #LIION_E_INVALID_ARG (unknown mask bits) or #LIION_E_STATE (root is not a Variant).
 */
LIION_API liion_status liion_ua_value_set_datavalue(liion_ua_value *v, uint32_t mask,
                                                    uint32_t status, int64_t source_ts,
                                                    uint16_t source_ps, int64_t server_ts,
                                                    uint16_t server_ps);

/* ---- DiagnosticInfo builder --------------------------------------------------------------- */

/**
 * @brief Set the root to a bare DiagnosticInfo (liion_ua_value_type() becomes
 * #LIION_UA_TYPE_DIAGNOSTICINFO; liion_ua_value_wrap_variant() puts it in a Variant).
 *
 * Only the fields whose bit is in @p mask are written; the others are ignored. Nest inner
 * levels with liion_ua_value_add_inner_diaginfo().
 *
 * @param v               the container.
 * @param mask            `LIION_UA_DI_*` bits 0x01..0x20 (#LIION_UA_DI_INNER_DIAG is set by
 *                        liion_ua_value_add_inner_diaginfo(), not here).
 * @param symbolic_id     SymbolicId (index into the string table).
 * @param namespace_uri   NamespaceUri index.
 * @param localized_text  LocalizedText index.
 * @param locale          Locale index.
 * @param additional_info AdditionalInfo bytes (copied), NULL for a null string; borrowed.
 * @param ai_len          bytes in @p additional_info.
 * @param inner_status    InnerStatusCode.
 * @return #LIION_OK, #LIION_E_INVALID_ARG (unknown mask bits), #LIION_E_RANGE or #LIION_E_NOMEM.
 */
LIION_API liion_status liion_ua_value_set_diaginfo(liion_ua_value *v, uint32_t mask,
                                                   int32_t symbolic_id, int32_t namespace_uri,
                                                   int32_t localized_text, int32_t locale,
                                                   const uint8_t *additional_info, size_t ai_len,
                                                   uint32_t inner_status);

/**
 * @brief Append one InnerDiagnosticInfo level below the innermost level of the DiagnosticInfo
 * root, setting #LIION_UA_DI_INNER_DIAG on its parent. Parameters as for
 * liion_ua_value_set_diaginfo().
 *
 * The chain may not get deeper than the context's #LIION_LIMIT_MAX_DEPTH (and 1024), counted
 * as the decoder counts it (one per DiagnosticInfo, one more when the root is a Variant), so a
 * value built here always decodes under the same limits. On failure the chain is unchanged.
 *
 * @param v the container; its root must be a scalar DiagnosticInfo (bare or in a Variant).
 * @param mask as for liion_ua_value_set_diaginfo(). @param symbolic_id SymbolicId.
 * @param namespace_uri NamespaceUri index. @param localized_text LocalizedText index.
 * @param locale Locale index. @param additional_info AdditionalInfo (copied) or NULL; borrowed.
 * @param ai_len bytes in @p additional_info. @param inner_status InnerStatusCode.
 * @return #LIION_OK, #LIION_E_INVALID_ARG, #LIION_E_STATE (root is not a DiagnosticInfo),
 *         #LIION_E_LIMIT (depth), #LIION_E_RANGE or #LIION_E_NOMEM.
 */
LIION_API liion_status liion_ua_value_add_inner_diaginfo(liion_ua_value *v, uint32_t mask,
                                                         int32_t symbolic_id,
                                                         int32_t namespace_uri,
                                                         int32_t localized_text, int32_t locale,
                                                         const uint8_t *additional_info,
                                                         size_t ai_len, uint32_t inner_status);

/**
 * @brief Turn a bare root (a DataValue, a DiagnosticInfo, or any value decoded as a bare
 * built-in type) into a scalar Variant holding it: liion_ua_value_type() becomes
 * #LIION_UA_TYPE_VARIANT and liion_ua_value_encode() writes the Variant.
 * @param v the container.
 * @return #LIION_OK, #LIION_E_STATE (the root already is a Variant) or #LIION_E_NOMEM.
 */
LIION_API liion_status liion_ua_value_wrap_variant(liion_ua_value *v);

/* ---- Arrays of structured types, element by element --------------------------------------- */

/**
 * @brief Set the root to an array of @p count elements of a variable-size type (String,
 * ByteString, XmlElement, NodeId, ExpandedNodeId, QualifiedName, LocalizedText,
 * ExtensionObject, DataValue, Variant, DiagnosticInfo), every element starting as that type's
 * null value (null string, null NodeId ns=0;i=0, empty LocalizedText, ExtensionObject without
 * body, empty DataValue, null Variant, empty DiagnosticInfo). Fill the elements with the
 * `liion_ua_value_set_elem_*()` functions, in any order; the array can be encoded at any time.
 * Fixed-size types use liion_ua_value_set_array().
 * @param v     the container.
 * @param type  the element type.
 * @param count number of elements (at most INT32_MAX); 0 gives an empty (not null) array.
 * @return #LIION_OK, #LIION_E_INVALID_ARG (type), #LIION_E_RANGE or #LIION_E_NOMEM.
 */
LIION_API liion_status liion_ua_value_set_array_begin(liion_ua_value *v, liion_ua_type type,
                                                      size_t count);

/**
 * @brief Set element @p i of a String, ByteString or XmlElement array started with
 * liion_ua_value_set_array_begin().
 * @param v the container. @param i element index.
 * @param data the bytes (copied), NULL for a null string; borrowed. @param len bytes in @p data.
 * @return #LIION_OK, #LIION_E_STATE (no such array), #LIION_E_RANGE (index or length) or
 *         #LIION_E_NOMEM. On failure the element is unchanged.
 */
LIION_API liion_status liion_ua_value_set_elem_bytes(liion_ua_value *v, size_t i,
                                                     const uint8_t *data, size_t len);

/**
 * @brief Set element @p i of a NodeId array, or the NodeId part of an ExpandedNodeId array
 * element (which then has no URI and no server index until liion_ua_value_set_elem_expand()).
 * @param v the container. @param i element index. @param ns namespace index.
 * @param id_type identifier type. @param numeric identifier for #LIION_UA_ID_NUMERIC.
 * @param bytes identifier bytes for the other types (16 for a Guid), copied; borrowed.
 * @param len bytes in @p bytes.
 * @return #LIION_OK, #LIION_E_INVALID_ARG, #LIION_E_STATE, #LIION_E_RANGE or #LIION_E_NOMEM.
 */
LIION_API liion_status liion_ua_value_set_elem_nodeid(liion_ua_value *v, size_t i, uint16_t ns,
                                                      liion_ua_id_type id_type, uint32_t numeric,
                                                      const uint8_t *bytes, size_t len);

/**
 * @brief Set the namespace URI and server index of element @p i of an ExpandedNodeId array.
 * @param v the container. @param i element index.
 * @param uri namespace URI (copied), NULL for none (flag 0x80 clear); borrowed.
 * @param len bytes in @p uri. @param server_index server index; 0 writes none (flag 0x40 clear).
 * @return #LIION_OK, #LIION_E_STATE, #LIION_E_RANGE or #LIION_E_NOMEM.
 */
LIION_API liion_status liion_ua_value_set_elem_expand(liion_ua_value *v, size_t i,
                                                      const uint8_t *uri, size_t len,
                                                      uint32_t server_index);

/**
 * @brief Set element @p i of a QualifiedName array.
 * @param v the container. @param i element index. @param ns namespace index.
 * @param name name bytes (copied), NULL for a null name; borrowed. @param len bytes in @p name.
 * @return #LIION_OK, #LIION_E_STATE, #LIION_E_RANGE or #LIION_E_NOMEM.
 */
LIION_API liion_status liion_ua_value_set_elem_qualifiedname(liion_ua_value *v, size_t i,
                                                             uint16_t ns, const uint8_t *name,
                                                             size_t len);

/**
 * @brief Set element @p i of a LocalizedText array.
 * @param v the container. @param i element index.
 * @param locale locale bytes (copied), NULL to leave it out; borrowed. @param llen its length.
 * @param text text bytes (copied), NULL to leave it out; borrowed. @param tlen its length.
 * @return #LIION_OK, #LIION_E_STATE, #LIION_E_RANGE or #LIION_E_NOMEM.
 */
LIION_API liion_status liion_ua_value_set_elem_localizedtext(liion_ua_value *v, size_t i,
                                                             const uint8_t *locale, size_t llen,
                                                             const uint8_t *text, size_t tlen);

/**
 * @brief Set element @p i of an ExtensionObject array (numeric type id, opaque body).
 * @param v the container. @param i element index.
 * @param ns namespace index of the DataTypeEncoding node. @param type_id its numeric id.
 * @param encoding #LIION_UA_EXTOBJ_NOBODY, #LIION_UA_EXTOBJ_BYTESTRING or #LIION_UA_EXTOBJ_XML.
 * @param body body bytes (copied; ignored without a body); borrowed. @param len bytes in @p body.
 * @return #LIION_OK, #LIION_E_INVALID_ARG, #LIION_E_STATE, #LIION_E_RANGE or #LIION_E_NOMEM.
 */
LIION_API liion_status liion_ua_value_set_elem_extobj(liion_ua_value *v, size_t i, uint16_t ns,
                                                      uint32_t type_id, uint32_t encoding,
                                                      const uint8_t *body, size_t len);

/**
 * @brief Set element @p i of any array started with liion_ua_value_set_array_begin() to a deep
 * copy of the value held by another container: for a Variant array, @p src's root Variant
 * (liion_ua_value_type() #LIION_UA_TYPE_VARIANT); for every other element type, @p src's root
 * must be a scalar of that type (a DataValue or DiagnosticInfo root, built or decoded, or a
 * NodeId, ExpandedNodeId, ... set with the scalar builders). This is how DataValue[],
 * Variant[], DiagnosticInfo[] and ExpandedNodeId[] elements are built.
 *
 * The copy goes through the codec (encode into a temporary heap buffer, decode into this
 * container's arena), so the context's limits apply and the element counts one nesting level.
 * @param v   the container (destination).
 * @param i   element index.
 * @param src the source container; borrowed, unchanged, may be freed afterwards. Not @p v.
 * @return #LIION_OK, #LIION_E_INVALID_ARG, #LIION_E_STATE (no such array, or @p src holds
 *         another type), #LIION_E_RANGE, #LIION_E_LIMIT or #LIION_E_NOMEM. On failure the
 *         element is unchanged.
 */
LIION_API liion_status liion_ua_value_set_elem_value(liion_ua_value *v, size_t i,
                                                     const liion_ua_value *src);

/* ---- Variant views ----------------------------------------------------------------------- */

/** @brief Built-in type of the Variant's value(s); #LIION_UA_TYPE_NULL for a null Variant or NULL. */
LIION_API liion_ua_type liion_ua_variant_type(const liion_ua_variant *var);

/**
 * @brief The type id the Variant carries in its encoding mask: the same as
 * liion_ua_variant_type(), except for the unassigned ids 26..31, which Part 6 §5.2.2.16 asks
 * decoders to accept as a ByteString (or ByteString array): such a Variant has type
 * #LIION_UA_TYPE_BYTESTRING, this function returns 26..31 and re-encoding writes it back.
 * 0 for a null Variant or NULL.
 */
LIION_API uint32_t liion_ua_variant_type_id(const liion_ua_variant *var);

/** @brief 1 if the Variant holds an array (possibly null or empty), 0 for a scalar or NULL. */
LIION_API int liion_ua_variant_is_array(const liion_ua_variant *var);

/** @brief 1 if the Variant holds a null array (wire length -1), else 0. */
LIION_API int liion_ua_variant_is_null_array(const liion_ua_variant *var);

/** @brief Number of elements: 1 for a scalar, 0 for a null Variant, a null array or NULL. */
LIION_API size_t liion_ua_variant_length(const liion_ua_variant *var);

/** @brief Number of ArrayDimensions on the wire (0 when the field is absent). */
LIION_API size_t liion_ua_variant_ndims(const liion_ua_variant *var);

/** @brief Dimension @p i (higher rank first); 0 when out of range. */
LIION_API uint32_t liion_ua_variant_dim(const liion_ua_variant *var, size_t i);

/**
 * @brief Zero-copy access to the elements of a fixed-size type (Boolean..Double, DateTime,
 * StatusCode: the C element type listed under #liion_ua_type; Guid: 16 bytes each).
 *
 * @param var the view.
 * @param[out] data pointer to the first element, aligned for its type; borrowed, valid as long
 *             as the view. NULL for a null array. A scalar is a one-element array.
 * @param[out] count number of elements.
 * @return #LIION_OK, #LIION_E_INVALID_ARG or #LIION_E_STATE (not a fixed-size type).
 */
LIION_API liion_status liion_ua_variant_array_data(const liion_ua_variant *var, const void **data,
                                                   size_t *count);

/**
 * @brief Element @p i as a signed integer: Boolean, SByte..Int64, UInt64 up to INT64_MAX,
 * DateTime, StatusCode.
 * @param var the view. @param i element index. @param[out] out the value.
 * @return #LIION_OK, #LIION_E_INVALID_ARG, #LIION_E_RANGE (index, or a UInt64 too large) or
 *         #LIION_E_STATE (not an integer type).
 */
LIION_API liion_status liion_ua_variant_get_int64(const liion_ua_variant *var, size_t i,
                                                  int64_t *out);

/**
 * @brief Element @p i as an unsigned integer: Boolean, Byte..UInt64, nonnegative signed
 * values, DateTime, StatusCode.
 * @param var the view. @param i element index. @param[out] out the value.
 * @return #LIION_OK, #LIION_E_INVALID_ARG, #LIION_E_RANGE or #LIION_E_STATE.
 */
LIION_API liion_status liion_ua_variant_get_uint64(const liion_ua_variant *var, size_t i,
                                                   uint64_t *out);

/**
 * @brief Element @p i as a double: Float, Double, and every integer type (converted).
 * @param var the view. @param i element index. @param[out] out the value.
 * @return #LIION_OK, #LIION_E_INVALID_ARG, #LIION_E_RANGE or #LIION_E_STATE.
 */
LIION_API liion_status liion_ua_variant_get_double(const liion_ua_variant *var, size_t i,
                                                   double *out);

/**
 * @brief Element @p i of a String, ByteString or XmlElement Variant.
 * @param var the view. @param i element index.
 * @param[out] data the bytes, followed by a NUL that is not counted; NULL for a null string
 *             (an empty string gives a non-NULL pointer). Borrowed, valid as long as the view.
 * @param[out] len number of bytes.
 * @return #LIION_OK, #LIION_E_INVALID_ARG, #LIION_E_RANGE or #LIION_E_STATE.
 */
LIION_API liion_status liion_ua_variant_get_bytes(const liion_ua_variant *var, size_t i,
                                                  const uint8_t **data, size_t *len);

/**
 * @brief Element @p i of a Guid Variant as its 16 wire-order bytes.
 * @param var the view. @param i element index. @param[out] out 16 bytes.
 * @return #LIION_OK, #LIION_E_INVALID_ARG, #LIION_E_RANGE or #LIION_E_STATE.
 */
LIION_API liion_status liion_ua_variant_get_guid(const liion_ua_variant *var, size_t i,
                                                 uint8_t *out);

/**
 * @brief Element @p i of a NodeId Variant, or the NodeId part of an ExpandedNodeId element.
 * @param var the view. @param i element index.
 * @param[out] out borrowed view, valid as long as @p var.
 * @return #LIION_OK, #LIION_E_INVALID_ARG, #LIION_E_RANGE or #LIION_E_STATE.
 */
LIION_API liion_status liion_ua_variant_get_nodeid(const liion_ua_variant *var, size_t i,
                                                   const liion_ua_nodeid **out);

/**
 * @brief Element @p i of an ExpandedNodeId Variant.
 * @param var the view. @param i element index.
 * @param[out] out borrowed view, valid as long as @p var.
 * @return #LIION_OK, #LIION_E_INVALID_ARG, #LIION_E_RANGE or #LIION_E_STATE.
 */
LIION_API liion_status liion_ua_variant_get_expandednodeid(const liion_ua_variant *var, size_t i,
                                                           const liion_ua_expandednodeid **out);

/**
 * @brief Element @p i of a QualifiedName Variant.
 * @param var the view. @param i element index.
 * @param[out] ns namespace index.
 * @param[out] name name bytes (NUL follows), NULL for a null name; borrowed like the view.
 * @param[out] len bytes in @p name.
 * @return #LIION_OK, #LIION_E_INVALID_ARG, #LIION_E_RANGE or #LIION_E_STATE.
 */
LIION_API liion_status liion_ua_variant_get_qualifiedname(const liion_ua_variant *var, size_t i,
                                                          uint16_t *ns, const uint8_t **name,
                                                          size_t *len);

/**
 * @brief Element @p i of a LocalizedText Variant.
 * @param var the view. @param i element index.
 * @param[out] locale locale bytes, NULL when absent or null; borrowed like the view.
 * @param[out] llen bytes in @p locale.
 * @param[out] text text bytes, NULL when absent or null; borrowed like the view.
 * @param[out] tlen bytes in @p text.
 * @return #LIION_OK, #LIION_E_INVALID_ARG, #LIION_E_RANGE or #LIION_E_STATE.
 */
LIION_API liion_status liion_ua_variant_get_localizedtext(const liion_ua_variant *var, size_t i,
                                                          const uint8_t **locale, size_t *llen,
                                                          const uint8_t **text, size_t *tlen);

/**
 * @brief Element @p i of an ExtensionObject Variant.
 * @param var the view. @param i element index. @param[out] out borrowed view.
 * @return #LIION_OK, #LIION_E_INVALID_ARG, #LIION_E_RANGE or #LIION_E_STATE.
 */
LIION_API liion_status liion_ua_variant_get_extobj(const liion_ua_variant *var, size_t i,
                                                   const liion_ua_extobj **out);

/**
 * @brief Element @p i of a DataValue Variant (or the root of a decoded DataValue).
 * @param var the view. @param i element index. @param[out] out borrowed view.
 * @return #LIION_OK, #LIION_E_INVALID_ARG, #LIION_E_RANGE or #LIION_E_STATE.
 */
LIION_API liion_status liion_ua_variant_get_datavalue(const liion_ua_variant *var, size_t i,
                                                      const liion_ua_datavalue **out);

/**
 * @brief Element @p i of a Variant array (a Variant cannot hold a scalar Variant).
 * @param var the view. @param i element index. @param[out] out borrowed view.
 * @return #LIION_OK, #LIION_E_INVALID_ARG, #LIION_E_RANGE or #LIION_E_STATE.
 */
LIION_API liion_status liion_ua_variant_get_variant(const liion_ua_variant *var, size_t i,
                                                    const liion_ua_variant **out);

/**
 * @brief Element @p i of a DiagnosticInfo Variant.
 * @param var the view. @param i element index. @param[out] out borrowed view.
 * @return #LIION_OK, #LIION_E_INVALID_ARG, #LIION_E_RANGE or #LIION_E_STATE.
 */
LIION_API liion_status liion_ua_variant_get_diaginfo(const liion_ua_variant *var, size_t i,
                                                     const liion_ua_diaginfo **out);

/* ---- NodeId / ExpandedNodeId / ExtensionObject views -------------------------------------- */

/** @brief Namespace index of @p id (0 for NULL). */
LIION_API uint16_t liion_ua_nodeid_ns(const liion_ua_nodeid *id);
/** @brief Identifier type of @p id (#LIION_UA_ID_NUMERIC for NULL). */
LIION_API liion_ua_id_type liion_ua_nodeid_id_type(const liion_ua_nodeid *id);
/** @brief Numeric identifier of @p id (0 when it is not numeric or NULL). */
LIION_API uint32_t liion_ua_nodeid_numeric(const liion_ua_nodeid *id);
/**
 * @brief Identifier bytes of a String, ByteString or Guid (16 wire-order bytes) NodeId.
 * @param id the view.
 * @param[out] data the bytes (NUL follows a string); NULL for a null string/byte string or a
 *             numeric NodeId; borrowed like the view.
 * @param[out] len number of bytes.
 * @return #LIION_OK or #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_ua_nodeid_bytes(const liion_ua_nodeid *id, const uint8_t **data,
                                             size_t *len);

/** @brief The NodeId part of an ExpandedNodeId; borrowed like @p e. NULL for NULL. */
LIION_API const liion_ua_nodeid *liion_ua_expandednodeid_nodeid(const liion_ua_expandednodeid *e);
/**
 * @brief Namespace URI of an ExpandedNodeId.
 * @param e the view.
 * @param[out] data URI bytes, NULL when absent (or null); borrowed like the view.
 * @param[out] len bytes in @p data.
 * @return #LIION_OK or #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_ua_expandednodeid_uri(const liion_ua_expandednodeid *e,
                                                   const uint8_t **data, size_t *len);
/** @brief Server index of an ExpandedNodeId (0 when absent or NULL). */
LIION_API uint32_t liion_ua_expandednodeid_server_index(const liion_ua_expandednodeid *e);

/** @brief TypeId (the DataTypeEncoding NodeId) of an ExtensionObject; borrowed like @p eo. */
LIION_API const liion_ua_nodeid *liion_ua_extobj_type_id(const liion_ua_extobj *eo);
/** @brief Body encoding: `LIION_UA_EXTOBJ_*` (0 for NULL). */
LIION_API uint32_t liion_ua_extobj_encoding(const liion_ua_extobj *eo);
/**
 * @brief Opaque body of an ExtensionObject.
 * @param eo the view.
 * @param[out] data body bytes; NULL for no body or a null body; borrowed like the view.
 * @param[out] len bytes in @p data.
 * @return #LIION_OK or #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_ua_extobj_body(const liion_ua_extobj *eo, const uint8_t **data,
                                            size_t *len);

/* ---- DataValue views ---------------------------------------------------------------------- */

/** @brief `LIION_UA_DV_*` bits of the fields present (0 for NULL). */
LIION_API uint32_t liion_ua_datavalue_mask(const liion_ua_datavalue *dv);
/** @brief The Value; borrowed like @p dv. NULL when absent. */
LIION_API const liion_ua_variant *liion_ua_datavalue_value(const liion_ua_datavalue *dv);
/** @brief StatusCode (0, Good, when absent). */
LIION_API uint32_t liion_ua_datavalue_status(const liion_ua_datavalue *dv);
/** @brief SourceTimestamp in DateTime ticks (0 when absent). */
LIION_API int64_t liion_ua_datavalue_source_timestamp(const liion_ua_datavalue *dv);
/** @brief SourcePicoseconds in 10 ps units, 0..9999 (0 when absent). */
LIION_API uint16_t liion_ua_datavalue_source_picoseconds(const liion_ua_datavalue *dv);
/** @brief ServerTimestamp in DateTime ticks (0 when absent). */
LIION_API int64_t liion_ua_datavalue_server_timestamp(const liion_ua_datavalue *dv);
/** @brief ServerPicoseconds in 10 ps units, 0..9999 (0 when absent). */
LIION_API uint16_t liion_ua_datavalue_server_picoseconds(const liion_ua_datavalue *dv);

/* ---- DiagnosticInfo views ----------------------------------------------------------------- */

/** @brief `LIION_UA_DI_*` bits of the fields present (0 for NULL). */
LIION_API uint32_t liion_ua_diaginfo_mask(const liion_ua_diaginfo *di);
/**
 * @brief One Int32 field of a DiagnosticInfo.
 * @param di    the view.
 * @param field #LIION_UA_DI_SYMBOLIC_ID, #LIION_UA_DI_NAMESPACE_URI, #LIION_UA_DI_LOCALE or
 *              #LIION_UA_DI_LOCALIZED_TEXT.
 * @return the value, or -1 when absent, unknown or NULL.
 */
LIION_API int32_t liion_ua_diaginfo_index(const liion_ua_diaginfo *di, uint32_t field);
/**
 * @brief AdditionalInfo string.
 * @param di the view.
 * @param[out] data bytes, NULL when absent or null; borrowed like the view.
 * @param[out] len bytes in @p data.
 * @return #LIION_OK or #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_ua_diaginfo_additional_info(const liion_ua_diaginfo *di,
                                                         const uint8_t **data, size_t *len);
/** @brief InnerStatusCode (0 when absent). */
LIION_API uint32_t liion_ua_diaginfo_inner_status(const liion_ua_diaginfo *di);
/** @brief InnerDiagnosticInfo; borrowed like @p di. NULL when absent. */
LIION_API const liion_ua_diaginfo *liion_ua_diaginfo_inner(const liion_ua_diaginfo *di);

/* ---- DateTime and StatusCode helpers ------------------------------------------------------ */

/**
 * @brief DateTime ticks from nanoseconds since 1970-01-01 UTC, with the encoder's clamping:
 * instants at or before 1601-01-01 give 0, instants at or after 9999-12-31T23:59:59Z give
 * INT64_MAX. Sub-100 ns remainders are truncated toward the past.
 */
LIION_API int64_t liion_ua_datetime_from_unix_ns(int64_t unix_ns);
/** @brief As liion_ua_datetime_from_unix_ns(), from microseconds since 1970. */
LIION_API int64_t liion_ua_datetime_from_unix_us(int64_t unix_us);
/**
 * @brief Nanoseconds since 1970 from DateTime ticks. Ticks 0 (or less) give INT64_MIN and
 * ticks at or past #LIION_UA_DATETIME_MAX_TICKS give INT64_MAX (the "earliest/latest
 * representable" the spec asks decoders to map to); other values outside the int64 ns range
 * (before 1677 or after 2262) saturate to INT64_MIN / INT64_MAX.
 */
LIION_API int64_t liion_ua_datetime_to_unix_ns(int64_t ticks);
/** @brief As liion_ua_datetime_to_unix_ns(), to microseconds (no saturation needed in range). */
LIION_API int64_t liion_ua_datetime_to_unix_us(int64_t ticks);

/**
 * @brief Symbolic name of a StatusCode ("Good", "BadDecodingError", ...), looked up on the
 * top 16 bits (the info bits are ignored).
 * @return static text, or NULL for a code this library has no name for.
 */
LIION_API const char *liion_ua_status_name(uint32_t code);

/** @} */

LIION_END_DECLS

#endif /* LIION_OPCUA_H */
