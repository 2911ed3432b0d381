/**
 * @file liion/spec_plant.h
 * @brief Spec results attached to the objects of a `liion_plant` (lots, sublots, cells,
 *        segment responses ...), and the audit query "every spec result on a cell and on its
 *        backward trace".
 *
 * A #liion_spec_registry belongs to one plant. liion_spec_registry_attach() copies what a
 * #liion_spec_result holds (counts and every stored violation) together with the limit set's
 * owner and version, the parameter, a time and the object (kind + index, which are stable for
 * the plant's life) into one immutable *record*. Records are numbered 0, 1, 2 ... in attach
 * order and never change. Queries fill a #liion_spec_selection with record numbers, read with
 * count/at or with a cursor.
 *
 * The spec layer depends on the plant model, never the reverse: the plant does not know the
 * registry exists. See @ref guide_spec.
 */
#ifndef LIION_SPEC_PLANT_H
#define LIION_SPEC_PLANT_H

#include <liion/common.h>
#include <liion/ctx.h>
#include <liion/plant.h>
#include <liion/spec.h>

LIION_BEGIN_DECLS

/**
 * @defgroup liion_spec_plant Spec results on plant objects
 * @brief Attach check results to lots, sublots, cells and segment responses; query them per
 *        object and over a cell's backward closure.
 * @{
 */

/** Opaque registry of spec results on the objects of one plant. */
typedef struct liion_spec_registry liion_spec_registry;

/**
 * Opaque query result: rows of (record number, depth). Create with liion_spec_selection_new(),
 * free with liion_spec_selection_free(); every query clears and refills it, so one selection
 * reused query after query allocates nothing once it has grown.
 */
typedef struct liion_spec_selection liion_spec_selection;

/** Longest parameter label liion_spec_registry_attach() accepts, in bytes. */
#define LIION_SPEC_MAX_PARAM_BYTES 256u

/** One attached record, as read by liion_spec_registry_record(). */
typedef struct liion_spec_record_info {
    /** Set to `sizeof(liion_spec_record_info)` before the call; the library writes at most this. */
    uint32_t struct_size;
    /** Kind of the object the record is attached to. */
    liion_object_kind kind;
    /** Index of that object in the plant. */
    uint32_t index;
    /** Version of the limit set checked against (0 when none was given). */
    uint32_t limits_version;
    /** Owner ID of the limit set (material definition or recipe); "" when none was given.
     *  Borrowed from the registry, valid until it is freed. */
    const char *limits_owner;
    /** Parameter (or group label) checked; borrowed like @c limits_owner. */
    const char *param;
    /** Unit of @c param's limit in the set; "" when the set has no limit of that name or no
     *  set was given. Borrowed like @c limits_owner. */
    const char *unit;
    /** Time of the check, in the caller's units (as plant times). */
    int64_t time;
    /** Values checked. */
    uint64_t checked;
    /** Failures (values outside limits, missing values). */
    uint64_t failed;
    /** Warnings (values outside an advisory band). */
    uint64_t warned;
    /** Violations the result counted but did not store (its cap). */
    uint64_t dropped;
    /** Violations stored in the record: read them with liion_spec_registry_violation(). */
    uint64_t violations;
} liion_spec_record_info;

/* ---- registry ------------------------------------------------------------------------------ */

/**
 * @brief Create an empty registry for a plant.
 * @param[out] out the registry; caller owns it, free with liion_spec_registry_free() before the
 *                 plant. NULL on failure.
 * @param ctx   the context it allocates from and reports errors on; borrowed, must outlive the
 *              registry. Use the plant's context: errors of the plant queries the registry runs
 *              are reported there.
 * @param plant the plant whose objects records attach to; borrowed, must outlive the registry.
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_MISUSE; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_spec_registry_new(liion_spec_registry **out, liion_ctx *ctx,
                                               liion_plant *plant);

/** @brief Free a registry and its records. NULL is a no-op. @param reg the registry (owned). */
LIION_API void liion_spec_registry_free(liion_spec_registry *reg);

/**
 * @brief Attach what a check result holds to one plant object, as a new record.
 *
 * Copies the result's counts (checked, failed, warned, dropped) and every violation it stores
 * (parameter, value, limit, unit, where, index, severity, side), the limit set's owner and
 * version, @p param and, when the set has a limit for @p param, its unit. The result and the
 * set are only read: clear the result afterwards to check the next object. All or nothing: on
 * any error no record is added.
 *
 * @param[out] record_out the new record's number; may be NULL.
 * @param reg    the registry.
 * @param kind   the object's kind: #LIION_OBJ_LOT for lots, sublots and cells,
 *               #LIION_OBJ_RESPONSE for segment responses; any other plant kind is accepted
 *               (equipment: a dry room).
 * @param index  the object's index; it must exist in the plant.
 * @param result the checks to record; borrowed for the call.
 * @param limits the limit set checked against, or NULL (completeness-only transfer checks):
 *               owner "" and version 0 are recorded; borrowed for the call.
 * @param param  the parameter checked, or a label for a group of them (`"stack_alignment"`):
 *               1 to #LIION_SPEC_MAX_PARAM_BYTES bytes without control characters; copied.
 * @param time   time of the check, in the plant's time units.
 * @return #LIION_OK; #LIION_E_INVALID_ARG (NULL argument, unknown kind, bad @p param);
 *         #LIION_E_NOT_FOUND (no such object: the message names kind and index);
 *         #LIION_E_MISUSE (a freed handle); #LIION_E_LIMIT (more than 2^32 - 2 distinct
 *         strings); #LIION_E_NOMEM.
 */
LIION_API liion_status liion_spec_registry_attach(size_t *record_out, liion_spec_registry *reg,
                                                  liion_object_kind kind, uint32_t index,
                                                  liion_spec_result *result,
                                                  liion_spec_limits *limits, const char *param,
                                                  int64_t time);

/**
 * @brief Number of records (also the number the next one gets).
 * @param reg the registry; borrowed.
 * @return the count; 0 for NULL.
 */
LIION_API size_t liion_spec_registry_count(const liion_spec_registry *reg);

/**
 * @brief Read one record.
 * @param[out] out filled up to its struct_size (set it first); its strings are borrowed from
 *                 the registry, valid until it is freed.
 * @param reg    the registry.
 * @param record 0 to liion_spec_registry_count() - 1.
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_MISUSE; #LIION_E_RANGE (record).
 */
LIION_API liion_status liion_spec_registry_record(liion_spec_record_info *out,
                                                  liion_spec_registry *reg, size_t record);

/**
 * @brief Read one violation of a record.
 * @param[out] out filled up to its struct_size (set it first); its strings are borrowed from
 *                 the registry, valid until it is freed.
 * @param reg    the registry.
 * @param record the record.
 * @param i      0 to the record's @c violations - 1.
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_MISUSE; #LIION_E_RANGE (record or @p i).
 */
LIION_API liion_status liion_spec_registry_violation(liion_spec_violation *out,
                                                     liion_spec_registry *reg, size_t record,
                                                     size_t i);

/**
 * @brief Every record attached to one object, in attach order (depth 0).
 * @param reg   the registry.
 * @param sel   the selection to fill (cleared first); borrowed.
 * @param kind  the object's kind.
 * @param index the object's index.
 * @return #LIION_OK (possibly no rows); #LIION_E_INVALID_ARG; #LIION_E_NOT_FOUND (no such
 *         object); #LIION_E_MISUSE; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_spec_registry_select_object(liion_spec_registry *reg,
                                                         liion_spec_selection *sel,
                                                         liion_object_kind kind,
                                                         uint32_t index);

/**
 * @brief Every record on a cell (or any lot) and on its backward closure: the audit dossier
 *        query.
 *
 * The closure is the lot itself, every ancestor lot over genealogy edges, the parent lot of
 * every sublot reached (a daughter roll's jumbo roll, and that lot's ancestors in turn), and
 * the segment response that produced each of those lots (liion_plant_lot_producer()). Rows
 * go lot by lot, in the breadth-first order of the backward trace of @p lot, then of each
 * sublot parent's trace: for each lot its records in attach order, then those of its producing
 * response (each response once). Depth counts hops from @p lot (genealogy edges, shortest
 * within a trace, plus one per sublot-to-parent step); a producing response shares its lot's
 * depth.
 *
 * @param reg       the registry.
 * @param sel       the selection to fill (cleared first); borrowed.
 * @param lot       the start lot (a cell).
 * @param max_depth largest depth to follow; 0 means no limit.
 * @return #LIION_OK (possibly no rows); #LIION_E_INVALID_ARG; #LIION_E_NOT_FOUND (no such
 *         lot); #LIION_E_MISUSE; #LIION_E_NOMEM (the selection is left empty).
 */
LIION_API liion_status liion_spec_registry_select_closure(liion_spec_registry *reg,
                                                          liion_spec_selection *sel,
                                                          uint32_t lot, uint32_t max_depth);

/* ---- selections ---------------------------------------------------------------------------- */

/**
 * @brief Create an empty selection.
 * @param[out] out the selection; caller owns it, free with liion_spec_selection_free(). NULL on
 *                 failure.
 * @param ctx the context; borrowed, must outlive the selection.
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_MISUSE; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_spec_selection_new(liion_spec_selection **out, liion_ctx *ctx);

/** @brief Free a selection. NULL is a no-op. @param sel the selection (owned). */
LIION_API void liion_spec_selection_free(liion_spec_selection *sel);

/**
 * @brief Number of rows.
 * @param sel the selection; borrowed.
 * @return the count; 0 for NULL.
 */
LIION_API size_t liion_spec_selection_count(const liion_spec_selection *sel);

/**
 * @brief Record number of row @p i.
 * @param sel the selection; borrowed.
 * @param i   the row.
 * @return the record number, or SIZE_MAX out of range.
 */
LIION_API size_t liion_spec_selection_record(const liion_spec_selection *sel, size_t i);

/**
 * @brief Depth of row @p i (0: the object queried itself).
 * @param sel the selection; borrowed.
 * @param i   the row.
 * @return the depth, or 0 out of range.
 */
LIION_API uint32_t liion_spec_selection_depth(const liion_spec_selection *sel, size_t i);

/**
 * @brief Cursor: the next row. Starts at row 0 after every query and after
 *        liion_spec_selection_rewind().
 * @param      sel        the selection.
 * @param[out] record_out the record number; may be NULL.
 * @param[out] depth_out  the depth; may be NULL.
 * @return 1 when a row was returned, 0 at the end (or for NULL).
 */
LIION_API int liion_spec_selection_next(liion_spec_selection *sel, size_t *record_out,
                                        uint32_t *depth_out);

/** @brief Move the cursor back to row 0. @param sel the selection (NULL is a no-op). */
LIION_API void liion_spec_selection_rewind(liion_spec_selection *sel);

/** @} */

LIION_END_DECLS

#endif /* LIION_SPEC_PLANT_H */
