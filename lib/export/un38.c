/*
 * UN 38.3 test summary (38.3.5 elements (a)-(j)): builder, edition-dependent validation and
 * the document. The edition-dependent values are data (SETPOINTS below), never branches
 * scattered through the checks.
 */
#include "export/xdoc.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define LIION__MAGIC_UN38 0x756e3338u /* "un38" */
#define NF 32
#define NT 9 /* tests 1..8 */
#define NP 7 /* params 1..6 */

enum { FT_NONE, FT_TEXT, FT_NUM, FT_INT };

static const unsigned char FTYPE[NF] = {
    FT_NONE,
    FT_TEXT, FT_TEXT, FT_TEXT, FT_TEXT, FT_TEXT,       /* 1-5 manufacturer */
    FT_TEXT, FT_TEXT, FT_TEXT, FT_TEXT, FT_TEXT,       /* 6-10 lab */
    FT_TEXT, FT_TEXT,                                  /* 11 report id, 12 date */
    FT_INT, FT_NUM, FT_NUM, FT_NUM,                    /* 13 chem, 14 mass, 15 Wh, 16 Li g */
    FT_TEXT, FT_TEXT,                                  /* 17 description, 18 model */
    FT_INT, FT_INT, FT_NUM, FT_INT, FT_INT, FT_INT,    /* 19 item .. 24 overcharge */
    FT_INT, FT_INT,                                    /* 25 revision, 26 amendment */
    FT_TEXT, FT_TEXT, FT_TEXT,                         /* 27-29 (j) */
    FT_NUM, FT_NUM,                                    /* 30, 31 rated values */
};

struct liion_un38 {
    uint32_t magic;
    liion_ctx *ctx;
    char *text[NF];
    size_t tlen[NF];
    double num[NF];
    int64_t ival[NF];
    bool set[NF];
    int result[NT];
    double param[NT][NP];
    bool pset[NT][NP];
};

/* ---- edition data ---------------------------------------------------------------------- */

/* Setpoints by edition: from (revision, amendment) on, until the next row of the same id. */
static const struct {
    int id;
    int from; /* revision * 10 + amendment */
    double nominal, tol;
} SETPOINTS[] = {
    { LIION_UN38_SP_T2_HIGH_C, 50, 75.0, 2.0 },
    { LIION_UN38_SP_T2_HIGH_C, 51, 72.0, 2.0 },
    { LIION_UN38_SP_T5_CASE_C, 50, 55.0, 2.0 },
    { LIION_UN38_SP_T5_CASE_C, 51, 57.0, 4.0 },
};

#define ED_MIN 50
#define ED_MAX 81
#define ED_SUMMARY 61    /* 38.3.5 test summary from Rev.6 Amend.1 */
#define ED_RESPONSIBLE 71 /* (j) responsible person, 38.3.3(g) overcharge rules */
#define ED_SODIUM 80     /* sodium ion from Rev.8 */

static bool edition_known(int64_t rev, int64_t am)
{
    return rev >= 5 && rev <= 8 && (am == 0 || am == 1);
}

static const char *edition_str(char *b, size_t cap, int ed)
{
    if (ed % 10)
        snprintf(b, cap, "Rev.%d Amend.%d", ed / 10, ed % 10);
    else
        snprintf(b, cap, "Rev.%d", ed / 10);
    return b;
}

static bool setpoint(int ed, int id, double *nom, double *tol)
{
    bool found = false;
    for (size_t i = 0; i < sizeof SETPOINTS / sizeof SETPOINTS[0]; i++)
        if (SETPOINTS[i].id == id && SETPOINTS[i].from <= ed) {
            *nom = SETPOINTS[i].nominal;
            *tol = SETPOINTS[i].tol;
            found = true;
        }
    return found;
}

LIION_API liion_status liion_un38_setpoint(double *nominal_out, double *tol_out,
                                           uint32_t revision, uint32_t amendment,
                                           liion_un38_setpoint_id id)
{
    double n, t;
    if (!nominal_out || !tol_out)
        return LIION_E_INVALID_ARG;
    if (!edition_known(revision, amendment) ||
        !setpoint((int)(revision * 10 + amendment), (int)id, &n, &t))
        return LIION_E_UNSUPPORTED;
    *nominal_out = n;
    *tol_out = t;
    return LIION_OK;
}

LIION_API double liion_un38_mass_loss_limit_pct(double mass_g)
{
    if (!isfinite(mass_g) || mass_g <= 0)
        return NAN;
    if (mass_g < 1.0)
        return 0.5;
    if (mass_g <= 75.0)
        return 0.2;
    return 0.1;
}

/* ---- builder --------------------------------------------------------------------------- */

static liion_status enter(liion_un38 *s)
{
    if (!s)
        return LIION_E_INVALID_ARG;
    if (s->magic != LIION__MAGIC_UN38)
        return LIION_E_MISUSE;
    return liion__ctx_enter(s->ctx);
}

LIION_API liion_status liion_un38_new(liion_un38 **out, liion_ctx *ctx)
{
    liion_un38 *s;
    liion_status st = liion__ctx_enter(ctx);
    if (out)
        *out = NULL;
    if (st)
        return st;
    if (!out)
        return liion__error(ctx, LIION_E_INVALID_ARG, "NULL out");
    s = liion__calloc(ctx, 1, sizeof *s);
    if (!s)
        return LIION_E_NOMEM;
    s->magic = LIION__MAGIC_UN38;
    s->ctx = ctx;
    *out = s;
    return LIION_OK;
}

LIION_API void liion_un38_free(liion_un38 *s)
{
    if (!s || s->magic != LIION__MAGIC_UN38)
        return;
    for (int i = 0; i < NF; i++)
        liion__free(s->ctx, s->text[i], s->tlen[i] + 1);
    s->magic = LIION__MAGIC_DEAD;
    liion__free(s->ctx, s, sizeof *s);
}

static liion_status field_check(liion_un38 *s, liion_un38_field field, int type)
{
    if ((int)field <= 0 || (int)field >= NF || FTYPE[field] != type)
        return liion__error(s->ctx, LIION_E_INVALID_ARG, "UN 38.3 field %d is not a %s field",
                            (int)field,
                            type == FT_TEXT ? "text" : type == FT_NUM ? "number" : "int");
    return LIION_OK;
}

LIION_API liion_status liion_un38_set_text(liion_un38 *s, liion_un38_field field,
                                           const char *text)
{
    size_t n;
    char *c;
    liion_status st = enter(s);
    if (st || (st = field_check(s, field, FT_TEXT)))
        return st;
    if (!liion__xtext_ok(text, &n))
        return liion__error(s->ctx, LIION_E_INVALID_ARG,
                            "UN 38.3 field %d: text must be 1 to 1024 bytes of UTF-8 without "
                            "control characters", (int)field);
    c = liion__strndup(s->ctx, text, n);
    if (!c)
        return LIION_E_NOMEM;
    liion__free(s->ctx, s->text[field], s->tlen[field] + 1);
    s->text[field] = c;
    s->tlen[field] = n;
    s->set[field] = true;
    return LIION_OK;
}

LIION_API liion_status liion_un38_set_number(liion_un38 *s, liion_un38_field field,
                                             double value)
{
    liion_status st = enter(s);
    if (st || (st = field_check(s, field, FT_NUM)))
        return st;
    if (!isfinite(value))
        return liion__error(s->ctx, LIION_E_RANGE, "UN 38.3 field %d: value is not finite",
                            (int)field);
    s->num[field] = value;
    s->set[field] = true;
    return LIION_OK;
}

LIION_API liion_status liion_un38_set_int(liion_un38 *s, liion_un38_field field, int64_t value)
{
    int64_t lo = 0, hi = 1;
    liion_status st = enter(s);
    if (st || (st = field_check(s, field, FT_INT)))
        return st;
    switch (field) {
    case LIION_UN38_CHEMISTRY: lo = 1; hi = 3; break;
    case LIION_UN38_ITEM: lo = 1; hi = 4; break;
    case LIION_UN38_FORMAT: lo = 1; hi = 4; break;
    case LIION_UN38_ASSEMBLED_REF: lo = 1; hi = 2; break;
    case LIION_UN38_REVISION: lo = 5; hi = 8; break;
    default: break;
    }
    if (value < lo || value > hi)
        return liion__error(s->ctx, LIION_E_RANGE,
                            "UN 38.3 field %d: value %lld outside %lld..%lld", (int)field,
                            (long long)value, (long long)lo, (long long)hi);
    s->ival[field] = value;
    s->set[field] = true;
    return LIION_OK;
}

LIION_API liion_status liion_un38_set_test(liion_un38 *s, liion_un38_test test,
                                           liion_un38_result result)
{
    liion_status st = enter(s);
    if (st)
        return st;
    if ((int)test < 1 || (int)test > 8)
        return liion__error(s->ctx, LIION_E_INVALID_ARG, "unknown UN 38.3 test %d", (int)test);
    if (result != LIION_UN38_PASS && result != LIION_UN38_FAIL)
        return liion__error(s->ctx, LIION_E_INVALID_ARG, "unknown test result %d", (int)result);
    s->result[test] = (int)result;
    return LIION_OK;
}

LIION_API liion_status liion_un38_set_test_param(liion_un38 *s, liion_un38_test test,
                                                 liion_un38_param param, double value)
{
    bool ok;
    liion_status st = enter(s);
    if (st)
        return st;
    if ((int)test < 1 || (int)test > 8 || (int)param < 1 || (int)param >= NP)
        return liion__error(s->ctx, LIION_E_INVALID_ARG, "unknown UN 38.3 test %d or parameter %d",
                            (int)test, (int)param);
    switch (param) {
    case LIION_UN38_P_MASS_LOSS_PCT:
    case LIION_UN38_P_OCV_RETENTION_PCT: ok = test <= LIION_UN38_T4; break;
    case LIION_UN38_P_MAX_EXT_TEMP_C: ok = test == LIION_UN38_T5 || test == LIION_UN38_T6; break;
    case LIION_UN38_P_SETPOINT_C:
    case LIION_UN38_P_TOLERANCE_C: ok = test == LIION_UN38_T2 || test == LIION_UN38_T5; break;
    case LIION_UN38_P_T6_METHOD: ok = test == LIION_UN38_T6 && (value == 1.0 || value == 2.0); break;
    default: ok = false; break;
    }
    if (!ok)
        return liion__error(s->ctx, LIION_E_INVALID_ARG,
                            "parameter %d does not belong to test T.%d (or bad method)",
                            (int)param, (int)test);
    if (!isfinite(value))
        return liion__error(s->ctx, LIION_E_RANGE, "T.%d parameter %d is not finite", (int)test,
                            (int)param);
    s->param[test][param] = value;
    s->pset[test][param] = true;
    return LIION_OK;
}

/* ---- validation -------------------------------------------------------------------------- */

#define MISSING(...) liion__error(s->ctx, LIION_E_INVALID_ARG, __VA_ARGS__)
#define CONTRA(...) liion__error(s->ctx, LIION_E_STATE, __VA_ARGS__)

bool liion__date_ok(const char *d, size_t n)
{
    static const int mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int y, m, dd;
    if (n != 10 || d[4] != '-' || d[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (d[i] < '0' || d[i] > '9'))
            return false;
    y = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
    m = (d[5] - '0') * 10 + (d[6] - '0');
    dd = (d[8] - '0') * 10 + (d[9] - '0');
    if (y < 1990 || m < 1 || m > 12 || dd < 1 || dd > mdays[m - 1])
        return false;
    if (m == 2 && dd == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return false;
    return true;
}

static liion_status check_contact(liion_un38 *s, int base, const char *el, const char *who)
{
    static const char *what[5] = { "name", "address", "phone number", "e-mail", "website" };
    for (int i = 0; i < 5; i++)
        if (!s->set[base + i])
            return MISSING("(%s) %s %s is missing", el, who, what[i]);
    if (!strchr(s->text[base + 3], '@'))
        return MISSING("(%s) %s e-mail '%s' has no '@'", el, who, s->text[base + 3]);
    return LIION_OK;
}

static const char *TESTNAME[NT] = { "", "T.1", "T.2", "T.3", "T.4", "T.5", "T.6", "T.7", "T.8" };

/* Which tests (g) needs: bit t set = required. */
static unsigned required_tests(const liion_un38 *s, int item, bool rech)
{
    switch (item) {
    case LIION_UN38_CELL: return 0x17eu; /* T.1-T.6, T.8 */
    case LIION_UN38_SINGLE_CELL_BATTERY:
    case LIION_UN38_BATTERY: return 0x3eu | (rech ? 0x80u : 0u);
    case LIION_UN38_ASSEMBLED_BATTERY:
        if (s->set[LIION_UN38_ASSEMBLED_REF] &&
            s->ival[LIION_UN38_ASSEMBLED_REF] == LIION_UN38_ASSEMBLED_G)
            return 0;
        return 0x38u | (rech ? 0x80u : 0u); /* T.3, T.4, T.5 (+T.7) */
    default: return 0;
    }
}

static liion_status validate(liion_un38 *s, int *ed_out, int *t6_method)
{
    char eb[32], eb2[32];
    int ed, item, chem;
    bool rech = false;
    double mass;
    liion_status st;
    /* (i) first: the other checks depend on the edition */
    if (!s->set[LIION_UN38_REVISION])
        return MISSING("(i) revision of the Manual of Tests and Criteria is missing");
    if (!s->set[LIION_UN38_AMENDMENT])
        return MISSING("(i) amendment of the Manual (0 or 1) is missing");
    ed = (int)(s->ival[LIION_UN38_REVISION] * 10 + s->ival[LIION_UN38_AMENDMENT]);
    if (ed < ED_SUMMARY)
        return liion__error(s->ctx, LIION_E_UNSUPPORTED,
                            "(i) %s has no 38.3.5 test summary (required from Rev.6 Amend.1)",
                            edition_str(eb, sizeof eb, ed));
    if (ed > ED_MAX)
        return liion__error(s->ctx, LIION_E_UNSUPPORTED, "(i) %s is not known to this library",
                            edition_str(eb, sizeof eb, ed));
    *ed_out = ed;
    if (!s->set[LIION_UN38_MANUFACTURER])
        return MISSING("(a) manufacturer name is missing");
    if ((st = check_contact(s, LIION_UN38_MANUFACTURER, "b", "manufacturer")))
        return st;
    if ((st = check_contact(s, LIION_UN38_LAB_NAME, "c", "test laboratory")))
        return st;
    if (!s->set[LIION_UN38_REPORT_ID])
        return MISSING("(d) test report ID is missing");
    if (!s->set[LIION_UN38_REPORT_DATE])
        return MISSING("(e) test report date is missing");
    if (!liion__date_ok(s->text[LIION_UN38_REPORT_DATE], s->tlen[LIION_UN38_REPORT_DATE]))
        return MISSING("(e) test report date '%s' is not a valid YYYY-MM-DD date",
                       s->text[LIION_UN38_REPORT_DATE]);
    /* (f) */
    if (!s->set[LIION_UN38_CHEMISTRY])
        return MISSING("(f)(i) chemistry (lithium ion, lithium metal, sodium ion) is missing");
    chem = (int)s->ival[LIION_UN38_CHEMISTRY];
    if (chem == LIION_UN38_NA_ION && ed < ED_SODIUM)
        return CONTRA("(f)(i) sodium ion is covered from Rev.8 on, but the summary cites %s",
                      edition_str(eb, sizeof eb, ed));
    if (!s->set[LIION_UN38_MASS_G])
        return MISSING("(f)(ii) mass is missing");
    mass = s->num[LIION_UN38_MASS_G];
    if (mass <= 0)
        return MISSING("(f)(ii) mass %g g is not positive", mass);
    if (chem == LIION_UN38_LI_METAL) {
        if (!s->set[LIION_UN38_LITHIUM_G])
            return MISSING("(f)(iii) lithium content is missing (lithium metal)");
        if (s->set[LIION_UN38_WATT_HOURS])
            return CONTRA("(f)(iii) watt-hour rating given for lithium metal: give its "
                          "lithium content");
        if (s->num[LIION_UN38_LITHIUM_G] <= 0)
            return MISSING("(f)(iii) lithium content is not positive");
    } else {
        if (!s->set[LIION_UN38_WATT_HOURS])
            return MISSING("(f)(iii) watt-hour rating is missing");
        if (s->set[LIION_UN38_LITHIUM_G])
            return CONTRA("(f)(iii) lithium content given for a %s chemistry: give its "
                          "watt-hour rating", chem == LIION_UN38_NA_ION ? "sodium-ion" : "lithium-ion");
        if (s->num[LIION_UN38_WATT_HOURS] <= 0)
            return MISSING("(f)(iii) watt-hour rating is not positive");
    }
    if (!s->set[LIION_UN38_DESCRIPTION])
        return MISSING("(f)(iv) physical description is missing");
    if (!s->set[LIION_UN38_ITEM])
        return MISSING("(f)(iv) item (cell, single-cell battery, battery, assembled battery) "
                       "is missing");
    item = (int)s->ival[LIION_UN38_ITEM];
    if (!s->set[LIION_UN38_MODEL])
        return MISSING("(f)(v) model number is missing");
    if (s->set[LIION_UN38_FORMAT] && s->ival[LIION_UN38_FORMAT] == LIION_UN38_CYLINDRICAL &&
        !s->set[LIION_UN38_DIAMETER_MM])
        return MISSING("(f)(iv) diameter of the cylindrical cell is missing (T.6 impact or "
                       "crush depends on it)");
    if (s->set[LIION_UN38_DIAMETER_MM] &&
        (!s->set[LIION_UN38_FORMAT] || s->ival[LIION_UN38_FORMAT] != LIION_UN38_CYLINDRICAL))
        return CONTRA("(f)(iv) a diameter is given but the format is not cylindrical");
    if (item != LIION_UN38_CELL) {
        if (!s->set[LIION_UN38_RECHARGEABLE])
            return MISSING("(f) rechargeable or primary is not given (T.7 depends on it)");
        rech = s->ival[LIION_UN38_RECHARGEABLE] == 1;
    } else {
        rech = s->set[LIION_UN38_RECHARGEABLE] && s->ival[LIION_UN38_RECHARGEABLE] == 1;
    }
    /* (g) */
    {
        unsigned req = required_tests(s, item, rech);
        *t6_method = 0;
        for (int t = 1; t <= 8; t++) {
            if ((req >> t) & 1u && !s->result[t])
                return MISSING("(g) %s result is missing", TESTNAME[t]);
        }
        if (s->result[7] && item == LIION_UN38_CELL)
            return CONTRA("(g) T.7: applies to rechargeable batteries, not to cells");
        if (s->result[7] && !rech)
            return CONTRA("(g) T.7: applies to rechargeable batteries, and this one is primary");
        if (s->result[6] || item == LIION_UN38_CELL) {
            int want;
            if (!s->set[LIION_UN38_FORMAT])
                return MISSING("(f)(iv) cell format is missing (T.6 impact or crush depends on "
                               "it)");
            want = (s->ival[LIION_UN38_FORMAT] == LIION_UN38_CYLINDRICAL &&
                    s->num[LIION_UN38_DIAMETER_MM] >= 18.0)
                       ? 1
                       : 2;
            if (s->pset[6][LIION_UN38_P_T6_METHOD] &&
                (int)s->param[6][LIION_UN38_P_T6_METHOD] != want) {
                if (want == 1)
                    return CONTRA("(g) T.6: impact applies to a cylindrical cell of diameter "
                                  "%g mm (>= 18.0 mm), not crush",
                                  s->num[LIION_UN38_DIAMETER_MM]);
                return CONTRA("(g) T.6: crush applies to this cell (%s), not impact",
                              s->ival[LIION_UN38_FORMAT] == LIION_UN38_CYLINDRICAL
                                  ? "cylindrical below 18.0 mm"
                                  : "prismatic, pouch or coin");
            }
            *t6_method = want;
        }
        for (int t = 1; t <= 8; t++) {
            double nom, tol;
            if (!s->result[t]) {
                for (int p = 1; p < NP; p++)
                    if (s->pset[t][p])
                        return CONTRA("(g) %s: a parameter is given but the test has no result",
                                      TESTNAME[t]);
                continue;
            }
            if (s->result[t] == LIION_UN38_PASS) {
                double lim = liion_un38_mass_loss_limit_pct(mass);
                if (s->pset[t][LIION_UN38_P_MASS_LOSS_PCT] &&
                    s->param[t][LIION_UN38_P_MASS_LOSS_PCT] > lim)
                    return CONTRA("(g) %s: pass with mass loss %g %% above the %g %% limit for "
                                  "%g g", TESTNAME[t], s->param[t][LIION_UN38_P_MASS_LOSS_PCT],
                                  lim, mass);
                if (s->pset[t][LIION_UN38_P_OCV_RETENTION_PCT] &&
                    s->param[t][LIION_UN38_P_OCV_RETENTION_PCT] < 90.0)
                    return CONTRA("(g) %s: pass with open-circuit voltage at %g %% (< 90 %%)",
                                  TESTNAME[t], s->param[t][LIION_UN38_P_OCV_RETENTION_PCT]);
                if (s->pset[t][LIION_UN38_P_MAX_EXT_TEMP_C] &&
                    s->param[t][LIION_UN38_P_MAX_EXT_TEMP_C] > 170.0)
                    return CONTRA("(g) %s: pass with external temperature %g C (> 170 C)",
                                  TESTNAME[t], s->param[t][LIION_UN38_P_MAX_EXT_TEMP_C]);
            }
            if ((t == 2 || t == 5) &&
                setpoint(ed, t == 2 ? LIION_UN38_SP_T2_HIGH_C : LIION_UN38_SP_T5_CASE_C, &nom,
                         &tol)) {
                if (s->pset[t][LIION_UN38_P_SETPOINT_C] &&
                    s->param[t][LIION_UN38_P_SETPOINT_C] != nom)
                    return CONTRA("(g) %s: setpoint %g C is not the %s value %g +- %g C",
                                  TESTNAME[t], s->param[t][LIION_UN38_P_SETPOINT_C],
                                  edition_str(eb, sizeof eb, ed), nom, tol);
                if (s->pset[t][LIION_UN38_P_TOLERANCE_C] &&
                    s->param[t][LIION_UN38_P_TOLERANCE_C] != tol)
                    return CONTRA("(g) %s: tolerance +- %g C is not the %s value +- %g C",
                                  TESTNAME[t], s->param[t][LIION_UN38_P_TOLERANCE_C],
                                  edition_str(eb2, sizeof eb2, ed), tol);
            }
        }
    }
    /* (h) */
    if (item == LIION_UN38_ASSEMBLED_BATTERY) {
        if (!s->set[LIION_UN38_ASSEMBLED_REF])
            return MISSING("(h) an assembled battery needs the 38.3.3(f) or 38.3.3(g) reference");
        if (s->ival[LIION_UN38_ASSEMBLED_REF] == LIION_UN38_ASSEMBLED_F) {
            if (chem != LIION_UN38_LI_METAL && s->num[LIION_UN38_WATT_HOURS] > 6200.0)
                return CONTRA("(h) 38.3.3(f) covers assemblies up to 6200 Wh, this one has %g Wh",
                              s->num[LIION_UN38_WATT_HOURS]);
            if (chem == LIION_UN38_LI_METAL && s->num[LIION_UN38_LITHIUM_G] > 500.0)
                return CONTRA("(h) 38.3.3(f) covers assemblies up to 500 g lithium, this one "
                              "has %g g", s->num[LIION_UN38_LITHIUM_G]);
        } else if (ed >= ED_RESPONSIBLE && (!s->set[LIION_UN38_OVERCHARGE_VERIFIED] ||
                                            s->ival[LIION_UN38_OVERCHARGE_VERIFIED] != 1)) {
            return MISSING("(h) 38.3.3(g) under %s: the overcharge protection must be verified",
                           edition_str(eb, sizeof eb, ed));
        }
    } else if (s->set[LIION_UN38_ASSEMBLED_REF]) {
        return CONTRA("(h) 38.3.3(f)/(g) reference given, but the item is not an assembled "
                      "battery");
    }
    /* (j) */
    if (!s->set[LIION_UN38_SIGNATORY_NAME])
        return MISSING(ed >= ED_RESPONSIBLE ? "(j) name of the responsible person is missing"
                                            : "(j) name of the signatory is missing");
    if (!s->set[LIION_UN38_SIGNATORY_TITLE])
        return MISSING(ed >= ED_RESPONSIBLE ? "(j) title of the responsible person is missing"
                                            : "(j) title of the signatory is missing");
    if (ed < ED_RESPONSIBLE && !s->set[LIION_UN38_SIGNATURE])
        return MISSING("(j) %s requires a signature (name and title alone suffice from Rev.7 "
                       "Amend.1)", edition_str(eb, sizeof eb, ed));
    return LIION_OK;
}

/* ---- document ---------------------------------------------------------------------------- */

static void contact(liion_export_doc *d, liion__xn *root, const liion_un38 *s, int base,
                    const char *key)
{
    static const char *k[5] = { "name", "address", "phone", "email", "website" };
    liion__xn *m = liion__xn_map(d, root, key);
    for (int i = 0; i < 5; i++)
        liion__xn_textn(d, m, k[i], s->text[base + i], s->tlen[base + i]);
}

LIION_API liion_status liion_un38_build(liion_export_doc **out, liion_un38 *s)
{
    static const char *CHEM[4] = { "", "li_ion", "li_metal", "na_ion" };
    static const char *ITEM[5] = { "", "cell", "single_cell_battery", "battery",
                                   "assembled_battery" };
    static const char *FMT[5] = { "", "cylindrical", "prismatic", "pouch", "coin" };
    liion_export_doc *d;
    liion__xn *r, *f, *tests, *m;
    int ed = 0, t6 = 0, item;
    char eb[32];
    double mass;
    liion_status st = enter(s);
    if (out)
        *out = NULL;
    if (st)
        return st;
    if (!out)
        return liion__error(s->ctx, LIION_E_INVALID_ARG, "NULL out");
    st = validate(s, &ed, &t6);
    if (st)
        return st;
    st = liion__xdoc_new(&d, s->ctx);
    if (st)
        return st;
    item = (int)s->ival[LIION_UN38_ITEM];
    mass = s->num[LIION_UN38_MASS_G];
    r = d->root = liion__xn_map(d, NULL, NULL);
    liion__xn_text(d, r, "document", "un38.3-test-summary");
    liion__xn_uint(d, r, "schema_version", 1);
    contact(d, r, s, LIION_UN38_MANUFACTURER, "manufacturer");
    contact(d, r, s, LIION_UN38_LAB_NAME, "test_laboratory");
    liion__xn_textn(d, r, "report_id", s->text[LIION_UN38_REPORT_ID],
                    s->tlen[LIION_UN38_REPORT_ID]);
    liion__xn_textn(d, r, "report_date", s->text[LIION_UN38_REPORT_DATE],
                    s->tlen[LIION_UN38_REPORT_DATE]);
    f = liion__xn_map(d, r, "description");
    liion__xn_text(d, f, "chemistry", CHEM[s->ival[LIION_UN38_CHEMISTRY]]);
    liion__xn_num(d, f, "mass_g", mass);
    if (s->set[LIION_UN38_WATT_HOURS])
        liion__xn_num(d, f, "watt_hour_rating", s->num[LIION_UN38_WATT_HOURS]);
    if (s->set[LIION_UN38_LITHIUM_G])
        liion__xn_num(d, f, "lithium_content_g", s->num[LIION_UN38_LITHIUM_G]);
    liion__xn_textn(d, f, "physical_description", s->text[LIION_UN38_DESCRIPTION],
                    s->tlen[LIION_UN38_DESCRIPTION]);
    liion__xn_textn(d, f, "model_numbers", s->text[LIION_UN38_MODEL], s->tlen[LIION_UN38_MODEL]);
    liion__xn_text(d, f, "item", ITEM[item]);
    liion__xn_text(d, f, "size_class",
                   item == LIION_UN38_CELL ? (mass > 500.0 ? "large" : "small")
                                           : (mass > 12000.0 ? "large" : "small"));
    if (s->set[LIION_UN38_FORMAT])
        liion__xn_text(d, f, "format", FMT[s->ival[LIION_UN38_FORMAT]]);
    if (s->set[LIION_UN38_DIAMETER_MM])
        liion__xn_num(d, f, "diameter_mm", s->num[LIION_UN38_DIAMETER_MM]);
    if (s->set[LIION_UN38_RECHARGEABLE])
        liion__xn_bool(d, f, "rechargeable", s->ival[LIION_UN38_RECHARGEABLE] == 1);
    if (s->set[LIION_UN38_RATED_VOLTAGE_V])
        liion__xn_num(d, f, "rated_voltage_v", s->num[LIION_UN38_RATED_VOLTAGE_V]);
    if (s->set[LIION_UN38_RATED_CAPACITY_AH])
        liion__xn_num(d, f, "rated_capacity_ah", s->num[LIION_UN38_RATED_CAPACITY_AH]);
    tests = liion__xn_array(d, r, "tests");
    for (int t = 1; t <= 8; t++) {
        liion__xn *x;
        double nom, tol;
        if (!s->result[t])
            continue;
        x = liion__xn_map(d, tests, NULL);
        liion__xn_text(d, x, "test", TESTNAME[t]);
        liion__xn_text(d, x, "result", s->result[t] == LIION_UN38_PASS ? "pass" : "fail");
        if (t <= 4)
            liion__xn_num(d, x, "mass_loss_limit_pct", liion_un38_mass_loss_limit_pct(mass));
        if (s->pset[t][LIION_UN38_P_MASS_LOSS_PCT])
            liion__xn_num(d, x, "mass_loss_pct", s->param[t][LIION_UN38_P_MASS_LOSS_PCT]);
        if (s->pset[t][LIION_UN38_P_OCV_RETENTION_PCT])
            liion__xn_num(d, x, "ocv_retention_pct", s->param[t][LIION_UN38_P_OCV_RETENTION_PCT]);
        if (s->pset[t][LIION_UN38_P_MAX_EXT_TEMP_C])
            liion__xn_num(d, x, "max_external_temp_c", s->param[t][LIION_UN38_P_MAX_EXT_TEMP_C]);
        if ((t == 2 || t == 5) &&
            setpoint(ed, t == 2 ? LIION_UN38_SP_T2_HIGH_C : LIION_UN38_SP_T5_CASE_C, &nom, &tol)) {
            liion__xn_num(d, x, "setpoint_c", nom);
            liion__xn_num(d, x, "tolerance_c", tol);
        }
        if (t == 6 && t6)
            liion__xn_text(d, x, "method", t6 == 1 ? "impact" : "crush");
    }
    if (item == LIION_UN38_ASSEMBLED_BATTERY) {
        m = liion__xn_map(d, r, "assembled_battery");
        liion__xn_text(d, m, "reference",
                       s->ival[LIION_UN38_ASSEMBLED_REF] == LIION_UN38_ASSEMBLED_F ? "38.3.3(f)"
                                                                                 : "38.3.3(g)");
        if (s->set[LIION_UN38_OVERCHARGE_VERIFIED])
            liion__xn_bool(d, m, "overcharge_protection_verified",
                           s->ival[LIION_UN38_OVERCHARGE_VERIFIED] == 1);
    }
    m = liion__xn_map(d, r, "manual");
    liion__xn_uint(d, m, "revision", (uint64_t)(ed / 10));
    liion__xn_uint(d, m, "amendment", (uint64_t)(ed % 10));
    liion__xn_text(d, m, "edition", edition_str(eb, sizeof eb, ed));
    m = liion__xn_map(d, r, ed >= ED_RESPONSIBLE ? "responsible_person" : "signatory");
    liion__xn_textn(d, m, "name", s->text[LIION_UN38_SIGNATORY_NAME],
                    s->tlen[LIION_UN38_SIGNATORY_NAME]);
    liion__xn_textn(d, m, "title", s->text[LIION_UN38_SIGNATORY_TITLE],
                    s->tlen[LIION_UN38_SIGNATORY_TITLE]);
    if (s->set[LIION_UN38_SIGNATURE])
        liion__xn_textn(d, m, "signature", s->text[LIION_UN38_SIGNATURE],
                        s->tlen[LIION_UN38_SIGNATURE]);
    st = liion__xdoc_seal(d);
    if (st) {
        liion_export_doc_free(d);
        return st;
    }
    *out = d;
    return LIION_OK;
}
