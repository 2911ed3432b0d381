/*
 * Private to libliion: the hook through which a higher layer (the durable store, lib/store)
 * journals and restores the records of a spec registry. Declarations only; lib/spec/attach.c
 * defines them. It lives with lib/spec, which owns the registry: the store includes it, the
 * spec layer never reads a store header.
 */
#ifndef LIION__SPEC_HOOK_H
#define LIION__SPEC_HOOK_H

#include <liion/spec_plant.h>

/* Called after every successful liion_spec_registry_attach() while set, with the new record's
 * number; a failure is returned by the attach (the record stays in memory, like a plant
 * mutation whose journal write failed). */
typedef liion_status (*liion__spec_hook_fn)(void *user, liion_spec_registry *reg, size_t record);

void liion__spec_registry_set_hook(liion_spec_registry *reg, liion__spec_hook_fn fn, void *user);

/* One record as journalled: what liion_spec_registry_record() and _violation() read back. */
typedef struct liion__spec_rec_data {
    uint32_t kind, index, version;
    const char *owner, *param, *unit; /* NUL-terminated, borrowed for the call */
    int64_t time;
    uint64_t checked, failed, warned, dropped;
    size_t nviol;
} liion__spec_rec_data;

typedef struct liion__spec_viol_data {
    uint32_t severity, side;
    uint64_t index;
    double value, limit;
    const char *param, *unit, *where;
} liion__spec_viol_data;

/* Append a record restored from a journal or a snapshot (the hook is not called). The object
 * must exist in the plant and param must be valid as for attach; severity and side must be
 * known values. LIION_E_INVALID_ARG / NOT_FOUND / LIMIT / NOMEM; all or nothing. */
liion_status liion__spec_registry_restore(liion_spec_registry *reg, const liion__spec_rec_data *rec,
                                          const liion__spec_viol_data *viols);

#endif /* LIION__SPEC_HOOK_H */
