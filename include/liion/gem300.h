/**
 * @file liion/gem300.h
 * @brief GEM300 state models (E40 process job, E94 control job, E87 load port and carrier,
 *        E90 substrate and location) and the messages that drive them (S3F17/F18,
 *        S16F11/F12, S16F5/F6, S14F9/F10).
 *
 * Each model is a small object that takes events (host commands and equipment happenings),
 * refuses an illegal one with #LIION_E_STATE and a message naming the state and the event
 * (the state is then unchanged), reports the standard's numeric state values (the values of
 * the PRJobState and CJState attributes) and returns the standard's transition number, so
 * that the caller can raise the collection event it has linked to that transition.
 *
 * The state models do no I/O, read no clock and allocate nothing after creation. The message
 * builders write into caller buffers; the parser (#liion_gem300_msg) keeps its storage from
 * one message to the next. Sources of every number: the guide
 * @ref guide_gem300.
 */
#ifndef LIION_GEM300_H
#define LIION_GEM300_H

#include <liion/common.h>
#include <liion/ctx.h>
#include <liion/secs.h>

LIION_BEGIN_DECLS

/**
 * @defgroup liion_gem300 GEM300 state models (E40, E94, E87, E90) and messages
 * @{
 */

/* ---- E40 process job ----------------------------------------------------------------- */

/** E40 process job state: the values of the PRJobState attribute (E40-0705). */
typedef enum liion_e40_state {
    LIION_E40_QUEUED = 0,           /**< QUEUED/POOLED: created, waiting for resources. */
    LIION_E40_SETTING_UP = 1,       /**< SETTING UP: material and resources being prepared. */
    LIION_E40_WAITING_FOR_START = 2,/**< WAITING FOR START: set up, waiting for the START command. */
    LIION_E40_PROCESSING = 3,       /**< PROCESSING: the recipe runs. */
    LIION_E40_PROCESS_COMPLETE = 4, /**< PROCESS COMPLETE: processing ended normally. */
    /* 5 is reserved by E40 */
    LIION_E40_PAUSING = 6,          /**< PAUSING: PAUSE accepted, coming to a safe point. */
    LIION_E40_PAUSED = 7,           /**< PAUSED. */
    LIION_E40_STOPPING = 8,         /**< STOPPING: STOP accepted, finishing the current step. */
    LIION_E40_ABORTING = 9,         /**< ABORTING: ABORT accepted, ending at once. */
    LIION_E40_STOPPED = 10,         /**< STOPPED: stop complete. */
    LIION_E40_ABORTED = 11,         /**< ABORTED: abort complete. */
    /** Not an E40 value: the job no longer exists (after transition 7 or 18). */
    LIION_E40_REMOVED = 255,
    LIION_E40_STATE__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; never use. */
} liion_e40_state;

/** Events of the E40 process job model (liion_e40_job_apply()). */
typedef enum liion_e40_event {
    LIION_E40_EV_SETUP = 1,        /**< Resources available, setup starts: QUEUED -> SETTING UP (2). */
    LIION_E40_EV_SETUP_DONE = 2,   /**< Setup complete: -> WAITING FOR START (3), or PROCESSING (4)
                                        with #LIION_E40_AUTO_START. */
    LIION_E40_EV_START = 3,        /**< START command (S16F5): WAITING FOR START -> PROCESSING (5). */
    LIION_E40_EV_PROCESS_DONE = 4, /**< Processing complete: PROCESSING -> PROCESS COMPLETE (6). */
    LIION_E40_EV_PAUSE = 5,        /**< PAUSE command: executing -> PAUSING (8). */
    LIION_E40_EV_PAUSE_DONE = 6,   /**< Safe point reached: PAUSING -> PAUSED (9). */
    LIION_E40_EV_RESUME = 7,       /**< RESUME command: PAUSING/PAUSED -> the executing substate
                                        the job was paused from (10). */
    LIION_E40_EV_STOP = 8,         /**< STOP command: executing -> STOPPING (11), paused -> STOPPING (12). */
    LIION_E40_EV_STOP_DONE = 9,    /**< Stop complete: STOPPING -> STOPPED (17). */
    LIION_E40_EV_ABORT = 10,       /**< ABORT command: executing (13), STOPPING (14), paused (15)
                                        -> ABORTING. */
    LIION_E40_EV_ABORT_DONE = 11,  /**< Abort complete: ABORTING -> ABORTED (16). */
    LIION_E40_EV_CANCEL = 12,      /**< CANCEL command: QUEUED -> removed (18). */
    LIION_E40_EV_REMOVE = 13,      /**< Job removed: PROCESS COMPLETE, STOPPED, ABORTED -> removed (7). */
    LIION_E40_EVENT__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; never use. */
} liion_e40_event;

/** liion_e40_job_new() flag: PRProcessStart true, setup complete goes straight to PROCESSING. */
#define LIION_E40_AUTO_START (1u << 0)

/** Opaque E40 process job state model; create with liion_e40_job_new(). */
typedef struct liion_e40_job liion_e40_job;

/**
 * @brief Create a process job in QUEUED/POOLED (this creation is E40 transition 1).
 * @param[out] out   the job; caller owns it, free with liion_e40_job_free(). NULL on failure.
 * @param      ctx   the context (borrowed; must outlive the job).
 * @param      flags 0 or #LIION_E40_AUTO_START.
 * @return #LIION_OK, #LIION_E_INVALID_ARG (NULL @p out, unknown flag), #LIION_E_NOMEM.
 */
LIION_API liion_status liion_e40_job_new(liion_e40_job **out, liion_ctx *ctx, uint32_t flags);

/** @brief Free a process job. NULL is a no-op. @param job the job (owned; invalid afterwards). */
LIION_API void liion_e40_job_free(liion_e40_job *job);

/**
 * @brief Current state.
 * @param job the job (borrowed).
 * @return the state; #LIION_E40_QUEUED for a NULL or invalid handle.
 */
LIION_API liion_e40_state liion_e40_job_get_state(const liion_e40_job *job);

/**
 * @brief Apply an event.
 * @param[out] transition the E40 transition number taken (1-18); may be NULL; set to 0 on error.
 * @param      job        the job (borrowed).
 * @param      ev         the event.
 * @return #LIION_OK; #LIION_E_STATE when @p ev is not allowed in the current state (the
 *         message names both, the state is unchanged); #LIION_E_INVALID_ARG for an unknown
 *         event or NULL job; #LIION_E_MISUSE for a freed handle.
 */
LIION_API liion_status liion_e40_job_apply(uint32_t *transition, liion_e40_job *job,
                                           liion_e40_event ev);

/**
 * @brief Name of a state, e.g. "WAITING FOR START".
 * @param state the state.
 * @return static text, never NULL ("unknown state" for other values).
 */
LIION_API const char *liion_e40_state_str(liion_e40_state state);

/**
 * @brief Name of an event, e.g. "START".
 * @param ev the event.
 * @return static text, never NULL ("unknown event" for other values).
 */
LIION_API const char *liion_e40_event_str(liion_e40_event ev);

/* ---- E94 control job ----------------------------------------------------------------- */

/** E94 control job state: the values of the CJState attribute (E94-0306). */
typedef enum liion_e94_state {
    LIION_E94_QUEUED = 0,            /**< QUEUED: created, in the control job queue. */
    LIION_E94_SELECTED = 1,          /**< SELECTED: chosen to run, waiting for its material. */
    LIION_E94_WAITING_FOR_START = 2, /**< WAITING FOR START: material present, waiting for CJStart. */
    LIION_E94_EXECUTING = 3,         /**< EXECUTING: its process jobs run. */
    LIION_E94_PAUSED = 4,            /**< PAUSED: no new process job starts. */
    LIION_E94_COMPLETED = 5,         /**< COMPLETED: normally, stopped or aborted. */
    /** Not an E94 value: the job no longer exists (after transition 2 or 13). */
    LIION_E94_REMOVED = 255,
    LIION_E94_STATE__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; never use. */
} liion_e94_state;

/** Events of the E94 control job model (liion_e94_job_apply()). Commands are CTLJOBCMD. */
typedef enum liion_e94_event {
    LIION_E94_EV_SELECT = 1,           /**< Equipment selects the job: QUEUED -> SELECTED (3). */
    LIION_E94_EV_DESELECT = 2,         /**< CJDeselect: SELECTED -> QUEUED (4). */
    LIION_E94_EV_MATERIAL_ARRIVED = 3, /**< Material present: SELECTED -> WAITING FOR START (6),
                                            or EXECUTING (5) with #LIION_E94_AUTO_START. */
    LIION_E94_EV_START = 4,            /**< CJStart: WAITING FOR START -> EXECUTING (7). */
    LIION_E94_EV_PAUSE = 5,            /**< CJPause: EXECUTING -> PAUSED (8). */
    LIION_E94_EV_RESUME = 6,           /**< CJResume: PAUSED -> EXECUTING (9). */
    LIION_E94_EV_PROCESS_DONE = 7,     /**< All its process jobs complete: EXECUTING -> COMPLETED (10). */
    LIION_E94_EV_STOP = 8,             /**< CJStop: QUEUED -> removed (2); active -> COMPLETED (11). */
    LIION_E94_EV_ABORT = 9,            /**< CJAbort: QUEUED -> removed (2); active -> COMPLETED (12). */
    LIION_E94_EV_CANCEL = 10,          /**< CJCancel: QUEUED -> removed (2). */
    LIION_E94_EV_HOQ = 11,             /**< CJHOQ: QUEUED stays QUEUED (moved to the head of the
                                            queue; no transition, number 0). */
    LIION_E94_EV_REMOVE = 12,          /**< Material gone, job deleted: COMPLETED -> removed (13). */
    LIION_E94_EVENT__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; never use. */
} liion_e94_event;

/** liion_e94_job_new() flag: StartMethod AUTO, material arrival goes straight to EXECUTING. */
#define LIION_E94_AUTO_START (1u << 0)

/** Opaque E94 control job state model; create with liion_e94_job_new(). */
typedef struct liion_e94_job liion_e94_job;

/**
 * @brief Create a control job in QUEUED (this creation is E94 transition 1).
 * @param[out] out   the job; caller owns it, free with liion_e94_job_free(). NULL on failure.
 * @param      ctx   the context (borrowed; must outlive the job).
 * @param      flags 0 or #LIION_E94_AUTO_START.
 * @return #LIION_OK, #LIION_E_INVALID_ARG (NULL @p out, unknown flag), #LIION_E_NOMEM.
 */
LIION_API liion_status liion_e94_job_new(liion_e94_job **out, liion_ctx *ctx, uint32_t flags);

/** @brief Free a control job. NULL is a no-op. @param job the job (owned; invalid afterwards). */
LIION_API void liion_e94_job_free(liion_e94_job *job);

/**
 * @brief Current state.
 * @param job the job (borrowed).
 * @return the state; #LIION_E94_QUEUED for a NULL or invalid handle.
 */
LIION_API liion_e94_state liion_e94_job_get_state(const liion_e94_job *job);

/**
 * @brief Apply an event.
 * @param[out] transition the E94 transition number taken (1-13; 0 for CJHOQ); may be NULL;
 *                        set to 0 on error.
 * @param      job        the job (borrowed).
 * @param      ev         the event.
 * @return #LIION_OK; #LIION_E_STATE when @p ev is not allowed in the current state (the
 *         message names both, the state is unchanged); #LIION_E_INVALID_ARG for an unknown
 *         event or NULL job; #LIION_E_MISUSE for a freed handle.
 */
LIION_API liion_status liion_e94_job_apply(uint32_t *transition, liion_e94_job *job,
                                           liion_e94_event ev);

/**
 * @brief Name of a state, e.g. "WAITING FOR START".
 * @param state the state.
 * @return static text, never NULL ("unknown state" for other values).
 */
LIION_API const char *liion_e94_state_str(liion_e94_state state);

/**
 * @brief Name of an event, e.g. "CJStart".
 * @param ev the event.
 * @return static text, never NULL ("unknown event" for other values).
 */
LIION_API const char *liion_e94_event_str(liion_e94_event ev);

/* ---- E87 load port transfer state -------------------------------------------------- */

/** E87 load port transfer state (LTS) values. The current state is always one of 0-3. */
typedef enum liion_e87_lts_state {
    LIION_E87_OUT_OF_SERVICE = 0,   /**< OUT OF SERVICE: the port takes no transfer. */
    LIION_E87_TRANSFER_BLOCKED = 1, /**< TRANSFER BLOCKED: a transfer runs, or the port is busy. */
    LIION_E87_READY_TO_LOAD = 2,    /**< READY TO LOAD: empty, a carrier may be delivered. */
    LIION_E87_READY_TO_UNLOAD = 3,  /**< READY TO UNLOAD: the carrier may be taken away. */
    LIION_E87_IN_SERVICE = 4,       /**< IN SERVICE: superstate of 1-3 (a value for reports only). */
    LIION_E87_TRANSFER_READY = 5,   /**< TRANSFER READY: superstate of 2-3 (a value for reports only). */
    LIION_E87_LTS_STATE__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; never use. */
} liion_e87_lts_state;

/** Events of the E87 load port transfer state model (liion_e87_port_apply()). */
typedef enum liion_e87_lts_event {
    LIION_E87_EV_OUT_OF_SERVICE = 1,      /**< Port taken out of service: in service -> OUT OF SERVICE (3). */
    LIION_E87_EV_IN_SERVICE_BLOCKED = 2,  /**< Port put in service, cannot transfer yet:
                                               OUT OF SERVICE -> TRANSFER BLOCKED (2, 4). */
    LIION_E87_EV_IN_SERVICE_LOAD = 3,     /**< Port put in service, empty:
                                               OUT OF SERVICE -> READY TO LOAD (2, 4, 5). */
    LIION_E87_EV_IN_SERVICE_UNLOAD = 4,   /**< Port put in service holding a carrier:
                                               OUT OF SERVICE -> READY TO UNLOAD (2, 4, 5). */
    LIION_E87_EV_TRANSFER_STARTED = 5,    /**< Load started: READY TO LOAD -> TRANSFER BLOCKED (6);
                                               unload started: READY TO UNLOAD -> TRANSFER BLOCKED (7). */
    LIION_E87_EV_READY_TO_LOAD = 6,       /**< Port empty and ready: TRANSFER BLOCKED -> READY TO LOAD (8). */
    LIION_E87_EV_READY_TO_UNLOAD = 7,     /**< Carrier ready to leave: TRANSFER BLOCKED -> READY TO UNLOAD (9). */
    LIION_E87_EV_FAILED_TO_LOAD = 8,      /**< Transfer failed, port empty:
                                               TRANSFER BLOCKED -> READY TO LOAD (10, 5). */
    LIION_E87_EV_FAILED_TO_UNLOAD = 9,    /**< Transfer failed, carrier still on the port:
                                               TRANSFER BLOCKED -> READY TO UNLOAD (10, 5). */
    LIION_E87_LTS_EVENT__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; never use. */
} liion_e87_lts_event;

/** Most transition numbers one liion_e87_port_apply() call reports. */
#define LIION_E87_MAX_TRANSITIONS 3

/** Opaque E87 load port transfer state model; create with liion_e87_port_new(). */
typedef struct liion_e87_port liion_e87_port;

/**
 * @brief Create a load port (E87 transition 1; for an in-service state, 4 and 5 follow).
 * @param[out] out     the port; caller owns it, free with liion_e87_port_free(). NULL on failure.
 * @param      ctx     the context (borrowed; must outlive the port).
 * @param      initial the initial state, one of the four leaf states 0-3.
 * @return #LIION_OK, #LIION_E_INVALID_ARG (NULL @p out, bad initial state), #LIION_E_NOMEM.
 */
LIION_API liion_status liion_e87_port_new(liion_e87_port **out, liion_ctx *ctx,
                                          liion_e87_lts_state initial);

/** @brief Free a load port. NULL is a no-op. @param port the port (owned; invalid afterwards). */
LIION_API void liion_e87_port_free(liion_e87_port *port);

/**
 * @brief Current transfer state (a leaf state, 0-3).
 * @param port the port (borrowed).
 * @return the state; #LIION_E87_OUT_OF_SERVICE for a NULL or invalid handle.
 */
LIION_API liion_e87_lts_state liion_e87_port_get_state(const liion_e87_port *port);

/**
 * @brief Apply an event. One event may pass through superstates and take up to three
 *        transitions (e.g. 2, 4, 5 when a port goes in service ready to load).
 * @param[out] transitions the E87 transition numbers taken, in the order they happen; an
 *                         array of #LIION_E87_MAX_TRANSITIONS entries, or NULL.
 * @param[out] count       how many entries of @p transitions were written; may be NULL;
 *                         0 on error.
 * @param      port        the port (borrowed).
 * @param      ev          the event.
 * @return #LIION_OK; #LIION_E_STATE when @p ev is not allowed in the current state (the
 *         message names both, the state is unchanged); #LIION_E_INVALID_ARG for an unknown
 *         event or NULL port; #LIION_E_MISUSE for a freed handle.
 */
LIION_API liion_status liion_e87_port_apply(uint32_t *transitions, size_t *count,
                                            liion_e87_port *port, liion_e87_lts_event ev);

/**
 * @brief Name of a transfer state, e.g. "READY TO LOAD".
 * @param state the state.
 * @return static text, never NULL ("unknown state" for other values).
 */
LIION_API const char *liion_e87_lts_state_str(liion_e87_lts_state state);

/**
 * @brief Name of a transfer state event, e.g. "transfer started".
 * @param ev the event.
 * @return static text, never NULL ("unknown event" for other values).
 */
LIION_API const char *liion_e87_lts_event_str(liion_e87_lts_event ev);

/* ---- E87 load port access mode, reservation and carrier association ------------------ */

/** E87 load port access mode (AMS). A new port is MANUAL (AMS transition 1). */
typedef enum liion_e87_access_mode {
    LIION_E87_MANUAL = 0, /**< MANUAL: carriers are handed over by an operator (or a cart). */
    LIION_E87_AUTO = 1,   /**< AUTO: carriers are handed over by the AMHS (E84 handshake). */
    LIION_E87_ACCESS_MODE__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; never use. */
} liion_e87_access_mode;

/** E87 load port reservation state (LRS). A new port is NOT RESERVED (LRS transition 1). */
typedef enum liion_e87_reservation {
    LIION_E87_NOT_RESERVED = 0, /**< NOT RESERVED. */
    LIION_E87_RESERVED = 1,     /**< RESERVED for a carrier that is yet to arrive. */
    LIION_E87_RESERVATION__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; never use. */
} liion_e87_reservation;

/** E87 load port / carrier association state (LCAS). A new port is NOT ASSOCIATED (LCAS
 *  transition 1). */
typedef enum liion_e87_association {
    LIION_E87_NOT_ASSOCIATED = 0, /**< NOT ASSOCIATED: no carrier object belongs to the port. */
    LIION_E87_ASSOCIATED = 1,     /**< ASSOCIATED with a carrier object. */
    LIION_E87_ASSOCIATION__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; never use. */
} liion_e87_association;

/** Events of a load port's access mode, reservation and association models
 *  (liion_e87_port_change()); the transition each takes is in brackets. */
typedef enum liion_e87_port_event {
    LIION_E87_PEV_SET_AUTO = 1,           /**< ChangeAccess to AUTO: MANUAL -> AUTO (AMS 2). */
    LIION_E87_PEV_SET_MANUAL = 2,         /**< ChangeAccess to MANUAL: AUTO -> MANUAL (AMS 3). */
    LIION_E87_PEV_RESERVE = 3,            /**< ReserveAtPort, or a Bind: NOT RESERVED -> RESERVED
                                               (LRS 2). */
    LIION_E87_PEV_CANCEL_RESERVATION = 4, /**< CancelReservationAtPort, or CancelBind:
                                               RESERVED -> NOT RESERVED (LRS 3). */
    LIION_E87_PEV_ASSOCIATE = 5,          /**< Bind on an empty port, carrier ID read, or the
                                               host's answer to a failed read: NOT ASSOCIATED ->
                                               ASSOCIATED (LCAS 2). */
    LIION_E87_PEV_DISASSOCIATE = 6,       /**< CancelBind, or the carrier left the port:
                                               ASSOCIATED -> NOT ASSOCIATED (LCAS 3). */
    LIION_E87_PEV_REASSOCIATE = 7,        /**< Equipment-based verification failed and the port
                                               is associated with the ID read instead:
                                               ASSOCIATED -> ASSOCIATED (LCAS 4). */
    LIION_E87_PORT_EVENT__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; never use. */
} liion_e87_port_event;

/**
 * @brief Apply an access mode, reservation or association event to a load port.
 *
 * The three models run beside the transfer state (liion_e87_port_apply()). A change of
 * access mode is refused while the port is TRANSFER BLOCKED: E87 allows it at any time except
 * during a carrier transfer, and the port cannot tell a running transfer from other blocking.
 *
 * @param[out] transition the E87 transition number of the model the event belongs to (AMS,
 *                        LRS or LCAS, see #liion_e87_port_event); may be NULL; 0 on error.
 * @param      port       the port (borrowed).
 * @param      ev         the event.
 * @return #LIION_OK; #LIION_E_STATE when the event is not allowed in the model's current state
 *         (the message names both; nothing changes); #LIION_E_INVALID_ARG for an unknown
 *         event or NULL port; #LIION_E_MISUSE for a freed handle.
 */
LIION_API liion_status liion_e87_port_change(uint32_t *transition, liion_e87_port *port,
                                             liion_e87_port_event ev);

/**
 * @brief Current access mode.
 * @param port the port (borrowed).
 * @return the mode; #LIION_E87_MANUAL for a NULL or invalid handle.
 */
LIION_API liion_e87_access_mode liion_e87_port_access_mode(const liion_e87_port *port);

/**
 * @brief Current reservation state.
 * @param port the port (borrowed).
 * @return the state; #LIION_E87_NOT_RESERVED for a NULL or invalid handle.
 */
LIION_API liion_e87_reservation liion_e87_port_reservation(const liion_e87_port *port);

/**
 * @brief Current carrier association state.
 * @param port the port (borrowed).
 * @return the state; #LIION_E87_NOT_ASSOCIATED for a NULL or invalid handle.
 */
LIION_API liion_e87_association liion_e87_port_association(const liion_e87_port *port);

/**
 * @brief Name of an access mode, reservation or association event, e.g. "reserve".
 * @param ev the event.
 * @return static text, never NULL ("unknown event" for other values).
 */
LIION_API const char *liion_e87_port_event_str(liion_e87_port_event ev);

/* ---- E87 carrier object ------------------------------------------------------------ */

/** E87 carrier ID status (CIDS) values. */
typedef enum liion_e87_cids {
    LIION_E87_ID_NOT_READ = 0,               /**< ID NOT READ. */
    LIION_E87_ID_WAITING_FOR_HOST = 1,       /**< WAITING FOR HOST: read attempted, not yet verified. */
    LIION_E87_ID_VERIFICATION_OK = 2,        /**< ID VERIFICATION OK. */
    LIION_E87_ID_VERIFICATION_FAILED = 3,    /**< ID VERIFICATION FAILED (cancelled before OK). */
    LIION_E87_CIDS__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; never use. */
} liion_e87_cids;

/** E87 carrier slot map status (CSMS) values. */
typedef enum liion_e87_csms {
    LIION_E87_SLOT_MAP_NOT_READ = 0,            /**< SLOT MAP NOT READ. */
    LIION_E87_SLOT_MAP_WAITING_FOR_HOST = 1,    /**< WAITING FOR HOST: read, not yet verified. */
    LIION_E87_SLOT_MAP_VERIFICATION_OK = 2,     /**< SLOT MAP VERIFICATION OK. */
    LIION_E87_SLOT_MAP_VERIFICATION_FAILED = 3, /**< SLOT MAP VERIFICATION FAILED. */
    LIION_E87_CSMS__FORCE_INT32 = 0x7fffffff    /**< Pins the enum to 32 bits; never use. */
} liion_e87_csms;

/** E87 carrier accessing status (CAS) values. */
typedef enum liion_e87_cas {
    LIION_E87_NOT_ACCESSED = 0,             /**< NOT ACCESSED. */
    LIION_E87_IN_ACCESS = 1,                /**< IN ACCESS: material is being taken out / put back. */
    LIION_E87_CARRIER_COMPLETE = 2,         /**< CARRIER COMPLETE: access ended normally. */
    LIION_E87_CARRIER_STOPPED = 3,          /**< CARRIER STOPPED: access ended abnormally. */
    LIION_E87_CAS__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; never use. */
} liion_e87_cas;

/** E87 slot map values (SlotState), one per slot of the carrier. */
typedef enum liion_e87_slot_state {
    LIION_E87_SLOT_UNDEFINED = 0,           /**< Undefined (not mapped). */
    LIION_E87_SLOT_EMPTY = 1,               /**< Empty. */
    LIION_E87_SLOT_NOT_EMPTY = 2,           /**< Not empty (occupied, position not checked). */
    LIION_E87_SLOT_CORRECTLY_OCCUPIED = 3,  /**< Correctly occupied. */
    LIION_E87_SLOT_DOUBLE_SLOTTED = 4,      /**< Double slotted: two substrates in one slot. */
    LIION_E87_SLOT_CROSS_SLOTTED = 5,       /**< Cross slotted: one substrate across two slots. */
    LIION_E87_SLOT_STATE__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; never use. */
} liion_e87_slot_state;

/** Events of the E87 carrier object (liion_e87_carrier_apply()); the transition in brackets. */
typedef enum liion_e87_carrier_event {
    LIION_E87_CEV_ID_READ_OK = 1,       /**< ID read and verified by the equipment: ID NOT READ -> OK (6). */
    LIION_E87_CEV_ID_READ_WAIT = 2,     /**< ID read (or read failed), the host must verify:
                                             ID NOT READ -> WAITING FOR HOST (7). */
    LIION_E87_CEV_ID_PROCEED = 3,       /**< ProceedWithCarrier for the ID: WAITING FOR HOST -> OK (8). */
    LIION_E87_CEV_ID_CANCEL = 4,        /**< CancelCarrier for the ID: WAITING FOR HOST -> FAILED (9). */
    LIION_E87_CEV_ID_READER_OFFLINE = 5,/**< Reader unavailable, bypass off: ID NOT READ -> WAITING FOR HOST (10). */
    LIION_E87_CEV_ID_BYPASS = 6,        /**< Reader unavailable, bypass on: ID NOT READ -> OK (11). */
    LIION_E87_CEV_SLOT_MAP_READ_OK = 7, /**< Slot map read and verified by the equipment: SLOT MAP NOT
                                             READ -> OK (13). Refused while the map has a double or
                                             cross slotted or undefined slot. */
    LIION_E87_CEV_SLOT_MAP_READ_WAIT = 8, /**< Slot map read, the host must verify (or read failed, or
                                             abnormal position): NOT READ -> WAITING FOR HOST (14). */
    LIION_E87_CEV_SLOT_MAP_PROCEED = 9, /**< ProceedWithCarrier for the slot map: WAITING FOR HOST -> OK (15). */
    LIION_E87_CEV_SLOT_MAP_CANCEL = 10, /**< CancelCarrier for the slot map: WAITING FOR HOST -> FAILED (16). */
    LIION_E87_CEV_ACCESS_STARTED = 11,  /**< Access started: NOT ACCESSED -> IN ACCESS (18). */
    LIION_E87_CEV_ACCESS_COMPLETE = 12, /**< Access ended normally: IN ACCESS -> CARRIER COMPLETE (19). */
    LIION_E87_CEV_ACCESS_STOPPED = 13,  /**< Access ended abnormally: IN ACCESS -> CARRIER STOPPED (20). */
    LIION_E87_CEV_REMOVE = 14,          /**< Carrier unloaded, CancelBind, CancelCarrierNotification:
                                             the carrier object ends (21) from any state. */
    LIION_E87_CEV_PROCEED = 15,         /**< S3F17 ProceedWithCarrier: (8) when the ID waits for the
                                             host, else (15) when the slot map does. */
    LIION_E87_CEV_CANCEL = 16,          /**< S3F17 CancelCarrier: (9) when the ID waits for the host,
                                             else (16) when the slot map does. */
    LIION_E87_CARRIER_EVENT__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; never use. */
} liion_e87_carrier_event;

/** Most transition numbers liion_e87_carrier_new() reports (1, CIDS entry, 12, 17). */
#define LIION_E87_CARRIER_NEW_TRANSITIONS 4

/** Most slots a carrier's slot map holds (a cell tray with up to 1024 pockets). */
#define LIION_E87_MAX_SLOTS 1024

/** Opaque E87 carrier object (CIDS, CSMS, CAS and the slot map); see liion_e87_carrier_new(). */
typedef struct liion_e87_carrier liion_e87_carrier;

/**
 * @brief Create a carrier object: transition 1, then the CIDS entry transition (2 to ID NOT
 *        READ, 3 to WAITING FOR HOST, 4 to ID VERIFICATION OK, 5 to ID VERIFICATION FAILED),
 *        then 12 (SLOT MAP NOT READ) and 17 (NOT ACCESSED).
 * @param[out] out         the carrier; caller owns it, free with liion_e87_carrier_free().
 *                         NULL on failure.
 * @param[out] transitions #LIION_E87_CARRIER_NEW_TRANSITIONS entries for the creation
 *                         transitions in order, or NULL.
 * @param[out] count       entries written to @p transitions (4); may be NULL; 0 on failure.
 * @param      ctx         the context (borrowed; must outlive the carrier).
 * @param      initial     the initial carrier ID status (any #liion_e87_cids).
 * @return #LIION_OK, #LIION_E_INVALID_ARG (NULL @p out, bad @p initial), #LIION_E_NOMEM.
 */
LIION_API liion_status liion_e87_carrier_new(liion_e87_carrier **out, uint32_t *transitions,
                                             size_t *count, liion_ctx *ctx,
                                             liion_e87_cids initial);

/** @brief Free a carrier. NULL is a no-op. @param c the carrier (owned; invalid afterwards). */
LIION_API void liion_e87_carrier_free(liion_e87_carrier *c);

/**
 * @brief Carrier ID status.
 * @param c the carrier (borrowed).
 * @return the CIDS; #LIION_E87_ID_NOT_READ for NULL or an invalid handle.
 */
LIION_API liion_e87_cids liion_e87_carrier_get_id_status(const liion_e87_carrier *c);

/**
 * @brief Slot map status.
 * @param c the carrier (borrowed).
 * @return the CSMS; #LIION_E87_SLOT_MAP_NOT_READ for NULL or an invalid handle.
 */
LIION_API liion_e87_csms liion_e87_carrier_get_slot_map_status(const liion_e87_carrier *c);

/**
 * @brief Accessing status.
 * @param c the carrier (borrowed).
 * @return the CAS; #LIION_E87_NOT_ACCESSED for NULL or an invalid handle.
 */
LIION_API liion_e87_cas liion_e87_carrier_get_access_status(const liion_e87_carrier *c);

/**
 * @brief Whether the carrier object has ended (transition 21).
 * @param c the carrier (borrowed).
 * @return 1 when removed, 0 otherwise (also for NULL).
 */
LIION_API int liion_e87_carrier_removed(const liion_e87_carrier *c);

/**
 * @brief Store the slot map as read by the equipment (replaces any earlier one). Apply
 *        #LIION_E87_CEV_SLOT_MAP_READ_OK or #LIION_E87_CEV_SLOT_MAP_READ_WAIT next.
 * @param c     the carrier (borrowed).
 * @param slots @p n values of #liion_e87_slot_state (0-5), slot 1 first; borrowed, copied.
 * @param n     slots, 1 to #LIION_E87_MAX_SLOTS.
 * @return #LIION_OK; #LIION_E_INVALID_ARG (NULL, a value above 5 - the message names the
 *         slot); #LIION_E_RANGE (@p n 0 or too large); #LIION_E_STATE (the slot map status is
 *         not SLOT MAP NOT READ, or the carrier is removed); #LIION_E_MISUSE.
 */
LIION_API liion_status liion_e87_carrier_set_slot_map(liion_e87_carrier *c, const uint8_t *slots,
                                                      size_t n);

/** @brief Slots in the stored slot map; 0 before liion_e87_carrier_set_slot_map() or for NULL.
 *  @param c the carrier (borrowed). @return the slot count. */
LIION_API size_t liion_e87_carrier_slot_count(const liion_e87_carrier *c);

/**
 * @brief One slot of the stored slot map.
 * @param c     the carrier (borrowed).
 * @param index 0-based slot index (slot number - 1).
 * @return the value; #LIION_E87_SLOT_UNDEFINED out of range or for NULL.
 */
LIION_API liion_e87_slot_state liion_e87_carrier_get_slot(const liion_e87_carrier *c,
                                                          size_t index);

/**
 * @brief Apply an event.
 * @param[out] transition the E87 transition number taken (6-21); may be NULL; 0 on error.
 * @param      c          the carrier (borrowed).
 * @param      ev         the event.
 * @return #LIION_OK; #LIION_E_STATE when @p ev is not allowed (the message names the
 *         substate machine, its state and the event; nothing changes); #LIION_E_INVALID_ARG
 *         (unknown event, NULL); #LIION_E_MISUSE (freed handle).
 */
LIION_API liion_status liion_e87_carrier_apply(uint32_t *transition, liion_e87_carrier *c,
                                               liion_e87_carrier_event ev);

/** @brief Name of a CIDS value, e.g. "WAITING FOR HOST". @param v the value.
 *  @return static text, never NULL ("unknown state" for other values). */
LIION_API const char *liion_e87_cids_str(liion_e87_cids v);
/** @brief Name of a CSMS value, e.g. "SLOT MAP VERIFICATION OK". @param v the value.
 *  @return static text, never NULL ("unknown state" for other values). */
LIION_API const char *liion_e87_csms_str(liion_e87_csms v);
/** @brief Name of a CAS value, e.g. "IN ACCESS". @param v the value.
 *  @return static text, never NULL ("unknown state" for other values). */
LIION_API const char *liion_e87_cas_str(liion_e87_cas v);
/** @brief Name of a slot map value, e.g. "CORRECTLY OCCUPIED". @param v the value.
 *  @return static text, never NULL ("unknown slot state" for other values). */
LIION_API const char *liion_e87_slot_state_str(liion_e87_slot_state v);
/** @brief Name of a carrier event, e.g. "ProceedWithCarrier". @param ev the event.
 *  @return static text, never NULL ("unknown event" for other values). */
LIION_API const char *liion_e87_carrier_event_str(liion_e87_carrier_event ev);

/* ---- E90 substrate and substrate location ------------------------------------------- */

/** E90 substrate transport state (STS) values. */
typedef enum liion_e90_sts {
    LIION_E90_AT_SOURCE = 0,      /**< ATSOURCE: at its source location (in the carrier). */
    LIION_E90_AT_WORK = 1,        /**< ATWORK: inside the equipment. */
    LIION_E90_AT_DESTINATION = 2, /**< ATDESTINATION: at its destination location. */
    /** Not an E90 value: the substrate object no longer exists (after transition 7 or 9). */
    LIION_E90_STS_REMOVED = 255,
    LIION_E90_STS__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; never use. */
} liion_e90_sts;

/** E90 substrate processing state (SPS) values. 2-7 are the PROCESSING COMPLETE substates. */
typedef enum liion_e90_sps {
    LIION_E90_NEEDS_PROCESSING = 0, /**< NEEDS PROCESSING. */
    LIION_E90_IN_PROCESS = 1,       /**< IN PROCESS. */
    LIION_E90_PROCESSED = 2,        /**< PROCESSED: ended normally. */
    LIION_E90_ABORTED = 3,          /**< ABORTED. */
    LIION_E90_STOPPED = 4,          /**< STOPPED. */
    LIION_E90_REJECTED = 5,         /**< REJECTED. */
    LIION_E90_LOST = 6,             /**< LOST. */
    LIION_E90_SKIPPED = 7,          /**< SKIPPED. */
    LIION_E90_SPS__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; never use. */
} liion_e90_sps;

/** E90 substrate ID status (SubstIDStatus) values. */
typedef enum liion_e90_sids {
    LIION_E90_ID_NOT_CONFIRMED = 0,       /**< NOT CONFIRMED. */
    LIION_E90_ID_WAITING_FOR_HOST = 1,    /**< WAITING FOR HOST. */
    LIION_E90_ID_CONFIRMED = 2,           /**< CONFIRMED. */
    LIION_E90_ID_CONFIRMATION_FAILED = 3, /**< CONFIRMATION FAILED. */
    LIION_E90_SIDS__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; never use. */
} liion_e90_sids;

/** Events of the E90 substrate (liion_e90_substrate_apply()); the transition in brackets. */
typedef enum liion_e90_event {
    LIION_E90_EV_TO_WORK = 1,        /**< Moved into the equipment: AT SOURCE (2), AT WORK (4),
                                          AT DESTINATION (6) -> AT WORK. */
    LIION_E90_EV_TO_SOURCE = 2,      /**< Moved back to its source: AT WORK (3), AT DESTINATION (8)
                                          -> AT SOURCE. */
    LIION_E90_EV_TO_DESTINATION = 3, /**< Moved to its destination: AT WORK -> AT DESTINATION (5). */
    LIION_E90_EV_DEPART = 4,         /**< Left the equipment at its destination: AT DESTINATION ->
                                          removed (7). */
    LIION_E90_EV_REMOVE = 5,         /**< Removed abnormally (deleted by the operator): any -> removed (9). */
    LIION_E90_EV_START = 6,          /**< Processing started: NEEDS PROCESSING -> IN PROCESS (11). */
    LIION_E90_EV_PROCESSED = 7,      /**< IN PROCESS -> PROCESSED (12). */
    LIION_E90_EV_ABORTED = 8,        /**< IN PROCESS -> ABORTED (12). */
    LIION_E90_EV_STOPPED = 9,        /**< IN PROCESS -> STOPPED (12). */
    LIION_E90_EV_REJECTED = 10,      /**< IN PROCESS -> REJECTED (12). */
    LIION_E90_EV_LOST = 11,          /**< IN PROCESS (12), NEEDS PROCESSING (14) -> LOST. */
    LIION_E90_EV_SKIPPED = 12,       /**< IN PROCESS (12), NEEDS PROCESSING (14) -> SKIPPED. */
    LIION_E90_EV_NEEDS_MORE = 13,    /**< One step of several done: IN PROCESS -> NEEDS PROCESSING (13). */
    LIION_E90_EV_ID_READ_OK = 14,    /**< ID read and confirmed by the equipment: NOT CONFIRMED -> CONFIRMED (17). */
    LIION_E90_EV_ID_READ_WAIT = 15,  /**< ID read (or read failed), the host must confirm:
                                          NOT CONFIRMED -> WAITING FOR HOST (18). */
    LIION_E90_EV_ID_PROCEED = 16,    /**< ProceedWithSubstrate: WAITING FOR HOST -> CONFIRMED (19). */
    LIION_E90_EV_ID_CANCEL = 17,     /**< CancelSubstrate: WAITING FOR HOST -> CONFIRMATION FAILED (20). */
    LIION_E90_EV_ID_READ_FAILED = 18,/**< ID read failed, equipment-based confirmation: NOT CONFIRMED
                                          -> CONFIRMATION FAILED (21). */
    LIION_E90_EVENT__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; never use. */
} liion_e90_event;

/** Transition numbers liion_e90_substrate_new() reports: 1 (AT SOURCE), 10 (NEEDS PROCESSING), 16 (NOT CONFIRMED). */
#define LIION_E90_SUBSTRATE_NEW_TRANSITIONS 3

/** Opaque E90 substrate object (STS, SPS, SubstIDStatus); see liion_e90_substrate_new(). */
typedef struct liion_e90_substrate liion_e90_substrate;

/**
 * @brief Create a substrate AT SOURCE, NEEDS PROCESSING, NOT CONFIRMED (transitions 1, 10, 16).
 * @param[out] out         the substrate; caller owns it, free with liion_e90_substrate_free().
 *                         NULL on failure.
 * @param[out] transitions #LIION_E90_SUBSTRATE_NEW_TRANSITIONS entries, or NULL.
 * @param[out] count       entries written (3); may be NULL; 0 on failure.
 * @param      ctx         the context (borrowed; must outlive the substrate).
 * @return #LIION_OK, #LIION_E_INVALID_ARG, #LIION_E_NOMEM.
 */
LIION_API liion_status liion_e90_substrate_new(liion_e90_substrate **out, uint32_t *transitions,
                                               size_t *count, liion_ctx *ctx);

/** @brief Free a substrate. NULL is a no-op. @param s the substrate (owned; invalid afterwards). */
LIION_API void liion_e90_substrate_free(liion_e90_substrate *s);

/** @brief Transport state. @param s the substrate (borrowed).
 *  @return the STS; #LIION_E90_AT_SOURCE for NULL or an invalid handle. */
LIION_API liion_e90_sts liion_e90_substrate_get_transport(const liion_e90_substrate *s);
/** @brief Processing state. @param s the substrate (borrowed).
 *  @return the SPS; #LIION_E90_NEEDS_PROCESSING for NULL or an invalid handle. */
LIION_API liion_e90_sps liion_e90_substrate_get_processing(const liion_e90_substrate *s);
/** @brief Substrate ID status. @param s the substrate (borrowed).
 *  @return the status; #LIION_E90_ID_NOT_CONFIRMED for NULL or an invalid handle. */
LIION_API liion_e90_sids liion_e90_substrate_get_id_status(const liion_e90_substrate *s);

/**
 * @brief Apply an event.
 * @param[out] transition the E90 transition number taken (2-21); may be NULL; 0 on error.
 * @param      s          the substrate (borrowed).
 * @param      ev         the event.
 * @return #LIION_OK; #LIION_E_STATE when @p ev is not allowed (the message names the state
 *         machine, its state and the event; nothing changes; a removed substrate refuses
 *         everything); #LIION_E_INVALID_ARG; #LIION_E_MISUSE.
 */
LIION_API liion_status liion_e90_substrate_apply(uint32_t *transition, liion_e90_substrate *s,
                                                 liion_e90_event ev);

/** @brief Name of a transport state, e.g. "ATWORK". @param v the value.
 *  @return static text, never NULL. */
LIION_API const char *liion_e90_sts_str(liion_e90_sts v);
/** @brief Name of a processing state, e.g. "IN PROCESS". @param v the value.
 *  @return static text, never NULL. */
LIION_API const char *liion_e90_sps_str(liion_e90_sps v);
/** @brief Name of a substrate ID status, e.g. "WAITING FOR HOST". @param v the value.
 *  @return static text, never NULL. */
LIION_API const char *liion_e90_sids_str(liion_e90_sids v);
/** @brief Name of a substrate event, e.g. "ProceedWithSubstrate". @param ev the event.
 *  @return static text, never NULL. */
LIION_API const char *liion_e90_event_str(liion_e90_event ev);

/** E90 substrate location state values. */
typedef enum liion_e90_loc_state {
    LIION_E90_UNOCCUPIED = 0, /**< UNOCCUPIED. */
    LIION_E90_OCCUPIED = 1,   /**< OCCUPIED: holds a substrate. */
    LIION_E90_LOC_STATE__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; never use. */
} liion_e90_loc_state;

/** Events of the substrate location (liion_e90_location_apply()). */
typedef enum liion_e90_loc_event {
    LIION_E90_LOC_PLACED = 1,  /**< A substrate arrived: UNOCCUPIED -> OCCUPIED (2). */
    LIION_E90_LOC_REMOVED = 2, /**< The substrate left: OCCUPIED -> UNOCCUPIED (3). */
    LIION_E90_LOC_EVENT__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; never use. */
} liion_e90_loc_event;

/** Opaque E90 substrate location; see liion_e90_location_new(). */
typedef struct liion_e90_location liion_e90_location;

/**
 * @brief Create a substrate location (transition 1).
 * @param[out] out     the location; caller owns it, free with liion_e90_location_free().
 * @param      ctx     the context (borrowed; must outlive the location).
 * @param      initial #LIION_E90_UNOCCUPIED or #LIION_E90_OCCUPIED.
 * @return #LIION_OK, #LIION_E_INVALID_ARG, #LIION_E_NOMEM.
 */
LIION_API liion_status liion_e90_location_new(liion_e90_location **out, liion_ctx *ctx,
                                              liion_e90_loc_state initial);

/** @brief Free a location. NULL is a no-op. @param l the location (owned; invalid afterwards). */
LIION_API void liion_e90_location_free(liion_e90_location *l);

/** @brief Occupancy. @param l the location (borrowed).
 *  @return the state; #LIION_E90_UNOCCUPIED for NULL or an invalid handle. */
LIION_API liion_e90_loc_state liion_e90_location_get_state(const liion_e90_location *l);

/**
 * @brief Apply an event.
 * @param[out] transition 2 or 3; may be NULL; 0 on error.
 * @param      l          the location (borrowed).
 * @param      ev         the event.
 * @return #LIION_OK; #LIION_E_STATE (placed on an occupied location, removed from an empty
 *         one: the message names both); #LIION_E_INVALID_ARG; #LIION_E_MISUSE.
 */
LIION_API liion_status liion_e90_location_apply(uint32_t *transition, liion_e90_location *l,
                                                liion_e90_loc_event ev);

/** @brief Name of a location state, "UNOCCUPIED" or "OCCUPIED". @param v the value.
 *  @return static text, never NULL. */
LIION_API const char *liion_e90_loc_state_str(liion_e90_loc_state v);

/* ---- GEM300 messages: S3F17/F18, S16F11/F12, S16F5/F6, S14F9/F10 -------------------- */

/** @name CAACK: S3F18 carrier action acknowledge (E87)
 * @{ */
#define LIION_GEM300_CAACK_OK 0              /**< Acknowledge, command has been performed. */
#define LIION_GEM300_CAACK_INVALID_COMMAND 1 /**< Invalid command. */
#define LIION_GEM300_CAACK_CANNOT_NOW 2      /**< Cannot perform now. */
#define LIION_GEM300_CAACK_INVALID_DATA 3    /**< Invalid data or argument. */
#define LIION_GEM300_CAACK_LATER 4           /**< Acknowledge, completion signalled later by an event. */
#define LIION_GEM300_CAACK_REJECTED 5        /**< Rejected: invalid state. */
#define LIION_GEM300_CAACK_WITH_ERRORS 6     /**< Command performed with errors. */
/** @} */

/** Which message a #liion_gem300_msg holds; the value is `stream << 8 | function`. */
typedef enum liion_gem300_kind {
    LIION_GEM300_NONE = 0,        /**< Nothing decoded yet (or the last decode failed). */
    LIION_GEM300_S3F17 = 0x0311,  /**< Carrier action request. */
    LIION_GEM300_S3F18 = 0x0312,  /**< Carrier action acknowledge. */
    LIION_GEM300_S14F9 = 0x0E09,  /**< Create object request (control job). */
    LIION_GEM300_S14F10 = 0x0E0A, /**< Create object acknowledge. */
    LIION_GEM300_S16F5 = 0x1005,  /**< Process job command request. */
    LIION_GEM300_S16F6 = 0x1006,  /**< Process job command acknowledge. */
    LIION_GEM300_S16F11 = 0x100B, /**< PRJobCreateEnh. */
    LIION_GEM300_S16F12 = 0x100C, /**< PRJobCreateEnh acknowledge. */
    LIION_GEM300_KIND__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; never use. */
} liion_gem300_kind;

/** Fields of a decoded GEM300 message (liion_gem300_msg_get_uint() / _get_text()). */
typedef enum liion_gem300_field {
    LIION_GEM300_F_DATAID = 1,          /**< uint: S3F17, S16F5, S16F11. */
    LIION_GEM300_F_CARRIERACTION = 2,   /**< text: S3F17 (e.g. "ProceedWithCarrier"). */
    LIION_GEM300_F_CARRIERID = 3,       /**< text: S3F17. */
    LIION_GEM300_F_PTN = 4,             /**< uint: S3F17 port number. */
    LIION_GEM300_F_PRJOBID = 5,         /**< text: S16F5, S16F6, S16F11, S16F12. */
    LIION_GEM300_F_PRCMDNAME = 6,       /**< text: S16F5 (START, STOP, PAUSE, RESUME, ABORT, CANCEL). */
    LIION_GEM300_F_MF = 7,              /**< uint: S16F11 material format code. */
    LIION_GEM300_F_PRRECIPEMETHOD = 8,  /**< uint: S16F11 (1 recipe only, 2 recipe with variable tuning). */
    LIION_GEM300_F_RCPSPEC = 9,         /**< text: S16F11 recipe specifier. */
    LIION_GEM300_F_PRPROCESSSTART = 10, /**< uint 0/1: S16F11 (1 = start automatically). */
    LIION_GEM300_F_OBJSPEC = 11,        /**< text: S14F9, S14F10. */
    LIION_GEM300_F_OBJTYPE = 12,        /**< text: S14F9 (e.g. "ControlJob"). */
    LIION_GEM300_F_ACK = 13,            /**< uint: CAACK (S3F18), ACKA 0/1 (S16F6, S16F12; 1 =
                                             success), OBJACK (S14F10; 0 = success). */
    LIION_GEM300_F_ATTRS = 20,          /**< list of (name, value): S3F17 CATTRID/CATTRDATA, S16F5
                                             CPNAME/CPVAL, S16F11 RCPPARNM/RCPPARVAL, S14F9 and
                                             S14F10 ATTRID/ATTRDATA. */
    LIION_GEM300_F_ERRORS = 21,         /**< list of (ERRCODE, ERRTEXT): S3F18, S16F6, S16F12, S14F10. */
    LIION_GEM300_F_CARRIERS = 22,       /**< list of (CARRIERID, SLOTIDs): S16F11. */
    LIION_GEM300_F_PAUSE_EVENTS = 23,   /**< list of PRPAUSEEVENT CEIDs: S16F11. */
    LIION_GEM300_FIELD__FORCE_INT32 = 0x7fffffff /**< Pins the enum to 32 bits; never use. */
} liion_gem300_field;

/** Opaque decoded GEM300 message; see liion_gem300_msg_new(). Reused message after message. */
typedef struct liion_gem300_msg liion_gem300_msg;

/**
 * @brief Create an empty decoded-message holder.
 * @param[out] out the holder; caller owns it, free with liion_gem300_msg_free(). NULL on failure.
 * @param      ctx the context (borrowed; must outlive the holder; errors are reported on it).
 * @return #LIION_OK, #LIION_E_INVALID_ARG, #LIION_E_NOMEM.
 */
LIION_API liion_status liion_gem300_msg_new(liion_gem300_msg **out, liion_ctx *ctx);

/** @brief Free a holder. NULL is a no-op. @param m the holder (owned; invalid afterwards). */
LIION_API void liion_gem300_msg_free(liion_gem300_msg *m);

/**
 * @brief Decode and check the body of one GEM300 message.
 *
 * The body is decoded with liion_secs_msg_decode() into storage the holder keeps (steady use
 * allocates nothing), then its structure is checked against @p kind. Identifiers (DATAID,
 * PTN, ERRCODE, CEID) may be any one-element unsigned or non-negative signed integer item;
 * text fields must be A; ACKA and PRPROCESSSTART one-element BOOLEAN; CAACK, OBJACK, MF and
 * PRRECIPEMETHOD one-element B or U1; SLOTID one-element U1. Values are any item.
 *
 * @param m    the holder; on error it holds nothing (kind #LIION_GEM300_NONE).
 * @param kind the expected message.
 * @param body the SECS-II body; borrowed for the call.
 * @param len  bytes at @p body.
 * @return #LIION_OK; #LIION_E_DECODE (wrong structure or format: the message names the
 *         message and the element, the offset is that of the offending item); the errors of
 *         liion_secs_msg_decode() (#LIION_E_TRUNCATED, #LIION_E_LIMIT, ...); #LIION_E_NOMEM;
 *         #LIION_E_INVALID_ARG (NULL, unknown kind); #LIION_E_MISUSE.
 */
LIION_API liion_status liion_gem300_msg_decode(liion_gem300_msg *m, liion_gem300_kind kind,
                                               const uint8_t *body, size_t len);

/** @brief Kind of the message held. @param m the holder (borrowed).
 *  @return the kind; #LIION_GEM300_NONE when empty or for NULL. */
LIION_API liion_gem300_kind liion_gem300_msg_get_kind(const liion_gem300_msg *m);

/**
 * @brief An unsigned field (see #liion_gem300_field for which message has which).
 * @param[out] out   the value.
 * @param      m     the holder (borrowed).
 * @param      field the field.
 * @return #LIION_OK; #LIION_E_NOT_FOUND (the message has no such field); #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_gem300_msg_get_uint(uint64_t *out, liion_gem300_msg *m,
                                                 liion_gem300_field field);

/**
 * @brief A text field, without copying.
 * @param[out] text the bytes, NOT NUL-terminated; borrowed from @p m, valid until its next
 *                  decode or free.
 * @param[out] len  bytes at @p text.
 * @param      m    the holder (borrowed).
 * @param      field the field.
 * @return #LIION_OK; #LIION_E_NOT_FOUND; #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_gem300_msg_get_text(const uint8_t **text, size_t *len,
                                                 liion_gem300_msg *m, liion_gem300_field field);

/**
 * @brief Entries of a list field (#LIION_GEM300_F_ATTRS, _ERRORS, _CARRIERS, _PAUSE_EVENTS).
 * @param m the holder (borrowed). @param field the list field.
 * @return the count; 0 when the message has no such list or for NULL.
 */
LIION_API size_t liion_gem300_msg_count(const liion_gem300_msg *m, liion_gem300_field field);

/**
 * @brief One (name, value) pair of #LIION_GEM300_F_ATTRS.
 * @param[out] name     the name bytes (A), borrowed like liion_gem300_msg_get_text().
 * @param[out] name_len bytes at @p name.
 * @param[out] value    the value item, borrowed from @p m (valid until its next decode or free).
 * @param      m        the holder (borrowed).
 * @param      index    0-based entry.
 * @return #LIION_OK; #LIION_E_NOT_FOUND (no such list or index); #LIION_E_INVALID_ARG.
 */
LIION_API liion_status liion_gem300_msg_get_attr(const uint8_t **name, size_t *name_len,
                                                 const liion_secs_item **value,
                                                 liion_gem300_msg *m, size_t index);

/**
 * @brief One (ERRCODE, ERRTEXT) entry of #LIION_GEM300_F_ERRORS.
 * @param[out] code     ERRCODE.
 * @param[out] text     ERRTEXT bytes, borrowed like liion_gem300_msg_get_text().
 * @param[out] text_len bytes at @p text.
 * @param      m        the holder (borrowed).
 * @param      index    0-based entry.
 * @return as liion_gem300_msg_get_attr().
 */
LIION_API liion_status liion_gem300_msg_get_error(uint64_t *code, const uint8_t **text,
                                                  size_t *text_len, liion_gem300_msg *m,
                                                  size_t index);

/**
 * @brief One carrier of #LIION_GEM300_F_CARRIERS (S16F11).
 * @param[out] id      CARRIERID bytes, borrowed like liion_gem300_msg_get_text().
 * @param[out] id_len  bytes at @p id.
 * @param[out] nslots  SLOTIDs listed for it.
 * @param      m       the holder (borrowed).
 * @param      index   0-based carrier.
 * @return as liion_gem300_msg_get_attr().
 */
LIION_API liion_status liion_gem300_msg_get_carrier(const uint8_t **id, size_t *id_len,
                                                    size_t *nslots, liion_gem300_msg *m,
                                                    size_t index);

/**
 * @brief One SLOTID of one carrier of #LIION_GEM300_F_CARRIERS.
 * @param[out] slot    the SLOTID.
 * @param      m       the holder (borrowed).
 * @param      carrier 0-based carrier.
 * @param      index   0-based slot entry.
 * @return as liion_gem300_msg_get_attr().
 */
LIION_API liion_status liion_gem300_msg_get_slot(uint8_t *slot, liion_gem300_msg *m,
                                                 size_t carrier, size_t index);

/**
 * @brief One CEID of #LIION_GEM300_F_PAUSE_EVENTS (S16F11).
 * @param[out] ceid  the CEID.
 * @param      m     the holder (borrowed).
 * @param      index 0-based entry.
 * @return as liion_gem300_msg_get_attr().
 */
LIION_API liion_status liion_gem300_msg_get_pause_event(uint64_t *ceid, liion_gem300_msg *m,
                                                        size_t index);

/**
 * @brief Build an S3F17 body: `L[5] <U4 DATAID> <A CARRIERACTION> <A CARRIERID> <U1 PTN>`
 *        `L[n] { L[2] <A CATTRID> CATTRDATA }`.
 *
 * Every builder here writes into a caller buffer and makes no allocation.
 * @param[out] buf          output; may be NULL when @p cap is 0.
 * @param      cap          bytes at @p buf.
 * @param[out] written      bytes written; on #LIION_E_BUFFER_TOO_SMALL the bytes needed.
 * @param      ctx          context for errors.
 * @param      dataid       DATAID.
 * @param      action       CARRIERACTION, e.g. "ProceedWithCarrier" (borrowed).
 * @param      action_len   bytes of @p action.
 * @param      carrierid    CARRIERID (borrowed).
 * @param      carrierid_len bytes of @p carrierid.
 * @param      ptn          port number.
 * @param      attr_names   @p n_attrs names (borrowed); NULL when @p n_attrs is 0.
 * @param      attr_name_lens @p n_attrs name lengths.
 * @param      attr_values  @p n_attrs value items (borrowed for the call).
 * @param      n_attrs      attributes.
 * @return #LIION_OK; #LIION_E_BUFFER_TOO_SMALL; #LIION_E_RANGE (a text or list longer than
 *         #LIION_SECS_MAX_LENGTH); #LIION_E_INVALID_ARG (NULL pointer with a nonzero length
 *         or count, NULL value item).
 */
LIION_API liion_status liion_gem300_s3f17_encode(
    uint8_t *buf, size_t cap, size_t *written, liion_ctx *ctx, uint32_t dataid,
    const char *action, size_t action_len, const char *carrierid, size_t carrierid_len,
    uint8_t ptn, const char *const *attr_names, const size_t *attr_name_lens,
    const liion_secs_item *const *attr_values, size_t n_attrs);

/**
 * @brief Build an S3F18 body: `L[2] <U1 CAACK> L[n] { L[2] <U4 ERRCODE> <A ERRTEXT> }`.
 * @param[out] buf      output; may be NULL when @p cap is 0.
 * @param      cap      bytes at @p buf.
 * @param[out] written  bytes written or needed.
 * @param      ctx      context for errors.
 * @param      caack    CAACK (`LIION_GEM300_CAACK_*`).
 * @param      codes    @p n_errors ERRCODEs (borrowed); NULL when @p n_errors is 0.
 * @param      texts    @p n_errors ERRTEXTs (borrowed).
 * @param      text_lens @p n_errors text lengths.
 * @param      n_errors errors.
 * @return as liion_gem300_s3f17_encode().
 */
LIION_API liion_status liion_gem300_s3f18_encode(uint8_t *buf, size_t cap, size_t *written,
                                                 liion_ctx *ctx, uint8_t caack,
                                                 const uint32_t *codes, const char *const *texts,
                                                 const size_t *text_lens, size_t n_errors);

/**
 * @brief Build an S16F11 (PRJobCreateEnh) body: `L[7] <U4 DATAID> <A PRJOBID> <B MF>`
 *        `L[n] { L[2] <A CARRIERID> L[j] <U1 SLOTID> } L[3] { <U1 PRRECIPEMETHOD> <A RCPSPEC>`
 *        `L[m] { L[2] <A RCPPARNM> RCPPARVAL } } <BOOLEAN PRPROCESSSTART> L[q] <U4 PRPAUSEEVENT>`.
 * @param[out] buf             output; may be NULL when @p cap is 0.
 * @param      cap             bytes at @p buf.
 * @param[out] written         bytes written or needed.
 * @param      ctx             context for errors.
 * @param      dataid          DATAID.
 * @param      prjobid         PRJOBID (borrowed).
 * @param      prjobid_len     bytes of @p prjobid.
 * @param      mf              material format code (13 carriers, 14 substrates).
 * @param      carrier_ids     @p n_carriers CARRIERIDs (borrowed); NULL when 0.
 * @param      carrier_id_lens @p n_carriers lengths.
 * @param      slot_counts     @p n_carriers SLOTID counts.
 * @param      slots           the SLOTIDs of all carriers one after the other (borrowed).
 * @param      n_carriers      carriers.
 * @param      recipe_method   PRRECIPEMETHOD (1 recipe only, 2 with variable tuning).
 * @param      rcpspec         RCPSPEC (borrowed).
 * @param      rcpspec_len     bytes of @p rcpspec.
 * @param      param_names     @p n_params RCPPARNMs (borrowed).
 * @param      param_name_lens @p n_params lengths.
 * @param      param_values    @p n_params RCPPARVAL items (borrowed for the call).
 * @param      n_params        recipe parameters.
 * @param      process_start   PRPROCESSSTART: nonzero = start automatically.
 * @param      pause_events    @p n_pause CEIDs (borrowed); NULL when 0.
 * @param      n_pause         pause events.
 * @return as liion_gem300_s3f17_encode().
 */
LIION_API liion_status liion_gem300_s16f11_encode(
    uint8_t *buf, size_t cap, size_t *written, liion_ctx *ctx, uint32_t dataid,
    const char *prjobid, size_t prjobid_len, uint8_t mf, const char *const *carrier_ids,
    const size_t *carrier_id_lens, const size_t *slot_counts, const uint8_t *slots,
    size_t n_carriers, uint8_t recipe_method, const char *rcpspec, size_t rcpspec_len,
    const char *const *param_names, const size_t *param_name_lens,
    const liion_secs_item *const *param_values, size_t n_params, int process_start,
    const uint32_t *pause_events, size_t n_pause);

/**
 * @brief Build an S16F12 body: `L[2] <A PRJOBID> L[2] { <BOOLEAN ACKA> L[n] { L[2] <U4 ERRCODE>`
 *        `<A ERRTEXT> } }`.
 * @param[out] buf         output; may be NULL when @p cap is 0.
 * @param      cap         bytes at @p buf.
 * @param[out] written     bytes written or needed.
 * @param      ctx         context for errors.
 * @param      prjobid     PRJOBID (borrowed).
 * @param      prjobid_len bytes of @p prjobid.
 * @param      acka        nonzero = success.
 * @param      codes       @p n_errors ERRCODEs (borrowed).
 * @param      texts       @p n_errors ERRTEXTs (borrowed).
 * @param      text_lens   @p n_errors lengths.
 * @param      n_errors    errors.
 * @return as liion_gem300_s3f17_encode().
 */
LIION_API liion_status liion_gem300_s16f12_encode(uint8_t *buf, size_t cap, size_t *written,
                                                  liion_ctx *ctx, const char *prjobid,
                                                  size_t prjobid_len, int acka,
                                                  const uint32_t *codes, const char *const *texts,
                                                  const size_t *text_lens, size_t n_errors);

/**
 * @brief Build an S16F5 (PRJobCommand) body: `L[4] <U4 DATAID> <A PRJOBID> <A PRCMDNAME>`
 *        `L[n] { L[2] <A CPNAME> CPVAL }`.
 * @param[out] buf         output; may be NULL when @p cap is 0.
 * @param      cap         bytes at @p buf.
 * @param[out] written     bytes written or needed.
 * @param      ctx         context for errors.
 * @param      dataid      DATAID.
 * @param      prjobid     PRJOBID (borrowed).
 * @param      prjobid_len bytes of @p prjobid.
 * @param      cmd         PRCMDNAME, e.g. "START" (borrowed).
 * @param      cmd_len     bytes of @p cmd.
 * @param      names       @p n_params CPNAMEs (borrowed).
 * @param      name_lens   @p n_params lengths.
 * @param      values      @p n_params CPVAL items (borrowed for the call).
 * @param      n_params    parameters.
 * @return as liion_gem300_s3f17_encode().
 */
LIION_API liion_status liion_gem300_s16f5_encode(uint8_t *buf, size_t cap, size_t *written,
                                                 liion_ctx *ctx, uint32_t dataid,
                                                 const char *prjobid, size_t prjobid_len,
                                                 const char *cmd, size_t cmd_len,
                                                 const char *const *names,
                                                 const size_t *name_lens,
                                                 const liion_secs_item *const *values,
                                                 size_t n_params);

/**
 * @brief Build an S16F6 body (same shape as S16F12): `L[2] <A PRJOBID> L[2] { <BOOLEAN ACKA>`
 *        `L[n] { L[2] <U4 ERRCODE> <A ERRTEXT> } }`.
 * @param[out] buf         output; may be NULL when @p cap is 0.
 * @param      cap         bytes at @p buf.
 * @param[out] written     bytes written or needed.
 * @param      ctx         context for errors.
 * @param      prjobid     PRJOBID (borrowed).
 * @param      prjobid_len bytes of @p prjobid.
 * @param      acka        nonzero = success.
 * @param      codes       @p n_errors ERRCODEs (borrowed).
 * @param      texts       @p n_errors ERRTEXTs (borrowed).
 * @param      text_lens   @p n_errors lengths.
 * @param      n_errors    errors.
 * @return as liion_gem300_s3f17_encode().
 */
LIION_API liion_status liion_gem300_s16f6_encode(uint8_t *buf, size_t cap, size_t *written,
                                                 liion_ctx *ctx, const char *prjobid,
                                                 size_t prjobid_len, int acka,
                                                 const uint32_t *codes, const char *const *texts,
                                                 const size_t *text_lens, size_t n_errors);

/**
 * @brief Build an S14F9 (CreateObject) body: `L[3] <A OBJSPEC> <A OBJTYPE> L[n] { L[2]`
 *        `<A ATTRID> ATTRDATA }`; for a control job OBJTYPE is "ControlJob".
 * @param[out] buf         output; may be NULL when @p cap is 0.
 * @param      cap         bytes at @p buf.
 * @param[out] written     bytes written or needed.
 * @param      ctx         context for errors.
 * @param      objspec     OBJSPEC (borrowed).
 * @param      objspec_len bytes of @p objspec.
 * @param      objtype     OBJTYPE (borrowed).
 * @param      objtype_len bytes of @p objtype.
 * @param      names       @p n_attrs ATTRIDs (borrowed).
 * @param      name_lens   @p n_attrs lengths.
 * @param      values      @p n_attrs ATTRDATA items (borrowed for the call).
 * @param      n_attrs     attributes.
 * @return as liion_gem300_s3f17_encode().
 */
LIION_API liion_status liion_gem300_s14f9_encode(uint8_t *buf, size_t cap, size_t *written,
                                                 liion_ctx *ctx, const char *objspec,
                                                 size_t objspec_len, const char *objtype,
                                                 size_t objtype_len, const char *const *names,
                                                 const size_t *name_lens,
                                                 const liion_secs_item *const *values,
                                                 size_t n_attrs);

/**
 * @brief Build an S14F10 body: `L[3] <A OBJSPEC> L[n] { L[2] <A ATTRID> ATTRDATA }`
 *        `L[2] { <U1 OBJACK> L[p] { L[2] <U4 ERRCODE> <A ERRTEXT> } }`.
 * @param[out] buf         output; may be NULL when @p cap is 0.
 * @param      cap         bytes at @p buf.
 * @param[out] written     bytes written or needed.
 * @param      ctx         context for errors.
 * @param      objspec     OBJSPEC (borrowed).
 * @param      objspec_len bytes of @p objspec.
 * @param      names       @p n_attrs ATTRIDs (borrowed).
 * @param      name_lens   @p n_attrs lengths.
 * @param      values      @p n_attrs ATTRDATA items (borrowed for the call).
 * @param      n_attrs     attributes.
 * @param      objack      0 success, 1 error.
 * @param      codes       @p n_errors ERRCODEs (borrowed).
 * @param      texts       @p n_errors ERRTEXTs (borrowed).
 * @param      text_lens   @p n_errors lengths.
 * @param      n_errors    errors.
 * @return as liion_gem300_s3f17_encode().
 */
LIION_API liion_status liion_gem300_s14f10_encode(
    uint8_t *buf, size_t cap, size_t *written, liion_ctx *ctx, const char *objspec,
    size_t objspec_len, const char *const *names, const size_t *name_lens,
    const liion_secs_item *const *values, size_t n_attrs, uint8_t objack,
    const uint32_t *codes, const char *const *texts, const size_t *text_lens, size_t n_errors);

/** @} */

LIION_END_DECLS

#endif /* LIION_GEM300_H */
