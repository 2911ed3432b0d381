/*
 * IEC 62660-1/-2/-3 test records: one cell, one test execution. Part 1 records results only,
 * Part 2 an outcome class (no pass/fail), Part 3 a verdict with its acceptance criterion.
 * Editions are data (EDITIONS below).
 */
#include "export/xdoc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIION__MAGIC_IEC 0x69656336u /* "iec6" */
#define NF 26
#define FIRST_NUM LIION_IEC_EDITION

static const struct {
    int part;
    int year;
    const char *withdrawn; /* YYYY-MM-DD or NULL */
} EDITIONS[] = {
    { 1, 2010, NULL }, { 1, 2018, NULL },
    { 2, 2010, NULL }, { 2, 2018, NULL },
    { 3, 2016, "2022-03-01" }, { 3, 2022, NULL },
};

typedef struct value {
    char *name;
    char *unit;
    double v;
    uint32_t result;
} ivalue;

struct liion_iec62660 {
    uint32_t magic;
    liion_ctx *ctx;
    int part;
    char *text[NF];
    size_t tlen[NF];
    double num[NF];
    bool set[NF];
    ivalue *vals;
    size_t n_vals, vals_cap;
    int outcome;
    int verdict; /* 0 unset, 1 pass, 2 fail */
};

static const char *TEXT_KEY[NF] = {
    NULL, "cell_id", "cell_model", "chemistry", "format", "application", "clause", "test_item",
    "name", "accreditation", "report_id", "sample_no", "operator", "equipment_id",
    "test_date_start", "test_date_end", "criterion", "edition", "rated_capacity_ah",
    "nominal_voltage_v", "max_voltage_v", "min_voltage_v", "max_charge_current_a",
    "max_discharge_current_a", "operating_temp_min_c", "operating_temp_max_c",
};

static liion_status enter(liion_iec62660 *r)
{
    if (!r)
        return LIION_E_INVALID_ARG;
    if (r->magic != LIION__MAGIC_IEC)
        return LIION_E_MISUSE;
    return liion__ctx_enter(r->ctx);
}

LIION_API liion_status liion_iec62660_new(liion_iec62660 **out, liion_ctx *ctx,
                                          liion_iec62660_part part)
{
    liion_iec62660 *r;
    liion_status st = liion__ctx_enter(ctx);
    if (out)
        *out = NULL;
    if (st)
        return st;
    if (!out)
        return liion__error(ctx, LIION_E_INVALID_ARG, "NULL out");
    if ((int)part < 1 || (int)part > 3)
        return liion__error(ctx, LIION_E_INVALID_ARG, "IEC 62660 has no part %d", (int)part);
    r = liion__calloc(ctx, 1, sizeof *r);
    if (!r)
        return LIION_E_NOMEM;
    r->magic = LIION__MAGIC_IEC;
    r->ctx = ctx;
    r->part = (int)part;
    *out = r;
    return LIION_OK;
}

LIION_API void liion_iec62660_free(liion_iec62660 *r)
{
    if (!r || r->magic != LIION__MAGIC_IEC)
        return;
    for (int i = 0; i < NF; i++)
        liion__free(r->ctx, r->text[i], r->tlen[i] + 1);
    for (size_t i = 0; i < r->n_vals; i++) {
        liion__free(r->ctx, r->vals[i].name, strlen(r->vals[i].name) + 1);
        liion__free(r->ctx, r->vals[i].unit, strlen(r->vals[i].unit) + 1);
    }
    liion__free(r->ctx, r->vals, r->vals_cap * sizeof *r->vals);
    r->magic = LIION__MAGIC_DEAD;
    liion__free(r->ctx, r, sizeof *r);
}

LIION_API liion_status liion_iec62660_set_text(liion_iec62660 *r, liion_iec62660_field field,
                                               const char *text)
{
    size_t n;
    char *c;
    liion_status st = enter(r);
    if (st)
        return st;
    if ((int)field < 1 || (int)field >= (int)FIRST_NUM)
        return liion__error(r->ctx, LIION_E_INVALID_ARG,
                            "IEC 62660 field %d is not a text field", (int)field);
    if (!liion__xtext_ok(text, &n))
        return liion__error(r->ctx, LIION_E_INVALID_ARG,
                            "IEC 62660 field %s: text must be 1 to 1024 bytes of UTF-8 without "
                            "control characters", TEXT_KEY[field]);
    c = liion__strndup(r->ctx, text, n);
    if (!c)
        return LIION_E_NOMEM;
    liion__free(r->ctx, r->text[field], r->tlen[field] + 1);
    r->text[field] = c;
    r->tlen[field] = n;
    r->set[field] = true;
    return LIION_OK;
}

LIION_API liion_status liion_iec62660_set_number(liion_iec62660 *r, liion_iec62660_field field,
                                                 double value)
{
    liion_status st = enter(r);
    if (st)
        return st;
    if ((int)field < (int)FIRST_NUM || (int)field >= NF)
        return liion__error(r->ctx, LIION_E_INVALID_ARG,
                            "IEC 62660 field %d is not a number field", (int)field);
    if (!isfinite(value))
        return liion__error(r->ctx, LIION_E_RANGE, "IEC 62660 field %s is not finite",
                            TEXT_KEY[field]);
    r->num[field] = value;
    r->set[field] = true;
    return LIION_OK;
}

static bool name_ok(const char *s)
{
    size_t n;
    if (!liion__xtext_ok(s, &n) || n > 64)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] == ' ')
            return false;
    return true;
}

LIION_API liion_status liion_iec62660_add_value(liion_iec62660 *r, uint32_t result,
                                                const char *name, double value,
                                                const char *unit)
{
    ivalue *v;
    liion_status st = enter(r);
    if (st)
        return st;
    if (result > 1 || !name_ok(name) || !name_ok(unit))
        return liion__error(r->ctx, LIION_E_INVALID_ARG,
                            "IEC 62660 value: kind must be 0 or 1, name and unit 1 to 64 "
                            "printable bytes without spaces");
    if (!isfinite(value))
        return liion__error(r->ctx, LIION_E_RANGE, "IEC 62660 value %s is not finite", name);
    for (size_t i = 0; i < r->n_vals; i++)
        if (r->vals[i].result == result && strcmp(r->vals[i].name, name) == 0)
            return liion__error(r->ctx, LIION_E_INVALID_ARG, "IEC 62660 %s %s is already set",
                                result ? "result" : "condition", name);
    if (r->n_vals == r->vals_cap) {
        size_t nc = r->vals_cap ? r->vals_cap * 2 : 8;
        ivalue *nv = liion__realloc(r->ctx, r->vals, r->vals_cap * sizeof *nv, nc * sizeof *nv);
        if (!nv)
            return LIION_E_NOMEM;
        r->vals = nv;
        r->vals_cap = nc;
    }
    v = &r->vals[r->n_vals];
    v->name = liion__strndup(r->ctx, name, strlen(name));
    v->unit = v->name ? liion__strndup(r->ctx, unit, strlen(unit)) : NULL;
    if (!v->unit) {
        if (v->name)
            liion__free(r->ctx, v->name, strlen(name) + 1);
        return LIION_E_NOMEM;
    }
    v->v = value;
    v->result = result;
    r->n_vals++;
    return LIION_OK;
}

LIION_API liion_status liion_iec62660_set_outcome(liion_iec62660 *r,
                                                  liion_iec62660_outcome outcome)
{
    liion_status st = enter(r);
    if (st)
        return st;
    if ((int)outcome < 1 || (int)outcome > 7)
        return liion__error(r->ctx, LIION_E_INVALID_ARG, "unknown IEC 62660-2 outcome %d",
                            (int)outcome);
    if (r->part == 1)
        return liion__error(r->ctx, LIION_E_STATE,
                            "outcome: IEC 62660-1 performance tests have no outcome class");
    r->outcome = (int)outcome;
    return LIION_OK;
}

LIION_API liion_status liion_iec62660_set_verdict(liion_iec62660 *r, uint32_t pass)
{
    liion_status st = enter(r);
    if (st)
        return st;
    if (pass > 1)
        return liion__error(r->ctx, LIION_E_INVALID_ARG, "verdict must be 1 (pass) or 0 (fail)");
    if (r->part != 3)
        return liion__error(r->ctx, LIION_E_STATE,
                            "verdict: IEC 62660-%d has no pass/fail (only Part 3 has acceptance "
                            "criteria)", r->part);
    r->verdict = pass ? 1 : 2;
    return LIION_OK;
}

static int val_cmp(const void *a, const void *b)
{
    return strcmp(((const ivalue *)a)->name, ((const ivalue *)b)->name);
}

LIION_API liion_status liion_iec62660_build(liion_export_doc **out, liion_iec62660 *r)
{
    static const liion_iec62660_field REQ[] = {
        LIION_IEC_CELL_ID, LIION_IEC_CELL_MODEL, LIION_IEC_EDITION, LIION_IEC_CLAUSE,
        LIION_IEC_TEST_ITEM, LIION_IEC_RATED_CAPACITY_AH, LIION_IEC_NOMINAL_V,
        LIION_IEC_LAB_NAME, LIION_IEC_REPORT_ID, LIION_IEC_SAMPLE_NO, LIION_IEC_TEST_START,
        LIION_IEC_TEST_END,
    };
    static const char *OUTCOME[8] = { "", "no_effect", "passive_protection", "leakage",
                                      "venting", "fire", "rupture", "explosion" };
    static const char *GROUP[NF] = {
        NULL, "identity", "identity", "identity", "identity", "identity", "standard", "standard",
        "laboratory", "laboratory", "laboratory", "laboratory", "laboratory", "laboratory",
        "laboratory", "laboratory", NULL, NULL, "rated", "rated", "rated", "rated", "rated",
        "rated", "rated", "rated",
    };
    liion_export_doc *d;
    liion__xn *root, *grp[4], *cond, *res;
    const char *withdrawn = NULL;
    bool known = false;
    char std[32];
    liion_status st = enter(r);
    if (out)
        *out = NULL;
    if (st)
        return st;
    if (!out)
        return liion__error(r->ctx, LIION_E_INVALID_ARG, "NULL out");
    for (size_t i = 0; i < sizeof REQ / sizeof REQ[0]; i++)
        if (!r->set[REQ[i]])
            return liion__error(r->ctx, LIION_E_INVALID_ARG, "%s is missing", TEXT_KEY[REQ[i]]);
    for (size_t i = 0; i < sizeof EDITIONS / sizeof EDITIONS[0]; i++)
        if (EDITIONS[i].part == r->part && EDITIONS[i].year == r->num[LIION_IEC_EDITION]) {
            known = true;
            withdrawn = EDITIONS[i].withdrawn;
        }
    if (!known)
        return liion__error(r->ctx, LIION_E_UNSUPPORTED,
                            "edition: IEC 62660-%d has no edition %g", r->part,
                            r->num[LIION_IEC_EDITION]);
    if (!liion__date_ok(r->text[LIION_IEC_TEST_START], r->tlen[LIION_IEC_TEST_START]) ||
        !liion__date_ok(r->text[LIION_IEC_TEST_END], r->tlen[LIION_IEC_TEST_END]))
        return liion__error(r->ctx, LIION_E_INVALID_ARG,
                            "test_date_start / test_date_end must be YYYY-MM-DD dates");
    if (strcmp(r->text[LIION_IEC_TEST_END], r->text[LIION_IEC_TEST_START]) < 0)
        return liion__error(r->ctx, LIION_E_STATE, "test_date_end is before test_date_start");
    if (withdrawn && strcmp(r->text[LIION_IEC_TEST_START], withdrawn) >= 0)
        return liion__error(r->ctx, LIION_E_STATE,
                            "edition: IEC 62660-%d:%g was withdrawn on %s, before this test "
                            "(%s)", r->part, r->num[LIION_IEC_EDITION], withdrawn,
                            r->text[LIION_IEC_TEST_START]);
    if (r->set[LIION_IEC_T_MIN_C] && r->set[LIION_IEC_T_MAX_C] &&
        r->num[LIION_IEC_T_MIN_C] > r->num[LIION_IEC_T_MAX_C])
        return liion__error(r->ctx, LIION_E_STATE,
                            "rated: operating temperature minimum above the maximum");
    if (r->set[LIION_IEC_V_MIN] && r->set[LIION_IEC_V_MAX] &&
        r->num[LIION_IEC_V_MIN] > r->num[LIION_IEC_V_MAX])
        return liion__error(r->ctx, LIION_E_STATE, "rated: voltage minimum above the maximum");
    if (r->part == 1) {
        bool any = false;
        for (size_t i = 0; i < r->n_vals; i++)
            any = any || r->vals[i].result;
        if (!any)
            return liion__error(r->ctx, LIION_E_INVALID_ARG,
                                "results: an IEC 62660-1 record needs at least one result");
        if (r->set[LIION_IEC_CRITERION])
            return liion__error(r->ctx, LIION_E_STATE,
                                "criterion: IEC 62660-1 has no acceptance criteria");
    } else if (r->part == 2) {
        if (!r->outcome)
            return liion__error(r->ctx, LIION_E_INVALID_ARG,
                                "outcome: the IEC 62660-2 outcome class is missing");
        if (r->set[LIION_IEC_CRITERION])
            return liion__error(r->ctx, LIION_E_STATE,
                                "criterion: IEC 62660-2 classifies outcomes, it has no "
                                "acceptance criteria");
    } else {
        if (!r->verdict)
            return liion__error(r->ctx, LIION_E_INVALID_ARG,
                                "verdict: the IEC 62660-3 pass/fail verdict is missing");
        if (!r->set[LIION_IEC_CRITERION])
            return liion__error(r->ctx, LIION_E_INVALID_ARG,
                                "criterion: the IEC 62660-3 acceptance criterion is missing");
        if (r->verdict == 1 && (r->outcome == LIION_IEC_FIRE || r->outcome == LIION_IEC_EXPLOSION ||
                                r->outcome == LIION_IEC_RUPTURE))
            return liion__error(r->ctx, LIION_E_STATE,
                                "verdict: a pass with the outcome '%s'", OUTCOME[r->outcome]);
    }
    if ((st = liion__xdoc_new(&d, r->ctx)))
        return st;
    root = d->root = liion__xn_map(d, NULL, NULL);
    liion__xn_text(d, root, "document", "iec62660-test-record");
    liion__xn_uint(d, root, "schema_version", 1);
    grp[0] = liion__xn_map(d, root, "identity");
    grp[1] = liion__xn_map(d, root, "standard");
    grp[2] = liion__xn_map(d, root, "laboratory");
    grp[3] = liion__xn_map(d, root, "rated");
    snprintf(std, sizeof std, "IEC 62660-%d", r->part);
    liion__xn_text(d, grp[1], "standard", std);
    liion__xn_uint(d, grp[1], "part", (uint64_t)r->part);
    liion__xn_uint(d, grp[1], "edition", (uint64_t)r->num[LIION_IEC_EDITION]);
    for (int f = 1; f < NF; f++) {
        liion__xn *g;
        if (!r->set[f] || !GROUP[f])
            continue;
        g = grp[strcmp(GROUP[f], "identity") == 0   ? 0
                : strcmp(GROUP[f], "standard") == 0 ? 1
                : strcmp(GROUP[f], "laboratory") == 0 ? 2
                                                      : 3];
        if (f < (int)FIRST_NUM)
            liion__xn_textn(d, g, f == LIION_IEC_LAB_NAME ? "lab_name" : TEXT_KEY[f], r->text[f],
                            r->tlen[f]);
        else
            liion__xn_num(d, g, TEXT_KEY[f], r->num[f]);
    }
    qsort(r->vals, r->n_vals, sizeof *r->vals, val_cmp);
    cond = liion__xn_array(d, root, "conditions");
    res = liion__xn_array(d, root, "results");
    for (size_t i = 0; i < r->n_vals; i++) {
        liion__xn *x = liion__xn_map(d, r->vals[i].result ? res : cond, NULL);
        liion__xn_text(d, x, "name", r->vals[i].name);
        liion__xn_num(d, x, "value", r->vals[i].v);
        liion__xn_text(d, x, "unit", r->vals[i].unit);
    }
    if (r->outcome)
        liion__xn_text(d, root, "outcome", OUTCOME[r->outcome]);
    if (r->part == 3) {
        liion__xn_text(d, root, "verdict", r->verdict == 1 ? "pass" : "fail");
        liion__xn_textn(d, root, "criterion", r->text[LIION_IEC_CRITERION],
                        r->tlen[LIION_IEC_CRITERION]);
    }
    if ((st = liion__xdoc_seal(d))) {
        liion_export_doc_free(d);
        return st;
    }
    *out = d;
    return LIION_OK;
}
