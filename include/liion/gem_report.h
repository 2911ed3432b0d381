/**
 * @file liion/gem_report.h
 * @brief GEM (E30) event reports: the report-definition table fed by S2F33, S2F35 and S2F37,
 *        and S6F11 built from it (equipment) or parsed against it (host).
 *
 * See the guide @ref guide_gem_report.
 */
#ifndef LIION_GEM_REPORT_H
#define LIION_GEM_REPORT_H

#include <liion/common.h>
#include <liion/ctx.h>
#include <liion/secs.h>

LIION_BEGIN_DECLS

/**
 * @defgroup liion_gem_report GEM event reports
 * @brief Report definitions (S2F33), event links (S2F35), event enables (S2F37) and the
 *        event report S6F11 (see @ref guide_gem_report).
 *
 * **Identifiers.** DATAID, RPTID, VID and CEID are unsigned 32-bit numbers here. The builders
 * encode them as `<U4>`; the parsers accept any one-element integer item (U1, U2, U4, U8, I1,
 * I2, I4, I8) whose value fits 0 ... 2^32-1. ASCII identifiers are refused as invalid format.
 *
 * **Atomic updates.** A parser validates the whole message first. The table changes only when
 * it returns #LIION_OK with an acknowledge of 0; any other outcome leaves it as it was.
 * @{
 */

/** Opaque table of report definitions, event links and event enables; see liion_gem_reports_new(). */
typedef struct liion_gem_reports liion_gem_reports;

/** @name DRACK: S2F34 define-report acknowledge (E30)
 * @{ */
#define LIION_GEM_DRACK_OK 0          /**< Accepted. */
#define LIION_GEM_DRACK_NO_SPACE 1    /**< Denied: insufficient space. */
#define LIION_GEM_DRACK_FORMAT 2      /**< Denied: invalid format. */
#define LIION_GEM_DRACK_DEFINED 3     /**< Denied: at least one RPTID already defined. */
#define LIION_GEM_DRACK_UNKNOWN_VID 4 /**< Denied: at least one VID does not exist. */
/** @} */

/** @name LRACK: S2F36 link-event-report acknowledge (E30)
 * @{ */
#define LIION_GEM_LRACK_OK 0            /**< Accepted. */
#define LIION_GEM_LRACK_NO_SPACE 1      /**< Denied: insufficient space. */
#define LIION_GEM_LRACK_FORMAT 2        /**< Denied: invalid format. */
#define LIION_GEM_LRACK_LINKED 3        /**< Denied: at least one CEID link already defined. */
#define LIION_GEM_LRACK_UNKNOWN_CEID 4  /**< Denied: at least one CEID does not exist. */
#define LIION_GEM_LRACK_UNKNOWN_RPTID 5 /**< Denied: at least one RPTID does not exist. */
/** @} */

/** @name ERACK: S2F38 enable/disable-event-report acknowledge (E30)
 * @{ */
#define LIION_GEM_ERACK_OK 0           /**< Accepted. */
#define LIION_GEM_ERACK_UNKNOWN_CEID 1 /**< Denied: at least one CEID does not exist (also
                                            returned with #LIION_E_DECODE for a malformed body:
                                            ERACK has no format code, E30 answers S9F7). */
/** @} */

/** @name Caps: they bound the work a host message can cause
 *
 * A message over a cap is refused as a whole before any loop over its entries runs: the
 * parser returns #LIION_E_LIMIT (the context says which cap) with the "insufficient space"
 * acknowledge already set (DRACK #LIION_GEM_DRACK_NO_SPACE, LRACK #LIION_GEM_LRACK_NO_SPACE;
 * ERACK has no such code and stays #LIION_GEM_ERACK_UNKNOWN_CEID), and the table is unchanged.
 * See @ref guide_gem_report for the worst-case work they allow.
 * @{ */
/** Most reports in the table, and in one S2F33. */
#define LIION_GEM_MAX_REPORTS 4096
/** Most VIDs in one report definition. */
#define LIION_GEM_MAX_REPORT_VIDS 1024
/** Most events in the table (liion_gem_reports_add_ceid() included), and in one S2F35 or S2F37. */
#define LIION_GEM_MAX_EVENTS 4096
/** Most reports linked to one event in S2F35, and reports in one parsed S6F11. */
#define LIION_GEM_MAX_EVENT_REPORTS 1024
/** @} */

/**
 * @brief Value of a VID when the equipment builds S6F11.
 * @param user the pointer given with the callback.
 * @param vid  the variable ID.
 * @return the value item, borrowed: it must stay valid until the encode call returns; NULL
 *         when the VID has no value (the encode call then fails with #LIION_E_NOT_FOUND).
 */
typedef const liion_secs_item *(*liion_gem_vid_fn)(void *user, uint32_t vid);

/**
 * @brief One value of a parsed S6F11, handed to the host in report order.
 * @param user  the pointer given with the callback.
 * @param rptid the report the value belongs to.
 * @param vid   the VID at that position of the report's definition.
 * @param value the value item, borrowed from the table: valid until the decode call returns.
 * @return #LIION_OK to go on; any other status stops the parse and is returned.
 */
typedef liion_status (*liion_gem_value_fn)(void *user, uint32_t rptid, uint32_t vid,
                                           const liion_secs_item *value);

/**
 * @brief Create an empty table (no reports, no links, every VID and CEID accepted).
 * @param[out] out the table; caller owns it, free with liion_gem_reports_free(). NULL on failure.
 * @param      ctx the context; borrowed, must outlive the table; errors are reported on it.
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_gem_reports_new(liion_gem_reports **out, liion_ctx *ctx);

/** @brief Free a table. NULL is a no-op. */
LIION_API void liion_gem_reports_free(liion_gem_reports *r);

/**
 * @brief Declare a VID the equipment has. Once one is declared, S2F33 naming any other VID
 *        is denied with #LIION_GEM_DRACK_UNKNOWN_VID. Declaring one twice is harmless.
 * @param r   the table.
 * @param vid the variable ID.
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_gem_reports_add_vid(liion_gem_reports *r, uint32_t vid);

/**
 * @brief Declare a collection event the equipment has (initially disabled). Once one is
 *        declared, S2F35 / S2F37 naming any other CEID are denied and S6F11 for it is refused.
 *        Declaring one twice is harmless.
 * @param r    the table.
 * @param ceid the collection event ID.
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_NOMEM; #LIION_E_LIMIT (the table already
 *         holds #LIION_GEM_MAX_EVENTS events).
 */
LIION_API liion_status liion_gem_reports_add_ceid(liion_gem_reports *r, uint32_t ceid);

/** @brief Number of defined reports; 0 for NULL. */
LIION_API size_t liion_gem_reports_report_count(const liion_gem_reports *r);

/** @brief Number of VIDs in report @p rptid; 0 when it is not defined or @p r is NULL. */
LIION_API size_t liion_gem_reports_report_size(const liion_gem_reports *r, uint32_t rptid);

/** @brief Number of reports linked to event @p ceid; 0 when none or @p r is NULL. */
LIION_API size_t liion_gem_reports_link_count(const liion_gem_reports *r, uint32_t ceid);

/** @brief 1 when event @p ceid is enabled, else 0 (also for NULL). */
LIION_API int liion_gem_reports_event_enabled(const liion_gem_reports *r, uint32_t ceid);

/**
 * @brief Apply an S2F33 (Define Report) body: `L[2] <DATAID> L[a] { L[2] <RPTID> L[b] <VID>... }`.
 *
 * `a = 0` deletes every report (and every link). `b = 0` deletes that report (and its links).
 * Defining a report that exists (or twice in one message) is denied.
 * @param[out] drack the acknowledge to send back in S2F34 (`LIION_GEM_DRACK_*`).
 * @param      r     the table; changed only on #LIION_OK with drack 0.
 * @param      body  the SECS-II body; borrowed for the call.
 * @param      len   bytes at @p body.
 * @return #LIION_OK (the answer is in @p drack); #LIION_E_DECODE and the other decoder errors
 *         for a malformed body (drack #LIION_GEM_DRACK_FORMAT; the context says what and
 *         where); #LIION_E_NOMEM and #LIION_E_LIMIT (over #LIION_GEM_MAX_REPORTS or
 *         #LIION_GEM_MAX_REPORT_VIDS; both with drack #LIION_GEM_DRACK_NO_SPACE);
 *         #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_gem_reports_on_s2f33(uint8_t *drack, liion_gem_reports *r,
                                                  const uint8_t *body, size_t len);

/**
 * @brief Apply an S2F35 (Link Event Report) body: `L[2] <DATAID> L[a] { L[2] <CEID> L[b] <RPTID>... }`.
 *
 * `b = 0` removes the links of that CEID. Linking a CEID that has links (or naming it twice)
 * is denied with #LIION_GEM_LRACK_LINKED; an undeclared CEID with #LIION_GEM_LRACK_UNKNOWN_CEID;
 * an undefined report with #LIION_GEM_LRACK_UNKNOWN_RPTID.
 * @param[out] lrack the acknowledge for S2F36 (`LIION_GEM_LRACK_*`).
 * @param      r     the table.
 * @param      body  the SECS-II body; borrowed for the call.
 * @param      len   bytes at @p body.
 * @return as liion_gem_reports_on_s2f33(), with lrack; #LIION_E_LIMIT (lrack
 *         #LIION_GEM_LRACK_NO_SPACE) over #LIION_GEM_MAX_EVENTS or #LIION_GEM_MAX_EVENT_REPORTS.
 */
LIION_API liion_status liion_gem_reports_on_s2f35(uint8_t *lrack, liion_gem_reports *r,
                                                  const uint8_t *body, size_t len);

/**
 * @brief Apply an S2F37 (Enable/Disable Event Report) body: `L[2] <BOOLEAN CEED> L[n] <CEID>...`;
 *        `n = 0` means every known CEID.
 * @param[out] erack the acknowledge for S2F38 (`LIION_GEM_ERACK_*`).
 * @param      r     the table.
 * @param      body  the SECS-II body; borrowed for the call.
 * @param      len   bytes at @p body.
 * @return as liion_gem_reports_on_s2f33(); erack stays 1 on a malformed body and on
 *         #LIION_E_NOMEM and on #LIION_E_LIMIT (over #LIION_GEM_MAX_EVENTS): ERACK has no
 *         other denial code.
 */
LIION_API liion_status liion_gem_reports_on_s2f37(uint8_t *erack, liion_gem_reports *r,
                                                  const uint8_t *body, size_t len);

/**
 * @brief Build an S2F33 body (host side). Report @c i has id `rptids[i]` and the next
 *        `vid_counts[i]` entries of @p vids.
 * @param[out] buf        output; may be NULL when @p cap is 0.
 * @param      cap        bytes at @p buf.
 * @param[out] written    bytes written; on #LIION_E_BUFFER_TOO_SMALL the bytes needed.
 * @param      ctx        context for errors.
 * @param      dataid     the DATAID.
 * @param      rptids     @p n_reports report IDs; borrowed; NULL when @p n_reports is 0.
 * @param      vid_counts @p n_reports VID counts; borrowed; NULL when @p n_reports is 0.
 * @param      vids       the VIDs of all reports, one after the other; borrowed; may be NULL
 *                        when the counts add up to 0.
 * @param      n_reports  reports (0: delete every report).
 * @return #LIION_OK; #LIION_E_BUFFER_TOO_SMALL; #LIION_E_RANGE (a list longer than
 *         #LIION_SECS_MAX_LENGTH); #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_gem_s2f33_encode(uint8_t *buf, size_t cap, size_t *written,
                                              liion_ctx *ctx, uint32_t dataid,
                                              const uint32_t *rptids, const size_t *vid_counts,
                                              const uint32_t *vids, size_t n_reports);

/**
 * @brief Build an S2F35 body (host side). Event @c i is `ceids[i]` linked to the next
 *        `rpt_counts[i]` entries of @p rptids.
 * @param[out] buf        output; may be NULL when @p cap is 0.
 * @param      cap        bytes at @p buf.
 * @param[out] written    bytes written; on #LIION_E_BUFFER_TOO_SMALL the bytes needed.
 * @param      ctx        context for errors.
 * @param      dataid     the DATAID.
 * @param      ceids      @p n_events event IDs; borrowed; NULL when @p n_events is 0.
 * @param      rpt_counts @p n_events report counts; borrowed; NULL when @p n_events is 0.
 * @param      rptids     the RPTIDs of all events, one after the other; borrowed.
 * @param      n_events   events.
 * @return as liion_gem_s2f33_encode().
 */
LIION_API liion_status liion_gem_s2f35_encode(uint8_t *buf, size_t cap, size_t *written,
                                              liion_ctx *ctx, uint32_t dataid,
                                              const uint32_t *ceids, const size_t *rpt_counts,
                                              const uint32_t *rptids, size_t n_events);

/**
 * @brief Build an S2F37 body (host side): `L[2] <BOOLEAN enable> L[n] <U4 CEID>...`.
 * @param[out] buf     output; may be NULL when @p cap is 0.
 * @param      cap     bytes at @p buf.
 * @param[out] written bytes written; on #LIION_E_BUFFER_TOO_SMALL the bytes needed.
 * @param      ctx     context for errors.
 * @param      enable  nonzero to enable, 0 to disable.
 * @param      ceids   @p n event IDs; borrowed; NULL when @p n is 0 (0 means all events).
 * @param      n       events.
 * @return as liion_gem_s2f33_encode().
 */
LIION_API liion_status liion_gem_s2f37_encode(uint8_t *buf, size_t cap, size_t *written,
                                              liion_ctx *ctx, int enable, const uint32_t *ceids,
                                              size_t n);

/**
 * @brief Build an S6F11 body from the table (equipment side):
 *        `L[3] <U4 DATAID> <U4 CEID> L[k] { L[2] <U4 RPTID> L[m] values }`, reports in link
 *        order, values in definition order. Makes no allocation.
 * @param[out] buf     output; may be NULL when @p cap is 0. On #LIION_E_BUFFER_TOO_SMALL its
 *                     contents are unspecified.
 * @param      cap     bytes at @p buf.
 * @param[out] written bytes written; on #LIION_E_BUFFER_TOO_SMALL the bytes needed.
 * @param      r       the table.
 * @param      dataid  the DATAID.
 * @param      ceid    the collection event.
 * @param      fn      gives the value of each VID (called once per value, in output order).
 * @param      user    handed to @p fn.
 * @return #LIION_OK; #LIION_E_BUFFER_TOO_SMALL; #LIION_E_NOT_FOUND (undeclared CEID, or a VID
 *         @p fn has no value for); #LIION_E_STATE (the event is disabled); #LIION_E_RANGE;
 *         #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_gem_reports_s6f11_encode(uint8_t *buf, size_t cap, size_t *written,
                                                      liion_gem_reports *r, uint32_t dataid,
                                                      uint32_t ceid, liion_gem_vid_fn fn,
                                                      void *user);

/**
 * @brief As liion_gem_reports_s6f11_encode(), with the values given as an array: the value of
 *        `vids[i]` is `values[i]`.
 * @param[out] buf     output; may be NULL when @p cap is 0.
 * @param      cap     bytes at @p buf.
 * @param[out] written bytes written or needed.
 * @param      r       the table.
 * @param      dataid  the DATAID.
 * @param      ceid    the collection event.
 * @param      vids    @p n VIDs; borrowed.
 * @param      values  @p n items; borrowed for the call.
 * @param      n       entries.
 * @return as liion_gem_reports_s6f11_encode().
 */
LIION_API liion_status liion_gem_reports_s6f11_encode_values(
    uint8_t *buf, size_t cap, size_t *written, liion_gem_reports *r, uint32_t dataid,
    uint32_t ceid, const uint32_t *vids, const liion_secs_item *const *values, size_t n);

/**
 * @brief Parse an S6F11 body against the table (host side) and hand each value to @p fn.
 *
 * Every report must be defined, hold as many values as its definition has VIDs and, when the
 * table has links for the CEID, come in link order. The whole body is checked before @p fn is
 * called. The body is decoded into a message kept by the table, so steady use allocates
 * nothing.
 * @param[out] dataid the DATAID (may be NULL).
 * @param[out] ceid   the CEID (may be NULL).
 * @param      r      the table.
 * @param      body   the SECS-II body; borrowed for the call.
 * @param      len    bytes at @p body.
 * @param      fn     called per value (may be NULL to only check).
 * @param      user   handed to @p fn.
 * @return #LIION_OK; #LIION_E_DECODE (wrong shape, a value count that differs from the
 *         definition, a report out of link order: the message names the report);
 *         #LIION_E_NOT_FOUND (an undefined report); #LIION_E_LIMIT (more than
 *         #LIION_GEM_MAX_EVENT_REPORTS reports); the decoder's errors; what @p fn returned;
 *         #LIION_E_NOMEM; #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_gem_reports_s6f11_decode(uint32_t *dataid, uint32_t *ceid,
                                                      liion_gem_reports *r, const uint8_t *body,
                                                      size_t len, liion_gem_value_fn fn,
                                                      void *user);

/** @} */

LIION_END_DECLS

#endif /* LIION_GEM_REPORT_H */
