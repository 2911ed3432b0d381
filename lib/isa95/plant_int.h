/*
 * Private to libliion: the definition of struct liion_plant and struct liion_trace, shared by
 * lib/isa95 (the object model) and lib/genealogy (the graph, its queries and the roll map).
 *
 * Mutation points. Every change of plant state goes through one of these few functions, which
 * is where the durable journal (issue 7) hooks in: one record per call, replayed through the
 * same functions on reopen. Queries never change state, except liion_plant_quarantine(),
 * which goes through liion__plant_set_disposition().
 *   lib/isa95/plant.c   obj_add()                   every new object (ID interned, index given)
 *                       qty_add(), liion_plant_lot_set_quantity(), liion_plant_lot_set_status(),
 *                       liion__plant_set_disposition()      lot fields
 *                       prop_put()                  properties
 *                       add_actual()                material actuals and the edges they make
 *                       liion_plant_response_add_equipment(), use_add()   equipment use
 *                       liion_plant_assembly_add()  assembly edges (through liion__gen_link())
 *                       liion_plant_job_response_add(), _add_segment(), _set_state(),
 *                       liion_plant_test_result_add(), liion_plant_set_assembly()
 *                                                   job responses, test results, assembly
 *                                                   attributes (ops 22..26)
 *   lib/genealogy/rollmap.c  liion_plant_roll_link(), liion_plant_roll_use()   roll map
 * Derived state (compacted adjacency, sorted indices) is rebuilt from these and is never
 * journalled.
 */
#ifndef LIION__PLANT_INT_H
#define LIION__PLANT_INT_H

#include <liion/plant.h>

#include "core/core.h"
#include "core/hash.h"

#define LIION__MAGIC_PLANT 0x706c6e74u /* "plnt" */
#define LIION__MAGIC_TRACE 0x74726365u /* "trce" */
#define LIION__NONE UINT32_MAX
#define LIION__KINDS 11u /* object kinds 1..10 */

/* ---- growable arrays ------------------------------------------------------------------- */

/* Make room for `need` elements of `elem` bytes in *p (capacity *cap elements). */
liion_status liion__vec_reserve(liion_ctx *ctx, void **p, size_t *cap, size_t need, size_t elem);

/* ---- objects --------------------------------------------------------------------------- */

typedef struct liion__eq {
    uint32_t parent;
    uint32_t cls;
    uint32_t level;
    uint32_t n_uses; /* use records on this equipment (common-equipment specificity) */
    int64_t max_dur; /* longest use record (interval index bound) */
} liion__eq;

typedef struct liion__qty {
    double value;
    uint32_t unit; /* id in plant->strings */
    uint32_t type;
} liion__qty;

typedef struct liion__lot {
    uint32_t def;
    uint32_t parent;
    uint32_t producer; /* first response that produced it */
    uint32_t status;   /* id in plant->strings, or NONE */
    uint32_t qty;      /* index in plant->qtys, or NONE */
    uint32_t disp;
} liion__lot;

typedef struct liion__resp {
    int64_t start;
    int64_t end;
    uint32_t segment;
    uint32_t first_in;    /* chains of actuals, newest first, NONE if empty: inputs, */
    uint32_t first_out;   /* outputs, */
    uint32_t first_other; /* and actuals that make no edge */
    uint32_t first_eq;  /* chain of equipment actuals */
    uint32_t first_person; /* chain of personnel actuals (in eqacts, eq = person) */
    uint32_t n_act;
} liion__resp;

typedef struct liion__act {
    uint32_t lot;
    uint32_t next;
    uint32_t qty; /* index in plant->qtys, or NONE */
    uint32_t use;
} liion__act;

typedef struct liion__eqact {
    uint32_t eq;
    uint32_t next;
} liion__eqact;

typedef struct liion__prop {
    double number;
    uint32_t text; /* text id, or unit id for numbers (NONE: no unit) */
    uint32_t type;
} liion__prop;

typedef struct liion__use {
    int64_t t0;
    int64_t t1;
    uint32_t eq;
    uint32_t lot;
    uint32_t next_lot; /* chain of records of the same lot (newest first) */
    uint32_t pad;
} liion__use;

typedef struct liion__job {
    int64_t start;
    int64_t end;
    uint32_t state;
    uint32_t first; /* member chain in plant->jobms, oldest first; NONE if empty */
    uint32_t last;
    uint32_t n;
} liion__job;

typedef struct liion__jobm {
    uint32_t resp;
    uint32_t next;
} liion__jobm;

typedef struct liion__test {
    double value;
    int64_t time;
    uint32_t lot;
    uint32_t property; /* id in plant->strings, NONE: the lot as a whole */
    uint32_t name;     /* id in plant->strings */
    uint32_t unit;     /* id in plant->strings */
    uint32_t outcome;
    uint32_t next_lot; /* chain of results of the same lot, newest first */
} liion__test;

/* An event of the common-equipment overlap sweep: a widened use window of equipment eq on
 * (the closure of) failed cell ci starts (end 0) or ends (end 1) at t. */
typedef struct liion__ceq_ev {
    int64_t t;
    uint32_t eq;
    uint32_t ci;
    uint32_t end;
    uint32_t pad;
} liion__ceq_ev;

typedef struct liion__assembly {
    uint32_t whole;
    uint32_t part;
    uint32_t type;
    uint32_t rel;
} liion__assembly;

/* ---- genealogy graph ------------------------------------------------------------------- */

/* One direction of adjacency: a compacted CSR part (nodes < csr_nodes, edges in adj) plus
 * pending edges in per-node chains (head[node] -> pend[i].next ...), merged into the CSR by
 * liion__gen_compact() once they reach a fraction of the CSR. */
typedef struct liion__gen_pend {
    uint32_t to;
    uint32_t next;
} liion__gen_pend;

typedef struct liion__gen_dir {
    uint32_t *off;        /* csr_nodes + 1 offsets, NULL while empty */
    uint32_t *adj;        /* off[csr_nodes] entries */
    size_t adj_cap;
    uint32_t csr_nodes;
    uint32_t *head;       /* per node, NONE: no pending edge; head_cap entries */
    size_t head_cap;
    liion__gen_pend *pend;
    size_t pend_n;
    size_t pend_cap;
    /* Per block of LIION__GEN_BLK CSR nodes: base offset (low 32 bits) and the in-block
     * degree when every node of the block has the same one (high 32 bits; NONE: mixed). A
     * uniform block (cells, leaf lots) finds a node's edges without reading off[]: one
     * dependent cache miss less per node, and none at all for a leaf. Cache resident
     * (8 bytes per 64 nodes). */
    uint64_t *blk;
    size_t blk_n;
    const uint32_t *blk_off; /* the off[] blk was built for; blk is unused when off differs */
} liion__gen_dir;

#define LIION__GEN_BLK_SHIFT 6u

#define LIION__GEN_SMALL 128u /* power of two; holds up to half as many nodes */

/* Deduplicated backward adjacency of the compacted nodes (v < in.csr_nodes), rebuilt by
 * liion__gen_compact(). Nodes with the same parent list (consecutive cells of the same
 * component lots) share one row, and runs of consecutive nodes with the same row are stored
 * once: a node's row is found through blk[] and (in a block where runs change) a scan of its
 * few runs or a per-node row table for blocks of many runs (lots made one after another), all
 * cache resident (a few hundred KiB for a million cells), so the backward trace reads no
 * per-cell data at all. Rows keep in.adj order. row == NULL when sharing is too rare to pay
 * (distinct rows past a quarter of the edges or runs past a quarter of the nodes). When they
 * exist compaction drops the backward CSR (in.off / in.adj NULL, in.csr_nodes still set):
 * every reader of backward lists (walks, compaction, the snapshot writer) goes through
 * liion__gen_list() or graph.c's list_range(). */
#define LIION__GEN_RUN_SHIFT 6u
#define LIION__GEN_RUN_ONE 0x80000000u
#define LIION__GEN_RUN_TAB 0x40000000u
#define LIION__GEN_RUN_SCAN 4u
typedef struct liion__gen_brows {
    uint32_t *row;   /* per distinct row: degree k, x, k parents, then x (node, depth) pairs:
                      * the rest of its backward closure in breadth-first order (x = NONE:
                      * not kept); row[0] = 0, NONE (no parent) */
    size_t row_cap;  /* words allocated */
    uint32_t *run;   /* run_n pairs (first node, offset of its row in row[]), by first node */
    size_t run_n;
    size_t run_cap;  /* pairs allocated */
    uint32_t *blk;   /* per block of 1 << LIION__GEN_RUN_SHIFT nodes: the offset of its row
                      * | LIION__GEN_RUN_ONE when one run covers it; for up to
                      * LIION__GEN_RUN_SCAN runs the run holding its first node (the others
                      * follow); for more, its index in node_row | LIION__GEN_RUN_TAB */
    size_t blk_n;
    uint32_t *node_row; /* per block of many runs (lots made one after another): the row
                         * offset of each of its nodes */
    size_t node_row_n;
    /* Per block, at a fixed stride of slot_w words (whole cache lines), a copy of the record
     * most of its nodes use: mask (2 words, bit i: node (block << LIION__GEN_RUN_SHIFT) + i
     * uses it; 0: no slot), k | x << 8, the k parents and x closure nodes, then x depth
     * bytes. Its address follows from the node number, so the trace of a covered node is one
     * memory access (the slot's lines fetched together) instead of two dependent ones
     * (blk[], then the record). NULL when few nodes would be covered. */
    uint32_t *slot;      /* cache-line aligned, inside slot_mem */
    void *slot_mem;      /* the allocation, slot_mem_n bytes */
    size_t slot_mem_n;
    uint32_t slot_w;     /* words per slot, a multiple of 16 */
} liion__gen_brows;

typedef struct liion__gen {
    liion_ctx *ctx;
    liion__gen_dir in;  /* child -> parents (backward) */
    liion__gen_dir out; /* parent -> children (forward) */
    uint32_t *mark;     /* per node visit epoch */
    size_t mark_cap;
    uint32_t epoch;
    uint32_t nodes;
    uint64_t edges;
    uint32_t *queue; /* BFS scratch: node, depth pairs */
    size_t queue_cap;
    /* Small visited set for backward walks (closures of tens of nodes): entries are
     * (walk epoch << 32 | node), so a new walk starts empty without clearing the table;
     * 1 KiB, cache resident, where mark[] would touch one cache line per node. */
    uint64_t small_set[LIION__GEN_SMALL];
    uint32_t small_epoch;
    /* The backward rows of the compacted graph, deduplicated (liion__gen_compact()). */
    liion__gen_brows brows;
    /* Per-block slots are built only when the records and their index take more bytes than
     * this: while they fit a core's L2 cache they stay warm and two cache hits beat one miss
     * on the larger slot table. A core's L2 size (sysconf), else 1 MiB; white-box tests set
     * 0 to build slots on small plants. */
    size_t slot_above;
} liion__gen;

void liion__gen_init(liion__gen *g, liion_ctx *ctx);
void liion__gen_free(liion__gen *g);
/* Room for n nodes (per-node arrays). */
liion_status liion__gen_reserve_nodes(liion__gen *g, uint32_t n);
/* Nodes 0..n-1 exist (n <= reserved). */
void liion__gen_set_nodes(liion__gen *g, uint32_t n);
/* Room for `extra` more edges without allocating. */
liion_status liion__gen_reserve_edges(liion__gen *g, size_t extra);
/* Append edge from -> to (room must be reserved). */
void liion__gen_push(liion__gen *g, uint32_t from, uint32_t to);
/* The compacted list of v (forward: children, else parents) as *k entries at the returned
 * pointer (NULL when *k is 0; pending edges are not in it): the backward lists come from the
 * deduplicated rows when compaction dropped the backward CSR. */
const uint32_t *liion__gen_list(const liion__gen *g, bool forward, uint32_t v, uint32_t *k);
/* True if `target` is `start` or one of its ancestors (backward closure). */
liion_status liion__gen_is_ancestor(bool *out, liion__gen *g, uint32_t start, uint32_t target);
liion_status liion__gen_compact(liion__gen *g);
/* Append the neighbours of v (forward: children, else parents) whose bit in `seen` is clear
 * to the pair queue *q at *tail with the given depth, setting their bits. Grows *q (capacity
 * *q_cap uint32s) first; on LIION_E_NOMEM nothing changed. */
liion_status liion__gen_expand(liion__gen *g, uint32_t v, bool forward, uint32_t depth,
                               uint64_t *seen, uint32_t **q, size_t *q_cap, size_t *tail);
/* Compact when the pending edges have grown past a fraction of the CSR (growth policy). */
liion_status liion__gen_maybe_compact(liion__gen *g);
uint64_t liion__gen_bytes(const liion__gen *g);
/* Fresh visit epoch (clears marks on wrap). */
uint32_t liion__gen_new_epoch(liion__gen *g);
/* BFS from start in one direction into g->queue (pairs node, depth; start not included);
 * returns the number of nodes in *n_out. max_depth 0 = unlimited. */
liion_status liion__gen_bfs(liion__gen *g, uint32_t start, bool forward, uint32_t max_depth,
                            size_t *n_out);
static inline bool liion__gen_is_terminal(const liion__gen *g, uint32_t v)
{
    const liion__gen_dir *d = &g->out;
    if (v < d->csr_nodes) {
        uint32_t deg = d->blk_off == d->off
                           ? (uint32_t)(d->blk[v >> LIION__GEN_BLK_SHIFT] >> 32)
                           : UINT32_MAX;
        if (deg == UINT32_MAX ? d->off[v] != d->off[v + 1] : deg != 0)
            return false;
    }
    return d->pend_n == 0 || d->head[v] == UINT32_MAX;
}

/* ---- roll map -------------------------------------------------------------------------- */

typedef struct liion__roll_link {
    double md0, md1, cd0, cd1, out0, scale;
    uint32_t from, to, flags, next; /* next link from the same roll */
} liion__roll_link;

typedef struct liion__roll_use {
    double s, e;
    uint32_t roll, cell, sheet, pad;
} liion__roll_use;

typedef struct liion__roll_span {
    size_t first; /* into use_perm */
    size_t count;
    double max_len;
} liion__roll_span;

/* ---- journal hook (lib/store) ---------------------------------------------------------- */

/* One successful public mutation, as the durable store (lib/store) journals it. Replaying the
 * same calls in the same order rebuilds the same plant (indices are dense and deterministic).
 * Field use per op is listed in lib/store/store_int.h. Strings are borrowed for the call. */
typedef enum liion__plant_opcode {
    LIION__OP_EQ_CLASS_ADD = 1,
    LIION__OP_EQ_ADD = 2,
    LIION__OP_MAT_CLASS_ADD = 3,
    LIION__OP_DEF_ADD = 4,
    LIION__OP_LOT_ADD = 5,
    LIION__OP_LOT_QTY = 6,
    LIION__OP_LOT_DISP = 7,
    LIION__OP_LOT_STATUS = 8,
    LIION__OP_PROP_NUMBER = 9,
    LIION__OP_PROP_TEXT = 10,
    LIION__OP_SEG_ADD = 11,
    LIION__OP_RESP_ADD = 12,
    LIION__OP_PERSON_ADD = 13,
    LIION__OP_RESP_PERSON = 14,
    LIION__OP_RESP_EQ = 15,
    LIION__OP_MATERIAL = 16,
    LIION__OP_MATERIAL_QTY = 17,
    LIION__OP_ASSEMBLY = 18,
    LIION__OP_EQ_USE = 19,
    LIION__OP_ROLL_LINK = 20,
    LIION__OP_ROLL_USE = 21,
    /* 22..29: job responses, test results, assembly attributes (28, 29 unused yet) */
    LIION__OP_JOB_ADD = 22,     /* s scheme, id; u state; t start, end        "ssutt" */
    LIION__OP_JOB_SEGMENT = 23, /* u job, response                           "uu" */
    LIION__OP_JOB_STATE = 24,   /* u job, state                              "uu" */
    LIION__OP_TEST_RESULT = 25, /* s "scheme\x1fid", "property\x1fname\x1funit"; u lot,
                                 * outcome; t time; d value                 "ssuutd" */
    LIION__OP_SET_ASSEMBLY = 26 /* u kind, index, type, rel                  "uuuu" */
} liion__plant_opcode;

typedef struct liion__plant_op {
    uint32_t op;
    const char *s[2];
    uint32_t u[4];
    int64_t t[2];
    double d[6];
} liion__plant_op;

/* Control ops passed to the hook, never journalled: an atomic group of mutations opens,
 * closes, or is abandoned after a failure inside it (liion__plant_atomic()). */
#define LIION__OP_ATOMIC_BEGIN 0x101u
#define LIION__OP_ATOMIC_END 0x102u
#define LIION__OP_ATOMIC_ABORT 0x103u

/* Called after every successful mutation while set; a failure is returned to the caller (the
 * change stays in memory, the store marks itself failed). Also called with the control ops
 * above. */
typedef liion_status (*liion__plant_hook_fn)(void *user, const liion__plant_op *op);

/* Pass one successful mutation to the journal hook, if any (every mutating public function,
 * in lib/isa95 and lib/genealogy, ends with this). */
liion_status liion__plant_journal(liion_plant *plant, const liion__plant_op *op);

/* Open (LIION__OP_ATOMIC_BEGIN), close (_END) or abandon (_ABORT) an atomic group on the
 * plant's store: no commit point falls inside a group, so a crash keeps all of it or none;
 * an abandoned group is cut from the journal and the store refuses further writes (the
 * plant holds changes the journal does not). LIION_OK without a store. */
liion_status liion__plant_atomic(liion_plant *plant, uint32_t what);

/* Replay one journalled op of types 22..29 (lib/store calls it from its replay switch with
 * the decoded fields in signature order). LIION_E_CORRUPT for a malformed packed string. */
liion_status liion__plant_replay(liion_plant *plant, uint32_t type, const char *const *s,
                                 const uint32_t *u, const int64_t *t, const double *d);

/* ---- plant ----------------------------------------------------------------------------- */

struct liion_plant {
    uint32_t magic;
    liion_ctx *ctx;
    liion__plant_hook_fn hook; /* journal hook, NULL without a store */
    void *hook_user;
    liion__intern ids[LIION__KINDS]; /* interned "scheme\x1fid" keys, one name space per kind */
    liion__intern strings;           /* unit codes, status codes, property names, text values */

    liion__eq *eqs;
    size_t eqs_cap;
    uint32_t *eq_class_level;
    size_t eq_class_cap;
    uint32_t *def_class;
    size_t def_cap;
    liion__lot *lots;
    size_t lots_cap;
    uint32_t *seg_step;
    size_t seg_cap;
    liion__resp *resps;
    size_t resps_cap;

    liion__act *acts;
    size_t acts_n, acts_cap;
    liion__eqact *eqacts; /* equipment and personnel actuals */
    size_t eqacts_n, eqacts_cap;
    liion__qty *qtys;
    size_t qtys_n, qtys_cap;

    liion__map64 prop_index; /* key (kind, owner, name) -> index in props */
    liion__prop *props;
    size_t props_n, props_cap;

    liion__use *uses;
    size_t uses_n, uses_cap;
    liion__map64 use_by_lot; /* lot -> newest record */
    uint32_t *use_perm;      /* records sorted by (eq, t0), valid for use_sorted records */
    size_t use_perm_cap;
    size_t use_sorted;

    liion__assembly *asms;
    size_t asms_n, asms_cap;

    liion__gen gen;

    liion__roll_link *links;
    size_t links_n, links_cap;
    liion__map64 link_head; /* from roll -> newest link */
    liion__roll_use *ruses;
    size_t ruses_n, ruses_cap;
    uint32_t *ruse_perm; /* uses sorted by (roll, s), valid for ruse_sorted uses */
    size_t ruse_perm_cap;
    size_t ruse_sorted;
    liion__map64 ruse_span; /* roll -> index in spans */
    liion__roll_span *spans;
    size_t spans_n, spans_cap;
    bool spans_ok; /* spans match the sorted permutation */

    uint32_t *scratch; /* query scratch (common cause, roll map stack) */
    size_t scratch_cap;

    liion__job *jobs;
    size_t jobs_cap;
    liion__jobm *jobms;
    size_t jobms_n, jobms_cap;
    liion__map64 resp_job; /* segment response -> job response */
    liion__test *tests;
    size_t tests_cap;
    liion__map64 test_by_lot; /* lot -> newest test result */
    liion__map64 asm_attr;    /* (kind << 32 | index) -> type | rel << 8 */
    struct liion__ceq_ev *ceq; /* common-equipment-overlap scratch */
    size_t ceq_cap;
};

typedef struct liion__row {
    uint32_t index;
    uint32_t depth;
    double score;
} liion__row;

/* Backward BFS like liion__gen_bfs() with the small visited set, writing (node, depth) rows
 * straight into rows[] (room for LIION__GEN_SMALL / 2 rows; score 0). Returns the
 * row count, or -1 when the closure outgrows the small set (then use liion__gen_bfs()).
 * Allocates nothing. */
long liion__gen_back_rows(liion__gen *g, uint32_t start, uint32_t max_depth, liion__row *rows);

struct liion_trace {
    uint32_t magic;
    liion_ctx *ctx;
    liion__row *rows;
    size_t n, cap;
    liion__row *tmp; /* radix-sort scratch */
    size_t tmp_cap;
    size_t cursor;
    bool sorted;
};

/* Validate a plant at a public entry (clears the ctx error). */
liion_status liion__plant_enter(liion_plant *plant);
/* Validate a trace belonging to the plant's ctx and clear it. */
liion_status liion__trace_prepare(liion_plant *plant, liion_trace *trace);
liion_status liion__trace_push(liion_trace *t, uint32_t index, uint32_t depth, double score);
/* Sort rows by index (radix, stable). */
liion_status liion__trace_sort_index(liion_trace *t);
/* Check an object index; sets a NOT_FOUND error naming what. */
liion_status liion__plant_check(liion_plant *plant, liion_object_kind kind, uint32_t index,
                                const char *what);
/* Add an edge from -> to after a cycle check. */
liion_status liion__gen_link(liion_plant *plant, uint32_t from, uint32_t to);
liion_status liion__plant_set_disposition(liion_plant *plant, uint32_t lot, uint32_t disp);
/* Sort v[0..n) by cmp(user, a, b) < 0, where v[0..sorted) is already sorted: a stable
 * bottom-up merge sort of the tail, then one merge (O(k log k + n) for k new keys). Uses a
 * scratch buffer of n keys from ctx; LIION_E_NOMEM leaves v a permutation of its input. */
liion_status liion__sort_u32_merge(liion_ctx *ctx, uint32_t *v, size_t n, size_t sorted,
                                   int (*cmp)(const void *user, uint32_t a, uint32_t b),
                                   const void *user);
/* In-place heap sort of rows by (score, index) ascending. */
void liion__sort_rows_score(liion__row *v, size_t n);
void liion__roll_free(liion_plant *plant);

#endif /* LIION__PLANT_INT_H */
