/**
 * @file liion/ingest.h
 * @brief Ingest: equipment messages (SECS-II S6F11 event reports, E40/E87 state changes, OPC UA
 *        UADP DataSetMessages and DataValues) mapped onto the ISA-95 plant model by a
 *        configurable mapping file, with spec checks applied as values arrive.
 *
 * The mapping is data: a text file (format in @ref guide_ingest) parsed into a
 * #liion_ingest_map. A #liion_ingest joins one map to one plant (and optionally a spec
 * registry and limit set) and turns each message into plant mutations: segment responses
 * opened and closed, material actuals (lots produced and consumed), equipment actuals,
 * properties, lot quantities and spec check records.
 *
 * Every message is checked completely against the map before the plant is touched: a message
 * the map does not cover, a missing report variable, a value of the wrong type, a unit that
 * does not match the limit set, a consumed lot that does not exist or a response that is not
 * open is reported (return status, the context's message, and an entry in the ingest's problem
 * list naming the message and the field) and changes nothing. Only a failure of the plant
 * itself while applying an already validated message (out of memory, an I/O error of the
 * plant's store) can stop a message half way; it is reported the same way. (A response that
 * would close a loop in material flow is one of the checks: refused whole, and dropped.)
 * In a store each message is one atomic group (liion_store_atomic_begin()): the journal never
 * holds part of a message, and after such a failure the store refuses writes until reopened.
 * A plant without a store keeps the applied part in memory. Nothing ingested earlier is ever
 * lost.
 *
 * This is the only module that joins the codecs to the model.
 */
#ifndef LIION_INGEST_H
#define LIION_INGEST_H

#include <liion/ctx.h>
#include <liion/gem_report.h>
#include <liion/opcua.h>
#include <liion/plant.h>
#include <liion/secs.h>
#include <liion/spec.h>
#include <liion/spec_plant.h>
#include <liion/uadp.h>

LIION_BEGIN_DECLS

/**
 * @defgroup liion_ingest Ingest (equipment messages into the plant)
 * @brief A mapping file from equipment messages to ISA-95 events, and the calls that feed
 *        messages through it into a `liion_plant`. See @ref guide_ingest.
 * @{
 */

/** Opaque parsed mapping; create with liion_ingest_map_parse(), free with liion_ingest_map_free(). */
typedef struct liion_ingest_map liion_ingest_map;

/** Opaque ingest state (a map joined to a plant); create with liion_ingest_new(). */
typedef struct liion_ingest liion_ingest;

/** Largest mapping text liion_ingest_map_parse() accepts, in bytes (also capped by the
 *  context's max_message_bytes). */
#define LIION_INGEST_MAX_MAP_BYTES (4u * 1024u * 1024u)
/** Longest line of a mapping file, in bytes. */
#define LIION_INGEST_MAX_LINE_BYTES 1024u
/** Most rules (`on` lines) in one mapping. */
#define LIION_INGEST_MAX_RULES 65536u
/** Most value lines under one `on s6f11` rule. */
#define LIION_INGEST_MAX_VALUES 256u
/** Most lots one open segment response collects (consumed plus produced). */
#define LIION_INGEST_MAX_RESPONSE_LOTS 64u
/** Most problems the problem list keeps (later ones are only counted). */
#define LIION_INGEST_MAX_PROBLEMS 1024u

/** State machine of a liion_ingest_state_change(). */
typedef enum liion_ingest_machine {
    LIION_INGEST_E40 = 1, /**< E40 process job: @c state is a #liion_e40_state, the object a PRJobID. */
    LIION_INGEST_E87 = 2, /**< E87 load port transfer state: @c state is a #liion_e87_lts_state,
                               the object a CarrierID. */
    LIION_INGEST_MACHINE__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a machine. */
} liion_ingest_machine;

/** Counters of liion_ingest_stat(). */
typedef enum liion_ingest_stat_kind {
    LIION_INGEST_STAT_MESSAGES = 1,     /**< Messages applied (every call that returned #LIION_OK). */
    LIION_INGEST_STAT_REJECTED = 2,     /**< Messages refused (nothing applied) or partly applied. */
    LIION_INGEST_STAT_VALUES = 3,       /**< Mapped values applied (properties, quantities, checks). */
    LIION_INGEST_STAT_RESPONSES = 4,    /**< Segment responses closed into the plant. */
    LIION_INGEST_STAT_LOTS = 5,         /**< Lots created (produced). */
    LIION_INGEST_STAT_CHECKS = 6,       /**< Spec checks run. */
    LIION_INGEST_STAT_CHECKS_FAILED = 7,/**< Spec checks whose value failed its limit. */
    LIION_INGEST_STAT_PROBLEMS = 8,     /**< Problems reported (kept or not). */
    LIION_INGEST_STAT_KIND__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a counter. */
} liion_ingest_stat_kind;

/* ---- the mapping ------------------------------------------------------------------------ */

/**
 * @brief Parse a mapping file (untrusted text is fine).
 *
 * The format is documented in @ref guide_ingest. Limits: #LIION_INGEST_MAX_MAP_BYTES (and
 * the context's max_message_bytes), #LIION_INGEST_MAX_LINE_BYTES per line,
 * #LIION_INGEST_MAX_RULES rules, #LIION_INGEST_MAX_VALUES values per rule, IDs of 1 to
 * #LIION_PLANT_MAX_ID_BYTES bytes, and the context's memory cap.
 *
 * @param[out] out  the map; caller owns it, free with liion_ingest_map_free(). NULL on failure.
 * @param      ctx  the context; borrowed, must outlive the map. On error its message reads
 *                  `line L, column C: ...` and liion_ctx_error_offset() is the byte offset.
 * @param      text the mapping text, UTF-8; borrowed for the call; need not be NUL-terminated.
 * @param      len  bytes at @p text.
 * @return #LIION_OK; #LIION_E_DECODE (syntax: unknown directive, missing or extra field, bad
 *         number, unit or name); #LIION_E_EXISTS (a second rule for the same message key);
 *         #LIION_E_LIMIT (a limit above); #LIION_E_NOMEM; #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_ingest_map_parse(liion_ingest_map **out, liion_ctx *ctx,
                                              const char *text, size_t len);

/** @brief Free a map. NULL is a no-op. @param map the map (owned); no ingest may still use it. */
LIION_API void liion_ingest_map_free(liion_ingest_map *map);

/**
 * @brief Number of rules (`on` lines) in a map.
 * @param map the map; borrowed.
 * @return the count; 0 for NULL.
 */
LIION_API size_t liion_ingest_map_rule_count(const liion_ingest_map *map);

/* ---- ingest ----------------------------------------------------------------------------- */

/**
 * @brief Join a map to a plant.
 * @param[out] out   the ingest; caller owns it, free with liion_ingest_free(). NULL on failure.
 * @param      ctx   the context (use the plant's); borrowed, must outlive the ingest.
 * @param      plant the plant mutations go to (a store's plant journals them); borrowed, must
 *                   outlive the ingest. Every equipment the map names must exist in it when a
 *                   message for that equipment arrives (unknown equipment is a problem).
 * @param      map   the mapping; borrowed, must outlive the ingest.
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_ingest_new(liion_ingest **out, liion_ctx *ctx, liion_plant *plant,
                                        const liion_ingest_map *map);

/** @brief Free an ingest (responses still open are dropped). NULL is a no-op. @param ing the ingest (owned). */
LIION_API void liion_ingest_free(liion_ingest *ing);

/**
 * @brief Give the ingest a spec registry and a limit set: `check` rules then check each value
 *        against @p limits and attach the result to the lot (or equipment) it was measured on.
 *        Without them a `check` rule is a problem.
 * @param ing    the ingest.
 * @param reg    the registry records go to (of the same plant; a store's
 *               liion_store_spec_registry() journals them); borrowed, must outlive the
 *               ingest; NULL to detach.
 * @param limits the limits checked against; borrowed, must outlive the ingest; NULL to detach.
 * @return #LIION_OK; #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_ingest_set_spec(liion_ingest *ing, liion_spec_registry *reg,
                                             liion_spec_limits *limits);

/**
 * @brief Ingest one S6F11 event report body from @p equipment: decoded with @p reports (the
 *        host's copy of the report definitions), then mapped by the `on s6f11` rule of
 *        (@p equipment, CEID).
 * @param ing       the ingest.
 * @param equipment the plant equipment ID the message came from; borrowed for the call.
 * @param reports   report definitions for decoding; borrowed.
 * @param body      the SECS-II body; borrowed for the call.
 * @param len       bytes at @p body.
 * @param time      the message time in plant time units.
 * @return #LIION_OK; #LIION_E_DECODE and the decoder's errors (malformed body);
 *         otherwise as liion_ingest_event().
 */
LIION_API liion_status liion_ingest_s6f11(liion_ingest *ing, const char *equipment,
                                          liion_gem_reports *reports, const uint8_t *body,
                                          size_t len, int64_t time);

/**
 * @brief Ingest one already decoded collection event: the value of `vids[i]` is `values[i]`.
 * @param ing       the ingest.
 * @param equipment the plant equipment ID; borrowed for the call.
 * @param ceid      the collection event ID.
 * @param vids      @p n variable IDs; borrowed for the call (NULL when @p n is 0).
 * @param values    @p n items; borrowed for the call (NULL when @p n is 0).
 * @param n         entries.
 * @param time      the event time in plant time units.
 * @return #LIION_OK; #LIION_E_UNSUPPORTED (no rule for the event, unknown equipment);
 *         #LIION_E_NOT_FOUND (a mapped VID missing, a consumed lot, segment or definition not
 *         in the plant); #LIION_E_RANGE (a value of the wrong type or shape, a unit that does
 *         not match the limit set); #LIION_E_STATE (start while a response is open, end while
 *         none is, no lot in process for a property); #LIION_E_LIMIT; the plant's and spec
 *         errors; #LIION_E_INVALID_ARG. Every error but #LIION_E_INVALID_ARG adds a problem.
 */
LIION_API liion_status liion_ingest_event(liion_ingest *ing, const char *equipment, uint32_t ceid,
                                          const uint32_t *vids,
                                          const liion_secs_item *const *values, size_t n,
                                          int64_t time);

/**
 * @brief Ingest a state change of an E40 process job or an E87 load port.
 * @param ing       the ingest.
 * @param equipment the plant equipment ID; borrowed for the call.
 * @param machine   which state model.
 * @param state     the new state (#liion_e40_state or #liion_e87_lts_state value).
 * @param object_id the PRJobID (E40: names the segment response a `start` opens) or the
 *                  CarrierID (E87: the lot a `consume`/`produce` rule records); borrowed for
 *                  the call; may be NULL when no rule uses it.
 * @param time      the change time in plant time units.
 * @return as liion_ingest_event().
 */
LIION_API liion_status liion_ingest_state_change(liion_ingest *ing, const char *equipment,
                                                 liion_ingest_machine machine, uint32_t state,
                                                 const char *object_id, int64_t time);

/**
 * @brief Decode one UADP NetworkMessage and ingest every DataSetMessage field an `on uadp`
 *        rule maps. A DataSetMessage of a writer no rule names is a problem; unmapped fields of
 *        a mapped writer are ignored. Decodes into a message kept by the ingest: steady use
 *        allocates nothing.
 * @param ing  the ingest.
 * @param data the NetworkMessage bytes; borrowed for the call.
 * @param len  bytes at @p data.
 * @param time the message time in plant time units.
 * @return #LIION_OK; the decoder's errors; otherwise as liion_ingest_event().
 */
LIION_API liion_status liion_ingest_uadp(liion_ingest *ing, const uint8_t *data, size_t len,
                                         int64_t time);

/**
 * @brief As liion_ingest_uadp() for a message decoded by the caller.
 * @param ing  the ingest.
 * @param msg  the decoded message; borrowed for the call.
 * @param time the message time in plant time units.
 * @return as liion_ingest_uadp().
 */
LIION_API liion_status liion_ingest_uadp_msg(liion_ingest *ing, const liion_uadp_msg *msg,
                                             int64_t time);

/**
 * @brief Ingest one OPC UA DataValue of a node mapped by an `on node` rule.
 * @param ing        the ingest.
 * @param ns         the NodeId's namespace index.
 * @param identifier the NodeId's identifier in the text form of the mapping: `i=123` or
 *                   `s=Name`; borrowed for the call.
 * @param dv         the DataValue; borrowed for the call. A value whose StatusCode is Bad
 *                   (top bit set) is a problem.
 * @param time       the value's time in plant time units.
 * @return as liion_ingest_event().
 */
LIION_API liion_status liion_ingest_datavalue(liion_ingest *ing, uint16_t ns,
                                              const char *identifier,
                                              const liion_ua_datavalue *dv, int64_t time);

/**
 * @brief The lot in process on a piece of equipment: the last lot produced (else consumed)
 *        for its open (or next) segment response, or the last lot of the response it closed.
 * @param ing       the ingest; borrowed.
 * @param equipment the plant equipment ID; borrowed for the call.
 * @return the lot index, or #LIION_PLANT_NONE.
 */
LIION_API uint32_t liion_ingest_lot_in_process(const liion_ingest *ing, const char *equipment);

/**
 * @brief A counter.
 * @param ing  the ingest; borrowed.
 * @param kind which counter.
 * @return its value; 0 for NULL or an unknown kind.
 */
LIION_API uint64_t liion_ingest_stat(const liion_ingest *ing, liion_ingest_stat_kind kind);

/**
 * @brief Number of problems kept (at most #LIION_INGEST_MAX_PROBLEMS).
 * @param ing the ingest; borrowed.
 * @return the count; 0 for NULL.
 */
LIION_API size_t liion_ingest_problem_count(const liion_ingest *ing);

/**
 * @brief Text of problem @p i: names the message (`S6F11 CEID 301 from STACKER-1`,
 *        `UADP writer 1`, `node ns=2;s=DewPoint`, `E40 PROCESSING on FILLER-1`), the field
 *        (`VID 3003`, `field 2`) and what was wrong.
 * @param ing the ingest; borrowed.
 * @param i   0 to liion_ingest_problem_count() - 1.
 * @return the text (borrowed, valid until liion_ingest_problems_clear() or the free), or
 *         NULL out of range.
 */
LIION_API const char *liion_ingest_problem(const liion_ingest *ing, size_t i);

/**
 * @brief Status of problem @p i.
 * @param ing the ingest; borrowed.
 * @param i   the problem.
 * @return its status; #LIION_E_INVALID_ARG out of range.
 */
LIION_API liion_status liion_ingest_problem_status(const liion_ingest *ing, size_t i);

/** @brief Forget the kept problems (counters stay). @param ing the ingest; NULL is a no-op. */
LIION_API void liion_ingest_problems_clear(liion_ingest *ing);

/** @} */

LIION_END_DECLS

#endif /* LIION_INGEST_H */
