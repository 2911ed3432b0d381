/* Private declarations of the ingest module: the parsed mapping shared by map.c (parser) and
 * ingest.c (runtime). */
#ifndef LIION__INGEST_INT_H
#define LIION__INGEST_INT_H

#include <liion/ingest.h>

#include "core/core.h"
#include "core/hash.h"

#define LIION__INGEST_MAP_MAGIC 0x6d61704eu /* "Npam" */
#define LIION__INGEST_MAGIC 0x6e676549u     /* "Iegn" */

/* Message sources: the top bits of a rule key. */
enum {
    LIION__SRC_S6F11 = 1,
    LIION__SRC_E40 = 2,
    LIION__SRC_E87 = 3,
    LIION__SRC_UADP = 4,
    LIION__SRC_NODE = 5
};

/* Rule actions (what a message does to the segment response of its equipment). */
enum {
    LIION__ACT_NONE = 0,    /* values only */
    LIION__ACT_START = 1,   /* open a response of `segment` */
    LIION__ACT_END = 2,     /* close the open response (of `segment`) */
    LIION__ACT_IGNORE = 3,  /* covered, does nothing */
    LIION__ACT_CONSUME = 4, /* E87: the carrier is a consumed lot */
    LIION__ACT_PRODUCE = 5, /* E87: the carrier is a produced lot (of `def`) */
    LIION__ACT_VALUE = 6    /* UADP/node: one value (see the value rule) */
};

/* Value kinds (what one value becomes). */
enum {
    LIION__VAL_LOT_PRODUCED = 1,
    LIION__VAL_LOT_CONSUMED = 2,
    LIION__VAL_PROP = 3,     /* numeric property `name` with `unit` (or none) */
    LIION__VAL_TEXT = 4,     /* text property `name` */
    LIION__VAL_QTY = 5,      /* quantity of the lot in process, `unit` */
    LIION__VAL_CHECK = 6,    /* spec check of parameter `name` in `unit` */
    LIION__VAL_POSITION = 7, /* MD position: the index of the message's checks */
    LIION__VAL_ROLL_USE = 8  /* <L [3|4] roll ID, md_start, md_end[, sheet]>: an electrode
                              * interval the lot in process took from a roll */
};

#define LIION__NO_STR UINT32_MAX

typedef struct liion__ingest_value_rule {
    uint32_t vid;     /* S6F11: VID; UADP: field index */
    uint32_t element; /* UADP/node: array element */
    uint32_t kind;    /* LIION__VAL_* */
    uint32_t name;    /* string id or LIION__NO_STR */
    uint32_t unit;    /* string id or LIION__NO_STR */
    uint32_t def;     /* material definition string id or LIION__NO_STR */
    uint32_t line;    /* source line, for messages */
} liion__ingest_value_rule;

typedef struct liion__ingest_rule {
    uint32_t src;        /* LIION__SRC_* */
    uint32_t equipment;  /* string id */
    uint32_t key;        /* CEID, state, writer id; node: string id of "ns=..;.." */
    uint32_t action;     /* LIION__ACT_* */
    uint32_t segment;    /* string id or LIION__NO_STR */
    uint32_t def;        /* E87 produce: definition string id or LIION__NO_STR */
    uint32_t first_value;/* into values[] */
    uint32_t n_values;
    uint32_t next;       /* next rule with the same key (UADP writer / node), or UINT32_MAX */
    uint32_t line;
} liion__ingest_rule;

struct liion_ingest_map {
    uint32_t magic;
    liion_ctx *ctx;
    liion__intern strs;            /* every name, ID and unit */
    liion__map64 keys;             /* rule key -> first rule index */
    liion__ingest_rule *rules;
    size_t n_rules, cap_rules;
    liion__ingest_value_rule *values;
    size_t n_values, cap_values;
    uint32_t *eq_slot;             /* string id -> equipment slot (UINT32_MAX: not equipment) */
    size_t cap_eq_slot;            /* entries allocated in eq_slot */
    uint32_t n_equipment;          /* slots */
    uint32_t *slot_eq;             /* slot -> string id */
};

/* Rule key of a message. */
static inline uint64_t liion__ingest_key(uint32_t src, uint32_t equipment, uint32_t key)
{
    return ((uint64_t)src << 60) | ((uint64_t)(equipment & 0x0fffffffu) << 32) | (uint64_t)key;
}

#endif /* LIION__INGEST_INT_H */
