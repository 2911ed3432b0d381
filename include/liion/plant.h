/**
 * @file liion/plant.h
 * @brief The ISA-95 plant model (equipment, materials, lots, process segments, segment
 *        responses), the per-cell genealogy graph built from it, its queries and the roll map.
 */
#ifndef LIION_PLANT_H
#define LIION_PLANT_H

#include <liion/ctx.h>

LIION_BEGIN_DECLS

/**
 * @defgroup liion_plant Plant model and genealogy
 * @brief ISA-95 objects in one `liion_plant`, a genealogy graph over its lots and the queries
 *        an audit needs (backward trace, forward recall, common cause, quarantine, roll map).
 *
 * Every object has a string ID with an optional scheme (a supplier lot scheme, GS1 ...), is
 * interned once and is then named by a dense index (`uint32_t`, 0, 1, 2 ... per object kind)
 * that every other call takes. Finding an index from an ID takes constant expected time.
 * Indices are stable for the life of the plant. #LIION_PLANT_NONE means "no object".
 *
 * IDs and schemes are UTF-8 text of 1 to #LIION_PLANT_MAX_ID_BYTES bytes without control
 * characters (bytes below 0x20); a NULL or empty scheme means "no scheme". The same ID under
 * two schemes names two objects. Each object kind has its own name space.
 *
 * Times are `int64_t` in units the caller chooses (Unix nanoseconds are recommended); the
 * library only compares them. Quantities are a value, a UN/CEFACT Recommendation 20 unit code
 * (2 or 3 characters `A-Z`/`0-9`, for example `MTR`, `MTK`, `KGM`, `H87`) and a data type.
 * @{
 */

/** Opaque plant handle; create with liion_plant_new(), free with liion_plant_free(). */
typedef struct liion_plant liion_plant;

/**
 * Opaque query result: rows of (lot or equipment index, depth, score). Create with
 * liion_trace_new(), free with liion_trace_free(); every query clears and refills it, so one
 * result reused query after query allocates nothing once it has grown.
 */
typedef struct liion_trace liion_trace;

/**
 * Opaque lazy forward trace: walks the forward closure of a lot breadth first and produces
 * descendants as they are read (liion_plant_cursor_read()), holding only the walk's frontier
 * and a visited bitmap (one bit per lot), never the whole closure. Create with
 * liion_plant_cursor_new(), free with liion_plant_cursor_free().
 */
typedef struct liion_plant_cursor liion_plant_cursor;

/** "No object": returned for a missing index and accepted where an index is optional. */
#define LIION_PLANT_NONE UINT32_MAX

/** Longest ID or scheme in bytes. */
#define LIION_PLANT_MAX_ID_BYTES 255u

/** Role-based equipment level; same order and values as OPC 10030 ISA95EquipmentElementLevelEnum. */
typedef enum liion_equipment_level {
    LIION_EQ_ENTERPRISE = 0,       /**< Enterprise. */
    LIION_EQ_SITE = 1,             /**< Site (a gigafactory). */
    LIION_EQ_AREA = 2,             /**< Area (electrode shop, assembly, formation). */
    LIION_EQ_PROCESS_CELL = 3,     /**< ProcessCell (batch: slurry mixing). */
    LIION_EQ_UNIT = 4,             /**< Unit (a mixer). */
    LIION_EQ_PRODUCTION_LINE = 5,  /**< ProductionLine (discrete: stacking line). */
    LIION_EQ_WORK_CELL = 6,        /**< WorkCell (a stacker, a winder). */
    LIION_EQ_PRODUCTION_UNIT = 7,  /**< ProductionUnit (continuous: coater, calender, slitter). */
    LIION_EQ_STORAGE_ZONE = 8,     /**< StorageZone (jumbo-roll buffer, aging room). */
    LIION_EQ_STORAGE_UNIT = 9,     /**< StorageUnit (rack slot, shelf position). */
    LIION_EQ_WORK_CENTER = 10,     /**< WorkCenter (formation rack). */
    LIION_EQ_WORK_UNIT = 11,       /**< WorkUnit (formation channel). */
    LIION_EQ_EQUIPMENT_MODULE = 12,/**< EquipmentModule (ISA-88, below Unit). */
    LIION_EQ_CONTROL_MODULE = 13,  /**< ControlModule (ISA-88). */
    LIION_EQ_OTHER = 14,           /**< Other. */
    LIION_EQUIPMENT_LEVEL__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a level. */
} liion_equipment_level;

/** Lot disposition (B2MML Disposition1Type). 0 means "not set". */
typedef enum liion_disposition {
    LIION_DISP_NONE = 0,          /**< Not set. */
    LIION_DISP_PLANNED = 1,       /**< Planned. */
    LIION_DISP_IN_PROCESS = 2,    /**< In-Process. */
    LIION_DISP_RESTRICTED = 3,    /**< Restricted: a quality hold (set by liion_plant_quarantine()). */
    LIION_DISP_UNRESTRICTED = 4,  /**< UnRestricted. */
    LIION_DISP_CLOSED = 5,        /**< Closed: completely consumed, sold or disposed of. */
    LIION_DISP_OTHER = 6,         /**< Other. */
    LIION_DISPOSITION__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a disposition. */
} liion_disposition;

/** Data type of a quantity (B2MML QuantityValue DataType). */
typedef enum liion_qty_type {
    LIION_QTY_REAL = 1,     /**< A real number (float, double, decimal). */
    LIION_QTY_INTEGER = 2,  /**< An integer count (stored as a double, exact below 2^53). */
    LIION_QTY_TYPE__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a type. */
} liion_qty_type;

/**
 * Direction of a material actual (B2MML MaterialUse1Type). Genealogy edges run from every
 * input (#LIION_USE_CONSUMED, #LIION_USE_CONSUMABLE) to every output (the four "produced"
 * values) of the same segment response; the other values are recorded but make no edge.
 */
typedef enum liion_material_use {
    LIION_USE_CONSUMABLE = 1,          /**< Consumable (an input). */
    LIION_USE_CONSUMED = 2,            /**< Consumed (an input). */
    LIION_USE_PRODUCED = 3,            /**< Produced (an output). */
    LIION_USE_BY_PRODUCT_PRODUCED = 4, /**< By-product Produced (an output). */
    LIION_USE_CO_PRODUCT_PRODUCED = 5, /**< Co-product Produced (an output). */
    LIION_USE_YIELD_PRODUCED = 6,      /**< Yield Produced (an output). */
    LIION_USE_MATERIAL_CONSUMED = 7,   /**< Maintenance: Material Consumed (no edge). */
    LIION_USE_MATERIAL_PRODUCED = 8,   /**< Maintenance: Material Produced (no edge). */
    LIION_USE_DESTRUCTIVE_SAMPLE = 9,  /**< Quality: Destructive Sample (no edge). */
    LIION_USE_RETURNED_SAMPLE = 10,    /**< Quality: Returned Sample (no edge). */
    LIION_USE_RETAINED_SAMPLE = 11,    /**< Quality: Retained Sample (no edge). */
    LIION_USE_INVENTORIED = 12,        /**< Inventoried (no edge). */
    LIION_USE_OTHER = 13,              /**< Other (no edge). */
    LIION_MATERIAL_USE__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a use. */
} liion_material_use;

/** Battery process step a process segment stands for. */
typedef enum liion_process_step {
    LIION_STEP_MIXING = 1,      /**< Slurry mixing. */
    LIION_STEP_COATING = 2,     /**< Coating. */
    LIION_STEP_DRYING = 3,      /**< Drying. */
    LIION_STEP_CALENDERING = 4, /**< Calendering. */
    LIION_STEP_SLITTING = 5,    /**< Slitting. */
    LIION_STEP_NOTCHING = 6,    /**< Notching. */
    LIION_STEP_STACKING = 7,    /**< Stacking. */
    LIION_STEP_WINDING = 8,     /**< Winding. */
    LIION_STEP_TAB_WELDING = 9, /**< Tab welding. */
    LIION_STEP_PACKAGING = 10,  /**< Packaging (pouch, can, case). */
    LIION_STEP_FILLING = 11,    /**< Electrolyte filling. */
    LIION_STEP_FORMATION = 12,  /**< Formation. */
    LIION_STEP_AGING = 13,      /**< Aging. */
    LIION_STEP_GRADING = 14,    /**< Grading. */
    LIION_STEP_OTHER = 15,      /**< Anything else. */
    LIION_PROCESS_STEP__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a step. */
} liion_process_step;

/** Assembly type (B2MML AssemblyType). */
typedef enum liion_assembly_type {
    LIION_ASSEMBLY_PHYSICAL = 1, /**< Physical (a cell made of electrodes, a tray of cells). */
    LIION_ASSEMBLY_LOGICAL = 2,  /**< Logical (a shipping lot). */
    LIION_ASSEMBLY_TYPE__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a type. */
} liion_assembly_type;

/** Assembly relationship (B2MML AssemblyRelationship). */
typedef enum liion_assembly_rel {
    LIION_ASSEMBLY_PERMANENT = 1, /**< Permanent (a cell). */
    LIION_ASSEMBLY_TRANSIENT = 2, /**< Transient (a formation tray). */
    LIION_ASSEMBLY_REL__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a relationship. */
} liion_assembly_rel;

/** Object kinds: the name spaces of IDs and the owners of properties. */
typedef enum liion_object_kind {
    LIION_OBJ_EQUIPMENT = 1,           /**< Equipment. */
    LIION_OBJ_EQUIPMENT_CLASS = 2,     /**< Equipment class. */
    LIION_OBJ_MATERIAL_CLASS = 3,      /**< Material class. */
    LIION_OBJ_MATERIAL_DEFINITION = 4, /**< Material definition. */
    LIION_OBJ_LOT = 5,                 /**< Material lot or sublot. */
    LIION_OBJ_SEGMENT = 6,             /**< Process segment. */
    LIION_OBJ_RESPONSE = 7,            /**< Segment response. */
    LIION_OBJ_PERSON = 8,              /**< Person (personnel actuals). */
    LIION_OBJ_JOB_RESPONSE = 9,        /**< Job response (groups segment responses). */
    LIION_OBJ_TEST_RESULT = 10,        /**< Test result on a lot or sublot property. */
    LIION_OBJECT_KIND__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a kind. */
} liion_object_kind;

/** State of a job response (B2MML ResponseState / JobState). */
typedef enum liion_response_state {
    LIION_RESPONSE_WAITING = 1,   /**< Waiting. */
    LIION_RESPONSE_READY = 2,     /**< Ready. */
    LIION_RESPONSE_RUNNING = 3,   /**< Running. */
    LIION_RESPONSE_COMPLETED = 4, /**< Completed. */
    LIION_RESPONSE_ABORTED = 5,   /**< Aborted. */
    LIION_RESPONSE_HELD = 6,      /**< Held. */
    LIION_RESPONSE_PAUSED = 7,    /**< Paused. */
    LIION_RESPONSE_SUSPENDED = 8, /**< Suspended. */
    LIION_RESPONSE_CLOSED = 9,    /**< Closed. */
    LIION_RESPONSE_OTHER = 10,    /**< Other. */
    LIION_RESPONSE_STATE__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a state. */
} liion_response_state;

/** Outcome of a test result (the evaluated criterion's result). */
typedef enum liion_test_outcome {
    LIION_TEST_PASS = 1,         /**< The value met the test's criterion. */
    LIION_TEST_FAIL = 2,         /**< The value failed the criterion. */
    LIION_TEST_INCONCLUSIVE = 3, /**< Recorded without a pass/fail decision. */
    LIION_TEST_OUTCOME__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not an outcome. */
} liion_test_outcome;

/** Type of a property value. */
typedef enum liion_prop_type {
    LIION_PROP_NUMBER = 1,  /**< A double, optionally with a unit code. */
    LIION_PROP_TEXT = 2,    /**< UTF-8 text. */
    LIION_PROP_TYPE__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a type. */
} liion_prop_type;

/** Filter of liion_plant_trace_backward(). */
typedef enum liion_trace_filter {
    LIION_FILTER_NONE = 0,           /**< Every ancestor. */
    LIION_FILTER_MATERIAL_CLASS = 1, /**< Only lots whose material definition has this class. */
    LIION_FILTER_SEGMENT = 2,        /**< Only lots produced by a response of this process segment. */
    LIION_TRACE_FILTER__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; not a filter. */
} liion_trace_filter;

/** liion_plant_trace_forward() flag: keep only terminal lots (lots that feed nothing: cells). */
#define LIION_TRACE_TERMINAL_ONLY (1u << 0)

/** liion_plant_roll_link() flag: the output runs backwards (the roll was rewound reversed). */
#define LIION_ROLL_REVERSED (1u << 0)
/** liion_plant_roll_link() flag: a slitting lane; the output cross-direction position is
 *  measured from the lane's edge (cd - cd_min) instead of being kept. */
#define LIION_ROLL_LANE (1u << 1)

/* ---- plant ----------------------------------------------------------------------------- */

/**
 * @brief Create an empty plant.
 * @param[out] out the plant; caller owns it, free with liion_plant_free(). NULL on failure.
 * @param      ctx the context it allocates from and reports errors on; borrowed, must outlive
 *                 the plant.
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_plant_new(liion_plant **out, liion_ctx *ctx);

/** @brief Free a plant and everything in it. NULL is a no-op. @param plant the plant (owned). */
LIION_API void liion_plant_free(liion_plant *plant);

/**
 * @brief Number of objects of one kind (also the index the next new one gets).
 * @param plant the plant; borrowed.
 * @param kind  the object kind.
 * @return the count; 0 for a NULL plant or an unknown kind.
 */
LIION_API uint32_t liion_plant_count(const liion_plant *plant, liion_object_kind kind);

/**
 * @brief Find an object by ID in constant expected time.
 * @param[out] index_out its index (#LIION_PLANT_NONE when not found).
 * @param      plant     the plant; borrowed.
 * @param      kind      the object kind (name space).
 * @param      scheme    ID scheme, or NULL/"" for none; borrowed for the call.
 * @param      id        the ID; borrowed for the call.
 * @return #LIION_OK; #LIION_E_NOT_FOUND (the message names the ID); #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_plant_find(uint32_t *index_out, liion_plant *plant,
                                        liion_object_kind kind, const char *scheme,
                                        const char *id);

/**
 * @brief The ID of an object.
 * @param plant the plant; borrowed.
 * @param kind  the object kind.
 * @param index its index.
 * @return the ID (borrowed, valid until the plant is freed), or NULL for an unknown object.
 */
LIION_API const char *liion_plant_id(const liion_plant *plant, liion_object_kind kind,
                                     uint32_t index);

/**
 * @brief The ID scheme of an object.
 * @param plant the plant; borrowed.
 * @param kind  the object kind.
 * @param index its index.
 * @return the scheme ("" for none; borrowed, valid until the plant is freed), or NULL for an
 *         unknown object.
 */
LIION_API const char *liion_plant_scheme(const liion_plant *plant, liion_object_kind kind,
                                         uint32_t index);

/**
 * @brief Merge the genealogy edges added since the last compaction into the compact
 *        adjacency arrays. Optional: queries see every edge either way, and the plant
 *        compacts on its own as edges accumulate; call it after a bulk load for the fastest
 *        queries and the smallest footprint.
 * @param plant the plant.
 * @return #LIION_OK; #LIION_E_NOMEM (the plant is unchanged and still consistent).
 */
LIION_API liion_status liion_plant_compact(liion_plant *plant);

/**
 * @brief Number of genealogy edges (material flow and assembly; parallel edges counted).
 * @param plant the plant; borrowed.
 * @return the count; 0 for NULL.
 */
LIION_API uint64_t liion_plant_edge_count(const liion_plant *plant);

/**
 * @brief Bytes the genealogy graph holds (adjacency in both directions: the forward lists,
 *        the backward lists or their deduplicated rows and closures; offsets, indexes, visit
 *        marks, pending edges), for the bytes-per-edge figure. The context's
 *        liion_ctx_memory_used() gives the whole plant.
 * @param plant the plant; borrowed.
 * @return bytes; 0 for NULL.
 */
LIION_API uint64_t liion_plant_graph_bytes(const liion_plant *plant);

/* ---- equipment ------------------------------------------------------------------------- */

/**
 * @brief Add an equipment class.
 * @param[out] index_out its index; may be NULL.
 * @param      plant     the plant.
 * @param      scheme    ID scheme or NULL; borrowed for the call.
 * @param      id        the ID; borrowed for the call.
 * @param      level     the equipment level of the class.
 * @return #LIION_OK; #LIION_E_EXISTS; #LIION_E_INVALID_ARG (bad ID, unknown level); #LIION_E_NOMEM.
 */
LIION_API liion_status liion_plant_equipment_class_add(uint32_t *index_out, liion_plant *plant,
                                                       const char *scheme, const char *id,
                                                       liion_equipment_level level);

/**
 * @brief Add a piece of equipment to the role-based hierarchy.
 * @param[out] index_out its index; may be NULL.
 * @param      plant     the plant.
 * @param      scheme    ID scheme or NULL; borrowed for the call.
 * @param      id        the ID; borrowed for the call.
 * @param      level     its equipment level.
 * @param      parent    index of the containing equipment, or #LIION_PLANT_NONE for a root.
 * @param      eq_class  index of its equipment class, or #LIION_PLANT_NONE.
 * @return #LIION_OK; #LIION_E_EXISTS; #LIION_E_NOT_FOUND (parent or class); #LIION_E_INVALID_ARG;
 *         #LIION_E_NOMEM.
 */
LIION_API liion_status liion_plant_equipment_add(uint32_t *index_out, liion_plant *plant,
                                                 const char *scheme, const char *id,
                                                 liion_equipment_level level, uint32_t parent,
                                                 uint32_t eq_class);

/**
 * @brief Level of a piece of equipment.
 * @param plant the plant; borrowed.
 * @param index the equipment.
 * @return its level, or #LIION_EQ_OTHER for an unknown index.
 */
LIION_API liion_equipment_level liion_plant_equipment_level(const liion_plant *plant,
                                                            uint32_t index);

/**
 * @brief Containing equipment.
 * @param plant the plant; borrowed.
 * @param index the equipment.
 * @return the parent's index, or #LIION_PLANT_NONE for a root or an unknown index.
 */
LIION_API uint32_t liion_plant_equipment_parent(const liion_plant *plant, uint32_t index);

/**
 * @brief Equipment class of a piece of equipment.
 * @param plant the plant; borrowed.
 * @param index the equipment.
 * @return the class index, or #LIION_PLANT_NONE.
 */
LIION_API uint32_t liion_plant_equipment_class(const liion_plant *plant, uint32_t index);

/* ---- materials ------------------------------------------------------------------------- */

/**
 * @brief Add a material class.
 * @param[out] index_out its index; may be NULL.
 * @param      plant     the plant.
 * @param      scheme    ID scheme or NULL; borrowed for the call.
 * @param      id        the ID; borrowed for the call.
 * @return #LIION_OK; #LIION_E_EXISTS; #LIION_E_INVALID_ARG; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_plant_material_class_add(uint32_t *index_out, liion_plant *plant,
                                                      const char *scheme, const char *id);

/**
 * @brief Add a material definition.
 * @param[out] index_out its index; may be NULL.
 * @param      plant     the plant.
 * @param      scheme    ID scheme or NULL; borrowed for the call.
 * @param      id        the ID; borrowed for the call.
 * @param      mat_class index of its material class, or #LIION_PLANT_NONE.
 * @return #LIION_OK; #LIION_E_EXISTS; #LIION_E_NOT_FOUND (class); #LIION_E_INVALID_ARG;
 *         #LIION_E_NOMEM.
 */
LIION_API liion_status liion_plant_material_definition_add(uint32_t *index_out,
                                                           liion_plant *plant,
                                                           const char *scheme, const char *id,
                                                           uint32_t mat_class);

/**
 * @brief Add a material lot (or, with a parent, a sublot: a daughter roll, a lane, a tray).
 * @param[out] index_out  its index; may be NULL.
 * @param      plant      the plant.
 * @param      scheme     ID scheme or NULL; borrowed for the call.
 * @param      id         the ID; borrowed for the call.
 * @param      definition index of its material definition, or #LIION_PLANT_NONE.
 * @param      parent     index of the parent lot for a sublot, or #LIION_PLANT_NONE for a lot.
 * @return #LIION_OK; #LIION_E_EXISTS; #LIION_E_NOT_FOUND (a definition or parent lot that does
 *         not exist); #LIION_E_INVALID_ARG; #LIION_E_LIMIT (2^32 - 2 lots); #LIION_E_NOMEM.
 */
LIION_API liion_status liion_plant_lot_add(uint32_t *index_out, liion_plant *plant,
                                           const char *scheme, const char *id,
                                           uint32_t definition, uint32_t parent);

/**
 * @brief Material definition of a lot.
 * @param plant the plant; borrowed.
 * @param lot   the lot.
 * @return the definition index, or #LIION_PLANT_NONE.
 */
LIION_API uint32_t liion_plant_lot_definition(const liion_plant *plant, uint32_t lot);

/**
 * @brief Parent lot of a sublot.
 * @param plant the plant; borrowed.
 * @param lot   the lot.
 * @return the parent's index, or #LIION_PLANT_NONE for a lot that is not a sublot.
 */
LIION_API uint32_t liion_plant_lot_parent(const liion_plant *plant, uint32_t lot);

/**
 * @brief The segment response that produced a lot (the first one recorded).
 * @param plant the plant; borrowed.
 * @param lot   the lot.
 * @return the response index, or #LIION_PLANT_NONE.
 */
LIION_API uint32_t liion_plant_lot_producer(const liion_plant *plant, uint32_t lot);

/**
 * @brief Material class of a material definition.
 * @param plant      the plant; borrowed.
 * @param definition the definition.
 * @return the class index, or #LIION_PLANT_NONE.
 */
LIION_API uint32_t liion_plant_definition_class(const liion_plant *plant, uint32_t definition);

/**
 * @brief Set a lot's quantity.
 * @param plant the plant.
 * @param lot   the lot.
 * @param value the quantity (finite).
 * @param unit  UN/CEFACT Rec 20 unit code; borrowed for the call. NULL or "" is an error: a
 *              quantity without a unit means nothing.
 * @param type  data type of the value.
 * @return #LIION_OK; #LIION_E_INVALID_ARG (no unit, bad unit code, non-finite value, unknown
 *         type); #LIION_E_NOT_FOUND (lot); #LIION_E_NOMEM.
 */
LIION_API liion_status liion_plant_lot_set_quantity(liion_plant *plant, uint32_t lot,
                                                    double value, const char *unit,
                                                    liion_qty_type type);

/**
 * @brief A lot's quantity.
 * @param[out] value_out the value; may be NULL.
 * @param[out] unit_out  the unit code (borrowed, valid until the plant is freed); may be NULL.
 * @param[out] type_out  the data type; may be NULL.
 * @param      plant     the plant.
 * @param      lot       the lot.
 * @return #LIION_OK; #LIION_E_NOT_FOUND (unknown lot, or no quantity set).
 */
LIION_API liion_status liion_plant_lot_quantity(double *value_out, const char **unit_out,
                                                liion_qty_type *type_out, liion_plant *plant,
                                                uint32_t lot);

/**
 * @brief Set a lot's disposition.
 * @param plant       the plant.
 * @param lot         the lot.
 * @param disposition the new disposition.
 * @return #LIION_OK; #LIION_E_NOT_FOUND; #LIION_E_INVALID_ARG (unknown value).
 */
LIION_API liion_status liion_plant_lot_set_disposition(liion_plant *plant, uint32_t lot,
                                                       liion_disposition disposition);

/**
 * @brief A lot's disposition.
 * @param plant the plant; borrowed.
 * @param lot   the lot.
 * @return the disposition; #LIION_DISP_NONE for an unknown lot or when never set.
 */
LIION_API liion_disposition liion_plant_lot_disposition(const liion_plant *plant, uint32_t lot);

/**
 * @brief Set a lot's status, a site-defined free code (B2MML Status).
 * @param plant  the plant.
 * @param lot    the lot.
 * @param status the code, 1 to 255 bytes without control characters; borrowed for the call.
 * @return #LIION_OK; #LIION_E_NOT_FOUND; #LIION_E_INVALID_ARG; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_plant_lot_set_status(liion_plant *plant, uint32_t lot,
                                                  const char *status);

/**
 * @brief A lot's status code.
 * @param plant the plant; borrowed.
 * @param lot   the lot.
 * @return the code (borrowed, valid until the plant is freed), or NULL when unset or unknown.
 */
LIION_API const char *liion_plant_lot_status(const liion_plant *plant, uint32_t lot);

/* ---- properties ------------------------------------------------------------------------ */

/**
 * @brief Set (add or replace) a numeric property of any object.
 * @param plant the plant.
 * @param kind  the owner's kind.
 * @param index the owner's index.
 * @param name  property ID; borrowed for the call.
 * @param value the value (finite).
 * @param unit  Rec 20 unit code, or NULL for a dimensionless number; borrowed for the call.
 * @return #LIION_OK; #LIION_E_NOT_FOUND (owner); #LIION_E_INVALID_ARG; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_plant_prop_set_number(liion_plant *plant, liion_object_kind kind,
                                                   uint32_t index, const char *name,
                                                   double value, const char *unit);

/**
 * @brief Set (add or replace) a text property of any object.
 * @param plant the plant.
 * @param kind  the owner's kind.
 * @param index the owner's index.
 * @param name  property ID; borrowed for the call.
 * @param text  the value, UTF-8 (may be empty); borrowed for the call.
 * @return #LIION_OK; #LIION_E_NOT_FOUND (owner); #LIION_E_INVALID_ARG; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_plant_prop_set_text(liion_plant *plant, liion_object_kind kind,
                                                 uint32_t index, const char *name,
                                                 const char *text);

/**
 * @brief Read a property.
 * @param[out] type_out  its type; may be NULL.
 * @param[out] number_out the number (0 for text); may be NULL.
 * @param[out] text_out  the text, or the unit code of a number ("" for none); borrowed, valid
 *                       until the plant is freed; may be NULL.
 * @param      plant     the plant.
 * @param      kind      the owner's kind.
 * @param      index     the owner's index.
 * @param      name      property ID; borrowed for the call.
 * @return #LIION_OK; #LIION_E_NOT_FOUND (owner or property); #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_plant_prop_get(liion_prop_type *type_out, double *number_out,
                                            const char **text_out, liion_plant *plant,
                                            liion_object_kind kind, uint32_t index,
                                            const char *name);

/* ---- process segments and segment responses -------------------------------------------- */

/**
 * @brief Add a process segment.
 * @param[out] index_out its index; may be NULL.
 * @param      plant     the plant.
 * @param      scheme    ID scheme or NULL; borrowed for the call.
 * @param      id        the ID; borrowed for the call.
 * @param      step      the battery process step it stands for.
 * @return #LIION_OK; #LIION_E_EXISTS; #LIION_E_INVALID_ARG; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_plant_segment_add(uint32_t *index_out, liion_plant *plant,
                                               const char *scheme, const char *id,
                                               liion_process_step step);

/**
 * @brief Process step of a segment.
 * @param plant   the plant; borrowed.
 * @param segment the segment.
 * @return its step, or #LIION_STEP_OTHER for an unknown index.
 */
LIION_API liion_process_step liion_plant_segment_step(const liion_plant *plant,
                                                      uint32_t segment);

/**
 * @brief Add a segment response (an executed process segment).
 * @param[out] index_out its index; may be NULL.
 * @param      plant     the plant.
 * @param      scheme    ID scheme or NULL; borrowed for the call.
 * @param      id        the ID; borrowed for the call.
 * @param      segment   index of the process segment, or #LIION_PLANT_NONE.
 * @param      start     actual start time.
 * @param      end       actual end time (>= @p start).
 * @return #LIION_OK; #LIION_E_EXISTS; #LIION_E_NOT_FOUND (segment); #LIION_E_INVALID_ARG
 *         (end before start); #LIION_E_NOMEM.
 */
LIION_API liion_status liion_plant_response_add(uint32_t *index_out, liion_plant *plant,
                                                const char *scheme, const char *id,
                                                uint32_t segment, int64_t start, int64_t end);

/**
 * @brief Start and end time and process segment of a response.
 * @param[out] start_out   start time; may be NULL.
 * @param[out] end_out     end time; may be NULL.
 * @param[out] segment_out segment index or #LIION_PLANT_NONE; may be NULL.
 * @param      plant       the plant.
 * @param      response    the response.
 * @return #LIION_OK; #LIION_E_NOT_FOUND.
 */
LIION_API liion_status liion_plant_response_info(int64_t *start_out, int64_t *end_out,
                                                 uint32_t *segment_out, liion_plant *plant,
                                                 uint32_t response);

/**
 * @brief Add a person (for personnel actuals).
 * @param[out] index_out its index; may be NULL.
 * @param      plant     the plant.
 * @param      scheme    ID scheme or NULL; borrowed for the call.
 * @param      id        the ID (a badge number, not a name); borrowed for the call.
 * @return #LIION_OK; #LIION_E_EXISTS; #LIION_E_INVALID_ARG; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_plant_person_add(uint32_t *index_out, liion_plant *plant,
                                              const char *scheme, const char *id);

/**
 * @brief Record a personnel actual: the person worked on the response.
 * @param plant    the plant.
 * @param response the response.
 * @param person   the person.
 * @return #LIION_OK; #LIION_E_NOT_FOUND; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_plant_response_add_person(liion_plant *plant, uint32_t response,
                                                       uint32_t person);

/**
 * @brief The equipment actuals of a response, in the order recorded (rows: equipment).
 * @param plant    the plant.
 * @param trace    the result to fill (cleared first); borrowed.
 * @param response the response.
 * @return #LIION_OK; #LIION_E_NOT_FOUND; #LIION_E_INVALID_ARG; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_plant_response_equipment(liion_plant *plant, liion_trace *trace,
                                                      uint32_t response);

/**
 * @brief The personnel actuals of a response, in the order recorded (rows: persons).
 * @param plant    the plant.
 * @param trace    the result to fill (cleared first); borrowed.
 * @param response the response.
 * @return #LIION_OK; #LIION_E_NOT_FOUND; #LIION_E_INVALID_ARG; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_plant_response_persons(liion_plant *plant, liion_trace *trace,
                                                    uint32_t response);

/**
 * @brief Record an equipment actual: the equipment executed the response. Every lot the
 *        response produces (recorded before or after this call) gets an equipment-use record
 *        on it over the response's start and end time; inputs are reached through traces.
 * @param plant     the plant.
 * @param response  the response.
 * @param equipment the equipment.
 * @return #LIION_OK; #LIION_E_NOT_FOUND; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_plant_response_add_equipment(liion_plant *plant, uint32_t response,
                                                          uint32_t equipment);

/**
 * @brief Record a material actual without a quantity. An input (consumed) lot gets a
 *        genealogy edge to every output lot of the same response and an output to every
 *        input, checked for cycles first.
 * @param plant    the plant.
 * @param response the response.
 * @param lot      the lot.
 * @param use      its material use.
 * @return #LIION_OK; #LIION_E_NOT_FOUND; #LIION_E_INVALID_ARG (unknown use); #LIION_E_STATE
 *         (the edge would close a cycle in the material flow: the message names both lots;
 *         nothing is recorded); #LIION_E_LIMIT; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_plant_response_add_material(liion_plant *plant, uint32_t response,
                                                         uint32_t lot, liion_material_use use);

/**
 * @brief Record a material actual with a quantity; otherwise as
 *        liion_plant_response_add_material().
 * @param plant    the plant.
 * @param response the response.
 * @param lot      the lot.
 * @param use      its material use.
 * @param value    the quantity (finite).
 * @param unit     Rec 20 unit code; borrowed for the call; NULL or "" is an error.
 * @return as liion_plant_response_add_material(), and #LIION_E_INVALID_ARG for a quantity
 *         without a unit or a bad unit code.
 */
LIION_API liion_status liion_plant_response_add_material_qty(liion_plant *plant,
                                                             uint32_t response, uint32_t lot,
                                                             liion_material_use use,
                                                             double value, const char *unit);

/**
 * @brief Mass balance of a response in one unit: the sum of the input quantities and of the
 *        output quantities recorded in @p unit.
 * @param[out] consumed_out sum over inputs (consumed, consumable); may be NULL.
 * @param[out] produced_out sum over outputs (the four produced uses); may be NULL.
 * @param      plant        the plant.
 * @param      response     the response.
 * @param      unit         the unit code; borrowed for the call.
 * @return #LIION_OK (sums are 0 when no quantity uses the unit); #LIION_E_NOT_FOUND;
 *         #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_plant_response_balance(double *consumed_out, double *produced_out,
                                                    liion_plant *plant, uint32_t response,
                                                    const char *unit);

/**
 * @brief Record an explicit assembly relationship: @p part is assembled into @p whole
 *        (AssembledFromLot). Adds the genealogy edge part -> whole, checked for cycles.
 * @param plant    the plant.
 * @param whole    the assembly lot.
 * @param part     the part lot.
 * @param type     physical or logical.
 * @param rel      permanent or transient.
 * @return #LIION_OK; #LIION_E_NOT_FOUND; #LIION_E_INVALID_ARG; #LIION_E_STATE (cycle);
 *         #LIION_E_NOMEM.
 */
LIION_API liion_status liion_plant_assembly_add(liion_plant *plant, uint32_t whole,
                                                uint32_t part, liion_assembly_type type,
                                                liion_assembly_rel rel);

/**
 * @brief Record that a piece of equipment handled a lot or cell between @p t0 and @p t1.
 * @param plant     the plant.
 * @param equipment the equipment.
 * @param lot       the lot.
 * @param t0        start time.
 * @param t1        end time (>= @p t0).
 * @return #LIION_OK; #LIION_E_NOT_FOUND; #LIION_E_INVALID_ARG; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_plant_equipment_use_add(liion_plant *plant, uint32_t equipment,
                                                     uint32_t lot, int64_t t0, int64_t t1);

/* ---- query results --------------------------------------------------------------------- */

/**
 * @brief Create an empty query result.
 * @param[out] out the result; caller owns it, free with liion_trace_free(). NULL on failure.
 * @param      ctx the context; borrowed, must outlive the result.
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_trace_new(liion_trace **out, liion_ctx *ctx);

/** @brief Free a result. NULL is a no-op. @param trace the result (owned). */
LIION_API void liion_trace_free(liion_trace *trace);

/**
 * @brief Number of rows.
 * @param trace the result; borrowed.
 * @return the count; 0 for NULL.
 */
LIION_API size_t liion_trace_count(const liion_trace *trace);

/**
 * @brief Object index of row @p i (a lot, or equipment for liion_plant_common_equipment()).
 * @param trace the result; borrowed.
 * @param i     the row.
 * @return the index, or #LIION_PLANT_NONE out of range.
 */
LIION_API uint32_t liion_trace_index(const liion_trace *trace, size_t i);

/**
 * @brief Depth of row @p i: edges from the start lot (traces); sheet index (roll queries).
 * @param trace the result; borrowed.
 * @param i     the row.
 * @return the depth, or 0 out of range.
 */
LIION_API uint32_t liion_trace_depth(const liion_trace *trace, size_t i);

/**
 * @brief Score of row @p i: for common cause the number of terminal lots the node reaches
 *        (fewer = more specific); for equipment windows and roll queries the start time or
 *        position; otherwise 0.
 * @param trace the result; borrowed.
 * @param i     the row.
 * @return the score, or 0 out of range.
 */
LIION_API double liion_trace_score(const liion_trace *trace, size_t i);

/**
 * @brief Cursor: the next row's object index. Starts at row 0 after every query and after
 *        liion_trace_rewind().
 * @param      trace     the result.
 * @param[out] index_out the index; may be NULL.
 * @param[out] depth_out the depth; may be NULL.
 * @return 1 when a row was returned, 0 at the end (or for NULL).
 */
LIION_API int liion_trace_next(liion_trace *trace, uint32_t *index_out, uint32_t *depth_out);

/** @brief Move the cursor back to row 0. @param trace the result (NULL is a no-op). */
LIION_API void liion_trace_rewind(liion_trace *trace);

/**
 * @brief Whether the result holds @p index: binary search for sorted results (forward
 *        traces), a scan otherwise.
 * @param trace the result; borrowed.
 * @param index the object index.
 * @return 1 or 0.
 */
LIION_API int liion_trace_contains(const liion_trace *trace, uint32_t index);

/* ---- genealogy queries ----------------------------------------------------------------- */

/**
 * @brief Backward trace ("where from"): every ancestor lot of @p lot, breadth first, each once
 *        with its shortest depth. The start lot itself is not a row.
 * @param plant     the plant.
 * @param trace     the result to fill (cleared first); borrowed.
 * @param lot       the start lot (a cell).
 * @param max_depth largest depth to follow; 0 means no limit.
 * @param filter    which ancestors become rows (the walk goes through every ancestor).
 * @param filter_index material class or segment index for the filter.
 * @return #LIION_OK; #LIION_E_NOT_FOUND; #LIION_E_INVALID_ARG; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_plant_trace_backward(liion_plant *plant, liion_trace *trace,
                                                  uint32_t lot, uint32_t max_depth,
                                                  liion_trace_filter filter,
                                                  uint32_t filter_index);

/**
 * @brief Forward trace ("where used", recall): every descendant of @p lot, returned as a
 *        compact set sorted by lot index (liion_trace_contains() is a binary search).
 * @param plant     the plant.
 * @param trace     the result to fill (cleared first); borrowed.
 * @param lot       the start lot.
 * @param max_depth largest depth to follow; 0 means no limit.
 * @param flags     0 or #LIION_TRACE_TERMINAL_ONLY.
 * @return #LIION_OK; #LIION_E_NOT_FOUND; #LIION_E_INVALID_ARG; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_plant_trace_forward(liion_plant *plant, liion_trace *trace,
                                                 uint32_t lot, uint32_t max_depth,
                                                 uint32_t flags);

/**
 * @brief Common cause of failed cells: the lots in the backward closure of every cell, ranked
 *        most specific first (score = terminal lots reached, ascending; ties by lot index).
 * @param plant   the plant.
 * @param trace   the result to fill (cleared first); borrowed.
 * @param cells   the failed cells' lot indices; borrowed for the call.
 * @param n_cells how many (at least 1).
 * @return #LIION_OK; #LIION_E_NOT_FOUND; #LIION_E_INVALID_ARG; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_plant_common_cause(liion_plant *plant, liion_trace *trace,
                                                const uint32_t *cells, size_t n_cells);

/**
 * @brief Common equipment of failed cells: equipment with a use record on every cell or on a
 *        lot of its backward closure. Score = the number of lots that equipment handled
 *        (fewer = more specific), ascending; row index = equipment index.
 * @param plant   the plant.
 * @param trace   the result to fill (cleared first); borrowed.
 * @param cells   the failed cells' lot indices; borrowed for the call.
 * @param n_cells how many (at least 1).
 * @return #LIION_OK; #LIION_E_NOT_FOUND; #LIION_E_INVALID_ARG; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_plant_common_equipment(liion_plant *plant, liion_trace *trace,
                                                    const uint32_t *cells, size_t n_cells);

/**
 * @brief Every lot a piece of equipment handled in a time window: use records overlapping
 *        [@p t0, @p t1]. Rows are lots, score = the record's start time, ordered by start time.
 *        A lot with several records appears once per record.
 * @param plant     the plant.
 * @param trace     the result to fill (cleared first); borrowed.
 * @param equipment the equipment.
 * @param t0        window start.
 * @param t1        window end (>= @p t0).
 * @return #LIION_OK; #LIION_E_NOT_FOUND; #LIION_E_INVALID_ARG; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_plant_equipment_window(liion_plant *plant, liion_trace *trace,
                                                    uint32_t equipment, int64_t t0, int64_t t1);

/**
 * @brief Quarantine: set #LIION_DISP_RESTRICTED on @p lot and its whole forward closure.
 * @param[out] count_out number of lots in the closure, @p lot included; may be NULL.
 * @param      plant     the plant.
 * @param      lot       the suspect lot.
 * @return #LIION_OK; #LIION_E_NOT_FOUND; #LIION_E_NOMEM (no disposition changed).
 */
LIION_API liion_status liion_plant_quarantine(uint64_t *count_out, liion_plant *plant,
                                              uint32_t lot);

/**
 * @brief First and last terminal lot (cell) made from @p lot, by the end time of the response
 *        that produced each (ties: lower index first).
 * @param[out] first_out the earliest cell; may be NULL.
 * @param[out] last_out  the latest cell; may be NULL.
 * @param      plant     the plant.
 * @param      lot       the material lot.
 * @return #LIION_OK; #LIION_E_NOT_FOUND (unknown lot, or no produced terminal descendant);
 *         #LIION_E_NOMEM.
 */
LIION_API liion_status liion_plant_first_last_cell(uint32_t *first_out, uint32_t *last_out,
                                                   liion_plant *plant, uint32_t lot);

/* ---- roll map -------------------------------------------------------------------------- */

/**
 * @brief Map a machine-direction (MD) range of one roll onto another: calendering (scale =
 *        elongation), rewinding (#LIION_ROLL_REVERSED), splices and scrap cuts (one link per
 *        kept segment; a cut range has no link) and slitting (a cross-direction (CD) lane
 *        with #LIION_ROLL_LANE). A point x in [md_start, md_end) with cd in [cd_min, cd_max)
 *        maps to out_start + (x - md_start) * scale, or out_start + (md_end - x) * scale when
 *        reversed.
 * @param plant     the plant.
 * @param from_roll the input roll (lot).
 * @param to_roll   the output roll (lot).
 * @param md_start  start of the input range, metres.
 * @param md_end    end of the input range (> @p md_start).
 * @param cd_min    lane edge, mm (-INFINITY for the full width).
 * @param cd_max    other lane edge (> @p cd_min; INFINITY for the full width).
 * @param out_start output position of the range's start (its end when reversed).
 * @param scale     output metres per input metre (> 0).
 * @param flags     #LIION_ROLL_REVERSED, #LIION_ROLL_LANE.
 * @return #LIION_OK; #LIION_E_NOT_FOUND; #LIION_E_INVALID_ARG (empty range, NaN, scale <= 0,
 *         unknown flag); #LIION_E_NOMEM.
 */
LIION_API liion_status liion_plant_roll_link(liion_plant *plant, uint32_t from_roll,
                                             uint32_t to_roll, double md_start, double md_end,
                                             double cd_min, double cd_max, double out_start,
                                             double scale, uint32_t flags);

/**
 * @brief Record that an electrode sheet or winding interval [md_start, md_end) of a roll went
 *        into a cell.
 * @param plant    the plant.
 * @param roll     the roll (usually a daughter roll).
 * @param md_start start, metres.
 * @param md_end   end (> @p md_start).
 * @param cell     the cell (lot).
 * @param sheet    sheet index within the cell (0 for a winding).
 * @return #LIION_OK; #LIION_E_NOT_FOUND; #LIION_E_INVALID_ARG; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_plant_roll_use(liion_plant *plant, uint32_t roll, double md_start,
                                            double md_end, uint32_t cell, uint32_t sheet);

/**
 * @brief Cells affected by a defect at (@p roll, @p md +- @p tol, @p cd): the defect is
 *        carried through every roll link to the intervals cells used. Rows: cell, depth =
 *        sheet index, score = MD position on the roll the cell used; ordered by that roll and
 *        position. A cell hit by several sheets appears once per sheet.
 * @param plant the plant.
 * @param trace the result to fill (cleared first); borrowed.
 * @param roll  the roll the defect was seen on (usually the coated jumbo roll).
 * @param md    MD position, metres.
 * @param tol   tolerance (>= 0), metres.
 * @param cd    CD position, mm.
 * @return #LIION_OK; #LIION_E_NOT_FOUND; #LIION_E_INVALID_ARG; #LIION_E_LIMIT (links nest
 *         deeper than the context's max depth); #LIION_E_NOMEM.
 */
LIION_API liion_status liion_plant_roll_defect(liion_plant *plant, liion_trace *trace,
                                               uint32_t roll, double md, double tol, double cd);

/**
 * @brief The cells hit by a defect (as liion_plant_roll_defect() with zero tolerance, or the
 *        nearest interval when none covers it) plus the @p n cells either side in MD order on
 *        each roll the cells used. Rows as liion_plant_roll_defect(), each cell once.
 * @param plant the plant.
 * @param trace the result to fill (cleared first); borrowed.
 * @param roll  the roll the defect was seen on.
 * @param md    MD position, metres.
 * @param cd    CD position, mm.
 * @param n     cells either side.
 * @return as liion_plant_roll_defect().
 */
LIION_API liion_status liion_plant_roll_neighbours(liion_plant *plant, liion_trace *trace,
                                                   uint32_t roll, double md, double cd,
                                                   uint32_t n);

/* ---- lazy forward trace (cursor) ------------------------------------------------------ */

/**
 * @brief Create a forward-trace cursor on a plant. The compact-set form of the same trace is
 *        liion_plant_trace_forward() (all descendants at once, sorted by lot index); the
 *        cursor produces them in breadth-first order as they are read, without building the
 *        closure, and allocates only for the walk's frontier.
 * @param[out] out   the cursor; caller owns it, free with liion_plant_cursor_free(). NULL on
 *                   failure.
 * @param      plant the plant it walks; borrowed, must outlive the cursor.
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_MISUSE; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_plant_cursor_new(liion_plant_cursor **out, liion_plant *plant);

/** @brief Free a cursor. NULL is a no-op. @param cursor the cursor (owned). */
LIION_API void liion_plant_cursor_free(liion_plant_cursor *cursor);

/**
 * @brief Start (or restart) a lazy forward trace from @p lot. Nothing is walked yet; each
 *        liion_plant_cursor_read() walks just far enough to fill its buffer. Every
 *        descendant is produced once, with its shortest depth, in breadth-first order
 *        (depth never decreases; the order within one depth is unspecified); the start lot
 *        is not.
 * @param cursor    the cursor.
 * @param lot       the start lot.
 * @param max_depth largest depth to follow; 0 means no limit.
 * @param flags     0 or #LIION_TRACE_TERMINAL_ONLY (produce only lots that feed nothing).
 * @return #LIION_OK; #LIION_E_NOT_FOUND; #LIION_E_INVALID_ARG; #LIION_E_MISUSE; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_plant_cursor_forward(liion_plant_cursor *cursor, uint32_t lot,
                                                  uint32_t max_depth, uint32_t flags);

/**
 * @brief Read the next descendants of the walk started by liion_plant_cursor_forward().
 * @param[out] n_out     rows written (0: the walk is over, or none was started).
 * @param[out] index_out room for @p cap lot indices; borrowed for the call.
 * @param[out] depth_out room for @p cap depths, or NULL.
 * @param      cursor    the cursor.
 * @param      cap       how many rows to produce at most.
 * @return #LIION_OK; #LIION_E_INVALID_ARG; #LIION_E_MISUSE; #LIION_E_STATE (genealogy edges
 *         were added since the walk started: start again); #LIION_E_NOMEM (the rows in
 *         *n_out are valid and the same read can be retried).
 */
LIION_API liion_status liion_plant_cursor_read(size_t *n_out, uint32_t *index_out,
                                               uint32_t *depth_out, liion_plant_cursor *cursor,
                                               size_t cap);

/* ---- job responses --------------------------------------------------------------------- */

/**
 * @brief Add a job response (B2MML JobResponse): a group of segment responses with its own
 *        ID, times and state.
 * @param[out] index_out its index; may be NULL.
 * @param      plant     the plant.
 * @param      scheme    ID scheme or NULL; borrowed for the call.
 * @param      id        the ID; borrowed for the call.
 * @param      start     actual start time.
 * @param      end       actual end time (>= @p start).
 * @param      state     its job state.
 * @return #LIION_OK; #LIION_E_EXISTS; #LIION_E_INVALID_ARG (bad ID, end before start,
 *         unknown state); #LIION_E_NOMEM.
 */
LIION_API liion_status liion_plant_job_response_add(uint32_t *index_out, liion_plant *plant,
                                                    const char *scheme, const char *id,
                                                    int64_t start, int64_t end,
                                                    liion_response_state state);

/**
 * @brief Put a segment response into a job response (its JobResponseID). A segment response
 *        belongs to at most one job response.
 * @param plant    the plant.
 * @param job      the job response.
 * @param response the segment response.
 * @return #LIION_OK; #LIION_E_NOT_FOUND; #LIION_E_EXISTS (already in a job response);
 *         #LIION_E_NOMEM.
 */
LIION_API liion_status liion_plant_job_response_add_segment(liion_plant *plant, uint32_t job,
                                                            uint32_t response);

/**
 * @brief Change the state of a job response.
 * @param plant the plant.
 * @param job   the job response.
 * @param state the new state.
 * @return #LIION_OK; #LIION_E_NOT_FOUND; #LIION_E_INVALID_ARG (unknown state).
 */
LIION_API liion_status liion_plant_job_response_set_state(liion_plant *plant, uint32_t job,
                                                          liion_response_state state);

/**
 * @brief Times and state of a job response.
 * @param[out] start_out start time; may be NULL.
 * @param[out] end_out   end time; may be NULL.
 * @param[out] state_out state; may be NULL.
 * @param      plant     the plant.
 * @param      job       the job response.
 * @return #LIION_OK; #LIION_E_NOT_FOUND.
 */
LIION_API liion_status liion_plant_job_response_info(int64_t *start_out, int64_t *end_out,
                                                     liion_response_state *state_out,
                                                     liion_plant *plant, uint32_t job);

/**
 * @brief The segment responses of a job response, in the order they were added. Rows:
 *        segment response index, depth 0, score = the response's start time.
 * @param plant the plant.
 * @param trace the result to fill (cleared first); borrowed.
 * @param job   the job response.
 * @return #LIION_OK; #LIION_E_NOT_FOUND; #LIION_E_INVALID_ARG; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_plant_job_response_segments(liion_plant *plant, liion_trace *trace,
                                                         uint32_t job);

/**
 * @brief The job response a segment response belongs to.
 * @param plant    the plant; borrowed.
 * @param response the segment response.
 * @return the job response index, or #LIION_PLANT_NONE (none, or unknown response).
 */
LIION_API uint32_t liion_plant_response_job(const liion_plant *plant, uint32_t response);

/* ---- test results ---------------------------------------------------------------------- */

/**
 * @brief Record a test result (B2MML TestResult / PropertyMeasurement) on a lot or sublot
 *        property: a grading capacity, an ACIR, a UN 38.3 or IEC 62660 measurement.
 * @param[out] index_out its index; may be NULL.
 * @param      plant     the plant.
 * @param      scheme    ID scheme of the result or NULL; borrowed for the call.
 * @param      id        the result's ID (test ID); borrowed for the call.
 * @param      lot       the lot or sublot tested.
 * @param      property  the tested property's name (for example "ACIR"), or NULL/"" for the
 *                       lot as a whole; borrowed for the call.
 * @param      name      the test's name (for example "IEC 62660-1 7.3 capacity"); borrowed.
 * @param      value     the measured value (finite).
 * @param      unit      its Rec 20 unit code (for example "AMH", "OHM"); borrowed; required.
 * @param      outcome   pass, fail or inconclusive.
 * @param      time      evaluation time.
 * @return #LIION_OK; #LIION_E_EXISTS; #LIION_E_NOT_FOUND (lot); #LIION_E_INVALID_ARG (bad ID
 *         or name, missing or bad unit, non-finite value, unknown outcome); #LIION_E_NOMEM.
 */
LIION_API liion_status liion_plant_test_result_add(uint32_t *index_out, liion_plant *plant,
                                                   const char *scheme, const char *id,
                                                   uint32_t lot, const char *property,
                                                   const char *name, double value,
                                                   const char *unit, liion_test_outcome outcome,
                                                   int64_t time);

/**
 * @brief Fields of a test result.
 * @param[out] lot_out      the lot tested; may be NULL.
 * @param[out] value_out    the value; may be NULL.
 * @param[out] unit_out     the unit code (borrowed, valid until the plant is freed); may be NULL.
 * @param[out] outcome_out  the outcome; may be NULL.
 * @param[out] time_out     the evaluation time; may be NULL.
 * @param      plant        the plant.
 * @param      test         the test result.
 * @return #LIION_OK; #LIION_E_NOT_FOUND.
 */
LIION_API liion_status liion_plant_test_result_info(uint32_t *lot_out, double *value_out,
                                                    const char **unit_out,
                                                    liion_test_outcome *outcome_out,
                                                    int64_t *time_out, liion_plant *plant,
                                                    uint32_t test);

/**
 * @brief Name of a test result's test.
 * @param plant the plant; borrowed.
 * @param test  the test result.
 * @return the name (borrowed, valid until the plant is freed), or NULL for an unknown result.
 */
LIION_API const char *liion_plant_test_result_name(const liion_plant *plant, uint32_t test);

/**
 * @brief The property a test result measured.
 * @param plant the plant; borrowed.
 * @param test  the test result.
 * @return the property name ("" for the lot as a whole; borrowed, valid until the plant is
 *         freed), or NULL for an unknown result.
 */
LIION_API const char *liion_plant_test_result_property(const liion_plant *plant,
                                                       uint32_t test);

/**
 * @brief The test results of one lot, by evaluation time (ties: order of recording). Rows:
 *        test result index, depth = its #liion_test_outcome, score = its time.
 * @param plant the plant.
 * @param trace the result to fill (cleared first); borrowed.
 * @param lot   the lot.
 * @return #LIION_OK; #LIION_E_NOT_FOUND; #LIION_E_INVALID_ARG; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_plant_lot_test_results(liion_plant *plant, liion_trace *trace,
                                                    uint32_t lot);

/* ---- assembly type and relationship of material classes and definitions ---------------- */

/**
 * @brief Set the assembly type and relationship of a material class or definition (B2MML
 *        AssemblyType, AssemblyRelationship): a cell definition is Physical + Permanent, a
 *        formation tray Physical + Transient, a shipping lot Logical + Transient.
 * @param plant the plant.
 * @param kind  #LIION_OBJ_MATERIAL_CLASS or #LIION_OBJ_MATERIAL_DEFINITION.
 * @param index the class or definition.
 * @param type  the assembly type.
 * @param rel   the assembly relationship.
 * @return #LIION_OK; #LIION_E_NOT_FOUND; #LIION_E_INVALID_ARG (other kind, unknown type or
 *         relationship).
 */
LIION_API liion_status liion_plant_set_assembly(liion_plant *plant, liion_object_kind kind,
                                                uint32_t index, liion_assembly_type type,
                                                liion_assembly_rel rel);

/**
 * @brief Assembly type and relationship of a material class or definition. A definition
 *        without its own values reports its class's.
 * @param[out] type_out the type, 0 when not set; may be NULL.
 * @param[out] rel_out  the relationship, 0 when not set; may be NULL.
 * @param      plant    the plant.
 * @param      kind     #LIION_OBJ_MATERIAL_CLASS or #LIION_OBJ_MATERIAL_DEFINITION.
 * @param      index    the class or definition.
 * @return #LIION_OK; #LIION_E_NOT_FOUND; #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_plant_assembly_info(liion_assembly_type *type_out,
                                                 liion_assembly_rel *rel_out,
                                                 liion_plant *plant, liion_object_kind kind,
                                                 uint32_t index);

/* ---- common equipment with overlapping use ---------------------------------------------- */

/**
 * @brief Common equipment of failed cells with overlapping use: equipment that handled every
 *        cell (or a lot of its backward closure) in use windows that all overlap at some
 *        moment, each window widened by @p tolerance at both ends. Unlike
 *        liion_plant_common_equipment(), equipment that saw the cells at different times
 *        (the same stacker on different days) is left out. Rows: equipment index, depth 0,
 *        score = the number of use records on that equipment overlapping the first moment
 *        range all windows share (fewer lots handled then = more specific); ascending, ties
 *        by equipment index.
 * @param plant     the plant.
 * @param trace     the result to fill (cleared first); borrowed.
 * @param cells     the failed cells' lot indices; borrowed for the call.
 * @param n_cells   how many (at least 1).
 * @param tolerance widening of every window (>= 0), in the plant's time unit.
 * @return #LIION_OK; #LIION_E_NOT_FOUND; #LIION_E_INVALID_ARG; #LIION_E_NOMEM.
 */
LIION_API liion_status liion_plant_common_equipment_overlap(liion_plant *plant,
                                                            liion_trace *trace,
                                                            const uint32_t *cells,
                                                            size_t n_cells, int64_t tolerance);

/** @} */

LIION_END_DECLS

#endif /* LIION_PLANT_H */
