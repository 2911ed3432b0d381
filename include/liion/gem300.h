/**
 * @file liion/gem300.h
 * @brief GEM300 state models: E40 process job, E94 control job, E87 load port transfer state.
 *
 * Each model is a small object that takes events (host commands and equipment happenings),
 * refuses an illegal one with #LIION_E_STATE and a message naming the state and the event
 * (the state is then unchanged), reports the standard's numeric state values (the values of
 * the PRJobState and CJState attributes) and returns the standard's transition number, so
 * that the caller can raise the collection event it has linked to that transition.
 *
 * No I/O, no clock, no allocation after creation. Sources of every number: the guide
 * @ref guide_gem300.
 */
#ifndef LIION_GEM300_H
#define LIION_GEM300_H

#include <liion/common.h>
#include <liion/ctx.h>

LIION_BEGIN_DECLS

/**
 * @defgroup liion_gem300 GEM300 state models (E40, E94, E87 load port)
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
    LIION_E94_EV_MATERIAL_ARRIVED = 3, /**< Material present: SELECTED -> WAITING FOR START (5),
                                            or EXECUTING (6) with #LIION_E94_AUTO_START. */
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

/** @} */

LIION_END_DECLS

#endif /* LIION_GEM300_H */
