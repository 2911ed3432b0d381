/**
 * @file liion/spec.h
 * @brief Spec checkers: a parameter catalogue with units, versioned limit sets, checks over
 *        arrays and single values, dew point and ppmv, electrode physics, vision acceptance
 *        statistics and SPC (capability indices, control charts, Western Electric / Nelson rules).
 *
 * Units are UN/CEFACT Recommendation 20 common codes (`"4H"` micrometre, `"MMT"` millimetre,
 * `"CEL"` degree Celsius, `"DD"` degree of angle, `"PAL"` pascal, `"KPA"` kilopascal, `"SEC"`
 * second, `"59"` part per million, `"GM2"` gram per square metre, `"23"` gram per cubic
 * centimetre, `"P1"` percent). A check names its unit and must match the limit's unit: a value
 * in the wrong unit is refused, never silently compared.
 *
 * Every violation carries the parameter, the value, the limit it broke, the unit, a
 * caller-supplied "where" text (a lot, sublot, cell or segment-response ID) and an index, so
 * that a later layer can attach results to the objects of a plant model without re-checking.
 *
 * See @ref guide_spec.
 */
#ifndef LIION_SPEC_H
#define LIION_SPEC_H

#include <liion/common.h>
#include <liion/ctx.h>

LIION_BEGIN_DECLS

/**
 * @defgroup liion_spec Spec checkers and SPC
 * @brief Limits, checks, dew point, electrode physics, vision qualification, SPC.
 * @{
 */

/* ---- catalogue ---------------------------------------------------------------------------- */

/**
 * @brief The parameters libliion knows, each with a name and a UN/CEFACT Rec 20 unit.
 *
 * Limit sets may hold any other parameter name as well; the catalogue is what
 * liion_spec_limits_set_default() has documented defaults for.
 */
typedef enum liion_spec_param {
    /** `wet_film_thickness`, `4H`: coating wet film; default nominal +-1.5 um. */
    LIION_SPEC_WET_FILM_THICKNESS = 1,
    /** `cu_foil_thickness`, `4H`: anode copper foil; default 8-12 um (6 um foil is common: override). */
    LIION_SPEC_CU_FOIL_THICKNESS = 2,
    /** `al_foil_thickness`, `4H`: cathode aluminium foil; default 12-20 um. */
    LIION_SPEC_AL_FOIL_THICKNESS = 3,
    /** `dry_room_dew_point`, `CEL`: default at most -40 C (one-sided), advisory below -60 C. */
    LIION_SPEC_DRY_ROOM_DEW_POINT = 4,
    /** `stack_align_x`, `MMT`: per-layer x offset from the reference; default +-0.3 mm. */
    LIION_SPEC_STACK_ALIGN_X = 5,
    /** `stack_align_y`, `MMT`: per-layer y offset from the reference; default +-0.3 mm. */
    LIION_SPEC_STACK_ALIGN_Y = 6,
    /** `stack_align_rotation`, `DD`: per-layer rotation; no seed default (set it per recipe). */
    LIION_SPEC_STACK_ALIGN_ROTATION = 7,
    /** `stack_overhang`, `MMT`: anode-over-cathode overhang; no seed default (set it per recipe). */
    LIION_SPEC_STACK_OVERHANG = 8,
    /** `electrode_length`, `MMT`: slit electrode length; default nominal +-0.5 %. */
    LIION_SPEC_ELECTRODE_LENGTH = 9,
    /** `areal_loading`, `GM2`: coating mass per area and side (1 mg/cm2 = 10 g/m2); no seed default. */
    LIION_SPEC_AREAL_LOADING = 10,
    /** `calender_density`, `23`: compaction density after calendering; no seed default. */
    LIION_SPEC_CALENDER_DENSITY = 11,
    /** `porosity`, `P1`: electrode porosity in percent; no seed default. */
    LIION_SPEC_POROSITY = 12,
    /** `transfer_pressure_differential`, `PAL`: dry-room transfer chamber differential; must be present. */
    LIION_SPEC_TRANSFER_PRESSURE_DIFF = 13,
    /** `transfer_dwell_time`, `SEC`: dry-room transfer dwell time; must be present. */
    LIION_SPEC_TRANSFER_DWELL_TIME = 14,
    /** `gripper_vacuum`, `KPA`: robot gripper vacuum during transfer; must be present. */
    LIION_SPEC_GRIPPER_VACUUM = 15,
    /** `moisture_ppmv`, `59`: water vapour mole fraction; no seed default. */
    LIION_SPEC_MOISTURE_PPMV = 16,
    LIION_SPEC_PARAM__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a parameter. */
} liion_spec_param;

/**
 * @brief Catalogue name of a parameter, e.g. `"wet_film_thickness"`.
 * @param param a catalogue value.
 * @return static text, or NULL for a value not in the catalogue.
 */
LIION_API const char *liion_spec_param_name(liion_spec_param param);

/**
 * @brief UN/CEFACT Rec 20 unit code of a catalogue parameter, e.g. `"4H"`.
 * @param param a catalogue value.
 * @return static text, or NULL for a value not in the catalogue.
 */
LIION_API const char *liion_spec_param_unit(liion_spec_param param);

/* ---- documented seed defaults --------------------------------------------------------------- */

/** Default wet-film tolerance around the nominal wet thickness, um (seed: +-1.5 um). */
#define LIION_SPEC_DEFAULT_WET_FILM_TOL_UM 1.5
/** Default copper foil range, lower edge, um (seed: 8-12 um). */
#define LIION_SPEC_DEFAULT_CU_FOIL_MIN_UM 8.0
/** Default copper foil range, upper edge, um. */
#define LIION_SPEC_DEFAULT_CU_FOIL_MAX_UM 12.0
/** Default aluminium foil range, lower edge, um (seed: 12-20 um). */
#define LIION_SPEC_DEFAULT_AL_FOIL_MIN_UM 12.0
/** Default aluminium foil range, upper edge, um. */
#define LIION_SPEC_DEFAULT_AL_FOIL_MAX_UM 20.0
/** Default dry-room dew point upper limit, degrees C (one-sided: drier always passes). */
#define LIION_SPEC_DEFAULT_DEW_POINT_MAX_C (-40.0)
/** Default advisory edge: a dew point below this only warns (sensor plausibility, energy). */
#define LIION_SPEC_DEFAULT_DEW_POINT_ADVISORY_C (-60.0)
/** Default stacking alignment tolerance per layer and over the stack, mm (prismatic). */
#define LIION_SPEC_DEFAULT_STACK_ALIGN_TOL_MM 0.3
/** Default electrode length tolerance, percent of nominal. */
#define LIION_SPEC_DEFAULT_ELECTRODE_LENGTH_TOL_PCT 0.5

/* ---- limit sets ----------------------------------------------------------------------------- */

/** How a limit is given. The two numbers passed with it are named a and b below. */
typedef enum liion_spec_kind {
    LIION_SPEC_TWO_SIDED = 1,  /**< a <= value <= b. */
    LIION_SPEC_UPPER = 2,      /**< value <= a (b ignored, pass 0). */
    LIION_SPEC_LOWER = 3,      /**< value >= a (b ignored, pass 0). */
    LIION_SPEC_TARGET_ABS = 4, /**< |value - a| <= b, with b >= 0 an absolute tolerance. */
    LIION_SPEC_TARGET_PCT = 5, /**< |value - a| <= |a| * b / 100, with b >= 0 a percentage. */
    LIION_SPEC_KIND__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a kind. */
} liion_spec_kind;

/** Opaque versioned limit set for one material definition or recipe. */
typedef struct liion_spec_limits liion_spec_limits;

/** One limit of a set, as read back by liion_spec_limits_get(). */
typedef struct liion_spec_limit_info {
    /** Set to `sizeof(liion_spec_limit_info)` before the call; the library writes at most this. */
    uint32_t struct_size;
    /** How the limit was given. */
    liion_spec_kind kind;
    /** Parameter name; borrowed from the set, valid until the set is changed or freed. */
    const char *param;
    /** Unit code; borrowed from the set, valid until the set is changed or freed. */
    const char *unit;
    /** First number given (lower edge, the one edge, or the target). */
    double a;
    /** Second number given (upper edge or tolerance), 0 for one-sided kinds. */
    double b;
    /** Effective lower edge (-infinity for none). */
    double lo;
    /** Effective upper edge (+infinity for none). */
    double hi;
    /** Advisory lower edge: values below only warn (-infinity for none). */
    double advisory_lo;
    /** Advisory upper edge: values above only warn (+infinity for none). */
    double advisory_hi;
} liion_spec_limit_info;

/**
 * @brief Create an empty limit set.
 * @param[out] out the new set, owned by the caller: free with liion_spec_limits_free(). NULL on failure.
 * @param ctx context (borrowed; must outlive the set). Errors are reported on it.
 * @param owner_id material definition or recipe ID the set belongs to (copied), non-empty.
 * @param version version of the set for that owner (any value; kept for the audit).
 * @return LIION_OK, LIION_E_INVALID_ARG or LIION_E_NOMEM.
 */
LIION_API liion_status liion_spec_limits_new(liion_spec_limits **out, liion_ctx *ctx,
                                             const char *owner_id, uint32_t version);

/**
 * @brief Free a limit set. NULL is a no-op.
 * @param limits the set (owned; invalid afterwards).
 */
LIION_API void liion_spec_limits_free(liion_spec_limits *limits);

/**
 * @brief The owner ID given at creation.
 * @param limits the set (borrowed).
 * @return borrowed text valid until the set is freed; "" for a NULL set.
 */
LIION_API const char *liion_spec_limits_owner(const liion_spec_limits *limits);

/**
 * @brief The version given at creation.
 * @param limits the set (borrowed).
 * @return the version, 0 for a NULL set.
 */
LIION_API uint32_t liion_spec_limits_version(const liion_spec_limits *limits);

/**
 * @brief Add a limit for @p param, or replace the one it has.
 *
 * Numbers must be finite; an inverted range, a negative tolerance or a missing unit is refused.
 * Replacing a limit keeps any advisory band already set for the parameter.
 *
 * @param limits the set (borrowed).
 * @param param parameter name (copied), non-empty; catalogue names or your own.
 * @param unit UN/CEFACT Rec 20 code (copied): 1 to 3 characters A-Z, 0-9.
 * @param kind how @p a and @p b are read.
 * @param a see #liion_spec_kind.
 * @param b see #liion_spec_kind.
 * @return LIION_OK, LIION_E_INVALID_ARG, LIION_E_RANGE (non-finite or inconsistent numbers), LIION_E_NOMEM.
 */
LIION_API liion_status liion_spec_limits_set(liion_spec_limits *limits, const char *param,
                                             const char *unit, liion_spec_kind kind, double a,
                                             double b);

/**
 * @brief Set an advisory band for a parameter that already has a limit: values inside the
 *        limit but outside [@p lo, @p hi] give a warning, not a failure.
 * @param limits the set (borrowed).
 * @param param a parameter with a limit in the set.
 * @param lo advisory lower edge, or -INFINITY for none (NaN refused).
 * @param hi advisory upper edge, or +INFINITY for none (NaN refused).
 * @return LIION_OK, LIION_E_INVALID_ARG, LIION_E_RANGE, LIION_E_NOT_FOUND.
 */
LIION_API liion_status liion_spec_limits_set_advisory(liion_spec_limits *limits,
                                                      const char *param, double lo, double hi);

/**
 * @brief Add the seed's documented default limit for a catalogue parameter.
 *
 * Defaults (see the LIION_SPEC_DEFAULT_* macros): wet film @p nominal +-1.5 um; Cu foil
 * 8-12 um; Al foil 12-20 um; dew point <= -40 C with an advisory band below -60 C; stacking x
 * and y +-0.3 mm; electrode length @p nominal +-0.5 %. @p nominal is used only by wet film
 * and electrode length (pass 0 otherwise).
 *
 * @param limits the set (borrowed).
 * @param param a catalogue parameter.
 * @param nominal nominal value for target-based defaults (um for wet film, mm for length).
 * @return LIION_OK, LIION_E_INVALID_ARG, LIION_E_RANGE (bad nominal), LIION_E_NOT_FOUND
 *         (the seed gives no default for that parameter), LIION_E_NOMEM.
 */
LIION_API liion_status liion_spec_limits_set_default(liion_spec_limits *limits,
                                                     liion_spec_param param, double nominal);

/**
 * @brief Number of limits in the set.
 * @param limits the set (borrowed).
 * @return the count, 0 for NULL.
 */
LIION_API size_t liion_spec_limits_count(const liion_spec_limits *limits);

/**
 * @brief Find the index of a parameter's limit.
 * @param[out] index its index for liion_spec_limits_get().
 * @param limits the set (borrowed).
 * @param param parameter name.
 * @return LIION_OK, LIION_E_INVALID_ARG or LIION_E_NOT_FOUND.
 */
LIION_API liion_status liion_spec_limits_find(size_t *index, liion_spec_limits *limits,
                                              const char *param);

/**
 * @brief Read one limit back.
 * @param[out] out filled up to its struct_size (set it first); pointers in it are borrowed from the set.
 * @param limits the set (borrowed).
 * @param index 0 to liion_spec_limits_count() - 1.
 * @return LIION_OK, LIION_E_INVALID_ARG or LIION_E_RANGE (index).
 */
LIION_API liion_status liion_spec_limits_get(liion_spec_limit_info *out,
                                             liion_spec_limits *limits, size_t index);

/**
 * @brief Build a limit set from its text form (untrusted input is fine).
 *
 * UTF-8/ASCII text, one directive per line, fields separated by spaces or tabs, `#` starts a
 * comment. The first directive is `limits <owner_id> <version>`; then any of
 *
 *     <param> <unit> two_sided <lo> <hi>
 *     <param> <unit> upper <hi>
 *     <param> <unit> lower <lo>
 *     <param> <unit> target <target> <tolerance>
 *     <param> <unit> target_pct <target> <percent>
 *     advisory <param> <lo|-inf> <hi|inf>
 *     default <catalogue name> [<nominal>]
 *
 * applied in order, exactly as the matching liion_spec_limits_set() /
 * liion_spec_limits_set_advisory() / liion_spec_limits_set_default() calls. Numbers are
 * decimal with an optional exponent and never depend on the C locale. The text may be at most
 * #LIION_LIMIT_MAX_MESSAGE_BYTES long with at most #LIION_LIMIT_MAX_ITEMS directives; a field
 * is at most 256 bytes.
 *
 * @param[out] out the new set, owned by the caller: free with liion_spec_limits_free(). NULL on failure.
 * @param ctx context (borrowed; must outlive the set). On failure it holds the message, with
 *        the line number, and liion_ctx_error_offset() the byte offset of the faulty field.
 * @param text the text (borrowed for the call); need not be NUL-terminated.
 * @param len bytes of @p text.
 * @return LIION_OK, LIION_E_INVALID_ARG, LIION_E_DECODE (syntax), LIION_E_RANGE (numbers),
 *         LIION_E_NOT_FOUND, LIION_E_LIMIT, LIION_E_TRUNCATED (no header), LIION_E_NOMEM.
 */
LIION_API liion_status liion_spec_limits_decode(liion_spec_limits **out, liion_ctx *ctx,
                                                const uint8_t *text, size_t len);

/**
 * @brief Write a limit set in the text form liion_spec_limits_decode() reads: the
 *        `limits <owner_id> <version>` line, then one line per limit in the set's order
 *        (`<param> <unit> <kind> <numbers>` with the numbers as given) and an `advisory` line
 *        after each limit that has advisory edges.
 *
 * Numbers are written with '.' whatever the locale, as the shortest decimal text that reads
 * back as exactly the same double, so decoding the text gives a set whose every limit equals
 * this one's. `default` lines are not written: a default is written as the limit it set.
 *
 * @param[out] buf     output, NUL-terminated on success; may be NULL when @p cap is 0.
 * @param      cap     bytes available (text plus the NUL).
 * @param[out] written text length without the NUL; on #LIION_E_BUFFER_TOO_SMALL the length
 *                     needed (the buffer needs one byte more).
 * @param      limits  the set (borrowed). Errors are reported on its context.
 * @return #LIION_OK; #LIION_E_BUFFER_TOO_SMALL; #LIION_E_INVALID_ARG (NULL @p written, or NULL
 *         @p buf with @p cap > 0, or NULL @p limits); #LIION_E_MISUSE (freed set);
 *         #LIION_E_UNSUPPORTED (an owner, parameter or unit the text form cannot carry: a
 *         space, '#' or control byte, or longer than 256 bytes).
 */
LIION_API liion_status liion_spec_limits_encode(char *buf, size_t cap, size_t *written,
                                                const liion_spec_limits *limits);

/* ---- results and checks --------------------------------------------------------------------- */

/** How bad a violation is. */
typedef enum liion_spec_severity {
    LIION_SPEC_FAIL = 1, /**< Outside the limit: the value fails the spec. */
    LIION_SPEC_WARN = 2, /**< Inside the limit but outside the advisory band. */
    LIION_SPEC_SEVERITY__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a severity. */
} liion_spec_severity;

/** Which edge a violation crossed. */
typedef enum liion_spec_side {
    LIION_SPEC_SIDE_LOW = 1,     /**< Below the lower edge. */
    LIION_SPEC_SIDE_HIGH = 2,    /**< Above the upper edge. */
    LIION_SPEC_SIDE_MISSING = 3, /**< A required value is absent (value is NaN, limit NaN). */
    LIION_SPEC_SIDE__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a side. */
} liion_spec_side;

/** Index of a violation that concerns a whole stack rather than one layer. */
#define LIION_SPEC_INDEX_STACK UINT64_MAX

/** Default for liion_spec_result_set_max_violations(): violations stored in detail. */
#define LIION_SPEC_DEFAULT_MAX_VIOLATIONS 100000u

/** Opaque accumulator of check results: counts and violations. */
typedef struct liion_spec_result liion_spec_result;

/** One violation, as read by liion_spec_result_violation(). */
typedef struct liion_spec_violation {
    /** Set to `sizeof(liion_spec_violation)` before the call; the library writes at most this. */
    uint32_t struct_size;
    /** Failure or warning. */
    liion_spec_severity severity;
    /** Which edge was crossed, or missing. */
    liion_spec_side side;
    /** Reserved, written as zero. */
    uint32_t reserved;
    /** Index of the value (first_index + position), a layer, or #LIION_SPEC_INDEX_STACK. */
    uint64_t index;
    /** The value checked (NaN when missing). */
    double value;
    /** The edge it crossed (NaN when missing). */
    double limit;
    /** Parameter name; borrowed from the result, valid until it is cleared or freed. */
    const char *param;
    /** Unit code; borrowed from the result, valid until it is cleared or freed. */
    const char *unit;
    /** The caller's "where" (lot, sublot, cell, segment-response ID); borrowed like @c param, "" if none. */
    const char *where;
} liion_spec_violation;

/**
 * @brief Create an empty result.
 * @param[out] out the new result, owned by the caller: free with liion_spec_result_free(). NULL on failure.
 * @param ctx context (borrowed; must outlive the result).
 * @return LIION_OK, LIION_E_INVALID_ARG or LIION_E_NOMEM.
 */
LIION_API liion_status liion_spec_result_new(liion_spec_result **out, liion_ctx *ctx);

/**
 * @brief Free a result. NULL is a no-op.
 * @param result the result (owned; invalid afterwards).
 */
LIION_API void liion_spec_result_free(liion_spec_result *result);

/**
 * @brief Forget all counts and violations, keeping the memory for reuse.
 * @param result the result (borrowed); NULL is a no-op.
 */
LIION_API void liion_spec_result_clear(liion_spec_result *result);

/**
 * @brief Cap the violations stored in detail; past it violations are only counted
 *        (liion_spec_result_dropped()).
 * @param result the result (borrowed).
 * @param max the cap (0 keeps none in detail).
 * @return LIION_OK or LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_spec_result_set_max_violations(liion_spec_result *result,
                                                            size_t max);

/**
 * @brief Check an array of values of one parameter against a limit set.
 *
 * The hot loop is a branch-free count over blocks of 256 values; only a block where something
 * is off is looked at value by value. The call is atomic: a NaN or an infinity anywhere is
 * refused (LIION_E_RANGE, message naming its index) and nothing is recorded.
 *
 * @param result accumulates counts and violations (borrowed).
 * @param limits the limit set (borrowed).
 * @param param parameter name; must have a limit in @p limits.
 * @param unit unit of the values; must equal the limit's unit.
 * @param values the values (borrowed for the call); may be NULL when @p n is 0.
 * @param n number of values.
 * @param where caller's ID of the object measured (copied once per call), or NULL for "".
 * @param first_index index recorded for values[0]; values[i] gets first_index + i.
 * @return LIION_OK (also when values fail: see the result), LIION_E_INVALID_ARG,
 *         LIION_E_NOT_FOUND (no limit), LIION_E_RANGE (non-finite value), LIION_E_NOMEM.
 */
LIION_API liion_status liion_spec_check_values(liion_spec_result *result,
                                               liion_spec_limits *limits, const char *param,
                                               const char *unit, const double *values, size_t n,
                                               const char *where, uint64_t first_index);

/**
 * @brief Check one value; same rules as liion_spec_check_values().
 * @param result accumulates counts and violations (borrowed).
 * @param limits the limit set (borrowed).
 * @param param parameter name.
 * @param unit unit of the value.
 * @param value the value (finite).
 * @param where caller's ID (copied), or NULL.
 * @param index index recorded with a violation.
 * @return as liion_spec_check_values().
 */
LIION_API liion_status liion_spec_check_value(liion_spec_result *result,
                                              liion_spec_limits *limits, const char *param,
                                              const char *unit, double value, const char *where,
                                              uint64_t index);

/**
 * @brief Check a stack's alignment per layer and over the stack.
 *
 * Each non-NULL array holds one value per layer and is checked against the catalogue
 * parameter (`stack_align_x` / `_y` / `_rotation`, `stack_overhang`) in @p limits, with the
 * layer number as index. Over the stack, the largest |offset| of x, y and rotation is checked
 * once more and a failure is recorded with index #LIION_SPEC_INDEX_STACK, so a stack verdict
 * is visible without scanning layers.
 *
 * @param result accumulates counts and violations (borrowed).
 * @param limits the limit set (borrowed); must hold a limit for each non-NULL array.
 * @param dx_mm x offsets per layer (borrowed), or NULL.
 * @param dy_mm y offsets per layer (borrowed), or NULL.
 * @param rot_deg rotations per layer (borrowed), or NULL.
 * @param overhang_mm overhangs per layer (borrowed), or NULL.
 * @param layers number of layers (>= 1).
 * @param where caller's stack ID (copied), or NULL.
 * @return as liion_spec_check_values().
 */
LIION_API liion_status liion_spec_check_stack(liion_spec_result *result,
                                              liion_spec_limits *limits, const double *dx_mm,
                                              const double *dy_mm, const double *rot_deg,
                                              const double *overhang_mm, size_t layers,
                                              const char *where);

/**
 * @brief Check that a robotic dry-room transfer record is complete.
 *
 * Chamber pressure differential, dwell time and gripper vacuum must all be present; each
 * absent one (NULL pointer) is a failure with side #LIION_SPEC_SIDE_MISSING. Present values
 * are also checked against @p limits when it has a limit for them (catalogue names and
 * catalogue units: Pa, s, kPa). Like every check, a refused call records nothing.
 *
 * @param result accumulates counts and violations (borrowed).
 * @param limits the limit set (borrowed), or NULL to check completeness only.
 * @param pressure_diff_pa pressure differential in Pa (borrowed), or NULL when absent.
 * @param dwell_s dwell time in s (borrowed), or NULL when absent.
 * @param gripper_vacuum_kpa gripper vacuum in kPa (borrowed), or NULL when absent.
 * @param where caller's lot or transfer ID (copied), or NULL.
 * @param index index recorded with violations (e.g. the transfer's sequence number).
 * @return LIION_OK, LIION_E_INVALID_ARG, LIION_E_RANGE (non-finite value), LIION_E_NOMEM.
 */
LIION_API liion_status liion_spec_check_transfer(liion_spec_result *result,
                                                 liion_spec_limits *limits,
                                                 const double *pressure_diff_pa,
                                                 const double *dwell_s,
                                                 const double *gripper_vacuum_kpa,
                                                 const char *where, uint64_t index);

/**
 * @brief Values checked so far.
 * @param result the result (borrowed).
 * @return the count, 0 for NULL.
 */
LIION_API uint64_t liion_spec_result_checked(const liion_spec_result *result);

/**
 * @brief Failures so far (values outside limits and missing values), stored or not.
 * @param result the result (borrowed).
 * @return the count, 0 for NULL.
 */
LIION_API uint64_t liion_spec_result_failed(const liion_spec_result *result);

/**
 * @brief Warnings so far (values outside an advisory band), stored or not.
 * @param result the result (borrowed).
 * @return the count, 0 for NULL.
 */
LIION_API uint64_t liion_spec_result_warned(const liion_spec_result *result);

/**
 * @brief Violations counted but not stored because of the cap.
 * @param result the result (borrowed).
 * @return the count, 0 for NULL.
 */
LIION_API uint64_t liion_spec_result_dropped(const liion_spec_result *result);

/**
 * @brief Violations stored in detail.
 * @param result the result (borrowed).
 * @return the count, 0 for NULL.
 */
LIION_API size_t liion_spec_result_count(const liion_spec_result *result);

/**
 * @brief Read one stored violation.
 * @param[out] out filled up to its struct_size; its strings are borrowed from the result.
 * @param result the result (borrowed).
 * @param index 0 to liion_spec_result_count() - 1.
 * @return LIION_OK, LIION_E_INVALID_ARG or LIION_E_RANGE.
 */
LIION_API liion_status liion_spec_result_violation(liion_spec_violation *out,
                                                   liion_spec_result *result, size_t index);

/* ---- dew point / frost point and ppmv ------------------------------------------------------- */

/** Which saturation curve a dew-point figure is read against. */
typedef enum liion_dewpoint_basis {
    LIION_DEWPOINT_FROST = 1, /**< Frost point: saturation over ice (Hardy 1998 ITS-90), -100 to 0.01 C. */
    LIION_DEWPOINT_WATER = 2, /**< Dew point over (supercooled) water (Hardy 1998 ITS-90), -100 to 100 C. */
    LIION_DEWPOINT_BASIS__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a basis. */
} liion_dewpoint_basis;

/** Flag: apply the WMO enhancement factor f(p) (about 1.0047 at 1013 hPa). */
#define LIION_DEWPOINT_ENHANCE (1u << 0)
/** Flag: ppmv on a dry-gas basis, e / (P - e), instead of the mole fraction e / P. */
#define LIION_DEWPOINT_DRY_BASIS (1u << 1)

/** Flag: use the Magnus fits (WMO CIMO guide, Sonntag 1990) instead of Hardy ITS-90: closed-form
 *  inverse, within 0.1 % of Hardy over ice from -20 to -60 C; valid -65 to 0.01 C over ice and
 *  -45 to 60 C over water. */
#define LIION_DEWPOINT_MAGNUS (1u << 2)

/** Standard atmosphere in Pa, a convenient pressure argument. */
#define LIION_STANDARD_PRESSURE_PA 101325.0

/**
 * @brief Saturation vapour pressure (Hardy 1998, ITS-90; or Magnus with #LIION_DEWPOINT_MAGNUS).
 * @param[out] pa_out pressure in Pa.
 * @param ctx context for errors.
 * @param t_c temperature in degrees C, inside the formula's range for the basis.
 * @param basis ice or water.
 * @param flags #LIION_DEWPOINT_MAGNUS or 0.
 * @return LIION_OK, LIION_E_INVALID_ARG, LIION_E_RANGE.
 */
LIION_API liion_status liion_dewpoint_vapor_pressure(double *pa_out, liion_ctx *ctx, double t_c,
                                                     liion_dewpoint_basis basis, uint32_t flags);

/**
 * @brief Dew or frost point to ppmv: f * e_s(T_d) / P * 1e6 (or e / (P - e) on a dry basis).
 * @param[out] ppmv_out the water vapour fraction in ppmv.
 * @param ctx context for errors.
 * @param t_c dew or frost point in degrees C.
 * @param pressure_pa total pressure in Pa (1 kPa to 2 MPa).
 * @param basis ice or water.
 * @param flags OR of #LIION_DEWPOINT_ENHANCE, #LIION_DEWPOINT_DRY_BASIS,
 *        #LIION_DEWPOINT_MAGNUS, or 0.
 * @return LIION_OK, LIION_E_INVALID_ARG, LIION_E_RANGE.
 */
LIION_API liion_status liion_dewpoint_to_ppmv(double *ppmv_out, liion_ctx *ctx, double t_c,
                                              double pressure_pa, liion_dewpoint_basis basis,
                                              uint32_t flags);

/**
 * @brief ppmv to dew or frost point: the inverse of liion_dewpoint_to_ppmv() (bisection to full
 *        precision for Hardy, closed form for Magnus).
 * @param[out] t_c_out dew or frost point in degrees C.
 * @param ctx context for errors.
 * @param ppmv water vapour fraction in ppmv (> 0).
 * @param pressure_pa total pressure in Pa.
 * @param basis ice or water.
 * @param flags as for liion_dewpoint_to_ppmv().
 * @return LIION_OK, LIION_E_INVALID_ARG, LIION_E_RANGE (no dew point in the basis' range).
 */
LIION_API liion_status liion_dewpoint_from_ppmv(double *t_c_out, liion_ctx *ctx, double ppmv,
                                                double pressure_pa, liion_dewpoint_basis basis,
                                                uint32_t flags);

/**
 * @brief Mixing ratio in mg of water per kg of dry air: 0.62198 * e / (P - e) * 1e6.
 * @param[out] mg_per_kg_out the mixing ratio.
 * @param ctx context for errors.
 * @param t_c dew or frost point in degrees C.
 * @param pressure_pa total pressure in Pa.
 * @param basis ice or water.
 * @param flags #LIION_DEWPOINT_ENHANCE, #LIION_DEWPOINT_MAGNUS, or 0.
 * @return LIION_OK, LIION_E_INVALID_ARG, LIION_E_RANGE.
 */
LIION_API liion_status liion_dewpoint_mixing_ratio(double *mg_per_kg_out, liion_ctx *ctx,
                                                   double t_c, double pressure_pa,
                                                   liion_dewpoint_basis basis, uint32_t flags);

/* ---- electrode physics ---------------------------------------------------------------------- */

/**
 * @brief Areal loading from a wet film: m_A = h_wet * rho_slurry * w_solids.
 * @param[out] mg_cm2_out loading in mg/cm2 (per side).
 * @param ctx context for errors.
 * @param wet_um wet film thickness in um (> 0).
 * @param slurry_g_cm3 slurry density in g/cm3 (> 0).
 * @param solids_fraction solids mass fraction (0, 1].
 * @return LIION_OK, LIION_E_INVALID_ARG, LIION_E_RANGE.
 */
LIION_API liion_status liion_electrode_wet_loading(double *mg_cm2_out, liion_ctx *ctx,
                                                   double wet_um, double slurry_g_cm3,
                                                   double solids_fraction);

/**
 * @brief Loading tolerance in percent implied by a wet-film tolerance: 100 * tol / nominal
 *        (1.5 um at 150 um wet is +-1.0 % loading).
 * @param[out] pct_out the tolerance in percent.
 * @param ctx context for errors.
 * @param nominal_wet_um nominal wet thickness in um (> 0).
 * @param tol_um wet tolerance in um (>= 0).
 * @return LIION_OK, LIION_E_INVALID_ARG, LIION_E_RANGE.
 */
LIION_API liion_status liion_electrode_loading_tolerance(double *pct_out, liion_ctx *ctx,
                                                         double nominal_wet_um, double tol_um);

/**
 * @brief Coating thickness per side: (h_electrode - h_foil) / sides.
 * @param[out] um_out thickness per side in um.
 * @param ctx context for errors.
 * @param electrode_um total electrode thickness in um.
 * @param foil_um foil thickness in um (< electrode_um).
 * @param sides 1 or 2 coated sides.
 * @return LIION_OK, LIION_E_INVALID_ARG, LIION_E_RANGE.
 */
LIION_API liion_status liion_electrode_coat_thickness(double *um_out, liion_ctx *ctx,
                                                      double electrode_um, double foil_um,
                                                      uint32_t sides);

/**
 * @brief Composite true (skeletal) density: 1 / sum(w_i / rho_i).
 * @param[out] g_cm3_out density in g/cm3.
 * @param ctx context for errors.
 * @param mass_fractions component mass fractions (borrowed), summing to 1 within 1e-6.
 * @param densities component densities in g/cm3 (borrowed), each > 0.
 * @param n number of components (>= 1).
 * @return LIION_OK, LIION_E_INVALID_ARG, LIION_E_RANGE.
 */
LIION_API liion_status liion_electrode_true_density(double *g_cm3_out, liion_ctx *ctx,
                                                    const double *mass_fractions,
                                                    const double *densities, size_t n);

/**
 * @brief Compaction density: rho_c = m_A / h_coat.
 * @param[out] g_cm3_out density in g/cm3.
 * @param ctx context for errors.
 * @param loading_mg_cm2 areal loading per side in mg/cm2 (> 0).
 * @param coat_um coating thickness per side in um (> 0).
 * @return LIION_OK, LIION_E_INVALID_ARG, LIION_E_RANGE.
 */
LIION_API liion_status liion_electrode_density(double *g_cm3_out, liion_ctx *ctx,
                                               double loading_mg_cm2, double coat_um);

/**
 * @brief Porosity: eps = 1 - m_A / (h_coat * rho_true), as a fraction.
 * @param[out] porosity_out porosity in [0, 1).
 * @param ctx context for errors.
 * @param loading_mg_cm2 areal loading per side in mg/cm2 (> 0).
 * @param coat_um coating thickness per side in um (> 0).
 * @param true_g_cm3 true density in g/cm3 (> 0).
 * @return LIION_OK, LIION_E_INVALID_ARG, LIION_E_RANGE (also when the numbers give a
 *         density above the true density, i.e. negative porosity).
 */
LIION_API liion_status liion_electrode_porosity(double *porosity_out, liion_ctx *ctx,
                                                double loading_mg_cm2, double coat_um,
                                                double true_g_cm3);

/* ---- binomial bounds and vision qualification ------------------------------------------------ */

/** Confidence-bound method for a binomial proportion. */
typedef enum liion_bound_method {
    LIION_BOUND_CLOPPER_PEARSON = 1, /**< Exact (beta quantiles); conservative. */
    LIION_BOUND_WILSON = 2,          /**< Wilson score interval. */
    LIION_BOUND_METHOD__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a method. */
} liion_bound_method;

/**
 * @brief Confidence bounds for a proportion k / n.
 * @param[out] lo_out lower bound.
 * @param[out] hi_out upper bound.
 * @param ctx context for errors.
 * @param k successes (<= n).
 * @param n trials (>= 1).
 * @param confidence in (0, 1), e.g. 0.95.
 * @param method Clopper-Pearson or Wilson.
 * @param one_sided nonzero: each bound is a one-sided bound at @p confidence (0 misses in 59
 *        gives a Clopper-Pearson lower bound of 0.9505); zero: [lo, hi] is a two-sided interval.
 * @return LIION_OK, LIION_E_INVALID_ARG, LIION_E_RANGE.
 */
LIION_API liion_status liion_binomial_bounds(double *lo_out, double *hi_out, liion_ctx *ctx,
                                             uint64_t k, uint64_t n, double confidence,
                                             liion_bound_method method, uint32_t one_sided);

/** Outcome of a vision qualification. */
typedef enum liion_vision_verdict {
    LIION_VISION_QUALIFIED = 1,          /**< The one-sided bounds prove every criterion. */
    LIION_VISION_NOT_QUALIFIED = 2,      /**< A point estimate already misses a criterion. */
    LIION_VISION_NOT_ENOUGH_EVIDENCE = 3, /**< Estimates meet the criteria but the bounds do not yet. */
    LIION_VISION_VERDICT__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a verdict. */
} liion_vision_verdict;

/** Seed default: coating streaks wider than this (mm) must be detected. */
#define LIION_VISION_STREAK_MIN_WIDTH_MM 0.3
/** Seed default: coating streak false-reject rate must stay below this (fraction). */
#define LIION_VISION_STREAK_MAX_FRR 0.015
/** Seed default: tab-weld porosity recall must be at least this (fraction). */
#define LIION_VISION_WELD_MIN_RECALL 0.95

/** Statistics and verdict of liion_vision_qualify(). */
typedef struct liion_vision_report {
    /** Set to `sizeof(liion_vision_report)` before the call; the library writes at most this. */
    uint32_t struct_size;
    /** The verdict. */
    liion_vision_verdict verdict;
    /** Defects in the set (tp + fn). */
    uint64_t defects;
    /** Good parts in the set (fp + tn). */
    uint64_t goods;
    /** Recall tp / (tp + fn); NaN without defects. */
    double recall;
    /** One-sided lower confidence bound on recall; NaN without defects. */
    double recall_lo;
    /** False-reject rate fp / (fp + tn); NaN without good parts. */
    double frr;
    /** One-sided upper confidence bound on the false-reject rate; NaN without good parts. */
    double frr_hi;
} liion_vision_report;

/**
 * @brief Qualify a vision system from confusion-matrix counts.
 *
 * Qualified when recall_lo >= @p min_recall and frr_hi < @p max_frr (one-sided bounds at
 * @p confidence); not qualified when recall < @p min_recall or frr >= @p max_frr; otherwise
 * not enough evidence. A criterion is skipped when @p min_recall is 0 or @p max_frr is 1; a
 * criterion that applies but has no samples gives "not enough evidence".
 *
 * @param[out] out report, filled up to its struct_size.
 * @param ctx context for errors.
 * @param tp defects rejected.
 * @param fn defects passed (misses).
 * @param fp good parts rejected (false rejects).
 * @param tn good parts passed.
 * @param min_recall required recall in [0, 1], e.g. #LIION_VISION_WELD_MIN_RECALL.
 * @param max_frr false-reject rate must be below this, in (0, 1], e.g. #LIION_VISION_STREAK_MAX_FRR.
 * @param confidence in (0, 1), e.g. 0.95.
 * @param method bound method.
 * @return LIION_OK, LIION_E_INVALID_ARG, LIION_E_RANGE.
 */
LIION_API liion_status liion_vision_qualify(liion_vision_report *out, liion_ctx *ctx,
                                            uint64_t tp, uint64_t fn, uint64_t fp, uint64_t tn,
                                            double min_recall, double max_frr, double confidence,
                                            liion_bound_method method);

/**
 * @brief Confusion counts for streak detection from a labelled validation set: defects no
 *        wider than @p min_width_mm are outside the requirement and are not counted.
 * @param[out] counts_out four counts: tp, fn, fp, tn (in that order).
 * @param ctx context for errors.
 * @param width_mm defect width per sample in mm (borrowed; ignored for good samples).
 * @param is_defect nonzero where the sample truly has a streak (borrowed).
 * @param rejected nonzero where the system rejected the sample (borrowed).
 * @param n number of samples.
 * @param min_width_mm width threshold, e.g. #LIION_VISION_STREAK_MIN_WIDTH_MM.
 * @return LIION_OK, LIION_E_INVALID_ARG, LIION_E_RANGE (non-finite width).
 */
LIION_API liion_status liion_vision_streak_counts(uint64_t counts_out[4], liion_ctx *ctx,
                                                  const double *width_mm,
                                                  const uint8_t *is_defect,
                                                  const uint8_t *rejected, size_t n,
                                                  double min_width_mm);

/* ---- SPC ------------------------------------------------------------------------------------ */

/** Opaque streaming statistics (Welford) with a moving range for the within sigma. */
typedef struct liion_spc_stats liion_spc_stats;

/**
 * @brief Create empty streaming statistics.
 * @param[out] out owned by the caller: free with liion_spc_stats_free(). NULL on failure.
 * @param ctx context (borrowed; must outlive the object).
 * @return LIION_OK, LIION_E_INVALID_ARG or LIION_E_NOMEM.
 */
LIION_API liion_status liion_spc_stats_new(liion_spc_stats **out, liion_ctx *ctx);

/**
 * @brief Free streaming statistics. NULL is a no-op.
 * @param stats the object (owned; invalid afterwards).
 */
LIION_API void liion_spc_stats_free(liion_spc_stats *stats);

/**
 * @brief Add values in order (the moving range is taken between consecutive values).
 * @param stats the object (borrowed).
 * @param values the values (borrowed for the call), all finite; NULL allowed when @p n is 0.
 * @param n number of values.
 * @return LIION_OK, LIION_E_INVALID_ARG, LIION_E_RANGE (non-finite value: none is added).
 */
LIION_API liion_status liion_spc_stats_push(liion_spc_stats *stats, const double *values,
                                            size_t n);

/**
 * @brief Values added.
 * @param stats the object (borrowed).
 * @return the count, 0 for NULL.
 */
LIION_API uint64_t liion_spc_stats_count(const liion_spc_stats *stats);

/**
 * @brief Mean.
 * @param stats the object (borrowed).
 * @return the mean; NaN when empty.
 */
LIION_API double liion_spc_stats_mean(const liion_spc_stats *stats);

/**
 * @brief Sample variance (n - 1 denominator).
 * @param stats the object (borrowed).
 * @return the variance; NaN with fewer than 2 values.
 */
LIION_API double liion_spc_stats_variance(const liion_spc_stats *stats);

/**
 * @brief Smallest value.
 * @param stats the object (borrowed).
 * @return the minimum; NaN when empty.
 */
LIION_API double liion_spc_stats_min(const liion_spc_stats *stats);

/**
 * @brief Largest value.
 * @param stats the object (borrowed).
 * @return the maximum; NaN when empty.
 */
LIION_API double liion_spc_stats_max(const liion_spc_stats *stats);

/**
 * @brief Process capability and performance indices.
 *
 * Cp = (USL - LSL) / 6 sigma_within and Cpk = min(USL - mean, mean - LSL) / 3 sigma_within,
 * with sigma_within = mean moving range / d2 (1.128); Pp and Ppk use the overall sample
 * standard deviation instead. For a one-sided spec pass -INFINITY or +INFINITY for the
 * absent side: Cp and Pp are then NaN and Cpk / Ppk use the one side.
 *
 * @param[out] cp Cp (may be NULL).
 * @param[out] cpk Cpk (may be NULL).
 * @param[out] pp Pp (may be NULL).
 * @param[out] ppk Ppk (may be NULL).
 * @param stats the object (borrowed), with at least 2 values and nonzero spread.
 * @param lsl lower spec limit or -INFINITY.
 * @param usl upper spec limit or +INFINITY; usl > lsl.
 * @return LIION_OK, LIION_E_INVALID_ARG, LIION_E_RANGE, LIION_E_STATE (too few values or zero spread).
 */
LIION_API liion_status liion_spc_stats_capability(double *cp, double *cpk, double *pp,
                                                  double *ppk, liion_spc_stats *stats,
                                                  double lsl, double usl);

/**
 * @brief Control-chart constants for subgroup size @p n (2 to 10): d2, D3, D4, A2.
 * @param[out] d2 d2 (may be NULL).
 * @param[out] d3_lcl D3, lower range-limit factor (may be NULL).
 * @param[out] d4_ucl D4, upper range-limit factor (may be NULL).
 * @param[out] a2 A2 (may be NULL).
 * @param ctx context for errors.
 * @param n subgroup size.
 * @return LIION_OK, LIION_E_INVALID_ARG, LIION_E_RANGE.
 */
LIION_API liion_status liion_spc_constants(double *d2, double *d3_lcl, double *d4_ucl,
                                           double *a2, liion_ctx *ctx, uint32_t n);

/** Control-chart type. */
typedef enum liion_spc_chart_type {
    LIION_SPC_CHART_IMR = 1,    /**< Individuals and moving range (subgroup size 1). */
    LIION_SPC_CHART_XBAR_R = 2, /**< Subgroup means and ranges (subgroup size 2 to 10). */
    LIION_SPC_CHART_TYPE__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a type. */
} liion_spc_chart_type;

/** Rule: one point beyond 3 sigma (Nelson 1, Western Electric 1). */
#define LIION_SPC_RULE_NELSON1 (1u << 0)
/** Rule: nine points in a row on one side of the centre line (Nelson 2). */
#define LIION_SPC_RULE_NELSON2 (1u << 1)
/** Rule: six points in a row steadily increasing or decreasing (Nelson 3). */
#define LIION_SPC_RULE_NELSON3 (1u << 2)
/** Rule: fourteen points in a row alternating up and down (Nelson 4). */
#define LIION_SPC_RULE_NELSON4 (1u << 3)
/** Rule: two of three points beyond 2 sigma on one side (Nelson 5, Western Electric 2). */
#define LIION_SPC_RULE_NELSON5 (1u << 4)
/** Rule: four of five points beyond 1 sigma on one side (Nelson 6, Western Electric 3). */
#define LIION_SPC_RULE_NELSON6 (1u << 5)
/** Rule: fifteen points in a row within 1 sigma (Nelson 7). */
#define LIION_SPC_RULE_NELSON7 (1u << 6)
/** Rule: eight points in a row beyond 1 sigma, either side (Nelson 8). */
#define LIION_SPC_RULE_NELSON8 (1u << 7)
/** Rule: eight points in a row on one side of the centre line (Western Electric 4). */
#define LIION_SPC_RULE_WE4 (1u << 8)
/** Rule: a moving range or subgroup range beyond its control limits (range chart). */
#define LIION_SPC_RULE_RANGE (1u << 9)
/** The four Western Electric rules plus the range chart. */
#define LIION_SPC_RULES_WESTERN_ELECTRIC                                                        \
    (LIION_SPC_RULE_NELSON1 | LIION_SPC_RULE_NELSON5 | LIION_SPC_RULE_NELSON6 |                \
     LIION_SPC_RULE_WE4 | LIION_SPC_RULE_RANGE)
/** The eight Nelson rules plus the range chart. */
#define LIION_SPC_RULES_NELSON (0xffu | LIION_SPC_RULE_RANGE)

/** Which chart of a pair liion_spc_chart_limits() reads. */
#define LIION_SPC_CHART_LOCATION 0u
/** The range (moving range or subgroup range) chart. */
#define LIION_SPC_CHART_RANGE 1u

/** Opaque control chart: limits plus the signals of the last evaluation. */
typedef struct liion_spc_chart liion_spc_chart;

/**
 * @brief Create a control chart with no limits yet.
 * @param[out] out owned by the caller: free with liion_spc_chart_free(). NULL on failure.
 * @param ctx context (borrowed; must outlive the chart).
 * @param type individuals/MR or X-bar/R.
 * @param subgroup_size 1 for IMR, 2 to 10 for X-bar/R.
 * @return LIION_OK, LIION_E_INVALID_ARG, LIION_E_RANGE, LIION_E_NOMEM.
 */
LIION_API liion_status liion_spc_chart_new(liion_spc_chart **out, liion_ctx *ctx,
                                           liion_spc_chart_type type, uint32_t subgroup_size);

/**
 * @brief Free a chart. NULL is a no-op.
 * @param chart the chart (owned; invalid afterwards).
 */
LIION_API void liion_spc_chart_free(liion_spc_chart *chart);

/**
 * @brief Phase I: estimate the limits from data (IMR: mean and MR-bar / d2; X-bar/R:
 *        grand mean +- A2 R-bar, range limits D3 R-bar and D4 R-bar).
 * @param chart the chart (borrowed).
 * @param values individual values in time order (borrowed); X-bar/R takes consecutive
 *        groups of subgroup_size values and ignores an incomplete last group.
 * @param n number of values: at least 2 points (values for IMR, subgroups for X-bar/R).
 * @return LIION_OK, LIION_E_INVALID_ARG, LIION_E_RANGE (non-finite), LIION_E_STATE (too few points).
 */
LIION_API liion_status liion_spc_chart_fit(liion_spc_chart *chart, const double *values,
                                           size_t n);

/**
 * @brief Phase II: set the limits from a known centre and process sigma (of individual values).
 * @param chart the chart (borrowed).
 * @param center the centre line.
 * @param sigma standard deviation of individual values (> 0).
 * @return LIION_OK, LIION_E_INVALID_ARG, LIION_E_RANGE.
 */
LIION_API liion_status liion_spc_chart_set_limits(liion_spc_chart *chart, double center,
                                                  double sigma);

/**
 * @brief Read the control limits of one of the chart's two charts.
 * @param[out] lcl lower control limit (may be NULL).
 * @param[out] cl centre line (may be NULL).
 * @param[out] ucl upper control limit (may be NULL).
 * @param chart the chart (borrowed).
 * @param which #LIION_SPC_CHART_LOCATION or #LIION_SPC_CHART_RANGE.
 * @return LIION_OK, LIION_E_INVALID_ARG, LIION_E_STATE (no limits yet).
 */
LIION_API liion_status liion_spc_chart_limits(double *lcl, double *cl, double *ucl,
                                              liion_spc_chart *chart, uint32_t which);

/**
 * @brief Evaluate values against the limits and the selected rules; replaces the previous
 *        signals.
 * @param chart the chart (borrowed), with limits.
 * @param values individual values in time order (borrowed).
 * @param n number of values.
 * @param rules OR of LIION_SPC_RULE_* bits, e.g. #LIION_SPC_RULES_WESTERN_ELECTRIC.
 * @return LIION_OK, LIION_E_INVALID_ARG, LIION_E_RANGE, LIION_E_STATE, LIION_E_NOMEM.
 */
LIION_API liion_status liion_spc_chart_evaluate(liion_spc_chart *chart, const double *values,
                                                size_t n, uint32_t rules);

/**
 * @brief Signals found by the last evaluation.
 * @param chart the chart (borrowed).
 * @return the count, 0 for NULL.
 */
LIION_API size_t liion_spc_chart_signal_count(const liion_spc_chart *chart);

/**
 * @brief Read one signal: which rule fired at which plotted point.
 * @param[out] rule the one LIION_SPC_RULE_* bit that fired.
 * @param[out] point index of the plotted point where the rule completed (value index for
 *             IMR, subgroup index for X-bar/R; for the moving range, the later of the two values).
 * @param[out] value the plotted value at that point (may be NULL).
 * @param chart the chart (borrowed).
 * @param index 0 to liion_spc_chart_signal_count() - 1.
 * @return LIION_OK, LIION_E_INVALID_ARG, LIION_E_RANGE.
 */
LIION_API liion_status liion_spc_chart_signal(uint32_t *rule, uint64_t *point, double *value,
                                              liion_spc_chart *chart, size_t index);

/** @} */

LIION_END_DECLS

#endif /* LIION_SPEC_H */
