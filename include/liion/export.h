/**
 * @file liion/export.h
 * @brief Export documents: UN 38.3 test summary, per-cell formation record, single-cell audit
 *        dossier; deterministic CBOR and JSON (optionally zlib-compressed), a Markdown
 *        rendering, and an importer of libliion's own CBOR documents.
 */
#ifndef LIION_EXPORT_H
#define LIION_EXPORT_H

#include <liion/common.h>
#include <liion/ctx.h>
#include <liion/plant.h>
#include <liion/spec_plant.h>

LIION_BEGIN_DECLS

/**
 * @defgroup liion_export Export documents
 * @brief Build, validate and encode the documents a cell plant hands to auditors and
 *        customers, in stable schemas published in docs/schemas.
 *
 * Each document type has a builder (an opaque handle with setters). liion_un38_build(),
 * liion_formation_build() and liion_dossier_build() validate what was set (a missing or
 * contradictory element fails with a message naming it) and return an immutable
 * #liion_export_doc, which encodes to deterministic CBOR (RFC 8949 core deterministic
 * encoding), JSON (same key order, shortest round-trip numbers) or Markdown. The order of the
 * setter calls never changes the bytes. See @ref guide_export.
 * @{
 */

/** Opaque immutable document: built by a builder or imported with liion_export_doc_decode();
 *  free with liion_export_doc_free(). */
typedef struct liion_export_doc liion_export_doc;

/** Opaque UN 38.3 test-summary builder; create with liion_un38_new(). */
typedef struct liion_un38 liion_un38;

/** Opaque per-cell formation-record builder; create with liion_formation_new(). */
typedef struct liion_formation liion_formation;

/** Opaque single-cell audit-dossier builder; create with liion_dossier_new(). */
typedef struct liion_dossier liion_dossier;

/** Output format of liion_export_doc_encode(). */
typedef enum liion_export_format {
    LIION_EXPORT_CBOR = 1,     /**< Deterministic CBOR (RFC 8949 section 4.2.1). */
    LIION_EXPORT_JSON = 2,     /**< Compact JSON, same key order as the CBOR, UTF-8. */
    /** Markdown for people: an auditor's layout per document type (verdict, violations first,
     *  ISO 8601 times, units with their symbols; see @ref export_markdown). Not for machines,
     *  no schema; numbers are rounded to ten significant digits. */
    LIION_EXPORT_MARKDOWN = 3,
    LIION_EXPORT_FORMAT__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a format. */
} liion_export_format;

/** liion_export_doc_encode() / liion_export_doc_decode() flag: the bytes are the document
 *  wrapped in a zlib stream (RFC 1950, deflate level 6). */
#define LIION_EXPORT_ZLIB (1u << 0)

/** Length of a SHA-256 digest in bytes. */
#define LIION_EXPORT_SHA256_BYTES 32u

/* ---- documents ------------------------------------------------------------------------ */

/** @brief Free a document. NULL is a no-op. @param doc the document (owned). */
LIION_API void liion_export_doc_free(liion_export_doc *doc);

/**
 * @brief Document type, the value of its top-level `"document"` key
 *        (`"un38.3-test-summary"`, `"formation-record"`, `"cell-audit-dossier"`).
 * @param doc the document; borrowed.
 * @return the type (borrowed, valid until the document is freed), or "" for NULL.
 */
LIION_API const char *liion_export_doc_type(const liion_export_doc *doc);

/**
 * @brief Encode a document into a caller buffer.
 * @param[out] buf     output; may be NULL when @p cap is 0 (size query).
 * @param      cap     bytes available at @p buf.
 * @param[out] written bytes written, or the size needed on #LIION_E_BUFFER_TOO_SMALL.
 * @param      doc     the document; borrowed.
 * @param      format  CBOR, JSON or Markdown.
 * @param      flags   0 or #LIION_EXPORT_ZLIB.
 * @return #LIION_OK; #LIION_E_BUFFER_TOO_SMALL; #LIION_E_INVALID_ARG (unknown format or flag);
 *         #LIION_E_NOMEM. Errors are reported on the document's context.
 */
LIION_API liion_status liion_export_doc_encode(uint8_t *buf, size_t cap, size_t *written,
                                               liion_export_doc *doc,
                                               liion_export_format format, uint32_t flags);

/**
 * @brief Encode a document into a file (created or truncated).
 * @param doc    the document; borrowed.
 * @param path   file path; borrowed for the call.
 * @param format CBOR, JSON or Markdown.
 * @param flags  0 or #LIION_EXPORT_ZLIB.
 * @return as liion_export_doc_encode(), and #LIION_E_IO when the file cannot be written.
 */
LIION_API liion_status liion_export_doc_write_file(liion_export_doc *doc, const char *path,
                                                   liion_export_format format, uint32_t flags);

/**
 * @brief Import a libliion CBOR document (untrusted bytes) through libcbor's streaming
 *        decoder, honouring the context's limits (depth, items, message bytes, memory).
 *
 * Only the deterministic encoding libliion writes is accepted: definite lengths, shortest
 * integer and float forms, text map keys in bytewise order without duplicates, no tags, and a
 * top-level map with a text `"document"` key. Re-encoding an imported document as CBOR gives
 * the input bytes back.
 *
 * @param[out] out   the document; caller owns it, free with liion_export_doc_free(). NULL on
 *                   failure.
 * @param      ctx   the context; borrowed, must outlive the document.
 * @param      data  the bytes; borrowed for the call.
 * @param      len   their length.
 * @param      flags 0, or #LIION_EXPORT_ZLIB when @p data is zlib-compressed (the inflated
 *                   size is capped by the context's max message bytes).
 * @return #LIION_OK; #LIION_E_DECODE / #LIION_E_TRUNCATED (with liion_ctx_error_offset());
 *         #LIION_E_LIMIT; #LIION_E_INVALID_ARG; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_export_doc_decode(liion_export_doc **out, liion_ctx *ctx,
                                               const uint8_t *data, size_t len, uint32_t flags);

/**
 * @brief Check the content hash of a document that carries one (the dossier): the SHA-256 of
 *        the deterministic CBOR encoding of its `"content"` value must equal its
 *        `"content_sha256"` (64 lowercase hex digits).
 * @param doc the document; borrowed.
 * @return #LIION_OK; #LIION_E_CORRUPT (hash mismatch: the content was changed);
 *         #LIION_E_NOT_FOUND (no content hash in this document); #LIION_E_INVALID_ARG;
 *         #LIION_E_NOMEM.
 */
LIION_API liion_status liion_export_doc_verify(liion_export_doc *doc);

/**
 * @brief SHA-256 (FIPS 180-4) of a byte string.
 * @param[out] out  #LIION_EXPORT_SHA256_BYTES bytes.
 * @param      data the bytes (may be NULL when @p len is 0); borrowed for the call.
 * @param      len  their length.
 * @return #LIION_OK; #LIION_E_INVALID_ARG (NULL @p out, or NULL @p data with a length).
 */
LIION_API liion_status liion_export_sha256(uint8_t *out, const uint8_t *data, size_t len);

/* ---- UN 38.3 test summary ------------------------------------------------------------- */

/** A field of the UN 38.3 test summary; the comment gives the 38.3.5 element and setter. */
typedef enum liion_un38_field {
    LIION_UN38_MANUFACTURER = 1,          /**< (a) manufacturer name; text. */
    LIION_UN38_MANUFACTURER_ADDRESS = 2,  /**< (b) postal address; text. */
    LIION_UN38_MANUFACTURER_PHONE = 3,    /**< (b) phone; text. */
    LIION_UN38_MANUFACTURER_EMAIL = 4,    /**< (b) e-mail (must hold an '@'); text. */
    LIION_UN38_MANUFACTURER_WEB = 5,      /**< (b) website; text. */
    LIION_UN38_LAB_NAME = 6,              /**< (c) test laboratory name; text. */
    LIION_UN38_LAB_ADDRESS = 7,           /**< (c) address; text. */
    LIION_UN38_LAB_PHONE = 8,             /**< (c) phone; text. */
    LIION_UN38_LAB_EMAIL = 9,             /**< (c) e-mail; text. */
    LIION_UN38_LAB_WEB = 10,              /**< (c) website; text. */
    LIION_UN38_REPORT_ID = 11,            /**< (d) unique test report ID; text. */
    LIION_UN38_REPORT_DATE = 12,          /**< (e) report date, `YYYY-MM-DD`; text. */
    LIION_UN38_CHEMISTRY = 13,            /**< (f)(i) a #liion_un38_chemistry; int. */
    LIION_UN38_MASS_G = 14,               /**< (f)(ii) mass in grams (> 0); number. */
    LIION_UN38_WATT_HOURS = 15,           /**< (f)(iii) watt-hour rating (Li-ion, Na-ion); number. */
    LIION_UN38_LITHIUM_G = 16,            /**< (f)(iii) lithium content in grams (Li metal); number. */
    LIION_UN38_DESCRIPTION = 17,          /**< (f)(iv) physical description; text. */
    LIION_UN38_MODEL = 18,                /**< (f)(v) model number(s); text. */
    LIION_UN38_ITEM = 19,                 /**< (f) a #liion_un38_item; int. */
    LIION_UN38_FORMAT = 20,               /**< (f)(iv) a #liion_un38_format; int. */
    LIION_UN38_DIAMETER_MM = 21,          /**< Cylindrical cell diameter, mm (T.6 choice); number. */
    LIION_UN38_RECHARGEABLE = 22,         /**< 1 rechargeable, 0 primary (T.7); int. */
    LIION_UN38_ASSEMBLED_REF = 23,        /**< (h) a #liion_un38_assembled; int. */
    LIION_UN38_OVERCHARGE_VERIFIED = 24,  /**< (h) Rev.7 Amend.1 38.3.3(g): overcharge protection verified (1); int. */
    LIION_UN38_REVISION = 25,             /**< (i) revision of the Manual used (5 to 8); int. */
    LIION_UN38_AMENDMENT = 26,            /**< (i) amendment of that revision (0 or 1); int. */
    LIION_UN38_SIGNATORY_NAME = 27,       /**< (j) name of the signatory / responsible person; text. */
    LIION_UN38_SIGNATORY_TITLE = 28,      /**< (j) title of the signatory / responsible person; text. */
    LIION_UN38_SIGNATURE = 29,            /**< (j) signature reference (required before Rev.7 Amend.1); text. */
    LIION_UN38_RATED_VOLTAGE_V = 30,      /**< Optional: rated voltage, V; number. */
    LIION_UN38_RATED_CAPACITY_AH = 31,    /**< Optional: rated capacity, Ah; number. */
    LIION_UN38_FIELD__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a field. */
} liion_un38_field;

/** (f)(i) chemistry. */
typedef enum liion_un38_chemistry {
    LIION_UN38_LI_ION = 1,   /**< Lithium ion. */
    LIION_UN38_LI_METAL = 2, /**< Lithium metal. */
    LIION_UN38_NA_ION = 3,   /**< Sodium ion (Rev.8 and later). */
    LIION_UN38_CHEMISTRY__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a chemistry. */
} liion_un38_chemistry;

/** What was tested. */
typedef enum liion_un38_item {
    LIION_UN38_CELL = 1,               /**< A cell (or component cell). */
    LIION_UN38_SINGLE_CELL_BATTERY = 2,/**< A single-cell battery. */
    LIION_UN38_BATTERY = 3,            /**< A multi-cell battery. */
    LIION_UN38_ASSEMBLED_BATTERY = 4,  /**< An assembled battery (38.3.3(f)/(g)). */
    LIION_UN38_ITEM__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not an item. */
} liion_un38_item;

/** Cell format (decides impact versus crush in T.6). */
typedef enum liion_un38_format {
    LIION_UN38_CYLINDRICAL = 1, /**< Cylindrical (impact when diameter >= 18.0 mm). */
    LIION_UN38_PRISMATIC = 2,   /**< Prismatic (crush). */
    LIION_UN38_POUCH = 3,       /**< Pouch (crush). */
    LIION_UN38_COIN = 4,        /**< Coin or button (crush). */
    LIION_UN38_FORMAT__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a format. */
} liion_un38_format;

/** (h) reference to the assembled-battery requirements. */
typedef enum liion_un38_assembled {
    LIION_UN38_ASSEMBLED_F = 1, /**< 38.3.3(f): assembly tested under T.3, T.4, T.5 (+T.7). */
    LIION_UN38_ASSEMBLED_G = 2, /**< 38.3.3(g): monitoring system, no assembly test. */
    LIION_UN38_ASSEMBLED__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a reference. */
} liion_un38_assembled;

/** The tests of 38.3.4. */
typedef enum liion_un38_test {
    LIION_UN38_T1 = 1, /**< T.1 altitude simulation. */
    LIION_UN38_T2 = 2, /**< T.2 thermal test. */
    LIION_UN38_T3 = 3, /**< T.3 vibration. */
    LIION_UN38_T4 = 4, /**< T.4 shock. */
    LIION_UN38_T5 = 5, /**< T.5 external short circuit. */
    LIION_UN38_T6 = 6, /**< T.6 impact / crush. */
    LIION_UN38_T7 = 7, /**< T.7 overcharge (rechargeable batteries only). */
    LIION_UN38_T8 = 8, /**< T.8 forced discharge. */
    LIION_UN38_TEST__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a test. */
} liion_un38_test;

/** Outcome of one test. */
typedef enum liion_un38_result {
    LIION_UN38_PASS = 1, /**< Passed. */
    LIION_UN38_FAIL = 2, /**< Failed. */
    LIION_UN38_RESULT__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a result. */
} liion_un38_result;

/** A measured value or setpoint attached to a test (liion_un38_set_test_param()). */
typedef enum liion_un38_param {
    LIION_UN38_P_MASS_LOSS_PCT = 1,     /**< T.1-T.4 largest mass loss, % (limit by mass). */
    LIION_UN38_P_OCV_RETENTION_PCT = 2, /**< T.1-T.4 smallest OCV after / before, % (>= 90). */
    LIION_UN38_P_MAX_EXT_TEMP_C = 3,    /**< T.5/T.6 largest external temperature, C (<= 170). */
    LIION_UN38_P_SETPOINT_C = 4,        /**< T.2 high temperature or T.5 case temperature, C. */
    LIION_UN38_P_TOLERANCE_C = 5,       /**< Its tolerance, +- C. */
    LIION_UN38_P_T6_METHOD = 6,         /**< T.6 method: 1 impact, 2 crush. */
    LIION_UN38_PARAM__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a parameter. */
} liion_un38_param;

/** Edition-dependent setpoints, kept as data (liion_un38_setpoint()). */
typedef enum liion_un38_setpoint_id {
    LIION_UN38_SP_T2_HIGH_C = 1, /**< T.2 high temperature (75 before Rev.5 Amend.1, then 72). */
    LIION_UN38_SP_T5_CASE_C = 2, /**< T.5 case temperature (55 +- 2 before Rev.5 Amend.1, then 57 +- 4). */
    LIION_UN38_SETPOINT_ID__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a setpoint. */
} liion_un38_setpoint_id;

/**
 * @brief Nominal value and tolerance of an edition-dependent setpoint.
 * @param[out] nominal_out the nominal value, C.
 * @param[out] tol_out     the tolerance, +- C.
 * @param      revision    revision of the Manual (5 to 8).
 * @param      amendment   amendment (0 or 1).
 * @param      id          the setpoint.
 * @return #LIION_OK; #LIION_E_INVALID_ARG (NULL output); #LIION_E_UNSUPPORTED (unknown edition
 *         or setpoint).
 */
LIION_API liion_status liion_un38_setpoint(double *nominal_out, double *tol_out,
                                           uint32_t revision, uint32_t amendment,
                                           liion_un38_setpoint_id id);

/**
 * @brief T.1-T.4 mass-loss limit (Table 38.3.1) for a cell or battery of mass @p mass_g:
 *        0.5 % below 1 g, 0.2 % from 1 g to 75 g, 0.1 % above 75 g.
 * @param mass_g the mass in grams (> 0).
 * @return the limit in percent; NaN for a mass that is not a positive finite number.
 */
LIION_API double liion_un38_mass_loss_limit_pct(double mass_g);

/**
 * @brief Create an empty UN 38.3 test-summary builder.
 * @param[out] out the builder; caller owns it, free with liion_un38_free(). NULL on failure.
 * @param      ctx the context; borrowed, must outlive the builder.
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_MISUSE; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_un38_new(liion_un38 **out, liion_ctx *ctx);

/** @brief Free a builder. NULL is a no-op. @param s the builder (owned). */
LIION_API void liion_un38_free(liion_un38 *s);

/**
 * @brief Set a text field (replacing any earlier value).
 * @param s     the builder.
 * @param field a text field of #liion_un38_field.
 * @param text  UTF-8, 1 to 1024 bytes, no control characters; copied.
 * @return #LIION_OK; #LIION_E_INVALID_ARG (not a text field, bad text); #LIION_E_NOMEM.
 */
LIION_API liion_status liion_un38_set_text(liion_un38 *s, liion_un38_field field,
                                           const char *text);

/**
 * @brief Set a number field.
 * @param s     the builder.
 * @param field a number field of #liion_un38_field.
 * @param value a finite value.
 * @return #LIION_OK; #LIION_E_INVALID_ARG (not a number field); #LIION_E_RANGE (not finite).
 */
LIION_API liion_status liion_un38_set_number(liion_un38 *s, liion_un38_field field,
                                             double value);

/**
 * @brief Set an integer or enum field.
 * @param s     the builder.
 * @param field an int field of #liion_un38_field.
 * @param value the value (an enum value, 0/1, a revision number).
 * @return #LIION_OK; #LIION_E_INVALID_ARG (not an int field); #LIION_E_RANGE (unknown value).
 */
LIION_API liion_status liion_un38_set_int(liion_un38 *s, liion_un38_field field, int64_t value);

/**
 * @brief Record the outcome of a test (element (g)).
 * @param s      the builder.
 * @param test   the test.
 * @param result pass or fail.
 * @return #LIION_OK; #LIION_E_INVALID_ARG (unknown test or result).
 */
LIION_API liion_status liion_un38_set_test(liion_un38 *s, liion_un38_test test,
                                           liion_un38_result result);

/**
 * @brief Attach a measured value or setpoint to a test (checked against the edition and the
 *        pass criteria by liion_un38_build()).
 * @param s     the builder.
 * @param test  the test.
 * @param param the parameter.
 * @param value a finite value.
 * @return #LIION_OK; #LIION_E_INVALID_ARG (unknown test or parameter); #LIION_E_RANGE.
 */
LIION_API liion_status liion_un38_set_test_param(liion_un38 *s, liion_un38_test test,
                                                 liion_un38_param param, double value);

/**
 * @brief Validate the summary and snapshot it as a document.
 *
 * A missing or contradictory element fails with #LIION_E_INVALID_ARG (missing) or
 * #LIION_E_STATE (contradictory) and a message that starts with the element, for example
 * `"(b) manufacturer e-mail is missing"` or `"(g) T.7: applies to rechargeable batteries, not
 * to cells"`.
 *
 * @param[out] out the document; caller owns it, free with liion_export_doc_free().
 * @param      s   the builder; borrowed (it can be changed and built again).
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_STATE; #LIION_E_UNSUPPORTED (edition);
 *         #LIION_E_NOMEM.
 */
LIION_API liion_status liion_un38_build(liion_export_doc **out, liion_un38 *s);

/* ---- per-cell formation record --------------------------------------------------------- */

/** Text and number fields of a formation record. */
typedef enum liion_formation_field {
    LIION_FORM_CELL_ID = 1,        /**< The cell serial (required); text. */
    LIION_FORM_RACK = 2,           /**< Formation rack (WorkCenter); text. */
    LIION_FORM_TRAY = 3,           /**< Tray; text. */
    LIION_FORM_CHANNEL = 4,        /**< Channel (WorkUnit); text. */
    LIION_FORM_RECIPE_ID = 5,      /**< Recipe ID (required); text. */
    LIION_FORM_GRADE = 6,          /**< Grade or bin; text. */
    LIION_FORM_RECIPE_VERSION = 7, /**< Recipe version (required, integer >= 0); number. */
    LIION_FORM_ACIR_MOHM = 8,      /**< AC internal resistance at 1 kHz, mOhm; number. */
    LIION_FORM_DCIR_MOHM = 9,      /**< DC internal resistance, mOhm; number. */
    LIION_FORM_CAPACITY_AH = 10,   /**< Measured capacity, Ah; number. */
    LIION_FORM_FINAL_MASS_G = 11,  /**< Final mass after degassing, g; number. */
    LIION_FORMATION_FIELD__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a field. */
} liion_formation_field;

/** Mode of a formation step. */
typedef enum liion_formation_mode {
    LIION_FORM_CC_CHARGE = 1,    /**< Constant-current charge. */
    LIION_FORM_CV_CHARGE = 2,    /**< Constant-voltage charge. */
    LIION_FORM_CCCV_CHARGE = 3,  /**< CC then CV charge. */
    LIION_FORM_CC_DISCHARGE = 4, /**< Constant-current discharge. */
    LIION_FORM_REST = 5,         /**< Rest (open circuit). */
    LIION_FORMATION_MODE__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a mode. */
} liion_formation_mode;

/** liion_formation_set_series() flag: the samples are an aggregate (mean, median) of several
 *  cells. Such a series is refused: a formation record carries one cell's own samples. */
#define LIION_SERIES_AGGREGATED (1u << 0)

/**
 * @brief Create an empty formation-record builder.
 * @param[out] out the builder; caller owns it, free with liion_formation_free().
 * @param      ctx the context; borrowed, must outlive the builder.
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_MISUSE; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_formation_new(liion_formation **out, liion_ctx *ctx);

/** @brief Free a builder. NULL is a no-op. @param f the builder (owned). */
LIION_API void liion_formation_free(liion_formation *f);

/**
 * @brief Forget everything set, keeping the memory (one builder reused cell after cell).
 * @param f the builder; NULL is a no-op.
 */
LIION_API void liion_formation_clear(liion_formation *f);

/**
 * @brief Set a text field.
 * @param f     the builder.
 * @param field a text field of #liion_formation_field.
 * @param text  UTF-8, 1 to 1024 bytes, no control characters; copied.
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_formation_set_text(liion_formation *f, liion_formation_field field,
                                                const char *text);

/**
 * @brief Set a number field.
 * @param f     the builder.
 * @param field a number field of #liion_formation_field.
 * @param value a finite value (>= 0).
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_RANGE.
 */
LIION_API liion_status liion_formation_set_number(liion_formation *f,
                                                  liion_formation_field field, double value);

/**
 * @brief Set an open-circuit-voltage checkpoint; with both set the record carries the
 *        self-discharge K value, (OCV1 - OCV2) / (t2 - t1) in mV per day.
 * @param f          the builder.
 * @param checkpoint 1 (OCV1) or 2 (OCV2).
 * @param time_s     time of the reading, Unix seconds.
 * @param volts      the voltage, V (finite).
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_RANGE.
 */
LIION_API liion_status liion_formation_set_ocv(liion_formation *f, uint32_t checkpoint,
                                               int64_t time_s, double volts);

/**
 * @brief Append a formation step (in execution order).
 * @param f          the builder.
 * @param mode       the step mode.
 * @param t_start_ms start, Unix milliseconds.
 * @param t_end_ms   end (>= @p t_start_ms).
 * @param set_a      current setpoint, A (>= 0; 0 for a rest).
 * @param set_v      voltage setpoint or cut-off, V (>= 0).
 * @param end_v      voltage at the end, V.
 * @param end_a      current at the end, A.
 * @param ah         charge moved, Ah.
 * @param wh         energy moved, Wh.
 * @param t_min_c    lowest cell temperature, C.
 * @param t_max_c    highest cell temperature, C (>= @p t_min_c).
 * @param ambient_c  ambient temperature, C.
 * @return #LIION_OK; #LIION_E_INVALID_ARG (mode, times, temperature order); #LIION_E_RANGE
 *         (a value not finite); #LIION_E_NOMEM.
 */
LIION_API liion_status liion_formation_add_step(liion_formation *f, liion_formation_mode mode,
                                                int64_t t_start_ms, int64_t t_end_ms,
                                                double set_a, double set_v, double end_v,
                                                double end_a, double ah, double wh,
                                                double t_min_c, double t_max_c,
                                                double ambient_c);

/**
 * @brief Set the cell's own voltage, current and temperature series, compressed at once:
 *        each channel is quantised (time 1 ms, V 0.1 mV, I 0.1 mA, T 0.01 C), delta coded,
 *        zigzag + LEB128 varints, then deflated (zlib, level 6).
 * @param f            the builder.
 * @param t_ms         sample times, Unix ms, non-decreasing; borrowed for the call.
 * @param volts        voltages, V; borrowed for the call.
 * @param amps         currents, A; borrowed for the call.
 * @param temp_c       cell temperatures, C; borrowed for the call.
 * @param n            samples per channel (>= 1).
 * @param source_cells number of cells the samples were measured on: must be 1.
 * @param flags        0; #LIION_SERIES_AGGREGATED is refused.
 * @return #LIION_OK; #LIION_E_STATE (a batch average: @p source_cells != 1 or
 *         #LIION_SERIES_AGGREGATED); #LIION_E_INVALID_ARG; #LIION_E_RANGE (a value not finite
 *         or out of the quantised range); #LIION_E_NOMEM.
 */
LIION_API liion_status liion_formation_set_series(liion_formation *f, const int64_t *t_ms,
                                                  const double *volts, const double *amps,
                                                  const double *temp_c, size_t n,
                                                  uint32_t source_cells, uint32_t flags);

/**
 * @brief Validate the record and snapshot it as a document.
 * @param[out] out the document; caller owns it, free with liion_export_doc_free().
 * @param      f   the builder; borrowed.
 * @return #LIION_OK; #LIION_E_INVALID_ARG (a missing element, named); #LIION_E_STATE
 *         (contradictory: OCV2 before OCV1); #LIION_E_NOMEM.
 */
LIION_API liion_status liion_formation_build(liion_export_doc **out, liion_formation *f);

/* ---- IEC 62660 test records ------------------------------------------------------------ */

/** Opaque IEC 62660-1/-2/-3 test-record builder (one cell, one test); create with
 *  liion_iec62660_new(). */
typedef struct liion_iec62660 liion_iec62660;

/** Part of IEC 62660 a record follows. */
typedef enum liion_iec62660_part {
    LIION_IEC62660_1 = 1, /**< Part 1, performance testing (editions 2010, 2018). */
    LIION_IEC62660_2 = 2, /**< Part 2, reliability and abuse testing (editions 2010, 2018): outcome classes. */
    LIION_IEC62660_3 = 3, /**< Part 3, safety requirements (editions 2016, withdrawn 2022-03-01, and 2022): pass/fail with criterion. */
    LIION_IEC62660_PART__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a part. */
} liion_iec62660_part;

/** Fields of an IEC 62660 record; the comment says which setter takes each. */
typedef enum liion_iec62660_field {
    LIION_IEC_CELL_ID = 1,            /**< Cell serial (required); text. */
    LIION_IEC_CELL_MODEL = 2,         /**< Cell model (required); text. */
    LIION_IEC_CHEMISTRY = 3,          /**< Chemistry, e.g. "NMC811/graphite"; text. */
    LIION_IEC_FORMAT = 4,             /**< pouch / cylindrical / prismatic; text. */
    LIION_IEC_APPLICATION = 5,        /**< BEV / HEV / PHEV; text. */
    LIION_IEC_CLAUSE = 6,             /**< Clause of the standard, e.g. "6.4.2" (required); text. */
    LIION_IEC_TEST_ITEM = 7,          /**< Test item, e.g. "overcharge" (required); text. */
    LIION_IEC_LAB_NAME = 8,           /**< Laboratory (required); text. */
    LIION_IEC_LAB_ACCREDITATION = 9,  /**< Accreditation, e.g. "DAkkS D-PL-12345"; text. */
    LIION_IEC_REPORT_ID = 10,         /**< Report ID (required); text. */
    LIION_IEC_SAMPLE_NO = 11,         /**< Sample number (required); text. */
    LIION_IEC_OPERATOR = 12,          /**< Operator; text. */
    LIION_IEC_EQUIPMENT_ID = 13,      /**< Test equipment ID; text. */
    LIION_IEC_TEST_START = 14,        /**< Start date `YYYY-MM-DD` (required); text. */
    LIION_IEC_TEST_END = 15,          /**< End date `YYYY-MM-DD` (required, not before the start); text. */
    LIION_IEC_CRITERION = 16,         /**< Part 3 acceptance criterion, e.g. "no fire, no explosion"; text. */
    LIION_IEC_EDITION = 17,           /**< Edition year of the part (required); number. */
    LIION_IEC_RATED_CAPACITY_AH = 18, /**< Rated capacity, Ah (required); number. */
    LIION_IEC_NOMINAL_V = 19,         /**< Nominal voltage, V (required); number. */
    LIION_IEC_V_MAX = 20,             /**< Upper voltage limit, V; number. */
    LIION_IEC_V_MIN = 21,             /**< Lower voltage limit, V; number. */
    LIION_IEC_I_MAX_CHARGE_A = 22,    /**< Maximum charge current, A; number. */
    LIION_IEC_I_MAX_DISCHARGE_A = 23, /**< Maximum discharge current, A; number. */
    LIION_IEC_T_MIN_C = 24,           /**< Operating region: lowest temperature, C; number. */
    LIION_IEC_T_MAX_C = 25,           /**< Operating region: highest temperature, C; number. */
    LIION_IEC62660_FIELD__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a field. */
} liion_iec62660_field;

/** IEC 62660-2 outcome classes (descriptive, no pass/fail). */
typedef enum liion_iec62660_outcome {
    LIION_IEC_NO_EFFECT = 1,          /**< No effect. */
    LIION_IEC_PASSIVE_PROTECTION = 2, /**< Passive protection activated. */
    LIION_IEC_LEAKAGE = 3,            /**< Leakage. */
    LIION_IEC_VENTING = 4,            /**< Venting. */
    LIION_IEC_FIRE = 5,               /**< Fire or flame. */
    LIION_IEC_RUPTURE = 6,            /**< Rupture. */
    LIION_IEC_EXPLOSION = 7,          /**< Explosion. */
    LIION_IEC62660_OUTCOME__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not an outcome. */
} liion_iec62660_outcome;

/**
 * @brief Create an empty IEC 62660 record builder for one part.
 * @param[out] out  the builder; caller owns it, free with liion_iec62660_free().
 * @param      ctx  the context; borrowed, must outlive the builder.
 * @param      part the part the record follows.
 * @return #LIION_OK; #LIION_E_INVALID_ARG (unknown part); #LIION_E_MISUSE; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_iec62660_new(liion_iec62660 **out, liion_ctx *ctx,
                                          liion_iec62660_part part);

/** @brief Free a builder. NULL is a no-op. @param r the builder (owned). */
LIION_API void liion_iec62660_free(liion_iec62660 *r);

/**
 * @brief Set a text field.
 * @param r     the builder.
 * @param field a text field of #liion_iec62660_field.
 * @param text  UTF-8, 1 to 1024 bytes, no control characters; copied.
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_iec62660_set_text(liion_iec62660 *r, liion_iec62660_field field,
                                               const char *text);

/**
 * @brief Set a number field.
 * @param r     the builder.
 * @param field a number field of #liion_iec62660_field.
 * @param value a finite value.
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_RANGE.
 */
LIION_API liion_status liion_iec62660_set_number(liion_iec62660 *r, liion_iec62660_field field,
                                                 double value);

/**
 * @brief Add a test condition (ambient temperature, initial SOC, charge method parameter,
 *        crush force, short-circuit resistance ...) or a result (capacity at a rate, energy,
 *        power, DC resistance, maximum surface temperature, mass after ...).
 * @param r      the builder.
 * @param result 0 for a condition, 1 for a result.
 * @param name   its name, e.g. "ambient_temperature"; copied.
 * @param value  a finite value.
 * @param unit   UCUM / UN Rec 20 unit, e.g. "Cel", "Ah", "mOhm"; copied.
 * @return #LIION_OK; #LIION_E_INVALID_ARG (bad name or unit, duplicate name);
 *         #LIION_E_RANGE; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_iec62660_add_value(liion_iec62660 *r, uint32_t result,
                                                const char *name, double value,
                                                const char *unit);

/**
 * @brief Set the Part 2 outcome class (Parts 2 and 3; refused for Part 1).
 * @param r       the builder.
 * @param outcome the observed outcome.
 * @return #LIION_OK; #LIION_E_INVALID_ARG (unknown outcome); #LIION_E_STATE (Part 1).
 */
LIION_API liion_status liion_iec62660_set_outcome(liion_iec62660 *r,
                                                  liion_iec62660_outcome outcome);

/**
 * @brief Set the Part 3 verdict (refused for Parts 1 and 2, which have no pass/fail).
 * @param r    the builder.
 * @param pass 1 pass, 0 fail.
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_STATE (not Part 3).
 */
LIION_API liion_status liion_iec62660_set_verdict(liion_iec62660 *r, uint32_t pass);

/**
 * @brief Validate the record and snapshot it as an `"iec62660-test-record"` document.
 * @param[out] out the document; caller owns it, free with liion_export_doc_free().
 * @param      r   the builder; borrowed.
 * @return #LIION_OK; #LIION_E_INVALID_ARG (a missing element, named); #LIION_E_STATE
 *         (contradictory: a withdrawn edition used after withdrawal, a pass with a fire ...);
 *         #LIION_E_UNSUPPORTED (unknown edition); #LIION_E_NOMEM.
 */
LIION_API liion_status liion_iec62660_build(liion_export_doc **out, liion_iec62660 *r);

/* ---- single-cell audit dossier ---------------------------------------------------------- */

/**
 * @brief Create a dossier builder for one cell of a plant.
 * @param[out] out   the builder; caller owns it, free with liion_dossier_free().
 * @param      ctx   the context; borrowed, must outlive the builder (use the plant's).
 * @param      plant the plant; borrowed, must outlive the builder.
 * @param      cell  the cell's lot index.
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_NOT_FOUND (no such lot); #LIION_E_NOMEM.
 */
LIION_API liion_status liion_dossier_new(liion_dossier **out, liion_ctx *ctx,
                                         liion_plant *plant, uint32_t cell);

/** @brief Free a builder. NULL is a no-op. @param d the builder (owned). */
LIION_API void liion_dossier_free(liion_dossier *d);

/**
 * @brief Use a spec registry: every record on the cell's backward closure goes into the
 *        dossier, records with failures first, then warnings, then the rest.
 * @param d   the builder.
 * @param reg the registry (of the same plant); borrowed, must outlive the builder; NULL to
 *            drop it.
 * @return #LIION_OK; #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_dossier_set_registry(liion_dossier *d, liion_spec_registry *reg);

/**
 * @brief Add a formation record or an IEC 62660 test record of this cell (copied).
 * @param d   the builder.
 * @param doc a `"formation-record"` or `"iec62660-test-record"` document; borrowed for the
 *            call.
 * @return #LIION_OK; #LIION_E_INVALID_ARG (another document type); #LIION_E_STATE (the record
 *         names another cell); #LIION_E_NOMEM.
 */
LIION_API liion_status liion_dossier_add_record(liion_dossier *d, liion_export_doc *doc);

/**
 * @brief Build the dossier: the cell, its full backward genealogy (lots with their material,
 *        parent lot, producing response with times, equipment and persons, equipment use
 *        records, roll positions traced back through the roll map), every spec result on
 *        its path (violations first), the formation and test records, and the SHA-256 of the
 *        content's deterministic CBOR encoding.
 * @param[out] out the document; caller owns it, free with liion_export_doc_free().
 * @param      d   the builder; borrowed.
 * @return #LIION_OK; #LIION_E_LIMIT (roll links nested deeper than the max depth);
 *         #LIION_E_NOMEM.
 */
LIION_API liion_status liion_dossier_build(liion_export_doc **out, liion_dossier *d);

/* ---- battery passport attributes from manufacturing ------------------------------------ */

/** Opaque builder of the battery-passport attributes that come from manufacturing (names as
 *  in DIN DKE SPEC 99100 / Battery Pass data model v1.2); create with liion_passport_new(). */
typedef struct liion_passport liion_passport;

/** Fields of the passport builder; the comment gives the Battery Pass attribute and setter. */
typedef enum liion_passport_field {
    LIION_PASS_PASSPORT_ID = 1,        /**< batteryPassportIdentifier (#1); text. */
    LIION_PASS_MANUFACTURER_ID = 2,    /**< manufacturerIdentification (#4); text. */
    LIION_PASS_PLACE = 3,              /**< manufacturingPlace (#5, required); text. */
    LIION_PASS_DATE = 4,               /**< manufacturingDate (#6, required), `YYYY-MM`; text. */
    LIION_PASS_CATEGORY = 5,           /**< batteryCategory (#9, required): lmt, ev, industrial, stationary; text. */
    LIION_PASS_CHEMISTRY_SHORT = 6,    /**< batteryChemistry.shortName (#31, required), e.g. "NMC811"; text. */
    LIION_PASS_CHEMISTRY_CLEAR = 7,    /**< batteryChemistry.clearName, e.g. "lithium nickel manganese cobalt oxide"; text. */
    LIION_PASS_MASS_KG = 8,            /**< batteryMass (#10, required), kg; number. */
    LIION_PASS_RATED_CAPACITY_AH = 9,  /**< ratedCapacity (#52, required), Ah; number. */
    LIION_PASS_MIN_V = 10,             /**< minimumVoltage (#59, required), V; number. */
    LIION_PASS_MAX_V = 11,             /**< maximumVoltage (#60, required), V; number. */
    LIION_PASS_NOMINAL_V = 12,         /**< nominalVoltage (#61, required), V; number. */
    LIION_PASS_PACK_RESISTANCE_OHM = 13, /**< initialInternalResistance of the pack (#74), Ohm; number. */
    LIION_PASSPORT_FIELD__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a field. */
} liion_passport_field;

/**
 * @brief Create a passport-attribute builder for one battery (pack or module) of a plant.
 *
 * The battery identifier (#2, productIdentifier) is the lot's ID. The cells are the lots of
 * the battery's backward genealogy (assembly and material edges) whose material definition
 * has the cell material class given to liion_passport_set_cells().
 *
 * @param[out] out     the builder; caller owns it, free with liion_passport_free().
 * @param      ctx     the context; borrowed, must outlive the builder (use the plant's).
 * @param      plant   the plant; borrowed, must outlive the builder.
 * @param      battery the battery's lot index.
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_NOT_FOUND (no such lot); #LIION_E_NOMEM.
 */
LIION_API liion_status liion_passport_new(liion_passport **out, liion_ctx *ctx,
                                          liion_plant *plant, uint32_t battery);

/** @brief Free a builder. NULL is a no-op. @param p the builder (owned). */
LIION_API void liion_passport_free(liion_passport *p);

/**
 * @brief Set a text field.
 * @param p     the builder.
 * @param field a text field of #liion_passport_field.
 * @param text  UTF-8, 1 to 1024 bytes, no control characters; copied.
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_passport_set_text(liion_passport *p, liion_passport_field field,
                                               const char *text);

/**
 * @brief Set a number field.
 * @param p     the builder.
 * @param field a number field of #liion_passport_field.
 * @param value a finite value > 0.
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_RANGE.
 */
LIION_API liion_status liion_passport_set_number(liion_passport *p, liion_passport_field field,
                                                 double value);

/**
 * @brief Say how cells and their initial internal resistance are found: cells are the
 *        ancestor lots of material class @p cell_class; each carries a number property
 *        @p property in Ohm (unit `OHM`) or milliohm (unit `E45`, or `mOhm`). The
 *        aggregate (count, mean, minimum, maximum, in Ohm) is initialInternalResistance
 *        with batteryComponent "cell".
 * @param p          the builder.
 * @param cell_class material class index of cells.
 * @param property   the property name, e.g. "dcir"; copied.
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_NOT_FOUND (no such class); #LIION_E_NOMEM.
 */
LIION_API liion_status liion_passport_set_cells(liion_passport *p, uint32_t cell_class,
                                                const char *property);

/**
 * @brief Validate and snapshot the attributes as a `"battery-passport-attributes"` document.
 * @param[out] out the document; caller owns it, free with liion_export_doc_free().
 * @param      p   the builder; borrowed.
 * @return #LIION_OK; #LIION_E_INVALID_ARG (a missing attribute, named; a cell without the
 *         resistance property, named); #LIION_E_STATE (voltages out of order);
 *         #LIION_E_NOT_FOUND (no cell in the genealogy); #LIION_E_NOMEM.
 */
LIION_API liion_status liion_passport_build(liion_export_doc **out, liion_passport *p);

/** @} */

LIION_END_DECLS

#endif /* LIION_EXPORT_H */
