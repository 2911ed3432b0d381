/*
 * GEM (E30) event reports: the report-definition table (S2F33 / S2F35 / S2F37) and the
 * event report S6F11 built from it or parsed against it. Reports are kept sorted by RPTID and
 * declared VIDs sorted by value, so those lookups are binary searches; the rest of the work
 * is bounded by the LIION_GEM_MAX_* caps, checked before any loop over a message's entries.
 */
#include "core/bytes.h"
#include "core/core.h"

#include <liion/gem_report.h>
#include <stdlib.h>
#include <string.h>

#define GEMRPT_MAGIC 0x67727074u /* "grpt" */

typedef struct rpt {
    uint32_t id;
    uint32_t *vids; /* owned, n entries (n > 0) */
    size_t n;
} rpt;

typedef struct evt {
    uint32_t ceid;
    int enabled;
    uint32_t *rpts; /* owned, cap entries of which n are used, link order */
    size_t n, cap;
} evt;

struct liion_gem_reports {
    uint32_t magic;
    liion_ctx *ctx;
    rpt *rpts;
    size_t nrpts, caprpts;
    evt *evts;
    size_t nevts, capevts;
    uint32_t *vids; /* declared VIDs; none declared: any VID is accepted */
    size_t nvids, capvids;
    int ceids_declared;
    liion_secs_msg *rx; /* decode scratch, created on first use */
};

/* ---- table helpers --------------------------------------------------------------------- */

/* Index of the first entry >= id in the sorted array a[0..n). */
static size_t lower_u32(const uint32_t *a, size_t n, uint32_t id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* r->rpts is sorted by id (S2F33 keeps it so). */
static rpt *find_rpt(const liion_gem_reports *r, uint32_t id)
{
    size_t lo = 0, hi = r->nrpts;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->rpts[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < r->nrpts && r->rpts[lo].id == id ? &r->rpts[lo] : NULL;
}

static evt *find_evt(const liion_gem_reports *r, uint32_t ceid)
{
    for (size_t i = 0; i < r->nevts; i++)
        if (r->evts[i].ceid == ceid)
            return &r->evts[i];
    return NULL;
}

static int vid_known(const liion_gem_reports *r, uint32_t vid)
{
    size_t i;
    if (r->nvids == 0)
        return 1;
    i = lower_u32(r->vids, r->nvids, vid); /* r->vids is sorted (add_vid keeps it so) */
    return i < r->nvids && r->vids[i] == vid;
}

static int ceid_known(const liion_gem_reports *r, uint32_t ceid)
{
    return !r->ceids_declared || find_evt(r, ceid) != NULL;
}

/* Make room for at least `need` elements of size `esz` in *arr (capacity *cap). */
static liion_status reserve(liion_ctx *ctx, void **arr, size_t *cap, size_t need, size_t esz)
{
    size_t ncap = *cap ? *cap : 4, oldb, newb;
    void *p;
    if (need <= *cap)
        return LIION_OK;
    while (ncap < need) {
        if (!liion__size_mul(ncap, 2, &ncap))
            return liion__error(ctx, LIION_E_NOMEM, "gem reports: table too large");
    }
    if (!liion__size_mul(*cap, esz, &oldb) || !liion__size_mul(ncap, esz, &newb))
        return liion__error(ctx, LIION_E_NOMEM, "gem reports: table too large");
    p = liion__realloc(ctx, *arr, oldb, newb);
    if (p == NULL)
        return LIION_E_NOMEM;
    *arr = p;
    *cap = ncap;
    return LIION_OK;
}

/* After reports were deleted: drop every link to a report that is no longer defined, in one
 * pass over all links (each a binary search), in place: each block keeps its capacity. */
static void unlink_deleted(liion_gem_reports *r)
{
    for (size_t i = 0; i < r->nevts; i++) {
        evt *e = &r->evts[i];
        size_t k = 0;
        for (size_t j = 0; j < e->n; j++)
            if (find_rpt(r, e->rpts[j]) != NULL)
                e->rpts[k++] = e->rpts[j];
        e->n = k;
    }
}

static int cmp_rpt(const void *a, const void *b)
{
    uint32_t x = ((const rpt *)a)->id, y = ((const rpt *)b)->id;
    return (x > y) - (x < y);
}

/* ---- lifecycle --------------------------------------------------------------------------- */

liion_status liion_gem_reports_new(liion_gem_reports **out, liion_ctx *ctx)
{
    liion_gem_reports *r;
    liion_status s = liion__ctx_enter(ctx);
    if (s != LIION_OK)
        return s;
    if (out == NULL)
        return liion__error(ctx, LIION_E_INVALID_ARG, "gem reports: NULL out");
    *out = NULL;
    r = liion__calloc(ctx, 1, sizeof *r);
    if (r == NULL)
        return LIION_E_NOMEM;
    r->magic = GEMRPT_MAGIC;
    r->ctx = ctx;
    *out = r;
    return LIION_OK;
}

void liion_gem_reports_free(liion_gem_reports *r)
{
    liion_ctx *ctx;
    if (r == NULL || r->magic != GEMRPT_MAGIC)
        return;
    ctx = r->ctx;
    for (size_t i = 0; i < r->nrpts; i++)
        liion__free(ctx, r->rpts[i].vids, r->rpts[i].n * sizeof(uint32_t));
    for (size_t i = 0; i < r->nevts; i++)
        liion__free(ctx, r->evts[i].rpts, r->evts[i].cap * sizeof(uint32_t));
    liion__free(ctx, r->rpts, r->caprpts * sizeof *r->rpts);
    liion__free(ctx, r->evts, r->capevts * sizeof *r->evts);
    liion__free(ctx, r->vids, r->capvids * sizeof *r->vids);
    liion_secs_msg_free(r->rx);
    r->magic = LIION__MAGIC_DEAD;
    liion__free(ctx, r, sizeof *r);
}

static liion_status enter(liion_gem_reports *r)
{
    if (r == NULL)
        return LIION_E_INVALID_ARG;
    if (r->magic != GEMRPT_MAGIC)
        return LIION_E_MISUSE;
    return liion__ctx_enter(r->ctx);
}

liion_status liion_gem_reports_add_vid(liion_gem_reports *r, uint32_t vid)
{
    liion_status s = enter(r);
    if (s != LIION_OK)
        return s;
    size_t at = lower_u32(r->vids, r->nvids, vid);
    if (at < r->nvids && r->vids[at] == vid)
        return LIION_OK;
    s = reserve(r->ctx, (void **)&r->vids, &r->capvids, r->nvids + 1, sizeof *r->vids);
    if (s != LIION_OK)
        return s;
    memmove(&r->vids[at + 1], &r->vids[at], (r->nvids - at) * sizeof *r->vids);
    r->vids[at] = vid;
    r->nvids++;
    return LIION_OK;
}

liion_status liion_gem_reports_add_ceid(liion_gem_reports *r, uint32_t ceid)
{
    liion_status s = enter(r);
    if (s != LIION_OK)
        return s;
    if (find_evt(r, ceid) == NULL) {
        if (r->nevts >= LIION_GEM_MAX_EVENTS)
            return liion__error(r->ctx, LIION_E_LIMIT, "gem reports: table holds %u events",
                                (unsigned)LIION_GEM_MAX_EVENTS);
        s = reserve(r->ctx, (void **)&r->evts, &r->capevts, r->nevts + 1, sizeof *r->evts);
        if (s != LIION_OK)
            return s;
        memset(&r->evts[r->nevts], 0, sizeof r->evts[0]);
        r->evts[r->nevts++].ceid = ceid;
    }
    r->ceids_declared = 1;
    return LIION_OK;
}

size_t liion_gem_reports_report_count(const liion_gem_reports *r)
{
    return r && r->magic == GEMRPT_MAGIC ? r->nrpts : 0;
}

size_t liion_gem_reports_report_size(const liion_gem_reports *r, uint32_t rptid)
{
    const rpt *p = r && r->magic == GEMRPT_MAGIC ? find_rpt(r, rptid) : NULL;
    return p ? p->n : 0;
}

size_t liion_gem_reports_link_count(const liion_gem_reports *r, uint32_t ceid)
{
    const evt *e = r && r->magic == GEMRPT_MAGIC ? find_evt(r, ceid) : NULL;
    return e ? e->n : 0;
}

int liion_gem_reports_event_enabled(const liion_gem_reports *r, uint32_t ceid)
{
    const evt *e = r && r->magic == GEMRPT_MAGIC ? find_evt(r, ceid) : NULL;
    return e ? e->enabled : 0;
}

/* ---- parsing ----------------------------------------------------------------------------- */

/* A one-element integer item whose value fits uint32. */
static int get_id(uint32_t *out, const liion_secs_item *it)
{
    uint64_t u = 0;
    int64_t v = 0;
    switch (liion_secs_item_format(it)) {
    case LIION_SECS_U1:
    case LIION_SECS_U2:
    case LIION_SECS_U4:
    case LIION_SECS_U8:
        if (liion_secs_item_count(it) != 1 || liion_secs_item_get_uint(&u, it, 0) != LIION_OK ||
            u > UINT32_MAX)
            return 0;
        *out = (uint32_t)u;
        return 1;
    case LIION_SECS_I1:
    case LIION_SECS_I2:
    case LIION_SECS_I4:
    case LIION_SECS_I8:
        if (liion_secs_item_count(it) != 1 || liion_secs_item_get_int(&v, it, 0) != LIION_OK ||
            v < 0 || v > (int64_t)UINT32_MAX)
            return 0;
        *out = (uint32_t)v;
        return 1;
    default:
        return 0;
    }
}

static int is_list(const liion_secs_item *it, size_t n)
{
    return liion_secs_item_format(it) == LIION_SECS_L && liion_secs_item_count(it) == n;
}

static int is_list_any(const liion_secs_item *it)
{
    return liion_secs_item_format(it) == LIION_SECS_L;
}

/* Decode a whole body into the table's scratch message; the body item is *top. */
static liion_status decode(const liion_secs_item **top, liion_gem_reports *r,
                           const uint8_t *body, size_t len, const char *what)
{
    liion_status s;
    if (body == NULL && len > 0)
        return liion__error(r->ctx, LIION_E_INVALID_ARG, "%s: NULL body", what);
    if (r->rx == NULL) {
        s = liion_secs_msg_new(&r->rx, r->ctx);
        if (s != LIION_OK)
            return s;
    }
    if (len == 0)
        return liion__error_at(r->ctx, LIION_E_DECODE, 0, "%s: empty body", what);
    s = liion_secs_msg_decode(r->rx, body, len);
    if (s != LIION_OK)
        return s;
    *top = liion_secs_msg_body(r->rx);
    if (*top == NULL)
        return liion__error_at(r->ctx, LIION_E_DECODE, 0, "%s: empty body", what);
    return LIION_OK;
}

static liion_status shape(liion_gem_reports *r, const char *what, const char *expect)
{
    return liion__error_at(r->ctx, LIION_E_DECODE, 0, "%s: invalid format: %s", what, expect);
}

liion_status liion_gem_reports_on_s2f33(uint8_t *drack, liion_gem_reports *r,
                                        const uint8_t *body, size_t len)
{
    static const char *W = "S2F33";
    const liion_secs_item *top = NULL, *list, *e;
    uint32_t dataid, id, vid;
    uint32_t **newv = NULL;
    size_t n, nnew = 0, ndel = 0, i, j;
    liion_status s = enter(r);
    if (s != LIION_OK)
        return s;
    if (drack == NULL)
        return liion__error(r->ctx, LIION_E_INVALID_ARG, "%s: NULL drack", W);
    *drack = LIION_GEM_DRACK_FORMAT;
    s = decode(&top, r, body, len, W);
    if (s != LIION_OK) {
        if (s == LIION_E_NOMEM)
            *drack = LIION_GEM_DRACK_NO_SPACE;
        return s;
    }
    if (!is_list(top, 2) || !get_id(&dataid, liion_secs_item_child(top, 0)) ||
        !is_list_any(liion_secs_item_child(top, 1)))
        return shape(r, W, "expected L[2] <DATAID> L[a]");
    list = liion_secs_item_child(top, 1);
    n = liion_secs_item_count(list);
    /* the caps come first: they bound every loop below */
    if (n > LIION_GEM_MAX_REPORTS) {
        *drack = LIION_GEM_DRACK_NO_SPACE;
        return liion__error(r->ctx, LIION_E_LIMIT, "%s: %zu reports, at most %u", W, n,
                            (unsigned)LIION_GEM_MAX_REPORTS);
    }
    /* validate everything first */
    for (i = 0; i < n; i++) {
        e = liion_secs_item_child(list, i);
        if (!is_list(e, 2) || !get_id(&id, liion_secs_item_child(e, 0)) ||
            !is_list_any(liion_secs_item_child(e, 1)))
            return shape(r, W, "expected L[2] <RPTID> L[b] per report");
        if (liion_secs_item_count(liion_secs_item_child(e, 1)) > LIION_GEM_MAX_REPORT_VIDS) {
            *drack = LIION_GEM_DRACK_NO_SPACE;
            return liion__error(r->ctx, LIION_E_LIMIT, "%s: report %u has %zu VIDs, at most %u",
                                W, (unsigned)id, liion_secs_item_count(liion_secs_item_child(e, 1)),
                                (unsigned)LIION_GEM_MAX_REPORT_VIDS);
        }
        for (j = 0; j < liion_secs_item_count(liion_secs_item_child(e, 1)); j++)
            if (!get_id(&vid, liion_secs_item_child(liion_secs_item_child(e, 1), j)))
                return shape(r, W, "a VID is not an unsigned integer");
    }
    for (i = 0; i < n; i++) {
        const liion_secs_item *vl;
        e = liion_secs_item_child(list, i);
        get_id(&id, liion_secs_item_child(e, 0));
        vl = liion_secs_item_child(e, 1);
        for (j = 0; j < i; j++) {
            uint32_t other = 0;
            get_id(&other, liion_secs_item_child(liion_secs_item_child(list, j), 0));
            if (other == id) {
                *drack = LIION_GEM_DRACK_DEFINED;
                return LIION_OK;
            }
        }
        if (liion_secs_item_count(vl) == 0) {
            ndel += find_rpt(r, id) != NULL; /* a deletion: an unknown RPTID is not an error */
            continue;
        }
        if (find_rpt(r, id) != NULL) {
            *drack = LIION_GEM_DRACK_DEFINED;
            return LIION_OK;
        }
        for (j = 0; j < liion_secs_item_count(vl); j++) {
            get_id(&vid, liion_secs_item_child(vl, j));
            if (!vid_known(r, vid)) {
                *drack = LIION_GEM_DRACK_UNKNOWN_VID;
                return LIION_OK;
            }
        }
        nnew++;
    }
    if (n > 0 && r->nrpts - ndel + nnew > LIION_GEM_MAX_REPORTS) {
        *drack = LIION_GEM_DRACK_NO_SPACE;
        return liion__error(r->ctx, LIION_E_LIMIT, "%s: the table would hold %zu reports, at most %u",
                            W, r->nrpts - ndel + nnew, (unsigned)LIION_GEM_MAX_REPORTS);
    }
    /* allocate everything the change needs, so applying it cannot fail */
    if (nnew > 0) {
        size_t k = 0;
        s = reserve(r->ctx, (void **)&r->rpts, &r->caprpts, r->nrpts + nnew, sizeof *r->rpts);
        if (s == LIION_OK) {
            newv = liion__calloc(r->ctx, nnew, sizeof *newv);
            if (newv == NULL)
                s = LIION_E_NOMEM;
        }
        for (i = 0; s == LIION_OK && i < n; i++) {
            const liion_secs_item *vl = liion_secs_item_child(liion_secs_item_child(list, i), 1);
            size_t m = liion_secs_item_count(vl);
            if (m == 0)
                continue;
            newv[k] = liion__alloc(r->ctx, m * sizeof(uint32_t));
            if (newv[k] == NULL) {
                s = LIION_E_NOMEM;
                break;
            }
            for (j = 0; j < m; j++)
                get_id(&newv[k][j], liion_secs_item_child(vl, j));
            k++;
        }
        if (s != LIION_OK) {
            if (newv != NULL) {
                k = 0;
                for (i = 0; i < n && k < nnew; i++) {
                    size_t m = liion_secs_item_count(
                        liion_secs_item_child(liion_secs_item_child(list, i), 1));
                    if (m == 0)
                        continue;
                    liion__free(r->ctx, newv[k], m * sizeof(uint32_t));
                    k++;
                }
                liion__free(r->ctx, newv, nnew * sizeof *newv);
            }
            *drack = LIION_GEM_DRACK_NO_SPACE;
            return s;
        }
    }
    /* apply */
    if (n == 0) {
        for (i = 0; i < r->nrpts; i++)
            liion__free(r->ctx, r->rpts[i].vids, r->rpts[i].n * sizeof(uint32_t));
        r->nrpts = 0;
        for (i = 0; i < r->nevts; i++)
            r->evts[i].n = 0; /* in place: each block keeps its capacity */
    }
    {
        size_t k = 0, nold = r->nrpts;
        /* deletions: free and mark (vids NULL), then compact once, keeping the order */
        for (i = 0; ndel > 0 && i < n; i++) {
            rpt *p;
            e = liion_secs_item_child(list, i);
            if (liion_secs_item_count(liion_secs_item_child(e, 1)) != 0)
                continue;
            get_id(&id, liion_secs_item_child(e, 0));
            p = find_rpt(r, id);
            if (p != NULL && p->vids != NULL) {
                liion__free(r->ctx, p->vids, p->n * sizeof(uint32_t));
                p->vids = NULL;
            }
        }
        if (ndel > 0) {
            for (i = 0; i < nold; i++)
                if (r->rpts[i].vids != NULL)
                    r->rpts[k++] = r->rpts[i];
            r->nrpts = k;
            unlink_deleted(r);
        }
        /* additions: append, then sort once (none of them exists, none is named twice) */
        k = 0;
        for (i = 0; i < n; i++) {
            const liion_secs_item *vl;
            e = liion_secs_item_child(list, i);
            vl = liion_secs_item_child(e, 1);
            if (liion_secs_item_count(vl) == 0)
                continue;
            get_id(&id, liion_secs_item_child(e, 0));
            r->rpts[r->nrpts].id = id;
            r->rpts[r->nrpts].vids = newv[k++];
            r->rpts[r->nrpts].n = liion_secs_item_count(vl);
            r->nrpts++;
        }
        if (nnew > 0)
            qsort(r->rpts, r->nrpts, sizeof *r->rpts, cmp_rpt);
    }
    if (newv != NULL)
        liion__free(r->ctx, newv, nnew * sizeof *newv);
    (void)dataid;
    *drack = LIION_GEM_DRACK_OK;
    return LIION_OK;
}

/* Count the CEIDs of an S2F35/S2F37 list that have no table entry yet (they get one). */
static size_t count_new_ceids(const liion_gem_reports *r, const uint32_t *ceids, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++) {
        int seen = find_evt(r, ceids[i]) != NULL;
        for (size_t j = 0; j < i && !seen; j++)
            seen = ceids[j] == ceids[i];
        c += !seen;
    }
    return c;
}

static evt *get_or_add_evt(liion_gem_reports *r, uint32_t ceid)
{
    evt *e = find_evt(r, ceid);
    if (e == NULL) { /* capacity reserved by the caller */
        e = &r->evts[r->nevts++];
        memset(e, 0, sizeof *e);
        e->ceid = ceid;
    }
    return e;
}

liion_status liion_gem_reports_on_s2f35(uint8_t *lrack, liion_gem_reports *r,
                                        const uint8_t *body, size_t len)
{
    static const char *W = "S2F35";
    const liion_secs_item *top = NULL, *list, *e, *rl;
    uint32_t dataid, id, ceid;
    uint32_t *ceids = NULL, **newl = NULL;
    size_t n, i, j, nnew;
    liion_status s = enter(r);
    if (s != LIION_OK)
        return s;
    if (lrack == NULL)
        return liion__error(r->ctx, LIION_E_INVALID_ARG, "%s: NULL lrack", W);
    *lrack = LIION_GEM_LRACK_FORMAT;
    s = decode(&top, r, body, len, W);
    if (s != LIION_OK) {
        if (s == LIION_E_NOMEM)
            *lrack = LIION_GEM_LRACK_NO_SPACE;
        return s;
    }
    if (!is_list(top, 2) || !get_id(&dataid, liion_secs_item_child(top, 0)) ||
        !is_list_any(liion_secs_item_child(top, 1)))
        return shape(r, W, "expected L[2] <DATAID> L[a]");
    (void)dataid;
    list = liion_secs_item_child(top, 1);
    n = liion_secs_item_count(list);
    /* the caps come first: they bound every loop below */
    if (n > LIION_GEM_MAX_EVENTS) {
        *lrack = LIION_GEM_LRACK_NO_SPACE;
        return liion__error(r->ctx, LIION_E_LIMIT, "%s: %zu events, at most %u", W, n,
                            (unsigned)LIION_GEM_MAX_EVENTS);
    }
    for (i = 0; i < n; i++) {
        e = liion_secs_item_child(list, i);
        if (!is_list(e, 2) || !get_id(&ceid, liion_secs_item_child(e, 0)) ||
            !is_list_any(liion_secs_item_child(e, 1)))
            return shape(r, W, "expected L[2] <CEID> L[b] per event");
        rl = liion_secs_item_child(e, 1);
        if (liion_secs_item_count(rl) > LIION_GEM_MAX_EVENT_REPORTS) {
            *lrack = LIION_GEM_LRACK_NO_SPACE;
            return liion__error(r->ctx, LIION_E_LIMIT, "%s: event %u links %zu reports, at most %u",
                                W, (unsigned)ceid, liion_secs_item_count(rl),
                                (unsigned)LIION_GEM_MAX_EVENT_REPORTS);
        }
        for (j = 0; j < liion_secs_item_count(rl); j++)
            if (!get_id(&id, liion_secs_item_child(rl, j)))
                return shape(r, W, "a RPTID is not an unsigned integer");
    }
    for (i = 0; i < n; i++) {
        const evt *ev;
        e = liion_secs_item_child(list, i);
        get_id(&ceid, liion_secs_item_child(e, 0));
        rl = liion_secs_item_child(e, 1);
        for (j = 0; j < i; j++) {
            uint32_t other = 0;
            get_id(&other, liion_secs_item_child(liion_secs_item_child(list, j), 0));
            if (other == ceid) {
                *lrack = LIION_GEM_LRACK_LINKED;
                return LIION_OK;
            }
        }
        if (!ceid_known(r, ceid)) {
            *lrack = LIION_GEM_LRACK_UNKNOWN_CEID;
            return LIION_OK;
        }
        ev = find_evt(r, ceid);
        if (liion_secs_item_count(rl) > 0 && ev != NULL && ev->n > 0) {
            *lrack = LIION_GEM_LRACK_LINKED;
            return LIION_OK;
        }
        for (j = 0; j < liion_secs_item_count(rl); j++) {
            get_id(&id, liion_secs_item_child(rl, j));
            if (find_rpt(r, id) == NULL) {
                *lrack = LIION_GEM_LRACK_UNKNOWN_RPTID;
                return LIION_OK;
            }
        }
    }
    if (n == 0) {
        *lrack = LIION_GEM_LRACK_OK;
        return LIION_OK;
    }
    /* allocate: the CEIDs, a link array per event, room for new table entries */
    ceids = liion__alloc(r->ctx, n * sizeof *ceids);
    if (ceids == NULL)
        goto nomem;
    for (i = 0; i < n; i++)
        get_id(&ceids[i], liion_secs_item_child(liion_secs_item_child(list, i), 0));
    nnew = count_new_ceids(r, ceids, n);
    if (r->nevts + nnew > LIION_GEM_MAX_EVENTS) {
        liion__free(r->ctx, ceids, n * sizeof *ceids);
        *lrack = LIION_GEM_LRACK_NO_SPACE;
        return liion__error(r->ctx, LIION_E_LIMIT, "%s: the table would hold %zu events, at most %u",
                            W, r->nevts + nnew, (unsigned)LIION_GEM_MAX_EVENTS);
    }
    if (reserve(r->ctx, (void **)&r->evts, &r->capevts, r->nevts + nnew, sizeof *r->evts) !=
        LIION_OK)
        goto nomem;
    newl = liion__calloc(r->ctx, n, sizeof *newl);
    if (newl == NULL)
        goto nomem;
    for (i = 0; i < n; i++) {
        size_t m;
        rl = liion_secs_item_child(liion_secs_item_child(list, i), 1);
        m = liion_secs_item_count(rl);
        if (m == 0)
            continue;
        newl[i] = liion__alloc(r->ctx, m * sizeof(uint32_t));
        if (newl[i] == NULL)
            goto nomem;
        for (j = 0; j < m; j++)
            get_id(&newl[i][j], liion_secs_item_child(rl, j));
    }
    /* apply */
    for (i = 0; i < n; i++) {
        evt *ev = get_or_add_evt(r, ceids[i]);
        size_t m = liion_secs_item_count(liion_secs_item_child(liion_secs_item_child(list, i), 1));
        if (m == 0) {
            ev->n = 0;
            continue;
        }
        liion__free(r->ctx, ev->rpts, ev->cap * sizeof(uint32_t));
        ev->rpts = newl[i];
        ev->n = ev->cap = m;
    }
    liion__free(r->ctx, newl, n * sizeof *newl);
    liion__free(r->ctx, ceids, n * sizeof *ceids);
    *lrack = LIION_GEM_LRACK_OK;
    return LIION_OK;
nomem:
    if (newl != NULL) {
        for (i = 0; i < n; i++)
            if (newl[i] != NULL)
                liion__free(r->ctx, newl[i],
                            liion_secs_item_count(
                                liion_secs_item_child(liion_secs_item_child(list, i), 1)) *
                                sizeof(uint32_t));
        liion__free(r->ctx, newl, n * sizeof *newl);
    }
    if (ceids != NULL)
        liion__free(r->ctx, ceids, n * sizeof *ceids);
    *lrack = LIION_GEM_LRACK_NO_SPACE;
    return liion__error(r->ctx, LIION_E_NOMEM, "%s: out of memory", W);
}

liion_status liion_gem_reports_on_s2f37(uint8_t *erack, liion_gem_reports *r,
                                        const uint8_t *body, size_t len)
{
    static const char *W = "S2F37";
    const liion_secs_item *top = NULL, *ceed, *list;
    uint32_t *ceids = NULL;
    uint32_t ceid;
    int on = 0;
    size_t n, i, nnew;
    liion_status s = enter(r);
    if (s != LIION_OK)
        return s;
    if (erack == NULL)
        return liion__error(r->ctx, LIION_E_INVALID_ARG, "%s: NULL erack", W);
    *erack = LIION_GEM_ERACK_UNKNOWN_CEID;
    s = decode(&top, r, body, len, W);
    if (s != LIION_OK)
        return s;
    if (!is_list(top, 2))
        return shape(r, W, "expected L[2] <BOOLEAN CEED> L[n]");
    ceed = liion_secs_item_child(top, 0);
    list = liion_secs_item_child(top, 1);
    if (liion_secs_item_format(ceed) != LIION_SECS_BOOLEAN || liion_secs_item_count(ceed) != 1 ||
        liion_secs_item_get_bool(&on, ceed, 0) != LIION_OK)
        return shape(r, W, "CEED is not <BOOLEAN[1]>");
    if (!is_list_any(list))
        return shape(r, W, "expected L[n] <CEID>...");
    n = liion_secs_item_count(list);
    if (n > LIION_GEM_MAX_EVENTS) /* erack stays 1: ERACK has no "insufficient space" code */
        return liion__error(r->ctx, LIION_E_LIMIT, "%s: %zu CEIDs, at most %u", W, n,
                            (unsigned)LIION_GEM_MAX_EVENTS);
    for (i = 0; i < n; i++) {
        if (!get_id(&ceid, liion_secs_item_child(list, i)))
            return shape(r, W, "a CEID is not an unsigned integer");
    }
    for (i = 0; i < n; i++) {
        get_id(&ceid, liion_secs_item_child(list, i));
        if (!ceid_known(r, ceid))
            return LIION_OK; /* erack 1 */
    }
    if (n == 0) {
        for (i = 0; i < r->nevts; i++)
            r->evts[i].enabled = on != 0;
        *erack = LIION_GEM_ERACK_OK;
        return LIION_OK;
    }
    ceids = liion__alloc(r->ctx, n * sizeof *ceids);
    if (ceids == NULL)
        return LIION_E_NOMEM;
    for (i = 0; i < n; i++)
        get_id(&ceids[i], liion_secs_item_child(list, i));
    nnew = count_new_ceids(r, ceids, n);
    if (r->nevts + nnew > LIION_GEM_MAX_EVENTS) {
        liion__free(r->ctx, ceids, n * sizeof *ceids);
        return liion__error(r->ctx, LIION_E_LIMIT, "%s: the table would hold %zu events, at most %u",
                            W, r->nevts + nnew, (unsigned)LIION_GEM_MAX_EVENTS);
    }
    if (reserve(r->ctx, (void **)&r->evts, &r->capevts, r->nevts + nnew, sizeof *r->evts) !=
        LIION_OK) {
        liion__free(r->ctx, ceids, n * sizeof *ceids);
        return LIION_E_NOMEM;
    }
    for (i = 0; i < n; i++)
        get_or_add_evt(r, ceids[i])->enabled = on != 0;
    liion__free(r->ctx, ceids, n * sizeof *ceids);
    *erack = LIION_GEM_ERACK_OK;
    return LIION_OK;
}

/* ---- encoding ---------------------------------------------------------------------------- */

/* The core measuring writer (core/bytes.h): pos keeps counting past cap, so a NULL buffer
 * measures. */
typedef liion__wr wr;

static void put(wr *w, uint8_t b)
{
    liion__wr_u8(w, b);
}

/* Item header: format code, then 1-3 length bytes. */
static void put_hdr(wr *w, unsigned fmt, size_t len)
{
    unsigned nb = len <= 0xFF ? 1u : len <= 0xFFFF ? 2u : 3u;
    put(w, (uint8_t)((fmt << 2) | nb));
    for (unsigned i = nb; i-- > 0;)
        put(w, (uint8_t)(len >> (8 * i)));
}

static void put_u4(wr *w, uint32_t v)
{
    put_hdr(w, LIION_SECS_U4, 4);
    put(w, (uint8_t)(v >> 24));
    put(w, (uint8_t)(v >> 16));
    put(w, (uint8_t)(v >> 8));
    put(w, (uint8_t)v);
}

static liion_status wr_finish(wr *w, size_t *written, liion_ctx *ctx)
{
    *written = liion__wr_size(w);
    if (liion__wr_overflow(w))
        return liion__error(ctx, LIION_E_BUFFER_TOO_SMALL, "gem: %zu bytes needed, %zu given",
                            w->pos, w->cap);
    return LIION_OK;
}

static liion_status enc_args(uint8_t *buf, size_t cap, size_t *written, liion_ctx *ctx)
{
    liion_status s = liion__ctx_enter(ctx);
    if (s != LIION_OK)
        return s;
    if (written == NULL || (buf == NULL && cap > 0))
        return liion__error(ctx, LIION_E_INVALID_ARG, "gem: NULL argument");
    *written = 0;
    return LIION_OK;
}

/* Shared by S2F33 and S2F35: L[2] <U4 dataid> L[n] { L[2] <U4 head[i]> L[counts[i]] <U4>... } */
static liion_status enc_nested(uint8_t *buf, size_t cap, size_t *written, liion_ctx *ctx,
                               uint32_t dataid, const uint32_t *head, const size_t *counts,
                               const uint32_t *ids, size_t n, const char *what)
{
    wr w;
    liion__wr_init(&w, buf, cap);
    size_t k = 0;
    liion_status s = enc_args(buf, cap, written, ctx);
    if (s != LIION_OK)
        return s;
    if (n > 0 && (head == NULL || counts == NULL))
        return liion__error(ctx, LIION_E_INVALID_ARG, "%s: NULL argument", what);
    if (n > LIION_SECS_MAX_LENGTH)
        return liion__error(ctx, LIION_E_RANGE, "%s: %zu entries, at most %u", what, n,
                            (unsigned)LIION_SECS_MAX_LENGTH);
    for (size_t i = 0; i < n; i++) {
        if (counts[i] > LIION_SECS_MAX_LENGTH)
            return liion__error(ctx, LIION_E_RANGE, "%s: entry %zu has %zu IDs, at most %u",
                                what, i, counts[i], (unsigned)LIION_SECS_MAX_LENGTH);
        if (counts[i] > 0 && ids == NULL)
            return liion__error(ctx, LIION_E_INVALID_ARG, "%s: NULL IDs", what);
    }
    put_hdr(&w, LIION_SECS_L, 2);
    put_u4(&w, dataid);
    put_hdr(&w, LIION_SECS_L, n);
    for (size_t i = 0; i < n; i++) {
        put_hdr(&w, LIION_SECS_L, 2);
        put_u4(&w, head[i]);
        put_hdr(&w, LIION_SECS_L, counts[i]);
        for (size_t j = 0; j < counts[i]; j++)
            put_u4(&w, ids[k++]);
    }
    return wr_finish(&w, written, ctx);
}

liion_status liion_gem_s2f33_encode(uint8_t *buf, size_t cap, size_t *written, liion_ctx *ctx,
                                    uint32_t dataid, const uint32_t *rptids,
                                    const size_t *vid_counts, const uint32_t *vids,
                                    size_t n_reports)
{
    return enc_nested(buf, cap, written, ctx, dataid, rptids, vid_counts, vids, n_reports,
                      "S2F33");
}

liion_status liion_gem_s2f35_encode(uint8_t *buf, size_t cap, size_t *written, liion_ctx *ctx,
                                    uint32_t dataid, const uint32_t *ceids,
                                    const size_t *rpt_counts, const uint32_t *rptids,
                                    size_t n_events)
{
    return enc_nested(buf, cap, written, ctx, dataid, ceids, rpt_counts, rptids, n_events,
                      "S2F35");
}

liion_status liion_gem_s2f37_encode(uint8_t *buf, size_t cap, size_t *written, liion_ctx *ctx,
                                    int enable, const uint32_t *ceids, size_t n)
{
    wr w;
    liion__wr_init(&w, buf, cap);
    liion_status s = enc_args(buf, cap, written, ctx);
    if (s != LIION_OK)
        return s;
    if (n > 0 && ceids == NULL)
        return liion__error(ctx, LIION_E_INVALID_ARG, "S2F37: NULL ceids");
    if (n > LIION_SECS_MAX_LENGTH)
        return liion__error(ctx, LIION_E_RANGE, "S2F37: %zu CEIDs, at most %u", n,
                            (unsigned)LIION_SECS_MAX_LENGTH);
    put_hdr(&w, LIION_SECS_L, 2);
    put_hdr(&w, LIION_SECS_BOOLEAN, 1);
    put(&w, enable ? 1 : 0);
    put_hdr(&w, LIION_SECS_L, n);
    for (size_t i = 0; i < n; i++)
        put_u4(&w, ceids[i]);
    return wr_finish(&w, written, ctx);
}

liion_status liion_gem_reports_s6f11_encode(uint8_t *buf, size_t cap, size_t *written,
                                            liion_gem_reports *r, uint32_t dataid, uint32_t ceid,
                                            liion_gem_vid_fn fn, void *user)
{
    wr w;
    liion__wr_init(&w, buf, cap);
    const evt *e;
    liion_status s = enter(r);
    if (s != LIION_OK)
        return s;
    if (written == NULL || (buf == NULL && cap > 0) || fn == NULL)
        return liion__error(r->ctx, LIION_E_INVALID_ARG, "S6F11: NULL argument");
    *written = 0;
    if (!ceid_known(r, ceid))
        return liion__error(r->ctx, LIION_E_NOT_FOUND, "S6F11: CEID %u is not declared",
                            (unsigned)ceid);
    e = find_evt(r, ceid);
    if (e == NULL || !e->enabled)
        return liion__error(r->ctx, LIION_E_STATE, "S6F11: event %u is disabled",
                            (unsigned)ceid);
    put_hdr(&w, LIION_SECS_L, 3);
    put_u4(&w, dataid);
    put_u4(&w, ceid);
    put_hdr(&w, LIION_SECS_L, e->n);
    for (size_t i = 0; i < e->n; i++) {
        const rpt *p = find_rpt(r, e->rpts[i]);
        if (p == NULL) /* cannot happen: deleting a report removes its links */
            return liion__error(r->ctx, LIION_E_STATE, "S6F11: report %u is not defined",
                                (unsigned)e->rpts[i]);
        put_hdr(&w, LIION_SECS_L, 2);
        put_u4(&w, p->id);
        put_hdr(&w, LIION_SECS_L, p->n);
        for (size_t j = 0; j < p->n; j++) {
            const liion_secs_item *v = fn(user, p->vids[j]);
            size_t sz = 0;
            if (v == NULL)
                return liion__error(r->ctx, LIION_E_NOT_FOUND,
                                    "S6F11: no value for VID %u of report %u",
                                    (unsigned)p->vids[j], (unsigned)p->id);
            s = liion_secs_item_encoded_size(&sz, r->ctx, v);
            if (s != LIION_OK)
                return s;
            {
                uint8_t *at = liion__wr_take(&w, sz);
                if (at != NULL && (s = liion_secs_item_encode(at, sz, &sz, r->ctx, v)) != LIION_OK)
                    return s;
            }
        }
    }
    return wr_finish(&w, written, r->ctx);
}

typedef struct vals {
    const uint32_t *vids;
    const liion_secs_item *const *values;
    size_t n;
} vals;

static const liion_secs_item *lookup_value(void *user, uint32_t vid)
{
    const vals *v = user;
    for (size_t i = 0; i < v->n; i++)
        if (v->vids[i] == vid)
            return v->values[i];
    return NULL;
}

liion_status liion_gem_reports_s6f11_encode_values(uint8_t *buf, size_t cap, size_t *written,
                                                   liion_gem_reports *r, uint32_t dataid,
                                                   uint32_t ceid, const uint32_t *vids,
                                                   const liion_secs_item *const *values,
                                                   size_t n)
{
    vals v = { vids, values, n };
    liion_status s = enter(r);
    if (s != LIION_OK)
        return s;
    if (n > 0 && (vids == NULL || values == NULL))
        return liion__error(r->ctx, LIION_E_INVALID_ARG, "S6F11: NULL values");
    return liion_gem_reports_s6f11_encode(buf, cap, written, r, dataid, ceid, lookup_value, &v);
}

liion_status liion_gem_reports_s6f11_decode(uint32_t *dataid, uint32_t *ceid,
                                            liion_gem_reports *r, const uint8_t *body,
                                            size_t len, liion_gem_value_fn fn, void *user)
{
    static const char *W = "S6F11";
    const liion_secs_item *top = NULL, *list;
    const evt *e;
    uint32_t did = 0, cid = 0, id = 0;
    size_t n;
    liion_status s = enter(r);
    if (s != LIION_OK)
        return s;
    s = decode(&top, r, body, len, W);
    if (s != LIION_OK)
        return s;
    if (!is_list(top, 3) || !get_id(&did, liion_secs_item_child(top, 0)) ||
        !get_id(&cid, liion_secs_item_child(top, 1)) || !is_list_any(liion_secs_item_child(top, 2)))
        return shape(r, W, "expected L[3] <DATAID> <CEID> L[a]");
    list = liion_secs_item_child(top, 2);
    n = liion_secs_item_count(list);
    if (n > LIION_GEM_MAX_EVENT_REPORTS)
        return liion__error_at(r->ctx, LIION_E_LIMIT, 0, "%s: %zu reports, at most %u", W, n,
                               (unsigned)LIION_GEM_MAX_EVENT_REPORTS);
    e = find_evt(r, cid);
    if (e != NULL && e->n > 0 && e->n != n)
        return liion__error_at(r->ctx, LIION_E_DECODE, 0,
                               "S6F11: CEID %u has %zu reports, %zu linked", (unsigned)cid, n,
                               e->n);
    for (size_t i = 0; i < n; i++) {
        const liion_secs_item *rep = liion_secs_item_child(list, i);
        const rpt *p;
        if (!is_list(rep, 2) || !get_id(&id, liion_secs_item_child(rep, 0)) ||
            !is_list_any(liion_secs_item_child(rep, 1)))
            return shape(r, W, "expected L[2] <RPTID> L[b] per report");
        p = find_rpt(r, id);
        if (p == NULL)
            return liion__error_at(r->ctx, LIION_E_NOT_FOUND, 0,
                                   "S6F11: report %u is not defined", (unsigned)id);
        if (e != NULL && e->n > 0 && e->rpts[i] != id)
            return liion__error_at(r->ctx, LIION_E_DECODE, 0,
                                   "S6F11: report %u at position %zu, linked report is %u",
                                   (unsigned)id, i, (unsigned)e->rpts[i]);
        if (liion_secs_item_count(liion_secs_item_child(rep, 1)) != p->n)
            return liion__error_at(r->ctx, LIION_E_DECODE, 0,
                                   "S6F11: report %u has %zu values, defined with %zu VIDs",
                                   (unsigned)id,
                                   liion_secs_item_count(liion_secs_item_child(rep, 1)), p->n);
    }
    if (dataid)
        *dataid = did;
    if (ceid)
        *ceid = cid;
    if (fn == NULL)
        return LIION_OK;
    for (size_t i = 0; i < n; i++) {
        const liion_secs_item *rep = liion_secs_item_child(list, i), *vl;
        const rpt *p;
        get_id(&id, liion_secs_item_child(rep, 0));
        p = find_rpt(r, id);
        vl = liion_secs_item_child(rep, 1);
        for (size_t j = 0; j < p->n; j++) {
            s = fn(user, id, p->vids[j], liion_secs_item_child(vl, j));
            if (s != LIION_OK)
                return s;
        }
    }
    return LIION_OK;
}
